//! `GET <base>/PjOpiMetier/documents/<codOpiIntEpo>[/<codTpj>]`: registrars list
//! an OPI's supporting documents (JSON) and download one (its bytes, streamed
//! from the document store). Always authenticated — even when no client is
//! configured (then nobody passes): documents are personal data. Needs a
//! client with `pj_read = true`.

use super::routes::{plain, unauthenticated_plain, BodyError, Resp};
use super::State;
use crate::config::PjStoreKind;
use bytes::Bytes;
use http_body_util::{BodyExt, StreamBody};
use hyper::body::{Frame, Incoming};
use hyper::header::{HeaderValue, CONTENT_DISPOSITION, CONTENT_LENGTH, CONTENT_TYPE};
use hyper::{Request, Response, StatusCode};
use tokio::io::AsyncReadExt;

const TEXT: &str = "text/plain; charset=utf-8";

pub async fn get(state: &State, req: &Request<Incoming>, rest: &str) -> Resp {
    let peer = req.extensions().get::<super::auth::PeerNames>();
    let client = match state.auth.request_client(req.headers(), peer).await {
        Ok(c) => c,
        Err(_) => return unauthenticated_plain(),
    };
    if !client.pj_read {
        tracing::info!(client = %client.name, "document read refused: no pj_read");
        return plain(
            StatusCode::FORBIDDEN,
            TEXT,
            "this client may not read documents (pj_read)\n",
        );
    }
    let mut parts = rest.split('/');
    let key = parts.next().unwrap_or("");
    let tpj = parts.next();
    if key.is_empty() || parts.next().is_some() || tpj == Some("") {
        return plain(StatusCode::NOT_FOUND, TEXT, "no such document\n");
    }
    let fail = |e: &dyn std::fmt::Display| {
        tracing::error!(error = %e, "document read failed");
        plain(
            StatusCode::SERVICE_UNAVAILABLE,
            TEXT,
            "the document store could not be read\n",
        )
    };
    let ind = match state.store.opi_identity(key).await {
        Ok(Some((ind, _, _))) => ind,
        Ok(None) => return plain(StatusCode::NOT_FOUND, TEXT, "no such OPI\n"),
        Err(e) => return fail(&e),
    };
    let rows = match state.store.pj_rows(Some(ind)).await {
        Ok(r) => r,
        Err(e) => return fail(&e),
    };
    tracing::info!(client = %client.name, cod_opi_int_epo = key, cod_tpj = tpj.unwrap_or("-"), "document read");
    let Some(tpj) = tpj else {
        let list: Vec<serde_json::Value> = rows
            .iter()
            .map(|r| {
                serde_json::json!({
                    "cod_tpj": r.cod_tpj,
                    "nom_fic": r.nom_fic,
                    "size": r.taille,
                    "type": r.mime_type,
                    "sha256": r.sha256,
                    "dat_cre": r.dat_cre,
                    "dat_mod": r.dat_mod,
                })
            })
            .collect();
        return plain(
            StatusCode::OK,
            "application/json",
            serde_json::Value::Array(list).to_string(),
        );
    };
    let Some(row) = rows.iter().find(|r| r.cod_tpj == tpj) else {
        return plain(StatusCode::NOT_FOUND, TEXT, "no such document\n");
    };
    let cfg = &state.config.pj;
    let mut resp = match cfg.store {
        PjStoreKind::Database => match state.store.pj_content(ind, tpj).await {
            Ok(Some(bytes)) => plain(StatusCode::OK, "application/octet-stream", bytes),
            Ok(None) => return plain(StatusCode::NOT_FOUND, TEXT, "document content missing\n"),
            Err(e) => return fail(&e),
        },
        PjStoreKind::Dir => {
            let path = crate::pj::storage::file_of(cfg, row);
            let file = match tokio::fs::File::open(&path).await {
                Ok(f) => f,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    return plain(StatusCode::NOT_FOUND, TEXT, "document file missing\n")
                }
                Err(e) => return fail(&e),
            };
            let len = file.metadata().await.map(|m| m.len()).ok();
            let chunks = futures_util::stream::unfold(Some(file), |file| async move {
                let mut file = file?;
                let mut buf = vec![0u8; 64 * 1024];
                match file.read(&mut buf).await {
                    Ok(0) => None,
                    Ok(n) => {
                        buf.truncate(n);
                        Some((Ok(Frame::data(Bytes::from(buf))), Some(file)))
                    }
                    Err(e) => Some((Err(BodyError::from(e)), None)),
                }
            });
            let mut r = Response::new(BodyExt::boxed(StreamBody::new(chunks)));
            if let Some(len) = len {
                r.headers_mut()
                    .insert(CONTENT_LENGTH, HeaderValue::from(len));
            }
            r
        }
    };
    let h = resp.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&row.mime_type) {
        h.insert(CONTENT_TYPE, v);
    }
    if let Ok(v) = HeaderValue::from_str(&disposition(&row.nom_fic)) {
        h.insert(CONTENT_DISPOSITION, v);
    }
    resp
}

/// `attachment; filename="…"` (ASCII fallback) `; filename*=UTF-8''…` (RFC 6266).
fn disposition(name: &str) -> String {
    let ascii: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() && c != '"' && c != '\\' || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let mut encoded = String::new();
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            encoded.push(b as char);
        } else {
            encoded.push_str(&format!("%{b:02X}"));
        }
    }
    format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}

#[cfg(test)]
mod tests {
    #[test]
    fn disposition_escapes() {
        assert_eq!(
            super::disposition("carte \"é\".pdf"),
            "attachment; filename=\"carte _é_.pdf\"; filename*=UTF-8''carte%20%22%C3%A9%22.pdf"
                .replace('é', "_")
        );
    }
}
