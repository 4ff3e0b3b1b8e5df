//! Rules about ids, paths and the references between records.

use std::collections::{BTreeSet, HashMap};

use super::{Context, RecordKind};
use crate::catalogue::{Entry, Layout};
use crate::check::finding::Finding;
use crate::report::{Code, Diagnostic};

/// duplicate-id: two records, entries or gaps, share one id.
pub(crate) fn duplicate_id(context: &Context<'_>) -> Vec<Finding> {
    let mut first: HashMap<&str, &str> = HashMap::new();
    let mut findings = Vec::new();
    for (path, id, _) in context.records() {
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

/// path-mismatch: a record's path does not follow from its id (and, for an
/// entry, its category).
pub(crate) fn path_mismatch(context: &Context<'_>) -> Vec<Finding> {
    let mut findings = Vec::new();
    for (path, entry) in &context.catalogue.entries {
        let expected = Layout::entry_path(&entry.category, &entry.id);
        if *path == expected {
            continue;
        }
        if entry.category == Layout::GAPS {
            findings.push(gaps_as_category(path));
            continue;
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
        findings.push(mismatch(path, pointer, message, &expected));
    }
    for (path, gap) in &context.catalogue.gaps {
        let expected = Layout::gap_path(&gap.id);
        if *path != expected {
            let message = format!(
                "the id is \"{}\", but the file is {path}; it must be {expected}",
                gap.id
            );
            findings.push(mismatch(path, "/id", message, &expected));
        }
    }
    findings
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

/// One reference from a record to an id.
struct Reference<'a> {
    path: &'a str,
    own_id: &'a str,
    pointer: String,
    target: &'a str,
    /// The field, as messages name it.
    field: &'static str,
    /// Whether the target must be an entry (not a gap).
    entry_only: bool,
}

fn references<'a>(context: &Context<'a>) -> Vec<Reference<'a>> {
    let mut found = Vec::new();
    for (path, entry) in &context.catalogue.entries {
        for (index, target) in entry.related.iter().enumerate() {
            found.push(Reference {
                path,
                own_id: &entry.id,
                pointer: format!("/related/{index}"),
                target,
                field: "related",
                entry_only: false,
            });
        }
        if let Some(target) = &entry.superseded_by {
            found.push(Reference {
                path,
                own_id: &entry.id,
                pointer: "/superseded_by".to_string(),
                target,
                field: "superseded_by",
                entry_only: true,
            });
        }
    }
    for (path, gap) in &context.catalogue.gaps {
        let lists = [
            ("addressed_by", &gap.addressed_by, true),
            ("related", &gap.related, false),
        ];
        for (field, targets, entry_only) in lists {
            for (index, target) in targets.iter().enumerate() {
                found.push(Reference {
                    path,
                    own_id: &gap.id,
                    pointer: format!("/{field}/{index}"),
                    target,
                    field,
                    entry_only,
                });
            }
        }
    }
    found
}

/// unresolved-reference: `related`, `superseded_by` or `addressed_by`
/// names no record, or names a gap where only an entry fits.
pub(crate) fn unresolved_reference(context: &Context<'_>) -> Vec<Finding> {
    let index = context.id_index();
    let mut findings = Vec::new();
    for reference in references(context) {
        if reference.target == reference.own_id || context.broken_ids.contains(reference.target) {
            continue;
        }
        let message = match index.get(reference.target) {
            None => format!(
                "`{}` names \"{}\", but no entry or gap has that id",
                reference.field, reference.target
            ),
            Some((_, RecordKind::Gap)) if reference.entry_only => format!(
                "`{}` names the gap \"{}\", but it must name an entry",
                reference.field, reference.target
            ),
            Some(_) => continue,
        };
        let diagnostic = Diagnostic::error(Code::UnresolvedReference, reference.path, message)
            .at_pointer(&reference.pointer)
            .with_help("correct the id, or delete the reference if the record was removed");
        findings.push(diagnostic.into());
    }
    findings
}

/// self-reference: a record names itself in `related`, `superseded_by` or
/// `addressed_by`.
pub(crate) fn self_reference(context: &Context<'_>) -> Vec<Finding> {
    references(context)
        .into_iter()
        .filter(|reference| reference.target == reference.own_id)
        .map(|reference| {
            Diagnostic::error(
                Code::SelfReference,
                reference.path,
                format!(
                    "`{}` names the record's own id \"{}\"",
                    reference.field, reference.target
                ),
            )
            .at_pointer(&reference.pointer)
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
pub(crate) fn superseded_cycle(context: &Context<'_>) -> Vec<Finding> {
    let entries: HashMap<&str, (&str, &Entry)> = context
        .catalogue
        .entries
        .iter()
        .map(|(path, entry)| (entry.id.as_str(), (path.as_str(), entry)))
        .collect();
    let mut seen_cycles: BTreeSet<Vec<&str>> = BTreeSet::new();
    let mut findings = Vec::new();
    for (_, entry) in &context.catalogue.entries {
        let Some(cycle) = cycle_from(&entry.id, &entries) else {
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
fn cycle_from<'a>(
    start: &'a str,
    entries: &HashMap<&str, (&'a str, &'a Entry)>,
) -> Option<Vec<&'a str>> {
    let mut chain = vec![start];
    let mut current = start;
    loop {
        let next = entries.get(current)?.1.superseded_by.as_deref()?;
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

fn cycle_finding(cycle: &[&str], entries: &HashMap<&str, (&str, &Entry)>) -> Finding {
    let mut ordered: Vec<(&str, &str)> = cycle.iter().map(|id| (entries[id].0, *id)).collect();
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
