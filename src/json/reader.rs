//! The strict reader: bytes to a [`Value`], iteratively, so no input can
//! overflow the stack. The same parser can build a `serde_json::Value`
//! instead, for callers that need nothing else.

use std::collections::HashMap;

use super::{position_at, Limits, Map, Number, Position, ReadError, ReadErrorKind, Value};

/// From this many members on, an object's keys are looked up in a hash map
/// instead of a linear scan.
const INDEX_THRESHOLD: usize = 16;

/// Reads `bytes` strictly; see [`super::parse`] for the order of checks.
pub(super) fn parse(bytes: &[u8], limits: &Limits) -> Result<Value, ReadError> {
    parse_into::<Exact>(bytes, limits)
}

/// Reads `bytes` as strictly as [`parse`], into a `serde_json::Value`.
pub(super) fn parse_serde(bytes: &[u8], limits: &Limits) -> Result<serde_json::Value, ReadError> {
    match parse_into::<Serde>(bytes, limits) {
        Err(error) if matches!(error.kind, ReadErrorKind::DuplicateKey { .. }) => {
            // The same parser stops at the same key, now with both places.
            Err(parse(bytes, limits).err().unwrap_or(error))
        }
        other => other,
    }
}

fn parse_into<B: Build>(bytes: &[u8], limits: &Limits) -> Result<B::Value, ReadError> {
    check_size(bytes, limits)?;
    check_encoding(bytes)?;
    let text =
        std::str::from_utf8(bytes).map_err(|error| invalid_utf8(bytes, error.valid_up_to()))?;
    Parser::<B>::new(text, limits.max_depth).run()
}

/// The values a parser builds from what it reads.
trait Build {
    type Value;
    /// An object being read.
    type Object;
    fn null() -> Self::Value;
    fn bool(flag: bool) -> Self::Value;
    /// Builds a number from its text, which the parser has checked.
    fn number(text: &str) -> Self::Value;
    fn string(text: String) -> Self::Value;
    fn array(items: Vec<Self::Value>) -> Self::Value;
    fn new_object() -> Self::Object;
    /// Looks for an earlier member named `key`: `Some` with the byte
    /// offset of its key when this builder keeps offsets, `Some(None)` when
    /// it does not, `None` when there is no such member.
    fn find(object: &mut Self::Object, key: &str) -> Option<Option<usize>>;
    /// Adds a member whose key starts at byte `offset`.
    fn insert(object: &mut Self::Object, key: String, offset: usize, value: Self::Value);
    fn object(object: Self::Object) -> Self::Value;
}

/// Builds [`Value`], which keeps each number's text and the key order.
struct Exact;

impl Build for Exact {
    type Value = Value;
    type Object = ExactObject;
    fn null() -> Value {
        Value::Null
    }
    fn bool(flag: bool) -> Value {
        Value::Bool(flag)
    }
    fn number(text: &str) -> Value {
        Value::Number(Number::from_text(text))
    }
    fn string(text: String) -> Value {
        Value::String(text)
    }
    fn array(items: Vec<Value>) -> Value {
        Value::Array(items)
    }
    fn new_object() -> ExactObject {
        ExactObject::default()
    }
    fn find(object: &mut ExactObject, key: &str) -> Option<Option<usize>> {
        object.find(key).map(Some)
    }
    fn insert(object: &mut ExactObject, key: String, offset: usize, value: Value) {
        object.insert(key, offset, value);
    }
    fn object(object: ExactObject) -> Value {
        Value::Object(Map(object.members))
    }
}

/// Builds `serde_json::Value`, with numbers converted as
/// [`Value::to_serde`] converts them. It keeps no key offsets, so
/// [`parse_serde`] reads a file with a duplicate key again with [`Exact`]
/// to place the first key.
struct Serde;

type SerdeMap = serde_json::Map<String, serde_json::Value>;

impl Build for Serde {
    type Value = serde_json::Value;
    type Object = SerdeMap;
    fn null() -> serde_json::Value {
        serde_json::Value::Null
    }
    fn bool(flag: bool) -> serde_json::Value {
        serde_json::Value::Bool(flag)
    }
    fn number(text: &str) -> serde_json::Value {
        super::value::number_to_serde(text)
    }
    fn string(text: String) -> serde_json::Value {
        serde_json::Value::String(text)
    }
    fn array(items: Vec<serde_json::Value>) -> serde_json::Value {
        serde_json::Value::Array(items)
    }
    fn new_object() -> SerdeMap {
        SerdeMap::new()
    }
    fn find(object: &mut SerdeMap, key: &str) -> Option<Option<usize>> {
        object.contains_key(key).then_some(None)
    }
    fn insert(object: &mut SerdeMap, key: String, _offset: usize, value: serde_json::Value) {
        object.insert(key, value);
    }
    fn object(object: SerdeMap) -> serde_json::Value {
        serde_json::Value::Object(object)
    }
}

fn start_of_file() -> Position {
    Position {
        line: 1,
        column: 1,
        offset: 0,
    }
}

fn check_size(bytes: &[u8], limits: &Limits) -> Result<(), ReadError> {
    if bytes.len() <= limits.max_bytes {
        return Ok(());
    }
    Err(ReadError {
        kind: ReadErrorKind::TooLarge {
            size: bytes.len(),
            limit: limits.max_bytes,
        },
        position: start_of_file(),
    })
}

/// Rejects a UTF-8 byte-order mark and the byte patterns of UTF-16 and
/// UTF-32, with or without their byte-order marks (RFC 4627, section 3).
fn check_encoding(bytes: &[u8]) -> Result<(), ReadError> {
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        return Err(ReadError {
            kind: ReadErrorKind::ByteOrderMark,
            position: start_of_file(),
        });
    }
    match other_encoding(bytes) {
        Some(encoding) => Err(ReadError {
            kind: ReadErrorKind::NotUtf8 {
                encoding: Some(encoding),
            },
            position: start_of_file(),
        }),
        None => Ok(()),
    }
}

/// Names the encoding that the first bytes suggest. A JSON text starts with
/// an ASCII character, so its first four bytes show where the NUL bytes of
/// a wider encoding fall. Files shorter than four bytes are named only by a
/// byte-order mark, so that a 3-byte `[\0]` stays a syntax error.
fn other_encoding(bytes: &[u8]) -> Option<&'static str> {
    let nul = |index: usize| bytes.get(index) == Some(&0);
    let some = |index: usize| bytes.get(index).is_some_and(|byte| *byte != 0);
    if bytes.starts_with(&[0x00, 0x00, 0xFE, 0xFF]) {
        return Some("UTF-32BE");
    }
    if bytes.starts_with(&[0xFF, 0xFE, 0x00, 0x00]) {
        return Some("UTF-32LE");
    }
    if bytes.starts_with(&[0xFF, 0xFE]) {
        return Some("UTF-16LE");
    }
    if bytes.starts_with(&[0xFE, 0xFF]) {
        return Some("UTF-16BE");
    }
    if bytes.len() < 4 {
        return None;
    }
    match (nul(0), nul(1), nul(2), nul(3)) {
        (true, true, true, false) => Some("UTF-32BE"),
        (false, true, true, true) => Some("UTF-32LE"),
        (true, false, true, false) if some(1) && some(3) => Some("UTF-16BE"),
        (false, true, false, true) if some(0) && some(2) => Some("UTF-16LE"),
        _ => None,
    }
}

fn invalid_utf8(bytes: &[u8], valid_up_to: usize) -> ReadError {
    // The prefix up to `valid_up_to` is valid UTF-8 by definition.
    let prefix = std::str::from_utf8(&bytes[..valid_up_to]).unwrap_or_default();
    ReadError {
        kind: ReadErrorKind::InvalidUtf8,
        position: position_at(prefix, valid_up_to),
    }
}

/// An array or object that is still open.
enum Frame<B: Build> {
    Array(Vec<B::Value>),
    Object(ObjectFrame<B>),
}

/// An open object: its members so far and the key waiting for its value.
struct ObjectFrame<B: Build> {
    object: B::Object,
    pending: Option<(String, usize)>,
}

impl<B: Build> ObjectFrame<B> {
    fn finish_member(&mut self, value: B::Value) {
        if let Some((key, offset)) = self.pending.take() {
            B::insert(&mut self.object, key, offset, value);
        }
    }
}

/// The members of an object that [`Exact`] reads, with the offset of each
/// key.
#[derive(Default)]
struct ExactObject {
    members: Vec<(String, Value)>,
    key_offsets: Vec<usize>,
    index: Option<HashMap<String, usize>>,
}

impl ExactObject {
    /// Returns the byte offset of an earlier member named `key`.
    fn find(&mut self, key: &str) -> Option<usize> {
        if self.index.is_none() && self.members.len() >= INDEX_THRESHOLD {
            let index = self
                .members
                .iter()
                .enumerate()
                .map(|(number, (name, _))| (name.clone(), number))
                .collect();
            self.index = Some(index);
        }
        let number = match &self.index {
            Some(index) => index.get(key).copied(),
            None => self.members.iter().position(|(name, _)| name == key),
        };
        number.map(|number| self.key_offsets[number])
    }

    fn insert(&mut self, key: String, offset: usize, value: Value) {
        if let Some(index) = &mut self.index {
            index.insert(key.clone(), self.members.len());
        }
        self.members.push((key, value));
        self.key_offsets.push(offset);
    }
}

/// The place where a value is expected, for the wording of a syntax error.
#[derive(Clone, Copy)]
enum Context {
    Root,
    FirstItem,
    NextItem,
    MemberValue,
}

/// The next step after a value is complete.
enum Step<V> {
    Done(V),
    NextValue,
    Close,
}

struct Parser<'a, B: Build> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    max_depth: usize,
    stack: Vec<Frame<B>>,
    context: Context,
}

impl<'a, B: Build> Parser<'a, B> {
    fn new(text: &'a str, max_depth: usize) -> Self {
        Parser {
            text,
            bytes: text.as_bytes(),
            pos: 0,
            max_depth,
            stack: Vec::new(),
            context: Context::Root,
        }
    }

    /// Reads one value and checks that only whitespace follows it.
    fn run(mut self) -> Result<B::Value, ReadError> {
        'value: loop {
            let mut value = match self.start_value()? {
                Some(value) => value,
                None => continue 'value,
            };
            loop {
                match self.after_value(value)? {
                    Step::Done(value) => return self.finish(value),
                    Step::NextValue => continue 'value,
                    Step::Close => value = self.close(),
                }
            }
        }
    }

    /// Reads a scalar or opens a container. Returns `None` when a container
    /// was opened and its first value is next.
    fn start_value(&mut self) -> Result<Option<B::Value>, ReadError> {
        self.skip_whitespace();
        let value = match self.peek() {
            Some(b'[') => return self.open_array(),
            Some(b'{') => return self.open_object(),
            Some(b'"') => B::string(self.read_string()?),
            Some(b'-' | b'0'..=b'9') => B::number(self.read_number()?),
            Some(b't') if self.eat_literal("true") => B::bool(true),
            Some(b'f') if self.eat_literal("false") => B::bool(false),
            Some(b'n') if self.eat_literal("null") => B::null(),
            _ => return Err(self.unexpected_value()),
        };
        Ok(Some(value))
    }

    fn open_array(&mut self) -> Result<Option<B::Value>, ReadError> {
        self.push(Frame::Array(Vec::new()))?;
        self.skip_whitespace();
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Ok(Some(self.close()));
        }
        self.context = Context::FirstItem;
        Ok(None)
    }

    fn open_object(&mut self) -> Result<Option<B::Value>, ReadError> {
        self.push(Frame::Object(ObjectFrame {
            object: B::new_object(),
            pending: None,
        }))?;
        self.skip_whitespace();
        match self.peek() {
            Some(b'}') => {
                self.pos += 1;
                Ok(Some(self.close()))
            }
            Some(b'"') => {
                self.read_key()?;
                Ok(None)
            }
            _ => Err(self.syntax_found("expected a string key or '}' after '{'")),
        }
    }

    /// Stores a finished value in its container and reads the separator
    /// that follows.
    fn after_value(&mut self, value: B::Value) -> Result<Step<B::Value>, ReadError> {
        self.skip_whitespace();
        let next = self.peek();
        match self.stack.last_mut() {
            None => Ok(Step::Done(value)),
            Some(Frame::Array(items)) => {
                items.push(value);
                match next {
                    Some(b',') => {
                        self.pos += 1;
                        self.context = Context::NextItem;
                        Ok(Step::NextValue)
                    }
                    Some(b']') => {
                        self.pos += 1;
                        Ok(Step::Close)
                    }
                    _ => Err(self.syntax_found("expected ',' or ']' after an array item")),
                }
            }
            Some(Frame::Object(object)) => {
                object.finish_member(value);
                match next {
                    Some(b',') => {
                        self.pos += 1;
                        self.next_key()?;
                        Ok(Step::NextValue)
                    }
                    Some(b'}') => {
                        self.pos += 1;
                        Ok(Step::Close)
                    }
                    _ => Err(self.syntax_found("expected ',' or '}' after an object member")),
                }
            }
        }
    }

    /// Returns the top-level value unless anything but whitespace follows
    /// it.
    fn finish(self, value: B::Value) -> Result<B::Value, ReadError> {
        if self.pos < self.bytes.len() {
            return Err(self.error(ReadErrorKind::TrailingContent, self.pos));
        }
        Ok(value)
    }

    fn push(&mut self, frame: Frame<B>) -> Result<(), ReadError> {
        if self.stack.len() >= self.max_depth {
            let kind = ReadErrorKind::TooDeep {
                limit: self.max_depth,
            };
            return Err(self.error(kind, self.pos));
        }
        self.stack.push(frame);
        self.pos += 1;
        Ok(())
    }

    fn close(&mut self) -> B::Value {
        match self.stack.pop() {
            Some(Frame::Array(items)) => B::array(items),
            Some(Frame::Object(frame)) => B::object(frame.object),
            None => B::null(),
        }
    }

    fn next_key(&mut self) -> Result<(), ReadError> {
        self.skip_whitespace();
        if self.peek() == Some(b'"') {
            return self.read_key();
        }
        let mut message = "expected a string key after ',' in an object".to_string();
        if self.peek() == Some(b'}') {
            message.push_str(" (trailing commas are not allowed)");
        }
        Err(self.syntax_found(&message))
    }

    /// Reads a key and its colon, rejecting a key that the object already
    /// has.
    fn read_key(&mut self) -> Result<(), ReadError> {
        let offset = self.pos;
        let key = self.read_string()?;
        let Some(Frame::Object(object)) = self.stack.last_mut() else {
            return Ok(());
        };
        if let Some(first) = B::find(&mut object.object, &key) {
            // Without the first key's offset, point at this one; the caller
            // reads the file again to place the first.
            let first = position_at(self.text, first.unwrap_or(offset));
            return Err(self.error(ReadErrorKind::DuplicateKey { key, first }, offset));
        }
        object.pending = Some((key, offset));
        self.skip_whitespace();
        if self.peek() != Some(b':') {
            return Err(self.syntax_found("expected ':' after an object key"));
        }
        self.pos += 1;
        self.context = Context::MemberValue;
        Ok(())
    }

    /// Reads a string starting at its opening quote.
    fn read_string(&mut self) -> Result<String, ReadError> {
        let start = self.pos;
        self.pos += 1;
        let mut decoded = String::new();
        let mut run_start = self.pos;
        loop {
            // Skip the plain characters in one pass; only a quote, a
            // backslash or a control character needs a decision.
            let rest = &self.bytes[self.pos..];
            self.pos += rest
                .iter()
                .position(|byte| matches!(byte, b'"' | b'\\' | 0x00..=0x1F))
                .unwrap_or(rest.len());
            match self.peek() {
                None => return Err(self.unterminated_string(start)),
                Some(b'"') => {
                    decoded.push_str(&self.text[run_start..self.pos]);
                    self.pos += 1;
                    return Ok(decoded);
                }
                Some(b'\\') => {
                    decoded.push_str(&self.text[run_start..self.pos]);
                    decoded.push(self.read_escape()?);
                    run_start = self.pos;
                }
                Some(byte) if byte < 0x20 => return Err(self.control_character()),
                Some(_) => self.pos += 1,
            }
        }
    }

    /// Reads one escape starting at its backslash.
    fn read_escape(&mut self) -> Result<char, ReadError> {
        let start = self.pos;
        let decoded = match self.bytes.get(start + 1) {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => return self.read_unicode_escape(),
            _ => {
                let message = format!(
                    "invalid escape {} in a string (the valid escapes are \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\u followed by 4 hex digits)",
                    describe_escape(self.text, start)
                );
                return Err(self.error(ReadErrorKind::Syntax(message), start));
            }
        };
        self.pos += 2;
        Ok(decoded)
    }

    /// Reads `\uXXXX`, or a surrogate pair of two such escapes. A surrogate
    /// escape that is not part of a pair is rejected, because the string
    /// could not be held as UTF-8.
    fn read_unicode_escape(&mut self) -> Result<char, ReadError> {
        let start = self.pos;
        let unit = self.read_hex4()?;
        if (0xDC00..0xE000).contains(&unit) {
            return Err(self.lone_surrogate(
                start,
                "is a low surrogate without a high surrogate before it",
            ));
        }
        if !(0xD800..0xDC00).contains(&unit) {
            return Ok(char::from_u32(unit).unwrap_or(char::REPLACEMENT_CHARACTER));
        }
        let low_start = self.pos;
        if !self.bytes[low_start..].starts_with(b"\\u") {
            return Err(self.lone_surrogate(
                start,
                "is a high surrogate not followed by a low surrogate escape",
            ));
        }
        let low = self.read_hex4()?;
        if !(0xDC00..0xE000).contains(&low) {
            return Err(self.lone_surrogate(
                start,
                "is a high surrogate not followed by a low surrogate escape",
            ));
        }
        let scalar = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
        Ok(char::from_u32(scalar).unwrap_or(char::REPLACEMENT_CHARACTER))
    }

    /// Reads `\u` and four hex digits, leaving `pos` after them.
    fn read_hex4(&mut self) -> Result<u32, ReadError> {
        let digits_start = self.pos + 2;
        let mut unit = 0;
        for index in 0..4 {
            let offset = digits_start + index;
            let digit = self
                .bytes
                .get(offset)
                .and_then(|byte| (*byte as char).to_digit(16));
            match digit {
                Some(digit) => unit = unit * 16 + digit,
                None => {
                    let message = format!(
                        "expected 4 hex digits after \\u, found {}",
                        describe(self.text, offset)
                    );
                    return Err(self.error(ReadErrorKind::Syntax(message), offset));
                }
            }
        }
        self.pos = digits_start + 4;
        Ok(unit)
    }

    /// Reads a number as RFC 8259 defines it and returns its text.
    fn read_number(&mut self) -> Result<&'a str, ReadError> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.peek() {
            Some(b'0') => {
                self.pos += 1;
                if self.peek().is_some_and(|byte| byte.is_ascii_digit()) {
                    let message = format!(
                        "leading zeros are not allowed in numbers, found {}",
                        describe(self.text, start)
                    );
                    return Err(self.error(ReadErrorKind::Syntax(message), start));
                }
            }
            Some(b'1'..=b'9') => self.skip_digits(),
            _ => return Err(self.syntax_found("expected a digit after '-' in a number")),
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            self.expect_digits("expected a digit after the decimal point in a number")?;
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.pos += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            self.expect_digits("expected a digit in the exponent of a number")?;
        }
        Ok(&self.text[start..self.pos])
    }

    fn expect_digits(&mut self, message: &str) -> Result<(), ReadError> {
        if !self.peek().is_some_and(|byte| byte.is_ascii_digit()) {
            return Err(self.syntax_found(message));
        }
        self.skip_digits();
        Ok(())
    }

    fn skip_digits(&mut self) {
        while self.peek().is_some_and(|byte| byte.is_ascii_digit()) {
            self.pos += 1;
        }
    }

    fn eat_literal(&mut self, literal: &str) -> bool {
        let found = self.bytes[self.pos..].starts_with(literal.as_bytes());
        if found {
            self.pos += literal.len();
        }
        found
    }

    /// Skips the four whitespace characters of RFC 8259: space, tab, LF
    /// and CR.
    fn skip_whitespace(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn error(&self, kind: ReadErrorKind, offset: usize) -> ReadError {
        ReadError {
            kind,
            position: position_at(self.text, offset),
        }
    }

    /// A syntax error at `pos` that names what was found there.
    fn syntax_found(&self, expected: &str) -> ReadError {
        let found = describe(self.text, self.pos);
        let mut message = format!("{expected}, found {found}");
        message.push_str(hint(self.peek()));
        self.error(ReadErrorKind::Syntax(message), self.pos)
    }

    fn unexpected_value(&self) -> ReadError {
        let expected = match self.context {
            Context::Root if self.text.trim_matches([' ', '\t', '\n', '\r']).is_empty() => {
                "expected a JSON value (the file is empty)"
            }
            Context::Root => "expected a JSON value",
            Context::FirstItem => "expected a value or ']' after '['",
            Context::NextItem if self.peek() == Some(b']') => {
                "expected a value after ',' in an array (trailing commas are not allowed)"
            }
            Context::NextItem => "expected a value after ',' in an array",
            Context::MemberValue => "expected a value after ':' in an object",
        };
        self.syntax_found(expected)
    }

    fn unterminated_string(&self, start: usize) -> ReadError {
        let opening = position_at(self.text, start);
        let message = format!(
            "expected '\"' to close the string that starts at line {}, column {}, found the end of the file",
            opening.line, opening.column
        );
        self.error(ReadErrorKind::Syntax(message), self.pos)
    }

    fn control_character(&self) -> ReadError {
        let byte = self.bytes[self.pos];
        let escape = match byte {
            b'\n' => "\\n".to_string(),
            b'\r' => "\\r".to_string(),
            b'\t' => "\\t".to_string(),
            _ => format!("\\u{byte:04X}"),
        };
        let message =
            format!("control character U+{byte:04X} in a string must be escaped (write {escape})");
        self.error(ReadErrorKind::Syntax(message), self.pos)
    }

    fn lone_surrogate(&self, start: usize, problem: &str) -> ReadError {
        let escape = &self.text[start..start + 6];
        let message = format!(
            "invalid surrogate escape {escape}: it {problem}, so the string is not valid Unicode"
        );
        self.error(ReadErrorKind::Syntax(message), start)
    }
}

/// A hint for a character that users often write by habit from other
/// formats.
fn hint(found: Option<u8>) -> &'static str {
    match found {
        Some(b'/' | b'#') => " (comments are not allowed in JSON)",
        Some(b'\'') => " (strings take double quotes)",
        _ => "",
    }
}

/// Names the character at `offset` for an error message: a quoted word or
/// character, a named whitespace or control character, or the end of the
/// file.
pub(super) fn describe(text: &str, offset: usize) -> String {
    let rest = text.get(offset..).unwrap_or("");
    let Some(first) = rest.chars().next() else {
        return "the end of the file".to_string();
    };
    if first.is_ascii_alphanumeric() || first == '-' || first == '+' || first == '.' {
        let word: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '+' | '.' | '_'))
            .take(24)
            .collect();
        return format!("'{word}'");
    }
    match first {
        ' ' => "a space".to_string(),
        '\t' => "a tab".to_string(),
        '\n' => "a line break".to_string(),
        '\r' => "a carriage return".to_string(),
        c if c.is_ascii_graphic() => format!("'{c}'"),
        c if c.is_control() || c.is_whitespace() => format!("U+{:04X}", c as u32),
        c => format!("'{c}' (U+{:04X})", c as u32),
    }
}

/// Quotes a backslash and the character after it.
fn describe_escape(text: &str, offset: usize) -> String {
    let rest = text.get(offset + 1..).unwrap_or("");
    match rest.chars().next() {
        None => "'\\' at the end of the file".to_string(),
        Some(c) if c.is_control() => format!("'\\' followed by U+{:04X}", c as u32),
        Some(c) => format!("'\\{c}'"),
    }
}

#[cfg(test)]
mod tests;
