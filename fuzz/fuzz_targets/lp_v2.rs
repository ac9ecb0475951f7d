//! `mettreAJourLaissezPasserWS_V2`: decoding and `Lp::parse` (every rule).
#![no_main]
use libfuzzer_sys::fuzz_target;
use passerelle::config::Limits;
use passerelle::domain::lp::{Lp, LpText};
use passerelle::services::lp::MettreAJourLaissezPasserWSV2;
use passerelle::soap::dto::Dto;
use passerelle::soap::reader::read_envelope;
use passerelle::soap::{charset, SoapVersion};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = charset::decode(data, None) else {
        return;
    };
    let Ok(env) = read_envelope(&text, SoapVersion::V11, &Limits::default()) else {
        return;
    };
    let Ok(r) = MettreAJourLaissezPasserWSV2::decode(&env.body(), "") else {
        return;
    };
    let _ = Lp::parse(&LpText {
        typ_lpa: r.typ_lpa,
        cod_anu: r.cod_anu,
        num_opi: r.num_opi,
        cod_etu: r.cod_etu,
        cod_etp: r.cod_etp,
        cod_vrs_vet: r.cod_vrs_vet,
        cod_dip: r.cod_dip,
        cod_vrs_vdi: r.cod_vrs_vdi,
        cod_rgi: r.cod_rgi,
        cod_stu: r.cod_stu,
        lib_cmt_lpa: r.lib_cmt_lpa,
        cod_cat_oui_si: r.cod_cat_oui_si,
        mtf_cat: r.mtf_cat,
        cod_cat_exo_ext: r.cod_cat_exo_ext,
    });
});
