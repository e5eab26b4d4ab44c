//! Calls `CreateResourceSnapshotJob` with credentials and region from the
//! environment (or the shared AWS files), printing the output or the error.
//!
//! ```sh
//! AWS_REGION=us-east-1 AWS_ACCESS_KEY_ID=… AWS_SECRET_ACCESS_KEY=… \
//!   cargo run -p tests --example create_resource_snapshot_job -- \
//!   --engagement eng-0123456789abcd --resource O1234567 [--endpoint-url http://127.0.0.1:8080]
//! ```

use std::process::ExitCode;

use partnercentral_selling::types::ResourceType;
use partnercentral_selling::{Client, Config};

const USAGE: &str = "usage: create_resource_snapshot_job --engagement ID --resource ID \
[--catalog AWS|Sandbox] [--template NAME] [--endpoint-url URL]";

struct Args {
    catalog: String,
    engagement: String,
    resource: String,
    template: String,
    endpoint_url: Option<String>,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        catalog: "AWS".into(),
        engagement: String::new(),
        resource: String::new(),
        template: "OpportunitySummaryView".into(),
        endpoint_url: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or_else(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "--catalog" => args.catalog = value()?,
            "--engagement" => args.engagement = value()?,
            "--resource" => args.resource = value()?,
            "--template" => args.template = value()?,
            "--endpoint-url" => args.endpoint_url = Some(value()?),
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    if args.engagement.is_empty() || args.resource.is_empty() {
        return Err("--engagement and --resource are required".into());
    }
    Ok(args)
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(args) => args,
        Err(e) => {
            if !e.is_empty() {
                eprintln!("error: {e}");
            }
            eprintln!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    let mut config = Config::from_env().to_builder();
    if let Some(url) = args.endpoint_url {
        config = config.endpoint_url(url);
    }
    let client = Client::from_conf(config.build());
    let result = client
        .create_resource_snapshot_job()
        .catalog(args.catalog)
        .engagement_identifier(args.engagement)
        .resource_type(ResourceType::Opportunity)
        .resource_identifier(args.resource)
        .resource_snapshot_template_identifier(args.template)
        .send()
        .await;
    match result {
        Ok(out) => {
            println!("snapshot job {} ({})", out.id().unwrap_or("?"), out.arn().unwrap_or("no ARN"));
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("error: {err}");
            if let Some(service) = err.as_service_error() {
                eprintln!(
                    "code: {:?}, message: {:?}, request id: {:?}",
                    service.code(),
                    service.message(),
                    service.meta().request_id()
                );
            }
            ExitCode::FAILURE
        }
    }
}
