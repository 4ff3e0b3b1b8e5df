//! The suggestion issues that a release ships: `Suggestion: #N` trailers
//! in the commits between the previous release and this one.

use std::collections::BTreeSet;

use git2::{Oid, Repository};

use super::ReleaseError;

/// The trailer key that names a suggestion's issue.
pub const SUGGESTION_TRAILER: &str = "Suggestion";

/// Returns the issue numbers named by `Suggestion: #N` trailers in the
/// commits reachable from `to` and not from `from` (all history when
/// `from` is `None`), sorted and without repeats.
pub fn shipped_issues(
    repo: &Repository,
    from: Option<Oid>,
    to: Oid,
) -> Result<Vec<u64>, ReleaseError> {
    let walk_error = |error| ReleaseError::git("walk the commits of the release", error);
    let mut walk = repo.revwalk().map_err(walk_error)?;
    walk.push(to).map_err(walk_error)?;
    if let Some(from) = from {
        walk.hide(from).map_err(walk_error)?;
    }
    let mut issues = BTreeSet::new();
    for oid in walk {
        let commit = repo
            .find_commit(oid.map_err(walk_error)?)
            .map_err(walk_error)?;
        let message = String::from_utf8_lossy(commit.message_bytes()).into_owned();
        issues.extend(suggestion_trailers(&message));
    }
    Ok(issues.into_iter().collect())
}

/// Parses the `Suggestion: #N` trailers of one commit message.
pub fn suggestion_trailers(message: &str) -> Vec<u64> {
    let Ok(trailers) = git2::message_trailers_strs(message) else {
        return Vec::new();
    };
    trailers
        .iter()
        .filter(|(key, _)| key.eq_ignore_ascii_case(SUGGESTION_TRAILER))
        .filter_map(|(_, value)| value.trim().strip_prefix('#')?.parse().ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trailers_name_issues() {
        let message = "Add shift check-in\n\nFrom the community.\n\nSuggestion: #12\nSigned-off-by: A <a@example.org>\nSuggestion: #7\n";
        assert_eq!(suggestion_trailers(message), vec![12, 7]);
    }

    #[test]
    fn body_mention_is_no_trailer() {
        let message = "Fix typo\n\nSuggestion: #12 was wrong here, see below.\n\nMore text.\n";
        assert!(suggestion_trailers(message).is_empty());
    }
}
