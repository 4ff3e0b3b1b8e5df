//! Unit tests of pointer-to-position mapping.

use crate::json::{locate, Position};

const ENTRY: &str = "{\n  \"$schema\": \"../../schemas/entry.schema.json\",\n  \"id\": \"impact-debriefing\",\n  \"fits\": {\n    \"roles\": [\"navigator\", \"educator\"],\n    \"a/b\": {\"c~d\": 5}\n  },\n  \"sources\": [\n    {\"title\": \"T\", \"url\": \"not a uri\"}\n  ]\n}\n";

fn line_column(pointer: &str, key: bool) -> Option<(usize, usize)> {
    locate(ENTRY, pointer, key).map(|position| (position.line, position.column))
}

#[test]
fn root_is_first_value() {
    assert_eq!(
        locate(ENTRY, "", false),
        Some(Position {
            line: 1,
            column: 1,
            offset: 0
        })
    );
    assert_eq!(line_column("", true), Some((1, 1)));
}

#[test]
fn member_value_and_key() {
    assert_eq!(line_column("/id", false), Some((3, 9)));
    assert_eq!(line_column("/id", true), Some((3, 3)));
}

#[test]
fn nested_members_and_items() {
    assert_eq!(line_column("/fits/roles/1", false), Some((5, 28)));
    assert_eq!(line_column("/sources/0/url", false), Some((9, 27)));
    assert_eq!(line_column("/sources/0/url", true), Some((9, 20)));
}

#[test]
fn item_key_is_the_item() {
    assert_eq!(line_column("/fits/roles/0", true), Some((5, 15)));
}

#[test]
fn escaped_tokens() {
    assert_eq!(line_column("/fits/a~1b/c~0d", false), Some((6, 20)));
    assert_eq!(line_column("/fits/a~1b", true), Some((6, 5)));
}

#[test]
fn missing_or_malformed_is_none() {
    for pointer in [
        "/nope",
        "/fits/roles/2",
        "/fits/roles/-",
        "/fits/roles/01",
        "/id/0",
        "id",
        "/fits/a~2b",
    ] {
        assert_eq!(locate(ENTRY, pointer, false), None, "{pointer}");
    }
}

#[test]
fn escaped_key_in_text() {
    let text = r#"{"a\u0062": 1, "x\"y": [true]}"#;
    assert_eq!(locate(text, "/ab", false).map(|p| p.offset), Some(12));
    assert_eq!(locate(text, "/x\"y/0", false).map(|p| p.offset), Some(24));
}

#[test]
fn skips_deep_and_tricky_values() {
    let text = format!(
        "{{\"deep\": {}{}, \"s\": \"]}}[{{\\\"\", \"t\": 1}}",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    let position = locate(&text, "/t", false).unwrap();
    assert_eq!(&text[position.offset..position.offset + 1], "1");
}

#[test]
fn counts_characters_after_crlf() {
    let text = "{\r\n  \"é\": 1,\r\n  \"b\": 2\r\n}";
    assert_eq!(
        locate(text, "/b", false),
        Some(Position {
            line: 3,
            column: 8,
            offset: 22
        })
    );
}

#[test]
fn byte_order_mark_skipped() {
    let text = "\u{FEFF}{\"a\": 1}";
    assert_eq!(
        locate(text, "/a", false).map(|p| (p.line, p.column)),
        Some((1, 8))
    );
}

#[test]
fn invalid_text_is_none_not_panic() {
    for text in [
        "",
        "{",
        "{\"a\"",
        "{\"a\": ",
        "[1,",
        "{\"a\": 1 \"b\": 2}",
        "\"\\",
    ] {
        let _ = locate(text, "/a", false);
        let _ = locate(text, "/b", true);
        let _ = locate(text, "/0", false);
    }
}

#[test]
fn one_mebibyte_file() {
    let mut text = String::from("{\"items\": [");
    while text.len() < 1024 * 1024 {
        text.push_str("{\"k\": \"value with \\\"quotes\\\"\", \"n\": [1, 2, 3]}, ");
    }
    text.push_str("{\"last\": true}]}");
    let position = locate(&text, "/items", false).unwrap();
    assert_eq!(position.offset, 10);
    let count = text.matches("\"k\"").count();
    let last = locate(&text, &format!("/items/{count}/last"), false).unwrap();
    assert_eq!(&text[last.offset..last.offset + 4], "true");
}

proptest::proptest! {
    #[test]
    fn arbitrary_text_never_panics(
        text in "[\\[\\]{}\",:a-c0-9\\\\ ~/é]{0,64}",
        pointer in "(/[a-c0-9~/]{0,3}){0,4}",
        key in proptest::bool::ANY,
    ) {
        if let Some(position) = locate(&text, &pointer, key) {
            proptest::prop_assert!(position.offset < text.len());
        }
    }
}
