//! The JSON value that keeps each number's text and each object's key order.

/// A JSON number, kept exactly as it was written.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Number(String);

impl Number {
    /// Wraps number text that the reader has already checked.
    pub fn from_text(text: impl Into<String>) -> Self {
        Number(text.into())
    }

    /// Returns the number's text as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An object's members in the order they were written. The strict reader
/// guarantees that keys are unique.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Map(pub Vec<(String, Value)>);

impl Map {
    /// Returns the value of `key`.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.0
            .iter()
            .find(|(name, _)| name == key)
            .map(|(_, value)| value)
    }

    /// Returns the value of `key` to change it.
    pub fn get_mut(&mut self, key: &str) -> Option<&mut Value> {
        self.0
            .iter_mut()
            .find(|(name, _)| name == key)
            .map(|(_, value)| value)
    }

    /// Sets `key`, in place when it exists, else at the end.
    pub fn insert(&mut self, key: impl Into<String>, value: Value) {
        let key = key.into();
        match self.get_mut(&key) {
            Some(slot) => *slot = value,
            None => self.0.push((key, value)),
        }
    }

    /// Removes `key` and returns its value.
    pub fn remove(&mut self, key: &str) -> Option<Value> {
        let index = self.0.iter().position(|(name, _)| name == key)?;
        Some(self.0.remove(index).1)
    }

    /// Iterates over the members in order.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &Value)> {
        self.0.iter().map(|(key, value)| (key, value))
    }

    /// Returns the number of members.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Returns whether the object has no members.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// A JSON value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number with its exact text.
    Number(Number),
    /// A string.
    String(String),
    /// An array.
    Array(Vec<Value>),
    /// An object.
    Object(Map),
}

impl Value {
    /// Converts from serde_json, for values that peerkit builds itself.
    pub fn from_serde(value: &serde_json::Value) -> Self {
        match value {
            serde_json::Value::Null => Value::Null,
            serde_json::Value::Bool(flag) => Value::Bool(*flag),
            serde_json::Value::Number(number) => Value::Number(Number(number.to_string())),
            serde_json::Value::String(text) => Value::String(text.clone()),
            serde_json::Value::Array(items) => {
                Value::Array(items.iter().map(Value::from_serde).collect())
            }
            serde_json::Value::Object(members) => Value::Object(Map(members
                .iter()
                .map(|(key, value)| (key.clone(), Value::from_serde(value)))
                .collect())),
        }
    }

    /// Converts to serde_json for schema checks and typed deserialisation.
    /// A number that neither i64, u64 nor f64 represents exactly becomes the
    /// nearest f64; the exact text stays in `self`.
    pub fn to_serde(&self) -> serde_json::Value {
        match self {
            Value::Null => serde_json::Value::Null,
            Value::Bool(flag) => serde_json::Value::Bool(*flag),
            Value::Number(number) => number_to_serde(number.as_str()),
            Value::String(text) => serde_json::Value::String(text.clone()),
            Value::Array(items) => {
                serde_json::Value::Array(items.iter().map(Value::to_serde).collect())
            }
            Value::Object(members) => serde_json::Value::Object(
                members
                    .iter()
                    .map(|(key, value)| (key.clone(), value.to_serde()))
                    .collect(),
            ),
        }
    }

    /// Returns the member `key` when this is an object.
    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Object(members) => members.get(key),
            _ => None,
        }
    }

    /// Returns the text when this is a string.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(text) => Some(text),
            _ => None,
        }
    }
}

pub(super) fn number_to_serde(text: &str) -> serde_json::Value {
    if let Ok(integer) = text.parse::<i64>() {
        return integer.into();
    }
    if let Ok(integer) = text.parse::<u64>() {
        return integer.into();
    }
    text.parse::<f64>()
        .ok()
        .and_then(serde_json::Number::from_f64)
        .map(serde_json::Value::Number)
        .unwrap_or(serde_json::Value::Null)
}
