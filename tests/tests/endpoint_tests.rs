//! Endpoint parameters bound the way a request binds them, judged by the
//! models' own endpoint tests: DynamoDB (account-id endpoints, `ResourceArn`
//! from `@contextParam`, `ResourceArnList` from `operationContextParams`
//! such as `keys(RequestItems)`) is generated with the operations its
//! `operationInputs` name and those with `operationContextParams`, and its
//! endpoint tests run in a scratch workspace, warnings denied, as do those
//! of the waiters fixture (every parameter type, a skipped case). Also: an
//! expression the JMESPath subset cannot serve is a generation error naming
//! the operation and the expression.

use codegen::Generator;
use serde_json::Value;

/// The DynamoDB operations the test generates: those the endpoint tests'
/// `operationInputs` call, and those with `operationContextParams`.
const DYNAMODB_OPERATIONS: &[&str] = &[
    "BatchGetItem",
    "BatchWriteItem",
    "DescribeTable",
    "ImportTable",
    "ListTables",
    "TransactGetItems",
    "TransactWriteItems",
];

/// (test cases, operation inputs) of the model's `smithy.rules#endpointTests`.
fn endpoint_test_counts(model: &Value) -> (usize, usize) {
    let shapes = model["shapes"].as_object().expect("shapes");
    let service = shapes.values().find(|s| s["type"] == "service").expect("a service");
    let cases = service["traits"]["smithy.rules#endpointTests"]["testCases"].as_array().expect("endpoint tests");
    let inputs = cases.iter().map(|c| c["operationInputs"].as_array().map_or(0, Vec::len)).sum();
    (cases.len(), inputs)
}

/// The numbers of the summary line `test result: ok. N passed; 0 failed; M ignored; …`.
fn summary(stdout: &str) -> (usize, usize) {
    let line = stdout.lines().find(|l| l.starts_with("test result:")).expect("a test summary");
    let count = |what: &str| {
        line.split(&[';', '.'][..])
            .find_map(|part| part.trim().strip_suffix(what)?.trim().parse().ok())
            .unwrap_or_else(|| panic!("no `{what}` count in {line:?}"))
    };
    (count("passed"), count("ignored"))
}

/// Runs the endpoint tests of `package`, one of `crates`, in the scratch
/// workspace: (passed, skipped, passed through operation inputs), printed.
fn run_endpoint_tests(crates: &[(String, codegen::GeneratedCrate)], package: &str) -> (usize, usize, usize) {
    let stdout = tests::cargo_output_in_scratch_workspace(
        "endpoint-tests",
        crates,
        &["test", "-p", package, "--lib", "config::endpoint::tests"],
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let (passed, skipped) = summary(&stdout);
    let through_inputs = stdout.lines().filter(|l| l.contains("_input_") && l.ends_with("... ok")).count();
    println!("endpoint tests: {passed} passed, {skipped} skipped ({package})");
    (passed, skipped, through_inputs)
}

#[test]
fn endpoint_tests_pass_through_operation_inputs() {
    // The waiters fixture: `operationContextParams` of each parameter type, a
    // string-array `@staticContextParams`, and an operation input naming an
    // operation the service lacks (skipped).
    let fixture_path = tests::workspace_root().join("tests/fixtures/waiters.json");
    let fixture = Generator::new()
        .model(&fixture_path)
        .model_label("tests/fixtures/waiters.json")
        .crate_name("fixture-waiters")
        .runtime(tests::scratch_workspace_runtime())
        .generate()
        .expect("the waiters fixture generates");
    let mut crates = vec![(fixture.package.clone(), fixture)];
    let Some(shared) = tests::shared_dir("the DynamoDB endpoint tests") else {
        assert_eq!(run_endpoint_tests(&crates, "fixture-waiters"), (8, 1, 4));
        return;
    };
    let model_path = shared.join("models/aws/dynamodb-2012-08-10.json");
    let model: Value =
        serde_json::from_str(&std::fs::read_to_string(&model_path).expect("read the model")).expect("JSON");
    let (cases, inputs) = endpoint_test_counts(&model);
    assert!(inputs > 100, "DynamoDB's endpoint tests call operations ({inputs} operation inputs)");
    let service = tests::wire_scratch::generate(&model_path, DYNAMODB_OPERATIONS);
    let batch_get = &service.files["src/protocol_serde/op_batch_get_item.rs"];
    assert!(batch_get.contains("\"keys(RequestItems)\""), "BatchGetItem binds ResourceArnList by its expression");
    let package = service.package.clone();
    crates.push((package.clone(), service));

    assert_eq!(run_endpoint_tests(&crates, "fixture-waiters"), (8, 1, 4), "the fixture's cases");
    let (passed, skipped, through_inputs) = run_endpoint_tests(&crates, &package);
    println!("  of which {through_inputs} through operationInputs, of {inputs} in the model");
    assert_eq!((passed, skipped), (cases + inputs, 0), "every case and operation input passes");
    assert_eq!(through_inputs, inputs);
}

/// A model whose `Get` operation binds `Table` by `expression`.
fn model_with_expression(expression: &str) -> String {
    let model = serde_json::json!({
        "smithy": "2.0",
        "shapes": {
            "example#Service": {
                "type": "service",
                "version": "2020-01-01",
                "operations": [{"target": "example#Get"}],
                "traits": {
                    "aws.protocols#awsJson1_0": {},
                    "aws.api#service": {"sdkId": "Example"},
                    "aws.auth#sigv4": {"name": "example"},
                    "smithy.rules#endpointRuleSet": {
                        "version": "1.0",
                        "parameters": {
                            "Region": {"type": "string", "builtIn": "AWS::Region", "required": false},
                            "Table": {"type": "string", "required": false}
                        },
                        "rules": [{"conditions": [], "endpoint": {"url": "https://example.com"}, "type": "endpoint"}]
                    }
                }
            },
            "example#Get": {
                "type": "operation",
                "input": {"target": "example#GetInput"},
                "output": {"target": "smithy.api#Unit"},
                "traits": {"smithy.rules#operationContextParams": {"Table": {"path": expression}}}
            },
            "example#GetInput": {
                "type": "structure",
                "members": {"Names": {"target": "example#Names"}}
            },
            "example#Names": {"type": "list", "member": {"target": "smithy.api#String"}}
        }
    });
    model.to_string()
}

fn generate_with_expression(expression: &str) -> Result<codegen::GeneratedCrate, String> {
    let dir = tests::scratch_dir("endpoint-expression");
    let path = dir.join("model.json");
    std::fs::write(&path, model_with_expression(expression)).expect("write the model");
    let result = Generator::new().model(&path).generate().map_err(|e| e.to_string());
    let _ = std::fs::remove_dir_all(&dir);
    result
}

#[test]
fn expressions_the_subset_cannot_serve_are_generation_errors() {
    let krate = generate_with_expression("Names[0]").expect("an index of a list is served");
    assert!(krate.files["src/protocol_serde/op_get.rs"].contains("\"Names[0]\""));
    for (expression, why) in [
        ("sort(Names)", "the function `sort` is not supported"),
        ("Missing.Name", "has no member `Missing`"),
        ("Names[1:2]", "slices"),
    ] {
        let error = generate_with_expression(expression).expect_err(expression);
        assert!(
            error.contains("example#Get") && error.contains(&format!("`{expression}`")) && error.contains(why),
            "{expression}: {error}"
        );
    }
}
