//! The report for GitHub Actions: workflow commands that annotate the
//! files of a pull request, and a markdown table for the step summary.

use std::fmt::Write;

use super::Summary;
use crate::report::{Diagnostic, Severity};

/// GitHub shows at most this many error annotations, and as many warning
/// annotations, per step; the rest are counted in a notice.
pub const MAX_ANNOTATIONS: usize = 10;

/// What the GitHub renderer produces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GithubReport {
    /// Workflow commands (`::error file=...::message`), one a line, for
    /// stdout.
    pub commands: String,
    /// A markdown section for the file that `GITHUB_STEP_SUMMARY` names.
    pub step_summary: String,
}

/// Renders `diagnostics` as workflow commands (the first
/// [`MAX_ANNOTATIONS`] errors and warnings, then a notice counting the
/// rest) and as a markdown table of every diagnostic.
pub fn github(diagnostics: &[Diagnostic], summary: &Summary) -> GithubReport {
    let mut commands = String::new();
    let mut left_out = 0;
    for severity in [Severity::Error, Severity::Warning] {
        let of_severity: Vec<&Diagnostic> = diagnostics
            .iter()
            .filter(|diagnostic| diagnostic.severity == severity)
            .collect();
        for diagnostic in of_severity.iter().take(MAX_ANNOTATIONS) {
            commands.push_str(&command(diagnostic));
            commands.push('\n');
        }
        left_out += of_severity.len().saturating_sub(MAX_ANNOTATIONS);
    }
    if left_out > 0 {
        let message = format!(
            "{left_out} more diagnostics are not shown as annotations, because GitHub shows at most {MAX_ANNOTATIONS} of each kind per step; the step summary lists them all"
        );
        let _ = writeln!(
            commands,
            "::notice title=peerkit::{}",
            escape_data(&message)
        );
    }
    let _ = writeln!(
        commands,
        "::notice title=peerkit::{}",
        escape_data(&summary.to_string())
    );
    GithubReport {
        commands,
        step_summary: step_summary(diagnostics, summary),
    }
}

/// One workflow command, such as
/// `::error file=a.json,line=3,col=5,title=peerkit schema::message`.
fn command(diagnostic: &Diagnostic) -> String {
    let name = match diagnostic.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let mut properties = vec![format!("file={}", escape_property(&diagnostic.file))];
    if let Some(position) = diagnostic.position {
        properties.push(format!("line={}", position.line));
        properties.push(format!("col={}", position.column));
    }
    properties.push(format!(
        "title={}",
        escape_property(&format!("peerkit {}", diagnostic.code))
    ));
    let mut message = diagnostic.message.clone();
    if let Some(help) = &diagnostic.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    format!(
        "::{name} {}::{}",
        properties.join(","),
        escape_data(&message)
    )
}

/// Escapes a command's message: `%`, CR and LF.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a command's property value: as a message, plus `:` and `,`.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

fn step_summary(diagnostics: &[Diagnostic], summary: &Summary) -> String {
    let mut output = String::from("## peerkit validate\n\n");
    let _ = writeln!(output, "{summary}\n");
    if diagnostics.is_empty() {
        return output;
    }
    output.push_str("| Severity | Place | Rule | Message |\n");
    output.push_str("| --- | --- | --- | --- |\n");
    for diagnostic in diagnostics {
        let severity = match diagnostic.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let place = match diagnostic.position {
            Some(position) => format!("{}:{}:{}", diagnostic.file, position.line, position.column),
            None => diagnostic.file.clone(),
        };
        let _ = writeln!(
            output,
            "| {severity} | `{}` | `{}` | {} |",
            escape_cell(&place),
            diagnostic.code,
            escape_cell(&diagnostic.message)
        );
    }
    output
}

/// Keeps a table cell on one line and its `|` from ending the cell.
fn escape_cell(text: &str) -> String {
    text.replace('|', "\\|").replace(['\r', '\n'], " ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::Position;
    use crate::report::Code;

    fn error_at(line: usize) -> Diagnostic {
        Diagnostic::error(Code::Syntax, "catalogue/a,b.json", "50% done:\r\nnext").at_position(
            Position {
                line,
                column: 2,
                offset: 0,
            },
        )
    }

    #[test]
    fn command_escapes_message_and_properties() {
        let line = command(&error_at(3));
        assert_eq!(
            line,
            "::error file=catalogue/a%2Cb.json,line=3,col=2,title=peerkit syntax::50%25 done:%0D%0Anext"
        );
    }

    #[test]
    fn github_caps_annotations_at_ten() {
        let diagnostics: Vec<Diagnostic> = (1..=12).map(error_at).collect();
        let summary = Summary::of(&diagnostics, 3);
        let report = github(&diagnostics, &summary);
        assert_eq!(report.commands.matches("::error ").count(), 10);
        assert!(report
            .commands
            .contains("::notice title=peerkit::2 more diagnostics"));
        assert_eq!(report.step_summary.matches("| error |").count(), 12);
    }
}
