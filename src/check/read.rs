//! Strict reading of one file, with each reader fault as a diagnostic.

use crate::json::{self, ReadError, ReadErrorKind};
use crate::report::{Code, Diagnostic, Related};

/// Reads `bytes`, the contents of `path`, with the strict reader and the
/// documented limits, into the `serde_json::Value` that schema checks and
/// decoding take.
pub(crate) fn read(path: &str, bytes: &[u8]) -> Result<serde_json::Value, Box<Diagnostic>> {
    json::parse_serde(bytes, &json::DEFAULT_LIMITS)
        .map_err(|error| Box::new(read_diagnostic(path, &error)))
}

/// Turns a reader fault into a diagnostic at the fault's position.
pub(crate) fn read_diagnostic(path: &str, error: &ReadError) -> Diagnostic {
    let (code, help) = code_and_help(&error.kind);
    let message = match &error.kind {
        ReadErrorKind::Syntax(text) => format!("invalid JSON: {text}"),
        other => format!("the file {other}"),
    };
    let mut diagnostic = Diagnostic::error(code, path, message)
        .at_position(error.position)
        .with_help(help);
    if let ReadErrorKind::DuplicateKey { key, first } = &error.kind {
        diagnostic = diagnostic.with_related(Related {
            file: path.to_string(),
            position: Some(*first),
            message: format!("the first \"{key}\" is here"),
        });
    }
    diagnostic
}

/// The rule code and the fix for each reader fault.
fn code_and_help(kind: &ReadErrorKind) -> (Code, String) {
    match kind {
        ReadErrorKind::TooLarge { limit, .. } => (
            Code::TooLarge,
            format!("catalogue files are small records: split the file or shorten its text to under {limit} bytes"),
        ),
        ReadErrorKind::ByteOrderMark => (
            Code::ByteOrderMark,
            "remove the first three bytes (EF BB BF), or run `peerkit fmt`".to_string(),
        ),
        ReadErrorKind::NotUtf8 { .. } => (
            Code::NotUtf8,
            "save the file as UTF-8 without a byte-order mark".to_string(),
        ),
        ReadErrorKind::InvalidUtf8 => (
            Code::InvalidUtf8,
            "save the file as UTF-8; the byte at this position is not part of a UTF-8 character"
                .to_string(),
        ),
        ReadErrorKind::DuplicateKey { key, .. } => (
            Code::DuplicateKey,
            format!("keep one \"{key}\" and delete the other: a reader would silently keep only one of them"),
        ),
        ReadErrorKind::TooDeep { limit } => (
            Code::TooDeep,
            format!("catalogue records nest only a few levels; keep arrays and objects within {limit} levels"),
        ),
        ReadErrorKind::TrailingContent => (
            Code::TrailingContent,
            "a file holds exactly one JSON value: delete what follows it".to_string(),
        ),
        ReadErrorKind::Syntax(_) => (
            Code::Syntax,
            "fix the JSON syntax at this position".to_string(),
        ),
    }
}
