//! The `AWS::Auth::AccountId` endpoint built-in bound from the call's
//! credentials, as the official SDK binds it: DynamoDB (`ListTables`) is
//! generated at test time and its calls' URIs checked in a scratch
//! workspace (`account_id_endpoints/dynamodb.rs`).

use tests::wire_scratch::{generate, run_scratch_tests};

#[test]
fn dynamodb_calls_go_to_their_credentials_account_endpoint() {
    let Some(shared) = tests::shared_dir("DynamoDB's account-based endpoints") else { return };
    let dynamodb = generate(&shared.join("models/aws/dynamodb-2012-08-10.json"), &["ListTables"]);
    assert_eq!(dynamodb.package, "dynamodb", "the package is named from the sdkId");
    run_scratch_tests(
        "account-id-endpoints",
        dynamodb,
        &[("dynamodb", include_str!("account_id_endpoints/dynamodb.rs"))],
    );
}
