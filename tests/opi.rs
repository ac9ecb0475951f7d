//! OpiMetier over HTTP on every back-end: each version, every validation rule,
//! replace / clear / keep semantics of wishes, idempotent retries, faults that
//! leave nothing behind.

mod common;
use common::opi::{voeu, Fields, OpiReq, VoeuxReq, OPI_NS};
use common::{backends, envelope11, Backend, TestApp};
use passerelle::domain::opi::Voeux;
use passerelle::store::StoredOpi;

async fn stored(app: &TestApp, key: &str) -> Option<StoredOpi> {
    app.store().await.find_opi(key).await.expect("find_opi")
}

fn wish_keys(s: &StoredOpi) -> Vec<(String, String, i32)> {
    match &s.opi.voeux {
        Voeux::Replace(v) => v
            .iter()
            .map(|w| {
                (
                    w.cod_cge.clone().unwrap(),
                    w.cod_etp.clone().unwrap(),
                    w.cod_vrs_vet.unwrap(),
                )
            })
            .collect(),
        other => panic!("stored wishes are read back as Replace, got {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_version_is_accepted_and_stored() {
    for b in backends() {
        let app = TestApp::spawn(b).await;
        for v in [7u8, 8, 9, 10] {
            let key = format!("EC{v:08}");
            let r = app.push_opi(&OpiReq::new(v, &key)).await;
            assert_eq!(r.status, 200, "{b:?} v{v}: {}", r.body);
            assert!(
                r.body.contains(&format!(
                    "<ns1:mettreajourDonneesOpi_v{v}Response xmlns:ns1=\"{OPI_NS}\"/>"
                )),
                "{}",
                r.body
            );
            let s = stored(&app, &key).await.expect("stored");
            let ind = &s.opi.individu;
            // Byte for byte, accents included.
            assert_eq!(ind.lib_nom_pat_ind_opi.as_deref(), Some("LEFÈVRE"));
            assert_eq!(ind.lib_pr1_ind_opi.as_deref(), Some("ÉLODIE"));
            assert_eq!(ind.lib_pr2_ind_opi.as_deref(), Some("Œ"));
            assert_eq!(
                ind.date_nai_ind_opi,
                Some(time::macros::date!(2006 - 03 - 14))
            );
            assert_eq!(ind.cod_nne_ind_opi.as_deref(), Some("1234567890"));
            assert_eq!(ind.cod_cle_nne_ind_opi.as_deref(), Some("A"));
            assert_eq!(
                wish_keys(&s),
                vec![
                    ("DR1".into(), "L1DRT".into(), 101),
                    ("SC1".into(), "L1INF".into(), 101)
                ]
            );
            assert_eq!(s.opi.bac.as_ref().unwrap().cod_bac.as_deref(), Some("0031"));
            assert_eq!(
                s.opi.adresse_fixe.as_ref().unwrap().lib_ad1.as_deref(),
                Some("7 place Grenette")
            );
            assert!(s.opi.adresse_annuelle.is_none());
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_realistic_bench_request_is_stored_whole() {
    for b in backends() {
        let app = TestApp::spawn(b).await;
        // `../shared` beside the main checkout, `../../shared` from a worktree.
        let dir = env!("CARGO_MANIFEST_DIR");
        let body = ["/../shared", "/../../shared"]
            .iter()
            .find_map(|up| {
                std::fs::read_to_string(format!("{dir}{up}/bench/opi-v10-request.xml")).ok()
            })
            .expect("shared/bench beside the repository");
        let r = app
            .post("/services/OpiMetier", "text/xml; charset=utf-8", body)
            .await;
        assert_eq!(r.status, 200, "{b:?}: {}", r.body);
        let s = stored(&app, "EC00123456").await.unwrap();
        assert_eq!(
            s.opi.individu.lib_vil_nai_etu_opi.as_deref(),
            Some("LYON 3E ARRONDISSEMENT")
        );
        assert_eq!(
            s.opi.individu.adr_mail_opi.as_deref(),
            Some("elodie.lefevre@example.org")
        );
        assert_eq!(
            s.opi.adresse_annuelle.as_ref().unwrap().lib_ad1.as_deref(),
            Some("Résidence Les Tilleuls, bâtiment B")
        );
        assert_eq!(
            s.opi.bac.as_ref().unwrap().cod_spe1_bac_ter.as_deref(),
            Some("MATH")
        );
        assert_eq!(s.opi.bac.as_ref().unwrap().cod_mnb.as_deref(), Some("AB"));
        assert_eq!(wish_keys(&s).len(), 3);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dated_namespaces_are_accepted_and_echoed() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let old = "gouv.education.apogee.commun.servicesmetiers.OpiMetier_30042019";
    let xml = OpiReq::new(9, "EC00000901").xml().replace(OPI_NS, old);
    let r = app.soap11("OpiMetier", &xml).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(r.body.contains(&format!(
        "<ns1:mettreajourDonneesOpi_v9Response xmlns:ns1=\"{old}\"/>"
    )));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wishes_replace_clear_and_keep() {
    for b in backends() {
        let app = TestApp::spawn(b).await;
        let key = "EC00000100";
        assert_eq!(app.push_opi(&OpiReq::new(10, key)).await.status, 200);
        // Replace: exactly the wishes sent.
        let r = app
            .push_opi(
                &OpiReq::new(10, key)
                    .with_voeux(VoeuxReq::Items(vec![voeu("SC1", "L1MAT", 101, 1)])),
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.body);
        assert_eq!(
            wish_keys(&stored(&app, key).await.unwrap()),
            vec![("SC1".into(), "L1MAT".into(), 101)]
        );
        // No item at all (what PHP sends for a plain list): kept.
        assert_eq!(
            app.push_opi(&OpiReq::new(10, key).with_voeux(VoeuxReq::Items(vec![])))
                .await
                .status,
            200
        );
        assert_eq!(
            wish_keys(&stored(&app, key).await.unwrap()).len(),
            1,
            "{b:?}: an empty list keeps the wishes"
        );
        // Nil voeux: kept.
        assert_eq!(
            app.push_opi(&OpiReq::new(10, key).with_voeux(VoeuxReq::Nil))
                .await
                .status,
            200
        );
        assert_eq!(wish_keys(&stored(&app, key).await.unwrap()).len(), 1);
        // One empty item (eCandidat): cleared.
        let r = app
            .push_opi(&OpiReq::new(10, key).with_voeux(VoeuxReq::EmptyItem))
            .await;
        assert_eq!(r.status, 200, "{}", r.body);
        assert!(
            wish_keys(&stored(&app, key).await.unwrap()).is_empty(),
            "{b:?}: cleared"
        );
        // Works the same in v7 (oldest wish DTO).
        let r = app.push_opi(&OpiReq::new(7, key)).await;
        assert_eq!(r.status, 200);
        assert_eq!(wish_keys(&stored(&app, key).await.unwrap()).len(), 2);
        let r = app
            .push_opi(&OpiReq::new(7, key).with_voeux(VoeuxReq::EmptyItem))
            .await;
        assert_eq!(r.status, 200);
        assert!(wish_keys(&stored(&app, key).await.unwrap()).is_empty());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn blocks_not_sent_are_kept_and_blocks_sent_replace() {
    for b in backends() {
        let app = TestApp::spawn(b).await;
        let key = "EC00000200";
        assert_eq!(app.push_opi(&OpiReq::new(10, key)).await.status, 200);
        let mut req = OpiReq::new(10, key);
        req.bac = None; // nil: keep the stored bac
        let mut adr = Fields::new();
        adr.insert("codPay", "109".into());
        adr.insert("libAde", "BERLIN".into());
        req.adresse_fixe = Some(adr); // sent: replaces the whole address
        assert_eq!(app.push_opi(&req).await.status, 200);
        let s = stored(&app, key).await.unwrap();
        assert_eq!(
            s.opi.bac.as_ref().unwrap().cod_bac.as_deref(),
            Some("0031"),
            "{b:?}"
        );
        let a = s.opi.adresse_fixe.unwrap();
        assert_eq!(a.cod_pay.as_deref(), Some("109"));
        assert_eq!(a.lib_ade.as_deref(), Some("BERLIN"));
        assert_eq!(a.lib_ad1, None, "the address was replaced as a whole");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_identical_resend_changes_nothing_and_answers_the_same() {
    for b in backends() {
        let app = TestApp::spawn(b).await;
        let req = OpiReq::new(10, "EC00000300");
        let first = app.push_opi(&req).await;
        let before = stored(&app, "EC00000300").await.unwrap();
        let second = app.push_opi(&req).await;
        assert_eq!(first.status, 200);
        assert_eq!(first.body, second.body, "{b:?}");
        let after = stored(&app, "EC00000300").await.unwrap();
        assert_eq!(before, after);
        assert_eq!(
            before.cod_ind_opi, after.cod_ind_opi,
            "no second individual"
        );
        // A change with the same key updates the same individual.
        let mut changed = req.clone();
        changed
            .etat_civil
            .insert("libNomUsuIndOpi", "MARTIN".into());
        assert_eq!(app.push_opi(&changed).await.status, 200);
        let s = stored(&app, "EC00000300").await.unwrap();
        assert_eq!(s.cod_ind_opi, before.cod_ind_opi);
        assert_eq!(
            s.opi.individu.lib_nom_usu_ind_opi.as_deref(),
            Some("MARTIN")
        );
    }
}

/// Sends `req` and expects `technical.parameter.noncoherentinput.<field>` naming
/// `element`, and nothing stored for the key.
async fn expect_refused(app: &TestApp, req: &OpiReq, field: &str, element: &str) {
    let r = app.push_opi(req).await;
    assert_eq!(r.status, 500, "{field}: {}", r.body);
    assert_eq!(
        r.fault_string().as_deref(),
        Some(format!("technical.parameter.noncoherentinput.{field}").as_str()),
        "{}",
        r.body
    );
    assert_eq!(r.text_of("element").as_deref(), Some(element), "{}", r.body);
    assert!(!r.text_of("lastErrorMsg").unwrap_or_default().is_empty());
    assert!(
        stored(app, &req.cod_opi_int_epo).await.is_none(),
        "a fault leaves nothing behind"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_validation_rule_names_its_field() {
    for b in backends() {
        let app = TestApp::spawn(b).await;
        let base = |key: &str| OpiReq::new(10, key);
        let ec = "_donneesOpi/individu/etatCivil";
        let dn = "_donneesOpi/individu/donneesNaissance";

        let mut r = base("EC00001001");
        r.cod_opi_int_epo = String::new();
        let rr = app.push_opi(&r).await;
        assert_eq!(
            rr.fault_string().as_deref(),
            Some("technical.parameter.noncoherentinput.codOpiIntEpo"),
            "{b:?}"
        );
        assert_eq!(
            rr.text_of("element").as_deref(),
            Some("_donneesOpi/individu/codOpiIntEpo")
        );

        let mut r = base("EC000010011");
        r.cod_opi_int_epo = "EC000010011".into(); // 11 characters
        let rr = app.push_opi(&r).await;
        assert_eq!(
            rr.fault_string().as_deref(),
            Some("technical.parameter.noncoherentinput.codOpiIntEpo")
        );
        assert!(rr.text_of("lastErrorMsg").unwrap().contains("at most 10"));

        let mut r = base("EC00001002");
        r.etat_civil.remove("libNomPatIndOpi");
        expect_refused(
            &app,
            &r,
            "libNomPatIndOpi",
            &format!("{ec}/libNomPatIndOpi"),
        )
        .await;

        let mut r = base("EC00001003");
        r.etat_civil.remove("libPr1IndOpi");
        expect_refused(&app, &r, "libPr1IndOpi", &format!("{ec}/libPr1IndOpi")).await;

        let mut r = base("EC00001004");
        r.etat_civil.insert("libNomPatIndOpi", "X".repeat(31));
        expect_refused(
            &app,
            &r,
            "libNomPatIndOpi",
            &format!("{ec}/libNomPatIndOpi"),
        )
        .await;

        let mut r = base("EC00001005");
        r.naissance.remove("dateNaiIndOpi");
        expect_refused(&app, &r, "dateNaiIndOpi", &format!("{dn}/dateNaiIndOpi")).await;

        let mut r = base("EC00001006");
        r.naissance.insert("dateNaiIndOpi", "31022006".into());
        expect_refused(&app, &r, "dateNaiIndOpi", &format!("{dn}/dateNaiIndOpi")).await;

        let mut r = base("EC00001007");
        r.naissance.insert("dateNaiIndOpi", "01012999".into());
        expect_refused(&app, &r, "dateNaiIndOpi", &format!("{dn}/dateNaiIndOpi")).await;

        let mut r = base("EC00001008");
        r.naissance.remove("temDateNaiRelOpi");
        expect_refused(
            &app,
            &r,
            "temDateNaiRelOpi",
            &format!("{dn}/temDateNaiRelOpi"),
        )
        .await;

        let mut r = base("EC00001009");
        r.naissance.insert("temDateNaiRelOpi", "Y".into());
        expect_refused(
            &app,
            &r,
            "temDateNaiRelOpi",
            &format!("{dn}/temDateNaiRelOpi"),
        )
        .await;

        let mut r = base("EC00001010");
        r.naissance.insert("codTypDepPayNai", "X".into());
        expect_refused(
            &app,
            &r,
            "codTypDepPayNai",
            &format!("{dn}/codTypDepPayNai"),
        )
        .await;

        let mut r = base("EC00001011");
        r.etat_civil.insert("codSexEtuOpi", "X".into());
        expect_refused(&app, &r, "codSexEtuOpi", &format!("{ec}/codSexEtuOpi")).await;

        let mut r = base("EC00001012");
        r.etat_civil.insert("codNneIndOpi", "12345".into());
        expect_refused(&app, &r, "codNneIndOpi", &format!("{ec}/codNneIndOpi")).await;

        let mut r = base("EC00001013");
        r.bac.as_mut().unwrap().insert("daaObtBacOba", "24".into());
        expect_refused(&app, &r, "daaObtBacOba", "_donneesOpi/bac/daaObtBacOba").await;

        // Per wish: mandatory fields, numbers, duplicates; the path names the item.
        for (field, elem) in [
            ("codCge", "codCge"),
            ("codDemDos", "codDemDos"),
            ("codEtp", "codEtp"),
            ("codVrsVet", "codVrsVet"),
            ("numCls", "numCls"),
        ] {
            let mut w = voeu("SC1", "L1MAT", 101, 2);
            w.remove(field);
            let r = base("EC00001014")
                .with_voeux(VoeuxReq::Items(vec![voeu("SC1", "L1INF", 101, 1), w]));
            expect_refused(
                &app,
                &r,
                field,
                &format!("_donneesOpi/voeux/item[2]/{elem}"),
            )
            .await;
        }
        let mut w = voeu("SC1", "L1MAT", 101, 2);
        w.insert("codVrsVet", "1O1".into());
        let r =
            base("EC00001015").with_voeux(VoeuxReq::Items(vec![voeu("SC1", "L1INF", 101, 1), w]));
        expect_refused(&app, &r, "codVrsVet", "_donneesOpi/voeux/item[2]/codVrsVet").await;
        let mut w = voeu("SC1", "L1MAT", 101, 2);
        w.insert("codEtp", "L1MATHEMATIQUES".into());
        let r =
            base("EC00001016").with_voeux(VoeuxReq::Items(vec![voeu("SC1", "L1INF", 101, 1), w]));
        expect_refused(&app, &r, "codEtp", "_donneesOpi/voeux/item[2]/codEtp").await;
        let r = base("EC00001017").with_voeux(VoeuxReq::Items(vec![
            voeu("SC1", "L1INF", 101, 1),
            voeu("SC1", "L1INF", 101, 2),
        ]));
        expect_refused(&app, &r, "codEtp", "_donneesOpi/voeux/item[2]/codEtp").await;
        let mut w = voeu("SC1", "L1MAT", 101, 2);
        w.insert("temValPsd", "oui".into());
        let r = base("EC00001018").with_voeux(VoeuxReq::Items(vec![w]));
        expect_refused(&app, &r, "temValPsd", "_donneesOpi/voeux/item[1]/temValPsd").await;

        // No individu, no _donneesOpi.
        let xml = OpiReq::new(10, "EC00001019").xml();
        let start = xml.find("<individu>").unwrap();
        let end = xml.find("</individu>").unwrap() + "</individu>".len();
        let no_ind = format!(
            "{}<individu xsi:nil=\"true\"/>{}",
            &xml[..start],
            &xml[end..]
        );
        let r = app.soap11("OpiMetier", &no_ind).await;
        assert_eq!(
            r.fault_string().as_deref(),
            Some("technical.parameter.noncoherentinput.individu")
        );
        let r = app
            .soap11(
                "OpiMetier",
                &format!("<ns1:mettreajourDonneesOpi_v10 xmlns:ns1=\"{OPI_NS}\"/>"),
            )
            .await;
        assert_eq!(
            r.fault_string().as_deref(),
            Some("technical.parameter.noncoherentinput.donneesOpi")
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_update_leaves_the_stored_record_untouched() {
    for b in backends() {
        let app = TestApp::spawn(b).await;
        let key = "EC00002000";
        assert_eq!(app.push_opi(&OpiReq::new(10, key)).await.status, 200);
        let before = stored(&app, key).await.unwrap();
        let mut bad =
            OpiReq::new(10, key).with_voeux(VoeuxReq::Items(vec![voeu("XX1", "L1XXX", 101, 1)]));
        bad.etat_civil.insert("codSexEtuOpi", "Z".into());
        let r = app.push_opi(&bad).await;
        assert_eq!(r.status, 500);
        assert_eq!(stored(&app, key).await.unwrap(), before, "{b:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_request_envelope_of_the_reference_php_example_is_accepted() {
    // Reference §4.6: what PHP SoapClient sends (SOAP-ENV/ns1 prefixes, nils everywhere).
    let app = TestApp::spawn(Backend::Sqlite).await;
    let body = r#"<ns1:mettreajourDonneesOpi_v10><_donneesOpi><adresseAnnuelle xsi:nil="true"/><adresseFixe xsi:nil="true"/><bac xsi:nil="true"/><dac xsi:nil="true"/><individu><codEtuOpi xsi:nil="true"/><codOpiIntEpo>M240001234</codOpiIntEpo><dernierDiplObt xsi:nil="true"/><dernierEtbFrequente xsi:nil="true"/><donneesNaissance><codDepPayNai xsi:nil="true"/><codPayNat xsi:nil="true"/><codTypDepPayNai xsi:nil="true"/><dateNaiIndOpi>31012004</dateNaiIndOpi><codComNaiEtuOpi xsi:nil="true"/><libVilNaiEtuOpi xsi:nil="true"/><temDateNaiRelOpi>N</temDateNaiRelOpi></donneesNaissance><donneesPersonnelles xsi:nil="true"/><etatCivil><codNneIndOpi xsi:nil="true"/><codSexEtuOpi>F</codSexEtuOpi><libNomPatIndOpi>DUPONT</libNomPatIndOpi><libNomUsuIndOpi xsi:nil="true"/><libPr1IndOpi>MARIE</libPr1IndOpi><libPr2IndOpi xsi:nil="true"/><libPr3IndOpi xsi:nil="true"/></etatCivil><inscriptionParallele xsi:nil="true"/><premiereInscription xsi:nil="true"/><prgEchange xsi:nil="true"/><situationAnnPre xsi:nil="true"/></individu><voeux><modEnv xsi:nil="true"/><item><codAttDec xsi:nil="true"/><codCge>CG1</codCge><codCmp xsi:nil="true"/><codRge xsi:nil="true"/><codDecVeu>F</codDecVeu><codCatOuiSi xsi:nil="true"/><mtfCat xsi:nil="true"/><codDemDos>C</codDemDos><codDip xsi:nil="true"/><codEtp>L1INF</codEtp><codMfo xsi:nil="true"/><codSpe1Opi xsi:nil="true"/><codSpe2Opi xsi:nil="true"/><codSpe3Opi xsi:nil="true"/><codTyd xsi:nil="true"/><codVrsVdi xsi:nil="true"/><codVrsVet>101</codVrsVet><convocation xsi:nil="true"/><libCmtJur xsi:nil="true"/><numCls>1</numCls><temValPsd xsi:nil="true"/><titreAccesExterne xsi:nil="true"/><ctrAdr xsi:nil="true"/><codCatExoExt xsi:nil="true"/><comExoExt xsi:nil="true"/></item></voeux><donneesThese xsi:nil="true"/></_donneesOpi></ns1:mettreajourDonneesOpi_v10>"#.to_string();
    let xml = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:ns1="{OPI_NS}"><SOAP-ENV:Body>{body}</SOAP-ENV:Body></SOAP-ENV:Envelope>
"#
    );
    let r = app
        .post("/services/OpiMetier", "text/xml; charset=utf-8", xml)
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let s = stored(&app, "M240001234").await.unwrap();
    assert_eq!(
        s.opi.individu.lib_nom_pat_ind_opi.as_deref(),
        Some("DUPONT")
    );
    assert_eq!(wish_keys(&s), vec![("CG1".into(), "L1INF".into(), 101)]);
    let _ = envelope11("");
}

/// Once a course structure exists (the demo one here), a wish must name one of
/// its versions d'étape; with no structure at all, any well-formed étape passes.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wishes_must_name_a_known_vet_once_a_structure_exists() {
    for b in backends() {
        let app = TestApp::spawn(b).await;
        let r = OpiReq::new(10, "EC00003000").with_voeux(VoeuxReq::Items(vec![
            voeu("SC1", "L1INF", 101, 1),
            voeu("SC1", "L9ZZZ", 101, 2),
        ]));
        expect_refused(&app, &r, "codEtp", "_donneesOpi/voeux/item[2]/codEtp").await;
        let r = OpiReq::new(10, "EC00003001")
            .with_voeux(VoeuxReq::Items(vec![voeu("SC1", "L1INF", 999, 1)]));
        expect_refused(&app, &r, "codEtp", "_donneesOpi/voeux/item[1]/codEtp").await;

        let empty = TestApp::spawn_with(b, |c| c.demo = false).await;
        let r = OpiReq::new(10, "EC00003002")
            .with_voeux(VoeuxReq::Items(vec![voeu("SC1", "L9ZZZ", 101, 1)]));
        assert_eq!(
            empty.push_opi(&r).await.status,
            200,
            "{b:?}: no structure, no check"
        );
    }
}
