//! `peerkit site`.

use std::process::ExitCode;

/// Arguments of `peerkit site`.
#[derive(clap::Args, Debug)]
pub struct Args {}

/// Runs `peerkit site`.
pub fn run(_args: Args, _global: &super::Global) -> anyhow::Result<ExitCode> {
    anyhow::bail!("`peerkit site` is not built yet")
}
