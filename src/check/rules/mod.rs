//! The semantic rules over a whole catalogue, one function per rule code.

mod lifecycle;
mod references;
mod terms;

use std::collections::{HashMap, HashSet};

use super::finding::Finding;
use super::Options;
use crate::catalogue::Catalogue;

/// What every rule reads.
pub(crate) struct Context<'a> {
    /// The records that passed reading, schema and decoding.
    pub catalogue: &'a Catalogue,
    /// Ids of records whose files did not pass: references to them are
    /// not reported.
    pub broken_ids: &'a HashSet<String>,
    pub options: &'a Options,
}

/// Whether an id names an entry or a gap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum RecordKind {
    Entry,
    Gap,
}

impl Context<'_> {
    /// Maps each id to the path and kind of the first record holding it,
    /// entries before gaps, each in path order.
    pub fn id_index(&self) -> HashMap<&str, (&str, RecordKind)> {
        let mut index = HashMap::new();
        for (path, id, kind) in self.records() {
            index.entry(id).or_insert((path, kind));
        }
        index
    }

    /// Every record's path, id and kind: entries, then gaps.
    pub fn records(&self) -> impl Iterator<Item = (&str, &str, RecordKind)> {
        let entries = self
            .catalogue
            .entries
            .iter()
            .map(|(path, entry)| (path.as_str(), entry.id.as_str(), RecordKind::Entry));
        let gaps = self
            .catalogue
            .gaps
            .iter()
            .map(|(path, gap)| (path.as_str(), gap.id.as_str(), RecordKind::Gap));
        entries.chain(gaps)
    }
}

/// Runs every rule.
pub(crate) fn run(context: &Context<'_>) -> Vec<Finding> {
    let rules: [fn(&Context<'_>) -> Vec<Finding>; 14] = [
        references::duplicate_id,
        references::path_mismatch,
        references::unresolved_reference,
        references::self_reference,
        references::superseded_cycle,
        terms::unknown_term,
        terms::duplicate_term,
        lifecycle::deprecated_without_reason,
        lifecycle::deprecated_baseline,
        lifecycle::not_deprecated,
        lifecycle::missing_source,
        lifecycle::gap_status,
        lifecycle::review_due,
        terms::gaps_category,
    ];
    rules.iter().flat_map(|rule| rule(context)).collect()
}
