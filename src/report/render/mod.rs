//! Renderers of diagnostics: for a person on a terminal, for programs
//! (JSON) and for GitHub Actions (workflow commands and a step summary).

mod github;
mod human;
mod json;

pub use github::{github, GithubReport, MAX_ANNOTATIONS};
pub use human::human;
pub use json::json;

use super::{Diagnostic, Severity};

/// The counts printed at the end of every report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Summary {
    /// How many files were checked.
    pub files: usize,
    /// How many error diagnostics were reported.
    pub errors: usize,
    /// How many warning diagnostics were reported.
    pub warnings: usize,
}

impl Summary {
    /// Counts the errors and warnings among `diagnostics` about `files`
    /// checked files.
    pub fn of(diagnostics: &[Diagnostic], files: usize) -> Self {
        let errors = diagnostics
            .iter()
            .filter(|diagnostic| diagnostic.severity == Severity::Error)
            .count();
        Summary {
            files,
            errors,
            warnings: diagnostics.len() - errors,
        }
    }
}

impl std::fmt::Display for Summary {
    /// Writes "2 errors, 1 warning in 45 files".
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            formatter,
            "{}, {} in {}",
            plural(self.errors, "error"),
            plural(self.warnings, "warning"),
            plural(self.files, "file")
        )
    }
}

fn plural(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{count} {noun}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_uses_singular_for_one() {
        let summary = Summary {
            files: 45,
            errors: 2,
            warnings: 1,
        };
        assert_eq!(summary.to_string(), "2 errors, 1 warning in 45 files");
    }
}
