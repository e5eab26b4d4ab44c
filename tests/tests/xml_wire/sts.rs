//! STS operations (awsQuery), generated at test time, against a server on
//! 127.0.0.1: the form body byte for byte, the SigV4 signature, the XML
//! answers and errors as the caller sees them, and hostile answers (entity
//! definitions, deep nesting, bodies over the size limit) refused quickly
//! with an error that says why.
//!
//! `tests/tests/xml_wire.rs` compiles this file in a scratch workspace next
//! to the generated `sts` crate; `wire_support` is the workspace's
//! `tests/src/server.rs` and `tests/src/signing.rs`.

use std::time::{Duration, Instant};

use smithy_client_runtime::rt::sigv4::SignableBody;
use sts::config::Credentials;
use sts::config::retry::RetryConfig;
use sts::error::SdkError;
use sts::operation::assume_role::{AssumeRoleError, AssumeRoleOutput};
use sts::primitives::DateTime;
use sts::types::{PolicyDescriptorType, Tag};
use sts::{Client, Config};
use wire_support::server::{Received, Reply, Server};

const ACCESS_KEY: &str = "AKIDEXAMPLE";
const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
const ROLE_ARN: &str = "arn:aws:iam::123456789012:role/demo-role";
const ASSUMED_ARN: &str = "arn:aws:sts::123456789012:assumed-role/demo-role/ci session";
/// The secret of the temporary credentials the server hands out.
const TEMPORARY_SECRET: &str = "9drTJvcXLB89EXAMPLELB8923FB892xMFI";
const SESSION_TOKEN: &str = "AQoXdzELDDY//////////wEaoAK1wvxJY12r2IrDFT2IvAzTCn3zHoZ7YNtpiQLF0MqZye/qwjzP2iEXAMPLE";
/// 2026-11-29T12:00:00Z.
const EXPIRATION_SECS: i64 = 1_795_953_600;
/// The limit the hostile-body tests set: 1 MiB.
const LIMIT: u64 = 1024 * 1024;

fn config(server: &Server) -> sts::config::Builder {
    Config::builder()
        .region("us-east-1")
        .credentials_provider(Credentials::new(ACCESS_KEY, SECRET, None))
        .endpoint_url(&server.url)
        .retry_config(RetryConfig::disabled())
}

/// No retries: each scripted reply answers exactly one request.
fn client(server: &Server) -> Client {
    Client::from_conf(config(server).build())
}

fn xml(status: u16, body: &str) -> Reply {
    Reply::Respond { status, headers: vec![("Content-Type".into(), "text/xml".into())], body: body.into() }
}

/// The one request the server received.
fn only_request(server: &Server) -> Received {
    let mut requests = server.received();
    assert_eq!(requests.len(), 1, "one request: {requests:#?}");
    requests.remove(0)
}

/// Checks the signature (body signed by its hash) for service `sts`;
/// returns the canonical request's lines.
fn verify(r: &Received) -> Vec<String> {
    let must_sign = ["host", "x-amz-date", "content-type"];
    let body = SignableBody::Bytes(&r.body);
    let canonical = wire_support::signing::verify_signed(r, ACCESS_KEY, SECRET, "us-east-1", "sts", &must_sign, body)
        .unwrap_or_else(|e| panic!("the signature of {} {} does not verify: {e}", r.method, r.path));
    assert!(
        r.header("authorization").unwrap().contains("/us-east-1/sts/aws4_request"),
        "signed for sts: {:?}",
        r.header("authorization")
    );
    canonical.lines().map(str::to_owned).collect()
}

fn assume_role_response(credentials: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleResult>
    <SourceIdentity>ci-pipeline</SourceIdentity>
    <AssumedRoleUser>
      <Arn>{ASSUMED_ARN}</Arn>
      <AssumedRoleId>AROA3XFRBF535PLBIFPI4:ci session</AssumedRoleId>
    </AssumedRoleUser>
    {credentials}
    <PackedPolicySize>6</PackedPolicySize>
    <SomethingNewer><Nested>ignored</Nested></SomethingNewer>
  </AssumeRoleResult>
  <ResponseMetadata>
    <RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId>
  </ResponseMetadata>
</AssumeRoleResponse>
"#
    )
}

fn credentials_xml() -> String {
    format!(
        "<Credentials>\n      <SessionToken>{SESSION_TOKEN}</SessionToken>\n      \
         <SecretAccessKey>{TEMPORARY_SECRET}</SecretAccessKey>\n      \
         <Expiration>2026-11-29T12:00:00Z</Expiration>\n      \
         <AccessKeyId>ASIAJEXAMPLEXEG2JICEA</AccessKeyId>\n    </Credentials>"
    )
}

/// Appends `line` to `sts_report.txt` in the test crate's folder, which the
/// outer test prints: how long each refusal took.
fn report(line: &str) {
    use std::io::Write as _;
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sts_report.txt");
    let mut file = std::fs::OpenOptions::new().create(true).append(true).open(path).expect("open the report");
    // One write per line: lines from tests running at once do not interleave.
    file.write_all(format!("{line}\n").as_bytes()).expect("write the report");
}

/// Sends an AssumeRole whose answer is `reply`, with the body limit at
/// [`LIMIT`]; returns the error and how long the call took.
async fn assume_role_failing_with(reply: Reply) -> (SdkError<AssumeRoleError>, Duration, Server) {
    let server = Server::start(vec![reply]).await;
    let client = Client::from_conf(config(&server).max_response_body_size(LIMIT).build());
    let start = Instant::now();
    let call = client.assume_role().role_arn(ROLE_ARN).role_session_name("s").send();
    let result = tokio::time::timeout(Duration::from_secs(30), call).await.expect("the call ends, quickly");
    let elapsed = start.elapsed();
    let err = result.expect_err("the answer is refused");
    (err, elapsed, server)
}

#[tokio::test]
async fn assume_role_sends_the_exact_form_and_reads_the_temporary_credentials() {
    let server = Server::start(vec![
        xml(200, &assume_role_response(&credentials_xml()))
            .with_header("x-amzn-RequestId", "c6104cbe-af31-11e0-8154-cbc7ccf896c7"),
    ])
    .await;
    let out = client(&server)
        .assume_role()
        .role_arn(ROLE_ARN)
        .role_session_name("ci session")
        .policy_arns(PolicyDescriptorType::builder().arn("arn:aws:iam::aws:policy/ReadOnlyAccess").build())
        .duration_seconds(900)
        .tags(Tag::builder().key("Project").value("a b+c/d=e&f").build().expect("key and value"))
        .tags(Tag::builder().key("Team").value("infra").build().expect("key and value"))
        .transitive_tag_keys("Project")
        .external_id("ext-123")
        .send()
        .await
        .expect("the role is assumed");

    let r = only_request(&server);
    assert_eq!(r.method, "POST");
    assert_eq!(r.path, "/");
    assert_eq!(r.header("content-type"), Some("application/x-www-form-urlencoded"));
    // In the model's member order; lists as `Name.member.N`, structures in
    // them as `Name.member.N.Member`; RFC 3986 encoding (`%20`, never `+`).
    let expected = "Action=AssumeRole&Version=2011-06-15\
        &RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fdemo-role\
        &RoleSessionName=ci%20session\
        &PolicyArns.member.1.arn=arn%3Aaws%3Aiam%3A%3Aaws%3Apolicy%2FReadOnlyAccess\
        &DurationSeconds=900\
        &Tags.member.1.Key=Project&Tags.member.1.Value=a%20b%2Bc%2Fd%3De%26f\
        &Tags.member.2.Key=Team&Tags.member.2.Value=infra\
        &TransitiveTagKeys.member.1=Project\
        &ExternalId=ext-123";
    assert_eq!(String::from_utf8_lossy(&r.body), expected);
    assert_eq!(r.header("content-length"), Some(expected.len().to_string().as_str()));
    let canonical = verify(&r);
    assert_eq!(canonical[..3], ["POST", "/", ""]);

    let credentials = out.credentials().expect("credentials");
    assert_eq!(credentials.access_key_id(), "ASIAJEXAMPLEXEG2JICEA");
    assert_eq!(credentials.secret_access_key(), TEMPORARY_SECRET);
    assert_eq!(credentials.session_token(), SESSION_TOKEN);
    assert_eq!(credentials.expiration(), &DateTime::from_secs(EXPIRATION_SECS));
    let user = out.assumed_role_user().expect("the assumed role user");
    assert_eq!(user.arn(), ASSUMED_ARN);
    assert_eq!(user.assumed_role_id(), "AROA3XFRBF535PLBIFPI4:ci session");
    assert_eq!(out.packed_policy_size(), Some(6));
    assert_eq!(out.source_identity(), Some("ci-pipeline"));

    let debug = format!("{out:?}");
    assert!(!debug.contains(TEMPORARY_SECRET), "Debug shows the secret: {debug}");
    assert!(debug.contains("*** Sensitive Data Redacted ***"), "{debug}");
    assert!(debug.contains("ASIAJEXAMPLEXEG2JICEA"), "the access key id is not secret: {debug}");
}

#[tokio::test]
async fn get_caller_identity_sends_only_action_and_version() {
    let body = r#"<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <GetCallerIdentityResult>
    <Arn>arn:aws:iam::123456789012:user/Alice</Arn>
    <UserId>AIDACKCEVSQ6C2EXAMPLE</UserId>
    <Account>123456789012</Account>
  </GetCallerIdentityResult>
  <ResponseMetadata><RequestId>01234567-89ab-cdef-0123-456789abcdef</RequestId></ResponseMetadata>
</GetCallerIdentityResponse>"#;
    let server = Server::start(vec![xml(200, body)]).await;
    let out = client(&server).get_caller_identity().send().await.expect("the identity comes back");
    assert_eq!(out.account(), Some("123456789012"));
    assert_eq!(out.arn(), Some("arn:aws:iam::123456789012:user/Alice"));
    assert_eq!(out.user_id(), Some("AIDACKCEVSQ6C2EXAMPLE"));

    let r = only_request(&server);
    assert_eq!(r.body, b"Action=GetCallerIdentity&Version=2011-06-15");
    verify(&r);
}

#[tokio::test]
async fn assume_role_with_web_identity_redacts_the_token_and_reads_the_subject() {
    let body = format!(
        r#"<AssumeRoleWithWebIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleWithWebIdentityResult>
    <SubjectFromWebIdentityToken>amzn1.account.AF6RHO7KZU5XRVQJGXK6HB56KR2A</SubjectFromWebIdentityToken>
    <Audience>client.5498841531868486423.1548@apps.example.com</Audience>
    <AssumedRoleUser><Arn>{ASSUMED_ARN}</Arn><AssumedRoleId>AROACLKWSDQRAOEXAMPLE:app1</AssumedRoleId></AssumedRoleUser>
    {credentials}
    <Provider>www.amazon.com</Provider>
  </AssumeRoleWithWebIdentityResult>
  <ResponseMetadata><RequestId>ad4156e9-bce1-11e2-82e6-6b6efEXAMPLE</RequestId></ResponseMetadata>
</AssumeRoleWithWebIdentityResponse>"#,
        credentials = credentials_xml()
    );
    let server = Server::start(vec![xml(200, &body)]).await;
    let token = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhcHAxIn0.c2lnbmF0dXJl";
    let request = client(&server)
        .assume_role_with_web_identity()
        .role_arn(ROLE_ARN)
        .role_session_name("app1")
        .web_identity_token(token);
    let shown = format!("{request:?}");
    assert!(!shown.contains(token), "the web identity token is sensitive: {shown}");
    let out = request.send().await.expect("the role is assumed");
    assert_eq!(out.subject_from_web_identity_token(), Some("amzn1.account.AF6RHO7KZU5XRVQJGXK6HB56KR2A"));
    assert_eq!(out.provider(), Some("www.amazon.com"));
    assert_eq!(out.credentials().map(|c| c.secret_access_key()), Some(TEMPORARY_SECRET));
    assert!(!format!("{out:?}").contains(TEMPORARY_SECRET));

    let r = only_request(&server);
    let expected = format!(
        "Action=AssumeRoleWithWebIdentity&Version=2011-06-15\
         &RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fdemo-role&RoleSessionName=app1&WebIdentityToken={token}"
    );
    assert_eq!(String::from_utf8_lossy(&r.body), expected);
}

/// A 200 whose document is not the operation's answer (a proxy's login
/// page, say) is an error, as in the official SDKs, rather than an output
/// without credentials.
#[tokio::test]
async fn a_success_without_the_operation_result_is_an_error() {
    let server = Server::start(vec![xml(200, "<html><body>Sign in</body></html>")]).await;
    let err = client(&server)
        .assume_role()
        .role_arn(ROLE_ARN)
        .role_session_name("s")
        .send()
        .await
        .expect_err("not an AssumeRole answer");
    assert!(matches!(err, SdkError::ResponseError(_)), "{err:?}");
    assert!(err.to_string().contains("AssumeRoleResponse"), "{err}");
}

/// The model gives AssumeRoleWithWebIdentity `@auth([])` and
/// `@optionalAuth`: the call that turns a web identity token into
/// credentials must work before there are any credentials, unsigned.
#[tokio::test]
async fn assume_role_with_web_identity_needs_no_credentials() {
    let body = "<AssumeRoleWithWebIdentityResponse><AssumeRoleWithWebIdentityResult/></AssumeRoleWithWebIdentityResponse>";
    let server = Server::start(vec![xml(200, body)]).await;
    let config =
        Config::builder().region("us-east-1").endpoint_url(&server.url).retry_config(RetryConfig::disabled()).build();
    Client::from_conf(config)
        .assume_role_with_web_identity()
        .role_arn(ROLE_ARN)
        .role_session_name("app1")
        .web_identity_token("token")
        .send()
        .await
        .expect("an unsigned call needs no credentials");
    assert_eq!(only_request(&server).header("authorization"), None);
}

#[tokio::test]
async fn modelled_errors_come_back_as_their_variant_with_message_and_request_id() {
    let body = r#"<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <Error>
    <Type>Sender</Type>
    <Code>ExpiredTokenException</Code>
    <Message>The security token included in the request is expired</Message>
  </Error>
  <RequestId>4fd3a1e2-0b1c-4e6f-9a7d-EXAMPLE</RequestId>
</ErrorResponse>"#;
    let server = Server::start(vec![xml(400, body)]).await;
    let err = client(&server)
        .assume_role()
        .role_arn(ROLE_ARN)
        .role_session_name("s")
        .send()
        .await
        .expect_err("the token expired");
    let SdkError::ServiceError(service) = &err else { panic!("{err:?}") };
    assert_eq!(service.raw().status(), 400);
    let e = service.err();
    assert!(e.is_expired_token_exception(), "{e:?}");
    assert_eq!(e.code(), Some("ExpiredTokenException"));
    assert_eq!(e.message(), Some("The security token included in the request is expired"));
    assert_eq!(e.meta().request_id(), Some("4fd3a1e2-0b1c-4e6f-9a7d-EXAMPLE"));
    assert!(matches!(e, AssumeRoleError::ExpiredTokenException(_)), "{e:?}");
    assert!(err.to_string().contains("The security token included in the request is expired"), "{err}");
    assert_eq!(server.received().len(), 1, "a client error is not retried");
}

/// The error shape's `message` member is `message` in the model, but the
/// service sends `<Message>` (as every awsQuery error does); the official
/// SDKs fill the member from the error's message either way.
#[tokio::test]
async fn the_modelled_error_carries_the_message_in_its_member() {
    let body = "<ErrorResponse><Error><Type>Sender</Type><Code>ExpiredTokenException</Code>\
        <Message>expired</Message></Error><RequestId>r</RequestId></ErrorResponse>";
    let server = Server::start(vec![xml(400, body)]).await;
    let err =
        client(&server).assume_role().role_arn(ROLE_ARN).role_session_name("s").send().await.expect_err("expired");
    match err.into_service_error() {
        AssumeRoleError::ExpiredTokenException(expired) => assert_eq!(expired.message(), Some("expired")),
        other => panic!("expected ExpiredTokenException, got {other:?}"),
    }
}

#[tokio::test]
async fn unmodelled_error_codes_are_unhandled_with_the_code() {
    let body = "<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code>\
        <Message>User: arn:aws:iam::123456789012:user/Alice is not authorized to perform: sts:AssumeRole</Message>\
        </Error><RequestId>req-denied</RequestId></ErrorResponse>";
    let server = Server::start(vec![xml(403, body)]).await;
    let err = client(&server)
        .assume_role()
        .role_arn(ROLE_ARN)
        .role_session_name("s")
        .send()
        .await
        .expect_err("access is denied");
    let e = err.as_service_error().unwrap_or_else(|| panic!("a service error: {err:?}"));
    #[allow(deprecated)]
    let unhandled = matches!(e, AssumeRoleError::Unhandled(_));
    assert!(unhandled, "{e:?}");
    assert_eq!(e.code(), Some("AccessDenied"));
    assert!(e.message().is_some_and(|m| m.contains("not authorized to perform: sts:AssumeRole")), "{e:?}");
    assert_eq!(e.meta().request_id(), Some("req-denied"));
    assert!(err.to_string().contains("AccessDenied"), "{err}");
}

/// An answer defining entities that expand exponentially ("billion laughs").
fn billion_laughs() -> String {
    let mut body = String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n <!ENTITY lol \"lol\">\n");
    for level in 1..=9 {
        let previous = if level == 1 { "lol".to_owned() } else { format!("lol{}", level - 1) };
        body.push_str(&format!(" <!ENTITY lol{level} \"{}\">\n", format!("&{previous};").repeat(10)));
    }
    body.push_str("]>\n<AssumeRoleResponse><AssumeRoleResult><SourceIdentity>&lol9;</SourceIdentity>");
    body.push_str("</AssumeRoleResult></AssumeRoleResponse>");
    body
}

#[tokio::test]
async fn entity_definitions_are_refused_without_expanding_them() {
    let (err, elapsed, _server) = assume_role_failing_with(xml(200, &billion_laughs())).await;
    assert!(matches!(err, SdkError::ResponseError(_)), "{err:?}");
    let message = err.to_string();
    assert!(message.contains("document type declaration"), "{message}");
    assert!(elapsed < Duration::from_secs(5), "took {elapsed:?}");
    report(&format!("billion laughs ({} bytes): refused in {elapsed:?}", billion_laughs().len()));

    // The same body as an error answer: unhandled, saying why.
    let (err, _, _server) = assume_role_failing_with(xml(400, &billion_laughs())).await;
    let e = err.as_service_error().unwrap_or_else(|| panic!("a service error: {err:?}"));
    assert_eq!(e.code(), None);
    let message = err.to_string();
    assert!(message.contains("could not be read as XML") && message.contains("document type declaration"), "{message}");
}

#[tokio::test]
async fn deep_nesting_is_refused_without_recursing() {
    let depth = 100_000;
    let body = format!(
        "<AssumeRoleResponse><AssumeRoleResult><SourceIdentity>{}{}</SourceIdentity></AssumeRoleResult></AssumeRoleResponse>",
        "<a>".repeat(depth),
        "</a>".repeat(depth)
    );
    let (err, elapsed, _server) = assume_role_failing_with(xml(200, &body)).await;
    assert!(matches!(err, SdkError::ResponseError(_)), "{err:?}");
    let message = err.to_string();
    assert!(message.contains("elements nest more than 128 levels deep"), "{message}");
    assert!(elapsed < Duration::from_secs(5), "took {elapsed:?}");
    report(&format!("{depth} levels of nesting ({} bytes): refused in {elapsed:?}", body.len()));
}

#[tokio::test]
async fn a_body_announced_over_the_limit_is_refused_before_it_is_read() {
    let eight_mib = 8 * 1024 * 1024;
    let reply = Reply::Stream { status: 200, headers: vec![], length: eight_mib, chunked: false };
    let (err, elapsed, _server) = assume_role_failing_with(reply).await;
    let SdkError::ResponseError(response) = &err else { panic!("a response error: {err:?}") };
    assert_eq!(response.raw().status(), 200, "the status and headers that arrived go with the error");
    let message = err.to_string();
    assert!(
        message.contains("(8388608 bytes by its Content-Length) is larger than the limit of 1048576 bytes"),
        "{message}"
    );
    assert!(message.contains("max_response_body_size"), "the message says how to raise the limit: {message}");
    assert!(elapsed < Duration::from_secs(5), "took {elapsed:?}");
    report(&format!("8 MiB announced by Content-Length, limit 1 MiB: refused in {elapsed:?}"));
}

#[tokio::test]
async fn a_gigabyte_announced_and_never_sent_fails_at_once() {
    let reply = Reply::Head { status: 200, headers: vec![], content_length: 1 << 30 };
    let (err, elapsed, _server) = assume_role_failing_with(reply).await;
    let message = err.to_string();
    assert!(message.contains("(1073741824 bytes by its Content-Length) is larger than the limit"), "{message}");
    // The server sends nothing after the head: only a refusal by the
    // announced length can end the call, and it does at once.
    assert!(elapsed < Duration::from_secs(2), "took {elapsed:?}");
    report(&format!("1 GiB announced by Content-Length and never sent: refused in {elapsed:?}"));
}

#[tokio::test]
async fn a_gigabyte_of_unannounced_length_is_cut_off_at_the_limit() {
    let gigabyte = 1 << 30;
    let reply = Reply::Stream { status: 200, headers: vec![], length: gigabyte, chunked: true };
    let (err, elapsed, server) = assume_role_failing_with(reply).await;
    let message = err.to_string();
    assert!(message.contains("the response body grew past the limit of 1048576 bytes"), "{message}");
    // The client stops reading at the limit and drops the connection; what
    // the server got out beyond it sits in socket buffers.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let sent = server.body_bytes_sent();
    assert!(sent < 64 * 1024 * 1024, "the server sent {sent} bytes of the gigabyte");
    assert!(elapsed < Duration::from_secs(10), "took {elapsed:?}");
    report(&format!("1 GiB chunked, limit 1 MiB: refused in {elapsed:?}, the server got {sent} bytes out"));
}

/// Without an endpoint the rules pick STS's regional endpoint; the
/// canned-response client (no connection) answers with the realistic body.
#[tokio::test]
async fn the_canned_response_client_reads_the_same_answer() {
    use sts::http::HttpResponse;
    use sts::test_util::capture_request;

    let body = assume_role_response(&credentials_xml());
    let (http, rx) = capture_request(Some(HttpResponse::new(200, vec![], body.into_bytes())));
    let config = Config::builder()
        .region("us-east-1")
        .credentials_provider(Credentials::new(ACCESS_KEY, SECRET, None))
        .http_client(http)
        .build();
    let out: AssumeRoleOutput = Client::from_conf(config)
        .assume_role()
        .role_arn(ROLE_ARN)
        .role_session_name("s")
        .send()
        .await
        .expect("the role is assumed");
    assert_eq!(out.credentials().map(|c| c.expiration().secs()), Some(EXPIRATION_SECS));
    // With no endpoint configured, the rules give the global endpoint's
    // regional form.
    assert_eq!(rx.expect_request().uri(), "https://sts.us-east-1.amazonaws.com/");
}
