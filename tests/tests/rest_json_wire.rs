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

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use codegen::{GeneratedCrate, Generator, RuntimeDependency};

/// The scratch test crate's package name, also its folder.
const SUPPORT: &str = "wire-support";

#[test]
fn lambda_generated_whole_invokes_functions_on_the_wire() {
    let Some(shared) = tests::shared_dir("the Lambda wire tests") else { return };
    let model = shared.join("models/restJson1/lambda-2015-03-31.json");
    let lambda = generate(&model, &[]);
    assert_eq!(lambda.package, "lambda", "the package is named from the sdkId");
    run_scratch_tests("rest-json-wire-lambda", lambda, "lambda", include_str!("rest_json_wire/lambda.rs"));
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
        "greengrass",
        include_str!("rest_json_wire/greengrass.rs"),
    );
}

/// Generates `operations` of `model` (none: the whole service) against the
/// workspace's runtime.
fn generate(model: &Path, operations: &[&str]) -> GeneratedCrate {
    let start = Instant::now();
    let label = model.file_name().expect("a model file").to_string_lossy().into_owned();
    let mut generator = Generator::new().model(model).model_label(&label).runtime(tests::scratch_workspace_runtime());
    for op in operations {
        generator = generator.operation(*op);
    }
    let krate = generator.generate().unwrap_or_else(|e| panic!("{label} fails to generate: {e}"));
    println!("generated {label} ({} files) in {:?}", krate.files.len(), start.elapsed());
    krate
}

/// Writes the generated crate and the test crate (with `tests` as its
/// `tests/<name>.rs`) into the scratch workspace `scratch` and runs that
/// test file there, warnings denied.
fn run_scratch_tests(scratch: &str, service: GeneratedCrate, name: &str, tests: &str) {
    let support = support_crate(&service.package, name, tests);
    // The test crate is not codegen's output, which the writer refuses to
    // overwrite; start it afresh each run.
    let _ = std::fs::remove_dir_all(scratch_workspace(scratch).join(SUPPORT));
    let crates = [(service.package.clone(), service), (SUPPORT.to_owned(), support)];
    let start = Instant::now();
    tests::cargo_in_scratch_workspace(scratch, &crates, &["test", "-p", SUPPORT, "--test", name])
        .unwrap_or_else(|e| panic!("{e}"));
    println!("built and ran the {name} wire tests in {:?}", start.elapsed());
}

/// Where [`tests::cargo_in_scratch_workspace`] writes the workspace `name`.
fn scratch_workspace(name: &str) -> PathBuf {
    tests::workspace_root().join("target").join("test-workspaces").join(name)
}

/// The test crate: the wire-test helpers as its library, `tests` as its
/// test file `tests/<name>.rs`, depending on the generated `service` crate
/// beside it.
fn support_crate(service: &str, name: &str, tests: &str) -> GeneratedCrate {
    let RuntimeDependency::Path(runtime) = tests::scratch_workspace_runtime() else {
        panic!("the scratch workspaces use the workspace's runtime crate by path")
    };
    let manifest = format!(
        r#"[package]
name = "{SUPPORT}"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
{service} = {{ path = "../{service}" }}
smithy-client-runtime = {{ path = "{runtime}", default-features = false }}
serde_json = "1"
tokio = {{ version = "1.44", features = ["macros", "rt-multi-thread", "net", "io-util", "time", "sync"] }}
"#
    );
    let helpers = tests::workspace_root().join("tests").join("src");
    let lib = format!(
        "//! The workspace's wire-test helpers, compiled against this scratch workspace's runtime.\n\n\
         #[path = {server:?}]\npub mod server;\n#[path = {signing:?}]\npub mod signing;\n\n\
         // `signing` signs with the runtime's signer, as `crate::sigv4` and `crate::time`.\n\
         use smithy_client_runtime::rt::{{sigv4, time}};\n",
        server = helpers.join("server.rs").display().to_string(),
        signing = helpers.join("signing.rs").display().to_string(),
    );
    let files = BTreeMap::from([
        ("Cargo.toml".to_owned(), manifest),
        ("src/lib.rs".to_owned(), lib),
        (format!("tests/{name}.rs"), tests.to_owned()),
    ]);
    GeneratedCrate { package: SUPPORT.to_owned(), files }
}
