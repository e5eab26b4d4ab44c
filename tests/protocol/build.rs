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
    ("awsQuery.json", "aws.protocoltests.query#AwsQuery", "aws_query", "awsQuery"),
    ("ec2Query.json", "aws.protocoltests.ec2#AwsEc2", "ec2_query", "ec2Query"),
    ("restXml.json", "aws.protocoltests.restxml#RestXml", "rest_xml", "restXml"),
    ("restXml.json", "com.amazonaws.s3#AmazonS3", "s3", "restXml"),
    (
        "restXmlWithNamespace.json",
        "aws.protocoltests.restxml.xmlns#RestXmlWithNamespace",
        "rest_xml_namespace",
        "restXml",
    ),
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
        let model = &mut loaded.iter_mut().find(|(f, _)| f == file).expect("loaded above").1;
        if *module == "s3" {
            graft_s3_endpoint_rules(model, &models.join("../models/restXml/s3-2006-03-01.json"));
        }
        let model = &*model;
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
            // The crate's front page speaks of a crate named `{module}`, and
            // its example would be run as a doctest of this crate, where no
            // such crate exists; the module gets a line of its own instead.
            let text = if src == "lib.rs" { without_front_page(text) } else { text.clone() };
            std::fs::write(&dest, reroot(&text, &prefix)).expect("write module file");
        }
        let lib = root.join("lib.rs");
        let _ = writeln!(
            index,
            "/// The client generated for `{service}`.\n#[path = {:?}]\npub mod {module};",
            lib.display().to_string()
        );
        let _ = writeln!(
            suites,
            "    Suite {{ protocol: {protocol:?}, service: {service:?}, cases: {module}::protocol_tests::CASES }},"
        );
    }
    let _ = write!(index, "/// The suites.\npub const SUITES: &[Suite] = &[\n{suites}];\n");
    index
}

/// `lib.rs` without its inner doc comments (`//!` lines).
fn without_front_page(text: &str) -> String {
    text.split_inclusive('\n').filter(|line| !line.trim_start().starts_with("//!")).collect()
}

/// The suite's S3 service carries the protocol's test cases but not S3's
/// endpoint rules, which decide virtual-hosted or path-style addressing; the
/// official SDK runs these cases against the real S3 model. This gives the
/// test service the real model's rules and the operations' endpoint
/// parameters, when the shared models are there.
fn graft_s3_endpoint_rules(model: &mut codegen::smithy::Model, real: &Path) {
    use codegen::smithy::{ShapeId, ShapeKind};
    println!("cargo::rerun-if-changed={}", real.display());
    let Ok(real) = codegen::smithy::load_file(real) else { return };
    let service = ShapeId::parse("com.amazonaws.s3#AmazonS3").expect("valid id");
    let Some(real_service) = real.shape(&service) else { return };
    let service_traits: Vec<(String, serde_json::Value)> =
        ["smithy.rules#endpointRuleSet", "smithy.rules#clientContextParams"]
            .iter()
            .filter_map(|t| real_service.traits.get(t).map(|v| ((*t).to_owned(), v.clone())))
            .collect();
    if let Some(shape) = model.shape_mut(&service) {
        for (id, value) in service_traits {
            shape.traits.set(&id, value).expect("the real model's traits are valid");
        }
    }
    let operations: Vec<ShapeId> = model
        .shapes()
        .filter(|s| matches!(s.kind, ShapeKind::Operation(_)) && s.id.namespace() == "com.amazonaws.s3")
        .map(|s| s.id.clone())
        .collect();
    for op in operations {
        let Some(real_op) = real.shape(&op) else { continue };
        if let Some(value) = real_op.traits.get("smithy.rules#staticContextParams").cloned() {
            if let Some(shape) = model.shape_mut(&op) {
                shape.traits.set("smithy.rules#staticContextParams", value).expect("valid trait");
            }
        }
        // The input members' `@contextParam`s, by member name.
        let (ShapeKind::Operation(test_op), ShapeKind::Operation(real_io)) =
            (&model.shape(&op).expect("listed").kind, &real_op.kind)
        else {
            continue;
        };
        let (test_input, real_input) = (test_op.input.clone(), real_io.input.clone());
        let Some(real_input) = real.shape(&real_input) else { continue };
        let params: Vec<(String, serde_json::Value)> = real_input
            .kind
            .members()
            .iter()
            .filter_map(|m| m.traits.get("smithy.rules#contextParam").map(|v| (m.name.clone(), v.clone())))
            .collect();
        if let Some(ShapeKind::Structure(members)) = model.shape_mut(&test_input).map(|s| &mut s.kind) {
            for member in members.iter_mut() {
                if let Some((_, value)) = params.iter().find(|(name, _)| *name == member.name) {
                    member.traits.set("smithy.rules#contextParam", value.clone()).expect("valid trait");
                }
            }
        }
    }
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
