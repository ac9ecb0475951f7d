//! Building `mettreajourDonneesOpi_vN` requests the way real clients do: every
//! element of the version's DTOs in schema order, `xsi:nil` for what is unset.
#![allow(dead_code)]

use std::collections::BTreeMap;

pub const OPI_NS: &str = "gouv.education.apogee.commun.servicesmetiers.OpiMetier";

const VOEU1: &[&str] = &[
    "codAttDec",
    "codCge",
    "codCmp",
    "codDecVeu",
    "codDemDos",
    "codDip",
    "codEtp",
    "codMfo",
    "codSpe1Opi",
    "codSpe2Opi",
    "codSpe3Opi",
    "codTyd",
    "codVrsVdi",
    "codVrsVet",
    "convocation",
    "libCmtJur",
    "numCls",
    "temValPsd",
    "titreAccesExterne",
];
const VOEU2: &[&str] = &[
    "codAttDec",
    "codCge",
    "codCmp",
    "codDecVeu",
    "codCatOuiSi",
    "mtfCat",
    "codDemDos",
    "codDip",
    "codEtp",
    "codMfo",
    "codSpe1Opi",
    "codSpe2Opi",
    "codSpe3Opi",
    "codTyd",
    "codVrsVdi",
    "codVrsVet",
    "convocation",
    "libCmtJur",
    "numCls",
    "temValPsd",
    "titreAccesExterne",
    "ctrAdr",
];
const VOEU3: &[&str] = &[
    "codAttDec",
    "codCge",
    "codCmp",
    "codRge",
    "codDecVeu",
    "codCatOuiSi",
    "mtfCat",
    "codDemDos",
    "codDip",
    "codEtp",
    "codMfo",
    "codSpe1Opi",
    "codSpe2Opi",
    "codSpe3Opi",
    "codTyd",
    "codVrsVdi",
    "codVrsVet",
    "convocation",
    "libCmtJur",
    "numCls",
    "temValPsd",
    "titreAccesExterne",
    "ctrAdr",
    "codCatExoExt",
    "comExoExt",
];
const BAC1: &[&str] = &[
    "codBac",
    "codDep",
    "codEtb",
    "codMention",
    "codTpe",
    "daaObtBacOba",
];
const BAC2: &[&str] = &[
    "codBac",
    "codDep",
    "codEtb",
    "codMention",
    "codTpe",
    "daaObtBacOba",
    "codSpe1BacTer",
    "codSpe2BacTer",
    "codSpeBacPre",
    "codOpt1Bac",
    "codOpt2Bac",
    "codOpt3Bac",
    "codOpt4Bac",
];
const ETAT_CIVIL: &[&str] = &[
    "codNneIndOpi",
    "codSexEtuOpi",
    "libNomPatIndOpi",
    "libNomUsuIndOpi",
    "libPr1IndOpi",
    "libPr2IndOpi",
    "libPr3IndOpi",
];
const NAISSANCE: &[&str] = &[
    "codDepPayNai",
    "codPayNat",
    "codTypDepPayNai",
    "dateNaiIndOpi",
    "codComNaiEtuOpi",
    "libVilNaiEtuOpi",
    "temDateNaiRelOpi",
];
const ADRESSE: &[&str] = &[
    "codBdi", "codCom", "codPay", "lib1", "lib2", "lib3", "libAde", "numTel",
];

/// A wish: element name → value (unset elements are sent as `xsi:nil`).
pub type Fields = BTreeMap<&'static str, String>;

pub fn voeu(cge: &str, etp: &str, vet: u32, cls: u32) -> Fields {
    let mut f = Fields::new();
    f.insert("codCge", cge.into());
    f.insert("codEtp", etp.into());
    f.insert("codVrsVet", vet.to_string());
    f.insert("numCls", cls.to_string());
    f.insert("codDemDos", "C".into());
    f.insert("codDecVeu", "F".into());
    f
}

/// What the wish list element carries.
#[derive(Clone, Debug)]
pub enum VoeuxReq {
    /// `<voeux xsi:nil="true"/>`
    Nil,
    /// `<voeux>` with these items (none: no item at all).
    Items(Vec<Fields>),
    /// One empty `<item/>` with every child nil (eCandidat's "delete all").
    EmptyItem,
}

#[derive(Clone, Debug)]
pub struct OpiReq {
    pub version: u8,
    pub etat_civil: Fields,
    pub naissance: Fields,
    pub cod_opi_int_epo: String,
    pub adresse_fixe: Option<Fields>,
    pub bac: Option<Fields>,
    pub voeux: VoeuxReq,
}

impl OpiReq {
    /// A valid OPI with accented names and two wishes.
    pub fn new(version: u8, key: &str) -> OpiReq {
        let mut etat_civil = Fields::new();
        etat_civil.insert("codSexEtuOpi", "F".into());
        etat_civil.insert("libNomPatIndOpi", "LEFÈVRE".into());
        etat_civil.insert("libPr1IndOpi", "ÉLODIE".into());
        etat_civil.insert("libPr2IndOpi", "Œ".into());
        etat_civil.insert("codNneIndOpi", "1234567890A".into());
        let mut naissance = Fields::new();
        naissance.insert("dateNaiIndOpi", "14032006".into());
        naissance.insert("temDateNaiRelOpi", "N".into());
        naissance.insert("codTypDepPayNai", "D".into());
        naissance.insert("codDepPayNai", "069".into());
        let mut adresse = Fields::new();
        adresse.insert("codBdi", "38000".into());
        adresse.insert("codPay", "100".into());
        adresse.insert("lib1", "7 place Grenette".into());
        let mut bac = Fields::new();
        bac.insert("codBac", "0031".into());
        bac.insert("daaObtBacOba", "2024".into());
        OpiReq {
            version,
            etat_civil,
            naissance,
            cod_opi_int_epo: key.into(),
            adresse_fixe: Some(adresse),
            bac: Some(bac),
            voeux: VoeuxReq::Items(vec![
                voeu("SC1", "L1INF", 101, 1),
                voeu("DR1", "L1DRT", 101, 2),
            ]),
        }
    }

    pub fn with_voeux(mut self, v: VoeuxReq) -> Self {
        self.voeux = v;
        self
    }

    /// The operation element (Body content).
    pub fn xml(&self) -> String {
        let mut x = String::with_capacity(4096);
        let v = self.version;
        x.push_str(&format!(
            "<ns1:mettreajourDonneesOpi_v{v} xmlns:ns1=\"{OPI_NS}\"><_donneesOpi>"
        ));
        x.push_str("<adresseAnnuelle xsi:nil=\"true\"/>");
        block(&mut x, "adresseFixe", ADRESSE, self.adresse_fixe.as_ref());
        block(
            &mut x,
            "bac",
            if v >= 10 { BAC2 } else { BAC1 },
            self.bac.as_ref(),
        );
        x.push_str("<dac xsi:nil=\"true\"/>");
        x.push_str("<individu><codEtuOpi xsi:nil=\"true\"/>");
        x.push_str(&format!(
            "<codOpiIntEpo>{}</codOpiIntEpo>",
            esc(&self.cod_opi_int_epo)
        ));
        x.push_str("<dernierDiplObt xsi:nil=\"true\"/><dernierEtbFrequente xsi:nil=\"true\"/>");
        block(&mut x, "donneesNaissance", NAISSANCE, Some(&self.naissance));
        x.push_str("<donneesPersonnelles xsi:nil=\"true\"/>");
        block(&mut x, "etatCivil", ETAT_CIVIL, Some(&self.etat_civil));
        x.push_str("<inscriptionParallele xsi:nil=\"true\"/><premiereInscription xsi:nil=\"true\"/><prgEchange xsi:nil=\"true\"/><situationAnnPre xsi:nil=\"true\"/>");
        x.push_str("</individu>");
        let voeu_fields = match v {
            7 => VOEU1,
            8 => VOEU2,
            _ => VOEU3,
        };
        match &self.voeux {
            VoeuxReq::Nil => x.push_str("<voeux xsi:nil=\"true\"/>"),
            VoeuxReq::Items(items) => {
                x.push_str("<voeux>");
                if v >= 10 {
                    x.push_str("<modEnv xsi:nil=\"true\"/>");
                }
                for it in items {
                    block(&mut x, "item", voeu_fields, Some(it));
                }
                x.push_str("</voeux>");
            }
            VoeuxReq::EmptyItem => {
                x.push_str("<voeux>");
                if v >= 10 {
                    x.push_str("<modEnv xsi:nil=\"true\"/>");
                }
                block(&mut x, "item", voeu_fields, Some(&Fields::new()));
                x.push_str("</voeux>");
            }
        }
        x.push_str("<donneesThese xsi:nil=\"true\"/>");
        x.push_str(&format!("</_donneesOpi></ns1:mettreajourDonneesOpi_v{v}>"));
        x
    }
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn block(x: &mut String, name: &str, order: &[&str], values: Option<&Fields>) {
    let Some(values) = values else {
        x.push_str(&format!("<{name} xsi:nil=\"true\"/>"));
        return;
    };
    for k in values.keys() {
        assert!(
            order.contains(k),
            "{k} is not a child of {name} in this version"
        );
    }
    x.push_str(&format!("<{name}>"));
    for f in order {
        match values.get(f) {
            Some(v) => x.push_str(&format!("<{f}>{}</{f}>", esc(v))),
            None => x.push_str(&format!("<{f} xsi:nil=\"true\"/>")),
        }
    }
    x.push_str(&format!("</{name}>"));
}
