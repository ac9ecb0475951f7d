//! One module per WSDL service; one function per operation
//! (decode DTO → validate → call the store → encode DTO).
//!
//! A service is described by a static [`ServiceDef`]: its port name (the last
//! segment of its URL), the namespaces its clients send, and its operations.
//! The same description drives dispatch and WSDL generation ([`wsdl`]), so the
//! served contract cannot drift from the code.

pub mod administratif;
pub mod etudiant;
pub mod geographie;
pub mod lp;
pub mod offre;
pub mod opi;
pub mod pedagogique;
pub mod pj;
pub mod wsdl;

use crate::soap::dto::{DecodeError, SchemaSet};
use crate::soap::{Fault, Node};
use crate::store::{Store, StoreError};
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

/// What an operation gets besides its payload.
#[derive(Clone)]
pub struct Ctx {
    pub store: Arc<dyn Store>,
    /// `PjOpiMetier` only: the document streamed out of the request.
    pub pj: Option<Arc<pj::Upload>>,
    /// The call's business key for the journal (`docs/JOURNAL.md`), set by the
    /// handler with [`Ctx::set_key`]; when it sets none, the journal takes the
    /// first known key element of the request (`crate::journal::key_of`).
    pub key: KeySlot,
    /// The authenticated client's name (`[[auth.clients]]` `name`), `None`
    /// when authentication is not enforced (demo). Recorded as the creating /
    /// modifying user of what the operation writes (laissez-passer).
    pub caller: Option<Arc<str>>,
}

impl Ctx {
    /// Names what this call is about in the journal (`codOpiIntEpo`,
    /// `IAPRIMO/…`, `codDip=…`): a code, never a name or a birth date.
    pub fn set_key(&self, key: impl AsRef<str>) {
        self.key.set(key.as_ref());
    }
}

/// Where a handler leaves its call's business key (shared with the route).
#[derive(Clone, Default, Debug)]
pub struct KeySlot(Arc<std::sync::Mutex<Option<String>>>);

impl KeySlot {
    pub fn set(&self, key: &str) {
        let key = key.trim();
        if !key.is_empty() {
            *self.0.lock().unwrap_or_else(|e| e.into_inner()) = Some(crate::journal::clip(key));
        }
    }
    pub fn get(&self) -> Option<String> {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }
}

/// The producing end of an [`Answer::Stream`].
pub struct ChunkSink(tokio::sync::mpsc::Sender<bytes::Bytes>);

impl ChunkSink {
    /// A sink and its receiver, at most `capacity` chunks in between.
    pub fn channel(capacity: usize) -> (ChunkSink, tokio::sync::mpsc::Receiver<bytes::Bytes>) {
        let (tx, rx) = tokio::sync::mpsc::channel(capacity);
        (ChunkSink(tx), rx)
    }
    /// Sends one encoded chunk, waiting while the channel is full (call it from
    /// a blocking thread). `false` when the receiver is gone (the client
    /// disconnected): stop encoding.
    pub fn send(&self, chunk: String) -> bool {
        chunk.is_empty() || self.0.blocking_send(bytes::Bytes::from(chunk)).is_ok()
    }
    /// Marks the answer complete (an empty chunk). A stream whose sink is
    /// dropped without it (the encoder panicked) is aborted, not closed: the
    /// client sees a broken response rather than a well-formed partial one.
    pub fn finish(self) {
        let _ = self.0.blocking_send(bytes::Bytes::new());
    }
}

/// The children of the response wrapper.
pub enum Answer {
    /// Already encoded whole (every small answer).
    Xml(String),
    /// Encoded piece by piece on another thread (a large `recupererSE_v*`
    /// answer): the route sends each chunk as it arrives, between the envelope's
    /// head and tail, so that only a few chunks are in memory at once. The
    /// channel is bounded; the producer stops when the receiver is dropped (the
    /// client went away). Errors cannot occur any more once the first chunk is
    /// sent: the handler decides fault or success before returning this. The
    /// last chunk is empty ([`ChunkSink::finish`]); a channel closed without it
    /// means the encoding failed.
    Stream(tokio::sync::mpsc::Receiver<bytes::Bytes>),
}

impl std::fmt::Debug for Answer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Answer::Xml(s) => f.debug_tuple("Xml").field(&s.len()).finish(),
            Answer::Stream(_) => f.write_str("Stream"),
        }
    }
}

pub type OpResult = Result<Answer, ServiceError>;
pub type OpFuture = Pin<Box<dyn Future<Output = OpResult> + Send>>;

/// A handler whose answer is encoded whole: `xml(async move { … Ok(string) })`.
pub fn xml(f: impl Future<Output = Result<String, ServiceError>> + Send + 'static) -> OpFuture {
    Box::pin(async move { f.await.map(Answer::Xml) })
}
pub type Handler = fn(Ctx, &Node) -> OpFuture;

/// One operation of a service.
pub struct Operation {
    /// Request wrapper element = operation name (`recupererCommune_v2`).
    pub name: &'static str,
    /// Response wrapper element (`recupererCommuneResponse_v2`).
    pub response: &'static str,
    /// WSDL message names (`recupererCommuneRequest_v2`, `recupererCommuneResponse_v2`).
    pub input_message: &'static str,
    pub output_message: &'static str,
    pub handler: Handler,
    /// XSD `<sequence>` of the request and response wrappers.
    pub input_xsd: fn(&mut SchemaSet) -> String,
    pub output_xsd: fn(&mut SchemaSet) -> String,
    /// One line for the `/services` page.
    pub doc: &'static str,
}

/// One WSDL service.
pub struct ServiceDef {
    /// Port name and last URL segment (`GeographieMetier`).
    pub port: &'static str,
    /// The namespace our WSDL declares (the current one of the reference).
    pub namespace: &'static str,
    /// Every namespace a client may send, current and dated ones.
    pub accepted_namespaces: &'static [&'static str],
    pub operations: &'static [Operation],
    pub doc: &'static str,
}

impl ServiceDef {
    pub fn operation(&self, name: &str) -> Option<&Operation> {
        self.operations.iter().find(|o| o.name == name)
    }
    pub fn accepts_namespace(&self, ns: &str) -> bool {
        self.accepted_namespaces.contains(&ns)
    }
}

/// Every service this build serves.
pub fn all() -> &'static [&'static ServiceDef] {
    static ALL: [&ServiceDef; 9] = [
        &geographie::SERVICE,
        &opi::SERVICE,
        &offre::SERVICE,
        &pj::SERVICE,
        &lp::SERVICE,
        &lp::esup::SERVICE,
        &etudiant::SERVICE,
        &administratif::SERVICE,
        &pedagogique::SERVICE,
    ];
    &ALL
}

pub fn find(port: &str) -> Option<&'static ServiceDef> {
    all().iter().copied().find(|s| s.port == port)
}

/// Errors of the service layer; each maps to exactly one SOAP fault.
#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    /// The payload does not fit the DTO (bad integer, duplicate, qualified child).
    #[error("{0}")]
    Decode(#[from] DecodeError),
    /// A parameter has a value the operation refuses.
    #[error("{field}: {reason}")]
    Invalid {
        /// Stable code (`technical.parameter.noncoherentinput.codePostal`).
        code: String,
        /// Path of the parameter (`recupererCommune_v2/_codePostal`).
        field: String,
        reason: String,
    },
    /// Nothing matched (`technical.data.nullretrieve.pays`).
    #[error("{reason}")]
    NotFound { code: String, reason: String },
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl ServiceError {
    pub fn invalid(code: &str, field: String, reason: impl Into<String>) -> Self {
        ServiceError::Invalid {
            code: code.to_string(),
            field,
            reason: reason.into(),
        }
    }

    pub fn into_fault(self) -> Fault {
        match self {
            ServiceError::Decode(e) => Fault::client(
                format!(
                    "technical.parameter.noncoherentinput.{}",
                    e.field.trim_start_matches('_')
                ),
                Some(e.path.clone()),
                e.to_string(),
            ),
            ServiceError::Invalid {
                code,
                field,
                reason,
            } => Fault::client(code, Some(field), reason),
            ServiceError::NotFound { code, reason } => Fault::client(code, None, reason),
            ServiceError::Store(StoreError::Unavailable(e)) => {
                tracing::warn!(error = %e, "database unavailable");
                Fault::server(
                    "technical.data.transaction.connexion",
                    "The database is unavailable; retry later.",
                )
                .with_status(503)
            }
            ServiceError::Store(e) => {
                tracing::error!(error = %e, "database error");
                Fault::server(
                    "technical.remoteerror.database",
                    "The database refused the operation; the incident is logged.",
                )
            }
        }
    }
}
