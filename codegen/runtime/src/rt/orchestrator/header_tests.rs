//! The headers the orchestrator adds to what the protocol built: when an
//! empty body announces its length, and where compression joins the codings.
#![allow(clippy::result_large_err)]

use std::sync::{Arc, Mutex};

use serde_json::Value;

use super::invoke_tests::OpError;
use super::*;
use crate::config::Credentials;
use crate::config::retry::RetryConfig;
use crate::http::{HttpClient, HttpFuture, HttpRequest};

/// Keeps the headers of the last request and answers `200 {}`.
#[derive(Clone, Debug, Default)]
struct HeaderRecorder {
    headers: Arc<Mutex<Vec<(String, String)>>>,
}

impl HeaderRecorder {
    /// The values of `name` in the last request.
    fn last(&self, name: &str) -> Vec<String> {
        let headers = self.headers.lock().unwrap_or_else(|p| p.into_inner());
        headers.iter().filter(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.clone()).collect()
    }
}

impl HttpClient for HeaderRecorder {
    fn call(&self, request: HttpRequest) -> HttpFuture<'_> {
        *self.headers.lock().unwrap_or_else(|p| p.into_inner()) = request.headers().to_vec();
        Box::pin(async { Ok(HttpResponse::new(200, Vec::new(), b"{}".to_vec())) })
    }
}

/// An operation sending `METHOD`, with a body or not, and the `CODINGS`.
/// Compression leaves the body as it is: only the header matters here.
struct Op<const METHOD: u8, const BODY: bool, const CODINGS: u8>;

const GET: u8 = 0;
const POST: u8 = 1;
const DELETE: u8 = 2;

/// No coding.
const PLAIN: u8 = 0;
/// Compressed as `gzip`.
const GZIP: u8 = 1;
/// `custom` set by the protocol, then compressed as `gzip`.
const CUSTOM_GZIP: u8 = 2;

impl<const METHOD: u8, const BODY: bool, const CODINGS: u8> OperationSpec for Op<METHOD, BODY, CODINGS> {
    type Input = ();
    type Output = Value;
    type Error = OpError;
    const NAME: &'static str = "Op";

    fn request(_input: &mut ()) -> Result<RequestParts, SerializeError> {
        let method = match METHOD {
            GET => "GET",
            POST => "POST",
            _ => "DELETE",
        };
        let body = if BODY { b"{}".to_vec() } else { Vec::new() };
        let parts = RequestParts::new(method, "/", body);
        Ok(if CODINGS == CUSTOM_GZIP { parts.header("content-encoding", "custom") } else { parts })
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

    fn compress_body(body: Vec<u8>, _config: &Config) -> Result<(Vec<u8>, Option<&'static str>), BoxError> {
        Ok((body, (CODINGS != PLAIN).then_some("gzip")))
    }
}

const SERVICE: ServiceInfo =
    ServiceInfo { signing_name: "svc", user_agent: "test", signing: super::SigningSettings::new() };

async fn send<O: OperationSpec<Input = ()>>() -> HeaderRecorder {
    let recorder = HeaderRecorder::default();
    let config = Config::builder()
        .region("us-east-1")
        .credentials_provider(Credentials::new("AKID", "SECRET", None))
        .retry_config(RetryConfig::disabled())
        .http_client(recorder.clone())
        .build();
    let _ = invoke::<O>(&Runtime::new(config), &SERVICE, ()).await;
    recorder
}

#[tokio::test]
async fn an_empty_body_has_a_content_length_only_where_the_method_expects_content() {
    assert_eq!(send::<Op<GET, false, PLAIN>>().await.last("content-length"), Vec::<String>::new());
    assert_eq!(send::<Op<DELETE, false, PLAIN>>().await.last("content-length"), Vec::<String>::new());
    assert_eq!(send::<Op<POST, false, PLAIN>>().await.last("content-length"), ["0"]);
    assert_eq!(send::<Op<GET, true, PLAIN>>().await.last("content-length"), ["2"]);
}

#[tokio::test]
async fn compression_follows_the_codings_the_protocol_set() {
    assert_eq!(send::<Op<POST, true, CUSTOM_GZIP>>().await.last("content-encoding"), ["custom, gzip"]);
    assert_eq!(send::<Op<POST, true, GZIP>>().await.last("content-encoding"), ["gzip"]);
    assert_eq!(send::<Op<POST, true, PLAIN>>().await.last("content-encoding"), Vec::<String>::new());
}
