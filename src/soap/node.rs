//! A small element tree for the payload of a SOAP Body.
//!
//! The envelope reader ([`super::reader`]) builds it while enforcing every limit, so
//! that DTO decoding ([`super::dto`]) works on input that is already known to be
//! small, well-formed and free of DTDs. The tree keeps exactly what the contract
//! needs: local name, namespace, `xsi:nil`, text and children in document order.
//!
//! It is flat: a [`Doc`] holds every element in document order in one vector, and
//! each element knows where its subtree ends, so its first child is the next
//! element and each next sibling starts where the previous one's subtree ends.
//! Reading a request makes one vector, not one per parent, and nothing is moved
//! once placed. [`Node`] is a copyable handle on one element of a `Doc`.
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
pub struct Elem<'a> {
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
    /// Index (in the [`Doc`]) one past this element's last descendant.
    pub(super) end: u32,
}

impl<'a> Elem<'a> {
    /// An element without namespace, attribute or text, whose subtree ends at `end`.
    pub(super) fn new(name: &'a str, ns: Option<Arc<str>>, end: u32) -> Self {
        Elem {
            name,
            ns,
            end,
            ..Elem::default()
        }
    }

    /// The namespace URI, `""` for an unqualified element.
    pub fn ns_str(&self) -> &str {
        self.ns.as_deref().unwrap_or("")
    }
}

/// Every element of a document, in document order; the root is the first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Doc<'a> {
    pub(super) elems: Vec<Elem<'a>>,
}

impl<'a> Doc<'a> {
    /// The root element. A `Doc` from the reader always has one.
    pub fn root(&self) -> Node<'_, 'a> {
        self.node(0)
    }

    /// The element at `index` (document order).
    pub fn node(&self, index: u32) -> Node<'_, 'a> {
        Node {
            elems: &self.elems,
            at: index,
        }
    }
}

/// One element of a [`Doc`]: its fields through `Deref`, its children through
/// [`Node::children`].
#[derive(Clone, Copy)]
pub struct Node<'d, 'a> {
    elems: &'d [Elem<'a>],
    at: u32,
}

impl<'a> std::ops::Deref for Node<'_, 'a> {
    type Target = Elem<'a>;
    fn deref(&self) -> &Elem<'a> {
        &self.elems[self.at as usize]
    }
}

impl std::fmt::Debug for Node<'_, '_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut s = f.debug_struct("Node");
        s.field("name", &self.name)
            .field("ns", &self.ns)
            .field("nil", &self.nil)
            .field("text", &self.text);
        let children: Vec<Node<'_, '_>> = self.children().collect();
        s.field("children", &children).finish()
    }
}

impl<'d, 'a> Node<'d, 'a> {
    /// Position in the document (document order).
    pub fn index(&self) -> u32 {
        self.at
    }

    /// The element's children, in document order.
    pub fn children(&self) -> Children<'d, 'a> {
        Children {
            elems: self.elems,
            next: self.at + 1,
            end: self.elems[self.at as usize].end,
        }
    }

    /// The first child with this local name, whatever its namespace.
    pub fn child(&self, name: &str) -> Option<Node<'d, 'a>> {
        self.children().find(|c| c.name == name)
    }

    /// Whether the element has no child element.
    pub fn is_leaf(&self) -> bool {
        self.elems[self.at as usize].end == self.at + 1
    }

    /// The value this element carries, with the three ways of saying "not given"
    /// (`xsi:nil`, empty element, absent element) folded into `None`.
    /// Surrounding white space is not significant for codes and is trimmed.
    pub fn value(&self) -> Option<&'d str> {
        let e: &'d Elem<'a> = &self.elems[self.at as usize];
        if e.nil {
            return None;
        }
        let t = e.text.trim();
        if t.is_empty() {
            None
        } else {
            Some(t)
        }
    }

    /// Number of elements in this subtree (itself included).
    pub fn count(&self) -> usize {
        (self.elems[self.at as usize].end - self.at) as usize
    }
}

/// The children of a [`Node`], in document order.
#[derive(Clone)]
pub struct Children<'d, 'a> {
    elems: &'d [Elem<'a>],
    next: u32,
    end: u32,
}

impl<'d, 'a> Iterator for Children<'d, 'a> {
    type Item = Node<'d, 'a>;
    fn next(&mut self) -> Option<Node<'d, 'a>> {
        if self.next >= self.end {
            return None;
        }
        let n = Node {
            elems: self.elems,
            at: self.next,
        };
        self.next = self.elems[self.next as usize].end;
        Some(n)
    }
}

#[cfg(test)]
mod tests {
    use crate::config::Limits;
    use crate::soap::reader::read_tree;
    use std::borrow::Cow;

    #[test]
    fn children_skip_subtrees_and_text_is_borrowed() {
        let xml = "<a>\n  <b><c/><c>x</c></b>\n  <d>y &amp; z</d><e>plain</e>\n</a>";
        let doc = read_tree(xml, &Limits::default()).unwrap();
        let a = doc.root();
        assert_eq!(a.count(), 6);
        let names: Vec<&str> = a.children().map(|c| c.name).collect();
        assert_eq!(names, ["b", "d", "e"]);
        let b = a.child("b").unwrap();
        assert_eq!(b.children().count(), 2);
        assert!(b.children().all(|c| c.is_leaf()));
        assert_eq!(b.children().nth(1).unwrap().value(), Some("x"));
        // Indentation between children is not content.
        assert_eq!(a.value(), None);
        // One-piece text is a slice of the request; text with a reference is copied.
        let e = a.child("e").unwrap();
        assert!(matches!(e.text, Cow::Borrowed("plain")));
        assert_eq!(a.child("d").unwrap().value(), Some("y & z"));
        assert!(std::ptr::eq(
            e.name.as_ptr(),
            xml[xml.find("<e>").unwrap() + 1..].as_ptr()
        ));
    }
}
