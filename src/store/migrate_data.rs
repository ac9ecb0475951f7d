//! `passerelle migrate-data --from sqlite://… --to postgres://…`: moves a
//! SQLite deployment to PostgreSQL.
//!
//! Both databases are first brought to the schema of this binary (the usual
//! migrations). Then every table that exists on both sides (the migration
//! history excepted) is copied, whatever module created it: the list comes from
//! `sqlite_master` and PostgreSQL's catalogue, not from code, so tables added
//! by later migrations are copied without a change here. Tables are written
//! parents first (PostgreSQL's foreign keys, topologically sorted; ties by
//! name), in multi-row `INSERT`s of `batch` rows, all in one transaction on the
//! target with deferrable constraints deferred. Each value travels as text and
//! is cast by PostgreSQL to the column's type (`TIMESTAMPTZ` from ISO-8601 text,
//! `BYTEA` from `\x…` hex, numbers from their decimal form), so an out-of-range
//! or too-long value is an error, never a silent truncation. Identity columns'
//! sequences are moved past the copied values. Row counts of both sides are
//! compared before the commit; any difference rolls everything back.
//!
//! A target whose copied tables hold rows is refused unless `force`, which
//! empties them (children first) inside the same transaction.

use super::StoreError;
use crate::config::{redact_url, DatabaseConfig};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// Tables whose rows a migration inserts (the reference codes of
/// `V8__inscriptions.sql`): a freshly migrated target holds them, so they do
/// not make it "not empty"; they are replaced by the source's rows.
pub const SEEDED: &[&str] = &[
    "regime_ins",
    "statut_etu",
    "profil_etu",
    "etat_iaa",
    "etat_iae",
    "etat_avc",
    "typ_ipe",
    "mention",
    "typ_resultat",
    "session",
    "nature_resultat",
];

/// What `migrate-data` is asked to do.
#[derive(Debug, Clone)]
pub struct Options {
    pub from: String,
    pub to: String,
    /// Empty the target's tables first instead of refusing a non-empty target.
    pub force: bool,
    /// Rows per `INSERT` (capped so that one statement has at most 65,535 parameters).
    pub batch: usize,
}

/// One copied table: rows read from the source, rows in the target after the copy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableCopy {
    pub table: String,
    pub source_rows: u64,
    pub target_rows: u64,
}

/// The outcome.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// In copy order.
    pub tables: Vec<TableCopy>,
    /// Source tables the target does not have (not copied).
    pub source_only: Vec<String>,
    /// Target tables the source does not have (left as they are).
    pub target_only: Vec<String>,
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "table\tsource\ttarget")?;
        for t in &self.tables {
            writeln!(f, "{}\t{}\t{}", t.table, t.source_rows, t.target_rows)?;
        }
        let total: u64 = self.tables.iter().map(|t| t.source_rows).sum();
        write!(
            f,
            "{} tables, {} rows copied; row counts equal",
            self.tables.len(),
            total
        )?;
        if !self.source_only.is_empty() {
            write!(
                f,
                "\nnot copied (absent from the target): {}",
                self.source_only.join(", ")
            )?;
        }
        if !self.target_only.is_empty() {
            write!(
                f,
                "\nleft as they are (absent from the source): {}",
                self.target_only.join(", ")
            )?;
        }
        Ok(())
    }
}

#[derive(Debug, thiserror::Error)]
pub enum MigrateError {
    #[error("{0}")]
    Store(#[from] StoreError),
    #[error("migrate-data copies from sqlite:// to postgres://; got {0}")]
    Direction(String),
    #[error(
        "the target already holds rows in: {0}; nothing was written (use --force to replace them)"
    )]
    NotEmpty(String),
    #[error("table {table}: {message}")]
    Copy { table: String, message: String },
    #[error("row counts differ after the copy ({0}); the target transaction was rolled back")]
    Counts(String),
}

fn pg(e: tokio_postgres::Error) -> StoreError {
    super::postgres::db_err(e)
}

fn lite(e: impl fmt::Display) -> StoreError {
    StoreError::Database(e.to_string())
}

/// `"name"`, for identifiers read from the catalogues.
fn quote(ident: &str) -> String {
    format!("\"{}\"", ident.replace('"', "\"\""))
}

/// Parents before children; tables with no order between them by name.
/// Self-references and cycles (none today) fall back to name order for the
/// tables left, which deferred constraints tolerate.
pub fn dependency_order(tables: &[String], fks: &[(String, String)]) -> Vec<String> {
    let set: BTreeSet<&str> = tables.iter().map(String::as_str).collect();
    let mut parents: BTreeMap<&str, BTreeSet<&str>> =
        set.iter().map(|t| (*t, BTreeSet::new())).collect();
    for (child, parent) in fks {
        if child != parent && set.contains(child.as_str()) && set.contains(parent.as_str()) {
            parents
                .get_mut(child.as_str())
                .unwrap()
                .insert(parent.as_str());
        }
    }
    let mut done: Vec<String> = Vec::new();
    let mut left: BTreeSet<&str> = set.clone();
    while !left.is_empty() {
        let ready: Vec<&str> = left
            .iter()
            .copied()
            .filter(|t| parents[t].iter().all(|p| !left.contains(p)))
            .collect();
        let pick = if ready.is_empty() {
            vec![*left.iter().next().unwrap()]
        } else {
            ready
        };
        for t in pick {
            left.remove(t);
            done.push(t.to_string());
        }
    }
    done
}

/// A SQLite value as PostgreSQL text input.
fn as_text(v: rusqlite::types::ValueRef<'_>) -> Option<String> {
    use rusqlite::types::ValueRef;
    match v {
        ValueRef::Null => None,
        ValueRef::Integer(i) => Some(i.to_string()),
        ValueRef::Real(r) => Some(r.to_string()),
        ValueRef::Text(t) => Some(String::from_utf8_lossy(t).into_owned()),
        ValueRef::Blob(b) => {
            let mut s = String::with_capacity(2 + 2 * b.len());
            s.push_str("\\x");
            for byte in b {
                s.push_str(&format!("{byte:02x}"));
            }
            Some(s)
        }
    }
}

const HISTORY: &str = "refinery_schema_history";

/// Runs the copy; see the module documentation.
pub async fn run(opts: &Options, cfg: &DatabaseConfig) -> Result<Report, MigrateError> {
    let sqlite_path = opts
        .from
        .strip_prefix("sqlite://")
        .or_else(|| opts.from.strip_prefix("sqlite:"))
        .map(str::to_string);
    let to_pg = opts.to.starts_with("postgres://") || opts.to.starts_with("postgresql://");
    let Some(sqlite_path) = sqlite_path.filter(|_| to_pg) else {
        return Err(MigrateError::Direction(format!(
            "--from {} --to {}",
            redact_url(&opts.from),
            redact_url(&opts.to)
        )));
    };
    // Both schemas up to date (and the source must exist: open would create it).
    if !std::path::Path::new(&sqlite_path).exists() {
        return Err(StoreError::Url(format!("{sqlite_path}: no such SQLite file")).into());
    }
    drop(super::open(&opts.from, cfg).await?);
    let target = super::postgres::PgStore::open(&opts.to, cfg).await?;
    let mut client = target.client().await?;

    // What each side has.
    let path = sqlite_path.clone();
    let source_tables: BTreeMap<String, Vec<String>> =
        tokio::task::spawn_blocking(move || -> Result<_, StoreError> {
            let c = rusqlite::Connection::open_with_flags(
                &path,
                rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
            )
            .map_err(lite)?;
            let mut st = c
                .prepare(
                    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
                )
                .map_err(lite)?;
            let names: Vec<String> = st
                .query_map([], |r| r.get(0))
                .map_err(lite)?
                .collect::<Result<_, _>>()
                .map_err(lite)?;
            let mut out = BTreeMap::new();
            for n in names {
                let mut st = c
                    .prepare(&format!("SELECT name FROM pragma_table_info({})", sql_str(&n)))
                    .map_err(lite)?;
                let cols: Vec<String> = st
                    .query_map([], |r| r.get(0))
                    .map_err(lite)?
                    .collect::<Result<_, _>>()
                    .map_err(lite)?;
                out.insert(n, cols);
            }
            Ok(out)
        })
        .await
        .map_err(lite)??;

    let rows = client
        .query(
            "SELECT c.relname::text, a.attname::text, a.atttypid::regtype::text, a.attidentity::text
               FROM pg_class c
               JOIN pg_namespace n ON n.oid = c.relnamespace
               JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
              WHERE c.relkind IN ('r', 'p') AND n.nspname = current_schema()
              ORDER BY c.relname, a.attnum",
            &[],
        )
        .await
        .map_err(pg)?;
    // table → [(column, type, identity)]
    let mut target_tables: BTreeMap<String, Vec<(String, String, bool)>> = BTreeMap::new();
    for r in rows {
        let ident: String = r.get(3);
        target_tables
            .entry(r.get(0))
            .or_default()
            .push((r.get(1), r.get(2), !ident.is_empty()));
    }
    let fks: Vec<(String, String)> = client
        .query(
            "SELECT c.conrelid::regclass::text, c.confrelid::regclass::text
               FROM pg_constraint c
               JOIN pg_class t ON t.oid = c.conrelid
               JOIN pg_namespace n ON n.oid = t.relnamespace
              WHERE c.contype = 'f' AND n.nspname = current_schema()",
            &[],
        )
        .await
        .map_err(pg)?
        .into_iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();

    let mut report = Report::default();
    let mut common = Vec::new();
    for t in source_tables.keys() {
        if t == HISTORY {
            continue;
        }
        if target_tables.contains_key(t) {
            common.push(t.clone());
        } else {
            report.source_only.push(t.clone());
        }
    }
    report.target_only = target_tables
        .keys()
        .filter(|t| *t != HISTORY && !source_tables.contains_key(*t))
        .cloned()
        .collect();
    let order = dependency_order(&common, &fks);

    let tx = client.transaction().await.map_err(pg)?;
    tx.batch_execute("SET CONSTRAINTS ALL DEFERRED")
        .await
        .map_err(pg)?;
    let mut not_empty = Vec::new();
    for t in order.iter().filter(|t| !SEEDED.contains(&t.as_str())) {
        let row = tx
            .query_one(&format!("SELECT EXISTS (SELECT 1 FROM {})", quote(t)), &[])
            .await
            .map_err(pg)?;
        if row.get::<_, bool>(0) {
            not_empty.push(t.clone());
        }
    }
    if !not_empty.is_empty() {
        if !opts.force {
            return Err(MigrateError::NotEmpty(not_empty.join(", ")));
        }
        for t in order.iter().rev() {
            tx.batch_execute(&format!("DELETE FROM {}", quote(t)))
                .await
                .map_err(pg)?;
        }
    }

    // The reference rows a migration inserted come from the source as well
    // (it ran the same migrations, and may have more or changed labels).
    for t in order.iter().rev().filter(|t| SEEDED.contains(&t.as_str())) {
        tx.batch_execute(&format!("DELETE FROM {}", quote(t)))
            .await
            .map_err(pg)?;
    }

    for t in &order {
        let src_cols: BTreeSet<&str> = source_tables[t].iter().map(String::as_str).collect();
        // Target columns the source has, in the target's order.
        let cols: Vec<&(String, String, bool)> = target_tables[t]
            .iter()
            .filter(|(c, _, _)| src_cols.contains(c.as_str()))
            .collect();
        let missing: Vec<&str> = source_tables[t]
            .iter()
            .map(String::as_str)
            .filter(|c| !target_tables[t].iter().any(|(tc, _, _)| tc == c))
            .collect();
        if !missing.is_empty() {
            return Err(MigrateError::Copy {
                table: t.clone(),
                message: format!(
                    "the target has no column {} (are both databases at the same schema version?)",
                    missing.join(", ")
                ),
            });
        }
        let copied = copy_table(&tx, &sqlite_path, t, &cols, opts.batch).await?;
        for (c, _, identity) in &cols {
            if *identity {
                tx.execute(
                    &format!(
                        "SELECT setval(pg_get_serial_sequence($1, $2), GREATEST(COALESCE((SELECT max({}) FROM {}), 0), 1), (SELECT count(*) > 0 FROM {}))",
                        quote(c),
                        quote(t),
                        quote(t)
                    ),
                    &[&quote(t), c],
                )
                .await
                .map_err(|e| MigrateError::Copy {
                    table: t.clone(),
                    message: format!("identity sequence of {c}: {e}"),
                })?;
            }
        }
        let count: i64 = tx
            .query_one(&format!("SELECT count(*) FROM {}", quote(t)), &[])
            .await
            .map_err(pg)?
            .get(0);
        report.tables.push(TableCopy {
            table: t.clone(),
            source_rows: copied,
            target_rows: count as u64,
        });
    }

    // The source's own counts, read again now: the copy read one snapshot per
    // table, so a server still writing to the source would show here.
    let path = sqlite_path.clone();
    let names = order.clone();
    let source_counts: Vec<u64> = tokio::task::spawn_blocking(move || -> Result<_, StoreError> {
        let c = rusqlite::Connection::open_with_flags(
            &path,
            rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
        )
        .map_err(lite)?;
        names
            .iter()
            .map(|t| {
                c.query_row(&format!("SELECT count(*) FROM {}", quote(t)), [], |r| {
                    r.get::<_, i64>(0)
                })
                .map(|n| n as u64)
                .map_err(lite)
            })
            .collect()
    })
    .await
    .map_err(lite)??;
    let diffs: Vec<String> = report
        .tables
        .iter()
        .zip(&source_counts)
        .filter(|(t, n)| t.target_rows != **n || t.source_rows != **n)
        .map(|(t, n)| format!("{}: source {n}, target {}", t.table, t.target_rows))
        .collect();
    if !diffs.is_empty() {
        return Err(MigrateError::Counts(diffs.join("; ")));
    }
    tx.commit().await.map_err(pg)?;
    Ok(report)
}

/// `'text'` as an SQL string literal (for `pragma_table_info('name')`).
fn sql_str(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// Streams one table from SQLite (a blocking reader thread sending batches)
/// into multi-row `INSERT`s; returns the number of rows read.
async fn copy_table(
    tx: &tokio_postgres::Transaction<'_>,
    sqlite_path: &str,
    table: &str,
    cols: &[&(String, String, bool)],
    batch: usize,
) -> Result<u64, MigrateError> {
    if cols.is_empty() {
        return Ok(0);
    }
    let ncols = cols.len();
    let batch = batch.clamp(1, 65_535 / ncols);
    let (send, mut recv) = tokio::sync::mpsc::channel::<Result<Vec<Option<String>>, String>>(4);
    let select = format!(
        "SELECT {} FROM {}",
        cols.iter()
            .map(|(c, _, _)| quote(c))
            .collect::<Vec<_>>()
            .join(", "),
        quote(table)
    );
    let path = sqlite_path.to_string();
    let reader = tokio::task::spawn_blocking(move || {
        let run = || -> Result<(), String> {
            let c = rusqlite::Connection::open_with_flags(
                &path,
                rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
            )
            .map_err(|e| e.to_string())?;
            let mut st = c.prepare(&select).map_err(|e| e.to_string())?;
            let mut rows = st.query([]).map_err(|e| e.to_string())?;
            let mut chunk = Vec::with_capacity(batch * ncols);
            while let Some(r) = rows.next().map_err(|e| e.to_string())? {
                for i in 0..ncols {
                    chunk.push(as_text(r.get_ref(i).map_err(|e| e.to_string())?));
                }
                if chunk.len() == batch * ncols {
                    let full = std::mem::replace(&mut chunk, Vec::with_capacity(batch * ncols));
                    if send.blocking_send(Ok(full)).is_err() {
                        return Ok(());
                    }
                }
            }
            if !chunk.is_empty() {
                let _ = send.blocking_send(Ok(chunk));
            }
            Ok(())
        };
        if let Err(e) = run() {
            let _ = send.blocking_send(Err(e));
        }
    });

    // `$n::text::<type>`: the text is cast by PostgreSQL's input function;
    // character types take the text as is (an over-long value then fails the
    // column's length instead of being cut by an explicit cast).
    let placeholder = |n: usize, ty: &str| -> String {
        match ty {
            "text" | "character varying" | "character" => format!("${n}::text"),
            _ => format!("${n}::text::{ty}"),
        }
    };
    let head = format!(
        "INSERT INTO {} ({}) VALUES ",
        quote(table),
        cols.iter()
            .map(|(c, _, _)| quote(c))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let statement = |rows: usize| -> String {
        let mut s = head.clone();
        for r in 0..rows {
            if r > 0 {
                s.push_str(", ");
            }
            s.push('(');
            for (i, (_, ty, _)) in cols.iter().enumerate() {
                if i > 0 {
                    s.push_str(", ");
                }
                s.push_str(&placeholder(r * ncols + i + 1, ty));
            }
            s.push(')');
        }
        s
    };
    let full_batch = tx
        .prepare(&statement(batch))
        .await
        .map_err(|e| MigrateError::Copy {
            table: table.to_string(),
            message: e.to_string(),
        })?;
    let mut copied = 0u64;
    while let Some(chunk) = recv.recv().await {
        let chunk = chunk.map_err(|message| MigrateError::Copy {
            table: table.to_string(),
            message: format!("reading the source: {message}"),
        })?;
        let n = chunk.len() / ncols;
        let params: Vec<&(dyn tokio_postgres::types::ToSql + Sync)> = chunk
            .iter()
            .map(|v| v as &(dyn tokio_postgres::types::ToSql + Sync))
            .collect();
        let result = if n == batch {
            tx.execute(&full_batch, &params).await
        } else {
            tx.execute(statement(n).as_str(), &params).await
        };
        result.map_err(|e| MigrateError::Copy {
            table: table.to_string(),
            message: match e.as_db_error() {
                Some(d) => format!("{}: {}", d.code().code(), d.message()),
                None => e.to_string(),
            },
        })?;
        copied += n as u64;
    }
    reader.await.map_err(|e| MigrateError::Copy {
        table: table.to_string(),
        message: e.to_string(),
    })?;
    Ok(copied)
}

#[cfg(test)]
mod tests {
    use super::dependency_order;

    #[test]
    fn parents_first_then_names() {
        let t = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let fk = |c: &str, p: &str| (c.to_string(), p.to_string());
        let order = dependency_order(
            &t(&[
                "voeux_ins",
                "ind_opi",
                "opi_pj_contenu",
                "opi_pj",
                "pays",
                "etape",
            ]),
            &[
                fk("voeux_ins", "ind_opi"),
                fk("opi_pj", "ind_opi"),
                fk("opi_pj_contenu", "opi_pj"),
                fk("voeux_ins", "voeux_ins"),
                fk("x", "y"),
            ],
        );
        assert_eq!(
            order,
            t(&[
                "etape",
                "ind_opi",
                "pays",
                "opi_pj",
                "voeux_ins",
                "opi_pj_contenu"
            ])
        );
    }
}
