//! Blobs in JSON: base64 strings.

use base64::Engine as _;
use serde_json::Value;

use super::json::{DeserializeError, DeserializeJson, SerializeError, SerializeJson, kind, write_string};
use crate::primitives::Blob;

/// Base64 text of `bytes` (blobs bound to headers and query parameters).
pub fn encode(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// A blob from the base64 text of the header `name`.
pub fn decode_header(name: &str, value: &str) -> Result<Blob, DeserializeError> {
    base64::engine::general_purpose::STANDARD
        .decode(value.trim())
        .map(Blob::new)
        .map_err(|e| DeserializeError::new(format!("the header `{name}` is not valid base64: {e}")))
}

impl SerializeJson for Blob {
    fn write_json(&self, out: &mut String) -> Result<(), SerializeError> {
        write_string(out, &base64::engine::general_purpose::STANDARD.encode(self.as_ref()));
        Ok(())
    }
}

impl DeserializeJson for Blob {
    fn read_json(v: &Value) -> Result<Self, DeserializeError> {
        let text =
            v.as_str().ok_or_else(|| DeserializeError::new(format!("expected a base64 string, found {}", kind(v))))?;
        base64::engine::general_purpose::STANDARD
            .decode(text)
            .map(Blob::new)
            .map_err(|e| DeserializeError::new(format!("invalid base64: {e}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blobs_are_base64() {
        let mut out = String::new();
        Blob::new(b"abc".to_vec()).write_json(&mut out).unwrap();
        assert_eq!(out, "\"YWJj\"");
        assert_eq!(Blob::read_json(&Value::String("YWJj".into())).unwrap(), Blob::new(b"abc".to_vec()));
        assert!(Blob::read_json(&Value::String("!!".into())).is_err());
    }
}
