//! The journal's per-row cost (issue 9): storing 10,000 rows the way the
//! journal writer does (batches of `journal.batch_rows` = 500, one
//! `Store::journal_insert` each), and the text of a row's `at`.
//!
//!     cargo bench --bench journal
//!
//! SQLite: the database lives in `JOURNAL_BENCH_DIR` (default `/dev/shm` when
//! it exists, so that the figure is CPU rather than the disk's fsync; set it
//! to a directory on disk to include the commits). The table grows across the
//! iterations, as a live journal does. PostgreSQL too when
//! `PASSERELLE_BENCH_POSTGRES_URL` names a server (a database
//! `passerelle_journal_bench` is created there and dropped at the end).
//!
//! Figures: docs/PERFORMANCE.md.

use criterion::{black_box, criterion_group, criterion_main, BatchSize, Criterion};
use passerelle::config::DatabaseConfig;
use passerelle::journal::{timestamp, Entry};
use passerelle::store::{self, Store};
use std::sync::Arc;
use std::time::Duration;

// The server's allocator (src/main.rs).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

const ROWS: usize = 10_000;
const BATCH: usize = 500;
const PG_DB: &str = "passerelle_journal_bench";

/// Rows like a busy OPI day's: 19 accepted calls for 1 fault.
fn rows() -> Vec<Entry> {
    let t0 = time::OffsetDateTime::now_utc();
    (0..ROWS)
        .map(|i| {
            let fault = i % 20 == 7;
            Entry {
                id: 0,
                at: timestamp(t0 + time::Duration::microseconds(i as i64 * 50)),
                client: Some("ecandidat".into()),
                service: "OpiMetier".into(),
                operation: Some("mettreajourDonneesOpi_v10".into()),
                outcome: if fault {
                    "technical.parameter.noncoherentinput.codEtp".into()
                } else {
                    "ok".into()
                },
                http_status: if fault { 500 } else { 200 },
                duration_us: 900 + (i as i64 % 700),
                request_bytes: 4800 + (i as i64 % 300),
                business_key: Some(format!("codOpiIntEpo=M24{:07}", (i * 7919) % 10_000_000)),
                field_path: fault
                    .then(|| "mettreajourDonneesOpi_v10/_donneesOpi/voeux/item[1]/codEtp".into()),
                reason: fault.then(|| "the course structure has no étape « … » version 1".into()),
                request_id: Some(format!("3f9a01c2-{i:08x}")),
            }
        })
        .collect()
}

/// What the journal writer does with its buffer: one `journal_insert` per batch.
fn insert_all(rt: &tokio::runtime::Runtime, store: &Arc<dyn Store>, batches: Vec<Vec<Entry>>) {
    rt.block_on(async {
        for batch in batches {
            store.journal_insert(batch).await.unwrap();
        }
    })
}

fn insert_bench(
    c: &mut Criterion,
    name: &str,
    rt: &tokio::runtime::Runtime,
    store: Arc<dyn Store>,
) {
    // `JOURNAL_BENCH_BATCH`: another batch size (`journal.batch_rows`).
    let batch = std::env::var("JOURNAL_BENCH_BATCH")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(BATCH);
    let template: Vec<Vec<Entry>> = rows().chunks(batch).map(<[Entry]>::to_vec).collect();
    let mut g = c.benchmark_group("journal_insert_10k");
    g.sample_size(20).measurement_time(Duration::from_secs(15));
    g.bench_function(name, |b| {
        b.iter_batched(
            || template.clone(),
            |rows| insert_all(rt, &store, rows),
            BatchSize::PerIteration,
        )
    });
    g.finish();
}

fn benches(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();

    let now = time::OffsetDateTime::now_utc();
    c.bench_function("journal_timestamp", |b| {
        b.iter(|| timestamp(black_box(now)))
    });
    // What owning a row's names costs (the `&'static str` alternative costs nothing):
    // service, operation and `ok` copied into `String`s, then dropped.
    c.bench_function("journal_owned_names", |b| {
        b.iter(|| {
            let names: [String; 3] = [
                black_box("OpiMetier").to_string(),
                black_box("mettreajourDonneesOpi_v10").to_string(),
                black_box("ok").to_string(),
            ];
            black_box(names)
        })
    });

    let dir = std::env::var("JOURNAL_BENCH_DIR").unwrap_or_else(|_| {
        if std::path::Path::new("/dev/shm").is_dir() {
            "/dev/shm".into()
        } else {
            std::env::temp_dir().to_string_lossy().into_owned()
        }
    });
    let tmp = tempfile::tempdir_in(dir).unwrap();
    let path = tmp.path().join("journal.db");
    let url = format!("sqlite://{}", path.display());
    let sqlite = rt
        .block_on(store::open(&url, &DatabaseConfig::default()))
        .unwrap();
    // `JOURNAL_BENCH_SQL`: SQL run on the fresh database first, to measure one
    // change at a time (`CREATE INDEX journal_key ON journal (business_key)`:
    // the index V14 dropped).
    if let Ok(sql) = std::env::var("JOURNAL_BENCH_SQL") {
        rusqlite::Connection::open(&path)
            .unwrap()
            .execute_batch(&sql)
            .unwrap();
    }
    insert_bench(c, "sqlite", &rt, sqlite);

    if let Ok(admin) = std::env::var("PASSERELLE_BENCH_POSTGRES_URL") {
        let exec_on = |url: &str, sql: String| {
            rt.block_on(async {
                let (client, conn) = tokio_postgres::connect(url, tokio_postgres::NoTls)
                    .await
                    .unwrap();
                tokio::spawn(conn);
                client.batch_execute(&sql).await.unwrap();
            })
        };
        let exec = |sql: String| exec_on(&admin, sql);
        exec(format!("DROP DATABASE IF EXISTS {PG_DB}"));
        exec(format!("CREATE DATABASE {PG_DB}"));
        let mut url: url::Url = admin.parse().unwrap();
        url.set_path(PG_DB);
        let pg = rt
            .block_on(store::open(url.as_str(), &DatabaseConfig::default()))
            .unwrap();
        // `JOURNAL_BENCH_PG_SQL`: the same, on PostgreSQL.
        if let Ok(sql) = std::env::var("JOURNAL_BENCH_PG_SQL") {
            exec_on(url.as_str(), sql);
        }
        insert_bench(c, "postgres", &rt, pg.clone());
        drop(pg);
        exec(format!("DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)"));
    }
}

criterion_group!(group, benches);
criterion_main!(group);
