//! TLS to PostgreSQL through rustls, with libpq's meaning of `sslmode`.
//! Runs when PASSERELLE_TEST_POSTGRES_URL is set (always in `.ci/run`) and the
//! server has `ssl = on` (Debian's default, with its snakeoil certificate for
//! `localhost`).

mod common;
use passerelle::config::DatabaseConfig;
use passerelle::store::postgres::PgStore;
use passerelle::store::{Store, StoreError};

const SNAKEOIL: &str = "/etc/ssl/certs/ssl-cert-snakeoil.pem";

async fn server_has_tls(admin: &str) -> bool {
    let (c, conn) = tokio_postgres::connect(admin, tokio_postgres::NoTls)
        .await
        .unwrap();
    tokio::spawn(conn);
    let on: String = c.query_one("SHOW ssl", &[]).await.unwrap().get(0);
    let cert: String = c.query_one("SHOW ssl_cert_file", &[]).await.unwrap().get(0);
    on == "on" && cert == SNAKEOIL
}

fn with_params(admin: &str, host: &str, params: &str) -> String {
    let mut u: url::Url = admin.parse().unwrap();
    u.set_host(Some(host)).unwrap();
    format!("{u}{}{params}", if u.query().is_some() { "&" } else { "?" })
}

async fn session_uses_tls(store: &PgStore) -> bool {
    let c = store.client().await.unwrap();
    c.query_one(
        "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()",
        &[],
    )
    .await
    .unwrap()
    .get(0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sslmode_require_verify_ca_and_verify_full() {
    let Some(admin) = common::pg_admin_url() else {
        eprintln!("needs PASSERELLE_TEST_POSTGRES_URL (set by .ci/run); not run");
        return;
    };
    if !server_has_tls(&admin).await {
        eprintln!("the PostgreSQL server has no TLS with the snakeoil certificate; not run");
        return;
    }
    // A fresh database, never the admin one.
    let name = format!("passerelle_tls_{}", std::process::id());
    let (c, conn) = tokio_postgres::connect(&admin, tokio_postgres::NoTls)
        .await
        .unwrap();
    tokio::spawn(conn);
    c.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        .await
        .unwrap();
    c.batch_execute(&format!("CREATE DATABASE {name}"))
        .await
        .unwrap();
    let admin = {
        let mut u: url::Url = admin.parse().unwrap();
        u.set_path(&format!("/{name}"));
        u.to_string()
    };
    let cfg = DatabaseConfig {
        connect_timeout_secs: 5.0,
        ..DatabaseConfig::default()
    };

    // Plain by default.
    let plain = PgStore::open(&admin, &cfg).await.unwrap();
    assert!(!session_uses_tls(&plain).await);

    // require: encrypted, certificate not checked.
    let s = PgStore::open(&with_params(&admin, "127.0.0.1", "sslmode=require"), &cfg)
        .await
        .unwrap();
    assert!(session_uses_tls(&s).await, "sslmode=require must encrypt");
    s.ping().await.unwrap();

    // verify-ca: chain checked against sslrootcert, any name (127.0.0.1 is not
    // in the certificate).
    let s = PgStore::open(
        &with_params(
            &admin,
            "127.0.0.1",
            &format!("sslmode=verify-ca&sslrootcert={SNAKEOIL}"),
        ),
        &cfg,
    )
    .await
    .unwrap();
    assert!(session_uses_tls(&s).await);

    // verify-full: the name must match the certificate (localhost, not 127.0.0.1).
    let s = PgStore::open(
        &with_params(
            &admin,
            "localhost",
            &format!("sslmode=verify-full&sslrootcert={SNAKEOIL}"),
        ),
        &cfg,
    )
    .await
    .unwrap();
    assert!(session_uses_tls(&s).await);
    let err = PgStore::open(
        &with_params(
            &admin,
            "127.0.0.1",
            &format!("sslmode=verify-full&sslrootcert={SNAKEOIL}"),
        ),
        &cfg,
    )
    .await
    .err()
    .expect("a certificate for localhost is refused for 127.0.0.1");
    assert!(matches!(err, StoreError::Unavailable(_)), "{err}");

    // verify-full against the public roots: a self-signed certificate is refused.
    let err = PgStore::open(
        &with_params(&admin, "localhost", "sslmode=verify-full"),
        &cfg,
    )
    .await
    .err()
    .expect("snakeoil is not signed by a public root");
    assert!(matches!(err, StoreError::Unavailable(_)), "{err}");
    drop((plain, s));
    c.batch_execute(&format!("DROP DATABASE {name} WITH (FORCE)"))
        .await
        .unwrap();
}
