//! The awsJson 1.0 and 1.1 protocols' response handling: outputs from JSON
//! bodies, and errors named by `X-Amzn-Errortype` or the body's
//! `code`/`__type`.

use serde_json::Value;

use super::error_response::{modeled_or_unreadable, sanitize_code, unhandled};
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
    let meta = meta.build();
    let empty = Value::Object(serde_json::Map::new());
    if let Some(code) = &code {
        let read = modeled(code, body.as_ref().unwrap_or(&empty), meta.clone());
        if let Some(err) = modeled_or_unreadable(response.status(), code, &meta, read) {
            return err;
        }
    }
    let detail = match (&code, &body) {
        (Some(code), _) => format!("with the error code `{code}`, which this operation does not model"),
        (None, Some(_)) => "with a JSON body that names no error code".to_owned(),
        (None, None) if response.body().is_empty() => "with an empty body".to_owned(),
        (None, None) => "with a body that is not JSON".to_owned(),
    };
    unhandled(response.status(), detail, meta)
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
