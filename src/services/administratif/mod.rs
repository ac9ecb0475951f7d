//! `AdministratifMetier`: a student's administrative registrations, as ENT
//! portals (esup-mdw), internship tools (esup-pstage) and applicant platforms
//! read them.
//!
//! * `recupererAnneesIa(_codEtu, _etatInscriptionIA)`: the years of the
//!   student's annual registrations (IAA) in the states asked, oldest first
//!   (clients take the last one as the latest).
//! * `recupererIAAnnuelles_v2(_codEtu, _annee, _etatIAA)`: those registrations
//!   (`InsAdmAnuDTO2`).
//! * `recupererIAEtapes_v3` / `_v2(_codEtu, _annee, _etatIAA, _etatIAE)`: the
//!   registrations to étapes (`InsAdmEtpDTO3` / `InsAdmEtpDTO2`), the IAA of
//!   their year filtered by `_etatIAA`, the IAE by `_etatIAE`.
//!
//! Filters are read by [`crate::domain::inscriptions`] (`E`, `A`, `ARE`,
//! `toutes`…). Faults, compared by clients with `equals`:
//! * `_codEtu` missing, not a number, or no such student:
//!   `technical.parameter.noncoherentinput.codEtu`;
//! * `recupererAnneesIa`, `recupererIAAnnuelles_v2` with nothing to answer:
//!   `technical.data.nullretrieve.findIAA`;
//! * `recupererIAEtapes_*`: no annual registration at all in the year(s)
//!   asked: `technical.parameter.noncoherentinput.invalidUser`; registrations
//!   but none passing the filters: `technical.data.nullretrieve.findIAE`;
//! * a malformed filter: `technical.parameter.noncoherentinput.<parameter>`.
//!
//! `recupererCursusExterne` is not served (no external cursus data).

pub mod dto;

use super::{Ctx, OpFuture, Operation, ServiceDef, ServiceError};
use crate::domain::inscriptions::{date_time, parse_cod_etu, Annee, Etats};
use crate::soap::dto::Dto;
use crate::soap::Node;
use crate::store::inscriptions::{Iaa, Iae, Inscriptions};
use dto::*;

pub const NS: &str = "gouv.education.apogee.commun.servicesmetiers.AdministratifMetier";

const CODETU: &str = "technical.parameter.noncoherentinput.codEtu";

crate::dto! { pub struct RecupererAnneesIa ("recupererAnneesIa", "") {
    cod_etu: Option<String> = "_codEtu",
    etat_inscription_ia: Option<String> = "_etatInscriptionIA",
} }
crate::dto! { pub struct RecupererAnneesIaResponse ("recupererAnneesIaResponse", "") {
    ret: Vec<String> = "recupererAnneesIaReturn",
} }
crate::dto! { pub struct RecupererIAAnnuellesV2 ("recupererIAAnnuelles_v2", "") {
    cod_etu: Option<String> = "_codEtu",
    annee: Option<String> = "_annee",
    etat_iaa: Option<String> = "_etatIAA",
} }
crate::dto! { pub struct RecupererIAAnnuellesResponseV2 ("recupererIAAnnuellesResponse_v2", "") {
    ret: Vec<InsAdmAnuDTO2> = "recupererIAAnnuellesReturn_v2",
} }
crate::dto! { pub struct RecupererIAEtapesV3 ("recupererIAEtapes_v3", "") {
    cod_etu: Option<String> = "_codEtu",
    annee: Option<String> = "_annee",
    etat_iaa: Option<String> = "_etatIAA",
    etat_iae: Option<String> = "_etatIAE",
} }
crate::dto! { pub struct RecupererIAEtapesV3Response ("recupererIAEtapes_v3Response", "") {
    ret: Vec<InsAdmEtpDTO3> = "recupererIAEtapes_v3Return",
} }
crate::dto! { pub struct RecupererIAEtapesV2 ("recupererIAEtapes_v2", "") {
    cod_etu: Option<String> = "_codEtu",
    annee: Option<String> = "_annee",
    etat_iaa: Option<String> = "_etatIAA",
    etat_iae: Option<String> = "_etatIAE",
} }
crate::dto! { pub struct RecupererIAEtapesV2Response ("recupererIAEtapes_v2Response", "") {
    ret: Vec<InsAdmEtpDTO2> = "recupererIAEtapes_v2Return",
} }

pub static SERVICE: ServiceDef = ServiceDef {
    port: "AdministratifMetier",
    namespace: NS,
    accepted_namespaces: &[
        NS,
        "gouv.education.apogee.commun.servicesmetiers.AdministratifMetier_07052019",
        "gouv.education.apogee.commun.servicesmetiers.AdministratifMetier_17062009",
    ],
    doc: "Inscriptions administratives d'un étudiant : années, inscriptions annuelles, inscriptions aux étapes.",
    operations: &[
        Operation {
            name: "recupererAnneesIa",
            response: "recupererAnneesIaResponse",
            input_message: "recupererAnneesIaRequest",
            output_message: "recupererAnneesIaResponse",
            handler: recuperer_annees_ia,
            input_xsd: RecupererAnneesIa::xsd_sequence,
            output_xsd: RecupererAnneesIaResponse::xsd_sequence,
            doc: "Années des inscriptions annuelles de l'étudiant (toutes si _etatInscriptionIA n'est pas donné).",
        },
        Operation {
            name: "recupererIAEtapes_v3",
            response: "recupererIAEtapes_v3Response",
            input_message: "recupererIAEtapes_v3Request",
            output_message: "recupererIAEtapes_v3Response",
            handler: recuperer_ia_etapes_v3,
            input_xsd: RecupererIAEtapesV3::xsd_sequence,
            output_xsd: RecupererIAEtapesV3Response::xsd_sequence,
            doc: "Inscriptions aux étapes d'une année ou de toutes, filtrées par états IAA et IAE.",
        },
        Operation {
            name: "recupererIAAnnuelles_v2",
            response: "recupererIAAnnuellesResponse_v2",
            input_message: "recupererIAAnnuellesRequest_v2",
            output_message: "recupererIAAnnuellesResponse_v2",
            handler: recuperer_ia_annuelles_v2,
            input_xsd: RecupererIAAnnuellesV2::xsd_sequence,
            output_xsd: RecupererIAAnnuellesResponseV2::xsd_sequence,
            doc: "Inscriptions annuelles (régime, statut, profil, état).",
        },
        Operation {
            name: "recupererIAEtapes_v2",
            response: "recupererIAEtapes_v2Response",
            input_message: "recupererIAEtapes_v2Request",
            output_message: "recupererIAEtapes_v2Response",
            handler: recuperer_ia_etapes_v2,
            input_xsd: RecupererIAEtapesV2::xsd_sequence,
            output_xsd: RecupererIAEtapesV2Response::xsd_sequence,
            doc: "Version 2 (clients d'avant 6.40) : comme _v3 sans régime, VES/VAPP, catégorie Oui-Si ni cursus aménagé.",
        },
    ],
};

/// Reads `_codEtu` and the student's file: a missing, malformed or unknown
/// number is `technical.parameter.noncoherentinput.codEtu`.
pub(crate) async fn dossier(
    ctx: &Ctx,
    cod_etu: Option<&str>,
) -> Result<Inscriptions, ServiceError> {
    let n =
        parse_cod_etu(cod_etu).map_err(|r| ServiceError::invalid(CODETU, "_codEtu".into(), r))?;
    ctx.store
        .inscriptions(n)
        .await?
        .ok_or_else(|| ServiceError::NotFound {
            code: CODETU.into(),
            reason: format!("No student has the number « {n} »."),
        })
}

/// A filter parameter, or the fault naming it.
pub(crate) fn etats(v: Option<&str>, param: &str) -> Result<Etats, ServiceError> {
    Etats::parse(v).map_err(|r| {
        ServiceError::invalid(
            &format!(
                "technical.parameter.noncoherentinput.{}",
                param.trim_start_matches('_')
            ),
            param.into(),
            r,
        )
    })
}

pub(crate) fn annee(v: Option<&str>, param: &str) -> Result<Annee, ServiceError> {
    Annee::parse(v).map_err(|r| {
        ServiceError::invalid(
            &format!(
                "technical.parameter.noncoherentinput.{}",
                param.trim_start_matches('_')
            ),
            param.into(),
            r,
        )
    })
}

pub(crate) fn nothing(code: &str, reason: String) -> ServiceError {
    ServiceError::NotFound {
        code: code.into(),
        reason,
    }
}

fn etat_iaa(a: &Iaa) -> EtatIAADTO {
    EtatIAADTO {
        code_etat_iaa: Some(a.eta_iaa.clone()),
        lib_etat_iaa: a.lib_eta_iaa.clone(),
        tem_dos_iaa: a.tem_dos_iaa.clone(),
    }
}

fn regime(a: &Iaa) -> Option<RegimeInsDTO> {
    a.cod_rgi.as_ref().map(|c| RegimeInsDTO {
        cod_rgi: Some(c.clone()),
        lib_rgi: a.lib_rgi.clone(),
    })
}

fn profil(a: &Iaa) -> Option<ProfilEtuDTO> {
    a.cod_pru.as_ref().map(|c| ProfilEtuDTO {
        code: Some(c.clone()),
        libelle: a.lib_pru.clone(),
        libelle_web: a.lib_web_pru.clone(),
    })
}

fn ins_adm_anu(a: &Iaa) -> InsAdmAnuDTO2 {
    InsAdmAnuDTO2 {
        annee_iaa: Some(a.cod_anu.clone()),
        date_iaa: a.dat_cre_iaa.as_deref().map(|d| DateTime(date_time(d))),
        etat_iaa: Some(etat_iaa(a)),
        regime_ins: regime(a),
        profil: profil(a),
        statut: a.cod_stu.as_ref().map(|c| StatutEtuDTO {
            code: Some(c.clone()),
            libelle: a.lib_stu.clone(),
            libelle_web: a.lib_web_stu.clone(),
        }),
        ..InsAdmAnuDTO2::default()
    }
}

fn ins_adm_etp(e: &Iae, a: &Iaa, num_brs: Option<&String>) -> InsAdmEtpDTO3 {
    let paid = e.eta_pmt_iae.as_deref() == Some("P");
    InsAdmEtpDTO3 {
        annee_iae: Some(e.cod_anu.clone()),
        bourse: None,
        cge: e.cod_cge.as_ref().map(|c| CgeDTO {
            code_cge: Some(c.clone()),
            lib_cge: e.lib_cge.clone(),
        }),
        composante: e.cod_cmp.as_ref().map(|c| ComposanteDTO {
            cod_composante: Some(c.clone()),
            lib_composante: e.lib_cmp.clone(),
        }),
        date_iae: e.dat_cre_iae.as_deref().map(|d| DateTime(date_time(d))),
        diplome: Some(DiplomeDTO {
            code_diplome: Some(e.cod_dip.clone()),
            lib_long_diplome: e.lib_dip.clone(),
            lib_vdi: e.lic_vdi.clone(),
            lib_web_vdi: e.lib_web_vdi.clone(),
            version_diplome: Some(e.cod_vrs_vdi.to_string()),
        }),
        etape: Some(EtapeDTO {
            code_etp: Some(e.cod_etp.clone()),
            lib_long_etp: e.lib_etp.clone(),
            lib_web_vet: e.lib_web_vet.clone(),
            version_etp: Some(e.cod_vrs_vet.to_string()),
        }),
        etape_premiere: e.tem_iae_prm.clone(),
        etat_iaa: Some(etat_iaa(a)),
        etat_iae: Some(EtatIAEDTO {
            code_etat_iae: Some(e.eta_iae.clone()),
            lib_etat_iae: e.lib_eta_iae.clone(),
        }),
        regime_ins: regime(a),
        // esup-pstage calls .equals("P") on it: never nil.
        code_inscription_payee: Some(e.eta_pmt_iae.clone().unwrap_or_else(|| "N".into())),
        inscription_payee: Some(if paid { "O" } else { "N" }.into()),
        inscription_tele_enseignement: e.tem_iae_ttd.clone(),
        liste_specialite_sise: Some(TableauSpecialitesDto3::default()),
        nbr_inscription_cycle: e.nbr_ins_cyc.clone(),
        nbr_inscription_diplome: e.nbr_ins_dip.clone(),
        nbr_inscription_etape: e.nbr_ins_etp.clone(),
        num_boursier: num_brs.cloned(),
        profil_etudiant: profil(a),
        ..InsAdmEtpDTO3::default()
    }
}

fn v2(d: InsAdmEtpDTO3) -> InsAdmEtpDTO2 {
    InsAdmEtpDTO2 {
        annee_iae: d.annee_iae,
        bourse: d.bourse,
        cge: d.cge,
        composante: d.composante,
        date_iae: d.date_iae,
        diplome: d.diplome,
        etape: d.etape,
        etape_premiere: d.etape_premiere,
        etat_iaa: d.etat_iaa,
        etat_iae: d.etat_iae,
        code_inscription_payee: d.code_inscription_payee,
        inscription_payee: d.inscription_payee,
        inscription_tele_enseignement: d.inscription_tele_enseignement,
        liste_specialite_sise: Some(TableauSpecialitesDto2::default()),
        nbr_inscription_cycle: d.nbr_inscription_cycle,
        nbr_inscription_diplome: d.nbr_inscription_diplome,
        nbr_inscription_etape: d.nbr_inscription_etape,
        num_boursier: d.num_boursier,
        profil_etudiant: d.profil_etudiant,
        temoin_inscription_ia_web: d.temoin_inscription_ia_web,
        temoin_pi: d.temoin_pi,
        temoin_vae: d.temoin_vae,
    }
}

fn recuperer_annees_ia(ctx: Ctx, node: &Node) -> OpFuture {
    let req = RecupererAnneesIa::decode(node, "");
    super::xml(async move {
        let req = req?;
        let f = etats(req.etat_inscription_ia.as_deref(), "_etatInscriptionIA")?;
        let d = dossier(&ctx, req.cod_etu.as_deref()).await?;
        let mut years: Vec<String> = d
            .iaa
            .iter()
            .filter(|a| f.accepts(Some(&a.eta_iaa)))
            .map(|a| a.cod_anu.clone())
            .collect();
        years.sort();
        years.dedup();
        if years.is_empty() {
            return Err(nothing(
                "technical.data.nullretrieve.findIAA",
                "The student has no annual registration in the states asked.".into(),
            ));
        }
        Ok(RecupererAnneesIaResponse { ret: years }.to_xml())
    })
}

fn recuperer_ia_annuelles_v2(ctx: Ctx, node: &Node) -> OpFuture {
    let req = RecupererIAAnnuellesV2::decode(node, "");
    super::xml(async move {
        let req = req?;
        let an = annee(req.annee.as_deref(), "_annee")?;
        let f = etats(req.etat_iaa.as_deref(), "_etatIAA")?;
        let d = dossier(&ctx, req.cod_etu.as_deref()).await?;
        let ret: Vec<InsAdmAnuDTO2> = d
            .iaa
            .iter()
            .filter(|a| an.accepts(&a.cod_anu) && f.accepts(Some(&a.eta_iaa)))
            .map(ins_adm_anu)
            .collect();
        if ret.is_empty() {
            return Err(nothing(
                "technical.data.nullretrieve.findIAA",
                "The student has no annual registration for that year in the states asked.".into(),
            ));
        }
        Ok(RecupererIAAnnuellesResponseV2 { ret }.to_xml())
    })
}

/// The IAE rows passing the filters, with their IAA; the faults of
/// `recupererIAEtapes_*` when there are none.
fn ia_etapes(
    d: &Inscriptions,
    annee_p: Option<&str>,
    iaa_p: Option<&str>,
    iae_p: Option<&str>,
) -> Result<Vec<InsAdmEtpDTO3>, ServiceError> {
    let an = annee(annee_p, "_annee")?;
    let fa = etats(iaa_p, "_etatIAA")?;
    let fe = etats(iae_p, "_etatIAE")?;
    if !d.iaa.iter().any(|a| an.accepts(&a.cod_anu)) {
        return Err(nothing(
            "technical.parameter.noncoherentinput.invalidUser",
            "The student has no registration for the year asked.".into(),
        ));
    }
    let out: Vec<InsAdmEtpDTO3> = d
        .iae
        .iter()
        .filter(|e| an.accepts(&e.cod_anu) && fe.accepts(Some(&e.eta_iae)))
        .filter_map(|e| {
            let a = d.iaa.iter().find(|a| a.cod_anu == e.cod_anu)?;
            fa.accepts(Some(&a.eta_iaa))
                .then(|| ins_adm_etp(e, a, d.num_brs_etu.as_ref()))
        })
        .collect();
    if out.is_empty() {
        return Err(nothing(
            "technical.data.nullretrieve.findIAE",
            "The student has no registration to an étape matching the filters.".into(),
        ));
    }
    Ok(out)
}

fn recuperer_ia_etapes_v3(ctx: Ctx, node: &Node) -> OpFuture {
    let req = RecupererIAEtapesV3::decode(node, "");
    super::xml(async move {
        let req = req?;
        // Parameters are checked before the database is read.
        annee(req.annee.as_deref(), "_annee")?;
        etats(req.etat_iaa.as_deref(), "_etatIAA")?;
        etats(req.etat_iae.as_deref(), "_etatIAE")?;
        let d = dossier(&ctx, req.cod_etu.as_deref()).await?;
        let ret = ia_etapes(
            &d,
            req.annee.as_deref(),
            req.etat_iaa.as_deref(),
            req.etat_iae.as_deref(),
        )?;
        Ok(RecupererIAEtapesV3Response { ret }.to_xml())
    })
}

fn recuperer_ia_etapes_v2(ctx: Ctx, node: &Node) -> OpFuture {
    let req = RecupererIAEtapesV2::decode(node, "");
    super::xml(async move {
        let req = req?;
        annee(req.annee.as_deref(), "_annee")?;
        etats(req.etat_iaa.as_deref(), "_etatIAA")?;
        etats(req.etat_iae.as_deref(), "_etatIAE")?;
        let d = dossier(&ctx, req.cod_etu.as_deref()).await?;
        let ret = ia_etapes(
            &d,
            req.annee.as_deref(),
            req.etat_iaa.as_deref(),
            req.etat_iae.as_deref(),
        )?;
        Ok(RecupererIAEtapesV2Response {
            ret: ret.into_iter().map(v2).collect(),
        }
        .to_xml())
    })
}
