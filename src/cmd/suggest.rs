//! `peerkit suggest`: turns a suggestion issue or file into a review pull
//! request, or reports what to fix.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;

use peerkit::github::{Client, Settings};
use peerkit::suggest::{self, Identity, Input, Outcome};

/// Arguments of `peerkit suggest`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The suggestion issue to read (opened from one of the issue forms).
    #[arg(long, value_name = "N", conflicts_with = "files")]
    pub issue: Option<u64>,
    /// Suggestion files (JSON, see schemas/suggestion.schema.json); each
    /// becomes its own branch and pull request.
    #[arg(value_name = "FILE", required_unless_present = "issue")]
    pub files: Vec<PathBuf>,
    /// The branch of the remote that the pull request targets.
    #[arg(long, default_value = "main")]
    pub base: String,
    /// The git remote to fetch from and push to.
    #[arg(long, default_value = "origin")]
    pub remote: String,
    /// Print the branch, the diff and the pull request text; write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Open a pull request again when the previous one was closed or merged.
    #[arg(long)]
    pub reopen: bool,
    /// The name that authors and commits the change.
    #[arg(
        long,
        env = "PEERKIT_BOT_NAME",
        default_value = "peerkit-suggestions[bot]"
    )]
    pub bot_name: String,
    /// The email of that identity.
    #[arg(
        long,
        env = "PEERKIT_BOT_EMAIL",
        default_value = "peerkit-suggestions@users.noreply.github.com"
    )]
    pub bot_email: String,
    /// Today's date for new records and validation, YYYY-MM-DD. Default:
    /// today in local time.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub today: Option<time::Date>,
}

fn parse_date(text: &str) -> Result<time::Date, String> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(text, &format)
        .map_err(|error| format!("{text:?} is not a date YYYY-MM-DD: {error}"))
}

/// Runs `peerkit suggest`: exit 0 when every suggestion was handled, 1
/// when one is invalid or its pull request was closed.
pub fn run(args: Args, global: &super::Global) -> anyhow::Result<ExitCode> {
    let start = match &global.root {
        Some(root) => root.clone(),
        None => std::env::current_dir().context("failed to read the current folder")?,
    };
    let repo = git2::Repository::discover(&start)
        .with_context(|| format!("no git repository at or above {}", start.display()))?;
    let inputs = read_inputs(&args)?;
    let options = suggest::Options {
        base: args.base.clone(),
        remote: args.remote.clone(),
        dry_run: args.dry_run,
        reopen: args.reopen,
        bot: Identity {
            name: args.bot_name.clone(),
            email: args.bot_email.clone(),
        },
        today: args.today.unwrap_or_else(super::validate::today),
        commit_time: time::OffsetDateTime::now_utc(),
    };
    let remote_url = suggest::remote_url(&repo, &args.remote)?;
    let needs_client = args.issue.is_some() || !args.dry_run;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("failed to start the async runtime")?;
    runtime.block_on(async {
        let client = if needs_client {
            let settings = Settings::from_env(remote_url.as_deref())?;
            Some(Client::new(settings)?)
        } else {
            None
        };
        let mut code = ExitCode::SUCCESS;
        for (label, input) in &inputs {
            let outcome = suggest::run(&repo, client.as_ref(), input, &options)
                .await
                .with_context(|| format!("{label} failed"))?;
            if !print_outcome(label, &outcome) {
                code = ExitCode::from(1);
            }
        }
        Ok(code)
    })
}

fn read_inputs(args: &Args) -> anyhow::Result<Vec<(String, Input)>> {
    if let Some(number) = args.issue {
        return Ok(vec![(format!("issue #{number}"), Input::Issue(number))]);
    }
    args.files
        .iter()
        .map(|path| {
            let bytes = std::fs::read(path)
                .with_context(|| format!("failed to read {}", path.display()))?;
            let name = path.display().to_string();
            Ok((name.clone(), Input::File { name, bytes }))
        })
        .collect()
}

/// Prints what happened; returns false for an invalid suggestion or a
/// closed pull request.
fn print_outcome(label: &str, outcome: &Outcome) -> bool {
    match outcome {
        Outcome::Invalid { problems } => {
            println!("{label}: the suggestion is invalid:");
            for problem in problems {
                println!("  - {problem}");
            }
            false
        }
        Outcome::DryRun(plan) => {
            println!("branch: {}\n", plan.branch);
            println!("{}", plan.diff);
            println!("commit message:\n{}", plan.message);
            println!("pull request title: {}\n", plan.title);
            println!("pull request body:\n{}", plan.body);
            true
        }
        Outcome::NothingToDo { branch } => {
            println!(
                "{label}: the suggestion changes nothing in the catalogue; {branch} was not pushed"
            );
            true
        }
        Outcome::PullClosed { branch, pull } => {
            let state = match pull.state {
                peerkit::github::PullState::Merged => "merged",
                _ => "closed",
            };
            println!(
                "{label}: pull request #{} of {branch} was {state}; nothing was opened (use --reopen to open it again)",
                pull.number
            );
            false
        }
        Outcome::Opened { branch, pull } => {
            println!(
                "{label}: opened pull request #{} from {branch}: {}",
                pull.number, pull.html_url
            );
            true
        }
        Outcome::Updated {
            branch,
            pull,
            pushed,
        } => {
            let what = if *pushed {
                "pushed a new commit and updated"
            } else {
                "updated"
            };
            println!("{label}: {what} pull request #{} of {branch}", pull.number);
            true
        }
        Outcome::Unchanged { branch, pull } => {
            println!(
                "{label}: {branch} and pull request #{} are up to date",
                pull.number
            );
            true
        }
    }
}
