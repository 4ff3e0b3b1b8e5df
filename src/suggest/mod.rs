//! Community suggestions: the model, the issue-form parser, applying one
//! to a catalogue, and turning it into a review pull request.

mod apply;
pub mod form;
pub mod forms;
mod merge_patch;
mod model;
mod check;
mod git;
pub mod untrusted;

pub use apply::{apply, canonical, Applied, ApplyError, Files};
pub use merge_patch::apply as merge_patch;
pub use model::{NewRecord, Perspective, Proposal, Suggestion, SCHEMA_REF};
pub use check::{check_ids, read_file, SCHEMA_PATH};
pub use form::{parse_issue, Context, Problem};
pub use git::{GitError, Heads, Identity};
