//! Configuration from the official SDK's loader (`aws-config`), for
//! applications that already build an `aws_types::SdkConfig`: its region,
//! endpoint, FIPS and dual-stack settings and credentials provider become
//! those of an [`SdkConfig`] every generated client takes.
//!
//! ```ignore
//! let official = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;
//! let client = my_service::Client::new(&my_service::config::SdkConfig::from(&official));
//! ```

use std::fmt;

use aws_credential_types::provider::ProvideCredentials as _;
use aws_credential_types::provider::SharedCredentialsProvider;
use aws_credential_types::provider::error::CredentialsError as OfficialError;

use super::{
    Credentials, CredentialsError, CredentialsErrorKind, ProvideCredentials, ProvideCredentialsFuture, SdkConfig,
};

/// A credentials provider of the official SDK, asked through this
/// runtime's [`ProvideCredentials`]. It keeps its own cache: the official
/// loader's providers are cached already.
#[derive(Clone)]
pub struct OfficialCredentialsProvider(SharedCredentialsProvider);

impl OfficialCredentialsProvider {
    /// Wraps `provider`.
    pub fn new(provider: SharedCredentialsProvider) -> Self {
        OfficialCredentialsProvider(provider)
    }
}

impl fmt::Debug for OfficialCredentialsProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("OfficialCredentialsProvider").field(&self.0).finish()
    }
}

impl ProvideCredentials for OfficialCredentialsProvider {
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
        Box::pin(async move {
            match self.0.provide_credentials().await {
                Ok(found) => {
                    let mut credentials = Credentials::new(
                        found.access_key_id(),
                        found.secret_access_key(),
                        found.session_token().map(str::to_owned),
                    );
                    if let Some(expiry) = found.expiry() {
                        credentials = credentials.with_expiry(expiry);
                    }
                    if let Some(account) = found.account_id() {
                        credentials = credentials.with_account_id(account.as_str());
                    }
                    Ok(credentials)
                }
                Err(error) => {
                    let kind = match &error {
                        OfficialError::CredentialsNotLoaded(_) => CredentialsErrorKind::NotLoaded,
                        OfficialError::InvalidConfiguration(_) => CredentialsErrorKind::InvalidConfiguration,
                        OfficialError::ProviderTimedOut(_) => CredentialsErrorKind::TimedOut,
                        _ => CredentialsErrorKind::ProviderError,
                    };
                    let message = format!("the official SDK's credentials provider failed: {error}");
                    Err(CredentialsError::of_kind(kind, message).with_source(error))
                }
            }
        })
    }

    fn provider_name(&self) -> &'static str {
        "aws-config"
    }
}

impl From<&aws_types::SdkConfig> for SdkConfig {
    /// The region, endpoint, FIPS, dual-stack and account id endpoint
    /// settings and the credentials provider of the official configuration;
    /// its HTTP client, retry and timeout settings are not carried over
    /// (this runtime's own apply).
    fn from(official: &aws_types::SdkConfig) -> SdkConfig {
        let mut builder = SdkConfig::builder()
            .set_region(official.region().map(|region| super::Region::new(region.as_ref())))
            .set_credentials_provider(
                official
                    .credentials_provider()
                    .map(|provider| std::sync::Arc::new(OfficialCredentialsProvider::new(provider)) as _),
            )
            .set_endpoint_url(official.endpoint_url().map(str::to_owned));
        if let Some(use_fips) = official.use_fips() {
            builder = builder.use_fips(use_fips);
        }
        if let Some(use_dual_stack) = official.use_dual_stack() {
            builder = builder.use_dual_stack(use_dual_stack);
        }
        // Both name the modes alike (`preferred`, `disabled`, `required`).
        if let Some(mode) = official.account_id_endpoint_mode().and_then(|mode| mode.to_string().parse().ok()) {
            builder = builder.account_id_endpoint_mode(mode);
        }
        builder.build()
    }
}

impl From<aws_types::SdkConfig> for SdkConfig {
    fn from(official: aws_types::SdkConfig) -> SdkConfig {
        SdkConfig::from(&official)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn region_settings_and_credentials_are_carried_over() {
        let official_credentials =
            aws_credential_types::Credentials::new("AKID", "wJalrXUtnSECRET", Some("token".into()), None, "test");
        let official = aws_types::SdkConfig::builder()
            .region(aws_types::region::Region::new("eu-central-1"))
            .credentials_provider(SharedCredentialsProvider::new(official_credentials))
            .endpoint_url("http://127.0.0.1:9")
            .use_fips(true)
            .account_id_endpoint_mode(aws_types::endpoint_config::AccountIdEndpointMode::Disabled)
            .build();
        let ours = SdkConfig::from(&official);
        assert_eq!(ours.account_id_endpoint_mode(), Some(crate::config::AccountIdEndpointMode::Disabled));
        assert_eq!(ours.region().map(|r| r.as_str()), Some("eu-central-1"));
        assert_eq!(
            (ours.endpoint_url(), ours.use_fips(), ours.use_dual_stack()),
            (Some("http://127.0.0.1:9"), Some(true), None)
        );
        let credentials = ours.credentials_provider().expect("bridged").provide_credentials().await.unwrap();
        assert_eq!((credentials.access_key_id(), credentials.session_token()), ("AKID", Some("token")));
        assert!(!format!("{ours:?}").contains("wJalrXUtnSECRET"));
    }
}
