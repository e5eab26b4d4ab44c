//! Credentials as the selected profile of the shared files describes them.

use super::profile_chain::{BaseProvider, NamedSource, ProfileChain, resolve_chain};
use super::{
    ContainerCredentialsProvider, Credentials, CredentialsError, EnvironmentVariableCredentialsProvider,
    ImdsCredentialsProvider, ProvideCredentials, ProvideCredentialsFuture, ProviderConfig,
};
use crate::rt::profile::Env;

/// Credentials from the selected profile of the shared config and
/// credentials files, in every form the official SDKs read:
///
/// - static keys (`aws_access_key_id`, `aws_secret_access_key`, optional
///   `aws_session_token` and `aws_account_id`);
/// - `role_arn` assumed through STS with the credentials of `source_profile`
///   (chains of any length) or of `credential_source` (`Environment`,
///   `Ec2InstanceMetadata`, `EcsContainer`), with `external_id`,
///   `role_session_name` and `duration_seconds`;
/// - `web_identity_token_file` with `role_arn`;
/// - IAM Identity Center: `sso_session` (or the legacy `sso_start_url` and
///   `sso_region`) with `sso_account_id` and `sso_role_name`, from the token
///   the AWS CLI's `aws sso login` caches in `~/.aws/sso/cache`, refreshed
///   through SSO OIDC when it expires;
/// - `credential_process`: a command printing credentials as JSON.
///
/// The profile is the one set on the configuration loader, else
/// `AWS_PROFILE`, else `default`; the files are `AWS_CONFIG_FILE` and
/// `AWS_SHARED_CREDENTIALS_FILE`, else `~/.aws/config` and
/// `~/.aws/credentials`. The files are parsed once per provider; a line
/// they may not hold is an error naming its file and line (never its text).
/// The provider does no caching of its own: the chain that
/// [`load_from_env`](crate::config::load_from_env) builds is behind a
/// [`CredentialsCache`](super::CredentialsCache).
#[derive(Debug, Clone)]
pub struct ProfileFileCredentialsProvider {
    config: ProviderConfig,
    /// Kept, so that its session token is reused across refreshes.
    imds: ImdsCredentialsProvider,
}

impl ProfileFileCredentialsProvider {
    /// A provider reading the files named by the process environment.
    pub fn new() -> Self {
        Self::with_config(ProviderConfig::for_env(Env::real()))
    }

    /// A provider for the named profile rather than `AWS_PROFILE`'s.
    pub fn for_profile(name: impl Into<String>) -> Self {
        Self::with_config(ProviderConfig::for_env(Env::real()).with_profile_name(Some(name.into())))
    }

    pub(crate) fn with_config(config: ProviderConfig) -> Self {
        ProfileFileCredentialsProvider { imds: ImdsCredentialsProvider::with_config(config.clone()), config }
    }

    /// The chain the profile resolves to.
    pub(crate) fn chain(&self) -> Result<ProfileChain, CredentialsError> {
        let set = self.config.profiles()?;
        let name = self.config.profile_name();
        match resolve_chain(&set, &name) {
            Err(error) if error.is_not_loaded() && self.config.profile_named() && set.profile(&name).is_none() => {
                Err(CredentialsError::invalid_configuration(format!(
                    "the profile `{name}` was asked for (by AWS_PROFILE or in code) but is not defined in the shared \
                     config or credentials file"
                )))
            }
            other => other,
        }
    }

    pub(crate) async fn credentials(&self) -> Result<Credentials, CredentialsError> {
        let chain = self.chain()?;
        let has_roles = !chain.roles.is_empty();
        let mut credentials = match self.base(chain.base).await {
            // With roles to assume, the base is configured: its absence is
            // an error, not a reason to try other sources.
            Err(error) if has_roles && error.is_not_loaded() => {
                return Err(CredentialsError::invalid_configuration(format!(
                    "profile `{}` assumes a role with credentials from a source that has none: {error}",
                    self.config.profile_name()
                )));
            }
            other => other?,
        };
        for role in &chain.roles {
            credentials = super::sts::assume_role(&self.config, credentials, role).await?;
        }
        Ok(credentials)
    }

    async fn base(&self, base: BaseProvider) -> Result<Credentials, CredentialsError> {
        match base {
            BaseProvider::AccessKey(credentials) => Ok(credentials),
            BaseProvider::NamedSource(NamedSource::Environment) => {
                EnvironmentVariableCredentialsProvider::with_env(self.config.env.clone()).credentials()
            }
            BaseProvider::NamedSource(NamedSource::Ec2InstanceMetadata) => self.imds.credentials().await,
            BaseProvider::NamedSource(NamedSource::EcsContainer) => {
                ContainerCredentialsProvider::with_config(self.config.clone()).credentials().await
            }
            BaseProvider::WebIdentityToken { role_arn, token_file, session_name } => {
                super::sts::web_identity(&self.config, &role_arn, &token_file, session_name.as_deref()).await
            }
            BaseProvider::Sso(settings) => super::sso::credentials(&self.config, &settings).await,
            BaseProvider::CredentialProcess { command, account_id } => {
                super::process::run(&command, account_id.as_deref()).await
            }
        }
    }
}

impl Default for ProfileFileCredentialsProvider {
    fn default() -> Self {
        Self::new()
    }
}

impl ProvideCredentials for ProfileFileCredentialsProvider {
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
        Box::pin(self.credentials())
    }

    fn provider_name(&self) -> &'static str {
        "profile"
    }
}
