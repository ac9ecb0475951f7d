//! From each DTO version to the one domain type. A field a version does not
//! carry is `None`. Dates and the INE are parsed by the caller (their errors
//! need the DTO path).

use super::dto::*;
use crate::domain::opi::*;

pub fn individu(d: &MAJOpiIndDTO6) -> IndOpi {
    IndOpi {
        cod_etu_opi: d.cod_etu_opi,
        cod_opi_int_epo: d.cod_opi_int_epo.clone(),
        cod_tde_der_dip: d
            .dernier_dipl_obt
            .as_ref()
            .and_then(|x| x.cod_tde_der_dip.clone()),
        cod_dep_pay_der_dip: d
            .dernier_dipl_obt
            .as_ref()
            .and_then(|x| x.cod_dep_pay_der_dip.clone()),
        cod_typ_dep_pay_der_dip: d
            .dernier_dipl_obt
            .as_ref()
            .and_then(|x| x.cod_typ_dep_pay_der_dip.clone()),
        cod_etb_der_dip: d
            .dernier_dipl_obt
            .as_ref()
            .and_then(|x| x.cod_etb_der_dip.clone()),
        cod_tds_opi: d
            .dernier_dipl_obt
            .as_ref()
            .and_then(|x| x.cod_tds_opi.clone()),
        daa_etb_der_dip: d
            .dernier_dipl_obt
            .as_ref()
            .and_then(|x| x.daa_etb_der_dip.clone()),
        cod_dep_pay_ant_iaa_opi: d
            .dernier_etb_frequente
            .as_ref()
            .and_then(|x| x.cod_dep_pay_ant_iaa_opi.clone()),
        cod_etb_ant_iaa: d
            .dernier_etb_frequente
            .as_ref()
            .and_then(|x| x.cod_etb_ant_iaa.clone()),
        cod_tpe_ant_iaa: d
            .dernier_etb_frequente
            .as_ref()
            .and_then(|x| x.cod_tpe_ant_iaa.clone()),
        cod_typ_dep_pay_ant_iaa_opi: d
            .dernier_etb_frequente
            .as_ref()
            .and_then(|x| x.cod_typ_dep_pay_ant_iaa_opi.clone()),
        daa_etb_ant_iaa_opi: d
            .dernier_etb_frequente
            .as_ref()
            .and_then(|x| x.daa_etb_ant_iaa_opi.clone()),
        cod_dep_pay_nai: d
            .donnees_naissance
            .as_ref()
            .and_then(|x| x.cod_dep_pay_nai.clone()),
        cod_pay_nat: d
            .donnees_naissance
            .as_ref()
            .and_then(|x| x.cod_pay_nat.clone()),
        cod_typ_dep_pay_nai: d
            .donnees_naissance
            .as_ref()
            .and_then(|x| x.cod_typ_dep_pay_nai.clone()),
        date_nai_ind_opi: None,
        cod_com_nai_etu_opi: d
            .donnees_naissance
            .as_ref()
            .and_then(|x| x.cod_com_nai_etu_opi.clone()),
        lib_vil_nai_etu_opi: d
            .donnees_naissance
            .as_ref()
            .and_then(|x| x.lib_vil_nai_etu_opi.clone()),
        tem_date_nai_rel_opi: d
            .donnees_naissance
            .as_ref()
            .and_then(|x| x.tem_date_nai_rel_opi.clone()),
        adr_mail_opi: d
            .donnees_personnelles
            .as_ref()
            .and_then(|x| x.adr_mail_opi.clone()),
        cod_fam: d
            .donnees_personnelles
            .as_ref()
            .and_then(|x| x.cod_fam.clone()),
        cod_pcs: d
            .donnees_personnelles
            .as_ref()
            .and_then(|x| x.cod_pcs.clone()),
        cod_pcs_ap: d
            .donnees_personnelles
            .as_ref()
            .and_then(|x| x.cod_pcs_ap.clone()),
        cod_sim: d
            .donnees_personnelles
            .as_ref()
            .and_then(|x| x.cod_sim.clone()),
        cod_thb_opi: d
            .donnees_personnelles
            .as_ref()
            .and_then(|x| x.cod_thb_opi.clone()),
        cod_thp_opi: d
            .donnees_personnelles
            .as_ref()
            .and_then(|x| x.cod_thp_opi.clone()),
        daa_lbt_ind_opi: d
            .donnees_personnelles
            .as_ref()
            .and_then(|x| x.daa_lbt_ind_opi.clone()),
        dmm_lbt_ind_opi: d
            .donnees_personnelles
            .as_ref()
            .and_then(|x| x.dmm_lbt_ind_opi.clone()),
        num_tel_por_opi: d
            .donnees_personnelles
            .as_ref()
            .and_then(|x| x.num_tel_por_opi.clone()),
        cod_rgi: d
            .donnees_personnelles
            .as_ref()
            .and_then(|x| x.cod_rgi.clone()),
        cod_stu: d
            .donnees_personnelles
            .as_ref()
            .and_then(|x| x.cod_stu.clone()),
        cod_nne_ind_opi: None,
        cod_cle_nne_ind_opi: None,
        cod_sex_etu_opi: d
            .etat_civil
            .as_ref()
            .and_then(|x| x.cod_sex_etu_opi.clone()),
        lib_nom_pat_ind_opi: d
            .etat_civil
            .as_ref()
            .and_then(|x| x.lib_nom_pat_ind_opi.clone()),
        lib_nom_usu_ind_opi: d
            .etat_civil
            .as_ref()
            .and_then(|x| x.lib_nom_usu_ind_opi.clone()),
        lib_pr1_ind_opi: d
            .etat_civil
            .as_ref()
            .and_then(|x| x.lib_pr1_ind_opi.clone()),
        lib_pr2_ind_opi: d
            .etat_civil
            .as_ref()
            .and_then(|x| x.lib_pr2_ind_opi.clone()),
        lib_pr3_ind_opi: d
            .etat_civil
            .as_ref()
            .and_then(|x| x.lib_pr3_ind_opi.clone()),
        cod_etb_ann_crt: d
            .inscription_parallele
            .as_ref()
            .and_then(|x| x.cod_etb_ann_crt.clone()),
        cod_tpe_ann_crt: d
            .inscription_parallele
            .as_ref()
            .and_then(|x| x.cod_tpe_ann_crt.clone()),
        tem_prl_ann_crt: d
            .inscription_parallele
            .as_ref()
            .and_then(|x| x.tem_prl_ann_crt.clone()),
        cod_etb: d
            .premiere_inscription
            .as_ref()
            .and_then(|x| x.cod_etb.clone()),
        daa_ens_sup_opi: d
            .premiere_inscription
            .as_ref()
            .and_then(|x| x.daa_ens_sup_opi.clone()),
        daa_ent_etb_opi: d
            .premiere_inscription
            .as_ref()
            .and_then(|x| x.daa_ent_etb_opi.clone()),
        daa_etb_opi: d
            .premiere_inscription
            .as_ref()
            .and_then(|x| x.daa_etb_opi.clone()),
        daa_etr_sup: d
            .premiere_inscription
            .as_ref()
            .and_then(|x| x.daa_etr_sup.clone()),
        cod_etr_opi: d.prg_echange.as_ref().and_then(|x| x.cod_etr_opi.clone()),
        cod_prg_opi: d.prg_echange.as_ref().and_then(|x| x.cod_prg_opi.clone()),
        tem_sns_prg_opi: d
            .prg_echange
            .as_ref()
            .and_then(|x| x.tem_sns_prg_opi.clone()),
        cod_dep_pay_ann_pre_opi: d
            .situation_ann_pre
            .as_ref()
            .and_then(|x| x.cod_dep_pay_ann_pre_opi.clone()),
        cod_etb_ann_pre_opi: d
            .situation_ann_pre
            .as_ref()
            .and_then(|x| x.cod_etb_ann_pre_opi.clone()),
        cod_sis_ann_pre_opi: d
            .situation_ann_pre
            .as_ref()
            .and_then(|x| x.cod_sis_ann_pre_opi.clone()),
        cod_typ_dep_pay_ann_pre_opi: d
            .situation_ann_pre
            .as_ref()
            .and_then(|x| x.cod_typ_dep_pay_ann_pre_opi.clone()),
    }
}

pub fn adresse(d: &MAJOpiAdresseDTO) -> AdresseOpi {
    AdresseOpi {
        cod_bdi: d.cod_bdi.clone(),
        cod_com: d.cod_com.clone(),
        cod_pay: d.cod_pay.clone(),
        lib_ad1: d.lib1.clone(),
        lib_ad2: d.lib2.clone(),
        lib_ad3: d.lib3.clone(),
        lib_ade: d.lib_ade.clone(),
        num_tel: d.num_tel.clone(),
    }
}

pub fn bac(d: &MAJOpiBacDTO) -> OpiBac {
    OpiBac {
        cod_bac: d.cod_bac.clone(),
        cod_dep: d.cod_dep.clone(),
        cod_etb: d.cod_etb.clone(),
        cod_mnb: d.cod_mention.clone(),
        cod_tpe: d.cod_tpe.clone(),
        daa_obt_bac_oba: d.daa_obt_bac_oba.clone(),
        cod_spe1_bac_ter: None,
        cod_spe2_bac_ter: None,
        cod_spe_bac_pre: None,
        cod_opt1_bac: None,
        cod_opt2_bac: None,
        cod_opt3_bac: None,
        cod_opt4_bac: None,
    }
}

pub fn bac2(d: &MAJOpiBacDTO2) -> OpiBac {
    OpiBac {
        cod_bac: d.cod_bac.clone(),
        cod_dep: d.cod_dep.clone(),
        cod_etb: d.cod_etb.clone(),
        cod_mnb: d.cod_mention.clone(),
        cod_tpe: d.cod_tpe.clone(),
        daa_obt_bac_oba: d.daa_obt_bac_oba.clone(),
        cod_spe1_bac_ter: d.cod_spe1_bac_ter.clone(),
        cod_spe2_bac_ter: d.cod_spe2_bac_ter.clone(),
        cod_spe_bac_pre: d.cod_spe_bac_pre.clone(),
        cod_opt1_bac: d.cod_opt1_bac.clone(),
        cod_opt2_bac: d.cod_opt2_bac.clone(),
        cod_opt3_bac: d.cod_opt3_bac.clone(),
        cod_opt4_bac: d.cod_opt4_bac.clone(),
    }
}

pub fn dac(d: &MAJOpiDacDTO) -> OpiDac {
    OpiDac {
        cod_cur_opi: d.cod_cur_opi.clone(),
        cod_dac: d.cod_dac.clone(),
        cod_dep_pay: d.cod_dep_pay.clone(),
        cod_dip_cur: d.cod_dip_cur.clone(),
        cod_etb: d.cod_etb.clone(),
        cod_nif: d.cod_nif,
        cod_tpe: d.cod_tpe.clone(),
        cod_typ_dep_pay: d.cod_typ_dep_pay.clone(),
        daa_uni_dac: d.daa_uni_dac.clone(),
        dip_cur: d.dip_cur.clone(),
        lib_cmt_dac: d.lib_cmt_dac.clone(),
        nbr_crd_cur: d.nbr_crd_cur.as_ref().map(|v| v.0.clone()),
        tem_obt_cur_vae: d.tem_obt_cur_vae.clone(),
        tem_obt_dac: d.tem_obt_dac.clone(),
    }
}

pub fn these(d: &MAJOpiTheseDTO) -> OpiThese {
    OpiThese {
        cod_dip: d.cod_dip.clone(),
        cod_vrs_vdi: d.cod_vrs_vdi,
        cod_etp: d.cod_etp.clone(),
        cod_vrs_vet: d.cod_vrs_vet,
        cod_ths_trv: d.cod_ths_trv.clone(),
        cod_dis: d.cod_dis,
        lib_ths: d.lib_ths.clone(),
        lib_ths_lng: d.lib_ths_lng.clone(),
        cod_lng: d.cod_lng.clone(),
        cod_edo: d.cod_edo.clone(),
        cod_per_dir: d.cod_per_dir,
        cod_per_cdr: d.cod_per_cdr,
        cod_per_cdr2: d.cod_per_cdr2,
        cod_eqr: d.cod_eqr.clone(),
    }
}

/// The three wish DTO versions share their convocation and external access
/// title blocks; each version lists the flat fields it carries, the others stay
/// `None`.
macro_rules! voeu_mapping {
    ($name:ident, $dto:ty, [$($field:ident),* $(,)?]) => {
        // The newest version carries every field: its `..default()` is empty.
        #[allow(clippy::needless_update)]
        pub fn $name(d: &$dto) -> Voeu {
            let conv = d.convocation.as_ref();
            let titre = d.titre_acces_externe.as_ref();
            Voeu {
                $( $field: d.$field.clone(), )*
                dat_cvc: conv.and_then(|x| x.dat_cvc.clone()),
                dhh_cvc: conv.and_then(|x| x.dhh_cvc),
                dmn_cvc: conv.and_then(|x| x.dmn_cvc),
                cod_dac_opi: titre.and_then(|x| x.cod_dac_opi.clone()),
                cod_dep_pay_dac_opi: titre.and_then(|x| x.cod_dep_pay_dac_opi.clone()),
                cod_etb_dac_opi: titre.and_then(|x| x.cod_etb_dac_opi.clone()),
                cod_tpe_dac_opi: titre.and_then(|x| x.cod_tpe_dac_opi.clone()),
                cod_typ_dep_pay_dac_opi: titre.and_then(|x| x.cod_typ_dep_pay_dac_opi.clone()),
                daa_dac_opi: titre.and_then(|x| x.daa_dac_opi.clone()),
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
