//! Typed `smithy.test#httpRequestTests` and `smithy.test#httpResponseTests`
//! (the protocol compliance test cases models carry).

use std::collections::BTreeMap;

use serde_json::{Map, Value};

/// Who a test case applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AppliesTo {
    /// Clients only.
    Client,
    /// Servers only.
    Server,
}

/// One `smithy.test#httpRequestTests` case: the request a client must send.
#[derive(Debug, Clone, PartialEq)]
pub struct HttpRequestTestCase {
    /// The case id, unique within the model.
    pub id: String,
    /// The protocol trait id, e.g. `aws.protocols#awsJson1_0`.
    pub protocol: String,
    /// Expected method.
    pub method: String,
    /// Expected path.
    pub uri: String,
    /// The endpoint host (and path) the client is configured with.
    pub host: Option<String>,
    /// The host the request must go to.
    pub resolved_host: Option<String>,
    /// Expected query parameters, `key=value` as sent.
    pub query_params: Vec<String>,
    /// Query parameter names that must be absent.
    pub forbid_query_params: Vec<String>,
    /// Query parameter names that must be present.
    pub require_query_params: Vec<String>,
    /// Expected headers and values.
    pub headers: BTreeMap<String, String>,
    /// Header names that must be absent.
    pub forbid_headers: Vec<String>,
    /// Header names that must be present.
    pub require_headers: Vec<String>,
    /// Expected body.
    pub body: Option<String>,
    /// How to compare the body (`application/json` compares structurally).
    pub body_media_type: Option<String>,
    /// The input, by member name.
    pub params: Map<String, Value>,
    /// What the case checks.
    pub documentation: Option<String>,
    /// Tags.
    pub tags: Vec<String>,
    /// Client, server or both.
    pub applies_to: Option<AppliesTo>,
    /// The client configuration the case assumes (`vendorParams`), as JSON.
    pub vendor_params: Option<Value>,
}

/// One `smithy.test#httpResponseTests` case: a response and what a client
/// must read from it.
#[derive(Debug, Clone, PartialEq)]
pub struct HttpResponseTestCase {
    /// The case id.
    pub id: String,
    /// The protocol trait id.
    pub protocol: String,
    /// The HTTP status.
    pub code: u16,
    /// Response headers.
    pub headers: BTreeMap<String, String>,
    /// Response body.
    pub body: Option<String>,
    /// The body's media type.
    pub body_media_type: Option<String>,
    /// The expected output or error, by member name.
    pub params: Map<String, Value>,
    /// What the case checks.
    pub documentation: Option<String>,
    /// Tags.
    pub tags: Vec<String>,
    /// Client, server or both.
    pub applies_to: Option<AppliesTo>,
}

fn text(v: &Value, key: &str) -> Result<Option<String>, String> {
    match v.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(format!("`{key}` must be a string")),
    }
}

fn required_text(v: &Value, key: &str) -> Result<String, String> {
    text(v, key)?.ok_or_else(|| format!("missing `{key}`"))
}

fn strings(v: &Value, key: &str) -> Result<Vec<String>, String> {
    match v.get(key) {
        None => Ok(Vec::new()),
        Some(Value::Array(items)) => {
            items.iter().map(|i| i.as_str().map(str::to_owned).ok_or(format!("`{key}` must list strings"))).collect()
        }
        Some(_) => Err(format!("`{key}` must be a list")),
    }
}

fn headers(v: &Value) -> Result<BTreeMap<String, String>, String> {
    match v.get("headers") {
        None => Ok(BTreeMap::new()),
        Some(Value::Object(map)) => map
            .iter()
            .map(|(k, v)| Ok((k.clone(), v.as_str().ok_or("header values must be strings")?.to_owned())))
            .collect(),
        Some(_) => Err("`headers` must be an object".into()),
    }
}

fn params(v: &Value) -> Result<Map<String, Value>, String> {
    match v.get("params") {
        None => Ok(Map::new()),
        Some(Value::Object(map)) => Ok(map.clone()),
        Some(_) => Err("`params` must be an object".into()),
    }
}

fn applies_to(v: &Value) -> Result<Option<AppliesTo>, String> {
    match text(v, "appliesTo")?.as_deref() {
        None => Ok(None),
        Some("client") => Ok(Some(AppliesTo::Client)),
        Some("server") => Ok(Some(AppliesTo::Server)),
        Some(other) => Err(format!("`appliesTo` must be client or server, not {other}")),
    }
}

/// Parses the value of `smithy.test#httpRequestTests`.
pub fn parse_request_tests(value: &Value) -> Result<Vec<HttpRequestTestCase>, String> {
    let cases = value.as_array().ok_or("expected a list of test cases")?;
    cases
        .iter()
        .map(|c| {
            let id = required_text(c, "id")?;
            let parse = || -> Result<HttpRequestTestCase, String> {
                Ok(HttpRequestTestCase {
                    id: id.clone(),
                    protocol: required_text(c, "protocol")?,
                    method: required_text(c, "method")?,
                    uri: required_text(c, "uri")?,
                    host: text(c, "host")?,
                    resolved_host: text(c, "resolvedHost")?,
                    query_params: strings(c, "queryParams")?,
                    forbid_query_params: strings(c, "forbidQueryParams")?,
                    require_query_params: strings(c, "requireQueryParams")?,
                    headers: headers(c)?,
                    forbid_headers: strings(c, "forbidHeaders")?,
                    require_headers: strings(c, "requireHeaders")?,
                    body: text(c, "body")?,
                    body_media_type: text(c, "bodyMediaType")?,
                    params: params(c)?,
                    documentation: text(c, "documentation")?,
                    tags: strings(c, "tags")?,
                    applies_to: applies_to(c)?,
                    vendor_params: c.get("vendorParams").cloned(),
                })
            };
            parse().map_err(|e| format!("test case `{id}`: {e}"))
        })
        .collect()
}

/// Parses the value of `smithy.test#httpResponseTests`.
pub fn parse_response_tests(value: &Value) -> Result<Vec<HttpResponseTestCase>, String> {
    let cases = value.as_array().ok_or("expected a list of test cases")?;
    cases
        .iter()
        .map(|c| {
            let id = required_text(c, "id")?;
            let parse = || -> Result<HttpResponseTestCase, String> {
                let code = c.get("code").and_then(Value::as_u64).filter(|c| (100..=599).contains(c));
                Ok(HttpResponseTestCase {
                    id: id.clone(),
                    protocol: required_text(c, "protocol")?,
                    code: code.ok_or("`code` must be an HTTP status")? as u16,
                    headers: headers(c)?,
                    body: text(c, "body")?,
                    body_media_type: text(c, "bodyMediaType")?,
                    params: params(c)?,
                    documentation: text(c, "documentation")?,
                    tags: strings(c, "tags")?,
                    applies_to: applies_to(c)?,
                })
            };
            parse().map_err(|e| format!("test case `{id}`: {e}"))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn request_and_response_cases_parse() {
        let requests = parse_request_tests(&json!([{
            "id": "A", "protocol": "aws.protocols#awsJson1_0", "method": "POST", "uri": "/",
            "headers": {"X-Amz-Target": "S.Op"}, "requireHeaders": ["Content-Length"],
            "body": "{}", "bodyMediaType": "application/json", "params": {"a": 1}, "appliesTo": "client"
        }]))
        .unwrap();
        assert_eq!(requests[0].headers["X-Amz-Target"], "S.Op");
        assert_eq!(requests[0].applies_to, Some(AppliesTo::Client));
        let responses = parse_response_tests(&json!([{"id": "B", "protocol": "p", "code": 200}])).unwrap();
        assert_eq!(responses[0].code, 200);
    }

    #[test]
    fn malformed_cases_name_the_case() {
        let err = parse_request_tests(&json!([{"id": "A", "protocol": "p", "uri": "/"}])).unwrap_err();
        assert_eq!(err, "test case `A`: missing `method`");
        assert!(parse_response_tests(&json!([{"id": "B", "protocol": "p", "code": 99}])).is_err());
    }
}
