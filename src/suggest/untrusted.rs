//! Checks and neutralises text that comes from a suggestion, which anyone
//! can write, before it reaches a path, a branch name, a pull request, a
//! comment or a commit message.

/// The maximum length of an id, as `common.schema.json` sets it.
pub const MAX_ID_LENGTH: usize = 80;

/// Why a value is not a valid id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{field} {value:?} is not a valid id: use 1 to {MAX_ID_LENGTH} lowercase letters \
     and digits in words joined by single hyphens, such as \"peer-supervision\""
)]
pub struct InvalidId {
    /// The field that contains it.
    pub field: String,
    /// The value, as given.
    pub value: String,
}

/// Checks that `value` is a kebab-case id (`^[a-z0-9]+(-[a-z0-9]+)*$`, at
/// most 80 characters). Such an id has no `/`, `.`, space or control
/// character, so it is safe as a file name and a branch name.
pub fn check_id(field: &str, value: &str) -> Result<(), InvalidId> {
    let valid = !value.is_empty()
        && value.len() <= MAX_ID_LENGTH
        && value.split('-').all(|word| {
            !word.is_empty()
                && word
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        });
    if valid {
        Ok(())
    } else {
        Err(InvalidId {
            field: field.to_string(),
            value: value.to_string(),
        })
    }
}

/// The zero-width space, which breaks a mention or keyword for GitHub's
/// parser while it renders as nothing.
const BREAK: char = '\u{200B}';

/// The words before `#N` that make GitHub close an issue when the pull
/// request or commit lands.
const CLOSING_KEYWORDS: [&str; 9] = [
    "close", "closes", "closed", "fix", "fixes", "fixed", "resolve", "resolves", "resolved",
];

/// Removes control characters (but line feeds and tabs) and the Unicode
/// bidirectional overrides that can make text read differently than it is.
pub fn strip_controls(text: &str) -> String {
    text.replace("\r\n", "\n")
        .chars()
        .filter(|c| *c == '\n' || *c == '\t' || !c.is_control())
        .filter(|c| !matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'))
        .collect()
}

/// Neutralises plain text (a title, a commit message, a name): strips
/// control characters, breaks `@` mentions and closing keywords.
pub fn plain(text: &str) -> String {
    let text = strip_controls(text);
    break_keywords(&break_mentions(&text))
}

/// Neutralises text for a Markdown body so that it shows literally: like
/// [`plain`], and HTML and Markdown syntax characters are escaped, so
/// `<img src=x>` shows as text and backticks show as backticks.
pub fn markdown(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for line in plain(text).split('\n') {
        if !escaped.is_empty() {
            escaped.push('\n');
        }
        escaped.push_str(&escape_line(line));
    }
    escaped
}

/// Neutralises a name for one line, such as a credit name in a trailer.
pub fn one_line(text: &str, max_chars: usize) -> String {
    let joined: String = plain(text).split_whitespace().collect::<Vec<_>>().join(" ");
    joined.chars().take(max_chars).collect()
}

fn escape_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let starts_block = line.trim_start().starts_with('#')
        || line.trim_start().starts_with('=')
        || line.trim_start().starts_with("---");
    if starts_block {
        let indent = line.len() - line.trim_start().len();
        out.push_str(&line[..indent]);
        out.push('\\');
        return out + &escape_inline(&line[indent..]);
    }
    out + &escape_inline(line)
}

fn escape_inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '~' | '|' | '!' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

/// Inserts [`BREAK`] after each `@` that starts a mention.
fn break_mentions(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        out.push(c);
        if c == '@'
            && chars
                .peek()
                .is_some_and(|next| next.is_alphanumeric() || *next == '-')
        {
            out.push(BREAK);
        }
    }
    out
}

/// Inserts [`BREAK`] inside each closing keyword that stands as a word, so
/// `Closes #1` no longer closes issue 1.
fn break_keywords(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut word = String::new();
    for c in text.chars().chain(std::iter::once('\0')) {
        if c.is_alphabetic() {
            word.push(c);
            continue;
        }
        if CLOSING_KEYWORDS.contains(&word.to_lowercase().as_str()) {
            let mut letters = word.chars();
            out.extend(letters.next());
            out.push(BREAK);
            out.extend(letters);
        } else {
            out.push_str(&word);
        }
        word.clear();
        if c != '\0' {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_accepted() {
        for id in ["a", "impact-debriefing", "issue-42", "x1-2"] {
            assert!(check_id("id", id).is_ok(), "{id}");
        }
    }

    #[test]
    fn hostile_ids_rejected() {
        for id in [
            "", "../etc", "a/b", "a..b", "A", "a_b", "a b", "-a", "a-", "a--b", "a\nb", "a\u{0}",
            ".git", "é",
        ] {
            assert!(check_id("id", id).is_err(), "{id:?}");
        }
        assert!(check_id("id", &"a".repeat(81)).is_err());
    }

    #[test]
    fn mentions_broken() {
        assert_eq!(plain("hi @everyone"), "hi @\u{200B}everyone");
        assert_eq!(plain("mail a@b"), "mail a@\u{200B}b");
        assert_eq!(plain("@ alone"), "@ alone");
    }

    #[test]
    fn closing_keywords_broken() {
        assert_eq!(plain("Closes #1"), "C\u{200B}loses #1");
        assert_eq!(plain("this fixes: #2"), "this f\u{200B}ixes: #2");
        assert_eq!(plain("fixture"), "fixture");
        assert!(!plain("RESOLVED #3").contains("RESOLVED"));
    }

    #[test]
    fn html_shows_as_text() {
        let text = markdown("<img src=x onerror=alert(1)>");
        assert_eq!(text, "&lt;img src=x onerror=alert(1)&gt;");
    }

    #[test]
    fn backticks_and_substitutions_literal() {
        assert_eq!(markdown("`id` and $(id)"), "\\`id\\` and $(id)");
    }

    #[test]
    fn headings_escaped() {
        assert_eq!(markdown("# big"), "\\# big");
    }

    #[test]
    fn controls_stripped() {
        assert_eq!(strip_controls("a\u{7}b\r\nc\u{202E}d"), "ab\ncd");
    }

    #[test]
    fn one_line_joins_and_cuts() {
        assert_eq!(one_line("Ana\nMaria  Silva", 8), "Ana Mari");
    }
}
