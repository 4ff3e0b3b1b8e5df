//! Generates synthetic catalogues that pass validation, for the benchmark.
//!
//! The output is a repository folder with the real `schemas/` and
//! vocabulary copied from this checkout and `N` generated entries of 1 to
//! 3 KB each, deterministic from the seed. With `--history` it is also a
//! git repository with two annotated release tags: `v1.0.0` on the first
//! commit, and `v1.1.0` after a commit that changes, moves, adds and
//! removes the given numbers of entries.
//!
//! ```text
//! cargo run --release --example bench_gen -- --entries 10000 --out bench-data/c10k --history
//! ```

use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use peerkit::json::{self, Map, Value};
use rand::{RngExt, SeedableRng};
use rand_pcg::Pcg64;

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
];

/// Parsed command-line options.
struct Options {
    entries: usize,
    seed: u64,
    out: PathBuf,
    source: PathBuf,
    history: bool,
    changed: usize,
    moved: usize,
    added: usize,
    removed: usize,
    bundled_schema: Option<PathBuf>,
}

fn parse_options() -> Result<Options> {
    let mut options = Options {
        entries: 1000,
        seed: 42,
        out: PathBuf::from("bench-data/catalogue"),
        source: PathBuf::from("."),
        history: false,
        changed: 100,
        moved: 10,
        added: 10,
        removed: 10,
        bundled_schema: None,
    };
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let mut value = || args.next().with_context(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "--entries" => options.entries = value()?.parse()?,
            "--seed" => options.seed = value()?.parse()?,
            "--out" => options.out = value()?.into(),
            "--source" => options.source = value()?.into(),
            "--history" => options.history = true,
            "--changed" => options.changed = value()?.parse()?,
            "--moved" => options.moved = value()?.parse()?,
            "--added" => options.added = value()?.parse()?,
            "--removed" => options.removed = value()?.parse()?,
            "--bundled-schema" => options.bundled_schema = Some(value()?.into()),
            other => bail!("unknown option {other}; see the comment at the top of bench_gen.rs"),
        }
    }
    Ok(options)
}

/// The term ids of each vocabulary list, read from the real vocabulary.
struct Terms {
    lists: Vec<(String, Vec<String>)>,
}

impl Terms {
    fn read(source: &Path) -> Result<Terms> {
        let path = source.join("catalogue/vocabulary.json");
        let bytes = std::fs::read(&path).with_context(|| format!("reading {}", path.display()))?;
        let value = json::parse(&bytes, &json::DEFAULT_LIMITS)?;
        let mut lists = Vec::new();
        let Value::Object(members) = value else {
            bail!("{} is not an object", path.display())
        };
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

fn string(text: impl Into<String>) -> Value {
    Value::String(text.into())
}

fn strings(items: Vec<String>) -> Value {
    Value::Array(items.into_iter().map(Value::String).collect())
}

fn sentence(rng: &mut Pcg64, words: usize) -> String {
    let mut text: Vec<&str> = (0..words)
        .map(|_| WORDS[rng.random_range(0..WORDS.len())])
        .collect();
    let first = text[0].to_owned();
    let capital = first[..1].to_uppercase() + &first[1..];
    text[0] = &capital;
    format!("{}.", text.join(" "))
}

fn pick(rng: &mut Pcg64, ids: &[String], at_most: usize) -> Vec<String> {
    let count = rng.random_range(1..=at_most.min(ids.len()));
    let start = rng.random_range(0..ids.len());
    let mut chosen: Vec<String> = (0..count)
        .map(|step| ids[(start + step) % ids.len()].clone())
        .collect();
    chosen.sort_by_key(|id| ids.iter().position(|term| term == id));
    chosen
}

/// Builds entry `index` in category `category`, with keys in canonical order.
fn entry(rng: &mut Pcg64, terms: &Terms, index: usize, category: &str, revision: u32) -> Value {
    let id = format!("generated-{index:06}");
    let mut members = Map::default();
    members.insert("$schema", string("../../schemas/entry.schema.json"));
    members.insert("id", string(&id));
    members.insert("title", string(format!("Generated support {index}")));
    members.insert("summary", string(sentence(rng, 18)));
    let paragraphs = rng.random_range(4..=16);
    let description: Vec<String> = (0..paragraphs).map(|_| sentence(rng, 14)).collect();
    let mut description = description.join(" ");
    if revision > 0 {
        description.push_str(&format!(" Revised in revision {revision}."));
    }
    members.insert("description", string(description));
    members.insert("category", string(category));
    let mut baseline = Map::default();
    baseline.insert("required", Value::Bool(index % 50 == 0));
    members.insert("baseline", Value::Object(baseline));
    let mut fits = Map::default();
    fits.insert("roles", strings(pick(rng, terms.list("roles"), 3)));
    fits.insert(
        "intensities",
        strings(pick(rng, terms.list("intensities"), 3)),
    );
    fits.insert("readiness", strings(pick(rng, terms.list("readiness"), 3)));
    members.insert("fits", Value::Object(fits));
    members.insert("obstacles", strings(pick(rng, terms.list("obstacles"), 3)));
    members.insert("providers", strings(pick(rng, terms.list("providers"), 2)));
    let practices = (0..rng.random_range(2..=5))
        .map(|_| sentence(rng, 10))
        .collect();
    members.insert("practices", strings(practices));
    members.insert("status", string("proposed"));
    let related = if index > 0 {
        vec![format!("generated-{:06}", index - 1)]
    } else {
        Vec::new()
    };
    members.insert("related", strings(related));
    let mut source = Map::default();
    source.insert("title", string("Synthetic source for the benchmark, 2026"));
    source.insert("kind", string("practice"));
    members.insert("sources", Value::Array(vec![Value::Object(source)]));
    members.insert(
        "last_reviewed",
        string(format!(
            "2026-{:02}-{:02}",
            rng.random_range(1..=11),
            rng.random_range(1..=28)
        )),
    );
    Value::Object(members)
}

/// Writes `value` in canonical form (2-space indentation, LF, final newline).
fn write_entry(root: &Path, category: &str, index: usize, value: &Value) -> Result<()> {
    let folder = root.join("catalogue").join(category);
    std::fs::create_dir_all(&folder)?;
    let path = folder.join(format!("generated-{index:06}.json"));
    let text = serde_json::to_string_pretty(&OrderedValue(value))? + "\n";
    std::fs::write(&path, text).with_context(|| format!("writing {}", path.display()))?;
    Ok(())
}

/// Serialises a peerkit value in its own key order with exact numbers.
struct OrderedValue<'a>(&'a Value);

impl serde::Serialize for OrderedValue<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{SerializeMap, SerializeSeq};
        match self.0 {
            Value::Null => serializer.serialize_unit(),
            Value::Bool(flag) => serializer.serialize_bool(*flag),
            Value::Number(number) => {
                let parsed: serde_json::Number =
                    number.as_str().parse().map_err(serde::ser::Error::custom)?;
                parsed.serialize(serializer)
            }
            Value::String(text) => serializer.serialize_str(text),
            Value::Array(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(&OrderedValue(item))?;
                }
                seq.end()
            }
            Value::Object(members) => {
                let mut map = serializer.serialize_map(Some(members.len()))?;
                for (key, value) in members.iter() {
                    map.serialize_entry(key, &OrderedValue(value))?;
                }
                map.end()
            }
        }
    }
}

fn copy_fixed_files(source: &Path, out: &Path) -> Result<()> {
    std::fs::create_dir_all(out.join("catalogue"))?;
    std::fs::create_dir_all(out.join("schemas"))?;
    for name in ["catalogue/vocabulary.json", "catalogue/toolkit.json"] {
        std::fs::copy(source.join(name), out.join(name))
            .with_context(|| format!("copying {name}"))?;
    }
    for file in std::fs::read_dir(source.join("schemas"))? {
        let file = file?;
        std::fs::copy(file.path(), out.join("schemas").join(file.file_name()))?;
    }
    Ok(())
}

/// Writes the entry schema with `common.schema.json` inlined into its
/// `$defs`, so that other validators need no second file and no network.
fn write_bundled_schema(source: &Path, target: &Path) -> Result<()> {
    let read = |name: &str| -> Result<serde_json::Value> {
        let bytes = std::fs::read(source.join("schemas").join(name))?;
        Ok(serde_json::from_slice(&bytes)?)
    };
    let mut entry = read("entry.schema.json")?;
    let common = read("common.schema.json")?;
    fn rewrite(value: &mut serde_json::Value) {
        match value {
            serde_json::Value::Object(members) => {
                for (key, member) in members.iter_mut() {
                    if key == "$ref" {
                        if let Some(reference) = member.as_str() {
                            let local =
                                reference.replace("common.schema.json#/$defs/", "#/$defs/common-");
                            *member = serde_json::Value::String(local);
                        }
                    } else {
                        rewrite(member);
                    }
                }
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(rewrite),
            _ => {}
        }
    }
    rewrite(&mut entry);
    let defs = entry
        .as_object_mut()
        .context("entry schema is not an object")?;
    let local_defs = defs.entry("$defs").or_insert_with(|| serde_json::json!({}));
    if let Some(common_defs) = common.get("$defs").and_then(|defs| defs.as_object()) {
        for (name, definition) in common_defs {
            let mut definition = definition.clone();
            rewrite(&mut definition);
            local_defs[format!("common-{name}")] = definition;
        }
    }
    std::fs::write(target, serde_json::to_string_pretty(&entry)? + "\n")?;
    Ok(())
}

fn commit_all(repo: &git2::Repository, message: &str) -> Result<git2::Oid> {
    let mut index = repo.index()?;
    index.add_all(["*"], git2::IndexAddOption::DEFAULT, None)?;
    index.update_all(["*"], None)?;
    index.write()?;
    let tree = repo.find_tree(index.write_tree()?)?;
    let signature = git2::Signature::new(
        "Benchmark",
        "bench@example.invalid",
        &git2::Time::new(1_764_000_000, 0),
    )?;
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
    let signature = git2::Signature::new(
        "Benchmark",
        "bench@example.invalid",
        &git2::Time::new(1_764_000_000, 0),
    )?;
    let object = repo.find_object(commit, None)?;
    repo.tag(name, &object, &signature, &format!("Release {name}"), false)?;
    Ok(())
}

fn main() -> Result<()> {
    let options = parse_options()?;
    if options.out.exists() {
        bail!(
            "{} exists; remove it or choose another --out",
            options.out.display()
        );
    }
    copy_fixed_files(&options.source, &options.out)?;
    if let Some(target) = &options.bundled_schema {
        write_bundled_schema(&options.source, target)?;
    }
    let terms = Terms::read(&options.source)?;
    let categories = terms.list("categories").to_vec();
    if categories.is_empty() {
        bail!("the vocabulary has no categories");
    }
    let mut rng = Pcg64::seed_from_u64(options.seed);
    let category_of = |index: usize| categories[index % categories.len()].clone();
    for index in 0..options.entries {
        let value = entry(&mut rng, &terms, index, &category_of(index), 0);
        write_entry(&options.out, &category_of(index), index, &value)?;
    }
    if !options.history {
        return Ok(());
    }

    let repo = git2::Repository::init(&options.out)?;
    let first = commit_all(&repo, "Generated catalogue")?;
    tag(&repo, "v1.0.0", first)?;

    // The second release: entries from the start change, the next ones
    // move to another category, the last ones are removed, new ones added.
    for index in 0..options.changed.min(options.entries) {
        let value = entry(&mut rng, &terms, index, &category_of(index), 1);
        write_entry(&options.out, &category_of(index), index, &value)?;
    }
    let moved = options.changed..(options.changed + options.moved).min(options.entries);
    for index in moved {
        let old = options
            .out
            .join("catalogue")
            .join(category_of(index))
            .join(format!("generated-{index:06}.json"));
        std::fs::remove_file(old)?;
        let category = category_of(index + 1);
        let value = entry(&mut rng, &terms, index, &category, 1);
        write_entry(&options.out, &category, index, &value)?;
    }
    for index in options.entries.saturating_sub(options.removed)..options.entries {
        let path = options
            .out
            .join("catalogue")
            .join(category_of(index))
            .join(format!("generated-{index:06}.json"));
        std::fs::remove_file(path)?;
    }
    // Added entries link to nothing, because the entries just before
    // them were removed.
    for index in options.entries..options.entries + options.added {
        let mut value = entry(&mut rng, &terms, index, &category_of(index), 0);
        if let Value::Object(members) = &mut value {
            members.insert("related", Value::Array(Vec::new()));
        }
        write_entry(&options.out, &category_of(index), index, &value)?;
    }
    let second = commit_all(&repo, "Change, move, add and remove generated entries")?;
    tag(&repo, "v1.1.0", second)?;
    Ok(())
}
