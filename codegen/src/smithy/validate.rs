//! Checks that a typed model is consistent: every reference resolves to a shape
//! of the right kind, enums have values, member names are distinct.

use std::collections::{BTreeMap, BTreeSet};

use super::error::Problem;
use super::model::{Member, Model, ShapeKind, SimpleType};
use super::shape_id::ShapeId;
use super::traits::EnumValue;

/// Returns every problem found, in shape-id order.
pub(super) fn validate(model: &Model, files: &BTreeMap<ShapeId, String>) -> Vec<Problem> {
    let mut problems = Vec::new();
    for shape in model.shapes() {
        let file = files.get(&shape.id).cloned().unwrap_or_default();
        let mut report = |at: &ShapeId, message: String| {
            problems.push(Problem { file: file.clone(), shape: Some(at.to_string()), message });
        };
        let expect = |report: &mut dyn FnMut(&ShapeId, String),
                      at: &ShapeId,
                      what: &str,
                      target: &ShapeId,
                      ok: &dyn Fn(&ShapeKind) -> bool,
                      kind: &str| {
            match model.shape(target) {
                None => report(at, format!("{what} `{target}` does not exist")),
                Some(t) if !ok(&t.kind) => {
                    report(at, format!("{what} `{target}` is a {}, not {kind}", t.kind.type_name()))
                }
                Some(_) => {}
            }
        };
        let is_structure = |k: &ShapeKind| matches!(k, ShapeKind::Structure(_));
        let is_operation = |k: &ShapeKind| matches!(k, ShapeKind::Operation(_));
        let is_resource = |k: &ShapeKind| matches!(k, ShapeKind::Resource(_));
        match &shape.kind {
            ShapeKind::Simple(simple) => {
                if shape.traits.legacy_enum.is_some() && *simple != SimpleType::String {
                    report(&shape.id, "the @enum trait only applies to string shapes".into());
                }
            }
            ShapeKind::Enum(members) | ShapeKind::IntEnum(members) => {
                let int = matches!(shape.kind, ShapeKind::IntEnum(_));
                if members.is_empty() {
                    report(&shape.id, "an enum needs at least one value".into());
                }
                let mut values = BTreeSet::new();
                for m in members {
                    if m.target != ShapeId::new("smithy.api", "Unit") {
                        report(&m.id, "enum members must target smithy.api#Unit".into());
                    }
                    let value = match (&m.traits.enum_value, int) {
                        (Some(EnumValue::String(s)), false) => s.clone(),
                        (None, false) => m.name.clone(),
                        (Some(EnumValue::Int(i)), true) => i.to_string(),
                        (_, true) => {
                            report(&m.id, "intEnum members need an integer @enumValue".into());
                            continue;
                        }
                        (Some(EnumValue::Int(_)), false) => {
                            report(&m.id, "enum members need a string @enumValue".into());
                            continue;
                        }
                    };
                    if !int && value.is_empty() {
                        report(&m.id, "enum values must not be empty".into());
                    }
                    if !values.insert(value.clone()) {
                        report(&m.id, format!("the enum value `{value}` is used twice"));
                    }
                }
                check_member_names(members, &mut report);
            }
            ShapeKind::List(member) => check_data_target(model, member, &mut report),
            ShapeKind::Map { key, value } => {
                check_data_target(model, key, &mut report);
                check_data_target(model, value, &mut report);
                if let Some(k) = model.shape(&key.target) {
                    if !matches!(k.kind, ShapeKind::Simple(SimpleType::String) | ShapeKind::Enum(_)) {
                        report(&key.id, format!("map keys must target a string or enum, not a {}", k.kind.type_name()));
                    }
                }
            }
            ShapeKind::Structure(members) | ShapeKind::Union(members) => {
                if matches!(shape.kind, ShapeKind::Union(_)) && members.is_empty() {
                    report(&shape.id, "a union needs at least one member".into());
                }
                for m in members {
                    check_data_target(model, m, &mut report);
                }
                check_member_names(members, &mut report);
            }
            ShapeKind::Operation(op) => {
                expect(&mut report, &shape.id, "input", &op.input, &is_structure, "a structure");
                expect(&mut report, &shape.id, "output", &op.output, &is_structure, "a structure");
                for e in &op.errors {
                    check_error(model, &shape.id, e, &mut report);
                }
            }
            ShapeKind::Service(svc) => {
                for op in &svc.operations {
                    expect(&mut report, &shape.id, "operation", op, &is_operation, "an operation");
                }
                for r in &svc.resources {
                    expect(&mut report, &shape.id, "resource", r, &is_resource, "a resource");
                }
                for e in &svc.errors {
                    check_error(model, &shape.id, e, &mut report);
                }
                for from in svc.rename.keys() {
                    if model.shape(from).is_none() {
                        report(&shape.id, format!("`rename` names `{from}`, which does not exist"));
                    }
                }
            }
            ShapeKind::Resource(res) => {
                for op in res.all_operations() {
                    expect(&mut report, &shape.id, "operation", op, &is_operation, "an operation");
                }
                for r in &res.resources {
                    expect(&mut report, &shape.id, "resource", r, &is_resource, "a resource");
                }
                for (name, target) in &res.identifiers {
                    let ok = |k: &ShapeKind| matches!(k, ShapeKind::Simple(SimpleType::String) | ShapeKind::Enum(_));
                    expect(&mut report, &shape.id, &format!("identifier `{name}`"), target, &ok, "a string");
                }
            }
        }
    }
    problems
}

fn check_data_target(model: &Model, member: &Member, report: &mut impl FnMut(&ShapeId, String)) {
    match model.shape(&member.target) {
        None => report(&member.id, format!("targets `{}`, which does not exist", member.target)),
        Some(t) if !t.kind.is_data() => report(
            &member.id,
            format!("targets `{}`, a {}; members must target data shapes", member.target, t.kind.type_name()),
        ),
        Some(t) if t.traits.mixin => report(&member.id, format!("targets the mixin `{}`", member.target)),
        Some(_) => {}
    }
}

fn check_error(model: &Model, at: &ShapeId, error: &ShapeId, report: &mut impl FnMut(&ShapeId, String)) {
    match model.shape(error) {
        None => report(at, format!("error `{error}` does not exist")),
        Some(e) if !matches!(e.kind, ShapeKind::Structure(_)) => {
            report(at, format!("error `{error}` is a {}, not a structure", e.kind.type_name()))
        }
        Some(e) if !e.traits.is_error() => report(at, format!("error `{error}` lacks the @error trait")),
        Some(_) => {}
    }
}

/// Generated code derives names from member names, so names equal up to case
/// (and `_`) would collide.
fn check_member_names(members: &[Member], report: &mut impl FnMut(&ShapeId, String)) {
    let mut seen: BTreeMap<String, &str> = BTreeMap::new();
    for m in members {
        let folded: String = m.name.chars().filter(|c| *c != '_').flat_map(char::to_lowercase).collect();
        if let Some(first) = seen.insert(folded, &m.name) {
            report(
                &m.id,
                format!("member name `{}` clashes with `{first}` (names must differ in more than case)", m.name),
            );
        }
    }
}
