//! Credentials (and the region) of an EC2 instance's role, from the instance
//! metadata service, IMDSv2: a session token first, then the role's name,
//! then its credentials.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, SystemTime};

use zeroize::Zeroizing;

use super::context::{parse_rfc3339, send};
use super::{Credentials, CredentialsError, ProvideCredentials, ProvideCredentialsFuture, ProviderConfig};
use crate::config::imds::{ImdsEndpoint, resolve_endpoint};
use crate::http::HttpRequest;
use crate::rt::profile::Env;

const DISABLED_VAR: &str = "AWS_EC2_METADATA_DISABLED";
const TOKEN_PATH: &str = "/latest/api/token";
const TOKEN_TTL_HEADER: &str = "x-aws-ec2-metadata-token-ttl-seconds";
const TOKEN_HEADER: &str = "x-aws-ec2-metadata-token";
const TOKEN_TTL: Duration = Duration::from_secs(21_600);
const ROLE_PATH: &str = "/latest/meta-data/iam/security-credentials/";
const REGION_PATH: &str = "/latest/meta-data/placement/region";
/// Each request, including connecting; the service is on the instance's own
/// link, so it answers at once or not at all.
const ATTEMPT_TIMEOUT: Duration = Duration::from_secs(1);
const MAX_ATTEMPTS: u32 = 4;
/// The most read from any metadata answer.
const MAX_ANSWER: usize = 64 * 1024;

/// Credentials of the role attached to the EC2 instance, from its instance
/// metadata service (IMDSv2 only: every request carries a session token).
///
/// The endpoint is `AWS_EC2_METADATA_SERVICE_ENDPOINT`, else the profile's
/// `ec2_metadata_service_endpoint`, else the address of the endpoint mode
/// (`AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE` or the profile's
/// `ec2_metadata_service_endpoint_mode`: `IPv4`, the default, or `IPv6`).
/// `AWS_EC2_METADATA_DISABLED=true` switches it off. Requests time out after
/// a second; server errors are retried (four attempts). An instance without
/// a role, an unreachable service or `AWS_EC2_METADATA_DISABLED` count as
/// "not configured" for a chain; a refused token (403) is an error.
#[derive(Debug, Clone)]
pub struct ImdsCredentialsProvider {
    config: ProviderConfig,
    token: Arc<Mutex<Option<SessionToken>>>,
}

/// An IMDSv2 session token and when it stops being accepted.
type SessionToken = (Zeroizing<String>, SystemTime);

impl ImdsCredentialsProvider {
    /// A provider configured from the process environment and files.
    pub fn new() -> Self {
        Self::with_config(ProviderConfig::for_env(Env::real()))
    }

    pub(crate) fn with_config(config: ProviderConfig) -> Self {
        ImdsCredentialsProvider { config, token: Arc::default() }
    }

    fn disabled(&self) -> bool {
        self.config.env.get(DISABLED_VAR).is_some_and(|value| value.trim().eq_ignore_ascii_case("true"))
    }

    fn endpoint(&self) -> Result<ImdsEndpoint, CredentialsError> {
        let profile = self.config.selected_profile();
        resolve_endpoint(&self.config.env, profile.as_ref(), None, None)
            .map_err(|error| CredentialsError::invalid_configuration(error.to_string()))
    }

    pub(crate) async fn credentials(&self) -> Result<Credentials, CredentialsError> {
        if self.disabled() {
            return Err(CredentialsError::not_loaded(format!("instance metadata is switched off by {DISABLED_VAR}")));
        }
        let endpoint = self.endpoint()?;
        let role = self.get(&endpoint, ROLE_PATH).await?;
        let role = match role {
            Answer::Ok(role) => role,
            Answer::NotFound => {
                return Err(CredentialsError::not_loaded("the instance has no IAM role (instance profile) attached"));
            }
        };
        let role = role.lines().next().unwrap_or_default().trim().to_owned();
        if role.is_empty() || role.contains(['/', '?', '#', '%']) {
            return Err(CredentialsError::new("instance metadata named no usable IAM role"));
        }
        let body = match self.get(&endpoint, &format!("{ROLE_PATH}{role}")).await? {
            Answer::Ok(body) => body,
            Answer::NotFound => {
                return Err(CredentialsError::new(format!("instance metadata has no credentials for role `{role}`")));
            }
        };
        parse_credentials(&body, "instance metadata")
    }

    /// The instance's region, for the region chain.
    pub(crate) async fn region(&self) -> Option<String> {
        if self.disabled() {
            return None;
        }
        let endpoint = self.endpoint().ok()?;
        match self.get(&endpoint, REGION_PATH).await.ok()? {
            Answer::Ok(region) => Some(region.trim().to_owned()),
            Answer::NotFound => None,
        }
    }

    /// A session token, from the cache while it is fresh.
    async fn token(&self, endpoint: &ImdsEndpoint) -> Result<Zeroizing<String>, CredentialsError> {
        let now = self.config.env.now();
        if let Some((token, expires)) = &*self.token.lock().unwrap_or_else(PoisonError::into_inner) {
            if now + Duration::from_secs(60) < *expires {
                return Ok(token.clone());
            }
        }
        let make = || {
            let mut request = HttpRequest::new("PUT", endpoint.url_for(TOKEN_PATH), Vec::new());
            request.push_header(TOKEN_TTL_HEADER, TOKEN_TTL.as_secs().to_string());
            request
        };
        let token = match self.call(make).await? {
            (200, body) => Zeroizing::new(body),
            (403, _) => {
                return Err(CredentialsError::new(
                    "request forbidden: IMDS is disabled or the caller has insufficient permissions (the instance \
                     metadata service refused a session token)",
                ));
            }
            (status, _) => {
                return Err(CredentialsError::new(format!(
                    "the instance metadata service answered a token request with status {status}"
                )));
            }
        };
        if token.is_empty() || token.bytes().any(|b| b.is_ascii_control()) {
            return Err(CredentialsError::new("the instance metadata service sent an unusable session token"));
        }
        *self.token.lock().unwrap_or_else(PoisonError::into_inner) = Some((token.clone(), now + TOKEN_TTL));
        Ok(token)
    }

    async fn get(&self, endpoint: &ImdsEndpoint, path: &str) -> Result<Answer, CredentialsError> {
        let token = self.token(endpoint).await?;
        let make = || {
            let mut request = HttpRequest::new("GET", endpoint.url_for(path), Vec::new());
            request.push_header(TOKEN_HEADER, token.as_str());
            request
        };
        match self.call(make).await? {
            (200, body) => Ok(Answer::Ok(body)),
            (404, _) => Ok(Answer::NotFound),
            (401, _) => {
                // The token expired early (the instance restarted): ask anew next time.
                *self.token.lock().unwrap_or_else(PoisonError::into_inner) = None;
                Err(CredentialsError::new("the instance metadata service no longer accepts its session token"))
            }
            (status, _) => Err(CredentialsError::new(format!(
                "the instance metadata service answered `{path}` with status {status}"
            ))),
        }
    }

    /// Sends the request `make` builds, retrying server errors; an
    /// unreachable service is "not loaded" (not on EC2).
    async fn call(&self, make: impl Fn() -> HttpRequest) -> Result<(u16, String), CredentialsError> {
        let http = self.config.http_client()?;
        let mut attempt = 1;
        loop {
            let mut request = make();
            request.set_max_response_body_size(MAX_ANSWER as u64);
            match send(http.as_ref(), request, ATTEMPT_TIMEOUT).await {
                Ok(response) if response.status() >= 500 && attempt < MAX_ATTEMPTS => {}
                Ok(response) => {
                    let body = String::from_utf8_lossy(response.body()).into_owned();
                    return Ok((response.status(), body));
                }
                Err(why) => {
                    return Err(CredentialsError::not_loaded(format!(
                        "no instance metadata service answered (not on EC2?): {why}"
                    )));
                }
            }
            tokio::time::sleep(Duration::from_millis(100 << attempt.min(4))).await;
            attempt += 1;
        }
    }
}

enum Answer {
    Ok(String),
    NotFound,
}

impl Default for ImdsCredentialsProvider {
    fn default() -> Self {
        Self::new()
    }
}

impl ProvideCredentials for ImdsCredentialsProvider {
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
        Box::pin(self.credentials())
    }

    fn provider_name(&self) -> &'static str {
        "instance metadata"
    }
}

/// The JSON credentials document the metadata and container endpoints send:
/// `AccessKeyId`, `SecretAccessKey`, `Token`, `Expiration`, `AccountId`
/// (and `Code`, which must be `Success` when present).
pub(crate) fn parse_credentials(body: &str, from: &str) -> Result<Credentials, CredentialsError> {
    let document: serde_json::Value = serde_json::from_str(body)
        .map_err(|error| CredentialsError::new(format!("{from} sent credentials that are not JSON ({error})")))?;
    let field = |name: &str| document.get(name).and_then(serde_json::Value::as_str).filter(|v| !v.is_empty());
    if let Some(code) = field("Code").filter(|code| *code != "Success") {
        let code: String = code.chars().take(64).filter(|c| !c.is_control()).collect();
        return Err(CredentialsError::new(format!("{from} answered with code `{code}` instead of credentials")));
    }
    let (Some(id), Some(secret)) = (field("AccessKeyId"), field("SecretAccessKey")) else {
        return Err(CredentialsError::new(format!("{from} sent a document without AccessKeyId and SecretAccessKey")));
    };
    let mut credentials = Credentials::new(id, secret, field("Token").map(str::to_owned));
    if let Some(expiration) = field("Expiration") {
        let expiry = parse_rfc3339(expiration)
            .ok_or_else(|| CredentialsError::new(format!("{from} sent an Expiration that is not a date")))?;
        credentials = credentials.with_expiry(expiry);
    }
    if let Some(account) = field("AccountId") {
        credentials = credentials.with_account_id(account);
    }
    Ok(credentials)
}
