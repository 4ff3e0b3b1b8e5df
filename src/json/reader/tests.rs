//! Unit tests of the strict reader.

use proptest::prelude::*;

use crate::json::{parse, Limits, Position, ReadError, ReadErrorKind, Value, DEFAULT_LIMITS};

fn read(text: &str) -> Result<Value, ReadError> {
    parse(text.as_bytes(), &DEFAULT_LIMITS)
}

fn error(bytes: &[u8]) -> ReadError {
    match parse(bytes, &DEFAULT_LIMITS) {
        Ok(value) => panic!("expected an error, read {value:?}"),
        Err(error) => error,
    }
}

fn syntax_message(text: &str) -> String {
    match error(text.as_bytes()).kind {
        ReadErrorKind::Syntax(message) => message,
        other => panic!("expected a syntax error, got {other:?}"),
    }
}

fn at(line: usize, column: usize, offset: usize) -> Position {
    Position {
        line,
        column,
        offset,
    }
}

#[test]
fn reads_every_kind_of_value() {
    let value = read(r#"{"a": [1, -2.5e+3, true, false, null, "x"], "b": {}}"#).unwrap();
    let a = value.get("a").unwrap();
    let Value::Array(items) = a else {
        panic!("expected an array, got {a:?}");
    };
    assert_eq!(items.len(), 6);
    assert_eq!(
        items[1],
        Value::Number(crate::json::Number::from_text("-2.5e+3"))
    );
    assert_eq!(items[2], Value::Bool(true));
    assert_eq!(items[4], Value::Null);
    assert_eq!(items[5].as_str(), Some("x"));
    assert_eq!(value.get("b"), Some(&Value::Object(Default::default())));
}

#[test]
fn numbers_keep_their_text() {
    for text in [
        "9223372036854775807",
        "117.63331139400017",
        "1.0",
        "-0",
        "1E400",
        "0e+1",
        "-123456789012345678901234567890",
    ] {
        let value = read(&format!("[{text}]")).unwrap();
        let Value::Array(items) = value else {
            panic!("expected an array");
        };
        let Value::Number(number) = &items[0] else {
            panic!("expected a number");
        };
        assert_eq!(number.as_str(), text);
    }
}

#[test]
fn keys_keep_their_order() {
    let value = read(r#"{"z": 1, "a": 2, "m": 3}"#).unwrap();
    let Value::Object(map) = value else {
        panic!("expected an object");
    };
    let keys: Vec<&str> = map.iter().map(|(key, _)| key.as_str()).collect();
    assert_eq!(keys, ["z", "a", "m"]);
}

#[test]
fn strings_decode_escapes() {
    let value = read(r#""a\"b\\c\/d\b\f\n\r\t\u00e9\ud834\udd1e""#).unwrap();
    assert_eq!(value.as_str(), Some("a\"b\\c/d\u{8}\u{c}\n\r\té\u{1D11E}"));
}

#[test]
fn duplicate_key_points_at_second() {
    let error = error(br#"{"id": "alpha", "title": "A", "id": "beta"}"#);
    assert_eq!(error.position, at(1, 31, 30));
    assert_eq!(
        error.kind,
        ReadErrorKind::DuplicateKey {
            key: "id".to_string(),
            first: at(1, 2, 1),
        }
    );
    assert_eq!(
        error.to_string(),
        "has the key \"id\" twice in one object (first at line 1, column 2) at line 1, column 31"
    );
}

#[test]
fn duplicate_key_nested_on_later_lines() {
    let text = "{\n  \"a\": {\n    \"b\": [{\"k\": 1,\n      \"k\": 2}]\n  }\n}\n";
    let error = error(text.as_bytes());
    assert_eq!(error.position.line, 4);
    assert_eq!(error.position.column, 7);
    let ReadErrorKind::DuplicateKey { key, first } = error.kind else {
        panic!("expected a duplicate key");
    };
    assert_eq!(key, "k");
    assert_eq!((first.line, first.column), (3, 12));
}

#[test]
fn duplicate_key_in_large_object() {
    let mut text = String::from("{");
    for number in 0..100 {
        text.push_str(&format!("\"k{number}\": {number}, "));
    }
    text.push_str("\"k42\": 0}");
    let ReadErrorKind::DuplicateKey { key, .. } = error(text.as_bytes()).kind else {
        panic!("expected a duplicate key");
    };
    assert_eq!(key, "k42");
}

#[test]
fn same_key_in_sibling_objects_is_fine() {
    assert!(read(r#"[{"id": 1}, {"id": 2}]"#).is_ok());
}

#[test]
fn duplicate_key_compares_decoded_text() {
    let kind = error(br#"{"a": 1, "\u0061": 2}"#).kind;
    assert!(
        matches!(kind, ReadErrorKind::DuplicateKey { .. }),
        "{kind:?}"
    );
}

#[test]
fn byte_order_mark_rejected() {
    let error = error(b"\xEF\xBB\xBF{\"a\": 1}");
    assert_eq!(error.kind, ReadErrorKind::ByteOrderMark);
    assert_eq!(error.position, at(1, 1, 0));
    assert!(error
        .to_string()
        .starts_with("starts with a UTF-8 byte-order mark"));
}

#[test]
fn wider_encodings_are_named() {
    let cases: [(&[u8], &str); 8] = [
        (b"\xFF\xFE{\x00}\x00", "UTF-16LE"),
        (b"\xFE\xFF\x00{\x00}", "UTF-16BE"),
        (b"{\x00}\x00", "UTF-16LE"),
        (b"\x00{\x00}", "UTF-16BE"),
        (b"\xFF\xFE\x00\x00{\x00\x00\x00", "UTF-32LE"),
        (b"\x00\x00\xFE\xFF\x00\x00\x00{", "UTF-32BE"),
        (b"{\x00\x00\x00}\x00\x00\x00", "UTF-32LE"),
        (b"\x00\x00\x00{\x00\x00\x00}", "UTF-32BE"),
    ];
    for (bytes, name) in cases {
        let error = error(bytes);
        assert_eq!(
            error.kind,
            ReadErrorKind::NotUtf8 {
                encoding: Some(name)
            },
            "{bytes:?}"
        );
    }
    let message = error(b"\xFF\xFE[\x00]\x00").to_string();
    assert!(
        message.starts_with("is not UTF-8 (it looks like UTF-16LE)"),
        "{message}"
    );
}

#[test]
fn short_nul_file_is_syntax() {
    let kind = error(b"[\x00]").kind;
    assert!(matches!(kind, ReadErrorKind::Syntax(_)), "{kind:?}");
}

#[test]
fn invalid_utf8_at_first_bad_byte() {
    let error = error(b"{\n  \"a\": \"\xC3\xA9\xE9\"\n}");
    assert_eq!(error.kind, ReadErrorKind::InvalidUtf8);
    assert_eq!(error.position, at(2, 10, 12));
}

#[test]
fn too_large_before_anything_else() {
    let limits = Limits {
        max_depth: 128,
        max_bytes: 4,
    };
    let error = parse(b"\xEF\xBB\xBF[1]", &limits).unwrap_err();
    assert_eq!(error.kind, ReadErrorKind::TooLarge { size: 6, limit: 4 });
}

#[test]
fn depth_limit_is_inclusive() {
    let ok = format!("{}{}", "[".repeat(128), "]".repeat(128));
    assert!(read(&ok).is_ok());
    let deep = format!("{}{}", "[".repeat(129), "]".repeat(129));
    let error = error(deep.as_bytes());
    assert_eq!(error.kind, ReadErrorKind::TooDeep { limit: 128 });
    assert_eq!(error.position, at(1, 129, 128));
}

#[test]
fn hundred_thousand_brackets_in_description() {
    let text = format!(
        "{{\n  \"id\": \"x\",\n  \"description\": {}{}\n}}\n",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let error = error(text.as_bytes());
    assert_eq!(error.kind, ReadErrorKind::TooDeep { limit: 128 });
    // The object is level 1, so the 128th bracket opens level 129.
    assert_eq!(error.position.line, 3);
    assert_eq!(error.position.column, 18 + 127);
    assert!(
        error
            .to_string()
            .starts_with("is nested deeper than 128 levels"),
        "{error}"
    );
}

#[test]
fn unclosed_brackets_do_not_overflow() {
    let text = "[".repeat(1_000_000);
    let limits = Limits {
        max_depth: usize::MAX,
        max_bytes: usize::MAX,
    };
    let error = parse(text.as_bytes(), &limits).unwrap_err();
    assert!(matches!(error.kind, ReadErrorKind::Syntax(_)));
}

#[test]
fn trailing_content_rejected() {
    let trailing = error(b"{\"a\": 1}\n}");
    assert_eq!(trailing.kind, ReadErrorKind::TrailingContent);
    assert_eq!(trailing.position, at(2, 1, 9));
    assert!(read("{}\n\n  ").is_ok());
    assert_eq!(
        error(b"[1] // comment").kind,
        ReadErrorKind::TrailingContent
    );
}

#[test]
fn syntax_messages_name_what_was_found() {
    let cases = [
        (r#"{"a": 1]"#, "expected ',' or '}' after an object member, found ']'"),
        ("[1 2]", "expected ',' or ']' after an array item, found '2'"),
        ("[1,]", "expected a value after ',' in an array (trailing commas are not allowed), found ']'"),
        (r#"{"a": 1,}"#, "expected a string key after ',' in an object (trailing commas are not allowed), found '}'"),
        (r#"{"a" 1}"#, "expected ':' after an object key, found '1'"),
        ("{a: 1}", "expected a string key or '}' after '{', found 'a'"),
        ("[01]", "leading zeros are not allowed in numbers, found '01'"),
        ("[-]", "expected a digit after '-' in a number, found ']'"),
        ("[1.]", "expected a digit after the decimal point in a number, found ']'"),
        ("[1e+]", "expected a digit in the exponent of a number, found ']'"),
        ("[True]", "expected a value or ']' after '[', found 'True'"),
        ("", "expected a JSON value (the file is empty), found the end of the file"),
        ("  \n", "expected a JSON value (the file is empty), found the end of the file"),
        ("{\"a\": 1 /* c */}", "expected ',' or '}' after an object member, found '/' (comments are not allowed in JSON)"),
        ("['a']", "expected a value or ']' after '[', found ''' (strings take double quotes)"),
        ("[\u{c}]", "expected a value or ']' after '[', found U+000C"),
        ("\"\\x\"", "invalid escape '\\x' in a string (the valid escapes are \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\u followed by 4 hex digits)"),
        ("\"\\u12\"", "expected 4 hex digits after \\u, found '\"'"),
        ("\"a\tb\"", "control character U+0009 in a string must be escaped (write \\t)"),
        ("\"\\uD800\"", "invalid surrogate escape \\uD800: it is a high surrogate not followed by a low surrogate escape, so the string is not valid Unicode"),
        ("\"\\uDC00\"", "invalid surrogate escape \\uDC00: it is a low surrogate without a high surrogate before it, so the string is not valid Unicode"),
        ("\"\\uD800\\u0041\"", "invalid surrogate escape \\uD800: it is a high surrogate not followed by a low surrogate escape, so the string is not valid Unicode"),
        ("\n  \"abc", "expected '\"' to close the string that starts at line 2, column 3, found the end of the file"),
    ];
    for (text, expected) in cases {
        assert_eq!(syntax_message(text), expected, "for {text:?}");
    }
}

#[test]
fn syntax_error_positions_count_characters() {
    let error = error("{\"é\": 1,\r\n \"ü\" 2}".as_bytes());
    assert_eq!(error.position, at(2, 6, 17));
}

#[test]
fn positions_after_each_line_break() {
    let text = "a\nb\r\nc\rd";
    assert_eq!(crate::json::position_at(text, 2), at(2, 1, 2));
    assert_eq!(crate::json::position_at(text, 5), at(3, 1, 5));
    assert_eq!(crate::json::position_at(text, 7), at(4, 1, 7));
    // The LF of a CR LF still belongs to the line the CR ends.
    assert_eq!(crate::json::position_at(text, 4), at(2, 3, 4));
    // Past the end or inside a character moves back to a boundary.
    assert_eq!(crate::json::position_at(text, 99), at(4, 2, 8));
    assert_eq!(crate::json::position_at("é", 1), at(1, 1, 0));
}

#[test]
fn only_four_whitespace_characters() {
    for text in ["[\u{b}1]", "[\u{a0}1]", "[\u{2060}1]"] {
        assert!(read(text).is_err(), "{text:?}");
    }
    assert!(read(" \t\r\n[ \t\r\n1 \t\r\n] \t\r\n").is_ok());
}

fn sample_documents() -> Vec<&'static str> {
    vec![
        r#"{"$schema": "../../schemas/entry.schema.json", "id": "x", "fits": {"roles": ["a", "b"]}, "n": [1, -0.5e3, true, null]}"#,
        "[\"\\u00e9\\ud834\\udd1e\", {\"a\": {\"b\": [[], {}]}}]",
        "{\n  \"a\": \"line\\nbreak\",\r\n  \"b\": 9223372036854775807\n}\n",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let _ = parse(&bytes, &DEFAULT_LIMITS);
    }

    #[test]
    fn mutated_json_never_panics(
        document in 0..3usize,
        edits in proptest::collection::vec((any::<usize>(), any::<u8>(), 0..3u8), 1..8),
    ) {
        let mut bytes = sample_documents()[document].as_bytes().to_vec();
        for (place, byte, action) in edits {
            let index = place % (bytes.len() + 1);
            match action {
                0 => bytes.insert(index, byte),
                1 if index < bytes.len() => { bytes.remove(index); }
                _ if index < bytes.len() => bytes[index] = byte,
                _ => bytes.push(byte),
            }
        }
        let exact = parse(&bytes, &DEFAULT_LIMITS);
        if let Err(error) = &exact {
            prop_assert!(error.position.offset <= bytes.len());
            prop_assert!(error.position.line >= 1);
            prop_assert!(error.position.column >= 1);
        }
        // Both builders share one parser, so they agree on every input.
        let direct = super::parse_serde(&bytes, &DEFAULT_LIMITS);
        prop_assert_eq!(direct, exact.map(|value| value.to_serde()));
    }

    #[test]
    fn valid_documents_read_back(document in 0..3usize) {
        prop_assert!(read(sample_documents()[document]).is_ok());
    }
}
