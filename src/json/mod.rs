//! The strict JSON reader, pointer-to-position mapping and the canonical
//! writer.
//!
//! serde_json alone keeps the last of two duplicate keys, accepts a
//! byte-order mark as a syntax error and rounds numbers through f64, so the
//! catalogue is read here into a [`Value`] that keeps each number's text
//! and rejects what a reviewer could be misled by.

mod locate;
mod reader;
mod value;
mod write;

pub use value::{Map, Number, Value};
pub use write::{to_canonical, KeyOrder};

/// The limits of the strict reader.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// The maximum nesting of arrays and objects.
    pub max_depth: usize,
    /// The maximum size of one file in bytes.
    pub max_bytes: usize,
}

/// The documented limits: 128 levels of nesting and 1 MiB per file.
pub const DEFAULT_LIMITS: Limits = Limits {
    max_depth: 128,
    max_bytes: 1024 * 1024,
};

/// A 1-based line and column (in characters) of a place in a file, with
/// its byte offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct Position {
    /// The 1-based line.
    pub line: usize,
    /// The 1-based column, counted in characters.
    pub column: usize,
    /// The 0-based byte offset.
    pub offset: usize,
}

/// The kinds of fault that the strict reader rejects.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ReadErrorKind {
    /// The file is larger than [`Limits::max_bytes`].
    #[error("is {size} bytes, over the limit of {limit} bytes")]
    TooLarge {
        /// The file's size.
        size: usize,
        /// The limit.
        limit: usize,
    },
    /// The file starts with the bytes EF BB BF.
    #[error("starts with a UTF-8 byte-order mark")]
    ByteOrderMark,
    /// The file is in another encoding, named when the first bytes show it.
    #[error("is not UTF-8{}", encoding.map(|name| format!(" (it looks like {name})")).unwrap_or_default())]
    NotUtf8 {
        /// The encoding the first bytes suggest, such as "UTF-16LE".
        encoding: Option<&'static str>,
    },
    /// A byte sequence that is not valid UTF-8.
    #[error("is not valid UTF-8")]
    InvalidUtf8,
    /// An object contains the same key twice.
    #[error("has the key \"{key}\" twice in one object (first at line {}, column {})", first.line, first.column)]
    DuplicateKey {
        /// The repeated key.
        key: String,
        /// The position of the first occurrence.
        first: Position,
    },
    /// Arrays and objects nested deeper than [`Limits::max_depth`].
    #[error("is nested deeper than {limit} levels")]
    TooDeep {
        /// The limit.
        limit: usize,
    },
    /// Content after the end of the top-level value.
    #[error("has content after the end of the JSON value")]
    TrailingContent,
    /// Any other syntax error, with what was expected and what was found.
    #[error("{0}")]
    Syntax(String),
}

/// A file that the strict reader rejected, with the place of the fault.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{kind} at line {}, column {}", position.line, position.column)]
pub struct ReadError {
    /// The fault.
    pub kind: ReadErrorKind,
    /// The position of the fault.
    pub position: Position,
}

/// Reads `bytes` strictly into a [`Value`].
///
/// The checks run in this order, and the first that fails is returned:
///
/// 1. size over [`Limits::max_bytes`]: [`ReadErrorKind::TooLarge`];
/// 2. a UTF-8 byte-order mark (EF BB BF): [`ReadErrorKind::ByteOrderMark`];
/// 3. UTF-16 or UTF-32, detected by a byte-order mark or by where the NUL bytes
///    fall in the first four bytes: [`ReadErrorKind::NotUtf8`];
/// 4. any other invalid UTF-8: [`ReadErrorKind::InvalidUtf8`] at the first
///    bad byte;
/// 5. one pass over the text that stops at the first fault in text order:
///    a repeated key in one object ([`ReadErrorKind::DuplicateKey`] at the
///    second key), an array or object that opens level `max_depth + 1`
///    ([`ReadErrorKind::TooDeep`] at its bracket), anything RFC 8259 does
///    not allow ([`ReadErrorKind::Syntax`]), and anything but whitespace
///    after the value ([`ReadErrorKind::TrailingContent`]).
///
/// Beyond RFC 8259, which leaves these to the implementation, the reader
/// rejects duplicate keys, and rejects a `\u` escape of a surrogate that is
/// not part of a high-low pair, because such a string has no UTF-8 form.
/// Numbers of any size are accepted and keep their text. The reader is
/// iterative, so depth is bounded by `max_depth` alone, never by the stack.
pub fn parse(bytes: &[u8], limits: &Limits) -> Result<Value, ReadError> {
    reader::parse(bytes, limits)
}

/// Reads `bytes` exactly as strictly as [`parse`], with the same errors,
/// but builds a `serde_json::Value`, for callers that go on to schema
/// checks and typed records and need neither key order nor exact numbers.
/// Numbers convert as [`Value::to_serde`] converts them.
pub fn parse_serde(bytes: &[u8], limits: &Limits) -> Result<serde_json::Value, ReadError> {
    reader::parse_serde(bytes, limits)
}

/// Returns the position of the value that `pointer` (RFC 6901, `""` for the
/// root) names in `text`, or of its key when `key` is true and the parent
/// is an object. Returns `None` when the pointer is malformed or names
/// nothing. The text is scanned once, forward, without building values, so
/// it may be any size and even invalid past the place it names. A leading
/// byte-order mark is skipped.
pub fn locate(text: &str, pointer: &str, key: bool) -> Option<Position> {
    locate::locate(text, pointer, key)
}

/// Returns the position of byte `offset` in `text`. Lines break at LF, at
/// CR LF (one break) and at a lone CR; columns count characters (Unicode
/// scalar values). An offset past the end or inside a character is moved
/// back to the nearest character boundary.
pub fn position_at(text: &str, offset: usize) -> Position {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let bytes = text.as_bytes();
    let mut line = 1;
    let mut line_start = 0;
    for (index, byte) in bytes[..offset].iter().enumerate() {
        let breaks = match byte {
            b'\n' => true,
            b'\r' => bytes.get(index + 1) != Some(&b'\n'),
            _ => false,
        };
        if breaks {
            line += 1;
            line_start = index + 1;
        }
    }
    Position {
        line,
        column: text[line_start..offset].chars().count() + 1,
        offset,
    }
}
