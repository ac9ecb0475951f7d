//! PostgreSQL back-end (production), through deadpool-postgres.
//!
//! * Pool with explicit `wait`/`create`/`recycle` timeouts (deadpool has none by
//!   default: an exhausted pool would hang) and `RecyclingMethod::Verified`, so a
//!   connection that died with a database restart is never handed out.
//! * TLS to the database through rustls when the URL asks for it, with libpq's
//!   meaning of `sslmode`: `require` (encrypted; certificate verified only when
//!   `sslrootcert` is given), `verify-ca` (chain verified), `verify-full` (chain
//!   and host name verified). Roots: `sslrootcert=FILE` (PEM) or the Mozilla
//!   set (`webpki-roots`). Without `sslmode`, or with `disable`/`prefer`, plain TCP.
//! * Placeholders are `$N`; every method is one transaction.

use super::{flag, CommuneFilter, Store, StoreError, DEMO_SQL};
use crate::config::DatabaseConfig;
use crate::domain::geographie::{Commune, Departement, Pays};
use crate::domain::Temoin;
use async_trait::async_trait;
use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod, Timeouts};
use tokio_postgres::config::SslMode;

mod embedded {
    refinery::embed_migrations!("migrations/postgres");
}

pub struct PgStore {
    pool: Pool,
}

fn db_err(e: tokio_postgres::Error) -> StoreError {
    match e.as_db_error() {
        // Connection exceptions (08), operator intervention (57P: shutdown,
        // cannot connect now), too many connections (53300), database gone
        // (3D000): the database is unavailable, the request may be retried.
        Some(d)
            if d.code().code().starts_with("08")
                || d.code().code().starts_with("57P")
                || d.code().code() == "53300"
                || d.code().code() == "3D000" =>
        {
            StoreError::Unavailable(format!("{}: {}", d.code().code(), d.message()))
        }
        Some(d) => StoreError::Database(format!("{}: {}", d.code().code(), d.message())),
        None if e.is_closed() => StoreError::Unavailable(e.to_string()),
        None => StoreError::Database(e.to_string()),
    }
}

/// Failing to get a connection from the pool, whatever the reason (timeout,
/// refused connection, authentication, database missing), is "unavailable".
fn pool_err(e: deadpool_postgres::PoolError) -> StoreError {
    match e {
        deadpool_postgres::PoolError::Backend(e) => match e.as_db_error() {
            Some(d) => StoreError::Unavailable(format!("{}: {}", d.code().code(), d.message())),
            None => StoreError::Unavailable(e.to_string()),
        },
        other => StoreError::Unavailable(other.to_string()),
    }
}

/// What the URL asks of TLS, with libpq's meaning of `sslmode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TlsMode {
    /// `disable`, `allow`, `prefer` or absent: plain TCP.
    Off,
    /// `require`: encrypted; the certificate is verified only when
    /// `sslrootcert` is given (then as `verify-ca`), as libpq does.
    Require,
    /// `verify-ca`: encrypted, certificate chain verified, any host name.
    VerifyCa,
    /// `verify-full`: encrypted, chain and host name verified.
    VerifyFull,
}

/// Removes `sslmode` and `sslrootcert` from a PostgreSQL URL (tokio-postgres
/// knows neither `verify-ca` nor `verify-full`) and returns what they said.
pub fn split_tls(url: &str) -> Result<(String, TlsMode, Option<String>), StoreError> {
    let mut u = url::Url::parse(url).map_err(|e| StoreError::Url(e.to_string()))?;
    let mut mode = TlsMode::Off;
    let mut root = None;
    let mut kept = Vec::new();
    for (k, v) in u.query_pairs() {
        match k.as_ref() {
            "sslmode" => {
                mode = match v.as_ref() {
                    "disable" | "allow" | "prefer" => TlsMode::Off,
                    "require" => TlsMode::Require,
                    "verify-ca" => TlsMode::VerifyCa,
                    "verify-full" => TlsMode::VerifyFull,
                    other => return Err(StoreError::Url(format!("unknown sslmode « {other} »"))),
                }
            }
            "sslrootcert" => root = Some(v.into_owned()),
            _ => kept.push((k.into_owned(), v.into_owned())),
        }
    }
    if kept.is_empty() {
        u.set_query(None);
    } else {
        u.query_pairs_mut().clear().extend_pairs(kept);
    }
    if mode == TlsMode::Require && root.is_some() {
        mode = TlsMode::VerifyCa;
    }
    Ok((u.to_string(), mode, root))
}

mod tls {
    //! rustls client configurations for the three verifying levels of `sslmode`.
    use super::{StoreError, TlsMode};
    use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
    use rustls::client::WebPkiServerVerifier;
    use rustls::pki_types::pem::PemObject;
    use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
    use rustls::{CertificateError, DigitallySignedStruct, Error, RootCertStore, SignatureScheme};
    use std::sync::Arc;

    fn provider() -> Arc<rustls::crypto::CryptoProvider> {
        Arc::new(rustls::crypto::ring::default_provider())
    }

    /// `require` without a root certificate: the channel is encrypted and the
    /// handshake signatures are checked, but the certificate is not (libpq's rule).
    #[derive(Debug)]
    struct EncryptOnly(Arc<rustls::crypto::CryptoProvider>);

    /// `verify-ca`: the chain must lead to a trusted root; the name is not checked.
    #[derive(Debug)]
    struct ChainOnly(Arc<WebPkiServerVerifier>);

    impl ServerCertVerifier for EncryptOnly {
        fn verify_server_cert(
            &self,
            _: &CertificateDer<'_>,
            _: &[CertificateDer<'_>],
            _: &ServerName<'_>,
            _: &[u8],
            _: UnixTime,
        ) -> Result<ServerCertVerified, Error> {
            Ok(ServerCertVerified::assertion())
        }
        fn verify_tls12_signature(
            &self,
            message: &[u8],
            cert: &CertificateDer<'_>,
            dss: &DigitallySignedStruct,
        ) -> Result<HandshakeSignatureValid, Error> {
            rustls::crypto::verify_tls12_signature(
                message,
                cert,
                dss,
                &self.0.signature_verification_algorithms,
            )
        }
        fn verify_tls13_signature(
            &self,
            message: &[u8],
            cert: &CertificateDer<'_>,
            dss: &DigitallySignedStruct,
        ) -> Result<HandshakeSignatureValid, Error> {
            rustls::crypto::verify_tls13_signature(
                message,
                cert,
                dss,
                &self.0.signature_verification_algorithms,
            )
        }
        fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
            self.0.signature_verification_algorithms.supported_schemes()
        }
    }

    impl ServerCertVerifier for ChainOnly {
        fn verify_server_cert(
            &self,
            end_entity: &CertificateDer<'_>,
            intermediates: &[CertificateDer<'_>],
            server_name: &ServerName<'_>,
            ocsp: &[u8],
            now: UnixTime,
        ) -> Result<ServerCertVerified, Error> {
            match self
                .0
                .verify_server_cert(end_entity, intermediates, server_name, ocsp, now)
            {
                Err(Error::InvalidCertificate(
                    CertificateError::NotValidForName
                    | CertificateError::NotValidForNameContext { .. },
                )) => Ok(ServerCertVerified::assertion()),
                other => other,
            }
        }
        fn verify_tls12_signature(
            &self,
            message: &[u8],
            cert: &CertificateDer<'_>,
            dss: &DigitallySignedStruct,
        ) -> Result<HandshakeSignatureValid, Error> {
            self.0.verify_tls12_signature(message, cert, dss)
        }
        fn verify_tls13_signature(
            &self,
            message: &[u8],
            cert: &CertificateDer<'_>,
            dss: &DigitallySignedStruct,
        ) -> Result<HandshakeSignatureValid, Error> {
            self.0.verify_tls13_signature(message, cert, dss)
        }
        fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
            self.0.supported_verify_schemes()
        }
    }

    fn roots(root_file: Option<&str>) -> Result<RootCertStore, StoreError> {
        match root_file {
            None => Ok(RootCertStore::from_iter(
                webpki_roots::TLS_SERVER_ROOTS.iter().cloned(),
            )),
            Some(path) => {
                let mut store = RootCertStore::empty();
                for cert in CertificateDer::pem_file_iter(path)
                    .map_err(|e| StoreError::Url(format!("sslrootcert {path}: {e}")))?
                {
                    let cert =
                        cert.map_err(|e| StoreError::Url(format!("sslrootcert {path}: {e}")))?;
                    store
                        .add(cert)
                        .map_err(|e| StoreError::Url(format!("sslrootcert {path}: {e}")))?;
                }
                Ok(store)
            }
        }
    }

    pub fn config(
        mode: TlsMode,
        root_file: Option<&str>,
    ) -> Result<rustls::ClientConfig, StoreError> {
        let builder = rustls::ClientConfig::builder_with_provider(provider())
            .with_safe_default_protocol_versions()
            .map_err(|e| StoreError::Url(e.to_string()))?;
        let cfg = match mode {
            TlsMode::Off | TlsMode::Require => builder
                .dangerous()
                .with_custom_certificate_verifier(Arc::new(EncryptOnly(provider())))
                .with_no_client_auth(),
            TlsMode::VerifyCa => {
                let inner = WebPkiServerVerifier::builder_with_provider(
                    Arc::new(roots(root_file)?),
                    provider(),
                )
                .build()
                .map_err(|e| StoreError::Url(e.to_string()))?;
                builder
                    .dangerous()
                    .with_custom_certificate_verifier(Arc::new(ChainOnly(inner)))
                    .with_no_client_auth()
            }
            TlsMode::VerifyFull => builder
                .with_root_certificates(roots(root_file)?)
                .with_no_client_auth(),
        };
        Ok(cfg)
    }
}

impl PgStore {
    /// Connects, builds the pool and applies migrations.
    pub async fn open(url: &str, cfg: &DatabaseConfig) -> Result<PgStore, StoreError> {
        let (url, tls_mode, root_file) = split_tls(url)?;
        let mut pg: tokio_postgres::Config = url
            .parse()
            .map_err(|e: tokio_postgres::Error| StoreError::Url(e.to_string()))?;
        pg.connect_timeout(cfg.connect_timeout());
        if pg.get_application_name().is_none() {
            pg.application_name("passerelle");
        }
        let mgr_cfg = ManagerConfig {
            recycling_method: RecyclingMethod::Verified,
        };
        let timeouts = Timeouts {
            wait: Some(cfg.acquire_timeout()),
            create: Some(cfg.connect_timeout()),
            recycle: Some(cfg.connect_timeout()),
        };
        let mgr = if tls_mode == TlsMode::Off {
            pg.ssl_mode(SslMode::Disable);
            Manager::from_config(pg, tokio_postgres::NoTls, mgr_cfg)
        } else {
            pg.ssl_mode(SslMode::Require);
            let tls = tokio_postgres_rustls::MakeRustlsConnect::new(tls::config(
                tls_mode,
                root_file.as_deref(),
            )?);
            Manager::from_config(pg, tls, mgr_cfg)
        };
        let pool = Pool::builder(mgr)
            .max_size(cfg.pool_size.max(1))
            .timeouts(timeouts)
            .runtime(deadpool_postgres::Runtime::Tokio1)
            .build()
            .map_err(|e| StoreError::Url(e.to_string()))?;
        let store = PgStore { pool };
        store.migrate().await?;
        Ok(store)
    }

    async fn migrate(&self) -> Result<(), StoreError> {
        let mut client = self.pool.get().await.map_err(pool_err)?;
        let client: &mut tokio_postgres::Client = &mut client;
        embedded::migrations::runner()
            .run_async(client)
            .await
            .map_err(|e| StoreError::Migration(e.to_string()))?;
        Ok(())
    }

    /// A pooled connection (fails with `Unavailable` after the acquire timeout).
    pub async fn client(&self) -> Result<deadpool_postgres::Object, StoreError> {
        self.pool.get().await.map_err(pool_err)
    }
}

#[async_trait]
impl Store for PgStore {
    fn backend(&self) -> &'static str {
        "postgres"
    }

    async fn ping(&self) -> Result<(), StoreError> {
        let c = self.client().await?;
        c.simple_query("SELECT 1").await.map_err(db_err)?;
        Ok(())
    }

    async fn seed_demo(&self) -> Result<(), StoreError> {
        let mut c = self.client().await?;
        let t = c.transaction().await.map_err(db_err)?;
        t.batch_execute(DEMO_SQL).await.map_err(db_err)?;
        t.commit().await.map_err(db_err)
    }

    async fn is_empty(&self) -> Result<bool, StoreError> {
        let c = self.client().await?;
        let row = c
            .query_one("SELECT NOT EXISTS (SELECT 1 FROM pays)", &[])
            .await
            .map_err(db_err)?;
        Ok(row.get(0))
    }

    async fn pays(&self, code: Option<&str>, en_service: Temoin) -> Result<Vec<Pays>, StoreError> {
        let c = self.client().await?;
        let st = c
            .prepare_cached(
                "SELECT cod_pay, lib_pay, lib_nat, tem_en_sve_pay FROM pays \
                 WHERE ($1::varchar IS NULL OR cod_pay = $1) \
                   AND ($2::varchar IS NULL OR tem_en_sve_pay = $2) \
                 ORDER BY cod_pay",
            )
            .await
            .map_err(db_err)?;
        let rows = c
            .query(&st, &[&code, &en_service.flag()])
            .await
            .map_err(db_err)?;
        Ok(rows
            .iter()
            .map(|r| Pays {
                cod_pay: r.get(0),
                lib_pay: r.get(1),
                lib_nat: r.get(2),
                tem_en_sve_pay: flag(r.get(3)),
            })
            .collect())
    }

    async fn departements(
        &self,
        code: Option<&str>,
        en_service: Temoin,
    ) -> Result<Vec<Departement>, StoreError> {
        let c = self.client().await?;
        let st = c
            .prepare_cached(
                "SELECT d.cod_dep, d.lib_dep, d.cod_aca, a.lib_aca, d.tem_en_sve_dep \
                 FROM departement d LEFT JOIN academie a ON a.cod_aca = d.cod_aca \
                 WHERE ($1::varchar IS NULL OR d.cod_dep = $1) \
                   AND ($2::varchar IS NULL OR d.tem_en_sve_dep = $2) \
                 ORDER BY d.cod_dep",
            )
            .await
            .map_err(db_err)?;
        let rows = c
            .query(&st, &[&code, &en_service.flag()])
            .await
            .map_err(db_err)?;
        Ok(rows
            .iter()
            .map(|r| Departement {
                cod_dep: r.get(0),
                lib_dep: r.get(1),
                cod_aca: r.get(2),
                lib_aca: r.get(3),
                tem_en_sve_dep: flag(r.get(4)),
            })
            .collect())
    }

    async fn communes(
        &self,
        code_postal: &str,
        filter: CommuneFilter,
    ) -> Result<Vec<Commune>, StoreError> {
        let c = self.client().await?;
        let st = c
            .prepare_cached(
                "SELECT c.cod_com, b.cod_bdi, c.lib_com, b.lib_ach_bdi, \
                        c.tem_en_sve_com, b.tem_en_sve_bdi, l.tem_en_sve_cbd \
                 FROM com_bdi l \
                 JOIN commune c ON c.cod_com = l.cod_com \
                 JOIN bureau_distributeur b ON b.cod_bdi = l.cod_bdi \
                 WHERE l.cod_bdi = $1 \
                   AND ($2::varchar IS NULL OR c.tem_en_sve_com = $2) \
                   AND ($3::varchar IS NULL OR b.tem_en_sve_bdi = $3) \
                   AND ($4::varchar IS NULL OR l.tem_en_sve_cbd = $4) \
                 ORDER BY c.cod_com",
            )
            .await
            .map_err(db_err)?;
        let rows = c
            .query(
                &st,
                &[
                    &code_postal,
                    &filter.commune.flag(),
                    &filter.bureau.flag(),
                    &filter.lien.flag(),
                ],
            )
            .await
            .map_err(db_err)?;
        Ok(rows
            .iter()
            .map(|r| Commune {
                cod_com: r.get(0),
                cod_bdi: r.get(1),
                lib_com: r.get(2),
                lib_ach_bdi: r.get(3),
                tem_en_sve_com: flag(r.get(4)),
                tem_en_sve_bdi: flag(r.get(5)),
                tem_en_sve_cbd: flag(r.get(6)),
            })
            .collect())
    }

    async fn upsert_opi(
        &self,
        _opi: &crate::domain::opi::Opi,
    ) -> Result<super::OpiWrite, StoreError> {
        Err(StoreError::Database(
            "upsert_opi: not implemented yet".into(),
        ))
    }

    async fn find_opi(
        &self,
        _cod_opi_int_epo: &str,
    ) -> Result<Option<super::StoredOpi>, StoreError> {
        Err(StoreError::Database("find_opi: not implemented yet".into()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sslmode_is_read_and_removed() {
        let (u, m, r) =
            split_tls("postgres://u:p@db:5432/apo?sslmode=verify-full&application_name=x").unwrap();
        assert_eq!(u, "postgres://u:p@db:5432/apo?application_name=x");
        assert_eq!(m, TlsMode::VerifyFull);
        assert_eq!(r, None);
        let (u, m, r) =
            split_tls("postgres://db/apo?sslmode=require&sslrootcert=/etc/ca.pem").unwrap();
        assert_eq!(u, "postgres://db/apo");
        assert_eq!(
            m,
            TlsMode::VerifyCa,
            "require + root certificate = verify-ca"
        );
        assert_eq!(r.as_deref(), Some("/etc/ca.pem"));
        assert_eq!(split_tls("postgres://db/apo").unwrap().1, TlsMode::Off);
        assert!(split_tls("postgres://db/apo?sslmode=sometimes").is_err());
    }
}
