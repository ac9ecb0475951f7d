//! The payload DTOs of `OffreFormationMetier` (`recupererSE_v3`, `recupererSE_v4`,
//! `recupererGroupe_v3`) as the reference XSDs define them: names, order, types,
//! nillable, occurrences, each type in its own namespace. Two XSD types that share a
//! name in different namespaces get distinct Rust names: `…In<Owner>` for the
//! `Tableau*` helpers of each owning type, `Scolarite…` for the scolarite package's
//! `ElementPedagogiDTO3` and `VersionEtapeDTO3`.

#![allow(clippy::upper_case_acronyms)]

use crate::soap::dto::Decimal;

// Generated once from the reference XSDs (wsdl/schemas/offreformation/recupererse,
// wsdl/schemas/scolarite, wsdl/schemas/administratif): every type reachable from
// SECritereDTO2, DiplomeDTO3, DiplomeDTO4, RecupererGroupeDTO3 and CollectionDTO, with
// the XSD's element names, order (xsd:sequence = wire order), types, nillable,
// minOccurs="0" and maxOccurs="unbounded", each in its own namespace. Owned here since.
// xsd:long and xsd:integer have no XmlItem yet: those fields are String here (and
// xsd:string in our WSDL); each says so.

crate::dto! {
    /// `SECritereDTO2` (offreformation/recupererse/SECritereDTO2.xsd).
    pub struct SECritereDTO2 ("SECritereDTO2", "SECritereDTO2.recupererse.offreformation.dto.transverse.commun.apogee.education.gouv") {
        cod_anu: Option<String> = "codAnu" [nillable],
        cod_composante_vdi: Option<String> = "codComposanteVdi" [nillable],
        cod_dip: Option<String> = "codDip" [nillable],
        cod_elp: Option<String> = "codElp" [nillable],
        cod_etp: Option<String> = "codEtp" [nillable],
        cod_nature_dip: Option<String> = "codNatureDip" [nillable],
        cod_nature_elp: Option<String> = "codNatureElp" [nillable],
        cod_typ_dip: Option<String> = "codTypDip" [nillable],
        cod_vrs_vdi: Option<String> = "codVrsVdi" [nillable],
        cod_vrs_vet: Option<String> = "codVrsVet" [nillable],
        tem_ouvert_recrutement: Option<String> = "temOuvertRecrutement" [nillable],
    }
}

crate::dto! {
    /// `CycleDTO` (offreformation/recupererse/CycleDTO.xsd).
    pub struct CycleDTO ("CycleDTO", "CycleDTO.recupererse.offreformation.dto.transverse.commun.apogee.education.gouv") {
        cod_cycle: Option<String> = "codCycle" [nillable],
        lib_cycle: Option<String> = "libCycle" [nillable],
        tem_en_sve: Option<String> = "temEnSve" [nillable],
    }
}

crate::dto! {
    /// `GroupeDiplomeDTO` (offreformation/recupererse/GroupeDiplomeDTO.xsd).
    pub struct GroupeDiplomeDTO ("GroupeDiplomeDTO", "GroupeDiplomeDTO.recupererse.offreformation.dto.transverse.commun.apogee.education.gouv") {
        cod_gpe_dip: Option<String> = "codGpeDip" [nillable],
        lib_gpe_dip: Option<String> = "libGpeDip" [nillable],
        tem_en_sve: Option<String> = "temEnSve" [nillable],
    }
}

crate::dto! {
    /// `TableauGroupeDiplomeDTO` (offreformation/recupererse/DiplomeDTO3.xsd).
    pub struct TableauGroupeDiplomeDTOInDiplomeDTO3 ("TableauGroupeDiplomeDTO", "DiplomeDTO3.recupererse.offreformation.dto.transverse.commun.apogee.education.gouv") {
        item: Vec<GroupeDiplomeDTO> = "item" [optional],
    }
}

crate::dto! {
    /// `EcoleDoctoraleDTO` (offreformation/recupererse/EcoleDoctoraleDTO.xsd).
    pub struct EcoleDoctoraleDTO ("EcoleDoctoraleDTO", "EcoleDoctoraleDTO.recupererse.offreformation.dto.transverse.commun.apogee.education.gouv") {
        cod_ecole: Option<String> = "codEcole" [nillable],
        lib_ecole: Option<String> = "libEcole" [nillable],
        tem_en_sve: Option<String> = "temEnSve" [nillable],
    }
}

crate::dto! {
    /// `ResponsableVdiDTO` (offreformation/recupererse/ResponsableVdiDTO.xsd).
    pub struct ResponsableVdiDTO ("ResponsableVdiDTO", "ResponsableVdiDTO.recupererse.offreformation.dto.transverse.commun.apogee.education.gouv") {
        /// xsd:integer in the reference (no such XmlItem yet).
        cod_per: Option<String> = "codPer" [nillable],
        lib_nom_usu_per: Option<String> = "libNomUsuPer" [nillable],
        lib_pr1_per: Option<String> = "libPr1Per" [nillable],
    }
}

crate::dto! {
    /// `ComueDTO` (offreformation/recupererse/ComueDTO.xsd).
    pub struct ComueDTO ("ComueDTO", "ComueDTO.recupererse.offreformation.dto.transverse.commun.apogee.education.gouv") {
        cod_etb: Option<String> = "codEtb" [nillable],
        lib_etb: Option<String> = "libEtb" [nillable],
    }
}

crate::dto! {
    /// `ChampDisciplinaireDTO` (offreformation/recupererse/ChampDisciplinaireDTO.xsd).
    pub struct ChampDisciplinaireDTO ("ChampDisciplinaireDTO", "ChampDisciplinaireDTO.recupererse.offreformation.dto.transverse.commun.apogee.education.gouv") {
        cod_champ_disc: Option<String> = "codChampDisc" [nillable],
        lib_champ_disc: Option<String> = "libChampDisc" [nillable],
        nature_champ_disc: Option<String> = "natureChampDisc" [nillable],
        tem_en_sve: Option<String> = "temEnSve" [nillable],
    }
}

crate::dto! {
    /// `TableauChampDisciplinaireDTO` (offreformation/recupererse/OffreFormationDTO3.xsd).
    pub struct TableauChampDisciplinaireDTOInOffreFormationDTO3 ("TableauChampDisciplinaireDTO", "OffreFormationDTO3.recupererse.offreformation.dto.transverse.commun.apogee.education.gouv") {
        item: Vec<ChampDisciplinaireDTO> = "item" [optional],
    }
}

crate::dto! {
    /// `HabilitationDTO` (offreformation/recupererse/HabilitationDTO.xsd).
    pub struct HabilitationDTO ("HabilitationDTO", "HabilitationDTO.recupererse.offreformation.dto.transverse.commun.apogee.education.gouv") {
        annee_deb_habil: Option<String> = "anneeDebHabil" [nillable],
        annee_deb_recrut: Option<String> = "anneeDebRecrut" [nillable],
        annee_deb_validation: Option<String> = "anneeDebValidation" [nillable],
        annee_fin_habil: Option<String> = "anneeFinHabil" [nillable],
        annee_fin_recrut: Option<String> = "anneeFinRecrut" [nillable],
        annee_fin_validation: Option<String> = "anneeFinValidation" [nillable],
        caractere: Option<String> = "caractere" [nillable],
        cod_dossier_habil: Option<String> = "codDossierHabil" [nillable],
    }
}

crate::dto! {
    /// `DomaineFormationDTO` (offreformation/recupererse/DomaineFormationDTO.xsd).
    pub struct DomaineFormationDTO ("DomaineFormationDTO", "DomaineFormationDTO.recupererse.offreformation.dto.transverse.commun.apogee.education.gouv") {
        cod_dom_form: Option<String> = "codDomForm" [nillable],
        lib_dom_form: Option<String> = "libDomForm" [nillable],
        tem_en_sve: Option<String> = "temEnSve" [nillable],
    }
}

crate::dto! {
    /// `TableauDomaineFormationDTO` (offreformation/recupererse/OffreFormationDTO3.xsd).
    pub struct TableauDomaineFormationDTOInOffreFormationDTO3 ("TableauDomaineFormationDTO", "OffreFormationDTO3.recupererse.offreformation.dto.transverse.commun.apogee.education.gouv") {
        item: Vec<DomaineFormationDTO> = "item" [optional],
    }
}

crate::dto! {
    /// `ReferentielSiseDTO` (offreformation/recupererse/ReferentielSiseDTO.xsd).
    pub struct ReferentielSiseDTO ("ReferentielSiseDTO", "ReferentielSiseDTO.recupererse.offreformation.dto.transverse.commun.apogee.education.gouv") {
        /// xsd:integer in the reference (no such XmlItem yet).
        cod_sis_vdi: Option<String> = "codSisVdi" [nillable],
        lib_typ_dis: Option<String> = "libTypDis" [nillable],
        lib_int1_dis: Option<String> = "libInt1Dis" [nillable],
        lib_int2_dis: Option<String> = "libInt2Dis" [nillable],
        /// xsd:integer in the reference (no such XmlItem yet).
        cod_sis_vdi_int: Option<String> = "codSisVdiInt" [nillable],
        lib_int1_dis_int: Option<String> = "libInt1DisInt" [nillable],
        lib_int2_dis_int: Option<String> = "libInt2DisInt" [nillable],
        lib_typ_dis_int: Option<String> = "libTypDisInt" [nillable],
    }
}

crate::dto! {
    /// `ComposanteCentreGestionDTO` (offreformation/recupererse/ComposanteCentreGestionDTO.xsd).
    pub struct ComposanteCentreGestionDTO ("ComposanteCentreGestionDTO", "ComposanteCentreGestionDTO.recupererse.offreformation.dto.transverse.commun.apogee.education.gouv") {
        capacite_accueil: Option<i32> = "capaciteAccueil" [nillable],
        cod_centre_gestion: Option<String> = "codCentreGestion" [nillable],
        cod_composante: Option<String> = "codComposante" [nillable],
        lib_centre_gestion: Option<String> = "libCentreGestion" [nillable],
        lib_composante: Option<String> = "libComposante" [nillable],
        tem_en_sve_centre_gestion: Option<String> = "temEnSveCentreGestion" [nillable],
        tem_en_sve_composante: Option<String> = "temEnSveComposante" [nillable],
    }
}

crate::dto! {
    /// `TableauComposanteCentreGestionDTO` (offreformation/recupererse/EtapeDTO3.xsd).
    pub struct TableauComposanteCentreGestionDTOInEtapeDTO3 ("TableauComposanteCentreGestionDTO", "EtapeDTO3.recupererse.offreformation.dto.transverse.commun.apogee.education.gouv") {
        item: Vec<ComposanteCentreGestionDTO> = "item" [optional],
    }
}

crate::dto! {
    /// `ComposanteOrganisatriceDTO` (offreformation/recupererse/ComposanteOrganisatriceDTO.xsd).
    pub struct ComposanteOrganisatriceDTO ("ComposanteOrganisatriceDTO", "ComposanteOrganisatriceDTO.recupererse.offreformation.dto.transverse.commun.apogee.education.gouv") {
        cod_composante: Option<String> = "codComposante" [nillable],
        lib_composante: Option<String> = "libComposante" [nillable],
        tem_en_sve: Option<String> = "temEnSve" [nillable],
        typ_composante: Option<String> = "typComposante" [nillable],
    }
}

crate::dto! {
    /// `ConventionDTO` (offreformation/recupererse/ConventionDTO.xsd).
    pub struct ConventionDTO ("ConventionDTO", "ConventionDTO.recupererse.offreformation.dto.transverse.commun.apogee.education.gouv") {
        cod_convention: Option<String> = "codConvention" [nillable],
        lib_convention: Option<String> = "libConvention" [nillable],
        tem_en_sve: Option<String> = "temEnSve" [nillable],
    }
}

crate::dto! {
    /// `CursusAmgDTO` (administratif/CursusAmgDTO.xsd).
    pub struct CursusAmgDTO ("CursusAmgDTO", "CursusAmgDTO.administratif.dto.transverse.commun.apogee.education.gouv") {
        cod_cur_amg: Option<String> = "codCurAmg",
        lib_cur_amg: Option<String> = "libCurAmg",
    }
}

crate::dto! {
    /// `CentreInsPedagogiVetDTO` (offreformation/recupererse/CentreInsPedagogiVetDTO.xsd).
    pub struct CentreInsPedagogiVetDTO ("CentreInsPedagogiVetDTO", "CentreInsPedagogiVetDTO.recupererse.offreformation.dto.transverse.commun.apogee.education.gouv") {
        cod_centre_ins: Option<String> = "codCentreIns" [nillable],
        lib_centre_ins: Option<String> = "libCentreIns" [nillable],
        tem_en_sve: Option<String> = "temEnSve" [nillable],
        tem_ia_avant_ip: Option<String> = "temIaAvantIp" [nillable],
        tem_insc_ens_obl: Option<String> = "temInscEnsObl" [nillable],
        tem_acces_distance: Option<String> = "temAccesDistance" [nillable],
    }
}

crate::dto! {
    /// `TableauCentreInsPedagogiVetDTO` (offreformation/recupererse/VersionEtapeDTO3.xsd).
    pub struct TableauCentreInsPedagogiVetDTOInVersionEtapeDTO3 ("TableauCentreInsPedagogiVetDTO", "VersionEtapeDTO3.recupererse.offreformation.dto.transverse.commun.apogee.education.gouv") {
        item: Vec<CentreInsPedagogiVetDTO> = "item" [optional],
    }
}

crate::dto! {
    /// `CapaciteElpDTO` (offreformation/recupererse/CapaciteElpDTO.xsd).
    pub struct CapaciteElpDTO ("CapaciteElpDTO", "CapaciteElpDTO.recupererse.offreformation.dto.transverse.commun.apogee.education.gouv") {
        cap_int_elp: Option<i32> = "capIntElp" [nillable],
        cap_max_elp: Option<i32> = "capMaxElp" [nillable],
    }
}

crate::dto! {
    /// `ComposanteDTO` (offreformation/recupererse/ComposanteDTO.xsd).
    pub struct ComposanteDTO ("ComposanteDTO", "ComposanteDTO.recupererse.offreformation.dto.transverse.commun.apogee.education.gouv") {
        cod_composante: Option<String> = "codComposante" [nillable],
        lib_composante: Option<String> = "libComposante" [nillable],
        tem_en_sve: Option<String> = "temEnSve" [nillable],
    }
}

crate::dto! {
    /// `CentreInsPedagogiElpDTO` (offreformation/recupererse/CentreInsPedagogiElpDTO.xsd).
    pub struct CentreInsPedagogiElpDTO ("CentreInsPedagogiElpDTO", "CentreInsPedagogiElpDTO.recupererse.offreformation.dto.transverse.commun.apogee.education.gouv") {
        cod_centre_ins: Option<String> = "codCentreIns" [nillable],
        lib_centre_ins: Option<String> = "libCentreIns" [nillable],
        tem_en_sve: Option<String> = "temEnSve" [nillable],
    }
}

crate::dto! {
    /// `TableauCentreInsPedagogiElpDTO` (offreformation/recupererse/ElementPedagogiDTO2.xsd).
    pub struct TableauCentreInsPedagogiElpDTOInElementPedagogiDTO2 ("TableauCentreInsPedagogiElpDTO", "ElementPedagogiDTO2.recupererse.offreformation.dto.transverse.commun.apogee.education.gouv") {
        item: Vec<CentreInsPedagogiElpDTO> = "item" [optional],
    }
}

crate::dto! {
    /// `TableauComposanteDTO` (offreformation/recupererse/ElementPedagogiDTO2.xsd).
    pub struct TableauComposanteDTOInElementPedagogiDTO2 ("TableauComposanteDTO", "ElementPedagogiDTO2.recupererse.offreformation.dto.transverse.commun.apogee.education.gouv") {
        item: Vec<ComposanteDTO> = "item" [optional],
    }
}

crate::dto! {
    /// `ElementPrerequisDTO` (offreformation/recupererse/ElementPrerequisDTO.xsd).
    pub struct ElementPrerequisDTO ("ElementPrerequisDTO", "ElementPrerequisDTO.recupererse.offreformation.dto.transverse.commun.apogee.education.gouv") {
        cod_elp: Option<String> = "codElp" [nillable],
        lib_elp: Option<String> = "libElp" [nillable],
    }
}

crate::dto! {
    /// `TableauElementPrerequisDTO` (offreformation/recupererse/ElementPedagogiDTO2.xsd).
    pub struct TableauElementPrerequisDTOInElementPedagogiDTO2 ("TableauElementPrerequisDTO", "ElementPedagogiDTO2.recupererse.offreformation.dto.transverse.commun.apogee.education.gouv") {
        item: Vec<ElementPrerequisDTO> = "item" [optional],
    }
}

crate::dto! {
    /// `TypePopulationDTO` (offreformation/recupererse/TypePopulationDTO.xsd).
    pub struct TypePopulationDTO ("TypePopulationDTO", "TypePopulationDTO.recupererse.offreformation.dto.transverse.commun.apogee.education.gouv") {
        cod_typ_pop: Option<String> = "codTypPop" [nillable],
        lib_typ_pop: Option<String> = "libTypPop" [nillable],
        tem_en_sve: Option<String> = "temEnSve" [nillable],
    }
}

crate::dto! {
    /// `TableauTypePopulationDTO` (offreformation/recupererse/ElementPedagogiDTO2.xsd).
    pub struct TableauTypePopulationDTOInElementPedagogiDTO2 ("TableauTypePopulationDTO", "ElementPedagogiDTO2.recupererse.offreformation.dto.transverse.commun.apogee.education.gouv") {
        item: Vec<TypePopulationDTO> = "item" [optional],
    }
}

crate::dto! {
    /// `CodeVersionEtapeDTO` (offreformation/recupererse/CodeVersionEtapeDTO.xsd).
    pub struct CodeVersionEtapeDTO ("CodeVersionEtapeDTO", "CodeVersionEtapeDTO.recupererse.offreformation.dto.transverse.commun.apogee.education.gouv") {
        cod_etp: Option<String> = "codEtp" [nillable],
        cod_vrs_vet: Option<i32> = "codVrsVet" [nillable],
    }
}

crate::dto! {
    /// `TableauCodeVersionEtapeDTO` (offreformation/recupererse/ElementPedagogiDTO2.xsd).
    pub struct TableauCodeVersionEtapeDTOInElementPedagogiDTO2 ("TableauCodeVersionEtapeDTO", "ElementPedagogiDTO2.recupererse.offreformation.dto.transverse.commun.apogee.education.gouv") {
        item: Vec<CodeVersionEtapeDTO> = "item" [optional],
    }
}

crate::dto! {
    /// `ElementPedagogiDTO2` (offreformation/recupererse/ElementPedagogiDTO2.xsd).
    pub struct ElementPedagogiDTO2 ("ElementPedagogiDTO2", "ElementPedagogiDTO2.recupererse.offreformation.dto.transverse.commun.apogee.education.gouv") {
        capacite_elp: Option<CapaciteElpDTO> = "capaciteElp" [nillable],
        cod_elp: Option<String> = "codElp" [nillable],
        cod_periode: Option<String> = "codPeriode" [nillable],
        composante: Option<ComposanteDTO> = "composante" [nillable],
        credits: Option<Decimal> = "credits" [nillable],
        date_creation: Option<String> = "dateCreation" [nillable],
        date_debut_ip: Option<String> = "dateDebutIP" [nillable],
        date_fin_ip: Option<String> = "dateFinIP" [nillable],
        date_modif: Option<String> = "dateModif" [nillable],
        desc_elp: Option<String> = "descElp" [nillable],
        lib_court_elp: Option<String> = "libCourtElp" [nillable],
        lib_elp: Option<String> = "libElp" [nillable],
        lib_nature_elp: Option<String> = "libNatureElp" [nillable],
        lib_periode: Option<String> = "libPeriode" [nillable],
        lib_statut: Option<String> = "libStatut" [nillable],
        lieu: Option<String> = "lieu" [nillable],
        list_centre_ins_pedagogi: Option<TableauCentreInsPedagogiElpDTOInElementPedagogiDTO2> = "listCentreInsPedagogi" [nillable],
        list_composante: Option<TableauComposanteDTOInElementPedagogiDTO2> = "listComposante" [nillable],
        list_element_prerequis: Option<TableauElementPrerequisDTOInElementPedagogiDTO2> = "listElementPrerequis" [nillable],
        list_type_population: Option<TableauTypePopulationDTOInElementPedagogiDTO2> = "listTypePopulation" [nillable],
        list_version_etape_a_distance: Option<TableauCodeVersionEtapeDTOInElementPedagogiDTO2> = "listVersionEtapeADistance" [nillable],
        motif_susp: Option<String> = "motifSusp" [nillable],
        tem_en_sve_nature: Option<String> = "temEnSveNature" [nillable],
        tem_en_sve_periode: Option<String> = "temEnSvePeriode" [nillable],
        tem_ens_a_distance: Option<String> = "temEnsADistance" [nillable],
        tem_mcc: Option<String> = "temMcc" [nillable],
        tem_susp: Option<String> = "temSusp" [nillable],
        unite_volume: Option<String> = "uniteVolume" [nillable],
        volume: Option<Decimal> = "volume" [nillable],
        tem_stage: Option<String> = "temStage" [nillable],
    }
}

crate::dto! {
    /// `TableauElementPedagogiDTO` (offreformation/recupererse/ListeElementPedagogiDTO2.xsd).
    pub struct TableauElementPedagogiDTOInListeElementPedagogiDTO2 ("TableauElementPedagogiDTO", "ListeElementPedagogiDTO2.recupererse.offreformation.dto.transverse.commun.apogee.education.gouv") {
        item: Vec<ElementPedagogiDTO2> = "item" [optional],
    }
}

crate::dto! {
    /// `ListeElementPedagogiDTO2` (offreformation/recupererse/ListeElementPedagogiDTO2.xsd).
    pub struct ListeElementPedagogiDTO2 ("ListeElementPedagogiDTO2", "ListeElementPedagogiDTO2.recupererse.offreformation.dto.transverse.commun.apogee.education.gouv") {
        cod_list_elp: Option<String> = "codListElp" [nillable],
        lib_court_list_elp: Option<String> = "libCourtListElp" [nillable],
        lib_list_elp: Option<String> = "libListElp" [nillable],
        list_element_pedagogi: Option<TableauElementPedagogiDTOInListeElementPedagogiDTO2> = "listElementPedagogi" [nillable],
        statut: Option<String> = "statut" [nillable],
        tem_traitement_prc: Option<String> = "temTraitementPRC" [nillable],
        typ_list_elp: Option<String> = "typListElp" [nillable],
    }
}

crate::dto! {
    /// `TableauListeElementPedagogiDTO` (offreformation/recupererse/VersionEtapeDTO3.xsd).
    pub struct TableauListeElementPedagogiDTOInVersionEtapeDTO3 ("TableauListeElementPedagogiDTO", "VersionEtapeDTO3.recupererse.offreformation.dto.transverse.commun.apogee.education.gouv") {
        item: Vec<ListeElementPedagogiDTO2> = "item" [optional],
    }
}

crate::dto! {
    /// `VersionEtapeDTO3` (offreformation/recupererse/VersionEtapeDTO3.xsd).
    pub struct VersionEtapeDTO3 ("VersionEtapeDTO3", "VersionEtapeDTO3.recupererse.offreformation.dto.transverse.commun.apogee.education.gouv") {
        centre_ins_ped_a_distance: Option<String> = "centreInsPedADistance" [nillable],
        cod_vrs_vet: Option<i32> = "codVrsVet" [nillable],
        commentaire_vrs_etp: Option<String> = "commentaireVrsEtp" [nillable],
        composante: Option<ComposanteOrganisatriceDTO> = "composante" [nillable],
        convention: Option<ConventionDTO> = "convention" [nillable],
        credits: Option<Decimal> = "credits" [nillable],
        duree: Option<String> = "duree" [nillable],
        cursus_amg: Option<CursusAmgDTO> = "cursusAmg" [nillable],
        lib_web_vet: Option<String> = "libWebVet" [nillable],
        list_centre_ins_pedagogi_vet: Option<TableauCentreInsPedagogiVetDTOInVersionEtapeDTO3> = "listCentreInsPedagogiVet" [nillable],
        list_liste_element_pedagogi: Option<TableauListeElementPedagogiDTOInVersionEtapeDTO3> = "listListeElementPedagogi" [nillable],
        tem_en_sve_duree: Option<String> = "temEnSveDuree" [nillable],
        tem_tele_ens: Option<String> = "temTeleEns" [nillable],
        volume: Option<i32> = "volume" [nillable],
        cod_sis_daa_min: Option<i32> = "codSisDaaMin" [nillable],
        cod_sis_daa_max: Option<i32> = "codSisDaaMax" [nillable],
        tem_heb_vet: Option<String> = "temHebVet" [nillable],
        cod_parcours_type: Option<String> = "codParcoursType" [nillable],
        lib_parcours_type: Option<String> = "libParcoursType" [nillable],
        tem_en_sve_parcours_type: Option<String> = "temEnSveParcoursType" [nillable],
    }
}

crate::dto! {
    /// `TableauVersionEtapeDTO3` (offreformation/recupererse/EtapeDTO3.xsd).
    pub struct TableauVersionEtapeDTO3 ("TableauVersionEtapeDTO3", "EtapeDTO3.recupererse.offreformation.dto.transverse.commun.apogee.education.gouv") {
        item: Vec<VersionEtapeDTO3> = "item" [optional],
    }
}

crate::dto! {
    /// `EtapeDTO3` (offreformation/recupererse/EtapeDTO3.xsd).
    pub struct EtapeDTO3 ("EtapeDTO3", "EtapeDTO3.recupererse.offreformation.dto.transverse.commun.apogee.education.gouv") {
        cod_etp: Option<String> = "codEtp" [nillable],
        lib_court_etp: Option<String> = "libCourtEtp" [nillable],
        lib_etp: Option<String> = "libEtp" [nillable],
        list_composante_centre_gestion: Option<TableauComposanteCentreGestionDTOInEtapeDTO3> = "listComposanteCentreGestion" [nillable],
        list_version_etape: Option<TableauVersionEtapeDTO3> = "listVersionEtape" [nillable],
        tem_ouvert_recrutement: Option<String> = "temOuvertRecrutement" [nillable],
        tem_ouvert_validation: Option<String> = "temOuvertValidation" [nillable],
    }
}

crate::dto! {
    /// `TableauEtapeDTO` (offreformation/recupererse/OffreFormationDTO3.xsd).
    pub struct TableauEtapeDTOInOffreFormationDTO3 ("TableauEtapeDTO", "OffreFormationDTO3.recupererse.offreformation.dto.transverse.commun.apogee.education.gouv") {
        item: Vec<EtapeDTO3> = "item" [optional],
    }
}

crate::dto! {
    /// `OffreFormationDTO3` (offreformation/recupererse/OffreFormationDTO3.xsd).
    pub struct OffreFormationDTO3 ("OffreFormationDTO3", "OffreFormationDTO3.recupererse.offreformation.dto.transverse.commun.apogee.education.gouv") {
        list_champ_disciplinaire: Option<TableauChampDisciplinaireDTOInOffreFormationDTO3> = "listChampDisciplinaire" [nillable],
        cod_finalite: Option<String> = "codFinalite" [nillable],
        cod_mention: Option<String> = "codMention" [nillable],
        cod_parcours_type: Option<String> = "codParcoursType" [nillable],
        cod_specialite: Option<String> = "codSpecialite" [nillable],
        habilitation: Option<HabilitationDTO> = "habilitation" [nillable],
        lib_finalite: Option<String> = "libFinalite" [nillable],
        lib_mention: Option<String> = "libMention" [nillable],
        lib_parcours_type: Option<String> = "libParcoursType" [nillable],
        lib_specialite: Option<String> = "libSpecialite" [nillable],
        list_domaine_formation: Option<TableauDomaineFormationDTOInOffreFormationDTO3> = "listDomaineFormation" [nillable],
        ref_sise: Option<ReferentielSiseDTO> = "refSise" [nillable],
        list_etape: Option<TableauEtapeDTOInOffreFormationDTO3> = "listEtape" [nillable],
        tem_en_sve_finalite: Option<String> = "temEnSveFinalite" [nillable],
        tem_en_sve_mention: Option<String> = "temEnSveMention" [nillable],
        tem_en_sve_parcours_type: Option<String> = "temEnSveParcoursType" [nillable],
        tem_en_sve_specialite: Option<String> = "temEnSveSpecialite" [nillable],
    }
}

crate::dto! {
    /// `VersionDiplomeDTO3` (offreformation/recupererse/VersionDiplomeDTO3.xsd).
    pub struct VersionDiplomeDTO3 ("VersionDiplomeDTO3", "VersionDiplomeDTO3.recupererse.offreformation.dto.transverse.commun.apogee.education.gouv") {
        cod_cursus_lmd: Option<String> = "codCursusLmd" [nillable],
        cod_rncprs: Option<String> = "codRNCPRS" [nillable],
        cod_vrs_vdi: Option<i32> = "codVrsVdi" [nillable],
        credits: Option<Decimal> = "credits" [nillable],
        ecole_doctorale: Option<EcoleDoctoraleDTO> = "ecoleDoctorale" [nillable],
        lib_court_vdi: Option<String> = "libCourtVdi" [nillable],
        lib_web_vdi: Option<String> = "libWebVdi" [nillable],
        resp_vdi: Option<ResponsableVdiDTO> = "respVdi" [nillable],
        comue: Option<ComueDTO> = "comue" [nillable],
        tem_off_com: Option<String> = "temOffCom" [nillable],
        offre_formation: Option<OffreFormationDTO3> = "offreFormation" [nillable],
    }
}

crate::dto! {
    /// `TableauVersionDiplomeDTO` (offreformation/recupererse/DiplomeDTO3.xsd).
    pub struct TableauVersionDiplomeDTO ("TableauVersionDiplomeDTO", "DiplomeDTO3.recupererse.offreformation.dto.transverse.commun.apogee.education.gouv") {
        item: Vec<VersionDiplomeDTO3> = "item" [optional],
    }
}

crate::dto! {
    /// `NatureDiplomeDTO` (offreformation/recupererse/NatureDiplomeDTO.xsd).
    pub struct NatureDiplomeDTO ("NatureDiplomeDTO", "NatureDiplomeDTO.recupererse.offreformation.dto.transverse.commun.apogee.education.gouv") {
        cod_nature_dip: Option<String> = "codNatureDip" [nillable],
        lib_nature_dip: Option<String> = "libNatureDip" [nillable],
        tem_en_sve: Option<String> = "temEnSve" [nillable],
    }
}

crate::dto! {
    /// `NiveauInterministerielDTO` (offreformation/recupererse/NiveauInterministerielDTO.xsd).
    pub struct NiveauInterministerielDTO ("NiveauInterministerielDTO", "NiveauInterministerielDTO.recupererse.offreformation.dto.transverse.commun.apogee.education.gouv") {
        cod_niv_intermini: Option<String> = "codNivIntermini" [nillable],
        lib_niv_intermini: Option<String> = "libNivIntermini" [nillable],
        tem_en_sve: Option<String> = "temEnSve" [nillable],
    }
}

crate::dto! {
    /// `SecteurDisciplinaireDTO` (offreformation/recupererse/SecteurDisciplinaireDTO.xsd).
    pub struct SecteurDisciplinaireDTO ("SecteurDisciplinaireDTO", "SecteurDisciplinaireDTO.recupererse.offreformation.dto.transverse.commun.apogee.education.gouv") {
        cod_sect_disc: Option<String> = "codSectDisc" [nillable],
        lib_discipline: Option<String> = "libDiscipline" [nillable],
        lib_sect_disc: Option<String> = "libSectDisc" [nillable],
        tem_en_sve_sect_disc: Option<String> = "temEnSveSectDisc" [nillable],
    }
}

crate::dto! {
    /// `EtablissementHabiliteDTO` (offreformation/recupererse/EtablissementHabiliteDTO.xsd).
    pub struct EtablissementHabiliteDTO ("EtablissementHabiliteDTO", "EtablissementHabiliteDTO.recupererse.offreformation.dto.transverse.commun.apogee.education.gouv") {
        cod_etb: Option<String> = "codEtb" [nillable],
        tem_en_sve_etb: Option<String> = "temEnSveEtb" [nillable],
        lib_etb_hab: Option<String> = "libEtbHab" [nillable],
    }
}

crate::dto! {
    /// `ComposanteHabiliteDTO` (offreformation/recupererse/ComposanteHabiliteDTO.xsd).
    pub struct ComposanteHabiliteDTO ("ComposanteHabiliteDTO", "ComposanteHabiliteDTO.recupererse.offreformation.dto.transverse.commun.apogee.education.gouv") {
        cod_cmp: Option<String> = "codCmp" [nillable],
        lib_cmp: Option<String> = "libCmp",
        cod_rne_cmp: Option<String> = "codRneCmp" [nillable],
        tem_en_sve_cmp: Option<String> = "temEnSveCmp",
    }
}

crate::dto! {
    /// `TypeDiplomeDTO` (offreformation/recupererse/TypeDiplomeDTO.xsd).
    pub struct TypeDiplomeDTO ("TypeDiplomeDTO", "TypeDiplomeDTO.recupererse.offreformation.dto.transverse.commun.apogee.education.gouv") {
        cod_typ_dip: Option<String> = "codTypDip" [nillable],
        lib_typ_dip: Option<String> = "libTypDip" [nillable],
        tem_en_sve: Option<String> = "temEnSve" [nillable],
    }
}

crate::dto! {
    /// `DiplomeDTO3` (offreformation/recupererse/DiplomeDTO3.xsd).
    pub struct DiplomeDTO3 ("DiplomeDTO3", "DiplomeDTO3.recupererse.offreformation.dto.transverse.commun.apogee.education.gouv") {
        cod_dip: Option<String> = "codDip" [nillable],
        cycle: Option<CycleDTO> = "cycle" [nillable],
        lib_dip: Option<String> = "libDip" [nillable],
        list_groupe_diplome: Option<TableauGroupeDiplomeDTOInDiplomeDTO3> = "listGroupeDiplome" [nillable],
        list_version_diplome: Option<TableauVersionDiplomeDTO> = "listVersionDiplome" [nillable],
        nature_diplome: Option<NatureDiplomeDTO> = "natureDiplome" [nillable],
        niveau_interministeriel: Option<NiveauInterministerielDTO> = "niveauInterministeriel" [nillable],
        secteur_disciplinaire: Option<SecteurDisciplinaireDTO> = "secteurDisciplinaire" [nillable],
        tem_ouvert_recrutement: Option<String> = "temOuvertRecrutement" [nillable],
        etb_hab: Option<EtablissementHabiliteDTO> = "etbHab" [nillable],
        cmp_acc: Option<ComposanteHabiliteDTO> = "cmpAcc" [nillable],
        tem_ouvert_validation: Option<String> = "temOuvertValidation" [nillable],
        type_diplome: Option<TypeDiplomeDTO> = "typeDiplome" [nillable],
    }
}

crate::dto! {
    /// `TableauGroupeDiplomeDTO` (offreformation/recupererse/DiplomeDTO4.xsd).
    pub struct TableauGroupeDiplomeDTOInDiplomeDTO4 ("TableauGroupeDiplomeDTO", "DiplomeDTO4.recupererse.offreformation.dto.transverse.commun.apogee.education.gouv") {
        item: Vec<GroupeDiplomeDTO> = "item" [optional],
    }
}

crate::dto! {
    /// `VersionDiplomeHistoRncpDTO` (offreformation/recupererse/VersionDiplomeHistoRncpDTO.xsd).
    pub struct VersionDiplomeHistoRncpDTO ("VersionDiplomeHistoRncpDTO", "VersionDiplomeHistoRncpDTO.recupererse.offreformation.dto.transverse.commun.apogee.education.gouv") {
        daa_deb_vhr: Option<String> = "daaDebVhr" [nillable],
        daa_fin_vhr: Option<String> = "daaFinVhr" [nillable],
        cod_rncp_rs: Option<String> = "codRncpRs" [nillable],
    }
}

crate::dto! {
    /// `TableauVersionDiplomeHistoRncpDTO` (offreformation/recupererse/TableauHistoRncpDTO.xsd).
    pub struct TableauVersionDiplomeHistoRncpDTO ("TableauVersionDiplomeHistoRncpDTO", "TableauHistoRncpDTO.recupererse.offreformation.dto.transverse.commun.apogee.education.gouv") {
        item: Vec<VersionDiplomeHistoRncpDTO> = "item" [optional],
    }
}

crate::dto! {
    /// `TableauChampDisciplinaireDTO` (offreformation/recupererse/OffreFormationDTO4.xsd).
    pub struct TableauChampDisciplinaireDTOInOffreFormationDTO4 ("TableauChampDisciplinaireDTO", "OffreFormationDTO4.recupererse.offreformation.dto.transverse.commun.apogee.education.gouv") {
        item: Vec<ChampDisciplinaireDTO> = "item" [optional],
    }
}

crate::dto! {
    /// `TableauDomaineFormationDTO` (offreformation/recupererse/OffreFormationDTO4.xsd).
    pub struct TableauDomaineFormationDTOInOffreFormationDTO4 ("TableauDomaineFormationDTO", "OffreFormationDTO4.recupererse.offreformation.dto.transverse.commun.apogee.education.gouv") {
        item: Vec<DomaineFormationDTO> = "item" [optional],
    }
}

crate::dto! {
    /// `ActionLolfDTO` (offreformation/recupererse/ActionLolfDTO.xsd).
    pub struct ActionLolfDTO ("ActionLolfDTO", "ActionLolfDTO.recupererse.offreformation.dto.transverse.commun.apogee.education.gouv") {
        cod_act: Option<String> = "codAct" [nillable],
        lib_act: Option<String> = "libAct" [nillable],
        cod_des: Option<String> = "codDes" [nillable],
        tem_en_sve_act: Option<String> = "temEnSveAct" [nillable],
    }
}

crate::dto! {
    /// `TableauComposanteCentreGestionDTO` (offreformation/recupererse/EtapeDTO4.xsd).
    pub struct TableauComposanteCentreGestionDTOInEtapeDTO4 ("TableauComposanteCentreGestionDTO", "EtapeDTO4.recupererse.offreformation.dto.transverse.commun.apogee.education.gouv") {
        item: Vec<ComposanteCentreGestionDTO> = "item" [optional],
    }
}

crate::dto! {
    /// `RegimeDTO` (offreformation/recupererse/RegimeDTO.xsd).
    pub struct RegimeDTO ("RegimeDTO", "RegimeDTO.recupererse.offreformation.dto.transverse.commun.apogee.education.gouv") {
        cod_rgi: Option<String> = "codRgi" [nillable],
        lib_rgi: Option<String> = "libRgi" [nillable],
        cod_sis_rgi: Option<String> = "codSisRgi" [nillable],
        ctr_num_cve: Option<String> = "ctrNumCve" [nillable],
        tem_en_sve_rve: Option<String> = "temEnSveRve" [nillable],
    }
}

crate::dto! {
    /// `TableauListeRegimeDTO` (offreformation/recupererse/TableauRegimeDTO.xsd).
    pub struct TableauListeRegimeDTO ("TableauListeRegimeDTO", "TableauRegimeDTO.recupererse.offreformation.dto.transverse.commun.apogee.education.gouv") {
        item: Vec<RegimeDTO> = "item" [optional],
    }
}

crate::dto! {
    /// `TableauCentreInsPedagogiVetDTO` (offreformation/recupererse/VersionEtapeDTO4.xsd).
    pub struct TableauCentreInsPedagogiVetDTOInVersionEtapeDTO4 ("TableauCentreInsPedagogiVetDTO", "VersionEtapeDTO4.recupererse.offreformation.dto.transverse.commun.apogee.education.gouv") {
        item: Vec<CentreInsPedagogiVetDTO> = "item" [optional],
    }
}

crate::dto! {
    /// `ResponsableElpDTO` (offreformation/recupererse/ResponsableElpDTO.xsd).
    pub struct ResponsableElpDTO ("ResponsableElpDTO", "ResponsableElpDTO.recupererse.offreformation.dto.transverse.commun.apogee.education.gouv") {
        cod_per_elp: Option<String> = "codPerElp" [nillable],
        cod_civ_per_elp: Option<String> = "codCivPerElp" [nillable],
        lib_nom_usu_per_elp: Option<String> = "libNomUsuPerElp" [nillable],
        lib_pr1_per_elp: Option<String> = "libPr1PerElp" [nillable],
    }
}

crate::dto! {
    /// `TableauResponsableElpDTO` (offreformation/recupererse/ElementPedagogiDTO3.xsd).
    pub struct TableauResponsableElpDTO ("TableauResponsableElpDTO", "ElementPedagogiDTO3.recupererse.offreformation.dto.transverse.commun.apogee.education.gouv") {
        item: Vec<ResponsableElpDTO> = "item" [optional],
    }
}

crate::dto! {
    /// `TableauCentreInsPedagogiElpDTO` (offreformation/recupererse/ElementPedagogiDTO3.xsd).
    pub struct TableauCentreInsPedagogiElpDTOInElementPedagogiDTO3 ("TableauCentreInsPedagogiElpDTO", "ElementPedagogiDTO3.recupererse.offreformation.dto.transverse.commun.apogee.education.gouv") {
        item: Vec<CentreInsPedagogiElpDTO> = "item" [optional],
    }
}

crate::dto! {
    /// `TableauComposanteDTO` (offreformation/recupererse/ElementPedagogiDTO3.xsd).
    pub struct TableauComposanteDTOInElementPedagogiDTO3 ("TableauComposanteDTO", "ElementPedagogiDTO3.recupererse.offreformation.dto.transverse.commun.apogee.education.gouv") {
        item: Vec<ComposanteDTO> = "item" [optional],
    }
}

crate::dto! {
    /// `TableauElementPrerequisDTO` (offreformation/recupererse/ElementPedagogiDTO3.xsd).
    pub struct TableauElementPrerequisDTOInElementPedagogiDTO3 ("TableauElementPrerequisDTO", "ElementPedagogiDTO3.recupererse.offreformation.dto.transverse.commun.apogee.education.gouv") {
        item: Vec<ElementPrerequisDTO> = "item" [optional],
    }
}

crate::dto! {
    /// `TableauTypePopulationDTO` (offreformation/recupererse/ElementPedagogiDTO3.xsd).
    pub struct TableauTypePopulationDTOInElementPedagogiDTO3 ("TableauTypePopulationDTO", "ElementPedagogiDTO3.recupererse.offreformation.dto.transverse.commun.apogee.education.gouv") {
        item: Vec<TypePopulationDTO> = "item" [optional],
    }
}

crate::dto! {
    /// `TableauCodeVersionEtapeDTO` (offreformation/recupererse/ElementPedagogiDTO3.xsd).
    pub struct TableauCodeVersionEtapeDTOInElementPedagogiDTO3 ("TableauCodeVersionEtapeDTO", "ElementPedagogiDTO3.recupererse.offreformation.dto.transverse.commun.apogee.education.gouv") {
        item: Vec<CodeVersionEtapeDTO> = "item" [optional],
    }
}

crate::dto! {
    /// `ElementPedagogiDTO3` (offreformation/recupererse/ElementPedagogiDTO3.xsd).
    pub struct ElementPedagogiDTO3 ("ElementPedagogiDTO3", "ElementPedagogiDTO3.recupererse.offreformation.dto.transverse.commun.apogee.education.gouv") {
        capacite_elp: Option<CapaciteElpDTO> = "capaciteElp" [nillable],
        cod_elp: Option<String> = "codElp" [nillable],
        cod_periode: Option<String> = "codPeriode" [nillable],
        composante: Option<ComposanteDTO> = "composante" [nillable],
        credits: Option<Decimal> = "credits" [nillable],
        date_creation: Option<String> = "dateCreation" [nillable],
        date_debut_ip: Option<String> = "dateDebutIP" [nillable],
        date_fin_ip: Option<String> = "dateFinIP" [nillable],
        date_modif: Option<String> = "dateModif" [nillable],
        desc_elp: Option<String> = "descElp" [nillable],
        lib_court_elp: Option<String> = "libCourtElp" [nillable],
        lib_elp: Option<String> = "libElp" [nillable],
        cod_nature_elp: Option<String> = "codNatureElp" [nillable],
        lib_nature_elp: Option<String> = "libNatureElp" [nillable],
        lib_periode: Option<String> = "libPeriode" [nillable],
        lib_statut: Option<String> = "libStatut" [nillable],
        lieu: Option<String> = "lieu" [nillable],
        list_resp_elp: Option<TableauResponsableElpDTO> = "listRespElp" [nillable],
        list_centre_ins_pedagogi: Option<TableauCentreInsPedagogiElpDTOInElementPedagogiDTO3> = "listCentreInsPedagogi" [nillable],
        list_composante: Option<TableauComposanteDTOInElementPedagogiDTO3> = "listComposante" [nillable],
        list_element_prerequis: Option<TableauElementPrerequisDTOInElementPedagogiDTO3> = "listElementPrerequis" [nillable],
        list_type_population: Option<TableauTypePopulationDTOInElementPedagogiDTO3> = "listTypePopulation" [nillable],
        list_version_etape_a_distance: Option<TableauCodeVersionEtapeDTOInElementPedagogiDTO3> = "listVersionEtapeADistance" [nillable],
        motif_susp: Option<String> = "motifSusp" [nillable],
        tem_en_sve_nature: Option<String> = "temEnSveNature" [nillable],
        tem_en_sve_periode: Option<String> = "temEnSvePeriode" [nillable],
        tem_ens_a_distance: Option<String> = "temEnsADistance" [nillable],
        tem_hors_etb: Option<String> = "temHorsEtb" [nillable],
        tem_mcc: Option<String> = "temMcc" [nillable],
        tem_susp: Option<String> = "temSusp" [nillable],
        unite_volume: Option<String> = "uniteVolume" [nillable],
        volume: Option<Decimal> = "volume" [nillable],
        tem_stage: Option<String> = "temStage" [nillable],
    }
}

crate::dto! {
    /// `TableauElementPedagogiDTO` (offreformation/recupererse/ListeElementPedagogiDTO3.xsd).
    pub struct TableauElementPedagogiDTOInListeElementPedagogiDTO3 ("TableauElementPedagogiDTO", "ListeElementPedagogiDTO3.recupererse.offreformation.dto.transverse.commun.apogee.education.gouv") {
        item: Vec<ElementPedagogiDTO3> = "item" [optional],
    }
}

crate::dto! {
    /// `ListeElementPedagogiDTO3` (offreformation/recupererse/ListeElementPedagogiDTO3.xsd).
    pub struct ListeElementPedagogiDTO3 ("ListeElementPedagogiDTO3", "ListeElementPedagogiDTO3.recupererse.offreformation.dto.transverse.commun.apogee.education.gouv") {
        cod_list_elp: Option<String> = "codListElp" [nillable],
        lib_court_list_elp: Option<String> = "libCourtListElp" [nillable],
        lib_list_elp: Option<String> = "libListElp" [nillable],
        list_element_pedagogi: Option<TableauElementPedagogiDTOInListeElementPedagogiDTO3> = "listElementPedagogi" [nillable],
        statut: Option<String> = "statut" [nillable],
        tem_traitement_prc: Option<String> = "temTraitementPRC" [nillable],
        typ_list_elp: Option<String> = "typListElp" [nillable],
    }
}

crate::dto! {
    /// `TableauListeElementPedagogiDTO` (offreformation/recupererse/VersionEtapeDTO4.xsd).
    pub struct TableauListeElementPedagogiDTOInVersionEtapeDTO4 ("TableauListeElementPedagogiDTO", "VersionEtapeDTO4.recupererse.offreformation.dto.transverse.commun.apogee.education.gouv") {
        item: Vec<ListeElementPedagogiDTO3> = "item" [optional],
    }
}

crate::dto! {
    /// `VersionEtapeDTO4` (offreformation/recupererse/VersionEtapeDTO4.xsd).
    pub struct VersionEtapeDTO4 ("VersionEtapeDTO4", "VersionEtapeDTO4.recupererse.offreformation.dto.transverse.commun.apogee.education.gouv") {
        centre_ins_ped_a_distance: Option<String> = "centreInsPedADistance" [nillable],
        cod_vrs_vet: Option<i32> = "codVrsVet" [nillable],
        commentaire_vrs_etp: Option<String> = "commentaireVrsEtp" [nillable],
        composante: Option<ComposanteOrganisatriceDTO> = "composante" [nillable],
        convention: Option<ConventionDTO> = "convention" [nillable],
        credits: Option<Decimal> = "credits" [nillable],
        duree: Option<String> = "duree" [nillable],
        cursus_amg: Option<CursusAmgDTO> = "cursusAmg" [nillable],
        lib_web_vet: Option<String> = "libWebVet" [nillable],
        list_regime: Option<TableauListeRegimeDTO> = "listRegime" [nillable],
        list_centre_ins_pedagogi_vet: Option<TableauCentreInsPedagogiVetDTOInVersionEtapeDTO4> = "listCentreInsPedagogiVet" [nillable],
        list_liste_element_pedagogi: Option<TableauListeElementPedagogiDTOInVersionEtapeDTO4> = "listListeElementPedagogi" [nillable],
        tem_en_sve_duree: Option<String> = "temEnSveDuree" [nillable],
        tem_tele_ens: Option<String> = "temTeleEns" [nillable],
        volume: Option<i32> = "volume" [nillable],
        cod_sis_daa_min: Option<i32> = "codSisDaaMin" [nillable],
        cod_sis_daa_max: Option<i32> = "codSisDaaMax" [nillable],
        tem_heb_vet: Option<String> = "temHebVet" [nillable],
        cod_parcours_type: Option<String> = "codParcoursType" [nillable],
        lib_parcours_type: Option<String> = "libParcoursType" [nillable],
        tem_en_sve_parcours_type: Option<String> = "temEnSveParcoursType" [nillable],
    }
}

crate::dto! {
    /// `TableauVersionEtapeDTO` (offreformation/recupererse/EtapeDTO4.xsd).
    pub struct TableauVersionEtapeDTO ("TableauVersionEtapeDTO", "EtapeDTO4.recupererse.offreformation.dto.transverse.commun.apogee.education.gouv") {
        item: Vec<VersionEtapeDTO4> = "item" [optional],
    }
}

crate::dto! {
    /// `EtapeDTO4` (offreformation/recupererse/EtapeDTO4.xsd).
    pub struct EtapeDTO4 ("EtapeDTO4", "EtapeDTO4.recupererse.offreformation.dto.transverse.commun.apogee.education.gouv") {
        cod_etp: Option<String> = "codEtp" [nillable],
        lib_court_etp: Option<String> = "libCourtEtp" [nillable],
        lib_etp: Option<String> = "libEtp" [nillable],
        action_lolf: Option<ActionLolfDTO> = "actionLolf" [nillable],
        list_composante_centre_gestion: Option<TableauComposanteCentreGestionDTOInEtapeDTO4> = "listComposanteCentreGestion" [nillable],
        list_version_etape: Option<TableauVersionEtapeDTO> = "listVersionEtape" [nillable],
        tem_ouvert_recrutement: Option<String> = "temOuvertRecrutement" [nillable],
        tem_ouvert_validation: Option<String> = "temOuvertValidation" [nillable],
        tem_ouvert_drt_brs: Option<String> = "temOuvertDrtBrs" [nillable],
        tem_ouv_drt_brs: Option<String> = "temOuvDrtBrs" [nillable],
    }
}

crate::dto! {
    /// `TableauEtapeDTO` (offreformation/recupererse/OffreFormationDTO4.xsd).
    pub struct TableauEtapeDTOInOffreFormationDTO4 ("TableauEtapeDTO", "OffreFormationDTO4.recupererse.offreformation.dto.transverse.commun.apogee.education.gouv") {
        item: Vec<EtapeDTO4> = "item" [optional],
    }
}

crate::dto! {
    /// `OffreFormationDTO4` (offreformation/recupererse/OffreFormationDTO4.xsd).
    pub struct OffreFormationDTO4 ("OffreFormationDTO4", "OffreFormationDTO4.recupererse.offreformation.dto.transverse.commun.apogee.education.gouv") {
        list_champ_disciplinaire: Option<TableauChampDisciplinaireDTOInOffreFormationDTO4> = "listChampDisciplinaire" [nillable],
        cod_finalite: Option<String> = "codFinalite" [nillable],
        cod_mention: Option<String> = "codMention" [nillable],
        cod_parcours_type: Option<String> = "codParcoursType" [nillable],
        cod_specialite: Option<String> = "codSpecialite" [nillable],
        habilitation: Option<HabilitationDTO> = "habilitation" [nillable],
        lib_finalite: Option<String> = "libFinalite" [nillable],
        lib_mention: Option<String> = "libMention" [nillable],
        lib_parcours_type: Option<String> = "libParcoursType" [nillable],
        lib_specialite: Option<String> = "libSpecialite" [nillable],
        list_domaine_formation: Option<TableauDomaineFormationDTOInOffreFormationDTO4> = "listDomaineFormation" [nillable],
        ref_sise: Option<ReferentielSiseDTO> = "refSise" [nillable],
        list_etape: Option<TableauEtapeDTOInOffreFormationDTO4> = "listEtape" [nillable],
        tem_en_sve_finalite: Option<String> = "temEnSveFinalite" [nillable],
        tem_en_sve_mention: Option<String> = "temEnSveMention" [nillable],
        tem_en_sve_parcours_type: Option<String> = "temEnSveParcoursType" [nillable],
        tem_en_sve_specialite: Option<String> = "temEnSveSpecialite" [nillable],
    }
}

crate::dto! {
    /// `VersionDiplomeDTO4` (offreformation/recupererse/VersionDiplomeDTO4.xsd).
    pub struct VersionDiplomeDTO4 ("VersionDiplomeDTO4", "VersionDiplomeDTO4.recupererse.offreformation.dto.transverse.commun.apogee.education.gouv") {
        cod_cursus_lmd: Option<String> = "codCursusLmd" [nillable],
        list_histo_rncp: Option<TableauVersionDiplomeHistoRncpDTO> = "listHistoRncp" [nillable],
        cod_vrs_vdi: Option<i32> = "codVrsVdi" [nillable],
        credits: Option<Decimal> = "credits" [nillable],
        ecole_doctorale: Option<EcoleDoctoraleDTO> = "ecoleDoctorale" [nillable],
        lib_court_vdi: Option<String> = "libCourtVdi" [nillable],
        lib_web_vdi: Option<String> = "libWebVdi" [nillable],
        resp_vdi: Option<ResponsableVdiDTO> = "respVdi" [nillable],
        comue: Option<ComueDTO> = "comue" [nillable],
        tem_off_com: Option<String> = "temOffCom" [nillable],
        tem_off_deloc: Option<String> = "temOffDeloc" [nillable],
        offre_formation: Option<OffreFormationDTO4> = "offreFormation" [nillable],
    }
}

crate::dto! {
    /// `TableauVersionDiplomeDTO4` (offreformation/recupererse/DiplomeDTO4.xsd).
    pub struct TableauVersionDiplomeDTO4 ("TableauVersionDiplomeDTO4", "DiplomeDTO4.recupererse.offreformation.dto.transverse.commun.apogee.education.gouv") {
        item: Vec<VersionDiplomeDTO4> = "item" [optional],
    }
}

crate::dto! {
    /// `DiplomeDTO4` (offreformation/recupererse/DiplomeDTO4.xsd).
    pub struct DiplomeDTO4 ("DiplomeDTO4", "DiplomeDTO4.recupererse.offreformation.dto.transverse.commun.apogee.education.gouv") {
        cod_dip: Option<String> = "codDip" [nillable],
        cycle: Option<CycleDTO> = "cycle" [nillable],
        lib_dip: Option<String> = "libDip" [nillable],
        list_groupe_diplome: Option<TableauGroupeDiplomeDTOInDiplomeDTO4> = "listGroupeDiplome" [nillable],
        list_version_diplome: Option<TableauVersionDiplomeDTO4> = "listVersionDiplome" [nillable],
        nature_diplome: Option<NatureDiplomeDTO> = "natureDiplome" [nillable],
        niveau_interministeriel: Option<NiveauInterministerielDTO> = "niveauInterministeriel" [nillable],
        secteur_disciplinaire: Option<SecteurDisciplinaireDTO> = "secteurDisciplinaire" [nillable],
        tem_ouvert_recrutement: Option<String> = "temOuvertRecrutement" [nillable],
        etb_hab: Option<EtablissementHabiliteDTO> = "etbHab" [nillable],
        cmp_acc: Option<ComposanteHabiliteDTO> = "cmpAcc" [nillable],
        tem_ouvert_validation: Option<String> = "temOuvertValidation" [nillable],
        type_diplome: Option<TypeDiplomeDTO> = "typeDiplome" [nillable],
    }
}

crate::dto! {
    /// `CapaciteGpeDTO` (scolarite/CapaciteGpeDTO.xsd).
    pub struct CapaciteGpeDTO ("CapaciteGpeDTO", "CapaciteGpeDTO.scolarite.dto.transverse.commun.apogee.education.gouv") {
        cap_int_gpe: Option<i32> = "capIntGpe" [nillable],
        cap_max_gpe: Option<i32> = "capMaxGpe" [nillable],
        tem_cap_max_blo: Option<String> = "temCapMaxBlo" [nillable],
    }
}

crate::dto! {
    /// `TableauGpeFils` (scolarite/GroupeDTO3.xsd).
    pub struct TableauGpeFils ("TableauGpeFils", "GroupeDTO3.scolarite.dto.transverse.commun.apogee.education.gouv") {
        gpe_fils: Vec<GroupeDTO3> = "gpeFils" [optional],
    }
}

crate::dto! {
    /// `TypeGroupeDTO` (scolarite/TypeGroupeDTO.xsd).
    pub struct TypeGroupeDTO ("TypeGroupeDTO", "TypeGroupeDTO.scolarite.dto.transverse.commun.apogee.education.gouv") {
        cod_tgr: Option<String> = "codTgr" [nillable],
        lib_tgr: Option<String> = "libTgr" [nillable],
    }
}

crate::dto! {
    /// `CaracteristiqueGroupeDTO` (scolarite/CaracteristiqueGroupeDTO.xsd).
    pub struct CaracteristiqueGroupeDTO ("CaracteristiqueGroupeDTO", "CaracteristiqueGroupeDTO.scolarite.dto.transverse.commun.apogee.education.gouv") {
        cod_cgp: Option<String> = "codCgp" [nillable],
        lib_cgp: Option<String> = "libCgp" [nillable],
    }
}

crate::dto! {
    /// `GroupeIncompDTO3` (scolarite/GroupeIncompDTO3.xsd).
    pub struct GroupeIncompDTO3 ("GroupeIncompDTO3", "GroupeIncompDTO3.scolarite.dto.transverse.commun.apogee.education.gouv") {
        /// xsd:long in the reference (no such XmlItem yet).
        cod_gpe: Option<String> = "codGpe" [nillable],
        capacite_gpe: Option<CapaciteGpeDTO> = "capaciteGpe" [nillable],
        cod_ext_gpe: Option<String> = "codExtGpe" [nillable],
        daa_deb_val_gpe: Option<String> = "daaDebValGpe" [nillable],
        daa_fin_val_gpe: Option<String> = "daaFinValGpe" [nillable],
        lib_des_org_gpo: Option<String> = "libDesOrgGpo" [nillable],
        lib_gpe: Option<String> = "libGpe" [nillable],
        type_groupe: Option<TypeGroupeDTO> = "typeGroupe" [nillable],
        caracteristique_groupe: Option<CaracteristiqueGroupeDTO> = "caracteristiqueGroupe" [nillable],
    }
}

crate::dto! {
    /// `TableauGpeIncomp` (scolarite/GroupeDTO3.xsd).
    pub struct TableauGpeIncomp ("TableauGpeIncomp", "GroupeDTO3.scolarite.dto.transverse.commun.apogee.education.gouv") {
        gpe_incomp: Vec<GroupeIncompDTO3> = "gpeIncomp" [optional],
    }
}

crate::dto! {
    /// `PersonnelDTO` (scolarite/PersonnelDTO.xsd).
    pub struct PersonnelDTO ("PersonnelDTO", "PersonnelDTO.scolarite.dto.transverse.commun.apogee.education.gouv") {
        cod_cps: Option<String> = "codCps" [nillable],
        cod_per: Option<String> = "codPer" [nillable],
        cod_scc: Option<String> = "codSCC" [nillable],
        date_nai_per: Option<String> = "dateNaiPer" [nillable],
        lib_nom_usuel_per: Option<String> = "libNomUsuelPer" [nillable],
        lib_pr1_per: Option<String> = "libPr1Per" [nillable],
    }
}

crate::dto! {
    /// `TableauPersonnel` (scolarite/GroupeDTO3.xsd).
    pub struct TableauPersonnel ("TableauPersonnel", "GroupeDTO3.scolarite.dto.transverse.commun.apogee.education.gouv") {
        personnel: Vec<PersonnelDTO> = "personnel" [optional],
    }
}

crate::dto! {
    /// `GroupeDTO3` (scolarite/GroupeDTO3.xsd).
    pub struct GroupeDTO3 ("GroupeDTO3", "GroupeDTO3.scolarite.dto.transverse.commun.apogee.education.gouv") {
        capacite_gpe: Option<CapaciteGpeDTO> = "capaciteGpe" [nillable],
        cod_ext_gpe: Option<String> = "codExtGpe" [nillable],
        /// xsd:long in the reference (no such XmlItem yet).
        cod_gpe: Option<String> = "codGpe" [nillable],
        daa_deb_val_gpe: Option<String> = "daaDebValGpe" [nillable],
        daa_fin_val_gpe: Option<String> = "daaFinValGpe" [nillable],
        lib_des_org_gpo: Option<String> = "libDesOrgGpo" [nillable],
        lib_gpe: Option<String> = "libGpe" [nillable],
        list_gpe_fils: Option<TableauGpeFils> = "listGpeFils" [nillable],
        list_gpe_incomp: Option<TableauGpeIncomp> = "listGpeIncomp" [nillable],
        list_personnel: Option<TableauPersonnel> = "listPersonnel" [nillable],
        type_groupe: Option<TypeGroupeDTO> = "typeGroupe" [nillable],
        caracteristique_groupe: Option<CaracteristiqueGroupeDTO> = "caracteristiqueGroupe" [nillable],
    }
}

crate::dto! {
    /// `TableauGroupe` (scolarite/CollectionDTO4.xsd).
    pub struct TableauGroupe ("TableauGroupe", "CollectionDTO4.scolarite.dto.transverse.commun.apogee.education.gouv") {
        groupe: Vec<GroupeDTO3> = "groupe" [optional],
    }
}

crate::dto! {
    /// `CollectionDTO4` (scolarite/CollectionDTO4.xsd).
    pub struct CollectionDTO4 ("CollectionDTO4", "CollectionDTO4.scolarite.dto.transverse.commun.apogee.education.gouv") {
        cod_ext_col: Option<String> = "codExtCol" [nillable],
        /// xsd:integer in the reference (no such XmlItem yet).
        cod_col: Option<String> = "codCol" [nillable],
        daa_deb_col: Option<String> = "daaDebCol" [nillable],
        daa_fin_col: Option<String> = "daaFinCol" [nillable],
        list_groupe: Option<TableauGroupe> = "listGroupe" [nillable],
    }
}

crate::dto! {
    /// `TableauCollection` (scolarite/Scolarite_ElementPedagogiDTO3.xsd).
    pub struct TableauCollectionInElementPedagogiDTO3 ("TableauCollection", "ElementPedagogiDTO3.scolarite.dto.transverse.commun.apogee.education.gouv") {
        collection: Vec<CollectionDTO4> = "collection" [optional],
    }
}

crate::dto! {
    /// `NatureElpDTO` (scolarite/NatureElpDTO.xsd).
    pub struct NatureElpDTO ("NatureElpDTO", "NatureElpDTO.scolarite.dto.transverse.commun.apogee.education.gouv") {
        cod_nel: Option<String> = "codNel" [nillable],
        lib_nel: Option<String> = "libNel" [nillable],
    }
}

crate::dto! {
    /// `ElementPedagogiDTO3` (scolarite/Scolarite_ElementPedagogiDTO3.xsd).
    pub struct ScolariteElementPedagogiDTO3 ("ElementPedagogiDTO3", "ElementPedagogiDTO3.scolarite.dto.transverse.commun.apogee.education.gouv") {
        cod_elp: Option<String> = "codElp" [nillable],
        lib_elp: Option<String> = "libElp" [nillable],
        lic_elp: Option<String> = "licElp" [nillable],
        list_collection: Option<TableauCollectionInElementPedagogiDTO3> = "listCollection" [nillable],
        nature_elp: Option<NatureElpDTO> = "natureElp" [nillable],
        tem_sus_elp: Option<String> = "temSusElp" [nillable],
    }
}

crate::dto! {
    /// `TableauElementPedagogi` (scolarite/RecupererGroupeDTO3.xsd).
    pub struct TableauElementPedagogi ("TableauElementPedagogi", "RecupererGroupeDTO3.scolarite.dto.transverse.commun.apogee.education.gouv") {
        element_pedagogi: Vec<ScolariteElementPedagogiDTO3> = "elementPedagogi" [optional],
    }
}

crate::dto! {
    /// `TableauCollection` (scolarite/Scolarite_VersionEtapeDTO3.xsd).
    pub struct TableauCollectionInVersionEtapeDTO3 ("TableauCollection", "VersionEtapeDTO3.scolarite.dto.transverse.commun.apogee.education.gouv") {
        collection: Vec<CollectionDTO4> = "collection" [optional],
    }
}

crate::dto! {
    /// `VersionEtapeDTO3` (scolarite/Scolarite_VersionEtapeDTO3.xsd).
    pub struct ScolariteVersionEtapeDTO3 ("VersionEtapeDTO3", "VersionEtapeDTO3.scolarite.dto.transverse.commun.apogee.education.gouv") {
        cod_etp: Option<String> = "codEtp" [nillable],
        cod_vrs_vet: Option<String> = "codVrsVet" [nillable],
        lib_vet: Option<String> = "libVet" [nillable],
        lib_web_vet: Option<String> = "libWebVet" [nillable],
        list_collection: Option<TableauCollectionInVersionEtapeDTO3> = "listCollection" [nillable],
    }
}

crate::dto! {
    /// `TableauVersionEtape` (scolarite/RecupererGroupeDTO3.xsd).
    pub struct TableauVersionEtape ("TableauVersionEtape", "RecupererGroupeDTO3.scolarite.dto.transverse.commun.apogee.education.gouv") {
        version_etape: Vec<ScolariteVersionEtapeDTO3> = "versionEtape" [optional],
    }
}

crate::dto! {
    /// `RecupererGroupeDTO3` (scolarite/RecupererGroupeDTO3.xsd).
    pub struct RecupererGroupeDTO3 ("RecupererGroupeDTO3", "RecupererGroupeDTO3.scolarite.dto.transverse.commun.apogee.education.gouv") {
        list_element_pedagogi: Option<TableauElementPedagogi> = "listElementPedagogi" [nillable],
        list_version_etape: Option<TableauVersionEtape> = "listVersionEtape" [nillable],
    }
}

crate::dto! {
    /// `CollectionDTO` (scolarite/CollectionDTO.xsd).
    pub struct CollectionDTO ("CollectionDTO", "CollectionDTO.scolarite.dto.transverse.commun.apogee.education.gouv") {
        cod_ext_col: Option<String> = "codExtCol" [nillable],
        list_cod_ext_gpe: Vec<String> = "listCodExtGpe" [nillable],
    }
}
