//! The change set: per record and per field, with a class and the commits behind each change.

use serde::Serialize;

use super::Bump;

/// The kind of a changed record.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum RecordKind {
    /// A support entry.
    Entry,
    /// A gap.
    Gap,
    /// A term of one vocabulary list.
    Term {
        /// The list, such as `roles` or `obstacles`.
        list: String,
    },
    /// The manifest, `catalogue/toolkit.json`.
    Manifest,
    /// A schema file under `schemas/`.
    Schema,
}

impl RecordKind {
    /// Returns a lowercase noun for messages: "entry", "gap", "term in roles",
    /// "manifest", "schema".
    pub fn noun(&self) -> String {
        match self {
            RecordKind::Entry => "entry".to_string(),
            RecordKind::Gap => "gap".to_string(),
            RecordKind::Term { list } => format!("term in {list}"),
            RecordKind::Manifest => "manifest".to_string(),
            RecordKind::Schema => "schema".to_string(),
        }
    }
}

/// The kind of change to a record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "change", rename_all = "kebab-case")]
pub enum Change {
    /// The record is new.
    Added,
    /// The record is gone.
    Removed,
    /// The entry's status became `deprecated`.
    Deprecated {
        /// The entry that replaces it, from `superseded_by`.
        by: Option<String>,
        /// Why, from `deprecation_reason`.
        reason: Option<String>,
    },
    /// Some fields changed.
    Changed,
}

/// A change of an entry's baseline requirement. Renderers show these in
/// a call-out above the sections, because adopters must act on them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum BaselineChange {
    /// A new entry that is baseline.
    NewBaseline,
    /// An existing entry became baseline.
    NowBaseline,
    /// A baseline entry now applies to more projects: its condition was
    /// removed or widened.
    Widened,
    /// A baseline entry now applies to fewer projects.
    Narrowed,
    /// An entry is no longer baseline.
    NoLongerBaseline,
    /// A baseline entry was removed.
    RemovedBaseline,
}

/// One side of a word diff.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SegmentKind {
    /// Text in both versions.
    Equal,
    /// Text only in the old version.
    Removed,
    /// Text only in the new version.
    Added,
}

/// A run of words of one kind in a word diff. Runs of equal text far from
/// any change are shortened to `…` at their ends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Segment {
    /// Whether the text was kept, removed or added.
    pub kind: SegmentKind,
    /// The text, with its whitespace.
    pub text: String,
}

/// The difference in one field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "diff", rename_all = "kebab-case")]
pub enum FieldDiff {
    /// A value replaced; `None` when the field was absent.
    Value {
        /// The value before.
        old: Option<serde_json::Value>,
        /// The value after.
        new: Option<serde_json::Value>,
    },
    /// A list whose items were added or removed, shown by their text.
    Items {
        /// The items only in the new list.
        added: Vec<String>,
        /// The items only in the old list.
        removed: Vec<String>,
    },
    /// A list with the same items in a new order.
    Reordered {
        /// The items in the new order.
        order: Vec<String>,
    },
    /// Prose, as a word diff.
    Words {
        /// The runs of kept, removed and added words.
        segments: Vec<Segment>,
    },
}

/// One changed field of a record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldChange {
    /// The field's path: a key, dotted for nested keys (`fits.roles`),
    /// with an index for one item of a list (`practices[2]`).
    pub field: String,
    /// The difference.
    #[serde(flatten)]
    pub diff: FieldDiff,
    /// The class of this field change.
    pub class: Bump,
}

/// A commit that changed a record, as the changelog names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CommitRef {
    /// The full commit id.
    pub id: String,
    /// The first 7 hex digits.
    pub short: String,
    /// The first line of the commit message.
    pub summary: String,
    /// The pull request number, when one is known.
    pub pull_request: Option<u64>,
}

/// One changed record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RecordChange {
    /// The kind of record.
    #[serde(flatten)]
    pub kind: RecordKind,
    /// The record's id; a schema's file name; `toolkit` for the manifest.
    pub id: String,
    /// The title after the change (before, when removed); a term's label.
    pub title: String,
    /// The file after the change (before, when removed).
    pub path: String,
    /// The file before the change, when it differs from `path`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old_path: Option<String>,
    /// The kind of change.
    #[serde(flatten)]
    pub change: Change,
    /// The fields that changed; empty for additions and removals.
    pub fields: Vec<FieldChange>,
    /// The class of the whole change.
    pub class: Bump,
    /// The change of its baseline requirement, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub baseline: Option<BaselineChange>,
    /// Whether the entry is a draft before and after, which caps the class
    /// at patch.
    pub draft: bool,
    /// The commits between the two revisions that changed its file, oldest
    /// first.
    pub commits: Vec<CommitRef>,
}

/// The number of records per kind of change.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Records added.
    pub added: usize,
    /// Records changed.
    pub changed: usize,
    /// Entries deprecated.
    pub deprecated: usize,
    /// Records removed.
    pub removed: usize,
}

/// Every change between two versions of the catalogue and schemas.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ChangeSet {
    /// The changed records: entries, gaps, terms, the manifest and
    /// schemas, in that order, each kind sorted by id.
    pub changes: Vec<RecordChange>,
    /// The highest class of any change.
    pub bump: Bump,
    /// Facts a reviewer needs that belong to no one record, such as which
    /// old files fail the new schemas.
    pub notes: Vec<String>,
}

impl ChangeSet {
    /// Counts the records per kind of change.
    pub fn counts(&self) -> Counts {
        let mut counts = Counts::default();
        for change in &self.changes {
            match change.change {
                Change::Added => counts.added += 1,
                Change::Removed => counts.removed += 1,
                Change::Deprecated { .. } => counts.deprecated += 1,
                Change::Changed => counts.changed += 1,
            }
        }
        counts
    }

    /// Tells whether nothing changed in content.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }
}

/// A failure to build a change set.
#[derive(Debug, thiserror::Error)]
pub enum ChangeError {
    /// Reading the history failed.
    #[error(transparent)]
    History(#[from] crate::history::HistoryError),
    /// A file could not be read as JSON.
    #[error(
        "{path} ({side}) is not valid JSON: {message}; run `peerkit validate` on that revision"
    )]
    Read {
        /// The file.
        path: String,
        /// The revision: "old" or "new".
        side: &'static str,
        /// The reader's message.
        message: String,
    },
    /// A file could not be decoded into its record.
    #[error("{path} ({side}) does not match its record type: {message}; run `peerkit validate` on that revision")]
    Decode {
        /// The file.
        path: String,
        /// The revision: "old" or "new".
        side: &'static str,
        /// serde's message.
        message: String,
    },
    /// Reading the working tree failed.
    #[error("cannot read the working tree at {}: {message}", root.display())]
    Worktree {
        /// The repository root on disk.
        root: std::path::PathBuf,
        /// What failed.
        message: String,
    },
}
