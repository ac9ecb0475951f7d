//! `PedagogiqueMetier`: a student's pedagogical contract and results, as
//! esup-mdw ("notes et résultats") and eCandidat (internal cursus) read them.
//!
//! * `recupererContratPedagogiqueResultatVdiVet_v2(_codEtu, _codAnu, _sourceRes,
//!   _etatDelib, _codSes, _typeRes, _codEtaIae)`: one
//!   `ContratPedagogiqueResultatVdiVetDTO2` per (year, diploma version) the
//!   student is registered to, with its étapes (registrations whose state
//!   passes `_codEtaIae`) and the results of the diploma and of each étape.
//! * `recupererContratPedagogiqueResultatElpEpr_v6(_codEtu, _codAnu, _codEtp,
//!   _codVrsVet, _sourceRes, _etatDelib, _codSes, _typeRes, _codEtaIae)` and
//!   `_v5` (the same without `_codEtaIae`): one DTO per ELP of the contract
//!   under that étape, parents before children (`codElpSup`, `rngElp` = depth
//!   from 1), with the ELP's results.
//! * `recupererAnneesIPResultat(_codEtu)`: the years with a contract or a
//!   result, oldest first.
//!
//! Parameter values ([`crate::domain::inscriptions`]): `_codAnu` a year or
//! `toutes`; `_sourceRes` `Apogee` or `Apogee-extraction` (one copy here: both
//! read the same rows); `_etatDelib` deliberation states (`T` terminée, `AET`…,
//! nothing = all): a result is shown only when its state is one of them;
//! `_codSes` a session (`0`, `1`, `2`) or `toutes`; `_typeRes` a result code
//! (`ADM`…) or `tous`; `_codEtaIae` IAE states (`E`…). Marks are strings: a
//! substitute mark (`ABI`, `ABJ`, `DEF`) is sent as is.
//!
//! Faults: `_codEtu` missing, malformed or unknown:
//! `technical.parameter.noncoherentinput.codEtu`; VdiVet with no annual
//! registration at all: `technical.data.nullretrieve.findIAA`, with nothing
//! for the year/filters: `technical.data.nullretrieve.codAnu`; ElpEpr with no
//! contract for that year and étape: `technical.data.nullretrieve.DossierEtudiantIP`;
//! AnneesIPResultat with no year: `technical.data.nullretrieve.codAnu`.
//!
//! `recupererMaquetteReleveResultat` and `mettreAJourNotesResultats` are not
//! served.

pub mod dto;

use super::administratif::{annee, dossier, etats, nothing};
use super::{Ctx, OpFuture, Operation, ServiceDef, ServiceError};
use crate::domain::inscriptions::{check_source, date_fr, note, number, Annee, Code, Etats};
use crate::soap::dto::{Decimal, Dto};
use crate::soap::Node;
use crate::store::inscriptions::{ContratElp, Iae, Inscriptions, Resultat};
use dto::*;

pub const NS: &str = "gouv.education.apogee.commun.servicesmetiers.PedagogiqueMetier";

crate::dto! { pub struct RecupererVdiVetV2 ("recupererContratPedagogiqueResultatVdiVet_v2", "") {
    cod_etu: Option<String> = "_codEtu",
    cod_anu: Option<String> = "_codAnu",
    source_res: Option<String> = "_sourceRes",
    etat_delib: Option<String> = "_etatDelib",
    cod_ses: Option<String> = "_codSes",
    type_res: Option<String> = "_typeRes",
    cod_eta_iae: Option<String> = "_codEtaIae",
} }
crate::dto! { pub struct RecupererVdiVetV2Response ("recupererContratPedagogiqueResultatVdiVet_v2Response", "") {
    ret: Vec<ContratPedagogiqueResultatVdiVetDTO2> = "recupererContratPedagogiqueResultatVdiVet_v2Return",
} }
crate::dto! { pub struct RecupererElpEprV6 ("recupererContratPedagogiqueResultatElpEpr_v6", "") {
    cod_etu: Option<String> = "_codEtu",
    cod_anu: Option<String> = "_codAnu",
    cod_etp: Option<String> = "_codEtp",
    cod_vrs_vet: Option<String> = "_codVrsVet",
    source_res: Option<String> = "_sourceRes",
    etat_delib: Option<String> = "_etatDelib",
    cod_ses: Option<String> = "_codSes",
    type_res: Option<String> = "_typeRes",
    cod_eta_iae: Option<String> = "_codEtaIae",
} }
crate::dto! { pub struct RecupererElpEprV6Response ("recupererContratPedagogiqueResultatElpEpr_v6Response", "") {
    ret: Vec<ContratPedagogiqueResultatElpEprDTO5> = "recupererContratPedagogiqueResultatElpEpr_v6Return",
} }
crate::dto! { pub struct RecupererElpEprV5 ("recupererContratPedagogiqueResultatElpEpr_v5", "") {
    cod_etu: Option<String> = "_codEtu",
    cod_anu: Option<String> = "_codAnu",
    cod_etp: Option<String> = "_codEtp",
    cod_vrs_vet: Option<String> = "_codVrsVet",
    source_res: Option<String> = "_sourceRes",
    etat_delib: Option<String> = "_etatDelib",
    cod_ses: Option<String> = "_codSes",
    type_res: Option<String> = "_typeRes",
} }
crate::dto! { pub struct RecupererElpEprV5Response ("recupererContratPedagogiqueResultatElpEpr_v5Response", "") {
    ret: Vec<ContratPedagogiqueResultatElpEprDTO4> = "recupererContratPedagogiqueResultatElpEpr_v5Return",
} }
crate::dto! { pub struct RecupererAnneesIPResultat ("recupererAnneesIPResultat", "") {
    cod_etu: Option<String> = "_codEtu",
} }
crate::dto! { pub struct RecupererAnneesIPResultatResponse ("recupererAnneesIPResultatResponse", "") {
    ret: Vec<String> = "recupererAnneesIPResultatReturn",
} }

pub static SERVICE: ServiceDef = ServiceDef {
    port: "PedagogiqueMetier",
    namespace: NS,
    accepted_namespaces: &[
        NS,
        "gouv.education.apogee.commun.servicesmetiers.PedagogiqueMetier_04082015",
        "gouv.education.apogee.commun.servicesmetiers.PedagogiqueMetier_28022011",
    ],
    doc: "Contrat pédagogique et résultats d'un étudiant : diplômes, étapes, éléments pédagogiques.",
    operations: &[
        Operation {
            name: "recupererContratPedagogiqueResultatVdiVet_v2",
            response: "recupererContratPedagogiqueResultatVdiVet_v2Response",
            input_message: "recupererContratPedagogiqueResultatVdiVet_v2Request",
            output_message: "recupererContratPedagogiqueResultatVdiVet_v2Response",
            handler: recuperer_vdi_vet_v2,
            input_xsd: RecupererVdiVetV2::xsd_sequence,
            output_xsd: RecupererVdiVetV2Response::xsd_sequence,
            doc: "Diplômes et étapes de l'étudiant avec leurs résultats, par année.",
        },
        Operation {
            name: "recupererContratPedagogiqueResultatElpEpr_v6",
            response: "recupererContratPedagogiqueResultatElpEpr_v6Response",
            input_message: "recupererContratPedagogiqueResultatElpEpr_v6Request",
            output_message: "recupererContratPedagogiqueResultatElpEpr_v6Response",
            handler: recuperer_elp_epr_v6,
            input_xsd: RecupererElpEprV6::xsd_sequence,
            output_xsd: RecupererElpEprV6Response::xsd_sequence,
            doc: "Éléments pédagogiques du contrat d'une étape avec leurs résultats.",
        },
        Operation {
            name: "recupererAnneesIPResultat",
            response: "recupererAnneesIPResultatResponse",
            input_message: "recupererAnneesIPResultatRequest",
            output_message: "recupererAnneesIPResultatResponse",
            handler: recuperer_annees_ip_resultat,
            input_xsd: RecupererAnneesIPResultat::xsd_sequence,
            output_xsd: RecupererAnneesIPResultatResponse::xsd_sequence,
            doc: "Années avec un contrat pédagogique ou des résultats.",
        },
        Operation {
            name: "recupererContratPedagogiqueResultatElpEpr_v5",
            response: "recupererContratPedagogiqueResultatElpEpr_v5Response",
            input_message: "recupererContratPedagogiqueResultatElpEpr_v5Request",
            output_message: "recupererContratPedagogiqueResultatElpEpr_v5Response",
            handler: recuperer_elp_epr_v5,
            input_xsd: RecupererElpEprV5::xsd_sequence,
            output_xsd: RecupererElpEprV5Response::xsd_sequence,
            doc: "Version 5 (clients d'avant 6.30) : comme _v6 sans filtre sur l'état de l'inscription.",
        },
    ],
};

/// The filters every result of an answer must pass.
struct Filtres {
    annee: Annee,
    delib: Etats,
    ses: Code,
    tre: Code,
    iae: Etats,
}

impl Filtres {
    fn read(
        cod_anu: Option<&str>,
        source: Option<&str>,
        delib: Option<&str>,
        ses: Option<&str>,
        tre: Option<&str>,
        iae: Option<&str>,
    ) -> Result<Filtres, ServiceError> {
        check_source(source).map_err(|r| {
            ServiceError::invalid(
                "technical.parameter.noncoherentinput.sourceRes",
                "_sourceRes".into(),
                r,
            )
        })?;
        Ok(Filtres {
            annee: annee(cod_anu, "_codAnu")?,
            delib: etats(delib, "_etatDelib")?,
            ses: Code::parse(ses),
            tre: Code::parse(tre),
            iae: etats(iae, "_codEtaIae")?,
        })
    }

    fn result(&self, r: &Resultat) -> bool {
        self.annee.accepts(&r.cod_anu)
            && self.delib.accepts(r.eta_avc.as_deref())
            && self.ses.accepts(Some(&r.cod_ses))
            && self.tre.accepts(r.cod_tre.as_deref())
    }
}

fn int(v: Option<&String>) -> Option<i32> {
    v.and_then(|s| number(s).parse().ok())
}

fn dec(v: Option<&String>) -> Option<Decimal> {
    v.map(|s| number(s))
        .filter(|s| {
            let d = s.strip_prefix('-').unwrap_or(s);
            !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        })
        .map(Decimal)
}

fn etat_delib(r: &Resultat) -> Option<EtatDelibDTO> {
    r.eta_avc.as_ref().map(|c| EtatDelibDTO {
        cod_eta_avc: Some(c.clone()),
        lib_eta_avc: r.lib_eta_avc.clone(),
    })
}
fn mention(r: &Resultat) -> Option<MentionDTO> {
    r.cod_men.as_ref().map(|c| MentionDTO {
        cod_men: Some(c.clone()),
        lib_men: r.lib_men.clone(),
    })
}
fn nature(r: &Resultat) -> Option<NatureResDTO> {
    Some(NatureResDTO {
        cod_adm: Some(r.cod_adm.clone()),
        lib_adm: r.lib_adm.clone(),
    })
}
fn session(r: &Resultat) -> Option<SessionDTO> {
    Some(SessionDTO {
        cod_ses: Some(r.cod_ses.clone()),
        lib_ses: r.lib_ses.clone(),
    })
}
fn typ(r: &Resultat) -> Option<TypResultatDTO> {
    r.cod_tre.as_ref().map(|c| TypResultatDTO {
        cod_neg_tre: r.cod_neg_tre.clone(),
        cod_tre: Some(c.clone()),
        lib_tre: r.lib_tre.clone(),
    })
}

fn resultat_vdi(r: &Resultat) -> ResultatVdiDTO {
    ResultatVdiDTO {
        bar_not_vdi: int(r.bar_not.as_ref()),
        etat_delib: etat_delib(r),
        mention: mention(r),
        nature_resultat: nature(r),
        nbr_crd_vdi: dec(r.nbr_crd.as_ref()),
        nbr_rng_etu_vdi: int(r.nbr_rng_etu.as_ref()),
        nbr_rng_etu_vdi_tot: int(r.nbr_rng_etu_tot.as_ref()),
        not_pnt_jur_vdi: dec(r.not_pnt_jur.as_ref()),
        not_vdi: note(r.note.as_deref(), r.note_sub.as_deref()),
        session: session(r),
        typ_resultat: typ(r),
    }
}

fn resultat_vet(r: &Resultat) -> ResultatVetDTO {
    ResultatVetDTO {
        bar_not_vet: int(r.bar_not.as_ref()),
        etat_delib: etat_delib(r),
        mention: mention(r),
        nature_resultat: nature(r),
        nbr_crd_vet: dec(r.nbr_crd.as_ref()),
        nbr_rng_etu_vet: int(r.nbr_rng_etu.as_ref()),
        nbr_rng_etu_vet_tot: int(r.nbr_rng_etu_tot.as_ref()),
        not_pnt_jur_vet: dec(r.not_pnt_jur.as_ref()),
        not_vet: note(r.note.as_deref(), r.note_sub.as_deref()),
        session: session(r),
        typ_resultat: typ(r),
    }
}

fn resultat_elp(r: &Resultat) -> ResultatElpDTO3 {
    ResultatElpDTO3 {
        bar_not_elp: int(r.bar_not.as_ref()),
        cod_anu: Some(r.cod_anu.clone()),
        etat_delib: etat_delib(r),
        mention: mention(r),
        nature_resultat: nature(r),
        nbr_crd_elp: dec(r.nbr_crd.as_ref()),
        nbr_rng_etu_elp: int(r.nbr_rng_etu.as_ref()),
        nbr_rng_etu_elp_tot: int(r.nbr_rng_etu_tot.as_ref()),
        not_elp: note(r.note.as_deref(), r.note_sub.as_deref()),
        not_pnt_jur_elp: dec(r.not_pnt_jur.as_ref()),
        session: session(r),
        typ_resultat: typ(r),
        ..ResultatElpDTO3::default()
    }
}

/// The VdiVet answer: one DTO per (year, VDI) with at least one étape whose
/// registration passes the filters.
fn vdi_vet(d: &Inscriptions, f: &Filtres) -> Vec<ContratPedagogiqueResultatVdiVetDTO2> {
    let mut out: Vec<ContratPedagogiqueResultatVdiVetDTO2> = Vec::new();
    let mut keys: Vec<(String, String, i32)> = Vec::new();
    for e in d
        .iae
        .iter()
        .filter(|e| f.annee.accepts(&e.cod_anu) && f.iae.accepts(Some(&e.eta_iae)))
    {
        let key = (e.cod_anu.clone(), e.cod_dip.clone(), e.cod_vrs_vdi);
        let etape = EtapeResVdiVetDTO2 {
            cod_anu: Some(e.cod_anu.clone()),
            cod_typ_ipe: e.cod_typ_ipe.clone(),
            lib_typ_ipe: e.lib_typ_ipe.clone(),
            etape: Some(EtapeDTO2 {
                cod_etp: Some(e.cod_etp.clone()),
                cod_vrs_vet: Some(e.cod_vrs_vet),
                lib_etp: e.lib_etp.clone(),
                lib_web_vet: e.lib_web_vet.clone(),
                tem_dip_vet: None,
                lib_etat_iae: e.lib_eta_iae.clone(),
            }),
            groupes: Some(TableauGroupeEtpDtoVdiVet::default()),
            resultat_vet: Some(TableauResultatVetDto {
                item: d
                    .res_vet
                    .iter()
                    .filter(|r| {
                        r.cod_anu == e.cod_anu
                            && r.obj == e.cod_etp
                            && r.vrs == Some(e.cod_vrs_vet)
                            && f.result(r)
                    })
                    .map(resultat_vet)
                    .collect(),
            }),
        };
        if let Some(i) = keys.iter().position(|k| *k == key) {
            if let Some(t) = out[i].etapes.as_mut() {
                t.item.push(etape);
            }
            continue;
        }
        let res: Vec<&Resultat> = d
            .res_vdi
            .iter()
            .filter(|r| {
                r.cod_anu == e.cod_anu
                    && r.obj == e.cod_dip
                    && r.vrs == Some(e.cod_vrs_vdi)
                    && f.result(r)
            })
            .collect();
        out.push(ContratPedagogiqueResultatVdiVetDTO2 {
            annee: Some(e.cod_anu.clone()),
            dat_obt_vdi: res.iter().find_map(|r| r.dat_obt.as_deref()).map(date_fr),
            dat_val_dip: None,
            diplome: Some(DiplomeDTO {
                cod_dip: Some(e.cod_dip.clone()),
                cod_vrs_vdi: Some(e.cod_vrs_vdi),
                lib_dip: e.lib_dip.clone(),
                lib_web_vdi: e.lib_web_vdi.clone(),
                lic_vdi: e.lic_vdi.clone(),
            }),
            etapes: Some(TableauEtapeResVdiVetDto2 { item: vec![etape] }),
            resultat_vdi: Some(TableauResultatVdiDto {
                item: res.into_iter().map(resultat_vdi).collect(),
            }),
        });
        keys.push(key);
    }
    out
}

fn recuperer_vdi_vet_v2(ctx: Ctx, node: &Node) -> OpFuture {
    let req = RecupererVdiVetV2::decode(node, "");
    super::xml(async move {
        let req = req?;
        let f = Filtres::read(
            req.cod_anu.as_deref(),
            req.source_res.as_deref(),
            req.etat_delib.as_deref(),
            req.cod_ses.as_deref(),
            req.type_res.as_deref(),
            req.cod_eta_iae.as_deref(),
        )?;
        let d = dossier(&ctx, req.cod_etu.as_deref()).await?;
        if d.iaa.is_empty() {
            return Err(nothing(
                "technical.data.nullretrieve.findIAA",
                "The student has no annual registration.".into(),
            ));
        }
        let ret = vdi_vet(&d, &f);
        if ret.is_empty() {
            return Err(nothing(
                "technical.data.nullretrieve.codAnu",
                "The student has no registration for the year and states asked.".into(),
            ));
        }
        Ok(RecupererVdiVetV2Response { ret }.to_xml())
    })
}

/// One ELP of the contract, with what the DTO needs.
struct ElpLine<'a> {
    c: &'a ContratElp,
    iae: &'a Iae,
    depth: i32,
    results: Vec<ResultatElpDTO3>,
}

/// The contract under the étape asked, parents before children.
fn contrat<'a>(
    d: &'a Inscriptions,
    f: &Filtres,
    cod_etp: Option<&str>,
    cod_vrs_vet: Option<i32>,
) -> Vec<ElpLine<'a>> {
    let rows: Vec<(&ContratElp, &Iae)> = d
        .contrat
        .iter()
        .filter(|c| {
            f.annee.accepts(&c.cod_anu)
                && cod_etp.is_none_or(|e| e.eq_ignore_ascii_case(&c.cod_etp))
                && cod_vrs_vet.is_none_or(|v| v == c.cod_vrs_vet)
        })
        .filter_map(|c| {
            let iae = d.iae.iter().find(|e| {
                e.cod_anu == c.cod_anu && e.cod_etp == c.cod_etp && e.cod_vrs_vet == c.cod_vrs_vet
            })?;
            f.iae.accepts(Some(&iae.eta_iae)).then_some((c, iae))
        })
        .collect();
    // Depth-first from the roots (no parent in the same contract), in code order.
    let mut out = Vec::with_capacity(rows.len());
    let mut done = vec![false; rows.len()];
    fn visit<'a>(
        i: usize,
        depth: i32,
        rows: &[(&'a ContratElp, &'a Iae)],
        done: &mut [bool],
        out: &mut Vec<(usize, i32)>,
    ) {
        if done[i] {
            return;
        }
        done[i] = true;
        out.push((i, depth));
        let (c, _) = rows[i];
        for j in 0..rows.len() {
            let (k, _) = rows[j];
            if k.cod_elp_sup.as_deref() == Some(c.cod_elp.as_str())
                && k.cod_anu == c.cod_anu
                && k.cod_etp == c.cod_etp
                && k.cod_vrs_vet == c.cod_vrs_vet
            {
                visit(j, depth + 1, rows, done, out);
            }
        }
    }
    let mut order = Vec::new();
    for i in 0..rows.len() {
        let (c, _) = rows[i];
        let has_parent = c.cod_elp_sup.as_deref().is_some_and(|p| {
            rows.iter().any(|(k, _)| {
                k.cod_elp == p
                    && k.cod_anu == c.cod_anu
                    && k.cod_etp == c.cod_etp
                    && k.cod_vrs_vet == c.cod_vrs_vet
            })
        });
        if !has_parent {
            visit(i, 1, &rows, &mut done, &mut order);
        }
    }
    // Cycles (a bad import) would leave rows unvisited: list them last.
    for i in 0..rows.len() {
        if !done[i] {
            visit(i, 1, &rows, &mut done, &mut order);
        }
    }
    for (i, depth) in order {
        let (c, iae) = rows[i];
        out.push(ElpLine {
            c,
            iae,
            depth,
            results: d
                .res_elp
                .iter()
                .filter(|r| r.cod_anu == c.cod_anu && r.obj == c.cod_elp && f.result(r))
                .map(resultat_elp)
                .collect(),
        });
    }
    out
}

fn element(c: &ContratElp) -> ElementPedagogiDTO5 {
    let nel = c.cod_nel.as_deref().unwrap_or("");
    ElementPedagogiDTO5 {
        cod_elp: Some(c.cod_elp.clone()),
        lib_elp: c.lib_elp.clone(),
        nature_elp: c.cod_nel.as_ref().map(|n| NatureElpDTO {
            cod_nel: Some(n.clone()),
            lib_nel: c.lib_nel.clone(),
            tem_fictif: Some("N".into()),
            tem_semestre: Some(if nel == "SEM" { "O" } else { "N" }.into()),
            tem_ue: Some(if nel == "UE" { "O" } else { "N" }.into()),
        }),
        tem_elp_type_stage: Some(if nel == "STAG" { "O" } else { "N" }.into()),
        nbr_crd_elp: dec(c.nbr_crd_elp.as_ref()),
        ..ElementPedagogiDTO5::default()
    }
}

/// Reads the ElpEpr parameters shared by v5 and v6.
#[allow(clippy::too_many_arguments)]
async fn elp_epr(
    ctx: &Ctx,
    cod_etu: Option<&str>,
    cod_anu: Option<&str>,
    cod_etp: Option<&str>,
    cod_vrs_vet: Option<&str>,
    source: Option<&str>,
    delib: Option<&str>,
    ses: Option<&str>,
    tre: Option<&str>,
    iae: Option<&str>,
) -> Result<(Inscriptions, Filtres, Option<String>, Option<i32>), ServiceError> {
    let f = Filtres::read(cod_anu, source, delib, ses, tre, iae)?;
    let etp = cod_etp
        .map(str::trim)
        .filter(|e| {
            !e.is_empty() && !e.eq_ignore_ascii_case("tous") && !e.eq_ignore_ascii_case("toutes")
        })
        .map(str::to_string);
    let vrs = match cod_vrs_vet.map(str::trim).filter(|e| {
        !e.is_empty() && !e.eq_ignore_ascii_case("tous") && !e.eq_ignore_ascii_case("toutes")
    }) {
        None => None,
        Some(v) => Some(v.parse::<i32>().map_err(|_| {
            ServiceError::invalid(
                "technical.parameter.noncoherentinput.codVrsVet",
                "_codVrsVet".into(),
                format!("« {v} » is not a version number."),
            )
        })?),
    };
    let d = dossier(ctx, cod_etu).await?;
    Ok((d, f, etp, vrs))
}

fn no_contract() -> ServiceError {
    nothing(
        "technical.data.nullretrieve.DossierEtudiantIP",
        "The student has no pedagogical contract for that year and étape.".into(),
    )
}

fn recuperer_elp_epr_v6(ctx: Ctx, node: &Node) -> OpFuture {
    let req = RecupererElpEprV6::decode(node, "");
    super::xml(async move {
        let req = req?;
        let (d, f, etp, vrs) = elp_epr(
            &ctx,
            req.cod_etu.as_deref(),
            req.cod_anu.as_deref(),
            req.cod_etp.as_deref(),
            req.cod_vrs_vet.as_deref(),
            req.source_res.as_deref(),
            req.etat_delib.as_deref(),
            req.cod_ses.as_deref(),
            req.type_res.as_deref(),
            req.cod_eta_iae.as_deref(),
        )
        .await?;
        let lines = contrat(&d, &f, etp.as_deref(), vrs);
        if lines.is_empty() {
            return Err(no_contract());
        }
        Ok(RecupererElpEprV6Response {
            ret: lines
                .into_iter()
                .map(|l| ContratPedagogiqueResultatElpEprDTO5 {
                    cip: None,
                    cod_anu: Some(l.c.cod_anu.clone()),
                    cod_elp_sup: l.c.cod_elp_sup.clone(),
                    lib_etat_iae: l.iae.lib_eta_iae.clone(),
                    cod_typ_ipe: l.iae.cod_typ_ipe.clone(),
                    elp: Some(element(l.c)),
                    epreuves_elp: Some(TableauEpreuveElpDto2Elp5::default()),
                    fex: None,
                    resultats_elp: Some(TableauResultatElpDto3Elp5 { item: l.results }),
                    groupes: Some(TableauGroupeEtpDtoElp5::default()),
                    rng_elp: Some(l.depth),
                })
                .collect(),
        }
        .to_xml())
    })
}

fn recuperer_elp_epr_v5(ctx: Ctx, node: &Node) -> OpFuture {
    let req = RecupererElpEprV5::decode(node, "");
    super::xml(async move {
        let req = req?;
        let (d, f, etp, vrs) = elp_epr(
            &ctx,
            req.cod_etu.as_deref(),
            req.cod_anu.as_deref(),
            req.cod_etp.as_deref(),
            req.cod_vrs_vet.as_deref(),
            req.source_res.as_deref(),
            req.etat_delib.as_deref(),
            req.cod_ses.as_deref(),
            req.type_res.as_deref(),
            None,
        )
        .await?;
        let lines = contrat(&d, &f, etp.as_deref(), vrs);
        if lines.is_empty() {
            return Err(no_contract());
        }
        Ok(RecupererElpEprV5Response {
            ret: lines
                .into_iter()
                .map(|l| ContratPedagogiqueResultatElpEprDTO4 {
                    cip: None,
                    cod_anu: Some(l.c.cod_anu.clone()),
                    cod_elp_sup: l.c.cod_elp_sup.clone(),
                    cod_typ_ipe: l.iae.cod_typ_ipe.clone(),
                    elp: Some(element(l.c)),
                    epreuves_elp: Some(TableauEpreuveElpDto2Elp4::default()),
                    fex: None,
                    resultats_elp: Some(TableauResultatElpDto3Elp4 { item: l.results }),
                    groupes: Some(TableauGroupeEtpDtoElp4::default()),
                    rng_elp: Some(l.depth),
                })
                .collect(),
        }
        .to_xml())
    })
}

fn recuperer_annees_ip_resultat(ctx: Ctx, node: &Node) -> OpFuture {
    let req = RecupererAnneesIPResultat::decode(node, "");
    super::xml(async move {
        let req = req?;
        let d = dossier(&ctx, req.cod_etu.as_deref()).await?;
        let mut years: Vec<String> = d
            .contrat
            .iter()
            .map(|c| c.cod_anu.clone())
            .chain(
                d.res_vdi
                    .iter()
                    .chain(&d.res_vet)
                    .chain(&d.res_elp)
                    .map(|r| r.cod_anu.clone()),
            )
            .collect();
        years.sort();
        years.dedup();
        if years.is_empty() {
            return Err(nothing(
                "technical.data.nullretrieve.codAnu",
                "The student has no pedagogical registration nor result.".into(),
            ));
        }
        Ok(RecupererAnneesIPResultatResponse { ret: years }.to_xml())
    })
}
