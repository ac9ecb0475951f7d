//! Interoperability of `EtudiantMetier`: zeep and PHP `SoapClient` look a
//! returning applicant up as eCandidat does (identifiers by INE, InfosAdmEtu
//! v4, addresses of the latest year, the address update esup-mdw makes, the
//! not-found fault), through the WSDL we
//! serve at `EtudiantMetier?wsdl` and through AMUE's original
//! `EtudiantMetier_Impl.wsdl` from disk (endpoint overridden). The answers are
//! the demo student Camille MARTIN (src/store/demo_etudiants.yaml).
//!
//! ```text
//! bash scripts/install-test-clients.sh
//! cargo test --test interop_etudiant -- --ignored
//! ```

mod common;

use common::interop::{self, Client, Scripts};
use common::{Backend, TestApp};
use serde_json::{json, Value};

const SCRIPTS: Scripts = Scripts {
    zeep: "zeep_etudiant.py",
    php: "php_etudiant.php",
    install_hint:
        "run `bash scripts/install-test-clients.sh`, then `cargo test --tests -- --ignored`",
};
const PORT: &str = "EtudiantMetier";

fn check(what: &str, out: &Value) {
    let r = &out["results"];
    let codetu = &r["ident"]["codEtu"];
    assert!(
        *codetu == json!(21000001) || *codetu == json!("21000001"),
        "{what}: {out}"
    );
    assert_eq!(r["ident"]["numeroINE"], "1234567890A", "{what}");
    assert_eq!(r["infos"]["nomPatronymique"], "MARTIN", "{what}");
    assert_eq!(r["infos"]["prenom1"], "CAMILLE", "{what}");
    assert_eq!(r["infos"]["dateNaissance"], "2003-04-12", "{what}");
    assert_eq!(r["infos"]["nationalite"], "FRANÇAIS(E)", "{what}");
    assert_eq!(r["infos"]["bacs"][0]["codBac"], "G", "{what}");
    assert_eq!(r["infos"]["bacs"][0]["codSpe1Bac"], "MATH", "{what}");
    assert_eq!(r["adresses"]["annee"], "2024", "{what}");
    assert_eq!(r["adresses"]["codePostal"], "25000", "{what}");
    assert_eq!(r["adresses"]["codeInsee"], "25056", "{what}");
    assert_eq!(r["adresses"]["codPay"], "100", "{what}");
    assert_eq!(r["maj"]["annee"], "2025", "{what}");
    assert_eq!(r["maj"]["libAd1"], "5 RUE DE BREST", "{what}");
    assert_eq!(r["maj"]["nomCommune"], "RENNES", "{what}");
    assert_eq!(r["maj"]["typeHebergement"], "4", "{what}");
    assert_eq!(r["fault"], "technical.data.nullretrieve.etudiant", "{what}");
}

async fn served(client: Client) {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let (service, _) = interop::served_wsdl(&app, PORT).await;
    let out = SCRIPTS
        .run(client, &format!("{service}?wsdl"), &[], None)
        .await
        .json;
    check(&format!("{} via ?wsdl", client.name()), &out);
}

async fn amue(client: Client) {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let service = app.service_url(PORT);
    let wsdl = interop::amue_wsdl("EtudiantMetier_Impl.wsdl");
    let out = SCRIPTS.run(client, &wsdl, &[], Some(&service)).await.json;
    check(&format!("{} via AMUE's WSDL", client.name()), &out);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs zeep and PHP SoapClient: run scripts/install-test-clients.sh, then cargo test --tests -- --ignored"]
async fn zeep_reads_a_student_through_served_wsdl() {
    served(Client::Zeep).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs zeep and PHP SoapClient: run scripts/install-test-clients.sh, then cargo test --tests -- --ignored"]
async fn zeep_reads_a_student_through_amue_wsdl() {
    amue(Client::Zeep).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs zeep and PHP SoapClient: run scripts/install-test-clients.sh, then cargo test --tests -- --ignored"]
async fn php_reads_a_student_through_served_wsdl() {
    served(Client::Php).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs zeep and PHP SoapClient: run scripts/install-test-clients.sh, then cargo test --tests -- --ignored"]
async fn php_reads_a_student_through_amue_wsdl() {
    amue(Client::Php).await;
}
