//! MTOM/XOP bodies (`multipart/related; type="application/xop+xml"`).
//!
//! The root part (the SOAP envelope, `start` or else the first part) is kept in
//! memory, bounded by `limits.max_body_bytes`; the attachment its
//! `<xop:Include href="cid:…"/>` names is streamed to a [`Sink`]. multer gets
//! explicit limits (whole stream and per part), since by default it buffers
//! whatever is ready.

use super::{PjError, Sink, Spooled};
use crate::soap::SoapVersion;
use bytes::Bytes;
use futures_util::Stream;
use std::path::Path;

/// The parts of a `multipart/related` Content-Type that matter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Related {
    pub boundary: String,
    /// `start`: Content-ID of the root part, without `<>`.
    pub start: Option<String>,
    pub version: SoapVersion,
    pub charset: Option<String>,
}

/// Reads a `multipart/related` Content-Type; `None` when it is not one.
pub fn parse_related(content_type: &str) -> Option<Result<Related, String>> {
    let m: mime::Mime = content_type.parse().ok()?;
    if m.type_() != mime::MULTIPART || m.subtype().as_str() != "related" {
        return None;
    }
    let Some(boundary) = m.get_param(mime::BOUNDARY) else {
        return Some(Err("multipart/related without a boundary".into()));
    };
    let start = m
        .get_param("start")
        .map(|s| strip_cid(s.as_str()).to_string());
    let info = m
        .get_param("start-info")
        .map(|s| s.as_str().to_ascii_lowercase())
        .unwrap_or_default();
    let version = if info.contains("soap+xml") {
        SoapVersion::V12
    } else {
        SoapVersion::V11
    };
    Some(Ok(Related {
        boundary: boundary.as_str().to_string(),
        start,
        version,
        charset: m.get_param(mime::CHARSET).map(|c| c.as_str().to_string()),
    }))
}

/// A Content-ID or `cid:` reference without `cid:`, `<>` and URL-encoding.
pub fn strip_cid(s: &str) -> String {
    let s = s.trim();
    let s = s.strip_prefix("cid:").unwrap_or(s);
    let s = s.trim_start_matches('<').trim_end_matches('>');
    url::form_urlencoded::parse(format!("x={}", s.replace('+', "%2B")).as_bytes())
        .next()
        .map(|(_, v)| v.into_owned())
        .unwrap_or_else(|| s.to_string())
}

/// The `href` of the first `Include` element in the root part, if any.
pub fn include_href(root: &[u8]) -> Option<String> {
    let text = String::from_utf8_lossy(root);
    let at = text.find(":Include").or_else(|| text.find("<Include"))?;
    let tag_end = text[at..].find('>')? + at;
    let tag = &text[at..tag_end];
    let h = tag.find("href")?;
    let rest = tag[h + 4..].trim_start().strip_prefix('=')?.trim_start();
    let quote = rest.chars().next()?;
    if quote != '"' && quote != '\'' {
        return None;
    }
    let rest = &rest[1..];
    let end = rest.find(quote)?;
    Some(strip_cid(&rest[..end]))
}

/// What [`extract`] gives: the root part and the attachment.
pub struct Extracted {
    pub envelope: Vec<u8>,
    pub document: Option<Spooled>,
}

fn multer_err(e: multer::Error) -> PjError {
    match e {
        multer::Error::IncompleteStream
        | multer::Error::IncompleteFieldData { .. }
        | multer::Error::IncompleteHeaders => PjError::Truncated(format!(
            "the multipart body is incomplete (no closing boundary): {e}"
        )),
        multer::Error::StreamReadFailed(e) => PjError::Body(e.to_string()),
        other => PjError::Multipart(other.to_string()),
    }
}

/// Reads the parts of an MTOM body.
pub async fn extract<S, E>(
    stream: S,
    related: &Related,
    max_envelope: usize,
    max_document: u64,
    root: &Path,
) -> Result<Extracted, PjError>
where
    S: Stream<Item = Result<Bytes, E>> + Send + 'static,
    E: Into<Box<dyn std::error::Error + Send + Sync>> + 'static,
{
    // The document may be sent base64-encoded in its part: leave room for that;
    // the Sink enforces the real limit on the bytes as soon as it is passed.
    let per_part = max_document.saturating_mul(2).max(max_envelope as u64) + 64 * 1024;
    let whole = per_part + max_envelope as u64 + 64 * 1024;
    let constraints = multer::Constraints::new().size_limit(
        multer::SizeLimit::new()
            .whole_stream(whole)
            .per_field(per_part),
    );
    let mut mp = multer::Multipart::with_constraints(stream, &related.boundary, constraints);
    let mut envelope: Option<Vec<u8>> = None;
    let mut attachment: Option<(String, Spooled)> = None;
    let mut first = true;
    while let Some(mut field) = mp.next_field().await.map_err(multer_err)? {
        let cid = field
            .headers()
            .get("content-id")
            .and_then(|v| v.to_str().ok())
            .map(strip_cid)
            .unwrap_or_default();
        let is_root = match &related.start {
            Some(s) => *s == cid,
            None => first,
        };
        first = false;
        if is_root && envelope.is_none() {
            let mut buf = Vec::new();
            while let Some(chunk) = field.chunk().await.map_err(multer_err)? {
                if buf.len() + chunk.len() > max_envelope {
                    return Err(PjError::EnvelopeTooBig(max_envelope));
                }
                buf.extend_from_slice(&chunk);
            }
            envelope = Some(buf);
        } else {
            if attachment.is_some() {
                return Err(PjError::Multipart(
                    "more than one attachment: only _pj may be sent as an attachment".into(),
                ));
            }
            let mut sink = Sink::create(root, max_document).await?;
            while let Some(chunk) = field.chunk().await.map_err(|e| match e {
                multer::Error::FieldSizeExceeded { .. } => PjError::TooBig(max_document),
                e => multer_err(e),
            })? {
                sink.write(&chunk).await?;
            }
            attachment = Some((cid, sink.finish().await?));
        }
    }
    let Some(envelope) = envelope else {
        return Err(PjError::Multipart(
            "no root part (the SOAP envelope) was found".into(),
        ));
    };
    let document = match (include_href(&envelope), attachment) {
        (None, None) => None,
        (Some(href), Some((cid, doc))) if href == cid => Some(doc),
        (Some(href), _) => {
            return Err(PjError::Multipart(format!(
                "xop:Include names cid:{href}, which no part carries"
            )))
        }
        (None, Some(_)) => {
            return Err(PjError::Multipart(
                "an attachment was sent but no xop:Include refers to it".into(),
            ))
        }
    };
    Ok(Extracted { envelope, document })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_type_and_cid() {
        let r = parse_related(
            "multipart/related; type=\"application/xop+xml\"; boundary=\"uuid:abc\"; start=\"<root.message@cxf.apache.org>\"; start-info=\"text/xml\"",
        )
        .unwrap()
        .unwrap();
        assert_eq!(r.boundary, "uuid:abc");
        assert_eq!(r.start.as_deref(), Some("root.message@cxf.apache.org"));
        assert_eq!(r.version, SoapVersion::V11);
        assert!(parse_related("text/xml").is_none());
        assert_eq!(strip_cid("cid:a%40b"), "a@b");
        assert_eq!(strip_cid("<a@b>"), "a@b");
        assert_eq!(
            include_href(b"<_pj><xop:Include xmlns:xop=\"http://www.w3.org/2004/08/xop/include\" href=\"cid:doc%401\"/></_pj>"),
            Some("doc@1".into())
        );
    }
}
