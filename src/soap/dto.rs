//! DTO mapping: one declaration per type gives the Rust struct, its decoder from a
//! [`Node`], its encoder to XML and its XSD `complexType` for the served WSDL.
//!
//! ```ignore
//! dto! {
//!     /// Un pays (GeographieMetier).
//!     pub struct PaysDTO ("PaysDTO", "PaysDTO.geographie.dto.transverse.commun.apogee.education.gouv") {
//!         code_pay: Option<String> = "codePay" [nillable],
//!     }
//! }
//! ```
//!
//! Field kinds: `Option<T>` (one element, minOccurs 1 unless `[optional]`; absent,
//! empty and `xsi:nil` all read as `None`, and `None` is written as `xsi:nil` when the
//! field is `nillable`, omitted otherwise) and `Vec<T>` (the element repeated,
//! `maxOccurs="unbounded"`). `T` is `String`, `i32` or another DTO.
//!
//! Decoding is strict where silence would lose data: a DTO child must be
//! unqualified, a single-valued field may not appear twice, an `xsd:int` must be an
//! integer. Unknown elements are skipped (forward compatibility with newer clients).

use super::node::{Children, Node};
use super::writer::XmlOut;
use std::collections::BTreeMap;

/// Why a payload could not be decoded; `path` is the element path from the
/// operation element (`_donneesOpi/individu/codEtuOpi`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}: {reason}")]
pub struct DecodeError {
    pub path: String,
    /// The field name alone (last path segment), used in fault codes.
    pub field: String,
    pub reason: String,
}

impl DecodeError {
    pub fn new(path: &str, field: &str, reason: impl Into<String>) -> Self {
        DecodeError {
            path: path.to_string(),
            field: field.to_string(),
            reason: reason.into(),
        }
    }
}

/// Joins a parent path and a child name.
pub fn join(path: &str, name: &str) -> String {
    if path.is_empty() {
        name.to_string()
    } else {
        format!("{path}/{name}")
    }
}

/// The path of an element while a DTO is decoded, written out only when an
/// error needs it: the text the caller gave [`Dto::decode`], or a child of
/// another path (`parent/name`, `parent/name[index]`, as [`join`] gives).
#[derive(Debug, Clone, Copy)]
pub enum Path<'a> {
    Root(&'a str),
    Child {
        parent: &'a Path<'a>,
        name: &'a str,
        /// The element's rank among those of its name (from 1), when repeated.
        index: Option<usize>,
    },
}

impl Path<'_> {
    /// The written path of the child `name` (its `index`-th when repeated) of
    /// `parent`: for an error message.
    fn child_text(parent: &Path<'_>, name: &str, index: Option<usize>) -> String {
        Path::Child {
            parent,
            name,
            index,
        }
        .to_string()
    }

    /// Whether the written path is empty.
    fn is_empty(&self) -> bool {
        match self {
            Path::Root(s) => s.is_empty(),
            Path::Child {
                parent,
                name,
                index,
            } => parent.is_empty() && name.is_empty() && index.is_none(),
        }
    }
}

impl std::fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Path::Root(s) => f.write_str(s),
            Path::Child {
                parent,
                name,
                index,
            } => {
                if !parent.is_empty() {
                    write!(f, "{parent}/")?;
                }
                f.write_str(name)?;
                if let Some(i) = index {
                    write!(f, "[{i}]")?;
                }
                Ok(())
            }
        }
    }
}

/// XSD facets of one field.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FieldOpts {
    pub nillable: bool,
    /// `minOccurs="0"`.
    pub optional: bool,
}

impl FieldOpts {
    pub const fn nillable(mut self) -> Self {
        self.nillable = true;
        self
    }
    pub const fn optional(mut self) -> Self {
        self.optional = true;
        self
    }
}

/// A complex type with a sequence of fields. Implemented by [`dto!`].
pub trait Dto: Sized {
    /// The `complexType` name (for wrapper elements: the element name).
    const TYPE_NAME: &'static str;
    /// The type's namespace (empty for wrapper elements, which live in the
    /// service namespace and have anonymous types).
    const NAMESPACE: &'static str;
    /// Decodes `node`, whose path (for errors) is `path`.
    fn decode(node: &Node, path: &str) -> Result<Self, DecodeError> {
        Self::decode_at(node, &Path::Root(path))
    }
    /// [`Dto::decode`] with the path in parts, written only for an error.
    fn decode_at(node: &Node, path: &Path<'_>) -> Result<Self, DecodeError>;
    fn encode_children(&self, out: &mut XmlOut);
    /// The `<sequence>…</sequence>` of the type.
    fn xsd_sequence(schemas: &mut SchemaSet) -> String;

    /// Encodes the children into a new string.
    fn to_xml(&self) -> String {
        let mut out = XmlOut::new();
        self.encode_children(&mut out);
        out.into_string()
    }
}

/// A value that fills one element.
pub trait XmlItem: Sized {
    /// `Ok(None)` when the element says "not given".
    fn decode_item(node: &Node, path: &str) -> Result<Option<Self>, DecodeError>;
    /// [`XmlItem::decode_item`] for the element `name` (the `index`-th of its
    /// name when repeated, from 1) under `parent`: the path is given in parts,
    /// and the values of this module write it only for an error.
    fn decode_item_at(
        node: &Node,
        parent: &Path<'_>,
        name: &str,
        index: Option<usize>,
    ) -> Result<Option<Self>, DecodeError> {
        Self::decode_item(node, &Path::child_text(parent, name, index))
    }
    fn encode_item(&self, name: &str, out: &mut XmlOut);
    /// QName of the XSD type, registering it in `schemas` if needed.
    fn xsd_type(schemas: &mut SchemaSet) -> String;
}

impl XmlItem for String {
    fn decode_item(node: &Node, _path: &str) -> Result<Option<Self>, DecodeError> {
        Ok(node.value().map(str::to_string))
    }
    fn decode_item_at(
        node: &Node,
        _: &Path<'_>,
        _: &str,
        _: Option<usize>,
    ) -> Result<Option<Self>, DecodeError> {
        Ok(node.value().map(str::to_string))
    }
    fn encode_item(&self, name: &str, out: &mut XmlOut) {
        out.leaf(name, self);
    }
    fn xsd_type(_: &mut SchemaSet) -> String {
        "xsd:string".into()
    }
}

impl XmlItem for i32 {
    fn decode_item(node: &Node, path: &str) -> Result<Option<Self>, DecodeError> {
        match node.value() {
            None => Ok(None),
            Some(v) => v.parse().map(Some).map_err(|_| {
                DecodeError::new(path, node.name, format!("« {v} » is not an integer"))
            }),
        }
    }
    fn decode_item_at(
        node: &Node,
        parent: &Path<'_>,
        name: &str,
        index: Option<usize>,
    ) -> Result<Option<Self>, DecodeError> {
        match node.value() {
            None => Ok(None),
            Some(v) => match v.parse() {
                Ok(n) => Ok(Some(n)),
                Err(_) => Self::decode_item(node, &Path::child_text(parent, name, index)),
            },
        }
    }
    fn encode_item(&self, name: &str, out: &mut XmlOut) {
        out.leaf(name, &self.to_string());
    }
    fn xsd_type(_: &mut SchemaSet) -> String {
        "xsd:int".into()
    }
}

/// An `xsd:decimal`, kept as the text sent (no binary rounding) once checked.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Decimal(pub String);

impl Decimal {
    fn valid(v: &str) -> bool {
        let digits = v.strip_prefix(['-', '+']).unwrap_or(v);
        let mut parts = digits.splitn(2, '.');
        let int = parts.next().unwrap_or("");
        let frac = parts.next().unwrap_or("");
        !(int.is_empty() && frac.is_empty())
            && int.bytes().all(|b| b.is_ascii_digit())
            && frac.bytes().all(|b| b.is_ascii_digit())
    }
}

impl XmlItem for Decimal {
    fn decode_item(node: &Node, path: &str) -> Result<Option<Self>, DecodeError> {
        match node.value() {
            None => Ok(None),
            Some(v) => {
                if Decimal::valid(v) {
                    Ok(Some(Decimal(v.to_string())))
                } else {
                    Err(DecodeError::new(
                        path,
                        node.name,
                        format!("« {v} » is not a decimal number"),
                    ))
                }
            }
        }
    }
    fn decode_item_at(
        node: &Node,
        parent: &Path<'_>,
        name: &str,
        index: Option<usize>,
    ) -> Result<Option<Self>, DecodeError> {
        match node.value() {
            None => Ok(None),
            Some(v) if Decimal::valid(v) => Ok(Some(Decimal(v.to_string()))),
            Some(_) => Self::decode_item(node, &Path::child_text(parent, name, index)),
        }
    }
    fn encode_item(&self, name: &str, out: &mut XmlOut) {
        out.leaf(name, &self.0);
    }
    fn xsd_type(_: &mut SchemaSet) -> String {
        "xsd:decimal".into()
    }
}

impl<T: Dto> XmlItem for T {
    fn decode_item(node: &Node, path: &str) -> Result<Option<Self>, DecodeError> {
        if node.nil {
            return Ok(None);
        }
        T::decode(node, path).map(Some)
    }
    fn decode_item_at(
        node: &Node,
        parent: &Path<'_>,
        name: &str,
        index: Option<usize>,
    ) -> Result<Option<Self>, DecodeError> {
        if node.nil {
            return Ok(None);
        }
        let path = Path::Child {
            parent,
            name,
            index,
        };
        T::decode_at(node, &path).map(Some)
    }
    fn encode_item(&self, name: &str, out: &mut XmlOut) {
        out.open(name);
        self.encode_children(out);
        out.close(name);
    }
    fn xsd_type(schemas: &mut SchemaSet) -> String {
        schemas.type_ref::<T>()
    }
}

/// One field of a DTO: how many elements, and what each holds.
pub trait XmlField: Sized {
    fn decode_field(nodes: &[Node], path: &Path<'_>, name: &str) -> Result<Self, DecodeError>;
    fn encode_field(&self, name: &str, opts: FieldOpts, out: &mut XmlOut);
    fn xsd_element(name: &str, opts: FieldOpts, schemas: &mut SchemaSet) -> String;
}

fn element_decl(name: &str, ty: &str, opts: FieldOpts, unbounded: bool) -> String {
    let mut s = format!("<element name=\"{name}\" type=\"{ty}\"");
    if opts.optional {
        s.push_str(" minOccurs=\"0\"");
    }
    if unbounded {
        s.push_str(" maxOccurs=\"unbounded\"");
    }
    if opts.nillable {
        s.push_str(" nillable=\"true\"");
    }
    s.push_str("/>");
    s
}

impl<T: XmlItem> XmlField for Option<T> {
    fn decode_field(nodes: &[Node], path: &Path<'_>, name: &str) -> Result<Self, DecodeError> {
        match nodes {
            [] => Ok(None),
            [one] => T::decode_item_at(one, path, name, None),
            _ => Err(DecodeError::new(
                &join(&path.to_string(), name),
                name,
                format!(
                    "the element {name} appears {} times; it may appear only once",
                    nodes.len()
                ),
            )),
        }
    }
    fn encode_field(&self, name: &str, opts: FieldOpts, out: &mut XmlOut) {
        match self {
            Some(v) => v.encode_item(name, out),
            None if opts.nillable => out.nil(name),
            None => {}
        }
    }
    fn xsd_element(name: &str, opts: FieldOpts, schemas: &mut SchemaSet) -> String {
        element_decl(name, &T::xsd_type(schemas), opts, false)
    }
}

impl<T: XmlItem> XmlField for Vec<T> {
    fn decode_field(nodes: &[Node], path: &Path<'_>, name: &str) -> Result<Self, DecodeError> {
        let mut v = Vec::with_capacity(nodes.len());
        for (i, n) in nodes.iter().enumerate() {
            if let Some(x) = T::decode_item_at(n, path, name, Some(i + 1))? {
                v.push(x);
            }
        }
        Ok(v)
    }
    fn encode_field(&self, name: &str, _opts: FieldOpts, out: &mut XmlOut) {
        for v in self {
            v.encode_item(name, out);
        }
    }
    fn xsd_element(name: &str, opts: FieldOpts, schemas: &mut SchemaSet) -> String {
        element_decl(name, &T::xsd_type(schemas), opts, true)
    }
}

/// Decodes the field `name` of `node` from the children of that name, in
/// document order (no allocation for the usual zero or one of them).
pub fn decode_named<F: XmlField>(
    node: &Node,
    path: &Path<'_>,
    name: &str,
) -> Result<F, DecodeError> {
    let mut it = node.children().filter(|c| c.name == name);
    match (it.next(), it.next()) {
        (None, _) => F::decode_field(&[], path, name),
        (Some(a), None) => F::decode_field(&[a], path, name),
        (Some(a), Some(b)) => {
            let mut all = vec![a, b];
            all.extend(it);
            F::decode_field(&all, path, name)
        }
    }
}

/// Decoding of a DTO whose children come in the schema's order (what every
/// generated client sends): each field takes the run of children of its name at
/// the current position, one or two comparisons per field instead of a scan of
/// every child. The result is kept only if every child was taken
/// ([`InOrder::complete`]): then it is exactly what [`decode_named`] gives field
/// by field. Otherwise (unknown element, order changed, repeated single field,
/// any error) the generated `decode` starts again with [`decode_named`], whose
/// answers and errors are the reference.
pub struct InOrder<'d, 'a> {
    /// The first child not taken yet.
    next: Option<Node<'d, 'a>>,
    rest: Children<'d, 'a>,
}

impl<'d, 'a> InOrder<'d, 'a> {
    pub fn new(node: &Node<'d, 'a>) -> Self {
        let mut rest = node.children();
        InOrder {
            next: rest.next(),
            rest,
        }
    }

    /// The field `name`, from the children of that name at the current position.
    pub fn field<F: XmlField>(&mut self, path: &Path<'_>, name: &str) -> Result<F, DecodeError> {
        let first = match self.next {
            Some(n) if n.name == name => n,
            _ => return F::decode_field(&[], path, name),
        };
        self.next = self.rest.next();
        match self.next {
            Some(second) if second.name == name => {
                let mut all = vec![first, second];
                self.next = self.rest.next();
                while let Some(n) = self.next.filter(|n| n.name == name) {
                    all.push(n);
                    self.next = self.rest.next();
                }
                F::decode_field(&all, path, name)
            }
            _ => F::decode_field(&[first], path, name),
        }
    }

    /// Every child was taken, in order.
    pub fn complete(&self) -> bool {
        self.next.is_none()
    }
}

/// Checks the children of a DTO element: all unqualified.
pub fn check_unqualified(node: &Node, path: &Path<'_>) -> Result<(), DecodeError> {
    if let Some(c) = node.children().find(|c| c.ns.is_some()) {
        return Err(DecodeError::new(
            &join(&path.to_string(), c.name),
            c.name,
            format!(
                "the element {} is qualified with the namespace {}; children of {} must be unqualified (no namespace), as in the WSDL",
                c.name,
                c.ns.as_deref().unwrap_or(""),
                node.name
            ),
        ));
    }
    Ok(())
}

/// The complex types of one namespace, in registration order: (name, sequence).
/// The sequence is `None` while the type is being generated (recursive types).
type Types = Vec<(String, Option<String>)>;

/// The XSD schemas a WSDL needs, one per namespace, filled by [`XmlItem::xsd_type`].
#[derive(Debug, Default)]
pub struct SchemaSet {
    /// namespace → (prefix, types)
    namespaces: BTreeMap<String, (String, Types)>,
    order: Vec<String>,
}

impl SchemaSet {
    /// The prefix bound to `ns` in the WSDL (declared on `wsdl:definitions`).
    pub fn prefix(&mut self, ns: &str) -> String {
        if let Some((p, _)) = self.namespaces.get(ns) {
            return p.clone();
        }
        let p = format!("tns{}", self.order.len() + 1);
        self.namespaces
            .insert(ns.to_string(), (p.clone(), Vec::new()));
        self.order.push(ns.to_string());
        p
    }

    /// Registers `T` (and, through its sequence, every type it uses) and returns its QName.
    pub fn type_ref<T: Dto>(&mut self) -> String {
        let prefix = self.prefix(T::NAMESPACE);
        let known = self.namespaces[T::NAMESPACE]
            .1
            .iter()
            .any(|(n, _)| n == T::TYPE_NAME);
        if !known {
            if let Some(e) = self.namespaces.get_mut(T::NAMESPACE) {
                e.1.push((T::TYPE_NAME.to_string(), None));
            }
            let seq = T::xsd_sequence(self);
            if let Some(e) = self.namespaces.get_mut(T::NAMESPACE) {
                if let Some(slot) = e.1.iter_mut().find(|(n, _)| n == T::TYPE_NAME) {
                    slot.1 = Some(seq);
                }
            }
        }
        format!("{prefix}:{}", T::TYPE_NAME)
    }

    /// `(namespace, prefix)` pairs in registration order.
    pub fn bindings(&self) -> Vec<(String, String)> {
        self.order
            .iter()
            .map(|ns| (ns.clone(), self.namespaces[ns].0.clone()))
            .collect()
    }

    /// The namespaces whose prefixes appear as `type="prefix:…"` in `xsd`, in
    /// registration order.
    pub fn referenced(&self, xsd: &str) -> Vec<String> {
        self.order
            .iter()
            .filter(|ns| {
                let prefix = &self.namespaces[*ns].0;
                xsd.contains(&format!("type=\"{prefix}:"))
            })
            .cloned()
            .collect()
    }

    /// One `<schema>` per namespace that holds types, each importing the
    /// namespaces it refers to.
    pub fn render(&self, indent: &str) -> String {
        let mut s = String::new();
        for ns in &self.order {
            let types = &self.namespaces[ns].1;
            if types.is_empty() {
                continue;
            }
            s.push_str(&format!(
                "{indent}<schema xmlns=\"http://www.w3.org/2001/XMLSchema\" targetNamespace=\"{ns}\" elementFormDefault=\"unqualified\">\n"
            ));
            // Import only the namespaces this schema's types refer to.
            let body: String = types.iter().filter_map(|(_, seq)| seq.as_deref()).collect();
            for other in self.referenced(&body) {
                if other != *ns {
                    s.push_str(&format!("{indent}  <import namespace=\"{other}\"/>\n"));
                }
            }
            for (name, seq) in types {
                s.push_str(&format!(
                    "{indent}  <complexType name=\"{name}\">{}</complexType>\n",
                    seq.as_deref().unwrap_or("<sequence/>")
                ));
            }
            s.push_str(&format!("{indent}</schema>\n"));
        }
        s
    }
}

/// Declares a DTO: struct, [`Dto`] impl (decode, encode, XSD). See the module docs.
#[macro_export]
macro_rules! dto {
    (
        $(#[$meta:meta])*
        $vis:vis struct $name:ident ($tname:literal, $tns:literal) {
            $( $(#[$fmeta:meta])* $field:ident : $fty:ty = $xml:literal $([ $($opt:ident),* ])? ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Default, PartialEq)]
        $vis struct $name {
            $( $(#[$fmeta])* pub $field: $fty, )*
        }

        impl $crate::soap::dto::Dto for $name {
            const TYPE_NAME: &'static str = $tname;
            const NAMESPACE: &'static str = $tns;

            #[allow(unused_variables, unused_mut, clippy::redundant_closure_call)]
            fn decode_at(node: &$crate::soap::Node, path: &$crate::soap::dto::Path<'_>) -> Result<Self, $crate::soap::dto::DecodeError> {
                $crate::soap::dto::check_unqualified(node, path)?;
                // Fast path: children in the schema's order (see `InOrder`).
                let mut in_order = $crate::soap::dto::InOrder::new(node);
                let fast = (|| -> Result<Self, $crate::soap::dto::DecodeError> {
                    Ok($name {
                        $( $field: in_order.field::<$fty>(path, $xml)?, )*
                    })
                })();
                if let Ok(v) = fast {
                    if in_order.complete() {
                        return Ok(v);
                    }
                }
                Ok($name {
                    $( $field: $crate::soap::dto::decode_named::<$fty>(node, path, $xml)?, )*
                })
            }

            #[allow(unused_variables)]
            fn encode_children(&self, out: &mut $crate::soap::writer::XmlOut) {
                $( <$fty as $crate::soap::dto::XmlField>::encode_field(
                    &self.$field, $xml,
                    $crate::soap::dto::FieldOpts::default() $($( .$opt() )*)?, out); )*
            }

            #[allow(unused_variables)]
            fn xsd_sequence(schemas: &mut $crate::soap::dto::SchemaSet) -> String {
                let mut s = String::from("<sequence>");
                $( s.push_str(&<$fty as $crate::soap::dto::XmlField>::xsd_element(
                    $xml,
                    $crate::soap::dto::FieldOpts::default() $($( .$opt() )*)?, schemas)); )*
                s.push_str("</sequence>");
                s
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Limits;
    use crate::soap::reader::read_tree;

    crate::dto! {
        pub struct Inner ("Inner", "Inner.test") {
            code: Option<String> = "code" [nillable],
        }
    }
    crate::dto! {
        pub struct Outer ("Outer", "Outer.test") {
            num: Option<i32> = "num" [nillable],
            inner: Option<Inner> = "inner" [nillable],
            items: Vec<String> = "item" [optional],
        }
    }

    fn parse(xml: &str) -> Result<Outer, DecodeError> {
        let n = read_tree(xml, &Limits::default()).unwrap();
        Outer::decode(&n.root(), "")
    }

    #[test]
    fn nil_empty_absent_are_none() {
        let x = r#"<o xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><num xsi:nil="true"/><inner xsi:nil="true"/></o>"#;
        assert_eq!(parse(x).unwrap(), Outer::default());
        assert_eq!(parse("<o><num/></o>").unwrap(), Outer::default());
        assert_eq!(parse("<o/>").unwrap(), Outer::default());
    }

    #[test]
    fn values_and_lists() {
        let o = parse(
            "<o><num> 42 </num><inner><code>A</code></inner><item>x</item><item>y</item></o>",
        )
        .unwrap();
        assert_eq!(o.num, Some(42));
        assert_eq!(o.inner.unwrap().code.as_deref(), Some("A"));
        assert_eq!(o.items, vec!["x", "y"]);
    }

    #[test]
    fn strictness() {
        let e = parse("<o><num>4x</num></o>").unwrap_err();
        assert_eq!(e.path, "num");
        let e = parse("<o><num>1</num><num>2</num></o>").unwrap_err();
        assert!(e.reason.contains("only once"), "{e}");
        let e = parse(r#"<o xmlns="urn:q"><num>1</num></o>"#).unwrap_err();
        assert!(e.reason.contains("unqualified"), "{e}");
        let e = parse("<o><inner><code>1</code><code>2</code></inner></o>").unwrap_err();
        assert_eq!(e.path, "inner/code");
    }

    #[test]
    fn order_unknown_elements_and_repeats_decode_as_the_reference() {
        let in_order =
            parse("<o><num>1</num><inner><code>A</code></inner><item>x</item><item>y</item></o>")
                .unwrap();
        // Same content, fields out of order, an unknown element, items split.
        let shuffled = parse("<o><item>x</item><zzz>?</zzz><inner><code>A</code></inner><num>1</num><item>y</item></o>").unwrap();
        assert_eq!(in_order, shuffled);
        // A repeated single field is refused whatever the order.
        let e = parse("<o><num>1</num><inner/><num>2</num></o>").unwrap_err();
        assert!(e.reason.contains("only once"), "{e}");
        // The first error in field order, as before.
        let e =
            parse("<o><inner><code>1</code><code>2</code></inner><num>x</num></o>").unwrap_err();
        assert_eq!(e.path, "num");
    }

    crate::dto! {
        pub struct Leaf ("Leaf", "Leaf.test") {
            n: Option<i32> = "n" [nillable],
            d: Option<Decimal> = "d" [nillable],
        }
    }
    crate::dto! {
        pub struct Branch ("Branch", "Branch.test") {
            one: Option<Leaf> = "one" [nillable],
            many: Vec<Leaf> = "many" [optional],
        }
    }

    #[test]
    fn error_paths_of_nested_and_repeated_items() {
        let path = |root: &str, xml: &str| {
            let n = read_tree(xml, &Limits::default()).unwrap();
            let e = Branch::decode(&n.root(), root).unwrap_err();
            (e.path, e.field)
        };
        let p = |s: &str, f: &str| (s.to_string(), f.to_string());
        let bad_int = "<b><many><n>1</n></many><many><n>x</n></many></b>";
        assert_eq!(path("", bad_int), p("many[2]/n", "n"));
        assert_eq!(path("_r", bad_int), p("_r/many[2]/n", "n"));
        let bad_dec = "<b><one><d>1.x</d></one></b>";
        assert_eq!(path("_r/s", bad_dec), p("_r/s/one/d", "d"));
        let twice = "<b><many/><many><d>1</d><d>2</d></many></b>";
        assert_eq!(path("", twice), p("many[2]/d", "d"));
        let qualified = r#"<b><one><q:n xmlns:q="urn:q">1</q:n></one></b>"#;
        assert_eq!(path("_r", qualified), p("_r/one/n", "n"));
        // Out of order: the reference decoding gives the same paths.
        let shuffled = "<b><many><n>1</n></many><one/><many><d>y</d></many></b>";
        assert_eq!(path("_r", shuffled), p("_r/many[2]/d", "d"));
    }

    #[test]
    fn encodes_nil_and_omits_optional() {
        let o = Outer {
            num: Some(3),
            ..Outer::default()
        };
        assert_eq!(o.to_xml(), "<num>3</num><inner xsi:nil=\"true\"/>");
    }

    #[test]
    fn xsd_registers_nested_types() {
        let mut s = SchemaSet::default();
        assert_eq!(s.type_ref::<Outer>(), "tns1:Outer");
        let r = s.render("");
        assert!(
            r.contains("<element name=\"inner\" type=\"tns2:Inner\" nillable=\"true\"/>"),
            "{r}"
        );
        assert!(r.contains("<element name=\"item\" type=\"xsd:string\" minOccurs=\"0\" maxOccurs=\"unbounded\"/>"), "{r}");
        assert!(r.contains("targetNamespace=\"Inner.test\""));
    }
}
