//! Passerelle: Apogée's SOAP web-service contract over a relational core.
//!
//! Layers, top to bottom (a layer never reaches up): [`http`] (listening,
//! limits, routing) → [`soap`] (envelopes, faults, DTO mapping) → [`services`]
//! (one module per WSDL service) → [`store`] (SQLite or PostgreSQL).
//! [`domain`] holds the business values shared by services and store.

pub mod bench;
pub mod config;
pub mod demo;
pub mod domain;
pub mod http;
pub mod import;
pub mod journal;
pub mod pj;
pub mod services;
pub mod soap;
pub mod store;

pub use config::Config;
pub use http::Server;

/// Opens the database, applies migrations, loads the demo data if asked and the
/// database is empty, then binds and serves.
pub async fn start(mut config: Config) -> Result<Server, Box<dyn std::error::Error + Send + Sync>> {
    config.normalise();
    config.auth.check()?;
    bench::init_from_env(config.demo)?;
    let store = store::open(&config.database_url, &config.database).await?;
    if config.demo && store.is_empty().await? {
        demo::seed(store.as_ref()).await?;
        tracing::info!("demo data loaded");
    }
    // Finish or undo document writes a crash interrupted (docs/PJ.md). Spool
    // files younger than a request's lifetime may belong to another node.
    let age = config.limits.body_read_timeout() + config.limits.handler_timeout();
    let swept = pj::storage::sweep(store.as_ref(), &config.pj, age).await?;
    if swept != pj::storage::SweepReport::default() {
        tracing::warn!(?swept, "document store repaired after an interrupted write");
    }
    let server = Server::bind(config.clone(), store.clone()).await?;
    let addr = server.local_addr();
    tracing::info!(
        listen = %addr,
        database = %config::redact_url(&config.database_url),
        backend = store.backend(),
        "Passerelle listening"
    );
    let base = config.public_url.clone().unwrap_or_else(|| {
        let scheme = if config.tls.cert.is_some() {
            "https"
        } else {
            "http"
        };
        format!(
            "{scheme}://{addr}{}",
            config.base_path.trim_end_matches('/')
        )
    });
    for svc in services::all() {
        tracing::info!("WSDL {}/{}?wsdl", base.trim_end_matches('/'), svc.port);
    }
    Ok(server)
}
