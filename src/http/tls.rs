//! The TLS listener (`[tls]`, `--tls-cert`/`--tls-key`/`--tls-client-ca`,
//! `docs/SECURITY.md`): rustls with the `ring` provider (the one the PostgreSQL
//! client already uses), TLS 1.2 and 1.3 only, ALPN `http/1.1`.
//!
//! With `client_ca`, a client certificate is *requested* (not required) and,
//! when sent, verified against those CAs; its subject CN and DNS / e-mail SANs
//! become the connection's [`PeerNames`], which accounts match by `cert_cn`.
//! A connection without a certificate falls back to the other credentials.
//!
//! Reload: the files' modification times are polled every
//! `reload_poll_secs`, and SIGHUP forces a reload; a new configuration applies
//! to new connections. A reload that fails (half-written file, bad key) is
//! logged and the previous certificate stays in use.

use super::auth::PeerNames;
use crate::config::TlsConfig;
use rustls::server::WebPkiClientVerifier;
use rustls::ServerConfig;
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, PrivateKeyDer};
use std::sync::{Arc, RwLock};
use std::time::{Duration, SystemTime};

#[derive(Debug, thiserror::Error)]
pub enum TlsError {
    #[error("TLS: cannot read {path}: {reason}")]
    File { path: String, reason: String },
    #[error("TLS: {0}")]
    Config(String),
}

/// The current rustls configuration, replaced on reload.
pub struct TlsState {
    current: RwLock<Arc<ServerConfig>>,
    files: TlsConfig,
}

impl TlsState {
    /// Loads the files once (an error here stops the start-up).
    pub fn load(files: &TlsConfig) -> Result<Arc<TlsState>, TlsError> {
        let cfg = build(files)?;
        Ok(Arc::new(TlsState {
            current: RwLock::new(Arc::new(cfg)),
            files: files.clone(),
        }))
    }

    pub fn acceptor(&self) -> tokio_rustls::TlsAcceptor {
        let cfg = self
            .current
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone();
        tokio_rustls::TlsAcceptor::from(cfg)
    }

    /// Builds a new configuration from the files and swaps it in.
    pub fn reload(&self) -> Result<(), TlsError> {
        let cfg = build(&self.files)?;
        *self.current.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(cfg);
        Ok(())
    }

    fn stamps(&self) -> Vec<Option<SystemTime>> {
        [&self.files.cert, &self.files.key, &self.files.client_ca]
            .into_iter()
            .map(|p| {
                p.as_ref()
                    .and_then(|p| std::fs::metadata(p).and_then(|m| m.modified()).ok())
            })
            .collect()
    }

    /// Polls the files and listens for SIGHUP until `stop` changes.
    pub async fn watch(self: Arc<Self>, mut stop: tokio::sync::watch::Receiver<bool>) {
        let every = Duration::from_secs_f64(self.files.reload_poll_secs.max(0.1));
        let mut last = self.stamps();
        #[cfg(unix)]
        let mut hup = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::hangup()).ok();
        loop {
            #[cfg(unix)]
            let hup_fut = async {
                match hup.as_mut() {
                    Some(h) => {
                        h.recv().await;
                    }
                    None => std::future::pending::<()>().await,
                }
            };
            #[cfg(not(unix))]
            let hup_fut = std::future::pending::<()>();
            let forced = tokio::select! {
                _ = tokio::time::sleep(every) => false,
                _ = hup_fut => true,
                _ = stop.changed() => return,
            };
            let now = self.stamps();
            if !forced && now == last {
                continue;
            }
            match self.reload() {
                Ok(()) => {
                    last = now;
                    tracing::info!(sighup = forced, "TLS certificate reloaded");
                }
                // Keep `last` so that the next poll tries again.
                Err(e) => {
                    tracing::warn!(error = %e, "TLS reload failed; the previous certificate stays in use")
                }
            }
        }
    }
}

fn read(path: &str) -> Result<Vec<u8>, TlsError> {
    std::fs::read(path).map_err(|e| TlsError::File {
        path: path.into(),
        reason: e.to_string(),
    })
}

fn certs(path: &str) -> Result<Vec<CertificateDer<'static>>, TlsError> {
    let pem = read(path)?;
    let v: Vec<_> = CertificateDer::pem_slice_iter(&pem)
        .collect::<Result<_, _>>()
        .map_err(|e| TlsError::File {
            path: path.into(),
            reason: e.to_string(),
        })?;
    if v.is_empty() {
        return Err(TlsError::File {
            path: path.into(),
            reason: "no PEM certificate in it".into(),
        });
    }
    Ok(v)
}

fn build(files: &TlsConfig) -> Result<ServerConfig, TlsError> {
    let (Some(cert), Some(key)) = (&files.cert, &files.key) else {
        return Err(TlsError::Config(
            "both a certificate and a key are needed".into(),
        ));
    };
    let chain = certs(cert)?;
    let key = PrivateKeyDer::from_pem_slice(&read(key)?).map_err(|e| TlsError::File {
        path: key.clone(),
        reason: e.to_string(),
    })?;
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let builder = ServerConfig::builder_with_provider(provider.clone())
        .with_protocol_versions(&[&rustls::version::TLS13, &rustls::version::TLS12])
        .map_err(|e| TlsError::Config(e.to_string()))?;
    let builder = match &files.client_ca {
        None => builder.with_no_client_auth(),
        Some(ca) => {
            let mut roots = rustls::RootCertStore::empty();
            for c in certs(ca)? {
                roots
                    .add(c)
                    .map_err(|e| TlsError::Config(format!("client CA {ca}: {e}")))?;
            }
            let verifier = WebPkiClientVerifier::builder_with_provider(Arc::new(roots), provider)
                .allow_unauthenticated()
                .build()
                .map_err(|e| TlsError::Config(e.to_string()))?;
            builder.with_client_cert_verifier(verifier)
        }
    };
    let mut cfg = builder
        .with_single_cert(chain, key)
        .map_err(|e| TlsError::Config(e.to_string()))?;
    cfg.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(cfg)
}

/// The names of a (verified) client certificate: subject CN, DNS and e-mail SANs.
pub fn peer_names(cert: &CertificateDer<'_>) -> PeerNames {
    use x509_cert::der::Decode;
    let mut names = Vec::new();
    let Ok(c) = x509_cert::Certificate::from_der(cert.as_ref()) else {
        return PeerNames(names);
    };
    for rdn in &c.tbs_certificate.subject.0 {
        for atv in rdn.0.iter() {
            if atv.oid == x509_cert::der::oid::db::rfc4519::CN {
                // "CN=value" with RFC 4514 escaping; the plain value is wanted.
                if let Ok(s) = x509_cert::der::asn1::Utf8StringRef::try_from(&atv.value) {
                    names.push(s.as_str().to_string());
                } else if let Ok(s) = x509_cert::der::asn1::PrintableStringRef::try_from(&atv.value)
                {
                    names.push(s.as_str().to_string());
                }
            }
        }
    }
    if let Ok(Some((_, san))) = c
        .tbs_certificate
        .get::<x509_cert::ext::pkix::SubjectAltName>()
    {
        for n in san.0 {
            match n {
                x509_cert::ext::pkix::name::GeneralName::DnsName(s)
                | x509_cert::ext::pkix::name::GeneralName::Rfc822Name(s) => {
                    names.push(s.as_str().to_string())
                }
                _ => {}
            }
        }
    }
    PeerNames(names)
}
