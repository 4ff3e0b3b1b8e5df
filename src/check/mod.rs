//! Schema checks and the semantic rules over a whole catalogue.
//!
//! [`validate`] runs the whole pipeline on files held in memory, so the
//! same code checks the working tree and a git tree. [`validate_tree`]
//! runs it on a working tree, reading each file as it is checked. Each
//! file is read strictly, schema-checked, decoded and checked by the rules
//! about it alone (in parallel), and then reduced to a summary for the
//! rules across records. Positions are computed only for the files that
//! have a diagnostic.

pub mod age;
mod finding;
mod locate;
mod read;
mod rules;
mod schema;

use std::borrow::Cow;
use std::collections::{BTreeSet, HashSet};

use rayon::prelude::*;

use crate::catalogue::{Catalogue, FileKind, Layout, Record, SourceFile, Tree, Vocabulary};
use crate::report::{Code, Diagnostic, Severity};
use finding::Finding;
use rules::Summary;

pub use locate::place_diagnostics;
pub use schema::SchemaSet;

/// The default age after which an entry's review is due: 24 months.
pub const DEFAULT_REVIEW_AFTER: age::Age = age::Age {
    amount: 24,
    unit: age::AgeUnit::Months,
};

/// What a validation run depends on beyond the files.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// Today's date, passed in because the core reads no clock.
    pub today: time::Date,
    /// An entry or gap last reviewed longer than this before `today` gets a
    /// `review-due` warning.
    pub review_after: age::Age,
}

impl Options {
    /// Options for `today` with the default review threshold.
    pub fn new(today: time::Date) -> Self {
        Options {
            today,
            review_after: DEFAULT_REVIEW_AFTER,
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

/// The result of [`validate_tree`]: the diagnostics and the files that they
/// point into, for renderers that quote source lines.
#[derive(Debug, Clone)]
pub struct Report {
    /// Every finding, sorted by file, then position, then code.
    pub diagnostics: Vec<Diagnostic>,
    /// The contents of each file that a diagnostic or its related place
    /// names, sorted by path. Files without a diagnostic are not kept.
    pub sources: Vec<SourceFile>,
}

/// Validates `files`: every file under `catalogue/` and `schemas/`, with
/// root-relative paths, as [`crate::catalogue::read_tree`] returns them,
/// and keeps every record that passed.
///
/// When a schema is invalid, the catalogue files are still read strictly
/// but not schema-checked, decoded or checked by the rules, because every
/// later step would report noise.
pub fn validate(files: &[SourceFile], options: &Options) -> Validation {
    let input = Input::Memory(files);
    let run = Pipeline::run(&input, options, true);
    let diagnostics = finish(run.findings, files);
    Validation {
        catalogue: run.catalogue,
        diagnostics,
    }
}

/// Validates the files of a working tree like [`validate`], but reads each
/// catalogue file when it is checked and drops it after. Only what the
/// rules across records need (ids, paths and references) is kept, with the
/// contents of the files that have a diagnostic, so memory stays well
/// below the size of the catalogue.
pub fn validate_tree(tree: &Tree, options: &Options) -> Report {
    let input = Input::Tree(tree);
    let run = Pipeline::run(&input, options, false);
    let mut sources = run.texts;
    let named: BTreeSet<String> = run
        .findings
        .iter()
        .flat_map(|finding| {
            let related = finding.diagnostic.related.iter();
            std::iter::once(finding.diagnostic.file.clone())
                .chain(related.map(|related| related.file.clone()))
        })
        .collect();
    let in_hand: HashSet<String> = sources.iter().map(|file| file.path.clone()).collect();
    for path in &named {
        let listed = tree.paths().binary_search(path).is_ok();
        if in_hand.contains(path) || !listed {
            continue;
        }
        // A related file with no diagnostic of its own: its position is
        // only a help, so a file that can no longer be read gets none.
        if let Ok(bytes) = tree.read(path) {
            sources.push(SourceFile::new(path.as_str(), bytes));
        }
    }
    sources.retain(|file| named.contains(&file.path));
    sources.sort_by(|a, b| a.path.cmp(&b.path));
    let diagnostics = finish(run.findings, &sources);
    Report {
        diagnostics,
        sources,
    }
}

/// Places and sorts the findings.
fn finish(findings: Vec<Finding>, texts: &[SourceFile]) -> Vec<Diagnostic> {
    let mut diagnostics = locate::place(findings, texts);
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    diagnostics
}

/// The files a validation run reads: already in memory, or listed in a
/// working tree and read one at a time.
enum Input<'a> {
    Memory(&'a [SourceFile]),
    Tree(&'a Tree),
}

impl<'a> Input<'a> {
    fn paths(&self) -> Vec<&'a str> {
        match self {
            Input::Memory(files) => files.iter().map(|file| file.path.as_str()).collect(),
            Input::Tree(tree) => tree.paths().iter().map(String::as_str).collect(),
        }
    }

    /// Returns the contents of the file at `index` of [`Input::paths`].
    fn bytes(&self, index: usize) -> Result<Cow<'a, [u8]>, Box<Diagnostic>> {
        match self {
            Input::Memory(files) => Ok(Cow::Borrowed(&files[index].bytes)),
            Input::Tree(tree) => {
                let path = &tree.paths()[index];
                tree.read(path).map(Cow::Owned).map_err(|error| {
                    let diagnostic = Diagnostic::error(Code::Io, path.as_str(), error.to_string())
                        .with_help("check that the file exists and can be read, then rerun");
                    Box::new(diagnostic)
                })
            }
        }
    }

    /// Returns whether the files stay in memory after the run, in which
    /// case the run keeps no copy of their contents.
    fn in_memory(&self) -> bool {
        matches!(self, Input::Memory(_))
    }
}

/// The findings, records and summaries that a run of the pipeline gathers.
#[derive(Default)]
struct Pipeline {
    findings: Vec<Finding>,
    /// The records that passed, when the caller keeps them; the manifest
    /// and the vocabulary always.
    catalogue: Catalogue,
    summaries: Vec<Summary>,
    broken_ids: Vec<String>,
    /// For input read from a tree: the contents of the files that have a
    /// finding, and of the schemas.
    texts: Vec<SourceFile>,
}

impl Pipeline {
    fn run(input: &Input<'_>, options: &Options, keep_records: bool) -> Pipeline {
        let mut pipeline = Pipeline::default();
        let paths = input.paths();
        let schemas = pipeline.compile_schemas(input, &paths);

        // The vocabulary and the manifest go first, because the rules about
        // each entry and gap read the vocabulary.
        let (first, rest): (Vec<usize>, Vec<usize>) = (0..paths.len())
            .filter(|index| paths[*index].starts_with("catalogue/"))
            .partition(|index| matches!(paths[*index], Layout::MANIFEST | Layout::VOCABULARY));
        for index in first {
            let checker = Checker {
                input,
                schemas: schemas.as_ref(),
                vocabulary: None,
                options,
                keep_record: true,
            };
            let checked = checker.check(index, paths[index]);
            pipeline = pipeline.add(checked, input);
        }
        let vocabulary = pipeline.catalogue.vocabulary.take();
        let checker = Checker {
            input,
            schemas: schemas.as_ref(),
            vocabulary: vocabulary.as_ref(),
            options,
            keep_record: keep_records,
        };
        // Each thread gathers its share in path order, and the shares are
        // joined in order, so no list of every checked file is ever held.
        let gathered = rest
            .par_iter()
            .fold(Pipeline::default, |gathered, index| {
                gathered.add(checker.check(*index, paths[*index]), input)
            })
            .reduce(Pipeline::default, Pipeline::merge);
        pipeline = pipeline.merge(gathered);
        pipeline.catalogue.vocabulary = vocabulary;

        if schemas.is_some() {
            pipeline.findings.extend(missing_files(&paths));
            let broken_ids: HashSet<String> = std::mem::take(&mut pipeline.broken_ids)
                .into_iter()
                .collect();
            let across = rules::across(&pipeline.summaries, &broken_ids);
            pipeline.findings.extend(across);
        }
        pipeline
    }

    /// Reads and compiles the schemas, keeping their texts for positions.
    fn compile_schemas(&mut self, input: &Input<'_>, paths: &[&str]) -> Option<SchemaSet> {
        let mut files = Vec::new();
        for (index, path) in paths.iter().enumerate() {
            if !path.starts_with("schemas/") {
                continue;
            }
            match input.bytes(index) {
                Ok(bytes) => files.push(SourceFile::new(*path, bytes.into_owned())),
                Err(diagnostic) => self.findings.push(Finding::from(*diagnostic)),
            }
        }
        let schemas = match SchemaSet::compile(&files) {
            Ok(schemas) => Some(schemas),
            Err(diagnostics) => {
                self.findings
                    .extend(diagnostics.into_iter().map(Finding::from));
                None
            }
        };
        if !input.in_memory() {
            self.texts.extend(files);
        }
        schemas
    }

    fn add(mut self, file: CheckedFile<'_>, input: &Input<'_>) -> Pipeline {
        if !file.findings.is_empty() && !input.in_memory() {
            self.texts.extend(file.text);
        }
        self.findings.extend(file.findings);
        self.broken_ids.extend(file.broken_ids);
        self.summaries.extend(file.summary);
        if let Some(record) = file.record {
            add_record(&mut self.catalogue, file.path.to_string(), record);
        }
        self
    }

    /// Appends what `later`, which gathered the files after this one's,
    /// holds. The manifest and the vocabulary are never in `later`.
    fn merge(mut self, later: Pipeline) -> Pipeline {
        self.findings.extend(later.findings);
        self.summaries.extend(later.summaries);
        self.broken_ids.extend(later.broken_ids);
        self.texts.extend(later.texts);
        self.catalogue.entries.extend(later.catalogue.entries);
        self.catalogue.gaps.extend(later.catalogue.gaps);
        self
    }
}

/// Checks one catalogue file at a time; shared by the threads of a run.
struct Checker<'a> {
    input: &'a Input<'a>,
    schemas: Option<&'a SchemaSet>,
    vocabulary: Option<&'a Vocabulary>,
    options: &'a Options,
    keep_record: bool,
}

/// One catalogue file after reading, its schema check, decoding and the
/// rules about it alone.
struct CheckedFile<'p> {
    path: &'p str,
    record: Option<Record>,
    summary: Option<Summary>,
    findings: Vec<Finding>,
    /// The ids this file may hold although it did not pass: references to
    /// them are not reported, because they may well be right.
    broken_ids: Vec<String>,
    /// The file's contents, when it could be read.
    text: Option<SourceFile>,
}

impl Checker<'_> {
    fn check<'p>(&self, index: usize, path: &'p str) -> CheckedFile<'p> {
        let mut checked = CheckedFile {
            path,
            record: None,
            summary: None,
            findings: Vec::new(),
            broken_ids: Vec::new(),
            text: None,
        };
        let Some(kind) = Layout::kind_of(path) else {
            checked.findings.push(unknown_file(path).into());
            return checked;
        };
        if let Some(stem) = file_stem(path) {
            checked.broken_ids.push(stem);
        }
        let bytes = match self.input.bytes(index) {
            Ok(bytes) => bytes,
            Err(diagnostic) => {
                checked.findings.push(Finding::from(*diagnostic));
                return checked;
            }
        };
        self.check_bytes(kind, &bytes, &mut checked);
        if !checked.findings.is_empty() && !self.input.in_memory() {
            checked.text = Some(SourceFile::new(path, bytes.into_owned()));
        }
        checked
    }

    fn check_bytes(&self, kind: FileKind, bytes: &[u8], checked: &mut CheckedFile<'_>) {
        let path = checked.path;
        let instance = match read::read(path, bytes) {
            Ok(value) => value,
            Err(diagnostic) => {
                checked.findings.push(Finding::from(*diagnostic));
                return;
            }
        };
        if let Some(id) = instance.get("id").and_then(|id| id.as_str()) {
            checked.broken_ids.push(id.to_string());
        }
        let Some(schemas) = self.schemas else {
            return;
        };

        checked.findings = schemas.check_findings(kind, path, &instance);
        if let Some((named, finding)) = misplaced(kind, path, &instance) {
            // Trust `$schema` only when the content fits that kind better, so
            // an entry with a pasted gap `$schema` still gets wrong-schema.
            let as_named = schemas.check_findings(named, path, &instance);
            if as_named.len() < checked.findings.len() {
                checked.findings = vec![finding];
                return;
            }
        }
        if !checked.findings.is_empty() {
            return;
        }

        let record = match Record::decode_serde(kind, instance) {
            Some(Ok(record)) => record,
            Some(Err(error)) => {
                checked.findings.push(decode_failure(path, kind, &error));
                return;
            }
            None => return,
        };
        checked.broken_ids.clear();

        let context = rules::RecordContext {
            path,
            vocabulary: self.vocabulary,
            options: self.options,
        };
        let (findings, summary) = rules::record(&record, &context);
        checked.findings = findings;
        checked.summary = summary;
        let always = matches!(record, Record::Manifest(_) | Record::Vocabulary(_));
        if self.keep_record || always {
            checked.record = Some(record);
        }
    }
}

/// The kinds of record that a `$schema` value can name.
const RECORD_KINDS: [FileKind; 4] = [
    FileKind::Manifest,
    FileKind::Vocabulary,
    FileKind::Entry,
    FileKind::Gap,
];

/// Describes a file whose `$schema` names the schema of another kind of
/// record than its folder holds, such as a gap in a category folder, and
/// returns that kind. The caller reports this in place of the schema
/// errors, which would name every key of the other kind as unknown.
fn misplaced(kind: FileKind, path: &str, value: &serde_json::Value) -> Option<(FileKind, Finding)> {
    let declared = value.get("$schema")?.as_str()?;
    let name = declared.rsplit('/').next()?;
    let named = RECORD_KINDS
        .into_iter()
        .find(|other| other.schema_file() == Some(name))?;
    if named == kind {
        return None;
    }
    let text = |key: &str| value.get(key).and_then(serde_json::Value::as_str);
    let expected = match named {
        FileKind::Manifest => Some(Layout::MANIFEST.to_string()),
        FileKind::Vocabulary => Some(Layout::VOCABULARY.to_string()),
        FileKind::Gap => text("id").map(Layout::gap_path),
        _ => text("category")
            .zip(text("id"))
            .map(|(category, id)| Layout::entry_path(category, id)),
    };
    let help = match expected {
        Some(expected) => format!("move the file to {expected}"),
        None => format!(
            "move the file to the folder for {} files, or set `$schema` for {}",
            schema::kind_name(named),
            schema::article_kind(kind)
        ),
    };
    let message = format!(
        "the file is {} (its `$schema` names {name}), but its path is that of {}",
        schema::article_kind(named),
        schema::article_kind(kind)
    );
    let diagnostic = Diagnostic::error(Code::PathMismatch, path, message)
        .at_pointer("/$schema")
        .with_help(help);
    Some((named, diagnostic.into()))
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
fn missing_files(paths: &[&str]) -> Vec<Finding> {
    [Layout::MANIFEST, Layout::VOCABULARY]
        .into_iter()
        .filter(|path| !paths.contains(path))
        .map(|path| {
            Diagnostic::error(Code::Io, path, "the file is missing")
                .with_help(
                    "every catalogue has catalogue/toolkit.json and catalogue/vocabulary.json",
                )
                .into()
        })
        .collect()
}
