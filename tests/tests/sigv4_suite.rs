//! Runs every case of the AWS SigV4 test suite (`shared/sigv4-test-suite/v4`)
//! through the runtime signer, in both the header and the presigned-query form,
//! comparing the canonical request, string to sign, signature and signed request.
//!
//! It calls the runtime crate's signer, the code every generated crate uses.

use smithy_client_runtime::rt::{sigv4, time};

use std::fs;
use std::path::Path;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use sigv4::{SignableBody, SignableRequest, SigningParams, SigningSettings};

/// A request as the suite writes it: `request.txt` and the `*-signed-request.txt` files.
#[derive(Debug, PartialEq)]
struct RawRequest {
    method: String,
    target: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

/// Reads an HTTP/1.1 request head and body. The suite's files are loose:
/// targets hold raw spaces and UTF-8, the version may be missing, header
/// values may be folded onto continuation lines.
fn parse_request(text: &str) -> RawRequest {
    let (head, body) = match text.split_once("\n\n") {
        Some((head, body)) => (head, body),
        None => (text.trim_end_matches('\n'), ""),
    };
    let mut lines = head.lines();
    let request_line = lines.next().unwrap_or("");
    let (method, target) = request_line.split_once(' ').unwrap_or((request_line, ""));
    let target = target.strip_suffix(" HTTP/1.1").unwrap_or(target);
    let mut headers: Vec<(String, String)> = Vec::new();
    for line in lines {
        if line.starts_with([' ', '\t']) {
            if let Some((_, value)) = headers.last_mut() {
                value.push(' ');
                value.push_str(line.trim());
            }
        } else if let Some((name, value)) = line.split_once(':') {
            headers.push((name.to_owned(), value.trim().to_owned()));
        }
    }
    RawRequest { method: method.to_owned(), target: target.to_owned(), headers, body: body.as_bytes().to_vec() }
}

/// Percent-encodes what cannot appear raw in a URI, which is how the suite's
/// readable targets (raw spaces, raw UTF-8) travel on the wire.
fn wire_target(target: &str) -> String {
    let mut out = String::with_capacity(target.len());
    for b in target.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@/?%".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Header lists compare by lowercase name, in order within one name.
fn normalized_headers(headers: &[(String, String)]) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> =
        headers.iter().map(|(n, v)| (n.to_ascii_lowercase(), v.trim().to_owned())).collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

fn parse_timestamp(text: &str) -> SystemTime {
    // The suite only uses `yyyy-mm-ddThh:mm:ssZ`.
    let field = |range: std::ops::Range<usize>| -> i64 {
        text.get(range).and_then(|s| s.parse().ok()).unwrap_or_else(|| panic!("bad timestamp {text:?}"))
    };
    let civil = time::Civil {
        year: field(0..4),
        month: field(5..7) as u8,
        day: field(8..10) as u8,
        hour: field(11..13) as u8,
        minute: field(14..16) as u8,
        second: field(17..19) as u8,
    };
    let secs = time::unix_from_civil(&civil).unwrap_or_else(|| panic!("bad timestamp {text:?}"));
    UNIX_EPOCH + Duration::from_secs(u64::try_from(secs).expect("after 1970"))
}

struct Case {
    access_key_id: String,
    secret_access_key: String,
    session_token: Option<String>,
    region: String,
    service: String,
    time: SystemTime,
    /// Signing time of `header-signed-request.txt`, when it differs from `time`.
    signed_request_time: SystemTime,
    settings: SigningSettings,
    expires_in: Duration,
}

impl Case {
    fn params(&self, time: SystemTime) -> SigningParams<'_> {
        SigningParams {
            access_key_id: &self.access_key_id,
            secret_access_key: &self.secret_access_key,
            session_token: self.session_token.as_deref(),
            region: &self.region,
            service: &self.service,
            time,
            settings: self.settings,
            signing_keys: None,
        }
    }
}

const EXAMPLE_SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

fn case_from_context(context: &serde_json::Value) -> Case {
    let text = |value: &serde_json::Value| value.as_str().map(str::to_owned);
    let flag = |key: &str| context[key].as_bool().unwrap_or(false);
    let time = parse_timestamp(context["timestamp"].as_str().expect("timestamp"));
    Case {
        access_key_id: text(&context["credentials"]["access_key_id"]).expect("access_key_id"),
        secret_access_key: text(&context["credentials"]["secret_access_key"]).expect("secret_access_key"),
        session_token: text(&context["credentials"]["token"]),
        region: text(&context["region"]).expect("region"),
        service: text(&context["service"]).expect("service"),
        time,
        signed_request_time: time,
        settings: SigningSettings {
            normalize_path: flag("normalize"),
            // The suite's paths are signed exactly as they go on the wire:
            // `get-space-normalized` sends `/example%20space/` and expects
            // that, not `%2520`, in its canonical request.
            double_encode_path: false,
            content_sha256_header: flag("sign_body"),
            omit_session_token: flag("omit_session_token"),
        },
        expires_in: Duration::from_secs(context["expiration_in_seconds"].as_u64().unwrap_or(3600)),
    }
}

/// The two cases that come without a `context.json`; they cover the default
/// double encoding of paths. Their parameters are the ones their expected
/// files name (key id, scope, `x-amz-date`); the secrets are the ones that
/// reproduce their published signatures.
fn builtin_case(name: &str) -> Option<Case> {
    let (access_key_id, secret, region, service, signed_request_time) = match name {
        // Its canonical request was taken at 2021-05-11T15:40:45Z but its signed
        // request at 2015-08-30T12:36:00Z, the date its request.txt carries.
        "double-encode-path" => {
            ("ANOTREAL", "notrealrnrELgWzOk3IfjzDKtFBhDby", "us-east-1", "service", "2015-08-30T12:36:00Z")
        }
        "double-url-encode" => ("AKIDEXAMPLE", EXAMPLE_SECRET, "us-east-2", "lambda", "2021-05-11T15:40:45Z"),
        _ => return None,
    };
    Some(Case {
        access_key_id: access_key_id.to_owned(),
        secret_access_key: secret.to_owned(),
        session_token: None,
        region: region.to_owned(),
        service: service.to_owned(),
        time: parse_timestamp("2021-05-11T15:40:45Z"),
        signed_request_time: parse_timestamp(signed_request_time),
        settings: SigningSettings::new(),
        expires_in: Duration::from_secs(3600),
    })
}

/// Collects mismatches so one run reports every failing vector.
struct Checker {
    failures: Vec<String>,
    checks: usize,
}

impl Checker {
    fn compare<T: PartialEq + std::fmt::Debug>(&mut self, case: &str, what: &str, expected: T, actual: T) {
        self.checks += 1;
        if expected != actual {
            self.failures.push(format!("{case}: {what} differs\n  expected: {expected:#?}\n  actual:   {actual:#?}"));
        }
    }

    fn fail(&mut self, case: &str, what: &str, error: impl std::fmt::Display) {
        self.checks += 1;
        self.failures.push(format!("{case}: {what} failed: {error}"));
    }
}

fn read_optional(dir: &Path, file: &str) -> Option<String> {
    fs::read_to_string(dir.join(file)).ok().map(|text| text.trim_end_matches(['\n', '\r']).to_owned())
}

fn run_case(checker: &mut Checker, name: &str, dir: &Path, case: &Case) {
    let request_text = read_optional(dir, "request.txt").unwrap_or_else(|| panic!("{name}: no request.txt"));
    let request = parse_request(&request_text);
    let host = request
        .headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("host"))
        .map_or("example.amazonaws.com", |(_, v)| v.as_str());
    let origin = format!("https://{host}");
    let uri = format!("{origin}{}", wire_target(&request.target));
    let signable = SignableRequest {
        method: &request.method,
        uri: &uri,
        headers: &request.headers,
        body: SignableBody::Bytes(&request.body),
    };

    if let Some(expected) = read_optional(dir, "header-canonical-request.txt") {
        match sigv4::sign_headers(&signable, &case.params(case.time)) {
            Ok(out) => {
                checker.compare(name, "header canonical request", expected.as_str(), out.canonical_request.as_str());
                if let Some(expected) = read_optional(dir, "header-string-to-sign.txt") {
                    checker.compare(name, "header string to sign", expected.as_str(), out.string_to_sign.as_str());
                }
                if let Some(expected) = read_optional(dir, "header-signature.txt") {
                    checker.compare(name, "header signature", expected.as_str(), out.signature.as_str());
                }
            }
            Err(error) => checker.fail(name, "header signing", error),
        }
    }
    if let Some(expected) = read_optional(dir, "header-signed-request.txt") {
        match sigv4::sign_headers(&signable, &case.params(case.signed_request_time)) {
            Ok(out) => {
                let mut headers = request.headers.clone();
                for (added, value) in &out.headers {
                    headers.retain(|(n, _)| !n.eq_ignore_ascii_case(added));
                    headers.push(((*added).to_owned(), value.clone()));
                }
                let expected = parse_request(&expected);
                let actual = RawRequest {
                    method: request.method.clone(),
                    target: wire_target(&request.target),
                    headers: normalized_headers(&headers),
                    body: request.body.clone(),
                };
                // Targets compare in wire form: `get-space-normalized` sends
                // `%20` but its signed request shows a raw space.
                let expected = RawRequest {
                    target: wire_target(&expected.target),
                    headers: normalized_headers(&expected.headers),
                    ..expected
                };
                checker.compare(name, "header-signed request", expected, actual);
            }
            Err(error) => checker.fail(name, "header signing", error),
        }
    }

    if let Some(expected) = read_optional(dir, "query-canonical-request.txt") {
        match sigv4::presign_query(&signable, &case.params(case.time), case.expires_in) {
            Ok(out) => {
                checker.compare(name, "query canonical request", expected.as_str(), out.canonical_request.as_str());
                if let Some(expected) = read_optional(dir, "query-string-to-sign.txt") {
                    checker.compare(name, "query string to sign", expected.as_str(), out.string_to_sign.as_str());
                }
                if let Some(expected) = read_optional(dir, "query-signature.txt") {
                    checker.compare(name, "query signature", expected.as_str(), out.signature.as_str());
                }
                if let Some(expected) = read_optional(dir, "query-signed-request.txt") {
                    let expected = parse_request(&expected);
                    let signed_uri = out.apply_to_uri(&uri);
                    let actual = RawRequest {
                        method: request.method.clone(),
                        target: signed_uri.strip_prefix(&origin).unwrap_or(&signed_uri).to_owned(),
                        headers: normalized_headers(&request.headers),
                        body: request.body.clone(),
                    };
                    let expected = RawRequest {
                        target: wire_target(&expected.target),
                        headers: normalized_headers(&expected.headers),
                        ..expected
                    };
                    checker.compare(name, "query-signed request", expected, actual);
                }
            }
            Err(error) => checker.fail(name, "query signing", error),
        }
    }
}

#[test]
fn sigv4_test_suite() {
    let Some(shared) = tests::shared_dir("the SigV4 test suite") else {
        return;
    };
    let suite = shared.join("sigv4-test-suite").join("v4");
    let mut names: Vec<String> = fs::read_dir(&suite)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", suite.display()))
        .filter_map(|entry| entry.ok())
        .filter(|entry| entry.path().is_dir())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();

    let mut checker = Checker { failures: Vec::new(), checks: 0 };
    let mut ran = 0;
    for name in &names {
        let dir = suite.join(name);
        let case = match fs::read_to_string(dir.join("context.json")) {
            Ok(text) => {
                let context: serde_json::Value =
                    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: bad context.json: {e}"));
                case_from_context(&context)
            }
            Err(_) => builtin_case(name).unwrap_or_else(|| panic!("{name}: no context.json and no built-in context")),
        };
        run_case(&mut checker, name, &dir, &case);
        ran += 1;
    }

    println!("SigV4 suite: ran {ran} vectors ({} checks), {} failed", checker.checks, checker.failures.len());
    assert!(ran > 0, "no vectors found in {}", suite.display());
    assert!(checker.failures.is_empty(), "SigV4 suite failures:\n{}", checker.failures.join("\n"));
}
