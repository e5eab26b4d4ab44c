// Runtime support copied by codegen from codegen/runtime/http/default_client.rs. Do not edit.
// Regenerate with: cargo run -p codegen

//! The default transport: hyper 1.x with hyper-util's pooled client over
//! TCP, and rustls for `https://` URIs.
//!
//! TLS uses the pure-Rust `graviola` crypto provider so that the crate builds
//! with nothing but `rustc` (no C compiler, CMake or assembler), and trusts the
//! Mozilla root certificates compiled in through `webpki-roots`.

use std::error::Error as StdError;
use std::fmt;
use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper::http::header::{HeaderName, HeaderValue};
use hyper::http::{Method, Uri};
use hyper_rustls::{HttpsConnector, MaybeHttpsStream};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use rustls::crypto::CryptoProvider;
use rustls::pki_types::CertificateDer;
use rustls::pki_types::pem::PemObject;
use tokio::net::TcpStream;

use crate::http::{ConnectorError, ConnectorErrorKind, HttpClient, HttpFuture, HttpRequest, HttpResponse};

/// Matches the official AWS SDK: long enough for a cross-region TLS handshake,
/// short enough that a black-holed endpoint fails before most retry budgets.
const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_millis(3100);

type BoxError = Box<dyn StdError + Send + Sync + 'static>;
type Stream = MaybeHttpsStream<TokioIo<TcpStream>>;

/// The default [`HttpClient`]: HTTP/1.1 over TCP or TLS, with keep-alive
/// connections pooled per host.
///
/// Cloning is cheap and every clone shares the same connection pool, so one
/// client can serve any number of concurrent tasks. Calls must be made from
/// within a Tokio runtime that has I/O and timers enabled (`#[tokio::main]`
/// and `#[tokio::test]` both qualify); outside any Tokio runtime a call fails
/// with [`ConnectorErrorKind::Other`] instead of panicking.
///
/// # TLS
///
/// Server certificates are checked against the Mozilla root program (bundled,
/// so the client behaves the same in a `scratch` container as on a desktop)
/// plus any roots added with
/// [`DefaultHttpClientBuilder::add_root_certificates_pem`].
///
/// Cryptography comes from the rustls process-wide default `CryptoProvider`
/// if one was installed before [`DefaultHttpClientBuilder::build`] ran (use
/// this to choose a FIPS-validated provider, or to run on hardware the
/// built-in one does not support); otherwise from `graviola`, which needs an
/// x86-64 CPU with AES-NI, AVX2 and ADX (about 2014 onwards) or an AArch64 CPU
/// with the AES, PMULL and SHA-2 extensions. Without either, `http://` still
/// works and `https://` calls fail with [`ConnectorErrorKind::Other`].
///
/// # Example
///
/// ```text
/// use std::time::Duration;
/// use my_service_client::http::DefaultHttpClient;
///
/// let http = DefaultHttpClient::builder()
///     .connect_timeout(Duration::from_secs(1))
///     .build();
/// let config = my_service_client::Config::builder().http_client(http).build();
/// ```
#[derive(Clone)]
pub struct DefaultHttpClient {
    client: Client<Connector, Full<Bytes>>,
    connect_timeout: Duration,
    tls: TlsSource,
}

impl DefaultHttpClient {
    /// A client with the default settings: a 3.1 second connect timeout and
    /// the bundled root certificates.
    pub fn new() -> Self {
        Self::builder().build()
    }

    /// Starts configuring a client.
    pub fn builder() -> DefaultHttpClientBuilder {
        DefaultHttpClientBuilder { connect_timeout: DEFAULT_CONNECT_TIMEOUT, extra_roots: Vec::new() }
    }

    /// The limit on establishing a connection, TLS handshake included.
    pub fn connect_timeout(&self) -> Duration {
        self.connect_timeout
    }
}

impl Default for DefaultHttpClient {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Debug for DefaultHttpClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DefaultHttpClient")
            .field("connect_timeout", &self.connect_timeout)
            .field("tls", &self.tls)
            .finish_non_exhaustive()
    }
}

/// Configures a [`DefaultHttpClient`]; obtained from
/// [`DefaultHttpClient::builder`].
#[derive(Clone, Debug)]
pub struct DefaultHttpClientBuilder {
    connect_timeout: Duration,
    extra_roots: Vec<CertificateDer<'static>>,
}

impl DefaultHttpClientBuilder {
    /// Limits how long establishing a new connection may take: DNS lookup,
    /// TCP connect and TLS handshake together. Defaults to 3.1 seconds.
    ///
    /// Exceeding it fails the call with [`ConnectorErrorKind::Timeout`].
    /// Requests that reuse a pooled connection are not affected.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Trusts every certificate in `pem` (one or more `CERTIFICATE` blocks) as
    /// a root, in addition to the bundled ones: for a private CA, a
    /// TLS-inspecting corporate proxy or a local test server.
    ///
    /// Fails if `pem` holds no certificate or one that cannot be parsed.
    pub fn add_root_certificates_pem(mut self, pem: &[u8]) -> Result<Self, InvalidRootCertificate> {
        let mut checked = rustls::RootCertStore::empty();
        let mut found = 0usize;
        for cert in CertificateDer::pem_slice_iter(pem) {
            let cert = cert.map_err(|e| InvalidRootCertificate(e.to_string()))?;
            checked.add(cert.clone()).map_err(|e| InvalidRootCertificate(e.to_string()))?;
            self.extra_roots.push(cert);
            found += 1;
        }
        if found == 0 {
            return Err(InvalidRootCertificate("no CERTIFICATE block found in the PEM input".to_owned()));
        }
        Ok(self)
    }

    /// Creates the client. No connection is opened until the first call.
    pub fn build(self) -> DefaultHttpClient {
        let tls = crypto_provider().ok_or_else(|| {
            "this CPU is not supported by the built-in graviola crypto provider \
             and no process-wide default rustls CryptoProvider is installed"
                .to_owned()
        });
        let tls = tls.and_then(|(provider, source)| match tls_config(provider, &self.extra_roots) {
            Ok(config) => Ok((Arc::new(config), source)),
            Err(e) => Err(format!("cannot configure TLS: {e}")),
        });

        let mut http = HttpConnector::new();
        // The TLS layer decides per scheme; the TCP layer must accept both.
        http.enforce_http(false);
        // Spreads the budget over the resolved addresses so that one dead
        // address does not use it all; the outer limit covers TLS as well.
        http.set_connect_timeout(Some(self.connect_timeout));
        // Requests are written in one go; Nagle would only add latency.
        http.set_nodelay(true);

        let (transport, tls) = match tls {
            Ok((config, source)) => (Transport::Tls(HttpsConnector::from((http, config))), source),
            Err(why) => {
                let why: Arc<str> = Arc::from(why);
                (Transport::PlainOnly(http, why.clone()), TlsSource::Unavailable(why))
            }
        };
        let connector = Connector { transport, connect_timeout: self.connect_timeout };
        let client = Client::builder(TokioExecutor::new())
            // Lets the pool close idle connections in the background after
            // its idle timeout; without a timer they are only dropped when a
            // later request to the same host finds them expired.
            .pool_timer(TokioTimer::new())
            .build(connector);

        DefaultHttpClient { client, connect_timeout: self.connect_timeout, tls }
    }
}

/// A root certificate passed to
/// [`DefaultHttpClientBuilder::add_root_certificates_pem`] could not be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvalidRootCertificate(String);

impl fmt::Display for InvalidRootCertificate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid root certificate: {}", self.0)
    }
}

impl StdError for InvalidRootCertificate {}

/// Where TLS cryptography comes from, shown by `Debug` so that a log of the
/// configuration tells which provider is in use.
#[derive(Clone)]
enum TlsSource {
    ProcessDefault,
    Graviola,
    Unavailable(Arc<str>),
}

impl fmt::Debug for TlsSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TlsSource::ProcessDefault => f.write_str("rustls process-default CryptoProvider"),
            TlsSource::Graviola => f.write_str("graviola"),
            TlsSource::Unavailable(why) => write!(f, "unavailable ({why})"),
        }
    }
}

fn crypto_provider() -> Option<(Arc<CryptoProvider>, TlsSource)> {
    if let Some(provider) = CryptoProvider::get_default() {
        return Some((provider.clone(), TlsSource::ProcessDefault));
    }
    graviola_provider().map(|p| (p, TlsSource::Graviola))
}

#[cfg(any(target_arch = "x86_64", target_arch = "aarch64"))]
fn graviola_provider() -> Option<Arc<CryptoProvider>> {
    // graviola asserts these CPU features on first use; checking up front
    // turns that panic into a reportable configuration error.
    graviola_cpu_supported().then(|| Arc::new(rustls_graviola::default_provider()))
}

#[cfg(not(any(target_arch = "x86_64", target_arch = "aarch64")))]
fn graviola_provider() -> Option<Arc<CryptoProvider>> {
    None
}

#[cfg(target_arch = "x86_64")]
fn graviola_cpu_supported() -> bool {
    std::arch::is_x86_feature_detected!("aes")
        && std::arch::is_x86_feature_detected!("pclmulqdq")
        && std::arch::is_x86_feature_detected!("ssse3")
        && std::arch::is_x86_feature_detected!("avx")
        && std::arch::is_x86_feature_detected!("avx2")
        && std::arch::is_x86_feature_detected!("bmi1")
        && std::arch::is_x86_feature_detected!("bmi2")
        && std::arch::is_x86_feature_detected!("adx")
}

#[cfg(target_arch = "aarch64")]
fn graviola_cpu_supported() -> bool {
    std::arch::is_aarch64_feature_detected!("neon")
        && std::arch::is_aarch64_feature_detected!("aes")
        && std::arch::is_aarch64_feature_detected!("pmull")
        && std::arch::is_aarch64_feature_detected!("sha2")
}

fn tls_config(
    provider: Arc<CryptoProvider>,
    extra_roots: &[CertificateDer<'static>],
) -> Result<rustls::ClientConfig, rustls::Error> {
    let mut roots = rustls::RootCertStore { roots: webpki_roots::TLS_SERVER_ROOTS.to_vec() };
    // Already parsed once by add_root_certificates_pem, so this cannot fail.
    let _ = roots.add_parsable_certificates(extra_roots.iter().cloned());
    Ok(rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()?
        .with_root_certificates(roots)
        .with_no_client_auth())
}

#[derive(Clone)]
enum Transport {
    Tls(HttpsConnector<HttpConnector>),
    /// No usable TLS crypto; holds the reason, for `https://` calls.
    PlainOnly(HttpConnector, Arc<str>),
}

/// Opens connections for the pool, bounding the whole setup (TCP and TLS)
/// by the connect timeout: hyper-util's own limit stops at the TCP connect.
#[derive(Clone)]
struct Connector {
    transport: Transport,
    connect_timeout: Duration,
}

impl tower_service::Service<Uri> for Connector {
    type Response = Stream;
    type Error = BoxError;
    type Future = Pin<Box<dyn Future<Output = Result<Stream, BoxError>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), BoxError>> {
        match &mut self.transport {
            Transport::Tls(c) => c.poll_ready(cx),
            Transport::PlainOnly(c, _) => c.poll_ready(cx).map_err(Into::into),
        }
    }

    fn call(&mut self, uri: Uri) -> Self::Future {
        let limit = self.connect_timeout;
        let connecting: Self::Future = match &mut self.transport {
            Transport::Tls(c) => c.call(uri),
            Transport::PlainOnly(_, why) if uri.scheme_str() == Some("https") => {
                let err = NoTls(why.clone());
                Box::pin(async move { Err(err.into()) })
            }
            Transport::PlainOnly(c, _) => {
                let tcp = c.call(uri);
                Box::pin(async move { Ok(MaybeHttpsStream::Http(tcp.await?)) })
            }
        };
        Box::pin(async move {
            match tokio::time::timeout(limit, connecting).await {
                Ok(result) => result,
                Err(_) => Err(ConnectTimedOut(limit).into()),
            }
        })
    }
}

#[derive(Debug)]
struct ConnectTimedOut(Duration);

impl fmt::Display for ConnectTimedOut {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "connection not established within {:?}", self.0)
    }
}

impl StdError for ConnectTimedOut {}

#[derive(Debug)]
struct NoTls(Arc<str>);

impl fmt::Display for NoTls {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "https is unavailable: {}", self.0)
    }
}

impl StdError for NoTls {}

impl HttpClient for DefaultHttpClient {
    fn call(&self, request: HttpRequest) -> HttpFuture<'_> {
        let prepared = to_hyper_request(&request);
        Box::pin(async move {
            let request = prepared?;
            // hyper-util spawns connection tasks on the current runtime and
            // would panic without one.
            if tokio::runtime::Handle::try_current().is_err() {
                return Err(ConnectorError::other("DefaultHttpClient must be called from within a Tokio runtime"));
            }
            let response =
                self.client.request(request).await.map_err(|e| transport_error(classify(&e, e.is_connect()), e))?;
            let (parts, body) = response.into_parts();
            let body = body.collect().await.map_err(|e| transport_error(classify(&e, false), e))?.to_bytes();
            // Non-UTF-8 bytes (legal as obs-text) are kept lossily rather
            // than failing a response that otherwise arrived intact.
            let headers = parts
                .headers
                .iter()
                .map(|(name, value)| (name.as_str().to_owned(), String::from_utf8_lossy(value.as_bytes()).into_owned()))
                .collect();
            Ok(HttpResponse::new(parts.status.as_u16(), headers, Vec::from(body)))
        })
    }
}

fn to_hyper_request(request: &HttpRequest) -> Result<hyper::Request<Full<Bytes>>, ConnectorError> {
    let method = Method::from_bytes(request.method().as_bytes())
        .map_err(|_| ConnectorError::other(format!("invalid HTTP method {:?}", request.method())))?;
    let uri: Uri =
        request.uri().parse().map_err(|e| ConnectorError::other(format!("invalid URI {:?}: {e}", request.uri())))?;
    if !matches!(uri.scheme_str(), Some("http" | "https")) || uri.host().is_none() {
        return Err(ConnectorError::other(format!(
            "invalid URI {:?}: expected an absolute http:// or https:// URI",
            request.uri()
        )));
    }

    // HttpRequest only lends out its body, so it is copied once here.
    let mut out = hyper::Request::new(Full::new(Bytes::copy_from_slice(request.body())));
    *out.method_mut() = method;
    *out.uri_mut() = uri;
    let headers = out.headers_mut();
    for (name, value) in request.headers() {
        let header_name = HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| ConnectorError::other(format!("invalid header name {name:?}")))?;
        // The value is left out of the message: it may be a credential.
        // Raw bytes rather than `from_str` so that what was signed is what
        // is sent; only control characters are refused.
        let header_value = HeaderValue::from_bytes(value.as_bytes()).map_err(|_| {
            ConnectorError::other(format!("invalid value for header {name:?}: contains a control character"))
        })?;
        headers.append(header_name, header_value);
    }
    Ok(out)
}

/// Decides retryability: timeouts and broken connections are transient,
/// anything else (a malformed response, a bad request) is not.
fn classify(err: &(dyn StdError + 'static), while_connecting: bool) -> ConnectorErrorKind {
    let mut current = Some(err);
    while let Some(e) = current {
        if e.is::<ConnectTimedOut>() {
            return ConnectorErrorKind::Timeout;
        }
        if e.is::<NoTls>() {
            return ConnectorErrorKind::Other;
        }
        if let Some(io) = e.downcast_ref::<io::Error>() {
            return match io.kind() {
                io::ErrorKind::TimedOut => ConnectorErrorKind::Timeout,
                _ => ConnectorErrorKind::Io,
            };
        }
        if let Some(h) = e.downcast_ref::<hyper::Error>() {
            if h.is_timeout() {
                return ConnectorErrorKind::Timeout;
            }
            if h.is_incomplete_message() || h.is_closed() || h.is_canceled() || h.is_body_write_aborted() {
                return ConnectorErrorKind::Io;
            }
        }
        current = e.source();
    }
    if while_connecting { ConnectorErrorKind::Io } else { ConnectorErrorKind::Other }
}

fn transport_error(kind: ConnectorErrorKind, err: impl StdError + Send + Sync + 'static) -> ConnectorError {
    ConnectorError::new(kind, TransportError::new(err))
}

/// hyper-util reports every connect failure as "client error (Connect)" and
/// leaves the cause to the source chain, which most logging never prints.
/// This carries the whole chain in its message while keeping the original
/// error as its source for callers that downcast.
#[derive(Debug)]
struct TransportError {
    message: String,
    source: BoxError,
}

impl TransportError {
    fn new(err: impl StdError + Send + Sync + 'static) -> Self {
        let mut parts: Vec<String> = Vec::new();
        let mut current: Option<&(dyn StdError + 'static)> = Some(&err);
        while let Some(e) = current {
            let text = e.to_string();
            let is_wrapper = e.is::<hyper_util::client::legacy::Error>() && e.source().is_some();
            if !is_wrapper && parts.last() != Some(&text) {
                parts.push(text);
            }
            current = e.source();
        }
        TransportError { message: parts.join(": "), source: Box::new(err) }
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl StdError for TransportError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        Some(self.source.as_ref())
    }
}
