//! Cutting a release: plan, then apply all of it or none.
//!
//! [`plan`] reads the repository and the facts about its changes. It
//! rejects the release with a [`Refusal`], reports that the version is
//! already released, or returns a [`Plan`]. A plan holds the new contents
//! of CHANGELOG.md, `catalogue/toolkit.json` and CITATION.cff, the commit
//! message and the tag. [`apply`] writes the plan: it prepares every object
//! in memory, then writes the files, the index, the branch and the tag,
//! and restores what it already wrote when a later step fails.
//! [`push`] sends the branch and the tag to the remote.

mod apply;
pub mod bundle;
mod error;
mod facts;
pub mod git;
mod plan;
mod push;
mod shipped;
pub mod text;

pub use apply::{apply, Applied};
pub use error::{Refusal, ReleaseError};
pub use facts::{describe, gather, to_oid};
pub use plan::{plan, Bump, Changes, Facts, Outcome, Plan, PlannedFile, PriorRelease, Request};
pub use push::{push, PushError, PushOptions, PushReport};
pub use shipped::{shipped_issues, suggestion_trailers, SUGGESTION_TRAILER};
