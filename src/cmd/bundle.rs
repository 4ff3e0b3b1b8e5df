//! `peerkit bundle`.

use std::process::ExitCode;

/// Arguments of `peerkit bundle`.
#[derive(clap::Args, Debug)]
pub struct Args {}

/// Runs `peerkit bundle`.
pub fn run(_args: Args, _global: &super::Global) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`peerkit bundle` is not built yet")
}
