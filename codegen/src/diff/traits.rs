//! Trait comparisons shared by shapes and members: documentation,
//! deprecation, constraints, sensitivity, timestamp formats, and every other
//! trait (quietly when it cannot affect the client).

use std::collections::BTreeSet;

use serde_json::Number;

use super::change::{Bump, ChangeKind, Impact};
use super::record::{At, Recorder};
use super::side::{Direction, rendered_docs};
use crate::smithy::Traits;
use crate::smithy::traits::Bounds;

/// Traits compared by dedicated code; everything else goes through [`compare_other`].
const DEDICATED: &[&str] = &[
    "smithy.api#documentation",
    "smithy.api#required",
    "smithy.api#default",
    "smithy.api#clientOptional",
    "smithy.api#enumValue",
    "smithy.api#enum",
    "smithy.api#error",
    "smithy.api#retryable",
    "smithy.api#idempotencyToken",
    "smithy.api#length",
    "smithy.api#range",
    "smithy.api#pattern",
    "smithy.api#sensitive",
    "smithy.api#timestampFormat",
    "smithy.api#sparse",
    "smithy.api#deprecated",
    "smithy.api#title",
    "smithy.rules#endpointRuleSet",
    "smithy.rules#endpointTests",
    "aws.api#service",
];

/// Traits that change neither the generated crate nor what an awsJson client
/// sends or receives.
const NO_CLIENT_EFFECT: &[&str] = &[
    "smithy.api#examples",
    "smithy.api#externalDocumentation",
    "smithy.api#tags",
    "smithy.api#since",
    "smithy.api#internal",
    "smithy.api#unstable",
    "smithy.api#suppress",
    "smithy.api#references",
    "smithy.api#recommended",
    "smithy.api#property",
    "smithy.api#notProperty",
    "smithy.api#resourceIdentifier",
    "smithy.api#nestedProperties",
    "smithy.api#input",
    "smithy.api#output",
    "smithy.api#unitType",
    "smithy.api#mixin",
    "smithy.api#addedDefault",
    "smithy.api#uniqueItems",
    "smithy.api#paginated",
    "smithy.api#idempotent",
    "smithy.api#readonly",
    "smithy.api#httpError",
    "smithy.api#http",
    "smithy.api#httpLabel",
    "smithy.api#httpQuery",
    "smithy.api#httpHeader",
    "smithy.api#httpPayload",
    "smithy.api#jsonName",
    "smithy.api#xmlName",
    "smithy.api#xmlNamespace",
    "smithy.api#xmlAttribute",
    "smithy.api#xmlFlattened",
    "aws.api#arn",
    "aws.api#arnReference",
    "aws.api#taggable",
    "aws.api#tagEnabled",
    "aws.api#controlPlane",
    "aws.api#dataPlane",
    "aws.protocols#awsQueryError",
];

/// Namespaces of traits that never affect the client (IAM, CloudFormation,
/// waiters, protocol test cases).
const NO_CLIENT_EFFECT_NAMESPACES: &[&str] = &["aws.iam#", "aws.cloudformation#", "smithy.waiters#", "smithy.test#"];

/// Protocol and auth traits, compared on the service.
pub(crate) fn is_protocol_or_auth(id: &str) -> bool {
    id.starts_with("aws.protocols#aws") && id != "aws.protocols#awsQueryError"
        || id.starts_with("smithy.protocols#")
        || id.starts_with("aws.protocols#restJson")
        || id.starts_with("aws.protocols#restXml")
        || id.starts_with("aws.protocols#ec2Query")
        || id.starts_with("aws.auth#")
        || matches!(id, "smithy.api#auth" | "smithy.api#httpBearerAuth" | "smithy.api#httpApiKeyAuth")
        || matches!(id, "smithy.api#httpBasicAuth" | "smithy.api#httpDigestAuth" | "smithy.api#optionalAuth")
}

/// Documentation, deprecation, timestamp format and the traits without a
/// dedicated comparison, of a shape or member.
pub(crate) fn compare_common(r: &mut Recorder<'_>, at: &At, old: &Traits, new: &Traits) {
    if old.documentation != new.documentation {
        // The crate shows the docs of its Rust items, operations and service.
        let shown = at.rust_item.is_some() || at.origin == r.new.service_id || at.origin == r.old.service_id;
        if !shown {
            r.metadata(at, "smithy.api#documentation (no Rust item shows it)");
        } else if rendered_docs(old) == rendered_docs(new) {
            r.metadata(at, "smithy.api#documentation (reformatted, renders the same)");
        } else {
            r.documentation(at);
        }
    }
    compare_deprecated(r, at, old, new);
    if old.timestamp_format != new.timestamp_format {
        let name = |t: &Traits| t.timestamp_format.map_or("the protocol's default", |f| f.as_str());
        r.record(
            ChangeKind::TimestampFormatChanged,
            at,
            format!("timestamp format `{}` → `{}`", name(old), name(new)),
            Impact::breaking("timestamps are written in another format; each side reads the other's wrongly"),
            Impact::compatible("the Rust type stays `DateTime`"),
            Bump::Patch,
        );
    }
    compare_other(r, at, old, new);
}

fn compare_deprecated(r: &mut Recorder<'_>, at: &At, old: &Traits, new: &Traits) {
    let has_item = at.rust_item.is_some();
    match (&old.deprecated, &new.deprecated) {
        (None, Some(d)) => r.record(
            ChangeKind::DeprecatedAdded,
            at,
            format!("deprecated{}", d.message.as_deref().map(|m| format!(": {m}")).unwrap_or_default()),
            Impact::compatible("still accepted by the service"),
            if has_item {
                Impact::compatible("the Rust item is now `#[deprecated]`: code using it compiles with a warning")
            } else {
                Impact::compatible("no Rust item of its own")
            },
            if has_item { Bump::Minor } else { Bump::None },
        ),
        (Some(_), None) => r.record(
            ChangeKind::DeprecatedRemoved,
            at,
            "no longer deprecated".into(),
            Impact::compatible("nothing changes on the wire"),
            Impact::compatible("the deprecation warning goes away"),
            if has_item { Bump::Patch } else { Bump::None },
        ),
        _ => {}
    }
}

/// `@length`, `@range` and `@pattern`, as tightened or relaxed. `via` says
/// where the constraint comes from when it is not the place itself.
pub(crate) fn compare_constraints(
    r: &mut Recorder<'_>,
    at: &At,
    old: &Traits,
    new: &Traits,
    dir: Direction,
    via: &str,
) {
    let (old_length, old_pattern) = length_and_pattern(old);
    let (new_length, new_pattern) = length_and_pattern(new);
    if old_length != new_length {
        let (tight, loose) = (ChangeKind::LengthTightened, ChangeKind::LengthRelaxed);
        let restated = if old.pattern != new.pattern { ", counting patterns that only limit the length" } else { "" };
        let via = format!("{restated}{via}");
        bounds_change(r, at, "length", (old_length, new_length), (tight, loose), dir, &via);
    }
    if old.range != new.range {
        let num = |n: &Option<Number>| n.as_ref().and_then(Number::as_f64);
        let to_f64 = |b: &Option<Bounds<Number>>| b.as_ref().map(|b| (num(&b.min), num(&b.max)));
        let (before, after) = (to_f64(&old.range), to_f64(&new.range));
        let kinds = (ChangeKind::RangeTightened, ChangeKind::RangeRelaxed);
        bounds_change(r, at, "range", (before, after), kinds, dir, via);
    }
    if old_pattern != new_pattern {
        let show = |p: &Option<String>| p.as_deref().map_or("none".to_owned(), |p| format!("`{p}`"));
        let detail = format!("pattern {} → {}{via}", show(&old.pattern), show(&new.pattern));
        let (kind, wire) = match (&old_pattern, &new_pattern) {
            (None, Some(_)) => (ChangeKind::PatternAdded, narrowed(dir)),
            (Some(_), None) => (ChangeKind::PatternRemoved, widened(dir)),
            _ if dir.sent => (
                ChangeKind::PatternChanged,
                Impact::dangerous("values that matched the old pattern but not the new one are rejected"),
            ),
            _ => (
                ChangeKind::PatternChanged,
                Impact::compatible("responses only: the generated client does not check patterns"),
            ),
        };
        r.record(kind, at, detail, wire, not_checked(), Bump::None);
    }
}

/// The length bounds and the pattern that apply. Models often state a
/// length as a pattern: `^(?s).{0,255}$` for `@length(max: 255)`, or a
/// look-ahead `^(?=.{4,255}$)…` in front of the real pattern. Such length
/// parts count as length bounds, so restating a length as a pattern is no
/// change. (A look-ahead's `.` does not match line breaks; the patterns
/// that use one exclude them anyway.)
fn length_and_pattern(traits: &Traits) -> (Span, Option<String>) {
    let length = traits.length.as_ref().map(|b| (b.min.map(|v| v as f64), b.max.map(|v| v as f64)));
    let Some(pattern) = traits.pattern.as_deref() else { return (normal_length(length), None) };
    let (bound, rest) = if let Some(bound) = pattern.strip_prefix("^(?s).").and_then(|b| b.strip_suffix('$')) {
        (quantifier(bound), None)
    } else if let Some((bound, rest)) = pattern.strip_prefix("^(?=.").and_then(|p| p.split_once("$)")) {
        (quantifier(bound), Some(format!("^{rest}")))
    } else {
        (None, Some(pattern.to_owned()))
    };
    let Some((min, max)) = bound else { return (normal_length(length), Some(pattern.to_owned())) };
    let (lmin, lmax) = length.unwrap_or((None, None));
    let min = Some(lmin.unwrap_or(0.0).max(min));
    let max = match (lmax, max) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
    (normal_length(Some((min, max))), rest)
}

/// Lengths count from 0: a missing minimum is 0, and `0..` is no bound.
fn normal_length(span: Span) -> Span {
    match span {
        None => None,
        Some((min, max)) => match (min.unwrap_or(0.0), max) {
            (0.0, None) => None,
            (min, max) => Some((Some(min), max)),
        },
    }
}

/// A regex quantifier as (min, max): `*`, `+`, `{m}`, `{m,}`, `{m,n}`.
fn quantifier(text: &str) -> Option<(f64, Option<f64>)> {
    let count = |s: &str| s.parse::<u64>().ok().map(|n| n as f64);
    match text {
        "*" => Some((0.0, None)),
        "+" => Some((1.0, None)),
        _ => {
            let inner = text.strip_prefix('{')?.strip_suffix('}')?;
            match inner.split_once(',') {
                None => count(inner).map(|n| (n, Some(n))),
                Some((min, "")) => Some((count(min)?, None)),
                Some((min, max)) => Some((count(min)?, Some(count(max)?))),
            }
        }
    }
}

fn not_checked() -> Impact {
    Impact::compatible("constraints are not checked by the generated code")
}

fn narrowed(dir: Direction) -> Impact {
    if dir.sent {
        Impact::breaking("requests with values that were valid before can be rejected")
    } else {
        Impact::compatible("responses only: values stay within what was allowed before")
    }
}

fn widened(dir: Direction) -> Impact {
    if dir.received {
        Impact::compatible(
            "responses may carry values the old model excluded; the generated client does not check them",
        )
    } else {
        Impact::compatible("the service accepts more values")
    }
}

type Span = Option<(Option<f64>, Option<f64>)>;

fn bounds_change(
    r: &mut Recorder<'_>,
    at: &At,
    what: &str,
    (before, after): (Span, Span),
    (tight, loose): (ChangeKind, ChangeKind),
    dir: Direction,
    via: &str,
) {
    let lo = |s: Span| s.and_then(|(min, _)| min).unwrap_or(f64::NEG_INFINITY);
    let hi = |s: Span| s.and_then(|(_, max)| max).unwrap_or(f64::INFINITY);
    let tightened = lo(after) > lo(before) || hi(after) < hi(before);
    let relaxed = lo(after) < lo(before) || hi(after) > hi(before);
    let detail = format!("{what} {} → {}{via}", show_bounds(before), show_bounds(after));
    if tightened {
        r.record(tight, at, detail, narrowed(dir), not_checked(), Bump::None);
    } else if relaxed {
        r.record(loose, at, detail, widened(dir), not_checked(), Bump::None);
    }
}

fn show_bounds(span: Span) -> String {
    let num = |v: f64| if v.fract() == 0.0 && v.abs() < 1e15 { format!("{}", v as i64) } else { v.to_string() };
    match span {
        None | Some((None, None)) => "unbounded".into(),
        Some((min, None)) => format!("{}..", min.map(num).unwrap_or_default()),
        Some((min, Some(max))) => format!("{}..={}", min.map(num).unwrap_or_default(), num(max)),
    }
}

/// `@sensitive` declared on a shape or member.
pub(crate) fn compare_sensitive(r: &mut Recorder<'_>, at: &At, old: bool, new: bool, via: &str) {
    if old == new {
        return;
    }
    let wire = Impact::compatible("sensitivity is not visible on the wire");
    if new {
        let rust = Impact::compatible("`Debug` now prints `*** Sensitive Data Redacted ***` instead of the value");
        r.record(ChangeKind::SensitiveAdded, at, format!("now @sensitive{via}"), wire, rust, Bump::Patch);
    } else {
        let rust =
            Impact::dangerous("`Debug` now prints the value instead of redacting it: check what your logs record");
        r.record(ChangeKind::SensitiveRemoved, at, format!("no longer @sensitive{via}"), wire, rust, Bump::Patch);
    }
}

/// Every trait without a dedicated comparison: quietly noted when it cannot
/// affect the client, else reported for review.
fn compare_other(r: &mut Recorder<'_>, at: &At, old: &Traits, new: &Traits) {
    let ids: BTreeSet<&String> = old.raw().keys().chain(new.raw().keys()).collect();
    for id in ids {
        let id = id.as_str();
        if DEDICATED.contains(&id) || is_protocol_or_auth(id) || id.starts_with("smithy.synthetic#") {
            continue;
        }
        if old.get(id) == new.get(id) {
            continue;
        }
        if NO_CLIENT_EFFECT.contains(&id) || NO_CLIENT_EFFECT_NAMESPACES.iter().any(|ns| id.starts_with(ns)) {
            r.metadata(at, id);
            continue;
        }
        let verb = match (old.has(id), new.has(id)) {
            (false, true) => "added",
            (true, false) => "removed",
            _ => "changed",
        };
        r.record(
            ChangeKind::TraitChanged,
            at,
            format!("trait `{id}` {verb}"),
            Impact::dangerous("codegen diff does not know what this trait means for clients: review it"),
            Impact::compatible("the generator does not read this trait"),
            Bump::None,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::smithy::traits::Bounds;

    fn traits(length: Option<(Option<u64>, Option<u64>)>, pattern: Option<&str>) -> Traits {
        let mut t = Traits::default();
        t.length = length.map(|(min, max)| Bounds { min, max });
        t.pattern = pattern.map(str::to_owned);
        t
    }

    #[test]
    fn length_only_patterns_count_as_length_bounds() {
        let restated = length_and_pattern(&traits(None, Some("^(?s).{0,255}$")));
        assert_eq!(restated, length_and_pattern(&traits(Some((None, Some(255))), None)));
        let lookahead = length_and_pattern(&traits(None, Some("^(?=.{4,255}$)[a-z]+$")));
        assert_eq!(lookahead, length_and_pattern(&traits(Some((Some(4), Some(255))), Some("^[a-z]+$"))));
        assert_eq!(length_and_pattern(&traits(Some((Some(0), None)), None)), (None, None), "0.. is no bound");
        let kept = length_and_pattern(&traits(None, Some("^.{1,255}$")));
        assert_eq!(kept, (None, Some("^.{1,255}$".to_owned())), "`.` without (?s) also excludes line breaks");
    }
}
