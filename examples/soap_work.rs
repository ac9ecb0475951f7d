//! The work of `benches/soap.rs`, run a fixed number of times without timing:
//! for instruction counts under callgrind (`scripts/bench-check.sh instr`),
//! which are the same from run to run whatever the machine's load.
//!
//!     soap_work <bench> <iterations> <request.xml>
//!
//! `<bench>`: read_envelope | decode_dto | parse_decode_map_validate | encode_dto | fault_soap11

use passerelle::config::Limits;
use passerelle::services::opi::MettreajourDonneesOpiV10;
use passerelle::soap::dto::Dto;
use passerelle::soap::fault::Fault;
use passerelle::soap::reader::read_envelope;
use passerelle::soap::SoapVersion;
use std::hint::black_box;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (bench, n, path) = match &args[..] {
        [_, b, n, p] => (b.as_str(), n.parse::<usize>().expect("iterations"), p),
        _ => panic!("usage: soap_work <bench> <iterations> <request.xml>"),
    };
    let xml = std::fs::read_to_string(path).expect("request file");
    let limits = Limits::default();
    let env = read_envelope(&xml, SoapVersion::V11, &limits).unwrap();
    let dto = MettreajourDonneesOpiV10::decode(&env.body(), "")
        .unwrap()
        .donnees_opi
        .unwrap();
    let fault = Fault::client(
        "technical.parameter.noncoherentinput.codEtp",
        Some("_donneesOpi/voeux/item[2]/codEtp".into()),
        "« L1INFORMATIQUE » is 14 characters long; at most 6 are allowed",
    );
    for _ in 0..n {
        match bench {
            "read_envelope" => {
                black_box(read_envelope(black_box(&xml), SoapVersion::V11, &limits).unwrap());
            }
            "decode_dto" => {
                black_box(MettreajourDonneesOpiV10::decode(black_box(&env.body()), "").unwrap());
            }
            "parse_decode_map_validate" => {
                let env = read_envelope(black_box(&xml), SoapVersion::V11, &limits).unwrap();
                let req = MettreajourDonneesOpiV10::decode(&env.body(), "").unwrap();
                black_box(
                    passerelle::services::opi::to_domain_v10(req.donnees_opi.unwrap()).unwrap(),
                );
            }
            "encode_dto" => {
                black_box(black_box(&dto).to_xml());
            }
            "fault_soap11" => {
                black_box(black_box(&fault).to_envelope(SoapVersion::V11, "urn:ns"));
            }
            other => panic!("unknown bench {other}"),
        }
    }
}
