//! One `CreateResourceSnapshotJob` call with `aws-sdk-partnercentralselling`
//! and `aws-config`: the program whose clean build time, dependency count and
//! binary size `run.sh` measures against ours.
//!
//! ```sh
//! AWS_ACCESS_KEY_ID=… AWS_SECRET_ACCESS_KEY=… bench-official [ENDPOINT_URL]
//! ```

use std::process::ExitCode;

use aws_config::{BehaviorVersion, Region};
use aws_sdk_partnercentralselling::Client;
use aws_sdk_partnercentralselling::config::Credentials;
use aws_sdk_partnercentralselling::error::DisplayErrorContext;
use aws_sdk_partnercentralselling::types::ResourceType;

#[tokio::main]
async fn main() -> ExitCode {
    let access_key = std::env::var("AWS_ACCESS_KEY_ID").unwrap_or_else(|_| "AKIDEXAMPLE".to_owned());
    let secret_key = std::env::var("AWS_SECRET_ACCESS_KEY").unwrap_or_else(|_| "SECRET".to_owned());
    let mut loader = aws_config::defaults(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .credentials_provider(Credentials::new(access_key, secret_key, None, None, "bench"));
    if let Some(url) = std::env::args().nth(1) {
        loader = loader.endpoint_url(url);
    }
    let client = Client::new(&loader.load().await);
    let result = client
        .create_resource_snapshot_job()
        .catalog("AWS")
        .engagement_identifier("eng-0123456789abcd")
        .resource_type(ResourceType::Opportunity)
        .resource_identifier("O1234567")
        .resource_snapshot_template_identifier("OpportunitySummaryView")
        .send()
        .await;
    match result {
        Ok(out) => {
            println!("{:?} {:?}", out.id(), out.arn());
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("error: {}", DisplayErrorContext(&err));
            ExitCode::FAILURE
        }
    }
}
