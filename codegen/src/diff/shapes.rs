//! Data shapes: added, removed, changed type, moved in Rust, and the
//! shape-level traits (constraints, sensitivity, `@sparse`, `@error`,
//! `@retryable`); members and enum values are compared by their own modules.

use std::collections::BTreeSet;

use super::change::{Bump, ChangeKind, Impact};
use super::enums::compare_enum;
use super::members::{compare_collection_member, compare_members};
use super::record::{At, Recorder};
use super::traits::{compare_common, compare_constraints, compare_sensitive};
use crate::passes::SYNTHETIC_NAMESPACE;
use crate::smithy::{Shape, ShapeId, ShapeKind};

/// Compares every data shape of the two closures (the prelude excluded).
pub(crate) fn compare_shapes(r: &mut Recorder<'_>) {
    let ids: BTreeSet<ShapeId> = r
        .old
        .model
        .shapes()
        .chain(r.new.model.shapes())
        .filter(|s| s.kind.is_data() && !s.id.is_prelude())
        .map(|s| s.id.clone())
        .collect();
    for id in ids {
        // Operation inputs and outputs come and go with their operation.
        let synthetic = id.namespace() == SYNTHETIC_NAMESPACE;
        match (r.old.shape(&id), r.new.shape(&id)) {
            (None, Some(s)) if !synthetic => shape_added(r, s),
            (Some(s), None) if !synthetic => shape_removed(r, s),
            (Some(a), Some(b)) => shape_changed(r, a, b),
            _ => {}
        }
    }
}

/// Why a shape's own addition or removal does not touch the Rust API.
fn no_rust_type(shape: &Shape) -> String {
    format!("{} shape has no Rust type of its own", shape.kind.type_name())
}

/// What a shape is in Rust, with its article: `a struct`, `an enum`.
fn kind_word(shape: &Shape) -> &'static str {
    match shape.kind {
        ShapeKind::Structure(_) => "a struct",
        ShapeKind::Union(_) | ShapeKind::Enum(_) => "an enum",
        _ => "no Rust type",
    }
}

fn shape_added(r: &mut Recorder<'_>, shape: &Shape) {
    let at = r.at(&shape.id);
    let (rust, semver) = match &at.rust_item {
        Some(path) => (Impact::compatible(format!("new Rust type `{path}` ({})", kind_word(shape))), Bump::Minor),
        None => (Impact::compatible(no_rust_type(shape)), Bump::None),
    };
    let detail = format!("new {} shape", shape.kind.type_name());
    r.record(
        ChangeKind::ShapeAdded,
        &at,
        detail,
        Impact::compatible("a new shape breaks no existing request"),
        rust,
        semver,
    );
}

fn shape_removed(r: &mut Recorder<'_>, shape: &Shape) {
    let at = r.at(&shape.id);
    let (rust, semver) = match &at.rust_item {
        Some(path) => (
            Impact::breaking(format!("`{path}` ({}) is removed: code naming it no longer compiles", kind_word(shape))),
            Bump::Major,
        ),
        None => (Impact::compatible(no_rust_type(shape)), Bump::None),
    };
    let detail = format!("{} shape removed (no longer reachable from the selected operations)", shape.kind.type_name());
    let wire = Impact::compatible("members that used it are reported separately");
    r.record(ChangeKind::ShapeRemoved, &at, detail, wire, rust, semver);
}

fn shape_changed(r: &mut Recorder<'_>, old: &Shape, new: &Shape) {
    let at = r.at(&new.id);
    let dir = r.direction(&new.id);
    compare_common(r, &at, &old.traits, &new.traits);
    if old.kind.type_name() != new.kind.type_name() {
        return type_changed(r, &at, old, new);
    }
    let (old_path, new_path) = (r.old.rust_path(&old.id), r.new.rust_path(&new.id));
    if let (Some(a), Some(b)) = (&old_path, &new_path) {
        if a != b {
            let rust = Impact::breaking(format!("`{a}` becomes `{b}`: code naming the old path no longer compiles"));
            let wire = Impact::compatible("Rust names are not on the wire");
            r.record(ChangeKind::RustPathChanged, &at, format!("Rust type `{a}` → `{b}`"), wire, rust, Bump::Major);
        }
    }
    compare_constraints(r, &at, &old.traits, &new.traits, dir, "");
    let via = match new.kind {
        ShapeKind::Structure(_) | ShapeKind::Union(_) => "",
        _ => " (members that target it are redacted)",
    };
    let via = if new.traits.sensitive { via.to_owned() } else { via.replace("are redacted", "are no longer redacted") };
    compare_sensitive(r, &at, old.traits.sensitive, new.traits.sensitive, &via);
    compare_sparse(r, &at, old, new);
    compare_error_traits(r, &at, old, new);
    match (&old.kind, &new.kind) {
        (ShapeKind::Structure(_), ShapeKind::Structure(_)) | (ShapeKind::Union(_), ShapeKind::Union(_)) => {
            compare_members(r, old, new)
        }
        (ShapeKind::Enum(_), ShapeKind::Enum(_)) | (ShapeKind::IntEnum(_), ShapeKind::IntEnum(_)) => {
            compare_enum(r, old, new)
        }
        (ShapeKind::List(a), ShapeKind::List(b)) => compare_collection_member(r, new, (a, b)),
        (ShapeKind::Map { key: ka, value: va }, ShapeKind::Map { key: kb, value: vb }) => {
            compare_collection_member(r, new, (ka, kb));
            compare_collection_member(r, new, (va, vb));
        }
        _ => {}
    }
}

/// How a shape travels in JSON, for type changes.
fn json_type(shape: &Shape) -> &'static str {
    match &shape.kind {
        ShapeKind::Enum(_) => "string",
        ShapeKind::IntEnum(_) => "integer",
        ShapeKind::Structure(_) | ShapeKind::Map { .. } => "object",
        ShapeKind::Union(_) => "object",
        ShapeKind::List(_) => "array",
        kind => kind.type_name(),
    }
}

fn type_changed(r: &mut Recorder<'_>, at: &At, old: &Shape, new: &Shape) {
    let (old_path, new_path) = (r.old.rust_path(&old.id), r.new.rust_path(&new.id));
    let (rust, semver) = match (&old_path, &new_path) {
        (Some(a), Some(_)) => {
            let reason = format!("`{a}` changes from {} to {}", kind_word(old), kind_word(new));
            (Impact::breaking(reason), Bump::Major)
        }
        (Some(a), None) => (Impact::breaking(format!("`{a}` is removed")), Bump::Major),
        (None, Some(b)) => (
            Impact::compatible(format!(
                "new {} `{b}`; members that target it change type (listed separately)",
                kind_word(new)
            )),
            Bump::Minor,
        ),
        (None, None) => {
            (Impact::compatible("no Rust type of its own; members that target it are listed separately"), Bump::None)
        }
    };
    let wire = if json_type(old) == json_type(new) {
        Impact::dangerous(format!("still a JSON {}, but the allowed values may differ", json_type(new)))
    } else {
        Impact::breaking(format!("JSON {} becomes JSON {}", json_type(old), json_type(new)))
    };
    let detail = format!("{} → {}", old.kind.type_name(), new.kind.type_name());
    r.record(ChangeKind::ShapeTypeChanged, at, detail, wire, rust, semver);
}

fn compare_sparse(r: &mut Recorder<'_>, at: &At, old: &Shape, new: &Shape) {
    if old.traits.sparse == new.traits.sparse {
        return;
    }
    let dir = r.direction(&new.id);
    let (detail, wire) = if new.traits.sparse {
        let wire = if dir.received {
            Impact::dangerous("responses may now hold nulls, which older clients do not expect")
        } else {
            Impact::compatible("the service now accepts nulls")
        };
        ("now @sparse", wire)
    } else {
        let wire = if dir.sent {
            Impact::breaking("requests holding nulls are rejected")
        } else {
            Impact::compatible("responses no longer hold nulls")
        };
        ("no longer @sparse", wire)
    };
    let rust =
        Impact::breaking("elements change between `T` and `Option<T>`: fields of this type change (listed separately)");
    r.record(ChangeKind::SparseChanged, at, detail.into(), wire, rust, Bump::Major);
}

fn compare_error_traits(r: &mut Recorder<'_>, at: &At, old: &Shape, new: &Shape) {
    let (a, b) = (&old.traits, &new.traits);
    if a.error.is_some() && b.error.is_some() && a.error != b.error {
        let detail = format!(
            "error fault {:?} → {:?}",
            a.error.unwrap_or(crate::smithy::traits::ErrorFault::Client),
            b.error.unwrap_or(crate::smithy::traits::ErrorFault::Client)
        )
        .to_lowercase();
        let wire = Impact::compatible("the error's code is unchanged");
        let rust = Impact::compatible("the generated code does not depend on who is at fault");
        r.record(ChangeKind::ErrorFaultChanged, at, detail, wire, rust, Bump::None);
    }
    if a.retryable != b.retryable {
        let show = |t: &crate::smithy::Traits| match t.retryable {
            None => "not retryable",
            Some(x) if x.throttling => "retryable (throttling)",
            Some(_) => "retryable",
        };
        let detail = format!("{} → {}", show(a), show(b));
        let wire = Impact::compatible("the error's code is unchanged");
        let rust = Impact::compatible("the type is unchanged; the regenerated client retries it differently");
        r.record(ChangeKind::RetryableChanged, at, detail, wire, rust, Bump::Patch);
    }
}
