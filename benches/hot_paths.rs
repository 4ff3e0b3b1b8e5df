//! Criterion benchmarks of the hot paths: the schema check of one entry,
//! the strict reader (into its own values and into serde_json, as
//! validation reads), pointer-to-position mapping and the word diff.
//!
//! The inputs are built from this checkout's schemas and entries, so the
//! numbers follow the real data. Run with `cargo bench --bench hot_paths`.

use std::hint::black_box;
use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use peerkit::catalogue::{FileKind, SourceFile};
use peerkit::check::SchemaSet;
use peerkit::json::{self, Limits, Value};

/// The entry that the single-entry benchmarks use, one of the longest of
/// the shipped catalogue.
const ENTRY: &str = "catalogue/supervision-debriefing/supportive-supervision.json";

/// The size of the large file for the reader and `locate`.
const LARGE_FILE_BYTES: usize = 1024 * 1024;

fn read(path: &str) -> Vec<u8> {
    let full = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    std::fs::read(&full)
        .unwrap_or_else(|error| panic!("failed to read {}: {error}", full.display()))
}

/// Every `schemas/*.json` of the checkout, as `SchemaSet::compile` takes
/// them.
fn schema_files() -> Vec<SourceFile> {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas");
    let mut files: Vec<SourceFile> = std::fs::read_dir(&folder)
        .expect("failed to list schemas/")
        .map(|item| item.expect("failed to list schemas/").path())
        .filter(|path| {
            path.extension()
                .is_some_and(|extension| extension == "json")
        })
        .map(|path| {
            let name = path
                .file_name()
                .and_then(|name| name.to_str())
                .expect("a schema file name is not UTF-8");
            SourceFile::new(
                format!("schemas/{name}"),
                std::fs::read(&path).expect("failed to read a schema"),
            )
        })
        .collect();
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files
}

/// A JSON array of copies of the benchmark entry, of about
/// `LARGE_FILE_BYTES` bytes, in the canonical layout of the entry files.
fn large_file() -> String {
    let entry = String::from_utf8(read(ENTRY)).expect("the entry is not UTF-8");
    let item = entry.trim_end().replace('\n', "\n  ");
    let copies = LARGE_FILE_BYTES / (item.len() + 4);
    let items = vec![format!("  {item}"); copies];
    format!("[\n{}\n]\n", items.join(",\n"))
}

fn one_entry(c: &mut Criterion) {
    let bytes = read(ENTRY);
    let schemas = SchemaSet::compile(&schema_files())
        .unwrap_or_else(|diagnostics| panic!("the schemas do not compile: {diagnostics:?}"));
    let value = json::parse(&bytes, &json::DEFAULT_LIMITS).expect("the entry is invalid JSON");
    assert!(
        schemas.check(FileKind::Entry, ENTRY, &value).is_empty(),
        "the benchmark entry does not pass its schema"
    );

    let mut group = c.benchmark_group("one_entry");
    group.throughput(Throughput::Bytes(bytes.len() as u64));
    group.bench_function("parse", |b| {
        b.iter(|| json::parse(black_box(&bytes), &json::DEFAULT_LIMITS))
    });
    group.bench_function("parse_serde", |b| {
        b.iter(|| json::parse_serde(black_box(&bytes), &json::DEFAULT_LIMITS))
    });
    group.bench_function("schema_check", |b| {
        b.iter(|| schemas.check(FileKind::Entry, ENTRY, black_box(&value)))
    });
    group.bench_function("serde_json_floor", |b| {
        b.iter(|| serde_json::from_slice::<serde_json::Value>(black_box(&bytes)))
    });
    group.finish();
}

fn large_file_paths(c: &mut Criterion) {
    let text = large_file();
    let limits = Limits {
        max_bytes: 2 * LARGE_FILE_BYTES,
        ..json::DEFAULT_LIMITS
    };
    let Value::Array(items) =
        json::parse(text.as_bytes(), &limits).expect("the large file is invalid JSON")
    else {
        panic!("the large file is not an array");
    };
    let last = format!("/{}/sources/0/title", items.len() - 1);
    assert!(
        json::locate(&text, &last, false).is_some(),
        "locate finds nothing at {last}"
    );

    let mut group = c.benchmark_group("large_file");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("strict_reader", |b| {
        b.iter(|| json::parse(black_box(text.as_bytes()), &limits))
    });
    group.bench_function("serde_json_floor", |b| {
        b.iter(|| serde_json::from_slice::<serde_json::Value>(black_box(text.as_bytes())))
    });
    group.bench_function("locate_last_value", |b| {
        b.iter(|| json::locate(black_box(&text), &last, false))
    });
    group.finish();
}

/// A description of about 4,000 characters (the schema's maximum) and the
/// same text with a word changed near the
/// start, one sentence rewritten in the middle and one added at the end.
fn descriptions() -> (String, String) {
    let sentence = "Peer workers meet a trained coordinator after each field shift to debrief, with paid time and a written plan.";
    let old: Vec<String> = (0..32)
        .map(|index| format!("{sentence} Step {index}."))
        .collect();
    let mut new = old.clone();
    new[1] = new[1].replace("trained", "qualified");
    new[18] = "A rewritten sentence about grief circles and memorial time for the whole team."
        .to_string();
    new.push("One more sentence at the end.".to_string());
    (old.join(" "), new.join(" "))
}

fn word_diff(c: &mut Criterion) {
    let (old, new) = descriptions();
    let mut group = c.benchmark_group("word_diff");
    group.throughput(Throughput::Bytes((old.len() + new.len()) as u64));
    group.bench_function("similar_from_words", |b| {
        b.iter(|| {
            similar::TextDiff::from_words(black_box(old.as_str()), black_box(new.as_str()))
                .ops()
                .len()
        })
    });
    group.bench_function("change_word_diff", |b| {
        b.iter(|| peerkit::change::word_diff(black_box(&old), black_box(&new)))
    });
    group.finish();
}

criterion_group!(benches, one_entry, large_file_paths, word_diff);
criterion_main!(benches);
