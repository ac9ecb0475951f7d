//! `GeographieMetier`: countries, départements and communes (reference data that
//! ENT portals and internship tools read beside student records).
//!
//! Semantics, as Apogée clients rely on them:
//! * a code parameter that is not given (nil, empty or absent) means "all";
//! * a witness (`_temoinEnService…`) is `O` (in service only), `N` (out of service
//!   only) or `T`/not given (all); any other value is a
//!   `technical.parameter.noncoherentinput.*` fault;
//! * an empty result is not an empty list but the fault
//!   `technical.data.nullretrieve.<pays|departement|commune>`.

use super::{Ctx, OpFuture, Operation, ServiceDef, ServiceError};
use crate::domain::geographie::{check_code_postal, Commune, Departement, Pays};
use crate::domain::{on, Temoin};
use crate::soap::dto::Dto;
use crate::soap::Node;
use crate::store::CommuneFilter;

pub const NS: &str = "gouv.education.apogee.commun.servicesmetiers.GeographieMetier_01082016";

crate::dto! {
    /// Un pays.
    pub struct PaysDTO ("PaysDTO", "PaysDTO.geographie.dto.transverse.commun.apogee.education.gouv") {
        code_pay: Option<String> = "codePay" [nillable],
        lib_nat: Option<String> = "libNat" [nillable],
        lib_pay: Option<String> = "libPay" [nillable],
        tem_en_sve_pay: Option<String> = "temEnSvePay" [nillable],
    }
}

crate::dto! {
    /// Un département et son académie.
    pub struct DepartementDTO ("DepartementDTO", "DepartementDTO.geographie.dto.transverse.commun.apogee.education.gouv") {
        code_aca: Option<String> = "codeAca" [nillable],
        code_dept: Option<String> = "codeDept" [nillable],
        lib_aca: Option<String> = "libAca" [nillable],
        lib_dept: Option<String> = "libDept" [nillable],
        tem_en_sve_dept: Option<String> = "temEnSveDept" [nillable],
    }
}

crate::dto! {
    /// Une commune desservie par un bureau distributeur (v1).
    pub struct CommuneDTO ("CommuneDTO", "CommuneDTO.geographie.dto.transverse.commun.apogee.education.gouv") {
        code_commune: Option<String> = "codeCommune" [nillable],
        code_postal: Option<String> = "codePostal" [nillable],
        lib_bureau_dis: Option<String> = "libBureauDis" [nillable],
        lib_commune: Option<String> = "libCommune" [nillable],
        tem_sev_bureau_dis: Option<String> = "temSevBureauDis" [nillable],
        tem_sev_commune: Option<String> = "temSevCommune" [nillable],
    }
}

crate::dto! {
    /// Une commune desservie par un bureau distributeur, avec l'état du lien (v2).
    pub struct CommuneDTO2 ("CommuneDTO2", "CommuneDTO2.geographie.dto.transverse.commun.apogee.education.gouv") {
        code_commune: Option<String> = "codeCommune" [nillable],
        code_postal: Option<String> = "codePostal" [nillable],
        lib_bureau_dis: Option<String> = "libBureauDis" [nillable],
        lib_commune: Option<String> = "libCommune" [nillable],
        tem_sev_bureau_dis: Option<String> = "temSevBureauDis" [nillable],
        tem_sev_commune: Option<String> = "temSevCommune" [nillable],
        temoin_en_service_com_bd: Option<String> = "temoinEnServiceComBD" [nillable],
    }
}

// Request wrappers (parameters are plain, non-nillable xsd:string).
crate::dto! { pub struct RecupererPays ("recupererPays", "") {
    code_pays: Option<String> = "_codePays",
    temoin_en_service: Option<String> = "_temoinEnService",
} }
crate::dto! { pub struct RecupererDepartement ("recupererDepartement", "") {
    code_dept: Option<String> = "_codeDept",
    temoin_en_service: Option<String> = "_temoinEnService",
} }
crate::dto! { pub struct RecupererCommune ("recupererCommune", "") {
    code_postal: Option<String> = "_codePostal",
    temoin_en_service_com: Option<String> = "_temoinEnServiceCom",
    temoin_en_service_bd: Option<String> = "_temoinEnServiceBD",
} }
crate::dto! { pub struct RecupererCommuneV2 ("recupererCommune_v2", "") {
    code_postal: Option<String> = "_codePostal",
    temoin_en_service_com: Option<String> = "_temoinEnServiceCom",
    temoin_en_service_bd: Option<String> = "_temoinEnServiceBD",
    temoin_en_service_com_bd: Option<String> = "_temoinEnServiceComBD",
} }

// Response wrappers.
crate::dto! { pub struct RecupererPaysResponse ("recupererPaysResponse", "") {
    ret: Vec<PaysDTO> = "recupererPaysReturn",
} }
crate::dto! { pub struct RecupererDepartementResponse ("recupererDepartementResponse", "") {
    ret: Vec<DepartementDTO> = "recupererDepartementReturn",
} }
crate::dto! { pub struct RecupererCommuneResponse ("recupererCommuneResponse", "") {
    ret: Vec<CommuneDTO> = "recupererCommuneReturn",
} }
crate::dto! { pub struct RecupererCommuneResponseV2 ("recupererCommuneResponse_v2", "") {
    ret: Vec<CommuneDTO2> = "recupererCommuneReturn_v2",
} }

pub static SERVICE: ServiceDef = ServiceDef {
    port: "GeographieMetier",
    namespace: NS,
    accepted_namespaces: &[
        NS,
        "gouv.education.apogee.commun.servicesmetiers.GeographieMetier_06062007",
        "gouv.education.apogee.commun.servicesmetiers.GeographieMetier",
    ],
    doc: "Référentiel géographique : pays, départements, communes par code postal.",
    operations: &[
        Operation {
            name: "recupererCommune",
            response: "recupererCommuneResponse",
            input_message: "recupererCommuneRequest",
            output_message: "recupererCommuneResponse",
            handler: recuperer_commune,
            input_xsd: RecupererCommune::xsd_sequence,
            output_xsd: RecupererCommuneResponse::xsd_sequence,
            doc: "Communes d'un code postal (v1).",
        },
        Operation {
            name: "recupererCommune_v2",
            response: "recupererCommuneResponse_v2",
            input_message: "recupererCommuneRequest_v2",
            output_message: "recupererCommuneResponse_v2",
            handler: recuperer_commune_v2,
            input_xsd: RecupererCommuneV2::xsd_sequence,
            output_xsd: RecupererCommuneResponseV2::xsd_sequence,
            doc: "Communes d'un code postal, avec l'état du lien commune / bureau distributeur.",
        },
        Operation {
            name: "recupererPays",
            response: "recupererPaysResponse",
            input_message: "recupererPaysRequest",
            output_message: "recupererPaysResponse",
            handler: recuperer_pays,
            input_xsd: RecupererPays::xsd_sequence,
            output_xsd: RecupererPaysResponse::xsd_sequence,
            doc: "Pays (tous si _codePays n'est pas donné).",
        },
        Operation {
            name: "recupererDepartement",
            response: "recupererDepartementResponse",
            input_message: "recupererDepartementRequest",
            output_message: "recupererDepartementResponse",
            handler: recuperer_departement,
            input_xsd: RecupererDepartement::xsd_sequence,
            output_xsd: RecupererDepartementResponse::xsd_sequence,
            doc: "Départements (tous si _codeDept n'est pas donné).",
        },
    ],
};

/// Reads a witness parameter, or the fault `code` naming `param`.
fn temoin(v: Option<&str>, code: &str, param: &str) -> Result<Temoin, ServiceError> {
    Temoin::parse(v).map_err(|reason| ServiceError::invalid(code, param.to_string(), reason))
}

fn not_found(what: &str, reason: String) -> ServiceError {
    ServiceError::NotFound {
        code: format!("technical.data.nullretrieve.{what}"),
        reason,
    }
}

fn pays_dto(p: Pays) -> PaysDTO {
    PaysDTO {
        code_pay: Some(p.cod_pay),
        lib_nat: p.lib_nat,
        lib_pay: Some(p.lib_pay),
        tem_en_sve_pay: Some(on(p.tem_en_sve_pay).into()),
    }
}

fn departement_dto(d: Departement) -> DepartementDTO {
    DepartementDTO {
        code_aca: d.cod_aca,
        code_dept: Some(d.cod_dep),
        lib_aca: d.lib_aca,
        lib_dept: Some(d.lib_dep),
        tem_en_sve_dept: Some(on(d.tem_en_sve_dep).into()),
    }
}

fn commune_dto2(c: Commune) -> CommuneDTO2 {
    CommuneDTO2 {
        code_commune: Some(c.cod_com),
        code_postal: Some(c.cod_bdi),
        lib_bureau_dis: Some(c.lib_ach_bdi),
        lib_commune: Some(c.lib_com),
        tem_sev_bureau_dis: Some(on(c.tem_en_sve_bdi).into()),
        tem_sev_commune: Some(on(c.tem_en_sve_com).into()),
        temoin_en_service_com_bd: Some(on(c.tem_en_sve_cbd).into()),
    }
}

fn recuperer_pays(ctx: Ctx, node: &Node) -> OpFuture {
    let req = RecupererPays::decode(node, "");
    super::xml(async move {
        let req = req?;
        let t = temoin(
            req.temoin_en_service.as_deref(),
            "technical.parameter.noncoherentinput.temoinenservice",
            "_temoinEnService",
        )?;
        let code = req.code_pays.as_deref();
        let rows = ctx.store.pays(code, t).await?;
        if rows.is_empty() {
            return Err(not_found(
                "pays",
                match code {
                    Some(c) => format!("No country with code « {c} » matches the request."),
                    None => "No country matches the request.".into(),
                },
            ));
        }
        Ok(RecupererPaysResponse {
            ret: rows.into_iter().map(pays_dto).collect(),
        }
        .to_xml())
    })
}

/// Apogée's département codes have three characters (`075`, `02A`); `75` and
/// `2A` are accepted and padded.
fn normalise_dept(code: &str) -> String {
    let c = code.trim().to_ascii_uppercase();
    if c.len() < 3 {
        format!("{c:0>3}")
    } else {
        c
    }
}

fn recuperer_departement(ctx: Ctx, node: &Node) -> OpFuture {
    let req = RecupererDepartement::decode(node, "");
    super::xml(async move {
        let req = req?;
        let t = temoin(
            req.temoin_en_service.as_deref(),
            "technical.parameter.noncoherentinput.temoinenservice",
            "_temoinEnService",
        )?;
        let code = req.code_dept.as_deref().map(normalise_dept);
        let rows = ctx.store.departements(code.as_deref(), t).await?;
        if rows.is_empty() {
            return Err(not_found(
                "departement",
                match code {
                    Some(c) => format!("No département with code « {c} » matches the request."),
                    None => "No département matches the request.".into(),
                },
            ));
        }
        Ok(RecupererDepartementResponse {
            ret: rows.into_iter().map(departement_dto).collect(),
        }
        .to_xml())
    })
}

/// Shared by both versions of `recupererCommune`.
async fn communes(
    ctx: &Ctx,
    code_postal: Option<&str>,
    com: Option<&str>,
    bd: Option<&str>,
    com_bd: Option<&str>,
) -> Result<Vec<Commune>, ServiceError> {
    let field = "_codePostal".to_string();
    let code = "technical.parameter.noncoherentinput.codePostal";
    let cp = code_postal.ok_or_else(|| {
        ServiceError::invalid(code, field.clone(), "The postal code is required.")
    })?;
    let cp = check_code_postal(cp).map_err(|r| ServiceError::invalid(code, field, r))?;
    // The trailing blank of this code is Apogée's own: esup-pstage compares the
    // fault string with `equals`, so it is kept as is.
    let filter = CommuneFilter {
        commune: temoin(
            com,
            "technical.parameter.noncoherentinput.temoinenservicecommune ",
            "_temoinEnServiceCom",
        )?,
        bureau: temoin(
            bd,
            "technical.parameter.noncoherentinput.temoinenservicebd",
            "_temoinEnServiceBD",
        )?,
        lien: temoin(
            com_bd,
            "technical.parameter.noncoherentinput.temoinenservicecombd",
            "_temoinEnServiceComBD",
        )?,
    };
    let rows = ctx.store.communes(&cp, filter).await?;
    if rows.is_empty() {
        return Err(not_found(
            "commune",
            format!("No commune matches the postal code « {cp} » with these filters."),
        ));
    }
    Ok(rows)
}

fn recuperer_commune(ctx: Ctx, node: &Node) -> OpFuture {
    let req = RecupererCommune::decode(node, "");
    super::xml(async move {
        let req = req?;
        let rows = communes(
            &ctx,
            req.code_postal.as_deref(),
            req.temoin_en_service_com.as_deref(),
            req.temoin_en_service_bd.as_deref(),
            None,
        )
        .await?;
        Ok(RecupererCommuneResponse {
            ret: rows
                .into_iter()
                .map(|c| {
                    let d = commune_dto2(c);
                    CommuneDTO {
                        code_commune: d.code_commune,
                        code_postal: d.code_postal,
                        lib_bureau_dis: d.lib_bureau_dis,
                        lib_commune: d.lib_commune,
                        tem_sev_bureau_dis: d.tem_sev_bureau_dis,
                        tem_sev_commune: d.tem_sev_commune,
                    }
                })
                .collect(),
        }
        .to_xml())
    })
}

fn recuperer_commune_v2(ctx: Ctx, node: &Node) -> OpFuture {
    let req = RecupererCommuneV2::decode(node, "");
    super::xml(async move {
        let req = req?;
        let rows = communes(
            &ctx,
            req.code_postal.as_deref(),
            req.temoin_en_service_com.as_deref(),
            req.temoin_en_service_bd.as_deref(),
            req.temoin_en_service_com_bd.as_deref(),
        )
        .await?;
        Ok(RecupererCommuneResponseV2 {
            ret: rows.into_iter().map(commune_dto2).collect(),
        }
        .to_xml())
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn dept_codes_are_padded() {
        assert_eq!(super::normalise_dept("75"), "075");
        assert_eq!(super::normalise_dept("2a"), "02A");
        assert_eq!(super::normalise_dept("075"), "075");
    }
}
