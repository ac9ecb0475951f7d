//! Inline base64 `_pj` in a `text/xml` (or `application/soap+xml`) body.
//!
//! [`Extractor::feed`] takes the body chunk by chunk. Outside `_pj` the bytes are
//! kept (the envelope, bounded); from the `<_pj …>` start tag to the next `<`
//! the text is base64: ASCII white space and the character references clients
//! emit for line breaks (`&#13;`, `&#xD;`, `&#10;`, `&#xA;`, `&#9;`) are skipped,
//! the rest is decoded in groups of four characters, whatever the chunk
//! boundaries, and written to a [`Sink`]. The kept envelope has an empty `_pj`.

use super::{PjError, Sink, Spooled};
use base64::Engine;

/// Base64 characters decoded at once (a multiple of 4).
const BATCH: usize = 64 * 1024;

/// Incremental base64 decoder (standard alphabet, padding required).
#[derive(Default)]
pub struct Base64Stream {
    pending: Vec<u8>,
    padded: bool,
    /// A character reference being read (`&…;`).
    entity: Option<Vec<u8>>,
    out: Vec<u8>,
}

impl Base64Stream {
    /// Takes one byte of `_pj` text.
    fn push(&mut self, b: u8) -> Result<(), PjError> {
        if let Some(e) = self.entity.as_mut() {
            if b == b';' {
                let name = String::from_utf8_lossy(e).to_ascii_lowercase();
                self.entity = None;
                return match name.as_str() {
                    "#13" | "#xd" | "#x0d" | "#10" | "#xa" | "#x0a" | "#9" | "#x9" | "#x09"
                    | "#32" | "#x20" => Ok(()),
                    _ => Err(PjError::Base64(format!(
                        "the reference &{name}; is not allowed in base64 text"
                    ))),
                };
            }
            e.push(b);
            if e.len() > 8 {
                return Err(PjError::Base64(
                    "an unterminated character reference".into(),
                ));
            }
            return Ok(());
        }
        match b {
            b' ' | b'\t' | b'\r' | b'\n' => Ok(()),
            b'&' => {
                self.entity = Some(Vec::new());
                Ok(())
            }
            b'=' => {
                self.padded = true;
                self.pending.push(b);
                Ok(())
            }
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'+' | b'/' => {
                if self.padded {
                    return Err(PjError::Base64("data after the padding (=)".into()));
                }
                self.pending.push(b);
                Ok(())
            }
            _ => Err(PjError::Base64(format!(
                "the character {:?} is not base64",
                b as char
            ))),
        }
    }

    fn decode(&mut self, all: bool) -> Result<(), PjError> {
        let n = if all {
            if !self.pending.len().is_multiple_of(4) {
                return Err(PjError::Truncated(format!(
                    "the base64 text ends in the middle of a 4-character group ({} characters left over)",
                    self.pending.len() % 4
                )));
            }
            self.pending.len()
        } else {
            self.pending.len() / 4 * 4
        };
        if n == 0 {
            return Ok(());
        }
        if !all && self.padded {
            // Padding can only be in the last group: wait for the end.
            return Ok(());
        }
        self.out.clear();
        self.out.resize(n / 4 * 3, 0);
        let written = base64::engine::general_purpose::STANDARD
            .decode_slice(&self.pending[..n], &mut self.out)
            .map_err(|e| PjError::Base64(e.to_string()))?;
        self.out.truncate(written);
        self.pending.drain(..n);
        Ok(())
    }
}

enum Mode {
    /// Before `_pj`: looking for its start tag from `scan`.
    Head { scan: usize },
    /// Inside `_pj`'s text.
    Pj,
    /// After `_pj`: everything is kept.
    Tail,
}

/// See the module documentation.
pub struct Extractor {
    kept: Vec<u8>,
    max_envelope: usize,
    mode: Mode,
    b64: Base64Stream,
    sink: Option<Sink>,
    make_sink: Option<Box<dyn FnOnce() -> SinkFuture + Send>>,
    found: bool,
}

type SinkFuture =
    std::pin::Pin<Box<dyn std::future::Future<Output = Result<Sink, PjError>> + Send>>;

/// What [`Extractor::finish`] gives: the envelope (with an empty `_pj`) and the
/// document when `_pj` held one.
pub struct Extracted {
    pub envelope: Vec<u8>,
    pub document: Option<Spooled>,
}

/// Where a `_pj` start tag is in `buf[from..]`: `Some(Ok((tag_end, self_closing)))`,
/// `Some(Err(pos))` when a tag starts at `pos` but is not complete yet.
fn find_pj_tag(buf: &[u8], from: usize) -> (Option<(usize, bool)>, usize) {
    let mut i = from;
    while let Some(off) = buf[i..].iter().position(|&b| b == b'<') {
        let lt = i + off;
        let rest = &buf[lt + 1..];
        let name_len = rest
            .iter()
            .position(|&b| b.is_ascii_whitespace() || b == b'>' || b == b'/')
            .unwrap_or(rest.len());
        if name_len == rest.len() {
            // The name is not complete yet.
            return (None, lt);
        }
        let name = &rest[..name_len];
        let local = name.rsplit(|&b| b == b':').next().unwrap_or(name);
        if local == b"_pj" {
            let Some(gt) = rest[name_len..].iter().position(|&b| b == b'>') else {
                return (None, lt);
            };
            let gt = lt + 1 + name_len + gt;
            let self_closing = buf[gt - 1] == b'/';
            return (Some((gt + 1, self_closing)), gt + 1);
        }
        i = lt + 1;
    }
    (None, buf.len())
}

impl Extractor {
    /// `make_sink` opens the spool file when `_pj` starts.
    pub fn new(
        max_envelope: usize,
        make_sink: impl FnOnce() -> SinkFuture + Send + 'static,
    ) -> Extractor {
        Extractor {
            kept: Vec::new(),
            max_envelope,
            mode: Mode::Head { scan: 0 },
            b64: Base64Stream::default(),
            sink: None,
            make_sink: Some(Box::new(make_sink)),
            found: false,
        }
    }

    fn keep(&mut self, data: &[u8]) -> Result<(), PjError> {
        if self.kept.len() + data.len() > self.max_envelope {
            return Err(PjError::EnvelopeTooBig(self.max_envelope));
        }
        self.kept.extend_from_slice(data);
        Ok(())
    }

    pub async fn feed(&mut self, mut data: &[u8]) -> Result<(), PjError> {
        while !data.is_empty() {
            match self.mode {
                Mode::Tail => {
                    self.keep(data)?;
                    return Ok(());
                }
                Mode::Head { scan } => {
                    self.keep(data)?;
                    data = &[];
                    let (found, next) = find_pj_tag(&self.kept, scan);
                    match found {
                        None => self.mode = Mode::Head { scan: next },
                        Some((_, true)) => self.mode = Mode::Head { scan: next },
                        Some((end, false)) => {
                            if self.found {
                                return Err(PjError::Base64("_pj is given twice".into()));
                            }
                            self.found = true;
                            let rest = self.kept.split_off(end);
                            if let Some(make) = self.make_sink.take() {
                                self.sink = Some(make().await?);
                            }
                            self.mode = Mode::Pj;
                            Box::pin(self.feed(&rest)).await?;
                        }
                    }
                }
                Mode::Pj => {
                    let lt = data.iter().position(|&b| b == b'<');
                    let text = &data[..lt.unwrap_or(data.len())];
                    for chunk in text.chunks(BATCH) {
                        for &b in chunk {
                            self.b64.push(b)?;
                        }
                        if self.b64.pending.len() >= BATCH {
                            self.b64.decode(false)?;
                            self.write_out().await?;
                        }
                    }
                    match lt {
                        None => return Ok(()),
                        Some(lt) => {
                            if self.b64.entity.is_some() {
                                return Err(PjError::Base64(
                                    "an unterminated character reference".into(),
                                ));
                            }
                            self.b64.decode(true)?;
                            self.write_out().await?;
                            self.mode = Mode::Tail;
                            data = &data[lt..];
                        }
                    }
                }
            }
        }
        Ok(())
    }

    async fn write_out(&mut self) -> Result<(), PjError> {
        if let Some(s) = self.sink.as_mut() {
            s.write(&self.b64.out).await?;
        }
        self.b64.out.clear();
        Ok(())
    }

    /// The body is complete.
    pub async fn finish(self) -> Result<Extracted, PjError> {
        if matches!(self.mode, Mode::Pj) {
            return Err(PjError::Truncated(
                "the body ends inside _pj (no closing tag)".into(),
            ));
        }
        let document = match self.sink {
            Some(s) => Some(s.finish().await?),
            None => None,
        };
        Ok(Extracted {
            envelope: self.kept,
            document,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_start_tag() {
        let b = b"<a><ns:_pj xmlns:ns=\"x\">QQ==</ns:_pj>";
        let (f, _) = find_pj_tag(b, 0);
        assert_eq!(f, Some((24, false)));
        let (f, next) = find_pj_tag(b"<a><_p", 0);
        assert_eq!((f, next), (None, 3));
        let (f, _) = find_pj_tag(b"<_pjx>", 0);
        assert_eq!(f, None);
        let (f, _) = find_pj_tag(b"<_pj/>", 0);
        assert_eq!(f, Some((6, true)));
    }

    #[test]
    fn decodes_across_references_and_white_space() {
        let mut d = Base64Stream::default();
        for &b in b"SGVs&#13;\nbG8g&#xD;&#xA;d29y bGQ=" {
            d.push(b).unwrap();
        }
        d.decode(true).unwrap();
        assert_eq!(d.out, b"Hello world");
        let mut d = Base64Stream::default();
        for &b in b"SGVsbG8" {
            d.push(b).unwrap();
        }
        assert!(matches!(d.decode(true), Err(PjError::Truncated(_))));
    }
}
