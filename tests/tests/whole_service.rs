//! The whole Partner Central Selling service (42 operations, unions,
//! timestamps, maps) generates into a crate that compiles without warnings,
//! and every shared awsJson, restJson1, awsQuery and restXml model generates
//! without error.

use std::time::Instant;

use codegen::Generator;

#[test]
fn whole_partnercentral_service_compiles() {
    let Some(shared) = tests::shared_dir("the whole-service compile test") else { return };
    let model = shared.join("models/aws/partnercentral-selling-2022-07-26.json");
    let start = Instant::now();
    let krate = Generator::new()
        .model(&model)
        .model_label("partnercentral-selling-2022-07-26.json")
        .generate()
        .expect("generates");
    println!("generated the whole service ({} files) in {:?}", krate.files.len(), start.elapsed());
    let operations =
        krate.files.keys().filter(|p| p.starts_with("src/operation/") && p.matches('/').count() == 2).count();
    assert_eq!(operations, 42, "one module per operation");
    tests::cargo_in_scratch_workspace(
        "whole-service",
        &[("partnercentral-selling".into(), krate)],
        &["clippy", "--quiet"],
    )
    .unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn every_shared_aws_model_generates() {
    generate_all("models/aws", 133);
}

#[test]
fn every_shared_rest_json_model_generates() {
    generate_all("models/restJson1", 226);
}

#[test]
fn every_shared_xml_protocol_model_generates() {
    generate_all("models/awsQuery", 13);
    generate_all("models/restXml", 4);
}

fn generate_all(folder: &str, expected: usize) {
    let Some(shared) = tests::shared_dir("generating every shared model") else { return };
    let start = Instant::now();
    let mut generated = 0;
    let mut failures = Vec::new();
    for model in tests::json_files(&shared.join(folder)) {
        match Generator::new().model(&model).generate() {
            Ok(_) => generated += 1,
            Err(e) => failures.push(format!("{}: {e}", model.display())),
        }
    }
    println!(
        "generated {generated} of {} shared models in {folder} in {:?}",
        generated + failures.len(),
        start.elapsed()
    );
    assert!(failures.is_empty(), "models that failed to generate:\n{}", failures.join("\n"));
    assert!(generated >= expected, "expected the {expected} shared models in {folder}, found {generated}");
}
