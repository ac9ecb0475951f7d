//! Envelope reader: any bytes, either SOAP version, the default limits. A read
//! error must become a fault envelope; nothing may panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use passerelle::config::Limits;
use passerelle::soap::reader::read_envelope;
use passerelle::soap::{charset, Fault, SoapVersion};

fuzz_target!(|data: &[u8]| {
    let limits = Limits::default();
    let Ok(text) = charset::decode(data, None) else {
        return;
    };
    for v in [SoapVersion::V11, SoapVersion::V12] {
        match read_envelope(&text, v, &limits) {
            Ok(env) => {
                let _ = env.body().count();
            }
            Err(e) => {
                let _ = Fault::from_read_error(&e).to_envelope(v, "urn:fuzz");
            }
        }
    }
});
