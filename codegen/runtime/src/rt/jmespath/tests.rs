//! Table tests of the JMESPath subset: the Smithy waiters specification's
//! examples, the expressions of the AWS models' waiters and
//! `operationContextParams`, and the edge cases of JMESPath's semantics.

use serde_json::json;

use super::*;

fn eval(expr: &str, data: serde_json::Value) -> Value {
    let parsed = parse(expr).unwrap_or_else(|e| panic!("`{expr}` does not parse: {e}"));
    search(&parsed, &Value::from_json(&data))
}

fn check(cases: &[(&str, serde_json::Value, serde_json::Value)]) {
    for (expr, data, expected) in cases {
        let got = eval(expr, data.clone());
        assert!(equal(&got, &Value::from_json(expected)), "`{expr}` on {data}: {got:?}, expected {expected}");
    }
}

#[test]
fn the_specifications_examples() {
    check(&[
        // ThingExists: `status` compared with stringEquals.
        ("status", json!({"status": "failed"}), json!("failed")),
        ("status", json!({"status": "success"}), json!("success")),
        ("status", json!({}), json!(null)),
        // GroupExists (inputOutput).
        (
            "length(input.groups) == length(output.groups)",
            json!({"input": {"groups": ["a", "b"]}, "output": {"groups": ["x", "y"]}}),
            json!(true),
        ),
        (
            "length(input.groups) == length(output.groups)",
            json!({"input": {"groups": ["a"]}, "output": {"groups": ["x", "y"]}}),
            json!(false),
        ),
    ]);
}

#[test]
fn paths_and_projections_of_the_models() {
    let stacks = json!({"Stacks": [{"StackStatus": "CREATE_COMPLETE"}, {"StackStatus": "UPDATE_COMPLETE"}]});
    check(&[
        ("Stacks[].StackStatus", stacks.clone(), json!(["CREATE_COMPLETE", "UPDATE_COMPLETE"])),
        ("Stacks[*].StackStatus", stacks.clone(), json!(["CREATE_COMPLETE", "UPDATE_COMPLETE"])),
        ("Stacks[0].StackStatus", stacks.clone(), json!("CREATE_COMPLETE")),
        ("Stacks[-1].StackStatus", stacks.clone(), json!("UPDATE_COMPLETE")),
        ("Stacks[5].StackStatus", stacks, json!(null)),
        ("Cluster.Status.State", json!({"Cluster": {"Status": {"State": "ACTIVE"}}}), json!("ACTIVE")),
        (
            "LoadBalancers[].State.Code",
            json!({"LoadBalancers": [{"State": {"Code": "active"}}, {}]}),
            json!(["active"]),
        ),
        ("length(AutoScalingGroups) > `0`", json!({"AutoScalingGroups": [{}]}), json!(true)),
        ("length(DBInstances) == `0`", json!({"DBInstances": []}), json!(true)),
        ("status != 'DELETING'", json!({"status": "ACTIVE"}), json!(true)),
        ("status != 'CANCELLING' && status != 'CANCELLED'", json!({"status": "CANCELLED"}), json!(false)),
        ("length(MetricAlarms[]) > `0`", json!({"MetricAlarms": [{"n": 1}, {"n": 2}]}), json!(true)),
    ]);
}

#[test]
fn filters_and_multi_selects_of_the_models() {
    let groups = json!({"AutoScalingGroups": [
        {"MinSize": 2, "Instances": [{"LifecycleState": "InService"}, {"LifecycleState": "InService"}]},
        {"MinSize": 1, "Instances": [{"LifecycleState": "Pending"}]},
    ]});
    let expr = "contains(AutoScalingGroups[].[length(Instances[?LifecycleState=='InService']) >= MinSize][], `false`)";
    check(&[(expr, groups, json!(true))]);
    let ready = json!({"AutoScalingGroups": [{"MinSize": 1, "Instances": [{"LifecycleState": "InService"}]}]});
    check(&[(expr, ready, json!(false))]);

    let services = |deployments: usize, running: u32| json!({"services": [{"deployments": vec![json!({}); deployments], "runningCount": running, "desiredCount": 2}]});
    let stable = "length(services[?!(length(deployments) == `1` && runningCount == desiredCount)]) == `0`";
    check(&[
        (stable, services(1, 2), json!(true)),
        (stable, services(2, 2), json!(false)),
        (stable, services(1, 1), json!(false)),
    ]);

    let destinations = "length(KinesisDataStreamDestinations) > `0`  && length(KinesisDataStreamDestinations[?DestinationStatus == 'DISABLED' || DestinationStatus == 'ENABLE_FAILED']) ==  length(KinesisDataStreamDestinations)";
    let with = |statuses: &[&str]| json!({"KinesisDataStreamDestinations": statuses.iter().map(|s| json!({"DestinationStatus": s})).collect::<Vec<_>>()});
    check(&[
        (destinations, with(&["DISABLED", "ENABLE_FAILED"]), json!(true)),
        (destinations, with(&["DISABLED", "ACTIVE"]), json!(false)),
        (destinations, with(&[]), json!(false)),
    ]);
}

#[test]
fn operation_context_params_of_the_models() {
    check(&[
        ("keys(RequestItems)", json!({"RequestItems": {"a": [], "b": []}}), json!(["a", "b"])),
        ("TableCreationParameters.TableName", json!({"TableCreationParameters": {"TableName": "t"}}), json!("t")),
        (
            "TransactItems[*].Get.TableName",
            json!({"TransactItems": [{"Get": {"TableName": "a"}}, {"Put": {"TableName": "b"}}]}),
            json!(["a"]),
        ),
        (
            "TransactItems[*].[ConditionCheck.TableName, Put.TableName, Delete.TableName, Update.TableName][]",
            json!({"TransactItems": [{"Put": {"TableName": "a"}}, {"Delete": {"TableName": "b"}}]}),
            json!(["a", "b"]),
        ),
    ]);
}

#[test]
fn null_propagates_through_paths() {
    check(&[
        ("a.b.c", json!({"a": null}), json!(null)),
        ("a.b.c", json!({}), json!(null)),
        ("a[0].b", json!({"a": []}), json!(null)),
        ("a[].b", json!({}), json!(null)),
        ("length(a)", json!({}), json!(null)),
        ("keys(a)", json!({"a": null}), json!(null)),
        ("a == b", json!({}), json!(true)),
        ("a == `null`", json!({}), json!(true)),
    ]);
}

#[test]
fn type_mismatches_compare_false_or_null() {
    check(&[
        ("a == '1'", json!({"a": 1}), json!(false)),
        ("a != 'true'", json!({"a": true}), json!(true)),
        ("a == `1`", json!({"a": 1.0}), json!(true)),
        ("a < 'b'", json!({"a": "a"}), json!(null)),
        ("a > `1`", json!({"a": "2"}), json!(null)),
        ("a >= `2`", json!({"a": 2}), json!(true)),
        ("a <= `1`", json!({"a": 2}), json!(false)),
        ("a == b", json!({"a": {"x": [1, 2]}, "b": {"x": [1, 2]}}), json!(true)),
        ("a == b", json!({"a": [1, 2], "b": [2, 1]}), json!(false)),
    ]);
}

#[test]
fn projections_over_non_arrays_give_null() {
    check(&[
        ("a[*].b", json!({"a": {"b": 1}}), json!(null)),
        ("a[].b", json!({"a": "text"}), json!(null)),
        ("a[?b]", json!({"a": 3}), json!(null)),
        ("a.*", json!({"a": [1, 2]}), json!(null)),
        ("a.*.b", json!({"a": {"x": {"b": 1}, "y": {"c": 2}}}), json!([1])),
        ("a[0]", json!({"a": {"0": 1}}), json!(null)),
    ]);
}

#[test]
fn projections_drop_nulls_and_flatten_one_level() {
    check(&[
        ("a[*].b", json!({"a": [{"b": 1}, {"c": 2}, {"b": null}, {"b": 3}]}), json!([1, 3])),
        ("a[]", json!({"a": [[1, 2], 3, [[4]]]}), json!([1, 2, 3, [4]])),
        ("a[][]", json!({"a": [[1, [2]], [[3]]]}), json!([1, 2, 3])),
        ("a[*][0]", json!({"a": [[1, 2], [3], []]}), json!([1, 3])),
        ("a[*].b | [0]", json!({"a": [{"b": 5}, {"b": 6}]}), json!(5)),
        ("a[*].b[0]", json!({"a": [{"b": [5]}, {"b": [6]}]}), json!([5, 6])),
    ]);
}

#[test]
fn filters_keep_truthy_elements() {
    check(&[
        ("a[?b == `1`].c", json!({"a": [{"b": 1, "c": "x"}, {"b": 2, "c": "y"}]}), json!(["x"])),
        (
            "a[?b]",
            json!({"a": [{"b": ""}, {"b": []}, {"b": {}}, {"b": 0}, {"b": false}, {"b": "t"}]}),
            json!([{"b": 0}, {"b": "t"}]),
        ),
        ("a[?!b].c", json!({"a": [{"b": true, "c": 1}, {"c": 2}]}), json!([2])),
        ("a[?b > `1` && b < `4`]", json!({"a": [{"b": 1}, {"b": 2}, {"b": 5}]}), json!([{"b": 2}])),
    ]);
}

#[test]
fn boolean_operators_return_operands() {
    check(&[
        ("a || b", json!({"a": null, "b": "x"}), json!("x")),
        ("a || b", json!({"a": "y", "b": "x"}), json!("y")),
        ("a && b", json!({"a": [], "b": "x"}), json!([])),
        ("a && b", json!({"a": 1, "b": "x"}), json!("x")),
        ("!a", json!({"a": ""}), json!(true)),
        ("!(a && b)", json!({"a": 1, "b": 2}), json!(false)),
        ("a || b && c", json!({"a": false, "b": 1, "c": 2}), json!(2)),
    ]);
}

#[test]
fn functions_check_their_argument_types() {
    check(&[
        ("length(a)", json!({"a": "héllo"}), json!(5)),
        ("length(a)", json!({"a": {"x": 1, "y": 2}}), json!(2)),
        ("length(a)", json!({"a": 3}), json!(null)),
        ("contains(a, 'b')", json!({"a": "abc"}), json!(true)),
        ("contains(a, 'b')", json!({"a": ["a", "b"]}), json!(true)),
        ("contains(a, `1`)", json!({"a": "a1"}), json!(false)),
        ("contains(a, 'b')", json!({"a": 7}), json!(null)),
        ("keys(a)", json!({"a": [1]}), json!(null)),
        ("values(a)", json!({"a": {"x": 1, "y": [2]}}), json!([1, [2]])),
    ]);
}

#[test]
fn literals_and_identifiers() {
    check(&[
        ("`\"text\"`", json!({}), json!("text")),
        ("`[1, {\"a\": true}]`", json!({}), json!([1, {"a": true}])),
        ("'it\\'s'", json!({}), json!("it's")),
        ("\"quoted key\"", json!({"quoted key": 1}), json!(1)),
        ("@", json!({"a": 1}), json!({"a": 1})),
        ("[a, b]", json!({"a": 1, "b": 2}), json!([1, 2])),
        ("[a, b]", json!(null), json!(null)),
    ]);
}

#[test]
fn what_the_subset_refuses() {
    for (expr, why) in [
        ("a[1:2]", "slices"),
        ("{a: b}", "multi-select hashes"),
        ("a.{b: c}", "multi-select hashes"),
        ("sort_by(a, &b)", "`sort_by` is not supported"),
        ("length(a, b)", "takes 1 argument"),
        ("a.", "expected an identifier"),
        ("a[", "expected an index"),
        ("a ==", "unexpected end"),
        ("a b", "after the expression"),
        ("`{bad json`", "must be JSON"),
        ("'open", "unterminated"),
        ("a # b", "unexpected character"),
    ] {
        let error = parse(expr).expect_err(expr);
        assert!(error.message.contains(why), "`{expr}`: {error}");
    }
    let deep = format!("{}a{}", "(".repeat(100), ")".repeat(100));
    assert!(parse(&deep).expect_err("too deep").message.contains("nests too deeply"));
}

#[test]
fn every_expression_of_the_models_parses() {
    // The distinct expressions the AWS models' waiters and
    // `operationContextParams` hold beyond plain paths
    // (`scripts/waiter-survey.py` lists them).
    for expr in [
        "length(AutoScalingGroups) > `0`",
        "length(MetricAlarms[]) > `0`",
        "length(CompositeAlarms[]) > `0`",
        "status != 'CANCELLING' && status != 'CANCELLED'",
        "contains(AutoScalingGroups[].[length(Instances[?LifecycleState=='InService']) >= MinSize][], `false`)",
        "length(services[?!(length(deployments) == `1` && runningCount == desiredCount)]) == `0`",
        "Certificate.DomainValidationOptions[].ValidationStatus",
        "UpdateActivities.SelfManagedInstances[].Status",
        "keys(RequestItems)",
        "TransactItems[*].[ConditionCheck.TableName, Put.TableName, Delete.TableName, Update.TableName][]",
    ] {
        parse(expr).unwrap_or_else(|e| panic!("`{expr}`: {e}"));
    }
}

#[test]
fn view_builders_convert_rust_values() {
    let mut map = std::collections::HashMap::new();
    map.insert("b".to_owned(), 2);
    map.insert("a".to_owned(), 1);
    let view = Value::object([
        ("S", Value::str("x")),
        ("N", Value::opt(None::<&i32>, |n| Value::number(*n))),
        ("L", Value::list(&[1i64, 2], |n| Value::long(*n))),
        ("M", Value::map(&map, |n| Value::number(*n))),
    ]);
    assert!(equal(&view, &Value::from_json(&json!({"S": "x", "N": null, "L": [1, 2], "M": {"a": 1, "b": 2}}))));
    assert_eq!(search_text("keys(M)", &view).into_string_array(), Some(vec!["a".to_owned(), "b".to_owned()]));
    assert_eq!(search_text("L", &view).into_string_array(), None);
    assert_eq!(search_text("S", &view).into_string(), Some("x".to_owned()));
}

#[test]
fn endpoint_parameters_take_only_values_of_their_type() {
    let data = Value::from_json(&json!({"s": "x", "b": true, "l": ["a", "b"], "mixed": ["a", 1], "m": {}}));
    let get = |expr: &str| search_text(expr, &data);
    assert_eq!(get("s").into_string(), Some("x".to_owned()));
    assert_eq!(get("b").as_bool(), Some(true));
    assert_eq!(get("l").into_string_array(), Some(vec!["a".to_owned(), "b".to_owned()]));
    assert_eq!(get("keys(m)").into_string_array(), Some(Vec::new()));
    // A value of another type, or null, sets nothing.
    assert_eq!(get("b").into_string(), None);
    assert_eq!(get("s").as_bool(), None);
    assert_eq!(get("s").into_string_array(), None);
    assert_eq!(get("mixed").into_string_array(), None);
    assert_eq!(get("missing").into_string(), None);
    assert_eq!(get("l[?@ == 'z'] | [0]").into_string(), None);
}
