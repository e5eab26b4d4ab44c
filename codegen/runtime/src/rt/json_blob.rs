//! Blobs in JSON: base64 strings.

use base64::Engine as _;
use serde_json::Value;

use super::json::{DeserializeError, DeserializeJson, SerializeError, SerializeJson, kind, write_string};
use crate::primitives::Blob;

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
