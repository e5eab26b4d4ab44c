//! Generated output stays byte-identical unless a change means it to: a
//! digest of every file generated for each shared model (awsJson, restJson1,
//! awsQuery, ec2Query, restXml), checked against
//! `tests/fixtures/output-digests.txt`.
//!
//! Work that should only make the generator faster (or tidier) must leave
//! every digest as it was; work that changes emitted code updates the file
//! in a commit of its own, next to the reviewed snapshot changes.
//!
//! The default run checks a fixed sample (every eighth model of the sorted
//! list, so each protocol folder is represented); `scripts/output-digests.sh`
//! checks every model (`OUTPUT_DIGESTS=all`) and rewrites the file
//! (`--update`, which sets `UPDATE_OUTPUT_DIGESTS=1`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use codegen::emit::{Settings, generate};
use smithy_client_runtime::rt::sha256::{hex, sha256};

const DIGESTS: &str = "tests/fixtures/output-digests.txt";
const FOLDERS: &[&str] = &["aws", "restJson1", "awsQuery", "restXml"];

/// `folder/file-stem` of every shared model, sorted, with its path.
fn shared_models(shared: &Path) -> Vec<(String, PathBuf)> {
    let mut models = Vec::new();
    for folder in FOLDERS {
        for path in tests::json_files(&shared.join("models").join(folder)) {
            let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or_default().to_owned();
            models.push((format!("{folder}/{stem}"), path));
        }
    }
    models.sort();
    models
}

/// The digest of every file generated for each service of the model (the
/// same label in every header, so that where the file lies does not count).
fn digest(path: &Path) -> Result<String, String> {
    let model = codegen::smithy::load_file(path).map_err(|e| e.to_string())?;
    let mut all = Vec::new();
    for service in model.services() {
        let settings =
            Settings { service: Some(service.id.clone()), model_label: "model.json".into(), ..Settings::default() };
        let krate = generate(&model, &settings).map_err(|e| format!("{}: {e}", service.id))?;
        for (file, text) in &krate.files {
            all.extend_from_slice(file.as_bytes());
            all.push(0);
            all.extend_from_slice(text.as_bytes());
            all.push(0);
        }
    }
    Ok(hex(&sha256(&all)))
}

fn recorded(root: &Path) -> BTreeMap<String, String> {
    let text = std::fs::read_to_string(root.join(DIGESTS)).unwrap_or_default();
    text.lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .filter_map(|line| line.split_once(' ').map(|(name, digest)| (name.to_owned(), digest.trim().to_owned())))
        .collect()
}

#[test]
fn generated_output_matches_the_recorded_digests() {
    let Some(shared) = tests::shared_dir("the generated-output digests") else { return };
    let root = tests::workspace_root();
    let models = shared_models(&shared);
    assert!(models.len() > 100, "only {} shared models found", models.len());
    let update = std::env::var_os("UPDATE_OUTPUT_DIGESTS").is_some();
    let all = update || std::env::var("OUTPUT_DIGESTS").is_ok_and(|v| v == "all");
    let chosen: Vec<&(String, PathBuf)> =
        if all { models.iter().collect() } else { models.iter().step_by(8).collect() };

    let mut found = BTreeMap::new();
    let mut failures = Vec::new();
    for (name, path) in &chosen {
        match digest(path) {
            Ok(d) => {
                found.insert(name.clone(), d);
            }
            Err(e) => failures.push(format!("{name}: does not generate: {e}")),
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));

    if update {
        let mut text = String::from(
            "# SHA-256 digests of every file generated for each shared model.\n\
             # Rewritten by `scripts/output-digests.sh --update`; see tests/tests/output_digests.rs.\n",
        );
        for (name, d) in &found {
            text.push_str(&format!("{name} {d}\n"));
        }
        std::fs::write(root.join(DIGESTS), text).expect("digests written");
        println!("output digests: {} models recorded", found.len());
        return;
    }

    let expected = recorded(&root);
    let mut changed = Vec::new();
    for (name, d) in &found {
        match expected.get(name) {
            Some(e) if e == d => {}
            Some(e) => changed.push(format!("{name}: recorded {e}, generated {d}")),
            None => changed.push(format!("{name}: no recorded digest")),
        }
    }
    println!("output digests: {} of {} models checked, {} differ", found.len(), models.len(), changed.len());
    assert!(
        changed.is_empty(),
        "generated output changed for {} model(s); if the change is meant, review the snapshots and run \
         `scripts/output-digests.sh --update`:\n{}",
        changed.len(),
        changed.join("\n")
    );
}
