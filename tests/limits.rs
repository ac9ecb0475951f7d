//! Hostile input is refused cheaply, before any database work, with a fault that
//! names the limit. Every limit of `config::Limits` is hit here.

mod common;
use common::{envelope11, op, Backend, TestApp, GEO_NS};
use passerelle::Config;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const PAYS: &str = "<_codePays>100</_codePays><_temoinEnService>O</_temoinEnService>";

async fn app_with(tweak: impl FnOnce(&mut Config)) -> TestApp {
    TestApp::spawn_with(Backend::Sqlite, tweak).await
}

async fn expect_limit(app: &TestApp, body: String, code: &str) {
    let started = Instant::now();
    let r = app
        .post(
            "/services/GeographieMetier",
            "text/xml; charset=utf-8",
            body,
        )
        .await;
    assert_eq!(r.fault_string().as_deref(), Some(code), "{}", r.body);
    assert_eq!(r.text_of("faultcode").as_deref(), Some("soapenv:Client"));
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "refusal must be cheap"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn body_size_declared_and_streamed() {
    let app = app_with(|c| c.limits.max_body_bytes = 2048).await;
    // Declared by Content-Length: refused before reading.
    let big = envelope11(&op(
        GEO_NS,
        "recupererPays",
        &format!("<_codePays>{}</_codePays>", "x".repeat(4000)),
    ));
    let r = app
        .post("/services/GeographieMetier", "text/xml", big.clone())
        .await;
    assert_eq!(r.status, 413);
    assert_eq!(
        r.fault_string().as_deref(),
        Some("technical.message.limit.size")
    );
    // Chunked (no Content-Length): cut while streaming.
    let stream = futures_stream(big.into_bytes());
    let r = app
        .client
        .post(app.service_url("GeographieMetier"))
        .header("content-type", "text/xml")
        .body(reqwest::Body::wrap_stream(stream))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 413);
    // Just under the limit works.
    let ok = envelope11(&op(GEO_NS, "recupererPays", PAYS));
    assert!(ok.len() < 2048);
    assert_eq!(
        app.post("/services/GeographieMetier", "text/xml", ok)
            .await
            .status,
        200
    );
}

fn futures_stream(
    bytes: Vec<u8>,
) -> impl futures_core::Stream<Item = Result<Vec<u8>, std::io::Error>> {
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> =
        bytes.chunks(512).map(|c| Ok(c.to_vec())).collect();
    tokio_stream::iter(chunks)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn depth_default_is_64() {
    let app = app_with(|_| {}).await;
    // Envelope, Body, operation = 3 levels; 62 more reach 65.
    let deep = format!("{}x{}", "<a>".repeat(62), "</a>".repeat(62));
    expect_limit(
        &app,
        envelope11(&op(GEO_NS, "recupererPays", &deep)),
        "technical.message.limit.depth",
    )
    .await;
    let ok = format!("{}x{}", "<a>".repeat(61), "</a>".repeat(61));
    let r = app
        .soap11(
            "GeographieMetier",
            &op(GEO_NS, "recupererPays", &format!("{PAYS}{ok}")),
        )
        .await;
    assert_eq!(r.status, 200, "depth 64 is allowed: {}", r.body);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn depth_limit_names_the_path() {
    let app = app_with(|c| c.limits.max_depth = 5).await;
    let r = app
        .soap11(
            "GeographieMetier",
            &op(
                GEO_NS,
                "recupererPays",
                "<_codePays><a><b/></a></_codePays>",
            ),
        )
        .await;
    assert_eq!(
        r.fault_string().as_deref(),
        Some("technical.message.limit.depth")
    );
    assert_eq!(
        r.text_of("element").as_deref(),
        Some("Envelope/Body/recupererPays/_codePays/a/b")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn children_per_element() {
    let app = app_with(|c| c.limits.max_children = 10).await;
    expect_limit(
        &app,
        envelope11(&op(GEO_NS, "recupererPays", &"<x/>".repeat(11))),
        "technical.message.limit.children",
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn total_elements() {
    let app = app_with(|c| c.limits.max_elements = 50).await;
    let nested = "<g><x/><x/><x/><x/><x/><x/><x/><x/><x/></g>".repeat(6);
    expect_limit(
        &app,
        envelope11(&op(GEO_NS, "recupererPays", &nested)),
        "technical.message.limit.elements",
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn attributes_per_element() {
    let app = app_with(|c| c.limits.max_attributes = 8).await;
    let attrs: String = (0..9).map(|i| format!(" a{i}=\"v\"")).collect();
    expect_limit(
        &app,
        envelope11(&op(
            GEO_NS,
            "recupererPays",
            &format!("<_codePays{attrs}>100</_codePays>"),
        )),
        "technical.message.limit.attributes",
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn text_and_attribute_value_length() {
    let app = app_with(|c| {
        c.limits.max_text_bytes = 100;
        c.limits.max_attribute_bytes = 120;
    })
    .await;
    expect_limit(
        &app,
        envelope11(&op(
            GEO_NS,
            "recupererPays",
            &format!("<_codePays>{}</_codePays>", "9".repeat(101)),
        )),
        "technical.message.limit.text",
    )
    .await;
    // Text split by references still counts as a whole.
    expect_limit(
        &app,
        envelope11(&op(
            GEO_NS,
            "recupererPays",
            &format!("<_codePays>{}</_codePays>", "&amp;".repeat(101)),
        )),
        "technical.message.limit.text",
    )
    .await;
    expect_limit(
        &app,
        envelope11(&op(
            GEO_NS,
            "recupererPays",
            &format!("<_codePays a=\"{}\">1</_codePays>", "v".repeat(121)),
        )),
        "technical.message.limit.attributevalue",
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn name_length() {
    let app = app_with(|c| c.limits.max_name_bytes = 32).await;
    let name = "n".repeat(33);
    expect_limit(
        &app,
        envelope11(&op(GEO_NS, "recupererPays", &format!("<{name}/>"))),
        "technical.message.limit.name",
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn doctype_entities_and_xxe_are_never_processed() {
    let app = app_with(|_| {}).await;
    let bomb = format!(
        r#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">{}]><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>{}</s:Body></s:Envelope>"#,
        (1..10)
            .map(|i| format!(
                "<!ENTITY lol{i} \"{}\">",
                format!(
                    "&lol{};",
                    if i == 1 {
                        String::new()
                    } else {
                        (i - 1).to_string()
                    }
                )
                .repeat(10)
            ))
            .collect::<String>(),
        op(GEO_NS, "recupererPays", "<_codePays>&lol9;</_codePays>")
    );
    expect_limit(&app, bomb, "technical.message.dtd").await;
    let xxe = format!(
        r#"<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>{}</s:Body></s:Envelope>"#,
        op(GEO_NS, "recupererPays", "<_codePays>&xxe;</_codePays>")
    );
    let r = app
        .post("/services/GeographieMetier", "text/xml", xxe)
        .await;
    assert_eq!(r.fault_string().as_deref(), Some("technical.message.dtd"));
    assert!(!r.body.contains("root:"));
    // An entity reference without any DTD.
    expect_limit(
        &app,
        envelope11(&op(GEO_NS, "recupererPays", "<_codePays>&xxe;</_codePays>")),
        "technical.message.entity",
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn processing_instructions_are_refused() {
    let app = app_with(|_| {}).await;
    expect_limit(
        &app,
        envelope11(&op(
            GEO_NS,
            "recupererPays",
            "<?xml-stylesheet href=\"x\"?><_codePays>100</_codePays>",
        )),
        "technical.message.processinginstruction",
    )
    .await;
}

/// A client that sends part of its headers and stalls is disconnected after
/// `header_read_timeout_secs`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slow_headers_are_cut() {
    let app = app_with(|c| c.limits.header_read_timeout_secs = 0.5).await;
    let mut s = TcpStream::connect(app.addr).await.unwrap();
    s.write_all(b"POST /services/GeographieMetier HTTP/1.1\r\nHost: x\r\n")
        .await
        .unwrap();
    let started = Instant::now();
    let mut buf = Vec::new();
    let n = tokio::time::timeout(Duration::from_secs(5), s.read_to_end(&mut buf))
        .await
        .expect("server closes the connection");
    let _ = n;
    let waited = started.elapsed();
    assert!(
        waited >= Duration::from_millis(400) && waited < Duration::from_secs(3),
        "{waited:?}"
    );
    // hyper answers 408 (or just closes); never a 200.
    let text = String::from_utf8_lossy(&buf);
    assert!(
        text.is_empty() || text.starts_with("HTTP/1.1 408"),
        "{text}"
    );
}

/// Headers in, body trickling: HTTP 408 with a fault after `body_read_timeout_secs`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slow_body_is_cut() {
    let app = app_with(|c| c.limits.body_read_timeout_secs = 0.5).await;
    let mut s = TcpStream::connect(app.addr).await.unwrap();
    s.write_all(b"POST /services/GeographieMetier HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml\r\nContent-Length: 500\r\n\r\n<soap").await.unwrap();
    let started = Instant::now();
    let mut buf = vec![0u8; 4096];
    let n = tokio::time::timeout(Duration::from_secs(5), s.read(&mut buf))
        .await
        .expect("an answer")
        .unwrap();
    let text = String::from_utf8_lossy(&buf[..n]);
    assert!(text.starts_with("HTTP/1.1 408"), "{text}");
    assert!(started.elapsed() < Duration::from_secs(3));
}

/// `max_in_flight` requests at once; the next gets 503 with Retry-After at once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in_flight_cap_answers_503() {
    let app = app_with(|c| c.limits.max_in_flight = 1).await;
    // Hold the only slot: headers sent, body incomplete.
    let mut s = TcpStream::connect(app.addr).await.unwrap();
    s.write_all(b"POST /services/GeographieMetier HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml\r\nContent-Length: 500\r\n\r\n<s").await.unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;
    let r = app
        .soap11("GeographieMetier", &op(GEO_NS, "recupererPays", PAYS))
        .await;
    assert_eq!(r.status, 503);
    assert_eq!(
        r.headers.get("retry-after").map(|v| v.to_str().unwrap()),
        Some("1")
    );
    assert_eq!(r.fault_string().as_deref(), Some("technical.message.busy"));
    assert_eq!(r.text_of("faultcode").as_deref(), Some("soapenv:Server"));
    drop(s);
    tokio::time::sleep(Duration::from_millis(200)).await;
    let r = app
        .soap11("GeographieMetier", &op(GEO_NS, "recupererPays", PAYS))
        .await;
    assert_eq!(r.status, 200, "the slot is free again");
}

/// Makes every reader of `pays` wait: an external PostgreSQL session holding an
/// ACCESS EXCLUSIVE lock (a real lock, no mock). SQLite in WAL mode never blocks
/// readers, so these two tests need PostgreSQL; `.ci/run` always provides it.
async fn lock_pays(app: &TestApp) -> tokio_postgres::Client {
    let (c, conn) = tokio_postgres::connect(&app.config.database_url, tokio_postgres::NoTls)
        .await
        .unwrap();
    tokio::spawn(conn);
    c.batch_execute("BEGIN; LOCK TABLE pays IN ACCESS EXCLUSIVE MODE;")
        .await
        .unwrap();
    c
}

fn pg_or_skip(test: &str) -> bool {
    if common::pg_admin_url().is_none() {
        eprintln!("{test}: needs PASSERELLE_TEST_POSTGRES_URL (set by .ci/run); not run");
        return false;
    }
    true
}

/// The operation itself is bounded by `handler_timeout_secs`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn handler_timeout_is_a_server_fault() {
    if !pg_or_skip("handler_timeout_is_a_server_fault") {
        return;
    }
    let app = TestApp::spawn_with(Backend::Postgres, |c| c.limits.handler_timeout_secs = 0.3).await;
    // Warm the pool so the lock below does not block connection set-up.
    assert_eq!(
        app.soap11("GeographieMetier", &op(GEO_NS, "recupererPays", PAYS))
            .await
            .status,
        200
    );
    let lock = lock_pays(&app).await;
    let started = Instant::now();
    let r = app
        .soap11("GeographieMetier", &op(GEO_NS, "recupererPays", PAYS))
        .await;
    assert_eq!(r.status, 503, "{}", r.body);
    assert_eq!(
        r.fault_string().as_deref(),
        Some("technical.message.timeout")
    );
    assert_eq!(r.text_of("faultcode").as_deref(), Some("soapenv:Server"));
    assert!(
        started.elapsed() < Duration::from_millis(1_500),
        "{:?}",
        started.elapsed()
    );
    drop(lock);
}

/// Pool exhausted: a clean Server fault after `database.acquire_timeout_secs`,
/// never a hang.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pool_exhaustion_is_a_clean_server_fault() {
    if !pg_or_skip("pool_exhaustion_is_a_clean_server_fault") {
        return;
    }
    let app = TestApp::spawn_with(Backend::Postgres, |c| {
        c.database.pool_size = 1;
        c.database.acquire_timeout_secs = 0.3;
    })
    .await;
    assert_eq!(
        app.soap11("GeographieMetier", &op(GEO_NS, "recupererPays", PAYS))
            .await
            .status,
        200
    );
    let lock = lock_pays(&app).await;
    // The first request takes the only connection and waits on the lock.
    let first = {
        let client = app.client.clone();
        let url = app.service_url("GeographieMetier");
        tokio::spawn(async move {
            client
                .post(url)
                .header("content-type", "text/xml")
                .body(envelope11(&op(GEO_NS, "recupererPays", PAYS)))
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        })
    };
    tokio::time::sleep(Duration::from_millis(150)).await;
    let started = Instant::now();
    let r = app
        .soap11("GeographieMetier", &op(GEO_NS, "recupererPays", PAYS))
        .await;
    assert_eq!(r.status, 503, "{}", r.body);
    assert_eq!(
        r.fault_string().as_deref(),
        Some("technical.data.transaction.connexion")
    );
    assert_eq!(
        r.headers.get("retry-after").map(|v| v.to_str().unwrap()),
        Some("1")
    );
    assert!(
        started.elapsed() < Duration::from_millis(1_500),
        "{:?}",
        started.elapsed()
    );
    drop(lock);
    // Once the lock is gone the first request completes.
    assert_eq!(first.await.unwrap(), 200);
}

/// Shutdown waits for in-flight requests at most `shutdown_grace_secs`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn shutdown_grace_is_bounded() {
    let mut app = app_with(|c| c.limits.shutdown_grace_secs = 0.5).await;
    // A request that never completes (body never sent in full).
    let mut s = TcpStream::connect(app.addr).await.unwrap();
    s.write_all(b"POST /services/GeographieMetier HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml\r\nContent-Length: 500\r\n\r\n<s").await.unwrap();
    tokio::time::sleep(Duration::from_millis(100)).await;
    let started = Instant::now();
    tokio::time::timeout(Duration::from_secs(5), app.stop())
        .await
        .expect("shutdown returns");
    let took = started.elapsed();
    assert!(
        took >= Duration::from_millis(400) && took < Duration::from_secs(3),
        "{took:?}"
    );
}

/// `/readyz` reports a database that went away; `/healthz` (process alive) does
/// not; SOAP calls get the clean "unavailable" fault, not a hang.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn readiness_follows_the_database() {
    if !pg_or_skip("readiness_follows_the_database") {
        return;
    }
    let app = TestApp::spawn_with(Backend::Postgres, |c| {
        c.database.acquire_timeout_secs = 1.0;
        c.database.connect_timeout_secs = 1.0;
    })
    .await;
    assert_eq!(app.get("/readyz").await.status, 200);
    let name = app
        .config
        .database_url
        .rsplit('/')
        .next()
        .unwrap()
        .to_string();
    let (c, conn) =
        tokio_postgres::connect(&common::pg_admin_url().unwrap(), tokio_postgres::NoTls)
            .await
            .unwrap();
    tokio::spawn(conn);
    c.batch_execute(&format!("DROP DATABASE {name} WITH (FORCE)"))
        .await
        .unwrap();
    let started = Instant::now();
    assert_eq!(app.get("/readyz").await.status, 503);
    assert_eq!(app.get("/healthz").await.status, 200);
    let r = app
        .soap11("GeographieMetier", &op(GEO_NS, "recupererPays", PAYS))
        .await;
    assert_eq!(r.status, 503, "{}", r.body);
    assert_eq!(
        r.fault_string().as_deref(),
        Some("technical.data.transaction.connexion")
    );
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
}
