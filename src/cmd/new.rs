//! `peerkit new`.

use std::process::ExitCode;

/// Arguments of `peerkit new`.
#[derive(clap::Args, Debug)]
pub struct Args {}

/// Runs `peerkit new`.
pub fn run(_args: Args, _global: &super::Global) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`peerkit new` is not built yet")
}
