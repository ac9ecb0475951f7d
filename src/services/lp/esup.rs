//! `InsertLaisserPasser`: the esup-ws-si community batch service (not AMUE;
//! CXF style, namespace `http://remote.services.wssi.esupportail.org/`,
//! children `arg0` repeated), so that tools written against esup-ws-si work.
//!
//! * `addTelemLaisserPasserOpi(arg0: telemLaisserPasserOpiDTO*)`: `IAPRIMO`
//!   laissez-passer; the OPI is identified by `codOpiIntEpo` (required here:
//!   `codIndOpi` is Apogée's internal number, which clients cannot know for
//!   Passerelle, and is ignored).
//! * `addTelemLaisserPasser(arg0: telemLaisserPasserDTO*)`: `REINS`, the student
//!   `codEtuLpa`, which must be a known `individu` (else
//!   `technical.data.nullretrieve.etudiant`); `codInd` is ignored (Passerelle
//!   finds it from `codEtuLpa`).
//! * `delete…`: the same DTOs, by key (person, `codAnu`, `codEtp`, `codVrsVet`).
//!
//! All or nothing, as the Java service's one transaction: the first refused
//! item faults the call (code and reason of the AMUE operations, element
//! `arg0[i]`) and nothing is written. `codUtiCreLpa`/`codUtiModLpa`,
//! `datCreLpa`/`datModLpa` are ignored: Passerelle sets user (the authenticated
//! client) and time itself.
//! Same rules as [`super`] (see docs/LP.md).

use super::super::{Ctx, OpFuture, Operation, ServiceDef, ServiceError};
use crate::domain::lp::{Lp, LpText, IAPRIMO, REINS};
use crate::soap::dto::Dto;
use crate::soap::Node;
use crate::store::LpWrite;

pub const NS: &str = "http://remote.services.wssi.esupportail.org/";

crate::dto! {
    /// `telemLaisserPasserOpiDTO`.
    pub struct TelemLaisserPasserOpiDTO ("telemLaisserPasserOpiDTO", "http://remote.services.wssi.esupportail.org/") {
        cod_anu: Option<String> = "codAnu" [optional],
        cod_dip: Option<String> = "codDip" [optional],
        cod_etp: Option<String> = "codEtp" [optional],
        cod_ind_opi: Option<i32> = "codIndOpi",
        cod_opi_int_epo: Option<String> = "codOpiIntEpo" [optional],
        cod_uti_cre_lpa: Option<String> = "codUtiCreLpa" [optional],
        cod_uti_mod_lpa: Option<String> = "codUtiModLpa" [optional],
        cod_vrs_vdi: Option<i32> = "codVrsVdi" [optional],
        cod_vrs_vet: Option<i32> = "codVrsVet" [optional],
        dat_cre_lpa: Option<String> = "datCreLpa" [optional],
        dat_mod_lpa: Option<String> = "datModLpa" [optional],
        lib_cmt_lpa: Option<String> = "libCmtLpa" [optional],
    }
}
crate::dto! {
    /// `telemLaisserPasserDTO`.
    pub struct TelemLaisserPasserDTO ("telemLaisserPasserDTO", "http://remote.services.wssi.esupportail.org/") {
        cod_anu: Option<String> = "codAnu" [optional],
        cod_dip: Option<String> = "codDip" [optional],
        cod_etp: Option<String> = "codEtp" [optional],
        cod_etu_lpa: Option<i32> = "codEtuLpa",
        cod_ind: Option<i32> = "codInd",
        cod_uti_cre_lpa: Option<String> = "codUtiCreLpa" [optional],
        cod_uti_mod_lpa: Option<String> = "codUtiModLpa" [optional],
        cod_vrs_vdi: Option<i32> = "codVrsVdi" [optional],
        cod_vrs_vet: Option<i32> = "codVrsVet" [optional],
        dat_cre_lpa: Option<String> = "datCreLpa" [optional],
        dat_mod_lpa: Option<String> = "datModLpa" [optional],
        lib_cmt_lpa: Option<String> = "libCmtLpa" [optional],
    }
}
crate::dto! { pub struct AddTelemLaisserPasserOpi ("addTelemLaisserPasserOpi", "") {
    arg0: Vec<TelemLaisserPasserOpiDTO> = "arg0" [optional],
} }
crate::dto! { pub struct DeleteTelemLaisserPasserOpi ("deleteTelemLaisserPasserOpi", "") {
    arg0: Vec<TelemLaisserPasserOpiDTO> = "arg0" [optional],
} }
crate::dto! { pub struct AddTelemLaisserPasser ("addTelemLaisserPasser", "") {
    arg0: Vec<TelemLaisserPasserDTO> = "arg0" [optional],
} }
crate::dto! { pub struct DeleteTelemLaisserPasser ("deleteTelemLaisserPasser", "") {
    arg0: Vec<TelemLaisserPasserDTO> = "arg0" [optional],
} }
crate::dto! { pub struct EmptyResponse ("response", "") {} }

macro_rules! esup_operation {
    ($name:literal, $handler:ident, $wrapper:ty, $doc:literal) => {
        Operation {
            name: $name,
            response: concat!($name, "Response"),
            input_message: $name,
            output_message: concat!($name, "Response"),
            handler: $handler,
            input_xsd: <$wrapper>::xsd_sequence,
            output_xsd: EmptyResponse::xsd_sequence,
            doc: $doc,
        }
    };
}

pub static SERVICE: ServiceDef = ServiceDef {
    port: "InsertLaisserPasser",
    namespace: NS,
    accepted_namespaces: &[NS],
    doc: "Laissez-passer par lots, service communautaire esup-ws-si (addTelemLaisserPasser[Opi], deleteTelemLaisserPasser[Opi]) ; tout ou rien.",
    operations: &[
        esup_operation!("addTelemLaisserPasserOpi", add_opi, AddTelemLaisserPasserOpi, "Crée ou met à jour des laissez-passer de primo-entrants (OPI), tout ou rien."),
        esup_operation!("addTelemLaisserPasser", add_etu, AddTelemLaisserPasser, "Crée ou met à jour des laissez-passer de réinscription, tout ou rien."),
        esup_operation!("deleteTelemLaisserPasserOpi", delete_opi, DeleteTelemLaisserPasserOpi, "Supprime des laissez-passer de primo-entrants (OPI)."),
        esup_operation!("deleteTelemLaisserPasser", delete_etu, DeleteTelemLaisserPasser, "Supprime des laissez-passer de réinscription."),
    ],
};

fn opi_text(d: TelemLaisserPasserOpiDTO) -> LpText {
    LpText {
        typ_lpa: Some(IAPRIMO.into()),
        cod_anu: d.cod_anu,
        num_opi: d.cod_opi_int_epo,
        cod_etp: d.cod_etp,
        cod_vrs_vet: d.cod_vrs_vet.map(|v| v.to_string()),
        cod_dip: d.cod_dip,
        cod_vrs_vdi: d.cod_vrs_vdi.map(|v| v.to_string()),
        lib_cmt_lpa: d.lib_cmt_lpa,
        ..Default::default()
    }
}

fn etu_text(d: TelemLaisserPasserDTO) -> LpText {
    LpText {
        typ_lpa: Some(REINS.into()),
        cod_anu: d.cod_anu,
        cod_etu: d.cod_etu_lpa.map(|v| v.to_string()),
        cod_etp: d.cod_etp,
        cod_vrs_vet: d.cod_vrs_vet.map(|v| v.to_string()),
        cod_dip: d.cod_dip,
        cod_vrs_vdi: d.cod_vrs_vdi.map(|v| v.to_string()),
        lib_cmt_lpa: d.lib_cmt_lpa,
        ..Default::default()
    }
}

/// The fault of the item `i` (0-based): element `op/arg0[i+1]`, and
/// `…/codEtuLpa` when its student is unknown.
fn refused(op: &str, i: usize, code: String, reason: String) -> ServiceError {
    let field = if code == crate::store::lp::UNKNOWN_STUDENT {
        "/codEtuLpa"
    } else {
        ""
    };
    ServiceError::invalid(&code, format!("{op}/arg0[{}]{field}", i + 1), reason)
}

async fn add(ctx: Ctx, op: &str, texts: Vec<LpText>) -> Result<String, ServiceError> {
    let results = super::batch(ctx.store.as_ref(), texts, true, super::user(&ctx)).await?;
    if let Some((i, code, reason)) =
        results
            .into_iter()
            .enumerate()
            .find_map(|(i, r)| match r.write {
                LpWrite::Refused { code, reason } => Some((i, code, reason)),
                _ => None,
            })
    {
        return Err(refused(op, i, code, reason));
    }
    Ok(String::new())
}

async fn delete(ctx: Ctx, op: &str, texts: Vec<LpText>) -> Result<String, ServiceError> {
    let mut lps = Vec::with_capacity(texts.len());
    for (i, t) in texts.iter().enumerate() {
        let lp = Lp::parse(t).map_err(|e| {
            refused(
                op,
                i,
                format!("technical.parameter.noncoherentinput.{}", e.field),
                format!("{}: {}", e.path, e.reason),
            )
        })?;
        lps.push(lp);
    }
    match ctx.store.delete_lps(&lps).await? {
        Ok(n) => {
            tracing::debug!(op, deleted = n, "laissez-passer deleted");
            Ok(String::new())
        }
        Err((i, LpWrite::Refused { code, reason })) => Err(refused(op, i, code, reason)),
        Err((i, other)) => Err(ServiceError::Store(crate::store::StoreError::Database(
            format!("laissez-passer delete: item {} {other:?}", i + 1),
        ))),
    }
}

/// The four operations differ only in their wrapper, the row shape and add/delete.
macro_rules! esup_operation {
    ($name:ident, $wrapper:ty, $op:literal, $to_text:ident, $action:ident) => {
        fn $name(ctx: Ctx, node: &Node) -> OpFuture {
            let r = <$wrapper>::decode(node, "");
            super::super::xml(async move {
                let r = r?;
                $action(ctx, $op, r.arg0.into_iter().map($to_text).collect()).await
            })
        }
    };
}

esup_operation!(
    add_opi,
    AddTelemLaisserPasserOpi,
    "addTelemLaisserPasserOpi",
    opi_text,
    add
);
esup_operation!(
    add_etu,
    AddTelemLaisserPasser,
    "addTelemLaisserPasser",
    etu_text,
    add
);
esup_operation!(
    delete_opi,
    DeleteTelemLaisserPasserOpi,
    "deleteTelemLaisserPasserOpi",
    opi_text,
    delete
);
esup_operation!(
    delete_etu,
    DeleteTelemLaisserPasser,
    "deleteTelemLaisserPasser",
    etu_text,
    delete
);
