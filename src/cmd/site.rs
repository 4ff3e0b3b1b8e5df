//! `peerkit site`: the static web site of the catalogue at a revision.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use peerkit::catalogue::{FileKind, Layout};
use peerkit::change::{self, Heading};
use peerkit::history::{CommitId, Repo};
use peerkit::site::{self, Releases, SchemaFile, SiteInput};

/// Arguments of `peerkit site`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The folder to write the site to. It is replaced as a whole when it
    /// contains a site that peerkit wrote before. Any other non-empty folder
    /// is rejected, and so is a folder inside or around catalogue/ or
    /// schemas/.
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Build the site of this git revision (such as a release tag) instead
    /// of the working tree.
    #[arg(long, value_name = "REV")]
    pub rev: Option<String>,
}

/// Runs `peerkit site`.
pub fn run(args: Args, global: &super::Global) -> anyhow::Result<ExitCode> {
    let loaded = super::select::load_catalogue(global, args.rev.as_deref())?;
    let sources = [loaded.root.join("catalogue"), loaded.root.join("schemas")];
    site::check_out_folder(&args.out, &sources)?;
    let schemas: Vec<SchemaFile> = loaded
        .files
        .iter()
        .filter(|file| Layout::kind_of(&file.path) == Some(FileKind::Schema))
        .map(|file| SchemaFile {
            path: file.path.clone(),
            bytes: file.bytes.clone(),
        })
        .collect();

    let history = read_release_history(&loaded.root, args.rev.as_deref())?;
    // CHANGELOG.md is read from the working tree only, because the history
    // module reads only catalogue/ and schemas/ from git. At a revision the
    // page shows the change set of every release instead.
    let changelog_file = match &args.rev {
        None => read_changelog_file(&loaded.root)?,
        Some(_) => None,
    };
    let changelog = changelog_file.or(history.changelog);
    let revision = match &args.rev {
        Some(rev) => format!("revision {rev}"),
        None => "the working tree".to_string(),
    };

    let input = SiteInput {
        catalogue: &loaded.catalogue,
        schemas: &schemas,
        changelog: changelog.as_deref(),
        releases: &history.releases,
        revision: &revision,
    };
    let pages = site::render_site(&input)?;
    site::write_site(&args.out, &pages)?;
    eprintln!(
        "peerkit: wrote {} files of the site of {revision} to {}",
        pages.len(),
        args.out.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// The release facts of a catalogue, from its release tags.
struct ReleaseHistory {
    /// The releases in which each record was added and last changed.
    releases: Releases,
    /// The change set of every release as markdown, newest first; `None`
    /// when there is no release yet.
    changelog: Option<String>,
}

/// Reads the releases of each record at `rev` (or HEAD) and the change set
/// of each release tag reachable from it, oldest first, each compared with
/// the one before. Outside a git repository, or before the first commit,
/// nothing is released yet.
///
/// NOTE: without `rev`, changes in the working tree that are not committed
/// do not count: a record changed only there shows its last release.
fn read_release_history(
    root: &std::path::Path,
    rev: Option<&str>,
) -> anyhow::Result<ReleaseHistory> {
    let empty = ReleaseHistory {
        releases: Releases::new(),
        changelog: None,
    };
    let repo = match Repo::discover(root) {
        Ok(repo) => repo,
        Err(_) if rev.is_none() => return Ok(empty),
        Err(error) => return Err(error.into()),
    };
    if rev.is_none() && repo.has_no_commits()? {
        return Ok(empty);
    }
    let tip = match rev {
        Some(rev) => repo.resolve(rev)?,
        None => repo.head()?,
    };
    let tags = repo.release_tags()?;
    for note in &tags.notes {
        eprintln!("peerkit: note: {note}");
    }

    let releases: Releases = peerkit::release::bundle::record_releases(&repo, tip)?
        .into_iter()
        .map(|(id, known)| {
            let record = site::RecordReleases {
                added_in: release_label(&known.added_in),
                changed_in: release_label(&known.changed_in),
            };
            (id, record)
        })
        .collect();

    let mut sections = Vec::new();
    let mut previous: Option<CommitId> = None;
    for tag in &tags.releases {
        if !tag.version.pre.is_empty() || !repo.is_ancestor(tag.commit, tip)? {
            continue;
        }
        let changes = change::between_commits(&repo, previous, tag.commit)
            .with_context(|| format!("cannot compare release {} with the one before", tag.name))?;
        let heading = Heading::Release {
            version: tag.version.to_string(),
            date: repo.commit_info(tag.commit)?.date(),
        };
        sections.push(change::render_markdown(&changes, &heading));
        previous = Some(tag.commit);
    }
    let changelog = (!sections.is_empty()).then(|| {
        sections.reverse();
        format!("# Changelog\n\n{}", sections.join("\n"))
    });
    Ok(ReleaseHistory {
        releases,
        changelog,
    })
}

/// Turns a version from the release history (`1.2.0`) into a tag name
/// (`v1.2.0`); `unreleased` becomes `None`.
fn release_label(version: &str) -> Option<String> {
    (version != peerkit::release::bundle::UNRELEASED).then(|| format!("v{version}"))
}

/// Reads `CHANGELOG.md` at the repository root, when there is one.
fn read_changelog_file(root: &std::path::Path) -> anyhow::Result<Option<String>> {
    let path = root.join("CHANGELOG.md");
    match std::fs::read_to_string(&path) {
        Ok(text) => Ok(Some(text)),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(error) => Err(error).with_context(|| format!("failed to read {}", path.display())),
    }
}
