//! The SOAP layer: envelopes 1.1 and 1.2 in, responses and faults out.
//!
//! Knows nothing of HTTP connections nor of databases: it turns bytes plus a
//! Content-Type into an [`reader::Envelope`], and values into response bytes.

pub mod charset;
pub mod dto;
pub mod fault;
pub mod node;
pub mod reader;
pub mod writer;
pub mod wsse;

pub use fault::Fault;
pub use node::Node;

pub const SOAP11_ENV_NS: &str = "http://schemas.xmlsoap.org/soap/envelope/";
pub const SOAP12_ENV_NS: &str = "http://www.w3.org/2003/05/soap-envelope";

/// The SOAP version of a request, which decides the fault shape and HTTP statuses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SoapVersion {
    V11,
    V12,
}

impl SoapVersion {
    pub fn envelope_ns(self) -> &'static str {
        match self {
            SoapVersion::V11 => SOAP11_ENV_NS,
            SoapVersion::V12 => SOAP12_ENV_NS,
        }
    }

    /// Content-Type of responses of this version.
    pub fn content_type(self) -> &'static str {
        match self {
            SoapVersion::V11 => "text/xml; charset=utf-8",
            SoapVersion::V12 => "application/soap+xml; charset=utf-8",
        }
    }
}

/// What the Content-Type header of a request says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentType {
    pub version: SoapVersion,
    pub charset: Option<String>,
    /// SOAP 1.2 `action` parameter (informative only: dispatch never uses it).
    pub action: Option<String>,
}

/// Parses a request Content-Type. `None` means "not a SOAP media type" (HTTP 415).
pub fn parse_content_type(value: &str) -> Option<ContentType> {
    let mut parts = value.split(';');
    let media = parts.next()?.trim().to_ascii_lowercase();
    let version = match media.as_str() {
        "text/xml" => SoapVersion::V11,
        "application/soap+xml" => SoapVersion::V12,
        _ => return None,
    };
    let mut charset = None;
    let mut action = None;
    for p in parts {
        if let Some((k, v)) = p.split_once('=') {
            let v = v.trim().trim_matches('"').to_string();
            match k.trim().to_ascii_lowercase().as_str() {
                "charset" => charset = Some(v),
                "action" => action = Some(v),
                _ => {}
            }
        }
    }
    Some(ContentType {
        version,
        charset,
        action,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_types() {
        let c = parse_content_type("text/xml; charset=ISO-8859-15").unwrap();
        assert_eq!(c.version, SoapVersion::V11);
        assert_eq!(c.charset.as_deref(), Some("ISO-8859-15"));
        let c =
            parse_content_type("application/soap+xml;charset=utf-8;action=\"urn:recupererPays\"")
                .unwrap();
        assert_eq!(c.version, SoapVersion::V12);
        assert_eq!(c.action.as_deref(), Some("urn:recupererPays"));
        assert!(parse_content_type("application/json").is_none());
        assert!(parse_content_type("TEXT/XML").is_some());
    }
}
