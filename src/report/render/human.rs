//! The report for a person: rustc-style, with the source line and a caret.

use std::fmt::Write;

use anstyle::{AnsiColor, Style};

use super::Summary;
use crate::catalogue::SourceFile;
use crate::json::Position;
use crate::report::{Diagnostic, Severity};

/// The widest source excerpt shown, in characters; longer lines are cut
/// around the column.
const MAX_EXCERPT: usize = 100;

/// Styles of the parts of a report; all plain when colour is off.
struct Styles {
    error: Style,
    warning: Style,
    emphasis: Style,
    gutter: Style,
    help: Style,
}

impl Styles {
    fn new(color: bool) -> Self {
        if !color {
            let plain = Style::new();
            return Styles {
                error: plain,
                warning: plain,
                emphasis: plain,
                gutter: plain,
                help: plain,
            };
        }
        let bold = Style::new().bold();
        Styles {
            error: bold.fg_color(Some(AnsiColor::Red.into())),
            warning: bold.fg_color(Some(AnsiColor::Yellow.into())),
            emphasis: bold,
            gutter: bold.fg_color(Some(AnsiColor::Blue.into())),
            help: bold.fg_color(Some(AnsiColor::Cyan.into())),
        }
    }
}

/// Renders `diagnostics` for a terminal, each as `error[code]: message`, the
/// place as ` --> path:line:col`, the source line with a caret under the
/// column, `= help:` and related places as notes, then the summary line.
/// `sources` supplies the source lines; `color` adds ANSI styles.
pub fn human(
    diagnostics: &[Diagnostic],
    sources: &[SourceFile],
    summary: &Summary,
    color: bool,
) -> String {
    let styles = Styles::new(color);
    let mut output = String::new();
    for diagnostic in diagnostics {
        let source = sources.iter().find(|file| file.path == diagnostic.file);
        render_one(&mut output, diagnostic, source, &styles);
        output.push('\n');
    }
    let _ = writeln!(
        output,
        "{}{summary}{}",
        styles.emphasis,
        reset(&styles.emphasis)
    );
    output
}

fn render_one(
    output: &mut String,
    diagnostic: &Diagnostic,
    source: Option<&SourceFile>,
    styles: &Styles,
) {
    let (label, style) = match diagnostic.severity {
        Severity::Error => ("error", &styles.error),
        Severity::Warning => ("warning", &styles.warning),
    };
    let excerpt = diagnostic
        .position
        .and_then(|position| source.and_then(|file| excerpt(&file.bytes, position)));
    let width = diagnostic
        .position
        .map_or(1, |position| position.line.to_string().len());
    let indent = " ".repeat(width);
    let gutter = &styles.gutter;
    let _ = writeln!(
        output,
        "{style}{label}[{}]{}{}: {}{}",
        diagnostic.code,
        reset(style),
        styles.emphasis,
        escape_controls(&diagnostic.message),
        reset(&styles.emphasis)
    );
    let _ = writeln!(
        output,
        "{indent}{gutter}-->{} {}",
        reset(gutter),
        place(&diagnostic.file, diagnostic.position)
    );
    if let (Some((line, caret)), Some(position)) = (excerpt, diagnostic.position) {
        let _ = writeln!(output, "{indent} {gutter}|{}", reset(gutter));
        let _ = writeln!(
            output,
            "{gutter}{} |{} {line}",
            position.line,
            reset(gutter)
        );
        let _ = writeln!(
            output,
            "{indent} {gutter}|{} {caret}{style}^{}",
            reset(gutter),
            reset(style)
        );
    }
    if let Some(help) = &diagnostic.help {
        let _ = writeln!(
            output,
            "{indent} {gutter}={} {}help{}: {}",
            reset(gutter),
            styles.help,
            reset(&styles.help),
            escape_controls(help)
        );
    }
    for related in &diagnostic.related {
        let _ = writeln!(
            output,
            "{indent} {gutter}={} {}note{}: {} ({})",
            reset(gutter),
            styles.emphasis,
            reset(&styles.emphasis),
            escape_controls(&related.message),
            place(&related.file, related.position)
        );
    }
}

/// Shows a control character of the source line as one visible
/// character, so that the line cannot drive the terminal and the caret
/// stays under its column. A tab is kept, because the padding keeps tabs.
fn control_picture(character: char) -> char {
    match character {
        '\t' => '\t',
        '\u{0}'..='\u{1f}' => char::from_u32(0x2400 + character as u32).unwrap_or('\u{fffd}'),
        '\u{7f}' => '\u{2421}',
        '\u{80}'..='\u{9f}' => '\u{fffd}',
        other => other,
    }
}

/// Escapes the control characters of a message, such as a key that contains
/// `\u001b`, so that they print as text and not as terminal commands.
fn escape_controls(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for character in text.chars() {
        if character.is_control() {
            escaped.push_str(&character.escape_unicode().to_string());
        } else {
            escaped.push(character);
        }
    }
    escaped
}

/// The code that ends `style`: empty for a plain style.
fn reset(style: &Style) -> impl std::fmt::Display {
    style.render_reset()
}

/// Formats `path:line:col`, or the path alone when the place is unknown.
fn place(path: &str, position: Option<Position>) -> String {
    match position {
        Some(position) => format!("{path}:{}:{}", position.line, position.column),
        None => path.to_string(),
    }
}

/// Returns the source line at `position` (cut to [`MAX_EXCERPT`]
/// characters around the column) and the padding that puts a caret under
/// the column.
fn excerpt(bytes: &[u8], position: Position) -> Option<(String, String)> {
    let text = String::from_utf8_lossy(bytes);
    let line = text.lines().nth(position.line.checked_sub(1)?)?;
    let characters: Vec<char> = line.chars().collect();
    let column = position.column.saturating_sub(1).min(characters.len());
    let start = column.saturating_sub(MAX_EXCERPT / 2);
    let end = (start + MAX_EXCERPT).min(characters.len());
    let prefix = if start > 0 { "..." } else { "" };
    let suffix = if end < characters.len() { "..." } else { "" };
    let shown: String = characters[start..end]
        .iter()
        .map(|character| control_picture(*character))
        .collect();
    let padding: String = prefix
        .chars()
        .chain(characters[start..column].iter().copied())
        .map(|character| if character == '\t' { '\t' } else { ' ' })
        .collect();
    Some((format!("{prefix}{shown}{suffix}"), padding))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{Code, Related};

    const ENTRY: &str = "{\n  \"id\": \"alpha\",\n  \"title\": \"A\",\n  \"id\": \"beta\",\n  \"last_reviewed\": \"2024-13-45\"\n}\n";

    fn at(line: usize, column: usize) -> Position {
        Position {
            line,
            column,
            offset: 0,
        }
    }

    #[test]
    fn human_snapshot() {
        let sources = [SourceFile::new("catalogue/care/alpha.json", ENTRY)];
        let diagnostics = [
            Diagnostic::error(
                Code::DuplicateKey,
                "catalogue/care/alpha.json",
                "the file has the key \"id\" twice in one object",
            )
            .at_position(at(4, 3))
            .with_help("keep one \"id\" and delete the other")
            .with_related(Related {
                file: "catalogue/care/alpha.json".to_string(),
                position: Some(at(2, 3)),
                message: "the first \"id\" is here".to_string(),
            }),
            Diagnostic::warning(
                Code::ReviewDue,
                "catalogue/care/alpha.json",
                "last reviewed on 2024-13-45",
            )
            .at_pointer("/last_reviewed")
            .at_position(at(5, 20)),
            Diagnostic::error(
                Code::UnknownFile,
                "catalogue/notes.txt",
                "the file is no kind of catalogue record",
            ),
        ];
        let summary = Summary::of(&diagnostics, 2);
        insta::assert_snapshot!(human(&diagnostics, &sources, &summary, false));
    }

    #[test]
    fn human_colour_only_when_asked() {
        let sources = [SourceFile::new("catalogue/care/alpha.json", ENTRY)];
        let diagnostics =
            [
                Diagnostic::error(Code::Syntax, "catalogue/care/alpha.json", "invalid JSON")
                    .at_position(at(1, 1)),
            ];
        let summary = Summary::of(&diagnostics, 1);
        assert!(!human(&diagnostics, &sources, &summary, false).contains('\u{1b}'));
        assert!(human(&diagnostics, &sources, &summary, true).contains('\u{1b}'));
    }

    #[test]
    fn controls_never_reach_the_terminal() {
        let line = "\"ti\u{1b}[2Jtle\u{7}\": 1";
        let position = Position {
            line: 1,
            column: 4,
            offset: 3,
        };
        let (shown, padding) = excerpt(line.as_bytes(), position).unwrap();
        assert!(
            !shown.chars().any(|character| character.is_control()),
            "{shown}"
        );
        assert_eq!(shown.chars().count(), line.chars().count());
        assert_eq!(padding.chars().count(), 3);
        let message = escape_controls("unknown key `ti\u{1b}[2Jtle`");
        assert_eq!(message, "unknown key `ti\\u{1b}[2Jtle`");
    }

    #[test]
    fn excerpt_cuts_long_lines() {
        let line = "[".repeat(1000);
        let position = Position {
            line: 1,
            column: 500,
            offset: 499,
        };
        let (shown, padding) = excerpt(line.as_bytes(), position).unwrap();
        assert!(shown.starts_with("..."));
        assert!(shown.chars().count() <= MAX_EXCERPT + 6);
        assert_eq!(padding.chars().count(), 3 + MAX_EXCERPT / 2);
    }
}
