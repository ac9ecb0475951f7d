//! `OffreFormationMetier` requests built as real clients send them (every
//! `SECritereDTO2` element in schema order, `xsi:nil` for what is unset, as PHP
//! `SoapClient` and zeep do), and a small element tree to walk the answers the
//! way clients do (`res[0].listVersionDiplome[0].offreFormation.listEtape[0]…`).
#![allow(dead_code)]

use super::{op, Reply, TestApp};
use quick_xml::events::Event;
use quick_xml::name::ResolveResult;
use quick_xml::NsReader;

pub const OFFRE_NS: &str = "gouv.education.apogee.commun.servicesmetiers.OffreFormationMetier";
pub const OFFRE_NS_2014: &str =
    "gouv.education.apogee.commun.servicesmetiers.OffreFormationMetier_09062014";
pub const OFFRE: &str = "OffreFormationMetier";

/// The elements of `SECritereDTO2`, in schema order.
pub const CRITERE: &[&str] = &[
    "codAnu",
    "codComposanteVdi",
    "codDip",
    "codElp",
    "codEtp",
    "codNatureDip",
    "codNatureElp",
    "codTypDip",
    "codVrsVdi",
    "codVrsVet",
    "temOuvertRecrutement",
];

/// How one criterion is sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Val {
    /// `<x xsi:nil="true"/>` (PHP, zeep, JAXB for an unset nillable field).
    Nil,
    /// `<x/>`.
    Empty,
    /// Not sent at all.
    Absent,
    Text(String),
}

/// `_seCritere` of `recupererSE_v3` / `_v4`.
#[derive(Debug, Clone)]
pub struct SeCritere {
    vals: Vec<(&'static str, Val)>,
}

impl SeCritere {
    /// The five level criteria; everything else nil.
    pub fn new(dip: &str, vdi: &str, etp: &str, vet: &str, elp: &str) -> SeCritere {
        let mut c = SeCritere {
            vals: CRITERE.iter().map(|&n| (n, Val::Nil)).collect(),
        };
        for (n, v) in [
            ("codDip", dip),
            ("codVrsVdi", vdi),
            ("codEtp", etp),
            ("codVrsVet", vet),
            ("codElp", elp),
        ] {
            c = c.with(n, v);
        }
        c
    }

    pub fn set(mut self, name: &str, v: Val) -> Self {
        let slot = self
            .vals
            .iter_mut()
            .find(|(n, _)| *n == name)
            .unwrap_or_else(|| panic!("{name} is not an element of SECritereDTO2"));
        slot.1 = v;
        self
    }

    pub fn with(self, name: &str, value: &str) -> Self {
        self.set(name, Val::Text(value.to_string()))
    }

    /// `<_seCritere>…</_seCritere>`
    pub fn xml(&self) -> String {
        let mut s = String::from("<_seCritere>");
        for (n, v) in &self.vals {
            match v {
                Val::Nil => s.push_str(&format!("<{n} xsi:nil=\"true\"/>")),
                Val::Empty => s.push_str(&format!("<{n}/>")),
                Val::Absent => {}
                Val::Text(t) => s.push_str(&format!("<{n}>{t}</{n}>")),
            }
        }
        s.push_str("</_seCritere>");
        s
    }

    /// The Body content: `<ns1:recupererSE_vN xmlns:ns1="ns"><_seCritere>…`.
    pub fn request(&self, operation: &str, ns: &str) -> String {
        op(ns, operation, &self.xml())
    }
}

/// `recupererGroupe_v3(_codAnu, _codEtp, _codVrsVet, _codElp)` with no collection.
pub fn groupe_v3(anu: &str, etp: Option<&str>, vrs: Option<&str>, elp: Option<&str>) -> String {
    let el = |n: &str, v: Option<&str>| match v {
        Some(v) => format!("<{n}>{v}</{n}>"),
        None => format!("<{n}/>"),
    };
    op(
        OFFRE_NS,
        "recupererGroupe_v3",
        &format!(
            "<_codAnu>{anu}</_codAnu>{}{}{}",
            el("_codEtp", etp),
            el("_codVrsVet", vrs),
            el("_codElp", elp)
        ),
    )
}

impl TestApp {
    /// `recupererSE_v4` in SOAP 1.1, current namespace.
    pub async fn recuperer_se_v4(&self, c: &SeCritere) -> Reply {
        self.soap11(OFFRE, &c.request("recupererSE_v4", OFFRE_NS))
            .await
    }

    /// `recupererSE_v3` in SOAP 1.1, current namespace.
    pub async fn recuperer_se_v3(&self, c: &SeCritere) -> Reply {
        self.soap11(OFFRE, &c.request("recupererSE_v3", OFFRE_NS))
            .await
    }
}

/// An element of an answer: local name, namespace, `xsi:nil`, text, children.
#[derive(Debug, Clone, Default)]
pub struct X {
    pub name: String,
    pub ns: Option<String>,
    pub nil: bool,
    pub text: String,
    pub children: Vec<X>,
}

impl X {
    /// Parses a document (namespaces resolved, references expanded).
    pub fn parse(xml: &str) -> X {
        let mut r = NsReader::from_str(xml);
        let mut stack: Vec<X> = vec![X::default()];
        loop {
            let (res, ev) = r.read_resolved_event().expect("well-formed XML");
            let ns = match res {
                ResolveResult::Bound(n) => Some(n.into_inner().to_string()),
                _ => None,
            };
            match ev {
                Event::Start(ref e) | Event::Empty(ref e) => {
                    let nil = e
                        .attributes()
                        .flatten()
                        .any(|a| a.key.local_name().into_inner() == "nil" && &*a.value == "true");
                    stack.push(X {
                        name: e.local_name().into_inner().to_string(),
                        ns,
                        nil,
                        ..X::default()
                    });
                    if matches!(ev, Event::Empty(_)) {
                        let done = stack.pop().unwrap();
                        stack.last_mut().unwrap().children.push(done);
                    }
                }
                Event::End(_) => {
                    let done = stack.pop().unwrap();
                    stack.last_mut().unwrap().children.push(done);
                }
                Event::Text(t) => {
                    let s = t.xml10_content();
                    stack.last_mut().unwrap().text.push_str(&s);
                }
                Event::GeneralRef(g) => {
                    let s = match g.resolve_char_ref().expect("reference") {
                        Some(c) => c.to_string(),
                        None => {
                            let name = g.xml10_content();
                            quick_xml::escape::resolve_predefined_entity(&name)
                                .expect("predefined entity")
                                .to_string()
                        }
                    };
                    stack.last_mut().unwrap().text.push_str(&s);
                }
                Event::Eof => break,
                _ => {}
            }
        }
        stack.pop().unwrap().children.remove(0)
    }

    /// The response wrapper of a SOAP answer (first child of Body).
    pub fn response(reply: &Reply) -> X {
        let env = X::parse(&reply.body);
        let body = env
            .children
            .iter()
            .find(|c| c.name == "Body")
            .expect("Body");
        body.children[0].clone()
    }

    /// Children named `name`.
    pub fn all<'a>(&'a self, name: &str) -> impl Iterator<Item = &'a X> + 'a {
        let name = name.to_string();
        self.children.iter().filter(move |c| c.name == name)
    }

    /// Follows a path `a/b[2]/c` (index from 0, default 0); `None` if absent.
    pub fn get<'a>(&'a self, path: &str) -> Option<&'a X> {
        let mut cur = self;
        for seg in path.split('/') {
            let (name, i) = match seg.split_once('[') {
                Some((n, rest)) => (n, rest.trim_end_matches(']').parse::<usize>().unwrap()),
                None => (seg, 0),
            };
            cur = cur.all(name).nth(i)?;
        }
        Some(cur)
    }

    /// The element at `path`, or a panic naming it.
    pub fn at(&self, path: &str) -> &X {
        self.get(path)
            .unwrap_or_else(|| panic!("no {path} under {}", self.name))
    }

    /// The text at `path` (`None` if absent or nil).
    pub fn text_at(&self, path: &str) -> Option<String> {
        self.get(path).filter(|x| !x.nil).map(|x| x.text.clone())
    }

    /// Every descendant (self included) named `name`.
    pub fn descendants<'a>(&'a self, name: &str, out: &mut Vec<&'a X>) {
        if self.name == name {
            out.push(self);
        }
        for c in &self.children {
            c.descendants(name, out);
        }
    }

    pub fn count(&self, name: &str) -> usize {
        let mut v = Vec::new();
        self.descendants(name, &mut v);
        v.len()
    }
}

/// The VETs of a `recupererSE_v3`/`_v4` answer as `ETP/VRS`, walking
/// `Return → listVersionDiplome → offreFormation → listEtape → listVersionEtape`.
pub fn vets(resp: &X) -> Vec<String> {
    let mut out = Vec::new();
    for d in resp.children.iter() {
        for v in d.at("listVersionDiplome").all("item") {
            for e in v.at("offreFormation/listEtape").all("item") {
                let etp = e.text_at("codEtp").unwrap_or_default();
                for t in e.at("listVersionEtape").all("item") {
                    out.push(format!(
                        "{etp}/{}",
                        t.text_at("codVrsVet").unwrap_or_default()
                    ));
                }
            }
        }
    }
    out
}
