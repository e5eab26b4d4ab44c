//! Stand-in [`HttpClient`]s for testing code that uses this crate without a
//! network (feature `test-util`).
//!
//! - [`StaticReplayClient`] answers with canned responses in order and checks
//!   afterwards that the requests were the expected ones.
//! - [`capture_request`] answers every request with one response and lets the
//!   test inspect what was sent.
//! - [`infallible_client_fn`] turns a closure into a client.
//!
//! A streaming request body (feature `byte-stream`) is read whole before the
//! request is recorded or handed on, so tests see it with
//! [`HttpRequest::body`]; one that cannot be read fails the call with a
//! [`ConnectorError`] of kind `Other`. Responses are given whole; an
//! operation whose output is a stream reads them as one.
//!
//! Each of them plugs in like any other client:
//!
//! ```text
//! let config = my_service_client::Config::builder()
//!     .http_client(replay_client.clone())
//!     // credentials, region, ...
//!     .build();
//! ```

use std::fmt;
use std::fmt::Write as _;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use crate::http::{ConnectorError, HttpClient, HttpFuture, HttpRequest, HttpResponse};

/// Test helpers must keep working after an assertion panicked on another
/// thread while holding a lock; the data is still meaningful.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// One exchange a [`StaticReplayClient`] expects: the request it should
/// receive and the response it gives back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReplayEvent {
    expected: HttpRequest,
    response: HttpResponse,
}

impl ReplayEvent {
    /// Pairs the request expected at this position with its canned response.
    pub fn new(expected: HttpRequest, response: HttpResponse) -> Self {
        ReplayEvent { expected, response }
    }

    /// The request this event expects.
    pub fn expected(&self) -> &HttpRequest {
        &self.expected
    }

    /// The response this event returns.
    pub fn response(&self) -> &HttpResponse {
        &self.response
    }
}

/// Replays a fixed conversation: the n-th request gets the n-th event's
/// response, whatever it contains. The requests are recorded, to be checked
/// with [`assert_requests_match`](Self::assert_requests_match) once the code
/// under test is done.
///
/// A request beyond the last event fails with a [`ConnectorError`] of kind
/// `Other` that says so. Clones share the recorded requests.
///
/// # Example
///
/// ```text
/// use my_service_client::http::{HttpRequest, HttpResponse};
/// use my_service_client::test_util::{ReplayEvent, StaticReplayClient};
///
/// let mut expected = HttpRequest::new(
///     "POST",
///     "https://example.us-east-1.amazonaws.com/",
///     br#"{"Name":"a"}"#.to_vec(),
/// );
/// expected.push_header("content-type", "application/x-amz-json-1.1");
/// let http = StaticReplayClient::new(vec![ReplayEvent::new(
///     expected,
///     HttpResponse::new(200, vec![], br#"{"Id":"1"}"#.to_vec()),
/// )]);
///
/// // ... build a client with `.http_client(http.clone())` and call it ...
///
/// http.assert_requests_match(&["authorization", "x-amz-date", "user-agent"]);
/// ```
#[derive(Clone)]
pub struct StaticReplayClient {
    state: Arc<ReplayState>,
}

struct ReplayState {
    events: Vec<ReplayEvent>,
    actual: Mutex<Vec<HttpRequest>>,
}

impl StaticReplayClient {
    /// A client that will answer with `events`' responses, in order.
    pub fn new(events: Vec<ReplayEvent>) -> Self {
        StaticReplayClient { state: Arc::new(ReplayState { events, actual: Mutex::new(Vec::new()) }) }
    }

    /// Every request received so far, in arrival order, including any that
    /// came after the events ran out.
    pub fn actual_requests(&self) -> Vec<HttpRequest> {
        lock(&self.state.actual).clone()
    }

    /// Panics unless exactly the expected requests were received, in order.
    ///
    /// For each request it compares the method, the URI (as a string), the
    /// headers and the body. Headers match when both requests carry the same
    /// values for every name, names compared case-insensitively and the
    /// values of one name in order; names listed in `ignore_headers` are
    /// skipped on both sides. Headers that change on every run (a signature,
    /// a timestamp, an invocation id) belong there.
    ///
    /// Bodies are compared byte for byte, JSON included: two documents
    /// that differ only in whitespace or member order do not match. Write an
    /// expected JSON body in canonical form, exactly as the client
    /// serialises it (compact, no insignificant whitespace, same member
    /// order); the simplest way is to copy it from
    /// [`actual_requests`](Self::actual_requests) once it is known to be right.
    ///
    /// The panic message lists every difference found, one request at a
    /// time, as `-` expected / `+` actual lines. Values of `authorization`
    /// and `x-amz-security-token` are never printed, only that they differ.
    #[track_caller]
    pub fn assert_requests_match(&self, ignore_headers: &[&str]) {
        let actual = self.actual_requests();
        let expected = &self.state.events;
        let mut report = String::new();

        for (index, (want, got)) in expected.iter().map(ReplayEvent::expected).zip(&actual).enumerate() {
            let diff = diff_requests(want, got, ignore_headers);
            if !diff.is_empty() {
                let _ = writeln!(
                    report,
                    "request #{} ({} {}) does not match event #{}:",
                    index + 1,
                    got.method(),
                    got.uri(),
                    index + 1
                );
                report.push_str(&diff);
            }
        }
        for (index, want) in expected.iter().enumerate().skip(actual.len()) {
            let _ = writeln!(
                report,
                "event #{} expected {} {}, but no such request was received",
                index + 1,
                want.expected.method(),
                want.expected.uri()
            );
        }
        for (index, got) in actual.iter().enumerate().skip(expected.len()) {
            let _ = writeln!(
                report,
                "request #{} ({} {}) was received but there is no event for it",
                index + 1,
                got.method(),
                got.uri()
            );
        }

        if !report.is_empty() {
            panic!(
                "StaticReplayClient: {} request(s) expected, {} received; differences \
                 (- expected, + actual):\n{report}",
                expected.len(),
                actual.len()
            );
        }
    }
}

impl fmt::Debug for StaticReplayClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StaticReplayClient")
            .field("events", &self.state.events.len())
            .field("received", &lock(&self.state.actual).len())
            .finish()
    }
}

impl HttpClient for StaticReplayClient {
    fn call(&self, request: HttpRequest) -> HttpFuture<'_> {
        Box::pin(async move {
            let (request, unreadable) = read_body(request).await;
            let outcome = self.record(request);
            match unreadable {
                Some(e) => Err(e),
                None => outcome,
            }
        })
    }
}

impl StaticReplayClient {
    /// Records `request` and picks the response for its position.
    fn record(&self, request: HttpRequest) -> Result<HttpResponse, ConnectorError> {
        // Choosing the event and recording the request under one lock keeps
        // the pairing right when calls race.
        let mut actual = lock(&self.state.actual);
        let position = actual.len();
        let outcome = match self.state.events.get(position) {
            Some(event) => Ok(event.response.clone()),
            None => Err(ConnectorError::other(format!(
                "StaticReplayClient has no response for request #{} ({} {}): only {} \
                 event(s) were configured",
                position + 1,
                request.method(),
                request.uri(),
                self.state.events.len()
            ))),
        };
        actual.push(request);
        outcome
    }
}

/// Reads a streaming body into the request, so that it can be recorded and
/// compared; the error, if it could not be read.
async fn read_body(request: HttpRequest) -> (HttpRequest, Option<ConnectorError>) {
    #[cfg(feature = "byte-stream")]
    {
        let mut request = request;
        let unreadable = request
            .collect_body()
            .await
            .err()
            .map(|e| ConnectorError::other(format!("the request body could not be read: {e}")));
        (request, unreadable)
    }
    #[cfg(not(feature = "byte-stream"))]
    (request, None)
}

fn is_secret_header(name: &str) -> bool {
    name.eq_ignore_ascii_case("authorization") || name.eq_ignore_ascii_case("x-amz-security-token")
}

/// Returns the differences as indented lines, or an empty string.
fn diff_requests(want: &HttpRequest, got: &HttpRequest, ignore_headers: &[&str]) -> String {
    let mut out = String::new();
    if want.method() != got.method() {
        let _ = writeln!(out, "  method:\n    - {}\n    + {}", want.method(), got.method());
    }
    if want.uri() != got.uri() {
        let _ = writeln!(out, "  uri:\n    - {}\n    + {}", want.uri(), got.uri());
    }

    let ignored = |name: &str| ignore_headers.iter().any(|i| i.eq_ignore_ascii_case(name));
    let mut names: Vec<String> = Vec::new();
    for (name, _) in want.headers().iter().chain(got.headers()) {
        let lower = name.to_ascii_lowercase();
        if !ignored(&lower) && !names.contains(&lower) {
            names.push(lower);
        }
    }
    names.sort();
    for name in &names {
        let want_values = header_values(want, name);
        let got_values = header_values(got, name);
        if want_values == got_values {
            continue;
        }
        let shown = |values: &[&str]| {
            if is_secret_header(name) && !values.is_empty() {
                "[*** Sensitive Data Redacted ***]".to_owned()
            } else {
                format!("{values:?}")
            }
        };
        let note = if got_values.is_empty() {
            " (missing)"
        } else if want_values.is_empty() {
            " (not expected; ignore it with assert_requests_match(&[..]) if it varies)"
        } else {
            ""
        };
        let _ = writeln!(out, "  header {name:?}{note}:\n    - {}\n    + {}", shown(&want_values), shown(&got_values));
    }

    if want.body() != got.body() {
        let at = want
            .body()
            .iter()
            .zip(got.body())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| want.body().len().min(got.body().len()));
        let _ = writeln!(
            out,
            "  body ({} vs {} bytes, first difference at byte {at}):\n    - {}\n    + {}",
            want.body().len(),
            got.body().len(),
            show_body(want.body()),
            show_body(got.body())
        );
    }
    out
}

fn header_values<'a>(request: &'a HttpRequest, name: &str) -> Vec<&'a str> {
    request.headers().iter().filter(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str()).collect()
}

/// Keeps a multi-megabyte body from drowning the rest of the report.
fn show_body(body: &[u8]) -> String {
    const LIMIT: usize = 2048;
    match std::str::from_utf8(body) {
        Ok(text) if text.len() <= LIMIT => format!("{text:?}"),
        Ok(text) => {
            let mut end = LIMIT;
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            format!("{:?}... ({} more bytes)", &text[..end], text.len() - end)
        }
        Err(_) => {
            let shown = &body[..body.len().min(64)];
            let suffix = if body.len() > shown.len() { " ..." } else { "" };
            format!("<binary> {shown:02x?}{suffix}")
        }
    }
}

/// Creates a client that answers every request with `response` (by default
/// `200` with the body `{}`) and a receiver for inspecting what was sent.
///
/// # Example
///
/// ```text
/// use my_service_client::test_util::capture_request;
///
/// let (http, rx) = capture_request(None);
/// // ... build a client with `.http_client(http)` and call an operation ...
/// let request = rx.expect_request();
/// assert_eq!(request.method(), "POST");
/// assert_eq!(request.header("content-type"), Some("application/x-amz-json-1.0"));
/// ```
pub fn capture_request(response: Option<HttpResponse>) -> (CaptureRequestClient, CaptureRequestReceiver) {
    let shared = Arc::new(Mutex::new(None));
    let response = response.unwrap_or_else(|| HttpResponse::new(200, Vec::new(), b"{}".to_vec()));
    (CaptureRequestClient { response, last: shared.clone() }, CaptureRequestReceiver { last: shared })
}

/// The client half of [`capture_request`]: records each request and answers
/// it with the same response.
#[derive(Clone, Debug)]
pub struct CaptureRequestClient {
    response: HttpResponse,
    last: Arc<Mutex<Option<HttpRequest>>>,
}

impl HttpClient for CaptureRequestClient {
    fn call(&self, request: HttpRequest) -> HttpFuture<'_> {
        Box::pin(async move {
            let (request, unreadable) = read_body(request).await;
            *lock(&self.last) = Some(request);
            match unreadable {
                Some(e) => Err(e),
                None => Ok(self.response.clone()),
            }
        })
    }
}

/// The receiving half of [`capture_request`].
#[derive(Clone, Debug)]
pub struct CaptureRequestReceiver {
    last: Arc<Mutex<Option<HttpRequest>>>,
}

impl CaptureRequestReceiver {
    /// The most recent request the client received.
    ///
    /// # Panics
    ///
    /// If the client has not received any request yet.
    #[track_caller]
    pub fn expect_request(&self) -> HttpRequest {
        self.try_request().expect(
            "capture_request: no request was sent through the CaptureRequestClient; \
             was it passed to the client config, and was the operation awaited?",
        )
    }

    /// The most recent request the client received, if any.
    pub fn try_request(&self) -> Option<HttpRequest> {
        lock(&self.last).clone()
    }
}

/// Creates a client that answers each request with `f(request)`.
///
/// # Example
///
/// ```text
/// use my_service_client::http::HttpResponse;
/// use my_service_client::test_util::infallible_client_fn;
///
/// let http = infallible_client_fn(|request| {
///     if request.uri().ends_with("/missing") {
///         HttpResponse::new(404, vec![], b"{}".to_vec())
///     } else {
///         HttpResponse::new(200, vec![], b"{}".to_vec())
///     }
/// });
/// ```
pub fn infallible_client_fn(f: impl Fn(HttpRequest) -> HttpResponse + Send + Sync + 'static) -> InfallibleClientFn {
    InfallibleClientFn { f: Arc::new(f) }
}

/// The client made by [`infallible_client_fn`].
#[derive(Clone)]
pub struct InfallibleClientFn {
    f: Arc<dyn Fn(HttpRequest) -> HttpResponse + Send + Sync>,
}

impl fmt::Debug for InfallibleClientFn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("InfallibleClientFn").finish_non_exhaustive()
    }
}

impl HttpClient for InfallibleClientFn {
    fn call(&self, request: HttpRequest) -> HttpFuture<'_> {
        Box::pin(async move {
            match read_body(request).await {
                (request, None) => Ok((self.f)(request)),
                (_, Some(e)) => Err(e),
            }
        })
    }
}

/// A clock and a sleep for testing waiters without waiting: every sleep
/// returns at once and moves the clock forward by its duration, starting at
/// `start`. Set both on the configuration (`sleep_impl`, `time_source`).
pub fn instant_time_and_sleep(start: std::time::SystemTime) -> (ManualTimeSource, InstantSleep) {
    let slept = Arc::new(Mutex::new(Vec::new()));
    (ManualTimeSource { start, slept: Arc::clone(&slept) }, InstantSleep { slept })
}

/// The clock of [`instant_time_and_sleep`]: its start plus every sleep so far.
#[derive(Clone, Debug)]
pub struct ManualTimeSource {
    start: std::time::SystemTime,
    slept: Arc<Mutex<Vec<std::time::Duration>>>,
}

impl crate::config::TimeSource for ManualTimeSource {
    fn now(&self) -> std::time::SystemTime {
        self.start + lock(&self.slept).iter().sum::<std::time::Duration>()
    }
}

/// The sleep of [`instant_time_and_sleep`]: records each duration and
/// returns at once.
#[derive(Clone, Debug)]
pub struct InstantSleep {
    slept: Arc<Mutex<Vec<std::time::Duration>>>,
}

impl InstantSleep {
    /// Every duration slept, in order.
    pub fn logs(&self) -> Vec<std::time::Duration> {
        lock(&self.slept).clone()
    }

    /// The sum of the durations slept.
    pub fn total_duration(&self) -> std::time::Duration {
        lock(&self.slept).iter().sum()
    }
}

impl crate::config::AsyncSleep for InstantSleep {
    fn sleep(&self, duration: std::time::Duration) -> crate::config::Sleep {
        lock(&self.slept).push(duration);
        Box::pin(async {})
    }
}
