//! Helpers shared by the workspace's integration tests.

pub mod server;
pub mod signing;
pub mod wire_scratch;

// The runtime's signer checks signatures the client sent.
use smithy_client_runtime::rt::{sigv4, time};

use std::path::{Path, PathBuf};
use std::process::Command;

/// The workspace root (the folder holding the top-level `Cargo.toml`).
pub fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).parent().expect("tests/ has a parent").to_path_buf()
}

/// The shared reference folder (`../shared` next to the workspace), if present.
///
/// Tests that need it call this and return early, printing why, when it is absent:
/// a fresh clone without the reference data still passes `cargo test`.
pub fn shared_dir(what: &str) -> Option<PathBuf> {
    let dir = workspace_root().join("..").join("shared");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("skipping {what}: reference data folder {} is absent", dir.display());
        None
    }
}

/// The `.json` files directly in `dir`, sorted.
pub fn json_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    files
}

/// A scratch folder under the workspace's `target/`, emptied first.
pub fn scratch_dir(name: &str) -> PathBuf {
    let dir = workspace_root().join("target").join("test-scratch").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create scratch dir");
    dir
}

/// The runtime dependency of crates written by [`cargo_in_scratch_workspace`]:
/// they sit at `target/test-workspaces/<name>/<crate>`, four folders below the
/// workspace root.
pub fn scratch_workspace_runtime() -> codegen::RuntimeDependency {
    codegen::RuntimeDependency::Path("../../../../codegen/runtime".into())
}

/// Writes the crates into a scratch workspace that shares this workspace's
/// lock file (so no new downloads) and its own cached target folder, then runs
/// `cargo <args>` there with warnings denied. Returns the command's output
/// (stdout, then stderr) on failure.
pub fn cargo_in_scratch_workspace(
    name: &str,
    crates: &[(String, codegen::GeneratedCrate)],
    args: &[&str],
) -> Result<(), String> {
    cargo_output_in_scratch_workspace(name, crates, args).map(|_| ())
}

/// As [`cargo_in_scratch_workspace`], returning the command's standard
/// output when it succeeds (a test run's summary lines, for instance).
pub fn cargo_output_in_scratch_workspace(
    name: &str,
    crates: &[(String, codegen::GeneratedCrate)],
    args: &[&str],
) -> Result<String, String> {
    let root = workspace_root().join("target").join("test-workspaces").join(name);
    std::fs::create_dir_all(&root).expect("create scratch workspace");
    let mut members = Vec::new();
    for (dir, krate) in crates {
        codegen::output::write_crate(&root.join(dir), krate).map_err(|e| e.to_string())?;
        members.push(format!("\"{dir}\""));
    }
    let manifest = format!("[workspace]\nresolver = \"2\"\nmembers = [{}]\n", members.join(", "));
    std::fs::write(root.join("Cargo.toml"), manifest).expect("write workspace manifest");
    let lock = workspace_root().join("Cargo.lock");
    if lock.exists() {
        std::fs::copy(&lock, root.join("Cargo.lock")).expect("copy lock file");
    }
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = Command::new(cargo)
        .args(args)
        .current_dir(&root)
        .env("RUSTFLAGS", "-D warnings")
        .env("RUSTDOCFLAGS", "-D warnings")
        .env("CARGO_TARGET_DIR", workspace_root().join("target").join("test-workspaces-target"))
        .output()
        .expect("run cargo");
    if output.status.success() {
        Ok(String::from_utf8_lossy(&output.stdout).into_owned())
    } else {
        // Test failures are reported on stdout, build failures on stderr.
        Err(format!(
            "cargo {} failed:\n{}{}",
            args.join(" "),
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        ))
    }
}
