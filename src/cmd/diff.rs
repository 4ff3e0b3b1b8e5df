//! `peerkit diff`: what the working tree (or HEAD) changes in the standard against a base, for a pull request summary.

use std::process::ExitCode;

use anyhow::Context;
use peerkit::change::{self, ChangeSet, Heading, MarkdownOptions};
use peerkit::history::{CommitId, HistoryError, Prereleases, Repo};

use super::changelog::{open_repo, Format};

/// The bases tried in order when none is given.
const DEFAULT_BASES: [&str; 2] = ["origin/main", "main"];

/// Arguments of `peerkit diff`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The base revision. Default: `origin/main`, else `main`. The
    /// comparison starts from the merge base of BASE and HEAD, so changes
    /// that landed on BASE after the branch started are not counted.
    #[arg(value_name = "BASE")]
    pub base: Option<String>,
    /// Compare HEAD's commit instead of the files on disk (needed in a
    /// bare repository).
    #[arg(long)]
    pub head: bool,
    /// The output format.
    #[arg(long, value_enum, default_value_t = Format::Markdown)]
    pub format: Format,
}

/// Runs `peerkit diff`. Reads only local git objects and files, so it
/// needs no token and no write access.
pub fn run(args: Args, global: &super::Global) -> anyhow::Result<ExitCode> {
    super::changelog::configure_git_for_reading();
    let repo = open_repo(global)?;
    let (base_name, base_tip) = resolve_base(&repo, args.base.as_deref())?;
    let head = match repo.head() {
        Ok(head) => Some(head),
        Err(HistoryError::NoCommits { .. }) => None,
        Err(error) => return Err(error.into()),
    };
    let base = match head {
        Some(head) => repo.merge_base(base_tip, head)?.unwrap_or(base_tip),
        None => base_tip,
    };
    let changes = if args.head {
        let head = head
            .context("HEAD has no commit to compare; drop --head to compare the files on disk")?;
        change::between_commits(&repo, Some(base), head)?
    } else {
        let root = worktree_root(&repo, global)?;
        change::against_worktree(&repo, base, head, &root)?
    };
    let (current, _) = repo.latest_release(base, Prereleases::Exclude)?;
    let current = current.map(|release| release.version);
    let output = match args.format {
        Format::Markdown => render_markdown(&base_name, base, current.as_ref(), &changes),
        Format::Json => render_json(&base_name, base, current.as_ref(), &changes),
    };
    print!("{output}");
    Ok(ExitCode::SUCCESS)
}

fn resolve_base(repo: &Repo, base: Option<&str>) -> anyhow::Result<(String, CommitId)> {
    if let Some(base) = base {
        return Ok((base.to_string(), repo.resolve(base)?));
    }
    for candidate in DEFAULT_BASES {
        match repo.resolve(candidate) {
            Ok(commit) => return Ok((candidate.to_string(), commit)),
            Err(HistoryError::UnknownRevision { .. }) => continue,
            Err(error) => return Err(error.into()),
        }
    }
    anyhow::bail!("no base to compare with: neither `origin/main` nor `main` exists; pass BASE, such as `peerkit diff origin/develop`")
}

fn worktree_root(repo: &Repo, global: &super::Global) -> anyhow::Result<std::path::PathBuf> {
    if repo.is_bare() {
        anyhow::bail!(
            "the repository is bare, so it has no files on disk; pass --head to compare HEAD"
        );
    }
    if let Some(root) = &global.root {
        return Ok(root.clone());
    }
    repo.workdir()
        .context("the repository is bare, so it has no files on disk; pass --head to compare HEAD")
}

fn render_markdown(
    base_name: &str,
    base: CommitId,
    current: Option<&semver::Version>,
    changes: &ChangeSet,
) -> String {
    let mut out = String::from("## Changes to the standard\n\n");
    out.push_str(&format!(
        "Compared with `{base_name}` at {}. ",
        base.short()
    ));
    out.push_str(&bump_sentence(base_name, current, changes));
    out.push_str("\n\n");
    let options = MarkdownOptions {
        heading_level: 2,
        neutralise_references: true,
        commits: true,
    };
    out.push_str(&change::render_markdown_with(
        changes,
        &Heading::None,
        &options,
    ));
    out
}

/// Writes the sentence on the release the change needs. `current` is the
/// latest release at or before the merge base, so a stale base may have
/// none even when newer release tags exist.
fn bump_sentence(
    base_name: &str,
    current: Option<&semver::Version>,
    changes: &ChangeSet,
) -> String {
    let next = current.map(|version| change::next_version(version, changes.bump));
    match (current, next) {
        (_, _) if changes.bump == change::Bump::None => {
            "This pull request changes no content, so it needs no release.".to_string()
        }
        (Some(current), Some(next)) => format!(
            "This pull request is a **{}** change: released after v{current}, it makes v{next}.",
            changes.bump
        ),
        _ => format!(
            "This pull request is a **{}** change; `{base_name}` has no release tag at or before the merge base.",
            changes.bump
        ),
    }
}

fn render_json(
    base_name: &str,
    base: CommitId,
    current: Option<&semver::Version>,
    changes: &ChangeSet,
) -> String {
    let next = current.map(|version| change::next_version(version, changes.bump));
    let document = serde_json::json!({
        "base": base_name,
        "base_commit": base.to_string(),
        "current_version": current.map(ToString::to_string),
        "next_version": next.map(|version| version.to_string()),
        "bump": changes.bump,
        "counts": changes.counts(),
        "notes": changes.notes,
        "changes": changes.changes,
    });
    let mut text = serde_json::to_string_pretty(&document).expect("JSON values serialise");
    text.push('\n');
    text
}
