//! `peerkit select`: the tool kit for a project profile, as markdown, HTML
//! or JSON, and what changed for that profile since a release.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use peerkit::catalogue::{self, Catalogue, SourceFile};
use peerkit::change::{self, ChangeSet, Heading, RecordKind};
use peerkit::check;
use peerkit::history::Repo;
use peerkit::report::Severity;
use peerkit::toolkit::{
    self, applies_sentence, describe_profile, describe_reasons, term_label, Dimension, Profile,
    SelectOptions, Toolkit,
};

/// The output format of a tool kit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A document to print and bring to a planning meeting.
    Markdown,
    /// A standalone, printable HTML page.
    Html,
    /// The tool kit as JSON.
    Json,
}

/// Arguments of `peerkit select`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// A peer role id of the project; repeat for several (any may match).
    #[arg(long = "role", value_name = "ROLE")]
    pub roles: Vec<String>,
    /// A work intensity id; repeat for several (any may match).
    #[arg(long = "intensity", value_name = "INTENSITY")]
    pub intensities: Vec<String>,
    /// A readiness stage id; repeat for several (any may match).
    #[arg(long = "readiness", value_name = "STAGE")]
    pub readiness: Vec<String>,
    /// An obstacle id; repeat for several (any may match).
    #[arg(long = "obstacle", value_name = "OBSTACLE")]
    pub obstacles: Vec<String>,
    /// A JSON file with `roles`, `intensities`, `readiness` and `obstacles`
    /// lists of ids, added to the flags.
    #[arg(long, value_name = "FILE.json")]
    pub profile: Option<PathBuf>,
    /// Include entries with status `draft`.
    #[arg(long)]
    pub include_drafts: bool,
    /// Show only what changed for this profile since this release tag.
    #[arg(long, value_name = "vX.Y.Z")]
    pub since: Option<String>,
    /// The output format.
    #[arg(long, value_enum, default_value_t = Format::Markdown)]
    pub format: Format,
    /// Read the catalogue at this git revision instead of the working tree.
    #[arg(long, value_name = "REV")]
    pub rev: Option<String>,
}

/// Runs `peerkit select`.
pub fn run(args: Args, global: &super::Global) -> anyhow::Result<ExitCode> {
    let (profile, from_file) = read_profile(&args)?;
    let loaded = load_catalogue(global, args.rev.as_deref())?;
    // Checking the file's lists on their own names the file in the error.
    if let (Some(path), Some(from_file), Some(vocabulary)) =
        (&args.profile, &from_file, &loaded.catalogue.vocabulary)
    {
        from_file
            .check(vocabulary)
            .with_context(|| format!("invalid profile {}", path.display()))?;
    }
    let options = SelectOptions {
        include_drafts: args.include_drafts,
    };
    let kit = toolkit::select(&loaded.catalogue, &profile, options)?;

    if let Some(since) = &args.since {
        let changes = changes_since(&loaded, since, &kit, options)?;
        let output = match args.format {
            Format::Json => serde_json::to_string_pretty(&changes)? + "\n",
            Format::Markdown => render_changes_markdown(&kit, &loaded.catalogue, since, &changes),
            Format::Html => {
                let markdown = render_changes_markdown(&kit, &loaded.catalogue, since, &changes);
                peerkit::site::markdown_to_html(&markdown)
            }
        };
        print!("{output}");
        return Ok(ExitCode::SUCCESS);
    }

    let output = match args.format {
        Format::Markdown => render_markdown(&kit, &loaded.catalogue),
        Format::Html => peerkit::site::toolkit_document(&kit, &loaded.catalogue)?,
        Format::Json => render_json(&kit, &loaded.catalogue)?,
    };
    print!("{output}");
    Ok(ExitCode::SUCCESS)
}

/// Joins the flags and the `--profile` file into one profile. Also returns
/// the file's own profile, when there is a file.
fn read_profile(args: &Args) -> anyhow::Result<(Profile, Option<Profile>)> {
    let mut profile = Profile {
        roles: args.roles.clone(),
        intensities: args.intensities.clone(),
        readiness: args.readiness.clone(),
        obstacles: args.obstacles.clone(),
    };
    if let Some(path) = &args.profile {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("failed to read the profile {}", path.display()))?;
        let from_file: Profile = serde_json::from_str(&text).with_context(|| {
            format!(
                "invalid profile {}: expected a JSON object with optional `roles`, `intensities`, `readiness` and `obstacles` lists of ids",
                path.display()
            )
        })?;
        profile.extend(&from_file);
        return Ok((profile, Some(from_file)));
    }
    Ok((profile, None))
}

/// A catalogue read from the working tree or from a revision.
pub(super) struct Loaded {
    /// The repository root.
    pub root: PathBuf,
    /// The revision it was read at; `None` for the working tree.
    pub rev: Option<String>,
    /// Every file under `catalogue/` and `schemas/`.
    pub files: Vec<SourceFile>,
    /// The decoded records.
    pub catalogue: Catalogue,
}

/// Reads the catalogue of the repository at `--root` (or around the current
/// folder), from the working tree or, with `rev`, from git.
pub(super) fn load_catalogue(global: &super::Global, rev: Option<&str>) -> anyhow::Result<Loaded> {
    let start = global.root.clone().unwrap_or_else(|| PathBuf::from("."));
    let (root, files) = match rev {
        None => {
            let root = catalogue::find_root(&start)?;
            let files = catalogue::read_tree(&root)?;
            (root, files)
        }
        Some(rev) => {
            let repo = Repo::discover(&start)?;
            let commit = repo.resolve(rev)?;
            let files = repo
                .source_files(commit)
                .with_context(|| format!("failed to read the catalogue at revision {rev}"))?;
            let root = repo.workdir().unwrap_or_else(|| start.clone());
            (root, files)
        }
    };
    let catalogue = decode_catalogue(&files)?;
    Ok(Loaded {
        root,
        rev: rev.map(str::to_string),
        files,
        catalogue,
    })
}

/// Validates the catalogue files and returns their records.
///
/// # Errors
///
/// When validation finds an error, naming up to five of them and pointing
/// to `peerkit validate`, because a tool kit or a site built from an
/// invalid catalogue would mislead its readers.
pub(super) fn decode_catalogue(files: &[SourceFile]) -> anyhow::Result<Catalogue> {
    let options = check::Options::new(super::validate::today());
    let validation = check::validate(files, &options);
    if validation.is_valid() {
        return Ok(validation.catalogue);
    }
    const SHOWN: usize = 5;
    let errors: Vec<String> = validation
        .diagnostics
        .iter()
        .filter(|diagnostic| diagnostic.severity == Severity::Error)
        .take(SHOWN)
        .map(|diagnostic| {
            format!(
                "  {}: error[{}]: {}",
                diagnostic.file, diagnostic.code, diagnostic.message
            )
        })
        .collect();
    let count = validation.errors();
    let found = match count {
        1 => "1 error".to_string(),
        _ if count > SHOWN => format!("{count} errors, the first {SHOWN} shown"),
        _ => format!("{count} errors"),
    };
    anyhow::bail!(
        "the catalogue is invalid ({found}), so no tool kit or site is made from it:\n{}\nrun `peerkit validate` to see every problem",
        errors.join("\n")
    )
}

/// Builds the change set since release `since` for the records of this
/// tool kit and of the tool kit the same profile got at that release, so an
/// entry that was deprecated or removed since then still shows.
fn changes_since(
    loaded: &Loaded,
    since: &str,
    kit: &Toolkit<'_>,
    options: SelectOptions,
) -> anyhow::Result<ChangeSet> {
    let repo = Repo::discover(&loaded.root)?;
    let tags = repo.release_tags()?;
    let release = tags.find(since).with_context(|| {
        let names: Vec<&str> = tags.releases.iter().map(|tag| tag.name.as_str()).collect();
        format!(
            "`{since}` is not a release tag; release tags: {}",
            if names.is_empty() {
                "none yet".to_string()
            } else {
                names.join(", ")
            }
        )
    })?;
    let mut changes = match &loaded.rev {
        Some(rev) => change::between_commits(&repo, Some(release.commit), repo.resolve(rev)?)?,
        None => {
            let head = repo.head()?;
            change::against_worktree(&repo, release.commit, Some(head), &loaded.root)?
        }
    };

    let mut ids: Vec<String> = kit
        .entry_ids()
        .iter()
        .chain(kit.gap_ids().iter())
        .map(|id| id.to_string())
        .collect();
    let old_catalogue = decode_catalogue(&repo.source_files(release.commit)?)?;
    if let Ok(old_kit) = toolkit::select(&old_catalogue, &kit.profile, options) {
        ids.extend(
            old_kit
                .entry_ids()
                .iter()
                .chain(old_kit.gap_ids().iter())
                .map(|id| id.to_string()),
        );
    }
    changes.changes.retain(|record| {
        matches!(record.kind, RecordKind::Entry | RecordKind::Gap) && ids.contains(&record.id)
    });
    Ok(changes)
}

fn render_changes_markdown(
    kit: &Toolkit<'_>,
    catalogue: &Catalogue,
    since: &str,
    changes: &ChangeSet,
) -> String {
    let vocabulary = catalogue
        .vocabulary
        .as_ref()
        .expect("select checked the vocabulary");
    let mut output = format!("# What changed for your project since {since}\n\n");
    output.push_str(&format!(
        "{}\n\n",
        describe_profile(&kit.profile, vocabulary)
    ));
    if changes.changes.is_empty() {
        output.push_str("Nothing in this tool kit changed since that release.\n");
        return output;
    }
    output.push_str(&change::render_markdown(changes, &Heading::None));
    output
}

/// Renders the tool kit as a markdown document for a planning meeting.
pub(super) fn render_markdown(kit: &Toolkit<'_>, catalogue: &Catalogue) -> String {
    let vocabulary = catalogue
        .vocabulary
        .as_ref()
        .expect("select checked the vocabulary");
    let mut doc = String::from("# Tool kit for your project\n\n");
    doc.push_str("## Your project\n\n");
    for dimension in Dimension::ALL {
        let values = kit.profile.values(dimension);
        let terms = vocabulary.list(dimension.list()).unwrap_or_default();
        let words = if values.is_empty() {
            "any (not filtered)".to_string()
        } else {
            values
                .iter()
                .map(|id| term_label(terms, id))
                .collect::<Vec<_>>()
                .join(" or ")
        };
        doc.push_str(&format!(
            "- {}: {}\n",
            toolkit::dimension_label(dimension),
            md(&words)
        ));
    }

    doc.push_str(
        "\n## Baseline requirements\n\nEvery project must meet these, whatever its profile. A requirement with a condition holds where the condition applies.\n\n",
    );
    for item in &kit.baseline {
        let entry = item.entry;
        doc.push_str(&format!(
            "### {}{}\n\n{}\n\n",
            md(&entry.title),
            status_mark(entry),
            md(&entry.summary)
        ));
        match &entry.baseline.condition {
            Some(condition) => doc.push_str(&format!(
                "Condition: {} {}\n\n",
                md(&condition.text),
                applies_sentence(item.applies)
            )),
            None => doc.push_str("Applies to every project.\n\n"),
        }
        push_practices(&mut doc, &entry.practices);
    }

    doc.push_str("## Supports that fit your project\n\n");
    if kit.categories.is_empty() {
        doc.push_str("No support beyond the baseline matches this profile yet.\n\n");
    }
    for group in &kit.categories {
        doc.push_str(&format!(
            "### {}\n\n",
            md(term_label(&vocabulary.categories, &group.id))
        ));
        for found in &group.entries {
            let entry = found.entry;
            doc.push_str(&format!(
                "#### {}{}\n\n{}\n\n{}\n\n",
                md(&entry.title),
                status_mark(entry),
                md(&entry.summary),
                md(&describe_reasons(&found.reasons, vocabulary))
            ));
            push_practices(&mut doc, &entry.practices);
        }
    }

    doc.push_str("## Open gaps\n\n");
    if kit.gaps.is_empty() {
        doc.push_str("No open gap affects this profile.\n\n");
    } else {
        doc.push_str("No tested support exists yet for these needs.\n\n");
    }
    for found in &kit.gaps {
        doc.push_str(&format!(
            "- **{}**: {} ({})\n",
            md(&found.gap.title),
            md(&found.gap.need),
            md(&describe_reasons(&found.reasons, vocabulary))
        ));
    }
    if !kit.gaps.is_empty() {
        doc.push('\n');
    }
    doc.push_str("---\n\n");
    doc.push_str(&md(&standard_line(catalogue)));
    doc.push('\n');
    doc
}

fn push_practices(doc: &mut String, practices: &[String]) {
    if practices.is_empty() {
        return;
    }
    doc.push_str("Practices:\n\n");
    for practice in practices {
        doc.push_str(&format!("- {}\n", md(practice)));
    }
    doc.push('\n');
}

fn status_mark(entry: &peerkit::catalogue::Entry) -> &'static str {
    match entry.status {
        peerkit::catalogue::Status::Proposed => " (proposed)",
        peerkit::catalogue::Status::Draft => " (draft)",
        _ => "",
    }
}

/// The standard's name, version and licence, as one sentence.
fn standard_line(catalogue: &Catalogue) -> String {
    match &catalogue.manifest {
        Some(manifest) => format!(
            "From {} version {}, licensed {} ({}).",
            manifest.name, manifest.version, manifest.licence.id, manifest.licence.url
        ),
        None => "From the Peer Worker Support Toolkit (no manifest found, so the version and licence are unknown).".to_string(),
    }
}

/// Escapes catalogue text for markdown, so it renders as the same text.
fn md(text: &str) -> String {
    change::escape_markdown(text, false)
}

fn render_json(kit: &Toolkit<'_>, catalogue: &Catalogue) -> anyhow::Result<String> {
    let standard = catalogue.manifest.as_ref().map(|manifest| {
        serde_json::json!({
            "name": manifest.name,
            "version": manifest.version,
            "licence": manifest.licence,
        })
    });
    let document = serde_json::json!({
        "standard": standard,
        "profile": kit.profile,
        "baseline": kit.baseline,
        "categories": kit.categories,
        "gaps": kit.gaps,
    });
    Ok(serde_json::to_string_pretty(&document)? + "\n")
}
