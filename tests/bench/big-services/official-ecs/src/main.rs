//! One `list_clusters` call with `aws-sdk-ecs` and `aws-config`: the user program that
//! `run.sh` rebuilds after touching this file (the big-service rows). Its
//! twin for our generated ECS crate is `../../ours/ecs.rs`.

#[tokio::main]
async fn main() {
    let config = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;
    let client = aws_sdk_ecs::Client::new(&config);
    match client.list_clusters().send().await {
        Ok(out) => println!("{:?}", out.cluster_arns()),
        Err(err) => eprintln!("error: {}", aws_sdk_ecs::error::DisplayErrorContext(&err)),
    }
}
