//! The model layer loads every shared model, and reports bad models with the
//! file, the shape id and the problem, never panicking.

use codegen::smithy::{LoadError, load_file, load_str};

#[test]
fn every_shared_model_loads() {
    let Some(shared) = tests::shared_dir("loading every shared model") else { return };
    let mut loaded = 0;
    for dir in ["models/aws", "models/history/partnercentral-selling", "protocol-tests"] {
        for file in tests::json_files(&shared.join(dir)) {
            load_file(&file).unwrap_or_else(|e| panic!("{} does not load: {e}", file.display()));
            loaded += 1;
        }
    }
    println!("loaded {loaded} shared models");
    assert!(loaded >= 133 + 11 + 2, "expected every shared model, loaded {loaded}");
}

fn error_of(json: &str) -> String {
    match load_str("bad.json", json) {
        Ok(_) => panic!("the model should be rejected:\n{json}"),
        Err(e) => e.to_string(),
    }
}

fn model(shapes: &str) -> String {
    format!(r#"{{"smithy": "2.0", "shapes": {{{shapes}}}}}"#)
}

#[test]
fn malformed_json_reports_line_and_column() {
    let err = load_str("bad.json", "{\n  \"smithy\": \"2.0\",\n  \"shapes\": {,}\n}").unwrap_err();
    assert!(matches!(err, LoadError::Json { line: 3, column: 14, .. }), "{err:?}");
    assert!(err.to_string().starts_with("bad.json:3:14: malformed JSON: "), "{err}");
}

#[test]
fn unknown_shape_type_is_named() {
    let err = error_of(&model(r#""ex#Thing": {"type": "tuple"}"#));
    assert_eq!(err, "the model is invalid (1 problem):\n  bad.json: shape `ex#Thing`: unknown shape type `tuple`");
}

#[test]
fn dangling_target_is_named() {
    let err = error_of(&model(r#""ex#S": {"type": "structure", "members": {"a": {"target": "ex#Missing"}}}"#));
    assert!(err.contains("shape `ex#S$a`: targets `ex#Missing`, which does not exist"), "{err}");
}

#[test]
fn member_on_a_non_aggregate_is_rejected() {
    let err = error_of(&model(r#""ex#Name": {"type": "string", "members": {"a": {"target": "smithy.api#String"}}}"#));
    assert!(err.contains("shape `ex#Name`: `members` is not allowed on a string shape"), "{err}");
}

#[test]
fn enum_without_values_is_rejected() {
    let err = error_of(&model(r#""ex#E": {"type": "enum", "members": {}}"#));
    assert!(err.contains("shape `ex#E`: an enum needs at least one value"), "{err}");
}

#[test]
fn member_names_equal_up_to_case_are_rejected() {
    let err = error_of(&model(
        r#""ex#S": {"type": "structure", "members": {"Name": {"target": "smithy.api#String"}, "name": {"target": "smithy.api#String"}}}"#,
    ));
    assert!(err.contains("member name `name` clashes with `Name`"), "{err}");
}

#[test]
fn every_problem_is_reported_not_just_the_first() {
    let err = error_of(&model(
        r#""ex#A": {"type": "list", "member": {"target": "ex#Nope"}}, "ex#B": {"type": "intEnum", "members": {"X": {"target": "smithy.api#Unit"}}}, "ex#C": {"type": "operation", "input": {"target": "ex#A"}}"#,
    ));
    assert!(err.starts_with("the model is invalid (3 problems):"), "{err}");
    assert!(err.contains("`ex#A$member`: targets `ex#Nope`"), "{err}");
    assert!(err.contains("`ex#B$X`: intEnum members need an integer @enumValue"), "{err}");
    assert!(err.contains("`ex#C`: input `ex#A` is a list, not a structure"), "{err}");
}

#[test]
fn malformed_trait_values_name_the_trait() {
    let err =
        error_of(&model(r#""ex#E": {"type": "structure", "members": {}, "traits": {"smithy.api#error": "nobody"}}"#));
    assert!(err.contains("shape `ex#E`: trait `smithy.api#error`: expected \"client\" or \"server\""), "{err}");
}

#[test]
fn structural_errors_are_reported_not_panics() {
    for bad in [
        "[]",
        "{}",
        r#"{"smithy": "1.0"}"#,
        r#"{"smithy": "2.0", "shapes": []}"#,
        &model(r#""not an id": {"type": "string"}"#),
        &model(r#""ex#S": "string""#),
        &model(r#""ex#S": {"type": "structure", "members": {"a": {}}}"#),
        &model(r#""ex#S": {"type": "structure", "members": {"a": {"target": 5}}}"#),
        &model(
            r#""ex#M": {"type": "map", "key": {"target": "smithy.api#Integer"}, "value": {"target": "smithy.api#String"}}"#,
        ),
        &model(
            r#""ex#O": {"type": "operation", "errors": [{"target": "ex#NotAnError"}]}, "ex#NotAnError": {"type": "structure"}"#,
        ),
        &model(r#""ex#S": {"type": "service", "operations": {"target": "ex#X"}}"#),
        &model(r#""ex#S": {"type": "structure", "mixins": [{"target": "ex#S"}], "traits": {"smithy.api#mixin": {}}}"#),
        &model(
            r#""ex#S": {"type": "service", "traits": {"smithy.rules#endpointRuleSet": {"rules": [{"type": "x"}]}}}"#,
        ),
    ] {
        let err = error_of(bad);
        assert!(!err.is_empty());
    }
}
