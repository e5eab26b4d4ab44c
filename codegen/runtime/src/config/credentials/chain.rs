//! The default credentials chain.

use super::{
    ContainerCredentialsProvider, Credentials, CredentialsError, EnvironmentVariableCredentialsProvider,
    ImdsCredentialsProvider, PLUG_IN_HINT, ProfileFileCredentialsProvider, ProvideCredentials,
    ProvideCredentialsFuture, ProviderConfig, WebIdentityTokenCredentialsProvider,
};
use crate::rt::profile::Env;

/// The sources the official SDKs try, in their order:
///
/// 1. the environment variables (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`,
///    `AWS_SESSION_TOKEN`);
/// 2. the selected profile of the shared files
///    ([`ProfileFileCredentialsProvider`]: static keys, role chains, SSO,
///    `credential_process`, web identity);
/// 3. a web identity token from the environment
///    ([`WebIdentityTokenCredentialsProvider`]);
/// 4. the container credentials endpoint ([`ContainerCredentialsProvider`]:
///    ECS, EKS Pod Identity);
/// 5. the EC2 instance metadata service ([`ImdsCredentialsProvider`]).
///
/// A source with nothing configured passes to the next; one that is
/// configured but fails (a half-set key pair, a role STS refuses, a broken
/// profile) stops the chain with its error, rather than quietly acting as
/// whoever the next source names. When no source has credentials, the
/// error lists what each one said. The chain does not cache: the
/// configuration from [`load_from_env`](crate::config::load_from_env) puts
/// it behind a [`CredentialsCache`](super::CredentialsCache).
#[derive(Debug, Clone)]
pub struct DefaultCredentialsChain {
    environment: EnvironmentVariableCredentialsProvider,
    profile: ProfileFileCredentialsProvider,
    web_identity: WebIdentityTokenCredentialsProvider,
    container: ContainerCredentialsProvider,
    imds: ImdsCredentialsProvider,
}

impl DefaultCredentialsChain {
    /// The chain over the process environment, the user's files and the
    /// default HTTP client.
    pub fn new() -> Self {
        Self::with_config(ProviderConfig::for_env(Env::real()))
    }

    pub(crate) fn with_config(config: ProviderConfig) -> Self {
        DefaultCredentialsChain {
            environment: EnvironmentVariableCredentialsProvider::with_env(config.env.clone()),
            profile: ProfileFileCredentialsProvider::with_config(config.clone()),
            web_identity: WebIdentityTokenCredentialsProvider::with_config(config.clone()),
            container: ContainerCredentialsProvider::with_config(config.clone()),
            imds: ImdsCredentialsProvider::with_config(config),
        }
    }

    async fn credentials(&self) -> Result<Credentials, CredentialsError> {
        let mut reports = Vec::new();
        for source in 0..5 {
            let (label, outcome) = match source {
                0 => ("environment variables", self.environment.credentials()),
                1 => ("shared config and credentials files", self.profile.credentials().await),
                2 => ("web identity token", self.web_identity.credentials().await),
                3 => ("container credentials endpoint", self.container.credentials().await),
                _ => ("instance metadata", self.imds.credentials().await),
            };
            match outcome {
                Ok(credentials) => {
                    crate::rt::trace::credentials_resolved(label);
                    return Ok(credentials);
                }
                Err(error) if error.is_not_loaded() => reports.push(format!("{label}: {}", error.message())),
                Err(error) => return Err(error),
            }
        }
        Err(CredentialsError::not_loaded(format!(
            "no source of the default chain has AWS credentials ({}); set them in one of these places, {PLUG_IN_HINT}",
            reports.join("; ")
        )))
    }
}

impl Default for DefaultCredentialsChain {
    fn default() -> Self {
        Self::new()
    }
}

impl ProvideCredentials for DefaultCredentialsChain {
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
        Box::pin(self.credentials())
    }

    fn provider_name(&self) -> &'static str {
        "default chain"
    }
}
