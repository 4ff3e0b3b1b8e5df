//! The suggestion: what someone proposes to add, change or deprecate, why,
//! and from which perspective. It has no email or contact field, by design.

use serde::{Deserialize, Serialize};

use crate::catalogue::{Entry, FileKind, Gap};

/// The `$schema` a suggestion file in the repository root carries.
pub const SCHEMA_REF: &str = "schemas/suggestion.schema.json";

/// The submitter's perspective, in their own description.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Perspective {
    /// A peer worker.
    PeerWorker,
    /// A coordinator or supervisor of peer workers.
    Coordinator,
    /// A researcher.
    Researcher,
    /// A provider of services or supports.
    Provider,
    /// Anyone else.
    Other,
}

impl Perspective {
    /// Every perspective, in the order the forms list them.
    pub const ALL: [Perspective; 5] = [
        Perspective::PeerWorker,
        Perspective::Coordinator,
        Perspective::Researcher,
        Perspective::Provider,
        Perspective::Other,
    ];

    /// The kebab-case id, as in the files.
    pub fn id(self) -> &'static str {
        match self {
            Perspective::PeerWorker => "peer-worker",
            Perspective::Coordinator => "coordinator",
            Perspective::Researcher => "researcher",
            Perspective::Provider => "provider",
            Perspective::Other => "other",
        }
    }

    /// The label the forms show.
    pub fn label(self) -> &'static str {
        match self {
            Perspective::PeerWorker => "Peer worker",
            Perspective::Coordinator => "Coordinator or supervisor",
            Perspective::Researcher => "Researcher",
            Perspective::Provider => "Service provider",
            Perspective::Other => "Other",
        }
    }
}

/// A new record: an entry or a gap, in full.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NewRecord {
    /// A support entry.
    Entry(Box<Entry>),
    /// A gap.
    Gap(Box<Gap>),
}

impl NewRecord {
    /// The record's id.
    pub fn id(&self) -> &str {
        match self {
            NewRecord::Entry(entry) => &entry.id,
            NewRecord::Gap(gap) => &gap.id,
        }
    }
}

/// The change that the suggestion proposes.
#[derive(Debug, Clone, PartialEq)]
pub enum Proposal {
    /// Add a new entry or gap.
    Add(NewRecord),
    /// Change fields of an existing entry or gap with a JSON Merge Patch
    /// (RFC 7396): members replace, `null` deletes, objects merge.
    Change {
        /// The id of the record to change.
        target: String,
        /// The merge patch, a JSON object.
        patch: serde_json::Map<String, serde_json::Value>,
    },
    /// Deprecate an entry.
    Deprecate {
        /// The id of the entry.
        target: String,
        /// The reason it should no longer be recommended.
        reason: String,
        /// The entry that replaces it, when there is one.
        replacement: Option<String>,
    },
}

impl Proposal {
    /// The id of the record the proposal concerns.
    pub fn record_id(&self) -> &str {
        match self {
            Proposal::Add(record) => record.id(),
            Proposal::Change { target, .. } | Proposal::Deprecate { target, .. } => target,
        }
    }

    /// `add`, `change` or `deprecate`.
    pub fn kind(&self) -> &'static str {
        match self {
            Proposal::Add(_) => "add",
            Proposal::Change { .. } => "change",
            Proposal::Deprecate { .. } => "deprecate",
        }
    }
}

/// A community suggestion.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "SuggestionFile", into = "SuggestionFile")]
pub struct Suggestion {
    /// The slug that names the branch: `suggestion/<id>`.
    pub id: String,
    /// The proposed change.
    pub proposal: Proposal,
    /// Why, in the words of the people who suggest it.
    pub rationale: String,
    /// The submitter's perspective.
    pub perspective: Perspective,
    /// The origin, such as a focus group and its date.
    pub context: Option<String>,
    /// The name to credit, when the person wants credit.
    pub credit: Option<String>,
}

/// The file form of a suggestion: flat, as the schema describes it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct SuggestionFile {
    #[serde(rename = "$schema", default, skip_serializing_if = "Option::is_none")]
    schema: Option<String>,
    id: String,
    kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    record: Option<serde_json::Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    target: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    patch: Option<serde_json::Map<String, serde_json::Value>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    reason: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    replacement: Option<String>,
    rationale: String,
    perspective: Perspective,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    context: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    credit: Option<String>,
}

impl TryFrom<SuggestionFile> for Suggestion {
    type Error = String;

    fn try_from(file: SuggestionFile) -> Result<Self, Self::Error> {
        let missing = |field: &str| format!("a `{}` suggestion needs `{field}`", file.kind);
        let proposal = match file.kind.as_str() {
            "add" => {
                let record = file.record.clone().ok_or_else(|| missing("record"))?;
                Proposal::Add(decode_record(record)?)
            }
            "change" => Proposal::Change {
                target: file.target.clone().ok_or_else(|| missing("target"))?,
                patch: file.patch.clone().ok_or_else(|| missing("patch"))?,
            },
            "deprecate" => Proposal::Deprecate {
                target: file.target.clone().ok_or_else(|| missing("target"))?,
                reason: file.reason.clone().ok_or_else(|| missing("reason"))?,
                replacement: file.replacement.clone(),
            },
            other => {
                return Err(format!(
                    "`kind` is {other:?}; expected \"add\", \"change\" or \"deprecate\""
                ))
            }
        };
        Ok(Suggestion {
            id: file.id,
            proposal,
            rationale: file.rationale,
            perspective: file.perspective,
            context: file.context,
            credit: file.credit,
        })
    }
}

impl From<Suggestion> for SuggestionFile {
    fn from(suggestion: Suggestion) -> Self {
        let mut file = SuggestionFile {
            schema: Some(SCHEMA_REF.to_string()),
            id: suggestion.id,
            kind: suggestion.proposal.kind().to_string(),
            record: None,
            target: None,
            patch: None,
            reason: None,
            replacement: None,
            rationale: suggestion.rationale,
            perspective: suggestion.perspective,
            context: suggestion.context,
            credit: suggestion.credit,
        };
        match suggestion.proposal {
            Proposal::Add(NewRecord::Entry(entry)) => {
                file.record = serde_json::to_value(entry).ok()
            }
            Proposal::Add(NewRecord::Gap(gap)) => file.record = serde_json::to_value(gap).ok(),
            Proposal::Change { target, patch } => {
                file.target = Some(target);
                file.patch = Some(patch);
            }
            Proposal::Deprecate {
                target,
                reason,
                replacement,
            } => {
                file.target = Some(target);
                file.reason = Some(reason);
                file.replacement = replacement;
            }
        }
        file
    }
}

/// Decodes a new record. Its `$schema` distinguishes an entry from a gap.
fn decode_record(record: serde_json::Value) -> Result<NewRecord, String> {
    let schema = record.get("$schema").and_then(|value| value.as_str());
    let gap_schema = FileKind::Gap.expected_schema_ref();
    if schema.is_some() && schema == gap_schema {
        serde_json::from_value::<Gap>(record)
            .map(|gap| NewRecord::Gap(Box::new(gap)))
            .map_err(|error| format!("`record` is not a valid gap: {error}"))
    } else {
        serde_json::from_value::<Entry>(record)
            .map(|entry| NewRecord::Entry(Box::new(entry)))
            .map_err(|error| format!("`record` is not a valid entry: {error}"))
    }
}
