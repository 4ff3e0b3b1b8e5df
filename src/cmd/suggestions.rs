//! `peerkit suggestions`.

use std::process::ExitCode;

/// Arguments of `peerkit suggestions`.
#[derive(clap::Args, Debug)]
pub struct Args {}

/// Runs `peerkit suggestions`.
pub fn run(_args: Args, _global: &super::Global) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`peerkit suggestions` is not built yet")
}
