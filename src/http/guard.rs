//! Who may run a SOAP call: authentication (HTTP-level credentials, TLS client
//! certificate, or the envelope's WS-Security header) and the per-client abuse
//! limits, turned into faults (`docs/SECURITY.md`).

use super::abuse::Refused;
use super::auth::{Caller, PeerNames};
use super::State;
use crate::soap::reader::Envelope;
use crate::soap::{wsse, Fault};
use hyper::HeaderMap;
use tokio::sync::OwnedSemaphorePermit;

/// A caller admitted, with its per-client concurrency slot.
pub(super) type Admitted = (Caller, Option<OwnedSemaphorePermit>);

/// The 401 fault (the HTTP layer adds `WWW-Authenticate`).
pub(super) fn unauthenticated() -> Fault {
    Fault::client(
        "technical.security.invaliduser.user",
        None,
        "Missing or invalid credentials: send HTTP Basic (name and secret), the API-key header (name:secret), a client certificate or a WS-Security UsernameToken.",
    )
    .with_status(401)
}

/// The fault of a refused admission, and the `Retry-After` seconds.
pub(super) fn refused(r: Refused) -> (Fault, u64) {
    match r {
        Refused::Rate(secs) => (
            Fault::client(
                "technical.security.ratelimit",
                None,
                "This client sends more requests than its rate allows; retry later.",
            )
            .with_status(429),
            secs,
        ),
        Refused::Busy => (
            Fault::server(
                "technical.security.toomanyinflight",
                "This client has too many requests in progress; retry in a moment.",
            )
            .with_status(503),
            1,
        ),
    }
}

/// Applies the per-client limits to an authenticated caller.
pub(super) fn admit(state: &State, caller: Caller) -> Result<Admitted, (Fault, u64)> {
    match &caller {
        Caller::Open => Ok((caller, None)),
        Caller::Client(c) => match state.auth.limits.admit(&c.name) {
            Ok(p) => Ok((caller, p)),
            Err(r) => {
                tracing::info!(client = %c.name, refused = ?r, "client limit reached");
                Err(refused(r))
            }
        },
    }
}

/// Authentication before the body is read. `Ok(None)`: credentials are
/// needed and only the envelope can still carry them (WS-Security).
pub(super) async fn before_body(
    state: &State,
    headers: &HeaderMap,
    peer: Option<&PeerNames>,
    port: &str,
    local: bool,
) -> Result<Option<Admitted>, (Fault, u64)> {
    match state.auth.soap_call(headers, peer, port, local).await {
        Err(_) => Err((unauthenticated(), 0)),
        Ok(None) => Ok(None),
        Ok(Some(c)) => admit(state, c).map(Some),
    }
}

/// Authentication from the envelope's `wsse:Security` header (`xml`: the
/// decoded request text, already read as `env`).
pub(super) async fn from_envelope(
    state: &State,
    xml: &str,
    env: &Envelope<'_>,
) -> Result<Admitted, Fault> {
    let has_security = env
        .headers()
        .any(|h| h.name == "Security" && h.ns.as_deref() == Some(wsse::WSSE_NS));
    let token = if has_security {
        wsse::username_token(xml)
    } else {
        None
    };
    let Some(token) = token else {
        return Err(unauthenticated());
    };
    match state.auth.username_token(token).await {
        Ok(c) => admit(state, Caller::Client(c)).map_err(|(f, _)| f),
        Err(_) => Err(unauthenticated()),
    }
}
