//! The `codegen diff` command: `--fail-on` exit codes, output formats, clear
//! errors for unreadable models, no panic on unrelated models, and the next
//! crate version computed from the diff.

use std::path::PathBuf;

use codegen::diff::cli::run;
use codegen::diff::version::next_crate_version;
use codegen::diff::{Bump, DiffError, DiffOptions, compare, compare_files, next_version};

fn fixture(name: &str, side: &str) -> String {
    tests::workspace_root().join("tests/fixtures/diff").join(name).join(side).display().to_string()
}

/// Runs `codegen diff` with these arguments: (exit status, stdout, stderr).
fn diff(args: &[&str]) -> (u8, String, String) {
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = run(args.iter().map(|a| a.to_string()).collect(), &mut out, &mut err);
    (code, String::from_utf8_lossy(&out).into_owned(), String::from_utf8_lossy(&err).into_owned())
}

fn diff_pair(name: &str, extra: &[&str]) -> (u8, String, String) {
    let (old, new) = (fixture(name, "old.json"), fixture(name, "new.json"));
    let mut args = vec![old.as_str(), new.as_str()];
    args.extend_from_slice(extra);
    diff(&args)
}

#[test]
fn fail_on_breaking_exits_1_only_for_breaking_changes() {
    assert_eq!(diff_pair("operation_removed", &["--fail-on", "breaking"]).0, 1);
    assert_eq!(diff_pair("error_added", &["--fail-on", "breaking"]).0, 0, "dangerous is not breaking");
    assert_eq!(diff_pair("member_added_optional", &["--fail-on=breaking"]).0, 0);
}

#[test]
fn fail_on_dangerous_exits_1_for_dangerous_or_breaking_changes() {
    assert_eq!(diff_pair("error_added", &["--fail-on", "dangerous"]).0, 1, "the wire is dangerous");
    assert_eq!(diff_pair("operation_removed", &["--fail-on", "dangerous"]).0, 1);
    assert_eq!(diff_pair("deprecated_removed", &["--fail-on", "dangerous"]).0, 0, "compatible everywhere");
}

#[test]
fn fail_on_never_is_the_default() {
    assert_eq!(diff_pair("operation_removed", &[]).0, 0);
    assert_eq!(diff_pair("operation_removed", &["--fail-on", "never"]).0, 0);
}

#[test]
fn json_format_writes_parseable_json() {
    let (code, out, _) = diff_pair("error_added", &["--format", "json"]);
    assert_eq!(code, 0);
    let json: serde_json::Value = serde_json::from_str(&out).expect("valid JSON");
    assert_eq!(json["format"], "codegen-diff/1");
    assert_eq!(json["changes"].as_array().map(Vec::len), Some(1));
}

#[test]
fn missing_model_file_is_a_clear_error() {
    let new = fixture("error_added", "new.json");
    let (code, out, err) = diff(&["does/not/exist.json", &new]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(err.starts_with("error: old model: cannot read model file does/not/exist.json"), "{err}");
}

#[test]
fn malformed_and_invalid_models_are_clear_errors() {
    let dir = tests::scratch_dir("diff-cli-bad-models");
    let malformed = dir.join("malformed.json");
    std::fs::write(&malformed, "{\"smithy\": \"2.0\", \"shapes\": {").expect("write");
    let invalid = dir.join("invalid.json");
    std::fs::write(
        &invalid,
        r#"{"smithy": "2.0", "shapes": {"ex#S": {"type": "structure", "members": {"a": {"target": "ex#Missing"}}}}}"#,
    )
    .expect("write");
    let old = fixture("error_added", "old.json");
    let (code, _, err) = diff(&[&old, &malformed.display().to_string()]);
    assert_eq!(code, 2);
    assert!(err.contains("new model:") && err.contains("malformed JSON"), "{err}");
    let (code, _, err) = diff(&[&old, &invalid.display().to_string()]);
    assert_eq!(code, 2);
    assert!(err.contains("new model:") && err.contains("ex#Missing"), "{err}");
}

#[test]
fn unknown_operation_lists_what_the_models_have() {
    let (code, _, err) = diff_pair("error_added", &["--operation", "Nope"]);
    assert_eq!(code, 2);
    assert!(err.contains("operation `Nope` is in neither model; they have: DeleteItem, GetItem, PutItem"), "{err}");
}

#[test]
fn bad_usage_exits_2_with_the_usage() {
    let (code, _, err) = diff(&["only-one.json"]);
    assert_eq!(code, 2);
    assert!(err.contains("usage: codegen diff"), "{err}");
    let (code, out, _) = diff(&["--help"]);
    assert_eq!(code, 0);
    assert!(out.contains("--fail-on"));
}

#[test]
fn an_operation_only_the_new_model_has_can_be_compared() {
    let options = DiffOptions { operations: vec!["DeleteItem".into()], ..Default::default() };
    let old = PathBuf::from(fixture("operation_added", "old.json"));
    let new = PathBuf::from(fixture("operation_added", "new.json"));
    let report = compare_files(&old, &new, &options).expect("compares").into_report();
    assert!(report.changes.iter().any(|c| c.kind == codegen::diff::ChangeKind::OperationAdded), "{}", report.to_text());
}

#[test]
fn unrelated_models_compare_without_panicking() {
    // Every pair of a few real, unrelated AWS models, and our fixtures.
    let mut models = Vec::new();
    if let Some(shared) = tests::shared_dir("comparing unrelated AWS models") {
        models.extend(tests::json_files(&shared.join("models/aws")).into_iter().take(6));
    }
    models.push(PathBuf::from(fixture("unrelated_models", "old.json")));
    models.push(PathBuf::from(fixture("unrelated_models", "new.json")));
    let loaded: Vec<_> = models.iter().map(|m| codegen::smithy::load_file(m).expect("loads")).collect();
    for (i, old) in loaded.iter().enumerate() {
        for (j, new) in loaded.iter().enumerate() {
            match compare(old, new, &DiffOptions::default()) {
                Ok(c) => {
                    let report = c.report();
                    let _ = (report.to_text(), report.to_json(), c.changed_files());
                }
                Err(e) => assert!(matches!(e, DiffError::Names { .. } | DiffError::Select { .. }), "{i}/{j}: {e}"),
            }
        }
    }
}

#[test]
fn next_version_follows_cargo_semver_rules() {
    assert_eq!(next_version("0.1.0", Bump::Major).unwrap(), "0.2.0");
    assert_eq!(next_version("0.1.0", Bump::Minor).unwrap(), "0.1.1");
    assert_eq!(next_version("0.1.0", Bump::Patch).unwrap(), "0.1.1");
    assert_eq!(next_version("0.0.3", Bump::Major).unwrap(), "0.0.4");
    assert_eq!(next_version("1.2.3", Bump::Major).unwrap(), "2.0.0");
    assert_eq!(next_version("1.2.3", Bump::Minor).unwrap(), "1.3.0");
    assert_eq!(next_version("1.2.3", Bump::Patch).unwrap(), "1.2.4");
    assert_eq!(next_version("1.2.3", Bump::None).unwrap(), "1.2.3");
    assert!(next_version("1.2", Bump::Patch).is_err());
    assert!(next_version("1.2.3-beta", Bump::Patch).is_err());
}

#[test]
fn next_crate_version_comes_from_the_diff_between_the_models() {
    let old = PathBuf::from(fixture("operation_removed", "old.json"));
    let new = PathBuf::from(fixture("operation_removed", "new.json"));
    let (old, new) = (vec![old], vec![new]);
    let next = next_crate_version(&old, &new, &DiffOptions::default(), "0.3.1").expect("computes");
    assert_eq!((next.version.as_str(), next.applied), ("0.4.0", Bump::Minor), "breaking on 0.x bumps the minor");
    let next = next_crate_version(&old, &old, &DiffOptions::default(), "1.0.0").expect("computes");
    assert_eq!(next.version, "1.0.0", "an unchanged model keeps the version");
}

#[test]
fn generation_writes_the_next_version_into_cargo_toml() {
    let old = fixture("error_added", "old.json");
    let new = fixture("error_added", "new.json");
    let previous = (Some("1.4.2"), &[PathBuf::from(&old)][..]);
    let selection = (&[PathBuf::from(&new)][..], &[][..], None);
    let version = codegen::diff::version::from_flags(previous, None, selection).expect("computes");
    assert_eq!(version.as_deref(), Some("1.5.0"), "an added error is a minor change");
    let krate = codegen::Generator::new().model(&new).crate_version(version.unwrap()).generate().expect("generates");
    assert!(krate.files["Cargo.toml"].contains("version = \"1.5.0\""));
    assert!(codegen::diff::version::from_flags((None, &[]), None, selection).expect("no flags").is_none());
    assert!(codegen::diff::version::from_flags(previous, Some("2.0.0"), selection).is_err(), "conflicts");
}
