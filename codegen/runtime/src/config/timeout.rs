//! Timeout settings.

use std::time::Duration;

/// How long connecting, one attempt and a whole operation may take.
///
/// A limit too long to count down (up to `Duration::MAX`) means no limit.
///
/// Defaults: 3.1 s to connect, 30 s per attempt (sending the request and
/// reading the whole response), no limit on the operation as a whole
/// (attempts and the waits between them).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimeoutConfig {
    connect_timeout: Option<Duration>,
    operation_attempt_timeout: Option<Duration>,
    operation_timeout: Option<Duration>,
}

impl Default for TimeoutConfig {
    fn default() -> Self {
        TimeoutConfig {
            connect_timeout: Some(Duration::from_millis(3100)),
            operation_attempt_timeout: Some(Duration::from_secs(30)),
            operation_timeout: None,
        }
    }
}

impl TimeoutConfig {
    /// A builder starting from the defaults.
    pub fn builder() -> TimeoutConfigBuilder {
        TimeoutConfigBuilder { inner: TimeoutConfig::default() }
    }

    /// No timeouts at all: the built-in HTTP client made for this
    /// configuration has no connect timeout either.
    pub fn disabled() -> Self {
        TimeoutConfig { connect_timeout: None, operation_attempt_timeout: None, operation_timeout: None }
    }

    /// Time allowed to establish a connection (used by the default HTTP client).
    pub fn connect_timeout(&self) -> Option<Duration> {
        self.connect_timeout
    }

    /// Time allowed for one attempt.
    pub fn operation_attempt_timeout(&self) -> Option<Duration> {
        self.operation_attempt_timeout
    }

    /// Time allowed for the whole operation, retries included.
    pub fn operation_timeout(&self) -> Option<Duration> {
        self.operation_timeout
    }
}

/// Builds a [`TimeoutConfig`].
#[derive(Clone, Debug)]
pub struct TimeoutConfigBuilder {
    inner: TimeoutConfig,
}

impl TimeoutConfigBuilder {
    /// Sets the connect timeout.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.inner.connect_timeout = Some(timeout);
        self
    }

    /// Sets the per-attempt timeout.
    pub fn operation_attempt_timeout(mut self, timeout: Duration) -> Self {
        self.inner.operation_attempt_timeout = Some(timeout);
        self
    }

    /// Sets the whole-operation timeout.
    pub fn operation_timeout(mut self, timeout: Duration) -> Self {
        self.inner.operation_timeout = Some(timeout);
        self
    }

    /// Sets or clears the connect timeout.
    pub fn set_connect_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.inner.connect_timeout = timeout;
        self
    }

    /// Sets or clears the per-attempt timeout.
    pub fn set_operation_attempt_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.inner.operation_attempt_timeout = timeout;
        self
    }

    /// Sets or clears the whole-operation timeout.
    pub fn set_operation_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.inner.operation_timeout = timeout;
        self
    }

    /// Builds the configuration.
    pub fn build(self) -> TimeoutConfig {
        self.inner
    }
}
