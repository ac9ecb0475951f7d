//! The `journal` table (`migrations/*/V9__journal.sql`, `docs/JOURNAL.md`) and
//! the OPI directory read by the admin pages, for both back-ends. The `Store`
//! implementations delegate here. SQLite: inserts and purges through the writer
//! thread (one job per batch), reads on a pooled reader.
//! PostgreSQL: a batch is one `INSERT … SELECT FROM unnest(…)`.

use super::postgres::{db_err as pg_err, PgStore};
use super::sqlite::SqliteStore;
use super::StoreError;
use crate::journal::{Entry, Filter, Sample};
use rusqlite::params;

const COLUMNS: &str = "at, client, service, operation, outcome, http_status, duration_us, request_bytes, business_key, field_path, reason, request_id";

/// One OPI individual as the admin search lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpiSummary {
    pub cod_ind_opi: i64,
    pub cod_opi_int_epo: String,
    pub lib_nom_pat_ind_opi: Option<String>,
    pub lib_nom_usu_ind_opi: Option<String>,
    pub lib_pr1_ind_opi: Option<String>,
    /// INE: `cod_nne_ind_opi` followed by its key.
    pub ine: Option<String>,
}

const DIRECTORY: &str = "SELECT cod_ind_opi, cod_opi_int_epo, lib_nom_pat_ind_opi, lib_nom_usu_ind_opi, lib_pr1_ind_opi, cod_nne_ind_opi, cod_cle_nne_ind_opi FROM ind_opi ORDER BY cod_opi_int_epo";

fn ine(nne: Option<String>, cle: Option<String>) -> Option<String> {
    nne.map(|n| format!("{n}{}", cle.unwrap_or_default()))
}

/// `WHERE` of a list query; `p(i)` writes the i-th placeholder (1-based).
fn where_clause(p: impl Fn(usize) -> String) -> String {
    format!(
        "({a} IS NULL OR at >= {a}) AND ({b} IS NULL OR at < {b}) AND ({c} IS NULL OR client = {c}) \
         AND ({d} IS NULL OR operation = {d}) AND ({e} IS NULL OR outcome = {e} OR outcome LIKE {e} || '.%') \
         AND ({f} IS NULL OR business_key = {f} OR business_key LIKE '%' || {f} || '%') AND ({g} = 0 OR outcome <> 'ok') \
         AND ({h} IS NULL OR request_id = {h})",
        a = p(1),
        b = p(2),
        c = p(3),
        d = p(4),
        e = p(5),
        f = p(6),
        g = p(7),
        h = p(8),
    )
}

fn sqlite_entry(r: &rusqlite::Row<'_>) -> rusqlite::Result<Entry> {
    Ok(Entry {
        id: r.get(0)?,
        at: r.get(1)?,
        client: r.get(2)?,
        service: r.get(3)?,
        operation: r.get(4)?,
        outcome: r.get(5)?,
        http_status: r.get(6)?,
        duration_us: r.get(7)?,
        request_bytes: r.get(8)?,
        business_key: r.get(9)?,
        field_path: r.get(10)?,
        reason: r.get(11)?,
        request_id: r.get(12)?,
    })
}

fn pg_entry(r: &tokio_postgres::Row) -> Entry {
    Entry {
        id: r.get(0),
        at: r.get(1),
        client: r.get(2),
        service: r.get(3),
        operation: r.get(4),
        outcome: r.get(5),
        http_status: r.get(6),
        duration_us: r.get(7),
        request_bytes: r.get(8),
        business_key: r.get(9),
        field_path: r.get(10),
        reason: r.get(11),
        request_id: r.get(12),
    }
}

impl SqliteStore {
    /// A batch: one cached statement executed once a row, in the writer's
    /// transaction (64-row `INSERT`s were tried: no gain measured).
    pub(crate) async fn journal_insert_impl(&self, rows: Vec<Entry>) -> Result<(), StoreError> {
        self.write(move |t| {
            let mut st = t.prepare_cached(&format!(
                "INSERT INTO journal ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)"
            ))?;
            for e in &rows {
                st.execute(params![
                    e.at,
                    e.client,
                    e.service,
                    e.operation,
                    e.outcome,
                    e.http_status,
                    e.duration_us,
                    e.request_bytes,
                    e.business_key,
                    e.field_path,
                    e.reason,
                    e.request_id
                ])?;
            }
            Ok(())
        })
        .await
    }

    pub(crate) async fn journal_list_impl(&self, f: &Filter) -> Result<Vec<Entry>, StoreError> {
        let f = f.clone();
        self.read(move |c| {
            let sql = format!(
                "SELECT id, {COLUMNS} FROM journal WHERE {} ORDER BY at DESC, id DESC LIMIT ?9",
                where_clause(|i| format!("?{i}"))
            );
            let mut st = c.prepare(&sql)?;
            let rows = st.query_map(
                params![
                    f.since,
                    f.until,
                    f.client,
                    f.operation,
                    f.code,
                    f.key,
                    f.faults_only as i64,
                    f.request_id,
                    f.limit as i64
                ],
                sqlite_entry,
            )?;
            rows.collect()
        })
        .await
    }

    pub(crate) async fn journal_samples_impl(
        &self,
        since: Option<&str>,
    ) -> Result<Vec<Sample>, StoreError> {
        let since = since.map(str::to_string);
        self.read(move |c| {
            let mut st = c.prepare(
                "SELECT service, COALESCE(operation, '-'), outcome = 'ok', duration_us FROM journal WHERE ?1 IS NULL OR at >= ?1",
            )?;
            let rows = st.query_map(params![since], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
            })?;
            rows.collect()
        })
        .await
    }

    pub(crate) async fn journal_purge_impl(&self, before: &str) -> Result<u64, StoreError> {
        let before = before.to_string();
        self.write(move |t| {
            t.execute("DELETE FROM journal WHERE at < ?1", params![before])
                .map(|n| n as u64)
        })
        .await
    }

    pub(crate) async fn opi_directory_impl(&self) -> Result<Vec<OpiSummary>, StoreError> {
        self.read(|c| {
            let mut st = c.prepare(DIRECTORY)?;
            let rows = st.query_map([], |r| {
                Ok(OpiSummary {
                    cod_ind_opi: r.get(0)?,
                    cod_opi_int_epo: r.get(1)?,
                    lib_nom_pat_ind_opi: r.get(2)?,
                    lib_nom_usu_ind_opi: r.get(3)?,
                    lib_pr1_ind_opi: r.get(4)?,
                    ine: ine(r.get(5)?, r.get(6)?),
                })
            })?;
            rows.collect()
        })
        .await
    }
}

impl PgStore {
    pub(crate) async fn journal_insert_impl(&self, rows: Vec<Entry>) -> Result<(), StoreError> {
        let c = self.client().await?;
        // One array a column; the rows' strings move into them.
        let n = rows.len();
        let mut at = Vec::with_capacity(n);
        let mut client = Vec::with_capacity(n);
        let mut service = Vec::with_capacity(n);
        let mut operation = Vec::with_capacity(n);
        let mut outcome = Vec::with_capacity(n);
        let mut status = Vec::with_capacity(n);
        let mut duration = Vec::with_capacity(n);
        let mut bytes = Vec::with_capacity(n);
        let mut key = Vec::with_capacity(n);
        let mut path = Vec::with_capacity(n);
        let mut reason = Vec::with_capacity(n);
        let mut request_id = Vec::with_capacity(n);
        for e in rows {
            at.push(e.at);
            client.push(e.client);
            service.push(e.service);
            operation.push(e.operation);
            outcome.push(e.outcome);
            status.push(e.http_status);
            duration.push(e.duration_us);
            bytes.push(e.request_bytes);
            key.push(e.business_key);
            path.push(e.field_path);
            reason.push(e.reason);
            request_id.push(e.request_id);
        }
        let st = c
            .prepare_cached(&format!(
                "INSERT INTO journal ({COLUMNS}) SELECT * FROM unnest($1::varchar[], $2::varchar[], $3::varchar[], \
                 $4::varchar[], $5::varchar[], $6::int4[], $7::int8[], $8::int8[], $9::varchar[], $10::varchar[], $11::varchar[], $12::varchar[])"
            ))
            .await
            .map_err(pg_err)?;
        c.execute(
            &st,
            &[
                &at,
                &client,
                &service,
                &operation,
                &outcome,
                &status,
                &duration,
                &bytes,
                &key,
                &path,
                &reason,
                &request_id,
            ],
        )
        .await
        .map_err(pg_err)?;
        Ok(())
    }

    pub(crate) async fn journal_list_impl(&self, f: &Filter) -> Result<Vec<Entry>, StoreError> {
        let c = self.client().await?;
        let sql = format!(
            "SELECT id, {COLUMNS} FROM journal WHERE {} ORDER BY at DESC, id DESC LIMIT $9",
            where_clause(|i| if i == 7 {
                "$7::int4".to_string()
            } else {
                format!("${i}::varchar")
            })
        );
        let st = c.prepare_cached(&sql).await.map_err(pg_err)?;
        let rows = c
            .query(
                &st,
                &[
                    &f.since,
                    &f.until,
                    &f.client,
                    &f.operation,
                    &f.code,
                    &f.key,
                    &(f.faults_only as i32),
                    &f.request_id,
                    &(f.limit as i64),
                ],
            )
            .await
            .map_err(pg_err)?;
        Ok(rows.iter().map(pg_entry).collect())
    }

    pub(crate) async fn journal_samples_impl(
        &self,
        since: Option<&str>,
    ) -> Result<Vec<Sample>, StoreError> {
        let c = self.client().await?;
        let rows = c
            .query(
                "SELECT service, COALESCE(operation, '-'), outcome = 'ok', duration_us FROM journal WHERE $1::varchar IS NULL OR at >= $1",
                &[&since],
            )
            .await
            .map_err(pg_err)?;
        Ok(rows
            .iter()
            .map(|r| (r.get(0), r.get(1), r.get(2), r.get(3)))
            .collect())
    }

    pub(crate) async fn journal_purge_impl(&self, before: &str) -> Result<u64, StoreError> {
        let c = self.client().await?;
        c.execute("DELETE FROM journal WHERE at < $1", &[&before])
            .await
            .map_err(pg_err)
    }

    pub(crate) async fn opi_directory_impl(&self) -> Result<Vec<OpiSummary>, StoreError> {
        let c = self.client().await?;
        let rows = c.query(DIRECTORY, &[]).await.map_err(pg_err)?;
        Ok(rows
            .iter()
            .map(|r| OpiSummary {
                cod_ind_opi: r.get(0),
                cod_opi_int_epo: r.get(1),
                lib_nom_pat_ind_opi: r.get(2),
                lib_nom_usu_ind_opi: r.get(3),
                lib_pr1_ind_opi: r.get(4),
                ine: ine(r.get(5), r.get(6)),
            })
            .collect())
    }
}
