//! Client accounts in the database (`passerelle client add|list|disable|enable|
//! rotate-secret`, docs/SECURITY.md), on SQLite and PostgreSQL: the real binary
//! for the CLI and the server, calls over HTTP, and the secret looked for in the
//! server's log and in the database files / every table's rows.

mod common;

use common::{backends, envelope11, op, Backend, FreshDb, GEO_NS};
use std::io::Write;
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
    c.env("RUST_LOG", "debug");
    c
}

/// Runs `passerelle client …` (stdin optional); (status, stdout, stderr).
fn cli(args: &[&str], stdin: Option<&str>) -> (bool, String, String) {
    let mut child = bin()
        .arg("client")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    {
        let mut i = child.stdin.take().unwrap();
        if let Some(s) = stdin {
            i.write_all(s.as_bytes()).unwrap();
        }
    }
    let out = child.wait_with_output().unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// `passerelle serve` with its log (stderr, RUST_LOG=debug) going to a file.
struct Served {
    child: Child,
    addr: String,
    log: std::path::PathBuf,
}

impl Served {
    fn start(url: &str, config: &std::path::Path, dir: &std::path::Path) -> Served {
        let log = dir.join("server.log");
        let child = bin()
            .args([
                "serve",
                "--demo",
                "--listen",
                "127.0.0.1:0",
                "--database",
                url,
                "--config",
            ])
            .arg(config)
            .current_dir(dir)
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log).unwrap())
            .spawn()
            .unwrap();
        let deadline = Instant::now() + Duration::from_secs(30);
        let addr = loop {
            let text = std::fs::read_to_string(&log).unwrap_or_default();
            if let Some(pos) = text.find("listen=") {
                break text[pos + 7..]
                    .split_whitespace()
                    .next()
                    .unwrap()
                    .to_string();
            }
            assert!(Instant::now() < deadline, "server did not start: {text}");
            std::thread::sleep(Duration::from_millis(50));
        };
        Served { child, addr, log }
    }

    fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap()
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn call(addr: &str, port: &str, user: &str, secret: &str) -> u16 {
    let body = if port == "OpiMetier" {
        envelope11(&op(common::opi::OPI_NS, "mettreajourDonneesOpi_v10", ""))
    } else {
        envelope11(&op(
            GEO_NS,
            "recupererPays",
            "<_codePays>100</_codePays><_temoinEnService>T</_temoinEnService>",
        ))
    };
    reqwest::Client::new()
        .post(format!("http://{addr}/services/{port}"))
        .header("content-type", "text/xml; charset=utf-8")
        .basic_auth(user, Some(secret))
        .body(body)
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

/// Polls until `call` gives `want` (the server re-reads accounts every 0.3 s here).
async fn eventually(addr: &str, user: &str, secret: &str, want: u16) {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let got = call(addr, "GeographieMetier", user, secret).await;
        if got == want {
            return;
        }
        assert!(Instant::now() < deadline, "{user}: got {got}, want {want}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Every table's rows as text: PostgreSQL `row::text`; SQLite the file and its WAL.
async fn database_text(backend: Backend, url: &str) -> String {
    match backend {
        Backend::Sqlite => {
            let path = url.strip_prefix("sqlite://").unwrap();
            let mut all = Vec::new();
            for suffix in ["", "-wal", "-shm", "-journal"] {
                if let Ok(b) = std::fs::read(format!("{path}{suffix}")) {
                    all.extend(b);
                }
            }
            // Also every row through SQL, in case of page compression one day.
            let c = rusqlite::Connection::open(path).unwrap();
            let tables: Vec<String> = c
                .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
                .unwrap()
                .query_map([], |r| r.get(0))
                .unwrap()
                .map(Result::unwrap)
                .collect();
            for t in tables {
                let mut st = c.prepare(&format!("SELECT * FROM \"{t}\"")).unwrap();
                let n = st.column_count();
                let mut rows = st.query([]).unwrap();
                while let Some(r) = rows.next().unwrap() {
                    for i in 0..n {
                        if let Ok(rusqlite::types::ValueRef::Text(b)) = r.get_ref(i) {
                            all.extend_from_slice(b);
                            all.push(b'\n');
                        }
                    }
                }
            }
            String::from_utf8_lossy(&all).into_owned()
        }
        Backend::Postgres => {
            let (c, conn) = tokio_postgres::connect(url, tokio_postgres::NoTls)
                .await
                .unwrap();
            tokio::spawn(conn);
            let tables = c
                .query(
                    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'",
                    &[],
                )
                .await
                .unwrap();
            let mut all = String::new();
            for t in tables {
                let name: String = t.get(0);
                for r in c
                    .query(&format!("SELECT t::text FROM \"{name}\" t"), &[])
                    .await
                    .unwrap()
                {
                    all.push_str(r.get::<_, &str>(0));
                    all.push('\n');
                }
            }
            all
        }
    }
}

#[tokio::test]
async fn accounts_managed_from_the_cli_apply_without_restart_and_never_leak() {
    for backend in backends() {
        let db = FreshDb::new(backend, "passerelle_clients", "clients.db").await;
        let url = db.url.as_str();
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join("passerelle.toml");
        // "filed" is also added to the database below: the file's account wins.
        let filed_hash = passerelle::http::auth::hash_secret("file-secret-123").unwrap();
        std::fs::write(
            &config,
            format!(
                "[auth]\nrefresh_secs = 0.3\nrate_per_sec = 0.0\n[[auth.clients]]\nname = \"filed\"\nsecret_hash = \"{filed_hash}\"\nservices = [\"*\"]\n"
            ),
        )
        .unwrap();

        // add: generated secret printed once on stdout.
        let (ok, out, err) = cli(
            &[
                "add",
                "app",
                "--services",
                "GeographieMetier",
                "--database",
                url,
            ],
            None,
        );
        assert!(ok, "{err}");
        let secret = out.trim().to_string();
        assert_eq!(secret.len(), 43, "{out}");
        assert!(!err.contains(&secret));
        // add with the secret from stdin; a second add of the same name fails.
        let chosen = "chosen-secret-0123456789";
        let (ok, out, err) = cli(
            &[
                "add",
                "ent",
                "--services",
                "*",
                "--secret-stdin",
                "--database",
                url,
            ],
            Some(&format!("{chosen}\n")),
        );
        assert!(ok, "{err}");
        assert!(!out.contains(chosen) && !err.contains(chosen));
        assert!(!cli(&["add", "app", "--services", "*", "--database", url], None).0);
        // Same name as the file's account: refused when the file is given...
        let (ok, _, err) = cli(
            &[
                "add",
                "filed",
                "--services",
                "*",
                "--database",
                url,
                "--config",
                config.to_str().unwrap(),
            ],
            None,
        );
        assert!(!ok && err.contains("configuration file"), "{err}");
        // ... but can exist if added without it: then the file's account wins.
        let (ok, db_filed_secret, _) = cli(
            &["add", "filed", "--services", "*", "--database", url],
            None,
        );
        assert!(ok);
        let db_filed_secret = db_filed_secret.trim().to_string();

        let srv = Served::start(url, &config, dir.path());
        let addr = srv.addr.clone();
        assert_eq!(call(&addr, "GeographieMetier", "app", &secret).await, 200);
        assert_eq!(call(&addr, "GeographieMetier", "app", "wrong").await, 401);
        assert_eq!(call(&addr, "GeographieMetier", "ent", chosen).await, 200);
        // Rights from the database: app may only call GeographieMetier.
        assert_eq!(call(&addr, "OpiMetier", "app", &secret).await, 403);
        assert_eq!(
            call(&addr, "GeographieMetier", "filed", "file-secret-123").await,
            200
        );
        assert_eq!(
            call(&addr, "GeographieMetier", "filed", &db_filed_secret).await,
            401
        );

        // list: names, never hashes or secrets.
        let (ok, out, _) = cli(
            &[
                "list",
                "--database",
                url,
                "--config",
                config.to_str().unwrap(),
            ],
            None,
        );
        assert!(ok);
        assert!(
            out.contains("app\tdatabase\ttrue\tGeographieMetier"),
            "{out}"
        );
        assert!(out.contains("filed\tdatabase (hidden by config)"), "{out}");
        assert!(out.contains("filed\tconfig"), "{out}");
        assert!(!out.contains("argon2") && !out.contains(&secret));

        // disable → 401 without restart (the cache of a success does not keep it in).
        assert!(cli(&["disable", "app", "--database", url], None).0);
        eventually(&addr, "app", &secret, 401).await;
        assert!(cli(&["enable", "app", "--database", url], None).0);
        eventually(&addr, "app", &secret, 200).await;
        assert!(!cli(&["disable", "nobody", "--database", url], None).0);

        // rotate-secret: the new one works, the old one stops.
        let (ok, out, _) = cli(&["rotate-secret", "app", "--database", url], None);
        assert!(ok);
        let rotated = out.trim().to_string();
        assert_ne!(rotated, secret);
        eventually(&addr, "app", &rotated, 200).await;
        assert_eq!(call(&addr, "GeographieMetier", "app", &secret).await, 401);
        let new_chosen = "another-chosen-secret-42";
        assert!(
            cli(
                &["rotate-secret", "ent", "--secret-stdin", "--database", url],
                Some(&format!("{new_chosen}\n"))
            )
            .0
        );
        eventually(&addr, "ent", new_chosen, 200).await;
        // Too short a secret on stdin is refused.
        assert!(
            !cli(
                &["rotate-secret", "ent", "--secret-stdin", "--database", url],
                Some("short\n")
            )
            .0
        );

        // No secret, in clear, in the server's log nor anywhere in the database.
        let log = srv.log();
        assert!(log.contains("authentication failed"), "the log is captured");
        let text = database_text(backend, url).await;
        assert!(text.contains("$argon2id$"), "the scan sees the hashes");
        for s in [
            secret.as_str(),
            chosen,
            rotated.as_str(),
            new_chosen,
            db_filed_secret.as_str(),
            "file-secret-123",
        ] {
            assert!(!log.contains(s), "{backend:?}: a secret is in the log");
            assert!(
                !text.contains(s),
                "{backend:?}: a secret is in the database"
            );
        }
        drop(srv);
    }
}
