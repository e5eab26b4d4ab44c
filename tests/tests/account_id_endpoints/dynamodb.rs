//! DynamoDB's account-based endpoints on real calls (no network: the HTTP
//! client captures the request). `tests/tests/account_id_endpoints.rs`
//! compiles this file in a scratch workspace next to the generated
//! `dynamodb` crate.

use dynamodb::config::{AccountIdEndpointMode, Credentials};
use dynamodb::test_util::capture_request;
use dynamodb::{Client, Config};

/// The URI of a `ListTables` call made with `credentials` and `mode`, or
/// the call's error when nothing was sent.
async fn list_tables_uri(credentials: Credentials, mode: Option<AccountIdEndpointMode>) -> Result<String, String> {
    let (http, captured) = capture_request(None);
    let mut config =
        Config::builder().region("us-east-1").credentials_provider(credentials).http_client(http);
    if let Some(mode) = mode {
        config = config.account_id_endpoint_mode(mode);
    }
    let result = Client::from_conf(config.build()).list_tables().send().await;
    match captured.try_request() {
        Some(request) => Ok(request.uri().to_owned()),
        None => Err(format!("{:?}", result.err())),
    }
}

fn with_account() -> Credentials {
    Credentials::new("AKIDEXAMPLE", "SECRET", None).with_account_id("111122223333")
}

fn without_account() -> Credentials {
    Credentials::new("AKIDEXAMPLE", "SECRET", None)
}

#[tokio::test]
async fn the_credentials_account_id_picks_the_endpoint_by_default() {
    assert_eq!(list_tables_uri(with_account(), None).await.unwrap(), "https://111122223333.ddb.us-east-1.amazonaws.com/");
    assert_eq!(list_tables_uri(without_account(), None).await.unwrap(), "https://dynamodb.us-east-1.amazonaws.com/");
}

#[tokio::test]
async fn the_mode_can_turn_account_endpoints_off_or_require_them() {
    let disabled = list_tables_uri(with_account(), Some(AccountIdEndpointMode::Disabled)).await;
    assert_eq!(disabled.unwrap(), "https://dynamodb.us-east-1.amazonaws.com/");
    let required = list_tables_uri(with_account(), Some(AccountIdEndpointMode::Required)).await;
    assert_eq!(required.unwrap(), "https://111122223333.ddb.us-east-1.amazonaws.com/");
    // Required without an account id: nothing is sent, and the error says why.
    let err = list_tables_uri(without_account(), Some(AccountIdEndpointMode::Required)).await.unwrap_err();
    assert!(err.contains("AccountId"), "{err}");
}

#[tokio::test]
async fn an_account_id_that_is_no_host_label_is_refused() {
    let odd = Credentials::new("AKIDEXAMPLE", "SECRET", None).with_account_id("evil.example.com/x");
    let err = list_tables_uri(odd, None).await.unwrap_err();
    assert!(err.contains("AccountId") || err.contains("account"), "{err}");
}
