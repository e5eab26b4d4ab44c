//! Paginators of a whole generated service: the Partner Central Selling
//! client, generated at test time, has a paginator for each of its eleven
//! `@paginated` operations, and `ListOpportunities` pages against a server
//! on 127.0.0.1 (tokens carried, items flattened, a repeated token ending
//! the stream with an error).
//!
//! The scratch tests live in `paginators/` and compile in a scratch
//! workspace next to the generated crate, with the workspace's
//! `tests/src/server.rs` compiled in by path.

use std::collections::BTreeMap;
use std::time::Instant;

use codegen::{GeneratedCrate, Generator, RuntimeDependency};

/// The scratch test crate's package name, also its folder.
const SUPPORT: &str = "wire-support";

/// The scratch workspace.
const SCRATCH: &str = "paginators";

#[test]
fn partnercentral_paginators_page_on_the_wire() {
    let Some(shared) = tests::shared_dir("the paginator wire tests") else { return };
    let model = shared.join("models/aws/partnercentral-selling-2022-07-26.json");
    let start = Instant::now();
    let service = Generator::new()
        .model(&model)
        .model_label("partnercentral-selling-2022-07-26.json")
        .runtime(tests::scratch_workspace_runtime())
        .generate()
        .unwrap_or_else(|e| panic!("the model fails to generate: {e}"));
    println!("generated the whole service ({} files) in {:?}", service.files.len(), start.elapsed());
    let paginators: Vec<&String> = service.files.keys().filter(|p| p.ends_with("/paginator.rs")).collect();
    assert_eq!(paginators.len(), 11, "one paginator per @paginated operation: {paginators:#?}");
    assert!(service.files.contains_key("src/operation/list_opportunities/paginator.rs"));

    let support = support_crate(&service.package);
    // The test crate is not codegen's output, which the writer refuses to
    // overwrite; start it afresh each run.
    let scratch = tests::workspace_root().join("target").join("test-workspaces").join(SCRATCH);
    let _ = std::fs::remove_dir_all(scratch.join(SUPPORT));
    let crates = [(service.package.clone(), service), (SUPPORT.to_owned(), support)];
    let start = Instant::now();
    tests::cargo_in_scratch_workspace(SCRATCH, &crates, &["test", "-p", SUPPORT, "--test", "list_opportunities"])
        .unwrap_or_else(|e| panic!("{e}"));
    println!("built and ran the paginator tests in {:?}", start.elapsed());
}

/// The test crate: the workspace's scripted server as its library and
/// `paginators/list_opportunities.rs` as its test, depending on the
/// generated `service` crate beside it.
fn support_crate(service: &str) -> GeneratedCrate {
    let RuntimeDependency::Path(runtime) = tests::scratch_workspace_runtime() else {
        panic!("the scratch workspaces use the workspace's runtime crate by path")
    };
    let manifest = format!(
        r#"[package]
name = "{SUPPORT}"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
{service} = {{ path = "../{service}" }}
smithy-client-runtime = {{ path = "{runtime}", default-features = false }}
serde_json = "1"
tokio = {{ version = "1.44", features = ["macros", "rt-multi-thread", "net", "io-util", "time", "sync"] }}
"#
    );
    let server = tests::workspace_root().join("tests").join("src").join("server.rs");
    let lib = format!(
        "//! The workspace's scripted server, compiled against this scratch workspace.\n\n\
         #[path = {server:?}]\npub mod server;\n",
        server = server.display().to_string(),
    );
    let files = BTreeMap::from([
        ("Cargo.toml".to_owned(), manifest),
        ("src/lib.rs".to_owned(), lib),
        ("tests/list_opportunities.rs".to_owned(), include_str!("paginators/list_opportunities.rs").to_owned()),
    ]);
    GeneratedCrate { package: SUPPORT.to_owned(), files }
}
