//! A call's customization: request mutators run on every attempt before
//! signing, and a configuration override applies to that call alone.

mod support;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use smithy_client_runtime::config::retry::RetryConfig;
use smithy_client_runtime::config::timeout::TimeoutConfig;
use smithy_client_runtime::config::{Config, Credentials, ProvideCredentials, ProvideCredentialsFuture};
use smithy_client_runtime::customize::{CustomizableOperation, CustomizableSend, Customization};
use smithy_client_runtime::error::SdkError;
use smithy_client_runtime::http::{HttpClient, HttpFuture, HttpRequest, HttpResponse};
use smithy_client_runtime::rt::orchestrator::{Runtime, invoke, invoke_customized};
use support::{ACCESS_KEY, Input, Op, OpError, SECRET, SERVICE, Scripted, throttled, tokio_runtime};

/// What a generated fluent builder is, reduced to the part `customize()` needs.
struct Builder {
    runtime: Arc<Runtime>,
    input: Input,
}

impl CustomizableSend for Builder {
    type Output = serde_json::Value;
    type Error = OpError;

    async fn send_customized(self, customization: Customization) -> Result<serde_json::Value, SdkError<OpError>> {
        invoke_customized::<Op>(&self.runtime, &SERVICE, self.input, customization).await
    }
}

fn client(http: impl HttpClient) -> Arc<Runtime> {
    let config = Config::builder()
        .region("us-east-1")
        .credentials_provider(Credentials::new(ACCESS_KEY, SECRET, None))
        .http_client(http)
        .retry_config(RetryConfig::standard().with_initial_backoff(Duration::from_millis(1)))
        .build();
    Arc::new(Runtime::new(config))
}

fn customize(runtime: &Arc<Runtime>) -> CustomizableOperation<Builder> {
    CustomizableOperation::new(Builder { runtime: Arc::clone(runtime), input: Input { note: "hello".into() } })
}

fn signed_headers(request: &HttpRequest) -> Vec<String> {
    let authorization = request.header("authorization").expect("signed");
    let list = authorization.split("SignedHeaders=").nth(1).and_then(|rest| rest.split(',').next()).expect("list");
    list.split(';').map(str::to_owned).collect()
}

#[test]
fn a_mutator_sees_the_body_and_its_headers_are_signed_on_every_attempt() {
    let http = Scripted::new(vec![throttled(1)]);
    let runtime = client(http.clone());
    let bodies = Arc::new(Mutex::new(Vec::new()));
    let seen = Arc::clone(&bodies);
    let result = tokio_runtime().block_on(
        customize(&runtime)
            .mutate_request(move |request| {
                assert_eq!(request.header("authorization"), None, "not signed yet");
                seen.lock().unwrap().push(String::from_utf8_lossy(request.body()).into_owned());
                request.headers_mut().insert("x-trace-tag", "nightly-import");
            })
            .send(),
    );
    result.expect("the second attempt succeeds");
    assert_eq!(*bodies.lock().unwrap(), [r#"{"Note":"hello"}"#, r#"{"Note":"hello"}"#]);
    let requests = http.requests();
    assert_eq!(requests.len(), 2);
    for request in &requests {
        assert_eq!(request.header("x-trace-tag"), Some("nightly-import"));
        assert!(signed_headers(request).contains(&"x-trace-tag".to_owned()), "{:?}", signed_headers(request));
    }
    // Without the customization, no header.
    tokio_runtime().block_on(invoke::<Op>(&runtime, &SERVICE, Input::default())).expect("ok");
    assert_eq!(http.requests()[2].header("x-trace-tag"), None);
}

#[test]
fn a_header_value_with_a_line_break_fails_before_sending() {
    let http = Scripted::new(Vec::new());
    let runtime = client(http.clone());
    let result = tokio_runtime().block_on(
        customize(&runtime)
            .mutate_request(|request| {
                request.headers_mut().insert("x-evil", "a\r\nx-injected: 1");
            })
            .send(),
    );
    match result {
        Err(err @ SdkError::ConstructionFailure(_)) => {
            assert!(format!("{err}").contains("x-evil"), "{err}");
        }
        other => panic!("expected a construction failure, got {other:?}"),
    }
    assert!(http.requests().is_empty());
}

#[test]
fn an_override_of_the_retry_settings_holds_for_one_call_only() {
    let http = Scripted::new((0..6).map(|_| throttled(1)).collect());
    let runtime = client(http.clone());
    let once = tokio_runtime()
        .block_on(customize(&runtime).config_override(Config::builder().retry_config(RetryConfig::disabled())).send());
    assert!(matches!(once, Err(SdkError::ServiceError(_))));
    assert_eq!(http.requests().len(), 1, "one attempt with retries overridden off");
    let again = tokio_runtime().block_on(customize(&runtime).send());
    assert!(matches!(again, Err(SdkError::ServiceError(_))));
    assert_eq!(http.requests().len(), 4, "the client's three attempts again");
    assert_eq!(runtime.config().retry_config().max_attempts(), 3);
}

#[test]
fn an_override_of_the_endpoint_holds_for_one_call_only() {
    let http = Scripted::new(Vec::new());
    let runtime = client(http.clone());
    let rt = tokio_runtime();
    rt.block_on(customize(&runtime).config_override(Config::builder().endpoint_url("http://127.0.0.1:9")).send())
        .expect("ok");
    rt.block_on(customize(&runtime).send()).expect("ok");
    let uris: Vec<String> = http.requests().iter().map(|r| r.uri().to_owned()).collect();
    assert_eq!(uris, ["http://127.0.0.1:9/", "https://svc.us-east-1.amazonaws.com/"]);
}

/// Static credentials that count how often they are asked for.
#[derive(Debug, Default)]
struct Counted(std::sync::atomic::AtomicUsize);

impl ProvideCredentials for Counted {
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
        self.0.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        Box::pin(std::future::ready(Ok(Credentials::new(ACCESS_KEY, SECRET, None))))
    }
}

#[test]
fn an_override_is_checked_although_the_client_settings_were_checked_once() {
    let http = Scripted::new(Vec::new());
    let runtime = client(http.clone());
    let rt = tokio_runtime();
    let asked = Arc::new(Counted::default());
    let overrides = [
        Config::builder().endpoint_url("http://user:hunter2@127.0.0.1:9/"),
        Config::builder().region("x@127.0.0.1:9?"),
    ];
    for settings in overrides {
        let settings = settings.credentials_provider(Arc::clone(&asked));
        let err = rt.block_on(customize(&runtime).config_override(settings).send()).expect_err("refused");
        assert!(matches!(err, SdkError::ConstructionFailure(_)), "{err:?}");
    }
    // Refused before anything else: no credentials asked for, nothing sent.
    assert_eq!(asked.0.load(std::sync::atomic::Ordering::SeqCst), 0);
    assert!(http.requests().is_empty());
    // The client's own settings, checked once when it was made, still serve.
    rt.block_on(customize(&runtime).send()).expect("ok");
    assert_eq!(http.requests().len(), 1);
}

/// Answers `200 {}` after a minute of (Tokio's) time.
#[derive(Debug)]
struct Slow;

impl HttpClient for Slow {
    fn call(&self, _request: HttpRequest) -> HttpFuture<'_> {
        Box::pin(async {
            tokio::time::sleep(Duration::from_secs(60)).await;
            Ok(HttpResponse::new(200, Vec::new(), b"{}".to_vec()))
        })
    }
}

#[test]
fn an_override_of_the_timeouts_holds_for_one_call_only() {
    let config = Config::builder()
        .region("us-east-1")
        .credentials_provider(Credentials::new(ACCESS_KEY, SECRET, None))
        .http_client(Slow)
        .retry_config(RetryConfig::disabled())
        .timeout_config(TimeoutConfig::disabled())
        .build();
    let runtime = Arc::new(Runtime::new(config));
    // Tokio's clock is paused: it jumps to the next timer, so nothing here
    // depends on how fast the machine is.
    let rt = tokio::runtime::Builder::new_current_thread().enable_time().start_paused(true).build().unwrap();
    let short = TimeoutConfig::builder().operation_attempt_timeout(Duration::from_secs(1)).build();
    let timed_out = rt.block_on(customize(&runtime).config_override(Config::builder().timeout_config(short)).send());
    assert!(matches!(timed_out, Err(SdkError::TimeoutError(_))), "{timed_out:?}");
    let waited = rt.block_on(customize(&runtime).send());
    assert!(waited.is_ok(), "the client has no timeout: {waited:?}");
}
