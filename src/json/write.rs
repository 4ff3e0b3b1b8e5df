//! The canonical writer: 2-space indentation, one member or item per line,
//! keys in a given order, numbers as written, minimal string escapes.

use std::collections::HashMap;
use std::fmt::Write as _;

use super::{Map, Value};

/// The order of keys in an object and in the values nested in it, as a
/// schema lists them. Keys it does not list keep their order after the
/// listed ones, and an empty order keeps every object as written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KeyOrder {
    keys: Vec<String>,
    members: HashMap<String, KeyOrder>,
    items: Option<Box<KeyOrder>>,
}

impl KeyOrder {
    /// Creates an order that keeps every object as written.
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends `key` to the listed keys unless it is listed already.
    pub fn push_key(&mut self, key: &str) {
        if !self.keys.iter().any(|listed| listed == key) {
            self.keys.push(key.to_string());
        }
    }

    /// Returns the listed keys, in order.
    pub fn keys(&self) -> &[String] {
        &self.keys
    }

    /// Returns the order for the value of member `key`.
    pub fn member(&self, key: &str) -> Option<&KeyOrder> {
        self.members.get(key)
    }

    /// Returns the order for the value of member `key`, created empty if
    /// missing.
    pub fn member_mut(&mut self, key: &str) -> &mut KeyOrder {
        self.members.entry(key.to_string()).or_default()
    }

    /// Returns the order for each item when the value is an array.
    pub fn items(&self) -> Option<&KeyOrder> {
        self.items.as_deref()
    }

    /// Returns the order for each array item, created empty if missing.
    pub fn items_mut(&mut self) -> &mut KeyOrder {
        self.items.get_or_insert_with(Box::default)
    }

    /// Adds everything `other` lists that `self` does not yet list: keys
    /// are appended, and nested orders are merged the same way.
    pub fn merge(&mut self, other: &KeyOrder) {
        for key in &other.keys {
            self.push_key(key);
        }
        for (key, order) in &other.members {
            self.member_mut(key).merge(order);
        }
        if let Some(items) = &other.items {
            self.items_mut().merge(items);
        }
    }

    fn rank(&self, key: &str) -> Option<usize> {
        self.keys.iter().position(|listed| listed == key)
    }
}

/// Writes `value` in canonical form, ending with a newline.
///
/// The writer recurses once per level of nesting, so it relies on the
/// reader's depth limit for values it reads.
pub fn to_canonical(value: &Value, order: &KeyOrder) -> String {
    let mut out = String::new();
    write_value(&mut out, value, Some(order), 0);
    out.push('\n');
    out
}

fn write_value(out: &mut String, value: &Value, order: Option<&KeyOrder>, indent: usize) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(true) => out.push_str("true"),
        Value::Bool(false) => out.push_str("false"),
        Value::Number(number) => out.push_str(number.as_str()),
        Value::String(text) => write_string(out, text),
        Value::Array(items) => write_array(out, items, order, indent),
        Value::Object(members) => write_object(out, members, order, indent),
    }
}

fn write_array(out: &mut String, items: &[Value], order: Option<&KeyOrder>, indent: usize) {
    if items.is_empty() {
        out.push_str("[]");
        return;
    }
    let item_order = order.and_then(KeyOrder::items);
    out.push('[');
    for (index, item) in items.iter().enumerate() {
        if index > 0 {
            out.push(',');
        }
        new_line(out, indent + 1);
        write_value(out, item, item_order, indent + 1);
    }
    new_line(out, indent);
    out.push(']');
}

fn write_object(out: &mut String, members: &Map, order: Option<&KeyOrder>, indent: usize) {
    if members.is_empty() {
        out.push_str("{}");
        return;
    }
    out.push('{');
    for (index, (key, value)) in ordered_members(members, order).into_iter().enumerate() {
        if index > 0 {
            out.push(',');
        }
        new_line(out, indent + 1);
        write_string(out, key);
        out.push_str(": ");
        let member_order = order.and_then(|order| order.member(key));
        write_value(out, value, member_order, indent + 1);
    }
    new_line(out, indent);
    out.push('}');
}

/// Sorts members by their rank in `order`. Unlisted keys follow in their
/// written order because the sort is stable.
fn ordered_members<'a>(members: &'a Map, order: Option<&KeyOrder>) -> Vec<&'a (String, Value)> {
    let mut sorted: Vec<&(String, Value)> = members.0.iter().collect();
    if let Some(order) = order {
        sorted.sort_by_key(|(key, _)| order.rank(key).unwrap_or(usize::MAX));
    }
    sorted
}

fn new_line(out: &mut String, indent: usize) {
    out.push('\n');
    for _ in 0..indent {
        out.push_str("  ");
    }
}

/// Writes `text` quoted with the minimal escapes: `\"`, `\\`, `\n`, `\r`,
/// `\t`, `\b`, `\f`, and `\u00xx` (lowercase hex, as serde_json and Python
/// write it) for the other control characters below U+0020.
fn write_string(out: &mut String, text: &str) {
    out.push('"');
    let mut run_start = 0;
    for (index, c) in text.char_indices() {
        let escape = match c {
            '"' => "\\\"",
            '\\' => "\\\\",
            '\n' => "\\n",
            '\r' => "\\r",
            '\t' => "\\t",
            '\u{8}' => "\\b",
            '\u{c}' => "\\f",
            c if (c as u32) < 0x20 => "",
            _ => continue,
        };
        out.push_str(&text[run_start..index]);
        if escape.is_empty() {
            let _ = write!(out, "\\u{:04x}", c as u32);
        } else {
            out.push_str(escape);
        }
        run_start = index + c.len_utf8();
    }
    out.push_str(&text[run_start..]);
    out.push('"');
}

#[cfg(test)]
mod tests;
