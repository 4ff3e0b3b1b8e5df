//! Positions for diagnostics, computed only for the files that have one.

use std::collections::HashMap;

use super::finding::Finding;
use crate::catalogue::SourceFile;
use crate::json;
use crate::report::Diagnostic;

/// Texts of the files that diagnostics point into, decoded on first use.
struct Texts<'a> {
    files: HashMap<&'a str, &'a SourceFile>,
    decoded: HashMap<&'a str, Option<&'a str>>,
}

impl<'a> Texts<'a> {
    fn new(files: &'a [SourceFile]) -> Self {
        Texts {
            files: files
                .iter()
                .map(|file| (file.path.as_str(), file))
                .collect(),
            decoded: HashMap::new(),
        }
    }

    fn locate(&mut self, path: &str, pointer: &str, at_key: bool) -> Option<json::Position> {
        let (&key, &file) = self.files.get_key_value(path)?;
        let text = *self
            .decoded
            .entry(key)
            .or_insert_with(|| std::str::from_utf8(&file.bytes).ok());
        json::locate(text?, pointer, at_key)
    }
}

/// Fills in the position of each finding and of its related places, and
/// returns the diagnostics.
pub(crate) fn place(findings: Vec<Finding>, files: &[SourceFile]) -> Vec<Diagnostic> {
    let mut texts = Texts::new(files);
    findings
        .into_iter()
        .map(|finding| place_one(finding, &mut texts))
        .collect()
}

fn place_one(finding: Finding, texts: &mut Texts<'_>) -> Diagnostic {
    let mut diagnostic = finding.diagnostic;
    if diagnostic.position.is_none() {
        if let Some(pointer) = &diagnostic.pointer {
            diagnostic.position = texts.locate(&diagnostic.file, pointer, finding.at_key);
        }
    }
    for (index, pointer) in finding.related_pointers {
        let related = &mut diagnostic.related[index];
        if related.position.is_none() {
            related.position = texts.locate(&related.file, &pointer, false);
        }
    }
    diagnostic
}

/// Fills in the position of each diagnostic that has a pointer but no
/// position yet, for callers that run [`super::SchemaSet::check`] on their
/// own. Each position is that of the pointer's value.
pub fn place_diagnostics(diagnostics: &mut [Diagnostic], files: &[SourceFile]) {
    let mut texts = Texts::new(files);
    for diagnostic in diagnostics {
        if diagnostic.position.is_none() {
            if let Some(pointer) = &diagnostic.pointer {
                diagnostic.position = texts.locate(&diagnostic.file, pointer, false);
            }
        }
    }
}
