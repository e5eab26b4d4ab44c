//! Wire tests of clients generated at test time: a scratch workspace with
//! the generated crate and a small test crate whose library is this
//! workspace's loopback server and signature check (`server.rs`,
//! `signing.rs`, compiled by path against the scratch workspace's runtime),
//! and whose test files are the caller's.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use codegen::{GeneratedCrate, Generator, RuntimeDependency};

/// The scratch test crate's package name, also its folder.
pub const SUPPORT: &str = "wire-support";

/// Generates `operations` of `model` (none: the whole service) against the
/// workspace's runtime.
pub fn generate(model: &Path, operations: &[&str]) -> GeneratedCrate {
    let start = Instant::now();
    let label = model.file_name().expect("a model file").to_string_lossy().into_owned();
    let mut generator = Generator::new().model(model).model_label(&label).runtime(crate::scratch_workspace_runtime());
    for op in operations {
        generator = generator.operation(*op);
    }
    let krate = generator.generate().unwrap_or_else(|e| panic!("{label} fails to generate: {e}"));
    println!("generated {label} ({} files) in {:?}", krate.files.len(), start.elapsed());
    krate
}

/// Writes the generated crate and the test crate (each of `tests` as its
/// `tests/<name>.rs`) into the scratch workspace `scratch` and runs those
/// test files there, warnings denied.
pub fn run_scratch_tests(scratch: &str, service: GeneratedCrate, tests: &[(&str, &str)]) {
    let support = support_crate(&service.package, tests);
    // The test crate is not codegen's output, which the writer refuses to
    // overwrite; start it afresh each run.
    let _ = std::fs::remove_dir_all(scratch_workspace(scratch).join(SUPPORT));
    let crates = [(service.package.clone(), service), (SUPPORT.to_owned(), support)];
    let mut args = vec!["test", "-p", SUPPORT];
    for (name, _) in tests {
        args.extend(["--test", name]);
    }
    let start = Instant::now();
    crate::cargo_in_scratch_workspace(scratch, &crates, &args).unwrap_or_else(|e| panic!("{e}"));
    let names: Vec<&str> = tests.iter().map(|(name, _)| *name).collect();
    println!("built and ran the {} wire tests in {:?}", names.join(" and "), start.elapsed());
}

/// Where [`crate::cargo_in_scratch_workspace`] writes the workspace `name`.
pub fn scratch_workspace(name: &str) -> PathBuf {
    crate::workspace_root().join("target").join("test-workspaces").join(name)
}

/// The test crate: the wire-test helpers as its library, each of `tests` as
/// a test file `tests/<name>.rs`, depending on the generated `service` crate
/// beside it and on the runtime's canned-response clients (`test-util`).
fn support_crate(service: &str, tests: &[(&str, &str)]) -> GeneratedCrate {
    let RuntimeDependency::Path(runtime) = crate::scratch_workspace_runtime() else {
        panic!("the scratch workspaces use the workspace's runtime crate by path")
    };
    let manifest = format!(
        r#"[package]
name = "{SUPPORT}"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
{service} = {{ path = "../{service}", features = ["test-util"] }}
smithy-client-runtime = {{ path = "{runtime}", default-features = false }}
serde_json = "1"
tokio = {{ version = "1.44", features = ["macros", "rt-multi-thread", "net", "io-util", "time", "sync"] }}
"#
    );
    let helpers = crate::workspace_root().join("tests").join("src");
    let lib = format!(
        "//! The workspace's wire-test helpers, compiled against this scratch workspace's runtime.\n\n\
         #[path = {server:?}]\npub mod server;\n#[path = {signing:?}]\npub mod signing;\n\n\
         // `signing` signs with the runtime's signer, as `crate::sigv4` and `crate::time`.\n\
         use smithy_client_runtime::rt::{{sigv4, time}};\n",
        server = helpers.join("server.rs").display().to_string(),
        signing = helpers.join("signing.rs").display().to_string(),
    );
    let mut files = BTreeMap::from([("Cargo.toml".to_owned(), manifest), ("src/lib.rs".to_owned(), lib)]);
    for (name, source) in tests {
        files.insert(format!("tests/{name}.rs"), (*source).to_owned());
    }
    GeneratedCrate { package: SUPPORT.to_owned(), files }
}
