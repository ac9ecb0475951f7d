//! The call journal (`docs/JOURNAL.md`): one row per SOAP call, accepted or
//! faulted, in the `journal` table; it serves issue 8's audit trail and
//! issue 10's rejection journal.
//!
//! Writing never slows a request down: [`Journal::record`] puts the row in a
//! bounded in-memory buffer (a push under a short lock, no task woken) and a background task
//! writes the buffer in batches, every `journal.flush_interval_ms` or every
//! `journal.batch_rows` rows, whichever comes first. The price: a crash loses
//! the rows of the last interval (never business data, which is written by its
//! own transaction before the answer); a full buffer drops rows and counts
//! them ([`Journal::dropped`]). A second task deletes rows older than
//! `journal.retention_days`.
//!
//! What a row holds is chosen so that no personal data enters it: the only
//! value of the request kept is the business key (`codOpiIntEpo`, `codEtu`,
//! `codEtp`…); a fault's reason goes through [`scrub_reason`].

pub mod cli;

use crate::config::JournalConfig;
use crate::soap::Node;
use crate::store::Store;
use serde::Serialize;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use time::OffsetDateTime;

/// One journal row.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Entry {
    /// Row number (0 before it is stored).
    pub id: i64,
    /// UTC, `2026-11-23T13:48:05.123456Z` (see [`timestamp`]).
    pub at: String,
    /// The authenticated client, `None` in demo mode or when authentication failed.
    pub client: Option<String>,
    /// The service's port (`OpiMetier`).
    pub service: String,
    /// `None` when the call failed before its operation was known.
    pub operation: Option<String>,
    /// `ok` or the fault code (`technical.parameter.noncoherentinput.codEtp`).
    pub outcome: String,
    pub http_status: i32,
    pub duration_us: i64,
    pub request_bytes: i64,
    /// `codOpiIntEpo`, `IAPRIMO/…`, `codDip=…`: what the call was about.
    pub business_key: Option<String>,
    /// The fault's element path.
    pub field_path: Option<String>,
    /// The fault's plain reason, scrubbed of the values it quoted.
    pub reason: Option<String>,
    /// The request id (`X-Request-Id`, log lines, a fault's `lastErrorMsg`):
    /// what a registrar quotes to find this row. `None` in rows written
    /// before migration V13.
    pub request_id: Option<String>,
}

impl Entry {
    pub fn is_ok(&self) -> bool {
        self.outcome == "ok"
    }
}

/// What `journal list` and the admin page filter on. `None`: no filter.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// Inclusive lower bound, in the format of [`Entry::at`] (or a prefix of it).
    pub since: Option<String>,
    /// Exclusive upper bound.
    pub until: Option<String>,
    pub client: Option<String>,
    pub operation: Option<String>,
    /// A fault code, or a prefix of one ending at a dot
    /// (`technical.parameter` matches `technical.parameter.noncoherentinput.codEtp`).
    pub code: Option<String>,
    pub key: Option<String>,
    /// A request id, exactly (`X-Request-Id`).
    pub request_id: Option<String>,
    pub faults_only: bool,
    /// Most rows returned (newest first).
    pub limit: usize,
}

/// Calls of one (service, operation) over a period.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct OpStats {
    pub service: String,
    /// `-` for calls refused before their operation was known.
    pub operation: String,
    pub calls: u64,
    pub faults: u64,
    pub p50_us: i64,
    pub p95_us: i64,
    pub p99_us: i64,
}

impl OpStats {
    /// Faults / calls, 0 to 1.
    pub fn error_rate(&self) -> f64 {
        if self.calls == 0 {
            0.0
        } else {
            self.faults as f64 / self.calls as f64
        }
    }
}

/// One sample for the statistics: (service, operation or `-`, ok, duration µs).
pub type Sample = (String, String, bool, i64);

/// Groups samples per (service, operation), sorted by service then operation,
/// with nearest-rank percentiles.
pub fn stats(samples: Vec<Sample>) -> Vec<OpStats> {
    let mut groups: std::collections::BTreeMap<(String, String), (u64, Vec<i64>)> =
        Default::default();
    for (svc, op, ok, d) in samples {
        let g = groups.entry((svc, op)).or_default();
        if !ok {
            g.0 += 1;
        }
        g.1.push(d);
    }
    groups
        .into_iter()
        .map(|((service, operation), (faults, mut d))| {
            d.sort_unstable();
            OpStats {
                service,
                operation,
                calls: d.len() as u64,
                faults,
                p50_us: percentile(&d, 50.0),
                p95_us: percentile(&d, 95.0),
                p99_us: percentile(&d, 99.0),
            }
        })
        .collect()
}

/// Nearest-rank percentile of sorted values (0 when empty).
pub fn percentile(sorted: &[i64], p: f64) -> i64 {
    if sorted.is_empty() {
        return 0;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

const FORMAT: &[time::format_description::BorrowedFormatItem<'static>] = time::macros::format_description!(
    "[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:6]Z"
);

/// The journal's time format: UTC, microseconds, fixed width (text order is
/// time order on both back-ends).
pub fn timestamp(t: OffsetDateTime) -> String {
    t.to_offset(time::UtcOffset::UTC)
        .format(FORMAT)
        .unwrap_or_default()
}

/// A time bound as an operator writes it, in the journal's format: `30m`,
/// `24h`, `7d` (that long ago), `2026-11-23`, `2026-11-23T10:00`,
/// `2026-11-23T10:00:05` (UTC).
pub fn parse_when(s: &str, now: OffsetDateTime) -> Result<String, String> {
    let s = s.trim();
    let bad = || {
        format!("« {s} »: expected a duration (30m, 24h, 7d) or a UTC date (2026-11-23, 2026-11-23T10:00)")
    };
    if let Some(unit) = s.chars().last().filter(|c| "smhd".contains(*c)) {
        if let Ok(n) = s[..s.len() - 1].parse::<i64>() {
            let secs = match unit {
                's' => n,
                'm' => n * 60,
                'h' => n * 3600,
                _ => n * 86_400,
            };
            return Ok(timestamp(now - time::Duration::seconds(secs)));
        }
    }
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
    let date_ok = b.len() >= 10 && digits(0..4) && b[4] == b'-' && digits(5..7) && b[7] == b'-';
    if !date_ok || !digits(8..10) {
        return Err(bad());
    }
    let full = match b.len() {
        10 => format!("{s}T00:00:00.000000Z"),
        16 if b[10] == b'T' || b[10] == b' ' => format!("{}T{}:00.000000Z", &s[..10], &s[11..]),
        19 if b[10] == b'T' || b[10] == b' ' => format!("{}T{}.000000Z", &s[..10], &s[11..]),
        _ => return Err(bad()),
    };
    time::PrimitiveDateTime::parse(
        &full[..19],
        time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]"),
    )
    .map_err(|_| bad())?;
    Ok(full)
}

/// Most characters of a reason kept.
const MAX_REASON: usize = 480;

/// Element paths whose values are personal: their reason is replaced whole.
const PERSONAL: &[&str] = &[
    "etatCivil",
    "donneesNaissance",
    "donneesPersonnelles",
    "adresse",
    "_nom",
    "_prenom",
    "libNom",
    "libPr",
    "dateNai",
    "mail",
    "numTel",
];

/// The reason of a fault as the journal keeps it: every value it quotes
/// (`« … »`) replaced by `…`, ISO dates removed, and for an element that holds
/// personal data (names, birth data, addresses, contacts) a fixed sentence.
/// The client got the full reason in its fault; the journal need not keep it.
pub fn scrub_reason(reason: &str, path: Option<&str>) -> String {
    if path.is_some_and(|p| PERSONAL.iter().any(|w| p.contains(w))) {
        return "value refused (personal field: the value is not journalled; the client received the full reason)".into();
    }
    let mut out = String::with_capacity(reason.len());
    let mut rest = reason;
    while let Some(i) = rest.find('«') {
        out.push_str(&rest[..i]);
        match rest[i..].find('»') {
            Some(j) => {
                out.push_str("« … »");
                rest = &rest[i + j + '»'.len_utf8()..];
            }
            None => {
                out.push_str("« … »");
                rest = "";
            }
        }
    }
    out.push_str(rest);
    let out = scrub_dates(&out);
    if out.chars().count() > MAX_REASON {
        let mut s: String = out.chars().take(MAX_REASON).collect();
        s.push('…');
        s
    } else {
        out
    }
}

/// `yyyy-mm-dd` → `…`.
fn scrub_dates(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < b.len() {
        let is_date = i + 10 <= b.len()
            && b[i..i + 4].iter().all(u8::is_ascii_digit)
            && b[i + 4] == b'-'
            && b[i + 5..i + 7].iter().all(u8::is_ascii_digit)
            && b[i + 7] == b'-'
            && b[i + 8..i + 10].iter().all(u8::is_ascii_digit);
        if is_date {
            out.push('…');
            i += 10;
        } else {
            let ch = s[i..].chars().next().unwrap_or(' ');
            out.push(ch);
            i += ch.len_utf8();
        }
    }
    out
}

/// Elements that name what a call is about, in order of preference.
const KEY_ELEMENTS: &[&str] = &[
    "codOpiIntEpo",
    "_codOpiIntEpo",
    "numOPI",
    "_numOPI",
    "codEtu",
    "_codEtu",
    "codInd",
    "_codInd",
    "codDip",
    "codEtp",
    "_codEtp",
    "codElp",
    "_codElp",
    "_codePays",
    "_codeDep",
    "_codePostal",
];

/// Most elements looked at by [`key_of`] (it runs on every call).
const KEY_SCAN: usize = 400;
/// Longest key kept.
const KEY_MAX: usize = 100;

/// The generic business key of a request (for operations whose handler sets
/// none): `name=value` of the first [`KEY_ELEMENTS`] element found, looking
/// at most at [`KEY_SCAN`] elements breadth-first.
pub fn key_of(body: &Node) -> Option<String> {
    let mut queue = std::collections::VecDeque::from([*body]);
    let mut seen = 0;
    let mut best: Option<(usize, String)> = None;
    while let Some(n) = queue.pop_front() {
        seen += 1;
        if seen > KEY_SCAN {
            break;
        }
        if let Some(rank) = KEY_ELEMENTS.iter().position(|k| *k == n.name) {
            if let Some(v) = n.value() {
                if best.as_ref().is_none_or(|(r, _)| rank < *r) {
                    best = Some((
                        rank,
                        format!("{}={}", n.name.trim_start_matches('_'), v.trim()),
                    ));
                }
            }
        }
        queue.extend(n.children());
    }
    best.map(|(_, k)| clip(&k))
}

/// A key cut to [`KEY_MAX`] characters.
pub fn clip(k: &str) -> String {
    k.chars().take(KEY_MAX).collect()
}

/// The journal writer: a bounded buffer and the tasks that empty it.
///
/// A request only pushes its row under a short lock: no task is woken per row
/// (waking the writer for each request cost a task switch, often across
/// threads). The writer wakes on its interval, or when the buffer holds a
/// whole batch.
pub struct Journal {
    inner: Option<Arc<Inner>>,
    dropped: AtomicU64,
    tasks: Mutex<Vec<tokio::task::JoinHandle<()>>>,
}

struct Inner {
    store: Arc<dyn Store>,
    rows: Mutex<Vec<Entry>>,
    /// `journal.buffer_rows`: rows beyond it are dropped and counted.
    capacity: usize,
    /// `journal.batch_rows`: the writer is woken early when this many wait.
    batch: usize,
    full: tokio::sync::Notify,
    /// Held while a batch is taken and written, so that [`Journal::flush`]
    /// returns only after every row recorded before it is stored.
    writing: tokio::sync::Mutex<()>,
}

impl Journal {
    /// A journal that records nothing (`journal.enabled = false`).
    pub fn disabled() -> Arc<Journal> {
        Arc::new(Journal {
            inner: None,
            dropped: AtomicU64::new(0),
            tasks: Mutex::new(Vec::new()),
        })
    }

    /// Starts the writer (and, with a retention, the purge) on the current runtime.
    pub fn start(store: Arc<dyn Store>, cfg: &JournalConfig) -> Arc<Journal> {
        if !cfg.enabled {
            return Journal::disabled();
        }
        let batch = cfg.batch_rows.max(1);
        let inner = Arc::new(Inner {
            store: store.clone(),
            rows: Mutex::new(Vec::with_capacity(batch)),
            capacity: cfg.buffer_rows.max(1),
            batch,
            full: tokio::sync::Notify::new(),
            writing: tokio::sync::Mutex::new(()),
        });
        let journal = Arc::new(Journal {
            inner: Some(inner.clone()),
            dropped: AtomicU64::new(0),
            tasks: Mutex::new(Vec::new()),
        });
        let writer = tokio::spawn(write_loop(
            inner,
            Duration::from_millis(cfg.flush_interval_ms.max(1)),
            Arc::downgrade(&journal),
        ));
        let mut tasks = vec![writer];
        if cfg.retention_days > 0 {
            tasks.push(tokio::spawn(purge_loop(
                store,
                cfg.retention_days,
                Duration::from_secs_f64(cfg.purge_interval_secs.max(0.01)),
            )));
        }
        *journal.tasks.lock().unwrap_or_else(|e| e.into_inner()) = tasks;
        journal
    }

    /// Buffers one row; never waits. A full buffer drops the row and counts it.
    pub fn record(&self, e: Entry) {
        let Some(inner) = &self.inner else { return };
        let waiting = {
            let mut rows = inner.rows.lock().unwrap_or_else(|e| e.into_inner());
            if rows.len() >= inner.capacity {
                None
            } else {
                rows.push(e);
                Some(rows.len())
            }
        };
        match waiting {
            Some(n) if n == inner.batch => inner.full.notify_one(),
            Some(_) => {}
            None => {
                let n = self.dropped.fetch_add(1, Ordering::Relaxed) + 1;
                if n.is_power_of_two() {
                    tracing::warn!(dropped = n, "journal buffer full: rows dropped");
                }
            }
        }
    }

    /// Writes every buffered row now, and returns once they are stored.
    pub async fn flush(&self) {
        let Some(inner) = &self.inner else { return };
        let lost = write(inner).await;
        self.dropped.fetch_add(lost, Ordering::Relaxed);
    }

    /// Rows lost since start (buffer full, or a failed batch).
    pub fn dropped(&self) -> u64 {
        self.dropped.load(Ordering::Relaxed)
    }

    /// Flushes, then stops the background tasks (server shutdown).
    pub async fn close(&self) {
        self.flush().await;
        for t in self
            .tasks
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .drain(..)
        {
            t.abort();
        }
    }
}

async fn write_loop(inner: Arc<Inner>, every: Duration, journal: std::sync::Weak<Journal>) {
    // The first tick one period from now (`interval`'s first tick is immediate).
    let mut tick = tokio::time::interval_at(tokio::time::Instant::now() + every, every);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            _ = inner.full.notified() => {}
            _ = tick.tick() => {}
        }
        let lost = write(&inner).await;
        match journal.upgrade() {
            Some(j) => j.dropped.fetch_add(lost, Ordering::Relaxed),
            None => break,
        };
    }
}

/// Takes what is buffered and stores it; returns the number of rows lost.
async fn write(inner: &Inner) -> u64 {
    let _writing = inner.writing.lock().await;
    let buf = {
        let mut rows = inner.rows.lock().unwrap_or_else(|e| e.into_inner());
        if rows.is_empty() {
            return 0;
        }
        std::mem::replace(&mut *rows, Vec::with_capacity(inner.batch))
    };
    let n = buf.len();
    match inner.store.journal_insert(buf).await {
        Ok(()) => 0,
        Err(e) => {
            tracing::warn!(error = %e, rows = n, "journal rows lost: the batch could not be written");
            n as u64
        }
    }
}

async fn purge_loop(store: Arc<dyn Store>, days: u32, every: Duration) {
    let mut tick = tokio::time::interval(every);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        let cutoff = timestamp(OffsetDateTime::now_utc() - time::Duration::days(days.into()));
        match store.journal_purge(&cutoff).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(rows = n, before = %cutoff, "journal purged"),
            Err(e) => tracing::warn!(error = %e, "journal purge failed"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_lose_their_values() {
        assert_eq!(
            scrub_reason("« 31132004 » is not a date ddMMyyyy", Some("x/codEtp")),
            "« … » is not a date ddMMyyyy"
        );
        assert_eq!(
            scrub_reason("the birth date 2030-01-02 is in the future", None),
            "the birth date … is in the future"
        );
        assert!(scrub_reason(
            "« DUPONT » is 40 characters long",
            Some("_donneesOpi/individu/etatCivil/libNomPatIndOpi")
        )
        .starts_with("value refused (personal field"));
        assert_eq!(scrub_reason("open « end", None), "open « … »");
    }

    #[test]
    fn percentiles_nearest_rank() {
        let v: Vec<i64> = (1..=100).collect();
        assert_eq!(percentile(&v, 50.0), 50);
        assert_eq!(percentile(&v, 95.0), 95);
        assert_eq!(percentile(&v, 99.0), 99);
        assert_eq!(percentile(&[7], 99.0), 7);
        assert_eq!(percentile(&[], 50.0), 0);
        let s = stats(vec![
            ("A".into(), "x".into(), true, 10),
            ("A".into(), "x".into(), false, 30),
            ("A".into(), "-".into(), false, 5),
        ]);
        assert_eq!(s.len(), 2);
        assert_eq!((s[1].calls, s[1].faults, s[1].p50_us), (2, 1, 10));
        assert_eq!(s[1].error_rate(), 0.5);
    }

    #[test]
    fn time_bounds() {
        let now = time::macros::datetime!(2026-11-23 12:00 UTC);
        assert_eq!(
            parse_when("2026-11-20", now).unwrap(),
            "2026-11-20T00:00:00.000000Z"
        );
        assert_eq!(
            parse_when("2026-11-20T10:30", now).unwrap(),
            "2026-11-20T10:30:00.000000Z"
        );
        assert_eq!(
            parse_when("2h", now).unwrap(),
            "2026-11-23T10:00:00.000000Z"
        );
        assert_eq!(
            parse_when("1d", now).unwrap(),
            "2026-11-22T12:00:00.000000Z"
        );
        assert!(parse_when("hier", now).is_err());
        assert!(parse_when("2026-13-45", now).is_err());
    }
}
