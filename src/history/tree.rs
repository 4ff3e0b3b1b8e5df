//! The files of `catalogue/` and `schemas/` at a commit, read straight from git objects, and tree diffs by object id.

use super::{BlobId, CommitId, HistoryError, Repo};
use crate::catalogue::SourceFile;

/// The folders whose files make up the standard.
pub(super) const TRACKED_FOLDERS: [&str; 2] = ["catalogue", "schemas"];

/// One file of a tree: its path from the repository root and its blob.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct TreeFile {
    /// The path, relative to the repository root, with `/`.
    pub path: String,
    /// The blob that contains its bytes.
    pub blob: BlobId,
}

/// A file that differs between two trees. A moved file is two changes
/// (one with only `old`, one with only `new`), because the change model
/// matches records by id, not by path.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ChangedFile {
    /// The path, relative to the repository root, with `/`.
    pub path: String,
    /// The blob before, or `None` when the file was added.
    pub old: Option<BlobId>,
    /// The blob after, or `None` when the file was removed.
    pub new: Option<BlobId>,
}

/// Tells whether `path` lies in one of the folders of the standard.
pub(super) fn is_tracked(path: &str) -> bool {
    TRACKED_FOLDERS.iter().any(|folder| {
        path.strip_prefix(folder)
            .is_some_and(|rest| rest.starts_with('/'))
    })
}

impl Repo {
    /// Lists every file under `catalogue/` and `schemas/` at `commit`,
    /// sorted by path. Reads tree objects only: no checkout, and the
    /// working tree is never touched.
    pub fn tree_files(&self, commit: CommitId) -> Result<Vec<TreeFile>, HistoryError> {
        let tree = self.tree_of(commit)?;
        let mut files = Vec::new();
        for folder in TRACKED_FOLDERS {
            let Ok(entry) = tree.get_path(std::path::Path::new(folder)) else {
                continue;
            };
            if entry.kind() != Some(git2::ObjectType::Tree) {
                continue;
            }
            let subtree = self
                .git
                .find_tree(entry.id())
                .map_err(|source| HistoryError::git_at("read the tree of", folder, source))?;
            self.collect_blobs(&subtree, folder, commit, &mut files)?;
        }
        files.sort();
        Ok(files)
    }

    fn collect_blobs(
        &self,
        tree: &git2::Tree<'_>,
        prefix: &str,
        commit: CommitId,
        files: &mut Vec<TreeFile>,
    ) -> Result<(), HistoryError> {
        for entry in tree.iter() {
            let name =
                std::str::from_utf8(entry.name_bytes()).map_err(|_| HistoryError::NonUtf8Path {
                    path: format!("{prefix}/{}", String::from_utf8_lossy(entry.name_bytes())),
                    commit: commit.to_string(),
                })?;
            let path = format!("{prefix}/{name}");
            match entry.kind() {
                Some(git2::ObjectType::Blob) => files.push(TreeFile {
                    path,
                    blob: BlobId(entry.id()),
                }),
                Some(git2::ObjectType::Tree) => {
                    let subtree = self.git.find_tree(entry.id()).map_err(|source| {
                        HistoryError::git_at("read the tree of", &path, source)
                    })?;
                    self.collect_blobs(&subtree, &path, commit, files)?;
                }
                // Submodules (commit entries) hold no catalogue data.
                _ => {}
            }
        }
        Ok(())
    }

    /// Reads every file under `catalogue/` and `schemas/` at `commit`
    /// straight from git objects, sorted by path.
    pub fn source_files(&self, commit: CommitId) -> Result<Vec<SourceFile>, HistoryError> {
        self.tree_files(commit)?
            .into_iter()
            .map(|file| Ok(SourceFile::new(file.path, self.read_blob(file.blob)?)))
            .collect()
    }

    /// Reads the bytes of a blob.
    pub fn read_blob(&self, blob: BlobId) -> Result<Vec<u8>, HistoryError> {
        let found = self
            .git
            .find_blob(blob.0)
            .map_err(|source| HistoryError::git_at("read blob", blob.to_string(), source))?;
        Ok(found.content().to_vec())
    }

    /// Lists the files under `catalogue/` and `schemas/` that differ
    /// between two commits, sorted by path. `from = None` compares with
    /// the empty tree, so every file is added. Subtrees whose object ids
    /// are equal are skipped, so the cost follows the size of the changed
    /// folders, not of the catalogue.
    pub fn changed_files(
        &self,
        from: Option<CommitId>,
        to: CommitId,
    ) -> Result<Vec<ChangedFile>, HistoryError> {
        let old_tree = from.map(|commit| self.tree_of(commit)).transpose()?;
        let new_tree = self.tree_of(to)?;
        self.diff_trees(old_tree.as_ref(), Some(&new_tree))
    }

    pub(super) fn tree_of(&self, commit: CommitId) -> Result<git2::Tree<'_>, HistoryError> {
        self.find_commit(commit)?.tree().map_err(|source| {
            HistoryError::git_at("read the tree of commit", commit.to_string(), source)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::is_tracked;

    #[test]
    fn tracked_paths_are_inside_folders() {
        assert!(is_tracked("catalogue/toolkit.json"));
        assert!(is_tracked("schemas/entry.schema.json"));
        assert!(!is_tracked("catalogue"));
        assert!(!is_tracked("catalogue.json"));
        assert!(!is_tracked("docs/catalogue/x.json"));
    }
}
