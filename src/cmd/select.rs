//! `peerkit select`.

use std::process::ExitCode;

/// Arguments of `peerkit select`.
#[derive(clap::Args, Debug)]
pub struct Args {}

/// Runs `peerkit select`.
pub fn run(_args: Args, _global: &super::Global) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`peerkit select` is not built yet")
}
