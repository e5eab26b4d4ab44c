//! The typed model: shapes by id, each with its kind, members and traits.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use super::shape_id::ShapeId;
use super::traits::Traits;

/// A loaded, validated Smithy model (prelude included).
#[derive(Debug, Clone, Default)]
pub struct Model {
    pub(crate) metadata: Map<String, Value>,
    pub(crate) shapes: BTreeMap<ShapeId, Shape>,
}

/// A shape: its id, kind (with members) and traits.
#[derive(Debug, Clone, PartialEq)]
pub struct Shape {
    /// The shape's absolute id.
    pub id: ShapeId,
    /// What kind of shape it is, with its members or references.
    pub kind: ShapeKind,
    /// Traits applied to the shape.
    pub traits: Traits,
}

/// The simple (member-less) shape types.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SimpleType {
    /// `blob`.
    Blob,
    /// `boolean`.
    Boolean,
    /// `string`.
    String,
    /// `byte`.
    Byte,
    /// `short`.
    Short,
    /// `integer`.
    Integer,
    /// `long`.
    Long,
    /// `float`.
    Float,
    /// `double`.
    Double,
    /// `bigInteger`.
    BigInteger,
    /// `bigDecimal`.
    BigDecimal,
    /// `timestamp`.
    Timestamp,
    /// `document`.
    Document,
}

impl SimpleType {
    /// The type's name in the model.
    pub fn as_str(self) -> &'static str {
        match self {
            SimpleType::Blob => "blob",
            SimpleType::Boolean => "boolean",
            SimpleType::String => "string",
            SimpleType::Byte => "byte",
            SimpleType::Short => "short",
            SimpleType::Integer => "integer",
            SimpleType::Long => "long",
            SimpleType::Float => "float",
            SimpleType::Double => "double",
            SimpleType::BigInteger => "bigInteger",
            SimpleType::BigDecimal => "bigDecimal",
            SimpleType::Timestamp => "timestamp",
            SimpleType::Document => "document",
        }
    }

    /// Parses a model type name.
    pub fn from_name(name: &str) -> Option<SimpleType> {
        Some(match name {
            "blob" => SimpleType::Blob,
            "boolean" => SimpleType::Boolean,
            "string" => SimpleType::String,
            "byte" => SimpleType::Byte,
            "short" => SimpleType::Short,
            "integer" => SimpleType::Integer,
            "long" => SimpleType::Long,
            "float" => SimpleType::Float,
            "double" => SimpleType::Double,
            "bigInteger" => SimpleType::BigInteger,
            "bigDecimal" => SimpleType::BigDecimal,
            "timestamp" => SimpleType::Timestamp,
            "document" => SimpleType::Document,
            _ => return None,
        })
    }
}

/// A shape's kind with the data that kind carries.
// Shapes live once in a map and are used by reference; boxing would only add noise.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq)]
pub enum ShapeKind {
    /// A simple type.
    Simple(SimpleType),
    /// `enum`: members carry their string values.
    Enum(Vec<Member>),
    /// `intEnum`: members carry their integer values.
    IntEnum(Vec<Member>),
    /// `list`.
    List(Member),
    /// `map`.
    Map {
        /// The key member.
        key: Member,
        /// The value member.
        value: Member,
    },
    /// `structure`.
    Structure(Vec<Member>),
    /// `union`.
    Union(Vec<Member>),
    /// `operation`.
    Operation(Operation),
    /// `service`.
    Service(Service),
    /// `resource`.
    Resource(Resource),
}

impl ShapeKind {
    /// The type's name in the model (`structure`, `intEnum`, …).
    pub fn type_name(&self) -> &'static str {
        match self {
            ShapeKind::Simple(s) => s.as_str(),
            ShapeKind::Enum(_) => "enum",
            ShapeKind::IntEnum(_) => "intEnum",
            ShapeKind::List(_) => "list",
            ShapeKind::Map { .. } => "map",
            ShapeKind::Structure(_) => "structure",
            ShapeKind::Union(_) => "union",
            ShapeKind::Operation(_) => "operation",
            ShapeKind::Service(_) => "service",
            ShapeKind::Resource(_) => "resource",
        }
    }

    /// Members of aggregate shapes and enums, in model order (empty otherwise).
    pub fn members(&self) -> Vec<&Member> {
        match self {
            ShapeKind::Enum(m) | ShapeKind::IntEnum(m) | ShapeKind::Structure(m) | ShapeKind::Union(m) => {
                m.iter().collect()
            }
            ShapeKind::List(m) => vec![m],
            ShapeKind::Map { key, value } => vec![key, value],
            _ => Vec::new(),
        }
    }

    /// Whether members may target this kind (anything but operations, services, resources).
    pub fn is_data(&self) -> bool {
        !matches!(self, ShapeKind::Operation(_) | ShapeKind::Service(_) | ShapeKind::Resource(_))
    }
}

/// A member of an aggregate shape or enum.
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    /// The member id, e.g. `ns#Tag$Key`.
    pub id: ShapeId,
    /// The member name, e.g. `Key`.
    pub name: String,
    /// The targeted shape (`smithy.api#Unit` for enum members).
    pub target: ShapeId,
    /// Traits applied to the member.
    pub traits: Traits,
}

/// An operation's input, output and errors.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// Input structure (`smithy.api#Unit` when there is none).
    pub input: ShapeId,
    /// Output structure (`smithy.api#Unit` when there is none).
    pub output: ShapeId,
    /// Error structures, in model order.
    pub errors: Vec<ShapeId>,
}

/// A service's operations, resources and service-wide errors.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Service {
    /// The API version.
    pub version: String,
    /// Operations bound directly to the service.
    pub operations: Vec<ShapeId>,
    /// Resources bound to the service.
    pub resources: Vec<ShapeId>,
    /// Errors every operation of the service may return.
    pub errors: Vec<ShapeId>,
    /// Renames that resolve shape-name conflicts within the service.
    pub rename: BTreeMap<ShapeId, String>,
}

/// A resource's identifiers and bound operations.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Resource {
    /// Identifier names and their target shapes.
    pub identifiers: Vec<(String, ShapeId)>,
    /// Lifecycle operations: create, put, read, update, delete, list.
    pub lifecycle: Vec<(&'static str, ShapeId)>,
    /// Other instance operations.
    pub operations: Vec<ShapeId>,
    /// Other collection operations.
    pub collection_operations: Vec<ShapeId>,
    /// Child resources.
    pub resources: Vec<ShapeId>,
}

impl Resource {
    /// Every operation bound to this resource (not its children), lifecycle first.
    pub fn all_operations(&self) -> impl Iterator<Item = &ShapeId> {
        self.lifecycle.iter().map(|(_, id)| id).chain(&self.operations).chain(&self.collection_operations)
    }
}

impl Model {
    /// The shape with this id (member ids resolve to their container).
    pub fn shape(&self, id: &ShapeId) -> Option<&Shape> {
        if id.member().is_some() { self.shapes.get(&id.root()) } else { self.shapes.get(id) }
    }

    /// The member with this member id.
    pub fn member(&self, id: &ShapeId) -> Option<&Member> {
        let name = id.member()?;
        self.shape(id)?.kind.members().into_iter().find(|m| m.name == name)
    }

    /// Every shape, in id order (prelude included).
    pub fn shapes(&self) -> impl Iterator<Item = &Shape> {
        self.shapes.values()
    }

    /// The model's metadata.
    pub fn metadata(&self) -> &Map<String, Value> {
        &self.metadata
    }

    /// Every service shape, in id order.
    pub fn services(&self) -> impl Iterator<Item = &Shape> {
        self.shapes.values().filter(|s| matches!(s.kind, ShapeKind::Service(_)))
    }

    /// Adds or replaces a shape (used by model-to-model passes).
    pub fn insert(&mut self, shape: Shape) {
        self.shapes.insert(shape.id.clone(), shape);
    }

    /// Removes a shape.
    pub fn remove(&mut self, id: &ShapeId) -> Option<Shape> {
        self.shapes.remove(id)
    }

    /// Mutable access to a shape (used by passes).
    pub fn shape_mut(&mut self, id: &ShapeId) -> Option<&mut Shape> {
        self.shapes.get_mut(id)
    }
}
