// The views take `&I` and `&O` as the waiter table's function pointers do,
// with I = String and O = Vec<&str> here; the scripted polls return the
// operation's real `SdkError`, large as it is.
#![allow(clippy::ptr_arg, clippy::result_large_err)]

use std::sync::{Arc, Mutex};

use super::*;
use crate::error::ErrorMetadata;
use crate::http::HttpResponse;

#[test]
fn comparators_follow_the_specification() {
    let s = |v: &str| Value::String(v.to_owned());
    let cases = [
        (Comparator::StringEquals, s("a"), "a", true),
        (Comparator::StringEquals, s("b"), "a", false),
        (Comparator::StringEquals, Value::Array(vec![s("a")]), "a", false),
        (Comparator::StringEquals, Value::Null, "a", false),
        (Comparator::BooleanEquals, Value::Bool(true), "true", true),
        (Comparator::BooleanEquals, Value::Bool(false), "false", true),
        (Comparator::BooleanEquals, Value::Bool(false), "true", false),
        (Comparator::BooleanEquals, s("true"), "true", false),
        (Comparator::AllStringEquals, Value::Array(vec![s("a"), s("a")]), "a", true),
        (Comparator::AllStringEquals, Value::Array(vec![s("a"), s("b")]), "a", false),
        (Comparator::AllStringEquals, Value::Array(vec![]), "a", false),
        (Comparator::AllStringEquals, s("a"), "a", false),
        (Comparator::AnyStringEquals, Value::Array(vec![s("b"), s("a")]), "a", true),
        (Comparator::AnyStringEquals, Value::Array(vec![]), "a", false),
        (Comparator::AnyStringEquals, Value::Array(vec![Value::Null, s("c")]), "a", false),
    ];
    for (comparator, value, expected, matches) in cases {
        assert_eq!(comparator.matches(&value, expected), matches, "{comparator:?} {value:?} {expected}");
    }
}

fn delays(backoff: &mut Backoff, unit: f64, waited_per_poll: Duration) -> Vec<u64> {
    let mut elapsed = Duration::ZERO;
    let mut out = Vec::new();
    while let Some(delay) = backoff.next_delay(elapsed, unit) {
        out.push(delay.as_secs());
        elapsed += delay + waited_per_poll;
        assert!(out.len() < 1000, "the delays end");
    }
    out
}

#[test]
fn backoff_doubles_from_min_delay_up_to_max_delay_at_the_top_of_its_jitter() {
    let mut backoff = Backoff::new(2, 120, Duration::from_secs(3600));
    let got = delays(&mut backoff, 1.0, Duration::ZERO);
    assert_eq!(&got[..9], &[2, 4, 8, 16, 32, 64, 120, 120, 120]);
    assert_eq!(got.iter().sum::<u64>(), 3600, "the last poll falls at the end of the wait: {got:?}");
}

#[test]
fn backoff_stays_at_min_delay_at_the_bottom_of_its_jitter() {
    let mut backoff = Backoff::new(5, 30, Duration::from_secs(60));
    // 5, 5, ... while more than minDelay is left after the delay; then the rest.
    assert_eq!(delays(&mut backoff, 0.0, Duration::ZERO), vec![5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 10]);
}

#[test]
fn backoff_jitters_between_min_delay_and_the_exponential_ceiling() {
    let mut backoff = Backoff::new(2, 120, Duration::from_secs(300));
    let first = backoff.next_delay(Duration::ZERO, 0.5).expect("a delay");
    assert_eq!(first, Duration::from_secs(2), "the first delay is always minDelay");
    let third = {
        backoff.next_delay(Duration::from_secs(2), 0.5);
        backoff.next_delay(Duration::from_secs(5), 0.5).expect("a delay")
    };
    // Between 2 and 8 seconds: halfway is 5.
    assert_eq!(third, Duration::from_secs(5));
}

#[test]
fn backoff_ends_when_the_wait_is_over_and_never_overshoots_it() {
    let mut backoff = Backoff::new(2, 120, Duration::from_secs(10));
    assert_eq!(backoff.next_delay(Duration::from_secs(10), 0.5), None);
    assert_eq!(backoff.next_delay(Duration::from_secs(11), 0.5), None);
    let mut backoff = Backoff::new(2, 120, Duration::from_secs(3));
    assert_eq!(backoff.next_delay(Duration::ZERO, 1.0), Some(Duration::from_secs(3)), "one last poll at the end");
    let mut backoff = Backoff::new(2, 120, Duration::from_secs(300));
    // Polls that take time count against the wait.
    let got = delays(&mut backoff, 1.0, Duration::from_secs(7));
    let total: u64 = got.iter().sum::<u64>() + 7 * got.len() as u64;
    assert!(total <= 300 + 7, "{got:?}");
}

#[test]
fn backoff_accepts_equal_and_degenerate_bounds() {
    let mut linear = Backoff::new(10, 10, Duration::from_secs(45));
    assert_eq!(delays(&mut linear, 0.7, Duration::ZERO), vec![10, 10, 10, 15]);
    let mut zero = Backoff::new(0, 0, Duration::from_secs(3));
    assert_eq!(delays(&mut zero, 0.7, Duration::ZERO), vec![1, 2], "a minDelay of 0 counts as 1");
}

/// A clock moved only by the sleeps, which return at once.
#[derive(Debug, Clone)]
struct Instant(Arc<Mutex<Vec<Duration>>>);

impl AsyncSleep for Instant {
    fn sleep(&self, duration: Duration) -> crate::config::Sleep {
        self.0.lock().expect("lock").push(duration);
        Box::pin(async {})
    }
}

impl TimeSource for Instant {
    fn now(&self) -> SystemTime {
        SystemTime::UNIX_EPOCH + self.0.lock().expect("lock").iter().sum::<Duration>()
    }
}

#[derive(Debug)]
struct Error(ErrorMetadata);

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}", self.0.code())
    }
}

impl ProvideErrorMetadata for Error {
    fn meta(&self) -> &ErrorMetadata {
        &self.0
    }
}

fn service_error(code: &str) -> SdkError<Error> {
    SdkError::service_error(Error(ErrorMetadata::builder().code(code).build()), HttpResponse::new(400, vec![], vec![]))
}

static ACCEPTORS: &[Acceptor] = &[
    Acceptor {
        state: State::Success,
        matcher: Matcher::Output { path: "Things[].State", comparator: Comparator::AllStringEquals, expected: "READY" },
    },
    Acceptor {
        state: State::Failure,
        matcher: Matcher::Output {
            path: "Things[].State",
            comparator: Comparator::AnyStringEquals,
            expected: "FAILED",
        },
    },
    Acceptor {
        state: State::Success,
        matcher: Matcher::InputOutput {
            path: "input == output.Name",
            comparator: Comparator::BooleanEquals,
            expected: "true",
        },
    },
    Acceptor { state: State::Retry, matcher: Matcher::ErrorType("NotYet") },
    Acceptor { state: State::Failure, matcher: Matcher::ErrorType("Gone") },
];

/// The outputs are lists of thing states.
fn view(output: &Vec<&'static str>) -> Value {
    Value::object([("Things", Value::list(output, |s| Value::object([("State", Value::str(s))])))])
}

fn input_output_view(input: &String, output: &Vec<&'static str>) -> Value {
    Value::object([
        ("input", Value::str(input)),
        ("output", Value::object([("Name", Value::str(output.join("+").as_str()))])),
    ])
}

static WAITER: Waiter<String, Vec<&'static str>> = Waiter {
    name: "ThingReady",
    min_delay: 2,
    max_delay: 120,
    acceptors: ACCEPTORS,
    output_view: view,
    input_output_view,
};

/// One scripted poll's result.
type Poll = fn() -> Result<Vec<&'static str>, SdkError<Error>>;
/// What the waiter came to.
type WaitResult = Result<FinalPoll<Vec<&'static str>, SdkError<Error>>, WaiterError<Vec<&'static str>, Error>>;

/// Waits with the scripted poll results (the last one repeats), returning
/// the result, the delays slept and the number of polls made.
async fn run(input: &str, max_wait: u64, script: Vec<Poll>) -> (WaitResult, Vec<Duration>, usize) {
    let clock = Instant(Arc::new(Mutex::new(Vec::new())));
    let config = Config::builder().sleep_impl(clock.clone()).time_source(clock.clone()).build();
    let count = Arc::new(Mutex::new(0usize));
    let script: Arc<Vec<_>> = Arc::new(script);
    let result = {
        let count = Arc::clone(&count);
        wait(&WAITER, &config, Duration::from_secs(max_wait), input.to_owned(), move |_input| {
            let mut n = count.lock().expect("lock");
            let next = script[(*n).min(script.len() - 1)];
            *n += 1;
            Box::pin(async move { next() })
        })
        .await
    };
    let delays = clock.0.lock().expect("lock").clone();
    let polls = *count.lock().expect("lock");
    (result, delays, polls)
}

#[tokio::test]
async fn succeeds_after_retries_with_the_backoff_between_polls() {
    let (result, delays, polls) = run(
        "x",
        600,
        vec![|| Err(service_error("NotYet")), || Ok(vec!["PENDING", "READY"]), || Ok(vec!["READY", "READY"])],
    )
    .await;
    let output = result.expect("success").into_result().expect("an output");
    assert_eq!(output, vec!["READY", "READY"]);
    assert_eq!(polls, 3);
    assert_eq!(delays.len(), 2);
    assert_eq!(delays[0], Duration::from_secs(2), "the first delay is minDelay");
    assert!(delays[1] >= Duration::from_secs(2) && delays[1] <= Duration::from_secs(4), "{delays:?}");
}

#[tokio::test]
async fn an_output_failure_acceptor_stops_with_the_acceptor_named() {
    let (result, delays, polls) = run("x", 600, vec![|| Ok(vec!["PENDING"]), || Ok(vec!["READY", "FAILED"])]).await;
    let Err(WaiterError::FailureState(failure)) = result else { panic!("a failure state: {result:?}") };
    assert_eq!(failure.acceptor(), "`output` path `Things[].State` anyStringEquals `FAILED`");
    assert!(failure.final_poll().as_result().is_ok());
    assert_eq!((polls, delays.len()), (2, 1));
    let message = WaiterError::FailureState(failure).to_string();
    assert!(message.contains("failure state") && message.contains("anyStringEquals `FAILED`"), "{message}");
}

#[tokio::test]
async fn an_error_type_failure_acceptor_keeps_the_error() {
    let (result, _, polls) = run("x", 600, vec![|| Err(service_error("Gone"))]).await;
    let Err(WaiterError::FailureState(failure)) = result else { panic!("a failure state: {result:?}") };
    assert_eq!(failure.acceptor(), "`errorType: Gone`");
    let error = failure.into_final_poll().into_result().expect_err("the error");
    assert_eq!(error.code(), Some("Gone"));
    assert_eq!(polls, 1);
}

#[tokio::test]
async fn an_unexpected_error_stops_at_once() {
    let (result, delays, polls) = run("x", 600, vec![|| Err(service_error("Throttled"))]).await;
    let Err(WaiterError::OperationFailed(failed)) = result else { panic!("operation failed: {result:?}") };
    assert_eq!(failed.error().code(), Some("Throttled"));
    assert_eq!((polls, delays.len()), (1, 0));
}

#[tokio::test]
async fn input_output_matchers_see_the_input() {
    let (result, _, polls) = run("a+b", 600, vec![|| Ok(vec!["a", "b"])]).await;
    assert!(result.is_ok(), "{result:?}");
    assert_eq!(polls, 1);
}

#[tokio::test]
async fn the_maximum_wait_ends_the_waiter_with_the_polls_counted() {
    let (result, delays, polls) = run("x", 20, vec![|| Ok(vec!["PENDING"])]).await;
    let Err(WaiterError::ExceededMaxWait(exceeded)) = result else { panic!("exceeded: {result:?}") };
    assert_eq!(exceeded.max_wait(), Duration::from_secs(20));
    assert_eq!(exceeded.elapsed(), Duration::from_secs(20), "the last poll is at the end of the wait");
    assert_eq!(exceeded.poll_count() as usize, polls);
    assert_eq!(delays.iter().sum::<Duration>(), Duration::from_secs(20));
    assert_eq!(polls, delays.len() + 1);
    let message = WaiterError::<(), Error>::ExceededMaxWait(exceeded).to_string();
    assert!(message.contains("maximum wait of 20s elapsed"), "{message}");
}

#[test]
fn acceptors_describe_themselves_as_the_model_writes_them() {
    let described: Vec<String> = ACCEPTORS.iter().map(Acceptor::describe).collect();
    assert_eq!(
        described,
        [
            "`output` path `Things[].State` allStringEquals `READY`",
            "`output` path `Things[].State` anyStringEquals `FAILED`",
            "`inputOutput` path `input == output.Name` booleanEquals `true`",
            "`errorType: NotYet`",
            "`errorType: Gone`",
        ]
    );
}
