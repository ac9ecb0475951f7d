//! Supporting documents (`PjOpiMetier`): streaming extraction of `_pj` from a
//! request body, content checks, and the document store.
//!
//! * [`inline`]: a `text/xml` body whose `_pj` holds base64 text. The bytes are
//!   scanned as they arrive; the XML outside `_pj` is kept (bounded by
//!   `limits.max_body_bytes`), the base64 text is decoded incrementally into a
//!   spooled file ([`Sink`]) and replaced by nothing, so the envelope handed to
//!   the reader is small.
//! * [`mtom`]: a `multipart/related` (MTOM/XOP) body: the root part is kept, the
//!   attachment is spooled the same way.
//! * [`storage`]: the `opi_pj` row and the bytes (directory or database), with
//!   the crash-safety protocol described in `docs/PJ.md`.
//!
//! Nothing here holds more than one chunk (≤ 64 KiB of base64) of the document
//! in memory.

pub mod inline;
pub mod mtom;
pub mod storage;

use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use tokio::io::AsyncWriteExt;

/// Why a document could not be received.
#[derive(Debug, thiserror::Error)]
pub enum PjError {
    #[error("the document exceeds the limit of {0} bytes")]
    TooBig(u64),
    #[error("the XML around the document exceeds the limit of {0} bytes")]
    EnvelopeTooBig(usize),
    #[error("the base64 content of _pj is invalid: {0}")]
    Base64(String),
    #[error("the request body ended before the document was complete: {0}")]
    Truncated(String),
    #[error("the multipart (MTOM) body is invalid: {0}")]
    Multipart(String),
    #[error("the request body could not be read: {0}")]
    Body(String),
    #[error("the document could not be spooled: {0}")]
    Io(#[from] std::io::Error),
}

/// A document received and written to a spool file, not yet stored.
/// The file is deleted when this value is dropped, unless [`Spooled::keep`] was called.
#[derive(Debug)]
pub struct Spooled {
    pub path: PathBuf,
    pub size: u64,
    /// Lower-case hex SHA-256 of the bytes.
    pub sha256: String,
    /// The first bytes (up to 16), for type sniffing.
    pub head: Vec<u8>,
    kept: bool,
}

impl Spooled {
    /// The file now belongs to someone else (renamed into place, or recorded as pending).
    pub fn keep(&mut self) {
        self.kept = true;
    }
}

impl Drop for Spooled {
    fn drop(&mut self) {
        if !self.kept {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

/// Where uploads are spooled: `<root>/.incoming/` (same file system as the
/// final place, so the final step is a rename).
pub fn incoming_dir(root: &Path) -> PathBuf {
    root.join(".incoming")
}

fn spool_name() -> String {
    static N: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    format!(
        "{}-{}-{}.part",
        std::process::id(),
        nanos,
        N.fetch_add(1, Ordering::Relaxed)
    )
}

/// Receives decoded bytes: writes them to the spool file, hashes and counts them,
/// and stops as soon as the size limit is passed.
pub struct Sink {
    file: Option<tokio::fs::File>,
    spooled: Spooled,
    hasher: Sha256,
    max: u64,
}

impl Sink {
    pub async fn create(root: &Path, max: u64) -> Result<Sink, PjError> {
        let dir = incoming_dir(root);
        tokio::fs::create_dir_all(&dir).await?;
        let path = dir.join(spool_name());
        let file = tokio::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .await?;
        Ok(Sink {
            file: Some(file),
            spooled: Spooled {
                path,
                size: 0,
                sha256: String::new(),
                head: Vec::new(),
                kept: false,
            },
            hasher: Sha256::new(),
            max,
        })
    }

    pub async fn write(&mut self, data: &[u8]) -> Result<(), PjError> {
        if data.is_empty() {
            return Ok(());
        }
        let size = self.spooled.size + data.len() as u64;
        if size > self.max {
            return Err(PjError::TooBig(self.max));
        }
        if self.spooled.head.len() < 16 {
            let n = (16 - self.spooled.head.len()).min(data.len());
            self.spooled.head.extend_from_slice(&data[..n]);
        }
        self.hasher.update(data);
        if let Some(f) = self.file.as_mut() {
            f.write_all(data).await?;
        }
        self.spooled.size = size;
        Ok(())
    }

    /// Flushes and syncs the file; the document is complete.
    pub async fn finish(mut self) -> Result<Spooled, PjError> {
        if let Some(mut f) = self.file.take() {
            f.flush().await?;
            f.sync_all().await?;
        }
        let digest = std::mem::take(&mut self.hasher).finalize();
        self.spooled.sha256 = hex(&digest);
        let mut s = Spooled {
            path: std::mem::take(&mut self.spooled.path),
            size: self.spooled.size,
            sha256: std::mem::take(&mut self.spooled.sha256),
            head: std::mem::take(&mut self.spooled.head),
            kept: false,
        };
        // `self.spooled` now has an empty path: its Drop removes nothing.
        self.spooled.kept = true;
        s.kept = false;
        Ok(s)
    }
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The media type of a document from its first bytes.
pub fn sniff(head: &[u8]) -> Option<&'static str> {
    if head.starts_with(b"%PDF-") {
        Some("application/pdf")
    } else if head.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if head.starts_with(&[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) {
        Some("image/png")
    } else {
        None
    }
}

/// The media type a file name's extension announces.
pub fn type_of_extension(nom_fic: &str) -> Option<&'static str> {
    let ext = nom_fic.rsplit_once('.')?.1.to_ascii_lowercase();
    match ext.as_str() {
        "pdf" => Some("application/pdf"),
        "jpg" | "jpeg" => Some("image/jpeg"),
        "png" => Some("image/png"),
        _ => None,
    }
}

/// The extension files of this type get in the directory store.
pub fn extension_of(mime: &str) -> &'static str {
    match mime {
        "application/pdf" => "pdf",
        "image/jpeg" => "jpg",
        "image/png" => "png",
        _ => "bin",
    }
}

/// Case- and accent-insensitive form of a name: NFD, combining marks removed,
/// upper case, surrounding white space trimmed.
pub fn fold(s: &str) -> String {
    use unicode_normalization::char::is_combining_mark;
    use unicode_normalization::UnicodeNormalization;
    s.trim()
        .nfd()
        .filter(|c| !is_combining_mark(*c))
        .collect::<String>()
        .to_uppercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_ignores_case_and_accents() {
        assert_eq!(fold("Lefèvre"), fold("LEFEVRE"));
        assert_eq!(fold(" élodie "), "ELODIE");
        assert_ne!(fold("LEFEVRE"), fold("LEFEBVRE"));
    }

    #[test]
    fn sniffing() {
        assert_eq!(sniff(b"%PDF-1.4\n"), Some("application/pdf"));
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0]), Some("image/jpeg"));
        assert_eq!(sniff(b"GIF89a"), None);
        assert_eq!(type_of_extension("cni.PDF"), Some("application/pdf"));
        assert_eq!(type_of_extension("photo.jpeg"), Some("image/jpeg"));
        assert_eq!(type_of_extension("noext"), None);
    }
}
