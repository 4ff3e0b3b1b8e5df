//! Generates synthetic catalogues that pass `peerkit validate`, for the
//! benchmark.
//!
//! The output is a repository folder with the real `schemas/`, manifest
//! and vocabulary copied from this checkout, and `--entries` generated
//! entries of 1 to 3 KB each, written by peerkit's canonical writer, so
//! `peerkit fmt --check` finds nothing to change. The bytes depend only on
//! the options and on this checkout's schemas and vocabulary: entry `i` is
//! drawn from its own random stream, seeded from `--seed` and `i`.
//!
//! With `--history` the folder is also a git repository with two annotated
//! tags: `v1.0.0` on the first commit, and `v1.1.0` on a second commit that
//! edits `--changed` entries, moves `--moved` entries to another category,
//! removes the last `--removed` entries and adds `--added` new ones.
//!
//! ```text
//! cargo run --release --example bench_gen -- --entries 10000 --out bench-data/c10k --history
//! ```

use std::path::{Path, PathBuf};

use anyhow::{bail, ensure, Context, Result};
use clap::Parser;
use peerkit::catalogue::{FileKind, Layout};
use peerkit::format::KeyOrders;
use peerkit::json::{self, Map, Value};
use rand::{RngExt, SeedableRng};
use rand_pcg::Pcg64;

/// Options of the generator.
#[derive(Parser, Debug)]
#[command(about = "Generates synthetic catalogues that pass `peerkit validate`")]
struct Options {
    /// The number of entries in the first release.
    #[arg(long, default_value_t = 1000)]
    entries: usize,
    /// The seed of every random choice.
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// The repository folder to create; it must not exist.
    #[arg(long, default_value = "bench-data/catalogue")]
    out: PathBuf,
    /// The checkout whose `schemas/` and `catalogue/vocabulary.json` and
    /// `catalogue/toolkit.json` are copied.
    #[arg(long, default_value = ".")]
    source: PathBuf,
    /// Also make the folder a git repository with tags v1.0.0 and v1.1.0.
    #[arg(long)]
    history: bool,
    /// The number of entries edited between the two tags.
    #[arg(long, default_value_t = 100)]
    changed: usize,
    /// The number of entries moved to another category between the tags.
    #[arg(long, default_value_t = 10)]
    moved: usize,
    /// The number of entries added between the tags.
    #[arg(long, default_value_t = 10)]
    added: usize,
    /// The number of entries removed between the tags.
    #[arg(long, default_value_t = 10)]
    removed: usize,
    /// Also write the entry schema with `common.schema.json` inlined into
    /// its `$defs`, as one self-contained file, to this path.
    #[arg(long, value_name = "FILE")]
    bundled_schema: Option<PathBuf>,
    /// Also write entries that break the entry schema in one way each
    /// (a wrong date, a missing key, an unknown key, a wrong enum value)
    /// into this folder, to check that a validator rejects them.
    #[arg(long, value_name = "FOLDER")]
    invalid_samples: Option<PathBuf>,
}

/// Words of the generated prose, from the field's own vocabulary, with a
/// few non-ASCII words so that the readers decode multi-byte UTF-8.
const WORDS: &[&str] = &[
    "peer",
    "workers",
    "support",
    "paid",
    "time",
    "team",
    "debrief",
    "after",
    "shift",
    "with",
    "coordinator",
    "trained",
    "lived",
    "experience",
    "project",
    "hours",
    "schedule",
    "plan",
    "written",
    "agreement",
    "confidential",
    "counselling",
    "outside",
    "reporting",
    "line",
    "benefits",
    "income",
    "assistance",
    "earnings",
    "exemption",
    "referral",
    "advocate",
    "safety",
    "buddy",
    "check-in",
    "field",
    "visits",
    "grief",
    "circle",
    "memorial",
    "training",
    "role",
    "play",
    "community",
    "boundaries",
    "disclosure",
    "right",
    "not",
    "to",
    "disclose",
    "stigma",
    "research",
    "associate",
    "navigator",
    "counsellor",
    "mentor",
    "network",
    "flexible",
    "illness",
    "episode",
    "return",
    "guaranteed",
    "way",
    "back",
    "organisation",
    "resourced",
    "review",
    "whānau",
    "naïve",
    "café",
    "São Paulo",
    "Zürich",
    "—",
];

/// The prose model that each entry is adapted from, when it has one.
const MODELS: &[&str] = &[
    "clinical supervision in social work",
    "critical incident stress debriefing",
    "employee assistance programmes",
    "union workplace representatives",
];

/// The term ids of each vocabulary list, read from the real vocabulary.
struct Terms {
    lists: Vec<(String, Vec<String>)>,
}

impl Terms {
    fn read(source: &Path) -> Result<Terms> {
        let path = source.join(Layout::VOCABULARY);
        let bytes =
            std::fs::read(&path).with_context(|| format!("failed to read {}", path.display()))?;
        let value = json::parse(&bytes, &json::DEFAULT_LIMITS)
            .with_context(|| format!("{} is invalid JSON", path.display()))?;
        let Value::Object(members) = value else {
            bail!("{} is not a JSON object", path.display());
        };
        let mut lists = Vec::new();
        for (name, list) in members.iter() {
            if let Value::Array(terms) = list {
                let ids = terms
                    .iter()
                    .filter_map(|term| term.get("id").and_then(Value::as_str).map(str::to_owned))
                    .collect();
                lists.push((name.clone(), ids));
            }
        }
        Ok(Terms { lists })
    }

    fn list(&self, name: &str) -> &[String] {
        self.lists
            .iter()
            .find(|(list, _)| list == name)
            .map(|(_, ids)| ids.as_slice())
            .unwrap_or(&[])
    }
}

/// Builds the key orders from every schema of `source`, as `peerkit fmt`
/// does.
fn key_orders(source: &Path) -> Result<KeyOrders> {
    let mut schemas = Vec::new();
    for (name, path) in schema_files(source)? {
        let bytes =
            std::fs::read(&path).with_context(|| format!("failed to read {}", path.display()))?;
        let value = json::parse(&bytes, &json::DEFAULT_LIMITS)
            .with_context(|| format!("{} is invalid JSON", path.display()))?;
        schemas.push((name, value));
    }
    Ok(KeyOrders::from_schemas(&schemas))
}

/// Lists `schemas/*.schema.json` of `source` as (file name, path), sorted.
fn schema_files(source: &Path) -> Result<Vec<(String, PathBuf)>> {
    let folder = source.join(Layout::SCHEMAS);
    let mut files = Vec::new();
    for item in std::fs::read_dir(&folder)
        .with_context(|| format!("failed to list {}", folder.display()))?
    {
        let path = item?.path();
        let Some(name) = path.file_name().and_then(|name| name.to_str()) else {
            continue;
        };
        if name.ends_with(".schema.json") {
            files.push((name.to_string(), path.clone()));
        }
    }
    files.sort();
    Ok(files)
}

fn string(text: impl Into<String>) -> Value {
    Value::String(text.into())
}

fn strings(items: Vec<String>) -> Value {
    Value::Array(items.into_iter().map(Value::String).collect())
}

fn object(members: Vec<(&str, Value)>) -> Value {
    let mut map = Map::default();
    for (key, value) in members {
        map.insert(key, value);
    }
    Value::Object(map)
}

/// Returns a sentence of `words` words, capitalised and ending in a full
/// stop.
fn sentence(rng: &mut Pcg64, words: usize) -> String {
    let mut text = String::new();
    for index in 0..words {
        let word = WORDS[rng.random_range(0..WORDS.len())];
        if index == 0 {
            let mut characters = word.chars();
            if let Some(first) = characters.next() {
                text.extend(first.to_uppercase());
                text.push_str(characters.as_str());
            }
        } else {
            text.push(' ');
            text.push_str(word);
        }
    }
    text.push('.');
    text
}

/// Returns `sentences` sentences of 8 to 20 words each.
fn prose(rng: &mut Pcg64, sentences: usize) -> String {
    let parts: Vec<String> = (0..sentences)
        .map(|_| {
            let words = rng.random_range(8..=20);
            sentence(rng, words)
        })
        .collect();
    parts.join(" ")
}

/// Picks 1 to `max` distinct ids of `ids` (at least 1 when `ids` is not
/// empty), in vocabulary order.
fn pick(rng: &mut Pcg64, ids: &[String], max: usize) -> Vec<String> {
    if ids.is_empty() {
        return Vec::new();
    }
    let count = rng.random_range(1..=max.min(ids.len()));
    let start = rng.random_range(0..ids.len());
    let mut positions: Vec<usize> = (0..count).map(|step| (start + step) % ids.len()).collect();
    positions.sort_unstable();
    positions
        .into_iter()
        .map(|position| ids[position].clone())
        .collect()
}

fn entry_id(index: usize) -> String {
    format!("generated-{index:06}")
}

/// The random stream of entry `index`, so that any entry can be rebuilt
/// alone and a change to one entry leaves the others as they were.
fn entry_rng(seed: u64, index: usize) -> Pcg64 {
    let mixed = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15)
        ^ (index as u64).wrapping_mul(0xD1B5_4A32_D192_ED03);
    Pcg64::seed_from_u64(mixed)
}

/// Builds entry `index` of category `category`. Every entry but the first
/// relates to the one before it; one in 40 is deprecated in favour of the
/// one before it, so references always point to lower indexes and the
/// removal of the last entries leaves no reference dangling.
fn entry(seed: u64, terms: &Terms, index: usize, category: &str) -> Value {
    let rng = &mut entry_rng(seed, index);
    let mut members = vec![
        ("$schema", string("../../schemas/entry.schema.json")),
        ("id", string(entry_id(index))),
        ("title", string(format!("Generated support {index}"))),
        ("summary", string(sentence(rng, 18))),
    ];
    let sentences = rng.random_range(2..=8);
    members.push(("description", string(prose(rng, sentences))));
    members.push(("category", string(category)));
    members.push(("baseline", baseline(rng, terms, index)));
    members.push((
        "fits",
        object(vec![
            ("roles", strings(pick(rng, terms.list("roles"), 3))),
            (
                "intensities",
                strings(pick(rng, terms.list("intensities"), 3)),
            ),
            ("readiness", strings(pick(rng, terms.list("readiness"), 3))),
        ]),
    ));
    members.push(("obstacles", strings(pick(rng, terms.list("obstacles"), 3))));
    members.push(("providers", strings(pick(rng, terms.list("providers"), 2))));
    let practices = rng.random_range(2..=4);
    members.push((
        "practices",
        strings((0..practices).map(|_| sentence(rng, 10)).collect()),
    ));
    if rng.random_range(0..4) == 0 {
        let model = MODELS[rng.random_range(0..MODELS.len())];
        members.push((
            "adapted_from",
            object(vec![
                ("model", string(model)),
                ("changes", string(prose(rng, 2))),
            ]),
        ));
    }
    members.extend(lifecycle(rng, index));
    let related = if index > 0 {
        vec![entry_id(index - 1)]
    } else {
        Vec::new()
    };
    members.push(("related", strings(related)));
    members.push(("sources", sources(rng, index)));
    let date = format!(
        "2026-{:02}-{:02}",
        rng.random_range(1..=11),
        rng.random_range(1..=28)
    );
    members.push(("last_reviewed", string(date)));
    object(members)
}

/// A baseline requirement for one entry in 50, half of them conditional,
/// but never on a deprecated entry (see [`is_deprecated`]).
fn baseline(rng: &mut Pcg64, terms: &Terms, index: usize) -> Value {
    if index % 50 != 0 || is_deprecated(index) {
        return object(vec![("required", Value::Bool(false))]);
    }
    if index % 100 != 0 {
        return object(vec![("required", Value::Bool(true))]);
    }
    let condition = object(vec![
        ("text", string(sentence(rng, 8))),
        (
            "intensities",
            strings(pick(rng, terms.list("intensities"), 2)),
        ),
    ]);
    object(vec![
        ("required", Value::Bool(true)),
        ("condition", condition),
    ])
}

/// The status, with `superseded_by` and `deprecation_reason` on a
/// deprecated entry.
fn lifecycle(rng: &mut Pcg64, index: usize) -> Vec<(&'static str, Value)> {
    if is_deprecated(index) {
        return vec![
            ("status", string("deprecated")),
            ("superseded_by", string(entry_id(index - 1))),
            ("deprecation_reason", string(sentence(rng, 12))),
        ];
    }
    let status = ["draft", "proposed", "adopted"][rng.random_range(0..3)];
    vec![("status", string(status))]
}

/// Whether entry `index` is deprecated: one in 40, never the first.
fn is_deprecated(index: usize) -> bool {
    index > 0 && index % 40 == 0
}

fn sources(rng: &mut Pcg64, index: usize) -> Value {
    let count = rng.random_range(1..=2);
    let items = (0..count)
        .map(|number| {
            let kind = ["guideline", "study", "focus-group", "practice"][rng.random_range(0..4)];
            object(vec![
                (
                    "title",
                    string(format!(
                        "Synthetic source {number} of support {index}, 2026"
                    )),
                ),
                (
                    "url",
                    string(format!("https://example.org/sources/{index}/{number}")),
                ),
                ("kind", string(kind)),
            ])
        })
        .collect();
    Value::Array(items)
}

/// Edits an entry as a reviewer would: one more sentence of description,
/// one term more or less among the roles, and a new review date.
fn edit(rng: &mut Pcg64, terms: &Terms, value: &mut Value) -> Result<()> {
    let Value::Object(members) = value else {
        bail!("a generated entry is not an object");
    };
    if let Some(Value::String(description)) = members.get_mut("description") {
        description.push(' ');
        description.push_str(&sentence(rng, 12));
    }
    if let Some(Value::Object(fits)) = members.get_mut("fits") {
        let roles = terms.list("roles");
        let mut chosen: Vec<String> = match fits.get("roles") {
            Some(Value::Array(items)) => items
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect(),
            _ => Vec::new(),
        };
        let toggled = &roles[rng.random_range(0..roles.len())];
        match chosen.iter().position(|role| role == toggled) {
            Some(position) if chosen.len() > 1 => {
                chosen.remove(position);
            }
            Some(_) => {}
            None => chosen.push(toggled.clone()),
        }
        chosen.sort_by_key(|role| roles.iter().position(|term| term == role));
        fits.insert("roles", strings(chosen));
    }
    members.insert("last_reviewed", string("2026-12-01"));
    Ok(())
}

/// Writes entries as `catalogue/<category>/<id>.json` in canonical form.
struct Writer {
    root: PathBuf,
    orders: KeyOrders,
}

impl Writer {
    fn path(&self, category: &str, index: usize) -> PathBuf {
        self.root
            .join(Layout::entry_path(category, &entry_id(index)))
    }

    fn write(&self, category: &str, index: usize, value: &Value) -> Result<()> {
        let path = self.path(category, index);
        if let Some(folder) = path.parent() {
            std::fs::create_dir_all(folder)
                .with_context(|| format!("failed to create {}", folder.display()))?;
        }
        let text = self.orders.canonical_text(Some(FileKind::Entry), value);
        std::fs::write(&path, text).with_context(|| format!("failed to write {}", path.display()))
    }

    fn remove(&self, category: &str, index: usize) -> Result<()> {
        let path = self.path(category, index);
        std::fs::remove_file(&path).with_context(|| format!("failed to remove {}", path.display()))
    }
}

fn copy_fixed_files(source: &Path, out: &Path) -> Result<()> {
    std::fs::create_dir_all(out.join(Layout::CATALOGUE))?;
    std::fs::create_dir_all(out.join(Layout::SCHEMAS))?;
    for name in [Layout::VOCABULARY, Layout::MANIFEST] {
        std::fs::copy(source.join(name), out.join(name))
            .with_context(|| format!("failed to copy {name}"))?;
    }
    for (name, path) in schema_files(source)? {
        std::fs::copy(&path, out.join(Layout::SCHEMAS).join(&name))
            .with_context(|| format!("failed to copy {}", path.display()))?;
    }
    Ok(())
}

/// The prefix of the `$defs` names that the bundle gives the definitions
/// of `common.schema.json`.
const COMMON_PREFIX: &str = "common-";

/// Writes the entry schema with every definition of `common.schema.json`
/// copied into its `$defs` as `common-<name>`, and every `$ref` rewritten
/// to point there, so that other validators need no second file and no
/// network.
fn write_bundled_schema(source: &Path, orders: &KeyOrders, target: &Path) -> Result<()> {
    let read = |name: &str| -> Result<Value> {
        let path = source.join(Layout::SCHEMAS).join(name);
        let bytes =
            std::fs::read(&path).with_context(|| format!("failed to read {}", path.display()))?;
        json::parse(&bytes, &json::DEFAULT_LIMITS)
            .with_context(|| format!("{} is invalid JSON", path.display()))
    };
    let mut entry = read("entry.schema.json")?;
    rewrite_refs(&mut entry, "common.schema.json#/$defs/");
    let Value::Object(common) = read("common.schema.json")? else {
        bail!("common.schema.json is not a JSON object");
    };
    let Some(Value::Object(common_defs)) = common.get("$defs") else {
        bail!("common.schema.json has no $defs object");
    };
    let Value::Object(members) = &mut entry else {
        bail!("entry.schema.json is not a JSON object");
    };
    if members.get("$defs").is_none() {
        members.insert("$defs", Value::Object(Map::default()));
    }
    let Some(Value::Object(defs)) = members.get_mut("$defs") else {
        bail!("the $defs of entry.schema.json is not an object");
    };
    for (name, definition) in common_defs.iter() {
        let mut definition = definition.clone();
        rewrite_refs(&mut definition, "#/$defs/");
        defs.insert(format!("{COMMON_PREFIX}{name}"), definition);
    }
    std::fs::write(target, orders.canonical_text(None, &entry))
        .with_context(|| format!("failed to write {}", target.display()))
}

/// Rewrites each `$ref` that starts with `prefix` to the bundle's
/// `#/$defs/common-` name.
fn rewrite_refs(value: &mut Value, prefix: &str) {
    match value {
        Value::Object(members) => {
            for (key, member) in members.0.iter_mut() {
                match member {
                    Value::String(reference) if key == "$ref" => {
                        if let Some(name) = reference.strip_prefix(prefix) {
                            *reference = format!("#/$defs/{COMMON_PREFIX}{name}");
                        }
                    }
                    _ => rewrite_refs(member, prefix),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|item| rewrite_refs(item, prefix)),
        _ => {}
    }
}

/// A change to an entry's members that breaks the entry schema once.
type Fault = fn(&mut Map);

/// Writes one entry per way of breaking the entry schema, each otherwise
/// valid, named after the fault.
fn write_invalid_samples(
    seed: u64,
    terms: &Terms,
    orders: &KeyOrders,
    folder: &Path,
    category: &str,
) -> Result<()> {
    std::fs::create_dir_all(folder)
        .with_context(|| format!("failed to create {}", folder.display()))?;
    let faults: [(&str, Fault); 5] = [
        ("impossible-date", |members| {
            members.insert("last_reviewed", string("2026-02-30"))
        }),
        ("missing-summary", |members| {
            members.remove("summary");
        }),
        ("unknown-key", |members| {
            members.insert("colour", string("blue"))
        }),
        ("unknown-status", |members| {
            members.insert("status", string("finished"))
        }),
        ("relative-url", |members| {
            let source = object(vec![
                ("title", string("A source")),
                ("url", string("no scheme")),
                ("kind", string("study")),
            ]);
            members.insert("sources", Value::Array(vec![source]));
        }),
    ];
    for (name, fault) in faults {
        let mut value = entry(seed, terms, 1, category);
        let Value::Object(members) = &mut value else {
            bail!("a generated entry is not an object");
        };
        fault(members);
        let path = folder.join(format!("{name}.json"));
        std::fs::write(&path, orders.canonical_text(Some(FileKind::Entry), &value))
            .with_context(|| format!("failed to write {}", path.display()))?;
    }
    Ok(())
}

/// The fixed author and time of every commit and tag, so that the object
/// ids depend on the contents alone.
fn signature() -> Result<git2::Signature<'static>> {
    Ok(git2::Signature::new(
        "Benchmark",
        "bench@example.invalid",
        &git2::Time::new(1_764_000_000, 0),
    )?)
}

fn commit_all(repo: &git2::Repository, message: &str) -> Result<git2::Oid> {
    let mut index = repo.index()?;
    index.add_all(["*"], git2::IndexAddOption::DEFAULT, None)?;
    index.update_all(["*"], None)?;
    index.write()?;
    let tree = repo.find_tree(index.write_tree()?)?;
    let signature = signature()?;
    let parents = match repo.head() {
        Ok(head) => vec![head.peel_to_commit()?],
        Err(_) => Vec::new(),
    };
    let parent_refs: Vec<&git2::Commit> = parents.iter().collect();
    Ok(repo.commit(
        Some("HEAD"),
        &signature,
        &signature,
        message,
        &tree,
        &parent_refs,
    )?)
}

fn tag(repo: &git2::Repository, name: &str, commit: git2::Oid) -> Result<()> {
    let object = repo.find_object(commit, None)?;
    repo.tag(
        name,
        &object,
        &signature()?,
        &format!("Release {name}"),
        false,
    )?;
    Ok(())
}

/// Makes the second release: entries `0..changed` are edited, the next
/// `moved` move to the next category, the last `removed` are removed, and
/// `added` new entries follow the last index.
fn second_release(
    options: &Options,
    terms: &Terms,
    writer: &Writer,
    category_of: &dyn Fn(usize) -> String,
) -> Result<()> {
    let rng = &mut Pcg64::seed_from_u64(options.seed ^ 0x5EC0_4D00);
    for index in 0..options.changed {
        let mut value = entry(options.seed, terms, index, &category_of(index));
        edit(rng, terms, &mut value)?;
        writer.write(&category_of(index), index, &value)?;
    }
    for index in options.changed..options.changed + options.moved {
        writer.remove(&category_of(index), index)?;
        let category = category_of(index + 1);
        writer.write(
            &category,
            index,
            &entry(options.seed, terms, index, &category),
        )?;
    }
    for index in options.entries - options.removed..options.entries {
        writer.remove(&category_of(index), index)?;
    }
    // The added entries relate to nothing, because the entries just
    // before them were removed.
    for index in options.entries..options.entries + options.added {
        let mut value = entry(options.seed, terms, index, &category_of(index));
        if let Value::Object(members) = &mut value {
            members.insert("related", Value::Array(Vec::new()));
            if members.get("superseded_by").is_some() {
                members.remove("superseded_by");
            }
        }
        writer.write(&category_of(index), index, &value)?;
    }
    Ok(())
}

fn check_options(options: &Options) -> Result<()> {
    if options.out.exists() {
        bail!(
            "{} exists: remove it or choose another --out",
            options.out.display()
        );
    }
    if options.history {
        let edited = options.changed + options.moved + options.removed;
        ensure!(
            edited <= options.entries,
            "--changed, --moved and --removed add up to {edited}, more than the {} entries",
            options.entries
        );
    }
    Ok(())
}

fn main() -> Result<()> {
    let options = Options::parse();
    check_options(&options)?;
    let terms = Terms::read(&options.source)?;
    let orders = key_orders(&options.source)?;
    let categories = terms.list("categories").to_vec();
    if categories.is_empty() {
        bail!("the vocabulary has no categories");
    }
    let category_of = |index: usize| categories[index % categories.len()].clone();
    if let Some(target) = &options.bundled_schema {
        write_bundled_schema(&options.source, &orders, target)?;
    }
    if let Some(folder) = &options.invalid_samples {
        write_invalid_samples(options.seed, &terms, &orders, folder, &category_of(1))?;
    }

    copy_fixed_files(&options.source, &options.out)?;
    let writer = Writer {
        root: options.out.clone(),
        orders,
    };
    for index in 0..options.entries {
        let category = category_of(index);
        writer.write(
            &category,
            index,
            &entry(options.seed, &terms, index, &category),
        )?;
    }
    if !options.history {
        return Ok(());
    }

    let repo = git2::Repository::init(&options.out)?;
    let first = commit_all(&repo, "Generate the catalogue")?;
    tag(&repo, "v1.0.0", first)?;
    second_release(&options, &terms, &writer, &category_of)?;
    let second = commit_all(&repo, "Edit, move, add and remove generated entries")?;
    tag(&repo, "v1.1.0", second)?;
    Ok(())
}
