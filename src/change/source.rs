//! Building change sets from git history and from the working tree: only files whose blobs differ are read and parsed.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use super::blobs::BlobContents;
use super::compare::compare_parsed;
use super::verdict::check_old_data;
use super::{compare, ChangeError, ChangeSet, CommitRef, RecordChange, RecordKind};
use crate::catalogue::{read_tree, SourceFile};
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
    blobs.parse_changed_files(&changed)?;
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
    let old_files = blobs.parsed_files(&changed, |file| file.old);
    let new_files = blobs.parsed_files(&changed, |file| file.new);
    let mut set = compare_parsed(&old_files, &new_files, verdict.as_ref())?;
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
