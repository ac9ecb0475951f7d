//! `recupererSE_v4`: the `SECritereDTO2` decoder and the criteria rules.
#![no_main]
use libfuzzer_sys::fuzz_target;
use passerelle::config::Limits;
use passerelle::services::offre::{criteres, RecupererSEV4};
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
    if let Ok(r) = RecupererSEV4::decode(&env.body(), "") {
        let _ = criteres(r.se_critere.as_ref());
    }
});
