//! The cards that list entries and gaps on the index, tool kit and
//! baseline pages.

use super::html::{escape, label, labels, paragraphs};
use crate::catalogue::{Entry, Gap, Status, Vocabulary};

/// What a card shows beyond the title and summary.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum CardKind {
    /// On the index: what the entry fits; filtered by the script.
    Browse,
    /// A baseline requirement in a compact list: its category and
    /// condition; never filtered.
    Baseline,
    /// A baseline requirement on its own page: summary, category, condition
    /// and practices.
    BaselinePage,
    /// A baseline requirement on the tool kit page: its condition, a slot
    /// for whether it applies, and the practices.
    KitBaseline,
    /// A support on the tool kit page: a slot for why it matched and the
    /// practices; filtered by the script.
    Kit,
}

/// Renders one entry card with its heading at `level`, linking from a page
/// at `root` (such as `""` or `"../"`).
pub fn entry_card(
    entry: &Entry,
    vocabulary: &Vocabulary,
    kind: CardKind,
    level: u8,
    root: &str,
) -> String {
    let baseline = matches!(
        kind,
        CardKind::Baseline | CardKind::BaselinePage | CardKind::KitBaseline
    );
    let id = escape(&entry.id);
    let mut card = if baseline {
        format!("<li class=\"card baseline-card\" data-baseline=\"{id}\">\n")
    } else {
        format!("<li class=\"card\" data-entry=\"{id}\">\n")
    };

    card.push_str(&format!(
        "<h{level}><a href=\"{root}entries/{id}.html\">{}</a>{}</h{level}>\n",
        escape(&entry.title),
        badges(entry)
    ));
    if kind != CardKind::Baseline {
        card.push_str(&format!("<p>{}</p>\n", escape(&entry.summary)));
    }
    if kind != CardKind::Kit {
        card.push_str(&format!(
            "<p class=\"meta\">Category: {}</p>\n",
            escape(label(&vocabulary.categories, &entry.category))
        ));
    }
    if baseline {
        card.push_str(&condition_line(entry));
    }
    match kind {
        CardKind::Browse => card.push_str(&fits_line(entry, vocabulary)),
        CardKind::Baseline => {}
        CardKind::BaselinePage => card.push_str(&practices(entry)),
        CardKind::KitBaseline => {
            // The script fills in the verdict on a condition. A requirement
            // without one gets no slot, because its condition line states that it applies.
            if entry.baseline.condition.is_some() {
                card.push_str("<p class=\"applies\"></p>\n");
            }
            card.push_str(&practices(entry));
        }
        CardKind::Kit => {
            card.push_str("<p class=\"why\"></p>\n");
            card.push_str(&practices(entry));
        }
    }
    card.push_str("</li>\n");
    card
}

/// Renders one gap card with its heading at `level`.
pub fn gap_card(gap: &Gap, vocabulary: &Vocabulary, level: u8, root: &str) -> String {
    let id = escape(&gap.id);
    let mut card = format!("<li class=\"card\" data-gap=\"{id}\">\n");
    card.push_str(&format!(
        "<h{level}><a href=\"{root}gaps/{id}.html\">{}</a></h{level}>\n",
        escape(&gap.title)
    ));
    card.push_str(&paragraphs(&gap.need));
    card.push_str(&format!(
        "<p class=\"meta\">Affects: {}; {}; readiness {}. Categories: {}.</p>\n",
        labels(&vocabulary.roles, &gap.affects.roles, ", "),
        labels(&vocabulary.intensities, &gap.affects.intensities, ", "),
        labels(&vocabulary.readiness, &gap.affects.readiness, ", "),
        labels(&vocabulary.categories, &gap.categories, ", ")
    ));
    card.push_str("<p class=\"why\"></p>\n");
    card.push_str("</li>\n");
    card
}

/// The badges after an entry's title: baseline and any status but adopted.
pub fn badges(entry: &Entry) -> String {
    let mut badges = String::new();
    if entry.baseline.required {
        badges.push_str(" <span class=\"badge badge-baseline\">Baseline</span>");
    }
    match entry.status {
        Status::Adopted => {}
        Status::Proposed => {
            badges.push_str(" <span class=\"badge badge-proposed\">Proposed</span>")
        }
        Status::Draft => badges.push_str(" <span class=\"badge badge-draft\">Draft</span>"),
        Status::Deprecated => {
            badges.push_str(" <span class=\"badge badge-deprecated\">Deprecated</span>")
        }
    }
    badges
}

/// The line that states a baseline requirement's condition.
pub fn condition_line(entry: &Entry) -> String {
    match &entry.baseline.condition {
        Some(condition) => format!(
            "<p class=\"condition\">Condition: {}</p>\n",
            escape(&condition.text)
        ),
        None => "<p class=\"condition\">Applies to every project.</p>\n".to_string(),
    }
}

/// The entry's practices as a list, or nothing when it has none.
pub fn practices(entry: &Entry) -> String {
    if entry.practices.is_empty() {
        return String::new();
    }
    let items: String = entry
        .practices
        .iter()
        .map(|practice| format!("<li>{}</li>\n", escape(practice)))
        .collect();
    format!("<ul class=\"practices\">\n{items}</ul>\n")
}

fn fits_line(entry: &Entry, vocabulary: &Vocabulary) -> String {
    let mut line = format!(
        "<p class=\"meta\">Fits: {}; {}; readiness {}",
        labels(&vocabulary.roles, &entry.fits.roles, ", "),
        labels(&vocabulary.intensities, &entry.fits.intensities, ", "),
        labels(&vocabulary.readiness, &entry.fits.readiness, ", ")
    );
    if !entry.obstacles.is_empty() {
        line.push_str(&format!(
            ". Obstacles: {}",
            labels(&vocabulary.obstacles, &entry.obstacles, ", ")
        ));
    }
    line.push_str(".</p>\n");
    line
}
