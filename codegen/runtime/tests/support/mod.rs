//! What the runtime's call tests share: an operation written by hand as the
//! generator would write it, and an HTTP client answering from a script.
#![allow(dead_code)]

use std::collections::VecDeque;
use std::fmt;
use std::sync::{Arc, Mutex};

use serde_json::Value;
use smithy_client_runtime::config::Config;
use smithy_client_runtime::error::{BoxError, CreateUnhandledError, ErrorMetadata, ProvideErrorMetadata, Unhandled};
use smithy_client_runtime::http::{HttpClient, HttpFuture, HttpRequest, HttpResponse};
use smithy_client_runtime::rt::json::{DeserializeError, SerializeError};
use smithy_client_runtime::rt::orchestrator::{OperationSpec, RequestParts, ServiceInfo};
use smithy_client_runtime::rt::sigv4::SigningSettings;

pub const ACCESS_KEY: &str = "AKIDEXAMPLE";
pub const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
pub const SESSION_TOKEN: &str = "IQoJb3JpZ2luX2VjEXAMPLESESSIONTOKEN";

pub const SERVICE: ServiceInfo =
    ServiceInfo { signing_name: "svc", user_agent: "test", signing: SigningSettings::new() };

/// The input: a note the model would mark `@sensitive`, sent in the body
/// and in a header.
#[derive(Debug, Clone, Default)]
pub struct Input {
    pub note: String,
}

/// The operation's error: only ever unhandled, with the code the response named.
#[derive(Debug)]
pub struct OpError(Unhandled);

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

/// An awsJson-style operation: `POST /`, the note in the body and in the
/// `x-amz-sso_bearer_token` header (where SSO sends its bearer token).
pub struct Op;

impl OperationSpec for Op {
    type Input = Input;
    type Output = Value;
    type Error = OpError;
    const NAME: &'static str = "Op";

    fn request(input: &mut Input) -> Result<RequestParts, SerializeError> {
        let body = serde_json::json!({ "Note": input.note }).to_string().into_bytes();
        Ok(RequestParts::new("POST", "/", body)
            .header("content-type", "application/x-amz-json-1.0")
            .header("x-amz-sso_bearer_token", input.note.clone()))
    }

    fn resolve_endpoint(_input: &Input, config: &Config) -> Result<String, BoxError> {
        Ok(match config.endpoint_url() {
            Some(url) => url.to_owned(),
            None => format!("https://svc.{}.amazonaws.com", config.region().map_or("none", |r| r.as_str())),
        })
    }

    fn parse_output(response: &mut HttpResponse) -> Result<Value, DeserializeError> {
        smithy_client_runtime::rt::json::parse_body(response.body())
    }

    fn parse_error(response: &HttpResponse) -> OpError {
        smithy_client_runtime::rt::aws_json::read_error(response, false, |_, _, _| None)
    }
}

/// Answers each request with the next scripted response (`200 {}` once they
/// run out) and keeps every request it was sent.
#[derive(Clone, Debug, Default)]
pub struct Scripted {
    responses: Arc<Mutex<VecDeque<HttpResponse>>>,
    requests: Arc<Mutex<Vec<HttpRequest>>>,
}

impl Scripted {
    pub fn new(responses: Vec<HttpResponse>) -> Self {
        Scripted { responses: Arc::new(Mutex::new(responses.into())), requests: Arc::default() }
    }

    pub fn requests(&self) -> Vec<HttpRequest> {
        self.requests.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }
}

impl HttpClient for Scripted {
    fn call(&self, request: HttpRequest) -> HttpFuture<'_> {
        self.requests.lock().unwrap_or_else(|p| p.into_inner()).push(request);
        let next = self.responses.lock().unwrap_or_else(|p| p.into_inner()).pop_front();
        let response = next.unwrap_or_else(|| HttpResponse::new(200, Vec::new(), b"{}".to_vec()));
        Box::pin(async move { Ok(response) })
    }
}

/// A throttling error the server asks to retry after `retry_after_ms`.
pub fn throttled(retry_after_ms: u64) -> HttpResponse {
    HttpResponse::new(
        500,
        vec![
            ("x-amzn-errortype".to_owned(), "ThrottlingException".to_owned()),
            ("x-amz-retry-after".to_owned(), retry_after_ms.to_string()),
        ],
        br#"{"message":"slow down"}"#.to_vec(),
    )
}

/// A current-thread Tokio runtime with timers, for one test.
pub fn tokio_runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread().enable_time().build().expect("a Tokio runtime")
}
