//! TLS and mutual TLS (docs/SECURITY.md): a test CA, server and client
//! certificates generated here with rcgen; calls with reqwest over rustls.

mod common;

use common::{envelope11, op, Backend, TestApp, GEO_NS};
use passerelle::config::ClientConfig;
use rcgen::{
    BasicConstraints, Certificate, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa,
    KeyPair, SanType,
};
use std::path::Path;
use std::time::{Duration, Instant};

struct Ca {
    cert: Certificate,
    key: KeyPair,
}

fn ca(name: &str) -> Ca {
    let mut p = CertificateParams::new(Vec::<String>::new()).unwrap();
    p.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    p.distinguished_name.push(DnType::CommonName, name);
    let key = KeyPair::generate().unwrap();
    let cert = p.self_signed(&key).unwrap();
    Ca { cert, key }
}

/// (certificate PEM, key PEM, certificate DER)
fn leaf(ca: &Ca, cn: &str, server: bool) -> (String, String, Vec<u8>) {
    let mut p = CertificateParams::new(if server {
        vec!["localhost".to_string()]
    } else {
        vec![]
    })
    .unwrap();
    p.distinguished_name.push(DnType::CommonName, cn);
    if server {
        p.subject_alt_names
            .push(SanType::IpAddress("127.0.0.1".parse().unwrap()));
        p.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    } else {
        p.extended_key_usages = vec![ExtendedKeyUsagePurpose::ClientAuth];
    }
    let key = KeyPair::generate().unwrap();
    let cert = p.signed_by(&key, &ca.cert, &ca.key).unwrap();
    (cert.pem(), key.serialize_pem(), cert.der().to_vec())
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let p = dir.join(name);
    // Write then rename, as a certificate manager would.
    let tmp = dir.join(format!("{name}.tmp"));
    std::fs::write(&tmp, text).unwrap();
    std::fs::rename(&tmp, &p).unwrap();
    p.display().to_string()
}

fn client(ca: &Ca, identity: Option<(&str, &str)>) -> reqwest::Client {
    let mut b = reqwest::Client::builder()
        .use_rustls_tls()
        .tls_built_in_root_certs(false)
        .add_root_certificate(reqwest::Certificate::from_pem(ca.cert.pem().as_bytes()).unwrap())
        .tls_info(true)
        .pool_max_idle_per_host(0);
    if let Some((cert, key)) = identity {
        b = b.identity(reqwest::Identity::from_pem(format!("{cert}{key}").as_bytes()).unwrap());
    }
    b.build().unwrap()
}

fn pays() -> String {
    envelope11(&op(
        GEO_NS,
        "recupererPays",
        "<_codePays>100</_codePays><_temoinEnService>T</_temoinEnService>",
    ))
}

async fn post(
    c: &reqwest::Client,
    url: &str,
    basic: Option<(&str, &str)>,
) -> Result<(u16, Vec<u8>), reqwest::Error> {
    let mut rb = c
        .post(url)
        .header("content-type", "text/xml; charset=utf-8")
        .body(pays());
    if let Some((u, p)) = basic {
        rb = rb.basic_auth(u, Some(p));
    }
    let r = rb.send().await?;
    let cert = r
        .extensions()
        .get::<reqwest::tls::TlsInfo>()
        .and_then(|i| i.peer_certificate())
        .map(|c| c.to_vec())
        .unwrap_or_default();
    let status = r.status().as_u16();
    let _ = r.text().await;
    Ok((status, cert))
}

#[tokio::test]
async fn tls_mtls_and_reload() {
    let dir = tempfile::tempdir().unwrap();
    let root = ca("Passerelle test CA");
    let (scert, skey, sder) = leaf(&root, "localhost", true);
    let cert_path = write(dir.path(), "server.pem", &scert);
    let key_path = write(dir.path(), "server.key", &skey);
    let ca_path = write(dir.path(), "clients-ca.pem", &root.cert.pem());
    let app = TestApp::spawn_with(Backend::Sqlite, |c| {
        c.tls.cert = Some(cert_path.clone());
        c.tls.key = Some(key_path.clone());
        c.tls.client_ca = Some(ca_path.clone());
        c.tls.reload_poll_secs = 0.2;
        c.auth.clients = vec![ClientConfig {
            name: "scolarite".into(),
            secret_hash: passerelle::http::auth::hash_secret("scol-secret").unwrap(),
            services: vec!["GeographieMetier".into()],
            cert_cn: Some("scolarite-app".into()),
            ..Default::default()
        }];
    })
    .await;
    let url = format!(
        "https://localhost:{}/services/GeographieMetier",
        app.addr.port()
    );

    // TLS without a client certificate: the server's certificate is the one
    // configured; no credentials → 401; Basic over TLS → 200.
    let anon = client(&root, None);
    let (status, served) = post(&anon, &url, None).await.unwrap();
    assert_eq!(status, 401);
    assert_eq!(served, sder, "the configured certificate is served");
    assert_eq!(
        post(&anon, &url, Some(("scolarite", "scol-secret")))
            .await
            .unwrap()
            .0,
        200
    );
    // TLS 1.2 works too (1.0/1.1 are not offered by rustls at all).
    let tls12 = reqwest::Client::builder()
        .use_rustls_tls()
        .tls_built_in_root_certs(false)
        .add_root_certificate(reqwest::Certificate::from_pem(root.cert.pem().as_bytes()).unwrap())
        .max_tls_version(reqwest::tls::Version::TLS_1_2)
        .build()
        .unwrap();
    assert_eq!(
        post(&tls12, &url, Some(("scolarite", "scol-secret")))
            .await
            .unwrap()
            .0,
        200
    );

    // mTLS: the certificate's CN maps to the account, rights apply.
    let (ccert, ckey, _) = leaf(&root, "scolarite-app", false);
    let mtls = client(&root, Some((&ccert, &ckey)));
    assert_eq!(post(&mtls, &url, None).await.unwrap().0, 200);
    let opi = mtls
        .post(url.replace("GeographieMetier", "OpiMetier"))
        .header("content-type", "text/xml; charset=utf-8")
        .body(envelope11(&op(
            common::opi::OPI_NS,
            "mettreajourDonneesOpi_v10",
            "",
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(opi.status(), 403);
    // The registrars' document GET knows the certificate's account too (403:
    // known, but without pj_read; 401 without a certificate).
    let docs = format!(
        "https://localhost:{}/services/PjOpiMetier/documents/OPI0001",
        app.addr.port()
    );
    assert_eq!(mtls.get(&docs).send().await.unwrap().status(), 403);
    assert_eq!(anon.get(&docs).send().await.unwrap().status(), 401);
    // A valid certificate that no account names: 401.
    let (ocert, okey, _) = leaf(&root, "someone-else", false);
    let other = client(&root, Some((&ocert, &okey)));
    assert_eq!(post(&other, &url, None).await.unwrap().0, 401);
    // A certificate from another CA: the handshake fails.
    let rogue_ca = ca("Rogue CA");
    let (rcert, rkey, _) = leaf(&rogue_ca, "scolarite-app", false);
    let rogue = client(&root, Some((&rcert, &rkey)));
    assert!(post(&rogue, &url, None).await.is_err());
    // Plain HTTP on the TLS port gets nothing useful.
    let plain = reqwest::Client::new()
        .post(format!(
            "http://localhost:{}/services/GeographieMetier",
            app.addr.port()
        ))
        .body(pays())
        .send()
        .await;
    assert!(plain.map(|r| r.status().as_u16() != 200).unwrap_or(true));

    // Reload on file change: a new certificate is served without restart.
    let (scert2, skey2, sder2) = leaf(&root, "localhost", true);
    // Key first then certificate: in between, a reload fails and the old pair stays.
    write(dir.path(), "server.key", &skey2);
    write(dir.path(), "server.pem", &scert2);
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let (status, served) = post(&anon, &url, Some(("scolarite", "scol-secret")))
            .await
            .unwrap();
        assert_eq!(status, 200);
        if served == sder2 {
            break;
        }
        assert_eq!(served, sder, "only the old or the new certificate");
        assert!(
            Instant::now() < deadline,
            "the new certificate was not picked up"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// `passerelle serve --tls-cert … --tls-key …` reloads on SIGHUP (the poll is
/// set to an hour, so only the signal can explain the new certificate).
#[cfg(unix)]
#[tokio::test]
async fn sighup_reloads_the_certificate() {
    use std::io::{BufRead, BufReader};
    let dir = tempfile::tempdir().unwrap();
    let root = ca("Passerelle test CA");
    let (scert, skey, sder) = leaf(&root, "localhost", true);
    let cert_path = write(dir.path(), "server.pem", &scert);
    let key_path = write(dir.path(), "server.key", &skey);
    let config = dir.path().join("passerelle.toml");
    std::fs::write(&config, "[tls]\nreload_poll_secs = 3600.0\n").unwrap();
    let db = format!("sqlite://{}", dir.path().join("p.db").display());
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_passerelle"))
        .args([
            "serve",
            "--demo",
            "--listen",
            "127.0.0.1:0",
            "--database",
            &db,
        ])
        .args(["--tls-cert", &cert_path, "--tls-key", &key_path, "--config"])
        .arg(&config)
        .env("RUST_LOG", "info")
        .env_remove("PASSERELLE_CONFIG")
        .current_dir(dir.path())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let addr = loop {
        let line = lines.next().expect("server output").unwrap();
        if let Some(pos) = line.find("listen=") {
            break line[pos + 7..]
                .split_whitespace()
                .next()
                .unwrap()
                .to_string();
        }
    };
    std::thread::spawn(move || for _ in lines {});
    let port = addr.rsplit(':').next().unwrap();
    let url = format!("https://localhost:{port}/services/GeographieMetier");
    let c = client(&root, None);
    let (status, served) = post(&c, &url, None).await.unwrap();
    assert_eq!(status, 200);
    assert_eq!(served, sder);
    let (scert2, skey2, sder2) = leaf(&root, "localhost", true);
    write(dir.path(), "server.key", &skey2);
    write(dir.path(), "server.pem", &scert2);
    let hup = std::process::Command::new("kill")
        .args(["-HUP", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(hup.success());
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let (_, served) = post(&c, &url, None).await.unwrap();
        if served == sder2 {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "SIGHUP did not reload the certificate"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let _ = child.kill();
    let _ = child.wait();
}

#[test]
fn tls_and_certificate_fields_parse_from_toml() {
    let c = passerelle::Config::from_toml(
        "[tls]\ncert = \"c.pem\"\nkey = \"k.pem\"\nclient_ca = \"ca.pem\"\nreload_poll_secs = 1.5\n[[auth.clients]]\nname = \"a\"\nsecret_hash = \"$argon2id$x\"\ncert_cn = \"app.univ.fr\"\ndigest_secret = \"d\"\n",
    )
    .unwrap();
    assert_eq!(c.tls.cert.as_deref(), Some("c.pem"));
    assert_eq!(c.tls.client_ca.as_deref(), Some("ca.pem"));
    assert_eq!(c.tls.reload_poll_secs, 1.5);
    assert_eq!(c.auth.clients[0].cert_cn.as_deref(), Some("app.univ.fr"));
    assert_eq!(c.auth.clients[0].digest_secret.as_deref(), Some("d"));
    assert!(c.auth.clients[0].enabled);
    assert!(passerelle::Config::from_toml("[tls]\ncertificate = \"x\"\n").is_err());
}
