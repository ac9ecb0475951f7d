//! `recupererSE_v3` / `_v4` answers are streamed (chunked transfer encoding, one
//! chunk per diploma between the envelope's head and tail): over HTTP, against
//! the demo course structure, the streamed answer is byte-identical to the whole
//! encoding (re-encoded here through the library), well-formed, without
//! Content-Length; faults are still ordinary faults; SOAP 1.2 works; small
//! answers of other operations keep their Content-Length.

mod common;
use common::offre::{SeCritere, OFFRE, OFFRE_NS, OFFRE_NS_2014};
use common::{backends, Reply, TestApp};
use passerelle::domain::offre::assemble;
use passerelle::services::offre::{self, dto::SECritereDTO2};
use passerelle::soap::{writer, SoapVersion};
use quick_xml::events::Event;

/// The answer as it was built before streaming: the whole catalogue assembled,
/// encoded in one string, wrapped by `writer::response`.
async fn whole(app: &TestApp, version: SoapVersion, ns: &str, c: [&str; 5], v3: bool) -> String {
    let s = |v: &str| Some(v.to_string());
    let dto = SECritereDTO2 {
        cod_dip: s(c[0]),
        cod_vrs_vdi: s(c[1]),
        cod_etp: s(c[2]),
        cod_vrs_vet: s(c[3]),
        cod_elp: s(c[4]),
        ..Default::default()
    };
    let k = offre::criteres(Some(&dto)).expect("criteria");
    let catalogue = app.store().await.catalogue().await.expect("catalogue");
    let tree = assemble(&catalogue, &k);
    assert!(!tree.is_empty());
    let (children, name) = if v3 {
        (offre::encode_v3(&tree), "recupererSE_v3Response")
    } else {
        (offre::encode_v4(&tree), "recupererSE_v4Response")
    };
    writer::response(version, ns, name, &children)
}

/// Reads the whole document with quick-xml: every start has its end.
fn well_formed(xml: &str) {
    let mut r = quick_xml::Reader::from_str(xml);
    r.config_mut().check_end_names = true;
    let mut depth = 0i32;
    loop {
        match r.read_event().expect("well-formed XML") {
            Event::Start(_) => depth += 1,
            Event::End(_) => depth -= 1,
            Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(depth, 0);
}

fn streamed(r: &Reply) {
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(
        r.headers
            .get("transfer-encoding")
            .and_then(|v| v.to_str().ok()),
        Some("chunked")
    );
    assert!(r.headers.get("content-length").is_none());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn streamed_answer_is_the_whole_encoding() {
    for b in backends() {
        let app = TestApp::spawn(b).await;
        for c in [
            ["tous", "tous", "tous", "tous", "tous"],
            ["tous", "tous", "tous", "tous", "aucun"],
            ["tous", "aucun", "aucun", "aucun", "aucun"],
        ] {
            let crit = SeCritere::new(c[0], c[1], c[2], c[3], c[4]);
            let r = app.recuperer_se_v4(&crit).await;
            streamed(&r);
            assert_eq!(r.content_type, "text/xml; charset=utf-8");
            well_formed(&r.body);
            let want = whole(&app, SoapVersion::V11, OFFRE_NS, c, false).await;
            assert_eq!(r.body, want, "{c:?}");

            let r = app.recuperer_se_v3(&crit).await;
            streamed(&r);
            well_formed(&r.body);
            assert_eq!(
                r.body,
                whole(&app, SoapVersion::V11, OFFRE_NS, c, true).await
            );
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn soap12_and_dated_namespace() {
    let app = TestApp::spawn(common::Backend::Sqlite).await;
    let c = ["tous", "tous", "tous", "tous", "tous"];
    let crit = SeCritere::new(c[0], c[1], c[2], c[3], c[4]);
    let r = app
        .soap12(OFFRE, &crit.request("recupererSE_v4", OFFRE_NS_2014))
        .await;
    streamed(&r);
    assert!(r.content_type.starts_with("application/soap+xml"));
    well_formed(&r.body);
    assert_eq!(
        r.body,
        whole(&app, SoapVersion::V12, OFFRE_NS_2014, c, false).await
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn faults_are_not_streamed() {
    let app = TestApp::spawn(common::Backend::Sqlite).await;
    // nullretrieve: known before the first byte.
    let r = app
        .recuperer_se_v4(&SeCritere::new("NOPE", "tous", "tous", "tous", "tous"))
        .await;
    assert_eq!(r.status, 500, "{}", r.body);
    assert_eq!(
        r.fault_string().as_deref(),
        Some("technical.data.nullretrieve.recupererse")
    );
    assert!(r.headers.get("content-length").is_some());
    well_formed(&r.body);
    // A criteria fault.
    let r = app
        .recuperer_se_v4(&SeCritere::new("tous", "x", "tous", "tous", "tous"))
        .await;
    assert_eq!(r.status, 500, "{}", r.body);
    assert_eq!(
        r.fault_string().as_deref(),
        Some("technical.parameter.noncoherentinput.codVrsVdi")
    );
    assert!(r.headers.get("content-length").is_some());
    // SOAP 1.2 fault.
    let r = app
        .soap12(
            OFFRE,
            &SeCritere::new("NOPE", "tous", "tous", "tous", "tous")
                .request("recupererSE_v4", OFFRE_NS),
        )
        .await;
    // A SOAP 1.2 Sender fault is 400.
    assert_eq!(r.status, 400, "{}", r.body);
    assert_eq!(
        r.fault_string().as_deref(),
        Some("technical.data.nullretrieve.recupererse")
    );
    assert!(r.headers.get("content-length").is_some());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn small_answers_keep_a_content_length() {
    let app = TestApp::spawn(common::Backend::Sqlite).await;
    let r = app.recuperer_pays(Some("100"), "O").await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(r.headers.get("transfer-encoding").is_none());
    assert_eq!(
        r.headers
            .get("content-length")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<usize>().ok()),
        Some(r.body.len())
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_that_goes_away_leaves_the_server_serving() {
    let app = TestApp::spawn(common::Backend::Sqlite).await;
    let crit = SeCritere::new("tous", "tous", "tous", "tous", "tous");
    let body = common::envelope11(&crit.request("recupererSE_v4", OFFRE_NS));
    for _ in 0..8 {
        // Headers only, then the response (and its body) is dropped unread.
        let resp = app
            .client
            .post(app.service_url(OFFRE))
            .header("content-type", "text/xml; charset=utf-8")
            .body(body.clone())
            .send()
            .await
            .expect("sent");
        assert_eq!(resp.status(), 200);
        drop(resp);
    }
    let r = app.recuperer_se_v4(&crit).await;
    streamed(&r);
    well_formed(&r.body);
}

/// The counter of one `passerelle_requests_total` series (0 when absent).
fn requests_total(metrics: &str, operation: &str, outcome: &str) -> f64 {
    let series = format!(
        "passerelle_requests_total{{service=\"OffreFormationMetier\",operation=\"{operation}\",outcome=\"{outcome}\"}} "
    );
    metrics
        .lines()
        .find_map(|l| l.strip_prefix(&series))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .unwrap_or(0.0)
}

/// The journal row of request `id` (5 s at most).
async fn journal_row(app: &TestApp, id: &str) -> passerelle::journal::Entry {
    let store = app.store().await;
    let f = passerelle::journal::Filter {
        request_id: Some(id.to_string()),
        limit: 10,
        ..Default::default()
    };
    for _ in 0..100 {
        let rows = store.journal_list(&f).await.expect("journal_list");
        if let Some(e) = rows.into_iter().next() {
            return e;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("no journal row for request {id}");
}

/// A streamed answer that fails after its first byte (the test seam
/// `stream_cut_after` stops it after one diploma, as a failing encoder would):
/// the client gets a 200 whose body is aborted, the journal row says
/// `technical.stream.truncated` and /metrics counts it as that outcome, not
/// `ok`. A whole stream stays `ok` in both.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stream_that_fails_midway_is_journalled_and_counted_as_failed() {
    for b in backends() {
        let app = TestApp::spawn_with(b, |c| {
            c.journal.flush_interval_ms = 50;
            c.stream_cut_after = Some(1);
        })
        .await;
        let crit = SeCritere::new("tous", "tous", "tous", "tous", "tous");
        for (op, v3) in [("recupererSE_v4", false), ("recupererSE_v3", true)] {
            // The demo structure has more than one diploma: the cut is midway.
            let whole = whole(&app, SoapVersion::V11, OFFRE_NS, ["tous"; 5], v3).await;
            assert!(whole.matches(&format!("<{op}Return>")).count() > 1);
            let resp = app
                .client
                .post(app.service_url(OFFRE))
                .header("content-type", "text/xml; charset=utf-8")
                .header("x-request-id", format!("cut-{op}"))
                .body(common::envelope11(&crit.request(op, OFFRE_NS)))
                .send()
                .await;
            // The answer is aborted: usually after its head (200) and first chunk; when
            // the cut comes before hyper flushed the head, the connection closes first.
            match resp {
                Ok(resp) => {
                    assert_eq!(resp.status(), 200);
                    assert!(resp.text().await.is_err(), "{op}: the body must be aborted");
                }
                Err(e) => assert!(
                    format!("{e:?}").contains("IncompleteMessage"),
                    "{op}: {e:?}"
                ),
            }

            let row = journal_row(&app, &format!("cut-{op}")).await;
            assert_eq!(row.outcome, "technical.stream.truncated", "{row:?}");
            assert_eq!(row.operation.as_deref(), Some(op));
            assert_eq!(row.http_status, 200);
            assert!(row.reason.as_deref().unwrap().contains("first byte"));
            assert!(!row.is_ok());
        }
        let m = app.get("/metrics").await.body;
        for op in ["recupererSE_v4", "recupererSE_v3"] {
            assert_eq!(
                requests_total(&m, op, "technical.stream.truncated"),
                1.0,
                "{b:?}\n{m}"
            );
            assert_eq!(requests_total(&m, op, "ok"), 0.0, "{m}");
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_whole_stream_is_journalled_ok_when_its_last_byte_is_sent() {
    let app = TestApp::spawn_with(common::Backend::Sqlite, |c| {
        c.journal.flush_interval_ms = 50;
    })
    .await;
    let crit = SeCritere::new("tous", "tous", "tous", "tous", "tous");
    let r = app.recuperer_se_v4(&crit).await;
    streamed(&r);
    well_formed(&r.body);
    let id = r.headers["x-request-id"].to_str().unwrap().to_string();
    let row = journal_row(&app, &id).await;
    assert_eq!((row.outcome.as_str(), row.http_status), ("ok", 200));
    assert_eq!(row.reason, None);
    let m = app.get("/metrics").await.body;
    assert_eq!(requests_total(&m, "recupererSE_v4", "ok"), 1.0, "{m}");
}
