//! Role assumption through STS: `AssumeRole` with the credentials before it
//! in a profile chain, and `AssumeRoleWithWebIdentity` with a token file
//! (EKS service accounts, or any OIDC identity).

use std::path::Path;

use super::profile_chain::RoleStep;
use super::{Credentials, CredentialsError, ProvideCredentials, ProvideCredentialsFuture, ProviderConfig};
use crate::rt::profile::Env;

const TOKEN_FILE_VAR: &str = "AWS_WEB_IDENTITY_TOKEN_FILE";
const ROLE_ARN_VAR: &str = "AWS_ROLE_ARN";
const SESSION_NAME_VAR: &str = "AWS_ROLE_SESSION_NAME";
const MAX_TOKEN_FILE: u64 = 64 * 1024;

/// Credentials of a role assumed with a web identity token:
/// `AWS_WEB_IDENTITY_TOKEN_FILE` (read for every refresh, since it is
/// rotated), `AWS_ROLE_ARN` and optionally `AWS_ROLE_SESSION_NAME`, sent to
/// STS `AssumeRoleWithWebIdentity` (unsigned: the token is the proof). This
/// is how pods on EKS with IAM roles for service accounts get credentials.
/// The same role assumption from a profile's `web_identity_token_file` is
/// part of [`ProfileFileCredentialsProvider`](super::ProfileFileCredentialsProvider).
#[derive(Debug, Clone)]
pub struct WebIdentityTokenCredentialsProvider {
    config: ProviderConfig,
}

impl WebIdentityTokenCredentialsProvider {
    /// A provider configured from the process environment.
    pub fn new() -> Self {
        Self::with_config(ProviderConfig::for_env(Env::real()))
    }

    pub(crate) fn with_config(config: ProviderConfig) -> Self {
        WebIdentityTokenCredentialsProvider { config }
    }

    pub(crate) async fn credentials(&self) -> Result<Credentials, CredentialsError> {
        let env = &self.config.env;
        let Some(token_file) = env.get(TOKEN_FILE_VAR).filter(|v| !v.trim().is_empty()) else {
            return Err(CredentialsError::not_loaded(format!("{TOKEN_FILE_VAR} is not set")));
        };
        let Some(role_arn) = env.get(ROLE_ARN_VAR).filter(|v| !v.trim().is_empty()) else {
            return Err(CredentialsError::invalid_configuration(format!(
                "{TOKEN_FILE_VAR} is set but {ROLE_ARN_VAR} is not"
            )));
        };
        web_identity(&self.config, &role_arn, &token_file, env.get(SESSION_NAME_VAR).as_deref()).await
    }
}

impl Default for WebIdentityTokenCredentialsProvider {
    fn default() -> Self {
        Self::new()
    }
}

impl ProvideCredentials for WebIdentityTokenCredentialsProvider {
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
        Box::pin(self.credentials())
    }

    fn provider_name(&self) -> &'static str {
        "web identity"
    }
}

/// Credentials of a role assumed with other credentials, as a profile's
/// `role_arn` with `source_profile` asks: STS `AssumeRole`, signed with the
/// source's credentials.
#[derive(Debug, Clone)]
pub struct AssumeRoleProvider {
    config: ProviderConfig,
    source: std::sync::Arc<dyn ProvideCredentials>,
    role: RoleStep,
}

impl AssumeRoleProvider {
    /// Assumes `role_arn` with the credentials `source` provides; STS is
    /// called in the region (and with the endpoint settings) the
    /// environment and profile give, `us-east-1` if none.
    pub fn new(role_arn: impl Into<String>, source: impl ProvideCredentials) -> Self {
        AssumeRoleProvider {
            config: ProviderConfig::for_env(Env::real()),
            source: std::sync::Arc::new(source),
            role: RoleStep { role_arn: role_arn.into(), external_id: None, session_name: None, duration_seconds: None },
        }
    }

    /// The role session name (default: one made from the current time).
    #[must_use]
    pub fn session_name(mut self, name: impl Into<String>) -> Self {
        self.role.session_name = Some(name.into());
        self
    }

    /// The external id the role's trust policy asks for.
    #[must_use]
    pub fn external_id(mut self, id: impl Into<String>) -> Self {
        self.role.external_id = Some(id.into());
        self
    }
}

impl ProvideCredentials for AssumeRoleProvider {
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
        Box::pin(async move {
            let source = self.source.provide_credentials().await?;
            assume_role(&self.config, source, &self.role).await
        })
    }

    fn provider_name(&self) -> &'static str {
        "assume role"
    }
}

/// A session name for calls that were given none.
fn default_session_name(config: &ProviderConfig) -> String {
    let millis = config.env.now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_millis()).unwrap_or(0);
    format!("smithy-client-{millis}")
}

/// The account in an assumed role's ARN (`arn:aws:sts::123456789012:assumed-role/…`).
#[cfg_attr(not(feature = "sts"), allow(dead_code))]
fn account_of(arn: &str) -> Option<&str> {
    arn.split(':').nth(4).filter(|account| !account.is_empty() && account.bytes().all(|b| b.is_ascii_digit()))
}

/// Reads the token in `token_file` and assumes `role_arn` with it.
pub(crate) async fn web_identity(
    config: &ProviderConfig,
    role_arn: &str,
    token_file: &str,
    session_name: Option<&str>,
) -> Result<Credentials, CredentialsError> {
    let failed = |error: std::io::Error| {
        CredentialsError::invalid_configuration(format!(
            "failed to read the web identity token `{token_file}`: {error}"
        ))
    };
    let token = config
        .env
        .read_file(Path::new(token_file), MAX_TOKEN_FILE)
        .map_err(failed)?
        .ok_or_else(|| failed(super::container::not_found()))?;
    let token = zeroize::Zeroizing::new(String::from_utf8_lossy(&token).trim().to_owned());
    let session_name = session_name.map(str::to_owned).unwrap_or_else(|| default_session_name(config));
    call_web_identity(config, role_arn, &token, &session_name).await
}

#[cfg(feature = "sts")]
mod calls {
    use super::*;
    use crate::clients::sts;
    use crate::error::ProvideErrorMetadata;

    fn client(config: &ProviderConfig) -> Result<sts::Client, CredentialsError> {
        let region = config.region().unwrap_or_else(|| crate::config::Region::new("us-east-1"));
        Ok(sts::Client::from_conf(config.client_config("STS", "sts", Some(region))?))
    }

    fn service_error<E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static>(
        operation: &str,
        role_arn: &str,
        error: crate::error::SdkError<E>,
    ) -> CredentialsError {
        let detail = super::super::call_failure(&error);
        CredentialsError::new(format!("STS {operation} for `{role_arn}` failed: {detail}")).with_source(error)
    }

    fn credentials_of(
        credentials: Option<&sts::types::Credentials>,
        user: Option<&sts::types::AssumedRoleUser>,
        operation: &str,
    ) -> Result<Credentials, CredentialsError> {
        let Some(found) = credentials else {
            return Err(CredentialsError::new(format!("STS {operation} answered without credentials")));
        };
        let expiry = std::time::SystemTime::try_from(*found.expiration())
            .map_err(|_| CredentialsError::new(format!("STS {operation} sent an expiration out of range")))?;
        let mut credentials =
            Credentials::new(found.access_key_id(), found.secret_access_key(), Some(found.session_token().to_owned()))
                .with_expiry(expiry);
        if let Some(account) = user.and_then(|user| account_of(user.arn())) {
            credentials = credentials.with_account_id(account);
        }
        Ok(credentials)
    }

    pub(super) async fn web_identity(
        config: &ProviderConfig,
        role_arn: &str,
        token: &str,
        session_name: &str,
    ) -> Result<Credentials, CredentialsError> {
        const OPERATION: &str = "AssumeRoleWithWebIdentity";
        let output = client(config)?
            .assume_role_with_web_identity()
            .role_arn(role_arn)
            .web_identity_token(token)
            .role_session_name(session_name)
            .send()
            .await
            .map_err(|error| service_error(OPERATION, role_arn, error))?;
        credentials_of(output.credentials(), output.assumed_role_user(), OPERATION)
    }

    pub(super) async fn assume_role(
        config: &ProviderConfig,
        source: Credentials,
        role: &RoleStep,
        session_name: &str,
    ) -> Result<Credentials, CredentialsError> {
        const OPERATION: &str = "AssumeRole";
        let mut sts_config = client(config)?.config().clone().to_builder();
        sts_config = sts_config.credentials_provider(source);
        let output = sts::Client::from_conf(sts_config.build())
            .assume_role()
            .role_arn(&role.role_arn)
            .role_session_name(session_name)
            .set_external_id(role.external_id.clone())
            .set_duration_seconds(role.duration_seconds)
            .send()
            .await
            .map_err(|error| service_error(OPERATION, &role.role_arn, error))?;
        credentials_of(output.credentials(), output.assumed_role_user(), OPERATION)
    }
}

#[cfg(not(feature = "sts"))]
mod calls {
    use super::*;

    fn unavailable(what: &str) -> CredentialsError {
        CredentialsError::invalid_configuration(format!(
            "{what} needs STS, which this build leaves out: enable the `sts` feature"
        ))
    }

    pub(super) async fn web_identity(
        _: &ProviderConfig,
        _: &str,
        _: &str,
        _: &str,
    ) -> Result<Credentials, CredentialsError> {
        Err(unavailable("assuming a role with a web identity token"))
    }

    pub(super) async fn assume_role(
        _: &ProviderConfig,
        _: Credentials,
        _: &RoleStep,
        _: &str,
    ) -> Result<Credentials, CredentialsError> {
        Err(unavailable("assuming a role (`role_arn`)"))
    }
}

async fn call_web_identity(
    config: &ProviderConfig,
    role_arn: &str,
    token: &str,
    session_name: &str,
) -> Result<Credentials, CredentialsError> {
    calls::web_identity(config, role_arn, token, session_name).await
}

/// Assumes `role` with `source`.
pub(crate) async fn assume_role(
    config: &ProviderConfig,
    source: Credentials,
    role: &RoleStep,
) -> Result<Credentials, CredentialsError> {
    let session_name = role.session_name.clone().unwrap_or_else(|| default_session_name(config));
    calls::assume_role(config, source, role, &session_name).await
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_account_is_read_from_an_assumed_role_arn() {
        assert_eq!(super::account_of("arn:aws:sts::123456789012:assumed-role/r/s"), Some("123456789012"));
        assert_eq!(super::account_of("arn:aws:sts:::assumed-role/r/s"), None);
        assert_eq!(super::account_of("nonsense"), None);
    }
}
