//! Nothing lost, nothing duplicated: many concurrent clients, deliberate retries
//! and concurrent sends of the same keys; afterwards the database holds exactly
//! the acknowledged records, each once, with exactly their wishes.

mod common;
use common::opi::{voeu, OpiReq, VoeuxReq};
use common::{backends, Backend, TestApp};
use passerelle::domain::opi::Voeux;
use std::collections::BTreeSet;
use std::sync::Arc;

const CLIENTS: usize = 64;
const RECORDS: usize = 2_000;

/// The deterministic content of record `i`: 1 to 3 wishes.
fn request(i: usize) -> OpiReq {
    let wishes = (0..=(i % 3))
        .map(|w| voeu("SC1", &format!("E{i:04}{w}"), 100 + w as u32, w as u32 + 1))
        .collect();
    OpiReq::new(10, &format!("LD{i:08}")).with_voeux(VoeuxReq::Items(wishes))
}

fn expected_wishes(i: usize) -> BTreeSet<(String, i32)> {
    (0..=(i % 3))
        .map(|w| (format!("E{i:04}{w}"), 100 + w as i32))
        .collect()
}

/// Posts until acknowledged (as a real client retries a 503), returns the tries.
async fn send(client: &reqwest::Client, url: &str, body: &str) -> usize {
    for attempt in 1..=50 {
        let r = client
            .post(url)
            .header("content-type", "text/xml; charset=utf-8")
            .body(body.to_string())
            .send()
            .await;
        match r {
            Ok(r) if r.status() == 200 => return attempt,
            Ok(r) if r.status() == 503 => {
                tokio::time::sleep(std::time::Duration::from_millis(20)).await
            }
            Ok(r) => panic!(
                "status {}: {}",
                r.status(),
                r.text().await.unwrap_or_default()
            ),
            Err(e) => panic!("request failed: {e}"),
        }
    }
    panic!("never acknowledged");
}

/// Sends every record once, 1 in 5 twice in a row (a client retry), and 1 in 10
/// a second time from another client at the same moment.
async fn load(urls: Vec<String>) {
    let queue: Vec<usize> = (0..RECORDS).chain((0..RECORDS).step_by(10)).collect();
    let queue = Arc::new(std::sync::Mutex::new(queue.into_iter()));
    let client = reqwest::Client::new();
    let mut tasks = Vec::new();
    for c in 0..CLIENTS {
        let queue = queue.clone();
        let client = client.clone();
        let url = urls[c % urls.len()].clone();
        tasks.push(tokio::spawn(async move {
            loop {
                let next = queue.lock().unwrap().next();
                let Some(i) = next else { break };
                let body = common::envelope11(&request(i).xml());
                send(&client, &url, &body).await;
                if i % 5 == 0 {
                    send(&client, &url, &body).await;
                }
            }
        }));
    }
    for t in tasks {
        t.await.expect("client task");
    }
}

async fn check(app: &TestApp) {
    let store = app.store().await;
    let mut ids = BTreeSet::new();
    for i in 0..RECORDS {
        let key = format!("LD{i:08}");
        let s = store
            .find_opi(&key)
            .await
            .unwrap()
            .unwrap_or_else(|| panic!("{key} lost"));
        assert!(ids.insert(s.cod_ind_opi), "{key}: shares an individual");
        let Voeux::Replace(w) = &s.opi.voeux else {
            panic!()
        };
        let got: BTreeSet<(String, i32)> = w
            .iter()
            .map(|v| (v.cod_etp.clone().unwrap(), v.cod_vrs_vet.unwrap()))
            .collect();
        assert_eq!(got, expected_wishes(i), "{key}: wishes");
    }
    assert_eq!(ids.len(), RECORDS);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_clients_with_retries_lose_and_duplicate_nothing() {
    for b in backends() {
        // No course structure (no demo data): the generated étapes are accepted.
        let app = TestApp::spawn_with(b, |c| c.demo = false).await;
        let started = std::time::Instant::now();
        load(vec![app.service_url("OpiMetier")]).await;
        eprintln!(
            "{b:?}: {} requests in {:?}",
            RECORDS + RECORDS / 10 + RECORDS / 5,
            started.elapsed()
        );
        check(&app).await;
    }
}

/// Two `passerelle serve` processes on one PostgreSQL receive the same keys at
/// the same time: the gateway is stateless, PostgreSQL is the shared core.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_server_processes_on_one_postgres() {
    if common::pg_admin_url().is_none() {
        eprintln!("needs PASSERELLE_TEST_POSTGRES_URL (set by .ci/run); not run");
        return;
    }
    // The first app creates the fresh database (and checks the results); two
    // separate server processes share it.
    let app = TestApp::spawn_with(Backend::Postgres, |c| c.demo = false).await;
    let a = common::ServerProcess::start(&app.config.database_url);
    let b = common::ServerProcess::start(&app.config.database_url);
    load(vec![
        format!("http://{}/services/OpiMetier", a.addr),
        format!("http://{}/services/OpiMetier", b.addr),
    ])
    .await;
    drop(a);
    drop(b);
    check(&app).await;
}
