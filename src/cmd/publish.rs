//! `peerkit publish`.

use std::process::ExitCode;

/// Arguments of `peerkit publish`.
#[derive(clap::Args, Debug)]
pub struct Args {}

/// Runs `peerkit publish`.
pub fn run(_args: Args, _global: &super::Global) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`peerkit publish` is not built yet")
}
