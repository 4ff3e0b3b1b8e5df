//! The static web site of the catalogue: pages that work from `file://`
//! with no server and no network, written all at once or not at all.

mod cards;
mod html;
mod kit;
mod pages;
mod record;
mod reference;
mod write;

use std::collections::BTreeMap;

use crate::catalogue::{Catalogue, Entry, Gap, Status, Vocabulary};

pub use html::escape;
pub use kit::toolkit_document;
pub use reference::markdown_to_html;
pub use write::{check_out_folder, write_site};

/// The `$id` prefix of every schema; the rest of an `$id` is the schema's
/// path under the site's `schemas/` folder.
pub const SCHEMA_ID_BASE: &str = "https://peerkit.github.io/peerkit/schemas/";

/// The releases in which a record was added and last changed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RecordReleases {
    /// The release tag that first contained the record, such as `v1.0.0`.
    pub added_in: Option<String>,
    /// The latest release tag that changed it.
    pub changed_in: Option<String>,
}

/// Release facts per record id; a record that is absent is not yet released.
pub type Releases = BTreeMap<String, RecordReleases>;

/// A schema file: its path relative to the repository root and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaFile {
    /// The path, such as `schemas/entry.schema.json`.
    pub path: String,
    /// The contents.
    pub bytes: Vec<u8>,
}

/// Everything a site is made from.
pub struct SiteInput<'a> {
    /// The catalogue.
    pub catalogue: &'a Catalogue,
    /// The schema files, copied to `schemas/` at their `$id` paths.
    pub schemas: &'a [SchemaFile],
    /// The text of `CHANGELOG.md`, when the repository has one.
    pub changelog: Option<&'a str>,
    /// The releases of each record.
    pub releases: &'a Releases,
    /// The revision as shown to readers, such as `v1.2.0` or `the working tree`.
    pub revision: &'a str,
}

/// One file of the site: its path relative to the site root and its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    /// The path, with `/` separators.
    pub path: String,
    /// The contents.
    pub bytes: Vec<u8>,
}

/// Why a site could not be made or written.
#[derive(Debug, thiserror::Error)]
pub enum SiteError {
    /// The catalogue was read without its vocabulary.
    #[error("the catalogue has no vocabulary (catalogue/vocabulary.json); run `peerkit validate` to see why")]
    MissingVocabulary,
    /// A schema is not JSON or has no usable `$id`.
    #[error("invalid schema {path}: {reason}")]
    Schema {
        /// The schema's path.
        path: String,
        /// What is wrong.
        reason: String,
    },
    /// The output folder exists and is not a site that peerkit wrote.
    #[error("{path} exists and is not empty, and it is not a site written by peerkit (no {marker} in it); choose another --out folder or remove it first")]
    NotASite {
        /// The folder.
        path: std::path::PathBuf,
        /// The marker file's name.
        marker: &'static str,
    },
    /// The output folder is inside, or contains, a folder the site is built
    /// from.
    #[error("--out {out} overlaps {folder}, which the site is built from: peerkit would read the site's files as catalogue files; choose an --out folder outside catalogue/ and schemas/")]
    OutOverlapsSource {
        /// The output folder as given.
        out: std::path::PathBuf,
        /// The catalogue or schema folder.
        folder: std::path::PathBuf,
    },
    /// A file or folder could not be written or moved.
    #[error("failed to write the site at {path}: {source}")]
    Io {
        /// The file or folder.
        path: std::path::PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
}

/// The records a site shows: entries other than drafts, in tool kit order
/// (category in vocabulary order, then id), and every gap by id.
pub(crate) struct SiteRecords<'a> {
    vocabulary: &'a Vocabulary,
    /// Entries with a page: proposed, adopted and deprecated.
    entries: Vec<&'a Entry>,
    gaps: Vec<&'a Gap>,
}

impl<'a> SiteRecords<'a> {
    fn new(catalogue: &'a Catalogue, vocabulary: &'a Vocabulary) -> Self {
        let rank = |id: &str| {
            vocabulary
                .categories
                .iter()
                .position(|term| term.id == id)
                .unwrap_or(usize::MAX)
        };
        let mut entries: Vec<&Entry> = catalogue
            .entries
            .iter()
            .map(|(_, entry)| entry)
            .filter(|entry| entry.status != Status::Draft)
            .collect();
        entries.sort_by(|a, b| {
            (rank(&a.category), &a.category, &a.id).cmp(&(rank(&b.category), &b.category, &b.id))
        });
        let mut gaps: Vec<&Gap> = catalogue.gaps.iter().map(|(_, gap)| gap).collect();
        gaps.sort_by(|a, b| a.id.cmp(&b.id));
        SiteRecords {
            vocabulary,
            entries,
            gaps,
        }
    }

    /// The entries a tool kit may hold: proposed and adopted.
    fn current(&self) -> impl Iterator<Item = &'a Entry> + '_ {
        self.entries
            .iter()
            .copied()
            .filter(|entry| entry.status != Status::Deprecated)
    }

    fn baseline(&self) -> impl Iterator<Item = &'a Entry> + '_ {
        self.current().filter(|entry| entry.baseline.required)
    }

    /// The current non-baseline entries grouped by category, in order.
    fn by_category(&self) -> Vec<(&'a str, Vec<&'a Entry>)> {
        let mut groups: Vec<(&str, Vec<&Entry>)> = Vec::new();
        for entry in self.current().filter(|entry| !entry.baseline.required) {
            match groups.last_mut() {
                Some((category, entries)) if *category == entry.category => entries.push(entry),
                _ => groups.push((&entry.category, vec![entry])),
            }
        }
        groups
    }

    fn paged_entry(&self, id: &str) -> Option<&'a Entry> {
        self.entries.iter().copied().find(|entry| entry.id == id)
    }

    /// The data the page script matches on, embedded in the filtering pages.
    fn data(&self) -> serde_json::Value {
        let terms = |list: &[crate::catalogue::Term]| -> Vec<serde_json::Value> {
            list.iter()
                .map(|term| serde_json::json!({"id": term.id, "label": term.label}))
                .collect()
        };
        let vocabulary = self.vocabulary;
        let entries: Vec<serde_json::Value> = self
            .current()
            .map(|entry| {
                serde_json::json!({
                    "id": entry.id,
                    "title": entry.title,
                    "category": entry.category,
                    "status": entry.status,
                    "baseline": entry.baseline,
                    "fits": entry.fits,
                    "obstacles": entry.obstacles,
                })
            })
            .collect();
        let gaps: Vec<serde_json::Value> = self
            .gaps
            .iter()
            .map(|gap| {
                serde_json::json!({
                    "id": gap.id,
                    "title": gap.title,
                    "status": gap.status,
                    "affects": gap.affects,
                    "categories": gap.categories,
                })
            })
            .collect();
        serde_json::json!({
            "vocabulary": {
                "roles": terms(&vocabulary.roles),
                "intensities": terms(&vocabulary.intensities),
                "readiness": terms(&vocabulary.readiness),
                "obstacles": terms(&vocabulary.obstacles),
                "categories": terms(&vocabulary.categories),
            },
            "entries": entries,
            "gaps": gaps,
        })
    }
}

/// Renders every file of the site in memory.
///
/// # Errors
///
/// [`SiteError::MissingVocabulary`] without a vocabulary, and
/// [`SiteError::Schema`] for a schema that is not JSON or whose `$id` does
/// not start with [`SCHEMA_ID_BASE`] followed by a plain relative path.
pub fn render_site(input: &SiteInput<'_>) -> Result<Vec<Page>, SiteError> {
    let vocabulary = input
        .catalogue
        .vocabulary
        .as_ref()
        .ok_or(SiteError::MissingVocabulary)?;
    let facts = html::SiteFacts {
        manifest: input.catalogue.manifest.as_ref(),
        vocabulary,
        revision: input.revision,
    };
    let records = SiteRecords::new(input.catalogue, vocabulary);

    let mut pages = vec![
        page("index.html", pages::index(&facts, &records)),
        page("toolkit.html", pages::toolkit(&facts, &records)),
        page("baseline.html", pages::baseline(&facts, &records)),
        page("gaps/index.html", pages::gaps_index(&facts, &records)),
        page("vocabulary.html", reference::vocabulary(&facts)),
        page(
            "changelog.html",
            reference::changelog(&facts, input.changelog),
        ),
    ];
    for entry in &records.entries {
        let html = record::entry_page(&facts, &records, input.releases, entry);
        pages.push(page(&format!("entries/{}.html", entry.id), html));
    }
    for gap in &records.gaps {
        let html = record::gap_page(&facts, &records, input.releases, gap);
        pages.push(page(&format!("gaps/{}.html", gap.id), html));
    }
    for schema in input.schemas {
        pages.push(Page {
            path: schema_site_path(schema)?,
            bytes: schema.bytes.clone(),
        });
    }
    Ok(pages)
}

fn page(path: &str, html: String) -> Page {
    Page {
        path: path.to_string(),
        bytes: html.into_bytes(),
    }
}

/// Returns where a schema goes in the site: `schemas/` plus the part of its
/// `$id` after [`SCHEMA_ID_BASE`].
fn schema_site_path(schema: &SchemaFile) -> Result<String, SiteError> {
    let invalid = |reason: String| SiteError::Schema {
        path: schema.path.clone(),
        reason,
    };
    let value: serde_json::Value = serde_json::from_slice(&schema.bytes)
        .map_err(|error| invalid(format!("not JSON: {error}")))?;
    let id = value
        .get("$id")
        .and_then(serde_json::Value::as_str)
        .ok_or_else(|| invalid("it has no string `$id`".to_string()))?;
    let rest = id.strip_prefix(SCHEMA_ID_BASE).ok_or_else(|| {
        invalid(format!(
            "its `$id` {id} does not start with {SCHEMA_ID_BASE}"
        ))
    })?;
    let plain = !rest.is_empty()
        && rest
            .split('/')
            .all(|part| !part.is_empty() && part != "." && part != ".." && !part.contains('\\'));
    if !plain || rest.contains(['?', '#']) {
        return Err(invalid(format!(
            "its `$id` {id} does not end in a plain relative path such as entry.schema.json"
        )));
    }
    Ok(format!("schemas/{rest}"))
}
