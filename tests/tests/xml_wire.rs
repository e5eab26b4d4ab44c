//! Wire tests for XML-protocol clients generated at test time from the
//! shared models: STS (awsQuery) and S3 (restXml). Each test generates the
//! operations it needs, writes the client into a scratch workspace beside a
//! small test crate, and runs that crate's tests there; they drive the client
//! against a server on 127.0.0.1 and check each request as the service would
//! see it (method, raw path and query, headers, form or stream body, SigV4
//! signature) and each answer as the caller sees it, hostile answers
//! included: entity definitions, deep nesting and bodies over the size limit
//! fail quickly with an error that says why.
//!
//! The scratch tests live in `xml_wire/` and compile there, against the
//! generated crate; the server and the signature check are this workspace's
//! own (`tests/src/server.rs`, `tests/src/signing.rs`), compiled into the
//! scratch test crate by path, as `rest_json_wire.rs` does for restJson1.

use tests::wire_scratch::{SUPPORT, generate, run_scratch_tests, scratch_workspace};

#[test]
fn sts_assumes_roles_over_the_query_protocol_and_refuses_hostile_answers() {
    let Some(shared) = tests::shared_dir("the STS wire tests") else { return };
    let model = shared.join("models/awsQuery/sts-2011-06-15.json");
    let sts = generate(&model, &["AssumeRole", "AssumeRoleWithWebIdentity", "GetCallerIdentity"]);
    assert_eq!(sts.package, "sts", "the package is named from the sdkId");
    let scratch = "xml-wire-sts";
    run_scratch_tests(scratch, sts, &[("sts", include_str!("xml_wire/sts.rs"))]);
    print_report(scratch, "sts_report.txt");
}

#[test]
fn s3_objects_stream_both_ways_with_s3_signing_and_errors() {
    let Some(shared) = tests::shared_dir("the S3 wire tests") else { return };
    let model = shared.join("models/restXml/s3-2006-03-01.json");
    let s3 = generate(&model, &["PutObject", "GetObject", "ListObjectsV2", "HeadObject"]);
    assert_eq!(s3.package, "s3", "the package is named from the sdkId");
    let scratch = "xml-wire-s3";
    // The streaming test is a binary of its own: it measures the process's
    // peak memory, which tests running beside it would inflate.
    run_scratch_tests(
        scratch,
        s3,
        &[("s3", include_str!("xml_wire/s3.rs")), ("s3_stream", include_str!("xml_wire/s3_stream.rs"))],
    );
    print_report(scratch, "s3_stream_report.txt");
}

/// Prints the figures the scratch tests wrote to `file` in the test crate's
/// folder, sorted.
fn print_report(scratch: &str, file: &str) {
    let path = scratch_workspace(scratch).join(SUPPORT).join(file);
    let report =
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("the scratch tests write {}: {e}", path.display()));
    let mut lines: Vec<&str> = report.lines().collect();
    lines.sort();
    for line in lines {
        println!("{line}");
    }
}
