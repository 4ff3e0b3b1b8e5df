//! A cache of the blobs that building a change set and matching its
//! changes to commits read, so each blob is read and parsed once.

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;

use super::compare::ParsedFile;
use super::ChangeError;
use crate::catalogue::{FileKind, Layout, Record, SourceFile, Term, Vocabulary};
use crate::history::{BlobId, ChangedFile, Repo};
use crate::json::{Map, Value};

/// The blobs of one change set, cached by id as they are read and parsed.
pub(super) struct BlobContents<'repo> {
    repo: &'repo Repo,
    /// The bytes of blobs read for a comparison with the working tree.
    bytes: HashMap<BlobId, Vec<u8>>,
    /// The parsed value of each blob, or the parse error's message.
    values: HashMap<BlobId, Result<Value, String>>,
    /// The vocabulary of each blob, `None` when it does not decode.
    vocabularies: HashMap<BlobId, Option<Vocabulary>>,
}

impl<'repo> BlobContents<'repo> {
    pub(super) fn new(repo: &'repo Repo) -> Self {
        BlobContents {
            repo,
            bytes: HashMap::new(),
            values: HashMap::new(),
            vocabularies: HashMap::new(),
        }
    }

    /// Returns a new file at `path` with the bytes of `blob`, and keeps the
    /// bytes in case a commit's version of the file must be parsed later.
    pub(super) fn source_file(
        &mut self,
        path: &str,
        blob: BlobId,
    ) -> Result<SourceFile, ChangeError> {
        if !self.bytes.contains_key(&blob) {
            let bytes = self.repo.read_blob(blob)?;
            self.bytes.insert(blob, bytes);
        }
        Ok(SourceFile::new(path, self.bytes[&blob].clone()))
    }

    /// Reads the old and new blobs of the changed files of a known kind,
    /// in order, and parses them in parallel.
    pub(super) fn parse_changed_files(
        &mut self,
        changed: &[ChangedFile],
    ) -> Result<(), ChangeError> {
        let mut read = Vec::new();
        let mut seen = HashSet::new();
        for file in changed {
            if Layout::kind_of(&file.path).is_none() {
                continue;
            }
            for blob in [file.old, file.new].into_iter().flatten() {
                if self.values.contains_key(&blob) || !seen.insert(blob) {
                    continue;
                }
                let bytes = match self.bytes.get(&blob) {
                    Some(bytes) => bytes.clone(),
                    None => self.repo.read_blob(blob)?,
                };
                read.push((blob, bytes));
            }
        }
        let parsed: Vec<(BlobId, Result<Value, String>)> = read
            .into_par_iter()
            .map(|(blob, bytes)| (blob, parse_bytes(&bytes)))
            .collect();
        self.values.extend(parsed);
        Ok(())
    }

    /// Lists the changed files of a known kind that exist on one side,
    /// which `side` picks (`|file| file.old` or `|file| file.new`), with
    /// their parsed values.
    ///
    /// # Panics
    ///
    /// When one of those blobs was not parsed with
    /// [`BlobContents::parse_changed_files`] first.
    pub(super) fn parsed_files<'a>(
        &'a self,
        changed: &'a [ChangedFile],
        side: impl Fn(&ChangedFile) -> Option<BlobId>,
    ) -> Vec<ParsedFile<'a>> {
        changed
            .iter()
            .filter(|file| Layout::kind_of(&file.path).is_some())
            .filter_map(|file| {
                let value = &self.values[&side(file)?];
                Some(ParsedFile {
                    path: &file.path,
                    value: value.as_ref().map_err(String::as_str),
                })
            })
            .collect()
    }

    /// Tells whether the content of a file differs between two blobs: key
    /// order, formatting and `$schema` do not count, and a blob that does
    /// not parse counts as a change.
    pub(super) fn content_changed(
        &mut self,
        old: BlobId,
        new: BlobId,
    ) -> Result<bool, ChangeError> {
        self.parse(old)?;
        self.parse(new)?;
        match (&self.values[&old], &self.values[&new]) {
            (Ok(old), Ok(new)) => Ok(!same_content(old, new)),
            _ => Ok(true),
        }
    }

    /// Returns the term `id` of `list` in the vocabulary blob with its
    /// index in the list, `None` when the blob or the term is absent. A
    /// blob that does not decode counts as having no terms.
    pub(super) fn term(
        &mut self,
        blob: Option<BlobId>,
        list: &str,
        id: &str,
    ) -> Result<Option<(usize, Term)>, ChangeError> {
        let Some(blob) = blob else {
            return Ok(None);
        };
        if !self.vocabularies.contains_key(&blob) {
            let vocabulary = match self.parse(blob)? {
                Ok(value) => decode_vocabulary(value),
                Err(_) => None,
            };
            self.vocabularies.insert(blob, vocabulary);
        }
        let vocabulary = self.vocabularies[&blob].as_ref();
        let term = vocabulary
            .and_then(|vocabulary| vocabulary.list(list))
            .and_then(|terms| terms.iter().enumerate().find(|(_, term)| term.id == id));
        Ok(term.map(|(index, term)| (index, term.clone())))
    }

    fn parse(&mut self, blob: BlobId) -> Result<&Result<Value, String>, ChangeError> {
        if !self.values.contains_key(&blob) {
            let value = match self.bytes.get(&blob) {
                Some(bytes) => parse_bytes(bytes),
                None => parse_bytes(&self.repo.read_blob(blob)?),
            };
            self.values.insert(blob, value);
        }
        Ok(&self.values[&blob])
    }
}

fn parse_bytes(bytes: &[u8]) -> Result<Value, String> {
    crate::json::parse(bytes, &crate::json::DEFAULT_LIMITS).map_err(|error| error.to_string())
}

fn decode_vocabulary(value: &Value) -> Option<Vocabulary> {
    match Record::decode(FileKind::Vocabulary, value)? {
        Ok(Record::Vocabulary(vocabulary)) => Some(vocabulary),
        _ => None,
    }
}

/// Tells whether two files hold the same content: equal as serde_json
/// values once a top-level `$schema` is removed.
fn same_content(old: &Value, new: &Value) -> bool {
    match (old, new) {
        (Value::Object(old), Value::Object(new)) => members_equal(old, new, |key| key != "$schema"),
        _ => values_equal(old, new),
    }
}

/// Tells whether two values are equal as serde_json values: key order
/// does not count, and numbers compare as [`Value::to_serde`] converts
/// them (so `1.0` equals `1.00` but not `1`).
fn values_equal(left: &Value, right: &Value) -> bool {
    match (left, right) {
        (Value::Array(left), Value::Array(right)) => {
            left.len() == right.len()
                && left
                    .iter()
                    .zip(right)
                    .all(|(left, right)| values_equal(left, right))
        }
        (Value::Object(left), Value::Object(right)) => members_equal(left, right, |_| true),
        (Value::Number(_), _) | (_, Value::Number(_)) => left.to_serde() == right.to_serde(),
        _ => left == right,
    }
}

/// Compares the members that `keep` selects. The strict reader rejects
/// duplicate keys, so equal counts and a match for each left member mean
/// equal objects.
fn members_equal(left: &Map, right: &Map, keep: impl Fn(&str) -> bool) -> bool {
    let selected = |map: &Map| map.iter().filter(|(key, _)| keep(key)).count();
    selected(left) == selected(right)
        && left
            .iter()
            .filter(|(key, _)| keep(key))
            .all(|(key, value)| {
                right
                    .get(key)
                    .is_some_and(|other| values_equal(value, other))
            })
}

#[cfg(test)]
mod tests {
    use super::same_content;
    use crate::json::{parse, Value, DEFAULT_LIMITS};

    fn value(text: &str) -> Value {
        parse(text.as_bytes(), &DEFAULT_LIMITS).expect("test JSON parses")
    }

    /// Converts to serde_json and removes a top-level `$schema`, the
    /// comparison that `same_content` must agree with.
    fn serde_content(text: &str) -> serde_json::Value {
        let mut content = value(text).to_serde();
        if let Some(object) = content.as_object_mut() {
            object.remove("$schema");
        }
        content
    }

    #[test]
    fn same_content_agrees_with_serde() {
        let pairs = [
            (r#"{"a": 1, "b": [1, 2]}"#, r#"{"b": [1, 2], "a": 1}"#),
            (r#"{"$schema": "x", "a": 1}"#, r#"{"a": 1}"#),
            (r#"{"$schema": "x", "a": 1}"#, r#"{"$schema": "y", "a": 1}"#),
            (r#"{"a": {"$schema": "x"}}"#, r#"{"a": {}}"#),
            (r#"{"a": 1.0}"#, r#"{"a": 1.00}"#),
            (r#"{"a": 1.0}"#, r#"{"a": 1}"#),
            (r#"{"a": 1e400}"#, r#"{"a": null}"#),
            (r#"{"a": 100}"#, r#"{"a": 1e2}"#),
            (r#"{"a": [1, 2]}"#, r#"{"a": [2, 1]}"#),
            (r#"{"a": [1]}"#, r#"{"a": [1, 1]}"#),
            (r#"{"a": "1"}"#, r#"{"a": 1}"#),
            (r#"{"a": 1}"#, r#"{"a": 1, "b": 2}"#),
            (r#"{"a": 1, "c": 2}"#, r#"{"a": 1, "b": 2}"#),
            (r#"[1, {"$schema": "x"}]"#, r#"[1, {}]"#),
            (r#""text""#, r#""text""#),
            (r#"{"a": true}"#, r#"{"a": false}"#),
        ];
        for (old, new) in pairs {
            let expected = serde_content(old) == serde_content(new);
            assert_eq!(
                same_content(&value(old), &value(new)),
                expected,
                "{old} against {new}"
            );
        }
    }
}
