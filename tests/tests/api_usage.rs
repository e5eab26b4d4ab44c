//! The generated crate's types, used as DESIGN.md shows them.

use partnercentral_selling::error::ProvideErrorMetadata;
use partnercentral_selling::operation::create_resource_snapshot_job::{
    CreateResourceSnapshotJobError, CreateResourceSnapshotJobInput, CreateResourceSnapshotJobOutput,
};
use partnercentral_selling::types::error::{ThrottlingException, ValidationException};
use partnercentral_selling::types::{
    ResourceType, Tag, ValidationExceptionError, ValidationExceptionErrorCode, ValidationExceptionReason,
};

#[test]
fn builders_getters_and_list_appends() {
    let input = CreateResourceSnapshotJobInput::builder()
        .catalog("AWS")
        .engagement_identifier("eng-0123456789abcd")
        .resource_type(ResourceType::Opportunity)
        .resource_identifier("O1234567")
        .resource_snapshot_template_identifier("OpportunitySummaryView")
        .tags(Tag::builder().key("team").value("sales").build().unwrap())
        .tags(Tag::builder().key("env").value("prod").build().unwrap())
        .build()
        .expect("all required members are set; the client token is filled when sending");
    assert_eq!(input.catalog(), Some("AWS"));
    assert_eq!(input.client_token(), None);
    assert_eq!(input.resource_type(), Some(&ResourceType::Opportunity));
    assert_eq!(input.tags().len(), 2, "tags() appends");
    assert_eq!(input.tags()[1].key(), "env");
}

#[test]
fn missing_required_members_fail_build_with_the_member_named() {
    let err = Tag::builder().key("team").build().unwrap_err();
    assert_eq!(err.to_string(), "value was not specified but it is required when building Tag");
    let err = CreateResourceSnapshotJobInput::builder().catalog("AWS").build().unwrap_err();
    assert!(err.to_string().contains("engagement_identifier"), "{err}");
}

#[test]
fn outputs_build_infallibly() {
    let out = CreateResourceSnapshotJobOutput::builder().id("job-0123456789abc").build();
    assert_eq!(out.id(), Some("job-0123456789abc"));
    assert_eq!(out.arn(), None);
}

#[test]
fn unknown_enum_values_round_trip() {
    assert_eq!(ResourceType::from("Opportunity"), ResourceType::Opportunity);
    let other = ResourceType::from("Other");
    #[allow(deprecated)]
    let is_unknown = matches!(other, ResourceType::Unknown(_));
    assert!(is_unknown);
    assert_eq!(other.as_str(), "Other");
    assert_eq!(ResourceType::values(), &["Opportunity"]);
    assert_eq!(ValidationExceptionErrorCode::from("TOO_MANY_VALUES"), ValidationExceptionErrorCode::TooManyValues);
    assert_eq!(
        "REQUEST_VALIDATION_FAILED".parse::<ValidationExceptionReason>().unwrap().to_string(),
        "REQUEST_VALIDATION_FAILED"
    );
}

fn validation_error() -> CreateResourceSnapshotJobError {
    let meta = partnercentral_selling::error::ErrorMetadata::builder()
        .code("ValidationException")
        .message("bad catalog")
        .request_id("req-1")
        .build();
    CreateResourceSnapshotJobError::ValidationException(
        ValidationException::builder()
            .message("bad catalog")
            .reason(ValidationExceptionReason::RequestValidationFailed)
            .error_list(
                ValidationExceptionError::builder()
                    .field_name("Catalog")
                    .message("must be AWS or Sandbox")
                    .code(ValidationExceptionErrorCode::InvalidEnumValue)
                    .build()
                    .unwrap(),
            )
            .meta(meta)
            .build()
            .unwrap(),
    )
}

#[test]
fn operation_errors_match_and_describe_themselves() {
    let err = validation_error();
    match &err {
        CreateResourceSnapshotJobError::ValidationException(v) => {
            assert_eq!(v.reason(), &ValidationExceptionReason::RequestValidationFailed);
            assert_eq!(v.error_list()[0].field_name(), Some("Catalog"));
            assert_eq!(v.message(), "bad catalog");
        }
        e if e.is_throttling_exception() => unreachable!(),
        e => panic!("unexpected {:?} {:?}", e.code(), e.message()),
    }
    assert!(err.is_validation_exception());
    assert_eq!(err.code(), Some("ValidationException"));
    assert_eq!(err.message(), Some("bad catalog"));
    assert_eq!(ProvideErrorMetadata::code(&err), Some("ValidationException"));
    assert_eq!(err.to_string(), "ValidationException: bad catalog (request id: req-1)");
}

#[test]
fn unhandled_errors_show_code_and_message() {
    let meta = partnercentral_selling::error::ErrorMetadata::builder().code("NewException").message("new").build();
    let err = CreateResourceSnapshotJobError::unhandled("an unmodelled error", meta);
    assert_eq!(err.code(), Some("NewException"));
    assert!(!err.is_validation_exception());
    assert_eq!(err.to_string(), "unhandled error NewException: new");
    let throttled = CreateResourceSnapshotJobError::ThrottlingException(ThrottlingException::builder().build());
    assert_eq!(throttled.to_string(), "ThrottlingException");
}
