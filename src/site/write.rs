//! Writing a site: every file into a temporary folder beside the target,
//! then one rename into place, so a failure leaves no half site.

use std::path::{Path, PathBuf};

use super::{Page, SiteError};

/// The file that marks a folder as a site peerkit wrote, so that a rerun
/// may replace it and no other folder is ever removed.
pub const MARKER: &str = ".peerkit-site";

/// Writes `pages` to `out`, replacing a site that peerkit wrote there
/// before.
///
/// # Errors
///
/// [`SiteError::NotASite`] when `out` exists, is not empty and holds no
/// [`MARKER`], and [`SiteError::Io`] when a write or rename fails; then the
/// temporary folder is removed and `out` is as it was.
pub fn write_site(out: &Path, pages: &[Page]) -> Result<(), SiteError> {
    check_replaceable(out)?;
    let parent = match out.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent).map_err(|source| io(&parent, source))?;
    let staging = tempfile::Builder::new()
        .prefix(".peerkit-site-new-")
        .tempdir_in(&parent)
        .map_err(|source| io(&parent, source))?;

    for page in pages {
        let path = staging.path().join(&page.path);
        if let Some(folder) = path.parent() {
            std::fs::create_dir_all(folder).map_err(|source| io(folder, source))?;
        }
        std::fs::write(&path, &page.bytes).map_err(|source| io(&path, source))?;
    }
    let marker = staging.path().join(MARKER);
    std::fs::write(
        &marker,
        "This folder is a site written by `peerkit site`; a rerun replaces it.\n",
    )
    .map_err(|source| io(&marker, source))?;

    swap_into_place(staging, out, &parent)
}

/// Checks that `out` neither lies inside nor contains any of `sources`, the
/// folders a site is built from (`catalogue/` and `schemas/`). Symbolic
/// links are resolved, so a link into the catalogue is caught too.
///
/// # Errors
///
/// [`SiteError::OutOverlapsSource`] naming the first such folder, and
/// [`SiteError::Io`] when the current folder or a path cannot be resolved.
pub fn check_out_folder(out: &Path, sources: &[PathBuf]) -> Result<(), SiteError> {
    let resolved_out = resolve(out)?;
    for folder in sources {
        let resolved_folder = resolve(folder)?;
        if resolved_out.starts_with(&resolved_folder) || resolved_folder.starts_with(&resolved_out)
        {
            return Err(SiteError::OutOverlapsSource {
                out: out.to_path_buf(),
                folder: folder.clone(),
            });
        }
    }
    Ok(())
}

/// Makes `path` absolute with its existing part canonicalized, so that
/// `.`, `..` and symbolic links compare equal to the folder they lead to.
/// The part that does not exist yet is appended unchanged.
fn resolve(path: &Path) -> Result<PathBuf, SiteError> {
    let absolute = std::path::absolute(path).map_err(|source| io(path, source))?;
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    loop {
        match existing.canonicalize() {
            Ok(mut resolved) => {
                resolved.extend(rest.iter().rev());
                return Ok(resolved);
            }
            Err(_) => match (existing.parent(), existing.file_name()) {
                (Some(parent), Some(name)) => {
                    rest.push(name.to_os_string());
                    existing = parent;
                }
                _ => return Ok(absolute),
            },
        }
    }
}

fn check_replaceable(out: &Path) -> Result<(), SiteError> {
    let Ok(mut items) = std::fs::read_dir(out) else {
        if out.exists() {
            return Err(SiteError::NotASite {
                path: out.to_path_buf(),
                marker: MARKER,
            });
        }
        return Ok(());
    };
    let empty = items.next().is_none();
    if empty || out.join(MARKER).is_file() {
        Ok(())
    } else {
        Err(SiteError::NotASite {
            path: out.to_path_buf(),
            marker: MARKER,
        })
    }
}

/// Moves the finished `staging` folder to `out`. An old site is first
/// renamed aside and removed only once the new one is in place; when the
/// second rename fails, the old site is moved back.
fn swap_into_place(staging: tempfile::TempDir, out: &Path, parent: &Path) -> Result<(), SiteError> {
    let staged = staging.keep();
    if !out.exists() {
        return std::fs::rename(&staged, out).map_err(|source| {
            let _ = std::fs::remove_dir_all(&staged);
            io(out, source)
        });
    }

    let old = tempfile::Builder::new()
        .prefix(".peerkit-site-old-")
        .tempdir_in(parent)
        .map_err(|source| io(parent, source))?
        .keep();
    std::fs::remove_dir(&old).map_err(|source| io(&old, source))?;
    std::fs::rename(out, &old).map_err(|source| {
        let _ = std::fs::remove_dir_all(&staged);
        io(out, source)
    })?;
    if let Err(source) = std::fs::rename(&staged, out) {
        let _ = std::fs::rename(&old, out);
        let _ = std::fs::remove_dir_all(&staged);
        return Err(io(out, source));
    }
    std::fs::remove_dir_all(&old).map_err(|source| io(&old, source))
}

fn io(path: &Path, source: std::io::Error) -> SiteError {
    SiteError::Io {
        path: path.to_path_buf(),
        source,
    }
}
