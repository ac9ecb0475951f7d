//! `OffreFormationMetier`: the course structure ("Structure des Enseignements")
//! that applicant platforms, internship tools and student portals read.
//!
//! * `recupererSE_v4` / `recupererSE_v3`: the criteria `_seCritere`
//!   ([`dto::SECritereDTO2`]) are read into [`Criteres`] (each of `codDip`,
//!   `codVrsVdi`, `codEtp`, `codVrsVet`, `codElp` is mandatory: a code, `tous`
//!   or `aucun`, case-insensitive), the whole catalogue is read from the store
//!   ([`crate::store::Store::catalogue`]) and [`assemble`]d under them (the
//!   semantics are documented there), then mapped to the `DiplomeDTO4` or
//!   `DiplomeDTO3` tree ([`mapping`]). An empty answer is the fault
//!   `technical.data.nullretrieve.recupererse`, as Apogée answers.
//! * `recupererGroupe_v3`: Passerelle holds no groups or collections. It answers
//!   the ELP (`_codElp`) and the versions d'étape (`_codEtp`, `_codVrsVet`) it
//!   knows, each with an empty collection list, so that a client such as
//!   esup-mdw shows "no group" instead of an error; an ELP or étape it does not
//!   know is `technical.data.nullretrieve.recuperergroupe`.
//! * `recupererEpreuves` is not served (no exam data).

pub mod dto;
pub mod mapping;

use super::{Answer, ChunkSink, Ctx, OpFuture, OpResult, Operation, ServiceDef, ServiceError};
use crate::domain::offre::{assemble, Catalogue, Criteres, Diplome, Niveau};
use crate::soap::dto::{Dto, XmlItem};
use crate::soap::writer::XmlOut;
use crate::soap::Node;
use dto::*;

pub const NS: &str = "gouv.education.apogee.commun.servicesmetiers.OffreFormationMetier";

crate::dto! { pub struct RecupererSEV3 ("recupererSE_v3", "") {
    se_critere: Option<SECritereDTO2> = "_seCritere",
} }
crate::dto! { pub struct RecupererSEV4 ("recupererSE_v4", "") {
    se_critere: Option<SECritereDTO2> = "_seCritere",
} }
crate::dto! { pub struct RecupererSEV3Response ("recupererSE_v3Response", "") {
    ret: Vec<DiplomeDTO3> = "recupererSE_v3Return",
} }
crate::dto! { pub struct RecupererSEV4Response ("recupererSE_v4Response", "") {
    ret: Vec<DiplomeDTO4> = "recupererSE_v4Return",
} }
crate::dto! { pub struct RecupererGroupeV3 ("recupererGroupe_v3", "") {
    cod_anu: Option<String> = "_codAnu",
    cod_etp: Option<String> = "_codEtp",
    cod_vrs_vet: Option<String> = "_codVrsVet",
    list_collection_vet: Vec<CollectionDTO> = "_listCollectionVet" [nillable, optional],
    cod_elp: Option<String> = "_codElp",
    list_collection_elp: Vec<CollectionDTO> = "_listCollectionElp" [nillable, optional],
} }
crate::dto! { pub struct RecupererGroupeV3Response ("recupererGroupe_v3Response", "") {
    ret: Option<RecupererGroupeDTO3> = "recupererGroupe_v3Return",
} }

pub static SERVICE: ServiceDef = ServiceDef {
    port: "OffreFormationMetier",
    namespace: NS,
    accepted_namespaces: &[
        NS,
        "gouv.education.apogee.commun.servicesmetiers.OffreFormationMetier_09062014",
    ],
    doc: "Structure des enseignements : diplômes, versions, étapes, listes et éléments pédagogiques.",
    operations: &[
        Operation {
            name: "recupererGroupe_v3",
            response: "recupererGroupe_v3Response",
            input_message: "recupererGroupe_v3Request",
            output_message: "recupererGroupe_v3Response",
            handler: recuperer_groupe_v3,
            input_xsd: RecupererGroupeV3::xsd_sequence,
            output_xsd: RecupererGroupeV3Response::xsd_sequence,
            doc: "Groupes d'un ELP ou d'une VET (sans données de groupes : l'ELP ou la VET, collections vides).",
        },
        Operation {
            name: "recupererSE_v3",
            response: "recupererSE_v3Response",
            input_message: "recupererSE_v3Request",
            output_message: "recupererSE_v3Response",
            handler: recuperer_se_v3,
            input_xsd: RecupererSEV3::xsd_sequence,
            output_xsd: RecupererSEV3Response::xsd_sequence,
            doc: "Structure des enseignements selon les critères (DTO3, esup-pstage).",
        },
        Operation {
            name: "recupererSE_v4",
            response: "recupererSE_v4Response",
            input_message: "recupererSE_v4Request",
            output_message: "recupererSE_v4Response",
            handler: recuperer_se_v4,
            input_xsd: RecupererSEV4::xsd_sequence,
            output_xsd: RecupererSEV4Response::xsd_sequence,
            doc: "Structure des enseignements selon les critères (DTO4, esup-siscol).",
        },
    ],
};

const CRITERE: &str = "_seCritere";

fn noncoherent(what: &str, path: String, reason: impl Into<String>) -> ServiceError {
    ServiceError::invalid(
        &format!("technical.parameter.noncoherentinput.{what}"),
        path,
        reason,
    )
}

/// A value that is absent, nil or blank is "not given".
fn given(v: &Option<String>) -> Option<String> {
    v.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

/// One of the five mandatory level criteria. `key` is the stub's fault key
/// (`coddiplome`…), `version`: the code must be an integer.
fn niveau(
    v: &Option<String>,
    field: &str,
    key: &str,
    version: bool,
) -> Result<Niveau, ServiceError> {
    let path = format!("{CRITERE}/{field}");
    let Some(v) = given(v) else {
        return Err(noncoherent(
            &format!("{key}obligatoire"),
            path,
            format!("{field} is required: a code, « tous » or « aucun »"),
        ));
    };
    let lower = v.to_ascii_lowercase();
    Ok(match lower.as_str() {
        "tous" | "toutes" => Niveau::Tous,
        "aucun" => Niveau::Aucun,
        _ if version && v.parse::<i32>().is_err() => {
            return Err(noncoherent(
                field,
                path,
                format!(
                    "{field} « {v} » is not a version number (an integer), « tous » or « aucun »"
                ),
            ))
        }
        _ => Niveau::Code(v),
    })
}

/// A year `yyyy`, or a fault naming `path`.
fn annee(v: &Option<String>, field: &str, path: String) -> Result<Option<String>, ServiceError> {
    match given(v) {
        None => Ok(None),
        Some(y) if y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()) => Ok(Some(y)),
        Some(y) => Err(noncoherent(
            field,
            path,
            format!("{field} « {y} » is not a year (yyyy)"),
        )),
    }
}

/// Reads `_seCritere` into [`Criteres`]. The mandatory criteria are checked in
/// the schema's order (`codDip`, `codElp`, `codEtp`, `codVrsVdi`, `codVrsVet`),
/// with the fault codes of the reference; a missing `codVrsVet` is
/// `codetapeobligatoire`, as the reference's only known source (the Unistra
/// stub) spells it.
pub fn criteres(c: Option<&SECritereDTO2>) -> Result<Criteres, ServiceError> {
    let empty = SECritereDTO2::default();
    let c = c.unwrap_or(&empty);
    let cod_dip = niveau(&c.cod_dip, "codDip", "coddiplome", false)?;
    let cod_elp = niveau(&c.cod_elp, "codElp", "codelp", false)?;
    let cod_etp = niveau(&c.cod_etp, "codEtp", "codetape", false)?;
    let cod_vrs_vdi = niveau(&c.cod_vrs_vdi, "codVrsVdi", "codversiondiplome", true)?;
    let cod_vrs_vet = niveau(&c.cod_vrs_vet, "codVrsVet", "codetape", true)?;
    let tem_ouvert_recrutement = match given(&c.tem_ouvert_recrutement)
        .map(|t| t.to_ascii_uppercase())
        .as_deref()
    {
        None => None,
        Some("O") => Some(true),
        Some("N") => Some(false),
        Some(other) => {
            return Err(noncoherent(
                "temOuvertRecrutement",
                format!("{CRITERE}/temOuvertRecrutement"),
                format!("temOuvertRecrutement « {other} » is neither O nor N"),
            ))
        }
    };
    Ok(Criteres {
        cod_dip,
        cod_vrs_vdi,
        cod_etp,
        cod_vrs_vet,
        cod_elp,
        tem_ouvert_recrutement,
        cod_composante_vdi: given(&c.cod_composante_vdi),
        cod_anu: annee(&c.cod_anu, "codAnu", format!("{CRITERE}/codAnu"))?,
        cod_typ_dip: given(&c.cod_typ_dip),
        cod_nature_dip: given(&c.cod_nature_dip),
        cod_nature_elp: given(&c.cod_nature_elp),
    })
}

/// How many encoded diplomas may wait between the encoder and the connection.
const STREAM_CHUNKS: usize = 4;

/// Answers `recupererSE_v*`: reads the criteria and the catalogue and builds
/// the tree first (every fault — criteria, store, nullretrieve — is known before
/// the first byte), then maps and encodes it one diploma at a time on a blocking
/// thread (a large catalogue takes tens of milliseconds of CPU, which must not
/// stall the runtime's workers), each diploma sent as one chunk through a bounded
/// channel. Only a few diplomas' XML are in memory at once, and the first byte
/// leaves as soon as the first diploma is encoded. If the client goes away, the
/// send fails and the encoding stops.
async fn structure(
    ctx: &Ctx,
    c: Option<&SECritereDTO2>,
    item: fn(&Diplome, &mut XmlOut),
) -> OpResult {
    if let Some(c) = c {
        ctx.set_key(criteria_key(c));
    }
    let k = criteres(c)?;
    let catalogue = ctx.store.catalogue().await?;
    let tree = tokio::task::spawn_blocking(move || assemble(&catalogue, &k))
        .await
        .unwrap_or_else(|e| std::panic::resume_unwind(e.into_panic()));
    if tree.is_empty() {
        return Err(ServiceError::NotFound {
            code: "technical.data.nullretrieve.recupererse".into(),
            reason: "No course structure matches the criteria.".into(),
        });
    }
    let (sink, rx) = ChunkSink::channel(STREAM_CHUNKS);
    tokio::task::spawn_blocking(move || {
        for d in tree {
            let mut out = XmlOut::new();
            item(&d, &mut out);
            drop(d);
            if !sink.send(out.into_string()) {
                tracing::debug!("client gone: recupererSE encoding stopped");
                return;
            }
        }
        sink.finish();
    });
    Ok(Answer::Stream(rx))
}

/// The journal's key of a `recupererSE` call: the level criteria sent
/// (`codDip=LINF codVrsVdi=tous codEtp=aucun …`).
fn criteria_key(c: &SECritereDTO2) -> String {
    [
        ("codDip", &c.cod_dip),
        ("codVrsVdi", &c.cod_vrs_vdi),
        ("codEtp", &c.cod_etp),
        ("codVrsVet", &c.cod_vrs_vet),
        ("codElp", &c.cod_elp),
    ]
    .iter()
    .filter_map(|(n, v)| v.as_deref().map(|v| format!("{n}={}", v.trim())))
    .collect::<Vec<_>>()
    .join(" ")
}

fn item_v4(d: &Diplome, out: &mut XmlOut) {
    mapping::diplome_v4(d).encode_item("recupererSE_v4Return", out);
}

fn item_v3(d: &Diplome, out: &mut XmlOut) {
    mapping::diplome_v3(d).encode_item("recupererSE_v3Return", out);
}

/// The children of a `recupererSE_v4Response`, encoded whole (the reference
/// for the streamed answer, which must be byte-identical).
pub fn encode_v4(tree: &[Diplome]) -> String {
    RecupererSEV4Response {
        ret: tree.iter().map(mapping::diplome_v4).collect(),
    }
    .to_xml()
}

/// The children of a `recupererSE_v3Response`, encoded whole.
pub fn encode_v3(tree: &[Diplome]) -> String {
    RecupererSEV3Response {
        ret: tree.iter().map(mapping::diplome_v3).collect(),
    }
    .to_xml()
}

fn recuperer_se_v4(ctx: Ctx, node: &Node) -> OpFuture {
    let req = RecupererSEV4::decode(node, "");
    Box::pin(async move {
        let req = req?;
        structure(&ctx, req.se_critere.as_ref(), item_v4).await
    })
}

fn recuperer_se_v3(ctx: Ctx, node: &Node) -> OpFuture {
    let req = RecupererSEV3::decode(node, "");
    Box::pin(async move {
        let req = req?;
        structure(&ctx, req.se_critere.as_ref(), item_v3).await
    })
}

fn no_group(reason: String) -> ServiceError {
    ServiceError::NotFound {
        code: "technical.data.nullretrieve.recuperergroupe".into(),
        reason,
    }
}

/// The ELP and VETs a `recupererGroupe_v3` call names, from the catalogue.
fn groupe(c: &Catalogue, req: &RecupererGroupeV3) -> Result<RecupererGroupeDTO3, ServiceError> {
    let cod_elp = given(&req.cod_elp);
    let cod_etp = given(&req.cod_etp);
    let cod_vrs_vet = match given(&req.cod_vrs_vet) {
        None => None,
        Some(v) => Some(v.parse::<i32>().map_err(|_| {
            noncoherent(
                "codVrsVet",
                "_codVrsVet".into(),
                format!("_codVrsVet « {v} » is not a version number (an integer)"),
            )
        })?),
    };
    if cod_elp.is_none() && cod_etp.is_none() {
        return Err(noncoherent(
            "codElp",
            "_codElp".into(),
            "_codElp or _codEtp (with _codVrsVet) is required",
        ));
    }
    let mut elps = Vec::new();
    if let Some(code) = &cod_elp {
        let e = c
            .elements_pedagogi
            .iter()
            .find(|e| e.cod_elp.eq_ignore_ascii_case(code))
            .ok_or_else(|| no_group(format!("No element pédagogique « {code} ».")))?;
        let nature =
            e.cod_nel
                .as_ref()
                .map(|n| match c.natures_elp.iter().find(|l| &l.code == n) {
                    Some(l) => l.clone(),
                    None => crate::domain::offre::Libelle {
                        code: n.clone(),
                        ..Default::default()
                    },
                });
        elps.push(mapping::groupe_elp(e, nature.as_ref()));
    }
    let mut vets = Vec::new();
    if let Some(code) = &cod_etp {
        let lib_etp = c
            .etapes
            .iter()
            .find(|e| e.cod_etp.eq_ignore_ascii_case(code))
            .map(|e| e.lib_etp.as_str());
        vets = c
            .versions_etape
            .iter()
            .filter(|v| {
                v.cod_etp.eq_ignore_ascii_case(code)
                    && cod_vrs_vet.is_none_or(|n| n == v.cod_vrs_vet)
            })
            .map(|v| mapping::groupe_vet(v, lib_etp))
            .collect();
        if vets.is_empty() {
            return Err(no_group(match cod_vrs_vet {
                Some(n) => format!("No version d'étape « {code} » {n}."),
                None => format!("No version d'étape of étape « {code} »."),
            }));
        }
    }
    Ok(RecupererGroupeDTO3 {
        list_element_pedagogi: Some(TableauElementPedagogi {
            element_pedagogi: elps,
        }),
        list_version_etape: Some(TableauVersionEtape {
            version_etape: vets,
        }),
    })
}

fn recuperer_groupe_v3(ctx: Ctx, node: &Node) -> OpFuture {
    let req = RecupererGroupeV3::decode(node, "");
    super::xml(async move {
        let req = req?;
        annee(&req.cod_anu, "codAnu", "_codAnu".into())?;
        let catalogue = ctx.store.catalogue().await?;
        Ok(RecupererGroupeV3Response {
            ret: Some(groupe(&catalogue, &req)?),
        }
        .to_xml())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(dip: &str, vdi: &str, etp: &str, vet: &str, elp: &str) -> SECritereDTO2 {
        let s = |v: &str| (v != "-").then(|| v.to_string());
        SECritereDTO2 {
            cod_dip: s(dip),
            cod_vrs_vdi: s(vdi),
            cod_etp: s(etp),
            cod_vrs_vet: s(vet),
            cod_elp: s(elp),
            ..Default::default()
        }
    }

    fn code(e: ServiceError) -> String {
        match e {
            ServiceError::Invalid { code, .. } => code,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn keywords_codes_and_versions() {
        let k = criteres(Some(&c("TOUS", "Aucun", " L1INF ", "101", "tous"))).unwrap();
        assert_eq!(k.cod_dip, Niveau::Tous);
        assert_eq!(k.cod_vrs_vdi, Niveau::Aucun);
        assert_eq!(k.cod_etp, Niveau::Code("L1INF".into()));
        assert_eq!(k.cod_vrs_vet, Niveau::Code("101".into()));
        assert_eq!(k.tem_ouvert_recrutement, None);
        let e = criteres(Some(&c("tous", "v1", "tous", "tous", "tous"))).unwrap_err();
        assert_eq!(code(e), "technical.parameter.noncoherentinput.codVrsVdi");
        let e = criteres(Some(&c("tous", "tous", "tous", "1.5", "tous"))).unwrap_err();
        assert_eq!(code(e), "technical.parameter.noncoherentinput.codVrsVet");
    }

    #[test]
    fn mandatory_criteria() {
        let cases = [
            (
                c("-", "tous", "tous", "tous", "tous"),
                "coddiplomeobligatoire",
            ),
            (
                c("tous", "", "tous", "tous", "tous"),
                "codversiondiplomeobligatoire",
            ),
            (
                c("tous", "tous", " ", "tous", "tous"),
                "codetapeobligatoire",
            ),
            (
                c("tous", "tous", "tous", "-", "tous"),
                "codetapeobligatoire",
            ),
            (c("tous", "tous", "tous", "tous", "-"), "codelpobligatoire"),
        ];
        for (crit, want) in cases {
            let e = criteres(Some(&crit)).unwrap_err();
            assert_eq!(
                code(e),
                format!("technical.parameter.noncoherentinput.{want}")
            );
        }
        let e = criteres(None).unwrap_err();
        assert_eq!(
            code(e),
            "technical.parameter.noncoherentinput.coddiplomeobligatoire"
        );
    }

    #[test]
    fn optional_criteria() {
        let mut s = c("tous", "tous", "tous", "tous", "aucun");
        s.tem_ouvert_recrutement = Some("o".into());
        s.cod_anu = Some("2025".into());
        s.cod_typ_dip = Some(" ".into());
        let k = criteres(Some(&s)).unwrap();
        assert_eq!(k.tem_ouvert_recrutement, Some(true));
        assert_eq!(k.cod_anu.as_deref(), Some("2025"));
        assert_eq!(k.cod_typ_dip, None);
        s.tem_ouvert_recrutement = Some("X".into());
        assert_eq!(
            code(criteres(Some(&s)).unwrap_err()),
            "technical.parameter.noncoherentinput.temOuvertRecrutement"
        );
        s.tem_ouvert_recrutement = Some("N".into());
        s.cod_anu = Some("25".into());
        assert_eq!(
            code(criteres(Some(&s)).unwrap_err()),
            "technical.parameter.noncoherentinput.codAnu"
        );
    }
}
