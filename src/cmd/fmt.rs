//! `peerkit fmt`: writes catalogue and schema files in canonical form, or
//! checks that they are.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;

use peerkit::catalogue::{find_root, FileKind, Layout};
use peerkit::format::{Formatted, KeyOrders, Reason};
use peerkit::fsutil::write_atomic;
use peerkit::json::{self, Value, DEFAULT_LIMITS};

/// Arguments of `peerkit fmt`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Write nothing: list each file that is not in canonical form and
    /// why, and exit 1 if there is any.
    #[arg(long)]
    pub check: bool,
    /// Files or folders to format; folders are searched for `*.json`
    /// files. Default: `catalogue/` and `schemas/` of the repository root.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
}

/// The styles of the output: bold paths and red read errors, or plain
/// text when colour is off.
struct Styles {
    path: anstyle::Style,
    error: anstyle::Style,
}

impl Styles {
    fn new(color: bool) -> Self {
        if !color {
            return Styles {
                path: anstyle::Style::new(),
                error: anstyle::Style::new(),
            };
        }
        Styles {
            path: anstyle::Style::new().bold(),
            error: anstyle::AnsiColor::Red.on_default(),
        }
    }
}

/// The tally of one run, which sets the exit status.
#[derive(Default)]
struct Tally {
    files: usize,
    changed: usize,
    unreadable_json: usize,
    io_errors: usize,
}

/// Runs `peerkit fmt`.
pub fn run(args: Args, global: &super::Global) -> anyhow::Result<ExitCode> {
    let root = repository_root(global)?;
    let orders = load_key_orders(&root)?;
    let canonical_root = fs::canonicalize(&root)
        .with_context(|| format!("cannot resolve the repository root {}", root.display()))?;
    let targets = targets(&root, &canonical_root, &args.paths)?;
    let styles = Styles::new(super::use_color(global));
    let mut tally = Tally::default();
    for file in collect_files(&targets, &mut tally) {
        let display = display_path(&root, &file);
        let job = Job {
            path: &file,
            display: &display,
            kind: kind_of(&canonical_root, &file),
            check: args.check,
        };
        format_file(&job, &orders, &styles, &mut tally);
    }
    if args.check && tally.changed > 0 {
        let (verb, pronoun) = if tally.changed == 1 {
            ("is", "it")
        } else {
            ("are", "them")
        };
        eprintln!(
            "{} of {} files {verb} not in canonical form; run `peerkit fmt` to rewrite {pronoun}",
            tally.changed, tally.files
        );
    }
    Ok(exit_code(&tally, args.check))
}

/// Returns the files and folders to format, checking every PATH before
/// anything is written: it must exist under `catalogue/` or `schemas/` of
/// the root, and a file must end in `.json`. The root itself, like no PATH
/// at all, means both folders, so `peerkit fmt .` never touches other JSON
/// files of the repository.
fn targets(root: &Path, canonical_root: &Path, paths: &[PathBuf]) -> anyhow::Result<Vec<PathBuf>> {
    let everything = vec![root.join(Layout::CATALOGUE), root.join(Layout::SCHEMAS)];
    let mut targets = Vec::new();
    for path in paths {
        let relative = super::validate::catalogue_path(canonical_root, path)?;
        if relative.is_empty() {
            targets.extend(everything.iter().cloned());
            continue;
        }
        let is_file = fs::symlink_metadata(path).is_ok_and(|metadata| metadata.is_file());
        if is_file && path.extension().is_none_or(|extension| extension != "json") {
            anyhow::bail!(
                "{} is not a .json file: peerkit fmt formats only JSON files",
                path.display()
            );
        }
        targets.push(path.clone());
    }
    if paths.is_empty() {
        targets = everything;
    }
    Ok(targets)
}

fn exit_code(tally: &Tally, check: bool) -> ExitCode {
    if tally.io_errors > 0 {
        ExitCode::from(2)
    } else if tally.unreadable_json > 0 || (check && tally.changed > 0) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn repository_root(global: &super::Global) -> anyhow::Result<PathBuf> {
    let root = match &global.root {
        Some(root) => root.clone(),
        None => {
            let current = std::env::current_dir().context("cannot read the current folder")?;
            find_root(&current)?
        }
    };
    for folder in [Layout::CATALOGUE, Layout::SCHEMAS] {
        if !root.join(folder).is_dir() {
            anyhow::bail!(
                "{} is not a repository root: it has no {folder}/ folder; pass --root DIR with the folder that contains catalogue/ and schemas/",
                root.display()
            );
        }
    }
    Ok(root)
}

/// Builds the key orders from every `schemas/*.schema.json` that reads
/// strictly. A schema that does not read is left out with a warning, and
/// is reported in full when it is formatted itself.
fn load_key_orders(root: &Path) -> anyhow::Result<KeyOrders> {
    let folder = root.join(Layout::SCHEMAS);
    let listing =
        fs::read_dir(&folder).with_context(|| format!("cannot list {}", folder.display()))?;
    let mut schemas: Vec<(String, Value)> = Vec::new();
    for item in listing {
        let path = item
            .with_context(|| format!("cannot list {}", folder.display()))?
            .path();
        let Some(name) = path.file_name().and_then(|name| name.to_str()) else {
            continue;
        };
        if !name.ends_with(".schema.json") {
            continue;
        }
        let bytes = fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
        match json::parse(&bytes, &DEFAULT_LIMITS) {
            Ok(value) => schemas.push((name.to_string(), value)),
            Err(error) => tracing::warn!(
                "{} is left out of the key order because it is invalid: {error}",
                path.display()
            ),
        }
    }
    Ok(KeyOrders::from_schemas(&schemas))
}

/// Expands folders into their `*.json` files, sorted, and keeps files as
/// given. Symbolic links are skipped, because writing through one would
/// replace the link with a plain file.
fn collect_files(targets: &[PathBuf], tally: &mut Tally) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for target in targets {
        match fs::symlink_metadata(target) {
            Ok(metadata) if metadata.file_type().is_symlink() => {
                eprintln!(
                    "peerkit: skipping {}: it is a symbolic link",
                    target.display()
                );
            }
            Ok(metadata) if metadata.is_dir() => walk_folder(target, &mut files, tally),
            Ok(_) => files.push(target.clone()),
            Err(error) => io_error(tally, "cannot read", target, &error),
        }
    }
    // A file named twice, directly or through a folder, is formatted once.
    let mut seen = std::collections::HashSet::new();
    files.retain(|file| seen.insert(fs::canonicalize(file).unwrap_or_else(|_| file.clone())));
    files
}

fn walk_folder(folder: &Path, files: &mut Vec<PathBuf>, tally: &mut Tally) {
    let listing = match fs::read_dir(folder) {
        Ok(listing) => listing,
        Err(error) => return io_error(tally, "cannot list", folder, &error),
    };
    let mut children: Vec<(PathBuf, fs::FileType)> = Vec::new();
    for item in listing {
        match item.and_then(|item| Ok((item.path(), item.file_type()?))) {
            Ok(child) => children.push(child),
            Err(error) => io_error(tally, "cannot list", folder, &error),
        }
    }
    children.sort_by(|left, right| left.0.cmp(&right.0));
    for (path, file_type) in children {
        if file_type.is_dir() {
            walk_folder(&path, files, tally);
        } else if file_type.is_file() && path.extension().is_some_and(|ext| ext == "json") {
            files.push(path);
        } else if file_type.is_symlink() {
            tracing::debug!("skipping the symbolic link {}", path.display());
        }
    }
}

/// One file to format and how to name it.
struct Job<'a> {
    path: &'a Path,
    display: &'a str,
    kind: Option<FileKind>,
    check: bool,
}

fn format_file(job: &Job, orders: &KeyOrders, styles: &Styles, tally: &mut Tally) {
    let Job {
        path,
        display,
        kind,
        check,
    } = *job;
    let path_style = styles.path;
    tally.files += 1;
    let bytes = match fs::read(path) {
        Ok(bytes) => bytes,
        Err(error) => return io_error(tally, "cannot read", path, &error),
    };
    let Formatted { text, reasons } = match orders.format_bytes(kind, &bytes) {
        Ok(formatted) => formatted,
        Err(error) => {
            tally.unreadable_json += 1;
            let position = error.position;
            let error_style = styles.error;
            println!(
                "{path_style}{display}:{}:{}:{path_style:#} {error_style}{}{error_style:#} (not formatted)",
                position.line, position.column, error.kind
            );
            return;
        }
    };
    if text.as_bytes() == bytes {
        return;
    }
    tally.changed += 1;
    let reasons = describe_reasons(&reasons);
    if check {
        println!("{path_style}{display}{path_style:#}: {reasons}");
        return;
    }
    match write_file(path, &text) {
        Ok(()) => println!("formatted {path_style}{display}{path_style:#}: {reasons}"),
        Err(error) => io_error(tally, "cannot write", path, &error),
    }
}

fn describe_reasons(reasons: &[Reason]) -> String {
    let names: Vec<String> = reasons.iter().map(Reason::to_string).collect();
    names.join(", ")
}

/// Replaces the file atomically, unless it is read-only: the rename that
/// `write_atomic` does would otherwise replace a file its owner protected.
fn write_file(path: &Path, text: &str) -> std::io::Result<()> {
    if fs::metadata(path)?.permissions().readonly() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::PermissionDenied,
            "the file is read-only; make it writable or leave it out",
        ));
    }
    write_atomic(path, text.as_bytes())
}

fn io_error(tally: &mut Tally, action: &str, path: &Path, error: &std::io::Error) {
    tally.io_errors += 1;
    eprintln!("peerkit: error: {action} {}: {error}", path.display());
}

/// Names `path` relative to the root when it lies under it, else as given.
fn display_path(root: &Path, path: &Path) -> String {
    match path.strip_prefix(root) {
        Ok(relative) => slash_path(relative),
        Err(_) => path.display().to_string(),
    }
}

/// Returns the kind of file from its place under the root, comparing
/// resolved paths so that any spelling of the same file counts.
fn kind_of(canonical_root: &Path, path: &Path) -> Option<FileKind> {
    let resolved = fs::canonicalize(path).ok()?;
    let relative = resolved.strip_prefix(canonical_root).ok()?;
    Layout::kind_of(&slash_path(relative))
}

fn slash_path(path: &Path) -> String {
    let parts: Vec<String> = path
        .components()
        .map(|part| part.as_os_str().to_string_lossy().into_owned())
        .collect();
    parts.join("/")
}
