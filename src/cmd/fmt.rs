//! `peerkit fmt`.

use std::process::ExitCode;

/// Arguments of `peerkit fmt`.
#[derive(clap::Args, Debug)]
pub struct Args {}

/// Runs `peerkit fmt`.
pub fn run(_args: Args, _global: &super::Global) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`peerkit fmt` is not built yet")
}
