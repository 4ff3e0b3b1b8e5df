//! Throwaway git repositories built with git2 in temp folders, with fixed commit times so commit ids are the same on every run.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use git2::{Oid, Repository, Signature, Time};

/// The commit time of the first commit; each later commit is one minute on.
const START_TIME: i64 = 1_796_000_000;

/// A repository whose files live in memory and on disk, committed by hand.
pub struct TestRepo {
    pub dir: tempfile::TempDir,
    pub repo: Repository,
    files: BTreeMap<String, Vec<u8>>,
    clock: i64,
}

impl TestRepo {
    /// Creates an empty repository with a working tree and `main` as its
    /// initial branch.
    pub fn new() -> TestRepo {
        let dir = tempfile::tempdir().expect("temp folder");
        let mut options = git2::RepositoryInitOptions::new();
        options.initial_head("main");
        let repo = Repository::init_opts(dir.path(), &options).expect("git init");
        TestRepo {
            dir,
            repo,
            files: BTreeMap::new(),
            clock: START_TIME,
        }
    }

    /// Creates an empty bare repository.
    pub fn new_bare() -> TestRepo {
        let dir = tempfile::tempdir().expect("temp folder");
        let mut options = git2::RepositoryInitOptions::new();
        options.initial_head("main").bare(true);
        let repo = Repository::init_opts(dir.path(), &options).expect("git init --bare");
        TestRepo {
            dir,
            repo,
            files: BTreeMap::new(),
            clock: START_TIME,
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Sets a file for the next commit, and on disk unless bare.
    pub fn write(&mut self, path: &str, contents: impl AsRef<[u8]>) {
        let bytes = contents.as_ref().to_vec();
        if !self.repo.is_bare() {
            let full: PathBuf = self.dir.path().join(path);
            std::fs::create_dir_all(full.parent().unwrap()).unwrap();
            std::fs::write(&full, &bytes).unwrap();
        }
        self.files.insert(path.to_string(), bytes);
    }

    /// Removes a file for the next commit, and from disk unless bare.
    pub fn remove(&mut self, path: &str) {
        if !self.repo.is_bare() {
            let _ = std::fs::remove_file(self.dir.path().join(path));
        }
        self.files.remove(path);
    }

    /// Returns the file set for the next commit.
    pub fn file(&self, path: &str) -> &[u8] {
        &self.files[path]
    }

    /// Commits the current files on top of HEAD and moves the branch.
    pub fn commit(&mut self, message: &str) -> Oid {
        let parents: Vec<Oid> = self
            .repo
            .head()
            .ok()
            .and_then(|head| head.target())
            .into_iter()
            .collect();
        self.commit_with_parents(message, &parents, Some("HEAD"))
    }

    /// Commits the current files with the given parents, updating
    /// `reference` when given.
    pub fn commit_with_parents(
        &mut self,
        message: &str,
        parents: &[Oid],
        reference: Option<&str>,
    ) -> Oid {
        let tree_id = self.write_tree();
        let signature = self.signature();
        let tree = self.repo.find_tree(tree_id).unwrap();
        let parent_commits: Vec<git2::Commit<'_>> = parents
            .iter()
            .map(|id| self.repo.find_commit(*id).unwrap())
            .collect();
        let parent_refs: Vec<&git2::Commit<'_>> = parent_commits.iter().collect();
        self.repo
            .commit(
                reference,
                &signature,
                &signature,
                message,
                &tree,
                &parent_refs,
            )
            .expect("commit")
    }

    /// Replaces the in-memory files with those of `commit`, to build a
    /// branch from an older commit.
    pub fn reset_files_to(&mut self, commit: Oid) {
        let tree = self.repo.find_commit(commit).unwrap().tree().unwrap();
        let mut files = BTreeMap::new();
        tree.walk(git2::TreeWalkMode::PreOrder, |root, entry| {
            if entry.kind() == Some(git2::ObjectType::Blob) {
                let blob = self.repo.find_blob(entry.id()).unwrap();
                files.insert(
                    format!("{root}{}", entry.name().unwrap()),
                    blob.content().to_vec(),
                );
            }
            git2::TreeWalkResult::Ok
        })
        .unwrap();
        self.files = files;
    }

    /// Tags `commit` with an annotated tag.
    pub fn tag_annotated(&mut self, name: &str, commit: Oid) {
        let signature = self.signature();
        let object = self.repo.find_object(commit, None).unwrap();
        self.repo
            .tag(name, &object, &signature, &format!("Release {name}"), false)
            .unwrap();
    }

    /// Tags `commit` with a lightweight tag.
    pub fn tag_lightweight(&mut self, name: &str, commit: Oid) {
        let object = self.repo.find_object(commit, None).unwrap();
        self.repo.tag_lightweight(name, &object, false).unwrap();
    }

    /// Points `reference` (such as `refs/remotes/origin/main`) at `commit`.
    pub fn set_reference(&self, reference: &str, commit: Oid) {
        self.repo
            .reference(reference, commit, true, "test")
            .unwrap();
    }

    fn signature(&mut self) -> Signature<'static> {
        self.clock += 60;
        Signature::new(
            "Test Author",
            "author@example.org",
            &Time::new(self.clock, 0),
        )
        .unwrap()
    }

    fn write_tree(&self) -> Oid {
        let mut index = git2::Index::new().unwrap();
        for (path, bytes) in &self.files {
            let entry = git2::IndexEntry {
                ctime: git2::IndexTime::new(0, 0),
                mtime: git2::IndexTime::new(0, 0),
                dev: 0,
                ino: 0,
                mode: 0o100644,
                uid: 0,
                gid: 0,
                file_size: bytes.len() as u32,
                id: self.repo.blob(bytes).unwrap(),
                flags: 0,
                flags_extended: 0,
                path: path.as_bytes().to_vec(),
            };
            index.add(&entry).unwrap();
        }
        index.write_tree_to(&self.repo).unwrap()
    }
}

/// The vocabulary of the fixture catalogue, canonical.
pub fn vocabulary() -> String {
    let term = |id: &str, label: &str| serde_json::json!({"id": id, "label": label, "definition": format!("The {label} term.")});
    pretty(&serde_json::json!({
        "$schema": "../schemas/vocabulary.schema.json",
        "roles": [term("navigator", "Navigator"), term("pra", "Peer research associate")],
        "intensities": [term("casual", "Casual"), term("contract", "Contract")],
        "readiness": [term("entry", "Entry"), term("established", "Established")],
        "categories": [term("supervision", "Supervision"), term("safety", "Safety")],
        "obstacles": [term("grief", "Grief")],
        "providers": [term("host-org", "Host organisation")],
    }))
}

/// The manifest of the fixture catalogue at `version`.
pub fn manifest(version: &str) -> String {
    pretty(&serde_json::json!({
        "$schema": "../schemas/manifest.schema.json",
        "name": "Test toolkit",
        "version": version,
        "licence": {"id": "CC-BY-4.0", "url": "https://creativecommons.org/licenses/by/4.0/"},
    }))
}

/// An entry of the fixture catalogue as a JSON value, to change before
/// writing it with [`pretty`].
pub fn entry(id: &str, category: &str, title: &str) -> serde_json::Value {
    serde_json::json!({
        "$schema": "../../schemas/entry.schema.json",
        "id": id,
        "title": title,
        "summary": format!("A summary of {title}."),
        "description": "Peers meet a trained colleague every month to talk through hard work.",
        "category": category,
        "baseline": {"required": false},
        "fits": {"roles": ["navigator"], "intensities": ["casual"], "readiness": ["entry"]},
        "obstacles": ["grief"],
        "providers": ["host-org"],
        "practices": ["Meet every month.", "Keep notes private."],
        "status": "proposed",
        "related": [],
        "sources": [{"title": "A guideline", "url": "https://example.org/guide", "kind": "guideline"}],
        "last_reviewed": "2026-11-20",
    })
}

/// A gap of the fixture catalogue as a JSON value.
pub fn gap(id: &str, title: &str) -> serde_json::Value {
    serde_json::json!({
        "$schema": "../../schemas/gap.schema.json",
        "id": id,
        "title": title,
        "need": "Peers asked for a way to step back without losing pay.",
        "affects": {"roles": ["pra"], "intensities": ["contract"], "readiness": ["entry"]},
        "categories": ["supervision"],
        "obstacles": [],
        "status": "open",
        "addressed_by": [],
        "related": [],
        "sources": [],
        "last_reviewed": "2026-11-20",
    })
}

/// Formats a value as canonical text: two-space indentation and a final
/// newline.
pub fn pretty(value: &serde_json::Value) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap();
    text.push('\n');
    text
}

/// Writes the fixture catalogue's manifest, vocabulary and two entries.
pub fn seed(repo: &mut TestRepo) {
    repo.write("catalogue/toolkit.json", manifest("0.1.0"));
    repo.write("catalogue/vocabulary.json", vocabulary());
    repo.write(
        "catalogue/supervision/peer-supervision.json",
        pretty(&entry(
            "peer-supervision",
            "supervision",
            "Peer supervision",
        )),
    );
    repo.write(
        "catalogue/safety/field-safety.json",
        pretty(&entry("field-safety", "safety", "Field safety plan")),
    );
}

/// Commits every file under `root` (creating the repository when missing)
/// and tags the commit with an annotated tag `tag`, for tests that build a
/// catalogue on disk first.
pub fn commit_and_tag(root: &Path, message: &str, tag: &str) {
    let repo = git2::Repository::open(root)
        .or_else(|_| git2::Repository::init(root))
        .unwrap();
    let mut index = repo.index().unwrap();
    index
        .add_all(["*"], git2::IndexAddOption::DEFAULT, None)
        .unwrap();
    index.write().unwrap();
    let tree = repo.find_tree(index.write_tree().unwrap()).unwrap();
    let signature = git2::Signature::new(
        "Test",
        "test@example.org",
        &git2::Time::new(1_780_000_000, 0),
    )
    .unwrap();
    let parents: Vec<git2::Commit> = repo
        .head()
        .ok()
        .and_then(|head| head.peel_to_commit().ok())
        .into_iter()
        .collect();
    let parent_refs: Vec<&git2::Commit> = parents.iter().collect();
    let commit = repo
        .commit(
            Some("HEAD"),
            &signature,
            &signature,
            message,
            &tree,
            &parent_refs,
        )
        .unwrap();
    let object = repo.find_object(commit, None).unwrap();
    repo.tag(tag, &object, &signature, tag, false).unwrap();
}
