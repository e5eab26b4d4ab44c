//! A fixed, diverse sample of the shared awsJson models, each generated as a
//! whole-service crate and compiled with clippy warnings denied: awsJson 1.0
//! and 1.1, documents, blobs, timestamps, a query-compatible service, request
//! compression and host prefixes. `scripts/compile-all-models.sh` compiles
//! every shared model; this is the part CI can afford on every run.

use codegen::{GeneratedCrate, Generator};

const SAMPLE: &[(&str, &str)] = &[
    ("ec2-instance-connect-2018-04-02", "awsJson1_1, the smallest"),
    ("identitystore-2020-06-15", "documents"),
    ("dynamodb-streams-2012-08-10", "blobs and timestamps on awsJson1_0"),
    ("sqs-2012-11-05", "query-compatible error codes"),
    ("cloudwatch-2010-08-01", "request compression; also declares awsQuery"),
    ("servicediscovery-2017-03-14", "host prefixes"),
];

#[test]
fn a_diverse_sample_of_shared_models_compiles_without_warnings() {
    let Some(shared) = tests::shared_dir("the shared-model compile sample") else { return };
    let crates: Vec<(String, GeneratedCrate)> = SAMPLE
        .iter()
        .map(|(name, why)| {
            let krate = Generator::new()
                .model(shared.join("models/aws").join(format!("{name}.json")))
                .model_label(format!("{name}.json"))
                .crate_name(format!("sample-{name}"))
                .runtime(tests::scratch_workspace_runtime())
                .generate()
                .unwrap_or_else(|e| panic!("{name} ({why}) fails to generate: {e}"));
            (format!("sample-{name}"), krate)
        })
        .collect();
    tests::cargo_in_scratch_workspace("model-sample", &crates, &["clippy", "--quiet"])
        .unwrap_or_else(|e| panic!("{e}"));
    println!(
        "compiled {} shared models: {}",
        SAMPLE.len(),
        SAMPLE.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", ")
    );
}
