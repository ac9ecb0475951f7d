//! Interoperability of `PjOpiMetier`: real, independent SOAP clients upload a
//! real PDF.
//!
//! Acceptance criterion: « a zeep or PHP client uploading a real PDF through
//! ?wsdl ».
//!
//! For each client, an OPI is pushed first (names LEFÈVRE / ÉLODIE), then
//! `tests/interop/zeep_pj.py` or `tests/interop/php_pj.php` calls
//! `recupererPiecesJustificativesOPIWS` with a small, valid PDF given as bytes
//! (zeep: `bytes`; PHP: the raw string; both base64-encode `xsd:base64Binary`
//! themselves) and the names written « lefevre » / « Elodie » (the service
//! compares them without case or accents):
//!
//! * `upload`: answered `PJ enregistrée` in `PjOpiRetourDTO.msg`;
//! * `again`: the same call, answered `PJ identique déjà enregistrée`;
//! * `wrong_name`: the name « DUPONT »: the SOAP fault
//!   `technical.parameter.noncoherentinput.libNomPatIndOpi`, read by the client.
//!
//! each through (a) the WSDL we serve at `PjOpiMetier?wsdl`, calling the address
//! it names, and (b) AMUE's original `PjOpiMetier_impl.wsdl` from disk, the
//! endpoint overridden. The document is then read back with
//! `passerelle pj list` / `pj get`, from the document store directory and
//! through the Store API, and compared byte for byte and by SHA-256.
//!
//! ```text
//! bash scripts/install-test-clients.sh
//! cargo test --test interop_pj -- --ignored
//! ```
//!
//! A missing client is a failure, not a skip. `PASSERELLE_VENV` names the venv
//! holding zeep (default `<repo>/.venv`), `PASSERELLE_PHP` the PHP binary
//! (default `php`).

mod common;

use base64::Engine;
use common::interop::{self, Client, Scripts};
use common::{Backend, TestApp};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

const SCRIPTS: Scripts = Scripts {
    zeep: "zeep_pj.py",
    php: "php_pj.php",
    install_hint:
        "run `bash scripts/install-test-clients.sh`, then `cargo test --tests -- --ignored`",
};
const PORT: &str = "PjOpiMetier";
const TPJ: &str = "CNI";
const NOM_FIC: &str = "carte identité.pdf";
const WRONG_NAME: &str = "technical.parameter.noncoherentinput.libNomPatIndOpi";

/// AMUE's original concrete WSDL; it imports `abstract/…` and `schemas/…`.
fn amue_wsdl() -> String {
    interop::amue_wsdl("PjOpiMetier_impl.wsdl")
}

/// A small but valid PDF (one empty page, cross-reference table with the
/// right offsets), with binary bytes in its header comment as PDF writers
/// put them, so that any text re-encoding on the way would show.
fn pdf(tag: &str) -> Vec<u8> {
    let mut out: Vec<u8> = b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n".to_vec();
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>".to_string(),
        {
            let stream = format!("% {tag}\n");
            format!("<< /Length {} >>\nstream\n{stream}endstream", stream.len())
        },
    ];
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{body}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

fn sha(bytes: &[u8]) -> String {
    use sha2::Digest;
    passerelle::pj::hex(&sha2::Sha256::digest(bytes))
}

// ---------------------------------------------------------------------------
// The clients
// ---------------------------------------------------------------------------

/// Runs `client` on `wsdl` (URL or file) to upload `file` for OPI `key`,
/// `address` overriding the endpoint; returns the JSON it printed.
async fn run_client(
    client: Client,
    wsdl: &str,
    key: &str,
    file: &Path,
    address: Option<&str>,
) -> Value {
    SCRIPTS
        .run(client, wsdl, &[key.as_ref(), file.as_ref()], address)
        .await
        .json
}

// ---------------------------------------------------------------------------
// One run: push the OPI, upload through the client, read back
// ---------------------------------------------------------------------------

struct Env {
    app: TestApp,
    dir: tempfile::TempDir,
}

impl Env {
    async fn new() -> Env {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path().join("pj");
        let app = TestApp::spawn_with(Backend::Sqlite, |c| {
            c.pj.dir = root.display().to_string();
        })
        .await;
        Env { app, dir }
    }

    fn root(&self) -> PathBuf {
        self.dir.path().join("pj")
    }

    /// Pushes OPI `key` (LEFÈVRE / ÉLODIE); its `cod_ind_opi`.
    async fn opi(&self, key: &str) -> i64 {
        let r = self.app.push_opi(&common::opi::OpiReq::new(10, key)).await;
        assert_eq!(r.status, 200, "push OPI {key}: {}", r.body);
        let store = self.app.store().await;
        let (ind, nom, prenom) = store
            .opi_identity(key)
            .await
            .expect("read the OPI")
            .expect("the OPI is stored");
        assert_eq!((nom.as_str(), prenom.as_str()), ("LEFÈVRE", "ÉLODIE"));
        ind
    }

    /// `passerelle <args> --database … --config …` (the config names the PJ dir).
    fn cli(&self, args: &[&str]) -> std::process::Output {
        let toml = self.dir.path().join("passerelle.toml");
        std::fs::write(
            &toml,
            format!("[pj]\ndir = {:?}\n", self.root().display().to_string()),
        )
        .expect("write the config");
        Command::new(env!("CARGO_BIN_EXE_passerelle"))
            .args(args)
            .args(["--database", &self.app.config.database_url])
            .args(["--config", toml.to_str().expect("UTF-8 path")])
            .env_remove("PASSERELLE_CONFIG")
            .stdin(Stdio::null())
            .output()
            .expect("run passerelle")
    }
}

/// `PjOpiRetourDTO.msg` as the client returned it: zeep unwraps the answer
/// wrapper to its one part, PHP keeps `{PjOpiRetourDTO: {...}}`.
fn msg(client: Client, v: &Value) -> Option<&str> {
    match client {
        Client::Zeep => v["msg"].as_str(),
        Client::Php => v["PjOpiRetourDTO"]["msg"].as_str(),
    }
}

/// The text of `<_pj>` in an envelope the client sent, base64-decoded.
fn sent_pj(ctx: &str, envelope: &str) -> Vec<u8> {
    let start = envelope
        .find("_pj>")
        .unwrap_or_else(|| panic!("{ctx}: no _pj in {envelope}"))
        + "_pj>".len();
    let end = start + envelope[start..].find('<').expect("end of _pj");
    let text: String = envelope[start..end]
        .replace("&#13;", "")
        .replace("&#xD;", "")
        .chars()
        .filter(|c| !c.is_ascii_whitespace())
        .collect();
    base64::engine::general_purpose::STANDARD
        .decode(text)
        .unwrap_or_else(|e| panic!("{ctx}: _pj is not base64 ({e}): {envelope}"))
}

async fn upload_and_read_back(client: Client, amue: bool, key: &str) {
    let env = Env::new().await;
    let ind = env.opi(key).await;
    let bytes = pdf(&format!("{} {key}", client.name()));
    let file = env.dir.path().join("piece.pdf");
    std::fs::write(&file, &bytes).expect("write the PDF");

    let service = env.app.service_url(PORT);
    let ctx = format!(
        "{} via {}",
        client.name(),
        if amue { "AMUE's WSDL" } else { "?wsdl" }
    );
    let out = if amue {
        let out = run_client(client, &amue_wsdl(), key, &file, Some(&service)).await;
        assert_eq!(out["address"].as_str(), Some(service.as_str()), "{ctx}");
        out
    } else {
        interop::served_wsdl(&env.app, PORT).await;
        let out = run_client(client, &format!("{service}?wsdl"), key, &file, None).await;
        if let Some(addr) = out["address"].as_str() {
            assert_eq!(addr, service, "{ctx}: the endpoint of the served WSDL");
        }
        out
    };
    let r = &out["results"];
    assert_eq!(
        out["sent_bytes"].as_u64(),
        Some(bytes.len() as u64),
        "{ctx}"
    );

    // What went on the wire: the PDF, base64-encoded by the client; the names
    // as written, not as stored.
    let req = out["requests"]["upload"].as_str().unwrap_or_default();
    assert_eq!(
        sent_pj(&ctx, req),
        bytes,
        "{ctx}: the client encoded the PDF"
    );
    assert!(
        req.contains(">lefevre<") && req.contains(">Elodie<"),
        "{ctx}: {req}"
    );

    // The answers, as the client decoded them.
    assert_eq!(
        msg(client, &r["upload"]),
        Some("PJ enregistrée"),
        "{ctx}: {r:#}"
    );
    assert_eq!(
        msg(client, &r["again"]),
        Some("PJ identique déjà enregistrée"),
        "{ctx}: {r:#}"
    );
    assert_eq!(
        r["wrong_name"].as_str(),
        Some(WRONG_NAME),
        "{ctx}: a wrong name is a SOAP fault read by the client: {r:#}"
    );
    assert!(
        r["wrong_name_code"]
            .as_str()
            .is_some_and(|c| c.ends_with("Client")),
        "{ctx}: faultcode {}",
        r["wrong_name_code"]
    );
    assert!(
        r["wrong_name_detail"]
            .as_str()
            .is_some_and(|m| m.contains("DUPONT")),
        "{ctx}: the fault detail, decoded by the client: {}",
        r["wrong_name_detail"]
    );

    // Read back: the Store API…
    let store = env.app.store().await;
    let rows = store.pj_rows(Some(ind)).await.expect("PJ rows");
    assert_eq!(rows.len(), 1, "{ctx}: {rows:?}");
    let row = &rows[0];
    assert_eq!(row.cod_tpj, TPJ);
    assert_eq!(row.cod_opi_int_epo, key);
    assert_eq!(row.nom_fic, NOM_FIC);
    assert_eq!(row.taille, bytes.len() as i64);
    assert_eq!(row.mime_type, "application/pdf");
    assert_eq!(row.sha256, sha(&bytes), "{ctx}: SHA-256 in the row");
    assert!(row.pending.is_none(), "{ctx}: {row:?}");
    let read = passerelle::pj::storage::read(store.as_ref(), &env.app.config.pj, row)
        .await
        .expect("read the document through the store");
    assert_eq!(
        read.as_deref(),
        Some(bytes.as_slice()),
        "{ctx}: the stored bytes"
    );

    // … the Apogée layout on disk …
    let on_disk = env
        .root()
        .join(format!("{ind}_OPI"))
        .join(format!("PJ_{TPJ}_{ind}.pdf"));
    assert_eq!(
        std::fs::read(&on_disk).expect("the document file"),
        bytes,
        "{ctx}: {}",
        on_disk.display()
    );

    // … and the registrar's command line.
    let out = env.cli(&["pj", "list", key]);
    assert!(
        out.status.success(),
        "pj list: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let list = String::from_utf8_lossy(&out.stdout);
    assert!(
        list.contains(&format!("{TPJ}\t{NOM_FIC}\t{}\t", bytes.len())),
        "{ctx}: {list}"
    );
    assert!(list.contains(&sha(&bytes)), "{ctx}: {list}");
    let dest = env.dir.path().join("copie.pdf");
    let out = env.cli(&["pj", "get", key, TPJ, "--out", dest.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "pj get: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let got = std::fs::read(&dest).expect("the copy");
    assert_eq!(sha(&got), sha(&bytes), "{ctx}: SHA-256 of `pj get`");
    assert_eq!(
        got, bytes,
        "{ctx}: `pj get` gives back the PDF byte for byte"
    );
}

// ---------------------------------------------------------------------------
// The tests
// ---------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs zeep and PHP SoapClient: run scripts/install-test-clients.sh, then cargo test --tests -- --ignored"]
async fn zeep_uploads_a_pdf_through_served_wsdl() {
    upload_and_read_back(Client::Zeep, false, "ZPS0000001").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs zeep and PHP SoapClient: run scripts/install-test-clients.sh, then cargo test --tests -- --ignored"]
async fn zeep_uploads_a_pdf_through_amue_wsdl() {
    upload_and_read_back(Client::Zeep, true, "ZPA0000001").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs zeep and PHP SoapClient: run scripts/install-test-clients.sh, then cargo test --tests -- --ignored"]
async fn php_uploads_a_pdf_through_served_wsdl() {
    upload_and_read_back(Client::Php, false, "PPS0000001").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs zeep and PHP SoapClient: run scripts/install-test-clients.sh, then cargo test --tests -- --ignored"]
async fn php_uploads_a_pdf_through_amue_wsdl() {
    upload_and_read_back(Client::Php, true, "PPA0000001").await;
}

#[test]
fn the_test_pdf_is_well_formed() {
    let p = pdf("x");
    assert!(p.starts_with(b"%PDF-1.4\n"));
    assert!(p.ends_with(b"%%EOF\n"));
    let text = String::from_utf8_lossy(&p);
    // startxref points at the xref table.
    let at: usize = text
        .rsplit("startxref\n")
        .next()
        .and_then(|t| t.lines().next())
        .and_then(|n| n.parse().ok())
        .unwrap();
    assert!(p[at..].starts_with(b"xref\n"));
    // Each object's offset is right.
    for i in 1..=4 {
        let needle = format!("{i} 0 obj\n");
        let off = p
            .windows(needle.len())
            .position(|w| w == needle.as_bytes())
            .unwrap();
        assert!(text.contains(&format!("{off:010} 00000 n ")), "object {i}");
    }
}
