//! `TestApp`: a real Passerelle server on port 0 with a fresh database, spoken to
//! over HTTP. SQLite always; PostgreSQL too when `PASSERELLE_TEST_POSTGRES_URL`
//! is set (each app gets its own database, dropped afterwards).
#![allow(dead_code)]

pub mod admin;
pub mod etudiant;
pub mod etudiant_ins;
pub mod interop;
pub mod offre;
pub mod opi;

use passerelle::{Config, Server};
use std::sync::atomic::{AtomicUsize, Ordering};

pub const GEO_NS: &str = "gouv.education.apogee.commun.servicesmetiers.GeographieMetier_01082016";
pub const SOAP11: &str = "http://schemas.xmlsoap.org/soap/envelope/";
pub const SOAP12: &str = "http://www.w3.org/2003/05/soap-envelope";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The back-ends store tests run on: SQLite always, PostgreSQL when configured.
pub fn backends() -> Vec<Backend> {
    let mut v = vec![Backend::Sqlite];
    if pg_admin_url().is_some() {
        v.push(Backend::Postgres);
    }
    v
}

pub fn pg_admin_url() -> Option<String> {
    std::env::var("PASSERELLE_TEST_POSTGRES_URL")
        .ok()
        .filter(|s| !s.is_empty())
}

static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// A fresh, empty database on `backend`, removed when dropped: a SQLite file
/// `sqlite_file` in a temporary directory, or a PostgreSQL database of its own
/// named `<prefix>_<pid>_<n>_<nanos>` (dropped `WITH (FORCE)` afterwards).
pub struct FreshDb {
    pub url: String,
    _dir: tempfile::TempDir,
    pg_db: Option<(String, String)>,
}

impl FreshDb {
    pub async fn new(backend: Backend, prefix: &str, sqlite_file: &str) -> FreshDb {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut pg_db = None;
        let url = match backend {
            Backend::Sqlite => format!("sqlite://{}", dir.path().join(sqlite_file).display()),
            Backend::Postgres => {
                let admin = pg_admin_url().expect("PASSERELLE_TEST_POSTGRES_URL");
                let name = format!(
                    "{prefix}_{}_{}_{}",
                    std::process::id(),
                    COUNTER.fetch_add(1, Ordering::SeqCst),
                    std::time::SystemTime::now()
                        .duration_since(std::time::UNIX_EPOCH)
                        .unwrap()
                        .subsec_nanos()
                );
                let (client, conn) = tokio_postgres::connect(&admin, tokio_postgres::NoTls)
                    .await
                    .unwrap_or_else(|e| panic!("cannot reach PostgreSQL at {admin}: {e}"));
                tokio::spawn(conn);
                client
                    .batch_execute(&format!("CREATE DATABASE {name}"))
                    .await
                    .expect("create test database");
                let mut url: url::Url = admin.parse().expect("postgres URL");
                url.set_path(&format!("/{name}"));
                pg_db = Some((admin, name));
                url.to_string()
            }
        };
        FreshDb {
            url,
            _dir: dir,
            pg_db,
        }
    }
}

impl FreshDb {
    /// The temporary directory of this database (holds the SQLite file; a
    /// `TestApp` puts its document store `pj/` there too).
    pub fn dir(&self) -> &std::path::Path {
        self._dir.path()
    }
}

impl Drop for FreshDb {
    fn drop(&mut self) {
        if let Some((admin, name)) = self.pg_db.take() {
            // Drop the database from a thread of its own: Drop cannot await.
            let _ = std::thread::spawn(move || {
                let rt = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .unwrap();
                rt.block_on(async move {
                    if let Ok((c, conn)) =
                        tokio_postgres::connect(&admin, tokio_postgres::NoTls).await
                    {
                        tokio::spawn(conn);
                        let _ = c
                            .batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                            .await;
                    }
                });
            })
            .join();
        }
    }
}

pub struct TestApp {
    pub addr: std::net::SocketAddr,
    pub backend: Backend,
    pub client: reqwest::Client,
    pub config: Config,
    server: Option<Server>,
    /// Last, so that the server stops before its database goes.
    _db: FreshDb,
}

pub struct Reply {
    pub status: u16,
    pub content_type: String,
    pub headers: reqwest::header::HeaderMap,
    pub body: String,
}

impl Reply {
    /// The text of the first element with this local name (any prefix).
    pub fn text_of(&self, local: &str) -> Option<String> {
        text_of(&self.body, local)
    }
    /// The fault string (1.1 `faultstring`, 1.2 `Reason/Text`).
    pub fn fault_string(&self) -> Option<String> {
        self.text_of("faultstring").or_else(|| self.text_of("Text"))
    }
    pub fn count(&self, local: &str) -> usize {
        self.body.matches(&format!("<{local}>")).count()
    }
}

/// Crude but sufficient for assertions: the text of the first `<local>` or `<p:local>`.
pub fn text_of(body: &str, local: &str) -> Option<String> {
    let mut i = 0;
    while let Some(pos) = body[i..].find('<') {
        let start = i + pos + 1;
        let end = start + body[start..].find('>')?;
        let tag = &body[start..end];
        let name = tag.split_whitespace().next().unwrap_or("");
        let lname = name.rsplit(':').next().unwrap_or(name);
        if lname == local && !tag.starts_with('/') && !tag.ends_with('/') {
            let close = body[end + 1..].find("</")? + end + 1;
            return Some(body[end + 1..close].to_string());
        }
        i = end + 1;
    }
    None
}

pub fn envelope11(body: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="{SOAP11}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><soapenv:Header/><soapenv:Body>{body}</soapenv:Body></soapenv:Envelope>"#
    )
}

pub fn envelope12(body: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><env:Envelope xmlns:env="{SOAP12}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><env:Body>{body}</env:Body></env:Envelope>"#
    )
}

/// `<ns1:op xmlns:ns1="ns">children</ns1:op>`
pub fn op(ns: &str, name: &str, children: &str) -> String {
    format!(r#"<ns1:{name} xmlns:ns1="{ns}">{children}</ns1:{name}>"#)
}

impl TestApp {
    /// A server with demo data on `backend`.
    pub async fn spawn(backend: Backend) -> TestApp {
        Self::spawn_with(backend, |_| {}).await
    }

    /// A server with demo data on `backend`, after `tweak` adjusted the config.
    pub async fn spawn_with(backend: Backend, tweak: impl FnOnce(&mut Config)) -> TestApp {
        let mut config = Config {
            listen: "127.0.0.1:0".into(),
            demo: true,
            ..Config::default()
        };
        let db = FreshDb::new(backend, "passerelle_test", "test.db").await;
        config.database_url = db.url.clone();
        // A document store of its own: parallel servers sharing ./pj would
        // sweep each other's spool files at start-up.
        config.pj.dir = db.dir().join("pj").display().to_string();
        tweak(&mut config);
        let server = passerelle::start(config.clone())
            .await
            .expect("server starts");
        let addr = server.local_addr();
        TestApp {
            addr,
            backend,
            client: reqwest::Client::builder()
                .pool_max_idle_per_host(0)
                .build()
                .unwrap(),
            config,
            server: Some(server),
            _db: db,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    pub fn service_url(&self, port: &str) -> String {
        self.url(&format!(
            "{}/{}",
            self.config.base_path.trim_end_matches('/'),
            port
        ))
    }

    /// POSTs raw bytes with a Content-Type to a path.
    pub async fn post(
        &self,
        path: &str,
        content_type: &str,
        body: impl Into<reqwest::Body>,
    ) -> Reply {
        let r = self
            .client
            .post(self.url(path))
            .header("content-type", content_type)
            .header("soapaction", "\"\"")
            .body(body)
            .send()
            .await
            .expect("request sent");
        Self::reply(r).await
    }

    pub async fn get(&self, path: &str) -> Reply {
        let r = self
            .client
            .get(self.url(path))
            .send()
            .await
            .expect("request sent");
        Self::reply(r).await
    }

    async fn reply(r: reqwest::Response) -> Reply {
        let status = r.status().as_u16();
        let headers = r.headers().clone();
        let content_type = headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string();
        let body = r.text().await.expect("body");
        Reply {
            status,
            content_type,
            headers,
            body,
        }
    }

    /// A SOAP 1.1 call to `port` whose Body holds `body`.
    pub async fn soap11(&self, port: &str, body: &str) -> Reply {
        let path = format!("{}/{}", self.config.base_path.trim_end_matches('/'), port);
        self.post(&path, "text/xml; charset=utf-8", envelope11(body))
            .await
    }

    /// A SOAP 1.2 call to `port` whose Body holds `body`.
    pub async fn soap12(&self, port: &str, body: &str) -> Reply {
        let path = format!("{}/{}", self.config.base_path.trim_end_matches('/'), port);
        self.post(
            &path,
            "application/soap+xml; charset=utf-8",
            envelope12(body),
        )
        .await
    }

    /// `recupererPays(_codePays, _temoinEnService)`; `None` sends `xsi:nil`.
    pub async fn recuperer_pays(&self, code: Option<&str>, temoin: &str) -> Reply {
        let code = match code {
            Some(c) => format!("<_codePays>{c}</_codePays>"),
            None => "<_codePays xsi:nil=\"true\"/>".into(),
        };
        self.soap11(
            "GeographieMetier",
            &op(
                GEO_NS,
                "recupererPays",
                &format!("{code}<_temoinEnService>{temoin}</_temoinEnService>"),
            ),
        )
        .await
    }

    /// `recupererCommune_v2(cp, com, bd, combd)`.
    pub async fn recuperer_commune_v2(&self, cp: &str, com: &str, bd: &str, combd: &str) -> Reply {
        self.soap11(
            "GeographieMetier",
            &op(
                GEO_NS,
                "recupererCommune_v2",
                &format!("<_codePostal>{cp}</_codePostal><_temoinEnServiceCom>{com}</_temoinEnServiceCom><_temoinEnServiceBD>{bd}</_temoinEnServiceBD><_temoinEnServiceComBD>{combd}</_temoinEnServiceComBD>"),
            ),
        )
        .await
    }

    /// A second handle on the same database, to check what the server wrote.
    pub async fn store(&self) -> std::sync::Arc<dyn passerelle::store::Store> {
        passerelle::store::open(&self.config.database_url, &self.config.database)
            .await
            .expect("open the test database")
    }

    /// Posts an OPI request (any version) as SOAP 1.1.
    pub async fn push_opi(&self, req: &opi::OpiReq) -> Reply {
        self.soap11("OpiMetier", &req.xml()).await
    }

    /// Stops the server gracefully.
    pub async fn stop(&mut self) {
        if let Some(s) = self.server.take() {
            s.shutdown().await;
        }
    }
}

/// A `passerelle serve` child process on `127.0.0.1:0`, killed when dropped.
/// It runs in a temporary directory of its own (its default `pj` directory).
pub struct ServerProcess {
    pub addr: String,
    child: std::process::Child,
    _cwd: tempfile::TempDir,
}

impl ServerProcess {
    pub fn start(database_url: &str) -> ServerProcess {
        use std::io::{BufRead, BufReader};
        let cwd = tempfile::tempdir().expect("temp dir");
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_passerelle"))
            .args([
                "serve",
                "--listen",
                "127.0.0.1:0",
                "--database",
                database_url,
            ])
            .env("RUST_LOG", "info")
            .env_remove("PASSERELLE_CONFIG")
            .current_dir(cwd.path())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("start passerelle");
        let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
        let addr = loop {
            let line = lines.next().expect("server output").expect("utf-8 log");
            if let Some(pos) = line.find("listen=") {
                break line[pos + 7..]
                    .split_whitespace()
                    .next()
                    .unwrap()
                    .to_string();
            }
        };
        // Keep draining the log so the server never blocks on a full pipe.
        std::thread::spawn(move || for _ in lines {});
        ServerProcess {
            addr,
            child,
            _cwd: cwd,
        }
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
