//! Abuse limits and enumeration (docs/SECURITY.md): per-client request rate
//! (429) and concurrency (503) with Retry-After, services that always need a
//! client even in the open demo, and failed-authentication timing that does not
//! tell an unknown account from a wrong secret.

mod common;

use common::{envelope11, op, Backend, TestApp, GEO_NS};
use passerelle::config::ClientConfig;
use passerelle::http::auth::hash_secret;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

fn account(name: &str, secret: &str) -> ClientConfig {
    ClientConfig {
        name: name.into(),
        secret_hash: hash_secret(secret).unwrap(),
        services: vec!["*".into()],
        ..Default::default()
    }
}

fn pays() -> String {
    envelope11(&op(
        GEO_NS,
        "recupererPays",
        "<_codePays>100</_codePays><_temoinEnService>T</_temoinEnService>",
    ))
}

async fn call(app: &TestApp, user: &str, secret: &str) -> common::Reply {
    let r = app
        .client
        .post(app.service_url("GeographieMetier"))
        .header("content-type", "text/xml; charset=utf-8")
        .basic_auth(user, Some(secret))
        .body(pays())
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    let headers = r.headers().clone();
    let content_type = headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    common::Reply {
        status,
        content_type,
        headers,
        body: r.text().await.unwrap(),
    }
}

#[tokio::test]
async fn per_client_rate_gives_429_with_retry_after() {
    let app = TestApp::spawn_with(Backend::Sqlite, |c| {
        c.auth.clients = vec![account("a", "a-secret"), account("b", "b-secret")];
        c.auth.rate_per_sec = 0.2; // one request per 5 s once the burst is spent
        c.auth.rate_burst = 3;
    })
    .await;
    for _ in 0..3 {
        assert_eq!(call(&app, "a", "a-secret").await.status, 200);
    }
    let r = call(&app, "a", "a-secret").await;
    assert_eq!(r.status, 429, "{}", r.body);
    assert_eq!(
        r.fault_string().as_deref(),
        Some("technical.security.ratelimit")
    );
    let wait: u64 = r.headers["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=5).contains(&wait), "Retry-After {wait}");
    // Another client is not affected.
    assert_eq!(call(&app, "b", "b-secret").await.status, 200);
}

#[tokio::test]
async fn per_client_concurrency_gives_503_with_retry_after() {
    let app = TestApp::spawn_with(Backend::Sqlite, |c| {
        c.auth.clients = vec![account("a", "a-secret"), account("b", "b-secret")];
        c.auth.max_in_flight_per_client = 1;
    })
    .await;
    // Warm the verification cache, so the slow request below is admitted at once.
    assert_eq!(call(&app, "a", "a-secret").await.status, 200);
    // A request of "a" whose body is still being sent keeps its slot.
    let body = pays();
    let mut slow = tokio::net::TcpStream::connect(app.addr).await.unwrap();
    let head = format!(
        "POST /services/GeographieMetier HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml\r\nAuthorization: Basic YTphLXNlY3JldA==\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    slow.write_all(head.as_bytes()).await.unwrap();
    slow.write_all(&body.as_bytes()[..10]).await.unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    let r = call(&app, "a", "a-secret").await;
    assert_eq!(r.status, 503, "{}", r.body);
    assert_eq!(
        r.fault_string().as_deref(),
        Some("technical.security.toomanyinflight")
    );
    assert!(r.headers.contains_key("retry-after"));
    assert_eq!(call(&app, "b", "b-secret").await.status, 200);
    // The slow request completes, and frees the slot.
    slow.write_all(&body.as_bytes()[10..]).await.unwrap();
    let mut buf = vec![0u8; 64];
    let n = slow.read(&mut buf).await.unwrap();
    assert!(String::from_utf8_lossy(&buf[..n]).starts_with("HTTP/1.1 200"));
    drop(slow);
    assert_eq!(call(&app, "a", "a-secret").await.status, 200);
}

#[tokio::test]
async fn always_required_services_are_closed_in_the_open_demo() {
    // The default list names services of other branches; match by port name.
    assert_eq!(
        passerelle::Config::default().auth.always_required,
        ["EtudiantMetier", "AdministratifMetier", "PedagogiqueMetier"]
    );
    let app = TestApp::spawn_with(Backend::Sqlite, |c| {
        c.auth.always_required = vec!["GeographieMetier".into()];
    })
    .await;
    // A caller that is not on this machine (here: behind a reverse proxy) needs
    // credentials, even in the open demo.
    let r = app
        .client
        .post(app.url("/services/GeographieMetier"))
        .header("content-type", "text/xml; charset=utf-8")
        .header("x-forwarded-for", "203.0.113.9")
        .body(pays())
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    assert!(r.headers().contains_key("www-authenticate"));
    // A request straight from this machine (the newcomer's demo) is served.
    let r = app
        .post(
            "/services/GeographieMetier",
            "text/xml; charset=utf-8",
            pays(),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    // Other services stay open in the demo.
    let r = app
        .soap11(
            "OffreFormationMetier",
            &op(
                common::offre::OFFRE_NS,
                "recupererSE_v4",
                "<_codeEtape>X</_codeEtape>",
            ),
        )
        .await;
    assert_ne!(r.status, 401, "{}", r.body);
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

#[tokio::test]
async fn failed_authentication_takes_the_same_time_for_unknown_and_known_names() {
    let app = TestApp::spawn_with(Backend::Sqlite, |c| {
        c.auth.clients = vec![account("known", "right-secret")];
        c.auth.rate_per_sec = 0.0;
    })
    .await;
    let (mut unknown, mut wrong) = (Vec::new(), Vec::new());
    for i in 0..15 {
        // Alternate, so that load changes hit both series alike.
        for unknown_first in [i % 2 == 0, i % 2 != 0] {
            let (user, v) = if unknown_first {
                ("nobody", &mut unknown)
            } else {
                ("known", &mut wrong)
            };
            let t = Instant::now();
            let r = call(&app, user, &format!("wrong-{i}")).await;
            v.push(t.elapsed());
            assert_eq!(r.status, 401);
        }
    }
    let (u, w) = (median(unknown), median(wrong));
    let ratio = u.as_secs_f64() / w.as_secs_f64();
    eprintln!("median failed authentication: unknown name {u:?}, wrong secret {w:?}");
    // Both verify an Argon2 hash; without the dummy hash an unknown name
    // would answer in well under a millisecond against tens of milliseconds.
    assert!(
        (0.5..2.0).contains(&ratio),
        "unknown {u:?} vs wrong secret {w:?}"
    );
}
