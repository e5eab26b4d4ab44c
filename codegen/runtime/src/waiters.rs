//! What waiters return: [`FinalPoll`], the last poll of a waiter that
//! reached its success state, and [`error::WaiterError`], why one stopped
//! without reaching it. Generated crates re-export both as `waiters::*`.

use std::fmt;

/// The result of the last poll a waiter made.
#[derive(Debug)]
pub struct FinalPoll<O, E> {
    result: Result<O, E>,
}

impl<O, E> FinalPoll<O, E> {
    /// Wraps one poll's result.
    pub fn new(result: Result<O, E>) -> Self {
        FinalPoll { result }
    }

    /// The poll's result: the operation's output, or its error (a waiter
    /// may succeed on an error, e.g. a `NotFound` when waiting for deletion).
    pub fn into_result(self) -> Result<O, E> {
        self.result
    }

    /// The poll's result, borrowed.
    pub fn as_result(&self) -> Result<&O, &E> {
        self.result.as_ref()
    }
}

/// Why a waiter stopped without reaching its success state.
pub mod error {
    use std::error::Error as StdError;
    use std::fmt;
    use std::time::Duration;

    use super::FinalPoll;
    use crate::error::{BoxError, ConstructionFailure, SdkError};

    /// A waiter stopped without reaching its success state.
    #[derive(Debug)]
    #[non_exhaustive]
    pub enum WaiterError<O, E> {
        /// The operation's input could not be built.
        ConstructionFailure(ConstructionFailure),
        /// The maximum wait time elapsed first.
        ExceededMaxWait(ExceededMaxWait),
        /// An acceptor of the waiter matched a failure state.
        FailureState(FailureState<O, E>),
        /// A poll failed with an error no acceptor matched.
        OperationFailed(OperationFailed<E>),
    }

    impl<O, E> WaiterError<O, E> {
        /// The input could not be built.
        pub fn construction_failure(source: impl Into<BoxError>) -> Self {
            WaiterError::ConstructionFailure(ConstructionFailure::new(source))
        }
    }

    /// See [`WaiterError::ExceededMaxWait`].
    #[derive(Debug)]
    pub struct ExceededMaxWait {
        max_wait: Duration,
        elapsed: Duration,
        poll_count: u32,
    }

    impl ExceededMaxWait {
        /// The context of a waiter that ran out of time.
        pub fn new(max_wait: Duration, elapsed: Duration, poll_count: u32) -> Self {
            ExceededMaxWait { max_wait, elapsed, poll_count }
        }

        /// The maximum wait the caller gave.
        pub fn max_wait(&self) -> Duration {
            self.max_wait
        }

        /// The time that had elapsed when the waiter stopped.
        pub fn elapsed(&self) -> Duration {
            self.elapsed
        }

        /// How many polls were made.
        pub fn poll_count(&self) -> u32 {
            self.poll_count
        }
    }

    /// See [`WaiterError::FailureState`].
    #[derive(Debug)]
    pub struct FailureState<O, E> {
        final_poll: FinalPoll<O, SdkError<E>>,
        acceptor: String,
    }

    impl<O, E> FailureState<O, E> {
        /// The context of a waiter that reached a failure state through the
        /// acceptor described by `acceptor`.
        pub fn new(final_poll: FinalPoll<O, SdkError<E>>, acceptor: impl Into<String>) -> Self {
            FailureState { final_poll, acceptor: acceptor.into() }
        }

        /// The poll that matched the failure acceptor.
        pub fn final_poll(&self) -> &FinalPoll<O, SdkError<E>> {
            &self.final_poll
        }

        /// The poll that matched the failure acceptor, owned.
        pub fn into_final_poll(self) -> FinalPoll<O, SdkError<E>> {
            self.final_poll
        }

        /// The acceptor that matched, as the model writes it, e.g.
        /// ``output path `Stacks[].StackStatus` anyStringEquals `CREATE_FAILED` ``.
        pub fn acceptor(&self) -> &str {
            &self.acceptor
        }
    }

    /// See [`WaiterError::OperationFailed`].
    #[derive(Debug)]
    pub struct OperationFailed<E> {
        source: SdkError<E>,
    }

    impl<E> OperationFailed<E> {
        /// The context of a poll that failed unexpectedly.
        pub fn new(source: SdkError<E>) -> Self {
            OperationFailed { source }
        }

        /// The poll's error.
        pub fn error(&self) -> &SdkError<E> {
            &self.source
        }

        /// The poll's error, owned.
        pub fn into_error(self) -> SdkError<E> {
            self.source
        }
    }

    impl<O, E: fmt::Display> fmt::Display for WaiterError<O, E> {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            match self {
                WaiterError::ConstructionFailure(e) => write!(f, "failed to construct the request: {}", e.source()),
                WaiterError::ExceededMaxWait(e) => write!(
                    f,
                    "the maximum wait of {:?} elapsed after {} poll(s) ({:?}) without reaching the success state",
                    e.max_wait, e.poll_count, e.elapsed
                ),
                WaiterError::FailureState(e) => {
                    write!(f, "the waiter reached a failure state: the acceptor {} matched", e.acceptor)
                }
                WaiterError::OperationFailed(e) => {
                    write!(f, "a poll failed with an error no acceptor expects: {}", e.source)
                }
            }
        }
    }

    impl<O: fmt::Debug, E: StdError + 'static> StdError for WaiterError<O, E> {
        fn source(&self) -> Option<&(dyn StdError + 'static)> {
            match self {
                WaiterError::ConstructionFailure(e) => Some(e.source().as_ref()),
                WaiterError::OperationFailed(e) => Some(&e.source),
                WaiterError::FailureState(e) => match e.final_poll.as_result() {
                    Err(error) => Some(error),
                    Ok(_) => None,
                },
                WaiterError::ExceededMaxWait(_) => None,
            }
        }
    }
}

impl<O, E: fmt::Display> fmt::Display for FinalPoll<O, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.result {
            Ok(_) => f.write_str("the final poll succeeded"),
            Err(e) => write!(f, "the final poll failed: {e}"),
        }
    }
}
