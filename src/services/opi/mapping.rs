//! From each DTO version to the one domain type. Each function consumes its
//! DTO: every string moves into the domain value (no copy). A field a version
//! does not carry is `None`. Dates and the INE are parsed by the caller (their
//! errors need the DTO path); the mapping drops them.

use super::dto::*;
use crate::domain::opi::*;

pub fn individu(d: MAJOpiIndDTO6) -> IndOpi {
    let MAJOpiIndDTO6 {
        cod_etu_opi,
        cod_opi_int_epo,
        dernier_dipl_obt,
        dernier_etb_frequente,
        donnees_naissance,
        donnees_personnelles,
        etat_civil,
        inscription_parallele,
        premiere_inscription,
        prg_echange,
        situation_ann_pre,
    } = d;
    let MAJDernierDiplObtDTO {
        cod_tde_der_dip,
        cod_dep_pay_der_dip,
        cod_typ_dep_pay_der_dip,
        cod_etb_der_dip,
        cod_tds_opi,
        daa_etb_der_dip,
    } = dernier_dipl_obt.unwrap_or_default();
    let MAJDernierEtbFrequenteDTO {
        cod_dep_pay_ant_iaa_opi,
        cod_etb_ant_iaa,
        cod_tpe_ant_iaa,
        cod_typ_dep_pay_ant_iaa_opi,
        daa_etb_ant_iaa_opi,
    } = dernier_etb_frequente.unwrap_or_default();
    let MAJDonneesNaissanceDTO2 {
        cod_dep_pay_nai,
        cod_pay_nat,
        cod_typ_dep_pay_nai,
        // Parsed by the caller.
        date_nai_ind_opi: _,
        cod_com_nai_etu_opi,
        lib_vil_nai_etu_opi,
        tem_date_nai_rel_opi,
    } = donnees_naissance.unwrap_or_default();
    let MAJDonneesPersonnellesDTO3 {
        adr_mail_opi,
        cod_fam,
        cod_pcs,
        cod_pcs_ap,
        cod_sim,
        cod_thb_opi,
        cod_thp_opi,
        daa_lbt_ind_opi,
        dmm_lbt_ind_opi,
        num_tel_por_opi,
        cod_rgi,
        cod_stu,
    } = donnees_personnelles.unwrap_or_default();
    let MAJEtatCivilDTO2 {
        // Split by the caller.
        cod_nne_ind_opi: _,
        cod_sex_etu_opi,
        lib_nom_pat_ind_opi,
        lib_nom_usu_ind_opi,
        lib_pr1_ind_opi,
        lib_pr2_ind_opi,
        lib_pr3_ind_opi,
    } = etat_civil.unwrap_or_default();
    let MAJInscriptionParalleleDTO2 {
        cod_etb_ann_crt,
        cod_tpe_ann_crt,
        tem_prl_ann_crt,
    } = inscription_parallele.unwrap_or_default();
    let MAJPremiereInscriptionDTO {
        cod_etb,
        daa_ens_sup_opi,
        daa_ent_etb_opi,
        daa_etb_opi,
        daa_etr_sup,
    } = premiere_inscription.unwrap_or_default();
    let MAJPrgEchangeDTO {
        cod_etr_opi,
        cod_prg_opi,
        tem_sns_prg_opi,
    } = prg_echange.unwrap_or_default();
    let MAJSituationAnnPreDTO {
        cod_dep_pay_ann_pre_opi,
        cod_etb_ann_pre_opi,
        cod_sis_ann_pre_opi,
        cod_typ_dep_pay_ann_pre_opi,
    } = situation_ann_pre.unwrap_or_default();
    IndOpi {
        cod_etu_opi,
        cod_opi_int_epo,
        cod_tde_der_dip,
        cod_dep_pay_der_dip,
        cod_typ_dep_pay_der_dip,
        cod_etb_der_dip,
        cod_tds_opi,
        daa_etb_der_dip,
        cod_dep_pay_ant_iaa_opi,
        cod_etb_ant_iaa,
        cod_tpe_ant_iaa,
        cod_typ_dep_pay_ant_iaa_opi,
        daa_etb_ant_iaa_opi,
        cod_dep_pay_nai,
        cod_pay_nat,
        cod_typ_dep_pay_nai,
        date_nai_ind_opi: None,
        cod_com_nai_etu_opi,
        lib_vil_nai_etu_opi,
        tem_date_nai_rel_opi,
        adr_mail_opi,
        cod_fam,
        cod_pcs,
        cod_pcs_ap,
        cod_sim,
        cod_thb_opi,
        cod_thp_opi,
        daa_lbt_ind_opi,
        dmm_lbt_ind_opi,
        num_tel_por_opi,
        cod_rgi,
        cod_stu,
        cod_nne_ind_opi: None,
        cod_cle_nne_ind_opi: None,
        cod_sex_etu_opi,
        lib_nom_pat_ind_opi,
        lib_nom_usu_ind_opi,
        lib_pr1_ind_opi,
        lib_pr2_ind_opi,
        lib_pr3_ind_opi,
        cod_etb_ann_crt,
        cod_tpe_ann_crt,
        tem_prl_ann_crt,
        cod_etb,
        daa_ens_sup_opi,
        daa_ent_etb_opi,
        daa_etb_opi,
        daa_etr_sup,
        cod_etr_opi,
        cod_prg_opi,
        tem_sns_prg_opi,
        cod_dep_pay_ann_pre_opi,
        cod_etb_ann_pre_opi,
        cod_sis_ann_pre_opi,
        cod_typ_dep_pay_ann_pre_opi,
    }
}

pub fn adresse(d: MAJOpiAdresseDTO) -> AdresseOpi {
    AdresseOpi {
        cod_bdi: d.cod_bdi,
        cod_com: d.cod_com,
        cod_pay: d.cod_pay,
        lib_ad1: d.lib1,
        lib_ad2: d.lib2,
        lib_ad3: d.lib3,
        lib_ade: d.lib_ade,
        num_tel: d.num_tel,
    }
}

pub fn bac(d: MAJOpiBacDTO) -> OpiBac {
    OpiBac {
        cod_bac: d.cod_bac,
        cod_dep: d.cod_dep,
        cod_etb: d.cod_etb,
        cod_mnb: d.cod_mention,
        cod_tpe: d.cod_tpe,
        daa_obt_bac_oba: d.daa_obt_bac_oba,
        cod_spe1_bac_ter: None,
        cod_spe2_bac_ter: None,
        cod_spe_bac_pre: None,
        cod_opt1_bac: None,
        cod_opt2_bac: None,
        cod_opt3_bac: None,
        cod_opt4_bac: None,
    }
}

pub fn bac2(d: MAJOpiBacDTO2) -> OpiBac {
    OpiBac {
        cod_bac: d.cod_bac,
        cod_dep: d.cod_dep,
        cod_etb: d.cod_etb,
        cod_mnb: d.cod_mention,
        cod_tpe: d.cod_tpe,
        daa_obt_bac_oba: d.daa_obt_bac_oba,
        cod_spe1_bac_ter: d.cod_spe1_bac_ter,
        cod_spe2_bac_ter: d.cod_spe2_bac_ter,
        cod_spe_bac_pre: d.cod_spe_bac_pre,
        cod_opt1_bac: d.cod_opt1_bac,
        cod_opt2_bac: d.cod_opt2_bac,
        cod_opt3_bac: d.cod_opt3_bac,
        cod_opt4_bac: d.cod_opt4_bac,
    }
}

pub fn dac(d: MAJOpiDacDTO) -> OpiDac {
    OpiDac {
        cod_cur_opi: d.cod_cur_opi,
        cod_dac: d.cod_dac,
        cod_dep_pay: d.cod_dep_pay,
        cod_dip_cur: d.cod_dip_cur,
        cod_etb: d.cod_etb,
        cod_nif: d.cod_nif,
        cod_tpe: d.cod_tpe,
        cod_typ_dep_pay: d.cod_typ_dep_pay,
        daa_uni_dac: d.daa_uni_dac,
        dip_cur: d.dip_cur,
        lib_cmt_dac: d.lib_cmt_dac,
        nbr_crd_cur: d.nbr_crd_cur.map(|v| v.0),
        tem_obt_cur_vae: d.tem_obt_cur_vae,
        tem_obt_dac: d.tem_obt_dac,
    }
}

pub fn these(d: MAJOpiTheseDTO) -> OpiThese {
    OpiThese {
        cod_dip: d.cod_dip,
        cod_vrs_vdi: d.cod_vrs_vdi,
        cod_etp: d.cod_etp,
        cod_vrs_vet: d.cod_vrs_vet,
        cod_ths_trv: d.cod_ths_trv,
        cod_dis: d.cod_dis,
        lib_ths: d.lib_ths,
        lib_ths_lng: d.lib_ths_lng,
        cod_lng: d.cod_lng,
        cod_edo: d.cod_edo,
        cod_per_dir: d.cod_per_dir,
        cod_per_cdr: d.cod_per_cdr,
        cod_per_cdr2: d.cod_per_cdr2,
        cod_eqr: d.cod_eqr,
    }
}

/// The three wish DTO versions share their convocation and external access
/// title blocks; each version lists the flat fields it carries, the others stay
/// `None`.
macro_rules! voeu_mapping {
    ($name:ident, $dto:ty, [$($field:ident),* $(,)?]) => {
        // The newest version carries every field: its `..default()` is empty.
        #[allow(clippy::needless_update)]
        pub fn $name(d: $dto) -> Voeu {
            let MAJConvocationDTO {
                dat_cvc,
                dhh_cvc,
                dmn_cvc,
            } = d.convocation.unwrap_or_default();
            let MAJTitreAccesExterneDTO {
                cod_dac_opi,
                cod_dep_pay_dac_opi,
                cod_etb_dac_opi,
                cod_tpe_dac_opi,
                cod_typ_dep_pay_dac_opi,
                daa_dac_opi,
            } = d.titre_acces_externe.unwrap_or_default();
            Voeu {
                $( $field: d.$field, )*
                dat_cvc,
                dhh_cvc,
                dmn_cvc,
                cod_dac_opi,
                cod_dep_pay_dac_opi,
                cod_etb_dac_opi,
                cod_tpe_dac_opi,
                cod_typ_dep_pay_dac_opi,
                daa_dac_opi,
                ..Voeu::default()
            }
        }
    };
}

voeu_mapping!(
    voeu1,
    MAJOpiVoeuDTO,
    [
        cod_att_dec,
        cod_cge,
        cod_cmp,
        cod_dec_veu,
        cod_dem_dos,
        cod_dip,
        cod_etp,
        cod_mfo,
        cod_spe1_opi,
        cod_spe2_opi,
        cod_spe3_opi,
        cod_tyd,
        cod_vrs_vdi,
        cod_vrs_vet,
        lib_cmt_jur,
        num_cls,
        tem_val_psd,
    ]
);
voeu_mapping!(
    voeu2,
    MAJOpiVoeuDTO2,
    [
        cod_att_dec,
        cod_cge,
        cod_cmp,
        cod_dec_veu,
        cod_cat_oui_si,
        mtf_cat,
        cod_dem_dos,
        cod_dip,
        cod_etp,
        cod_mfo,
        cod_spe1_opi,
        cod_spe2_opi,
        cod_spe3_opi,
        cod_tyd,
        cod_vrs_vdi,
        cod_vrs_vet,
        lib_cmt_jur,
        num_cls,
        tem_val_psd,
        ctr_adr,
    ]
);
voeu_mapping!(
    voeu3,
    MAJOpiVoeuDTO3,
    [
        cod_att_dec,
        cod_cge,
        cod_cmp,
        cod_rge,
        cod_dec_veu,
        cod_cat_oui_si,
        mtf_cat,
        cod_dem_dos,
        cod_dip,
        cod_etp,
        cod_mfo,
        cod_spe1_opi,
        cod_spe2_opi,
        cod_spe3_opi,
        cod_tyd,
        cod_vrs_vdi,
        cod_vrs_vet,
        lib_cmt_jur,
        num_cls,
        tem_val_psd,
        ctr_adr,
        cod_cat_exo_ext,
        com_exo_ext,
    ]
);
