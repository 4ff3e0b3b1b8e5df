//! `peerkit forms`.

use std::process::ExitCode;

/// Arguments of `peerkit forms`.
#[derive(clap::Args, Debug)]
pub struct Args {}

/// Runs `peerkit forms`.
pub fn run(_args: Args, _global: &super::Global) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`peerkit forms` is not built yet")
}
