//! Credentials from the container credentials endpoint: ECS task roles and
//! EKS Pod Identity.

use std::io;
use std::path::Path;
use std::time::Duration;

use super::context::send;
use super::imds::parse_credentials;
use super::{Credentials, CredentialsError, ProvideCredentials, ProvideCredentialsFuture, ProviderConfig};
use crate::config::container::resolve_endpoint;
use crate::http::HttpRequest;
use crate::rt::profile::Env;

const TOKEN_VAR: &str = "AWS_CONTAINER_AUTHORIZATION_TOKEN";
const TOKEN_FILE_VAR: &str = "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE";
const TIMEOUT: Duration = Duration::from_secs(5);
const MAX_ATTEMPTS: u32 = 3;
const MAX_TOKEN_FILE: u64 = 16 * 1024;

/// Credentials from the container credentials endpoint: the ECS agent
/// (`AWS_CONTAINER_CREDENTIALS_RELATIVE_URI`) or a full URL
/// (`AWS_CONTAINER_CREDENTIALS_FULL_URI`: HTTPS, or plain HTTP to loopback,
/// the ECS agent or the EKS Pod Identity agent only), with the
/// authorization token from the file `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE`
/// names (read for every request, since the agent rotates it) or from
/// `AWS_CONTAINER_AUTHORIZATION_TOKEN`.
#[derive(Debug, Clone)]
pub struct ContainerCredentialsProvider {
    config: ProviderConfig,
}

impl ContainerCredentialsProvider {
    /// A provider configured from the process environment.
    pub fn new() -> Self {
        Self::with_config(ProviderConfig::for_env(Env::real()))
    }

    pub(crate) fn with_config(config: ProviderConfig) -> Self {
        ContainerCredentialsProvider { config }
    }

    pub(crate) async fn credentials(&self) -> Result<Credentials, CredentialsError> {
        let env = &self.config.env;
        let endpoint = resolve_endpoint(env).map_err(|error| {
            if error.is_not_configured() {
                CredentialsError::not_loaded(error.to_string())
            } else {
                CredentialsError::invalid_configuration(error.to_string())
            }
        })?;
        let token = match env.get(TOKEN_FILE_VAR) {
            Some(file) => Some(read_token_file(env, &file)?),
            None => env.get(TOKEN_VAR),
        };
        if let Some(token) = &token {
            if token.bytes().any(|b| b == b'\r' || b == b'\n' || b == 0) {
                return Err(CredentialsError::invalid_configuration(
                    "the container authorization token holds a line break or NUL, which no header may carry",
                ));
            }
        }
        let http = self.config.http_client()?;
        let mut attempt = 1;
        loop {
            let mut request = HttpRequest::new("GET", endpoint.as_str(), Vec::new());
            request.push_header("accept", "application/json");
            if let Some(token) = &token {
                request.push_header("authorization", token.as_str());
            }
            request.set_max_response_body_size(64 * 1024);
            let outcome = send(http.as_ref(), request, TIMEOUT).await;
            match outcome {
                Ok(response) if response.status() == 200 => {
                    return parse_credentials(&String::from_utf8_lossy(response.body()), "the container endpoint");
                }
                Ok(response) if response.status() >= 500 && attempt < MAX_ATTEMPTS => {}
                Ok(response) => {
                    return Err(CredentialsError::new(format!(
                        "the container credentials endpoint answered with status {}",
                        response.status()
                    )));
                }
                Err(_) if attempt < MAX_ATTEMPTS => {}
                Err(why) => {
                    return Err(CredentialsError::new(format!("the container credentials endpoint failed: {why}")));
                }
            }
            tokio::time::sleep(Duration::from_millis(100 << attempt)).await;
            attempt += 1;
        }
    }
}

/// The token in `file`, without surrounding blanks.
fn read_token_file(env: &Env, file: &str) -> Result<String, CredentialsError> {
    let failed = |error: io::Error| {
        CredentialsError::invalid_configuration(format!("failed to read `{file}` ({TOKEN_FILE_VAR}): {error}"))
    };
    let bytes = env.read_file(Path::new(file), MAX_TOKEN_FILE).map_err(failed)?.ok_or_else(|| failed(not_found()))?;
    Ok(String::from_utf8_lossy(&bytes).trim().to_owned())
}

/// The error a missing file gives (`No such file or directory`).
pub(crate) fn not_found() -> io::Error {
    io::Error::from_raw_os_error(2)
}

impl Default for ContainerCredentialsProvider {
    fn default() -> Self {
        Self::new()
    }
}

impl ProvideCredentials for ContainerCredentialsProvider {
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
        Box::pin(self.credentials())
    }

    fn provider_name(&self) -> &'static str {
        "container"
    }
}
