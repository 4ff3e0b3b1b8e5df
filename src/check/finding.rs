//! A diagnostic on its way through the pipeline, with what is needed to
//! place it once the file's text is at hand.

use crate::report::{Diagnostic, Related};

/// A diagnostic whose position, and the positions of its related places,
/// may still be unknown.
#[derive(Debug, Clone)]
pub(crate) struct Finding {
    pub diagnostic: Diagnostic,
    /// Place the caret on the member's key rather than on its value, as for
    /// an unknown key.
    pub at_key: bool,
    /// For each related place still without a position: its index in
    /// `diagnostic.related` and the pointer to locate in its file.
    pub related_pointers: Vec<(usize, String)>,
}

impl Finding {
    /// Marks the finding to point at the key of its pointer's member.
    pub fn at_key(mut self) -> Self {
        self.at_key = true;
        self
    }

    /// Adds a related place at `pointer` in `file`, located later.
    pub fn related_at(mut self, file: &str, pointer: &str, message: impl Into<String>) -> Self {
        self.related_pointers
            .push((self.diagnostic.related.len(), pointer.to_string()));
        self.diagnostic.related.push(Related {
            file: file.to_string(),
            position: None,
            message: message.into(),
        });
        self
    }
}

impl From<Diagnostic> for Finding {
    fn from(diagnostic: Diagnostic) -> Self {
        Finding {
            diagnostic,
            at_key: false,
            related_pointers: Vec::new(),
        }
    }
}

/// Escapes one reference token of a JSON pointer (RFC 6901).
pub(crate) fn escape_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Renders a JSON pointer the way a reader names the value: `/sources/0/url`
/// becomes `sources[0].url`, and the root becomes `the file`.
pub(crate) fn display_name(pointer: &str) -> String {
    if pointer.is_empty() {
        return "the file".to_string();
    }
    let mut name = String::new();
    for token in pointer.split('/').skip(1) {
        let token = token.replace("~1", "/").replace("~0", "~");
        if !name.is_empty() && token.parse::<usize>().is_ok() {
            name.push_str(&format!("[{token}]"));
        } else {
            if !name.is_empty() {
                name.push('.');
            }
            name.push_str(&token);
        }
    }
    format!("`{name}`")
}

/// Returns the candidate closest to `word`, when one is close enough to be
/// a likely typo.
pub(crate) fn closest<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    close_matches(word, candidates).into_iter().next()
}

/// Returns the candidates close enough to `word` to be likely typos, the
/// closest first.
pub(crate) fn close_matches<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Vec<&'a str> {
    let limit = (word.chars().count() / 3).max(1);
    let mut matches: Vec<(usize, &str)> = candidates
        .into_iter()
        .map(|candidate| (strsim::damerau_levenshtein(word, candidate), candidate))
        .filter(|(distance, _)| *distance <= limit)
        .collect();
    matches.sort_unstable();
    matches
        .into_iter()
        .map(|(_, candidate)| candidate)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_name_joins_keys_and_indexes() {
        assert_eq!(display_name("/sources/0/url"), "`sources[0].url`");
        assert_eq!(display_name("/last_reviewed"), "`last_reviewed`");
        assert_eq!(display_name("/a~1b"), "`a/b`");
        assert_eq!(display_name(""), "the file");
    }

    #[test]
    fn closest_finds_typos_only() {
        let keys = ["title", "summary", "id"];
        assert_eq!(closest("titel", keys), Some("title"));
        assert_eq!(closest("colour", keys), None);
    }
}
