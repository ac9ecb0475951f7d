//! Client authentication (`[auth]`, `docs/SECURITY.md`).
//!
//! Accounts come from the configuration file (`[[auth.clients]]`) and from the
//! `client` table (`passerelle client …`); a file account hides a database
//! account of the same name. The database accounts are re-read at most every
//! `auth.refresh_secs` (default 5 s), so a CLI change applies without restart.
//!
//! Credentials: HTTP Basic or the API-key header (`name:secret`, Argon2id),
//! a TLS client certificate (`cert_cn`), or a WS-Security `UsernameToken` in
//! the SOAP header (PasswordText: Argon2id; PasswordDigest: needs the
//! account's `digest_secret`, with nonce replay and timestamp checks).
//!
//! Argon2 is deliberately slow, so a successful verification is remembered in
//! memory for [`CACHE_TTL`], keyed by SHA-256(name ‖ 0 ‖ secret): the secret
//! itself is never kept, and a different secret gives a different key, so the
//! cache never accepts a wrong secret. A cached entry is only used while the
//! account still exists, is enabled and has the same hash, so disabling or
//! rotating applies at the next refresh. Failures are not cached. Secrets are
//! never logged.

use super::abuse::ClientLimits;
use crate::config::{AuthConfig, ClientConfig};
use crate::soap::wsse::{PasswordType, UsernameToken};
use crate::store::Store;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use base64::Engine;
use hyper::HeaderMap;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};
use subtle::ConstantTimeEq;

/// How long a successful verification is remembered.
pub const CACHE_TTL: Duration = Duration::from_secs(60);
/// Most entries kept; the cache is emptied when it is full.
const CACHE_MAX: usize = 10_000;
/// Most WS-Security nonces remembered; beyond, tokens with a nonce are refused
/// until old ones expire.
const NONCES_MAX: usize = 100_000;

/// Why a request is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Denied {
    /// No credentials, unknown account, wrong secret or disabled account (401).
    Unauthenticated,
}

/// The outcome of authentication: who calls, or nobody when authentication is
/// not enforced (demo).
#[derive(Debug, Clone)]
pub enum Caller {
    Open,
    Client(Arc<ClientConfig>),
}

impl Caller {
    /// Whether the caller may call `operation` of `port`.
    pub fn may_call(&self, port: &str, operation: &str) -> bool {
        match self {
            Caller::Open => true,
            Caller::Client(c) => c.may_call(port, operation),
        }
    }
}

/// The names of a verified TLS client certificate (subject CN, DNS and e-mail
/// SANs), put in the request's extensions by the TLS listener.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PeerNames(pub Vec<String>);

/// The accounts at one moment: the file's, then the database's not hidden by them.
#[derive(Default)]
struct Accounts {
    all: Vec<Arc<ClientConfig>>,
    from_db: usize,
    /// The database could not be read yet: authentication is then enforced
    /// (fail closed) until it can.
    db_unknown: bool,
}

impl Accounts {
    fn find(&self, name: &str) -> Option<&Arc<ClientConfig>> {
        // Constant-time comparison of each name.
        let mut found = None;
        for c in &self.all {
            if bool::from(c.name.as_bytes().ct_eq(name.as_bytes())) && found.is_none() {
                found = Some(c);
            }
        }
        found
    }
}

/// A remembered success: the account as verified, and until when.
type Verified = (Arc<ClientConfig>, Instant);

/// The accounts, the verification cache, the nonce cache and the per-client limits.
pub struct Authenticator {
    config: AuthConfig,
    store: Option<Arc<dyn Store>>,
    accounts: Mutex<(Arc<Accounts>, Option<Instant>)>,
    reload: tokio::sync::Mutex<()>,
    cache: Mutex<HashMap<[u8; 32], Verified>>,
    nonces: Mutex<HashMap<[u8; 32], Instant>>,
    /// Per-client request rate and concurrency (`auth.rate_per_sec`, …).
    pub limits: ClientLimits,
}

impl Authenticator {
    /// Accounts of the configuration file only.
    pub fn new(config: &AuthConfig) -> Authenticator {
        let file: Vec<_> = config.clients.iter().cloned().map(Arc::new).collect();
        Authenticator {
            config: config.clone(),
            store: None,
            accounts: Mutex::new((
                Arc::new(Accounts {
                    all: file,
                    from_db: 0,
                    db_unknown: false,
                }),
                None,
            )),
            reload: tokio::sync::Mutex::new(()),
            cache: Mutex::new(HashMap::new()),
            nonces: Mutex::new(HashMap::new()),
            limits: ClientLimits::new(config),
        }
    }

    /// Accounts of the configuration file and of `store`'s `client` table.
    pub fn with_store(mut self, store: Arc<dyn Store>) -> Authenticator {
        self.store = Some(store);
        self
    }

    /// The current accounts, re-read from the database when older than `refresh_secs`.
    async fn accounts(&self) -> Arc<Accounts> {
        let Some(store) = &self.store else {
            return self.lock_accounts().0.clone();
        };
        let refresh = Duration::from_secs_f64(self.config.refresh_secs.max(0.0));
        let fresh = |g: &(Arc<Accounts>, Option<Instant>)| {
            g.1.is_some_and(|t| t.elapsed() < refresh)
                .then(|| g.0.clone())
        };
        let loaded_once = {
            let g = self.lock_accounts();
            if let Some(a) = fresh(&g) {
                return a;
            }
            g.1.is_some()
        };
        // One reload at a time. While it runs, other requests use the previous
        // accounts (a slow database must not hold every request up); only the
        // very first load is waited for.
        let _one = if loaded_once {
            match self.reload.try_lock() {
                Ok(g) => g,
                Err(_) => return self.lock_accounts().0.clone(),
            }
        } else {
            self.reload.lock().await
        };
        if let Some(a) = fresh(&self.lock_accounts()) {
            return a;
        }
        match store.clients().await {
            Ok(rows) => {
                let mut all: Vec<_> = self.config.clients.iter().cloned().map(Arc::new).collect();
                let n_file = all.len();
                for r in rows {
                    if all[..n_file].iter().any(|c| c.name == r.client.name) {
                        tracing::warn!(client = %r.client.name, "a database account is hidden by the configuration file's account of the same name");
                        continue;
                    }
                    all.push(Arc::new(r.client));
                }
                let from_db = all.len() - n_file;
                let a = Arc::new(Accounts {
                    all,
                    from_db,
                    db_unknown: false,
                });
                *self.lock_accounts() = (a.clone(), Some(Instant::now()));
                a
            }
            Err(e) => {
                tracing::warn!(error = %e, "client accounts could not be read");
                let mut g = self.lock_accounts();
                if g.1.is_none() {
                    // Never read: file accounts only, authentication enforced,
                    // next try after `refresh_secs`.
                    let a = Arc::new(Accounts {
                        all: self.config.clients.iter().cloned().map(Arc::new).collect(),
                        from_db: 0,
                        db_unknown: true,
                    });
                    *g = (a, Some(Instant::now()));
                }
                // Else keep the last known accounts; the next request tries again.
                g.0.clone()
            }
        }
    }

    fn lock_accounts(&self) -> std::sync::MutexGuard<'_, (Arc<Accounts>, Option<Instant>)> {
        self.accounts.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Reads the database accounts now (at start-up, before any request).
    pub async fn load(&self) {
        let _ = self.accounts().await;
    }

    /// Whether every SOAP call must authenticate: `required`, or at least one
    /// account (file or database).
    pub async fn enforced(&self) -> bool {
        let a = self.accounts().await;
        self.config.enforced() || a.from_db > 0 || a.db_unknown
    }

    pub fn wsdl_open(&self) -> bool {
        self.config.wsdl_open
    }

    /// Authenticates a SOAP call from its HTTP headers (Basic, API key) only:
    /// [`Caller::Open`] when authentication is not enforced.
    pub async fn soap(&self, headers: &HeaderMap) -> Result<Caller, Denied> {
        match self.soap_call(headers, None, "", false).await {
            Ok(Some(c)) => Ok(c),
            _ => Err(Denied::Unauthenticated),
        }
    }

    /// Authenticates a SOAP call to `port` from what the connection and the HTTP
    /// headers carry: `Ok(Some(caller))`, or `Ok(None)` when authentication is
    /// needed and nothing was presented at the HTTP level, so the envelope's
    /// WS-Security header must be checked ([`Authenticator::username_token`]).
    /// `local`: the request comes straight from this machine
    /// ([`super::is_local`]); in the open demo, the `always_required` services
    /// are open to such requests only (a newcomer on the machine can call every
    /// operation, nobody else can look students up).
    pub async fn soap_call(
        &self,
        headers: &HeaderMap,
        peer: Option<&PeerNames>,
        port: &str,
        local: bool,
    ) -> Result<Option<Caller>, Denied> {
        let required = self.enforced().await
            || (!local && self.config.always_required.iter().any(|p| p == port));
        if !required {
            return Ok(Some(Caller::Open));
        }
        if let Some(peer) = peer.filter(|p| !p.0.is_empty()) {
            if let Some(c) = self.by_certificate(peer).await {
                return Ok(Some(Caller::Client(c)));
            }
        }
        if has_credentials(headers, &self.config.api_key_header) {
            return self.client(headers).await.map(|c| Some(Caller::Client(c)));
        }
        Ok(None)
    }

    /// The enabled account whose `cert_cn` is one of the certificate's names.
    pub async fn by_certificate(&self, peer: &PeerNames) -> Option<Arc<ClientConfig>> {
        let accounts = self.accounts().await;
        let found = accounts
            .all
            .iter()
            .find(|c| {
                c.enabled
                    && c.cert_cn
                        .as_deref()
                        .is_some_and(|cn| peer.0.iter().any(|n| n == cn))
            })
            .cloned();
        if found.is_none() {
            tracing::info!(certificate = ?peer.0, "no account for this client certificate");
        }
        found
    }

    /// Always requires a valid client: the TLS client certificate's account if
    /// the connection has one, else Basic / the API-key header.
    pub async fn request_client(
        &self,
        headers: &HeaderMap,
        peer: Option<&PeerNames>,
    ) -> Result<Arc<ClientConfig>, Denied> {
        if let Some(peer) = peer.filter(|p| !p.0.is_empty()) {
            if let Some(c) = self.by_certificate(peer).await {
                return Ok(c);
            }
        }
        self.client(headers).await
    }

    /// Always requires a valid client from Basic / the API-key header (with no
    /// account, nobody passes).
    pub async fn client(&self, headers: &HeaderMap) -> Result<Arc<ClientConfig>, Denied> {
        let (name, secret) =
            credentials(headers, &self.config.api_key_header).ok_or(Denied::Unauthenticated)?;
        self.password(name, secret).await
    }

    /// Verifies `secret` against the Argon2id hash of the account `name`.
    async fn password(&self, name: String, secret: String) -> Result<Arc<ClientConfig>, Denied> {
        let accounts = self.accounts().await;
        let key = cache_key(&name, &secret);
        if let Some(c) = self.cached(&key, &accounts) {
            return Ok(c);
        }
        let found = accounts.find(&name).cloned();
        // An unknown name is verified against a dummy hash, so that the time
        // taken does not tell whether the account exists.
        let hash = match &found {
            Some(c) => c.secret_hash.clone(),
            None => dummy_hash().to_string(),
        };
        let ok = tokio::task::spawn_blocking(move || verify_secret(&hash, &secret))
            .await
            .unwrap_or(false);
        match found {
            Some(c) if ok && c.enabled => {
                let mut cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
                if cache.len() >= CACHE_MAX {
                    cache.clear();
                }
                cache.insert(key, (c.clone(), Instant::now() + CACHE_TTL));
                Ok(c)
            }
            _ => {
                tracing::info!(client = %name, "authentication failed");
                Err(Denied::Unauthenticated)
            }
        }
    }

    /// A cached success, if the account is still the same (same hash, enabled).
    fn cached(&self, key: &[u8; 32], accounts: &Accounts) -> Option<Arc<ClientConfig>> {
        let mut cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
        let (c, until) = cache.get(key)?.clone();
        let current = accounts.find(&c.name);
        match current {
            Some(now)
                if until > Instant::now() && now.enabled && now.secret_hash == c.secret_hash =>
            {
                Some(now.clone())
            }
            _ => {
                cache.remove(key);
                None
            }
        }
    }

    /// Verifies a WS-Security `UsernameToken` (see the module documentation).
    pub async fn username_token(&self, t: UsernameToken) -> Result<Arc<ClientConfig>, Denied> {
        let skew = Duration::from_secs(self.config.max_clock_skew_secs);
        if let Some(created) = &t.created {
            if !fresh(created, skew) {
                tracing::info!(client = %t.username, "WS-Security token refused: Created missing, stale or in the future");
                return Err(Denied::Unauthenticated);
            }
        }
        let client = match t.password_type {
            PasswordType::Text => {
                self.password(t.username.clone(), t.password.clone())
                    .await?
            }
            PasswordType::Digest => self.digest(&t).await?,
            PasswordType::Other => {
                tracing::info!(client = %t.username, "WS-Security token refused: unknown password type");
                return Err(Denied::Unauthenticated);
            }
        };
        // Replay: a (name, nonce) seen within the skew window is refused. Only
        // accepted tokens are remembered, so nobody can burn another's nonce.
        if let Some(nonce) = &t.nonce {
            let key = cache_key(&t.username, nonce);
            let now = Instant::now();
            let mut seen = self.nonces.lock().unwrap_or_else(|e| e.into_inner());
            if seen.len() >= NONCES_MAX {
                seen.retain(|_, until| *until > now);
            }
            let replay = seen.get(&key).is_some_and(|until| *until > now);
            if replay || seen.len() >= NONCES_MAX {
                tracing::info!(client = %t.username, "WS-Security token refused: nonce already used");
                return Err(Denied::Unauthenticated);
            }
            seen.insert(key, now + skew * 2);
        }
        Ok(client)
    }

    /// PasswordDigest: Base64(SHA-1(nonce ‖ created ‖ secret)) with the account's
    /// `digest_secret`; nonce and created are mandatory.
    async fn digest(&self, t: &UsernameToken) -> Result<Arc<ClientConfig>, Denied> {
        let (Some(nonce), Some(created)) = (&t.nonce, &t.created) else {
            tracing::info!(client = %t.username, "WS-Security digest refused: Nonce and Created are required");
            return Err(Denied::Unauthenticated);
        };
        let nonce_raw = base64::engine::general_purpose::STANDARD
            .decode(nonce.trim())
            .map_err(|_| Denied::Unauthenticated)?;
        let accounts = self.accounts().await;
        let found = accounts.find(&t.username).cloned();
        let secret = found
            .as_ref()
            .and_then(|c| c.digest_secret.clone())
            .unwrap_or_else(|| "no digest secret".into());
        let expected = password_digest(&nonce_raw, created, &secret);
        let ok: bool = expected
            .as_bytes()
            .ct_eq(t.password.trim().as_bytes())
            .into();
        match found {
            Some(c) if ok && c.enabled && c.digest_secret.is_some() => Ok(c),
            _ => {
                tracing::info!(client = %t.username, "authentication failed (WS-Security digest)");
                Err(Denied::Unauthenticated)
            }
        }
    }
}

/// Base64(SHA-1(nonce ‖ created ‖ password)), the UsernameToken profile's digest.
pub fn password_digest(nonce: &[u8], created: &str, password: &str) -> String {
    use sha1::Digest as _;
    let mut h = sha1::Sha1::new();
    h.update(nonce);
    h.update(created.as_bytes());
    h.update(password.as_bytes());
    base64::engine::general_purpose::STANDARD.encode(h.finalize())
}

/// Whether an RFC 3339 `Created` is within `skew` of now (either side).
fn fresh(created: &str, skew: Duration) -> bool {
    let Ok(t) = time::OffsetDateTime::parse(
        created.trim(),
        &time::format_description::well_known::Rfc3339,
    ) else {
        return false;
    };
    let diff = (time::OffsetDateTime::now_utc() - t).abs();
    diff <= time::Duration::try_from(skew).unwrap_or(time::Duration::ZERO)
}

fn cache_key(name: &str, secret: &str) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(name.as_bytes());
    h.update([0]);
    h.update(secret.as_bytes());
    h.finalize().into()
}

/// Whether the request carries HTTP-level credentials (Basic or the API-key header).
fn has_credentials(headers: &HeaderMap, api_key_header: &str) -> bool {
    headers.contains_key(hyper::header::AUTHORIZATION) || headers.contains_key(api_key_header)
}

/// `(name, secret)` from `Authorization: Basic …` or the API-key header
/// (`name:secret`).
pub fn credentials(headers: &HeaderMap, api_key_header: &str) -> Option<(String, String)> {
    if let Some(v) = headers
        .get(hyper::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
    {
        let (scheme, rest) = v.trim().split_once(' ')?;
        if !scheme.eq_ignore_ascii_case("basic") {
            return None;
        }
        let raw = base64::engine::general_purpose::STANDARD
            .decode(rest.trim())
            .ok()?;
        let text = String::from_utf8(raw).ok()?;
        let (n, s) = text.split_once(':')?;
        return Some((n.to_string(), s.to_string()));
    }
    let v = headers.get(api_key_header)?.to_str().ok()?;
    let (n, s) = v.trim().split_once(':')?;
    Some((n.to_string(), s.to_string()))
}

/// Whether `secret` matches the PHC string `hash` (false when the hash is invalid).
pub fn verify_secret(hash: &str, secret: &str) -> bool {
    match PasswordHash::new(hash) {
        Ok(h) => Argon2::default()
            .verify_password(secret.as_bytes(), &h)
            .is_ok(),
        Err(_) => false,
    }
}

/// The Argon2id PHC string of `secret` (default parameters, random salt).
pub fn hash_secret(secret: &str) -> Result<String, argon2::password_hash::Error> {
    let salt = SaltString::generate(&mut argon2::password_hash::rand_core::OsRng);
    Ok(Argon2::default()
        .hash_password(secret.as_bytes(), &salt)?
        .to_string())
}

/// A new random secret: 32 bytes from the OS, URL-safe base64 without padding
/// (43 characters).
pub fn generate_secret() -> String {
    use argon2::password_hash::rand_core::RngCore;
    let mut b = [0u8; 32];
    argon2::password_hash::rand_core::OsRng.fill_bytes(&mut b);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(b)
}

fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| hash_secret("no such account").unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basic_and_api_key() {
        let mut h = HeaderMap::new();
        h.insert("authorization", "Basic dTpwOng=".parse().unwrap()); // u:p:x
        assert_eq!(credentials(&h, "x-key"), Some(("u".into(), "p:x".into())));
        let mut h = HeaderMap::new();
        h.insert("x-key", "app:s3cret".parse().unwrap());
        assert_eq!(
            credentials(&h, "X-Key"),
            Some(("app".into(), "s3cret".into()))
        );
        assert_eq!(credentials(&HeaderMap::new(), "x-key"), None);
    }

    #[test]
    fn hash_round_trip() {
        let h = hash_secret("s3cret").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_secret(&h, "s3cret"));
        assert!(!verify_secret(&h, "other"));
        assert!(!verify_secret("not a hash", "s3cret"));
    }

    #[test]
    fn digest_of_the_profile_example() {
        // OASIS UsernameToken profile 1.0 style: nonce bytes + created + password.
        let d = password_digest(b"0123456789abcdef", "2026-01-01T00:00:00Z", "pw");
        assert_eq!(d.len(), 28);
        assert_ne!(
            d,
            password_digest(b"0123456789abcdef", "2026-01-01T00:00:01Z", "pw")
        );
        assert_eq!(generate_secret().len(), 43);
    }

    #[test]
    fn freshness() {
        let now = time::OffsetDateTime::now_utc();
        let fmt = |t: time::OffsetDateTime| {
            t.format(&time::format_description::well_known::Rfc3339)
                .unwrap()
        };
        let skew = Duration::from_secs(300);
        assert!(fresh(&fmt(now), skew));
        assert!(!fresh(&fmt(now - time::Duration::minutes(6)), skew));
        assert!(!fresh(&fmt(now + time::Duration::minutes(6)), skew));
        assert!(!fresh("yesterday", skew));
    }
}
