//! The whole Lambda client, generated at test time, against a server on
//! 127.0.0.1: what the service would see of each request (method, raw path
//! and query, headers, body bytes, signature) and how the status, headers,
//! payload and errors come back to the caller.
//!
//! `tests/tests/rest_json_wire.rs` compiles this file in a scratch workspace
//! next to the generated `lambda` crate; `wire_support` is the workspace's
//! `tests/src/server.rs` and `tests/src/signing.rs`.

use lambda::config::Credentials;
use lambda::config::retry::RetryConfig;
use lambda::error::SdkError;
use lambda::operation::invoke::InvokeError;
use lambda::primitives::{Blob, ByteStream, DateTime};
use lambda::types::{ErrorObject, ExecutionStatus, InvocationType, LogType};
use lambda::{Client, Config};
use smithy_client_runtime::rt::sigv4::SignableBody;
use wire_support::server::{Received, Reply, Server};

const ACCESS_KEY: &str = "AKIDEXAMPLE";
const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

/// `START RequestId: 8f5bd4a1 Version: 1\nEND RequestId: 8f5bd4a1\n` in base64.
const LOG: &str = "U1RBUlQgUmVxdWVzdElkOiA4ZjViZDRhMSBWZXJzaW9uOiAxCkVORCBSZXF1ZXN0SWQ6IDhmNWJkNGExCg==";
/// `{"custom":{"tenant":"a b"}}` in base64.
const CLIENT_CONTEXT: &str = "eyJjdXN0b20iOnsidGVuYW50IjoiYSBiIn19";
const FUNCTION_ARN: &str = "arn:aws:lambda:us-east-1:123456789012:function:my-function";

/// No retries: each scripted reply answers exactly one request.
fn client(server: &Server) -> Client {
    Client::from_conf(
        Config::builder()
            .region("us-east-1")
            .credentials_provider(Credentials::new(ACCESS_KEY, SECRET, None))
            .endpoint_url(&server.url)
            .retry_config(RetryConfig::disabled())
            .build(),
    )
}

fn respond(status: u16, headers: &[(&str, &str)], body: &str) -> Reply {
    Reply::Respond {
        status,
        headers: headers.iter().map(|(n, v)| (n.to_string(), v.to_string())).collect(),
        body: body.into(),
    }
}

/// The one request the server received.
fn only_request(server: &Server) -> Received {
    let mut requests = server.received();
    assert_eq!(requests.len(), 1, "one request: {requests:#?}");
    requests.remove(0)
}

/// The request's header names, lower-case and sorted.
fn header_names(r: &Received) -> Vec<String> {
    let mut names: Vec<String> = r.headers.iter().map(|(n, _)| n.to_ascii_lowercase()).collect();
    names.sort();
    names
}

/// `bound` plus the headers every request carries, sorted.
fn expected_names(bound: &[&str]) -> Vec<String> {
    let every = ["amz-sdk-invocation-id", "amz-sdk-request", "authorization", "host", "user-agent", "x-amz-date"];
    let mut names: Vec<String> = every.iter().chain(bound).map(|n| n.to_string()).collect();
    names.sort();
    names
}

/// Checks the signature (body signed by its hash) with `must_sign` among the
/// signed headers; returns the canonical request's lines.
fn verify(r: &Received, must_sign: &[&str]) -> Vec<String> {
    verify_body(r, must_sign, SignableBody::Bytes(&r.body))
}

fn verify_body(r: &Received, must_sign: &[&str], body: SignableBody<'_>) -> Vec<String> {
    let canonical = wire_support::signing::verify_signed(r, ACCESS_KEY, SECRET, "us-east-1", "lambda", must_sign, body)
        .unwrap_or_else(|e| panic!("the signature of {} {} does not verify: {e}", r.method, r.path));
    assert!(
        r.header("authorization").unwrap().contains("/us-east-1/lambda/aws4_request"),
        "signed for lambda: {:?}",
        r.header("authorization")
    );
    canonical.lines().map(str::to_owned).collect()
}

#[tokio::test]
async fn invoke_sends_every_binding_and_reads_status_headers_and_payload() {
    let body = r#"{"errorMessage":"boom","errorType":"Error"}"#;
    let server = Server::start(vec![respond(
        200,
        &[
            ("Content-Type", "application/json"),
            ("X-Amz-Function-Error", "Unhandled"),
            ("X-Amz-Executed-Version", "1"),
            ("X-Amz-Log-Result", LOG),
            ("x-amzn-RequestId", "req-invoke"),
        ],
        body,
    )])
    .await;
    let out = client(&server)
        .invoke()
        .function_name("my-function")
        .qualifier("v1")
        .invocation_type(InvocationType::RequestResponse)
        .log_type(LogType::Tail)
        .client_context(CLIENT_CONTEXT)
        .payload(Blob::new(b"{\"k\":1}"))
        .send()
        .await
        .expect("the invocation succeeds");
    assert_eq!(out.status_code(), 200);
    assert_eq!(out.function_error(), Some("Unhandled"));
    assert_eq!(out.executed_version(), Some("1"));
    assert_eq!(out.log_result(), Some(LOG));
    assert_eq!(out.payload().map(|p| p.as_ref()), Some(body.as_bytes()));

    let r = only_request(&server);
    assert_eq!(r.method, "POST");
    assert_eq!(r.path, "/2015-03-31/functions/my-function/invocations?Qualifier=v1");
    assert_eq!(r.header("x-amz-invocation-type"), Some("RequestResponse"));
    assert_eq!(r.header("x-amz-log-type"), Some("Tail"));
    assert_eq!(r.header("x-amz-client-context"), Some(CLIENT_CONTEXT));
    // The payload blob has no @mediaType: raw bytes, as the model says.
    assert_eq!(r.header("content-type"), Some("application/octet-stream"));
    assert_eq!(r.header("content-length"), Some("7"));
    assert_eq!(r.body, b"{\"k\":1}");
    assert_eq!(
        header_names(&r),
        expected_names(&[
            "content-length",
            "content-type",
            "x-amz-client-context",
            "x-amz-invocation-type",
            "x-amz-log-type"
        ])
    );
    let canonical = verify(
        &r,
        &["host", "x-amz-date", "content-type", "x-amz-invocation-type", "x-amz-log-type", "x-amz-client-context"],
    );
    assert_eq!(canonical[..3], ["POST", "/2015-03-31/functions/my-function/invocations", "Qualifier=v1"]);
}

#[tokio::test]
async fn function_arns_and_qualifiers_are_percent_encoded() {
    let server = Server::start(vec![respond(200, &[], "null")]).await;
    let out = client(&server)
        .invoke()
        .function_name(FUNCTION_ARN)
        .qualifier("$LATEST")
        .payload(Blob::new(&b"[1, 2]"[..]))
        .send()
        .await
        .expect("the invocation succeeds");
    assert_eq!(out.status_code(), 200);
    assert_eq!(out.payload().map(|p| p.as_ref()), Some(&b"null"[..]));

    let r = only_request(&server);
    assert_eq!(
        r.path,
        "/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A123456789012%3Afunction%3Amy-function/invocations\
         ?Qualifier=%24LATEST"
    );
    assert_eq!(r.header("x-amz-invocation-type"), None, "unset headers are not sent");
    assert_eq!(r.body, b"[1, 2]");
    let canonical = verify(&r, &["host", "x-amz-date", "content-type"]);
    // Services other than S3 sign the path encoded once more.
    assert_eq!(
        canonical[1],
        "/2015-03-31/functions/arn%253Aaws%253Alambda%253Aus-east-1%253A123456789012%253Afunction%253Amy-function/invocations"
    );
    assert_eq!(canonical[2], "Qualifier=%24LATEST");
}

#[tokio::test]
async fn an_empty_function_name_is_refused_before_sending() {
    let server = Server::start(vec![]).await;
    let err = client(&server).invoke().function_name("").send().await.expect_err("refused");
    assert!(matches!(err, SdkError::ConstructionFailure(_)), "{err:?}");
    assert!(format!("{err:?}").contains("FunctionName"), "{err:?}");
    assert!(server.received().is_empty());
}

#[tokio::test]
async fn asynchronous_invocations_return_202() {
    let server = Server::start(vec![respond(202, &[("x-amzn-RequestId", "req-event")], "")]).await;
    let out = client(&server)
        .invoke()
        .function_name("my-function")
        .invocation_type(InvocationType::Event)
        .payload(Blob::new(b"{\"k\":1}"))
        .send()
        .await
        .expect("the invocation is accepted");
    assert_eq!(out.status_code(), 202);
    assert_eq!(out.payload(), None, "an empty body is no payload");
    assert_eq!(out.function_error(), None);

    let r = only_request(&server);
    assert_eq!(r.path, "/2015-03-31/functions/my-function/invocations");
    assert_eq!(r.header("x-amz-invocation-type"), Some("Event"));
    assert_eq!(r.body, b"{\"k\":1}");
    verify(&r, &["host", "x-amz-date", "content-type", "x-amz-invocation-type"]);
}

#[tokio::test]
async fn modelled_errors_come_from_the_error_type_header() {
    let server = Server::start(vec![respond(
        404,
        &[
            ("Content-Type", "application/json"),
            ("X-Amzn-Errortype", "ResourceNotFoundException:http://internal.amazon.com/coral/com.amazonaws.lambda/"),
            ("x-amzn-RequestId", "req-404"),
        ],
        &format!(r#"{{"Type":"User","message":"Function not found: {FUNCTION_ARN}"}}"#),
    )])
    .await;
    let err = client(&server)
        .invoke()
        .function_name(FUNCTION_ARN)
        .payload(Blob::new(b"{}"))
        .send()
        .await
        .expect_err("the function does not exist");
    let SdkError::ServiceError(service) = &err else { panic!("{err:?}") };
    assert_eq!(service.raw().status(), 404);
    let e = service.err();
    assert_eq!(e.code(), Some("ResourceNotFoundException"));
    assert_eq!(e.message(), Some(format!("Function not found: {FUNCTION_ARN}").as_str()));
    assert_eq!(e.meta().request_id(), Some("req-404"));
    match e {
        InvokeError::ResourceNotFoundException(not_found) => {
            assert_eq!(not_found.message(), Some(format!("Function not found: {FUNCTION_ARN}").as_str()));
            assert_eq!(not_found.r#type(), Some("User"));
        }
        other => panic!("expected ResourceNotFoundException, got {other:?}"),
    }
    assert_eq!(server.received().len(), 1);
}

#[tokio::test]
async fn query_lists_numbers_booleans_and_timestamps() {
    let body = r#"{"DurableExecutions":[{"DurableExecutionArn":"arn:aws:lambda:us-east-1:123456789012:function:my-function:$LATEST/durable-execution/nightly/1",
        "DurableExecutionName":"nightly","FunctionArn":"arn:aws:lambda:us-east-1:123456789012:function:my-function",
        "Status":"SUCCEEDED","StartTimestamp":1704164645,"EndTimestamp":1704164700.5,"Unknown":[1]}],"NextMarker":"page-2"}"#;
    let server = Server::start(vec![respond(200, &[("Content-Type", "application/json")], body)]).await;
    let out = client(&server)
        .list_durable_executions_by_function()
        .function_name("my-function")
        .qualifier("$LATEST")
        .durable_execution_name("nightly run & cleanup")
        .statuses(ExecutionStatus::Running)
        .statuses(ExecutionStatus::Failed)
        .started_after(DateTime::from_secs(1_704_164_645))
        .reverse_order(true)
        .max_items(25)
        .send()
        .await
        .expect("the list succeeds");
    assert_eq!(out.next_marker(), Some("page-2"));
    let executions = out.durable_executions();
    assert_eq!(executions.len(), 1);
    assert_eq!(executions[0].durable_execution_name(), "nightly");
    assert_eq!(executions[0].status(), &ExecutionStatus::Succeeded);
    assert_eq!(executions[0].start_timestamp().secs(), 1_704_164_645);
    let end = executions[0].end_timestamp().expect("an end time");
    assert_eq!((end.secs(), end.subsec_nanos()), (1_704_164_700, 500_000_000));

    let r = only_request(&server);
    assert_eq!(r.method, "GET");
    // In the model's member order; each list element repeats the key.
    assert_eq!(
        r.path,
        "/2025-12-01/functions/my-function/durable-executions?Qualifier=%24LATEST\
         &DurableExecutionName=nightly%20run%20%26%20cleanup&Statuses=RUNNING&Statuses=FAILED\
         &StartedAfter=2024-01-02T03%3A04%3A05Z&ReverseOrder=true&MaxItems=25"
    );
    assert!(r.body.is_empty());
    assert_eq!(r.header("content-type"), None, "no body, no content type");
    let canonical = verify(&r, &["host", "x-amz-date"]);
    assert_eq!(
        canonical[2],
        "DurableExecutionName=nightly%20run%20%26%20cleanup&MaxItems=25&Qualifier=%24LATEST&ReverseOrder=true\
         &StartedAfter=2024-01-02T03%3A04%3A05Z&Statuses=FAILED&Statuses=RUNNING",
        "the canonical query sorts by name, then value"
    );
}

#[tokio::test]
async fn body_members_go_in_a_json_document_without_the_bound_ones() {
    let server = Server::start(vec![respond(
        200,
        &[("Content-Type", "application/json")],
        r#"{"ReservedConcurrentExecutions":5}"#,
    )])
    .await;
    let out = client(&server)
        .put_function_concurrency()
        .function_name("my-function")
        .reserved_concurrent_executions(5)
        .send()
        .await
        .expect("the update succeeds");
    assert_eq!(out.reserved_concurrent_executions(), Some(5));

    let r = only_request(&server);
    assert_eq!(r.method, "PUT");
    assert_eq!(r.path, "/2017-10-31/functions/my-function/concurrency");
    assert_eq!(r.header("content-type"), Some("application/json"));
    assert_eq!(r.body, br#"{"ReservedConcurrentExecutions":5}"#);
    assert_eq!(header_names(&r), expected_names(&["content-length", "content-type"]));
    verify(&r, &["host", "x-amz-date", "content-type"]);
}

#[tokio::test]
async fn structure_payloads_are_the_whole_json_body() {
    let server = Server::start(vec![respond(200, &[], "")]).await;
    let error = ErrorObject::builder()
        .error_message("boom \"quoted\"")
        .error_type("Timeout")
        .stack_trace("at a")
        .stack_trace("at b")
        .build();
    client(&server)
        .send_durable_execution_callback_failure()
        .callback_id("ab+c/d==")
        .error(error)
        .send()
        .await
        .expect("an empty output reads from an empty body");

    let r = only_request(&server);
    assert_eq!(r.method, "POST");
    // The callback id is base64: `+`, `/` and `=` are encoded in a plain label.
    assert_eq!(r.path, "/2025-12-01/durable-execution-callbacks/ab%2Bc%2Fd%3D%3D/fail");
    assert_eq!(r.header("content-type"), Some("application/json"));
    assert_eq!(r.body, br#"{"ErrorMessage":"boom \"quoted\"","ErrorType":"Timeout","StackTrace":["at a","at b"]}"#);
    verify(&r, &["host", "x-amz-date", "content-type"]);
}

#[tokio::test]
async fn event_stream_operations_fail_without_sending() {
    let server = Server::start(vec![]).await;
    let err = client(&server)
        .invoke_with_response_stream()
        .function_name("my-function")
        .send()
        .await
        .expect_err("event streams are not supported yet");
    assert!(matches!(err, SdkError::ConstructionFailure(_)), "{err:?}");
    assert!(server.received().is_empty());
}

#[tokio::test]
#[allow(deprecated)] // InvokeAsync is deprecated in the model, and its input is the one streaming blob.
async fn streamed_payloads_are_sent_whole() {
    let server = Server::start(vec![respond(202, &[], ""), respond(202, &[], "")]).await;
    let client = client(&server);
    let out = client
        .invoke_async()
        .function_name("my-function")
        .invoke_args(ByteStream::from(b"{\"k\":1}".to_vec()))
        .send()
        .await
        .expect("accepted");
    assert_eq!(out.status(), 202);
    let from_reader = ByteStream::from_reader(&b"{\"from\":\"a reader\"}"[..], 19);
    let out =
        client.invoke_async().function_name("my-function").invoke_args(from_reader).send().await.expect("accepted");
    assert_eq!(out.status(), 202);

    let requests = server.received();
    assert_eq!(requests.len(), 2);
    for (r, body) in requests.iter().zip([&b"{\"k\":1}"[..], &b"{\"from\":\"a reader\"}"[..]]) {
        assert_eq!(r.method, "POST");
        assert_eq!(r.path, "/2014-11-13/functions/my-function/invoke-async");
        assert_eq!(r.header("content-type"), Some("application/octet-stream"));
        assert_eq!(r.header("content-length"), Some(body.len().to_string().as_str()));
        assert_eq!(r.body, body);
    }
    // Bytes in memory are signed by their hash; a stream read as it is sent
    // is not read twice to hash it.
    verify(&requests[0], &["host", "x-amz-date", "content-type"]);
    verify_body(&requests[1], &["host", "x-amz-date", "content-type"], SignableBody::Unsigned);
}
