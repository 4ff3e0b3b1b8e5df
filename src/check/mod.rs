//! Schema checks and the semantic rules over a whole catalogue.
//!
//! [`validate`] runs the whole pipeline on files held in memory, so the
//! same code checks the working tree and a git tree: strict reading,
//! schema checks and decoding of each file (in parallel), then the rules
//! over the whole catalogue, then positions for the files that have a
//! diagnostic.

mod finding;
mod locate;
mod read;
mod rules;
mod schema;

use std::collections::HashSet;

use rayon::prelude::*;

use crate::catalogue::{Catalogue, FileKind, Layout, Record, SourceFile};
use crate::report::{Code, Diagnostic, Severity};
use finding::Finding;

pub use locate::place_diagnostics;
pub use schema::SchemaSet;

/// The default age, in months, after which an entry's review is due.
pub const DEFAULT_REVIEW_AFTER_MONTHS: u32 = 24;

/// What a validation run depends on beyond the files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// Today's date, passed in because the core reads no clock.
    pub today: time::Date,
    /// An entry or gap last reviewed more than this many months before
    /// `today` gets a `review-due` warning.
    pub review_after_months: u32,
}

impl Options {
    /// Options for `today` with the default review threshold.
    pub fn new(today: time::Date) -> Self {
        Options {
            today,
            review_after_months: DEFAULT_REVIEW_AFTER_MONTHS,
        }
    }
}

/// The result of validating a set of files.
#[derive(Debug, Clone)]
pub struct Validation {
    /// The records that passed reading, their schema and decoding. A file
    /// with any such fault is left out, so rules never see half a record.
    pub catalogue: Catalogue,
    /// Every finding, sorted by file, then position, then code.
    pub diagnostics: Vec<Diagnostic>,
}

impl Validation {
    /// The number of error diagnostics.
    pub fn errors(&self) -> usize {
        count(&self.diagnostics, Severity::Error)
    }

    /// The number of warning diagnostics.
    pub fn warnings(&self) -> usize {
        count(&self.diagnostics, Severity::Warning)
    }

    /// Whether there is no error (warnings allowed).
    pub fn is_valid(&self) -> bool {
        self.errors() == 0
    }
}

fn count(diagnostics: &[Diagnostic], severity: Severity) -> usize {
    diagnostics
        .iter()
        .filter(|diagnostic| diagnostic.severity == severity)
        .count()
}

/// Validates `files`: every file under `catalogue/` and `schemas/`, with
/// root-relative paths, as [`crate::catalogue::read_tree`] returns them.
///
/// When a schema is invalid, the catalogue files are still read strictly
/// but not schema-checked, decoded or checked by the rules, because every
/// later step would report noise.
pub fn validate(files: &[SourceFile], options: &Options) -> Validation {
    let mut findings: Vec<Finding> = Vec::new();
    let schemas = match SchemaSet::compile(files) {
        Ok(schemas) => Some(schemas),
        Err(diagnostics) => {
            findings.extend(diagnostics.into_iter().map(Finding::from));
            None
        }
    };

    let checked: Vec<CheckedFile> = files
        .par_iter()
        .filter(|file| file.path.starts_with("catalogue/"))
        .map(|file| check_file(file, schemas.as_ref()))
        .collect();

    let mut catalogue = Catalogue::default();
    let mut broken_ids = HashSet::new();
    for file in checked {
        findings.extend(file.findings);
        broken_ids.extend(file.broken_ids);
        if let Some(record) = file.record {
            add_record(&mut catalogue, file.path, record);
        }
    }
    if schemas.is_some() {
        findings.extend(missing_files(files));
        let context = rules::Context {
            catalogue: &catalogue,
            broken_ids: &broken_ids,
            options,
        };
        findings.extend(rules::run(&context));
    }

    let mut diagnostics = locate::place(findings, files);
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    Validation {
        catalogue,
        diagnostics,
    }
}

/// One catalogue file after reading, its schema check and decoding.
struct CheckedFile {
    path: String,
    record: Option<Record>,
    findings: Vec<Finding>,
    /// The ids this file may hold although it did not pass: references to
    /// them are not reported, because they may well be right.
    broken_ids: Vec<String>,
}

fn check_file(file: &SourceFile, schemas: Option<&SchemaSet>) -> CheckedFile {
    let mut checked = CheckedFile {
        path: file.path.clone(),
        record: None,
        findings: Vec::new(),
        broken_ids: Vec::new(),
    };
    let Some(kind) = Layout::kind_of(&file.path) else {
        checked.findings.push(unknown_file(&file.path).into());
        return checked;
    };
    if let Some(stem) = file_stem(&file.path) {
        checked.broken_ids.push(stem);
    }
    let value = match read::read(file) {
        Ok(value) => value,
        Err(diagnostic) => {
            checked.findings.push(Finding::from(*diagnostic));
            return checked;
        }
    };
    if let Some(id) = value.get("id").and_then(|id| id.as_str()) {
        checked.broken_ids.push(id.to_string());
    }
    let Some(schemas) = schemas else {
        return checked;
    };
    let instance = value.to_serde();
    drop(value);
    checked.findings = schemas.check_instance(kind, &file.path, &instance);
    if !checked.findings.is_empty() {
        return checked;
    }
    match Record::decode_serde(kind, instance) {
        Some(Ok(record)) => {
            checked.record = Some(record);
            checked.broken_ids.clear();
        }
        Some(Err(error)) => checked
            .findings
            .push(decode_failure(&file.path, kind, &error)),
        None => {}
    }
    checked
}

fn add_record(catalogue: &mut Catalogue, path: String, record: Record) {
    match record {
        Record::Manifest(manifest) => catalogue.manifest = Some(manifest),
        Record::Vocabulary(vocabulary) => catalogue.vocabulary = Some(vocabulary),
        Record::Entry(entry) => catalogue.entries.push((path, *entry)),
        Record::Gap(gap) => catalogue.gaps.push((path, *gap)),
    }
}

fn file_stem(path: &str) -> Option<String> {
    let name = path.rsplit('/').next()?;
    name.strip_suffix(".json").map(str::to_string)
}

fn unknown_file(path: &str) -> Diagnostic {
    Diagnostic::error(
        Code::UnknownFile,
        path,
        "the file is no kind of catalogue record",
    )
    .with_help(
        "catalogue/ holds toolkit.json, vocabulary.json, entries at catalogue/<category>/<id>.json \
         and gaps at catalogue/gaps/<id>.json: move or delete this file",
    )
}

/// A value that passed its schema but not the typed model: the schema and
/// the model disagree, which is a fault of the schemas.
fn decode_failure(path: &str, kind: FileKind, error: &serde_json::Error) -> Finding {
    Diagnostic::error(
        Code::Schema,
        path,
        format!(
            "the file passes its schema but does not decode as {}: {error}",
            schema::kind_name(kind)
        ),
    )
    .with_help("the schema in schemas/ and peerkit's record model disagree: report this to the maintainers")
    .into()
}

/// Reports a missing manifest or vocabulary, without which the rules
/// cannot run in full.
fn missing_files(files: &[SourceFile]) -> Vec<Finding> {
    [Layout::MANIFEST, Layout::VOCABULARY]
        .into_iter()
        .filter(|path| !files.iter().any(|file| file.path == *path))
        .map(|path| {
            Diagnostic::error(Code::Io, path, "the file is missing")
                .with_help(
                    "every catalogue has catalogue/toolkit.json and catalogue/vocabulary.json",
                )
                .into()
        })
        .collect()
}
