//! One page per entry and per gap.

use super::cards::{badges, condition_line, practices};
use super::html::{escape, label, labels, layout, link_or_text, paragraphs, PageParts, SiteFacts};
use super::{Releases, SiteRecords};
use crate::catalogue::{Entry, Gap, GapStatus, Source, SourceKind, Status};

/// Renders `entries/<id>.html`.
pub fn entry_page(
    facts: &SiteFacts<'_>,
    records: &SiteRecords<'_>,
    releases: &Releases,
    entry: &Entry,
) -> String {
    let vocabulary = facts.vocabulary;
    let mut main = format!("<h1>{}{}</h1>\n", escape(&entry.title), badges(entry));
    main.push_str(&format!(
        "<p class=\"lead\">{}</p>\n",
        escape(&entry.summary)
    ));
    if entry.status == Status::Deprecated {
        main.push_str(&deprecation_note(records, entry));
    }
    main.push_str(&paragraphs(&entry.description));
    if entry.baseline.required {
        let scope = match entry.baseline.condition {
            Some(_) => "Every project to which the condition below applies must have this support.",
            None => "Every project must have this support.",
        };
        main.push_str(&format!("<h2>Baseline requirement</h2>\n<p>{scope}</p>\n"));
        main.push_str(&condition_line(entry));
    }

    main.push_str("<h2>Who it fits</h2>\n<dl class=\"facts\">\n");
    let facts_rows = [
        (
            "Category",
            escape(label(&vocabulary.categories, &entry.category)),
        ),
        ("Roles", labels(&vocabulary.roles, &entry.fits.roles, ", ")),
        (
            "Intensities",
            labels(&vocabulary.intensities, &entry.fits.intensities, ", "),
        ),
        (
            "Readiness stages",
            labels(&vocabulary.readiness, &entry.fits.readiness, ", "),
        ),
        (
            "Obstacles",
            none_if_empty(labels(&vocabulary.obstacles, &entry.obstacles, ", ")),
        ),
        (
            "Provided by",
            none_if_empty(labels(&vocabulary.providers, &entry.providers, ", ")),
        ),
        ("Status", escape(entry.status.as_str())),
    ];
    push_rows(&mut main, &facts_rows);
    push_rows(
        &mut main,
        &release_rows(releases, &entry.id, &entry.last_reviewed),
    );
    main.push_str("</dl>\n");

    if !entry.practices.is_empty() {
        main.push_str("<h2>Practices</h2>\n");
        main.push_str(&practices(entry));
    }
    if let Some(adapted) = &entry.adapted_from {
        main.push_str(&format!(
            "<h2>Adapted from</h2>\n<p>{}</p>\n{}",
            escape(&adapted.model),
            paragraphs(&adapted.changes)
        ));
    }
    main.push_str(&sources_section(&entry.sources));
    main.push_str(&related_section(records, &entry.related));
    let path = format!("entries/{}.html", entry.id);
    layout(
        facts,
        PageParts {
            path: &path,
            title: &entry.title,
            main,
            script: String::new(),
        },
    )
}

/// Renders `gaps/<id>.html`.
pub fn gap_page(
    facts: &SiteFacts<'_>,
    records: &SiteRecords<'_>,
    releases: &Releases,
    gap: &Gap,
) -> String {
    let vocabulary = facts.vocabulary;
    let status = match gap.status {
        GapStatus::Open => "Open gap",
        GapStatus::Addressed => "Addressed gap",
    };
    let mut main = format!(
        "<h1>{} <span class=\"badge badge-proposed\">{status}</span></h1>\n",
        escape(&gap.title)
    );
    main.push_str("<h2>The need</h2>\n");
    main.push_str(&paragraphs(&gap.need));
    main.push_str("<h2>Whom it affects</h2>\n<dl class=\"facts\">\n");
    let rows = [
        (
            "Categories",
            labels(&vocabulary.categories, &gap.categories, ", "),
        ),
        ("Roles", labels(&vocabulary.roles, &gap.affects.roles, ", ")),
        (
            "Intensities",
            labels(&vocabulary.intensities, &gap.affects.intensities, ", "),
        ),
        (
            "Readiness stages",
            labels(&vocabulary.readiness, &gap.affects.readiness, ", "),
        ),
        (
            "Obstacles",
            none_if_empty(labels(&vocabulary.obstacles, &gap.obstacles, ", ")),
        ),
    ];
    push_rows(&mut main, &rows);
    push_rows(
        &mut main,
        &release_rows(releases, &gap.id, &gap.last_reviewed),
    );
    main.push_str("</dl>\n");
    if !gap.addressed_by.is_empty() {
        main.push_str("<h2>Addressed by</h2>\n");
        main.push_str(&links_list(records, &gap.addressed_by, "../"));
    }
    main.push_str(&sources_section(&gap.sources));
    main.push_str(&related_section(records, &gap.related));
    let path = format!("gaps/{}.html", gap.id);
    layout(
        facts,
        PageParts {
            path: &path,
            title: &gap.title,
            main,
            script: String::new(),
        },
    )
}

fn deprecation_note(records: &SiteRecords<'_>, entry: &Entry) -> String {
    let mut note = String::from("<p><strong>Deprecated:</strong> no longer recommended.");
    if let Some(reason) = &entry.deprecation_reason {
        note.push(' ');
        note.push_str(&escape(reason));
    }
    if let Some(successor) = &entry.superseded_by {
        note.push_str(" Use instead: ");
        note.push_str(&record_link(records, successor, "../"));
        note.push('.');
    }
    note.push_str("</p>\n");
    note
}

fn release_rows(releases: &Releases, id: &str, last_reviewed: &str) -> [(&'static str, String); 3] {
    let record = releases.get(id);
    let added = record.and_then(|record| record.added_in.as_deref());
    let changed = record.and_then(|record| record.changed_in.as_deref());
    [
        ("Added in", escape(added.unwrap_or("not yet released"))),
        (
            "Last changed in",
            escape(changed.unwrap_or("not yet released")),
        ),
        ("Last reviewed", escape(last_reviewed)),
    ]
}

fn push_rows(html: &mut String, rows: &[(&str, String)]) {
    for (term, value) in rows {
        html.push_str(&format!("<dt>{term}</dt>\n<dd>{value}</dd>\n"));
    }
}

fn none_if_empty(text: String) -> String {
    if text.is_empty() {
        "none named".to_string()
    } else {
        text
    }
}

fn sources_section(sources: &[Source]) -> String {
    if sources.is_empty() {
        return "<h2>Sources</h2>\n<p>No source listed yet.</p>\n".to_string();
    }
    let mut section = String::from("<h2>Sources</h2>\n<ul>\n");
    for source in sources {
        let title = match &source.url {
            Some(url) => link_or_text(url, &source.title),
            None => escape(&source.title),
        };
        let kind = match source.kind {
            SourceKind::Guideline => "guideline",
            SourceKind::Study => "study",
            SourceKind::FocusGroup => "focus group",
            SourceKind::Practice => "documented practice",
        };
        section.push_str(&format!("<li>{title} ({kind})</li>\n"));
    }
    section.push_str("</ul>\n");
    section
}

fn related_section(records: &SiteRecords<'_>, related: &[String]) -> String {
    if related.is_empty() {
        return String::new();
    }
    format!("<h2>Related</h2>\n{}", links_list(records, related, "../"))
}

fn links_list(records: &SiteRecords<'_>, ids: &[String], root: &str) -> String {
    let items: String = ids
        .iter()
        .map(|id| format!("<li>{}</li>\n", record_link(records, id, root)))
        .collect();
    format!("<ul>\n{items}</ul>\n")
}

/// Renders a link to the page of the entry or gap `id`, or the id as text
/// when the site has no page for it (a draft, or an id the catalogue lacks).
fn record_link(records: &SiteRecords<'_>, id: &str, root: &str) -> String {
    if let Some(entry) = records.paged_entry(id) {
        return format!(
            "<a href=\"{root}entries/{}.html\">{}</a>",
            escape(&entry.id),
            escape(&entry.title)
        );
    }
    if let Some(gap) = records.gaps.iter().find(|gap| gap.id == id) {
        return format!(
            "<a href=\"{root}gaps/{}.html\">{}</a> (gap)",
            escape(&gap.id),
            escape(&gap.title)
        );
    }
    escape(id)
}
