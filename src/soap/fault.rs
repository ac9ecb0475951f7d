//! SOAP faults in Apogée's shape.
//!
//! `faultstring` (1.2: `Reason/Text`) is the stable error code
//! (`technical.data.nullretrieve.pays`), because real clients compare it with
//! `equals`. The `detail` carries `{service ns}fault` (`WebBaseException`): `domaine`,
//! `nature`, `type` split from the code, `element` the field path, `messages` and
//! `lastErrorMsg` a sentence in plain words.

use super::dto::Dto;
use super::reader::ReadError;
use super::writer::{attr, envelope, XmlOut};
use super::SoapVersion;

pub const EXCEPTION_NS: &str = "exception.transverse.commun.apogee.education.gouv";

crate::dto! {
    /// Liste de chaînes (`item*`).
    pub struct TableauString ("TableauString", "exception.transverse.commun.apogee.education.gouv") {
        item: Vec<String> = "item" [optional],
    }
}

crate::dto! {
    /// The declared fault bean of every Apogée service.
    pub struct WebBaseException ("WebBaseException", "exception.transverse.commun.apogee.education.gouv") {
        domaine: Option<String> = "domaine" [nillable],
        element: Option<String> = "element" [nillable],
        messages: Option<TableauString> = "messages" [nillable],
        nature: Option<String> = "nature" [nillable],
        r#type: Option<String> = "type" [nillable],
        last_error_msg: Option<String> = "lastErrorMsg" [nillable],
    }
}

/// Who is to blame, in SOAP terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FaultCode {
    /// 1.1 `Client`, 1.2 `Sender`: the request is wrong; do not resend it unchanged.
    Client,
    /// 1.1 `Server`, 1.2 `Receiver`: the request may succeed later.
    Server,
    VersionMismatch,
    MustUnderstand,
}

/// A fault ready to be written in either SOAP version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fault {
    pub code: FaultCode,
    /// The stable error code, written as `faultstring`.
    pub string: String,
    /// Path of the offending element, if any.
    pub element: Option<String>,
    /// Plain-words explanation.
    pub reason: String,
    /// HTTP status to use instead of the one SOAP prescribes (413, 415, 503…).
    pub http_status: Option<u16>,
}

impl Fault {
    pub fn client(
        code: impl Into<String>,
        element: Option<String>,
        reason: impl Into<String>,
    ) -> Fault {
        Fault {
            code: FaultCode::Client,
            string: code.into(),
            element,
            reason: reason.into(),
            http_status: None,
        }
    }

    pub fn server(code: impl Into<String>, reason: impl Into<String>) -> Fault {
        Fault {
            code: FaultCode::Server,
            string: code.into(),
            element: None,
            reason: reason.into(),
            http_status: None,
        }
    }

    pub fn with_status(mut self, status: u16) -> Fault {
        self.http_status = Some(status);
        self
    }

    /// The fault for a request that could not be read.
    pub fn from_read_error(e: &ReadError) -> Fault {
        let reason = e.to_string();
        match e {
            ReadError::Limit { what, path, .. } => {
                let key = match *what {
                    "element depth" => "depth",
                    "children per element" => "children",
                    "number of elements" => "elements",
                    "attributes per element" => "attributes",
                    "text length" => "text",
                    "attribute value length" => "attributevalue",
                    "name length" => "name",
                    _ => "size",
                };
                Fault::client(
                    format!("technical.message.limit.{key}"),
                    Some(path.clone()),
                    reason,
                )
            }
            ReadError::Dtd => Fault::client("technical.message.dtd", None, reason),
            ReadError::ProcessingInstruction { path } => Fault::client(
                "technical.message.processinginstruction",
                Some(path.clone()),
                reason,
            ),
            ReadError::UndeclaredEntity { .. } => {
                Fault::client("technical.message.entity", None, reason)
            }
            ReadError::Malformed(_) => Fault::client("technical.message.malformed", None, reason),
            ReadError::Charset { .. } => Fault::client("technical.message.charset", None, reason),
            ReadError::VersionMismatch { .. } => Fault {
                code: FaultCode::VersionMismatch,
                string: "technical.message.versionmismatch".into(),
                element: Some("Envelope".into()),
                reason,
                http_status: None,
            },
            ReadError::NoBody | ReadError::EmptyBody | ReadError::SeveralOperations { .. } => {
                Fault::client(
                    "technical.message.body",
                    Some("Envelope/Body".into()),
                    reason,
                )
            }
            ReadError::MustUnderstand { name, .. } => Fault {
                code: FaultCode::MustUnderstand,
                string: "technical.message.mustunderstand".into(),
                element: Some(format!("Envelope/Header/{name}")),
                reason,
                http_status: None,
            },
        }
    }

    /// HTTP status: SOAP 1.1 answers every fault with 500; SOAP 1.2 answers a
    /// Sender fault with 400 and the others with 500 (SOAP 1.2 part 2 §7.5.2).
    pub fn status(&self, version: SoapVersion) -> u16 {
        if let Some(s) = self.http_status {
            return s;
        }
        match (version, self.code) {
            (SoapVersion::V12, FaultCode::Client) => 400,
            _ => 500,
        }
    }

    /// The `WebBaseException` detail.
    pub fn detail(&self) -> WebBaseException {
        let mut parts = self.string.splitn(4, '.');
        let domaine = parts.next().map(str::to_string);
        let nature = parts.next().map(str::to_string);
        let r#type = parts.next().map(str::to_string);
        WebBaseException {
            domaine,
            element: self.element.clone(),
            messages: Some(TableauString {
                item: vec![self.reason.clone()],
            }),
            nature,
            r#type,
            last_error_msg: Some(self.reason.clone()),
        }
    }

    /// The whole response envelope. `service_ns` is the namespace of the
    /// `fault` detail element: the request's wrapper namespace when known.
    pub fn to_envelope(&self, version: SoapVersion, service_ns: &str) -> String {
        self.to_envelope_with_request_id(version, service_ns, None)
    }

    /// [`Fault::to_envelope`], with the request id appended to `lastErrorMsg`
    /// (« … (requête <id>) ») so that a complaint quoting the message can be
    /// traced in the logs. `messages` and every other field are unchanged.
    pub fn to_envelope_with_request_id(
        &self,
        version: SoapVersion,
        service_ns: &str,
        request_id: Option<&str>,
    ) -> String {
        let mut detail = XmlOut::new();
        detail.buf.push_str("<ns1:fault xmlns:ns1=\"");
        detail.buf.push_str(&attr(service_ns));
        detail.buf.push_str("\">");
        let mut bean = self.detail();
        if let (Some(id), Some(msg)) = (request_id, bean.last_error_msg.as_mut()) {
            msg.push_str(" (requête ");
            msg.push_str(id);
            msg.push(')');
        }
        bean.encode_children(&mut detail);
        detail.buf.push_str("</ns1:fault>");
        let detail = detail.into_string();

        let mut b = XmlOut::new();
        match version {
            SoapVersion::V11 => {
                let code = match self.code {
                    FaultCode::Client => "soapenv:Client",
                    FaultCode::Server => "soapenv:Server",
                    FaultCode::VersionMismatch => "soapenv:VersionMismatch",
                    FaultCode::MustUnderstand => "soapenv:MustUnderstand",
                };
                b.open("soapenv:Fault");
                b.leaf("faultcode", code);
                b.leaf("faultstring", &self.string);
                b.open("detail");
                b.buf.push_str(&detail);
                b.close("detail");
                b.close("soapenv:Fault");
            }
            SoapVersion::V12 => {
                let code = match self.code {
                    FaultCode::Client => "soapenv:Sender",
                    FaultCode::Server => "soapenv:Receiver",
                    FaultCode::VersionMismatch => "soapenv:VersionMismatch",
                    FaultCode::MustUnderstand => "soapenv:MustUnderstand",
                };
                b.open("soapenv:Fault");
                b.open("soapenv:Code");
                b.leaf("soapenv:Value", code);
                b.close("soapenv:Code");
                b.open("soapenv:Reason");
                b.buf.push_str("<soapenv:Text xml:lang=\"en\">");
                b.text(&self.string);
                b.buf.push_str("</soapenv:Text>");
                b.close("soapenv:Reason");
                b.open("soapenv:Detail");
                b.buf.push_str(&detail);
                b.close("soapenv:Detail");
                b.close("soapenv:Fault");
            }
        }
        envelope(version, &b.into_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn soap11_fault_shape() {
        let f = Fault::client(
            "technical.parameter.noncoherentinput.codePostal",
            Some("recupererCommune_v2/_codePostal".into()),
            "Le code postal est obligatoire.",
        );
        let x = f.to_envelope(SoapVersion::V11, "urn:svc");
        assert!(x.contains("<faultcode>soapenv:Client</faultcode><faultstring>technical.parameter.noncoherentinput.codePostal</faultstring>"), "{x}");
        assert!(x.contains("<detail><ns1:fault xmlns:ns1=\"urn:svc\"><domaine>technical</domaine><element>recupererCommune_v2/_codePostal</element><messages><item>Le code postal est obligatoire.</item></messages><nature>parameter</nature><type>noncoherentinput</type><lastErrorMsg>Le code postal est obligatoire.</lastErrorMsg></ns1:fault></detail>"), "{x}");
        assert_eq!(f.status(SoapVersion::V11), 500);
        assert_eq!(f.status(SoapVersion::V12), 400);
    }

    #[test]
    fn soap12_fault_shape() {
        let f = Fault::server("technical.data.transaction.connexion", "x");
        let x = f.to_envelope(SoapVersion::V12, "urn:svc");
        assert!(x.contains("<soapenv:Code><soapenv:Value>soapenv:Receiver</soapenv:Value></soapenv:Code><soapenv:Reason><soapenv:Text xml:lang=\"en\">technical.data.transaction.connexion</soapenv:Text></soapenv:Reason><soapenv:Detail>"), "{x}");
        assert_eq!(f.status(SoapVersion::V12), 500);
    }
}
