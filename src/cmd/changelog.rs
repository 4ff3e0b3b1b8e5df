//! `peerkit changelog`.

use std::process::ExitCode;

/// Arguments of `peerkit changelog`.
#[derive(clap::Args, Debug)]
pub struct Args {}

/// Runs `peerkit changelog`.
pub fn run(_args: Args, _global: &super::Global) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`peerkit changelog` is not built yet")
}
