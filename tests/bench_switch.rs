//! The bench-only switch `PASSERELLE_BENCH_STORE=off` (docs/PERFORMANCE.md):
//! refused unless exactly `off` and never with `--demo`; when on, an OPI is
//! validated in full (an invalid one still gets its fault) and nothing is written.
//! Runs the real binary (the switch is process-wide).

mod common;
use common::opi::OpiReq;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

/// `passerelle serve` on `<dir>/b.db`, run in `dir` (its default `pj` directory).
fn serve(dir: &std::path::Path, value: &str, demo: bool) -> Command {
    let db = format!("sqlite://{}", dir.join("b.db").display());
    let mut c = Command::new(env!("CARGO_BIN_EXE_passerelle"));
    c.args(["serve", "--listen", "127.0.0.1:0", "--database", &db])
        .current_dir(dir);
    if demo {
        c.arg("--demo");
    }
    c.env("PASSERELLE_BENCH_STORE", value)
        .env("RUST_LOG", "info")
        .env_remove("PASSERELLE_CONFIG");
    c
}

#[test]
fn refused_with_demo_or_another_value() {
    let dir = tempfile::tempdir().unwrap();
    for (value, demo) in [("off", true), ("on", false), ("", false)] {
        let out = serve(dir.path(), value, demo)
            .stdout(Stdio::null())
            .output()
            .unwrap();
        assert!(!out.status.success(), "{value} demo={demo} started");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("PASSERELLE_BENCH_STORE"), "{err}");
    }
}

#[tokio::test]
async fn off_validates_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite://{}", dir.path().join("b.db").display());
    let mut child = serve(dir.path(), "off", false)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let mut warned = false;
    let addr = loop {
        let line = lines.next().expect("server output").unwrap();
        warned |= line.contains("BENCH MODE");
        if let Some(pos) = line.find("listen=") {
            break line[pos + 7..]
                .split_whitespace()
                .next()
                .unwrap()
                .to_string();
        }
    };
    std::thread::spawn(move || for _ in lines {});
    assert!(warned, "the bench mode is announced");
    let client = reqwest::Client::new();
    let post = |body: String| {
        client
            .post(format!("http://{addr}/services/OpiMetier"))
            .header("content-type", "text/xml; charset=utf-8")
            .body(body)
            .send()
    };
    let r = post(common::envelope11(&OpiReq::new(10, "BENCH0001").xml()))
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    // Still validated: a bad INE is a fault.
    let bad = common::envelope11(&OpiReq::new(10, "BENCH0002").xml()).replacen(
        "<codOpiIntEpo>BENCH0002</codOpiIntEpo>",
        "<codOpiIntEpo>BENCH0002-far-too-long</codOpiIntEpo>",
        1,
    );
    let r = post(bad).await.unwrap();
    assert_eq!(r.status(), 500, "{}", r.text().await.unwrap());
    let _ = child.kill();
    let _ = child.wait();
    let store = passerelle::store::open(&db, &Default::default())
        .await
        .unwrap();
    assert!(store.find_opi("BENCH0001").await.unwrap().is_none());
}
