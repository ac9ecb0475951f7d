//! Interoperability of `OffreFormationMetier`: real, independent SOAP clients
//! read the course structure.
//!
//! Acceptance criterion: « zeep/PHP reading a tree via ?wsdl ».
//!
//! `tests/interop/zeep_offre.py` and `tests/interop/php_offre.php` call
//! `recupererSE_v4` with the client patterns of the reference
//! (`apogee-ws-contract.md` §7.2) and walk the answer as generated code does:
//!
//! * one VET (`aucun/aucun/L1INF/101/tous`), read through
//!   `res[0].listVersionDiplome.item[0].offreFormation.listEtape.item[0]
//!   .listVersionEtape.item[0]`: `codVrsVet`, `libWebVet`, its lists and their
//!   ELP codes;
//! * the catalogue (`tous/tous/tous/tous/aucun`, `temOuvertRecrutement=O`):
//!   the diplomas and VETs open to recruitment;
//! * `codDip` missing (nil): the SOAP fault
//!   `technical.parameter.noncoherentinput.coddiplomeobligatoire`;
//! * `recupererSE_v3` with the one-VET criteria, when the WSDL offers it.
//!
//! each through (a) the WSDL we serve at `OffreFormationMetier?wsdl`, calling
//! the address it names, and (b) AMUE's original `OffreFormationMetier_Impl.wsdl`
//! from disk, the endpoint overridden. What the clients read is compared with
//! what `src/store/demo_offre.yaml` (the demo catalogue) says.
//!
//! ```text
//! bash scripts/install-test-clients.sh
//! cargo test --test interop_offre -- --ignored
//! ```
//!
//! A missing client is a failure, not a skip. `PASSERELLE_VENV` names the venv
//! holding zeep (default `<repo>/.venv`), `PASSERELLE_PHP` the PHP binary
//! (default `php`).

mod common;

use common::interop::{self, repo, Client, Scripts};
use common::{Backend, TestApp};
use serde_json::Value;
use serde_yaml_ng::Value as Yaml;
use std::collections::{BTreeMap, BTreeSet};

const SCRIPTS: Scripts = Scripts {
    zeep: "zeep_offre.py",
    php: "php_offre.php",
    install_hint:
        "run `bash scripts/install-test-clients.sh`, then `cargo test --tests -- --ignored`",
};
const PORT: &str = "OffreFormationMetier";
const MISSING_DIP: &str = "technical.parameter.noncoherentinput.coddiplomeobligatoire";

/// AMUE's original concrete WSDL; it imports `abstract/…` and `schemas/…`.
fn amue_wsdl() -> String {
    interop::amue_wsdl("OffreFormationMetier_Impl.wsdl")
}

// ---------------------------------------------------------------------------
// The clients
// ---------------------------------------------------------------------------

/// Runs `client` on `wsdl` (URL or file), `address` overriding the endpoint;
/// returns the JSON it printed.
async fn run_client(client: Client, wsdl: &str, address: Option<&str>) -> Value {
    SCRIPTS.run(client, wsdl, &[], address).await.json
}

/// (a) Our served WSDL, and the address written in it.
async fn through_served_wsdl(app: &TestApp, client: Client) -> Value {
    let (service, _) = interop::served_wsdl(app, PORT).await;
    let out = run_client(client, &format!("{service}?wsdl"), None).await;
    interop::assert_endpoint_from_served_wsdl(client, out["address"].as_str(), &service);
    out
}

/// (b) AMUE's original WSDL from disk, the endpoint overridden to this server.
async fn through_amue_wsdl(app: &TestApp, client: Client) -> Value {
    let service = app.service_url(PORT);
    let out = run_client(client, &amue_wsdl(), Some(&service)).await;
    assert_eq!(out["address"].as_str(), Some(service.as_str()));
    out
}
// ---------------------------------------------------------------------------
// What the demo catalogue says
// ---------------------------------------------------------------------------

fn demo() -> Yaml {
    let path = repo().join("src/store/demo_offre.yaml");
    let text = std::fs::read_to_string(&path).expect("read the demo catalogue");
    serde_yaml_ng::from_str(&text).expect("the demo catalogue is YAML")
}

fn rows<'a>(y: &'a Yaml, table: &str) -> &'a [Yaml] {
    y[table]
        .as_sequence()
        .unwrap_or_else(|| panic!("no table {table} in demo_offre.yaml"))
}

/// A scalar of a row as text (`101` and `"101"` alike).
fn s(row: &Yaml, field: &str) -> String {
    match &row[field] {
        Yaml::String(v) => v.clone(),
        Yaml::Number(n) => n.to_string(),
        Yaml::Bool(b) => b.to_string(),
        other => panic!("{field} of {row:?} is {other:?}"),
    }
}

/// A JSON scalar as text (zeep gives `codVrsVet` as a number, PHP too or as a string).
fn j(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        other => panic!("expected a scalar, got {other}"),
    }
}

/// What a client must read of the VET `etp`/`vrs`.
struct ExpectedVet {
    /// The `(codDip, codVrsVdi)` offering it.
    vdis: BTreeSet<(String, String)>,
    lib_web_vet: String,
    /// Each list reachable from the VET (its own lists, then through ELPs that
    /// group sub-lists) → its ELP codes.
    lists: BTreeMap<String, BTreeSet<String>>,
}

fn expected_vet(y: &Yaml, etp: &str, vrs: &str) -> ExpectedVet {
    let is_vet = |r: &Yaml| s(r, "cod_etp") == etp && s(r, "cod_vrs_vet") == vrs;
    let vdis = rows(y, "vdi_fractionner_vet")
        .iter()
        .filter(|r| is_vet(r))
        .map(|r| (s(r, "cod_dip"), s(r, "cod_vrs_vdi")))
        .collect();
    let lib_web_vet = rows(y, "versions_etape")
        .iter()
        .find(|r| is_vet(r))
        .map(|r| s(r, "lib_web_vet"))
        .expect("the VET is in the demo catalogue");
    let mut todo: Vec<String> = rows(y, "vet_regroupe_lse")
        .iter()
        .filter(|r| is_vet(r))
        .map(|r| s(r, "cod_lse"))
        .collect();
    let mut lists = BTreeMap::new();
    while let Some(lse) = todo.pop() {
        if lists.contains_key(&lse) {
            continue;
        }
        let elps: BTreeSet<String> = rows(y, "lse_regroupe_elp")
            .iter()
            .filter(|r| s(r, "cod_lse") == lse)
            .map(|r| s(r, "cod_elp"))
            .collect();
        for r in rows(y, "elp_regroupe_lse") {
            if elps.contains(&s(r, "cod_elp")) {
                todo.push(s(r, "cod_lse"));
            }
        }
        lists.insert(lse, elps);
    }
    ExpectedVet {
        vdis,
        lib_web_vet,
        lists,
    }
}

/// The diplomas and the VET links open to recruitment (`tem_ouv_rct`, true
/// unless written false).
fn expected_open(y: &Yaml) -> (BTreeSet<String>, Vec<String>) {
    let open: Vec<&Yaml> = rows(y, "vdi_fractionner_vet")
        .iter()
        .filter(|r| r["tem_ouv_rct"].as_bool() != Some(false))
        .collect();
    let dips = open.iter().map(|r| s(r, "cod_dip")).collect();
    let mut vets: Vec<String> = open
        .iter()
        .map(|r| format!("{}/{}", s(r, "cod_etp"), s(r, "cod_vrs_vet")))
        .collect();
    vets.sort();
    (dips, vets)
}

// ---------------------------------------------------------------------------
// Checks
// ---------------------------------------------------------------------------

/// One VET as the client read it (`results.vet` or `results.v3`).
fn check_vet(ctx: &str, got: &Value, want: &ExpectedVet) {
    assert_eq!(
        got["count"].as_u64(),
        Some(want.vdis.len() as u64),
        "{ctx}: one diploma per VDI offering L1INF/101: {got:#}"
    );
    let vdi = (j(&got["codDip"]), j(&got["codVrsVdi"]));
    assert!(want.vdis.contains(&vdi), "{ctx}: res[0] is {vdi:?}");
    assert_eq!(j(&got["codEtp"]), "L1INF", "{ctx}");
    assert_eq!(j(&got["codVrsVet"]), "101", "{ctx}");
    assert_eq!(j(&got["libWebVet"]), want.lib_web_vet, "{ctx}");
    assert_eq!(got["all_vets"], serde_json::json!(["L1INF/101"]), "{ctx}");
    let lists = got["lists"]
        .as_array()
        .unwrap_or_else(|| panic!("{ctx}: no lists in {got:#}"));
    let read: BTreeMap<String, BTreeSet<String>> = lists
        .iter()
        .map(|l| {
            let elps = l["elps"]
                .as_array()
                .unwrap_or_else(|| panic!("{ctx}: {l}"))
                .iter()
                .map(j)
                .collect();
            (j(&l["codListElp"]), elps)
        })
        .collect();
    assert_eq!(
        read.len(),
        lists.len(),
        "{ctx}: each list is listed once: {got:#}"
    );
    assert_eq!(
        read, want.lists,
        "{ctx}: the lists of L1INF/101 and their ELPs"
    );
    // Deepest level reached: the matières of a UE.
    assert!(read["INF1U11M"].contains("INF1M111"), "{ctx}: {read:?}");
}

fn check_run(ctx: &str, out: &Value, y: &Yaml, expect_v3: bool) {
    let r = &out["results"];
    let want = expected_vet(y, "L1INF", "101");
    check_vet(&format!("{ctx} recupererSE_v4 one VET"), &r["vet"], &want);

    let (dips, vets) = expected_open(y);
    let cat = &r["catalogue"];
    let got_dips: Vec<&Value> = cat["diplomas"]
        .as_array()
        .unwrap_or_else(|| panic!("{ctx}: {cat:#}"))
        .iter()
        .collect();
    let got_codes: BTreeSet<String> = got_dips.iter().map(|d| j(&d["codDip"])).collect();
    assert_eq!(got_dips.len(), dips.len(), "{ctx}: diplomas {got_codes:?}");
    assert_eq!(got_codes, dips, "{ctx}: the diplomas open to recruitment");
    for d in &got_dips {
        assert_eq!(d["temOuvertRecrutement"].as_str(), Some("O"), "{ctx}: {d}");
    }
    let mut got_vets: Vec<String> = cat["vets"]
        .as_array()
        .unwrap_or_else(|| panic!("{ctx}: {cat:#}"))
        .iter()
        .map(j)
        .collect();
    got_vets.sort();
    assert_eq!(got_vets, vets, "{ctx}: the VETs open to recruitment");
    assert_eq!(vets.len(), 20, "the demo: 21 VETs, the DU closed");

    assert_eq!(
        r["fault"].as_str(),
        Some(MISSING_DIP),
        "{ctx}: codDip missing must be a SOAP fault read by the client: {r:#}"
    );
    assert!(
        r["fault_code"]
            .as_str()
            .is_some_and(|c| c.ends_with("Client")),
        "{ctx}: faultcode {}",
        r["fault_code"]
    );
    assert!(
        r["fault_detail_lastErrorMsg"]
            .as_str()
            .is_some_and(|m| m.contains("codDip")),
        "{ctx}: the detail, decoded with the WSDL's fault element, names codDip: {}",
        r["fault_detail_lastErrorMsg"]
    );
    let fault_req = out["requests"]["fault"].as_str().unwrap_or_default();
    assert!(
        fault_req.contains("codDip") && fault_req.contains("nil=\"true\""),
        "{ctx}: codDip went as xsi:nil: {fault_req}"
    );

    if expect_v3 {
        check_vet(&format!("{ctx} recupererSE_v3 one VET"), &r["v3"], &want);
    }
    let ops: Vec<&str> = out["operations"]
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    assert!(
        ops.contains(&"recupererSE_v4") && ops.contains(&"recupererSE_v3"),
        "{ctx}: {ops:?}"
    );
}

// ---------------------------------------------------------------------------
// The tests
// ---------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs zeep and PHP SoapClient: run scripts/install-test-clients.sh, then cargo test --tests -- --ignored"]
async fn zeep_reads_the_tree_through_served_wsdl() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let out = through_served_wsdl(&app, Client::Zeep).await;
    check_run("zeep via ?wsdl", &out, &demo(), true);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs zeep and PHP SoapClient: run scripts/install-test-clients.sh, then cargo test --tests -- --ignored"]
async fn zeep_reads_the_tree_through_amue_wsdl() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let out = through_amue_wsdl(&app, Client::Zeep).await;
    check_run("zeep via AMUE's WSDL", &out, &demo(), false);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs zeep and PHP SoapClient: run scripts/install-test-clients.sh, then cargo test --tests -- --ignored"]
async fn php_reads_the_tree_through_served_wsdl() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let out = through_served_wsdl(&app, Client::Php).await;
    check_run("PHP via ?wsdl", &out, &demo(), false);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs zeep and PHP SoapClient: run scripts/install-test-clients.sh, then cargo test --tests -- --ignored"]
async fn php_reads_the_tree_through_amue_wsdl() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let out = through_amue_wsdl(&app, Client::Php).await;
    check_run("PHP via AMUE's WSDL", &out, &demo(), false);
}

/// The expectations themselves, from the YAML (no client needed).
#[test]
fn demo_expectations() {
    let y = demo();
    let want = expected_vet(&y, "L1INF", "101");
    assert_eq!(want.lib_web_vet, "L1 Informatique");
    assert_eq!(
        want.vdis,
        BTreeSet::from([("LINF".to_string(), "101".to_string())])
    );
    assert_eq!(
        want.lists.keys().map(String::as_str).collect::<Vec<_>>(),
        ["INF1S1OP", "INF1S1UE", "INF1S2UE", "INF1U11M", "INF1U12M", "L1BONUS", "LINF1SEM"]
    );
    let (dips, vets) = expected_open(&y);
    assert_eq!(dips.len(), 8);
    assert!(!dips.contains("DUFLE"));
    assert_eq!(vets.len(), 20);
}
