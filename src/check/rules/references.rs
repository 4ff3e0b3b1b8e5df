//! Rules about ids, paths and the references between records.

use std::collections::{BTreeSet, HashMap, HashSet};

use super::RecordKind;
use crate::catalogue::{Entry, Gap, Layout};
use crate::check::finding::Finding;
use crate::report::{Code, Diagnostic};

/// duplicate-id: two records, entries or gaps, share one id. `records`
/// lists the entries, then the gaps, each in path order, so the first
/// record with an id is the one the others are compared to.
pub(crate) fn duplicate_id(records: &[&Summary]) -> Vec<Finding> {
    let mut first: HashMap<&str, &str> = HashMap::new();
    let mut findings = Vec::new();
    for record in records {
        let (path, id) = (record.path.as_str(), record.id.as_str());
        let Some(&earlier) = first.get(id) else {
            first.insert(id, path);
            continue;
        };
        let diagnostic = Diagnostic::error(
            Code::DuplicateId,
            path,
            format!("the id \"{id}\" is already used by {earlier}"),
        )
        .at_pointer("/id")
        .with_help("ids are unique across entries and gaps: choose another id and rename the file to match");
        findings.push(Finding::from(diagnostic).related_at(
            earlier,
            "/id",
            "the first record with this id",
        ));
    }
    findings
}

/// path-mismatch: an entry's path does not follow from its id and its
/// category.
pub(crate) fn entry_path_mismatch(path: &str, entry: &Entry) -> Option<Finding> {
    let expected = Layout::entry_path(&entry.category, &entry.id);
    if path == expected {
        return None;
    }
    if entry.category == Layout::GAPS {
        return Some(gaps_as_category(path));
    }
    let (pointer, message) = if file_stem(path) != entry.id {
        (
            "/id",
            format!(
                "the id is \"{}\", but the file is {path}; it must be {expected}",
                entry.id
            ),
        )
    } else {
        (
            "/category",
            format!(
                "the category is \"{}\", but the file is {path}; it must be {expected}",
                entry.category
            ),
        )
    };
    Some(mismatch(path, pointer, message, &expected))
}

/// path-mismatch: a gap's path does not follow from its id.
pub(crate) fn gap_path_mismatch(path: &str, gap: &Gap) -> Option<Finding> {
    let expected = Layout::gap_path(&gap.id);
    if path == expected {
        return None;
    }
    let message = format!(
        "the id is \"{}\", but the file is {path}; it must be {expected}",
        gap.id
    );
    Some(mismatch(path, "/id", message, &expected))
}

/// An entry whose category is `gaps`: moving the file to catalogue/gaps
/// would make it a gap, so the fix is another category.
fn gaps_as_category(path: &str) -> Finding {
    Diagnostic::error(
        Code::PathMismatch,
        path,
        "the category is \"gaps\", but catalogue/gaps holds gaps, so `gaps` is not a category",
    )
    .at_pointer("/category")
    .with_help("set `category` to one of the categories in catalogue/vocabulary.json, and keep the file in that category's folder")
    .into()
}

fn mismatch(path: &str, pointer: &str, message: String, expected: &str) -> Finding {
    Diagnostic::error(Code::PathMismatch, path, message)
        .at_pointer(pointer)
        .with_help(format!(
            "move the file to {expected}, or change the value to match the file's path"
        ))
        .into()
}

fn file_stem(path: &str) -> &str {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.strip_suffix(".json").unwrap_or(name)
}

/// The part of an entry or gap that the rules across records keep: its
/// place, its id and the ids it names. The rest of the record is dropped once the
/// rules about the record alone have run.
#[derive(Debug, Clone)]
pub(crate) struct Summary {
    pub path: String,
    pub id: String,
    pub kind: RecordKind,
    /// The entry's `superseded_by`, for the cycle rule.
    pub superseded_by: Option<String>,
    pub references: Vec<Reference>,
}

/// One reference from a record to an id.
#[derive(Debug, Clone)]
pub(crate) struct Reference {
    /// The field, as messages name it.
    field: &'static str,
    /// The index in the field's array, or `None` for a single id.
    index: Option<usize>,
    target: String,
    /// Whether the target must be an entry (not a gap).
    entry_only: bool,
}

impl Reference {
    fn list(field: &'static str, targets: &[String], entry_only: bool) -> Vec<Reference> {
        targets
            .iter()
            .enumerate()
            .map(|(index, target)| Reference {
                field,
                index: Some(index),
                target: target.clone(),
                entry_only,
            })
            .collect()
    }

    fn pointer(&self) -> String {
        match self.index {
            Some(index) => format!("/{}/{index}", self.field),
            None => format!("/{}", self.field),
        }
    }
}

impl Summary {
    /// Summarises an entry at `path`.
    pub fn entry(path: &str, entry: &Entry) -> Summary {
        let mut references = Reference::list("related", &entry.related, false);
        if let Some(target) = &entry.superseded_by {
            references.push(Reference {
                field: "superseded_by",
                index: None,
                target: target.clone(),
                entry_only: true,
            });
        }
        Summary {
            path: path.to_string(),
            id: entry.id.clone(),
            kind: RecordKind::Entry,
            superseded_by: entry.superseded_by.clone(),
            references,
        }
    }

    /// Summarises a gap at `path`.
    pub fn gap(path: &str, gap: &Gap) -> Summary {
        let mut references = Reference::list("addressed_by", &gap.addressed_by, true);
        references.extend(Reference::list("related", &gap.related, false));
        Summary {
            path: path.to_string(),
            id: gap.id.clone(),
            kind: RecordKind::Gap,
            superseded_by: None,
            references,
        }
    }
}

/// unresolved-reference: `related`, `superseded_by` or `addressed_by`
/// names no record, or names a gap where only an entry fits. `records`
/// is ordered as for [`duplicate_id`]; an id resolves to its first record.
pub(crate) fn unresolved_reference(
    records: &[&Summary],
    broken_ids: &HashSet<String>,
) -> Vec<Finding> {
    let mut index: HashMap<&str, RecordKind> = HashMap::with_capacity(records.len());
    for record in records {
        index.entry(record.id.as_str()).or_insert(record.kind);
    }
    let mut findings = Vec::new();
    for record in records {
        for reference in &record.references {
            let target = reference.target.as_str();
            if target == record.id || broken_ids.contains(target) {
                continue;
            }
            let message = match index.get(target) {
                None => format!(
                    "`{}` names \"{target}\", but no entry or gap has that id",
                    reference.field
                ),
                Some(RecordKind::Gap) if reference.entry_only => format!(
                    "`{}` names the gap \"{target}\", but it must name an entry",
                    reference.field
                ),
                Some(_) => continue,
            };
            let diagnostic =
                Diagnostic::error(Code::UnresolvedReference, record.path.as_str(), message)
                    .at_pointer(reference.pointer())
                    .with_help("correct the id, or delete the reference if the record was removed");
            findings.push(diagnostic.into());
        }
    }
    findings
}

/// self-reference: a record names itself in `related`, `superseded_by` or
/// `addressed_by`.
pub(crate) fn self_reference(record: &Summary) -> Vec<Finding> {
    record
        .references
        .iter()
        .filter(|reference| reference.target == record.id)
        .map(|reference| {
            Diagnostic::error(
                Code::SelfReference,
                record.path.as_str(),
                format!(
                    "`{}` names the record's own id \"{}\"",
                    reference.field, reference.target
                ),
            )
            .at_pointer(reference.pointer())
            .with_help(
                "a record cannot refer to itself: name another record or delete the reference",
            )
            .into()
        })
        .collect()
}

/// superseded-cycle: following `superseded_by` from an entry comes back to
/// it through other entries. A cycle is reported once, on the entry of the
/// cycle with the smallest path.
pub(crate) fn superseded_cycle(records: &[&Summary]) -> Vec<Finding> {
    let entries: HashMap<&str, &Summary> = records
        .iter()
        .filter(|record| record.kind == RecordKind::Entry)
        .map(|record| (record.id.as_str(), *record))
        .collect();
    let mut seen_cycles: BTreeSet<Vec<&str>> = BTreeSet::new();
    let mut findings = Vec::new();
    for record in records {
        if record.superseded_by.is_none() {
            continue;
        }
        let Some(cycle) = cycle_from(&record.id, &entries) else {
            continue;
        };
        let mut members = cycle.clone();
        members.sort_unstable();
        if !seen_cycles.insert(members) {
            continue;
        }
        findings.push(cycle_finding(&cycle, &entries));
    }
    findings
}

/// Returns the ids of the cycle that `start` is on, beginning at `start`,
/// when it is on one of two or more entries.
fn cycle_from<'a>(start: &'a str, entries: &HashMap<&str, &'a Summary>) -> Option<Vec<&'a str>> {
    let mut chain = vec![start];
    let mut current = start;
    loop {
        let next = entries.get(current)?.superseded_by.as_deref()?;
        if next == current {
            return None;
        }
        if next == start {
            return Some(chain);
        }
        if chain.contains(&next) {
            return None;
        }
        chain.push(next);
        current = next;
    }
}

fn cycle_finding(cycle: &[&str], entries: &HashMap<&str, &Summary>) -> Finding {
    let mut ordered: Vec<(&str, &str)> = cycle
        .iter()
        .map(|id| (entries[id].path.as_str(), *id))
        .collect();
    let first = ordered.iter().min().copied().unwrap_or(ordered[0]);
    let start = cycle.iter().position(|id| *id == first.1).unwrap_or(0);
    let mut ids: Vec<&str> = cycle[start..]
        .iter()
        .chain(&cycle[..start])
        .copied()
        .collect();
    ids.push(first.1);
    let diagnostic = Diagnostic::error(
        Code::SupersededCycle,
        first.0,
        format!("`superseded_by` forms a cycle: {}", ids.join(" -> ")),
    )
    .at_pointer("/superseded_by")
    .with_help("an entry is replaced by a newer one: remove `superseded_by` from the entry that is current");
    let mut finding = Finding::from(diagnostic);
    ordered.retain(|member| *member != first);
    for (path, id) in ordered {
        finding = finding.related_at(path, "/superseded_by", format!("\"{id}\" is on the cycle"));
    }
    finding
}
