//! Finding the repository root from a folder inside it.

use std::io;
use std::path::{Path, PathBuf};

/// Returns the nearest folder from `start` upward (itself included) that
/// contains both `catalogue/` and `schemas/`. Fails with
/// [`io::ErrorKind::NotFound`] when no such folder exists.
pub fn find_root(start: &Path) -> io::Result<PathBuf> {
    for folder in start.ancestors() {
        if folder.join("catalogue").is_dir() && folder.join("schemas").is_dir() {
            return Ok(folder.to_path_buf());
        }
    }
    Err(io::Error::new(
        io::ErrorKind::NotFound,
        format!(
            "no folder from {} upward contains both catalogue/ and schemas/; pass --root DIR",
            start.display()
        ),
    ))
}
