//! Snapshot tests of the emitted code, one fixture model per concern under
//! `tests/fixtures/` (unions, enums, defaults, errors, sparse collections,
//! timestamps, recursion, name collisions, `@sensitive` redaction, naming,
//! restJson1's HTTP bindings, restXml and awsQuery bodies, paginators,
//! waiters),
//! so that a change to one emitter shows in that concern's snapshot; and a
//! check that every fixture crate compiles cleanly (clippy and rustdoc with
//! warnings denied).
//!
//! `shapes` keeps every file of a crate; the other snapshots leave out the
//! service-wide files (`Cargo.toml`, `lib.rs`, the client, configuration and
//! endpoint modules), which only `shapes` and `naming` pin.
//!
//! After an intended change to the output, review and accept the new
//! snapshots with `cargo insta review` (or `INSTA_UPDATE=always cargo test`).

use codegen::{GeneratedCrate, Generator};

/// Every fixture: (name, whether its snapshot keeps the service-wide files).
const FIXTURES: &[(&str, bool)] = &[
    ("shapes", true),
    ("naming", true),
    ("unions", false),
    ("enums", false),
    ("defaults", false),
    ("errors", false),
    ("sparse", false),
    ("timestamps", false),
    ("recursion", false),
    ("collisions", false),
    ("sensitive", false),
    ("rest_json", false),
    ("rest_xml", false),
    ("aws_query", false),
    ("paginators", false),
    ("waiters", true),
];

/// Files every crate has whose content depends on the service, not on shapes.
const SERVICE_FILES: &[&str] =
    &["Cargo.toml", "rustfmt.toml", "src/lib.rs", "src/client.rs", "src/config.rs", "src/config/endpoint.rs"];

fn generate(fixture: &str) -> GeneratedCrate {
    let path = tests::workspace_root().join("tests").join("fixtures").join(format!("{fixture}.json"));
    Generator::new()
        .model(path)
        .model_label(format!("tests/fixtures/{fixture}.json"))
        .crate_name(format!("fixture-{fixture}"))
        .runtime(tests::scratch_workspace_runtime())
        .generate()
        .unwrap_or_else(|e| panic!("fixture {fixture} fails to generate: {e}"))
}

/// The emitted files in one document, file by file.
fn emitted_code(krate: &GeneratedCrate, service_files: bool) -> String {
    let mut out = String::new();
    for (path, text) in &krate.files {
        if service_files || !SERVICE_FILES.contains(&path.as_str()) {
            out.push_str(&format!("==== {path}\n{text}\n"));
        }
    }
    out
}

fn check(fixture: &str) {
    let (_, service_files) = FIXTURES.iter().find(|(f, _)| *f == fixture).expect("a listed fixture");
    insta::assert_snapshot!(fixture, emitted_code(&generate(fixture), *service_files));
}

#[test]
fn shapes_fixture_snapshot() {
    check("shapes");
}

#[test]
fn naming_fixture_snapshot() {
    check("naming");
}

#[test]
fn unions_fixture_snapshot() {
    check("unions");
}

#[test]
fn enums_fixture_snapshot() {
    check("enums");
}

#[test]
fn defaults_fixture_snapshot() {
    check("defaults");
}

#[test]
fn errors_fixture_snapshot() {
    check("errors");
}

#[test]
fn sparse_fixture_snapshot() {
    check("sparse");
}

#[test]
fn timestamps_fixture_snapshot() {
    check("timestamps");
}

#[test]
fn recursion_fixture_snapshot() {
    check("recursion");
}

#[test]
fn collisions_fixture_snapshot() {
    check("collisions");
}

#[test]
fn sensitive_fixture_snapshot() {
    check("sensitive");
}

#[test]
fn rest_json_fixture_snapshot() {
    check("rest_json");
}

#[test]
fn rest_xml_fixture_snapshot() {
    check("rest_xml");
}

#[test]
fn aws_query_fixture_snapshot() {
    check("aws_query");
}

#[test]
fn paginators_fixture_snapshot() {
    check("paginators");
}

#[test]
fn waiters_fixture_snapshot() {
    check("waiters");
}

#[test]
fn a_model_shape_named_like_an_operation_input_gets_its_own_files() {
    let krate = generate("collisions");
    for file in [
        "src/protocol_serde/io_describe_input.rs",
        "src/protocol_serde/shape_describe_input.rs",
        "src/types/_describe_input.rs",
        "src/operation/describe/_describe_input.rs",
    ] {
        assert!(krate.files.contains_key(file), "{file} is generated");
    }
}

#[test]
fn maps_keyed_by_an_enum_use_the_enum_as_key_type() {
    let krate = generate("enums");
    let input = &krate.files["src/operation/put_levels/_put_levels_input.rs"];
    assert!(
        input.contains("HashMap<crate::types::Level, ::std::string::String>"),
        "the map is keyed by the enum:\n{input}"
    );
}

#[test]
fn fixture_crates_pass_clippy_and_rustdoc_with_warnings_denied() {
    let crates: Vec<(String, GeneratedCrate)> =
        FIXTURES.iter().map(|(f, _)| (format!("fixture-{f}"), generate(f))).collect();
    tests::cargo_in_scratch_workspace("fixtures", &crates, &["clippy", "--all-targets", "--quiet"])
        .unwrap_or_else(|e| panic!("{e}"));
    tests::cargo_in_scratch_workspace("fixtures", &crates, &["doc", "--no-deps", "--quiet"])
        .unwrap_or_else(|e| panic!("{e}"));
}
