//! Reading a SOAP envelope from untrusted bytes.
//!
//! One pass of quick-xml's `NsReader` over the (already size-capped) body builds a
//! [`Node`] tree while enforcing every structural limit of [`Limits`]. A DOCTYPE or a
//! processing instruction is refused outright: no entity is ever declared, expanded
//! or fetched. Only the five predefined entities and character references are
//! resolved. The tree is then checked for the SOAP shape: an `Envelope` in the SOAP
//! 1.1 or 1.2 namespace, an optional `Header`, a `Body` holding exactly one element.

use super::node::{Doc, Elem, Node};
use super::SoapVersion;
use crate::config::Limits;
use quick_xml::events::{BytesStart, Event};
use quick_xml::name::{QName, ResolveResult};
use quick_xml::NsReader;
use std::borrow::Cow;
use std::sync::Arc;

pub const XSI_NS: &str = "http://www.w3.org/2001/XMLSchema-instance";

/// A request envelope, reduced to what the layers above need.
#[derive(Debug)]
pub struct Envelope<'a> {
    pub version: SoapVersion,
    doc: Doc<'a>,
    /// The `Header` element, if any.
    header: Option<u32>,
    /// The single element of the Body: the operation's wrapper element.
    body: u32,
}

impl<'a> Envelope<'a> {
    /// The operation's wrapper element (the Body's only child).
    pub fn body(&self) -> Node<'_, 'a> {
        self.doc.node(self.body)
    }

    /// The header blocks, in order.
    pub fn headers(&self) -> impl Iterator<Item = Node<'_, 'a>> {
        self.header
            .map(|h| self.doc.node(h).children())
            .into_iter()
            .flatten()
    }
}

/// Why a request could not be read. Each maps to one SOAP fault (see
/// [`super::fault::Fault::from_read_error`]).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    #[error("the message exceeds the limit on {what} ({limit}) at {path}")]
    Limit {
        what: &'static str,
        limit: usize,
        path: String,
    },
    #[error("a DOCTYPE declaration is not allowed in a SOAP message")]
    Dtd,
    #[error("processing instructions are not allowed in a SOAP message (at {path})")]
    ProcessingInstruction { path: String },
    #[error("the entity reference &{name}; is not declared (only &lt; &gt; &amp; &apos; &quot; and character references are allowed)")]
    UndeclaredEntity { name: String },
    #[error("the request is not well-formed XML: {0}")]
    Malformed(String),
    #[error("the request body is not valid {charset} text")]
    Charset { charset: String },
    #[error("the root element is {found}, not a SOAP Envelope in {expected}")]
    VersionMismatch {
        found: String,
        expected: &'static str,
        /// The envelope is a valid SOAP envelope of the other version.
        other_version: Option<SoapVersion>,
    },
    #[error("the Envelope has no Body element")]
    NoBody,
    #[error("the Body is empty: it must hold the operation element")]
    EmptyBody,
    #[error("the Body holds more than one element ({first} and {second}); send one operation per request")]
    SeveralOperations { first: String, second: String },
    #[error("the header block {{{ns}}}{name} is marked mustUnderstand and is not understood here")]
    MustUnderstand { ns: String, name: String },
}

/// Parses and checks a SOAP envelope of the version `expected` (taken from the
/// Content-Type).
pub fn read_envelope<'a>(
    xml: &'a str,
    expected: SoapVersion,
    limits: &Limits,
) -> Result<Envelope<'a>, ReadError> {
    let doc = read_tree(xml, limits)?;
    let (header, body) = {
        let root = doc.root();
        let env_ns = root.ns.as_deref().unwrap_or("");
        if root.name != "Envelope" || env_ns != expected.envelope_ns() {
            let other = [SoapVersion::V11, SoapVersion::V12]
                .into_iter()
                .find(|v| root.name == "Envelope" && env_ns == v.envelope_ns());
            return Err(ReadError::VersionMismatch {
                found: format!("{{{env_ns}}}{}", root.name),
                expected: expected.envelope_ns(),
                other_version: other,
            });
        }
        let mut header = None;
        let mut body = None;
        for child in root.children() {
            if child.ns.as_deref() != Some(expected.envelope_ns()) {
                continue;
            }
            match child.name {
                "Header" if body.is_none() => header = Some(child),
                "Body" => {
                    body = Some(child);
                    break;
                }
                _ => {}
            }
        }
        for h in header.iter().flat_map(|h| h.children()) {
            // WS-Security is understood: the HTTP layer authenticates with it.
            let wsse = h.name == "Security" && h.ns.as_deref() == Some(super::wsse::WSSE_NS);
            if h.must_understand && !wsse {
                return Err(ReadError::MustUnderstand {
                    ns: h.ns_str().to_string(),
                    name: h.name.to_string(),
                });
            }
        }
        let body = body.ok_or(ReadError::NoBody)?;
        let mut it = body.children();
        let op = it.next().ok_or(ReadError::EmptyBody)?;
        if let Some(second) = it.next() {
            return Err(ReadError::SeveralOperations {
                first: op.name.to_string(),
                second: second.name.to_string(),
            });
        }
        (header.map(|h| h.index()), op.index())
    };
    Ok(Envelope {
        version: expected,
        doc,
        header,
        body,
    })
}

/// The path of the element `name` under the open elements `open`.
fn path_of(elems: &[Elem<'_>], open: &[(u32, usize)], name: &str) -> String {
    let mut p = String::new();
    for (i, _) in open {
        p.push_str(elems[*i as usize].name);
        p.push('/');
    }
    p.push_str(name);
    p
}

/// `part` as a slice of `xml` when it lies inside it (quick-xml's events borrow
/// from the input they read), so that the tree can keep it without copying.
fn within<'a>(xml: &'a str, part: &str) -> Option<&'a str> {
    let start = (part.as_ptr() as usize).checked_sub(xml.as_ptr() as usize)?;
    xml.get(start..start.checked_add(part.len())?)
        .filter(|s| s.as_ptr() == part.as_ptr())
}

/// The text of an event, kept borrowed from `xml` when it is a slice of it.
fn text_of<'a>(xml: &'a str, t: Cow<'_, str>) -> Cow<'a, str> {
    match t {
        Cow::Borrowed(b) => match within(xml, b) {
            Some(s) => Cow::Borrowed(s),
            None => Cow::Owned(b.to_string()),
        },
        Cow::Owned(o) => Cow::Owned(o),
    }
}

/// Builds the element tree of a whole document under `limits`.
pub fn read_tree<'a>(xml: &'a str, limits: &Limits) -> Result<Doc<'a>, ReadError> {
    let mut reader = NsReader::from_str(xml);
    // Well-formedness beyond quick-xml's defaults: `--` inside a comment is an
    // error for every other XML parser, so it is one here too.
    reader.config_mut().check_comments = true;
    // Every element in document order (a guess of their number saves regrowing).
    let mut elems: Vec<Elem<'a>> = Vec::with_capacity((xml.len() / 64).clamp(4, 4096));
    // The open elements: (index, children so far).
    let mut open: Vec<(u32, usize)> = Vec::with_capacity(16);
    // The root element has been closed.
    let mut closed = false;
    // The namespaces met so far, shared by the elements in them.
    let mut namespaces: Vec<Arc<str>> = Vec::new();
    // Line ends need normalising (XML 1.0 §2.11) only where there is a CR: one
    // scan of the whole text instead of one per text node.
    let has_cr = xml.as_bytes().contains(&b'\r');
    loop {
        let event = reader
            .read_event()
            .map_err(|e| ReadError::Malformed(e.to_string()))?;
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(event, Event::Empty(_));
                if closed {
                    return Err(ReadError::Malformed(
                        "content after the end of the root element".into(),
                    ));
                }
                let mut elem =
                    open_element(xml, &reader, e, &elems, &open, limits, &mut namespaces)?;
                if let Some((parent, children)) = open.last_mut() {
                    *children += 1;
                    // Indentation before a child is not content.
                    let text = &mut elems[*parent as usize].text;
                    if !text.is_empty() && text.trim().is_empty() {
                        *text = Cow::Borrowed("");
                    }
                }
                let index = elems.len() as u32;
                if empty {
                    elem.end = index + 1;
                    closed = open.is_empty();
                } else {
                    open.push((index, 0));
                }
                elems.push(elem);
            }
            Event::End(_) => {
                let (index, _) = open
                    .pop()
                    .ok_or_else(|| ReadError::Malformed("unexpected end tag".into()))?;
                elems[index as usize].end = elems.len() as u32;
                closed = open.is_empty();
            }
            Event::Text(t) => {
                let s = if has_cr {
                    t.xml10_content()
                } else {
                    t.into_inner()
                };
                push_text(&mut elems, &open, text_of(xml, s), limits, closed)?;
            }
            Event::CData(t) => {
                let s = if has_cr {
                    t.xml10_content()
                } else {
                    t.into_inner()
                };
                push_text(&mut elems, &open, text_of(xml, s), limits, closed)?;
            }
            Event::GeneralRef(r) => {
                let resolved: String = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    Ok(None) => {
                        let name = r.xml10_content();
                        match quick_xml::escape::resolve_predefined_entity(&name) {
                            Some(s) => s.to_string(),
                            None => {
                                return Err(ReadError::UndeclaredEntity {
                                    name: name.into_owned(),
                                })
                            }
                        }
                    }
                    Err(e) => return Err(ReadError::Malformed(e.to_string())),
                };
                push_text(&mut elems, &open, Cow::Owned(resolved), limits, closed)?;
            }
            Event::DocType(_) => return Err(ReadError::Dtd),
            Event::PI(p) => {
                return Err(ReadError::ProcessingInstruction {
                    path: path_of(&elems, &open, &format!("<?{}?>", p.target())),
                })
            }
            Event::Decl(_) | Event::Comment(_) => {}
            Event::Eof => break,
        }
    }
    if let Some((index, _)) = open.last() {
        return Err(ReadError::Malformed(format!(
            "the document ends inside <{}>",
            elems[*index as usize].name
        )));
    }
    if elems.is_empty() {
        return Err(ReadError::Malformed(
            "the document has no root element".into(),
        ));
    }
    Ok(Doc { elems })
}

fn open_element<'a>(
    xml: &'a str,
    reader: &NsReader<&[u8]>,
    e: &BytesStart<'_>,
    elems: &[Elem<'a>],
    open: &[(u32, usize)],
    limits: &Limits,
    namespaces: &mut Vec<Arc<str>>,
) -> Result<Elem<'a>, ReadError> {
    let qname = e.name();
    let raw_name: &str = qname.as_ref();
    let (ns, local) = reader.resolver().resolve_element(qname);
    let local: &str = local.as_ref();
    let limit = |what: &'static str, limit: usize| ReadError::Limit {
        what,
        limit,
        path: path_of(elems, open, local),
    };
    if raw_name.len() > limits.max_name_bytes {
        return Err(limit("name length", limits.max_name_bytes));
    }
    if open.len() + 1 > limits.max_depth {
        return Err(limit("element depth", limits.max_depth));
    }
    if elems.len() + 1 > limits.max_elements {
        return Err(limit("number of elements", limits.max_elements));
    }
    if let Some((_, children)) = open.last() {
        if *children >= limits.max_children {
            return Err(limit("children per element", limits.max_children));
        }
    }
    let ns = match ns {
        ResolveResult::Bound(n) => {
            let n: &str = n.0;
            Some(match namespaces.iter().find(|k| &***k == n) {
                Some(k) => k.clone(),
                None => {
                    let k: Arc<str> = Arc::from(n);
                    namespaces.push(k.clone());
                    k
                }
            })
        }
        ResolveResult::Unbound => None,
        ResolveResult::Unknown(p) => {
            return Err(ReadError::Malformed(format!(
                "the prefix '{p}' of <{raw_name}> is not declared"
            )))
        }
    };
    // quick-xml reads the names in place: the tree keeps them as slices.
    let name = within(xml, local).ok_or_else(|| {
        ReadError::Malformed(format!("the element name <{raw_name}> could not be read"))
    })?;
    let mut elem = Elem::new(name, ns, 0);
    // Most elements carry no attribute: skip the attribute parser for them.
    let raw_attrs: &str = e.attributes_raw();
    if raw_attrs
        .bytes()
        .all(|b| b.is_ascii_whitespace() || b == b'/')
    {
        return Ok(elem);
    }
    // The next most common: `xsi:nil="true"` alone (every nil field).
    if let Some(nil) = lone_nil(reader, raw_attrs, limits) {
        elem.nil = nil;
        return Ok(elem);
    }
    let mut count = 0usize;
    // Duplicate attributes are checked here rather than by quick-xml, whose
    // check allocates a list of keys for every element: the first key is kept
    // on the stack, a list is made only for a second attribute (rare).
    let mut first_key: Option<&str> = None;
    let mut other_keys: Vec<&str> = Vec::new();
    for attr in e.attributes().with_checks(false) {
        let attr = attr.map_err(|err| ReadError::Malformed(err.to_string()))?;
        count += 1;
        if count > limits.max_attributes {
            return Err(limit("attributes per element", limits.max_attributes));
        }
        let raw_key: &str = attr.key.into_inner();
        if first_key == Some(raw_key) || other_keys.contains(&raw_key) {
            return Err(ReadError::Malformed(format!(
                "the attribute {raw_key} appears twice in <{raw_name}>"
            )));
        }
        match first_key {
            None => first_key = Some(raw_key),
            Some(_) => other_keys.push(raw_key),
        }
        let key: &str = attr.key.as_ref();
        if key.len() > limits.max_name_bytes {
            return Err(limit("name length", limits.max_name_bytes));
        }
        if attr.value.len() > limits.max_attribute_bytes {
            return Err(limit("attribute value length", limits.max_attribute_bytes));
        }
        let (ans, alocal) = reader.resolver().resolve_attribute(attr.key);
        let alocal: &str = alocal.as_ref();
        let ans = match ans {
            ResolveResult::Bound(n) => n.0,
            ResolveResult::Unbound => "",
            ResolveResult::Unknown(p) => {
                return Err(ReadError::Malformed(format!(
                    "the prefix '{p}' of attribute {key} is not declared"
                )))
            }
        };
        match (ans, alocal) {
            (XSI_NS, "nil") => {
                let v = attr
                    .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                    .map_err(|err| ReadError::Malformed(err.to_string()))?;
                elem.nil = matches!(v.trim(), "true" | "1");
            }
            (super::SOAP11_ENV_NS | super::SOAP12_ENV_NS, "mustUnderstand") => {
                let v = attr
                    .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                    .map_err(|err| ReadError::Malformed(err.to_string()))?;
                elem.must_understand = matches!(v.trim(), "true" | "1");
            }
            _ => {}
        }
    }
    Ok(elem)
}

/// `prefix:nil="true"` (or `"1"`, `"false"`, `"0"`, either quote) as an element's
/// only attribute, with `prefix` bound to the XML Schema instance namespace: what
/// every SOAP stack writes for a nil field. Recognised without quick-xml's attribute
/// parser; `Some(nil)` only when the general path would read exactly that,
/// `None` sends anything else (other names, spaces, several attributes, limits)
/// to the general path.
fn lone_nil(reader: &NsReader<&[u8]>, raw: &str, limits: &Limits) -> Option<bool> {
    // Byte scans only: this runs for every nil element.
    let raw = raw.trim_ascii();
    let raw = raw.strip_suffix('/').unwrap_or(raw).trim_ascii_end();
    let eq = raw.bytes().position(|b| b == b'=')?;
    let key = raw[..eq].trim_ascii_end();
    let quoted = raw[eq + 1..].trim_ascii_start().as_bytes();
    let (&open, &close) = (quoted.first()?, quoted.last()?);
    if quoted.len() < 2 || open != close || (open != b'"' && open != b'\'') {
        return None;
    }
    let value = &quoted[1..quoted.len() - 1];
    let nil = match value {
        b"true" | b"1" => true,
        b"false" | b"0" => false,
        _ => return None,
    };
    let colon = key.bytes().position(|b| b == b':')?;
    if colon == 0
        || &key[colon + 1..] != "nil"
        || !key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b':' | b'_' | b'-' | b'.'))
        || key.len() > limits.max_name_bytes
        || limits.max_attributes == 0
        || value.len() > limits.max_attribute_bytes
    {
        return None;
    }
    match reader.resolver().resolve_attribute(QName(key)).0 {
        ResolveResult::Bound(ns) if ns.0 == XSI_NS => Some(nil),
        _ => None,
    }
}

fn push_text<'a>(
    elems: &mut [Elem<'a>],
    open: &[(u32, usize)],
    s: Cow<'a, str>,
    limits: &Limits,
    closed: bool,
) -> Result<(), ReadError> {
    match open.last() {
        Some((index, _)) => {
            let elem = &mut elems[*index as usize];
            if elem.text.len() + s.len() > limits.max_text_bytes {
                let name = elem.name;
                return Err(ReadError::Limit {
                    what: "text length",
                    limit: limits.max_text_bytes,
                    path: path_of(elems, &open[..open.len() - 1], name),
                });
            }
            // Leading white space is never significant (`Node::value` trims) and
            // is most often indentation before a child: not storing it saves an
            // allocation per container element. White space after text is kept
            // until the next child arrives.
            if elem.text.is_empty() && s.bytes().all(|b| b.is_ascii_whitespace()) {
                return Ok(());
            }
            if elem.text.is_empty() {
                elem.text = s;
            } else {
                elem.text.to_mut().push_str(&s);
            }
            Ok(())
        }
        None => {
            if s.trim().is_empty() {
                Ok(())
            } else if closed {
                Err(ReadError::Malformed(
                    "text after the end of the root element".into(),
                ))
            } else {
                Err(ReadError::Malformed("text before the root element".into()))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env11(body: &str) -> String {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Header/><soapenv:Body>{body}</soapenv:Body></soapenv:Envelope>"#
        )
    }

    #[test]
    fn reads_wrapper_namespace_and_nil() {
        let xml = env11(
            r#"<ns1:recupererPays xmlns:ns1="gouv.education.apogee.commun.servicesmetiers.GeographieMetier_01082016"><_codePays xsi:nil="true"/><_temoinEnService>O</_temoinEnService></ns1:recupererPays>"#,
        );
        let env = read_envelope(&xml, SoapVersion::V11, &Limits::default()).unwrap();
        assert_eq!(env.body().name, "recupererPays");
        assert_eq!(
            env.body().ns.as_deref(),
            Some("gouv.education.apogee.commun.servicesmetiers.GeographieMetier_01082016")
        );
        let code = env.body().child("_codePays").unwrap();
        assert!(code.nil);
        assert_eq!(code.ns, None);
        assert_eq!(
            env.body().child("_temoinEnService").unwrap().value(),
            Some("O")
        );
    }

    #[test]
    fn line_ends_are_normalised_only_where_there_are_some() {
        let doc = read_tree(
            "<a><b>x\r\ny\rz</b><c><![CDATA[p\r\nq]]></c></a>",
            &Limits::default(),
        )
        .unwrap();
        assert_eq!(doc.root().child("b").unwrap().value(), Some("x\ny\nz"));
        assert_eq!(doc.root().child("c").unwrap().value(), Some("p\nq"));
        let doc = read_tree("<a><b>x\ny</b></a>", &Limits::default()).unwrap();
        assert!(matches!(
            doc.root().child("b").unwrap().text,
            Cow::Borrowed("x\ny")
        ));
    }

    #[test]
    fn a_lone_nil_attribute_reads_as_the_general_path_does() {
        let read = |a: &str| {
            let xml =
                format!(r#"<op xmlns:xsi="{XSI_NS}" xmlns:x="urn:x"><a {a}/><b {a}>t</b></op>"#);
            read_tree(&xml, &Limits::default()).map(|d| {
                let op = d.root();
                (op.child("a").unwrap().nil, op.child("b").unwrap().nil)
            })
        };
        for (attrs, nil) in [
            (r#"xsi:nil="true""#, true),
            ("xsi:nil='1'", true),
            (r#"xsi:nil="false""#, false),
            (r#"xsi:nil="0""#, false),
            (r#"xsi:nil=" true ""#, true),
            (r#"x:nil="true""#, false),
            (r#"nil="true""#, false),
            (r#"xsi:nil = "true""#, true),
            (r#"xsi:nil="true" x:y="z""#, true),
            (r#"xsi:type="x" xsi:nil="1""#, true),
        ] {
            assert_eq!(read(attrs), Ok((nil, nil)), "{attrs}");
        }
        for bad in [
            r#"xsi:nil="true" xsi:nil="true""#,
            r#"undeclared:nil="true""#,
        ] {
            assert!(
                matches!(read(bad), Err(ReadError::Malformed(_))),
                "{bad}: {:?}",
                read(bad)
            );
        }
    }

    #[test]
    fn a_repeated_attribute_is_malformed_wherever_it_repeats() {
        for body in [
            r#"<op xmlns="urn:x"><a xsi:nil="true" xsi:nil="false"/></op>"#,
            r#"<op xmlns="urn:x"><a b="1" xsi:nil="true" b="2"/></op>"#,
            r#"<op xmlns="urn:x"><a b="1" c="2" c="3">x</a></op>"#,
        ] {
            let xml = env11(body);
            let err = read_envelope(&xml, SoapVersion::V11, &Limits::default());
            assert!(
                matches!(&err, Err(ReadError::Malformed(m)) if m.contains("appears twice")),
                "{body}: {err:?}"
            );
        }
        // Distinct attributes (and the same local name under two prefixes) are fine.
        let ok =
            env11(r#"<op xmlns="urn:x" xmlns:y="urn:y"><a b="1" y:b="2" c="3" xsi:nil="1"/></op>"#);
        let env = read_envelope(&ok, SoapVersion::V11, &Limits::default()).unwrap();
        assert!(env.body().child("a").unwrap().nil);
    }

    #[test]
    fn resolves_character_and_predefined_references() {
        let xml = env11(
            r#"<op xmlns="urn:x"><a xmlns="">LEF&#xC8;VRE &amp; &#338;<![CDATA[<b>]]></a></op>"#,
        );
        let env = read_envelope(&xml, SoapVersion::V11, &Limits::default()).unwrap();
        assert_eq!(env.body().child("a").unwrap().text, "LEFÈVRE & Œ<b>");
    }

    #[test]
    fn refuses_doctype_pi_and_unknown_entities() {
        let dtd = format!("<!DOCTYPE x [<!ENTITY a \"b\">]>{}", &env11("<op/>")[38..]);
        assert_eq!(
            read_envelope(&dtd, SoapVersion::V11, &Limits::default()).unwrap_err(),
            ReadError::Dtd
        );
        let pi = env11("<?evil x?><op/>");
        assert!(matches!(
            read_envelope(&pi, SoapVersion::V11, &Limits::default()),
            Err(ReadError::ProcessingInstruction { .. })
        ));
        let ent = env11("<op>&eacute;</op>");
        assert!(matches!(
            read_envelope(&ent, SoapVersion::V11, &Limits::default()),
            Err(ReadError::UndeclaredEntity { .. })
        ));
    }

    #[test]
    fn double_hyphen_in_a_comment_is_malformed() {
        assert!(matches!(
            read_tree("<!-- a -- b --><a/>", &Limits::default()),
            Err(ReadError::Malformed(_))
        ));
        assert!(read_tree("<!-- a - b --><a/>", &Limits::default()).is_ok());
    }

    #[test]
    fn detects_version_mismatch_and_shape_errors() {
        let xml = env11("<op/>");
        match read_envelope(&xml, SoapVersion::V12, &Limits::default()) {
            Err(ReadError::VersionMismatch { other_version, .. }) => {
                assert_eq!(other_version, Some(SoapVersion::V11))
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(
            read_envelope(&env11(""), SoapVersion::V11, &Limits::default()).unwrap_err(),
            ReadError::EmptyBody
        );
        assert!(matches!(
            read_envelope(&env11("<a/><b/>"), SoapVersion::V11, &Limits::default()),
            Err(ReadError::SeveralOperations { .. })
        ));
    }

    #[test]
    fn depth_limit_names_the_path() {
        let limits = Limits {
            max_depth: 4,
            ..Limits::default()
        };
        let err =
            read_envelope(&env11("<op><a><b/></a></op>"), SoapVersion::V11, &limits).unwrap_err();
        assert_eq!(
            err,
            ReadError::Limit {
                what: "element depth",
                limit: 4,
                path: "Envelope/Body/op/a/b".into()
            }
        );
    }
}
