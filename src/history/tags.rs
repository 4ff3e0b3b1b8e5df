//! Release tags: `v` followed by a semver version, in version order.
//!
//! Only tags of the form `vX.Y.Z` (with an optional prerelease such as
//! `v1.0.0-rc.1`) are releases. A tag without the `v` (`1.2.0`), or that is
//! no version at all (`nightly`), is skipped with a [`TagNote`], never an
//! error, so one stray tag cannot block a changelog or a release.

use super::{CommitId, HistoryError, Repo};

/// A release tag, peeled to its commit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReleaseTag {
    /// The tag's name, such as `v0.10.0`.
    pub name: String,
    /// The version it names (the name without the `v`).
    pub version: semver::Version,
    /// The commit it points at; an annotated tag is peeled to its commit.
    pub commit: CommitId,
    /// Whether it is an annotated tag (a tag object) rather than a
    /// lightweight one.
    pub annotated: bool,
}

/// A tag that was skipped because it is no release tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TagNote {
    /// The tag's name.
    pub tag: String,
    /// The reason it was skipped, as a sentence fragment after the tag name.
    pub reason: String,
}

impl std::fmt::Display for TagNote {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(formatter, "skipped tag `{}`: {}", self.tag, self.reason)
    }
}

/// Every release tag in ascending version order, and the tags skipped.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReleaseTags {
    /// The release tags, lowest version first; a prerelease sorts before
    /// its release (`v1.0.0-rc.1` before `v1.0.0`).
    pub releases: Vec<ReleaseTag>,
    /// The tags that are no release tags.
    pub notes: Vec<TagNote>,
}

impl ReleaseTags {
    /// Returns the release tag named `name`.
    pub fn find(&self, name: &str) -> Option<&ReleaseTag> {
        self.releases.iter().find(|tag| tag.name == name)
    }

    /// Returns the release tags that point at `commit`.
    pub fn at(&self, commit: CommitId) -> impl Iterator<Item = &ReleaseTag> {
        self.releases.iter().filter(move |tag| tag.commit == commit)
    }
}

/// Whether a search for the latest release counts prereleases.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Prereleases {
    /// Count `v1.0.0-rc.1` like any release.
    Include,
    /// Count only releases without a prerelease part.
    Exclude,
}

/// Parses a tag name into a release version, or returns the reason it is
/// no release tag.
pub(super) fn parse_release_name(name: &str) -> Result<semver::Version, String> {
    let Some(text) = name.strip_prefix('v') else {
        return Err(match semver::Version::parse(name) {
            Ok(_) => format!("release tags start with `v`; name it `v{name}` to make it a release"),
            Err(_) => {
                "not a release tag (`v` followed by a semver version such as v1.2.0)".to_string()
            }
        });
    };
    semver::Version::parse(text)
        .map_err(|error| format!("`{text}` is not a semver version ({error})"))
}

impl Repo {
    /// Lists the release tags in version order, peeled to their commits,
    /// with a note for each tag that is skipped.
    pub fn release_tags(&self) -> Result<ReleaseTags, HistoryError> {
        let mut tags = ReleaseTags::default();
        let references = self
            .git
            .references_glob("refs/tags/*")
            .map_err(|source| HistoryError::git("list tags", source))?;
        for reference in references {
            let reference = reference.map_err(|source| HistoryError::git("list tags", source))?;
            let name = String::from_utf8_lossy(reference.shorthand_bytes()).into_owned();
            match self.release_tag(&reference, &name) {
                Ok(tag) => tags.releases.push(tag),
                Err(reason) => tags.notes.push(TagNote { tag: name, reason }),
            }
        }
        tags.releases.sort_by(|left, right| {
            left.version
                .cmp(&right.version)
                .then(left.name.cmp(&right.name))
        });
        tags.notes.sort_by(|left, right| left.tag.cmp(&right.tag));
        Ok(tags)
    }

    fn release_tag(
        &self,
        reference: &git2::Reference<'_>,
        name: &str,
    ) -> Result<ReleaseTag, String> {
        let version = parse_release_name(name)?;
        let annotated = reference
            .target()
            .and_then(|oid| self.git.find_object(oid, None).ok())
            .is_some_and(|object| object.kind() == Some(git2::ObjectType::Tag));
        let commit = reference
            .peel_to_commit()
            .map_err(|_| "points at no commit".to_string())?;
        Ok(ReleaseTag {
            name: name.to_string(),
            version,
            commit: CommitId(commit.id()),
            annotated,
        })
    }

    /// Returns the highest release tag whose commit is `commit` or one of
    /// its ancestors, with the notes about skipped tags.
    pub fn latest_release(
        &self,
        commit: CommitId,
        prereleases: Prereleases,
    ) -> Result<(Option<ReleaseTag>, Vec<TagNote>), HistoryError> {
        let tags = self.release_tags()?;
        let mut latest = None;
        for tag in tags.releases.iter().rev() {
            if prereleases == Prereleases::Exclude && !tag.version.pre.is_empty() {
                continue;
            }
            if self.is_ancestor(tag.commit, commit)? {
                latest = Some(tag.clone());
                break;
            }
        }
        Ok((latest, tags.notes))
    }
}

#[cfg(test)]
mod tests {
    use super::parse_release_name;

    #[test]
    fn release_name_needs_v_prefix() {
        let reason = parse_release_name("1.2.0").unwrap_err();
        assert!(reason.contains("`v1.2.0`"), "{reason}");
    }

    #[test]
    fn release_name_parses_prerelease() {
        let version = parse_release_name("v0.10.0-rc.1").unwrap();
        assert_eq!(version.to_string(), "0.10.0-rc.1");
    }

    #[test]
    fn release_name_rejects_words() {
        assert!(parse_release_name("nightly").is_err());
        assert!(parse_release_name("v1.2").is_err());
        assert!(parse_release_name("version-1").is_err());
    }

    #[test]
    fn release_versions_sort_numerically() {
        let mut versions: Vec<_> = ["v1.10.0", "v1.9.0", "v1.10.0-rc.1", "v0.2.0"]
            .iter()
            .map(|name| parse_release_name(name).unwrap())
            .collect();
        versions.sort();
        let names: Vec<String> = versions.iter().map(ToString::to_string).collect();
        assert_eq!(names, ["0.2.0", "1.9.0", "1.10.0-rc.1", "1.10.0"]);
    }
}
