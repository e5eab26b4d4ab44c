//! Streaming bodies as a call sees them: what is signed, what HTTP clients
//! that only know whole bodies receive and return, and (in `loopback`) the
//! built-in client on the wire.
#![allow(clippy::result_large_err)]

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::Value;

use super::invoke_tests::OpError;
use super::*;
use crate::config::Credentials;
use crate::config::retry::RetryConfig;
use crate::http::{HttpClient, HttpFuture, HttpRequest};
use crate::primitives::ByteStream;
use crate::rt::time::{Civil, unix_from_civil};

#[cfg(feature = "default-https-client")]
mod loopback;

/// Uploads the stream in its input and hands on the response body as a stream.
struct Upload;

impl OperationSpec for Upload {
    type Input = ByteStream;
    type Output = ByteStream;
    type Error = OpError;
    const NAME: &'static str = "Upload";
    const STREAMING_OUTPUT: bool = true;

    fn request(input: &mut ByteStream) -> Result<RequestParts, SerializeError> {
        Ok(RequestParts::streaming("PUT", "/archives", std::mem::take(input))
            .header("content-type", "application/octet-stream"))
    }

    fn resolve_endpoint(_input: &ByteStream, config: &Config) -> Result<String, BoxError> {
        Ok(config.endpoint_url().unwrap_or("http://127.0.0.1:1").to_owned())
    }

    fn parse_output(response: &mut HttpResponse) -> Result<ByteStream, DeserializeError> {
        Ok(response.take_body_stream())
    }

    fn parse_error(response: &HttpResponse) -> OpError {
        crate::rt::aws_json::read_error(response, false, |_, _, _| None)
    }
}

/// What the Glacier protocol does: the payload hash travels in a header.
const GIVEN_HASH: &str = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

/// [`Upload`] with the payload hash given by the protocol.
struct HashedUpload;

impl OperationSpec for HashedUpload {
    type Input = ByteStream;
    type Output = ByteStream;
    type Error = OpError;
    const NAME: &'static str = "HashedUpload";
    const STREAMING_OUTPUT: bool = true;

    fn request(input: &mut ByteStream) -> Result<RequestParts, SerializeError> {
        Ok(Upload::request(input)?.header("x-amz-content-sha256", GIVEN_HASH))
    }

    fn resolve_endpoint(input: &ByteStream, config: &Config) -> Result<String, BoxError> {
        Upload::resolve_endpoint(input, config)
    }

    fn parse_output(response: &mut HttpResponse) -> Result<ByteStream, DeserializeError> {
        Upload::parse_output(response)
    }

    fn parse_error(response: &HttpResponse) -> OpError {
        Upload::parse_error(response)
    }
}

/// A JSON operation whose output is read whole.
struct Whole;

impl OperationSpec for Whole {
    type Input = ();
    type Output = Value;
    type Error = OpError;
    const NAME: &'static str = "Whole";

    fn request(_input: &mut ()) -> Result<RequestParts, SerializeError> {
        Ok(RequestParts::new("POST", "/", b"{}".to_vec()))
    }

    fn resolve_endpoint(_input: &(), _config: &Config) -> Result<String, BoxError> {
        Ok("http://127.0.0.1:1".to_owned())
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

fn config(url: &str) -> crate::config::Builder {
    Config::builder()
        .region("us-east-1")
        .credentials_provider(Credentials::new("AKID", "SECRET", None))
        .endpoint_url(url)
        .retry_config(RetryConfig::standard().with_initial_backoff(Duration::from_millis(1)))
}

/// A file under the system's temporary folder, removed when dropped.
struct TempFile(PathBuf);

impl TempFile {
    fn with(contents: &[u8]) -> TempFile {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let name = format!("orchestrator-stream-{}-{}", std::process::id(), NEXT.fetch_add(1, Ordering::SeqCst));
        let path = std::env::temp_dir().join(name);
        std::fs::write(&path, contents).expect("write a temporary file");
        TempFile(path)
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// Bytes that differ from one position to the next.
fn pattern(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i % 251) as u8).collect()
}

/// Signs the request again, as the service checking it would, with `body` as
/// the payload; true when that gives the `Authorization` it carries.
fn signed_over(method: &str, uri: &str, headers: &[(String, String)], body: SignableBody<'_>) -> bool {
    let find = |name: &str| headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str());
    let date = find("x-amz-date").expect("x-amz-date");
    let field = |range: std::ops::Range<usize>| date.get(range).and_then(|text| text.parse::<u8>().ok()).unwrap_or(0);
    let civil = Civil {
        year: date.get(0..4).and_then(|year| year.parse().ok()).unwrap_or(0),
        month: field(4..6),
        day: field(6..8),
        hour: field(9..11),
        minute: field(11..13),
        second: field(13..15),
    };
    let seconds = unix_from_civil(&civil).and_then(|s| u64::try_from(s).ok()).expect("a date after 1970");
    let params = SigningParams {
        access_key_id: "AKID",
        secret_access_key: "SECRET",
        session_token: None,
        region: "us-east-1",
        service: "svc",
        time: SystemTime::UNIX_EPOCH + Duration::from_secs(seconds),
        settings: SigningSettings::new(),
        signing_keys: None,
    };
    let unsigned: Vec<(String, String)> =
        headers.iter().filter(|(n, _)| !n.eq_ignore_ascii_case("authorization")).cloned().collect();
    let signable = SignableRequest { method, uri, headers: &unsigned, body };
    let signed = sign_headers(&signable, &params).expect("the request can be signed");
    let expected = signed.headers.iter().find(|(name, _)| *name == "authorization").map(|(_, v)| v.as_str());
    expected == find("authorization")
}

fn request_signed_over(request: &HttpRequest, body: SignableBody<'_>) -> bool {
    signed_over(request.method(), request.uri(), request.headers(), body)
}

/// Answers every call with a response whose body is a stream, as a client
/// that streams every body would, and keeps the last request.
#[derive(Debug, Default)]
struct StreamingClient {
    body: &'static str,
}

impl HttpClient for StreamingClient {
    fn call(&self, _request: HttpRequest) -> HttpFuture<'_> {
        let response = HttpResponse::streaming(200, Vec::new(), ByteStream::from(self.body));
        Box::pin(async move { Ok(response) })
    }
}

#[test]
fn calls_with_streams_are_send() {
    fn send<T: Send>(_: &T) {}
    let runtime = Runtime::new(Config::builder().build());
    send(&invoke::<Upload>(&runtime, &SERVICE, ByteStream::default()));
}

#[cfg(feature = "test-util")]
#[tokio::test]
async fn a_stream_from_bytes_is_signed_by_its_hash_like_any_body() {
    let (http, captured) = crate::test_util::capture_request(None);
    let runtime = Runtime::new(config("http://127.0.0.1:1").http_client(http).build());
    invoke::<Upload>(&runtime, &SERVICE, ByteStream::from("in memory")).await.expect("success");
    let request = captured.expect_request();
    assert!(!request.has_body_stream());
    assert_eq!((request.body(), request.header("content-length")), (&b"in memory"[..], Some("9")));
    assert!(request_signed_over(&request, SignableBody::Bytes(b"in memory")));
}

#[cfg(feature = "test-util")]
#[tokio::test]
async fn a_capturing_client_records_a_file_body_whole_and_it_is_unsigned() {
    let contents = pattern(100_000);
    let file = TempFile::with(&contents);
    let (http, captured) = crate::test_util::capture_request(None);
    let runtime = Runtime::new(config("http://127.0.0.1:1").http_client(http).max_response_body_size(1).build());
    let body = ByteStream::from_path(&file.0).await.expect("a regular file");
    let output = invoke::<Upload>(&runtime, &SERVICE, body).await.expect("a 2xx body the output streams has no limit");
    // A client that reads bodies whole still hands the output a stream.
    assert_eq!(output.collect().await.expect("the body").into_bytes(), b"{}");

    let request = captured.expect_request();
    assert_eq!(request.body(), contents);
    assert_eq!(request.header("content-length"), Some("100000"));
    assert_eq!(request.header("x-amz-content-sha256"), None);
    assert!(request_signed_over(&request, SignableBody::Unsigned));
}

#[cfg(feature = "test-util")]
#[tokio::test]
async fn a_payload_hash_the_protocol_gives_is_the_one_signed() {
    let (http, captured) = crate::test_util::capture_request(None);
    let runtime = Runtime::new(config("http://127.0.0.1:1").http_client(http).build());
    let body = ByteStream::from_reader(&b"test"[..], 4);
    invoke::<HashedUpload>(&runtime, &SERVICE, body).await.expect("success");
    let request = captured.expect_request();
    assert_eq!(request.body(), b"test");
    assert!(request_signed_over(&request, SignableBody::Precomputed(GIVEN_HASH)));
}

#[cfg(feature = "test-util")]
#[tokio::test]
async fn a_replay_client_compares_a_streaming_body() {
    use crate::test_util::{ReplayEvent, StaticReplayClient};
    let mut expected = HttpRequest::new("PUT", "http://127.0.0.1:1/archives", b"from a reader".to_vec());
    expected.push_header("content-type", "application/octet-stream");
    expected.push_header("content-length", "13");
    let http =
        StaticReplayClient::new(vec![ReplayEvent::new(expected, HttpResponse::new(200, Vec::new(), Vec::new()))]);
    let runtime = Runtime::new(config("http://127.0.0.1:1").http_client(http.clone()).build());
    invoke::<Upload>(&runtime, &SERVICE, ByteStream::from_reader(&b"from a reader"[..], 13)).await.expect("success");
    http.assert_requests_match(&[
        "authorization",
        "x-amz-date",
        "user-agent",
        "amz-sdk-invocation-id",
        "amz-sdk-request",
    ]);
}

#[cfg(feature = "test-util")]
#[tokio::test]
async fn a_reader_too_short_for_a_capturing_client_fails_the_call() {
    let (http, captured) = crate::test_util::capture_request(None);
    let runtime = Runtime::new(config("http://127.0.0.1:1").http_client(http).build());
    let result = invoke::<Upload>(&runtime, &SERVICE, ByteStream::from_reader(&b"abc"[..], 4)).await;
    match result {
        Err(SdkError::DispatchFailure(e)) => {
            assert!(e.as_connector_error().to_string().contains("the reader ended after 3 of the 4 bytes"), "{e:?}");
        }
        other => panic!("expected a dispatch failure, got {other:?}"),
    }
    assert!(captured.try_request().is_some());
}

#[tokio::test]
async fn a_body_streamed_by_the_client_is_read_whole_for_an_output_that_is_not_a_stream() {
    let client = StreamingClient { body: r#"{"a":1}"# };
    let runtime = Runtime::new(config("http://127.0.0.1:1").http_client(client).build());
    assert_eq!(invoke::<Whole>(&runtime, &SERVICE, ()).await.expect("success"), serde_json::json!({"a": 1}));

    let client = StreamingClient { body: r#"{"a":1}"# };
    let runtime = Runtime::new(config("http://127.0.0.1:1").http_client(client).max_response_body_size(6).build());
    match invoke::<Whole>(&runtime, &SERVICE, ()).await {
        Err(err @ SdkError::ResponseError(_)) => {
            assert!(err.to_string().contains("larger than the limit of 6 bytes"), "{err}");
        }
        other => panic!("expected a response error, got {other:?}"),
    }
}
