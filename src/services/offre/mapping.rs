//! The answer tree ([`crate::domain::offre::Diplome`] and below) → the DTOs of
//! `recupererSE_v4` and `recupererSE_v3`, and catalogue rows → the DTOs of
//! `recupererGroupe_v3`.
//!
//! Every field the catalogue holds is filled; what it does not hold is nil.
//! Lists: the tree's own lists (`listVersionDiplome`, `listEtape`,
//! `listVersionEtape`, `listListeElementPedagogi`, `listElementPedagogi`,
//! `listComposanteCentreGestion`) are always written, empty when the level is not
//! detailed, because clients walk them without a null check
//! (`lvd.getOffreFormation().getListEtape().getItem()`); lists of data Passerelle
//! does not hold (`listGroupeDiplome`, `listRegime`, `listRespElp`…) are nil.

use super::dto::*;
use crate::domain::offre::{
    Diplome, ElementPedagogiRow, Elp, Etape, Libelle, ListeElp, VersionDiplome, VersionEtape,
    VersionEtapeRow,
};
use crate::domain::on;
use crate::soap::dto::Decimal;

fn o(b: bool) -> Option<String> {
    Some(on(b).to_string())
}

/// A stored decimal as an `xsd:decimal` (a decimal comma is read as a point);
/// anything else is nil rather than an invalid value.
pub fn decimal(v: Option<&String>) -> Option<Decimal> {
    let v = v?.trim().replace(',', ".");
    let digits = v.strip_prefix(['-', '+']).unwrap_or(&v);
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    let ok = !(int.is_empty() && frac.is_empty())
        && int.bytes().all(|b| b.is_ascii_digit())
        && frac.bytes().all(|b| b.is_ascii_digit());
    ok.then_some(Decimal(v))
}

fn code(l: Option<&Libelle>) -> Option<String> {
    l.map(|l| l.code.clone())
}
fn lib(l: Option<&Libelle>) -> Option<String> {
    l.and_then(|l| l.lib.clone())
}
fn sve(l: Option<&Libelle>) -> Option<String> {
    l.and_then(|l| o(l.en_service))
}

fn cycle(l: &Libelle) -> CycleDTO {
    CycleDTO {
        cod_cycle: Some(l.code.clone()),
        lib_cycle: l.lib.clone(),
        tem_en_sve: o(l.en_service),
    }
}

fn nature(l: &Libelle) -> NatureDiplomeDTO {
    NatureDiplomeDTO {
        cod_nature_dip: Some(l.code.clone()),
        lib_nature_dip: l.lib.clone(),
        tem_en_sve: o(l.en_service),
    }
}

fn type_diplome(l: &Libelle) -> TypeDiplomeDTO {
    TypeDiplomeDTO {
        cod_typ_dip: Some(l.code.clone()),
        lib_typ_dip: l.lib.clone(),
        tem_en_sve: o(l.en_service),
    }
}

fn centres(e: &Etape) -> Vec<ComposanteCentreGestionDTO> {
    e.centres
        .iter()
        .map(|(cge, cmp, capacite)| ComposanteCentreGestionDTO {
            capacite_accueil: *capacite,
            cod_centre_gestion: Some(cge.code.clone()),
            cod_composante: code(cmp.as_ref()),
            lib_centre_gestion: cge.lib.clone(),
            lib_composante: lib(cmp.as_ref()),
            tem_en_sve_centre_gestion: o(cge.en_service),
            tem_en_sve_composante: sve(cmp.as_ref()),
        })
        .collect()
}

fn composante_vet(l: &Libelle) -> ComposanteOrganisatriceDTO {
    ComposanteOrganisatriceDTO {
        cod_composante: Some(l.code.clone()),
        lib_composante: l.lib.clone(),
        tem_en_sve: o(l.en_service),
        typ_composante: None,
    }
}

fn composante_elp(l: &Libelle) -> ComposanteDTO {
    ComposanteDTO {
        cod_composante: Some(l.code.clone()),
        lib_composante: l.lib.clone(),
        tem_en_sve: o(l.en_service),
    }
}

// ---- recupererSE_v4 ----

pub fn diplome_v4(d: &Diplome) -> DiplomeDTO4 {
    DiplomeDTO4 {
        cod_dip: Some(d.row.cod_dip.clone()),
        cycle: d.cycle.as_ref().map(cycle),
        lib_dip: Some(d.row.lib_dip.clone()),
        list_groupe_diplome: None,
        list_version_diplome: Some(TableauVersionDiplomeDTO4 {
            item: d.versions.iter().map(vdi_v4).collect(),
        }),
        nature_diplome: d.nature.as_ref().map(nature),
        niveau_interministeriel: None,
        secteur_disciplinaire: None,
        tem_ouvert_recrutement: o(d.tem_ouvert_recrutement),
        etb_hab: None,
        cmp_acc: None,
        tem_ouvert_validation: None,
        type_diplome: d.type_diplome.as_ref().map(type_diplome),
    }
}

fn vdi_v4(v: &VersionDiplome) -> VersionDiplomeDTO4 {
    let r = &v.row;
    VersionDiplomeDTO4 {
        cod_cursus_lmd: r.cod_cursus_lmd.clone(),
        list_histo_rncp: None,
        cod_vrs_vdi: Some(r.cod_vrs_vdi),
        credits: decimal(r.nbr_crd_vdi.as_ref()),
        ecole_doctorale: None,
        lib_court_vdi: r.lic_vdi.clone(),
        lib_web_vdi: r.lib_web_vdi.clone(),
        resp_vdi: None,
        comue: None,
        tem_off_com: None,
        tem_off_deloc: None,
        offre_formation: Some(OffreFormationDTO4 {
            list_champ_disciplinaire: None,
            cod_finalite: r.cod_fin.clone(),
            cod_mention: r.cod_mention.clone(),
            cod_parcours_type: None,
            cod_specialite: None,
            habilitation: None,
            lib_finalite: r.lib_fin.clone(),
            lib_mention: r.lib_mention.clone(),
            lib_parcours_type: None,
            lib_specialite: None,
            list_domaine_formation: None,
            ref_sise: None,
            list_etape: Some(TableauEtapeDTOInOffreFormationDTO4 {
                item: v.etapes.iter().map(etape_v4).collect(),
            }),
            tem_en_sve_finalite: None,
            tem_en_sve_mention: None,
            tem_en_sve_parcours_type: None,
            tem_en_sve_specialite: None,
        }),
    }
}

fn etape_v4(e: &Etape) -> EtapeDTO4 {
    EtapeDTO4 {
        cod_etp: Some(e.row.cod_etp.clone()),
        lib_court_etp: e.row.lic_etp.clone(),
        lib_etp: Some(e.row.lib_etp.clone()),
        action_lolf: None,
        list_composante_centre_gestion: Some(TableauComposanteCentreGestionDTOInEtapeDTO4 {
            item: centres(e),
        }),
        list_version_etape: Some(TableauVersionEtapeDTO {
            item: e.versions.iter().map(vet_v4).collect(),
        }),
        tem_ouvert_recrutement: o(e.tem_ouvert_recrutement),
        tem_ouvert_validation: None,
        tem_ouvert_drt_brs: None,
        tem_ouv_drt_brs: None,
    }
}

fn vet_v4(t: &VersionEtape) -> VersionEtapeDTO4 {
    let r = &t.row;
    VersionEtapeDTO4 {
        centre_ins_ped_a_distance: None,
        cod_vrs_vet: Some(r.cod_vrs_vet),
        commentaire_vrs_etp: None,
        composante: t.composante.as_ref().map(composante_vet),
        convention: None,
        credits: decimal(r.nbr_crd_vet.as_ref()),
        duree: r.lib_dur_vet.clone(),
        cursus_amg: None,
        lib_web_vet: r.lib_web_vet.clone(),
        list_regime: None,
        list_centre_ins_pedagogi_vet: None,
        list_liste_element_pedagogi: Some(TableauListeElementPedagogiDTOInVersionEtapeDTO4 {
            item: t.listes.iter().map(liste_v4).collect(),
        }),
        tem_en_sve_duree: None,
        tem_tele_ens: None,
        volume: None,
        cod_sis_daa_min: None,
        cod_sis_daa_max: None,
        tem_heb_vet: None,
        cod_parcours_type: None,
        lib_parcours_type: None,
        tem_en_sve_parcours_type: None,
    }
}

fn liste_v4(l: &ListeElp) -> ListeElementPedagogiDTO3 {
    ListeElementPedagogiDTO3 {
        cod_list_elp: Some(l.row.cod_lse.clone()),
        lib_court_list_elp: l.row.lic_lse.clone(),
        lib_list_elp: l.row.lib_lse.clone(),
        list_element_pedagogi: Some(TableauElementPedagogiDTOInListeElementPedagogiDTO3 {
            item: l.elps.iter().map(elp_v4).collect(),
        }),
        statut: l.row.eta_lse.clone(),
        tem_traitement_prc: None,
        typ_list_elp: l.row.cod_typ_lse.clone(),
    }
}

fn elp_v4(e: &Elp) -> ElementPedagogiDTO3 {
    let r = &e.row;
    ElementPedagogiDTO3 {
        capacite_elp: None,
        cod_elp: Some(r.cod_elp.clone()),
        cod_periode: code(e.periode.as_ref()),
        composante: e.composante.as_ref().map(composante_elp),
        credits: decimal(r.nbr_crd_elp.as_ref()),
        date_creation: None,
        date_debut_ip: None,
        date_fin_ip: None,
        date_modif: None,
        desc_elp: None,
        lib_court_elp: r.lic_elp.clone(),
        lib_elp: r.lib_elp.clone(),
        cod_nature_elp: code(e.nature.as_ref()),
        lib_nature_elp: lib(e.nature.as_ref()),
        lib_periode: lib(e.periode.as_ref()),
        lib_statut: None,
        lieu: None,
        list_resp_elp: None,
        list_centre_ins_pedagogi: None,
        list_composante: None,
        list_element_prerequis: None,
        list_type_population: None,
        list_version_etape_a_distance: None,
        motif_susp: None,
        tem_en_sve_nature: sve(e.nature.as_ref()),
        tem_en_sve_periode: sve(e.periode.as_ref()),
        tem_ens_a_distance: None,
        tem_hors_etb: None,
        tem_mcc: None,
        tem_susp: o(r.tem_sus_elp),
        unite_volume: r.cod_vol_elp.clone(),
        volume: decimal(r.nbr_vol_elp.as_ref()),
        tem_stage: None,
    }
}

// ---- recupererSE_v3: the same tree in the DTO3 family (fewer fields) ----

pub fn diplome_v3(d: &Diplome) -> DiplomeDTO3 {
    DiplomeDTO3 {
        cod_dip: Some(d.row.cod_dip.clone()),
        cycle: d.cycle.as_ref().map(cycle),
        lib_dip: Some(d.row.lib_dip.clone()),
        list_groupe_diplome: None,
        list_version_diplome: Some(TableauVersionDiplomeDTO {
            item: d.versions.iter().map(vdi_v3).collect(),
        }),
        nature_diplome: d.nature.as_ref().map(nature),
        niveau_interministeriel: None,
        secteur_disciplinaire: None,
        tem_ouvert_recrutement: o(d.tem_ouvert_recrutement),
        etb_hab: None,
        cmp_acc: None,
        tem_ouvert_validation: None,
        type_diplome: d.type_diplome.as_ref().map(type_diplome),
    }
}

fn vdi_v3(v: &VersionDiplome) -> VersionDiplomeDTO3 {
    let r = &v.row;
    VersionDiplomeDTO3 {
        cod_cursus_lmd: r.cod_cursus_lmd.clone(),
        cod_rncprs: None,
        cod_vrs_vdi: Some(r.cod_vrs_vdi),
        credits: decimal(r.nbr_crd_vdi.as_ref()),
        ecole_doctorale: None,
        lib_court_vdi: r.lic_vdi.clone(),
        lib_web_vdi: r.lib_web_vdi.clone(),
        resp_vdi: None,
        comue: None,
        tem_off_com: None,
        offre_formation: Some(OffreFormationDTO3 {
            list_champ_disciplinaire: None,
            cod_finalite: r.cod_fin.clone(),
            cod_mention: r.cod_mention.clone(),
            cod_parcours_type: None,
            cod_specialite: None,
            habilitation: None,
            lib_finalite: r.lib_fin.clone(),
            lib_mention: r.lib_mention.clone(),
            lib_parcours_type: None,
            lib_specialite: None,
            list_domaine_formation: None,
            ref_sise: None,
            list_etape: Some(TableauEtapeDTOInOffreFormationDTO3 {
                item: v.etapes.iter().map(etape_v3).collect(),
            }),
            tem_en_sve_finalite: None,
            tem_en_sve_mention: None,
            tem_en_sve_parcours_type: None,
            tem_en_sve_specialite: None,
        }),
    }
}

fn etape_v3(e: &Etape) -> EtapeDTO3 {
    EtapeDTO3 {
        cod_etp: Some(e.row.cod_etp.clone()),
        lib_court_etp: e.row.lic_etp.clone(),
        lib_etp: Some(e.row.lib_etp.clone()),
        list_composante_centre_gestion: Some(TableauComposanteCentreGestionDTOInEtapeDTO3 {
            item: centres(e),
        }),
        list_version_etape: Some(TableauVersionEtapeDTO3 {
            item: e.versions.iter().map(vet_v3).collect(),
        }),
        tem_ouvert_recrutement: o(e.tem_ouvert_recrutement),
        tem_ouvert_validation: None,
    }
}

fn vet_v3(t: &VersionEtape) -> VersionEtapeDTO3 {
    let r = &t.row;
    VersionEtapeDTO3 {
        centre_ins_ped_a_distance: None,
        cod_vrs_vet: Some(r.cod_vrs_vet),
        commentaire_vrs_etp: None,
        composante: t.composante.as_ref().map(composante_vet),
        convention: None,
        credits: decimal(r.nbr_crd_vet.as_ref()),
        duree: r.lib_dur_vet.clone(),
        cursus_amg: None,
        lib_web_vet: r.lib_web_vet.clone(),
        list_centre_ins_pedagogi_vet: None,
        list_liste_element_pedagogi: Some(TableauListeElementPedagogiDTOInVersionEtapeDTO3 {
            item: t.listes.iter().map(liste_v3).collect(),
        }),
        tem_en_sve_duree: None,
        tem_tele_ens: None,
        volume: None,
        cod_sis_daa_min: None,
        cod_sis_daa_max: None,
        tem_heb_vet: None,
        cod_parcours_type: None,
        lib_parcours_type: None,
        tem_en_sve_parcours_type: None,
    }
}

fn liste_v3(l: &ListeElp) -> ListeElementPedagogiDTO2 {
    ListeElementPedagogiDTO2 {
        cod_list_elp: Some(l.row.cod_lse.clone()),
        lib_court_list_elp: l.row.lic_lse.clone(),
        lib_list_elp: l.row.lib_lse.clone(),
        list_element_pedagogi: Some(TableauElementPedagogiDTOInListeElementPedagogiDTO2 {
            item: l.elps.iter().map(elp_v3).collect(),
        }),
        statut: l.row.eta_lse.clone(),
        tem_traitement_prc: None,
        typ_list_elp: l.row.cod_typ_lse.clone(),
    }
}

/// `ElementPedagogiDTO2` has no `codNatureElp`: only its label.
fn elp_v3(e: &Elp) -> ElementPedagogiDTO2 {
    let r = &e.row;
    ElementPedagogiDTO2 {
        capacite_elp: None,
        cod_elp: Some(r.cod_elp.clone()),
        cod_periode: code(e.periode.as_ref()),
        composante: e.composante.as_ref().map(composante_elp),
        credits: decimal(r.nbr_crd_elp.as_ref()),
        date_creation: None,
        date_debut_ip: None,
        date_fin_ip: None,
        date_modif: None,
        desc_elp: None,
        lib_court_elp: r.lic_elp.clone(),
        lib_elp: r.lib_elp.clone(),
        lib_nature_elp: lib(e.nature.as_ref()),
        lib_periode: lib(e.periode.as_ref()),
        lib_statut: None,
        lieu: None,
        list_centre_ins_pedagogi: None,
        list_composante: None,
        list_element_prerequis: None,
        list_type_population: None,
        list_version_etape_a_distance: None,
        motif_susp: None,
        tem_en_sve_nature: sve(e.nature.as_ref()),
        tem_en_sve_periode: sve(e.periode.as_ref()),
        tem_ens_a_distance: None,
        tem_mcc: None,
        tem_susp: o(r.tem_sus_elp),
        unite_volume: r.cod_vol_elp.clone(),
        volume: decimal(r.nbr_vol_elp.as_ref()),
        tem_stage: None,
    }
}

// ---- recupererGroupe_v3 ----

/// An ELP of `recupererGroupe_v3`, with no collection (Passerelle holds no groups).
pub fn groupe_elp(
    r: &ElementPedagogiRow,
    nature: Option<&Libelle>,
) -> ScolariteElementPedagogiDTO3 {
    ScolariteElementPedagogiDTO3 {
        cod_elp: Some(r.cod_elp.clone()),
        lib_elp: r.lib_elp.clone(),
        lic_elp: r.lic_elp.clone(),
        list_collection: Some(TableauCollectionInElementPedagogiDTO3::default()),
        nature_elp: nature.map(|n| NatureElpDTO {
            cod_nel: Some(n.code.clone()),
            lib_nel: n.lib.clone(),
        }),
        tem_sus_elp: o(r.tem_sus_elp),
    }
}

/// A VET of `recupererGroupe_v3`, with no collection; `libVet` is the étape's label.
pub fn groupe_vet(r: &VersionEtapeRow, lib_etp: Option<&str>) -> ScolariteVersionEtapeDTO3 {
    ScolariteVersionEtapeDTO3 {
        cod_etp: Some(r.cod_etp.clone()),
        cod_vrs_vet: Some(r.cod_vrs_vet.to_string()),
        lib_vet: lib_etp.map(str::to_string),
        lib_web_vet: r.lib_web_vet.clone(),
        list_collection: Some(TableauCollectionInVersionEtapeDTO3::default()),
    }
}

#[cfg(test)]
mod tests {
    use super::decimal;

    #[test]
    fn decimals() {
        let d = |s: &str| decimal(Some(&s.to_string())).map(|d| d.0);
        assert_eq!(d("60"), Some("60".into()));
        assert_eq!(d(" 7,5 "), Some("7.5".into()));
        assert_eq!(d("-1.25"), Some("-1.25".into()));
        assert_eq!(d("abc"), None);
        assert_eq!(d(""), None);
        assert_eq!(d("1.2.3"), None);
        assert_eq!(decimal(None), None);
    }
}
