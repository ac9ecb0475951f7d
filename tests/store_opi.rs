//! `Store::upsert_opi` / `Store::find_opi` through the library, without HTTP:
//! on SQLite always, and on PostgreSQL when `PASSERELLE_TEST_POSTGRES_URL` is
//! set (a fresh database per test, dropped afterwards).

mod common;

use common::{backends, Backend, FreshDb};
use passerelle::config::DatabaseConfig;
use passerelle::domain::opi::{AdresseOpi, IndOpi, Opi, OpiBac, OpiDac, OpiThese, Voeu, Voeux};
use passerelle::store::{self, OpiWrite, Store, StoreError};
use std::collections::HashSet;
use std::sync::Arc;
use time::macros::date;

/// A store on a fresh database, plus direct SQL access to look under it.
struct Db {
    backend: Backend,
    store: Arc<dyn Store>,
    url: String,
    _db: FreshDb,
}

impl Db {
    async fn new(backend: Backend) -> Db {
        let db = FreshDb::new(backend, "passerelle_store_opi", "opi.db").await;
        let url = db.url.clone();
        let store = store::open(&url, &DatabaseConfig::default())
            .await
            .expect("store opens");
        Db {
            backend,
            store,
            url,
            _db: db,
        }
    }

    /// Runs `f` on a new SQLite connection to the test database (blocking thread).
    async fn on_sqlite<R: Send + 'static>(
        &self,
        f: impl FnOnce(rusqlite::Connection) -> R + Send + 'static,
    ) -> R {
        let path = self.url.strip_prefix("sqlite://").unwrap().to_string();
        tokio::task::spawn_blocking(move || f(rusqlite::Connection::open(path).unwrap()))
            .await
            .unwrap()
    }

    /// A new PostgreSQL connection to the test database.
    async fn pg(&self) -> tokio_postgres::Client {
        let (c, conn) = tokio_postgres::connect(&self.url, tokio_postgres::NoTls)
            .await
            .unwrap();
        tokio::spawn(conn);
        c
    }

    /// One text value (`CAST(… AS TEXT)` works on both dialects).
    async fn text(&self, sql: &str) -> Option<String> {
        let sql = sql.to_string();
        match self.backend {
            Backend::Sqlite => {
                self.on_sqlite(move |c| c.query_row(&sql, [], |r| r.get(0)).unwrap())
                    .await
            }
            Backend::Postgres => self.pg().await.query_one(&sql, &[]).await.unwrap().get(0),
        }
    }

    /// Runs statements that return no row.
    async fn exec(&self, sql: &str) {
        let sql = sql.to_string();
        match self.backend {
            Backend::Sqlite => {
                self.on_sqlite(move |c| c.execute_batch(&sql).unwrap())
                    .await
            }
            Backend::Postgres => self.pg().await.batch_execute(&sql).await.unwrap(),
        }
    }

    async fn count(&self, sql: &str) -> i64 {
        self.text(&format!("SELECT CAST(({sql}) AS TEXT)"))
            .await
            .unwrap()
            .parse()
            .unwrap()
    }

    async fn dates(&self, key: &str) -> (String, String) {
        let q = |col: &str| {
            format!("SELECT CAST({col} AS TEXT) FROM ind_opi WHERE cod_opi_int_epo = '{key}'")
        };
        (
            self.text(&q("dat_cre_ind_opi")).await.unwrap(),
            self.text(&q("dat_mod_ind_opi")).await.unwrap(),
        )
    }

    async fn read(&self, key: &str) -> Opi {
        self.store
            .find_opi(key)
            .await
            .expect("find_opi")
            .expect("stored")
            .opi
    }
}

fn s(v: &str) -> Option<String> {
    Some(v.to_string())
}

fn voeu(cge: &str, etp: &str, vet: i32) -> Voeu {
    Voeu {
        cod_cge: s(cge),
        cod_etp: s(etp),
        cod_vrs_vet: Some(vet),
        cod_dem_dos: s("C"),
        num_cls: Some(1),
        cod_dec_veu: s("F"),
        tem_val_psd: s("N"),
        cod_dip: s("LINF"),
        cod_vrs_vdi: Some(1),
        dat_cvc: s("01/09/2025"),
        dhh_cvc: Some(9),
        dmn_cvc: Some(30),
        lib_cmt_jur: s("Avis favorable — très bon dossier"),
        com_exo_ext: s("150.00"),
        ..Voeu::default()
    }
}

/// A full OPI: every block, accented names, three wishes (in stored order).
fn sample(key: &str) -> Opi {
    Opi {
        individu: IndOpi {
            cod_etu_opi: Some(21_004_567),
            cod_opi_int_epo: s(key),
            lib_nom_pat_ind_opi: s("LEFÈVRE"),
            lib_nom_usu_ind_opi: s("ŒUVRARD"),
            lib_pr1_ind_opi: s("Élodie"),
            lib_pr2_ind_opi: s("Œ"),
            date_nai_ind_opi: Some(date!(2004 - 01 - 31)),
            tem_date_nai_rel_opi: s("N"),
            cod_sex_etu_opi: s("F"),
            cod_nne_ind_opi: s("1234567890"),
            cod_cle_nne_ind_opi: s("A"),
            cod_pay_nat: s("100"),
            cod_typ_dep_pay_nai: s("D"),
            cod_dep_pay_nai: s("075"),
            lib_vil_nai_etu_opi: s("Paris 5e"),
            adr_mail_opi: s("elodie.lefevre@example.fr"),
            num_tel_por_opi: s("0601020304"),
            daa_ens_sup_opi: s("2022"),
            tem_prl_ann_crt: s("N"),
            ..IndOpi::default()
        },
        adresse_fixe: Some(AdresseOpi {
            cod_bdi: s("75005"),
            cod_com: s("75105"),
            cod_pay: s("100"),
            lib_ad1: s("12 rue de l'Église"),
            lib_ad2: s("Bâtiment Ä"),
            ..AdresseOpi::default()
        }),
        adresse_annuelle: Some(AdresseOpi {
            cod_pay: s("212"),
            lib_ad1: s("Calle Mayor 3"),
            lib_ade: s("Málaga"),
            num_tel: s("+34 600 000 000"),
            ..AdresseOpi::default()
        }),
        bac: Some(OpiBac {
            cod_bac: s("G"),
            cod_dep: s("075"),
            cod_etb: s("0750654D"),
            cod_mnb: s("TB"),
            daa_obt_bac_oba: s("2022"),
            cod_spe1_bac_ter: s("MATHS"),
            cod_spe2_bac_ter: s("NSI"),
            ..OpiBac::default()
        }),
        dac: Some(OpiDac {
            cod_dac: s("0031"),
            cod_nif: Some(1),
            nbr_crd_cur: s("60.5"),
            tem_obt_dac: s("O"),
            dip_cur: s("Licence d'informatique"),
            ..OpiDac::default()
        }),
        voeux: Voeux::Replace(vec![
            voeu("CG1", "L1INF", 101),
            voeu("CG1", "L2INF", 101),
            voeu("CG2", "M1MAT", 201),
        ]),
        these: Some(OpiThese {
            cod_dip: s("DOCINF"),
            cod_vrs_vdi: Some(1),
            cod_etp: s("D1INF"),
            cod_vrs_vet: Some(1),
            lib_ths: s("Étude des systèmes répartis"),
            cod_per_dir: Some(42),
            ..OpiThese::default()
        }),
    }
}

fn wishes(opi: &Opi) -> Vec<Voeu> {
    match &opi.voeux {
        Voeux::Replace(v) => v.clone(),
        other => panic!("stored wishes should read as Replace, not {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn created_then_read_back_equal() {
    for backend in backends() {
        let db = Db::new(backend).await;
        let opi = sample("EC0000001");
        passerelle::domain::opi::validate(&opi, date!(2025 - 06 - 01)).expect("valid sample");
        let w = db.store.upsert_opi(&opi).await.unwrap();
        let OpiWrite::Created(id) = w else {
            panic!("{backend:?}: {w:?}")
        };
        let stored = db.store.find_opi("EC0000001").await.unwrap().unwrap();
        assert_eq!(stored.cod_ind_opi, id, "{backend:?}");
        assert_eq!(stored.opi, opi, "{backend:?}: read back equal");
        assert!(db.store.find_opi("EC0000002").await.unwrap().is_none());

        // Wishes read back ordered by (cod_cge, cod_etp, cod_vrs_vet) whatever
        // the order sent; no wish at all reads as Replace(vec![]); blocks of
        // nulls are rows of nulls.
        let mut other = sample("EC0000002");
        other.voeux = Voeux::Replace(vec![
            voeu("CG2", "M1MAT", 201),
            voeu("CG1", "L2INF", 101),
            voeu("CG1", "L1INF", 1),
        ]);
        other.adresse_annuelle = Some(AdresseOpi::default());
        other.bac = None;
        db.store.upsert_opi(&other).await.unwrap();
        let back = db.read("EC0000002").await;
        let keys: Vec<_> = wishes(&back)
            .iter()
            .map(|v| {
                (
                    v.cod_cge.clone().unwrap(),
                    v.cod_etp.clone().unwrap(),
                    v.cod_vrs_vet.unwrap(),
                )
            })
            .collect();
        assert_eq!(
            keys,
            [
                ("CG1".into(), "L1INF".into(), 1),
                ("CG1".into(), "L2INF".into(), 101),
                ("CG2".into(), "M1MAT".into(), 201)
            ],
            "{backend:?}"
        );
        assert_eq!(back.adresse_annuelle, Some(AdresseOpi::default()));
        assert_eq!(back.bac, None);

        let mut bare = sample("EC0000003");
        bare.voeux = Voeux::Unchanged;
        db.store.upsert_opi(&bare).await.unwrap();
        assert_eq!(db.read("EC0000003").await.voeux, Voeux::Replace(vec![]));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn identical_resend_writes_nothing_and_a_change_updates() {
    for backend in backends() {
        let db = Db::new(backend).await;
        let opi = sample("EC0000010");
        let id = db.store.upsert_opi(&opi).await.unwrap().cod_ind_opi();
        let (cre, modif) = db.dates("EC0000010").await;
        assert_eq!(cre, modif);
        tokio::time::sleep(std::time::Duration::from_millis(30)).await;

        let w = db.store.upsert_opi(&opi).await.unwrap();
        assert_eq!(w, OpiWrite::Unchanged(id), "{backend:?}");
        assert_eq!(
            db.dates("EC0000010").await,
            (cre.clone(), modif.clone()),
            "{backend:?}"
        );

        let mut changed = opi.clone();
        changed.individu.lib_pr2_ind_opi = s("Zoé");
        let w = db.store.upsert_opi(&changed).await.unwrap();
        assert_eq!(w, OpiWrite::Updated(id), "{backend:?}");
        let (cre2, mod2) = db.dates("EC0000010").await;
        assert_eq!(cre2, cre, "{backend:?}: creation date kept");
        assert!(mod2 > modif, "{backend:?}: {mod2} after {modif}");
        assert_eq!(db.read("EC0000010").await, changed);
        assert_eq!(db.count("SELECT count(*) FROM ind_opi").await, 1);

        // Back to the first content: a change again (the hash is of the last write).
        assert_eq!(
            db.store.upsert_opi(&opi).await.unwrap(),
            OpiWrite::Updated(id)
        );
        assert_eq!(db.read("EC0000010").await, opi);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn absent_blocks_are_kept_sent_blocks_replaced() {
    for backend in backends() {
        let db = Db::new(backend).await;
        let full = sample("EC0000020");
        db.store.upsert_opi(&full).await.unwrap();

        // Nothing but the individual: every stored block and wish is kept.
        let partial = Opi {
            individu: IndOpi {
                lib_nom_usu_ind_opi: s("MARTIN"),
                ..full.individu.clone()
            },
            adresse_fixe: None,
            adresse_annuelle: None,
            bac: None,
            dac: None,
            voeux: Voeux::Unchanged,
            these: None,
        };
        assert!(matches!(
            db.store.upsert_opi(&partial).await.unwrap(),
            OpiWrite::Updated(_)
        ));
        let back = db.read("EC0000020").await;
        assert_eq!(back.individu, partial.individu, "{backend:?}");
        assert_eq!(
            Opi {
                individu: full.individu.clone(),
                ..back.clone()
            },
            full,
            "{backend:?}: blocks and wishes kept"
        );

        // Sent blocks replace the stored ones as a whole (no field merge).
        let bac = OpiBac {
            cod_bac: s("STMG"),
            daa_obt_bac_oba: s("2023"),
            ..OpiBac::default()
        };
        let adresse = AdresseOpi {
            lib_ad1: s("1 place du Marché"),
            ..AdresseOpi::default()
        };
        let sent = Opi {
            bac: Some(bac.clone()),
            adresse_fixe: Some(adresse.clone()),
            ..partial.clone()
        };
        db.store.upsert_opi(&sent).await.unwrap();
        let back = db.read("EC0000020").await;
        assert_eq!(back.bac, Some(bac), "{backend:?}");
        assert_eq!(back.adresse_fixe, Some(adresse), "{backend:?}");
        assert_eq!(back.adresse_annuelle, full.adresse_annuelle, "{backend:?}");
        assert_eq!(back.dac, full.dac);
        assert_eq!(back.these, full.these);
        assert_eq!(back.voeux, full.voeux);
        assert_eq!(db.count("SELECT count(*) FROM adresse_opi").await, 2);
        assert_eq!(db.count("SELECT count(*) FROM opi_bac").await, 1);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn wishes_replaced_kept_and_cleared() {
    for backend in backends() {
        let db = Db::new(backend).await;
        let mut opi = sample("EC0000030");
        db.store.upsert_opi(&opi).await.unwrap();
        // Another individual's wishes must never be touched.
        db.store.upsert_opi(&sample("EC0000031")).await.unwrap();

        // Replace: one kept but changed, one new, two gone.
        let mut kept = voeu("CG1", "L2INF", 101);
        kept.cod_dec_veu = s("D");
        kept.lib_cmt_jur = None;
        let new = voeu("CG3", "L3PHY", 301);
        opi.voeux = Voeux::Replace(vec![new.clone(), kept.clone()]);
        db.store.upsert_opi(&opi).await.unwrap();
        assert_eq!(
            wishes(&db.read("EC0000030").await),
            vec![kept.clone(), new.clone()],
            "{backend:?}: exactly the new wishes, ordered"
        );

        // Unchanged: kept, even though the individual changes.
        opi.voeux = Voeux::Unchanged;
        opi.individu.lib_pr3_ind_opi = s("Anaïs");
        assert!(matches!(
            db.store.upsert_opi(&opi).await.unwrap(),
            OpiWrite::Updated(_)
        ));
        assert_eq!(
            wishes(&db.read("EC0000030").await),
            vec![kept.clone(), new.clone()],
            "{backend:?}"
        );

        // Clear: none left.
        opi.voeux = Voeux::Clear;
        db.store.upsert_opi(&opi).await.unwrap();
        assert_eq!(db.read("EC0000030").await.voeux, Voeux::Replace(vec![]));

        // Replace with an empty list behaves as Clear.
        opi.voeux = Voeux::Replace(vec![new.clone()]);
        db.store.upsert_opi(&opi).await.unwrap();
        opi.voeux = Voeux::Replace(vec![]);
        db.store.upsert_opi(&opi).await.unwrap();
        assert_eq!(db.read("EC0000030").await.voeux, Voeux::Replace(vec![]));

        assert_eq!(
            db.read("EC0000031").await,
            sample("EC0000031"),
            "{backend:?}: the other individual is untouched"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_failed_write_leaves_nothing() {
    for backend in backends() {
        let db = Db::new(backend).await;
        // Too long for voeux_ins.mtf_cat VARCHAR(200): the domain would refuse
        // it; the store must refuse it too, after the individual was written.
        let mut bad = sample("EC0000040");
        let mut w = voeu("CG9", "L9BAD", 9);
        w.mtf_cat = Some("é".repeat(201));
        bad.voeux = Voeux::Replace(vec![voeu("CG1", "L1INF", 101), w]);
        let e = db.store.upsert_opi(&bad).await.unwrap_err();
        assert!(matches!(e, StoreError::Database(_)), "{backend:?}: {e:?}");
        assert!(db.store.find_opi("EC0000040").await.unwrap().is_none());
        for table in [
            "ind_opi",
            "adresse_opi",
            "opi_bac",
            "opi_dac",
            "opi_these",
            "voeux_ins",
        ] {
            assert_eq!(
                db.count(&format!("SELECT count(*) FROM {table}")).await,
                0,
                "{backend:?}: {table} after a failed creation"
            );
        }

        // A failed update leaves the stored OPI as it was.
        let good = sample("EC0000041");
        db.store.upsert_opi(&good).await.unwrap();
        let dates = db.dates("EC0000041").await;
        let mut bad = good.clone();
        bad.individu.lib_nom_pat_ind_opi = s("DUPONT");
        bad.voeux = Voeux::Clear;
        bad.adresse_fixe = None;
        bad.these.as_mut().unwrap().lib_ths = Some("x".repeat(201));
        let e = db.store.upsert_opi(&bad).await.unwrap_err();
        assert!(matches!(e, StoreError::Database(_)), "{backend:?}: {e:?}");
        assert_eq!(db.read("EC0000041").await, good, "{backend:?}");
        assert_eq!(db.dates("EC0000041").await, dates);
        // And the store still works.
        assert!(matches!(
            db.store.upsert_opi(&good).await.unwrap(),
            OpiWrite::Unchanged(_)
        ));
    }
}

/// Two contents for the same key that differ everywhere: other wishes (other
/// keys), other values in every block.
fn rival(key: &str, which: usize) -> Opi {
    let mut opi = sample(key);
    if which == 1 {
        opi.individu.lib_pr1_ind_opi = s("Zoé");
        opi.adresse_fixe.as_mut().unwrap().lib_ad1 = s("2 avenue Foch");
        opi.adresse_annuelle.as_mut().unwrap().lib_ade = s("Sevilla");
        opi.bac.as_mut().unwrap().cod_bac = s("S");
        opi.dac.as_mut().unwrap().cod_nif = Some(2);
        opi.these.as_mut().unwrap().cod_per_dir = Some(43);
        opi.voeux = Voeux::Replace(vec![
            voeu("CG1", "L1INF", 102),
            voeu("CG3", "L3PHY", 301),
            voeu("CG4", "M2MAT", 402),
            voeu("CG5", "M2INF", 502),
        ]);
    }
    opi
}

#[tokio::test(flavor = "multi_thread", worker_threads = 8)]
async fn concurrent_upserts_of_one_key_leave_one_whole_content() {
    for backend in backends() {
        let db = Db::new(backend).await;
        for round in 0..4 {
            let key = format!("EC00005{round:02}");
            let contents = [rival(&key, 0), rival(&key, 1)];
            if round % 2 == 1 {
                // Also from an existing individual holding a third content.
                let mut third = sample(&key);
                third.voeux = Voeux::Replace(vec![voeu("CG7", "L7XXX", 7)]);
                db.store.upsert_opi(&third).await.unwrap();
            }
            let tasks: Vec<_> = (0..32)
                .map(|i| {
                    let store = db.store.clone();
                    let opi = contents[i % 2].clone();
                    tokio::spawn(async move { store.upsert_opi(&opi).await })
                })
                .collect();
            let mut ids = HashSet::new();
            let mut created = 0;
            for t in tasks {
                let w = t
                    .await
                    .unwrap()
                    .unwrap_or_else(|e| panic!("{backend:?}: {e}"));
                created += usize::from(matches!(w, OpiWrite::Created(_)));
                ids.insert(w.cod_ind_opi());
            }
            assert_eq!(ids.len(), 1, "{backend:?}: one individual");
            assert_eq!(created, usize::from(round % 2 == 0), "{backend:?}");
            assert_eq!(
                db.count(&format!(
                    "SELECT count(*) FROM ind_opi WHERE cod_opi_int_epo = '{key}'"
                ))
                .await,
                1
            );
            let stored = db.read(&key).await;
            assert!(
                stored == contents[0] || stored == contents[1],
                "{backend:?} round {round}: a mix of the two contents: {:?}",
                wishes(&stored)
                    .iter()
                    .map(|v| (v.cod_etp.clone(), v.cod_vrs_vet))
                    .collect::<Vec<_>>()
            );
            let n = wishes(&stored).len() as i64;
            let id = ids.into_iter().next().unwrap();
            assert_eq!(
                db.count(&format!(
                    "SELECT count(*) FROM voeux_ins WHERE cod_ind_opi = {id}"
                ))
                .await,
                n
            );
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 8)]
async fn concurrent_upserts_of_distinct_keys_all_land() {
    for backend in backends() {
        let db = Db::new(backend).await;
        let tasks: Vec<_> = (0..200)
            .map(|i| {
                let store = db.store.clone();
                tokio::spawn(async move {
                    let opi = sample(&format!("EC{i:08}"));
                    store.upsert_opi(&opi).await
                })
            })
            .collect();
        let mut ids = HashSet::new();
        for t in tasks {
            let w = t
                .await
                .unwrap()
                .unwrap_or_else(|e| panic!("{backend:?}: {e}"));
            assert!(matches!(w, OpiWrite::Created(_)), "{backend:?}: {w:?}");
            ids.insert(w.cod_ind_opi());
        }
        assert_eq!(ids.len(), 200);
        assert_eq!(db.count("SELECT count(*) FROM ind_opi").await, 200);
        assert_eq!(db.count("SELECT count(*) FROM voeux_ins").await, 600);
        assert_eq!(db.read("EC00000123").await, sample("EC00000123"));
    }
}

/// The wish check's cache (`database.vet_cache_secs`, `store/vet_cache.rs`):
/// a VET added to the course structure is accepted at once (unknown keys are
/// always read again); one found is remembered, so removing it is seen only by
/// a store without the cache (or after the TTL).
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn the_wish_check_remembers_found_vets_only() {
    for backend in backends() {
        let db = Db::new(backend).await;
        db.store.seed_demo().await.unwrap();
        let uncached = store::open(
            &db.url,
            &DatabaseConfig {
                vet_cache_secs: 0.0,
                ..DatabaseConfig::default()
            },
        )
        .await
        .unwrap();
        let keys = [("L1INF".to_string(), 101), ("TSTVET".to_string(), 1)];
        let check = |st: &Arc<dyn Store>| {
            let st = st.clone();
            let keys = keys.clone();
            async move { st.vets_exist(&keys).await.unwrap() }
        };
        assert_eq!(
            check(&db.store).await,
            Some(vec![true, false]),
            "{backend:?}"
        );
        // Added: accepted at once, although it was just found missing.
        db.exec(
            "INSERT INTO etape (cod_etp, lib_etp) VALUES ('TSTVET', 'Étape de test'); \
             INSERT INTO version_etape (cod_etp, cod_vrs_vet) VALUES ('TSTVET', 1);",
        )
        .await;
        assert_eq!(
            check(&db.store).await,
            Some(vec![true, true]),
            "{backend:?}"
        );
        // Removed: the caching store still accepts it (remembered), the other does not.
        db.exec(
            "DELETE FROM version_etape WHERE cod_etp = 'TSTVET'; \
             DELETE FROM etape WHERE cod_etp = 'TSTVET';",
        )
        .await;
        assert_eq!(
            check(&db.store).await,
            Some(vec![true, true]),
            "{backend:?}"
        );
        assert_eq!(
            check(&uncached).await,
            Some(vec![true, false]),
            "{backend:?}"
        );
    }
}
