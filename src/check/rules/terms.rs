//! Rules about the vocabulary and the terms that records use.

use std::collections::HashMap;

use super::RecordContext;
use crate::catalogue::{Entry, Gap, Layout, Vocabulary};
use crate::check::finding::{close_matches, display_name, Finding};
use crate::report::{Code, Diagnostic};

/// One list of terms in a record, with the pointer to it and the
/// vocabulary list its terms come from.
struct TermList<'a> {
    pointer: &'static str,
    terms: &'a [String],
    list: &'static str,
    /// Whether `pointer` names an array, whose items add their index.
    indexed: bool,
}

impl<'a> TermList<'a> {
    fn array(pointer: &'static str, terms: &'a [String], list: &'static str) -> Self {
        TermList {
            pointer,
            terms,
            list,
            indexed: true,
        }
    }

    /// Returns the pointer to the term at `index`.
    fn pointer_at(&self, index: usize) -> String {
        if self.indexed {
            format!("{}/{index}", self.pointer)
        } else {
            self.pointer.to_string()
        }
    }
}

fn entry_terms(entry: &Entry) -> Vec<TermList<'_>> {
    let mut lists = vec![
        TermList {
            pointer: "/category",
            terms: std::slice::from_ref(&entry.category),
            list: "categories",
            indexed: false,
        },
        TermList::array("/fits/roles", &entry.fits.roles, "roles"),
        TermList::array("/fits/intensities", &entry.fits.intensities, "intensities"),
        TermList::array("/fits/readiness", &entry.fits.readiness, "readiness"),
        TermList::array("/obstacles", &entry.obstacles, "obstacles"),
        TermList::array("/providers", &entry.providers, "providers"),
    ];
    if let Some(condition) = &entry.baseline.condition {
        lists.extend([
            TermList::array("/baseline/condition/roles", &condition.roles, "roles"),
            TermList::array(
                "/baseline/condition/intensities",
                &condition.intensities,
                "intensities",
            ),
            TermList::array(
                "/baseline/condition/readiness",
                &condition.readiness,
                "readiness",
            ),
            TermList::array(
                "/baseline/condition/obstacles",
                &condition.obstacles,
                "obstacles",
            ),
        ]);
    }
    lists
}

fn gap_terms(gap: &Gap) -> Vec<TermList<'_>> {
    vec![
        TermList::array("/affects/roles", &gap.affects.roles, "roles"),
        TermList::array(
            "/affects/intensities",
            &gap.affects.intensities,
            "intensities",
        ),
        TermList::array("/affects/readiness", &gap.affects.readiness, "readiness"),
        TermList::array("/categories", &gap.categories, "categories"),
        TermList::array("/obstacles", &gap.obstacles, "obstacles"),
    ]
}

/// Returns the singular noun for a term of each list, as messages use it.
pub(crate) fn term_noun(list: &str) -> &'static str {
    match list {
        "roles" => "role",
        "intensities" => "intensity",
        "readiness" => "readiness stage",
        "categories" => "category",
        "obstacles" => "obstacle",
        _ => "provider",
    }
}

/// unknown-term: an entry uses a term that its vocabulary list does not
/// define. Skipped when the vocabulary did not pass its own checks.
pub(crate) fn unknown_entry_term(context: &RecordContext<'_>, entry: &Entry) -> Vec<Finding> {
    unknown_terms(context, &entry_terms(entry))
}

/// unknown-term for a gap.
pub(crate) fn unknown_gap_term(context: &RecordContext<'_>, gap: &Gap) -> Vec<Finding> {
    unknown_terms(context, &gap_terms(gap))
}

fn unknown_terms(context: &RecordContext<'_>, lists: &[TermList<'_>]) -> Vec<Finding> {
    let Some(vocabulary) = context.vocabulary else {
        return Vec::new();
    };
    let mut findings = Vec::new();
    for list in lists {
        for (index, term) in list.terms.iter().enumerate() {
            if !vocabulary.has(list.list, term) {
                let pointer = list.pointer_at(index);
                findings.push(unknown(vocabulary, context.path, &pointer, term, list.list));
            }
        }
    }
    findings
}

fn unknown(
    vocabulary: &Vocabulary,
    path: &str,
    pointer: &str,
    term: &str,
    list: &'static str,
) -> Finding {
    let known: Vec<&str> = vocabulary
        .list(list)
        .unwrap_or_default()
        .iter()
        .map(|term| term.id.as_str())
        .collect();
    let noun = term_noun(list);
    let matches = close_matches(term, known.iter().copied());
    let suggestion = match matches.as_slice() {
        [] => String::new(),
        [only] => format!(": did you mean \"{only}\"?"),
        several => format!(": did you mean one of {}?", quoted(several)),
    };
    let message = format!(
        "{} is \"{term}\", which is not a {noun} in the vocabulary{suggestion}",
        display_name(pointer),
    );
    let help = format!(
        "use one of the {list} that {} defines: {}; or add the term there first",
        Layout::VOCABULARY,
        known.join(", ")
    );
    let diagnostic = Diagnostic::error(Code::UnknownTerm, path, message)
        .at_pointer(pointer)
        .with_help(help);
    Finding::from(diagnostic).related_at(
        Layout::VOCABULARY,
        &format!("/{list}"),
        format!("the {list} are defined here"),
    )
}

fn quoted(terms: &[&str]) -> String {
    terms
        .iter()
        .map(|term| format!("\"{term}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

/// duplicate-term: one vocabulary list defines the same id twice.
pub(crate) fn duplicate_term(vocabulary: &Vocabulary) -> Vec<Finding> {
    let mut findings = Vec::new();
    for (list, terms) in vocabulary.lists() {
        let mut first: HashMap<&str, usize> = HashMap::new();
        for (index, term) in terms.iter().enumerate() {
            let Some(&earlier) = first.get(term.id.as_str()) else {
                first.insert(&term.id, index);
                continue;
            };
            let diagnostic = Diagnostic::error(
                Code::DuplicateTerm,
                Layout::VOCABULARY,
                format!(
                    "the {} \"{}\" is defined twice in `{list}`",
                    term_noun(list),
                    term.id
                ),
            )
            .at_pointer(format!("/{list}/{index}/id"))
            .with_help("delete one of the two terms, or give this one another id");
            let finding = Finding::from(diagnostic).related_at(
                Layout::VOCABULARY,
                &format!("/{list}/{earlier}/id"),
                "the first definition",
            );
            findings.push(finding);
        }
    }
    findings
}

/// path-mismatch in the vocabulary: `gaps` cannot be a category, because
/// catalogue/gaps contains the gaps.
pub(crate) fn gaps_category(vocabulary: &Vocabulary) -> Vec<Finding> {
    vocabulary
        .categories
        .iter()
        .enumerate()
        .filter(|(_, term)| term.id == Layout::GAPS)
        .map(|(index, _)| {
            Diagnostic::error(
                Code::PathMismatch,
                Layout::VOCABULARY,
                "the category \"gaps\" would share its folder with the gaps in catalogue/gaps",
            )
            .at_pointer(format!("/categories/{index}/id"))
            .with_help("give the category another id")
            .into()
        })
        .collect()
}
