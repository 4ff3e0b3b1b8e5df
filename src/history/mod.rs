//! Git history through git2: revisions, release tags in semver order, the catalogue at a revision.
//!
//! [`Repo`] wraps `git2::Repository` so that git2's types stay out of the
//! API: commits and blobs are named by [`CommitId`] and [`BlobId`], and
//! every failure is a [`HistoryError`] that names the revision or path.
//! Nothing here changes the working tree, the index or any reference.

mod commits;
mod error;
mod tags;
mod tree;
mod tree_diff;

use std::fmt;
use std::path::{Path, PathBuf};

pub use commits::{pull_request_of, CommitInfo, TouchingCommit};
pub use error::HistoryError;
pub use tags::{Prereleases, ReleaseTag, ReleaseTags, TagNote};
pub use tree::{ChangedFile, TreeFile};

/// The id of a commit (its full hex SHA-1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CommitId(git2::Oid);

/// The id of a blob: the git hash of a file's bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct BlobId(git2::Oid);

impl CommitId {
    /// Parses a full 40-digit hex commit id.
    pub fn from_hex(hex: &str) -> Result<CommitId, HistoryError> {
        parse_full_hex(hex).map(CommitId)
    }

    /// Returns the first 7 hex digits, as git shows them.
    pub fn short(&self) -> String {
        self.0.to_string()[..7].to_string()
    }
}

impl BlobId {
    /// Parses a full 40-digit hex blob id.
    pub fn from_hex(hex: &str) -> Result<BlobId, HistoryError> {
        parse_full_hex(hex).map(BlobId)
    }

    /// Computes the blob id that git gives `bytes`, without writing them.
    pub fn of_bytes(bytes: &[u8]) -> BlobId {
        // NOTE: hashing in memory does not touch the object database, so
        // libgit2 only fails here on allocation failure.
        BlobId(
            git2::Oid::hash_object(git2::ObjectType::Blob, bytes)
                .expect("hashing bytes in memory cannot fail"),
        )
    }
}

fn parse_full_hex(hex: &str) -> Result<git2::Oid, HistoryError> {
    let valid = hex.len() == 40 && hex.bytes().all(|byte| byte.is_ascii_hexdigit());
    match valid.then(|| git2::Oid::from_str(hex)) {
        Some(Ok(oid)) => Ok(oid),
        _ => Err(HistoryError::InvalidObjectId {
            value: hex.to_string(),
        }),
    }
}

impl fmt::Display for CommitId {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "{}", self.0)
    }
}

impl fmt::Display for BlobId {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "{}", self.0)
    }
}

/// A git repository, bare or with a working tree, opened read-only in
/// spirit: no method writes to it.
pub struct Repo {
    git: git2::Repository,
}

impl fmt::Debug for Repo {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter
            .debug_struct("Repo")
            .field("git_dir", &self.git.path())
            .finish()
    }
}

impl Repo {
    /// Opens the repository that contains `path`, searching upward like
    /// git does. Works in a bare repository and in a linked worktree.
    pub fn discover(path: &Path) -> Result<Repo, HistoryError> {
        let git = git2::Repository::discover(path).map_err(|source| HistoryError::Open {
            path: path.to_path_buf(),
            message: source.message().to_string(),
        })?;
        Ok(Repo { git })
    }

    /// Returns the `.git` folder, or the repository itself when it is bare.
    pub fn git_dir(&self) -> &Path {
        self.git.path()
    }

    /// Returns the working tree's root, or `None` for a bare repository.
    pub fn workdir(&self) -> Option<PathBuf> {
        self.git.workdir().map(Path::to_path_buf)
    }

    /// Tells whether the repository is bare (has no working tree).
    pub fn is_bare(&self) -> bool {
        self.git.is_bare()
    }

    /// Tells whether no reference of the repository points at a commit.
    pub fn has_no_commits(&self) -> Result<bool, HistoryError> {
        if self.git.head().is_ok() {
            return Ok(false);
        }
        let mut references = self
            .git
            .references()
            .map_err(|source| HistoryError::git("list references", source))?;
        Ok(!references.any(|reference| {
            reference
                .ok()
                .and_then(|reference| reference.peel_to_commit().ok())
                .is_some()
        }))
    }

    /// Resolves `HEAD` to its commit; "no commits yet" in an empty
    /// repository.
    pub fn head(&self) -> Result<CommitId, HistoryError> {
        self.resolve("HEAD")
    }

    /// Resolves any revision that git accepts (a tag, a branch, a commit id
    /// or prefix, `origin/main`, `HEAD~2`) to a commit. An annotated tag is
    /// peeled to its commit.
    pub fn resolve(&self, revision: &str) -> Result<CommitId, HistoryError> {
        let object = match self.git.revparse_single(revision) {
            Ok(object) => object,
            Err(source) => return Err(self.unresolved(revision, source)),
        };
        let commit = object
            .peel_to_commit()
            .map_err(|_| HistoryError::NotACommit {
                revision: revision.to_string(),
                kind: object
                    .kind()
                    .map(|kind| kind.str().to_string())
                    .unwrap_or_else(|| "unknown".to_string()),
            })?;
        Ok(CommitId(commit.id()))
    }

    fn unresolved(&self, revision: &str, source: git2::Error) -> HistoryError {
        if self.has_no_commits().unwrap_or(false) {
            return HistoryError::NoCommits {
                git_dir: self.git.path().to_path_buf(),
            };
        }
        if let Some(branch) = self.unborn_head_branch(revision) {
            return HistoryError::UnbornHead { branch };
        }
        HistoryError::UnknownRevision {
            revision: revision.to_string(),
            message: source.message().to_string(),
        }
    }

    /// Returns the branch that `HEAD` names when `revision` is `HEAD` and
    /// that branch does not exist.
    fn unborn_head_branch(&self, revision: &str) -> Option<String> {
        if revision != "HEAD" {
            return None;
        }
        let head = self.git.find_reference("HEAD").ok()?;
        let target = head.symbolic_target().ok().flatten()?;
        if self.git.find_reference(target).is_ok() {
            return None;
        }
        Some(
            target
                .strip_prefix("refs/heads/")
                .unwrap_or(target)
                .to_string(),
        )
    }

    /// Tells whether `ancestor` is `commit` or one of its ancestors.
    pub fn is_ancestor(&self, ancestor: CommitId, commit: CommitId) -> Result<bool, HistoryError> {
        if ancestor == commit {
            return Ok(true);
        }
        self.git
            .graph_descendant_of(commit.0, ancestor.0)
            .map_err(|source| HistoryError::git("compare commits", source))
    }

    /// Returns the best common ancestor of two commits, or `None` when
    /// their histories share no commit.
    pub fn merge_base(
        &self,
        one: CommitId,
        two: CommitId,
    ) -> Result<Option<CommitId>, HistoryError> {
        match self.git.merge_base(one.0, two.0) {
            Ok(oid) => Ok(Some(CommitId(oid))),
            Err(source) if source.code() == git2::ErrorCode::NotFound => Ok(None),
            Err(source) => Err(HistoryError::git("find the merge base", source)),
        }
    }

    /// Reads the subject, committer time and pull request number of a commit.
    pub fn commit_info(&self, id: CommitId) -> Result<CommitInfo, HistoryError> {
        let commit = self.find_commit(id)?;
        Ok(CommitInfo::of(&commit))
    }

    fn find_commit(&self, id: CommitId) -> Result<git2::Commit<'_>, HistoryError> {
        self.git
            .find_commit(id.0)
            .map_err(|source| HistoryError::git_at("read commit", id.to_string(), source))
    }
}
