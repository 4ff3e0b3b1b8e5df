//! Where each kind of file lives in the repository, and which schema it
//! names.

/// The kinds of data file in a repository.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FileKind {
    /// `catalogue/toolkit.json`.
    Manifest,
    /// `catalogue/vocabulary.json`.
    Vocabulary,
    /// `catalogue/<category>/<id>.json`.
    Entry,
    /// `catalogue/gaps/<id>.json`.
    Gap,
    /// `schemas/*.schema.json`.
    Schema,
}

impl FileKind {
    /// The schema file for this kind, relative to `schemas/`.
    pub fn schema_file(self) -> Option<&'static str> {
        match self {
            FileKind::Manifest => Some("manifest.schema.json"),
            FileKind::Vocabulary => Some("vocabulary.schema.json"),
            FileKind::Entry => Some("entry.schema.json"),
            FileKind::Gap => Some("gap.schema.json"),
            FileKind::Schema => None,
        }
    }

    /// The `$schema` value a file of this kind carries: the schema's path
    /// relative to the file.
    pub fn expected_schema_ref(self) -> Option<&'static str> {
        match self {
            FileKind::Manifest => Some("../schemas/manifest.schema.json"),
            FileKind::Vocabulary => Some("../schemas/vocabulary.schema.json"),
            FileKind::Entry => Some("../../schemas/entry.schema.json"),
            FileKind::Gap => Some("../../schemas/gap.schema.json"),
            FileKind::Schema => None,
        }
    }
}

/// The repository layout: every path is relative to the root and uses `/`.
pub struct Layout;

impl Layout {
    /// The folder of the catalogue.
    pub const CATALOGUE: &'static str = "catalogue";
    /// The folder of the schemas.
    pub const SCHEMAS: &'static str = "schemas";
    /// The manifest's path.
    pub const MANIFEST: &'static str = "catalogue/toolkit.json";
    /// The vocabulary's path.
    pub const VOCABULARY: &'static str = "catalogue/vocabulary.json";
    /// The gaps' folder name inside `catalogue/`; never a category id.
    pub const GAPS: &'static str = "gaps";

    /// Tells the kind of the file at `path`, or `None` for a path that no
    /// kind lives at (such as `catalogue/notes.txt` or a nested folder).
    pub fn kind_of(path: &str) -> Option<FileKind> {
        if path == Self::MANIFEST {
            return Some(FileKind::Manifest);
        }
        if path == Self::VOCABULARY {
            return Some(FileKind::Vocabulary);
        }
        let parts: Vec<&str> = path.split('/').collect();
        match parts.as_slice() {
            ["schemas", name] if name.ends_with(".schema.json") => Some(FileKind::Schema),
            ["catalogue", "gaps", name] if name.ends_with(".json") => Some(FileKind::Gap),
            ["catalogue", _, name] if name.ends_with(".json") => Some(FileKind::Entry),
            _ => None,
        }
    }

    /// The path an entry with `id` in `category` must have.
    pub fn entry_path(category: &str, id: &str) -> String {
        format!("catalogue/{category}/{id}.json")
    }

    /// The path a gap with `id` must have.
    pub fn gap_path(id: &str) -> String {
        format!("catalogue/gaps/{id}.json")
    }
}
