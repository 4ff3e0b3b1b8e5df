//! Gathering the facts a release plan needs from git history and the
//! change model: the latest release, the changes since it and their class.

use semver::Version;

use super::plan::{Changes, Facts, PriorRelease};
use super::ReleaseError;
use crate::catalogue::{Layout, Manifest};
use crate::change::{self, Change, ChangeSet, MarkdownOptions, RecordChange};
use crate::history::{CommitId, Prereleases, Repo};

/// Reads the latest release tag reachable from HEAD (prereleases left
/// out, as docs/versioning.md defines it), the change set from it
/// to HEAD and the manifest's version at HEAD. `invalid` starts empty: the
/// caller fills it from validation.
pub fn gather(repo: &Repo) -> Result<Facts, ReleaseError> {
    let head = repo.head()?;
    let (latest, notes) = repo.latest_release(head, Prereleases::Exclude)?;
    let from = latest.as_ref().map(|tag| tag.commit);
    let set = change::between_commits(repo, from, head)?;
    let latest = latest
        .map(|tag| {
            Ok::<_, ReleaseError>(PriorRelease {
                commit: to_oid(tag.commit)?,
                tag: tag.name,
                version: tag.version,
            })
        })
        .transpose()?;
    let changes = describe(&set, latest.as_ref().map(|latest| &latest.version));
    Ok(Facts {
        latest,
        notes: notes.iter().map(ToString::to_string).collect(),
        invalid: Vec::new(),
        changes,
        manifest_version: manifest_version(repo, head)?,
    })
}

/// Summarises a change set for the plan: its class, the change that
/// requires it, the version it requires after `latest` and the rendered
/// section body.
pub fn describe(set: &ChangeSet, latest: Option<&Version>) -> Changes {
    let options = MarkdownOptions::default();
    let body = change::render_markdown_with(set, &change::Heading::None, &options);
    Changes {
        bump: set.bump,
        reason: set
            .changes
            .iter()
            .find(|record| record.class == set.bump)
            .map(reason),
        required: latest
            .filter(|_| set.bump != change::Bump::None)
            .map(|version| change::next_version(version, set.bump)),
        body,
    }
}

/// Names one change for a message: "the removal of entry
/// `impact-debriefing`".
fn reason(record: &RecordChange) -> String {
    let what = match record.change {
        Change::Added => "the addition",
        Change::Removed => "the removal",
        Change::Deprecated { .. } => "the deprecation",
        Change::Changed => "the change",
    };
    let fields: Vec<&str> = record
        .fields
        .iter()
        .map(|field| field.field.as_str())
        .collect();
    let detail = if fields.is_empty() {
        String::new()
    } else {
        format!(" ({})", fields.join(", "))
    };
    format!("{what} of {} `{}`{detail}", record.kind.noun(), record.id)
}

fn manifest_version(repo: &Repo, head: CommitId) -> Result<Version, ReleaseError> {
    let file = repo
        .tree_files(head)?
        .into_iter()
        .find(|file| file.path == Layout::MANIFEST)
        .ok_or_else(|| ReleaseError::Edit(format!("{} is missing at HEAD", Layout::MANIFEST)))?;
    let bytes = repo.read_blob(file.blob)?;
    let manifest: Manifest = serde_json::from_slice(&bytes)
        .map_err(|error| ReleaseError::Edit(format!("{} is invalid: {error}", Layout::MANIFEST)))?;
    Version::parse(&manifest.version).map_err(|error| {
        ReleaseError::Edit(format!(
            "the version {:?} in {} is not semver: {error}",
            manifest.version,
            Layout::MANIFEST
        ))
    })
}

/// Converts a history commit id to a git2 object id.
pub fn to_oid(id: CommitId) -> Result<git2::Oid, ReleaseError> {
    git2::Oid::from_str(&id.to_string())
        .map_err(|error| ReleaseError::git("read a commit id", error))
}
