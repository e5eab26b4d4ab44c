//! `codegen diff` on our own fixture model pairs (`tests/fixtures/diff/`):
//! one reviewed report per pair, every change kind covered, and the JSON
//! schema pinned.
//!
//! After an intended change to the reports, review the new snapshots with
//! `cargo insta review` (or accept them with `INSTA_UPDATE=always`).

use std::collections::BTreeSet;
use std::path::PathBuf;

use codegen::diff::{ChangeKind, DiffOptions, DiffReport, compare_files};

fn fixture_dir() -> PathBuf {
    tests::workspace_root().join("tests").join("fixtures").join("diff")
}

/// The report for one pair, labelled by workspace-relative paths.
fn report(name: &str) -> DiffReport {
    let dir = fixture_dir().join(name);
    let comparison = compare_files(&dir.join("old.json"), &dir.join("new.json"), &DiffOptions::default())
        .unwrap_or_else(|e| panic!("fixture {name}: {e}"));
    let mut report = comparison.into_report();
    report.old_label = format!("tests/fixtures/diff/{name}/old.json");
    report.new_label = format!("tests/fixtures/diff/{name}/new.json");
    report
}

/// The kinds a report holds.
fn kinds(report: &DiffReport) -> BTreeSet<ChangeKind> {
    report.changes.iter().map(|c| c.kind).collect()
}

macro_rules! fixture_snapshots {
    ($($name:ident => [$($kind:ident),* $(,)?]),* $(,)?) => {
        /// Every fixture pair, with the kinds its report must contain.
        const FIXTURES: &[(&str, &[ChangeKind])] = &[$((stringify!($name), &[$(ChangeKind::$kind),*])),*];

        $(
            #[test]
            fn $name() {
                let report = report(stringify!($name));
                let found = kinds(&report);
                for kind in [$(ChangeKind::$kind),*] {
                    assert!(found.contains(&kind), "{}: no {kind} change in\n{}", stringify!($name), report.to_text());
                }
                insta::assert_snapshot!(stringify!($name), report.to_text());
            }
        )*
    };
}

fixture_snapshots! {
    auth_changed => [AuthChanged],
    client_optional => [ClientOptionalAdded, ClientOptionalRemoved],
    constraints_relaxed => [LengthRelaxed, RangeRelaxed, PatternRemoved],
    constraints_tightened => [LengthTightened, RangeTightened, PatternAdded, PatternChanged],
    default_added => [DefaultAdded],
    default_changed => [DefaultChanged],
    default_removed => [DefaultRemoved],
    deprecated => [DeprecatedAdded],
    deprecated_removed => [DeprecatedRemoved],
    documentation_and_metadata => [],
    endpoint_rules_changed => [EndpointRulesChanged, EndpointTestsChanged],
    enum_value_added => [EnumValueAdded],
    enum_value_changed => [EnumValueChanged],
    enum_value_removed => [EnumValueRemoved],
    enum_value_renamed => [EnumValueRenamed],
    enum_values_reordered => [EnumValuesReordered],
    error_added => [ErrorAdded],
    error_added_new_type => [ErrorAdded, ShapeAdded],
    error_removed => [ErrorRemoved],
    error_fault => [ErrorFaultChanged],
    error_retryable => [RetryableChanged],
    idempotency_token => [IdempotencyTokenAdded, IdempotencyTokenRemoved],
    member_added_optional => [MemberAdded],
    member_added_required_infallible => [MemberAdded],
    member_added_required_input => [MemberAdded],
    member_added_required_nested => [MemberAdded],
    member_removed => [MemberRemoved],
    operation_added => [OperationAdded],
    operation_removed => [OperationRemoved],
    protocol_changed => [ProtocolChanged],
    required_added => [RequiredAdded],
    required_removed => [RequiredRemoved],
    rust_path_changed => [RustPathChanged, MemberTypeChanged],
    sensitive => [SensitiveAdded, SensitiveRemoved],
    service_identity => [ServiceIdentityChanged, ServiceVersionChanged],
    shape_removed => [ShapeRemoved, MemberRemoved],
    shape_type_changed => [ShapeTypeChanged],
    sparse => [SparseChanged, MemberTypeChanged],
    string_becomes_enum => [ShapeTypeChanged, MemberTypeChanged],
    target_changed_rust_type => [TargetChanged, MemberTypeChanged],
    target_changed_same_rust_type => [TargetChanged, LengthTightened, PatternAdded, SensitiveAdded],
    timestamp_format => [TimestampFormatChanged],
    unknown_trait => [TraitChanged],
    unrelated_models => [ServiceChanged, OperationAdded, OperationRemoved, ShapeRemoved],
}

#[test]
fn every_fixture_folder_is_tested() {
    let folders: BTreeSet<String> = std::fs::read_dir(fixture_dir())
        .expect("tests/fixtures/diff exists")
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    let tested: BTreeSet<String> = FIXTURES.iter().map(|(name, _)| name.to_string()).collect();
    assert_eq!(folders, tested, "add new fixture folders to `fixture_snapshots!`");
}

#[test]
fn every_change_kind_is_covered_by_a_fixture() {
    let covered: BTreeSet<ChangeKind> = FIXTURES.iter().flat_map(|(_, kinds)| kinds.iter().copied()).collect();
    let missing: Vec<&ChangeKind> = ChangeKind::ALL.iter().filter(|k| !covered.contains(k)).collect();
    assert!(missing.is_empty(), "change kinds without a fixture: {missing:?}");
}

#[test]
fn documentation_only_changes_are_summarised_in_one_line() {
    let report = report("documentation_and_metadata");
    assert!(report.changes.is_empty(), "{}", report.to_text());
    assert_eq!(report.documentation.ids, ["ex#NotFound"], "reflowed docs render the same and do not count");
    let text = report.to_text();
    let lines: Vec<&str> = text.lines().filter(|l| l.starts_with("documentation:")).collect();
    assert_eq!(lines.len(), 1);
    assert_eq!(report.bump(), codegen::diff::Bump::Patch, "doc comments change, nothing else");
}

#[test]
fn json_report_schema_is_stable() {
    let json = serde_json::to_string_pretty(&report("required_added").to_json()).expect("serialises");
    insta::assert_snapshot!("required_added_json", json);
}

#[test]
fn json_report_has_the_documented_top_level_keys() {
    let json = report("error_added").to_json();
    let keys: Vec<&str> = json.as_object().expect("an object").keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        ["format", "old", "new", "operations", "summary", "semver", "changes", "documentation", "no_client_effect"]
    );
    assert_eq!(json["format"], "codegen-diff/1");
    assert_eq!(json["changes"][0]["kind"], "error_added");
    assert_eq!(json["changes"][0]["rust_api"]["level"], "compatible");
    assert_eq!(json["changes"][0]["wire"]["level"], "dangerous");
    assert_eq!(json["semver"]["bump"], "minor");
    assert_eq!(json["semver"]["bump_0x"], "patch");
}
