//! The errors of the history layer, each naming the revision, path or object involved.

use std::path::PathBuf;

/// A failure to read the git history.
#[derive(Debug, thiserror::Error)]
pub enum HistoryError {
    /// No repository contains the path.
    #[error("cannot open a git repository at or above {}: {message}", path.display())]
    Open {
        /// The path searched from.
        path: PathBuf,
        /// libgit2's message.
        message: String,
    },
    /// The repository has no commit yet, so no revision resolves.
    #[error("no commits yet in the repository at {}: commit the catalogue first", git_dir.display())]
    NoCommits {
        /// The repository's git folder.
        git_dir: PathBuf,
    },
    /// HEAD names a branch that has no commit, though other references
    /// do, as in a bare clone whose remote's HEAD named a missing branch.
    #[error("HEAD names the branch `{branch}`, which has no commits; name the revision to read instead, such as `main` or a release tag")]
    UnbornHead {
        /// The branch HEAD names, without `refs/heads/`.
        branch: String,
    },
    /// The revision names no object.
    #[error("unknown revision `{revision}`: {message} (give a tag, a branch, a commit id or `origin/main`)")]
    UnknownRevision {
        /// The revision as given.
        revision: String,
        /// libgit2's message.
        message: String,
    },
    /// The revision names a tree or blob, not a commit.
    #[error("revision `{revision}` names a {kind}, not a commit")]
    NotACommit {
        /// The revision as given.
        revision: String,
        /// The kind of object it names.
        kind: String,
    },
    /// A string that is not a full 40-digit hex object id.
    #[error("`{value}` is not a full 40-digit hex object id")]
    InvalidObjectId {
        /// The text given.
        value: String,
    },
    /// A path in a tree is not UTF-8, so it cannot be a catalogue path.
    #[error("the path {path:?} in commit {commit} is not UTF-8")]
    NonUtf8Path {
        /// The path, lossily decoded.
        path: String,
        /// The commit whose tree contains it.
        commit: String,
    },
    /// Reading a file from disk failed.
    #[error("cannot read {}: {error}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// The I/O error, part of the message and not the error's `source()`.
        error: std::io::Error,
    },
    /// Any other libgit2 failure, with what was being done.
    #[error("cannot {action}{}: {message}", object.as_ref().map(|object| format!(" {object}")).unwrap_or_default())]
    Git {
        /// The action that failed, such as "read the tree".
        action: &'static str,
        /// The object or path involved, when there is one.
        object: Option<String>,
        /// libgit2's message.
        message: String,
    },
}

impl HistoryError {
    pub(super) fn git(action: &'static str, source: git2::Error) -> HistoryError {
        HistoryError::Git {
            action,
            object: None,
            message: source.message().to_string(),
        }
    }

    pub(super) fn git_at(
        action: &'static str,
        object: impl Into<String>,
        source: git2::Error,
    ) -> HistoryError {
        HistoryError::Git {
            action,
            object: Some(object.into()),
            message: source.message().to_string(),
        }
    }
}
