//! `passerelle journal list` and `passerelle journal stats`.

use super::{parse_when, stats, Filter};
use crate::config::Config;
use std::io::Write;
use time::OffsetDateTime;

pub enum What {
    List {
        since: Option<String>,
        until: Option<String>,
        client: Option<String>,
        operation: Option<String>,
        code: Option<String>,
        key: Option<String>,
        request_id: Option<String>,
        faults_only: bool,
        limit: usize,
    },
    Stats {
        since: String,
    },
}

pub struct Args {
    pub what: What,
    pub json: bool,
    /// The configuration (database URL), or why it could not be read.
    pub config: Result<Config, String>,
}

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Tab-separated cell: no tab or line break inside.
fn cell(v: Option<&str>) -> String {
    v.unwrap_or("-").replace(['\t', '\n', '\r'], " ")
}

pub async fn run(args: Args) -> Result<(), BoxError> {
    let cfg = args.config?;
    let now = OffsetDateTime::now_utc();
    let bound = |v: Option<String>| -> Result<Option<String>, BoxError> {
        v.map(|s| parse_when(&s, now).map_err(BoxError::from))
            .transpose()
    };
    let store = crate::store::open(&cfg.database_url, &cfg.database).await?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match args.what {
        What::List {
            since,
            until,
            client,
            operation,
            code,
            key,
            request_id,
            faults_only,
            limit,
        } => {
            let f = Filter {
                since: bound(since)?,
                until: bound(until)?,
                client,
                operation,
                code,
                key,
                request_id: request_id.map(|r| r.trim().to_string()),
                faults_only,
                limit,
            };
            let rows = store.journal_list(&f).await?;
            if args.json {
                for e in &rows {
                    writeln!(out, "{}", serde_json::to_string(e)?)?;
                }
            } else {
                writeln!(out, "at\tclient\tservice\toperation\toutcome\thttp\tduration_us\tbytes\tkey\tfield\treason\trequest_id")?;
                for e in &rows {
                    writeln!(
                        out,
                        "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
                        e.at,
                        cell(e.client.as_deref()),
                        e.service,
                        cell(e.operation.as_deref()),
                        e.outcome,
                        e.http_status,
                        e.duration_us,
                        e.request_bytes,
                        cell(e.business_key.as_deref()),
                        cell(e.field_path.as_deref()),
                        cell(e.reason.as_deref()),
                        cell(e.request_id.as_deref()),
                    )?;
                }
            }
        }
        What::Stats { since } => {
            let since = parse_when(&since, now)?;
            let st = stats(store.journal_samples(Some(&since)).await?);
            if args.json {
                writeln!(out, "{}", serde_json::to_string(&st)?)?;
            } else {
                writeln!(out, "since {since}")?;
                writeln!(
                    out,
                    "{:<28} {:<36} {:>8} {:>7} {:>7} {:>9} {:>9} {:>9}",
                    "service",
                    "operation",
                    "calls",
                    "faults",
                    "error%",
                    "p50_ms",
                    "p95_ms",
                    "p99_ms"
                )?;
                let (mut calls, mut faults) = (0, 0);
                for s in &st {
                    calls += s.calls;
                    faults += s.faults;
                    writeln!(
                        out,
                        "{:<28} {:<36} {:>8} {:>7} {:>7.1} {:>9.1} {:>9.1} {:>9.1}",
                        s.service,
                        s.operation,
                        s.calls,
                        s.faults,
                        s.error_rate() * 100.0,
                        s.p50_us as f64 / 1000.0,
                        s.p95_us as f64 / 1000.0,
                        s.p99_us as f64 / 1000.0
                    )?;
                }
                let rate = if calls == 0 {
                    0.0
                } else {
                    faults as f64 * 100.0 / calls as f64
                };
                writeln!(
                    out,
                    "{:<28} {:<36} {:>8} {:>7} {:>7.1}",
                    "total", "", calls, faults, rate
                )?;
            }
        }
    }
    Ok(())
}
