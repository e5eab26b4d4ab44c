//! Wire tests for restJson1 clients generated at test time from the shared
//! models: the whole Lambda service, and the Greengrass V2 operations with
//! greedy labels and query lists. Each test generates the client, writes it
//! into a scratch workspace beside a small test crate, and runs that crate's
//! tests there; they drive the client against a server on 127.0.0.1 and check
//! every request byte for byte (method, raw path and query, headers, body,
//! SigV4 signature) and every answer as the caller sees it.
//!
//! The scratch tests live in `rest_json_wire/` and compile there, against
//! the generated crate; the server and the signature check are this
//! workspace's own (`tests/src/server.rs`, `tests/src/signing.rs`), compiled
//! into the scratch test crate by path, so the scratch build adds nothing
//! but the generated crate and those two files.

use tests::wire_scratch::{generate, run_scratch_tests};

#[test]
fn lambda_generated_whole_invokes_functions_on_the_wire() {
    let Some(shared) = tests::shared_dir("the Lambda wire tests") else { return };
    let model = shared.join("models/restJson1/lambda-2015-03-31.json");
    let lambda = generate(&model, &[]);
    assert_eq!(lambda.package, "lambda", "the package is named from the sdkId");
    run_scratch_tests("rest-json-wire-lambda", lambda, &[("lambda", include_str!("rest_json_wire/lambda.rs"))]);
}

#[test]
fn greengrass_labels_queries_and_errors_on_the_wire() {
    let Some(shared) = tests::shared_dir("the Greengrass V2 wire tests") else { return };
    let model = shared.join("models/restJson1/greengrassv2-2020-11-30.json");
    let operations = ["GetComponentVersionArtifact", "ListComponentVersions", "TagResource", "UntagResource"];
    let greengrass = generate(&model, &operations);
    assert_eq!(greengrass.package, "greengrassv2", "the package is named from the sdkId");
    run_scratch_tests(
        "rest-json-wire-greengrass",
        greengrass,
        &[("greengrass", include_str!("rest_json_wire/greengrass.rs"))],
    );
}
