//! What a call reports through the `tracing` crate (feature `tracing`): one
//! span per operation, one per attempt, and debug events for credentials and
//! endpoint resolution. Without the feature every item here is an empty
//! stand-in that compiles away, so the orchestrator calls them unconditionally.
//!
//! Nothing here is ever given a body, a header value, a credential or an
//! input member: only names, numbers, status codes, error codes, the
//! endpoint's scheme and host, and durations. That is what keeps secrets and
//! `@sensitive` values out of every subscriber's output.

use std::future::Future;
use std::time::Duration;

/// The scheme and host of `url` (port included), with any user information
/// (`user:password@`) left out: what an endpoint event may show.
pub fn scheme_and_host(url: &str) -> (&str, &str) {
    let (scheme, rest) = url.split_once("://").unwrap_or(("", url));
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = authority.rsplit_once('@').map_or(authority, |(_, host)| host);
    (scheme, host)
}

#[cfg(feature = "tracing")]
mod enabled {
    use super::*;
    use tracing::Instrument;
    use tracing::field::Empty;

    /// The span of one call of an operation.
    #[derive(Debug, Clone)]
    pub struct OperationSpan(tracing::Span);

    impl OperationSpan {
        /// Opens the span: `service` (the signing name), `operation` and
        /// `region` (empty when none is configured).
        pub fn new(service: &str, operation: &str, region: Option<&str>) -> Self {
            let region = region.unwrap_or("");
            OperationSpan(tracing::debug_span!("operation", service, operation, region))
        }

        /// Runs `future` inside the span.
        pub fn instrument<F: Future>(&self, future: F) -> impl Future<Output = F::Output> {
            future.instrument(self.0.clone())
        }
    }

    /// The span of one attempt; its outcome is recorded as it becomes known.
    #[derive(Debug, Clone)]
    pub struct AttemptSpan(tracing::Span);

    impl AttemptSpan {
        /// Opens the span of attempt number `attempt` (1-based) inside the
        /// current span.
        pub fn new(attempt: u32) -> Self {
            AttemptSpan(tracing::debug_span!(
                "attempt",
                attempt,
                status = Empty,
                error = Empty,
                error_code = Empty,
                retry = Empty,
                retry_delay_ms = Empty
            ))
        }

        /// Runs `work` (no waiting inside) in the span.
        pub fn in_scope<T>(&self, work: impl FnOnce() -> T) -> T {
            self.0.in_scope(work)
        }

        /// Runs `future` inside the span.
        pub fn instrument<F: Future>(&self, future: F) -> impl Future<Output = F::Output> {
            future.instrument(self.0.clone())
        }

        /// The response's HTTP status.
        pub fn record_status(&self, status: u16) {
            self.0.record("status", status);
        }

        /// How the attempt failed (`service error`, `timeout`, …) and the
        /// service's error code, if it gave one.
        pub fn record_error(&self, kind: &'static str, code: Option<&str>) {
            self.0.record("error", kind);
            if let Some(code) = code {
                self.0.record("error_code", code);
            }
        }

        /// Whether another attempt follows, and after how long.
        pub fn record_retry(&self, delay: Option<Duration>) {
            self.0.record("retry", delay.is_some());
            if let Some(delay) = delay {
                self.0.record("retry_delay_ms", u64::try_from(delay.as_millis()).unwrap_or(u64::MAX));
            }
        }
    }

    /// Credentials came from the provider of this kind.
    pub fn credentials_resolved(provider: &str) {
        tracing::debug!(provider, "credentials resolved");
    }

    /// The provider of this kind could not give credentials. Its errors never
    /// hold a secret, but only the kind is reported all the same.
    pub fn credentials_failed(provider: &str) {
        tracing::debug!(provider, "credentials could not be resolved");
    }

    /// The endpoint the requests go to: its scheme and host only.
    pub fn endpoint_resolved(url: &str) {
        let (scheme, host) = scheme_and_host(url);
        tracing::debug!(scheme, host, "endpoint resolved");
    }
}

#[cfg(not(feature = "tracing"))]
mod disabled {
    use super::*;

    /// Stands in for the operation's span.
    #[derive(Debug, Clone)]
    pub struct OperationSpan;

    impl OperationSpan {
        pub fn new(_service: &str, _operation: &str, _region: Option<&str>) -> Self {
            OperationSpan
        }

        pub fn instrument<F: Future>(&self, future: F) -> F {
            future
        }
    }

    /// Stands in for an attempt's span.
    #[derive(Debug, Clone)]
    pub struct AttemptSpan;

    impl AttemptSpan {
        pub fn new(_attempt: u32) -> Self {
            AttemptSpan
        }

        pub fn in_scope<T>(&self, work: impl FnOnce() -> T) -> T {
            work()
        }

        pub fn instrument<F: Future>(&self, future: F) -> F {
            future
        }

        pub fn record_status(&self, _status: u16) {}

        pub fn record_error(&self, _kind: &'static str, _code: Option<&str>) {}

        pub fn record_retry(&self, _delay: Option<Duration>) {}
    }

    pub fn credentials_resolved(_provider: &str) {}

    pub fn credentials_failed(_provider: &str) {}

    pub fn endpoint_resolved(_url: &str) {}
}

#[cfg(not(feature = "tracing"))]
pub use self::disabled::*;
#[cfg(feature = "tracing")]
pub use self::enabled::*;

#[cfg(test)]
mod tests {
    use super::scheme_and_host;

    #[test]
    fn endpoints_show_scheme_and_host_without_user_information() {
        assert_eq!(scheme_and_host("https://example.com/a?b"), ("https", "example.com"));
        assert_eq!(scheme_and_host("http://127.0.0.1:8080"), ("http", "127.0.0.1:8080"));
        assert_eq!(scheme_and_host("https://user:secret@example.com/x"), ("https", "example.com"));
        assert_eq!(scheme_and_host("example.com#frag"), ("", "example.com"));
    }
}
