//! Writing response XML into a `String`.
//!
//! Responses are built with a plain string builder with escaping: whole for
//! small answers, one piece at a time between [`response_parts`] for large ones
//! (`recupererSE_v*`); children are unqualified, so no prefix bookkeeping
//! happens below the wrapper element.

use super::SoapVersion;
use quick_xml::escape::{escape, partial_escape};

/// A growing XML fragment.
#[derive(Debug, Default)]
pub struct XmlOut {
    pub buf: String,
}

impl XmlOut {
    pub fn new() -> Self {
        XmlOut {
            buf: String::with_capacity(1024),
        }
    }
    pub fn open(&mut self, name: &str) {
        self.buf.push('<');
        self.buf.push_str(name);
        self.buf.push('>');
    }
    pub fn close(&mut self, name: &str) {
        self.buf.push_str("</");
        self.buf.push_str(name);
        self.buf.push('>');
    }
    pub fn text(&mut self, s: &str) {
        self.buf.push_str(&partial_escape(s));
    }
    /// `<name>text</name>`
    pub fn leaf(&mut self, name: &str, text: &str) {
        self.open(name);
        self.text(text);
        self.close(name);
    }
    /// `<name xsi:nil="true"/>` (the `xsi` prefix is declared on the Envelope).
    pub fn nil(&mut self, name: &str) {
        self.buf.push('<');
        self.buf.push_str(name);
        self.buf.push_str(" xsi:nil=\"true\"/>");
    }
    pub fn into_string(self) -> String {
        self.buf
    }
}

/// Escapes an attribute value.
pub fn attr(s: &str) -> std::borrow::Cow<'_, str> {
    escape(s)
}

/// Wraps an already-encoded Body content in a SOAP envelope of `version`.
pub fn envelope(version: SoapVersion, body: &str) -> String {
    let mut s = String::with_capacity(body.len() + 300);
    s.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
    s.push_str("<soapenv:Envelope xmlns:soapenv=\"");
    s.push_str(version.envelope_ns());
    s.push_str("\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><soapenv:Body>");
    s.push_str(body);
    s.push_str("</soapenv:Body></soapenv:Envelope>");
    s
}

/// A response: the wrapper element `name` in namespace `ns` (the request's),
/// holding `children` (unqualified, already encoded).
pub fn response(version: SoapVersion, ns: &str, name: &str, children: &str) -> String {
    let mut body = String::with_capacity(children.len() + 2 * name.len() + ns.len() + 32);
    body.push_str("<ns1:");
    body.push_str(name);
    body.push_str(" xmlns:ns1=\"");
    body.push_str(&attr(ns));
    if children.is_empty() {
        body.push_str("\"/>");
    } else {
        body.push_str("\">");
        body.push_str(children);
        body.push_str("</ns1:");
        body.push_str(name);
        body.push('>');
    }
    envelope(version, &body)
}

/// A response sent in pieces: what comes before the children (XML declaration,
/// envelope, body, opening wrapper) and what comes after them. For non-empty
/// `children`, `head + children + tail == response(version, ns, name, children)`.
pub fn response_parts(version: SoapVersion, ns: &str, name: &str) -> (String, String) {
    let marker = "\u{0}";
    let whole = response(version, ns, name, marker);
    let at = whole.find(marker).expect("the marker is in the response");
    (
        whole[..at].to_string(),
        whole[at + marker.len()..].to_string(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_text() {
        let mut o = XmlOut::new();
        o.leaf("a", "R&D <x> \"Œ\"");
        o.nil("b");
        assert_eq!(o.buf, "<a>R&amp;D &lt;x&gt; \"Œ\"</a><b xsi:nil=\"true\"/>");
    }

    #[test]
    fn response_parts_frame_the_children() {
        for v in [SoapVersion::V11, SoapVersion::V12] {
            let (head, tail) = response_parts(v, "urn:x&y", "opResponse");
            let children = "<a>1</a><a>2</a>";
            assert_eq!(
                format!("{head}{children}{tail}"),
                response(v, "urn:x&y", "opResponse", children)
            );
        }
    }

    #[test]
    fn empty_response_wrapper() {
        let r = response(SoapVersion::V11, "urn:x", "opResponse", "");
        assert!(r.contains("<ns1:opResponse xmlns:ns1=\"urn:x\"/>"));
    }
}
