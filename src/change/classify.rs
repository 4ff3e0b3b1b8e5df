//! The version class of each change, by the rules of `docs/versioning.md`.

use crate::catalogue::{Baseline, BaselineCondition, Entry, Status};

use super::{BaselineChange, Bump};

/// Returns the class of a changed entry field, for every field but `baseline` and
/// `status`, which depend on both values and have their own functions.
pub(super) fn entry_field_class(field: &str) -> Bump {
    let top = field.split(['.', '[']).next().unwrap_or(field);
    match top {
        "$schema" => Bump::None,
        "category" | "fits" | "obstacles" | "providers" => Bump::Minor,
        _ => Bump::Patch,
    }
}

/// Returns the class of a status change that is not a deprecation. The
/// caller handles entering or leaving draft as an addition or removal.
pub(super) fn status_class(old: Status, new: Status) -> Bump {
    if old == new {
        Bump::None
    } else {
        Bump::Minor
    }
}

/// Returns the class of a changed gap field: every gap change is editorial.
pub(super) fn gap_field_class(field: &str) -> Bump {
    if field == "$schema" {
        Bump::None
    } else {
        Bump::Patch
    }
}

/// Returns the class of a changed manifest field.
pub(super) fn manifest_field_class(field: &str) -> Bump {
    let top = field.split('.').next().unwrap_or(field);
    match top {
        "$schema" | "version" | "released" => Bump::None,
        "licence" => Bump::Major,
        _ => Bump::Patch,
    }
}

/// Returns the class of a changed term field: a term's position matters in the
/// lists that are ordered along the continuum.
pub(super) fn term_field_class(list: &str, field: &str) -> Bump {
    match field {
        "position" if matches!(list, "intensities" | "readiness") => Bump::Minor,
        _ => Bump::Patch,
    }
}

/// Tells whether an entry is baseline for at least some projects.
pub(super) fn is_baseline(entry: &Entry) -> bool {
    entry.baseline.required
}

/// Classifies a change of an entry's baseline requirement, or `None` when
/// the requirement did not change in what it requires of projects.
pub(super) fn baseline_change(old: &Baseline, new: &Baseline) -> (Bump, Option<BaselineChange>) {
    if old == new {
        return (Bump::None, None);
    }
    match (old.required, new.required) {
        (false, true) => (Bump::Major, Some(BaselineChange::NowBaseline)),
        (true, false) => (Bump::Minor, Some(BaselineChange::NoLongerBaseline)),
        (false, false) => (Bump::Patch, None),
        (true, true) => condition_change(old.condition.as_ref(), new.condition.as_ref()),
    }
}

/// Compares the projects two conditions apply to. `None` applies to
/// every project; a condition restricts each of its non-empty term lists.
fn condition_change(
    old: Option<&BaselineCondition>,
    new: Option<&BaselineCondition>,
) -> (Bump, Option<BaselineChange>) {
    match (old, new) {
        (None, None) => (Bump::None, None),
        (Some(_), None) => (Bump::Major, Some(BaselineChange::Widened)),
        (None, Some(_)) => (Bump::Minor, Some(BaselineChange::Narrowed)),
        (Some(old), Some(new)) => {
            if !within(old, new) {
                (Bump::Major, Some(BaselineChange::Widened))
            } else if same_scope(old, new) {
                (Bump::Patch, None)
            } else {
                (Bump::Minor, Some(BaselineChange::Narrowed))
            }
        }
    }
}

fn term_lists(condition: &BaselineCondition) -> [&[String]; 4] {
    [
        &condition.roles,
        &condition.intensities,
        &condition.readiness,
        &condition.obstacles,
    ]
}

/// Tells whether every project that `new` applies to is one `old` applied to:
/// each list that restricted `old` restricts `new` to a subset of it.
fn within(old: &BaselineCondition, new: &BaselineCondition) -> bool {
    term_lists(old)
        .iter()
        .zip(term_lists(new))
        .all(|(old_list, new_list)| {
            old_list.is_empty()
                || (!new_list.is_empty() && new_list.iter().all(|term| old_list.contains(term)))
        })
}

fn same_scope(old: &BaselineCondition, new: &BaselineCondition) -> bool {
    term_lists(old)
        .iter()
        .zip(term_lists(new))
        .all(|(old_list, new_list)| {
            old_list.len() == new_list.len() && old_list.iter().all(|term| new_list.contains(term))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn condition(intensities: &[&str]) -> Option<BaselineCondition> {
        Some(BaselineCondition {
            text: "Only some projects.".to_string(),
            roles: vec![],
            intensities: intensities.iter().map(|term| term.to_string()).collect(),
            readiness: vec![],
            obstacles: vec![],
        })
    }

    fn baseline(required: bool, condition: Option<BaselineCondition>) -> Baseline {
        Baseline {
            required,
            condition,
        }
    }

    #[test]
    fn baseline_set_is_major() {
        let (class, change) = baseline_change(&baseline(false, None), &baseline(true, None));
        assert_eq!(class, Bump::Major);
        assert_eq!(change, Some(BaselineChange::NowBaseline));
    }

    #[test]
    fn baseline_unset_is_minor() {
        let (class, _) = baseline_change(&baseline(true, None), &baseline(false, None));
        assert_eq!(class, Bump::Minor);
    }

    #[test]
    fn baseline_condition_removed_is_major() {
        let old = baseline(true, condition(&["contract"]));
        let (class, change) = baseline_change(&old, &baseline(true, None));
        assert_eq!(class, Bump::Major);
        assert_eq!(change, Some(BaselineChange::Widened));
    }

    #[test]
    fn baseline_condition_widened_is_major() {
        let old = baseline(true, condition(&["contract"]));
        let new = baseline(true, condition(&["contract", "part-time"]));
        assert_eq!(baseline_change(&old, &new).0, Bump::Major);
    }

    #[test]
    fn baseline_condition_narrowed_is_minor() {
        let old = baseline(true, condition(&["contract", "part-time"]));
        let new = baseline(true, condition(&["contract"]));
        assert_eq!(baseline_change(&old, &new).0, Bump::Minor);
    }

    #[test]
    fn baseline_condition_text_is_patch() {
        let old = baseline(true, condition(&["contract"]));
        let mut new = baseline(true, condition(&["contract"]));
        new.condition.as_mut().unwrap().text = "Contract roles.".to_string();
        assert_eq!(baseline_change(&old, &new), (Bump::Patch, None));
    }

    #[test]
    fn entry_field_classes() {
        assert_eq!(entry_field_class("fits.roles"), Bump::Minor);
        assert_eq!(entry_field_class("practices[2]"), Bump::Patch);
        assert_eq!(entry_field_class("$schema"), Bump::None);
        assert_eq!(manifest_field_class("version"), Bump::None);
        assert_eq!(manifest_field_class("licence.id"), Bump::Major);
    }
}
