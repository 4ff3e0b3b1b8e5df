//! `peerkit suggestions`: lists the open suggestion issues grouped by the
//! entry or gap they concern, so maintainers see duplicates.

use std::collections::BTreeMap;
use std::process::ExitCode;

use anyhow::Context;

use peerkit::github::{Client, IssueSummary, Settings};
use peerkit::suggest::forms::SUGGESTION_LABEL;

/// Arguments of `peerkit suggestions`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The git remote whose URL names the repository when
    /// GITHUB_REPOSITORY is not set.
    #[arg(long, default_value = "origin")]
    pub remote: String,
}

/// Runs `peerkit suggestions`.
pub fn run(args: Args, global: &super::Global) -> anyhow::Result<ExitCode> {
    let start = match &global.root {
        Some(root) => root.clone(),
        None => std::env::current_dir().context("failed to read the current folder")?,
    };
    let remote_url = git2::Repository::discover(&start).ok().and_then(|repo| {
        peerkit::suggest::remote_url(&repo, &args.remote)
            .ok()
            .flatten()
    });
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("failed to start the async runtime")?;
    let issues = runtime.block_on(async {
        let client = Client::new(Settings::from_env(remote_url.as_deref())?)?;
        client.open_issues_with_label(SUGGESTION_LABEL).await
    })?;
    print!("{}", render(&group(&issues)));
    Ok(ExitCode::SUCCESS)
}

/// Groups issues by the id they concern, from the form's id field or else
/// the id a form title gives.
fn group(issues: &[IssueSummary]) -> BTreeMap<String, Vec<&IssueSummary>> {
    let mut groups: BTreeMap<String, Vec<&IssueSummary>> = BTreeMap::new();
    for issue in issues {
        groups.entry(concerned_id(issue)).or_default().push(issue);
    }
    groups
}

/// The id under the form's target heading, or for a new record the slug
/// of its title field.
fn concerned_id(issue: &IssueSummary) -> String {
    let body = issue.body.replace("\r\n", "\n");
    let mut lines = body.lines();
    while let Some(line) = lines.next() {
        let heading = line.trim();
        let is_target = heading.starts_with("### Id of the");
        let is_title = heading == "### Title";
        if !is_target && !is_title {
            continue;
        }
        let value = lines
            .by_ref()
            .map(str::trim)
            .find(|line| !line.is_empty())
            .unwrap_or_default();
        if value == "_No response_" || value.is_empty() {
            continue;
        }
        let id = peerkit::suggest::form::slug(value);
        if !id.is_empty() {
            return if is_target { id } else { format!("{id} (new)") };
        }
    }
    "(unknown)".to_string()
}

fn render(groups: &BTreeMap<String, Vec<&IssueSummary>>) -> String {
    let mut out = String::new();
    for (id, issues) in groups {
        let note = if issues.len() > 1 {
            "  <- more than one suggestion"
        } else {
            ""
        };
        out.push_str(&format!("{id}{note}\n"));
        for issue in issues {
            let title = peerkit::suggest::untrusted::one_line(&issue.title, 100);
            out.push_str(&format!("  #{} {title}\n", issue.number));
        }
    }
    if groups.is_empty() {
        out.push_str("no open suggestion issues\n");
    }
    out
}
