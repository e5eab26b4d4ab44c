//! A fixed, diverse sample of the shared awsJson and restJson1 models, each
//! generated as a whole-service crate and compiled with clippy warnings
//! denied: awsJson 1.0 and 1.1, documents, blobs, timestamps, a
//! query-compatible service, request compression and host prefixes; and the
//! restJson1 bindings (labels, greedy labels, query lists, headers, payloads,
//! streams, event streams, service customisations).
//! `scripts/compile-all-models.sh` compiles every shared model; this is the
//! part CI can afford on every run.

use codegen::{GeneratedCrate, Generator};

const SAMPLE: &[(&str, &str)] = &[
    ("ec2-instance-connect-2018-04-02", "awsJson1_1, the smallest"),
    ("identitystore-2020-06-15", "documents"),
    ("dynamodb-streams-2012-08-10", "blobs and timestamps on awsJson1_0"),
    ("sqs-2012-11-05", "query-compatible error codes"),
    ("cloudwatch-2010-08-01", "request compression; also declares awsQuery"),
    ("servicediscovery-2017-03-14", "host prefixes"),
];

const REST_JSON_SAMPLE: &[(&str, &str)] = &[
    ("lambda-2015-03-31", "blob payloads, status-code and header outputs, an event stream"),
    ("api-gateway-2015-07-09", "the API Gateway customisation, 124 operations"),
    ("glacier-2012-06-01", "the Glacier customisations, @requiresLength streaming uploads"),
    ("greengrassv2-2020-11-30", "greedy labels and query lists"),
    ("mediastore-data-2017-09-01", "streams both ways"),
    ("polly-2016-06-10", "a streaming output"),
    ("sso-2019-06-10", "small; header-bound credentials"),
    ("eks-auth-2023-11-26", "one operation"),
    ("bedrock-runtime-2023-09-30", "event streams and document payloads"),
    ("iot-data-plane-2015-05-28", "blob payloads and prefix-free topics in labels"),
];

const XML_SAMPLE: &[(&str, &str)] = &[
    ("awsQuery/sts-2011-06-15", "awsQuery, what the credentials chain calls"),
    ("awsQuery/sns-2010-03-31", "awsQuery maps and lists"),
    ("restXml/route-53-2013-04-01", "restXml with labels, XML payloads and namespaces"),
];

#[test]
fn a_diverse_sample_of_shared_models_compiles_without_warnings() {
    compile_sample("models/aws", "model-sample", SAMPLE);
}

#[test]
fn a_diverse_sample_of_shared_rest_json_models_compiles_without_warnings() {
    compile_sample("models/restJson1", "rest-json-sample", REST_JSON_SAMPLE);
}

#[test]
fn a_sample_of_shared_xml_protocol_models_compiles_without_warnings() {
    compile_sample("models", "xml-sample", XML_SAMPLE);
}

fn compile_sample(folder: &str, scratch: &str, sample: &[(&str, &str)]) {
    let Some(shared) = tests::shared_dir("the shared-model compile sample") else { return };
    let crates: Vec<(String, GeneratedCrate)> = sample
        .iter()
        .map(|(path, why)| {
            // A name may start with its subfolder (`awsQuery/sts-2011-06-15`).
            let name = path.rsplit('/').next().unwrap_or(path);
            let krate = Generator::new()
                .model(shared.join(folder).join(format!("{path}.json")))
                .model_label(format!("{name}.json"))
                .crate_name(format!("sample-{name}"))
                .runtime(tests::scratch_workspace_runtime())
                .generate()
                .unwrap_or_else(|e| panic!("{name} ({why}) fails to generate: {e}"));
            (format!("sample-{name}"), krate)
        })
        .collect();
    tests::cargo_in_scratch_workspace(scratch, &crates, &["clippy", "--quiet"]).unwrap_or_else(|e| panic!("{e}"));
    println!(
        "compiled {} shared models from {folder}: {}",
        sample.len(),
        sample.iter().map(|(n, _)| *n).collect::<Vec<_>>().join(", ")
    );
}
