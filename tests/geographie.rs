//! GeographieMetier over HTTP, on every back-end (SQLite always; PostgreSQL when
//! PASSERELLE_TEST_POSTGRES_URL is set).

mod common;
use common::{backends, op, TestApp, GEO_NS};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn recuperer_pays_all_and_one() {
    for b in backends() {
        let app = TestApp::spawn(b).await;
        // MDW calls recupererPays(null, "O"): every country in service.
        let r = app.recuperer_pays(None, "O").await;
        assert_eq!(r.status, 200, "{b:?}: {}", r.body);
        assert!(r.body.contains("<ns1:recupererPaysResponse xmlns:ns1=\"gouv.education.apogee.commun.servicesmetiers.GeographieMetier_01082016\">"));
        assert_eq!(
            r.count("recupererPaysReturn"),
            15,
            "{b:?}: in-service countries"
        );
        assert!(!r.body.contains("YOUGOSLAVIE"));
        // Fields in the reference order.
        assert!(r.body.contains("<recupererPaysReturn><codePay>100</codePay><libNat>FRANÇAIS(E)</libNat><libPay>FRANCE</libPay><temEnSvePay>O</temEnSvePay></recupererPaysReturn>"), "{}", r.body);

        let r = app.recuperer_pays(None, "T").await;
        assert_eq!(r.count("recupererPaysReturn"), 16, "{b:?}");
        let r = app.recuperer_pays(None, "N").await;
        assert_eq!(r.count("recupererPaysReturn"), 1, "{b:?}");
        assert_eq!(r.text_of("libPay").as_deref(), Some("YOUGOSLAVIE"));

        let r = app.recuperer_pays(Some("352"), "O").await;
        assert_eq!(r.count("recupererPaysReturn"), 1);
        assert_eq!(r.text_of("libPay").as_deref(), Some("ALGÉRIE"));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nothing_found_is_a_nullretrieve_fault() {
    for b in backends() {
        let app = TestApp::spawn(b).await;
        let r = app.recuperer_pays(Some("999"), "O").await;
        assert_eq!(r.status, 500, "{b:?}");
        assert_eq!(
            r.fault_string().as_deref(),
            Some("technical.data.nullretrieve.pays")
        );
        assert_eq!(r.text_of("faultcode").as_deref(), Some("soapenv:Client"));
        assert!(r.text_of("lastErrorMsg").unwrap().contains("999"));
        // A country out of service asked for as in service: nothing.
        let r = app.recuperer_pays(Some("125"), "O").await;
        assert_eq!(
            r.fault_string().as_deref(),
            Some("technical.data.nullretrieve.pays")
        );

        let r = app.recuperer_commune_v2("99999", "O", "O", "O").await;
        assert_eq!(
            r.fault_string().as_deref(),
            Some("technical.data.nullretrieve.commune")
        );

        let r = app
            .soap11(
                "GeographieMetier",
                &op(
                    GEO_NS,
                    "recupererDepartement",
                    "<_codeDept>971</_codeDept><_temoinEnService>O</_temoinEnService>",
                ),
            )
            .await;
        assert_eq!(
            r.fault_string().as_deref(),
            Some("technical.data.nullretrieve.departement")
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn recuperer_departement() {
    for b in backends() {
        let app = TestApp::spawn(b).await;
        // "75" is read as Apogée's three-character "075".
        let r = app
            .soap11(
                "GeographieMetier",
                &op(
                    GEO_NS,
                    "recupererDepartement",
                    "<_codeDept>75</_codeDept><_temoinEnService>O</_temoinEnService>",
                ),
            )
            .await;
        assert_eq!(r.status, 200, "{b:?}: {}", r.body);
        assert!(r.body.contains("<recupererDepartementReturn><codeAca>01</codeAca><codeDept>075</codeDept><libAca>Paris</libAca><libDept>Paris</libDept><temEnSveDept>O</temEnSveDept></recupererDepartementReturn>"), "{}", r.body);
        // All départements; the one without académie gets xsi:nil fields.
        let r = app
            .soap11(
                "GeographieMetier",
                &op(
                    GEO_NS,
                    "recupererDepartement",
                    "<_codeDept/><_temoinEnService>T</_temoinEnService>",
                ),
            )
            .await;
        assert_eq!(r.count("recupererDepartementReturn"), 9);
        assert!(
            r.body.contains(
                "<recupererDepartementReturn><codeAca xsi:nil=\"true\"/><codeDept>020</codeDept>"
            ),
            "{}",
            r.body
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn recuperer_commune_v2_filters() {
    for b in backends() {
        let app = TestApp::spawn(b).await;
        // MDW: recupererCommuneV2(cp, "O", "O", "O").
        let r = app.recuperer_commune_v2("91080", "O", "O", "O").await;
        assert_eq!(r.status, 500, "{b:?}: the 91080 office is out of service");
        let r = app.recuperer_commune_v2("91080", "T", "T", "T").await;
        assert_eq!(r.count("recupererCommuneReturn_v2"), 2, "{b:?}: {}", r.body);
        let r = app.recuperer_commune_v2("91080", "N", "T", "T").await;
        assert_eq!(r.count("recupererCommuneReturn_v2"), 1);
        assert_eq!(r.text_of("libCommune").as_deref(), Some("COURCOURONNES"));
        assert_eq!(r.text_of("temoinEnServiceComBD").as_deref(), Some("N"));
        // Two offices for one commune, two communes for one office…
        let r = app.recuperer_commune_v2("13090", "O", "T", "T").await;
        assert_eq!(r.text_of("libCommune").as_deref(), Some("AIX-EN-PROVENCE"));
        // Accents survive byte for byte.
        let r = app.recuperer_commune_v2("94240", "O", "O", "O").await;
        assert_eq!(r.text_of("libCommune").as_deref(), Some("L'HAŸ-LES-ROSES"));
        let r = app.recuperer_commune_v2("57600", "O", "O", "O").await;
        assert!(r.body.contains("<recupererCommuneReturn_v2><codeCommune>57521</codeCommune><codePostal>57600</codePostal><libBureauDis>OETING</libBureauDis><libCommune>ŒTING</libCommune><temSevBureauDis>O</temSevBureauDis><temSevCommune>O</temSevCommune><temoinEnServiceComBD>O</temoinEnServiceComBD></recupererCommuneReturn_v2>"), "{}", r.body);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn recuperer_commune_v1_as_older_clients_call_it() {
    for b in backends() {
        let app = TestApp::spawn(b).await;
        // esup-pstage / MDW 2014: recupererCommune(cp, "O", "T").
        let r = app
            .soap11(
                "GeographieMetier",
                &op(GEO_NS, "recupererCommune", "<_codePostal>25000</_codePostal><_temoinEnServiceCom>O</_temoinEnServiceCom><_temoinEnServiceBD>T</_temoinEnServiceBD>"),
            )
            .await;
        assert_eq!(r.status, 200, "{b:?}: {}", r.body);
        assert!(r.body.contains("<ns1:recupererCommuneResponse "));
        assert!(r.body.contains("<recupererCommuneReturn><codeCommune>25056</codeCommune><codePostal>25000</codePostal><libBureauDis>BESANCON</libBureauDis><libCommune>BESANÇON</libCommune><temSevBureauDis>O</temSevBureauDis><temSevCommune>O</temSevCommune></recupererCommuneReturn>"), "{}", r.body);
        assert!(!r.body.contains("temoinEnServiceComBD"));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_parameters_name_the_field() {
    for b in backends() {
        let app = TestApp::spawn(b).await;
        let r = app.recuperer_commune_v2("", "O", "O", "O").await;
        assert_eq!(
            r.fault_string().as_deref(),
            Some("technical.parameter.noncoherentinput.codePostal"),
            "{b:?}"
        );
        assert_eq!(r.text_of("element").as_deref(), Some("_codePostal"));
        let r = app.recuperer_commune_v2("7500", "O", "O", "O").await;
        assert_eq!(
            r.fault_string().as_deref(),
            Some("technical.parameter.noncoherentinput.codePostal")
        );
        assert!(r.text_of("lastErrorMsg").unwrap().contains("five digits"));
        // Apogée's own code, trailing blank included (esup-pstage compares with equals).
        let r = app.recuperer_commune_v2("75005", "X", "O", "O").await;
        assert_eq!(
            r.fault_string().as_deref(),
            Some("technical.parameter.noncoherentinput.temoinenservicecommune ")
        );
        assert_eq!(r.text_of("element").as_deref(), Some("_temoinEnServiceCom"));
        let r = app.recuperer_commune_v2("75005", "O", "Z", "O").await;
        assert_eq!(
            r.fault_string().as_deref(),
            Some("technical.parameter.noncoherentinput.temoinenservicebd")
        );
        let r = app.recuperer_pays(None, "oui").await;
        assert_eq!(
            r.fault_string().as_deref(),
            Some("technical.parameter.noncoherentinput.temoinenservice")
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn readiness_reports_the_database() {
    for b in backends() {
        let app = TestApp::spawn(b).await;
        assert_eq!(app.get("/readyz").await.status, 200, "{b:?}");
        assert_eq!(app.get("/healthz").await.status, 200);
    }
}
