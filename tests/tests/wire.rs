//! Wire tests: the generated client against a real HTTP server on 127.0.0.1.
//! They check what the service would see and how every kind of answer comes
//! back to the caller.

use std::time::{Duration, Instant};

use partnercentral_selling::config::retry::RetryConfig;
use partnercentral_selling::config::timeout::TimeoutConfig;
use partnercentral_selling::config::{Credentials, IdempotencyTokenProvider};
use partnercentral_selling::error::SdkError;
use partnercentral_selling::operation::create_resource_snapshot_job::CreateResourceSnapshotJobError;
use partnercentral_selling::types::{ResourceType, Tag, ValidationExceptionErrorCode, ValidationExceptionReason};
use partnercentral_selling::{Client, Config};
use serde_json::json;
use tests::server::{Reply, Server};

const ACCESS_KEY: &str = "AKIDEXAMPLE";
const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

/// Fast retries so tests stay quick; everything else as by default.
fn config(server: &Server) -> partnercentral_selling::config::Builder {
    Config::builder()
        .region("us-east-1")
        .credentials_provider(Credentials::new(ACCESS_KEY, SECRET, None))
        .endpoint_url(&server.url)
        .retry_config(RetryConfig::standard().with_initial_backoff(Duration::from_millis(5)))
}

fn client(server: &Server) -> Client {
    Client::from_conf(config(server).build())
}

fn call(
    client: &Client,
) -> partnercentral_selling::operation::create_resource_snapshot_job::builders::CreateResourceSnapshotJobFluentBuilder {
    client
        .create_resource_snapshot_job()
        .catalog("AWS")
        .engagement_identifier("eng-0123456789abcd")
        .resource_type(ResourceType::Opportunity)
        .resource_identifier("O1234567")
        .resource_snapshot_template_identifier("OpportunitySummaryView")
}

const OK_BODY: &str = r#"{"Id":"job-0123456789abc","Arn":"arn:aws:partnercentral:us-east-1:123456789012:catalog/AWS/engagement/eng-0123456789abcd/resource-snapshot-job/job-0123456789abc"}"#;

fn is_uuid_v4(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    parts.iter().map(|p| p.len()).collect::<Vec<_>>() == [8, 4, 4, 4, 12]
        && s.chars().all(|c| c == '-' || c.is_ascii_hexdigit())
        && parts[2].starts_with('4')
        && matches!(&parts[3][..1], "8" | "9" | "a" | "b")
}

#[tokio::test]
async fn success_sends_what_the_service_expects() {
    let server = Server::start(vec![Reply::json(200, OK_BODY).with_header("x-amzn-RequestId", "req-ok")]).await;
    let out = call(&client(&server))
        .tags(Tag::builder().key("team").value("sales").build().unwrap())
        .send()
        .await
        .expect("success");
    assert_eq!(out.id(), Some("job-0123456789abc"));
    assert!(out.arn().unwrap().starts_with("arn:aws:partnercentral:"));

    let requests = server.received();
    assert_eq!(requests.len(), 1);
    let r = &requests[0];
    assert_eq!(r.method, "POST");
    assert_eq!(r.path, "/");
    assert_eq!(r.header("content-type"), Some("application/x-amz-json-1.0"));
    assert_eq!(r.header("x-amz-target"), Some("AWSPartnerCentralSelling.CreateResourceSnapshotJob"));
    let body = r.json();
    let token = body["ClientToken"].as_str().expect("the idempotency token is filled in").to_owned();
    assert!(is_uuid_v4(&token), "{token}");
    assert_eq!(
        body,
        json!({
            "Catalog": "AWS",
            "ClientToken": token,
            "EngagementIdentifier": "eng-0123456789abcd",
            "ResourceType": "Opportunity",
            "ResourceIdentifier": "O1234567",
            "ResourceSnapshotTemplateIdentifier": "OpportunitySummaryView",
            "Tags": [{"Key": "team", "Value": "sales"}]
        })
    );
    let date = r.header("x-amz-date").expect("X-Amz-Date");
    assert_eq!(date.len(), 16);
    assert!(r.header("authorization").unwrap().starts_with("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/"));
    assert!(r.header("authorization").unwrap().contains("/us-east-1/partnercentral-selling/aws4_request"));
    tests::signing::verify(r, ACCESS_KEY, SECRET, "us-east-1", "partnercentral-selling")
        .expect("the signature verifies");
}

#[tokio::test]
async fn session_tokens_are_sent_and_signed() {
    let server = Server::start(vec![Reply::json(200, "{}")]).await;
    let config =
        config(&server).credentials_provider(Credentials::new(ACCESS_KEY, SECRET, Some("SESSION".into()))).build();
    call(&Client::from_conf(config)).send().await.unwrap();
    let r = &server.received()[0];
    assert_eq!(r.header("x-amz-security-token"), Some("SESSION"));
    assert!(r.header("authorization").unwrap().contains("x-amz-security-token"));
    tests::signing::verify(r, ACCESS_KEY, SECRET, "us-east-1", "partnercentral-selling").unwrap();
}

#[tokio::test]
async fn a_given_client_token_is_sent_unchanged() {
    let server = Server::start(vec![Reply::json(200, "{}")]).await;
    call(&client(&server)).client_token("my-token").send().await.unwrap();
    assert_eq!(server.received()[0].json()["ClientToken"], "my-token");
}

#[tokio::test]
async fn the_token_source_can_be_replaced() {
    let server = Server::start(vec![Reply::json(200, "{}")]).await;
    let config = config(&server).idempotency_token_provider(IdempotencyTokenProvider::fixed("fixed-token")).build();
    call(&Client::from_conf(config)).send().await.unwrap();
    assert_eq!(server.received()[0].json()["ClientToken"], "fixed-token");
}

async fn error_for(reply: Reply) -> (SdkError<CreateResourceSnapshotJobError>, usize) {
    let server = Server::start(vec![reply]).await;
    let config = config(&server).retry_config(RetryConfig::disabled()).build();
    let err = call(&Client::from_conf(config)).send().await.expect_err("an error");
    (err, server.received().len())
}

/// The `__type` forms real services send for one error name.
fn forms(name: &str, status: u16, extra: &str) -> Vec<Reply> {
    let body = |t: &str| format!(r#"{{"__type":"{t}","message":"it failed"{extra}}}"#);
    vec![
        Reply::json(status, &body(name)),
        Reply::json(status, &body(&format!("com.amazonaws.partnercentralselling#{name}"))),
        Reply::json(status, &body(&format!("{name}:http://internal.amazon.com/coral/com.amazon.coral.validate/"))),
        Reply::json(status, &format!(r#"{{"message":"it failed"{extra}}}"#))
            .with_header("X-Amzn-Errortype", &format!("{name}:http://x,Other")),
        Reply::json(status, &format!(r#"{{"code":"{name}","Message":"it failed"{extra}}}"#)),
    ]
}

#[tokio::test]
async fn every_modelled_error_in_every_form() {
    type Case = (&'static str, u16, &'static str, fn(&CreateResourceSnapshotJobError) -> bool);
    let cases: [Case; 7] = [
        ("AccessDeniedException", 403, r#","Reason":"INCOMPATIBLE_BENEFIT_AWS_PARTNER_STATE""#, |e| {
            e.is_access_denied_exception()
        }),
        ("ConflictException", 409, "", |e| e.is_conflict_exception()),
        ("InternalServerException", 500, "", |e| e.is_internal_server_exception()),
        ("ResourceNotFoundException", 404, "", |e| e.is_resource_not_found_exception()),
        ("ServiceQuotaExceededException", 402, "", |e| e.is_service_quota_exceeded_exception()),
        ("ThrottlingException", 429, "", |e| e.is_throttling_exception()),
        ("ValidationException", 400, r#","Reason":"REQUEST_VALIDATION_FAILED""#, |e| e.is_validation_exception()),
    ];
    for (name, status, extra, is) in cases {
        for (i, reply) in forms(name, status, extra).into_iter().enumerate() {
            let (err, attempts) = error_for(reply.with_header("x-amzn-requestid", "req-42")).await;
            assert_eq!(attempts, 1);
            let SdkError::ServiceError(service) = &err else { panic!("{name} form {i}: {err:?}") };
            assert_eq!(service.raw().status(), status);
            let e = service.err();
            assert!(is(e), "{name} form {i}: {e:?}");
            assert_eq!(e.code(), Some(name), "{name} form {i}");
            assert_eq!(e.message(), Some("it failed"), "{name} form {i}");
            assert_eq!(e.meta().request_id(), Some("req-42"));
            let shown = err.to_string();
            assert!(shown.contains(name) && shown.contains("it failed") && shown.contains("req-42"), "{shown}");
        }
    }
}

#[tokio::test]
async fn validation_errors_carry_their_reason_and_field_list() {
    let body = r#"{"__type":"ValidationException","message":"bad input","reason":"x","Reason":"BUSINESS_VALIDATION_FAILED",
        "ErrorList":[{"FieldName":"Catalog","Message":"unknown catalog","Code":"INVALID_ENUM_VALUE"},{"Message":"m","Code":"SOMETHING_NEW"}]}"#;
    let (err, _) = error_for(Reply::json(400, body)).await;
    match err.into_service_error() {
        CreateResourceSnapshotJobError::ValidationException(v) => {
            assert_eq!(v.reason(), &ValidationExceptionReason::BusinessValidationFailed);
            assert_eq!(v.message(), "bad input");
            assert_eq!(v.error_list().len(), 2);
            assert_eq!(v.error_list()[0].field_name(), Some("Catalog"));
            assert_eq!(v.error_list()[0].code(), &ValidationExceptionErrorCode::InvalidEnumValue);
            assert_eq!(v.error_list()[1].code().as_str(), "SOMETHING_NEW", "unknown enum values are kept");
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn unknown_error_codes_are_unhandled_with_their_code() {
    let (err, _) = error_for(Reply::json(400, r#"{"__type":"BrandNewException","message":"new"}"#)).await;
    let e = err.as_service_error().unwrap();
    assert!(!e.is_validation_exception());
    assert_eq!(e.code(), Some("BrandNewException"));
    assert_eq!(e.message(), Some("new"));
    assert!(err.to_string().contains("BrandNewException"), "{err}");
}

#[tokio::test]
async fn empty_and_non_json_error_bodies_are_unhandled_with_the_status() {
    for (status, body) in
        [(500, ""), (502, "<html>Bad Gateway</html>"), (400, "{\"message\": \"no code\"}"), (403, "[1,2]")]
    {
        let (err, _) = error_for(Reply::Respond { status, headers: vec![], body: body.into() }).await;
        let SdkError::ServiceError(service) = &err else { panic!("{err:?}") };
        assert_eq!(service.raw().status(), status);
        assert_eq!(service.err().code(), None);
        let shown = err.to_string();
        assert!(shown.contains(&status.to_string()), "{shown}");
    }
}

#[tokio::test]
async fn throttling_then_success_retries_with_the_same_token() {
    let server = Server::start(vec![
        Reply::json(429, r#"{"__type":"ThrottlingException","message":"slow down"}"#),
        Reply::json(200, OK_BODY),
    ])
    .await;
    let out = call(&client(&server)).send().await.expect("the retry succeeds");
    assert_eq!(out.id(), Some("job-0123456789abc"));
    let requests = server.received();
    assert_eq!(requests.len(), 2, "two attempts");
    assert_eq!(requests[0].json()["ClientToken"], requests[1].json()["ClientToken"], "the same token on every attempt");
    assert_eq!(requests[0].header("amz-sdk-invocation-id"), requests[1].header("amz-sdk-invocation-id"));
    assert_eq!(requests[1].header("amz-sdk-request"), Some("attempt=2; max=3"));
    for r in &requests {
        tests::signing::verify(r, ACCESS_KEY, SECRET, "us-east-1", "partnercentral-selling").unwrap();
    }
}

#[tokio::test]
async fn throttling_sent_as_400_is_retried_too() {
    let server = Server::start(vec![
        Reply::json(400, r#"{"__type":"ThrottlingException","message":"slow down"}"#),
        Reply::json(200, "{}"),
    ])
    .await;
    call(&client(&server)).send().await.expect("retried");
    assert_eq!(server.received().len(), 2);
}

#[tokio::test]
async fn the_servers_retry_after_is_honoured() {
    let server = Server::start(vec![
        Reply::json(503, r#"{"__type":"ServiceUnavailable"}"#).with_header("x-amz-retry-after", "300"),
        Reply::json(200, "{}"),
    ])
    .await;
    let start = Instant::now();
    call(&client(&server)).send().await.unwrap();
    assert!(start.elapsed() >= Duration::from_millis(300), "waited {:?}", start.elapsed());
}

#[tokio::test]
async fn unavailable_until_attempts_run_out() {
    let busy = || Reply::json(503, r#"{"__type":"ServiceUnavailableException","message":"busy"}"#);
    let server = Server::start(vec![busy(), busy(), busy(), busy()]).await;
    let err = call(&client(&server)).send().await.expect_err("gives up");
    assert_eq!(server.received().len(), 3, "3 attempts by default");
    let SdkError::ServiceError(service) = &err else { panic!("{err:?}") };
    assert_eq!(service.raw().status(), 503);
    assert_eq!(err.code(), Some("ServiceUnavailableException"));
}

#[tokio::test]
async fn client_errors_are_not_retried() {
    let server =
        Server::start(vec![Reply::json(400, r#"{"__type":"ValidationException","message":"no","Reason":"x"}"#)]).await;
    call(&client(&server)).send().await.expect_err("fails");
    assert_eq!(server.received().len(), 1);
}

#[tokio::test]
async fn a_malformed_success_body_is_a_response_error() {
    for body in ["{\"Id\": ", "not json", "[]", "{\"Id\": 5}"] {
        let server = Server::start(vec![Reply::json(200, body)]).await;
        let err = call(&client(&server)).send().await.expect_err(body);
        let SdkError::ResponseError(e) = &err else { panic!("{body}: {err:?}") };
        assert_eq!(e.raw().status(), 200);
        assert!(err.to_string().contains("could not be read"), "{err}");
        assert_eq!(server.received().len(), 1, "not retried");
    }
}

#[tokio::test]
async fn unknown_fields_and_nulls_in_a_success_body_are_tolerated() {
    let server =
        Server::start(vec![Reply::json(200, r#"{"Id":"job-1","Arn":null,"Extra":{"a":[1,2]},"More":true}"#)]).await;
    let out = call(&client(&server)).send().await.unwrap();
    assert_eq!(out.id(), Some("job-1"));
    assert_eq!(out.arn(), None);
}

#[tokio::test]
async fn an_empty_success_body_is_an_empty_output() {
    let server = Server::start(vec![Reply::Respond { status: 200, headers: vec![], body: String::new() }]).await;
    let out = call(&client(&server)).send().await.unwrap();
    assert_eq!(out.id(), None);
}

#[tokio::test]
async fn a_server_that_never_answers_times_out() {
    let server = Server::start(vec![Reply::Hang, Reply::Hang]).await;
    let timeouts = TimeoutConfig::builder().operation_attempt_timeout(Duration::from_millis(200)).build();
    let config = config(&server).timeout_config(timeouts).retry_config(RetryConfig::disabled()).build();
    let start = Instant::now();
    let err = call(&Client::from_conf(config)).send().await.expect_err("times out");
    assert!(matches!(err, SdkError::TimeoutError(_)), "{err:?}");
    assert!(start.elapsed() < Duration::from_secs(5));
    assert!(err.to_string().contains("timed out"), "{err}");
}

#[tokio::test]
async fn the_operation_timeout_bounds_all_attempts() {
    let server = Server::start(vec![Reply::Hang, Reply::Hang, Reply::Hang]).await;
    let timeouts = TimeoutConfig::builder()
        .operation_attempt_timeout(Duration::from_secs(10))
        .operation_timeout(Duration::from_millis(300))
        .build();
    let config = config(&server).timeout_config(timeouts).build();
    let err = call(&Client::from_conf(config)).send().await.expect_err("times out");
    assert!(matches!(err, SdkError::TimeoutError(_)), "{err:?}");
}

#[tokio::test]
async fn dropped_connections_are_retried() {
    let server = Server::start(vec![Reply::Close, Reply::json(200, "{}")]).await;
    call(&client(&server)).send().await.expect("the second attempt succeeds");
    assert_eq!(server.received().len(), 2);
}

#[tokio::test]
async fn nothing_listening_is_a_dispatch_failure() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let config = Config::builder()
        .region("us-east-1")
        .credentials_provider(Credentials::new(ACCESS_KEY, SECRET, None))
        .endpoint_url(url)
        .retry_config(RetryConfig::disabled())
        .build();
    let err = call(&Client::from_conf(config)).send().await.expect_err("refused");
    assert!(matches!(err, SdkError::DispatchFailure(_)), "{err:?}");
    assert!(err.to_string().contains("failed to send"), "{err}");
}

#[tokio::test]
async fn missing_required_input_is_a_construction_failure_before_sending() {
    let server = Server::start(vec![]).await;
    let err = client(&server).create_resource_snapshot_job().catalog("AWS").send().await.expect_err("invalid");
    assert!(matches!(err, SdkError::ConstructionFailure(_)), "{err:?}");
    assert!(err.to_string().contains("engagement_identifier"), "{err}");
    assert!(server.received().is_empty());
}

#[tokio::test]
async fn missing_credentials_or_region_are_explained() {
    let server = Server::start(vec![]).await;
    let no_creds = Config::builder().region("us-east-1").endpoint_url(&server.url).build();
    let err = call(&Client::from_conf(no_creds)).send().await.expect_err("no credentials");
    assert!(err.to_string().contains("no credentials provider"), "{err}");
    let no_region = Config::builder().credentials_provider(Credentials::new("a", "b", None)).build();
    let err = call(&Client::from_conf(no_region)).send().await.expect_err("no region");
    assert!(err.to_string().contains("Missing Region"), "{err}");
}

#[tokio::test]
async fn fips_with_a_custom_endpoint_is_rejected_by_the_rules() {
    let server = Server::start(vec![]).await;
    let config = config(&server).use_fips(true).build();
    let err = call(&Client::from_conf(config)).send().await.expect_err("invalid");
    assert!(err.to_string().contains("FIPS and custom endpoint are not supported"), "{err}");
}

#[test]
fn debug_output_never_shows_secrets() {
    let config = Config::builder()
        .credentials_provider(Credentials::new(ACCESS_KEY, SECRET, Some("TOKEN-SECRET".into())))
        .build();
    let shown = format!("{config:?}");
    assert!(!shown.contains(SECRET) && !shown.contains("TOKEN-SECRET"), "{shown}");
    let creds = format!("{:?}", Credentials::new(ACCESS_KEY, SECRET, Some("TOKEN-SECRET".into())));
    assert!(creds.contains(ACCESS_KEY) && creds.contains("*** Sensitive Data Redacted ***") && !creds.contains(SECRET));
}

#[test]
fn clients_are_clone_send_sync() {
    fn assert_traits<T: Clone + Send + Sync + 'static>() {}
    assert_traits::<Client>();
    assert_traits::<Config>();
}
