//! `peerkit review-due`.

use std::process::ExitCode;

/// Arguments of `peerkit review-due`.
#[derive(clap::Args, Debug)]
pub struct Args {}

/// Runs `peerkit review-due`.
pub fn run(_args: Args, _global: &super::Global) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`peerkit review-due` is not built yet")
}
