//! What `http::observe::around` (request id, tracing span, task-local, in-flight
//! gauge, request counter and latency histogram, `X-Request-Id` header) adds to
//! one request, measured against the same trivial handler without it. A `fmt`
//! subscriber at `info` writing to a sink is installed, as in production, so the
//! span's cost is counted.
//!
//!     cargo bench --bench observe
//!
//! Figures: docs/PERFORMANCE.md.

use bytes::Bytes;
use criterion::{black_box, criterion_group, criterion_main, Criterion};
use http_body_util::{BodyExt, Full};
use passerelle::http::observe::{self, Metrics};
use passerelle::http::routes::Resp;

fn response() -> Resp {
    let body = Full::new(Bytes::from_static(b"<ok/>")).map_err(|never| match never {});
    hyper::Response::new(body.boxed())
}

/// What the routes do on a successful SOAP call, observed or not.
async fn handler() -> Resp {
    observe::note_service("OpiMetier");
    observe::note_body(9000);
    observe::note_operation("mettreajourDonneesOpi_v10");
    response()
}

async fn faulting() -> Resp {
    observe::note_service("OpiMetier");
    observe::note_operation("mettreajourDonneesOpi_v10");
    observe::note_fault("technical.parameter.noncoherentinput.codEtp");
    response()
}

fn benches(c: &mut Criterion) {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::new("info"))
        .with_writer(std::io::sink)
        .init();
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let metrics = Metrics::new();
    let mut g = c.benchmark_group("observe");
    g.bench_function("bare_handler", |b| {
        b.iter(|| black_box(rt.block_on(handler())))
    });
    // The request span alone (what `around` does for the log lines), to
    // attribute the cost: the rest is the id, the task-local and the counters.
    g.bench_function("span_only", |b| {
        b.iter(|| {
            let span = tracing::info_span!("request", id = "3f9a01c2-0000002a");
            black_box(rt.block_on(tracing::Instrument::instrument(handler(), span)))
        })
    });
    g.bench_function("observed_handler", |b| {
        b.iter(|| black_box(rt.block_on(observe::around(&metrics, None, handler()))))
    });
    g.bench_function("observed_handler_incoming_id", |b| {
        b.iter(|| {
            black_box(rt.block_on(observe::around(
                &metrics,
                Some("ticket-4521".to_string()),
                handler(),
            )))
        })
    });
    g.bench_function("observed_fault", |b| {
        b.iter(|| black_box(rt.block_on(observe::around(&metrics, None, faulting()))))
    });
    g.finish();
}

criterion_group!(observe_benches, benches);
criterion_main!(observe_benches);
