//! The release bundle: one JSON file with the whole catalogue of a
//! revision, each entry and gap with the releases that added and last
//! changed it, and a CSV of the entries for spreadsheets.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::catalogue::{Entry, FileKind, Layout, Manifest, Record};
use crate::change::{self, Change, RecordKind};
use crate::history::{CommitId, Repo};
use crate::json::{self, Map, Value};

/// The bundle schema's `$id`, which each bundle names as its `$schema`.
pub const BUNDLE_SCHEMA_ID: &str = "https://peerkit.github.io/peerkit/schemas/bundle.schema.json";

/// The bundle schema this build writes and checks bundles against.
pub const BUNDLE_SCHEMA: &str = include_str!("../../schemas/bundle.schema.json");

/// The base of every schema's `$id`.
const SCHEMA_BASE: &str = "https://peerkit.github.io/peerkit/schemas/";

/// The label of a change after the latest release.
pub const UNRELEASED: &str = "unreleased";

/// The separator of list fields in the CSV.
const LIST_SEPARATOR: &str = "; ";

/// The releases in which a record was added and last changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RecordReleases {
    /// The version of the release that added it, or [`UNRELEASED`].
    pub added_in: String,
    /// The version of the release that last changed it, or [`UNRELEASED`].
    pub changed_in: String,
}

/// A failure to build a bundle.
#[derive(Debug, thiserror::Error)]
pub enum BundleError {
    /// Reading the history failed.
    #[error(transparent)]
    History(#[from] crate::history::HistoryError),
    /// Comparing two releases failed.
    #[error(transparent)]
    Change(#[from] crate::change::ChangeError),
    /// A catalogue file at the revision cannot be read.
    #[error(
        "{path} at commit {commit} is invalid: {message}; run `peerkit validate` on that revision"
    )]
    Invalid {
        /// The file.
        path: String,
        /// The commit.
        commit: String,
        /// The fault.
        message: String,
    },
    /// A file the bundle needs is missing at the revision.
    #[error("{path} is missing at commit {commit}")]
    Missing {
        /// The file.
        path: String,
        /// The commit.
        commit: String,
    },
    /// The bundle does not match its schema.
    #[error("the bundle does not match schemas/bundle.schema.json:\n{}", errors.join("\n"))]
    Schema {
        /// One line per schema error: the JSON pointer and the message.
        errors: Vec<String>,
    },
    /// Writing the CSV failed, with the CSV writer's message.
    #[error("failed to write the CSV of entries: {0}")]
    Csv(String),
}

impl From<csv::Error> for BundleError {
    fn from(error: csv::Error) -> Self {
        BundleError::Csv(error.to_string())
    }
}

/// The two files of a bundle, in memory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BundleFiles {
    /// The version the bundle is of.
    pub version: semver::Version,
    /// Whether a release tag names the revision.
    pub released: bool,
    /// The JSON file's name.
    pub json_name: String,
    /// The JSON file's contents, in canonical form.
    pub json: Vec<u8>,
    /// The CSV file's name.
    pub csv_name: String,
    /// The CSV file's contents.
    pub csv: Vec<u8>,
}

/// Returns the file name stem of the bundle of `version`:
/// `peer-worker-support-toolkit-1.2.0`.
pub fn file_stem(version: &semver::Version) -> String {
    format!("peer-worker-support-toolkit-{version}")
}

/// Computes, for each entry and gap at `upto`, the releases that added it
/// and last changed it: the change model compares each release tag
/// (prereleases left out) that is `upto` or one of its ancestors with the
/// one before, in version order, and then the last release with `upto`
/// when no release tag names `upto`. A change whose class is none (such as
/// formatting) does not count as a change. Records are keyed by id.
pub fn record_releases(
    repo: &Repo,
    upto: CommitId,
) -> Result<BTreeMap<String, RecordReleases>, BundleError> {
    let mut points: Vec<(CommitId, String)> = Vec::new();
    for tag in repo.release_tags()?.releases {
        if tag.version.pre.is_empty() && repo.is_ancestor(tag.commit, upto)? {
            points.push((tag.commit, tag.version.to_string()));
        }
    }
    if points.last().map(|(commit, _)| *commit) != Some(upto) {
        points.push((upto, UNRELEASED.to_string()));
    }

    let mut releases = BTreeMap::new();
    let mut previous = None;
    for (commit, label) in points {
        let set = change::between_commits(repo, previous, commit)?;
        for record in &set.changes {
            if !matches!(record.kind, RecordKind::Entry | RecordKind::Gap) {
                continue;
            }
            apply_change(&mut releases, record, &label);
        }
        previous = Some(commit);
    }
    Ok(releases)
}

fn apply_change(
    releases: &mut BTreeMap<String, RecordReleases>,
    record: &change::RecordChange,
    label: &str,
) {
    match record.change {
        Change::Added => {
            releases.insert(
                record.id.clone(),
                RecordReleases {
                    added_in: label.to_string(),
                    changed_in: label.to_string(),
                },
            );
        }
        Change::Removed => {
            releases.remove(&record.id);
        }
        Change::Changed | Change::Deprecated { .. } => {
            if record.class != change::Bump::None {
                if let Some(known) = releases.get_mut(&record.id) {
                    known.changed_in = label.to_string();
                }
            }
        }
    }
}

/// The catalogue files of one commit, parsed.
struct Snapshot {
    manifest: Manifest,
    vocabulary: Value,
    entries: Vec<(Entry, Value)>,
    gaps: Vec<(String, Value)>,
    schemas: BTreeMap<String, serde_json::Value>,
}

/// Builds the bundle of commit `rev`: the JSON (checked against the bundle
/// schema, whose references resolve to the schemas at `rev`) and the CSV.
pub fn build(repo: &Repo, rev: CommitId) -> Result<BundleFiles, BundleError> {
    let snapshot = read_snapshot(repo, rev)?;
    let releases = record_releases(repo, rev)?;
    let tags = repo.release_tags()?;
    let tag = tags
        .at(rev)
        .filter(|tag| tag.version.pre.is_empty())
        .last()
        .or_else(|| tags.at(rev).last());
    let (version, released) = match tag {
        Some(tag) => (tag.version.clone(), true),
        None => (manifest_version(&snapshot.manifest, rev)?, false),
    };
    let date = match (&snapshot.manifest.released, released) {
        (Some(date), true) => date.clone(),
        _ => repo.commit_info(rev)?.date(),
    };

    let bundle = bundle_value(&snapshot, &releases, &version, &date, released, rev)?;
    check_schema(&bundle, &snapshot.schemas)?;
    // The members are built in the schema's order, which an empty key
    // order keeps.
    let json_text = json::to_canonical(&bundle, &json::KeyOrder::new());
    let csv = entries_csv(&snapshot.entries, &releases)?;
    let stem = file_stem(&version);
    Ok(BundleFiles {
        json_name: format!("{stem}.json"),
        json: json_text.into_bytes(),
        csv_name: format!("{stem}-entries.csv"),
        csv,
        version,
        released,
    })
}

fn manifest_version(manifest: &Manifest, rev: CommitId) -> Result<semver::Version, BundleError> {
    semver::Version::parse(&manifest.version).map_err(|error| BundleError::Invalid {
        path: Layout::MANIFEST.to_string(),
        commit: rev.to_string(),
        message: format!("version {:?} is not semver: {error}", manifest.version),
    })
}

fn read_snapshot(repo: &Repo, rev: CommitId) -> Result<Snapshot, BundleError> {
    let mut manifest = None;
    let mut vocabulary = None;
    let mut entries = Vec::new();
    let mut gaps = Vec::new();
    let mut schemas = BTreeMap::new();
    for file in repo.tree_files(rev)? {
        let Some(kind) = Layout::kind_of(&file.path) else {
            continue;
        };
        let bytes = repo.read_blob(file.blob)?;
        let invalid = |message: String| BundleError::Invalid {
            path: file.path.clone(),
            commit: rev.to_string(),
            message,
        };
        let value = json::parse(&bytes, &json::DEFAULT_LIMITS)
            .map_err(|error| invalid(error.to_string()))?;
        if kind == FileKind::Schema {
            let name = file.path.trim_start_matches("schemas/").to_string();
            schemas.insert(name, value.to_serde());
            continue;
        }
        let record = Record::decode(kind, &value)
            .expect("every kind but Schema decodes")
            .map_err(|error| invalid(error.to_string()))?;
        match record {
            Record::Manifest(decoded) => manifest = Some(decoded),
            Record::Vocabulary(_) => vocabulary = Some(value),
            Record::Entry(entry) => entries.push((*entry, value)),
            Record::Gap(gap) => gaps.push((gap.id.clone(), value)),
        }
    }
    let missing = |path: &str| BundleError::Missing {
        path: path.to_string(),
        commit: rev.to_string(),
    };
    entries.sort_by(|(left, _), (right, _)| {
        (&left.category, &left.id).cmp(&(&right.category, &right.id))
    });
    gaps.sort_by(|(left, _), (right, _)| left.cmp(right));
    Ok(Snapshot {
        manifest: manifest.ok_or_else(|| missing(Layout::MANIFEST))?,
        vocabulary: vocabulary.ok_or_else(|| missing(Layout::VOCABULARY))?,
        entries,
        gaps,
        schemas,
    })
}

fn bundle_value(
    snapshot: &Snapshot,
    releases: &BTreeMap<String, RecordReleases>,
    version: &semver::Version,
    date: &str,
    released: bool,
    rev: CommitId,
) -> Result<Value, BundleError> {
    let string = |text: &str| Value::String(text.to_string());
    let manifest = &snapshot.manifest;
    let licence =
        Value::from_serde(&serde_json::to_value(&manifest.licence).expect("a licence serialises"));
    let mut members = vec![
        ("$schema".to_string(), string(BUNDLE_SCHEMA_ID)),
        ("name".to_string(), string(&manifest.name)),
        ("version".to_string(), string(&version.to_string())),
        ("date".to_string(), string(date)),
        ("released".to_string(), Value::Bool(released)),
        ("licence".to_string(), licence),
    ];
    if let Some(homepage) = &manifest.homepage {
        members.push(("homepage".to_string(), string(homepage)));
    }
    members.push((
        "vocabulary".to_string(),
        without_schema(&snapshot.vocabulary),
    ));
    let entries = snapshot
        .entries
        .iter()
        .map(|(entry, value)| with_releases(value, &entry.id, releases, rev))
        .collect::<Result<Vec<_>, _>>()?;
    let gaps = snapshot
        .gaps
        .iter()
        .map(|(id, value)| with_releases(value, id, releases, rev))
        .collect::<Result<Vec<_>, _>>()?;
    members.push(("entries".to_string(), Value::Array(entries)));
    members.push(("gaps".to_string(), Value::Array(gaps)));
    Ok(Value::Object(Map(members)))
}

fn without_schema(value: &Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(Map(map
            .iter()
            .filter(|(key, _)| key.as_str() != "$schema")
            .map(|(key, value)| (key.clone(), value.clone()))
            .collect())),
        other => other.clone(),
    }
}

fn with_releases(
    value: &Value,
    id: &str,
    releases: &BTreeMap<String, RecordReleases>,
    rev: CommitId,
) -> Result<Value, BundleError> {
    // NOTE: a record that the history walk never saw added cannot occur,
    // because the last step compares the last release with `rev` itself.
    let known = releases.get(id).ok_or_else(|| BundleError::Invalid {
        path: id.to_string(),
        commit: rev.to_string(),
        message: "the record's history could not be traced".to_string(),
    })?;
    let Value::Object(Map(mut members)) = without_schema(value) else {
        return Ok(value.clone());
    };
    members.push((
        "added_in".to_string(),
        Value::String(known.added_in.clone()),
    ));
    members.push((
        "changed_in".to_string(),
        Value::String(known.changed_in.clone()),
    ));
    Ok(Value::Object(Map(members)))
}

/// Checks `bundle` against [`BUNDLE_SCHEMA`], resolving references to the
/// other schemas from `schemas` (file name to schema) without any network.
fn check_schema(
    bundle: &Value,
    schemas: &BTreeMap<String, serde_json::Value>,
) -> Result<(), BundleError> {
    let schema: serde_json::Value =
        serde_json::from_str(BUNDLE_SCHEMA).expect("the bundle schema is valid JSON");
    let retriever = LocalSchemas(schemas.clone());
    let validator = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .with_retriever(retriever)
        .build(&schema)
        .map_err(|error| BundleError::Schema {
            errors: vec![format!("the bundle schema does not compile: {error}")],
        })?;
    let instance = bundle.to_serde();
    let errors: Vec<String> = validator
        .iter_errors(&instance)
        .map(|error| format!("{}: {error}", error.instance_path()))
        .collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(BundleError::Schema { errors })
    }
}

/// Resolves `https://peerkit.github.io/peerkit/schemas/<file>` to the
/// schema files of the revision, and nothing else.
struct LocalSchemas(BTreeMap<String, serde_json::Value>);

impl jsonschema::Retrieve for LocalSchemas {
    fn retrieve(
        &self,
        uri: &jsonschema::Uri<String>,
    ) -> Result<serde_json::Value, Box<dyn std::error::Error + Send + Sync>> {
        let text = uri.as_str();
        let name = text.strip_prefix(SCHEMA_BASE).unwrap_or(text);
        let name = name.split('#').next().unwrap_or(name);
        self.0
            .get(name)
            .cloned()
            .ok_or_else(|| format!("schema {text} is not in schemas/ at this revision").into())
    }
}

/// The CSV columns, in order.
const CSV_HEADER: [&str; 20] = [
    "id",
    "title",
    "category",
    "status",
    "summary",
    "description",
    "baseline_required",
    "baseline_condition",
    "roles",
    "intensities",
    "readiness",
    "obstacles",
    "providers",
    "practices",
    "adapted_from",
    "related",
    "sources",
    "last_reviewed",
    "added_in",
    "changed_in",
];

fn entries_csv(
    entries: &[(Entry, Value)],
    releases: &BTreeMap<String, RecordReleases>,
) -> Result<Vec<u8>, BundleError> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(CSV_HEADER)?;
    for (entry, _) in entries {
        let known = releases.get(&entry.id);
        let sources: Vec<String> = entry
            .sources
            .iter()
            .map(|source| match &source.url {
                Some(url) => format!("{} <{url}>", source.title),
                None => source.title.clone(),
            })
            .collect();
        let row: [String; 20] = [
            entry.id.clone(),
            entry.title.clone(),
            entry.category.clone(),
            entry.status.as_str().to_string(),
            entry.summary.clone(),
            entry.description.clone(),
            entry.baseline.required.to_string(),
            entry
                .baseline
                .condition
                .as_ref()
                .map(|condition| condition.text.clone())
                .unwrap_or_default(),
            entry.fits.roles.join(LIST_SEPARATOR),
            entry.fits.intensities.join(LIST_SEPARATOR),
            entry.fits.readiness.join(LIST_SEPARATOR),
            entry.obstacles.join(LIST_SEPARATOR),
            entry.providers.join(LIST_SEPARATOR),
            entry.practices.join(LIST_SEPARATOR),
            entry
                .adapted_from
                .as_ref()
                .map(|adapted| adapted.model.clone())
                .unwrap_or_default(),
            entry.related.join(LIST_SEPARATOR),
            sources.join(LIST_SEPARATOR),
            entry.last_reviewed.clone(),
            known
                .map(|known| known.added_in.clone())
                .unwrap_or_default(),
            known
                .map(|known| known.changed_in.clone())
                .unwrap_or_default(),
        ];
        writer.write_record(&row)?;
    }
    writer
        .into_inner()
        .map_err(|error| BundleError::Csv(error.into_error().to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn project_schemas() -> BTreeMap<String, serde_json::Value> {
        let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas");
        std::fs::read_dir(folder)
            .unwrap()
            .map(|item| {
                let path = item.unwrap().path();
                let name = path.file_name().unwrap().to_string_lossy().into_owned();
                let text = std::fs::read_to_string(&path).unwrap();
                (name, serde_json::from_str(&text).unwrap())
            })
            .collect()
    }

    fn minimal_bundle() -> serde_json::Value {
        let vocabulary: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(
                std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("catalogue/vocabulary.json"),
            )
            .unwrap(),
        )
        .unwrap();
        let mut vocabulary = vocabulary;
        vocabulary.as_object_mut().unwrap().remove("$schema");
        serde_json::json!({
            "$schema": BUNDLE_SCHEMA_ID,
            "name": "Peer Worker Support Toolkit",
            "version": "1.2.0",
            "date": "2026-12-04",
            "released": true,
            "licence": {"id": "CC-BY-4.0", "url": "https://creativecommons.org/licenses/by/4.0/"},
            "vocabulary": vocabulary,
            "entries": [],
            "gaps": []
        })
    }

    #[test]
    fn schema_accepts_minimal_bundle() {
        let bundle = Value::from_serde(&minimal_bundle());
        check_schema(&bundle, &project_schemas()).unwrap();
    }

    #[test]
    fn schema_rejects_entry_without_releases() {
        let mut bundle = minimal_bundle();
        bundle["entries"] = serde_json::json!([{"id": "x"}]);
        bundle["version"] = serde_json::json!("v1.2.0");
        let error = check_schema(&Value::from_serde(&bundle), &project_schemas()).unwrap_err();
        let BundleError::Schema { errors } = error else {
            panic!("expected schema errors, got {error}");
        };
        assert!(
            errors.iter().any(|line| line.starts_with("/version")),
            "{errors:?}"
        );
        assert!(
            errors.iter().any(|line| line.starts_with("/entries/0")),
            "{errors:?}"
        );
        assert!(
            errors.iter().any(|line| line.contains("added_in")),
            "{errors:?}"
        );
    }

    #[test]
    fn csv_joins_lists() {
        let text = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("catalogue/supervision-debriefing/impact-debriefing.json"),
        )
        .unwrap();
        let entry: Entry = serde_json::from_str(&text).unwrap();
        let releases = BTreeMap::from([(
            entry.id.clone(),
            RecordReleases {
                added_in: "0.1.0".to_string(),
                changed_in: "0.2.0".to_string(),
            },
        )]);
        let csv = entries_csv(&[(entry.clone(), Value::Null)], &releases).unwrap();
        let mut reader = csv::Reader::from_reader(csv.as_slice());
        let row = reader.records().next().unwrap().unwrap();
        assert_eq!(&row[0], "impact-debriefing");
        assert_eq!(&row[8], entry.fits.roles.join("; "));
        assert_eq!(&row[18], "0.1.0");
        assert_eq!(&row[19], "0.2.0");
        assert_eq!(reader.records().count(), 0, "one row per entry");
    }
}
