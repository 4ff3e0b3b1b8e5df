//! Diagnostics: a finding with a stable code, a place and a fix.

use crate::json::Position;

/// The severity of a finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The catalogue is invalid.
    Error,
    /// Worth fixing, but the catalogue stays valid.
    Warning,
}

/// The stable code of each rule. Codes are kebab-case and documented, with
/// an example and the fix, in `docs/rules.md`; a released code is never
/// renamed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Code {
    /// The file could not be read from disk or from git.
    Io,
    /// The file is larger than the reader's limit.
    TooLarge,
    /// The file starts with a UTF-8 byte-order mark.
    ByteOrderMark,
    /// The file is not UTF-8 (for example UTF-16).
    NotUtf8,
    /// The file contains bytes that are not valid UTF-8.
    InvalidUtf8,
    /// An object contains the same key twice.
    DuplicateKey,
    /// Arrays and objects are nested deeper than the reader's limit.
    TooDeep,
    /// Content follows the top-level value.
    TrailingContent,
    /// Any other JSON syntax error.
    Syntax,
    /// A schema file is invalid or names an unknown format.
    InvalidSchema,
    /// A value does not match the file's schema.
    Schema,
    /// The file's `$schema` does not name the schema for its kind.
    WrongSchema,
    /// A file in `catalogue/` that is no known kind of record.
    UnknownFile,
    /// Two records share one id.
    DuplicateId,
    /// A record's path does not follow from its id and category.
    PathMismatch,
    /// A reference (related, superseded_by, addressed_by) names no record.
    UnresolvedReference,
    /// A term that the vocabulary does not define.
    UnknownTerm,
    /// A vocabulary term id appears twice.
    DuplicateTerm,
    /// A deprecated entry names neither a replacement nor a reason.
    DeprecatedWithoutReason,
    /// A deprecated entry is still baseline.
    DeprecatedBaseline,
    /// An entry that is not deprecated names a replacement or a reason.
    NotDeprecated,
    /// A proposed or adopted entry cites no source.
    MissingSource,
    /// `superseded_by` links form a cycle.
    SupersededCycle,
    /// A reference points at the record itself.
    SelfReference,
    /// A gap's status and `addressed_by` disagree.
    GapStatus,
    /// An entry's last review is older than the threshold (warning).
    ReviewDue,
}

impl Code {
    /// Every code, in the order of the reference page.
    pub const ALL: &'static [Code] = &[
        Code::Io,
        Code::TooLarge,
        Code::ByteOrderMark,
        Code::NotUtf8,
        Code::InvalidUtf8,
        Code::DuplicateKey,
        Code::TooDeep,
        Code::TrailingContent,
        Code::Syntax,
        Code::InvalidSchema,
        Code::Schema,
        Code::WrongSchema,
        Code::UnknownFile,
        Code::DuplicateId,
        Code::PathMismatch,
        Code::UnresolvedReference,
        Code::UnknownTerm,
        Code::DuplicateTerm,
        Code::DeprecatedWithoutReason,
        Code::DeprecatedBaseline,
        Code::NotDeprecated,
        Code::MissingSource,
        Code::SupersededCycle,
        Code::SelfReference,
        Code::GapStatus,
        Code::ReviewDue,
    ];

    /// Returns the stable kebab-case name, as printed and documented.
    pub fn as_str(self) -> &'static str {
        match self {
            Code::Io => "io",
            Code::TooLarge => "too-large",
            Code::ByteOrderMark => "byte-order-mark",
            Code::NotUtf8 => "not-utf8",
            Code::InvalidUtf8 => "invalid-utf8",
            Code::DuplicateKey => "duplicate-key",
            Code::TooDeep => "too-deep",
            Code::TrailingContent => "trailing-content",
            Code::Syntax => "syntax",
            Code::InvalidSchema => "invalid-schema",
            Code::Schema => "schema",
            Code::WrongSchema => "wrong-schema",
            Code::UnknownFile => "unknown-file",
            Code::DuplicateId => "duplicate-id",
            Code::PathMismatch => "path-mismatch",
            Code::UnresolvedReference => "unresolved-reference",
            Code::UnknownTerm => "unknown-term",
            Code::DuplicateTerm => "duplicate-term",
            Code::DeprecatedWithoutReason => "deprecated-without-reason",
            Code::DeprecatedBaseline => "deprecated-baseline",
            Code::NotDeprecated => "not-deprecated",
            Code::MissingSource => "missing-source",
            Code::SupersededCycle => "superseded-cycle",
            Code::SelfReference => "self-reference",
            Code::GapStatus => "gap-status",
            Code::ReviewDue => "review-due",
        }
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str(self.as_str())
    }
}

impl serde::Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// Another place that explains a diagnostic, such as the first of two
/// duplicate keys or the other file with the same id.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Related {
    /// The file, relative to the repository root, with `/` separators.
    pub file: String,
    /// The place in that file, when known.
    pub position: Option<Position>,
    /// The explanation of that place.
    pub message: String,
}

/// One finding about one place in one file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    /// The rule.
    pub code: Code,
    /// Error or warning.
    pub severity: Severity,
    /// The file, relative to the repository root, with `/` separators.
    pub file: String,
    /// The JSON pointer (RFC 6901) of the offending value, when there is one.
    pub pointer: Option<String>,
    /// The line and column of the offending value. Filled in only for
    /// files that have a diagnostic, by mapping `pointer` to a position.
    pub position: Option<Position>,
    /// The fault in plain words, naming the value.
    pub message: String,
    /// The fix to apply.
    pub help: Option<String>,
    /// Other places that explain it.
    pub related: Vec<Related>,
}

impl Diagnostic {
    /// Creates an error about `file` with no place yet.
    pub fn error(code: Code, file: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            severity: Severity::Error,
            file: file.into(),
            pointer: None,
            position: None,
            message: message.into(),
            help: None,
            related: Vec::new(),
        }
    }

    /// Creates a warning about `file` with no place yet.
    pub fn warning(code: Code, file: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, file, message)
        }
    }

    /// Sets the JSON pointer of the offending value.
    pub fn at_pointer(mut self, pointer: impl Into<String>) -> Self {
        self.pointer = Some(pointer.into());
        self
    }

    /// Sets the position directly, for faults found while reading.
    pub fn at_position(mut self, position: Position) -> Self {
        self.position = Some(position);
        self
    }

    /// Sets what to do.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Adds a related place.
    pub fn with_related(mut self, related: Related) -> Self {
        self.related.push(related);
        self
    }

    /// Returns the key by which reports order diagnostics: by file, then place,
    /// then code.
    pub fn sort_key(&self) -> (&str, Option<Position>, Code, &str) {
        (&self.file, self.position, self.code, &self.message)
    }
}

#[cfg(test)]
mod tests {
    use super::Code;

    #[test]
    fn every_code_is_documented() {
        let rules = include_str!("../../docs/rules.md");
        for code in Code::ALL {
            let heading = format!("### `{code}`");
            assert!(rules.contains(&heading), "docs/rules.md lacks {heading}");
        }
    }
}
