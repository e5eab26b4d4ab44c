//! The CloudFormation `DescribeStacks` waiters against a server on
//! 127.0.0.1 (awsQuery: form-encoded requests, XML responses): a waiter
//! that succeeds after a few polls, one that stops on a failure acceptor
//! (the error names it), one that runs out of time, and one whose error no
//! acceptor expects. The client's clock and sleep are the runtime's
//! test doubles, so every delay is checked and none is waited.
//!
//! `tests/tests/waiters.rs` compiles this file in a scratch workspace next to
//! the generated `cloudformation` crate; `wire_support` is the workspace's
//! wire-test helpers (`tests/src/server.rs`).

use std::time::{Duration, SystemTime};

use cloudformation::client::Waiters;
use cloudformation::config::Credentials;
use cloudformation::config::retry::RetryConfig;
use cloudformation::error::SdkError;
use cloudformation::test_util::{InstantSleep, instant_time_and_sleep};
use cloudformation::waiters::error::WaiterError;
use cloudformation::{Client, Config};
use wire_support::server::{Reply, Server};

/// No retries, so each scripted reply answers exactly one poll; the clock
/// moves only when the waiter sleeps.
fn client(server: &Server) -> (Client, InstantSleep) {
    let (clock, sleep) = instant_time_and_sleep(SystemTime::UNIX_EPOCH);
    let config = Config::builder()
        .region("us-east-1")
        .credentials_provider(Credentials::new("AKIDEXAMPLE", "SECRET", None))
        .endpoint_url(&server.url)
        .retry_config(RetryConfig::disabled())
        .sleep_impl(sleep.clone())
        .time_source(clock)
        .build();
    (Client::from_conf(config), sleep)
}

fn xml(status: u16, body: String) -> Reply {
    Reply::Respond { status, headers: vec![("content-type".into(), "text/xml".into())], body }
}

/// A `DescribeStacks` response listing stacks in these states.
fn stacks(states: &[&str]) -> Reply {
    let members: String = states
        .iter()
        .enumerate()
        .map(|(i, state)| {
            format!(
                "<member><StackName>s{i}</StackName><CreationTime>2024-01-01T00:00:00Z</CreationTime>\
                 <StackStatus>{state}</StackStatus></member>"
            )
        })
        .collect();
    xml(
        200,
        format!(
            "<DescribeStacksResponse xmlns=\"http://cloudformation.amazonaws.com/doc/2010-05-15/\">\
             <DescribeStacksResult><Stacks>{members}</Stacks></DescribeStacksResult>\
             <ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></DescribeStacksResponse>"
        ),
    )
}

/// An awsQuery error response with this code.
fn error(code: &str) -> Reply {
    xml(
        400,
        format!(
            "<ErrorResponse><Error><Type>Sender</Type><Code>{code}</Code><Message>no stack</Message></Error>\
             <RequestId>r</RequestId></ErrorResponse>"
        ),
    )
}

#[tokio::test]
async fn stack_exists_retries_on_its_error_and_succeeds_on_success() {
    // `StackExists`: `success: true` succeeds, `errorType: ValidationError` retries.
    let server = Server::start(vec![error("ValidationError"), error("ValidationError"), stacks(&["CREATE_IN_PROGRESS"])]).await;
    let (client, sleep) = client(&server);
    let done = client.wait_until_stack_exists().stack_name("s0").wait(Duration::from_secs(300)).await;
    let output = done.expect("the stack exists").into_result().expect("an output");
    assert_eq!(output.stacks().len(), 1);
    let requests = server.received();
    assert_eq!(requests.len(), 3, "three polls");
    for request in &requests {
        let body = String::from_utf8_lossy(&request.body);
        assert!(body.contains("Action=DescribeStacks") && body.contains("StackName=s0"), "{body}");
    }
    // minDelay 5: the first delay is 5 s, the second between 5 and 10 s.
    let delays = sleep.logs();
    assert_eq!(delays.len(), 2, "{delays:?}");
    assert_eq!(delays[0], Duration::from_secs(5));
    assert!(delays[1] >= Duration::from_secs(5) && delays[1] <= Duration::from_secs(10), "{delays:?}");
}

#[tokio::test]
async fn stack_create_complete_waits_for_every_stack_through_the_projection() {
    let server = Server::start(vec![
        stacks(&["CREATE_IN_PROGRESS"]),
        stacks(&["CREATE_COMPLETE", "CREATE_IN_PROGRESS"]),
        stacks(&["CREATE_COMPLETE", "CREATE_COMPLETE"]),
    ])
    .await;
    let (client, sleep) = client(&server);
    let done = client.wait_until_stack_create_complete().wait(Duration::from_secs(3600)).await;
    let output = done.expect("complete").into_result().expect("an output");
    assert_eq!(output.stacks().len(), 2);
    assert_eq!(server.received().len(), 3);
    assert_eq!(sleep.logs()[0], Duration::from_secs(30), "minDelay 30");
}

#[tokio::test]
async fn a_failure_acceptor_stops_the_waiter_and_is_named() {
    let server = Server::start(vec![stacks(&["CREATE_IN_PROGRESS"]), stacks(&["CREATE_COMPLETE", "ROLLBACK_COMPLETE"])]).await;
    let (client, _) = client(&server);
    let error = client.wait_until_stack_create_complete().wait(Duration::from_secs(3600)).await.expect_err("failure");
    let message = error.to_string();
    assert!(message.contains("`output` path `Stacks[].StackStatus` anyStringEquals `ROLLBACK_COMPLETE`"), "{message}");
    let WaiterError::FailureState(failure) = error else { panic!("a failure state: {error:?}") };
    assert!(failure.final_poll().as_result().is_ok(), "the failing poll's output is kept");
    assert_eq!(server.received().len(), 2);
}

#[tokio::test]
async fn an_error_type_failure_acceptor_keeps_the_service_error() {
    let server = Server::start(vec![error("ValidationError")]).await;
    let (client, _) = client(&server);
    let error = client.wait_until_stack_create_complete().wait(Duration::from_secs(3600)).await.expect_err("failure");
    let WaiterError::FailureState(failure) = error else { panic!("a failure state: {error:?}") };
    assert_eq!(failure.acceptor(), "`errorType: ValidationError`");
    let Err(SdkError::ServiceError(service)) = failure.into_final_poll().into_result() else { panic!("the error") };
    assert_eq!(service.raw().status(), 400);
}

#[tokio::test]
async fn the_maximum_wait_elapses_and_says_so() {
    let server = Server::start(vec![stacks(&["CREATE_IN_PROGRESS"]); 16]).await;
    let (client, sleep) = client(&server);
    let error = client.wait_until_stack_create_complete().wait(Duration::from_secs(200)).await.expect_err("timeout");
    let message = error.to_string();
    assert!(message.contains("maximum wait of 200s elapsed"), "{message}");
    let WaiterError::ExceededMaxWait(exceeded) = error else { panic!("exceeded: {error:?}") };
    assert_eq!(exceeded.elapsed(), Duration::from_secs(200));
    assert_eq!(sleep.total_duration(), Duration::from_secs(200), "the last poll falls at the end of the wait");
    assert_eq!(exceeded.poll_count() as usize, server.received().len());
    assert_eq!(exceeded.poll_count() as usize, sleep.logs().len() + 1);
}

#[tokio::test]
async fn an_error_no_acceptor_expects_ends_the_wait() {
    let server = Server::start(vec![stacks(&["CREATE_IN_PROGRESS"]), error("AccessDenied")]).await;
    let (client, _) = client(&server);
    let error = client.wait_until_stack_create_complete().wait(Duration::from_secs(3600)).await.expect_err("failure");
    let WaiterError::OperationFailed(failed) = error else { panic!("operation failed: {error:?}") };
    assert_eq!(failed.error().code(), Some("AccessDenied"));
}

#[tokio::test]
async fn success_on_the_first_poll_waits_for_nothing() {
    let server = Server::start(vec![stacks(&["CREATE_COMPLETE"])]).await;
    let (client, sleep) = client(&server);
    let done = client.wait_until_stack_create_complete().stack_name("a").wait(Duration::from_secs(60)).await;
    assert!(done.is_ok(), "{done:?}");
    assert!(sleep.logs().is_empty());
    let body = String::from_utf8_lossy(&server.received()[0].body).into_owned();
    assert!(body.contains("StackName=a"), "{body}");
}
