//! Every client of `examples/` runs against a demo server, as a user would run
//! it: an applicant platform pushing OPIs and documents (zeep and PHP
//! `SoapClient`), an ENT reading the course structure and the geography (zeep,
//! PHP, curl), a registrar creating laissez-passer (the `import-lp` CLI on the
//! example CSV, and a zeep batch). Exit status and what they print are checked,
//! then what the database holds.
//!
//! `#[ignore]`d like the interop tests (they need the clients:
//! `bash scripts/install-test-clients.sh`), run by `.ci/run`:
//!
//!     cargo test --test examples -- --ignored

mod common;

use common::interop::{repo, Client};
use common::opi::OpiReq;
use common::{Backend, TestApp};
use std::path::Path;
use std::process::Command;

const HINT: &str = "run `bash scripts/install-test-clients.sh` (php-cli, php-soap, zeep in .venv)";

/// Runs `program args…` from the repository root; returns stdout + stderr,
/// after checking the exit status.
fn run(program: &Path, args: &[&str], expect: i32) -> String {
    let out = Command::new(program)
        .args(args)
        .current_dir(repo())
        .env("PYTHONIOENCODING", "utf-8")
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", program.display()));
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        out.status.code(),
        Some(expect),
        "{} {}:\n{text}",
        program.display(),
        args.join(" ")
    );
    text
}

fn contains(out: &str, needles: &[&str]) {
    for n in needles {
        assert!(out.contains(n), "« {n} » not in:\n{out}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs zeep and PHP SoapClient: bash scripts/install-test-clients.sh"]
async fn every_example_runs_against_the_demo_server() {
    Client::Zeep.ensure_installed(HINT);
    Client::Php.ensure_installed(HINT);
    let py = Client::Zeep.program();
    let php = Client::Php.program();
    let app = TestApp::spawn(Backend::Sqlite).await;
    let url = |port: &str| app.service_url(port);
    let ex = |f: &str| format!("examples/{f}");
    let dir = tempfile::tempdir().unwrap();

    // ENT / any client: the geography, three ways.
    let out = run(
        Path::new("bash"),
        &[&ex("geographie.sh"), &url("GeographieMetier")],
        0,
    );
    contains(&out, &["recupererCommuneResponse_v2", "ŒTING"]);
    let out = run(
        &py,
        &[&ex("geographie_zeep.py"), &url("GeographieMetier")],
        0,
    );
    contains(&out, &["FRANCE", "fault: technical.data.nullretrieve.pays"]);
    let out = run(&php, &[&ex("geographie.php"), &url("GeographieMetier")], 0);
    contains(
        &out,
        &["FRANCE", "technical.data.nullretrieve.pays", "(requête "],
    );

    // Applicant platform: an OPI then a document, zeep and PHP.
    let out = run(&py, &[&ex("push_opi.py"), &url("OpiMetier")], 0);
    contains(
        &out,
        &[
            "pushed M240001234 with 2 wishes",
            "fault: technical.parameter.noncoherentinput.codEtp",
            "wishes of M240001234 cleared",
        ],
    );
    let out = run(&php, &[&ex("push_opi.php"), &url("OpiMetier")], 0);
    contains(
        &out,
        &[
            "pushed M240001235 with 2 wishes",
            "wishes of M240001235 cleared",
        ],
    );
    let pdf = dir.path().join("attestation bac.pdf");
    std::fs::write(
        &pdf,
        b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n".as_slice(),
    )
    .unwrap();
    let pdf = pdf.to_str().unwrap();
    let out = run(
        &py,
        &[
            &ex("upload_pj.py"),
            pdf,
            "M240001234",
            "LEFÈVRE",
            "ÉLODIE",
            "BAC",
            &url("PjOpiMetier"),
        ],
        0,
    );
    contains(&out, &["PJ enregistrée"]);
    let out = run(
        &php,
        &[
            &ex("upload_pj.php"),
            pdf,
            "M240001235",
            "lefevre",
            "Elodie",
            "BAC",
            &url("PjOpiMetier"),
        ],
        0,
    );
    contains(&out, &["PJ enregistrée"]);
    let out = run(
        &php,
        &[
            &ex("upload_pj.php"),
            pdf,
            "M240001235",
            "DUPONT",
            "Elodie",
            "BAC",
            &url("PjOpiMetier"),
        ],
        1,
    );
    contains(
        &out,
        &[
            "fault: technical.parameter.noncoherentinput.libNomPatIndOpi",
            "(requête ",
        ],
    );
    let store = app.store().await;
    for key in ["M240001234", "M240001235"] {
        let (ind, _, _) = store.opi_identity(key).await.unwrap().expect(key);
        let rows = store.pj_rows(Some(ind)).await.unwrap();
        assert_eq!(rows.len(), 1, "{key}: {rows:?}");
        assert_eq!(rows[0].nom_fic, "attestation bac.pdf");
    }

    // ENT: the course structure.
    let out = run(
        &py,
        &[&ex("read_offre.py"), &url("OffreFormationMetier")],
        0,
    );
    contains(
        &out,
        &[
            "INF1M121",
            "fault: technical.parameter.noncoherentinput.coddiplomeobligatoire",
        ],
    );

    // ENT: a student's dashboard (EtudiantMetier), then their registrations and
    // results (AdministratifMetier, PedagogiqueMetier), as esup-mondossierweb reads them.
    let out = run(&py, &[&ex("etudiant_zeep.py"), &url("EtudiantMetier")], 0);
    contains(
        &out,
        &[
            "student 21000001 (cod_ind 1001)",
            "unknown student -> technical.data.nullretrieve.etudiant",
        ],
    );
    let out = run(
        &py,
        &[&ex("releve_zeep.py"), "21000001", &app.url("/services")],
        0,
    );
    contains(&out, &["2024"]);

    // Registrar: laissez-passer from the example CSV (its IAPRIMO row names the
    // OPI LPDEMO0001, pushed first as an applicant platform would), then zeep.
    let r = app.push_opi(&OpiReq::new(10, "LPDEMO0001")).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let report = dir.path().join("lp.report.csv");
    let out = run(
        Path::new(env!("CARGO_BIN_EXE_passerelle")),
        &[
            "import-lp",
            &ex("lp-import.csv"),
            "--database",
            &app.config.database_url,
            "--report",
            report.to_str().unwrap(),
        ],
        0,
    );
    contains(&out, &["created   3", "error     0"]);
    let out = run(&py, &[&ex("lp_zeep.py"), &url("LaissezPasserMetier")], 0);
    contains(
        &out,
        &[
            "REINS 21000001 L2INF/101: stored",
            "refused: technical.parameter.noncoherentinput.numOPI",
            "batch: {'CREE': 200, 'REFUSE': 1}",
            "technical.data.nullretrieve.etudiant",
        ],
    );
    assert_eq!(store.find_lps().await.unwrap().len(), 3 + 200);
}
