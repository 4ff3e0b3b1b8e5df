//! The one change model between two catalogues, its version classes and renderers.
//!
//! A [`ChangeSet`] is built from the files that differ between two
//! revisions (or a revision and the working tree). Records are matched by
//! kind and id, never by path, so an entry moved to another category
//! folder is one changed entry. Each change gets a [`Bump`] class by the
//! rules in `docs/versioning.md`, and the set's bump is the highest class.

mod blobs;
mod bump;
mod classify;
mod compare;
mod fields;
mod markdown;
mod model;
mod source;
mod verdict;
mod words;

pub use bump::{next_version, Bump};
pub use compare::{compare, SchemaVerdict};
pub use markdown::{
    escape_markdown, render_markdown, render_markdown_with, Heading, MarkdownOptions,
};

pub use model::{
    BaselineChange, Change, ChangeError, ChangeSet, CommitRef, Counts, FieldChange, FieldDiff,
    RecordChange, RecordKind, Segment, SegmentKind,
};

pub use source::{against_worktree, between_commits};
pub use words::word_diff;

/// Renders a change set as pretty-printed JSON with a final newline.
pub fn render_json(changes: &ChangeSet) -> String {
    let mut text = serde_json::to_string_pretty(changes).expect("a change set serialises to JSON");
    text.push('\n');
    text
}
