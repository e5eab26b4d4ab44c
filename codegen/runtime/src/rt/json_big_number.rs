//! Big numbers in JSON: written as JSON numbers with their exact digits; read
//! from numbers or strings.

use std::str::FromStr;

use serde_json::Value;

use super::json::{DeserializeError, DeserializeJson, SerializeError, SerializeJson, kind};
use crate::primitives::{BigDecimal, BigInteger};

macro_rules! big_number {
    ($t:ty) => {
        impl SerializeJson for $t {
            fn write_json(&self, out: &mut String) -> Result<(), SerializeError> {
                out.push_str(self.as_str());
                Ok(())
            }
        }

        impl DeserializeJson for $t {
            fn read_json(v: &Value) -> Result<Self, DeserializeError> {
                let text = match v {
                    Value::Number(n) => n.to_string(),
                    Value::String(s) => s.clone(),
                    other => return Err(DeserializeError::new(format!("expected a number, found {}", kind(other)))),
                };
                <$t>::from_str(&text).map_err(|e| DeserializeError::new(e.to_string()))
            }
        }
    };
}

big_number!(BigInteger);
big_number!(BigDecimal);
