//! One `CreateResourceSnapshotJob` call with the generated client: the program
//! whose clean build time, dependency count and binary size `run.sh` measures.
//!
//! ```sh
//! AWS_ACCESS_KEY_ID=… AWS_SECRET_ACCESS_KEY=… bench-ours [ENDPOINT_URL]
//! ```

use std::process::ExitCode;

use partnercentral_selling::config::Credentials;
use partnercentral_selling::types::ResourceType;
use partnercentral_selling::{Client, Config};

#[tokio::main]
async fn main() -> ExitCode {
    let access_key = std::env::var("AWS_ACCESS_KEY_ID").unwrap_or_else(|_| "AKIDEXAMPLE".to_owned());
    let secret_key = std::env::var("AWS_SECRET_ACCESS_KEY").unwrap_or_else(|_| "SECRET".to_owned());
    let mut config =
        Config::builder().region("us-east-1").credentials_provider(Credentials::new(access_key, secret_key, None));
    if let Some(url) = std::env::args().nth(1) {
        config = config.endpoint_url(url);
    }
    let client = Client::from_conf(config.build());
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
            eprintln!("error: {err}");
            ExitCode::FAILURE
        }
    }
}
