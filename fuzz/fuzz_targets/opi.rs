//! OPI decoders (v7 to v10) and the mapping + validation of v10, from an envelope.
#![no_main]
use libfuzzer_sys::fuzz_target;
use passerelle::config::Limits;
use passerelle::services::opi::{
    to_domain_v10, to_domain_v7, to_domain_v8, to_domain_v9, MettreajourDonneesOpiV10,
    MettreajourDonneesOpiV7, MettreajourDonneesOpiV8, MettreajourDonneesOpiV9,
};
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
    let b = &env.body();
    if let Ok(r) = MettreajourDonneesOpiV10::decode(b, "") {
        if let Some(d) = r.donnees_opi {
            let _ = d.to_xml();
            let _ = to_domain_v10(d);
        }
    }
    if let Ok(Some(d)) = MettreajourDonneesOpiV9::decode(b, "").map(|r| r.donnees_opi) {
        let _ = to_domain_v9(d);
    }
    if let Ok(Some(d)) = MettreajourDonneesOpiV8::decode(b, "").map(|r| r.donnees_opi) {
        let _ = to_domain_v8(d);
    }
    if let Ok(Some(d)) = MettreajourDonneesOpiV7::decode(b, "").map(|r| r.donnees_opi) {
        let _ = to_domain_v7(d);
    }
});
