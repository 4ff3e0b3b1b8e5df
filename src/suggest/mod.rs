//! Community suggestions: the model, the issue-form parser, applying one
//! to a catalogue, and turning it into a review pull request.

mod apply;
pub mod form;
pub mod forms;
mod merge_patch;
mod model;
pub mod untrusted;

pub use apply::{apply, canonical, Applied, ApplyError, Files};
pub use merge_patch::apply as merge_patch;
pub use model::{NewRecord, Perspective, Proposal, Suggestion, SCHEMA_REF};
