//! `PjOpiMetier`: supporting documents over HTTP, inline base64 and MTOM, on
//! every back-end: identity checks, content checks, limits, truncation, replace
//! and no-op, directory layout, database store, crash safety (test seam) and
//! bounded memory.

mod common;

use base64::Engine;
use common::{backends, envelope11, op, Backend, TestApp};
use passerelle::config::PjStoreKind;
use std::path::{Path, PathBuf};

const NS: &str = "gouv.education.apogee.commun.servicesmetiers.PjOpiMetier";
const NS_DATED: &str = "gouv.education.apogee.commun.servicesmetiers.PjOpiMetier_16012017";
const PORT: &str = "PjOpiMetier";

fn pdf(extra: &str) -> Vec<u8> {
    format!(
        "%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\n% {extra}\ntrailer <</Root 1 0 R>>\n%%EOF\n"
    )
    .into_bytes()
}

fn png() -> Vec<u8> {
    // A valid 1×1 PNG.
    base64::engine::general_purpose::STANDARD
        .decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==")
        .unwrap()
}

fn jpeg() -> Vec<u8> {
    let mut v = vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10];
    v.extend_from_slice(b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0");
    v.extend_from_slice(&[0xFF, 0xD9]);
    v
}

/// Base64 in 76-column lines, CRLF written as `&#13;` + LF as some clients do.
fn b64_lines(bytes: &[u8]) -> String {
    let s = base64::engine::general_purpose::STANDARD.encode(bytes);
    s.as_bytes()
        .chunks(76)
        .map(|c| std::str::from_utf8(c).unwrap())
        .collect::<Vec<_>>()
        .join("&#13;\n")
}

/// The operation element (what `TestApp::soap11` wraps in an envelope).
fn request(ns: &str, key: &str, nom: &str, prenom: &str, tpj: &str, fic: &str, pj: &str) -> String {
    op(
        ns,
        "recupererPiecesJustificativesOPIWS",
        &format!(
            "<_codOpiIntEpo>{key}</_codOpiIntEpo><_libNomPatIndOpi>{nom}</_libNomPatIndOpi><_libPr1IndOpi>{prenom}</_libPr1IndOpi><_codTpj>{tpj}</_codTpj><_nomFic>{fic}</_nomFic><_pj>{pj}</_pj>"
        ),
    )
}

struct Env {
    app: TestApp,
    dir: tempfile::TempDir,
}

impl Env {
    async fn new(backend: Backend, tweak: impl FnOnce(&mut passerelle::Config)) -> Env {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("pj");
        let app = TestApp::spawn_with(backend, |c| {
            c.pj.dir = root.display().to_string();
            tweak(c);
        })
        .await;
        Env { app, dir }
    }

    fn root(&self) -> PathBuf {
        self.dir.path().join("pj")
    }

    async fn opi(&self, key: &str) -> i64 {
        let r = self.app.push_opi(&common::opi::OpiReq::new(10, key)).await;
        assert_eq!(r.status, 200, "{}", r.body);
        let store = self.app.store().await;
        store.opi_identity(key).await.unwrap().unwrap().0
    }

    async fn send(&self, key: &str, tpj: &str, fic: &str, bytes: &[u8]) -> common::Reply {
        self.app
            .soap11(
                PORT,
                &request(NS, key, "LEFÈVRE", "ÉLODIE", tpj, fic, &b64_lines(bytes)),
            )
            .await
    }

    async fn rows(&self, ind: i64) -> Vec<passerelle::store::PjRow> {
        self.app.store().await.pj_rows(Some(ind)).await.unwrap()
    }
}

fn file(root: &Path, ind: i64, tpj: &str, ext: &str) -> PathBuf {
    root.join(format!("{ind}_OPI"))
        .join(format!("PJ_{tpj}_{ind}.{ext}"))
}

fn sha(bytes: &[u8]) -> String {
    use sha2::Digest;
    passerelle::pj::hex(&sha2::Sha256::digest(bytes))
}

fn incoming(root: &Path) -> usize {
    std::fs::read_dir(root.join(".incoming"))
        .map(|d| d.count())
        .unwrap_or(0)
}

#[tokio::test]
async fn base64_upload_of_pdf_png_jpeg_lands_in_apogee_layout() {
    for backend in backends() {
        let env = Env::new(backend, |_| {}).await;
        let ind = env.opi("PJ0000001").await;
        for (tpj, fic, bytes, ext) in [
            ("CNI", "carte identité.pdf", pdf("cni"), "pdf"),
            ("PHOTO", "photo.PNG", png(), "png"),
            ("BAC", "releve.jpeg", jpeg(), "jpg"),
        ] {
            let r = env.send("PJ0000001", tpj, fic, &bytes).await;
            assert_eq!(r.status, 200, "{backend:?} {tpj}: {}", r.body);
            assert!(
                r.body
                    .contains("recupererPiecesJustificativesOPIWSResponse"),
                "{}",
                r.body
            );
            assert!(r.body.contains("<PjOpiRetourDTO>"), "{}", r.body);
            assert_eq!(r.text_of("msg").as_deref(), Some("PJ enregistrée"));
            let path = file(&env.root(), ind, tpj, ext);
            assert_eq!(std::fs::read(&path).unwrap(), bytes, "{}", path.display());
        }
        let rows = env.rows(ind).await;
        assert_eq!(rows.len(), 3);
        let cni = rows.iter().find(|r| r.cod_tpj == "CNI").unwrap();
        assert_eq!(cni.nom_fic, "carte identité.pdf");
        assert_eq!(cni.mime_type, "application/pdf");
        assert_eq!(cni.taille, pdf("cni").len() as i64);
        assert_eq!(cni.sha256, sha(&pdf("cni")));
        assert_eq!(cni.cod_opi_int_epo, "PJ0000001");
        assert!(cni.pending.is_none());
        assert_eq!(incoming(&env.root()), 0, "no spool file left");
    }
}

#[tokio::test]
async fn dated_namespace_and_case_and_accent_insensitive_names() {
    for backend in backends() {
        let env = Env::new(backend, |_| {}).await;
        env.opi("PJ0000002").await;
        let body = request(
            NS_DATED,
            "PJ0000002",
            "lefevre",
            "Elodie",
            "CNI",
            "a.pdf",
            &b64_lines(&pdf("x")),
        );
        let r = env.app.soap11(PORT, &body).await;
        assert_eq!(r.status, 200, "{}", r.body);
        assert!(
            r.body.contains(NS_DATED),
            "answer in the request's namespace: {}",
            r.body
        );
    }
}

#[tokio::test]
async fn identity_failures() {
    for backend in backends() {
        let env = Env::new(backend, |_| {}).await;
        env.opi("PJ0000003").await;
        let doc = b64_lines(&pdf("x"));
        let cases = [
            (
                "PJ9999999",
                "LEFÈVRE",
                "ÉLODIE",
                "technical.data.nullretrieve.opi",
            ),
            (
                "PJ0000003",
                "LEFEBVRE",
                "ÉLODIE",
                "technical.parameter.noncoherentinput.libNomPatIndOpi",
            ),
            (
                "PJ0000003",
                "LEFÈVRE",
                "ELOISE",
                "technical.parameter.noncoherentinput.libPr1IndOpi",
            ),
        ];
        for (key, nom, prenom, code) in cases {
            let r = env
                .app
                .soap11(PORT, &request(NS, key, nom, prenom, "CNI", "a.pdf", &doc))
                .await;
            assert_eq!(r.fault_string().as_deref(), Some(code), "{}", r.body);
        }
        assert_eq!(incoming(&env.root()), 0, "refused documents are not kept");
        assert!(env
            .app
            .store()
            .await
            .pj_rows(None)
            .await
            .unwrap()
            .is_empty());
    }
}

#[tokio::test]
async fn content_failures() {
    for backend in backends() {
        let env = Env::new(backend, |_| {}).await;
        env.opi("PJ0000004").await;
        let pj = "technical.parameter.noncoherentinput.pj";
        // Not a PDF/PNG/JPEG.
        let r = env
            .send("PJ0000004", "CNI", "a.pdf", b"GIF89a\x01\x00\x01\x00")
            .await;
        assert_eq!(r.fault_string().as_deref(), Some(pj), "{}", r.body);
        assert!(r.body.contains("PDF, JPEG or PNG"), "{}", r.body);
        // A PNG named .pdf.
        let r = env.send("PJ0000004", "CNI", "a.pdf", &png()).await;
        assert_eq!(r.fault_string().as_deref(), Some(pj), "{}", r.body);
        assert!(r.body.contains("image/png"), "{}", r.body);
        // Unknown extension.
        let r = env.send("PJ0000004", "CNI", "a.doc", &pdf("x")).await;
        assert_eq!(
            r.fault_string().as_deref(),
            Some("technical.parameter.noncoherentinput.nomFic"),
            "{}",
            r.body
        );
        // Truncated base64 (a group of 4 cut short).
        let body = request(
            NS,
            "PJ0000004",
            "LEFÈVRE",
            "ÉLODIE",
            "CNI",
            "a.pdf",
            "JVBERi0xLjQK",
        );
        let body = body.replace("JVBERi0xLjQK", "JVBERi0xLj");
        let r = env.app.soap11(PORT, &body).await;
        assert_eq!(r.fault_string().as_deref(), Some(pj), "{}", r.body);
        assert!(r.body.contains("4-character group"), "{}", r.body);
        // Body cut inside _pj.
        let body = envelope11(&request(
            NS,
            "PJ0000004",
            "LEFÈVRE",
            "ÉLODIE",
            "CNI",
            "a.pdf",
            &b64_lines(&pdf("x")),
        ));
        let cut = &body[..body.find("</_pj>").unwrap() - 8];
        let r = env
            .app
            .post(
                &format!("/services/{PORT}"),
                "text/xml; charset=utf-8",
                cut.to_string(),
            )
            .await;
        assert_eq!(r.fault_string().as_deref(), Some(pj), "{}", r.body);
        assert!(r.body.contains("ended before"), "{}", r.body);
        // Not base64.
        let r = env
            .app
            .soap11(
                PORT,
                &request(
                    NS,
                    "PJ0000004",
                    "LEFÈVRE",
                    "ÉLODIE",
                    "CNI",
                    "a.pdf",
                    "JVBE*i0x",
                ),
            )
            .await;
        assert_eq!(r.fault_string().as_deref(), Some(pj), "{}", r.body);
        // Missing document.
        let r = env
            .app
            .soap11(
                PORT,
                &request(NS, "PJ0000004", "LEFÈVRE", "ÉLODIE", "CNI", "a.pdf", ""),
            )
            .await;
        assert_eq!(r.fault_string().as_deref(), Some(pj), "{}", r.body);
        assert_eq!(incoming(&env.root()), 0, "refused documents are not kept");
    }
}

#[tokio::test]
async fn too_big_is_refused_early() {
    for backend in backends() {
        let env = Env::new(backend, |c| c.pj.max_document_bytes = 1000).await;
        env.opi("PJ0000005").await;
        let big = pdf(&"x".repeat(2000));
        // Content-Length small enough to pass the early check, document too big.
        let r = env.send("PJ0000005", "CNI", "a.pdf", &big).await;
        assert_eq!(r.status, 413, "{}", r.body);
        assert_eq!(
            r.fault_string().as_deref(),
            Some("technical.parameter.noncoherentinput.pj")
        );
        // Content-Length alone says it is too big: answered before any body byte.
        let raw = raw_exchange(
            env.app.addr,
            &format!("POST /services/{PORT} HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml\r\nContent-Length: 100000000\r\n\r\n"),
        )
        .await;
        assert!(raw.starts_with("HTTP/1.1 413"), "{raw}");
        assert!(
            raw.contains("technical.parameter.noncoherentinput.pj"),
            "{raw}"
        );
        // Within the limit: accepted.
        let r = env.send("PJ0000005", "CNI", "a.pdf", &pdf("small")).await;
        assert_eq!(r.status, 200, "{}", r.body);
        assert_eq!(incoming(&env.root()), 0);
    }
}

async fn raw_exchange(addr: std::net::SocketAddr, head: &str) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
    s.write_all(head.as_bytes()).await.unwrap();
    let mut buf = vec![0u8; 65536];
    let mut out = Vec::new();
    loop {
        let n = tokio::time::timeout(std::time::Duration::from_secs(5), s.read(&mut buf))
            .await
            .expect("answer in time")
            .unwrap();
        if n == 0 {
            break;
        }
        out.extend_from_slice(&buf[..n]);
        if out
            .windows(11)
            .any(|w| w == b"</soapenv:E" || w == b"Envelope>\r\n")
            || String::from_utf8_lossy(&out).contains("Envelope>")
        {
            break;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn mtom_body(boundary: &str, envelope: &str, cid: &str, bytes: &[u8], close: bool) -> Vec<u8> {
    let mut b = Vec::new();
    b.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Type: application/xop+xml; charset=UTF-8; type=\"text/xml\"\r\nContent-Transfer-Encoding: binary\r\nContent-ID: <root.message@cxf.apache.org>\r\n\r\n{envelope}\r\n--{boundary}\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: binary\r\nContent-ID: <{cid}>\r\n\r\n"
        )
        .as_bytes(),
    );
    b.extend_from_slice(bytes);
    if close {
        b.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    }
    b
}

fn mtom_ct(boundary: &str) -> String {
    format!("multipart/related; type=\"application/xop+xml\"; boundary=\"{boundary}\"; start=\"<root.message@cxf.apache.org>\"; start-info=\"text/xml\"")
}

#[tokio::test]
async fn mtom_upload_and_truncated_multipart() {
    for backend in backends() {
        let env = Env::new(backend, |_| {}).await;
        let ind = env.opi("PJ0000006").await;
        let boundary = "uuid:6b7c3a1e-pj";
        let include = "<xop:Include xmlns:xop=\"http://www.w3.org/2004/08/xop/include\" href=\"cid:doc%401.example\"/>";
        let envelope = envelope11(&request(
            NS,
            "PJ0000006",
            "LEFÈVRE",
            "ÉLODIE",
            "CNI",
            "cni.pdf",
            include,
        ));
        let doc = pdf("mtom");
        let body = mtom_body(boundary, &envelope, "doc@1.example", &doc, true);
        let r = env
            .app
            .post(&format!("/services/{PORT}"), &mtom_ct(boundary), body)
            .await;
        assert_eq!(r.status, 200, "{backend:?}: {}", r.body);
        assert_eq!(
            std::fs::read(file(&env.root(), ind, "CNI", "pdf")).unwrap(),
            doc
        );

        // Truncated: no closing boundary.
        let body = mtom_body(boundary, &envelope, "doc@1.example", &pdf("cut"), false);
        let r = env
            .app
            .post(&format!("/services/{PORT}"), &mtom_ct(boundary), body)
            .await;
        assert_eq!(
            r.fault_string().as_deref(),
            Some("technical.parameter.noncoherentinput.pj"),
            "{}",
            r.body
        );
        assert!(r.body.contains("incomplete"), "{}", r.body);

        // The Include names a part that is not there.
        let body = mtom_body(boundary, &envelope, "other@1.example", &pdf("x"), true);
        let r = env
            .app
            .post(&format!("/services/{PORT}"), &mtom_ct(boundary), body)
            .await;
        assert_eq!(
            r.fault_string().as_deref(),
            Some("technical.message.malformed"),
            "{}",
            r.body
        );
        assert_eq!(incoming(&env.root()), 0);

        // MTOM framing but `_pj` inline (small documents, some clients): accepted.
        let inline = envelope11(&request(
            NS,
            "PJ0000006",
            "LEFÈVRE",
            "ÉLODIE",
            "PHOTO",
            "p.png",
            &b64_lines(&png()),
        ));
        let body = format!(
            "--{boundary}\r\nContent-Type: application/xop+xml; charset=UTF-8; type=\"text/xml\"\r\nContent-ID: <root.message@cxf.apache.org>\r\n\r\n{inline}\r\n--{boundary}--\r\n"
        );
        let r = env
            .app
            .post(&format!("/services/{PORT}"), &mtom_ct(boundary), body)
            .await;
        assert_eq!(r.status, 200, "{}", r.body);
        assert_eq!(
            std::fs::read(file(&env.root(), ind, "PHOTO", "png")).unwrap(),
            png()
        );
        // The first document is untouched.
        assert_eq!(
            std::fs::read(file(&env.root(), ind, "CNI", "pdf")).unwrap(),
            doc
        );
    }
}

#[tokio::test]
async fn replace_and_identical_resend() {
    for backend in backends() {
        let env = Env::new(backend, |_| {}).await;
        let ind = env.opi("PJ0000007").await;
        let a = pdf("version A");
        let r = env.send("PJ0000007", "CNI", "a.pdf", &a).await;
        assert_eq!(
            r.text_of("msg").as_deref(),
            Some("PJ enregistrée"),
            "{}",
            r.body
        );
        let first = env.rows(ind).await;
        let mtime = std::fs::metadata(file(&env.root(), ind, "CNI", "pdf"))
            .unwrap()
            .modified()
            .unwrap();
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        // Identical: nothing written.
        let r = env.send("PJ0000007", "CNI", "a.pdf", &a).await;
        assert_eq!(
            r.text_of("msg").as_deref(),
            Some("PJ identique déjà enregistrée"),
            "{}",
            r.body
        );
        assert_eq!(env.rows(ind).await, first);
        assert_eq!(
            std::fs::metadata(file(&env.root(), ind, "CNI", "pdf"))
                .unwrap()
                .modified()
                .unwrap(),
            mtime
        );
        // Different bytes: replaced, created date kept.
        let b = pdf("version B");
        let r = env.send("PJ0000007", "CNI", "a.pdf", &b).await;
        assert_eq!(
            r.text_of("msg").as_deref(),
            Some("PJ remplacée"),
            "{}",
            r.body
        );
        let rows = env.rows(ind).await;
        assert_eq!(rows[0].sha256, sha(&b));
        assert_eq!(rows[0].dat_cre, first[0].dat_cre);
        assert_eq!(
            std::fs::read(file(&env.root(), ind, "CNI", "pdf")).unwrap(),
            b
        );
        // Another type of file: the old one goes.
        let r = env.send("PJ0000007", "CNI", "scan.png", &png()).await;
        assert_eq!(r.status, 200, "{}", r.body);
        assert!(!file(&env.root(), ind, "CNI", "pdf").exists());
        assert_eq!(
            std::fs::read(file(&env.root(), ind, "CNI", "png")).unwrap(),
            png()
        );
        let files = std::fs::read_dir(env.root().join(format!("{ind}_OPI")))
            .unwrap()
            .count();
        assert_eq!(files, 1);
    }
}

#[tokio::test]
async fn database_store() {
    for backend in backends() {
        let env = Env::new(backend, |c| c.pj.store = PjStoreKind::Database).await;
        let ind = env.opi("PJ0000008").await;
        let a = pdf("in the database");
        let r = env.send("PJ0000008", "CNI", "a.pdf", &a).await;
        assert_eq!(r.status, 200, "{}", r.body);
        let store = env.app.store().await;
        assert_eq!(store.pj_content(ind, "CNI").await.unwrap(), Some(a.clone()));
        assert!(!env.root().join(format!("{ind}_OPI")).exists());
        let row = &env.rows(ind).await[0];
        let read = passerelle::pj::storage::read(store.as_ref(), &env.app.config.pj, row)
            .await
            .unwrap();
        assert_eq!(read, Some(a));
        assert_eq!(incoming(&env.root()), 0);
        let r = env.send("PJ0000008", "CNI", "a.png", &png()).await;
        assert_eq!(
            r.text_of("msg").as_deref(),
            Some("PJ remplacée"),
            "{}",
            r.body
        );
        assert_eq!(store.pj_content(ind, "CNI").await.unwrap(), Some(png()));
    }
}

/// The test seam stops the write where a crash would; the start-up sweep must
/// leave neither a row without its file nor a file without its row.
#[tokio::test]
async fn a_crash_between_row_and_file_is_repaired() {
    for backend in backends() {
        // Crash after the row committed, before the rename.
        let env = Env::new(backend, |c| c.pj.crash_point = Some("after_row".into())).await;
        let ind = env.opi("PJ0000009").await;
        let a = pdf("crash");
        let r = env.send("PJ0000009", "CNI", "a.pdf", &a).await;
        assert_eq!(
            r.fault_string().as_deref(),
            Some("technical.remoteerror.database"),
            "{}",
            r.body
        );
        let rows = env.rows(ind).await;
        assert_eq!(rows.len(), 1);
        assert!(
            rows[0].pending.is_some(),
            "the row records the pending file"
        );
        assert!(!file(&env.root(), ind, "CNI", "pdf").exists());
        assert_eq!(incoming(&env.root()), 1);
        // What start-up does.
        let mut cfg = env.app.config.pj.clone();
        cfg.crash_point = None;
        let store = env.app.store().await;
        let rep = passerelle::pj::storage::sweep(store.as_ref(), &cfg, std::time::Duration::ZERO)
            .await
            .unwrap();
        assert_eq!(rep.completed, 1);
        assert_eq!(
            std::fs::read(file(&env.root(), ind, "CNI", "pdf")).unwrap(),
            a
        );
        assert!(env.rows(ind).await[0].pending.is_none());
        assert_eq!(incoming(&env.root()), 0);

        // Crash after the file was spooled, before the row: the file goes.
        let env2 = Env::new(backend, |c| c.pj.crash_point = Some("before_row".into())).await;
        let ind2 = env2.opi("PJ0000010").await;
        let r = env2.send("PJ0000010", "CNI", "a.pdf", &a).await;
        assert!(r.fault_string().is_some(), "{}", r.body);
        assert!(env2.rows(ind2).await.is_empty());
        let mut cfg = env2.app.config.pj.clone();
        cfg.crash_point = None;
        let store = env2.app.store().await;
        let rep = passerelle::pj::storage::sweep(store.as_ref(), &cfg, std::time::Duration::ZERO)
            .await
            .unwrap();
        assert_eq!(rep.completed, 0);
        assert_eq!(incoming(&env2.root()), 0, "{rep:?}");
        assert!(env2.rows(ind2).await.is_empty());
    }
}

fn rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1).map(|n| n.parse().unwrap_or(0)))
        })
        .unwrap_or(0)
}

/// A 20 MiB document streamed by the client (never built whole on either side):
/// the process's resident memory grows by far less than the document.
#[tokio::test]
async fn a_20_mib_upload_uses_bounded_memory() {
    let env = Env::new(Backend::Sqlite, |_| {}).await;
    let ind = env.opi("PJ0000011").await;
    const CHUNKS: usize = 359; // × 57 KiB = 19.98 MiB
    let body = envelope11(&request(
        NS,
        "PJ0000011",
        "LEFÈVRE",
        "ÉLODIE",
        "CNI",
        "big.pdf",
        "@@PJ@@",
    ));
    let (head, tail) = body.split_once("@@PJ@@").unwrap();
    let (head, tail) = (head.to_string(), tail.to_string());
    // Base64 of: "%PDF-1.4\n" + filler, produced in 57-byte lines (76 chars).
    let chunks = futures_util::stream::iter(
        std::iter::once(head.into_bytes())
            .chain((0..CHUNKS).map(move |i| {
                let mut raw = Vec::with_capacity(57 * 1024);
                for j in 0..1024 {
                    let mut line = [b'A'; 57];
                    if i == 0 && j == 0 {
                        line[..9].copy_from_slice(b"%PDF-1.4\n");
                    }
                    let enc = base64::engine::general_purpose::STANDARD.encode(line);
                    raw.extend_from_slice(enc.as_bytes());
                    raw.extend_from_slice(b"\r\n");
                }
                raw
            }))
            .chain(std::iter::once(tail.into_bytes()))
            .map(Ok::<_, std::io::Error>),
    );
    let before = rss_kib();
    let peak = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(before));
    let p2 = peak.clone();
    let sampler = tokio::spawn(async move {
        loop {
            p2.fetch_max(rss_kib(), std::sync::atomic::Ordering::Relaxed);
            tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        }
    });
    let r = env
        .app
        .client
        .post(env.app.service_url(PORT))
        .header("content-type", "text/xml; charset=utf-8")
        .body(reqwest::Body::wrap_stream(chunks))
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    let text = r.text().await.unwrap();
    sampler.abort();
    assert_eq!(status, 200, "{text}");
    let size = std::fs::metadata(file(&env.root(), ind, "CNI", "pdf"))
        .unwrap()
        .len();
    assert_eq!(size as usize, CHUNKS * 57 * 1024);
    let growth = peak
        .load(std::sync::atomic::Ordering::Relaxed)
        .saturating_sub(before);
    eprintln!("20 MiB upload: RSS growth {growth} KiB");
    assert!(
        growth < 12 * 1024,
        "RSS grew by {growth} KiB for a {size}-byte document"
    );
}

/// `passerelle pj list` / `pj get` read back what the server stored.
#[tokio::test]
async fn cli_lists_and_gets_documents() {
    let env = Env::new(Backend::Sqlite, |_| {}).await;
    env.opi("PJ0000012").await;
    let a = pdf("for the registrar");
    let r = env.send("PJ0000012", "CNI", "cni.pdf", &a).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let toml = env.dir.path().join("p.toml");
    std::fs::write(
        &toml,
        format!("[pj]\ndir = {:?}\n", env.root().display().to_string()),
    )
    .unwrap();
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_passerelle"))
            .args(args)
            .args(["--database", &env.app.config.database_url])
            .args(["--config", toml.to_str().unwrap()])
            .output()
            .unwrap()
    };
    let out = run(&["pj", "list", "PJ0000012"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("CNI\tcni.pdf\t"), "{text}");
    assert!(text.contains(&sha(&a)), "{text}");
    let dest = env.dir.path().join("copy.pdf");
    let out = run(&[
        "pj",
        "get",
        "PJ0000012",
        "CNI",
        "--out",
        dest.to_str().unwrap(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(std::fs::read(&dest).unwrap(), a);
    let out = run(&[
        "pj",
        "get",
        "PJ0000012",
        "BAC",
        "--out",
        dest.to_str().unwrap(),
    ]);
    assert!(!out.status.success());
}
