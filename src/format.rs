//! The canonical form of every catalogue file: key orders taken from the
//! schemas, the canonical text, and the reasons a file differs from it.

use std::collections::HashMap;
use std::fmt;

use crate::catalogue::FileKind;
use crate::json::{self, KeyOrder, Position, ReadError, Value, DEFAULT_LIMITS};

/// How many `$ref`s one walk follows before it stops, so that a schema that
/// refers to itself still yields an order.
const MAX_REF_DEPTH: usize = 32;

const BYTE_ORDER_MARK: &[u8] = &[0xEF, 0xBB, 0xBF];

/// The key order of each kind of file, built from the schemas.
#[derive(Debug, Clone, Default)]
pub struct KeyOrders {
    by_kind: HashMap<FileKind, KeyOrder>,
    fallback: KeyOrder,
}

impl KeyOrders {
    /// Builds the orders from the schema files, given as (file name, such
    /// as `entry.schema.json`, and its value). For each kind, `$schema`
    /// comes first, then the keys in the order the schema's `properties`
    /// lists them, recursively through `properties`, `items`, `$ref` (to
    /// `#/$defs/x` or `other.schema.json#/$defs/x`), `allOf`, `anyOf`,
    /// `oneOf`, `then` and `else`. A kind whose schema is missing, and every
    /// file of no known kind, gets `$schema` first and otherwise keeps its
    /// written order.
    pub fn from_schemas(schemas: &[(String, Value)]) -> Self {
        let files: HashMap<&str, &Value> = schemas
            .iter()
            .map(|(name, value)| (base_name(name), value))
            .collect();
        let fallback = schema_first();
        let mut by_kind = HashMap::new();
        let kinds = [
            FileKind::Manifest,
            FileKind::Vocabulary,
            FileKind::Entry,
            FileKind::Gap,
        ];
        for kind in kinds {
            let Some(file) = kind.schema_file() else {
                continue;
            };
            let Some(schema) = files.get(file) else {
                continue;
            };
            let mut order = schema_first();
            let walker = Walker { files: &files };
            order.merge(&walker.walk(schema, file, 0));
            by_kind.insert(kind, order);
        }
        KeyOrders { by_kind, fallback }
    }

    /// Returns the key order for files of `kind`, where `None` is a file of
    /// no known kind.
    pub fn order(&self, kind: Option<FileKind>) -> &KeyOrder {
        kind.and_then(|kind| self.by_kind.get(&kind))
            .unwrap_or(&self.fallback)
    }

    /// Writes `value` in the canonical form of `kind`.
    pub fn canonical_text(&self, kind: Option<FileKind>, value: &Value) -> String {
        json::to_canonical(value, self.order(kind))
    }

    /// Reads a file's bytes strictly and returns its canonical text with
    /// the reasons it differs. A UTF-8 byte-order mark is the one read
    /// error that formatting repairs: the mark is dropped and reported as a
    /// reason. Any other read error is returned, with its position counted
    /// in the original bytes.
    pub fn format_bytes(
        &self,
        kind: Option<FileKind>,
        bytes: &[u8],
    ) -> Result<Formatted, ReadError> {
        let (body, mark) = match bytes.strip_prefix(BYTE_ORDER_MARK) {
            Some(body) => (body, true),
            None => (bytes, false),
        };
        let value = json::parse(body, &DEFAULT_LIMITS).map_err(|error| {
            if mark {
                after_byte_order_mark(error)
            } else {
                error
            }
        })?;
        let text = self.canonical_text(kind, &value);
        let reasons = differences(bytes, &text);
        Ok(Formatted { text, reasons })
    }
}

/// A file's canonical text and the reasons the file differs from it (empty
/// when it is already canonical).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Formatted {
    /// The canonical text.
    pub text: String,
    /// The ways the original bytes differ from `text`.
    pub reasons: Vec<Reason>,
}

/// A way in which a file differs from its canonical form. Formatting
/// changes only these, and keeps the value and text of every number and
/// the value of every string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Reason {
    /// The file starts with a UTF-8 byte-order mark.
    ByteOrderMark,
    /// Lines end with CR LF.
    CrlfLineEndings,
    /// The last line has no newline.
    NoFinalNewline,
    /// Some object's keys are not in the schema's order.
    KeyOrder,
    /// Indentation, spaces or blank lines differ.
    Whitespace,
    /// A string is escaped differently, such as `\u00e9` for `é`.
    StringEscapes,
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Reason::ByteOrderMark => "starts with a byte-order mark",
            Reason::CrlfLineEndings => "CRLF line endings",
            Reason::NoFinalNewline => "no final newline",
            Reason::KeyOrder => "key order",
            Reason::Whitespace => "indentation or spacing",
            Reason::StringEscapes => "string escapes",
        })
    }
}

/// Lists why `original` differs from `canonical`, the canonical text of
/// the same value. Returns an empty list when they are equal byte for byte.
///
/// The reasons are found step by step. The mark and CR LF are removed,
/// then the original is rewritten in canonical layout but in its own key
/// order: that rewrite differs from `canonical` only in key order. Between
/// the original and the rewrite, differing tokens are string escapes and
/// differing whitespace between tokens is layout. When `original` cannot be
/// read, only the byte-level reasons are returned.
pub fn differences(original: &[u8], canonical: &str) -> Vec<Reason> {
    if original == canonical.as_bytes() {
        return Vec::new();
    }

    let mut reasons = Vec::new();
    let body = match original.strip_prefix(BYTE_ORDER_MARK) {
        Some(body) => {
            reasons.push(Reason::ByteOrderMark);
            body
        }
        None => original,
    };
    let Ok(text) = std::str::from_utf8(body) else {
        return reasons;
    };

    if text.contains("\r\n") {
        reasons.push(Reason::CrlfLineEndings);
    }
    let mut text = text.replace("\r\n", "\n");
    if !text.ends_with('\n') {
        reasons.push(Reason::NoFinalNewline);
        text.push('\n');
    }

    let Ok(value) = json::parse(text.as_bytes(), &DEFAULT_LIMITS) else {
        return reasons;
    };
    let written_order = json::to_canonical(&value, &KeyOrder::new());
    if written_order != canonical {
        reasons.push(Reason::KeyOrder);
    }

    let (original_tokens, original_gaps) = split_tokens(&text);
    let (rewritten_tokens, rewritten_gaps) = split_tokens(&written_order);
    if original_tokens != rewritten_tokens {
        reasons.push(Reason::StringEscapes);
    }
    if original_gaps != rewritten_gaps {
        reasons.push(Reason::Whitespace);
    }
    reasons
}

/// Splits JSON text into its tokens and the whitespace around them. A
/// token is a string with its quotes and escapes as written, a number or
/// literal, or a bracket, comma or colon. `gaps[i]` is the whitespace
/// before token `i`, and the last gap is the whitespace after the last
/// token.
fn split_tokens(text: &str) -> (Vec<&str>, Vec<&str>) {
    let bytes = text.as_bytes();
    let is_space = |byte: u8| matches!(byte, b' ' | b'\t' | b'\n' | b'\r');
    let is_delimiter = |byte: u8| is_space(byte) || b"[]{},:".contains(&byte);
    let mut tokens = Vec::new();
    let mut gaps = Vec::new();
    let mut pos = 0;
    loop {
        let gap_start = pos;
        while pos < bytes.len() && is_space(bytes[pos]) {
            pos += 1;
        }
        gaps.push(&text[gap_start..pos]);
        if pos == bytes.len() {
            return (tokens, gaps);
        }
        let start = pos;
        match bytes[pos] {
            b'"' => {
                pos += 1;
                while pos < bytes.len() && bytes[pos] != b'"' {
                    pos += if bytes[pos] == b'\\' { 2 } else { 1 };
                }
                pos = (pos + 1).min(bytes.len());
            }
            byte if is_delimiter(byte) => pos += 1,
            _ => {
                while pos < bytes.len() && !is_delimiter(bytes[pos]) {
                    pos += 1;
                }
            }
        }
        tokens.push(text.get(start..pos).unwrap_or(""));
    }
}

/// Moves the position of an error read after a stripped byte-order mark
/// back into the original bytes, where the mark is one character.
fn after_byte_order_mark(mut error: ReadError) -> ReadError {
    let Position {
        line,
        column,
        offset,
    } = error.position;
    error.position = Position {
        line,
        column: if line == 1 { column + 1 } else { column },
        offset: offset + BYTE_ORDER_MARK.len(),
    };
    error
}

fn schema_first() -> KeyOrder {
    let mut order = KeyOrder::new();
    order.push_key("$schema");
    order
}

/// Returns the file name of a schema path or URL, such as `common.schema.json` for
/// `https://…/schemas/common.schema.json` or `./common.schema.json`.
fn base_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// Walks a schema to collect key orders, following references between the
/// schema files.
struct Walker<'a> {
    files: &'a HashMap<&'a str, &'a Value>,
}

impl Walker<'_> {
    /// Returns the key order that `schema`, found in file `file`, implies.
    fn walk(&self, schema: &Value, file: &str, depth: usize) -> KeyOrder {
        let mut order = KeyOrder::new();
        let Value::Object(_) = schema else {
            return order;
        };
        if let Some(Value::String(reference)) = schema.get("$ref") {
            if depth < MAX_REF_DEPTH {
                if let Some((target, target_file)) = self.resolve(reference, file) {
                    order.merge(&self.walk(target, target_file, depth + 1));
                }
            }
        }
        if let Some(Value::Object(properties)) = schema.get("properties") {
            for (key, property) in properties.iter() {
                order.push_key(key);
                let nested = self.walk(property, file, depth);
                order.member_mut(key).merge(&nested);
            }
        }
        if let Some(items) = schema.get("items") {
            let nested = self.walk(items, file, depth);
            order.items_mut().merge(&nested);
        }
        for keyword in ["allOf", "anyOf", "oneOf"] {
            if let Some(Value::Array(branches)) = schema.get(keyword) {
                for branch in branches {
                    order.merge(&self.walk(branch, file, depth));
                }
            }
        }
        for keyword in ["then", "else"] {
            if let Some(branch) = schema.get(keyword) {
                order.merge(&self.walk(branch, file, depth));
            }
        }
        order
    }

    /// Finds the schema that `reference` names: `#/pointer` in `file`, or
    /// `name.schema.json#/pointer` (a relative path or URL) in another
    /// file.
    fn resolve<'s>(&'s self, reference: &str, file: &'s str) -> Option<(&'s Value, &'s str)> {
        let (path, fragment) = reference.split_once('#').unwrap_or((reference, ""));
        let target_file: &str = if path.is_empty() {
            file
        } else {
            base_name(path)
        };
        let (name, root) = self.files.get_key_value(target_file)?;
        Some((pointer_get(root, fragment)?, name))
    }
}

/// Returns the value that an RFC 6901 pointer names inside `root`.
fn pointer_get<'v>(root: &'v Value, pointer: &str) -> Option<&'v Value> {
    if pointer.is_empty() {
        return Some(root);
    }
    let mut current = root;
    for token in pointer.strip_prefix('/')?.split('/') {
        let token = token.replace("~1", "/").replace("~0", "~");
        current = match current {
            Value::Object(members) => members.get(&token)?,
            Value::Array(items) => items.get(token.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(current)
}

#[cfg(test)]
mod tests;
