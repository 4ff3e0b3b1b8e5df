//! The semantic rules, in two groups: the rules about one record alone,
//! which run as each file is checked, and the rules across records, which
//! run on a [`Summary`] of each entry and gap.

mod lifecycle;
mod references;
mod terms;

use std::collections::HashSet;

use super::finding::Finding;
use super::Options;
use crate::catalogue::{Entry, Gap, Record, Status, Vocabulary};

pub(crate) use references::Summary;

/// The inputs of the rules about one record, besides the record.
pub(crate) struct RecordContext<'a> {
    /// The record's path.
    pub path: &'a str,
    /// The vocabulary, when it passed its own checks; the term rules are
    /// skipped without it.
    pub vocabulary: Option<&'a Vocabulary>,
    pub options: &'a Options,
}

/// Whether an id names an entry or a gap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RecordKind {
    Entry,
    Gap,
}

/// Runs the rules about `record` alone, and returns its findings and, for
/// an entry or a gap, its summary for the rules across records.
pub(crate) fn record(
    record: &Record,
    context: &RecordContext<'_>,
) -> (Vec<Finding>, Option<Summary>) {
    match record {
        Record::Manifest(_) => (Vec::new(), None),
        Record::Vocabulary(vocabulary) => {
            let mut findings = terms::duplicate_term(vocabulary);
            findings.extend(terms::gaps_category(vocabulary));
            (findings, None)
        }
        Record::Entry(entry) => {
            let summary = Summary::entry(context.path, entry);
            (entry_rules(entry, &summary, context), Some(summary))
        }
        Record::Gap(gap) => {
            let summary = Summary::gap(context.path, gap);
            (gap_rules(gap, &summary, context), Some(summary))
        }
    }
}

fn entry_rules(entry: &Entry, summary: &Summary, context: &RecordContext<'_>) -> Vec<Finding> {
    let path = context.path;
    let mut findings: Vec<Finding> = [
        references::entry_path_mismatch(path, entry),
        lifecycle::deprecated_without_reason(path, entry),
        lifecycle::deprecated_baseline(path, entry),
        lifecycle::missing_source(path, entry),
    ]
    .into_iter()
    .flatten()
    .collect();
    findings.extend(references::self_reference(summary));
    findings.extend(terms::unknown_entry_term(context, entry));
    findings.extend(lifecycle::not_deprecated(path, entry));
    if entry.status != Status::Deprecated {
        findings.extend(lifecycle::review_due(context, &entry.last_reviewed));
    }
    findings
}

fn gap_rules(gap: &Gap, summary: &Summary, context: &RecordContext<'_>) -> Vec<Finding> {
    let path = context.path;
    let mut findings: Vec<Finding> = [
        references::gap_path_mismatch(path, gap),
        lifecycle::gap_status(path, gap),
        lifecycle::review_due(context, &gap.last_reviewed),
    ]
    .into_iter()
    .flatten()
    .collect();
    findings.extend(references::self_reference(summary));
    findings.extend(terms::unknown_gap_term(context, gap));
    findings
}

/// Runs the rules across records on the summaries of every entry and gap
/// that passed, in path order. References to `broken_ids`, the ids of
/// files that did not pass, are not reported.
pub(crate) fn across(summaries: &[Summary], broken_ids: &HashSet<String>) -> Vec<Finding> {
    // Entries come before gaps, so that an entry is the first holder of an
    // id that a gap repeats.
    let records: Vec<&Summary> = summaries
        .iter()
        .filter(|summary| summary.kind == RecordKind::Entry)
        .chain(
            summaries
                .iter()
                .filter(|summary| summary.kind == RecordKind::Gap),
        )
        .collect();
    let mut findings = references::duplicate_id(&records);
    findings.extend(references::unresolved_reference(&records, broken_ids));
    findings.extend(references::superseded_cycle(&records));
    findings
}
