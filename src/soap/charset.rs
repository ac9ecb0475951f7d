//! Request character sets: UTF-8 by default, ISO-8859-1/15 (and whatever
//! `encoding_rs` knows by label) when the Content-Type or the XML declaration says
//! so. Responses are always UTF-8.

use super::reader::ReadError;
use std::borrow::Cow;

/// Finds `encoding="…"` in a leading XML declaration.
fn declared_encoding(bytes: &[u8]) -> Option<String> {
    let head = &bytes[..bytes.len().min(256)];
    if !head.starts_with(b"<?xml") {
        return None;
    }
    let end = head.windows(2).position(|w| w == b"?>")?;
    let decl = std::str::from_utf8(&head[..end]).ok()?;
    let pos = decl.find("encoding")?;
    let rest = decl[pos + "encoding".len()..]
        .trim_start()
        .strip_prefix('=')?;
    let rest = rest.trim_start();
    let quote = rest.chars().next()?;
    if quote != '"' && quote != '\'' {
        return None;
    }
    let inner = &rest[1..];
    Some(inner[..inner.find(quote)?].to_string())
}

/// Decodes a request body to UTF-8 text. The Content-Type charset wins over the
/// XML declaration (RFC 7303 §3.2); a UTF-8 byte-order mark is dropped.
pub fn decode<'a>(
    bytes: &'a [u8],
    header_charset: Option<&str>,
) -> Result<Cow<'a, str>, ReadError> {
    let bytes = bytes
        .strip_prefix(b"\xEF\xBB\xBF".as_slice())
        .unwrap_or(bytes);
    let label = header_charset
        .map(str::to_string)
        .or_else(|| declared_encoding(bytes))
        .unwrap_or_else(|| "utf-8".to_string());
    let encoding = encoding_rs::Encoding::for_label(label.trim().as_bytes())
        .filter(|e| *e != encoding_rs::REPLACEMENT)
        .ok_or_else(|| ReadError::Charset {
            charset: label.clone(),
        })?;
    if encoding == encoding_rs::UTF_8 {
        return std::str::from_utf8(bytes)
            .map(Cow::Borrowed)
            .map_err(|_| ReadError::Charset { charset: label });
    }
    encoding
        .decode_without_bom_handling_and_without_replacement(bytes)
        .ok_or(ReadError::Charset { charset: label })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin9_from_declaration() {
        let body = b"<?xml version=\"1.0\" encoding=\"ISO-8859-15\"?><a>LEF\xC8VRE \xBC</a>";
        let s = decode(body, None).unwrap();
        assert!(s.ends_with("<a>LEFÈVRE Œ</a>"), "{s}");
    }

    #[test]
    fn header_charset_wins() {
        let s = decode(b"<a>\xC9lodie</a>", Some("iso-8859-1")).unwrap();
        assert_eq!(s, "<a>Élodie</a>");
    }

    #[test]
    fn invalid_utf8_is_refused() {
        assert!(decode(b"<a>\xC9lodie</a>", None).is_err());
        assert!(decode(b"<a/>", Some("x-no-such")).is_err());
    }
}
