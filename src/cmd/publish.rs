//! `peerkit publish`: creates or updates the GitHub Release of a tag, with
//! the tag's changelog section as notes and the bundle files as assets,
//! then comments once on each suggestion issue the release shipped.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use peerkit::catalogue::find_root;
use peerkit::github::{AssetFile, Client, ReleaseDraft, Settings};
use peerkit::history::{ReleaseTag, Repo};
use peerkit::release::{self, bundle, text};

/// Arguments of `peerkit publish`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The release tag, such as v1.2.0.
    #[arg(value_name = "TAG")]
    pub tag: String,
    /// The folder holding the bundle files of the tag, as `peerkit bundle`
    /// writes them. Default: build them from the tag in memory.
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// Do not comment on the issues of the suggestions the release shipped.
    #[arg(long)]
    pub no_comments: bool,
}

/// Explains why `name` names no release tag: a version given without its
/// `v` (when `with_v` is that tag), a name that is no `v` and semver
/// version, or a release tag that does not exist here.
fn unknown_tag_message(name: &str, with_v: Option<&ReleaseTag>) -> String {
    if let Some(tag) = with_v {
        return format!(
            "{name} is not a tag; release tags start with `v`, so publish {} instead",
            tag.name
        );
    }
    let version = name.strip_prefix('v').map(semver::Version::parse);
    match version {
        Some(Ok(_)) => format!("no tag {name} in this repository; cut it with `peerkit release`, or fetch the tags with `git fetch --tags`"),
        _ => format!("{name} is not a release tag: a release tag is `v` and a semver version, such as v1.2.0"),
    }
}

/// Runs `peerkit publish`.
pub fn run(args: Args, global: &super::Global) -> anyhow::Result<ExitCode> {
    let start = global.root.clone().unwrap_or_else(|| PathBuf::from("."));
    let root = find_root(&start)?;
    let history = Repo::discover(&root)?;
    let tags = history.release_tags()?;
    let tag = tags
        .find(&args.tag)
        .cloned()
        .with_context(|| unknown_tag_message(&args.tag, tags.find(&format!("v{}", args.tag))))?;
    let draft = ReleaseDraft {
        tag: tag.name.clone(),
        name: tag.name.clone(),
        body: release_notes(&history, &tag)?,
        prerelease: !tag.version.pre.is_empty(),
    };
    let assets = assets(&history, &tag, args.dir.as_deref())?;
    let git = git2::Repository::discover(&root)?;
    let remote_url = git
        .find_remote("origin")
        .ok()
        .and_then(|remote| remote.url().ok().map(str::to_string));
    let issues = if args.no_comments {
        Vec::new()
    } else {
        shipped_issues(&history, &git, &tag)?
    };
    let settings = Settings::from_env(remote_url.as_deref())?;

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    runtime.block_on(async {
        let client = Client::new(settings)?;
        let published = client.publish_release(&draft, &assets).await?;
        let verb = if published.created {
            "Created"
        } else {
            "Updated"
        };
        println!("{verb} release {} at {}", draft.tag, published.html_url);
        for name in &published.replaced {
            println!("Replaced asset {name}");
        }
        for name in &published.uploaded {
            println!("Uploaded asset {name}");
        }
        let commented = client
            .comment_shipped_suggestions(&issues, &draft.tag, &published.html_url)
            .await?;
        for number in commented {
            println!("Commented on issue #{number}");
        }
        Ok::<_, anyhow::Error>(())
    })?;
    Ok(ExitCode::SUCCESS)
}

/// Reads the tag's section from CHANGELOG.md at the tag's commit.
fn release_notes(history: &Repo, tag: &ReleaseTag) -> anyhow::Result<String> {
    let git = git2::Repository::open(history.git_dir())?;
    let commit = git.find_commit(release::to_oid(tag.commit)?)?;
    let entry = commit
        .tree()?
        .get_path(Path::new("CHANGELOG.md"))
        .with_context(|| format!("CHANGELOG.md is missing at {}", tag.name))?;
    let blob = git.find_blob(entry.id())?;
    let changelog = String::from_utf8_lossy(blob.content());
    text::find_section(&changelog, &tag.version).with_context(|| {
        format!(
            "CHANGELOG.md at {} has no section `## [{}]`; cut releases with `peerkit release`",
            tag.name, tag.version
        )
    })
}

/// Reads the bundle files from `dir`, or builds them from the tag.
fn assets(history: &Repo, tag: &ReleaseTag, dir: Option<&Path>) -> anyhow::Result<Vec<AssetFile>> {
    let stem = bundle::file_stem(&tag.version);
    let names = [format!("{stem}.json"), format!("{stem}-entries.csv")];
    let contents: Vec<Vec<u8>> = match dir {
        Some(dir) => names
            .iter()
            .map(|name| {
                let path = dir.join(name);
                std::fs::read(&path).with_context(|| {
                    format!(
                        "cannot read {}; write it with `peerkit bundle --rev {} --out {}`",
                        path.display(),
                        tag.name,
                        dir.display()
                    )
                })
            })
            .collect::<anyhow::Result<_>>()?,
        None => {
            let files = bundle::build(history, tag.commit)?;
            vec![files.json, files.csv]
        }
    };
    Ok(names
        .into_iter()
        .zip(contents)
        .map(|(name, bytes)| AssetFile { name, bytes })
        .collect())
}

/// Finds the suggestion issues named in the commits since the release
/// before `tag`.
fn shipped_issues(
    history: &Repo,
    git: &git2::Repository,
    tag: &ReleaseTag,
) -> anyhow::Result<Vec<u64>> {
    let previous = previous_release(history, tag)?;
    let from = previous
        .map(|previous| release::to_oid(previous.commit))
        .transpose()?;
    Ok(release::shipped_issues(
        git,
        from,
        release::to_oid(tag.commit)?,
    )?)
}

fn previous_release(history: &Repo, tag: &ReleaseTag) -> anyhow::Result<Option<ReleaseTag>> {
    let tags = history.release_tags()?;
    for candidate in tags.releases.iter().rev() {
        let earlier = candidate.version < tag.version && candidate.version.pre.is_empty();
        if earlier
            && candidate.commit != tag.commit
            && history.is_ancestor(candidate.commit, tag.commit)?
        {
            return Ok(Some(candidate.clone()));
        }
    }
    Ok(None)
}
