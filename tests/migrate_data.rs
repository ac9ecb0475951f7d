//! `passerelle migrate-data` (the real binary): a SQLite database with the demo
//! data, OPIs, laissez-passer and a document (bytes in the database) copied to
//! PostgreSQL, read back through the `Store` API of both sides; a non-empty
//! target refused, then replaced with `--force`; the identity sequence moved on.
//! The PostgreSQL tests run when `PASSERELLE_TEST_POSTGRES_URL` is set.

mod common;

use common::{pg_admin_url, Backend, FreshDb};
use passerelle::config::DatabaseConfig;
use passerelle::store::{self, PjRow, Store};
use std::process::{Command, Output};
use std::sync::Arc;

fn bin(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_passerelle"))
        .args(args)
        .env_remove("PASSERELLE_CONFIG")
        .env_remove("PASSERELLE_DATABASE_URL")
        .env("RUST_LOG", "warn")
        .output()
        .unwrap()
}

fn ok(o: &Output) -> String {
    assert!(
        o.status.success(),
        "exit {:?}\nstdout:\n{}\nstderr:\n{}",
        o.status.code(),
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).into_owned()
}

const KEYS: [&str; 4] = ["ECA2600101", "ECA2600102", "ECA2600103", "ECA2600104"];

/// A SQLite file with every kind of row: imported OPIs (before the course
/// structure, so that their wishes are taken), the demo data, laissez-passer,
/// a document with its bytes in the database.
async fn source(dir: &std::path::Path) -> (String, Arc<dyn Store>) {
    let url = format!("sqlite://{}", dir.join("source.db").display());
    let csv = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/opi-import.csv");
    let report = dir.join("opi.report.csv");
    let o = bin(&[
        "import-opi",
        csv,
        "--database",
        &url,
        "--report",
        report.to_str().unwrap(),
    ]);
    assert_eq!(
        o.status.code(),
        Some(2),
        "one OPI of the example is refused on purpose"
    );
    ok(&bin(&["seed-demo", "--database", &url]));
    let lp = dir.join("lp.csv");
    std::fs::write(
        &lp,
        "typLpa;codAnu;numOPI;codEtu;codEtp;codVrsVet;codDip;codVrsVdi;codRgi;codStu;libCmtLpa\n\
         IAPRIMO;2024;ECA2600101;;L1INF;101;LINF;101;;;commission du 3 juillet\n\
         REINS;2024;;21000001;L2INF;101;LINF;101;1;01;redoublement autorisé\n\
         REINS;2024;;21000003;L3INF;101;;;;;\n",
    )
    .unwrap();
    let lp_report = dir.join("lp.report.csv");
    ok(&bin(&[
        "import-lp",
        lp.to_str().unwrap(),
        "--database",
        &url,
        "--report",
        lp_report.to_str().unwrap(),
    ]));
    let s = store::open(&url, &DatabaseConfig::default()).await.unwrap();
    // A REINS laissez-passer that V12 could not key by an individu (its cod_etu
    // matched none) waits in the side table: it is copied too.
    s.sql_write(vec![store::etudiant::Sql::new(
        "INSERT INTO telem_laisser_passer_sans_ind (cod_etu, cod_anu, cod_etp, cod_vrs_vet, \
         lib_cmt_lpa, cod_uti_cre_lpa, dat_cre_lpa) \
         VALUES ('21008888', '2024', 'L1INF', 101, 'inconnu', 'scol', '2024-06-01T10:00:00.000Z')",
        vec![],
    )])
    .await
    .unwrap();
    let (ind, _, _) = s.opi_identity(KEYS[0]).await.unwrap().unwrap();
    let pdf = b"%PDF-1.4\n\x00\x01\x02\xff binary \\ bytes 'quoted'\n%%EOF\n".to_vec();
    s.pj_put(
        &PjRow {
            cod_ind_opi: ind,
            cod_tpj: "CNI".into(),
            cod_opi_int_epo: KEYS[0].into(),
            nom_fic: "cni élodie.pdf".into(),
            taille: pdf.len() as i64,
            mime_type: "application/pdf".into(),
            sha256: "00".repeat(32),
            dat_cre: "2026-11-23T10:00:00Z".into(),
            dat_mod: "2026-11-23T10:00:00Z".into(),
            pending: None,
        },
        Some(pdf),
    )
    .await
    .unwrap();
    (url, s)
}

async fn same_content(a: &dyn Store, b: &dyn Store) {
    for key in KEYS {
        let x = a.find_opi(key).await.unwrap().expect("OPI in the source");
        let y = b.find_opi(key).await.unwrap().expect("OPI copied");
        assert_eq!(x.cod_ind_opi, y.cod_ind_opi, "{key}");
        assert_eq!(x.opi, y.opi, "{key}");
    }
    assert_eq!(a.find_lps().await.unwrap(), b.find_lps().await.unwrap());
    assert_eq!(a.find_lps().await.unwrap().len(), 3);
    let (pa, pb) = (
        a.pj_rows(None).await.unwrap(),
        b.pj_rows(None).await.unwrap(),
    );
    assert_eq!(pa.len(), 1);
    assert_eq!(pa[0].nom_fic, pb[0].nom_fic);
    assert_eq!(pa[0].sha256, pb[0].sha256);
    assert_eq!(
        a.pj_content(pa[0].cod_ind_opi, "CNI").await.unwrap(),
        b.pj_content(pb[0].cod_ind_opi, "CNI").await.unwrap()
    );
    assert_eq!(a.catalogue().await.unwrap(), b.catalogue().await.unwrap());
    use passerelle::domain::Temoin;
    assert_eq!(
        a.pays(None, Temoin::Tous).await.unwrap(),
        b.pays(None, Temoin::Tous).await.unwrap()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_to_postgres_copies_everything() {
    if pg_admin_url().is_none() {
        eprintln!("PASSERELLE_TEST_POSTGRES_URL unset: SQLite → PostgreSQL copy not tested");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (from, src) = source(dir.path()).await;
    let target = FreshDb::new(Backend::Postgres, "passerelle_migrate", "unused.db").await;

    let out = ok(&bin(&[
        "migrate-data",
        "--from",
        &from,
        "--to",
        &target.url,
        "--batch",
        "7",
    ]));
    assert!(out.contains("row counts equal"), "{out}");
    for t in [
        "ind_opi\t5\t5", // 4 pushed by the test + the demo OPI (src/demo.rs)
        "voeux_ins\t",
        "opi_pj_contenu\t1\t1",
        "telem_laisser_passer\t2\t2",
        "telem_laisser_passer_sans_ind\t1\t1",
        "pays\t",
    ] {
        assert!(out.contains(t), "{t} in\n{out}");
    }
    // Parents before children.
    let pos = |t: &str| {
        out.find(&format!("\n{t}\t"))
            .unwrap_or_else(|| panic!("{t}"))
    };
    assert!(pos("ind_opi") < pos("voeux_ins"));
    assert!(pos("opi_pj") < pos("opi_pj_contenu"));
    assert!(pos("diplome") < pos("version_diplome"));
    assert!(pos("individu") < pos("telem_laisser_passer"));

    let dst = store::open(&target.url, &DatabaseConfig::default())
        .await
        .unwrap();
    same_content(src.as_ref(), dst.as_ref()).await;

    // Again: refused, nothing written; with --force: replaced.
    let o = bin(&["migrate-data", "--from", &from, "--to", &target.url]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("already holds rows") && err.contains("--force"),
        "{err}"
    );
    ok(&bin(&[
        "migrate-data",
        "--from",
        &from,
        "--to",
        &target.url,
        "--force",
    ]));
    same_content(src.as_ref(), dst.as_ref()).await;

    // New OPIs get identities after the copied ones.
    let csv = dir.path().join("more.csv");
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/opi-import.csv"
    ))
    .unwrap()
    .replace("ECA26001", "NEW26001");
    std::fs::write(&csv, text).unwrap();
    let o = bin(&[
        "import-opi",
        csv.to_str().unwrap(),
        "--database",
        &target.url,
    ]);
    let summary = String::from_utf8_lossy(&o.stdout);
    let max_copied = {
        let mut m = 0;
        for key in KEYS {
            m = m.max(src.find_opi(key).await.unwrap().unwrap().cod_ind_opi);
        }
        m
    };
    // The demo structure is in the target now, so most wishes are refused; the
    // ones that pass must get fresh identities, not collide.
    assert!(!summary.contains("duplicate key"), "{summary}");
    for key in KEYS {
        let key = key.replace("ECA26001", "NEW26001");
        if let Some(o) = dst.find_opi(&key).await.unwrap() {
            assert!(o.cod_ind_opi > max_copied, "{key}: {}", o.cod_ind_opi);
        }
    }
}

#[test]
fn refuses_other_directions_and_missing_source() {
    let dir = tempfile::tempdir().unwrap();
    let a = format!("sqlite://{}", dir.path().join("a.db").display());
    let o = bin(&["migrate-data", "--from", &a, "--to", &a]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("from sqlite:// to postgres://"));
    let o = bin(&[
        "migrate-data",
        "--from",
        &a,
        "--to",
        "postgres://nobody@127.0.0.1:1/x",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("no such SQLite file"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(
        !dir.path().join("a.db").exists(),
        "the source is not created"
    );
}

#[test]
fn help_names_every_option() {
    let help = ok(&bin(&["migrate-data", "--help"]));
    for flag in [
        "--from",
        "--to",
        "--force",
        "--batch",
        "--config",
        "--log-format",
    ] {
        assert!(
            help.contains(flag),
            "migrate-data --help lacks {flag}:\n{help}"
        );
    }
}
