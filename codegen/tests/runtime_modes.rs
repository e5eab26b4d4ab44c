//! How generated crates get their runtime, as a user would use each mode:
//! several services against one runtime written by `codegen runtime --out`,
//! sharing one `SdkConfig`; and a self-contained crate generated outside any
//! workspace, which builds as it is.

use std::path::{Path, PathBuf};
use std::process::Command;

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("codegen/ has a parent").to_path_buf()
}

fn codegen(args: &[&str]) {
    let out = Command::new(env!("CARGO_BIN_EXE_codegen")).args(args).output().expect("run codegen");
    assert!(
        out.status.success(),
        "codegen {} failed:\n{}{}",
        args.join(" "),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Runs `cargo <args>` in `dir` with warnings denied, this workspace's lock
/// file (no new downloads) and a target folder shared by these tests.
fn cargo(dir: &Path, args: &[&str], envs: &[(&str, &str)]) -> String {
    let lock = workspace_root().join("Cargo.lock");
    std::fs::copy(&lock, dir.join("Cargo.lock")).expect("copy the lock file");
    let out = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(args)
        .current_dir(dir)
        .env("RUSTFLAGS", "-D warnings")
        .env("CARGO_TARGET_DIR", workspace_root().join("target").join("test-workspaces-target"))
        .envs(envs.iter().copied())
        .output()
        .expect("run cargo");
    assert!(
        out.status.success(),
        "cargo {} in {} failed:\n{}",
        args.join(" "),
        dir.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn fresh_dir(dir: PathBuf) -> PathBuf {
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create scratch folder");
    dir
}

const APP: &str = r#"//! Loads the configuration once and makes two services' clients from it.
use std::future::Future;
use std::sync::Arc;

fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = std::pin::pin!(future);
    let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
    loop {
        if let std::task::Poll::Ready(out) = future.as_mut().poll(&mut cx) {
            return out;
        }
    }
}

fn main() {
    let sdk_config = block_on(partnercentral_selling::config::load_from_env());
    let selling = partnercentral_selling::Client::new(&sdk_config);
    let connect = ec2_instance_connect::Client::new(&sdk_config);
    let same_credentials = Arc::ptr_eq(
        selling.config().credentials_provider().expect("a provider"),
        connect.config().credentials_provider().expect("a provider"),
    );
    let same_http = Arc::ptr_eq(
        selling.config().http_client().expect("an HTTP client"),
        connect.config().http_client().expect("an HTTP client"),
    );
    let region = connect.config().region().map(|r| r.as_str().to_owned());
    println!("credentials shared: {same_credentials}; HTTP client shared: {same_http}; region: {region:?}");
}
"#;

#[test]
fn two_services_on_one_runtime_share_one_sdk_config() {
    let root = workspace_root();
    let eic = root.join("../shared/models/aws/ec2-instance-connect-2018-04-02.json");
    if !eic.is_file() {
        eprintln!("skipping the multi-service build: reference model {} is absent", eic.display());
        return;
    }
    let dir = fresh_dir(root.join("target").join("test-workspaces").join("multi-service"));
    let runtime = dir.join("runtime");
    codegen(&["runtime", "--out", runtime.to_str().unwrap()]);
    let model = root.join("model/partnercentral-selling.json");
    for (model, out) in [(model.as_path(), "selling"), (eic.as_path(), "connect")] {
        let out = dir.join(out);
        codegen(&[
            "--model",
            model.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--runtime",
            runtime.to_str().unwrap(),
        ]);
        let manifest = std::fs::read_to_string(out.join("Cargo.toml")).unwrap();
        assert!(manifest.contains(r#"path = "../runtime""#), "relative path to the runtime:\n{manifest}");
        assert!(!out.join("runtime").exists(), "no bundled copy when --runtime is given");
    }
    let app = dir.join("app");
    std::fs::create_dir_all(app.join("src")).unwrap();
    std::fs::write(
        app.join("Cargo.toml"),
        "[package]\nname = \"app\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n[dependencies]\n\
         partnercentral-selling = { path = \"../selling\" }\nec2-instance-connect = { path = \"../connect\" }\n",
    )
    .unwrap();
    std::fs::write(app.join("src/main.rs"), APP).unwrap();
    std::fs::write(
        dir.join("Cargo.toml"),
        "[workspace]\nresolver = \"2\"\nmembers = [\"app\", \"selling\", \"connect\", \"runtime\"]\n",
    )
    .unwrap();
    let stdout = cargo(
        &dir,
        &["run", "--quiet", "-p", "app"],
        &[("AWS_REGION", "eu-west-1"), ("AWS_CONFIG_FILE", "/nonexistent"), ("HOME", "/nonexistent")],
    );
    assert_eq!(
        stdout.trim(),
        r#"credentials shared: true; HTTP client shared: true; region: Some("eu-west-1")"#,
        "both clients take the one SdkConfig"
    );
}

#[test]
fn a_crate_generated_outside_the_workspace_builds_as_it_is() {
    let dir = fresh_dir(std::env::temp_dir().join(format!("codegen-self-contained-{}", std::process::id())));
    let out = dir.join("client");
    let model = workspace_root().join("model/partnercentral-selling.json");
    codegen(&["--model", model.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    let manifest = std::fs::read_to_string(out.join("Cargo.toml")).unwrap();
    assert!(manifest.contains(r#"path = "runtime""#), "the runtime is bundled:\n{manifest}");
    assert!(out.join("runtime/src/lib.rs").is_file());
    assert!(
        manifest.contains("Regenerate with: codegen --model"),
        "the header names the command that regenerates this crate:\n{manifest}"
    );
    cargo(&out, &["build", "--quiet"], &[]);
    let _ = std::fs::remove_dir_all(&dir);
}
