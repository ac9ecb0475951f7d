//! `opi_pj` / `opi_pj_contenu` (supporting documents, `PjOpiMetier`) for both
//! back-ends. The `Store` implementations delegate here.
//! SQLite: every statement goes through the writer thread (`SqliteStore::write`;
//! these are low-volume calls). PostgreSQL: `$N` placeholders.

use super::postgres::PgStore;
use super::sqlite::SqliteStore;
use super::{PjRow, StoreError};
use rusqlite::{params, OptionalExtension};

const COLUMNS: &str = "cod_ind_opi, cod_tpj, cod_opi_int_epo, nom_fic, taille, mime_type, sha256, dat_cre, dat_mod, pending";

const IDENTITY_SQLITE: &str = "SELECT cod_ind_opi, lib_nom_pat_ind_opi, lib_pr1_ind_opi FROM ind_opi WHERE cod_opi_int_epo = ?1";
const IDENTITY_PG: &str = "SELECT cod_ind_opi, lib_nom_pat_ind_opi, lib_pr1_ind_opi FROM ind_opi WHERE cod_opi_int_epo = $1";

const UPSERT_TAIL: &str =
    "ON CONFLICT (cod_ind_opi, cod_tpj) DO UPDATE SET cod_opi_int_epo = excluded.cod_opi_int_epo, \
     nom_fic = excluded.nom_fic, taille = excluded.taille, mime_type = excluded.mime_type, \
     sha256 = excluded.sha256, dat_mod = excluded.dat_mod, pending = excluded.pending";

fn pg_err(e: tokio_postgres::Error) -> StoreError {
    StoreError::Database(e.to_string())
}

impl SqliteStore {
    pub(crate) async fn pj_opi_identity(
        &self,
        key: &str,
    ) -> Result<Option<(i64, String, String)>, StoreError> {
        let key = key.to_string();
        self.write(move |t| {
            t.query_row(IDENTITY_SQLITE, params![key], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .optional()
        })
        .await
    }

    pub(crate) async fn pj_rows_impl(&self, ind: Option<i64>) -> Result<Vec<PjRow>, StoreError> {
        self.write(move |t| {
            let mut st = t.prepare(&format!(
                "SELECT {COLUMNS} FROM opi_pj WHERE (?1 IS NULL OR cod_ind_opi = ?1) ORDER BY cod_ind_opi, cod_tpj"
            ))?;
            let rows = st.query_map(params![ind], |r| {
                Ok(PjRow {
                    cod_ind_opi: r.get(0)?,
                    cod_tpj: r.get(1)?,
                    cod_opi_int_epo: r.get(2)?,
                    nom_fic: r.get(3)?,
                    taille: r.get(4)?,
                    mime_type: r.get(5)?,
                    sha256: r.get(6)?,
                    dat_cre: r.get(7)?,
                    dat_mod: r.get(8)?,
                    pending: r.get(9)?,
                })
            })?;
            rows.collect()
        })
        .await
    }

    pub(crate) async fn pj_put_impl(
        &self,
        row: &PjRow,
        content: Option<Vec<u8>>,
    ) -> Result<(), StoreError> {
        let row = row.clone();
        self.write(move |t| {
            t.execute(
                &format!("INSERT INTO opi_pj ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) {UPSERT_TAIL}"),
                params![
                    row.cod_ind_opi,
                    row.cod_tpj,
                    row.cod_opi_int_epo,
                    row.nom_fic,
                    row.taille,
                    row.mime_type,
                    row.sha256,
                    row.dat_cre,
                    row.dat_mod,
                    row.pending
                ],
            )?;
            if let Some(bytes) = content {
                t.execute(
                    "INSERT INTO opi_pj_contenu (cod_ind_opi, cod_tpj, contenu) VALUES (?1, ?2, ?3) \
                     ON CONFLICT (cod_ind_opi, cod_tpj) DO UPDATE SET contenu = excluded.contenu",
                    params![row.cod_ind_opi, row.cod_tpj, bytes],
                )?;
            }
            Ok(())
        })
        .await
    }

    pub(crate) async fn pj_clear_pending_impl(
        &self,
        ind: i64,
        tpj: &str,
        pending: &str,
    ) -> Result<(), StoreError> {
        let (tpj, pending) = (tpj.to_string(), pending.to_string());
        self.write(move |t| {
            t.execute(
                "UPDATE opi_pj SET pending = NULL WHERE cod_ind_opi = ?1 AND cod_tpj = ?2 AND pending = ?3",
                params![ind, tpj, pending],
            )
            .map(|_| ())
        })
        .await
    }

    pub(crate) async fn pj_content_impl(
        &self,
        ind: i64,
        tpj: &str,
    ) -> Result<Option<Vec<u8>>, StoreError> {
        let tpj = tpj.to_string();
        self.write(move |t| {
            t.query_row(
                "SELECT contenu FROM opi_pj_contenu WHERE cod_ind_opi = ?1 AND cod_tpj = ?2",
                params![ind, tpj],
                |r| r.get(0),
            )
            .optional()
        })
        .await
    }
}

impl PgStore {
    pub(crate) async fn pj_opi_identity(
        &self,
        key: &str,
    ) -> Result<Option<(i64, String, String)>, StoreError> {
        let c = self.client().await?;
        let row = c.query_opt(IDENTITY_PG, &[&key]).await.map_err(pg_err)?;
        Ok(row.map(|r| (r.get(0), r.get(1), r.get(2))))
    }

    pub(crate) async fn pj_rows_impl(&self, ind: Option<i64>) -> Result<Vec<PjRow>, StoreError> {
        let c = self.client().await?;
        let rows = c
            .query(
                &format!("SELECT {COLUMNS} FROM opi_pj WHERE ($1::BIGINT IS NULL OR cod_ind_opi = $1) ORDER BY cod_ind_opi, cod_tpj"),
                &[&ind],
            )
            .await
            .map_err(pg_err)?;
        Ok(rows
            .iter()
            .map(|r| PjRow {
                cod_ind_opi: r.get(0),
                cod_tpj: r.get(1),
                cod_opi_int_epo: r.get(2),
                nom_fic: r.get(3),
                taille: r.get(4),
                mime_type: r.get(5),
                sha256: r.get(6),
                dat_cre: r.get(7),
                dat_mod: r.get(8),
                pending: r.get(9),
            })
            .collect())
    }

    pub(crate) async fn pj_put_impl(
        &self,
        row: &PjRow,
        content: Option<Vec<u8>>,
    ) -> Result<(), StoreError> {
        let mut c = self.client().await?;
        let t = c.transaction().await.map_err(pg_err)?;
        t.execute(
            &format!("INSERT INTO opi_pj ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) {UPSERT_TAIL}"),
            &[
                &row.cod_ind_opi,
                &row.cod_tpj,
                &row.cod_opi_int_epo,
                &row.nom_fic,
                &row.taille,
                &row.mime_type,
                &row.sha256,
                &row.dat_cre,
                &row.dat_mod,
                &row.pending,
            ],
        )
        .await
        .map_err(pg_err)?;
        if let Some(bytes) = content {
            t.execute(
                "INSERT INTO opi_pj_contenu (cod_ind_opi, cod_tpj, contenu) VALUES ($1, $2, $3) \
                 ON CONFLICT (cod_ind_opi, cod_tpj) DO UPDATE SET contenu = excluded.contenu",
                &[&row.cod_ind_opi, &row.cod_tpj, &bytes],
            )
            .await
            .map_err(pg_err)?;
        }
        t.commit().await.map_err(pg_err)
    }

    pub(crate) async fn pj_clear_pending_impl(
        &self,
        ind: i64,
        tpj: &str,
        pending: &str,
    ) -> Result<(), StoreError> {
        let c = self.client().await?;
        c.execute(
            "UPDATE opi_pj SET pending = NULL WHERE cod_ind_opi = $1 AND cod_tpj = $2 AND pending = $3",
            &[&ind, &tpj, &pending],
        )
        .await
        .map_err(pg_err)?;
        Ok(())
    }

    pub(crate) async fn pj_content_impl(
        &self,
        ind: i64,
        tpj: &str,
    ) -> Result<Option<Vec<u8>>, StoreError> {
        let c = self.client().await?;
        let row = c
            .query_opt(
                "SELECT contenu FROM opi_pj_contenu WHERE cod_ind_opi = $1 AND cod_tpj = $2",
                &[&ind, &tpj],
            )
            .await
            .map_err(pg_err)?;
        Ok(row.map(|r| r.get(0)))
    }
}
