//! Which files of the generated crate change when it is regenerated from the
//! new model. Each shape, operation and the service map to the files `emit`
//! writes for them:
//!
//! - a structure, union or enum: its type file ([`TypeSymbol::file`]) and its
//!   JSON (de)serialiser `src/protocol_serde/shape_<name>.rs`;
//! - an operation: `src/operation/<op>.rs` (module and error enum),
//!   `src/operation/<op>/builders.rs` (builders and the fluent builder) and
//!   `src/protocol_serde/op_<op>.rs` (its wiring);
//! - the indexes listing them (`src/types.rs`, `src/types/builders.rs`,
//!   `src/types/error.rs`, `src/operation.rs`, `src/protocol_serde.rs`,
//!   `src/client.rs`), and the service-wide files (`src/lib.rs`,
//!   `Cargo.toml`, `src/config/endpoint.rs`, runtime files).
//!
//! A type file changes when the report has a change with an effect on the
//! crate ([`Bump`] above `none`) or a documentation change on the shape, or
//! when a member looks different in Rust for another reason (its target
//! changed). The regeneration-stability test checks all of this against real
//! regeneration, so a placement change in `emit` shows up there first.
//!
//! [`TypeSymbol::file`]: crate::names::TypeSymbol::file

use std::collections::{BTreeMap, BTreeSet};

use super::DiffReport;
use super::change::{Bump, ChangeKind};
use super::side::{FieldView, Side, rendered_docs};
use crate::emit::RuntimeNeeds;
use crate::names::{OperationNames, Placement, TypeSymbol, crate_name};
use crate::smithy::{Shape, ShapeId, ShapeKind};

/// The files that regenerating adds, removes or rewrites.
pub(crate) fn changed_files(old: &Side, new: &Side, report: &DiffReport) -> BTreeSet<String> {
    let effective = report.changes.iter().filter(|c| c.semver > Bump::None);
    let touched: BTreeSet<&ShapeId> = effective
        .clone()
        .filter(|c| in_type_file(c.kind))
        .map(|c| &c.origin)
        .chain(&report.documentation.origins)
        .collect();
    let mut files = BTreeSet::new();
    shape_files(old, new, &touched, &mut files);
    operation_files(old, new, &touched, &mut files);
    index_files(old, new, &mut files);
    service_files(old, new, effective.map(|c| c.kind).collect(), &mut files);
    files
}

/// Whether a change shows in the type file of the shape it belongs to.
/// Timestamp formats live in the (de)serialisers, retry behaviour and
/// idempotency tokens in the operations' wiring, and service-level changes
/// in service-wide files; all are predicted from the models below.
fn in_type_file(kind: ChangeKind) -> bool {
    use ChangeKind::*;
    !matches!(
        kind,
        TimestampFormatChanged
            | ErrorFaultChanged
            | RetryableChanged
            | IdempotencyTokenAdded
            | IdempotencyTokenRemoved
            | ServiceChanged
            | ProtocolChanged
            | AuthChanged
            | EndpointRulesChanged
            | EndpointTestsChanged
            | ServiceIdentityChanged
            | ServiceVersionChanged
    )
}

fn serde_file(symbol: &TypeSymbol) -> String {
    symbol.serde_file()
}

fn shape_files(old: &Side, new: &Side, touched: &BTreeSet<&ShapeId>, files: &mut BTreeSet<String>) {
    let ids: BTreeSet<&ShapeId> = old.symbols.all().chain(new.symbols.all()).map(|(id, _)| id).collect();
    for id in ids {
        match (old.symbols.type_symbol(id), new.symbols.type_symbol(id)) {
            (Some(a), Some(b)) if a == b => {
                if touched.contains(id) || fields(old, id) != fields(new, id) {
                    files.insert(b.file());
                }
                if serde_view(old, id) != serde_view(new, id) {
                    files.insert(serde_file(b));
                }
            }
            (a, b) => {
                for symbol in a.into_iter().chain(b) {
                    files.insert(symbol.file());
                    files.insert(serde_file(symbol));
                }
            }
        }
    }
}

/// Each member's name and Rust view, in model order.
fn fields(side: &Side, id: &ShapeId) -> Vec<(String, FieldView)> {
    let Some(shape) = side.shape(id) else { return Vec::new() };
    shape.kind.members().into_iter().map(|m| (m.name.clone(), side.field(shape, m))).collect()
}

/// What a shape's (de)serialiser depends on: its kind, the directions it
/// travels in, and for structures and unions each member's wire name, field
/// name, optionality, default and timestamp format. Member types do not
/// matter: the (de)serialisers call generic functions.
fn serde_view(side: &Side, id: &ShapeId) -> Vec<String> {
    let dir = side.direction(id);
    let Some(shape) = side.shape(id) else { return Vec::new() };
    let mut view = vec![format!("{} {} {}", shape.kind.type_name(), dir.sent, dir.received)];
    if let ShapeKind::Structure(members) | ShapeKind::Union(members) = &shape.kind {
        view.extend(members.iter().map(|m| {
            let field = side.field(shape, m);
            let format = m.traits.timestamp_format.or_else(|| side.shape(&m.target)?.traits.timestamp_format);
            let unit = m.target.to_string() == crate::smithy::UNIT;
            let name = Side::field_name(m);
            format!("{} {name} {} {:?} {format:?} {unit}", m.name, field.optional, field.default)
        }));
    }
    view
}

fn operation_files(old: &Side, new: &Side, touched: &BTreeSet<&ShapeId>, files: &mut BTreeSet<String>) {
    let ops: BTreeSet<ShapeId> = old.operations().into_iter().chain(new.operations()).collect();
    for op in ops {
        let names = OperationNames::of(&op);
        let (module_file, builders, spec) = (names.module_file(), names.builders_file(), names.spec_file());
        let paginator = names.paginator_file();
        let (Some(a), Some(b)) = (old.shape(&op), new.shape(&op)) else {
            if old.shape(&op).or(new.shape(&op)).is_some_and(|s| s.traits.paginated.is_some()) {
                files.insert(paginator);
            }
            files.extend([module_file, builders, spec]);
            continue;
        };
        // Paging adds the paginator module (declared in the module file, entered
        // from the fluent builder); the paginator reads the input's
        // fallibility and the output's fields.
        if a.traits.paginated != b.traits.paginated {
            files.extend([module_file.clone(), builders.clone(), paginator]);
        } else if b.traits.paginated.is_some() && paginator_view(old, a) != paginator_view(new, b) {
            files.insert(paginator);
        }
        let errors_differ = error_variants(old, a) != error_variants(new, b);
        // The error enum's variant docs are the error structures' documentation.
        let docs = |side: &Side, e: &ShapeId| side.shape(e).and_then(|s| rendered_docs(&s.traits));
        let error_docs_changed = errors_of(b).iter().any(|e| docs(old, e) != docs(new, e));
        if touched.contains(&op) || errors_differ || error_docs_changed {
            files.insert(module_file);
        }
        if errors_differ || spec_view(old, a) != spec_view(new, b) {
            files.insert(spec);
        }
        let input = |side: &Side, shape: &Shape| match &shape.kind {
            ShapeKind::Operation(o) => fluent_view(side, &o.input),
            _ => Vec::new(),
        };
        if input(old, a) != input(new, b) {
            files.insert(builders);
        }
    }
}

/// What a paginator depends on: whether the input's `build()` can fail, and
/// the fields its token, page size and item paths start from.
fn paginator_view(side: &Side, op: &Shape) -> Vec<String> {
    let (ShapeKind::Operation(o), Some(paged)) = (&op.kind, &op.traits.paginated) else { return Vec::new() };
    let first = |path: &Option<String>| path.as_deref().map(|p| p.split('.').next().unwrap_or(p).to_owned());
    let field = |structure: &ShapeId, name: Option<String>| {
        let found = fields(side, structure).into_iter().find(|(n, _)| Some(n) == name.as_ref());
        format!("{found:?}")
    };
    let fallible = side.shape(&o.input).is_some_and(|input| side.fallible(input));
    vec![
        fallible.to_string(),
        field(&o.input, paged.input_token.clone()),
        field(&o.input, paged.page_size.clone()),
        field(&o.output, first(&paged.output_token)),
        field(&o.output, first(&paged.items)),
    ]
}

/// What the fluent builder shows of the input: whether `build()` can fail,
/// and each member's name, type and docs.
fn fluent_view(side: &Side, input: &ShapeId) -> Vec<String> {
    let Some(shape) = side.shape(input) else { return Vec::new() };
    let members = shape.kind.members();
    let fields = members.iter().map(|m| {
        let view = side.field(shape, m);
        format!("{} {:?} {:?} {:?}", m.name, view.ty, rendered_docs(&m.traits), m.traits.deprecated)
    });
    std::iter::once(side.fallible(shape).to_string()).chain(fields).collect()
}

/// What an operation's wiring depends on beyond its error list: which
/// errors are retryable, and which input members get idempotency tokens.
fn spec_view(side: &Side, op: &Shape) -> Vec<String> {
    let ShapeKind::Operation(o) = &op.kind else { return Vec::new() };
    let retry = o.errors.iter().map(|e| format!("{e} {:?}", side.shape(e).and_then(|s| s.traits.retryable)));
    let tokens = side.shape(&o.input).map(|input| input.kind.members()).unwrap_or_default();
    let tokens = tokens.into_iter().filter(|m| m.traits.idempotency_token).map(|m| m.name.clone());
    retry.chain(tokens).collect()
}

fn errors_of(op: &Shape) -> Vec<ShapeId> {
    match &op.kind {
        ShapeKind::Operation(o) => o.errors.clone(),
        _ => Vec::new(),
    }
}

fn error_variants(side: &Side, op: &Shape) -> Vec<(ShapeId, Option<String>)> {
    errors_of(op).into_iter().map(|e| (e.clone(), side.symbols.type_symbol(&e).map(|s| s.path()))).collect()
}

/// Index entries of one placement: file module → (type name, has a builder).
fn index_entries(side: &Side, placement: &Placement) -> BTreeMap<String, (String, bool)> {
    // The index lists modules and types; the builders index lists structures.
    side.symbols
        .all()
        .filter(|(_, s)| &s.placement == placement)
        .map(|(id, s)| {
            let builder = matches!(side.shape(id).map(|s| &s.kind), Some(ShapeKind::Structure(_)));
            (s.file_module(), (s.name.clone(), builder))
        })
        .collect()
}

fn index_files(old: &Side, new: &Side, files: &mut BTreeSet<String>) {
    for (placement, index, builders) in [
        (Placement::Types, "src/types.rs", "src/types/builders.rs"),
        (Placement::Errors, "src/types/error.rs", "src/types/error/builders.rs"),
    ] {
        let (a, b) = (index_entries(old, &placement), index_entries(new, &placement));
        let types = |m: &BTreeMap<String, (String, bool)>| -> Vec<(String, String)> {
            m.iter().map(|(k, (n, _))| (k.clone(), n.clone())).collect()
        };
        if types(&a) != types(&b) {
            files.insert(index.to_owned());
        }
        let with_builder = |m: &BTreeMap<String, (String, bool)>| -> Vec<String> {
            m.iter().filter(|(_, (_, b))| *b).map(|(k, _)| k.clone()).collect()
        };
        if with_builder(&a) != with_builder(&b) {
            files.insert(builders.to_owned());
        }
    }
    // `types.rs` declares `pub mod error;` only when there are errors.
    if index_entries(old, &Placement::Errors).is_empty() != index_entries(new, &Placement::Errors).is_empty() {
        files.insert("src/types.rs".to_owned());
    }
    if old.operations() != new.operations() {
        files.extend(["src/operation.rs", "src/client.rs", "src/protocol_serde.rs"].map(str::to_owned));
    }
    let serde_modules = |side: &Side| -> BTreeSet<String> { side.symbols.all().map(|(_, s)| serde_file(s)).collect() };
    if serde_modules(old) != serde_modules(new) {
        files.insert("src/protocol_serde.rs".to_owned());
    }
}

fn service_files(old: &Side, new: &Side, kinds: BTreeSet<ChangeKind>, files: &mut BTreeSet<String>) {
    // The crate's front page: the service's documentation, its operations
    // with their first sentences, and an example call of one of them.
    let front_page =
        |side: &Side| crate::emit::front_page_markdown(&side.model, &side.symbols, &side.service_id, &package(side));
    if front_page(old) != front_page(new) {
        files.insert("src/lib.rs".to_owned());
    }
    // The client lists every operation with its documentation.
    let op_docs = |side: &Side| -> Vec<(ShapeId, Option<String>)> {
        side.operations()
            .into_iter()
            .map(|op| (op.clone(), side.shape(&op).and_then(|s| rendered_docs(&s.traits))))
            .collect()
    };
    if op_docs(old) != op_docs(new) {
        files.insert("src/client.rs".to_owned());
    }
    // The client names the service's sdkId to find an endpoint configured
    // for it alone.
    let sdk_id = |side: &Side| match side.service().and_then(|s| s.traits.aws_service.as_ref()) {
        Some(aws) => aws.sdk_id.clone(),
        None => side.service_id.name().to_owned(),
    };
    if sdk_id(old) != sdk_id(new) {
        files.insert("src/client.rs".to_owned());
    }
    // The package name is in the manifest and in the user agent.
    if package(old) != package(new) {
        files.extend(["Cargo.toml", "src/protocol_serde.rs"].map(str::to_owned));
    }
    let title = |s: &Side| s.service().and_then(|s| s.traits.get("smithy.api#title").cloned());
    if title(old) != title(new) {
        files.extend(["Cargo.toml", "src/client.rs", "src/lib.rs"].map(str::to_owned));
    }
    if kinds.contains(&ChangeKind::EndpointRulesChanged) || kinds.contains(&ChangeKind::EndpointTestsChanged) {
        files.insert("src/config/endpoint.rs".to_owned());
    }
    if kinds.contains(&ChangeKind::ProtocolChanged) || kinds.contains(&ChangeKind::AuthChanged) {
        files.insert("src/protocol_serde.rs".to_owned());
    }
    // Each operation's wiring writes the protocol's request headers (content
    // type, target `<Service>.<Operation>`, query mode).
    if kinds.contains(&ChangeKind::ProtocolChanged) || old.service_id.name() != new.service_id.name() {
        files.extend(new.operations().iter().map(|op| OperationNames::of(op).spec_file()));
    }
    runtime_files(old, new, files);
}

/// The default package name, as `emit` derives it.
fn package(side: &Side) -> String {
    match side.service().and_then(|s| s.traits.aws_service.as_ref()) {
        Some(aws) => crate_name(&aws.sdk_id),
        None => crate_name(side.service_id.name()),
    }
}

/// Which optional runtime pieces a side needs, as `emit` decides it.
fn runtime_needs(side: &Side) -> RuntimeNeeds {
    let operations: Vec<&Shape> = side.operations().iter().filter_map(|op| side.shape(op)).collect();
    RuntimeNeeds::of_model(&side.model, &operations)
}

/// A change in the runtime pieces the shapes need changes the runtime crate's
/// features (`Cargo.toml`) and the primitives the crate re-exports.
fn runtime_files(old: &Side, new: &Side, files: &mut BTreeSet<String>) {
    if runtime_needs(old) != runtime_needs(new) {
        files.extend(["src/primitives.rs", "Cargo.toml"].map(str::to_owned));
    }
}
