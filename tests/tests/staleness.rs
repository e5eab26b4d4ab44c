//! `generated/` must be exactly what `cargo run -p codegen` produces from `model/`.

#[test]
fn generated_crate_is_fresh() {
    let generator = codegen::default_generator().expect("default generator");
    let krate = generator.generate().expect("generation from model/ succeeds");
    let dir = tests::workspace_root().join("generated");
    let report = codegen::output::check_crate(&dir, &krate).expect("check generated/");
    assert!(report.is_fresh(), "{report}\nto fix, run: cargo run -p codegen");
}

#[test]
fn generation_is_deterministic() {
    let generator = codegen::default_generator().expect("default generator");
    let first = generator.generate().expect("first generation");
    for _ in 0..3 {
        assert_eq!(generator.generate().expect("another generation"), first, "same model, same bytes");
    }
}
