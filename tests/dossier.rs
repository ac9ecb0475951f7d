//! `Store::import_dossier` (student data in bulk) on both back-ends, without
//! HTTP: upsert by primary key, counts, unchanged re-runs, refusals that write
//! nothing, and the `import-etudiants` command.

mod common;

use common::{backends, Backend, FreshDb};
use passerelle::config::DatabaseConfig;
use passerelle::store::dossier::{self, Format};
use passerelle::store::{self, ImportCounts};

const FILE: &str = r#"
individu:
  - { cod_ind: 1001, cod_etu: 21000001, lib_nom_pat_ind: MARTIN, lib_pr1_ind: CAMILLE,
      date_nai_ind: "2003-04-12", cod_nne_ind: "1234567890", cod_cle_nne_ind: A }
  - { cod_ind: 1002, cod_etu: "21000002", lib_nom_pat_ind: LEFEVRE, lib_pr1_ind: LEA,
      date_nai_ind: "2005-11-30", tem_date_nai_rel: N }
"#;

fn counts(inserted: usize, updated: usize, unchanged: usize) -> ImportCounts {
    ImportCounts {
        inserted,
        updated,
        unchanged,
    }
}

#[tokio::test]
async fn upserts_by_primary_key_on_every_backend() {
    for backend in backends() {
        let db = FreshDb::new(backend, "passerelle_dossier", "dossier.db").await;
        let s = store::open(&db.url, &DatabaseConfig::default())
            .await
            .unwrap();
        let d = dossier::parse(FILE, Format::Yaml).unwrap();
        assert_eq!(
            s.import_dossier(&d).await.unwrap(),
            counts(2, 0, 0),
            "{backend:?}"
        );
        // The same file again: nothing changes.
        assert_eq!(
            s.import_dossier(&d).await.unwrap(),
            counts(0, 0, 2),
            "{backend:?}"
        );
        // One column changed on one row; columns not given are kept.
        let d2 = dossier::parse(
            "individu:\n  - { cod_ind: 1001, lib_nom_usu_ind: DURAND }\n",
            Format::Yaml,
        );
        // cod_ind alone plus lib_nom_usu_ind: the NOT NULL columns are kept from the stored row.
        assert_eq!(
            s.import_dossier(&d2.unwrap()).await.unwrap(),
            counts(0, 1, 0),
            "{backend:?}"
        );
        // Refusals name the place and write nothing (the first row would be new).
        let bad = dossier::parse(
            "individu:\n  - { cod_ind: 1003, cod_etu: 21000003, lib_nom_pat_ind: X, lib_pr1_ind: Y, date_nai_ind: '2001-01-01' }\n  - { cod_ind: 1004, colour: red }\n",
            Format::Yaml,
        )
        .unwrap();
        let e = s.import_dossier(&bad).await.unwrap_err();
        assert!(dossier::is_invalid(&e), "{backend:?}: {e}");
        assert!(e.to_string().contains("individu[1].colour"), "{e}");
        // A constraint the database enforces (student number taken): named, rolled back.
        let dup = dossier::parse(
            "individu:\n  - { cod_ind: 1003, cod_etu: 21000003, lib_nom_pat_ind: X, lib_pr1_ind: Y, date_nai_ind: '2001-01-01' }\n  - { cod_ind: 1004, cod_etu: 21000001, lib_nom_pat_ind: X, lib_pr1_ind: Y, date_nai_ind: '2001-01-01' }\n",
            Format::Yaml,
        )
        .unwrap();
        let e = s.import_dossier(&dup).await.unwrap_err();
        assert!(dossier::is_invalid(&e), "{backend:?}: {e}");
        assert!(e.to_string().contains("individu[1]"), "{e}");
        // Neither refused file left a row behind.
        let again = dossier::parse(
            "individu:\n  - { cod_ind: 1003, cod_etu: 21000003, lib_nom_pat_ind: X, lib_pr1_ind: Y, date_nai_ind: '2001-01-01' }\n",
            Format::Yaml,
        )
        .unwrap();
        assert_eq!(
            s.import_dossier(&again).await.unwrap(),
            counts(1, 0, 0),
            "{backend:?}"
        );
        if backend == Backend::Sqlite {
            // A date in another shape is refused by the column's check.
            let e = s
                .import_dossier(
                    &dossier::parse(
                        "individu:\n  - { cod_ind: 1009, lib_nom_pat_ind: X, lib_pr1_ind: Y, date_nai_ind: '12/04/2003' }\n",
                        Format::Yaml,
                    )
                    .unwrap(),
                )
                .await
                .unwrap_err();
            assert!(e.to_string().contains("individu[0]"), "{e}");
        }
    }
}

#[test]
fn import_etudiants_command() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("etudiants.json");
    std::fs::write(
        &file,
        r#"{"individu": [{"cod_ind": 7, "cod_etu": 21000007, "lib_nom_pat_ind": "MARTIN",
             "lib_pr1_ind": "CAMILLE", "date_nai_ind": "2003-04-12"}]}"#,
    )
    .unwrap();
    let url = format!("sqlite://{}", dir.path().join("p.db").display());
    let run = |f: &std::path::Path| {
        std::process::Command::new(env!("CARGO_BIN_EXE_passerelle"))
            .args(["import-etudiants", f.to_str().unwrap(), "--database", &url])
            .output()
            .unwrap()
    };
    let out = run(&file);
    assert!(out.status.success(), "{out:?}");
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("1 inserted"),
        "{out:?}"
    );
    let out = run(&file);
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("1 unchanged"),
        "{out:?}"
    );
    let bad = dir.path().join("bad.yaml");
    std::fs::write(&bad, "etudiants:\n  - {}\n").unwrap();
    let out = run(&bad);
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown table `etudiants`"));
}
