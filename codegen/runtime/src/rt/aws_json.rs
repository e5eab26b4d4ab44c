//! The awsJson 1.0 and 1.1 protocols' response handling: outputs from JSON
//! bodies, and errors named by `X-Amzn-Errortype` or the body's
//! `code`/`__type`.

use serde_json::Value;

use super::error_response::{ErrorParts, finish, sanitize_code};
use super::json::{DeserializeError, DeserializeJson, parse_body};
use crate::error::{CreateUnhandledError, ErrorMetadata};
use crate::http::HttpResponse;

/// Reads an operation's output from a successful response's JSON body.
pub fn read_output<T: DeserializeJson>(response: &HttpResponse) -> Result<T, DeserializeError> {
    T::read_json(&parse_body(response.body())?)
}

/// The error code as the protocol sends it: `X-Amzn-Errortype` (first
/// comma-separated value), else the body's `code`, else its `__type`; with
/// any namespace (`…#`) and any suffix (`:…`) removed.
pub fn error_code(response: &HttpResponse, body: Option<&Value>) -> Option<String> {
    let raw = response
        .header("x-amzn-errortype")
        .map(|h| h.split(',').next().unwrap_or(h).to_owned())
        .or_else(|| body.and_then(|b| b.get("code")).and_then(Value::as_str).map(str::to_owned))
        .or_else(|| body.and_then(|b| b.get("__type")).and_then(Value::as_str).map(str::to_owned))?;
    sanitize_code(&raw)
}

/// Reads an error response into the operation's error `E`: `modeled` reads
/// the modelled error the code names (`None` when the operation has no such
/// error). Never fails: what cannot be read becomes the unhandled variant,
/// carrying the HTTP status. With `query_compatible`
/// (`aws.protocols#awsQueryCompatible`), the code callers see is the one in
/// `x-amzn-query-error`, while the modelled error is still found by its shape name.
pub fn read_error<E: CreateUnhandledError>(
    response: &HttpResponse,
    query_compatible: bool,
    modeled: impl FnOnce(&str, &Value, ErrorMetadata) -> Option<Result<E, DeserializeError>>,
) -> E {
    let (parts, body) = read_error_parts(response, query_compatible);
    let read = parts.code.as_deref().and_then(|code| modeled(code, &body, parts.meta.clone()));
    finish(read, parts)
}

/// The part of [`read_error`] that does not depend on the operation: the
/// code, the metadata and the body (an empty object when it is not one).
fn read_error_parts(response: &HttpResponse, query_compatible: bool) -> (ErrorParts, Value) {
    let body = serde_json::from_slice::<Value>(response.body()).ok().filter(Value::is_object);
    let code = error_code(response, body.as_ref());
    let query_code = response
        .header("x-amzn-query-error")
        .filter(|_| query_compatible)
        .and_then(|h| h.split(';').next())
        .map(str::trim)
        .filter(|c| !c.is_empty());
    let message = body
        .as_ref()
        .and_then(|b| b.get("message").or_else(|| b.get("Message")).or_else(|| b.get("errorMessage")))
        .and_then(Value::as_str);
    let mut meta = ErrorMetadata::builder();
    if let Some(code) = query_code.or(code.as_deref()) {
        meta = meta.code(code);
    }
    if let Some(message) = message {
        meta = meta.message(message);
    }
    if let Some(id) = response.header("x-amzn-requestid") {
        meta = meta.request_id(id);
    }
    let without_code = match (&code, &body) {
        (Some(_), _) => String::new(),
        (None, Some(_)) => "with a JSON body that names no error code".to_owned(),
        (None, None) if response.body().is_empty() => "with an empty body".to_owned(),
        (None, None) => "with a body that is not JSON".to_owned(),
    };
    let parts = ErrorParts { status: response.status(), code, meta: meta.build(), without_code };
    (parts, body.unwrap_or_else(|| Value::Object(serde_json::Map::new())))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn response(headers: &[(&str, &str)], body: &str) -> HttpResponse {
        let headers = headers.iter().map(|(n, v)| (n.to_string(), v.to_string())).collect();
        HttpResponse::new(400, headers, body.as_bytes().to_vec())
    }

    #[test]
    fn error_codes_follow_the_protocol_order_and_are_sanitised() {
        let body = |s: &str| serde_json::from_str::<Value>(s).ok();
        let r = response(&[("X-Amzn-Errortype", "FooError:http://internal.amazon.com/coral/com.amazon.x/,Other")], "");
        assert_eq!(error_code(&r, None).as_deref(), Some("FooError"));
        let r = response(&[], "");
        assert_eq!(error_code(&r, body(r#"{"code": "ns#Bar", "__type": "Baz"}"#).as_ref()).as_deref(), Some("Bar"));
        assert_eq!(
            error_code(&r, body(r#"{"__type": "aws.protocoltests.restjson#FooError:http://x"}"#).as_ref()).as_deref(),
            Some("FooError")
        );
        assert_eq!(error_code(&r, body(r#"{"message": "x"}"#).as_ref()), None);
        assert_eq!(error_code(&r, body(r#"{"__type": ""}"#).as_ref()), None);
    }
}

#[cfg(test)]
mod read_error_tests {
    use super::*;
    use crate::error::BoxError;

    /// An operation error enum as generated code has them, cut down.
    #[derive(Debug)]
    enum OpError {
        Modeled { code: String, body: Value, meta: ErrorMetadata },
        Unhandled { source: String, meta: ErrorMetadata },
    }

    impl CreateUnhandledError for OpError {
        fn create_unhandled_error(source: BoxError, meta: Option<ErrorMetadata>) -> Self {
            OpError::Unhandled { source: source.to_string(), meta: meta.unwrap_or_default() }
        }
    }

    fn modeled(code: &str, body: &Value, meta: ErrorMetadata) -> Option<Result<OpError, DeserializeError>> {
        match code {
            "Known" => Some(Ok(OpError::Modeled { code: code.to_owned(), body: body.clone(), meta })),
            "Unreadable" => Some(Err(DeserializeError::new("expected an integer").at("Count"))),
            _ => None,
        }
    }

    fn read(headers: &[(&str, &str)], body: &str, query_compatible: bool) -> OpError {
        let headers = headers.iter().map(|(n, v)| (n.to_string(), v.to_string())).collect();
        read_error(&HttpResponse::new(400, headers, body.as_bytes().to_vec()), query_compatible, modeled)
    }

    fn unhandled(error: OpError) -> (String, ErrorMetadata) {
        match error {
            OpError::Unhandled { source, meta } => (source, meta),
            other => panic!("modelled: {other:?}"),
        }
    }

    #[test]
    fn a_modelled_error_gets_the_body_and_the_metadata() {
        let headers = [("x-amzn-requestid", "req-1"), ("x-amzn-query-error", "AWS.Known;Sender")];
        match read(&headers, r#"{"__type": "ns#Known", "Message": "hi", "Extra": 1}"#, true) {
            OpError::Modeled { code, body, meta } => {
                assert_eq!(code, "Known");
                assert_eq!(body["Extra"], 1);
                assert_eq!(meta.code(), Some("AWS.Known"), "the query-compatible code is the one callers see");
                assert_eq!(meta.message(), Some("hi"));
                assert_eq!(meta.request_id(), Some("req-1"));
            }
            other => panic!("not modelled: {other:?}"),
        }
        // Without a body, the modelled error is read from an empty object.
        match read(&[("X-Amzn-Errortype", "Known")], "", false) {
            OpError::Modeled { body, .. } => assert_eq!(body, Value::Object(serde_json::Map::new())),
            other => panic!("not modelled: {other:?}"),
        }
    }

    #[test]
    fn what_is_not_a_modelled_error_says_why() {
        let cases = [
            (
                r#"{"__type": "Other", "message": "m"}"#,
                "HTTP 400 response with the error code `Other`, which this operation does not model",
            ),
            (
                r#"{"__type": "Unreadable"}"#,
                "HTTP 400 response carries the error `Unreadable` but its body could not be read: expected an integer (at `Count`)",
            ),
            (r#"{"message": "m"}"#, "HTTP 400 response with a JSON body that names no error code"),
            ("", "HTTP 400 response with an empty body"),
            ("<html>", "HTTP 400 response with a body that is not JSON"),
            ("[1]", "HTTP 400 response with a body that is not JSON"),
        ];
        for (body, expected) in cases {
            let (source, meta) = unhandled(read(&[("x-amzn-requestid", "req-2")], body, false));
            assert_eq!(source, expected, "{body}");
            assert_eq!(meta.request_id(), Some("req-2"), "{body}");
        }
        let (_, meta) = unhandled(read(&[], r#"{"__type": "Other", "message": "m"}"#, false));
        assert_eq!((meta.code(), meta.message()), (Some("Other"), Some("m")));
    }
}
