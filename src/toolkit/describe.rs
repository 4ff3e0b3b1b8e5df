//! Tool kit results in words, with the vocabulary's labels, for every
//! renderer (markdown, HTML, the site).

use super::{Applies, Dimension, MatchReason, Profile};
use crate::catalogue::{Term, Vocabulary};

/// Describes a profile in words with the vocabulary's labels, such as
/// "Role: Peer research associate. Intensity: any. ...".
pub fn describe_profile(profile: &Profile, vocabulary: &Vocabulary) -> String {
    Dimension::ALL
        .iter()
        .map(|dimension| {
            let values = profile.values(*dimension);
            let words = if values.is_empty() {
                "any".to_string()
            } else {
                let terms = vocabulary.list(dimension.list()).unwrap_or_default();
                values
                    .iter()
                    .map(|id| term_label(terms, id))
                    .collect::<Vec<_>>()
                    .join(" or ")
            };
            format!("{}: {words}.", dimension_label(*dimension))
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Describes why a record matched, such as "Matched role Peer research
/// associate; intensity Contract."
pub fn describe_reasons(reasons: &[MatchReason], vocabulary: &Vocabulary) -> String {
    if reasons.is_empty() {
        return "Matches every project: no filter chosen.".to_string();
    }
    let parts: Vec<String> = reasons
        .iter()
        .map(|reason| {
            let terms = vocabulary.list(reason.dimension.list()).unwrap_or_default();
            format!(
                "{} {}",
                dimension_label(reason.dimension).to_lowercase(),
                labels_plain(terms, &reason.terms)
            )
        })
        .collect();
    format!("Matched {}.", parts.join("; "))
}

/// The sentence that says whether a baseline requirement applies.
pub fn applies_sentence(applies: Applies) -> &'static str {
    match applies {
        Applies::Applies => "Applies to this project.",
        Applies::DoesNotApply => "Does not apply to this project.",
        Applies::Unknown => {
            "Check whether it applies: the profile leaves out what the condition depends on."
        }
    }
}

/// The label of a dimension as readers see it, such as "Readiness stage".
pub fn dimension_label(dimension: Dimension) -> &'static str {
    match dimension {
        Dimension::Role => "Role",
        Dimension::Intensity => "Intensity",
        Dimension::Readiness => "Readiness stage",
        Dimension::Obstacle => "Obstacle",
    }
}

fn labels_plain(terms: &[Term], ids: &[String]) -> String {
    ids.iter()
        .map(|id| term_label(terms, id))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The label of term `id`, or the id itself when `terms` lacks it.
pub fn term_label<'a>(terms: &'a [Term], id: &'a str) -> &'a str {
    terms
        .iter()
        .find(|term| term.id == id)
        .map_or(id, |term| term.label.as_str())
}
