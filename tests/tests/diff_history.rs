//! `codegen diff` on the real Partner Central Selling model history
//! (`../shared/models/history/partnercentral-selling/`, 11 dates): a reviewed
//! report for each consecutive pair, for the whole service and restricted to
//! `CreateResourceSnapshotJob`, and the example spelled out.
//!
//! Skipped, with the reason printed, when the shared reference data is absent.

use std::path::{Path, PathBuf};

use codegen::diff::{Bump, ChangeKind, DiffOptions, DiffReport, Level, compare_files};

const OPERATION: &str = "CreateResourceSnapshotJob";

fn history(what: &str) -> Option<Vec<PathBuf>> {
    let shared = tests::shared_dir(what)?;
    Some(tests::json_files(&shared.join("models/history/partnercentral-selling")))
}

fn file_name(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}

fn stem(path: &Path) -> String {
    path.file_stem().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}

/// The report for one pair, labelled by file name (not by where the
/// reference data happens to live).
fn report(old: &Path, new: &Path, operations: &[&str]) -> DiffReport {
    let options = DiffOptions { operations: operations.iter().map(|o| o.to_string()).collect(), ..Default::default() };
    let mut report = compare_files(old, new, &options).unwrap_or_else(|e| panic!("{e}")).into_report();
    report.old_label = file_name(old);
    report.new_label = file_name(new);
    report
}

fn snapshot_every_pair(scope: &str, operations: &[&str]) {
    let Some(files) = history("the model-history golden reports") else { return };
    assert_eq!(files.len(), 11, "the history holds 11 dates");
    for pair in files.windows(2) {
        let name = format!("{scope}__{}__{}", stem(&pair[0]), stem(&pair[1]));
        insta::assert_snapshot!(name, report(&pair[0], &pair[1], operations).to_text());
    }
}

#[test]
fn whole_service_reports_match_the_reviewed_snapshots() {
    snapshot_every_pair("whole_service", &[]);
}

#[test]
fn single_operation_reports_match_the_reviewed_snapshots() {
    snapshot_every_pair("create_resource_snapshot_job", &[OPERATION]);
}

/// The "done when" example: on 2025-12-01 `CreateResourceSnapshotJob`
/// gained `InternalServerException`.
#[test]
fn gained_error_is_reported_with_what_it_means_for_callers_and_the_bump() {
    let Some(files) = history("the gained-error example") else { return };
    let find = |date: &str| files.iter().find(|f| stem(f) == date).cloned().expect("date in history");
    let report = report(&find("2025-10-28"), &find("2025-12-01"), &[OPERATION]);
    let gained = report
        .changes
        .iter()
        .find(|c| c.kind == ChangeKind::ErrorAdded && c.member.as_deref() == Some("InternalServerException"))
        .unwrap_or_else(|| panic!("no error_added change in\n{}", report.to_text()));
    assert!(gained.shape.ends_with("#CreateResourceSnapshotJob"));
    assert_eq!(gained.rust_api.level, Level::Compatible);
    assert!(gained.rust_api.reason.contains("#[non_exhaustive]"), "{}", gained.rust_api.reason);
    assert!(
        gained.rust_api.reason.contains("wildcard arm"),
        "says what changes for a match: {}",
        gained.rust_api.reason
    );
    assert_eq!(gained.wire.level, Level::Dangerous);
    assert_eq!(
        gained.rust_item.as_deref(),
        Some("operation::create_resource_snapshot_job::CreateResourceSnapshotJobError::InternalServerException")
    );
    assert_eq!(report.bump(), Bump::Minor);
    assert_eq!(report.bump().for_version(0, 1), Bump::Patch);
    let text = report.to_text();
    assert!(text.contains("semver: minor"), "{text}");
    assert!(text.contains("for a 0.x crate: patch"), "{text}");
}

#[test]
fn the_service_gained_four_operations_on_2025_12_01() {
    let Some(files) = history("the added-operations example") else { return };
    let find = |date: &str| files.iter().find(|f| stem(f) == date).cloned().expect("date in history");
    let report = report(&find("2025-10-28"), &find("2025-12-01"), &[]);
    let added: Vec<&str> =
        report.changes.iter().filter(|c| c.kind == ChangeKind::OperationAdded).map(|c| c.shape.as_str()).collect();
    assert_eq!(added.len(), 4, "{added:?}");
    assert!(report.changes.iter().all(|c| c.rust_api.level != Level::Breaking), "{}", report.to_text());
}

#[test]
fn identical_models_report_nothing() {
    let Some(files) = history("the identical-models check") else { return };
    let report = report(&files[0], &files[0], &[]);
    assert!(report.changes.is_empty() && report.documentation.is_empty() && report.no_client_effect.is_empty());
    assert_eq!(report.bump(), Bump::None);
}
