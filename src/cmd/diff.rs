//! `peerkit diff`.

use std::process::ExitCode;

/// Arguments of `peerkit diff`.
#[derive(clap::Args, Debug)]
pub struct Args {}

/// Runs `peerkit diff`.
pub fn run(_args: Args, _global: &super::Global) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`peerkit diff` is not built yet")
}
