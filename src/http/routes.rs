//! Routing: `POST <base>/<Port>` (SOAP), `GET <base>/<Port>?wsdl`, `GET <base>`
//! (service list), `/healthz`, `/readyz`.

use super::auth::Caller;
use super::State;
use crate::pj::{self, PjError};
use crate::services::{self, Answer, Ctx, ServiceDef};
use crate::soap::reader::{read_envelope, ReadError};
use crate::soap::{charset, parse_content_type, writer, Fault, SoapVersion};
use bytes::Bytes;
use futures_util::StreamExt;
use http_body_util::combinators::BoxBody;
use http_body_util::{BodyExt, Full, Limited, StreamBody};
use hyper::body::Frame;
use hyper::body::Incoming;
use hyper::header::{
    HeaderValue, CONTENT_LENGTH, CONTENT_TYPE, HOST, RETRY_AFTER, WWW_AUTHENTICATE,
};
use hyper::{Method, Request, Response, StatusCode};
use std::convert::Infallible;
use std::sync::Arc;
use std::task::Poll;
use std::time::Instant;

/// Error of a response body: only a streamed answer whose encoding failed
/// midway has one (the connection is then aborted).
pub type BodyError = Box<dyn std::error::Error + Send + Sync>;
/// Every response: one `Full` body for small answers, a stream for large ones.
pub type Resp = Response<BoxBody<Bytes, BodyError>>;

pub(crate) fn plain(
    status: StatusCode,
    content_type: &'static str,
    body: impl Into<Bytes>,
) -> Resp {
    let full = Full::new(body.into()).map_err(|never: Infallible| match never {});
    let mut r = Response::new(full.boxed());
    *r.status_mut() = status;
    r.headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
    r
}

fn fault_response(f: &Fault, version: SoapVersion, ns: &str) -> Resp {
    super::calllog::note_fault(f);
    let status =
        StatusCode::from_u16(f.status(version)).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    super::observe::note_fault(&f.string);
    let envelope =
        super::observe::with_request_id(|id| f.to_envelope_with_request_id(version, ns, id));
    let mut r = plain(status, version.content_type(), envelope);
    if status == StatusCode::SERVICE_UNAVAILABLE || status == StatusCode::TOO_MANY_REQUESTS {
        r.headers_mut()
            .insert(RETRY_AFTER, HeaderValue::from_static("1"));
    }
    if status == StatusCode::UNAUTHORIZED {
        r.headers_mut()
            .insert(WWW_AUTHENTICATE, HeaderValue::from_static(REALM));
    }
    r
}

/// A refusal of [`super::guard`], with its `Retry-After`.
fn guard_response(f: &Fault, retry_after: u64, version: SoapVersion, ns: &str) -> Resp {
    let mut r = fault_response(f, version, ns);
    if retry_after > 1 {
        r.headers_mut()
            .insert(RETRY_AFTER, HeaderValue::from(retry_after));
    }
    r
}

const REALM: &str = "Basic realm=\"passerelle\"";

/// The fault of a SOAP call without valid credentials: HTTP 401 with
/// `WWW-Authenticate: Basic`.
fn unauthenticated(version: SoapVersion, ns: &str) -> Resp {
    let f = Fault::client(
        "technical.security.invaliduser.user",
        None,
        "Missing or invalid credentials: send HTTP Basic (name and secret) or the API-key header (name:secret).",
    )
    .with_status(401);
    let mut r = fault_response(&f, version, ns);
    r.headers_mut()
        .insert(WWW_AUTHENTICATE, HeaderValue::from_static(REALM));
    r
}

/// A plain-text 401 (WSDL, service list, documents).
pub(super) fn unauthenticated_plain() -> Resp {
    let mut r = plain(
        StatusCode::UNAUTHORIZED,
        "text/plain; charset=utf-8",
        "credentials required\n",
    );
    r.headers_mut()
        .insert(WWW_AUTHENTICATE, HeaderValue::from_static(REALM));
    r
}

/// When the WSDL and the service list are closed (`auth.wsdl_open = false`
/// with authentication enforced), the refusal for a request without a valid client.
async fn wsdl_gate(state: &State, req: &Request<Incoming>) -> Option<Resp> {
    if state.auth.wsdl_open() || !state.auth.enforced().await {
        return None;
    }
    let peer = req.extensions().get::<super::auth::PeerNames>();
    match state.auth.request_client(req.headers(), peer).await {
        Ok(_) => None,
        Err(_) => Some(unauthenticated_plain()),
    }
}

/// Every HTTP request: health, admin, documents, WSDL and the SOAP services.
/// Each branch's future is boxed: they are large (the SOAP path alone is about
/// 6 KB, the whole match was 14.7 KB) and this future is moved by every layer
/// around it (span, task-local, hyper's dispatcher): moving a pointer instead
/// saved several kilobytes of copying per request (docs/PERFORMANCE.md).
pub async fn handle(state: Arc<State>, req: Request<Incoming>) -> Result<Resp, Infallible> {
    let path = req.uri().path().to_string();
    let base = state.config.base_path.trim_end_matches('/');
    let resp = match (req.method(), path.as_str()) {
        (&Method::GET, "/healthz") => plain(StatusCode::OK, "text/plain; charset=utf-8", "ok\n"),
        (&Method::GET, "/readyz") => match state.store.ping().await {
            Ok(()) => plain(StatusCode::OK, "text/plain; charset=utf-8", "ready\n"),
            Err(e) => {
                tracing::warn!(error = %e, "readiness check failed");
                state.metrics.readyz_failed();
                plain(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "text/plain; charset=utf-8",
                    "database unreachable\n",
                )
            }
        },
        (_, p) if p == "/admin" || p.starts_with("/admin/") => {
            Box::pin(super::admin::handle(&state, req)).await
        }
        (&Method::GET, p) if p == base || p.strip_prefix(base) == Some("/") => {
            match wsdl_gate(&state, &req).await {
                Some(r) => r,
                None => plain(
                    StatusCode::OK,
                    "text/html; charset=utf-8",
                    index_page(&state, &req),
                ),
            }
        }
        (&Method::GET, p)
            if p.strip_prefix(base)
                .and_then(|r| r.strip_prefix('/'))
                .and_then(|r| r.strip_prefix(services::pj::SERVICE.port))
                .is_some_and(|r| r.starts_with("/documents/")) =>
        {
            let rest = &p[base.len() + services::pj::SERVICE.port.len() + "//documents/".len()..];
            Box::pin(super::documents::get(&state, &req, rest)).await
        }
        (m, p) => match p.strip_prefix(base).and_then(|r| r.strip_prefix('/')) {
            Some(rest) if !rest.contains('/') => {
                let (port, dot_wsdl) = match rest.strip_suffix(".wsdl") {
                    Some(port) => (port, true),
                    None => (rest, false),
                };
                match services::find(port) {
                    None => not_found(),
                    Some(svc)
                        if *m == Method::POST
                            && !dot_wsdl
                            && svc.port == services::pj::SERVICE.port =>
                    {
                        let len = content_length(&req);
                        Box::pin(super::calllog::observe(
                            &state,
                            svc,
                            len,
                            soap_pj(&state, svc, req),
                        ))
                        .await
                    }
                    Some(svc) if *m == Method::POST && !dot_wsdl => {
                        let len = content_length(&req);
                        Box::pin(super::calllog::observe(
                            &state,
                            svc,
                            len,
                            soap(&state, svc, req),
                        ))
                        .await
                    }
                    Some(svc) if *m == Method::GET && (dot_wsdl || wants_wsdl(&req)) => {
                        match wsdl_gate(&state, &req).await {
                            Some(r) => r,
                            None => {
                                let addr = endpoint_url(&state, &req, svc);
                                plain(
                                    StatusCode::OK,
                                    "text/xml; charset=utf-8",
                                    services::wsdl::generate(svc, &addr),
                                )
                            }
                        }
                    }
                    Some(_) if *m == Method::GET => match wsdl_gate(&state, &req).await {
                        Some(r) => r,
                        None => plain(
                            StatusCode::OK,
                            "text/html; charset=utf-8",
                            index_page(&state, &req),
                        ),
                    },
                    Some(_) => {
                        let mut r = plain(
                            StatusCode::METHOD_NOT_ALLOWED,
                            "text/plain; charset=utf-8",
                            "POST a SOAP request, or GET ?wsdl\n",
                        );
                        r.headers_mut()
                            .insert("allow", HeaderValue::from_static("GET, POST"));
                        r
                    }
                }
            }
            _ => not_found(),
        },
    };
    Ok(resp)
}

/// The request's `Content-Length`, if it has a valid one.
fn content_length(req: &Request<Incoming>) -> Option<u64> {
    req.headers()
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
}

fn not_found() -> Resp {
    plain(
        StatusCode::NOT_FOUND,
        "text/plain; charset=utf-8",
        "no such service; see the service list\n",
    )
}

fn wants_wsdl(req: &Request<Incoming>) -> bool {
    req.uri()
        .query()
        .map(|q| q.split('&').any(|p| p.eq_ignore_ascii_case("wsdl")))
        .unwrap_or(false)
}

fn header<'a>(req: &'a Request<Incoming>, name: &str) -> Option<&'a str> {
    req.headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.split(',').next().unwrap_or(v).trim())
        .filter(|v| !v.is_empty())
}

/// Public base URL of the services: the configured one, or what the request
/// (through a reverse proxy's `X-Forwarded-*` headers) says.
fn public_base(state: &State, req: &Request<Incoming>) -> String {
    if let Some(u) = &state.config.public_url {
        return u.trim_end_matches('/').to_string();
    }
    let own = if state.config.tls.cert.is_some() {
        "https"
    } else {
        "http"
    };
    let proto = header(req, "x-forwarded-proto").unwrap_or(own);
    let local = state.local_addr.to_string();
    let mut host = header(req, "x-forwarded-host")
        .or_else(|| header(req, HOST.as_str()))
        .unwrap_or(&local)
        .to_string();
    if let Some(port) = header(req, "x-forwarded-port") {
        if header(req, "x-forwarded-host").is_some() && !host.contains(':') {
            host = format!("{host}:{port}");
        }
    }
    // Only characters that may appear in an authority go into the WSDL.
    host.retain(|c| c.is_ascii_alphanumeric() || "-.:[]_".contains(c));
    let proto = if proto.eq_ignore_ascii_case("https") {
        "https"
    } else {
        "http"
    };
    format!(
        "{proto}://{host}{}",
        state.config.base_path.trim_end_matches('/')
    )
}

fn endpoint_url(state: &State, req: &Request<Incoming>, svc: &ServiceDef) -> String {
    format!("{}/{}", public_base(state, req), svc.port)
}

fn index_page(state: &State, req: &Request<Incoming>) -> String {
    let base = public_base(state, req);
    let mut h = String::from(
        "<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\"><title>Passerelle — services</title>\
         <style>body{font-family:sans-serif;max-width:60em;margin:2em auto;padding:0 1em}code{background:#eee;padding:0 .2em}td{padding:.2em .6em;vertical-align:top}</style>\
         </head><body><h1>Passerelle — services SOAP</h1>\
         <p>Chaque service répond en SOAP 1.1 et 1.2 à <code>POST</code> sur son adresse ; son WSDL est à <code>?wsdl</code>.</p>",
    );
    for svc in services::all() {
        let url = format!("{base}/{}", svc.port);
        h.push_str(&format!(
            "<h2>{}</h2><p>{}</p><p>Adresse : <code>{}</code> — <a href=\"{}?wsdl\">WSDL</a></p><table>",
            svc.port,
            writer::attr(svc.doc),
            writer::attr(&url),
            writer::attr(&url)
        ));
        for op in svc.operations {
            h.push_str(&format!(
                "<tr><td><code>{}</code></td><td>{}</td></tr>",
                op.name,
                writer::attr(op.doc)
            ));
        }
        h.push_str("</table>");
    }
    h.push_str("</body></html>\n");
    h
}

/// The SOAP endpoint of one service.
async fn soap(state: &State, svc: &'static ServiceDef, req: Request<Incoming>) -> Resp {
    let started = Instant::now();
    super::observe::note_service(svc.port);
    let limits = &state.config.limits;
    let ct_header = req
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let Some(ct) = parse_content_type(&ct_header) else {
        let f = Fault::client(
            "technical.message.contenttype",
            None,
            format!(
                "Content-Type « {ct_header} » is not a SOAP media type: send text/xml (SOAP 1.1) or application/soap+xml (SOAP 1.2)"
            ),
        )
        .with_status(415);
        return fault_response(&f, SoapVersion::V11, svc.namespace);
    };
    let version = ct.version;

    let Ok(permit) = state.in_flight.clone().try_acquire_owned() else {
        let f = Fault::server(
            "technical.message.busy",
            "Too many requests are being processed; retry in a moment.",
        )
        .with_status(503);
        return fault_response(&f, version, svc.namespace);
    };
    let peer = req.extensions().get::<super::auth::PeerNames>().cloned();
    let admitted = match super::guard::before_body(
        state,
        req.headers(),
        peer.as_ref(),
        svc.port,
        super::is_local(&req),
    )
    .await
    {
        Ok(a) => a,
        Err((f, secs)) => return guard_response(&f, secs, version, svc.namespace),
    };

    let too_large = || {
        Fault::client(
            "technical.message.limit.size",
            None,
            format!(
                "The request body exceeds the limit of {} bytes.",
                limits.max_body_bytes
            ),
        )
        .with_status(413)
    };
    let declared_len = req
        .headers()
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared_len.is_some_and(|n| n > limits.max_body_bytes as u64) {
        return fault_response(&too_large(), version, svc.namespace);
    }
    let body = Limited::new(req.into_body(), limits.max_body_bytes);
    let bytes = match tokio::time::timeout(limits.body_read_timeout(), body.collect()).await {
        Err(_) => {
            let f = Fault::client(
                "technical.message.timeout",
                None,
                format!(
                    "The request body was not received within {} s.",
                    limits.body_read_timeout_secs
                ),
            )
            .with_status(408);
            return fault_response(&f, version, svc.namespace);
        }
        Ok(Err(e)) => {
            if e.downcast_ref::<http_body_util::LengthLimitError>()
                .is_some()
            {
                return fault_response(&too_large(), version, svc.namespace);
            }
            let f = Fault::client(
                "technical.message.malformed",
                None,
                format!("The request body could not be read: {e}"),
            )
            .with_status(400);
            return fault_response(&f, version, svc.namespace);
        }
        Ok(Ok(c)) => c.to_bytes(),
    };
    super::calllog::note(|c| c.bytes = Some(bytes.len() as u64));
    super::observe::note_body(bytes.len() as u64);

    let outcome = process(
        state,
        svc,
        version,
        ct.charset.as_deref(),
        &bytes,
        None,
        admitted.as_ref().map(|a| &a.0),
    )
    .await;
    respond(
        svc,
        version,
        started,
        outcome,
        Some(permit),
        state.config.stream_cut_after,
    )
}

/// `permit`: the request's in-flight slot, kept by a streamed answer until its
/// last byte (otherwise released when the response is built). `cut_after`: the
/// test seam `Config::stream_cut_after`.
fn respond(
    svc: &'static ServiceDef,
    version: SoapVersion,
    started: Instant,
    outcome: Processed,
    permit: Option<tokio::sync::OwnedSemaphorePermit>,
    cut_after: Option<usize>,
) -> Resp {
    let elapsed = started.elapsed();
    if let Some(op) = match &outcome {
        Ok((op, ..)) => Some(*op),
        Err((_, _, op)) => *op,
    } {
        super::observe::note_operation(op);
    }
    match outcome {
        Ok((op, ns, answer)) => {
            tracing::info!(
                service = svc.port,
                operation = op,
                streamed = matches!(answer, Answer::Stream(_)),
                duration_us = elapsed.as_micros() as u64,
                "ok"
            );
            match answer {
                Answer::Xml(children) => plain(
                    StatusCode::OK,
                    version.content_type(),
                    writer::response(version, &ns, op_response(svc, op), &children),
                ),
                Answer::Stream(rx) => {
                    // The journal and the counters wait for the body's end:
                    // a stream can still fail after its first byte.
                    super::calllog::note(|c| c.streamed = true);
                    super::observe::note_streamed();
                    streamed(version, &ns, op_response(svc, op), rx, permit, cut_after)
                }
            }
        }
        Err((f, ns, op)) => {
            tracing::info!(service = svc.port, operation = op.unwrap_or("-"), fault = %f.string, element = f.element.as_deref().unwrap_or(""), duration_us = elapsed.as_micros() as u64, "fault");
            fault_response(&f, version, &ns)
        }
    }
}

#[derive(Debug, thiserror::Error)]
#[error("the streamed answer's encoding stopped before its end")]
struct Truncated;

/// A streamed answer: the envelope's head, each chunk as the encoder sends it,
/// the envelope's tail; no Content-Length (chunked transfer encoding). Dropping
/// the body (client gone) drops the receiver, which stops the encoder. If the
/// encoder stops without its end marker (an empty chunk), the body ends in an
/// error, so hyper aborts the response instead of closing a partial envelope.
/// `cut_after` (test seam): after that many chunks the receiver is dropped and
/// the body ends as when the encoder stops.
fn streamed(
    version: SoapVersion,
    ns: &str,
    name: &str,
    rx: tokio::sync::mpsc::Receiver<Bytes>,
    permit: Option<tokio::sync::OwnedSemaphorePermit>,
    cut_after: Option<usize>,
) -> Resp {
    let mut rx = Some(rx);
    let mut sent = 0usize;
    let (head, tail) = writer::response_parts(version, ns, name);
    // The request counts against the in-flight cap until its last byte is sent
    // (or the client goes away and the body is dropped).
    let mut permit = permit;
    let mut tail = Some(Bytes::from(tail));
    let chunks = futures_util::stream::poll_fn(move |cx| {
        if tail.is_none() {
            permit.take();
            return Poll::Ready(None);
        }
        if cut_after.is_some_and(|n| sent >= n) {
            rx = None;
        }
        let polled = match rx.as_mut() {
            Some(rx) => rx.poll_recv(cx),
            None => Poll::Ready(None),
        };
        match polled {
            Poll::Pending => Poll::Pending,
            Poll::Ready(Some(c)) if !c.is_empty() => {
                sent += 1;
                Poll::Ready(Some(Ok(c)))
            }
            Poll::Ready(Some(_)) => Poll::Ready(tail.take().map(Ok)),
            Poll::Ready(None) => {
                tail = None;
                tracing::error!("streamed answer truncated: the encoder stopped");
                Poll::Ready(Some(Err(BodyError::from(Truncated))))
            }
        }
    });
    let frames = futures_util::stream::once(std::future::ready(Ok(Bytes::from(head))))
        .chain(chunks)
        .map(|r: Result<Bytes, BodyError>| r.map(Frame::data));
    let mut r = Response::new(BodyExt::boxed(StreamBody::new(frames)));
    r.headers_mut().insert(
        CONTENT_TYPE,
        HeaderValue::from_static(version.content_type()),
    );
    r
}

/// How a watched response body ended ([`on_body_end`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyEnd {
    /// Every frame was sent.
    Complete,
    /// The body ended in an error (a streamed answer whose encoding stopped):
    /// hyper aborted the response.
    Failed,
    /// The body was dropped before its end: the client went away (or the
    /// server shut down) in the middle of it.
    Abandoned,
}

type EndHook = Box<dyn FnOnce(BodyEnd) + Send + Sync>;

/// A response body that reports how it ended, once.
struct Watched {
    inner: BoxBody<Bytes, BodyError>,
    hook: Option<EndHook>,
}

impl Watched {
    fn fire(&mut self, end: BodyEnd) {
        if let Some(h) = self.hook.take() {
            h(end);
        }
    }
}

impl hyper::body::Body for Watched {
    type Data = Bytes;
    type Error = BodyError;

    fn poll_frame(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, BodyError>>> {
        let r = std::pin::Pin::new(&mut self.inner).poll_frame(cx);
        match &r {
            Poll::Ready(None) => self.fire(BodyEnd::Complete),
            Poll::Ready(Some(Err(_))) => self.fire(BodyEnd::Failed),
            _ => {}
        }
        r
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> hyper::body::SizeHint {
        self.inner.size_hint()
    }
}

impl Drop for Watched {
    fn drop(&mut self) {
        self.fire(BodyEnd::Abandoned);
    }
}

/// `resp` with `hook` called once when its body ends (streamed answers: the
/// journal row and the request counter wait for it).
pub fn on_body_end(resp: Resp, hook: impl FnOnce(BodyEnd) + Send + Sync + 'static) -> Resp {
    resp.map(|inner| {
        BodyExt::boxed(Watched {
            inner,
            hook: Some(Box::new(hook)),
        })
    })
}

fn op_response(svc: &ServiceDef, op: &str) -> &'static str {
    svc.operation(op).map(|o| o.response).unwrap_or("response")
}

type Processed = Result<(&'static str, String, Answer), (Fault, String, Option<&'static str>)>;

/// Decodes, dispatches and runs the operation. On success: (operation, request
/// namespace, response children: encoded, or a stream of them). The handler
/// timeout covers everything up to the handler's answer, i.e. up to the first
/// byte of a streamed answer.
async fn process(
    state: &State,
    svc: &'static ServiceDef,
    version: SoapVersion,
    charset: Option<&str>,
    bytes: &[u8],
    pj: Option<Arc<services::pj::Upload>>,
    caller: Option<&Caller>,
) -> Processed {
    let default_ns = svc.namespace.to_string();
    let read_fault = |e: ReadError| (Fault::from_read_error(&e), default_ns.clone(), None);
    let text = charset::decode(bytes, charset).map_err(read_fault)?;
    let env = read_envelope(&text, version, &state.config.limits).map_err(read_fault)?;
    // No credentials at the HTTP level: the WS-Security header must carry them.
    let from_header;
    let caller = match caller {
        Some(c) => c,
        None => {
            from_header = super::guard::from_envelope(state, &text, &env)
                .await
                .map_err(|f| (f, default_ns.clone(), None))?;
            &from_header.0
        }
    };
    if let Caller::Client(c) = caller {
        super::calllog::note(|call| call.client = Some(c.name.clone()));
    }
    let body = env.body();
    let ns = body.ns_str().to_string();
    let generic_key = crate::journal::key_of(&body);
    super::calllog::note(|c| c.key = generic_key);
    let Some(op) = svc.operation(body.name) else {
        return Err((
            Fault::client(
                "technical.message.unknownoperation",
                Some(format!("Envelope/Body/{}", body.name)),
                format!(
                    "{} has no operation named « {} »; its operations are: {}",
                    svc.port,
                    body.name,
                    svc.operations
                        .iter()
                        .map(|o| o.name)
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            ),
            default_ns,
            None,
        ));
    };
    super::calllog::note(|c| c.operation = Some(op.name));
    if !svc.accepts_namespace(&ns) {
        return Err((
            Fault::client(
                "technical.message.unknownnamespace",
                Some(format!("Envelope/Body/{}", body.name)),
                format!(
                    "The element {} is in the namespace « {ns} », which {} does not serve; accepted: {}",
                    body.name,
                    svc.port,
                    svc.accepted_namespaces.join(", ")
                ),
            ),
            default_ns,
            Some(op.name),
        ));
    }
    if !caller.may_call(svc.port, op.name) {
        return Err((
            Fault::client(
                format!("technical.security.forbidden.{}", op.name),
                None,
                format!("This client may not call {}.{}.", svc.port, op.name),
            )
            .with_status(403),
            ns,
            Some(op.name),
        ));
    }
    let key = services::KeySlot::default();
    let ctx = Ctx {
        store: state.store.clone(),
        pj,
        key: key.clone(),
        caller: match caller {
            Caller::Client(c) => Some(Arc::from(c.name.as_str())),
            Caller::Open => None,
        },
    };
    let ran = tokio::time::timeout(
        state.config.limits.handler_timeout(),
        (op.handler)(ctx, &body),
    )
    .await;
    if let Some(k) = key.get() {
        super::calllog::note(|c| c.key = Some(k));
    }
    match ran {
        Ok(Ok(children)) => Ok((op.name, ns, children)),
        Ok(Err(e)) => Err((e.into_fault(), ns, Some(op.name))),
        Err(_) => Err((
            Fault::server(
                "technical.message.timeout",
                format!(
                    "The operation did not complete within {} s; it was abandoned and may be retried.",
                    state.config.limits.handler_timeout_secs
                ),
            )
            .with_status(503),
            ns,
            Some(op.name),
        )),
    }
}

fn pj_fault(e: &PjError, max_document: u64) -> Fault {
    match e {
        PjError::TooBig(_) => Fault::client(
            "technical.parameter.noncoherentinput.pj",
            Some("recupererPiecesJustificativesOPIWS/_pj".into()),
            format!("The document (_pj) exceeds the limit of {max_document} bytes."),
        )
        .with_status(413),
        PjError::EnvelopeTooBig(n) => Fault::client(
            "technical.message.limit.size",
            None,
            format!("The request, document excluded, exceeds the limit of {n} bytes."),
        )
        .with_status(413),
        PjError::Base64(_) | PjError::Truncated(_) => Fault::client(
            "technical.parameter.noncoherentinput.pj",
            Some("recupererPiecesJustificativesOPIWS/_pj".into()),
            e.to_string(),
        ),
        PjError::Multipart(_) | PjError::Body(_) => {
            Fault::client("technical.message.malformed", None, e.to_string()).with_status(400)
        }
        PjError::Io(err) => {
            tracing::error!(error = %err, "document spool failed");
            Fault::server(
                "technical.remoteerror.documentstore",
                "The document could not be written to the document store; the incident is logged.",
            )
        }
    }
}

/// The SOAP endpoint of `PjOpiMetier`: the body is streamed, never collected
/// whole. `_pj` (inline base64 or MTOM attachment) goes to a spool file in the
/// document store's directory; only the XML around it is kept (see `crate::pj`).
async fn soap_pj(state: &State, svc: &'static ServiceDef, req: Request<Incoming>) -> Resp {
    let started = Instant::now();
    super::observe::note_service(svc.port);
    let limits = &state.config.limits;
    let pj_cfg = &state.config.pj;
    let ct_header = req
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let (version, charset, related) = match pj::mtom::parse_related(&ct_header) {
        Some(Ok(r)) => (r.version, r.charset.clone(), Some(r)),
        Some(Err(e)) => {
            let f = Fault::client("technical.message.contenttype", None, e).with_status(415);
            return fault_response(&f, SoapVersion::V11, svc.namespace);
        }
        None => match parse_content_type(&ct_header) {
            Some(ct) => (ct.version, ct.charset, None),
            None => {
                let f = Fault::client(
                    "technical.message.contenttype",
                    None,
                    format!(
                        "Content-Type « {ct_header} » is not a SOAP media type: send text/xml (SOAP 1.1), application/soap+xml (SOAP 1.2) or multipart/related (MTOM)"
                    ),
                )
                .with_status(415);
                return fault_response(&f, SoapVersion::V11, svc.namespace);
            }
        },
    };
    let Ok(_permit) = state.in_flight.try_acquire() else {
        let f = Fault::server(
            "technical.message.busy",
            "Too many requests are being processed; retry in a moment.",
        )
        .with_status(503);
        return fault_response(&f, version, svc.namespace);
    };
    // Credentials before a byte of the body is read (so WS-Security, which is
    // in the body, is not accepted here).
    let peer = req.extensions().get::<super::auth::PeerNames>().cloned();
    let caller = match super::guard::before_body(
        state,
        req.headers(),
        peer.as_ref(),
        svc.port,
        super::is_local(&req),
    )
    .await
    {
        Ok(Some(a)) => a,
        Ok(None) => return unauthenticated(version, svc.namespace),
        Err((f, secs)) => return guard_response(&f, secs, version, svc.namespace),
    };
    // Largest body a document within the limit can make: base64 (4/3) with
    // line breaks, plus the envelope.
    let max_doc = pj_cfg.max_document_bytes;
    let max_total = (max_doc / 3 + 1) * 4 / 76 * 78 + 4 * 78 + limits.max_body_bytes as u64;
    let declared_len = req
        .headers()
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared_len.is_some_and(|n| n > max_total) {
        return fault_response(
            &pj_fault(&PjError::TooBig(max_doc), max_doc),
            version,
            svc.namespace,
        );
    }
    let root = std::path::PathBuf::from(&pj_cfg.dir);
    let max_envelope = limits.max_body_bytes;
    let body = req.into_body();
    let read = async {
        match &related {
            Some(r) => {
                let stream = body.into_data_stream();
                let x = pj::mtom::extract(stream, r, max_envelope, max_doc, &root).await?;
                if x.document.is_some() {
                    return Ok((x.envelope, x.document));
                }
                // No attachment: `_pj` may be inline base64 in the root part.
                let root2 = root.clone();
                let mut ex = pj::inline::Extractor::new(max_envelope, move || {
                    Box::pin(async move { pj::Sink::create(&root2, max_doc).await })
                });
                ex.feed(&x.envelope).await?;
                ex.finish().await.map(|x| (x.envelope, x.document))
            }
            None => {
                let root2 = root.clone();
                let mut ex = pj::inline::Extractor::new(max_envelope, move || {
                    Box::pin(async move { pj::Sink::create(&root2, max_doc).await })
                });
                let mut body = body;
                while let Some(frame) = body.frame().await {
                    let frame = frame.map_err(|e| PjError::Body(e.to_string()))?;
                    if let Ok(data) = frame.into_data() {
                        ex.feed(&data).await?;
                    }
                }
                ex.finish().await.map(|x| (x.envelope, x.document))
            }
        }
    };
    let (envelope, document) = match tokio::time::timeout(limits.body_read_timeout(), read).await {
        Err(_) => {
            let f = Fault::client(
                "technical.message.timeout",
                None,
                format!(
                    "The request body was not received within {} s.",
                    limits.body_read_timeout_secs
                ),
            )
            .with_status(408);
            return fault_response(&f, version, svc.namespace);
        }
        Ok(Err(e)) => {
            let f = pj_fault(&e, max_doc);
            tracing::info!(service = svc.port, fault = %f.string, reason = %f.reason, "fault");
            return fault_response(&f, version, svc.namespace);
        }
        Ok(Ok(x)) => x,
    };
    super::observe::note_body(
        envelope.len() as u64 + document.as_ref().map(|d| d.size).unwrap_or(0),
    );
    let upload = Arc::new(services::pj::Upload {
        config: pj_cfg.clone(),
        document: std::sync::Mutex::new(document),
    });
    let outcome = process(
        state,
        svc,
        version,
        charset.as_deref(),
        &envelope,
        Some(upload),
        Some(&caller.0),
    )
    .await;
    respond(svc, version, started, outcome, None, None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    /// The end a watched body reports, once.
    fn watched(resp: Resp) -> (Resp, Arc<Mutex<Vec<BodyEnd>>>) {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let s = seen.clone();
        let r = on_body_end(resp, move |end| s.lock().unwrap().push(end));
        (r, seen)
    }

    fn chunks(items: Vec<Result<&'static str, BodyError>>) -> Resp {
        let frames = futures_util::stream::iter(
            items
                .into_iter()
                .map(|r| r.map(|s| Frame::data(Bytes::from(s)))),
        );
        Response::new(BodyExt::boxed(StreamBody::new(frames)))
    }

    #[tokio::test]
    async fn a_watched_body_reports_how_it_ended() {
        // Read to its end.
        let (r, seen) = watched(chunks(vec![Ok("a"), Ok("b")]));
        let body = r.into_body().collect().await.unwrap().to_bytes();
        assert_eq!(&body[..], b"ab");
        assert_eq!(*seen.lock().unwrap(), [BodyEnd::Complete]);
        // Ends in an error (then dropped): reported once, as failed.
        let (r, seen) = watched(chunks(vec![Ok("a"), Err(BodyError::from(Truncated))]));
        assert!(r.into_body().collect().await.is_err());
        assert_eq!(*seen.lock().unwrap(), [BodyEnd::Failed]);
        // Dropped after its first frame: abandoned.
        let (r, seen) = watched(chunks(vec![Ok("a"), Ok("b")]));
        let mut body = r.into_body();
        assert!(body.frame().await.unwrap().is_ok());
        drop(body);
        assert_eq!(*seen.lock().unwrap(), [BodyEnd::Abandoned]);
    }

    #[tokio::test]
    async fn the_test_seam_cuts_a_stream_after_n_chunks() {
        let (tx, rx) = tokio::sync::mpsc::channel(8);
        for c in ["<d1/>", "<d2/>", ""] {
            tx.send(Bytes::from(c)).await.unwrap();
        }
        let r = streamed(SoapVersion::V11, "urn:x", "opResponse", rx, None, Some(1));
        let mut body = r.into_body();
        let mut got = Vec::new();
        let err = loop {
            match body.frame().await {
                Some(Ok(f)) => got.push(f.into_data().unwrap()),
                Some(Err(e)) => break e,
                None => panic!("the cut stream ended cleanly"),
            }
        };
        assert_eq!(got.len(), 2, "head and one chunk: {got:?}");
        assert_eq!(&got[1][..], b"<d1/>");
        assert!(err.to_string().contains("stopped before its end"));
    }
}
