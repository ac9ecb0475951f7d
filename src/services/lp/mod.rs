//! `LaissezPasserMetier`: registrar offices grant laissez-passer (permission
//! for a known person to enrol in an étape despite the usual checks).
//!
//! * `mettreAJourLaissezPasserWS` (children `_typLpa`, …) and
//!   `mettreAJourLaissezPasserWS_V2` (children **without** `_`, response
//!   `mettreAJourLaissezPasserWSResponse_V2`), exactly as the AMUE WSDL: one
//!   laissez-passer per call, empty response wrapper, success = no fault.
//!   `""` (zeep) and an empty element (PHP) mean "not given", as an absent one.
//! * `mettreAJourLaissezPasserLot`, our own (not in Apogée): up to
//!   [`MAX_BATCH`] laissez-passer of the V2 shape in `laissezPasser/item`, and
//!   `toutOuRien` (`true`/`O`/`1`: all or nothing). The answer has one
//!   `resultat` per item: `index` (1-based), `cle`
//!   (`typLpa/numOPI|codEtu/codAnu/codEtp/codVrsVet`), `statut` (`CREE`,
//!   `MODIFIE`, `INCHANGE`, `REFUSE`, `ANNULE`), and for `REFUSE`/`ANNULE` the
//!   fault `code` and `motif` a single call would have given. Default: every
//!   valid item commits (transactions of [`crate::store::lp::CHUNK`] items);
//!   with `toutOuRien`, one invalid item and nothing is written (the valid ones
//!   are `ANNULE`).
//!
//! Validation: [`Lp::parse`]; database rules: [`crate::store::Store::upsert_lp`].
//! Creation/modification user (`cod_uti_cre_lpa` / `cod_uti_mod_lpa`): the
//! authenticated client's name ([`user`]), `passerelle` when authentication is
//! not enforced (demo).

pub mod esup;

use super::{Ctx, OpFuture, Operation, ServiceDef, ServiceError};
use crate::domain::lp::{Lp, LpText};
use crate::domain::record::FieldError;
use crate::soap::dto::Dto;
use crate::soap::Node;
use crate::store::{BatchMode, LpWrite};

pub const NS: &str = "gouv.education.apogee.commun.servicesmetiers.LaissezPasserMetier";

/// Most laissez-passer in one `mettreAJourLaissezPasserLot` call.
pub const MAX_BATCH: usize = 10_000;

crate::dto! { pub struct MettreAJourLaissezPasserWS ("mettreAJourLaissezPasserWS", "") {
    typ_lpa: Option<String> = "_typLpa",
    cod_anu: Option<String> = "_codAnu",
    num_opi: Option<String> = "_numOPI",
    cod_etu: Option<String> = "_codEtu",
    cod_etp: Option<String> = "_codEtp",
    cod_vrs_vet: Option<String> = "_codVrsVet",
    cod_dip: Option<String> = "_codDip",
    cod_vrs_vdi: Option<String> = "_codVrsVdi",
    cod_rgi: Option<String> = "_codRgi",
    cod_stu: Option<String> = "_codStu",
    lib_cmt_lpa: Option<String> = "_libCmtLpa",
} }
crate::dto! { pub struct MettreAJourLaissezPasserWSV2 ("mettreAJourLaissezPasserWS_V2", "") {
    typ_lpa: Option<String> = "typLpa",
    cod_anu: Option<String> = "codAnu",
    num_opi: Option<String> = "numOPI",
    cod_etu: Option<String> = "codEtu",
    cod_etp: Option<String> = "codEtp",
    cod_vrs_vet: Option<String> = "codVrsVet",
    cod_dip: Option<String> = "codDip",
    cod_vrs_vdi: Option<String> = "codVrsVdi",
    cod_rgi: Option<String> = "codRgi",
    cod_stu: Option<String> = "codStu",
    lib_cmt_lpa: Option<String> = "libCmtLpa",
    cod_cat_oui_si: Option<String> = "codCatOuiSi",
    mtf_cat: Option<String> = "mtfCat",
    cod_cat_exo_ext: Option<String> = "codCatExoExt",
} }
crate::dto! { pub struct EmptyResponse ("response", "") {} }

crate::dto! {
    /// One laissez-passer of a batch: the children of `mettreAJourLaissezPasserWS_V2`.
    pub struct LaissezPasserDTO ("LaissezPasserDTO", "gouv.education.apogee.commun.servicesmetiers.LaissezPasserMetier") {
        typ_lpa: Option<String> = "typLpa" [optional],
        cod_anu: Option<String> = "codAnu" [optional],
        num_opi: Option<String> = "numOPI" [optional],
        cod_etu: Option<String> = "codEtu" [optional],
        cod_etp: Option<String> = "codEtp" [optional],
        cod_vrs_vet: Option<String> = "codVrsVet" [optional],
        cod_dip: Option<String> = "codDip" [optional],
        cod_vrs_vdi: Option<String> = "codVrsVdi" [optional],
        cod_rgi: Option<String> = "codRgi" [optional],
        cod_stu: Option<String> = "codStu" [optional],
        lib_cmt_lpa: Option<String> = "libCmtLpa" [optional],
        cod_cat_oui_si: Option<String> = "codCatOuiSi" [optional],
        mtf_cat: Option<String> = "mtfCat" [optional],
        cod_cat_exo_ext: Option<String> = "codCatExoExt" [optional],
    }
}
crate::dto! {
    /// The items of a batch.
    pub struct TableauLaissezPasser ("TableauLaissezPasser", "gouv.education.apogee.commun.servicesmetiers.LaissezPasserMetier") {
        item: Vec<LaissezPasserDTO> = "item" [optional],
    }
}
crate::dto! {
    /// The outcome of one item of a batch.
    pub struct ResultatLaissezPasserDTO ("ResultatLaissezPasserDTO", "gouv.education.apogee.commun.servicesmetiers.LaissezPasserMetier") {
        index: Option<i32> = "index",
        cle: Option<String> = "cle",
        statut: Option<String> = "statut",
        code: Option<String> = "code" [optional],
        motif: Option<String> = "motif" [optional],
    }
}
crate::dto! { pub struct MettreAJourLaissezPasserLot ("mettreAJourLaissezPasserLot", "") {
    tout_ou_rien: Option<String> = "toutOuRien" [optional],
    laissez_passer: Option<TableauLaissezPasser> = "laissezPasser",
} }
crate::dto! { pub struct MettreAJourLaissezPasserLotResponse ("mettreAJourLaissezPasserLotResponse", "") {
    resultat: Vec<ResultatLaissezPasserDTO> = "resultat" [optional],
} }

pub static SERVICE: ServiceDef = ServiceDef {
    port: "LaissezPasserMetier",
    namespace: NS,
    accepted_namespaces: &[
        NS,
        "gouv.education.apogee.commun.servicesmetiers.LaissezPasserMetier_05012015",
    ],
    doc: "Laissez-passer : autorisation d'inscription à une étape (primo-entrant par numéro d'OPI, réinscription par numéro d'étudiant).",
    operations: &[
        Operation {
            name: "mettreAJourLaissezPasserWS",
            response: "mettreAJourLaissezPasserWSResponse",
            input_message: "mettreAJourLaissezPasserWSRequest",
            output_message: "mettreAJourLaissezPasserWSResponse",
            handler: v1,
            input_xsd: MettreAJourLaissezPasserWS::xsd_sequence,
            output_xsd: EmptyResponse::xsd_sequence,
            doc: "Crée ou met à jour un laissez-passer (paramètres préfixés par _).",
        },
        Operation {
            name: "mettreAJourLaissezPasserWS_V2",
            response: "mettreAJourLaissezPasserWSResponse_V2",
            input_message: "mettreAJourLaissezPasserWSRequest_V2",
            output_message: "mettreAJourLaissezPasserWSResponse_V2",
            handler: v2,
            input_xsd: MettreAJourLaissezPasserWSV2::xsd_sequence,
            output_xsd: EmptyResponse::xsd_sequence,
            doc: "Crée ou met à jour un laissez-passer, version 2 (paramètres sans _, catégorie socio-professionnelle et exonération).",
        },
        Operation {
            name: "mettreAJourLaissezPasserLot",
            response: "mettreAJourLaissezPasserLotResponse",
            input_message: "mettreAJourLaissezPasserLotRequest",
            output_message: "mettreAJourLaissezPasserLotResponse",
            handler: lot,
            input_xsd: MettreAJourLaissezPasserLot::xsd_sequence,
            output_xsd: MettreAJourLaissezPasserLotResponse::xsd_sequence,
            doc: "Propre à Passerelle : jusqu'à 10 000 laissez-passer (forme V2) en un appel, un résultat par élément ; toutOuRien=true : tout ou rien.",
        },
    ],
};

/// The creating / modifying user of what `ctx`'s request writes: the
/// authenticated client, or [`crate::store::lp::USER`] when nobody is.
pub fn user(ctx: &Ctx) -> &str {
    ctx.caller.as_deref().unwrap_or(crate::store::lp::USER)
}

fn code_of(e: &FieldError) -> String {
    format!("technical.parameter.noncoherentinput.{}", e.field)
}

fn invalid(e: FieldError, prefix: &str, underscore: bool) -> ServiceError {
    let u = if underscore { "_" } else { "" };
    ServiceError::invalid(&code_of(&e), format!("{prefix}/{u}{}", e.path), e.reason)
}

/// The field a refusal of the store names: the last part of a
/// `technical.parameter.…` code, `codEtu` for an unknown student
/// ([`crate::store::lp::UNKNOWN_STUDENT`]); none for an unknown OPI.
pub fn refused_field(code: &str) -> Option<&str> {
    if code.starts_with("technical.parameter.") {
        code.rsplit('.').next()
    } else if code == crate::store::lp::UNKNOWN_STUDENT {
        Some("codEtu")
    } else {
        None
    }
}

/// Writes one laissez-passer; a refusal of the store becomes its fault.
async fn one(
    ctx: Ctx,
    lp: Result<Lp, FieldError>,
    op: &str,
    v1: bool,
) -> Result<String, ServiceError> {
    let lp = lp.map_err(|e| invalid(e, op, v1))?;
    match ctx.store.upsert_lp(&lp, user(&ctx)).await? {
        LpWrite::Refused { code, reason } => match refused_field(&code) {
            Some(field) => {
                let u = if v1 { "_" } else { "" };
                Err(ServiceError::invalid(
                    &code,
                    format!("{op}/{u}{field}"),
                    reason,
                ))
            }
            None => Err(ServiceError::NotFound { code, reason }),
        },
        outcome => {
            tracing::debug!(key = lp.key(), ?outcome, "laissez-passer stored");
            Ok(String::new())
        }
    }
}

fn v1(ctx: Ctx, node: &Node) -> OpFuture {
    let r = MettreAJourLaissezPasserWS::decode(node, "");
    super::xml(async move {
        let r = r?;
        let t = LpText {
            typ_lpa: r.typ_lpa,
            cod_anu: r.cod_anu,
            num_opi: r.num_opi,
            cod_etu: r.cod_etu,
            cod_etp: r.cod_etp,
            cod_vrs_vet: r.cod_vrs_vet,
            cod_dip: r.cod_dip,
            cod_vrs_vdi: r.cod_vrs_vdi,
            cod_rgi: r.cod_rgi,
            cod_stu: r.cod_stu,
            lib_cmt_lpa: r.lib_cmt_lpa,
            ..Default::default()
        };
        ctx.set_key(format!("lp={}", raw_key(&t)));
        let lp = Lp::parse(&t);
        one(ctx, lp, "mettreAJourLaissezPasserWS", true).await
    })
}

fn v2(ctx: Ctx, node: &Node) -> OpFuture {
    let r = MettreAJourLaissezPasserWSV2::decode(node, "");
    super::xml(async move {
        let r = r?;
        let t = LpText {
            typ_lpa: r.typ_lpa,
            cod_anu: r.cod_anu,
            num_opi: r.num_opi,
            cod_etu: r.cod_etu,
            cod_etp: r.cod_etp,
            cod_vrs_vet: r.cod_vrs_vet,
            cod_dip: r.cod_dip,
            cod_vrs_vdi: r.cod_vrs_vdi,
            cod_rgi: r.cod_rgi,
            cod_stu: r.cod_stu,
            lib_cmt_lpa: r.lib_cmt_lpa,
            cod_cat_oui_si: r.cod_cat_oui_si,
            mtf_cat: r.mtf_cat,
            cod_cat_exo_ext: r.cod_cat_exo_ext,
        };
        ctx.set_key(format!("lp={}", raw_key(&t)));
        let lp = Lp::parse(&t);
        one(ctx, lp, "mettreAJourLaissezPasserWS_V2", false).await
    })
}

fn text_of(d: LaissezPasserDTO) -> LpText {
    LpText {
        typ_lpa: d.typ_lpa,
        cod_anu: d.cod_anu,
        num_opi: d.num_opi,
        cod_etu: d.cod_etu,
        cod_etp: d.cod_etp,
        cod_vrs_vet: d.cod_vrs_vet,
        cod_dip: d.cod_dip,
        cod_vrs_vdi: d.cod_vrs_vdi,
        cod_rgi: d.cod_rgi,
        cod_stu: d.cod_stu,
        lib_cmt_lpa: d.lib_cmt_lpa,
        cod_cat_oui_si: d.cod_cat_oui_si,
        mtf_cat: d.mtf_cat,
        cod_cat_exo_ext: d.cod_cat_exo_ext,
    }
}

/// The key of an item that did not parse: what was sent, as far as it goes.
fn raw_key(t: &LpText) -> String {
    let s = |v: &Option<String>| v.as_deref().unwrap_or("").trim().to_string();
    let who = if s(&t.typ_lpa).eq_ignore_ascii_case(crate::domain::lp::IAPRIMO) {
        s(&t.num_opi)
    } else {
        s(&t.cod_etu)
    };
    format!(
        "{}/{}/{}/{}/{}",
        s(&t.typ_lpa),
        who,
        s(&t.cod_anu),
        s(&t.cod_etp),
        s(&t.cod_vrs_vet)
    )
}

/// Reads the all-or-nothing flag: `true`, `O`, `1` (any case) or not.
pub fn flag(v: Option<&str>) -> Result<bool, String> {
    match v.map(|s| s.trim().to_ascii_lowercase()).as_deref() {
        None | Some("") | Some("false") | Some("n") | Some("0") => Ok(false),
        Some("true") | Some("o") | Some("1") => Ok(true),
        Some(other) => Err(format!(
            "« {other} » is not a boolean: expected true or false"
        )),
    }
}

/// Per-item outcome of a batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemResult {
    pub key: String,
    pub write: LpWrite,
}

/// Validates every item, writes the valid ones (all or nothing when asked) as
/// `user`: shared by `mettreAJourLaissezPasserLot`, the esup-ws-si operations
/// and `import-lp`.
pub async fn batch(
    store: &dyn crate::store::Store,
    items: Vec<LpText>,
    all_or_nothing: bool,
    user: &str,
) -> Result<Vec<ItemResult>, crate::store::StoreError> {
    let mut results: Vec<Option<ItemResult>> = Vec::with_capacity(items.len());
    let mut valid = Vec::new();
    let mut slots = Vec::new();
    for (i, t) in items.iter().enumerate() {
        match Lp::parse(t) {
            Ok(lp) => {
                slots.push(i);
                valid.push(lp);
                results.push(None);
            }
            Err(e) => results.push(Some(ItemResult {
                key: raw_key(t),
                write: LpWrite::Refused {
                    code: code_of(&e),
                    reason: format!("{}: {}", e.path, e.reason),
                },
            })),
        }
    }
    let mode = match (all_or_nothing, valid.len() < items.len()) {
        (false, _) => BatchMode::EachItem,
        (true, false) => BatchMode::AllOrNothing,
        (true, true) => BatchMode::CheckOnly,
    };
    let writes = store.upsert_lp_batch(&valid, mode, user).await?;
    for ((slot, lp), w) in slots.into_iter().zip(&valid).zip(writes) {
        results[slot] = Some(ItemResult {
            key: lp.key(),
            write: w,
        });
    }
    Ok(results
        .into_iter()
        .map(|r| r.expect("every item decided"))
        .collect())
}

/// `(statut, code, motif)` of a result.
pub fn status(w: &LpWrite) -> (&'static str, Option<String>, Option<String>) {
    match w {
        LpWrite::Created => ("CREE", None, None),
        LpWrite::Updated => ("MODIFIE", None, None),
        LpWrite::Unchanged => ("INCHANGE", None, None),
        LpWrite::Refused { code, reason } => ("REFUSE", Some(code.clone()), Some(reason.clone())),
        LpWrite::RolledBack => (
            "ANNULE",
            Some("passerelle.lot.annule".to_string()),
            Some("valid, but not written: another item was refused (toutOuRien)".to_string()),
        ),
    }
}

fn lot(ctx: Ctx, node: &Node) -> OpFuture {
    let r = MettreAJourLaissezPasserLot::decode(node, "");
    super::xml(async move {
        let r = r?;
        let all = flag(r.tout_ou_rien.as_deref()).map_err(|e| {
            ServiceError::invalid(
                "technical.parameter.noncoherentinput.toutOuRien",
                "mettreAJourLaissezPasserLot/toutOuRien".into(),
                e,
            )
        })?;
        let items = r.laissez_passer.map(|t| t.item).unwrap_or_default();
        if items.len() > MAX_BATCH {
            return Err(ServiceError::invalid(
                "technical.parameter.noncoherentinput.laissezPasser",
                "mettreAJourLaissezPasserLot/laissezPasser".into(),
                format!(
                    "{} laissez-passer sent; at most {MAX_BATCH} per call",
                    items.len()
                ),
            ));
        }
        let texts = items.into_iter().map(text_of).collect();
        let results = batch(ctx.store.as_ref(), texts, all, user(&ctx)).await?;
        Ok(MettreAJourLaissezPasserLotResponse {
            resultat: results
                .into_iter()
                .enumerate()
                .map(|(i, r)| {
                    let (statut, code, motif) = status(&r.write);
                    ResultatLaissezPasserDTO {
                        index: Some(i as i32 + 1),
                        cle: Some(r.key),
                        statut: Some(statut.to_string()),
                        code,
                        motif,
                    }
                })
                .collect(),
        }
        .to_xml())
    })
}
