//! `peerkit changelog`: the changes of the standard between two revisions, as markdown or JSON.

use std::process::ExitCode;

use anyhow::Context;
use peerkit::change::{self, ChangeSet, Heading};
use peerkit::history::{CommitId, ReleaseTag, ReleaseTags, Repo};

/// The output format of a change set.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A Keep a Changelog section.
    Markdown,
    /// The change set as JSON.
    Json,
}

/// Arguments of `peerkit changelog`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The revision to start from (exclusive): a tag, branch or commit.
    /// Default: the latest release tag (`vX.Y.Z`) reachable from TO, or
    /// the one before it when TO is that release. With no release tag,
    /// every record counts as added.
    #[arg(value_name = "FROM")]
    pub from: Option<String>,
    /// The revision to end at (inclusive). Default: HEAD.
    #[arg(value_name = "TO")]
    pub to: Option<String>,
    /// The output format.
    #[arg(long, value_enum, default_value_t = Format::Markdown)]
    pub format: Format,
}

/// The two ends of a changelog, resolved.
pub(super) struct Range {
    /// The start as given or found, such as `v0.10.0`; `None` for the
    /// empty tree.
    pub from_name: Option<String>,
    /// The start commit.
    pub from: Option<CommitId>,
    /// The end as given, such as `HEAD`.
    pub to_name: String,
    /// The end commit.
    pub to: CommitId,
    /// The release tag at the start, which gives the current version.
    pub from_release: Option<ReleaseTag>,
}

/// Runs `peerkit changelog`.
pub fn run(args: Args, global: &super::Global) -> anyhow::Result<ExitCode> {
    configure_git_for_reading();
    let repo = open_repo(global)?;
    let tags = repo.release_tags()?;
    for note in &tags.notes {
        eprintln!("peerkit: note: {note}");
    }
    let range = resolve_range(&repo, &tags, args.from.as_deref(), args.to.as_deref())?;
    let changes = change::between_commits(&repo, range.from, range.to).with_context(|| {
        format!(
            "cannot compare {} with {}",
            range.from_name.as_deref().unwrap_or("the empty tree"),
            range.to_name
        )
    })?;
    let next = range
        .from_release
        .as_ref()
        .map(|release| change::next_version(&release.version, changes.bump));
    if let (Some(release), Some(next)) = (&range.from_release, &next) {
        eprintln!(
            "peerkit: note: the bump since {} is {}: the next version is v{next}",
            release.name, changes.bump
        );
    }
    let output = match args.format {
        Format::Markdown => {
            let heading = heading_for(&repo, &tags, range.to)?;
            change::render_markdown(&changes, &heading)
        }
        Format::Json => render_json(&range, next.as_ref(), &changes),
    };
    print!("{output}");
    Ok(ExitCode::SUCCESS)
}

/// Sets libgit2's process-wide options for a command that only reads
/// history. It must run before the command spawns any thread.
pub(super) fn configure_git_for_reading() {
    skip_ca_bundle_load();
    // libgit2 hashes every object it reads to check its id. git checks ids
    // when it receives objects and in `git fsck`, not on each read, and
    // zlib's Adler-32 checksum still catches a damaged compressed object.
    git2::opts::strict_hash_verification(false);
    // libgit2 caches only trees of at most 4 KiB by default, so the folder
    // trees of a large catalogue would be read and inflated again for each
    // commit that touches them. The total cache size (256 MiB by default)
    // still bounds memory.
    // SAFETY: no other thread exists yet, so nothing reads libgit2's
    // global cache settings while they change.
    let limit = unsafe { git2::opts::set_cache_object_limit(git2::ObjectType::Tree, usize::MAX) };
    if let Err(error) = limit {
        tracing::debug!(%error, "failed to raise libgit2's tree cache limit");
    }
}

/// Keeps libgit2 from loading the system's CA bundle, which it does when
/// it starts even though this command opens no connection.
///
/// git2 0.21 with its `https` feature builds libgit2 (1.9) against OpenSSL,
/// and libgit2 then calls `SSL_CTX_set_default_verify_paths` on start,
/// which parses every certificate of the bundle that `SSL_CERT_FILE`
/// names. With OpenSSL 3.0.19 and Debian's 220 KB bundle that took about
/// 35 ms of a 70 ms changelog (2-core shared Linux VM). An empty file
/// skips the parse. A value already set is replaced too, because many
/// systems set `SSL_CERT_FILE` to that same bundle.
// NOTE: this changes the environment of the whole process, so it is only
// sound for a command that makes no TLS connection and runs it before any
// thread starts. A git2 build whose TLS starts lazily would make it
// unnecessary.
#[cfg(all(unix, not(target_os = "macos")))]
fn skip_ca_bundle_load() {
    std::env::set_var("SSL_CERT_FILE", "/dev/null");
}

#[cfg(not(all(unix, not(target_os = "macos"))))]
fn skip_ca_bundle_load() {}

/// Opens the repository at `--root` or around the current folder.
pub(super) fn open_repo(global: &super::Global) -> anyhow::Result<Repo> {
    let start = global
        .root
        .clone()
        .unwrap_or_else(|| std::path::PathBuf::from("."));
    Ok(Repo::discover(&start)?)
}

fn resolve_range(
    repo: &Repo,
    tags: &ReleaseTags,
    from: Option<&str>,
    to: Option<&str>,
) -> anyhow::Result<Range> {
    let to_name = to.unwrap_or("HEAD").to_string();
    let to = repo.resolve(&to_name)?;
    if let Some(from_name) = from {
        let from = repo.resolve(from_name)?;
        return Ok(Range {
            from_release: tags
                .find(from_name)
                .cloned()
                .or_else(|| tags.at(from).last().cloned()),
            from_name: Some(from_name.to_string()),
            from: Some(from),
            to_name,
            to,
        });
    }
    let release = previous_release(repo, tags, to)?;
    Ok(Range {
        from_name: release.as_ref().map(|release| release.name.clone()),
        from: release.as_ref().map(|release| release.commit),
        from_release: release,
        to_name,
        to,
    })
}

/// Finds the highest release (no prerelease) reachable from `to` whose commit is
/// not `to` itself, so a changelog run on a release commit shows that
/// release's changes.
fn previous_release(
    repo: &Repo,
    tags: &ReleaseTags,
    to: CommitId,
) -> anyhow::Result<Option<ReleaseTag>> {
    for tag in tags.releases.iter().rev() {
        if !tag.version.pre.is_empty() || tag.commit == to {
            continue;
        }
        if repo.is_ancestor(tag.commit, to)? {
            return Ok(Some(tag.clone()));
        }
    }
    Ok(None)
}

/// `## [X.Y.Z] - date` when `to` carries a release tag, with the date of
/// its commit; `## [Unreleased]` otherwise.
fn heading_for(repo: &Repo, tags: &ReleaseTags, to: CommitId) -> anyhow::Result<Heading> {
    let Some(release) = tags.at(to).filter(|tag| tag.version.pre.is_empty()).last() else {
        return Ok(Heading::Unreleased);
    };
    let info = repo.commit_info(release.commit)?;
    Ok(Heading::Release {
        version: release.version.to_string(),
        date: info.date(),
    })
}

fn render_json(range: &Range, next: Option<&semver::Version>, changes: &ChangeSet) -> String {
    let document = serde_json::json!({
        "from": range.from_name,
        "from_commit": range.from.map(|commit| commit.to_string()),
        "to": range.to_name,
        "to_commit": range.to.to_string(),
        "current_version": range.from_release.as_ref().map(|release| release.version.to_string()),
        "next_version": next.map(ToString::to_string),
        "bump": changes.bump,
        "counts": changes.counts(),
        "notes": changes.notes,
        "changes": changes.changes,
    });
    let mut text = serde_json::to_string_pretty(&document).expect("JSON values serialise");
    text.push('\n');
    text
}
