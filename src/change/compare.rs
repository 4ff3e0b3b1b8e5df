//! Building a change set from the changed files of two revisions, matching records by kind and id.

use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;
use serde::Serialize;
use serde_json::Value;

use super::classify::{
    baseline_change, entry_field_class, gap_field_class, is_baseline, manifest_field_class,
    status_class, term_field_class,
};
use super::fields::diff_values;
use super::{
    BaselineChange, Bump, Change, ChangeError, ChangeSet, FieldChange, FieldDiff, RecordChange,
    RecordKind,
};
use crate::catalogue::{
    Entry, Gap, Layout, Manifest, Record, SourceFile, Status, Term, Vocabulary,
};

/// Whether the old data passes the new schemas, checked only when
/// `schemas/` differs: a schema change that old data fails is major, one
/// that old data passes is minor.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SchemaVerdict {
    /// One line per old file that fails a new schema, naming the file and
    /// the first reason; empty when every old file passes.
    pub failures: Vec<String>,
}

/// The records of one side, from its changed files only.
#[derive(Default)]
struct Side {
    entries: BTreeMap<String, (String, Entry)>,
    gaps: BTreeMap<String, (String, Gap)>,
    manifest: Option<(String, Manifest)>,
    vocabulary: Option<(String, Vocabulary)>,
    schemas: BTreeMap<String, (String, Value)>,
}

/// A changed file of a known kind with its parsed value, or the message
/// of the parse error that [`compare`] reports when it reaches the file.
pub(super) struct ParsedFile<'a> {
    /// The path, relative to the repository root.
    pub path: &'a str,
    /// The parsed value, or the parse error's message.
    pub value: Result<&'a crate::json::Value, &'a str>,
}

/// Compares the files that differ between two revisions: `old` contains
/// their versions before (files added since are absent), `new` after
/// (files removed are absent). Files of no known kind are ignored.
/// `schemas` is the verdict on old data against the new schemas, needed
/// only when a file under `schemas/` differs.
pub fn compare(
    old: &[SourceFile],
    new: &[SourceFile],
    schemas: Option<&SchemaVerdict>,
) -> Result<ChangeSet, ChangeError> {
    let old_values = parse_files(old);
    let new_values = parse_files(new);
    compare_parsed(
        &parsed_files(&old_values),
        &parsed_files(&new_values),
        schemas,
    )
}

type ParseResult<'a> = (&'a str, Result<crate::json::Value, String>);

/// Parses the files of a known kind, keeping each parse error to report
/// in file order.
fn parse_files(files: &[SourceFile]) -> Vec<ParseResult<'_>> {
    files
        .iter()
        .filter(|file| Layout::kind_of(&file.path).is_some())
        .map(|file| {
            let value = crate::json::parse(&file.bytes, &crate::json::DEFAULT_LIMITS)
                .map_err(|error| error.to_string());
            (file.path.as_str(), value)
        })
        .collect()
}

fn parsed_files<'a>(values: &'a [ParseResult<'_>]) -> Vec<ParsedFile<'a>> {
    values
        .iter()
        .map(|(path, value)| ParsedFile {
            path,
            value: value.as_ref().map_err(String::as_str),
        })
        .collect()
}

/// Does the work of [`compare`] on files already parsed.
pub(super) fn compare_parsed(
    old: &[ParsedFile<'_>],
    new: &[ParsedFile<'_>],
    schemas: Option<&SchemaVerdict>,
) -> Result<ChangeSet, ChangeError> {
    let old = read_side(old, "old")?;
    let new = read_side(new, "new")?;
    let mut set = ChangeSet::default();

    // Entries are most of the records and diffing their prose is the
    // costly step, so they are compared in parallel. `collect` keeps the
    // id order.
    let entry_ids: Vec<String> = union(old.entries.keys(), new.entries.keys())
        .into_iter()
        .collect();
    let entry_changes: Vec<Option<RecordChange>> = entry_ids
        .par_iter()
        .map(|id| entry_change(id, old.entries.get(id), new.entries.get(id)))
        .collect();
    set.changes.extend(entry_changes.into_iter().flatten());
    for id in union(old.gaps.keys(), new.gaps.keys()) {
        set.changes
            .extend(gap_change(&id, old.gaps.get(&id), new.gaps.get(&id)));
    }
    set.changes.extend(vocabulary_changes(
        old.vocabulary.as_ref(),
        new.vocabulary.as_ref(),
    ));
    set.changes.extend(manifest_change(
        old.manifest.as_ref(),
        new.manifest.as_ref(),
    ));
    let schema_changes = schema_changes(&old.schemas, &new.schemas, schemas);
    if !schema_changes.is_empty() && !old.schemas.is_empty() {
        set.notes.extend(schema_notes(schemas));
    }
    set.changes.extend(schema_changes);

    set.bump = set
        .changes
        .iter()
        .map(|change| change.class)
        .max()
        .unwrap_or_default();
    Ok(set)
}

/// A file of one side, decoded: a record, or a schema as a plain value.
enum Decoded {
    Record(Record),
    Schema(Value),
}

/// Decodes the files of one side in parallel, then files them in order,
/// so that the error reported is the first in file order.
fn read_side(files: &[ParsedFile<'_>], side: &'static str) -> Result<Side, ChangeError> {
    let decoded: Vec<Option<Result<Decoded, ChangeError>>> = files
        .par_iter()
        .map(|file| decode_file(file, side))
        .collect();
    let mut records = Side::default();
    for (file, decoded) in files.iter().zip(decoded) {
        let Some(decoded) = decoded else {
            continue;
        };
        let path = file.path.to_string();
        let record = match decoded? {
            Decoded::Schema(value) => {
                let name = file
                    .path
                    .rsplit('/')
                    .next()
                    .unwrap_or(file.path)
                    .to_string();
                records.schemas.insert(name, (path, value));
                continue;
            }
            Decoded::Record(record) => record,
        };
        match record {
            Record::Entry(entry) => {
                records.entries.insert(entry.id.clone(), (path, *entry));
            }
            Record::Gap(gap) => {
                records.gaps.insert(gap.id.clone(), (path, *gap));
            }
            Record::Manifest(manifest) => records.manifest = Some((path, manifest)),
            Record::Vocabulary(vocabulary) => records.vocabulary = Some((path, vocabulary)),
        }
    }
    Ok(records)
}

/// Decodes one file, `None` when it is of no known kind.
fn decode_file(file: &ParsedFile<'_>, side: &'static str) -> Option<Result<Decoded, ChangeError>> {
    let kind = Layout::kind_of(file.path)?;
    let value = match file.value {
        Ok(value) => value,
        Err(message) => {
            return Some(Err(ChangeError::Read {
                path: file.path.to_string(),
                side,
                message: message.to_string(),
            }))
        }
    };
    let Some(decoded) = Record::decode(kind, value) else {
        return Some(Ok(Decoded::Schema(value.to_serde())));
    };
    Some(
        decoded
            .map(Decoded::Record)
            .map_err(|error| ChangeError::Decode {
                path: file.path.to_string(),
                side,
                message: error.to_string(),
            }),
    )
}

fn union<'a>(
    left: impl Iterator<Item = &'a String>,
    right: impl Iterator<Item = &'a String>,
) -> BTreeSet<String> {
    left.chain(right).cloned().collect()
}

fn to_value(record: &impl Serialize) -> Value {
    serde_json::to_value(record).expect("a catalogue record serialises to JSON")
}

/// Creates a change record with the common fields filled in.
fn record(
    kind: RecordKind,
    id: &str,
    title: &str,
    path: &str,
    old_path: Option<&str>,
    change: Change,
) -> RecordChange {
    RecordChange {
        kind,
        id: id.to_string(),
        title: title.to_string(),
        path: path.to_string(),
        old_path: old_path.filter(|old| *old != path).map(str::to_string),
        change,
        fields: Vec::new(),
        class: Bump::None,
        baseline: None,
        draft: false,
        commits: Vec::new(),
    }
}

/// Diffs two records and classes each field, dropping the fields whose
/// class is `None` (such as a `$schema` path).
fn field_changes(old: &Value, new: &Value, class_of: impl Fn(&str) -> Bump) -> Vec<FieldChange> {
    let mut diffs = Vec::new();
    diff_values("", old, new, &mut diffs);
    diffs
        .into_iter()
        .map(|(field, diff)| {
            let class = class_of(&field);
            FieldChange { field, diff, class }
        })
        .filter(|change| change.class != Bump::None)
        .collect()
}

fn max_class(fields: &[FieldChange]) -> Bump {
    fields
        .iter()
        .map(|field| field.class)
        .max()
        .unwrap_or_default()
}

fn entry_change(
    id: &str,
    old: Option<&(String, Entry)>,
    new: Option<&(String, Entry)>,
) -> Option<RecordChange> {
    match (old, new) {
        (None, Some((path, entry))) => Some(entry_added(id, path, entry)),
        (Some((path, entry)), None) => Some(entry_removed(id, path, entry)),
        (Some((old_path, old)), Some((path, new))) => entry_changed(id, old_path, old, path, new),
        (None, None) => None,
    }
}

/// Classes a new entry: minor, or major when it is baseline. A new draft
/// is patch, because drafts are not part of the standard yet.
fn entry_added(id: &str, path: &str, entry: &Entry) -> RecordChange {
    let mut change = record(
        RecordKind::Entry,
        id,
        &entry.title,
        path,
        None,
        Change::Added,
    );
    change.draft = entry.status == Status::Draft;
    change.class = if change.draft {
        Bump::Patch
    } else if is_baseline(entry) {
        change.baseline = Some(BaselineChange::NewBaseline);
        Bump::Major
    } else {
        Bump::Minor
    };
    change
}

fn entry_removed(id: &str, path: &str, entry: &Entry) -> RecordChange {
    let mut change = record(
        RecordKind::Entry,
        id,
        &entry.title,
        path,
        None,
        Change::Removed,
    );
    change.draft = entry.status == Status::Draft;
    change.class = if change.draft {
        Bump::Patch
    } else {
        Bump::Major
    };
    if !change.draft && is_baseline(entry) {
        change.baseline = Some(BaselineChange::RemovedBaseline);
    }
    change
}

fn entry_changed(
    id: &str,
    old_path: &str,
    old: &Entry,
    path: &str,
    new: &Entry,
) -> Option<RecordChange> {
    let (baseline_class, baseline) = baseline_change(&old.baseline, &new.baseline);
    let mut fields = field_changes(&to_value(old), &to_value(new), |field| {
        if field.starts_with("baseline") {
            baseline_class
        } else if field == "status" {
            status_class(old.status, new.status)
        } else {
            entry_field_class(field)
        }
    });
    if fields.is_empty() {
        return None;
    }
    let deprecated = new.status == Status::Deprecated && old.status != Status::Deprecated;
    let kind = if deprecated {
        fields.retain(|field| {
            !matches!(
                field.field.as_str(),
                "status" | "superseded_by" | "deprecation_reason"
            )
        });
        Change::Deprecated {
            by: new.superseded_by.clone(),
            reason: new.deprecation_reason.clone(),
        }
    } else {
        Change::Changed
    };
    let mut change = record(
        RecordKind::Entry,
        id,
        &new.title,
        path,
        Some(old_path),
        kind,
    );
    change.class = entry_changed_class(old, new, &fields, deprecated);
    change.baseline = baseline;
    change.draft = old.status == Status::Draft && new.status == Status::Draft;
    if new.status == Status::Draft && old.status != Status::Draft {
        change.baseline = baseline_leaving(old);
    }
    if old.status == Status::Draft && new.status != Status::Draft && is_baseline(new) {
        change.baseline = Some(BaselineChange::NewBaseline);
    }
    change.fields = fields;
    Some(change)
}

/// Classes an entry that exists on both sides. Leaving draft counts as an
/// addition and becoming draft as a removal. A change between two drafts
/// is patch at most.
fn entry_changed_class(old: &Entry, new: &Entry, fields: &[FieldChange], deprecated: bool) -> Bump {
    let fields_class = max_class(fields);
    let deprecation = if deprecated { Bump::Minor } else { Bump::None };
    match (old.status == Status::Draft, new.status == Status::Draft) {
        (true, true) => fields_class.min(Bump::Patch),
        (true, false) if is_baseline(new) => Bump::Major,
        (true, false) => Bump::Minor.max(fields_class),
        (false, true) => Bump::Major,
        (false, false) => fields_class.max(deprecation),
    }
}

fn baseline_leaving(old: &Entry) -> Option<BaselineChange> {
    is_baseline(old).then_some(BaselineChange::RemovedBaseline)
}

fn gap_change(
    id: &str,
    old: Option<&(String, Gap)>,
    new: Option<&(String, Gap)>,
) -> Option<RecordChange> {
    let mut change = match (old, new) {
        (None, Some((path, gap))) => {
            let mut change = record(RecordKind::Gap, id, &gap.title, path, None, Change::Added);
            change.class = Bump::Minor;
            change
        }
        (Some((path, gap)), None) => {
            let mut change = record(RecordKind::Gap, id, &gap.title, path, None, Change::Removed);
            change.class = Bump::Major;
            change
        }
        (Some((old_path, old)), Some((path, new))) => {
            let fields = field_changes(&to_value(old), &to_value(new), gap_field_class);
            if fields.is_empty() {
                return None;
            }
            let mut change = record(
                RecordKind::Gap,
                id,
                &new.title,
                path,
                Some(old_path),
                Change::Changed,
            );
            change.class = max_class(&fields);
            change.fields = fields;
            change
        }
        (None, None) => return None,
    };
    change.draft = false;
    Some(change)
}

/// The vocabulary's term lists, in file order.
const TERM_LISTS: [&str; 6] = [
    "roles",
    "intensities",
    "readiness",
    "categories",
    "obstacles",
    "providers",
];

fn vocabulary_changes(
    old: Option<&(String, Vocabulary)>,
    new: Option<&(String, Vocabulary)>,
) -> Vec<RecordChange> {
    let path = new
        .or(old)
        .map(|(path, _)| path.as_str())
        .unwrap_or(Layout::VOCABULARY);
    let mut changes = Vec::new();
    for list in TERM_LISTS {
        let old_terms = old
            .and_then(|(_, vocabulary)| vocabulary.list(list))
            .unwrap_or_default();
        let new_terms = new
            .and_then(|(_, vocabulary)| vocabulary.list(list))
            .unwrap_or_default();
        changes.extend(term_changes(list, path, old_terms, new_terms));
    }
    changes
}

fn term_changes(list: &str, path: &str, old: &[Term], new: &[Term]) -> Vec<RecordChange> {
    let moved = moved_terms(old, new);
    let kind = || RecordKind::Term {
        list: list.to_string(),
    };
    let mut changes = Vec::new();
    for term in new
        .iter()
        .filter(|term| !old.iter().any(|before| before.id == term.id))
    {
        let mut change = record(kind(), &term.id, &term.label, path, None, Change::Added);
        change.class = Bump::Minor;
        changes.push(change);
    }
    for (old_index, before) in old.iter().enumerate() {
        let Some(new_index) = new.iter().position(|term| term.id == before.id) else {
            let mut change = record(
                kind(),
                &before.id,
                &before.label,
                path,
                None,
                Change::Removed,
            );
            change.class = Bump::Major;
            changes.push(change);
            continue;
        };
        let after = &new[new_index];
        let mut fields = field_changes(&to_value(before), &to_value(after), |field| {
            term_field_class(list, field)
        });
        if moved.contains(&before.id) {
            fields.push(FieldChange {
                field: "position".to_string(),
                diff: FieldDiff::Value {
                    old: Some(Value::from(old_index + 1)),
                    new: Some(Value::from(new_index + 1)),
                },
                class: term_field_class(list, "position"),
            });
        }
        if fields.is_empty() {
            continue;
        }
        let mut change = record(kind(), &after.id, &after.label, path, None, Change::Changed);
        change.class = max_class(&fields);
        change.fields = fields;
        changes.push(change);
    }
    changes.sort_by(|left, right| left.id.cmp(&right.id));
    changes
}

/// Returns the ids of terms on both sides whose order relative to the other
/// common terms changed: those outside the longest common subsequence.
fn moved_terms(old: &[Term], new: &[Term]) -> BTreeSet<String> {
    let old_ids: Vec<&str> = old
        .iter()
        .map(|term| term.id.as_str())
        .filter(|id| new.iter().any(|term| term.id == *id))
        .collect();
    let new_ids: Vec<&str> = new
        .iter()
        .map(|term| term.id.as_str())
        .filter(|id| old.iter().any(|term| term.id == *id))
        .collect();
    let mut moved = BTreeSet::new();
    for op in similar::capture_diff_slices(similar::Algorithm::Myers, &old_ids, &new_ids) {
        if let similar::DiffOp::Insert {
            new_index, new_len, ..
        }
        | similar::DiffOp::Replace {
            new_index, new_len, ..
        } = op
        {
            moved.extend(
                new_ids[new_index..new_index + new_len]
                    .iter()
                    .map(|id| id.to_string()),
            );
        }
    }
    moved
}

fn manifest_change(
    old: Option<&(String, Manifest)>,
    new: Option<&(String, Manifest)>,
) -> Option<RecordChange> {
    let kind = RecordKind::Manifest;
    match (old, new) {
        (None, None) => None,
        (None, Some((path, manifest))) => {
            let mut change = record(kind, "toolkit", &manifest.name, path, None, Change::Added);
            change.class = Bump::Patch;
            Some(change)
        }
        (Some((path, manifest)), None) => {
            let mut change = record(kind, "toolkit", &manifest.name, path, None, Change::Removed);
            change.class = Bump::Major;
            Some(change)
        }
        (Some((_, old)), Some((path, new))) => {
            let fields = field_changes(&to_value(old), &to_value(new), manifest_field_class);
            if fields.is_empty() {
                return None;
            }
            let mut change = record(kind, "toolkit", &new.name, path, None, Change::Changed);
            change.class = max_class(&fields);
            change.fields = fields;
            Some(change)
        }
    }
}

/// Schema changes take their class from whether old data passes the new
/// schemas; a formatting-only change of a schema is no change.
fn schema_changes(
    old: &BTreeMap<String, (String, Value)>,
    new: &BTreeMap<String, (String, Value)>,
    verdict: Option<&SchemaVerdict>,
) -> Vec<RecordChange> {
    let class = match verdict {
        Some(verdict) if verdict.failures.is_empty() => Bump::Minor,
        _ => Bump::Major,
    };
    let mut changes = Vec::new();
    for name in union(old.keys(), new.keys()) {
        let mut change = match (old.get(&name), new.get(&name)) {
            (None, Some((path, _))) => {
                record(RecordKind::Schema, &name, &name, path, None, Change::Added)
            }
            (Some((path, _)), None) => record(
                RecordKind::Schema,
                &name,
                &name,
                path,
                None,
                Change::Removed,
            ),
            (Some((_, before)), Some((path, after))) => {
                let mut change = record(
                    RecordKind::Schema,
                    &name,
                    &name,
                    path,
                    None,
                    Change::Changed,
                );
                change.fields = field_changes(before, after, |_| class);
                if change.fields.is_empty() {
                    continue;
                }
                change
            }
            (None, None) => continue,
        };
        change.class = class;
        changes.push(change);
    }
    changes
}

fn schema_notes(verdict: Option<&SchemaVerdict>) -> Vec<String> {
    match verdict {
        None => vec!["The schemas changed but old data was not checked against them, so the schema changes count as major.".to_string()],
        Some(verdict) if verdict.failures.is_empty() => {
            vec!["The schemas changed and every old file passes them, so the schema changes are minor.".to_string()]
        }
        Some(verdict) => {
            let mut notes = vec![format!(
                "The schemas changed and {} old file(s) fail them, so the schema changes are major:",
                verdict.failures.len()
            )];
            notes.extend(verdict.failures.iter().cloned());
            notes
        }
    }
}
