//! The records: manifest, vocabulary, entries and gaps, as the schemas in
//! `schemas/` define them.

use serde::{Deserialize, Serialize};

/// `catalogue/toolkit.json`: the standard's name, version and licence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// The path of the schema, relative to the file.
    #[serde(rename = "$schema")]
    pub schema: String,
    /// The standard's name.
    pub name: String,
    /// The released version (semver, no leading `v`).
    pub version: String,
    /// The date of that release, `YYYY-MM-DD`, absent before the first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub released: Option<String>,
    /// The licence of the content.
    pub licence: Licence,
    /// The home page or repository of the standard.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub homepage: Option<String>,
}

/// A licence by SPDX id and URL.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Licence {
    /// The SPDX identifier, such as `CC-BY-4.0`.
    pub id: String,
    /// The licence text's URL.
    pub url: String,
}

/// One term of the vocabulary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Term {
    /// The stable kebab-case id.
    pub id: String,
    /// The label shown to readers.
    pub label: String,
    /// A one-sentence definition.
    pub definition: String,
}

/// `catalogue/vocabulary.json`: every term, each list in its order. The
/// order of `intensities` and `readiness` is the order of the continuum.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Vocabulary {
    /// The path of the schema, relative to the file.
    #[serde(rename = "$schema")]
    pub schema: String,
    /// Peer roles.
    pub roles: Vec<Term>,
    /// Work intensities, from the lightest to full-time.
    pub intensities: Vec<Term>,
    /// Readiness stages, in the order of the continuum.
    pub readiness: Vec<Term>,
    /// Support categories; each is a folder of `catalogue/`.
    pub categories: Vec<Term>,
    /// Obstacles that peers face.
    pub obstacles: Vec<Term>,
    /// The providers of a support.
    pub providers: Vec<Term>,
}

impl Vocabulary {
    /// Returns the term lists by their field name, in file order.
    pub fn lists(&self) -> [(&'static str, &[Term]); 6] {
        [
            ("roles", &self.roles),
            ("intensities", &self.intensities),
            ("readiness", &self.readiness),
            ("categories", &self.categories),
            ("obstacles", &self.obstacles),
            ("providers", &self.providers),
        ]
    }

    /// Returns the term list named `list` (a field name such as `roles`).
    pub fn list(&self, list: &str) -> Option<&[Term]> {
        self.lists()
            .into_iter()
            .find(|(name, _)| *name == list)
            .map(|(_, terms)| terms)
    }

    /// Returns whether `list` defines `id`.
    pub fn has(&self, list: &str, id: &str) -> bool {
        self.list(list)
            .is_some_and(|terms| terms.iter().any(|term| term.id == id))
    }
}

/// The life cycle of an entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Being written; not part of the standard yet.
    Draft,
    /// Part of the standard, awaiting adoption by the community.
    Proposed,
    /// Adopted by the community.
    Adopted,
    /// No longer recommended.
    Deprecated,
}

impl Status {
    /// Returns the lowercase name, as in the files.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Proposed => "proposed",
            Status::Adopted => "adopted",
            Status::Deprecated => "deprecated",
        }
    }
}

/// What a support fits, or whom a gap affects: never empty.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fits {
    /// Role ids.
    pub roles: Vec<String>,
    /// Intensity ids.
    pub intensities: Vec<String>,
    /// Readiness stage ids.
    pub readiness: Vec<String>,
}

/// When a baseline requirement applies only to some projects.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BaselineCondition {
    /// The condition as a sentence, such as "For contract roles only."
    pub text: String,
    /// The role ids it depends on; empty when it does not depend on roles.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<String>,
    /// The intensity ids it depends on.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub intensities: Vec<String>,
    /// The readiness ids it depends on.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub readiness: Vec<String>,
    /// The obstacle ids it depends on.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub obstacles: Vec<String>,
}

/// Whether an entry is a basic support requirement for every project.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    /// True when every project must meet it.
    pub required: bool,
    /// When it applies only to some projects; absent means every project.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub condition: Option<BaselineCondition>,
}

/// The existing model that an entry adapts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AdaptedFrom {
    /// The model, such as "clinical supervision in social work".
    pub model: String,
    /// The changes made for peer work.
    pub changes: String,
}

/// The kind of a source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SourceKind {
    /// A published guideline or standard.
    Guideline,
    /// A research study.
    Study,
    /// A focus group of peer workers, researchers or providers.
    FocusGroup,
    /// Documented practice of an organisation.
    Practice,
}

/// A source that backs an entry or a gap.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// The title, with authors and year where known.
    pub title: String,
    /// A URL or DOI link, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The kind of source.
    pub kind: SourceKind,
}

/// A support entry: `catalogue/<category>/<id>.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// The path of the schema, relative to the file.
    #[serde(rename = "$schema")]
    pub schema: String,
    /// The stable kebab-case id, unique across entries and gaps.
    pub id: String,
    /// The title.
    pub title: String,
    /// One or two sentences.
    pub summary: String,
    /// The full description.
    pub description: String,
    /// The category id; also the entry's folder.
    pub category: String,
    /// Whether it is a basic support requirement.
    pub baseline: Baseline,
    /// The roles, intensities and readiness stages it fits.
    pub fits: Fits,
    /// The obstacle ids it addresses.
    pub obstacles: Vec<String>,
    /// The provider ids.
    pub providers: Vec<String>,
    /// Concrete steps.
    pub practices: Vec<String>,
    /// The model it adapts, when it adapts one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub adapted_from: Option<AdaptedFrom>,
    /// The life-cycle status.
    pub status: Status,
    /// The entry that replaces this one, when deprecated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub superseded_by: Option<String>,
    /// The reason it was deprecated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deprecation_reason: Option<String>,
    /// Ids of related entries and gaps.
    #[serde(default)]
    pub related: Vec<String>,
    /// The sources that back it.
    pub sources: Vec<Source>,
    /// The date of the last review, `YYYY-MM-DD`.
    pub last_reviewed: String,
}

/// Whether a gap is still open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum GapStatus {
    /// No support meets the need yet.
    Open,
    /// Entries now meet it; `addressed_by` names them.
    Addressed,
}

/// A need that peer workers named and no tool meets yet:
/// `catalogue/gaps/<id>.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Gap {
    /// The path of the schema, relative to the file.
    #[serde(rename = "$schema")]
    pub schema: String,
    /// The stable kebab-case id, unique across entries and gaps.
    pub id: String,
    /// The title.
    pub title: String,
    /// The need, in the words of the people who named it.
    pub need: String,
    /// Whom it affects.
    pub affects: Fits,
    /// The category ids it concerns.
    pub categories: Vec<String>,
    /// The obstacle ids involved.
    #[serde(default)]
    pub obstacles: Vec<String>,
    /// Open or addressed.
    pub status: GapStatus,
    /// The entries that address it.
    #[serde(default)]
    pub addressed_by: Vec<String>,
    /// Ids of related entries and gaps.
    #[serde(default)]
    pub related: Vec<String>,
    /// The sources where the need was named.
    #[serde(default)]
    pub sources: Vec<Source>,
    /// The date of the last review, `YYYY-MM-DD`.
    pub last_reviewed: String,
}

/// A whole catalogue, with each record's path relative to the repository
/// root.
#[derive(Debug, Clone, Default)]
pub struct Catalogue {
    /// The manifest, when it was read.
    pub manifest: Option<Manifest>,
    /// The vocabulary, when it was read.
    pub vocabulary: Option<Vocabulary>,
    /// The entries with their paths, sorted by path.
    pub entries: Vec<(String, Entry)>,
    /// The gaps with their paths, sorted by path.
    pub gaps: Vec<(String, Gap)>,
}

impl Catalogue {
    /// Returns the entry with `id`.
    pub fn entry(&self, id: &str) -> Option<&Entry> {
        self.entries
            .iter()
            .map(|(_, entry)| entry)
            .find(|entry| entry.id == id)
    }

    /// Returns the gap with `id`.
    pub fn gap(&self, id: &str) -> Option<&Gap> {
        self.gaps
            .iter()
            .map(|(_, gap)| gap)
            .find(|gap| gap.id == id)
    }
}

/// One decoded record of any kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Record {
    /// The manifest.
    Manifest(Manifest),
    /// The vocabulary.
    Vocabulary(Vocabulary),
    /// A support entry.
    Entry(Box<Entry>),
    /// A gap.
    Gap(Box<Gap>),
}

impl Record {
    /// Decodes a value that has passed its schema into the record of `kind`.
    /// Returns `None` for [`FileKind::Schema`], which is no record.
    pub fn decode(
        kind: super::FileKind,
        value: &crate::json::Value,
    ) -> Option<Result<Record, serde_json::Error>> {
        Record::decode_serde(kind, value.to_serde())
    }

    /// Does the work of [`Record::decode`] on a value already converted to
    /// serde_json, which it consumes, so a caller that has converted the
    /// value for the schema check does not convert it again.
    pub fn decode_serde(
        kind: super::FileKind,
        value: serde_json::Value,
    ) -> Option<Result<Record, serde_json::Error>> {
        use super::FileKind;
        Some(match kind {
            FileKind::Manifest => serde_json::from_value(value).map(Record::Manifest),
            FileKind::Vocabulary => serde_json::from_value(value).map(Record::Vocabulary),
            FileKind::Entry => {
                serde_json::from_value(value).map(|entry| Record::Entry(Box::new(entry)))
            }
            FileKind::Gap => serde_json::from_value(value).map(|gap| Record::Gap(Box::new(gap))),
            FileKind::Schema => return None,
        })
    }
}
