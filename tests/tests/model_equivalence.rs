//! `model/` is our own write-up of the operation; generating from it and from
//! the real service model restricted to the operation gives the same public
//! types: the same files with the same code, documentation aside.

use codegen::Generator;

/// The code of a generated file without comments, doc attributes and headers.
fn code_only(text: &str) -> Vec<&str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.starts_with("//") && !l.starts_with("#[doc") && !l.starts_with('#') && !l.is_empty())
        .collect()
}

/// The runtime dependency `generated/` uses.
fn ours_runtime() -> codegen::RuntimeDependency {
    codegen::default_generator().unwrap().settings().runtime.clone()
}

#[test]
fn own_model_and_real_model_give_the_same_types() {
    let Some(shared) = tests::shared_dir("the model equivalence test") else { return };
    let ours = codegen::default_generator().unwrap().generate().unwrap();
    let real = Generator::new()
        .model(shared.join("models/aws/partnercentral-selling-2022-07-26.json"))
        .operation("CreateResourceSnapshotJob")
        .runtime(ours_runtime())
        .generate()
        .unwrap();
    assert_eq!(ours.files.keys().collect::<Vec<_>>(), real.files.keys().collect::<Vec<_>>(), "the same files");
    for (path, text) in &ours.files {
        if path == "Cargo.toml" {
            continue;
        }
        assert_eq!(code_only(text), code_only(&real.files[path]), "{path} differs beyond documentation");
    }
}
