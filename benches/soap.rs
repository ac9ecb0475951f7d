//! Criterion benches of the SOAP path without the network or the database:
//! envelope parsing, DTO decoding and encoding, domain mapping and validation,
//! fault writing. The request is the realistic OPI v10 of `../shared/bench/`.
//!
//!     cargo bench --bench soap
//!
//! Figures and their comparison over time: docs/PERFORMANCE.md.

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use passerelle::config::Limits;
use passerelle::services::geographie::{PaysDTO, RecupererPaysResponse};
use passerelle::services::opi::dto::DonneesOpiDTO10;
use passerelle::services::opi::MettreajourDonneesOpiV10;
use passerelle::soap::dto::Dto;
use passerelle::soap::fault::Fault;
use passerelle::soap::reader::read_envelope;
use passerelle::soap::SoapVersion;

fn request() -> String {
    // `../shared` beside the main checkout; `../../shared` from a worktree under `wt/`.
    let dir = env!("CARGO_MANIFEST_DIR");
    let path = ["/../shared", "/../../shared"]
        .iter()
        .map(|up| format!("{dir}{up}/bench/opi-v10-request.xml"))
        .find(|p| std::path::Path::new(p).exists())
        .unwrap_or_else(|| format!("{dir}/../shared/bench/opi-v10-request.xml"));
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{path}: {e} (the benches read ../shared/bench/)"))
}

fn benches(c: &mut Criterion) {
    let xml = request();
    let limits = Limits::default();
    let mut g = c.benchmark_group("opi_v10");
    g.throughput(Throughput::Bytes(xml.len() as u64));
    g.bench_function("read_envelope", |b| {
        b.iter(|| read_envelope(black_box(&xml), SoapVersion::V11, &limits).unwrap())
    });
    let env = read_envelope(&xml, SoapVersion::V11, &limits).unwrap();
    g.bench_function("decode_dto", |b| {
        b.iter(|| MettreajourDonneesOpiV10::decode(black_box(&env.body()), "").unwrap())
    });
    g.bench_function("parse_decode_map_validate", |b| {
        b.iter(|| {
            let env = read_envelope(black_box(&xml), SoapVersion::V11, &limits).unwrap();
            let req = MettreajourDonneesOpiV10::decode(&env.body(), "").unwrap();
            // Mapping, date and INE parsing, and every validation rule.
            passerelle::services::opi::to_domain_v10(req.donnees_opi.unwrap()).unwrap()
        })
    });
    let dto: DonneesOpiDTO10 = MettreajourDonneesOpiV10::decode(&env.body(), "")
        .unwrap()
        .donnees_opi
        .unwrap();
    // Mapping and validation alone; the payload is consumed, so each run gets a
    // copy made outside the measure.
    g.bench_function("map_validate", |b| {
        b.iter_batched(
            || dto.clone(),
            |d| passerelle::services::opi::to_domain_v10(d).unwrap(),
            criterion::BatchSize::SmallInput,
        )
    });
    g.bench_function("encode_dto", |b| b.iter(|| black_box(&dto).to_xml()));
    g.finish();

    let mut g = c.benchmark_group("responses");
    let pays = RecupererPaysResponse {
        ret: (0..16)
            .map(|i| PaysDTO {
                code_pay: Some(format!("{}", 100 + i)),
                lib_nat: Some("FRANÇAIS(E)".into()),
                lib_pay: Some("FRANCE".into()),
                tem_en_sve_pay: Some("O".into()),
            })
            .collect(),
    };
    g.bench_function("encode_recupererPays_16", |b| {
        b.iter(|| black_box(&pays).to_xml())
    });
    let fault = Fault::client(
        "technical.parameter.noncoherentinput.codEtp",
        Some("_donneesOpi/voeux/item[2]/codEtp".into()),
        "« L1INFORMATIQUE » is 14 characters long; at most 6 are allowed",
    );
    g.bench_function("fault_soap11", |b| {
        b.iter(|| black_box(&fault).to_envelope(SoapVersion::V11, "urn:ns"))
    });
    g.finish();
}

criterion_group!(soap, benches);
criterion_main!(soap);
