//! peerkit: the library behind the `peerkit` command, which keeps the Peer
//! Worker Support Toolkit as validated data in a git repository.
//!
//! The layers, from the bottom up:
//!
//! - [`json`]: the strict reader (exact number text, duplicate keys, encodings,
//!   depth and size limits), pointer-to-position mapping and the canonical
//!   writer.
//! - [`report`]: the one diagnostic model that every check produces.
//! - [`catalogue`]: the typed records (manifest, vocabulary, entries, gaps)
//!   and the repository layout they live in.
//! - [`check`]: schema checks and the semantic rules over a whole catalogue.
//! - [`format`]: the canonical form of every catalogue file.
//! - [`history`]: git through `git2`: revisions, release tags, trees.
//! - [`change`]: the one change model between two catalogues.
//! - [`release`], [`suggest`], [`github`], [`toolkit`], [`site`]: the
//!   commands' logic, built on the layers above.
//!
//! Library code never prints: it returns values and diagnostics, and the
//! binary renders them.
#![deny(missing_docs)]

pub mod catalogue;
pub mod change;
pub mod check;
pub mod format;
pub mod fsutil;
pub mod github;
pub mod history;
pub mod json;
pub mod release;
pub mod report;
pub mod site;
pub mod suggest;
pub mod toolkit;
