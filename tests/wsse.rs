//! WS-Security UsernameToken in the SOAP header (docs/SECURITY.md):
//! PasswordText and PasswordDigest, good / wrong / missing, replayed nonce,
//! stale and future `Created`, `mustUnderstand="1"` accepted, SOAP 1.1 and 1.2.

mod common;

use base64::Engine;
use common::{op, Backend, TestApp, GEO_NS, SOAP11, SOAP12};
use passerelle::config::ClientConfig;
use passerelle::http::auth::{hash_secret, password_digest};

const WSSE: &str =
    "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd";
const WSU: &str =
    "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd";
const PROFILE: &str =
    "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0";

async fn app() -> TestApp {
    TestApp::spawn_with(Backend::Sqlite, |c| {
        c.auth.clients = vec![
            ClientConfig {
                name: "app".into(),
                secret_hash: hash_secret("app-secret").unwrap(),
                services: vec!["*".into()],
                digest_secret: Some("app-digest-secret".into()),
                ..Default::default()
            },
            ClientConfig {
                name: "plain".into(),
                secret_hash: hash_secret("plain-secret").unwrap(),
                services: vec!["GeographieMetier".into()],
                ..Default::default()
            },
        ];
    })
    .await
}

fn rfc3339(offset_secs: i64) -> String {
    (time::OffsetDateTime::now_utc() + time::Duration::seconds(offset_secs))
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap()
}

fn nonce(n: u8) -> Vec<u8> {
    let t = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    let mut v = t.to_be_bytes().to_vec();
    v.push(n);
    v
}

enum Token<'a> {
    Text(&'a str, &'a str),
    /// user, secret used for the digest, nonce bytes, created
    Digest(&'a str, &'a str, &'a [u8], String),
}

fn security(t: &Token, env_prefix: &str) -> String {
    let token = match t {
        Token::Text(u, p) => format!(
            r#"<wsse:UsernameToken><wsse:Username>{u}</wsse:Username><wsse:Password Type="{PROFILE}#PasswordText">{p}</wsse:Password></wsse:UsernameToken>"#
        ),
        Token::Digest(u, secret, nonce, created) => {
            let d = password_digest(nonce, created, secret);
            let n = base64::engine::general_purpose::STANDARD.encode(nonce);
            format!(
                r#"<wsse:UsernameToken wsu:Id="UsernameToken-1"><wsse:Username>{u}</wsse:Username><wsse:Password Type="{PROFILE}#PasswordDigest">{d}</wsse:Password><wsse:Nonce EncodingType="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-soap-message-security-1.0#Base64Binary">{n}</wsse:Nonce><wsu:Created>{created}</wsu:Created></wsse:UsernameToken>"#
            )
        }
    };
    format!(
        r#"<wsse:Security {env_prefix}:mustUnderstand="1" xmlns:wsse="{WSSE}" xmlns:wsu="{WSU}">{token}</wsse:Security>"#
    )
}

async fn call(app: &TestApp, token: Option<&Token<'_>>, v12: bool) -> common::Reply {
    let body = op(
        GEO_NS,
        "recupererPays",
        "<_codePays>100</_codePays><_temoinEnService>T</_temoinEnService>",
    );
    let (ns, ct, p) = if v12 {
        (SOAP12, "application/soap+xml; charset=utf-8", "env")
    } else {
        (SOAP11, "text/xml; charset=utf-8", "soapenv")
    };
    let header = token.map(|t| security(t, p)).unwrap_or_default();
    let env = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><{p}:Envelope xmlns:{p}="{ns}"><{p}:Header>{header}</{p}:Header><{p}:Body>{body}</{p}:Body></{p}:Envelope>"#
    );
    app.post("/services/GeographieMetier", ct, env).await
}

fn assert_401(r: &common::Reply) {
    assert_eq!(r.status, 401, "{}", r.body);
    assert_eq!(
        r.fault_string().as_deref(),
        Some("technical.security.invaliduser.user")
    );
    assert!(r.headers.contains_key("www-authenticate"));
}

#[tokio::test]
async fn password_text() {
    let app = app().await;
    for v12 in [false, true] {
        let r = call(&app, Some(&Token::Text("app", "app-secret")), v12).await;
        assert_eq!(r.status, 200, "{}", r.body);
        assert!(r.body.contains("FRANCE"), "{}", r.body);
        assert_eq!(
            call(&app, Some(&Token::Text("plain", "plain-secret")), v12)
                .await
                .status,
            200
        );
        assert_401(&call(&app, Some(&Token::Text("app", "wrong")), v12).await);
        assert_401(&call(&app, Some(&Token::Text("nobody", "app-secret")), v12).await);
        // Missing: no Security header at all.
        assert_401(&call(&app, None, v12).await);
    }
}

#[tokio::test]
async fn password_digest_good_wrong_replayed_stale_future() {
    let app = app().await;
    let n1 = nonce(1);
    let good = Token::Digest("app", "app-digest-secret", &n1, rfc3339(0));
    let r = call(&app, Some(&good), false).await;
    assert_eq!(r.status, 200, "{}", r.body);
    // Replayed: the very same token again.
    assert_401(&call(&app, Some(&good), false).await);
    assert_401(&call(&app, Some(&good), true).await);
    // A fresh nonce passes again (SOAP 1.2 too).
    let n2 = nonce(2);
    let r = call(
        &app,
        Some(&Token::Digest(
            "app",
            "app-digest-secret",
            &n2,
            rfc3339(-10),
        )),
        true,
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    // Wrong secret.
    let n3 = nonce(3);
    assert_401(
        &call(
            &app,
            Some(&Token::Digest("app", "not-the-secret", &n3, rfc3339(0))),
            false,
        )
        .await,
    );
    // Digest with the Argon2 secret of an account that has no digest_secret:
    // refused (the clear secret is not stored, so a digest cannot be checked).
    let n4 = nonce(4);
    assert_401(
        &call(
            &app,
            Some(&Token::Digest("plain", "plain-secret", &n4, rfc3339(0))),
            false,
        )
        .await,
    );
    // Stale (6 min old) and future (6 min ahead) Created, default skew 5 min.
    let n5 = nonce(5);
    assert_401(
        &call(
            &app,
            Some(&Token::Digest(
                "app",
                "app-digest-secret",
                &n5,
                rfc3339(-360),
            )),
            false,
        )
        .await,
    );
    let n6 = nonce(6);
    assert_401(
        &call(
            &app,
            Some(&Token::Digest(
                "app",
                "app-digest-secret",
                &n6,
                rfc3339(360),
            )),
            false,
        )
        .await,
    );
    // Within the skew (4 min either side) passes.
    let n7 = nonce(7);
    let r = call(
        &app,
        Some(&Token::Digest(
            "app",
            "app-digest-secret",
            &n7,
            rfc3339(240),
        )),
        false,
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
}

#[tokio::test]
async fn rights_apply_to_token_clients_and_http_credentials_take_precedence() {
    let app = app().await;
    // plain may only call GeographieMetier.
    let env = format!(
        r#"<soapenv:Envelope xmlns:soapenv="{SOAP11}"><soapenv:Header>{}</soapenv:Header><soapenv:Body>{}</soapenv:Body></soapenv:Envelope>"#,
        security(&Token::Text("plain", "plain-secret"), "soapenv"),
        op(common::opi::OPI_NS, "mettreajourDonneesOpi_v10", "")
    );
    let r = app
        .post("/services/OpiMetier", "text/xml; charset=utf-8", env)
        .await;
    assert_eq!(r.status, 403, "{}", r.body);
    // A wrong Basic header is not rescued by a good token.
    let body = op(
        GEO_NS,
        "recupererPays",
        "<_codePays>100</_codePays><_temoinEnService>T</_temoinEnService>",
    );
    let env = format!(
        r#"<soapenv:Envelope xmlns:soapenv="{SOAP11}"><soapenv:Header>{}</soapenv:Header><soapenv:Body>{body}</soapenv:Body></soapenv:Envelope>"#,
        security(&Token::Text("app", "app-secret"), "soapenv"),
    );
    let r = app
        .client
        .post(app.service_url("GeographieMetier"))
        .header("content-type", "text/xml")
        .basic_auth("app", Some("wrong"))
        .body(env)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
}

#[tokio::test]
async fn open_demo_accepts_a_must_understand_security_header() {
    // No account: calls are open; a client that always sends WS-Security with
    // mustUnderstand="1" is not refused for it.
    let app = TestApp::spawn(Backend::Sqlite).await;
    let r = call(&app, Some(&Token::Text("who", "ever")), false).await;
    assert_eq!(r.status, 200, "{}", r.body);
}
