//! The default transport: HTTP/1.1 on hyper's connection API, with a
//! keep-alive pool of its own, over TCP or rustls.
//!
//! hyper-util's pooled client would do the same but brings eight more crates
//! into every build; what it adds on top of `hyper::client::conn` (a pool, a
//! connector, a `Host` header) is small for a client that only speaks
//! HTTP/1.1 to a handful of endpoints, so it lives here.
//!
//! TLS uses the pure-Rust `graviola` crypto provider so that the crate builds
//! with nothing but `rustc` (no C compiler, CMake or assembler), and trusts the
//! Mozilla root certificates compiled in through `webpki-roots`.

use std::collections::HashMap;
use std::error::Error as StdError;
use std::fmt;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, Weak};
use std::task::{Context, Poll, ready};
use std::time::{Duration, Instant};

use http_body_util::BodyExt;
use hyper::client::conn::http1::SendRequest;
use hyper::http::header::{HOST, HeaderName, HeaderValue};
use hyper::http::{Method, Uri};
use hyper::rt::ReadBufCursor;
use rustls::crypto::CryptoProvider;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;
use tokio_rustls::TlsConnector;
use tokio_rustls::client::TlsStream;

use self::body::HyperBody;
use crate::http::{
    ConnectorError, ConnectorErrorKind, HttpClient, HttpFuture, HttpRequest, HttpResponse, ResponseTooLarge,
};

mod body;
#[cfg(any(target_arch = "x86_64", target_arch = "aarch64"))]
mod crypto;

/// Matches the official AWS SDK: long enough for a cross-region TLS handshake,
/// short enough that a black-holed endpoint fails before most retry budgets.
const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_millis(3100);

/// hyper-util's default. Servers commonly drop idle connections sooner, and a
/// connection the server closed is noticed and discarded before any reuse;
/// the limit only bounds how long an unused socket is kept open.
const IDLE_TIMEOUT: Duration = Duration::from_secs(90);

/// Enough to absorb a burst of concurrent calls to one endpoint without
/// keeping hundreds of sockets open once it has passed.
const MAX_IDLE_PER_HOST: usize = 32;

/// How long a call waits, after reading its whole response, for hyper to mark
/// the connection idle. That normally takes one turn of the connection task;
/// longer means the request body is still being written to a server that
/// already answered, and such a connection is not worth keeping.
const RETURN_GRACE: Duration = Duration::from_millis(100);

/// One TLS record's worth of plaintext: see [`HyperIo`].
const READ_CHUNK: usize = 16 * 1024;

type BoxError = Box<dyn StdError + Send + Sync + 'static>;
type Sender = SendRequest<HyperBody>;

/// The default [`HttpClient`]: HTTP/1.1 over TCP or TLS, with keep-alive
/// connections pooled per host.
///
/// Cloning is cheap and every clone shares the same connection pool, so one
/// client can serve any number of concurrent tasks. Calls must be made from
/// within a Tokio runtime that has I/O and timers enabled (`#[tokio::main]`
/// and `#[tokio::test]` both qualify); outside any Tokio runtime a call fails
/// with [`ConnectorErrorKind::Other`] instead of panicking.
///
/// # Connections
///
/// A connection is reused for later calls to the same scheme, host and port
/// once its response has been read completely, unless the server asked to
/// close it. Up to 32 idle connections are kept per host, each for at most 90
/// seconds; one the server has closed in the meantime is discarded rather
/// than used.
///
/// # Response size
///
/// A body is read into one buffer of at most the request's
/// [`HttpRequest::max_response_body_size`]: a response whose `Content-Length`
/// is larger is refused before its body is read, and one that grows past the
/// limit is cut off; both fail with [`ConnectorErrorKind::ResponseTooLarge`]
/// and close the connection.
///
/// # Streaming
///
/// With the `byte-stream` feature, a request body that is a stream is sent
/// as it is read, and a 2xx response to a request that asks for a stream
/// ([`HttpRequest::stream_response`]) is returned as soon as its head has
/// arrived, with its body unread and without the size limit. Its connection
/// goes back to the pool once the body has been read to the end, and is
/// closed if the body is dropped before.
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
/// The built-in provider offers X25519MLKEM768, X25519 and P-256 key exchange
/// (every TLS 1.3 server implements P-256), checks every signature scheme
/// rustls-graviola does, and holds no signing keys: the client never presents
/// a certificate. Leaving out P-384 key exchange and graviola's signing code
/// keeps about 460 KB out of every release binary.
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
    connector: Connector,
    pool: Arc<Pool>,
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

    /// The limit on establishing a connection, TLS handshake included
    /// (`Duration::MAX` when there is none).
    pub fn connect_timeout(&self) -> Duration {
        self.connector.connect_timeout
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
            .field("connect_timeout", &self.connector.connect_timeout)
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
    /// `Duration::MAX` (or any limit too long to count down) means no limit.
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
        let (transport, tls) = match tls {
            Ok((config, source)) => (Transport::Tls(TlsConnector::from(config)), source),
            Err(why) => {
                let why: Arc<str> = Arc::from(why);
                (Transport::PlainOnly(why.clone()), TlsSource::Unavailable(why))
            }
        };
        let connector = Connector { transport, connect_timeout: self.connect_timeout };
        DefaultHttpClient { connector, pool: Arc::new(Pool::default()), tls }
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
    graviola_cpu_supported().then(|| Arc::new(crypto::provider()))
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
    // No ALPN: the connection speaks HTTP/1.1 only, which is what a server
    // assumes when none is offered.
    Ok(rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()?
        .with_root_certificates(roots)
        .with_no_client_auth())
}

/// Where a connection goes: the pool keeps connections apart by this.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct Target {
    https: bool,
    /// Lowercase, without the brackets of an IPv6 literal.
    host: String,
    port: u16,
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let scheme = if self.https { "https" } else { "http" };
        if self.host.contains(':') {
            write!(f, "{scheme}://[{}]:{}", self.host, self.port)
        } else {
            write!(f, "{scheme}://{}:{}", self.host, self.port)
        }
    }
}

#[derive(Clone)]
enum Transport {
    Tls(TlsConnector),
    /// No usable TLS crypto; holds the reason, for `https://` calls.
    PlainOnly(Arc<str>),
}

/// Opens new connections; the pool decides when one is needed.
#[derive(Clone)]
struct Connector {
    transport: Transport,
    connect_timeout: Duration,
}

impl Connector {
    /// Opens a connection to `target` and starts its task, bounding DNS, TCP
    /// and TLS together by the connect timeout.
    async fn connect(&self, target: &Target) -> Result<Sender, BoxError> {
        let limit = self.connect_timeout;
        // A limit too long for an `Instant` (`Duration::MAX`) means no limit.
        let Some(deadline) = tokio::time::Instant::now().checked_add(limit) else {
            return self.open(target, None).await;
        };
        match tokio::time::timeout_at(deadline, self.open(target, Some(deadline))).await {
            Ok(result) => result,
            Err(_) => Err(ConnectTimedOut(limit).into()),
        }
    }

    async fn open(&self, target: &Target, deadline: Option<tokio::time::Instant>) -> Result<Sender, BoxError> {
        let tls = match (&self.transport, target.https) {
            (_, false) => None,
            (Transport::Tls(connector), true) => {
                // Checked before connecting: a name that cannot be a TLS
                // server name is a bad endpoint, not a network failure.
                let name =
                    ServerName::try_from(target.host.clone()).map_err(|_| InvalidServerName(target.host.clone()))?;
                Some((connector, name))
            }
            (Transport::PlainOnly(why), true) => return Err(NoTls(why.clone()).into()),
        };
        let tcp = connect_tcp(target, deadline).await?;
        let stream = match tls {
            None => Stream::Plain(tcp),
            Some((connector, name)) => {
                let tls = connector.connect(name, tcp).await.map_err(|source| ConnectError {
                    context: format!("TLS handshake with {target} failed"),
                    source,
                })?;
                Stream::Tls(Box::new(tls))
            }
        };
        // Default options only: none of them needs a hyper timer.
        let (sender, connection) = hyper::client::conn::http1::handshake(HyperIo::new(stream)).await?;
        tokio::spawn(async move {
            // A failure here also fails the request in flight, which reports
            // it; an idle connection that fails is simply not reused.
            let _ = connection.await;
        });
        Ok(sender)
    }
}

/// Tries each resolved address in turn. Each attempt gets an equal share of
/// the time left, so that one black-holed address does not use it all
/// (without a deadline, each waits as long as the system lets it).
async fn connect_tcp(target: &Target, deadline: Option<tokio::time::Instant>) -> Result<TcpStream, ConnectError> {
    let addrs: Vec<SocketAddr> = tokio::net::lookup_host((target.host.as_str(), target.port))
        .await
        .map_err(|source| ConnectError { context: format!("DNS lookup for {} failed", target.host), source })?
        .collect();
    let mut last_error = None;
    for (i, addr) in addrs.iter().enumerate() {
        let left = u32::try_from(addrs.len() - i).unwrap_or(u32::MAX);
        let attempt = match deadline {
            None => TcpStream::connect(addr).await,
            Some(deadline) => {
                let budget = deadline.saturating_duration_since(tokio::time::Instant::now()) / left;
                match tokio::time::timeout(budget, TcpStream::connect(addr)).await {
                    Ok(attempt) => attempt,
                    Err(_) => Err(io::Error::new(io::ErrorKind::TimedOut, format!("no answer within {budget:?}"))),
                }
            }
        };
        match attempt {
            Ok(tcp) => {
                // Requests are written in one go; Nagle would only add
                // latency. Failing to turn it off costs speed, not function.
                let _ = tcp.set_nodelay(true);
                return Ok(tcp);
            }
            Err(source) => last_error = Some(ConnectError { context: format!("TCP connect to {addr} failed"), source }),
        }
    }
    Err(last_error.unwrap_or_else(|| ConnectError {
        context: format!("DNS lookup for {} failed", target.host),
        source: io::Error::new(io::ErrorKind::NotFound, "no addresses found"),
    }))
}

/// Idle connections, shared by every clone of a client.
#[derive(Default)]
struct Pool {
    state: Mutex<PoolState>,
}

#[derive(Default)]
struct PoolState {
    /// Per target, oldest first.
    idle: HashMap<Target, Vec<Idle>>,
    /// Whether a task is closing expired connections in the background.
    reaping: bool,
}

struct Idle {
    sender: Sender,
    since: Instant,
}

impl Idle {
    fn usable(&self, now: Instant) -> bool {
        // `is_ready` rather than `!is_closed`: it is false from the moment
        // hyper sees the server close the connection, or an error on it.
        self.sender.is_ready() && now.saturating_duration_since(self.since) < IDLE_TIMEOUT
    }
}

impl Pool {
    fn lock(&self) -> MutexGuard<'_, PoolState> {
        // Every update leaves the state valid, so a panic elsewhere while
        // holding the lock does not make it unusable.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The most recently used idle connection to `target` that can take a
    /// request now; unusable ones met on the way are dropped, closing them.
    fn checkout(&self, target: &Target) -> Option<Sender> {
        let now = Instant::now();
        let mut state = self.lock();
        let list = state.idle.get_mut(target)?;
        let mut found = None;
        while let Some(idle) = list.pop() {
            if idle.usable(now) {
                found = Some(idle.sender);
                break;
            }
        }
        if list.is_empty() {
            state.idle.remove(target);
        }
        found
    }

    /// Keeps `sender`, which must be ready for its next request.
    fn checkin(self: &Arc<Self>, target: Target, sender: Sender) {
        let now = Instant::now();
        let mut state = self.lock();
        let list = state.idle.entry(target).or_default();
        list.push(Idle { sender, since: now });
        if list.len() > MAX_IDLE_PER_HOST {
            list.remove(0);
        }
        let start_reaper = !state.reaping;
        state.reaping = true;
        drop(state);
        // Outside the lock: a runtime that is shutting down drops the task at
        // once, and dropping it takes the lock.
        if start_reaper {
            tokio::spawn(reap(Reaping { pool: Arc::downgrade(self), finished: false }));
        }
    }

    /// Drops unusable connections; returns when the oldest remaining one
    /// expires, or `None` (and stops reaping) if none remain.
    fn prune(&self) -> Option<Instant> {
        let now = Instant::now();
        let mut state = self.lock();
        state.idle.retain(|_, list| {
            list.retain(|idle| idle.usable(now));
            !list.is_empty()
        });
        let oldest = state.idle.values().flatten().map(|idle| idle.since).min();
        state.reaping = oldest.is_some();
        oldest.map(|since| since + IDLE_TIMEOUT)
    }
}

/// Closes idle connections once they expire, so that an unused client does
/// not keep sockets open; runs only while the pool holds connections, and
/// ends when every clone of the client has been dropped.
async fn reap(mut reaping: Reaping) {
    loop {
        let next = match reaping.pool.upgrade() {
            Some(pool) => pool.prune(),
            None => None,
        };
        match next {
            Some(at) => tokio::time::sleep_until(at.into()).await,
            None => break,
        }
    }
    // `prune` already recorded the end, under the same lock as any checkin
    // that would otherwise rely on a reaper about to stop.
    reaping.finished = true;
}

/// Owned by the reaper task, so that the pool learns when the task is
/// dropped unfinished (its runtime shut down, even before the first poll) and
/// the next checkin starts another.
struct Reaping {
    pool: Weak<Pool>,
    finished: bool,
}

impl Drop for Reaping {
    fn drop(&mut self) {
        if self.finished {
            return;
        }
        if let Some(pool) = self.pool.upgrade() {
            pool.lock().reaping = false;
        }
    }
}

/// A connection's byte stream.
enum Stream {
    Plain(TcpStream),
    // Boxed: the TLS state is large and the plain case common in tests.
    Tls(Box<TlsStream<TcpStream>>),
}

/// Adapts a [`Stream`] to hyper's I/O traits.
///
/// hyper lends out a buffer that may be uninitialised, which only `unsafe`
/// code can fill in place; this crate forbids `unsafe`, so bytes are read into
/// an initialised buffer of the connection's own and copied over. The copy is
/// cheap next to the system call (and, over TLS, the decryption) before it.
struct HyperIo {
    stream: Stream,
    scratch: Box<[u8]>,
}

impl HyperIo {
    fn new(stream: Stream) -> Self {
        HyperIo { stream, scratch: vec![0; READ_CHUNK].into_boxed_slice() }
    }
}

impl hyper::rt::Read for HyperIo {
    fn poll_read(self: Pin<&mut Self>, cx: &mut Context<'_>, mut buf: ReadBufCursor<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let len = buf.remaining().min(this.scratch.len());
        let mut read = ReadBuf::new(&mut this.scratch[..len]);
        match &mut this.stream {
            Stream::Plain(s) => ready!(Pin::new(s).poll_read(cx, &mut read))?,
            Stream::Tls(s) => ready!(Pin::new(s.as_mut()).poll_read(cx, &mut read))?,
        }
        buf.put_slice(read.filled());
        Poll::Ready(Ok(()))
    }
}

impl hyper::rt::Write for HyperIo {
    fn poll_write(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        match &mut self.get_mut().stream {
            Stream::Plain(s) => Pin::new(s).poll_write(cx, buf),
            Stream::Tls(s) => Pin::new(s.as_mut()).poll_write(cx, buf),
        }
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        match &mut self.get_mut().stream {
            Stream::Plain(s) => Pin::new(s).poll_write_vectored(cx, bufs),
            Stream::Tls(s) => Pin::new(s.as_mut()).poll_write_vectored(cx, bufs),
        }
    }

    fn is_write_vectored(&self) -> bool {
        match &self.stream {
            Stream::Plain(s) => s.is_write_vectored(),
            Stream::Tls(s) => s.is_write_vectored(),
        }
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match &mut self.get_mut().stream {
            Stream::Plain(s) => Pin::new(s).poll_flush(cx),
            Stream::Tls(s) => Pin::new(s.as_mut()).poll_flush(cx),
        }
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match &mut self.get_mut().stream {
            Stream::Plain(s) => Pin::new(s).poll_shutdown(cx),
            Stream::Tls(s) => Pin::new(s.as_mut()).poll_shutdown(cx),
        }
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

#[derive(Debug)]
struct InvalidServerName(String);

impl fmt::Display for InvalidServerName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?} is not a valid TLS server name", self.0)
    }
}

impl StdError for InvalidServerName {}

/// A step of opening a connection failed; says which, and where to.
#[derive(Debug)]
struct ConnectError {
    context: String,
    source: io::Error,
}

impl fmt::Display for ConnectError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.context)
    }
}

impl StdError for ConnectError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        Some(&self.source)
    }
}

impl HttpClient for DefaultHttpClient {
    fn call(&self, mut request: HttpRequest) -> HttpFuture<'_> {
        let prepared = to_hyper_request(&mut request);
        let body_limit = request.max_response_body_size();
        let stream_response = request.stream_response();
        Box::pin(async move {
            let (target, request) = prepared?;
            // Connection tasks are spawned on the current runtime, and
            // spawning panics without one.
            if tokio::runtime::Handle::try_current().is_err() {
                return Err(ConnectorError::other("DefaultHttpClient must be called from within a Tokio runtime"));
            }
            self.send(target, request, body_limit, stream_response).await
        })
    }
}

impl DefaultHttpClient {
    // Only a build with `byte-stream` can hand a body on unread.
    #[cfg_attr(not(feature = "byte-stream"), allow(unused_variables))]
    async fn send(
        &self,
        target: Target,
        request: hyper::Request<HyperBody>,
        body_limit: u64,
        stream_response: bool,
    ) -> Result<HttpResponse, ConnectorError> {
        let mut request = request;
        let (sender, response) = loop {
            let (mut sender, reused) = match self.pool.checkout(&target) {
                Some(sender) => (sender, true),
                None => {
                    // Boxed: connecting (TCP, TLS) needs far more state than
                    // sending on a pooled connection, and every call's future
                    // would otherwise be as large as that.
                    let sender = Box::pin(self.connector.connect(&target))
                        .await
                        .map_err(|e| transport_error(classify(&*e, true), e))?;
                    (sender, false)
                }
            };
            match sender.try_send_request(request).await {
                Ok(response) => break (sender, response),
                Err(mut e) => match e.take_message() {
                    // The pooled connection closed before the request was
                    // written, so the server saw nothing of it: another
                    // connection can carry it without a retry being spent.
                    Some(unsent) if reused => request = unsent,
                    _ => {
                        let e = e.into_error();
                        return Err(transport_error(classify(&e, false), e));
                    }
                },
            }
        };

        let (parts, body) = response.into_parts();
        // Non-UTF-8 bytes (legal as obs-text) are kept lossily rather
        // than failing a response that otherwise arrived intact.
        let headers = parts
            .headers
            .iter()
            .map(|(name, value)| (name.as_str().to_owned(), String::from_utf8_lossy(value.as_bytes()).into_owned()))
            .collect();
        let status = parts.status.as_u16();
        #[cfg(feature = "byte-stream")]
        if stream_response && (200..300).contains(&status) {
            let body = body::ResponseStream::new(body, self.pool.clone(), target, sender);
            let body = crate::primitives::ByteStream::from_source(body);
            return Ok(HttpResponse::streaming(status, headers, body));
        }
        // A body left unread leaves the connection unusable: dropping it
        // with the sender closes the connection.
        let body = match read_body(body, body_limit).await {
            Ok(body) => body,
            Err(BodyError::TooLarge { content_length }) => {
                let details = ResponseTooLarge::new(body_limit, content_length, status, headers);
                return Err(ConnectorError::response_too_large(details));
            }
            Err(BodyError::Transport(e)) => return Err(transport_error(classify(&e, false), e)),
        };
        self.return_to_pool(target, sender).await;
        Ok(HttpResponse::new(status, headers, body))
    }
}

enum BodyError {
    /// Over the limit; with the size the response announced, if that told.
    TooLarge {
        content_length: Option<u64>,
    },
    Transport(hyper::Error),
}

/// Reads a whole body into one buffer, refusing it as soon as it is known to
/// be over `limit` bytes: by its `Content-Length` before reading anything,
/// else when the bytes received pass the limit.
async fn read_body(mut body: hyper::body::Incoming, limit: u64) -> Result<Vec<u8>, BodyError> {
    use hyper::body::Body as _;
    // hyper's hint is the Content-Length, or exactly 0 for a response that
    // cannot have a body (HEAD, 204, 304) whatever its headers say.
    let hint = body.size_hint();
    if let Some(length) = hint.exact().filter(|&length| length > limit) {
        return Err(BodyError::TooLarge { content_length: Some(length) });
    }
    // One allocation for a body of known length; chunks are copied in as
    // they arrive, never gathered and copied again.
    let mut bytes = Vec::with_capacity(usize::try_from(hint.lower().min(limit)).unwrap_or(0));
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(BodyError::Transport)?;
        if let Ok(data) = frame.into_data() {
            let total = u64::try_from(bytes.len().saturating_add(data.len())).unwrap_or(u64::MAX);
            if total > limit {
                return Err(BodyError::TooLarge { content_length: None });
            }
            bytes.extend_from_slice(&data);
        }
    }
    Ok(bytes)
}

impl DefaultHttpClient {
    /// Pools `sender` once it is ready again: when hyper has seen the end of
    /// the response and the server did not ask to close (an error or
    /// `Connection: close` ends the connection instead).
    async fn return_to_pool(&self, target: Target, mut sender: Sender) {
        // Usually ready at once, since hyper marks the connection idle in the
        // turn that ends the body; only otherwise is a timer worth its cost.
        match std::future::poll_fn(|cx| Poll::Ready(sender.poll_ready(cx))).await {
            Poll::Ready(Ok(())) => self.pool.checkin(target, sender),
            Poll::Ready(Err(_)) => {}
            Poll::Pending => {
                if let Ok(Ok(())) = tokio::time::timeout(RETURN_GRACE, sender.ready()).await {
                    self.pool.checkin(target, sender);
                }
            }
        }
    }
}

/// Checks the request and converts it into what hyper's connection API
/// sends as is: an origin-form URI and an explicit `Host` header.
/// The body is moved out of `request`.
fn to_hyper_request(request: &mut HttpRequest) -> Result<(Target, hyper::Request<HyperBody>), ConnectorError> {
    let method = Method::from_bytes(request.method().as_bytes())
        .map_err(|_| ConnectorError::other(format!("invalid HTTP method {:?}", request.method())))?;
    // User-info is a password more often than not: never repeated.
    let invalid_uri = |why: &dyn fmt::Display| {
        let shown_uri = crate::config::validation::redact_user_info(request.uri());
        ConnectorError::other(format!("invalid URI {shown_uri:?}: {why}"))
    };
    let uri: Uri = request.uri().parse().map_err(|e| invalid_uri(&e))?;
    // Both would be dropped silently: the request would go out other than asked.
    if uri.authority().is_some_and(|authority| authority.as_str().contains('@')) {
        return Err(invalid_uri(&"user-info (`user:password@`) is not supported"));
    }
    if request.uri().contains('#') {
        return Err(invalid_uri(&"a fragment (`#...`) is not supported"));
    }
    let (https, default_port) = match uri.scheme_str() {
        Some("http") => (false, 80),
        Some("https") => (true, 443),
        _ => return Err(invalid_uri(&"expected an absolute http:// or https:// URI")),
    };
    let Some(host) = uri.host().filter(|h| !h.is_empty()) else {
        return Err(invalid_uri(&"expected an absolute http:// or https:// URI"));
    };
    let port = uri.port_u16().unwrap_or(default_port);
    let target = Target { https, host: host.trim_start_matches('[').trim_end_matches(']').to_ascii_lowercase(), port };
    // As the signer computes it: the port only when the URI names one other
    // than the scheme's default, so that the signed `host` is what is sent.
    let default_port_text = if https { "443" } else { "80" };
    let host_header = match uri.port() {
        Some(p) if p.as_str() != default_port_text => format!("{host}:{}", p.as_str()),
        _ => host.to_owned(),
    };
    let host_header = HeaderValue::from_str(&host_header).map_err(|e| invalid_uri(&e))?;
    // Origin-form: hyper writes the URI as given, and a server only has to
    // accept the absolute form from a proxy.
    let path: Uri = match uri.path_and_query() {
        // Already parsed: shared, not parsed again.
        Some(path_and_query) if path_and_query.as_str().starts_with('/') => Uri::from(path_and_query.clone()),
        _ => match uri.query() {
            Some(query) => format!("{}?{query}", uri.path()).parse(),
            None => uri.path().parse(),
        }
        .map_err(|e| invalid_uri(&e))?,
    };

    let mut out = hyper::Request::new(HyperBody::take_from(request));
    *out.method_mut() = method;
    *out.uri_mut() = path;
    let headers = out.headers_mut();
    // Room for them all (and `Host`) at once; hyper's map panics beyond
    // 32,768 entries, so only a sane number is asked for up front.
    headers.reserve(request.headers.len().min(256) + 1);
    // The request is spent: its header values move into the hyper request
    // rather than being copied.
    for (name, value) in std::mem::take(&mut request.headers) {
        let header_name = HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| ConnectorError::other(format!("invalid header name {name:?}")))?;
        // The value is left out of the message: it may be a credential.
        // Raw bytes rather than `from_str` so that what was signed is what
        // is sent; only control characters are refused.
        let header_value = HeaderValue::from_maybe_shared(hyper::body::Bytes::from(value)).map_err(|_| {
            ConnectorError::other(format!("invalid value for header {name:?}: contains a control character"))
        })?;
        headers.append(header_name, header_value);
    }
    if !headers.contains_key(HOST) {
        headers.insert(HOST, host_header);
    }
    Ok((target, out))
}

/// Decides retryability: timeouts and broken connections are transient,
/// anything else (a malformed response, a bad request) is not.
fn classify(err: &(dyn StdError + 'static), while_connecting: bool) -> ConnectorErrorKind {
    let mut current = Some(err);
    while let Some(e) = current {
        // A request body that could not be read (a file that changed, a
        // reader that ended early) fails the same way on another attempt.
        #[cfg(feature = "byte-stream")]
        if e.is::<crate::primitives::ByteStreamError>() {
            return ConnectorErrorKind::Other;
        }
        if e.is::<ConnectTimedOut>() {
            return ConnectorErrorKind::Timeout;
        }
        if e.is::<NoTls>() || e.is::<InvalidServerName>() {
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

fn transport_error(kind: ConnectorErrorKind, err: impl Into<BoxError>) -> ConnectorError {
    ConnectorError::new(kind, TransportError::new(err.into()))
}

/// Most logging prints an error's message and not its source chain, where
/// hyper and the connector leave the cause ("connection refused", "invalid
/// peer certificate"). This carries the whole chain in its message while
/// keeping the original error as its source for callers that downcast.
#[derive(Debug)]
struct TransportError {
    message: String,
    source: BoxError,
}

impl TransportError {
    fn new(err: BoxError) -> Self {
        let mut parts: Vec<String> = Vec::new();
        let mut current: Option<&(dyn StdError + 'static)> = Some(err.as_ref());
        while let Some(e) = current {
            let text = e.to_string();
            if parts.last() != Some(&text) {
                parts.push(text);
            }
            current = e.source();
        }
        TransportError { message: parts.join(": "), source: err }
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

#[cfg(test)]
mod tests {
    use std::io::{BufRead, BufReader, Read, Write};
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::mpsc;

    use super::*;

    /// Bounds every call so that a hang fails the test instead of stalling it.
    const LIMIT: Duration = Duration::from_secs(10);

    /// A loopback HTTP/1.1 server that answers every request with `200 ok`.
    struct Server {
        url: String,
        accepted: Arc<AtomicUsize>,
        heads: mpsc::Receiver<String>,
    }

    #[derive(Clone, Copy, Default)]
    struct Behaviour {
        /// Close each connection after its first answer, without saying so.
        close_after_answer: bool,
        /// Wait this long before answering.
        delay: Duration,
    }

    impl Server {
        fn start(behaviour: Behaviour) -> Server {
            Self::start_with(behaviour, None)
        }

        /// With `tls`, serves `https://` on the same terms.
        fn start_with(behaviour: Behaviour, tls: Option<Arc<rustls::ServerConfig>>) -> Server {
            let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
            let port = listener.local_addr().expect("local address").port();
            let url = format!("{}://127.0.0.1:{port}", if tls.is_some() { "https" } else { "http" });
            let accepted = Arc::new(AtomicUsize::new(0));
            let (tx, heads) = mpsc::channel();
            let counter = accepted.clone();
            std::thread::spawn(move || {
                for stream in listener.incoming() {
                    let Ok(stream) = stream else { return };
                    let _ = stream.set_read_timeout(Some(LIMIT));
                    counter.fetch_add(1, Ordering::SeqCst);
                    let tx = tx.clone();
                    let tls = tls.clone();
                    std::thread::spawn(move || match tls {
                        None => serve(stream, behaviour, tx),
                        Some(config) => {
                            let Ok(connection) = rustls::ServerConnection::new(config) else { return };
                            serve(rustls::StreamOwned::new(connection, stream), behaviour, tx);
                        }
                    });
                }
            });
            Server { url, accepted, heads }
        }

        fn accepted(&self) -> usize {
            self.accepted.load(Ordering::SeqCst)
        }

        /// Request line and headers of every request received so far.
        fn heads(&self) -> Vec<String> {
            self.heads.try_iter().collect()
        }
    }

    fn serve(stream: impl Read + Write, behaviour: Behaviour, tx: mpsc::Sender<String>) {
        let mut reader = BufReader::new(stream);
        loop {
            let mut head = String::new();
            loop {
                let mut line = String::new();
                match reader.read_line(&mut line) {
                    Ok(0) | Err(_) => return,
                    Ok(_) if line == "\r\n" => break,
                    Ok(_) => head.push_str(&line),
                }
            }
            let length = head
                .lines()
                .filter_map(|line| line.split_once(':'))
                .find(|(name, _)| name.eq_ignore_ascii_case("content-length"))
                .and_then(|(_, value)| value.trim().parse().ok())
                .unwrap_or(0);
            let mut body = vec![0; length];
            if reader.read_exact(&mut body).is_err() {
                return;
            }
            let _ = tx.send(head);
            std::thread::sleep(behaviour.delay);
            let writer = reader.get_mut();
            let answer = b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok";
            if writer.write_all(answer).and_then(|()| writer.flush()).is_err() || behaviour.close_after_answer {
                return;
            }
        }
    }

    async fn post(client: &DefaultHttpClient, uri: &str) -> Result<HttpResponse, ConnectorError> {
        let request = HttpRequest::new("POST", uri, b"{}".to_vec());
        tokio::time::timeout(LIMIT, client.call(request)).await.expect("the call finishes in time")
    }

    /// A loopback server for one request: it answers with `head`, then writes
    /// `body` piece by piece until the client hangs up or the pieces run out.
    fn start_raw(head: &'static str, body: Vec<Vec<u8>>) -> String {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let url = format!("http://{}", listener.local_addr().expect("local address"));
        std::thread::spawn(move || {
            let Ok((stream, _)) = listener.accept() else { return };
            let _ = stream.set_read_timeout(Some(LIMIT));
            let _ = stream.set_write_timeout(Some(LIMIT));
            let mut reader = BufReader::new(stream);
            let mut line = String::new();
            // The request head, then its two-byte body.
            while reader.read_line(&mut line).is_ok_and(|n| n > 0) && line != "\r\n" {
                line.clear();
            }
            let _ = reader.read_exact(&mut [0; 2]);
            let writer = reader.get_mut();
            if writer.write_all(head.as_bytes()).is_err() {
                return;
            }
            for piece in body {
                if writer.write_all(&piece).is_err() {
                    return;
                }
            }
            let _ = writer.flush();
        });
        url
    }

    /// `count` chunks of `size` bytes in chunked transfer coding, and the end.
    fn chunked(count: usize, size: usize) -> Vec<Vec<u8>> {
        let mut pieces: Vec<Vec<u8>> = (0..count)
            .map(|_| [format!("{size:x}\r\n").into_bytes(), vec![b'x'; size], b"\r\n".to_vec()].concat())
            .collect();
        pieces.push(b"0\r\n\r\n".to_vec());
        pieces
    }

    async fn post_with_limit(
        client: &DefaultHttpClient,
        uri: &str,
        limit: u64,
    ) -> Result<HttpResponse, ConnectorError> {
        let mut request = HttpRequest::new("POST", uri, b"{}".to_vec());
        request.set_max_response_body_size(limit);
        tokio::time::timeout(LIMIT, client.call(request)).await.expect("the call finishes in time")
    }

    fn too_large(result: Result<HttpResponse, ConnectorError>) -> (ConnectorError, ResponseTooLarge) {
        let err = result.expect_err("the body is over the limit");
        assert_eq!(err.kind(), ConnectorErrorKind::ResponseTooLarge, "{err}");
        let details = err.as_response_too_large().expect("details").clone();
        (err, details)
    }

    #[tokio::test]
    async fn a_content_length_over_the_limit_is_refused_without_reading_the_body() {
        // Announces 1 GiB and would send 1 MiB of it before closing.
        let head = "HTTP/1.1 200 OK\r\ncontent-length: 1073741824\r\nx-amzn-requestid: r1\r\n\r\n";
        let url = start_raw(head, vec![vec![b'x'; 64 * 1024]; 16]);
        let started = Instant::now();
        let (err, details) = too_large(post(&DefaultHttpClient::new(), &url).await);
        assert!(started.elapsed() < Duration::from_secs(2), "{:?}", started.elapsed());
        assert_eq!(details.limit(), crate::http::DEFAULT_MAX_RESPONSE_BODY_SIZE);
        assert_eq!(details.content_length(), Some(1 << 30));
        assert_eq!(details.response().status(), 200);
        assert_eq!(details.response().header("x-amzn-requestid"), Some("r1"));
        assert!(details.response().body().is_empty());
        let message = err.to_string();
        assert!(message.contains("1073741824 bytes by its Content-Length"), "{message}");
        assert!(message.contains("limit of 67108864 bytes") && message.contains("max_response_body_size"), "{message}");
    }

    #[tokio::test]
    async fn a_chunked_body_growing_past_the_limit_is_cut_off() {
        let url = start_raw("HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n", chunked(64, 16 * 1024));
        let (err, details) = too_large(post_with_limit(&DefaultHttpClient::new(), &url, 100_000).await);
        assert_eq!((details.limit(), details.content_length()), (100_000, None));
        assert!(err.to_string().contains("grew past the limit of 100000 bytes"), "{err}");
    }

    #[tokio::test]
    async fn bodies_exactly_at_the_limit_are_read_whole() {
        let url = start_raw("HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n", chunked(3, 10));
        let response = post_with_limit(&DefaultHttpClient::new(), &url, 30).await.expect("30 bytes are allowed");
        assert_eq!(response.body(), &[b'x'; 30][..]);

        let server = Server::start(Behaviour::default());
        let client = DefaultHttpClient::new();
        let (_, details) = too_large(post_with_limit(&client, &server.url, 1).await);
        assert_eq!(details.content_length(), Some(2));
        let response = post_with_limit(&client, &server.url, 2).await.expect("2 bytes are allowed");
        assert_eq!(response.body(), b"ok");
    }

    fn header<'a>(head: &'a str, name: &str) -> Vec<&'a str> {
        head.lines()
            .filter_map(|line| line.split_once(':'))
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.trim())
            .collect()
    }

    fn idle_count(client: &DefaultHttpClient) -> usize {
        client.pool.lock().idle.values().map(Vec::len).sum()
    }

    #[tokio::test]
    async fn sequential_calls_share_one_connection() {
        let server = Server::start(Behaviour::default());
        let client = DefaultHttpClient::new();
        for _ in 0..3 {
            let response = post(&client.clone(), &format!("{}/path?x=1", server.url)).await.expect("success");
            assert_eq!((response.status(), response.body()), (200, &b"ok"[..]));
        }
        assert_eq!(server.accepted(), 1);
        assert_eq!(idle_count(&client), 1);
    }

    #[tokio::test]
    async fn requests_are_origin_form_with_the_host_and_port() {
        let server = Server::start(Behaviour::default());
        let client = DefaultHttpClient::new();
        post(&client, &format!("{}/path?x=1", server.url)).await.expect("success");
        let mut request = HttpRequest::new("GET", server.url.clone(), Vec::new());
        request.push_header("Host", "other.example");
        tokio::time::timeout(LIMIT, client.call(request)).await.expect("in time").expect("success");

        let heads = server.heads();
        assert_eq!(heads.len(), 2);
        let authority = server.url.trim_start_matches("http://");
        assert!(heads[0].starts_with("POST /path?x=1 HTTP/1.1\r\n"), "{}", heads[0]);
        assert_eq!(header(&heads[0], "host"), [authority]);
        assert!(heads[1].starts_with("GET / HTTP/1.1\r\n"), "{}", heads[1]);
        assert_eq!(header(&heads[1], "host"), ["other.example"]);
    }

    #[tokio::test]
    async fn a_connection_the_server_closed_is_not_reused() {
        let server = Server::start(Behaviour { close_after_answer: true, ..Behaviour::default() });
        let client = DefaultHttpClient::new();
        post(&client, &server.url).await.expect("first call");
        // Time for the connection task to see the close.
        tokio::time::sleep(Duration::from_millis(300)).await;
        post(&client, &server.url).await.expect("second call, on a new connection");
        assert_eq!(server.accepted(), 2);
    }

    #[tokio::test]
    async fn idle_connections_are_capped_per_host() {
        let server = Server::start(Behaviour { delay: Duration::from_millis(300), ..Behaviour::default() });
        let client = DefaultHttpClient::new();
        let calls: Vec<_> = (0..MAX_IDLE_PER_HOST + 4)
            .map(|_| {
                let client = client.clone();
                let url = server.url.clone();
                tokio::spawn(async move { post(&client, &url).await.map(|_| ()) })
            })
            .collect();
        for call in calls {
            call.await.expect("the task completes").expect("success");
        }
        assert_eq!(server.accepted(), MAX_IDLE_PER_HOST + 4);
        assert_eq!(idle_count(&client), MAX_IDLE_PER_HOST);
    }

    #[tokio::test]
    async fn a_connect_timeout_too_long_to_count_down_means_no_limit() {
        let server = Server::start(Behaviour::default());
        let client = DefaultHttpClient::builder().connect_timeout(Duration::MAX).build();
        let response = post(&client, &format!("{}/", server.url)).await.expect("success, not a panic");
        assert_eq!(response.status(), 200);
    }

    #[tokio::test]
    async fn nothing_listening_is_a_quick_io_error() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let addr = listener.local_addr().expect("local address");
        drop(listener);
        let started = Instant::now();
        let err = post(&DefaultHttpClient::new(), &format!("http://{addr}/")).await.expect_err("refused");
        assert_eq!(err.kind(), ConnectorErrorKind::Io, "{err}");
        assert!(err.to_string().contains(&format!("TCP connect to {addr} failed")), "{err}");
        assert!(started.elapsed() < Duration::from_secs(2), "{:?}", started.elapsed());
    }

    #[tokio::test]
    async fn without_tls_http_works_and_https_is_refused() {
        let server = Server::start(Behaviour::default());
        let mut client = DefaultHttpClient::new();
        let why: Arc<str> = Arc::from("no provider");
        client.connector.transport = Transport::PlainOnly(why.clone());
        client.tls = TlsSource::Unavailable(why);
        assert!(format!("{client:?}").contains("unavailable (no provider)"), "{client:?}");

        post(&client, &server.url).await.expect("http works");
        let err = post(&client, "https://127.0.0.1:9/").await.expect_err("https is unavailable");
        assert_eq!(err.kind(), ConnectorErrorKind::Other, "{err}");
        assert!(err.to_string().contains("https is unavailable: no provider"), "{err}");
    }

    /// A CA and a certificate it issued for `localhost` and `127.0.0.1`, valid
    /// from 2000 to 2125.
    const TEST_CA: &str = "-----BEGIN CERTIFICATE-----\n\
MIIBZzCCAQ2gAwIBAgIBATAKBggqhkjOPQQDAjAaMRgwFgYDVQQDDA9jb2RlZ2Vu\n\
IHRlc3QgQ0EwIBcNMDAwMTAxMDAwMDAwWhgPMjEyNTAxMDEwMDAwMDBaMBoxGDAW\n\
BgNVBAMMD2NvZGVnZW4gdGVzdCBDQTBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IA\n\
BHhnLqwVSa4nEvczOERrL81cK4MCogEfwXtLXAlsfGnDkgR/uibHK55DwL6ybEvU\n\
6MpOmHQbzgXUA4yuj2/GdnSjQjBAMA8GA1UdEwEB/wQFMAMBAf8wDgYDVR0PAQH/\n\
BAQDAgIEMB0GA1UdDgQWBBT7Hk1ENWzdNNB6IqZ3DOxrTey1szAKBggqhkjOPQQD\n\
AgNIADBFAiAVXjKzf1lSTjv7TPIGxYuxqPJT+fN0J4lYH2Wt6mL+twIhANJLAttD\n\
Vto8BEEzb1xeTgSzhPOB9/7rKwIvqEDD+DgT\n\
-----END CERTIFICATE-----";
    const TEST_CERT: &str = "-----BEGIN CERTIFICATE-----\n\
MIIBszCCAVigAwIBAgIBAjAKBggqhkjOPQQDAjAaMRgwFgYDVQQDDA9jb2RlZ2Vu\n\
IHRlc3QgQ0EwIBcNMDAwMTAxMDAwMDAwWhgPMjEyNTAxMDEwMDAwMDBaMBQxEjAQ\n\
BgNVBAMMCWxvY2FsaG9zdDBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABCZZ44XU\n\
96A+fMVjGBniuSOP6ps2gpMOHT/+RhkR6dOAkw1V24WS6v1pMmQZUMo8hWbDoYv6\n\
xBkw7/Ja+z2zwu6jgZIwgY8wDAYDVR0TAQH/BAIwADAOBgNVHQ8BAf8EBAMCB4Aw\n\
EwYDVR0lBAwwCgYIKwYBBQUHAwEwGgYDVR0RBBMwEYIJbG9jYWxob3N0hwR/AAAB\n\
MB8GA1UdIwQYMBaAFPseTUQ1bN000HoipncM7GtN7LWzMB0GA1UdDgQWBBQYnC10\n\
8TqmjPrL/vSmurWRGFblZjAKBggqhkjOPQQDAgNJADBGAiEA2RE4H2C1Y/Wrhxze\n\
tAL8KMMlJpmEBzJkM2UFBj9CQAgCIQDkcCNSGP5hBow6/6VEQlMLE0gmTtdpPRUf\n\
cxZvP5cu9g==\n\
-----END CERTIFICATE-----";
    const TEST_KEY: &str = "-----BEGIN PRIVATE KEY-----\n\
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgEmSMDVW6JeK3iBB3\n\
E4d+xasnMvl6HREsfnMl0k14N7ahRANCAAQmWeOF1PegPnzFYxgZ4rkjj+qbNoKT\n\
Dh0//kYZEenTgJMNVduFkur9aTJkGVDKPIVmw6GL+sQZMO/yWvs9s8Lu\n\
-----END PRIVATE KEY-----";

    fn tls_server_config() -> Option<Arc<rustls::ServerConfig>> {
        // The server signs, so it needs the full provider.
        graviola_provider()?;
        let provider = Arc::new(rustls_graviola::default_provider());
        let certs = CertificateDer::pem_slice_iter(TEST_CERT.as_bytes()).collect::<Result<Vec<_>, _>>().expect("cert");
        let key = rustls::pki_types::PrivateKeyDer::from_pem_slice(TEST_KEY.as_bytes()).expect("key");
        let config = rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .expect("protocol versions")
            .with_no_client_auth()
            .with_single_cert(certs, key)
            .expect("server config");
        Some(Arc::new(config))
    }

    #[tokio::test]
    async fn https_checks_the_certificate_and_reuses_the_connection() {
        // Without the built-in provider there is nothing to test here.
        let Some(tls) = tls_server_config() else { return };
        let server = Server::start_with(Behaviour::default(), Some(tls));
        let port = server.url.rsplit(':').next().expect("port");
        let client = DefaultHttpClient::builder().add_root_certificates_pem(TEST_CA.as_bytes()).expect("CA").build();

        // `localhost` may resolve to ::1 first, where nothing listens.
        let by_name = format!("https://localhost:{port}/");
        for _ in 0..2 {
            let response = post(&client, &by_name).await.expect("success");
            assert_eq!((response.status(), response.body()), (200, &b"ok"[..]));
        }
        assert_eq!(server.accepted(), 1);
        post(&client, &server.url).await.expect("an IP address as the server name");
        assert_eq!(server.accepted(), 2);
        assert_eq!(header(&server.heads()[0], "host"), [format!("localhost:{port}").as_str()]);

        let err = post(&DefaultHttpClient::new(), &by_name).await.expect_err("an unknown issuer");
        assert_eq!(err.kind(), ConnectorErrorKind::Io, "{err}");
        assert!(err.to_string().contains("TLS handshake with https://localhost:"), "{err}");
        assert!(err.to_string().contains("UnknownIssuer"), "{err}");
    }

    #[test]
    fn outside_a_runtime_a_call_fails_instead_of_panicking() {
        let client = DefaultHttpClient::new();
        let mut call = client.call(HttpRequest::new("GET", "http://127.0.0.1:9/", Vec::new()));
        let mut cx = Context::from_waker(std::task::Waker::noop());
        match call.as_mut().poll(&mut cx) {
            Poll::Ready(Err(err)) => assert!(err.to_string().contains("Tokio runtime"), "{err}"),
            other => panic!("expected an error at once, got {other:?}"),
        }
    }

    #[test]
    fn targets_and_host_headers_follow_the_uri() {
        let cases = [
            ("http://127.0.0.1:8080/a/b?c=d", false, "127.0.0.1", 8080, "127.0.0.1:8080", "/a/b?c=d"),
            ("https://Example.COM:443", true, "example.com", 443, "Example.COM", "/"),
            ("https://example.com:8443?q", true, "example.com", 8443, "example.com:8443", "/?q"),
            ("http://example.com:80/x", false, "example.com", 80, "example.com", "/x"),
            ("http://[::1]:8080/x", false, "::1", 8080, "[::1]:8080", "/x"),
            ("https://[::1]/", true, "::1", 443, "[::1]", "/"),
        ];
        for (uri, https, host, port, host_header, path) in cases {
            let (target, request) = to_hyper_request(&mut HttpRequest::new("GET", uri, Vec::new())).expect(uri);
            assert_eq!(target, Target { https, host: host.to_owned(), port }, "{uri}");
            assert_eq!(request.headers().get_all(HOST).iter().collect::<Vec<_>>(), [host_header], "{uri}");
            assert_eq!(request.uri(), path, "{uri}");
        }
        for bad in ["/relative", "ftp://example.com/", "http:///nohost"] {
            let err = to_hyper_request(&mut HttpRequest::new("GET", bad, Vec::new())).expect_err(bad);
            assert_eq!(err.kind(), ConnectorErrorKind::Other, "{bad}");
        }
    }

    #[test]
    fn user_info_and_fragments_are_refused_and_passwords_never_shown() {
        let cases = [
            ("http://user:hunter2@127.0.0.1:1/", "user-info"),
            ("https://hunter2@example.com/x", "user-info"),
            ("http://127.0.0.1:1/ok#frag", "fragment"),
            ("http://user:hunter2@127.0.0.1:1/#frag", "user-info"),
            ("http://user:hunter2@exa mple.com/", "invalid URI"),
        ];
        for (uri, problem) in cases {
            let err = to_hyper_request(&mut HttpRequest::new("GET", uri, Vec::new())).expect_err(uri);
            assert!(err.to_string().contains(problem), "{uri}: {err}");
            assert!(!err.to_string().contains("hunter2"), "{uri}: {err}");
        }
    }

    #[test]
    fn header_values_are_checked_without_showing_them() {
        let mut request = HttpRequest::new("GET", "http://127.0.0.1/", Vec::new());
        request.push_header("authorization", "secret\nvalue");
        let err = to_hyper_request(&mut request).expect_err("control character");
        assert!(!err.to_string().contains("secret"), "{err}");
    }
}
