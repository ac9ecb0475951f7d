//! A small owned element tree for the payload of a SOAP Body.
//!
//! The envelope reader ([`super::reader`]) builds it while enforcing every limit, so
//! that DTO decoding ([`super::dto`]) works on input that is already known to be
//! small, well-formed and free of DTDs. The tree keeps exactly what the contract
//! needs: local name, namespace, `xsi:nil`, text and children in document order.
//!
//! The tree borrows from the request text: names are slices of it, and so is the
//! text of an element written in one piece (the usual case); only text made of
//! several pieces (entity or character references, CDATA next to text, line ends
//! to normalise) is copied. A leaf element therefore costs no allocation at all.
//! Namespaces are shared (`Arc<str>`): a document has a handful of them.

use std::borrow::Cow;
use std::sync::Arc;

/// One element of the request payload.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Node<'a> {
    /// Local name (prefix removed).
    pub name: &'a str,
    /// Namespace URI, `None` for an unqualified element (the rule for DTO children).
    pub ns: Option<Arc<str>>,
    /// `xsi:nil="true"` (or `"1"`) was present.
    pub nil: bool,
    /// A SOAP `mustUnderstand="1"`/`"true"` attribute was present (header blocks).
    pub must_understand: bool,
    /// Concatenated character data directly inside this element (entity and
    /// character references resolved, CDATA included).
    pub text: Cow<'a, str>,
    pub children: Vec<Node<'a>>,
}

impl<'a> Node<'a> {
    /// An element without namespace, attribute, text or child.
    pub fn new(name: &'a str) -> Self {
        Node {
            name,
            ..Node::default()
        }
    }

    /// The namespace URI, `""` for an unqualified element.
    pub fn ns_str(&self) -> &str {
        self.ns.as_deref().unwrap_or("")
    }

    /// The first child with this local name, whatever its namespace.
    pub fn child(&self, name: &str) -> Option<&Node<'a>> {
        self.children.iter().find(|c| c.name == name)
    }

    /// The value this element carries, with the three ways of saying "not given"
    /// (`xsi:nil`, empty element, absent element) folded into `None`.
    /// Surrounding white space is not significant for codes and is trimmed.
    pub fn value(&self) -> Option<&str> {
        if self.nil {
            return None;
        }
        let t = self.text.trim();
        if t.is_empty() {
            None
        } else {
            Some(t)
        }
    }

    /// Number of elements in this subtree (itself included).
    pub fn count(&self) -> usize {
        1 + self.children.iter().map(Node::count).sum::<usize>()
    }
}
