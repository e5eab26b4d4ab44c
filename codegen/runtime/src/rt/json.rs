//! JSON for the awsJson protocols: writing request bodies and reading
//! response bodies, shared by every generated shape.
//!
//! Writing goes straight into a `String`; reading walks a parsed
//! `serde_json::Value`. Unknown members are ignored, `null` members count as
//! absent, dense lists and maps skip `null` entries, sparse ones keep them.

use std::collections::HashMap;
use std::fmt::{self, Write as _};

use serde_json::Value;

/// A value could not be written as JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SerializeError(pub String);

impl fmt::Display for SerializeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for SerializeError {}

/// A response body did not have the shape the model describes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeserializeError {
    path: Vec<String>,
    message: String,
}

impl DeserializeError {
    /// An error at the current position.
    pub fn new(message: impl Into<String>) -> Self {
        DeserializeError { path: Vec::new(), message: message.into() }
    }

    /// Adds the enclosing member or key to the error's location.
    pub fn at(mut self, member: &str) -> Self {
        self.path.push(member.to_owned());
        self
    }
}

impl fmt::Display for DeserializeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            // Map keys in the path are the server's text.
            let path: Vec<&str> = self.path.iter().rev().map(String::as_str).collect();
            write!(f, "{} (at `{}`)", self.message, crate::error::display_escaped(&path.join(".")))
        }
    }
}

impl std::error::Error for DeserializeError {}

/// Writes a value as JSON.
pub trait SerializeJson {
    /// Appends the value's JSON to `out`.
    fn write_json(&self, out: &mut String) -> Result<(), SerializeError>;
}

/// A modelled error structure: read from the response body, then given the
/// metadata (code, message, request id) the response carried.
pub trait ModeledError: DeserializeJson {
    /// Replaces the error's metadata.
    fn set_meta(&mut self, meta: crate::error::ErrorMetadata);
}

/// Reads the modelled error `T` from `body`, gives it `meta` and wraps it in
/// the operation's error enum: one line per error in generated code.
pub fn read_error<T: ModeledError, E>(
    body: &Value,
    meta: crate::error::ErrorMetadata,
    wrap: fn(T) -> E,
) -> Result<E, DeserializeError> {
    // Only the wrapping is compiled once per operation and error; the
    // reading once per error.
    read_modeled(body, meta).map(wrap)
}

fn read_modeled<T: ModeledError>(body: &Value, meta: crate::error::ErrorMetadata) -> Result<T, DeserializeError> {
    let mut error = T::read_json(body)?;
    error.set_meta(meta);
    Ok(error)
}

/// An error structure of a REST protocol, some of whose members may travel
/// in the response's headers or status code.
pub trait BindHttp: Sized {
    /// Fills the members bound to the response's headers and status code.
    fn bind_http(self, _response: &crate::http::HttpResponse) -> Result<Self, DeserializeError> {
        Ok(self)
    }
}

/// [`read_error`] for REST protocols: also fills the members bound to the
/// response's headers and status code.
pub fn read_bound_error<T: ModeledError + BindHttp, E>(
    body: &Value,
    meta: crate::error::ErrorMetadata,
    response: &crate::http::HttpResponse,
    wrap: fn(T) -> E,
) -> Result<E, DeserializeError> {
    read_bound_modeled(body, meta, response).map(wrap)
}

fn read_bound_modeled<T: ModeledError + BindHttp>(
    body: &Value,
    meta: crate::error::ErrorMetadata,
    response: &crate::http::HttpResponse,
) -> Result<T, DeserializeError> {
    let mut error = T::read_json(body)?.bind_http(response)?;
    error.set_meta(meta);
    Ok(error)
}

/// Reads a value from JSON.
pub trait DeserializeJson: Sized {
    /// Reads the value; `v` is never `null` here.
    fn read_json(v: &Value) -> Result<Self, DeserializeError>;

    /// Reads a list element or map value: `None` to skip it. Dense
    /// collections skip `null`; `Option<T>` (sparse) keeps it as `None`.
    fn read_element(v: &Value) -> Result<Option<Self>, DeserializeError> {
        if v.is_null() { Ok(None) } else { Self::read_json(v).map(Some) }
    }
}

/// Appends a JSON string literal.
pub fn write_string(out: &mut String, s: &str) {
    out.reserve(s.len() + 2);
    out.push('"');
    // Runs of characters that need no escape are copied whole; only `"`,
    // `\\` and control characters, all ASCII, are escaped.
    let mut run_start = 0;
    for (i, b) in s.bytes().enumerate() {
        let escape = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0..=0x1f => "",
            _ => continue,
        };
        out.push_str(&s[run_start..i]);
        run_start = i + 1;
        match escape {
            "" => {
                let _ = write!(out, "\\u{b:04x}");
            }
            escape => out.push_str(escape),
        }
    }
    out.push_str(&s[run_start..]);
    out.push('"');
}

/// Writes the members of a JSON object.
pub struct ObjectWriter<'a> {
    out: &'a mut String,
    first: bool,
}

impl<'a> ObjectWriter<'a> {
    /// Opens an object.
    pub fn new(out: &'a mut String) -> Self {
        out.push('{');
        ObjectWriter { out, first: true }
    }

    /// Starts a member and returns the buffer to write its value to.
    pub fn key(&mut self, name: &str) -> &mut String {
        if !self.first {
            self.out.push(',');
        }
        self.first = false;
        write_string(self.out, name);
        self.out.push(':');
        self.out
    }

    /// Writes a member.
    pub fn member<T: SerializeJson + ?Sized>(&mut self, name: &str, value: &T) -> Result<(), SerializeError> {
        value.write_json(self.key(name))
    }

    /// Writes a member when it is set; absent members are omitted.
    pub fn optional<T: SerializeJson>(&mut self, name: &str, value: &Option<T>) -> Result<(), SerializeError> {
        match value {
            Some(v) => self.member(name, v),
            None => Ok(()),
        }
    }

    /// Closes the object.
    pub fn finish(self) {
        self.out.push('}');
    }
}

impl SerializeJson for str {
    fn write_json(&self, out: &mut String) -> Result<(), SerializeError> {
        write_string(out, self);
        Ok(())
    }
}

impl SerializeJson for String {
    fn write_json(&self, out: &mut String) -> Result<(), SerializeError> {
        write_string(out, self);
        Ok(())
    }
}

impl SerializeJson for bool {
    fn write_json(&self, out: &mut String) -> Result<(), SerializeError> {
        out.push_str(if *self { "true" } else { "false" });
        Ok(())
    }
}

macro_rules! integers {
    ($($t:ty),*) => {$(
        impl SerializeJson for $t {
            fn write_json(&self, out: &mut String) -> Result<(), SerializeError> {
                let _ = write!(out, "{}", self);
                Ok(())
            }
        }
        impl DeserializeJson for $t {
            fn read_json(v: &Value) -> Result<Self, DeserializeError> {
                let n = v.as_i64().ok_or_else(|| DeserializeError::new(format!("expected an integer, found {}", kind(v))))?;
                <$t>::try_from(n).map_err(|_| DeserializeError::new(format!("{n} is out of range for {}", stringify!($t))))
            }
        }
    )*};
}
integers!(i8, i16, i32, i64);

/// Non-finite floats are strings in Smithy's JSON protocols.
fn write_float(out: &mut String, v: f64) {
    if v.is_nan() {
        out.push_str("\"NaN\"");
    } else if v.is_infinite() {
        out.push_str(if v > 0.0 { "\"Infinity\"" } else { "\"-Infinity\"" });
    } else {
        let _ = write!(out, "{v}");
    }
}

fn read_float(v: &Value) -> Result<f64, DeserializeError> {
    match v {
        Value::Number(n) => n.as_f64().ok_or_else(|| DeserializeError::new("number out of range")),
        Value::String(s) => match s.as_str() {
            "NaN" => Ok(f64::NAN),
            "Infinity" => Ok(f64::INFINITY),
            "-Infinity" => Ok(f64::NEG_INFINITY),
            // The text itself is not repeated: it may be a sensitive value.
            _ => Err(DeserializeError::new("expected a number, found a string that is not one")),
        },
        other => Err(DeserializeError::new(format!("expected a number, found {}", kind(other)))),
    }
}

impl SerializeJson for f64 {
    fn write_json(&self, out: &mut String) -> Result<(), SerializeError> {
        write_float(out, *self);
        Ok(())
    }
}

impl SerializeJson for f32 {
    fn write_json(&self, out: &mut String) -> Result<(), SerializeError> {
        // Via the shortest decimal form of the f32, so 0.1f32 is written as 0.1.
        let shortest: f64 = self.to_string().parse().unwrap_or(f64::from(*self));
        write_float(out, if self.is_finite() { shortest } else { f64::from(*self) });
        Ok(())
    }
}

impl DeserializeJson for f64 {
    fn read_json(v: &Value) -> Result<Self, DeserializeError> {
        read_float(v)
    }
}

impl DeserializeJson for f32 {
    fn read_json(v: &Value) -> Result<Self, DeserializeError> {
        read_float(v).map(|f| f as f32)
    }
}

impl DeserializeJson for String {
    fn read_json(v: &Value) -> Result<Self, DeserializeError> {
        v.as_str()
            .map(str::to_owned)
            .ok_or_else(|| DeserializeError::new(format!("expected a string, found {}", kind(v))))
    }
}

impl DeserializeJson for bool {
    fn read_json(v: &Value) -> Result<Self, DeserializeError> {
        v.as_bool().ok_or_else(|| DeserializeError::new(format!("expected a boolean, found {}", kind(v))))
    }
}

impl<T: SerializeJson> SerializeJson for Vec<T> {
    fn write_json(&self, out: &mut String) -> Result<(), SerializeError> {
        out.push('[');
        for (i, item) in self.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            item.write_json(out)?;
        }
        out.push(']');
        Ok(())
    }
}

impl<T: DeserializeJson> DeserializeJson for Vec<T> {
    fn read_json(v: &Value) -> Result<Self, DeserializeError> {
        let items = v.as_array().ok_or_else(|| DeserializeError::new(format!("expected a list, found {}", kind(v))))?;
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            if let Some(value) = T::read_element(item).map_err(|e| e.at(&i.to_string()))? {
                out.push(value);
            }
        }
        Ok(out)
    }
}

/// Map keys: strings, or enums, which are written as their wire value and
/// read from any string (unknown values kept).
impl<K, T> SerializeJson for HashMap<K, T>
where
    K: AsRef<str> + Eq + std::hash::Hash,
    T: SerializeJson,
{
    fn write_json(&self, out: &mut String) -> Result<(), SerializeError> {
        let mut obj = ObjectWriter::new(out);
        for (k, v) in self {
            obj.member(k.as_ref(), v)?;
        }
        obj.finish();
        Ok(())
    }
}

impl<K, T> DeserializeJson for HashMap<K, T>
where
    K: for<'a> From<&'a str> + Eq + std::hash::Hash,
    T: DeserializeJson,
{
    fn read_json(v: &Value) -> Result<Self, DeserializeError> {
        let entries = object(v)?;
        let mut out = HashMap::with_capacity(entries.len());
        for (k, item) in entries {
            if let Some(value) = T::read_element(item).map_err(|e| e.at(k))? {
                out.insert(K::from(k.as_str()), value);
            }
        }
        Ok(out)
    }
}

impl<T: SerializeJson> SerializeJson for Option<T> {
    fn write_json(&self, out: &mut String) -> Result<(), SerializeError> {
        match self {
            Some(v) => v.write_json(out),
            None => {
                out.push_str("null");
                Ok(())
            }
        }
    }
}

impl<T: DeserializeJson> DeserializeJson for Option<T> {
    fn read_json(v: &Value) -> Result<Self, DeserializeError> {
        if v.is_null() { Ok(None) } else { T::read_json(v).map(Some) }
    }

    fn read_element(v: &Value) -> Result<Option<Self>, DeserializeError> {
        Self::read_json(v).map(Some)
    }
}

impl<T: SerializeJson + ?Sized> SerializeJson for Box<T> {
    fn write_json(&self, out: &mut String) -> Result<(), SerializeError> {
        (**self).write_json(out)
    }
}

impl<T: DeserializeJson> DeserializeJson for Box<T> {
    fn read_json(v: &Value) -> Result<Self, DeserializeError> {
        T::read_json(v).map(Box::new)
    }
}

/// The members of a JSON object, or an error naming what was found instead.
pub fn object(v: &Value) -> Result<&serde_json::Map<String, Value>, DeserializeError> {
    v.as_object().ok_or_else(|| DeserializeError::new(format!("expected an object, found {}", kind(v))))
}

/// Reads a member value: `null` counts as absent.
pub fn member<T: DeserializeJson>(v: &Value, name: &str) -> Result<Option<T>, DeserializeError> {
    if v.is_null() { Ok(None) } else { T::read_json(v).map(Some).map_err(|e| e.at(name)) }
}

/// Parses a response body: empty means `{}`; anything else must be a JSON object.
pub fn parse_body(body: &[u8]) -> Result<Value, DeserializeError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Value::Object(serde_json::Map::new()));
    }
    let value: Value =
        serde_json::from_slice(body).map_err(|e| DeserializeError::new(format!("the body is not valid JSON: {e}")))?;
    if !value.is_object() {
        return Err(DeserializeError::new(format!("the body must be a JSON object, found {}", kind(&value))));
    }
    Ok(value)
}

/// Parses a payload body that may be any JSON value (a document, say).
pub fn parse_any_body(body: &[u8]) -> Result<Value, DeserializeError> {
    serde_json::from_slice(body).map_err(|e| DeserializeError::new(format!("the body is not valid JSON: {e}")))
}

/// Serialises a whole request body.
pub fn to_body<T: SerializeJson + ?Sized>(value: &T) -> Result<Vec<u8>, SerializeError> {
    let mut out = String::with_capacity(128);
    value.write_json(&mut out)?;
    Ok(out.into_bytes())
}

/// The JSON type of a value, for error messages.
pub fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn write<T: SerializeJson + ?Sized>(v: &T) -> String {
        let mut out = String::new();
        v.write_json(&mut out).unwrap();
        out
    }

    #[test]
    fn strings_are_escaped() {
        assert_eq!(write("a\"b\\c\n\u{1}é"), r#""a\"b\\c\n\u0001é""#);
        let parsed: Value = serde_json::from_str(&write("tab\tand \u{7f} and 😀")).unwrap();
        assert_eq!(parsed, json!("tab\tand \u{7f} and 😀"));
    }

    #[test]
    fn every_escape_position_reads_back_unchanged() {
        let specials = ["\"", "\\", "\n", "\r", "\t", "\u{0}", "\u{8}", "\u{1f}", "é", "😀", "a", ""];
        for first in specials {
            for second in specials {
                for text in [format!("{first}{second}"), format!("x{first}y{second}z"), format!("{first}xy{second}")] {
                    let written = write(text.as_str());
                    assert_eq!(serde_json::from_str::<String>(&written).unwrap(), text, "{written}");
                }
            }
        }
        assert_eq!(write("\u{1f}\u{0}"), r#""\u001f\u0000""#);
    }

    #[test]
    fn numbers_and_non_finite_floats() {
        assert_eq!(write(&-5i32), "-5");
        assert_eq!(write(&1.5f64), "1.5");
        assert_eq!(write(&0.1f32), "0.1");
        assert_eq!(write(&f64::NAN), "\"NaN\"");
        assert_eq!(write(&f64::NEG_INFINITY), "\"-Infinity\"");
        assert_eq!(f64::read_json(&json!("Infinity")).unwrap(), f64::INFINITY);
        assert!(i8::read_json(&json!(300)).is_err());
        assert!(i32::read_json(&json!(1.5)).is_err());
    }

    #[test]
    fn objects_lists_and_maps() {
        let mut out = String::new();
        let mut obj = ObjectWriter::new(&mut out);
        obj.member("a", &vec![1i32, 2]).unwrap();
        obj.member("b", "x").unwrap();
        obj.finish();
        assert_eq!(out, r#"{"a":[1,2],"b":"x"}"#);
        let m: HashMap<String, i32> = [("k".to_owned(), 1)].into_iter().collect();
        assert_eq!(write(&m), r#"{"k":1}"#);
    }

    #[test]
    fn dense_collections_skip_nulls_and_sparse_ones_keep_them() {
        assert_eq!(Vec::<String>::read_json(&json!(["a", null, "b"])).unwrap(), ["a", "b"]);
        assert_eq!(Vec::<Option<String>>::read_json(&json!(["a", null])).unwrap(), [Some("a".into()), None]);
        let dense = HashMap::<String, i32>::read_json(&json!({"a": 1, "b": null})).unwrap();
        assert_eq!(dense.len(), 1);
        let sparse = HashMap::<String, Option<i32>>::read_json(&json!({"a": 1, "b": null})).unwrap();
        assert_eq!(sparse.get("b"), Some(&None));
    }

    #[test]
    fn errors_name_where_they_happened() {
        let err = Vec::<i32>::read_json(&json!([1, "two"])).unwrap_err().at("Counts");
        assert_eq!(err.to_string(), "expected an integer, found a string (at `Counts.1`)");
    }

    #[test]
    fn map_keys_from_the_server_are_escaped_in_error_locations() {
        let err = HashMap::<String, i32>::read_json(&json!({"k\r\n\u{1b}[2J": "x"})).unwrap_err();
        assert_eq!(err.to_string(), r"expected an integer, found a string (at `k\r\n\u{1b}[2J`)");
    }

    #[test]
    fn bodies_must_be_objects_and_empty_means_empty_object() {
        assert_eq!(parse_body(b"").unwrap(), json!({}));
        assert_eq!(parse_body(b" \n").unwrap(), json!({}));
        assert!(parse_body(b"[]").is_err());
        assert!(parse_body(b"{\"a\":").is_err());
        assert!(parse_body(b"<html>").is_err());
    }
}
