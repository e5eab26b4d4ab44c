//! One `list_tables` call with our generated DynamoDB crate: the user program that
//! `run.sh` rebuilds after touching this file (the big-service rows). Its
//! twin for `aws-sdk-dynamodb` is `../official-dynamodb/src/main.rs`.

#[tokio::main]
async fn main() {
    let config = dynamodb::config::load_from_env().await;
    let client = dynamodb::Client::new(&config);
    match client.list_tables().send().await {
        Ok(out) => println!("{:?}", out.table_names()),
        Err(err) => eprintln!("error: {err}"),
    }
}
