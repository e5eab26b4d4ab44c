//! One `list_clusters` call with our generated ECS crate: the user program that
//! `run.sh` rebuilds after touching this file (the big-service rows). Its
//! twin for `aws-sdk-ecs` is `../official-ecs/src/main.rs`.

#[tokio::main]
async fn main() {
    let config = ecs::config::load_from_env().await;
    let client = ecs::Client::new(&config);
    match client.list_clusters().send().await {
        Ok(out) => println!("{:?}", out.cluster_arns()),
        Err(err) => eprintln!("error: {err}"),
    }
}
