//! One side of a comparison: a model normalised exactly as the generator
//! normalises it, its Rust symbols, and what the generated crate makes of
//! each member (type, optionality, whether `build()` checks it).

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use serde_json::Value;

use super::DiffError;
use crate::emit::html_to_markdown;
use crate::names::{RustType, Symbols, is_optional, member_name};
use crate::passes::{SYNTHETIC_NAMESPACE, normalize, resolve_service, service_operations};
use crate::smithy::{Member, Model, Service, Shape, ShapeId, ShapeKind, Traits};

/// Which way a shape travels: in requests, in responses (outputs and errors), or both.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Direction {
    /// Reachable from an operation input.
    pub sent: bool,
    /// Reachable from an operation output or error.
    pub received: bool,
}

impl Direction {
    /// Both directions combined.
    pub fn or(self, other: Direction) -> Direction {
        Direction { sent: self.sent || other.sent, received: self.received || other.received }
    }

    /// What to assume for a shape reached from neither: both.
    pub fn or_both(self) -> Direction {
        if self.sent || self.received { self } else { Direction { sent: true, received: true } }
    }
}

/// What the generated crate makes of one structure member.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct FieldView {
    /// The value type (without the `Option`).
    pub ty: RustType,
    /// Whether the field is `Option<ty>`.
    pub optional: bool,
    /// Whether `build()` fails when it is missing.
    pub checked: bool,
    /// Whether `Debug` redacts it.
    pub sensitive: bool,
    /// The default `build()` fills in, for non-optional fields.
    pub default: Option<Value>,
}

/// One model, prepared for comparison.
pub(crate) struct Side {
    /// The model normalised for the selected operations.
    pub model: Model,
    /// The service shape.
    pub service_id: ShapeId,
    /// Rust names of the normalised model.
    pub symbols: Symbols,
    /// Synthetic operation inputs and outputs → the structures they copy.
    originals: BTreeMap<ShapeId, ShapeId>,
    sent: BTreeSet<ShapeId>,
    received: BTreeSet<ShapeId>,
}

impl Side {
    /// Normalises `raw` for the operations of `wanted` it has (all when
    /// `wanted` is empty; none when it has none of them).
    pub fn prepare(
        raw: &Model,
        which: &'static str,
        service: Option<&ShapeId>,
        wanted: &[String],
    ) -> Result<Side, DiffError> {
        let select = |source| DiffError::Select { which, source };
        let service_id = resolve_service(raw, service).map_err(select)?;
        let available = service_operations(raw, &service_id);
        let present: Vec<String> = wanted.iter().filter(|w| available.contains_key(*w)).cloned().collect();
        let model = if !wanted.is_empty() && present.is_empty() {
            service_only(raw, &service_id)
        } else {
            normalize(raw, Some(&service_id), &present).map_err(select)?.0
        };
        let symbols = Symbols::build(&model, &service_id).map_err(|source| DiffError::Names { which, source })?;
        let mut originals = BTreeMap::new();
        for op_id in operations_of(&model, &service_id) {
            let Some(ShapeKind::Operation(op)) = raw.shape(&op_id).map(|s| &s.kind) else { continue };
            for (original, suffix) in [(&op.input, "Input"), (&op.output, "Output")] {
                if !original.is_prelude() {
                    let synthetic = ShapeId::new(SYNTHETIC_NAMESPACE, &format!("{}{suffix}", op_id.name()));
                    originals.insert(synthetic, original.clone());
                }
            }
        }
        let (sent, received) = directions(&model, &service_id);
        Ok(Side { model, service_id, symbols, originals, sent, received })
    }

    /// The shape with this id.
    pub fn shape(&self, id: &ShapeId) -> Option<&Shape> {
        self.model.shape(id)
    }

    /// The service shape.
    pub fn service(&self) -> Option<&Shape> {
        self.model.shape(&self.service_id)
    }

    /// The selected operations by id.
    pub fn operations(&self) -> Vec<ShapeId> {
        operations_of(&self.model, &self.service_id)
    }

    /// How the models name a shape: synthetic inputs and outputs by the
    /// structure they copy.
    pub fn display(&self, id: &ShapeId) -> String {
        match self.originals.get(&id.root()) {
            Some(original) => match id.member() {
                Some(m) => original.with_member(m).to_string(),
                None => original.to_string(),
            },
            None => id.to_string(),
        }
    }

    /// The Rust path of a shape's type relative to the crate root, e.g. `types::Tag`.
    pub fn rust_path(&self, id: &ShapeId) -> Option<String> {
        self.symbols.type_symbol(id).map(|s| crate_relative(&s.path()))
    }

    /// Which way the shape travels.
    pub fn direction(&self, id: &ShapeId) -> Direction {
        let root = id.root();
        Direction { sent: self.sent.contains(&root), received: self.received.contains(&root) }
    }

    /// What the generated structure makes of `member`.
    pub fn field(&self, container: &Shape, member: &Member) -> FieldView {
        let ty = self.symbols.member_type(&self.model, member);
        let optional = is_optional(container, member);
        let default = match &member.traits.default {
            Some(v) if !v.is_null() && !optional => Some(v.clone()),
            _ => None,
        };
        let checked = member.traits.required && default.is_none() && !member.traits.idempotency_token;
        let target_sensitive = self.shape(&member.target).is_some_and(|t| t.traits.sensitive);
        let sensitive = container.traits.sensitive || member.traits.sensitive || target_sensitive;
        FieldView { ty, optional, checked, sensitive, default }
    }

    /// Whether the structure's `build()` returns a `Result`.
    pub fn fallible(&self, container: &Shape) -> bool {
        match &container.kind {
            ShapeKind::Structure(members) => members.iter().any(|m| self.field(container, m).checked),
            _ => false,
        }
    }

    /// The member's field (or method) name in Rust.
    pub fn field_name(member: &Member) -> String {
        member_name(member)
    }
}

/// Documentation as the generated crate shows it (Markdown converted from
/// the model's HTML), so reflowed or re-marked-up text that renders the same
/// is not a change.
pub(crate) fn rendered_docs(traits: &Traits) -> Option<String> {
    traits.documentation.as_deref().map(html_to_markdown).filter(|d| !d.trim().is_empty())
}

/// `crate::types::Tag` → `types::Tag`.
pub(crate) fn crate_relative(path: &str) -> String {
    path.strip_prefix("crate::").unwrap_or(path).to_owned()
}

/// A Rust type as users read it: `Option<Vec<Tag>>`, `String`, `Box<Node>`.
pub(crate) fn type_text(ty: &RustType) -> String {
    match ty {
        RustType::String => "String".into(),
        RustType::Bool => "bool".into(),
        RustType::I8 => "i8".into(),
        RustType::I16 => "i16".into(),
        RustType::I32 => "i32".into(),
        RustType::I64 => "i64".into(),
        RustType::F32 => "f32".into(),
        RustType::F64 => "f64".into(),
        RustType::BigInteger => "BigInteger".into(),
        RustType::BigDecimal => "BigDecimal".into(),
        RustType::DateTime => "DateTime".into(),
        RustType::Blob => "Blob".into(),
        RustType::ByteStream => "ByteStream".into(),
        RustType::Document => "Document".into(),
        RustType::Named(path) => path.rsplit("::").next().unwrap_or(path).to_owned(),
        RustType::Vec(inner) => format!("Vec<{}>", type_text(inner)),
        RustType::Map(key, inner) => format!("HashMap<{}, {}>", type_text(key), type_text(inner)),
        RustType::Option(inner) => format!("Option<{}>", type_text(inner)),
        RustType::Box(inner) => format!("Box<{}>", type_text(inner)),
    }
}

/// A field's declared type as text.
pub(crate) fn field_type_text(view: &FieldView) -> String {
    let ty = type_text(&view.ty);
    if view.optional { format!("Option<{ty}>") } else { ty }
}

/// The operations the normalised service holds, in id order.
fn operations_of(model: &Model, service: &ShapeId) -> Vec<ShapeId> {
    match model.shape(service).map(|s| &s.kind) {
        Some(ShapeKind::Service(svc)) => {
            let mut ops = svc.operations.clone();
            ops.sort();
            ops
        }
        _ => Vec::new(),
    }
}

/// The crate for operations this side does not have: only the service.
fn service_only(raw: &Model, service: &ShapeId) -> Model {
    let mut model = Model::default();
    if let Some(shape) = raw.shape(service) {
        let mut shape = shape.clone();
        if let ShapeKind::Service(svc) = &shape.kind {
            shape.kind = ShapeKind::Service(Service {
                version: svc.version.clone(),
                rename: svc.rename.clone(),
                ..Default::default()
            });
        }
        model.insert(shape);
    }
    model
}

/// Shapes reachable from operation inputs, and from outputs and errors.
fn directions(model: &Model, service: &ShapeId) -> (BTreeSet<ShapeId>, BTreeSet<ShapeId>) {
    let mut inputs = Vec::new();
    let mut outputs = Vec::new();
    for op in operations_of(model, service) {
        if let Some(ShapeKind::Operation(op)) = model.shape(&op).map(|s| &s.kind) {
            inputs.push(op.input.clone());
            outputs.push(op.output.clone());
            outputs.extend(op.errors.iter().cloned());
        }
    }
    (reachable(model, inputs), reachable(model, outputs))
}

fn reachable(model: &Model, roots: Vec<ShapeId>) -> BTreeSet<ShapeId> {
    let mut seen = BTreeSet::new();
    let mut queue: VecDeque<ShapeId> = roots.into();
    while let Some(id) = queue.pop_front() {
        if !seen.insert(id.clone()) {
            continue;
        }
        if let Some(shape) = model.shape(&id) {
            queue.extend(shape.kind.members().into_iter().map(|m| m.target.clone()));
        }
    }
    seen
}
