//! Client authentication over HTTP (`[auth]`, docs/SECURITY.md): HTTP Basic, the
//! API-key header, rights per service/operation, the WSDL switch, the demo
//! default, and the registrars' document GET.

mod common;

use base64::Engine;
use common::{envelope11, envelope12, op, Backend, Reply, TestApp, GEO_NS};
use passerelle::config::ClientConfig;
use passerelle::http::auth::hash_secret;

const PJ_NS: &str = "gouv.education.apogee.commun.servicesmetiers.PjOpiMetier";

fn client(name: &str, secret: &str, services: &[&str], pj_read: bool) -> ClientConfig {
    ClientConfig {
        name: name.into(),
        secret_hash: hash_secret(secret).unwrap(),
        services: services.iter().map(|s| s.to_string()).collect(),
        pj_read,
        ..ClientConfig::default()
    }
}

/// A server with: `app` (everything), `geo` (GeographieMetier only), `reader`
/// (everything + pj_read), `off` (disabled).
async fn secured(tweak: impl FnOnce(&mut passerelle::Config)) -> (TestApp, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("pj");
    let mut off = client("off", "off-secret", &["*"], true);
    off.enabled = false;
    let clients = vec![
        client("app", "app-secret", &["*"], false),
        client("geo", "geo-secret", &["GeographieMetier"], false),
        client("reader", "reader-secret", &["*"], true),
        off,
    ];
    let app = TestApp::spawn_with(Backend::Sqlite, |c| {
        c.pj.dir = root.display().to_string();
        c.auth.clients = clients;
        tweak(c);
    })
    .await;
    (app, dir)
}

enum Cred<'a> {
    None,
    Basic(&'a str, &'a str),
    Key(&'a str),
}

fn with(rb: reqwest::RequestBuilder, cred: &Cred) -> reqwest::RequestBuilder {
    match cred {
        Cred::None => rb,
        Cred::Basic(u, p) => rb.basic_auth(u, Some(p)),
        Cred::Key(k) => rb.header("X-Gravitee-Api-Key", *k),
    }
}

async fn reply(r: reqwest::Response) -> Reply {
    let status = r.status().as_u16();
    let headers = r.headers().clone();
    let content_type = headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let body = r.text().await.unwrap();
    Reply {
        status,
        content_type,
        headers,
        body,
    }
}

async fn soap(app: &TestApp, port: &str, body: &str, v12: bool, cred: Cred<'_>) -> Reply {
    let (ct, env) = if v12 {
        ("application/soap+xml; charset=utf-8", envelope12(body))
    } else {
        ("text/xml; charset=utf-8", envelope11(body))
    };
    let rb = app
        .client
        .post(app.service_url(port))
        .header("content-type", ct)
        .body(env);
    reply(with(rb, &cred).send().await.unwrap()).await
}

async fn get(app: &TestApp, path: &str, cred: Cred<'_>) -> Reply {
    reply(
        with(app.client.get(app.url(path)), &cred)
            .send()
            .await
            .unwrap(),
    )
    .await
}

fn pays() -> String {
    op(
        GEO_NS,
        "recupererPays",
        "<_codePays xsi:nil=\"true\"/><_temoinEnService>T</_temoinEnService>",
    )
}

fn assert_401(r: &Reply) {
    assert_eq!(r.status, 401, "{}", r.body);
    assert_eq!(
        r.headers.get("www-authenticate").unwrap(),
        "Basic realm=\"passerelle\""
    );
}

#[tokio::test]
async fn missing_wrong_or_disabled_credentials_get_401_fault() {
    let (app, _d) = secured(|_| {}).await;
    for v12 in [false, true] {
        let r = soap(&app, "GeographieMetier", &pays(), v12, Cred::None).await;
        assert_401(&r);
        assert_eq!(
            r.fault_string().as_deref(),
            Some("technical.security.invaliduser.user")
        );
        let ct = if v12 {
            "application/soap+xml"
        } else {
            "text/xml"
        };
        assert!(r.content_type.starts_with(ct), "{}", r.content_type);
    }
    for cred in [
        Cred::Basic("app", "wrong"),
        Cred::Basic("nobody", "app-secret"),
        Cred::Basic("off", "off-secret"),
        Cred::Key("app"),
        Cred::Key("app:wrong"),
    ] {
        let r = soap(&app, "GeographieMetier", &pays(), false, cred).await;
        assert_401(&r);
        assert_eq!(
            r.fault_string().as_deref(),
            Some("technical.security.invaliduser.user")
        );
    }
}

#[tokio::test]
async fn basic_and_api_key_are_accepted() {
    let (app, _d) = secured(|_| {}).await;
    let r = soap(
        &app,
        "GeographieMetier",
        &pays(),
        false,
        Cred::Basic("app", "app-secret"),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let r = soap(
        &app,
        "GeographieMetier",
        &pays(),
        true,
        Cred::Key("geo:geo-secret"),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
}

#[tokio::test]
async fn the_cache_does_not_accept_a_wrong_secret_after_a_right_one() {
    let (app, _d) = secured(|_| {}).await;
    for _ in 0..2 {
        let r = soap(
            &app,
            "GeographieMetier",
            &pays(),
            false,
            Cred::Basic("app", "app-secret"),
        )
        .await;
        assert_eq!(r.status, 200, "{}", r.body);
        let r = soap(
            &app,
            "GeographieMetier",
            &pays(),
            false,
            Cred::Basic("app", "app-secre"),
        )
        .await;
        assert_401(&r);
        let r = soap(
            &app,
            "GeographieMetier",
            &pays(),
            false,
            Cred::Basic("geo", "app-secret"),
        )
        .await;
        assert_401(&r);
    }
}

#[tokio::test]
async fn a_restricted_client_gets_403_elsewhere() {
    let (app, _d) = secured(|_| {}).await;
    let body = common::opi::OpiReq::new(10, "AUTH00001").xml();
    for v12 in [false, true] {
        let r = soap(
            &app,
            "OpiMetier",
            &body,
            v12,
            Cred::Basic("geo", "geo-secret"),
        )
        .await;
        assert_eq!(r.status, 403, "{}", r.body);
        assert_eq!(
            r.fault_string().as_deref(),
            Some("technical.security.forbidden.mettreajourDonneesOpi_v10")
        );
    }
    // PjOpiMetier's streaming endpoint: rights checked too.
    let r = soap(
        &app,
        "PjOpiMetier",
        &pj_request("AUTH00001", "CNI", "x.pdf", b"%PDF-1.4\n"),
        false,
        Cred::Basic("geo", "geo-secret"),
    )
    .await;
    assert_eq!(r.status, 403, "{}", r.body);
    assert_eq!(
        r.fault_string().as_deref(),
        Some("technical.security.forbidden.recupererPiecesJustificativesOPIWS")
    );
    // … and credentials before anything else.
    let r = soap(
        &app,
        "PjOpiMetier",
        &pj_request("AUTH00001", "CNI", "x.pdf", b"%PDF-1.4\n"),
        false,
        Cred::None,
    )
    .await;
    assert_401(&r);
}

#[tokio::test]
async fn one_operation_rights() {
    let (app, _d) = secured(|c| {
        c.auth.clients.push(client(
            "one",
            "one-secret",
            &["GeographieMetier.recupererPays"],
            false,
        ))
    })
    .await;
    let r = soap(
        &app,
        "GeographieMetier",
        &pays(),
        false,
        Cred::Basic("one", "one-secret"),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let dep = op(
        GEO_NS,
        "recupererDepartement",
        "<_codeDep xsi:nil=\"true\"/><_temoinEnService>T</_temoinEnService>",
    );
    let r = soap(
        &app,
        "GeographieMetier",
        &dep,
        false,
        Cred::Basic("one", "one-secret"),
    )
    .await;
    assert_eq!(r.status, 403, "{}", r.body);
}

#[tokio::test]
async fn wsdl_open_by_default_and_closable() {
    let (app, _d) = secured(|_| {}).await;
    let r = get(&app, "/services/GeographieMetier?wsdl", Cred::None).await;
    assert_eq!(r.status, 200);
    assert_eq!(get(&app, "/services", Cred::None).await.status, 200);

    let (app, _d) = secured(|c| c.auth.wsdl_open = false).await;
    assert_401(&get(&app, "/services/GeographieMetier?wsdl", Cred::None).await);
    assert_401(&get(&app, "/services", Cred::None).await);
    let r = get(
        &app,
        "/services/GeographieMetier?wsdl",
        Cred::Basic("geo", "geo-secret"),
    )
    .await;
    assert_eq!(r.status, 200);
}

#[tokio::test]
async fn the_demo_default_stays_open_and_required_closes_it() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let r = app.recuperer_pays(None, "T").await;
    assert_eq!(r.status, 200, "{}", r.body);
    let app = TestApp::spawn_with(Backend::Sqlite, |c| c.auth.required = true).await;
    assert_401(&app.recuperer_pays(None, "T").await);
}

fn pj_request(key: &str, tpj: &str, fic: &str, bytes: &[u8]) -> String {
    let b64 = base64::engine::general_purpose::STANDARD.encode(bytes);
    op(
        PJ_NS,
        "recupererPiecesJustificativesOPIWS",
        &format!(
            "<_codOpiIntEpo>{key}</_codOpiIntEpo><_libNomPatIndOpi>LEFÈVRE</_libNomPatIndOpi><_libPr1IndOpi>ÉLODIE</_libPr1IndOpi><_codTpj>{tpj}</_codTpj><_nomFic>{fic}</_nomFic><_pj>{b64}</_pj>"
        ),
    )
}

#[tokio::test]
async fn registrars_list_and_download_documents() {
    let (app, _d) = secured(|_| {}).await;
    let key = "AUTHPJ001";
    let opi = common::opi::OpiReq::new(10, key).xml();
    let r = soap(
        &app,
        "OpiMetier",
        &opi,
        false,
        Cred::Basic("app", "app-secret"),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let pdf =
        b"%PDF-1.4\n1 0 obj <</Type /Catalog>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n".to_vec();
    let r = soap(
        &app,
        "PjOpiMetier",
        &pj_request(key, "CNI", "carte identité.pdf", &pdf),
        false,
        Cred::Key("app:app-secret"),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);

    let list = format!("/services/PjOpiMetier/documents/{key}");
    let one = format!("/services/PjOpiMetier/documents/{key}/CNI");
    for path in [&list, &one] {
        assert_401(&get(&app, path, Cred::None).await);
        assert_401(&get(&app, path, Cred::Basic("reader", "nope")).await);
        assert_eq!(
            get(&app, path, Cred::Basic("app", "app-secret"))
                .await
                .status,
            403
        );
    }
    let r = get(&app, &list, Cred::Basic("reader", "reader-secret")).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.content_type, "application/json");
    let v: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    let doc = &v[0];
    assert_eq!(doc["cod_tpj"], "CNI");
    assert_eq!(doc["nom_fic"], "carte identité.pdf");
    assert_eq!(doc["size"], pdf.len());
    assert_eq!(doc["type"], "application/pdf");
    assert!(doc["sha256"].as_str().unwrap().len() == 64);
    assert!(doc["dat_cre"].is_string() && doc["dat_mod"].is_string());

    let r = with(
        app.client.get(app.url(&one)),
        &Cred::Key("reader:reader-secret"),
    )
    .send()
    .await
    .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "application/pdf");
    assert_eq!(
        r.headers()["content-disposition"],
        "attachment; filename=\"carte identit_.pdf\"; filename*=UTF-8''carte%20identit%C3%A9.pdf"
    );
    assert_eq!(r.bytes().await.unwrap().as_ref(), pdf.as_slice());

    let r = get(
        &app,
        "/services/PjOpiMetier/documents/NOSUCHOPI",
        Cred::Basic("reader", "reader-secret"),
    )
    .await;
    assert_eq!(r.status, 404);
    let r = get(
        &app,
        &format!("{list}/PHOTO"),
        Cred::Basic("reader", "reader-secret"),
    )
    .await;
    assert_eq!(r.status, 404);
}

#[tokio::test]
async fn documents_need_credentials_even_without_configured_clients() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    assert_401(&app.get("/services/PjOpiMetier/documents/X").await);
    assert_401(&app.get("/services/PjOpiMetier/documents/X/CNI").await);
}
