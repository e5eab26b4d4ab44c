//! One `list_tables` call with `aws-sdk-dynamodb` and `aws-config`: the user program that
//! `run.sh` rebuilds after touching this file (the big-service rows). Its
//! twin for our generated DynamoDB crate is `../../ours/dynamodb.rs`.

#[tokio::main]
async fn main() {
    let config = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;
    let client = aws_sdk_dynamodb::Client::new(&config);
    match client.list_tables().send().await {
        Ok(out) => println!("{:?}", out.table_names()),
        Err(err) => eprintln!("error: {}", aws_sdk_dynamodb::error::DisplayErrorContext(&err)),
    }
}
