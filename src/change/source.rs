//! Building change sets from git history and from the working tree: only files whose blobs differ are read and parsed.

use std::collections::hash_map::Entry;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use super::verdict::check_old_data;
use super::{compare, ChangeError, ChangeSet, CommitRef, RecordChange, RecordKind};
use crate::catalogue::{read_tree, FileKind, Record, SourceFile, Term, Vocabulary};
use crate::history::{BlobId, ChangedFile, CommitId, Repo, TouchingCommit};

/// Builds the change set between two commits, with the commits that
/// changed each record. `from = None` compares with the empty tree, so
/// every record is added.
pub fn between_commits(
    repo: &Repo,
    from: Option<CommitId>,
    to: CommitId,
) -> Result<ChangeSet, ChangeError> {
    let changed = repo.changed_files(from, to)?;
    let mut blobs = BlobContents::new(repo);
    let mut old_files = Vec::new();
    let mut new_files = Vec::new();
    for file in &changed {
        if let Some(blob) = file.old {
            old_files.push(blobs.source_file(&file.path, blob)?);
        }
        if let Some(blob) = file.new {
            new_files.push(blobs.source_file(&file.path, blob)?);
        }
    }
    let schemas_changed = changed.iter().any(|file| is_schema(&file.path));
    let verdict = if schemas_changed {
        let old_all = match from {
            Some(from) => read_commit(repo, from)?,
            None => Vec::new(),
        };
        let new_all = read_commit(repo, to)?;
        Some(check_old_data(&old_all, &new_all))
    } else {
        None
    };
    let mut set = compare(&old_files, &new_files, verdict.as_ref())?;
    attach_commits(&mut blobs, &mut set, &repo.touching_commits(from, to)?)?;
    Ok(set)
}

/// Builds the change set from commit `base` to the files on disk under
/// `root` (the working tree), reading from git only the base blobs that
/// differ from the disk. When `head` is given, each record names the
/// commits between `base` and `head` that changed it; uncommitted changes
/// have no commit.
pub fn against_worktree(
    repo: &Repo,
    base: CommitId,
    head: Option<CommitId>,
    root: &Path,
) -> Result<ChangeSet, ChangeError> {
    let base_files: BTreeMap<String, BlobId> = repo
        .tree_files(base)?
        .into_iter()
        .map(|file| (file.path, file.blob))
        .collect();
    let disk = read_tree(root).map_err(|error| ChangeError::Worktree {
        root: root.to_path_buf(),
        message: error.to_string(),
    })?;
    let mut blobs = BlobContents::new(repo);
    let mut old_files = Vec::new();
    let mut new_files = Vec::new();
    for file in &disk {
        match base_files.get(&file.path) {
            Some(blob) if *blob == BlobId::of_bytes(&file.bytes) => continue,
            Some(blob) => old_files.push(blobs.source_file(&file.path, *blob)?),
            None => {}
        }
        new_files.push(file.clone());
    }
    let disk_paths: HashSet<&str> = disk.iter().map(|file| file.path.as_str()).collect();
    for (path, blob) in &base_files {
        if !disk_paths.contains(path.as_str()) {
            old_files.push(blobs.source_file(path, *blob)?);
        }
    }
    let schemas_changed = old_files
        .iter()
        .chain(&new_files)
        .any(|file| is_schema(&file.path));
    let verdict = if schemas_changed {
        Some(check_old_data(&read_commit(repo, base)?, &disk))
    } else {
        None
    };
    let mut set = compare(&old_files, &new_files, verdict.as_ref())?;
    if let Some(head) = head {
        let commits = repo.touching_commits(Some(base), head)?;
        attach_commits(&mut blobs, &mut set, &commits)?;
    }
    Ok(set)
}

fn is_schema(path: &str) -> bool {
    path.starts_with("schemas/")
}

/// Reads every file under `catalogue/` and `schemas/` at a commit.
fn read_commit(repo: &Repo, commit: CommitId) -> Result<Vec<SourceFile>, ChangeError> {
    Ok(repo.source_files(commit)?)
}

/// Names, on each change, the commits that changed its file (or its old
/// file, when it moved). A term change names only the commits that changed
/// that term, not every commit that changed `vocabulary.json`.
fn attach_commits(
    blobs: &mut BlobContents<'_>,
    set: &mut ChangeSet,
    commits: &[TouchingCommit],
) -> Result<(), ChangeError> {
    for change in &mut set.changes {
        let mut names = Vec::new();
        for commit in commits {
            if touches(blobs, commit, change)? {
                names.push(CommitRef {
                    id: commit.info.id.to_string(),
                    short: commit.info.id.short(),
                    summary: commit.info.summary.clone(),
                    pull_request: commit.info.pull_request,
                });
            }
        }
        change.commits = names;
    }
    Ok(())
}

fn touches(
    blobs: &mut BlobContents<'_>,
    commit: &TouchingCommit,
    change: &RecordChange,
) -> Result<bool, ChangeError> {
    let touched_file = commit.paths.contains(&change.path)
        || change
            .old_path
            .as_ref()
            .is_some_and(|old_path| commit.paths.contains(old_path));
    let RecordKind::Term { list } = &change.kind else {
        return Ok(touched_file && changed_content(blobs, commit, change)?);
    };
    let Some(file) = file_at(commit, &change.path) else {
        return Ok(false);
    };
    let before = blobs.term(file.old, list, &change.id)?;
    let after = blobs.term(file.new, list, &change.id)?;
    Ok(before != after)
}

/// Returns the first file of `commit` at `path`. A file whose type changed
/// (such as a file that became a symlink) is listed twice, removed first.
fn file_at<'commit>(commit: &'commit TouchingCommit, path: &str) -> Option<&'commit ChangedFile> {
    let index = commit
        .files
        .partition_point(|file| file.path.as_str() < path);
    commit.files.get(index).filter(|file| file.path == path)
}

/// Tells whether `commit` changed the content of the change's file, so
/// that a commit that only re-saved it (line endings, indentation, key
/// order, `$schema` path) is not named. An added, removed or moved file,
/// or one that does not parse, counts as changed.
fn changed_content(
    blobs: &mut BlobContents<'_>,
    commit: &TouchingCommit,
    change: &RecordChange,
) -> Result<bool, ChangeError> {
    let Some(file) = file_at(commit, &change.path) else {
        return Ok(true);
    };
    let (Some(old), Some(new)) = (file.old, file.new) else {
        return Ok(true);
    };
    blobs.content_changed(old, new)
}

/// Decodes a file to its value without `$schema`; `None` when it does not
/// parse. Object equality ignores key order.
fn content_of(bytes: &[u8]) -> Option<serde_json::Value> {
    let value = crate::json::parse(bytes, &crate::json::DEFAULT_LIMITS).ok()?;
    let mut value = value.to_serde();
    if let Some(object) = value.as_object_mut() {
        object.remove("$schema");
    }
    Some(value)
}

/// Blobs read from git with their decoded forms, so that each blob is read
/// and decoded at most once while a change set is built and its changes
/// are matched to commits.
struct BlobContents<'repo> {
    repo: &'repo Repo,
    bytes: HashMap<BlobId, Vec<u8>>,
    contents: HashMap<BlobId, Option<serde_json::Value>>,
    vocabularies: HashMap<BlobId, Option<Vocabulary>>,
}

impl<'repo> BlobContents<'repo> {
    fn new(repo: &'repo Repo) -> Self {
        BlobContents {
            repo,
            bytes: HashMap::new(),
            contents: HashMap::new(),
            vocabularies: HashMap::new(),
        }
    }

    /// Returns the bytes of a blob, reading it from git on first use.
    fn bytes(&mut self, blob: BlobId) -> Result<&[u8], ChangeError> {
        let bytes = match self.bytes.entry(blob) {
            Entry::Occupied(slot) => slot.into_mut(),
            Entry::Vacant(slot) => slot.insert(self.repo.read_blob(blob)?),
        };
        Ok(bytes)
    }

    /// Returns a new file at `path` with the bytes of `blob`.
    fn source_file(&mut self, path: &str, blob: BlobId) -> Result<SourceFile, ChangeError> {
        Ok(SourceFile::new(path, self.bytes(blob)?.to_vec()))
    }

    /// Tells whether the values of two blobs, as [`content_of`] decodes
    /// them, differ. An old blob that does not parse counts as changed.
    fn content_changed(&mut self, old: BlobId, new: BlobId) -> Result<bool, ChangeError> {
        self.decode_content(old)?;
        self.decode_content(new)?;
        let old = &self.contents[&old];
        Ok(old.is_none() || *old != self.contents[&new])
    }

    fn decode_content(&mut self, blob: BlobId) -> Result<(), ChangeError> {
        if !self.contents.contains_key(&blob) {
            let content = content_of(self.bytes(blob)?);
            self.contents.insert(blob, content);
        }
        Ok(())
    }

    /// Returns the term `id` of `list` in the vocabulary blob with its
    /// index in the list, `None` when the blob or the term is absent. A blob that does not decode counts
    /// as having no terms.
    fn term(
        &mut self,
        blob: Option<BlobId>,
        list: &str,
        id: &str,
    ) -> Result<Option<(usize, Term)>, ChangeError> {
        let Some(blob) = blob else {
            return Ok(None);
        };
        if !self.vocabularies.contains_key(&blob) {
            let vocabulary = decode_vocabulary(self.bytes(blob)?);
            self.vocabularies.insert(blob, vocabulary);
        }
        let vocabulary = self.vocabularies[&blob].as_ref();
        let term = vocabulary
            .and_then(|vocabulary| vocabulary.list(list))
            .and_then(|terms| terms.iter().enumerate().find(|(_, term)| term.id == id));
        Ok(term.map(|(index, term)| (index, term.clone())))
    }
}

fn decode_vocabulary(bytes: &[u8]) -> Option<Vocabulary> {
    let value = crate::json::parse(bytes, &crate::json::DEFAULT_LIMITS).ok()?;
    match Record::decode(FileKind::Vocabulary, &value)? {
        Ok(Record::Vocabulary(vocabulary)) => Some(vocabulary),
        _ => None,
    }
}
