//! Storing a received document: the `opi_pj` row and its bytes.
//!
//! Directory store, in this order (see `docs/PJ.md`):
//! 1. the bytes are already in a spool file `<root>/.incoming/<name>.part`, synced;
//! 2. one transaction writes the row with the new metadata and `pending = <name>`;
//! 3. the spool file is renamed to `<root>/<ind>_OPI/PJ_<tpj>_<ind>.<ext>`
//!    (replacing the previous version atomically) and the directory synced;
//! 4. `pending` is cleared.
//!
//! A crash before 2 leaves an unreferenced spool file, which [`sweep`] deletes;
//! a crash after 2 leaves a row whose `pending` names the spool file, which
//! [`sweep`] (run at start-up) renames into place: the row is never without its
//! file, and no file stays without a row.

use super::{extension_of, incoming_dir, Spooled};
use crate::config::{PjConfig, PjStoreKind};
use crate::store::{PjRow, Store, StoreError};
use std::path::{Path, PathBuf};
use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Created,
    Replaced,
    /// Same bytes and file name as stored: nothing written.
    Unchanged,
}

#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("document store: {0}")]
    Io(#[from] std::io::Error),
    /// The test seam stopped the write (`pj.crash_point`).
    #[error("simulated crash at {0}")]
    Crash(String),
}

pub fn opi_dir(root: &Path, cod_ind_opi: i64) -> PathBuf {
    root.join(format!("{cod_ind_opi}_OPI"))
}

/// `<root>/<cod_ind_opi>_OPI/PJ_<cod_tpj>_<cod_ind_opi>.<ext>`, as Apogée lays them out.
pub fn final_path(root: &Path, cod_ind_opi: i64, cod_tpj: &str, mime: &str) -> PathBuf {
    opi_dir(root, cod_ind_opi).join(format!("PJ_{cod_tpj}_{cod_ind_opi}.{}", extension_of(mime)))
}

fn now() -> String {
    time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

fn crash(cfg: &PjConfig, point: &str) -> Result<(), SaveError> {
    if cfg.crash_point.as_deref() == Some(point) {
        return Err(SaveError::Crash(point.into()));
    }
    Ok(())
}

/// What to store.
pub struct NewDocument<'a> {
    pub cod_ind_opi: i64,
    pub cod_tpj: &'a str,
    pub cod_opi_int_epo: &'a str,
    pub nom_fic: &'a str,
    pub mime: &'a str,
}

/// Stores `doc` for `(cod_ind_opi, cod_tpj)`, replacing any previous one.
pub async fn save(
    store: &dyn Store,
    cfg: &PjConfig,
    new: NewDocument<'_>,
    mut doc: Spooled,
) -> Result<Outcome, SaveError> {
    // One save at a time per (OPI, type) in this process, so that two uploads
    // of the same key cannot commit in one order and rename in the other.
    let _guard = key_lock(new.cod_ind_opi, new.cod_tpj).lock().await;
    let root = Path::new(&cfg.dir);
    let existing = store
        .pj_rows(Some(new.cod_ind_opi))
        .await?
        .into_iter()
        .find(|r| r.cod_tpj == new.cod_tpj);
    if let Some(e) = &existing {
        let in_place = match cfg.store {
            PjStoreKind::Database => true,
            PjStoreKind::Dir => final_path(root, e.cod_ind_opi, &e.cod_tpj, &e.mime_type).exists(),
        };
        if e.sha256 == doc.sha256 && e.nom_fic == new.nom_fic && e.pending.is_none() && in_place {
            return Ok(Outcome::Unchanged);
        }
    }
    let now = now();
    let mut row = PjRow {
        cod_ind_opi: new.cod_ind_opi,
        cod_tpj: new.cod_tpj.to_string(),
        cod_opi_int_epo: new.cod_opi_int_epo.to_string(),
        nom_fic: new.nom_fic.to_string(),
        taille: doc.size as i64,
        mime_type: new.mime.to_string(),
        sha256: doc.sha256.clone(),
        dat_cre: existing
            .as_ref()
            .map(|e| e.dat_cre.clone())
            .unwrap_or_else(|| now.clone()),
        dat_mod: now,
        pending: None,
    };
    let outcome = if existing.is_some() {
        Outcome::Replaced
    } else {
        Outcome::Created
    };
    match cfg.store {
        PjStoreKind::Database => {
            // Bounded by pj.max_document_bytes; BYTEA / BLOB are sent whole.
            let bytes = tokio::fs::read(&doc.path).await?;
            store.pj_put(&row, Some(bytes)).await?;
            Ok(outcome)
        }
        PjStoreKind::Dir => {
            let name = doc
                .path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            crash(cfg, "before_row")?;
            row.pending = Some(name.clone());
            // On error the spool file is deleted when `doc` is dropped.
            store.pj_put(&row, None).await?;
            // The row now refers to the spool file.
            doc.keep();
            crash(cfg, "after_row")?;
            complete(store, root, &row, &name).await?;
            Ok(outcome)
        }
    }
}

fn key_lock(cod_ind_opi: i64, cod_tpj: &str) -> &'static tokio::sync::Mutex<()> {
    use std::hash::{Hash, Hasher};
    static LOCKS: std::sync::OnceLock<Vec<tokio::sync::Mutex<()>>> = std::sync::OnceLock::new();
    let locks = LOCKS.get_or_init(|| (0..64).map(|_| tokio::sync::Mutex::new(())).collect());
    let mut h = std::collections::hash_map::DefaultHasher::new();
    (cod_ind_opi, cod_tpj).hash(&mut h);
    &locks[(h.finish() % 64) as usize]
}

fn sync_dir(dir: &Path) -> std::io::Result<()> {
    std::fs::File::open(dir)?.sync_all()
}

/// Steps 3 and 4: moves the spool file named by `pending` into place, removes a
/// previous version under another extension, clears the marker. Idempotent.
async fn complete(
    store: &dyn Store,
    root: &Path,
    row: &PjRow,
    pending: &str,
) -> Result<(), SaveError> {
    let spool = incoming_dir(root).join(pending);
    let target = final_path(root, row.cod_ind_opi, &row.cod_tpj, &row.mime_type);
    let dir = opi_dir(root, row.cod_ind_opi);
    let prefix = format!("PJ_{}_{}.", row.cod_tpj, row.cod_ind_opi);
    let (spool2, target2, dir2) = (spool.clone(), target.clone(), dir.clone());
    tokio::task::spawn_blocking(move || -> std::io::Result<()> {
        std::fs::create_dir_all(&dir2)?;
        match std::fs::rename(&spool2, &target2) {
            Ok(()) => {}
            // Already renamed (a previous attempt, or the sweep).
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && target2.exists() => {}
            Err(e) => return Err(e),
        }
        for entry in std::fs::read_dir(&dir2)? {
            let entry = entry?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.starts_with(&prefix) && entry.path() != target2 {
                std::fs::remove_file(entry.path())?;
            }
        }
        sync_dir(&dir2)?;
        if let Some(parent) = dir2.parent() {
            sync_dir(parent)?;
        }
        Ok(())
    })
    .await
    .map_err(|e| std::io::Error::other(e.to_string()))??;
    store
        .pj_clear_pending(row.cod_ind_opi, &row.cod_tpj, pending)
        .await?;
    Ok(())
}

/// What [`sweep`] did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct SweepReport {
    /// Pending rows whose file was moved into place.
    pub completed: usize,
    /// Spool files no row refers to, and document files no row describes, deleted.
    pub removed: usize,
}

/// Restores the invariant after a crash (directory store): completes every
/// pending row, then deletes spool files older than `min_age` that no row
/// refers to and `PJ_*` files that no row describes.
pub async fn sweep(
    store: &dyn Store,
    cfg: &PjConfig,
    min_age: Duration,
) -> Result<SweepReport, SaveError> {
    let mut report = SweepReport::default();
    if cfg.store != PjStoreKind::Dir {
        return Ok(report);
    }
    let root = Path::new(&cfg.dir);
    let rows = store.pj_rows(None).await?;
    for row in &rows {
        if let Some(p) = &row.pending {
            complete(store, root, row, p).await?;
            report.completed += 1;
        }
    }
    let rows = store.pj_rows(None).await?;
    let referenced: std::collections::HashSet<&str> =
        rows.iter().filter_map(|r| r.pending.as_deref()).collect();
    let described: std::collections::HashSet<PathBuf> = rows
        .iter()
        .map(|r| final_path(root, r.cod_ind_opi, &r.cod_tpj, &r.mime_type))
        .collect();
    if let Ok(entries) = std::fs::read_dir(incoming_dir(root)) {
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let old = entry
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age >= min_age);
            if old && !referenced.contains(name.as_str()) && remove_if_there(&entry.path())? {
                report.removed += 1;
            }
        }
    }
    if let Ok(entries) = std::fs::read_dir(root) {
        for dir in entries.flatten() {
            let dname = dir.file_name().to_string_lossy().into_owned();
            if !dname.ends_with("_OPI") || !dir.path().is_dir() {
                continue;
            }
            let Ok(files) = std::fs::read_dir(dir.path()) else {
                continue; // removed meanwhile
            };
            for f in files.flatten() {
                let name = f.file_name().to_string_lossy().into_owned();
                if name.starts_with("PJ_")
                    && !described.contains(&f.path())
                    && remove_if_there(&f.path())?
                {
                    report.removed += 1;
                }
            }
        }
    }
    Ok(report)
}

/// Removes a file; `false` when it was already gone (another process sweeping
/// the same directory got there first), an error for anything else.
fn remove_if_there(path: &Path) -> std::io::Result<bool> {
    match std::fs::remove_file(path) {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(e),
    }
}

/// Where the bytes of a row are in the directory store (the spool file while
/// the row is still pending and its spool file exists).
pub fn file_of(cfg: &PjConfig, row: &PjRow) -> PathBuf {
    let root = Path::new(&cfg.dir);
    match &row.pending {
        Some(p) if incoming_dir(root).join(p).exists() => incoming_dir(root).join(p),
        _ => final_path(root, row.cod_ind_opi, &row.cod_tpj, &row.mime_type),
    }
}

/// The bytes of a stored document, for `passerelle pj get`.
pub async fn read(
    store: &dyn Store,
    cfg: &PjConfig,
    row: &PjRow,
) -> Result<Option<Vec<u8>>, SaveError> {
    match cfg.store {
        PjStoreKind::Database => Ok(store.pj_content(row.cod_ind_opi, &row.cod_tpj).await?),
        PjStoreKind::Dir => {
            let path = file_of(cfg, row);
            match tokio::fs::read(&path).await {
                Ok(b) => Ok(Some(b)),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
                Err(e) => Err(e.into()),
            }
        }
    }
}
