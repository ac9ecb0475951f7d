//! `AdministratifMetier` and `PedagogiqueMetier` requests built as their real
//! clients send them: every parameter in WSDL order; a Java `null` in a
//! non-nillable parameter is an absent element (JAX-WS, as esup-mdw's
//! `recupererAnneesIa(codEtu, null)`), [`P::Nil`] and [`P::Empty`] the PHP/zeep
//! spellings. Plus the students of the demo cast (`individu` rows) as a dossier,
//! since the demo registrations refer to them.
#![allow(dead_code)]

use super::{op, Reply, TestApp};
use passerelle::store::dossier::{self, Format};

pub const ADM_NS: &str = "gouv.education.apogee.commun.servicesmetiers.AdministratifMetier";
pub const ADM_NS_2019: &str =
    "gouv.education.apogee.commun.servicesmetiers.AdministratifMetier_07052019";
pub const PED_NS: &str = "gouv.education.apogee.commun.servicesmetiers.PedagogiqueMetier";
pub const PED_NS_2015: &str =
    "gouv.education.apogee.commun.servicesmetiers.PedagogiqueMetier_04082015";
pub const ADM: &str = "AdministratifMetier";
pub const PED: &str = "PedagogiqueMetier";

/// The demo cast of STUDENTS.md §3 (individu only: the registrations come
/// with the demo data set).
pub const INDIVIDUS: &str = r#"
individu:
  - {cod_ind: 1001, cod_etu: 21000001, lib_nom_pat_ind: MARTIN, lib_pr1_ind: CAMILLE, date_nai_ind: "2003-04-12", cod_nne_ind: "1234567890", cod_cle_nne_ind: A}
  - {cod_ind: 1002, cod_etu: 21000002, lib_nom_pat_ind: LEFEVRE, lib_pr1_ind: LEA, date_nai_ind: "2005-11-30", cod_ind_opi: 1}
  - {cod_ind: 1003, cod_etu: 21000003, lib_nom_pat_ind: DUPONT-ÉLOI, lib_pr1_ind: ŒDIPE, date_nai_ind: "2004-02-29"}
  - {cod_ind: 1004, cod_etu: 21000004, lib_nom_pat_ind: BERNARD, lib_pr1_ind: HUGO, date_nai_ind: "2001-06-21", num_brs_etu: B123456}
  - {cod_ind: 1005, cod_etu: 21000005, lib_nom_pat_ind: PETIT, lib_pr1_ind: JULES, date_nai_ind: "2006-01-15"}
"#;

pub const CAMILLE: &str = "21000001";
pub const LEA: &str = "21000002";
pub const OEDIPE: &str = "21000003";
pub const HUGO: &str = "21000004";
pub const SANS_IA: &str = "21000005";
pub const INCONNU: &str = "29999999";

/// Loads a dossier (YAML) through `Store::import_dossier`.
pub async fn import(app: &TestApp, yaml: &str) {
    let d = dossier::parse(yaml, Format::Yaml).expect("fixture parses");
    app.store()
        .await
        .import_dossier(&d)
        .await
        .expect("fixture imported");
}

/// A demo server with the demo students' `individu` rows.
pub async fn app(backend: super::Backend) -> TestApp {
    let app = TestApp::spawn(backend).await;
    import(&app, INDIVIDUS).await;
    app
}

/// How a parameter is sent.
#[derive(Debug, Clone, Copy)]
pub enum P<'a> {
    /// `<_x>v</_x>`.
    V(&'a str),
    /// Not sent (JAX-WS for `null`).
    Absent,
    /// `<_x xsi:nil="true"/>`.
    Nil,
    /// `<_x/>` (PHP for `null`).
    Empty,
}

impl<'a> From<&'a str> for P<'a> {
    fn from(v: &'a str) -> Self {
        P::V(v)
    }
}

impl<'a> From<Option<&'a str>> for P<'a> {
    fn from(v: Option<&'a str>) -> Self {
        v.map_or(P::Absent, P::V)
    }
}

pub fn params(list: &[(&str, P<'_>)]) -> String {
    list.iter()
        .map(|(n, p)| match p {
            P::V(v) => format!("<{n}>{v}</{n}>"),
            P::Absent => String::new(),
            P::Nil => format!("<{n} xsi:nil=\"true\"/>"),
            P::Empty => format!("<{n}/>"),
        })
        .collect()
}

impl TestApp {
    pub async fn recuperer_annees_ia<'a>(&self, cod_etu: &str, etat: impl Into<P<'a>>) -> Reply {
        let body = params(&[
            ("_codEtu", cod_etu.into()),
            ("_etatInscriptionIA", etat.into()),
        ]);
        self.soap11(ADM, &op(ADM_NS, "recupererAnneesIa", &body))
            .await
    }

    pub async fn recuperer_ia_annuelles_v2(&self, cod_etu: &str, annee: &str, etat: &str) -> Reply {
        let body = params(&[
            ("_codEtu", cod_etu.into()),
            ("_annee", annee.into()),
            ("_etatIAA", etat.into()),
        ]);
        self.soap11(ADM, &op(ADM_NS, "recupererIAAnnuelles_v2", &body))
            .await
    }

    /// `recupererIAEtapes_v3` (`version` 3) or `_v2`.
    pub async fn recuperer_ia_etapes(
        &self,
        version: u8,
        cod_etu: &str,
        annee: &str,
        iaa: &str,
        iae: &str,
    ) -> Reply {
        let body = params(&[
            ("_codEtu", cod_etu.into()),
            ("_annee", annee.into()),
            ("_etatIAA", iaa.into()),
            ("_etatIAE", iae.into()),
        ]);
        self.soap11(
            ADM,
            &op(ADM_NS, &format!("recupererIAEtapes_v{version}"), &body),
        )
        .await
    }

    /// `recupererContratPedagogiqueResultatVdiVet_v2` as esup-mdw sends it.
    #[allow(clippy::too_many_arguments)]
    pub async fn vdi_vet_v2<'a>(
        &self,
        cod_etu: &str,
        cod_anu: &str,
        source: &str,
        etat_delib: impl Into<P<'a>>,
        cod_ses: &str,
        type_res: &str,
        eta_iae: &str,
    ) -> Reply {
        let body = params(&[
            ("_codEtu", cod_etu.into()),
            ("_codAnu", cod_anu.into()),
            ("_sourceRes", source.into()),
            ("_etatDelib", etat_delib.into()),
            ("_codSes", cod_ses.into()),
            ("_typeRes", type_res.into()),
            ("_codEtaIae", eta_iae.into()),
        ]);
        self.soap11(
            PED,
            &op(
                PED_NS,
                "recupererContratPedagogiqueResultatVdiVet_v2",
                &body,
            ),
        )
        .await
    }

    /// `recupererContratPedagogiqueResultatElpEpr_v6`, or `_v5` when `eta_iae` is `None`.
    #[allow(clippy::too_many_arguments)]
    pub async fn elp_epr<'a>(
        &self,
        cod_etu: &str,
        cod_anu: &str,
        cod_etp: &str,
        cod_vrs_vet: &str,
        etat_delib: impl Into<P<'a>>,
        cod_ses: &str,
        type_res: &str,
        eta_iae: Option<&str>,
    ) -> Reply {
        let mut list = vec![
            ("_codEtu", P::from(cod_etu)),
            ("_codAnu", cod_anu.into()),
            ("_codEtp", cod_etp.into()),
            ("_codVrsVet", cod_vrs_vet.into()),
            ("_sourceRes", "Apogee".into()),
            ("_etatDelib", etat_delib.into()),
            ("_codSes", cod_ses.into()),
            ("_typeRes", type_res.into()),
        ];
        let name = match eta_iae {
            Some(e) => {
                list.push(("_codEtaIae", e.into()));
                "recupererContratPedagogiqueResultatElpEpr_v6"
            }
            None => "recupererContratPedagogiqueResultatElpEpr_v5",
        };
        self.soap11(PED, &op(PED_NS, name, &params(&list))).await
    }

    pub async fn annees_ip_resultat(&self, cod_etu: &str) -> Reply {
        let body = params(&[("_codEtu", cod_etu.into())]);
        self.soap11(PED, &op(PED_NS, "recupererAnneesIPResultat", &body))
            .await
    }
}

/// The texts of every `<local>` element, in document order.
pub fn all_texts(body: &str, local: &str) -> Vec<String> {
    let open = format!("<{local}>");
    body.match_indices(&open)
        .map(|(i, _)| {
            let rest = &body[i + open.len()..];
            rest[..rest.find('<').unwrap_or(0)].to_string()
        })
        .collect()
}
