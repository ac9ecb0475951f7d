//! WS-Security 1.0/1.1 `UsernameToken` (OASIS Username Token Profile 1.0) read
//! from the SOAP header: `wsse:Security/wsse:UsernameToken` with `Username`,
//! `Password` (`Type` = `#PasswordText` or `#PasswordDigest`), `Nonce`
//! (base64) and `wsu:Created`.
//!
//! The envelope has already been read by [`super::reader`] (limits, DTDs,
//! entities checked), so this second, narrow pass over the same text is safe
//! and only runs when a `Security` header block is present. The node tree does
//! not keep attributes, hence the second pass for `Password/@Type`.

use quick_xml::events::Event;
use quick_xml::name::ResolveResult;
use quick_xml::NsReader;

pub const WSSE_NS: &str =
    "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd";
pub const WSU_NS: &str =
    "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd";
const PASSWORD_TEXT: &str = "#PasswordText";
const PASSWORD_DIGEST: &str = "#PasswordDigest";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordType {
    Text,
    Digest,
    /// A `Type` this gateway does not know.
    Other,
}

/// A `UsernameToken` as sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsernameToken {
    pub username: String,
    pub password: String,
    pub password_type: PasswordType,
    /// As sent (base64 text).
    pub nonce: Option<String>,
    pub created: Option<String>,
}

/// The first `UsernameToken` of a `wsse:Security` header block of `xml` (the
/// whole envelope), or `None` when there is none.
pub fn username_token(xml: &str) -> Option<UsernameToken> {
    let mut r = NsReader::from_str(xml);
    r.config_mut().trim_text(false);
    // Path of (namespace, local name) from the root.
    let mut path: Vec<(String, String)> = Vec::new();
    let mut tok: Option<UsernameToken> = None;
    let mut field: Option<&'static str> = None;
    let mut text = String::new();
    loop {
        let ev = r.read_resolved_event().ok()?;
        match ev {
            (ns, Event::Start(e)) => {
                let ns = match ns {
                    ResolveResult::Bound(n) => n.0.to_string(),
                    _ => String::new(),
                };
                let local = e.local_name().as_ref().to_string();
                let depth = path.len();
                // Envelope / Header / Security / UsernameToken / field
                if depth == 3
                    && path[1].1 == "Header"
                    && path[2] == (WSSE_NS.to_string(), "Security".into())
                    && ns == WSSE_NS
                    && local == "UsernameToken"
                    && tok.is_none()
                {
                    tok = Some(UsernameToken {
                        username: String::new(),
                        password: String::new(),
                        password_type: PasswordType::Text,
                        nonce: None,
                        created: None,
                    });
                } else if depth == 4
                    && path[3] == (WSSE_NS.to_string(), "UsernameToken".into())
                    && tok.is_some()
                {
                    field = match (ns.as_str(), local.as_str()) {
                        (WSSE_NS, "Username") => Some("Username"),
                        (WSSE_NS, "Password") => {
                            let mut ty = PasswordType::Text;
                            for a in e.attributes().flatten() {
                                if a.key.local_name().as_ref() == "Type" {
                                    let v = a.value.to_string();
                                    ty = if v.ends_with(PASSWORD_DIGEST) {
                                        PasswordType::Digest
                                    } else if v.ends_with(PASSWORD_TEXT) {
                                        PasswordType::Text
                                    } else {
                                        PasswordType::Other
                                    };
                                }
                            }
                            if let Some(t) = tok.as_mut() {
                                t.password_type = ty;
                            }
                            Some("Password")
                        }
                        (WSSE_NS, "Nonce") => Some("Nonce"),
                        (WSU_NS, "Created") | (WSSE_NS, "Created") => Some("Created"),
                        _ => None,
                    };
                    text.clear();
                }
                path.push((ns, local));
            }
            (_, Event::End(_)) => {
                if path.len() == 5 {
                    if let (Some(f), Some(t)) = (field.take(), tok.as_mut()) {
                        let v = text.trim().to_string();
                        match f {
                            "Username" => t.username = v,
                            "Password" => t.password = text.clone(),
                            "Nonce" => t.nonce = Some(v),
                            _ => t.created = Some(v),
                        }
                    }
                }
                if path.len() == 4
                    && path[3] == (WSSE_NS.to_string(), "UsernameToken".into())
                    && tok.is_some()
                {
                    return tok;
                }
                path.pop();
                // The Header is over (or was never there): no token.
                if path.len() == 1 {
                    return None;
                }
            }
            (_, Event::Text(t)) if field.is_some() => {
                text.push_str(&t.xml10_content());
            }
            (_, Event::GeneralRef(g)) if field.is_some() => {
                if let Some(ch) = g.resolve_char_ref().ok().flatten() {
                    text.push(ch);
                } else {
                    let name = g.xml10_content();
                    text.push_str(
                        quick_xml::escape::resolve_predefined_entity(&name).unwrap_or(""),
                    );
                }
            }
            (_, Event::CData(c)) if field.is_some() => {
                text.push_str(&c.xml10_content());
            }
            (_, Event::Eof) => return None,
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_digest_token() {
        let xml = format!(
            r#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Header><wsse:Security s:mustUnderstand="1" xmlns:wsse="{WSSE_NS}" xmlns:wsu="{WSU_NS}"><wsse:UsernameToken wsu:Id="x"><wsse:Username>app</wsse:Username><wsse:Password Type="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordDigest">abc=</wsse:Password><wsse:Nonce EncodingType="...#Base64Binary">bm9uY2U=</wsse:Nonce><wsu:Created>2026-01-01T00:00:00Z</wsu:Created></wsse:UsernameToken></wsse:Security></s:Header><s:Body><x/></s:Body></s:Envelope>"#
        );
        let t = username_token(&xml).unwrap();
        assert_eq!(t.username, "app");
        assert_eq!(t.password, "abc=");
        assert_eq!(t.password_type, PasswordType::Digest);
        assert_eq!(t.nonce.as_deref(), Some("bm9uY2U="));
        assert_eq!(t.created.as_deref(), Some("2026-01-01T00:00:00Z"));
    }

    #[test]
    fn text_password_with_entities_and_no_token() {
        let xml = format!(
            r#"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Header><Security xmlns="{WSSE_NS}"><UsernameToken><Username>a</Username><Password>p&amp;w&#33;</Password></UsernameToken></Security></s:Header><s:Body/></s:Envelope>"#
        );
        let t = username_token(&xml).unwrap();
        assert_eq!(t.password, "p&w!");
        assert_eq!(t.password_type, PasswordType::Text);
        assert!(
            username_token(r#"<s:Envelope xmlns:s="x"><s:Body><a/></s:Body></s:Envelope>"#)
                .is_none()
        );
    }
}
