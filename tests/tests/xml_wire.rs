//! Wire tests for XML-protocol clients generated at test time from the
//! shared models: STS (awsQuery) and S3 (restXml). Each test generates the
//! operations it needs, writes the client into a scratch workspace beside a
//! small test crate, and runs that crate's tests there; they drive the client
//! against a server on 127.0.0.1 and check each request as the service would
//! see it (method, raw path and query, headers, form or stream body, SigV4
//! signature) and each answer as the caller sees it, hostile answers
//! included: entity definitions, deep nesting and bodies over the size limit
//! fail quickly with an error that says why.
//!
//! The scratch tests live in `xml_wire/` and compile there, against the
//! generated crate; the server and the signature check are this workspace's
//! own (`tests/src/server.rs`, `tests/src/signing.rs`), compiled into the
//! scratch test crate by path, as `rest_json_wire.rs` does for restJson1.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use codegen::{GeneratedCrate, Generator, RuntimeDependency};

/// The scratch test crate's package name, also its folder.
const SUPPORT: &str = "wire-support";

#[test]
fn sts_assumes_roles_over_the_query_protocol_and_refuses_hostile_answers() {
    let Some(shared) = tests::shared_dir("the STS wire tests") else { return };
    let model = shared.join("models/awsQuery/sts-2011-06-15.json");
    let sts = generate(&model, &["AssumeRole", "AssumeRoleWithWebIdentity", "GetCallerIdentity"]);
    assert_eq!(sts.package, "sts", "the package is named from the sdkId");
    let scratch = "xml-wire-sts";
    run_scratch_tests(scratch, sts, &[("sts", include_str!("xml_wire/sts.rs"))]);
    print_report(scratch, "sts_report.txt");
}

#[test]
fn s3_objects_stream_both_ways_with_s3_signing_and_errors() {
    let Some(shared) = tests::shared_dir("the S3 wire tests") else { return };
    let model = shared.join("models/restXml/s3-2006-03-01.json");
    let s3 = generate(&model, &["PutObject", "GetObject", "ListObjectsV2", "HeadObject"]);
    assert_eq!(s3.package, "s3", "the package is named from the sdkId");
    let scratch = "xml-wire-s3";
    // The streaming test is a binary of its own: it measures the process's
    // peak memory, which tests running beside it would inflate.
    run_scratch_tests(
        scratch,
        s3,
        &[("s3", include_str!("xml_wire/s3.rs")), ("s3_stream", include_str!("xml_wire/s3_stream.rs"))],
    );
    print_report(scratch, "s3_stream_report.txt");
}

/// Prints the figures the scratch tests wrote to `file` in the test crate's
/// folder, sorted.
fn print_report(scratch: &str, file: &str) {
    let path = scratch_workspace(scratch).join(SUPPORT).join(file);
    let report =
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("the scratch tests write {}: {e}", path.display()));
    let mut lines: Vec<&str> = report.lines().collect();
    lines.sort();
    for line in lines {
        println!("{line}");
    }
}

/// Generates `operations` of `model` against the workspace's runtime.
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

/// Writes the generated crate and the test crate (each of `tests` as its
/// `tests/<name>.rs`) into the scratch workspace `scratch` and runs those
/// test files there, warnings denied.
fn run_scratch_tests(scratch: &str, service: GeneratedCrate, tests: &[(&str, &str)]) {
    let support = support_crate(&service.package, tests);
    // The test crate is not codegen's output, which the writer refuses to
    // overwrite; start it afresh each run.
    let _ = std::fs::remove_dir_all(scratch_workspace(scratch).join(SUPPORT));
    let crates = [(service.package.clone(), service), (SUPPORT.to_owned(), support)];
    let mut args = vec!["test", "-p", SUPPORT];
    for (name, _) in tests {
        args.extend(["--test", name]);
    }
    let start = Instant::now();
    tests::cargo_in_scratch_workspace(scratch, &crates, &args).unwrap_or_else(|e| panic!("{e}"));
    let names: Vec<&str> = tests.iter().map(|(name, _)| *name).collect();
    println!("built and ran the {} wire tests in {:?}", names.join(" and "), start.elapsed());
}

/// Where [`tests::cargo_in_scratch_workspace`] writes the workspace `name`.
fn scratch_workspace(name: &str) -> PathBuf {
    tests::workspace_root().join("target").join("test-workspaces").join(name)
}

/// The test crate: the wire-test helpers as its library, each of `tests` as
/// a test file `tests/<name>.rs`, depending on the generated `service` crate
/// beside it and on the runtime's canned-response clients (`test-util`).
fn support_crate(service: &str, tests: &[(&str, &str)]) -> GeneratedCrate {
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
{service} = {{ path = "../{service}", features = ["test-util"] }}
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
    let mut files = BTreeMap::from([("Cargo.toml".to_owned(), manifest), ("src/lib.rs".to_owned(), lib)]);
    for (name, source) in tests {
        files.insert(format!("tests/{name}.rs"), (*source).to_owned());
    }
    GeneratedCrate { package: SUPPORT.to_owned(), files }
}
