//! The HTTP transport seam: the client hands a signed [`HttpRequest`] to an
//! [`HttpClient`] and gets an [`HttpResponse`] back.
//!
//! The default implementation (feature `default-https-client`) speaks HTTP/1.1
//! over TLS with a pooled, keep-alive connection. Anything else (a proxy, a
//! recorded conversation in tests, another HTTP stack) plugs in by implementing
//! [`HttpClient`] and passing it to `Config::builder().http_client(...)`.

use std::error::Error as StdError;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
#[cfg(feature = "byte-stream")]
use std::sync::{Arc, Mutex, PoisonError};

#[cfg(feature = "byte-stream")]
use crate::primitives::{ByteStream, ByteStreamError};

#[cfg(feature = "default-https-client")]
mod default_client;
#[cfg(feature = "default-https-client")]
pub use default_client::{DefaultHttpClient, DefaultHttpClientBuilder, InvalidRootCertificate};

/// The default limit on a response body, in bytes: 64 MiB.
///
/// The largest bodies AWS services send in one response that is read whole
/// are around 16 MiB (DynamoDB `BatchGetItem`; Kinesis `GetRecords` and SQS
/// `ReceiveMessage` reach 10 MiB), and a body takes several times its size in
/// memory once parsed. Four times the largest leaves room for services that
/// grow, while a broken or hostile endpoint can no longer make a call hold
/// gigabytes. Raise it with `max_response_body_size` on `Config::builder()` or
/// `SdkConfig::builder()`.
pub const DEFAULT_MAX_RESPONSE_BODY_SIZE: u64 = 64 * 1024 * 1024;

/// A fully prepared HTTP request: absolute URI, headers in sending order, body,
/// the most response body the caller accepts and whether it wants the
/// response body as a stream.
///
/// The body is bytes in memory ([`body`](Self::body)) or, with the
/// `byte-stream` feature, a stream read as it is sent (`has_body_stream`).
/// Cloning a request with a streaming body shares the stream: it is read
/// once, by whichever copy takes it first.
#[derive(Clone, PartialEq, Eq)]
pub struct HttpRequest {
    method: String,
    uri: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    body_stream: BodyStream,
    max_response_body_size: u64,
    stream_response: bool,
}

impl HttpRequest {
    /// Creates a request with no headers, accepting a response body of up to
    /// [`DEFAULT_MAX_RESPONSE_BODY_SIZE`] bytes.
    pub fn new(method: impl Into<String>, uri: impl Into<String>, body: Vec<u8>) -> Self {
        HttpRequest {
            method: method.into(),
            uri: uri.into(),
            headers: Vec::new(),
            body,
            body_stream: BodyStream::default(),
            max_response_body_size: DEFAULT_MAX_RESPONSE_BODY_SIZE,
            stream_response: false,
        }
    }
    /// Creates a request whose body is `body`, sent as it is read (feature
    /// `byte-stream`). The caller sets `Content-Length` when the length is
    /// known.
    #[cfg(feature = "byte-stream")]
    pub fn streaming(method: impl Into<String>, uri: impl Into<String>, body: ByteStream) -> Self {
        let mut request = Self::new(method, uri, Vec::new());
        request.body_stream = BodyStream::new(body);
        request
    }
    /// The HTTP method, e.g. `POST`.
    pub fn method(&self) -> &str {
        &self.method
    }
    /// The absolute URI, e.g. `https://example.com/`.
    pub fn uri(&self) -> &str {
        &self.uri
    }
    /// All headers, in the order they will be sent.
    pub fn headers(&self) -> &[(String, String)] {
        &self.headers
    }
    /// Makes room for `additional` more headers, so that adding them one by
    /// one does not grow the list several times.
    pub(crate) fn reserve_headers(&mut self, additional: usize) {
        self.headers.reserve(additional);
    }
    /// The first value of the header `name` (compared case-insensitively).
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }
    /// Appends a header.
    pub fn push_header(&mut self, name: impl Into<String>, value: impl Into<String>) {
        self.headers.push((name.into(), value.into()));
    }
    /// Replaces every value of the header `name` with `value`.
    pub fn set_header(&mut self, name: &str, value: impl Into<String>) {
        self.headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
        self.headers.push((name.to_owned(), value.into()));
    }
    /// The headers, to change them (from a call's `mutate_request`).
    pub fn headers_mut(&mut self) -> HeadersMut<'_> {
        HeadersMut { headers: &mut self.headers }
    }
    /// The request body when it is in memory; empty while the body is a
    /// stream not yet read with `collect_body`.
    pub fn body(&self) -> &[u8] {
        &self.body
    }
    /// Whether the body is a stream not yet taken or read (feature
    /// `byte-stream`); [`body`](Self::body) is then empty.
    #[cfg(feature = "byte-stream")]
    pub fn has_body_stream(&self) -> bool {
        self.body_stream.is_present()
    }
    /// Takes the body as a stream, for a client that sends it as it is read:
    /// the streaming body, or else the body in memory as a stream. The
    /// request is left without a body.
    #[cfg(feature = "byte-stream")]
    pub fn take_body_stream(&mut self) -> ByteStream {
        match self.body_stream.take() {
            Some(stream) => stream,
            None => ByteStream::new(std::mem::take(&mut self.body)),
        }
    }
    /// Reads a streaming body into memory, for a client that needs the whole
    /// body before sending; [`body`](Self::body) returns it afterwards. A body
    /// already in memory is returned as it is.
    ///
    /// Reading needs a Tokio runtime when the body is a file.
    #[cfg(feature = "byte-stream")]
    pub async fn collect_body(&mut self) -> Result<&[u8], ByteStreamError> {
        if let Some(stream) = self.body_stream.take() {
            self.body = stream.collect().await?.into_bytes();
        }
        Ok(&self.body)
    }
    /// The most bytes of response body to read. An [`HttpClient`] should
    /// refuse a response announcing more (`Content-Length`) without reading
    /// it, stop reading once more has arrived, and report either with
    /// [`ConnectorError::response_too_large`].
    pub fn max_response_body_size(&self) -> u64 {
        self.max_response_body_size
    }
    /// Sets the most bytes of response body to read (`u64::MAX` for no limit).
    pub fn set_max_response_body_size(&mut self, bytes: u64) {
        self.max_response_body_size = bytes;
    }
    /// Whether the caller wants a successful (2xx) response's body as a
    /// stream, unread, without the [`max_response_body_size`] limit: the
    /// operation's output is a `@streaming` blob. The body of any other
    /// status is still wanted whole.
    ///
    /// An [`HttpClient`] that cannot stream (or a build without the
    /// `byte-stream` feature) reads the body whole as usual.
    ///
    /// [`max_response_body_size`]: Self::max_response_body_size
    pub fn stream_response(&self) -> bool {
        self.stream_response
    }
    /// Sets whether a successful response's body should come as a stream.
    pub fn set_stream_response(&mut self, stream: bool) {
        self.stream_response = stream;
    }
}

impl fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Authorization and session tokens are secrets; never print them.
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(n, v)| {
                (n.as_str(), if is_secret_header(n) { "*** Sensitive Data Redacted ***" } else { v.as_str() })
            })
            .collect();
        let mut out = f.debug_struct("HttpRequest");
        out.field("method", &self.method).field("uri", &self.uri).field("headers", &headers);
        self.body_stream.debug_body(&mut out, &self.body);
        out.field("max_response_body_size", &self.max_response_body_size)
            .field("stream_response", &self.stream_response)
            .finish()
    }
}

/// A request's headers, borrowed to change them
/// ([`HttpRequest::headers_mut`]). Names compare case-insensitively.
#[derive(Debug)]
pub struct HeadersMut<'a> {
    headers: &'a mut Vec<(String, String)>,
}

impl HeadersMut<'_> {
    /// Sets the header `name` to `value`, replacing every value it had;
    /// returns the first of those.
    pub fn insert(&mut self, name: impl Into<String>, value: impl Into<String>) -> Option<String> {
        let name = name.into();
        let previous = self.remove(&name);
        self.headers.push((name, value.into()));
        previous
    }

    /// Adds a value for the header `name`, keeping those it had.
    pub fn append(&mut self, name: impl Into<String>, value: impl Into<String>) {
        self.headers.push((name.into(), value.into()));
    }

    /// Removes every value of the header `name`; returns the first.
    pub fn remove(&mut self, name: &str) -> Option<String> {
        let mut first = None;
        self.headers.retain_mut(|(n, v)| {
            let matches = n.eq_ignore_ascii_case(name);
            if matches && first.is_none() {
                first = Some(std::mem::take(v));
            }
            !matches
        });
        first
    }

    /// The first value of the header `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        find_header(self.headers, name)
    }
}

fn is_secret_header(name: &str) -> bool {
    name.eq_ignore_ascii_case("authorization") || name.eq_ignore_ascii_case("x-amz-security-token")
}

/// An HTTP response as received: status, headers in arrival order, and the
/// whole body or, with the `byte-stream` feature, a body still to be read
/// (see [`HttpRequest::stream_response`]).
///
/// Cloning a response with a streaming body shares the stream: it is read
/// once, by whichever copy takes it first.
#[derive(Clone, PartialEq, Eq)]
pub struct HttpResponse {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    body_stream: BodyStream,
}

impl HttpResponse {
    /// Creates a response.
    pub fn new(status: u16, headers: Vec<(String, String)>, body: Vec<u8>) -> Self {
        HttpResponse { status, headers, body, body_stream: BodyStream::default() }
    }
    /// Creates a response whose body is still to be read (feature
    /// `byte-stream`), for an [`HttpClient`] answering a request that asked
    /// for a stream ([`HttpRequest::stream_response`]).
    #[cfg(feature = "byte-stream")]
    pub fn streaming(status: u16, headers: Vec<(String, String)>, body: ByteStream) -> Self {
        HttpResponse { status, headers, body: Vec::new(), body_stream: BodyStream::new(body) }
    }
    /// The HTTP status code.
    pub fn status(&self) -> u16 {
        self.status
    }
    /// All headers, in arrival order.
    pub fn headers(&self) -> &[(String, String)] {
        &self.headers
    }
    /// The first value of the header `name` (compared case-insensitively).
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }
    /// The response body when it is in memory; empty when the body is a
    /// stream (`take_body_stream`).
    pub fn body(&self) -> &[u8] {
        &self.body
    }
    /// Whether the body is a stream not yet taken (feature `byte-stream`).
    #[cfg(feature = "byte-stream")]
    pub fn has_body_stream(&self) -> bool {
        self.body_stream.is_present()
    }
    /// Takes the body as a stream: the streaming body, or else the body in
    /// memory (from an [`HttpClient`] that reads bodies whole) as a stream.
    /// The response is left without a body.
    #[cfg(feature = "byte-stream")]
    pub fn take_body_stream(&mut self) -> ByteStream {
        match self.body_stream.take() {
            Some(stream) => stream,
            None => ByteStream::new(std::mem::take(&mut self.body)),
        }
    }
    /// Reads a streaming body into memory, refusing one over `limit` bytes
    /// as an [`HttpClient`] would have.
    #[cfg(feature = "byte-stream")]
    pub(crate) async fn buffer_body(&mut self, limit: u64) -> Result<(), ConnectorError> {
        let Some(mut stream) = self.body_stream.take() else { return Ok(()) };
        let too_large = |response: &HttpResponse, content_length| {
            let details = ResponseTooLarge::new(limit, content_length, response.status, response.headers.clone());
            ConnectorError::response_too_large(details)
        };
        if let Some(length) = stream.content_length().filter(|&length| length > limit) {
            return Err(too_large(self, Some(length)));
        }
        let mut body = Vec::new();
        while let Some(chunk) = stream.next().await {
            let chunk = chunk.map_err(ConnectorError::io)?;
            if u64::try_from(body.len().saturating_add(chunk.len())).unwrap_or(u64::MAX) > limit {
                return Err(too_large(self, None));
            }
            body.extend_from_slice(&chunk);
        }
        self.body = body;
        Ok(())
    }
}

impl fmt::Debug for HttpResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = f.debug_struct("HttpResponse");
        out.field("status", &self.status).field("headers", &self.headers);
        self.body_stream.debug_body(&mut out, &self.body);
        out.finish()
    }
}

/// The streaming body of a request or response, shared by its clones; empty
/// without the `byte-stream` feature.
#[derive(Clone, Default)]
struct BodyStream {
    #[cfg(feature = "byte-stream")]
    slot: Option<Arc<Mutex<Option<ByteStream>>>>,
}

impl BodyStream {
    #[cfg(feature = "byte-stream")]
    fn new(stream: ByteStream) -> Self {
        BodyStream { slot: Some(Arc::new(Mutex::new(Some(stream)))) }
    }

    /// Takes the stream out, for this holder and every clone.
    #[cfg(feature = "byte-stream")]
    fn take(&mut self) -> Option<ByteStream> {
        let slot = self.slot.take()?;
        // Taking is one step; a panic elsewhere cannot leave it half done.
        let stream = slot.lock().unwrap_or_else(PoisonError::into_inner).take();
        stream
    }

    #[cfg(feature = "byte-stream")]
    fn is_present(&self) -> bool {
        self.slot.as_ref().is_some_and(|slot| slot.lock().unwrap_or_else(PoisonError::into_inner).is_some())
    }

    /// Adds the body to `out`: a stream as what it is, bytes as (lossy) text.
    fn debug_body(&self, out: &mut fmt::DebugStruct<'_, '_>, body: &[u8]) {
        #[cfg(feature = "byte-stream")]
        if let Some(slot) = &self.slot {
            match &*slot.lock().unwrap_or_else(PoisonError::into_inner) {
                Some(stream) => out.field("body", stream),
                None => out.field("body", &"<stream, taken>"),
            };
            return;
        }
        out.field("body", &String::from_utf8_lossy(body));
    }
}

impl PartialEq for BodyStream {
    /// Two holders are equal when they share one stream, or neither has one.
    fn eq(&self, _other: &Self) -> bool {
        #[cfg(feature = "byte-stream")]
        return match (&self.slot, &_other.slot) {
            (None, None) => true,
            (Some(a), Some(b)) => Arc::ptr_eq(a, b),
            _ => false,
        };
        #[cfg(not(feature = "byte-stream"))]
        true
    }
}

impl Eq for BodyStream {}

fn find_header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
}

/// What kind of failure kept a request from getting a response.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ConnectorErrorKind {
    /// Connecting, or waiting for the response, took too long.
    Timeout,
    /// The connection failed or was dropped (refused, reset, closed early, TLS failure).
    Io,
    /// Any other transport failure; not retried.
    Other,
    /// The response body was larger than the request allowed
    /// ([`HttpRequest::max_response_body_size`]); not retried. The source is
    /// a [`ResponseTooLarge`].
    ResponseTooLarge,
}

/// A response body was larger than [`HttpRequest::max_response_body_size`].
///
/// The call fails with `SdkError::ResponseError`, whose raw response has the
/// status and headers that arrived (but no body).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResponseTooLarge {
    limit: u64,
    content_length: Option<u64>,
    response: HttpResponse,
}

impl ResponseTooLarge {
    /// The body of a response with this status and these headers is over
    /// `limit` bytes: `content_length` is the size it announced when that is
    /// how it was found out, `None` when the bytes received passed the limit.
    pub fn new(limit: u64, content_length: Option<u64>, status: u16, headers: Vec<(String, String)>) -> Self {
        ResponseTooLarge { limit, content_length, response: HttpResponse::new(status, headers, Vec::new()) }
    }
    /// The limit, in bytes.
    pub fn limit(&self) -> u64 {
        self.limit
    }
    /// The body size the response announced, when it was refused for that.
    pub fn content_length(&self) -> Option<u64> {
        self.content_length
    }
    /// The response's status and headers, without its body.
    pub fn response(&self) -> &HttpResponse {
        &self.response
    }
}

impl fmt::Display for ResponseTooLarge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.content_length {
            Some(length) => write!(
                f,
                "the response body ({length} bytes by its Content-Length) is larger than the limit of {} bytes",
                self.limit
            )?,
            None => write!(f, "the response body grew past the limit of {} bytes", self.limit)?,
        }
        f.write_str(
            "; raise the limit with `max_response_body_size(bytes)` on `Config::builder()` or `SdkConfig::builder()`",
        )
    }
}

impl StdError for ResponseTooLarge {}

/// A request could not be sent or its response could not be read.
#[derive(Debug)]
pub struct ConnectorError {
    kind: ConnectorErrorKind,
    source: Box<dyn StdError + Send + Sync + 'static>,
}

impl ConnectorError {
    /// Creates an error of `kind` caused by `source`.
    pub fn new(kind: ConnectorErrorKind, source: impl Into<Box<dyn StdError + Send + Sync + 'static>>) -> Self {
        ConnectorError { kind, source: source.into() }
    }
    /// A timeout while connecting or waiting for the response.
    pub fn timeout(source: impl Into<Box<dyn StdError + Send + Sync + 'static>>) -> Self {
        Self::new(ConnectorErrorKind::Timeout, source)
    }
    /// An I/O failure (connection refused, reset, closed early).
    pub fn io(source: impl Into<Box<dyn StdError + Send + Sync + 'static>>) -> Self {
        Self::new(ConnectorErrorKind::Io, source)
    }
    /// Any other failure.
    pub fn other(source: impl Into<Box<dyn StdError + Send + Sync + 'static>>) -> Self {
        Self::new(ConnectorErrorKind::Other, source)
    }
    /// The response body was over the request's limit.
    pub fn response_too_large(details: ResponseTooLarge) -> Self {
        Self::new(ConnectorErrorKind::ResponseTooLarge, details)
    }
    /// The details, when the response body was over the request's limit.
    pub fn as_response_too_large(&self) -> Option<&ResponseTooLarge> {
        self.source.downcast_ref()
    }
    /// What kind of failure this is.
    pub fn kind(&self) -> ConnectorErrorKind {
        self.kind
    }
    /// Whether this was a timeout.
    pub fn is_timeout(&self) -> bool {
        self.kind == ConnectorErrorKind::Timeout
    }
    /// Whether this was an I/O failure.
    pub fn is_io(&self) -> bool {
        self.kind == ConnectorErrorKind::Io
    }
}

impl fmt::Display for ConnectorError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            ConnectorErrorKind::Timeout => write!(f, "timed out: {}", self.source),
            ConnectorErrorKind::Io => write!(f, "connection failed: {}", self.source),
            ConnectorErrorKind::Other => write!(f, "request could not be sent: {}", self.source),
            ConnectorErrorKind::ResponseTooLarge => write!(f, "{}", self.source),
        }
    }
}

impl StdError for ConnectorError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        Some(self.source.as_ref())
    }
}

/// The future an [`HttpClient`] returns.
pub type HttpFuture<'a> = Pin<Box<dyn Future<Output = Result<HttpResponse, ConnectorError>> + Send + 'a>>;

/// Sends HTTP requests. Implement this to plug in another transport.
///
/// Implementations must be cheap to share: the client keeps one behind an `Arc`
/// and calls it concurrently from every task. They should keep to
/// [`HttpRequest::max_response_body_size`] while reading (the caller fails a
/// larger body anyway, but only once it has been read into memory).
///
/// # Streaming bodies
///
/// With the `byte-stream` feature, operations with a `@streaming` blob in
/// their input send a request whose body is a stream
/// (`HttpRequest::has_body_stream`; [`HttpRequest::body`] is then empty).
/// A client that sends bodies as they are read takes it with
/// `HttpRequest::take_body_stream`; one that needs the whole body first
/// reads it with `HttpRequest::collect_body`. Either way the body must be
/// sent: `Content-Length` already announces it.
///
/// Operations whose output is a `@streaming` blob set
/// [`HttpRequest::stream_response`]. A client that can should then return a
/// 2xx response's body unread, with `HttpResponse::streaming`; one that
/// cannot returns it whole as usual, and the operation hands it on as a
/// stream.
pub trait HttpClient: Send + Sync + fmt::Debug + 'static {
    /// Sends `request` and returns the complete response.
    fn call(&self, request: HttpRequest) -> HttpFuture<'_>;
}
