//! Documents in JSON: written and read as the JSON value they are.

use serde_json::Value;

use super::json::{DeserializeError, DeserializeJson, ObjectWriter, SerializeError, SerializeJson};
use crate::primitives::{Document, Number};

impl SerializeJson for Document {
    fn write_json(&self, out: &mut String) -> Result<(), SerializeError> {
        match self {
            Document::Object(map) => {
                let mut obj = ObjectWriter::new(out);
                let mut keys: Vec<&String> = map.keys().collect();
                keys.sort();
                for k in keys {
                    obj.member(k, &map[k])?;
                }
                obj.finish();
                Ok(())
            }
            Document::Array(items) => items.write_json(out),
            Document::Number(Number::PosInt(n)) => {
                out.push_str(&n.to_string());
                Ok(())
            }
            Document::Number(Number::NegInt(n)) => n.write_json(out),
            Document::Number(Number::Float(f)) => f.write_json(out),
            Document::String(s) => s.write_json(out),
            Document::Bool(b) => b.write_json(out),
            Document::Null => {
                out.push_str("null");
                Ok(())
            }
        }
    }
}

impl DeserializeJson for Document {
    fn read_json(v: &Value) -> Result<Self, DeserializeError> {
        Ok(match v {
            Value::Null => Document::Null,
            Value::Bool(b) => Document::Bool(*b),
            Value::Number(n) => Document::Number(if let Some(u) = n.as_u64() {
                Number::PosInt(u)
            } else if let Some(i) = n.as_i64() {
                Number::NegInt(i)
            } else {
                Number::Float(n.as_f64().unwrap_or(f64::NAN))
            }),
            Value::String(s) => Document::String(s.clone()),
            Value::Array(items) => Document::Array(items.iter().map(Document::read_json).collect::<Result<_, _>>()?),
            Value::Object(map) => {
                Document::Object(map.iter().map(|(k, v)| Ok((k.clone(), Document::read_json(v)?))).collect::<Result<
                    _,
                    DeserializeError,
                >>(
                )?)
            }
        })
    }

    fn read_element(v: &Value) -> Result<Option<Self>, DeserializeError> {
        // A document may itself be null.
        Self::read_json(v).map(Some)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn documents_round_trip() {
        let value = json!({"a": [1, -2, 1.5, "x", true, null], "b": {}});
        let doc = Document::read_json(&value).unwrap();
        let mut out = String::new();
        doc.write_json(&mut out).unwrap();
        assert_eq!(serde_json::from_str::<Value>(&out).unwrap(), value);
    }
}
