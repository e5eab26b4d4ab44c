//! AWS Signature Version 4 request signing.
//!
//! Two forms are offered:
//! - [`sign_headers`] computes the `Authorization` header (plus `x-amz-date`,
//!   and `x-amz-security-token` / `x-amz-content-sha256` when they apply) for a
//!   request about to be sent;
//! - [`presign_query`] computes the `X-Amz-*` query parameters of a presigned
//!   URL that anyone holding it can use until it expires.
//!
//! The signer reads the request as it will go on the wire: `uri` must already
//! be percent-encoded (a raw space or non-ASCII character is an error, since
//! whatever the HTTP layer would turn it into is what the service verifies).
//! Nothing here panics on odd input; problems come back as [`SigningError`].

use std::borrow::Cow;
use std::error::Error;
use std::fmt;
use std::sync::Mutex;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use super::endpoint_lib::is_valid_host_label;
use super::percent::{encode as encode_strict, encode_keeping, is_unreserved};
use super::sha256::{hex, hmac_sha256, sha256};
use super::time::civil_from_unix;
use crate::config::validation::redact_user_info;
use zeroize::Zeroize;

const ALGORITHM: &str = "AWS4-HMAC-SHA256";
const SCOPE_TERMINATOR: &str = "aws4_request";

/// The payload hash to sign when the body is not signed (S3 presigned URLs,
/// bodies streamed without knowing their hash up front).
pub const UNSIGNED_PAYLOAD: &str = "UNSIGNED-PAYLOAD";

/// The longest validity AWS accepts for a presigned URL: seven days.
pub const MAX_PRESIGN_EXPIRY: Duration = Duration::from_secs(7 * 24 * 60 * 60);

/// Whether a lower-cased header name is one left out of the signature because
/// something between the client and the service may legitimately add, drop
/// or rewrite it (proxies rewrite hop-by-hop headers and `User-Agent`, tracing
/// layers set `X-Amzn-Trace-Id`), which would break a signature that covered it.
fn is_unsigned_header(lower_name: &str) -> bool {
    matches!(
        lower_name,
        "authorization"
            | "connection"
            | "expect"
            | "keep-alive"
            | "proxy-authorization"
            | "te"
            | "trailer"
            | "transfer-encoding"
            | "upgrade"
            | "user-agent"
            | "x-amzn-trace-id"
    )
}

/// The knobs that differ between services.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SigningSettings {
    /// Remove `.` and `..` segments and collapse repeated slashes in the path
    /// before signing. On for every service except S3, whose object keys may
    /// legitimately contain such sequences.
    pub normalize_path: bool,
    /// Percent-encode the (already encoded) path once more for the canonical
    /// request. On for every service except S3.
    pub double_encode_path: bool,
    /// With header signing, also send and sign `x-amz-content-sha256` holding
    /// the payload hash. S3 requires it; other services ignore it.
    pub content_sha256_header: bool,
    /// Send the session token but leave it out of the signature (the token is
    /// then added after signing). A few services, such as IoT device
    /// endpoints, expect this; the rest want it signed.
    pub omit_session_token: bool,
}

impl SigningSettings {
    /// The settings for every service except S3.
    pub const fn new() -> Self {
        SigningSettings {
            normalize_path: true,
            double_encode_path: true,
            content_sha256_header: false,
            omit_session_token: false,
        }
    }

    /// The settings S3 requires: the path is signed exactly as sent, and the
    /// payload hash travels in `x-amz-content-sha256`.
    pub const fn s3() -> Self {
        SigningSettings {
            normalize_path: false,
            double_encode_path: false,
            content_sha256_header: true,
            omit_session_token: false,
        }
    }
}

impl Default for SigningSettings {
    fn default() -> Self {
        Self::new()
    }
}

/// Who signs, for which region and service, and when.
#[derive(Clone, Copy)]
pub struct SigningParams<'a> {
    /// The access key id, e.g. `AKIDEXAMPLE`.
    pub access_key_id: &'a str,
    /// The secret access key; only ever used to derive the signing key.
    pub secret_access_key: &'a str,
    /// The session token of temporary credentials, if any.
    pub session_token: Option<&'a str>,
    /// The signing region, e.g. `us-east-1`.
    pub region: &'a str,
    /// The signing name of the service, e.g. `s3` or `lambda`.
    pub service: &'a str,
    /// The signing time; it must fall in years 0000 to 9999.
    pub time: SystemTime,
    /// Service-specific behaviour.
    pub settings: SigningSettings,
    /// Where to keep the derived signing key between requests; `None`
    /// derives it afresh every time.
    pub signing_keys: Option<&'a SigningKeyCache>,
}

impl fmt::Debug for SigningParams<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The secret and the token are credentials: never print them.
        f.debug_struct("SigningParams")
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &"*** Sensitive Data Redacted ***")
            .field("session_token", &self.session_token.map(|_| "*** Sensitive Data Redacted ***"))
            .field("region", &self.region)
            .field("service", &self.service)
            .field("time", &self.time)
            .field("settings", &self.settings)
            .field("signing_keys", &self.signing_keys.map(|_| "cached"))
            .finish()
    }
}

/// How the body takes part in the signature.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SignableBody<'a> {
    /// The whole body; its SHA-256 is signed.
    Bytes(&'a [u8]),
    /// The body is not signed: the literal `UNSIGNED-PAYLOAD` is.
    Unsigned,
    /// A payload hash computed elsewhere (lowercase hex SHA-256), or one of the
    /// literal values the streaming protocols define.
    Precomputed(&'a str),
}

/// The parts of a request that the signature covers.
#[derive(Clone, Copy, Debug)]
pub struct SignableRequest<'a> {
    /// The HTTP method, e.g. `GET`.
    pub method: &'a str,
    /// The absolute, percent-encoded URI: `scheme://host[:port]/path?query`.
    pub uri: &'a str,
    /// The headers that will be sent, in order. `Host` may be left out: it is
    /// then taken from the URI, as the HTTP layer will send it.
    pub headers: &'a [(String, String)],
    /// The body, or how it is represented in the signature.
    pub body: SignableBody<'a>,
}

/// The result of [`sign_headers`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HeaderSigningOutput {
    /// Headers to set on the request, each replacing any header of the same
    /// name (compared case-insensitively): `x-amz-date`, then
    /// `x-amz-content-sha256` and `x-amz-security-token` when they apply, then
    /// `authorization`.
    pub headers: Vec<(&'static str, String)>,
    /// The signature in lowercase hex.
    pub signature: String,
    /// The canonical request that was signed, for diagnosing a mismatch.
    pub canonical_request: String,
    /// The string to sign, for diagnosing a mismatch.
    pub string_to_sign: String,
}

/// The result of [`presign_query`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuerySigningOutput {
    /// Query parameters to append, in order, values already percent-encoded:
    /// `X-Amz-Algorithm`, `X-Amz-Credential`, `X-Amz-Date`,
    /// `X-Amz-SignedHeaders`, `X-Amz-Expires`, `X-Amz-Security-Token` (with a
    /// session token) and `X-Amz-Signature`.
    pub params: Vec<(&'static str, String)>,
    /// The signature in lowercase hex.
    pub signature: String,
    /// The canonical request that was signed, for diagnosing a mismatch.
    pub canonical_request: String,
    /// The string to sign, for diagnosing a mismatch.
    pub string_to_sign: String,
}

impl QuerySigningOutput {
    /// `uri` with [`Self::params`] appended to its query string.
    pub fn apply_to_uri(&self, uri: &str) -> String {
        let (base, fragment) = match uri.split_once('#') {
            Some((base, fragment)) => (base, Some(fragment)),
            None => (uri, None),
        };
        let mut out = String::with_capacity(uri.len() + 512);
        out.push_str(base);
        if !base.contains('?') {
            out.push('?');
        } else if !base.ends_with('?') && !base.ends_with('&') {
            out.push('&');
        }
        for (i, (name, value)) in self.params.iter().enumerate() {
            if i > 0 {
                out.push('&');
            }
            out.push_str(name);
            out.push('=');
            out.push_str(value);
        }
        if let Some(fragment) = fragment {
            out.push('#');
            out.push_str(fragment);
        }
        out
    }
}

/// Why a request could not be signed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SigningError {
    message: String,
}

impl SigningError {
    fn new(message: impl Into<String>) -> Self {
        SigningError { message: message.into() }
    }
}

impl fmt::Display for SigningError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot sign the request: {}", self.message)
    }
}

impl Error for SigningError {}

/// Signs `request` for sending with an `Authorization` header.
pub fn sign_headers(
    request: &SignableRequest<'_>,
    params: &SigningParams<'_>,
) -> Result<HeaderSigningOutput, SigningError> {
    let signer = Signer::new(request, params, Form::Headers)?;
    let settings = params.settings;
    let signed_token = params.session_token.filter(|_| !settings.omit_session_token);

    let mut added = vec![("x-amz-date", signer.amz_date.clone())];
    if settings.content_sha256_header {
        added.push(("x-amz-content-sha256", signer.payload_hash.clone()));
    }
    if let Some(token) = signed_token {
        added.push(("x-amz-security-token", token.to_owned()));
    }
    let headers = signer.canonical_headers(request, &added)?;
    let query = canonical_query(signer.query, &[]);
    let signed = signer.sign(request, &query, &headers);

    let mut out_headers = added;
    if let (Some(token), true) = (params.session_token, settings.omit_session_token) {
        out_headers.push(("x-amz-security-token", token.to_owned()));
    }
    // `concat` allocates once, at the exact size.
    let authorization = [
        ALGORITHM,
        " Credential=",
        params.access_key_id,
        "/",
        &signer.scope,
        ", SignedHeaders=",
        &headers.names,
        ", Signature=",
        &signed.signature,
    ]
    .concat();
    out_headers.push(("authorization", authorization));
    Ok(HeaderSigningOutput {
        headers: out_headers,
        signature: signed.signature,
        canonical_request: signed.canonical_request,
        string_to_sign: signed.string_to_sign,
    })
}

/// Signs `request` as a presigned URL valid for `expires_in` (whole seconds,
/// 1 second to [`MAX_PRESIGN_EXPIRY`]) from the signing time.
///
/// The headers of `request` are signed too, so whoever uses the URL must send
/// them unchanged; `x-amz-content-sha256` is never added in this form.
pub fn presign_query(
    request: &SignableRequest<'_>,
    params: &SigningParams<'_>,
    expires_in: Duration,
) -> Result<QuerySigningOutput, SigningError> {
    let expires = expires_in.as_secs();
    if expires == 0 || expires_in > MAX_PRESIGN_EXPIRY {
        return Err(SigningError::new(format!(
            "a presigned URL must expire after 1 to {} seconds, not {:?}",
            MAX_PRESIGN_EXPIRY.as_secs(),
            expires_in
        )));
    }
    let signer = Signer::new(request, params, Form::Query)?;
    let headers = signer.canonical_headers(request, &[])?;

    let mut added = vec![
        ("X-Amz-Algorithm", ALGORITHM.to_owned()),
        ("X-Amz-Credential", encode_strict(format!("{}/{}", params.access_key_id, signer.scope).as_bytes())),
        ("X-Amz-Date", signer.amz_date.clone()),
        ("X-Amz-SignedHeaders", encode_strict(headers.names.as_bytes())),
        ("X-Amz-Expires", expires.to_string()),
    ];
    let token_param = params.session_token.map(|token| ("X-Amz-Security-Token", encode_strict(token.as_bytes())));
    if let (Some(param), false) = (&token_param, params.settings.omit_session_token) {
        added.push(param.clone());
    }
    let query = canonical_query(signer.query, &added);
    let signed = signer.sign(request, &query, &headers);

    let mut out_params = added;
    if let (Some(param), true) = (token_param, params.settings.omit_session_token) {
        out_params.push(param);
    }
    out_params.push(("X-Amz-Signature", signed.signature.clone()));
    Ok(QuerySigningOutput {
        params: out_params,
        signature: signed.signature,
        canonical_request: signed.canonical_request,
        string_to_sign: signed.string_to_sign,
    })
}

/// The SigV4 signing key for one day, region and service. It can be cached
/// for that day, and the streaming protocols sign their chunks with it.
pub fn signing_key(secret_access_key: &str, date: &str, region: &str, service: &str) -> [u8; 32] {
    let mut secret = zeroize::Zeroizing::new(Vec::with_capacity(4 + secret_access_key.len()));
    secret.extend_from_slice(b"AWS4");
    secret.extend_from_slice(secret_access_key.as_bytes());
    // Each intermediate key opens the next; none outlives this call.
    let mut date_key = hmac_sha256(&secret, date.as_bytes());
    let mut region_key = hmac_sha256(&date_key, region.as_bytes());
    let mut service_key = hmac_sha256(&region_key, service.as_bytes());
    let key = hmac_sha256(&service_key, SCOPE_TERMINATOR.as_bytes());
    date_key.zeroize();
    region_key.zeroize();
    service_key.zeroize();
    key
}

/// The last signing key a client derived. The key depends only on the
/// secret, the day, the region and the service, so a client signing many
/// requests derives it about once a day instead of once per request: four
/// HMACs, about half the hashing of a small request's signature.
#[derive(Default)]
pub struct SigningKeyCache {
    last: Mutex<Option<CachedKey>>,
}

struct CachedKey {
    secret_access_key: String,
    date: String,
    region: String,
    service: String,
    key: [u8; 32],
}

impl Drop for CachedKey {
    /// The secret and the key derived from it are wiped when a newer key
    /// replaces them or the client goes away.
    fn drop(&mut self) {
        self.secret_access_key.zeroize();
        self.key.zeroize();
    }
}

impl SigningKeyCache {
    /// The signing key for these inputs, from the cache when they match the
    /// last ones.
    fn key(&self, secret_access_key: &str, date: &str, region: &str, service: &str) -> [u8; 32] {
        // A poisoned lock only means another thread panicked mid-update; the
        // key is then derived without the cache.
        if let Ok(last) = self.last.lock() {
            if let Some(cached) = last.as_ref().filter(|c| {
                c.date == date && c.region == region && c.service == service && c.secret_access_key == secret_access_key
            }) {
                return cached.key;
            }
        }
        let key = signing_key(secret_access_key, date, region, service);
        if let Ok(mut last) = self.last.lock() {
            *last = Some(CachedKey {
                secret_access_key: secret_access_key.to_owned(),
                date: date.to_owned(),
                region: region.to_owned(),
                service: service.to_owned(),
                key,
            });
        }
        key
    }
}

impl fmt::Debug for SigningKeyCache {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The key and the secret it came from are credentials: never print them.
        f.debug_struct("SigningKeyCache").finish_non_exhaustive()
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Form {
    Headers,
    Query,
}

/// Everything derived from the request and parameters that both forms share.
struct Signer<'a> {
    form: Form,
    params: SigningParams<'a>,
    amz_date: String,
    short_date: String,
    scope: String,
    host: &'a str,
    path: &'a str,
    query: &'a str,
    payload_hash: String,
}

struct CanonicalHeaders {
    /// `name:value\n` for each signed header, sorted.
    block: String,
    /// The signed header names joined with `;`.
    names: String,
}

struct Signed {
    signature: String,
    canonical_request: String,
    string_to_sign: String,
}

impl<'a> Signer<'a> {
    fn new(request: &SignableRequest<'a>, params: &SigningParams<'a>, form: Form) -> Result<Self, SigningError> {
        check_scope_part("access key id", params.access_key_id)?;
        check_scope_part("region", params.region)?;
        // The region names a host too; one that could not is refused here as
        // well as before the endpoint is resolved.
        if !is_valid_host_label(params.region, false) {
            return Err(SigningError::new(format!(
                "the region {:?} is not a valid region name (1 to 63 ASCII letters, digits and hyphens)",
                params.region
            )));
        }
        check_scope_part("service", params.service)?;
        if let Some(token) = params.session_token {
            check_header_value("x-amz-security-token", token)?;
        }
        if request.method.is_empty() || !request.method.bytes().all(is_tchar) {
            return Err(SigningError::new(format!("{:?} is not a valid HTTP method", request.method)));
        }
        let secs = unix_seconds(params.time)
            .ok_or_else(|| SigningError::new(format!("signing time {:?} is out of range", params.time)))?;
        let civil = civil_from_unix(secs);
        let Some(amz_date) = civil.basic_date_time() else {
            return Err(SigningError::new(format!(
                "signing time {:?} is outside the years 0000 to 9999 that SigV4 dates can express",
                params.time
            )));
        };
        // `yyyymmdd`, the date part of `yyyymmddThhmmssZ`.
        let short_date = amz_date[..8].to_owned();
        let uri = split_uri(request.uri)?;
        let payload_hash = match request.body {
            SignableBody::Bytes(body) => hex(&sha256(body)),
            SignableBody::Unsigned => UNSIGNED_PAYLOAD.to_owned(),
            SignableBody::Precomputed(hash) => {
                if hash.is_empty() || !hash.bytes().all(|b| b.is_ascii_graphic()) {
                    return Err(SigningError::new(format!("{hash:?} is not a valid payload hash")));
                }
                hash.to_owned()
            }
        };
        let scope = [short_date.as_str(), "/", params.region, "/", params.service, "/", SCOPE_TERMINATOR].concat();
        Ok(Signer {
            form,
            params: *params,
            amz_date,
            short_date,
            scope,
            host: uri.host,
            path: uri.path,
            query: uri.query,
            payload_hash,
        })
    }

    /// Canonicalises the request's headers together with `added`, the headers
    /// the signer itself sets (which replace any the request carries).
    fn canonical_headers(
        &self,
        request: &SignableRequest<'_>,
        added: &[(&'static str, String)],
    ) -> Result<CanonicalHeaders, SigningError> {
        let mut headers: Vec<(Cow<'_, str>, Cow<'_, str>)> =
            Vec::with_capacity(request.headers.len() + added.len() + 1);
        let mut has_host = false;
        for (name, value) in request.headers {
            if name.is_empty() || !name.bytes().all(is_tchar) {
                return Err(SigningError::new(format!("{name:?} is not a valid header name")));
            }
            check_header_value(name, value)?;
            let lower = match name.bytes().any(|b| b.is_ascii_uppercase()) {
                true => Cow::Owned(name.to_ascii_lowercase()),
                false => Cow::Borrowed(name.as_str()),
            };
            if is_unsigned_header(&lower) || self.replaced_by_signer(&lower) {
                continue;
            }
            has_host |= lower == "host";
            headers.push((lower, canonical_header_value(value)));
        }
        if !has_host {
            headers.push((Cow::Borrowed("host"), Cow::Borrowed(self.host)));
        }
        for (name, value) in added {
            headers.push((Cow::Borrowed(*name), canonical_header_value(value)));
        }
        // Stable, so repeated headers keep their order when joined below.
        headers.sort_by(|a, b| a.0.cmp(&b.0));

        // Each header adds at most its name, `:`, its value and a separator.
        let mut block = String::with_capacity(headers.iter().map(|(n, v)| n.len() + v.len() + 2).sum());
        let mut names = String::with_capacity(headers.iter().map(|(n, _)| n.len() + 1).sum());
        let mut previous: Option<&str> = None;
        for (name, value) in &headers {
            if previous == Some(&**name) {
                block.push(',');
            } else {
                if previous.is_some() {
                    block.push('\n');
                    names.push(';');
                }
                block.push_str(name);
                block.push(':');
                names.push_str(name);
                previous = Some(name);
            }
            block.push_str(value);
        }
        block.push('\n');
        Ok(CanonicalHeaders { block, names })
    }

    /// Whether the signer sets this header itself in header form, so a value
    /// already on the request must not be signed (it will be replaced).
    fn replaced_by_signer(&self, lower_name: &str) -> bool {
        self.form == Form::Headers
            && match lower_name {
                "x-amz-date" => true,
                "x-amz-content-sha256" => self.params.settings.content_sha256_header,
                "x-amz-security-token" => self.params.session_token.is_some(),
                _ => false,
            }
    }

    fn sign(&self, request: &SignableRequest<'_>, query: &str, headers: &CanonicalHeaders) -> Signed {
        let settings = self.params.settings;
        let path = match settings.normalize_path && !is_normalized(self.path) {
            true => Cow::Owned(normalize_path(self.path)),
            false => Cow::Borrowed(self.path),
        };
        let path = if path.is_empty() { Cow::Borrowed("/") } else { path };
        let path = match settings.double_encode_path {
            true => encode_path(&path).map_or(path, Cow::Owned),
            false => path,
        };
        let canonical_request = [
            request.method,
            "\n",
            &path,
            "\n",
            query,
            "\n",
            &headers.block,
            "\n",
            &headers.names,
            "\n",
            &self.payload_hash,
        ]
        .concat();
        let request_hash = hex(&sha256(canonical_request.as_bytes()));
        let string_to_sign = [ALGORITHM, "\n", &self.amz_date, "\n", &self.scope, "\n", &request_hash].concat();
        let (secret, region, service) = (self.params.secret_access_key, self.params.region, self.params.service);
        let mut key = match self.params.signing_keys {
            Some(cache) => cache.key(secret, &self.short_date, region, service),
            None => signing_key(secret, &self.short_date, region, service),
        };
        let signature = hex(&hmac_sha256(&key, string_to_sign.as_bytes()));
        key.zeroize();
        Signed { signature, canonical_request, string_to_sign }
    }
}

/// Seconds since the epoch, rounded down, or `None` beyond the `i64` range.
fn unix_seconds(time: SystemTime) -> Option<i64> {
    match time.duration_since(UNIX_EPOCH) {
        Ok(after) => i64::try_from(after.as_secs()).ok(),
        Err(before) => {
            let before = before.duration();
            let secs = i64::try_from(before.as_secs()).ok()?;
            let secs = if before.subsec_nanos() > 0 { secs.checked_add(1)? } else { secs };
            Some(-secs)
        }
    }
}

/// Region, service and access key id are joined with `/` in the credential
/// scope and sent in a comma-separated header, so those characters (and
/// whitespace) would change the scope's meaning.
fn check_scope_part(what: &str, value: &str) -> Result<(), SigningError> {
    if value.is_empty() {
        return Err(SigningError::new(format!("the {what} is empty")));
    }
    if let Some(c) = value.chars().find(|c| matches!(c, '/' | ',' | '=') || c.is_whitespace() || c.is_control()) {
        return Err(SigningError::new(format!("the {what} {value:?} contains {c:?}, which cannot be signed")));
    }
    Ok(())
}

/// Header values may hold visible characters, spaces, tabs and non-ASCII text;
/// a line break or other control character would split or corrupt the header.
fn check_header_value(name: &str, value: &str) -> Result<(), SigningError> {
    match value.bytes().position(|b| (b < 0x20 && b != b'\t') || b == 0x7f) {
        // The value itself is not shown: headers such as tokens are secrets.
        Some(at) => Err(SigningError::new(format!(
            "the value of header {name:?} contains control character 0x{:02x} at byte {at}",
            value.as_bytes()[at]
        ))),
        None => Ok(()),
    }
}

/// RFC 9110 `tchar`: the characters of header names and methods.
fn is_tchar(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

/// Trims the value and collapses each run of spaces to one, as SigV4 requires.
/// Most values need neither, and are returned as they are.
fn canonical_header_value(value: &str) -> Cow<'_, str> {
    let trimmed = value.trim_matches([' ', '\t']);
    if trimmed.len() == value.len() && !value.as_bytes().windows(2).any(|pair| pair == b"  ") {
        return Cow::Borrowed(value);
    }
    let mut out = String::with_capacity(trimmed.len());
    for (i, word) in trimmed.split(' ').filter(|w| !w.is_empty()).enumerate() {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(word);
    }
    Cow::Owned(out)
}

struct UriParts<'a> {
    /// `host[:port]` as the `Host` header carries it (default port left out).
    host: &'a str,
    path: &'a str,
    query: &'a str,
}

fn split_uri(uri: &str) -> Result<UriParts<'_>, SigningError> {
    // User-info is a password more often than not: never repeated.
    let bad = |reason: &str| SigningError::new(format!("URI {:?} {reason}", redact_user_info(uri)));
    let (scheme, rest) = uri.split_once("://").ok_or_else(|| bad("is not absolute (no `scheme://`)"))?;
    let scheme_ok = scheme.bytes().next().is_some_and(|b| b.is_ascii_alphabetic())
        && scheme.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'));
    if !scheme_ok {
        return Err(bad("has an invalid scheme"));
    }
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, rest) = rest.split_at(authority_end);
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, host_port)| host_port);
    // RFC 3986 host characters: unreserved, sub-delimiters, the port's `:`,
    // an IPv6 literal's brackets and `%` escapes.
    let host_char = |c: char| c.is_ascii() && (is_unreserved(c as u8) || b"!$&'()*+,;=:[]%".contains(&(c as u8)));
    if let Some(c) = host_port.chars().find(|&c| !host_char(c)) {
        return Err(bad(&format!("has {c:?} in its host")));
    }
    // A colon after an IPv6 literal's closing bracket, or in a plain host,
    // starts the port.
    let (host, port) = match host_port.rfind(':') {
        Some(colon) if !host_port[colon..].contains(']') => (&host_port[..colon], &host_port[colon + 1..]),
        _ => (host_port, ""),
    };
    if host.is_empty() {
        return Err(bad("has no host"));
    }
    if !port.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad("has a port that is not a number"));
    }
    let default_port = if scheme.eq_ignore_ascii_case("http") {
        "80"
    } else if scheme.eq_ignore_ascii_case("https") {
        "443"
    } else {
        ""
    };
    let host = if port.is_empty() || port == default_port { host } else { host_port };

    let rest = rest.split_once('#').map_or(rest, |(before, _)| before);
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    check_uri_chars(uri, "path", path)?;
    check_uri_chars(uri, "query", query)?;
    Ok(UriParts { host, path, query })
}

/// The path and query must be percent-encoded already: RFC 3986 allows
/// unreserved characters, sub-delimiters, `:`, `@`, `/`, `?` and `%XX` escapes.
/// `uri` is the whole URI, shown in errors without its user-info.
fn check_uri_chars(uri: &str, part: &str, text: &str) -> Result<(), SigningError> {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'%' {
            let escape_ok = bytes.get(i + 1..i + 3).is_some_and(|hex| hex.iter().all(u8::is_ascii_hexdigit));
            if !escape_ok {
                return Err(SigningError::new(format!(
                    "URI {:?} has a `%` not followed by two hex digits in its {part}",
                    redact_user_info(uri)
                )));
            }
            i += 3;
            continue;
        }
        if !(is_unreserved(b) || b"!$&'()*+,;=:@/?".contains(&b)) {
            let shown = text[i..].chars().next().unwrap_or(char::REPLACEMENT_CHARACTER);
            return Err(SigningError::new(format!(
                "URI {:?} has {shown:?} in its {part}; it must be percent-encoded",
                redact_user_info(uri)
            )));
        }
        i += 1;
    }
    Ok(())
}

/// Sorts the URI's query parameters together with `added` (already encoded),
/// each key and value decoded then re-encoded the one way SigV4 accepts.
fn canonical_query(query: &str, added: &[(&'static str, String)]) -> String {
    let mut pairs: Vec<(String, String)> = query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            (encode_strict(&decode_query_component(key)), encode_strict(&decode_query_component(value)))
        })
        .collect();
    pairs.extend(added.iter().map(|(name, value)| ((*name).to_owned(), value.clone())));
    pairs.sort();
    let mut out = String::new();
    for (i, (key, value)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        out.push_str(key);
        out.push('=');
        out.push_str(value);
    }
    out
}

/// Decodes `%XX` escapes, and `+` as a space the way AWS services read query
/// strings. Escapes were validated by [`check_uri_chars`].
fn decode_query_component(text: &str) -> Vec<u8> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => match (hex_value(bytes.get(i + 1)), hex_value(bytes.get(i + 2))) {
                (Some(high), Some(low)) => {
                    out.push(high << 4 | low);
                    i += 3;
                    continue;
                }
                _ => out.push(b'%'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    out
}

fn hex_value(b: Option<&u8>) -> Option<u8> {
    let b = *b?;
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// Encodes every byte of an already-encoded path except unreserved characters
/// and `/`, so existing escapes become `%25XX` (the "double" encoding).
/// `None` when there is nothing to encode: the path stays as it is.
fn encode_path(path: &str) -> Option<String> {
    match path.bytes().all(|b| is_unreserved(b) || b == b'/') {
        true => None,
        false => Some(encode_keeping(path.as_bytes(), b"/")),
    }
}

/// Whether [`normalize_path`] would return `path` unchanged: it starts with
/// `/`, and no segment is `.` or `..` or empty (but the one after a trailing
/// slash).
fn is_normalized(path: &str) -> bool {
    let Some(rest) = path.strip_prefix('/') else { return false };
    let mut segments = rest.split('/').peekable();
    while let Some(segment) = segments.next() {
        let last = segments.peek().is_none();
        if segment == "." || segment == ".." || (segment.is_empty() && !last) {
            return false;
        }
    }
    true
}

/// Removes `.` and `..` segments and empty segments (repeated slashes),
/// keeping a trailing slash when the path names a directory.
fn normalize_path(path: &str) -> String {
    let mut segments: Vec<&str> = Vec::new();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            other => segments.push(other),
        }
    }
    let last = path.rsplit('/').next().unwrap_or("");
    let mut out = String::with_capacity(path.len());
    out.push('/');
    out.push_str(&segments.join("/"));
    if !segments.is_empty() && matches!(last, "" | "." | "..") {
        out.push('/');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

    fn params(settings: SigningSettings) -> SigningParams<'static> {
        SigningParams {
            access_key_id: "AKIDEXAMPLE",
            secret_access_key: SECRET,
            session_token: None,
            region: "us-east-1",
            service: "service",
            // 2015-08-30T12:36:00Z
            time: UNIX_EPOCH + Duration::from_secs(1_440_938_160),
            settings,
            signing_keys: None,
        }
    }

    fn get<'a>(uri: &'a str, headers: &'a [(String, String)]) -> SignableRequest<'a> {
        SignableRequest { method: "GET", uri, headers, body: SignableBody::Bytes(b"") }
    }

    fn header<'a>(out: &'a HeaderSigningOutput, name: &str) -> Option<&'a str> {
        out.headers.iter().find(|(n, _)| *n == name).map(|(_, v)| v.as_str())
    }

    #[test]
    fn vanilla_get_matches_the_published_example() {
        let out =
            sign_headers(&get("https://example.amazonaws.com/", &[]), &params(SigningSettings::new())).expect("signs");
        assert_eq!(out.signature, "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31");
        assert_eq!(header(&out, "x-amz-date"), Some("20150830T123600Z"));
        assert_eq!(
            header(&out, "authorization"),
            Some(
                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, \
                 SignedHeaders=host;x-amz-date, \
                 Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"
            )
        );
        assert_eq!(header(&out, "x-amz-security-token"), None);
        assert_eq!(header(&out, "x-amz-content-sha256"), None);
    }

    #[test]
    fn cached_signing_keys_sign_exactly_as_fresh_ones() {
        let cache = SigningKeyCache::default();
        let request = get("https://example.com/", &[]);
        let day = Duration::from_secs(24 * 60 * 60);
        let base = params(SigningSettings::new());
        // The same inputs twice, then each input changed in turn: a cached key
        // must never outlive the secret, day, region or service it came from.
        let variants = [
            base,
            base,
            SigningParams { secret_access_key: "another secret", ..base },
            SigningParams { time: base.time + day, ..base },
            SigningParams { region: "eu-west-1", ..base },
            SigningParams { service: "other", ..base },
            base,
        ];
        for p in variants {
            let fresh = sign_headers(&request, &p).expect("signs");
            let cached = sign_headers(&request, &SigningParams { signing_keys: Some(&cache), ..p }).expect("signs");
            assert_eq!(cached.signature, fresh.signature, "{p:?}");
        }
        assert!(!format!("{cache:?}").contains("secret"));
    }

    #[test]
    fn host_comes_from_the_uri_without_default_ports() {
        let cases = [
            ("https://example.com/", "example.com"),
            ("https://example.com:443/", "example.com"),
            ("http://example.com:80/", "example.com"),
            ("https://example.com:80/", "example.com:80"),
            ("http://example.com:8080", "example.com:8080"),
            ("https://user:pw@example.com/", "example.com"),
            ("http://[::1]:8000/x", "[::1]:8000"),
            ("https://[::1]/", "[::1]"),
            ("https://example.com:/", "example.com"),
            ("https://example.com?x=1", "example.com"),
        ];
        for (uri, host) in cases {
            let out = sign_headers(&get(uri, &[]), &params(SigningSettings::new())).expect(uri);
            assert!(out.canonical_request.contains(&format!("\nhost:{host}\n")), "{uri}: {}", out.canonical_request);
        }
    }

    #[test]
    fn a_host_header_wins_over_the_uri() {
        let headers = vec![("Host".to_owned(), "other.example".to_owned())];
        let out = sign_headers(&get("https://example.com/", &headers), &params(SigningSettings::new())).expect("signs");
        assert!(out.canonical_request.contains("\nhost:other.example\n"));
        assert!(!out.canonical_request.contains("example.com"));
    }

    #[test]
    fn header_values_are_trimmed_collapsed_and_joined() {
        let headers = vec![
            ("My-Header".to_owned(), "  a   b  c ".to_owned()),
            ("my-header".to_owned(), "second".to_owned()),
            ("Zed".to_owned(), "\t tab \t".to_owned()),
            ("Empty".to_owned(), String::new()),
            ("User-Agent".to_owned(), "not signed".to_owned()),
            ("X-Amzn-Trace-Id".to_owned(), "not signed".to_owned()),
            ("X-Amz-Date".to_owned(), "19990101T000000Z".to_owned()),
        ];
        let out = sign_headers(&get("https://example.com/", &headers), &params(SigningSettings::new())).expect("signs");
        let lines: Vec<&str> = out.canonical_request.lines().collect();
        assert_eq!(
            lines[3..9],
            ["empty:", "host:example.com", "my-header:a b c,second", "x-amz-date:20150830T123600Z", "zed:tab", ""]
        );
        assert_eq!(lines[9], "empty;host;my-header;x-amz-date;zed");
    }

    #[test]
    fn session_token_is_signed_unless_omitted() {
        let mut p = params(SigningSettings::new());
        p.session_token = Some("TOKEN/+=");
        let out = sign_headers(&get("https://example.com/", &[]), &p).expect("signs");
        assert_eq!(header(&out, "x-amz-security-token"), Some("TOKEN/+="));
        assert!(out.canonical_request.contains("\nx-amz-security-token:TOKEN/+=\n"));

        p.settings.omit_session_token = true;
        let out = sign_headers(&get("https://example.com/", &[]), &p).expect("signs");
        assert_eq!(header(&out, "x-amz-security-token"), Some("TOKEN/+="));
        assert!(!out.canonical_request.contains("x-amz-security-token"));

        let out = presign_query(&get("https://example.com/", &[]), &p, Duration::from_secs(60)).expect("signs");
        assert!(!out.canonical_request.contains("Security-Token"));
        let names: Vec<&str> = out.params.iter().map(|(n, _)| *n).collect();
        assert_eq!(names[5..], ["X-Amz-Security-Token", "X-Amz-Signature"]);
        assert_eq!(out.params[5].1, "TOKEN%2F%2B%3D");
    }

    #[test]
    fn s3_settings_add_the_content_hash_and_keep_the_path() {
        let request = SignableRequest {
            method: "PUT",
            uri: "https://bucket.s3.amazonaws.com/a//b/../c%20d.txt",
            headers: &[],
            body: SignableBody::Bytes(b"hello"),
        };
        let out = sign_headers(&request, &params(SigningSettings::s3())).expect("signs");
        let hash = "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";
        assert_eq!(header(&out, "x-amz-content-sha256"), Some(hash));
        let lines: Vec<&str> = out.canonical_request.lines().collect();
        assert_eq!(lines[1], "/a//b/../c%20d.txt");
        assert!(out.canonical_request.contains(&format!("\nx-amz-content-sha256:{hash}\n")));
        assert!(out.canonical_request.ends_with(hash));

        let unsigned = SignableRequest { body: SignableBody::Unsigned, ..request };
        let out = sign_headers(&unsigned, &params(SigningSettings::s3())).expect("signs");
        assert_eq!(header(&out, "x-amz-content-sha256"), Some(UNSIGNED_PAYLOAD));
        assert!(out.canonical_request.ends_with("\nUNSIGNED-PAYLOAD"));
    }

    #[test]
    fn paths_are_normalised_and_double_encoded_for_other_services() {
        let out = sign_headers(&get("https://example.com/a//./b/../c%3Ad/", &[]), &params(SigningSettings::new()))
            .expect("signs");
        assert_eq!(out.canonical_request.lines().nth(1), Some("/a/c%253Ad/"));
        assert_eq!(normalize_path(""), "/");
        assert_eq!(normalize_path("/../.."), "/");
        assert_eq!(normalize_path("/a/b/.."), "/a/");
        assert_eq!(normalize_path("/a/b/."), "/a/b/");
        assert_eq!(normalize_path("/a/..b/c"), "/a/..b/c");
        assert_eq!(encode_path("/a b/%41@:").as_deref(), Some("/a%20b/%2541%40%3A"));
        assert_eq!(encode_path("/a-b/c_d.e~f/"), None);
    }

    #[test]
    fn a_path_is_called_normalized_exactly_when_normalizing_leaves_it_alone() {
        let paths = [
            "",
            "/",
            "//",
            "/a",
            "/a/",
            "/a//",
            "/a/b",
            "/a//b",
            "/./a",
            "/a/.",
            "/a/./",
            "/a/..",
            "/../a",
            "/a/..b",
            "/.a/b.",
            "a/b",
            "/a/b/c/",
            "///",
            "/a/b/../../..",
            "/%2E/a",
        ];
        for path in paths {
            assert_eq!(is_normalized(path), normalize_path(path) == path, "{path:?}");
        }
    }

    #[test]
    fn header_values_already_canonical_are_borrowed() {
        assert!(matches!(canonical_header_value("a b\tc"), Cow::Borrowed("a b\tc")));
        assert_eq!(canonical_header_value(" a  b "), "a b");
        assert_eq!(canonical_header_value("\ta"), "a");
        assert_eq!(canonical_header_value("a  "), "a");
    }

    #[test]
    fn query_is_decoded_sorted_and_strictly_encoded() {
        let uri = "https://example.com/?b=2&a=2&a=1&c&d=&e=x+y&f=%2f:%7e&&";
        let out = sign_headers(&get(uri, &[]), &params(SigningSettings::new())).expect("signs");
        assert_eq!(out.canonical_request.lines().nth(2), Some("a=1&a=2&b=2&c=&d=&e=x%20y&f=%2F%3A~"));
    }

    #[test]
    fn presigned_url_parameters() {
        let out = presign_query(
            &get("https://example.amazonaws.com/?Param1=value1#frag", &[]),
            &params(SigningSettings::new()),
            Duration::from_secs(3600),
        )
        .expect("signs");
        let uri = out.apply_to_uri("https://example.amazonaws.com/?Param1=value1#frag");
        assert!(uri.starts_with(
            "https://example.amazonaws.com/?Param1=value1&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=\
             AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_request&X-Amz-Date=20150830T123600Z&\
             X-Amz-SignedHeaders=host&X-Amz-Expires=3600&X-Amz-Signature="
        ));
        assert!(uri.ends_with(&format!("{}#frag", out.signature)));
        let params = out.apply_to_uri("https://h/").replace("https://h/?", "");
        assert!(params.starts_with("X-Amz-Algorithm="));
        assert_eq!(out.apply_to_uri("https://h/?"), format!("https://h/?{params}"));
        assert_eq!(out.apply_to_uri("https://h/?a=1&"), format!("https://h/?a=1&{params}"));
    }

    #[test]
    fn presign_expiry_limits() {
        let p = params(SigningSettings::new());
        let request = get("https://example.com/", &[]);
        assert!(presign_query(&request, &p, Duration::from_secs(1)).is_ok());
        assert!(presign_query(&request, &p, MAX_PRESIGN_EXPIRY).is_ok());
        assert!(presign_query(&request, &p, Duration::ZERO).is_err());
        assert!(presign_query(&request, &p, Duration::from_millis(999)).is_err());
        assert!(presign_query(&request, &p, MAX_PRESIGN_EXPIRY + Duration::from_secs(1)).is_err());
    }

    #[test]
    fn bad_input_is_an_error_not_a_panic() {
        let p = params(SigningSettings::new());
        let bad_uris = [
            "",
            "/just/a/path",
            "example.com/",
            "https://",
            "https:///path",
            "https://user@/",
            "https://host:port/",
            "https://ho st/",
            "1http://host/",
            "https://host/a b",
            "https://host/ሴ",
            "https://host/%",
            "https://host/%4",
            "https://host/%zz",
            "https://host/?q=%",
            "https://host/?q=a b",
            "https://host/?q=\"",
            "https://host/[x]",
        ];
        for uri in bad_uris {
            let err = sign_headers(&get(uri, &[]), &p).expect_err(uri);
            assert!(err.to_string().contains("URI"), "{uri}: {err}");
            assert!(presign_query(&get(uri, &[]), &p, Duration::from_secs(60)).is_err(), "{uri}");
        }
        let bad_headers = [
            ("", "v"),
            ("bad name", "v"),
            ("bad:name", "v"),
            ("name", "line\r\nbreak"),
            ("name", "nul\0"),
            ("name", "del\u{7f}"),
        ];
        for (name, value) in bad_headers {
            let headers = vec![(name.to_owned(), value.to_owned())];
            let err = sign_headers(&get("https://host/", &headers), &p).expect_err(name);
            assert!(!err.to_string().contains("line\r\n"), "header values stay out of errors");
        }
        let mut bad = p;
        bad.session_token = Some("a\nb");
        assert!(sign_headers(&get("https://host/", &[]), &bad).is_err());
        for (region, service, key) in [("", "s", "k"), ("us/east", "s", "k"), ("r", "s s", "k"), ("r", "s", "")] {
            let bad = SigningParams { region, service, access_key_id: key, ..p };
            assert!(sign_headers(&get("https://host/", &[]), &bad).is_err(), "{region} {service} {key}");
        }
        let bad_method = SignableRequest { method: "G T", ..get("https://host/", &[]) };
        assert!(sign_headers(&bad_method, &p).is_err());
        let bad_hash = SignableRequest { body: SignableBody::Precomputed("a b"), ..get("https://host/", &[]) };
        assert!(sign_headers(&bad_hash, &p).is_err());
    }

    #[test]
    fn signing_times_outside_four_digit_years_are_errors() {
        let request = get("https://host/", &[]);
        let mut p = params(SigningSettings::new());
        p.time = UNIX_EPOCH - Duration::from_secs(62_167_219_200 + 1);
        assert!(sign_headers(&request, &p).is_err(), "year -1");
        p.time = UNIX_EPOCH - Duration::from_secs(62_167_219_200);
        let out = sign_headers(&request, &p).expect("year 0 signs");
        assert_eq!(header(&out, "x-amz-date"), Some("00000101T000000Z"));
        p.time = UNIX_EPOCH - Duration::from_millis(500);
        let out = sign_headers(&request, &p).expect("signs");
        assert_eq!(header(&out, "x-amz-date"), Some("19691231T235959Z"));
        p.time = UNIX_EPOCH + Duration::from_secs(253_402_300_800);
        assert!(sign_headers(&request, &p).is_err(), "year 10000");
    }

    #[test]
    fn debug_output_hides_credentials() {
        let mut p = params(SigningSettings::new());
        p.session_token = Some("SECRET-TOKEN");
        let shown = format!("{p:?}");
        assert!(!shown.contains(SECRET));
        assert!(!shown.contains("SECRET-TOKEN"));
        assert!(shown.contains("AKIDEXAMPLE"));
    }

    #[test]
    fn a_region_that_is_not_a_host_label_cannot_be_signed() {
        let request = get("https://host/", &[]);
        for region in ["x@127.0.0.1:18443?", "us-east-1.evil", "-us", "\u{e9}u", "a_b"] {
            let bad = SigningParams { region, ..params(SigningSettings::new()) };
            let err = sign_headers(&request, &bad).expect_err(region);
            assert!(err.to_string().contains("not a valid region name"), "{err}");
            assert!(presign_query(&request, &bad, Duration::from_secs(60)).is_err(), "{region}");
        }
        assert!(sign_headers(&request, &params(SigningSettings::new())).is_ok());
    }

    #[test]
    fn uri_errors_never_show_user_info() {
        let p = params(SigningSettings::new());
        for uri in ["https://user:hunter2@host/a b", "https://user:hunter2@host/%zz", "https://user:hunter2@ho st/"] {
            let err = sign_headers(&get(uri, &[]), &p).expect_err(uri).to_string();
            assert!(err.contains("***@"), "{err}");
            assert!(!err.contains("hunter2"), "{err}");
        }
    }
}
