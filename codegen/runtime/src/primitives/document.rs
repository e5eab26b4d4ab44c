//! Open content (`document` shapes): any JSON-like value.

use std::collections::HashMap;

/// A protocol-agnostic value: null, boolean, number, string, array or object.
#[derive(Clone, Debug, PartialEq)]
pub enum Document {
    /// An object.
    Object(HashMap<String, Document>),
    /// An array.
    Array(Vec<Document>),
    /// A number.
    Number(Number),
    /// A string.
    String(String),
    /// A boolean.
    Bool(bool),
    /// Null.
    Null,
}

/// A number in a [`Document`], keeping integers exact.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Number {
    /// A non-negative integer.
    PosInt(u64),
    /// A negative integer.
    NegInt(i64),
    /// A floating-point number.
    Float(f64),
}

impl Number {
    /// The value as `f64` (large integers lose precision).
    pub fn to_f64_lossy(self) -> f64 {
        match self {
            Number::PosInt(v) => v as f64,
            Number::NegInt(v) => v as f64,
            Number::Float(v) => v,
        }
    }
}

impl Document {
    /// The string, if this is one.
    pub fn as_string(&self) -> Option<&str> {
        if let Document::String(s) = self { Some(s) } else { None }
    }
    /// The boolean, if this is one.
    pub fn as_bool(&self) -> Option<bool> {
        if let Document::Bool(b) = self { Some(*b) } else { None }
    }
    /// The number, if this is one.
    pub fn as_number(&self) -> Option<Number> {
        if let Document::Number(n) = self { Some(*n) } else { None }
    }
    /// The array, if this is one.
    pub fn as_array(&self) -> Option<&Vec<Document>> {
        if let Document::Array(a) = self { Some(a) } else { None }
    }
    /// The object, if this is one.
    pub fn as_object(&self) -> Option<&HashMap<String, Document>> {
        if let Document::Object(o) = self { Some(o) } else { None }
    }
    /// Whether this is null.
    pub fn is_null(&self) -> bool {
        matches!(self, Document::Null)
    }
}

impl From<bool> for Document {
    fn from(value: bool) -> Self {
        Document::Bool(value)
    }
}

impl From<&str> for Document {
    fn from(value: &str) -> Self {
        Document::String(value.to_owned())
    }
}

impl From<String> for Document {
    fn from(value: String) -> Self {
        Document::String(value)
    }
}

impl From<i64> for Document {
    fn from(value: i64) -> Self {
        Document::Number(if value < 0 { Number::NegInt(value) } else { Number::PosInt(value as u64) })
    }
}

impl From<u64> for Document {
    fn from(value: u64) -> Self {
        Document::Number(Number::PosInt(value))
    }
}

impl From<f64> for Document {
    fn from(value: f64) -> Self {
        Document::Number(Number::Float(value))
    }
}

impl From<Vec<Document>> for Document {
    fn from(value: Vec<Document>) -> Self {
        Document::Array(value)
    }
}

impl From<HashMap<String, Document>> for Document {
    fn from(value: HashMap<String, Document>) -> Self {
        Document::Object(value)
    }
}
