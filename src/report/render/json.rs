//! The JSON report: every diagnostic with its place, and the summary.

use serde::Serialize;

use super::Summary;
use crate::report::{Code, Diagnostic, Severity};

#[derive(Serialize)]
struct Report<'a> {
    diagnostics: Vec<Entry<'a>>,
    summary: Summary,
}

#[derive(Serialize)]
struct Entry<'a> {
    file: &'a str,
    line: Option<usize>,
    column: Option<usize>,
    pointer: Option<&'a str>,
    code: Code,
    severity: Severity,
    message: &'a str,
    help: Option<&'a str>,
    related: Vec<RelatedEntry<'a>>,
}

#[derive(Serialize)]
struct RelatedEntry<'a> {
    file: &'a str,
    line: Option<usize>,
    column: Option<usize>,
    message: &'a str,
}

/// Renders `diagnostics` as one JSON object, pretty-printed and ending in
/// a newline: `{"diagnostics": [{file, line, column, pointer, code,
/// severity, message, help, related}], "summary": {files, errors,
/// warnings}}`. Unknown places are `null`; lines and columns are 1-based,
/// columns in characters.
pub fn json(diagnostics: &[Diagnostic], summary: &Summary) -> String {
    let report = Report {
        diagnostics: diagnostics.iter().map(entry).collect(),
        summary: *summary,
    };
    let mut text = serde_json::to_string_pretty(&report).unwrap_or_default();
    text.push('\n');
    text
}

fn entry(diagnostic: &Diagnostic) -> Entry<'_> {
    Entry {
        file: &diagnostic.file,
        line: diagnostic.position.map(|position| position.line),
        column: diagnostic.position.map(|position| position.column),
        pointer: diagnostic.pointer.as_deref(),
        code: diagnostic.code,
        severity: diagnostic.severity,
        message: &diagnostic.message,
        help: diagnostic.help.as_deref(),
        related: diagnostic
            .related
            .iter()
            .map(|related| RelatedEntry {
                file: &related.file,
                line: related.position.map(|position| position.line),
                column: related.position.map(|position| position.column),
                message: &related.message,
            })
            .collect(),
    }
}
