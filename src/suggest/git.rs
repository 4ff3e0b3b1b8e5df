//! The git side of a suggestion, through git2: fetch the base branch,
//! read its files, build the new tree and commit in memory, and push.
//! Nothing here checks out, touches the working tree or the index, or
//! moves a local branch.

use std::cell::Cell;
use std::collections::BTreeMap;

use git2::{Cred, CredentialType, Oid, Repository, Signature};

use super::apply::Files;

/// A git failure, with what was being done.
#[derive(Debug, thiserror::Error)]
#[error("{action}: {source}")]
pub struct GitError {
    /// What failed, such as "fetching main from origin".
    pub action: String,
    /// git2's error.
    #[source]
    pub source: git2::Error,
}

fn context(action: impl FnOnce() -> String) -> impl FnOnce(git2::Error) -> GitError {
    move |source| GitError {
        action: action(),
        source,
    }
}

/// The name and email peerkit commits as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    /// The name, such as `peerkit-suggestions[bot]`.
    pub name: String,
    /// The email.
    pub email: String,
}

/// The remote's heads that a suggestion needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Heads {
    /// The base branch's commit.
    pub base: Oid,
    /// The suggestion branch's commit, when it exists on the remote.
    pub branch: Option<Oid>,
}

/// Credentials for the remote: the token as `x-access-token` over https,
/// the SSH agent over ssh. Each kind is tried once, so a rejected token
/// fails instead of looping.
fn callbacks<'a>(token: Option<&'a str>, tried: &'a Cell<u32>) -> git2::RemoteCallbacks<'a> {
    let mut callbacks = git2::RemoteCallbacks::new();
    callbacks.credentials(move |_url, username, allowed| {
        tried.set(tried.get() + 1);
        if tried.get() > 1 {
            return Err(git2::Error::from_str(
                "the remote rejected the credentials; check that the token can push to the repository",
            ));
        }
        if allowed.contains(CredentialType::USER_PASS_PLAINTEXT) {
            if let Some(token) = token {
                return Cred::userpass_plaintext("x-access-token", token);
            }
        }
        if allowed.contains(CredentialType::SSH_KEY) {
            return Cred::ssh_key_from_agent(username.unwrap_or("git"));
        }
        Err(git2::Error::from_str(
            "the remote needs credentials; set GITHUB_TOKEN or GH_TOKEN",
        ))
    });
    callbacks
}

/// The URL of `remote`.
pub fn remote_url(repo: &Repository, remote: &str) -> Result<Option<String>, GitError> {
    let remote = repo
        .find_remote(remote)
        .map_err(context(|| format!("finding the remote {remote:?}")))?;
    Ok(remote.url().ok().map(str::to_string))
}

/// Downloads the base branch and, when it exists, the suggestion branch
/// from `remote` into the object database. No reference changes: the
/// commits are read from the remote's advertisement.
pub fn fetch(
    repo: &Repository,
    remote_name: &str,
    base: &str,
    branch: &str,
    token: Option<&str>,
) -> Result<Heads, GitError> {
    let action = || format!("fetching {base} and {branch} from {remote_name}");
    let mut remote = repo.find_remote(remote_name).map_err(context(action))?;
    let tried = Cell::new(0);
    let connection = remote
        .connect_auth(git2::Direction::Fetch, Some(callbacks(token, &tried)), None)
        .map_err(context(action))?;
    let base_ref = format!("refs/heads/{base}");
    let branch_ref = format!("refs/heads/{branch}");
    let mut base_oid = None;
    let mut branch_oid = None;
    for head in connection.list().map_err(context(action))? {
        if head.name() == base_ref {
            base_oid = Some(head.oid());
        } else if head.name() == branch_ref {
            branch_oid = Some(head.oid());
        }
    }
    drop(connection);
    let base_oid = base_oid.ok_or_else(|| GitError {
        action: action(),
        source: git2::Error::from_str(&format!("the remote has no branch {base:?}")),
    })?;
    let mut refspecs = vec![base_ref];
    if branch_oid.is_some() {
        refspecs.push(branch_ref);
    }
    let tried = Cell::new(0);
    let mut options = git2::FetchOptions::new();
    options
        .remote_callbacks(callbacks(token, &tried))
        .update_fetchhead(false)
        .download_tags(git2::AutotagOption::None);
    remote
        .download(&refspecs, Some(&mut options))
        .map_err(context(action))?;
    remote.disconnect().map_err(context(action))?;
    Ok(Heads {
        base: base_oid,
        branch: branch_oid,
    })
}

/// Reads every blob under `catalogue/` and `schemas/` of `commit`.
pub fn tree_files(repo: &Repository, commit: Oid) -> Result<Files, GitError> {
    let action = || format!("reading the files of commit {commit}");
    let tree = repo
        .find_commit(commit)
        .and_then(|commit| commit.tree())
        .map_err(context(action))?;
    let mut files = Files::new();
    let mut failure = None;
    tree.walk(git2::TreeWalkMode::PreOrder, |folder, entry| {
        let path = format!("{folder}{}", entry.name().unwrap_or_default());
        let wanted = path.starts_with("catalogue/") || path.starts_with("schemas/");
        if !wanted && entry.kind() == Some(git2::ObjectType::Tree) {
            return if path == "catalogue" || path == "schemas" {
                git2::TreeWalkResult::Ok
            } else {
                git2::TreeWalkResult::Skip
            };
        }
        if wanted && entry.kind() == Some(git2::ObjectType::Blob) {
            match repo.find_blob(entry.id()) {
                Ok(blob) => {
                    files.insert(path, blob.content().to_vec());
                }
                Err(error) => {
                    failure = Some(error);
                    return git2::TreeWalkResult::Abort;
                }
            }
        }
        git2::TreeWalkResult::Ok
    })
    .map_err(context(action))?;
    if let Some(error) = failure {
        return Err(context(action)(error));
    }
    Ok(files)
}

/// Writes a new tree: the tree of `base` with each path of `changes` set
/// to its bytes, or removed when `None`. Paths use `/`.
pub fn build_tree(
    repo: &Repository,
    base: Oid,
    changes: &BTreeMap<String, Option<Vec<u8>>>,
) -> Result<Oid, GitError> {
    let action = || "building the new tree".to_string();
    let base_tree = repo
        .find_commit(base)
        .and_then(|commit| commit.tree())
        .map_err(context(action))?;
    let changes: Vec<PathChange<'_>> = changes
        .iter()
        .map(|(path, bytes)| (path.split('/').collect(), bytes.as_deref()))
        .collect();
    update_tree(repo, Some(&base_tree), &changes).map_err(context(action))
}

/// A change below a folder: the path's remaining parts, and the new bytes
/// or `None` for a removal.
type PathChange<'a> = (Vec<&'a str>, Option<&'a [u8]>);

/// Applies `changes` (paths split into parts, relative to `tree`) and
/// returns the new tree's id, recursing into each folder that changes.
fn update_tree(
    repo: &Repository,
    tree: Option<&git2::Tree<'_>>,
    changes: &[PathChange<'_>],
) -> Result<Oid, git2::Error> {
    let mut builder = repo.treebuilder(tree)?;
    let mut folders: BTreeMap<&str, Vec<PathChange<'_>>> = BTreeMap::new();
    for (parts, bytes) in changes {
        match parts.as_slice() {
            [name] => match bytes {
                Some(bytes) => {
                    let blob = repo.blob(bytes)?;
                    builder.insert(name, blob, 0o100644)?;
                }
                None => {
                    if builder.get(name)?.is_some() {
                        builder.remove(name)?;
                    }
                }
            },
            [folder, rest @ ..] => folders
                .entry(folder)
                .or_default()
                .push((rest.to_vec(), *bytes)),
            [] => {}
        }
    }
    for (folder, inner) in folders {
        let existing = match builder.get(folder)? {
            Some(entry) if entry.kind() == Some(git2::ObjectType::Tree) => {
                Some(repo.find_tree(entry.id())?)
            }
            _ => None,
        };
        let subtree = update_tree(repo, existing.as_ref(), &inner)?;
        if repo.find_tree(subtree)?.is_empty() {
            if builder.get(folder)?.is_some() {
                builder.remove(folder)?;
            }
        } else {
            builder.insert(folder, subtree, 0o040000)?;
        }
    }
    builder.write()
}

/// The tree of `commit`.
pub fn tree_of(repo: &Repository, commit: Oid) -> Result<Oid, GitError> {
    repo.find_commit(commit)
        .map(|commit| commit.tree_id())
        .map_err(context(|| format!("reading commit {commit}")))
}

/// The commits on `tip` but not on `base` that peerkit did not make: the
/// author is not `bot`, or the message has no `Suggestion:` trailer. Each
/// is described as its short id and summary.
pub fn foreign_commits(
    repo: &Repository,
    tip: Oid,
    base: Oid,
    bot: &Identity,
) -> Result<Vec<String>, GitError> {
    let action = || format!("reading the commits of {tip}");
    let mut walk = repo.revwalk().map_err(context(action))?;
    walk.push(tip).map_err(context(action))?;
    walk.hide(base).map_err(context(action))?;
    let mut foreign = Vec::new();
    for oid in walk {
        let oid = oid.map_err(context(action))?;
        let commit = repo.find_commit(oid).map_err(context(action))?;
        let author = commit.author();
        let by_bot = author.name().ok() == Some(bot.name.as_str())
            && author.email().ok() == Some(bot.email.as_str());
        let has_trailer = commit
            .message()
            .unwrap_or_default()
            .lines()
            .any(|line| line.starts_with("Suggestion: "));
        if !by_bot || !has_trailer {
            let summary = commit
                .summary()
                .ok()
                .flatten()
                .unwrap_or_default()
                .to_string();
            foreign.push(format!("{:.7} {summary}", oid.to_string()));
        }
    }
    Ok(foreign)
}

/// Writes a commit of `tree` on `parent`, authored and committed by `bot`
/// at `time`, without moving any reference.
pub fn commit(
    repo: &Repository,
    tree: Oid,
    parent: Oid,
    bot: &Identity,
    time: time::OffsetDateTime,
    message: &str,
) -> Result<Oid, GitError> {
    let action = || "writing the commit".to_string();
    let when = git2::Time::new(time.unix_timestamp(), time.offset().whole_minutes().into());
    let signature = Signature::new(&bot.name, &bot.email, &when).map_err(context(action))?;
    let tree = repo.find_tree(tree).map_err(context(action))?;
    let parent = repo.find_commit(parent).map_err(context(action))?;
    repo.commit(None, &signature, &signature, message, &tree, &[&parent])
        .map_err(context(action))
}

/// Pushes `commit` to `branch` of `remote_name`, replacing what is there
/// (the caller has checked that only peerkit's commits are replaced). The
/// remote-tracking reference `refs/remotes/<remote>/<branch>` carries the
/// commit to the push, as git's own push would leave it.
pub fn push(
    repo: &Repository,
    remote_name: &str,
    commit: Oid,
    branch: &str,
    token: Option<&str>,
) -> Result<(), GitError> {
    let action = || format!("pushing {branch} to {remote_name}");
    let tracking = format!("refs/remotes/{remote_name}/{branch}");
    let previous = repo.refname_to_id(&tracking).ok();
    repo.reference(&tracking, commit, true, "peerkit suggest: push")
        .map_err(context(action))?;
    let result = push_reference(repo, remote_name, &tracking, branch, token);
    if result.is_err() {
        // Put the tracking reference back, so it never names an unpushed commit.
        let restored = match previous {
            Some(oid) => repo.reference(&tracking, oid, true, "peerkit suggest: push failed"),
            None => repo
                .find_reference(&tracking)
                .and_then(|mut reference| reference.delete().map(|_| reference)),
        };
        if let Err(error) = restored {
            tracing::warn!(%tracking, %error, "could not restore the remote-tracking reference");
        }
    }
    result.map_err(context(action))
}

fn push_reference(
    repo: &Repository,
    remote_name: &str,
    tracking: &str,
    branch: &str,
    token: Option<&str>,
) -> Result<(), git2::Error> {
    let mut remote = repo.find_remote(remote_name)?;
    let tried = Cell::new(0);
    let rejected: std::cell::RefCell<Option<String>> = std::cell::RefCell::new(None);
    let mut callbacks = callbacks(token, &tried);
    callbacks.push_update_reference(|name, status| {
        if let Some(status) = status {
            *rejected.borrow_mut() = Some(format!("the remote rejected {name}: {status}"));
        }
        Ok(())
    });
    let mut options = git2::PushOptions::new();
    options.remote_callbacks(callbacks);
    // NOTE: a force push without a lease (libgit2 has none): a commit that
    // someone pushes between the fetch and this push is overwritten.
    remote.push(
        &[format!("+{tracking}:refs/heads/{branch}")],
        Some(&mut options),
    )?;
    drop(options);
    match rejected.into_inner() {
        Some(message) => Err(git2::Error::from_str(&message)),
        None => Ok(()),
    }
}
