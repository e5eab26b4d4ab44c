//! Retry settings.

use std::time::Duration;

/// The longest wait between attempts that can be configured: a longer one (up
/// to `Duration::MAX`) would look like a hang rather than a retry.
pub const MAX_BACKOFF_LIMIT: Duration = Duration::from_secs(300);

/// How failed attempts are retried.
///
/// The default is the standard mode every AWS SDK uses: up to 3 attempts,
/// exponential backoff with full jitter starting at 1 s and capped at 20 s, a
/// server's `x-amz-retry-after` / `Retry-After` honoured up to that cap, and a
/// client-wide retry quota so that a failing service does not receive a
/// storm of retries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryConfig {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    quota: bool,
}

impl Default for RetryConfig {
    fn default() -> Self {
        RetryConfig::standard()
    }
}

impl RetryConfig {
    /// Standard retries: 3 attempts, 1 s initial backoff, 20 s cap, retry quota on.
    pub fn standard() -> Self {
        RetryConfig {
            max_attempts: 3,
            initial_backoff: Duration::from_secs(1),
            max_backoff: Duration::from_secs(20),
            quota: true,
        }
    }

    /// No retries: every call makes exactly one attempt.
    pub fn disabled() -> Self {
        RetryConfig { max_attempts: 1, ..RetryConfig::standard() }
    }

    /// Sets the total number of attempts (the first one included); `0` counts as `1`.
    pub fn with_max_attempts(mut self, max_attempts: u32) -> Self {
        self.max_attempts = max_attempts.max(1);
        self
    }

    /// Sets the base of the exponential backoff; at most [`MAX_BACKOFF_LIMIT`].
    pub fn with_initial_backoff(mut self, initial_backoff: Duration) -> Self {
        self.initial_backoff = initial_backoff.min(MAX_BACKOFF_LIMIT);
        self
    }

    /// Sets the longest wait between attempts (server hints included); at
    /// most [`MAX_BACKOFF_LIMIT`], longer values count as that limit.
    pub fn with_max_backoff(mut self, max_backoff: Duration) -> Self {
        self.max_backoff = max_backoff.min(MAX_BACKOFF_LIMIT);
        self
    }

    /// Turns the client-wide retry quota on or off.
    pub fn with_retry_quota(mut self, enabled: bool) -> Self {
        self.quota = enabled;
        self
    }

    /// The total number of attempts.
    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The base of the exponential backoff.
    pub fn initial_backoff(&self) -> Duration {
        self.initial_backoff
    }

    /// The longest wait between attempts.
    pub fn max_backoff(&self) -> Duration {
        self.max_backoff
    }

    /// Whether the retry quota applies.
    pub fn retry_quota(&self) -> bool {
        self.quota
    }
}
