//! Git repositories for tests, built with git2 in temporary folders: a
//! bare remote seeded with the project's catalogue and schemas, and a
//! user's clone with a working tree.

use std::path::{Path, PathBuf};

use git2::{Oid, Repository, Signature};

/// A bare remote and a user's clone of it.
pub struct Fixture {
    /// Holds every folder; removed on drop.
    pub dir: tempfile::TempDir,
    /// The bare remote.
    pub remote: PathBuf,
    /// The user's clone, with a working tree.
    pub work: PathBuf,
}

impl Fixture {
    /// Seeds `main` of a new bare remote with the project's `catalogue/` and
    /// `schemas/`, and clones it, leaving a local edit and an untracked file
    /// in the clone's working tree.
    pub fn new() -> Fixture {
        let dir = tempfile::tempdir().unwrap();
        let remote = dir.path().join("remote.git");
        let work = dir.path().join("work");
        Repository::init_bare(&remote).unwrap();
        let repo = Repository::init(&work).unwrap();
        let project = Path::new(env!("CARGO_MANIFEST_DIR"));
        for folder in ["catalogue", "schemas"] {
            copy_folder(&project.join(folder), &work.join(folder));
        }
        let mut index = repo.index().unwrap();
        index
            .add_all(
                ["catalogue", "schemas"],
                git2::IndexAddOption::DEFAULT,
                None,
            )
            .unwrap();
        index.write().unwrap();
        let tree = repo.find_tree(index.write_tree().unwrap()).unwrap();
        let person = Signature::now("Maintainer", "maintainer@example.org").unwrap();
        let commit = repo
            .commit(None, &person, &person, "Seed the catalogue", &tree, &[])
            .unwrap();
        repo.reference("refs/heads/main", commit, true, "seed")
            .unwrap();
        repo.set_head("refs/heads/main").unwrap();
        repo.remote("origin", remote.to_str().unwrap()).unwrap();
        repo.find_remote("origin")
            .unwrap()
            .push(&["refs/heads/main:refs/heads/main"], None)
            .unwrap();
        std::fs::write(work.join("notes.txt"), "untracked notes\n").unwrap();
        std::fs::write(
            work.join("catalogue/toolkit.json"),
            "local edit, not committed\n",
        )
        .unwrap();
        Fixture { dir, remote, work }
    }

    /// Opens the user's clone.
    pub fn repo(&self) -> Repository {
        Repository::open(&self.work).unwrap()
    }

    /// Opens the remote.
    pub fn remote_repo(&self) -> Repository {
        Repository::open_bare(&self.remote).unwrap()
    }

    /// The commit of `branch` on the remote.
    pub fn remote_branch(&self, branch: &str) -> Option<Oid> {
        self.remote_repo()
            .refname_to_id(&format!("refs/heads/{branch}"))
            .ok()
    }

    /// The file at `path` in the commit of `branch` on the remote.
    pub fn remote_file(&self, branch: &str, path: &str) -> Option<String> {
        let repo = self.remote_repo();
        let commit = repo.find_commit(self.remote_branch(branch)?).ok()?;
        let entry = commit.tree().ok()?.get_path(Path::new(path)).ok()?;
        let blob = repo.find_blob(entry.id()).ok()?;
        Some(String::from_utf8_lossy(blob.content()).into_owned())
    }

    /// What the user's working tree and index look like: every status
    /// entry, the index's tree, HEAD, and the bytes of the edited and
    /// untracked files.
    pub fn snapshot(&self) -> String {
        let repo = self.repo();
        let mut options = git2::StatusOptions::new();
        options.include_untracked(true);
        let statuses = repo.statuses(Some(&mut options)).unwrap();
        let mut lines: Vec<String> = statuses
            .iter()
            .map(|entry| format!("{:?} {}", entry.status(), entry.path().unwrap_or_default()))
            .collect();
        lines.sort();
        let index_tree = repo.index().unwrap().write_tree().unwrap();
        let head = repo.head().unwrap().target().unwrap();
        let branches: Vec<String> = repo
            .branches(Some(git2::BranchType::Local))
            .unwrap()
            .map(|branch| {
                branch
                    .unwrap()
                    .0
                    .name()
                    .unwrap()
                    .unwrap_or_default()
                    .to_string()
            })
            .collect();
        format!(
            "{lines:?}\nindex {index_tree}\nhead {head}\nbranches {branches:?}\n{}\n{}",
            std::fs::read_to_string(self.work.join("notes.txt")).unwrap(),
            std::fs::read_to_string(self.work.join("catalogue/toolkit.json")).unwrap()
        )
    }

    /// Pushes a commit by someone else onto `branch` of the remote.
    pub fn push_foreign_commit(&self, branch: &str) {
        let repo = self.remote_repo();
        let main = repo
            .find_commit(self.remote_branch("main").unwrap())
            .unwrap();
        let blob = repo.blob(b"someone else's work\n").unwrap();
        let mut builder = repo.treebuilder(Some(&main.tree().unwrap())).unwrap();
        builder.insert("other.txt", blob, 0o100644).unwrap();
        let tree = repo.find_tree(builder.write().unwrap()).unwrap();
        let person = Signature::now("Someone", "someone@example.org").unwrap();
        repo.commit(
            Some(&format!("refs/heads/{branch}")),
            &person,
            &person,
            "Work in progress",
            &tree,
            &[&main],
        )
        .unwrap();
    }
}

fn copy_folder(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_folder(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}
