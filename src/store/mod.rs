//! The relational core behind the services.
//!
//! [`Store`] is the one interface the services use. Each method is one unit of
//! work and runs in one transaction. Two implementations:
//! [`sqlite::SqliteStore`] (embedded default) and [`postgres::PgStore`]
//! (production, deadpool-postgres). Both apply their migrations from
//! `migrations/<dialect>/` when opened.

pub mod postgres;
pub mod sqlite;

use crate::config::DatabaseConfig;
use crate::domain::geographie::{Commune, Departement, Pays};
use crate::domain::Temoin;
use async_trait::async_trait;
use std::sync::Arc;

/// SQL of the demo data set, identical for both dialects.
pub const DEMO_SQL: &str = include_str!("demo.sql");

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// No connection could be had in time (pool exhausted, database down).
    #[error("the database is unavailable: {0}")]
    Unavailable(String),
    /// Anything else the database said.
    #[error("database error: {0}")]
    Database(String),
    #[error("invalid database URL: {0}")]
    Url(String),
    #[error("migration failed: {0}")]
    Migration(String),
}

/// Filters of `recupererCommune*`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CommuneFilter {
    pub commune: Temoin,
    pub bureau: Temoin,
    pub lien: Temoin,
}

#[async_trait]
pub trait Store: Send + Sync + 'static {
    /// `"sqlite"` or `"postgres"`.
    fn backend(&self) -> &'static str;
    /// Checks that the database answers (`/readyz`).
    async fn ping(&self) -> Result<(), StoreError>;
    /// Loads the demo data set (idempotent).
    async fn seed_demo(&self) -> Result<(), StoreError>;
    /// Whether the database holds no reference data yet.
    async fn is_empty(&self) -> Result<bool, StoreError>;

    /// Countries, all of them when `code` is `None`, ordered by code.
    async fn pays(&self, code: Option<&str>, en_service: Temoin) -> Result<Vec<Pays>, StoreError>;
    /// Départements, all of them when `code` is `None`, ordered by code.
    async fn departements(
        &self,
        code: Option<&str>,
        en_service: Temoin,
    ) -> Result<Vec<Departement>, StoreError>;
    /// Communes served under a postal code, ordered by commune code.
    async fn communes(
        &self,
        code_postal: &str,
        filter: CommuneFilter,
    ) -> Result<Vec<Commune>, StoreError>;
}

/// Opens the database named by `url` (`sqlite://…`, `sqlite:…` or `postgres://…`)
/// and applies pending migrations.
pub async fn open(url: &str, cfg: &DatabaseConfig) -> Result<Arc<dyn Store>, StoreError> {
    if let Some(path) = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
    {
        Ok(Arc::new(sqlite::SqliteStore::open(path, cfg).await?))
    } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Ok(Arc::new(postgres::PgStore::open(url, cfg).await?))
    } else {
        Err(StoreError::Url(format!(
            "« {} » : expected sqlite://PATH or postgres://USER@HOST:PORT/DB",
            crate::config::redact_url(url)
        )))
    }
}

/// Reads Apogée's `O`/`N` flag.
pub(crate) fn flag(v: &str) -> bool {
    v == "O"
}
