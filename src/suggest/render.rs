//! The texts a suggestion produces: pull request title and body, commit
//! message, the comment on an invalid suggestion, and the dry-run diff.
//! Every piece of suggestion text is neutralised on the way in.

use std::collections::BTreeMap;

use super::apply::Files;
use super::form::Problem;
use super::model::{NewRecord, Proposal, Suggestion};
use super::untrusted;
use crate::catalogue::SourceFile;
use crate::change::{self, Heading, MarkdownOptions};

/// The hidden marker that finds peerkit's own comment on an issue.
pub const COMMENT_MARKER: &str = "<!-- peerkit-suggestion -->";

/// The source of a suggestion.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin<'a> {
    /// Issue number.
    Issue(u64),
    /// A file, by the suggestion's id.
    File(&'a str),
}

impl Origin<'_> {
    /// The value of the `Suggestion:` trailer: `#42` or the id.
    pub fn trailer(&self) -> String {
        match self {
            Origin::Issue(number) => format!("#{number}"),
            Origin::File(id) => id.to_string(),
        }
    }
}

/// The title of the pull request and the commit's subject line.
pub fn title(suggestion: &Suggestion) -> String {
    let text = match &suggestion.proposal {
        Proposal::Add(NewRecord::Entry(entry)) => {
            format!("Add entry {}: {}", entry.id, entry.title)
        }
        Proposal::Add(NewRecord::Gap(gap)) => format!("Add gap {}: {}", gap.id, gap.title),
        Proposal::Change { target, .. } => format!("Change {target}"),
        Proposal::Deprecate { target, .. } => format!("Deprecate {target}"),
    };
    untrusted::one_line(&text, 120)
}

/// The commit message: subject, rationale, and the trailers.
pub fn commit_message(suggestion: &Suggestion, origin: Origin<'_>) -> String {
    let mut message = format!(
        "{}\n\n{}\n\n",
        title(suggestion),
        untrusted::plain(suggestion.rationale.trim())
    );
    message.push_str(&format!("Suggestion: {}\n", origin.trailer()));
    if let Some(credit) = credit(suggestion) {
        message.push_str(&format!("Suggested-by: {credit}\n"));
    }
    message
}

fn credit(suggestion: &Suggestion) -> Option<String> {
    suggestion
        .credit
        .as_deref()
        .map(|name| untrusted::one_line(name, 100))
        .filter(|name| !name.is_empty())
}

/// Renders the change as the changelog does, from the changed files.
pub fn change_summary(base: &Files, changes: &BTreeMap<String, Option<Vec<u8>>>) -> String {
    let old: Vec<SourceFile> = changes
        .keys()
        .filter_map(|path| {
            base.get(path)
                .map(|bytes| SourceFile::new(path.clone(), bytes.clone()))
        })
        .collect();
    let new: Vec<SourceFile> = changes
        .iter()
        .filter_map(|(path, bytes)| {
            bytes
                .as_ref()
                .map(|bytes| SourceFile::new(path.clone(), bytes.clone()))
        })
        .collect();
    let options = MarkdownOptions {
        heading_level: 2,
        neutralise_references: true,
        commits: false,
    };
    match change::compare(&old, &new, None) {
        Ok(set) => change::render_markdown_with(&set, &Heading::None, &options),
        Err(error) => format!(
            "The change could not be summarised: {}",
            untrusted::markdown(&error.to_string())
        ),
    }
}

/// The pull request body.
pub fn pull_body(
    suggestion: &Suggestion,
    origin: Origin<'_>,
    summary: &str,
    validation: &str,
) -> String {
    let mut body = String::new();
    body.push_str(COMMENT_MARKER);
    body.push_str("\n## Suggestion\n\n");
    body.push_str(&untrusted::markdown(suggestion.rationale.trim()));
    body.push_str("\n\n");
    body.push_str(&format!(
        "- Perspective: {}\n",
        suggestion.perspective.label()
    ));
    if let Some(context) = &suggestion.context {
        body.push_str(&format!(
            "- Context: {}\n",
            untrusted::markdown(&untrusted::one_line(context, 400))
        ));
    }
    if let Some(credit) = credit(suggestion) {
        body.push_str(&format!(
            "- Suggested by: {}\n",
            untrusted::markdown(&credit)
        ));
    }
    body.push_str("\n## Change\n\n");
    body.push_str(summary.trim());
    body.push_str("\n\n## Validation\n\n");
    body.push_str(validation.trim());
    body.push('\n');
    if let Origin::Issue(number) = origin {
        body.push_str(&format!("\nCloses #{number}\n"));
    }
    body
}

/// The comment on an issue whose suggestion is invalid.
pub fn invalid_comment(problems: &[Problem]) -> String {
    let mut body = format!("{COMMENT_MARKER}\nThank you for the suggestion. It cannot become a pull request yet, because of these problems:\n\n");
    for problem in problems {
        body.push_str(&format!(
            "- **{}**: {}\n",
            untrusted::markdown(&problem.field),
            untrusted::markdown(&problem.message)
        ));
    }
    body.push_str("\nPlease edit the issue to fix them. This comment will update when you do.\n");
    body
}

/// The comment once a suggestion is valid.
pub fn valid_comment(pull: u64) -> String {
    format!("{COMMENT_MARKER}\nThank you. The suggestion is valid now, and pull request #{pull} carries it for review.\n")
}

/// A unified diff of every changed file.
pub fn diff(base: &Files, changes: &BTreeMap<String, Option<Vec<u8>>>) -> String {
    let mut out = String::new();
    for (path, new) in changes {
        let old = base
            .get(path)
            .map(|bytes| String::from_utf8_lossy(bytes).into_owned())
            .unwrap_or_default();
        let new = new
            .as_ref()
            .map(|bytes| String::from_utf8_lossy(bytes).into_owned())
            .unwrap_or_default();
        let old_name = if base.contains_key(path) {
            format!("a/{path}")
        } else {
            "/dev/null".to_string()
        };
        let new_name = if changes[path].is_some() {
            format!("b/{path}")
        } else {
            "/dev/null".to_string()
        };
        let text = similar::TextDiff::from_lines(&old, &new)
            .unified_diff()
            .header(&old_name, &new_name)
            .to_string();
        out.push_str(&text);
    }
    out
}
