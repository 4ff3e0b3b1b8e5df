//! Rejections of a release, and failures to run one.

use std::path::PathBuf;

/// A reason not to cut the requested release. The repository is left as
/// it was; `peerkit release` exits with status 1.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    /// Tracked files have changes, or catalogue files are untracked.
    #[error("the working tree has uncommitted changes: {}; commit or stash them first", paths.join(", "))]
    Uncommitted {
        /// The paths, relative to the repository root.
        paths: Vec<String>,
    },
    /// The catalogue does not validate.
    #[error("the catalogue is invalid ({} error(s)); run `peerkit validate` and fix them first:\n{}", errors.len(), errors.join("\n"))]
    Invalid {
        /// One line per error diagnostic.
        errors: Vec<String>,
    },
    /// No change since the last release.
    #[error("nothing changed in the catalogue since {since}; there is nothing to release")]
    NothingChanged {
        /// The last release tag.
        since: String,
    },
    /// The version is not greater than the latest release.
    #[error(
        "version {version} is not greater than the latest release {latest}; choose a later version"
    )]
    NotGreater {
        /// The requested version.
        version: semver::Version,
        /// The latest release.
        latest: semver::Version,
    },
    /// The version is lower than the changes require.
    #[error(
        "version {version} is too low: {change} is a {bump} change, so the version must be at least {required}"
    )]
    TooLow {
        /// The requested version.
        version: semver::Version,
        /// The lowest version the changes allow.
        required: semver::Version,
        /// The class of release the changes require.
        bump: super::Bump,
        /// The change that requires it.
        change: String,
    },
    /// The tag exists on another commit; tags are never moved.
    #[error("tag {tag} already exists on commit {tag_commit}, but HEAD is commit {head}; tags are never moved, so choose another version or check out {tag_commit}")]
    TagOnOtherCommit {
        /// The tag name.
        tag: String,
        /// The commit the tag resolves to.
        tag_commit: String,
        /// The commit HEAD is at.
        head: String,
    },
    /// The requested version is not a plain release version.
    #[error("version {version} has a pre-release or build part; release only plain versions such as 1.2.0")]
    NotPlain {
        /// The requested version.
        version: semver::Version,
    },
}

/// A failure to plan, apply or push a release; `peerkit release` exits
/// with status 2.
#[derive(Debug, thiserror::Error)]
pub enum ReleaseError {
    /// The release was rejected.
    #[error(transparent)]
    Refused(#[from] Refusal),
    /// The repository has no commit yet.
    #[error("the repository has no commits yet; commit the catalogue first")]
    NoCommits,
    /// HEAD is not on a branch.
    #[error("HEAD is detached; check out the branch to release from")]
    DetachedHead,
    /// `user.name` or `user.email` is not configured.
    #[error("git {missing} is not configured; set it with `git config user.name \"Your Name\"` and `git config user.email you@example.org`")]
    NoIdentity {
        /// The missing keys.
        missing: String,
    },
    /// A name or path is not UTF-8, or a ref is symbolic where a direct one
    /// is needed.
    #[error("{0} is not usable: it is not UTF-8 or not a direct ref")]
    NotUtf8(String),
    /// A git operation failed.
    #[error("failed to {action}: {message}")]
    Git {
        /// What was being done.
        action: String,
        /// libgit2's message.
        message: String,
    },
    /// A file could not be read or written.
    #[error("failed to {action} {}: {error}", path.display())]
    Io {
        /// What was being done.
        action: &'static str,
        /// The file.
        path: PathBuf,
        /// The I/O error. It is part of the message and not the error's
        /// `source()`, so that a printed error chain shows it once.
        error: std::io::Error,
    },
    /// Reading the git history failed.
    #[error(transparent)]
    History(#[from] crate::history::HistoryError),
    /// Building the change set failed.
    #[error(transparent)]
    Change(#[from] crate::change::ChangeError),
    /// A file's content cannot be edited as a release needs.
    #[error("{0}")]
    Edit(String),
    /// The repository moved between plan and apply.
    #[error("{0} changed since the release was planned; run `peerkit release` again")]
    Moved(String),
    /// A step of apply failed after others were written; they were
    /// restored.
    #[error("release failed while trying to {step}: {cause}; {restore}")]
    Apply {
        /// The failed step.
        step: String,
        /// What failed, part of the message and not the error's `source()`.
        cause: Box<ReleaseError>,
        /// What the restore did: all restored, or what could not be.
        restore: String,
    },
}

impl ReleaseError {
    /// Wraps a git2 error with the action that failed.
    pub fn git(action: impl Into<String>, source: git2::Error) -> Self {
        ReleaseError::Git {
            action: action.into(),
            message: source.message().to_string(),
        }
    }

    /// Returns the refusal when the release was rejected.
    pub fn refusal(&self) -> Option<&Refusal> {
        match self {
            ReleaseError::Refused(refusal) => Some(refusal),
            _ => None,
        }
    }
}
