//! Community suggestions: the model, the issue-form parser, applying one
//! to a catalogue, and turning it into a review pull request.

mod apply;
mod check;
pub mod form;
pub mod forms;
mod git;
mod merge_patch;
mod model;
mod pipeline;
mod render;
pub mod untrusted;

pub use apply::{apply, canonical, Applied, ApplyError, Files};
pub use check::{check_ids, read_file, SCHEMA_PATH};
pub use form::{parse_issue, Context, Problem};
pub use git::{remote_url, GitError, Heads, Identity};
pub use merge_patch::apply as merge_patch;
pub use model::{NewRecord, Perspective, Proposal, Suggestion, SCHEMA_REF};
pub use pipeline::{run, Input, Options, Outcome, Plan, SuggestError, INVALID_LABEL};
pub use render::COMMENT_MARKER;
