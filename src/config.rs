//! Configuration: defaults, then the TOML file, then environment / command line.
//!
//! Every field of the TOML file is optional; `docs/CONFIGURATION.md` lists them all
//! with their defaults (keep the two in step: `tests/config.rs` parses the example
//! there and compares it with [`Config::default`]).

use serde::Deserialize;
use std::path::Path;
use std::time::Duration;

/// The whole configuration of a running server.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Address to listen on, `host:port`. Port 0 picks a free port.
    pub listen: String,
    /// `sqlite://path` (file created if missing) or `postgres://user@host:port/db`.
    pub database_url: String,
    /// Path prefix under which services are published (`/services`,
    /// `/wsapogee/services`, `/apo-commun-servicesMetiers/services`, …).
    pub base_path: String,
    /// Public URL of the service directory written into served WSDLs, base path
    /// included (`https://apo-ws.univ.fr/wsapogee/services`). When unset, it is
    /// built from the request (`Host`, `X-Forwarded-Proto`, `X-Forwarded-Host`,
    /// `X-Forwarded-Port`) and `base_path`.
    pub public_url: Option<String>,
    /// Load demo data at start-up when the database holds none.
    pub demo: bool,
    pub limits: Limits,
    pub database: DatabaseConfig,
    /// Supporting documents (`PjOpiMetier`).
    pub pj: PjConfig,
    /// Client authentication (`docs/SECURITY.md`).
    pub auth: AuthConfig,
    /// The call journal (`docs/JOURNAL.md`).
    pub journal: JournalConfig,

    /// TLS listener (`docs/SECURITY.md`); plain HTTP when `cert` is unset.
    pub tls: TlsConfig,
    /// The Prometheus endpoint (`[metrics]`).
    pub metrics: MetricsConfig,
    /// Test seam: a streamed answer (`recupererSE_v3`/`_v4`) stops after this
    /// many chunks, as when its encoder fails after the first byte
    /// (`tests/offre_stream.rs`). Not read from TOML.
    #[serde(skip)]
    pub stream_cut_after: Option<usize>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            listen: "127.0.0.1:8080".into(),
            database_url: "sqlite://passerelle.db".into(),
            base_path: "/services".into(),
            public_url: None,
            demo: false,
            limits: Limits::default(),
            database: DatabaseConfig::default(),
            pj: PjConfig::default(),
            auth: AuthConfig::default(),
            journal: JournalConfig::default(),
            tls: TlsConfig::default(),
            metrics: MetricsConfig::default(),
            stream_cut_after: None,
        }
    }
}

/// Limits on what a request may cost. Every one of them is hit by a test in
/// `tests/limits.rs`; the reasons for each default are in `docs/CONFIGURATION.md`.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct Limits {
    /// Largest request body accepted, in bytes (HTTP 413 beyond).
    pub max_body_bytes: usize,
    /// Deepest element nesting, counting the Envelope as 1.
    pub max_depth: usize,
    /// Most child elements under one element.
    pub max_children: usize,
    /// Most elements in one message.
    pub max_elements: usize,
    /// Most attributes (namespace declarations included) on one element.
    pub max_attributes: usize,
    /// Longest text content of one element, in bytes.
    pub max_text_bytes: usize,
    /// Longest attribute value, in bytes.
    pub max_attribute_bytes: usize,
    /// Longest element or attribute name (prefix included), in bytes.
    pub max_name_bytes: usize,
    /// Time allowed to receive the request line and headers, in seconds.
    pub header_read_timeout_secs: f64,
    /// Time allowed to receive the whole body once headers are in, in seconds.
    pub body_read_timeout_secs: f64,
    /// Time allowed for the operation itself (decode, database, encode), in seconds.
    pub handler_timeout_secs: f64,
    /// Requests processed at once by this node; beyond, HTTP 503 with `Retry-After`.
    pub max_in_flight: usize,
    /// Time given to in-flight requests to finish after SIGTERM/SIGINT, in seconds.
    pub shutdown_grace_secs: f64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_body_bytes: 4 * 1024 * 1024,
            max_depth: 64,
            max_children: 10_000,
            max_elements: 200_000,
            max_attributes: 64,
            max_text_bytes: 1024 * 1024,
            max_attribute_bytes: 64 * 1024,
            max_name_bytes: 256,
            header_read_timeout_secs: 10.0,
            body_read_timeout_secs: 30.0,
            handler_timeout_secs: 30.0,
            max_in_flight: 512,
            shutdown_grace_secs: 20.0,
        }
    }
}

impl Limits {
    pub fn header_read_timeout(&self) -> Duration {
        Duration::from_secs_f64(self.header_read_timeout_secs)
    }
    pub fn body_read_timeout(&self) -> Duration {
        Duration::from_secs_f64(self.body_read_timeout_secs)
    }
    pub fn handler_timeout(&self) -> Duration {
        Duration::from_secs_f64(self.handler_timeout_secs)
    }
    pub fn shutdown_grace(&self) -> Duration {
        Duration::from_secs_f64(self.shutdown_grace_secs)
    }
}

/// Connection pool settings, for both back-ends.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct DatabaseConfig {
    /// Connections in the pool (PostgreSQL) or reader connections (SQLite).
    pub pool_size: usize,
    /// How long a request waits for a free connection before a Server fault
    /// `technical.data.transaction.connexion` (HTTP 503), in seconds.
    pub acquire_timeout_secs: f64,
    /// How long opening a new connection may take, in seconds.
    pub connect_timeout_secs: f64,
    /// SQLite `busy_timeout`, in milliseconds.
    pub sqlite_busy_timeout_ms: u64,
    /// How long a version d'étape found by the OPI wish check is remembered, in
    /// seconds (`store::vet_cache`); 0: always read the course structure.
    pub vet_cache_secs: f64,
}

impl Default for DatabaseConfig {
    fn default() -> Self {
        DatabaseConfig {
            pool_size: 16,
            acquire_timeout_secs: 2.0,
            connect_timeout_secs: 5.0,
            sqlite_busy_timeout_ms: 5_000,
            vet_cache_secs: 30.0,
        }
    }
}

impl DatabaseConfig {
    pub fn acquire_timeout(&self) -> Duration {
        Duration::from_secs_f64(self.acquire_timeout_secs)
    }
    pub fn connect_timeout(&self) -> Duration {
        Duration::from_secs_f64(self.connect_timeout_secs)
    }
    pub fn vet_cache(&self) -> Duration {
        Duration::from_secs_f64(self.vet_cache_secs.max(0.0))
    }
}

/// Where the bytes of supporting documents go.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum PjStoreKind {
    /// Files under `pj.dir`, laid out as Apogée does.
    Dir,
    /// A BLOB / BYTEA column (`opi_pj_contenu`).
    Database,
}

/// Supporting documents (`PjOpiMetier`, see `docs/PJ.md`).
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct PjConfig {
    /// Largest document accepted, in bytes (decoded size).
    pub max_document_bytes: u64,
    /// Media types accepted, as sniffed from the first bytes.
    pub allowed_types: Vec<String>,
    /// `dir` or `database`.
    pub store: PjStoreKind,
    /// Root of the document directory (also where uploads are spooled).
    pub dir: String,
    /// Test seam: stop the write at this point as a crash would
    /// (`after_row`: row committed, file not renamed). Not read from TOML.
    #[serde(skip)]
    pub crash_point: Option<String>,
}

impl Default for PjConfig {
    fn default() -> Self {
        PjConfig {
            max_document_bytes: 20 * 1024 * 1024,
            allowed_types: vec![
                "application/pdf".into(),
                "image/jpeg".into(),
                "image/png".into(),
            ],
            store: PjStoreKind::Dir,
            dir: "pj".into(),
            crash_point: None,
        }
    }
}

/// Client authentication (`[auth]`, see `docs/SECURITY.md`).
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct AuthConfig {
    /// Authenticate every SOAP call even when no client is configured (then
    /// every call is refused). When false and `clients` is empty, SOAP calls
    /// are open (the loopback demo); as soon as one client is configured,
    /// every SOAP call must authenticate whatever this says.
    pub required: bool,
    /// `GET ?wsdl` / `.wsdl` and the service list need no credentials.
    pub wsdl_open: bool,
    /// Header carrying `name:secret` (API-gateway style).
    pub api_key_header: String,
    /// The accounts (`[[auth.clients]]`).
    pub clients: Vec<ClientConfig>,
    /// How often the accounts of the database (`passerelle client …`) are
    /// re-read, in seconds: a change made with the CLI applies within this time.
    pub refresh_secs: f64,
    /// Services (port names) that need an authenticated client even when
    /// authentication is otherwise open (the demo mode).
    pub always_required: Vec<String>,
    /// WS-Security `Created`: largest accepted distance from the server's
    /// clock, in seconds (also how long a nonce is remembered).
    pub max_clock_skew_secs: u64,
    /// Requests per second each client may send on average (token bucket); 0: no limit.
    pub rate_per_sec: f64,
    /// Bucket size: requests a client may send in a burst above the rate.
    pub rate_burst: u32,
    /// Requests of one client processed at once; beyond, HTTP 503. 0: no limit.
    pub max_in_flight_per_client: usize,
}

impl Default for AuthConfig {
    fn default() -> Self {
        AuthConfig {
            required: false,
            wsdl_open: true,
            api_key_header: "X-Gravitee-Api-Key".into(),
            clients: Vec::new(),
            refresh_secs: 5.0,
            always_required: vec![
                "EtudiantMetier".into(),
                "AdministratifMetier".into(),
                "PedagogiqueMetier".into(),
            ],
            max_clock_skew_secs: 300,
            rate_per_sec: 100.0,
            rate_burst: 200,
            max_in_flight_per_client: 64,
        }
    }
}

impl AuthConfig {
    /// Whether SOAP calls must carry valid credentials.
    pub fn enforced(&self) -> bool {
        self.required || !self.clients.is_empty()
    }

    /// Refuses what cannot work, when the server starts: a client name that
    /// does not fit the user columns it is recorded in (`cod_uti_cre_lpa`,
    /// `cod_uti_mod_lpa`: at most 30 characters, see docs/LP.md). Names are
    /// refused, not truncated: two long names could otherwise be recorded as
    /// the same user.
    pub fn check(&self) -> Result<(), String> {
        for c in &self.clients {
            if let Some(why) = crate::domain::lp::user_name_error(&c.name) {
                return Err(format!("[[auth.clients]] name: {why}"));
            }
        }
        Ok(())
    }
}

/// One client account (`[[auth.clients]]`).
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct ClientConfig {
    pub name: String,
    /// Argon2id PHC string (`passerelle client hash-secret`); never the secret.
    pub secret_hash: String,
    /// Allowed services: `Port`, `Port.operation` or `*`.
    #[serde(default)]
    pub services: Vec<String>,
    /// May list and download supporting documents (`GET …/PjOpiMetier/documents/…`).
    #[serde(default)]
    pub pj_read: bool,
    #[serde(default = "yes")]
    pub enabled: bool,
    /// Subject CN or DNS/e-mail SAN of the TLS client certificate that
    /// authenticates as this client (mutual TLS).
    #[serde(default)]
    pub cert_cn: Option<String>,
    /// Clear secret used only to check WS-Security `PasswordDigest` tokens
    /// (the digest needs it); keep the file readable by the service only.
    #[serde(default)]
    pub digest_secret: Option<String>,
}

impl Default for ClientConfig {
    fn default() -> Self {
        ClientConfig {
            name: String::new(),
            secret_hash: String::new(),
            services: Vec::new(),
            pj_read: false,
            enabled: true,
            cert_cn: None,
            digest_secret: None,
        }
    }
}

fn yes() -> bool {
    true
}

/// The TLS listener (`[tls]`, or `--tls-cert`/`--tls-key`/`--tls-client-ca`).
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct TlsConfig {
    /// PEM certificate chain; TLS is on when set (with `key`).
    pub cert: Option<String>,
    /// PEM private key (PKCS#8, PKCS#1 or SEC1).
    pub key: Option<String>,
    /// PEM CA certificates: client certificates signed by them are asked for
    /// and mapped to accounts by `cert_cn` (mutual TLS; optional per connection).
    pub client_ca: Option<String>,
    /// How often the files' modification times are checked for a reload, in seconds.
    pub reload_poll_secs: f64,
}

impl Default for TlsConfig {
    fn default() -> Self {
        TlsConfig {
            cert: None,
            key: None,
            client_ca: None,
            reload_poll_secs: 5.0,
        }
    }
}

impl ClientConfig {
    /// Whether this client may call `operation` of the service `port`.
    pub fn may_call(&self, port: &str, operation: &str) -> bool {
        self.services.iter().any(|s| {
            s == "*"
                || s == port
                || s.split_once('.')
                    .is_some_and(|(p, o)| p == port && o == operation)
        })
    }
}

/// The call journal (`[journal]`, see `docs/JOURNAL.md`).
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct JournalConfig {
    /// Record every SOAP call in the `journal` table.
    pub enabled: bool,
    /// Rows older than this many days are deleted (0: kept for ever).
    pub retention_days: u32,
    /// Buffered rows are written at least this often, in milliseconds (a crash
    /// loses at most this much of the journal).
    pub flush_interval_ms: u64,
    /// ... or as soon as this many rows are buffered.
    pub batch_rows: usize,
    /// Rows held in memory at most; beyond, rows are dropped and counted.
    pub buffer_rows: usize,
    /// How often old rows are purged, in seconds (the first purge runs at start-up).
    pub purge_interval_secs: f64,
}

impl Default for JournalConfig {
    fn default() -> Self {
        JournalConfig {
            enabled: true,
            retention_days: 90,
            flush_interval_ms: 1000,
            batch_rows: 500,
            buffer_rows: 10_000,
            purge_interval_secs: 3600.0,
        }
    }
}

/// `GET /metrics` in the Prometheus / OpenMetrics text format (`[metrics]`).
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct MetricsConfig {
    /// Serve the endpoint (the counters are kept either way).
    pub enabled: bool,
    /// Path of the endpoint, outside `base_path`.
    pub path: String,
    /// When set, the endpoint answers only requests carrying
    /// `Authorization: Bearer <token>` (401 otherwise).
    pub token: Option<String>,
}

impl Default for MetricsConfig {
    fn default() -> Self {
        MetricsConfig {
            enabled: true,
            path: "/metrics".into(),
            token: None,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read configuration file {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("invalid configuration file {path}: {source}")]
    Parse {
        path: String,
        source: Box<toml::de::Error>,
    },
}

impl Config {
    /// Puts `base_path` in canonical form: one leading `/`, no trailing `/`
    /// (`services/` → `/services`; `/` or empty → the root).
    pub fn normalise(&mut self) {
        let trimmed = self.base_path.trim().trim_matches('/');
        self.base_path = format!("/{trimmed}");
    }

    /// Parses a TOML document; every field is optional.
    pub fn from_toml(text: &str) -> Result<Config, toml::de::Error> {
        toml::from_str(text)
    }

    /// Reads a TOML file.
    pub fn from_file(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.display().to_string(),
            source,
        })?;
        Config::from_toml(&text).map_err(|source| ConfigError::Parse {
            path: path.display().to_string(),
            source: Box::new(source),
        })
    }
}

/// The database URL with any password replaced by `***`, for logs.
pub fn redact_url(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut u) if u.password().is_some() => {
            let _ = u.set_password(Some("***"));
            u.to_string()
        }
        _ => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_toml_is_the_default() {
        assert_eq!(Config::from_toml("").unwrap(), Config::default());
    }

    #[test]
    fn partial_toml_overrides_only_what_it_names() {
        let c = Config::from_toml("base_path = \"/wsapogee/services\"\n[limits]\nmax_depth = 10\n")
            .unwrap();
        assert_eq!(c.base_path, "/wsapogee/services");
        assert_eq!(c.limits.max_depth, 10);
        assert_eq!(c.limits.max_children, Limits::default().max_children);
    }

    #[test]
    fn base_path_is_normalised() {
        for (given, expected) in [
            ("services/", "/services"),
            ("/wsapogee/services", "/wsapogee/services"),
            ("", "/"),
            ("/", "/"),
        ] {
            let mut c = Config {
                base_path: given.into(),
                ..Config::default()
            };
            c.normalise();
            assert_eq!(c.base_path, expected, "{given}");
        }
    }

    #[test]
    fn auth_clients_parse_with_defaults() {
        let c = Config::from_toml(
            "[auth]\nwsdl_open = false\n[[auth.clients]]\nname = \"a\"\nsecret_hash = \"$argon2id$x\"\nservices = [\"OpiMetier\", \"GeographieMetier.recupererPays\"]\n",
        )
        .unwrap();
        assert!(!c.auth.wsdl_open && c.auth.enforced());
        let a = &c.auth.clients[0];
        assert!(a.enabled && !a.pj_read);
        assert!(a.may_call("OpiMetier", "mettreajourDonneesOpi_v10"));
        assert!(a.may_call("GeographieMetier", "recupererPays"));
        assert!(!a.may_call("GeographieMetier", "recupererCommune"));
        assert!(!Config::default().auth.enforced());
        assert!(Config::from_toml("[[auth.clients]]\nname = \"a\"\n").is_err());
    }

    #[test]
    fn unknown_fields_are_refused() {
        assert!(Config::from_toml("lisen = \"x\"").is_err());
    }

    #[test]
    fn passwords_are_redacted() {
        assert_eq!(
            redact_url("postgres://u:secret@db:5432/apo"),
            "postgres://u:***@db:5432/apo"
        );
        assert_eq!(
            redact_url("sqlite://passerelle.db"),
            "sqlite://passerelle.db"
        );
    }
}
