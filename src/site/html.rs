//! HTML building blocks: escaping, the page layout and safe links.

use crate::catalogue::{Manifest, Term, Vocabulary};

/// The layout every page shares, with `{{name}}` slots.
const PAGE_TEMPLATE: &str = include_str!("assets/page.html");
/// The style sheet, inlined in every page so the site needs no other file.
const STYLE: &str = include_str!("assets/site.css");

/// The Content Security Policy of a page without script: nothing loads from
/// anywhere, so a page works from `file://` and cannot reach the network.
const CSP_STATIC: &str =
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";
/// The policy of a page with the inline page script.
const CSP_SCRIPT: &str = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

/// Escapes text for HTML element content and quoted attribute values.
pub fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for character in text.chars() {
        match character {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            _ => escaped.push(character),
        }
    }
    escaped
}

/// Returns `url` when it is an absolute `http` or `https` URL, because the
/// site links to no other kind. Callers show any other URL (such as
/// `javascript:`) as text.
pub fn safe_url(url: &str) -> Option<&str> {
    let lower = url.trim_start().to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://")).then_some(url)
}

/// Splits text on blank lines into escaped `<p>` elements.
pub fn paragraphs(text: &str) -> String {
    text.split("\n\n")
        .map(str::trim)
        .filter(|paragraph| !paragraph.is_empty())
        .map(|paragraph| format!("<p>{}</p>\n", escape(paragraph)))
        .collect()
}

/// Returns the label of term `id` in `terms`, or the id itself when it is
/// unknown.
pub fn label<'a>(terms: &'a [Term], id: &'a str) -> &'a str {
    terms
        .iter()
        .find(|term| term.id == id)
        .map_or(id, |term| term.label.as_str())
}

/// Returns the labels of `ids` joined with `separator`, escaped.
pub fn labels(terms: &[Term], ids: &[String], separator: &str) -> String {
    let words: Vec<&str> = ids.iter().map(|id| label(terms, id)).collect();
    escape(&words.join(separator))
}

/// The pages in the site's navigation: file name and link text.
pub const NAV: [(&str, &str); 6] = [
    ("index.html", "Supports"),
    ("toolkit.html", "My project's tool kit"),
    ("baseline.html", "Baseline requirements"),
    ("vocabulary.html", "Vocabulary"),
    ("changelog.html", "Changelog"),
    ("gaps/index.html", "Gaps"),
];

/// The parts of one page that fill the shared layout.
pub struct PageParts<'a> {
    /// The page's path relative to the site root, such as `entries/x.html`.
    pub path: &'a str,
    /// The page title, as text.
    pub title: &'a str,
    /// The content of `<main>`, as HTML.
    pub main: String,
    /// The inline scripts, as HTML; empty for a page without script.
    pub script: String,
}

/// Facts about the standard that every page shows.
pub struct SiteFacts<'a> {
    /// The manifest, when the catalogue has one.
    pub manifest: Option<&'a Manifest>,
    /// The vocabulary.
    pub vocabulary: &'a Vocabulary,
    /// The revision the site was built from, as shown to readers.
    pub revision: &'a str,
}

impl SiteFacts<'_> {
    /// Returns the standard's name.
    pub fn name(&self) -> &str {
        self.manifest
            .map_or("Peer Worker Support Toolkit", |manifest| {
                manifest.name.as_str()
            })
    }

    /// The version line shown beside the name.
    pub fn version(&self) -> String {
        match self.manifest {
            Some(manifest) => format!("version {}", manifest.version),
            None => "unversioned".to_string(),
        }
    }
}

/// Fills the layout for one page.
pub fn layout(facts: &SiteFacts<'_>, parts: PageParts<'_>) -> String {
    let root = "../".repeat(parts.path.matches('/').count());
    let nav: String = NAV
        .iter()
        .map(|(file, text)| {
            let current = if *file == parts.path {
                " aria-current=\"page\""
            } else {
                ""
            };
            format!("<li><a href=\"{root}{file}\"{current}>{text}</a></li>\n")
        })
        .collect();
    let csp = if parts.script.is_empty() {
        CSP_STATIC
    } else {
        CSP_SCRIPT
    };
    fill(
        PAGE_TEMPLATE,
        &[
            ("csp", csp.to_string()),
            ("title", escape(parts.title)),
            ("site", escape(facts.name())),
            ("style", STYLE.to_string()),
            ("root", root.clone()),
            ("version", escape(&facts.version())),
            ("nav", nav),
            ("main", parts.main),
            ("footer", footer(facts)),
            ("script", parts.script),
        ],
    )
}

/// The footer: the licence, the version and the revision.
fn footer(facts: &SiteFacts<'_>) -> String {
    let mut footer = String::from("<p>");
    footer.push_str(&escape(facts.name()));
    footer.push_str(", ");
    footer.push_str(&escape(&facts.version()));
    footer.push_str(", built from ");
    footer.push_str(&escape(facts.revision));
    footer.push('.');
    if let Some(manifest) = facts.manifest {
        footer.push_str(" Licence: ");
        footer.push_str(&link_or_text(&manifest.licence.url, &manifest.licence.id));
        footer.push('.');
    }
    footer.push_str("</p>\n");
    footer
}

/// Renders a link to `url` with `text`, or only the text when the URL is
/// unsafe.
pub fn link_or_text(url: &str, text: &str) -> String {
    match safe_url(url) {
        Some(url) => format!("<a href=\"{}\">{}</a>", escape(url), escape(text)),
        None => escape(text),
    }
}

/// Replaces each `{{name}}` slot of `template` in one pass, so a value that
/// itself contains `{{...}}` is never filled again.
fn fill(template: &str, values: &[(&str, String)]) -> String {
    let mut output = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        output.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else {
            output.push_str(&rest[start..]);
            return output;
        };
        let name = &after[..end];
        match values.iter().find(|(key, _)| *key == name) {
            Some((_, value)) => output.push_str(value),
            None => output.push_str(&rest[start..start + 2 + end + 2]),
        }
        rest = &after[end + 2..];
    }
    output.push_str(rest);
    output
}

/// Serialises `value` for a `<script type="application/json">` element:
/// `<`, `>` and `&` become `\u003c`, `\u003e` and `\u0026`, so no value can
/// close the element or open a comment.
pub fn script_json(value: &serde_json::Value) -> String {
    let text = value.to_string();
    let mut escaped = String::with_capacity(text.len());
    for character in text.chars() {
        match character {
            '<' => escaped.push_str("\\u003c"),
            '>' => escaped.push_str("\\u003e"),
            '&' => escaped.push_str("\\u0026"),
            '\u{2028}' => escaped.push_str("\\u2028"),
            '\u{2029}' => escaped.push_str("\\u2029"),
            _ => escaped.push(character),
        }
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_covers_markup_characters() {
        assert_eq!(
            escape("<script>alert('1')</script> & \"x\""),
            "&lt;script&gt;alert(&#39;1&#39;)&lt;/script&gt; &amp; &quot;x&quot;"
        );
    }

    #[test]
    fn safe_url_rejects_javascript() {
        assert_eq!(
            safe_url("https://example.org/a"),
            Some("https://example.org/a")
        );
        assert_eq!(safe_url("javascript:alert(1)"), None);
        assert_eq!(safe_url(" JAVASCRIPT:alert(1)"), None);
        assert_eq!(safe_url("data:text/html,x"), None);
    }

    /// Returns the colour that the stylesheet gives the custom property
    /// `--name`, as red, green and blue.
    fn style_colour(name: &str) -> [u8; 3] {
        let declaration = format!("--{name}: #");
        let start = STYLE.find(&declaration).expect(name) + declaration.len();
        let hex = &STYLE[start..start + 6];
        let channel = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).unwrap();
        [channel(0), channel(2), channel(4)]
    }

    /// Computes the WCAG 2 contrast ratio of two sRGB colours.
    fn contrast(a: [u8; 3], b: [u8; 3]) -> f64 {
        let luminance = |rgb: [u8; 3]| {
            let linear = |c: u8| {
                let c = f64::from(c) / 255.0;
                if c <= 0.04045 {
                    c / 12.92
                } else {
                    ((c + 0.055) / 1.055).powf(2.4)
                }
            };
            0.2126 * linear(rgb[0]) + 0.7152 * linear(rgb[1]) + 0.0722 * linear(rgb[2])
        };
        let (light, dark) = {
            let (x, y) = (luminance(a), luminance(b));
            (x.max(y), x.min(y))
        };
        (light + 0.05) / (dark + 0.05)
    }

    #[test]
    fn style_colours_are_readable() {
        // WCAG 2.2 sets 4.5:1 for body text (1.4.3, level AA) and 3:1 for
        // a focus indicator against the colours next to it (1.4.11, AA).
        for surface in ["background", "panel"] {
            for text in ["text", "muted", "link", "accent", "baseline"] {
                let ratio = contrast(style_colour(text), style_colour(surface));
                assert!(ratio >= 4.5, "{text} on {surface}: {ratio:.2}:1");
            }
            let ratio = contrast(style_colour("focus"), style_colour(surface));
            assert!(ratio >= 3.0, "focus outline on {surface}: {ratio:.2}:1");
        }
    }

    #[test]
    fn fill_is_single_pass() {
        let filled = fill(
            "<p>{{a}}</p><p>{{b}}</p>",
            &[("a", "{{b}}".to_string()), ("b", "x".to_string())],
        );
        assert_eq!(filled, "<p>{{b}}</p><p>x</p>");
    }

    #[test]
    fn script_json_cannot_close_element() {
        let value = serde_json::json!({"title": "</script><script>alert(1)</script>"});
        let text = script_json(&value);
        assert!(!text.contains('<'));
        assert!(text.contains("\\u003c/script\\u003e"));
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back, value);
    }
}
