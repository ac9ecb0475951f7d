//! The DTOs of `PedagogiqueMetier` (namespaces and element order of AMUE's
//! `schemas/pedagogique/*.xsd`, 6.70.00; `ContratPedagogiqueResultatElpEprDTO4`
//! from 6.30.30). The same XSD type name in two namespaces (the `Tableau*`
//! arrays) is two Rust types, suffixed with their owner. Every field is
//! nillable; what Passerelle does not hold is sent as `xsi:nil="true"`.

use crate::soap::dto::Decimal;

crate::dto! {
    pub struct DiplomeDTO ("DiplomeDTO", "DiplomeDTO.pedagogique.dto.transverse.commun.apogee.education.gouv") {
        cod_dip: Option<String> = "codDip" [nillable],
        cod_vrs_vdi: Option<i32> = "codVrsVdi" [nillable],
        lib_dip: Option<String> = "libDip" [nillable],
        lib_web_vdi: Option<String> = "libWebVdi" [nillable],
        lic_vdi: Option<String> = "licVdi" [nillable],
    }
}
crate::dto! {
    pub struct EtapeDTO2 ("EtapeDTO2", "EtapeDTO2.pedagogique.dto.transverse.commun.apogee.education.gouv") {
        cod_etp: Option<String> = "codEtp" [nillable],
        cod_vrs_vet: Option<i32> = "codVrsVet" [nillable],
        lib_etp: Option<String> = "libEtp" [nillable],
        lib_web_vet: Option<String> = "libWebVet" [nillable],
        tem_dip_vet: Option<String> = "temDipVet" [nillable],
        lib_etat_iae: Option<String> = "libEtatIae" [nillable],
    }
}
crate::dto! {
    pub struct GroupeVetElpDTO ("GroupeVetElpDTO", "GroupeVetElpDTO.pedagogique.dto.transverse.commun.apogee.education.gouv") {
        cod_col: Option<String> = "codCol" [nillable],
        cod_gpe: Option<String> = "codGpe" [nillable],
        lib_des_org_gpo: Option<String> = "libDesOrgGpo" [nillable],
        lib_gpe: Option<String> = "libGpe" [nillable],
    }
}
crate::dto! {
    pub struct TableauGroupeEtpDtoVdiVet ("TableauGroupeEtpDto", "EtapeResVdiVetDTO2.pedagogique.dto.transverse.commun.apogee.education.gouv") {
        item: Vec<GroupeVetElpDTO> = "item" [optional],
    }
}
crate::dto! {
    pub struct EtatDelibDTO ("EtatDelibDTO", "EtatDelibDTO.pedagogique.dto.transverse.commun.apogee.education.gouv") {
        cod_eta_avc: Option<String> = "codEtaAvc" [nillable],
        lib_eta_avc: Option<String> = "libEtaAvc" [nillable],
    }
}
crate::dto! {
    pub struct MentionDTO ("MentionDTO", "MentionDTO.pedagogique.dto.transverse.commun.apogee.education.gouv") {
        cod_men: Option<String> = "codMen" [nillable],
        lib_men: Option<String> = "libMen" [nillable],
    }
}
crate::dto! {
    pub struct NatureResDTO ("NatureResDTO", "NatureResDTO.pedagogique.dto.transverse.commun.apogee.education.gouv") {
        cod_adm: Option<String> = "codAdm" [nillable],
        lib_adm: Option<String> = "libAdm" [nillable],
    }
}
crate::dto! {
    pub struct SessionDTO ("SessionDTO", "SessionDTO.pedagogique.dto.transverse.commun.apogee.education.gouv") {
        cod_ses: Option<String> = "codSes" [nillable],
        lib_ses: Option<String> = "libSes" [nillable],
    }
}
crate::dto! {
    pub struct TypResultatDTO ("TypResultatDTO", "TypResultatDTO.pedagogique.dto.transverse.commun.apogee.education.gouv") {
        cod_neg_tre: Option<String> = "codNegTre" [nillable],
        cod_tre: Option<String> = "codTre" [nillable],
        lib_tre: Option<String> = "libTre" [nillable],
    }
}
crate::dto! {
    pub struct ResultatVetDTO ("ResultatVetDTO", "ResultatVetDTO.pedagogique.dto.transverse.commun.apogee.education.gouv") {
        bar_not_vet: Option<i32> = "barNotVet" [nillable],
        etat_delib: Option<EtatDelibDTO> = "etatDelib" [nillable],
        mention: Option<MentionDTO> = "mention" [nillable],
        nature_resultat: Option<NatureResDTO> = "natureResultat" [nillable],
        nbr_crd_vet: Option<Decimal> = "nbrCrdVet" [nillable],
        nbr_rng_etu_vet: Option<i32> = "nbrRngEtuVet" [nillable],
        nbr_rng_etu_vet_tot: Option<i32> = "nbrRngEtuVetTot" [nillable],
        not_pnt_jur_vet: Option<Decimal> = "notPntJurVet" [nillable],
        not_vet: Option<String> = "notVet" [nillable],
        session: Option<SessionDTO> = "session" [nillable],
        typ_resultat: Option<TypResultatDTO> = "typResultat" [nillable],
    }
}
crate::dto! {
    pub struct TableauResultatVetDto ("TableauResultatVetDto", "EtapeResVdiVetDTO2.pedagogique.dto.transverse.commun.apogee.education.gouv") {
        item: Vec<ResultatVetDTO> = "item" [optional],
    }
}
crate::dto! {
    pub struct EtapeResVdiVetDTO2 ("EtapeResVdiVetDTO2", "EtapeResVdiVetDTO2.pedagogique.dto.transverse.commun.apogee.education.gouv") {
        cod_anu: Option<String> = "codAnu" [nillable],
        cod_typ_ipe: Option<String> = "codTypIpe" [nillable],
        lib_typ_ipe: Option<String> = "libTypIpe" [nillable],
        etape: Option<EtapeDTO2> = "etape" [nillable],
        groupes: Option<TableauGroupeEtpDtoVdiVet> = "groupes" [nillable],
        resultat_vet: Option<TableauResultatVetDto> = "resultatVet" [nillable],
    }
}
crate::dto! {
    pub struct TableauEtapeResVdiVetDto2 ("TableauEtapeResVdiVetDto2", "ContratPedagogiqueResultatVdiVetDTO2.pedagogique.dto.transverse.commun.apogee.education.gouv") {
        item: Vec<EtapeResVdiVetDTO2> = "item" [optional],
    }
}
crate::dto! {
    pub struct ResultatVdiDTO ("ResultatVdiDTO", "ResultatVdiDTO.pedagogique.dto.transverse.commun.apogee.education.gouv") {
        bar_not_vdi: Option<i32> = "barNotVdi" [nillable],
        etat_delib: Option<EtatDelibDTO> = "etatDelib" [nillable],
        mention: Option<MentionDTO> = "mention" [nillable],
        nature_resultat: Option<NatureResDTO> = "natureResultat" [nillable],
        nbr_crd_vdi: Option<Decimal> = "nbrCrdVdi" [nillable],
        nbr_rng_etu_vdi: Option<i32> = "nbrRngEtuVdi" [nillable],
        nbr_rng_etu_vdi_tot: Option<i32> = "nbrRngEtuVdiTot" [nillable],
        not_pnt_jur_vdi: Option<Decimal> = "notPntJurVdi" [nillable],
        not_vdi: Option<String> = "notVdi" [nillable],
        session: Option<SessionDTO> = "session" [nillable],
        typ_resultat: Option<TypResultatDTO> = "typResultat" [nillable],
    }
}
crate::dto! {
    pub struct TableauResultatVdiDto ("TableauResultatVdiDto", "ContratPedagogiqueResultatVdiVetDTO2.pedagogique.dto.transverse.commun.apogee.education.gouv") {
        item: Vec<ResultatVdiDTO> = "item" [optional],
    }
}
crate::dto! {
    pub struct ContratPedagogiqueResultatVdiVetDTO2 ("ContratPedagogiqueResultatVdiVetDTO2", "ContratPedagogiqueResultatVdiVetDTO2.pedagogique.dto.transverse.commun.apogee.education.gouv") {
        annee: Option<String> = "annee" [nillable],
        dat_obt_vdi: Option<String> = "datObtVdi" [nillable],
        dat_val_dip: Option<String> = "datValDip" [nillable],
        diplome: Option<DiplomeDTO> = "diplome" [nillable],
        etapes: Option<TableauEtapeResVdiVetDto2> = "etapes" [nillable],
        resultat_vdi: Option<TableauResultatVdiDto> = "resultatVdi" [nillable],
    }
}
crate::dto! {
    pub struct CentreInsPedDTO ("CentreInsPedDTO", "CentreInsPedDTO.pedagogique.dto.transverse.commun.apogee.education.gouv") {
        cod_cip: Option<String> = "codCip" [nillable],
        lib_cip: Option<String> = "libCip" [nillable],
    }
}
crate::dto! {
    pub struct NatureElpDTO ("NatureElpDTO", "NatureElpDTO.pedagogique.dto.transverse.commun.apogee.education.gouv") {
        cod_nel: Option<String> = "codNel" [nillable],
        lib_nel: Option<String> = "libNel" [nillable],
        tem_fictif: Option<String> = "temFictif" [nillable],
        tem_semestre: Option<String> = "temSemestre" [nillable],
        tem_ue: Option<String> = "temUe" [nillable],
    }
}
crate::dto! {
    pub struct ElementPedagogiDTO5 ("ElementPedagogiDTO5", "ElementPedagogiDTO5.pedagogique.dto.transverse.commun.apogee.education.gouv") {
        cod_elp: Option<String> = "codElp" [nillable],
        lib_elp: Option<String> = "libElp" [nillable],
        nature_elp: Option<NatureElpDTO> = "natureElp" [nillable],
        num_pre_elp: Option<i32> = "numPreElp" [nillable],
        tem_ctl_val_cad_elp: Option<String> = "temCtlValCadElp" [nillable],
        tem_elp_type_stage: Option<String> = "temElpTypeStage" [nillable],
        nbr_crd_elp: Option<Decimal> = "nbrCrdElp" [nillable],
        dur_con_elp: Option<i32> = "durConElp" [nillable],
        not_min_con_elp: Option<Decimal> = "notMinConElp" [nillable],
        bar_min_con_elp: Option<i32> = "barMinConElp" [nillable],
    }
}
crate::dto! {
    pub struct NatureEprDTO ("NatureEprDTO", "NatureEprDTO.pedagogique.dto.transverse.commun.apogee.education.gouv") {
        cod_nep: Option<String> = "codNep" [nillable],
        lib_nep: Option<String> = "libNep" [nillable],
    }
}
crate::dto! {
    pub struct TypEpreuveDTO ("TypEpreuveDTO", "TypEpreuveDTO.pedagogique.dto.transverse.commun.apogee.education.gouv") {
        cod_tep: Option<String> = "codTep" [nillable],
        lib_tep: Option<String> = "libTep" [nillable],
    }
}
crate::dto! {
    pub struct EpreuveDTO2 ("EpreuveDTO2", "EpreuveDTO2.pedagogique.dto.transverse.commun.apogee.education.gouv") {
        cod_epr: Option<String> = "codEpr" [nillable],
        lib_epr: Option<String> = "libEpr" [nillable],
        tem_ctl_val_cad_epr: Option<String> = "temCtlValCadEpr" [nillable],
        nature_epr: Option<NatureEprDTO> = "natureEpr" [nillable],
        typ_epreuve: Option<TypEpreuveDTO> = "typEpreuve" [nillable],
        dur_con_epr: Option<i32> = "durConEpr" [nillable],
        not_min_con_epr: Option<Decimal> = "notMinConEpr" [nillable],
        bar_min_con_epr: Option<i32> = "barMinConEpr" [nillable],
    }
}
crate::dto! {
    pub struct ResultatEprDTO ("ResultatEprDTO", "ResultatEprDTO.pedagogique.dto.transverse.commun.apogee.education.gouv") {
        bar_not_epr: Option<i32> = "barNotEpr" [nillable],
        cod_anu: Option<String> = "codAnu" [nillable],
        etat_delib: Option<EtatDelibDTO> = "etatDelib" [nillable],
        not_epr: Option<String> = "notEpr" [nillable],
        cod_eta_not_epr: Option<String> = "codEtaNotEpr" [nillable],
        lib_eta_not_epr: Option<String> = "libEtaNotEpr" [nillable],
        session: Option<SessionDTO> = "session" [nillable],
        typ_resultat: Option<TypResultatDTO> = "typResultat" [nillable],
        cod_eta_res_epr: Option<String> = "codEtaResEpr" [nillable],
        lib_eta_res_epr: Option<String> = "libEtaResEpr" [nillable],
    }
}
crate::dto! {
    pub struct TableauResultatEprDto2 ("TableauResultatEprDto2", "EpreuveElpDTO2.pedagogique.dto.transverse.commun.apogee.education.gouv") {
        item: Vec<ResultatEprDTO> = "item" [optional],
    }
}
crate::dto! {
    pub struct EpreuveElpDTO2 ("EpreuveElpDTO2", "EpreuveElpDTO2.pedagogique.dto.transverse.commun.apogee.education.gouv") {
        annee: Option<String> = "annee" [nillable],
        epreuve: Option<EpreuveDTO2> = "epreuve" [nillable],
        nature_resultat: Option<NatureResDTO> = "natureResultat" [nillable],
        resultat_epr: Option<TableauResultatEprDto2> = "resultatEpr" [nillable],
    }
}
crate::dto! {
    pub struct TableauEpreuveElpDto2Elp5 ("TableauEpreuveElpDto2", "ContratPedagogiqueResultatElpEprDTO5.pedagogique.dto.transverse.commun.apogee.education.gouv") {
        item: Vec<EpreuveElpDTO2> = "item" [optional],
    }
}
crate::dto! {
    pub struct FormuleExamenDTO ("FormuleExamenDTO", "FormuleExamenDTO.pedagogique.dto.transverse.commun.apogee.education.gouv") {
        cod_fex: Option<String> = "codFex" [nillable],
        lib_fex: Option<String> = "libFex" [nillable],
    }
}
crate::dto! {
    pub struct ElpSourceDTO ("ElpSourceDTO", "ElpSourceDTO.pedagogique.dto.transverse.commun.apogee.education.gouv") {
        cod_elp: Option<String> = "codElp" [nillable],
        lib_elp: Option<String> = "libElp" [nillable],
    }
}
crate::dto! {
    pub struct ElpCorrespondElpDTO ("ElpCorrespondElpDTO", "ElpCorrespondElpDTO.pedagogique.dto.transverse.commun.apogee.education.gouv") {
        elp_s1: Option<ElpSourceDTO> = "elpS1" [nillable],
        not_elp_s1_lcc: Option<String> = "notElpS1Lcc" [nillable],
        type_res_s1: Option<TypResultatDTO> = "typeResS1" [nillable],
        elp_s2: Option<ElpSourceDTO> = "elpS2" [nillable],
        not_elp_s2_lcc: Option<String> = "notElpS2Lcc" [nillable],
        type_res_s2: Option<TypResultatDTO> = "typeResS2" [nillable],
    }
}
crate::dto! {
    pub struct ResultatElpDTO3 ("ResultatElpDTO3", "ResultatElpDTO3.pedagogique.dto.transverse.commun.apogee.education.gouv") {
        bar_not_elp: Option<i32> = "barNotElp" [nillable],
        cod_anu: Option<String> = "codAnu" [nillable],
        etat_delib: Option<EtatDelibDTO> = "etatDelib" [nillable],
        lcc: Option<ElpCorrespondElpDTO> = "lcc" [nillable],
        mention: Option<MentionDTO> = "mention" [nillable],
        cod_eta_mnd_elp: Option<String> = "codEtaMndElp" [nillable],
        lib_eta_mnd_elp: Option<String> = "libEtaMndElp" [nillable],
        nature_resultat: Option<NatureResDTO> = "natureResultat" [nillable],
        nbr_crd_elp: Option<Decimal> = "nbrCrdElp" [nillable],
        nbr_rng_etu_elp: Option<i32> = "nbrRngEtuElp" [nillable],
        cod_eta_rng_elp: Option<String> = "codEtaRngElp" [nillable],
        lib_eta_rng_elp: Option<String> = "libEtaRngElp" [nillable],
        nbr_rng_etu_elp_tot: Option<i32> = "nbrRngEtuElpTot" [nillable],
        not_elp: Option<String> = "notElp" [nillable],
        cod_eta_not_elp: Option<String> = "codEtaNotElp" [nillable],
        lib_eta_not_elp: Option<String> = "libEtaNotElp" [nillable],
        not_pnt_jur_elp: Option<Decimal> = "notPntJurElp" [nillable],
        session: Option<SessionDTO> = "session" [nillable],
        tem_res_mei_not: Option<String> = "temResMeiNot" [nillable],
        typ_resultat: Option<TypResultatDTO> = "typResultat" [nillable],
        cod_eta_res_elp: Option<String> = "codEtaResElp" [nillable],
        lib_eta_res_elp: Option<String> = "libEtaResElp" [nillable],
        tem_res_est_comp: Option<String> = "temResEstComp" [nillable],
        tem_res_ser_comp: Option<String> = "temResSerComp" [nillable],
        lib_rvn: Option<String> = "libRvn" [nillable],
        typ_rvn: Option<String> = "typRvn" [nillable],
        lib_cmt_trv: Option<String> = "libCmtTrv" [nillable],
    }
}
crate::dto! {
    pub struct TableauResultatElpDto3Elp5 ("TableauResultatElpDto3", "ContratPedagogiqueResultatElpEprDTO5.pedagogique.dto.transverse.commun.apogee.education.gouv") {
        item: Vec<ResultatElpDTO3> = "item" [optional],
    }
}
crate::dto! {
    pub struct TableauGroupeEtpDtoElp5 ("TableauGroupeEtpDto", "ContratPedagogiqueResultatElpEprDTO5.pedagogique.dto.transverse.commun.apogee.education.gouv") {
        item: Vec<GroupeVetElpDTO> = "item" [optional],
    }
}
crate::dto! {
    pub struct ContratPedagogiqueResultatElpEprDTO5 ("ContratPedagogiqueResultatElpEprDTO5", "ContratPedagogiqueResultatElpEprDTO5.pedagogique.dto.transverse.commun.apogee.education.gouv") {
        cip: Option<CentreInsPedDTO> = "cip" [nillable],
        cod_anu: Option<String> = "codAnu" [nillable],
        cod_elp_sup: Option<String> = "codElpSup" [nillable],
        lib_etat_iae: Option<String> = "libEtatIae" [nillable],
        cod_typ_ipe: Option<String> = "codTypIpe" [nillable],
        elp: Option<ElementPedagogiDTO5> = "elp" [nillable],
        epreuves_elp: Option<TableauEpreuveElpDto2Elp5> = "epreuvesElp" [nillable],
        fex: Option<FormuleExamenDTO> = "fex" [nillable],
        resultats_elp: Option<TableauResultatElpDto3Elp5> = "resultatsElp" [nillable],
        groupes: Option<TableauGroupeEtpDtoElp5> = "groupes" [nillable],
        rng_elp: Option<i32> = "rngElp" [nillable],
    }
}
crate::dto! {
    pub struct TableauEpreuveElpDto2Elp4 ("TableauEpreuveElpDto2", "ContratPedagogiqueResultatElpEprDTO4.pedagogique.dto.transverse.commun.apogee.education.gouv") {
        item: Vec<EpreuveElpDTO2> = "item" [optional],
    }
}
crate::dto! {
    pub struct TableauResultatElpDto3Elp4 ("TableauResultatElpDto3", "ContratPedagogiqueResultatElpEprDTO4.pedagogique.dto.transverse.commun.apogee.education.gouv") {
        item: Vec<ResultatElpDTO3> = "item" [optional],
    }
}
crate::dto! {
    pub struct TableauGroupeEtpDtoElp4 ("TableauGroupeEtpDto", "ContratPedagogiqueResultatElpEprDTO4.pedagogique.dto.transverse.commun.apogee.education.gouv") {
        item: Vec<GroupeVetElpDTO> = "item" [optional],
    }
}
crate::dto! {
    pub struct ContratPedagogiqueResultatElpEprDTO4 ("ContratPedagogiqueResultatElpEprDTO4", "ContratPedagogiqueResultatElpEprDTO4.pedagogique.dto.transverse.commun.apogee.education.gouv") {
        cip: Option<CentreInsPedDTO> = "cip" [nillable],
        cod_anu: Option<String> = "codAnu" [nillable],
        cod_elp_sup: Option<String> = "codElpSup" [nillable],
        cod_typ_ipe: Option<String> = "codTypIpe" [nillable],
        elp: Option<ElementPedagogiDTO5> = "elp" [nillable],
        epreuves_elp: Option<TableauEpreuveElpDto2Elp4> = "epreuvesElp" [nillable],
        fex: Option<FormuleExamenDTO> = "fex" [nillable],
        resultats_elp: Option<TableauResultatElpDto3Elp4> = "resultatsElp" [nillable],
        groupes: Option<TableauGroupeEtpDtoElp4> = "groupes" [nillable],
        rng_elp: Option<i32> = "rngElp" [nillable],
    }
}
