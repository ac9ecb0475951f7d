//! Group commit on the SQLite writer thread.
//!
//! Every write ([`super::SqliteStore::write`]) is a job sent to the one writer
//! thread. The thread takes the first job waiting, then every other job already
//! queued (at most [`MAX_GROUP`]), and runs them all in **one** `BEGIN IMMEDIATE`
//! transaction, each job inside its own `SAVEPOINT`:
//!
//! * a job that fails (or whose requester has given up) is rolled back to its
//!   savepoint alone; the other jobs of the group are not affected;
//! * then the transaction commits once (`synchronous=FULL`: one durable commit,
//!   one fsync of the WAL, for the whole group);
//! * only then is each requester told its outcome: no acknowledgement ever
//!   precedes the durable commit of its writes. If the commit fails, every job
//!   of the group gets the error (nothing of the group was written).
//!
//! If a job leaves the transaction unusable (SQLite rolled it back itself, e.g.
//! on a full disk or an I/O error, or `ROLLBACK TO` failed), the whole group is
//! rolled back and every job of it gets an error: nothing is acknowledged, the
//! clients retry.
//!
//! Grouping costs no waiting: a group is whatever queued while the previous
//! group was committing, so a lone request commits at once, and under load the
//! fsync is shared by up to [`MAX_GROUP`] requests.

use rusqlite::{Connection, Transaction, TransactionBehavior};
use tokio::sync::{mpsc, oneshot};

/// At most this many jobs share one commit (bounds the latency a large group adds).
pub(crate) const MAX_GROUP: usize = 64;

/// Environment variable overriding [`MAX_GROUP`] (benchmarks: `1` gives one
/// transaction per request, the behaviour before group commit).
pub(crate) const MAX_GROUP_ENV: &str = "PASSERELLE_SQLITE_GROUP_MAX";

fn max_group() -> usize {
    std::env::var(MAX_GROUP_ENV)
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
        .filter(|n| *n >= 1)
        .unwrap_or(MAX_GROUP)
}

/// One write waiting for the writer thread.
pub(crate) trait Job: Send {
    /// Runs the job inside the group's transaction, in its own savepoint.
    /// Returns `false` when the transaction can no longer be used.
    fn run(&mut self, t: &Transaction<'_>) -> bool;
    /// Tells the requester its outcome, once the group's commit is known.
    fn finish(self: Box<Self>, commit: Result<(), &str>);
}

pub(crate) type BoxedJob = Box<dyn Job>;

struct Typed<R, F> {
    f: Option<F>,
    result: Option<Result<R, String>>,
    tx: Option<oneshot::Sender<Result<R, String>>>,
}

/// A job running `f`, whose outcome goes to `tx`.
pub(crate) fn job<R, F>(f: F, tx: oneshot::Sender<Result<R, String>>) -> BoxedJob
where
    R: Send + 'static,
    F: FnOnce(&Transaction<'_>) -> rusqlite::Result<R> + Send + 'static,
{
    Box::new(Typed {
        f: Some(f),
        result: None,
        tx: Some(tx),
    })
}

fn rollback_to(t: &Transaction<'_>) -> bool {
    t.execute_batch("ROLLBACK TO job; RELEASE job").is_ok() && !t.is_autocommit()
}

impl<R, F> Job for Typed<R, F>
where
    R: Send + 'static,
    F: FnOnce(&Transaction<'_>) -> rusqlite::Result<R> + Send + 'static,
{
    fn run(&mut self, t: &Transaction<'_>) -> bool {
        let Some(f) = self.f.take() else { return true };
        let abandoned = || self.tx.as_ref().is_none_or(|tx| tx.is_closed());
        if abandoned() {
            // The requester gave up while queued (handler timeout, client gone).
            self.result = Some(Err("the request was abandoned".into()));
            return true;
        }
        if let Err(e) = t.execute_batch("SAVEPOINT job") {
            self.result = Some(Err(e.to_string()));
            return !t.is_autocommit();
        }
        match f(t) {
            Ok(r) => {
                // The requester gave up meanwhile: undo rather than commit work
                // nobody will be told about.
                if abandoned() {
                    self.result = Some(Err("the request was abandoned".into()));
                    return rollback_to(t);
                }
                match t.execute_batch("RELEASE job") {
                    Ok(()) => {
                        self.result = Some(Ok(r));
                        !t.is_autocommit()
                    }
                    Err(e) => {
                        self.result = Some(Err(e.to_string()));
                        rollback_to(t)
                    }
                }
            }
            Err(e) => {
                self.result = Some(Err(e.to_string()));
                rollback_to(t)
            }
        }
    }

    fn finish(mut self: Box<Self>, commit: Result<(), &str>) {
        let outcome = match (self.result.take(), commit) {
            (Some(Err(e)), _) => Err(e),
            (Some(Ok(r)), Ok(())) => Ok(r),
            (Some(Ok(_)), Err(e)) | (None, Err(e)) => Err(e.to_string()),
            (None, Ok(())) => Err("the write was not run".into()),
        };
        if let Some(tx) = self.tx.take() {
            let _ = tx.send(outcome);
        }
    }
}

/// The writer thread's loop: one group per iteration, until every sender is gone.
pub(crate) fn run(mut conn: Connection, mut rx: mpsc::Receiver<BoxedJob>) {
    let max = max_group();
    let mut group: Vec<BoxedJob> = Vec::with_capacity(max);
    while let Some(first) = rx.blocking_recv() {
        group.push(first);
        while group.len() < max {
            match rx.try_recv() {
                Ok(j) => group.push(j),
                Err(_) => break,
            }
        }
        run_group(&mut conn, &mut group);
    }
}

/// Runs `jobs` in one transaction and tells each its outcome after the commit.
pub(crate) fn run_group(conn: &mut Connection, jobs: &mut Vec<BoxedJob>) {
    let commit: Result<(), String> = (|| {
        let t = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| e.to_string())?;
        for (i, j) in jobs.iter_mut().enumerate() {
            if !j.run(&t) {
                // `t` is dropped: rolled back if still open.
                return Err(format!(
                    "the transaction of a group of {} writes was aborted while running write {}; nothing of the group was written",
                    jobs.len(),
                    i + 1
                ));
            }
        }
        t.commit().map_err(|e| e.to_string())
    })();
    if let Err(e) = &commit {
        tracing::warn!(error = %e, writes = jobs.len(), "SQLite group commit failed");
    }
    for j in jobs.drain(..) {
        j.finish(commit.as_ref().map(|_| ()).map_err(String::as_str));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn conn() -> Connection {
        let c = Connection::open_in_memory().unwrap();
        c.execute_batch("CREATE TABLE t (k TEXT PRIMARY KEY)")
            .unwrap();
        c
    }

    fn insert(k: &'static str) -> impl FnOnce(&Transaction<'_>) -> rusqlite::Result<()> {
        move |t| t.execute("INSERT INTO t (k) VALUES (?1)", [k]).map(|_| ())
    }

    #[test]
    fn a_failing_job_does_not_affect_the_others_of_its_group() {
        let mut c = conn();
        let mut rxs = Vec::new();
        let mut jobs = Vec::new();
        // The third inserts two rows, the second a duplicate: it must leave no row.
        let keys: [&'static str; 2] = ["a", "b"];
        let (tx, rx) = oneshot::channel();
        jobs.push(job(insert(keys[0]), tx));
        rxs.push(rx);
        let (tx, rx) = oneshot::channel();
        jobs.push(job(insert(keys[1]), tx));
        rxs.push(rx);
        let (tx, rx) = oneshot::channel();
        jobs.push(job(
            |t: &Transaction<'_>| {
                t.execute("INSERT INTO t (k) VALUES ('c')", [])?;
                t.execute("INSERT INTO t (k) VALUES ('a')", [])?;
                Ok(())
            },
            tx,
        ));
        rxs.push(rx);
        let (tx, rx) = oneshot::channel();
        jobs.push(job(insert("d"), tx));
        rxs.push(rx);
        run_group(&mut c, &mut jobs);
        let outcomes: Vec<bool> = rxs
            .into_iter()
            .map(|mut rx| rx.try_recv().unwrap().is_ok())
            .collect();
        assert_eq!(outcomes, [true, true, false, true]);
        let rows: Vec<String> = c
            .prepare("SELECT k FROM t ORDER BY k")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(rows, ["a", "b", "d"]);
    }

    #[test]
    fn an_abandoned_job_is_not_written() {
        let mut c = conn();
        let (tx, rx) = oneshot::channel::<Result<(), String>>();
        drop(rx);
        let (tx2, mut rx2) = oneshot::channel();
        let mut jobs = vec![job(insert("a"), tx), job(insert("b"), tx2)];
        run_group(&mut c, &mut jobs);
        assert!(rx2.try_recv().unwrap().is_ok());
        let n: i64 = c
            .query_row("SELECT count(*) FROM t", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 1);
    }
}
