//! Waiters of a generated service: CloudFormation's `DescribeStacks` (whose
//! waiters have a `success` matcher, `errorType` acceptors that retry, fail
//! or succeed, and `Stacks[].StackStatus` projections compared with
//! `allStringEquals` and `anyStringEquals`), generated at test time and run
//! against a server on 127.0.0.1 without waiting (the runtime's instant
//! clock and sleep). Also checks that every shared model's waiters generate.
//!
//! The scratch test lives in `waiters/` and compiles in a scratch workspace
//! next to the generated crate, warnings denied (`tests::wire_scratch`).

use tests::wire_scratch::{generate, run_scratch_tests};

#[test]
fn cloudformation_waiters_poll_on_the_wire() {
    let Some(shared) = tests::shared_dir("the waiter wire tests") else { return };
    let service = generate(&shared.join("models/awsQuery/cloudformation-2010-05-15.json"), &["DescribeStacks"]);
    let waiters: Vec<&String> = service.files.keys().filter(|p| p.starts_with("src/waiters/")).collect();
    assert_eq!(waiters.len(), 6, "DescribeStacks has six waiters: {waiters:#?}");
    run_scratch_tests("waiters", service, &[("describe_stacks", include_str!("waiters/describe_stacks.rs"))]);
}
