//! Planning a release: every check, the version, and the new contents of
//! each file, computed without writing anything.

use std::path::Path;

use git2::{Oid, Repository};
use semver::Version;

use super::git;
use super::text;
use super::{Refusal, ReleaseError};
use crate::catalogue::{FileKind, Layout};
pub use crate::change::Bump;
use crate::format::KeyOrders;
use crate::json::{self, Value};

/// The changelog file at the repository root.
pub const CHANGELOG: &str = "CHANGELOG.md";
/// The citation file at the repository root.
pub const CITATION: &str = "CITATION.cff";

/// The last release before this one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PriorRelease {
    /// The tag name, such as `v1.1.0`.
    pub tag: String,
    /// Its version.
    pub version: Version,
    /// The commit it resolves to.
    pub commit: Oid,
}

/// The changes since the last release, as the change model classes them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Changes {
    /// The class of release they require.
    pub bump: Bump,
    /// The change that requires `bump`, as a sentence naming the record,
    /// such as "the removal of entry `impact-debriefing`".
    pub reason: Option<String>,
    /// The lowest version `bump` allows after the last release; `None`
    /// when there is no change or no release yet.
    pub required: Option<Version>,
    /// The section's markdown below its heading.
    pub body: String,
}

/// The inputs of a plan from history, the change model and validation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Facts {
    /// The latest release, or `None` before the first.
    pub latest: Option<PriorRelease>,
    /// Notes to show, such as tags skipped because they are no versions.
    pub notes: Vec<String>,
    /// One line per error that validation found; empty when valid.
    pub invalid: Vec<String>,
    /// The changes since `latest`.
    pub changes: Changes,
    /// The version in `catalogue/toolkit.json`, which the first release
    /// takes.
    pub manifest_version: Version,
}

/// The user's request: a version or none, and the date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// The version to release; `None` proposes one from the changes.
    pub version: Option<Version>,
    /// The release date, `YYYY-MM-DD`.
    pub date: String,
}

/// One file the release writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedFile {
    /// The path relative to the repository root, with `/`.
    pub path: String,
    /// The current contents, or `None` when the file does not exist.
    pub old: Option<Vec<u8>>,
    /// The new contents.
    pub new: Vec<u8>,
}

/// A release ready to apply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// The version to release.
    pub version: Version,
    /// The tag name, `v` and the version.
    pub tag: String,
    /// The release date, `YYYY-MM-DD`.
    pub date: String,
    /// The release before this one.
    pub previous: Option<PriorRelease>,
    /// Whether the version was proposed from the changes rather than given.
    pub proposed: bool,
    /// The commit the release commit builds on.
    pub head: Oid,
    /// The branch the release commit goes on, such as `refs/heads/main`.
    pub branch: String,
    /// The changelog section, heading included; also the tag message.
    pub section: String,
    /// The commit message.
    pub message: String,
    /// The files to write, in the order they are written.
    pub files: Vec<PlannedFile>,
    /// Notes to show with the plan.
    pub notes: Vec<String>,
}

/// The result of planning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The version is already released at HEAD: nothing to do.
    AlreadyReleased {
        /// The tag.
        tag: String,
        /// The commit it resolves to, which is HEAD.
        commit: Oid,
    },
    /// The release to apply.
    Ready(Box<Plan>),
}

/// Plans the release that `request` asks for, from `facts` and the
/// repository's state, without writing anything.
pub fn plan(repo: &Repository, facts: &Facts, request: &Request) -> Result<Outcome, ReleaseError> {
    let head = git::head(repo)?;
    let head_id = head.commit.id();
    if request.version.is_none() {
        if let Some(latest) = facts
            .latest
            .as_ref()
            .filter(|latest| latest.commit == head_id)
        {
            return Ok(already_released(&latest.tag, head_id));
        }
    }
    let (version, proposed) = choose_version(facts, request)?;
    let tag = format!("v{version}");
    if let Some(existing) = git::find_tag(repo, &tag)? {
        if existing.commit == head_id {
            return Ok(already_released(&tag, head_id));
        }
        return Err(Refusal::TagOnOtherCommit {
            tag,
            tag_commit: existing.commit.to_string(),
            head: head_id.to_string(),
        }
        .into());
    }
    check_state(repo, facts)?;
    check_version(facts, &version)?;

    let root = repo.workdir().ok_or_else(|| {
        ReleaseError::Edit("the repository is bare; run in a working tree".into())
    })?;
    let section = text::section(&version, &request.date, &facts.changes.body);
    let files = planned_files(root, &version, &request.date, &section)?;
    let mut notes = facts.notes.clone();
    if !files.iter().any(|file| file.path == CITATION) {
        notes.push(format!(
            "{CITATION} not found, so no citation version was set"
        ));
    }
    Ok(Outcome::Ready(Box::new(Plan {
        message: format!("Release {tag}\n"),
        version,
        tag,
        date: request.date.clone(),
        previous: facts.latest.clone(),
        proposed,
        head: head_id,
        branch: head.branch,
        section,
        files,
        notes,
    })))
}

fn already_released(tag: &str, commit: Oid) -> Outcome {
    Outcome::AlreadyReleased {
        tag: tag.to_string(),
        commit,
    }
}

/// Returns the requested version, or proposes one: the manifest's version
/// for the first release, else the lowest the changes require.
fn choose_version(facts: &Facts, request: &Request) -> Result<(Version, bool), ReleaseError> {
    if let Some(version) = &request.version {
        return Ok((version.clone(), false));
    }
    match (&facts.latest, &facts.changes.required) {
        (None, _) => Ok((facts.manifest_version.clone(), true)),
        (Some(_), Some(required)) if facts.changes.bump != Bump::None => {
            Ok((required.clone(), true))
        }
        (Some(latest), _) => Err(Refusal::NothingChanged {
            since: latest.tag.clone(),
        }
        .into()),
    }
}

fn check_state(repo: &Repository, facts: &Facts) -> Result<(), ReleaseError> {
    let paths = git::uncommitted_paths(repo)?;
    if !paths.is_empty() {
        return Err(Refusal::Uncommitted { paths }.into());
    }
    if !facts.invalid.is_empty() {
        return Err(Refusal::Invalid {
            errors: facts.invalid.clone(),
        }
        .into());
    }
    if let Some(latest) = &facts.latest {
        if facts.changes.bump == Bump::None {
            return Err(Refusal::NothingChanged {
                since: latest.tag.clone(),
            }
            .into());
        }
    }
    Ok(())
}

fn check_version(facts: &Facts, version: &Version) -> Result<(), ReleaseError> {
    if !version.pre.is_empty() || !version.build.is_empty() {
        return Err(Refusal::NotPlain {
            version: version.clone(),
        }
        .into());
    }
    let Some(latest) = &facts.latest else {
        return Ok(());
    };
    if *version <= latest.version {
        return Err(Refusal::NotGreater {
            version: version.clone(),
            latest: latest.version.clone(),
        }
        .into());
    }
    if let Some(required) = &facts.changes.required {
        if version < required {
            return Err(Refusal::TooLow {
                version: version.clone(),
                required: required.clone(),
                bump: facts.changes.bump,
                change: facts
                    .changes
                    .reason
                    .clone()
                    .unwrap_or_else(|| format!("a change since {}", latest.tag)),
            }
            .into());
        }
    }
    Ok(())
}

/// Computes the new contents of the manifest, CHANGELOG.md and (when it
/// exists) CITATION.cff.
fn planned_files(
    root: &Path,
    version: &Version,
    date: &str,
    section: &str,
) -> Result<Vec<PlannedFile>, ReleaseError> {
    let mut files = Vec::new();

    let manifest_old = read(root, Layout::MANIFEST)?
        .ok_or_else(|| ReleaseError::Edit(format!("{} is missing", Layout::MANIFEST)))?;
    let manifest_new = set_manifest_release(root, &manifest_old, version, date)?;
    files.push(PlannedFile {
        path: Layout::MANIFEST.to_string(),
        old: Some(manifest_old),
        new: manifest_new,
    });

    if let Some(citation_old) = read(root, CITATION)? {
        let citation_text = utf8(&citation_old, CITATION)?;
        let citation_new = text::set_citation(citation_text, version, date)
            .map_err(|error| ReleaseError::Edit(error.to_string()))?;
        files.push(PlannedFile {
            path: CITATION.to_string(),
            old: Some(citation_old),
            new: citation_new.into_bytes(),
        });
    }

    let changelog_old = read(root, CHANGELOG)?;
    let changelog_text = changelog_old
        .as_deref()
        .map(|bytes| utf8(bytes, CHANGELOG))
        .transpose()?;
    let changelog_new = text::insert_section(changelog_text, section);
    files.push(PlannedFile {
        path: CHANGELOG.to_string(),
        old: changelog_old,
        new: changelog_new.into_bytes(),
    });
    Ok(files)
}

fn read(root: &Path, relative: &str) -> Result<Option<Vec<u8>>, ReleaseError> {
    let path = root.join(relative);
    match std::fs::read(&path) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(error) => Err(ReleaseError::Io {
            action: "read",
            path,
            error,
        }),
    }
}

fn utf8<'a>(bytes: &'a [u8], path: &str) -> Result<&'a str, ReleaseError> {
    std::str::from_utf8(bytes).map_err(|error| {
        ReleaseError::Edit(format!(
            "{path} is not valid UTF-8 at byte {}",
            error.valid_up_to()
        ))
    })
}

/// Sets the manifest's `version` and `released` and returns it in the
/// canonical form, with keys in the order of the schemas under `root`.
pub fn set_manifest_release(
    root: &Path,
    bytes: &[u8],
    version: &Version,
    date: &str,
) -> Result<Vec<u8>, ReleaseError> {
    let invalid = |detail: String| {
        ReleaseError::Edit(format!(
            "{} is invalid ({detail}); run `peerkit validate`",
            Layout::MANIFEST
        ))
    };
    let mut value =
        json::parse(bytes, &json::DEFAULT_LIMITS).map_err(|error| invalid(error.to_string()))?;
    let Value::Object(members) = &mut value else {
        return Err(invalid("it is not a JSON object".to_string()));
    };
    members.insert("version", Value::String(version.to_string()));
    members.insert("released", Value::String(date.to_string()));
    let orders = KeyOrders::from_schemas(&read_schemas(root)?);
    Ok(orders
        .canonical_text(Some(FileKind::Manifest), &value)
        .into_bytes())
}

/// Reads every `schemas/*.schema.json` under `root` for the key orders.
fn read_schemas(root: &Path) -> Result<Vec<(String, Value)>, ReleaseError> {
    let files = crate::catalogue::read_tree(root)
        .map_err(|error| ReleaseError::Edit(format!("cannot read the schemas: {error}")))?;
    let mut schemas = Vec::new();
    for file in files {
        if Layout::kind_of(&file.path) != Some(FileKind::Schema) {
            continue;
        }
        let value = json::parse(&file.bytes, &json::DEFAULT_LIMITS)
            .map_err(|error| ReleaseError::Edit(format!("{} is invalid: {error}", file.path)))?;
        let name = file.path.trim_start_matches("schemas/").to_string();
        schemas.push((name, value));
    }
    Ok(schemas)
}
