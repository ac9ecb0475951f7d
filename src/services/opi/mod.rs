//! `OpiMetier`: applicant platforms push pre-enrolment records (OPI).
//!
//! Every version still sent by deployed clients (`mettreajourDonneesOpi_v7` to
//! `_v10`) is decoded with its own DTOs ([`dto`]) and mapped ([`mapping`]) onto the
//! one domain type [`Opi`], validated ([`crate::domain::opi::validate`]) and
//! written in one transaction ([`crate::store::Store::upsert_opi`]). The answer is
//! the empty `…Response` wrapper in the request's namespace; success is "no fault".
//!
//! Semantics (see [`Voeux`] and [`Opi`]): upsert keyed by `codOpiIntEpo`; a block
//! sent replaces the stored one, a block not sent (nil or absent) is kept; the
//! wishes sent replace the stored ones, a single empty `item` clears them, no
//! `item` at all keeps them; an identical re-send writes nothing.
//! Once a course structure has been imported (`import-offre`, or the demo data),
//! each wish must name a version d'étape it holds; before that, any étape code of
//! valid shape is accepted.

pub mod dto;
pub mod mapping;

use super::{Ctx, OpFuture, Operation, ServiceDef, ServiceError};
use crate::domain::opi::{validate, AdresseOpi, Opi, OpiBac, OpiDac, OpiThese, Voeu, Voeux};
use crate::domain::record::{parse_ddmmyyyy, split_ine, FieldError};
use crate::soap::dto::Dto;
use crate::soap::Node;
use crate::store::{Store, StoreError};
use dto::*;

pub const NS: &str = "gouv.education.apogee.commun.servicesmetiers.OpiMetier";

/// The element every operation's payload sits in (paths in faults start here).
const ROOT: &str = "_donneesOpi";

crate::dto! { pub struct MettreajourDonneesOpiV7 ("mettreajourDonneesOpi_v7", "") {
    donnees_opi: Option<DonneesOpiDTO7> = "_donneesOpi",
} }
crate::dto! { pub struct MettreajourDonneesOpiV8 ("mettreajourDonneesOpi_v8", "") {
    donnees_opi: Option<DonneesOpiDTO8> = "_donneesOpi",
} }
crate::dto! { pub struct MettreajourDonneesOpiV9 ("mettreajourDonneesOpi_v9", "") {
    donnees_opi: Option<DonneesOpiDTO9> = "_donneesOpi",
} }
crate::dto! { pub struct MettreajourDonneesOpiV10 ("mettreajourDonneesOpi_v10", "") {
    donnees_opi: Option<DonneesOpiDTO10> = "_donneesOpi",
} }
crate::dto! { pub struct EmptyResponse ("response", "") {} }

macro_rules! opi_operation {
    ($name:literal, $handler:ident, $wrapper:ty, $doc:literal) => {
        Operation {
            name: $name,
            response: concat!($name, "Response"),
            input_message: concat!($name, "Request"),
            output_message: concat!($name, "Response"),
            handler: $handler,
            input_xsd: <$wrapper>::xsd_sequence,
            output_xsd: EmptyResponse::xsd_sequence,
            doc: $doc,
        }
    };
}

pub static SERVICE: ServiceDef = ServiceDef {
    port: "OpiMetier",
    namespace: NS,
    accepted_namespaces: &[
        NS,
        "gouv.education.apogee.commun.servicesmetiers.OpiMetier_30042019",
        "gouv.education.apogee.commun.servicesmetiers.OpiMetier_27022018",
        "gouv.education.apogee.commun.servicesmetiers.OpiMetier_28072017",
        "gouv.education.apogee.commun.servicesmetiers.OpiMetier_13022017",
        "gouv.education.apogee.commun.servicesmetiers.OpiMetier_24022011",
    ],
    doc: "Pré-inscriptions (OPI) poussées par les plateformes de candidature : individu, adresses, bac, vœux.",
    operations: &[
        opi_operation!("mettreajourDonneesOpi_v7", v7, MettreajourDonneesOpiV7, "OPI, version 7 (MoveOn)."),
        opi_operation!("mettreajourDonneesOpi_v8", v8, MettreajourDonneesOpiV8, "OPI, version 8."),
        opi_operation!("mettreajourDonneesOpi_v9", v9, MettreajourDonneesOpiV9, "OPI, version 9 (eCandidat 2019–2021, esup-transferts)."),
        opi_operation!("mettreajourDonneesOpi_v10", v10, MettreajourDonneesOpiV10, "OPI, version 10 (eCandidat actuel)."),
    ],
};

fn invalid(e: FieldError) -> ServiceError {
    ServiceError::invalid(
        &format!("technical.parameter.noncoherentinput.{}", e.field),
        format!("{ROOT}/{}", e.path),
        e.reason,
    )
}

/// What every version has in common once its own DTOs are mapped.
struct Parts {
    individu: Option<MAJOpiIndDTO6>,
    adresse_fixe: Option<AdresseOpi>,
    adresse_annuelle: Option<AdresseOpi>,
    bac: Option<OpiBac>,
    dac: Option<OpiDac>,
    /// `None`: `voeux` nil or absent.
    voeux: Option<Vec<Voeu>>,
    these: Option<OpiThese>,
}

/// Builds the domain OPI: parses dates and the INE, reads the wish list's
/// meaning, then validates every rule.
fn build(p: Parts) -> Result<Opi, FieldError> {
    let mut ind = p
        .individu
        .ok_or_else(|| FieldError::new("individu", "", "the individual (individu) is required"))?;
    // The two texts parsed here, taken out before the rest moves into the domain.
    let date_nai = ind
        .donnees_naissance
        .as_mut()
        .and_then(|n| n.date_nai_ind_opi.take());
    let ine = ind
        .etat_civil
        .as_mut()
        .and_then(|e| e.cod_nne_ind_opi.take());
    let mut individu = mapping::individu(ind);
    if let Some(d) = date_nai {
        individu.date_nai_ind_opi = Some(
            parse_ddmmyyyy(&d)
                .map_err(|r| FieldError::new("individu/donneesNaissance/dateNaiIndOpi", "", r))?,
        );
    }
    if let Some(ine) = ine {
        let (nne, cle) = split_ine(&ine)
            .map_err(|r| FieldError::new("individu/etatCivil/codNneIndOpi", "", r))?;
        individu.cod_nne_ind_opi = Some(nne);
        individu.cod_cle_nne_ind_opi = Some(cle);
    }
    let voeux = match p.voeux {
        None => Voeux::Unchanged,
        Some(v) if v.is_empty() => Voeux::Unchanged,
        Some(v) if v.len() == 1 && v[0].is_empty() => Voeux::Clear,
        Some(v) => Voeux::Replace(v),
    };
    let opi = Opi {
        individu,
        adresse_fixe: p.adresse_fixe,
        adresse_annuelle: p.adresse_annuelle,
        bac: p.bac,
        dac: p.dac,
        voeux,
        these: p.these,
    };
    validate(&opi, time::OffsetDateTime::now_utc().date())?;
    Ok(opi)
}

/// Once a course structure has been imported, every wish must name a version
/// d'étape it holds. Returns the first wish that does not (one read for all the
/// wishes). Shared by the SOAP operations and `import-opi`.
pub async fn unknown_wish(store: &dyn Store, opi: &Opi) -> Result<Option<FieldError>, StoreError> {
    let Voeux::Replace(voeux) = &opi.voeux else {
        return Ok(None);
    };
    let keys: Vec<(String, i32)> = voeux
        .iter()
        .map(|v| {
            (
                v.cod_etp.clone().unwrap_or_default(),
                v.cod_vrs_vet.unwrap_or_default(),
            )
        })
        .collect();
    let Some(found) = store.vets_exist(&keys).await? else {
        return Ok(None);
    };
    Ok(voeux
        .iter()
        .zip(found)
        .enumerate()
        .find_map(|(i, (v, exists))| {
            (!exists).then(|| {
                FieldError::new(
                    format!("voeux/item[{}]/codEtp", i + 1),
                    "",
                    format!(
                        "the course structure has no étape {} version {}",
                        v.cod_etp.as_deref().unwrap_or(""),
                        v.cod_vrs_vet.unwrap_or_default()
                    ),
                )
            })
        }))
}

async fn store(ctx: Ctx, opi: Result<Opi, FieldError>) -> Result<String, ServiceError> {
    if let Ok(o) = &opi {
        ctx.set_key(format!("codOpiIntEpo={}", o.cod_opi_int_epo()));
    }
    let opi = opi.map_err(invalid)?;
    if crate::bench::store_off() {
        // BENCH-ONLY (`PASSERELLE_BENCH_STORE=off`, see `crate::bench`).
        std::hint::black_box(&opi);
        return Ok(String::new());
    }
    if let Some(e) = unknown_wish(ctx.store.as_ref(), &opi).await? {
        return Err(invalid(e));
    }
    let outcome = ctx.store.upsert_opi(&opi).await?;
    tracing::debug!(
        cod_opi_int_epo = opi.cod_opi_int_epo(),
        ?outcome,
        "OPI stored"
    );
    Ok(String::new())
}

fn missing() -> FieldError {
    FieldError::new("", "donneesOpi", "the OPI data (_donneesOpi) is required")
}

/// One handler per version: the same steps, with the version's wrapper and the
/// mapping functions of its bac and wish DTOs. Each also gets a public
/// `to_domain_vN` (mapping + parsing + validation, no I/O), used by the benches.
/// The payload is consumed: its strings move into the domain value.
macro_rules! opi_handler {
    ($name:ident, $to_domain:ident, $wrapper:ty, $dto:ty, $bac:path, $voeu:path) => {
        /// Maps this version's payload onto the domain OPI and validates it.
        pub fn $to_domain(d: $dto) -> Result<Opi, FieldError> {
            build(Parts {
                individu: d.individu,
                adresse_fixe: d.adresse_fixe.map(mapping::adresse),
                adresse_annuelle: d.adresse_annuelle.map(mapping::adresse),
                bac: d.bac.map($bac),
                dac: d.dac.map(mapping::dac),
                voeux: d.voeux.map(|t| t.item.into_iter().map($voeu).collect()),
                these: d.donnees_these.map(mapping::these),
            })
        }

        fn $name(ctx: Ctx, node: &Node) -> OpFuture {
            let req = <$wrapper>::decode(node, "");
            super::xml(async move {
                let req = req?;
                let opi = req.donnees_opi.ok_or_else(missing).and_then($to_domain);
                store(ctx, opi).await
            })
        }
    };
}

opi_handler!(
    v7,
    to_domain_v7,
    MettreajourDonneesOpiV7,
    DonneesOpiDTO7,
    mapping::bac,
    mapping::voeu1
);
opi_handler!(
    v8,
    to_domain_v8,
    MettreajourDonneesOpiV8,
    DonneesOpiDTO8,
    mapping::bac,
    mapping::voeu2
);
opi_handler!(
    v9,
    to_domain_v9,
    MettreajourDonneesOpiV9,
    DonneesOpiDTO9,
    mapping::bac,
    mapping::voeu3
);
opi_handler!(
    v10,
    to_domain_v10,
    MettreajourDonneesOpiV10,
    DonneesOpiDTO10,
    mapping::bac2,
    mapping::voeu3
);
