//! Rules about the vocabulary and the terms that records use.

use std::collections::HashMap;

use super::Context;
use crate::catalogue::{Layout, Vocabulary};
use crate::check::finding::{close_matches, display_name, Finding};
use crate::report::{Code, Diagnostic};

/// One use of a term: where it is and which vocabulary list it belongs to.
struct TermUse<'a> {
    path: &'a str,
    pointer: String,
    term: &'a str,
    list: &'static str,
}

/// Collects the uses of `terms` under `pointer`, for vocabulary `list`.
fn uses<'a>(
    path: &'a str,
    pointer: &str,
    terms: &'a [String],
    list: &'static str,
) -> Vec<TermUse<'a>> {
    terms
        .iter()
        .enumerate()
        .map(|(index, term)| TermUse {
            path,
            pointer: format!("{pointer}/{index}"),
            term,
            list,
        })
        .collect()
}

fn term_uses<'a>(context: &Context<'a>) -> Vec<TermUse<'a>> {
    let mut found = Vec::new();
    for (path, entry) in &context.catalogue.entries {
        found.push(TermUse {
            path,
            pointer: "/category".to_string(),
            term: &entry.category,
            list: "categories",
        });
        found.extend(uses(path, "/fits/roles", &entry.fits.roles, "roles"));
        found.extend(uses(
            path,
            "/fits/intensities",
            &entry.fits.intensities,
            "intensities",
        ));
        found.extend(uses(
            path,
            "/fits/readiness",
            &entry.fits.readiness,
            "readiness",
        ));
        found.extend(uses(path, "/obstacles", &entry.obstacles, "obstacles"));
        found.extend(uses(path, "/providers", &entry.providers, "providers"));
        if let Some(condition) = &entry.baseline.condition {
            let base = "/baseline/condition";
            found.extend(uses(
                path,
                &format!("{base}/roles"),
                &condition.roles,
                "roles",
            ));
            found.extend(uses(
                path,
                &format!("{base}/intensities"),
                &condition.intensities,
                "intensities",
            ));
            found.extend(uses(
                path,
                &format!("{base}/readiness"),
                &condition.readiness,
                "readiness",
            ));
            found.extend(uses(
                path,
                &format!("{base}/obstacles"),
                &condition.obstacles,
                "obstacles",
            ));
        }
    }
    for (path, gap) in &context.catalogue.gaps {
        found.extend(uses(path, "/affects/roles", &gap.affects.roles, "roles"));
        found.extend(uses(
            path,
            "/affects/intensities",
            &gap.affects.intensities,
            "intensities",
        ));
        found.extend(uses(
            path,
            "/affects/readiness",
            &gap.affects.readiness,
            "readiness",
        ));
        found.extend(uses(path, "/categories", &gap.categories, "categories"));
        found.extend(uses(path, "/obstacles", &gap.obstacles, "obstacles"));
    }
    found
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

/// unknown-term: a record uses a term that its vocabulary list does not
/// define. Skipped when the vocabulary did not pass its own checks.
pub(crate) fn unknown_term(context: &Context<'_>) -> Vec<Finding> {
    let Some(vocabulary) = &context.catalogue.vocabulary else {
        return Vec::new();
    };
    term_uses(context)
        .into_iter()
        .filter(|usage| !vocabulary.has(usage.list, usage.term))
        .map(|usage| unknown(vocabulary, &usage))
        .collect()
}

fn unknown(vocabulary: &Vocabulary, usage: &TermUse<'_>) -> Finding {
    let known: Vec<&str> = vocabulary
        .list(usage.list)
        .unwrap_or_default()
        .iter()
        .map(|term| term.id.as_str())
        .collect();
    let noun = term_noun(usage.list);
    let matches = close_matches(usage.term, known.iter().copied());
    let suggestion = match matches.as_slice() {
        [] => String::new(),
        [only] => format!(": did you mean \"{only}\"?"),
        several => format!(": did you mean one of {}?", quoted(several)),
    };
    let message = format!(
        "{} is \"{}\", which is not a {noun} in the vocabulary{suggestion}",
        display_name(&usage.pointer),
        usage.term
    );
    let help = format!(
        "use one of the {} that {} defines: {}; or add the term there first",
        usage.list,
        Layout::VOCABULARY,
        known.join(", ")
    );
    let diagnostic = Diagnostic::error(Code::UnknownTerm, usage.path, message)
        .at_pointer(&usage.pointer)
        .with_help(help);
    Finding::from(diagnostic).related_at(
        Layout::VOCABULARY,
        &format!("/{}", usage.list),
        format!("the {} are defined here", usage.list),
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
pub(crate) fn duplicate_term(context: &Context<'_>) -> Vec<Finding> {
    let Some(vocabulary) = &context.catalogue.vocabulary else {
        return Vec::new();
    };
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
pub(crate) fn gaps_category(context: &Context<'_>) -> Vec<Finding> {
    let Some(vocabulary) = &context.catalogue.vocabulary else {
        return Vec::new();
    };
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
