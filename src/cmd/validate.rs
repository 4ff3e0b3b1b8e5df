//! `peerkit validate`: checks the whole catalogue and reports what is wrong.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;

use peerkit::catalogue::{self, Layout, SourceFile};
use peerkit::check::age::Age;
use peerkit::check::{self, Options};
use peerkit::report::render::{self, Summary};
use peerkit::report::{Diagnostic, Severity};

/// How to print the diagnostics.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// rustc-style messages with the source line, for a terminal.
    Human,
    /// One JSON object with every diagnostic and a summary.
    Json,
    /// GitHub Actions workflow commands, plus a table in the step summary.
    Github,
}

/// Arguments of `peerkit validate`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Report only on these files or folders. Every file is still loaded
    /// and checked, because rules such as duplicate-id span the catalogue,
    /// and errors in the schemas, manifest and vocabulary are always shown.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// The output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Warn (review-due) when an entry or gap was last reviewed longer ago
    /// than this: days such as `90d`, months such as `24m`, or years such
    /// as `2y` (the same form as `review-due --older-than`).
    #[arg(long, value_name = "AGE", default_value = "24m", value_parser = parse_age)]
    pub review_after: Age,
    /// The date that review ages are counted to, as YYYY-MM-DD. Default:
    /// today in UTC.
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub today: Option<time::Date>,
}

/// Runs `peerkit validate`: exit 0 when valid (warnings allowed), 1 when
/// any reported diagnostic is an error.
pub fn run(args: Args, global: &super::Global) -> anyhow::Result<ExitCode> {
    let root = resolve_root(global)?;
    let tree = catalogue::Tree::list(&root)?;
    let scope = Scope::new(&root, &args.paths)?;
    tracing::info!(root = %root.display(), files = tree.paths().len(), "validating");

    let options = Options {
        today: args.today.unwrap_or_else(today),
        review_after: args.review_after,
    };
    let report = check::validate_tree(&tree, &options);
    let diagnostics: Vec<Diagnostic> = report
        .diagnostics
        .into_iter()
        .filter(|diagnostic| scope.reports(diagnostic))
        .collect();
    let checked = tree
        .paths()
        .iter()
        .filter(|path| scope.contains(path))
        .count();
    let summary = Summary::of(&diagnostics, checked);

    let status = if summary.errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    };
    let output = render_report(args.format, &diagnostics, &report.sources, &summary, global);
    write_stdout(&output, super::use_color(global))?;
    Ok(status)
}

/// Returns `--root`, or the nearest repository root upward from the
/// current folder.
pub fn resolve_root(global: &super::Global) -> anyhow::Result<PathBuf> {
    match &global.root {
        Some(root) => {
            let root = std::path::absolute(root)?;
            if !root.join("catalogue").is_dir() || !root.join("schemas").is_dir() {
                anyhow::bail!(
                    "{} is not a repository root: it must hold both `catalogue/` and `schemas/`",
                    root.display()
                );
            }
            Ok(root)
        }
        None => {
            let here = std::env::current_dir().context("failed to read the current folder")?;
            Ok(catalogue::find_root(&here)?)
        }
    }
}

/// Today's date in UTC, the same day for every contributor and CI runner.
pub fn today() -> time::Date {
    time::OffsetDateTime::now_utc().date()
}

fn render_report(
    format: Format,
    diagnostics: &[Diagnostic],
    files: &[SourceFile],
    summary: &Summary,
    global: &super::Global,
) -> String {
    match format {
        Format::Human => render::human(diagnostics, files, summary, super::use_color(global)),
        Format::Json => render::json(diagnostics, summary),
        Format::Github => {
            let report = render::github(diagnostics, summary);
            write_step_summary(&report.step_summary);
            report.commands
        }
    }
}

/// Appends the markdown summary to the file `GITHUB_STEP_SUMMARY` names,
/// when it is set. A failure is logged, because the annotations on stdout
/// still carry every result.
fn write_step_summary(markdown: &str) {
    let Some(path) = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|path| !path.is_empty()) else {
        return;
    };
    let result = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .and_then(|mut file| file.write_all(markdown.as_bytes()));
    if let Err(error) = result {
        tracing::warn!(path = %Path::new(&path).display(), %error, "failed to write the step summary");
    }
}

/// Writes the report to stdout. A closed pipe (as with `| head`) is not a
/// failure: the reader has what it wanted.
pub fn write_stdout(text: &str, color: bool) -> anyhow::Result<()> {
    let choice = if color {
        anstream::ColorChoice::Always
    } else {
        anstream::ColorChoice::Never
    };
    let mut stdout = anstream::AutoStream::new(std::io::stdout().lock(), choice);
    let result = stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush());
    match result {
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other.context("failed to write to stdout"),
    }
}

/// Resolves a PATH argument to its place relative to `canonical_root`,
/// with `/` separators: the empty string for the root itself, else a path
/// under `catalogue/` or `schemas/`. Fails, saying what to name instead,
/// when the path does not exist, lies outside the root, or lies in another
/// folder of the root, which no command reads.
pub(super) fn catalogue_path(canonical_root: &Path, path: &Path) -> anyhow::Result<String> {
    let full = match path.canonicalize() {
        Ok(full) => full,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => anyhow::bail!(
            "{} does not exist: name a file or folder under catalogue/ or schemas/",
            path.display()
        ),
        Err(error) => {
            return Err(error).with_context(|| format!("cannot read {}", path.display()));
        }
    };
    let Ok(relative) = full.strip_prefix(canonical_root) else {
        anyhow::bail!(
            "{} is outside the repository root {}: name a file or folder under its catalogue/ or schemas/, or pass --root",
            path.display(),
            canonical_root.display()
        );
    };
    let parts: Vec<String> = relative
        .components()
        .map(|part| part.as_os_str().to_string_lossy().into_owned())
        .collect();
    let read = [Layout::CATALOGUE, Layout::SCHEMAS];
    if parts
        .first()
        .is_some_and(|first| !read.contains(&first.as_str()))
    {
        anyhow::bail!(
            "{} is not under catalogue/ or schemas/, the only folders that peerkit reads",
            path.display()
        );
    }
    Ok(parts.join("/"))
}

/// The files and folders that diagnostics are reported for, relative to
/// the root with `/` separators; empty means everything.
struct Scope {
    prefixes: Vec<String>,
}

impl Scope {
    fn new(root: &Path, paths: &[PathBuf]) -> anyhow::Result<Scope> {
        let root = root
            .canonicalize()
            .with_context(|| format!("failed to read {}", root.display()))?;
        let mut prefixes = Vec::new();
        for path in paths {
            prefixes.push(catalogue_path(&root, path)?);
        }
        Ok(Scope { prefixes })
    }

    fn contains(&self, file: &str) -> bool {
        self.prefixes.is_empty()
            || self.prefixes.iter().any(|prefix| {
                prefix.is_empty()
                    || file == prefix
                    || file
                        .strip_prefix(prefix.as_str())
                        .is_some_and(|rest| rest.starts_with('/'))
            })
    }

    /// Returns whether to report `diagnostic`. An error in a schema, the
    /// manifest or the vocabulary is always reported, because it stops or
    /// narrows the checks of every other file.
    fn reports(&self, diagnostic: &Diagnostic) -> bool {
        let file = diagnostic.file.as_str();
        let shared =
            file.starts_with("schemas/") || file == Layout::MANIFEST || file == Layout::VOCABULARY;
        let blocks_others = shared && diagnostic.severity == Severity::Error;
        blocks_others || self.contains(file)
    }
}

/// Parses an age such as `24m` with the rule that `review-due` uses.
fn parse_age(text: &str) -> Result<Age, String> {
    peerkit::check::age::parse_age(text).map_err(|error| error.to_string())
}

/// Parses a `YYYY-MM-DD` date.
fn parse_date(text: &str) -> Result<time::Date, String> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(text, &format)
        .map_err(|error| format!("invalid date \"{text}\" ({error}): write YYYY-MM-DD"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_age_reads_every_unit() {
        assert_eq!(
            parse_age("24m").map(|age| age.describe()),
            Ok("24 months".into())
        );
        assert_eq!(
            parse_age("2y").map(|age| age.describe()),
            Ok("2 years".into())
        );
        assert_eq!(
            parse_age("90d").map(|age| age.describe()),
            Ok("90 days".into())
        );
        assert!(parse_age("6").is_err());
        assert!(parse_age("soon").is_err());
    }
}
