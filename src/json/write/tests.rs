//! Unit tests of the canonical writer.

use crate::json::{parse, to_canonical, KeyOrder, Value, DEFAULT_LIMITS};

fn read(text: &str) -> Value {
    parse(text.as_bytes(), &DEFAULT_LIMITS).unwrap()
}

fn order(keys: &[&str]) -> KeyOrder {
    let mut order = KeyOrder::new();
    for key in keys {
        order.push_key(key);
    }
    order
}

#[test]
fn layout_matches_serde_json_pretty() {
    // serde_json's map sorts keys, so the sample lists them sorted.
    let text = r#"{"a": [], "b": {}, "c": [1, [2, {"d": null}], true], "e": "q\"\\\n\r\t\b\f\u0001\u001f\u007f/é😀\u2028", "f": {"g": -3}}"#;
    let ours = to_canonical(&read(text), &KeyOrder::new());
    let theirs: serde_json::Value = serde_json::from_str(text).unwrap();
    let expected = serde_json::to_string_pretty(&theirs).unwrap() + "\n";
    assert_eq!(ours, expected);
}

#[test]
fn empty_order_keeps_written_order() {
    let text = "{\n  \"z\": 1,\n  \"a\": {\n    \"y\": 2,\n    \"b\": 3\n  }\n}\n";
    assert_eq!(to_canonical(&read(text), &KeyOrder::new()), text);
}

#[test]
fn listed_keys_first_then_rest() {
    let value = read(r#"{"extra": 0, "title": "T", "id": "x", "other": 1, "$schema": "s"}"#);
    let text = to_canonical(&value, &order(&["$schema", "id", "title"]));
    assert_eq!(
        text,
        "{\n  \"$schema\": \"s\",\n  \"id\": \"x\",\n  \"title\": \"T\",\n  \"extra\": 0,\n  \"other\": 1\n}\n"
    );
}

#[test]
fn nested_and_item_orders() {
    let mut root = order(&["fits", "sources"]);
    root.member_mut("fits")
        .merge(&order(&["roles", "intensities"]));
    root.member_mut("sources")
        .items_mut()
        .merge(&order(&["title", "url", "kind"]));
    let value = read(
        r#"{"sources": [{"kind": "k", "url": "u", "title": "t"}], "fits": {"intensities": [], "roles": ["a"]}}"#,
    );
    let text = to_canonical(&value, &root);
    let expected = "{\n  \"fits\": {\n    \"roles\": [\n      \"a\"\n    ],\n    \"intensities\": []\n  },\n  \"sources\": [\n    {\n      \"title\": \"t\",\n      \"url\": \"u\",\n      \"kind\": \"k\"\n    }\n  ]\n}\n";
    assert_eq!(text, expected);
}

#[test]
fn numbers_written_as_read() {
    let text =
        "[\n  9223372036854775807,\n  117.63331139400017,\n  1.0,\n  -0,\n  1E400,\n  2e-5\n]\n";
    assert_eq!(to_canonical(&read(text), &KeyOrder::new()), text);
}

#[test]
fn scalars_at_top_level() {
    assert_eq!(to_canonical(&read("  true "), &KeyOrder::new()), "true\n");
    assert_eq!(
        to_canonical(&read("\"\\u00e9\""), &KeyOrder::new()),
        "\"é\"\n"
    );
}

#[test]
fn merge_appends_unlisted_keys() {
    let mut first = order(&["a", "b"]);
    first.merge(&order(&["b", "c"]));
    assert_eq!(first.keys(), ["a", "b", "c"]);
}

fn arbitrary_value() -> impl proptest::strategy::Strategy<Value = Value> {
    use proptest::prelude::*;
    let number = "-?(0|[1-9][0-9]{0,20})(\\.[0-9]{1,10})?([eE][+-]?[0-9]{1,3})?"
        .prop_map(|text| Value::Number(crate::json::Number::from_text(text)));
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        number,
        any::<String>().prop_map(Value::String),
    ];
    leaf.prop_recursive(6, 64, 8, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            proptest::collection::btree_map(any::<String>(), inner, 0..6)
                .prop_map(|members| Value::Object(crate::json::Map(members.into_iter().collect()))),
        ]
    })
}

proptest::proptest! {
    #[test]
    fn canonical_text_reads_back(value in arbitrary_value()) {
        let text = to_canonical(&value, &KeyOrder::new());
        let read_back = parse(text.as_bytes(), &DEFAULT_LIMITS);
        proptest::prop_assert_eq!(read_back.as_ref(), Ok(&value));
        proptest::prop_assert_eq!(to_canonical(&read_back.unwrap(), &KeyOrder::new()), text);
    }
}
