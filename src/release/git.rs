//! The git2 steps of a release: the state it starts from, the identity it
//! commits with, and the objects and refs it creates or restores.

use git2::{Oid, Repository, Signature, StatusOptions};

use super::ReleaseError;

/// Files outside `catalogue/` and `schemas/` that a release writes: an
/// untracked copy of one of them would be overwritten.
const WRITTEN_FILES: [&str; 2] = ["CHANGELOG.md", "CITATION.cff"];

/// The commit a release starts from and the branch that points at it.
pub struct Head<'repo> {
    /// The full name of the current branch, such as `refs/heads/main`.
    pub branch: String,
    /// The commit the branch points at.
    pub commit: git2::Commit<'repo>,
}

/// Returns the current branch and its commit, or an error when HEAD is
/// detached or the branch has no commit yet.
pub fn head(repo: &Repository) -> Result<Head<'_>, ReleaseError> {
    let head = match repo.head() {
        Ok(head) => head,
        Err(error) if error.code() == git2::ErrorCode::UnbornBranch => {
            return Err(ReleaseError::NoCommits);
        }
        Err(error) => return Err(ReleaseError::git("read HEAD", error)),
    };
    if !head.is_branch() {
        return Err(ReleaseError::DetachedHead);
    }
    let branch = head
        .name()
        .map_err(|_| ReleaseError::NotUtf8("the current branch name".into()))?
        .to_string();
    let commit = head
        .peel_to_commit()
        .map_err(|error| ReleaseError::git("read the HEAD commit", error))?;
    Ok(Head { branch, commit })
}

/// Lists the paths whose changes would be lost or released by accident:
/// every staged or modified tracked file, and untracked files under
/// `catalogue/` or `schemas/` or at a path the release writes. Ignored
/// files and other untracked files are left out.
pub fn uncommitted_paths(repo: &Repository) -> Result<Vec<String>, ReleaseError> {
    let mut options = StatusOptions::new();
    options
        .include_untracked(true)
        .recurse_untracked_dirs(true)
        .include_ignored(false)
        .exclude_submodules(true);
    let statuses = repo
        .statuses(Some(&mut options))
        .map_err(|error| ReleaseError::git("read the working tree status", error))?;
    let mut paths = Vec::new();
    for status in statuses.iter() {
        let path = String::from_utf8_lossy(status.path_bytes()).into_owned();
        let flags = status.status();
        let untracked = flags == git2::Status::WT_NEW;
        if !untracked || counts_when_untracked(&path) {
            paths.push(path);
        }
    }
    Ok(paths)
}

fn counts_when_untracked(path: &str) -> bool {
    path.starts_with("catalogue/") || path.starts_with("schemas/") || WRITTEN_FILES.contains(&path)
}

/// Returns the configured identity (`user.name` and `user.email` from the
/// repository's configuration, which includes the global and system
/// files) with the time `when`.
pub fn identity(repo: &Repository, when: &git2::Time) -> Result<Signature<'static>, ReleaseError> {
    let config = repo
        .config()
        .and_then(|mut config| config.snapshot())
        .map_err(|error| ReleaseError::git("read the git configuration", error))?;
    let name = config.get_string("user.name").ok();
    let email = config.get_string("user.email").ok();
    match (name, email) {
        (Some(name), Some(email)) if !name.trim().is_empty() && !email.trim().is_empty() => {
            Signature::new(&name, &email, when)
                .map_err(|error| ReleaseError::git("build the committer identity", error))
        }
        (name, email) => Err(ReleaseError::NoIdentity {
            missing: [
                ("user.name", name.is_none()),
                ("user.email", email.is_none()),
            ]
            .into_iter()
            .filter(|(_, missing)| *missing)
            .map(|(key, _)| key)
            .collect::<Vec<_>>()
            .join(" and "),
        }),
    }
}

/// A tag as it is in the repository.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExistingTag {
    /// The object the ref points at: the tag object of an annotated tag,
    /// the commit of a lightweight one.
    pub target: Oid,
    /// The commit it resolves to.
    pub commit: Oid,
}

/// Looks up `refs/tags/<name>`, peeling an annotated tag to its commit.
pub fn find_tag(repo: &Repository, name: &str) -> Result<Option<ExistingTag>, ReleaseError> {
    let reference = match repo.find_reference(&format!("refs/tags/{name}")) {
        Ok(reference) => reference,
        Err(error) if error.code() == git2::ErrorCode::NotFound => return Ok(None),
        Err(error) => return Err(ReleaseError::git(format!("read tag {name}"), error)),
    };
    let target = reference
        .target()
        .ok_or_else(|| ReleaseError::NotUtf8(format!("tag {name} is a symbolic ref")))?;
    let commit = reference
        .peel_to_commit()
        .map_err(|error| ReleaseError::git(format!("resolve tag {name} to a commit"), error))?;
    Ok(Some(ExistingTag {
        target,
        commit: commit.id(),
    }))
}

/// Returns the first 12 hex digits of `oid`.
pub fn short(oid: Oid) -> String {
    oid.to_string()[..12].to_string()
}
