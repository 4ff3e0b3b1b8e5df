//! Tree-to-tree diffs of `catalogue/` and `schemas/` that skip every subtree whose object id is unchanged.
//!
//! libgit2's `git_diff_tree_to_tree` (libgit2 1.9) walks every file of
//! both trees even where a folder is unchanged, so its cost follows the
//! size of the catalogue. This walk compares two trees entry by entry in
//! git's tree order and descends only into subtrees whose ids differ, as
//! `git diff` does. It reports what `git_diff_tree_to_tree` reports with
//! no flags: a changed id or mode is one change, and a change of type (a
//! file that became a folder, a symlink or a submodule) is a removal plus
//! an addition.

use std::cmp::Ordering;

use super::tree::TRACKED_FOLDERS;
use super::{BlobId, ChangedFile, HistoryError, Repo};

/// The type bits of a git file mode (`S_IFMT`): a file and an executable
/// file have the same type, a symlink, a submodule and a folder do not.
const MODE_TYPE_MASK: i32 = 0o170_000;

impl Repo {
    /// Lists the files under `catalogue/` and `schemas/` that differ
    /// between two trees, sorted by path. `None` is the empty tree.
    pub(super) fn diff_trees(
        &self,
        old_tree: Option<&git2::Tree<'_>>,
        new_tree: Option<&git2::Tree<'_>>,
    ) -> Result<Vec<ChangedFile>, HistoryError> {
        let mut changes = Vec::new();
        if let (Some(old), Some(new)) = (old_tree, new_tree) {
            if old.id() == new.id() {
                return Ok(changes);
            }
        }
        for folder in TRACKED_FOLDERS {
            let old = self.subtree_named(old_tree, folder)?;
            let new = self.subtree_named(new_tree, folder)?;
            let mut path = folder.as_bytes().to_vec();
            self.diff_levels(old.as_ref(), new.as_ref(), &mut path, &mut changes)?;
        }
        changes.sort();
        Ok(changes)
    }

    /// Returns the folder `name` of `tree`, or `None` when it is absent
    /// or not a folder.
    fn subtree_named(
        &self,
        tree: Option<&git2::Tree<'_>>,
        name: &str,
    ) -> Result<Option<git2::Tree<'_>>, HistoryError> {
        let Some(entry) = tree.and_then(|tree| tree.get_name(name)) else {
            return Ok(None);
        };
        if entry.kind() != Some(git2::ObjectType::Tree) {
            return Ok(None);
        }
        self.find_tree(entry.id(), name.as_bytes()).map(Some)
    }

    /// Compares two versions of the folder at `path`, either of which may
    /// be absent, and appends the files that differ. `path` is restored
    /// before returning.
    fn diff_levels(
        &self,
        old: Option<&git2::Tree<'_>>,
        new: Option<&git2::Tree<'_>>,
        path: &mut Vec<u8>,
        changes: &mut Vec<ChangedFile>,
    ) -> Result<(), HistoryError> {
        if let (Some(old), Some(new)) = (old, new) {
            if old.id() == new.id() {
                return Ok(());
            }
        }
        let old_entries = old.map(sorted_entries).unwrap_or_default();
        let new_entries = new.map(sorted_entries).unwrap_or_default();
        let (mut old_index, mut new_index) = (0, 0);
        loop {
            let old_entry = old_entries.get(old_index);
            let new_entry = new_entries.get(new_index);
            let order = match (old_entry, new_entry) {
                (None, None) => break,
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
                (Some(old_entry), Some(new_entry)) => tree_order(old_entry, new_entry),
            };
            match order {
                Ordering::Less => {
                    self.diff_entries(old_entry, None, path, changes)?;
                    old_index += 1;
                }
                Ordering::Greater => {
                    self.diff_entries(None, new_entry, path, changes)?;
                    new_index += 1;
                }
                Ordering::Equal => {
                    if !old_entry.zip(new_entry).is_some_and(same_entry) {
                        self.diff_entries(old_entry, new_entry, path, changes)?;
                    }
                    old_index += 1;
                    new_index += 1;
                }
            }
        }
        Ok(())
    }

    /// Compares the old and new versions of one entry of a folder. Both
    /// are either folders or not folders, because [`tree_order`] puts a
    /// folder and a file of the same name at different places.
    fn diff_entries(
        &self,
        old: Option<&git2::TreeEntry<'_>>,
        new: Option<&git2::TreeEntry<'_>>,
        path: &mut Vec<u8>,
        changes: &mut Vec<ChangedFile>,
    ) -> Result<(), HistoryError> {
        let Some(entry) = old.or(new) else {
            return Ok(());
        };
        let parent_length = path.len();
        path.push(b'/');
        path.extend_from_slice(entry.name_bytes());
        let result = if is_folder(entry) {
            self.diff_folder_entries(old, new, path, changes)
        } else {
            push_file_changes(old, new, path, changes);
            Ok(())
        };
        path.truncate(parent_length);
        result
    }

    fn diff_folder_entries(
        &self,
        old: Option<&git2::TreeEntry<'_>>,
        new: Option<&git2::TreeEntry<'_>>,
        path: &mut Vec<u8>,
        changes: &mut Vec<ChangedFile>,
    ) -> Result<(), HistoryError> {
        let old = old
            .map(|entry| self.find_tree(entry.id(), path))
            .transpose()?;
        let new = new
            .map(|entry| self.find_tree(entry.id(), path))
            .transpose()?;
        self.diff_levels(old.as_ref(), new.as_ref(), path, changes)
    }

    fn find_tree(&self, id: git2::Oid, path: &[u8]) -> Result<git2::Tree<'_>, HistoryError> {
        self.git.find_tree(id).map_err(|source| {
            HistoryError::git_at("read the tree of", String::from_utf8_lossy(path), source)
        })
    }
}

/// Returns the entries of `tree` in git's tree order. git writes trees in
/// that order, so sorting is skipped unless a tree is out of order.
fn sorted_entries<'tree>(tree: &'tree git2::Tree<'_>) -> Vec<git2::TreeEntry<'tree>> {
    let mut entries: Vec<_> = tree.iter().collect();
    if !entries.is_sorted_by(|left, right| tree_order(left, right) != Ordering::Greater) {
        entries.sort_by(tree_order);
    }
    entries
}

/// Orders entries as git sorts a tree: by name, where a folder's name is
/// compared as if it ended with `/`.
fn tree_order(left: &git2::TreeEntry<'_>, right: &git2::TreeEntry<'_>) -> Ordering {
    let (left_name, right_name) = (left.name_bytes(), right.name_bytes());
    let common = left_name.len().min(right_name.len());
    let order = left_name[..common].cmp(&right_name[..common]);
    if order != Ordering::Equal {
        return order;
    }
    let byte_after = |name: &[u8], entry: &git2::TreeEntry<'_>| {
        name.get(common)
            .copied()
            .or(is_folder(entry).then_some(b'/'))
    };
    byte_after(left_name, left).cmp(&byte_after(right_name, right))
}

/// Tells whether two entries of the same name have the same object and
/// mode, so nothing below them differs.
fn same_entry((old, new): (&git2::TreeEntry<'_>, &git2::TreeEntry<'_>)) -> bool {
    old.id() == new.id() && old.filemode() == new.filemode()
}

fn is_folder(entry: &git2::TreeEntry<'_>) -> bool {
    entry.kind() == Some(git2::ObjectType::Tree)
}

/// Appends the change between two versions of a file (a blob, a symlink
/// or a submodule), as `git_diff_tree_to_tree` reports it.
fn push_file_changes(
    old: Option<&git2::TreeEntry<'_>>,
    new: Option<&git2::TreeEntry<'_>>,
    path: &[u8],
    changes: &mut Vec<ChangedFile>,
) {
    let path = String::from_utf8_lossy(path).into_owned();
    let blob_of = |entry: &git2::TreeEntry<'_>| BlobId(entry.id());
    match (old, new) {
        (Some(old), Some(new))
            if old.filemode() & MODE_TYPE_MASK != new.filemode() & MODE_TYPE_MASK =>
        {
            changes.push(ChangedFile {
                path: path.clone(),
                old: Some(blob_of(old)),
                new: None,
            });
            changes.push(ChangedFile {
                path,
                old: None,
                new: Some(blob_of(new)),
            });
        }
        (old, new) => changes.push(ChangedFile {
            path,
            old: old.map(blob_of),
            new: new.map(blob_of),
        }),
    }
}
