//! Finding the repository root and reading its catalogue and schema files
//! into memory, so that every check downstream works on bytes alone.

use std::path::{Path, PathBuf};

use super::Layout;

/// One file of the repository, as bytes, whether it came from the working
/// tree or from a git tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    /// The path relative to the repository root, with `/` separators.
    pub path: String,
    /// The file's contents.
    pub bytes: Vec<u8>,
}

impl SourceFile {
    /// Creates a file from its root-relative path and contents.
    pub fn new(path: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        SourceFile {
            path: path.into(),
            bytes: bytes.into(),
        }
    }
}

/// A failure to find or read the repository.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// No folder from `start` upward holds both `catalogue/` and `schemas/`.
    #[error(
        "no repository root found from {start} upward: no folder holds both `catalogue/` and `schemas/` (run inside the repository or pass --root)"
    )]
    RootNotFound {
        /// Where the search started.
        start: PathBuf,
    },
    /// A folder or file could not be read.
    #[error("failed to read {path}: {source}")]
    Io {
        /// The folder or file.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A path under the root is not valid UTF-8, so it cannot be reported.
    #[error("the path {path} is not valid UTF-8: rename it")]
    NonUtf8Path {
        /// The path.
        path: PathBuf,
    },
}

/// Returns the nearest folder from `start` upward that holds both
/// `catalogue/` and `schemas/`.
pub fn find_root(start: &Path) -> Result<PathBuf, LoadError> {
    let start = std::path::absolute(start).map_err(|source| LoadError::Io {
        path: start.to_path_buf(),
        source,
    })?;
    start
        .ancestors()
        .find(|dir| dir.join(Layout::CATALOGUE).is_dir() && dir.join(Layout::SCHEMAS).is_dir())
        .map(Path::to_path_buf)
        .ok_or(LoadError::RootNotFound { start })
}

/// Reads every file under `catalogue/` and `schemas/` of `root`, sorted by
/// path. Symbolic links are followed; a missing folder reads as empty.
pub fn read_tree(root: &Path) -> Result<Vec<SourceFile>, LoadError> {
    let mut files = Vec::new();
    for folder in [Layout::CATALOGUE, Layout::SCHEMAS] {
        let dir = root.join(folder);
        if dir.exists() {
            read_folder(&dir, folder, &mut files)?;
        }
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// Appends the files under `dir`, whose root-relative path is `relative`.
fn read_folder(dir: &Path, relative: &str, files: &mut Vec<SourceFile>) -> Result<(), LoadError> {
    let io_error = |source| LoadError::Io {
        path: dir.to_path_buf(),
        source,
    };
    for item in std::fs::read_dir(dir).map_err(io_error)? {
        let item = item.map_err(io_error)?;
        let path = item.path();
        let name = item
            .file_name()
            .into_string()
            .map_err(|_| LoadError::NonUtf8Path { path: path.clone() })?;
        let child = format!("{relative}/{name}");
        // The listing's file type costs no system call; only a symbolic
        // link needs a `stat` to learn whether it leads to a folder.
        let file_type = item.file_type().map_err(io_error)?;
        let is_dir = file_type.is_dir() || (file_type.is_symlink() && path.is_dir());
        if is_dir {
            read_folder(&path, &child, files)?;
        } else {
            let bytes = std::fs::read(&path).map_err(|source| LoadError::Io {
                path: path.clone(),
                source,
            })?;
            files.push(SourceFile::new(child, bytes));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn find_root_walks_upward() {
        let temp = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(temp.path().join("catalogue/care")).unwrap();
        std::fs::create_dir_all(temp.path().join("schemas")).unwrap();
        let root = find_root(&temp.path().join("catalogue/care")).unwrap();
        assert_eq!(root, std::path::absolute(temp.path()).unwrap());
    }

    #[test]
    fn find_root_needs_both_folders() {
        let temp = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(temp.path().join("catalogue")).unwrap();
        let error = find_root(temp.path()).unwrap_err();
        assert!(matches!(error, LoadError::RootNotFound { .. }));
    }

    #[test]
    fn read_tree_sorts_relative_paths() {
        let temp = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(temp.path().join("catalogue/b")).unwrap();
        std::fs::create_dir_all(temp.path().join("schemas")).unwrap();
        std::fs::write(temp.path().join("catalogue/b/x.json"), "{}").unwrap();
        std::fs::write(temp.path().join("catalogue/a.json"), "[]").unwrap();
        std::fs::write(temp.path().join("schemas/s.schema.json"), "{}").unwrap();
        std::fs::write(temp.path().join("README.md"), "not read").unwrap();
        let files = read_tree(temp.path()).unwrap();
        let paths: Vec<&str> = files.iter().map(|file| file.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "catalogue/a.json",
                "catalogue/b/x.json",
                "schemas/s.schema.json"
            ]
        );
        assert_eq!(files[0].bytes, b"[]");
    }
}
