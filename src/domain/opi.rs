//! An OPI (pre-enrolment record) as the relational core stores it, whatever DTO
//! version brought it, and the rules it must satisfy.
//!
//! Every record below has one field per Apogée column (lower-cased names:
//! `lib_nom_pat_ind_opi`, `date_nai_ind_opi`, …). Each field also says what kind of
//! value it holds, its maximum length and where it sits in the DTO, so that
//! [`validate`] can name the offending element in a fault
//! (`_donneesOpi/voeux/item[2]/codEtp`).

use super::record::{FieldError, Record};
use sha2::{Digest, Sha256};

/// What a request says about the individual's wishes.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Voeux {
    /// `voeux` absent, nil, or holding no `item` (PHP `SoapClient` silently drops a
    /// plain list of wishes, leaving `<voeux><modEnv/></voeux>`: treating that as a
    /// deletion would lose data). The stored wishes are kept.
    Unchanged,
    /// A single empty `item` (eCandidat's way of withdrawing every wish).
    Clear,
    /// These wishes replace the stored ones.
    Replace(Vec<Voeu>),
}

/// A whole OPI: the individual and the blocks that came with it. A block that is
/// `None` was not sent (nil or absent) and leaves what is stored untouched; a
/// block that was sent replaces the stored one as a whole.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Opi {
    pub individu: IndOpi,
    pub adresse_fixe: Option<AdresseOpi>,
    pub adresse_annuelle: Option<AdresseOpi>,
    pub bac: Option<OpiBac>,
    pub dac: Option<OpiDac>,
    pub voeux: Voeux,
    pub these: Option<OpiThese>,
}

/// The OPI key, always present once validated.
impl Opi {
    pub fn cod_opi_int_epo(&self) -> &str {
        self.individu.cod_opi_int_epo.as_deref().unwrap_or("")
    }

    /// A SHA-256 of the whole content: two requests with the same digest carry the
    /// same data. Stored with the individual, it makes an identical re-send a no-op.
    pub fn digest(&self) -> [u8; 32] {
        let mut h = Sha256::new();
        fn feed<R: Record>(h: &mut Sha256, tag: u8, r: Option<&R>) {
            h.update([tag]);
            match r {
                None => h.update([0]),
                Some(r) => {
                    h.update([1]);
                    r.feed(h);
                }
            }
        }
        feed(&mut h, 1, Some(&self.individu));
        feed(&mut h, 2, self.adresse_fixe.as_ref());
        feed(&mut h, 3, self.adresse_annuelle.as_ref());
        feed(&mut h, 4, self.bac.as_ref());
        feed(&mut h, 5, self.dac.as_ref());
        match &self.voeux {
            Voeux::Unchanged => h.update([6, 0]),
            Voeux::Clear => h.update([6, 1]),
            Voeux::Replace(v) => {
                h.update([6, 2]);
                h.update((v.len() as u32).to_be_bytes());
                for w in v {
                    w.feed(&mut h);
                }
            }
        }
        feed(&mut h, 7, self.these.as_ref());
        h.finalize().into()
    }
}

/// Fields every OPI must carry (reference §4.3).
const MANDATORY_IND: &[&str] = &[
    "cod_opi_int_epo",
    "lib_nom_pat_ind_opi",
    "lib_pr1_ind_opi",
    "date_nai_ind_opi",
    "tem_date_nai_rel_opi",
];
/// Fields every wish must carry.
const MANDATORY_VOEU: &[&str] = &[
    "cod_cge",
    "cod_dem_dos",
    "cod_etp",
    "cod_vrs_vet",
    "num_cls",
];
/// Fields the thesis block must carry (not nillable in the XSD).
const MANDATORY_THESE: &[&str] = &["cod_dip", "cod_vrs_vdi", "cod_etp", "cod_vrs_vet"];

/// Checks every rule; the first broken one is returned with the DTO path of the
/// field (relative to `_donneesOpi`).
pub fn validate(opi: &Opi, today: time::Date) -> Result<(), FieldError> {
    opi.individu.check("", MANDATORY_IND)?;
    if let Some(d) = opi.individu.date_nai_ind_opi {
        if d > today {
            return Err(FieldError::new(
                IndOpi::path_of("date_nai_ind_opi"),
                "",
                format!("the birth date {} is in the future", d),
            ));
        }
    }
    if let (Some(ine), Some(cle)) = (
        &opi.individu.cod_nne_ind_opi,
        &opi.individu.cod_cle_nne_ind_opi,
    ) {
        super::record::check_ine(ine, cle)
            .map_err(|reason| FieldError::new(IndOpi::path_of("cod_nne_ind_opi"), "", reason))?;
    }
    if let Some(a) = &opi.adresse_fixe {
        a.check("adresseFixe/", &[])?;
    }
    if let Some(a) = &opi.adresse_annuelle {
        a.check("adresseAnnuelle/", &[])?;
    }
    if let Some(b) = &opi.bac {
        b.check("", &[])?;
    }
    if let Some(d) = &opi.dac {
        d.check("", &[])?;
    }
    if let Some(t) = &opi.these {
        t.check("", MANDATORY_THESE)?;
    }
    if let Voeux::Replace(voeux) = &opi.voeux {
        let mut seen = std::collections::HashSet::with_capacity(voeux.len());
        for (i, v) in voeux.iter().enumerate() {
            let prefix = ItemPrefix(i + 1);
            v.check(&prefix, MANDATORY_VOEU)?;
            let key = (v.cod_cge.as_deref(), v.cod_etp.as_deref(), v.cod_vrs_vet);
            if !seen.insert(key) {
                return Err(FieldError::new(
                    format!("{prefix}codEtp"),
                    "",
                    format!(
                        "the wish for étape {} version {} in centre {} appears twice",
                        v.cod_etp.as_deref().unwrap_or(""),
                        v.cod_vrs_vet.unwrap_or_default(),
                        v.cod_cge.as_deref().unwrap_or("")
                    ),
                ));
            }
        }
    }
    Ok(())
}

/// `voeux/item[i]/`, the path prefix of the `i`-th wish (from 1), written only
/// into an error.
struct ItemPrefix(usize);

impl std::fmt::Display for ItemPrefix {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "voeux/item[{}]/", self.0)
    }
}

impl Voeu {
    /// An `item` with nothing in it: eCandidat's "delete every wish" marker.
    pub fn is_empty(&self) -> bool {
        *self == Voeu::default()
    }
}

crate::record! {
    /// The OPI individual (`ind_opi`): civil status, birth, personal data, previous studies.
    pub struct IndOpi {
        cod_etu_opi: Option<i32> = (Int, 0, "individu/codEtuOpi"),
        cod_opi_int_epo: Option<String> = (Text, 10, "individu/codOpiIntEpo"),
        cod_tde_der_dip: Option<String> = (Text, 20, "individu/dernierDiplObt/codTdeDerDip"),
        cod_dep_pay_der_dip: Option<String> = (Text, 20, "individu/dernierDiplObt/codDepPayDerDip"),
        cod_typ_dep_pay_der_dip: Option<String> = (DepPay, 1, "individu/dernierDiplObt/codTypDepPayDerDip"),
        cod_etb_der_dip: Option<String> = (Text, 20, "individu/dernierDiplObt/codEtbDerDip"),
        cod_tds_opi: Option<String> = (Text, 20, "individu/dernierDiplObt/codTdsOpi"),
        daa_etb_der_dip: Option<String> = (Year, 4, "individu/dernierDiplObt/daaEtbDerDip"),
        cod_dep_pay_ant_iaa_opi: Option<String> = (Text, 20, "individu/dernierEtbFrequente/codDepPayAntIaaOpi"),
        cod_etb_ant_iaa: Option<String> = (Text, 20, "individu/dernierEtbFrequente/codEtbAntIaa"),
        cod_tpe_ant_iaa: Option<String> = (Text, 20, "individu/dernierEtbFrequente/codTpeAntIaa"),
        cod_typ_dep_pay_ant_iaa_opi: Option<String> = (DepPay, 1, "individu/dernierEtbFrequente/codTypDepPayAntIaaOpi"),
        daa_etb_ant_iaa_opi: Option<String> = (Year, 4, "individu/dernierEtbFrequente/daaEtbAntIaaOpi"),
        cod_dep_pay_nai: Option<String> = (Text, 3, "individu/donneesNaissance/codDepPayNai"),
        cod_pay_nat: Option<String> = (Text, 3, "individu/donneesNaissance/codPayNat"),
        cod_typ_dep_pay_nai: Option<String> = (DepPay, 1, "individu/donneesNaissance/codTypDepPayNai"),
        date_nai_ind_opi: Option<time::Date> = (Date, 0, "individu/donneesNaissance/dateNaiIndOpi"),
        cod_com_nai_etu_opi: Option<String> = (Text, 20, "individu/donneesNaissance/codComNaiEtuOpi"),
        lib_vil_nai_etu_opi: Option<String> = (Text, 30, "individu/donneesNaissance/libVilNaiEtuOpi"),
        tem_date_nai_rel_opi: Option<String> = (Flag, 1, "individu/donneesNaissance/temDateNaiRelOpi"),
        adr_mail_opi: Option<String> = (Text, 200, "individu/donneesPersonnelles/adrMailOpi"),
        cod_fam: Option<String> = (Text, 20, "individu/donneesPersonnelles/codFam"),
        cod_pcs: Option<String> = (Text, 20, "individu/donneesPersonnelles/codPcs"),
        cod_pcs_ap: Option<String> = (Text, 20, "individu/donneesPersonnelles/codPcsAp"),
        cod_sim: Option<String> = (Text, 20, "individu/donneesPersonnelles/codSim"),
        cod_thb_opi: Option<String> = (Text, 20, "individu/donneesPersonnelles/codThbOpi"),
        cod_thp_opi: Option<String> = (Text, 20, "individu/donneesPersonnelles/codThpOpi"),
        daa_lbt_ind_opi: Option<String> = (Year, 4, "individu/donneesPersonnelles/daaLbtIndOpi"),
        dmm_lbt_ind_opi: Option<String> = (Month, 2, "individu/donneesPersonnelles/dmmLbtIndOpi"),
        num_tel_por_opi: Option<String> = (Text, 15, "individu/donneesPersonnelles/numTelPorOpi"),
        cod_rgi: Option<String> = (Text, 1, "individu/donneesPersonnelles/codRgi"),
        cod_stu: Option<String> = (Text, 2, "individu/donneesPersonnelles/codStu"),
        cod_nne_ind_opi: Option<String> = (Text, 10, "individu/etatCivil/codNneIndOpi"),
        cod_cle_nne_ind_opi: Option<String> = (Text, 1, "individu/etatCivil/codNneIndOpi"),
        cod_sex_etu_opi: Option<String> = (Sex, 1, "individu/etatCivil/codSexEtuOpi"),
        lib_nom_pat_ind_opi: Option<String> = (Text, 30, "individu/etatCivil/libNomPatIndOpi"),
        lib_nom_usu_ind_opi: Option<String> = (Text, 30, "individu/etatCivil/libNomUsuIndOpi"),
        lib_pr1_ind_opi: Option<String> = (Text, 20, "individu/etatCivil/libPr1IndOpi"),
        lib_pr2_ind_opi: Option<String> = (Text, 20, "individu/etatCivil/libPr2IndOpi"),
        lib_pr3_ind_opi: Option<String> = (Text, 20, "individu/etatCivil/libPr3IndOpi"),
        cod_etb_ann_crt: Option<String> = (Text, 20, "individu/inscriptionParallele/codEtbAnnCrt"),
        cod_tpe_ann_crt: Option<String> = (Text, 20, "individu/inscriptionParallele/codTpeAnnCrt"),
        tem_prl_ann_crt: Option<String> = (Flag, 1, "individu/inscriptionParallele/temPrlAnnCrt"),
        cod_etb: Option<String> = (Text, 20, "individu/premiereInscription/codEtb"),
        daa_ens_sup_opi: Option<String> = (Year, 4, "individu/premiereInscription/daaEnsSupOpi"),
        daa_ent_etb_opi: Option<String> = (Year, 4, "individu/premiereInscription/daaEntEtbOpi"),
        daa_etb_opi: Option<String> = (Year, 4, "individu/premiereInscription/daaEtbOpi"),
        daa_etr_sup: Option<String> = (Year, 4, "individu/premiereInscription/daaEtrSup"),
        cod_etr_opi: Option<String> = (Text, 20, "individu/prgEchange/codEtrOpi"),
        cod_prg_opi: Option<String> = (Text, 20, "individu/prgEchange/codPrgOpi"),
        tem_sns_prg_opi: Option<String> = (Flag, 1, "individu/prgEchange/temSnsPrgOpi"),
        cod_dep_pay_ann_pre_opi: Option<String> = (Text, 20, "individu/situationAnnPre/codDepPayAnnPreOpi"),
        cod_etb_ann_pre_opi: Option<String> = (Text, 20, "individu/situationAnnPre/codEtbAnnPreOpi"),
        cod_sis_ann_pre_opi: Option<String> = (Text, 20, "individu/situationAnnPre/codSisAnnPreOpi"),
        cod_typ_dep_pay_ann_pre_opi: Option<String> = (DepPay, 1, "individu/situationAnnPre/codTypDepPayAnnPreOpi"),
    }
}

crate::record! {
    /// An address of the individual (`adresse_opi`): fixed or annual; paths relative to the address element.
    pub struct AdresseOpi {
        cod_bdi: Option<String> = (Text, 20, "codBdi"),
        cod_com: Option<String> = (Text, 20, "codCom"),
        cod_pay: Option<String> = (Text, 20, "codPay"),
        lib_ad1: Option<String> = (Text, 60, "lib1"),
        lib_ad2: Option<String> = (Text, 60, "lib2"),
        lib_ad3: Option<String> = (Text, 60, "lib3"),
        lib_ade: Option<String> = (Text, 60, "libAde"),
        num_tel: Option<String> = (Text, 20, "numTel"),
    }
}

crate::record! {
    /// The access diploma (`opi_bac`), bac 2021 specialities included.
    pub struct OpiBac {
        cod_bac: Option<String> = (Text, 20, "bac/codBac"),
        cod_dep: Option<String> = (Text, 20, "bac/codDep"),
        cod_etb: Option<String> = (Text, 20, "bac/codEtb"),
        cod_mnb: Option<String> = (Text, 20, "bac/codMention"),
        cod_tpe: Option<String> = (Text, 20, "bac/codTpe"),
        daa_obt_bac_oba: Option<String> = (Year, 4, "bac/daaObtBacOba"),
        cod_spe1_bac_ter: Option<String> = (Text, 20, "bac/codSpe1BacTer"),
        cod_spe2_bac_ter: Option<String> = (Text, 20, "bac/codSpe2BacTer"),
        cod_spe_bac_pre: Option<String> = (Text, 20, "bac/codSpeBacPre"),
        cod_opt1_bac: Option<String> = (Text, 20, "bac/codOpt1Bac"),
        cod_opt2_bac: Option<String> = (Text, 20, "bac/codOpt2Bac"),
        cod_opt3_bac: Option<String> = (Text, 20, "bac/codOpt3Bac"),
        cod_opt4_bac: Option<String> = (Text, 20, "bac/codOpt4Bac"),
    }
}

crate::record! {
    /// The diploma giving access (`opi_dac`).
    pub struct OpiDac {
        cod_cur_opi: Option<String> = (Text, 20, "dac/codCurOpi"),
        cod_dac: Option<String> = (Text, 20, "dac/codDac"),
        cod_dep_pay: Option<String> = (Text, 20, "dac/codDepPay"),
        cod_dip_cur: Option<String> = (Text, 20, "dac/codDipCur"),
        cod_etb: Option<String> = (Text, 20, "dac/codEtb"),
        cod_nif: Option<i32> = (Int, 0, "dac/codNif"),
        cod_tpe: Option<String> = (Text, 20, "dac/codTpe"),
        cod_typ_dep_pay: Option<String> = (DepPay, 1, "dac/codTypDepPay"),
        daa_uni_dac: Option<String> = (Year, 4, "dac/daaUniDac"),
        dip_cur: Option<String> = (Text, 60, "dac/dipCur"),
        lib_cmt_dac: Option<String> = (Text, 200, "dac/libCmtDac"),
        nbr_crd_cur: Option<String> = (Dec, 20, "dac/nbrCrdCur"),
        tem_obt_cur_vae: Option<String> = (Flag, 1, "dac/temObtCurVae"),
        tem_obt_dac: Option<String> = (Flag, 1, "dac/temObtDac"),
    }
}

crate::record! {
    /// A wish (`voeux_ins`); paths relative to its `item`.
    pub struct Voeu {
        cod_att_dec: Option<String> = (Text, 20, "codAttDec"),
        cod_cge: Option<String> = (Text, 3, "codCge"),
        cod_cmp: Option<String> = (Text, 20, "codCmp"),
        cod_rge: Option<String> = (Text, 20, "codRge"),
        cod_dec_veu: Option<String> = (Text, 20, "codDecVeu"),
        cod_cat_oui_si: Option<String> = (Text, 20, "codCatOuiSi"),
        mtf_cat: Option<String> = (Text, 200, "mtfCat"),
        cod_dem_dos: Option<String> = (Text, 20, "codDemDos"),
        cod_dip: Option<String> = (Text, 20, "codDip"),
        cod_etp: Option<String> = (Text, 6, "codEtp"),
        cod_mfo: Option<String> = (Text, 20, "codMfo"),
        cod_spe1_opi: Option<String> = (Text, 20, "codSpe1Opi"),
        cod_spe2_opi: Option<String> = (Text, 20, "codSpe2Opi"),
        cod_spe3_opi: Option<String> = (Text, 20, "codSpe3Opi"),
        cod_tyd: Option<String> = (Text, 20, "codTyd"),
        cod_vrs_vdi: Option<i32> = (Int, 0, "codVrsVdi"),
        cod_vrs_vet: Option<i32> = (Int, 0, "codVrsVet"),
        dat_cvc: Option<String> = (Text, 10, "convocation/datCvc"),
        dhh_cvc: Option<i32> = (Int, 0, "convocation/dhhCvc"),
        dmn_cvc: Option<i32> = (Int, 0, "convocation/dmnCvc"),
        lib_cmt_jur: Option<String> = (Text, 200, "libCmtJur"),
        num_cls: Option<i32> = (Int, 0, "numCls"),
        tem_val_psd: Option<String> = (Flag, 1, "temValPsd"),
        cod_dac_opi: Option<String> = (Text, 20, "titreAccesExterne/codDacOpi"),
        cod_dep_pay_dac_opi: Option<String> = (Text, 20, "titreAccesExterne/codDepPayDacOpi"),
        cod_etb_dac_opi: Option<String> = (Text, 20, "titreAccesExterne/codEtbDacOpi"),
        cod_tpe_dac_opi: Option<String> = (Text, 20, "titreAccesExterne/codTpeDacOpi"),
        cod_typ_dep_pay_dac_opi: Option<String> = (DepPay, 1, "titreAccesExterne/codTypDepPayDacOpi"),
        daa_dac_opi: Option<String> = (Year, 4, "titreAccesExterne/daaDacOpi"),
        ctr_adr: Option<String> = (Text, 20, "ctrAdr"),
        cod_cat_exo_ext: Option<String> = (Text, 20, "codCatExoExt"),
        com_exo_ext: Option<String> = (Text, 15, "comExoExt"),
    }
}

crate::record! {
    /// Thesis data (`opi_these`).
    pub struct OpiThese {
        cod_dip: Option<String> = (Text, 20, "donneesThese/codDip"),
        cod_vrs_vdi: Option<i32> = (Int, 0, "donneesThese/codVrsVdi"),
        cod_etp: Option<String> = (Text, 6, "donneesThese/codEtp"),
        cod_vrs_vet: Option<i32> = (Int, 0, "donneesThese/codVrsVet"),
        cod_ths_trv: Option<String> = (Text, 20, "donneesThese/codThsTrv"),
        cod_dis: Option<i32> = (Int, 0, "donneesThese/codDis"),
        lib_ths: Option<String> = (Text, 200, "donneesThese/libThs"),
        lib_ths_lng: Option<String> = (Text, 200, "donneesThese/libThsLng"),
        cod_lng: Option<String> = (Text, 20, "donneesThese/codLng"),
        cod_edo: Option<String> = (Text, 20, "donneesThese/codEdo"),
        cod_per_dir: Option<i32> = (Int, 0, "donneesThese/codPerDir"),
        cod_per_cdr: Option<i32> = (Int, 0, "donneesThese/codPerCdr"),
        cod_per_cdr2: Option<i32> = (Int, 0, "donneesThese/codPerCdr2"),
        cod_eqr: Option<String> = (Text, 20, "donneesThese/codEqr"),
    }
}
