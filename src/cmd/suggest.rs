//! `peerkit suggest`.

use std::process::ExitCode;

/// Arguments of `peerkit suggest`.
#[derive(clap::Args, Debug)]
pub struct Args {}

/// Runs `peerkit suggest`.
pub fn run(_args: Args, _global: &super::Global) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`peerkit suggest` is not built yet")
}
