//! Snapshot tests of the emitted code for the fixture models in
//! `tests/fixtures/`, and a check that the emitted crates compile cleanly
//! (clippy and rustdoc with warnings denied).
//!
//! After an intended change to the output, review and accept the new
//! snapshots with `cargo insta review` (or `INSTA_UPDATE=always cargo test`).

use codegen::{GeneratedCrate, Generator, RuntimeDependency};

const FIXTURES: &[&str] = &["shapes", "naming"];

fn generate(fixture: &str) -> GeneratedCrate {
    let path = tests::workspace_root().join("tests").join("fixtures").join(format!("{fixture}.json"));
    Generator::new()
        .model(path)
        .model_label(format!("tests/fixtures/{fixture}.json"))
        .crate_name(format!("fixture-{fixture}"))
        // The scratch workspace puts the crate at target/test-workspaces/fixtures/<crate>.
        .runtime(RuntimeDependency::Path("../../../../codegen/runtime".into()))
        .generate()
        .unwrap_or_else(|e| panic!("fixture {fixture} fails to generate: {e}"))
}

/// Every emitted file in one document, file by file.
fn emitted_code(krate: &GeneratedCrate) -> String {
    let mut out = String::new();
    for (path, text) in &krate.files {
        out.push_str(&format!("==== {path}\n{text}\n"));
    }
    out
}

#[test]
fn shapes_fixture_snapshot() {
    insta::assert_snapshot!("shapes", emitted_code(&generate("shapes")));
}

#[test]
fn naming_fixture_snapshot() {
    insta::assert_snapshot!("naming", emitted_code(&generate("naming")));
}

#[test]
fn fixture_crates_pass_clippy_and_rustdoc_with_warnings_denied() {
    let crates: Vec<(String, GeneratedCrate)> =
        FIXTURES.iter().map(|f| (format!("fixture-{f}"), generate(f))).collect();
    tests::cargo_in_scratch_workspace("fixtures", &crates, &["clippy", "--all-targets", "--quiet"])
        .unwrap_or_else(|e| panic!("{e}"));
    tests::cargo_in_scratch_workspace("fixtures", &crates, &["doc", "--no-deps", "--quiet"])
        .unwrap_or_else(|e| panic!("{e}"));
}
