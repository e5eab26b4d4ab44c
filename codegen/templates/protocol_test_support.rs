//! Support for the model's protocol compliance tests: a client wired to a
//! test transport, and the checks the cases need.

// A model may have request cases only, or response cases only.
#![allow(dead_code)]

use std::fmt::Debug;

use serde_json::Value;

use crate::http::{HttpClient, HttpRequest};

/// A client that sends through `http` to `endpoint`, fills idempotency tokens
/// with `token`, and never retries.
pub(crate) fn client(http: impl HttpClient, endpoint: &str, token: &str) -> crate::Client {
    let config = crate::Config::builder()
        .region("us-east-1")
        .credentials_provider(crate::config::Credentials::new("AKIDEXAMPLE", "SECRET", None))
        .endpoint_url(endpoint)
        .idempotency_token_provider(crate::config::IdempotencyTokenProvider::fixed(token))
        .retry_config(crate::config::retry::RetryConfig::disabled())
        .http_client(http)
        .build();
    crate::Client::from_conf(config)
}

/// A client for `region` with endpoints from the model's rules (dual-stack
/// if asked), otherwise as [`client`].
pub(crate) fn client_in_region(http: impl HttpClient, region: &str, dual_stack: bool, token: &str) -> crate::Client {
    let config = crate::Config::builder()
        .region(region)
        .credentials_provider(crate::config::Credentials::new("AKIDEXAMPLE", "SECRET", None))
        .use_dual_stack(dual_stack)
        .idempotency_token_provider(crate::config::IdempotencyTokenProvider::fixed(token))
        .retry_config(crate::config::retry::RetryConfig::disabled())
        .http_client(http)
        .build();
    crate::Client::from_conf(config)
}

/// What a request test case expects.
pub(crate) struct ExpectedRequest<'a> {
    pub(crate) method: &'a str,
    pub(crate) uri: &'a str,
    pub(crate) query_params: &'a [&'a str],
    pub(crate) forbid_query_params: &'a [&'a str],
    pub(crate) require_query_params: &'a [&'a str],
    pub(crate) headers: &'a [(&'a str, &'a str)],
    pub(crate) forbid_headers: &'a [&'a str],
    pub(crate) require_headers: &'a [&'a str],
    pub(crate) body: Option<&'a str>,
    pub(crate) body_media_type: Option<&'a str>,
    pub(crate) resolved_host: Option<&'a str>,
}

/// Checks a captured request against a case; panics with what differs.
pub(crate) fn check_request(request: &HttpRequest, expected: &ExpectedRequest<'_>) {
    assert_eq!(request.method(), expected.method, "method");
    let (scheme_host, rest) = split_uri(request.uri());
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    assert_eq!(path, expected.uri, "path of {}", request.uri());
    if let Some(host) = expected.resolved_host {
        assert_eq!(scheme_host.split("://").nth(1).unwrap_or(scheme_host), host, "resolved host");
    }
    let pairs: Vec<&str> = query.split('&').filter(|p| !p.is_empty()).collect();
    for q in expected.query_params {
        assert!(pairs.contains(q), "query parameter `{q}` missing from `{query}`");
    }
    let names: Vec<&str> = pairs.iter().map(|p| p.split('=').next().unwrap_or(p)).collect();
    for q in expected.forbid_query_params {
        assert!(!names.contains(q), "query parameter `{q}` must be absent from `{query}`");
    }
    for q in expected.require_query_params {
        assert!(names.contains(q), "query parameter `{q}` is required in `{query}`");
    }
    for (name, value) in expected.headers {
        assert_eq!(request.header(name), Some(*value), "header `{name}`");
    }
    for name in expected.forbid_headers {
        assert_eq!(request.header(name), None, "header `{name}` must be absent");
    }
    for name in expected.require_headers {
        assert!(request.header(name).is_some(), "header `{name}` is required");
    }
    if let Some(body) = expected.body {
        let actual = request.body();
        if expected.body_media_type == Some("application/json") {
            let expected_json: Value = serde_json::from_str(body).expect("the expected body is JSON");
            let actual_json: Value = serde_json::from_slice(actual)
                .unwrap_or_else(|e| panic!("the body is not JSON ({e}): {}", String::from_utf8_lossy(actual)));
            assert!(
                json_equal(&actual_json, &expected_json),
                "JSON body differs:\n  sent     {actual_json}\n  expected {expected_json}"
            );
        } else if request.header("content-encoding").is_some() {
            // A compressed body is checked by its headers only.
        } else if expected.body_media_type == Some("application/x-www-form-urlencoded") {
            // Form pairs may come in any order.
            let sent = String::from_utf8_lossy(actual);
            assert_eq!(form_pairs(&sent), form_pairs(body), "form body differs:\n  sent     {sent}\n  expected {body}");
        } else if is_xml(expected.body_media_type) && !body.trim().is_empty() {
            xml_equal(actual, body);
        } else {
            assert_eq!(String::from_utf8_lossy(actual), body, "body");
        }
    }
}

/// The `key=value` pairs of a form body, sorted; line breaks in the
/// expected text are layout.
fn form_pairs(body: &str) -> Vec<String> {
    let mut pairs: Vec<String> =
        body.split('&').map(|p| p.trim().replace(['\n', '\r'], "")).filter(|p| !p.is_empty()).collect();
    pairs.sort();
    pairs
}

fn is_xml(media_type: Option<&str>) -> bool {
    matches!(media_type, Some("application/xml" | "text/xml"))
}

fn split_uri(uri: &str) -> (&str, &str) {
    let after_scheme = uri.find("://").map_or(0, |i| i + 3);
    match uri[after_scheme..].find('/') {
        Some(i) => (&uri[..after_scheme + i], &uri[after_scheme + i..]),
        None => (uri, "/"),
    }
}

/// JSON equality that compares numbers by value (`1` equals `1.0`).
pub(crate) fn json_equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => match (x.as_i64(), y.as_i64()) {
            (Some(x), Some(y)) => x == y,
            _ => x.as_f64() == y.as_f64(),
        },
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(x, y)| json_equal(x, y)),
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| json_equal(v, w)))
        }
        _ => a == b,
    }
}

/// Equality that also accepts `NaN` where `NaN` is expected (values whose
/// `Debug` forms agree).
pub(crate) fn assert_same<T: PartialEq + Debug>(actual: &T, expected: &T) {
    if actual != expected {
        let (a, e) = (format!("{actual:?}"), format!("{expected:?}"));
        assert_eq!(a, e, "the parsed value differs");
    }
}
