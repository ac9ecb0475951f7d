//! `passerelle import-opi`: OPIs from a CSV file made with a spreadsheet.
//!
//! - The header names Apogée columns: the fields of [`IndOpi`] and of [`Voeu`]
//!   (case-insensitive), `cod_nne_ind_opi` taking the 11-character INE with its
//!   key. An unknown column refuses the whole file before anything is written.
//! - One row per (OPI, wish): the rows with the same `cod_opi_int_epo` are one
//!   OPI whose wishes are the union of the rows' wishes. The individual's
//!   columns must be identical on all of them. A row whose wish columns are all
//!   empty brings no wish; an OPI with no wish at all leaves the stored wishes
//!   alone ([`Voeux::Unchanged`]).
//! - Each OPI is validated with [`validate`] (the SOAP path's rules) and written
//!   with [`Store::upsert_opi`], one transaction each: a re-run of the same
//!   file writes nothing (`unchanged`), a re-run after an interruption finishes
//!   the job without duplicates.
//!
//! Only the individual and the wishes can be imported; the other blocks
//! (addresses, bac, access diploma, thesis) are left as stored.

use super::{
    decode, default_report_path, detect_delimiter, progress_bar, ImportError, Outcome, Report,
    ReportRow, Summary,
};
use crate::config::Config;
use crate::domain::opi::{validate, IndOpi, Opi, Voeu, Voeux};
use crate::domain::record::{split_ine, FieldError, FieldSpec, Kind, Record, Value};
use crate::store::{Store, StoreError};
use std::collections::HashMap;
use std::io::Write;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// The OPI's key column: rows are grouped on it.
pub const KEY: &str = "cod_opi_int_epo";
/// The INE column: 11 characters, the INE and its key (as `codNneIndOpi` on the
/// wire), or 10 when `cod_cle_nne_ind_opi` is also a column.
const INE: &str = "cod_nne_ind_opi";
const INE_KEY: &str = "cod_cle_nne_ind_opi";

/// Columns every file must have: [`validate`] requires them of every OPI.
pub const REQUIRED_COLUMNS: &[&str] = &[
    KEY,
    "lib_nom_pat_ind_opi",
    "lib_pr1_ind_opi",
    "date_nai_ind_opi",
    "tem_date_nai_rel_opi",
];
/// Columns a file with any wish column must have: [`validate`] requires them
/// of every wish.
pub const REQUIRED_WISH_COLUMNS: &[&str] = &[
    "cod_cge",
    "cod_dem_dos",
    "cod_etp",
    "cod_vrs_vet",
    "num_cls",
];

/// What is wrong with one OPI: the report's `field` and `reason`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The domain path of the field (`voeux/item[2]/codEtp`) or a column name.
    pub field: String,
    /// Starts with the line (`line 7, column cod_etp: …`).
    pub reason: String,
}

#[derive(Debug, Clone, Copy)]
enum Target {
    Ind(&'static FieldSpec),
    Ine,
    IneKey,
    Voeu(&'static FieldSpec),
    /// A header cell left empty (a spreadsheet's trailing separator).
    Unnamed,
}

/// The header, mapped onto the records' fields.
#[derive(Debug, Clone)]
pub struct Columns {
    names: Vec<String>,
    targets: Vec<Target>,
    key: usize,
    has_ine_key: bool,
}

impl Columns {
    /// The column names as the file gives them, lower-cased.
    pub fn names(&self) -> &[String] {
        &self.names
    }
    /// Whether any wish column is present.
    pub fn has_wishes(&self) -> bool {
        self.targets.iter().any(|t| matches!(t, Target::Voeu(_)))
    }
}

/// Maps the header. Refuses unknown or repeated columns (every one named, with
/// a suggestion when one is close), and a missing required column.
pub fn map_header<'a>(header: impl IntoIterator<Item = &'a str>) -> Result<Columns, String> {
    let mut names = Vec::new();
    let mut targets = Vec::new();
    let mut unknown = Vec::new();
    let mut repeated = Vec::new();
    for (i, raw) in header.into_iter().enumerate() {
        let name = raw.trim().to_ascii_lowercase();
        let target = if name.is_empty() {
            Target::Unnamed
        } else if name == INE {
            Target::Ine
        } else if name == INE_KEY {
            Target::IneKey
        } else if let Some(f) = IndOpi::FIELDS.iter().find(|f| f.column == name) {
            Target::Ind(f)
        } else if let Some(f) = Voeu::FIELDS.iter().find(|f| f.column == name) {
            Target::Voeu(f)
        } else {
            let hint = suggest(&name)
                .map(|s| format!(", did you mean {s}?"))
                .unwrap_or_default();
            unknown.push(format!("« {} » (column {}{hint})", raw.trim(), i + 1));
            Target::Unnamed
        };
        if !name.is_empty() && names.contains(&name) {
            repeated.push(name.clone());
        }
        names.push(name);
        targets.push(target);
    }
    if !unknown.is_empty() {
        return Err(format!(
            "unknown column{} {}: the header must name Apogée columns of the individual \
             (IND_OPI) or of the wishes (VOEUX_INS), see docs/IMPORT.md",
            if unknown.len() > 1 { "s" } else { "" },
            unknown.join(", ")
        ));
    }
    if !repeated.is_empty() {
        return Err(format!(
            "column{} {} given twice in the header",
            if repeated.len() > 1 { "s" } else { "" },
            repeated.join(", ")
        ));
    }
    let has = |c: &str| names.iter().any(|n| n == c);
    let mut missing: Vec<&str> = REQUIRED_COLUMNS
        .iter()
        .copied()
        .filter(|c| !has(c))
        .collect();
    let columns = Columns {
        key: names.iter().position(|n| n == KEY).unwrap_or(0),
        has_ine_key: has(INE_KEY),
        names: names.clone(),
        targets,
    };
    if columns.has_wishes() {
        missing.extend(REQUIRED_WISH_COLUMNS.iter().copied().filter(|c| !has(c)));
    }
    if !missing.is_empty() {
        return Err(format!(
            "missing column{} {} in the header: every OPI{} needs {}",
            if missing.len() > 1 { "s" } else { "" },
            missing.join(", "),
            if columns.has_wishes() {
                " and every wish"
            } else {
                ""
            },
            if missing.len() > 1 { "them" } else { "it" },
        ));
    }
    Ok(columns)
}

/// The known column closest to an unknown one: the same letters without
/// underscores (a DTO name such as `libNomPatIndOpi`), else at most three edits.
fn suggest(name: &str) -> Option<&'static str> {
    let squash = |s: &str| s.replace('_', "").to_ascii_lowercase();
    let all = || IndOpi::FIELDS.iter().chain(Voeu::FIELDS).map(|f| f.column);
    if let Some(c) = all().find(|c| squash(c) == squash(name)) {
        return Some(c);
    }
    all()
        .map(|c| (distance(c, name), c))
        .filter(|(d, _)| *d <= 3)
        .min()
        .map(|(_, c)| c)
}

/// Levenshtein distance.
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur.push(sub.min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

/// `ddMMyyyy` from the other ways a spreadsheet writes a date: `d/M/yyyy` or
/// `dd/MM/yyyy`, and seven digits (a `ddMMyyyy` cell typed as a number loses
/// the day's leading zero: `1022004` is 01/02/2004).
fn normalise_date(v: &str) -> Option<String> {
    let digits = |s: &str, n: std::ops::RangeInclusive<usize>| {
        n.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
    };
    if digits(v, 7..=7) {
        return Some(format!("0{v}"));
    }
    let mut parts = v.split('/');
    let (d, m, y) = (parts.next()?, parts.next()?, parts.next()?);
    (parts.next().is_none() && digits(d, 1..=2) && digits(m, 1..=2) && digits(y, 4..=4))
        .then(|| format!("{d:0>2}{m:0>2}{y}"))
}

/// Sets one field from a trimmed cell: dates in any accepted form, codes
/// `O`/`N`, `M`/`F`, `D`/`P` upper-cased.
fn set_cell<R>(
    record: &mut R,
    spec: &FieldSpec,
    value: &str,
    set: fn(&mut R, &str, &str) -> Result<bool, String>,
) -> Result<(), String> {
    let value = match spec.kind {
        Kind::Date => normalise_date(value).unwrap_or_else(|| value.to_string()),
        Kind::Flag | Kind::Sex | Kind::DepPay => value.to_uppercase(),
        _ => value.to_string(),
    };
    match set(record, spec.column, &value) {
        Ok(_) => Ok(()),
        Err(_) if spec.kind == Kind::Date => Err(format!(
            "« {value} » is not a date: expected ddMMyyyy (31012004) or dd/MM/yyyy (31/01/2004)"
        )),
        Err(e) => Err(e),
    }
}

/// One data row, read.
#[derive(Debug, Clone)]
struct Row {
    line: u64,
    ind: IndOpi,
    voeu: Option<Voeu>,
}

fn parse_row(cols: &Columns, rec: &csv::StringRecord, line: u64) -> Result<Row, Problem> {
    let mut ind = IndOpi::default();
    let mut voeu = Voeu::default();
    let mut has_voeu = false;
    let (mut ine, mut ine_key) = ("", "");
    let err = |column: &str, reason: String| Problem {
        field: column.to_string(),
        reason: format!("line {line}, column {column}: {reason}"),
    };
    for (i, raw) in rec.iter().enumerate() {
        let v = raw.trim();
        let Some(target) = cols.targets.get(i) else {
            if v.is_empty() {
                continue; // trailing separators
            }
            return Err(Problem {
                field: format!("column {}", i + 1),
                reason: format!(
                    "line {line}: « {v} » in column {} but the header has {} columns",
                    i + 1,
                    cols.targets.len()
                ),
            });
        };
        match target {
            Target::Ind(spec) => {
                set_cell(&mut ind, spec, v, IndOpi::set).map_err(|r| err(spec.column, r))?
            }
            Target::Voeu(spec) => {
                has_voeu |= !v.is_empty();
                set_cell(&mut voeu, spec, v, Voeu::set).map_err(|r| err(spec.column, r))?
            }
            Target::Ine => ine = v,
            Target::IneKey => ine_key = v,
            Target::Unnamed if v.is_empty() => {}
            Target::Unnamed => {
                return Err(Problem {
                    field: format!("column {}", i + 1),
                    reason: format!(
                        "line {line}: « {v} » in column {}, which has no name in the header",
                        i + 1
                    ),
                })
            }
        }
    }
    match (ine, ine_key) {
        ("", "") => {}
        ("", _) => {
            return Err(err(
                INE_KEY,
                format!("the key « {ine_key} » is given without the INE ({INE})"),
            ))
        }
        (nne, key) => {
            let full = if nne.chars().count() == 10 && !key.is_empty() {
                format!("{nne}{key}")
            } else {
                nne.to_string()
            };
            let (nne, cle) = split_ine(&full).map_err(|r| err(INE, r))?;
            if !key.is_empty() && !cle.eq_ignore_ascii_case(key) {
                return Err(err(
                    INE_KEY,
                    format!("the key « {key} » differs from the INE's last character « {cle} »"),
                ));
            }
            ind.cod_nne_ind_opi = Some(nne);
            ind.cod_cle_nne_ind_opi = Some(cle);
        }
    }
    Ok(Row {
        line,
        ind,
        voeu: has_voeu.then_some(voeu),
    })
}

/// The rows of one key as read (each row or its problem), and their lines.
type Group = (String, Vec<Result<Row, Problem>>, Vec<u64>);

/// One OPI of the file: its key, its lines, and either the OPI ready to be
/// written (validated, wishes in the store's order) or what is wrong with it.
#[derive(Debug, Clone)]
pub struct Entry {
    pub key: String,
    /// The lines of its rows, in file order (never empty).
    pub lines: Vec<u64>,
    pub opi: Result<Opi, Problem>,
}

impl Entry {
    pub fn first_line(&self) -> u64 {
        self.lines[0]
    }
}

/// A file read, grouped and validated.
#[derive(Debug, Clone)]
pub struct Parsed {
    pub entries: Vec<Entry>,
    /// Data rows (blank rows not counted).
    pub rows: usize,
    pub encoding: &'static str,
    pub delimiter: u8,
}

/// Reads a whole file: decode, find the delimiter unless given, map the
/// header, read and group the rows, build and validate each OPI. `Err` when
/// the file as a whole is unusable; problems of one OPI are in its [`Entry`].
pub fn parse(bytes: &[u8], delimiter: Option<u8>, today: time::Date) -> Result<Parsed, String> {
    let text = decode(bytes)?;
    let delimiter = delimiter.unwrap_or_else(|| detect_delimiter(&text.text));
    let (entries, rows) = parse_text(&text.text, delimiter, today)?;
    Ok(Parsed {
        entries,
        rows,
        encoding: text.encoding,
        delimiter,
    })
}

/// [`parse`] on decoded text; returns the entries in the order of their first
/// line and the number of data rows.
pub fn parse_text(
    text: &str,
    delimiter: u8,
    today: time::Date,
) -> Result<(Vec<Entry>, usize), String> {
    if text.trim().is_empty() {
        return Err("the file is empty: a header row naming the columns is expected".into());
    }
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(text.as_bytes());
    let header = reader
        .headers()
        .map_err(|e| format!("unreadable header: {e}"))?
        .clone();
    let cols = map_header(header.iter())?;
    // Rows per key, keys in order of first appearance; a row without a key is
    // an entry of its own.
    let mut groups: Vec<Group> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut rows = 0;
    for rec in reader.records() {
        let rec = rec.map_err(|e| format!("unreadable CSV: {e}"))?;
        if rec.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        rows += 1;
        let line = rec.position().map_or(0, |p| p.line());
        let key = rec.get(cols.key).unwrap_or("").trim().to_string();
        let row = if key.is_empty() {
            Err(Problem {
                field: KEY.into(),
                reason: format!("line {line}: {KEY} is empty; every row needs the OPI's number"),
            })
        } else {
            parse_row(&cols, &rec, line)
        };
        match index.get(&key).filter(|_| !key.is_empty()) {
            Some(&g) => {
                groups[g].1.push(row);
                groups[g].2.push(line);
            }
            None => {
                index.insert(key.clone(), groups.len());
                groups.push((key, vec![row], vec![line]));
            }
        }
    }
    let entries = groups
        .into_iter()
        .map(|(key, rows, lines)| Entry {
            opi: build(rows, &cols, today),
            key,
            lines,
        })
        .collect();
    Ok((entries, rows))
}

/// One OPI from its rows: the first problem of any row, else the individual
/// (identical on every row), the union of the wishes, validation.
fn build(
    rows: Vec<Result<Row, Problem>>,
    cols: &Columns,
    today: time::Date,
) -> Result<Opi, Problem> {
    let rows = rows.into_iter().collect::<Result<Vec<Row>, Problem>>()?;
    let first = &rows[0];
    for r in &rows[1..] {
        if r.ind != first.ind {
            return Err(conflict(first, r, cols));
        }
    }
    let mut wishes: Vec<(u64, Voeu)> = Vec::new();
    for r in &rows {
        if let Some(v) = &r.voeu {
            if !wishes.iter().any(|(_, w)| w == v) {
                wishes.push((r.line, v.clone()));
            }
        }
    }
    let mut opi = Opi {
        individu: first.ind.clone(),
        adresse_fixe: None,
        adresse_annuelle: None,
        bac: None,
        dac: None,
        voeux: if wishes.is_empty() {
            Voeux::Unchanged
        } else {
            Voeux::Replace(wishes.iter().map(|(_, v)| v.clone()).collect())
        },
        these: None,
    };
    validate(&opi, today).map_err(|e| explain(e, first.line, &wishes))?;
    // The store's order, so that the same wishes in another row order are the
    // same content (and a re-run is `unchanged`).
    if let Voeux::Replace(v) = &mut opi.voeux {
        v.sort_by(|a, b| {
            (&a.cod_cge, &a.cod_etp, a.cod_vrs_vet).cmp(&(&b.cod_cge, &b.cod_etp, b.cod_vrs_vet))
        });
    }
    Ok(opi)
}

/// Two rows of one OPI whose individual columns differ: names the first such
/// column and both lines.
fn conflict(a: &Row, b: &Row, cols: &Columns) -> Problem {
    let (va, vb) = (a.ind.values(), b.ind.values());
    let (spec, x, y) = IndOpi::FIELDS
        .iter()
        .zip(va.into_iter().zip(vb))
        .find(|(_, (x, y))| x != y)
        .map(|(s, (x, y))| (s, x, y))
        .expect("rows differ");
    let column = if spec.column == INE_KEY && !cols.has_ine_key {
        INE
    } else {
        spec.column
    };
    Problem {
        field: column.to_string(),
        reason: format!(
            "lines {} and {} disagree on {column} ({} / {}): the individual's columns must be \
             the same on every row of an OPI",
            a.line,
            b.line,
            show(x),
            show(y)
        ),
    }
}

fn show(v: Value<'_>) -> String {
    match v {
        Value::Text(Some(s)) => format!("« {s} »"),
        Value::Int(Some(i)) => format!("« {i} »"),
        Value::Date(Some(d)) => {
            format!("« {:02}/{:02}/{} »", d.day(), u8::from(d.month()), d.year())
        }
        _ => "empty".into(),
    }
}

/// A validation error with the line and column it comes from.
fn explain(e: FieldError, first_line: u64, wishes: &[(u64, Voeu)]) -> Problem {
    let wish = e.path.strip_prefix("voeux/item[").and_then(|rest| {
        let (n, sub) = rest.split_once("]/")?;
        let line = wishes.get(n.parse::<usize>().ok()?.checked_sub(1)?)?.0;
        Some((line, Voeu::FIELDS.iter().find(|f| f.path == sub)))
    });
    let (line, spec) = match wish {
        Some((line, spec)) => (line, spec),
        None => (first_line, IndOpi::FIELDS.iter().find(|f| f.path == e.path)),
    };
    let column = spec
        .map(|s| format!(", column {}", s.column))
        .unwrap_or_default();
    Problem {
        reason: format!("line {line}{column}: {}", e.reason),
        field: e.path,
    }
}

/// What `import-opi` was asked to do.
#[derive(Debug, Clone)]
pub struct Options {
    pub file: PathBuf,
    /// Default: the file's path with `.report.csv` appended.
    pub report: Option<PathBuf>,
    /// Default: detected from the header line.
    pub delimiter: Option<u8>,
}

/// The whole command: read and check the file, open the database, write every
/// OPI, report. `Err` (exit 1) when it could not run; otherwise the summary
/// ([`Summary::exit_code`]). Ctrl-C stops between two OPIs.
pub async fn run(opts: &Options, config: &Config) -> Result<Summary, ImportError> {
    let input = opts.file.display().to_string();
    let report_path = opts
        .report
        .clone()
        .unwrap_or_else(|| default_report_path(&opts.file));
    if report_path == opts.file {
        return Err(ImportError::File {
            path: input,
            reason: "the report would overwrite the input file".into(),
        });
    }
    let bytes = std::fs::read(&opts.file).map_err(|source| ImportError::Read {
        path: input.clone(),
        source,
    })?;
    let today = time::OffsetDateTime::now_utc().date();
    let parsed = parse(&bytes, opts.delimiter, today).map_err(|reason| ImportError::File {
        path: input.clone(),
        reason,
    })?;
    let store = crate::store::open(&config.database_url, &config.database).await?;
    let report_error = |e: std::io::Error| ImportError::Report {
        path: report_path.display().to_string(),
        reason: e.to_string(),
    };
    let file = std::fs::File::create(&report_path).map_err(report_error)?;
    let mut report = Report::new(std::io::BufWriter::new(file), KEY).map_err(report_error)?;
    let mut summary = Summary {
        input,
        report: report_path.display().to_string(),
        encoding: parsed.encoding,
        delimiter: char::from(parsed.delimiter),
        rows: parsed.rows,
        records: parsed.entries.len(),
        ..Summary::default()
    };
    let stop = Arc::new(AtomicBool::new(false));
    let on_signal = {
        let stop = stop.clone();
        tokio::spawn(async move {
            if tokio::signal::ctrl_c().await.is_ok() {
                stop.store(true, Ordering::Relaxed);
            }
        })
    };
    let pb = progress_bar(parsed.entries.len());
    let done = import(
        store.as_ref(),
        &parsed.entries,
        &mut report,
        &pb,
        &stop,
        &mut summary,
    )
    .await;
    pb.finish_and_clear();
    on_signal.abort();
    done.map_err(report_error)?;
    Ok(summary)
}

/// Writes each entry in turn and reports it. A refused OPI is reported and the
/// next one goes on; a lost database or `stop` ends the run
/// ([`Summary::stopped`]). `Err` only when the report cannot be written.
pub async fn import<W: Write>(
    store: &dyn Store,
    entries: &[Entry],
    report: &mut Report<W>,
    pb: &indicatif::ProgressBar,
    stop: &AtomicBool,
    summary: &mut Summary,
) -> std::io::Result<()> {
    for e in entries {
        if stop.load(Ordering::Relaxed) {
            summary.stopped = Some("interrupted".into());
            break;
        }
        pb.set_message(e.key.clone());
        let (outcome, field, reason) = match &e.opi {
            Err(p) => (Outcome::Error, p.field.clone(), p.reason.clone()),
            Ok(opi) => match crate::services::opi::unknown_wish(store, opi).await {
                Ok(Some(bad)) => (
                    Outcome::Error,
                    bad.path.clone(),
                    format!("line {}: {}", e.first_line(), bad.reason),
                ),
                Ok(None) => match store.upsert_opi(opi).await {
                    Ok(w) => (Outcome::from(w), String::new(), String::new()),
                    Err(StoreError::Unavailable(m)) => {
                        summary.stopped = Some(format!(
                            "the database is unavailable at line {}: {m}",
                            e.first_line()
                        ));
                        break;
                    }
                    Err(err) => (
                        Outcome::Error,
                        String::new(),
                        format!("line {}: {err}", e.first_line()),
                    ),
                },
                Err(StoreError::Unavailable(m)) => {
                    summary.stopped = Some(format!(
                        "the database is unavailable at line {}: {m}",
                        e.first_line()
                    ));
                    break;
                }
                Err(err) => (
                    Outcome::Error,
                    String::new(),
                    format!("line {}: {err}", e.first_line()),
                ),
            },
        };
        tracing::debug!(cod_opi_int_epo = %e.key, result = outcome.as_str(), "OPI imported");
        report.write(&ReportRow {
            line: e.first_line(),
            key: e.key.clone(),
            outcome,
            field,
            reason,
        })?;
        summary.count(outcome);
        pb.inc(1);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    const TODAY: time::Date = date!(2026 - 06 - 01);
    const HEAD: &str = "cod_opi_int_epo;lib_nom_pat_ind_opi;lib_pr1_ind_opi;date_nai_ind_opi;tem_date_nai_rel_opi;cod_nne_ind_opi;cod_cge;cod_etp;cod_vrs_vet;num_cls;cod_dem_dos";

    fn entries(body: &str) -> Vec<Entry> {
        parse_text(&format!("{HEAD}\n{body}"), b';', TODAY)
            .unwrap()
            .0
    }

    fn ok(e: &Entry) -> &Opi {
        e.opi
            .as_ref()
            .unwrap_or_else(|p| panic!("{}: {p:?}", e.key))
    }

    fn err(e: &Entry) -> &Problem {
        e.opi.as_ref().expect_err("an error")
    }

    #[test]
    fn header_mapping() {
        let c = map_header(HEAD.split(';')).unwrap();
        assert!(c.has_wishes());
        assert_eq!(c.key, 0);
        // Case and blanks do not matter; an empty trailing column is allowed.
        let c = map_header(
            " COD_OPI_INT_EPO ;Lib_Nom_Pat_Ind_Opi;lib_pr1_ind_opi;date_nai_ind_opi;tem_date_nai_rel_opi;adr_mail_opi;"
                .split(';'),
        )
        .unwrap();
        assert!(!c.has_wishes());
        assert_eq!(c.names()[0], "cod_opi_int_epo");

        let e = map_header(format!("{HEAD};lib_nom_usu_ind_op;colonne_x").split(';')).unwrap_err();
        assert!(e.contains("« lib_nom_usu_ind_op » (column 12"), "{e}");
        assert!(e.contains("did you mean lib_nom_usu_ind_opi"), "{e}");
        assert!(e.contains("« colonne_x » (column 13)"), "{e}");
        let e = map_header(format!("{HEAD};libNomUsuIndOpi").split(';')).unwrap_err();
        assert!(e.contains("did you mean lib_nom_usu_ind_opi"), "{e}");

        let e = map_header(format!("{HEAD};cod_etp").split(';')).unwrap_err();
        assert!(e.contains("cod_etp given twice"), "{e}");
        let e = map_header("cod_opi_int_epo;lib_nom_pat_ind_opi".split(';')).unwrap_err();
        assert!(e.contains("lib_pr1_ind_opi, date_nai_ind_opi"), "{e}");
        let e = map_header(
            "cod_opi_int_epo;lib_nom_pat_ind_opi;lib_pr1_ind_opi;date_nai_ind_opi;tem_date_nai_rel_opi;cod_etp"
                .split(';'),
        )
        .unwrap_err();
        assert!(
            e.contains("cod_cge, cod_dem_dos, cod_vrs_vet, num_cls"),
            "{e}"
        );
    }

    #[test]
    fn individual_and_wish_columns_are_distinct() {
        for f in IndOpi::FIELDS {
            assert!(
                Voeu::FIELDS.iter().all(|v| v.column != f.column),
                "{} is in both records",
                f.column
            );
        }
    }

    /// The required columns are exactly the fields `validate` requires.
    #[test]
    fn required_columns_match_validation() {
        let mut ind = IndOpi::default();
        for (c, v) in [
            ("cod_opi_int_epo", "K1"),
            ("lib_nom_pat_ind_opi", "NOM"),
            ("lib_pr1_ind_opi", "P"),
            ("date_nai_ind_opi", "01012000"),
            ("tem_date_nai_rel_opi", "N"),
        ] {
            assert_eq!(ind.set(c, v), Ok(true));
        }
        let mut voeu = Voeu::default();
        for (c, v) in [
            ("cod_cge", "C"),
            ("cod_dem_dos", "D"),
            ("cod_etp", "E"),
            ("cod_vrs_vet", "1"),
            ("num_cls", "1"),
        ] {
            assert_eq!(voeu.set(c, v), Ok(true));
        }
        let opi = |ind: &IndOpi, voeu: &Voeu| Opi {
            individu: ind.clone(),
            adresse_fixe: None,
            adresse_annuelle: None,
            bac: None,
            dac: None,
            voeux: Voeux::Replace(vec![voeu.clone()]),
            these: None,
        };
        validate(&opi(&ind, &voeu), TODAY).unwrap();
        for f in IndOpi::FIELDS {
            let mut i = ind.clone();
            i.set(f.column, "").unwrap();
            assert_eq!(
                validate(&opi(&i, &voeu), TODAY).is_err(),
                REQUIRED_COLUMNS.contains(&f.column),
                "{}",
                f.column
            );
        }
        for f in Voeu::FIELDS {
            let mut v = voeu.clone();
            v.set(f.column, "").unwrap();
            assert_eq!(
                validate(&opi(&ind, &v), TODAY).is_err(),
                REQUIRED_WISH_COLUMNS.contains(&f.column),
                "{}",
                f.column
            );
        }
    }

    #[test]
    fn grouping() {
        let e = entries(
            "A1;LEFÈVRE;Élodie;31012004;N;;C01;L1INF;1;1;P\n\
             B1;MARTIN;Noé;01022003;N;;;;;;\n\
             A1;LEFÈVRE;Élodie;31012004;N;;C01;L1MAT;1;2;P\n\
             ;;;;;;;;;;\n\
             A1;LEFÈVRE;Élodie;31/01/2004;N;;C01;L1INF;1;1;P\n",
        );
        assert_eq!(e.len(), 2);
        assert_eq!(
            (e[0].key.as_str(), e[0].lines.clone()),
            ("A1", vec![2, 4, 6])
        );
        let Voeux::Replace(w) = &ok(&e[0]).voeux else {
            panic!("wishes expected")
        };
        let etp: Vec<_> = w.iter().map(|v| v.cod_etp.as_deref().unwrap()).collect();
        assert_eq!(etp, ["L1INF", "L1MAT"], "union, identical rows once");
        assert_eq!(w[1].num_cls, Some(2));
        assert_eq!(ok(&e[1]).voeux, Voeux::Unchanged, "no wish columns filled");
        assert_eq!(ok(&e[1]).individu.lib_pr1_ind_opi.as_deref(), Some("Noé"));
        assert_eq!(ok(&e[0]).adresse_fixe, None);
    }

    #[test]
    fn wish_order_does_not_change_the_content() {
        let a = entries("A1;X;Y;01012000;N;;C01;E2;1;1;P\nA1;X;Y;01012000;N;;C01;E1;1;2;P\n");
        let b = entries("A1;X;Y;01012000;N;;C01;E1;1;2;P\nA1;X;Y;01012000;N;;C01;E2;1;1;P\n");
        assert_eq!(ok(&a[0]).digest(), ok(&b[0]).digest());
    }

    #[test]
    fn conflicting_rows() {
        let e = entries(
            "A1;LEFÈVRE;Élodie;31012004;N;;C01;L1INF;1;1;P\n\
             B1;MARTIN;Noé;01022003;N;;;;;;\n\
             A1;LEFÈVRE;Elodie;31012004;N;;C01;L1MAT;1;2;P\n",
        );
        let p = err(&e[0]);
        assert_eq!(p.field, "lib_pr1_ind_opi");
        assert!(p.reason.contains("lines 2 and 4"), "{}", p.reason);
        assert!(p.reason.contains("« Élodie » / « Elodie »"), "{}", p.reason);
        ok(&e[1]);
        // The same date written two ways is the same date.
        let e = entries("A1;X;Y;01022004;N;;;;;;\nA1;X;Y;1/2/2004;N;;;;;;\n");
        ok(&e[0]);
    }

    #[test]
    fn dates() {
        for (cell, want) in [
            ("31012004", date!(2004 - 01 - 31)),
            ("31/01/2004", date!(2004 - 01 - 31)),
            ("1/2/2004", date!(2004 - 02 - 01)),
            ("1022004", date!(2004 - 02 - 01)),
        ] {
            let e = entries(&format!("A1;X;Y;{cell};N;;;;;;\n"));
            assert_eq!(ok(&e[0]).individu.date_nai_ind_opi, Some(want), "{cell}");
        }
        for cell in ["2004-01-31", "31/02/2004", "31.01.2004", "310104"] {
            let e = entries(&format!("A1;X;Y;{cell};N;;;;;;\n"));
            let p = err(&e[0]);
            assert_eq!(p.field, "date_nai_ind_opi", "{cell}");
            assert!(
                p.reason.starts_with("line 2, column date_nai_ind_opi: «"),
                "{}",
                p.reason
            );
        }
        let e = entries("A1;X;Y;01012099;N;;;;;;\n");
        let p = err(&e[0]);
        assert_eq!(p.field, "individu/donneesNaissance/dateNaiIndOpi");
        assert!(p.reason.contains("in the future"), "{}", p.reason);
    }

    #[test]
    fn ine_and_codes() {
        let e = entries("A1;X;Y;01012000;n;1234567890a;;;;;\n");
        let i = &ok(&e[0]).individu;
        assert_eq!(i.cod_nne_ind_opi.as_deref(), Some("1234567890"));
        assert_eq!(i.cod_cle_nne_ind_opi.as_deref(), Some("A"));
        assert_eq!(i.tem_date_nai_rel_opi.as_deref(), Some("N"));
        let e = entries("A1;X;Y;01012000;N;123456789;;;;;\n");
        assert_eq!(err(&e[0]).field, "cod_nne_ind_opi");
        // With a separate key column.
        let text = "cod_opi_int_epo;lib_nom_pat_ind_opi;lib_pr1_ind_opi;date_nai_ind_opi;tem_date_nai_rel_opi;cod_nne_ind_opi;cod_cle_nne_ind_opi\n\
                    A1;X;Y;01012000;N;1234567890;K\n\
                    A2;X;Y;01012000;N;1234567890K;K\n\
                    A3;X;Y;01012000;N;1234567890K;J\n";
        let (e, _) = parse_text(text, b';', TODAY).unwrap();
        assert_eq!(ok(&e[0]).individu.cod_cle_nne_ind_opi.as_deref(), Some("K"));
        assert_eq!(
            ok(&e[1]).individu.cod_nne_ind_opi.as_deref(),
            Some("1234567890")
        );
        assert_eq!(ok(&e[1]).individu.cod_cle_nne_ind_opi.as_deref(), Some("K"));
        assert_eq!(err(&e[2]).field, "cod_cle_nne_ind_opi");
    }

    #[test]
    fn validation_errors_name_the_wish_and_its_line() {
        let e = entries(
            "A1;X;Y;01012000;N;;C01;L1INF;1;1;P\n\
             A1;X;Y;01012000;N;;C01;L1INFORMATIQUE;1;2;P\n",
        );
        let p = err(&e[0]);
        assert_eq!(p.field, "voeux/item[2]/codEtp");
        assert!(
            p.reason
                .starts_with("line 3, column cod_etp: « L1INFORMATIQUE »"),
            "{}",
            p.reason
        );
        let e = entries("A1;X;Y;01012000;N;;C01;L1INF;1;;P\n");
        let p = err(&e[0]);
        assert_eq!(p.field, "voeux/item[1]/numCls");
        assert!(p.reason.contains("required"), "{}", p.reason);
        let e = entries("A1;X;Y;01012000;N;;C01;L1INF;un;1;P\n");
        assert_eq!(err(&e[0]).field, "cod_vrs_vet");
        let e = entries("A1;;Y;01012000;N;;;;;;\n");
        assert_eq!(err(&e[0]).field, "individu/etatCivil/libNomPatIndOpi");
        // No key: an entry of its own, per row.
        let e = entries(";X;Y;01012000;N;;;;;;\n;X;Y;01012000;N;;;;;;\n");
        assert_eq!(e.len(), 2);
        assert_eq!(err(&e[1]).field, KEY);
        // A cell past the header's last column.
        let e = entries("A1;X;Y;01012000;N;;;;;;;surplus\n");
        assert_eq!(err(&e[0]).field, "column 12");
    }

    #[test]
    fn encodings_and_delimiters() {
        let text = format!(
            "{}\nA1,CŒURDEROY,Élodie,31012004,N,,C01,L1INF,1,1,P\n",
            HEAD.replace(';', ",")
        );
        for (encoding, name) in [
            (encoding_rs::ISO_8859_15, "ISO-8859-15"),
            (encoding_rs::WINDOWS_1252, "windows-1252"),
            (encoding_rs::UTF_8, "UTF-8"),
        ] {
            let (bytes, _, bad) = encoding.encode(&text);
            assert!(!bad);
            let p = parse(&bytes, None, TODAY).unwrap();
            assert_eq!((p.encoding, p.delimiter), (name, b','));
            let i = &ok(&p.entries[0]).individu;
            assert_eq!(
                i.lib_nom_pat_ind_opi.as_deref(),
                Some("CŒURDEROY"),
                "{name}"
            );
            assert_eq!(i.lib_pr1_ind_opi.as_deref(), Some("Élodie"), "{name}");
        }
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend(format!("{HEAD}\nA1;X;Y;01012000;N;;;;;;\n").bytes());
        let p = parse(&bom, None, TODAY).unwrap();
        assert_eq!((p.delimiter, p.rows), (b';', 1));
        ok(&p.entries[0]);
        assert!(parse(b"", None, TODAY).unwrap_err().contains("empty"));
        // A quoted cell may hold the delimiter and a line break.
        let (e, _) = parse_text(
            &format!(
                "{HEAD}\n\"A1\";\"D'ARC; dite\";Jeanne;06011412;O;;;;;;\nB1;X;Y;01012000;N;;;;;;\n"
            ),
            b';',
            TODAY,
        )
        .unwrap();
        assert_eq!(
            ok(&e[0]).individu.lib_nom_pat_ind_opi.as_deref(),
            Some("D'ARC; dite")
        );
        assert_eq!(e[1].first_line(), 3);
    }
}
