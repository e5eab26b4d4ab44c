//! The text report: one block per shape, one entry per change with its
//! wire and Rust-API verdicts, the quiet changes in one line each, and the
//! semver verdict.

use std::fmt::Write;

use super::DiffReport;
use super::change::{Bump, Change, ChangeKind, Level, QuietChanges};

/// How many ids a one-line summary names before "and N more".
const NAMED_IN_SUMMARY: usize = 6;

/// Renders the report as text.
pub(crate) fn render(report: &DiffReport) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "codegen diff: {} → {}", report.old_label, report.new_label);
    let service = if report.old_service == report.new_service {
        format!("service {}", report.new_service)
    } else {
        format!("services {} → {}", report.old_service, report.new_service)
    };
    let scope = if report.operations.is_empty() {
        "the whole service".to_owned()
    } else {
        format!("operations {}", report.operations.join(", "))
    };
    let _ = writeln!(out, "{service}; compared: {scope}");

    let mut current: Option<(&str, Option<&str>)> = None;
    for change in &report.changes {
        let header = (change.shape.as_str(), change_owner_item(change));
        if current.map(|c| c.0) != Some(header.0) {
            out.push('\n');
            match header.1 {
                Some(item) => {
                    let _ = writeln!(out, "{}  ({item})", header.0);
                }
                None => {
                    let _ = writeln!(out, "{}", header.0);
                }
            }
            current = Some(header);
        }
        write_change(&mut out, change);
    }
    if report.changes.is_empty() {
        out.push_str("\nno changes that affect the client\n");
    }
    out.push('\n');
    write_quiet(&mut out, "documentation", "changed on", "doc comments only", &report.documentation);
    let traits = format!("traits {}", report.no_client_effect.traits.join(", "));
    write_quiet(&mut out, "no effect on the client", &format!("{traits} changed on"), "", &report.no_client_effect);
    write_summary(&mut out, report);
    out
}

/// The Rust item of the shape a change belongs to, e.g. `types::Tag`.
fn change_owner_item(change: &Change) -> Option<&str> {
    let item = change.rust_item.as_deref()?;
    if change.member.is_none() {
        return Some(item);
    }
    // Member items end with the member's field, variant or error.
    item.rfind("::").map(|i| &item[..i]).map(|owner| match change.kind {
        ChangeKind::ErrorAdded | ChangeKind::ErrorRemoved => owner.rfind("::").map_or(owner, |j| &owner[..j]),
        _ => owner,
    })
}

fn sign(kind: ChangeKind) -> char {
    let name = kind.as_str();
    if name.ends_with("_added") {
        '+'
    } else if name.ends_with("_removed") {
        '-'
    } else {
        '~'
    }
}

fn write_change(out: &mut String, change: &Change) {
    let subject = change.member.as_deref().map(|m| format!("{m}: ")).unwrap_or_default();
    let _ = writeln!(out, "  {} {subject}{} — {}", sign(change.kind), change.kind.title(), change.detail);
    let _ = writeln!(out, "      wire      {:<10}  {}", change.wire.level, change.wire.reason);
    let _ = writeln!(out, "      Rust API  {:<10}  {}", change.rust_api.level, change.rust_api.reason);
}

fn write_quiet(out: &mut String, title: &str, verb: &str, note: &str, quiet: &QuietChanges) {
    if quiet.is_empty() {
        return;
    }
    let count = quiet.ids.len();
    let noun = if count == 1 { "shape or member" } else { "shapes and members" };
    let mut named: Vec<String> = quiet.ids.iter().take(NAMED_IN_SUMMARY).map(|id| short(id)).collect();
    if count > NAMED_IN_SUMMARY {
        named.push(format!("and {} more", count - NAMED_IN_SUMMARY));
    }
    let note = if note.is_empty() { String::new() } else { format!(" ({note})") };
    let _ = writeln!(out, "{title}: {verb} {count} {noun}{note}: {}", named.join(", "));
}

/// `ns#Shape$member` → `Shape$member`, for one-line summaries.
fn short(id: &str) -> String {
    id.split_once('#').map_or(id, |(_, rest)| rest).to_owned()
}

fn counts(levels: impl Iterator<Item = Level>) -> String {
    let mut n = [0usize; 3];
    for level in levels {
        n[level as usize] += 1;
    }
    format!("{} breaking, {} dangerous, {} compatible", n[2], n[1], n[0])
}

fn write_summary(out: &mut String, report: &DiffReport) {
    let changes = report.changes.len();
    let plural = if changes == 1 { "" } else { "s" };
    let _ = writeln!(
        out,
        "summary: {changes} change{plural} · wire: {} · Rust API: {}",
        counts(report.changes.iter().map(|c| c.wire.level)),
        counts(report.changes.iter().map(|c| c.rust_api.level))
    );
    let bump = report.bump();
    let why = match bump {
        Bump::Major => "the Rust API breaks",
        Bump::Minor => "the Rust API only gains items",
        Bump::Patch => "the crate changes without any Rust API change",
        Bump::None => "the generated crate does not change",
    };
    let zero = bump.for_version(0, 1);
    let example = match zero {
        Bump::Minor => "0.1.3 → 0.2.0",
        Bump::Patch => "0.1.3 → 0.1.4",
        _ => "keep the version",
    };
    let _ = writeln!(out, "semver: {bump} ({why}); for a 0.x crate: {zero} (e.g. {example})");
}
