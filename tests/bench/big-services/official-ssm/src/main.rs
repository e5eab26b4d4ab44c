//! One `describe_parameters` call with `aws-sdk-ssm` and `aws-config`: the user program that
//! `run.sh` rebuilds after touching this file (the big-service rows). Its
//! twin for our generated SSM crate is `../../ours/ssm.rs`.

#[tokio::main]
async fn main() {
    let config = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;
    let client = aws_sdk_ssm::Client::new(&config);
    match client.describe_parameters().send().await {
        Ok(out) => println!("{:?}", out.parameters()),
        Err(err) => eprintln!("error: {}", aws_sdk_ssm::error::DisplayErrorContext(&err)),
    }
}
