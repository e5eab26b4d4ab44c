//! Enum and intEnum values: added, removed, renamed (same wire value, other
//! name) or changed (same name, other wire value). Values are matched by wire
//! value first, as that is what clients and the service exchange.

use super::change::{Bump, ChangeKind, Impact};
use super::record::{At, Recorder};
use super::traits::compare_common;
use crate::names::variant_name;
use crate::smithy::traits::EnumValue;
use crate::smithy::{Member, Shape, ShapeKind};

/// Compares the values of an enum or intEnum present on both sides.
pub(crate) fn compare_enum(r: &mut Recorder<'_>, old: &Shape, new: &Shape) {
    let int = matches!(new.kind, ShapeKind::IntEnum(_));
    let at = r.at(&new.id);
    let (old_values, new_values) = (old.kind.members(), new.kind.members());
    let in_new = |v: &str| new_values.iter().any(|m| wire_value(m) == v);
    let mut changed = Vec::new();
    for b in &new_values {
        let value = wire_value(b);
        let at_v = at.member(&b.name, variant_item(&at, b, int));
        if let Some(a) = old_values.iter().find(|a| wire_value(a) == value) {
            compare_common(r, &at_v, &a.traits, &b.traits);
            if a.name != b.name {
                value_renamed(r, &at, a, b, int);
            }
        } else if let Some(a) = old_values.iter().find(|a| a.name == b.name && !in_new(&wire_value(a))) {
            changed.push(a.name.clone());
            value_changed(r, &at_v, a, b, int);
        } else {
            value_added(r, &at_v, b, int);
        }
    }
    for a in &old_values {
        if !in_new(&wire_value(a)) && !changed.contains(&a.name) {
            let at_v = at.member(&a.name, variant_item(&at, a, int));
            value_removed(r, &at_v, a, int);
        }
    }
    compare_order(r, &at, &old_values, &new_values, int);
}

/// The values both sides have, in each side's order. Generated enums order
/// their values by wire value, so a new order changes nothing in Rust.
fn compare_order(r: &mut Recorder<'_>, at: &At, old: &[&Member], new: &[&Member], int: bool) {
    let values = |members: &[&Member]| members.iter().map(|m| wire_value(m)).collect::<Vec<_>>();
    let (before, after) = (values(old), values(new));
    let common_before: Vec<&String> = before.iter().filter(|v| after.contains(v)).collect();
    let common_after: Vec<&String> = after.iter().filter(|v| before.contains(v)).collect();
    if common_before == common_after {
        return;
    }
    let wire = Impact::compatible("the order of values is not on the wire");
    let (rust, semver) = if int {
        plain_integers()
    } else {
        let ty = at.rust_item.as_deref().and_then(|p| p.rsplit("::").next()).unwrap_or(&at.shape);
        let reason =
            format!("`{ty}` orders its values by wire value, not declaration order: nothing changes for callers");
        (Impact::compatible(reason), Bump::Patch)
    };
    let show = |v: &[&String]| v.iter().map(|v| format!("`{v}`")).collect::<Vec<_>>().join(", ");
    let detail = format!("values reordered: {} → {}", show(&common_before), show(&common_after));
    r.record(ChangeKind::EnumValuesReordered, at, detail, wire, rust, semver);
}

/// The value as sent on the wire.
fn wire_value(m: &Member) -> String {
    match &m.traits.enum_value {
        Some(EnumValue::String(s)) => s.clone(),
        Some(EnumValue::Int(i)) => i.to_string(),
        None => m.name.clone(),
    }
}

fn variant_item(at: &At, m: &Member, int: bool) -> Option<String> {
    if int {
        return None;
    }
    at.rust_item.as_ref().map(|p| format!("{p}::{}", variant_name(&m.name)))
}

/// The enum's type name; `at` names one of its values.
fn type_name(at: &At) -> String {
    at.rust_item.as_deref().and_then(|p| p.rsplit("::").nth(1)).unwrap_or(&at.shape).to_owned()
}

fn plain_integers() -> (Impact, Bump) {
    (Impact::compatible("intEnum values are plain `i32` in the crate"), Bump::None)
}

fn value_added(r: &mut Recorder<'_>, at: &At, m: &Member, int: bool) {
    let value = wire_value(m);
    let dir = r.direction(&at.origin);
    let wire = match (dir.received, int) {
        (true, false) => Impact::dangerous(format!("older clients parse `{value}` as the enum's `Unknown`")),
        (true, true) => Impact::dangerous(format!("older clients receive `{value}`, which they do not know")),
        (false, _) => Impact::compatible("older clients never send it; the service accepts more"),
    };
    let (rust, semver) = if int {
        plain_integers()
    } else {
        let (ty, variant) = (type_name(at), variant_name(&m.name));
        let reason = format!(
            "new variant `{ty}::{variant}`; `{ty}` is #[non_exhaustive], so matches keep compiling (`{value}` used to parse as `{ty}::Unknown`; values compare by wire value, so existing orderings stay)"
        );
        (Impact::compatible(reason), Bump::Minor)
    };
    r.record(ChangeKind::EnumValueAdded, at, format!("new value `{value}`"), wire, rust, semver);
}

fn value_removed(r: &mut Recorder<'_>, at: &At, m: &Member, int: bool) {
    let value = wire_value(m);
    let dir = r.direction(&at.origin);
    let wire = if dir.sent {
        Impact::breaking(format!("requests using `{value}` are rejected"))
    } else {
        Impact::compatible("the service no longer sends it")
    };
    let (rust, semver) = if int {
        plain_integers()
    } else {
        let (ty, variant) = (type_name(at), variant_name(&m.name));
        let reason = format!(
            "variant `{ty}::{variant}` is removed: code naming it no longer compiles (`{value}` now parses as `{ty}::Unknown`)"
        );
        (Impact::breaking(reason), Bump::Major)
    };
    r.record(ChangeKind::EnumValueRemoved, at, format!("value `{value}` removed"), wire, rust, semver);
}

fn value_renamed(r: &mut Recorder<'_>, at: &At, a: &Member, b: &Member, int: bool) {
    let at_v = at.member(&b.name, variant_item(at, b, int));
    let value = wire_value(b);
    let wire = Impact::compatible(format!("the wire value `{value}` is unchanged"));
    let (old_variant, new_variant) = (variant_name(&a.name), variant_name(&b.name));
    let (rust, semver) = if int {
        plain_integers()
    } else if old_variant != new_variant {
        let ty = type_name(&at_v);
        (Impact::breaking(format!("variant `{ty}::{old_variant}` becomes `{ty}::{new_variant}`")), Bump::Major)
    } else {
        (Impact::compatible(format!("the variant stays `{new_variant}`")), Bump::None)
    };
    let detail = format!("value `{value}` renamed from `{}` to `{}`", a.name, b.name);
    r.record(ChangeKind::EnumValueRenamed, &at_v, detail, wire, rust, semver);
}

fn value_changed(r: &mut Recorder<'_>, at: &At, a: &Member, b: &Member, int: bool) {
    let (old_value, new_value) = (wire_value(a), wire_value(b));
    let dir = r.direction(&at.origin);
    let wire = if dir.sent {
        Impact::breaking(format!("older clients send `{old_value}`, which the service no longer knows"))
    } else {
        Impact::dangerous(format!("older clients do not know `{new_value}`"))
    };
    let (rust, semver) = if int {
        plain_integers()
    } else {
        let (ty, variant) = (type_name(at), variant_name(&b.name));
        let reason = format!(
            "`{ty}::{variant}` now stands for `{new_value}`: `as_str()` and `From<&str>` change, matches compile unchanged"
        );
        (Impact::dangerous(reason), Bump::Patch)
    };
    let detail = format!("`{}` now has the value `{new_value}` (was `{old_value}`)", b.name);
    r.record(ChangeKind::EnumValueChanged, at, detail, wire, rust, semver);
}
