//! `peerkit forms`: writes the issue forms from the vocabulary, or checks
//! that the committed ones match it.

use std::process::ExitCode;

use anyhow::Context;

use peerkit::catalogue::{Layout, Vocabulary};
use peerkit::suggest::forms;

/// Arguments of `peerkit forms`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Write nothing; exit 1 when a form differs from what the vocabulary
    /// gives.
    #[arg(long)]
    pub check: bool,
}

/// Runs `peerkit forms`.
pub fn run(args: Args, global: &super::Global) -> anyhow::Result<ExitCode> {
    let root = super::validate::resolve_root(global)?;
    let path = root.join(Layout::VOCABULARY);
    let bytes =
        std::fs::read(&path).with_context(|| format!("failed to read {}", path.display()))?;
    let vocabulary: Vocabulary = serde_json::from_slice(&bytes)
        .with_context(|| format!("{} is not a valid vocabulary", path.display()))?;
    let mut stale = Vec::new();
    for (relative, text) in forms::generate(&vocabulary) {
        let target = root.join(&relative);
        let current = std::fs::read_to_string(&target).ok();
        if current.as_deref() == Some(text.as_str()) {
            continue;
        }
        if args.check {
            stale.push(relative);
            continue;
        }
        if let Some(folder) = target.parent() {
            std::fs::create_dir_all(folder)
                .with_context(|| format!("failed to create {}", folder.display()))?;
        }
        peerkit::fsutil::write_atomic(&target, text.as_bytes())
            .with_context(|| format!("failed to write {}", target.display()))?;
        println!("wrote {relative}");
    }
    if stale.is_empty() {
        return Ok(ExitCode::SUCCESS);
    }
    for relative in &stale {
        println!("{relative} differs from the vocabulary");
    }
    println!("run `peerkit forms` to regenerate them");
    Ok(ExitCode::from(1))
}
