//! `peerkit bundle`: writes the release bundle (JSON) and the CSV of
//! entries of one revision.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use peerkit::release::bundle;

/// Arguments of `peerkit bundle`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The revision to bundle: a release tag, branch or commit.
    #[arg(long, value_name = "REV", default_value = "HEAD")]
    pub rev: String,
    /// The folder to write the two files to; created when missing.
    #[arg(long, value_name = "DIR", default_value = "dist")]
    pub out: PathBuf,
}

/// Runs `peerkit bundle`. It reads only the revision's tree, so it also
/// runs in a bare clone.
pub fn run(args: Args, global: &super::Global) -> anyhow::Result<ExitCode> {
    let repo = super::changelog::open_repo(global)?;
    let commit = repo.resolve(&args.rev)?;
    let files = bundle::build(&repo, commit)
        .with_context(|| format!("cannot build the bundle of {}", args.rev))?;
    if !files.released {
        eprintln!(
            "peerkit: note: no release tag names {}, so the bundle carries the manifest's version {} and marks later changes as unreleased",
            args.rev, files.version
        );
    }
    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("cannot create the folder {}", args.out.display()))?;
    for (name, bytes) in [
        (&files.json_name, &files.json),
        (&files.csv_name, &files.csv),
    ] {
        let path = args.out.join(name);
        peerkit::fsutil::write_atomic(&path, bytes)
            .with_context(|| format!("cannot write {}", path.display()))?;
        println!("Wrote {}", path.display());
    }
    Ok(ExitCode::SUCCESS)
}
