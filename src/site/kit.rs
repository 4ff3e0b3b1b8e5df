//! The tool kit of one profile as a standalone, printable HTML document:
//! the output of `peerkit select --format html`.

use super::cards::{badges, condition_line, practices};
use super::html::{escape, label, layout, PageParts, SiteFacts};
use super::SiteError;
use crate::catalogue::Catalogue;
use crate::toolkit::{applies_sentence, describe_profile, describe_reasons, Applies, Toolkit};

/// Renders `toolkit` as one HTML page with no script and nothing loaded
/// from elsewhere.
///
/// # Errors
///
/// [`SiteError::MissingVocabulary`] when the catalogue has none.
pub fn toolkit_document(toolkit: &Toolkit<'_>, catalogue: &Catalogue) -> Result<String, SiteError> {
    let vocabulary = catalogue
        .vocabulary
        .as_ref()
        .ok_or(SiteError::MissingVocabulary)?;
    let facts = SiteFacts {
        manifest: catalogue.manifest.as_ref(),
        vocabulary,
        revision: "the catalogue given to peerkit select",
    };

    let mut main = String::from("<h1>Tool kit for your project</h1>\n");
    main.push_str(&format!(
        "<h2>Your project</h2>\n<p>{}</p>\n",
        escape(&describe_profile(&toolkit.profile, vocabulary))
    ));

    main.push_str("<h2>Baseline requirements</h2>\n<p>Every project must meet these, whatever its profile. A requirement with a condition holds where the condition applies.</p>\n<ul class=\"cards\">\n");
    for item in &toolkit.baseline {
        let entry = item.entry;
        main.push_str(&format!(
            "<li class=\"card baseline-card\" data-baseline=\"{}\" data-applies=\"{}\">\n<h3>{}{}</h3>\n<p>{}</p>\n{}{}{}</li>\n",
            escape(&entry.id),
            applies_id(item.applies),
            escape(&entry.title),
            badges(entry),
            escape(&entry.summary),
            condition_line(entry),
            applies_line(entry, item.applies),
            practices(entry)
        ));
    }
    main.push_str("</ul>\n");

    main.push_str("<h2>Supports that fit your project</h2>\n");
    if toolkit.categories.is_empty() {
        main.push_str("<p>No support beyond the baseline matches this profile yet.</p>\n");
    }
    for group in &toolkit.categories {
        main.push_str(&format!(
            "<h3>{}</h3>\n<ul class=\"cards\">\n",
            escape(label(&vocabulary.categories, &group.id))
        ));
        for found in &group.entries {
            let entry = found.entry;
            main.push_str(&format!(
                "<li class=\"card\" data-entry=\"{}\">\n<h4>{}{}</h4>\n<p>{}</p>\n<p class=\"why\">{}</p>\n{}</li>\n",
                escape(&entry.id),
                escape(&entry.title),
                badges(entry),
                escape(&entry.summary),
                escape(&describe_reasons(&found.reasons, vocabulary)),
                practices(entry)
            ));
        }
        main.push_str("</ul>\n");
    }

    main.push_str("<h2>Open gaps</h2>\n");
    if toolkit.gaps.is_empty() {
        main.push_str("<p>No open gap affects this profile.</p>\n");
    } else {
        main.push_str("<p>Needs that affect projects like this one and that no tested support meets yet.</p>\n<ul class=\"cards\">\n");
        for found in &toolkit.gaps {
            main.push_str(&format!(
                "<li class=\"card\" data-gap=\"{}\">\n<h3>{}</h3>\n<p>{}</p>\n<p class=\"why\">{}</p>\n</li>\n",
                escape(&found.gap.id),
                escape(&found.gap.title),
                escape(&found.gap.need),
                escape(&describe_reasons(&found.reasons, vocabulary))
            ));
        }
        main.push_str("</ul>\n");
    }

    let html = layout(
        &facts,
        PageParts {
            path: "toolkit.html",
            title: "Tool kit for your project",
            main,
            script: String::new(),
        },
    );
    Ok(without_site_links(html))
}

/// The verdict on a baseline condition, or nothing for a requirement
/// without one, whose condition line already states that it applies to every
/// project.
fn applies_line(entry: &crate::catalogue::Entry, applies: Applies) -> String {
    match entry.baseline.condition {
        Some(_) => format!("<p class=\"applies\">{}</p>\n", applies_sentence(applies)),
        None => String::new(),
    }
}

fn applies_id(applies: Applies) -> &'static str {
    match applies {
        Applies::Applies => "applies",
        Applies::DoesNotApply => "does-not-apply",
        Applies::Unknown => "unknown",
    }
}

/// Removes the site navigation and the link on the site name, which lead
/// nowhere in a document that stands alone.
fn without_site_links(html: String) -> String {
    let mut html = html.replacen(
        "<p class=\"site-name\"><a href=\"index.html\">",
        "<p class=\"site-name\">",
        1,
    );
    html = html.replacen(
        "</a> <span class=\"version\">",
        " <span class=\"version\">",
        1,
    );
    let (Some(start), Some(end)) = (html.find("<nav"), html.find("</nav>")) else {
        return html;
    };
    html.replace_range(start..end + "</nav>".len(), "");
    html
}
