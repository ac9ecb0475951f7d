//! PostgreSQL back-end (production), through deadpool-postgres.
//!
//! * Pool with explicit `wait`/`create`/`recycle` timeouts (deadpool has none by
//!   default: an exhausted pool would hang). Recycling is `Fast` (a connection
//!   whose socket closed is never handed out) plus a test query only for a
//!   connection idle for more than [`VERIFY_AFTER_IDLE`]: `Verified` on every
//!   checkout cost a round trip per checkout (two per OPI request) under load,
//!   while a connection in steady use learns of a database restart at once
//!   (the server's termination message closes it).
//! * TLS to the database through rustls when the URL asks for it, with libpq's
//!   meaning of `sslmode`: `require` (encrypted; certificate verified only when
//!   `sslrootcert` is given), `verify-ca` (chain verified), `verify-full` (chain
//!   and host name verified). Roots: `sslrootcert=FILE` (PEM) or the Mozilla
//!   set (`webpki-roots`). Without `sslmode`, or with `disable`/`prefer`, plain TCP.
//! * Placeholders are `$N`; every method is one transaction.
//! * OPI: the upsert is one statement of data-modifying CTEs, pipelined
//!   between BEGIN and COMMIT (one round trip); see `upsert_opi` for why it
//!   runs in REPEATABLE READ, and `super::opi` for the generated SQL.

use super::offre;
use super::opi::{self as opi_sql, Storage};
use super::{flag, CommuneFilter, OpiWrite, Store, StoreError, StoredOpi, DEMO_SQL};
use crate::config::DatabaseConfig;
use crate::domain::geographie::{Commune, Departement, Pays};
use crate::domain::opi::{AdresseOpi, Opi, Voeu, Voeux};
use crate::domain::record::{OwnedValue, Record, Value};
use crate::domain::Temoin;
use async_trait::async_trait;
use bytes::BytesMut;
use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod, Timeouts};
use futures_util::future::join3;
use futures_util::{join, try_join};
use tokio_postgres::config::SslMode;
use tokio_postgres::error::SqlState;
use tokio_postgres::types::{IsNull, ToSql, Type};
use tokio_postgres::IsolationLevel;

mod embedded {
    refinery::embed_migrations!("migrations/postgres");
}

/// A pooled connection idle for longer than this is tested (an empty query)
/// before it is handed out; one in steady use is not (see the module notes).
pub const VERIFY_AFTER_IDLE: std::time::Duration = std::time::Duration::from_secs(2);

pub struct PgStore {
    pool: Pool,
    vets: super::vet_cache::VetCache,
}

pub(super) fn db_err(e: tokio_postgres::Error) -> StoreError {
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
            recycling_method: RecyclingMethod::Fast,
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
            .pre_recycle(deadpool_postgres::Hook::async_fn(|client, metrics| {
                Box::pin(async move {
                    if metrics.last_used() > VERIFY_AFTER_IDLE {
                        client
                            .simple_query("")
                            .await
                            .map_err(deadpool_postgres::HookError::Backend)?;
                    }
                    Ok(())
                })
            }))
            .build()
            .map_err(|e| StoreError::Url(e.to_string()))?;
        let store = PgStore {
            pool,
            vets: super::vet_cache::VetCache::new(cfg.vet_cache()),
        };
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
        offre::pg::import(&t, &offre::DEMO, None).await?;
        super::dossier::pg::import(&t, &super::etudiant::DEMO).await?;
        // Registrations and results of the demo students (issue 7).
        super::dossier::pg::import(&t, &super::inscriptions::DEMO).await?;
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

    /// One statement ([`opi_sql::PgSql::upsert`]): the `ind_opi` upsert (`ON
    /// CONFLICT … DO UPDATE … WHERE hash IS DISTINCT FROM`), then child CTEs
    /// that act only on the row it returned, children bound as arrays; so an
    /// identical re-send writes nothing and a failure writes nothing.
    ///
    /// Why REPEATABLE READ and not the plain autocommit (READ COMMITTED): the
    /// row lock taken by `ON CONFLICT` does serialise two writers of one key,
    /// but every CTE of a statement reads through the snapshot taken when the
    /// statement *started*, before it waited for that lock. In READ COMMITTED
    /// the second writer, once the first commits, updates the new row version
    /// anyway, yet its `DELETE` of the wishes not sent cannot see the wishes the
    /// first one inserted: both sets survive (a mix, which
    /// `tests/store_opi.rs` produced at once with 32 concurrent writers). Its
    /// fallback `SELECT` of an unchanged row could also miss a row created
    /// after its snapshot. In REPEATABLE READ PostgreSQL refuses, instead, an
    /// `ON CONFLICT` on a row version the snapshot does not see (40001), so a
    /// statement that succeeds saw everything it changed, and we try again.
    ///
    /// Round trips: BEGIN, the statement and COMMIT are pipelined (one round
    /// trip; all three are on the wire from the first poll, so a cancelled
    /// call still commits or rolls back). A statement that lost a race is
    /// retried on the locked slow path (`upsert_locked`), which waits for
    /// the other writers instead of failing, so a queue of writers of one key
    /// does not retry once per writer ahead of it.
    async fn upsert_opi(&self, opi: &Opi) -> Result<OpiWrite, StoreError> {
        let digest = opi.digest();
        let args = upsert_args(opi, &digest)?;
        let params: Vec<&(dyn ToSql + Sync)> =
            args.iter().map(|a| a as &(dyn ToSql + Sync)).collect();
        let key = opi.cod_opi_int_epo();
        let mut c = self.client().await?;
        let st = c
            .prepare_cached(&opi_sql::PG.upsert)
            .await
            .map_err(db_err)?;
        let mut attempts = 0;
        loop {
            attempts += 1;
            // Fast path: the whole upsert in one REPEATABLE READ transaction,
            // BEGIN / statement / COMMIT pipelined (one round trip).
            let (begin, rows, commit) = join3(
                c.batch_execute("BEGIN ISOLATION LEVEL REPEATABLE READ"),
                c.query(&st, &params),
                c.batch_execute("COMMIT"),
            )
            .await;
            let e = match begin.and(rows).and_then(|rows| commit.map(|()| rows)) {
                Ok(rows) => return upsert_outcome(&rows),
                Err(e) if retryable(&e) && attempts < UPSERT_ATTEMPTS => e,
                Err(e) => return Err(db_err(e)),
            };
            tracing::debug!(
                key,
                attempts,
                "OPI upsert lost a race ({}), retrying with the row locked",
                e.code().map_or("?", |c| c.code())
            );
            match upsert_locked(&mut c, &st, &params, key).await {
                Ok(Some(rows)) => return upsert_outcome(&rows),
                // The row is not there (the writer we raced with rolled back):
                // nothing to lock, back to the fast path.
                Ok(None) => {}
                Err(e) if retryable(&e) && attempts < UPSERT_ATTEMPTS => {}
                Err(e) => return Err(db_err(e)),
            }
        }
    }

    async fn find_opi(&self, cod_opi_int_epo: &str) -> Result<Option<StoredOpi>, StoreError> {
        let c = self.client().await?;
        let sql = &*opi_sql::PG;
        let [adr, bac, dac, these, voeux] = &sql.child_select;
        let (ind, adr, bac, dac, these, voeux) = try_join!(
            c.prepare_cached(&sql.ind_select),
            c.prepare_cached(adr),
            c.prepare_cached(bac),
            c.prepare_cached(dac),
            c.prepare_cached(these),
            c.prepare_cached(voeux),
        )
        .map_err(db_err)?;
        let key: &[&(dyn ToSql + Sync)] = &[&cod_opi_int_epo];
        // One snapshot for the six queries, all pipelined (one round trip).
        let (begin, ind, adr, bac, dac, these, voeux, commit) = join!(
            c.batch_execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"),
            c.query(&ind, key),
            c.query(&adr, key),
            c.query(&bac, key),
            c.query(&dac, key),
            c.query(&these, key),
            c.query(&voeux, key),
            c.batch_execute("COMMIT"),
        );
        begin.map_err(db_err)?;
        commit.map_err(db_err)?;
        let ind = ind.map_err(db_err)?;
        let Some(row) = ind.first() else {
            return Ok(None);
        };
        let cod_ind_opi: i64 = row.try_get(0).map_err(db_err)?;
        let mut opi = Opi {
            individu: record(row, 1)?,
            adresse_fixe: None,
            adresse_annuelle: None,
            bac: None,
            dac: None,
            voeux: Voeux::Replace(Vec::new()),
            these: None,
        };
        for r in adr.map_err(db_err)? {
            let typ: String = r.try_get(0).map_err(db_err)?;
            let a: AdresseOpi = record(&r, 1)?;
            match typ.as_str() {
                opi_sql::ADRESSE_FIXE => opi.adresse_fixe = Some(a),
                opi_sql::ADRESSE_ANNUELLE => opi.adresse_annuelle = Some(a),
                _ => {}
            }
        }
        opi.bac = bac
            .map_err(db_err)?
            .first()
            .map(|r| record(r, 0))
            .transpose()?;
        opi.dac = dac
            .map_err(db_err)?
            .first()
            .map(|r| record(r, 0))
            .transpose()?;
        opi.these = these
            .map_err(db_err)?
            .first()
            .map(|r| record(r, 0))
            .transpose()?;
        opi.voeux = Voeux::Replace(
            voeux
                .map_err(db_err)?
                .iter()
                .map(|r| record::<Voeu>(r, 0))
                .collect::<Result<_, _>>()?,
        );
        Ok(Some(StoredOpi { cod_ind_opi, opi }))
    }

    async fn catalogue(&self) -> Result<crate::domain::offre::Catalogue, StoreError> {
        let c = self.client().await?;
        offre::pg::read(&c).await
    }

    /// One transaction: the references looked up, then one statement per
    /// table (see [`offre::pg::import`]); the foreign keys are checked at commit.
    async fn import_catalogue(
        &self,
        c: &crate::domain::offre::Catalogue,
    ) -> Result<super::ImportCounts, StoreError> {
        let progress = offre::progress();
        let mut client = self.client().await?;
        let t = client.transaction().await.map_err(db_err)?;
        let counts = offre::pg::import(&t, c, progress.as_ref()).await?;
        t.commit().await.map_err(db_err)?;
        Ok(counts)
    }

    async fn vet_exists(
        &self,
        cod_etp: &str,
        cod_vrs_vet: i32,
    ) -> Result<Option<bool>, StoreError> {
        let c = self.client().await?;
        offre::pg::vet_exists(&c, cod_etp, cod_vrs_vet).await
    }

    async fn vets_exist(&self, keys: &[(String, i32)]) -> Result<Option<Vec<bool>>, StoreError> {
        if let Some(all) = self.vets.lookup(keys) {
            return Ok(Some(all));
        }
        // One statement, one round trip, whatever the number of keys.
        let c = self.client().await?;
        let st = c
            .prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM version_etape v \
                     WHERE v.cod_etp = k.etp AND v.cod_vrs_vet = k.vrs), \
                   EXISTS (SELECT 1 FROM version_etape) \
                 FROM unnest($1::varchar[], $2::int4[]) WITH ORDINALITY AS k(etp, vrs, i) \
                 ORDER BY k.i",
            )
            .await
            .map_err(db_err)?;
        let etps: Vec<&str> = keys.iter().map(|(e, _)| e.as_str()).collect();
        let vrss: Vec<i32> = keys.iter().map(|(_, v)| *v).collect();
        let rows = c.query(&st, &[&etps, &vrss]).await.map_err(db_err)?;
        if rows.first().is_some_and(|r| !r.get::<_, bool>(1)) {
            return Ok(None);
        }
        let found: Vec<bool> = rows.iter().map(|r| r.get::<_, bool>(0)).collect();
        self.vets.remember(keys, &found);
        Ok(Some(found))
    }

    // Supporting documents (PjOpiMetier): see store/pj.rs.
    async fn opi_identity(
        &self,
        cod_opi_int_epo: &str,
    ) -> Result<Option<(i64, String, String)>, StoreError> {
        self.pj_opi_identity(cod_opi_int_epo).await
    }
    async fn pj_rows(&self, cod_ind_opi: Option<i64>) -> Result<Vec<super::PjRow>, StoreError> {
        self.pj_rows_impl(cod_ind_opi).await
    }
    async fn pj_put(&self, row: &super::PjRow, content: Option<Vec<u8>>) -> Result<(), StoreError> {
        self.pj_put_impl(row, content).await
    }
    async fn pj_clear_pending(
        &self,
        cod_ind_opi: i64,
        cod_tpj: &str,
        pending: &str,
    ) -> Result<(), StoreError> {
        self.pj_clear_pending_impl(cod_ind_opi, cod_tpj, pending)
            .await
    }
    async fn pj_content(
        &self,
        cod_ind_opi: i64,
        cod_tpj: &str,
    ) -> Result<Option<Vec<u8>>, StoreError> {
        self.pj_content_impl(cod_ind_opi, cod_tpj).await
    }

    // Laissez-passer (LaissezPasserMetier): see store/lp.rs.
    async fn upsert_lp_batch(
        &self,
        lps: &[crate::domain::lp::Lp],
        mode: super::lp::BatchMode,
        user: &str,
    ) -> Result<Vec<super::LpWrite>, StoreError> {
        self.lp_batch_impl(lps, mode, user).await
    }
    async fn find_lps(&self) -> Result<Vec<super::StoredLp>, StoreError> {
        self.find_lps_impl().await
    }
    async fn delete_lps(
        &self,
        lps: &[crate::domain::lp::Lp],
    ) -> Result<super::lp::LpDelete, StoreError> {
        self.delete_lps_impl(lps).await
    }

    async fn import_dossier(
        &self,
        d: &super::dossier::Dossier,
    ) -> Result<super::ImportCounts, StoreError> {
        let mut client = self.client().await?;
        let t = client.transaction().await.map_err(db_err)?;
        let counts = super::dossier::pg::import(&t, d).await?;
        t.commit().await.map_err(db_err)?;
        Ok(counts)
    }

    async fn sql_read(
        &self,
        queries: Vec<super::etudiant::Sql>,
    ) -> Result<Vec<Vec<super::etudiant::Row>>, StoreError> {
        let mut client = self.client().await?;
        let t = client
            .build_transaction()
            .read_only(true)
            .isolation_level(tokio_postgres::IsolationLevel::RepeatableRead)
            .start()
            .await
            .map_err(db_err)?;
        let mut out = Vec::with_capacity(queries.len());
        for q in &queries {
            out.push(super::etudiant::pg::query(&t, q).await?);
        }
        t.commit().await.map_err(db_err)?;
        Ok(out)
    }

    async fn sql_write(
        &self,
        statements: Vec<super::etudiant::Sql>,
    ) -> Result<Vec<u64>, StoreError> {
        let mut client = self.client().await?;
        let t = client.transaction().await.map_err(db_err)?;
        let mut out = Vec::with_capacity(statements.len());
        for q in &statements {
            out.push(super::etudiant::pg::execute(&t, q).await?);
        }
        t.commit().await.map_err(db_err)?;
        Ok(out)
    }

    async fn journal_insert(&self, rows: Vec<crate::journal::Entry>) -> Result<(), StoreError> {
        self.journal_insert_impl(rows).await
    }
    async fn journal_list(
        &self,
        filter: &crate::journal::Filter,
    ) -> Result<Vec<crate::journal::Entry>, StoreError> {
        self.journal_list_impl(filter).await
    }
    async fn journal_samples(
        &self,
        since: Option<&str>,
    ) -> Result<Vec<crate::journal::Sample>, StoreError> {
        self.journal_samples_impl(since).await
    }
    async fn journal_purge(&self, before: &str) -> Result<u64, StoreError> {
        self.journal_purge_impl(before).await
    }
    async fn opi_directory(&self) -> Result<Vec<super::journal::OpiSummary>, StoreError> {
        self.opi_directory_impl().await
    }

    async fn inscriptions(
        &self,
        cod_etu: i64,
    ) -> Result<Option<super::inscriptions::Inscriptions>, StoreError> {
        let mut client = self.client().await?;
        let t = client.transaction().await.map_err(db_err)?;
        let r = super::inscriptions::pg::load(&t, cod_etu).await?;
        t.commit().await.map_err(db_err)?;
        Ok(r)
    }

    async fn clients(&self) -> Result<Vec<super::clients::ClientRow>, StoreError> {
        self.clients_impl().await
    }
    async fn client_insert(&self, c: &crate::config::ClientConfig) -> Result<bool, StoreError> {
        self.client_insert_impl(c).await
    }
    async fn client_change(
        &self,
        name: &str,
        change: &super::clients::ClientChange,
    ) -> Result<bool, StoreError> {
        self.client_change_impl(name, change).await
    }

    fn pool_status(&self) -> Option<super::PoolStatus> {
        let s = self.pool.status();
        Some(super::PoolStatus {
            max_size: s.max_size,
            size: s.size,
            available: s.available,
            waiting: s.waiting,
        })
    }
}

/// How many times an upsert that lost a race is tried again before giving up.
/// Each retry after the first runs locked, so more than two is rare (the
/// conflicting writer rolled back, or a deadlock).
const UPSERT_ATTEMPTS: u32 = 10;

/// The slow path of an upsert, after the fast one lost a race: READ COMMITTED,
/// lock the individual's row first, then run the same statement. Its snapshot,
/// taken after the lock was granted, sees every committed change, and no other
/// writer can change the individual or its rows until we commit (they all go
/// through this row lock first). `None` when there is no row to lock.
///
/// A `Transaction`, not a pipeline: if the caller gives up between two round
/// trips, dropping it rolls back instead of leaving the pooled connection in
/// an open transaction holding the lock.
async fn upsert_locked(
    c: &mut deadpool_postgres::Object,
    st: &tokio_postgres::Statement,
    params: &[&(dyn ToSql + Sync)],
    key: &str,
) -> Result<Option<Vec<tokio_postgres::Row>>, tokio_postgres::Error> {
    let lock = c.prepare_cached(&opi_sql::PG.lock).await?;
    let tx = c
        .build_transaction()
        .isolation_level(IsolationLevel::ReadCommitted)
        .start()
        .await?;
    if tx.query(&lock, &[&key]).await?.is_empty() {
        tx.rollback().await?;
        return Ok(None);
    }
    let rows = tx.query(st, params).await?;
    tx.commit().await?;
    Ok(Some(rows))
}

/// Serialization failure (a concurrent change since our snapshot) or deadlock:
/// trying again is safe, the transaction was rolled back.
fn retryable(e: &tokio_postgres::Error) -> bool {
    e.code().is_some_and(|c| {
        *c == SqlState::T_R_SERIALIZATION_FAILURE || *c == SqlState::T_R_DEADLOCK_DETECTED
    })
}

fn upsert_outcome(rows: &[tokio_postgres::Row]) -> Result<OpiWrite, StoreError> {
    let row = rows
        .first()
        .ok_or_else(|| StoreError::Database("OPI upsert returned no row".into()))?;
    let id: i64 = row.try_get(0).map_err(db_err)?;
    let created: Option<bool> = row.try_get(1).map_err(db_err)?;
    Ok(match created {
        Some(true) => OpiWrite::Created(id),
        Some(false) => OpiWrite::Updated(id),
        None => OpiWrite::Unchanged(id),
    })
}

/// A parameter of the OPI statements, borrowed from the OPI: scalars for the
/// individual, one array per column for the child tables.
#[derive(Debug)]
enum Arg<'a> {
    Text(Option<&'a str>),
    Int(Option<i32>),
    Date(Option<time::Date>),
    Bytes(&'a [u8]),
    Bool(bool),
    Texts(Vec<Option<&'a str>>),
    Ints(Vec<Option<i32>>),
    Dates(Vec<Option<time::Date>>),
}

impl ToSql for Arg<'_> {
    fn to_sql(
        &self,
        ty: &Type,
        out: &mut BytesMut,
    ) -> Result<IsNull, Box<dyn std::error::Error + Sync + Send>> {
        self.to_sql_checked(ty, out)
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    // Each variant checks its own type against the parameter's.
    fn to_sql_checked(
        &self,
        ty: &Type,
        out: &mut BytesMut,
    ) -> Result<IsNull, Box<dyn std::error::Error + Sync + Send>> {
        match self {
            Arg::Text(v) => v.to_sql_checked(ty, out),
            Arg::Int(v) => v.to_sql_checked(ty, out),
            Arg::Date(v) => v.to_sql_checked(ty, out),
            Arg::Bytes(v) => v.to_sql_checked(ty, out),
            Arg::Bool(v) => v.to_sql_checked(ty, out),
            Arg::Texts(v) => v.to_sql_checked(ty, out),
            Arg::Ints(v) => v.to_sql_checked(ty, out),
            Arg::Dates(v) => v.to_sql_checked(ty, out),
        }
    }
}

/// The parameters of [`opi_sql::PgSql::upsert`], in its order.
fn upsert_args<'a>(opi: &'a Opi, digest: &'a [u8; 32]) -> Result<Vec<Arg<'a>>, StoreError> {
    let mut args = Vec::with_capacity(opi_sql::PG.upsert_params);
    for v in opi.individu.values() {
        args.push(match v {
            Value::Text(t) => Arg::Text(t),
            Value::Int(i) => Arg::Int(i),
            Value::Date(d) => Arg::Date(d),
        });
    }
    args.push(Arg::Bytes(digest));
    for (child, rows) in opi_sql::CHILDREN.iter().zip(opi_sql::child_rows(opi)) {
        if child.extra.is_some() {
            args.push(Arg::Texts(rows.iter().map(|(e, _)| *e).collect()));
        }
        for (i, f) in child.fields.iter().enumerate() {
            let column = rows.iter().map(|(_, v)| v[i]);
            let mismatch = || {
                StoreError::Database(format!(
                    "{}.{}: value of another kind than declared",
                    child.table, f.column
                ))
            };
            args.push(match opi_sql::storage(f.kind) {
                Storage::Text => Arg::Texts(
                    column
                        .map(|v| match v {
                            Value::Text(t) => Ok(t),
                            _ => Err(mismatch()),
                        })
                        .collect::<Result<_, _>>()?,
                ),
                Storage::Int => Arg::Ints(
                    column
                        .map(|v| match v {
                            Value::Int(t) => Ok(t),
                            _ => Err(mismatch()),
                        })
                        .collect::<Result<_, _>>()?,
                ),
                Storage::Date => Arg::Dates(
                    column
                        .map(|v| match v {
                            Value::Date(t) => Ok(t),
                            _ => Err(mismatch()),
                        })
                        .collect::<Result<_, _>>()?,
                ),
            });
        }
    }
    args.push(Arg::Bool(opi_sql::replaces_voeux(opi)));
    debug_assert_eq!(args.len(), opi_sql::PG.upsert_params);
    Ok(args)
}

fn record<R: Record>(row: &tokio_postgres::Row, start: usize) -> Result<R, StoreError> {
    opi_sql::read_record(
        start,
        |i, s| {
            Ok(match s {
                Storage::Text => OwnedValue::Text(row.try_get(i).map_err(db_err)?),
                Storage::Int => OwnedValue::Int(row.try_get(i).map_err(db_err)?),
                Storage::Date => OwnedValue::Date(row.try_get(i).map_err(db_err)?),
            })
        },
        StoreError::Database,
    )
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
