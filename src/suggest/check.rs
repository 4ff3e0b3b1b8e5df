//! Checks a suggestion file against `schemas/suggestion.schema.json` and
//! decodes it, and checks the catalogue that applying it gives.

use jsonschema::error::ValidationErrorKind;
use jsonschema::{Draft, Registry, ValidationError};
use serde_json::Value;

use super::form::Problem;
use super::model::{Proposal, Suggestion};
use super::untrusted;
use crate::catalogue::{Layout, SourceFile};

/// The path of the suggestion schema in the repository.
pub const SCHEMA_PATH: &str = "schemas/suggestion.schema.json";

/// Reads a suggestion file: strict JSON, the suggestion schema (with
/// `$ref`s resolved among `schemas`, the base branch's schema files, never
/// over the network), then the typed model and the id checks.
pub fn read_file(
    name: &str,
    bytes: &[u8],
    schemas: &[SourceFile],
) -> Result<Suggestion, Vec<Problem>> {
    let problem = |message: String| {
        vec![Problem {
            field: name.to_string(),
            message,
        }]
    };
    let value = crate::json::parse(bytes, &crate::json::DEFAULT_LIMITS)
        .map_err(|error| problem(format!("is not valid JSON: {error}")))?
        .to_serde();
    check_schema(name, &value, schemas)?;
    let suggestion: Suggestion = serde_json::from_value(value)
        .map_err(|error| problem(format!("is not a valid suggestion: {error}")))?;
    check_ids(&suggestion).map_err(|error| problem(error.to_string()))?;
    Ok(suggestion)
}

/// Checks every id a suggestion carries against the slug pattern.
pub fn check_ids(suggestion: &Suggestion) -> Result<(), untrusted::InvalidId> {
    untrusted::check_id("id", &suggestion.id)?;
    match &suggestion.proposal {
        Proposal::Add(record) => untrusted::check_id("record id", record.id()),
        Proposal::Change { target, .. } => untrusted::check_id("target", target),
        Proposal::Deprecate {
            target,
            replacement,
            ..
        } => {
            untrusted::check_id("target", target)?;
            match replacement {
                Some(replacement) => untrusted::check_id("replacement", replacement),
                None => Ok(()),
            }
        }
    }
}

fn check_schema(name: &str, value: &Value, schemas: &[SourceFile]) -> Result<(), Vec<Problem>> {
    let problem = |message: String| Problem {
        field: name.to_string(),
        message,
    };
    let mut documents = Vec::new();
    let mut suggestion_schema = None;
    for file in schemas
        .iter()
        .filter(|file| file.path.starts_with(Layout::SCHEMAS))
    {
        let Ok(document) = serde_json::from_slice::<Value>(&file.bytes) else {
            continue;
        };
        let Some(id) = document.get("$id").and_then(Value::as_str) else {
            continue;
        };
        if file.path == SCHEMA_PATH {
            suggestion_schema = Some(document.clone());
        }
        documents.push((id.to_string(), document));
    }
    let schema = suggestion_schema.ok_or_else(|| {
        vec![problem(format!(
            "cannot be checked: the base branch has no {SCHEMA_PATH}"
        ))]
    })?;
    let registry = Registry::new()
        .extend(documents)
        .and_then(|builder| builder.prepare())
        .map_err(|error| {
            vec![problem(format!(
                "cannot be checked: the schemas do not register: {error}"
            ))]
        })?;
    let validator = jsonschema::options()
        .with_draft(Draft::Draft202012)
        .with_registry(&registry)
        .offline()
        .should_validate_formats(true)
        .build(&schema)
        .map_err(|error| {
            vec![problem(format!(
                "cannot be checked: {SCHEMA_PATH} does not compile: {error}"
            ))]
        })?;
    let problems: Vec<Problem> = validator
        .iter_errors(value)
        .map(|error| {
            let pointer = error.instance_path().as_str().to_string();
            let place = if pointer.is_empty() {
                name.to_string()
            } else {
                format!("{name} at {pointer}")
            };
            Problem {
                field: place,
                message: plain_message(&error, &pointer),
            }
        })
        .collect();
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

/// The kinds a suggestion can have, with the fields each one takes.
const KIND_FIELDS: &str = "kind \"add\" takes `record`; kind \"change\" takes `target` and \
                           `patch`; kind \"deprecate\" takes `target`, `reason` and, \
                           optionally, `replacement`";

/// Says what is wrong with the value at `pointer` and what to do, in
/// plain words that name the field, for the schema errors a person
/// writing a suggestion file makes. Other errors keep the validator's own
/// message.
fn plain_message(error: &ValidationError<'_>, pointer: &str) -> String {
    let field = field_name(pointer);
    let value = error.instance();
    match error.kind() {
        ValidationErrorKind::Required { property } => {
            let property = property.as_str().unwrap_or_default();
            format!("`{property}` is missing; add it")
        }
        ValidationErrorKind::AdditionalProperties { unexpected } => unexpected
            .iter()
            .map(|name| unexpected_field(name))
            .collect::<Vec<_>>()
            .join("; "),
        ValidationErrorKind::Pattern { .. } if is_id_field(&field) => format!(
            "`{field}` {value} is not a valid id: use lowercase letters and digits in words \
             joined by single hyphens, such as \"peer-supervision\""
        ),
        ValidationErrorKind::Pattern { .. } if field == "credit" => {
            "`credit` must be a name on one line, without `@`, `<` or `>`: a suggestion \
             never carries an email address or other contact"
                .to_string()
        }
        ValidationErrorKind::Not { .. } if field == "patch" => {
            "`patch` may not change `id` or `$schema`, because ids and schema references are \
             stable; remove them from the patch"
                .to_string()
        }
        ValidationErrorKind::Not { .. } if field.is_empty() => {
            let kind = value.get("kind").cloned().unwrap_or_default();
            format!("a field does not fit kind {kind}: {KIND_FIELDS}; remove the others")
        }
        ValidationErrorKind::Enum { options } => {
            format!("`{field}` {value} is not one of {options}")
        }
        _ if field.is_empty() => error.to_string(),
        _ => format!("`{field}`: {error}"),
    }
}

/// Returns the dotted name of the field at a JSON Pointer, such as `patch.fits`.
fn field_name(pointer: &str) -> String {
    pointer
        .split('/')
        .skip(1)
        .map(|part| part.replace("~1", "/").replace("~0", "~"))
        .collect::<Vec<_>>()
        .join(".")
}

fn is_id_field(field: &str) -> bool {
    matches!(field, "id" | "target" | "replacement" | "record.id")
}

fn unexpected_field(name: &str) -> String {
    let lower = name.to_lowercase();
    let contact = ["email", "e-mail", "mail", "phone", "contact", "address"]
        .iter()
        .any(|word| lower.contains(word));
    if contact {
        format!(
            "`{name}` is not allowed: a suggestion has no email or contact field, so that it \
             names no one. Remove it; put a name in `credit` only when the person wants credit"
        )
    } else {
        format!("`{name}` is not a field of a suggestion; remove it or check its spelling")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schemas() -> Vec<SourceFile> {
        let files: [(&str, &[u8]); 4] = [
            (
                SCHEMA_PATH,
                include_bytes!("../../schemas/suggestion.schema.json"),
            ),
            (
                "schemas/common.schema.json",
                include_bytes!("../../schemas/common.schema.json"),
            ),
            (
                "schemas/entry.schema.json",
                include_bytes!("../../schemas/entry.schema.json"),
            ),
            (
                "schemas/gap.schema.json",
                include_bytes!("../../schemas/gap.schema.json"),
            ),
        ];
        files
            .into_iter()
            .map(|(path, bytes)| SourceFile::new(path, bytes))
            .collect()
    }

    fn deprecation() -> Value {
        serde_json::json!({
            "$schema": "../schemas/suggestion.schema.json",
            "id": "retire-disclosure-plan",
            "kind": "deprecate",
            "target": "disclosure-plan",
            "reason": "The confidentiality protocol covers it.",
            "rationale": "Peers at the focus group no longer use it.",
            "perspective": "coordinator"
        })
    }

    /// Returns the problems of the deprecation file with `edit` applied.
    fn problems(edit: impl FnOnce(&mut serde_json::Map<String, Value>)) -> Vec<Problem> {
        let mut value = deprecation();
        edit(value.as_object_mut().unwrap());
        let bytes = serde_json::to_vec(&value).unwrap();
        read_file("s.json", &bytes, &schemas()).unwrap_err()
    }

    #[test]
    fn valid_file_reads() {
        let bytes = serde_json::to_vec(&deprecation()).unwrap();
        assert!(read_file("s.json", &bytes, &schemas()).is_ok());
    }

    #[test]
    fn missing_rationale_named() {
        let problems = problems(|map| {
            map.remove("rationale");
        });
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].message, "`rationale` is missing; add it");
    }

    #[test]
    fn email_field_explained() {
        let problems = problems(|map| {
            map.insert("email".into(), "ana@example.org".into());
        });
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(
            problems[0].message.starts_with("`email` is not allowed"),
            "{problems:?}"
        );
        assert!(problems[0].message.contains("credit"), "{problems:?}");
    }

    #[test]
    fn misspelt_field_named() {
        let problems = problems(|map| {
            map.insert("rationnale".into(), "typo".into());
        });
        assert!(
            problems[0].message.contains("`rationnale` is not a field"),
            "{problems:?}"
        );
    }

    #[test]
    fn unsafe_ids_rejected_by_schema() {
        for (field, id) in [
            ("id", "../etc"),
            ("id", "a\u{7}b"),
            ("target", "a/b"),
            ("replacement", "up/../down"),
        ] {
            let problems = problems(|map| {
                map.insert(field.into(), id.into());
            });
            assert_eq!(problems.len(), 1, "{field} {id:?}: {problems:?}");
            assert_eq!(problems[0].field, format!("s.json at /{field}"));
            assert!(
                problems[0].message.contains(&format!("`{field}`")),
                "{problems:?}"
            );
            assert!(
                problems[0].message.contains("not a valid id"),
                "{problems:?}"
            );
        }
    }

    #[test]
    fn patch_of_id_explained() {
        let problems = problems(|map| {
            map.insert("kind".into(), "change".into());
            map.remove("reason");
            map.insert("patch".into(), serde_json::json!({"id": "other"}));
        });
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(
            problems[0].message.contains("may not change `id`"),
            "{problems:?}"
        );
    }

    #[test]
    fn field_of_other_kind_explained() {
        let problems = problems(|map| {
            map.insert("patch".into(), serde_json::json!({"title": "New"}));
        });
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(
            problems[0].message.contains("kind \"deprecate\""),
            "{problems:?}"
        );
    }

    #[test]
    fn unknown_perspective_lists_choices() {
        let problems = problems(|map| {
            map.insert("perspective".into(), "funder".into());
        });
        assert!(
            problems[0].message.contains("\"coordinator\""),
            "{problems:?}"
        );
    }

    #[test]
    fn credit_with_email_rejected() {
        let problems = problems(|map| {
            map.insert("credit".into(), "ana@example.org".into());
        });
        assert!(problems[0].message.contains("without `@`"), "{problems:?}");
    }
}
