//! The call-site example of DESIGN.md, compiled and run against a loopback server.

use partnercentral_selling::config::Credentials;
use partnercentral_selling::operation::create_resource_snapshot_job::CreateResourceSnapshotJobError;
use partnercentral_selling::types::{ResourceType, Tag};
use partnercentral_selling::{Client, Config};
use tests::server::{Reply, Server};

async fn example(endpoint: &str) -> Result<Vec<String>, Box<dyn std::error::Error>> {
    let mut seen = Vec::new();
    let config = Config::builder()
        .region("us-east-1")
        .credentials_provider(Credentials::new("AKID", "SECRET", None))
        .endpoint_url(endpoint) // optional override
        .build();
    let client = Client::from_conf(config);
    let out = client
        .create_resource_snapshot_job()
        .catalog("AWS")
        .engagement_identifier("eng-0123456789abcd")
        .resource_type(ResourceType::Opportunity)
        .resource_identifier("O1234567")
        .resource_snapshot_template_identifier("OpportunitySummaryView")
        .tags(Tag::builder().key("team").value("sales").build()?)
        .send()
        .await?;
    seen.push(format!("{:?} {:?}", out.id(), out.arn()));

    let err = client
        .create_resource_snapshot_job()
        .catalog("Nope")
        .engagement_identifier("eng-0123456789abcd")
        .resource_type(ResourceType::Opportunity)
        .resource_identifier("O1234567")
        .resource_snapshot_template_identifier("OpportunitySummaryView")
        .send()
        .await
        .expect_err("the second reply is an error");
    match err.into_service_error() {
        CreateResourceSnapshotJobError::ValidationException(v) => {
            seen.push(format!("{:?} {:?}", v.reason(), v.error_list()));
        }
        e if e.is_throttling_exception() => seen.push("throttled".into()),
        e => seen.push(format!("{:?} {:?}", e.code(), e.message())),
    }
    Ok(seen)
}

#[tokio::test]
async fn design_example_runs_against_a_loopback_server() {
    let server = Server::start(vec![
        Reply::json(200, r#"{"Id":"job-0123456789abc","Arn":"arn:aws:partnercentral:us-east-1:1:job"}"#),
        Reply::json(400, r#"{"__type":"ValidationException","message":"bad catalog","Reason":"REQUEST_VALIDATION_FAILED","ErrorList":[]}"#),
    ])
    .await;
    let seen = example(&server.url).await.expect("the example runs");
    assert_eq!(
        seen,
        [
            "Some(\"job-0123456789abc\") Some(\"arn:aws:partnercentral:us-east-1:1:job\")".to_owned(),
            "RequestValidationFailed []".to_owned(),
        ]
    );
}
