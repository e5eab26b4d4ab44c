//! The `codegen` command line: usage errors, `--check`, and writing that
//! never leaves a half-written or wrongly replaced folder.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const MODEL: &str = r#"{"smithy": "2.0", "shapes": {
    "ex#Svc": {"type": "service", "version": "1", "operations": [{"target": "ex#Go"}],
               "traits": {"aws.api#service": {"sdkId": "Ex"}, "aws.protocols#awsJson1_0": {}}},
    "ex#Go": {"type": "operation", "input": {"target": "ex#GoIn"}},
    "ex#GoIn": {"type": "structure", "members": {"Name": {"target": "smithy.api#String"}}}
}}"#;

fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn codegen(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_codegen")).args(args).output().expect("run codegen")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn unknown_options_and_missing_values_are_usage_errors() {
    let out = codegen(&["--frobnicate"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("error: unknown option `--frobnicate`"), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("usage: codegen"));
    let out = codegen(&["--model"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("--model needs a value"));
    let out = codegen(&["--help"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stdout).contains("--operation NAME"));
}

#[test]
fn unreadable_or_invalid_models_are_clear_errors() {
    let dir = scratch("cli-bad-model");
    let out =
        codegen(&["--model", dir.join("missing.json").to_str().unwrap(), "--out", dir.join("out").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("cannot read model file"), "{}", text(&out.stderr));
    let bad = dir.join("bad.json");
    std::fs::write(&bad, "{\"smithy\": \"2.0\", \"shapes\": {\"ex#A\": {\"type\": \"nope\"}}}").unwrap();
    let out = codegen(&["--model", bad.to_str().unwrap(), "--out", dir.join("out").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("shape `ex#A`: unknown shape type `nope`"), "{}", text(&out.stderr));
    assert!(!dir.join("out").exists(), "nothing is written when generation fails");
}

#[test]
fn unknown_operation_lists_the_service_operations() {
    let dir = scratch("cli-unknown-op");
    let model = dir.join("m.json");
    std::fs::write(&model, MODEL).unwrap();
    let out =
        codegen(&["--model", model.to_str().unwrap(), "--operation", "Stop", "--out", dir.join("o").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("operation `Stop` is not an operation of ex#Svc; it has: Go"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn check_reports_stale_files_with_a_diff_and_the_fix() {
    let dir = scratch("cli-check");
    let model = dir.join("m.json");
    std::fs::write(&model, MODEL).unwrap();
    let out_dir = dir.join("crate");
    let args = ["--model", model.to_str().unwrap(), "--out", out_dir.to_str().unwrap()];
    let out = codegen(&args);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("package ex"));

    let mut check = args.to_vec();
    check.push("--check");
    assert_eq!(codegen(&check).status.code(), Some(0), "fresh right after generating");

    let lib = out_dir.join("src/lib.rs");
    let original = std::fs::read_to_string(&lib).unwrap();
    std::fs::write(&lib, original.replace("pub mod types;", "pub mod types; // edited")).unwrap();
    std::fs::write(out_dir.join("src/extra.rs"), "").unwrap();
    std::fs::remove_file(out_dir.join("src/types.rs")).unwrap();
    let out = codegen(&check);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("stale:   src/lib.rs"), "{err}");
    assert!(err.contains("orphan:  src/extra.rs"), "{err}");
    assert!(err.contains("missing: src/types.rs"), "{err}");
    assert!(err.contains("-pub mod types; // edited\n+pub mod types;"), "a unified diff: {err}");
    assert!(err.contains(&format!("to fix, run: cargo run -p codegen -- --model {}", model.display())), "{err}");

    let out = codegen(&args);
    assert!(out.status.success());
    assert_eq!(std::fs::read_to_string(&lib).unwrap(), original);
    assert!(!out_dir.join("src/extra.rs").exists(), "orphans are removed");
    assert_eq!(codegen(&check).status.code(), Some(0));
}

#[test]
fn a_folder_that_was_not_generated_is_never_replaced() {
    let dir = scratch("cli-foreign");
    let model = dir.join("m.json");
    std::fs::write(&model, MODEL).unwrap();
    let foreign = dir.join("mine");
    std::fs::create_dir_all(&foreign).unwrap();
    std::fs::write(foreign.join("notes.txt"), "keep me").unwrap();
    let out = codegen(&["--model", model.to_str().unwrap(), "--out", foreign.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("refusing to replace"), "{}", text(&out.stderr));
    assert_eq!(std::fs::read_to_string(foreign.join("notes.txt")).unwrap(), "keep me");
    let leftovers: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "no staging folders are left behind");
}

#[test]
fn invalid_crate_names_are_rejected() {
    let dir = scratch("cli-crate-name");
    let model = dir.join("m.json");
    std::fs::write(&model, MODEL).unwrap();
    let out = codegen(&[
        "--model",
        model.to_str().unwrap(),
        "--crate-name",
        "bad name",
        "--out",
        dir.join("o").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("not a valid crate name"), "{}", text(&out.stderr));
}

#[test]
fn the_runtime_command_writes_checks_and_explains_its_usage() {
    let dir = scratch("cli-runtime");
    let out = codegen(&["runtime"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("--out is required"), "{}", text(&out.stderr));
    let target = dir.join("rt");
    let target = target.to_str().unwrap();
    assert_eq!(codegen(&["runtime", "--out", target]).status.code(), Some(0));
    let manifest = std::fs::read_to_string(dir.join("rt/Cargo.toml")).unwrap();
    assert!(manifest.starts_with("# Code generated by codegen"), "marked as generated:\n{manifest}");
    assert!(manifest.contains("name = \"smithy-client-runtime\""));
    assert!(dir.join("rt/src/lib.rs").is_file() && dir.join("rt/src/rt/sigv4.rs").is_file());
    assert_eq!(codegen(&["runtime", "--out", target, "--check"]).status.code(), Some(0));
    std::fs::write(dir.join("rt/src/lib.rs"), "// edited\n").unwrap();
    let stale = codegen(&["runtime", "--out", target, "--check"]);
    assert_eq!(stale.status.code(), Some(1));
    assert!(text(&stale.stderr).contains("codegen runtime --out"), "names the fix:\n{}", text(&stale.stderr));
}

#[test]
fn an_unsupported_protocol_is_named_in_words() {
    let dir = scratch("cli-protocol");
    let model = dir.join("m.json");
    std::fs::write(&model, MODEL.replace("aws.protocols#awsJson1_0", "smithy.protocols#rpcv2Cbor")).unwrap();
    let out = codegen(&["--model", model.to_str().unwrap(), "--out", dir.join("o").to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains(
            "the service uses the rpcv2Cbor protocol; this generator supports awsJson1_0, awsJson1_1, restJson1, awsQuery, ec2Query and restXml"
        ),
        "{stderr}"
    );
    assert!(!stderr.contains("Other("), "no Rust debug text: {stderr}");
}

/// A restJson1 model whose `Go` operation binds `Member` with `binding`
/// (a trait object) to a member of type `target`, under URI `uri`.
fn rest_json_model(uri: &str, binding: &str, target: &str) -> String {
    format!(
        r#"{{"smithy": "2.0", "shapes": {{
    "ex#Svc": {{"type": "service", "version": "1", "operations": [{{"target": "ex#Go"}}],
               "traits": {{"aws.api#service": {{"sdkId": "Ex"}}, "aws.protocols#restJson1": {{}}}}}},
    "ex#Go": {{"type": "operation", "input": {{"target": "ex#GoIn"}},
              "traits": {{"smithy.api#http": {{"method": "POST", "uri": "{uri}"}}}}}},
    "ex#GoIn": {{"type": "structure", "members": {{"Member": {{"target": "{target}", "traits": {binding}}}}}}},
    "ex#List": {{"type": "list", "member": {{"target": "smithy.api#String"}}}},
    "ex#Nested": {{"type": "structure", "members": {{}}}}
}}}}"#
    )
}

#[test]
fn rest_bindings_the_generator_cannot_serve_are_errors_naming_member_and_trait() {
    let dir = scratch("cli-bindings");
    let cases = [
        (
            "/go/{Member}",
            r#"{"smithy.api#httpLabel": {}, "smithy.api#required": {}}"#,
            "ex#List",
            "smithy.api#httpLabel",
        ),
        ("/go", r#"{"smithy.api#httpHeader": "X-Nested"}"#, "ex#Nested", "smithy.api#httpHeader"),
        ("/go", r#"{"smithy.api#httpQuery": "n"}"#, "ex#Nested", "smithy.api#httpQuery"),
        ("/go", r#"{"smithy.api#httpPrefixHeaders": "X-"}"#, "ex#List", "smithy.api#httpPrefixHeaders"),
        ("/go/{Other}", r#"{}"#, "smithy.api#String", "label `Other`"),
        ("/go", r#"{"smithy.api#httpLabel": {}, "smithy.api#required": {}}"#, "smithy.api#String", "no such label"),
    ];
    for (i, (uri, binding, target, expected)) in cases.into_iter().enumerate() {
        let model = dir.join(format!("m{i}.json"));
        std::fs::write(&model, rest_json_model(uri, binding, target)).unwrap();
        let out = codegen(&["--model", model.to_str().unwrap(), "--out", dir.join(format!("o{i}")).to_str().unwrap()]);
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "case {i}: {stderr}");
        assert!(stderr.contains(expected), "case {i}: expected `{expected}` in: {stderr}");
        assert!(stderr.contains("ex#G"), "case {i}: names the shape: {stderr}");
        assert!(!dir.join(format!("o{i}")).exists(), "case {i}: nothing is written");
    }
}

#[test]
fn crates_generated_elsewhere_name_the_command_that_regenerates_them() {
    let dir = scratch("cli-header");
    let model = dir.join("m.json");
    std::fs::write(&model, MODEL).unwrap();
    let out_dir = dir.join("client");
    let args = ["--model", model.to_str().unwrap(), "--out", out_dir.to_str().unwrap(), "--crate-name", "ex-client"];
    assert_eq!(codegen(&args).status.code(), Some(0));
    let lib = std::fs::read_to_string(out_dir.join("src/lib.rs")).unwrap();
    let expected = format!("// Regenerate with: codegen {}", args.join(" "));
    assert!(lib.contains(&expected), "expected `{expected}` in:\n{lib}");
}
