//! One `describe_parameters` call with our generated SSM crate: the user program that
//! `run.sh` rebuilds after touching this file (the big-service rows). Its
//! twin for `aws-sdk-ssm` is `../official-ssm/src/main.rs`.

#[tokio::main]
async fn main() {
    let config = ssm::config::load_from_env().await;
    let client = ssm::Client::new(&config);
    match client.describe_parameters().send().await {
        Ok(out) => println!("{:?}", out.parameters()),
        Err(err) => eprintln!("error: {err}"),
    }
}
