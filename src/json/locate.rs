//! Maps a JSON pointer (RFC 6901) to a place in the text, by one forward
//! scan that builds no values.

use std::borrow::Cow;

use super::{position_at, Position};

/// Finds the value that `pointer` names, or its key; see [`super::locate`].
pub(super) fn locate(text: &str, pointer: &str, key: bool) -> Option<Position> {
    let tokens = pointer_tokens(pointer)?;
    let mut scanner = Scanner {
        bytes: text.as_bytes(),
        pos: 0,
    };
    if text.starts_with('\u{FEFF}') {
        scanner.pos = '\u{FEFF}'.len_utf8();
    }
    scanner.skip_whitespace();
    let mut value_offset = scanner.pos;
    let mut key_offset = None;
    for token in tokens {
        match scanner.bytes.get(value_offset) {
            Some(b'{') => {
                let (found_key, found_value) = scanner.find_member(value_offset, &token)?;
                key_offset = Some(found_key);
                value_offset = found_value;
            }
            Some(b'[') => {
                value_offset = scanner.find_item(value_offset, array_index(&token)?)?;
                key_offset = None;
            }
            _ => return None,
        }
    }
    let offset = match key_offset {
        Some(offset) if key => offset,
        _ => value_offset,
    };
    scanner.bytes.get(offset)?;
    Some(position_at(text, offset))
}

/// Splits a pointer into its unescaped reference tokens: `~1` is `/` and
/// `~0` is `~`. Returns `None` for a pointer that is neither `""` nor
/// starts with `/`, or contains a `~` not followed by `0` or `1`.
fn pointer_tokens(pointer: &str) -> Option<Vec<Cow<'_, str>>> {
    if pointer.is_empty() {
        return Some(Vec::new());
    }
    let rest = pointer.strip_prefix('/')?;
    rest.split('/').map(unescape_token).collect()
}

fn unescape_token(token: &str) -> Option<Cow<'_, str>> {
    if !token.contains('~') {
        return Some(Cow::Borrowed(token));
    }
    let mut unescaped = String::with_capacity(token.len());
    let mut chars = token.chars();
    while let Some(c) = chars.next() {
        if c != '~' {
            unescaped.push(c);
            continue;
        }
        match chars.next() {
            Some('0') => unescaped.push('~'),
            Some('1') => unescaped.push('/'),
            _ => return None,
        }
    }
    Some(Cow::Owned(unescaped))
}

/// Reads an array index token: `0` or digits without a leading zero.
fn array_index(token: &str) -> Option<usize> {
    let well_formed = !token.is_empty()
        && token.bytes().all(|byte| byte.is_ascii_digit())
        && (token == "0" || !token.starts_with('0'));
    if !well_formed {
        return None;
    }
    token.parse().ok()
}

/// A cursor over text that may be invalid JSON: every step checks bounds
/// and gives up with `None` on anything unexpected.
struct Scanner<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl Scanner<'_> {
    /// Returns the offsets of the key and the value of the member named
    /// `name` in the object at `object`. The first of duplicate keys wins.
    fn find_member(&mut self, object: usize, name: &str) -> Option<(usize, usize)> {
        self.pos = object + 1;
        self.skip_whitespace();
        if self.peek() == Some(b'}') {
            return None;
        }
        loop {
            let key_offset = self.pos;
            let matches = self.string_equals(name)?;
            self.skip_whitespace();
            self.expect(b':')?;
            self.skip_whitespace();
            let value_offset = self.pos;
            if matches {
                return Some((key_offset, value_offset));
            }
            self.skip_value()?;
            self.skip_whitespace();
            self.expect(b',')?;
            self.skip_whitespace();
        }
    }

    /// Returns the offset of item `index` of the array at `array`.
    fn find_item(&mut self, array: usize, index: usize) -> Option<usize> {
        self.pos = array + 1;
        self.skip_whitespace();
        if self.peek() == Some(b']') {
            return None;
        }
        for _ in 0..index {
            self.skip_value()?;
            self.skip_whitespace();
            self.expect(b',')?;
            self.skip_whitespace();
        }
        Some(self.pos)
    }

    /// Reads the string at `pos` and returns whether it equals `name`. Only a
    /// string with escapes is decoded, into a fresh buffer.
    fn string_equals(&mut self, name: &str) -> Option<bool> {
        self.expect(b'"')?;
        let start = self.pos;
        let mut escaped = false;
        loop {
            match self.peek()? {
                b'"' => break,
                b'\\' => {
                    escaped = true;
                    self.pos += 2;
                }
                _ => self.pos += 1,
            }
        }
        let raw = self.bytes.get(start..self.pos)?;
        self.pos += 1;
        if !escaped {
            return Some(raw == name.as_bytes());
        }
        let quoted = std::str::from_utf8(self.bytes.get(start - 1..self.pos)?).ok()?;
        let decoded: String = serde_json::from_str(quoted).ok()?;
        Some(decoded == name)
    }

    /// Skips one value of any kind. Containers are skipped by counting
    /// brackets outside strings, so the depth of the text does not matter.
    fn skip_value(&mut self) -> Option<()> {
        match self.peek()? {
            b'"' => self.skip_string(),
            b'[' | b'{' => self.skip_container(),
            _ => {
                let start = self.pos;
                while let Some(byte) = self.peek() {
                    if matches!(byte, b',' | b']' | b'}' | b' ' | b'\t' | b'\n' | b'\r') {
                        break;
                    }
                    self.pos += 1;
                }
                (self.pos > start).then_some(())
            }
        }
    }

    fn skip_container(&mut self) -> Option<()> {
        let mut depth = 0usize;
        loop {
            match self.peek()? {
                b'"' => {
                    self.skip_string()?;
                    continue;
                }
                b'[' | b'{' => depth += 1,
                b']' | b'}' => {
                    depth -= 1;
                    if depth == 0 {
                        self.pos += 1;
                        return Some(());
                    }
                }
                _ => {}
            }
            self.pos += 1;
        }
    }

    fn skip_string(&mut self) -> Option<()> {
        self.pos += 1;
        loop {
            match self.peek()? {
                b'"' => {
                    self.pos += 1;
                    return Some(());
                }
                b'\\' => self.pos += 2,
                _ => self.pos += 1,
            }
        }
    }

    fn expect(&mut self, byte: u8) -> Option<()> {
        if self.peek()? != byte {
            return None;
        }
        self.pos += 1;
        Some(())
    }

    fn skip_whitespace(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }
}

#[cfg(test)]
mod tests;
