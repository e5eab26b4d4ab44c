//! The standard retry strategy: which failures are retried, how long to wait,
//! and the client-wide quota that stops retry storms.

use std::sync::Mutex;
use std::time::Duration;

use crate::config::retry::{MAX_BACKOFF_LIMIT, RetryConfig};

/// Why an attempt failed, as far as retrying is concerned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// A dropped connection, a timeout, a transient server status.
    Transient,
    /// The service asked the caller to slow down.
    Throttling,
    /// The caller's fault, or unknown: not retried.
    Client,
}

/// Error codes that mean "slow down", whatever the HTTP status.
const THROTTLING_CODES: &[&str] = &[
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "RequestThrottledException",
    "TooManyRequestsException",
    "ProvisionedThroughputExceededException",
    "TransactionInProgressException",
    "RequestLimitExceeded",
    "BandwidthLimitExceeded",
    "LimitExceededException",
    "RequestThrottled",
    "SlowDown",
    "PriorRequestNotComplete",
    "EC2ThrottledException",
];

/// Error codes of transient failures.
const TRANSIENT_CODES: &[&str] = &["RequestTimeout", "RequestTimeoutException", "InternalError"];

/// HTTP statuses of transient failures.
const TRANSIENT_STATUSES: &[u16] = &[500, 502, 503, 504];

/// Classifies an error response.
///
/// `modeled` is what the model says of the error (`@retryable`, with or
/// without `throttling`), when it is a modelled error.
pub fn classify_response(status: u16, code: Option<&str>, modeled: Option<ErrorKind>) -> ErrorKind {
    if let Some(kind) = modeled {
        return kind;
    }
    if code.is_some_and(|c| THROTTLING_CODES.contains(&c)) || status == 429 {
        return ErrorKind::Throttling;
    }
    if code.is_some_and(|c| TRANSIENT_CODES.contains(&c)) || TRANSIENT_STATUSES.contains(&status) {
        return ErrorKind::Transient;
    }
    ErrorKind::Client
}

/// Tokens in a fresh quota.
const INITIAL_QUOTA: u32 = 500;
/// Cost of retrying after an error response or a dropped connection.
const RETRY_COST: u32 = 5;
/// Cost of retrying after a timeout.
const TIMEOUT_RETRY_COST: u32 = 10;
/// Refund after an operation that succeeded at its first attempt.
const SUCCESS_REFUND: u32 = 1;

/// The client-wide retry quota: retries spend tokens, successes earn them
/// back, and when the bucket is empty failures are returned without retrying.
#[derive(Debug)]
pub struct RetryQuota {
    available: Mutex<u32>,
}

impl Default for RetryQuota {
    fn default() -> Self {
        RetryQuota { available: Mutex::new(INITIAL_QUOTA) }
    }
}

impl RetryQuota {
    /// Takes the cost of one retry, if the quota allows it; returns the cost taken.
    fn acquire(&self, timeout: bool) -> Option<u32> {
        let cost = if timeout { TIMEOUT_RETRY_COST } else { RETRY_COST };
        let mut available = self.available.lock().unwrap_or_else(|p| p.into_inner());
        if *available < cost {
            return None;
        }
        *available -= cost;
        Some(cost)
    }

    /// Returns tokens after a success: what the retries cost, or a small refund.
    fn release(&self, tokens: u32) {
        let mut available = self.available.lock().unwrap_or_else(|p| p.into_inner());
        *available = (*available + tokens).min(INITIAL_QUOTA);
    }

    #[cfg(test)]
    fn available(&self) -> u32 {
        *self.available.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// The retry state of one operation.
#[derive(Debug)]
pub struct RetryState<'a> {
    config: &'a RetryConfig,
    quota: &'a RetryQuota,
    attempts: u32,
    spent: u32,
}

impl<'a> RetryState<'a> {
    /// Starts an operation.
    pub fn new(config: &'a RetryConfig, quota: &'a RetryQuota) -> Self {
        RetryState { config, quota, attempts: 0, spent: 0 }
    }

    /// Records the start of an attempt; returns its 1-based number.
    pub fn start_attempt(&mut self) -> u32 {
        self.attempts += 1;
        self.attempts
    }

    /// The configured maximum number of attempts.
    pub fn max_attempts(&self) -> u32 {
        self.config.max_attempts()
    }

    /// After a failed attempt: how long to wait before the next one, or
    /// `None` when the failure is not retryable, attempts are used up, or the
    /// quota is exhausted. `jitter` is uniform in `[0, 1)`.
    pub fn should_retry(
        &mut self,
        kind: ErrorKind,
        timeout: bool,
        server_hint: Option<Duration>,
        jitter: f64,
    ) -> Option<Duration> {
        if kind == ErrorKind::Client || self.attempts >= self.config.max_attempts() {
            return None;
        }
        if self.config.retry_quota() {
            self.spent += self.quota.acquire(timeout)?;
        }
        // The configuration caps its backoffs already; the limit is applied
        // again so that no arithmetic below can produce a sleep without end.
        let max = self.config.max_backoff().min(MAX_BACKOFF_LIMIT);
        if let Some(hint) = server_hint {
            return Some(hint.min(max));
        }
        let exponent = self.attempts.saturating_sub(1).min(30);
        let base = self.config.initial_backoff().as_secs_f64() * f64::from(1u32 << exponent);
        // Out of range (or NaN) only when far above the cap, so it means the cap.
        let delay = Duration::try_from_secs_f64(jitter.clamp(0.0, 1.0) * base).unwrap_or(max);
        Some(delay.min(max))
    }

    /// Records that the operation succeeded.
    pub fn succeeded(&mut self) {
        if self.config.retry_quota() {
            self.quota.release(if self.spent == 0 { SUCCESS_REFUND } else { self.spent });
        }
    }
}

/// A server's requested delay: `x-amz-retry-after` (milliseconds) or
/// `Retry-After` (whole seconds).
pub fn server_hint(header: impl Fn(&str) -> Option<String>) -> Option<Duration> {
    if let Some(ms) = header("x-amz-retry-after").and_then(|v| v.trim().parse::<u64>().ok()) {
        return Some(Duration::from_millis(ms));
    }
    header("retry-after").and_then(|v| v.trim().parse::<u64>().ok()).map(Duration::from_secs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn throttling_codes_are_throttling_whatever_the_status() {
        assert_eq!(classify_response(400, Some("ThrottlingException"), None), ErrorKind::Throttling);
        assert_eq!(classify_response(429, None, None), ErrorKind::Throttling);
        assert_eq!(classify_response(503, Some("ServiceUnavailable"), None), ErrorKind::Transient);
        assert_eq!(classify_response(500, Some("InternalServerException"), None), ErrorKind::Transient);
        assert_eq!(classify_response(400, Some("ValidationException"), None), ErrorKind::Client);
        assert_eq!(classify_response(400, Some("X"), Some(ErrorKind::Transient)), ErrorKind::Transient);
    }

    #[test]
    fn backoff_grows_exponentially_with_jitter_and_is_capped() {
        let config = RetryConfig::standard().with_max_attempts(10);
        let quota = RetryQuota::default();
        let mut state = RetryState::new(&config, &quota);
        let mut delays = Vec::new();
        for _ in 0..6 {
            state.start_attempt();
            delays.push(state.should_retry(ErrorKind::Transient, false, None, 0.999).unwrap());
        }
        let secs: Vec<u64> = delays.iter().map(|d| d.as_secs_f64().round() as u64).collect();
        assert_eq!(secs, [1, 2, 4, 8, 16, 20]);
        state.start_attempt();
        assert_eq!(state.should_retry(ErrorKind::Transient, false, None, 0.0), Some(Duration::ZERO));
    }

    #[test]
    fn huge_backoffs_and_server_hints_wait_at_most_the_limit() {
        let config = RetryConfig::standard()
            .with_max_attempts(40)
            .with_initial_backoff(Duration::MAX)
            .with_max_backoff(Duration::MAX)
            .with_retry_quota(false);
        assert_eq!(config.max_backoff(), MAX_BACKOFF_LIMIT);
        let quota = RetryQuota::default();
        let mut state = RetryState::new(&config, &quota);
        for _ in 0..35 {
            state.start_attempt();
            for jitter in [0.0, 0.5, 1.0, f64::NAN] {
                let delay = state.should_retry(ErrorKind::Transient, false, None, jitter).expect("retried");
                assert!(delay <= MAX_BACKOFF_LIMIT, "{delay:?}");
            }
        }
        for hint in [Duration::MAX, Duration::from_secs(u64::MAX), Duration::from_millis(u64::MAX)] {
            let delay = state.should_retry(ErrorKind::Throttling, false, Some(hint), 0.5).expect("retried");
            assert_eq!(delay, MAX_BACKOFF_LIMIT);
        }
    }

    #[test]
    fn attempts_run_out() {
        let config = RetryConfig::standard();
        let quota = RetryQuota::default();
        let mut state = RetryState::new(&config, &quota);
        state.start_attempt();
        assert!(state.should_retry(ErrorKind::Throttling, false, None, 0.5).is_some());
        state.start_attempt();
        assert!(state.should_retry(ErrorKind::Throttling, false, None, 0.5).is_some());
        state.start_attempt();
        assert_eq!(state.should_retry(ErrorKind::Throttling, false, None, 0.5), None, "3 attempts by default");
    }

    #[test]
    fn client_errors_and_disabled_retries_are_not_retried() {
        let quota = RetryQuota::default();
        let config = RetryConfig::standard();
        let mut state = RetryState::new(&config, &quota);
        state.start_attempt();
        assert_eq!(state.should_retry(ErrorKind::Client, false, None, 0.5), None);
        let disabled = RetryConfig::disabled();
        let mut state = RetryState::new(&disabled, &quota);
        state.start_attempt();
        assert_eq!(state.should_retry(ErrorKind::Transient, false, None, 0.5), None);
    }

    #[test]
    fn server_hints_are_honoured_within_the_cap() {
        let config = RetryConfig::standard();
        let quota = RetryQuota::default();
        let mut state = RetryState::new(&config, &quota);
        state.start_attempt();
        let hint = Some(Duration::from_millis(1500));
        assert_eq!(state.should_retry(ErrorKind::Throttling, false, hint, 0.9), hint);
        state.start_attempt();
        let huge = Some(Duration::from_secs(3600));
        assert_eq!(state.should_retry(ErrorKind::Throttling, false, huge, 0.9), Some(Duration::from_secs(20)));
        let headers = |name: &str| (name == "x-amz-retry-after").then(|| "250".to_owned());
        assert_eq!(server_hint(headers), Some(Duration::from_millis(250)));
        let headers = |name: &str| (name == "retry-after").then(|| " 3 ".to_owned());
        assert_eq!(server_hint(headers), Some(Duration::from_secs(3)));
        assert_eq!(server_hint(|_| Some("soon".to_owned())), None);
    }

    #[test]
    fn the_quota_stops_retry_storms_and_refills_on_success() {
        let config = RetryConfig::standard().with_max_attempts(1000);
        let quota = RetryQuota::default();
        let mut state = RetryState::new(&config, &quota);
        let mut retries = 0;
        loop {
            state.start_attempt();
            if state.should_retry(ErrorKind::Transient, false, None, 0.0).is_none() {
                break;
            }
            retries += 1;
        }
        assert_eq!(retries, INITIAL_QUOTA / RETRY_COST);
        assert_eq!(quota.available(), 0);
        state.succeeded();
        assert_eq!(quota.available(), INITIAL_QUOTA, "a success after retries returns what they cost");
        let mut fresh = RetryState::new(&config, &quota);
        fresh.start_attempt();
        fresh.succeeded();
        assert_eq!(quota.available(), INITIAL_QUOTA, "never above the initial quota");
    }

    #[test]
    fn timeouts_cost_more() {
        let config = RetryConfig::standard();
        let quota = RetryQuota::default();
        let mut state = RetryState::new(&config, &quota);
        state.start_attempt();
        state.should_retry(ErrorKind::Transient, true, None, 0.0).unwrap();
        assert_eq!(quota.available(), INITIAL_QUOTA - TIMEOUT_RETRY_COST);
    }
}
