//! `EtudiantMetier` requests built as real clients send them: every element of
//! the wrapper in schema order (JAX-WS leaves out a `null` parameter, PHP and
//! zeep send it empty), DTO fields in order with `xsi:nil` for what is unset.
#![allow(dead_code)]

use super::{op, Reply, TestApp};

pub const ETU_NS: &str = "gouv.education.apogee.commun.servicesmetiers.EtudiantMetier";
pub const ETU_NS_2017: &str =
    "gouv.education.apogee.commun.servicesmetiers.EtudiantMetier_04092017";
pub const ETU: &str = "EtudiantMetier";

/// How one parameter is sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum P {
    /// `<x xsi:nil="true"/>`.
    Nil,
    /// `<x/>` (PHP for `null` / `""`; zeep for `""`).
    Empty,
    /// Left out (JAX-WS for `null`).
    Absent,
    Text(String),
}

pub fn t(s: &str) -> P {
    P::Text(s.to_string())
}

fn param(name: &str, p: &P) -> String {
    match p {
        P::Nil => format!("<{name} xsi:nil=\"true\"/>"),
        P::Empty => format!("<{name}/>"),
        P::Absent => String::new(),
        P::Text(v) => format!("<{name}>{}</{name}>", xml(v)),
    }
}

pub fn xml(v: &str) -> String {
    v.replace('&', "&amp;").replace('<', "&lt;")
}

/// The parameters of `recupererIdentifiantsEtudiant_v2`, in schema order.
pub const IDENT_V2: &[&str] = &[
    "_codEtu",
    "_codInd",
    "_numINE",
    "_numBoursier",
    "_codOPI",
    "_nom",
    "_prenom",
    "_dateNaiss",
    "_temoinRecupAnnu",
];

/// The parameters of `recupererIdentifiantsEtudiant` (v1), in schema order.
pub const IDENT_V1: &[&str] = &[
    "_codEtu",
    "_codInd",
    "_numINE",
    "_cleINE",
    "_numBoursier",
    "_codOPI",
    "_nom",
    "_prenom",
    "_dateNaiss",
    "_temoinRecupAnnu",
];

/// A lookup: the keys given, every other parameter sent as `unset`.
#[derive(Debug, Clone)]
pub struct Ident {
    pub vals: Vec<(&'static str, P)>,
    pub unset: P,
}

impl Ident {
    pub fn new() -> Ident {
        Ident {
            vals: Vec::new(),
            unset: P::Empty,
        }
    }
    pub fn with(mut self, name: &'static str, v: &str) -> Ident {
        self.vals.push((name, t(v)));
        self
    }
    /// How the parameters not given are sent (default: empty, as PHP does).
    pub fn unset(mut self, p: P) -> Ident {
        self.unset = p;
        self
    }
    fn children(&self, names: &[&str]) -> String {
        names
            .iter()
            .map(|n| {
                let v = self
                    .vals
                    .iter()
                    .find(|(k, _)| k == n)
                    .map(|(_, v)| v.clone())
                    .unwrap_or_else(|| self.unset.clone());
                param(n, &v)
            })
            .collect()
    }
    pub fn v2(&self) -> String {
        op(
            ETU_NS,
            "recupererIdentifiantsEtudiant_v2",
            &self.children(IDENT_V2),
        )
    }
    pub fn v1(&self) -> String {
        op(
            ETU_NS,
            "recupererIdentifiantsEtudiant",
            &self.children(IDENT_V1),
        )
    }
}

pub fn by_cod_etu(cod_etu: &str) -> Ident {
    Ident::new()
        .with("_codEtu", cod_etu)
        .with("_temoinRecupAnnu", "N")
}

/// `recupererInfosAdmEtu_vN(_codEtu)`.
pub fn infos_adm(version: u8, cod_etu: P) -> String {
    op(
        ETU_NS,
        &format!("recupererInfosAdmEtu_v{version}"),
        &param("_codEtu", &cod_etu),
    )
}

/// `recupererAdressesEtudiant_v2(_codEtu, _annee, _recupAnnuaire)`.
pub fn adresses(cod_etu: P, annee: P, annu: P) -> String {
    op(
        ETU_NS,
        "recupererAdressesEtudiant_v2",
        &format!(
            "{}{}{}",
            param("_codEtu", &cod_etu),
            param("_annee", &annee),
            param("_recupAnnuaire", &annu)
        ),
    )
}

/// An `AdresseMajDTO`, every field in schema order.
#[derive(Debug, Clone, Default)]
pub struct AdrMaj {
    pub code_insee: Option<String>,
    pub code_postal: Option<String>,
    pub lib_ad1: Option<String>,
    pub lib_ad2: Option<String>,
    pub lib_ad3: Option<String>,
    pub lib_ade: Option<String>,
    pub num_tel: Option<String>,
    pub cod_pays: Option<String>,
}

fn nil_or(name: &str, v: &Option<String>) -> String {
    match v {
        Some(v) => format!("<{name}>{}</{name}>", xml(v)),
        None => format!("<{name} xsi:nil=\"true\"/>"),
    }
}

impl AdrMaj {
    pub fn france(cp: &str, insee: &str, l1: &str) -> AdrMaj {
        AdrMaj {
            code_insee: Some(insee.into()),
            code_postal: Some(cp.into()),
            lib_ad1: Some(l1.into()),
            cod_pays: Some("100".into()),
            ..AdrMaj::default()
        }
    }
    pub fn xml(&self, name: &str) -> String {
        format!(
            "<{name}><commune>{}{}</commune>{}{}{}{}{}{}</{name}>",
            nil_or("codeInsee", &self.code_insee),
            nil_or("codePostal", &self.code_postal),
            nil_or("libAd1", &self.lib_ad1),
            nil_or("libAd2", &self.lib_ad2),
            nil_or("libAd3", &self.lib_ad3),
            nil_or("libAde", &self.lib_ade),
            nil_or("numTel", &self.num_tel),
            nil_or("codPays", &self.cod_pays),
        )
    }
}

/// `mettreAJourAdressesEtudiant(CoordonneesMajDTO, _codEtu)`.
#[derive(Debug, Clone, Default)]
pub struct CoordMaj {
    pub type_hebergement: Option<String>,
    pub annuelle: Option<AdrMaj>,
    pub fixe: Option<AdrMaj>,
    pub email: Option<String>,
    pub num_tel_portable: Option<String>,
    pub annee: Option<String>,
}

impl CoordMaj {
    pub fn xml(&self, cod_etu: &str) -> String {
        let adr = |a: &Option<AdrMaj>, n: &str| match a {
            Some(a) => a.xml(n),
            None => format!("<{n} xsi:nil=\"true\"/>"),
        };
        op(
            ETU_NS,
            "mettreAJourAdressesEtudiant",
            &format!(
                "<_coordonnees>{}{}{}{}{}{}</_coordonnees><_codEtu>{cod_etu}</_codEtu>",
                nil_or("typeHebergement", &self.type_hebergement),
                adr(&self.annuelle, "adresseAnnuelle"),
                adr(&self.fixe, "adresseFixe"),
                nil_or("email", &self.email),
                nil_or("numTelPortable", &self.num_tel_portable),
                nil_or("annee", &self.annee),
            ),
        )
    }
}

/// `recupererListeEtudiants`: `annee`, étapes (code, versions), diplomas; every
/// other criterion nil, in schema order.
pub fn liste(annee: &str, etapes: &[(&str, &[&str])], diplomes: &[(&str, &[&str])]) -> String {
    let tab = |name: &str, l: &[(&str, &[&str])]| {
        if l.is_empty() {
            return format!("<{name} xsi:nil=\"true\"/>");
        }
        let items: String = l
            .iter()
            .map(|(c, vs)| {
                let v: String = vs
                    .iter()
                    .map(|v| format!("<listVersion>{v}</listVersion>"))
                    .collect();
                format!("<item><code>{c}</code>{v}</item>")
            })
            .collect();
        format!("<{name}>{items}</{name}>")
    };
    let nils = [
        "codeCollectionVET",
        "codeGroupeVET",
        "codeCollectionELP",
        "codeGroupeELP",
        "codeRegimeInscrETP",
        "sensEchInter",
        "codeEchInter",
        "maintienInscrAutreEtab",
        "temValAcquisXP",
        "temVesCii",
        "temVapp",
        "temPartInternational",
        "etatThese",
        "typeResultat",
        "objetResultat",
    ];
    let n = |name: &str| {
        debug_assert!(nils.contains(&name));
        format!("<{name} xsi:nil=\"true\"/>")
    };
    let body = format!(
        "<annee>{annee}</annee>{}{}{}{}{}{}{}{}{}{}{}{}{}{}{}{}{}",
        tab("listDiplomes", diplomes),
        tab("listEtapes", etapes),
        n("codeCollectionVET"),
        n("codeGroupeVET"),
        n("codeCollectionELP"),
        n("codeGroupeELP"),
        n("codeRegimeInscrETP"),
        n("sensEchInter"),
        n("codeEchInter"),
        n("maintienInscrAutreEtab"),
        n("temValAcquisXP"),
        n("temVesCii"),
        n("temVapp"),
        n("temPartInternational"),
        n("etatThese"),
        n("typeResultat"),
        n("objetResultat"),
    );
    op(
        ETU_NS,
        "recupererListeEtudiants",
        &format!("<_parametres>{body}</_parametres>"),
    )
}

impl TestApp {
    pub async fn etu(&self, body: &str) -> Reply {
        self.soap11(ETU, body).await
    }
}
