//! The `test-util` feature lets users test their own code without a network.

use partnercentral_selling::config::{Credentials, IdempotencyTokenProvider};
use partnercentral_selling::http::{HttpRequest, HttpResponse};
use partnercentral_selling::operation::create_resource_snapshot_job::builders::CreateResourceSnapshotJobFluentBuilder;
use partnercentral_selling::test_util::{ReplayEvent, StaticReplayClient, capture_request, infallible_client_fn};
use partnercentral_selling::types::ResourceType;
use partnercentral_selling::{Client, Config};

fn client(http: impl partnercentral_selling::http::HttpClient) -> Client {
    let config = Config::builder()
        .region("us-east-1")
        .credentials_provider(Credentials::new("AKID", "SECRET", None))
        .idempotency_token_provider(IdempotencyTokenProvider::fixed("token-1"))
        .http_client(http)
        .build();
    Client::from_conf(config)
}

/// The call every test here makes, with its input set and not yet sent.
fn job_request(client: &Client) -> CreateResourceSnapshotJobFluentBuilder {
    client
        .create_resource_snapshot_job()
        .catalog("Sandbox")
        .engagement_identifier("eng-0123456789abcd")
        .resource_type(ResourceType::Opportunity)
        .resource_identifier("O1")
        .resource_snapshot_template_identifier("Summary")
}

async fn start_job(client: &Client) -> Result<Option<String>, String> {
    let out = job_request(client).send().await.map_err(|e| e.to_string())?;
    Ok(out.id().map(str::to_owned))
}

#[tokio::test]
async fn a_replay_client_checks_requests_and_answers_from_the_script() {
    let body = br#"{"Catalog":"Sandbox","ClientToken":"token-1","EngagementIdentifier":"eng-0123456789abcd","ResourceType":"Opportunity","ResourceIdentifier":"O1","ResourceSnapshotTemplateIdentifier":"Summary"}"#;
    let mut expected = HttpRequest::new("POST", "https://partnercentral-selling.us-east-1.api.aws/", body.to_vec());
    expected.push_header("content-type", "application/x-amz-json-1.0");
    expected.push_header("content-length", body.len().to_string());
    expected.push_header("x-amz-target", "AWSPartnerCentralSelling.CreateResourceSnapshotJob");
    let response = HttpResponse::new(200, vec![], br#"{"Id":"job-1"}"#.to_vec());
    let replay = StaticReplayClient::new(vec![ReplayEvent::new(expected, response)]);
    assert_eq!(start_job(&client(replay.clone())).await, Ok(Some("job-1".into())));
    replay.assert_requests_match(&[
        "authorization",
        "x-amz-date",
        "user-agent",
        "amz-sdk-invocation-id",
        "amz-sdk-request",
    ]);
}

#[tokio::test]
async fn a_capturing_client_shows_the_request_sent() {
    let (http, requests) = capture_request(None);
    start_job(&client(http)).await.unwrap();
    let sent = requests.expect_request();
    assert_eq!(sent.uri(), "https://partnercentral-selling.us-east-1.api.aws/");
    assert!(String::from_utf8_lossy(sent.body()).contains("\"ClientToken\":\"token-1\""));
}

#[tokio::test]
async fn a_function_client_can_simulate_service_errors() {
    let http = infallible_client_fn(|_| {
        HttpResponse::new(409, vec![], br#"{"__type":"ConflictException","message":"busy"}"#.to_vec())
    });
    let err = start_job(&client(http)).await.unwrap_err();
    assert_eq!(err, "ConflictException: busy (HTTP 409)");
}

/// `send()` returns a future that owns what it needs and is `Send`, so a call
/// can be handed to `tokio::spawn`, with or without `customize()`; nothing is
/// sent before it is awaited.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn calls_can_be_spawned_and_send_nothing_until_awaited() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    let (sent, changed) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
    let (sent_seen, changed_seen) = (sent.clone(), changed.clone());
    let http = infallible_client_fn(move |request| {
        sent_seen.fetch_add(1, Ordering::SeqCst);
        if request.headers().iter().any(|(name, _)| name == "x-test") {
            changed_seen.fetch_add(1, Ordering::SeqCst);
        }
        HttpResponse::new(200, vec![], br#"{"Id":"job-1"}"#.to_vec())
    });
    let client = client(http);
    let plain = job_request(&client).send();
    let customized = job_request(&client).customize().mutate_request(|r| r.push_header("x-test", "1")).send();
    drop(client);
    tokio::task::yield_now().await;
    assert_eq!(sent.load(Ordering::SeqCst), 0, "nothing is sent before the futures are awaited");
    let (plain, customized) = (tokio::spawn(plain), tokio::spawn(customized));
    let plain = plain.await.expect("the task ran").expect("the call succeeds");
    let customized = customized.await.expect("the task ran").expect("the call succeeds");
    assert_eq!((plain.id(), customized.id()), (Some("job-1"), Some("job-1")));
    assert_eq!(sent.load(Ordering::SeqCst), 2);
    assert_eq!(changed.load(Ordering::SeqCst), 1, "only the customized call changed its request");
}
