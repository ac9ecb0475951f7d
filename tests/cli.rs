//! The `passerelle` binary as an operator uses it: help, migrate, seed-demo,
//! configuration file, start-up log, graceful shutdown on SIGTERM/SIGINT.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_passerelle"));
    for v in [
        "PASSERELLE_LISTEN",
        "PASSERELLE_DATABASE_URL",
        "PASSERELLE_CONFIG",
        "PASSERELLE_BASE_PATH",
        "PASSERELLE_PUBLIC_URL",
    ] {
        c.env_remove(v);
    }
    c.env("RUST_LOG", "info");
    c
}

/// Starts `passerelle serve …` and waits for its "listening" log line; returns
/// the child, the address and the log lines read so far. It runs in `dir` (its
/// default `pj` directory is `dir/pj`, not the repository's).
#[allow(clippy::zombie_processes)] // the caller waits; a panic ends the test anyway
fn serve(dir: &std::path::Path, args: &[&str]) -> (Child, String, Vec<String>) {
    let mut child = bin()
        .arg("serve")
        .args(args)
        .current_dir(dir)
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            // Keep draining after the test stops listening: a closed pipe
            // would make the server's log writes fail.
            let _ = tx.send(line);
        }
    });
    let mut lines = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let line = rx
            .recv_timeout(deadline.saturating_duration_since(Instant::now()))
            .expect("server prints its listen address");
        lines.push(line.clone());
        if let Some(pos) = line.find("listen=") {
            let addr = line[pos + 7..]
                .split_whitespace()
                .next()
                .unwrap()
                .to_string();
            // Keep reading a little for the WSDL lines.
            while let Ok(l) = rx.recv_timeout(Duration::from_millis(300)) {
                lines.push(l);
            }
            return (child, addr, lines);
        }
    }
}

fn http(addr: &str, request: &str) -> String {
    let mut s = TcpStream::connect(addr).unwrap();
    s.write_all(request.as_bytes()).unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    out
}

fn kill(child: &Child, signal: &str) {
    let st = Command::new("kill")
        .args([signal, &child.id().to_string()])
        .status()
        .unwrap();
    assert!(st.success());
}

fn wait_exit(child: &mut Child, within: Duration) -> std::process::ExitStatus {
    let deadline = Instant::now() + within;
    loop {
        if let Some(st) = child.try_wait().unwrap() {
            return st;
        }
        assert!(
            Instant::now() < deadline,
            "the server did not exit in {within:?}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn help_documents_every_flag_and_default() {
    let out = bin().args(["serve", "--help"]).output().unwrap();
    let help = String::from_utf8(out.stdout).unwrap();
    for needle in [
        "--listen",
        "127.0.0.1:8080",
        "PASSERELLE_LISTEN",
        "--database",
        "sqlite://passerelle.db",
        "PASSERELLE_DATABASE_URL",
        "--config",
        "PASSERELLE_CONFIG",
        "--demo",
        "--base-path",
        "/services",
        "--public-url",
    ] {
        assert!(
            help.contains(needle),
            "serve --help lacks {needle}:\n{help}"
        );
    }
    let out = bin().arg("--help").output().unwrap();
    let help = String::from_utf8(out.stdout).unwrap();
    for cmd in ["serve", "migrate", "seed-demo", "wsdl"] {
        assert!(help.contains(cmd), "--help lacks {cmd}");
    }
}

#[test]
fn migrate_then_seed_demo_then_serve_without_demo() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("p.db").display());
    let st = bin()
        .args(["migrate", "--database", &url])
        .status()
        .unwrap();
    assert!(st.success());
    let st = bin()
        .arg("seed-demo")
        .env("PASSERELLE_DATABASE_URL", &url)
        .status()
        .unwrap();
    assert!(st.success());
    let (mut child, addr, lines) =
        serve(dir.path(), &["--listen", "127.0.0.1:0", "--database", &url]);
    let log = lines.join("\n");
    assert!(
        log.contains(&format!(
            "WSDL http://{addr}/services/GeographieMetier?wsdl"
        )),
        "{log}"
    );
    assert!(log.contains("backend=\"sqlite\""), "{log}");
    let body = r#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><g:recupererPays xmlns:g="gouv.education.apogee.commun.servicesmetiers.GeographieMetier_01082016"><_codePays>100</_codePays><_temoinEnService>O</_temoinEnService></g:recupererPays></s:Body></s:Envelope>"#;
    let resp = http(
        &addr,
        &format!("POST /services/GeographieMetier HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml\r\nSOAPAction: \"\"\r\nConnection: close\r\nContent-Length: {}\r\n\r\n{body}", body.len()),
    );
    assert!(resp.starts_with("HTTP/1.1 200"), "{resp}");
    assert!(resp.contains("<libPay>FRANCE</libPay>"));
    kill(&child, "-TERM");
    assert!(wait_exit(&mut child, Duration::from_secs(10)).success());
}

#[test]
fn config_file_and_redacted_database_in_logs() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("passerelle.toml");
    std::fs::write(
        &cfg,
        format!(
            "listen = \"127.0.0.1:0\"\ndatabase_url = \"sqlite://{}\"\nbase_path = \"/wsapogee/services\"\ndemo = true\n[limits]\nmax_depth = 32\n",
            dir.path().join("c.db").display()
        ),
    )
    .unwrap();
    let (mut child, addr, _) = serve(dir.path(), &["--config", cfg.to_str().unwrap()]);
    let resp = http(&addr, "GET /wsapogee/services/GeographieMetier?wsdl HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n");
    assert!(resp.starts_with("HTTP/1.1 200"), "{resp}");
    assert!(resp.contains("location=\"http://h/wsapogee/services/GeographieMetier\""));
    kill(&child, "-INT");
    assert!(wait_exit(&mut child, Duration::from_secs(10)).success());

    // A password in a PostgreSQL URL never reaches the logs, even when the
    // connection fails.
    let out = bin()
        .args([
            "migrate",
            "--database",
            "postgres://apo:s3cr3t@127.0.0.1:1/apogee?connect_timeout=1",
        ])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("s3cr3t"), "{err}");
}

/// SIGTERM: stop accepting, let the in-flight request finish, exit 0.
#[test]
fn sigterm_finishes_in_flight_requests_then_exits_zero() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("g.db").display());
    let (mut child, addr, _) = serve(
        dir.path(),
        &["--listen", "127.0.0.1:0", "--database", &url, "--demo"],
    );
    let body = r#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><g:recupererPays xmlns:g="gouv.education.apogee.commun.servicesmetiers.GeographieMetier_01082016"><_codePays>100</_codePays><_temoinEnService>O</_temoinEnService></g:recupererPays></s:Body></s:Envelope>"#;
    let (head, tail) = body.split_at(40);
    let mut s = TcpStream::connect(&addr).unwrap();
    s.write_all(format!("POST /services/GeographieMetier HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml\r\nContent-Length: {}\r\n\r\n{head}", body.len()).as_bytes()).unwrap();
    std::thread::sleep(Duration::from_millis(200));
    kill(&child, "-TERM");
    std::thread::sleep(Duration::from_millis(300));
    assert!(
        child.try_wait().unwrap().is_none(),
        "must wait for the in-flight request"
    );
    // New connections are refused once shutdown has begun.
    assert!(TcpStream::connect(&addr).is_err(), "listener still open");
    s.write_all(tail.as_bytes()).unwrap();
    let mut buf = String::new();
    s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    let _ = s.read_to_string(&mut buf);
    assert!(buf.starts_with("HTTP/1.1 200"), "{buf}");
    assert!(buf.contains("<libPay>FRANCE</libPay>"));
    assert!(wait_exit(&mut child, Duration::from_secs(10)).success());
}

/// A log reader that goes away (closed pipe) must not take the server with it.
#[test]
fn server_survives_a_closed_log_pipe() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("l.db").display());
    let mut child = bin()
        .args([
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--database",
            &url,
            "--demo",
        ])
        .current_dir(dir.path())
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let mut reader = BufReader::new(child.stderr.take().unwrap());
    let addr = loop {
        let mut line = String::new();
        assert!(
            reader.read_line(&mut line).unwrap() > 0,
            "server exited early"
        );
        if let Some(pos) = line.find("listen=") {
            break line[pos + 7..]
                .split_whitespace()
                .next()
                .unwrap()
                .to_string();
        }
    };
    drop(reader); // closes the read end of the pipe
    for _ in 0..3 {
        let resp = http(
            &addr,
            "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        );
        assert!(resp.starts_with("HTTP/1.1 200"), "{resp}");
    }
    // Logging on a request (the SOAP path logs each call) must not kill it either.
    let body = r#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><g:recupererPays xmlns:g="gouv.education.apogee.commun.servicesmetiers.GeographieMetier_01082016"><_codePays>100</_codePays><_temoinEnService>O</_temoinEnService></g:recupererPays></s:Body></s:Envelope>"#;
    let resp = http(
        &addr,
        &format!("POST /services/GeographieMetier HTTP/1.1\r\nHost: x\r\nContent-Type: text/xml\r\nConnection: close\r\nContent-Length: {}\r\n\r\n{body}", body.len()),
    );
    assert!(resp.starts_with("HTTP/1.1 200"), "{resp}");
    assert!(child.try_wait().unwrap().is_none(), "the server died");
    kill(&child, "-TERM");
    assert!(wait_exit(&mut child, Duration::from_secs(10)).success());
}

#[test]
fn client_hash_secret_reads_stdin_and_prints_an_argon2id_hash() {
    use std::io::Write;
    let mut child = bin()
        .args(["client", "hash-secret"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(b"s3cret\n").unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let hash = String::from_utf8(out.stdout).unwrap();
    assert!(hash.starts_with("$argon2id$"), "{hash}");
    assert!(!hash.contains("s3cret"));
    assert!(passerelle::http::auth::verify_secret(hash.trim(), "s3cret"));
}
