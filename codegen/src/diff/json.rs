//! The JSON report, stable for tools: keys in a fixed order, changes in the
//! report's order, `format` naming the schema version (documented in the
//! README's "Updating a model" section).

use serde_json::{Value, json};

use super::DiffReport;
use super::change::{Change, Impact, Level, QuietChanges};

/// The schema identifier; bumped when a field changes meaning or disappears.
pub(crate) const FORMAT: &str = "codegen-diff/1";

/// Renders the report as JSON.
pub(crate) fn render(report: &DiffReport) -> Value {
    let level = |l: Option<Level>| l.map_or(Value::Null, |l| Value::String(l.as_str().to_owned()));
    let bump = report.bump();
    json!({
        "format": FORMAT,
        "old": {"model": report.old_label, "service": report.old_service},
        "new": {"model": report.new_label, "service": report.new_service},
        "operations": report.operations,
        "summary": {
            "changes": report.changes.len(),
            "wire": level(report.wire_level()),
            "rust_api": level(report.rust_level()),
            "counts": {
                "wire": counts(report.changes.iter().map(|c| c.wire.level)),
                "rust_api": counts(report.changes.iter().map(|c| c.rust_api.level)),
            },
        },
        "semver": {
            "bump": bump.as_str(),
            "bump_0x": bump.for_version(0, 1).as_str(),
        },
        "changes": report.changes.iter().map(change).collect::<Vec<_>>(),
        "documentation": quiet(&report.documentation),
        "no_client_effect": quiet(&report.no_client_effect),
    })
}

fn counts(levels: impl Iterator<Item = Level>) -> Value {
    let mut n = [0usize; 3];
    for level in levels {
        n[level as usize] += 1;
    }
    json!({"breaking": n[2], "dangerous": n[1], "compatible": n[0]})
}

fn impact(i: &Impact) -> Value {
    json!({"level": i.level.as_str(), "reason": i.reason})
}

fn change(c: &Change) -> Value {
    json!({
        "kind": c.kind.as_str(),
        "shape": c.shape,
        "member": c.member,
        "rust_item": c.rust_item,
        "detail": c.detail,
        "wire": impact(&c.wire),
        "rust_api": impact(&c.rust_api),
        "semver": c.semver.as_str(),
    })
}

fn quiet(q: &QuietChanges) -> Value {
    json!({"count": q.ids.len(), "ids": q.ids, "traits": q.traits})
}
