//! Whether old data passes new schemas, which decides the class of a schema change.

use super::SchemaVerdict;
use crate::catalogue::{FileKind, Layout, SourceFile};
use crate::check::SchemaSet;

/// Checks every data file of `old` against the schemas among `new`. New
/// schemas that do not compile fail as a whole, with their first faults.
pub(super) fn check_old_data(old: &[SourceFile], new: &[SourceFile]) -> SchemaVerdict {
    let schemas = match SchemaSet::compile(new) {
        Ok(schemas) => schemas,
        Err(diagnostics) => {
            let failures = diagnostics
                .iter()
                .map(|diagnostic| {
                    format!(
                        "{}: the new schema is invalid: {}",
                        diagnostic.file, diagnostic.message
                    )
                })
                .collect();
            return SchemaVerdict { failures };
        }
    };
    let mut failures = Vec::new();
    for file in old {
        let Some(kind) = Layout::kind_of(&file.path).filter(|kind| *kind != FileKind::Schema)
        else {
            continue;
        };
        // A file the reader rejects failed before the schema change too,
        // so it tells nothing about the new schemas.
        let Ok(value) = crate::json::parse(&file.bytes, &crate::json::DEFAULT_LIMITS) else {
            continue;
        };
        if let Some(first) = schemas.check(kind, &file.path, &value).first() {
            let pointer = match first.pointer.as_deref() {
                Some(pointer) if !pointer.is_empty() => format!(" at {pointer}"),
                _ => String::new(),
            };
            failures.push(format!("{}{pointer}: {}", file.path, first.message));
        }
    }
    SchemaVerdict { failures }
}
