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

use common::{Backend, TestApp};
use serde_json::Value;
use serde_yaml_ng::Value as Yaml;
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const CLIENT_TIMEOUT: Duration = Duration::from_secs(120);
const INSTALL_HINT: &str =
    "run `bash scripts/install-test-clients.sh`, then `cargo test --tests -- --ignored`";
const PORT: &str = "OffreFormationMetier";
const MISSING_DIP: &str = "technical.parameter.noncoherentinput.coddiplomeobligatoire";

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// AMUE's original concrete WSDL; it imports `abstract/…` and `schemas/…`.
fn amue_wsdl() -> String {
    let p = repo().join("../shared/reference/apogee-wsdl/wsdl/OffreFormationMetier_Impl.wsdl");
    assert!(
        p.is_file(),
        "AMUE's reference WSDL is missing at {} (the shared/ folder beside the repository)",
        p.display()
    );
    p.canonicalize()
        .expect("canonical path of AMUE's WSDL")
        .to_str()
        .expect("UTF-8 path")
        .to_string()
}

// ---------------------------------------------------------------------------
// The clients
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Client {
    Zeep,
    Php,
}

impl Client {
    fn name(self) -> &'static str {
        match self {
            Client::Zeep => "zeep",
            Client::Php => "PHP SoapClient",
        }
    }

    fn program(self) -> PathBuf {
        match self {
            Client::Zeep => std::env::var_os("PASSERELLE_VENV")
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
                .unwrap_or_else(|| repo().join(".venv"))
                .join("bin")
                .join("python"),
            Client::Php => std::env::var_os("PASSERELLE_PHP")
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
                .unwrap_or_else(|| PathBuf::from("php")),
        }
    }

    fn script(self) -> PathBuf {
        repo().join("tests/interop").join(match self {
            Client::Zeep => "zeep_offre.py",
            Client::Php => "php_offre.php",
        })
    }

    /// Panics, with the way out, when the client is not installed.
    fn ensure_installed(self) {
        let program = self.program();
        let (args, what): (&[&str], &str) = match self {
            Client::Zeep => (
                &["-c", "import zeep; print(zeep.__version__)"],
                "zeep in the venv",
            ),
            Client::Php => (
                &["-r", "exit(extension_loaded('soap') ? 0 : 3);"],
                "php with the soap extension",
            ),
        };
        match Command::new(&program)
            .args(args)
            .stdin(Stdio::null())
            .output()
        {
            Ok(o) if o.status.success() => {}
            Ok(o) => panic!(
                "{} is not usable: `{} {}` exited with {} ({}).\nNeeded: {what}; {INSTALL_HINT}",
                self.name(),
                program.display(),
                args.join(" "),
                o.status,
                String::from_utf8_lossy(&o.stderr).trim()
            ),
            Err(e) => panic!(
                "{} is not installed: cannot run {} ({e}).\nNeeded: {what}; {INSTALL_HINT}",
                self.name(),
                program.display()
            ),
        }
    }
}

/// Runs `client` on `wsdl` (URL or file), `address` overriding the endpoint;
/// returns the JSON it printed.
async fn run_client(client: Client, wsdl: &str, address: Option<&str>) -> Value {
    client.ensure_installed();
    let mut cmd = Command::new(client.program());
    cmd.arg(client.script()).arg(wsdl);
    if let Some(a) = address {
        cmd.arg(a);
    }
    // The test server is on the loopback: no proxy may stand in the way.
    for v in [
        "http_proxy",
        "HTTP_PROXY",
        "https_proxy",
        "HTTPS_PROXY",
        "all_proxy",
        "ALL_PROXY",
    ] {
        cmd.env_remove(v);
    }
    cmd.env("NO_PROXY", "127.0.0.1,localhost,::1")
        .env("PYTHONIOENCODING", "utf-8")
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .current_dir(repo().join("tests/interop"));
    let what = format!(
        "{} on {wsdl}{}",
        client.name(),
        address
            .map(|a| format!(" (endpoint {a})"))
            .unwrap_or_default()
    );
    // The server answers on this runtime's workers; the client waits on a
    // blocking thread of its own.
    let what2 = what.clone();
    let (ok, stdout, stderr) = tokio::task::spawn_blocking(move || run_with_timeout(cmd, &what2))
        .await
        .expect("client thread");
    if !ok {
        let last = stderr
            .lines()
            .rev()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("(no message)");
        panic!("{what} failed: {last}\n--- stderr ---\n{stderr}\n--- stdout ---\n{stdout}");
    }
    serde_json::from_str(&stdout).unwrap_or_else(|e| {
        panic!("{what} printed no valid JSON ({e}):\n{stdout}\n--- stderr ---\n{stderr}")
    })
}

/// Runs `cmd` to completion or kills it after [`CLIENT_TIMEOUT`]; stdout and
/// stderr go through files so that no pipe can fill up.
fn run_with_timeout(mut cmd: Command, what: &str) -> (bool, String, String) {
    let dir = tempfile::tempdir().expect("temp dir");
    let out_path = dir.path().join("stdout");
    let err_path = dir.path().join("stderr");
    cmd.stdin(Stdio::null())
        .stdout(std::fs::File::create(&out_path).expect("stdout file"))
        .stderr(std::fs::File::create(&err_path).expect("stderr file"));
    let mut child = cmd
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {what}: {e}; {INSTALL_HINT}"));
    let deadline = Instant::now() + CLIENT_TIMEOUT;
    let status = loop {
        match child.try_wait().expect("wait for the client") {
            Some(s) => break s,
            None if Instant::now() >= deadline => {
                let _ = child.kill();
                let _ = child.wait();
                let err = std::fs::read_to_string(&err_path).unwrap_or_default();
                panic!("{what} did not finish within {CLIENT_TIMEOUT:?}; stderr:\n{err}");
            }
            None => std::thread::sleep(Duration::from_millis(20)),
        }
    };
    let stdout = String::from_utf8(std::fs::read(&out_path).expect("read stdout"))
        .unwrap_or_else(|e| panic!("{what} printed something that is not UTF-8: {e}"));
    let stderr =
        String::from_utf8_lossy(&std::fs::read(&err_path).unwrap_or_default()).into_owned();
    (status.success(), stdout, stderr)
}

/// (a) Our served WSDL, and the address written in it.
async fn through_served_wsdl(app: &TestApp, client: Client) -> Value {
    let service = app.service_url(PORT);
    let path = format!("{}/{PORT}?wsdl", app.config.base_path.trim_end_matches('/'));
    let wsdl = app.get(&path).await;
    assert_eq!(wsdl.status, 200, "GET ?wsdl: {}", wsdl.body);
    let out = run_client(client, &format!("{service}?wsdl"), None).await;
    if let Some(addr) = out["address"].as_str() {
        assert_eq!(
            addr,
            service,
            "{} took its endpoint from the served WSDL",
            client.name()
        );
    }
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
