//! One module per WSDL service; one function per operation
//! (decode DTO → validate → call the store → encode DTO).
//!
//! A service is described by a static [`ServiceDef`]: its port name (the last
//! segment of its URL), the namespaces its clients send, and its operations.
//! The same description drives dispatch and WSDL generation ([`wsdl`]), so the
//! served contract cannot drift from the code.

pub mod geographie;
pub mod offre;
pub mod opi;
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
}

/// The children of the response wrapper, already encoded.
pub type OpResult = Result<String, ServiceError>;
pub type OpFuture = Pin<Box<dyn Future<Output = OpResult> + Send>>;
pub type Handler = fn(Ctx, Node) -> OpFuture;

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
    static ALL: [&ServiceDef; 4] = [
        &geographie::SERVICE,
        &opi::SERVICE,
        &offre::SERVICE,
        &pj::SERVICE,
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
