//! Student data in bulk (`passerelle import-etudiants`, the demo students): a
//! *dossier* file names tables and gives their rows, column by column.
//!
//! ```yaml
//! individu:
//!   - { cod_ind: 1001, cod_etu: 21000001, lib_nom_pat_ind: MARTIN, lib_pr1_ind: CAMILLE,
//!       date_nai_ind: "2003-04-12" }
//! ins_adm_anu:
//!   - { cod_ind: 1001, cod_anu: "2024", eta_iaa: E }
//! ```
//!
//! The import is generic: the tables a file may fill are listed in [`TABLES`]
//! (in the order they are written, parents first), and each table's columns
//! and primary key are read from the database itself, so a table added by a
//! migration needs no code here beyond its name in that list. Each row is
//! upserted by its primary key, only the columns it gives are written, and the
//! whole file is one transaction. A row identical to the stored one counts as
//! unchanged (nothing is written).

use std::collections::{BTreeMap, HashMap, HashSet};

use serde_json::Value;

use super::{ImportCounts, StoreError};

pub use super::offre::Format;

/// The tables a dossier may fill, in the order they are written.
pub const TABLES: &[&str] = &[
    // Reference tables of the student DTOs (V7), parents first.
    "typ_hebergement",
    "sit_fam",
    "sit_mil",
    "typ_handicap",
    "typ_etablissement",
    "etablissement",
    "bac_oux_equ",
    "mention_niv_bac",
    "specialite_bac",
    "option_bac",
    "typ_blocage",
    "blocage",
    "individu",
    "adresse",
    "ind_bac",
    "ind_blocage",
    // Reference tables of registrations and results (V8).
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
    "annee_uni",
    "ins_adm_anu",
    "ins_adm_etp",
    "ind_contrat_elp",
    "resultat_vdi",
    "resultat_vet",
    "resultat_elp",
];

/// One row: column name → scalar value (string, number or null).
pub type Row = serde_json::Map<String, Value>;

/// A parsed dossier: for each table present, its rows; tables in [`TABLES`] order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Dossier {
    pub tables: Vec<(String, Vec<Row>)>,
}

impl Dossier {
    pub fn rows(&self) -> usize {
        self.tables.iter().map(|(_, r)| r.len()).sum()
    }

    /// Adds the rows of `other` after this dossier's (table order kept).
    pub fn extend(&mut self, other: Dossier) {
        let mut by: BTreeMap<usize, (String, Vec<Row>)> = BTreeMap::new();
        for (t, rows) in self.tables.drain(..).chain(other.tables) {
            let i = TABLES.iter().position(|x| *x == t).unwrap_or(usize::MAX);
            by.entry(i)
                .or_insert_with(|| (t, Vec::new()))
                .1
                .extend(rows);
        }
        self.tables = by.into_values().collect();
    }
}

/// The start of the message of an error for a dossier refused before anything
/// was written.
pub const INVALID: &str = "invalid dossier";

/// Reads a dossier (YAML or JSON): a mapping of table name → list of rows.
/// Errors name the place (`individu[2].cod_etu: …`).
pub fn parse(text: &str, format: Format) -> Result<Dossier, String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let raw: Option<BTreeMap<String, Vec<Row>>> = match format {
        Format::Yaml => serde_yaml_ng::from_str(text).map_err(|e| e.to_string())?,
        Format::Json => serde_json::from_str(text).map_err(|e| e.to_string())?,
    };
    let raw = raw.unwrap_or_default();
    let mut problems = Vec::new();
    for (t, rows) in &raw {
        if !TABLES.contains(&t.as_str()) {
            problems.push(format!(
                "unknown table `{t}` (a dossier fills {})",
                TABLES.join(", ")
            ));
            continue;
        }
        for (i, row) in rows.iter().enumerate() {
            for (c, v) in row {
                if !matches!(v, Value::Null | Value::String(_) | Value::Number(_)) {
                    problems.push(format!(
                        "{t}[{i}].{c}: a text, a number or null is expected"
                    ));
                }
            }
        }
    }
    if !problems.is_empty() {
        return Err(format!("{INVALID}: {}", problems.join("; ")));
    }
    let mut tables: Vec<(String, Vec<Row>)> = raw.into_iter().collect();
    tables.sort_by_key(|(t, _)| TABLES.iter().position(|x| x == t));
    Ok(Dossier { tables })
}

/// A table's shape as the database describes it.
#[derive(Debug, Clone)]
struct Shape {
    columns: HashSet<String>,
    key: Vec<String>,
}

fn invalid(msg: String) -> StoreError {
    StoreError::Database(format!("{INVALID}: {msg}"))
}

/// Whether `e` is a refused dossier (nothing was written).
pub fn is_invalid(e: &StoreError) -> bool {
    matches!(e, StoreError::Database(m) if m.starts_with(INVALID))
}

/// A table of a dossier and, for each of its rows, the columns it gives (sorted).
type Planned = (String, Vec<Vec<String>>);

/// Checks every row against the table's shape; returns the columns of each
/// row in a fixed order.
fn plan(d: &Dossier, shapes: &HashMap<String, Shape>) -> Result<Vec<Planned>, StoreError> {
    let mut problems = Vec::new();
    let mut out = Vec::new();
    for (t, rows) in &d.tables {
        let Some(shape) = shapes.get(t) else {
            problems.push(format!("table `{t}` does not exist in this database"));
            continue;
        };
        if shape.key.is_empty() {
            problems.push(format!("table `{t}` has no primary key"));
            continue;
        }
        let mut cols_of = Vec::with_capacity(rows.len());
        for (i, row) in rows.iter().enumerate() {
            for c in row.keys() {
                if !shape.columns.contains(c) {
                    problems.push(format!("{t}[{i}].{c}: no such column"));
                }
            }
            for k in &shape.key {
                if row.get(k).is_none_or(Value::is_null) {
                    problems.push(format!("{t}[{i}].{k}: the key column is missing"));
                }
            }
            let mut cols: Vec<String> = row.keys().cloned().collect();
            cols.sort();
            cols_of.push(cols);
        }
        out.push((t.clone(), cols_of));
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        const SHOWN: usize = 10;
        let more = problems.len().saturating_sub(SHOWN);
        let mut m = problems
            .into_iter()
            .take(SHOWN)
            .collect::<Vec<_>>()
            .join("; ");
        if more > 0 {
            m.push_str(&format!("; … and {more} more"));
        }
        Err(invalid(m))
    }
}

fn quote(ident: &str) -> String {
    format!("\"{}\"", ident.replace('"', "\"\""))
}

pub(super) mod sqlite {
    use super::*;
    use rusqlite::types::Value as Sv;

    fn shapes(
        t: &rusqlite::Transaction<'_>,
        d: &Dossier,
    ) -> rusqlite::Result<HashMap<String, Shape>> {
        let mut out = HashMap::new();
        for (table, _) in &d.tables {
            let mut st = t.prepare("SELECT name, pk FROM pragma_table_info(?1)")?;
            let cols: Vec<(String, i64)> = st
                .query_map([table], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<Result<_, _>>()?;
            if cols.is_empty() {
                continue;
            }
            let mut key: Vec<(i64, String)> = cols
                .iter()
                .filter(|(_, pk)| *pk > 0)
                .map(|(n, pk)| (*pk, n.clone()))
                .collect();
            key.sort();
            out.insert(
                table.clone(),
                Shape {
                    columns: cols.into_iter().map(|(n, _)| n).collect(),
                    key: key.into_iter().map(|(_, n)| n).collect(),
                },
            );
        }
        Ok(out)
    }

    fn value(v: &Value) -> Sv {
        match v {
            Value::Null => Sv::Null,
            Value::Number(n) => match n.as_i64() {
                Some(i) => Sv::Integer(i),
                None => Sv::Real(n.as_f64().unwrap_or(0.0)),
            },
            Value::String(s) => Sv::Text(s.clone()),
            other => Sv::Text(other.to_string()),
        }
    }

    /// Imports `d` inside the writer's transaction `t`.
    pub fn import(
        t: &rusqlite::Transaction<'_>,
        d: &Dossier,
    ) -> rusqlite::Result<Result<ImportCounts, StoreError>> {
        let shapes = shapes(t, d)?;
        let plan = match plan(d, &shapes) {
            Ok(p) => p,
            Err(e) => return Ok(Err(e)),
        };
        let mut counts = ImportCounts::default();
        for ((table, rows), (_, cols_of)) in d.tables.iter().zip(&plan) {
            let key = &shapes[table].key;
            let qt = quote(table);
            let key_where = key
                .iter()
                .enumerate()
                .map(|(i, k)| format!("{} IS ?{}", quote(k), i + 1))
                .collect::<Vec<_>>()
                .join(" AND ");
            let exists_sql = format!("SELECT EXISTS (SELECT 1 FROM {qt} WHERE {key_where})");
            for (i, (row, cols)) in rows.iter().zip(cols_of).enumerate() {
                let key_vals: Vec<Sv> = key.iter().map(|k| value(&row[k])).collect();
                let existed: bool = t
                    .prepare_cached(&exists_sql)?
                    .query_row(rusqlite::params_from_iter(key_vals.iter()), |r| r.get(0))?;
                let others: Vec<&String> = cols.iter().filter(|c| !key.contains(c)).collect();
                // A new row is inserted; an existing one gets only the columns
                // given, and only when one of them differs.
                let (sql, vals): (String, Vec<Sv>) = if !existed {
                    let names = cols.iter().map(|c| quote(c)).collect::<Vec<_>>().join(", ");
                    let marks = (1..=cols.len())
                        .map(|n| format!("?{n}"))
                        .collect::<Vec<_>>()
                        .join(", ");
                    (
                        format!("INSERT INTO {qt} ({names}) VALUES ({marks})"),
                        cols.iter().map(|c| value(&row[c])).collect(),
                    )
                } else if others.is_empty() {
                    (String::new(), Vec::new())
                } else {
                    let n = key.len();
                    let set = others
                        .iter()
                        .enumerate()
                        .map(|(j, c)| format!("{} = ?{}", quote(c), n + j + 1))
                        .collect::<Vec<_>>()
                        .join(", ");
                    let differs = others
                        .iter()
                        .enumerate()
                        .map(|(j, c)| format!("{} IS NOT ?{}", quote(c), n + j + 1))
                        .collect::<Vec<_>>()
                        .join(" OR ");
                    let mut vals = key_vals.clone();
                    vals.extend(others.iter().map(|c| value(&row[c.as_str()])));
                    (
                        format!("UPDATE {qt} SET {set} WHERE {key_where} AND ({differs})"),
                        vals,
                    )
                };
                let n = if sql.is_empty() {
                    0
                } else {
                    match t
                        .prepare_cached(&sql)
                        .and_then(|mut st| st.execute(rusqlite::params_from_iter(vals.iter())))
                    {
                        Ok(n) => n,
                        Err(rusqlite::Error::SqliteFailure(_, Some(m))) => {
                            return Ok(Err(invalid(format!("{table}[{i}]: {m}"))));
                        }
                        Err(e) => return Err(e),
                    }
                };
                match (existed, n) {
                    (false, _) => counts.inserted += 1,
                    (true, 0) => counts.unchanged += 1,
                    (true, _) => counts.updated += 1,
                }
            }
        }
        Ok(Ok(counts))
    }
}

pub(super) mod pg {
    use super::*;

    async fn shapes(
        t: &deadpool_postgres::Transaction<'_>,
        d: &Dossier,
    ) -> Result<HashMap<String, Shape>, tokio_postgres::Error> {
        let mut out = HashMap::new();
        for (table, _) in &d.tables {
            let cols = t
                .query(
                    "SELECT column_name::text FROM information_schema.columns \
                     WHERE table_schema = current_schema() AND table_name = $1",
                    &[table],
                )
                .await?;
            if cols.is_empty() {
                continue;
            }
            let key = t
                .query(
                    "SELECT a.attname::text FROM pg_index i \
                     JOIN pg_class c ON c.oid = i.indrelid \
                     JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = current_schema() \
                     JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord) ON true \
                     JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum \
                     WHERE c.relname = $1 AND i.indisprimary ORDER BY k.ord",
                    &[table],
                )
                .await?;
            out.insert(
                table.clone(),
                Shape {
                    columns: cols.iter().map(|r| r.get(0)).collect(),
                    key: key.iter().map(|r| r.get(0)).collect(),
                },
            );
        }
        Ok(out)
    }

    /// Imports `d` inside the transaction `t` (the caller commits).
    pub async fn import(
        t: &deadpool_postgres::Transaction<'_>,
        d: &Dossier,
    ) -> Result<ImportCounts, StoreError> {
        let shapes = shapes(t, d).await.map_err(super::super::postgres::db_err)?;
        let plan = plan(d, &shapes)?;
        let mut counts = ImportCounts::default();
        for ((table, rows), (_, cols_of)) in d.tables.iter().zip(&plan) {
            let key = &shapes[table].key;
            let qt = quote(table);
            for (i, (row, cols)) in rows.iter().zip(cols_of).enumerate() {
                let others: Vec<&String> = cols.iter().filter(|c| !key.contains(c)).collect();
                let names = cols.iter().map(|c| quote(c)).collect::<Vec<_>>().join(", ");
                let key_match = key
                    .iter()
                    .map(|k| format!("{qt}.{0} = j.{0}", quote(k)))
                    .collect::<Vec<_>>()
                    .join(" AND ");
                // json_populate_record turns each JSON scalar into the column's
                // type. A new row is inserted; an existing one gets only the
                // columns given, and only when one of them differs.
                let from = format!("json_populate_record(NULL::{qt}, $1::text::json) AS j");
                let exists_sql =
                    format!("SELECT EXISTS (SELECT 1 FROM {qt}, {from} WHERE {key_match})");
                let json = Value::Object(row.clone()).to_string();
                let result: Result<(), tokio_postgres::Error> = async {
                    let st = t.prepare_cached(&exists_sql).await?;
                    let existed: bool = t.query_one(&st, &[&json]).await?.get(0);
                    if !existed {
                        let sql = format!("INSERT INTO {qt} ({names}) SELECT {names} FROM {from}");
                        let st = t.prepare_cached(&sql).await?;
                        t.execute(&st, &[&json]).await?;
                        counts.inserted += 1;
                    } else if others.is_empty() {
                        counts.unchanged += 1;
                    } else {
                        let set = others
                            .iter()
                            .map(|c| format!("{0} = j.{0}", quote(c)))
                            .collect::<Vec<_>>()
                            .join(", ");
                        let differs = others
                            .iter()
                            .map(|c| format!("{qt}.{0} IS DISTINCT FROM j.{0}", quote(c)))
                            .collect::<Vec<_>>()
                            .join(" OR ");
                        let sql = format!(
                            "UPDATE {qt} SET {set} FROM {from} WHERE {key_match} AND ({differs})"
                        );
                        let st = t.prepare_cached(&sql).await?;
                        if t.execute(&st, &[&json]).await? == 0 {
                            counts.unchanged += 1;
                        } else {
                            counts.updated += 1;
                        }
                    }
                    Ok(())
                }
                .await;
                if let Err(e) = result {
                    return Err(match e.as_db_error() {
                        Some(db) if !db.code().code().starts_with("08") => {
                            invalid(format!("{table}[{i}]: {}", db.message()))
                        }
                        _ => super::super::postgres::db_err(e),
                    });
                }
            }
        }
        Ok(counts)
    }
}

pub use super::offre::ImportFileError;

/// `passerelle import-etudiants FILE`: reads the dossier (JSON when the name
/// ends in `.json`, else YAML), opens the database and imports it in one
/// transaction. Returns the one-line summary.
pub async fn import_file(
    path: &std::path::Path,
    cfg: &crate::Config,
) -> Result<String, ImportFileError> {
    let started = std::time::Instant::now();
    let file = path.display().to_string();
    let bytes = std::fs::read(path)
        .map_err(|e| ImportFileError::Cannot(format!("cannot read {file}: {e}")))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        ImportFileError::Invalid(format!(
            "{file}: not UTF-8 (byte {}): save the file as UTF-8",
            e.utf8_error().valid_up_to()
        ))
    })?;
    let d = parse(&text, Format::of(path))
        .map_err(|e| ImportFileError::Invalid(format!("{file}: {e}")))?;
    let store = super::open(&cfg.database_url, &cfg.database)
        .await
        .map_err(|e| ImportFileError::Cannot(e.to_string()))?;
    let c = store.import_dossier(&d).await.map_err(|e| match &e {
        StoreError::Database(m) if is_invalid(&e) => ImportFileError::Invalid(format!(
            "{file}: {INVALID}, nothing imported:\n  {}",
            m.trim_start_matches(INVALID)
                .trim_start_matches(": ")
                .replace("; ", "\n  ")
        )),
        _ => ImportFileError::Cannot(e.to_string()),
    })?;
    Ok(format!(
        "{file}: {} rows: {} inserted, {} updated, {} unchanged ({:.1} s)",
        c.inserted + c.updated + c.unchanged,
        c.inserted,
        c.updated,
        c.unchanged,
        started.elapsed().as_secs_f64()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_orders_tables_and_names_bad_values() {
        let d = parse(
            "ins_adm_anu:\n  - {cod_ind: 1, cod_anu: '2024'}\nindividu:\n  - {cod_ind: 1}\n",
            Format::Yaml,
        )
        .unwrap();
        assert_eq!(d.tables[0].0, "individu");
        assert_eq!(d.tables[1].0, "ins_adm_anu");
        assert_eq!(d.rows(), 2);
        let e = parse("individu:\n  - {cod_ind: [1]}\n", Format::Yaml).unwrap_err();
        assert!(e.contains("individu[0].cod_ind"), "{e}");
        let e = parse("{\"colour\": []}", Format::Json).unwrap_err();
        assert!(e.contains("unknown table `colour`"), "{e}");
        assert_eq!(parse("", Format::Yaml).unwrap(), Dossier::default());
    }
}
