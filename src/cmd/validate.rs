//! `peerkit validate`.

use std::process::ExitCode;

/// Arguments of `peerkit validate`.
#[derive(clap::Args, Debug)]
pub struct Args {}

/// Runs `peerkit validate`.
pub fn run(_args: Args, _global: &super::Global) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`peerkit validate` is not built yet")
}
