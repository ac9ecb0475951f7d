//! Running the real SOAP clients of the interoperability tests: Python's zeep
//! (from the venv named by `PASSERELLE_VENV`, default `<repo>/.venv`) and PHP's
//! `SoapClient` (the binary named by `PASSERELLE_PHP`, default `php`), each on a
//! script of `tests/interop/` that prints what it did as JSON.
//!
//! A missing client is a failure, not a skip: every panic names the way out.

use super::TestApp;
use serde_json::Value;
use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

pub const CLIENT_TIMEOUT: Duration = Duration::from_secs(120);

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// AMUE's original concrete WSDL `file` (it imports `abstract/…` and
/// `schemas/…`), as a canonical UTF-8 path: in `../shared/reference/` beside
/// the repository, or in `$PASSERELLE_REFERENCE` (the `reference` folder)
/// when set (a git worktree elsewhere).
pub fn amue_wsdl(file: &str) -> String {
    let reference = std::env::var_os("PASSERELLE_REFERENCE")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| repo().join("../shared/reference"));
    let p = reference.join("apogee-wsdl/wsdl").join(file);
    assert!(
        p.is_file(),
        "AMUE's reference WSDL is missing at {} (the shared/ folder beside the repository, or PASSERELLE_REFERENCE=…/shared/reference)",
        p.display()
    );
    p.canonicalize()
        .expect("canonical path of AMUE's WSDL")
        .to_str()
        .expect("UTF-8 path")
        .to_string()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Client {
    Zeep,
    Php,
}

impl Client {
    pub fn name(self) -> &'static str {
        match self {
            Client::Zeep => "zeep",
            Client::Php => "PHP SoapClient",
        }
    }

    pub fn program(self) -> PathBuf {
        match self {
            Client::Zeep => std::env::var_os("PASSERELLE_VENV")
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
                .unwrap_or_else(|| repo().join(".venv"))
                .join("bin")
                .join("python"),
            Client::Php => std::env::var_os("PASSERELLE_PHP")
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
                .unwrap_or_else(|| PathBuf::from("php")),
        }
    }

    /// Panics, with the way out (`install_hint`), when the client is not installed.
    pub fn ensure_installed(self, install_hint: &str) {
        let program = self.program();
        let (args, what): (&[&str], &str) = match self {
            Client::Zeep => (
                &["-c", "import zeep; print(zeep.__version__)"],
                "zeep in the venv",
            ),
            Client::Php => (
                &["-r", "exit(extension_loaded('soap') ? 0 : 3);"],
                "php with the soap extension",
            ),
        };
        match Command::new(&program)
            .args(args)
            .stdin(Stdio::null())
            .output()
        {
            Ok(o) if o.status.success() => {}
            Ok(o) => panic!(
                "{} is not usable: `{} {}` exited with {} ({}).\nNeeded: {what}; {install_hint}",
                self.name(),
                program.display(),
                args.join(" "),
                o.status,
                String::from_utf8_lossy(&o.stderr).trim()
            ),
            Err(e) => panic!(
                "{} is not installed: cannot run {} ({e}).\nNeeded: {what}; {install_hint}",
                self.name(),
                program.display()
            ),
        }
    }
}

/// The client scripts of one test file, and how to get them running.
pub struct Scripts {
    /// The zeep script in `tests/interop/`.
    pub zeep: &'static str,
    /// The PHP script in `tests/interop/`.
    pub php: &'static str,
    /// What to do when a client is missing.
    pub install_hint: &'static str,
}

/// What one run of a client script printed.
pub struct Output {
    /// « <client> on <wsdl> (endpoint <address>) », for messages.
    pub what: String,
    pub stdout: String,
    pub json: Value,
}

impl Output {
    /// A field of the JSON, which must be there.
    pub fn field(&self, name: &str) -> Value {
        self.json
            .get(name)
            .cloned()
            .unwrap_or_else(|| panic!("{}: no `{name}` in {}", self.what, self.stdout))
    }

    /// A JSON object of strings (call → envelope), which must be there.
    pub fn string_map(&self, field: &str) -> BTreeMap<String, String> {
        match self.json.get(field) {
            Some(Value::Object(m)) => m
                .iter()
                .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_string()))
                .collect(),
            _ => panic!("{}: no `{field}` in {}", self.what, self.stdout),
        }
    }

    /// The endpoint the client called, when it tells it.
    pub fn address(&self) -> Option<String> {
        self.json
            .get("address")
            .and_then(Value::as_str)
            .map(str::to_string)
    }
}

impl Scripts {
    pub fn script(&self, client: Client) -> PathBuf {
        repo().join("tests/interop").join(match client {
            Client::Zeep => self.zeep,
            Client::Php => self.php,
        })
    }

    /// Runs `client`'s script on `wsdl` (URL or file), then `args`, then
    /// `address` overriding the endpoint; panics unless it succeeds and prints
    /// JSON.
    pub async fn run(
        &self,
        client: Client,
        wsdl: &str,
        args: &[&OsStr],
        address: Option<&str>,
    ) -> Output {
        client.ensure_installed(self.install_hint);
        let mut cmd = Command::new(client.program());
        cmd.arg(self.script(client)).arg(wsdl).args(args);
        if let Some(a) = address {
            cmd.arg(a);
        }
        // The test server is on the loopback: no proxy may stand in the way.
        for v in [
            "http_proxy",
            "HTTP_PROXY",
            "https_proxy",
            "HTTPS_PROXY",
            "all_proxy",
            "ALL_PROXY",
        ] {
            cmd.env_remove(v);
        }
        cmd.env("NO_PROXY", "127.0.0.1,localhost,::1")
            .env("PYTHONIOENCODING", "utf-8")
            .env("PYTHONDONTWRITEBYTECODE", "1")
            .current_dir(repo().join("tests/interop"));
        let what = format!(
            "{} on {wsdl}{}",
            client.name(),
            address
                .map(|a| format!(" (endpoint {a})"))
                .unwrap_or_default()
        );
        // The server answers on this runtime's workers; the client waits on a
        // blocking thread of its own.
        let what2 = what.clone();
        let hint = self.install_hint;
        let (ok, stdout, stderr) =
            tokio::task::spawn_blocking(move || run_with_timeout(cmd, &what2, hint))
                .await
                .expect("client thread");
        if !ok {
            let last = stderr
                .lines()
                .rev()
                .find(|l| !l.trim().is_empty())
                .unwrap_or("(no message)");
            panic!("{what} failed: {last}\n--- stderr ---\n{stderr}\n--- stdout ---\n{stdout}");
        }
        let json: Value = serde_json::from_str(&stdout).unwrap_or_else(|e| {
            panic!("{what} printed no valid JSON ({e}):\n{stdout}\n--- stderr ---\n{stderr}")
        });
        Output { what, stdout, json }
    }
}

/// Runs `cmd` to completion or kills it after [`CLIENT_TIMEOUT`]; stdout and
/// stderr go through files so that no pipe can fill up.
pub fn run_with_timeout(cmd: Command, what: &str, install_hint: &str) -> (bool, String, String) {
    run_with_deadline(cmd, what, install_hint, CLIENT_TIMEOUT)
}

/// [`run_with_timeout`] with another time limit (a build, say).
pub fn run_with_deadline(
    mut cmd: Command,
    what: &str,
    install_hint: &str,
    timeout: Duration,
) -> (bool, String, String) {
    let dir = tempfile::tempdir().expect("temp dir");
    let out_path = dir.path().join("stdout");
    let err_path = dir.path().join("stderr");
    cmd.stdin(Stdio::null())
        .stdout(std::fs::File::create(&out_path).expect("stdout file"))
        .stderr(std::fs::File::create(&err_path).expect("stderr file"));
    let mut child = cmd
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {what}: {e}; {install_hint}"));
    let deadline = Instant::now() + timeout;
    let status = loop {
        match child.try_wait().expect("wait for the client") {
            Some(s) => break s,
            None if Instant::now() >= deadline => {
                let _ = child.kill();
                let _ = child.wait();
                let err = std::fs::read_to_string(&err_path).unwrap_or_default();
                panic!("{what} did not finish within {timeout:?}; stderr:\n{err}");
            }
            None => std::thread::sleep(Duration::from_millis(20)),
        }
    };
    let stdout = String::from_utf8(std::fs::read(&out_path).expect("read stdout"))
        .unwrap_or_else(|e| panic!("{what} printed something that is not UTF-8: {e}"));
    let stderr =
        String::from_utf8_lossy(&std::fs::read(&err_path).unwrap_or_default()).into_owned();
    (status.success(), stdout, stderr)
}

/// GETs `<port>?wsdl` from `app` (it must answer 200); the service URL and
/// the WSDL served.
pub async fn served_wsdl(app: &TestApp, port: &str) -> (String, String) {
    let service = app.service_url(port);
    let path = format!("{}/{port}?wsdl", app.config.base_path.trim_end_matches('/'));
    let wsdl = app.get(&path).await;
    assert_eq!(wsdl.status, 200, "GET ?wsdl: {}", wsdl.body);
    (service, wsdl.body)
}

/// The served WSDL's `soap:address` must lead back to `service`.
pub fn assert_points_back(wsdl: &str, service: &str) {
    assert_eq!(
        soap_address(wsdl).as_deref(),
        Some(service),
        "the served WSDL's soap:address must point back at the server that served it"
    );
}

/// A client given the served WSDL must call the address written in it.
pub fn assert_endpoint_from_served_wsdl(client: Client, address: Option<&str>, service: &str) {
    if let Some(addr) = address {
        assert_eq!(
            addr,
            service,
            "{} took its endpoint from the served WSDL",
            client.name()
        );
    }
}

/// `location` of the first `soap:address` (crude but sufficient).
pub fn soap_address(wsdl: &str) -> Option<String> {
    let i = wsdl.find(":address ")?;
    let rest = &wsdl[i..];
    let j = rest.find("location=\"")? + "location=\"".len();
    let k = rest[j..].find('"')?;
    Some(rest[j..j + k].replace("&amp;", "&"))
}
