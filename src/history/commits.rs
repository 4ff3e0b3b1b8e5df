//! The commits between two revisions that touched the standard's files, with their pull request numbers.

use std::collections::{BTreeSet, HashMap};

use super::tree::is_tracked;
use super::{ChangedFile, CommitId, HistoryError, Repo};

/// A commit as a changelog names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitInfo {
    /// The commit.
    pub id: CommitId,
    /// The first line of its message.
    pub summary: String,
    /// The committer time, in seconds since the Unix epoch.
    pub time: i64,
    /// The committer's offset from UTC, in minutes.
    pub offset_minutes: i32,
    /// The pull request that brought it in: `(#123)` at the end of a
    /// squash-merge subject, `Merge pull request #123 from ...`, or the
    /// merge commit of the pull request whose branch contains it.
    pub pull_request: Option<u64>,
}

impl CommitInfo {
    pub(super) fn of(commit: &git2::Commit<'_>) -> CommitInfo {
        let summary =
            String::from_utf8_lossy(commit.summary_bytes().unwrap_or_default()).into_owned();
        CommitInfo {
            id: CommitId(commit.id()),
            pull_request: pull_request_of(&summary),
            summary,
            time: commit.time().seconds(),
            offset_minutes: commit.time().offset_minutes(),
        }
    }

    /// Formats the commit date as `YYYY-MM-DD` in the committer's time zone.
    pub fn date(&self) -> String {
        let offset = time::UtcOffset::from_whole_seconds(self.offset_minutes * 60)
            .unwrap_or(time::UtcOffset::UTC);
        let moment = time::OffsetDateTime::from_unix_timestamp(self.time)
            .unwrap_or(time::OffsetDateTime::UNIX_EPOCH)
            .to_offset(offset);
        let date = moment.date();
        format!(
            "{:04}-{:02}-{:02}",
            date.year(),
            u8::from(date.month()),
            date.day()
        )
    }
}

/// Parses the pull request number from a commit subject: GitHub's merge
/// commit subject `Merge pull request #123 from owner/branch`, or a
/// squash-merge subject that ends with `(#123)`.
pub fn pull_request_of(subject: &str) -> Option<u64> {
    if let Some(rest) = subject.strip_prefix("Merge pull request #") {
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        return digits.parse().ok();
    }
    let inner = subject.trim_end().strip_suffix(')')?;
    let start = inner.rfind("(#")?;
    inner[start + 2..].parse().ok()
}

/// A commit with the standard's files that it changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TouchingCommit {
    /// The commit.
    pub info: CommitInfo,
    /// The paths under `catalogue/` and `schemas/` it changed, sorted.
    pub paths: BTreeSet<String>,
    /// The same files with their blobs in the first parent and in the
    /// commit, to tell which records of a file it changed.
    pub files: Vec<ChangedFile>,
}

impl Repo {
    /// Lists the commits reachable from `to` and not from `from` (all of
    /// history when `from` is `None`) that changed a file under
    /// `catalogue/` or `schemas/`, oldest first.
    ///
    /// Both parents of a merge are walked, so the commits of a merged
    /// branch are listed. A merge commit itself counts as changing a path
    /// only when the path differs from every parent, which is when the
    /// merge brought something new (a conflict resolution), the rule
    /// `git log` follows for a path.
    pub fn touching_commits(
        &self,
        from: Option<CommitId>,
        to: CommitId,
    ) -> Result<Vec<TouchingCommit>, HistoryError> {
        let ids = self.walk(from, to)?;
        let merged_by = self.pull_requests_of_merged_branches(&ids)?;
        let mut touching = Vec::new();
        for id in ids {
            let commit = self.find_commit(id)?;
            let files = self.files_changed_by(&commit)?;
            if files.is_empty() {
                continue;
            }
            let paths = files.iter().map(|file| file.path.clone()).collect();
            let mut info = CommitInfo::of(&commit);
            if info.pull_request.is_none() {
                info.pull_request = merged_by.get(&id).copied();
            }
            touching.push(TouchingCommit { info, paths, files });
        }
        Ok(touching)
    }

    /// Lists the commits between `from` and `to` that changed `path`,
    /// oldest first, by the rules of [`Repo::touching_commits`].
    pub fn commits_touching(
        &self,
        from: Option<CommitId>,
        to: CommitId,
        path: &str,
    ) -> Result<Vec<CommitInfo>, HistoryError> {
        Ok(self
            .touching_commits(from, to)?
            .into_iter()
            .filter(|commit| commit.paths.contains(path))
            .map(|commit| commit.info)
            .collect())
    }

    fn walk(&self, from: Option<CommitId>, to: CommitId) -> Result<Vec<CommitId>, HistoryError> {
        let mut walk = self
            .git
            .revwalk()
            .map_err(|source| HistoryError::git("walk history", source))?;
        walk.set_sorting(git2::Sort::TOPOLOGICAL | git2::Sort::REVERSE)
            .map_err(|source| HistoryError::git("walk history", source))?;
        walk.push(to.0)
            .map_err(|source| HistoryError::git_at("walk history from", to.to_string(), source))?;
        if let Some(from) = from {
            walk.hide(from.0).map_err(|source| {
                HistoryError::git_at("walk history to", from.to_string(), source)
            })?;
        }
        walk.map(|oid| {
            oid.map(CommitId)
                .map_err(|source| HistoryError::git("walk history", source))
        })
        .collect()
    }

    /// Lists the files that `commit` changed, with their blobs before (in
    /// the first parent) and after: against the empty tree for a root
    /// commit, and for a merge only the paths that differ from every
    /// parent.
    fn files_changed_by(
        &self,
        commit: &git2::Commit<'_>,
    ) -> Result<Vec<ChangedFile>, HistoryError> {
        let tree = commit.tree().map_err(|source| {
            HistoryError::git_at("read the tree of commit", commit.id().to_string(), source)
        })?;
        if commit.parent_count() == 0 {
            return Ok(tracked(self.diff_trees(None, Some(&tree))?));
        }
        let mut first_parent_files: Option<Vec<ChangedFile>> = None;
        let mut common: Option<BTreeSet<String>> = None;
        for parent in commit.parents() {
            let parent_tree = parent.tree().map_err(|source| {
                HistoryError::git_at("read the tree of commit", parent.id().to_string(), source)
            })?;
            let files = tracked(self.diff_trees(Some(&parent_tree), Some(&tree))?);
            let paths: BTreeSet<String> = files.iter().map(|file| file.path.clone()).collect();
            common = Some(match common {
                None => paths,
                Some(before) => before.intersection(&paths).cloned().collect(),
            });
            first_parent_files.get_or_insert(files);
        }
        let common = common.unwrap_or_default();
        let mut files = first_parent_files.unwrap_or_default();
        files.retain(|file| common.contains(&file.path));
        Ok(files)
    }

    /// Maps each commit that a `Merge pull request #N` commit brought in
    /// (reachable from its second parent, not from its first) to `N`.
    fn pull_requests_of_merged_branches(
        &self,
        ids: &[CommitId],
    ) -> Result<HashMap<CommitId, u64>, HistoryError> {
        let mut merged_by = HashMap::new();
        for id in ids {
            let commit = self.find_commit(*id)?;
            if commit.parent_count() < 2 {
                continue;
            }
            let summary =
                String::from_utf8_lossy(commit.summary_bytes().unwrap_or_default()).into_owned();
            let Some(number) = pull_request_of(&summary) else {
                continue;
            };
            let (Ok(first), Ok(second)) = (commit.parent_id(0), commit.parent_id(1)) else {
                continue;
            };
            for branch_commit in self.walk(Some(CommitId(first)), CommitId(second))? {
                merged_by.entry(branch_commit).or_insert(number);
            }
        }
        Ok(merged_by)
    }
}

fn tracked(mut changes: Vec<ChangedFile>) -> Vec<ChangedFile> {
    changes.retain(|change| is_tracked(&change.path));
    changes
}

#[cfg(test)]
mod tests {
    use super::pull_request_of;

    #[test]
    fn pull_request_from_squash_subject() {
        assert_eq!(pull_request_of("Add impact debriefing (#123)"), Some(123));
    }

    #[test]
    fn pull_request_from_merge_subject() {
        assert_eq!(
            pull_request_of("Merge pull request #45 from someone/fix-typo"),
            Some(45)
        );
    }

    #[test]
    fn pull_request_absent_or_malformed() {
        assert_eq!(pull_request_of("Fix typo"), None);
        assert_eq!(pull_request_of("Fix typo (#abc)"), None);
        assert_eq!(pull_request_of("Fix typo (see #12) today"), None);
        assert_eq!(pull_request_of("(#)"), None);
    }
}
