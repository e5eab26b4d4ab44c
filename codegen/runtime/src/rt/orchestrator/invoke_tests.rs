//! `invoke` end to end against a recording HTTP client: what is refused before
//! anything is sent, and what never panics.
// The helpers hand on what `invoke` returns, large error and all.
#![allow(clippy::result_large_err)]

use std::future::Future;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Waker};
use std::time::Duration;

use serde_json::Value;

use super::*;
use crate::config::retry::RetryConfig;
use crate::config::timeout::TimeoutConfig;
use crate::config::{Credentials, Region};
use crate::error::ErrorMetadata;
use crate::error::Unhandled;
use crate::http::{HttpClient, HttpFuture, HttpRequest};

/// Records every request and answers `200 {}` at once, without any runtime.
#[derive(Clone, Debug, Default)]
struct Recorder {
    uris: Arc<Mutex<Vec<String>>>,
}

impl Recorder {
    fn uris(&self) -> Vec<String> {
        self.uris.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }
}

impl HttpClient for Recorder {
    fn call(&self, request: HttpRequest) -> HttpFuture<'_> {
        self.uris.lock().unwrap_or_else(|p| p.into_inner()).push(request.uri().to_owned());
        Box::pin(async { Ok(HttpResponse::new(200, Vec::new(), b"{}".to_vec())) })
    }
}

/// The operation's error: only ever unhandled here (shared with the other test modules).
#[derive(Debug)]
pub(super) struct OpError(Unhandled);

impl fmt::Display for OpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl std::error::Error for OpError {}

impl CreateUnhandledError for OpError {
    fn create_unhandled_error(source: BoxError, meta: Option<ErrorMetadata>) -> Self {
        OpError(Unhandled::new(source, meta.unwrap_or_default()))
    }
}

impl ProvideErrorMetadata for OpError {
    fn meta(&self) -> &ErrorMetadata {
        self.0.meta()
    }
}

/// An operation whose endpoint follows the rules' shape: the override as is,
/// else a host name built from the region.
struct Op;

impl OperationSpec for Op {
    type Input = ();
    type Output = Value;
    type Error = OpError;
    const NAME: &'static str = "Op";

    fn request(_input: &mut ()) -> Result<RequestParts, SerializeError> {
        Ok(RequestParts::new("POST", "/", b"{}".to_vec()))
    }

    fn resolve_endpoint(_input: &(), config: &Config) -> Result<String, BoxError> {
        Ok(match config.endpoint_url() {
            Some(url) => url.to_owned(),
            None => format!("https://svc.{}.amazonaws.com", config.region().map_or("none", Region::as_str)),
        })
    }

    fn parse_output(response: &mut HttpResponse) -> Result<Value, DeserializeError> {
        crate::rt::json::parse_body(response.body())
    }

    fn parse_error(response: &HttpResponse) -> OpError {
        crate::rt::aws_json::read_error(response, false, |_, _, _| None)
    }
}

const SERVICE: ServiceInfo =
    ServiceInfo { signing_name: "svc", user_agent: "test", signing: super::SigningSettings::new() };

fn config(recorder: &Recorder) -> crate::config::Builder {
    Config::builder()
        .region("us-east-1")
        .credentials_provider(Credentials::new("AKID", "SECRET", None))
        .http_client(recorder.clone())
}

fn call(config: Config) -> Result<Value, SdkError<OpError>> {
    let runtime = Runtime::new(config);
    block_on_without_runtime(invoke::<Op>(&runtime, &SERVICE, ()))
}

/// Polls `future` to completion on this thread, outside any Tokio runtime.
fn block_on_without_runtime<F: Future>(future: F) -> F::Output {
    let mut future = std::pin::pin!(future);
    let mut cx = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(output) = future.as_mut().poll(&mut cx) {
            return output;
        }
        std::thread::yield_now();
    }
}

/// A configuration that starts no timer, so calls run without a runtime.
fn timer_free(recorder: &Recorder) -> crate::config::Builder {
    config(recorder).timeout_config(TimeoutConfig::disabled()).retry_config(RetryConfig::disabled())
}

fn construction_failure(result: Result<Value, SdkError<OpError>>) -> String {
    match result {
        Err(err @ SdkError::ConstructionFailure(_)) => err.to_string(),
        other => panic!("expected a construction failure, got {other:?}"),
    }
}

#[test]
fn a_region_that_is_not_a_host_label_is_a_construction_failure() {
    for region in ["x@127.0.0.1:18443?", "us-east-1.evil.example", "-x", "a/b", ""] {
        let recorder = Recorder::default();
        let message = construction_failure(call(timer_free(&recorder).region(region).build()));
        assert!(message.contains("not a valid region name"), "{message}");
        assert!(message.contains(&format!("{region:?}")), "{message}");
        assert_eq!(recorder.uris(), Vec::<String>::new(), "nothing is sent for {region:?}");
    }
}

#[test]
fn a_region_that_is_not_a_host_label_is_refused_even_with_an_endpoint_override() {
    let recorder = Recorder::default();
    let config = timer_free(&recorder).region("x@127.0.0.1:18443?").endpoint_url("http://127.0.0.1:1").build();
    let message = construction_failure(call(config));
    assert!(message.contains("not a valid region name"), "{message}");
    assert!(recorder.uris().is_empty());
}

#[test]
fn an_endpoint_url_with_a_query_fragment_or_user_info_is_a_construction_failure() {
    let cases = [
        ("http://127.0.0.1:1/ok?x=1", "query"),
        ("http://127.0.0.1:1/ok#hunter2", "fragment"),
        ("http://user:hunter2@127.0.0.1:1/", "user-info"),
        ("ftp://127.0.0.1:1/", "expected `http://`"),
    ];
    for (url, problem) in cases {
        let recorder = Recorder::default();
        let message = construction_failure(call(timer_free(&recorder).endpoint_url(url).build()));
        assert!(message.contains(problem), "{url}: {message}");
        assert!(!message.contains("hunter2"), "{url}: {message}");
        assert!(recorder.uris().is_empty(), "nothing is sent to {url}");
    }
}

#[test]
fn a_valid_endpoint_url_gets_the_operation_path_appended() {
    let recorder = Recorder::default();
    call(timer_free(&recorder).endpoint_url("http://127.0.0.1:1/base").build()).expect("success");
    call(timer_free(&recorder).build()).expect("success");
    assert_eq!(recorder.uris(), ["http://127.0.0.1:1/base/", "https://svc.us-east-1.amazonaws.com/"]);
}

#[test]
fn outside_a_tokio_runtime_send_is_an_error_not_a_panic() {
    let recorder = Recorder::default();
    let configs = [
        config(&recorder).build(),
        timer_free(&recorder).retry_config(RetryConfig::standard()).build(),
        timer_free(&recorder).timeout_config(TimeoutConfig::builder().build()).build(),
    ];
    for config in configs {
        let message = construction_failure(call(config));
        assert!(message.contains("inside a Tokio runtime with timers enabled"), "{message}");
    }
    assert!(recorder.uris().is_empty());
}

#[test]
fn without_timeouts_or_retries_send_needs_no_runtime() {
    let recorder = Recorder::default();
    call(timer_free(&recorder).build()).expect("success");
    assert_eq!(recorder.uris().len(), 1);
}

#[tokio::test]
async fn timeouts_too_long_to_count_down_mean_no_limit() {
    let recorder = Recorder::default();
    let timeouts = TimeoutConfig::builder()
        .connect_timeout(Duration::MAX)
        .operation_attempt_timeout(Duration::MAX)
        .operation_timeout(Duration::MAX)
        .build();
    let runtime = Runtime::new(config(&recorder).timeout_config(timeouts).build());
    invoke::<Op>(&runtime, &SERVICE, ()).await.expect("success, not a panic");
    assert_eq!(recorder.uris().len(), 1);
}

/// An operation whose 200 responses may carry an error (as S3's `CopyObject`).
struct ErrorIn200;

impl OperationSpec for ErrorIn200 {
    type Input = ();
    type Output = Value;
    type Error = OpError;
    const NAME: &'static str = "ErrorIn200";

    fn request(input: &mut ()) -> Result<RequestParts, SerializeError> {
        Op::request(input)
    }

    fn resolve_endpoint(input: &(), config: &Config) -> Result<String, BoxError> {
        Op::resolve_endpoint(input, config)
    }

    fn parse_output(response: &mut HttpResponse) -> Result<Value, DeserializeError> {
        Op::parse_output(response)
    }

    fn parse_error(response: &HttpResponse) -> OpError {
        Op::parse_error(response)
    }

    fn is_error_response(response: &HttpResponse) -> bool {
        response.body().starts_with(b"{\"__type\"")
    }
}

#[test]
fn a_success_status_carrying_an_error_is_read_as_the_error() {
    let read = |body: &str| {
        let response = HttpResponse::new(200, Vec::new(), body.as_bytes().to_vec());
        super::read_response::<ErrorIn200>(response)
    };
    assert_eq!(read(r#"{"ok":true}"#).ok(), Some(serde_json::json!({"ok": true})));
    let failed =
        read(r#"{"__type":"InternalError","message":"try again"}"#).err().unwrap_or_else(|| panic!("an error"));
    match failed.error {
        SdkError::ServiceError(e) => assert_eq!(e.err().code(), Some("InternalError")),
        other => panic!("expected a service error, got {other:?}"),
    }
}
