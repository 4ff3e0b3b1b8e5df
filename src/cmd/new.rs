//! `peerkit new`: starts a draft entry or an open gap from the vocabulary.
//!
//! The new file is written only if it passes validation together with the
//! rest of the catalogue. Its text fields hold one instruction sentence
//! each, which passes the schema and tells the contributor what to write;
//! an entry starts as a draft, so `missing-source` does not apply yet.

use std::path::Path;
use std::process::ExitCode;

use peerkit::catalogue::{self, Layout, SourceFile, Term, Vocabulary};
use peerkit::check::{self, Options};
use peerkit::json::{self, KeyOrder, Map, Value};
use peerkit::report::render::{self, Summary};

/// The summary of a new entry, for the contributor to replace.
const SUMMARY: &str =
    "Replace this sentence with one or two sentences on what the support is and whom it serves.";
/// The description of a new entry, for the contributor to replace.
const DESCRIPTION: &str = "Replace this sentence with the full description: what the support is, why peer workers need it, and what the sources say about it.";
/// The single practice of a new entry, for the contributor to replace.
const PRACTICE: &str =
    "Replace this sentence with one concrete step; add one item for each further step.";
/// The need of a new gap, for the contributor to replace.
const NEED: &str =
    "Replace this sentence with the need, in the words of the peer workers who named it.";

/// Arguments of `peerkit new`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The kind of record to start.
    #[command(subcommand)]
    pub kind: Kind,
}

/// The kinds of record `peerkit new` starts.
#[derive(clap::Subcommand, Debug)]
pub enum Kind {
    /// Start a draft support entry at catalogue/<category>/<id>.json.
    Entry(Box<EntryArgs>),
    /// Start an open gap at catalogue/gaps/<id>.json.
    Gap(Box<GapArgs>),
}

/// The terms a new record fits or affects. A list left out means every
/// term of that vocabulary list, for the contributor to narrow.
#[derive(clap::Args, Debug)]
pub struct FitsArgs {
    /// A role id from the vocabulary; repeat for several.
    #[arg(long = "role", value_name = "ROLE")]
    pub roles: Vec<String>,
    /// An intensity id from the vocabulary; repeat for several.
    #[arg(long = "intensity", value_name = "INTENSITY")]
    pub intensities: Vec<String>,
    /// A readiness stage id from the vocabulary; repeat for several.
    #[arg(long = "readiness", value_name = "STAGE")]
    pub readiness: Vec<String>,
}

/// Arguments of `peerkit new entry`.
#[derive(clap::Args, Debug)]
pub struct EntryArgs {
    /// The entry's title; the id is made from it unless --id is given.
    #[arg(long)]
    pub title: String,
    /// The category id from the vocabulary; also the entry's folder.
    #[arg(long)]
    pub category: String,
    /// The id (kebab-case). Default: the title as a slug.
    #[arg(long)]
    pub id: Option<String>,
    #[command(flatten)]
    pub fits: FitsArgs,
    /// An obstacle id from the vocabulary that the support addresses;
    /// repeat for several.
    #[arg(long = "obstacle", value_name = "OBSTACLE")]
    pub obstacles: Vec<String>,
    /// A provider id from the vocabulary; repeat for several.
    #[arg(long = "provider", value_name = "PROVIDER")]
    pub providers: Vec<String>,
    /// The title of a source the entry comes from, with authors and year.
    /// Optional, because a draft may cite no source yet.
    #[arg(long, value_name = "TITLE", requires = "source_kind")]
    pub source_title: Option<String>,
    /// The kind of that source: guideline, study, focus-group or practice.
    #[arg(long, value_name = "KIND", requires = "source_title")]
    pub source_kind: Option<String>,
    /// The URL of that source.
    #[arg(long, value_name = "URL", requires = "source_title")]
    pub source_url: Option<String>,
}

/// Arguments of `peerkit new gap`.
#[derive(clap::Args, Debug)]
pub struct GapArgs {
    /// The gap's title; the id is made from it unless --id is given.
    #[arg(long)]
    pub title: String,
    /// The id (kebab-case). Default: the title as a slug.
    #[arg(long)]
    pub id: Option<String>,
    /// A category id the gap concerns; repeat for several.
    #[arg(long = "category", value_name = "CATEGORY")]
    pub categories: Vec<String>,
    #[command(flatten)]
    pub affects: FitsArgs,
}

/// Runs `peerkit new`: exit 0 when the file is written, 2 when an argument
/// is invalid or the file would not validate.
pub fn run(args: Args, global: &super::Global) -> anyhow::Result<ExitCode> {
    let root = super::validate::resolve_root(global)?;
    let files = catalogue::read_tree(&root)?;
    let today = super::validate::today();
    let validation = check::validate(&files, &Options::new(today));
    let Some(vocabulary) = validation.catalogue.vocabulary.as_ref() else {
        anyhow::bail!(
            "{} does not pass validation, so new terms cannot be checked: run `peerkit validate` and fix it first",
            Layout::VOCABULARY
        );
    };
    let date = today.to_string();
    let (path, value) = match &args.kind {
        Kind::Entry(entry) => entry_record(entry, vocabulary, &date)?,
        Kind::Gap(gap) => gap_record(gap, vocabulary, &date)?,
    };
    check_unused(&root, &files, &path, &value)?;

    let text = json::to_canonical(&value, &KeyOrder::new());
    check_new_file(&files, &path, &text, today, global)?;
    let target = root.join(&path);
    std::fs::create_dir_all(target.parent().unwrap_or(&root))?;
    peerkit::fsutil::write_atomic(&target, text.as_bytes())?;
    super::validate::write_stdout(
        &format!(
            "created {path}: replace the instruction sentences, then run `peerkit validate`\n"
        ),
        false,
    )?;
    Ok(ExitCode::SUCCESS)
}

fn entry_record(
    args: &EntryArgs,
    vocabulary: &Vocabulary,
    date: &str,
) -> anyhow::Result<(String, Value)> {
    let id = record_id(args.id.as_deref(), &args.title)?;
    check_terms(
        "categories",
        std::slice::from_ref(&args.category),
        vocabulary,
    )?;
    check_terms("obstacles", &args.obstacles, vocabulary)?;
    check_terms("providers", &args.providers, vocabulary)?;
    let mut record = Map::default();
    record.insert("$schema", text("../../schemas/entry.schema.json"));
    record.insert("id", text(&id));
    record.insert("title", text(&args.title));
    record.insert("summary", text(SUMMARY));
    record.insert("description", text(DESCRIPTION));
    record.insert("category", text(&args.category));
    let mut baseline = Map::default();
    baseline.insert("required", Value::Bool(false));
    record.insert("baseline", Value::Object(baseline));
    record.insert("fits", fits(&args.fits, vocabulary)?);
    require_terms("providers", "--provider", &args.providers, vocabulary)?;
    record.insert("obstacles", texts(&args.obstacles));
    record.insert("providers", texts(&args.providers));
    record.insert("practices", Value::Array(vec![text(PRACTICE)]));
    record.insert("status", text("draft"));
    record.insert("related", Value::Array(Vec::new()));
    record.insert("sources", Value::Array(sources(args)));
    record.insert("last_reviewed", text(date));
    Ok((
        Layout::entry_path(&args.category, &id),
        Value::Object(record),
    ))
}

fn gap_record(
    args: &GapArgs,
    vocabulary: &Vocabulary,
    date: &str,
) -> anyhow::Result<(String, Value)> {
    let id = record_id(args.id.as_deref(), &args.title)?;
    check_terms("categories", &args.categories, vocabulary)?;
    require_terms("categories", "--category", &args.categories, vocabulary)?;
    let mut record = Map::default();
    record.insert("$schema", text("../../schemas/gap.schema.json"));
    record.insert("id", text(&id));
    record.insert("title", text(&args.title));
    record.insert("need", text(NEED));
    record.insert("affects", fits(&args.affects, vocabulary)?);
    record.insert("categories", texts(&args.categories));
    record.insert("obstacles", Value::Array(Vec::new()));
    record.insert("status", text("open"));
    record.insert("addressed_by", Value::Array(Vec::new()));
    record.insert("related", Value::Array(Vec::new()));
    record.insert("sources", Value::Array(Vec::new()));
    record.insert("last_reviewed", text(date));
    Ok((Layout::gap_path(&id), Value::Object(record)))
}

fn sources(args: &EntryArgs) -> Vec<Value> {
    let (Some(title), Some(kind)) = (&args.source_title, &args.source_kind) else {
        return Vec::new();
    };
    let mut source = Map::default();
    source.insert("title", text(title));
    if let Some(url) = &args.source_url {
        source.insert("url", text(url));
    }
    source.insert("kind", text(kind));
    vec![Value::Object(source)]
}

/// The `fits` (or `affects`) object; each list left out gets every term.
fn fits(args: &FitsArgs, vocabulary: &Vocabulary) -> anyhow::Result<Value> {
    let mut object = Map::default();
    let lists = [
        ("roles", &args.roles),
        ("intensities", &args.intensities),
        ("readiness", &args.readiness),
    ];
    for (list, given) in lists {
        check_terms(list, given, vocabulary)?;
        let terms: Vec<String> = if given.is_empty() {
            term_ids(vocabulary.list(list).unwrap_or_default())
        } else {
            given.clone()
        };
        object.insert(list, texts(&terms));
    }
    Ok(Value::Object(object))
}

/// Fails, listing the valid terms, when a term is not in `list`.
fn check_terms(list: &str, given: &[String], vocabulary: &Vocabulary) -> anyhow::Result<()> {
    for term in given {
        if !vocabulary.has(list, term) {
            let valid = term_ids(vocabulary.list(list).unwrap_or_default()).join(", ");
            anyhow::bail!(
                "\"{term}\" is not in the vocabulary's {list}; the valid ones are: {valid}"
            );
        }
    }
    Ok(())
}

/// Fails, naming the option and the valid terms, when a list that the
/// schema requires to be non-empty was not given.
fn require_terms(
    list: &str,
    option: &str,
    given: &[String],
    vocabulary: &Vocabulary,
) -> anyhow::Result<()> {
    if given.is_empty() {
        let valid = term_ids(vocabulary.list(list).unwrap_or_default()).join(", ");
        anyhow::bail!(
            "{option} is missing: pass it at least once, with one of the vocabulary's {list}: {valid}"
        );
    }
    Ok(())
}

fn term_ids(terms: &[Term]) -> Vec<String> {
    terms.iter().map(|term| term.id.clone()).collect()
}

/// The given id, or the title as a slug: lowercase ASCII letters and
/// digits, every other run of characters one hyphen, at most 80 characters.
fn record_id(given: Option<&str>, title: &str) -> anyhow::Result<String> {
    if let Some(id) = given {
        if !is_kebab_case(id) || id.len() > 80 {
            anyhow::bail!(
                "--id \"{id}\" is not a valid id: use at most 80 lowercase ASCII letters and digits in words joined by single hyphens, such as \"grief-circles\""
            );
        }
        return Ok(id.to_string());
    }
    let id = slug(title);
    if id.is_empty() {
        anyhow::bail!(
            "the title \"{title}\" has no ASCII letters or digits to make an id from: pass --id"
        );
    }
    Ok(id)
}

/// Whether `id` matches `^[a-z0-9]+(-[a-z0-9]+)*$`, the id pattern of
/// schemas/common.schema.json.
fn is_kebab_case(id: &str) -> bool {
    id.split('-').all(|word| {
        !word.is_empty()
            && word
                .bytes()
                .all(|byte| byte.is_ascii_lowercase() || byte.is_ascii_digit())
    })
}

fn slug(title: &str) -> String {
    let lower = title.to_ascii_lowercase();
    let words: Vec<&str> = lower
        .split(|character: char| !character.is_ascii_alphanumeric())
        .filter(|word| !word.is_empty())
        .collect();
    let mut id = String::new();
    for word in words {
        if id.len() + word.len() + 1 > 80 {
            break;
        }
        if !id.is_empty() {
            id.push('-');
        }
        id.push_str(word);
    }
    id
}

/// Fails when the path exists or a file already uses the id.
fn check_unused(
    root: &Path,
    files: &[SourceFile],
    path: &str,
    value: &Value,
) -> anyhow::Result<()> {
    if root.join(path).exists() {
        anyhow::bail!("{path} already exists: pick another title or pass --id");
    }
    let id = value.get("id").and_then(Value::as_str).unwrap_or_default();
    let name = format!("/{id}.json");
    if let Some(file) = files
        .iter()
        .find(|file| file.path.starts_with("catalogue/") && file.path.ends_with(&name))
    {
        anyhow::bail!(
            "the id \"{id}\" is already used by {}: pick another title or pass --id",
            file.path
        );
    }
    Ok(())
}

/// Validates the catalogue with the new file added, and fails with the
/// new file's errors when it has any.
fn check_new_file(
    files: &[SourceFile],
    path: &str,
    text: &str,
    today: time::Date,
    global: &super::Global,
) -> anyhow::Result<()> {
    let mut with_new = files.to_vec();
    with_new.push(SourceFile::new(path, text.as_bytes()));
    with_new.sort_by(|a, b| a.path.cmp(&b.path));
    let validation = check::validate(&with_new, &Options::new(today));
    let problems: Vec<_> = validation
        .diagnostics
        .into_iter()
        .filter(|diagnostic| diagnostic.file == path)
        .filter(|diagnostic| diagnostic.severity == peerkit::report::Severity::Error)
        .collect();
    if problems.is_empty() {
        return Ok(());
    }
    let summary = Summary::of(&problems, 1);
    let report = render::human(&problems, &with_new, &summary, super::use_color(global));
    anyhow::bail!("{path} was not written, because it would not validate:\n{report}(set these values with the options of `peerkit new entry --help` or `peerkit new gap --help`, and run the command again)")
}

fn text(value: &str) -> Value {
    Value::String(value.to_string())
}

fn texts(values: &[String]) -> Value {
    Value::Array(values.iter().map(|value| text(value)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slug_joins_ascii_words() {
        assert_eq!(
            slug("Peer-led check-in, after shifts!"),
            "peer-led-check-in-after-shifts"
        );
        assert_eq!(slug("  Café 2 go "), "caf-2-go");
        assert_eq!(slug("???"), "");
    }

    #[test]
    fn kebab_case_ids() {
        assert!(is_kebab_case("grief-circles"));
        assert!(is_kebab_case("a1"));
        assert!(!is_kebab_case(""));
        assert!(!is_kebab_case("../../evil"));
        assert!(!is_kebab_case("Bad_Id"));
        assert!(!is_kebab_case("double--hyphen"));
        assert!(!is_kebab_case("-leading"));
    }
}
