//! `client` (client accounts managed from the CLI, `docs/SECURITY.md`) for both
//! back-ends. The `Store` implementations delegate here. Low-volume: SQLite
//! statements go through the writer thread; PostgreSQL uses `$N` placeholders.

use super::postgres::PgStore;
use super::sqlite::SqliteStore;
use super::StoreError;
use crate::config::ClientConfig;
use rusqlite::params;

/// One row of `client`: the account and its creation / last-change stamps (RFC 3339).
#[derive(Debug, Clone, PartialEq)]
pub struct ClientRow {
    pub client: ClientConfig,
    pub created: String,
    pub updated: String,
}

/// A change to an existing account.
#[derive(Debug, Clone, PartialEq)]
pub enum ClientChange {
    Enabled(bool),
    SecretHash(String),
}

const SELECT: &str =
    "SELECT name, secret_hash, services, pj_read, enabled, cert_cn, created, updated FROM client ORDER BY name";

fn now() -> String {
    time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

fn services_text(c: &ClientConfig) -> String {
    c.services.join(" ")
}

#[allow(clippy::too_many_arguments)]
fn row(
    name: String,
    secret_hash: String,
    services: String,
    pj_read: i64,
    enabled: i64,
    cert_cn: Option<String>,
    created: String,
    updated: String,
) -> ClientRow {
    ClientRow {
        client: ClientConfig {
            name,
            secret_hash,
            services: services.split_whitespace().map(str::to_string).collect(),
            pj_read: pj_read != 0,
            enabled: enabled != 0,
            cert_cn,
            digest_secret: None,
        },
        created,
        updated,
    }
}

fn pg_err(e: tokio_postgres::Error) -> StoreError {
    StoreError::Database(e.to_string())
}

impl SqliteStore {
    pub(crate) async fn clients_impl(&self) -> Result<Vec<ClientRow>, StoreError> {
        self.read(|c| {
            let mut st = c.prepare(SELECT)?;
            let rows = st.query_map([], |r| {
                Ok(row(
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                    r.get(7)?,
                ))
            })?;
            rows.collect()
        })
        .await
    }

    pub(crate) async fn client_insert_impl(&self, c: &ClientConfig) -> Result<bool, StoreError> {
        let c = c.clone();
        let now = now();
        self.write(move |t| {
            let n = t.execute(
                "INSERT INTO client (name, secret_hash, services, pj_read, enabled, cert_cn, created, updated) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7) ON CONFLICT (name) DO NOTHING",
                params![
                    c.name,
                    c.secret_hash,
                    services_text(&c),
                    c.pj_read as i64,
                    c.enabled as i64,
                    c.cert_cn,
                    now
                ],
            )?;
            Ok(n == 1)
        })
        .await
    }

    pub(crate) async fn client_change_impl(
        &self,
        name: &str,
        change: &ClientChange,
    ) -> Result<bool, StoreError> {
        let (name, change, now) = (name.to_string(), change.clone(), now());
        self.write(move |t| {
            let n = match change {
                ClientChange::Enabled(on) => t.execute(
                    "UPDATE client SET enabled = ?2, updated = ?3 WHERE name = ?1",
                    params![name, on as i64, now],
                )?,
                ClientChange::SecretHash(h) => t.execute(
                    "UPDATE client SET secret_hash = ?2, updated = ?3 WHERE name = ?1",
                    params![name, h, now],
                )?,
            };
            Ok(n == 1)
        })
        .await
    }
}

impl PgStore {
    pub(crate) async fn clients_impl(&self) -> Result<Vec<ClientRow>, StoreError> {
        let c = self.client().await?;
        let rows = c.query(SELECT, &[]).await.map_err(pg_err)?;
        Ok(rows
            .iter()
            .map(|r| {
                row(
                    r.get(0),
                    r.get(1),
                    r.get(2),
                    i64::from(r.get::<_, i32>(3)),
                    i64::from(r.get::<_, i32>(4)),
                    r.get(5),
                    r.get(6),
                    r.get(7),
                )
            })
            .collect())
    }

    pub(crate) async fn client_insert_impl(&self, cl: &ClientConfig) -> Result<bool, StoreError> {
        let c = self.client().await?;
        let now = now();
        let n = c
            .execute(
                "INSERT INTO client (name, secret_hash, services, pj_read, enabled, cert_cn, created, updated) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $7) ON CONFLICT (name) DO NOTHING",
                &[
                    &cl.name,
                    &cl.secret_hash,
                    &services_text(cl),
                    &(cl.pj_read as i32),
                    &(cl.enabled as i32),
                    &cl.cert_cn,
                    &now,
                ],
            )
            .await
            .map_err(pg_err)?;
        Ok(n == 1)
    }

    pub(crate) async fn client_change_impl(
        &self,
        name: &str,
        change: &ClientChange,
    ) -> Result<bool, StoreError> {
        let c = self.client().await?;
        let now = now();
        let n = match change {
            ClientChange::Enabled(on) => c
                .execute(
                    "UPDATE client SET enabled = $2, updated = $3 WHERE name = $1",
                    &[&name, &(*on as i32), &now],
                )
                .await
                .map_err(pg_err)?,
            ClientChange::SecretHash(h) => c
                .execute(
                    "UPDATE client SET secret_hash = $2, updated = $3 WHERE name = $1",
                    &[&name, h, &now],
                )
                .await
                .map_err(pg_err)?,
        };
        Ok(n == 1)
    }
}
