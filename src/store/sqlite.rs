//! SQLite back-end (embedded default).
//!
//! * WAL journal, `synchronous=FULL` (an acknowledged write survives a power cut),
//!   foreign keys on, `busy_timeout` set on every connection.
//! * Reads go through a deadpool-sqlite pool (each query runs on a blocking
//!   thread, never on the async runtime).
//! * Writes go to one dedicated writer thread that owns the only writing
//!   connection and opens every transaction with `BEGIN IMMEDIATE`; it is also
//!   where group commit will live. SQLite allows one writer at a time anyway.
//! * Placeholders are `?N` (see ARCHITECTURE.md: `$N` is a *named* parameter in SQLite).
//! * OPI: `upsert_opi` reads the stored hash and writes, all in one job of the
//!   writer thread (so no other write interleaves); SQL from `super::opi`.

use super::offre;
use super::opi::{self as opi_sql, Storage};
use super::{flag, CommuneFilter, OpiWrite, Store, StoreError, StoredOpi, DEMO_SQL};
use crate::config::DatabaseConfig;
use crate::domain::geographie::{Commune, Departement, Pays};
use crate::domain::opi::{AdresseOpi, IndOpi, Opi, Voeu, Voeux};
use crate::domain::record::{OwnedValue, Record, Value};
use crate::domain::Temoin;
use async_trait::async_trait;
use deadpool_sqlite::{Config as PoolConfig, Hook, HookError, Pool, Runtime};
use rusqlite::types::{ToSqlOutput, Type, ValueRef};
use rusqlite::{params, params_from_iter, Connection, OptionalExtension, ToSql};
use std::time::Duration;
use tokio::sync::{mpsc, oneshot};

mod embedded {
    refinery::embed_migrations!("migrations/sqlite");
}

mod group;

type WriteJob = group::BoxedJob;

pub struct SqliteStore {
    pool: Pool,
    writer: mpsc::Sender<WriteJob>,
    acquire_timeout: Duration,
    vets: super::vet_cache::VetCache,
}

fn pragmas(conn: &Connection, busy_ms: u64) -> rusqlite::Result<()> {
    conn.busy_timeout(Duration::from_millis(busy_ms))?;
    conn.execute_batch("PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;")?;
    Ok(())
}

fn db_err(e: impl std::fmt::Display) -> StoreError {
    StoreError::Database(e.to_string())
}

impl SqliteStore {
    /// Opens (creating if needed) the database file and migrates it.
    pub async fn open(path: &str, cfg: &DatabaseConfig) -> Result<SqliteStore, StoreError> {
        if path.is_empty() {
            return Err(StoreError::Url("sqlite:// needs a file path".into()));
        }
        let busy_ms = cfg.sqlite_busy_timeout_ms;
        let path_owned = path.to_string();
        // The writer connection: created, put in WAL mode and migrated before
        // anything else touches the file.
        let conn = tokio::task::spawn_blocking(move || -> Result<Connection, StoreError> {
            let mut conn = Connection::open(&path_owned).map_err(db_err)?;
            conn.query_row("PRAGMA journal_mode = WAL", [], |_| Ok(()))
                .map_err(db_err)?;
            pragmas(&conn, busy_ms).map_err(db_err)?;
            embedded::migrations::runner()
                .run(&mut conn)
                .map_err(|e| StoreError::Migration(e.to_string()))?;
            Ok(conn)
        })
        .await
        .map_err(db_err)??;

        let (tx, rx) = mpsc::channel::<WriteJob>(1024);
        std::thread::Builder::new()
            .name("sqlite-writer".into())
            // Group commit: see `group`.
            .spawn(move || group::run(conn, rx))
            .map_err(db_err)?;

        let mut pc = PoolConfig::new(path);
        pc.pool = Some(deadpool_sqlite::PoolConfig {
            max_size: cfg.pool_size.max(1),
            timeouts: deadpool_sqlite::Timeouts {
                wait: Some(cfg.acquire_timeout()),
                create: Some(cfg.connect_timeout()),
                recycle: Some(cfg.connect_timeout()),
            },
            ..Default::default()
        });
        let pool = pc
            .builder(Runtime::Tokio1)
            .map_err(db_err)?
            .post_create(Hook::async_fn(move |obj, _| {
                Box::pin(async move {
                    obj.interact(move |c| pragmas(c, busy_ms))
                        .await
                        .map_err(|e| HookError::message(e.to_string()))?
                        .map_err(HookError::Backend)?;
                    Ok(())
                })
            }))
            .build()
            .map_err(db_err)?;
        Ok(SqliteStore {
            pool,
            writer: tx,
            acquire_timeout: cfg.acquire_timeout(),
            vets: super::vet_cache::VetCache::new(cfg.vet_cache()),
        })
    }

    /// Runs `f` on a pooled reader connection, on a blocking thread.
    pub(crate) async fn read<R, F>(&self, f: F) -> Result<R, StoreError>
    where
        R: Send + 'static,
        F: FnOnce(&Connection) -> rusqlite::Result<R> + Send + 'static,
    {
        let conn = self
            .pool
            .get()
            .await
            .map_err(|e| StoreError::Unavailable(e.to_string()))?;
        conn.interact(move |c| {
            // One read transaction, so that a multi-query read sees one snapshot.
            let tx = c.transaction()?;
            let r = f(&tx)?;
            tx.commit()?;
            Ok::<R, rusqlite::Error>(r)
        })
        .await
        .map_err(db_err)?
        .map_err(db_err)
    }

    /// Runs `f` inside one `BEGIN IMMEDIATE` transaction on the writer thread,
    /// in its own savepoint: `f`'s writes are kept when it returns `Ok` and
    /// undone otherwise. Concurrent writes share one commit (group commit, see
    /// `group`); this returns only once that commit is durable.
    pub async fn write<R, F>(&self, f: F) -> Result<R, StoreError>
    where
        R: Send + 'static,
        F: FnOnce(&rusqlite::Transaction<'_>) -> rusqlite::Result<R> + Send + 'static,
    {
        let (tx, rx) = oneshot::channel();
        let job = group::job(f, tx);
        tokio::time::timeout(self.acquire_timeout, self.writer.send(job))
            .await
            .map_err(|_| StoreError::Unavailable("the writer queue is full".into()))?
            .map_err(|_| StoreError::Unavailable("the writer thread has stopped".into()))?;
        rx.await
            .map_err(|_| StoreError::Unavailable("the writer thread has stopped".into()))?
            .map_err(StoreError::Database)
    }
}

#[async_trait]
impl Store for SqliteStore {
    fn backend(&self) -> &'static str {
        "sqlite"
    }

    async fn ping(&self) -> Result<(), StoreError> {
        self.read(|c| c.query_row("SELECT 1", [], |_| Ok(()))).await
    }

    async fn seed_demo(&self) -> Result<(), StoreError> {
        self.write(|t| {
            t.execute_batch(DEMO_SQL)?;
            offre::sqlite::import(t, &offre::DEMO, None)?;
            if let Err(e) = super::dossier::sqlite::import(t, &super::etudiant::DEMO)? {
                return Err(rusqlite::Error::ToSqlConversionFailure(Box::new(
                    DossierRefused(e),
                )));
            }
            // Registrations and results of the demo students (issue 7).
            if let Err(e) = super::dossier::sqlite::import(t, &super::inscriptions::DEMO)? {
                return Err(rusqlite::Error::ToSqlConversionFailure(Box::new(
                    DossierRefused(e),
                )));
            }
            Ok(())
        })
        .await
    }

    async fn is_empty(&self) -> Result<bool, StoreError> {
        self.read(|c| c.query_row("SELECT NOT EXISTS (SELECT 1 FROM pays)", [], |r| r.get(0)))
            .await
    }

    async fn pays(&self, code: Option<&str>, en_service: Temoin) -> Result<Vec<Pays>, StoreError> {
        let code = code.map(str::to_string);
        let flag_filter = en_service.flag();
        self.read(move |c| {
            let mut st = c.prepare_cached(
                "SELECT cod_pay, lib_pay, lib_nat, tem_en_sve_pay FROM pays \
                 WHERE (?1 IS NULL OR cod_pay = ?1) AND (?2 IS NULL OR tem_en_sve_pay = ?2) \
                 ORDER BY cod_pay",
            )?;
            let rows = st.query_map(params![code, flag_filter], |r| {
                Ok(Pays {
                    cod_pay: r.get(0)?,
                    lib_pay: r.get(1)?,
                    lib_nat: r.get(2)?,
                    tem_en_sve_pay: flag(&r.get::<_, String>(3)?),
                })
            })?;
            rows.collect()
        })
        .await
    }

    async fn departements(
        &self,
        code: Option<&str>,
        en_service: Temoin,
    ) -> Result<Vec<Departement>, StoreError> {
        let code = code.map(str::to_string);
        let flag_filter = en_service.flag();
        self.read(move |c| {
            let mut st = c.prepare_cached(
                "SELECT d.cod_dep, d.lib_dep, d.cod_aca, a.lib_aca, d.tem_en_sve_dep \
                 FROM departement d LEFT JOIN academie a ON a.cod_aca = d.cod_aca \
                 WHERE (?1 IS NULL OR d.cod_dep = ?1) AND (?2 IS NULL OR d.tem_en_sve_dep = ?2) \
                 ORDER BY d.cod_dep",
            )?;
            let rows = st.query_map(params![code, flag_filter], |r| {
                Ok(Departement {
                    cod_dep: r.get(0)?,
                    lib_dep: r.get(1)?,
                    cod_aca: r.get(2)?,
                    lib_aca: r.get(3)?,
                    tem_en_sve_dep: flag(&r.get::<_, String>(4)?),
                })
            })?;
            rows.collect()
        })
        .await
    }

    async fn communes(
        &self,
        code_postal: &str,
        filter: CommuneFilter,
    ) -> Result<Vec<Commune>, StoreError> {
        let cp = code_postal.to_string();
        self.read(move |c| {
            let mut st = c.prepare_cached(
                "SELECT c.cod_com, b.cod_bdi, c.lib_com, b.lib_ach_bdi, \
                        c.tem_en_sve_com, b.tem_en_sve_bdi, l.tem_en_sve_cbd \
                 FROM com_bdi l \
                 JOIN commune c ON c.cod_com = l.cod_com \
                 JOIN bureau_distributeur b ON b.cod_bdi = l.cod_bdi \
                 WHERE l.cod_bdi = ?1 \
                   AND (?2 IS NULL OR c.tem_en_sve_com = ?2) \
                   AND (?3 IS NULL OR b.tem_en_sve_bdi = ?3) \
                   AND (?4 IS NULL OR l.tem_en_sve_cbd = ?4) \
                 ORDER BY c.cod_com",
            )?;
            let rows = st.query_map(
                params![
                    cp,
                    filter.commune.flag(),
                    filter.bureau.flag(),
                    filter.lien.flag()
                ],
                |r| {
                    Ok(Commune {
                        cod_com: r.get(0)?,
                        cod_bdi: r.get(1)?,
                        lib_com: r.get(2)?,
                        lib_ach_bdi: r.get(3)?,
                        tem_en_sve_com: flag(&r.get::<_, String>(4)?),
                        tem_en_sve_bdi: flag(&r.get::<_, String>(5)?),
                        tem_en_sve_cbd: flag(&r.get::<_, String>(6)?),
                    })
                },
            )?;
            rows.collect()
        })
        .await
    }

    async fn upsert_opi(&self, opi: &Opi) -> Result<OpiWrite, StoreError> {
        // The writer thread needs an owned copy.
        let opi = opi.clone();
        self.write(move |t| upsert_opi(t, &opi)).await
    }

    async fn find_opi(&self, cod_opi_int_epo: &str) -> Result<Option<StoredOpi>, StoreError> {
        let key = cod_opi_int_epo.to_string();
        self.read(move |c| find_opi(c, &key)).await
    }

    async fn catalogue(&self) -> Result<crate::domain::offre::Catalogue, StoreError> {
        self.read(offre::sqlite::read).await
    }

    /// Checked and written in one job of the writer thread (see
    /// [`offre::sqlite::import`]).
    async fn import_catalogue(
        &self,
        c: &crate::domain::offre::Catalogue,
    ) -> Result<super::ImportCounts, StoreError> {
        // The writer thread needs an owned copy.
        let c = c.clone();
        let progress = offre::progress();
        self.write(move |t| offre::sqlite::import(t, &c, progress.as_ref()))
            .await
    }

    async fn vet_exists(
        &self,
        cod_etp: &str,
        cod_vrs_vet: i32,
    ) -> Result<Option<bool>, StoreError> {
        let etp = cod_etp.to_string();
        self.read(move |c| offre::sqlite::vet_exists(c, &etp, cod_vrs_vet))
            .await
    }

    async fn vets_exist(&self, keys: &[(String, i32)]) -> Result<Option<Vec<bool>>, StoreError> {
        if let Some(all) = self.vets.lookup(keys) {
            return Ok(Some(all));
        }
        let wanted = keys.to_vec();
        // One blocking read (one transaction) for all the keys.
        let found = self
            .read(move |c| {
                let keys = wanted;
                let mut found = Vec::with_capacity(keys.len());
                for (etp, vrs) in &keys {
                    match offre::sqlite::vet_exists(c, etp, *vrs)? {
                        None => return Ok(None),
                        Some(b) => found.push(b),
                    }
                }
                Ok(Some(found))
            })
            .await?;
        if let Some(f) = &found {
            self.vets.remember(keys, f);
        }
        Ok(found)
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
        let d = d.clone();
        // A refused dossier rolls the transaction back (nothing written).
        let r = self
            .write(move |t| match super::dossier::sqlite::import(t, &d)? {
                Ok(c) => Ok(Ok(c)),
                Err(e) => Err(rusqlite::Error::ToSqlConversionFailure(Box::new(
                    DossierRefused(e),
                ))),
            })
            .await;
        match r {
            Ok(Ok(c)) => Ok(c),
            Ok(Err(e)) => Err(e),
            Err(StoreError::Database(m)) if m.contains(super::dossier::INVALID) => Err(
                StoreError::Database(m[m.find(super::dossier::INVALID).unwrap_or(0)..].to_string()),
            ),
            Err(e) => Err(e),
        }
    }

    async fn sql_read(
        &self,
        queries: Vec<super::etudiant::Sql>,
    ) -> Result<Vec<Vec<super::etudiant::Row>>, StoreError> {
        self.read(move |c| {
            queries
                .iter()
                .map(|q| super::etudiant::sqlite::query(c, q))
                .collect()
        })
        .await
    }

    async fn sql_write(
        &self,
        statements: Vec<super::etudiant::Sql>,
    ) -> Result<Vec<u64>, StoreError> {
        self.write(move |t| {
            statements
                .iter()
                .map(|q| super::etudiant::sqlite::execute(t, q))
                .collect()
        })
        .await
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
        self.read(move |c| super::inscriptions::sqlite::load(c, cod_etu))
            .await
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

/// A dossier refused inside the writer's transaction, carried out as an error
/// so that the transaction rolls back.
#[derive(Debug)]
struct DossierRefused(StoreError);

impl std::fmt::Display for DossierRefused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.0 {
            StoreError::Database(m) => f.write_str(m),
            e => e.fmt(f),
        }
    }
}

impl std::error::Error for DossierRefused {}

/// A value bound to a `?N` placeholder, borrowed from the OPI.
#[derive(Debug)]
enum Arg<'a> {
    Field(Value<'a>),
    Str(&'a str),
    Int(i64),
    Blob(&'a [u8]),
}

impl ToSql for Arg<'_> {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(match self {
            Arg::Field(Value::Text(None) | Value::Int(None) | Value::Date(None)) => {
                ToSqlOutput::Owned(rusqlite::types::Value::Null)
            }
            Arg::Field(Value::Text(Some(s))) | Arg::Str(s) => {
                ToSqlOutput::Borrowed(ValueRef::Text(s.as_bytes()))
            }
            Arg::Field(Value::Int(Some(i))) => ToSqlOutput::Owned(i64::from(*i).into()),
            // rusqlite's own format, the one its FromSql reads back: YYYY-MM-DD.
            Arg::Field(Value::Date(Some(d))) => d.to_sql()?,
            Arg::Int(i) => ToSqlOutput::Owned((*i).into()),
            Arg::Blob(b) => ToSqlOutput::Borrowed(ValueRef::Blob(b)),
        })
    }
}

fn fields(values: Vec<Value<'_>>) -> impl Iterator<Item = Arg<'_>> {
    values.into_iter().map(Arg::Field)
}

/// Runs on the writer thread, inside its `BEGIN IMMEDIATE` transaction: no other
/// write can interleave, so reading the stored hash then writing is safe.
fn upsert_opi(t: &rusqlite::Transaction<'_>, opi: &Opi) -> rusqlite::Result<OpiWrite> {
    let sql = &*opi_sql::SQLITE;
    let digest = opi.digest();
    let found: Option<(i64, Vec<u8>)> = t
        .prepare_cached(&sql.ind_find)?
        .query_row([opi.cod_opi_int_epo()], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let outcome = match found {
        Some((id, hash)) if hash == digest => return Ok(OpiWrite::Unchanged(id)),
        Some((id, _)) => {
            let args = fields(opi.individu.values()).chain([Arg::Blob(&digest), Arg::Int(id)]);
            t.prepare_cached(&sql.ind_update)?
                .execute(params_from_iter(args))?;
            OpiWrite::Updated(id)
        }
        None => {
            let args = fields(opi.individu.values()).chain([Arg::Blob(&digest)]);
            let id = t
                .prepare_cached(&sql.ind_insert)?
                .query_row(params_from_iter(args), |r| r.get(0))?;
            OpiWrite::Created(id)
        }
    };
    let id = outcome.cod_ind_opi();
    let rows = opi_sql::child_rows(opi);
    for (i, child) in opi_sql::CHILDREN.iter().enumerate() {
        if child.table == opi_sql::VOEUX.table && opi_sql::replaces_voeux(opi) {
            replace_voeux(t, id, &rows[i])?;
        }
        let mut st = t.prepare_cached(&sql.child_upsert[i])?;
        for (extra, values) in &rows[i] {
            let args = std::iter::once(Arg::Int(id))
                .chain(extra.map(Arg::Str))
                .chain(values.iter().copied().map(Arg::Field));
            st.execute(params_from_iter(args))?;
        }
    }
    Ok(outcome)
}

/// Deletes the stored wishes whose key is not among the new ones (these are
/// then upserted, so a wish kept keeps its row).
fn replace_voeux(
    t: &rusqlite::Transaction<'_>,
    id: i64,
    new: &opi_sql::ChildRows<'_>,
) -> rusqlite::Result<()> {
    let sql = &*opi_sql::SQLITE;
    if new.is_empty() {
        t.prepare_cached(&sql.voeux_delete_all)?.execute([id])?;
        return Ok(());
    }
    let key_at: Vec<usize> = opi_sql::VOEUX
        .key
        .iter()
        .map(|k| {
            opi_sql::VOEUX
                .fields
                .iter()
                .position(|f| f.column == *k)
                .expect("wish key among the fields")
        })
        .collect();
    let text = |v: Value<'_>| match v {
        Value::Text(s) => s.map(str::to_string),
        _ => None,
    };
    let int = |v: Value<'_>| match v {
        Value::Int(i) => i,
        _ => None,
    };
    let wanted: std::collections::HashSet<(Option<String>, Option<String>, Option<i32>)> = new
        .iter()
        .map(|(_, v)| (text(v[key_at[0]]), text(v[key_at[1]]), int(v[key_at[2]])))
        .collect();
    let stored: Vec<(String, String, i32)> = t
        .prepare_cached(&sql.voeux_keys)?
        .query_map([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut delete = t.prepare_cached(&sql.voeux_delete_one)?;
    for (cge, etp, vet) in stored {
        if !wanted.contains(&(Some(cge.clone()), Some(etp.clone()), Some(vet))) {
            delete.execute(params![id, cge, etp, vet])?;
        }
    }
    Ok(())
}

fn get_value(r: &rusqlite::Row<'_>, i: usize, s: Storage) -> rusqlite::Result<OwnedValue> {
    Ok(match s {
        Storage::Text => OwnedValue::Text(r.get(i)?),
        Storage::Int => OwnedValue::Int(r.get(i)?),
        Storage::Date => OwnedValue::Date(r.get(i)?),
    })
}

fn record<R: Record>(r: &rusqlite::Row<'_>, start: usize) -> rusqlite::Result<R> {
    opi_sql::read_record(
        start,
        |i, s| get_value(r, i, s),
        |msg| rusqlite::Error::FromSqlConversionFailure(start, Type::Null, msg.into()),
    )
}

/// Reads the individual and its rows (inside the reader's one transaction).
fn find_opi(c: &Connection, key: &str) -> rusqlite::Result<Option<StoredOpi>> {
    let sql = &*opi_sql::SQLITE;
    let Some((id, individu)) = c
        .prepare_cached(&sql.ind_select)?
        .query_row([key], |r| {
            Ok((r.get::<_, i64>(0)?, record::<IndOpi>(r, 1)?))
        })
        .optional()?
    else {
        return Ok(None);
    };
    let [adr, bac, dac, these, voeux] = &sql.child_select;
    let mut opi = Opi {
        individu,
        adresse_fixe: None,
        adresse_annuelle: None,
        bac: None,
        dac: None,
        voeux: Voeux::Replace(Vec::new()),
        these: None,
    };
    let mut st = c.prepare_cached(adr)?;
    let mut rows = st.query([id])?;
    while let Some(r) = rows.next()? {
        let typ: String = r.get(0)?;
        let a = record::<AdresseOpi>(r, 1)?;
        match typ.as_str() {
            opi_sql::ADRESSE_FIXE => opi.adresse_fixe = Some(a),
            opi_sql::ADRESSE_ANNUELLE => opi.adresse_annuelle = Some(a),
            _ => {}
        }
    }
    opi.bac = c
        .prepare_cached(bac)?
        .query_row([id], |r| record(r, 0))
        .optional()?;
    opi.dac = c
        .prepare_cached(dac)?
        .query_row([id], |r| record(r, 0))
        .optional()?;
    opi.these = c
        .prepare_cached(these)?
        .query_row([id], |r| record(r, 0))
        .optional()?;
    opi.voeux = Voeux::Replace(
        c.prepare_cached(voeux)?
            .query_map([id], |r| record::<Voeu>(r, 0))?
            .collect::<rusqlite::Result<_>>()?,
    );
    Ok(Some(StoredOpi {
        cod_ind_opi: id,
        opi,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn store(dir: &tempfile::TempDir) -> SqliteStore {
        let path = dir.path().join("t.db");
        SqliteStore::open(path.to_str().unwrap(), &DatabaseConfig::default())
            .await
            .unwrap()
    }

    fn settings(c: &Connection) -> rusqlite::Result<(String, i64, i64, i64)> {
        Ok((
            c.query_row("PRAGMA journal_mode", [], |r| r.get(0))?,
            c.query_row("PRAGMA synchronous", [], |r| r.get(0))?,
            c.query_row("PRAGMA foreign_keys", [], |r| r.get(0))?,
            c.query_row("PRAGMA busy_timeout", [], |r| r.get(0))?,
        ))
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn durable_settings_on_readers_and_writer() {
        let dir = tempfile::tempdir().unwrap();
        let s = store(&dir).await;
        // synchronous = 2 is FULL: an acknowledged commit survives a power cut.
        let expected = ("wal".to_string(), 2, 1, 5_000);
        assert_eq!(s.read(settings).await.unwrap(), expected);
        assert_eq!(s.write(|t| settings(t)).await.unwrap(), expected);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_failed_write_leaves_nothing_behind() {
        let dir = tempfile::tempdir().unwrap();
        let s = store(&dir).await;
        let r = s
            .write(|t| {
                t.execute(
                    "INSERT INTO pays (cod_pay, lib_pay, tem_en_sve_pay) VALUES ('999', 'TEST', 'O')",
                    [],
                )?;
                // Second statement violates a CHECK: the whole transaction goes.
                t.execute(
                    "INSERT INTO pays (cod_pay, lib_pay, tem_en_sve_pay) VALUES ('998', 'TEST', 'X')",
                    [],
                )
            })
            .await;
        assert!(r.is_err());
        let n: i64 = s
            .read(|c| c.query_row("SELECT count(*) FROM pays", [], |r| r.get(0)))
            .await
            .unwrap();
        assert_eq!(n, 0, "nothing half-written");
        // Lengths are enforced although SQLite ignores VARCHAR(n).
        assert!(s
            .write(|t| t.execute(
                "INSERT INTO pays (cod_pay, lib_pay) VALUES ('1000', 'TROP LONG')",
                []
            ))
            .await
            .is_err());
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn demo_data_is_idempotent() {
        let dir = tempfile::tempdir().unwrap();
        let s = store(&dir).await;
        assert!(s.is_empty().await.unwrap());
        s.seed_demo().await.unwrap();
        s.seed_demo().await.unwrap();
        assert!(!s.is_empty().await.unwrap());
        assert_eq!(s.pays(None, Temoin::Tous).await.unwrap().len(), 16);
    }
}
