//! Greengrass V2 operations with greedy labels, query lists and
//! header-bound error members, generated at test time, against a server on
//! 127.0.0.1: each request checked as sent (method, raw path and query,
//! headers, body bytes, signature) and each answer as the caller sees it.
//!
//! `tests/tests/rest_json_wire.rs` compiles this file in a scratch workspace
//! next to the generated `greengrassv2` crate; `wire_support` is the
//! workspace's `tests/src/server.rs` and `tests/src/signing.rs`.

use greengrassv2::config::Credentials;
use greengrassv2::config::retry::RetryConfig;
use greengrassv2::error::{ProvideErrorMetadata, SdkError};
use greengrassv2::operation::get_component_version_artifact::GetComponentVersionArtifactError;
use greengrassv2::types::{IotEndpointType, S3EndpointType};
use greengrassv2::{Client, Config};
use smithy_client_runtime::rt::sigv4::SignableBody;
use wire_support::server::{Received, Reply, Server};

const ACCESS_KEY: &str = "AKIDEXAMPLE";
const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

/// A component version ARN with a `/` and a space, to show what a plain
/// (non-greedy) label encodes.
const COMPONENT_ARN: &str = "arn:aws:greengrass:us-east-1:123456789012:components:team/hello world:versions:1.0.0";
const COMPONENT_ARN_ENCODED: &str =
    "arn%3Aaws%3Agreengrass%3Aus-east-1%3A123456789012%3Acomponents%3Ateam%2Fhello%20world%3Aversions%3A1.0.0";

/// No retries: each scripted reply answers exactly one request.
fn client(server: &Server) -> Client {
    Client::from_conf(
        Config::builder()
            .region("eu-west-1")
            .credentials_provider(Credentials::new(ACCESS_KEY, SECRET, None))
            .endpoint_url(&server.url)
            .retry_config(RetryConfig::disabled())
            .build(),
    )
}

fn respond(status: u16, headers: &[(&str, &str)], body: &str) -> Reply {
    Reply::Respond {
        status,
        headers: headers.iter().map(|(n, v)| (n.to_string(), v.to_string())).collect(),
        body: body.into(),
    }
}

fn json(status: u16, body: &str) -> Reply {
    respond(status, &[("Content-Type", "application/json"), ("x-amzn-RequestId", "req-gg")], body)
}

/// The one request the server received.
fn only_request(server: &Server) -> Received {
    let mut requests = server.received();
    assert_eq!(requests.len(), 1, "one request: {requests:#?}");
    requests.remove(0)
}

/// The request's header names, lower-case and sorted.
fn header_names(r: &Received) -> Vec<String> {
    let mut names: Vec<String> = r.headers.iter().map(|(n, _)| n.to_ascii_lowercase()).collect();
    names.sort();
    names
}

/// `bound` plus the headers every request carries, sorted.
fn expected_names(bound: &[&str]) -> Vec<String> {
    let every = ["amz-sdk-invocation-id", "amz-sdk-request", "authorization", "host", "user-agent", "x-amz-date"];
    let mut names: Vec<String> = every.iter().chain(bound).map(|n| n.to_string()).collect();
    names.sort();
    names
}

/// Checks the signature with `must_sign` among the signed headers; returns
/// the canonical request's lines.
fn verify(r: &Received, must_sign: &[&str]) -> Vec<String> {
    let body = SignableBody::Bytes(&r.body);
    let canonical =
        wire_support::signing::verify_signed(r, ACCESS_KEY, SECRET, "eu-west-1", "greengrass", must_sign, body)
            .unwrap_or_else(|e| panic!("the signature of {} {} does not verify: {e}", r.method, r.path));
    assert!(
        r.header("authorization").unwrap().contains("/eu-west-1/greengrass/aws4_request"),
        "signed with the model's signing name: {:?}",
        r.header("authorization")
    );
    canonical.lines().map(str::to_owned).collect()
}

#[tokio::test]
async fn greedy_labels_keep_their_slashes_and_plain_labels_do_not() {
    let server = Server::start(vec![json(200, r#"{"preSignedUrl":"https://example.com/a?X-Amz-Signature=1"}"#)]).await;
    let out = client(&server)
        .get_component_version_artifact()
        .arn(COMPONENT_ARN)
        .artifact_name("bin/linux x86/hello+1~\u{e9}.zip")
        .s3_endpoint_type(S3EndpointType::Regional)
        .iot_endpoint_type(IotEndpointType::Fips)
        .send()
        .await
        .expect("the artifact URL comes back");
    assert_eq!(out.pre_signed_url(), "https://example.com/a?X-Amz-Signature=1");

    let r = only_request(&server);
    assert_eq!(r.method, "GET");
    let path =
        format!("/greengrass/v2/components/{COMPONENT_ARN_ENCODED}/artifacts/bin/linux%20x86/hello%2B1~%C3%A9.zip");
    assert_eq!(r.path, format!("{path}?s3EndpointType=REGIONAL"));
    assert_eq!(r.header("x-amz-iot-endpoint-type"), Some("fips"));
    assert!(r.body.is_empty());
    assert_eq!(r.header("content-length"), None, "a GET without a body announces none");
    assert_eq!(header_names(&r), expected_names(&["x-amz-iot-endpoint-type"]));
    let canonical = verify(&r, &["host", "x-amz-date", "x-amz-iot-endpoint-type"]);
    assert_eq!(canonical[0], "GET");
    // Services other than S3 sign the path encoded once more.
    assert_eq!(canonical[1], path.replace('%', "%25"));
    assert_eq!(canonical[2], "s3EndpointType=REGIONAL");
}

#[tokio::test]
async fn greedy_labels_refuse_dot_segments_before_sending() {
    let server = Server::start(vec![]).await;
    for name in ["../secrets.zip", "a/./b.zip", ""] {
        let err = client(&server)
            .get_component_version_artifact()
            .arn(COMPONENT_ARN)
            .artifact_name(name)
            .send()
            .await
            .expect_err("refused");
        assert!(matches!(err, SdkError::ConstructionFailure(_)), "{name:?}: {err:?}");
    }
    assert!(server.received().is_empty());
}

#[tokio::test]
async fn query_lists_repeat_their_key_in_order() {
    let server = Server::start(vec![json(200, "{}")]).await;
    client(&server)
        .untag_resource()
        .resource_arn(COMPONENT_ARN)
        .tag_keys("team")
        .tag_keys("cost center")
        .tag_keys("a&b=c")
        .tag_keys("team")
        .send()
        .await
        .expect("untagged");

    let r = only_request(&server);
    assert_eq!(r.method, "DELETE");
    assert_eq!(
        r.path,
        format!("/tags/{COMPONENT_ARN_ENCODED}?tagKeys=team&tagKeys=cost%20center&tagKeys=a%26b%3Dc&tagKeys=team")
    );
    assert!(r.body.is_empty());
    assert_eq!(header_names(&r), expected_names(&[]));
    let canonical = verify(&r, &["host", "x-amz-date"]);
    assert_eq!(canonical[2], "tagKeys=a%26b%3Dc&tagKeys=cost%20center&tagKeys=team&tagKeys=team");
}

#[tokio::test]
async fn numbers_in_the_query_and_json_lists_in_the_response() {
    let body = r#"{"componentVersions":[
        {"componentName":"com.example.Hello","componentVersion":"1.0.0","arn":"arn:1"},
        {"componentName":"com.example.Hello","componentVersion":"1.1.0","arn":"arn:2","new":true}],
        "nextToken":"next+/="}"#;
    let server = Server::start(vec![json(200, body)]).await;
    let out = client(&server)
        .list_component_versions()
        .arn("arn:aws:greengrass:eu-west-1:123456789012:components:com.example.Hello")
        .max_results(10)
        .next_token("abc+def/=")
        .send()
        .await
        .expect("listed");
    assert_eq!(out.next_token(), Some("next+/="));
    let versions: Vec<_> = out.component_versions().iter().map(|v| v.component_version().unwrap()).collect();
    assert_eq!(versions, ["1.0.0", "1.1.0"]);

    let r = only_request(&server);
    assert_eq!(r.method, "GET");
    assert_eq!(
        r.path,
        "/greengrass/v2/components/arn%3Aaws%3Agreengrass%3Aeu-west-1%3A123456789012%3Acomponents%3Acom.example.Hello\
         /versions?maxResults=10&nextToken=abc%2Bdef%2F%3D"
    );
    verify(&r, &["host", "x-amz-date"]);
}

#[tokio::test]
async fn body_members_are_a_json_document_and_labels_stay_out_of_it() {
    let server = Server::start(vec![json(200, "{}")]).await;
    client(&server)
        .tag_resource()
        .resource_arn(COMPONENT_ARN)
        .tags("team", "iot \"edge\"")
        .send()
        .await
        .expect("tagged");

    let r = only_request(&server);
    assert_eq!(r.method, "POST");
    assert_eq!(r.path, format!("/tags/{COMPONENT_ARN_ENCODED}"));
    assert_eq!(r.header("content-type"), Some("application/json"));
    assert_eq!(r.body, br#"{"tags":{"team":"iot \"edge\""}}"#);
    assert_eq!(r.header("content-length"), Some(r.body.len().to_string().as_str()));
    assert_eq!(header_names(&r), expected_names(&["content-length", "content-type"]));
    verify(&r, &["host", "x-amz-date", "content-type"]);
}

#[tokio::test]
async fn error_members_bound_to_headers_are_read() {
    let server = Server::start(vec![
        respond(
            429,
            &[
                ("Content-Type", "application/json"),
                ("X-Amzn-Errortype", "ThrottlingException:http://internal.amazon.com/coral/com.amazonaws.greengrass/"),
                ("Retry-After", "30"),
            ],
            r#"{"message":"slow down","quotaCode":"Q-1","serviceCode":"greengrass"}"#,
        ),
        // No error-type header: the code comes from the body, namespace dropped.
        json(
            404,
            r#"{"__type":"com.amazonaws.greengrassv2#ResourceNotFoundException","message":"no such artifact",
                "resourceId":"hello.zip","resourceType":"artifact"}"#,
        ),
    ])
    .await;
    let client = client(&server);
    let call = || client.get_component_version_artifact().arn(COMPONENT_ARN).artifact_name("hello.zip").send();

    let err = call().await.expect_err("throttled");
    let SdkError::ServiceError(service) = &err else { panic!("{err:?}") };
    assert_eq!(service.raw().status(), 429);
    match service.err() {
        GetComponentVersionArtifactError::ThrottlingException(e) => {
            assert_eq!(e.message(), "slow down");
            assert_eq!(e.retry_after_seconds(), 30, "bound to the Retry-After header");
            assert_eq!(e.quota_code(), Some("Q-1"));
            assert_eq!(e.service_code(), Some("greengrass"));
        }
        other => panic!("expected ThrottlingException, got {other:?}"),
    }

    let err = call().await.expect_err("not found");
    match err.into_service_error() {
        GetComponentVersionArtifactError::ResourceNotFoundException(e) => {
            assert_eq!(e.message(), "no such artifact");
            assert_eq!((e.resource_id(), e.resource_type()), ("hello.zip", "artifact"));
            assert_eq!(e.meta().request_id(), Some("req-gg"));
        }
        other => panic!("expected ResourceNotFoundException, got {other:?}"),
    }
    assert_eq!(server.received().len(), 2);
}
