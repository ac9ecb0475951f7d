//! The call sequence esup-mondossierweb makes to draw a student's dashboard,
//! end to end over HTTP on the demo data, on every back-end: identifiers →
//! administrative data → addresses → years → étape registrations → contract and
//! results (VDI/VET) → ELP results of one étape. Each answer feeds the next
//! call, as the portal does; the whole sequence's time is printed.

mod common;

use common::etudiant::{self as etu, t, P};
use common::etudiant_ins::{self as ins, CAMILLE};
use common::{backends, TestApp};
use std::time::Instant;

#[tokio::test]
async fn esup_mondossierweb_dashboard_sequence() {
    for b in backends() {
        let app = TestApp::spawn(b).await;
        let started = Instant::now();

        // 1. Who is it? (login → student number, directory data asked for)
        let r = app
            .etu(&etu::by_cod_etu(CAMILLE).with("_temoinRecupAnnu", "O").v2())
            .await;
        assert_eq!(r.status, 200, "{b:?} identifiants: {}", r.body);
        assert_eq!(r.text_of("codEtu").as_deref(), Some(CAMILLE), "{b:?}");
        let cod_ind = r.text_of("codInd").expect("codInd");
        assert_eq!(cod_ind, "1001");

        // 2. Civil and administrative data (the "état civil" tab).
        let r = app.etu(&etu::infos_adm(4, t(CAMILLE))).await;
        assert_eq!(r.status, 200, "{b:?} infosAdm: {}", r.body);
        assert_eq!(r.text_of("nomPatronymique").as_deref(), Some("MARTIN"));
        assert_eq!(r.text_of("numEtu").as_deref(), Some(CAMILLE));

        // 3. Addresses of the latest year (`_annee` not given).
        let r = app.etu(&etu::adresses(t(CAMILLE), P::Nil, t("N"))).await;
        assert_eq!(r.status, 200, "{b:?} adresses: {}", r.body);
        assert!(r.text_of("annee").is_some(), "{b:?}: {}", r.body);

        // 4. The years of administrative registration (state not given).
        let r = app.recuperer_annees_ia(CAMILLE, None).await;
        assert_eq!(r.status, 200, "{b:?} annees: {}", r.body);
        let years = ins::all_texts(&r.body, "recupererAnneesIaReturn");
        assert!(years.len() >= 2, "{b:?}: {years:?}");
        let year = years.iter().max().unwrap().clone();

        // 5. The étape registrations of each year, as the "inscriptions" tab.
        let mut etapes = Vec::new();
        for y in &years {
            let r = app.recuperer_ia_etapes(3, CAMILLE, y, "E", "E").await;
            assert_eq!(r.status, 200, "{b:?} IAE {y}: {}", r.body);
            let etp = r.text_of("codeEtp").expect("codeEtp");
            let vrs = r.text_of("versionEtp").expect("versionEtp");
            etapes.push((y.clone(), etp, vrs));
        }

        // 6. Contract and results per diploma / VET (student view: "T").
        let r = app
            .vdi_vet_v2(CAMILLE, "toutes", "Apogee", "T", "toutes", "tous", "E")
            .await;
        assert_eq!(r.status, 200, "{b:?} VdiVet: {}", r.body);
        assert!(r.count("codDip") >= 1, "{b:?}: {}", r.body);

        // 7. The ELP results of each registered étape (the "notes" tab).
        for (y, etp, vrs) in &etapes {
            let r = app
                .elp_epr(CAMILLE, y, etp, vrs, "T", "toutes", "tous", Some("E"))
                .await;
            assert_eq!(r.status, 200, "{b:?} ElpEpr {y} {etp}: {}", r.body);
            assert!(r.count("codElp") >= 1, "{b:?}: {}", r.body);
        }
        let elapsed = started.elapsed();
        println!(
            "{b:?}: dashboard of {CAMILLE} ({} years, {} étapes, last year {year}): {} calls in {:.1} ms",
            years.len(),
            etapes.len(),
            5 + years.len() + etapes.len(),
            elapsed.as_secs_f64() * 1000.0
        );

        // A student the portal does not know: the exact "not found" faults.
        let r = app.etu(&etu::by_cod_etu(ins::INCONNU).v2()).await;
        assert_eq!(
            r.fault_string().as_deref(),
            Some("technical.data.nullretrieve.etudiant")
        );
    }
}

/// The demo student who came from an OPI: found by the OPI's number, as
/// eCandidat looks up a returning applicant.
#[tokio::test]
async fn demo_student_from_an_opi() {
    for b in backends() {
        let app = TestApp::spawn(b).await;
        let r = app
            .etu(&etu::Ident::new().with("_codOPI", "OPIDEMO001").v2())
            .await;
        assert_eq!(r.status, 200, "{b:?}: {}", r.body);
        assert_eq!(r.text_of("codEtu").as_deref(), Some(ins::LEA), "{b:?}");
        // The OPI itself is there, with its wishes.
        let opi = app
            .store()
            .await
            .find_opi("OPIDEMO001")
            .await
            .unwrap()
            .expect("demo OPI");
        assert!(
            matches!(&opi.opi.voeux, passerelle::domain::opi::Voeux::Replace(v) if v.len() == 2),
            "{b:?}: {:?}",
            opi.opi.voeux
        );
    }
}
