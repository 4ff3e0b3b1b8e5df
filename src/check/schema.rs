//! The schemas of `schemas/`, compiled once, and the schema check of each
//! catalogue file with messages in plain words.

use std::collections::HashMap;

use jsonschema::error::{TypeKind, ValidationErrorKind};
use jsonschema::{Draft, Registry, ValidationError, Validator};
use serde_json::Value as SerdeValue;

use super::finding::{closest, display_name, escape_token, Finding};
use super::read;
use crate::catalogue::{FileKind, Layout, SourceFile};
use crate::json::Value;
use crate::report::{Code, Diagnostic};

/// The `$schema` every schema file must name.
const DRAFT_2020_12: &str = "https://json-schema.org/draft/2020-12/schema";

/// The record kinds that have a schema, in the order they are compiled.
const RECORD_KINDS: [FileKind; 4] = [
    FileKind::Manifest,
    FileKind::Vocabulary,
    FileKind::Entry,
    FileKind::Gap,
];

/// The formats that JSON Schema draft 2020-12 defines, offered as
/// corrections for an unknown one.
const DRAFT_FORMATS: &[&str] = &[
    "date-time",
    "date",
    "time",
    "duration",
    "email",
    "idn-email",
    "hostname",
    "idn-hostname",
    "ipv4",
    "ipv6",
    "uri",
    "uri-reference",
    "iri",
    "iri-reference",
    "uuid",
    "uri-template",
    "json-pointer",
    "relative-json-pointer",
    "regex",
];

/// The schemas of a repository, each compiled once, with `$ref` resolved
/// only among them.
pub struct SchemaSet {
    /// One validator per record kind.
    validators: HashMap<FileKind, Validator>,
    /// Every schema document by its `$id`, to find descriptions and allowed
    /// keys for messages.
    documents: HashMap<String, SerdeValue>,
}

impl std::fmt::Debug for SchemaSet {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("SchemaSet")
            .field("schemas", &self.documents.keys().collect::<Vec<_>>())
            .finish()
    }
}

impl SchemaSet {
    /// Compiles the schema files among `files` (those at
    /// `schemas/*.schema.json`; other files are ignored).
    ///
    /// Each schema is read by the strict reader, must name draft 2020-12 in
    /// `$schema`, carry an `$id`, be valid against the draft's meta-schema
    /// and name only formats the draft defines. Every schema is registered
    /// under its `$id`, so `$ref` resolves among them from any working
    /// directory and never over the network. Returns every fault found, as
    /// [`Code::InvalidSchema`] (or a reader code) diagnostics naming the
    /// schema file and the keyword's pointer.
    pub fn compile(files: &[SourceFile]) -> Result<SchemaSet, Vec<Diagnostic>> {
        let mut diagnostics = Vec::new();
        let mut documents: HashMap<String, SerdeValue> = HashMap::new();
        let mut paths_by_name: HashMap<String, (String, String)> = HashMap::new();
        for file in files {
            if Layout::kind_of(&file.path) != Some(FileKind::Schema) {
                continue;
            }
            match load_schema(file) {
                Ok((id, document)) => {
                    let name = file.path.trim_start_matches("schemas/").to_string();
                    paths_by_name.insert(name, (file.path.clone(), id.clone()));
                    documents.insert(id, document);
                }
                Err(mut found) => diagnostics.append(&mut found),
            }
        }
        diagnostics.extend(missing_schemas(files));
        if diagnostics.is_empty() {
            for (path, id) in paths_by_name.values() {
                let found = dangling_refs(path, id, &documents[id], "", &documents);
                diagnostics.extend(first_per_target(found));
            }
        }
        if !diagnostics.is_empty() {
            return Err(diagnostics);
        }

        let registry = build_registry(&documents)?;
        let mut validators = HashMap::new();
        for kind in RECORD_KINDS {
            let name = kind.schema_file().unwrap_or_default();
            let path = format!("{}/{name}", Layout::SCHEMAS);
            let Some((_, id)) = paths_by_name.get(name) else {
                continue;
            };
            match build_validator(&registry, &documents[id]) {
                Ok(validator) => {
                    validators.insert(kind, validator);
                }
                Err(error) => diagnostics.push(compile_diagnostic(&path, &error)),
            }
        }
        if diagnostics.is_empty() {
            Ok(SchemaSet {
                validators,
                documents,
            })
        } else {
            Err(diagnostics)
        }
    }

    /// Checks `value`, the contents of `file`, against the schema of `kind`,
    /// and checks that its `$schema` names that schema.
    ///
    /// Each diagnostic is [`Code::Schema`] or [`Code::WrongSchema`] with the
    /// pointer of the failing value; positions are left to the caller.
    pub fn check(&self, kind: FileKind, file: &str, value: &Value) -> Vec<Diagnostic> {
        self.check_findings(kind, file, &value.to_serde())
            .into_iter()
            .map(|finding| finding.diagnostic)
            .collect()
    }

    /// Does the work of [`SchemaSet::check`] on a value already converted
    /// to serde_json, keeping whether each finding points at a key.
    pub(crate) fn check_findings(
        &self,
        kind: FileKind,
        file: &str,
        instance: &SerdeValue,
    ) -> Vec<Finding> {
        let Some(validator) = self.validators.get(&kind) else {
            return Vec::new();
        };
        // `is_valid` stops at the first failure and builds no error values,
        // so the common case of a valid file skips collecting errors.
        if validator.is_valid(instance) {
            return check_schema_ref(kind, file, instance).into_iter().collect();
        }
        let mut findings = Vec::new();
        let mut missing: Vec<(String, Vec<String>)> = Vec::new();
        // (object pointer, key) pairs that an unknown key's suggestion
        // names: a misspelled required key is reported once, as unknown.
        let mut renamed: Vec<(String, String)> = Vec::new();
        for error in validator.iter_errors(instance) {
            let pointer = error.instance_path().as_str();
            if pointer == "/$schema" {
                continue;
            }
            if let ValidationErrorKind::AdditionalProperties { unexpected } = error.kind() {
                let allowed = allowed_keys(self.schema_node(&error));
                let suggested = unexpected
                    .iter()
                    .filter_map(|key| closest(key, allowed.iter().copied()));
                renamed.extend(suggested.map(|known| (pointer.to_string(), known.to_string())));
            }
            if let ValidationErrorKind::Required { property } = error.kind() {
                let key = property.as_str().unwrap_or_default().to_string();
                match missing.iter_mut().find(|(path, _)| path == pointer) {
                    Some((_, keys)) => keys.push(key),
                    None => missing.push((pointer.to_string(), vec![key])),
                }
                continue;
            }
            findings.extend(self.describe_error(file, &error));
        }
        for (pointer, keys) in &mut missing {
            keys.retain(|key| !renamed.contains(&(pointer.clone(), key.clone())));
        }
        findings.extend(
            missing
                .iter()
                .filter(|(_, keys)| !keys.is_empty())
                .map(|(pointer, keys)| missing_keys(file, pointer, keys)),
        );
        findings.extend(check_schema_ref(kind, file, instance));
        findings
    }

    /// Turns one schema error into findings: one per unknown key, else one.
    fn describe_error(&self, file: &str, error: &ValidationError<'_>) -> Vec<Finding> {
        let pointer = error.instance_path().as_str().to_string();
        let name = display_name(&pointer);
        let instance = error.instance();
        let node = self.schema_node(error);
        let described = describe(instance);
        let (message, help) = match error.kind() {
            ValidationErrorKind::AdditionalProperties { unexpected }
            | ValidationErrorKind::UnevaluatedProperties { unexpected } => {
                return unexpected
                    .iter()
                    .map(|key| unknown_key(file, &pointer, key, node))
                    .collect();
            }
            ValidationErrorKind::Type { kind } => (
                format!(
                    "{name} is {described}, but it must be {}",
                    expected_type(kind)
                ),
                None,
            ),
            ValidationErrorKind::Format { format } => (
                format!(
                    "{name} is {described}, which is not {}",
                    format_phrase(format)
                ),
                format_help(format),
            ),
            ValidationErrorKind::Enum { options } => {
                enum_message(&name, &described, instance, options)
            }
            ValidationErrorKind::Constant { expected_value } => (
                format!("{name} is {described}, but it must be {expected_value}"),
                None,
            ),
            ValidationErrorKind::Pattern { pattern } => (
                format!("{name} is {described}, which does not match the pattern `{pattern}`"),
                None,
            ),
            ValidationErrorKind::MinLength { limit } => {
                (length_message(&name, instance, *limit, "at least"), None)
            }
            ValidationErrorKind::MaxLength { limit } => {
                (length_message(&name, instance, *limit, "at most"), None)
            }
            ValidationErrorKind::MinItems { limit } => {
                (items_message(&name, instance, *limit, "at least"), None)
            }
            ValidationErrorKind::MaxItems { limit } => {
                (items_message(&name, instance, *limit, "at most"), None)
            }
            ValidationErrorKind::UniqueItems => (
                format!("{name} lists the same item more than once"),
                Some("delete the repeated item".to_string()),
            ),
            ValidationErrorKind::FalseSchema => (
                format!("{name} is not allowed here"),
                Some("delete it".to_string()),
            ),
            _ => (format!("{name}: {error}"), None),
        };
        let help = help.or_else(|| description_of(node));
        let mut diagnostic = Diagnostic::error(Code::Schema, file, message).at_pointer(pointer);
        if let Some(help) = help {
            diagnostic = diagnostic.with_help(help);
        }
        vec![Finding::from(diagnostic)]
    }

    /// Returns the schema object that contains the failing keyword, through the
    /// error's absolute keyword location.
    fn schema_node(&self, error: &ValidationError<'_>) -> Option<&SerdeValue> {
        let location = error.absolute_keyword_location()?;
        let (base, fragment) = location.as_str().split_once('#')?;
        let document = self.documents.get(base)?;
        let parent = fragment.rsplit_once('/').map_or("", |(parent, _)| parent);
        document.pointer(parent)
    }
}

/// Reads one schema file and checks it against draft 2020-12.
fn load_schema(file: &SourceFile) -> Result<(String, SerdeValue), Vec<Diagnostic>> {
    let document = read::read(&file.path, &file.bytes).map_err(|diagnostic| vec![*diagnostic])?;
    let path = file.path.as_str();

    let draft = document.get("$schema").and_then(SerdeValue::as_str);
    if draft != Some(DRAFT_2020_12) {
        let found = draft.map_or("nothing".to_string(), |text| format!("\"{text}\""));
        let diagnostic = Diagnostic::error(
            Code::InvalidSchema,
            path,
            format!("the schema's `$schema` is {found}, but peerkit reads only JSON Schema draft 2020-12"),
        )
        .at_pointer(if draft.is_some() { "/$schema" } else { "" })
        .with_help(format!("set `\"$schema\": \"{DRAFT_2020_12}\"`"));
        return Err(vec![diagnostic]);
    }

    let mut diagnostics = meta_errors(path, &document);
    diagnostics.extend(unknown_formats(path, &document, ""));
    let id = document
        .get("$id")
        .and_then(SerdeValue::as_str)
        .map(str::to_string);
    if id.is_none() {
        diagnostics.push(
            Diagnostic::error(Code::InvalidSchema, path, "the schema has no `$id`")
                .with_help("add `\"$id\": \"https://peerkit.github.io/peerkit/schemas/<file>\"`: `$ref` between schemas resolves through it"),
        );
    }
    match id {
        Some(id) if diagnostics.is_empty() => Ok((id, document)),
        _ => Err(diagnostics),
    }
}

/// Returns every place where `document` breaks the draft 2020-12
/// meta-schema.
fn meta_errors(path: &str, document: &SerdeValue) -> Vec<Diagnostic> {
    let validator = jsonschema::draft202012::meta::validator();
    validator
        .iter_errors(document)
        .map(|error| {
            let pointer = error.instance_path().as_str().to_string();
            Diagnostic::error(
                Code::InvalidSchema,
                path,
                format!(
                    "the keyword at `{}` is not valid JSON Schema draft 2020-12: {error}",
                    pointer_text(&pointer)
                ),
            )
            .at_pointer(pointer)
            .with_help(
                "fix the keyword's value; the draft's meta-schema defines what each keyword takes",
            )
        })
        .collect()
}

/// Finds every `format` keyword in the schema positions of `node` that
/// names a format draft 2020-12 does not define.
fn unknown_formats(path: &str, node: &SerdeValue, pointer: &str) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    let Some(object) = node.as_object() else {
        return found;
    };
    if let Some(SerdeValue::String(format)) = object.get("format") {
        if !jsonschema::options().is_known_format(Draft::Draft202012, format) {
            found.push(unknown_format(path, &format!("{pointer}/format"), format));
        }
    }
    for (keyword, child) in object {
        let child_pointer = format!("{pointer}/{}", escape_token(keyword));
        match keyword.as_str() {
            "properties" | "patternProperties" | "$defs" | "definitions" | "dependentSchemas" => {
                for (name, schema) in child.as_object().into_iter().flatten() {
                    let pointer = format!("{child_pointer}/{}", escape_token(name));
                    found.extend(unknown_formats(path, schema, &pointer));
                }
            }
            "allOf" | "anyOf" | "oneOf" | "prefixItems" | "items" if child.is_array() => {
                for (index, schema) in child.as_array().into_iter().flatten().enumerate() {
                    found.extend(unknown_formats(
                        path,
                        schema,
                        &format!("{child_pointer}/{index}"),
                    ));
                }
            }
            "items"
            | "additionalProperties"
            | "not"
            | "if"
            | "then"
            | "else"
            | "contains"
            | "propertyNames"
            | "unevaluatedItems"
            | "unevaluatedProperties"
            | "additionalItems"
            | "contentSchema" => found.extend(unknown_formats(path, child, &child_pointer)),
            _ => {}
        }
    }
    found
}

fn unknown_format(path: &str, pointer: &str, format: &str) -> Diagnostic {
    let help = match closest(format, DRAFT_FORMATS.iter().copied()) {
        Some(known) => format!(
            "did you mean `{known}`? The draft defines: {}",
            DRAFT_FORMATS.join(", ")
        ),
        None => format!(
            "use one of the formats the draft defines: {}",
            DRAFT_FORMATS.join(", ")
        ),
    };
    Diagnostic::error(
        Code::InvalidSchema,
        path,
        format!(
            "the keyword `format` at `{pointer}` names \"{format}\", which is not a format of JSON Schema draft 2020-12"
        ),
    )
    .at_pointer(pointer)
    .with_help(help)
}

/// Reports each record kind whose schema file is missing from schemas/.
fn missing_schemas(files: &[SourceFile]) -> Vec<Diagnostic> {
    let path_of = |kind: FileKind| {
        let name = kind.schema_file().unwrap_or_default();
        format!("{}/{name}", Layout::SCHEMAS)
    };
    RECORD_KINDS
        .into_iter()
        .filter(|kind| !files.iter().any(|file| file.path == path_of(*kind)))
        .map(|kind| {
            let path = path_of(kind);
            Diagnostic::error(Code::InvalidSchema, &path, "the schema file is missing").with_help(
                format!(
                    "restore {path}: every {} file is checked against it",
                    kind_name(kind)
                ),
            )
        })
        .collect()
}

/// Reports each `$ref` under `node` whose document part resolves, against
/// the schema's `$id`, to no `$id` in `documents`. Without this check the
/// registry fails with one message that names neither file nor keyword.
fn dangling_refs(
    path: &str,
    id: &str,
    node: &SerdeValue,
    pointer: &str,
    documents: &HashMap<String, SerdeValue>,
) -> Vec<(String, Diagnostic)> {
    let mut found = Vec::new();
    match node {
        SerdeValue::Object(members) => {
            for (key, value) in members {
                let child = format!("{pointer}/{}", escape_token(key));
                if let (true, Some(reference)) = (key == "$ref", value.as_str()) {
                    found.extend(dangling_ref(path, id, reference, &child, documents));
                } else {
                    found.extend(dangling_refs(path, id, value, &child, documents));
                }
            }
        }
        SerdeValue::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                let child = format!("{pointer}/{index}");
                found.extend(dangling_refs(path, id, item, &child, documents));
            }
        }
        _ => {}
    }
    found
}

fn dangling_ref(
    path: &str,
    id: &str,
    reference: &str,
    pointer: &str,
    documents: &HashMap<String, SerdeValue>,
) -> Option<(String, Diagnostic)> {
    let document = reference.split('#').next().unwrap_or_default();
    if document.is_empty() {
        return None;
    }
    // NOTE: relative references are joined to the `$id`'s folder without
    // resolving `..`, which is enough for the flat schemas/ folder.
    let target = if document.contains("://") {
        document.to_string()
    } else {
        let base = id.rsplit_once('/').map_or("", |(base, _)| base);
        format!("{base}/{document}")
    };
    if documents.contains_key(&target) {
        return None;
    }
    let diagnostic = Diagnostic::error(
        Code::InvalidSchema,
        path,
        format!("`$ref` is \"{reference}\", but no file in schemas/ has the `$id` {target}"),
    )
    .at_pointer(pointer)
    .with_help("restore the schema file with that `$id`, or correct the reference");
    Some((target, diagnostic))
}

/// Keeps the first dangling `$ref` of one file to each missing document,
/// and counts the others in its message, so one missing file gives one
/// error per schema that uses it.
fn first_per_target(found: Vec<(String, Diagnostic)>) -> Vec<Diagnostic> {
    let mut kept: Vec<(String, Diagnostic, usize)> = Vec::new();
    for (target, diagnostic) in found {
        match kept.iter_mut().find(|(known, _, _)| *known == target) {
            Some((_, _, others)) => *others += 1,
            None => kept.push((target, diagnostic, 0)),
        }
    }
    kept.into_iter()
        .map(|(_, mut diagnostic, others)| {
            if others > 0 {
                let noun = if others == 1 {
                    "reference"
                } else {
                    "references"
                };
                diagnostic.message = format!(
                    "{} ({others} more {noun} in this file to the same document)",
                    diagnostic.message
                );
            }
            diagnostic
        })
        .collect()
}

/// Registers every schema under its `$id`. Retrieval stays off, so a
/// `$ref` to anything else fails instead of reaching the network.
fn build_registry(
    documents: &HashMap<String, SerdeValue>,
) -> Result<Registry<'static>, Vec<Diagnostic>> {
    let resources = documents
        .iter()
        .map(|(id, document)| (id.clone(), document.clone()));
    Registry::new()
        .extend(resources)
        .and_then(|builder| builder.prepare())
        .map_err(|error| {
            vec![Diagnostic::error(
                Code::InvalidSchema,
                Layout::SCHEMAS,
                format!("the schemas could not be registered: {error}"),
            )
            .with_help("check each schema's `$id` and `$ref` values")]
        })
}

fn build_validator(
    registry: &Registry<'_>,
    document: &SerdeValue,
) -> Result<Validator, ValidationError<'static>> {
    jsonschema::options()
        .with_draft(Draft::Draft202012)
        .with_registry(registry)
        .offline()
        .should_validate_formats(true)
        .should_ignore_unknown_formats(false)
        .build(document)
}

/// Describes a schema that the meta-schema accepts but that fails to
/// compile, such as one whose `$ref` names no registered schema.
fn compile_diagnostic(path: &str, error: &ValidationError<'_>) -> Diagnostic {
    let pointer = error.schema_path().as_str().to_string();
    Diagnostic::error(
        Code::InvalidSchema,
        path,
        format!(
            "the schema does not compile at `{}`: {error}",
            pointer_text(&pointer)
        ),
    )
    .at_pointer(pointer)
    .with_help("a `$ref` must name the `$id` of a file in schemas/, or a place inside this schema")
}

/// Checks that the file's `$schema` names the schema of its kind.
fn check_schema_ref(kind: FileKind, file: &str, instance: &SerdeValue) -> Option<Finding> {
    let expected = kind.expected_schema_ref()?;
    let found = instance.get("$schema")?;
    if found.as_str() == Some(expected) {
        return None;
    }
    let diagnostic = Diagnostic::error(
        Code::WrongSchema,
        file,
        format!(
            "`$schema` is {}, but {} file must name \"{expected}\"",
            describe(found),
            article_kind(kind)
        ),
    )
    .at_pointer("/$schema")
    .with_help(format!("set `\"$schema\": \"{expected}\"`"));
    Some(diagnostic.into())
}

/// The keys that the schema object `node` lists in `properties`.
fn allowed_keys(node: Option<&SerdeValue>) -> Vec<&str> {
    node.and_then(|node| node.get("properties"))
        .and_then(SerdeValue::as_object)
        .map(|properties| properties.keys().map(String::as_str).collect())
        .unwrap_or_default()
}

fn unknown_key(file: &str, pointer: &str, key: &str, node: Option<&SerdeValue>) -> Finding {
    let allowed = allowed_keys(node);
    let place = if pointer.is_empty() {
        String::new()
    } else {
        format!(" in {}", display_name(pointer))
    };
    let (message, help) = match closest(key, allowed.iter().copied()) {
        Some(known) => (
            format!("unknown key `{key}`{place}: did you mean `{known}`?"),
            format!("rename `{key}` to `{known}`"),
        ),
        None if allowed.is_empty() => (
            format!("unknown key `{key}`{place}"),
            "delete it".to_string(),
        ),
        None => (
            format!("unknown key `{key}`{place}"),
            format!(
                "delete it, or use one of the keys allowed here: {}",
                allowed.join(", ")
            ),
        ),
    };
    let member = format!("{pointer}/{}", escape_token(key));
    Finding::from(
        Diagnostic::error(Code::Schema, file, message)
            .at_pointer(member)
            .with_help(help),
    )
    .at_key()
}

fn enum_message(
    name: &str,
    described: &str,
    instance: &SerdeValue,
    options: &SerdeValue,
) -> (String, Option<String>) {
    let choices: Vec<&str> = options
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(SerdeValue::as_str)
        .collect();
    let listed = choices
        .iter()
        .map(|choice| format!("\"{choice}\""))
        .collect::<Vec<_>>()
        .join(", ");
    let message = format!("{name} is {described}, which is not one of {listed}");
    let suggestion = instance
        .as_str()
        .and_then(|text| closest(text, choices.iter().copied()));
    let help = match suggestion {
        Some(choice) => format!("did you mean \"{choice}\"?"),
        None => format!("use one of {listed}"),
    };
    (message, Some(help))
}

fn length_message(name: &str, instance: &SerdeValue, limit: u64, bound: &str) -> String {
    let length = instance.as_str().map_or(0, |text| text.chars().count());
    if length == 0 {
        return format!("{name} is empty, but it needs {bound} {limit} characters");
    }
    format!("{name} is {length} characters long, but it must have {bound} {limit}")
}

fn items_message(name: &str, instance: &SerdeValue, limit: u64, bound: &str) -> String {
    let count = instance.as_array().map_or(0, Vec::len);
    let unit = if limit == 1 { "item" } else { "items" };
    if count == 0 {
        return format!("{name} is empty, but it needs {bound} {limit} {unit}");
    }
    format!("{name} has {count} items, but it must have {bound} {limit} {unit}")
}

/// Describes a value for a message: strings quoted (and shortened), numbers
/// as written, containers by kind.
pub(crate) fn describe(value: &SerdeValue) -> String {
    match value {
        SerdeValue::String(text) => {
            let short: String = text.chars().take(60).collect();
            let ellipsis = if short.len() < text.len() { "..." } else { "" };
            format!("{}{ellipsis}", SerdeValue::String(short))
        }
        SerdeValue::Number(number) => format!("the number {number}"),
        SerdeValue::Bool(flag) => flag.to_string(),
        SerdeValue::Null => "null".to_string(),
        SerdeValue::Array(_) => "an array".to_string(),
        SerdeValue::Object(_) => "an object".to_string(),
    }
}

fn expected_type(kind: &TypeKind) -> String {
    match kind {
        TypeKind::Single(single) => with_article(&single.to_string()),
        TypeKind::Multiple(set) => {
            let names: Vec<String> = set
                .iter()
                .map(|each| with_article(&each.to_string()))
                .collect();
            names.join(" or ")
        }
    }
}

fn with_article(type_name: &str) -> String {
    match type_name {
        "null" => "null".to_string(),
        "array" | "object" | "integer" => format!("an {type_name}"),
        other => format!("a {other}"),
    }
}

fn format_phrase(format: &str) -> String {
    match format {
        "date" => "a valid date (YYYY-MM-DD)".to_string(),
        "date-time" => "a valid date and time (RFC 3339, such as 2026-01-31T09:00:00Z)".to_string(),
        "uri" => "a valid URI (an absolute address such as https://example.org/page)".to_string(),
        "email" => "a valid email address".to_string(),
        other => format!("a valid {other}"),
    }
}

fn format_help(format: &str) -> Option<String> {
    match format {
        "date" => Some(
            "write the date as YYYY-MM-DD with a real month and day, such as 2026-01-31"
                .to_string(),
        ),
        "uri" => Some(
            "write the full address with its scheme, such as https://example.org/page".to_string(),
        ),
        _ => None,
    }
}

fn description_of(node: Option<&SerdeValue>) -> Option<String> {
    node?.get("description")?.as_str().map(str::to_string)
}

/// Builds one finding for all the required keys missing from the object
/// at `pointer`, in the schema's order.
fn missing_keys(file: &str, pointer: &str, keys: &[String]) -> Finding {
    let listed: Vec<String> = keys.iter().map(|key| format!("`{key}`")).collect();
    let message = match listed.as_slice() {
        [one] => format!(
            "{} has no {one} key, which is required",
            display_name(pointer)
        ),
        many => format!(
            "{} lacks {} required keys: {}",
            display_name(pointer),
            many.len(),
            many.join(", ")
        ),
    };
    let diagnostic = Diagnostic::error(Code::Schema, file, message)
        .at_pointer(pointer)
        .with_help(format!("add {}", listed.join(", ")));
    diagnostic.into()
}

fn pointer_text(pointer: &str) -> &str {
    if pointer.is_empty() {
        "/"
    } else {
        pointer
    }
}

/// Returns the name of a kind of file, as messages use it.
pub(crate) fn kind_name(kind: FileKind) -> &'static str {
    match kind {
        FileKind::Manifest => "manifest",
        FileKind::Vocabulary => "vocabulary",
        FileKind::Entry => "entry",
        FileKind::Gap => "gap",
        FileKind::Schema => "schema",
    }
}

pub(crate) fn article_kind(kind: FileKind) -> String {
    match kind {
        FileKind::Entry => "an entry".to_string(),
        other => format!("a {}", kind_name(other)),
    }
}
