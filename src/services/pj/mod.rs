//! `PjOpiMetier`: supporting documents (pièces justificatives) of an OPI.
//!
//! One operation, `recupererPiecesJustificativesOPIWS`: despite its name Apogée
//! *receives* a document. The body is streamed by `http::routes` (inline base64
//! or MTOM, see [`crate::pj`]): by the time the handler runs, `_pj` is empty in
//! the envelope and its bytes are in a spool file handed over in
//! [`Ctx::pj`](super::Ctx). The handler checks the identity (the OPI exists, the
//! name and first name match, case and accents ignored), the content (sniffed
//! type allowed and agreeing with the file name) and stores it
//! ([`crate::pj::storage::save`]).

use super::{Ctx, OpFuture, Operation, ServiceDef, ServiceError};
use crate::config::PjConfig;
use crate::pj::storage::{self, NewDocument, Outcome, SaveError};
use crate::pj::{fold, sniff, type_of_extension, Spooled};
use crate::soap::dto::{DecodeError, Dto, SchemaSet, XmlItem};
use crate::soap::writer::XmlOut;
use crate::soap::Node;
use crate::store::StoreError;
use std::sync::Mutex;

pub const NS: &str = "gouv.education.apogee.commun.servicesmetiers.PjOpiMetier";
const OP: &str = "recupererPiecesJustificativesOPIWS";

/// An `xsd:base64Binary` element whose content the HTTP layer has already taken
/// out of the envelope: it always decodes as "not given".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Base64Binary;

impl XmlItem for Base64Binary {
    fn decode_item(_: &Node, _: &str) -> Result<Option<Self>, DecodeError> {
        Ok(None)
    }
    fn encode_item(&self, name: &str, out: &mut XmlOut) {
        out.leaf(name, "");
    }
    fn xsd_type(_: &mut SchemaSet) -> String {
        "xsd:base64Binary".into()
    }
}

crate::dto! {
    pub struct PjOpiRetourDTO ("PjOpiRetourDTO", "PjOpiRetourDTO.opipj.dto.transverse.commun.apogee.education.gouv") {
        msg: Option<String> = "msg" [nillable],
        erreur_description: Option<String> = "erreurDescription" [nillable],
    }
}

crate::dto! { pub struct RecupererPiecesJustificativesOPIWS ("recupererPiecesJustificativesOPIWS", "") {
    cod_opi_int_epo: Option<String> = "_codOpiIntEpo",
    lib_nom_pat_ind_opi: Option<String> = "_libNomPatIndOpi",
    lib_pr1_ind_opi: Option<String> = "_libPr1IndOpi",
    cod_tpj: Option<String> = "_codTpj",
    nom_fic: Option<String> = "_nomFic",
    pj: Option<Base64Binary> = "_pj",
} }

crate::dto! { pub struct RecupererPiecesJustificativesOPIWSResponse ("recupererPiecesJustificativesOPIWSResponse", "") {
    pj_opi_retour_dto: Option<PjOpiRetourDTO> = "PjOpiRetourDTO",
} }

pub static SERVICE: ServiceDef = ServiceDef {
    port: "PjOpiMetier",
    namespace: NS,
    accepted_namespaces: &[
        NS,
        "gouv.education.apogee.commun.servicesmetiers.PjOpiMetier_16012017",
    ],
    doc: "Pièces justificatives d'une OPI (base64 en ligne ou pièce jointe MTOM), vérifiées puis rangées.",
    operations: &[Operation {
        name: OP,
        response: "recupererPiecesJustificativesOPIWSResponse",
        input_message: "recupererPiecesJustificativesOPIWSRequest",
        output_message: "recupererPiecesJustificativesOPIWSResponse",
        handler: recuperer,
        input_xsd: RecupererPiecesJustificativesOPIWS::xsd_sequence,
        output_xsd: RecupererPiecesJustificativesOPIWSResponse::xsd_sequence,
        doc: "Reçoit un document (_pj) pour une OPI existante ; nom et prénom doivent correspondre.",
    }],
};

/// The document the HTTP layer extracted from the request, and the settings.
pub struct Upload {
    pub config: PjConfig,
    pub document: Mutex<Option<Spooled>>,
}

fn bad(field: &str, reason: impl Into<String>) -> ServiceError {
    ServiceError::invalid(
        &format!(
            "technical.parameter.noncoherentinput.{}",
            field.trim_start_matches('_')
        ),
        format!("{OP}/{field}"),
        reason,
    )
}

fn required<'a>(v: &'a Option<String>, field: &str) -> Result<&'a str, ServiceError> {
    v.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .ok_or_else(|| bad(field, format!("{field} is required")))
}

fn save_err(e: SaveError) -> ServiceError {
    match e {
        SaveError::Store(e) => ServiceError::Store(e),
        other => ServiceError::Store(StoreError::Database(other.to_string())),
    }
}

fn recuperer(ctx: Ctx, node: &Node) -> OpFuture {
    let req = RecupererPiecesJustificativesOPIWS::decode(node, OP);
    super::xml(async move {
        let req = req?;
        if let Some(k) = &req.cod_opi_int_epo {
            ctx.set_key(format!(
                "codOpiIntEpo={} codTpj={}",
                k.trim(),
                req.cod_tpj.as_deref().unwrap_or("").trim()
            ));
        }
        let key = required(&req.cod_opi_int_epo, "_codOpiIntEpo")?;
        let nom = required(&req.lib_nom_pat_ind_opi, "_libNomPatIndOpi")?;
        let prenom = required(&req.lib_pr1_ind_opi, "_libPr1IndOpi")?;
        let tpj = required(&req.cod_tpj, "_codTpj")?;
        let nom_fic = required(&req.nom_fic, "_nomFic")?;
        if tpj.len() > 10
            || !tpj
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        {
            return Err(bad(
                "_codTpj",
                format!("« {tpj} » is not a document type code (up to 10 letters, digits, _ or -)"),
            ));
        }
        if nom_fic.len() > 255 || nom_fic.contains(['/', '\\', '\0']) {
            return Err(bad(
                "_nomFic",
                "the file name must be a plain name of at most 255 bytes",
            ));
        }
        let upload = ctx
            .pj
            .clone()
            .ok_or_else(|| bad("_pj", "the document (_pj) is required"))?;
        let doc = upload.document.lock().ok().and_then(|mut d| d.take());
        let Some(doc) = doc.filter(|d| d.size > 0) else {
            return Err(bad(
                "_pj",
                "the document (_pj) is required and may not be empty",
            ));
        };
        let Some((cod_ind_opi, stored_nom, stored_prenom)) = ctx.store.opi_identity(key).await?
        else {
            return Err(ServiceError::NotFound {
                code: "technical.data.nullretrieve.opi".into(),
                reason: format!("No OPI has the code {key} (_codOpiIntEpo); send the OPI first."),
            });
        };
        if fold(nom) != fold(&stored_nom) {
            return Err(bad(
                "_libNomPatIndOpi",
                format!("the name « {nom} » does not match the OPI {key}"),
            ));
        }
        if fold(prenom) != fold(&stored_prenom) {
            return Err(bad(
                "_libPr1IndOpi",
                format!("the first name « {prenom} » does not match the OPI {key}"),
            ));
        }
        let cfg = &upload.config;
        let Some(found) = sniff(&doc.head) else {
            return Err(bad("_pj", format!(
                "the document is not of an accepted type: its first bytes ({}) are not those of a PDF, JPEG or PNG file",
                crate::pj::hex(&doc.head[..doc.head.len().min(8)])
            )));
        };
        if !cfg
            .allowed_types
            .iter()
            .any(|t| t.eq_ignore_ascii_case(found))
        {
            return Err(bad(
                "_pj",
                format!(
                    "the document is {found}, which is not accepted (accepted: {})",
                    cfg.allowed_types.join(", ")
                ),
            ));
        }
        match type_of_extension(nom_fic) {
            Some(t) if t == found => {}
            Some(t) => {
                return Err(bad("_pj", format!(
                    "the document is {found} but the file name « {nom_fic} » announces {t}"
                )))
            }
            None => {
                return Err(bad("_nomFic", format!(
                    "the file name « {nom_fic} » has no known extension (pdf, jpg, jpeg, png); the document is {found}"
                )))
            }
        }
        let outcome = storage::save(
            ctx.store.as_ref(),
            cfg,
            NewDocument {
                cod_ind_opi,
                cod_tpj: tpj,
                cod_opi_int_epo: key,
                nom_fic,
                mime: found,
            },
            doc,
        )
        .await
        .map_err(save_err)?;
        tracing::debug!(cod_opi_int_epo = key, cod_tpj = tpj, ?outcome, "PJ stored");
        let msg = match outcome {
            Outcome::Created => "PJ enregistrée",
            Outcome::Replaced => "PJ remplacée",
            Outcome::Unchanged => "PJ identique déjà enregistrée",
        };
        Ok(RecupererPiecesJustificativesOPIWSResponse {
            pj_opi_retour_dto: Some(PjOpiRetourDTO {
                msg: Some(msg.into()),
                erreur_description: None,
            }),
        }
        .to_xml())
    })
}
