//! `AdministratifMetier` over HTTP on SQLite and PostgreSQL: each operation as
//! esup-mdw, esup-pstage and eCandidat call it, each state filter, each fault
//! code, SOAP 1.2, the dated namespaces of older clients.

mod common;

use common::etudiant_ins::*;
use common::{backends, envelope12, op, Backend};

fn fault(r: &common::Reply) -> String {
    assert_eq!(r.status, 500, "{}", r.body);
    r.fault_string().unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn annees_ia_by_state() {
    for b in backends() {
        let app = app(b).await;
        // esup-mdw: recupererAnneesIa(codEtu, null) → every year, oldest first.
        let r = app.recuperer_annees_ia(CAMILLE, None).await;
        assert_eq!(r.status, 200, "{b:?} {}", r.body);
        assert_eq!(
            all_texts(&r.body, "recupererAnneesIaReturn"),
            ["2022", "2023", "2024"],
            "{b:?}"
        );
        // The cancelled 2023 registration of 1003.
        let all = app.recuperer_annees_ia(OEDIPE, "toutes").await;
        assert_eq!(
            all_texts(&all.body, "recupererAnneesIaReturn"),
            ["2023", "2024"]
        );
        let e = app.recuperer_annees_ia(OEDIPE, "E").await;
        assert_eq!(all_texts(&e.body, "recupererAnneesIaReturn"), ["2024"]);
        let a = app.recuperer_annees_ia(OEDIPE, "A").await;
        assert_eq!(all_texts(&a.body, "recupererAnneesIaReturn"), ["2023"]);
        let are = app.recuperer_annees_ia(OEDIPE, "ARE").await;
        assert_eq!(
            all_texts(&are.body, "recupererAnneesIaReturn"),
            ["2023", "2024"]
        );
        // nil and empty mean "all" too (PHP, zeep).
        for p in [P::Nil, P::Empty] {
            let r = app.recuperer_annees_ia(OEDIPE, p).await;
            assert_eq!(
                all_texts(&r.body, "recupererAnneesIaReturn").len(),
                2,
                "{p:?}"
            );
        }
        // Nothing: findIAA; unknown student: codEtu.
        assert_eq!(
            fault(&app.recuperer_annees_ia(SANS_IA, None).await),
            "technical.data.nullretrieve.findIAA"
        );
        assert_eq!(
            fault(&app.recuperer_annees_ia(CAMILLE, "A").await),
            "technical.data.nullretrieve.findIAA"
        );
        assert_eq!(
            fault(&app.recuperer_annees_ia(INCONNU, None).await),
            "technical.parameter.noncoherentinput.codEtu"
        );
        assert_eq!(
            fault(&app.recuperer_annees_ia("21A", None).await),
            "technical.parameter.noncoherentinput.codEtu"
        );
        assert_eq!(
            fault(&app.recuperer_annees_ia(CAMILLE, "E,A").await),
            "technical.parameter.noncoherentinput.etatInscriptionIA"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ia_annuelles_v2() {
    for b in backends() {
        let app = app(b).await;
        // esup-mdw: (codEtu, year or "toutes", "ARE").
        let r = app
            .recuperer_ia_annuelles_v2(CAMILLE, "toutes", "ARE")
            .await;
        assert_eq!(r.status, 200, "{b:?} {}", r.body);
        // The §1.4 exception: response and return element names.
        assert!(
            r.body.contains("recupererIAAnnuellesResponse_v2"),
            "{}",
            r.body
        );
        assert_eq!(r.count("recupererIAAnnuellesReturn_v2"), 3);
        assert_eq!(all_texts(&r.body, "anneeIAA"), ["2022", "2023", "2024"]);
        let one = app.recuperer_ia_annuelles_v2(CAMILLE, "2023", "ARE").await;
        assert_eq!(one.count("recupererIAAnnuellesReturn_v2"), 1);
        assert_eq!(
            one.text_of("dateIAA").as_deref(),
            Some("2023-07-12T00:00:00")
        );
        assert_eq!(one.text_of("codeEtatIAA").as_deref(), Some("E"));
        assert_eq!(one.text_of("libEtatIAA").as_deref(), Some("En cours"));
        assert_eq!(one.text_of("codRgi").as_deref(), Some("1"));
        assert_eq!(one.text_of("libRgi").as_deref(), Some("Formation initiale"));
        assert!(
            one.body.contains("<cpam xsi:nil=\"true\"/>"),
            "{}",
            one.body
        );
        // esup-pstage: (codEtu, current year, "E").
        let hugo = app.recuperer_ia_annuelles_v2(HUGO, "2024", "E").await;
        assert_eq!(
            hugo.text_of("libRgi").as_deref(),
            Some("Formation continue")
        );
        assert_eq!(
            hugo.text_of("libelleWeb").as_deref(),
            Some("Étudiant salarié")
        );
        // The cancelled year of 1003: only with A.
        assert_eq!(
            fault(&app.recuperer_ia_annuelles_v2(OEDIPE, "2023", "E").await),
            "technical.data.nullretrieve.findIAA"
        );
        let a = app.recuperer_ia_annuelles_v2(OEDIPE, "2023", "A").await;
        assert_eq!(a.text_of("codeEtatIAA").as_deref(), Some("A"));
        assert_eq!(a.text_of("libEtatIAA").as_deref(), Some("Annulée"));
        assert_eq!(
            fault(
                &app.recuperer_ia_annuelles_v2(SANS_IA, "toutes", "ARE")
                    .await
            ),
            "technical.data.nullretrieve.findIAA"
        );
        assert_eq!(
            fault(&app.recuperer_ia_annuelles_v2(INCONNU, "toutes", "E").await),
            "technical.parameter.noncoherentinput.codEtu"
        );
        assert_eq!(
            fault(&app.recuperer_ia_annuelles_v2(CAMILLE, "24", "E").await),
            "technical.parameter.noncoherentinput.annee"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ia_etapes_v3_and_v2() {
    for b in backends() {
        let app = app(b).await;
        // esup-mdw: ("toutes", "ARE", "ARE").
        let r = app
            .recuperer_ia_etapes(3, CAMILLE, "toutes", "ARE", "ARE")
            .await;
        assert_eq!(r.status, 200, "{b:?} {}", r.body);
        assert_eq!(r.count("recupererIAEtapes_v3Return"), 3);
        assert_eq!(all_texts(&r.body, "codeEtp"), ["L1INF", "L2INF", "L3INF"]);
        assert_eq!(all_texts(&r.body, "versionEtp"), ["101", "101", "101"]);
        assert_eq!(
            r.text_of("libLongEtp").as_deref(),
            Some("Licence 1re année Informatique")
        );
        assert_eq!(
            r.text_of("libWebVdi").as_deref(),
            Some("Licence Informatique")
        );
        assert_eq!(r.text_of("codeCGE").as_deref(), Some("SC1"));
        assert_eq!(
            r.text_of("libComposante").as_deref(),
            Some("UFR Sciences et Techniques")
        );
        assert_eq!(r.text_of("codeInscriptionPayee").as_deref(), Some("P"));
        assert_eq!(r.text_of("dateIAE").as_deref(), Some("2022-07-18T00:00:00"));
        assert_eq!(r.text_of("codRgi").as_deref(), Some("1"));
        // esup-pstage: (year, "E", "E"), grant holder number from individu.
        let h = app.recuperer_ia_etapes(3, HUGO, "2024", "E", "E").await;
        assert_eq!(h.count("recupererIAEtapes_v3Return"), 1);
        assert_eq!(h.text_of("numBoursier").as_deref(), Some("B123456"));
        assert_eq!(h.text_of("codeDiplome").as_deref(), Some("MINF"));
        // A cancelled year: found with A/A or toutes, not with E.
        assert_eq!(
            fault(&app.recuperer_ia_etapes(3, OEDIPE, "2023", "E", "E").await),
            "technical.data.nullretrieve.findIAE"
        );
        let a = app.recuperer_ia_etapes(3, OEDIPE, "2023", "A", "A").await;
        assert_eq!(a.text_of("codeEtatIAE").as_deref(), Some("A"));
        assert_eq!(a.text_of("libEtatIAE").as_deref(), Some("Annulée"));
        assert_eq!(a.text_of("codeInscriptionPayee").as_deref(), Some("N"));
        let t = app
            .recuperer_ia_etapes(3, OEDIPE, "toutes", "toutes", "toutes")
            .await;
        assert_eq!(all_texts(&t.body, "codeEtp"), ["L1MAT", "L1ECO"]);
        let e = app.recuperer_ia_etapes(3, OEDIPE, "toutes", "E", "E").await;
        assert_eq!(all_texts(&e.body, "codeEtp"), ["L1ECO"]);
        // The IAA state filters too: an IAE "E" under an IAA "A" is not shown with _etatIAA=E.
        // No registration that year at all: invalidUser.
        assert_eq!(
            fault(&app.recuperer_ia_etapes(3, LEA, "2022", "E", "E").await),
            "technical.parameter.noncoherentinput.invalidUser"
        );
        assert_eq!(
            fault(
                &app.recuperer_ia_etapes(3, SANS_IA, "toutes", "ARE", "ARE")
                    .await
            ),
            "technical.parameter.noncoherentinput.invalidUser"
        );
        assert_eq!(
            fault(
                &app.recuperer_ia_etapes(3, INCONNU, "toutes", "ARE", "ARE")
                    .await
            ),
            "technical.parameter.noncoherentinput.codEtu"
        );
        assert_eq!(
            fault(
                &app.recuperer_ia_etapes(3, CAMILLE, "toutes", "ARE", "1")
                    .await
            ),
            "technical.parameter.noncoherentinput.etatIAE"
        );
        // v2 (esup-mondossierweb 2014, esup-pstage): same rows, DTO2 (no regimeIns).
        let v2 = app
            .recuperer_ia_etapes(2, CAMILLE, "toutes", "ARE", "ARE")
            .await;
        assert_eq!(v2.status, 200, "{}", v2.body);
        assert_eq!(v2.count("recupererIAEtapes_v2Return"), 3);
        assert!(!v2.body.contains("regimeIns"), "{}", v2.body);
        assert!(!v2.body.contains("cursusAmg"), "{}", v2.body);
        assert_eq!(
            fault(&app.recuperer_ia_etapes(2, OEDIPE, "2023", "E", "E").await),
            "technical.data.nullretrieve.findIAE"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn soap12_dated_namespaces_and_fault_shape() {
    let app = app(Backend::Sqlite).await;
    // SOAP 1.2.
    let body = op(
        ADM_NS,
        "recupererAnneesIa",
        &params(&[("_codEtu", CAMILLE.into())]),
    );
    let r = app.soap12(ADM, &body).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(r.content_type.starts_with("application/soap+xml"));
    assert_eq!(all_texts(&r.body, "recupererAnneesIaReturn").len(), 3);
    let f = app
        .post(
            "/services/AdministratifMetier",
            "application/soap+xml; charset=utf-8",
            envelope12(&op(
                ADM_NS,
                "recupererAnneesIa",
                &params(&[("_codEtu", SANS_IA.into())]),
            )),
        )
        .await;
    assert_eq!(
        f.fault_string().as_deref(),
        Some("technical.data.nullretrieve.findIAA")
    );
    // A client generated from the 2019 WSDL: answered in its namespace.
    let old = app
        .soap11(
            ADM,
            &op(
                ADM_NS_2019,
                "recupererIAEtapes_v3",
                &params(&[
                    ("_codEtu", HUGO.into()),
                    ("_annee", "2024".into()),
                    ("_etatIAA", "E".into()),
                    ("_etatIAE", "E".into()),
                ]),
            ),
        )
        .await;
    assert_eq!(old.status, 200, "{}", old.body);
    assert!(old.body.contains(ADM_NS_2019), "{}", old.body);
    // The fault: faultstring = code only, detail in the service namespace.
    let f = app.recuperer_annees_ia(INCONNU, None).await;
    assert_eq!(f.text_of("faultcode").as_deref(), Some("soapenv:Client"));
    assert!(f.body.contains(ADM_NS), "{}", f.body);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fixture_dossier_overrides_and_extends() {
    let app = app(Backend::Sqlite).await;
    // A student added by a dossier only (no demo row): registered, then a
    // second étape the same year.
    import(
        &app,
        r#"
individu:
  - {cod_ind: 2001, cod_etu: 22000001, lib_nom_pat_ind: NOUVEL, lib_pr1_ind: ANNE, date_nai_ind: "2006-03-03"}
ins_adm_anu:
  - {cod_ind: 2001, cod_anu: "2024", eta_iaa: E, cod_rgi: "4"}
ins_adm_etp:
  - {cod_ind: 2001, cod_anu: "2024", cod_etp: L1MAT, cod_vrs_vet: 101, cod_dip: LMAT, cod_vrs_vdi: 101, eta_iae: E}
  - {cod_ind: 2001, cod_anu: "2024", cod_etp: DUFLE, cod_vrs_vet: 101, cod_dip: DUFLE, cod_vrs_vdi: 101, eta_iae: A}
"#,
    )
    .await;
    let r = app
        .recuperer_ia_etapes(3, "22000001", "2024", "E", "ARE")
        .await;
    assert_eq!(all_texts(&r.body, "codeEtp"), ["DUFLE", "L1MAT"]);
    // The composante comes from the version d'étape when the IAE has none.
    assert!(
        r.body.contains("<codComposante>SCI</codComposante>"),
        "{}",
        r.body
    );
    assert_eq!(
        r.text_of("libRgi").as_deref(),
        Some("Formation en apprentissage")
    );
    let e = app
        .recuperer_ia_etapes(3, "22000001", "2024", "E", "E")
        .await;
    assert_eq!(all_texts(&e.body, "codeEtp"), ["L1MAT"]);
}

/// The demo registrations load with the demo data, and importing them again
/// (the dossier of `src/store/demo_inscriptions.yaml`) changes nothing: the
/// numeric marks compare equal on both back-ends.
#[tokio::test]
async fn demo_registrations_reimport_unchanged() {
    use passerelle::config::DatabaseConfig;
    use passerelle::store::{self, inscriptions::DEMO};
    for b in backends() {
        let db = common::FreshDb::new(b, "passerelle_ins_demo", "demo.db").await;
        let s = store::open(&db.url, &DatabaseConfig::default())
            .await
            .unwrap();
        s.seed_demo().await.unwrap();
        let c = s.import_dossier(&DEMO).await.unwrap();
        assert_eq!((c.inserted, c.updated), (0, 0), "{b:?}: {c:?}");
        assert_eq!(c.unchanged, DEMO.rows(), "{b:?}");
        // The demo students (src/store/demo_etudiants.yaml) are loaded with them;
        // importing the test's own copy of them changes nothing either.
        let d =
            passerelle::store::dossier::parse(INDIVIDUS, passerelle::store::dossier::Format::Yaml)
                .unwrap();
        s.import_dossier(&d).await.unwrap();
        let f = s.inscriptions(21000001).await.unwrap().expect("Camille");
        assert_eq!(f.cod_ind, 1001);
        assert_eq!(
            (f.iaa.len(), f.iae.len(), f.contrat.len()),
            (3, 3, 11),
            "{b:?}"
        );
        assert_eq!(f.res_vet.len(), 4, "{b:?}");
        let l1 = &f.res_vet[0];
        assert_eq!(
            l1.note
                .as_deref()
                .map(passerelle::domain::inscriptions::number)
                .as_deref(),
            Some("13.25"),
            "{b:?}"
        );
    }
}
