//! The admin pages in a real browser: Debian's headless Chromium driven over
//! WebDriver (chromedriver), against a server with the demo data, an OPI with
//! wishes and laissez-passer, and a rejected call in the journal. Asserts the
//! text a registrar sees on each page and saves screenshots under
//! `target/admin-screenshots/`.
//!
//! `#[ignore]`d: needs `scripts/install-browser.sh`, then
//! `cargo test --test admin_browser -- --ignored`.
//!
//! The WebDriver protocol is a handful of JSON calls; they are made with
//! reqwest (already a dev-dependency) instead of a WebDriver crate.

mod common;

use common::admin::app_with_data;
use common::Backend;
use serde_json::{json, Value};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

struct Driver {
    child: Child,
    base: String,
    http: reqwest::Client,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl Driver {
    async fn start() -> Driver {
        let port = free_port();
        let child = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver (run scripts/install-browser.sh)");
        let d = Driver {
            child,
            base: format!("http://127.0.0.1:{port}"),
            http: reqwest::Client::new(),
        };
        for _ in 0..100 {
            if let Ok(r) = d.http.get(format!("{}/status", d.base)).send().await {
                if r.status().is_success() {
                    return d;
                }
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("chromedriver did not start");
    }

    async fn call(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> Value {
        let mut req = self.http.request(method, format!("{}{path}", self.base));
        if let Some(b) = body {
            req = req
                .header("content-type", "application/json")
                .body(b.to_string());
        }
        let r = req.send().await.expect("webdriver call");
        let status = r.status();
        let v: Value = serde_json::from_str(&r.text().await.expect("webdriver answer"))
            .expect("webdriver JSON");
        assert!(status.is_success(), "{path}: {status} {v}");
        v["value"].clone()
    }

    async fn session(&self) -> Session<'_> {
        let binary = ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
            .into_iter()
            .find(|p| std::path::Path::new(p).exists())
            .unwrap_or("chromium");
        let v = self
            .call(
                reqwest::Method::POST,
                "/session",
                Some(json!({"capabilities": {"alwaysMatch": {
                    "browserName": "chrome",
                    "goog:chromeOptions": {
                        "binary": binary,
                        "args": ["--headless=new", "--no-sandbox", "--disable-gpu",
                                 "--disable-dev-shm-usage", "--window-size=1366,1000", "--lang=fr-FR"]
                    }
                }}})),
            )
            .await;
        Session {
            d: self,
            id: v["sessionId"].as_str().expect("session id").to_string(),
        }
    }
}

struct Session<'a> {
    d: &'a Driver,
    id: String,
}

impl Session<'_> {
    async fn goto(&self, url: &str) {
        self.d
            .call(
                reqwest::Method::POST,
                &format!("/session/{}/url", self.id),
                Some(json!({ "url": url })),
            )
            .await;
    }

    async fn find(&self, css: &str) -> String {
        let v = self
            .d
            .call(
                reqwest::Method::POST,
                &format!("/session/{}/element", self.id),
                Some(json!({"using": "css selector", "value": css})),
            )
            .await;
        v.as_object()
            .and_then(|o| o.values().next())
            .and_then(Value::as_str)
            .expect("element id")
            .to_string()
    }

    /// The visible text of the first element matching `css`.
    async fn text(&self, css: &str) -> String {
        let e = self.find(css).await;
        self.d
            .call(
                reqwest::Method::GET,
                &format!("/session/{}/element/{e}/text", self.id),
                None,
            )
            .await
            .as_str()
            .unwrap_or("")
            .to_string()
    }

    async fn title(&self) -> String {
        self.d
            .call(
                reqwest::Method::GET,
                &format!("/session/{}/title", self.id),
                None,
            )
            .await
            .as_str()
            .unwrap_or("")
            .to_string()
    }

    async fn screenshot(&self, name: &str) -> PathBuf {
        use base64::Engine;
        let v = self
            .d
            .call(
                reqwest::Method::GET,
                &format!("/session/{}/screenshot", self.id),
                None,
            )
            .await;
        let png = base64::engine::general_purpose::STANDARD
            .decode(v.as_str().expect("base64 PNG"))
            .unwrap();
        assert!(png.starts_with(b"\x89PNG"));
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/admin-screenshots");
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(format!("{name}.png"));
        std::fs::write(&path, png).unwrap();
        path
    }

    async fn close(self) {
        self.d
            .call(
                reqwest::Method::DELETE,
                &format!("/session/{}", self.id),
                None,
            )
            .await;
    }
}

fn has(text: &str, what: &[&str]) {
    for w in what {
        assert!(text.contains(w), "the page does not show « {w} »:\n{text}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs chromium and chromedriver: scripts/install-browser.sh"]
async fn a_registrar_reads_every_admin_page_in_chromium() {
    let app = app_with_data(Backend::Sqlite).await;
    let driver = Driver::start().await;
    let s = driver.session().await;

    s.goto(&app.url("/admin")).await;
    assert!(s.title().await.contains("Tableau de bord"));
    let body = s.text("body").await;
    has(
        &body,
        &[
            "Tableau de bord",
            "Appels par service et opération",
            "Taux d'erreur",
            "Latence p50 (ms)",
            "LaissezPasserMetier",
            "mettreajourDonneesOpi_v10",
            "Derniers rejets",
            "technical.parameter.noncoherentinput.codEtp",
            "codOpiIntEpo=ADM0000002",
        ],
    );
    s.screenshot("1-tableau-de-bord").await;

    s.goto(&app.url("/admin/opi?q=elodie")).await;
    has(
        &s.text("table.hits").await,
        &["ADM0000001", "ADM0000003", "ÉLODIE"],
    );
    s.screenshot("2-recherche-opi").await;

    s.goto(&app.url("/admin/opi?q=lefevre%20elodie")).await;
    assert!(s.title().await.contains("OPI ADM0000001"));
    let access = s.text("table.access").await;
    has(
        &access,
        &[
            "L1INF",
            "Laissez-passer 2026",
            "le vœu OPI sur cette étape est écarté : le laissez-passer prime",
            "L1DRT",
            "Vœu OPI (centre DR1)",
            "M1INF",
        ],
    );
    has(
        &s.text("table.voeux").await,
        &["L1 Informatique", "L1 Droit"],
    );
    has(&s.text("table.lp").await, &["IAPRIMO", "dérogation jury"]);
    has(
        &s.text("table.individu").await,
        &["Nom patronymique", "LEFÈVRE", "14/03/2006"],
    );
    s.screenshot("3-dossier-opi").await;

    s.goto(&app.url("/admin/offre")).await;
    // Folded: the diplomas are visible, the ELPs are not.
    let folded = s.text("main").await;
    has(&folded, &["Diplôme LINF"]);
    assert!(!folded.contains("ELP "), "{folded}");
    s.goto(&app.url("/admin/offre?tout=1")).await;
    has(
        &s.text("main").await,
        &[
            "Diplôme LINF",
            "Étape L1INF — Licence 1re année Informatique",
            "VET L1INF / 101",
            "Liste ",
            "ELP ",
        ],
    );
    s.screenshot("4-offre-de-formation").await;

    s.goto(&app.url("/admin/journal?erreurs=1")).await;
    let journal = s.text("table.journal").await;
    has(
        &journal,
        &[
            "technical.parameter.noncoherentinput.codEtp",
            "voeux/item[1]/codEtp",
            "codOpiIntEpo=ADM0000002",
        ],
    );
    assert!(
        !journal.contains("LEFÈVRE"),
        "no personal data in the journal"
    );
    s.screenshot("5-journal").await;

    s.close().await;
}
