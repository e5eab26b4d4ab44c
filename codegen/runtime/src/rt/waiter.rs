//! The waiter loop of `smithy.waiters#waitable`: poll the operation, match
//! the result against the waiter's acceptors in order, and retry with the
//! specification's jittered exponential backoff until an acceptor reaches a
//! terminal state or the maximum wait elapses.
//!
//! A generated waiter hands [`wait`] its acceptors as a static table, a
//! function building the JMESPath view of an output (only the members its
//! expressions read) and the operation's call. The clock and the sleep come
//! from the client's configuration (`Config::time_source`,
//! `Config::sleep_impl`), so tests check the delays without waiting.

use std::future::Future;
use std::pin::Pin;
use std::time::{Duration, SystemTime};

use super::jmespath::{self, Value};
use crate::config::{AsyncSleep, Config, TimeSource};
use crate::error::{ProvideErrorMetadata, SdkError};
use crate::waiters::FinalPoll;
use crate::waiters::error::{ExceededMaxWait, FailureState, OperationFailed, WaiterError};

/// The state an acceptor moves the waiter to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// Stop: the resource reached the desired state.
    Success,
    /// Stop: the resource will never reach it.
    Failure,
    /// Poll again.
    Retry,
}

/// How an output or input-output matcher compares its expression's result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Comparator {
    /// A string equal to the expected one.
    StringEquals,
    /// A boolean equal to the expected one (`"true"` or `"false"`).
    BooleanEquals,
    /// A non-empty array of strings, each equal to the expected one.
    AllStringEquals,
    /// An array with at least one string equal to the expected one.
    AnyStringEquals,
}

impl Comparator {
    fn name(self) -> &'static str {
        match self {
            Comparator::StringEquals => "stringEquals",
            Comparator::BooleanEquals => "booleanEquals",
            Comparator::AllStringEquals => "allStringEquals",
            Comparator::AnyStringEquals => "anyStringEquals",
        }
    }

    /// Whether `value` matches `expected` under this comparator.
    pub fn matches(self, value: &Value, expected: &str) -> bool {
        let is_expected = |v: &Value| matches!(v, Value::String(s) if s == expected);
        match (self, value) {
            (Comparator::StringEquals, v) => is_expected(v),
            (Comparator::BooleanEquals, Value::Bool(b)) => expected == if *b { "true" } else { "false" },
            (Comparator::AllStringEquals, Value::Array(items)) => !items.is_empty() && items.iter().all(is_expected),
            (Comparator::AnyStringEquals, Value::Array(items)) => items.iter().any(is_expected),
            _ => false,
        }
    }
}

/// What an acceptor tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Matcher {
    /// `success: true` matches any output, `success: false` any error.
    Success(bool),
    /// An error with this code.
    ErrorType(&'static str),
    /// A JMESPath expression on the output.
    Output { path: &'static str, comparator: Comparator, expected: &'static str },
    /// A JMESPath expression on `{"input": …, "output": …}`.
    InputOutput { path: &'static str, comparator: Comparator, expected: &'static str },
}

/// One acceptor: a matcher and the state it moves the waiter to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Acceptor {
    pub state: State,
    pub matcher: Matcher,
}

impl Acceptor {
    /// `success: expected`.
    pub const fn success(state: State, expected: bool) -> Acceptor {
        Acceptor { state, matcher: Matcher::Success(expected) }
    }

    /// `errorType: code`.
    pub const fn error_type(state: State, code: &'static str) -> Acceptor {
        Acceptor { state, matcher: Matcher::ErrorType(code) }
    }

    /// `output: {path, comparator, expected}`.
    pub const fn output(state: State, path: &'static str, comparator: Comparator, expected: &'static str) -> Acceptor {
        Acceptor { state, matcher: Matcher::Output { path, comparator, expected } }
    }

    /// `inputOutput: {path, comparator, expected}`.
    pub const fn input_output(
        state: State,
        path: &'static str,
        comparator: Comparator,
        expected: &'static str,
    ) -> Acceptor {
        Acceptor { state, matcher: Matcher::InputOutput { path, comparator, expected } }
    }

    /// The acceptor as the model writes it, for error messages.
    pub fn describe(&self) -> String {
        match self.matcher {
            Matcher::Success(true) => "`success: true`".to_owned(),
            Matcher::Success(false) => "`success: false`".to_owned(),
            Matcher::ErrorType(code) => format!("`errorType: {code}`"),
            Matcher::Output { path, comparator, expected } => {
                format!("`output` path `{path}` {} `{expected}`", comparator.name())
            }
            Matcher::InputOutput { path, comparator, expected } => {
                format!("`inputOutput` path `{path}` {} `{expected}`", comparator.name())
            }
        }
    }
}

/// A waiter: its name, its delays and its acceptors, in the model's order.
#[derive(Debug)]
pub struct Waiter<I, O> {
    pub name: &'static str,
    /// Seconds; the model's `minDelay` (default 2).
    pub min_delay: u64,
    /// Seconds; the model's `maxDelay` (default 120).
    pub max_delay: u64,
    pub acceptors: &'static [Acceptor],
    /// The view of an output that `output` matchers search.
    pub output_view: fn(&O) -> Value,
    /// The view of an input and output that `inputOutput` matchers search.
    pub input_output_view: fn(&I, &O) -> Value,
}

/// The boxed future of one poll.
pub type PollFuture<O, E> = Pin<Box<dyn Future<Output = Result<O, SdkError<E>>> + Send>>;

impl<I, O> Waiter<I, O> {
    /// The first acceptor matching a poll's result, in the model's order.
    fn classify<E: ProvideErrorMetadata>(&self, input: &I, result: &Result<O, SdkError<E>>) -> Option<&Acceptor> {
        let mut output_view = None;
        let mut input_output_view = None;
        self.acceptors.iter().find(|acceptor| match (acceptor.matcher, result) {
            (Matcher::Success(expected), result) => result.is_ok() == expected,
            (Matcher::ErrorType(code), Err(error)) => error.code() == Some(code),
            (Matcher::Output { path, comparator, expected }, Ok(output)) => {
                let view = output_view.get_or_insert_with(|| (self.output_view)(output));
                comparator.matches(&jmespath::search_text(path, view), expected)
            }
            (Matcher::InputOutput { path, comparator, expected }, Ok(output)) => {
                let view = input_output_view.get_or_insert_with(|| (self.input_output_view)(input, output));
                comparator.matches(&jmespath::search_text(path, view), expected)
            }
            _ => false,
        })
    }
}

/// Polls with `poll` until an acceptor of `waiter` reaches a terminal state,
/// a poll fails with an error no acceptor matches, or `max_wait` elapses.
pub async fn wait<I, O, E>(
    waiter: &Waiter<I, O>,
    config: &Config,
    max_wait: Duration,
    input: I,
    poll: impl Fn(I) -> PollFuture<O, E>,
) -> Result<FinalPoll<O, SdkError<E>>, WaiterError<O, E>>
where
    I: Clone,
    E: ProvideErrorMetadata,
{
    let clock = config.time_source();
    let sleep = config.sleep_impl();
    let start = clock.now();
    let mut backoff = Backoff::new(waiter.min_delay, waiter.max_delay, max_wait);
    let mut polls = 0u32;
    loop {
        let result = poll(input.clone()).await;
        polls = polls.saturating_add(1);
        match waiter.classify(&input, &result) {
            Some(acceptor) if acceptor.state == State::Success => return Ok(FinalPoll::new(result)),
            Some(acceptor) if acceptor.state == State::Failure => {
                let failure = FailureState::new(FinalPoll::new(result), acceptor.describe());
                return Err(WaiterError::FailureState(failure));
            }
            Some(_) => {}
            None => {
                if let Err(error) = result {
                    return Err(WaiterError::OperationFailed(OperationFailed::new(error)));
                }
            }
        }
        let elapsed = elapsed_since(&clock, start);
        match backoff.next_delay(elapsed, super::uuid::random_unit()) {
            Some(delay) => sleep.sleep(delay).await,
            None => return Err(WaiterError::ExceededMaxWait(ExceededMaxWait::new(max_wait, elapsed, polls))),
        }
    }
}

fn elapsed_since(clock: &impl TimeSource, start: SystemTime) -> Duration {
    clock.now().duration_since(start).unwrap_or_default()
}

/// The specification's delays: attempt `n` waits a random time between
/// `minDelay` and `min(maxDelay, minDelay·2^(n-1))`, and the last attempt is
/// placed so that it falls within the maximum wait.
#[derive(Debug)]
pub struct Backoff {
    min_delay: Duration,
    max_delay: Duration,
    max_wait: Duration,
    /// Retries so far.
    attempt: u32,
    /// The delays past which doubling reaches `max_delay`.
    attempt_ceiling: u32,
}

impl Backoff {
    /// Delays for a waiter with these bounds (in seconds; `min_delay` at
    /// least 1, `max_delay` at least `min_delay`) and this maximum wait.
    pub fn new(min_delay: u64, max_delay: u64, max_wait: Duration) -> Self {
        let min = min_delay.max(1);
        let max = max_delay.max(min);
        let attempt_ceiling = ((max as f64 / min as f64).ln() / 2f64.ln()) as u32 + 1;
        Backoff {
            min_delay: Duration::from_secs(min),
            max_delay: Duration::from_secs(max),
            max_wait,
            attempt: 0,
            attempt_ceiling,
        }
    }

    /// The delay before the next poll, `elapsed` into the wait, with `unit`
    /// a random number in `[0, 1)`; `None` when the maximum wait has elapsed.
    pub fn next_delay(&mut self, elapsed: Duration, unit: f64) -> Option<Duration> {
        let remaining = self.max_wait.checked_sub(elapsed).filter(|r| !r.is_zero())?;
        self.attempt = self.attempt.saturating_add(1);
        let ceiling = if self.attempt > self.attempt_ceiling {
            self.max_delay
        } else {
            self.min_delay.saturating_mul(1 << (self.attempt - 1).min(31)).min(self.max_delay)
        };
        let spread = ceiling.saturating_sub(self.min_delay);
        let delay = self.min_delay + spread.mul_f64(unit.clamp(0.0, 1.0));
        if remaining.saturating_sub(delay) <= self.min_delay {
            // One last poll at the end of the wait rather than a wait that
            // would end past it.
            return Some(remaining);
        }
        Some(delay)
    }
}

#[cfg(test)]
mod tests;
