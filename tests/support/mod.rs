//! Helpers shared by the integration tests: a fake GitHub API and git
//! repositories in temporary folders.
#![allow(dead_code)]

pub mod git;
pub mod github;
