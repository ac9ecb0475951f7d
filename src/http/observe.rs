//! What an operator sees of the traffic: a request id on every request (the
//! `X-Request-Id` header, the `request{id=…}` tracing span around every log line
//! of the request, the fault detail) and the Prometheus counters of `/metrics`.
//!
//! [`serve`] wraps [`super::routes::handle`]. The routes tell it, through a
//! task-local [`Current`], which service and operation ran, which fault was
//! answered and how large the body was ([`note_service`], [`note_operation`],
//! [`note_fault`], [`note_body`]); it counts once the response is built. The hot
//! path allocates nothing for the metrics but the request id itself: labels are
//! `&'static str` (service ports and operation names are static) and a fault's
//! family is only built on the fault path.

use super::calllog::{STREAM_ABANDONED, STREAM_TRUNCATED};
use super::routes::{plain, BodyEnd, Resp};
use super::State;
use hyper::body::Incoming;
use hyper::header::{HeaderName, HeaderValue, AUTHORIZATION, WWW_AUTHENTICATE};
use hyper::{Method, Request, StatusCode};
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::registry::Registry;
use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::convert::Infallible;
use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;
use std::time::Instant;
use tracing::Instrument;

/// The request-id header, read and written.
pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

tokio::task_local! {
    static CURRENT: Current;
}

/// What the routes report about the request being served.
struct Current {
    id: String,
    service: Cell<&'static str>,
    operation: Cell<&'static str>,
    fault: RefCell<Option<String>>,
    body_bytes: Cell<Option<u64>>,
    /// The answer is streamed: it is counted when its body ends.
    streamed: Cell<bool>,
}

/// The id of the request being served, when called from within [`serve`].
pub fn with_request_id<R>(f: impl FnOnce(Option<&str>) -> R) -> R {
    // `f` sees the id in place (no copy): called inside the task-local's
    // access when there is one, else after.
    let mut f = Some(f);
    if let Ok(r) = CURRENT.try_with(|c| (f.take().expect("not called yet"))(Some(&c.id))) {
        return r;
    }
    (f.take().expect("not called: no current request"))(None)
}

/// The SOAP service (its port) the request went to.
pub fn note_service(port: &'static str) {
    let _ = CURRENT.try_with(|c| c.service.set(port));
}

/// The operation that was dispatched.
pub fn note_operation(op: &'static str) {
    let _ = CURRENT.try_with(|c| c.operation.set(op));
}

/// The fault code answered.
pub fn note_fault(code: &str) {
    let _ = CURRENT.try_with(|c| *c.fault.borrow_mut() = Some(code.to_string()));
}

/// The answer is streamed ([`crate::services::Answer::Stream`]): its request
/// is counted when the body ends, with the outcome of the end (a stream that
/// fails after its first byte is not `ok`).
pub fn note_streamed() {
    let _ = CURRENT.try_with(|c| c.streamed.set(true));
}

/// The size of the request body, in bytes.
pub fn note_body(bytes: u64) {
    let _ = CURRENT.try_with(|c| c.body_bytes.set(Some(bytes)));
}

/// Request ids: 8 hex digits drawn at start-up (so that the ids of several
/// nodes do not collide), then 8 of a counter: `3f9a01c2-0000002a`.
struct IdGen {
    node: u32,
    next: AtomicU32,
}

impl IdGen {
    fn new() -> IdGen {
        // `RandomState` is seeded from the operating system's randomness.
        let mut h = std::collections::hash_map::RandomState::new().build_hasher();
        h.write_u128(
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or_default(),
        );
        h.write_u32(std::process::id());
        IdGen {
            node: h.finish() as u32,
            next: AtomicU32::new(0),
        }
    }

    fn next(&self) -> String {
        let n = self.next.fetch_add(1, Ordering::Relaxed);
        format!("{:08x}-{n:08x}", self.node)
    }
}

/// An incoming `X-Request-Id` is kept when it is 1 to 64 characters of
/// `[A-Za-z0-9._:-]` (nothing that could forge a log line or an XML tag).
pub fn well_formed(id: &str) -> bool {
    (1..=64).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"._:-".contains(&b))
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    service: &'static str,
    operation: &'static str,
    outcome: Cow<'static, str>,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct OperationLabels {
    service: &'static str,
    operation: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct ServiceLabels {
    service: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct KindLabels {
    kind: &'static str,
}

type HistogramFamily<L> = Family<L, Histogram, fn() -> Histogram>;

fn latency_histogram() -> Histogram {
    Histogram::new([
        0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0,
    ])
}

fn size_histogram() -> Histogram {
    // 256 B … 64 MiB, ×4.
    Histogram::new(prometheus_client::metrics::histogram::exponential_buckets(
        256.0, 4.0, 10,
    ))
}

/// The counters of one server.
pub struct Metrics {
    registry: Registry,
    ids: IdGen,
    requests: Family<RequestLabels, Counter>,
    duration: HistogramFamily<OperationLabels>,
    body: HistogramFamily<ServiceLabels>,
    in_flight: Gauge,
    db_errors: Family<KindLabels, Counter>,
    pool: Family<KindLabels, Gauge>,
}

impl Default for Metrics {
    fn default() -> Self {
        Metrics::new()
    }
}

impl Metrics {
    pub fn new() -> Metrics {
        let mut registry = Registry::with_prefix("passerelle");
        let requests = Family::<RequestLabels, Counter>::default();
        registry.register(
            "requests",
            "Requests answered, by service (SOAP port, - for other paths), operation and outcome (ok, the fault code's first three parts, or http_<status>); a streamed answer is counted when its body ends (technical.stream.truncated / technical.stream.abandoned when it did not end whole)",
            requests.clone(),
        );
        let duration: HistogramFamily<OperationLabels> =
            Family::new_with_constructor(latency_histogram);
        registry.register(
            "request_duration_seconds",
            "Time from the request head to the response head (a streamed answer's body is not included)",
            duration.clone(),
        );
        let body: HistogramFamily<ServiceLabels> = Family::new_with_constructor(size_histogram);
        registry.register(
            "request_body_bytes",
            "Size of the SOAP request bodies (PjOpiMetier: envelope plus decoded document)",
            body.clone(),
        );
        let in_flight = Gauge::default();
        registry.register(
            "requests_in_flight",
            "Requests being processed now",
            in_flight.clone(),
        );
        let db_errors = Family::<KindLabels, Counter>::default();
        registry.register(
            "db_errors",
            "Database failures answered as faults: unavailable (technical.data.transaction.connexion) or error (technical.remoteerror.database), and failed /readyz checks (readyz)",
            db_errors.clone(),
        );
        // Present at 0 from the start, so that `rate()` sees the first error.
        for kind in ["unavailable", "error", "readyz"] {
            let _ = db_errors.get_or_create(&KindLabels { kind });
        }
        let pool = Family::<KindLabels, Gauge>::default();
        registry.register(
            "db_pool_connections",
            "Connection pool (PostgreSQL pool, SQLite reader pool): max, open, idle, and waiting requests",
            pool.clone(),
        );
        Metrics {
            registry,
            ids: IdGen::new(),
            requests,
            duration,
            body,
            in_flight,
            db_errors,
            pool,
        }
    }

    /// Counts one answered request; a streamed one is counted when its body
    /// ends (`resp` then gets the hook that does it).
    fn record(&self, cur: &Current, resp: Resp, seconds: f64) -> Resp {
        let status = resp.status();
        let service = cur.service.get();
        let operation = cur.operation.get();
        let fault = cur.fault.borrow();
        let outcome: Cow<'static, str> = match fault.as_deref() {
            Some(code) => {
                match code {
                    "technical.data.transaction.connexion" => {
                        self.db_errors
                            .get_or_create(&KindLabels {
                                kind: "unavailable",
                            })
                            .inc();
                    }
                    "technical.remoteerror.database" => {
                        self.db_errors
                            .get_or_create(&KindLabels { kind: "error" })
                            .inc();
                    }
                    _ => {}
                }
                Cow::Owned(fault_family(code).to_string())
            }
            None if status.is_success() => Cow::Borrowed("ok"),
            None => Cow::Owned(format!("http_{}", status.as_u16())),
        };
        let resp = if cur.streamed.get() && fault.is_none() {
            let requests = self.requests.clone();
            super::routes::on_body_end(resp, move |end| {
                let outcome = match end {
                    BodyEnd::Complete => "ok",
                    BodyEnd::Failed => STREAM_TRUNCATED,
                    BodyEnd::Abandoned => STREAM_ABANDONED,
                };
                requests
                    .get_or_create(&RequestLabels {
                        service,
                        operation,
                        outcome: Cow::Borrowed(outcome),
                    })
                    .inc();
            })
        } else {
            self.requests
                .get_or_create(&RequestLabels {
                    service,
                    operation,
                    outcome,
                })
                .inc();
            resp
        };
        self.duration
            .get_or_create(&OperationLabels { service, operation })
            .observe(seconds);
        if let Some(n) = cur.body_bytes.get() {
            self.body
                .get_or_create(&ServiceLabels { service })
                .observe(n as f64);
        }
        resp
    }

    /// The text exposition, pool gauges read now.
    pub fn encode(&self, state: &State) -> String {
        if let Some(p) = state.store.pool_status() {
            for (kind, v) in [
                ("max", p.max_size),
                ("open", p.size),
                ("idle", p.available),
                ("waiting", p.waiting),
            ] {
                self.pool.get_or_create(&KindLabels { kind }).set(v as i64);
            }
        }
        let mut out = String::with_capacity(8192);
        let _ = prometheus_client::encoding::text::encode(&mut out, &self.registry);
        out
    }

    /// A failed `/readyz`.
    pub fn readyz_failed(&self) {
        self.db_errors
            .get_or_create(&KindLabels { kind: "readyz" })
            .inc();
    }
}

/// A fault code's first three dot-separated parts
/// (`technical.parameter.noncoherentinput.codePostal` →
/// `technical.parameter.noncoherentinput`): a bounded set of label values.
pub fn fault_family(code: &str) -> &str {
    match code.match_indices('.').nth(2) {
        Some((i, _)) => &code[..i],
        None => code,
    }
}

/// Decrements the in-flight gauge however the request ends (a client that
/// goes away drops the future).
struct InFlight<'a>(&'a Gauge);

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.0.dec();
    }
}

/// Every request goes through here: `/metrics`, or the routes inside the
/// request's span and task-local, then the counters and `X-Request-Id`.
pub async fn serve(state: Arc<State>, req: Request<Incoming>) -> Result<Resp, Infallible> {
    let mcfg = &state.config.metrics;
    if mcfg.enabled && req.method() == Method::GET && req.uri().path() == mcfg.path {
        return Ok(metrics_endpoint(&state, &req));
    }
    let incoming = req
        .headers()
        .get(&REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .filter(|v| well_formed(v))
        .map(str::to_string);
    let st = state.clone();
    let routed = async move {
        match super::routes::handle(st, req).await {
            Ok(r) => r,
            Err(never) => match never {},
        }
    };
    Ok(around(&state.metrics, incoming, routed).await)
}

/// Runs `respond` as one observed request: request id (`incoming` if given,
/// else a new one), span, task-local, in-flight gauge, then the counters and
/// the `X-Request-Id` header. Public for `benches/observe.rs`, which measures
/// what this adds to a request.
pub async fn around<F>(metrics: &Metrics, incoming: Option<String>, respond: F) -> Resp
where
    F: std::future::Future<Output = Resp>,
{
    let id = incoming.unwrap_or_else(|| metrics.ids.next());
    metrics.in_flight.inc();
    let _guard = InFlight(&metrics.in_flight);
    let started = Instant::now();
    let span = tracing::info_span!("request", id = %id);
    let cur = Current {
        id,
        service: Cell::new("-"),
        operation: Cell::new("-"),
        fault: RefCell::new(None),
        body_bytes: Cell::new(None),
        streamed: Cell::new(false),
    };
    CURRENT
        .scope(
            cur,
            async move {
                let resp = respond.await;
                let (mut resp, header) = CURRENT.with(|c| {
                    let r = metrics.record(c, resp, started.elapsed().as_secs_f64());
                    (r, HeaderValue::from_str(&c.id))
                });
                if let Ok(v) = header {
                    resp.headers_mut().insert(REQUEST_ID, v);
                }
                resp
            }
            .instrument(span),
        )
        .await
}

fn metrics_endpoint(state: &State, req: &Request<Incoming>) -> Resp {
    if let Some(token) = &state.config.metrics.token {
        let given = req
            .headers()
            .get(AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .unwrap_or("");
        let ok: bool = subtle::ConstantTimeEq::ct_eq(given.as_bytes(), token.as_bytes()).into();
        if !ok {
            let mut r = plain(
                StatusCode::UNAUTHORIZED,
                "text/plain; charset=utf-8",
                "bearer token required\n",
            );
            r.headers_mut().insert(
                WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"metrics\""),
            );
            return r;
        }
    }
    plain(
        StatusCode::OK,
        "application/openmetrics-text; version=1.0.0; charset=utf-8",
        state.metrics.encode(state),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn families_and_ids() {
        assert_eq!(
            fault_family("technical.parameter.noncoherentinput.codePostal"),
            "technical.parameter.noncoherentinput"
        );
        assert_eq!(
            fault_family("technical.message.busy"),
            "technical.message.busy"
        );
        assert_eq!(
            fault_family("technical.security.forbidden.recupererPays"),
            "technical.security.forbidden"
        );
        let g = IdGen::new();
        let (a, b) = (g.next(), g.next());
        assert_ne!(a, b);
        assert!(well_formed(&a) && a.len() == 17, "{a}");
        assert!(!well_formed(""));
        assert!(!well_formed("a b"));
        assert!(!well_formed("<x>"));
        assert!(!well_formed(&"a".repeat(65)));
        assert!(well_formed("abc-123_X.y:z"));
    }
}
