//! The demo a newcomer gets with `serve --demo` / `seed-demo`: the store's demo
//! data (geography, course structure, students with registrations and results:
//! [`crate::store::Store::seed_demo`]) and one OPI, pushed through the same
//! decoding, mapping and validation as `mettreajourDonneesOpi_v10`: Léa
//! LEFÈVRE's (`OPIDEMO001`, `src/demo_opi.xml`), the OPI the demo student
//! `21000002` came from (`individu.cod_ind_opi` is set to it).

use crate::config::Limits;
use crate::services::opi::{to_domain_v10, MettreajourDonneesOpiV10};
use crate::soap::dto::Dto;
use crate::soap::reader::read_envelope;
use crate::soap::SoapVersion;
use crate::store::dossier::{self, Format};
use crate::store::Store;

type Error = Box<dyn std::error::Error + Send + Sync>;

/// The demo OPI request, as an applicant platform sends it.
const OPI: &str = include_str!("demo_opi.xml");

/// The demo student who came from the demo OPI.
const FROM_OPI: i64 = 1002;

/// Loads the demo data (idempotent: a second run changes nothing).
pub async fn seed(store: &dyn Store) -> Result<(), Error> {
    store.seed_demo().await?;
    let env = read_envelope(OPI, SoapVersion::V11, &Limits::default())?;
    let req = MettreajourDonneesOpiV10::decode(&env.body(), "")?;
    let payload = req.donnees_opi.ok_or("the demo OPI has no _donneesOpi")?;
    let opi = to_domain_v10(payload)?;
    let written = store.upsert_opi(&opi).await?;
    let link = format!(
        "individu:\n  - {{ cod_ind: {FROM_OPI}, cod_ind_opi: {} }}\n",
        written.cod_ind_opi()
    );
    store
        .import_dossier(&dossier::parse(&link, Format::Yaml)?)
        .await?;
    Ok(())
}
