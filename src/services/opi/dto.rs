//! The OPI payload DTOs of every version still called (v7 to v10), as the
//! reference XSDs define them: names, order, types, namespaces.

#![allow(clippy::upper_case_acronyms)]

use crate::soap::dto::Decimal;

// Generated once from the reference XSD tables (names, order, types), then owned here.
// Field order is the wire order (xsd:sequence).

crate::dto! {
    pub struct MAJOpiAdresseDTO ("MAJOpiAdresseDTO", "MAJOpiAdresseDTO.opi.dto.transverse.commun.apogee.education.gouv") {
        cod_bdi: Option<String> = "codBdi" [nillable],
        cod_com: Option<String> = "codCom" [nillable],
        cod_pay: Option<String> = "codPay" [nillable],
        lib1: Option<String> = "lib1" [nillable],
        lib2: Option<String> = "lib2" [nillable],
        lib3: Option<String> = "lib3" [nillable],
        lib_ade: Option<String> = "libAde" [nillable],
        num_tel: Option<String> = "numTel" [nillable],
    }
}

crate::dto! {
    pub struct MAJOpiBacDTO ("MAJOpiBacDTO", "MAJOpiBacDTO.opi.dto.transverse.commun.apogee.education.gouv") {
        cod_bac: Option<String> = "codBac" [nillable],
        cod_dep: Option<String> = "codDep" [nillable],
        cod_etb: Option<String> = "codEtb" [nillable],
        cod_mention: Option<String> = "codMention" [nillable],
        cod_tpe: Option<String> = "codTpe" [nillable],
        daa_obt_bac_oba: Option<String> = "daaObtBacOba" [nillable],
    }
}

crate::dto! {
    pub struct MAJOpiDacDTO ("MAJOpiDacDTO", "MAJOpiDacDTO.opi.dto.transverse.commun.apogee.education.gouv") {
        cod_cur_opi: Option<String> = "codCurOpi" [nillable],
        cod_dac: Option<String> = "codDac" [nillable],
        cod_dep_pay: Option<String> = "codDepPay" [nillable],
        cod_dip_cur: Option<String> = "codDipCur" [nillable],
        cod_etb: Option<String> = "codEtb" [nillable],
        cod_nif: Option<i32> = "codNif" [nillable],
        cod_tpe: Option<String> = "codTpe" [nillable],
        cod_typ_dep_pay: Option<String> = "codTypDepPay" [nillable],
        daa_uni_dac: Option<String> = "daaUniDac" [nillable],
        dip_cur: Option<String> = "dipCur" [nillable],
        lib_cmt_dac: Option<String> = "libCmtDac" [nillable],
        nbr_crd_cur: Option<Decimal> = "nbrCrdCur" [nillable],
        tem_obt_cur_vae: Option<String> = "temObtCurVae" [nillable],
        tem_obt_dac: Option<String> = "temObtDac" [nillable],
    }
}

crate::dto! {
    pub struct MAJDernierDiplObtDTO ("MAJDernierDiplObtDTO", "MAJDernierDiplObtDTO.opi.dto.transverse.commun.apogee.education.gouv") {
        cod_tde_der_dip: Option<String> = "codTdeDerDip" [nillable],
        cod_dep_pay_der_dip: Option<String> = "codDepPayDerDip" [nillable],
        cod_typ_dep_pay_der_dip: Option<String> = "codTypDepPayDerDip" [nillable],
        cod_etb_der_dip: Option<String> = "codEtbDerDip" [nillable],
        cod_tds_opi: Option<String> = "codTdsOpi" [nillable],
        daa_etb_der_dip: Option<String> = "daaEtbDerDip" [nillable],
    }
}

crate::dto! {
    pub struct MAJDernierEtbFrequenteDTO ("MAJDernierEtbFrequenteDTO", "MAJDernierEtbFrequenteDTO.opi.dto.transverse.commun.apogee.education.gouv") {
        cod_dep_pay_ant_iaa_opi: Option<String> = "codDepPayAntIaaOpi" [nillable],
        cod_etb_ant_iaa: Option<String> = "codEtbAntIaa" [nillable],
        cod_tpe_ant_iaa: Option<String> = "codTpeAntIaa" [nillable],
        cod_typ_dep_pay_ant_iaa_opi: Option<String> = "codTypDepPayAntIaaOpi" [nillable],
        daa_etb_ant_iaa_opi: Option<String> = "daaEtbAntIaaOpi" [nillable],
    }
}

crate::dto! {
    pub struct MAJDonneesNaissanceDTO2 ("MAJDonneesNaissanceDTO2", "MAJDonneesNaissanceDTO2.opi.dto.transverse.commun.apogee.education.gouv") {
        cod_dep_pay_nai: Option<String> = "codDepPayNai" [nillable],
        cod_pay_nat: Option<String> = "codPayNat" [nillable],
        cod_typ_dep_pay_nai: Option<String> = "codTypDepPayNai" [nillable],
        date_nai_ind_opi: Option<String> = "dateNaiIndOpi" [nillable],
        cod_com_nai_etu_opi: Option<String> = "codComNaiEtuOpi" [nillable],
        lib_vil_nai_etu_opi: Option<String> = "libVilNaiEtuOpi" [nillable],
        tem_date_nai_rel_opi: Option<String> = "temDateNaiRelOpi" [nillable],
    }
}

crate::dto! {
    pub struct MAJDonneesPersonnellesDTO3 ("MAJDonneesPersonnellesDTO3", "MAJDonneesPersonnellesDTO3.opi.dto.transverse.commun.apogee.education.gouv") {
        adr_mail_opi: Option<String> = "adrMailOpi" [nillable],
        cod_fam: Option<String> = "codFam" [nillable],
        cod_pcs: Option<String> = "codPcs" [nillable],
        cod_pcs_ap: Option<String> = "codPcsAp" [nillable],
        cod_sim: Option<String> = "codSim" [nillable],
        cod_thb_opi: Option<String> = "codThbOpi" [nillable],
        cod_thp_opi: Option<String> = "codThpOpi" [nillable],
        daa_lbt_ind_opi: Option<String> = "daaLbtIndOpi" [nillable],
        dmm_lbt_ind_opi: Option<String> = "dmmLbtIndOpi" [nillable],
        num_tel_por_opi: Option<String> = "numTelPorOpi" [nillable],
        cod_rgi: Option<String> = "codRgi" [nillable],
        cod_stu: Option<String> = "codStu" [nillable],
    }
}

crate::dto! {
    pub struct MAJEtatCivilDTO2 ("MAJEtatCivilDTO2", "MAJEtatCivilDTO2.opi.dto.transverse.commun.apogee.education.gouv") {
        cod_nne_ind_opi: Option<String> = "codNneIndOpi" [nillable],
        cod_sex_etu_opi: Option<String> = "codSexEtuOpi" [nillable],
        lib_nom_pat_ind_opi: Option<String> = "libNomPatIndOpi" [nillable],
        lib_nom_usu_ind_opi: Option<String> = "libNomUsuIndOpi" [nillable],
        lib_pr1_ind_opi: Option<String> = "libPr1IndOpi" [nillable],
        lib_pr2_ind_opi: Option<String> = "libPr2IndOpi" [nillable],
        lib_pr3_ind_opi: Option<String> = "libPr3IndOpi" [nillable],
    }
}

crate::dto! {
    pub struct MAJInscriptionParalleleDTO2 ("MAJInscriptionParalleleDTO2", "MAJInscriptionParalleleDTO2.opi.dto.transverse.commun.apogee.education.gouv") {
        cod_etb_ann_crt: Option<String> = "codEtbAnnCrt" [nillable],
        cod_tpe_ann_crt: Option<String> = "codTpeAnnCrt" [nillable],
        tem_prl_ann_crt: Option<String> = "temPrlAnnCrt" [nillable],
    }
}

crate::dto! {
    pub struct MAJPremiereInscriptionDTO ("MAJPremiereInscriptionDTO", "MAJPremiereInscriptionDTO.opi.dto.transverse.commun.apogee.education.gouv") {
        cod_etb: Option<String> = "codEtb" [nillable],
        daa_ens_sup_opi: Option<String> = "daaEnsSupOpi" [nillable],
        daa_ent_etb_opi: Option<String> = "daaEntEtbOpi" [nillable],
        daa_etb_opi: Option<String> = "daaEtbOpi" [nillable],
        daa_etr_sup: Option<String> = "daaEtrSup" [nillable],
    }
}

crate::dto! {
    pub struct MAJPrgEchangeDTO ("MAJPrgEchangeDTO", "MAJPrgEchangeDTO.opi.dto.transverse.commun.apogee.education.gouv") {
        cod_etr_opi: Option<String> = "codEtrOpi" [nillable],
        cod_prg_opi: Option<String> = "codPrgOpi" [nillable],
        tem_sns_prg_opi: Option<String> = "temSnsPrgOpi" [nillable],
    }
}

crate::dto! {
    pub struct MAJSituationAnnPreDTO ("MAJSituationAnnPreDTO", "MAJSituationAnnPreDTO.opi.dto.transverse.commun.apogee.education.gouv") {
        cod_dep_pay_ann_pre_opi: Option<String> = "codDepPayAnnPreOpi" [nillable],
        cod_etb_ann_pre_opi: Option<String> = "codEtbAnnPreOpi" [nillable],
        cod_sis_ann_pre_opi: Option<String> = "codSisAnnPreOpi" [nillable],
        cod_typ_dep_pay_ann_pre_opi: Option<String> = "codTypDepPayAnnPreOpi" [nillable],
    }
}

crate::dto! {
    pub struct MAJOpiIndDTO6 ("MAJOpiIndDTO6", "MAJOpiIndDTO6.opi.dto.transverse.commun.apogee.education.gouv") {
        cod_etu_opi: Option<i32> = "codEtuOpi" [nillable],
        cod_opi_int_epo: Option<String> = "codOpiIntEpo" [nillable],
        dernier_dipl_obt: Option<MAJDernierDiplObtDTO> = "dernierDiplObt" [nillable],
        dernier_etb_frequente: Option<MAJDernierEtbFrequenteDTO> = "dernierEtbFrequente" [nillable],
        donnees_naissance: Option<MAJDonneesNaissanceDTO2> = "donneesNaissance" [nillable],
        donnees_personnelles: Option<MAJDonneesPersonnellesDTO3> = "donneesPersonnelles" [nillable],
        etat_civil: Option<MAJEtatCivilDTO2> = "etatCivil" [nillable],
        inscription_parallele: Option<MAJInscriptionParalleleDTO2> = "inscriptionParallele" [nillable],
        premiere_inscription: Option<MAJPremiereInscriptionDTO> = "premiereInscription" [nillable],
        prg_echange: Option<MAJPrgEchangeDTO> = "prgEchange" [nillable],
        situation_ann_pre: Option<MAJSituationAnnPreDTO> = "situationAnnPre" [nillable],
    }
}

crate::dto! {
    pub struct MAJConvocationDTO ("MAJConvocationDTO", "MAJConvocationDTO.opi.dto.transverse.commun.apogee.education.gouv") {
        dat_cvc: Option<String> = "datCvc" [nillable],
        dhh_cvc: Option<i32> = "dhhCvc" [nillable],
        dmn_cvc: Option<i32> = "dmnCvc" [nillable],
    }
}

crate::dto! {
    pub struct MAJTitreAccesExterneDTO ("MAJTitreAccesExterneDTO", "MAJTitreAccesExterneDTO.opi.dto.transverse.commun.apogee.education.gouv") {
        cod_dac_opi: Option<String> = "codDacOpi" [nillable],
        cod_dep_pay_dac_opi: Option<String> = "codDepPayDacOpi" [nillable],
        cod_etb_dac_opi: Option<String> = "codEtbDacOpi" [nillable],
        cod_tpe_dac_opi: Option<String> = "codTpeDacOpi" [nillable],
        cod_typ_dep_pay_dac_opi: Option<String> = "codTypDepPayDacOpi" [nillable],
        daa_dac_opi: Option<String> = "daaDacOpi" [nillable],
    }
}

crate::dto! {
    pub struct MAJOpiVoeuDTO ("MAJOpiVoeuDTO", "MAJOpiVoeuDTO.opi.dto.transverse.commun.apogee.education.gouv") {
        cod_att_dec: Option<String> = "codAttDec" [nillable],
        cod_cge: Option<String> = "codCge" [nillable],
        cod_cmp: Option<String> = "codCmp" [nillable],
        cod_dec_veu: Option<String> = "codDecVeu" [nillable],
        cod_dem_dos: Option<String> = "codDemDos" [nillable],
        cod_dip: Option<String> = "codDip" [nillable],
        cod_etp: Option<String> = "codEtp" [nillable],
        cod_mfo: Option<String> = "codMfo" [nillable],
        cod_spe1_opi: Option<String> = "codSpe1Opi" [nillable],
        cod_spe2_opi: Option<String> = "codSpe2Opi" [nillable],
        cod_spe3_opi: Option<String> = "codSpe3Opi" [nillable],
        cod_tyd: Option<String> = "codTyd" [nillable],
        cod_vrs_vdi: Option<i32> = "codVrsVdi" [nillable],
        cod_vrs_vet: Option<i32> = "codVrsVet" [nillable],
        convocation: Option<MAJConvocationDTO> = "convocation" [nillable],
        lib_cmt_jur: Option<String> = "libCmtJur" [nillable],
        num_cls: Option<i32> = "numCls" [nillable],
        tem_val_psd: Option<String> = "temValPsd" [nillable],
        titre_acces_externe: Option<MAJTitreAccesExterneDTO> = "titreAccesExterne" [nillable],
    }
}

crate::dto! {
    pub struct TableauVoeuV7 ("TableauVoeu", "DonneesOpiDTO7.opi.dto.transverse.commun.apogee.education.gouv") {
        item: Vec<MAJOpiVoeuDTO> = "item" [optional],
    }
}

crate::dto! {
    pub struct MAJOpiTheseDTO ("MAJOpiTheseDTO", "MAJOpiTheseDTO.opi.dto.transverse.commun.apogee.education.gouv") {
        cod_dip: Option<String> = "codDip",
        cod_vrs_vdi: Option<i32> = "codVrsVdi",
        cod_etp: Option<String> = "codEtp",
        cod_vrs_vet: Option<i32> = "codVrsVet",
        cod_ths_trv: Option<String> = "codThsTrv" [nillable],
        cod_dis: Option<i32> = "codDis" [nillable],
        lib_ths: Option<String> = "libThs" [nillable],
        lib_ths_lng: Option<String> = "libThsLng" [nillable],
        cod_lng: Option<String> = "codLng" [nillable],
        cod_edo: Option<String> = "codEdo" [nillable],
        cod_per_dir: Option<i32> = "codPerDir" [nillable],
        cod_per_cdr: Option<i32> = "codPerCdr" [nillable],
        cod_per_cdr2: Option<i32> = "codPerCdr2" [nillable],
        cod_eqr: Option<String> = "codEqr" [nillable],
    }
}

crate::dto! {
    pub struct DonneesOpiDTO7 ("DonneesOpiDTO7", "DonneesOpiDTO7.opi.dto.transverse.commun.apogee.education.gouv") {
        adresse_annuelle: Option<MAJOpiAdresseDTO> = "adresseAnnuelle" [nillable],
        adresse_fixe: Option<MAJOpiAdresseDTO> = "adresseFixe" [nillable],
        bac: Option<MAJOpiBacDTO> = "bac" [nillable],
        dac: Option<MAJOpiDacDTO> = "dac" [nillable],
        individu: Option<MAJOpiIndDTO6> = "individu" [nillable],
        voeux: Option<TableauVoeuV7> = "voeux" [nillable],
        donnees_these: Option<MAJOpiTheseDTO> = "donneesThese" [nillable],
    }
}

crate::dto! {
    pub struct MAJOpiVoeuDTO2 ("MAJOpiVoeuDTO2", "MAJOpiVoeuDTO2.opi.dto.transverse.commun.apogee.education.gouv") {
        cod_att_dec: Option<String> = "codAttDec" [nillable],
        cod_cge: Option<String> = "codCge" [nillable],
        cod_cmp: Option<String> = "codCmp" [nillable],
        cod_dec_veu: Option<String> = "codDecVeu" [nillable],
        cod_cat_oui_si: Option<String> = "codCatOuiSi" [nillable],
        mtf_cat: Option<String> = "mtfCat" [nillable],
        cod_dem_dos: Option<String> = "codDemDos" [nillable],
        cod_dip: Option<String> = "codDip" [nillable],
        cod_etp: Option<String> = "codEtp" [nillable],
        cod_mfo: Option<String> = "codMfo" [nillable],
        cod_spe1_opi: Option<String> = "codSpe1Opi" [nillable],
        cod_spe2_opi: Option<String> = "codSpe2Opi" [nillable],
        cod_spe3_opi: Option<String> = "codSpe3Opi" [nillable],
        cod_tyd: Option<String> = "codTyd" [nillable],
        cod_vrs_vdi: Option<i32> = "codVrsVdi" [nillable],
        cod_vrs_vet: Option<i32> = "codVrsVet" [nillable],
        convocation: Option<MAJConvocationDTO> = "convocation" [nillable],
        lib_cmt_jur: Option<String> = "libCmtJur" [nillable],
        num_cls: Option<i32> = "numCls" [nillable],
        tem_val_psd: Option<String> = "temValPsd" [nillable],
        titre_acces_externe: Option<MAJTitreAccesExterneDTO> = "titreAccesExterne" [nillable],
        ctr_adr: Option<String> = "ctrAdr" [nillable],
    }
}

crate::dto! {
    pub struct TableauVoeu2V8 ("TableauVoeu2", "DonneesOpiDTO8.opi.dto.transverse.commun.apogee.education.gouv") {
        item: Vec<MAJOpiVoeuDTO2> = "item" [optional],
    }
}

crate::dto! {
    pub struct DonneesOpiDTO8 ("DonneesOpiDTO8", "DonneesOpiDTO8.opi.dto.transverse.commun.apogee.education.gouv") {
        adresse_annuelle: Option<MAJOpiAdresseDTO> = "adresseAnnuelle" [nillable],
        adresse_fixe: Option<MAJOpiAdresseDTO> = "adresseFixe" [nillable],
        bac: Option<MAJOpiBacDTO> = "bac" [nillable],
        dac: Option<MAJOpiDacDTO> = "dac" [nillable],
        individu: Option<MAJOpiIndDTO6> = "individu" [nillable],
        voeux: Option<TableauVoeu2V8> = "voeux" [nillable],
        donnees_these: Option<MAJOpiTheseDTO> = "donneesThese" [nillable],
    }
}

crate::dto! {
    pub struct MAJOpiVoeuDTO3 ("MAJOpiVoeuDTO3", "MAJOpiVoeuDTO3.opi.dto.transverse.commun.apogee.education.gouv") {
        cod_att_dec: Option<String> = "codAttDec" [nillable],
        cod_cge: Option<String> = "codCge" [nillable],
        cod_cmp: Option<String> = "codCmp" [nillable],
        cod_rge: Option<String> = "codRge" [nillable],
        cod_dec_veu: Option<String> = "codDecVeu" [nillable],
        cod_cat_oui_si: Option<String> = "codCatOuiSi" [nillable],
        mtf_cat: Option<String> = "mtfCat" [nillable],
        cod_dem_dos: Option<String> = "codDemDos" [nillable],
        cod_dip: Option<String> = "codDip" [nillable],
        cod_etp: Option<String> = "codEtp" [nillable],
        cod_mfo: Option<String> = "codMfo" [nillable],
        cod_spe1_opi: Option<String> = "codSpe1Opi" [nillable],
        cod_spe2_opi: Option<String> = "codSpe2Opi" [nillable],
        cod_spe3_opi: Option<String> = "codSpe3Opi" [nillable],
        cod_tyd: Option<String> = "codTyd" [nillable],
        cod_vrs_vdi: Option<i32> = "codVrsVdi" [nillable],
        cod_vrs_vet: Option<i32> = "codVrsVet" [nillable],
        convocation: Option<MAJConvocationDTO> = "convocation" [nillable],
        lib_cmt_jur: Option<String> = "libCmtJur" [nillable],
        num_cls: Option<i32> = "numCls" [nillable],
        tem_val_psd: Option<String> = "temValPsd" [nillable],
        titre_acces_externe: Option<MAJTitreAccesExterneDTO> = "titreAccesExterne" [nillable],
        ctr_adr: Option<String> = "ctrAdr" [nillable],
        cod_cat_exo_ext: Option<String> = "codCatExoExt" [nillable],
        com_exo_ext: Option<String> = "comExoExt" [nillable],
    }
}

crate::dto! {
    pub struct TableauVoeu3V9 ("TableauVoeu3", "DonneesOpiDTO9.opi.dto.transverse.commun.apogee.education.gouv") {
        item: Vec<MAJOpiVoeuDTO3> = "item" [optional],
    }
}

crate::dto! {
    pub struct DonneesOpiDTO9 ("DonneesOpiDTO9", "DonneesOpiDTO9.opi.dto.transverse.commun.apogee.education.gouv") {
        adresse_annuelle: Option<MAJOpiAdresseDTO> = "adresseAnnuelle" [nillable],
        adresse_fixe: Option<MAJOpiAdresseDTO> = "adresseFixe" [nillable],
        bac: Option<MAJOpiBacDTO> = "bac" [nillable],
        dac: Option<MAJOpiDacDTO> = "dac" [nillable],
        individu: Option<MAJOpiIndDTO6> = "individu" [nillable],
        voeux: Option<TableauVoeu3V9> = "voeux" [nillable],
        donnees_these: Option<MAJOpiTheseDTO> = "donneesThese" [nillable],
    }
}

crate::dto! {
    pub struct MAJOpiBacDTO2 ("MAJOpiBacDTO2", "MAJOpiBacDTO2.opi.dto.transverse.commun.apogee.education.gouv") {
        cod_bac: Option<String> = "codBac" [nillable],
        cod_dep: Option<String> = "codDep" [nillable],
        cod_etb: Option<String> = "codEtb" [nillable],
        cod_mention: Option<String> = "codMention" [nillable],
        cod_tpe: Option<String> = "codTpe" [nillable],
        daa_obt_bac_oba: Option<String> = "daaObtBacOba" [nillable],
        cod_spe1_bac_ter: Option<String> = "codSpe1BacTer" [nillable],
        cod_spe2_bac_ter: Option<String> = "codSpe2BacTer" [nillable],
        cod_spe_bac_pre: Option<String> = "codSpeBacPre" [nillable],
        cod_opt1_bac: Option<String> = "codOpt1Bac" [nillable],
        cod_opt2_bac: Option<String> = "codOpt2Bac" [nillable],
        cod_opt3_bac: Option<String> = "codOpt3Bac" [nillable],
        cod_opt4_bac: Option<String> = "codOpt4Bac" [nillable],
    }
}

crate::dto! {
    pub struct TableauVoeu3V10 ("TableauVoeu3", "DonneesOpiDTO10.opi.dto.transverse.commun.apogee.education.gouv") {
        mod_env: Option<String> = "modEnv" [nillable],
        item: Vec<MAJOpiVoeuDTO3> = "item" [optional],
    }
}

crate::dto! {
    pub struct DonneesOpiDTO10 ("DonneesOpiDTO10", "DonneesOpiDTO10.opi.dto.transverse.commun.apogee.education.gouv") {
        adresse_annuelle: Option<MAJOpiAdresseDTO> = "adresseAnnuelle" [nillable],
        adresse_fixe: Option<MAJOpiAdresseDTO> = "adresseFixe" [nillable],
        bac: Option<MAJOpiBacDTO2> = "bac" [nillable],
        dac: Option<MAJOpiDacDTO> = "dac" [nillable],
        individu: Option<MAJOpiIndDTO6> = "individu" [nillable],
        voeux: Option<TableauVoeu3V10> = "voeux" [nillable],
        donnees_these: Option<MAJOpiTheseDTO> = "donneesThese" [nillable],
    }
}
