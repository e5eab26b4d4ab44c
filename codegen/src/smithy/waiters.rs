//! `smithy.waiters#waitable` and `smithy.rules#operationContextParams`: the
//! two traits whose values hold JMESPath expressions, read into typed values.

use std::collections::BTreeMap;

use serde_json::Value;

/// One waiter of `smithy.waiters#waitable`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Waiter {
    /// The waiter's name, e.g. `BucketExists`.
    pub name: String,
    /// Its documentation (CommonMark).
    pub documentation: Option<String>,
    /// The acceptors, in the model's order.
    pub acceptors: Vec<Acceptor>,
    /// Seconds; 2 unless given.
    pub min_delay: u64,
    /// Seconds; 120 unless given.
    pub max_delay: u64,
    /// Whether the waiter is deprecated.
    pub deprecated: bool,
}

/// One acceptor: a matcher and the state it leads to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Acceptor {
    /// The state the waiter moves to when the matcher matches.
    pub state: AcceptorState,
    /// What the acceptor tests.
    pub matcher: Matcher,
}

/// The state an acceptor moves a waiter to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AcceptorState {
    /// `success`.
    Success,
    /// `failure`.
    Failure,
    /// `retry`.
    Retry,
}

/// What an acceptor tests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Matcher {
    /// `output`: an expression on the output.
    Output(PathMatcher),
    /// `inputOutput`: an expression on `{input, output}`.
    InputOutput(PathMatcher),
    /// `success`: any output (`true`) or any error (`false`).
    Success(bool),
    /// `errorType`: an error with this name (the name part of a shape id).
    ErrorType(String),
}

/// An expression, its comparator and the expected value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathMatcher {
    /// The JMESPath expression.
    pub path: String,
    /// The expected value.
    pub expected: String,
    /// How the result is compared.
    pub comparator: PathComparator,
}

/// `PathComparator`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathComparator {
    /// `stringEquals`.
    StringEquals,
    /// `booleanEquals`.
    BooleanEquals,
    /// `allStringEquals`.
    AllStringEquals,
    /// `anyStringEquals`.
    AnyStringEquals,
}

/// Reads `smithy.waiters#waitable`: waiters by name, in name order.
pub fn waiters_from_json(value: &Value) -> Result<Vec<Waiter>, String> {
    let map = value.as_object().ok_or("expected a map of waiter names to waiters")?;
    let mut waiters = Vec::new();
    for (name, waiter) in map {
        waiters.push(waiter_from_json(name, waiter).map_err(|e| format!("waiter `{name}`: {e}"))?);
    }
    waiters.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(waiters)
}

fn waiter_from_json(name: &str, value: &Value) -> Result<Waiter, String> {
    if !name.starts_with(|c: char| c.is_ascii_uppercase()) || !name.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Err("a waiter name is UpperCamelCase letters and digits".into());
    }
    let delay = |key: &str, default: u64| -> Result<u64, String> {
        match value.get(key) {
            None => Ok(default),
            Some(v) => v.as_u64().filter(|d| *d >= 1).ok_or(format!("`{key}` must be an integer of at least 1")),
        }
    };
    let min_delay = delay("minDelay", 2)?;
    let max_delay = delay("maxDelay", 120)?;
    if min_delay > max_delay {
        return Err(format!("`minDelay` ({min_delay}) is greater than `maxDelay` ({max_delay})"));
    }
    let acceptors = value.get("acceptors").and_then(Value::as_array).ok_or("`acceptors` must be a list")?;
    let acceptors = acceptors.iter().map(acceptor_from_json).collect::<Result<Vec<_>, _>>()?;
    if !acceptors.iter().any(|a| a.state == AcceptorState::Success) {
        return Err("a waiter needs an acceptor with the `success` state".into());
    }
    Ok(Waiter {
        name: name.to_owned(),
        documentation: value.get("documentation").and_then(Value::as_str).map(str::to_owned),
        acceptors,
        min_delay,
        max_delay,
        deprecated: value.get("deprecated").and_then(Value::as_bool).unwrap_or(false),
    })
}

fn acceptor_from_json(value: &Value) -> Result<Acceptor, String> {
    let state = match value.get("state").and_then(Value::as_str) {
        Some("success") => AcceptorState::Success,
        Some("failure") => AcceptorState::Failure,
        Some("retry") => AcceptorState::Retry,
        _ => return Err("an acceptor's `state` must be \"success\", \"failure\" or \"retry\"".into()),
    };
    let matcher = value.get("matcher").and_then(Value::as_object).ok_or("an acceptor needs a `matcher`")?;
    let mut entries = matcher.iter();
    let (Some((kind, body)), None) = (entries.next(), entries.next()) else {
        return Err("a matcher sets exactly one member".into());
    };
    let matcher = match kind.as_str() {
        "output" => Matcher::Output(path_matcher(body)?),
        "inputOutput" => Matcher::InputOutput(path_matcher(body)?),
        "success" => Matcher::Success(body.as_bool().ok_or("`success` must be a boolean")?),
        "errorType" => {
            let name = body.as_str().filter(|s| !s.is_empty()).ok_or("`errorType` must be a shape name")?;
            Matcher::ErrorType(name.rsplit('#').next().unwrap_or(name).to_owned())
        }
        other => return Err(format!("unknown matcher `{other}`")),
    };
    Ok(Acceptor { state, matcher })
}

fn path_matcher(value: &Value) -> Result<PathMatcher, String> {
    let text = |key: &str| value.get(key).and_then(Value::as_str).map(str::to_owned);
    let path = text("path").ok_or("a path matcher needs a `path`")?;
    let expected = text("expected").ok_or("a path matcher needs an `expected` value")?;
    let comparator = match text("comparator").as_deref() {
        Some("stringEquals") => PathComparator::StringEquals,
        Some("booleanEquals") => PathComparator::BooleanEquals,
        Some("allStringEquals") => PathComparator::AllStringEquals,
        Some("anyStringEquals") => PathComparator::AnyStringEquals,
        _ => return Err("`comparator` must be stringEquals, booleanEquals, allStringEquals or anyStringEquals".into()),
    };
    if comparator == PathComparator::BooleanEquals && expected != "true" && expected != "false" {
        return Err(format!("booleanEquals expects \"true\" or \"false\", not {expected:?}"));
    }
    Ok(PathMatcher { path, expected, comparator })
}

/// Reads `smithy.rules#operationContextParams`: parameter name to expression.
pub fn context_params_from_json(value: &Value) -> Result<BTreeMap<String, String>, String> {
    let map = value.as_object().ok_or("expected a map of parameter names")?;
    map.iter()
        .map(|(name, spec)| {
            let path = spec.get("path").and_then(Value::as_str).ok_or(format!("parameter `{name}` needs a `path`"))?;
            Ok((name.clone(), path.to_owned()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn reads_waiters_with_their_defaults() {
        let waiters = waiters_from_json(&json!({
            "ThingExists": {
                "acceptors": [
                    {"state": "failure", "matcher": {"output": {"path": "status", "comparator": "stringEquals", "expected": "failed"}}},
                    {"state": "success", "matcher": {"success": true}},
                    {"state": "retry", "matcher": {"errorType": "smithy.example#NotFound"}}
                ]
            }
        }))
        .expect("valid");
        assert_eq!(waiters.len(), 1);
        let w = &waiters[0];
        assert_eq!((w.min_delay, w.max_delay), (2, 120));
        assert_eq!(w.acceptors[2].matcher, Matcher::ErrorType("NotFound".into()));
        assert_eq!(w.acceptors[0].state, AcceptorState::Failure);
    }

    #[test]
    fn refuses_malformed_waiters() {
        for (value, why) in [
            (json!({"lower": {"acceptors": [{"state": "success", "matcher": {"success": true}}]}}), "UpperCamelCase"),
            (json!({"W": {"acceptors": [{"state": "retry", "matcher": {"success": true}}]}}), "`success` state"),
            (json!({"W": {"minDelay": 10, "maxDelay": 5, "acceptors": []}}), "greater than"),
            (json!({"W": {"acceptors": [{"state": "success", "matcher": {}}]}}), "exactly one"),
            (
                json!({"W": {"acceptors": [{"state": "success", "matcher": {"output": {"path": "a", "comparator": "booleanEquals", "expected": "yes"}}}]}}),
                "booleanEquals",
            ),
        ] {
            let error = waiters_from_json(&value).expect_err(why);
            assert!(error.contains(why), "{error}");
        }
    }
}
