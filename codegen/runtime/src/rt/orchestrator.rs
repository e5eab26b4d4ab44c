//! Calling an operation over the awsJson protocols: serialise, resolve the
//! endpoint, sign, send, retry, and read the output or the error.

use std::fmt;
use std::time::{Duration, SystemTime};

use serde_json::Value;

use super::json::{DeserializeError, SerializeError};
use super::retry::{ErrorKind, RetryQuota, RetryState, classify_response, server_hint};
use super::sigv4::{SignableBody, SignableRequest, SigningKeyCache, SigningParams, SigningSettings, sign_headers};
use crate::config::validation::check_endpoint_url;
use crate::config::{Config, IdempotencyTokenProvider};
use crate::error::{BoxError, CreateUnhandledError, ErrorMetadata, ProvideErrorMetadata, SdkError, display_escaped};
use crate::http::{ConnectorError, ConnectorErrorKind, HttpRequest, HttpResponse, ResponseTooLarge};

/// What a client shares between its calls: its configuration, retry quota
/// and signing key.
#[derive(Debug)]
pub struct Runtime {
    pub config: Config,
    quota: RetryQuota,
    signing_keys: SigningKeyCache,
}

impl Runtime {
    pub fn new(config: Config) -> Self {
        Runtime { config, quota: RetryQuota::default(), signing_keys: SigningKeyCache::default() }
    }
}

/// The service-wide protocol facts, generated from the model.
#[derive(Debug)]
pub struct ServiceInfo {
    /// `application/x-amz-json-1.0` or `…-1.1`.
    pub content_type: &'static str,
    /// The service shape's name: `X-Amz-Target` is `<this>.<operation>`.
    pub target_prefix: &'static str,
    /// The SigV4 signing name.
    pub signing_name: &'static str,
    /// `User-Agent` value.
    pub user_agent: &'static str,
    /// With `aws.protocols#awsQueryCompatible`, `x-amzn-query-error` carries the error code.
    pub query_compatible: bool,
}

/// One operation, as generated from the model.
pub trait OperationSpec {
    /// The operation's input.
    type Input;
    /// The operation's output.
    type Output;
    /// The operation's error enum.
    type Error: CreateUnhandledError + ProvideErrorMetadata + std::error::Error + Send + Sync + 'static;

    /// The operation's name, e.g. `CreateResourceSnapshotJob`.
    const NAME: &'static str;

    /// Fills unset `@idempotencyToken` members.
    fn fill_idempotency_tokens(_input: &mut Self::Input, _provider: &IdempotencyTokenProvider) -> Result<(), BoxError> {
        Ok(())
    }

    /// The request body.
    fn serialize(input: &Self::Input) -> Result<Vec<u8>, SerializeError>;

    /// The endpoint for this call.
    fn resolve_endpoint(input: &Self::Input, config: &Config) -> Result<String, BoxError>;

    /// The host prefix (`smithy.api#endpoint`), if the operation has one.
    fn host_prefix(_input: &Self::Input) -> Result<Option<String>, BoxError> {
        Ok(None)
    }

    /// Reads a successful response body.
    fn parse_output(body: &Value) -> Result<Self::Output, DeserializeError>;

    /// Reads a modelled error by its code; `None` when the code is not one of
    /// the operation's errors.
    fn parse_error(code: &str, body: &Value, meta: ErrorMetadata) -> Option<Result<Self::Error, DeserializeError>>;

    /// What the model says about retrying this error (`@retryable`).
    fn retry_kind(_error: &Self::Error) -> Option<ErrorKind> {
        None
    }

    /// Compresses the body for operations with `@requestCompression`;
    /// returns the body and the `Content-Encoding` to add.
    fn compress_body(body: Vec<u8>, _config: &Config) -> Result<(Vec<u8>, Option<&'static str>), BoxError> {
        Ok((body, None))
    }
}

/// Why a request could not be prepared.
#[derive(Debug)]
struct Missing(&'static str);

impl fmt::Display for Missing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

impl std::error::Error for Missing {}

/// A time limit was reached.
#[derive(Debug)]
struct TimedOut {
    what: &'static str,
    limit: Duration,
}

impl fmt::Display for TimedOut {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} took longer than {:?}", self.what, self.limit)
    }
}

impl std::error::Error for TimedOut {}

/// An error response without a recognisable error in it.
#[derive(Debug)]
struct UnrecognizedError {
    status: u16,
    detail: String,
}

impl fmt::Display for UnrecognizedError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The detail quotes the server's error code.
        write!(f, "HTTP {} response {}", self.status, display_escaped(&self.detail))
    }
}

impl std::error::Error for UnrecognizedError {}

/// Calls operation `O`: the whole-operation timeout around attempts and retries.
///
/// Timeouts and the waits between retries use Tokio's timers: with any of them
/// configured, a call made outside a Tokio runtime fails with a construction
/// failure. A runtime built without its time driver (no `enable_time()` or
/// `enable_all()`) cannot be detected, and Tokio panics when a timer starts.
pub async fn invoke<O: OperationSpec>(
    runtime: &Runtime,
    service: &ServiceInfo,
    input: O::Input,
) -> Result<O::Output, SdkError<O::Error>> {
    if needs_timers(&runtime.config) && tokio::runtime::Handle::try_current().is_err() {
        return Err(SdkError::construction_failure(Missing(
            "send() must be called inside a Tokio runtime with timers enabled (or with timeouts and retries turned off)",
        )));
    }
    match runtime.config.timeout_config().operation_timeout() {
        None => invoke_attempts::<O>(runtime, service, input).await,
        Some(limit) => match tokio::time::timeout(limit, invoke_attempts::<O>(runtime, service, input)).await {
            Ok(result) => result,
            Err(_) => Err(SdkError::timeout_error(TimedOut { what: "the operation", limit })),
        },
    }
}

/// Whether a call may start a Tokio timer: a timeout, or a wait before a retry.
fn needs_timers(config: &Config) -> bool {
    let timeouts = config.timeout_config();
    timeouts.operation_timeout().is_some()
        || timeouts.operation_attempt_timeout().is_some()
        || config.retry_config().max_attempts() > 1
}

/// The settings that become part of the request's URL must keep to their
/// syntax, or the signed request could go to another host than meant.
fn check_url_settings(config: &Config) -> Result<(), BoxError> {
    if let Some(region) = config.region() {
        region.validate()?;
    }
    if let Some(url) = config.endpoint_url() {
        check_endpoint_url(url)?;
    }
    Ok(())
}

async fn invoke_attempts<O: OperationSpec>(
    runtime: &Runtime,
    service: &ServiceInfo,
    mut input: O::Input,
) -> Result<O::Output, SdkError<O::Error>> {
    let config = &runtime.config;
    // Tokens are filled once, so every attempt carries the same one.
    O::fill_idempotency_tokens(&mut input, config.idempotency_token_provider())
        .map_err(SdkError::construction_failure)?;
    let body = O::serialize(&input).map_err(SdkError::construction_failure)?;
    check_url_settings(config).map_err(SdkError::construction_failure)?;
    let mut url = O::resolve_endpoint(&input, config).map_err(SdkError::construction_failure)?;
    if let Some(prefix) = O::host_prefix(&input).map_err(SdkError::construction_failure)? {
        url = apply_host_prefix(&url, &prefix);
    }
    // Whatever the rules and the prefix made of the settings is checked too.
    check_endpoint_url(&url).map_err(SdkError::construction_failure)?;
    // awsJson requests go to the operation URI `/`, under the endpoint's own path.
    if !url.ends_with('/') {
        url.push('/');
    }
    let (body, content_encoding) = O::compress_body(body, config).map_err(SdkError::construction_failure)?;
    let http_client = config.http_client().ok_or_else(|| {
        SdkError::construction_failure(Missing(
            "no HTTP client is configured: enable the `default-https-client` feature or set one with `Config::builder().http_client(...)`",
        ))
    })?;
    let region = config.region().ok_or_else(|| {
        SdkError::construction_failure(Missing(
            "no region is configured (needed to sign requests): set one with `Config::builder().region(...)` or AWS_REGION \
             (a region from the environment or a profile that is not a valid region name is ignored)",
        ))
    })?;
    let provider = config.credentials_provider().ok_or_else(|| {
        SdkError::construction_failure(Missing(
            "no credentials provider is configured: set one with `Config::builder().credentials_provider(...)` or use `Config::from_env()`",
        ))
    })?;
    let credentials = provider.provide_credentials().await.map_err(SdkError::construction_failure)?;
    let invocation_id = super::uuid::v4().map_err(SdkError::construction_failure)?;
    let target = format!("{}.{}", service.target_prefix, O::NAME);
    let user_agent = match config.app_name() {
        Some(app) => std::borrow::Cow::Owned(format!("{} app/{app}", service.user_agent)),
        None => std::borrow::Cow::Borrowed(service.user_agent),
    };

    let mut retry = RetryState::new(config.retry_config(), &runtime.quota);
    loop {
        let attempt = retry.start_attempt();
        let mut request = HttpRequest::new("POST", url.clone(), body.clone());
        request.set_max_response_body_size(config.max_response_body_size());
        request.push_header("content-type", service.content_type);
        request.push_header("content-length", body.len().to_string());
        request.push_header("x-amz-target", target.as_str());
        if let Some(encoding) = content_encoding {
            request.push_header("content-encoding", encoding);
        }
        if service.query_compatible {
            request.push_header("x-amzn-query-mode", "true");
        }
        request.push_header("user-agent", user_agent.as_ref());
        request.push_header("amz-sdk-invocation-id", invocation_id.as_str());
        request.push_header("amz-sdk-request", format!("attempt={attempt}; max={}", retry.max_attempts()));
        let params = SigningParams {
            access_key_id: credentials.access_key_id(),
            secret_access_key: credentials.secret_access_key(),
            session_token: credentials.session_token(),
            region: region.as_str(),
            service: service.signing_name,
            time: SystemTime::now(),
            settings: SigningSettings::new(),
            signing_keys: Some(&runtime.signing_keys),
        };
        let signable = SignableRequest {
            method: request.method(),
            uri: request.uri(),
            headers: request.headers(),
            body: SignableBody::Bytes(request.body()),
        };
        let signed = sign_headers(&signable, &params).map_err(SdkError::construction_failure)?;
        for (name, value) in signed.headers {
            request.set_header(name, value);
        }

        let sent = match config.timeout_config().operation_attempt_timeout() {
            None => Ok(http_client.call(request).await),
            Some(limit) => tokio::time::timeout(limit, http_client.call(request))
                .await
                .map_err(|_| TimedOut { what: "the attempt", limit }),
        };
        // Also for HTTP clients that read whole bodies whatever the limit.
        let sent = sent.map(|result| result.and_then(|response| check_body_size(response, config)));
        let (kind, timeout, hint, error) = match sent {
            Err(timed_out) => (ErrorKind::Transient, true, None, SdkError::timeout_error(timed_out)),
            Ok(Err(e)) if e.kind() == ConnectorErrorKind::ResponseTooLarge => {
                (ErrorKind::Client, false, None, response_too_large(e))
            }
            Ok(Err(e)) if e.is_timeout() => (ErrorKind::Transient, true, None, SdkError::timeout_error(e)),
            Ok(Err(e)) if e.is_io() => (ErrorKind::Transient, false, None, SdkError::dispatch_failure(e)),
            Ok(Err(e)) => (ErrorKind::Client, false, None, SdkError::dispatch_failure(e)),
            Ok(Ok(response)) => match read_response::<O>(response, service) {
                Ok(output) => {
                    retry.succeeded();
                    return Ok(output);
                }
                Err(failed) => (failed.kind, false, failed.hint, failed.error),
            },
        };
        match retry.should_retry(kind, timeout, hint, super::uuid::random_unit()) {
            Some(delay) => tokio::time::sleep(delay).await,
            None => return Err(error),
        }
    }
}

/// Fails a response whose body is over the configured limit, as the HTTP
/// client should have. The body was read already, but it is not parsed.
fn check_body_size(response: HttpResponse, config: &Config) -> Result<HttpResponse, ConnectorError> {
    let limit = config.max_response_body_size();
    if u64::try_from(response.body().len()).unwrap_or(u64::MAX) <= limit {
        return Ok(response);
    }
    let content_length = response.header("content-length").and_then(|value| value.trim().parse().ok());
    let details = ResponseTooLarge::new(limit, content_length, response.status(), response.headers().to_vec());
    Err(ConnectorError::response_too_large(details))
}

/// A body over the limit is a response error: a response arrived, and its
/// status and headers (not its body) go with the error.
fn response_too_large<E>(error: ConnectorError) -> SdkError<E> {
    match error.as_response_too_large().map(|details| details.response().clone()) {
        Some(raw) => SdkError::response_error(error, raw),
        // A client that used the kind without the details.
        None => SdkError::dispatch_failure(error),
    }
}

/// A response that is not the operation's output.
pub struct FailedResponse<E> {
    /// The error for the caller.
    pub error: SdkError<E>,
    /// How the failure counts for retries.
    pub kind: ErrorKind,
    /// The server's requested delay before retrying.
    pub hint: Option<Duration>,
}

/// Reads a response: the output for a 2xx status, else the operation's error
/// (an unreadable 2xx body is a response error, never retried).
pub fn read_response<O: OperationSpec>(
    response: HttpResponse,
    service: &ServiceInfo,
) -> Result<O::Output, FailedResponse<O::Error>> {
    if (200..300).contains(&response.status()) {
        let parsed = super::json::parse_body(response.body()).and_then(|body| O::parse_output(&body));
        return parsed.map_err(|e| FailedResponse {
            error: SdkError::response_error(e, response),
            kind: ErrorKind::Client,
            hint: None,
        });
    }
    let (err, modeled_kind) = parse_error::<O>(&response, service);
    let kind = classify_response(response.status(), err.code(), modeled_kind);
    let hint = server_hint(|name| response.header(name).map(str::to_owned));
    Err(FailedResponse { error: SdkError::service_error(err, response), kind, hint })
}

/// Inserts `prefix` before the host of `url`.
fn apply_host_prefix(url: &str, prefix: &str) -> String {
    match url.find("://") {
        Some(i) => format!("{}{prefix}{}", &url[..i + 3], &url[i + 3..]),
        None => format!("{prefix}{url}"),
    }
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
    let without_suffix = raw.split(':').next().unwrap_or(&raw);
    let code = without_suffix.rsplit('#').next().unwrap_or(without_suffix).trim();
    (!code.is_empty()).then(|| code.to_owned())
}

/// Reads an error response into the operation's error and what the model
/// says about retrying it. Never fails: what cannot be read becomes the
/// unhandled variant, carrying the HTTP status.
fn parse_error<O: OperationSpec>(response: &HttpResponse, service: &ServiceInfo) -> (O::Error, Option<ErrorKind>) {
    let body = serde_json::from_slice::<Value>(response.body()).ok().filter(Value::is_object);
    let code = error_code(response, body.as_ref());
    // Query-compatible services also send the code their query API used; the
    // caller sees that one, while the modelled error is still found by its shape name.
    let query_code = response
        .header("x-amzn-query-error")
        .filter(|_| service.query_compatible)
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
        let modeled_code = code.rsplit('#').next().unwrap_or(code);
        match O::parse_error(modeled_code, body.as_ref().unwrap_or(&empty), meta.clone()) {
            Some(Ok(err)) => {
                let kind = O::retry_kind(&err);
                return (err, kind);
            }
            Some(Err(e)) => {
                let source = UnrecognizedError {
                    status: response.status(),
                    detail: format!("carries the error `{code}` but its body could not be read: {e}"),
                };
                return (O::Error::create_unhandled_error(Box::new(source), Some(meta)), None);
            }
            None => {}
        }
    }
    let detail = match (&code, &body) {
        (Some(code), _) => format!("with the error code `{code}`, which this operation does not model"),
        (None, Some(_)) => "with a JSON body that names no error code".to_owned(),
        (None, None) if response.body().is_empty() => "with an empty body".to_owned(),
        (None, None) => "with a body that is not JSON".to_owned(),
    };
    let source = UnrecognizedError { status: response.status(), detail };
    (O::Error::create_unhandled_error(Box::new(source), Some(meta)), None)
}

#[cfg(test)]
mod invoke_tests;
#[cfg(test)]
mod response_size_tests;

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

    #[test]
    fn host_prefixes_go_before_the_host() {
        assert_eq!(apply_host_prefix("https://example.com/", "foo."), "https://foo.example.com/");
        assert_eq!(apply_host_prefix("http://127.0.0.1:8080", "data-"), "http://data-127.0.0.1:8080");
    }
}
