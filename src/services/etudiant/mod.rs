//! `EtudiantMetier`: a student's identifiers, administrative record and
//! addresses, the address update and lists of students, as ENT portals
//! (esup-mondossierweb), applicant platforms (eCandidat) and internship tools
//! (esup-siscol, esup-pstage) call them.
//!
//! Conventions (reference §1.5, §1.6):
//! * a parameter that is nil, empty or absent is "not given";
//! * `_codEtu` that is not an integer: `technical.parameter.noncoherentinput.codEtu`;
//!   a student that does not exist: `technical.data.nullretrieve.etudiant`;
//! * `recupererIdentifiantsEtudiant*` finds the student by any one key
//!   (`_codEtu`, `_codInd`, `_numINE` (+ `_cleINE` in v1), `_numBoursier`,
//!   `_codOPI`, or `_nom` + `_prenom` + `_dateNaiss` (`ddMMyyyy`), names compared
//!   without accents, case or punctuation); every key given must match. No key:
//!   `technical.parameter.nonpresentinput.identifiant`; a name without first
//!   name or birth date: `technical.parameter.nonpresentinput.<missing>`. More
//!   than one student: `technical.data.multipleretrieve.etudiant` (never a guess);
//! * `recupererAdressesEtudiant_v2`: the annual address of `_annee` (the latest
//!   year when not given) and the fixed address; no annual address for that
//!   year: `technical.data.nullretrieve.findIAA`;
//! * `mettreAJourAdressesEtudiant`: the blocks sent are written in one
//!   transaction; a block not sent (nil) is left as stored.

pub mod dto;

use super::{Ctx, OpFuture, Operation, ServiceDef, ServiceError};
use crate::soap::dto::DecodeError;
use crate::soap::dto::Dto;
use crate::soap::Node;
use crate::store::etudiant::{
    self as store, Adresse, AdresseMaj, Bac, Blocage, CodeVersions, CoordonneesMaj, Individu,
    Lookup,
};
use dto::*;

pub const NS: &str = "gouv.education.apogee.commun.servicesmetiers.EtudiantMetier";

crate::dto! { pub struct RecupererTypeHebergement ("recupererTypeHebergement", "") {
    code: Option<String> = "_code",
    temoin_service: Option<String> = "_temoinService",
    temoin_ad: Option<String> = "_temoinAD",
} }
crate::dto! { pub struct RecupererTypeHebergementResponse ("recupererTypeHebergementResponse", "") {
    ret: Vec<TypeHebergementDTO> = "recupererTypeHebergementReturn",
} }
crate::dto! { pub struct RecupererIdentifiantsEtudiant ("recupererIdentifiantsEtudiant", "") {
    cod_etu: Option<String> = "_codEtu",
    cod_ind: Option<String> = "_codInd",
    num_ine: Option<String> = "_numINE",
    cle_ine: Option<String> = "_cleINE",
    num_boursier: Option<String> = "_numBoursier",
    cod_opi: Option<String> = "_codOPI",
    nom: Option<String> = "_nom",
    prenom: Option<String> = "_prenom",
    date_naiss: Option<String> = "_dateNaiss",
    temoin_recup_annu: Option<String> = "_temoinRecupAnnu",
} }
crate::dto! { pub struct RecupererIdentifiantsEtudiantV2 ("recupererIdentifiantsEtudiant_v2", "") {
    cod_etu: Option<String> = "_codEtu",
    cod_ind: Option<String> = "_codInd",
    num_ine: Option<String> = "_numINE",
    num_boursier: Option<String> = "_numBoursier",
    cod_opi: Option<String> = "_codOPI",
    nom: Option<String> = "_nom",
    prenom: Option<String> = "_prenom",
    date_naiss: Option<String> = "_dateNaiss",
    temoin_recup_annu: Option<String> = "_temoinRecupAnnu",
} }
crate::dto! { pub struct RecupererIdentifiantsEtudiantResponse ("recupererIdentifiantsEtudiantResponse", "") {
    ret: Option<IdentifiantsEtudiantDTO> = "recupererIdentifiantsEtudiantReturn",
} }
crate::dto! { pub struct RecupererIdentifiantsEtudiantV2Response ("recupererIdentifiantsEtudiant_v2Response", "") {
    ret: Option<IdentifiantsEtudiantDTO2> = "recupererIdentifiantsEtudiant_v2Return",
} }
crate::dto! { pub struct CodEtuRequest ("recupererInfosAdmEtu", "") {
    cod_etu: Option<String> = "_codEtu",
} }
crate::dto! { pub struct RecupererInfosAdmEtuV2Response ("recupererInfosAdmEtu_v2Response", "") {
    ret: Option<InfoAdmEtuDTO2> = "recupererInfosAdmEtu_v2Return",
} }
crate::dto! { pub struct RecupererInfosAdmEtuV3Response ("recupererInfosAdmEtu_v3Response", "") {
    ret: Option<InfoAdmEtuDTO3> = "recupererInfosAdmEtu_v3Return",
} }
crate::dto! { pub struct RecupererInfosAdmEtuV4Response ("recupererInfosAdmEtu_v4Response", "") {
    ret: Option<InfoAdmEtuDTO4> = "recupererInfosAdmEtu_v4Return",
} }
crate::dto! { pub struct RecupererAdressesEtudiantV2 ("recupererAdressesEtudiant_v2", "") {
    cod_etu: Option<String> = "_codEtu",
    annee: Option<String> = "_annee",
    recup_annuaire: Option<String> = "_recupAnnuaire",
} }
crate::dto! { pub struct RecupererAdressesEtudiantV2Response ("recupererAdressesEtudiant_v2Response", "") {
    ret: Option<CoordonneesDTO2> = "recupererAdressesEtudiantReturn",
} }
crate::dto! { pub struct MettreAJourAdressesEtudiant ("mettreAJourAdressesEtudiant", "") {
    coordonnees: Option<CoordonneesMajDTO> = "_coordonnees",
    cod_etu: Option<String> = "_codEtu",
} }
crate::dto! { pub struct EmptyResponse ("mettreAJourAdressesEtudiantResponse", "") {} }
crate::dto! { pub struct RecupererListeEtudiants ("recupererListeEtudiants", "") {
    parametres: Option<EtudiantCritereDTO> = "_parametres",
} }
crate::dto! { pub struct RecupererListeEtudiantsResponse ("recupererListeEtudiantsResponse", "") {
    etudiant: Vec<EtudiantDTO2> = "etudiant",
} }

macro_rules! op {
    ($name:literal, $handler:expr, $input:ty, $output:ty, $doc:literal) => {
        Operation {
            name: $name,
            response: concat!($name, "Response"),
            input_message: concat!($name, "Request"),
            output_message: concat!($name, "Response"),
            handler: $handler,
            input_xsd: <$input>::xsd_sequence,
            output_xsd: <$output>::xsd_sequence,
            doc: $doc,
        }
    };
}

pub static SERVICE: ServiceDef = ServiceDef {
    port: "EtudiantMetier",
    namespace: NS,
    accepted_namespaces: &[
        NS,
        "gouv.education.apogee.commun.servicesmetiers.EtudiantMetier_04092017",
        "gouv.education.apogee.commun.servicesmetiers.EtudiantMetier_28012016",
        "gouv.education.apogee.commun.servicesmetiers.EtudiantMetier_10112011",
    ],
    doc: "Dossier étudiant : identifiants, données administratives, adresses, listes d'étudiants.",
    operations: &[
        op!(
            "recupererTypeHebergement",
            recuperer_type_hebergement,
            RecupererTypeHebergement,
            RecupererTypeHebergementResponse,
            "Types d'hébergement (tous si _code n'est pas donné ; _temoinService O/N/T)."
        ),
        op!(
            "recupererIdentifiantsEtudiant",
            recuperer_identifiants_v1,
            RecupererIdentifiantsEtudiant,
            RecupererIdentifiantsEtudiantResponse,
            "Identifiants d'un étudiant par une clé (v1 : INE et clé séparés)."
        ),
        op!(
            "recupererIdentifiantsEtudiant_v2",
            recuperer_identifiants_v2,
            RecupererIdentifiantsEtudiantV2,
            RecupererIdentifiantsEtudiantV2Response,
            "Identifiants d'un étudiant par une clé : n° étudiant, cod_ind, INE, n° boursier, OPI ou nom + prénom + date de naissance."
        ),
        op!(
            "recupererAdressesEtudiant_v2",
            recuperer_adresses_v2,
            RecupererAdressesEtudiantV2,
            RecupererAdressesEtudiantV2Response,
            "Adresse annuelle (dernière année si _annee n'est pas donnée) et adresse fixe."
        ),
        op!(
            "mettreAJourAdressesEtudiant",
            mettre_a_jour_adresses,
            MettreAJourAdressesEtudiant,
            EmptyResponse,
            "Mise à jour des adresses, e-mail et portable d'un étudiant (une transaction)."
        ),
        op!(
            "recupererInfosAdmEtu_v2",
            recuperer_infos_adm_v2,
            CodEtuRequest,
            RecupererInfosAdmEtuV2Response,
            "Données administratives (InfoAdmEtuDTO2)."
        ),
        op!(
            "recupererInfosAdmEtu_v3",
            recuperer_infos_adm_v3,
            CodEtuRequest,
            RecupererInfosAdmEtuV3Response,
            "Données administratives (InfoAdmEtuDTO3)."
        ),
        op!(
            "recupererInfosAdmEtu_v4",
            recuperer_infos_adm_v4,
            CodEtuRequest,
            RecupererInfosAdmEtuV4Response,
            "Données administratives, bacs avec spécialités (InfoAdmEtuDTO4)."
        ),
        op!(
            "recupererListeEtudiants",
            recuperer_liste_etudiants,
            RecupererListeEtudiants,
            RecupererListeEtudiantsResponse,
            "Étudiants inscrits une année à des étapes ou diplômes."
        ),
    ],
};

/// A value that is absent, nil or blank is "not given".
fn given(v: &Option<String>) -> Option<String> {
    v.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

fn noncoherent(what: &str, path: String, reason: impl Into<String>) -> ServiceError {
    ServiceError::invalid(
        &format!("technical.parameter.noncoherentinput.{what}"),
        path,
        reason,
    )
}

fn nonpresent(what: &str, path: String, reason: impl Into<String>) -> ServiceError {
    ServiceError::invalid(
        &format!("technical.parameter.nonpresentinput.{what}"),
        path,
        reason,
    )
}

fn no_student(reason: String) -> ServiceError {
    ServiceError::NotFound {
        code: "technical.data.nullretrieve.etudiant".into(),
        reason,
    }
}

/// An integer parameter (`_codEtu`, `_codInd`), or the fault naming it.
fn integer(v: &Option<String>, field: &str) -> Result<Option<i32>, ServiceError> {
    match given(v) {
        None => Ok(None),
        Some(s) => s.parse::<i32>().map(Some).map_err(|_| {
            noncoherent(
                field.trim_start_matches('_'),
                field.to_string(),
                format!("{field} « {s} » is not a number"),
            )
        }),
    }
}

/// `_codEtu` of an operation that needs it.
fn cod_etu(v: &Option<String>) -> Result<i32, ServiceError> {
    integer(v, "_codEtu")?.ok_or_else(|| {
        nonpresent(
            "codEtu",
            "_codEtu".into(),
            "_codEtu (the student number) is required",
        )
    })
}

/// `O` / `N` (not given: `N`).
fn temoin_on(v: &Option<String>, field: &str) -> Result<bool, ServiceError> {
    match given(v).map(|s| s.to_ascii_uppercase()).as_deref() {
        None | Some("N") => Ok(false),
        Some("O") => Ok(true),
        Some(other) => Err(noncoherent(
            field.trim_start_matches('_'),
            field.to_string(),
            format!("{field} « {other} » is neither O nor N"),
        )),
    }
}

/// `ddMMyyyy` (or `dd/MM/yyyy`) → `YYYY-MM-DD`.
fn date_naiss(v: &str) -> Result<String, ServiceError> {
    let digits: String = v.chars().filter(|c| *c != '/').collect();
    let bad = || {
        noncoherent(
            "dateNaiss",
            "_dateNaiss".into(),
            format!("_dateNaiss « {v} » is not a date ddMMyyyy"),
        )
    };
    if digits.len() != 8 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    let (d, m, y) = (&digits[0..2], &digits[2..4], &digits[4..8]);
    let month = time::Month::try_from(m.parse::<u8>().map_err(|_| bad())?).map_err(|_| bad())?;
    time::Date::from_calendar_date(
        y.parse().map_err(|_| bad())?,
        month,
        d.parse().map_err(|_| bad())?,
    )
    .map_err(|_| bad())?;
    Ok(format!("{y}-{m}-{d}"))
}

/// The lookup keys of both versions of `recupererIdentifiantsEtudiant`.
#[allow(clippy::too_many_arguments)]
fn lookup(
    cod_etu: &Option<String>,
    cod_ind: &Option<String>,
    ine: Option<String>,
    num_boursier: &Option<String>,
    cod_opi: &Option<String>,
    nom: &Option<String>,
    prenom: &Option<String>,
    date: &Option<String>,
) -> Result<Lookup, ServiceError> {
    let mut k = Lookup {
        cod_etu: integer(cod_etu, "_codEtu")?,
        cod_ind: integer(cod_ind, "_codInd")?,
        ine: ine.map(|s| s.to_uppercase()),
        num_boursier: given(num_boursier),
        cod_opi: given(cod_opi),
        ..Lookup::default()
    };
    let (nom, prenom, date) = (given(nom), given(prenom), given(date));
    if nom.is_some() || prenom.is_some() || date.is_some() {
        for (v, f) in [(&nom, "_nom"), (&prenom, "_prenom"), (&date, "_dateNaiss")] {
            if v.is_none() {
                return Err(nonpresent(
                    f.trim_start_matches('_'),
                    f.to_string(),
                    format!("a lookup by name needs _nom, _prenom and _dateNaiss; {f} is missing"),
                ));
            }
        }
        k.date_nai = Some(date_naiss(date.as_deref().unwrap_or_default())?);
        k.nom = nom;
        k.prenom = prenom;
    }
    if k == Lookup::default() {
        return Err(nonpresent(
            "identifiant",
            "_codEtu".into(),
            "give one key: _codEtu, _codInd, _numINE, _numBoursier, _codOPI, or _nom + _prenom + _dateNaiss",
        ));
    }
    Ok(k)
}

/// The one student matching `k`.
async fn find_one(ctx: &Ctx, k: &Lookup) -> Result<Individu, ServiceError> {
    let mut found = store::identify(&*ctx.store, k).await?;
    match found.len() {
        0 => Err(no_student("No student matches the identifiers given.".into())),
        1 => Ok(found.remove(0)),
        n => Err(ServiceError::NotFound {
            code: "technical.data.multipleretrieve.etudiant".into(),
            reason: format!(
                "{n} students match the identifiers given; give a key that designates one (student number, INE)"
            ),
        }),
    }
}

fn annuaire(i: &Individu, on: bool) -> (Option<String>, Option<String>) {
    if on {
        (i.adr_mail_annuaire.clone(), i.lib_login_annuaire.clone())
    } else {
        (None, None)
    }
}

fn recuperer_identifiants_v1(ctx: Ctx, node: &Node) -> OpFuture {
    let r = RecupererIdentifiantsEtudiant::decode(node, "");
    super::xml(async move {
        let r = r?;
        let annu = temoin_on(&r.temoin_recup_annu, "_temoinRecupAnnu")?;
        let ine =
            given(&r.num_ine).map(|n| format!("{n}{}", given(&r.cle_ine).unwrap_or_default()));
        let k = lookup(
            &r.cod_etu,
            &r.cod_ind,
            ine,
            &r.num_boursier,
            &r.cod_opi,
            &r.nom,
            &r.prenom,
            &r.date_naiss,
        )?;
        let i = find_one(&ctx, &k).await?;
        let (email, login) = annuaire(&i, annu);
        Ok(RecupererIdentifiantsEtudiantResponse {
            ret: Some(IdentifiantsEtudiantDTO {
                cle_ine: i.cod_cle_nne_ind.clone(),
                cod_etu: i.cod_etu,
                cod_ind: Some(i.cod_ind),
                email_annuaire: email,
                login_annuaire: login,
                num_boursier: i.num_brs_etu.clone(),
                numero_ine: i.cod_nne_ind.clone(),
            }),
        }
        .to_xml())
    })
}

fn recuperer_identifiants_v2(ctx: Ctx, node: &Node) -> OpFuture {
    let r = RecupererIdentifiantsEtudiantV2::decode(node, "");
    super::xml(async move {
        let r = r?;
        let annu = temoin_on(&r.temoin_recup_annu, "_temoinRecupAnnu")?;
        let k = lookup(
            &r.cod_etu,
            &r.cod_ind,
            given(&r.num_ine),
            &r.num_boursier,
            &r.cod_opi,
            &r.nom,
            &r.prenom,
            &r.date_naiss,
        )?;
        let i = find_one(&ctx, &k).await?;
        let (email, login) = annuaire(&i, annu);
        Ok(RecupererIdentifiantsEtudiantV2Response {
            ret: Some(IdentifiantsEtudiantDTO2 {
                cod_etu: i.cod_etu,
                cod_ind: Some(i.cod_ind),
                email_annuaire: email,
                login_annuaire: login,
                num_boursier: i.num_brs_etu.clone(),
                numero_ine: i.ine(),
            }),
        }
        .to_xml())
    })
}

/// The parts of an `InfoAdmEtuDTO*` every version shares.
struct InfoParts {
    departement: Option<DepartementDTO>,
    pays: Option<PaysDTO>,
    etb: Option<EtablissementDTO>,
    handicap: Option<TypHandicapCourtDTO>,
    nationalite: Option<NationaliteDTO>,
    fam: Option<SitFamCourtDTO>,
    mil: Option<SitMilCourtDTO>,
    date: Option<DateTime>,
    blocages: Vec<BlocageDTO>,
}

fn info_parts(i: &Individu, blocages: &[Blocage]) -> InfoParts {
    let typ = i.cod_typ_dep_pay_nai.as_deref();
    InfoParts {
        departement: (typ == Some("D"))
            .then(|| DepartementDTO {
                code_dept: i.cod_dep_pay_nai.clone(),
                lib_dept: i.lib_dep_pay_nai.clone(),
                tem_en_sve_dept: i.tem_en_sve_dep_nai.clone(),
            })
            .filter(|d| d.code_dept.is_some()),
        pays: (typ == Some("P"))
            .then(|| PaysDTO {
                cod_pay: i.cod_dep_pay_nai.clone(),
                lib_pay: i.lib_dep_pay_nai.clone(),
            })
            .filter(|p| p.cod_pay.is_some()),
        etb: i.cod_etb.as_ref().map(|c| EtablissementDTO {
            code_etb: Some(c.clone()),
            lib_etb: i.lib_etb.clone(),
        }),
        handicap: i.cod_thp.as_ref().map(|c| TypHandicapCourtDTO {
            code_handicap: Some(c.clone()),
            lib_handicap: i.lic_thp.clone(),
            lib_thp: i.lib_thp.clone(),
        }),
        nationalite: i.cod_pay_nat.as_ref().map(|c| NationaliteDTO {
            code_nationalite: Some(c.clone()),
            lib_nationalite: i.lib_nat.clone(),
        }),
        fam: i.cod_fam.as_ref().map(|c| SitFamCourtDTO {
            code_fam: Some(c.clone()),
            lib_fam: i.lic_fam.clone(),
            lib_long_fam: i.lib_fam.clone(),
        }),
        mil: i.cod_sim.as_ref().map(|c| SitMilCourtDTO {
            code_mil: Some(c.clone()),
            lib_mil: i.lic_sim.clone(),
            lib_sim: i.lib_sim.clone(),
        }),
        date: Some(DateTime(format!("{}T00:00:00", i.date_nai_ind))),
        blocages: blocages
            .iter()
            .map(|b| BlocageDTO {
                cod_blocage: Some(b.cod_blo.clone()),
                etape_blocage: b.cod_etp.as_ref().map(|e| EtapeDTO {
                    cod_etp: Some(e.clone()),
                    lib_etp: b.lib_etp.clone(),
                }),
                lib_blocage: b.lib_blo.clone(),
                typ_blocage: b.cod_tbl.as_ref().map(|t| TypeBlocageDTO {
                    cod_typ_blocage: Some(t.clone()),
                    lib_typ_blocage: b.lib_tbl.clone(),
                }),
            })
            .collect(),
    }
}

fn ind_bac(b: &Bac) -> IndBacDTO {
    IndBacDTO {
        libelle_bac: b.lib_bac.clone(),
        annee_obtention_bac: b.daa_obt_bac_iba.clone(),
        cod_bac: Some(b.cod_bac.clone()),
        departement_bac: b.cod_dep.as_ref().map(|d| DepartementCourtDTO {
            code_dept: Some(d.clone()),
            lib_dept: b.lib_dep.clone(),
        }),
        etb_bac: b.cod_etb.as_ref().map(|e| EtablissementDTO {
            code_etb: Some(e.clone()),
            lib_etb: b.lib_etb.clone(),
        }),
        mention_bac: b.cod_mnb.as_ref().map(|m| MentionNivBacDTO {
            cod_mention: Some(m.clone()),
            lib_mention: b.lib_mnb.clone(),
        }),
        type_etb_bac: b.cod_tpe.as_ref().map(|t| TypeEtablissementDTO {
            cod_type_etb: Some(t.clone()),
            lib_long_tpe: b.lib_tpe.clone(),
            lib_web_tpe: b.lib_web_tpe.clone(),
        }),
    }
}

fn ind_bac2(b: &Bac) -> IndBacDTO2 {
    let v1 = ind_bac(b);
    let s = |k: usize| b.spe_opt[k].clone();
    let [(c1, l1, w1), (c2, l2, w2), (cp, lp, wp), (o1, ol1, ow1), (o2, ol2, ow2), (o3, ol3, ow3), (o4, ol4, ow4)] =
        std::array::from_fn(s);
    IndBacDTO2 {
        libelle_bac: v1.libelle_bac,
        annee_obtention_bac: v1.annee_obtention_bac,
        cod_bac: v1.cod_bac,
        departement_bac: v1.departement_bac,
        etb_bac: v1.etb_bac,
        mention_bac: v1.mention_bac,
        type_etb_bac: v1.type_etb_bac,
        cod_spe1_bac: c1,
        lic_spe1_bac: l1,
        li_web_spe1_bac: w1,
        cod_spe2_bac: c2,
        lic_spe2_bac: l2,
        li_web_spe2_bac: w2,
        cod_spe_bac_pre: cp,
        lic_spe_bac_pre: lp,
        li_web_spe_bac_pre: wp,
        cod_opt1_bac: o1,
        lic_opt1_bac: ol1,
        li_web_opt1_bac: ow1,
        cod_opt2_bac: o2,
        lic_opt2_bac: ol2,
        li_web_opt2_bac: ow2,
        cod_opt3_bac: o3,
        lic_opt3_bac: ol3,
        li_web_opt3_bac: ow3,
        cod_opt4_bac: o4,
        lic_opt4_bac: ol4,
        li_web_opt4_bac: ow4,
    }
}

async fn info_adm(
    ctx: &Ctx,
    r: Result<CodEtuRequest, DecodeError>,
) -> Result<store::InfoAdm, ServiceError> {
    let r = r?;
    let n = cod_etu(&r.cod_etu)?;
    store::info_adm(&*ctx.store, n)
        .await?
        .ok_or_else(|| no_student(format!("No student has the number {n}.")))
}

/// Fills the fields shared by `InfoAdmEtuDTO3` and `InfoAdmEtuDTO4`.
macro_rules! info_dto {
    ($ty:ident, $i:expr, $p:expr, $bacs:expr, $blocages:expr) => {{
        let i = $i;
        let p = $p;
        $ty {
            annee_premiere_insc_ens_sup: i.daa_ens_sup.clone(),
            annee_premiere_insc_etb: i.daa_ent_etb.clone(),
            annee_premiere_insc_etr: i.daa_etr_sup.clone(),
            annee_premiere_insc_univ: i.daa_etb.clone(),
            liste_bacs: Some($bacs),
            liste_blocages: Some($blocages),
            date_naissance: p.date,
            departement_naissance: p.departement,
            etb_premiere_insc_univ: p.etb,
            handicap: p.handicap,
            lib_ville_naissance: i.lib_vil_nai_etu.clone(),
            nationalite_dto: p.nationalite,
            nom_patronymique: Some(i.lib_nom_pat_ind.clone()),
            nom_usuel: i.lib_nom_usu_ind.clone(),
            num_boursier: i.num_brs_etu.clone(),
            num_etu: i.cod_etu,
            numero_ine: i.ine(),
            pays_naissance: p.pays,
            prenom1: Some(i.lib_pr1_ind.clone()),
            prenom2: i.lib_pr2_ind.clone(),
            prenom3: i.lib_pr3_ind.clone(),
            prenom_etat_civil: Some(i.lib_pr1_ind.clone()),
            sexe: i.cod_sex_etu.clone(),
            sex_etat_civil: i.cod_sex_etu.clone(),
            situation_familiale: p.fam,
            situation_militaire: p.mil,
            temoin_date_naiss_estimee: i.tem_date_nai_rel.clone(),
            temoin_sit_mil_en_regle: None,
        }
    }};
}

fn recuperer_infos_adm_v2(ctx: Ctx, node: &Node) -> OpFuture {
    let r = CodEtuRequest::decode(node, "");
    super::xml(async move {
        let a = info_adm(&ctx, r).await?;
        let i = &a.individu;
        let p = info_parts(i, &a.blocages);
        Ok(RecupererInfosAdmEtuV2Response {
            ret: Some(InfoAdmEtuDTO2 {
                annee_premiere_insc_ens_sup: i.daa_ens_sup.clone(),
                annee_premiere_insc_etb: i.daa_ent_etb.clone(),
                annee_premiere_insc_etr: i.daa_etr_sup.clone(),
                annee_premiere_insc_univ: i.daa_etb.clone(),
                liste_bacs: Some(TableauIndBacDTOIn2 {
                    item: a.bacs.iter().map(ind_bac).collect(),
                }),
                liste_blocages: Some(TableauBlocages2 { item: p.blocages }),
                date_naissance: p.date,
                departement_naissance: p.departement,
                etb_premiere_insc_univ: p.etb,
                handicap: p.handicap,
                lib_ville_naissance: i.lib_vil_nai_etu.clone(),
                nationalite_dto: p.nationalite,
                nom_patronymique: Some(i.lib_nom_pat_ind.clone()),
                nom_usuel: i.lib_nom_usu_ind.clone(),
                num_boursier: i.num_brs_etu.clone(),
                num_etu: i.cod_etu,
                numero_ine: i.ine(),
                pays_naissance: p.pays,
                prenom1: Some(i.lib_pr1_ind.clone()),
                prenom2: i.lib_pr2_ind.clone(),
                sexe: i.cod_sex_etu.clone(),
                situation_familiale: p.fam,
                situation_militaire: p.mil,
                temoin_date_naiss_estimee: i.tem_date_nai_rel.clone(),
                temoin_sit_mil_en_regle: None,
            }),
        }
        .to_xml())
    })
}

fn recuperer_infos_adm_v3(ctx: Ctx, node: &Node) -> OpFuture {
    let r = CodEtuRequest::decode(node, "");
    super::xml(async move {
        let a = info_adm(&ctx, r).await?;
        let mut p = info_parts(&a.individu, &a.blocages);
        let blocages = TableauBlocages3 {
            item: std::mem::take(&mut p.blocages),
        };
        let bacs = TableauIndBacDTOIn3 {
            item: a.bacs.iter().map(ind_bac).collect(),
        };
        Ok(RecupererInfosAdmEtuV3Response {
            ret: Some(info_dto!(InfoAdmEtuDTO3, &a.individu, p, bacs, blocages)),
        }
        .to_xml())
    })
}

fn recuperer_infos_adm_v4(ctx: Ctx, node: &Node) -> OpFuture {
    let r = CodEtuRequest::decode(node, "");
    super::xml(async move {
        let a = info_adm(&ctx, r).await?;
        let mut p = info_parts(&a.individu, &a.blocages);
        let blocages = TableauBlocages4 {
            item: std::mem::take(&mut p.blocages),
        };
        let bacs = TableauIndBacDTO2 {
            item: a.bacs.iter().map(ind_bac2).collect(),
        };
        Ok(RecupererInfosAdmEtuV4Response {
            ret: Some(info_dto!(InfoAdmEtuDTO4, &a.individu, p, bacs, blocages)),
        }
        .to_xml())
    })
}

fn adresse_dto(a: &Adresse) -> AdresseDTO2 {
    AdresseDTO2 {
        commune: (a.cod_com.is_some() || a.cod_bdi.is_some()).then(|| CommuneDTO2 {
            code_insee: a.cod_com.clone(),
            code_postal: a.cod_bdi.clone(),
            nom_commune: a.lib_com.clone(),
            lib_ach: a.lib_ach_bdi.clone(),
        }),
        lib_ad1: a.lib_ad1.clone(),
        lib_ad2: a.lib_ad2.clone(),
        lib_ad3: a.lib_ad3.clone(),
        lib_ade: a.lib_ade.clone(),
        num_tel: a.num_tel.clone(),
        pays: a.cod_pay.as_ref().map(|p| PaysDTO {
            cod_pay: Some(p.clone()),
            lib_pay: a.lib_pay.clone(),
        }),
    }
}

/// A year `yyyy`, or the fault naming `path`.
fn annee(v: &Option<String>, path: &str) -> Result<Option<String>, ServiceError> {
    match given(v) {
        None => Ok(None),
        Some(y) if y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()) => Ok(Some(y)),
        Some(y) => Err(noncoherent(
            "annee",
            path.to_string(),
            format!("{path} « {y} » is not a year (yyyy)"),
        )),
    }
}

fn recuperer_adresses_v2(ctx: Ctx, node: &Node) -> OpFuture {
    let r = RecupererAdressesEtudiantV2::decode(node, "");
    super::xml(async move {
        let r = r?;
        let n = cod_etu(&r.cod_etu)?;
        let year = annee(&r.annee, "_annee")?;
        let annu = temoin_on(&r.recup_annuaire, "_recupAnnuaire")?;
        let c = store::coordonnees(&*ctx.store, n)
            .await?
            .ok_or_else(|| no_student(format!("No student has the number {n}.")))?;
        let annuelle = match &year {
            Some(y) => c
                .annuelles
                .iter()
                .find(|a| a.cod_anu.as_deref() == Some(y.as_str())),
            None => c.annuelles.first(),
        };
        let Some(annuelle) = annuelle else {
            return Err(ServiceError::NotFound {
                code: "technical.data.nullretrieve.findIAA".into(),
                reason: match year {
                    Some(y) => format!("Student {n} has no annual registration address for {y}."),
                    None => format!("Student {n} has no annual registration address."),
                },
            });
        };
        let (email_annu, login) = annuaire(&c.individu, annu);
        Ok(RecupererAdressesEtudiantV2Response {
            ret: Some(CoordonneesDTO2 {
                type_hebergement: annuelle.cod_thb.as_ref().map(|t| TypeHebergementCourtDTO {
                    cod_type_hebergement: Some(t.clone()),
                    lib_type_hebergement: annuelle.lib_thb.clone(),
                    lib_web_type_hebergement: annuelle.lib_web_thb.clone(),
                }),
                adresse_annuelle: Some(adresse_dto(annuelle)),
                adresse_fixe: c.fixe.as_ref().map(adresse_dto),
                email: c.individu.adr_mail_per.clone(),
                email_annuaire: email_annu,
                login_annuaire: login,
                num_tel_portable: c.individu.num_tel_por.clone(),
                annee: annuelle.cod_anu.clone(),
            }),
        }
        .to_xml())
    })
}

/// France in Apogée's country codes.
const FRANCE: &str = "100";

fn max_len(v: &Option<String>, max: usize, what: &str, path: &str) -> Result<(), ServiceError> {
    match v {
        Some(s) if s.chars().count() > max => Err(noncoherent(
            what,
            path.to_string(),
            format!("{path} has {} characters; at most {max}", s.chars().count()),
        )),
        _ => Ok(()),
    }
}

/// Checks one address block's own fields (the reference codes are checked
/// against the database afterwards).
fn adresse_maj(a: &AdresseMajDTO, path: &str) -> Result<AdresseMaj, ServiceError> {
    let p = |f: &str| format!("{path}/{f}");
    let cod_pay = given(&a.cod_pays).ok_or_else(|| {
        nonpresent(
            "codPays",
            p("codPays"),
            format!("{} (the country) is required", p("codPays")),
        )
    })?;
    let m = AdresseMaj {
        cod_pay: cod_pay.clone(),
        cod_bdi: a.commune.as_ref().and_then(|c| given(&c.code_postal)),
        cod_com: a.commune.as_ref().and_then(|c| given(&c.code_insee)),
        lib_ad1: given(&a.lib_ad1),
        lib_ad2: given(&a.lib_ad2),
        lib_ad3: given(&a.lib_ad3),
        lib_ade: given(&a.lib_ade),
        num_tel: given(&a.num_tel),
    };
    if m.lib_ad1.is_none() {
        return Err(nonpresent(
            "libAd1",
            p("libAd1"),
            format!("{} (the first address line) is required", p("libAd1")),
        ));
    }
    for (v, f, max) in [
        (&m.lib_ad1, "libAd1", 32),
        (&m.lib_ad2, "libAd2", 32),
        (&m.lib_ad3, "libAd3", 32),
        (&m.lib_ade, "libAde", 32),
        (&m.num_tel, "numTel", 15),
    ] {
        max_len(v, max, f, &p(f))?;
    }
    if cod_pay == FRANCE {
        if m.cod_bdi.is_none() {
            return Err(nonpresent(
                "codePostal",
                p("commune/codePostal"),
                "a French address needs its postal code",
            ));
        }
        if m.cod_com.is_none() {
            return Err(nonpresent(
                "codeInsee",
                p("commune/codeInsee"),
                "a French address needs its commune (INSEE code)",
            ));
        }
    } else if m.lib_ade.is_none() {
        return Err(nonpresent(
            "libAde",
            p("libAde"),
            "a foreign address needs its town line (libAde)",
        ));
    }
    if cod_pay != FRANCE {
        // Abroad, the town and postal code are in libAde; a French commune
        // code sent along is not kept.
        return Ok(AdresseMaj {
            cod_bdi: None,
            cod_com: None,
            ..m
        });
    }
    Ok(m)
}

fn mettre_a_jour_adresses(ctx: Ctx, node: &Node) -> OpFuture {
    let r = MettreAJourAdressesEtudiant::decode(node, "");
    super::xml(async move {
        let r = r?;
        let n = cod_etu(&r.cod_etu)?;
        let c = r.coordonnees.ok_or_else(|| {
            nonpresent(
                "coordonnees",
                "_coordonnees".into(),
                "_coordonnees (the data to write) is required",
            )
        })?;
        const C: &str = "_coordonnees";
        let fixe = c
            .adresse_fixe
            .as_ref()
            .map(|a| adresse_maj(a, &format!("{C}/adresseFixe")))
            .transpose()?;
        let annuelle = c
            .adresse_annuelle
            .as_ref()
            .map(|a| adresse_maj(a, &format!("{C}/adresseAnnuelle")))
            .transpose()?;
        let thb = given(&c.type_hebergement);
        let year = annee(&c.annee, &format!("{C}/annee"))?;
        if (annuelle.is_some() || thb.is_some()) && year.is_none() {
            return Err(nonpresent(
                "annee",
                format!("{C}/annee"),
                "the year is required with an annual address or an accommodation type",
            ));
        }
        let email = given(&c.email);
        let tel = given(&c.num_tel_portable);
        max_len(&email, 200, "email", &format!("{C}/email"))?;
        max_len(&tel, 15, "numTelPortable", &format!("{C}/numTelPortable"))?;

        let individu = store::identify(
            &*ctx.store,
            &Lookup {
                cod_etu: Some(n),
                ..Lookup::default()
            },
        )
        .await?
        .into_iter()
        .next()
        .ok_or_else(|| no_student(format!("No student has the number {n}.")))?;

        // Reference codes, each block in turn.
        for (a, block) in [(&fixe, "adresseFixe"), (&annuelle, "adresseAnnuelle")] {
            let Some(a) = a else { continue };
            let path = format!("{C}/{block}");
            let com_bdi = a.cod_com.as_deref().zip(a.cod_bdi.as_deref());
            let (link, pays, _) =
                store::references_exist(&*ctx.store, com_bdi, &[&a.cod_pay], None).await?;
            if !pays.first().copied().unwrap_or(false) {
                return Err(noncoherent(
                    "codPays",
                    format!("{path}/codPays"),
                    format!("no country has the code « {} »", a.cod_pay),
                ));
            }
            if let Some((com, bdi)) = com_bdi {
                if !link {
                    return Err(noncoherent(
                        "codePostal",
                        format!("{path}/commune/codePostal"),
                        format!("the commune « {com} » is not served by the postal code « {bdi} »"),
                    ));
                }
            }
        }
        if let Some(t) = &thb {
            let (_, _, ok) = store::references_exist(&*ctx.store, None, &[], Some(t)).await?;
            if !ok {
                return Err(noncoherent(
                    "typeHebergement",
                    format!("{C}/typeHebergement"),
                    format!("no accommodation type has the code « {t} »"),
                ));
            }
        }
        let maj = CoordonneesMaj {
            fixe,
            annuelle: annuelle.map(|a| (year.clone().unwrap_or_default(), a)),
            cod_thb: thb.map(|t| (year.clone().unwrap_or_default(), t)),
            email,
            num_tel_portable: tel,
        };
        if !store::mettre_a_jour_adresses(&*ctx.store, individu.cod_ind, &maj).await? {
            return Err(noncoherent(
                "typeHebergement",
                format!("{C}/typeHebergement"),
                format!(
                    "student {n} has no annual address for {}: send adresseAnnuelle with the accommodation type",
                    year.unwrap_or_default()
                ),
            ));
        }
        Ok(EmptyResponse {}.to_xml())
    })
}

/// `recupererTypeHebergement(_code, _temoinService, _temoinAD)`: the
/// accommodation types (esup-mdw's address form). `_temoinAD` is read (`O`,
/// `N`, `T` or not given) but does not filter: its meaning is not public and
/// Passerelle keeps no data for it.
fn recuperer_type_hebergement(ctx: Ctx, node: &Node) -> OpFuture {
    let r = RecupererTypeHebergement::decode(node, "");
    super::xml(async move {
        let r = r?;
        let service = crate::domain::Temoin::parse(r.temoin_service.as_deref())
            .map_err(|e| noncoherent("temoinService", "_temoinService".into(), e))?;
        crate::domain::Temoin::parse(r.temoin_ad.as_deref())
            .map_err(|e| noncoherent("temoinAD", "_temoinAD".into(), e))?;
        let code = given(&r.code);
        let rows = store::types_hebergement(&*ctx.store, code.as_deref(), service.flag()).await?;
        if rows.is_empty() {
            return Err(ServiceError::NotFound {
                code: "technical.data.nullretrieve.typeHebergement".into(),
                reason: "No accommodation type matches the request.".into(),
            });
        }
        Ok(RecupererTypeHebergementResponse {
            ret: rows
                .into_iter()
                .map(|[c, l, w, t]| TypeHebergementDTO {
                    cod_type_hebergement: c,
                    lib_type_hebergement: l,
                    lib_web_type_hebergement: w,
                    tem_en_sve_type_hebergement: t,
                    tem_min_type_hebergement: None,
                })
                .collect(),
        }
        .to_xml())
    })
}

/// The codes (and versions) of a `TableauEtapes` / `TableauDiplomes`.
fn code_versions(
    items: &[EtudiantCritereListeDTO],
    path: &str,
) -> Result<Vec<CodeVersions>, ServiceError> {
    let mut out = Vec::new();
    for (k, it) in items.iter().enumerate() {
        let Some(code) = given(&it.code) else {
            continue;
        };
        let mut versions = Vec::new();
        for v in it
            .list_version
            .iter()
            .filter_map(|v| given(&Some(v.clone())))
        {
            versions.push(v.parse::<i32>().map_err(|_| {
                noncoherent(
                    "listVersion",
                    format!("{path}/item[{}]/listVersion", k + 1),
                    format!("version « {v} » is not a number"),
                )
            })?);
        }
        out.push(CodeVersions { code, versions });
    }
    Ok(out)
}

fn recuperer_liste_etudiants(ctx: Ctx, node: &Node) -> OpFuture {
    let r = RecupererListeEtudiants::decode(node, "");
    super::xml(async move {
        let r = r?;
        const P: &str = "_parametres";
        let c = r.parametres.ok_or_else(|| {
            nonpresent(
                "parametres",
                P.into(),
                "_parametres (the criteria) is required",
            )
        })?;
        let year = annee(&c.annee, &format!("{P}/annee"))?.ok_or_else(|| {
            nonpresent(
                "annee",
                format!("{P}/annee"),
                "the academic year (annee) is required",
            )
        })?;
        // Criteria Passerelle has no data for: refused rather than ignored (an
        // ignored filter would answer a wider list than asked).
        let unsupported: [(&str, bool); 15] = [
            ("codeCollectionVET", given(&c.code_collection_vet).is_some()),
            ("codeGroupeVET", given(&c.code_groupe_vet).is_some()),
            ("listELP", c.list_elp.iter().any(|v| !v.trim().is_empty())),
            ("codeCollectionELP", given(&c.code_collection_elp).is_some()),
            ("codeGroupeELP", given(&c.code_groupe_elp).is_some()),
            ("listEPR", c.list_epr.iter().any(|v| !v.trim().is_empty())),
            (
                "listTypeHandicap",
                c.list_type_handicap.iter().any(|v| !v.trim().is_empty()),
            ),
            (
                "listSportifHautNiv",
                c.list_sportif_haut_niv.iter().any(|v| !v.trim().is_empty()),
            ),
            (
                "codeRegimeInscrETP",
                given(&c.code_regime_inscr_etp).is_some(),
            ),
            (
                "listSitSociale",
                c.list_sit_sociale.iter().any(|v| !v.trim().is_empty()),
            ),
            ("codeEchInter", given(&c.code_ech_inter).is_some()),
            (
                "listCentreGestion",
                c.list_centre_gestion.iter().any(|v| !v.trim().is_empty()),
            ),
            (
                "listComposante",
                c.list_composante.iter().any(|v| !v.trim().is_empty()),
            ),
            ("typeResultat", given(&c.type_resultat).is_some()),
            ("objetResultat", given(&c.objet_resultat).is_some()),
        ];
        if let Some((f, _)) = unsupported.iter().find(|(_, on)| *on) {
            return Err(noncoherent(
                f,
                format!("{P}/{f}"),
                format!("the criterion {f} is not supported by this server; select by annee, listEtapes and listDiplomes"),
            ));
        }
        let etapes = code_versions(
            c.list_etapes.as_ref().map(|t| &t.item[..]).unwrap_or(&[]),
            &format!("{P}/listEtapes"),
        )?;
        let diplomes = code_versions(
            c.list_diplomes.as_ref().map(|t| &t.item[..]).unwrap_or(&[]),
            &format!("{P}/listDiplomes"),
        )?;
        if etapes.is_empty() && diplomes.is_empty() {
            return Err(nonpresent(
                "listEtapes",
                format!("{P}/listEtapes"),
                "give at least one étape (listEtapes) or diploma (listDiplomes)",
            ));
        }
        let rows = store::liste(&*ctx.store, &year, &etapes, &diplomes).await?;
        if rows.is_empty() {
            return Err(no_student(format!(
                "No student is registered in {year} to the étapes or diplomas given."
            )));
        }
        Ok(RecupererListeEtudiantsResponse {
            etudiant: rows
                .into_iter()
                .map(|e| EtudiantDTO2 {
                    cod_etu: e.cod_etu,
                    nom: e.nom,
                    prenom: e.prenom,
                    date_naissance: e.date_nai.map(|d| {
                        // YYYY-MM-DD → dd/MM/yyyy
                        let p: Vec<&str> = d.split('-').collect();
                        match p.as_slice() {
                            [y, m, j] => format!("{j}/{m}/{y}"),
                            _ => d.clone(),
                        }
                    }),
                    numero_ine: e.ine,
                })
                .collect(),
        }
        .to_xml())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn birth_dates() {
        assert_eq!(date_naiss("12042003").unwrap(), "2003-04-12");
        assert_eq!(date_naiss("12/04/2003").unwrap(), "2003-04-12");
        assert!(date_naiss("31022003").is_err());
        assert!(date_naiss("2003-04-12").is_err());
    }
}
