//! Checks a suggestion file against `schemas/suggestion.schema.json` and
//! decodes it, and checks the catalogue that applying it gives.

use jsonschema::{Draft, Registry};
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
                message: error.to_string(),
            }
        })
        .collect();
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}
