//! The GitHub edge: an octocrab client with peerkit's own retries and
//! error messages.
//!
//! octocrab is built with `RetryConfig::None`, so every retry happens here:
//! rate limits wait as GitHub's headers say (capped), each wait is logged,
//! a permission failure is never retried, and a create is retried only
//! after checking that the failed try did not create the object anyway.
//! Errors carry the method, the path and GitHub's own message and
//! `errors[]` detail, because `Display` of `octocrab::Error::GitHub`
//! prints only "GitHub".

mod api;
mod client;
mod error;
mod releases;
mod repository;
mod retry;

pub use api::{CommentSummary, IssueSummary, PullState, PullSummary};
pub use client::{Client, Settings, Token};
pub use error::{Error, Request};
pub use releases::{
    encode_asset_name, shipped_comment, shipped_marker, AssetFile, Published, ReleaseDraft,
};
pub use repository::Repository;
pub use retry::{Clock, RetryPolicy, SystemClock};
