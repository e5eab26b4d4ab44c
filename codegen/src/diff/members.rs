//! Members of structures, unions, lists and maps: added, removed,
//! retargeted, and the traits that decide their Rust shape (`@required`,
//! `@default`, `@clientOptional`, `@idempotencyToken`).

use super::change::{Bump, ChangeKind, Impact};
use super::record::{At, Recorder};
use super::side::{Direction, FieldView, Side, field_type_text, type_text};
use super::traits::{compare_common, compare_constraints, compare_sensitive};
use crate::names::variant_name;
use crate::smithy::{Member, Shape, ShapeKind, SimpleType, Traits};

/// A container and one of its members, on one side.
type Slot<'s> = (&'s Shape, &'s Member);

/// Compares the members of a structure or union present on both sides.
pub(crate) fn compare_members(r: &mut Recorder<'_>, old: &Shape, new: &Shape) {
    let at = r.at(&new.id);
    let dir = r.direction(&new.id);
    let (old_members, new_members) = (old.kind.members(), new.kind.members());
    for m in &new_members {
        match old_members.iter().find(|o| o.name == m.name) {
            None => member_added(r, &at, old, new, m, dir),
            Some(o) => member_changed(r, &at, (old, o), (new, m), dir),
        }
    }
    for o in old_members.iter().filter(|o| !new_members.iter().any(|m| m.name == o.name)) {
        member_removed(r, &at, old, new, o, dir);
    }
}

/// Compares a list's member or a map's key or value.
pub(crate) fn compare_collection_member(r: &mut Recorder<'_>, new: &Shape, (a, b): (&Member, &Member)) {
    let at = r.at(&new.id).member(&b.name, None);
    let dir = r.direction(&new.id);
    compare_common(r, &at, &a.traits, &b.traits);
    if a.target == b.target {
        compare_constraints(r, &at, &a.traits, &b.traits, dir, "");
        compare_sensitive(r, &at, a.traits.sensitive, b.traits.sensitive, "");
        return;
    }
    let (ta, tb) = (r.old.symbols.member_type(&r.old.model, a), r.new.symbols.member_type(&r.new.model, b));
    let rust = if ta == tb {
        (Impact::compatible(format!("the element type stays `{}`", type_text(&ta))), Bump::None)
    } else {
        let reason = format!(
            "elements change from `{}` to `{}`: every field of this type changes type (listed separately)",
            type_text(&ta),
            type_text(&tb)
        );
        (Impact::breaking(reason), Bump::Major)
    };
    retargeted(r, &at, (a, b), dir, rust);
}

fn rust_item(at: &At, container: &Shape, m: &Member) -> Option<String> {
    let name = match container.kind {
        ShapeKind::Union(_) => variant_name(&m.name),
        _ => Side::field_name(m),
    };
    at.rust_item.as_ref().map(|p| format!("{p}::{}", crate::names::bare(&name)))
}

fn type_name(at: &At) -> String {
    at.rust_item.as_deref().and_then(|p| p.rsplit("::").next()).unwrap_or(&at.shape).to_owned()
}

fn required_on_wire(m: &Member) -> bool {
    m.traits.required && m.traits.default.as_ref().is_none_or(|v| v.is_null())
}

fn member_added(r: &mut Recorder<'_>, at: &At, old: &Shape, new: &Shape, m: &Member, dir: Direction) {
    let at_m = at.member(&m.name, rust_item(at, new, m));
    let ty = type_name(at);
    if matches!(new.kind, ShapeKind::Union(_)) {
        let variant = variant_name(&m.name);
        let wire = if dir.received {
            Impact::dangerous("older clients receive this member as the union's `Unknown` variant")
        } else {
            Impact::compatible("older clients never send it")
        };
        let rust = Impact::compatible(format!(
            "new variant `{ty}::{variant}`; `{ty}` is #[non_exhaustive], so matches keep compiling (values that arrived as `{ty}::Unknown` now arrive as `{ty}::{variant}`)"
        ));
        let detail = format!("new union member `{}`", m.name);
        return r.record(ChangeKind::MemberAdded, &at_m, detail, wire, rust, Bump::Minor);
    }
    let view = r.new.field(new, m);
    let field = Side::field_name(m);
    let field = crate::names::bare(&field);
    let (rust, semver) = if view.checked && !r.old.fallible(old) {
        let reason = format!(
            "`{ty}::builder().build()` now returns `Result<{ty}, BuildError>` because `{field}` is required: code using the built value directly no longer compiles"
        );
        (Impact::breaking(reason), Bump::Major)
    } else if view.checked {
        (Impact::dangerous(format!("new field; `build()` now fails at run time unless `{field}` is set")), Bump::Minor)
    } else {
        let reason = format!(
            "new field `{field}` with getter and builder setters; `{ty}` is #[non_exhaustive], so existing code compiles"
        );
        (Impact::compatible(reason), Bump::Minor)
    };
    let wire = if required_on_wire(m) && dir.sent {
        Impact::breaking("the service now requires it; requests from older clients lack it")
    } else if dir.sent {
        Impact::compatible("older clients do not send it; the service does not require it")
    } else {
        Impact::compatible("older clients ignore members they do not know")
    };
    let required = if m.traits.required { ", required" } else { "" };
    let detail = format!("new member `{}`: `{}`{required}", m.name, field_type_text(&view));
    r.record(ChangeKind::MemberAdded, &at_m, detail, wire, rust, semver);
}

fn member_removed(r: &mut Recorder<'_>, at: &At, old: &Shape, new: &Shape, m: &Member, dir: Direction) {
    let at_m = at.member(&m.name, rust_item(at, old, m));
    let ty = type_name(at);
    if matches!(old.kind, ShapeKind::Union(_)) {
        let variant = variant_name(&m.name);
        let wire = if dir.sent {
            Impact::breaking("requests choosing this member are rejected")
        } else {
            Impact::compatible("the service no longer sends it")
        };
        let rust = Impact::breaking(format!("variant `{ty}::{variant}` is removed: code naming it no longer compiles"));
        let detail = format!("union member `{}` removed", m.name);
        return r.record(ChangeKind::MemberRemoved, &at_m, detail, wire, rust, Bump::Major);
    }
    let view = r.old.field(old, m);
    let field = Side::field_name(m);
    let field = crate::names::bare(&field);
    let mut reason =
        format!("field `{field}`, its getter and builder setters are removed: code using them no longer compiles");
    if view.checked && !r.new.fallible(new) {
        reason.push_str("; `build()` no longer returns `Result` either");
    }
    let wire = match (dir.sent, dir.received) {
        (true, true) => {
            Impact::dangerous("older clients still send it and expect it back; the service ignores or rejects it")
        }
        (true, false) => Impact::dangerous("older clients still send it; the service ignores or rejects it"),
        _ => Impact::dangerous("responses no longer carry it; older clients see it missing"),
    };
    let detail = format!("member `{}` removed (was `{}`)", m.name, field_type_text(&view));
    r.record(ChangeKind::MemberRemoved, &at_m, detail, wire, Impact::breaking(reason), Bump::Major);
}

fn member_changed(r: &mut Recorder<'_>, at: &At, (oc, a): Slot<'_>, (nc, b): Slot<'_>, dir: Direction) {
    let at_m = at.member(&b.name, rust_item(at, nc, b));
    compare_common(r, &at_m, &a.traits, &b.traits);
    let is_struct = matches!(nc.kind, ShapeKind::Structure(_));
    // Optionality follows the member's traits, judged with them below; here
    // only the value type counts.
    let (va, vb) = (r.old.field(oc, a), r.new.field(nc, b));
    let (ta, tb) = (type_text(&va.ty), type_text(&vb.ty));
    let what = if is_struct { "field" } else { "variant payload" };
    let name = if is_struct { Side::field_name(b) } else { variant_name(&b.name) };
    let name = crate::names::bare(&name);
    if a.target != b.target {
        let rust = if ta == tb {
            (Impact::compatible(format!("the Rust type stays `{}`", field_type_text(&vb))), Bump::None)
        } else {
            let reason =
                format!("{what} `{name}` changes from `{}` to `{}`", shown(&va, is_struct), shown(&vb, is_struct));
            (Impact::breaking(reason), Bump::Major)
        };
        retargeted(r, &at_m, (a, b), dir, rust);
    } else {
        if constraints_differ(&a.traits, &b.traits) {
            // Judge what the service checks: the member's constraints, else its target's.
            let (ea, eb) = (effective(a, r.old.shape(&a.target)), effective(b, r.new.shape(&b.target)));
            compare_constraints(r, &at_m, &ea, &eb, dir, "");
        }
        if ta != tb {
            let (ta, tb) = (shown(&va, is_struct), shown(&vb, is_struct));
            let reason =
                format!("{what} `{name}` changes from `{ta}` to `{tb}` because its target `{}` changed", b.target);
            let wire = Impact::compatible("the wire format of the member itself is unchanged (see its target)");
            let detail = format!("Rust type `{ta}` → `{tb}`");
            r.record(ChangeKind::MemberTypeChanged, &at_m, detail, wire, Impact::breaking(reason), Bump::Major);
        }
    }
    compare_sensitive(r, &at_m, a.traits.sensitive, b.traits.sensitive, "");
    if is_struct {
        compare_field_traits(r, &at_m, (oc, a), (nc, b), dir);
    }
}

/// A member's type as declared: with its `Option` for structure fields.
fn shown(view: &FieldView, is_struct: bool) -> String {
    if is_struct { field_type_text(view) } else { type_text(&view.ty) }
}

/// A member that targets another shape: the wire type, the Rust type (given
/// as `rust`), and the constraints and sensitivity it now gets from its target.
fn retargeted(r: &mut Recorder<'_>, at: &At, (a, b): (&Member, &Member), dir: Direction, rust: (Impact, Bump)) {
    let (old_target, new_target) = (r.old.shape(&a.target), r.new.shape(&b.target));
    let (wa, wb) = (old_target.map(wire_kind).unwrap_or("unknown"), new_target.map(wire_kind).unwrap_or("unknown"));
    let wire = if wa != wb {
        Impact::breaking(format!("the wire type changes from {wa} to {wb}"))
    } else if is_simple_wire(wa) {
        Impact::compatible(format!("the wire type stays {wa} (constraint changes are listed separately)"))
    } else {
        Impact::dangerous(format!("both targets are {wa}s, but they are different shapes: review `{}`", b.target))
    };
    let detail = format!("target `{}` → `{}`", a.target, b.target);
    r.record(ChangeKind::TargetChanged, at, detail, wire, rust.0, rust.1);
    let (ea, eb) = (effective(a, old_target), effective(b, new_target));
    let via = format!(" (through its new target `{}`)", b.target);
    compare_constraints(r, at, &ea, &eb, dir, &via);
    if a.traits.sensitive == b.traits.sensitive {
        compare_sensitive(r, at, ea.sensitive, eb.sensitive, &via);
    }
}

/// The constraints and sensitivity that apply to a member's values: its
/// own, else its target's.
fn effective(m: &Member, target: Option<&Shape>) -> Traits {
    let mut traits = target.map(|t| t.traits.clone()).unwrap_or_default();
    traits.length = m.traits.length.clone().or(traits.length);
    traits.range = m.traits.range.clone().or(traits.range);
    traits.pattern = m.traits.pattern.clone().or(traits.pattern);
    traits.sensitive |= m.traits.sensitive;
    traits
}

fn constraints_differ(a: &Traits, b: &Traits) -> bool {
    a.length != b.length || a.range != b.range || a.pattern != b.pattern
}

/// How a shape travels in JSON.
fn wire_kind(shape: &Shape) -> &'static str {
    match &shape.kind {
        ShapeKind::Enum(_) | ShapeKind::Simple(SimpleType::String) => "string",
        ShapeKind::IntEnum(_) => "integer",
        ShapeKind::Simple(s) => s.as_str(),
        ShapeKind::Structure(_) => "structure",
        ShapeKind::Union(_) => "union",
        ShapeKind::List(_) => "list",
        ShapeKind::Map { .. } => "map",
        _ => "non-data shape",
    }
}

fn is_simple_wire(kind: &str) -> bool {
    !matches!(kind, "structure" | "union" | "list" | "map")
}

/// `@required`, `@default`, `@clientOptional` and `@idempotencyToken` on a
/// structure member: each judged by what it does to the field and to `build()`.
fn compare_field_traits(r: &mut Recorder<'_>, at: &At, (oc, a): Slot<'_>, (nc, b): Slot<'_>, dir: Direction) {
    let (ta, tb) = (&a.traits, &b.traits);
    let effect =
        || field_effect(at, &r.old.field(oc, a), &r.new.field(nc, b), (r.old.fallible(oc), r.new.fallible(nc)));
    let mut found = Vec::new();
    if ta.required != tb.required {
        let wire = match (tb.required, dir.sent) {
            (true, true) if required_on_wire(b) => {
                Impact::breaking("the service now rejects requests without it; older clients may omit it")
            }
            (true, _) => Impact::compatible("responses always carry it now"),
            (false, true) if dir.received => {
                Impact::dangerous("the service no longer requires it in requests, and responses may now omit it")
            }
            (false, _) if dir.received => Impact::dangerous("responses may now omit it"),
            (false, _) => Impact::compatible("the service no longer requires it"),
        };
        let (kind, detail) = if tb.required {
            (ChangeKind::RequiredAdded, "now @required")
        } else {
            (ChangeKind::RequiredRemoved, "no longer @required")
        };
        found.push((kind, detail.to_owned(), wire));
    }
    if ta.default != tb.default {
        let show = |t: &Traits| t.default.as_ref().map_or("none".to_owned(), |v| format!("`{v}`"));
        let detail = format!("default {} → {}", show(ta), show(tb));
        let (kind, wire) = match (&ta.default, &tb.default) {
            (None, Some(_)) => (ChangeKind::DefaultAdded, Impact::compatible("an absent value now means the default")),
            (Some(_), None) => {
                (ChangeKind::DefaultRemoved, Impact::dangerous("an absent value no longer means the old default"))
            }
            _ => (ChangeKind::DefaultChanged, Impact::dangerous("an absent value now means another value")),
        };
        found.push((kind, detail, wire));
    }
    if ta.client_optional != tb.client_optional {
        let wire = Impact::compatible("client-side nullability only; the wire is unchanged");
        let (kind, detail) = if tb.client_optional {
            (ChangeKind::ClientOptionalAdded, "now @clientOptional")
        } else {
            (ChangeKind::ClientOptionalRemoved, "no longer @clientOptional")
        };
        found.push((kind, detail.to_owned(), wire));
    }
    for (kind, detail, wire) in found {
        let (rust, semver) = effect();
        r.record(kind, at, detail, wire, rust, semver);
    }
    if ta.idempotency_token != tb.idempotency_token {
        let (mut rust, semver) = effect();
        if rust.level == super::change::Level::Compatible {
            rust = if tb.idempotency_token {
                Impact::compatible("the client fills it with a fresh token when it is not set")
            } else {
                Impact::dangerous("the client no longer fills it: set it yourself to keep retries idempotent")
            };
        }
        let (kind, detail) = if tb.idempotency_token {
            (ChangeKind::IdempotencyTokenAdded, "now @idempotencyToken")
        } else {
            (ChangeKind::IdempotencyTokenRemoved, "no longer @idempotencyToken")
        };
        let wire = Impact::compatible("older clients send what they sent before, which the service accepts");
        r.record(kind, at, detail.to_owned(), wire, rust, semver.max(Bump::Patch));
    }
}

/// What a change of a member's traits does to its field and to `build()`.
fn field_effect(at: &At, old: &FieldView, new: &FieldView, (was_fallible, fallible): (bool, bool)) -> (Impact, Bump) {
    let field = at.rust_item.as_deref().and_then(|p| p.rsplit("::").next()).unwrap_or("the field").to_owned();
    let ty = at.rust_item.as_deref().and_then(|p| p.rsplit("::").nth(1)).unwrap_or("the type").to_owned();
    if old.optional != new.optional || old.ty != new.ty {
        let reason = format!(
            "field `{field}` changes from `{}` to `{}`, and its getter's return type with it",
            field_type_text(old),
            field_type_text(new)
        );
        return (Impact::breaking(reason), Bump::Major);
    }
    match (was_fallible, fallible) {
        (false, true) => {
            let reason = format!("`{ty}`'s `build()` now returns `Result<{ty}, BuildError>` (it was infallible)");
            return (Impact::breaking(reason), Bump::Major);
        }
        (true, false) => {
            let reason = format!(
                "`{ty}`'s `build()` no longer returns `Result` (nothing left to check): `?` on it no longer compiles"
            );
            return (Impact::breaking(reason), Bump::Major);
        }
        _ => {}
    }
    let unchanged = format!("`{field}` keeps its type `{}`", field_type_text(new));
    if new.checked && !old.checked {
        return (
            Impact::dangerous(format!("{unchanged}, but `build()` now fails at run time unless it is set")),
            Bump::Patch,
        );
    }
    if old.checked && !new.checked {
        return (Impact::compatible(format!("{unchanged}; `build()` no longer fails when it is missing")), Bump::Patch);
    }
    if old.default != new.default {
        let show = |v: &Option<serde_json::Value>| v.as_ref().map_or("nothing".to_owned(), |v| format!("`{v}`"));
        let reason = format!(
            "{unchanged}, but `build()` fills in {} when unset (was {})",
            show(&new.default),
            show(&old.default)
        );
        return (Impact::dangerous(reason), Bump::Patch);
    }
    (Impact::compatible(format!("{unchanged} and `build()` is unchanged")), Bump::Patch)
}
