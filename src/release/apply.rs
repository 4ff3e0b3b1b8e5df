//! Applying a plan: every object is prepared in memory first, then files,
//! index, branch and tag are written in that order, and a failure restores
//! what was already written.

use std::path::{Path, PathBuf};

use git2::{build::TreeUpdateBuilder, FileMode, Oid, Repository};

use super::git;
use super::{Plan, ReleaseError};

/// The objects a successful apply created.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Applied {
    /// The release commit.
    pub commit: Oid,
    /// The annotated tag object.
    pub tag: Oid,
}

/// Objects written to the object database before any file or ref is
/// touched. Unreferenced objects change nothing a user sees, and
/// `git gc` prunes them.
struct Prepared {
    tree: Oid,
    commit: Oid,
    tag: Oid,
}

/// One write already done, with what restores it.
enum Done {
    File { path: PathBuf, old: Option<Vec<u8>> },
    Index { path: PathBuf, old: Option<Vec<u8>> },
    Branch { name: String, old: Oid, new: Oid },
    Tag { name: String },
}

/// Applies `plan`: commits the planned files on the plan's branch with the
/// configured identity at time `when`, and creates the annotated tag.
/// Either all of it is written or, after a failure, the files, index,
/// branch and tags are restored as they were.
pub fn apply(repo: &Repository, plan: &Plan, when: &git2::Time) -> Result<Applied, ReleaseError> {
    let root = repo
        .workdir()
        .ok_or_else(|| ReleaseError::Edit("the repository is bare; run in a working tree".into()))?
        .to_path_buf();
    check_unmoved(repo, plan)?;
    let prepared = prepare(repo, plan, when)?;
    let mut done = Vec::new();
    match write_all(repo, &root, plan, &prepared, &mut done) {
        Ok(()) => Ok(Applied {
            commit: prepared.commit,
            tag: prepared.tag,
        }),
        Err((step, cause)) => {
            let restore = restore(repo, done);
            Err(ReleaseError::Apply {
                step,
                cause,
                restore,
            })
        }
    }
}

/// Fails when HEAD left the planned branch or commit since planning.
fn check_unmoved(repo: &Repository, plan: &Plan) -> Result<(), ReleaseError> {
    let head = git::head(repo)?;
    if head.branch != plan.branch || head.commit.id() != plan.head {
        return Err(ReleaseError::Moved(format!(
            "HEAD (planned at {} on {})",
            git::short(plan.head),
            plan.branch
        )));
    }
    Ok(())
}

fn prepare(repo: &Repository, plan: &Plan, when: &git2::Time) -> Result<Prepared, ReleaseError> {
    let signature = git::identity(repo, when)?;
    let parent = repo
        .find_commit(plan.head)
        .map_err(|error| ReleaseError::git("read the HEAD commit", error))?;
    let base_tree = parent
        .tree()
        .map_err(|error| ReleaseError::git("read the HEAD tree", error))?;

    let mut update = TreeUpdateBuilder::new();
    for file in &plan.files {
        let blob = repo
            .blob(&file.new)
            .map_err(|error| ReleaseError::git(format!("store {}", file.path), error))?;
        let mode = base_tree
            .get_path(Path::new(&file.path))
            .ok()
            .map(|entry| entry.filemode())
            .filter(|&mode| mode == i32::from(FileMode::BlobExecutable))
            .map_or(FileMode::Blob, |_| FileMode::BlobExecutable);
        update.upsert(file.path.as_str(), blob, mode);
    }
    let tree_id = update
        .create_updated(repo, &base_tree)
        .map_err(|error| ReleaseError::git("build the release tree", error))?;
    let tree = repo
        .find_tree(tree_id)
        .map_err(|error| ReleaseError::git("read the release tree", error))?;
    let commit = repo
        .commit(
            None,
            &signature,
            &signature,
            &plan.message,
            &tree,
            &[&parent],
        )
        .map_err(|error| ReleaseError::git("create the release commit", error))?;
    let commit_object = repo
        .find_object(commit, Some(git2::ObjectType::Commit))
        .map_err(|error| ReleaseError::git("read the release commit", error))?;
    let tag = repo
        .tag_annotation_create(&plan.tag, &commit_object, &signature, &plan.section)
        .map_err(|error| ReleaseError::git(format!("create the tag object {}", plan.tag), error))?;
    Ok(Prepared {
        tree: tree_id,
        commit,
        tag,
    })
}

/// The failed step and its error, boxed to keep the `Result` small.
type StepError = (String, Box<ReleaseError>);

fn write_all(
    repo: &Repository,
    root: &Path,
    plan: &Plan,
    prepared: &Prepared,
    done: &mut Vec<Done>,
) -> Result<(), StepError> {
    for file in &plan.files {
        let path = root.join(&file.path);
        let step = || format!("write {}", file.path);
        check_writable(&path).map_err(|error| (step(), Box::new(error)))?;
        crate::fsutil::write_atomic(&path, &file.new).map_err(|error| {
            let error = ReleaseError::Io {
                action: "write",
                path: path.clone(),
                error,
            };
            (step(), Box::new(error))
        })?;
        done.push(Done::File {
            path,
            old: file.old.clone(),
        });
    }

    let index_path = repo.path().join("index");
    let index_old = std::fs::read(&index_path).ok();
    write_index(repo, prepared.tree)
        .map_err(|error| ("update the index".to_string(), Box::new(error)))?;
    done.push(Done::Index {
        path: index_path,
        old: index_old,
    });

    let message = format!("peerkit release: {}", plan.tag);
    repo.reference_matching(&plan.branch, prepared.commit, true, plan.head, &message)
        .map_err(|error| {
            let step = format!("move {} to the release commit", plan.branch);
            (step.clone(), Box::new(ReleaseError::git(step, error)))
        })?;
    done.push(Done::Branch {
        name: plan.branch.clone(),
        old: plan.head,
        new: prepared.commit,
    });

    let tag_ref = format!("refs/tags/{}", plan.tag);
    repo.reference(&tag_ref, prepared.tag, false, &message)
        .map_err(|error| {
            let step = format!("create tag {}", plan.tag);
            (step.clone(), Box::new(ReleaseError::git(step, error)))
        })?;
    done.push(Done::Tag { name: tag_ref });
    Ok(())
}

/// Rejects a file marked read-only, even for a user (such as root) whom
/// the system would let overwrite it.
fn check_writable(path: &Path) -> Result<(), ReleaseError> {
    match std::fs::metadata(path) {
        Ok(metadata) if metadata.permissions().readonly() => Err(ReleaseError::Io {
            action: "write",
            path: path.to_path_buf(),
            error: std::io::Error::new(
                std::io::ErrorKind::PermissionDenied,
                "the file is read-only; make it writable and run again",
            ),
        }),
        _ => Ok(()),
    }
}

fn write_index(repo: &Repository, tree: Oid) -> Result<(), ReleaseError> {
    let tree = repo
        .find_tree(tree)
        .map_err(|error| ReleaseError::git("read the release tree", error))?;
    let mut index = repo
        .index()
        .map_err(|error| ReleaseError::git("open the index", error))?;
    index
        .read_tree(&tree)
        .and_then(|()| index.write())
        .map_err(|error| ReleaseError::git("write the index", error))
}

/// Undoes `done` in reverse order and describes the result.
fn restore(repo: &Repository, done: Vec<Done>) -> String {
    let mut failures = Vec::new();
    for step in done.into_iter().rev() {
        if let Err(failure) = undo(repo, step) {
            failures.push(failure);
        }
    }
    if failures.is_empty() {
        "the files, index, branch and tags were restored as before".to_string()
    } else {
        format!(
            "restoring failed, so fix these by hand: {}",
            failures.join("; ")
        )
    }
}

fn undo(repo: &Repository, step: Done) -> Result<(), String> {
    match step {
        Done::File { path, old } | Done::Index { path, old } => restore_file(&path, old.as_deref()),
        Done::Branch { name, old, new } => repo
            .reference_matching(&name, old, true, new, "peerkit release: restore")
            .map(drop)
            .map_err(|error| format!("reset {name} to {old}: {error}")),
        Done::Tag { name } => repo
            .find_reference(&name)
            .and_then(|mut reference| reference.delete())
            .map_err(|error| format!("delete {name}: {error}")),
    }
}

fn restore_file(path: &Path, old: Option<&[u8]>) -> Result<(), String> {
    let result = match old {
        Some(bytes) => crate::fsutil::write_atomic(path, bytes),
        None => std::fs::remove_file(path),
    };
    result.map_err(|error| format!("restore {}: {error}", path.display()))
}
