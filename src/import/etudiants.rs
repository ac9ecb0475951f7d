//! `passerelle import-etudiants`: student data into the database in one
//! transaction, from a dossier (YAML or JSON, every table at once, see
//! [`crate::store::dossier`]) or from one table as CSV
//! (`--table individu individus.csv`: a header of column names, one row per
//! line, `;` or `,`, UTF-8 or Windows-1252 / ISO-8859-15, an empty cell is
//! NULL). Errors name the place: `individu[2].cod_etu` in a dossier, the line
//! of the file in a CSV (`line 4`). A spinner shows the work on a terminal.

use crate::store::dossier::{self, Dossier, Format, Row, INVALID, TABLES};
use crate::store::offre::ImportFileError;
use crate::store::StoreError;
use serde_json::Value;
use std::path::Path;

/// One table of a CSV file as a dossier, and the file line of each row.
/// Errors name the line.
pub fn csv_dossier(table: &str, text: &str) -> Result<(Dossier, Vec<u64>), String> {
    if !TABLES.contains(&table) {
        return Err(format!(
            "--table {table}: not a table of a student dossier; one of: {}",
            TABLES.join(", ")
        ));
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first = text.lines().next().unwrap_or("");
    let delimiter = if first.contains(';') { b';' } else { b',' };
    let mut r = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(false)
        .from_reader(text.as_bytes());
    let header: Vec<String> = r
        .headers()
        .map_err(|e| format!("line 1: {e}"))?
        .iter()
        .map(|h| h.trim().to_ascii_lowercase())
        .collect();
    if header.iter().all(String::is_empty) {
        return Err("line 1: the header (column names) is missing".into());
    }
    if let Some(i) = header.iter().position(String::is_empty) {
        return Err(format!("line 1: column {} has no name", i + 1));
    }
    let mut rows = Vec::new();
    for rec in r.records() {
        let rec = rec.map_err(|e| match e.position() {
            Some(p) => format!("line {}: {e}", line_at(text, p.byte())),
            None => e.to_string(),
        })?;
        if rec.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let mut row = Row::new();
        for (h, cell) in header.iter().zip(rec.iter()) {
            let cell = cell.trim();
            row.insert(
                h.clone(),
                if cell.is_empty() {
                    Value::Null
                } else {
                    Value::String(cell.to_string())
                },
            );
        }
        // The line of the record, for the messages (`table[i]` → line).
        // (Counted from the byte offset: the reader's own count skips blank lines.)
        let line = rec.position().map(|p| line_at(text, p.byte())).unwrap_or(0);
        rows.push((line, row));
    }
    let lines = rows.iter().map(|(n, _)| *n).collect();
    Ok((
        Dossier {
            tables: vec![(
                table.to_string(),
                rows.into_iter().map(|(_, r)| r).collect(),
            )],
        },
        lines,
    ))
}

/// The 1-based line of the record starting at byte offset `byte` of `text`.
fn line_at(text: &str, byte: u64) -> u64 {
    let mut end = (byte as usize).min(text.len());
    // A record's position may include the blank lines skipped before it.
    while end < text.len() && matches!(text.as_bytes()[end], b'\n' | b'\r') {
        end += 1;
    }
    text.as_bytes()[..end]
        .iter()
        .filter(|b| **b == b'\n')
        .count() as u64
        + 1
}

/// Adds the file line after every `table[i]` of `msg` (CSV input).
pub fn with_lines(msg: &str, table: &str, lines: &[u64]) -> String {
    let pat = format!("{table}[");
    let mut out = String::with_capacity(msg.len() + 32);
    let mut rest = msg;
    while let Some(p) = rest.find(&pat) {
        out.push_str(&rest[..p + pat.len()]);
        rest = &rest[p + pat.len()..];
        let Some(end) = rest.find(']') else { continue };
        let idx = &rest[..end];
        out.push_str(idx);
        out.push(']');
        rest = &rest[end + 1..];
        if let Some(line) = idx.parse::<usize>().ok().and_then(|i| lines.get(i)) {
            out.push_str(&format!(" (line {line})"));
        }
    }
    out.push_str(rest);
    out
}

/// Runs the command: reads `path` (a dossier, or the CSV of `table`), imports
/// it in one transaction and returns the summary line.
pub async fn import_file(
    path: &Path,
    table: Option<&str>,
    cfg: &crate::Config,
) -> Result<String, ImportFileError> {
    let started = std::time::Instant::now();
    let file = path.display().to_string();
    let bytes = std::fs::read(path)
        .map_err(|e| ImportFileError::Cannot(format!("cannot read {file}: {e}")))?;
    let (d, lines) = match table {
        Some(t) => {
            let text = super::decode(&bytes)
                .map_err(|e| ImportFileError::Invalid(format!("{file}: {e}")))?
                .text;
            let (d, lines) = csv_dossier(t, &text)
                .map_err(|e| ImportFileError::Invalid(format!("{file}: {e}")))?;
            (d, Some(lines))
        }
        None => {
            let text = String::from_utf8(bytes).map_err(|e| {
                ImportFileError::Invalid(format!(
                    "{file}: not UTF-8 (byte {}): save the file as UTF-8",
                    e.utf8_error().valid_up_to()
                ))
            })?;
            let d = dossier::parse(&text, Format::of(path))
                .map_err(|e| ImportFileError::Invalid(format!("{file}: {e}")))?;
            (d, None)
        }
    };
    let store = crate::store::open(&cfg.database_url, &cfg.database)
        .await
        .map_err(|e| ImportFileError::Cannot(e.to_string()))?;

    let pb = indicatif::ProgressBar::with_draw_target(
        None,
        if std::io::IsTerminal::is_terminal(&std::io::stderr()) {
            indicatif::ProgressDrawTarget::stderr()
        } else {
            indicatif::ProgressDrawTarget::hidden()
        },
    );
    if let Ok(style) = indicatif::ProgressStyle::with_template("{spinner} {msg} [{elapsed}]") {
        pb.set_style(style);
    }
    pb.set_message(format!(
        "importing {} rows of {} tables in one transaction",
        d.rows(),
        d.tables.len()
    ));
    pb.enable_steady_tick(std::time::Duration::from_millis(120));
    let result = store.import_dossier(&d).await;
    pb.finish_and_clear();
    let c = result.map_err(|e| match &e {
        StoreError::Database(m) if dossier::is_invalid(&e) => {
            let m = m
                .trim_start_matches(INVALID)
                .trim_start_matches(": ")
                .to_string();
            let m = match (&lines, table) {
                (Some(l), Some(t)) => with_lines(&m, t, l),
                _ => m,
            };
            ImportFileError::Invalid(format!(
                "{file}: {INVALID}, nothing imported:\n  {}",
                m.replace("; ", "\n  ")
            ))
        }
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
    fn csv_rows_and_lines() {
        let (d, lines) = csv_dossier(
            "individu",
            "COD_IND;cod_etu;lib_nom_pat_ind\n1001;21000001;MARTIN\n\n1002;;LEFEVRE\n",
        )
        .unwrap();
        assert_eq!(d.tables[0].0, "individu");
        let rows = &d.tables[0].1;
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0]["cod_ind"], Value::String("1001".into()));
        assert_eq!(rows[1]["cod_etu"], Value::Null);
        assert_eq!(lines, vec![2, 4]);
        assert!(csv_dossier("colour", "a\n1\n")
            .unwrap_err()
            .contains("--table colour"));
        let e = csv_dossier("individu", "a;b\n1;2\n3\n").unwrap_err();
        assert!(e.starts_with("line 3:"), "{e}");
    }

    #[test]
    fn messages_gain_the_line() {
        assert_eq!(
            with_lines(
                "individu[0].cod_etu: bad; individu[1]: CHECK failed",
                "individu",
                &[2, 5]
            ),
            "individu[0] (line 2).cod_etu: bad; individu[1] (line 5): CHECK failed"
        );
    }
}
