//! The pages that list the catalogue: index, tool kit, baseline and gaps.

use super::cards::{entry_card, gap_card, CardKind};
use super::html::{escape, label, layout, script_json, PageParts, SiteFacts};
use super::SiteRecords;
use crate::catalogue::{GapStatus, Term};

/// The page script, inlined in the pages that filter.
const SCRIPT: &str = include_str!("assets/site.js");

/// The set of filters a form offers.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Filters {
    /// Role, intensity, readiness, obstacle and category.
    WithCategory,
    /// Role, intensity, readiness and obstacle: a profile.
    Profile,
}

/// Renders `index.html`: every support, filtered in the browser.
pub fn index(facts: &SiteFacts<'_>, records: &SiteRecords<'_>) -> String {
    let mut main = String::from("<h1>Supports for peer workers</h1>\n");
    main.push_str("<p class=\"lead\">Supports for peer workers living with HIV, by category. Choose filters to see the supports that fit a project; the baseline requirements always stay, because every project must meet them. The filters are kept in the page address, so a filtered view can be bookmarked and shared.</p>\n");
    main.push_str(&filter_form(facts, Filters::WithCategory));
    main.push_str(&baseline_section(facts, records, CardKind::Baseline));
    main.push_str(&supports_section(
        facts,
        records,
        CardKind::Browse,
        "Supports by category",
    ));
    main.push_str(&gaps_section(facts, records));
    main.push_str(&data_block(records));
    layout(
        facts,
        PageParts {
            path: "index.html",
            title: "Supports",
            main,
            script: script_block(),
        },
    )
}

/// Renders `toolkit.html`: the tool kit of `peerkit select` for the chosen
/// filters, made to print.
pub fn toolkit(facts: &SiteFacts<'_>, records: &SiteRecords<'_>) -> String {
    let mut main = String::from("<h1>My project's tool kit</h1>\n");
    main.push_str("<p class=\"lead no-print\">Describe your project to get its tool kit: the baseline requirements with whether each applies, the supports that fit, and the open gaps where no tested support exists yet. It is the same result as <code>peerkit select</code>, and it prints as a document for a planning meeting.</p>\n");
    main.push_str(&filter_form(facts, Filters::Profile));
    main.push_str("<section aria-labelledby=\"profile-title\">\n<h2 id=\"profile-title\">Your project</h2>\n<p data-profile-summary>Role: any. Intensity: any. Readiness stage: any. Obstacle: any.</p>\n</section>\n");
    main.push_str(&baseline_section(facts, records, CardKind::KitBaseline));
    main.push_str(&supports_section(
        facts,
        records,
        CardKind::Kit,
        "Supports that fit your project",
    ));
    main.push_str(&gaps_section(facts, records));
    main.push_str(&data_block(records));
    layout(
        facts,
        PageParts {
            path: "toolkit.html",
            title: "My project's tool kit",
            main,
            script: script_block(),
        },
    )
}

/// Renders `baseline.html`: every baseline requirement and its condition.
pub fn baseline(facts: &SiteFacts<'_>, records: &SiteRecords<'_>) -> String {
    let mut main = String::from("<h1>Baseline requirements</h1>\n");
    main.push_str("<p class=\"lead\">Every project must meet these basic support requirements, whatever its roles, intensity or readiness. Some hold only under a condition, stated with each.</p>\n<ul class=\"cards\">\n");
    for entry in records.baseline() {
        main.push_str(&entry_card(
            entry,
            facts.vocabulary,
            CardKind::BaselinePage,
            2,
            "",
        ));
    }
    main.push_str("</ul>\n");
    layout(
        facts,
        PageParts {
            path: "baseline.html",
            title: "Baseline requirements",
            main,
            script: String::new(),
        },
    )
}

/// Renders `gaps/index.html`: every gap, open ones first.
pub fn gaps_index(facts: &SiteFacts<'_>, records: &SiteRecords<'_>) -> String {
    let mut main = String::from("<h1>Gaps</h1>\n");
    main.push_str("<p class=\"lead\">Needs that peer workers named and that no tested support meets yet. They show where new supports are needed.</p>\n");
    for (status, heading) in [
        (GapStatus::Open, "Open gaps"),
        (GapStatus::Addressed, "Addressed gaps"),
    ] {
        let gaps: Vec<_> = records
            .gaps
            .iter()
            .filter(|gap| gap.status == status)
            .collect();
        main.push_str(&format!("<h2>{heading}</h2>\n"));
        if gaps.is_empty() {
            main.push_str("<p>None.</p>\n");
            continue;
        }
        main.push_str("<ul class=\"cards\">\n");
        for gap in gaps {
            main.push_str(&gap_card(gap, facts.vocabulary, 3, "../"));
        }
        main.push_str("</ul>\n");
    }
    layout(
        facts,
        PageParts {
            path: "gaps/index.html",
            title: "Gaps",
            main,
            script: String::new(),
        },
    )
}

fn filter_form(facts: &SiteFacts<'_>, filters: Filters) -> String {
    let vocabulary = facts.vocabulary;
    let mut lists: Vec<(&str, &str, &[Term])> = vec![
        ("role", "Role", &vocabulary.roles),
        ("intensity", "Intensity", &vocabulary.intensities),
        ("readiness", "Readiness stage", &vocabulary.readiness),
        ("obstacle", "Obstacle", &vocabulary.obstacles),
    ];
    if filters == Filters::WithCategory {
        lists.push(("category", "Category", &vocabulary.categories));
    }

    let mut form = String::from("<form class=\"filters\" data-filters aria-labelledby=\"filters-title\">\n<h2 id=\"filters-title\">Filters</h2>\n<p>Any value within one filter may match; a support must match every filter you use. A filter left empty does not filter.</p>\n");
    for (name, legend, terms) in lists {
        form.push_str(&format!("<fieldset>\n<legend>{legend}</legend>\n<ul>\n"));
        for term in terms {
            let id = format!("filter-{name}-{}", term.id);
            form.push_str(&format!(
                "<li><input type=\"checkbox\" id=\"{}\" name=\"{name}\" value=\"{}\"><label for=\"{}\" title=\"{}\">{}</label></li>\n",
                escape(&id),
                escape(&term.id),
                escape(&id),
                escape(&term.definition),
                escape(&term.label)
            ));
        }
        form.push_str("</ul>\n</fieldset>\n");
    }
    form.push_str("<button type=\"reset\">Clear filters</button>\n");
    if filters == Filters::Profile {
        form.push_str(" <button type=\"button\" data-print>Print the tool kit</button>\n");
    }
    form.push_str("<p class=\"filter-status\" role=\"status\" aria-live=\"polite\" data-filter-status></p>\n</form>\n");
    form
}

fn baseline_section(facts: &SiteFacts<'_>, records: &SiteRecords<'_>, kind: CardKind) -> String {
    let list_class = if kind == CardKind::Baseline {
        "cards compact"
    } else {
        "cards"
    };
    let mut section = format!("<section aria-labelledby=\"baseline-title\">\n<h2 id=\"baseline-title\">Baseline requirements</h2>\n<p>Every project must meet these, whatever the filters. A requirement with a condition holds where the condition applies.</p>\n<ul class=\"{list_class}\">\n");
    for entry in records.baseline() {
        section.push_str(&entry_card(entry, facts.vocabulary, kind, 3, ""));
    }
    section.push_str("</ul>\n</section>\n");
    section
}

fn supports_section(
    facts: &SiteFacts<'_>,
    records: &SiteRecords<'_>,
    kind: CardKind,
    heading: &str,
) -> String {
    let mut section = format!("<section aria-labelledby=\"supports-title\">\n<h2 id=\"supports-title\">{heading}</h2>\n<div id=\"supports-list\">\n");
    for (category, entries) in records.by_category() {
        let id = escape(&format!("category-{category}"));
        section.push_str(&format!(
            "<section data-group id=\"{id}\" aria-labelledby=\"{id}-title\">\n<h3 id=\"{id}-title\">{}</h3>\n<ul class=\"cards\">\n",
            escape(label(&facts.vocabulary.categories, category))
        ));
        for entry in entries {
            section.push_str(&entry_card(entry, facts.vocabulary, kind, 4, ""));
        }
        section.push_str("</ul>\n</section>\n");
    }
    section.push_str("</div>\n<p data-empty-for=\"supports-list\" hidden>No support matches these filters yet. The baseline requirements above still apply.</p>\n</section>\n");
    section
}

fn gaps_section(facts: &SiteFacts<'_>, records: &SiteRecords<'_>) -> String {
    let mut section = String::from("<section aria-labelledby=\"gaps-title\">\n<h2 id=\"gaps-title\">Open gaps</h2>\n<p>Needs that affect projects like this one and that no tested support meets yet.</p>\n<ul class=\"cards\" id=\"gaps-list\">\n");
    for gap in records
        .gaps
        .iter()
        .filter(|gap| gap.status == GapStatus::Open)
    {
        section.push_str(&gap_card(gap, facts.vocabulary, 3, ""));
    }
    section.push_str("</ul>\n<p data-empty-for=\"gaps-list\" hidden>No open gap affects these filters.</p>\n</section>\n");
    section
}

fn data_block(records: &SiteRecords<'_>) -> String {
    format!(
        "<script type=\"application/json\" id=\"peerkit-data\">{}</script>\n",
        script_json(&records.data())
    )
}

fn script_block() -> String {
    format!("<script>\n{SCRIPT}</script>\n")
}
