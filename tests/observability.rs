//! What an operator sees: `/metrics` (Prometheus text format) over HTTP, the
//! request id (`X-Request-Id`, the fault detail, every log line of the request,
//! text and JSON logs of the real binary).

mod common;

use common::{backends, envelope11, op, Backend, TestApp, GEO_NS};
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The value of the sample `name{labels}` (labels exactly as written), if any.
fn sample(text: &str, series: &str) -> Option<f64> {
    text.lines()
        .find_map(|l| l.strip_prefix(series)?.strip_prefix(' '))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
}

async fn metrics(app: &TestApp) -> String {
    let r = app.get("/metrics").await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(r.content_type.starts_with("application/openmetrics-text"));
    r.body
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_count_requests_faults_latency_and_pool() {
    for backend in backends() {
        let app = TestApp::spawn(backend).await;
        for _ in 0..3 {
            let r = app.recuperer_pays(Some("100"), "T").await;
            assert_eq!(r.status, 200, "{}", r.body);
        }
        let r = app.recuperer_pays(Some("999"), "T").await;
        assert_eq!(
            r.fault_string().as_deref(),
            Some("technical.data.nullretrieve.pays")
        );
        let r = app
            .post("/services/GeographieMetier", "text/plain", "x")
            .await;
        assert_eq!(r.status, 415);

        let m = metrics(&app).await;
        let ok = r#"passerelle_requests_total{service="GeographieMetier",operation="recupererPays",outcome="ok"}"#;
        assert_eq!(sample(&m, ok), Some(3.0), "{backend:?}\n{m}");
        let nf = r#"passerelle_requests_total{service="GeographieMetier",operation="recupererPays",outcome="technical.data.nullretrieve"}"#;
        assert_eq!(sample(&m, nf), Some(1.0), "{m}");
        let ct = r#"passerelle_requests_total{service="GeographieMetier",operation="-",outcome="technical.message.contenttype"}"#;
        assert_eq!(sample(&m, ct), Some(1.0), "{m}");
        let count = r#"passerelle_request_duration_seconds_count{service="GeographieMetier",operation="recupererPays"}"#;
        assert_eq!(sample(&m, count), Some(4.0), "{m}");
        let inf = r#"passerelle_request_duration_seconds_bucket{le="+Inf",service="GeographieMetier",operation="recupererPays"}"#;
        assert_eq!(sample(&m, inf), Some(4.0), "{m}");
        let body = r#"passerelle_request_body_bytes_count{service="GeographieMetier"}"#;
        assert_eq!(sample(&m, body), Some(4.0), "{m}");
        let body_sum = r#"passerelle_request_body_bytes_sum{service="GeographieMetier"}"#;
        assert!(sample(&m, body_sum).unwrap() > 4.0 * 100.0, "{m}");
        // The scrape itself is not a request in flight; nothing else is.
        assert_eq!(
            sample(&m, "passerelle_requests_in_flight"),
            Some(0.0),
            "{m}"
        );
        assert_eq!(
            sample(&m, r#"passerelle_db_pool_connections{kind="max"}"#),
            Some(app.config.database.pool_size as f64),
            "{m}"
        );
        assert!(sample(&m, r#"passerelle_db_pool_connections{kind="open"}"#).unwrap() >= 1.0);
        assert_eq!(
            sample(&m, r#"passerelle_db_errors_total{kind="unavailable"}"#),
            Some(0.0),
            "{m}"
        );
        assert!(m.trim_end().ends_with("# EOF"), "{m}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_can_be_disabled_moved_or_protected() {
    let app = TestApp::spawn_with(Backend::Sqlite, |c| c.metrics.enabled = false).await;
    assert_eq!(app.get("/metrics").await.status, 404);

    let app = TestApp::spawn_with(Backend::Sqlite, |c| {
        c.metrics.path = "/interne/metrics".into();
        c.metrics.token = Some("s3cret".into());
    })
    .await;
    assert_eq!(app.get("/metrics").await.status, 404);
    let r = app.get("/interne/metrics").await;
    assert_eq!(r.status, 401);
    assert!(r.headers.get("www-authenticate").is_some());
    let r = app
        .client
        .get(app.url("/interne/metrics"))
        .header("authorization", "Bearer wrong")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    let r = app
        .client
        .get(app.url("/interne/metrics"))
        .header("authorization", "Bearer s3cret")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(r
        .text()
        .await
        .unwrap()
        .contains("passerelle_requests_total"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn request_id_in_header_and_fault_detail() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    // Generated: on every answer, different each time.
    let a = app.get("/healthz").await;
    let b = app.recuperer_pays(Some("100"), "T").await;
    let ida = a.headers["x-request-id"].to_str().unwrap().to_string();
    let idb = b.headers["x-request-id"].to_str().unwrap().to_string();
    assert_ne!(ida, idb);
    assert_eq!(ida.len(), 17, "{ida}");

    // A well-formed incoming id is kept, and quoted in the fault detail.
    let send = |id: &'static str| {
        app.client
            .post(app.service_url("GeographieMetier"))
            .header("content-type", "text/xml; charset=utf-8")
            .header("x-request-id", id)
            .body(envelope11(&op(
                GEO_NS,
                "recupererPays",
                "<_codePays>999</_codePays><_temoinEnService>T</_temoinEnService>",
            )))
            .send()
    };
    let r = send("ticket-4521.a").await.unwrap();
    assert_eq!(r.headers()["x-request-id"], "ticket-4521.a");
    let body = r.text().await.unwrap();
    let msg = common::text_of(&body, "lastErrorMsg").unwrap();
    assert!(msg.ends_with(" (requête ticket-4521.a)"), "{msg}");
    // `messages` stays the plain reason.
    let item = common::text_of(&body, "item").unwrap();
    assert!(!item.contains("requête"), "{item}");

    // A malformed one is replaced.
    let r = send("<script>").await.unwrap();
    let id = r.headers()["x-request-id"].to_str().unwrap().to_string();
    assert_ne!(id, "<script>");
    let body = r.text().await.unwrap();
    assert!(common::text_of(&body, "lastErrorMsg")
        .unwrap()
        .ends_with(&format!("(requête {id})")));
}

/// Starts the real binary with these extra arguments; returns the child, its
/// address and a receiver of its log lines.
#[allow(clippy::zombie_processes)] // the caller waits; a panic ends the test anyway
fn serve(
    extra: &[&str],
) -> (
    std::process::Child,
    String,
    std::sync::mpsc::Receiver<String>,
    tempfile::TempDir,
) {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("p.db").display());
    let mut child = Command::new(env!("CARGO_BIN_EXE_passerelle"))
        .args(extra)
        .args([
            "serve",
            "--demo",
            "--listen",
            "127.0.0.1:0",
            "--database",
            &url,
        ])
        .env("RUST_LOG", "info")
        .env_remove("PASSERELLE_CONFIG")
        .env_remove("PASSERELLE_LOG_FORMAT")
        .current_dir(dir.path())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let line = rx
            .recv_timeout(deadline.saturating_duration_since(Instant::now()))
            .expect("server prints its listen address");
        if let Some(pos) = line.find("listen=").or_else(|| line.find("\"listen\":\"")) {
            let rest = &line[pos..];
            let rest = rest
                .strip_prefix("listen=")
                .or_else(|| rest.strip_prefix("\"listen\":\""))
                .unwrap();
            let addr: String = rest
                .chars()
                .take_while(|c| !c.is_whitespace() && *c != '"')
                .collect();
            return (child, addr, rx, dir);
        }
    }
}

fn faulting_call(addr: &str, id: &str) -> String {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let r = reqwest::Client::new()
            .post(format!("http://{addr}/services/GeographieMetier"))
            .header("content-type", "text/xml; charset=utf-8")
            .header("x-request-id", id)
            .body(envelope11(&op(
                GEO_NS,
                "recupererPays",
                "<_codePays>999</_codePays><_temoinEnService>T</_temoinEnService>",
            )))
            .send()
            .await
            .unwrap();
        r.text().await.unwrap()
    })
}

fn lines_within(rx: &std::sync::mpsc::Receiver<String>, ms: u64) -> Vec<String> {
    let mut v = Vec::new();
    while let Ok(l) = rx.recv_timeout(Duration::from_millis(ms)) {
        v.push(l);
    }
    v
}

#[test]
fn the_same_request_id_is_in_the_logs_and_the_fault() {
    let (mut child, addr, rx, _dir) = serve(&[]);
    let body = faulting_call(&addr, "plainte-17");
    assert!(body.contains("(requête plainte-17)"), "{body}");
    let lines = lines_within(&rx, 500);
    let _ = child.kill();
    let _ = child.wait();
    let fault = lines
        .iter()
        .find(|l| l.contains("technical.data.nullretrieve.pays"))
        .unwrap_or_else(|| panic!("no fault log line in {lines:#?}"));
    assert!(fault.contains("request{id=plainte-17}"), "{fault}");
}

#[test]
fn json_logs_carry_the_request_id() {
    let (mut child, addr, rx, _dir) = serve(&["--log-format", "json"]);
    let body = faulting_call(&addr, "plainte-18");
    assert!(body.contains("(requête plainte-18)"), "{body}");
    let lines = lines_within(&rx, 500);
    let _ = child.kill();
    let _ = child.wait();
    let mut found = false;
    for l in &lines {
        let v: serde_json::Value =
            serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}"));
        if v["fields"]["fault"] == "technical.data.nullretrieve.pays" {
            assert_eq!(v["span"]["id"], "plainte-18", "{l}");
            assert_eq!(v["span"]["name"], "request", "{l}");
            assert_eq!(v["level"], "INFO");
            found = true;
        }
    }
    assert!(found, "no fault line in {lines:#?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn database_failures_are_counted() {
    let Some(admin) = common::pg_admin_url() else {
        eprintln!("PASSERELLE_TEST_POSTGRES_URL unset: database failures not tested");
        return;
    };
    let app = TestApp::spawn_with(Backend::Postgres, |c| {
        c.database.acquire_timeout_secs = 0.5;
        c.database.connect_timeout_secs = 0.5;
    })
    .await;
    // The database disappears under the running server.
    let name = app
        .config
        .database_url
        .rsplit('/')
        .next()
        .unwrap()
        .to_string();
    let (c, conn) = tokio_postgres::connect(&admin, tokio_postgres::NoTls)
        .await
        .unwrap();
    tokio::spawn(conn);
    c.batch_execute(&format!("DROP DATABASE {name} WITH (FORCE)"))
        .await
        .unwrap();
    let r = app.recuperer_pays(Some("100"), "T").await;
    assert_eq!(
        r.fault_string().as_deref(),
        Some("technical.data.transaction.connexion"),
        "{}",
        r.body
    );
    assert_eq!(r.status, 503);
    assert_eq!(app.get("/readyz").await.status, 503);
    let m = metrics(&app).await;
    assert_eq!(
        sample(&m, r#"passerelle_db_errors_total{kind="unavailable"}"#),
        Some(1.0),
        "{m}"
    );
    assert_eq!(
        sample(&m, r#"passerelle_db_errors_total{kind="readyz"}"#),
        Some(1.0),
        "{m}"
    );
    let series = r#"passerelle_requests_total{service="GeographieMetier",operation="recupererPays",outcome="technical.data.transaction"}"#;
    assert_eq!(sample(&m, series), Some(1.0), "{m}");
}
