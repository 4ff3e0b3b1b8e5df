//! `peerkit coverage`.

use std::process::ExitCode;

/// Arguments of `peerkit coverage`.
#[derive(clap::Args, Debug)]
pub struct Args {}

/// Runs `peerkit coverage`.
pub fn run(_args: Args, _global: &super::Global) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`peerkit coverage` is not built yet")
}
