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
        let old_entries: Vec<_> = old.map(|tree| tree.iter().collect()).unwrap_or_default();
        let new_entries: Vec<_> = new.map(|tree| tree.iter().collect()).unwrap_or_default();
        let old_items = sorted_items(&old_entries);
        let new_items = sorted_items(&new_entries);
        let (mut old_index, mut new_index) = (0, 0);
        loop {
            let old_item = old_items.get(old_index);
            let new_item = new_items.get(new_index);
            let order = match (old_item, new_item) {
                (None, None) => break,
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
                (Some(old_item), Some(new_item)) => old_item.cmp_tree_order(new_item),
            };
            match order {
                Ordering::Less => {
                    self.diff_items(old_item, None, path, changes)?;
                    old_index += 1;
                }
                Ordering::Greater => {
                    self.diff_items(None, new_item, path, changes)?;
                    new_index += 1;
                }
                Ordering::Equal => {
                    if !old_item.zip(new_item).is_some_and(Item::same) {
                        self.diff_items(old_item, new_item, path, changes)?;
                    }
                    old_index += 1;
                    new_index += 1;
                }
            }
        }
        Ok(())
    }

    /// Compares the old and new versions of one entry of a folder. Both
    /// are either folders or not folders, because git's tree order puts a
    /// folder and a file of the same name at different places.
    fn diff_items(
        &self,
        old: Option<&Item<'_>>,
        new: Option<&Item<'_>>,
        path: &mut Vec<u8>,
        changes: &mut Vec<ChangedFile>,
    ) -> Result<(), HistoryError> {
        let Some(item) = old.or(new) else {
            return Ok(());
        };
        let parent_length = path.len();
        path.push(b'/');
        path.extend_from_slice(item.name);
        let result = if item.folder {
            self.diff_folders(old, new, path, changes)
        } else {
            push_file_changes(old, new, path, changes);
            Ok(())
        };
        path.truncate(parent_length);
        result
    }

    fn diff_folders(
        &self,
        old: Option<&Item<'_>>,
        new: Option<&Item<'_>>,
        path: &mut Vec<u8>,
        changes: &mut Vec<ChangedFile>,
    ) -> Result<(), HistoryError> {
        let old = old.map(|item| self.find_tree(item.id, path)).transpose()?;
        let new = new.map(|item| self.find_tree(item.id, path)).transpose()?;
        self.diff_levels(old.as_ref(), new.as_ref(), path, changes)
    }

    fn find_tree(&self, id: git2::Oid, path: &[u8]) -> Result<git2::Tree<'_>, HistoryError> {
        self.git.find_tree(id).map_err(|source| {
            HistoryError::git_at("read the tree of", String::from_utf8_lossy(path), source)
        })
    }
}

/// One entry of a tree, with the fields a diff compares read once.
struct Item<'entry> {
    name: &'entry [u8],
    folder: bool,
    id: git2::Oid,
    mode: i32,
}

impl<'entry> Item<'entry> {
    fn of(entry: &'entry git2::TreeEntry<'_>) -> Self {
        Item {
            name: entry.name_bytes(),
            folder: entry.kind() == Some(git2::ObjectType::Tree),
            id: entry.id(),
            mode: entry.filemode(),
        }
    }

    /// Orders items as git sorts a tree: by name, where a folder's name
    /// is compared as if it ended with `/`.
    fn cmp_tree_order(&self, other: &Item<'_>) -> Ordering {
        let common = self.name.len().min(other.name.len());
        let order = self.name[..common].cmp(&other.name[..common]);
        if order != Ordering::Equal {
            return order;
        }
        self.byte_after(common).cmp(&other.byte_after(common))
    }

    /// Returns the byte of the sort key at `index`: the name's, then `/`
    /// for a folder, then `None`.
    fn byte_after(&self, index: usize) -> Option<u8> {
        let suffix = self.folder.then_some(b'/');
        self.name.get(index).copied().or(suffix)
    }

    /// Tells whether two items of the same name have the same object and
    /// mode, so nothing below them differs.
    fn same((old, new): (&Item<'_>, &Item<'_>)) -> bool {
        old.id == new.id && old.mode == new.mode
    }

    fn blob(&self) -> BlobId {
        BlobId(self.id)
    }
}

/// Returns the items of a tree's entries in git's tree order. git writes
/// trees in that order, so sorting is skipped unless a tree is out of
/// order.
fn sorted_items<'entry>(entries: &'entry [git2::TreeEntry<'_>]) -> Vec<Item<'entry>> {
    let mut items: Vec<_> = entries.iter().map(Item::of).collect();
    if !items.is_sorted_by(|left, right| left.cmp_tree_order(right) != Ordering::Greater) {
        items.sort_by(Item::cmp_tree_order);
    }
    items
}

/// Appends the change between two versions of a file (a blob, a symlink
/// or a submodule), as `git_diff_tree_to_tree` reports it.
fn push_file_changes(
    old: Option<&Item<'_>>,
    new: Option<&Item<'_>>,
    path: &[u8],
    changes: &mut Vec<ChangedFile>,
) {
    let path = String::from_utf8_lossy(path).into_owned();
    match (old, new) {
        (Some(old), Some(new)) if old.mode & MODE_TYPE_MASK != new.mode & MODE_TYPE_MASK => {
            changes.push(ChangedFile {
                path: path.clone(),
                old: Some(old.blob()),
                new: None,
            });
            changes.push(ChangedFile {
                path,
                old: None,
                new: Some(new.blob()),
            });
        }
        (old, new) => changes.push(ChangedFile {
            path,
            old: old.map(Item::blob),
            new: new.map(Item::blob),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::super::tree::{is_tracked, TRACKED_FOLDERS};
    use super::super::{BlobId, ChangedFile, Repo};

    const FILE: i32 = 0o100_644;
    const EXECUTABLE: i32 = 0o100_755;
    const SYMLINK: i32 = 0o120_000;

    /// A tree to build: `(path, mode, contents)`, where a path with `/`
    /// lands in nested folders.
    type Files<'a> = [File<'a>];
    type File<'a> = (&'a str, i32, &'a str);

    fn build_tree(git: &git2::Repository, files: &Files<'_>) -> git2::Oid {
        let mut builder = git.treebuilder(None).expect("tree builder");
        let mut folders: Vec<(&str, Vec<File<'_>>)> = Vec::new();
        for (path, mode, contents) in files {
            match path.split_once('/') {
                Some((folder, rest)) => {
                    match folders.iter_mut().find(|(name, _)| name == &folder) {
                        Some((_, children)) => children.push((rest, *mode, contents)),
                        None => folders.push((folder, vec![(rest, *mode, contents)])),
                    }
                }
                None => {
                    let blob = git.blob(contents.as_bytes()).expect("blob");
                    builder.insert(path, blob, *mode).expect("insert file");
                }
            }
        }
        for (folder, children) in folders {
            let subtree = build_tree(git, &children);
            builder
                .insert(folder, subtree, 0o040_000)
                .expect("insert folder");
        }
        builder.write().expect("write tree")
    }

    /// Computes the diff with libgit2's `git_diff_tree_to_tree`, the
    /// reference that [`Repo::diff_trees`] must match.
    fn libgit2_diff(
        git: &git2::Repository,
        old: Option<&git2::Tree<'_>>,
        new: Option<&git2::Tree<'_>>,
    ) -> Vec<ChangedFile> {
        let mut options = git2::DiffOptions::new();
        for folder in TRACKED_FOLDERS {
            options.pathspec(folder);
        }
        let diff = git
            .diff_tree_to_tree(old, new, Some(&mut options))
            .expect("libgit2 diff");
        let mut changes: Vec<ChangedFile> = diff
            .deltas()
            .map(|delta| {
                let file = if delta.new_file().exists() {
                    delta.new_file()
                } else {
                    delta.old_file()
                };
                let path = String::from_utf8_lossy(file.path_bytes().expect("path")).into_owned();
                ChangedFile {
                    path,
                    old: delta
                        .old_file()
                        .exists()
                        .then(|| BlobId(delta.old_file().id())),
                    new: delta
                        .new_file()
                        .exists()
                        .then(|| BlobId(delta.new_file().id())),
                }
            })
            .filter(|change| is_tracked(&change.path))
            .collect();
        changes.sort();
        changes
    }

    #[test]
    fn tree_diff_matches_libgit2() {
        let folder = tempfile::tempdir().expect("temp folder");
        let git = git2::Repository::init_bare(folder.path()).expect("init");
        let old_files: &Files<'_> = &[
            ("README.md", FILE, "readme"),
            ("catalogue/toolkit.json", FILE, "{}"),
            ("catalogue/a/same.json", FILE, "same"),
            ("catalogue/a/edited.json", FILE, "before"),
            ("catalogue/a/removed.json", FILE, "gone"),
            ("catalogue/a/mode.json", FILE, "mode"),
            ("catalogue/a/link.json", FILE, "link"),
            ("catalogue/b/x.json", FILE, "x"),
            ("catalogue/c", FILE, "file that becomes a folder"),
            ("catalogue/d/deep/e.json", FILE, "e"),
            ("catalogue/unchanged/u.json", FILE, "u"),
            ("catalogue-old/x.json", FILE, "outside"),
            ("schemas/entry.schema.json", FILE, "schema"),
        ];
        let new_files: &Files<'_> = &[
            ("README.md", FILE, "readme changed"),
            ("catalogue/toolkit.json", FILE, "{}"),
            ("catalogue/a/same.json", FILE, "same"),
            ("catalogue/a/edited.json", FILE, "after"),
            ("catalogue/a/added.json", FILE, "new"),
            ("catalogue/a/mode.json", EXECUTABLE, "mode"),
            ("catalogue/a/link.json", SYMLINK, "link"),
            ("catalogue/b.json", FILE, "sorts between b and b/"),
            ("catalogue/b/x.json", FILE, "x"),
            ("catalogue/c/inside.json", FILE, "now a folder"),
            ("catalogue/d/deep/e.json", FILE, "e changed"),
            ("catalogue/unchanged/u.json", FILE, "u"),
            ("catalogue-old/x.json", FILE, "outside changed"),
        ];
        let old_id = build_tree(&git, old_files);
        let new_id = build_tree(&git, new_files);
        let repo = Repo { git };
        let old = repo.git.find_tree(old_id).expect("old tree");
        let new = repo.git.find_tree(new_id).expect("new tree");

        let cases = [
            ("old to new", Some(&old), Some(&new)),
            ("new to old", Some(&new), Some(&old)),
            ("empty to new", None, Some(&new)),
            ("old to empty", Some(&old), None),
            ("old to old", Some(&old), Some(&old)),
        ];
        for (name, before, after) in cases {
            let expected = libgit2_diff(&repo.git, before, after);
            let actual = repo.diff_trees(before, after).expect("tree diff");
            assert_eq!(actual, expected, "{name}");
        }
    }

    #[test]
    fn tree_diff_splits_type_change() {
        let folder = tempfile::tempdir().expect("temp folder");
        let git = git2::Repository::init_bare(folder.path()).expect("init");
        let old_id = build_tree(&git, &[("catalogue/a/link.json", FILE, "link")]);
        let new_id = build_tree(&git, &[("catalogue/a/link.json", SYMLINK, "link")]);
        let repo = Repo { git };
        let old = repo.git.find_tree(old_id).expect("old tree");
        let new = repo.git.find_tree(new_id).expect("new tree");

        let changes = repo.diff_trees(Some(&old), Some(&new)).expect("tree diff");

        assert_eq!(changes.len(), 2);
        assert!(changes[0].old.is_none(), "the addition sorts first");
        assert!(changes[0].new.is_some(), "the addition has the symlink");
        assert!(changes[1].old.is_some(), "the removal has the file");
        assert!(changes[1].new.is_none(), "the removal sorts last");
    }
}
