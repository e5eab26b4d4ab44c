//! Generates a client for each service of the Smithy protocol test models
//! (with their compliance test cases) through the codegen library, as a
//! user's build script would, and includes them as modules of this crate.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// (model file, service shape id, module name, protocol label).
const SERVICES: &[(&str, &str, &str, &str)] = &[
    ("awsJson1_0.json", "aws.protocoltests.json10#JsonRpc10", "json_rpc10", "awsJson1_0"),
    (
        "awsJson1_0.json",
        "aws.protocoltests.json10#QueryCompatibleJsonRpc10",
        "query_compatible_json_rpc10",
        "awsJson1_0",
    ),
    ("awsJson1_1.json", "aws.protocoltests.json#JsonProtocol", "json_protocol", "awsJson1_1"),
    ("awsJson1_1.json", "com.amazonaws.machinelearning#AmazonML_20141212", "machine_learning", "awsJson1_1"),
    ("restJson1.json", "aws.protocoltests.restjson#RestJson", "rest_json", "restJson1"),
    ("restJson1.json", "com.amazonaws.apigateway#BackplaneControlService", "api_gateway", "restJson1"),
    ("restJson1.json", "com.amazonaws.glacier#Glacier", "glacier", "restJson1"),
];

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    let models = manifest.join("../../../shared/protocol-tests");
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed={}", models.display());
    let index = if models.is_dir() {
        generate(&models, &out)
    } else {
        format!(
            "/// Why no suite was built.\npub const SKIPPED: Option<&str> = Some({:?});\n/// The suites.\npub const SUITES: &[Suite] = &[];\n",
            format!("the protocol test models are not at {}", models.display())
        )
    };
    std::fs::write(out.join("services.rs"), index).expect("write services.rs");
}

fn generate(models: &Path, out: &Path) -> String {
    let mut index = String::from("/// Why no suite was built.\npub const SKIPPED: Option<&str> = None;\n");
    let mut suites = String::new();
    let mut loaded: Vec<(&str, codegen::smithy::Model)> = Vec::new();
    for (file, service, module, protocol) in SERVICES {
        let path = models.join(file);
        println!("cargo::rerun-if-changed={}", path.display());
        if !loaded.iter().any(|(f, _)| f == file) {
            let model = codegen::smithy::load_file(&path).unwrap_or_else(|e| panic!("{e}"));
            loaded.push((file, model));
        }
        let model = &loaded.iter().find(|(f, _)| f == file).expect("loaded above").1;
        let settings = codegen::Settings {
            service: Some(codegen::smithy::ShapeId::parse(service).expect("valid id")),
            crate_name: Some(module.to_string()),
            model_label: format!("../shared/protocol-tests/{file}"),
            regenerate_command: "cargo build -p protocol-tests".into(),
            protocol_tests: true,
            // The clients become modules of this crate, which depends on the runtime itself.
            runtime: codegen::RuntimeDependency::Path("../../codegen/runtime".into()),
            ..codegen::Settings::default()
        };
        let krate = codegen::emit::generate(model, &settings).unwrap_or_else(|e| panic!("{service}: {e}"));
        let root = out.join(module);
        let _ = std::fs::remove_dir_all(&root);
        // The crate becomes a module of this one: its `crate::` paths gain the module.
        let prefix = format!("crate::{module}::");
        for (rel, text) in &krate.files {
            let Some(src) = rel.strip_prefix("src/") else { continue };
            let dest = root.join(src);
            std::fs::create_dir_all(dest.parent().expect("files have a parent")).expect("create module folder");
            std::fs::write(&dest, reroot(text, &prefix)).expect("write module file");
        }
        let lib = root.join("lib.rs");
        let _ = writeln!(index, "#[path = {:?}]\npub mod {module};", lib.display().to_string());
        let _ = writeln!(
            suites,
            "    Suite {{ protocol: {protocol:?}, service: {service:?}, cases: {module}::protocol_tests::CASES }},"
        );
    }
    let _ = write!(index, "/// The suites.\npub const SUITES: &[Suite] = &[\n{suites}];\n");
    index
}

/// Replaces every `crate::` path root (formatting may put spaces or a line
/// break between `crate` and `::`) with `prefix`.
fn reroot(text: &str, prefix: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let mut rest = text;
    while let Some(i) = rest.find("crate") {
        let (before, after) = rest.split_at(i);
        out.push_str(before);
        let glued = before.chars().next_back().is_some_and(|c| c.is_alphanumeric() || c == '_');
        let tail = &after["crate".len()..];
        let trimmed = tail.trim_start();
        if !glued && trimmed.starts_with("::") {
            out.push_str(prefix);
            rest = &trimmed[2..];
        } else {
            out.push_str("crate");
            rest = tail;
        }
    }
    out.push_str(rest);
    out
}
