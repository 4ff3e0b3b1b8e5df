//! The reference pages: the vocabulary and the changelog.

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd};

use super::html::{escape, layout, safe_url, PageParts, SiteFacts};

/// Renders `vocabulary.html`: every term list with its definitions.
pub fn vocabulary(facts: &SiteFacts<'_>) -> String {
    let mut main = String::from("<h1>Vocabulary</h1>\n<p class=\"lead\">The terms that entries, gaps and filters use. The id in brackets is what files, <code>peerkit select</code> and page addresses use.</p>\n");
    let headings = [
        ("roles", "Roles"),
        ("intensities", "Work intensities"),
        ("readiness", "Readiness stages"),
        ("categories", "Categories"),
        ("obstacles", "Obstacles"),
        ("providers", "Providers"),
    ];
    for (list, heading) in headings {
        let terms = facts.vocabulary.list(list).unwrap_or_default();
        main.push_str(&format!(
            "<section aria-labelledby=\"{list}\">\n<h2 id=\"{list}\">{heading}</h2>\n<dl>\n"
        ));
        for term in terms {
            main.push_str(&format!(
                "<dt id=\"{list}-{}\"><strong>{}</strong> ({})</dt>\n<dd>{}</dd>\n",
                escape(&term.id),
                escape(&term.label),
                escape(&term.id),
                escape(&term.definition)
            ));
        }
        main.push_str("</dl>\n</section>\n");
    }
    layout(
        facts,
        PageParts {
            path: "vocabulary.html",
            title: "Vocabulary",
            main,
            script: String::new(),
        },
    )
}

/// Renders `changelog.html` from the text of `CHANGELOG.md`, or a note when
/// the repository has none.
pub fn changelog(facts: &SiteFacts<'_>, markdown: Option<&str>) -> String {
    let main = match markdown {
        Some(text) => markdown_to_html(text),
        None => "<h1>Changelog</h1>\n<p>The repository has no CHANGELOG.md at this revision, so no release is recorded yet.</p>\n".to_string(),
    };
    layout(
        facts,
        PageParts {
            path: "changelog.html",
            title: "Changelog",
            main,
            script: String::new(),
        },
    )
}

/// Renders Markdown to HTML with no raw HTML passed through: raw HTML
/// becomes text, images become their alternative text (the site loads
/// nothing from outside), and a link whose target is not http(s), a
/// fragment or a relative path keeps its text but loses its target.
pub fn markdown_to_html(text: &str) -> String {
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let mut in_image = 0usize;
    let mut dropped_links = 0usize;
    let mut events = Vec::new();
    for event in Parser::new_ext(text, options) {
        match event {
            Event::Html(raw) | Event::InlineHtml(raw) => events.push(Event::Text(raw)),
            Event::Start(Tag::Image { .. }) => in_image += 1,
            Event::End(TagEnd::Image) => in_image = in_image.saturating_sub(1),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                if is_safe_target(&dest_url) {
                    events.push(Event::Start(Tag::Link {
                        link_type,
                        dest_url,
                        title,
                        id,
                    }));
                } else {
                    dropped_links += 1;
                    events.push(Event::Text(CowStr::Borrowed("")));
                }
            }
            Event::End(TagEnd::Link) if dropped_links > 0 => dropped_links -= 1,
            other if in_image > 0 => {
                if let Event::Text(alt) = other {
                    events.push(Event::Text(alt));
                }
            }
            other => events.push(other),
        }
    }
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    html
}

fn is_safe_target(target: &str) -> bool {
    if safe_url(target).is_some() || target.starts_with('#') {
        return true;
    }
    // A relative path has no scheme: no ':' before the first '/', '?' or '#'.
    let head = target.split(['/', '?', '#']).next().unwrap_or_default();
    !head.contains(':')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_raw_html_becomes_text() {
        let html = markdown_to_html(
            "# v1.0.0\n\n<script>alert(1)</script>\n\nA <img src=x onerror=alert(1)> b\n",
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<img"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
    }

    #[test]
    fn markdown_drops_javascript_links() {
        let html = markdown_to_html("[click](javascript:alert(1)) and [ok](https://example.org/)");
        assert!(!html.contains("javascript:"), "{html}");
        assert!(html.contains("click"), "{html}");
        assert!(html.contains("href=\"https://example.org/\""), "{html}");
    }

    #[test]
    fn markdown_images_become_alt_text() {
        let html = markdown_to_html("![a chart](https://example.org/x.png)");
        assert!(!html.contains("<img"), "{html}");
        assert!(html.contains("a chart"), "{html}");
    }
}
