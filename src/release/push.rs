//! Pushing a release: the branch first, then the tag, each only when the
//! remote lacks it, with the token sent through the credentials callback.

use std::cell::RefCell;

use git2::{
    Cred, CredentialType, Direction, Oid, PushOptions as GitPushOptions, RemoteCallbacks,
    Repository,
};

/// How to push.
#[derive(Clone, Default)]
pub struct PushOptions {
    /// The remote; `None` takes the branch's upstream remote, else `origin`.
    pub remote: Option<String>,
    /// A token for HTTPS remotes (from `GITHUB_TOKEN` or `GH_TOKEN`), sent as
    /// the password of user `x-access-token`.
    pub token: Option<String>,
}

impl std::fmt::Debug for PushOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PushOptions")
            .field("remote", &self.remote)
            .field("token", &self.token.as_ref().map(|_| "<redacted>"))
            .finish()
    }
}

/// The outcome of a push.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PushReport {
    /// The remote's name.
    pub remote: String,
    /// The refs sent, as `local:remote` refspecs.
    pub pushed: Vec<String>,
    /// The refs the remote already had at the same commit.
    pub up_to_date: Vec<String>,
    /// Earlier release tags (`v` and a semver version, on ancestors of the
    /// tag's commit) that the remote lacks, lowest version first. They are
    /// not pushed, because each pushed tag starts a release workflow.
    pub missing_releases: Vec<String>,
}

/// A failed push.
#[derive(Debug, thiserror::Error)]
pub enum PushError {
    /// The remote rejected the branch, and the message names branch
    /// protection or a hook that declined it.
    #[error("the remote {remote} rejected {reference}: {message}. The branch is protected, so tag {tag} was not pushed. Either ask an admin to allow this release commit and run the same `peerkit release --push` again, or push the commit to a branch, merge its pull request without squashing or rebasing, and then push the tag with `git push {remote} {tag}`; see RELEASING.md")]
    Protected {
        /// The remote.
        remote: String,
        /// The rejected ref.
        reference: String,
        /// The remote's message.
        message: String,
        /// The tag that was held back.
        tag: String,
    },
    /// The remote rejected a ref for another reason.
    #[error("the remote {remote} rejected {reference}: {message}; fix the cause and run the same `peerkit release VERSION --push` again, which pushes only what is missing")]
    Rejected {
        /// The remote.
        remote: String,
        /// The rejected ref.
        reference: String,
        /// The remote's message.
        message: String,
    },
    /// The remote is not configured.
    #[error("no remote {0} is configured; add it with `git remote add {0} URL`")]
    NoRemote(String),
    /// Connecting or sending failed.
    #[error(
        "failed to {action} {remote}: {message}; run the same command again to push what is missing"
    )]
    Git {
        /// The step that failed.
        action: &'static str,
        /// The remote.
        remote: String,
        /// libgit2's message.
        message: String,
    },
}

/// Pushes `branch` (a full ref name such as `refs/heads/main`) and then
/// `refs/tags/<tag>` to the remote, each only when the remote does not
/// have it at the same object. The tag is not pushed when the branch is
/// rejected, so that a release workflow never runs for a commit the branch
/// does not contain.
pub fn push(
    repo: &Repository,
    branch: &str,
    tag: &str,
    options: &PushOptions,
) -> Result<PushReport, PushError> {
    let remote_name = remote_name(repo, branch, options);
    let mut remote = repo
        .find_remote(&remote_name)
        .map_err(|_| PushError::NoRemote(remote_name.clone()))?;
    let git_error = |action, source: git2::Error| PushError::Git {
        action,
        remote: remote_name.clone(),
        message: source.message().to_string(),
    };
    let remote_branch = upstream_branch(repo, branch).unwrap_or_else(|| branch.to_string());
    let tag_ref = format!("refs/tags/{tag}");
    let wanted = [
        (branch.to_string(), remote_branch),
        (tag_ref.clone(), tag_ref),
    ];

    let remote_heads =
        list_remote(&mut remote, options).map_err(|error| git_error("connect to", error))?;
    let mut report = PushReport {
        remote: remote_name.clone(),
        pushed: Vec::new(),
        up_to_date: Vec::new(),
        missing_releases: missing_releases(repo, tag, &remote_heads),
    };
    for (local, destination) in wanted {
        let local_id = repo
            .refname_to_id(&local)
            .map_err(|error| git_error("read the local ref for", error))?;
        let refspec = format!("{local}:{destination}");
        if remote_heads
            .iter()
            .any(|(name, id)| *name == destination && *id == local_id)
        {
            report.up_to_date.push(refspec);
            continue;
        }
        push_one(&mut remote, &remote_name, &refspec, &destination, options)
            .map_err(|error| with_tag(error, tag))?;
        report.pushed.push(refspec);
    }
    Ok(report)
}

/// Lists the local release tags before `tag` in its history that
/// `remote_heads` lacks, lowest version first.
fn missing_releases(repo: &Repository, tag: &str, remote_heads: &[(String, Oid)]) -> Vec<String> {
    let Ok(tag_commit) = repo.revparse_single(&format!("refs/tags/{tag}^{{commit}}")) else {
        return Vec::new();
    };
    let Ok(names) = repo.tag_names(Some("v*")) else {
        return Vec::new();
    };
    let mut missing: Vec<(semver::Version, String)> = Vec::new();
    for name in names.iter().flatten().flatten().filter(|name| *name != tag) {
        let Ok(version) = semver::Version::parse(&name[1..]) else {
            continue;
        };
        let reference = format!("refs/tags/{name}");
        if remote_heads.iter().any(|(remote, _)| *remote == reference) {
            continue;
        }
        let Ok(commit) = repo.revparse_single(&format!("{reference}^{{commit}}")) else {
            continue;
        };
        let before = commit.id() == tag_commit.id()
            || repo
                .graph_descendant_of(tag_commit.id(), commit.id())
                .unwrap_or(false);
        if before {
            missing.push((version, name.to_string()));
        }
    }
    missing.sort();
    missing.into_iter().map(|(_, name)| name).collect()
}

fn remote_name(repo: &Repository, branch: &str, options: &PushOptions) -> String {
    if let Some(remote) = &options.remote {
        return remote.clone();
    }
    repo.branch_upstream_remote(branch)
        .ok()
        .and_then(|name| name.as_str().ok().map(str::to_string))
        .unwrap_or_else(|| "origin".to_string())
}

/// Returns the remote branch that `branch.<name>.merge` names, if set.
fn upstream_branch(repo: &Repository, branch: &str) -> Option<String> {
    let short = branch.strip_prefix("refs/heads/")?;
    let config = repo.config().ok()?.snapshot().ok()?;
    config.get_string(&format!("branch.{short}.merge")).ok()
}

fn list_remote(
    remote: &mut git2::Remote<'_>,
    options: &PushOptions,
) -> Result<Vec<(String, Oid)>, git2::Error> {
    let connection = remote.connect_auth(Direction::Push, Some(callbacks(options)), None)?;
    let heads = connection
        .list()?
        .iter()
        .map(|head| (head.name().to_string(), head.oid()))
        .collect();
    Ok(heads)
}

fn push_one(
    remote: &mut git2::Remote<'_>,
    remote_name: &str,
    refspec: &str,
    destination: &str,
    options: &PushOptions,
) -> Result<(), PushError> {
    let rejections: RefCell<Vec<(String, String)>> = RefCell::new(Vec::new());
    let mut callbacks = callbacks(options);
    callbacks.push_update_reference(|reference, status| {
        if let Some(message) = status {
            rejections
                .borrow_mut()
                .push((reference.to_string(), message.to_string()));
        }
        Ok(())
    });
    let mut push_options = GitPushOptions::new();
    push_options.remote_callbacks(callbacks);
    let result = remote.push(&[refspec], Some(&mut push_options));
    drop(push_options);
    if let Some((reference, message)) = rejections.into_inner().into_iter().next() {
        return Err(rejection(remote_name, reference, message));
    }
    result.map_err(|source| PushError::Git {
        action: "push to",
        remote: remote_name.to_string(),
        message: source.message().to_string(),
    })?;
    tracing::info!(remote = remote_name, reference = destination, "pushed");
    Ok(())
}

fn with_tag(error: PushError, tag: &str) -> PushError {
    match error {
        PushError::Protected {
            remote,
            reference,
            message,
            ..
        } => PushError::Protected {
            remote,
            reference,
            message,
            tag: tag.to_string(),
        },
        other => other,
    }
}

/// Classifies a rejection from the push_update_reference callback. A
/// rejected branch whose message mentions protection or a declining hook
/// (GitHub sends "GH006: Protected branch update failed") is
/// [`PushError::Protected`].
pub(super) fn rejection(remote: &str, reference: String, message: String) -> PushError {
    let lower = message.to_lowercase();
    let protected = reference.starts_with("refs/heads/")
        && (lower.contains("protected") || lower.contains("declined") || lower.contains("gh006"));
    if protected {
        PushError::Protected {
            remote: remote.to_string(),
            reference,
            message,
            tag: String::new(),
        }
    } else {
        PushError::Rejected {
            remote: remote.to_string(),
            reference,
            message,
        }
    }
}

/// Builds callbacks that supply credentials: the token over
/// HTTPS, the SSH agent over SSH, and libgit2's default otherwise. They
/// give up after a few rejected attempts instead of looping.
fn callbacks(options: &PushOptions) -> RemoteCallbacks<'static> {
    let token = options.token.clone();
    let mut attempts = 0;
    let mut callbacks = RemoteCallbacks::new();
    callbacks.credentials(move |_url, username, allowed| {
        attempts += 1;
        if attempts > 3 {
            return Err(git2::Error::from_str(
                "authentication failed; check that GITHUB_TOKEN or GH_TOKEN may push, or that the SSH agent holds your key",
            ));
        }
        if allowed.contains(CredentialType::USER_PASS_PLAINTEXT) {
            if let Some(token) = &token {
                return Cred::userpass_plaintext("x-access-token", token);
            }
        }
        if allowed.contains(CredentialType::SSH_KEY) {
            return Cred::ssh_key_from_agent(username.unwrap_or("git"));
        }
        Cred::default()
    });
    callbacks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn protected_branch_rejection_explains() {
        let error = rejection(
            "origin",
            "refs/heads/main".to_string(),
            "GH006: Protected branch update failed for refs/heads/main.".to_string(),
        );
        let error = with_tag(error, "v1.2.0");
        assert!(matches!(error, PushError::Protected { .. }), "{error:?}");
        let message = error.to_string();
        assert!(message.contains("tag v1.2.0 was not pushed"), "{message}");
        assert!(message.contains("ask an admin"), "{message}");
        assert!(message.contains("git push origin v1.2.0"), "{message}");
    }

    #[test]
    fn other_rejection_is_plain() {
        let error = rejection(
            "origin",
            "refs/tags/v1.2.0".to_string(),
            "already exists".to_string(),
        );
        assert!(matches!(error, PushError::Rejected { .. }), "{error:?}");
    }
}
