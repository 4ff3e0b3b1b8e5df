//! Review dates: reading an age such as `24m` and listing the records whose
//! last review is older than it.

use serde::Serialize;
use time::Date;

use super::ToolkitError;
use crate::catalogue::{Catalogue, Status};
pub use crate::check::age::{Age, AgeUnit};

/// Reads an age such as `24m`, `2y` or `90d`.
///
/// # Errors
///
/// [`ToolkitError::InvalidAge`] naming the text and what is wrong with it.
pub fn parse_age(text: &str) -> Result<Age, ToolkitError> {
    crate::check::age::parse_age(text).map_err(|error| ToolkitError::InvalidAge {
        value: error.value,
        reason: error.reason,
    })
}

/// A record whose last review is older than the threshold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReviewDue {
    /// The record's id.
    pub id: String,
    /// `entry` or `gap`.
    pub kind: &'static str,
    /// The record's title.
    pub title: String,
    /// The path relative to the repository root.
    pub path: String,
    /// The date of the last review, `YYYY-MM-DD`.
    pub last_reviewed: String,
}

/// Lists the entries and gaps whose `last_reviewed` is before `today` less
/// `age`, oldest first (then by id). Deprecated entries are left out,
/// because they are no longer maintained.
///
/// # Errors
///
/// [`ToolkitError::InvalidDate`] for the first record whose date cannot be
/// read, and [`ToolkitError::InvalidAge`] when `age` reaches before the
/// first representable date.
pub fn review_due(
    catalogue: &Catalogue,
    today: Date,
    age: Age,
) -> Result<Vec<ReviewDue>, ToolkitError> {
    let cutoff = age.before(today).ok_or_else(|| ToolkitError::InvalidAge {
        value: age.to_string(),
        reason: format!("it reaches before the earliest date that can be computed from {today}"),
    })?;

    let entries = catalogue
        .entries
        .iter()
        .filter(|(_, entry)| entry.status != Status::Deprecated)
        .map(|(path, entry)| (path, "entry", &entry.id, &entry.title, &entry.last_reviewed));
    let gaps = catalogue
        .gaps
        .iter()
        .map(|(path, gap)| (path, "gap", &gap.id, &gap.title, &gap.last_reviewed));

    let mut due: Vec<(Date, ReviewDue)> = Vec::new();
    for (path, kind, id, title, reviewed) in entries.chain(gaps) {
        let last_reviewed = parse_date(reviewed).ok_or_else(|| ToolkitError::InvalidDate {
            path: path.clone(),
            value: reviewed.clone(),
        })?;
        if last_reviewed < cutoff {
            let record = ReviewDue {
                id: id.clone(),
                kind,
                title: title.clone(),
                path: path.clone(),
                last_reviewed: reviewed.clone(),
            };
            due.push((last_reviewed, record));
        }
    }
    due.sort_by(|(a_date, a), (b_date, b)| (a_date, &a.id).cmp(&(b_date, &b.id)));
    Ok(due.into_iter().map(|(_, record)| record).collect())
}

/// Reads a `YYYY-MM-DD` date.
fn parse_date(text: &str) -> Option<Date> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    Date::parse(text, &format).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_age_rejects_bad_input() {
        for text in ["", "m", "24", "24w", "-3m", "1.5y", "99999999999d", "2 y"] {
            let error = parse_age(text).unwrap_err();
            assert!(
                matches!(error, ToolkitError::InvalidAge { .. }),
                "{text}: {error}"
            );
            assert!(error.to_string().contains("such as 24m"), "{text}: {error}");
        }
    }
}
