//! The course-structure store (`Store::catalogue`, `import_catalogue`,
//! `vet_exists`) through the library, without HTTP: on SQLite always, and on
//! PostgreSQL when `PASSERELLE_TEST_POSTGRES_URL` is set (a fresh database per
//! test, dropped afterwards).

mod common;

use common::{backends, pg_admin_url, Backend, FreshDb};
use passerelle::config::DatabaseConfig;
use passerelle::domain::offre::{
    Catalogue, DiplomeRow, ElementPedagogiRow, ElpRegroupeLseRow, EtapeRow, EtpGererCgeRow,
    Libelle, ListeElpRow, LseRegroupeElpRow, VdiFractionnerVetRow, VersionDiplomeRow,
    VersionEtapeRow, VetRegroupeLseRow,
};
use passerelle::store::offre::{self, Format, Kind, ALL, DEMO};
use passerelle::store::{self, ImportCounts, Store};
use std::sync::Arc;
use std::time::Instant;

/// A store on a fresh database.
struct Db {
    store: Arc<dyn Store>,
    url: String,
    _db: FreshDb,
}

impl Db {
    async fn new(backend: Backend) -> Db {
        let db = FreshDb::new(backend, "passerelle_store_offre", "offre.db").await;
        let url = db.url.clone();
        let store = store::open(&url, &DatabaseConfig::default())
            .await
            .expect("store opens");
        Db {
            store,
            url,
            _db: db,
        }
    }

    async fn import(&self, c: &Catalogue) -> ImportCounts {
        self.store
            .import_catalogue(c)
            .await
            .unwrap_or_else(|e| panic!("{}: import: {e}", self.store.backend()))
    }

    async fn read(&self) -> Catalogue {
        self.store.catalogue().await.expect("catalogue")
    }
}

fn example() -> Catalogue {
    offre::parse(include_str!("../examples/offre.yaml"), Format::Yaml).expect("example parses")
}

fn all_new(c: &Catalogue) -> ImportCounts {
    ImportCounts {
        inserted: offre::rows(c),
        updated: 0,
        unchanged: 0,
    }
}

fn all_unchanged(c: &Catalogue) -> ImportCounts {
    ImportCounts {
        inserted: 0,
        updated: 0,
        unchanged: offre::rows(c),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn import_then_read_back_equal_then_reimport_changes_nothing() {
    for b in backends() {
        for (name, c) in [("demo", DEMO.clone()), ("examples/offre.yaml", example())] {
            let db = Db::new(b).await;
            assert_eq!(
                db.read().await,
                Catalogue::default(),
                "{b:?}: empty at first"
            );
            assert_eq!(db.import(&c).await, all_new(&c), "{b:?} {name}");
            assert_eq!(
                db.read().await,
                offre::sorted(&c),
                "{b:?} {name}: read back"
            );
            assert_eq!(
                db.import(&c).await,
                all_unchanged(&c),
                "{b:?} {name}: again"
            );
            // The order of the rows in the file does not matter.
            let mut reversed = c.clone();
            reversed.elements_pedagogi.reverse();
            reversed.versions_etape.reverse();
            assert_eq!(
                db.import(&reversed).await,
                all_unchanged(&c),
                "{b:?} {name}"
            );
            assert_eq!(db.read().await, offre::sorted(&c), "{b:?} {name}");
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn seed_demo_loads_the_demo_catalogue_idempotently() {
    for b in backends() {
        let db = Db::new(b).await;
        assert_eq!(db.store.vet_exists("L1INF", 101).await.unwrap(), None);
        db.store.seed_demo().await.unwrap();
        db.store.seed_demo().await.unwrap();
        assert_eq!(db.read().await, offre::sorted(&DEMO), "{b:?}");
        for (etp, vrs) in [
            ("L1INF", 101),
            ("L1MAT", 101),
            ("L1DRT", 101),
            ("L2INF", 201),
        ] {
            assert_eq!(
                db.store.vet_exists(etp, vrs).await.unwrap(),
                Some(true),
                "{b:?} {etp}/{vrs}"
            );
        }
        // A real catalogue imported on top of the demo keeps both (the codes
        // both use, like cycle 1 or nature UE, take the labels of the last import).
        let counts = db.import(&example()).await;
        assert_eq!(
            counts.inserted + counts.updated + counts.unchanged,
            offre::rows(&example())
        );
        assert_eq!(db.store.vet_exists("L1EXP", 1).await.unwrap(), Some(true));
        assert_eq!(db.store.vet_exists("L1INF", 101).await.unwrap(), Some(true));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_changed_row_is_one_update_and_absent_rows_are_kept() {
    for b in backends() {
        let db = Db::new(b).await;
        db.import(&DEMO).await;
        let mut c = DEMO.clone();
        c.etapes[3].lib_etp = "Licence 1re année Mathématiques (nouvelle maquette)".into();
        assert_eq!(
            db.import(&c).await,
            ImportCounts {
                inserted: 0,
                updated: 1,
                unchanged: offre::rows(&c) - 1
            },
            "{b:?}"
        );
        // Null ↔ value and flags are changes too.
        let mut c2 = c.clone();
        c2.versions_etape[0].lib_dur_vet = None;
        c2.composantes[0].en_service = false;
        c2.elements_pedagogi[0].tem_sus_elp = true;
        let counts = db.import(&c2).await;
        assert_eq!((counts.inserted, counts.updated), (0, 3), "{b:?}");
        assert_eq!(db.read().await, offre::sorted(&c2), "{b:?}");

        // A file with a single new VET of an existing étape: the rest is kept.
        let partial = Catalogue {
            versions_etape: vec![VersionEtapeRow {
                cod_etp: "L1INF".into(),
                cod_vrs_vet: 102,
                lib_web_vet: Some("L1 Informatique – nouvelle maquette".into()),
                cod_cmp: Some("SCI".into()),
                ..Default::default()
            }],
            ..Default::default()
        };
        assert_eq!(db.import(&partial).await, all_new(&partial), "{b:?}");
        let read = db.read().await;
        assert_eq!(read.versions_etape.len(), DEMO.versions_etape.len() + 1);
        assert_eq!(read.elements_pedagogi.len(), DEMO.elements_pedagogi.len());
        assert_eq!(db.store.vet_exists("L1INF", 102).await.unwrap(), Some(true));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bad_reference_is_refused_and_nothing_is_written() {
    for b in backends() {
        let db = Db::new(b).await;
        // Refused on an empty database: the VET's étape is nowhere.
        let mut c = example();
        c.versions_etape.push(VersionEtapeRow {
            cod_etp: "L1XXX".into(),
            cod_vrs_vet: 3,
            ..Default::default()
        });
        let i = c.versions_etape.len() - 1;
        let e = db.store.import_catalogue(&c).await.unwrap_err();
        assert!(offre::is_invalid(&e), "{b:?}: {e}");
        assert!(
            e.to_string().contains(&format!(
                "versions_etape[{i}] (cod_etp=L1XXX): unknown étape"
            )),
            "{b:?}: {e}"
        );
        assert_eq!(
            db.read().await,
            Catalogue::default(),
            "{b:?}: nothing written"
        );
        assert_eq!(db.store.vet_exists("L1EXP", 1).await.unwrap(), None);

        // Once the étape is in the database, the same reference is accepted.
        db.import(&example()).await;
        let later = Catalogue {
            versions_etape: vec![VersionEtapeRow {
                cod_etp: "L1EXP".into(),
                cod_vrs_vet: 2,
                ..Default::default()
            }],
            vet_regroupe_lse: vec![VetRegroupeLseRow {
                cod_etp: "L1EXP".into(),
                cod_vrs_vet: 2,
                cod_lse: "EXPSEM".into(),
            }],
            ..Default::default()
        };
        assert_eq!(db.import(&later).await, all_new(&later), "{b:?}");

        // Several unknown references, in several tables: all named, nothing written.
        let before = db.read().await;
        let bad = Catalogue {
            lse_regroupe_elp: vec![
                LseRegroupeElpRow {
                    cod_lse: "EXPSEM".into(),
                    cod_elp: "NOPE".into(),
                },
                LseRegroupeElpRow {
                    cod_lse: "EXPSEM".into(),
                    cod_elp: "EXPU12".into(),
                },
            ],
            vdi_fractionner_vet: vec![VdiFractionnerVetRow {
                cod_dip: "LIEXP".into(),
                cod_vrs_vdi: 1,
                cod_etp: "L1EXP".into(),
                cod_vrs_vet: 9,
                tem_ouv_rct: true,
                ..Default::default()
            }],
            etp_gerer_cge: vec![EtpGererCgeRow {
                cod_etp: "L1EXP".into(),
                cod_cge: "ZZ9".into(),
                ..Default::default()
            }],
            ..Default::default()
        };
        let e = db
            .store
            .import_catalogue(&bad)
            .await
            .unwrap_err()
            .to_string();
        for p in [
            "lse_regroupe_elp[0] (cod_elp=NOPE): unknown élément pédagogique",
            "vdi_fractionner_vet[0] (cod_etp=L1EXP, cod_vrs_vet=9): unknown version d'étape",
            "etp_gerer_cge[0] (cod_cge=ZZ9): unknown centre de gestion",
        ] {
            assert!(e.contains(p), "{b:?}: {p} not in {e}");
        }
        assert_eq!(db.read().await, before, "{b:?}: nothing written");

        // A value the schema would refuse is refused before, with its place.
        let mut c = example();
        c.etapes[0].cod_etp = "L1EXAMPLE".into();
        let e = db.store.import_catalogue(&c).await.unwrap_err().to_string();
        assert!(
            e.contains("etapes[0].cod_etp: « L1EXAMPLE » has 9 characters, at most 6"),
            "{b:?}: {e}"
        );
        assert_eq!(db.read().await, before, "{b:?}: nothing written");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn vet_exists_is_none_until_a_structure_exists() {
    for b in backends() {
        let db = Db::new(b).await;
        assert_eq!(
            db.store.vet_exists("L1EXP", 1).await.unwrap(),
            None,
            "{b:?}"
        );
        // Reference tables only: still no VET.
        let refs = Catalogue {
            composantes: example().composantes,
            ..Default::default()
        };
        db.import(&refs).await;
        assert_eq!(
            db.store.vet_exists("L1EXP", 1).await.unwrap(),
            None,
            "{b:?}"
        );
        db.import(&example()).await;
        assert_eq!(
            db.store.vet_exists("L1EXP", 1).await.unwrap(),
            Some(true),
            "{b:?}"
        );
        assert_eq!(
            db.store.vet_exists("L1EXP", 2).await.unwrap(),
            Some(false),
            "{b:?}"
        );
        assert_eq!(
            db.store.vet_exists("L9ZZZ", 1).await.unwrap(),
            Some(false),
            "{b:?}"
        );
        assert_eq!(
            db.store.vet_exists("", 0).await.unwrap(),
            Some(false),
            "{b:?}"
        );
    }
}

/// 500 VETs, 20,000 ELPs: 50 diplomas of 10 étapes each; each VET has a list
/// of 20 ELPs whose first groups a sub-list of 20 more.
fn generated() -> Catalogue {
    let t = |s: String| Some(s);
    let mut c = Catalogue {
        composantes: vec![Libelle {
            code: "GEN".into(),
            lib: t("Composante générée".into()),
            lic: None,
            en_service: true,
        }],
        centres_gestion: vec![Libelle {
            code: "GE1".into(),
            lib: t("Centre généré".into()),
            lic: None,
            en_service: true,
        }],
        natures_elp: vec![Libelle {
            code: "UE".into(),
            lib: t("Unité d'enseignement".into()),
            lic: None,
            en_service: true,
        }],
        ..Default::default()
    };
    for d in 0..50 {
        let dip = format!("D{d:04}");
        c.diplomes.push(DiplomeRow {
            cod_dip: dip.clone(),
            lib_dip: format!("Diplôme généré n° {d}"),
            ..Default::default()
        });
        c.versions_diplome.push(VersionDiplomeRow {
            cod_dip: dip.clone(),
            cod_vrs_vdi: 1,
            lib_web_vdi: t(format!("Diplôme généré n° {d}, version 1")),
            cod_cmp: t("GEN".into()),
            ..Default::default()
        });
        for e in 0..10 {
            let n = d * 10 + e;
            let etp = format!("E{n:05}");
            c.etapes.push(EtapeRow {
                cod_etp: etp.clone(),
                lib_etp: format!("Étape générée n° {n}"),
                ..Default::default()
            });
            c.versions_etape.push(VersionEtapeRow {
                cod_etp: etp.clone(),
                cod_vrs_vet: 1,
                lib_web_vet: t(format!("Étape générée n° {n}")),
                cod_cmp: t("GEN".into()),
                nbr_crd_vet: t("60".into()),
                ..Default::default()
            });
            c.vdi_fractionner_vet.push(VdiFractionnerVetRow {
                cod_dip: dip.clone(),
                cod_vrs_vdi: 1,
                cod_etp: etp.clone(),
                cod_vrs_vet: 1,
                daa_deb_rct_vet: t("2024".into()),
                daa_fin_rct_vet: t("2030".into()),
                tem_ouv_rct: true,
            });
            c.etp_gerer_cge.push(EtpGererCgeRow {
                cod_etp: etp.clone(),
                cod_cge: "GE1".into(),
                cod_cmp: t("GEN".into()),
                capacite_accueil: Some(100),
            });
            for (l, kind) in [("A", "O"), ("B", "X")] {
                let lse = format!("L{n:05}{l}");
                c.listes_elp.push(ListeElpRow {
                    cod_lse: lse.clone(),
                    lib_lse: t(format!("Liste {l} de l'étape {n}")),
                    cod_typ_lse: t(kind.into()),
                    ..Default::default()
                });
                for k in 0..20 {
                    let elp = format!("P{:07}", n * 40 + if l == "A" { 0 } else { 20 } + k);
                    c.elements_pedagogi.push(ElementPedagogiRow {
                        cod_elp: elp.clone(),
                        lib_elp: t(format!("Élément {elp}")),
                        cod_nel: t("UE".into()),
                        nbr_crd_elp: t("3".into()),
                        ..Default::default()
                    });
                    c.lse_regroupe_elp.push(LseRegroupeElpRow {
                        cod_lse: lse.clone(),
                        cod_elp: elp,
                    });
                }
            }
            c.vet_regroupe_lse.push(VetRegroupeLseRow {
                cod_etp: etp.clone(),
                cod_vrs_vet: 1,
                cod_lse: format!("L{n:05}A"),
            });
            c.elp_regroupe_lse.push(ElpRegroupeLseRow {
                cod_elp: format!("P{:07}", n * 40),
                cod_lse: format!("L{n:05}B"),
            });
        }
    }
    c
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_catalogue_of_500_vets_and_20000_elps() {
    let c = generated();
    assert_eq!(c.versions_etape.len(), 500);
    assert_eq!(c.elements_pedagogi.len(), 20_000);
    let started = Instant::now();
    assert_eq!(offre::check(&c), Ok(vec![]));
    eprintln!("check of {} rows: {:?}", offre::rows(&c), started.elapsed());
    for b in backends() {
        let db = Db::new(b).await;
        let started = Instant::now();
        assert_eq!(db.import(&c).await, all_new(&c), "{b:?}");
        let import = started.elapsed();
        let started = Instant::now();
        let read = db.read().await;
        let read_time = started.elapsed();
        assert_eq!(read.versions_etape.len(), 500);
        assert_eq!(read.elements_pedagogi.len(), 20_000);
        assert_eq!(read.lse_regroupe_elp.len(), 20_000);
        assert_eq!(read, offre::sorted(&c), "{b:?}");
        let started = Instant::now();
        assert_eq!(db.import(&c).await, all_unchanged(&c), "{b:?}");
        let again = started.elapsed();
        eprintln!(
            "{b:?}: {} rows (500 VETs, 20,000 ELPs): import {import:?}, read {read_time:?}, \
             re-import (all unchanged) {again:?}",
            offre::rows(&c)
        );
    }
}

/// The PostgreSQL migration has the columns of `offre::TABLES`, in order,
/// with their types, lengths and NOT NULL (SQLite: a unit test in
/// src/store/offre.rs).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_migration_matches_the_tables() {
    if pg_admin_url().is_none() {
        return;
    }
    let db = Db::new(Backend::Postgres).await;
    let (c, conn) = tokio_postgres::connect(&db.url, tokio_postgres::NoTls)
        .await
        .unwrap();
    tokio::spawn(conn);
    for t in ALL {
        let def = t.def();
        let rows = c
            .query(
                "SELECT column_name::text, data_type::text, character_maximum_length, \
                        is_nullable::text \
                 FROM information_schema.columns WHERE table_name = $1 \
                 ORDER BY ordinal_position",
                &[&def.table],
            )
            .await
            .unwrap();
        assert_eq!(rows.len(), def.columns.len(), "{}", def.table);
        for (r, col) in rows.iter().zip(def.columns) {
            let name: String = r.get(0);
            let ty: String = r.get(1);
            let len: Option<i32> = r.get(2);
            let nullable: String = r.get(3);
            assert_eq!(name, col.name, "{}", def.table);
            assert_eq!(nullable == "NO", col.required, "{}.{name}", def.table);
            match col.kind {
                k if k.is_int() => assert_eq!(ty, "integer", "{}.{name}", def.table),
                Kind::Flag => assert_eq!(
                    (ty.as_str(), len),
                    ("character", Some(1)),
                    "{}.{name}",
                    def.table
                ),
                k => assert_eq!(len, k.max_len().map(|n| n as i32), "{}.{name}", def.table),
            }
        }
    }
    // Every foreign key is deferred to the commit.
    let immediate: i64 = c
        .query_one(
            "SELECT count(*) FROM pg_constraint WHERE contype = 'f' \
             AND conrelid::regclass::text IN ('diplome', 'version_diplome', 'etape', \
             'version_etape', 'vdi_fractionner_vet', 'etp_gerer_cge', 'element_pedagogi', \
             'vet_regroupe_lse', 'lse_regroupe_elp', 'elp_regroupe_lse') \
             AND NOT (condeferrable AND condeferred)",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    assert_eq!(immediate, 0);
}
