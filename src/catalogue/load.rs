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
    /// No folder from `start` upward contains both `catalogue/` and `schemas/`.
    #[error(
        "no repository root found from {start} upward: no folder holds both `catalogue/` and `schemas/` (run inside the repository or pass --root)"
    )]
    RootNotFound {
        /// The folder the search started from.
        start: PathBuf,
    },
    /// A folder or file could not be read. The message includes the
    /// operating system's error, so it is not also given as the source.
    #[error("failed to read {path}: {error}")]
    Io {
        /// The folder or file.
        path: PathBuf,
        /// The underlying error.
        error: std::io::Error,
    },
    /// An entry under `catalogue/` or `schemas/` is a symbolic link, a
    /// socket or another kind of file that is neither a regular file nor a
    /// folder.
    #[error("{path} is {what}, but peerkit reads only regular files and folders: replace it with a regular file or remove it")]
    NotRegular {
        /// The path.
        path: PathBuf,
        /// What it is, such as "a symbolic link".
        what: &'static str,
    },
    /// A path under the root is not valid UTF-8, so it cannot be reported.
    #[error("the path {path} is not valid UTF-8: rename it")]
    NonUtf8Path {
        /// The path.
        path: PathBuf,
    },
}

/// Returns the nearest folder from `start` upward that contains both
/// `catalogue/` and `schemas/`.
pub fn find_root(start: &Path) -> Result<PathBuf, LoadError> {
    let start = std::path::absolute(start).map_err(|error| LoadError::Io {
        path: start.to_path_buf(),
        error,
    })?;
    start
        .ancestors()
        .find(|dir| dir.join(Layout::CATALOGUE).is_dir() && dir.join(Layout::SCHEMAS).is_dir())
        .map(Path::to_path_buf)
        .ok_or(LoadError::RootNotFound { start })
}

/// The files under `catalogue/` and `schemas/` of a working tree, listed
/// but not yet read, so that a caller can read each file when it needs it
/// and drop it after.
#[derive(Debug, Clone)]
pub struct Tree {
    root: PathBuf,
    paths: Vec<String>,
}

impl Tree {
    /// Lists every file under `catalogue/` and `schemas/` of `root`, sorted
    /// by path. A missing folder lists as empty. `catalogue/` and `schemas/`
    /// themselves may be symbolic links, but an entry inside them that is
    /// not a regular file or folder is an error. Such a link could point
    /// outside the repository or back up to a parent folder, and git stores
    /// it as a link, so it would read differently from a git tree.
    pub fn list(root: &Path) -> Result<Tree, LoadError> {
        let mut paths = Vec::new();
        for folder in [Layout::CATALOGUE, Layout::SCHEMAS] {
            let dir = root.join(folder);
            if dir.exists() {
                list_folder(&dir, folder, &mut paths)?;
            }
        }
        paths.sort();
        Ok(Tree {
            root: root.to_path_buf(),
            paths,
        })
    }

    /// Returns the root that the paths are relative to.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Returns the root-relative paths, with `/` separators, sorted.
    pub fn paths(&self) -> &[String] {
        &self.paths
    }

    /// Reads the file at the root-relative `path`.
    pub fn read(&self, path: &str) -> Result<Vec<u8>, LoadError> {
        let full = self.root.join(path);
        std::fs::read(&full).map_err(|error| LoadError::Io { path: full, error })
    }

    /// Reads every listed file into memory.
    pub fn read_all(&self) -> Result<Vec<SourceFile>, LoadError> {
        self.paths
            .iter()
            .map(|path| Ok(SourceFile::new(path.clone(), self.read(path)?)))
            .collect()
    }
}

/// Reads every file under `catalogue/` and `schemas/` of `root`, sorted by
/// path, with the rules of [`Tree::list`].
pub fn read_tree(root: &Path) -> Result<Vec<SourceFile>, LoadError> {
    Tree::list(root)?.read_all()
}

/// Appends the paths of the files under `dir`, whose root-relative path is
/// `relative`.
fn list_folder(dir: &Path, relative: &str, paths: &mut Vec<String>) -> Result<(), LoadError> {
    let io_error = |error| LoadError::Io {
        path: dir.to_path_buf(),
        error,
    };
    for item in std::fs::read_dir(dir).map_err(io_error)? {
        let item = item.map_err(io_error)?;
        let path = item.path();
        let name = item
            .file_name()
            .into_string()
            .map_err(|_| LoadError::NonUtf8Path { path: path.clone() })?;
        let child = format!("{relative}/{name}");
        // `DirEntry::file_type` does not follow symbolic links.
        let file_type = item.file_type().map_err(|error| LoadError::Io {
            path: path.clone(),
            error,
        })?;
        if file_type.is_dir() {
            list_folder(&path, &child, paths)?;
        } else if file_type.is_file() {
            paths.push(child);
        } else {
            let what = if file_type.is_symlink() {
                "a symbolic link"
            } else {
                "neither a regular file nor a folder"
            };
            return Err(LoadError::NotRegular { path, what });
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

    #[cfg(unix)]
    #[test]
    fn read_tree_rejects_symbolic_links() {
        let temp = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(temp.path().join("catalogue/b")).unwrap();
        std::fs::create_dir_all(temp.path().join("schemas")).unwrap();
        let cases = [
            ("catalogue/b/outside.json", temp.path().join("README.md")),
            ("catalogue/b/dangling.json", temp.path().join("missing")),
            ("catalogue/b/loop", temp.path().join("catalogue")),
        ];
        for (link, target) in cases {
            let link = temp.path().join(link);
            std::os::unix::fs::symlink(&target, &link).unwrap();
            let error = read_tree(temp.path()).unwrap_err();
            assert!(
                matches!(&error, LoadError::NotRegular { path, .. } if *path == link),
                "{error}"
            );
            assert!(error.to_string().contains("is a symbolic link"), "{error}");
            std::fs::remove_file(&link).unwrap();
        }
    }
}
