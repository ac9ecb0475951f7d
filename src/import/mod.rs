//! Batch imports from CSV files a registrar produces with a spreadsheet.
//!
//! What every import shares lives here: reading the file's bytes as text (UTF-8
//! with or without BOM, else Windows-1252 / ISO-8859-15), guessing the
//! delimiter, the per-record report (`line;key;result;field;reason`), the
//! summary and the progress bar. Each kind of record has its own module
//! ([`opi`]) that maps the columns, groups the rows and validates.

pub mod etudiants;
pub mod lp;
pub mod opi;

use std::io::Write;
use std::path::{Path, PathBuf};

/// Why an import could not run (exit code 1), as opposed to records refused
/// one by one (reported, exit code 2).
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    /// The file as a whole is unusable: encoding, header, CSV structure.
    #[error("{path}: {reason}")]
    File { path: String, reason: String },
    #[error("cannot write the report {path}: {reason}")]
    Report { path: String, reason: String },
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
}

/// Text decoded from a file, and the encoding it was read in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text {
    pub text: String,
    /// `UTF-8`, `windows-1252` or `ISO-8859-15`.
    pub encoding: &'static str,
}

/// Reads a spreadsheet export as text.
///
/// - A UTF-8 BOM: UTF-8, the BOM dropped; invalid bytes after it are an error.
/// - Valid UTF-8: UTF-8.
/// - Otherwise a single-byte Western encoding. Windows-1252 (Excel on a French
///   Windows) when a byte in `0x80..=0x9F` occurs — printable there, control
///   characters in ISO-8859-15 that no spreadsheet writes; else ISO-8859-15
///   (LibreOffice's "Western Europe"), whose `Œ œ € Š š Ž ž Ÿ` sit where
///   Windows-1252 has `¼ ½ ¤ ¦ ¨ ´ ¸ ¾`, signs no name contains.
/// - A UTF-16 BOM ("Unicode text" export): refused with a hint.
pub fn decode(bytes: &[u8]) -> Result<Text, String> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return std::str::from_utf8(rest)
            .map(|t| Text {
                text: t.to_string(),
                encoding: "UTF-8",
            })
            .map_err(|e| {
                format!(
                    "the file starts with a UTF-8 byte-order mark but is not valid UTF-8 (byte {})",
                    e.valid_up_to() + 3
                )
            });
    }
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Err(
            "the file is UTF-16 (\"Unicode text\"): save it as CSV, UTF-8 or Western Europe".into(),
        );
    }
    if let Ok(t) = std::str::from_utf8(bytes) {
        return Ok(Text {
            text: t.to_string(),
            encoding: "UTF-8",
        });
    }
    let encoding = if bytes.iter().any(|b| (0x80..=0x9F).contains(b)) {
        encoding_rs::WINDOWS_1252
    } else {
        encoding_rs::ISO_8859_15
    };
    let (text, _) = encoding.decode_without_bom_handling(bytes);
    Ok(Text {
        text: text.into_owned(),
        encoding: if encoding == encoding_rs::WINDOWS_1252 {
            "windows-1252"
        } else {
            "ISO-8859-15"
        },
    })
}

/// `;` when the header line holds one (French spreadsheets), else `,`.
pub fn detect_delimiter(text: &str) -> u8 {
    let header = text.lines().next().unwrap_or("");
    if header.contains(';') {
        b';'
    } else {
        b','
    }
}

/// What happened to one record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Created,
    Updated,
    /// Identical to what was stored: nothing written (a re-run).
    Unchanged,
    /// Refused: nothing of it written.
    Error,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Created => "created",
            Outcome::Updated => "updated",
            Outcome::Unchanged => "unchanged",
            Outcome::Error => "error",
        }
    }
}

impl From<crate::store::OpiWrite> for Outcome {
    fn from(w: crate::store::OpiWrite) -> Self {
        match w {
            crate::store::OpiWrite::Created(_) => Outcome::Created,
            crate::store::OpiWrite::Updated(_) => Outcome::Updated,
            crate::store::OpiWrite::Unchanged(_) => Outcome::Unchanged,
        }
    }
}

/// One line of the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportRow {
    /// First line of the record in the input file.
    pub line: u64,
    pub key: String,
    pub outcome: Outcome,
    /// The faulty field's domain path or column name (errors only).
    pub field: String,
    pub reason: String,
}

/// The report: `;`-separated, UTF-8 with a BOM (so that Excel reads the
/// accents right), one row per record, flushed after each row so that an
/// interrupted run leaves what it did.
pub struct Report<W: Write> {
    out: csv::Writer<W>,
}

impl<W: Write> Report<W> {
    /// Writes the BOM and the header `line;<key_column>;result;field;reason`.
    pub fn new(mut w: W, key_column: &str) -> std::io::Result<Self> {
        w.write_all(b"\xEF\xBB\xBF")?;
        let mut out = csv::WriterBuilder::new().delimiter(b';').from_writer(w);
        out.write_record(["line", key_column, "result", "field", "reason"])?;
        out.flush()?;
        Ok(Report { out })
    }

    pub fn write(&mut self, row: &ReportRow) -> std::io::Result<()> {
        self.out.write_record([
            row.line.to_string().as_str(),
            &row.key,
            row.outcome.as_str(),
            &row.field,
            &row.reason,
        ])?;
        self.out.flush()
    }
}

/// The report's default path: the input's with `.report.csv` appended.
pub fn default_report_path(input: &Path) -> PathBuf {
    let mut s = input.as_os_str().to_owned();
    s.push(".report.csv");
    PathBuf::from(s)
}

/// Counts per result, and what the run read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    pub input: String,
    pub report: String,
    pub encoding: &'static str,
    pub delimiter: char,
    /// Data rows read (blank rows not counted).
    pub rows: usize,
    /// Records found in them.
    pub records: usize,
    pub created: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub error: usize,
    /// Set when the run stopped before the last record (database lost,
    /// interrupted): the records after it were not processed.
    pub stopped: Option<String>,
}

impl Summary {
    pub fn count(&mut self, o: Outcome) {
        match o {
            Outcome::Created => self.created += 1,
            Outcome::Updated => self.updated += 1,
            Outcome::Unchanged => self.unchanged += 1,
            Outcome::Error => self.error += 1,
        }
    }

    pub fn processed(&self) -> usize {
        self.created + self.updated + self.unchanged + self.error
    }

    /// 0 when every record went in, 2 when some were refused, 1 when the run
    /// stopped early.
    pub fn exit_code(&self) -> u8 {
        if self.stopped.is_some() {
            1
        } else if self.error > 0 {
            2
        } else {
            0
        }
    }
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(
            f,
            "{}: {} rows, {} OPIs ({}, delimiter '{}')",
            self.input, self.rows, self.records, self.encoding, self.delimiter
        )?;
        writeln!(f, "  created   {}", self.created)?;
        writeln!(f, "  updated   {}", self.updated)?;
        writeln!(f, "  unchanged {}", self.unchanged)?;
        writeln!(f, "  error     {}", self.error)?;
        if let Some(why) = &self.stopped {
            writeln!(
                f,
                "stopped after {} of {} OPIs: {why}; run the same command again to resume",
                self.processed(),
                self.records
            )?;
        }
        write!(f, "report: {}", self.report)
    }
}

/// A progress bar on standard error; indicatif draws nothing when standard
/// error is not a terminal (tests, cron, redirection).
pub fn progress_bar(len: usize) -> indicatif::ProgressBar {
    let pb = indicatif::ProgressBar::new(len as u64);
    if let Ok(style) = indicatif::ProgressStyle::with_template(
        "{bar:40.cyan/blue} {pos}/{len} OPIs {msg} [{elapsed}, {eta} left]",
    ) {
        pb.set_style(style.progress_chars("=> "));
    }
    pb
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings() {
        let t = decode("nom;prénom\n".as_bytes()).unwrap();
        assert_eq!((t.text.as_str(), t.encoding), ("nom;prénom\n", "UTF-8"));
        let t = decode(b"\xEF\xBB\xBFnom;pr\xC3\xA9nom\n").unwrap();
        assert_eq!((t.text.as_str(), t.encoding), ("nom;prénom\n", "UTF-8"));
        assert!(decode(b"\xEF\xBB\xBFnom;pr\xE9nom\n").is_err());
        // Windows-1252: Œ is 0x8C, È 0xC8.
        let t = decode(b"C\x8CUR;LEF\xC8VRE\n").unwrap();
        assert_eq!(
            (t.text.as_str(), t.encoding),
            ("CŒUR;LEFÈVRE\n", "windows-1252")
        );
        // ISO-8859-15: Œ is 0xBC, É 0xC9.
        let t = decode(b"C\xBCURDEROY;\xC9lodie\n").unwrap();
        assert_eq!(
            (t.text.as_str(), t.encoding),
            ("CŒURDEROY;Élodie\n", "ISO-8859-15")
        );
        assert!(decode(b"\xFF\xFEn\x00").unwrap_err().contains("UTF-16"));
    }

    #[test]
    fn delimiters() {
        assert_eq!(detect_delimiter("a;b,c\n1,2;3"), b';');
        assert_eq!(detect_delimiter("a,b\n1;2"), b',');
        assert_eq!(detect_delimiter("a\n"), b',');
    }

    #[test]
    fn report_format() {
        let mut buf = Vec::new();
        {
            let mut r = Report::new(&mut buf, "cod_opi_int_epo").unwrap();
            r.write(&ReportRow {
                line: 2,
                key: "OPI1".into(),
                outcome: Outcome::Error,
                field: "voeux/item[2]/codEtp".into(),
                reason: "a; b".into(),
            })
            .unwrap();
        }
        assert_eq!(
            String::from_utf8(buf).unwrap(),
            "\u{feff}line;cod_opi_int_epo;result;field;reason\n2;OPI1;error;voeux/item[2]/codEtp;\"a; b\"\n"
        );
        assert_eq!(
            default_report_path(Path::new("dir/x.csv")),
            PathBuf::from("dir/x.csv.report.csv")
        );
    }
}
