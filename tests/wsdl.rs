//! The committed WSDLs under `wsdl/` are exactly what the server generates from
//! its own type definitions, and the served `?wsdl` carries the endpoint address.

mod common;
use common::{Backend, TestApp};
use passerelle::services;

#[test]
fn committed_wsdl_files_match_the_code() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("wsdl");
    for svc in services::all() {
        let path = dir.join(format!("{}.wsdl", svc.port));
        let committed = std::fs::read_to_string(&path).unwrap_or_else(|e| {
            panic!(
                "{}: {e} (run `cargo run -- wsdl --out wsdl`)",
                path.display()
            )
        });
        assert!(
            committed == services::wsdl::canonical(svc),
            "{} is out of date: run `cargo run -- wsdl --out wsdl` and commit the result",
            path.display()
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn served_wsdl_is_self_contained_and_points_at_the_request_host() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let r = app.get("/services/GeographieMetier?wsdl").await;
    assert_eq!(r.status, 200);
    assert!(r.content_type.starts_with("text/xml"));
    assert!(
        r.body.contains(&format!(
            "location=\"http://{}/services/GeographieMetier\"",
            app.addr
        )),
        "{}",
        r.body
    );
    // No relative import or include left to resolve.
    assert!(!r.body.contains("schemaLocation"));
    assert!(!r.body.contains("<wsdl:import"));
    // ?WSDL, .wsdl and the Spring-WS style path work too.
    assert_eq!(
        app.get("/services/GeographieMetier?WSDL").await.body,
        r.body
    );
    assert_eq!(
        app.get("/services/GeographieMetier.wsdl").await.body,
        r.body
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wsdl_address_follows_forwarded_headers_and_public_url() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let r = app
        .client
        .get(app.url("/services/GeographieMetier?wsdl"))
        .header("x-forwarded-proto", "https")
        .header("x-forwarded-host", "apo-ws.univ.fr")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        r.contains("location=\"https://apo-ws.univ.fr/services/GeographieMetier\""),
        "{r}"
    );

    let app = TestApp::spawn_with(Backend::Sqlite, |c| {
        c.base_path = "/wsapogee/services".into();
        c.public_url = Some("https://ws.univ.fr/wsapogee/services".into());
    })
    .await;
    let r = app.get("/wsapogee/services/GeographieMetier?wsdl").await;
    assert_eq!(r.status, 200);
    assert!(
        r.body
            .contains("location=\"https://ws.univ.fr/wsapogee/services/GeographieMetier\""),
        "{}",
        r.body
    );
    assert_eq!(app.get("/services/GeographieMetier?wsdl").await.status, 404);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn service_list_page_links_every_wsdl() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let r = app.get("/services").await;
    assert_eq!(r.status, 200);
    assert!(r.content_type.starts_with("text/html"));
    for svc in services::all() {
        assert!(r.body.contains(&format!("/services/{}?wsdl", svc.port)));
        for op in svc.operations {
            assert!(r.body.contains(op.name), "{} missing", op.name);
        }
    }
}
