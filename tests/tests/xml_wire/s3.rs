//! S3 operations (restXml), generated at test time, against a server on
//! 127.0.0.1 at a custom endpoint: the address the endpoint rules pick, each
//! request as sent (method, raw path and query, headers, body, SigV4 with
//! S3's rules: the path signed as sent and the payload hash in
//! `x-amz-content-sha256`), uploads from memory and from a file, listings,
//! and S3's error answers (a bare `<Error>`, and an empty 404 to a `HEAD`).
//!
//! `tests/tests/xml_wire.rs` compiles this file in a scratch workspace next
//! to the generated `s3` crate; `wire_support` is the workspace's
//! `tests/src/server.rs` and `tests/src/signing.rs`.

use s3::config::Credentials;
use s3::config::retry::RetryConfig;
use s3::error::SdkError;
use s3::http::HttpResponse;
use s3::operation::get_object::GetObjectError;
use s3::operation::head_object::HeadObjectError;
use s3::primitives::{ByteStream, DateTime};
use s3::test_util::capture_request;
use s3::types::{ChecksumAlgorithm, ObjectStorageClass};
use s3::{Client, Config};
use smithy_client_runtime::rt::checksum::ChecksumAlgorithm as Checksum;
use smithy_client_runtime::rt::sha256::{hex, sha256};
use smithy_client_runtime::rt::sigv4::{SignableBody, SigningSettings, UNSIGNED_PAYLOAD};
use wire_support::server::{Received, Reply, Server};

const ACCESS_KEY: &str = "AKIDEXAMPLE";
const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
const BUCKET: &str = "demo-bucket";

fn config(endpoint: &str) -> s3::config::Builder {
    Config::builder()
        .region("us-west-2")
        .credentials_provider(Credentials::new(ACCESS_KEY, SECRET, None))
        .endpoint_url(endpoint)
        .retry_config(RetryConfig::disabled())
}

/// No retries: each scripted reply answers exactly one request.
fn client(server: &Server) -> Client {
    Client::from_conf(config(&server.url).build())
}

fn respond(status: u16, headers: &[(&str, &str)], body: &str) -> Reply {
    Reply::Respond {
        status,
        headers: headers.iter().map(|(n, v)| (n.to_string(), v.to_string())).collect(),
        body: body.into(),
    }
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

/// `bound` plus the headers every S3 request carries, sorted.
fn expected_names(bound: &[&str]) -> Vec<String> {
    let every = [
        "amz-sdk-invocation-id",
        "amz-sdk-request",
        "authorization",
        "host",
        "user-agent",
        "x-amz-content-sha256",
        "x-amz-date",
    ];
    let mut names: Vec<String> = every.iter().chain(bound).map(|n| n.to_string()).collect();
    names.sort();
    names
}

/// Checks the signature with S3's rules (no second encoding of the path, no
/// normalisation, the payload hash signed as `x-amz-content-sha256`) and
/// `must_sign` among the signed headers; returns the canonical request's
/// lines.
fn verify(r: &Received, must_sign: &[&str], body: SignableBody<'_>) -> Vec<String> {
    let canonical = wire_support::signing::verify_signed_with(
        r,
        (ACCESS_KEY, SECRET),
        "us-west-2",
        "s3",
        must_sign,
        body,
        SigningSettings::s3(),
    )
    .unwrap_or_else(|e| panic!("the signature of {} {} does not verify: {e}", r.method, r.path));
    assert!(
        r.header("authorization").unwrap().contains("/us-west-2/s3/aws4_request"),
        "signed for s3: {:?}",
        r.header("authorization")
    );
    canonical.lines().map(str::to_owned).collect()
}

#[tokio::test]
async fn put_object_from_memory_is_signed_by_its_hash_and_carries_a_crc32() {
    let server = Server::start(vec![respond(
        200,
        &[
            ("ETag", "\"6805f2cfc46c0f04559748bb039d69ae\""),
            ("x-amz-version-id", "3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY"),
            ("x-amz-server-side-encryption", "AES256"),
            ("x-amz-request-id", "req-put"),
        ],
        "",
    )])
    .await;
    let body = b"hello, object\n".repeat(100);
    let out = client(&server)
        .put_object()
        .bucket(BUCKET)
        .key("photos/2024/a b+c~d.txt")
        .content_type("text/plain")
        .metadata("owner", "alice")
        .body(ByteStream::from(body.clone()))
        .send()
        .await
        .expect("the object is stored");
    assert_eq!(out.e_tag(), Some("\"6805f2cfc46c0f04559748bb039d69ae\""));
    assert_eq!(out.version_id(), Some("3HL4kqtJlcpXroDTDmJ+rmSpXd3dIbrHY"));
    assert_eq!(out.server_side_encryption().map(|s| s.as_str()), Some("AES256"));

    let r = only_request(&server);
    assert_eq!(r.method, "PUT");
    // An IP-address endpoint: the rules address the bucket in the path.
    let path = "/demo-bucket/photos/2024/a%20b%2Bc~d.txt";
    assert_eq!(r.path, format!("{path}?x-id=PutObject"));
    assert_eq!(r.header("host"), server.url.strip_prefix("http://"));
    assert_eq!(r.body, body);
    assert_eq!(r.header("content-length"), Some(body.len().to_string().as_str()));
    assert_eq!(r.header("content-type"), Some("text/plain"));
    assert_eq!(r.header("x-amz-meta-owner"), Some("alice"));
    assert_eq!(r.header("x-amz-content-sha256"), Some(hex(&sha256(&body)).as_str()));
    // Bytes in memory get a CRC32, as the official SDKs send by default; no
    // Content-MD5.
    assert_eq!(r.header("x-amz-checksum-crc32"), Some(Checksum::Crc32.compute(&body).as_str()));
    assert_eq!(r.header("content-md5"), None);
    assert_eq!(
        header_names(&r),
        expected_names(&["content-length", "content-type", "x-amz-checksum-crc32", "x-amz-meta-owner"])
    );
    let must_sign = ["host", "x-amz-date", "x-amz-content-sha256", "content-type", "x-amz-meta-owner"];
    let canonical = verify(&r, &must_sign, SignableBody::Bytes(&body));
    // S3 signs the path exactly as sent, encoded once.
    assert_eq!(canonical[..3], ["PUT", path, "x-id=PutObject"]);
}

#[tokio::test]
async fn put_object_with_a_chosen_checksum_algorithm_sends_that_one() {
    let server = Server::start(vec![respond(200, &[("x-amz-checksum-sha256", "c2hh")], "")]).await;
    let body = b"checksummed".to_vec();
    let out = client(&server)
        .put_object()
        .bucket(BUCKET)
        .key("k")
        .checksum_algorithm(ChecksumAlgorithm::Sha256)
        .body(ByteStream::from(body.clone()))
        .send()
        .await
        .expect("stored");
    assert_eq!(out.checksum_sha256(), Some("c2hh"));
    let r = only_request(&server);
    assert_eq!(r.header("x-amz-sdk-checksum-algorithm"), Some("SHA256"));
    assert_eq!(r.header("x-amz-checksum-sha256"), Some(Checksum::Sha256.compute(&body).as_str()));
    assert_eq!(r.header("x-amz-checksum-crc32"), None);
    let must_sign = ["host", "x-amz-content-sha256", "x-amz-sdk-checksum-algorithm", "x-amz-checksum-sha256"];
    verify(&r, &must_sign, SignableBody::Bytes(&body));
}

/// A checksum the caller computed goes as given, and no other is added:
/// S3 checks every checksum header it gets, and the official SDKs send only
/// the caller's.
#[tokio::test]
async fn put_object_with_a_checksum_the_caller_computed_sends_only_that_one() {
    let server = Server::start(vec![respond(200, &[], "")]).await;
    client(&server)
        .put_object()
        .bucket(BUCKET)
        .key("k")
        .checksum_crc32c("yZRlqg==")
        .body(ByteStream::from(b"checksummed".to_vec()))
        .send()
        .await
        .expect("stored");
    let r = only_request(&server);
    assert_eq!(r.header("x-amz-checksum-crc32c"), Some("yZRlqg=="));
    let checksums: Vec<&str> =
        r.headers.iter().map(|(n, _)| n.as_str()).filter(|n| n.starts_with("x-amz-checksum-")).collect();
    assert_eq!(checksums, ["x-amz-checksum-crc32c"], "{:?}", r.headers);
}

/// `ContentLength` is bound to the `Content-Length` header, which the body
/// sets too; a request with the header twice is one many servers and
/// proxies refuse (RFC 9112 §6.3).
#[tokio::test]
async fn put_object_with_an_explicit_content_length_sends_it_once() {
    let server = Server::start(vec![respond(200, &[], "")]).await;
    let body = b"sized body".to_vec();
    client(&server)
        .put_object()
        .bucket(BUCKET)
        .key("k")
        .content_length(body.len() as i64)
        .body(ByteStream::from(body.clone()))
        .send()
        .await
        .expect("stored");
    let r = only_request(&server);
    let lengths: Vec<&str> =
        r.headers.iter().filter(|(n, _)| n.eq_ignore_ascii_case("content-length")).map(|(_, v)| v.as_str()).collect();
    assert_eq!(lengths, ["10"], "{:?}", r.headers);
    assert_eq!(r.body, body);
    verify(&r, &["host", "x-amz-content-sha256", "content-length"], SignableBody::Bytes(&body));
}

#[tokio::test]
async fn put_object_from_a_file_streams_it_with_an_unsigned_payload() {
    let path = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("xml-wire-s3-upload.bin");
    let contents: Vec<u8> = (0..300 * 1024u32).map(|i| (i % 251) as u8).collect();
    std::fs::write(&path, &contents).expect("write the file to upload");
    let server = Server::start(vec![respond(200, &[("ETag", "\"f\"")], "")]).await;
    let body = ByteStream::from_path(&path).await.expect("the file is there");
    assert_eq!(body.content_length(), Some(contents.len() as u64));
    let out = client(&server)
        .put_object()
        .bucket(BUCKET)
        .key("uploads/data.bin")
        .body(body)
        .send()
        .await
        .expect("the file is stored");
    assert_eq!(out.e_tag(), Some("\"f\""));

    let r = only_request(&server);
    assert_eq!(r.method, "PUT");
    assert_eq!(r.path, "/demo-bucket/uploads/data.bin?x-id=PutObject");
    assert_eq!(r.header("content-length"), Some(contents.len().to_string().as_str()));
    assert_eq!(r.header("transfer-encoding"), None, "a file's length is known: no chunked coding");
    assert!(r.body == contents, "the file arrives whole ({} of {} bytes)", r.body.len(), contents.len());
    // A stream is not read twice to hash it.
    assert_eq!(r.header("x-amz-content-sha256"), Some(UNSIGNED_PAYLOAD));
    // Nor to checksum it: a streamed body goes without any checksum header
    // (the official SDKs send one as an aws-chunked trailer).
    assert!(!r.headers.iter().any(|(n, _)| n.starts_with("x-amz-checksum-")), "{:?}", r.headers);
    assert_eq!(header_names(&r), expected_names(&["content-length", "content-type"]));
    assert_eq!(r.header("content-type"), Some("application/octet-stream"));
    let canonical = verify(&r, &["host", "x-amz-date", "x-amz-content-sha256"], SignableBody::Unsigned);
    assert_eq!(canonical.last().map(String::as_str), Some(UNSIGNED_PAYLOAD));
    let _ = std::fs::remove_file(&path);
}

#[tokio::test]
async fn object_keys_are_sent_and_signed_as_given_without_normalising() {
    let server = Server::start(vec![respond(200, &[], "")]).await;
    client(&server)
        .put_object()
        .bucket(BUCKET)
        .key("logs/../2024//./x=1&y.txt")
        .body(ByteStream::from(b"x".to_vec()))
        .send()
        .await
        .expect("stored");
    let r = only_request(&server);
    let path = "/demo-bucket/logs/../2024//./x%3D1%26y.txt";
    assert_eq!(r.path, format!("{path}?x-id=PutObject"));
    let canonical = verify(&r, &["host", "x-amz-content-sha256"], SignableBody::Bytes(b"x"));
    assert_eq!(canonical[1], path, "dot segments and empty segments are signed as sent");
}

#[tokio::test]
async fn list_objects_v2_reads_flattened_contents_and_counts() {
    let body = r#"<?xml version="1.0" encoding="UTF-8"?>
<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
  <Name>demo-bucket</Name>
  <Prefix>photos/</Prefix>
  <KeyCount>2</KeyCount>
  <MaxKeys>2</MaxKeys>
  <Delimiter>/</Delimiter>
  <IsTruncated>true</IsTruncated>
  <NextContinuationToken>1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=</NextContinuationToken>
  <Contents>
    <Key>photos/a &amp; b.jpg</Key>
    <LastModified>2024-01-02T03:04:05.000Z</LastModified>
    <ETag>&quot;70ee1738b6b21e2c8a43f3a5ab0eee71&quot;</ETag>
    <ChecksumAlgorithm>CRC32</ChecksumAlgorithm>
    <ChecksumAlgorithm>SHA256</ChecksumAlgorithm>
    <ChecksumType>FULL_OBJECT</ChecksumType>
    <Size>434234</Size>
    <StorageClass>STANDARD</StorageClass>
    <Owner><ID>75aa57f09aa0c8caeab4f8c24e99d10f8e7faeebf76c078efc7c6caea54ba06a</ID><DisplayName>alice</DisplayName></Owner>
  </Contents>
  <Contents>
    <Key>photos/b.jpg</Key>
    <LastModified>2024-01-03T00:00:00Z</LastModified>
    <ETag>"e2"</ETag>
    <Size>0</Size>
    <StorageClass>DEEP_ARCHIVE_NEXT</StorageClass>
  </Contents>
  <CommonPrefixes><Prefix>photos/2023/</Prefix></CommonPrefixes>
  <CommonPrefixes><Prefix>photos/2024/</Prefix></CommonPrefixes>
  <EncodingType>url</EncodingType>
</ListBucketResult>"#;
    let server = Server::start(vec![respond(200, &[("Content-Type", "application/xml")], body)]).await;
    let out = client(&server)
        .list_objects_v2()
        .bucket(BUCKET)
        .prefix("photos/")
        .delimiter("/")
        .max_keys(2)
        .continuation_token("tok+en/=")
        .send()
        .await
        .expect("the listing comes back");
    assert_eq!(out.name(), Some("demo-bucket"));
    assert_eq!(out.prefix(), Some("photos/"));
    assert_eq!(out.key_count(), Some(2));
    assert_eq!(out.max_keys(), Some(2));
    assert_eq!(out.is_truncated(), Some(true));
    assert_eq!(out.next_continuation_token(), Some("1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM="));
    let contents = out.contents();
    assert_eq!(contents.len(), 2, "each flattened <Contents> is one object: {contents:?}");
    let first = &contents[0];
    assert_eq!(first.key(), Some("photos/a & b.jpg"));
    assert_eq!(first.e_tag(), Some("\"70ee1738b6b21e2c8a43f3a5ab0eee71\""));
    assert_eq!(first.size(), Some(434_234));
    assert_eq!(first.last_modified(), Some(&DateTime::from_secs(1_704_164_645)));
    assert_eq!(first.checksum_algorithm(), [ChecksumAlgorithm::Crc32, ChecksumAlgorithm::Sha256]);
    assert_eq!(first.storage_class(), Some(&ObjectStorageClass::Standard));
    assert_eq!(first.owner().and_then(|o| o.display_name()), Some("alice"));
    let second = &contents[1];
    assert_eq!(second.key(), Some("photos/b.jpg"));
    assert_eq!(second.size(), Some(0));
    assert_eq!(second.storage_class().map(|s| s.as_str()), Some("DEEP_ARCHIVE_NEXT"), "unknown values are kept");
    let prefixes: Vec<_> = out.common_prefixes().iter().map(|p| p.prefix()).collect();
    assert_eq!(prefixes, [Some("photos/2023/"), Some("photos/2024/")]);

    let r = only_request(&server);
    assert_eq!(r.method, "GET");
    assert_eq!(
        r.path,
        // The bucket's path and the operation's `/`, as the official SDKs join them.
        "/demo-bucket/?list-type=2&delimiter=%2F&max-keys=2&prefix=photos%2F&continuation-token=tok%2Ben%2F%3D"
    );
    assert!(r.body.is_empty());
    assert_eq!(r.header("content-length"), None);
    // Nothing to upload: the hash of the empty payload.
    assert_eq!(r.header("x-amz-content-sha256"), Some(hex(&sha256(b"")).as_str()));
    assert_eq!(header_names(&r), expected_names(&[]));
    let canonical = verify(&r, &["host", "x-amz-date", "x-amz-content-sha256"], SignableBody::Bytes(b""));
    assert_eq!(canonical[1], "/demo-bucket/");
    assert_eq!(canonical[2], "continuation-token=tok%2Ben%2F%3D&delimiter=%2F&list-type=2&max-keys=2&prefix=photos%2F");
}

#[tokio::test]
async fn get_object_404_is_no_such_key_from_a_bare_error_document() {
    let body = r#"<?xml version="1.0" encoding="UTF-8"?>
<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message><Key>missing.txt</Key><RequestId>4442587FB7D0A2F9</RequestId><HostId>host-id-1</HostId></Error>"#;
    let server = Server::start(vec![respond(
        404,
        &[("Content-Type", "application/xml"), ("x-amz-request-id", "4442587FB7D0A2F9")],
        body,
    )])
    .await;
    let err = client(&server).get_object().bucket(BUCKET).key("missing.txt").send().await.expect_err("no such key");
    let SdkError::ServiceError(service) = &err else { panic!("{err:?}") };
    assert_eq!(service.raw().status(), 404);
    let e = service.err();
    assert!(e.is_no_such_key(), "{e:?}");
    assert_eq!(e.code(), Some("NoSuchKey"));
    assert_eq!(e.message(), Some("The specified key does not exist."));
    assert_eq!(e.meta().request_id(), Some("4442587FB7D0A2F9"));
    assert!(matches!(e, GetObjectError::NoSuchKey(_)), "{e:?}");

    let r = only_request(&server);
    assert_eq!(r.method, "GET");
    assert_eq!(r.path, "/demo-bucket/missing.txt?x-id=GetObject");
    verify(&r, &["host", "x-amz-content-sha256"], SignableBody::Bytes(b""));
}

#[tokio::test]
async fn get_object_reads_a_small_body_and_its_headers() {
    let server = Server::start(vec![respond(
        200,
        &[
            ("Content-Type", "text/plain"),
            ("ETag", "\"e\""),
            ("Last-Modified", "Tue, 02 Jan 2024 03:04:05 GMT"),
            ("x-amz-meta-owner", "alice"),
        ],
        "hello",
    )])
    .await;
    let out = client(&server).get_object().bucket(BUCKET).key("hello.txt").send().await.expect("the object");
    assert_eq!(out.content_type(), Some("text/plain"));
    assert_eq!(out.content_length(), Some(5));
    assert_eq!(out.e_tag(), Some("\"e\""));
    assert_eq!(out.last_modified(), Some(&DateTime::from_secs(1_704_164_645)));
    assert_eq!(out.metadata().and_then(|m| m.get("owner")).map(String::as_str), Some("alice"));
    let bytes = out.body.collect().await.expect("the body").into_bytes();
    assert_eq!(bytes, b"hello");
}

#[tokio::test]
async fn head_object_reads_the_object_headers() {
    let server = Server::start(vec![Reply::Head {
        status: 200,
        headers: vec![
            ("ETag".into(), "\"e\"".into()),
            ("Last-Modified".into(), "Tue, 02 Jan 2024 03:04:05 GMT".into()),
            ("Content-Type".into(), "image/jpeg".into()),
            ("x-amz-meta-owner".into(), "alice".into()),
            ("x-amz-storage-class".into(), "GLACIER".into()),
        ],
        content_length: 434_234,
    }])
    .await;
    let out = client(&server).head_object().bucket(BUCKET).key("photo.jpg").send().await.expect("the head");
    assert_eq!(out.content_length(), Some(434_234));
    assert_eq!(out.e_tag(), Some("\"e\""));
    assert_eq!(out.content_type(), Some("image/jpeg"));
    assert_eq!(out.last_modified(), Some(&DateTime::from_secs(1_704_164_645)));
    assert_eq!(out.metadata().and_then(|m| m.get("owner")).map(String::as_str), Some("alice"));
    assert_eq!(out.storage_class().map(|s| s.as_str()), Some("GLACIER"));
    let r = only_request(&server);
    assert_eq!(r.method, "HEAD");
    assert_eq!(r.path, "/demo-bucket/photo.jpg");
}

#[tokio::test]
async fn head_object_404_with_an_empty_body_is_not_found() {
    let server = Server::start(vec![respond(404, &[("x-amz-request-id", "req-head-404")], "")]).await;
    let err = client(&server).head_object().bucket(BUCKET).key("missing.jpg").send().await.expect_err("missing");
    let SdkError::ServiceError(service) = &err else { panic!("{err:?}") };
    let e = service.err();
    assert!(matches!(e, HeadObjectError::NotFound(_)), "{e:?}");
    assert!(e.is_not_found());
    assert_eq!(e.code(), Some("NotFound"));
    assert_eq!(e.meta().request_id(), Some("req-head-404"));
    let r = only_request(&server);
    assert_eq!(r.method, "HEAD");
    assert!(r.body.is_empty());
}

/// What the endpoint rules make of a bucket and an endpoint, from the URI of
/// the request a capturing client receives (no connection is made).
async fn resolved_uri(endpoint: Option<&str>, bucket: &str) -> String {
    let (http, rx) = capture_request(Some(HttpResponse::new(200, vec![], Vec::new())));
    let mut config = config("http://unused").http_client(http);
    config = config.set_endpoint_url(endpoint.map(str::to_owned));
    Client::from_conf(config.build())
        .head_object()
        .bucket(bucket)
        .key("a/b.txt")
        .send()
        .await
        .expect("the capturing client answers 200");
    rx.expect_request().uri().to_owned()
}

#[tokio::test]
async fn endpoint_rules_address_buckets_in_the_host_or_the_path() {
    // An IP-address endpoint cannot take the bucket as a host label.
    assert_eq!(resolved_uri(Some("http://127.0.0.1:9000"), BUCKET).await, "http://127.0.0.1:9000/demo-bucket/a/b.txt");
    // A host name does: a virtual-hosted address, which only a resolver
    // that knows `demo-bucket.localhost` could connect to.
    assert_eq!(resolved_uri(Some("http://localhost:9000"), BUCKET).await, "http://demo-bucket.localhost:9000/a/b.txt");
    // A bucket name that is no host label stays in the path.
    assert_eq!(
        resolved_uri(Some("http://localhost:9000"), "Demo_Bucket").await,
        "http://localhost:9000/Demo_Bucket/a/b.txt"
    );
    // A base path on the endpoint is kept.
    assert_eq!(
        resolved_uri(Some("http://127.0.0.1:9000/base"), BUCKET).await,
        "http://127.0.0.1:9000/base/demo-bucket/a/b.txt"
    );
    // Without an endpoint: AWS's regional, virtual-hosted address.
    assert_eq!(resolved_uri(None, BUCKET).await, "https://demo-bucket.s3.us-west-2.amazonaws.com/a/b.txt");
}

#[tokio::test]
async fn a_download_cut_short_fails_the_read_instead_of_ending_it() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    // A server that announces 100,000 bytes, sends half and hangs up.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind 127.0.0.1");
    let url = format!("http://{}", listener.local_addr().expect("local addr"));
    let server = tokio::spawn(async move {
        let (mut stream, _) = listener.accept().await.expect("a connection");
        let mut request = vec![0; 16 * 1024];
        let _ = stream.read(&mut request).await;
        let _ = stream.write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 100000\r\n\r\n").await;
        let _ = stream.write_all(&[7; 50_000]).await;
    });
    let client = Client::from_conf(config(&url).build());
    let mut out = client.get_object().bucket(BUCKET).key("k").send().await.expect("the head arrives");
    let mut received = 0;
    let error = loop {
        match out.body.next().await {
            Some(Ok(chunk)) => received += chunk.len(),
            Some(Err(e)) => break e,
            None => panic!("the body ended quietly after {received} of 100000 bytes"),
        }
    };
    assert_eq!(received, 50_000);
    let message = format!("{error}: {:?}", std::error::Error::source(&error));
    assert!(message.contains("end of file before message length reached"), "{message}");
    server.abort();
}

#[tokio::test]
async fn an_error_body_over_the_limit_is_refused_for_a_streamed_operation_too() {
    // Only a 2xx body becomes the output's stream; an error is read whole,
    // and so within the limit.
    let reply = Reply::Stream { status: 404, headers: vec![], length: 8 << 20, chunked: true };
    let server = Server::start(vec![reply]).await;
    let client = Client::from_conf(config(&server.url).max_response_body_size(1 << 20).build());
    let err = client.get_object().bucket(BUCKET).key("k").send().await.expect_err("refused");
    assert!(matches!(err, SdkError::ResponseError(_)), "{err:?}");
    let message = err.to_string();
    assert!(message.contains("(HTTP 404)") && message.contains("grew past the limit of 1048576 bytes"), "{message}");
}
