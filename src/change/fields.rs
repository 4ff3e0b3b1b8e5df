//! Field-by-field differences of two decoded records, in the schema's key order.

use serde_json::Value;

use super::words::word_diff;
use super::{FieldDiff, Segment};

/// The fields compared as prose, by their dotted path.
const PROSE_FIELDS: [&str; 8] = [
    "summary",
    "description",
    "need",
    "definition",
    "deprecation_reason",
    "baseline.condition.text",
    "adapted_from.model",
    "adapted_from.changes",
];

/// The lists whose items are prose, diffed item by item.
const PROSE_LISTS: [&str; 1] = ["practices"];

/// The keys of each record in the schema's order; nested objects follow
/// their parent's key. Keys missing here come last, sorted.
const KEY_ORDER: [&str; 33] = [
    "$schema",
    "id",
    "name",
    "version",
    "released",
    "licence",
    "homepage",
    "label",
    "title",
    "summary",
    "description",
    "need",
    "definition",
    "category",
    "baseline",
    "required",
    "condition",
    "text",
    "affects",
    "fits",
    "roles",
    "intensities",
    "readiness",
    "categories",
    "obstacles",
    "providers",
    "practices",
    "adapted_from",
    "status",
    "superseded_by",
    "deprecation_reason",
    "addressed_by",
    "related",
];

/// Appends one `(field, diff)` for each field that differs between `old`
/// and `new`, recursing into objects. Objects compare by content, so key
/// order and formatting never count as a change.
pub(super) fn diff_values(
    prefix: &str,
    old: &Value,
    new: &Value,
    out: &mut Vec<(String, FieldDiff)>,
) {
    if old == new {
        return;
    }
    match (old, new) {
        (Value::Object(old_map), Value::Object(new_map)) => {
            for key in ordered_keys(old_map, new_map) {
                let path = join(prefix, &key);
                match (old_map.get(&key), new_map.get(&key)) {
                    (Some(before), Some(after)) => diff_values(&path, before, after, out),
                    (before, after) => out.push((path, absent_or_present(before, after))),
                }
            }
        }
        (Value::Array(old_items), Value::Array(new_items)) => {
            if PROSE_LISTS.contains(&prefix) && all_strings(old_items) && all_strings(new_items) {
                diff_prose_list(prefix, old_items, new_items, out);
            } else {
                out.push((prefix.to_string(), diff_items(old_items, new_items)));
            }
        }
        (Value::String(before), Value::String(after)) if PROSE_FIELDS.contains(&prefix) => {
            out.push((prefix.to_string(), words(before, after)));
        }
        _ => out.push((
            prefix.to_string(),
            FieldDiff::Value {
                old: Some(old.clone()),
                new: Some(new.clone()),
            },
        )),
    }
}

fn absent_or_present(before: Option<&Value>, after: Option<&Value>) -> FieldDiff {
    FieldDiff::Value {
        old: before.cloned(),
        new: after.cloned(),
    }
}

fn words(before: &str, after: &str) -> FieldDiff {
    let segments: Vec<Segment> = word_diff(before, after);
    FieldDiff::Words { segments }
}

fn join(prefix: &str, key: &str) -> String {
    if prefix.is_empty() {
        key.to_string()
    } else {
        format!("{prefix}.{key}")
    }
}

fn ordered_keys(
    old: &serde_json::Map<String, Value>,
    new: &serde_json::Map<String, Value>,
) -> Vec<String> {
    let mut keys: Vec<String> = old.keys().chain(new.keys()).cloned().collect();
    keys.sort_by(|left, right| {
        key_rank(left)
            .cmp(&key_rank(right))
            .then_with(|| left.cmp(right))
    });
    keys.dedup();
    keys
}

/// Returns the position of `key` in [`KEY_ORDER`], or one past the end for
/// a key it does not list.
fn key_rank(key: &str) -> usize {
    KEY_ORDER
        .iter()
        .position(|known| *known == key)
        .unwrap_or(KEY_ORDER.len())
}

fn all_strings(items: &[Value]) -> bool {
    items.iter().all(Value::is_string)
}

/// Diffs a list as a set of items, shown by their text. Same items in a
/// new order are a reorder.
fn diff_items(old: &[Value], new: &[Value]) -> FieldDiff {
    let added: Vec<String> = new
        .iter()
        .filter(|item| !old.contains(item))
        .map(item_label)
        .collect();
    let removed: Vec<String> = old
        .iter()
        .filter(|item| !new.contains(item))
        .map(item_label)
        .collect();
    if added.is_empty() && removed.is_empty() {
        return FieldDiff::Reordered {
            order: new.iter().map(item_label).collect(),
        };
    }
    FieldDiff::Items { added, removed }
}

/// Returns the text shown for a list item: a string as is, a source as its title
/// and URL, anything else as compact JSON.
pub(super) fn item_label(item: &Value) -> String {
    match item {
        Value::String(text) => text.clone(),
        Value::Object(map) => match (map.get("title"), map.get("url")) {
            (Some(Value::String(title)), Some(Value::String(url))) => format!("{title} <{url}>"),
            (Some(Value::String(title)), _) => title.clone(),
            _ => item.to_string(),
        },
        _ => item.to_string(),
    }
}

/// Aligns two lists of prose items and word-diffs the items that were
/// edited in place; other items are added or removed.
fn diff_prose_list(field: &str, old: &[Value], new: &[Value], out: &mut Vec<(String, FieldDiff)>) {
    let old_text: Vec<&str> = old.iter().filter_map(Value::as_str).collect();
    let new_text: Vec<&str> = new.iter().filter_map(Value::as_str).collect();
    let mut added = Vec::new();
    let mut removed = Vec::new();
    let mut edits = Vec::new();
    for op in similar::capture_diff_slices(similar::Algorithm::Myers, &old_text, &new_text) {
        match op {
            similar::DiffOp::Equal { .. } => {}
            similar::DiffOp::Delete {
                old_index, old_len, ..
            } => {
                removed.extend(
                    old_text[old_index..old_index + old_len]
                        .iter()
                        .map(|s| s.to_string()),
                );
            }
            similar::DiffOp::Insert {
                new_index, new_len, ..
            } => {
                added.extend(
                    new_text[new_index..new_index + new_len]
                        .iter()
                        .map(|s| s.to_string()),
                );
            }
            similar::DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => {
                let paired = old_len.min(new_len);
                for offset in 0..paired {
                    let position = new_index + offset;
                    edits.push((
                        position,
                        words(old_text[old_index + offset], new_text[position]),
                    ));
                }
                removed.extend(
                    old_text[old_index + paired..old_index + old_len]
                        .iter()
                        .map(|s| s.to_string()),
                );
                added.extend(
                    new_text[new_index + paired..new_index + new_len]
                        .iter()
                        .map(|s| s.to_string()),
                );
            }
        }
    }
    for (position, diff) in edits {
        out.push((format!("{field}[{}]", position + 1), diff));
    }
    if !added.is_empty() || !removed.is_empty() {
        out.push((field.to_string(), FieldDiff::Items { added, removed }));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn diff(old: Value, new: Value) -> Vec<(String, FieldDiff)> {
        let mut out = Vec::new();
        diff_values("", &old, &new, &mut out);
        out
    }

    #[test]
    fn fields_nested_lists_by_path() {
        let out = diff(
            json!({"fits": {"roles": ["a", "b"]}}),
            json!({"fits": {"roles": ["b", "c"]}}),
        );
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].0, "fits.roles");
        assert_eq!(
            out[0].1,
            FieldDiff::Items {
                added: vec!["c".into()],
                removed: vec!["a".into()]
            }
        );
    }

    #[test]
    fn fields_key_order_is_no_change() {
        let out = diff(json!({"a": 1, "b": 2}), json!({"b": 2, "a": 1}));
        assert!(out.is_empty());
    }

    #[test]
    fn fields_follow_schema_order() {
        let out = diff(
            json!({"title": "a", "category": "x", "summary": "s"}),
            json!({"title": "b", "category": "y", "summary": "t"}),
        );
        let names: Vec<&str> = out.iter().map(|(name, _)| name.as_str()).collect();
        assert_eq!(names, ["title", "summary", "category"]);
    }

    #[test]
    fn fields_practice_edit_is_word_diff() {
        let out = diff(
            json!({"practices": ["Meet monthly.", "Keep notes."]}),
            json!({"practices": ["Meet weekly.", "Keep notes.", "Rest."]}),
        );
        assert_eq!(out.len(), 2);
        assert_eq!(out[0].0, "practices[1]");
        assert!(matches!(out[0].1, FieldDiff::Words { .. }));
        assert_eq!(
            out[1].1,
            FieldDiff::Items {
                added: vec!["Rest.".into()],
                removed: vec![]
            }
        );
    }

    #[test]
    fn fields_absent_optional_field() {
        let out = diff(json!({}), json!({"superseded_by": "x"}));
        assert_eq!(
            out[0].1,
            FieldDiff::Value {
                old: None,
                new: Some(json!("x"))
            }
        );
    }

    #[test]
    fn fields_source_label_has_title_and_url() {
        let label =
            item_label(&json!({"title": "Guide", "url": "https://x.org", "kind": "guideline"}));
        assert_eq!(label, "Guide <https://x.org>");
    }
}
