//! One module per subcommand: each owns its arguments and its rendering,
//! and calls into the library for the work.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

pub mod bundle;
pub mod changelog;
pub mod coverage;
pub mod diff;
pub mod fmt;
pub mod forms;
pub mod new;
pub mod publish;
pub mod release;
pub mod review_due;
pub mod select;
pub mod site;
pub mod suggest;
pub mod suggestions;
pub mod validate;

/// When to colour the output.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    /// Colour on a terminal, unless NO_COLOR is set.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

/// Options for every subcommand.
#[derive(clap::Args, Debug)]
pub struct Global {
    /// The repository root (the folder holding `catalogue/` and `schemas/`).
    /// Default: the nearest such folder upward from the current one.
    #[arg(long, global = true, value_name = "DIR")]
    pub root: Option<PathBuf>,
    /// When to colour the output.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Log decisions to stderr (-v info, -vv debug). RUST_LOG overrides.
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
}

/// The subcommands.
#[derive(clap::Subcommand, Debug)]
pub enum Command {
    /// Validate the catalogue: strict reading, schemas and semantic rules.
    Validate(validate::Args),
    /// Write catalogue files in canonical form, or check that they are.
    Fmt(fmt::Args),
    /// Start a new entry or gap from the vocabulary.
    New(new::Args),
    /// Write the changelog of the standard between two revisions.
    Changelog(changelog::Args),
    /// Summarise what the working tree or a branch changes against a base.
    Diff(diff::Args),
    /// Cut a tagged release: changelog section, manifest version, commit, tag.
    Release(release::Args),
    /// Write the release bundle (JSON) and a CSV of entries.
    Bundle(bundle::Args),
    /// Create or update the GitHub Release of a tag.
    Publish(publish::Args),
    /// Turn a community suggestion into a review pull request.
    Suggest(suggest::Args),
    /// List open suggestion issues by the entry they concern.
    Suggestions(suggestions::Args),
    /// Generate the issue forms from the vocabulary, or check them.
    Forms(forms::Args),
    /// Select the tool kit for a project profile.
    Select(select::Args),
    /// Show how many supports cover each cell of the continuum.
    Coverage(coverage::Args),
    /// List entries whose last review is older than a threshold.
    ReviewDue(review_due::Args),
    /// Build the static web site of the catalogue.
    Site(site::Args),
}

/// Runs one subcommand.
pub fn run(command: Command, global: &Global) -> anyhow::Result<ExitCode> {
    match command {
        Command::Validate(args) => validate::run(args, global),
        Command::Fmt(args) => fmt::run(args, global),
        Command::New(args) => new::run(args, global),
        Command::Changelog(args) => changelog::run(args, global),
        Command::Diff(args) => diff::run(args, global),
        Command::Release(args) => release::run(args, global),
        Command::Bundle(args) => bundle::run(args, global),
        Command::Publish(args) => publish::run(args, global),
        Command::Suggest(args) => suggest::run(args, global),
        Command::Suggestions(args) => suggestions::run(args, global),
        Command::Forms(args) => forms::run(args, global),
        Command::Select(args) => select::run(args, global),
        Command::Coverage(args) => coverage::run(args, global),
        Command::ReviewDue(args) => review_due::run(args, global),
        Command::Site(args) => site::run(args, global),
    }
}

/// Sets up `tracing` on stderr at the level that `-v` sets.
pub fn init_logging(global: &Global) {
    // Without -vv only peerkit's own lines show: octocrab logs a failed
    // request at ERROR level, which would repeat the error peerkit reports.
    let default = match global.verbose {
        0 => "peerkit=warn",
        1 => "peerkit=info",
        _ => "debug",
    };
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(stream_color(global, std::io::stderr().is_terminal()))
        .without_time()
        .try_init();
}

/// Returns whether to colour a stream, from `--color`, NO_COLOR and
/// whether the stream is a terminal.
fn stream_color(global: &Global, is_terminal: bool) -> bool {
    match global.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|value| value.is_empty()) && is_terminal
        }
    }
}

/// Returns whether to colour output on stdout, from `--color` and NO_COLOR.
pub fn use_color(global: &Global) -> bool {
    stream_color(global, std::io::stdout().is_terminal())
}
