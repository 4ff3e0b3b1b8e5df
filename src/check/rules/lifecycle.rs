//! Rules about an entry's life cycle, a gap's status and review dates.

use time::Date;

use super::RecordContext;
use crate::catalogue::{Entry, Gap, GapStatus, Status};
use crate::check::finding::Finding;
use crate::report::{Code, Diagnostic};

/// deprecated-without-reason: a deprecated entry names neither the entry
/// that replaces it nor why it was deprecated.
pub(crate) fn deprecated_without_reason(path: &str, entry: &Entry) -> Option<Finding> {
    if entry.status != Status::Deprecated
        || entry.superseded_by.is_some()
        || entry.deprecation_reason.is_some()
    {
        return None;
    }
    let diagnostic = Diagnostic::error(
        Code::DeprecatedWithoutReason,
        path,
        format!("the entry \"{}\" is deprecated but names neither `superseded_by` nor `deprecation_reason`", entry.id),
    )
    .at_pointer("/status")
    .with_help("add `superseded_by` with the id of the entry that replaces it, or `deprecation_reason` saying why it is no longer recommended");
    Some(diagnostic.into())
}

/// deprecated-baseline: a deprecated entry is still a baseline requirement.
pub(crate) fn deprecated_baseline(path: &str, entry: &Entry) -> Option<Finding> {
    if entry.status != Status::Deprecated || !entry.baseline.required {
        return None;
    }
    let diagnostic = Diagnostic::error(
        Code::DeprecatedBaseline,
        path,
        format!("the entry \"{}\" is deprecated but still a baseline requirement", entry.id),
    )
    .at_pointer("/baseline/required")
    .with_help("set `baseline.required` to false: no project can be required to meet a support that is no longer recommended");
    Some(diagnostic.into())
}

/// not-deprecated: an entry that is not deprecated has `superseded_by` or
/// `deprecation_reason`, which readers would take for a deprecation.
pub(crate) fn not_deprecated(path: &str, entry: &Entry) -> Vec<Finding> {
    if entry.status == Status::Deprecated {
        return Vec::new();
    }
    let fields = [
        ("superseded_by", entry.superseded_by.is_some()),
        ("deprecation_reason", entry.deprecation_reason.is_some()),
    ];
    fields
        .into_iter()
        .filter(|(_, present)| *present)
        .map(|(field, _)| {
            let message = format!(
                "the entry \"{}\" is {}, not deprecated, but has `{field}`",
                entry.id,
                entry.status.as_str()
            );
            Diagnostic::error(Code::NotDeprecated, path, message)
                .at_pointer(format!("/{field}"))
                .with_help(format!(
                    "delete `{field}`, or set `status` to \"deprecated\" if the entry is no longer recommended"
                ))
                .into()
        })
        .collect()
}

/// missing-source: a proposed or adopted entry cites no source.
pub(crate) fn missing_source(path: &str, entry: &Entry) -> Option<Finding> {
    if !matches!(entry.status, Status::Proposed | Status::Adopted) || !entry.sources.is_empty() {
        return None;
    }
    let diagnostic = Diagnostic::error(
        Code::MissingSource,
        path,
        format!("the entry \"{}\" is {} but cites no source", entry.id, entry.status.as_str()),
    )
    .at_pointer("/sources")
    .with_help("add the guideline, study, focus group or documented practice it rests on to `sources`, or set `status` to \"draft\"");
    Some(diagnostic.into())
}

/// gap-status: an addressed gap names no entry in `addressed_by`, or an
/// open gap names some.
pub(crate) fn gap_status(path: &str, gap: &Gap) -> Option<Finding> {
    let diagnostic = match (gap.status, gap.addressed_by.is_empty()) {
        (GapStatus::Addressed, true) => Diagnostic::error(
            Code::GapStatus,
            path,
            format!(
                "the gap \"{}\" is addressed, but `addressed_by` names no entry",
                gap.id
            ),
        )
        .at_pointer("/status")
        .with_help(
            "list the entries that meet the need in `addressed_by`, or set `status` to \"open\"",
        ),
        (GapStatus::Open, false) => Diagnostic::error(
            Code::GapStatus,
            path,
            format!(
                "the gap \"{}\" is open, but `addressed_by` names entries",
                gap.id
            ),
        )
        .at_pointer("/addressed_by")
        .with_help(
            "set `status` to \"addressed\" if those entries meet the need, or empty `addressed_by`",
        ),
        _ => return None,
    };
    Some(diagnostic.into())
}

/// review-due (a warning): an entry or gap was last reviewed longer ago
/// than the threshold. The caller leaves out deprecated entries, which are
/// not reviewed.
pub(crate) fn review_due(context: &RecordContext<'_>, reviewed: &str) -> Option<Finding> {
    let options = context.options;
    let threshold = options.review_after.before(options.today)?;
    let due = parse_date(reviewed).is_some_and(|date| date < threshold);
    if !due {
        return None;
    }
    let diagnostic = Diagnostic::warning(
        Code::ReviewDue,
        context.path,
        format!(
            "last reviewed on {reviewed}, more than {} before {}",
            options.review_after.describe(),
            options.today
        ),
    )
    .at_pointer("/last_reviewed")
    .with_help(
        "review the record against its sources, then set `last_reviewed` to the date of the review",
    );
    Some(diagnostic.into())
}

/// Parses a `YYYY-MM-DD` date.
fn parse_date(text: &str) -> Option<Date> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    Date::parse(text, &format).ok()
}
