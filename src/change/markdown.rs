//! Markdown rendering of a change set in the Keep a Changelog layout, with all catalogue text escaped.

use std::fmt::Write;

use serde_json::Value;

use super::{
    BaselineChange, Change, ChangeSet, CommitRef, FieldChange, FieldDiff, RecordChange, Segment,
    SegmentKind,
};

/// The heading of a rendered section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Heading {
    /// `## [Unreleased]`.
    Unreleased,
    /// `## [0.2.0] - 2026-12-04`.
    Release {
        /// The version, without a `v`.
        version: String,
        /// The release date, `YYYY-MM-DD`.
        date: String,
    },
    /// No heading, for a pull request body or a page that has its own.
    None,
}

/// How to render markdown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkdownOptions {
    /// The level of the version heading (2 gives `##`); sections are one
    /// level below.
    pub heading_level: usize,
    /// Whether to break `@name` mentions and `#123` references in
    /// catalogue text, so a pull request body notifies no one and links
    /// no issue. Commit and pull request references that peerkit writes
    /// itself are kept.
    pub neutralise_references: bool,
    /// Whether to name the commits and pull requests of each change.
    pub commits: bool,
}

impl Default for MarkdownOptions {
    fn default() -> Self {
        MarkdownOptions {
            heading_level: 2,
            neutralise_references: false,
            commits: true,
        }
    }
}

/// Renders a change set as a Keep a Changelog section with the default
/// options.
pub fn render_markdown(changes: &ChangeSet, heading: &Heading) -> String {
    render_markdown_with(changes, heading, &MarkdownOptions::default())
}

/// Renders a change set as a Keep a Changelog section: the heading, a
/// call-out for baseline changes, a one-line summary, then the sections
/// Added, Changed, Deprecated and Removed.
pub fn render_markdown_with(
    changes: &ChangeSet,
    heading: &Heading,
    options: &MarkdownOptions,
) -> String {
    let renderer = Renderer { options };
    let mut out = String::new();
    renderer.heading(&mut out, heading);
    renderer.baseline_callout(&mut out, changes);
    renderer.summary(&mut out, changes);
    for (title, wanted) in SECTIONS {
        let items: Vec<&RecordChange> = changes
            .changes
            .iter()
            .filter(|change| wanted(&change.change))
            .collect();
        if items.is_empty() {
            continue;
        }
        let _ = writeln!(out, "{} {title}\n", "#".repeat(options.heading_level + 1));
        for item in items {
            renderer.item(&mut out, item);
        }
        out.push('\n');
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

type SectionFilter = fn(&Change) -> bool;

const SECTIONS: [(&str, SectionFilter); 4] = [
    ("Added", |change| matches!(change, Change::Added)),
    ("Changed", |change| matches!(change, Change::Changed)),
    ("Deprecated", |change| {
        matches!(change, Change::Deprecated { .. })
    }),
    ("Removed", |change| matches!(change, Change::Removed)),
];

struct Renderer<'a> {
    options: &'a MarkdownOptions,
}

impl Renderer<'_> {
    fn text(&self, text: &str) -> String {
        escape_markdown(text, self.options.neutralise_references)
    }

    fn heading(&self, out: &mut String, heading: &Heading) {
        let marks = "#".repeat(self.options.heading_level);
        match heading {
            Heading::Unreleased => {
                let _ = writeln!(out, "{marks} [Unreleased]\n");
            }
            Heading::Release { version, date } => {
                let _ = writeln!(
                    out,
                    "{marks} [{}] - {}\n",
                    self.text(version),
                    self.text(date)
                );
            }
            Heading::None => {}
        }
    }

    fn baseline_callout(&self, out: &mut String, changes: &ChangeSet) {
        let items: Vec<String> = changes
            .changes
            .iter()
            .filter_map(|change| {
                let baseline = change.baseline?;
                Some(format!(
                    "**{}** (`{}`) {}",
                    self.text(&change.title),
                    self.code(&change.id),
                    baseline_phrase(baseline)
                ))
            })
            .collect();
        if items.is_empty() {
            return;
        }
        let _ = writeln!(
            out,
            "> **Baseline changes**: projects that adopt the toolkit must check these."
        );
        for item in items {
            let _ = writeln!(out, "> - {item}");
        }
        out.push('\n');
    }

    fn summary(&self, out: &mut String, changes: &ChangeSet) {
        if changes.is_empty() {
            let _ = writeln!(out, "No content changes.\n");
            return;
        }
        let counts = changes.counts();
        let parts: Vec<String> = [
            (counts.added, "added"),
            (counts.changed, "changed"),
            (counts.deprecated, "deprecated"),
            (counts.removed, "removed"),
        ]
        .iter()
        .filter(|(count, _)| *count > 0)
        .map(|(count, name)| format!("{count} {name}"))
        .collect();
        let _ = writeln!(
            out,
            "{}. Highest class of change: **{}**.\n",
            parts.join(", "),
            changes.bump
        );
        for note in &changes.notes {
            let _ = writeln!(out, "- {}", self.text(note));
        }
        if !changes.notes.is_empty() {
            out.push('\n');
        }
    }

    fn item(&self, out: &mut String, change: &RecordChange) {
        let mut line = format!(
            "- **{}** (`{}`, {}, {})",
            self.text(&change.title),
            self.code(&change.id),
            change.kind.noun(),
            change.class
        );
        if change.draft {
            line.push_str(", draft");
        }
        if let Some(old_path) = &change.old_path {
            let _ = write!(
                line,
                ": moved from `{}` to `{}`",
                self.code(old_path),
                self.code(&change.path)
            );
        }
        if let Change::Deprecated { by, reason } = &change.change {
            if let Some(by) = by {
                let _ = write!(line, ": superseded by `{}`", self.code(by));
            }
            if let Some(reason) = reason {
                let _ = write!(line, ". Reason: {}", self.text(reason));
            }
        }
        if self.options.commits && !change.commits.is_empty() {
            let _ = write!(line, " — {}", commit_list(&change.commits));
        }
        let _ = writeln!(out, "{line}");
        for field in &change.fields {
            let _ = writeln!(out, "  - {}", self.field(field));
        }
    }

    fn field(&self, field: &FieldChange) -> String {
        let name = format!("`{}`", self.code(&field.field));
        match &field.diff {
            FieldDiff::Value { old, new } => {
                format!(
                    "{name}: {} → {}",
                    self.value(old.as_ref()),
                    self.value(new.as_ref())
                )
            }
            FieldDiff::Items { added, removed } => {
                let mut parts = Vec::new();
                if !added.is_empty() {
                    parts.push(format!("added {}", self.items(added)));
                }
                if !removed.is_empty() {
                    parts.push(format!("removed {}", self.items(removed)));
                }
                format!("{name}: {}", parts.join("; "))
            }
            FieldDiff::Reordered { order } => format!("{name}: reordered to {}", self.items(order)),
            FieldDiff::Words { segments } => format!("{name}: {}", self.words(segments)),
        }
    }

    fn items(&self, items: &[String]) -> String {
        items
            .iter()
            .map(|item| format!("“{}”", self.text(item)))
            .collect::<Vec<_>>()
            .join(", ")
    }

    fn value(&self, value: Option<&Value>) -> String {
        match value {
            None => "(none)".to_string(),
            Some(Value::String(text)) => format!("“{}”", self.text(text)),
            Some(other) => self.text(&other.to_string()),
        }
    }

    /// Renders a word diff: removed words struck through, added words in
    /// bold, with whitespace kept outside the markers so GitHub renders
    /// them.
    fn words(&self, segments: &[Segment]) -> String {
        let mut out = String::new();
        let mut previous = SegmentKind::Equal;
        for segment in segments {
            let marker = match segment.kind {
                SegmentKind::Equal => {
                    out.push_str(&self.text(&segment.text));
                    previous = SegmentKind::Equal;
                    continue;
                }
                SegmentKind::Removed => "~~",
                SegmentKind::Added => "**",
            };
            if previous != SegmentKind::Equal && !out.ends_with(' ') {
                out.push(' ');
            }
            let core = segment.text.trim();
            let lead = &segment.text[..segment.text.len() - segment.text.trim_start().len()];
            let trail = &segment.text[segment.text.trim_end().len()..];
            out.push_str(collapse(lead));
            if !core.is_empty() {
                let _ = write!(out, "{marker}{}{marker}", self.text(core));
            }
            out.push_str(collapse(trail));
            previous = segment.kind;
        }
        out
    }

    /// Text for inside a code span: backticks cannot be escaped there, so
    /// they become a similar quote mark.
    fn code(&self, text: &str) -> String {
        text.replace('`', "ʼ").replace(['\n', '\r'], " ")
    }
}

fn collapse(whitespace: &str) -> &str {
    if whitespace.is_empty() {
        ""
    } else {
        " "
    }
}

fn baseline_phrase(change: BaselineChange) -> &'static str {
    match change {
        BaselineChange::NewBaseline => "is a new baseline entry.",
        BaselineChange::NowBaseline => "is now baseline.",
        BaselineChange::Widened => {
            "is baseline for more projects: its condition was widened or removed."
        }
        BaselineChange::Narrowed => "is baseline for fewer projects: its condition was narrowed.",
        BaselineChange::NoLongerBaseline => "is no longer baseline.",
        BaselineChange::RemovedBaseline => "was baseline and is no longer in the standard.",
    }
}

fn commit_list(commits: &[CommitRef]) -> String {
    commits
        .iter()
        .map(|commit| match commit.pull_request {
            Some(number) => format!("{} (#{number})", commit.short),
            None => commit.short.clone(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Escapes text from the catalogue for inline markdown, so it shows as
/// written and cannot add markup: HTML-significant characters become
/// entities, markdown punctuation is backslash-escaped and line breaks
/// become spaces. With `neutralise_references`, a zero-width space after
/// `@` and `#` keeps GitHub from turning `@name` into a mention and `#12`
/// into a link.
pub fn escape_markdown(text: &str, neutralise_references: bool) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(character) = chars.next() {
        match character {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\r' | '\n' => {
                if !out.ends_with(' ') {
                    out.push(' ');
                }
            }
            '\\' | '`' | '*' | '_' | '[' | ']' | '~' | '|' | '!' | '#' => {
                out.push('\\');
                out.push(character);
            }
            _ => out.push(character),
        }
        let next_is_word = chars.peek().is_some_and(|next| next.is_alphanumeric());
        if neutralise_references && next_is_word && matches!(character, '@' | '#') {
            out.push_str("&#8203;");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape_markdown;

    #[test]
    fn escape_html_and_markup() {
        assert_eq!(
            escape_markdown("<b>x</b> & *y*", false),
            "&lt;b&gt;x&lt;/b&gt; &amp; \\*y\\*"
        );
        assert_eq!(
            escape_markdown("`code` [link](u)", false),
            "\\`code\\` \\[link\\](u)"
        );
    }

    #[test]
    fn escape_neutralises_references() {
        assert_eq!(
            escape_markdown("ask @alice about #12", true),
            "ask @&#8203;alice about \\#&#8203;12"
        );
        assert_eq!(escape_markdown("ask @alice", false), "ask @alice");
    }

    #[test]
    fn escape_joins_lines() {
        assert_eq!(escape_markdown("one\r\ntwo", false), "one two");
    }
}
