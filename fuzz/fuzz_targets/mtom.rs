//! MTOM reader: the first line of the input is the Content-Type, the rest the
//! body (fed in chunks of 7 bytes, as a network would split it). Documents are
//! spooled under a scratch directory, emptied after every input.
#![no_main]
use libfuzzer_sys::fuzz_target;
use passerelle::pj::mtom::{extract, parse_related};
use std::path::PathBuf;
use std::sync::OnceLock;

fn root() -> &'static PathBuf {
    static ROOT: OnceLock<PathBuf> = OnceLock::new();
    ROOT.get_or_init(|| {
        let d = std::env::temp_dir().join(format!("passerelle-fuzz-mtom-{}", std::process::id()));
        std::fs::create_dir_all(&d).unwrap();
        d
    })
}

fuzz_target!(|data: &[u8]| {
    let split = data.iter().position(|&b| b == b'\n').unwrap_or(data.len());
    let Ok(ct) = std::str::from_utf8(&data[..split]) else {
        return;
    };
    let Some(Ok(related)) = parse_related(ct) else {
        return;
    };
    let body = bytes::Bytes::copy_from_slice(data.get(split + 1..).unwrap_or(&[]));
    let chunks: Vec<Result<bytes::Bytes, std::io::Error>> = (0..body.len())
        .step_by(7)
        .map(|i| Ok(body.slice(i..(i + 7).min(body.len()))))
        .collect();
    let stream = futures_util::stream::iter(chunks);
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let root = root();
    rt.block_on(async {
        let _ = extract(stream, &related, 64 * 1024, 64 * 1024, root).await;
    });
    if let Ok(entries) = std::fs::read_dir(root) {
        for e in entries.flatten() {
            let _ = std::fs::remove_file(e.path());
        }
    }
});
