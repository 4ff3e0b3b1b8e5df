//! Applies a suggestion to the catalogue files of the base commit, giving
//! the files to write (in canonical form) and to remove.

use std::collections::BTreeMap;

use serde_json::Value;

use super::model::{NewRecord, Proposal, Suggestion};
use super::{merge_patch, untrusted};
use crate::catalogue::{Entry, FileKind, Gap, Layout, Status};

/// The files of a catalogue by path relative to the repository root.
pub type Files = BTreeMap<String, Vec<u8>>;

/// What applying a suggestion changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    /// The id of the record it adds or changes.
    pub record_id: String,
    /// Each changed path: its new bytes, or `None` when it is removed.
    pub changes: BTreeMap<String, Option<Vec<u8>>>,
}

impl Applied {
    /// `base` with the changes made.
    pub fn result(&self, base: &Files) -> Files {
        let mut files = base.clone();
        for (path, contents) in &self.changes {
            match contents {
                Some(bytes) => {
                    files.insert(path.clone(), bytes.clone());
                }
                None => {
                    files.remove(path);
                }
            }
        }
        files
    }
}

/// Why a suggestion cannot be applied.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ApplyError {
    /// An id is not a valid slug.
    #[error(transparent)]
    InvalidId(#[from] untrusted::InvalidId),
    /// A record to add has an id that exists.
    #[error(
        "the new record's id {id:?} is taken: {path} has it already; suggest a change to that \
         record, or choose another id"
    )]
    Exists {
        /// The id.
        id: String,
        /// The existing record's path.
        path: String,
    },
    /// The record to change or deprecate does not exist.
    #[error(
        "the target {id:?} is not found: no entry or gap on the base branch has this id; \
         check the target, which is the file name without `.json`"
    )]
    NotFound {
        /// The id.
        id: String,
    },
    /// Only entries can be deprecated.
    #[error(
        "the target {id:?} is a gap, and only entries can be deprecated; suggest a change \
         of the gap's `status` to \"addressed\" instead"
    )]
    NotAnEntry {
        /// The id.
        id: String,
    },
    /// The patch changes a field that must stay.
    #[error("the change may not modify `{field}` of {id:?}; ids and schema references are stable")]
    Immutable {
        /// The record.
        id: String,
        /// The field.
        field: String,
    },
    /// The result is no valid record.
    #[error(
        "after the change, {path} is not a valid {kind}: {reason}; fix `patch` so that the \
         {kind} keeps every field it requires (`null` removes a field) with the type that \
         schemas/{kind}.schema.json gives"
    )]
    InvalidResult {
        /// The file.
        path: String,
        /// `entry` or `gap`.
        kind: &'static str,
        /// What serde found.
        reason: String,
    },
    /// A base file could not be read as JSON.
    #[error("{path} on the base branch is not valid JSON: {reason}")]
    UnreadableBase {
        /// The file.
        path: String,
        /// The parse error.
        reason: String,
    },
}

/// Applies `suggestion` to `base`.
pub fn apply(suggestion: &Suggestion, base: &Files) -> Result<Applied, ApplyError> {
    untrusted::check_id("id", &suggestion.id)?;
    match &suggestion.proposal {
        Proposal::Add(record) => add(record, base),
        Proposal::Change { target, patch } => {
            untrusted::check_id("target", target)?;
            change(target, &Value::Object(patch.clone()), base)
        }
        Proposal::Deprecate {
            target,
            reason,
            replacement,
        } => {
            untrusted::check_id("target", target)?;
            if let Some(replacement) = replacement {
                untrusted::check_id("replacement", replacement)?;
            }
            deprecate(target, reason, replacement.as_deref(), base)
        }
    }
}

/// Writes a record in canonical form, with the key orders that the
/// schemas among `base` give (as `peerkit fmt` writes it).
pub fn canonical<T: serde::Serialize>(kind: FileKind, record: &T, base: &Files) -> Vec<u8> {
    let schemas: Vec<(String, crate::json::Value)> = base
        .iter()
        .filter(|(path, _)| Layout::kind_of(path) == Some(FileKind::Schema))
        .filter_map(|(path, bytes)| {
            let value = crate::json::parse(bytes, &crate::json::DEFAULT_LIMITS).ok()?;
            let name = path.trim_start_matches("schemas/").to_string();
            Some((name, value))
        })
        .collect();
    let orders = crate::format::KeyOrders::from_schemas(&schemas);
    let value = serde_json::to_value(record).unwrap_or_default();
    orders
        .canonical_text(Some(kind), &crate::json::Value::from_serde(&value))
        .into_bytes()
}

fn add(record: &NewRecord, base: &Files) -> Result<Applied, ApplyError> {
    let id = record.id();
    untrusted::check_id("record id", id)?;
    if let Some(found) = find_record(base, id)? {
        return Err(ApplyError::Exists {
            id: id.to_string(),
            path: found.path,
        });
    }
    let (path, bytes) = match record {
        NewRecord::Entry(entry) => {
            untrusted::check_id("category", &entry.category)?;
            (
                Layout::entry_path(&entry.category, id),
                canonical(FileKind::Entry, entry, base),
            )
        }
        NewRecord::Gap(gap) => (Layout::gap_path(id), canonical(FileKind::Gap, gap, base)),
    };
    Ok(Applied {
        record_id: id.to_string(),
        changes: BTreeMap::from([(path, Some(bytes))]),
    })
}

fn change(target: &str, patch: &Value, base: &Files) -> Result<Applied, ApplyError> {
    let found = find_record(base, target)?.ok_or_else(|| ApplyError::NotFound {
        id: target.to_string(),
    })?;
    let mut value = found.value.clone();
    merge_patch::apply(&mut value, patch);
    for field in ["id", "$schema"] {
        if value.get(field) != found.value.get(field) {
            return Err(ApplyError::Immutable {
                id: target.to_string(),
                field: field.to_string(),
            });
        }
    }
    write_record(found, value, base)
}

fn deprecate(
    target: &str,
    reason: &str,
    replacement: Option<&str>,
    base: &Files,
) -> Result<Applied, ApplyError> {
    let found = find_record(base, target)?.ok_or_else(|| ApplyError::NotFound {
        id: target.to_string(),
    })?;
    if found.kind != FileKind::Entry {
        return Err(ApplyError::NotAnEntry {
            id: target.to_string(),
        });
    }
    let mut entry: Entry = decode(&found.path, found.value.clone())?;
    entry.status = Status::Deprecated;
    entry.deprecation_reason = Some(reason.to_string());
    entry.superseded_by = replacement.map(str::to_string);
    // A deprecated entry cannot stay a baseline requirement.
    entry.baseline.required = false;
    entry.baseline.condition = None;
    let value = serde_json::to_value(&entry).unwrap_or_default();
    write_record(found, value, base)
}

/// Decodes `value` into the record type of `found`, writes it canonically
/// and moves it when its category changed.
fn write_record(found: FoundRecord, value: Value, base: &Files) -> Result<Applied, ApplyError> {
    let (new_path, bytes) = match found.kind {
        FileKind::Gap => {
            let gap: Gap = decode(&found.path, value)?;
            (
                Layout::gap_path(&gap.id),
                canonical(FileKind::Gap, &gap, base),
            )
        }
        _ => {
            let entry: Entry = decode(&found.path, value)?;
            untrusted::check_id("category", &entry.category)?;
            (
                Layout::entry_path(&entry.category, &entry.id),
                canonical(FileKind::Entry, &entry, base),
            )
        }
    };
    let mut changes = BTreeMap::new();
    if new_path != found.path {
        changes.insert(found.path.clone(), None);
    }
    changes.insert(new_path, Some(bytes));
    Ok(Applied {
        record_id: found.id,
        changes,
    })
}

fn decode<T: serde::de::DeserializeOwned>(path: &str, value: Value) -> Result<T, ApplyError> {
    let kind = if path.starts_with("catalogue/gaps/") {
        "gap"
    } else {
        "entry"
    };
    serde_json::from_value(value).map_err(|error| ApplyError::InvalidResult {
        path: path.to_string(),
        kind,
        reason: error.to_string(),
    })
}

struct FoundRecord {
    id: String,
    path: String,
    kind: FileKind,
    value: Value,
}

/// Finds the entry or gap whose `id` is `id` among `files`.
fn find_record(files: &Files, id: &str) -> Result<Option<FoundRecord>, ApplyError> {
    for (path, bytes) in files {
        let kind = Layout::kind_of(path);
        if !matches!(kind, Some(FileKind::Entry | FileKind::Gap)) {
            continue;
        }
        let value: Value =
            serde_json::from_slice(bytes).map_err(|error| ApplyError::UnreadableBase {
                path: path.clone(),
                reason: error.to_string(),
            })?;
        if value.get("id").and_then(Value::as_str) == Some(id) {
            return Ok(Some(FoundRecord {
                id: id.to_string(),
                path: path.clone(),
                kind: kind.unwrap_or(FileKind::Entry),
                value,
            }));
        }
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::suggest::Perspective;

    const ENTRY_PATH: &str = "catalogue/boundaries-confidentiality/disclosure-plan.json";

    fn base() -> Files {
        let entry =
            include_bytes!("../../catalogue/boundaries-confidentiality/disclosure-plan.json");
        Files::from([(ENTRY_PATH.to_string(), entry.to_vec())])
    }

    fn change(target: &str, patch: Value) -> Result<Applied, ApplyError> {
        let suggestion = Suggestion {
            id: "test-change".to_string(),
            proposal: Proposal::Change {
                target: target.to_string(),
                patch: patch.as_object().unwrap().clone(),
            },
            rationale: "Because.".to_string(),
            perspective: Perspective::Other,
            context: None,
            credit: None,
        };
        apply(&suggestion, &base())
    }

    #[test]
    fn removed_required_field_explained() {
        let error = change("disclosure-plan", serde_json::json!({"title": null})).unwrap_err();
        let message = error.to_string();
        assert!(message.contains("missing field `title`"), "{message}");
        assert!(message.contains("fix `patch`"), "{message}");
    }

    #[test]
    fn wrong_type_explained() {
        let error = change("disclosure-plan", serde_json::json!({"fits": 5})).unwrap_err();
        assert!(error.to_string().contains("fix `patch`"), "{error}");
    }

    #[test]
    fn unknown_target_named() {
        let error = change("no-such-entry", serde_json::json!({"title": "New"})).unwrap_err();
        assert_eq!(
            error,
            ApplyError::NotFound {
                id: "no-such-entry".to_string()
            }
        );
    }

    #[test]
    fn deprecated_gap_explained() {
        let gap = include_bytes!("../../catalogue/gaps/no-hiv-debrief-frequency.json");
        let mut files = base();
        files.insert(
            "catalogue/gaps/no-hiv-debrief-frequency.json".to_string(),
            gap.to_vec(),
        );
        let suggestion = Suggestion {
            id: "test-deprecate".to_string(),
            proposal: Proposal::Deprecate {
                target: "no-hiv-debrief-frequency".to_string(),
                reason: "Met now.".to_string(),
                replacement: None,
            },
            rationale: "Because.".to_string(),
            perspective: Perspective::Other,
            context: None,
            credit: None,
        };
        let message = apply(&suggestion, &files).unwrap_err().to_string();
        assert!(message.contains("is a gap"), "{message}");
        assert!(message.contains("`status`"), "{message}");
    }

    #[test]
    fn patch_changes_field() {
        let applied = change(
            "disclosure-plan",
            serde_json::json!({"title": "Disclosure plans"}),
        )
        .unwrap();
        let bytes = applied.changes[ENTRY_PATH].as_ref().unwrap();
        let text = String::from_utf8(bytes.clone()).unwrap();
        assert!(text.contains("\"title\": \"Disclosure plans\""), "{text}");
    }
}
