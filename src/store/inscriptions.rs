//! Reading one student's registrations, pedagogical contract and results
//! (`AdministratifMetier`, `PedagogiqueMetier`).
//!
//! A student's file is small (a few years, a few dozen ELPs), so it is read
//! whole, in one read transaction and a fixed number of queries (one per
//! table, labels joined), whatever the operation; the services filter it in
//! memory ([`crate::domain::inscriptions`]). The SQL is the same on both
//! back-ends: every column is read as text (`CAST(… AS TEXT)`), the one
//! parameter is an `INTEGER`.

use super::dossier::{self, Dossier, Format};
use super::StoreError;
use std::sync::LazyLock;

/// The demo registrations and results (`demo_inscriptions.yaml`), loaded by
/// `seed_demo` after the demo students.
pub static DEMO: LazyLock<Dossier> = LazyLock::new(|| {
    dossier::parse(include_str!("demo_inscriptions.yaml"), Format::Yaml)
        .expect("demo_inscriptions.yaml is a valid dossier")
});

/// One row, column by column, as text (`None` for SQL `NULL`).
type Raw = Vec<Option<String>>;

/// An annual administrative registration (`ins_adm_anu`) with its labels.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Iaa {
    pub cod_anu: String,
    pub eta_iaa: String,
    pub lib_eta_iaa: Option<String>,
    /// `YYYY-MM-DD`.
    pub dat_cre_iaa: Option<String>,
    pub tem_dos_iaa: Option<String>,
    pub cod_rgi: Option<String>,
    pub lib_rgi: Option<String>,
    pub cod_stu: Option<String>,
    pub lib_stu: Option<String>,
    pub lib_web_stu: Option<String>,
    pub cod_pru: Option<String>,
    pub lib_pru: Option<String>,
    pub lib_web_pru: Option<String>,
}

/// A registration to an étape (`ins_adm_etp`) with the labels of the course
/// structure.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Iae {
    pub cod_anu: String,
    pub cod_etp: String,
    pub cod_vrs_vet: i32,
    pub cod_dip: String,
    pub cod_vrs_vdi: i32,
    pub cod_cge: Option<String>,
    pub lib_cge: Option<String>,
    pub cod_cmp: Option<String>,
    pub lib_cmp: Option<String>,
    pub eta_iae: String,
    pub lib_eta_iae: Option<String>,
    pub eta_pmt_iae: Option<String>,
    pub dat_cre_iae: Option<String>,
    pub tem_iae_prm: Option<String>,
    pub tem_iae_ttd: Option<String>,
    pub nbr_ins_cyc: Option<String>,
    pub nbr_ins_dip: Option<String>,
    pub nbr_ins_etp: Option<String>,
    pub cod_typ_ipe: Option<String>,
    pub lib_typ_ipe: Option<String>,
    pub lib_etp: Option<String>,
    pub lib_web_vet: Option<String>,
    pub lib_dip: Option<String>,
    pub lib_web_vdi: Option<String>,
    pub lic_vdi: Option<String>,
}

/// One ELP of the pedagogical contract (`ind_contrat_elp`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ContratElp {
    pub cod_anu: String,
    pub cod_etp: String,
    pub cod_vrs_vet: i32,
    pub cod_elp: String,
    pub cod_elp_sup: Option<String>,
    pub tem_prc_ice: Option<String>,
    pub lib_elp: Option<String>,
    pub cod_nel: Option<String>,
    pub lib_nel: Option<String>,
    /// As stored in the course structure (text).
    pub nbr_crd_elp: Option<String>,
}

/// One result row of `resultat_vdi`, `resultat_vet` or `resultat_elp`. `obj`
/// is the object's code (`cod_dip`, `cod_etp` or `cod_elp`), `vrs` its version
/// (none for an ELP). Numbers are text as the database gave them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Resultat {
    pub cod_anu: String,
    pub obj: String,
    pub vrs: Option<i32>,
    pub cod_ses: String,
    pub lib_ses: Option<String>,
    pub cod_adm: String,
    pub lib_adm: Option<String>,
    pub note: Option<String>,
    pub note_sub: Option<String>,
    pub bar_not: Option<String>,
    pub not_pnt_jur: Option<String>,
    pub cod_tre: Option<String>,
    pub lib_tre: Option<String>,
    pub lic_tre: Option<String>,
    pub cod_neg_tre: Option<String>,
    pub cod_men: Option<String>,
    pub lib_men: Option<String>,
    pub lic_men: Option<String>,
    pub eta_avc: Option<String>,
    pub lib_eta_avc: Option<String>,
    pub nbr_crd: Option<String>,
    pub nbr_rng_etu: Option<String>,
    pub nbr_rng_etu_tot: Option<String>,
    /// `resultat_vdi.dat_obt_vdi` (`YYYY-MM-DD`).
    pub dat_obt: Option<String>,
}

/// Everything the two services read about one student, each list ordered by
/// year then code.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Inscriptions {
    pub cod_ind: i32,
    /// `individu.num_brs_etu` (the grant holder number).
    pub num_brs_etu: Option<String>,
    pub iaa: Vec<Iaa>,
    pub iae: Vec<Iae>,
    pub contrat: Vec<ContratElp>,
    pub res_vdi: Vec<Resultat>,
    pub res_vet: Vec<Resultat>,
    pub res_elp: Vec<Resultat>,
}

const T: &str = "AS TEXT)";

fn cols(list: &[&str]) -> String {
    list.iter()
        .map(|c| format!("CAST({c} {T}"))
        .collect::<Vec<_>>()
        .join(", ")
}

pub const FIND_IND: &str =
    "SELECT CAST(cod_ind AS TEXT), CAST(num_brs_etu AS TEXT) FROM individu WHERE cod_etu = ?1";

fn iaa_sql() -> String {
    format!(
        "SELECT {} FROM ins_adm_anu a \
         LEFT JOIN etat_iaa e ON e.eta_iaa = a.eta_iaa \
         LEFT JOIN regime_ins r ON r.cod_rgi = a.cod_rgi \
         LEFT JOIN statut_etu s ON s.cod_stu = a.cod_stu \
         LEFT JOIN profil_etu p ON p.cod_pru = a.cod_pru \
         WHERE a.cod_ind = ?1 ORDER BY a.cod_anu",
        cols(&[
            "a.cod_anu",
            "a.eta_iaa",
            "e.lib_eta_iaa",
            "a.dat_cre_iaa",
            "a.tem_dos_iaa",
            "a.cod_rgi",
            "r.lib_rgi",
            "a.cod_stu",
            "s.lib_stu",
            "s.lib_web_stu",
            "a.cod_pru",
            "p.lib_pru",
            "p.lib_web_pru",
        ])
    )
}

fn iae_sql() -> String {
    format!(
        "SELECT {} FROM ins_adm_etp i \
         LEFT JOIN centre_gestion c ON c.cod_cge = i.cod_cge \
         LEFT JOIN version_etape ve ON ve.cod_etp = i.cod_etp AND ve.cod_vrs_vet = i.cod_vrs_vet \
         LEFT JOIN composante cm ON cm.cod_cmp = COALESCE(i.cod_cmp, ve.cod_cmp) \
         LEFT JOIN etat_iae ei ON ei.eta_iae = i.eta_iae \
         LEFT JOIN typ_ipe t ON t.cod_typ_ipe = i.cod_typ_ipe \
         LEFT JOIN etape et ON et.cod_etp = i.cod_etp \
         LEFT JOIN diplome d ON d.cod_dip = i.cod_dip \
         LEFT JOIN version_diplome vd ON vd.cod_dip = i.cod_dip AND vd.cod_vrs_vdi = i.cod_vrs_vdi \
         WHERE i.cod_ind = ?1 ORDER BY i.cod_anu, i.cod_dip, i.cod_vrs_vdi, i.cod_etp, i.cod_vrs_vet",
        cols(&[
            "i.cod_anu",
            "i.cod_etp",
            "i.cod_vrs_vet",
            "i.cod_dip",
            "i.cod_vrs_vdi",
            "i.cod_cge",
            "c.lib_cge",
            "COALESCE(i.cod_cmp, ve.cod_cmp)",
            "cm.lib_cmp",
            "i.eta_iae",
            "ei.lib_eta_iae",
            "i.eta_pmt_iae",
            "i.dat_cre_iae",
            "i.tem_iae_prm",
            "i.tem_iae_ttd",
            "i.nbr_ins_cyc",
            "i.nbr_ins_dip",
            "i.nbr_ins_etp",
            "i.cod_typ_ipe",
            "t.lib_typ_ipe",
            "et.lib_etp",
            "ve.lib_web_vet",
            "d.lib_dip",
            "vd.lib_web_vdi",
            "vd.lic_vdi",
        ])
    )
}

fn contrat_sql() -> String {
    format!(
        "SELECT {} FROM ind_contrat_elp k \
         LEFT JOIN element_pedagogi e ON e.cod_elp = k.cod_elp \
         LEFT JOIN nature_elp n ON n.cod_nel = e.cod_nel \
         WHERE k.cod_ind = ?1 ORDER BY k.cod_anu, k.cod_etp, k.cod_vrs_vet, k.cod_elp",
        cols(&[
            "k.cod_anu",
            "k.cod_etp",
            "k.cod_vrs_vet",
            "k.cod_elp",
            "k.cod_elp_sup",
            "k.tem_prc_ice",
            "e.lib_elp",
            "e.cod_nel",
            "n.lib_nel",
            "e.nbr_crd_elp",
        ])
    )
}

/// The result query of `table` (`vdi`, `vet` or `elp`).
fn resultat_sql(kind: &str) -> String {
    let (obj, vrs, dat) = match kind {
        "vdi" => ("r.cod_dip", "r.cod_vrs_vdi", "r.dat_obt_vdi"),
        "vet" => ("r.cod_etp", "r.cod_vrs_vet", "NULL"),
        _ => ("r.cod_elp", "NULL", "NULL"),
    };
    let k = kind;
    format!(
        "SELECT {} FROM resultat_{k} r \
         LEFT JOIN session s ON s.cod_ses = r.cod_ses \
         LEFT JOIN nature_resultat n ON n.cod_adm = r.cod_adm \
         LEFT JOIN typ_resultat t ON t.cod_tre = r.cod_tre \
         LEFT JOIN mention m ON m.cod_men = r.cod_men \
         LEFT JOIN etat_avc a ON a.eta_avc = r.eta_avc_{k} \
         WHERE r.cod_ind = ?1 ORDER BY r.cod_anu, {obj}, {vrs_o}r.cod_ses, r.cod_adm",
        cols(&[
            "r.cod_anu",
            obj,
            vrs,
            "r.cod_ses",
            "s.lib_ses",
            "r.cod_adm",
            "n.lib_adm",
            &format!("r.not_{k}"),
            &format!("r.not_sub_{k}"),
            &format!("r.bar_not_{k}"),
            &format!("r.not_pnt_jur_{k}"),
            "r.cod_tre",
            "t.lib_tre",
            "t.lic_tre",
            "t.cod_neg_tre",
            "r.cod_men",
            "m.lib_men",
            "m.lic_men",
            &format!("r.eta_avc_{k}"),
            "a.lib_eta_avc",
            &format!("r.nbr_crd_{k}"),
            &format!("r.nbr_rng_etu_{k}"),
            &format!("r.nbr_rng_etu_{k}_tot"),
            dat,
        ]),
        vrs_o = if vrs == "NULL" {
            String::new()
        } else {
            format!("{vrs}, ")
        }
    )
}

/// The queries after the individual is found, in [`Inscriptions`] order.
pub fn queries() -> [String; 6] {
    [
        iaa_sql(),
        iae_sql(),
        contrat_sql(),
        resultat_sql("vdi"),
        resultat_sql("vet"),
        resultat_sql("elp"),
    ]
}

fn s(r: &mut std::vec::IntoIter<Option<String>>) -> Option<String> {
    r.next().flatten()
}
fn req(r: &mut std::vec::IntoIter<Option<String>>) -> String {
    s(r).unwrap_or_default()
}
fn int(r: &mut std::vec::IntoIter<Option<String>>) -> i32 {
    s(r).and_then(|v| v.trim().parse().ok()).unwrap_or(0)
}

fn iaa(row: Raw) -> Iaa {
    let r = &mut row.into_iter();
    Iaa {
        cod_anu: req(r),
        eta_iaa: req(r),
        lib_eta_iaa: s(r),
        dat_cre_iaa: s(r),
        tem_dos_iaa: s(r),
        cod_rgi: s(r),
        lib_rgi: s(r),
        cod_stu: s(r),
        lib_stu: s(r),
        lib_web_stu: s(r),
        cod_pru: s(r),
        lib_pru: s(r),
        lib_web_pru: s(r),
    }
}

fn iae(row: Raw) -> Iae {
    let r = &mut row.into_iter();
    Iae {
        cod_anu: req(r),
        cod_etp: req(r),
        cod_vrs_vet: int(r),
        cod_dip: req(r),
        cod_vrs_vdi: int(r),
        cod_cge: s(r),
        lib_cge: s(r),
        cod_cmp: s(r),
        lib_cmp: s(r),
        eta_iae: req(r),
        lib_eta_iae: s(r),
        eta_pmt_iae: s(r),
        dat_cre_iae: s(r),
        tem_iae_prm: s(r),
        tem_iae_ttd: s(r),
        nbr_ins_cyc: s(r),
        nbr_ins_dip: s(r),
        nbr_ins_etp: s(r),
        cod_typ_ipe: s(r),
        lib_typ_ipe: s(r),
        lib_etp: s(r),
        lib_web_vet: s(r),
        lib_dip: s(r),
        lib_web_vdi: s(r),
        lic_vdi: s(r),
    }
}

fn contrat(row: Raw) -> ContratElp {
    let r = &mut row.into_iter();
    ContratElp {
        cod_anu: req(r),
        cod_etp: req(r),
        cod_vrs_vet: int(r),
        cod_elp: req(r),
        cod_elp_sup: s(r),
        tem_prc_ice: s(r),
        lib_elp: s(r),
        cod_nel: s(r),
        lib_nel: s(r),
        nbr_crd_elp: s(r),
    }
}

fn resultat(row: Raw) -> Resultat {
    let r = &mut row.into_iter();
    Resultat {
        cod_anu: req(r),
        obj: req(r),
        vrs: s(r).and_then(|v| v.trim().parse().ok()),
        cod_ses: req(r),
        lib_ses: s(r),
        cod_adm: req(r),
        lib_adm: s(r),
        note: s(r),
        note_sub: s(r),
        bar_not: s(r),
        not_pnt_jur: s(r),
        cod_tre: s(r),
        lib_tre: s(r),
        lic_tre: s(r),
        cod_neg_tre: s(r),
        cod_men: s(r),
        lib_men: s(r),
        lic_men: s(r),
        eta_avc: s(r),
        lib_eta_avc: s(r),
        nbr_crd: s(r),
        nbr_rng_etu: s(r),
        nbr_rng_etu_tot: s(r),
        dat_obt: s(r),
    }
}

/// `(cod_ind, num_brs_etu)` from the rows of [`FIND_IND`].
fn individual(found: Vec<Raw>) -> Option<(i32, Option<String>)> {
    let mut r = found.into_iter().next()?.into_iter();
    let cod_ind = r.next().flatten()?.parse::<i32>().ok()?;
    Some((cod_ind, r.next().flatten()))
}

/// Builds the file from the rows of [`queries`], in order.
fn assemble(found: (i32, Option<String>), mut sets: Vec<Vec<Raw>>) -> Inscriptions {
    let mut take = || sets.remove(0);
    Inscriptions {
        cod_ind: found.0,
        num_brs_etu: found.1,
        iaa: take().into_iter().map(iaa).collect(),
        iae: take().into_iter().map(iae).collect(),
        contrat: take().into_iter().map(contrat).collect(),
        res_vdi: take().into_iter().map(resultat).collect(),
        res_vet: take().into_iter().map(resultat).collect(),
        res_elp: take().into_iter().map(resultat).collect(),
    }
}

pub(super) mod sqlite {
    use super::*;
    use rusqlite::Connection;

    fn rows(c: &Connection, sql: &str, p: i64) -> rusqlite::Result<Vec<Raw>> {
        let mut st = c.prepare_cached(sql)?;
        let n = st.column_count();
        let out = st
            .query_map([p], |r| {
                (0..n)
                    .map(|i| r.get::<_, Option<String>>(i))
                    .collect::<rusqlite::Result<Raw>>()
            })?
            .collect::<rusqlite::Result<Vec<Raw>>>()?;
        Ok(out)
    }

    /// Reads the file of student `cod_etu` (`None`: no such student).
    pub fn load(c: &Connection, cod_etu: i64) -> rusqlite::Result<Option<Inscriptions>> {
        let Some(found) = individual(rows(c, FIND_IND, cod_etu)?) else {
            return Ok(None);
        };
        let mut sets = Vec::new();
        for q in queries() {
            sets.push(rows(c, &q, found.0 as i64)?);
        }
        Ok(Some(assemble(found, sets)))
    }
}

pub(super) mod pg {
    use super::*;

    fn dollar(sql: &str) -> String {
        sql.replace("?1", "$1")
    }

    async fn rows(
        t: &deadpool_postgres::Transaction<'_>,
        sql: &str,
        p: i32,
    ) -> Result<Vec<Raw>, tokio_postgres::Error> {
        let st = t.prepare_cached(&dollar(sql)).await?;
        let rs = t.query(&st, &[&p]).await?;
        Ok(rs
            .iter()
            .map(|r| {
                (0..r.len())
                    .map(|i| r.get::<_, Option<String>>(i))
                    .collect()
            })
            .collect())
    }

    /// Reads the file of student `cod_etu` (`None`: no such student).
    pub async fn load(
        t: &deadpool_postgres::Transaction<'_>,
        cod_etu: i64,
    ) -> Result<Option<Inscriptions>, StoreError> {
        let err = super::super::postgres::db_err;
        let Ok(cod_etu) = i32::try_from(cod_etu) else {
            return Ok(None);
        };
        let Some(found) = individual(rows(t, FIND_IND, cod_etu).await.map_err(err)?) else {
            return Ok(None);
        };
        let mut sets = Vec::new();
        for q in queries() {
            sets.push(rows(t, &q, found.0).await.map_err(err)?);
        }
        Ok(Some(assemble(found, sets)))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn demo_parses() {
        assert!(super::DEMO.rows() > 50);
    }

    #[test]
    fn every_query_has_one_parameter() {
        for q in super::queries() {
            assert!(q.contains("?1"), "{q}");
            assert!(!q.contains("?2"), "{q}");
        }
    }
}
