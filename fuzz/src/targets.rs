//! The bodies of the fuzz targets: each takes arbitrary bytes and must return
//! normally, whatever they hold; a panic (including a failed assertion of an
//! invariant below, or an arithmetic overflow in a build with overflow
//! checks) is a bug.
//!
//! This file is the `smithy-client-fuzz` crate's library, which the
//! `cargo fuzz` binaries in `fuzz_targets/` wrap, and it is also included as a
//! module by the stable smoke test `tests/tests/fuzz_smoke.rs`, so it may only
//! use crates both have: `codegen`, `partnercentral-selling` (with
//! `test-util`), `smithy-client-runtime` and `tokio`.
//!
//! Several targets read a small text format out of the bytes so that seeds
//! stay readable and mutations stay meaningful; each function documents its
//! own.

use std::future::Future;
use std::path::PathBuf;
use std::pin::pin;
use std::sync::{Mutex, OnceLock, PoisonError};
use std::task::{Context, Poll, Waker};
use std::time::{Duration, UNIX_EPOCH};

use partnercentral_selling::config::retry::RetryConfig;
use partnercentral_selling::config::{
    Credentials, IdempotencyTokenProvider, ProfileFileCredentialsProvider, ProvideCredentials, Region,
};
use partnercentral_selling::error::SdkError;
use partnercentral_selling::http::{HttpClient, HttpResponse};
use partnercentral_selling::operation::create_resource_snapshot_job::{
    CreateResourceSnapshotJobError, CreateResourceSnapshotJobOutput,
};
use partnercentral_selling::test_util::{capture_request, infallible_client_fn};
use partnercentral_selling::types::ResourceType;
use partnercentral_selling::{Client, Config};
use smithy_client_runtime::rt::endpoint_lib;
use smithy_client_runtime::rt::profile;
use smithy_client_runtime::rt::sigv4::{
    self, SignableBody, SignableRequest, SigningKeyCache, SigningParams, SigningSettings,
};

/// A target: arbitrary bytes in, nothing out.
pub type Target = fn(&[u8]);

/// Every target, by the name of its `cargo fuzz` binary.
pub const TARGETS: &[(&str, Target)] = &[
    ("model_loader", model_loader),
    ("pcs_responses", pcs_responses),
    ("profile_parser", profile_parser),
    ("endpoint_url", endpoint_url),
    ("sigv4_canonical", sigv4_canonical),
    ("xml_reader", xml_reader),
];

/// The XML reader of the XML protocols (`rt::xml`, `rt::xml_error`) on the
/// bytes as a response body: parsing ends in a document or an error; every
/// node of a document reads (names, attributes, text, the scalar readers);
/// written back through `XmlWriter`, a document parses again to the same
/// names, attributes and texts; and the error reader of every XML protocol
/// reads it as an error response without panicking.
pub fn xml_reader(data: &[u8]) {
    use smithy_client_runtime::rt::xml::{self, Node, XmlDocument, XmlWriter};
    use smithy_client_runtime::rt::xml_error::{self, XmlErrorShape};

    /// Names, attributes and text of a node and its children, in order.
    fn canonical(node: Node<'_>, out: &mut String) {
        out.push('<');
        out.push_str(node.qualified_name());
        for (name, value) in node.attributes() {
            out.push_str(&format!(" {name}={value:?}"));
        }
        out.push('>');
        out.push_str(&format!("{:?}", node.text()));
        for child in node.children() {
            canonical(child, out);
        }
        out.push_str("</>");
    }

    fn rewrite(node: Node<'_>, w: &mut XmlWriter) {
        w.start(node.qualified_name());
        for (name, value) in node.attributes() {
            w.attr(name, &value);
        }
        w.text(&node.text());
        for child in node.children() {
            rewrite(child, w);
        }
        w.end(node.qualified_name());
    }

    if let Ok(doc) = XmlDocument::parse(data) {
        if let Ok(root) = doc.root() {
            let mut seen = 0usize;
            let mut stack = vec![root];
            while let Some(node) = stack.pop() {
                seen += 1;
                let text = node.text();
                let _ = (node.name(), node.prefix(), node.attr("id"), node.child("Code"));
                let _ = (xml::read_bool(&text), xml::read_int::<i64>(&text), xml::read_f64(&text));
                let _ = xml::read_timestamp(&text, smithy_client_runtime::primitives::DateTimeFormat::DateTime);
                let _ = xml::read_blob(&text);
                stack.extend(node.children());
            }
            assert!(seen <= data.len(), "more elements than bytes");
            let mut before = String::new();
            canonical(root, &mut before);
            let mut w = XmlWriter::new();
            rewrite(root, &mut w);
            let written = w.finish();
            let again = XmlDocument::parse(&written).unwrap_or_else(|e| {
                panic!("what the writer wrote does not parse ({e}): {}", String::from_utf8_lossy(&written))
            });
            let mut after = String::new();
            canonical(again.root().expect("a root"), &mut after);
            assert_eq!(before, after, "a document changed through the writer");
        }
    }
    let response = HttpResponse::new(400, Vec::new(), data.to_vec());
    for shape in
        [XmlErrorShape::AwsQuery, XmlErrorShape::Ec2Query, XmlErrorShape::RestXml, XmlErrorShape::RestXmlUnwrapped]
    {
        let error: CreateResourceSnapshotJobError = xml_error::read_error(&response, shape, |_, _, _| None);
        let _ = (error.to_string(), format!("{error:?}"));
    }
    let _ = xml_error::is_error_document(data);
}

/// The Smithy model loader (`codegen::smithy::load_str`: JSON parsing, the
/// prelude, `apply`, mixins, typed traits including endpoint rule sets and
/// tests, validation) on the bytes as JSON text. Invalid UTF-8 is replaced,
/// so mutated models stay mostly text.
pub fn model_loader(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    match codegen::smithy::load_str("fuzz.json", &text) {
        Ok(model) => {
            for shape in model.shapes() {
                let _ = shape.kind.members().len();
            }
        }
        Err(error) => {
            // Errors quote shape ids and member names from the input.
            let _ = (error.to_string(), format!("{error:?}"));
        }
    }
}

/// The Partner Central Selling client's handling of one response:
/// `CreateResourceSnapshotJob` called with valid input, answered by a
/// test-util client with a response read from the bytes, HTTP-like:
///
/// ```text
/// 409 retry limit                        status, then optional flags
/// x-amzn-errortype: ConflictException    up to 16 headers, until a blank line
///
/// {"message":"busy"}                     the body: every remaining byte
/// ```
///
/// A first line that does not start with a number is status 200. The flag
/// `retry` allows a second attempt (with no backoff, whatever the response
/// asks for: Tokio's timers still round the wait up to a millisecond, which
/// is why there are not more); `limit` caps the response body at 16 bytes. Any
/// result is fine; the output or error is read and displayed in full.
pub fn pcs_responses(data: &[u8]) {
    let (response, flags) = read_response(data);
    let retry = if flags.contains("retry") {
        RetryConfig::standard()
            .with_max_attempts(2)
            .with_initial_backoff(Duration::ZERO)
            .with_max_backoff(Duration::ZERO)
    } else {
        RetryConfig::disabled()
    };
    let mut config = client_config(infallible_client_fn(move |_| response.clone())).retry_config(retry);
    if flags.contains("limit") {
        config = config.max_response_body_size(16);
    }
    let client = Client::from_conf(config.build());
    match block_on(start_snapshot_job(&client)) {
        Ok(output) => {
            let _ = (output.id(), output.arn(), format!("{output:?}"));
        }
        Err(error) => {
            let _ = (error.code(), error.message(), error.raw_response().map(HttpResponse::status));
            let _ = (format!("{error:?}"), error_chain(&error));
            if let Some(service_error) = error.as_service_error() {
                let _ = (service_error.meta().request_id(), service_error.is_validation_exception());
            }
        }
    }
}

/// The shared config and credentials file parser, through the two public
/// ways in: `rt::profile::load_profile` and the profile credentials provider,
/// which reads the files again and must agree. The bytes are:
///
/// ```text
/// dev                    the selected profile (AWS_PROFILE); empty: default
/// [profile dev]          the config file...
/// region = eu-west-1
/// \0                     ...then, after a NUL byte, the credentials file
/// [dev]                  (no NUL byte: there is no credentials file)
/// aws_access_key_id = AKID
/// ```
///
/// The files are written to a folder of this process's own
/// ([`profile_sandbox_dir`]), which the environment variables
/// `AWS_CONFIG_FILE` and `AWS_SHARED_CREDENTIALS_FILE` name from the first
/// call on, so no other code in the process may read those variables or
/// `AWS_PROFILE`.
pub fn profile_parser(data: &[u8]) {
    // One call at a time: the files and the variables are process-wide.
    let sandbox = profile_sandbox();
    let mut sandbox = sandbox.lock().unwrap_or_else(PoisonError::into_inner);
    let name_end = data.iter().position(|&b| b == b'\n' || b == 0).unwrap_or(data.len());
    let selected = String::from_utf8_lossy(&data[..name_end]).into_owned();
    let files = data.get(name_end + 1..).unwrap_or_default();
    let (config, credentials) = match files.iter().position(|&b| b == 0) {
        Some(nul) => (&files[..nul], Some(&files[nul + 1..])),
        None => (files, None),
    };
    sandbox.select_profile(&selected);
    sandbox.write_files(config, credentials);

    let env = profile::Env::real();
    let loaded = profile::load_profile(&env);
    let expected_name = if selected.is_empty() { "default" } else { selected.as_str() };
    match &loaded {
        Ok(Some(found)) => {
            assert_eq!(found.name(), expected_name, "the profile loaded is not the one selected");
            for key in ["region", "aws_access_key_id", "AWS_SECRET_ACCESS_KEY", "role_arn", "s3"] {
                let _ = found.get(key);
            }
            let _ = format!("{found:?}");
        }
        Ok(None) => {}
        Err(error) => {
            let _ = (error.to_string(), format!("{error:?}"));
        }
    }

    let provider = ProfileFileCredentialsProvider::new();
    match poll_once(provider.provide_credentials()) {
        Some(Ok(credentials)) => {
            // The provider read the same files, so it found the same profile.
            let Ok(Some(found)) = &loaded else { panic!("credentials from a profile load_profile did not find") };
            assert_eq!(found.get("aws_access_key_id"), Some(credentials.access_key_id()));
            assert_eq!(found.get("aws_secret_access_key"), Some(credentials.secret_access_key()));
        }
        Some(Err(error)) => {
            let _ = error.to_string();
        }
        None => panic!("the profile credentials provider did not finish at once outside a Tokio runtime"),
    }
}

/// Endpoint URLs: `rt::endpoint_lib::parse_url` and the rules engine's other
/// string functions on the first line, then the endpoint-URL and region
/// validation through a client configured with them. The bytes are:
///
/// ```text
/// https://example.com:8443/base     the endpoint URL
/// eu-west-1                         the region (absent: us-east-1)
/// fips dualstack                    optional settings
/// ```
///
/// A request that reaches the HTTP client must target a URL `parse_url`
/// accepts, without user-info, query or fragment, and carry a valid region.
pub fn endpoint_url(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let mut lines = text.splitn(3, '\n');
    let url = lines.next().unwrap_or_default();
    let region = lines.next().unwrap_or("us-east-1");
    let options = lines.next().unwrap_or_default();

    check_parsed_url(&text);
    check_parsed_url(url);
    let _ = endpoint_lib::uri_encode(url);
    let _ = endpoint_lib::is_valid_host_label(url, options.contains("subdomains"));
    let _ = endpoint_lib::parse_arn(url);
    let _ = endpoint_lib::is_virtual_hostable_s3_bucket(url, options.contains("subdomains"));
    let _ = endpoint_lib::partition(region);
    let (start, stop) = (region.len() % 7, url.len() % 13);
    let _ = endpoint_lib::substring(url, start, stop, options.contains("reverse"));

    let (http, requests) = capture_request(None);
    let config = client_config(http)
        .region(region)
        .endpoint_url(url)
        .use_fips(options.contains("fips"))
        .use_dual_stack(options.contains("dualstack"))
        .retry_config(RetryConfig::disabled())
        .build();
    let result = block_on(start_snapshot_job(&Client::from_conf(config)));
    if let Err(error) = &result {
        let _ = error_chain(error);
    }
    if let Some(sent) = requests.try_request() {
        let parsed = endpoint_lib::parse_url(sent.uri());
        assert!(parsed.is_some(), "a request went to {:?}, which parse_url refuses", sent.uri());
        assert!(!sent.uri().contains(['?', '#']), "a request went to {:?}, with a query or fragment", sent.uri());
        let authority = parsed.map(|url| url.authority).unwrap_or_default();
        assert!(!authority.contains('@'), "a request went to {:?}, with user-info", sent.uri());
        assert!(Region::new(region).validate().is_ok(), "a request was sent with the invalid region {region:?}");
    }
}

/// SigV4 signing of an arbitrary request, in both forms, checked against
/// itself: a signature from the signing-key cache must equal a fresh one.
/// The bytes are a flags byte, then the request as the SigV4 test suite
/// writes it (`request.txt`), plus optional `x-fuzz-*` pseudo-headers that
/// set the signing parameters instead of being sent:
///
/// ```text
/// <flags>GET /path?query HTTP/1.1       request line: method, then the target
/// Host:example.amazonaws.com            headers; an indented line continues one
/// x-fuzz-region:us-east-1               also x-fuzz-service, -time (Unix seconds),
///                                       -token, -secret, -key-id, -expires,
///                                       -payload-hash
///                                       a blank line, then the body
/// ```
///
/// A target starting with `/` is appended to `https://<Host header>`; any
/// other target is the whole URI. Flag bits: 0 normalise the path, 1 double
/// encode it, 2 add `x-amz-content-sha256`, 3 leave the token unsigned,
/// 4 presign (query form), 5-6 the body (0: its bytes, 1: unsigned,
/// 2: precomputed hash, 3: bytes).
pub fn sigv4_canonical(data: &[u8]) {
    let Some((&flags, rest)) = data.split_first() else { return };
    let request = FuzzRequest::parse(rest);
    let settings = SigningSettings {
        normalize_path: flags & 1 != 0,
        double_encode_path: flags & 2 != 0,
        content_sha256_header: flags & 4 != 0,
        omit_session_token: flags & 8 != 0,
    };
    let body = match (flags >> 5) & 3 {
        1 => SignableBody::Unsigned,
        2 => SignableBody::Precomputed(request.pseudo("payload-hash").unwrap_or("UNSIGNED-PAYLOAD")),
        _ => SignableBody::Bytes(&request.body),
    };
    let signable = SignableRequest { method: &request.method, uri: &request.uri, headers: &request.headers, body };
    let time = match request.pseudo("time").and_then(|t| t.trim().parse::<i64>().ok()) {
        Some(secs) if secs >= 0 => UNIX_EPOCH.checked_add(Duration::from_secs(secs.unsigned_abs())),
        Some(secs) => UNIX_EPOCH.checked_sub(Duration::from_secs(secs.unsigned_abs())),
        // The time of the SigV4 test suite's requests.
        None => UNIX_EPOCH.checked_add(Duration::from_secs(1_440_938_160)),
    };
    let Some(time) = time else { return };
    let cache = SigningKeyCache::default();
    let params = |signing_keys| SigningParams {
        access_key_id: request.pseudo("key-id").unwrap_or("AKIDEXAMPLE"),
        secret_access_key: request.pseudo("secret").unwrap_or("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
        session_token: request.pseudo("token"),
        region: request.pseudo("region").unwrap_or("us-east-1"),
        service: request.pseudo("service").unwrap_or("service"),
        time,
        settings,
        signing_keys,
    };
    let signatures = [None, Some(&cache), Some(&cache)].map(|keys| {
        if flags & 16 != 0 {
            let expires = request.pseudo("expires").and_then(|e| e.trim().parse().ok()).unwrap_or(3600);
            sigv4::presign_query(&signable, &params(keys), Duration::from_secs(expires)).map(|signed| {
                let _ = signed.apply_to_uri(&request.uri);
                signed.signature
            })
        } else {
            sigv4::sign_headers(&signable, &params(keys)).map(|signed| signed.signature)
        }
    });
    match &signatures[0] {
        Ok(signature) => assert_eq!(signature.len(), 64, "a signature is 32 bytes in hex"),
        Err(error) => {
            let _ = error.to_string();
        }
    }
    assert!(signatures.iter().all(|s| *s == signatures[0]), "a cached signing key changed the result: {signatures:?}");
}

/// The input every call makes: the operation's required members, valid.
async fn start_snapshot_job(
    client: &Client,
) -> Result<CreateResourceSnapshotJobOutput, SdkError<CreateResourceSnapshotJobError>> {
    client
        .create_resource_snapshot_job()
        .catalog("Sandbox")
        .engagement_identifier("eng-0123456789abcd")
        .resource_type(ResourceType::Opportunity)
        .resource_identifier("O1")
        .resource_snapshot_template_identifier("Summary")
        .send()
        .await
}

fn client_config(http: impl HttpClient) -> partnercentral_selling::config::Builder {
    Config::builder()
        .region("us-east-1")
        .credentials_provider(Credentials::new("AKID", "SECRET", None))
        .idempotency_token_provider(IdempotencyTokenProvider::fixed("token-1"))
        .http_client(http)
}

/// The error and each of its sources, displayed: messages quote the server.
fn error_chain(error: &(dyn std::error::Error + 'static)) -> Vec<String> {
    let mut shown = vec![error.to_string()];
    let mut source = error.source();
    while let Some(next) = source {
        shown.push(next.to_string());
        source = next.source();
    }
    shown
}

/// Runs `future` on this thread's current-thread Tokio runtime (with timers,
/// for the retries' zero-length waits).
fn block_on<F: Future>(future: F) -> F::Output {
    thread_local! {
        static RUNTIME: tokio::runtime::Runtime = tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .expect("a current-thread Tokio runtime");
    }
    RUNTIME.with(|runtime| runtime.block_on(future))
}

/// Polls `future` once, outside any runtime.
fn poll_once<F: Future>(future: F) -> Option<F::Output> {
    match pin!(future).poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(output) => Some(output),
        Poll::Pending => None,
    }
}

/// Reads [`pcs_responses`]' input: the response and the flags line.
fn read_response(data: &[u8]) -> (HttpResponse, String) {
    const MAX_HEADERS: usize = 16;
    let mut rest = data;
    let mut next_line = || {
        let end = rest.iter().position(|&b| b == b'\n')?;
        let line = &rest[..end];
        rest = &rest[end + 1..];
        Some(String::from_utf8_lossy(line.strip_suffix(b"\r").unwrap_or(line)).into_owned())
    };
    let first = next_line().unwrap_or_default();
    let (status, flags) = first.split_once(' ').unwrap_or((&first, ""));
    let status = status.parse().unwrap_or(200);
    let flags = flags.to_owned();
    let mut headers = Vec::new();
    while let Some(line) = next_line() {
        if line.is_empty() {
            break;
        }
        if headers.len() < MAX_HEADERS {
            let (name, value) = line.split_once(':').unwrap_or((&line, ""));
            headers.push((name.to_owned(), value.trim_start().to_owned()));
        }
    }
    (HttpResponse::new(status, headers, rest.to_vec()), flags)
}

/// `parse_url` on `text`, checking what it promises of a URL it accepts.
fn check_parsed_url(text: &str) {
    let Some(url) = endpoint_lib::parse_url(text) else { return };
    assert!(url.scheme == "http" || url.scheme == "https", "{text:?} parsed with scheme {:?}", url.scheme);
    assert!(!url.authority.is_empty() && !url.authority.contains('@'), "{text:?} parsed as {url:?}");
    assert!(url.normalized_path.starts_with('/') && url.normalized_path.ends_with('/'), "{text:?} as {url:?}");
}

/// [`sigv4_canonical`]'s request.
struct FuzzRequest {
    method: String,
    uri: String,
    headers: Vec<(String, String)>,
    pseudo_headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl FuzzRequest {
    fn parse(data: &[u8]) -> FuzzRequest {
        let head_end = find(data, b"\n\n").unwrap_or(data.len());
        let head = String::from_utf8_lossy(&data[..head_end]);
        let body = data.get(head_end + 2..).unwrap_or_default().to_vec();
        let mut lines = head.split('\n');
        let request_line = lines.next().unwrap_or_default();
        let request_line = request_line.rfind(" HTTP/").map_or(request_line, |at| &request_line[..at]);
        let (method, target) = request_line.split_once(' ').unwrap_or((request_line, "/"));
        let mut headers: Vec<(String, String)> = Vec::new();
        for line in lines {
            match headers.last_mut() {
                // Folded onto an indented line, as in the suite's multi-line cases.
                Some((_, value)) if line.starts_with([' ', '\t']) => {
                    value.push(' ');
                    value.push_str(line.trim_start());
                }
                _ => {
                    let (name, value) = line.split_once(':').unwrap_or((line, ""));
                    headers.push((name.to_owned(), value.to_owned()));
                }
            }
        }
        let (pseudo_headers, headers): (Vec<_>, Vec<_>) =
            headers.into_iter().partition(|(name, _)| name.starts_with("x-fuzz-"));
        let uri = match headers.iter().find(|(name, _)| name.eq_ignore_ascii_case("host")) {
            Some((_, host)) if target.starts_with('/') => format!("https://{}{target}", host.trim()),
            _ => target.to_owned(),
        };
        FuzzRequest { method: method.to_owned(), uri, headers, pseudo_headers, body }
    }

    fn pseudo(&self, name: &str) -> Option<&str> {
        let found = self.pseudo_headers.iter().find(|(n, _)| n.strip_prefix("x-fuzz-") == Some(name));
        found.map(|(_, value)| value.as_str())
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|window| window == needle)
}

/// The folder [`profile_parser`] writes its files to: one per process, in
/// memory where the system offers a RAM-backed folder (rewriting two files on
/// a disk-backed one cost 3 ms per call here, in memory 50 µs).
pub fn profile_sandbox_dir() -> PathBuf {
    let shm = std::path::Path::new("/dev/shm");
    let parent = if shm.is_dir() { shm.to_path_buf() } else { std::env::temp_dir() };
    parent.join(format!("smithy-fuzz-profile-{}", std::process::id()))
}

struct ProfileSandbox {
    config: PathBuf,
    credentials: PathBuf,
    selected: Option<String>,
}

fn profile_sandbox() -> &'static Mutex<ProfileSandbox> {
    static SANDBOX: OnceLock<Mutex<ProfileSandbox>> = OnceLock::new();
    SANDBOX.get_or_init(|| {
        let dir = profile_sandbox_dir();
        std::fs::create_dir_all(&dir).expect("create the profile sandbox folder");
        let sandbox =
            ProfileSandbox { config: dir.join("config"), credentials: dir.join("credentials"), selected: None };
        // SAFETY: only this module reads or writes these variables, under the
        // sandbox lock, and nothing in the processes it runs in reads the
        // environment through C's getenv; Rust's own accessors are locked.
        unsafe {
            std::env::set_var("AWS_CONFIG_FILE", &sandbox.config);
            std::env::set_var("AWS_SHARED_CREDENTIALS_FILE", &sandbox.credentials);
            std::env::remove_var("AWS_PROFILE");
        }
        Mutex::new(sandbox)
    })
}

impl ProfileSandbox {
    fn select_profile(&mut self, name: &str) {
        let wanted = Some(name).filter(|name| !name.is_empty());
        if self.selected.as_deref() == wanted {
            return;
        }
        // SAFETY: as in `profile_sandbox`. The name holds no NUL byte (the
        // input was split at the first one), so `set_var` cannot panic.
        unsafe {
            match wanted {
                Some(name) => std::env::set_var("AWS_PROFILE", name),
                None => std::env::remove_var("AWS_PROFILE"),
            }
        }
        self.selected = wanted.map(str::to_owned);
    }

    fn write_files(&self, config: &[u8], credentials: Option<&[u8]>) {
        std::fs::write(&self.config, config).expect("write the config file");
        match credentials {
            Some(credentials) => std::fs::write(&self.credentials, credentials).expect("write the credentials file"),
            None => match std::fs::remove_file(&self.credentials) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => panic!("remove the credentials file: {e}"),
                _ => {}
            },
        }
    }
}
