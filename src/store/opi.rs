//! The OPI tables, shared by both back-ends: which table holds which record,
//! the column types a field's [`Kind`] maps to, the SQL generated from the
//! records' `FIELDS` (so that a field added to a record cannot be forgotten in
//! one statement), and the reading of a row back into a record.
//!
//! Tables (`migrations/<dialect>/V2__opi.sql`), names lower-cased Apogée ones:
//!
//! | table | key | holds |
//! |---|---|---|
//! | `ind_opi` | `cod_ind_opi` (surrogate), UNIQUE `cod_opi_int_epo` | [`IndOpi`], `hash`, `dat_cre_ind_opi`, `dat_mod_ind_opi` |
//! | `adresse_opi` | (`cod_ind_opi`, `cod_typ_adr_opi` `F`/`A`) | [`AdresseOpi`] |
//! | `opi_bac` | `cod_ind_opi` | [`OpiBac`] |
//! | `opi_dac` | `cod_ind_opi` | [`OpiDac`] |
//! | `opi_these` | `cod_ind_opi` | [`OpiThese`] |
//! | `voeux_ins` | (`cod_ind_opi`, `cod_cge`, `cod_etp`, `cod_vrs_vet`) | [`Voeu`] |

use crate::domain::opi::{AdresseOpi, IndOpi, Opi, OpiBac, OpiDac, OpiThese, Voeu, Voeux};
use crate::domain::record::{FieldSpec, Kind, OwnedValue, Record, Value};
use std::fmt::Write as _;
use std::sync::LazyLock;

/// `cod_typ_adr_opi` of the fixed address (`adresseFixe`).
pub const ADRESSE_FIXE: &str = "F";
/// `cod_typ_adr_opi` of the annual address (`adresseAnnuelle`).
pub const ADRESSE_ANNUELLE: &str = "A";

/// Length of a `Kind::Dec` column (a decimal kept as text).
pub const DEC_LEN: usize = 20;

/// How a field is stored and bound.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Storage {
    /// `VARCHAR(n)`, bound and read as text.
    Text,
    /// `INTEGER` (32 bits).
    Int,
    /// `DATE` (SQLite: text `YYYY-MM-DD`).
    Date,
}

pub fn storage(kind: Kind) -> Storage {
    match kind {
        Kind::Int => Storage::Int,
        Kind::Date => Storage::Date,
        Kind::Text
        | Kind::Dec
        | Kind::Year
        | Kind::Month
        | Kind::Flag
        | Kind::DepPay
        | Kind::Sex => Storage::Text,
    }
}

/// The length of a text column, `None` for the others.
pub fn varchar_len(spec: &FieldSpec) -> Option<usize> {
    match (storage(spec.kind), spec.kind) {
        (Storage::Text, Kind::Dec) => Some(DEC_LEN),
        (Storage::Text, _) => Some(spec.max_len),
        _ => None,
    }
}

/// The SQL type of a field's column (the same words in both dialects).
pub fn sql_type(spec: &FieldSpec) -> String {
    match storage(spec.kind) {
        Storage::Int => "INTEGER".into(),
        Storage::Date => "DATE".into(),
        Storage::Text => format!("VARCHAR({})", varchar_len(spec).unwrap_or(0)),
    }
}

/// The storage class of a bound value (what the record's Rust field is).
pub fn value_storage(v: &Value<'_>) -> Storage {
    match v {
        Value::Text(_) => Storage::Text,
        Value::Int(_) => Storage::Int,
        Value::Date(_) => Storage::Date,
    }
}

/// A child table of `ind_opi`: one row per record, keyed by `cod_ind_opi`, the
/// optional `extra` column (which is not a record field) and the `key` fields.
#[derive(Debug, Clone, Copy)]
pub struct Child {
    pub table: &'static str,
    /// A key column that is not a record field (`cod_typ_adr_opi`).
    pub extra: Option<&'static str>,
    pub fields: &'static [FieldSpec],
    /// Conflict key besides `cod_ind_opi` (`extra` first, when there is one).
    pub key: &'static [&'static str],
    /// Reading order of several rows of one individual.
    pub order: &'static [&'static str],
}

pub const IND: &[FieldSpec] = <IndOpi as Record>::FIELDS;

pub const ADRESSE: Child = Child {
    table: "adresse_opi",
    extra: Some("cod_typ_adr_opi"),
    fields: <AdresseOpi as Record>::FIELDS,
    key: &["cod_typ_adr_opi"],
    order: &["cod_typ_adr_opi"],
};
pub const BAC: Child = Child {
    table: "opi_bac",
    extra: None,
    fields: <OpiBac as Record>::FIELDS,
    key: &[],
    order: &[],
};
pub const DAC: Child = Child {
    table: "opi_dac",
    extra: None,
    fields: <OpiDac as Record>::FIELDS,
    key: &[],
    order: &[],
};
pub const THESE: Child = Child {
    table: "opi_these",
    extra: None,
    fields: <OpiThese as Record>::FIELDS,
    key: &[],
    order: &[],
};
pub const VOEUX: Child = Child {
    table: "voeux_ins",
    extra: None,
    fields: <Voeu as Record>::FIELDS,
    key: &["cod_cge", "cod_etp", "cod_vrs_vet"],
    order: &["cod_cge", "cod_etp", "cod_vrs_vet"],
};

/// Every child table, in the order the PostgreSQL upsert binds them.
pub const CHILDREN: [Child; 5] = [ADRESSE, BAC, DAC, THESE, VOEUX];

/// The rows an OPI asks to be written in each child table, in [`CHILDREN`]
/// order (`extra` value, record values). An absent block gives no row.
pub type ChildRows<'a> = Vec<(Option<&'static str>, Vec<Value<'a>>)>;

pub fn child_rows(opi: &Opi) -> [ChildRows<'_>; 5] {
    let mut adresses = Vec::new();
    if let Some(a) = &opi.adresse_fixe {
        adresses.push((Some(ADRESSE_FIXE), a.values()));
    }
    if let Some(a) = &opi.adresse_annuelle {
        adresses.push((Some(ADRESSE_ANNUELLE), a.values()));
    }
    fn one<R: Record>(r: &Option<R>) -> ChildRows<'_> {
        r.iter().map(|r| (None, r.values())).collect()
    }
    let voeux = match &opi.voeux {
        Voeux::Replace(v) => v.iter().map(|w| (None, w.values())).collect(),
        Voeux::Unchanged | Voeux::Clear => Vec::new(),
    };
    [
        adresses,
        one(&opi.bac),
        one(&opi.dac),
        one(&opi.these),
        voeux,
    ]
}

/// Whether the OPI replaces the stored wishes (`Replace` or `Clear`).
pub fn replaces_voeux(opi: &Opi) -> bool {
    !matches!(opi.voeux, Voeux::Unchanged)
}

/// `a, b, c` (with `prefix.` before each name when given).
pub fn column_list(fields: &[FieldSpec], prefix: &str) -> String {
    fields
        .iter()
        .map(|f| format!("{prefix}{}", f.column))
        .collect::<Vec<_>>()
        .join(", ")
}

fn child_columns(child: &Child, prefix: &str) -> String {
    let mut s = String::new();
    if let Some(e) = child.extra {
        let _ = write!(s, "{prefix}{e}, ");
    }
    s.push_str(&column_list(child.fields, prefix));
    s
}

/// `col = excluded.col` for every field not in the key.
fn set_excluded(child: &Child) -> String {
    child
        .fields
        .iter()
        .filter(|f| !child.key.contains(&f.column))
        .map(|f| format!("{0} = EXCLUDED.{0}", f.column))
        .collect::<Vec<_>>()
        .join(", ")
}

fn conflict_target(child: &Child) -> String {
    std::iter::once("cod_ind_opi")
        .chain(child.key.iter().copied())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Builds a record from the values of a row, read column by column from
/// `start`: `get(index, storage)` reads one column.
pub fn read_record<R: Record, E>(
    start: usize,
    mut get: impl FnMut(usize, Storage) -> Result<OwnedValue, E>,
    bad: impl FnOnce(String) -> E,
) -> Result<R, E> {
    let mut values = Vec::with_capacity(R::FIELDS.len());
    for (i, f) in R::FIELDS.iter().enumerate() {
        values.push(get(start + i, storage(f.kind))?);
    }
    R::from_values(values).map_err(bad)
}

/// The current time as stored in SQLite: ISO-8601, UTC, milliseconds.
pub const SQLITE_NOW: &str = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";

/// SQLite statements (`?N` placeholders: `$N` would be named parameters).
pub struct SqliteSql {
    /// `?1` = cod_opi_int_epo → (cod_ind_opi, hash).
    pub ind_find: String,
    /// `?1..?n` = fields, `?n+1` = hash → cod_ind_opi.
    pub ind_insert: String,
    /// `?1..?n` = fields, `?n+1` = hash, `?n+2` = cod_ind_opi.
    pub ind_update: String,
    /// `?1` = cod_opi_int_epo → cod_ind_opi, fields.
    pub ind_select: String,
    /// Per child of [`CHILDREN`]: upsert with `?1` = cod_ind_opi, then the
    /// extra column if any, then the fields.
    pub child_upsert: [String; 5],
    /// Per child: `?1` = cod_ind_opi → extra column if any, fields, in `order`.
    pub child_select: [String; 5],
    /// `?1` = cod_ind_opi → keys of the stored wishes.
    pub voeux_keys: String,
    /// `?1` = cod_ind_opi, `?2..?4` = key of one wish.
    pub voeux_delete_one: String,
    /// `?1` = cod_ind_opi.
    pub voeux_delete_all: String,
}

pub static SQLITE: LazyLock<SqliteSql> = LazyLock::new(|| {
    let n = IND.len();
    let ph = |from: usize, count: usize| {
        (from..from + count)
            .map(|i| format!("?{i}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let ind_cols = column_list(IND, "");
    let child_upsert = CHILDREN.map(|c| {
        let count = c.fields.len() + usize::from(c.extra.is_some());
        format!(
            "INSERT INTO {t} (cod_ind_opi, {cols}) VALUES (?1, {ph}) \
             ON CONFLICT ({target}) DO UPDATE SET {set}",
            t = c.table,
            cols = child_columns(&c, ""),
            ph = ph(2, count),
            target = conflict_target(&c),
            set = set_excluded(&c),
        )
    });
    let child_select = CHILDREN.map(|c| {
        let order = if c.order.is_empty() {
            String::new()
        } else {
            format!(" ORDER BY {}", c.order.join(", "))
        };
        format!(
            "SELECT {cols} FROM {t} WHERE cod_ind_opi = ?1{order}",
            cols = child_columns(&c, ""),
            t = c.table,
        )
    });
    SqliteSql {
        ind_find: "SELECT cod_ind_opi, hash FROM ind_opi WHERE cod_opi_int_epo = ?1".into(),
        ind_insert: format!(
            "INSERT INTO ind_opi ({ind_cols}, hash, dat_cre_ind_opi, dat_mod_ind_opi) \
             VALUES ({}, ?{}, {SQLITE_NOW}, {SQLITE_NOW}) RETURNING cod_ind_opi",
            ph(1, n),
            n + 1
        ),
        ind_update: format!(
            "UPDATE ind_opi SET {}, hash = ?{}, dat_mod_ind_opi = {SQLITE_NOW} \
             WHERE cod_ind_opi = ?{}",
            IND.iter()
                .enumerate()
                .map(|(i, f)| format!("{} = ?{}", f.column, i + 1))
                .collect::<Vec<_>>()
                .join(", "),
            n + 1,
            n + 2
        ),
        ind_select: format!(
            "SELECT cod_ind_opi, {ind_cols} FROM ind_opi WHERE cod_opi_int_epo = ?1"
        ),
        child_upsert,
        child_select,
        voeux_keys: "SELECT cod_cge, cod_etp, cod_vrs_vet FROM voeux_ins WHERE cod_ind_opi = ?1"
            .into(),
        voeux_delete_one: "DELETE FROM voeux_ins WHERE cod_ind_opi = ?1 \
                           AND cod_cge = ?2 AND cod_etp = ?3 AND cod_vrs_vet = ?4"
            .into(),
        voeux_delete_all: "DELETE FROM voeux_ins WHERE cod_ind_opi = ?1".into(),
    }
});

/// The PostgreSQL array type a column is bound as.
pub fn pg_array_type(s: Storage) -> &'static str {
    match s {
        Storage::Text => "varchar[]",
        Storage::Int => "int4[]",
        Storage::Date => "date[]",
    }
}

/// PostgreSQL statements.
pub struct PgSql {
    /// The whole upsert in one statement; parameters, in order:
    /// the `IndOpi` fields, the hash, then for each child of [`CHILDREN`] one
    /// array per column (the extra column first), then the "replace the
    /// wishes" boolean. Returns one row (cod_ind_opi int8, created bool):
    /// `created` true = created, false = updated, NULL = unchanged.
    pub upsert: String,
    /// Number of parameters of `upsert`.
    pub upsert_params: usize,
    /// `$1` = cod_opi_int_epo; locks the individual's row when it exists.
    pub lock: String,
    /// `$1` = cod_opi_int_epo → cod_ind_opi, fields.
    pub ind_select: String,
    /// Per child: `$1` = cod_opi_int_epo → extra column if any, fields, in `order`.
    pub child_select: [String; 5],
}

pub static PG: LazyLock<PgSql> = LazyLock::new(|| {
    let mut next = 0usize;
    let mut param = || {
        next += 1;
        next
    };
    let ind_params: Vec<usize> = IND.iter().map(|_| param()).collect();
    let hash = param();
    let key_param = IND
        .iter()
        .position(|f| f.column == "cod_opi_int_epo")
        .map(|i| ind_params[i])
        .expect("IndOpi has cod_opi_int_epo");
    let ind_cols = column_list(IND, "");
    let mut sql = format!(
        "WITH ind AS (\n  INSERT INTO ind_opi ({ind_cols}, hash, dat_cre_ind_opi, dat_mod_ind_opi)\n  \
         VALUES ({}, ${hash}, now(), now())\n  \
         ON CONFLICT (cod_opi_int_epo) DO UPDATE SET {}, hash = EXCLUDED.hash, \
         dat_mod_ind_opi = EXCLUDED.dat_mod_ind_opi\n  \
         WHERE ind_opi.hash IS DISTINCT FROM EXCLUDED.hash\n  \
         RETURNING cod_ind_opi, (xmax = 0) AS created\n)",
        ind_params
            .iter()
            .map(|p| format!("${p}"))
            .collect::<Vec<_>>()
            .join(", "),
        IND.iter()
            .filter(|f| f.column != "cod_opi_int_epo")
            .map(|f| format!("{0} = EXCLUDED.{0}", f.column))
            .collect::<Vec<_>>()
            .join(", "),
    );
    let mut voeux_key_params = Vec::new();
    for c in CHILDREN {
        let mut arrays = Vec::new();
        if let Some(e) = c.extra {
            arrays.push((e, format!("${}::varchar[]", param())));
        }
        for f in c.fields {
            let p = param();
            if c.table == VOEUX.table && c.key.contains(&f.column) {
                voeux_key_params.push((f.column, p, storage(f.kind)));
            }
            arrays.push((
                f.column,
                format!("${p}::{}", pg_array_type(storage(f.kind))),
            ));
        }
        let _ = write!(
            sql,
            ",\nw_{t} AS (\n  INSERT INTO {t} (cod_ind_opi, {cols})\n  \
             SELECT ind.cod_ind_opi, u.* FROM ind CROSS JOIN unnest({arrays}) AS u({cols})\n  \
             ON CONFLICT ({target}) DO UPDATE SET {set}\n)",
            t = c.table,
            cols = child_columns(&c, ""),
            arrays = arrays
                .iter()
                .map(|(_, a)| a.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            target = conflict_target(&c),
            set = set_excluded(&c),
        );
    }
    let replace = param();
    // Ordered as VOEUX.key.
    let keys: Vec<_> = VOEUX
        .key
        .iter()
        .map(|k| {
            voeux_key_params
                .iter()
                .find(|(c, _, _)| c == k)
                .expect("wish key column among the fields")
        })
        .collect();
    let _ = write!(
        sql,
        ",\nd_voeux_ins AS (\n  DELETE FROM voeux_ins v USING ind\n  \
         WHERE ${replace}::bool AND v.cod_ind_opi = ind.cod_ind_opi\n  \
         AND NOT EXISTS (SELECT 1 FROM unnest({}) AS k({}) WHERE {})\n)",
        keys.iter()
            .map(|(_, p, s)| format!("${p}::{}", pg_array_type(*s)))
            .collect::<Vec<_>>()
            .join(", "),
        VOEUX.key.join(", "),
        VOEUX
            .key
            .iter()
            .map(|k| format!("k.{k} = v.{k}"))
            .collect::<Vec<_>>()
            .join(" AND "),
    );
    let _ = write!(
        sql,
        "\nSELECT cod_ind_opi, created FROM ind\nUNION ALL\n\
         SELECT cod_ind_opi, NULL FROM ind_opi \
         WHERE cod_opi_int_epo = ${key_param} AND NOT EXISTS (SELECT 1 FROM ind)"
    );
    let child_select = CHILDREN.map(|c| {
        // Byte order, as SQLite's BINARY collation: the same order on both.
        let order = if c.order.is_empty() {
            String::new()
        } else {
            format!(
                " ORDER BY {}",
                c.order
                    .iter()
                    .map(|o| {
                        let text = c
                            .fields
                            .iter()
                            .find(|f| f.column == *o)
                            .is_none_or(|f| storage(f.kind) == Storage::Text);
                        if text {
                            format!("c.{o} COLLATE \"C\"")
                        } else {
                            format!("c.{o}")
                        }
                    })
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        };
        format!(
            "SELECT {cols} FROM {t} c JOIN ind_opi i ON i.cod_ind_opi = c.cod_ind_opi \
             WHERE i.cod_opi_int_epo = $1{order}",
            cols = child_columns(&c, "c."),
            t = c.table,
        )
    });
    PgSql {
        upsert: sql,
        upsert_params: replace,
        lock: "SELECT cod_ind_opi FROM ind_opi WHERE cod_opi_int_epo = $1 FOR UPDATE".into(),
        ind_select: format!(
            "SELECT cod_ind_opi, {ind_cols} FROM ind_opi WHERE cod_opi_int_epo = $1"
        ),
        child_select,
    }
});

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    const SQLITE_V2: &str = include_str!("../../migrations/sqlite/V2__opi.sql");
    const PG_V2: &str = include_str!("../../migrations/postgres/V2__opi.sql");

    /// table → [(column, rest of its definition line)], in order.
    fn tables(sql: &str) -> HashMap<String, Vec<(String, String)>> {
        let mut out = HashMap::new();
        let mut current: Option<(String, Vec<(String, String)>)> = None;
        for line in sql.lines() {
            let line = line.split("--").next().unwrap_or("").trim();
            if let Some(rest) = line.strip_prefix("CREATE TABLE ") {
                let name = rest.trim_end_matches('(').trim().to_string();
                current = Some((name, Vec::new()));
            } else if line.starts_with(");") {
                if let Some((name, cols)) = current.take() {
                    out.insert(name, cols);
                }
            } else if let Some((_, cols)) = current.as_mut() {
                let mut words = line.splitn(2, char::is_whitespace);
                let first = words.next().unwrap_or("");
                let rest = words.next().unwrap_or("").trim().trim_end_matches(',');
                let is_column = !first.is_empty()
                    && first
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
                if is_column {
                    cols.push((first.to_string(), rest.to_string()));
                }
            }
        }
        out
    }

    const NOT_NULL: &[(&str, &str)] = &[
        ("ind_opi", "cod_opi_int_epo"),
        ("ind_opi", "lib_nom_pat_ind_opi"),
        ("ind_opi", "lib_pr1_ind_opi"),
        ("ind_opi", "date_nai_ind_opi"),
        ("ind_opi", "tem_date_nai_rel_opi"),
        ("voeux_ins", "cod_cge"),
        ("voeux_ins", "cod_etp"),
        ("voeux_ins", "cod_vrs_vet"),
        ("voeux_ins", "cod_dem_dos"),
        ("voeux_ins", "num_cls"),
    ];

    fn check_dialect(sql: &str, sqlite: bool) {
        let dialect = if sqlite { "sqlite" } else { "postgres" };
        let tables = tables(sql);
        /// (table, fields, columns before them, columns after them)
        type Expected<'a> = (&'a str, &'a [FieldSpec], Vec<&'a str>, Vec<&'a str>);
        let mut expected: Vec<Expected<'_>> = vec![(
            "ind_opi",
            IND,
            vec!["cod_ind_opi"],
            vec!["hash", "dat_cre_ind_opi", "dat_mod_ind_opi"],
        )];
        for c in CHILDREN {
            let mut lead = vec!["cod_ind_opi"];
            lead.extend(c.extra);
            expected.push((c.table, c.fields, lead, vec![]));
        }
        assert_eq!(tables.len(), expected.len(), "{dialect}: tables {tables:?}");
        for (table, fields, lead, tail) in expected {
            let cols = tables
                .get(table)
                .unwrap_or_else(|| panic!("{dialect}: no table {table}"));
            let names: Vec<&str> = cols.iter().map(|(n, _)| n.as_str()).collect();
            let want: Vec<&str> = lead
                .iter()
                .copied()
                .chain(fields.iter().map(|f| f.column))
                .chain(tail.iter().copied())
                .collect();
            assert_eq!(names, want, "{dialect}: columns of {table}");
            for f in fields {
                let def = &cols.iter().find(|(n, _)| n == f.column).unwrap().1;
                let ty = sql_type(f);
                assert!(
                    def.starts_with(&format!("{ty} ")) || def == &ty,
                    "{dialect}: {table}.{} is « {def} », expected {ty}",
                    f.column
                );
                let must = NOT_NULL.contains(&(table, f.column));
                assert_eq!(
                    def.contains("NOT NULL"),
                    must,
                    "{dialect}: {table}.{} NOT NULL",
                    f.column
                );
                if sqlite {
                    if let Some(n) = varchar_len(f) {
                        let check = format!("CHECK (length({}) <= {n})", f.column);
                        assert!(
                            def.contains(&check),
                            "{dialect}: {table}.{} lacks {check}",
                            f.column
                        );
                    }
                    if storage(f.kind) == Storage::Date {
                        let check = format!("CHECK ({0} IS date({0}))", f.column);
                        assert!(def.contains(&check), "{dialect}: {table}.{}", f.column);
                    }
                }
            }
        }
    }

    #[test]
    fn schema_matches_the_records() {
        check_dialect(SQLITE_V2, true);
        check_dialect(PG_V2, false);
    }

    /// Each field's declared kind matches its Rust type, and `from_values`
    /// inverts `values`.
    fn round_trip<R: Record + Default + PartialEq + std::fmt::Debug>() {
        for (f, v) in R::FIELDS.iter().zip(R::default().values()) {
            assert_eq!(storage(f.kind), value_storage(&v), "{}", f.column);
        }
        let values: Vec<OwnedValue> = R::FIELDS
            .iter()
            .enumerate()
            .map(|(i, f)| match storage(f.kind) {
                Storage::Text => OwnedValue::Text(Some(format!("v{i}"))),
                Storage::Int => OwnedValue::Int(Some(i as i32)),
                Storage::Date => OwnedValue::Date(Some(time::macros::date!(2004 - 01 - 31))),
            })
            .collect();
        let r = R::from_values(values.clone()).unwrap();
        let back: Vec<OwnedValue> = r
            .values()
            .into_iter()
            .map(|v| match v {
                Value::Text(t) => OwnedValue::Text(t.map(str::to_string)),
                Value::Int(i) => OwnedValue::Int(i),
                Value::Date(d) => OwnedValue::Date(d),
            })
            .collect();
        assert_eq!(back, values);
        assert!(R::from_values(values[1..].to_vec()).is_err());
    }

    #[test]
    fn records_read_back() {
        round_trip::<IndOpi>();
        round_trip::<AdresseOpi>();
        round_trip::<OpiBac>();
        round_trip::<OpiDac>();
        round_trip::<OpiThese>();
        round_trip::<Voeu>();
    }

    #[test]
    fn placeholders() {
        // SQLite: never `$N` (named parameters there).
        let s = &*SQLITE;
        for q in [&s.ind_find, &s.ind_insert, &s.ind_update, &s.ind_select]
            .into_iter()
            .chain(s.child_upsert.iter())
            .chain(s.child_select.iter())
        {
            assert!(!q.contains('$'), "{q}");
        }
        // PostgreSQL: every parameter up to the count is used.
        let p = &*PG;
        let total: usize = IND.len()
            + 1
            + CHILDREN
                .iter()
                .map(|c| c.fields.len() + usize::from(c.extra.is_some()))
                .sum::<usize>()
            + 1;
        assert_eq!(p.upsert_params, total);
        for i in 1..=total {
            let used = p
                .upsert
                .match_indices(&format!("${i}"))
                .any(|(at, m)| !p.upsert[at + m.len()..].starts_with(|c: char| c.is_ascii_digit()));
            assert!(used, "${i} unused");
        }
    }
}
