//! `passerelle import-lp FILE.csv`: laissez-passer from the spreadsheet
//! registrars already use (Paris 1's layout):
//! `typLpa,codAnu,numOPI,codEtu,codEtp,codVrsVet,codDip,codVrsVdi,codRgi,codStu,libCmtLpa`
//! (plus, optionally, V2's `codCatOuiSi,mtfCat,codCatExoExt`), a header row,
//! `;` or `,`, in any column order, names compared case-insensitively.
//!
//! Each row is one laissez-passer, validated and written as
//! `mettreAJourLaissezPasserLot` does (the same rules and fault codes), in
//! transactions of [`crate::store::lp::CHUNK`] rows; every valid row commits.
//! Resumable: an interrupted run is resumed by running the same command again;
//! rows already written come back `unchanged`, never duplicated.
//! Report: one line per row (`line;key;result;field;reason`).
//! Creating / modifying user: `--user NAME`, default `import-lp`.

use super::{
    decode, default_report_path, detect_delimiter, ImportError, Outcome, Report, ReportRow, Summary,
};
use crate::config::Config;
use crate::domain::lp::LpText;
use crate::store::{LpWrite, StoreError};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// The report's key column.
const KEY: &str = "laissez_passer";

/// The columns, as the registrars' files name them.
pub const COLUMNS: [&str; 14] = [
    "typLpa",
    "codAnu",
    "numOPI",
    "codEtu",
    "codEtp",
    "codVrsVet",
    "codDip",
    "codVrsVdi",
    "codRgi",
    "codStu",
    "libCmtLpa",
    "codCatOuiSi",
    "mtfCat",
    "codCatExoExt",
];
const REQUIRED: [&str; 4] = ["typLpa", "codAnu", "codEtp", "codVrsVet"];

/// What `import-lp` was asked to do.
#[derive(Debug, Clone)]
pub struct Options {
    pub file: PathBuf,
    /// Default: the file's path with `.report.csv` appended.
    pub report: Option<PathBuf>,
    /// Default: detected from the header line.
    pub delimiter: Option<u8>,
    /// Recorded as `cod_uti_cre_lpa` / `cod_uti_mod_lpa` ([`DEFAULT_USER`]
    /// unless `--user`; at most 30 characters).
    pub user: String,
}

/// The creating / modifying user of the laissez-passer `import-lp` writes,
/// unless `--user` names another.
pub const DEFAULT_USER: &str = "import-lp";

/// The rows of a file: `(line, fields)`, and what was read.
#[derive(Debug, Clone)]
pub struct Parsed {
    pub rows: Vec<(u64, LpText)>,
    pub encoding: &'static str,
    pub delimiter: u8,
}

fn set(t: &mut LpText, column: usize, v: String) {
    let slot = match column {
        0 => &mut t.typ_lpa,
        1 => &mut t.cod_anu,
        2 => &mut t.num_opi,
        3 => &mut t.cod_etu,
        4 => &mut t.cod_etp,
        5 => &mut t.cod_vrs_vet,
        6 => &mut t.cod_dip,
        7 => &mut t.cod_vrs_vdi,
        8 => &mut t.cod_rgi,
        9 => &mut t.cod_stu,
        10 => &mut t.lib_cmt_lpa,
        11 => &mut t.cod_cat_oui_si,
        12 => &mut t.mtf_cat,
        _ => &mut t.cod_cat_exo_ext,
    };
    *slot = Some(v);
}

/// Reads the file: encoding, delimiter, header, rows (blank rows skipped).
pub fn parse(bytes: &[u8], delimiter: Option<u8>) -> Result<Parsed, String> {
    let text = decode(bytes)?;
    let delimiter = delimiter.unwrap_or_else(|| detect_delimiter(&text.text));
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(text.text.as_bytes());
    let header = rdr.headers().map_err(|e| e.to_string())?.clone();
    let mut map = Vec::new();
    for h in header.iter() {
        let h = h.trim();
        match COLUMNS.iter().position(|c| c.eq_ignore_ascii_case(h)) {
            Some(i) if map.contains(&i) => return Err(format!("column « {h} » appears twice")),
            Some(i) => map.push(i),
            None => {
                return Err(format!(
                    "unknown column « {h} »: expected {}",
                    COLUMNS.join(",")
                ))
            }
        }
    }
    for r in REQUIRED {
        let i = COLUMNS.iter().position(|c| *c == r).unwrap_or_default();
        if !map.contains(&i) {
            return Err(format!("the header has no column « {r} »"));
        }
    }
    let mut rows = Vec::new();
    for rec in rdr.records() {
        let rec = rec.map_err(|e| e.to_string())?;
        if rec.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let line = rec.position().map_or(0, |p| p.line());
        if rec.len() > map.len() {
            return Err(format!(
                "line {line}: {} fields, the header has {}",
                rec.len(),
                map.len()
            ));
        }
        let mut t = LpText::default();
        for (i, v) in rec.iter().enumerate() {
            set(&mut t, map[i], v.to_string());
        }
        rows.push((line, t));
    }
    Ok(Parsed {
        rows,
        encoding: text.encoding,
        delimiter,
    })
}

fn outcome(w: &LpWrite) -> Outcome {
    match w {
        LpWrite::Created => Outcome::Created,
        LpWrite::Updated => Outcome::Updated,
        LpWrite::Unchanged => Outcome::Unchanged,
        LpWrite::Refused { .. } | LpWrite::RolledBack => Outcome::Error,
    }
}

/// The whole command. `Err` (exit 1) when it could not run; otherwise the
/// summary ([`Summary::exit_code`]: 0 all written, 2 some refused, 1 stopped).
/// Ctrl-C stops between two transactions.
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
    if let Some(why) = crate::domain::lp::user_name_error(&opts.user) {
        return Err(ImportError::File {
            path: input,
            reason: format!("--user: {why}"),
        });
    }
    let bytes = std::fs::read(&opts.file).map_err(|source| ImportError::Read {
        path: input.clone(),
        source,
    })?;
    let parsed = parse(&bytes, opts.delimiter).map_err(|reason| ImportError::File {
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
        rows: parsed.rows.len(),
        records: parsed.rows.len(),
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
    let pb = super::progress_bar(parsed.rows.len());
    if let Ok(style) = indicatif::ProgressStyle::with_template(
        "{bar:40.cyan/blue} {pos}/{len} laissez-passer [{elapsed}, {eta} left]",
    ) {
        pb.set_style(style.progress_chars("=> "));
    }
    let mut result = Ok(());
    for chunk in parsed.rows.chunks(crate::store::lp::CHUNK) {
        if stop.load(Ordering::Relaxed) {
            summary.stopped = Some("interrupted".into());
            break;
        }
        let texts = chunk.iter().map(|(_, t)| t.clone()).collect();
        let results =
            match crate::services::lp::batch(store.as_ref(), texts, false, &opts.user).await {
                Ok(r) => r,
                Err(e) => {
                    let why = match e {
                        StoreError::Unavailable(m) => format!("the database is unavailable: {m}"),
                        other => other.to_string(),
                    };
                    summary.stopped = Some(format!("at line {}: {why}", chunk[0].0));
                    break;
                }
            };
        for ((line, _), r) in chunk.iter().zip(results) {
            let o = outcome(&r.write);
            let (field, reason) = match r.write {
                LpWrite::Refused { code, reason } => (code, format!("line {line}: {reason}")),
                _ => (String::new(), String::new()),
            };
            if let Err(e) = report.write(&ReportRow {
                line: *line,
                key: r.key,
                outcome: o,
                field,
                reason,
            }) {
                result = Err(e);
                break;
            }
            summary.count(o);
            pb.inc(1);
        }
        if result.is_err() {
            break;
        }
    }
    pb.finish_and_clear();
    on_signal.abort();
    result.map_err(report_error)?;
    Ok(summary)
}

/// The summary in words (laissez-passer, not OPIs).
pub fn describe(s: &Summary) -> String {
    let mut out = format!(
        "{}: {} laissez-passer ({}, delimiter '{}')\n  created   {}\n  updated   {}\n  unchanged {}\n  error     {}\n",
        s.input, s.rows, s.encoding, s.delimiter, s.created, s.updated, s.unchanged, s.error
    );
    if let Some(why) = &s.stopped {
        out.push_str(&format!(
            "stopped after {} of {} laissez-passer: {why}; run the same command again to resume\n",
            s.processed(),
            s.records
        ));
    }
    out.push_str(&format!("report: {}", s.report));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_and_rows() {
        let p = parse(
            b"typLpa;codAnu;numOPI;codEtu;codEtp;codVrsVet;codDip;codVrsVdi;codRgi;codStu;libCmtLpa\n\
              IAPRIMO;2024;M1;;L1INF;101;LINF;101;;;lot\n;;;;;;;;;;\nREINS;2024;;123;L1INF;101;;;;;\n",
            None,
        )
        .unwrap();
        assert_eq!(p.delimiter, b';');
        assert_eq!(p.rows.len(), 2);
        assert_eq!(p.rows[0].0, 2);
        assert_eq!(p.rows[0].1.num_opi.as_deref(), Some("M1"));
        assert_eq!(p.rows[1].0, 4);
        let p = parse(
            b"CODETP,codVrsVet,typLpa,codAnu\nL1INF,101,REINS,2024\n",
            None,
        )
        .unwrap();
        assert_eq!(p.rows[0].1.cod_etp.as_deref(), Some("L1INF"));
        assert!(parse(b"typLpa,codAnu,codEtp\n", None)
            .unwrap_err()
            .contains("codVrsVet"));
        assert!(parse(b"typLpa,codAnu,codEtp,codVrsVet,x\n", None)
            .unwrap_err()
            .contains("« x »"));
    }
}
