//! Checks a received request's SigV4 signature by signing its signed headers
//! again with the runtime's signer (itself checked against the AWS vectors).

use std::time::{Duration, UNIX_EPOCH};

use crate::server::Received;
use crate::sigv4::{SignableBody, SignableRequest, SigningParams, SigningSettings, sign_headers};
use crate::time::{Civil, unix_from_civil};

/// The headers an awsJson request must have signed.
pub const AWS_JSON_SIGNED_HEADERS: &[&str] = &["host", "x-amz-date", "content-type", "x-amz-target"];

/// Verifies `request`'s `Authorization` header for these credentials, for an
/// awsJson request (its body signed by its hash, [`AWS_JSON_SIGNED_HEADERS`]
/// among the signed headers); the error says what differs.
pub fn verify(request: &Received, access_key: &str, secret: &str, region: &str, service: &str) -> Result<(), String> {
    let body = SignableBody::Bytes(&request.body);
    verify_signed(request, access_key, secret, region, service, AWS_JSON_SIGNED_HEADERS, body).map(|_| ())
}

/// Verifies `request`'s `Authorization` header for these credentials, with
/// each of `must_sign` (lower-case names) among the signed headers and the
/// body signed as `body` says (`SignableBody::Bytes(&request.body)` for a
/// body signed by its hash, `Unsigned` for a stream sent unsigned).
///
/// Returns the canonical request, for checks of how the path and query were
/// encoded for signing; the error says what differs.
pub fn verify_signed(
    request: &Received,
    access_key: &str,
    secret: &str,
    region: &str,
    service: &str,
    must_sign: &[&str],
    body: SignableBody<'_>,
) -> Result<String, String> {
    let credentials = (access_key, secret);
    verify_signed_with(request, credentials, region, service, must_sign, body, SigningSettings::new())
}

/// [`verify_signed`] with the signer's `settings`: `SigningSettings::s3()`
/// for S3, which signs the path exactly as sent (neither normalised nor
/// encoded again) and the payload hash as the `x-amz-content-sha256` header.
/// With those settings the check also fails unless that header holds the
/// hash `body` stands for.
pub fn verify_signed_with(
    request: &Received,
    (access_key, secret): (&str, &str),
    region: &str,
    service: &str,
    must_sign: &[&str],
    body: SignableBody<'_>,
    settings: SigningSettings,
) -> Result<String, String> {
    let authorization = request.header("authorization").ok_or("no Authorization header")?;
    let signed_names = authorization
        .split("SignedHeaders=")
        .nth(1)
        .and_then(|rest| rest.split(',').next())
        .ok_or("no SignedHeaders in Authorization")?;
    let names: Vec<&str> = signed_names.split(';').collect();
    for &required in must_sign {
        if !names.contains(&required) {
            return Err(format!("`{required}` is not signed: {signed_names}"));
        }
    }
    let headers: Vec<(String, String)> =
        request.headers.iter().filter(|(n, _)| names.contains(&n.to_ascii_lowercase().as_str())).cloned().collect();
    let host = request.header("host").ok_or("no Host header")?;
    let uri = format!("http://{host}{}", request.path);
    let date = request.header("x-amz-date").ok_or("no X-Amz-Date header")?;
    let time = parse_amz_date(date).ok_or_else(|| format!("bad X-Amz-Date {date}"))?;
    let signable = SignableRequest { method: &request.method, uri: &uri, headers: &headers, body };
    let params = SigningParams {
        access_key_id: access_key,
        secret_access_key: secret,
        session_token: request.header("x-amz-security-token"),
        region,
        service,
        time,
        settings,
        signing_keys: None,
    };
    let expected = sign_headers(&signable, &params).map_err(|e| e.to_string())?;
    let expected_auth = expected.headers.iter().find(|(n, _)| *n == "authorization").map(|(_, v)| v.as_str());
    if expected_auth == Some(authorization) {
        Ok(expected.canonical_request)
    } else {
        Err(format!(
            "signature mismatch:\n  sent     {authorization}\n  expected {expected_auth:?}\n{}",
            expected.canonical_request
        ))
    }
}

fn parse_amz_date(s: &str) -> Option<std::time::SystemTime> {
    if s.len() != 16 || !s.ends_with('Z') {
        return None;
    }
    let n = |range: std::ops::Range<usize>| s.get(range)?.parse::<i64>().ok();
    let civil = Civil {
        year: n(0..4)?,
        month: n(4..6)? as u8,
        day: n(6..8)? as u8,
        hour: n(9..11)? as u8,
        minute: n(11..13)? as u8,
        second: n(13..15)? as u8,
    };
    let secs = unix_from_civil(&civil)?;
    Some(UNIX_EPOCH + Duration::from_secs(u64::try_from(secs).ok()?))
}
