//! Smithy names to Rust names, and "what is this shape in Rust?": type names,
//! module placement, member field names, enum variants, member types and
//! optionality. The only module that calls `heck`.

use std::collections::BTreeMap;

use heck::{ToSnakeCase, ToUpperCamelCase};

use crate::passes::{BOX_TRAIT, SyntheticIo};
use crate::smithy::{Member, Model, Shape, ShapeId, ShapeKind, SimpleType};

/// Where a named Rust type lives.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Placement {
    /// `crate::types::<Name>`, file `src/types/_<snake>.rs`.
    Types,
    /// `crate::types::error::<Name>`, file `src/types/error/_<snake>.rs`.
    Errors,
    /// `crate::operation::<op>::<Name>`, file `src/operation/<op>/_<snake>.rs`
    /// (the module name may be a raw identifier such as `r#match`).
    Operation(String),
}

/// A named Rust type generated for a shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeSymbol {
    /// The type name, e.g. `ValidationException`.
    pub name: String,
    /// Its module.
    pub placement: Placement,
}

impl TypeSymbol {
    /// The absolute path, e.g. `crate::types::error::ValidationException`.
    pub fn path(&self) -> String {
        format!("{}::{}", self.module_path(), self.name)
    }

    /// The module path, e.g. `crate::types::error`.
    pub fn module_path(&self) -> String {
        match &self.placement {
            Placement::Types => "crate::types".into(),
            Placement::Errors => "crate::types::error".into(),
            Placement::Operation(op) => format!("crate::operation::{op}"),
        }
    }

    /// The path of the type's builder, e.g. `crate::types::builders::TagBuilder`.
    pub fn builder_path(&self) -> String {
        let module = match &self.placement {
            Placement::Types => "crate::types::builders".into(),
            Placement::Errors => "crate::types::error::builders".into(),
            Placement::Operation(op) => format!("crate::operation::{op}::builders"),
        };
        format!("{module}::{}Builder", self.name)
    }

    /// The file defining the type, relative to the crate root.
    pub fn file(&self) -> String {
        let file = format!("_{}.rs", self.name.to_snake_case());
        match &self.placement {
            Placement::Types => format!("src/types/{file}"),
            Placement::Errors => format!("src/types/error/{file}"),
            Placement::Operation(op) => format!("src/operation/{}/{file}", bare(op)),
        }
    }

    /// The file's module name, e.g. `_tag`.
    pub fn file_module(&self) -> String {
        format!("_{}", self.name.to_snake_case())
    }

    /// The module of the type's wire (de)serialiser under `protocol_serde`.
    /// Each placement has its own prefix, so that a model shape named like an
    /// operation's synthetic input (`XInput`) or an error named like a type
    /// never shares a file with it: `shape_tag`, `error_conflict_exception`,
    /// `io_create_resource_snapshot_job_input`.
    pub fn serde_module(&self) -> String {
        let prefix = match self.placement {
            Placement::Types => "shape",
            Placement::Errors => "error",
            Placement::Operation(_) => "io",
        };
        format!("{prefix}_{}", self.name.to_snake_case())
    }

    /// The (de)serialiser's file, e.g. `src/protocol_serde/shape_tag.rs`.
    pub fn serde_file(&self) -> String {
        format!("src/protocol_serde/{}.rs", self.serde_module())
    }
}

/// A Rust identifier in its two forms: as code writes it (`r#type`,
/// `self_`) and bare, for building other names from it (`set_type`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RustIdent {
    escaped: String,
}

impl RustIdent {
    /// The identifier for a snake_case or UpperCamel name, escaped if it is a keyword.
    pub fn new(name: &str) -> RustIdent {
        RustIdent { escaped: escape_ident(name) }
    }

    /// As code writes it, e.g. `r#type`.
    pub fn as_str(&self) -> &str {
        &self.escaped
    }

    /// Without the raw-identifier prefix, e.g. `type`, for derived names and file names.
    pub fn bare(&self) -> &str {
        self.escaped.strip_prefix("r#").unwrap_or(&self.escaped)
    }
}

impl std::fmt::Display for RustIdent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.escaped)
    }
}

/// Every Rust name and generated file of one operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OperationNames {
    /// The operation module and the client method, e.g. `create_resource_snapshot_job`.
    pub module: RustIdent,
    /// The operation error enum, e.g. `CreateResourceSnapshotJobError`.
    pub error: String,
    /// The fluent builder, e.g. `CreateResourceSnapshotJobFluentBuilder`.
    pub fluent_builder: String,
    /// The method on `Client`: the module name, unless it is one of
    /// `Client`'s own methods (`config` → `config_operation`).
    pub client_method: RustIdent,
    /// The paginator of a `@paginated` operation, e.g. `ListOpportunitiesPaginator`.
    pub paginator: String,
    /// The paginator over its items, e.g. `ListOpportunitiesPaginatorItems`.
    pub paginator_items: String,
}

impl OperationNames {
    /// The names of the operation `op`.
    pub fn of(op: &ShapeId) -> OperationNames {
        let base = type_name(op.name());
        let base = base.strip_prefix("r#").unwrap_or(&base);
        let module = snake(op.name());
        let client_method = if matches!(module.as_str(), "config" | "new" | "from_conf" | "clone") {
            format!("{module}_operation")
        } else {
            module.clone()
        };
        OperationNames {
            client_method: RustIdent::new(&client_method),
            module: RustIdent::new(&module),
            error: format!("{base}Error"),
            fluent_builder: format!("{base}FluentBuilder"),
            paginator: format!("{base}Paginator"),
            paginator_items: format!("{base}PaginatorItems"),
        }
    }

    /// `crate::operation::<op>`.
    pub fn module_path(&self) -> String {
        format!("crate::operation::{}", self.module)
    }

    /// `crate::operation::<op>::<Op>Error`.
    pub fn error_path(&self) -> String {
        format!("{}::{}", self.module_path(), self.error)
    }

    /// `crate::operation::<op>::builders::<Op>FluentBuilder`.
    pub fn fluent_builder_path(&self) -> String {
        format!("{}::builders::{}", self.module_path(), self.fluent_builder)
    }

    /// `crate::operation::<op>::paginator::<Op>Paginator`.
    pub fn paginator_path(&self) -> String {
        format!("{}::paginator::{}", self.module_path(), self.paginator)
    }

    /// `src/operation/<op>/paginator.rs`: the paginators of a `@paginated` operation.
    pub fn paginator_file(&self) -> String {
        format!("src/operation/{}/paginator.rs", self.module.bare())
    }

    /// The module of the operation's wiring under `protocol_serde`, e.g. `op_create_resource_snapshot_job`.
    pub fn spec_module(&self) -> String {
        format!("op_{}", self.module.bare())
    }

    /// `crate::protocol_serde::op_<op>::Spec`.
    pub fn spec_path(&self) -> String {
        format!("crate::protocol_serde::{}::Spec", self.spec_module())
    }

    /// `src/operation/<op>.rs`: the module, with the error enum.
    pub fn module_file(&self) -> String {
        format!("src/operation/{}.rs", self.module.bare())
    }

    /// `src/operation/<op>/builders.rs`: the builders and the fluent builder.
    pub fn builders_file(&self) -> String {
        format!("src/operation/{}/builders.rs", self.module.bare())
    }

    /// `src/protocol_serde/op_<op>.rs`: the operation's wiring.
    pub fn spec_file(&self) -> String {
        format!("src/protocol_serde/{}.rs", self.spec_module())
    }
}

/// Every Rust name and generated file of one waiter (`smithy.waiters#waitable`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WaiterNames {
    /// The module under `waiters`, e.g. `stack_exists`.
    pub module: RustIdent,
    /// The method of the `Waiters` trait, e.g. `wait_until_stack_exists`.
    pub method: RustIdent,
    /// The fluent builder, e.g. `StackExistsFluentBuilder`.
    pub fluent_builder: String,
    /// The alias of the final poll, e.g. `StackExistsFinalPoll`.
    pub final_poll: String,
    /// The alias of the error, e.g. `WaitUntilStackExistsError`.
    pub error: String,
}

impl WaiterNames {
    /// The names of the waiter `name` (UpperCamelCase, as the model requires).
    pub fn of(name: &str) -> WaiterNames {
        let base = upper_camel(name);
        let module = snake(name);
        WaiterNames {
            method: RustIdent::new(&format!("wait_until_{module}")),
            module: RustIdent::new(&module),
            fluent_builder: format!("{base}FluentBuilder"),
            final_poll: format!("{base}FinalPoll"),
            error: format!("WaitUntil{base}Error"),
        }
    }

    /// `crate::waiters::<waiter>::<Waiter>FluentBuilder`.
    pub fn fluent_builder_path(&self) -> String {
        format!("crate::waiters::{}::{}", self.module, self.fluent_builder)
    }

    /// `src/waiters/<waiter>.rs`.
    pub fn file(&self) -> String {
        format!("src/waiters/{}.rs", self.module.bare())
    }
}

/// A Rust type a member can have.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RustType {
    /// `String`.
    String,
    /// `bool`.
    Bool,
    /// `i8`.
    I8,
    /// `i16`.
    I16,
    /// `i32` (also `intEnum`s).
    I32,
    /// `i64`.
    I64,
    /// `f32`.
    F32,
    /// `f64`.
    F64,
    /// `crate::primitives::BigInteger`.
    BigInteger,
    /// `crate::primitives::BigDecimal`.
    BigDecimal,
    /// `crate::primitives::DateTime`.
    DateTime,
    /// `crate::primitives::Blob`.
    Blob,
    /// `crate::primitives::ByteStream`, for `@streaming` blobs.
    ByteStream,
    /// `crate::primitives::Document`.
    Document,
    /// A generated type (structure, union, enum) by absolute path.
    Named(String),
    /// `Vec<T>`.
    Vec(Box<RustType>),
    /// `HashMap<K, T>`: keys are `String`, or the enum the model's key shape is.
    Map(Box<RustType>, Box<RustType>),
    /// `Option<T>`, for sparse list and map values.
    Option(Box<RustType>),
    /// `Box<T>`, for recursive members.
    Box(Box<RustType>),
}

impl RustType {
    /// Whether values are `Copy` (getters return them by value).
    pub fn is_copy(&self) -> bool {
        matches!(
            self,
            RustType::Bool
                | RustType::I8
                | RustType::I16
                | RustType::I32
                | RustType::I64
                | RustType::F32
                | RustType::F64
        )
    }
}

/// A naming conflict that would make the generated crate fail to compile.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "shapes `{first}` and `{second}` would both become the Rust type `{rust}`; rename one in the service's `rename` map"
)]
pub struct NameClash {
    /// The first shape.
    pub first: String,
    /// The second shape.
    pub second: String,
    /// The Rust path they share.
    pub rust: String,
}

/// The symbol table of a normalised model.
#[derive(Debug, Clone)]
pub struct Symbols {
    types: BTreeMap<ShapeId, TypeSymbol>,
}

/// Rust keywords (2021 and 2024 editions, strict and reserved).
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate", "do", "dyn", "else",
    "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "macro", "match", "mod",
    "move", "mut", "override", "priv", "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait",
    "true", "try", "type", "typeof", "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers.
const NOT_RAW: &[&str] = &["crate", "self", "Self", "super"];

/// Method names the generated types already use, which members must avoid.
const RESERVED_MEMBER_NAMES: &[&str] = &["builder", "build", "meta"];

/// Escapes a snake_case or UpperCamel name that is a Rust keyword.
pub fn escape_ident(name: &str) -> String {
    if NOT_RAW.contains(&name) {
        format!("{name}_")
    } else if KEYWORDS.contains(&name) {
        format!("r#{name}")
    } else {
        name.to_owned()
    }
}

/// `ResourceType` → `resource_type` (for modules, fields, methods).
pub fn snake(name: &str) -> String {
    name.to_snake_case()
}

/// `RESOURCE_TYPE` → `ResourceType`.
pub fn upper_camel(name: &str) -> String {
    name.to_upper_camel_case()
}

impl Symbols {
    /// Names every structure, union and enum of the model.
    pub fn build(model: &Model, service: &ShapeId) -> Result<Symbols, NameClash> {
        let rename = match model.shape(service).map(|s| &s.kind) {
            Some(ShapeKind::Service(svc)) => svc.rename.clone(),
            _ => BTreeMap::new(),
        };
        let mut types = BTreeMap::new();
        let mut taken: BTreeMap<(Placement, String), ShapeId> = BTreeMap::new();
        for shape in model.shapes() {
            let placement = match (&shape.kind, SyntheticIo::of(shape)) {
                (ShapeKind::Structure(_), Some(SyntheticIo::Input(op) | SyntheticIo::Output(op))) => {
                    Placement::Operation(operation_module(&op))
                }
                (ShapeKind::Structure(_), None) if shape.traits.is_error() => Placement::Errors,
                (ShapeKind::Structure(_) | ShapeKind::Union(_) | ShapeKind::Enum(_), None)
                    if !shape.id.is_prelude() =>
                {
                    Placement::Types
                }
                _ => continue,
            };
            let base = rename.get(&shape.id).map(String::as_str).unwrap_or(shape.id.name());
            let name = type_name(base);
            if let Some(first) = taken.insert((placement.clone(), name.clone()), shape.id.clone()) {
                let symbol = TypeSymbol { name, placement };
                return Err(NameClash { first: first.to_string(), second: shape.id.to_string(), rust: symbol.path() });
            }
            types.insert(shape.id.clone(), TypeSymbol { name, placement });
        }
        Ok(Symbols { types })
    }

    /// The generated type of a structure, union or enum.
    pub fn type_symbol(&self, id: &ShapeId) -> Option<&TypeSymbol> {
        self.types.get(id)
    }

    /// Every named type, in shape-id order.
    pub fn all(&self) -> impl Iterator<Item = (&ShapeId, &TypeSymbol)> {
        self.types.iter()
    }

    /// The Rust type of a member's value (without the optional wrapper).
    pub fn member_type(&self, model: &Model, member: &Member) -> RustType {
        self.target_type(model, &member.target, member.traits.has(BOX_TRAIT))
    }

    fn target_type(&self, model: &Model, target: &ShapeId, boxed: bool) -> RustType {
        let Some(shape) = model.shape(target) else { return RustType::Document };
        let ty = match &shape.kind {
            ShapeKind::Simple(simple) => match simple {
                SimpleType::Blob if shape.traits.streaming => RustType::ByteStream,
                SimpleType::Blob => RustType::Blob,
                SimpleType::Boolean => RustType::Bool,
                SimpleType::String => RustType::String,
                SimpleType::Byte => RustType::I8,
                SimpleType::Short => RustType::I16,
                SimpleType::Integer => RustType::I32,
                SimpleType::Long => RustType::I64,
                SimpleType::Float => RustType::F32,
                SimpleType::Double => RustType::F64,
                SimpleType::BigInteger => RustType::BigInteger,
                SimpleType::BigDecimal => RustType::BigDecimal,
                SimpleType::Timestamp => RustType::DateTime,
                SimpleType::Document => RustType::Document,
            },
            ShapeKind::IntEnum(_) => RustType::I32,
            ShapeKind::List(m) => {
                let inner = self.target_type(model, &m.target, false);
                RustType::Vec(Box::new(if shape.traits.sparse { RustType::Option(Box::new(inner)) } else { inner }))
            }
            ShapeKind::Map { key, value } => {
                // Enum keys keep their type, as in the official crates; any other key is a string.
                let key = match self.target_type(model, &key.target, false) {
                    named @ RustType::Named(_) => named,
                    _ => RustType::String,
                };
                let inner = self.target_type(model, &value.target, false);
                let value = if shape.traits.sparse { RustType::Option(Box::new(inner)) } else { inner };
                RustType::Map(Box::new(key), Box::new(value))
            }
            ShapeKind::Structure(_) | ShapeKind::Union(_) | ShapeKind::Enum(_) => match self.types.get(target) {
                Some(symbol) => RustType::Named(symbol.path()),
                None => RustType::Document,
            },
            ShapeKind::Operation(_) | ShapeKind::Service(_) | ShapeKind::Resource(_) => RustType::Document,
        };
        if boxed { RustType::Box(Box::new(ty)) } else { ty }
    }
}

/// A shape name as a Rust type name (`KMSKey` → `KmsKey`), escaped.
pub fn type_name(shape_name: &str) -> String {
    let name = upper_camel(shape_name);
    if NOT_RAW.contains(&name.as_str()) || name == "Unknown" { format!("{name}Value") } else { escape_ident(&name) }
}

/// A member's field, getter and setter base name (`ResourceType` → `resource_type`).
pub fn member_name(member: &Member) -> String {
    let name = snake(&member.name);
    if RESERVED_MEMBER_NAMES.contains(&name.as_str()) { format!("{name}_value") } else { escape_ident(&name) }
}

/// A member name without raw-identifier escaping, for `set_x` / `get_x` / `is_x`.
pub fn member_name_bare(member: &Member) -> String {
    bare(&member_name(member)).to_owned()
}

/// An identifier without its raw-identifier prefix (`r#type` → `type`).
pub fn bare(ident: &str) -> &str {
    ident.strip_prefix("r#").unwrap_or(ident)
}

/// The enum or union variant name of a member (`REQUIRED_FIELD_MISSING` → `RequiredFieldMissing`).
pub fn variant_name(member_name: &str) -> String {
    let name = upper_camel(member_name);
    let name = if name.starts_with(|c: char| c.is_ascii_digit()) { format!("Value{name}") } else { name };
    if matches!(name.as_str(), "Unknown" | "Self" | "Unhandled") { format!("{name}Value") } else { name }
}

/// The module and method name of an operation (`CreateResourceSnapshotJob` → `create_resource_snapshot_job`).
pub fn operation_module(op: &ShapeId) -> String {
    escape_ident(&snake(op.name()))
}

/// The package name for a service's SDK id (`PartnerCentral Selling` → `partnercentral-selling`).
pub fn crate_name(sdk_id: &str) -> String {
    let words: Vec<String> = sdk_id
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    words.join("-")
}

/// Whether a member is `Option<T>` on the client (Smithy 2.0 nullability as
/// the official SDK applies it): members of operation inputs and
/// `@clientOptional` members always are; otherwise `@required` members and
/// members with a non-null `@default` are plain values.
pub fn is_optional(container: &Shape, member: &Member) -> bool {
    if container.traits.input || member.traits.client_optional {
        return true;
    }
    if member.traits.required {
        return false;
    }
    !matches!(&member.traits.default, Some(v) if !v.is_null())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_are_escaped() {
        assert_eq!(escape_ident("type"), "r#type");
        assert_eq!(escape_ident("self"), "self_");
        assert_eq!(escape_ident("Self"), "Self_");
        assert_eq!(escape_ident("async"), "r#async");
        assert_eq!(escape_ident("name"), "name");
    }

    #[test]
    fn type_names_are_upper_camel_and_avoid_reserved_words() {
        assert_eq!(type_name("KMSKey"), "KmsKey");
        assert_eq!(type_name("ValidationException"), "ValidationException");
        assert_eq!(type_name("Self"), "SelfValue");
        assert_eq!(type_name("Unknown"), "UnknownValue");
        assert_eq!(type_name("Option"), "Option");
    }

    #[test]
    fn variant_names() {
        assert_eq!(variant_name("REQUIRED_FIELD_MISSING"), "RequiredFieldMissing");
        assert_eq!(variant_name("OPPORTUNITY"), "Opportunity");
        assert_eq!(variant_name("t2_micro"), "T2Micro");
        assert_eq!(variant_name("UNKNOWN"), "UnknownValue");
        assert_eq!(variant_name("V1x"), "V1x");
    }

    #[test]
    fn crate_names_come_from_the_sdk_id() {
        assert_eq!(crate_name("PartnerCentral Selling"), "partnercentral-selling");
        assert_eq!(crate_name("ACM PCA"), "acm-pca");
        assert_eq!(crate_name("Route 53"), "route-53");
    }

    #[test]
    fn operation_names_and_files_come_from_one_place() {
        let names = OperationNames::of(&ShapeId::new("ns", "Match"));
        assert_eq!(names.module.as_str(), "r#match");
        assert_eq!(names.module.bare(), "match");
        assert_eq!(names.error, "MatchError");
        assert_eq!(names.fluent_builder_path(), "crate::operation::r#match::builders::MatchFluentBuilder");
        assert_eq!(names.spec_file(), "src/protocol_serde/op_match.rs");
        assert_eq!(names.module_file(), "src/operation/match.rs");
        assert_eq!(OperationNames::of(&ShapeId::new("ns", "Config")).client_method.as_str(), "config_operation");
    }

    #[test]
    fn serde_files_differ_by_placement() {
        let op_input = TypeSymbol { name: "XInput".into(), placement: Placement::Operation("x".into()) };
        let model_shape = TypeSymbol { name: "XInput".into(), placement: Placement::Types };
        let error = TypeSymbol { name: "XInput".into(), placement: Placement::Errors };
        let files = [op_input.serde_file(), model_shape.serde_file(), error.serde_file()];
        assert_eq!(files.iter().collect::<std::collections::BTreeSet<_>>().len(), 3, "{files:?}");
    }

    #[test]
    fn operation_modules_are_snake_case() {
        assert_eq!(operation_module(&ShapeId::new("ns", "CreateResourceSnapshotJob")), "create_resource_snapshot_job");
    }

    #[test]
    fn paginators_are_named_after_the_operation() {
        let names = OperationNames::of(&ShapeId::new("ns", "ListThings"));
        assert_eq!(names.paginator_path(), "crate::operation::list_things::paginator::ListThingsPaginator");
        assert_eq!(names.paginator_items, "ListThingsPaginatorItems");
        assert_eq!(names.paginator_file(), "src/operation/list_things/paginator.rs");
    }
}
