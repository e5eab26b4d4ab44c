//! Embeds the runtime crate (`runtime/Cargo.toml` and `runtime/src/**.rs`) in
//! the generator, so that it can write the runtime out (`codegen runtime`) or
//! bundle it into a self-contained generated crate. The list is taken from the
//! folder itself, so a new runtime file can never be forgotten.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let runtime = manifest.join("runtime");
    println!("cargo::rerun-if-changed={}", runtime.join("Cargo.toml").display());
    println!("cargo::rerun-if-changed={}", runtime.join("src").display());
    let mut files = vec![(String::from("Cargo.toml"), runtime.join("Cargo.toml"))];
    collect(&runtime.join("src"), "src", &mut files);
    files.sort();
    let mut out = String::from(
        "/// The runtime crate's files: path in the crate, contents.\npub static RUNTIME_FILES: &[(&str, &str)] = &[\n",
    );
    for (rel, path) in &files {
        let _ = writeln!(out, "    ({rel:?}, include_str!({:?})),", path.display().to_string());
    }
    out.push_str("];\n");
    let dest = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("runtime_files.rs");
    std::fs::write(dest, out).expect("write runtime_files.rs");
}

fn collect(dir: &Path, rel: &str, files: &mut Vec<(String, PathBuf)>) {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()));
    for entry in entries {
        let entry = entry.expect("read runtime folder entry");
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        let child = format!("{rel}/{name}");
        if path.is_dir() {
            collect(&path, &child, files);
        } else if name.ends_with(".rs") {
            files.push((child, path));
        }
    }
}
