//! Stable regeneration: for each consecutive pair of the Partner Central
//! Selling model history, the files that change when the whole service is
//! regenerated are exactly those `codegen diff` predicts (the files of the
//! shapes that changed, their operations, and the index files listing them).
//! Nothing unrelated is rewritten or reordered.

use std::collections::BTreeSet;
use std::path::Path;

use codegen::diff::{Bump, DiffOptions, compare};
use codegen::emit::{Settings, generate};
use codegen::smithy::{Model, load_file};

/// Files that differ between two generated crates (added, removed or rewritten).
fn differing_files(old: &codegen::GeneratedCrate, new: &codegen::GeneratedCrate) -> BTreeSet<String> {
    let paths: BTreeSet<&String> = old.files.keys().chain(new.files.keys()).collect();
    paths.into_iter().filter(|p| old.files.get(*p) != new.files.get(*p)).cloned().collect()
}

fn load(path: &Path) -> Model {
    load_file(path).unwrap_or_else(|e| panic!("{e}"))
}

fn check_pair(old_path: &Path, new_path: &Path, operations: &[String]) -> Result<usize, String> {
    let (old, new) = (load(old_path), load(new_path));
    // The same label on both sides: file headers name the model, and a
    // different label would (rightly) rewrite every header.
    let settings =
        Settings { operations: operations.to_vec(), model_label: "model.json".into(), ..Settings::default() };
    let old_crate = generate(&old, &settings).map_err(|e| format!("old model does not generate: {e}"))?;
    let new_crate = generate(&new, &settings).map_err(|e| format!("new model does not generate: {e}"))?;
    let actual = differing_files(&old_crate, &new_crate);
    let options = DiffOptions { operations: operations.to_vec(), ..DiffOptions::default() };
    let comparison = compare(&old, &new, &options).map_err(|e| e.to_string())?;
    let predicted = comparison.changed_files();
    // The semver verdict `none` promises an identical crate.
    let bump = comparison.report().bump();
    if (bump == Bump::None) != actual.is_empty() {
        return Err(format!("the diff says bump `{bump}`, but {} files change: {actual:?}", actual.len()));
    }
    if actual == predicted {
        return Ok(actual.len());
    }
    let unexpected: Vec<&String> = actual.difference(&predicted).collect();
    let missing: Vec<&String> = predicted.difference(&actual).collect();
    let first = unexpected.first().map(|p| {
        let text = |c: &codegen::GeneratedCrate| c.files.get(*p).cloned().unwrap_or_default();
        format!("\nfirst unexpected difference, {p}:\n{}", first_difference(&text(&old_crate), &text(&new_crate)))
    });
    Err(format!(
        "rewritten but not predicted: {unexpected:?}\npredicted but unchanged: {missing:?}{}",
        first.unwrap_or_default()
    ))
}

/// The first differing line of two texts, with a little context.
fn first_difference(old: &str, new: &str) -> String {
    let (a, b): (Vec<&str>, Vec<&str>) = (old.lines().collect(), new.lines().collect());
    let at = a.iter().zip(&b).position(|(x, y)| x != y).unwrap_or(a.len().min(b.len()));
    let around = |lines: &[&str]| lines[at.saturating_sub(2)..(at + 3).min(lines.len())].join("\n");
    format!("line {}:\n--- old\n{}\n+++ new\n{}", at + 1, around(&a), around(&b))
}

fn history_pairs(what: &str) -> Option<Vec<(std::path::PathBuf, std::path::PathBuf)>> {
    let shared = tests::shared_dir(what)?;
    let files = tests::json_files(&shared.join("models/history/partnercentral-selling"));
    Some(files.windows(2).map(|w| (w[0].clone(), w[1].clone())).collect())
}

fn check_history(operations: &[String]) {
    let Some(pairs) = history_pairs("the regeneration-stability test") else { return };
    let mut failures = Vec::new();
    for (old, new) in &pairs {
        let name = format!("{} → {}", stem(old), stem(new));
        match check_pair(old, new, operations) {
            Ok(n) => println!("{name}: {n} files change, as predicted"),
            Err(e) => failures.push(format!("{name}:\n{e}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

fn stem(path: &Path) -> String {
    path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default()
}

#[test]
fn whole_service_regeneration_changes_only_predicted_files() {
    check_history(&[]);
}

#[test]
fn single_operation_regeneration_changes_only_predicted_files() {
    check_history(&["CreateResourceSnapshotJob".to_owned()]);
}

/// Our fixture pairs cover every change kind, so every kind's file
/// prediction is checked here, with or without the shared reference data.
#[test]
fn fixture_pair_regeneration_changes_only_predicted_files() {
    let root = tests::workspace_root().join("tests/fixtures/diff");
    let mut dirs: Vec<_> =
        std::fs::read_dir(&root).expect("fixtures").filter_map(|e| e.ok().map(|e| e.path())).collect();
    dirs.retain(|d| d.is_dir());
    dirs.sort();
    let mut failures = Vec::new();
    for dir in &dirs {
        let name = stem(dir);
        match check_pair(&dir.join("old.json"), &dir.join("new.json"), &[]) {
            Ok(n) => println!("{name}: {n} files change, as predicted"),
            Err(e) => failures.push(format!("{name}:\n{e}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
