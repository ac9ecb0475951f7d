//! PostgreSQL back-end (production), through deadpool-postgres.
//!
//! * Pool with explicit `wait`/`create`/`recycle` timeouts (deadpool has none by
//!   default: an exhausted pool would hang) and `RecyclingMethod::Verified`, so a
//!   connection that died with a database restart is never handed out.
//! * TLS to the database through rustls when the URL asks for it
//!   (`sslmode=require`, `verify-ca` or `verify-full`), with the Mozilla root set
//!   (`webpki-roots`).
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
        Some(d) => StoreError::Database(format!("{}: {}", d.code().code(), d.message())),
        None if e.is_closed() => StoreError::Unavailable(e.to_string()),
        None => StoreError::Database(e.to_string()),
    }
}

fn pool_err(e: deadpool_postgres::PoolError) -> StoreError {
    match e {
        deadpool_postgres::PoolError::Backend(e) => match e.as_db_error() {
            Some(_) => db_err(e),
            None => StoreError::Unavailable(e.to_string()),
        },
        other => StoreError::Unavailable(other.to_string()),
    }
}

fn tls_config() -> rustls::ClientConfig {
    let roots = rustls::RootCertStore::from_iter(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    rustls::ClientConfig::builder_with_provider(std::sync::Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .expect("ring supports the default TLS versions")
    .with_root_certificates(roots)
    .with_no_client_auth()
}

impl PgStore {
    /// Connects, builds the pool and applies migrations.
    pub async fn open(url: &str, cfg: &DatabaseConfig) -> Result<PgStore, StoreError> {
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
        let mgr = if pg.get_ssl_mode() == SslMode::Disable || pg.get_ssl_mode() == SslMode::Prefer
        {
            Manager::from_config(pg, tokio_postgres::NoTls, mgr_cfg)
        } else {
            let tls = tokio_postgres_rustls::MakeRustlsConnect::new(tls_config());
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
}
