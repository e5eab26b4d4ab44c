//! Timestamps in JSON: epoch seconds by default, or the member's
//! `@timestampFormat`. Reading accepts integer or fractional epoch seconds
//! and, for strings, the member's format.

use serde_json::Value;

use super::json::{DeserializeError, DeserializeJson, SerializeError, SerializeJson, kind, write_string};
use crate::primitives::{DateTime, DateTimeFormat};

/// Writes a timestamp in `format`.
pub fn write_timestamp(out: &mut String, value: &DateTime, format: DateTimeFormat) -> Result<(), SerializeError> {
    let text = value.fmt(format).map_err(|e| SerializeError(e.to_string()))?;
    match format {
        DateTimeFormat::EpochSeconds => out.push_str(&text),
        _ => write_string(out, &text),
    }
    Ok(())
}

/// Reads a timestamp: a number is epoch seconds; a string is parsed in `format`.
pub fn read_timestamp(v: &Value, format: DateTimeFormat) -> Result<DateTime, DeserializeError> {
    match v {
        // Read from the number's decimal text so that fractions stay exact
        // (`…56.123` is 123 ms, not the nearest binary fraction).
        Value::Number(n) => DateTime::from_str(&n.to_string(), DateTimeFormat::EpochSeconds)
            .map_err(|e| DeserializeError::new(format!("invalid epoch-seconds timestamp: {e}"))),
        // The parse error quotes the text, which may be a sensitive value: say what was wrong only.
        Value::String(s) => DateTime::from_str(s, format).map_err(|_| {
            DeserializeError::new("expected a timestamp, found a string that is not one in the member's format")
        }),
        other => Err(DeserializeError::new(format!("expected a timestamp, found {}", kind(other)))),
    }
}

/// Reads a timestamp member in `format`: `null` counts as absent.
pub fn member_timestamp(v: &Value, name: &str, format: DateTimeFormat) -> Result<Option<DateTime>, DeserializeError> {
    if v.is_null() { Ok(None) } else { read_timestamp(v, format).map(Some).map_err(|e| e.at(name)) }
}

/// A timestamp with its wire format, for members that override the default.
pub struct Formatted<'a, T>(pub &'a T, pub DateTimeFormat);

impl SerializeJson for Formatted<'_, DateTime> {
    fn write_json(&self, out: &mut String) -> Result<(), SerializeError> {
        write_timestamp(out, self.0, self.1)
    }
}

impl SerializeJson for Formatted<'_, Vec<DateTime>> {
    fn write_json(&self, out: &mut String) -> Result<(), SerializeError> {
        let items: Vec<Formatted<'_, DateTime>> = self.0.iter().map(|t| Formatted(t, self.1)).collect();
        items.write_json(out)
    }
}

impl SerializeJson for DateTime {
    fn write_json(&self, out: &mut String) -> Result<(), SerializeError> {
        write_timestamp(out, self, DateTimeFormat::EpochSeconds)
    }
}

impl DeserializeJson for DateTime {
    fn read_json(v: &Value) -> Result<Self, DeserializeError> {
        read_timestamp(v, DateTimeFormat::DateTime)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn epoch_seconds_by_default_and_formats_on_request() {
        let t = DateTime::from_secs_and_nanos(1398796238, 123_000_000);
        let mut out = String::new();
        t.write_json(&mut out).unwrap();
        assert_eq!(out, "1398796238.123");
        let mut out = String::new();
        write_timestamp(&mut out, &t, DateTimeFormat::DateTime).unwrap();
        assert_eq!(out, "\"2014-04-29T18:30:38.123Z\"");
    }

    #[test]
    fn integer_and_fractional_epoch_seconds_are_read() {
        assert_eq!(DateTime::read_json(&json!(1398796238)).unwrap(), DateTime::from_secs(1398796238));
        assert_eq!(
            DateTime::read_json(&json!(1398796238.5)).unwrap(),
            DateTime::from_secs_and_nanos(1398796238, 500_000_000)
        );
        assert_eq!(
            read_timestamp(&json!("Tue, 29 Apr 2014 18:30:38 GMT"), DateTimeFormat::HttpDate).unwrap(),
            DateTime::from_secs(1398796238)
        );
        assert_eq!(
            DateTime::read_json(&json!(946845296.123)).unwrap(),
            DateTime::from_secs_and_nanos(946845296, 123_000_000)
        );
        assert!(DateTime::read_json(&json!(true)).is_err());
        assert!(DateTime::read_json(&json!(1e300)).is_err());
    }
}
