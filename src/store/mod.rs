//! The relational core behind the services.
//!
//! [`Store`] is the one interface the services use. Each method is one unit of
//! work and runs in one transaction. Two implementations:
//! [`sqlite::SqliteStore`] (embedded default) and [`postgres::PgStore`]
//! (production, deadpool-postgres). Both apply their migrations from
//! `migrations/<dialect>/` when opened.

pub mod clients;
pub mod dossier;
pub mod etudiant;
pub mod inscriptions;
pub mod journal;
pub mod lp;
pub mod migrate_data;
pub mod offre;
pub mod opi;
pub mod pj;
pub mod postgres;
pub mod sqlite;
pub mod vet_cache;

use crate::config::DatabaseConfig;
pub use lp::{BatchMode, LpDelete, LpWrite, StoredLp};

use crate::domain::geographie::{Commune, Departement, Pays};
use crate::domain::lp::Lp;
use crate::domain::offre::Catalogue;
use crate::domain::opi::Opi;
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

/// What writing an OPI did. The number is the individual's `cod_ind_opi`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpiWrite {
    /// A new individual was created.
    Created(i64),
    /// The individual existed and its data changed.
    Updated(i64),
    /// The same content was already stored (an identical re-send): nothing was written.
    Unchanged(i64),
}

impl OpiWrite {
    pub fn cod_ind_opi(self) -> i64 {
        match self {
            OpiWrite::Created(n) | OpiWrite::Updated(n) | OpiWrite::Unchanged(n) => n,
        }
    }
}

/// An OPI as stored: its surrogate key and its content. In `opi`, `voeux` is
/// `Voeux::Replace` with the stored wishes ordered by (cod_cge, cod_etp,
/// cod_vrs_vet) (`Replace(vec![])` when there are none), and each block is `Some`
/// when a row exists for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredOpi {
    pub cod_ind_opi: i64,
    pub opi: Opi,
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

    /// Creates or updates the OPI individual keyed by `cod_opi_int_epo`, with the
    /// semantics of [`Opi`] (absent blocks untouched, sent blocks replaced, wishes
    /// per [`crate::domain::opi::Voeux`]), in one transaction. An identical
    /// re-send (same [`Opi::digest`]) writes nothing. Two concurrent calls for the
    /// same key end with one individual holding one of the two contents whole.
    async fn upsert_opi(&self, opi: &Opi) -> Result<OpiWrite, StoreError>;

    /// Reads an OPI back by its `cod_opi_int_epo`.
    async fn find_opi(&self, cod_opi_int_epo: &str) -> Result<Option<StoredOpi>, StoreError>;

    /// The whole course catalogue, one query per table (a bounded number of
    /// queries whatever its size), rows ordered by their keys.
    async fn catalogue(&self) -> Result<Catalogue, StoreError>;

    /// Inserts or updates every row of `c` (keyed as in Apogée) in one
    /// transaction; rows of the database that `c` does not mention are kept.
    /// Re-importing the same catalogue changes nothing.
    async fn import_catalogue(&self, c: &Catalogue) -> Result<ImportCounts, StoreError>;

    /// Whether the course structure holds this version d'étape. `None` when the
    /// structure is empty (no catalogue imported yet: nothing can be checked).
    async fn vet_exists(&self, cod_etp: &str, cod_vrs_vet: i32)
        -> Result<Option<bool>, StoreError>;

    /// [`Store::vet_exists`] for several versions d'étape at once, in one read
    /// (the OPI hot path checks every wish of a request this way): `None` when
    /// the structure is empty, else one answer per key, in order.
    async fn vets_exist(&self, keys: &[(String, i32)]) -> Result<Option<Vec<bool>>, StoreError>;

    /// `(cod_ind_opi, lib_nom_pat_ind_opi, lib_pr1_ind_opi)` of the OPI keyed by
    /// `cod_opi_int_epo` (the identity check of `PjOpiMetier`).
    async fn opi_identity(
        &self,
        cod_opi_int_epo: &str,
    ) -> Result<Option<(i64, String, String)>, StoreError>;

    /// The supporting documents of one individual (all when `None`), ordered by
    /// (cod_ind_opi, cod_tpj).
    async fn pj_rows(&self, cod_ind_opi: Option<i64>) -> Result<Vec<PjRow>, StoreError>;

    /// Inserts or replaces the row of `(row.cod_ind_opi, row.cod_tpj)` (keeping
    /// `dat_cre` of an existing row) with `row.pending`, and, when `content` is
    /// given, the bytes in `opi_pj_contenu`, in one transaction.
    async fn pj_put(&self, row: &PjRow, content: Option<Vec<u8>>) -> Result<(), StoreError>;

    /// Clears the `pending` marker of a row if it still names `pending`.
    async fn pj_clear_pending(
        &self,
        cod_ind_opi: i64,
        cod_tpj: &str,
        pending: &str,
    ) -> Result<(), StoreError>;

    /// The bytes of a document kept in the database (`pj.store = "database"`).
    async fn pj_content(
        &self,
        cod_ind_opi: i64,
        cod_tpj: &str,
    ) -> Result<Option<Vec<u8>>, StoreError>;

    /// Creates or updates one laissez-passer (a validated [`Lp`]): `IAPRIMO`
    /// needs the OPI individual of `num_opi`, `REINS` the `individu` of
    /// `cod_etu` (stored under its `cod_ind`, `cod_etu` kept in `cod_etu_lpa`;
    /// none: `technical.data.nullretrieve.etudiant`); once a course structure is
    /// loaded, the VET must exist, `cod_dip`/`cod_vrs_vdi` (when given) must be
    /// linked to it, and a linked VET must be open for recruitment in `cod_anu`
    /// (`vdi_fractionner_vet`). A refusal is `Ok(LpWrite::Refused)`. Keyed by
    /// (person, `cod_anu`, `cod_etp`, `cod_vrs_vet`): a re-send updates, an
    /// identical one writes nothing. `user` (≤ 30 characters) is recorded as
    /// `cod_uti_cre_lpa` on creation, `cod_uti_mod_lpa` on modification.
    async fn upsert_lp(&self, lp: &Lp, user: &str) -> Result<LpWrite, StoreError> {
        let mut r = self
            .upsert_lp_batch(std::slice::from_ref(lp), lp::BatchMode::EachItem, user)
            .await?;
        Ok(r.pop().unwrap_or(LpWrite::Unchanged))
    }

    /// [`Store::upsert_lp`] for many items, one result per item in order.
    /// See [`lp::BatchMode`]: `EachItem`, transactions of [`lp::CHUNK`] items,
    /// every valid item commits (a database error stops the batch; earlier
    /// chunks stay committed); `AllOrNothing`, one transaction, and if any item
    /// is refused nothing is written and the valid items are `RolledBack`.
    async fn upsert_lp_batch(
        &self,
        lps: &[Lp],
        mode: lp::BatchMode,
        user: &str,
    ) -> Result<Vec<LpWrite>, StoreError>;

    /// Every stored laissez-passer, `IAPRIMO` first, ordered by key.
    async fn find_lps(&self) -> Result<Vec<StoredLp>, StoreError>;

    /// Deletes the laissez-passer of these keys (person, `cod_anu`, `cod_etp`,
    /// `cod_vrs_vet`; other fields ignored) in one transaction: `Ok(n)`, the
    /// number deleted, or `Err((index, refusal))` when the student of a `REINS`
    /// item is unknown (nothing deleted).
    async fn delete_lps(&self, lps: &[Lp]) -> Result<lp::LpDelete, StoreError>;

    /// Writes a dossier of student data (see [`dossier`]) in one transaction:
    /// each row upserted by its table's primary key. A refused dossier
    /// ([`dossier::is_invalid`]) writes nothing.
    async fn import_dossier(&self, d: &dossier::Dossier) -> Result<ImportCounts, StoreError>;

    /// Runs `queries` in one read transaction (one snapshot) and returns each
    /// one's rows, every value as text. SQL written once for both back-ends
    /// (`$N` placeholders): see [`etudiant`].
    async fn sql_read(
        &self,
        queries: Vec<etudiant::Sql>,
    ) -> Result<Vec<Vec<etudiant::Row>>, StoreError>;

    /// Runs `statements` in one write transaction; the rows each one changed.
    async fn sql_write(&self, statements: Vec<etudiant::Sql>) -> Result<Vec<u64>, StoreError>;

    /// Appends journal rows (one batch of the journal writer) in one transaction.
    /// Takes the batch by value: its strings go to the database without a copy.
    async fn journal_insert(&self, rows: Vec<crate::journal::Entry>) -> Result<(), StoreError>;

    /// Journal rows matching `filter`, newest first, at most `filter.limit`.
    async fn journal_list(
        &self,
        filter: &crate::journal::Filter,
    ) -> Result<Vec<crate::journal::Entry>, StoreError>;

    /// (service, operation or `-`, ok, duration µs) of every row since `since`
    /// (all when `None`), for [`crate::journal::stats`].
    async fn journal_samples(
        &self,
        since: Option<&str>,
    ) -> Result<Vec<crate::journal::Sample>, StoreError>;

    /// Deletes the rows older than `before` (journal time format); how many.
    async fn journal_purge(&self, before: &str) -> Result<u64, StoreError>;

    /// Every OPI individual (key, names, INE), ordered by `cod_opi_int_epo`:
    /// the admin search filters it (accent-insensitively) in memory.
    async fn opi_directory(&self) -> Result<Vec<journal::OpiSummary>, StoreError>;

    /// The registrations, pedagogical contract and results of the student whose
    /// `individu.cod_etu` is `cod_etu`, read in one transaction; `None` when no
    /// individual has that number.
    async fn inscriptions(
        &self,
        cod_etu: i64,
    ) -> Result<Option<inscriptions::Inscriptions>, StoreError>;

    /// Every client account of the `client` table, ordered by name.
    async fn clients(&self) -> Result<Vec<clients::ClientRow>, StoreError>;

    /// Adds an account; `false` (nothing written) when the name exists.
    async fn client_insert(&self, c: &crate::config::ClientConfig) -> Result<bool, StoreError>;

    /// Changes an account (and its `updated` stamp); `false` when there is no such name.
    async fn client_change(
        &self,
        name: &str,
        change: &clients::ClientChange,
    ) -> Result<bool, StoreError>;

    /// The connection pool's state (PostgreSQL pool, SQLite reader pool), for
    /// `/metrics`. `None` when the back-end has no pool.
    fn pool_status(&self) -> Option<PoolStatus> {
        None
    }
}

/// A connection pool's state at one instant (`Store::pool_status`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PoolStatus {
    /// Most connections the pool may hold.
    pub max_size: usize,
    /// Connections open now (in use or idle).
    pub size: usize,
    /// Idle connections.
    pub available: usize,
    /// Requests waiting for a connection.
    pub waiting: usize,
}

/// What an import did, per table: rows inserted and rows whose content changed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportCounts {
    pub inserted: usize,
    pub updated: usize,
    pub unchanged: usize,
}

/// One row of `opi_pj`: a supporting document's metadata.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PjRow {
    pub cod_ind_opi: i64,
    pub cod_tpj: String,
    pub cod_opi_int_epo: String,
    pub nom_fic: String,
    /// Size in bytes.
    pub taille: i64,
    pub mime_type: String,
    /// Lower-case hex.
    pub sha256: String,
    /// RFC 3339, UTC.
    pub dat_cre: String,
    pub dat_mod: String,
    /// Name of the spooled file still to be renamed into place (directory store).
    pub pending: Option<String>,
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
