//! `customize()` on the generated client, against a server on 127.0.0.1: a
//! header added by `mutate_request` arrives and is signed, and
//! `config_override` changes one call only.

use std::time::Duration;

use partnercentral_selling::config::Credentials;
use partnercentral_selling::config::retry::RetryConfig;
use partnercentral_selling::error::SdkError;
use partnercentral_selling::types::ResourceType;
use partnercentral_selling::{Client, Config};
use smithy_client_runtime::rt::sigv4::SignableBody;
use tests::server::{Reply, Server};
use tests::signing::{AWS_JSON_SIGNED_HEADERS, verify_signed};

const ACCESS_KEY: &str = "AKIDEXAMPLE";
const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
const THROTTLED: &str = r#"{"__type":"ThrottlingException","message":"slow down"}"#;

fn client(server: &Server) -> Client {
    Client::from_conf(
        Config::builder()
            .region("us-east-1")
            .credentials_provider(Credentials::new(ACCESS_KEY, SECRET, None))
            .endpoint_url(&server.url)
            .retry_config(RetryConfig::standard().with_initial_backoff(Duration::from_millis(5)))
            .build(),
    )
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

#[tokio::test]
async fn a_header_added_by_mutate_request_arrives_and_the_signature_verifies() {
    let server = Server::start(vec![Reply::json(200, "{}")]).await;
    call(&client(&server))
        .customize()
        .mutate_request(|request| {
            assert!(String::from_utf8_lossy(request.body()).contains("OpportunitySummaryView"));
            request.headers_mut().insert("x-request-tag", "nightly-import");
        })
        .send()
        .await
        .expect("success");
    let requests = server.received();
    assert_eq!(requests.len(), 1);
    let request = &requests[0];
    assert_eq!(request.header("x-request-tag"), Some("nightly-import"));
    let mut must_sign = AWS_JSON_SIGNED_HEADERS.to_vec();
    must_sign.push("x-request-tag");
    let body = SignableBody::Bytes(&request.body);
    verify_signed(request, ACCESS_KEY, SECRET, "us-east-1", "partnercentral-selling", &must_sign, body)
        .expect("the signature covers the added header and verifies");
}

#[tokio::test]
async fn a_retry_override_holds_for_one_call_only() {
    let server =
        Server::start(vec![Reply::json(429, THROTTLED), Reply::json(429, THROTTLED), Reply::json(200, "{}")]).await;
    let client = client(&server);
    let once =
        call(&client).customize().config_override(Config::builder().retry_config(RetryConfig::disabled())).send().await;
    match once {
        Err(SdkError::ServiceError(e)) => assert!(e.err().is_throttling_exception()),
        other => panic!("expected the throttling error, got {other:?}"),
    }
    assert_eq!(server.received().len(), 1, "no retry for this call");
    call(&client).send().await.expect("the client's own retries get through");
    assert_eq!(server.received().len(), 3, "a throttled attempt, then a retry");
}
