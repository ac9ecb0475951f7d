//! `telem_laisser_passer_opi` / `telem_laisser_passer` (laissez-passer,
//! `LaissezPasserMetier`) for both back-ends. The `Store` implementations
//! delegate here.
//!
//! Batches run in transactions of [`CHUNK`] items (all items in one
//! transaction when "all or nothing" is asked); every item is checked before
//! any is written, and an identical re-send writes nothing.
//!
//! `REINS` laissez-passer are keyed by the individual (`cod_ind`, found in
//! `individu` by the `codEtu` sent, which is kept in `cod_etu_lpa`); a `codEtu`
//! that no `individu` has is refused (`technical.data.nullretrieve.etudiant`).
//!
//! SQLite (in-process, on the writer thread, `?N` placeholders), per item: one
//! query for the course-structure checks, one for the person (the OPI
//! individual of an `IAPRIMO`, the `individu` of a `REINS`), one read of the
//! stored row, and an insert-or-update only when the content differs.
//!
//! PostgreSQL (`$N`), set-based to save round trips: per chunk, one query
//! checks every item and finds its person (`unnest` of the items' fields as
//! arrays) and one
//! `INSERT … SELECT FROM unnest(…) ON CONFLICT DO UPDATE … WHERE content IS
//! DISTINCT` per table writes them (a second round only for keys repeated
//! within the chunk). Same results, item by item, as SQLite.

use super::postgres::PgStore;
use super::sqlite::SqliteStore;
use super::StoreError;
use crate::domain::lp::{Lp, IAPRIMO, REINS};
use std::sync::LazyLock;

/// Items per transaction in the default (each valid item commits) mode.
pub const CHUNK: usize = 500;

/// The creating / modifying user when nobody is authenticated (authentication
/// not enforced: the loopback demo). Otherwise the authenticated client's name
/// (at most [`crate::domain::lp::MAX_USER_CHARS`] characters, checked when the
/// configuration is loaded); `import-lp`: `--user`, default `import-lp`.
pub const USER: &str = "passerelle";

/// What writing one laissez-passer did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LpWrite {
    Created,
    /// Stored with another content, now replaced (modification user and date set).
    Updated,
    /// The same content was already stored: nothing written.
    Unchanged,
    /// Refused by a rule that needs the database (unknown OPI, VET, …).
    Refused {
        code: String,
        reason: String,
    },
    /// Valid, but not written: another item of an all-or-nothing batch was refused.
    RolledBack,
}

impl LpWrite {
    fn refused(code: &str, reason: String) -> LpWrite {
        LpWrite::Refused {
            code: code.to_string(),
            reason,
        }
    }
}

/// A laissez-passer as stored (`typ_lpa` from its table; `num_opi` from
/// `cod_opi_int_epo`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredLp {
    pub lp: Lp,
    pub cod_uti_cre_lpa: String,
    /// Whether it was modified after its creation.
    pub modified: bool,
    /// Who modified it last (`None` until it is modified).
    pub cod_uti_mod_lpa: Option<String>,
    /// `REINS`: the individual it is stored under (`individu.cod_ind`, found by
    /// the `codEtu` sent, which `lp.cod_etu` gives back); `None` for `IAPRIMO`.
    pub cod_ind: Option<i64>,
}

/// What [`crate::store::Store::delete_lps`] did: the number of rows deleted,
/// or the first item refused (its index and refusal; nothing deleted).
pub type LpDelete = Result<usize, (usize, LpWrite)>;

/// The refusal of a `REINS` laissez-passer whose student is unknown.
pub fn unknown_student(lp: &Lp) -> LpWrite {
    LpWrite::refused(
        UNKNOWN_STUDENT,
        format!(
            "no student with number « {} » (individu): a REINS laissez-passer needs a known student",
            lp.cod_etu.as_deref().unwrap_or("")
        ),
    )
}

/// The code of [`unknown_student`], as `EtudiantMetier` answers an unknown student.
pub const UNKNOWN_STUDENT: &str = "technical.data.nullretrieve.etudiant";

/// The student number of a `REINS` item as `individu.cod_etu` holds it
/// (validated: 1 to 8 digits).
fn etu_number(lp: &Lp) -> Option<i32> {
    if lp.is_primo() {
        return None;
    }
    lp.cod_etu.as_deref().and_then(|e| e.parse().ok())
}

/// The answers of [`Sql::checks`] for one item.
struct Checks {
    any_vet: bool,
    vet: bool,
    linked: bool,
    open: bool,
}

/// The rules that need the database, in the order they are reported. `ind`:
/// the person found (`cod_ind_opi` for `IAPRIMO`, `cod_ind` for `REINS`).
fn refusal(lp: &Lp, c: &Checks, ind: Option<i64>) -> Option<LpWrite> {
    if !lp.is_primo() && ind.is_none() {
        return Some(unknown_student(lp));
    }
    if lp.is_primo() && ind.is_none() {
        return Some(LpWrite::refused(
            "technical.data.nullretrieve.opi",
            format!(
                "no OPI with number « {} »: send the OPI first",
                lp.num_opi.as_deref().unwrap_or("")
            ),
        ));
    }
    if !c.any_vet {
        return None;
    }
    let etp = lp.cod_etp.as_deref().unwrap_or("");
    let vet = lp.cod_vrs_vet.unwrap_or_default();
    if !c.vet {
        return Some(LpWrite::refused(
            "technical.parameter.noncoherentinput.codEtp",
            format!("the course structure has no étape {etp} version {vet}"),
        ));
    }
    if lp.cod_dip.is_some() && !c.linked {
        return Some(LpWrite::refused(
            "technical.parameter.noncoherentinput.codDip",
            format!(
                "diploma {} version {} is not linked to étape {etp} version {vet}",
                lp.cod_dip.as_deref().unwrap_or(""),
                lp.cod_vrs_vdi.unwrap_or_default()
            ),
        ));
    }
    if c.linked && !c.open {
        return Some(LpWrite::refused(
            "technical.parameter.noncoherentinput.codAnu",
            format!(
                "étape {etp} version {vet} is not open for recruitment in {}",
                lp.cod_anu.as_deref().unwrap_or("")
            ),
        ));
    }
    None
}

/// The stored content columns (after the key), in [`CONTENT`] order.
type Content = (
    Option<String>,
    Option<i32>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
);

const CONTENT: &str =
    "cod_dip, cod_vrs_vdi, cod_rgi, cod_stu, lib_cmt_lpa, cod_cat_oui_si, mtf_cat, cod_cat_exo_ext";

fn content(lp: &Lp) -> Content {
    (
        lp.cod_dip.clone(),
        lp.cod_vrs_vdi,
        lp.cod_rgi.clone(),
        lp.cod_stu.clone(),
        lp.lib_cmt_lpa.clone(),
        lp.cod_cat_oui_si.clone(),
        lp.mtf_cat.clone(),
        lp.cod_cat_exo_ext.clone(),
    )
}

/// The statements of one dialect.
pub struct Sql {
    checks: String,
    opi: String,
    ind: String,
    select_opi: String,
    select_etu: String,
    upsert_opi: String,
    upsert_etu: String,
    find: String,
    delete_opi: String,
    delete_etu: String,
}

fn sql(p: fn(usize) -> String, now: &str, null_text: &str, typed: bool) -> Sql {
    let (t3, t4, t5) = if typed {
        (
            format!("{}::text", p(3)),
            format!("{}::int", p(4)),
            format!("{}::text", p(5)),
        )
    } else {
        (p(3), p(4), p(5))
    };
    let link = format!(
        "FROM vdi_fractionner_vet WHERE cod_etp = {p1} AND cod_vrs_vet = {p2} \
         AND ({t3} IS NULL OR (cod_dip = {t3} AND cod_vrs_vdi = {t4}))",
        p1 = p(1),
        p2 = p(2)
    );
    let checks = format!(
        "SELECT EXISTS (SELECT 1 FROM version_etape), \
         EXISTS (SELECT 1 FROM version_etape WHERE cod_etp = {p1} AND cod_vrs_vet = {p2}), \
         EXISTS (SELECT 1 {link}), \
         EXISTS (SELECT 1 {link} AND tem_ouv_rct = 'O' \
           AND (daa_deb_rct_vet IS NULL OR daa_deb_rct_vet <= {t5}) \
           AND (daa_fin_rct_vet IS NULL OR daa_fin_rct_vet >= {t5}))",
        p1 = p(1),
        p2 = p(2)
    );
    let key = |who: &str| {
        format!(
            "{who} = {} AND cod_anu = {} AND cod_etp = {} AND cod_vrs_vet = {}",
            p(1),
            p(2),
            p(3),
            p(4)
        )
    };
    let upsert = |table: &str, who: &str, extra: &str| {
        let n = if extra.is_empty() { 12 } else { 13 };
        let values: Vec<String> = (1..=n).map(p).collect();
        let user = p(n + 1);
        let extra_col = if extra.is_empty() {
            String::new()
        } else {
            format!(", {extra}")
        };
        let sets: Vec<String> = CONTENT
            .split(", ")
            .chain(if extra.is_empty() { None } else { Some(extra) })
            .map(|c| format!("{c} = excluded.{c}"))
            .collect();
        format!(
            "INSERT INTO {table} ({who}, cod_anu, cod_etp, cod_vrs_vet, {CONTENT}{extra_col}, \
             cod_uti_cre_lpa, dat_cre_lpa) VALUES ({}, {user}, {now}) \
             ON CONFLICT ({who}, cod_anu, cod_etp, cod_vrs_vet) DO UPDATE SET {}, \
             cod_uti_mod_lpa = {user}, dat_mod_lpa = {now}",
            values.join(", "),
            sets.join(", ")
        )
    };
    Sql {
        checks,
        opi: format!(
            "SELECT cod_ind_opi FROM ind_opi WHERE cod_opi_int_epo = {}",
            p(1)
        ),
        ind: format!(
            "SELECT CAST(cod_ind AS BIGINT) FROM individu WHERE cod_etu = {}",
            p(1)
        ),
        select_opi: format!(
            "SELECT {CONTENT} FROM telem_laisser_passer_opi WHERE {}",
            key("cod_ind_opi")
        ),
        select_etu: format!(
            "SELECT {CONTENT} FROM telem_laisser_passer WHERE {}",
            key("cod_ind")
        ),
        upsert_opi: upsert("telem_laisser_passer_opi", "cod_ind_opi", "cod_opi_int_epo"),
        upsert_etu: upsert("telem_laisser_passer", "cod_ind", "cod_etu_lpa"),
        delete_opi: format!(
            "DELETE FROM telem_laisser_passer_opi WHERE cod_ind_opi = \
             (SELECT cod_ind_opi FROM ind_opi WHERE cod_opi_int_epo = {}) \
             AND cod_anu = {} AND cod_etp = {} AND cod_vrs_vet = {}",
            p(1),
            p(2),
            p(3),
            p(4)
        ),
        delete_etu: format!(
            "DELETE FROM telem_laisser_passer WHERE {}",
            key("cod_ind")
        ),
        find: format!(
            "SELECT '{IAPRIMO}', cod_opi_int_epo, {null_text}, cod_anu, cod_etp, cod_vrs_vet, {CONTENT}, \
             cod_uti_cre_lpa, dat_mod_lpa IS NOT NULL, cod_uti_mod_lpa, CAST(NULL AS BIGINT) \
             FROM telem_laisser_passer_opi \
             UNION ALL \
             SELECT '{REINS}', {null_text}, cod_etu_lpa, cod_anu, cod_etp, cod_vrs_vet, {CONTENT}, \
             cod_uti_cre_lpa, dat_mod_lpa IS NOT NULL, cod_uti_mod_lpa, CAST(cod_ind AS BIGINT) \
             FROM telem_laisser_passer \
             ORDER BY 1, 2, 3, 4, 5, 6"
        ),
    }
}

pub static SQLITE: LazyLock<Sql> = LazyLock::new(|| {
    sql(
        |n| format!("?{n}"),
        "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')",
        "CAST(NULL AS TEXT)",
        false,
    )
});
pub static PG: LazyLock<Sql> =
    LazyLock::new(|| sql(|n| format!("${n}"), "now()", "CAST(NULL AS TEXT)", true));

/// How a batch commits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BatchMode {
    /// Transactions of [`CHUNK`] items; every valid item commits.
    EachItem,
    /// One transaction; one refusal and nothing is written.
    AllOrNothing,
    /// Checks only, nothing written (the valid items are `RolledBack`): an
    /// all-or-nothing batch in which another item already failed validation.
    CheckOnly,
}

/// Splits the batch into its transactions.
fn chunks(n: usize, mode: BatchMode) -> usize {
    if mode == BatchMode::EachItem {
        CHUNK
    } else {
        n.max(1)
    }
}

/// One chunk, checks first: the refused items, then (unless all-or-nothing
/// with a refusal, or check-only) the writes of the others.
fn finish(results: &mut [Option<LpWrite>], mode: BatchMode) -> bool {
    let any_refused = results
        .iter()
        .any(|r| matches!(r, Some(LpWrite::Refused { .. })));
    if mode == BatchMode::CheckOnly || (mode == BatchMode::AllOrNothing && any_refused) {
        for r in results.iter_mut().filter(|r| r.is_none()) {
            *r = Some(LpWrite::RolledBack);
        }
        return false;
    }
    true
}

// ---------------------------------------------------------------------------
// SQLite
// ---------------------------------------------------------------------------

mod sqlite {
    use super::*;
    use rusqlite::{params, OptionalExtension, Transaction};

    fn checks(t: &Transaction<'_>, lp: &Lp) -> rusqlite::Result<(Checks, Option<i64>)> {
        let c = t.prepare_cached(&SQLITE.checks)?.query_row(
            params![
                lp.cod_etp,
                lp.cod_vrs_vet,
                lp.cod_dip,
                lp.cod_vrs_vdi,
                lp.cod_anu
            ],
            |r| {
                Ok(Checks {
                    any_vet: r.get(0)?,
                    vet: r.get(1)?,
                    linked: r.get(2)?,
                    open: r.get(3)?,
                })
            },
        )?;
        Ok((c, person(t, lp)?))
    }

    /// The OPI individual (`IAPRIMO`) or the `individu` (`REINS`) of `lp`.
    fn person(t: &Transaction<'_>, lp: &Lp) -> rusqlite::Result<Option<i64>> {
        if lp.is_primo() {
            t.prepare_cached(&SQLITE.opi)?
                .query_row(params![lp.num_opi], |r| r.get(0))
                .optional()
        } else {
            match etu_number(lp) {
                Some(etu) => t
                    .prepare_cached(&SQLITE.ind)?
                    .query_row(params![etu], |r| r.get(0))
                    .optional(),
                None => Ok(None),
            }
        }
    }

    fn write(t: &Transaction<'_>, lp: &Lp, who: i64, user: &str) -> rusqlite::Result<LpWrite> {
        let new = content(lp);
        let (select, upsert, extra) = if lp.is_primo() {
            (&SQLITE.select_opi, &SQLITE.upsert_opi, &lp.num_opi)
        } else {
            (&SQLITE.select_etu, &SQLITE.upsert_etu, &lp.cod_etu)
        };
        let old: Option<Content> = t
            .prepare_cached(select)?
            .query_row(params![who, lp.cod_anu, lp.cod_etp, lp.cod_vrs_vet], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                    r.get(7)?,
                ))
            })
            .optional()?;
        if old.as_ref() == Some(&new) {
            return Ok(LpWrite::Unchanged);
        }
        let mut st = t.prepare_cached(upsert)?;
        let base = params![
            who,
            lp.cod_anu,
            lp.cod_etp,
            lp.cod_vrs_vet,
            new.0,
            new.1,
            new.2,
            new.3,
            new.4,
            new.5,
            new.6,
            new.7
        ];
        let mut all: Vec<&dyn rusqlite::ToSql> = base.to_vec();
        all.push(extra);
        all.push(&user);
        st.execute(all.as_slice())?;
        Ok(if old.is_some() {
            LpWrite::Updated
        } else {
            LpWrite::Created
        })
    }

    pub fn chunk(
        t: &Transaction<'_>,
        lps: &[Lp],
        mode: BatchMode,
        user: &str,
    ) -> rusqlite::Result<Vec<LpWrite>> {
        let mut results = Vec::with_capacity(lps.len());
        let mut inds = Vec::with_capacity(lps.len());
        for lp in lps {
            let (c, ind) = checks(t, lp)?;
            results.push(refusal(lp, &c, ind));
            inds.push(ind);
        }
        if finish(&mut results, mode) {
            for ((lp, ind), r) in lps.iter().zip(inds).zip(results.iter_mut()) {
                if let (true, Some(ind)) = (r.is_none(), ind) {
                    *r = Some(write(t, lp, ind, user)?);
                }
            }
        }
        Ok(results.into_iter().map(|r| r.expect("decided")).collect())
    }

    /// Every `REINS` student is looked up first: one unknown and nothing is deleted.
    pub fn delete(t: &Transaction<'_>, lps: &[Lp]) -> rusqlite::Result<LpDelete> {
        let mut whos: Vec<rusqlite::types::Value> = Vec::with_capacity(lps.len());
        for (i, lp) in lps.iter().enumerate() {
            if lp.is_primo() {
                whos.push(lp.num_opi.clone().into());
            } else {
                match person(t, lp)? {
                    Some(ind) => whos.push(ind.into()),
                    None => return Ok(Err((i, unknown_student(lp)))),
                }
            }
        }
        let mut n = 0;
        for (lp, who) in lps.iter().zip(whos) {
            let sql = if lp.is_primo() {
                &SQLITE.delete_opi
            } else {
                &SQLITE.delete_etu
            };
            n += t.prepare_cached(sql)?.execute(params![
                who,
                lp.cod_anu,
                lp.cod_etp,
                lp.cod_vrs_vet
            ])?;
        }
        Ok(Ok(n))
    }

    pub fn find(c: &rusqlite::Connection) -> rusqlite::Result<Vec<StoredLp>> {
        let mut st = c.prepare_cached(&SQLITE.find)?;
        let rows = st.query_map([], |r| {
            Ok(StoredLp {
                lp: Lp {
                    typ_lpa: r.get(0)?,
                    num_opi: r.get(1)?,
                    cod_etu: r.get(2)?,
                    cod_anu: r.get(3)?,
                    cod_etp: r.get(4)?,
                    cod_vrs_vet: r.get(5)?,
                    cod_dip: r.get(6)?,
                    cod_vrs_vdi: r.get(7)?,
                    cod_rgi: r.get(8)?,
                    cod_stu: r.get(9)?,
                    lib_cmt_lpa: r.get(10)?,
                    cod_cat_oui_si: r.get(11)?,
                    mtf_cat: r.get(12)?,
                    cod_cat_exo_ext: r.get(13)?,
                },
                cod_uti_cre_lpa: r.get(14)?,
                modified: r.get(15)?,
                cod_uti_mod_lpa: r.get(16)?,
                cod_ind: r.get(17)?,
            })
        })?;
        rows.collect()
    }
}

impl SqliteStore {
    pub(crate) async fn lp_batch_impl(
        &self,
        lps: &[Lp],
        mode: BatchMode,
        user: &str,
    ) -> Result<Vec<LpWrite>, StoreError> {
        let mut out = Vec::with_capacity(lps.len());
        for part in lps.chunks(chunks(lps.len(), mode)) {
            // The writer thread needs owned copies.
            let part = part.to_vec();
            let user = user.to_string();
            out.extend(
                self.write(move |t| sqlite::chunk(t, &part, mode, &user))
                    .await?,
            );
        }
        Ok(out)
    }

    pub(crate) async fn find_lps_impl(&self) -> Result<Vec<StoredLp>, StoreError> {
        self.read(sqlite::find).await
    }

    pub(crate) async fn delete_lps_impl(&self, lps: &[Lp]) -> Result<LpDelete, StoreError> {
        let lps = lps.to_vec();
        self.write(move |t| sqlite::delete(t, &lps)).await
    }
}

// ---------------------------------------------------------------------------
// PostgreSQL
// ---------------------------------------------------------------------------

mod pg {
    use super::*;
    use crate::store::postgres::db_err;
    use deadpool_postgres::Transaction;
    use std::collections::HashMap;
    use tokio_postgres::types::ToSql;

    /// The checks of every item of a chunk, in one query: the arrays of the
    /// items' fields are `unnest`ed side by side and each row answers the
    /// questions of [`Checks`], the OPI individual (`IAPRIMO`, else `NULL`)
    /// and the `individu` (`REINS`, else `NULL`).
    pub static CHECKS: &str = "SELECT EXISTS (SELECT 1 FROM version_etape), \
         EXISTS (SELECT 1 FROM version_etape v WHERE v.cod_etp = i.etp AND v.cod_vrs_vet = i.vet), \
         EXISTS (SELECT 1 FROM vdi_fractionner_vet f WHERE f.cod_etp = i.etp AND f.cod_vrs_vet = i.vet \
           AND (i.dip IS NULL OR (f.cod_dip = i.dip AND f.cod_vrs_vdi = i.vdi))), \
         EXISTS (SELECT 1 FROM vdi_fractionner_vet f WHERE f.cod_etp = i.etp AND f.cod_vrs_vet = i.vet \
           AND (i.dip IS NULL OR (f.cod_dip = i.dip AND f.cod_vrs_vdi = i.vdi)) \
           AND f.tem_ouv_rct = 'O' \
           AND (f.daa_deb_rct_vet IS NULL OR f.daa_deb_rct_vet <= i.anu) \
           AND (f.daa_fin_rct_vet IS NULL OR f.daa_fin_rct_vet >= i.anu)), \
         (SELECT o.cod_ind_opi FROM ind_opi o WHERE o.cod_opi_int_epo = i.opi), \
         (SELECT d.cod_ind::bigint FROM individu d WHERE d.cod_etu = i.etu) \
         FROM unnest($1::text[], $2::int[], $3::text[], $4::int[], $5::text[], $6::text[], $7::int[]) \
           WITH ORDINALITY AS i(etp, vet, dip, vdi, anu, opi, etu, n) \
         ORDER BY i.n";

    /// One `INSERT … SELECT FROM unnest(…) ON CONFLICT DO UPDATE` for many
    /// items of one table (no two with the same key). The update happens only
    /// when the content differs; `RETURNING` gives the key of every row
    /// written and whether it was inserted (`dat_mod_lpa IS NULL`): a key not
    /// returned was unchanged.
    fn upsert(table: &str, who: &str, who_type: &str, extra: &str) -> String {
        let cols: Vec<&str> = CONTENT.split(", ").collect();
        let types = [
            "text", "int", "text", "text", "text", "text", "text", "text",
        ];
        let mut arrays = vec![
            format!("$1::{who_type}[]"),
            "$2::text[]".to_string(),
            "$3::text[]".to_string(),
            "$4::int[]".to_string(),
        ];
        arrays.extend(
            types
                .iter()
                .enumerate()
                .map(|(k, t)| format!("${}::{t}[]", k + 5)),
        );
        let mut sets: Vec<String> = cols.iter().map(|c| format!("{c} = excluded.{c}")).collect();
        let extra_col = if extra.is_empty() {
            String::new()
        } else {
            arrays.push("$13::text[]".to_string());
            sets.push(format!("{extra} = excluded.{extra}"));
            format!(", {extra}")
        };
        let user = format!("${}::text", arrays.len() + 1);
        let old: Vec<String> = cols.iter().map(|c| format!("{table}.{c}")).collect();
        let new: Vec<String> = cols.iter().map(|c| format!("excluded.{c}")).collect();
        format!(
            "INSERT INTO {table} ({who}, cod_anu, cod_etp, cod_vrs_vet, {CONTENT}{extra_col}, \
             cod_uti_cre_lpa, dat_cre_lpa) \
             SELECT i.*, {user}, now() FROM unnest({}) AS i \
             ON CONFLICT ({who}, cod_anu, cod_etp, cod_vrs_vet) DO UPDATE SET {}, \
             cod_uti_mod_lpa = {user}, dat_mod_lpa = now() \
             WHERE ({}) IS DISTINCT FROM ({}) \
             RETURNING {who}::text, cod_anu::text, cod_etp::text, cod_vrs_vet, dat_mod_lpa IS NULL",
            arrays.join(", "),
            sets.join(", "),
            old.join(", "),
            new.join(", ")
        )
    }

    pub static UPSERT_OPI: LazyLock<String> = LazyLock::new(|| {
        upsert(
            "telem_laisser_passer_opi",
            "cod_ind_opi",
            "bigint",
            "cod_opi_int_epo",
        )
    });
    /// `cod_ind` is `INTEGER`: the `bigint` array is cast on insert.
    pub static UPSERT_ETU: LazyLock<String> =
        LazyLock::new(|| upsert("telem_laisser_passer", "cod_ind", "bigint", "cod_etu_lpa"));

    /// (person as text, `cod_anu`, `cod_etp`, `cod_vrs_vet`): the key within one table.
    type Key = (String, String, String, i32);

    fn key_of(lp: &Lp, ind: i64) -> Key {
        (
            ind.to_string(),
            lp.cod_anu.clone().unwrap_or_default(),
            lp.cod_etp.clone().unwrap_or_default(),
            lp.cod_vrs_vet.unwrap_or_default(),
        )
    }

    async fn checks(
        t: &Transaction<'_>,
        lps: &[Lp],
    ) -> Result<Vec<(Checks, Option<i64>)>, StoreError> {
        let col = |f: fn(&Lp) -> Option<String>| lps.iter().map(f).collect::<Vec<_>>();
        let etp = col(|l| l.cod_etp.clone());
        let dip = col(|l| l.cod_dip.clone());
        let anu = col(|l| l.cod_anu.clone());
        let opi = col(|l| {
            if l.is_primo() {
                l.num_opi.clone()
            } else {
                None
            }
        });
        let vet: Vec<Option<i32>> = lps.iter().map(|l| l.cod_vrs_vet).collect();
        let vdi: Vec<Option<i32>> = lps.iter().map(|l| l.cod_vrs_vdi).collect();
        let etu: Vec<Option<i32>> = lps.iter().map(etu_number).collect();
        let st = t.prepare_cached(CHECKS).await.map_err(db_err)?;
        let rows = t
            .query(&st, &[&etp, &vet, &dip, &vdi, &anu, &opi, &etu])
            .await
            .map_err(db_err)?;
        if rows.len() != lps.len() {
            return Err(StoreError::Database(format!(
                "laissez-passer checks: {} rows for {} items",
                rows.len(),
                lps.len()
            )));
        }
        rows.iter()
            .zip(lps)
            .map(|(r, lp)| {
                Ok((
                    Checks {
                        any_vet: r.try_get(0)?,
                        vet: r.try_get(1)?,
                        linked: r.try_get(2)?,
                        open: r.try_get(3)?,
                    },
                    r.try_get::<_, Option<i64>>(if lp.is_primo() { 4 } else { 5 })?,
                ))
            })
            .collect::<Result<_, tokio_postgres::Error>>()
            .map_err(db_err)
    }

    /// Writes the items `idx` (distinct keys, all of one table) in one statement.
    async fn upsert_set(
        t: &Transaction<'_>,
        lps: &[Lp],
        inds: &[Option<i64>],
        idx: &[usize],
        primo: bool,
        user: &str,
        results: &mut [Option<LpWrite>],
    ) -> Result<(), StoreError> {
        if idx.is_empty() {
            return Ok(());
        }
        let col =
            |f: fn(&Lp) -> Option<String>| idx.iter().map(|&i| f(&lps[i])).collect::<Vec<_>>();
        let icol = |f: fn(&Lp) -> Option<i32>| idx.iter().map(|&i| f(&lps[i])).collect::<Vec<_>>();
        let who: Vec<Option<i64>> = idx.iter().map(|&i| inds[i]).collect();
        let anu = col(|l| l.cod_anu.clone());
        let etp = col(|l| l.cod_etp.clone());
        let vet = icol(|l| l.cod_vrs_vet);
        let dip = col(|l| l.cod_dip.clone());
        let vdi = icol(|l| l.cod_vrs_vdi);
        let rgi = col(|l| l.cod_rgi.clone());
        let stu = col(|l| l.cod_stu.clone());
        let cmt = col(|l| l.lib_cmt_lpa.clone());
        let cat = col(|l| l.cod_cat_oui_si.clone());
        let mtf = col(|l| l.mtf_cat.clone());
        let exo = col(|l| l.cod_cat_exo_ext.clone());
        // The extra column: `cod_opi_int_epo` / `cod_etu_lpa`, as sent.
        let extra = if primo {
            col(|l| l.num_opi.clone())
        } else {
            col(|l| l.cod_etu.clone())
        };
        let params: Vec<&(dyn ToSql + Sync)> = vec![
            &who, &anu, &etp, &vet, &dip, &vdi, &rgi, &stu, &cmt, &cat, &mtf, &exo, &extra, &user,
        ];
        let sql: &str = if primo { &UPSERT_OPI } else { &UPSERT_ETU };
        let st = t.prepare_cached(sql).await.map_err(db_err)?;
        let rows = t.query(&st, &params).await.map_err(db_err)?;
        let slot: HashMap<Key, usize> = idx
            .iter()
            .filter_map(|&i| Some((key_of(&lps[i], inds[i]?), i)))
            .collect();
        for &i in idx {
            results[i] = Some(LpWrite::Unchanged);
        }
        for r in rows {
            let k: Key = (
                r.try_get(0).map_err(db_err)?,
                r.try_get(1).map_err(db_err)?,
                r.try_get(2).map_err(db_err)?,
                r.try_get(3).map_err(db_err)?,
            );
            let created: bool = r.try_get(4).map_err(db_err)?;
            let i = *slot.get(&k).ok_or_else(|| {
                StoreError::Database(format!(
                    "laissez-passer upsert returned an unknown key {k:?}"
                ))
            })?;
            results[i] = Some(if created {
                LpWrite::Created
            } else {
                LpWrite::Updated
            });
        }
        Ok(())
    }

    /// One chunk, set-based: one query for the checks of every item, then one
    /// upsert per table. Items sharing a key are written in successive rounds
    /// (the 2nd occurrence of a key after every 1st one, …), so that each sees
    /// what the previous one wrote, exactly as item-by-item writing would.
    pub async fn chunk(
        t: &Transaction<'_>,
        lps: &[Lp],
        mode: BatchMode,
        user: &str,
    ) -> Result<Vec<LpWrite>, StoreError> {
        let checked = checks(t, lps).await?;
        let mut results: Vec<Option<LpWrite>> = lps
            .iter()
            .zip(&checked)
            .map(|(lp, (c, ind))| refusal(lp, c, *ind))
            .collect();
        let inds: Vec<Option<i64>> = checked.iter().map(|(_, ind)| *ind).collect();
        if finish(&mut results, mode) {
            let mut seen: HashMap<(bool, Key), usize> = HashMap::new();
            let mut rounds: Vec<Vec<usize>> = Vec::new();
            for (i, r) in results.iter().enumerate() {
                let (None, Some(ind)) = (r, inds[i]) else {
                    continue;
                };
                let n = seen
                    .entry((lps[i].is_primo(), key_of(&lps[i], ind)))
                    .or_insert(0);
                if rounds.len() <= *n {
                    rounds.push(Vec::new());
                }
                rounds[*n].push(i);
                *n += 1;
            }
            for round in rounds {
                let (opi, etu): (Vec<usize>, Vec<usize>) =
                    round.into_iter().partition(|&i| lps[i].is_primo());
                upsert_set(t, lps, &inds, &opi, true, user, &mut results).await?;
                upsert_set(t, lps, &inds, &etu, false, user, &mut results).await?;
            }
        }
        Ok(results.into_iter().map(|r| r.expect("decided")).collect())
    }

    /// Every `REINS` student is looked up first (one query for all of them):
    /// one unknown and nothing is deleted.
    pub async fn delete(t: &Transaction<'_>, lps: &[Lp]) -> Result<LpDelete, StoreError> {
        let etus: Vec<Option<i32>> = lps.iter().map(etu_number).collect();
        let rows = t
            .query(
                "SELECT (SELECT d.cod_ind FROM individu d WHERE d.cod_etu = i.etu) \
                 FROM unnest($1::int[]) WITH ORDINALITY AS i(etu, n) ORDER BY i.n",
                &[&etus],
            )
            .await
            .map_err(db_err)?;
        let mut inds: Vec<Option<i32>> = Vec::with_capacity(lps.len());
        for (i, (lp, r)) in lps.iter().zip(&rows).enumerate() {
            let ind: Option<i32> = r.try_get(0).map_err(db_err)?;
            if !lp.is_primo() && ind.is_none() {
                return Ok(Err((i, unknown_student(lp))));
            }
            inds.push(ind);
        }
        let mut n = 0;
        for (lp, ind) in lps.iter().zip(&inds) {
            let (sql, who): (&str, &(dyn ToSql + Sync)) = if lp.is_primo() {
                (&PG.delete_opi, &lp.num_opi)
            } else {
                (&PG.delete_etu, ind)
            };
            let st = t.prepare_cached(sql).await.map_err(db_err)?;
            n += t
                .execute(&st, &[who, &lp.cod_anu, &lp.cod_etp, &lp.cod_vrs_vet])
                .await
                .map_err(db_err)? as usize;
        }
        Ok(Ok(n))
    }

    pub async fn find(c: &deadpool_postgres::Client) -> Result<Vec<StoredLp>, StoreError> {
        let rows = c.query(PG.find.as_str(), &[]).await.map_err(db_err)?;
        rows.iter()
            .map(|r| {
                Ok(StoredLp {
                    lp: Lp {
                        typ_lpa: r.try_get(0)?,
                        num_opi: r.try_get(1)?,
                        cod_etu: r.try_get(2)?,
                        cod_anu: r.try_get(3)?,
                        cod_etp: r.try_get(4)?,
                        cod_vrs_vet: r.try_get(5)?,
                        cod_dip: r.try_get(6)?,
                        cod_vrs_vdi: r.try_get(7)?,
                        cod_rgi: r.try_get(8)?,
                        cod_stu: r.try_get(9)?,
                        lib_cmt_lpa: r.try_get(10)?,
                        cod_cat_oui_si: r.try_get(11)?,
                        mtf_cat: r.try_get(12)?,
                        cod_cat_exo_ext: r.try_get(13)?,
                    },
                    cod_uti_cre_lpa: r.try_get(14)?,
                    modified: r.try_get(15)?,
                    cod_uti_mod_lpa: r.try_get(16)?,
                    cod_ind: r.try_get(17)?,
                })
            })
            .collect::<Result<_, tokio_postgres::Error>>()
            .map_err(db_err)
    }
}

impl PgStore {
    pub(crate) async fn lp_batch_impl(
        &self,
        lps: &[Lp],
        mode: BatchMode,
        user: &str,
    ) -> Result<Vec<LpWrite>, StoreError> {
        let mut out = Vec::with_capacity(lps.len());
        let mut c = self.client().await?;
        for part in lps.chunks(chunks(lps.len(), mode)) {
            let t = c.transaction().await.map_err(db_err_pg)?;
            let r = pg::chunk(&t, part, mode, user).await?;
            t.commit().await.map_err(db_err_pg)?;
            out.extend(r);
        }
        Ok(out)
    }

    pub(crate) async fn find_lps_impl(&self) -> Result<Vec<StoredLp>, StoreError> {
        let c = self.client().await?;
        pg::find(&c).await
    }

    pub(crate) async fn delete_lps_impl(&self, lps: &[Lp]) -> Result<LpDelete, StoreError> {
        let mut c = self.client().await?;
        let t = c.transaction().await.map_err(db_err_pg)?;
        let n = pg::delete(&t, lps).await?;
        t.commit().await.map_err(db_err_pg)?;
        Ok(n)
    }
}

fn db_err_pg(e: tokio_postgres::Error) -> StoreError {
    super::postgres::db_err(e)
}
