//! The response body limit as a call sees it: carried on every request,
//! enforced for HTTP clients that do not, and reported as a response error
//! that is not retried.
#![allow(clippy::result_large_err)]

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

use super::invoke_tests::OpError;
use serde_json::Value;

use super::*;
use crate::config::Credentials;
use crate::config::retry::RetryConfig;
use crate::config::timeout::TimeoutConfig;
use crate::http::{DEFAULT_MAX_RESPONSE_BODY_SIZE, HttpClient, HttpFuture, HttpRequest};

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
        Ok(config.endpoint_url().unwrap_or("http://127.0.0.1:1").to_owned())
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

/// Answers every call with `200` and `body`, or with `error`, whatever limit
/// the request carries; records the limit and counts the calls.
#[derive(Clone, Debug, Default)]
struct Canned {
    body: Vec<u8>,
    error: Option<ResponseTooLarge>,
    seen_limit: Arc<AtomicU64>,
    calls: Arc<AtomicUsize>,
}

impl HttpClient for Canned {
    fn call(&self, request: HttpRequest) -> HttpFuture<'_> {
        self.seen_limit.store(request.max_response_body_size(), Ordering::SeqCst);
        self.calls.fetch_add(1, Ordering::SeqCst);
        let result = match &self.error {
            Some(details) => Err(ConnectorError::response_too_large(details.clone())),
            None => Ok(HttpResponse::new(200, vec![("x-amzn-requestid".into(), "r1".into())], self.body.clone())),
        };
        Box::pin(async move { result })
    }
}

fn config(client: &Canned) -> crate::config::Builder {
    Config::builder()
        .region("us-east-1")
        .credentials_provider(Credentials::new("AKID", "SECRET", None))
        .http_client(client.clone())
}

async fn call(config: Config) -> Result<Value, SdkError<OpError>> {
    invoke::<Op>(&Runtime::new(config), &SERVICE, ()).await
}

/// A JSON object of exactly `len` bytes.
fn json_of_length(len: usize) -> Vec<u8> {
    format!("{{\"a\":\"{}\"}}", "x".repeat(len - 8)).into_bytes()
}

/// The message and the raw response of a response error.
fn response_error(result: Result<Value, SdkError<OpError>>) -> (String, HttpResponse) {
    match result {
        Err(err @ SdkError::ResponseError(_)) => {
            let raw = err.raw_response().cloned().expect("a raw response");
            (err.to_string(), raw)
        }
        other => panic!("expected a response error, got {other:?}"),
    }
}

#[tokio::test]
async fn every_request_carries_the_configured_limit() {
    let client = Canned { body: b"{}".to_vec(), ..Canned::default() };
    call(config(&client).build()).await.expect("success");
    assert_eq!(client.seen_limit.load(Ordering::SeqCst), DEFAULT_MAX_RESPONSE_BODY_SIZE);
    call(config(&client).max_response_body_size(1234).build()).await.expect("success");
    assert_eq!(client.seen_limit.load(Ordering::SeqCst), 1234);
}

#[tokio::test]
async fn a_client_that_reads_past_the_limit_still_fails_the_call() {
    let at_limit = Canned { body: json_of_length(1000), ..Canned::default() };
    let config_at = config(&at_limit).max_response_body_size(1000).build();
    assert!(call(config_at).await.is_ok(), "a body of exactly the limit is read");

    let over = Canned { body: json_of_length(1001), ..Canned::default() };
    let (message, raw) = response_error(call(config(&over).max_response_body_size(1000).build()).await);
    assert!(message.contains("grew past the limit of 1000 bytes"), "{message}");
    assert!(message.contains("max_response_body_size"), "{message}");
    assert_eq!((raw.status(), raw.header("x-amzn-requestid"), raw.body()), (200, Some("r1"), &[][..]));
}

#[tokio::test]
async fn a_body_over_the_limit_is_a_response_error_and_not_retried() {
    let headers = vec![("content-length".to_owned(), "1073741824".to_owned())];
    let details = ResponseTooLarge::new(DEFAULT_MAX_RESPONSE_BODY_SIZE, Some(1 << 30), 200, headers);
    let client = Canned { error: Some(details), ..Canned::default() };
    let config = config(&client).retry_config(RetryConfig::standard()).timeout_config(TimeoutConfig::disabled());
    let (message, raw) = response_error(call(config.build()).await);
    assert!(message.starts_with("the response (HTTP 200) could not be read: the response body"), "{message}");
    assert!(message.contains("1073741824 bytes by its Content-Length"), "{message}");
    assert_eq!(raw.header("content-length"), Some("1073741824"));
    assert_eq!(client.calls.load(Ordering::SeqCst), 1, "not retried");
}

/// Through the built-in client, against a loopback server that announces
/// 1 GiB and then sends nothing.
#[cfg(feature = "default-https-client")]
#[tokio::test]
async fn the_built_in_client_refuses_a_huge_content_length_as_a_response_error() {
    use std::io::{BufRead, BufReader, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
    let url = format!("http://{}", listener.local_addr().expect("local address"));
    std::thread::spawn(move || {
        let Ok((stream, _)) = listener.accept() else { return };
        let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
        let mut reader = BufReader::new(stream);
        let mut line = String::new();
        while reader.read_line(&mut line).is_ok_and(|n| n > 0) && line != "\r\n" {
            line.clear();
        }
        let _ = reader.get_mut().write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 1073741824\r\n\r\n");
        // Holds the connection until the client drops it.
        let _ = reader.read_line(&mut line);
    });
    let config = Config::builder()
        .region("us-east-1")
        .credentials_provider(Credentials::new("AKID", "SECRET", None))
        .endpoint_url(url)
        .retry_config(RetryConfig::disabled())
        .build();
    let result = tokio::time::timeout(Duration::from_secs(10), call(config)).await.expect("no hang");
    let (message, raw) = response_error(result);
    assert!(message.contains("limit of 67108864 bytes"), "{message}");
    assert_eq!(raw.status(), 200);
}
