//! `telem_laisser_passer_opi` / `telem_laisser_passer` (laissez-passer,
//! `LaissezPasserMetier`) for both back-ends. The `Store` implementations
//! delegate here.
//!
//! Each item: one query for the course-structure checks, one for the OPI
//! individual (`IAPRIMO`), one read of the stored row, and an insert-or-update
//! only when the content differs (an identical re-send writes nothing).
//! Batches run in transactions of [`CHUNK`] items (all items in one transaction
//! when "all or nothing" is asked). SQLite: on the writer thread, `?N`
//! placeholders. PostgreSQL: `$N`.

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
}

/// The answers of [`Sql::checks`] for one item.
struct Checks {
    any_vet: bool,
    vet: bool,
    linked: bool,
    open: bool,
}

/// The rules that need the database, in the order they are reported.
fn refusal(lp: &Lp, c: &Checks, cod_ind_opi: Option<i64>) -> Option<LpWrite> {
    if lp.is_primo() && cod_ind_opi.is_none() {
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
        select_opi: format!(
            "SELECT {CONTENT} FROM telem_laisser_passer_opi WHERE {}",
            key("cod_ind_opi")
        ),
        select_etu: format!(
            "SELECT {CONTENT} FROM telem_laisser_passer WHERE {}",
            key("cod_etu")
        ),
        upsert_opi: upsert("telem_laisser_passer_opi", "cod_ind_opi", "cod_opi_int_epo"),
        upsert_etu: upsert("telem_laisser_passer", "cod_etu", ""),
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
            key("cod_etu")
        ),
        find: format!(
            "SELECT '{IAPRIMO}', cod_opi_int_epo, {null_text}, cod_anu, cod_etp, cod_vrs_vet, {CONTENT}, \
             cod_uti_cre_lpa, dat_mod_lpa IS NOT NULL, cod_uti_mod_lpa FROM telem_laisser_passer_opi \
             UNION ALL \
             SELECT '{REINS}', {null_text}, cod_etu, cod_anu, cod_etp, cod_vrs_vet, {CONTENT}, \
             cod_uti_cre_lpa, dat_mod_lpa IS NOT NULL, cod_uti_mod_lpa FROM telem_laisser_passer \
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
        let ind = if lp.is_primo() {
            t.prepare_cached(&SQLITE.opi)?
                .query_row(params![lp.num_opi], |r| r.get(0))
                .optional()?
        } else {
            None
        };
        Ok((c, ind))
    }

    fn write(
        t: &Transaction<'_>,
        lp: &Lp,
        ind: Option<i64>,
        user: &str,
    ) -> rusqlite::Result<LpWrite> {
        let new = content(lp);
        let (select, upsert, who): (&str, &str, rusqlite::types::Value) = match ind {
            Some(i) => (&SQLITE.select_opi, &SQLITE.upsert_opi, i.into()),
            None => (
                &SQLITE.select_etu,
                &SQLITE.upsert_etu,
                lp.cod_etu.clone().unwrap_or_default().into(),
            ),
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
        if ind.is_some() {
            all.push(&lp.num_opi);
        }
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
                if r.is_none() {
                    *r = Some(write(t, lp, ind, user)?);
                }
            }
        }
        Ok(results.into_iter().map(|r| r.expect("decided")).collect())
    }

    pub fn delete(t: &Transaction<'_>, lps: &[Lp]) -> rusqlite::Result<usize> {
        let mut n = 0;
        for lp in lps {
            let (sql, who) = if lp.is_primo() {
                (&SQLITE.delete_opi, &lp.num_opi)
            } else {
                (&SQLITE.delete_etu, &lp.cod_etu)
            };
            n += t.prepare_cached(sql)?.execute(params![
                who,
                lp.cod_anu,
                lp.cod_etp,
                lp.cod_vrs_vet
            ])?;
        }
        Ok(n)
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

    pub(crate) async fn delete_lps_impl(&self, lps: &[Lp]) -> Result<usize, StoreError> {
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
    use tokio_postgres::types::ToSql;

    async fn checks(t: &Transaction<'_>, lp: &Lp) -> Result<(Checks, Option<i64>), StoreError> {
        let st = t.prepare_cached(&PG.checks).await.map_err(db_err)?;
        let r = t
            .query_one(
                &st,
                &[
                    &lp.cod_etp,
                    &lp.cod_vrs_vet,
                    &lp.cod_dip,
                    &lp.cod_vrs_vdi,
                    &lp.cod_anu,
                ],
            )
            .await
            .map_err(db_err)?;
        let c = Checks {
            any_vet: r.try_get(0).map_err(db_err)?,
            vet: r.try_get(1).map_err(db_err)?,
            linked: r.try_get(2).map_err(db_err)?,
            open: r.try_get(3).map_err(db_err)?,
        };
        let ind = if lp.is_primo() {
            let st = t.prepare_cached(&PG.opi).await.map_err(db_err)?;
            match t.query_opt(&st, &[&lp.num_opi]).await.map_err(db_err)? {
                Some(r) => Some(r.try_get::<_, i64>(0).map_err(db_err)?),
                None => None,
            }
        } else {
            None
        };
        Ok((c, ind))
    }

    async fn write(
        t: &Transaction<'_>,
        lp: &Lp,
        ind: Option<i64>,
        user: &str,
    ) -> Result<LpWrite, StoreError> {
        let new = content(lp);
        let etu = lp.cod_etu.clone().unwrap_or_default();
        let (select, upsert, who): (&str, &str, &(dyn ToSql + Sync)) = match &ind {
            Some(i) => (&PG.select_opi, &PG.upsert_opi, i),
            None => (&PG.select_etu, &PG.upsert_etu, &etu),
        };
        let st = t.prepare_cached(select).await.map_err(db_err)?;
        let old = t
            .query_opt(&st, &[who, &lp.cod_anu, &lp.cod_etp, &lp.cod_vrs_vet])
            .await
            .map_err(db_err)?;
        let old: Option<Content> = match old {
            None => None,
            Some(r) => Some((
                r.try_get(0).map_err(db_err)?,
                r.try_get(1).map_err(db_err)?,
                r.try_get(2).map_err(db_err)?,
                r.try_get(3).map_err(db_err)?,
                r.try_get(4).map_err(db_err)?,
                r.try_get(5).map_err(db_err)?,
                r.try_get(6).map_err(db_err)?,
                r.try_get(7).map_err(db_err)?,
            )),
        };
        if old.as_ref() == Some(&new) {
            return Ok(LpWrite::Unchanged);
        }
        let st = t.prepare_cached(upsert).await.map_err(db_err)?;
        let mut params: Vec<&(dyn ToSql + Sync)> = vec![
            who,
            &lp.cod_anu,
            &lp.cod_etp,
            &lp.cod_vrs_vet,
            &new.0,
            &new.1,
            &new.2,
            &new.3,
            &new.4,
            &new.5,
            &new.6,
            &new.7,
        ];
        if ind.is_some() {
            params.push(&lp.num_opi);
        }
        params.push(&user);
        t.execute(&st, &params).await.map_err(db_err)?;
        Ok(if old.is_some() {
            LpWrite::Updated
        } else {
            LpWrite::Created
        })
    }

    pub async fn chunk(
        t: &Transaction<'_>,
        lps: &[Lp],
        mode: BatchMode,
        user: &str,
    ) -> Result<Vec<LpWrite>, StoreError> {
        let mut results = Vec::with_capacity(lps.len());
        let mut inds = Vec::with_capacity(lps.len());
        for lp in lps {
            let (c, ind) = checks(t, lp).await?;
            results.push(refusal(lp, &c, ind));
            inds.push(ind);
        }
        if finish(&mut results, mode) {
            for ((lp, ind), r) in lps.iter().zip(inds).zip(results.iter_mut()) {
                if r.is_none() {
                    *r = Some(write(t, lp, ind, user).await?);
                }
            }
        }
        Ok(results.into_iter().map(|r| r.expect("decided")).collect())
    }

    pub async fn delete(t: &Transaction<'_>, lps: &[Lp]) -> Result<usize, StoreError> {
        let mut n = 0;
        for lp in lps {
            let (sql, who) = if lp.is_primo() {
                (&PG.delete_opi, &lp.num_opi)
            } else {
                (&PG.delete_etu, &lp.cod_etu)
            };
            let st = t.prepare_cached(sql).await.map_err(db_err)?;
            n += t
                .execute(&st, &[who, &lp.cod_anu, &lp.cod_etp, &lp.cod_vrs_vet])
                .await
                .map_err(db_err)? as usize;
        }
        Ok(n)
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

    pub(crate) async fn delete_lps_impl(&self, lps: &[Lp]) -> Result<usize, StoreError> {
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
