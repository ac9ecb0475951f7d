//! What the journal learns about one SOAP call while the route handles it.
//!
//! The route code has many exits (415, 503, 401, 413, unreadable XML, unknown
//! operation, 403, handler fault, answer). Rather than thread a record through
//! each of them, the call runs inside a task-local [`Call`] ([`observe`]) that
//! the few places which know something fill in: `fault_response` (every fault
//! goes through it), `process` (client, operation, business key) and the body
//! read (size). When the response is built, [`observe`] turns it into one
//! journal row and hands it to the journal's buffer ([`crate::journal`]); a
//! streamed answer's row waits for the body's end, which decides its outcome
//! ([`STREAM_TRUNCATED`], [`STREAM_ABANDONED`]). Every row carries the request
//! id ([`super::observe::with_request_id`]).

use super::routes::BodyEnd;
use super::State;
use crate::journal::{scrub_reason, timestamp, Entry};
use crate::services::ServiceDef;
use crate::soap::Fault;
use std::cell::RefCell;
use std::future::Future;
use std::time::Instant;

/// Outcome of a streamed answer whose encoding stopped after the first byte:
/// the client got a 200 whose body was aborted (`docs/JOURNAL.md`).
pub const STREAM_TRUNCATED: &str = "technical.stream.truncated";
/// Outcome of a streamed answer the client stopped reading before its end
/// (connection closed mid-answer).
pub const STREAM_ABANDONED: &str = "technical.stream.abandoned";

/// What is known so far about the current call.
#[derive(Debug, Default)]
pub struct Call {
    pub client: Option<String>,
    pub operation: Option<&'static str>,
    pub key: Option<String>,
    pub bytes: Option<u64>,
    /// (code, element, reason) of the fault answered.
    pub fault: Option<(String, Option<String>, String)>,
    /// The answer is streamed: the row is written when its body ends.
    pub streamed: bool,
}

tokio::task_local! {
    static CALL: RefCell<Call>;
}

/// Updates the current call's record (no-op outside [`observe`]).
pub fn note(f: impl FnOnce(&mut Call)) {
    let _ = CALL.try_with(|c| f(&mut c.borrow_mut()));
}

/// Records the fault about to be answered.
pub fn note_fault(f: &Fault) {
    note(|c| c.fault = Some((f.string.clone(), f.element.clone(), f.reason.clone())));
}

/// Runs the SOAP endpoint `fut` of `svc` and journals its outcome.
/// `declared_len`: the request's `Content-Length`, if any (replaced by the
/// exact size once the body is read).
pub async fn observe<F>(
    state: &State,
    svc: &'static ServiceDef,
    declared_len: Option<u64>,
    fut: F,
) -> super::routes::Resp
where
    F: Future<Output = super::routes::Resp>,
{
    let started = Instant::now();
    let at = timestamp(time::OffsetDateTime::now_utc());
    let request_id = super::observe::with_request_id(|id| id.map(str::to_string));
    let (resp, call) = CALL
        .scope(RefCell::new(Call::default()), async {
            let r = fut.await;
            let c = CALL.with(|c| c.take());
            (r, c)
        })
        .await;
    let (outcome, field_path, reason) = match call.fault {
        Some((code, element, reason)) => {
            let scrubbed = scrub_reason(&reason, element.as_deref());
            (code, element, Some(scrubbed))
        }
        None => ("ok".to_string(), None, None),
    };
    let entry = Entry {
        id: 0,
        at,
        client: call.client,
        service: svc.port.to_string(),
        operation: call.operation.map(str::to_string),
        outcome,
        http_status: resp.status().as_u16().into(),
        duration_us: started.elapsed().as_micros().min(i64::MAX as u128) as i64,
        request_bytes: call
            .bytes
            .or(declared_len)
            .unwrap_or(0)
            .min(i64::MAX as u64) as i64,
        business_key: call.key,
        field_path: field_path.map(|p| p.chars().take(300).collect()),
        reason,
        request_id,
    };
    if !call.streamed {
        state.journal.record(entry);
        return resp;
    }
    // A streamed answer can still fail after its head: the row is written
    // when the body ends, with the time to its last byte.
    let journal = state.journal.clone();
    super::routes::on_body_end(resp, move |end| {
        let mut entry = entry;
        entry.duration_us = started.elapsed().as_micros().min(i64::MAX as u128) as i64;
        let reason = match end {
            BodyEnd::Complete => None,
            BodyEnd::Failed => {
                entry.outcome = STREAM_TRUNCATED.into();
                Some("the streamed answer stopped after its first byte (encoding failed): the response was aborted")
            }
            BodyEnd::Abandoned => {
                entry.outcome = STREAM_ABANDONED.into();
                Some("the client stopped reading the streamed answer before its end")
            }
        };
        entry.reason = reason.map(str::to_string);
        journal.record(entry);
    })
}
