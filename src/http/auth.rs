//! Client authentication (`[auth]`, `docs/SECURITY.md`): HTTP Basic or the
//! API-key header (`name:secret`), checked against the Argon2id hashes of the
//! configured clients.
//!
//! Argon2 is deliberately slow, so a successful verification is remembered in
//! memory for [`CACHE_TTL`], keyed by SHA-256(name ‖ 0 ‖ secret): the secret
//! itself is never kept, and a different secret gives a different key, so the
//! cache never accepts a wrong secret. Failures are not cached. Secrets are
//! never logged.

use crate::config::{AuthConfig, ClientConfig};
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

/// The configured accounts and the verification cache.
pub struct Authenticator {
    config: AuthConfig,
    clients: Vec<Arc<ClientConfig>>,
    cache: Mutex<HashMap<[u8; 32], (usize, Instant)>>,
}

impl Authenticator {
    pub fn new(config: &AuthConfig) -> Authenticator {
        Authenticator {
            config: config.clone(),
            clients: config.clients.iter().cloned().map(Arc::new).collect(),
            cache: Mutex::new(HashMap::new()),
        }
    }

    pub fn enforced(&self) -> bool {
        self.config.enforced()
    }

    pub fn wsdl_open(&self) -> bool {
        self.config.wsdl_open
    }

    /// Authenticates a SOAP call: [`Caller::Open`] when authentication is not
    /// enforced, else the client the credentials name.
    pub async fn soap(&self, headers: &HeaderMap) -> Result<Caller, Denied> {
        if !self.enforced() {
            return Ok(Caller::Open);
        }
        self.client(headers).await.map(Caller::Client)
    }

    /// Always requires a valid client (with no client configured, nobody passes).
    pub async fn client(&self, headers: &HeaderMap) -> Result<Arc<ClientConfig>, Denied> {
        let (name, secret) =
            credentials(headers, &self.config.api_key_header).ok_or(Denied::Unauthenticated)?;
        let key = cache_key(&name, &secret);
        if let Some(i) = self.cached(&key) {
            return Ok(self.clients[i].clone());
        }
        let found = self
            .clients
            .iter()
            .position(|c| bool::from(c.name.as_bytes().ct_eq(name.as_bytes())));
        // An unknown name is verified against a dummy hash, so that the time
        // taken does not tell whether the account exists.
        let hash = match found {
            Some(i) => self.clients[i].secret_hash.clone(),
            None => dummy_hash().to_string(),
        };
        let ok = tokio::task::spawn_blocking(move || verify_secret(&hash, &secret))
            .await
            .unwrap_or(false);
        match found {
            Some(i) if ok && self.clients[i].enabled => {
                let mut cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
                if cache.len() >= CACHE_MAX {
                    cache.clear();
                }
                cache.insert(key, (i, Instant::now() + CACHE_TTL));
                Ok(self.clients[i].clone())
            }
            _ => {
                tracing::info!(client = %name, "authentication failed");
                Err(Denied::Unauthenticated)
            }
        }
    }

    fn cached(&self, key: &[u8; 32]) -> Option<usize> {
        let mut cache = self.cache.lock().unwrap_or_else(|e| e.into_inner());
        match cache.get(key) {
            Some(&(i, until)) if until > Instant::now() => Some(i),
            Some(_) => {
                cache.remove(key);
                None
            }
            None => None,
        }
    }
}

fn cache_key(name: &str, secret: &str) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(name.as_bytes());
    h.update([0]);
    h.update(secret.as_bytes());
    h.finalize().into()
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
}
