//! `peerkit release`: plans a release, prints it, and applies it unless
//! `--dry-run`; `--push` then sends the branch and the tag.
//!
//! Exit status: 0 when released or already released, and 1 when the
//! release is rejected (uncommitted changes, invalid catalogue, nothing
//! changed, a version that is too low, a tag on another commit). A step
//! that fails to run (git, files, push) exits with 2.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use peerkit::catalogue::{find_root, read_tree};
use peerkit::check;
use peerkit::history::Repo;
use peerkit::release::{self, Outcome, Plan, PushOptions, ReleaseError, Request};

/// Arguments of `peerkit release`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The version to release, such as 1.2.0 or v1.2.0. Default: the next
    /// version the changes since the last release require, or the
    /// manifest's version for the first release.
    #[arg(id = "release_version", value_name = "VERSION")]
    pub release_version: Option<String>,
    /// Print the plan and the changelog section; write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Push the branch and the tag to the remote after releasing (the
    /// branch's upstream remote, else `origin`). GITHUB_TOKEN or GH_TOKEN
    /// authenticates HTTPS remotes.
    #[arg(long)]
    pub push: bool,
    /// The release date, YYYY-MM-DD. Default: today in UTC.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub date: Option<time::Date>,
}

fn parse_date(text: &str) -> Result<time::Date, String> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(text, format)
        .map_err(|error| format!("{text:?} is not a date in the form YYYY-MM-DD: {error}"))
}

fn parse_version(text: &str) -> anyhow::Result<semver::Version> {
    let bare = text.strip_prefix('v').unwrap_or(text);
    semver::Version::parse(bare).with_context(|| {
        format!("{text:?} is not a semver version; give one such as 1.2.0 or v1.2.0")
    })
}

/// Runs `peerkit release`.
pub fn run(args: Args, global: &super::Global) -> anyhow::Result<ExitCode> {
    let start = global.root.clone().unwrap_or_else(|| PathBuf::from("."));
    let root = find_root(&start)?;
    let history = Repo::discover(&root)?;
    let repo = git2::Repository::discover(&root)
        .with_context(|| format!("cannot open the git repository at {}", root.display()))?;
    let now = time::OffsetDateTime::now_utc();
    let date = args.date.unwrap_or(now.date());
    let request = Request {
        version: args
            .release_version
            .as_deref()
            .map(parse_version)
            .transpose()?,
        date: date.to_string(),
    };

    // Validation comes first, because the change model cannot read an
    // invalid file.
    let invalid = validation_errors(&root, now.date())?;
    if !invalid.is_empty() {
        let refusal = release::Refusal::Invalid { errors: invalid };
        eprintln!("peerkit: release rejected: {refusal}");
        return Ok(ExitCode::from(1));
    }
    let facts = release::gather(&history)?;
    for note in &facts.notes {
        eprintln!("peerkit: note: {note}");
    }
    let outcome = match release::plan(&repo, &facts, &request) {
        Ok(outcome) => outcome,
        Err(ReleaseError::Refused(refusal)) => {
            eprintln!("peerkit: release rejected: {refusal}");
            return Ok(ExitCode::from(1));
        }
        Err(error) => return Err(error.into()),
    };
    match outcome {
        Outcome::AlreadyReleased { tag, commit } => {
            println!("{tag} is already released at {commit}");
            if args.push && !args.dry_run {
                push(&repo, &tag)?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Outcome::Ready(plan) => {
            print_plan(&plan);
            if args.dry_run {
                println!("Dry run: nothing was written.");
                return Ok(ExitCode::SUCCESS);
            }
            let when = git2::Time::new(now.unix_timestamp(), 0);
            let applied = release::apply(&repo, &plan, &when)?;
            println!(
                "Released {} at commit {} on {}",
                plan.tag, applied.commit, plan.branch
            );
            if args.push {
                push(&repo, &plan.tag)?;
            } else {
                println!("Push it with `peerkit release {} --push`.", plan.version);
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Validates the working tree and returns one line per error.
fn validation_errors(root: &Path, today: time::Date) -> anyhow::Result<Vec<String>> {
    let files = read_tree(root)?;
    let validation = check::validate(&files, &check::Options::new(today));
    Ok(validation
        .diagnostics
        .iter()
        .filter(|diagnostic| diagnostic.severity == peerkit::report::Severity::Error)
        .map(|diagnostic| format!("{}: {}", diagnostic.file, diagnostic.message))
        .collect())
}

fn print_plan(plan: &Plan) {
    let origin = if plan.proposed {
        "proposed from the changes"
    } else {
        "as requested"
    };
    println!("Release {} ({origin})", plan.tag);
    match &plan.previous {
        Some(previous) => println!(
            "  previous release: {} at {}",
            previous.tag, previous.commit
        ),
        None => println!("  previous release: none (first release)"),
    }
    println!(
        "  commit \"{}\" on {} after {}",
        plan.message.trim_end(),
        plan.branch,
        plan.head
    );
    println!(
        "  annotated tag {} with the section below as its message",
        plan.tag
    );
    for file in &plan.files {
        let verb = if file.old.is_some() {
            "update"
        } else {
            "create"
        };
        println!("  {verb} {}", file.path);
    }
    for note in &plan.notes {
        println!("  note: {note}");
    }
    println!();
    print!("{}", plan.section);
    println!();
}

/// Pushes the current branch and `tag`, reading the token from
/// GITHUB_TOKEN or GH_TOKEN.
fn push(repo: &git2::Repository, tag: &str) -> anyhow::Result<()> {
    let head = release::git::head(repo)?;
    let token = ["GITHUB_TOKEN", "GH_TOKEN"]
        .into_iter()
        .filter_map(|name| std::env::var(name).ok())
        .find(|value| !value.trim().is_empty());
    let options = PushOptions {
        remote: None,
        token,
    };
    let report = release::push(repo, &head.branch, tag, &options)?;
    for refspec in &report.pushed {
        println!("Pushed {refspec} to {}", report.remote);
    }
    for refspec in &report.up_to_date {
        println!("{refspec} is already on {}", report.remote);
    }
    if !report.missing_releases.is_empty() {
        eprintln!(
            "peerkit: note: {remote} lacks the earlier release tags {tags}, and the release workflow publishes only pushed tags; push them with `git push {remote} {tags}`",
            remote = report.remote,
            tags = report.missing_releases.join(" "),
        );
    }
    Ok(())
}
