//! Unit tests of key orders and the reasons a file differs.

use crate::catalogue::FileKind;
use crate::format::{differences, KeyOrders, Reason};
use crate::json::{parse, ReadErrorKind, Value, DEFAULT_LIMITS};

fn read(text: &str) -> Value {
    parse(text.as_bytes(), &DEFAULT_LIMITS).unwrap()
}

const COMMON: &str = r##"{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "$id": "https://peerkit.github.io/peerkit/schemas/common.schema.json",
  "$defs": {
    "source": {
      "type": "object",
      "properties": {"title": {}, "url": {}, "kind": {}}
    },
    "fits": {
      "type": "object",
      "properties": {"roles": {}, "intensities": {}, "readiness": {}}
    }
  }
}"##;

const ENTRY: &str = r##"{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "$id": "https://peerkit.github.io/peerkit/schemas/entry.schema.json",
  "type": "object",
  "properties": {
    "$schema": {},
    "id": {},
    "title": {},
    "baseline": {"$ref": "#/$defs/baseline"},
    "fits": {"$ref": "common.schema.json#/$defs/fits"},
    "sources": {"type": "array", "items": {"$ref": "https://peerkit.github.io/peerkit/schemas/common.schema.json#/$defs/source"}},
    "last_reviewed": {}
  },
  "$defs": {
    "baseline": {
      "properties": {"required": {}, "condition": {"$ref": "#/$defs/condition"}}
    },
    "condition": {
      "allOf": [{"properties": {"text": {}}}, {"properties": {"roles": {}, "intensities": {}}}]
    },
    "loop": {"$ref": "#/$defs/loop"}
  }
}"##;

fn orders() -> KeyOrders {
    KeyOrders::from_schemas(&[
        ("common.schema.json".to_string(), read(COMMON)),
        ("entry.schema.json".to_string(), read(ENTRY)),
    ])
}

#[test]
fn entry_keys_follow_schema() {
    let value = read(
        r#"{"zzz": 1, "last_reviewed": "2026-01-01", "sources": [{"kind": "k", "title": "t", "url": "u"}], "fits": {"readiness": [], "roles": []}, "baseline": {"condition": {"intensities": [], "text": "x"}, "required": true}, "title": "T", "id": "a", "$schema": "s"}"#,
    );
    let text = orders().canonical_text(Some(FileKind::Entry), &value);
    let expected = r#"{
  "$schema": "s",
  "id": "a",
  "title": "T",
  "baseline": {
    "required": true,
    "condition": {
      "text": "x",
      "intensities": []
    }
  },
  "fits": {
    "roles": [],
    "readiness": []
  },
  "sources": [
    {
      "title": "t",
      "url": "u",
      "kind": "k"
    }
  ],
  "last_reviewed": "2026-01-01",
  "zzz": 1
}
"#;
    assert_eq!(text, expected);
}

#[test]
fn unknown_kind_puts_schema_first_only() {
    let value = read(r#"{"b": 1, "a": 2, "$schema": "x"}"#);
    let text = orders().canonical_text(None, &value);
    assert_eq!(
        text,
        "{\n  \"$schema\": \"x\",\n  \"b\": 1,\n  \"a\": 2\n}\n"
    );
    let gap = orders().canonical_text(Some(FileKind::Gap), &value);
    assert_eq!(gap, text);
}

#[test]
fn self_reference_terminates() {
    let schema =
        read(r##"{"$ref": "#/$defs/a", "$defs": {"a": {"$ref": "#", "properties": {"x": {}}}}}"##);
    let orders = KeyOrders::from_schemas(&[("entry.schema.json".to_string(), schema)]);
    let keys = orders.order(Some(FileKind::Entry)).keys().to_vec();
    assert_eq!(keys, ["$schema", "x"]);
}

#[test]
fn canonical_file_has_no_reasons() {
    let text = "{\n  \"a\": [\n    1\n  ]\n}\n";
    assert_eq!(differences(text.as_bytes(), text), Vec::<Reason>::new());
}

#[test]
fn each_reason_alone() {
    let canonical = "{\n  \"a\": \"é\",\n  \"b\": 1\n}\n";
    let cases: [(&[u8], Reason); 6] = [
        (
            b"\xEF\xBB\xBF{\n  \"a\": \"\xC3\xA9\",\n  \"b\": 1\n}\n",
            Reason::ByteOrderMark,
        ),
        (
            b"{\r\n  \"a\": \"\xC3\xA9\",\r\n  \"b\": 1\r\n}\r\n",
            Reason::CrlfLineEndings,
        ),
        (
            b"{\n  \"a\": \"\xC3\xA9\",\n  \"b\": 1\n}",
            Reason::NoFinalNewline,
        ),
        (
            b"{\n  \"b\": 1,\n  \"a\": \"\xC3\xA9\"\n}\n",
            Reason::KeyOrder,
        ),
        (b"{\"a\": \"\xC3\xA9\", \"b\": 1}\n", Reason::Whitespace),
        (
            b"{\n  \"a\": \"\\u00e9\",\n  \"b\": 1\n}\n",
            Reason::StringEscapes,
        ),
    ];
    for (original, reason) in cases {
        let mut order = crate::json::KeyOrder::new();
        order.push_key("a");
        let value = parse(
            original.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(original),
            &DEFAULT_LIMITS,
        )
        .unwrap();
        assert_eq!(crate::json::to_canonical(&value, &order), canonical);
        assert_eq!(differences(original, canonical), vec![reason], "{reason:?}");
    }
}

#[test]
fn several_reasons_together() {
    let canonical = "{\n  \"a\": \"é\",\n  \"b\": 1\n}\n";
    let original = b"{\"b\": 1,\r\n \"a\": \"\\u00e9\"}";
    assert_eq!(
        differences(original, canonical),
        [
            Reason::CrlfLineEndings,
            Reason::NoFinalNewline,
            Reason::KeyOrder,
            Reason::StringEscapes,
            Reason::Whitespace
        ]
    );
}

#[test]
fn reasons_read_as_documented() {
    assert_eq!(Reason::CrlfLineEndings.to_string(), "CRLF line endings");
    assert_eq!(
        Reason::ByteOrderMark.to_string(),
        "starts with a byte-order mark"
    );
    assert_eq!(Reason::NoFinalNewline.to_string(), "no final newline");
    assert_eq!(Reason::KeyOrder.to_string(), "key order");
    assert_eq!(Reason::Whitespace.to_string(), "indentation or spacing");
}

#[test]
fn format_bytes_drops_mark() {
    let formatted = orders()
        .format_bytes(None, b"\xEF\xBB\xBF{\"a\": 1}\n")
        .unwrap();
    assert_eq!(formatted.text, "{\n  \"a\": 1\n}\n");
    assert_eq!(
        formatted.reasons,
        [Reason::ByteOrderMark, Reason::Whitespace]
    );
}

#[test]
fn format_bytes_keeps_other_errors() {
    let error = orders()
        .format_bytes(None, b"\xEF\xBB\xBF{\"a\": 1,}")
        .unwrap_err();
    assert!(matches!(error.kind, ReadErrorKind::Syntax(_)));
    assert_eq!(error.position.column, 10);
    assert_eq!(error.position.offset, 11);
}
