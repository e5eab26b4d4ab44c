//! The Partner Central Selling paginators against a server on 127.0.0.1:
//! continuation tokens carried from response to request, items flattened
//! across pages, and the stream's end on a missing or a repeated token.
//!
//! `tests/tests/paginators.rs` compiles this file in a scratch workspace next
//! to the generated `partnercentral-selling` crate; `wire_support` is the
//! workspace's wire-test helpers (`tests/src/server.rs`).

use partnercentral_selling::config::Credentials;
use partnercentral_selling::config::retry::RetryConfig;
use partnercentral_selling::error::SdkError;
use partnercentral_selling::{Client, Config};
use wire_support::server::{Received, Reply, Server};

/// No retries: each scripted reply answers exactly one request.
fn client(server: &Server) -> Client {
    Client::from_conf(
        Config::builder()
            .region("us-east-1")
            .credentials_provider(Credentials::new("AKIDEXAMPLE", "SECRET", None))
            .endpoint_url(&server.url)
            .retry_config(RetryConfig::disabled())
            .build(),
    )
}

/// A `ListOpportunities` page with opportunities `ids` and `token`, if any.
fn page(ids: &[&str], token: Option<&str>) -> Reply {
    let summaries: Vec<serde_json::Value> =
        ids.iter().map(|id| serde_json::json!({ "Catalog": "AWS", "Id": id })).collect();
    let mut body = serde_json::json!({ "OpportunitySummaries": summaries });
    if let Some(token) = token {
        body["NextToken"] = serde_json::Value::from(token);
    }
    Reply::json(200, &body.to_string())
}

/// The `NextToken` each request carried.
fn tokens_sent(requests: &[Received]) -> Vec<Option<String>> {
    requests.iter().map(|r| r.json()["NextToken"].as_str().map(str::to_owned)).collect()
}

fn three_pages() -> Vec<Reply> {
    vec![page(&["O1", "O2"], Some("t1")), page(&["O3"], Some("t2")), page(&["O4", "O5"], None)]
}

#[tokio::test]
async fn pages_carry_each_token_into_the_next_request() {
    let server = Server::start(three_pages()).await;
    let mut pages = client(&server).list_opportunities().catalog("AWS").into_paginator().page_size(2).send();
    let mut counts = Vec::new();
    while let Some(page) = pages.next().await {
        counts.push(page.expect("a page").opportunity_summaries().len());
    }
    assert_eq!(counts, vec![2, 1, 2]);
    let requests = server.received();
    assert_eq!(tokens_sent(&requests), vec![None, Some("t1".to_owned()), Some("t2".to_owned())]);
    for r in &requests {
        assert_eq!(r.header("x-amz-target"), Some("AWSPartnerCentralSelling.ListOpportunities"));
        assert_eq!(r.json()["Catalog"], "AWS", "every page keeps the input");
        assert_eq!(r.json()["MaxResults"], 2, "the page size is the MaxResults member");
    }
}

#[tokio::test]
async fn items_yield_every_opportunity_once_in_order() {
    let server = Server::start(three_pages()).await;
    let items = client(&server).list_opportunities().catalog("AWS").into_paginator().items().send();
    let ids: Vec<String> = items
        .try_collect()
        .await
        .expect("every page")
        .iter()
        .map(|o| o.id().expect("an id").to_owned())
        .collect();
    assert_eq!(ids, ["O1", "O2", "O3", "O4", "O5"]);
    assert_eq!(server.received().len(), 3, "one request per page");
}

#[tokio::test]
async fn an_empty_token_ends_the_pages() {
    let server = Server::start(vec![page(&["O1"], Some("t1")), page(&["O2"], Some(""))]).await;
    let pages = client(&server).list_opportunities().catalog("AWS").into_paginator().send();
    assert_eq!(pages.try_collect().await.expect("every page").len(), 2);
    assert_eq!(server.received().len(), 2);
}

#[tokio::test]
async fn a_repeated_token_ends_the_stream_with_an_error() {
    let server = Server::start(vec![page(&["O1"], Some("same")), page(&["O2"], Some("same"))]).await;
    let mut items = client(&server).list_opportunities().catalog("AWS").into_paginator().items().send();
    assert_eq!(items.next().await.expect("O1").expect("O1").id(), Some("O1"));
    assert_eq!(items.next().await.expect("O2").expect("O2").id(), Some("O2"));
    let error = items.next().await.expect("an error").expect_err("the repeated token is an error");
    assert!(matches!(error, SdkError::ConstructionFailure(_)), "{error:?}");
    assert!(items.next().await.is_none(), "the stream ends after the error");
    assert_eq!(tokens_sent(&server.received()), vec![None, Some("same".to_owned())]);
}

#[tokio::test]
async fn an_input_missing_a_required_member_fails_without_a_request() {
    let server = Server::start(Vec::new()).await;
    let mut pages = client(&server).list_opportunities().into_paginator().send();
    let error = pages.next().await.expect("an error").expect_err("Catalog is required");
    assert!(matches!(error, SdkError::ConstructionFailure(_)), "{error:?}");
    assert!(pages.next().await.is_none());
    assert!(server.received().is_empty());
}

#[tokio::test]
async fn a_service_error_ends_the_stream() {
    let denied = Reply::json(403, r#"{"__type":"AccessDeniedException","message":"no"}"#);
    let server = Server::start(vec![page(&["O1"], Some("t1")), denied]).await;
    let mut pages = client(&server).list_opportunities().catalog("AWS").into_paginator().send();
    assert!(pages.next().await.expect("page 1").is_ok());
    let error = pages.next().await.expect("an error").expect_err("access denied");
    assert!(error.into_service_error().is_access_denied_exception());
    assert!(pages.next().await.is_none());
}
