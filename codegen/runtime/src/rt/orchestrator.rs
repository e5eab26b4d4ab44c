//! Calling an operation: build the request (the operation's protocol code),
//! resolve the endpoint, sign, send, retry, and read the output or the error
//! (the protocol code again). Nothing here knows a wire format.

use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use super::json::{DeserializeError, SerializeError};
use super::retry::{ErrorKind, RetryQuota, RetryState, classify_response, server_hint};
use super::sigv4::{SignableBody, SignableRequest, SigningKeyCache, SigningParams, SigningSettings, sign_headers};
use super::trace;
use crate::config::validation::check_endpoint_url;
use crate::config::{Config, Credentials, CredentialsError, IdempotencyTokenProvider, ProvideCredentials};
use crate::customize::Customization;
use crate::error::{BoxError, BuildError, CreateUnhandledError, ProvideErrorMetadata, SdkError};
use crate::http::{ConnectorError, ConnectorErrorKind, HttpResponse, ResponseTooLarge};
#[cfg(feature = "byte-stream")]
use crate::primitives::ByteStream;

mod attempt_body;
use self::attempt_body::AttemptBody;

/// What a client shares between its calls: its configuration, retry quota
/// and signing key.
#[derive(Debug)]
pub struct Runtime {
    config: Config,
    /// Whether the region and endpoint URL of `config` passed
    /// [`check_url_settings`]: checked once here rather than on every call,
    /// since the configuration never changes after [`Runtime::new`].
    url_settings_ok: bool,
    quota: RetryQuota,
    signing_keys: SigningKeyCache,
}

impl Runtime {
    pub fn new(config: Config) -> Self {
        let url_settings_ok = check_url_settings(&config).is_ok();
        Runtime { config, url_settings_ok, quota: RetryQuota::default(), signing_keys: SigningKeyCache::default() }
    }

    /// The client's configuration.
    pub fn config(&self) -> &Config {
        &self.config
    }
}

/// The service-wide facts every protocol needs, generated from the model.
#[derive(Debug)]
pub struct ServiceInfo {
    /// The SigV4 signing name.
    pub signing_name: &'static str,
    /// `User-Agent` value.
    pub user_agent: &'static str,
    /// How requests are signed (S3's differ).
    pub signing: SigningSettings,
}

/// The protocol's part of a request, as an operation's generated code builds
/// it from the input: method, path and query (relative to the endpoint),
/// protocol headers and body. The orchestrator adds the endpoint, the
/// standard headers and the signature.
#[derive(Debug)]
pub struct RequestParts {
    /// The HTTP method, e.g. `POST`.
    pub method: &'static str,
    /// The path and query, starting with `/`, e.g. `/` or `/things/a%20b?x=1`.
    pub path: String,
    /// Headers the protocol sets, e.g. `content-type`.
    pub headers: Vec<(Cow<'static, str>, Cow<'static, str>)>,
    /// The body.
    pub body: RequestBody,
}

/// The body of a request, as the protocol made it.
#[derive(Debug)]
pub enum RequestBody {
    /// Bytes in memory: signed with their SHA-256, compressed where the
    /// operation asks for it, and sent again by every retry.
    Bytes(Vec<u8>),
    /// A `@streaming` blob (feature `byte-stream`), sent as it is read with
    /// its length as `Content-Length` when known. Bytes in memory are sent as
    /// [`RequestBody::Bytes`] would be, but never compressed. Other streams
    /// are signed with the literal `UNSIGNED-PAYLOAD` (unless the protocol
    /// set `x-amz-content-sha256`), since hashing them would mean reading
    /// them twice; a file is opened anew for each attempt, and a reader is
    /// never sent again once an attempt has read from it.
    #[cfg(feature = "byte-stream")]
    Stream(ByteStream),
}

impl RequestParts {
    /// A request with no protocol headers yet.
    pub fn new(method: &'static str, path: impl Into<String>, body: Vec<u8>) -> Self {
        RequestParts { method, path: path.into(), headers: Vec::new(), body: RequestBody::Bytes(body) }
    }

    /// A request with a streaming body and no protocol headers yet.
    #[cfg(feature = "byte-stream")]
    pub fn streaming(method: &'static str, path: impl Into<String>, body: ByteStream) -> Self {
        RequestParts { method, path: path.into(), headers: Vec::new(), body: RequestBody::Stream(body) }
    }

    /// Adds a header.
    pub fn header(mut self, name: impl Into<Cow<'static, str>>, value: impl Into<Cow<'static, str>>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Whether a header `name` (compared case-insensitively) was added.
    pub fn has_header(&self, name: &str) -> bool {
        self.headers.iter().any(|(n, _)| n.eq_ignore_ascii_case(name))
    }

    /// The body's bytes when they are in memory (also those of a stream made
    /// from bytes), for checksums computed before sending; `None` for a
    /// stream read as it is sent.
    pub fn body_bytes(&self) -> Option<&[u8]> {
        match &self.body {
            RequestBody::Bytes(bytes) => Some(bytes),
            #[cfg(feature = "byte-stream")]
            RequestBody::Stream(stream) => stream.in_memory(),
        }
    }
}

/// How an operation's requests are authenticated (`smithy.api#auth`,
/// `smithy.api#optionalAuth`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Auth {
    /// Signed with SigV4; credentials are required.
    SigV4,
    /// Signed when credentials can be had, sent anonymously otherwise
    /// (`@optionalAuth`, e.g. STS `AssumeRoleWithWebIdentity`).
    Optional,
    /// Never signed (`@auth([])`).
    None,
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

    /// How requests are authenticated.
    const AUTH: Auth = Auth::SigV4;

    /// Whether the output takes the response body as a stream (a
    /// `@streaming` blob payload): the HTTP client is then asked to leave a
    /// 2xx body unread ([`crate::http::HttpRequest::set_stream_response`]), and the
    /// response size limit does not apply to it. `parse_output` takes it with
    /// `HttpResponse::take_body_stream`.
    const STREAMING_OUTPUT: bool = false;

    /// Fills unset `@idempotencyToken` members.
    fn fill_idempotency_tokens(_input: &mut Self::Input, _provider: &IdempotencyTokenProvider) -> Result<(), BoxError> {
        Ok(())
    }

    /// The protocol's part of the request: method, path, headers, body. It
    /// may take a streaming body out of the input; the rest of the input
    /// stays as it was.
    fn request(input: &mut Self::Input) -> Result<RequestParts, SerializeError>;

    /// The endpoint for this call.
    fn resolve_endpoint(input: &Self::Input, config: &Config) -> Result<String, BoxError>;

    /// The endpoint for this call once its credentials are known:
    /// `account_id` is theirs. Operations of services whose endpoint rules
    /// take the caller's account id (`AWS::Auth::AccountId`, DynamoDB's
    /// account-based endpoints) bind it; the others keep this default,
    /// [`resolve_endpoint`](Self::resolve_endpoint).
    fn resolve_endpoint_with_account_id(
        input: &Self::Input,
        config: &Config,
        _account_id: Option<&str>,
    ) -> Result<String, BoxError> {
        Self::resolve_endpoint(input, config)
    }

    /// The host prefix (`smithy.api#endpoint`), if the operation has one.
    fn host_prefix(_input: &Self::Input) -> Result<Option<String>, BoxError> {
        Ok(None)
    }

    /// Reads a successful response; a streaming output takes the body.
    fn parse_output(response: &mut HttpResponse) -> Result<Self::Output, DeserializeError>;

    /// Reads an error response: a modelled error when the protocol's error
    /// code names one, else the unhandled variant. Never fails.
    fn parse_error(response: &HttpResponse) -> Self::Error;

    /// What the model says about retrying this error (`@retryable`).
    fn retry_kind(_error: &Self::Error) -> Option<ErrorKind> {
        None
    }

    /// Whether a successful status carries an error all the same (S3's
    /// `CopyObject`, `UploadPartCopy` and `CompleteMultipartUpload` may answer
    /// 200 with an `<Error>` document). Never asked of streaming outputs.
    fn is_error_response(_response: &HttpResponse) -> bool {
        false
    }

    /// Compresses the body for operations with `@requestCompression`;
    /// returns the body and the `Content-Encoding` to add. Streaming bodies
    /// are not compressed.
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
    invoke_customized::<O>(runtime, service, input, Customization::default()).await
}

/// What a generated fluent builder's `send()` returns: the input as its
/// builder built it (a builder's error becomes a construction failure), sent
/// through [`invoke_customized`].
///
/// The future owns the client's runtime, so a generated crate returns it
/// as it is rather than wrapping it in an `async fn` of its own. Its state
/// machine is then laid out only where a program awaits it, for the
/// operations that program calls, rather than twice per operation (`send`
/// and `send_customized`) when the generated crate is built.
pub async fn send<O: OperationSpec>(
    runtime: Arc<Runtime>,
    service: &'static ServiceInfo,
    input: Result<O::Input, BuildError>,
    customization: Customization,
) -> Result<O::Output, SdkError<O::Error>> {
    let input = input.map_err(SdkError::construction_failure)?;
    invoke_customized::<O>(&runtime, service, input, customization).await
}

/// [`invoke`] with a call's [`Customization`]: its configuration override
/// replaces the client's settings for this call (the client's retry quota
/// and signing key cache still serve it), and its request mutators change
/// each attempt's request before it is signed.
pub async fn invoke_customized<O: OperationSpec>(
    runtime: &Runtime,
    service: &ServiceInfo,
    input: O::Input,
    mut customization: Customization,
) -> Result<O::Output, SdkError<O::Error>> {
    let overridden;
    let config = match customization.take_config_override() {
        Some(overrides) => {
            overridden = runtime.config.with_override(overrides);
            &overridden
        }
        None => &runtime.config,
    };
    let span = trace::OperationSpan::new(service.signing_name, O::NAME, config.region().map(|r| r.as_str()));
    span.instrument(invoke_within_time_limit::<O>(runtime, config, service, input, &customization)).await
}

async fn invoke_within_time_limit<O: OperationSpec>(
    runtime: &Runtime,
    config: &Config,
    service: &ServiceInfo,
    input: O::Input,
    customization: &Customization,
) -> Result<O::Output, SdkError<O::Error>> {
    if needs_timers(config) && tokio::runtime::Handle::try_current().is_err() {
        return Err(SdkError::construction_failure(Missing(
            "send() must be called inside a Tokio runtime with timers enabled (or with timeouts and retries turned off)",
        )));
    }
    let attempts = invoke_attempts::<O>(runtime, config, service, input, customization);
    match config.timeout_config().operation_timeout() {
        None => attempts.await,
        Some(limit) => match tokio::time::timeout(limit, attempts).await {
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

/// The attempts of one call. Only what needs `O` is generic (building the
/// request's parts, resolving the endpoint, reading the response); sending,
/// signing, timing and retrying are [`Attempts`], compiled once for every
/// operation rather than once per operation.
async fn invoke_attempts<O: OperationSpec>(
    runtime: &Runtime,
    config: &Config,
    service: &ServiceInfo,
    mut input: O::Input,
    customization: &Customization,
) -> Result<O::Output, SdkError<O::Error>> {
    // Tokens are filled once, so every attempt carries the same one.
    O::fill_idempotency_tokens(&mut input, config.idempotency_token_provider())
        .map_err(SdkError::construction_failure)?;
    let parts = O::request(&mut input).map_err(SdkError::construction_failure)?;
    // The client's own settings were checked when it was made; a call's
    // override is checked here. A bad client setting is checked again, for
    // the error to tell what is wrong.
    if !(runtime.url_settings_ok && std::ptr::eq(config, &runtime.config)) {
        check_url_settings(config).map_err(SdkError::construction_failure)?;
    }
    // Credentials first: the endpoint may take their account id.
    let credentials = call_credentials(config, O::AUTH).await.map_err(widen)?;
    let account_id = credentials.as_ref().and_then(Credentials::account_id);
    let url =
        O::resolve_endpoint_with_account_id(&input, config, account_id).map_err(SdkError::construction_failure)?;
    let host_prefix = O::host_prefix(&input).map_err(SdkError::construction_failure)?;
    drop(input);
    let operation =
        OperationFacts { auth: O::AUTH, streaming_output: O::STREAMING_OUTPUT, compress_body: O::compress_body };
    let mut attempts =
        Attempts::prepare(runtime, config, service, customization, operation, parts, url, host_prefix, credentials)
            .map_err(widen)?;
    loop {
        let (kind, timeout, hint, error) = match attempts.send().await.map_err(widen)? {
            Ok(response) => match read_response::<O>(response) {
                Ok(output) => {
                    attempts.succeeded();
                    return Ok(output);
                }
                Err(failed) => (failed.kind, false, failed.hint, failed.error),
            },
            Err(failed) => (failed.kind, failed.timeout, None, widen(failed.error)),
        };
        attempts.record_failure(failure_kind(&error), error.code());
        if !attempts.retry_after(kind, timeout, hint).await {
            return Err(error);
        }
    }
}

/// [`OperationSpec::compress_body`] of one operation.
type CompressBody = fn(Vec<u8>, &Config) -> Result<(Vec<u8>, Option<&'static str>), BoxError>;

/// What [`Attempts`] needs to know of the operation.
struct OperationFacts {
    auth: Auth,
    streaming_output: bool,
    compress_body: CompressBody,
}

/// An error of the part of a call that never sees the operation's error type.
type CallError = SdkError<std::convert::Infallible>;

/// The same error as the operation's.
// The service-error arm holds an `Infallible`: taking it out is unreachable.
#[allow(unreachable_code)]
fn widen<E>(error: CallError) -> SdkError<E> {
    match error {
        SdkError::ConstructionFailure(e) => SdkError::ConstructionFailure(e),
        SdkError::TimeoutError(e) => SdkError::TimeoutError(e),
        SdkError::DispatchFailure(e) => SdkError::DispatchFailure(e),
        SdkError::ResponseError(e) => SdkError::ResponseError(e),
        SdkError::ServiceError(e) => match e.into_err() {},
    }
}

/// How an error is named on the attempt's span.
fn failure_kind<E>(error: &SdkError<E>) -> &'static str {
    match error {
        SdkError::ConstructionFailure(_) => "construction failure",
        SdkError::TimeoutError(_) => "timeout",
        SdkError::DispatchFailure(_) => "dispatch failure",
        SdkError::ResponseError(_) => "response error",
        SdkError::ServiceError(_) => "service error",
    }
}

/// An attempt that ended without a response to read.
struct AttemptFailure {
    kind: ErrorKind,
    timeout: bool,
    error: CallError,
}

/// A call's request, ready to be sent as many times as retries allow.
struct Attempts<'a> {
    config: &'a Config,
    service: &'a ServiceInfo,
    customization: &'a Customization,
    signing_keys: &'a SigningKeyCache,
    http_client: &'a Arc<dyn crate::http::HttpClient>,
    streaming_output: bool,
    method: &'static str,
    headers: Vec<(Cow<'static, str>, Cow<'static, str>)>,
    url: String,
    body: AttemptBody,
    content_length: Option<u64>,
    content_encoding: Option<&'static str>,
    /// Credentials and region, when the request is signed.
    signer: Option<(Credentials, &'a crate::config::Region)>,
    invocation_id: String,
    user_agent: Cow<'a, str>,
    retry: RetryState<'a>,
    /// The span of the latest attempt.
    span: Option<trace::AttemptSpan>,
}

impl<'a> Attempts<'a> {
    /// Everything that stays the same between attempts: the URL, the body,
    /// credentials and region, the invocation id.
    #[allow(clippy::too_many_arguments)]
    fn prepare(
        runtime: &'a Runtime,
        config: &'a Config,
        service: &'a ServiceInfo,
        customization: &'a Customization,
        operation: OperationFacts,
        parts: RequestParts,
        mut url: String,
        host_prefix: Option<String>,
        credentials: Option<Credentials>,
    ) -> Result<Attempts<'a>, CallError> {
        if let Some(prefix) = host_prefix {
            url = apply_host_prefix(&url, &prefix);
        }
        // Whatever the rules and the prefix made of the settings is checked too.
        check_endpoint_url(&url).map_err(SdkError::construction_failure)?;
        trace::endpoint_resolved(&url);
        // The operation's path goes under the endpoint's own path.
        while url.ends_with('/') {
            url.pop();
        }
        url.push_str(&parts.path);
        // A length the caller gave (S3's `ContentLength`) must be the body's.
        let declared_length = match parts.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case("content-length")) {
            Some((_, value)) => Some(value.trim().parse::<u64>().map_err(|_| {
                SdkError::construction_failure(Missing("the Content-Length given is not a number of bytes"))
            })?),
            None => None,
        };
        let (body, content_encoding) = AttemptBody::prepare(parts.body, config, operation.compress_body)
            .map_err(SdkError::construction_failure)?;
        let content_length = match (body.content_length(), declared_length) {
            (Some(known), Some(declared)) if known != declared && content_encoding.is_none() => {
                return Err(SdkError::construction_failure(Missing(
                    "the Content-Length given differs from the length of the body",
                )));
            }
            (Some(known), _) => Some(known),
            (None, declared) => declared,
        };
        let http_client = config.http_client().ok_or_else(|| {
            SdkError::construction_failure(Missing(
                "no HTTP client is configured: enable the `default-https-client` feature or set one with `Config::builder().http_client(...)`",
            ))
        })?;
        let region = match (config.region(), operation.auth) {
            (Some(region), _) => Some(region),
            (None, Auth::SigV4) => {
                return Err(SdkError::construction_failure(Missing(
                    "no region is configured (needed to sign requests): set one with `Config::builder().region(...)` or AWS_REGION \
                     (a region from the environment or a profile that is not a valid region name is ignored)",
                )));
            }
            (None, _) => None,
        };
        // Signing needs both.
        let signer = credentials.zip(region);
        let invocation_id = super::uuid::v4().map_err(SdkError::construction_failure)?;
        let user_agent = match config.app_name() {
            Some(app) => Cow::Owned(format!("{} app/{app}", service.user_agent)),
            None => Cow::Borrowed(service.user_agent),
        };
        Ok(Attempts {
            config,
            service,
            customization,
            signing_keys: &runtime.signing_keys,
            http_client,
            streaming_output: operation.streaming_output,
            method: parts.method,
            headers: parts.headers,
            url,
            body,
            content_length,
            content_encoding,
            signer,
            invocation_id,
            user_agent,
            retry: RetryState::new(config.retry_config(), &runtime.quota),
            span: None,
        })
    }

    /// Builds, signs and sends the next attempt's request. The outer error
    /// ends the call (the request could not be built); the inner one is a
    /// failed attempt, which may be retried.
    async fn send(&mut self) -> Result<Result<HttpResponse, AttemptFailure>, CallError> {
        let attempt = self.retry.start_attempt();
        let span = trace::AttemptSpan::new(attempt);
        // Nothing waits while the request is made and signed.
        let request = span.in_scope(|| self.request(attempt))?;
        let call = self.http_client.call(request);
        #[cfg(feature = "byte-stream")]
        let call = buffer_unless_streamed(call, self.config.max_response_body_size(), self.streaming_output);
        let call = span.instrument(call);
        // For a streamed output, the attempt ends with the response head.
        let sent = match self.config.timeout_config().operation_attempt_timeout() {
            None => Ok(call.await),
            Some(limit) => tokio::time::timeout(limit, call).await.map_err(|_| TimedOut { what: "the attempt", limit }),
        };
        // Also for HTTP clients that read whole bodies whatever the limit.
        let sent = sent
            .map(|result| result.and_then(|response| check_body_size(response, self.config, self.streaming_output)));
        let failed = |kind, timeout, error| Err(AttemptFailure { kind, timeout, error });
        let outcome = match sent {
            Err(timed_out) => failed(ErrorKind::Transient, true, SdkError::timeout_error(timed_out)),
            Ok(Err(e)) if e.kind() == ConnectorErrorKind::ResponseTooLarge => {
                failed(ErrorKind::Client, false, response_too_large(e))
            }
            Ok(Err(e)) if e.is_timeout() => failed(ErrorKind::Transient, true, SdkError::timeout_error(e)),
            Ok(Err(e)) if e.is_io() => failed(ErrorKind::Transient, false, SdkError::dispatch_failure(e)),
            Ok(Err(e)) => failed(ErrorKind::Client, false, SdkError::dispatch_failure(e)),
            Ok(Ok(response)) => {
                span.record_status(response.status());
                Ok(response)
            }
        };
        self.span = Some(span);
        Ok(outcome)
    }

    /// The request of attempt number `attempt`, signed.
    fn request(&self, attempt: u32) -> Result<crate::http::HttpRequest, CallError> {
        let mut request = self.body.request(self.method, &self.url);
        // The protocol's headers, then at most five standard ones and four
        // the signature adds.
        request.reserve_headers(self.headers.len() + 9);
        request.set_max_response_body_size(self.config.max_response_body_size());
        request.set_stream_response(self.streaming_output);
        for (name, value) in self.headers.iter().filter(|(n, _)| !n.eq_ignore_ascii_case("content-length")) {
            request.push_header(name.as_ref(), value.as_ref());
        }
        // A stream of unknown length goes out chunked; an empty body only
        // announces itself where the method expects content (RFC 9110 §8.6).
        if let Some(length) = self.content_length.filter(|&length| length > 0 || expects_content(self.method)) {
            request.push_header("content-length", length.to_string());
        }
        if let Some(encoding) = self.content_encoding {
            // Codings are listed in the order they were applied, so the
            // compression goes after any the protocol set.
            match request.header("content-encoding").map(str::to_owned) {
                Some(given) => request.set_header("content-encoding", format!("{given}, {encoding}")),
                None => request.push_header("content-encoding", encoding),
            }
        }
        request.push_header("user-agent", self.user_agent.as_ref());
        request.push_header("amz-sdk-invocation-id", self.invocation_id.as_str());
        request.push_header("amz-sdk-request", format!("attempt={attempt}; max={}", self.retry.max_attempts()));
        if self.customization.mutates_requests() {
            self.customization.mutate_request(&mut request);
            check_headers(&request).map_err(SdkError::construction_failure)?;
        }
        if let Some((credentials, region)) = &self.signer {
            let params = SigningParams {
                access_key_id: credentials.access_key_id(),
                secret_access_key: credentials.secret_access_key(),
                session_token: credentials.session_token(),
                region: region.as_str(),
                service: self.service.signing_name,
                time: SystemTime::now(),
                settings: self.service.signing,
                signing_keys: Some(self.signing_keys),
            };
            // As the official SDKs do: a payload hash the protocol computed
            // (Glacier) is the one signed; a stream is not read twice to hash it.
            let payload = match request.header("x-amz-content-sha256") {
                Some(hash) => SignableBody::Precomputed(hash),
                None if self.body.is_hashed() => SignableBody::Bytes(request.body()),
                None => SignableBody::Unsigned,
            };
            let signable = SignableRequest {
                method: request.method(),
                uri: request.uri(),
                headers: request.headers(),
                body: payload,
            };
            let signed = sign_headers(&signable, &params).map_err(SdkError::construction_failure)?;
            for (name, value) in signed.headers {
                request.set_header(name, value);
            }
        }
        Ok(request)
    }

    /// The attempt succeeded.
    fn succeeded(&mut self) {
        if let Some(span) = &self.span {
            span.record_retry(None);
        }
        self.retry.succeeded();
    }

    /// Records on the attempt's span how it failed (`kind`), and the
    /// service's error code.
    fn record_failure(&self, kind: &'static str, code: Option<&str>) {
        if let Some(span) = &self.span {
            span.record_error(kind, code);
        }
    }

    /// Whether the call goes on after a failed attempt, having waited the
    /// backoff if so.
    async fn retry_after(&mut self, kind: ErrorKind, timeout: bool, hint: Option<Duration>) -> bool {
        // A stream an attempt has read from cannot be sent again.
        let delay = match self.body.can_send_again() {
            true => self.retry.should_retry(kind, timeout, hint, super::uuid::random_unit()),
            false => None,
        };
        if let Some(span) = &self.span {
            span.record_retry(delay);
        }
        match delay {
            Some(delay) => {
                tokio::time::sleep(delay).await;
                true
            }
            None => false,
        }
    }
}

/// The credentials a call signs with: none for an unsigned operation, or
/// for an optionally signed one when none can be had.
async fn call_credentials(config: &Config, auth: Auth) -> Result<Option<Credentials>, CallError> {
    match (config.credentials_provider(), auth) {
        (_, Auth::None) => Ok(None),
        (Some(provider), Auth::SigV4) => {
            Ok(Some(resolve_credentials(provider.as_ref()).await.map_err(SdkError::construction_failure)?))
        }
        // Anonymous when no credentials can be had.
        (Some(provider), Auth::Optional) => Ok(resolve_credentials(provider.as_ref()).await.ok()),
        (None, Auth::Optional) => Ok(None),
        (None, Auth::SigV4) => Err(SdkError::construction_failure(Missing(
            "no credentials provider is configured: set one with `Config::builder().credentials_provider(...)` or use `Config::from_env()`",
        ))),
    }
}

/// Asks `provider` for credentials, reporting which kind of provider
/// answered or failed (never what it answered).
async fn resolve_credentials(provider: &dyn ProvideCredentials) -> Result<Credentials, CredentialsError> {
    let result = provider.provide_credentials().await;
    match &result {
        Ok(_) => trace::credentials_resolved(provider.provider_name()),
        Err(_) => trace::credentials_failed(provider.provider_name()),
    }
    result
}

/// Refuses headers a request mutator left that HTTP cannot carry: a name
/// that is not a token, or a value with a control character.
fn check_headers(request: &crate::http::HttpRequest) -> Result<(), SerializeError> {
    for (name, value) in request.headers() {
        super::rest::check_header_name(name)?;
        super::rest::check_header_value(name, value)?;
    }
    Ok(())
}

/// Reads a response body the client left as a stream into memory (bounded),
/// unless it is a 2xx body the output takes as a stream: for clients that
/// stream every body, since everything but a streamed output reads it whole.
#[cfg(feature = "byte-stream")]
async fn buffer_unless_streamed(
    call: crate::http::HttpFuture<'_>,
    limit: u64,
    stream_output: bool,
) -> Result<HttpResponse, ConnectorError> {
    let mut response = call.await?;
    if response.has_body_stream() && !(stream_output && is_success(response.status())) {
        response.buffer_body(limit).await?;
    }
    Ok(response)
}

/// Whether requests with `method` are expected to carry content.
fn expects_content(method: &str) -> bool {
    matches!(method, "POST" | "PUT" | "PATCH")
}

fn is_success(status: u16) -> bool {
    (200..300).contains(&status)
}

/// Fails a response whose body is over the configured limit, as the HTTP
/// client should have. The body was read already, but it is not parsed. A
/// 2xx body the output takes as a stream has no limit.
fn check_body_size(
    response: HttpResponse,
    config: &Config,
    streaming_output: bool,
) -> Result<HttpResponse, ConnectorError> {
    if streaming_output && is_success(response.status()) {
        return Ok(response);
    }
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
pub fn read_response<O: OperationSpec>(mut response: HttpResponse) -> Result<O::Output, FailedResponse<O::Error>> {
    if is_success(response.status()) && (O::STREAMING_OUTPUT || !O::is_error_response(&response)) {
        return O::parse_output(&mut response).map_err(|e| FailedResponse {
            error: SdkError::response_error(e, response),
            kind: ErrorKind::Client,
            hint: None,
        });
    }
    let err = O::parse_error(&response);
    let modeled_kind = O::retry_kind(&err);
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

#[cfg(test)]
mod header_tests;
#[cfg(test)]
mod invoke_tests;
#[cfg(test)]
mod response_size_tests;
#[cfg(all(test, feature = "byte-stream"))]
mod streaming_tests;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_prefixes_go_before_the_host() {
        assert_eq!(apply_host_prefix("https://example.com/", "foo."), "https://foo.example.com/");
        assert_eq!(apply_host_prefix("http://127.0.0.1:8080", "data-"), "http://data-127.0.0.1:8080");
    }
}
