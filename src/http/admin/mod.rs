//! `/admin`: pages for registrars (`docs/ADMIN.md`), server-rendered HTML in
//! French with Apogée's vocabulary, no JavaScript, no external resource (one
//! small inline style sheet; `<details>` folds the course tree).
//!
//! Pages: `/admin` (tableau de bord, from the journal), `/admin/opi` (search of
//! OPIs and one OPI's record, wishes, documents, laissez-passer and the étapes
//! open to it), `/admin/offre` (the course structure as a tree),
//! `/admin/journal` (the call journal, filterable).
//!
//! Access: with `[auth]` enforced, HTTP Basic (or the API-key header) of a
//! client whose `services` list contains `"admin"` (`"*"` does not grant it);
//! without authentication configured (demo), only from a loopback address and
//! without `X-Forwarded-For` (a request relayed by a proxy is refused).
//!
//! Every value written into a page goes through [`esc`].

mod offre;
mod opi;
mod pages;

use super::routes::Resp;
use super::State;
use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::header::{HeaderValue, CACHE_CONTROL, CONTENT_TYPE, WWW_AUTHENTICATE};
use hyper::{Method, Request, Response, StatusCode};
use std::collections::HashMap;

/// The right that opens the admin pages: an entry of a client's `services`.
pub const ADMIN_RIGHT: &str = "admin";

/// HTML-escapes text for element content and quoted attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Percent-encodes a query-string value.
pub fn enc(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// The query parameters of a request (last value wins; empty values dropped).
fn query(req: &Request<Incoming>) -> HashMap<String, String> {
    url::form_urlencoded::parse(req.uri().query().unwrap_or("").as_bytes())
        .filter(|(_, v)| !v.trim().is_empty())
        .map(|(k, v)| (k.into_owned(), v.trim().to_string()))
        .collect()
}

fn html(status: StatusCode, body: String) -> Resp {
    let full = Full::new(Bytes::from(body)).map_err(|never| match never {});
    let mut r = Response::new(BodyExt::boxed(full));
    *r.status_mut() = status;
    let h = r.headers_mut();
    h.insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    h.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(
        "content-security-policy",
        HeaderValue::from_static(
            "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
        ),
    );
    h.insert("x-frame-options", HeaderValue::from_static("DENY"));
    h.insert("referrer-policy", HeaderValue::from_static("no-referrer"));
    h.insert(
        "x-content-type-options",
        HeaderValue::from_static("nosniff"),
    );
    r
}

const STYLE: &str = "body{font-family:system-ui,sans-serif;margin:0;color:#222;background:#fafafa;font-size:15px}\
header{background:#1d3557;color:#fff;padding:.6em 1.5em;display:flex;gap:2em;align-items:baseline;flex-wrap:wrap}\
header b{font-size:1.15em}header a{color:#fff;text-decoration:none;padding:.2em .4em}header a.on{border-bottom:3px solid #f1c40f}\
main{padding:1em 1.5em;max-width:90em}h1{font-size:1.4em;margin:.3em 0 .6em}h2{font-size:1.15em;margin:1.4em 0 .5em;color:#1d3557}\
table{border-collapse:collapse;background:#fff;margin:.3em 0 1em}th,td{border:1px solid #ccd;padding:.25em .55em;text-align:left;vertical-align:top}\
th{background:#e8edf5;font-weight:600}td.n{text-align:right;font-variant-numeric:tabular-nums}\
.ko{color:#a4161a;font-weight:600}.ok{color:#2b7a0b}.muted{color:#666}.win{background:#e7f6e7}\
form.f{display:flex;gap:.6em;flex-wrap:wrap;align-items:end;background:#fff;border:1px solid #ccd;padding:.6em;margin-bottom:1em}\
form.f label{display:flex;flex-direction:column;font-size:.85em}input,select,button{font-size:1em;padding:.2em .4em}\
details{margin-left:1.2em}summary{cursor:pointer;padding:.1em 0}code{background:#eef;padding:0 .25em}\
table.journal{width:100%}table.journal code,table.journal .ko{overflow-wrap:anywhere}table.journal td:first-child{white-space:nowrap}table.journal td.motif{min-width:16em}.cards{display:flex;gap:1em;flex-wrap:wrap}.card{background:#fff;border:1px solid #ccd;padding:.6em 1em;min-width:10em}.card b{font-size:1.5em;display:block}";

/// A whole page: header with navigation, `title`, `body`.
fn page(active: &str, title: &str, body: &str) -> String {
    let nav = [
        ("/admin", "Tableau de bord"),
        ("/admin/opi", "Recherche OPI"),
        ("/admin/offre", "Offre de formation"),
        ("/admin/journal", "Journal des appels"),
    ];
    let mut h = format!(
        "<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{} — Passerelle Apogée</title><style>{STYLE}</style></head><body><header><b>Passerelle Apogée — administration</b><nav>",
        esc(title)
    );
    for (href, label) in nav {
        let on = if href == active { " class=\"on\"" } else { "" };
        h.push_str(&format!("<a href=\"{href}\"{on}>{label}</a> "));
    }
    h.push_str(&format!(
        "</nav></header><main><h1>{}</h1>{body}</main></body></html>\n",
        esc(title)
    ));
    h
}

fn message_page(status: StatusCode, title: &str, text: &str) -> Resp {
    html(status, page("", title, &format!("<p>{}</p>", esc(text))))
}

/// Who may see the pages: `Ok(Some(name))` an admin client, `Ok(None)` the
/// loopback demo, `Err` the refusal to send.
async fn gate(state: &State, req: &Request<Incoming>) -> Result<Option<String>, Resp> {
    if state.auth.enforced().await {
        return match state.auth.client(req.headers()).await {
            Ok(c) if c.services.iter().any(|s| s == ADMIN_RIGHT) => Ok(Some(c.name.clone())),
            Ok(c) => {
                tracing::info!(client = %c.name, "admin pages refused: no admin right");
                Err(message_page(
                    StatusCode::FORBIDDEN,
                    "Accès refusé",
                    "Ce compte n'a pas le droit « admin » : demandez à l'exploitant de l'ajouter à ses services.",
                ))
            }
            Err(_) => {
                let mut r = message_page(
                    StatusCode::UNAUTHORIZED,
                    "Identification requise",
                    "Identifiez-vous avec un compte d'administration de la passerelle.",
                );
                r.headers_mut().insert(
                    WWW_AUTHENTICATE,
                    HeaderValue::from_static("Basic realm=\"passerelle-admin\", charset=\"UTF-8\""),
                );
                Err(r)
            }
        };
    }
    if super::is_local(req) {
        Ok(None)
    } else {
        Err(message_page(
            StatusCode::FORBIDDEN,
            "Accès refusé",
            "Sans comptes configurés ([auth]), les pages d'administration ne sont servies qu'en local (mode démonstration).",
        ))
    }
}

/// Entry point of every `/admin…` request.
pub async fn handle(state: &State, req: Request<Incoming>) -> Resp {
    let who = match gate(state, &req).await {
        Ok(w) => w,
        Err(r) => return r,
    };
    if req.method() != Method::GET && req.method() != Method::HEAD {
        let mut r = message_page(
            StatusCode::METHOD_NOT_ALLOWED,
            "Méthode refusée",
            "Ces pages ne se consultent qu'en lecture (GET).",
        );
        r.headers_mut()
            .insert("allow", HeaderValue::from_static("GET, HEAD"));
        return r;
    }
    let q = query(&req);
    let path = req.uri().path().trim_end_matches('/');
    let result = match path {
        "/admin" => pages::dashboard(state, &q, who.as_deref()).await,
        "/admin/journal" => pages::journal(state, &q).await,
        "/admin/opi" => opi::page(state, &q).await,
        "/admin/offre" => offre::page(state, &q).await,
        _ => {
            return message_page(
                StatusCode::NOT_FOUND,
                "Page inconnue",
                "Cette page n'existe pas.",
            )
        }
    };
    match result {
        Ok((title, active, body)) => html(StatusCode::OK, page(active, &title, &body)),
        Err(e) => {
            tracing::error!(error = %e, "admin page failed");
            message_page(
                StatusCode::SERVICE_UNAVAILABLE,
                "Base de données indisponible",
                "La page n'a pas pu être construite : la base de données n'a pas répondu. Réessayez dans un instant.",
            )
        }
    }
}

/// What a page builder returns: (title, active nav entry, body HTML).
type PageResult = Result<(String, &'static str, String), crate::store::StoreError>;

/// Folds text for accent- and case-insensitive comparison (`Hélène` → `HELENE`).
pub fn fold(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let mut out = String::with_capacity(s.len());
    for c in s
        .nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .flat_map(char::to_uppercase)
    {
        match c {
            'Œ' => out.push_str("OE"),
            'Æ' => out.push_str("AE"),
            'ß' => out.push_str("SS"),
            '’' | '\'' | '-' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(
            esc("<a href=\"x\">O'Brien & co</a>"),
            "&lt;a href=&quot;x&quot;&gt;O&#39;Brien &amp; co&lt;/a&gt;"
        );
        assert_eq!(enc("a b&c=é"), "a+b%26c%3D%C3%A9");
    }

    #[test]
    fn folding() {
        assert_eq!(fold("Hélène Çağlar-Œuvre"), "HELENE CAGLAR OEUVRE");
        assert!(fold("DUPONT-LEFÈVRE").contains(&fold("lefevre")));
    }
}
