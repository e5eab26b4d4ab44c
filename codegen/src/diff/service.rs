//! The service shape (protocol, auth, endpoint rules, identity) and the
//! operations: added, removed, and the errors each can return.

use std::collections::BTreeSet;

use serde_json::Value;

use super::change::{Bump, ChangeKind, Impact};
use super::record::{At, Recorder};
use super::traits::{compare_common, is_protocol_or_auth};
use crate::names::{OperationNames, variant_name};
use crate::smithy::rules::EndpointRuleSet;
use crate::smithy::{Shape, ShapeId, ShapeKind, Traits};

/// Compares the two service shapes.
pub(crate) fn compare_service(r: &mut Recorder<'_>) {
    let (Some(old), Some(new)) = (r.old.service(), r.new.service()) else { return };
    let at = r.at(&new.id);
    if old.id != new.id {
        let detail = format!("service `{}` → `{}`", old.id, new.id);
        let wire = Impact::breaking("the models describe different services");
        let rust = Impact::breaking("the crates are generated for different services");
        r.record(ChangeKind::ServiceChanged, &at, detail, wire, rust, Bump::Major);
    }
    compare_common(r, &at, &old.traits, &new.traits);
    if old.traits.get("smithy.api#title") != new.traits.get("smithy.api#title") {
        r.documentation(&at);
    }
    compare_protocols_and_auth(r, &at, &old.traits, &new.traits);
    compare_rules(r, &at, old.traits.endpoint_rule_set.as_ref(), new.traits.endpoint_rule_set.as_ref());
    if old.traits.endpoint_tests != new.traits.endpoint_tests {
        let count = |t: &Traits| t.endpoint_tests.as_ref().map_or(0, |t| t.cases.len());
        let detail = format!("endpoint test cases: {} → {}", count(&old.traits), count(&new.traits));
        let wire = Impact::compatible("test cases only; resolution is decided by the rule set");
        let rust = Impact::compatible("the crate's generated endpoint tests change; no API change");
        r.record(ChangeKind::EndpointTestsChanged, &at, detail, wire, rust, Bump::Patch);
    }
    compare_identity(r, &at, old, new);
}

fn compare_protocols_and_auth(r: &mut Recorder<'_>, at: &At, old: &Traits, new: &Traits) {
    let ids: BTreeSet<&String> =
        old.raw().keys().chain(new.raw().keys()).filter(|id| is_protocol_or_auth(id)).collect();
    for id in ids {
        let (a, b) = (old.get(id), new.get(id));
        if a == b {
            continue;
        }
        let auth = id.starts_with("aws.auth#") || id.contains("Auth") || id.as_str() == "smithy.api#auth";
        let kind = if auth { ChangeKind::AuthChanged } else { ChangeKind::ProtocolChanged };
        let verb = match (a, b) {
            (None, Some(_)) => "added",
            (Some(_), None) => "removed",
            _ => "changed",
        };
        let detail = format!("`{id}` {verb}{}", value_change(a, b));
        let wire = match (a.is_some(), auth) {
            (false, false) => Impact::compatible("a protocol was added; older clients keep using theirs"),
            (true, false) => Impact::breaking("older clients speak a protocol the service no longer declares"),
            (false, true) => Impact::dangerous("a new way to authenticate; check which one the service now expects"),
            (true, true) => {
                Impact::breaking("requests are authenticated differently; older clients' requests may be refused")
            }
        };
        let rust = Impact::compatible("internal client code only; no API change");
        r.record(kind, at, detail, wire, rust, Bump::Patch);
    }
}

fn value_change(a: Option<&Value>, b: Option<&Value>) -> String {
    match (a, b) {
        (Some(a), Some(b)) => format!(": {a} → {b}"),
        _ => String::new(),
    }
}

fn compare_rules(r: &mut Recorder<'_>, at: &At, old: Option<&EndpointRuleSet>, new: Option<&EndpointRuleSet>) {
    if old == new {
        return;
    }
    let names = |rs: Option<&EndpointRuleSet>| -> BTreeSet<String> {
        rs.map(|rs| rs.parameters.iter().map(|p| p.name.clone()).collect()).unwrap_or_default()
    };
    let (before, after) = (names(old), names(new));
    let mut parts = Vec::new();
    let added: Vec<&String> = after.difference(&before).collect();
    let removed: Vec<&String> = before.difference(&after).collect();
    if !added.is_empty() {
        parts.push(format!("parameters added: {}", join(&added)));
    }
    if !removed.is_empty() {
        parts.push(format!("parameters removed: {}", join(&removed)));
    }
    let param =
        |rs: Option<&EndpointRuleSet>, n: &str| rs.and_then(|rs| rs.parameters.iter().find(|p| p.name == n).cloned());
    let changed: Vec<&String> = before.intersection(&after).filter(|n| param(old, n) != param(new, n)).collect();
    if !changed.is_empty() {
        parts.push(format!("parameters changed: {}", join(&changed)));
    }
    if old.map(|rs| &rs.rules) != new.map(|rs| &rs.rules) {
        parts.push("rules changed".into());
    }
    let detail = format!("endpoint rule set: {}", parts.join("; "));
    let wire = if old.map(|rs| &rs.rules) == new.map(|rs| &rs.rules) {
        Impact::compatible("the rules are unchanged; only parameter declarations differ")
    } else {
        Impact::dangerous("some regions or settings may resolve to other endpoints than older clients use")
    };
    let rust = Impact::compatible("endpoint resolution code changes; no API change");
    r.record(ChangeKind::EndpointRulesChanged, at, detail, wire, rust, Bump::Patch);
}

fn join(names: &[&String]) -> String {
    names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
}

fn compare_identity(r: &mut Recorder<'_>, at: &At, old: &Shape, new: &Shape) {
    let (a, b) = (old.traits.aws_service.as_ref(), new.traits.aws_service.as_ref());
    let sdk_id = |s: Option<&crate::smithy::traits::AwsService>| s.map(|s| s.sdk_id.clone()).unwrap_or_default();
    if sdk_id(a) != sdk_id(b) {
        let detail = format!("sdkId `{}` → `{}`", sdk_id(a), sdk_id(b));
        let wire = Impact::compatible("the SDK id is not on the wire");
        let rust =
            Impact::breaking("the default package name follows the SDK id: keep the old one with `--crate-name`");
        r.record(ChangeKind::ServiceIdentityChanged, at, detail, wire, rust, Bump::Major);
    } else if a != b {
        let detail = "aws.api#service changed (endpoint prefix or ARN namespace)".to_owned();
        let wire = Impact::compatible("endpoints come from the rule set");
        let rust = Impact::compatible("no API change");
        r.record(ChangeKind::ServiceIdentityChanged, at, detail, wire, rust, Bump::None);
    }
    if let (ShapeKind::Service(a), ShapeKind::Service(b)) = (&old.kind, &new.kind) {
        if a.version != b.version {
            let detail = format!("API version `{}` → `{}`", a.version, b.version);
            let wire = Impact::compatible("awsJson requests do not carry the API version");
            r.record(
                ChangeKind::ServiceVersionChanged,
                at,
                detail,
                wire,
                Impact::compatible("no API change"),
                Bump::None,
            );
        }
    }
}

/// Compares the selected operations: added, removed, and their errors.
pub(crate) fn compare_operations(r: &mut Recorder<'_>) {
    let ids: BTreeSet<ShapeId> = r.old.operations().into_iter().chain(r.new.operations()).collect();
    for id in ids {
        let names = OperationNames::of(&id);
        let module = names.module.as_str();
        let mut at = r.at(&id);
        at.rust_item = Some(format!("operation::{}", names.module.bare()));
        match (r.old.shape(&id), r.new.shape(&id)) {
            (None, Some(_)) => r.record(
                ChangeKind::OperationAdded,
                &at,
                format!("new operation `{}`", id.name()),
                Impact::compatible("older clients do not call it"),
                Impact::compatible(format!("new module `operation::{module}` with its input, output and error types")),
                Bump::Minor,
            ),
            (Some(_), None) => r.record(
                ChangeKind::OperationRemoved,
                &at,
                format!("operation `{}` removed", id.name()),
                Impact::breaking("the service no longer offers it: calls from older clients fail"),
                Impact::breaking(format!("module `operation::{module}` and its types are removed")),
                Bump::Major,
            ),
            (Some(a), Some(b)) => {
                compare_common(r, &at, &a.traits, &b.traits);
                compare_errors(r, &at, a, b);
            }
            (None, None) => {}
        }
    }
}

fn errors(shape: &Shape) -> Vec<ShapeId> {
    match &shape.kind {
        ShapeKind::Operation(op) => op.errors.clone(),
        _ => Vec::new(),
    }
}

fn compare_errors(r: &mut Recorder<'_>, at: &At, old: &Shape, new: &Shape) {
    let (before, after) = (errors(old), errors(new));
    let enum_name = format!("{}Error", crate::names::type_name(new.id.name()));
    let module = at.rust_item.clone().unwrap_or_default();
    for (error, added) in after
        .iter()
        .filter(|e| !before.contains(e))
        .map(|e| (e, true))
        .chain(before.iter().filter(|e| !after.contains(e)).map(|e| (e, false)))
    {
        let side = if added { r.new } else { r.old };
        let variant =
            side.symbols.type_symbol(error).map_or_else(|| variant_name(error.name()), |s| variant_name(&s.name));
        let code = error.name();
        let at_e = at.member(code, Some(format!("{module}::{enum_name}::{variant}")));
        if added {
            let wire = Impact::dangerous(format!(
                "the service may return `{code}`; clients built from the old model see it as an unhandled error with that code"
            ));
            let rust = Impact::compatible(format!(
                "`{enum_name}` is #[non_exhaustive], so matches keep compiling; `{code}` used to reach their wildcard arm (with `code() == Some(\"{code}\")`) and now arrives as `{enum_name}::{variant}`: add an arm if you handle it"
            ));
            r.record(ChangeKind::ErrorAdded, &at_e, format!("can now return `{code}`"), wire, rust, Bump::Minor);
        } else {
            let wire = Impact::compatible(format!(
                "the service no longer declares `{code}`; if it still sends it, clients see an unhandled error"
            ));
            let rust = Impact::breaking(format!(
                "variant `{enum_name}::{variant}` and its `is_*()` method are removed: code naming them no longer compiles"
            ));
            r.record(ChangeKind::ErrorRemoved, &at_e, format!("no longer returns `{code}`"), wire, rust, Bump::Major);
        }
    }
}
