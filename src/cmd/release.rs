//! `peerkit release`.

use std::process::ExitCode;

/// Arguments of `peerkit release`.
#[derive(clap::Args, Debug)]
pub struct Args {}

/// Runs `peerkit release`.
pub fn run(_args: Args, _global: &super::Global) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`peerkit release` is not built yet")
}
