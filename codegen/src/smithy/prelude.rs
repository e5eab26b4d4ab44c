//! The Smithy prelude: the `smithy.api` shapes every model may target.

/// Prelude shapes in the JSON AST, loaded through the same code as user models.
pub(super) const PRELUDE_JSON: &str = r#"{
  "smithy": "2.0",
  "shapes": {
    "smithy.api#String": {"type": "string"},
    "smithy.api#Blob": {"type": "blob"},
    "smithy.api#BigInteger": {"type": "bigInteger"},
    "smithy.api#BigDecimal": {"type": "bigDecimal"},
    "smithy.api#Timestamp": {"type": "timestamp"},
    "smithy.api#Document": {"type": "document"},
    "smithy.api#Boolean": {"type": "boolean"},
    "smithy.api#PrimitiveBoolean": {"type": "boolean", "traits": {"smithy.api#default": false}},
    "smithy.api#Byte": {"type": "byte"},
    "smithy.api#PrimitiveByte": {"type": "byte", "traits": {"smithy.api#default": 0}},
    "smithy.api#Short": {"type": "short"},
    "smithy.api#PrimitiveShort": {"type": "short", "traits": {"smithy.api#default": 0}},
    "smithy.api#Integer": {"type": "integer"},
    "smithy.api#PrimitiveInteger": {"type": "integer", "traits": {"smithy.api#default": 0}},
    "smithy.api#Long": {"type": "long"},
    "smithy.api#PrimitiveLong": {"type": "long", "traits": {"smithy.api#default": 0}},
    "smithy.api#Float": {"type": "float"},
    "smithy.api#PrimitiveFloat": {"type": "float", "traits": {"smithy.api#default": 0}},
    "smithy.api#Double": {"type": "double"},
    "smithy.api#PrimitiveDouble": {"type": "double", "traits": {"smithy.api#default": 0}},
    "smithy.api#Unit": {"type": "structure", "members": {}, "traits": {"smithy.api#unitType": {}}}
  }
}"#;

/// The id of the prelude's unit type.
pub const UNIT: &str = "smithy.api#Unit";
