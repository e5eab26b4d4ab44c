//! Configuration shared by every client of an application: [`SdkConfig`] and
//! [`load_from_env`].

use std::fmt;
use std::sync::Arc;

use super::credentials::{
    CredentialsCache, DefaultCredentialsChain, ImdsCredentialsProvider, ProfileFileCredentialsProvider,
    ProvideCredentials, ProviderConfig, SsoTokenProvider,
};
use super::retry::RetryConfig;
use super::timeout::TimeoutConfig;
use super::{AccountIdEndpointMode, Config, Region};
use crate::http::HttpClient;
use crate::rt::profile::Env;

/// Configuration that any client generated against this runtime accepts:
/// `Client::new(&sdk_config)` or `Config::from(&sdk_config)`.
///
/// Clients made from one `SdkConfig` share its credentials provider (and so
/// its credentials cache) and its HTTP client (and so one connection pool).
/// Cheap to clone.
///
/// ```
/// use smithy_client_runtime::config::{Credentials, SdkConfig};
///
/// let shared = SdkConfig::builder()
///     .region("eu-west-1")
///     .credentials_provider(Credentials::new("AKID", "SECRET", None))
///     .build();
/// assert_eq!(shared.region().map(|r| r.as_str()), Some("eu-west-1"));
/// ```
#[derive(Clone, Debug, Default)]
pub struct SdkConfig {
    region: Option<Region>,
    credentials_provider: Option<Arc<dyn ProvideCredentials>>,
    endpoint_url: Option<String>,
    use_fips: Option<bool>,
    use_dual_stack: Option<bool>,
    account_id_endpoint_mode: Option<AccountIdEndpointMode>,
    retry_config: Option<RetryConfig>,
    timeout_config: Option<TimeoutConfig>,
    http_client: Option<Arc<dyn HttpClient>>,
    app_name: Option<AppName>,
    max_response_body_size: Option<u64>,
    /// Where the loader found settings, for the endpoints set per service
    /// (`AWS_ENDPOINT_URL_<SERVICE>`, a profile's `services` section); `None`
    /// when the endpoint was set in code or the config was built by hand.
    endpoint_source: Option<ProviderConfig>,
}

impl SdkConfig {
    /// A builder with nothing set.
    pub fn builder() -> SdkConfigBuilder {
        SdkConfigBuilder::default()
    }

    /// The region.
    pub fn region(&self) -> Option<&Region> {
        self.region.as_ref()
    }

    /// The credentials provider.
    pub fn credentials_provider(&self) -> Option<&Arc<dyn ProvideCredentials>> {
        self.credentials_provider.as_ref()
    }

    /// The endpoint override, for every client made from this configuration.
    pub fn endpoint_url(&self) -> Option<&str> {
        self.endpoint_url.as_deref()
    }

    /// Whether FIPS endpoints are used, if set.
    pub fn use_fips(&self) -> Option<bool> {
        self.use_fips
    }

    /// Whether dual-stack endpoints are used, if set.
    pub fn use_dual_stack(&self) -> Option<bool> {
        self.use_dual_stack
    }

    /// Whether endpoints take the credentials' account id, if set.
    pub fn account_id_endpoint_mode(&self) -> Option<AccountIdEndpointMode> {
        self.account_id_endpoint_mode
    }

    /// The retry settings, if set.
    pub fn retry_config(&self) -> Option<&RetryConfig> {
        self.retry_config.as_ref()
    }

    /// The timeout settings, if set.
    pub fn timeout_config(&self) -> Option<&TimeoutConfig> {
        self.timeout_config.as_ref()
    }

    /// The HTTP client shared by the clients made from this configuration.
    pub fn http_client(&self) -> Option<&Arc<dyn HttpClient>> {
        self.http_client.as_ref()
    }

    /// The application name added to the `User-Agent` header.
    pub fn app_name(&self) -> Option<&AppName> {
        self.app_name.as_ref()
    }

    /// The most bytes of response body a call reads, if set.
    pub fn max_response_body_size(&self) -> Option<u64> {
        self.max_response_body_size
    }

    /// A builder holding this configuration, to change some settings.
    pub fn to_builder(&self) -> SdkConfigBuilder {
        SdkConfigBuilder { inner: self.clone() }
    }
}

/// Builds an [`SdkConfig`].
#[derive(Clone, Debug, Default)]
pub struct SdkConfigBuilder {
    inner: SdkConfig,
}

impl SdkConfigBuilder {
    /// Sets the region, e.g. `"us-east-1"`.
    pub fn region(mut self, region: impl Into<Region>) -> Self {
        self.inner.region = Some(region.into());
        self
    }

    /// Sets or clears the region.
    pub fn set_region(mut self, region: Option<Region>) -> Self {
        self.inner.region = region;
        self
    }

    /// Sets where credentials come from.
    pub fn credentials_provider(mut self, provider: impl ProvideCredentials) -> Self {
        self.inner.credentials_provider = Some(Arc::new(provider));
        self
    }

    /// Sets or clears the credentials provider.
    pub fn set_credentials_provider(mut self, provider: Option<Arc<dyn ProvideCredentials>>) -> Self {
        self.inner.credentials_provider = provider;
        self
    }

    /// Sends every client's requests to this URL instead of its service's endpoint.
    pub fn endpoint_url(mut self, url: impl Into<String>) -> Self {
        self.inner.endpoint_url = Some(url.into());
        // Set in code: it wins over endpoints configured per service.
        self.inner.endpoint_source = None;
        self
    }

    /// Sets or clears the endpoint override.
    pub fn set_endpoint_url(mut self, url: Option<String>) -> Self {
        self.inner.endpoint_url = url;
        self.inner.endpoint_source = None;
        self
    }

    /// Uses FIPS 140 endpoints.
    pub fn use_fips(mut self, use_fips: bool) -> Self {
        self.inner.use_fips = Some(use_fips);
        self
    }

    /// Uses dual-stack (IPv4 and IPv6) endpoints where the service has them.
    pub fn use_dual_stack(mut self, use_dual_stack: bool) -> Self {
        self.inner.use_dual_stack = Some(use_dual_stack);
        self
    }

    /// Whether endpoints take the credentials' account id (see
    /// [`AccountIdEndpointMode`]).
    pub fn account_id_endpoint_mode(mut self, mode: AccountIdEndpointMode) -> Self {
        self.inner.account_id_endpoint_mode = Some(mode);
        self
    }

    /// Sets the retry behaviour.
    pub fn retry_config(mut self, retry_config: RetryConfig) -> Self {
        self.inner.retry_config = Some(retry_config);
        self
    }

    /// Sets the timeouts.
    pub fn timeout_config(mut self, timeout_config: TimeoutConfig) -> Self {
        self.inner.timeout_config = Some(timeout_config);
        self
    }

    /// Sets the HTTP client every client made from this configuration shares.
    pub fn http_client(mut self, http_client: impl HttpClient) -> Self {
        self.inner.http_client = Some(Arc::new(http_client));
        self
    }

    /// Sets or clears the shared HTTP client.
    pub fn set_http_client(mut self, http_client: Option<Arc<dyn HttpClient>>) -> Self {
        self.inner.http_client = http_client;
        self
    }

    /// Sets the application name added to the `User-Agent` header.
    pub fn app_name(mut self, app_name: AppName) -> Self {
        self.inner.app_name = Some(app_name);
        self
    }

    /// Sets the most bytes of response body a call reads, for every client
    /// made from this configuration (default 64 MiB; see
    /// [`Builder::max_response_body_size`](super::Builder::max_response_body_size)).
    pub fn max_response_body_size(mut self, bytes: u64) -> Self {
        self.inner.max_response_body_size = Some(bytes);
        self
    }

    /// Sets or clears (back to the default) the response body limit.
    pub fn set_max_response_body_size(mut self, bytes: Option<u64>) -> Self {
        self.inner.max_response_body_size = bytes;
        self
    }

    /// Builds the configuration. When no HTTP client was set and the
    /// `default-https-client` feature is on, one built-in client is created
    /// here, so that every client made from the result shares its pool.
    pub fn build(self) -> SdkConfig {
        #[cfg(feature = "default-https-client")]
        if self.inner.http_client.is_none() {
            let timeouts = self.inner.timeout_config.clone().unwrap_or_default();
            return SdkConfig { http_client: Some(super::default_http_client(&timeouts)), ..self.inner };
        }
        self.inner
    }
}

/// The name of the application, sent in the `User-Agent` header as
/// `app/<name>`: ASCII letters, digits and ``!#$%&'*+-.^_`|~``, at most 50
/// characters.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct AppName(String);

impl AppName {
    /// Checks and wraps a name.
    pub fn new(name: impl Into<String>) -> Result<AppName, InvalidAppName> {
        let name = name.into();
        let valid_char = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c);
        if name.is_empty() || name.len() > 50 || !name.chars().all(valid_char) {
            return Err(InvalidAppName { length: name.chars().count() });
        }
        Ok(AppName(name))
    }

    /// The name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for AppName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("AppName").field(&self.0).finish()
    }
}

impl fmt::Display for AppName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An application name with characters a `User-Agent` header cannot carry,
/// or empty, or longer than 50 characters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvalidAppName {
    length: usize,
}

impl fmt::Display for InvalidAppName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid application name ({} characters): use 1 to 50 ASCII letters, digits or !#$%&'*+-.^_`|~",
            self.length
        )
    }
}

impl std::error::Error for InvalidAppName {}

/// Loads the configuration every client of an application can share, the way
/// the AWS CLI does: `from_env().load().await`. See [`ConfigLoader`] for
/// the order in which each setting is looked for.
///
/// ```no_run
/// # async fn example() {
/// let sdk_config = smithy_client_runtime::config::load_from_env().await;
/// // Every generated crate's `Client::new(&sdk_config)` takes it.
/// # let _ = sdk_config;
/// # }
/// ```
pub async fn load_from_env() -> SdkConfig {
    from_env().load().await
}

/// A [`ConfigLoader`], to set some things in code and load the rest from the
/// environment.
///
/// ```no_run
/// # async fn example() {
/// let sdk_config = smithy_client_runtime::config::from_env().profile_name("deploy").region("eu-west-1").load().await;
/// # let _ = sdk_config;
/// # }
/// ```
pub fn from_env() -> ConfigLoader {
    ConfigLoader::default()
}

/// Builds an [`SdkConfig`] from what is set in code and, for the rest, the
/// environment, the shared files and the instance metadata service:
///
/// | setting | looked for, in order |
/// |---|---|
/// | region | [`region`](Self::region); `AWS_REGION`; `AWS_DEFAULT_REGION`; the profile's `region`; the EC2 instance's region (instance metadata) |
/// | credentials | [`credentials_provider`](Self::credentials_provider); else the [`DefaultCredentialsChain`] (environment, profile, web identity, container, instance metadata) behind a [`CredentialsCache`] |
/// | profile | [`profile_name`](Self::profile_name); `AWS_PROFILE`; `default` |
/// | files | `AWS_CONFIG_FILE`, `AWS_SHARED_CREDENTIALS_FILE`; `~/.aws/config`, `~/.aws/credentials` |
/// | endpoint | [`endpoint_url`](Self::endpoint_url); `AWS_ENDPOINT_URL`; the profile's `endpoint_url` (neither when `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS` or the profile's `ignore_configured_endpoint_urls` is `true`) |
/// | FIPS, dual-stack | `AWS_USE_FIPS_ENDPOINT`, `AWS_USE_DUALSTACK_ENDPOINT`; the profile's `use_fips_endpoint`, `use_dualstack_endpoint` |
/// | account id in endpoints | `AWS_ACCOUNT_ID_ENDPOINT_MODE`; the profile's `account_id_endpoint_mode` (`preferred`, the default, `disabled` or `required`; see [`AccountIdEndpointMode`]) |
/// | attempts | `AWS_MAX_ATTEMPTS`; the profile's `max_attempts` (`AWS_RETRY_MODE`/`retry_mode` `standard` is the only mode) |
///
/// A region that is not a valid region name is ignored, since it would
/// become part of the endpoint's host name.
#[derive(Clone, Default)]
pub struct ConfigLoader {
    env: Option<Env>,
    region: Option<Region>,
    profile_name: Option<String>,
    credentials_provider: Option<Arc<dyn ProvideCredentials>>,
    http_client: Option<Arc<dyn HttpClient>>,
    endpoint_url: Option<String>,
}

impl fmt::Debug for ConfigLoader {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ConfigLoader")
            .field("region", &self.region)
            .field("profile_name", &self.profile_name)
            .field("credentials_provider", &self.credentials_provider)
            .finish_non_exhaustive()
    }
}

impl ConfigLoader {
    /// Uses this region instead of looking for one.
    #[must_use]
    pub fn region(mut self, region: impl Into<Region>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// Reads this profile of the shared files instead of `AWS_PROFILE`'s.
    #[must_use]
    pub fn profile_name(mut self, name: impl Into<String>) -> Self {
        self.profile_name = Some(name.into());
        self
    }

    /// Uses this provider instead of the default chain (it is not cached
    /// for you: wrap it in a [`CredentialsCache`] if it does real work).
    #[must_use]
    pub fn credentials_provider(mut self, provider: impl ProvideCredentials) -> Self {
        self.credentials_provider = Some(Arc::new(provider));
        self
    }

    /// The HTTP client of the clients using this configuration, and of the
    /// credentials providers (instance metadata, container, STS, SSO).
    #[must_use]
    pub fn http_client(mut self, http_client: impl HttpClient) -> Self {
        self.http_client = Some(Arc::new(http_client));
        self
    }

    /// Sends every request to this endpoint.
    #[must_use]
    pub fn endpoint_url(mut self, url: impl Into<String>) -> Self {
        self.endpoint_url = Some(url.into());
        self
    }

    /// Reads `env` (variables, files, clock) instead of the process's own.
    #[doc(hidden)]
    #[must_use]
    pub fn env(mut self, env: Env) -> Self {
        self.env = Some(env);
        self
    }

    fn provider_config(&self) -> ProviderConfig {
        ProviderConfig::for_env(self.env.clone().unwrap_or_else(Env::real))
            .with_http_client(self.http_client.clone())
            .with_region(self.region.clone())
            .with_profile_name(self.profile_name.clone())
    }

    /// The default credentials chain this loader would build.
    #[doc(hidden)]
    pub fn credentials_chain(&self) -> DefaultCredentialsChain {
        DefaultCredentialsChain::with_config(self.provider_config())
    }

    /// The profile provider this loader's chain holds.
    #[doc(hidden)]
    pub fn profile_credentials_provider(&self) -> ProfileFileCredentialsProvider {
        ProfileFileCredentialsProvider::with_config(self.provider_config())
    }

    /// The SSO token provider for this loader's profile.
    #[doc(hidden)]
    pub fn sso_token_provider(&self) -> SsoTokenProvider {
        SsoTokenProvider::with_config(self.provider_config())
    }

    /// Looks for what was not set in code and builds the configuration.
    pub async fn load(self) -> SdkConfig {
        let provider_config = self.provider_config();
        let mut builder = settings_from_env(&provider_config);
        if builder.inner.region.is_none() {
            let imds = ImdsCredentialsProvider::with_config(provider_config.clone());
            builder.inner.region = imds.region().await.map(Region::from).filter(|region| region.validate().is_ok());
        }
        let credentials = match self.credentials_provider {
            Some(provider) => provider,
            None => {
                let chain = DefaultCredentialsChain::with_config(
                    provider_config.clone().with_region(builder.inner.region.clone()),
                );
                Arc::new(CredentialsCache::with_clock(
                    Arc::new(chain),
                    super::credentials::DEFAULT_REFRESH_BUFFER,
                    provider_config.env.clone(),
                ))
            }
        };
        builder.inner.credentials_provider = Some(credentials);
        if let Some(url) = self.endpoint_url {
            builder.inner.endpoint_url = Some(url);
            builder.inner.endpoint_source = None;
        }
        builder.inner.http_client = self.http_client;
        builder.build()
    }
}

/// The settings [`ConfigLoader::load`] reads without calling anything.
fn settings_from_env(config: &ProviderConfig) -> SdkConfigBuilder {
    let mut builder = SdkConfig::builder().set_region(config.region());
    builder.inner.endpoint_url = config.endpoint_url_any();
    builder.inner.endpoint_source = Some(config.clone());
    builder.inner.use_fips = config.flag("AWS_USE_FIPS_ENDPOINT", "use_fips_endpoint");
    builder.inner.use_dual_stack = config.flag("AWS_USE_DUALSTACK_ENDPOINT", "use_dualstack_endpoint");
    // A value that is no mode is ignored, as unreadable flags are: the
    // default (`preferred`) applies.
    builder.inner.account_id_endpoint_mode =
        config.setting("AWS_ACCOUNT_ID_ENDPOINT_MODE", "account_id_endpoint_mode").and_then(|value| value.parse().ok());
    if let Some(attempts) = config.max_attempts() {
        builder.inner.retry_config = Some(RetryConfig::standard().with_max_attempts(attempts));
    }
    builder
}

/// What [`load_from_env`] finds in `env` without calling anything (so no
/// region from instance metadata), with the default credentials chain
/// behind a cache.
pub(crate) fn sdk_config_from_env(env: &Env) -> SdkConfigBuilder {
    let config = ProviderConfig::for_env(env.clone());
    let builder = settings_from_env(&config);
    let chain = DefaultCredentialsChain::with_config(config.with_region(builder.inner.region.clone()));
    builder.credentials_provider(CredentialsCache::with_clock(
        Arc::new(chain),
        super::credentials::DEFAULT_REFRESH_BUFFER,
        env.clone(),
    ))
}

impl Config {
    /// A service client's configuration from the shared one, for the service
    /// whose SDK id (its model's `sdkId`, e.g. `Partnercentral Selling`) is
    /// `sdk_id`: like `Config::from(shared)`, but an endpoint configured for
    /// this service alone (`AWS_ENDPOINT_URL_<SERVICE>`, or `endpoint_url`
    /// in the `[services]` section the profile names) wins over the one
    /// configured for all. Generated clients' `Client::new` calls this.
    pub fn from_shared(shared: &SdkConfig, sdk_id: &str) -> Config {
        let mut config = Config::from(shared);
        if let Some(source) = &shared.endpoint_source {
            let env_suffix: String =
                sdk_id.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_uppercase() } else { '_' }).collect();
            let services_key: String =
                sdk_id.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '_' }).collect();
            if let Some(url) = source.endpoint_url(&env_suffix, &services_key) {
                config = config.to_builder().endpoint_url(url).build();
            }
        }
        config
    }
}

impl From<&SdkConfig> for Config {
    /// A service client's configuration from the shared one; settings it
    /// leaves unset keep their defaults.
    fn from(shared: &SdkConfig) -> Config {
        let mut builder = Config::builder()
            .set_region(shared.region.clone())
            .set_credentials_provider(shared.credentials_provider.clone())
            .set_endpoint_url(shared.endpoint_url.clone())
            .set_http_client(shared.http_client.clone())
            .set_max_response_body_size(shared.max_response_body_size)
            .use_fips(shared.use_fips.unwrap_or(false))
            .use_dual_stack(shared.use_dual_stack.unwrap_or(false))
            .set_account_id_endpoint_mode(shared.account_id_endpoint_mode);
        if let Some(retry) = &shared.retry_config {
            builder = builder.retry_config(retry.clone());
        }
        if let Some(timeouts) = &shared.timeout_config {
            builder = builder.timeout_config(timeouts.clone());
        }
        if let Some(app_name) = &shared.app_name {
            builder = builder.app_name(app_name.clone());
        }
        builder.build()
    }
}

impl From<SdkConfig> for Config {
    fn from(shared: SdkConfig) -> Config {
        Config::from(&shared)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clients_from_one_sdk_config_share_its_providers() {
        let shared = SdkConfig::builder()
            .region("eu-west-1")
            .credentials_provider(super::super::Credentials::new("AKID", "SECRET", None))
            .http_client(NoHttp)
            .build();
        let a = Config::from(&shared);
        let b = Config::from(&shared);
        let (Some(pa), Some(pb)) = (a.credentials_provider(), b.credentials_provider()) else { panic!("set") };
        assert!(Arc::ptr_eq(pa, pb), "one credentials provider");
        let (Some(ha), Some(hb)) = (a.http_client(), b.http_client()) else { panic!("set") };
        assert!(Arc::ptr_eq(ha, hb), "one HTTP client, so one connection pool");
        assert_eq!(a.region().map(Region::as_str), Some("eu-west-1"));
    }

    #[test]
    fn unset_settings_keep_the_client_defaults() {
        let config = Config::from(&SdkConfig::builder().build());
        assert_eq!(config.retry_config().max_attempts(), 3);
        assert!(!config.use_fips());
    }

    #[test]
    fn from_env_reads_region_endpoint_flags_and_attempts() {
        let env = Env::from_vars(&[
            ("AWS_REGION", "eu-west-1"),
            ("AWS_DEFAULT_REGION", "us-east-1"),
            ("AWS_ENDPOINT_URL", "http://127.0.0.1:9"),
            ("AWS_USE_FIPS_ENDPOINT", "TRUE"),
            ("AWS_MAX_ATTEMPTS", "5"),
            ("HOME", "/nonexistent"),
        ]);
        let config = Config::from(&sdk_config_from_env(&env).build());
        assert_eq!(config.region().map(Region::as_str), Some("eu-west-1"));
        assert_eq!(config.endpoint_url(), Some("http://127.0.0.1:9"));
        assert!(config.use_fips());
        assert!(!config.use_dual_stack());
        assert_eq!(config.retry_config().max_attempts(), 5);
        assert!(config.credentials_provider().is_some(), "credentials are looked up when sending");
    }

    #[test]
    fn the_account_id_endpoint_mode_comes_from_the_environment_then_the_profile() {
        let dir = crate::rt::profile::TempDir::new("account-id-endpoint-mode");
        let file = dir.write("config", "[default]\naccount_id_endpoint_mode = disabled\n");
        let file = file.to_str().expect("UTF-8 path");
        let mode = |vars: &[(&str, &str)]| {
            let mut all = vec![("AWS_CONFIG_FILE", file), ("HOME", "/nonexistent")];
            all.extend_from_slice(vars);
            Config::from(&sdk_config_from_env(&Env::from_vars(&all)).build()).account_id_endpoint_mode()
        };
        assert_eq!(mode(&[]), AccountIdEndpointMode::Disabled, "the profile's");
        assert_eq!(mode(&[("AWS_ACCOUNT_ID_ENDPOINT_MODE", "REQUIRED")]), AccountIdEndpointMode::Required);
        // Not a mode: ignored, as an unreadable flag is, so the default applies.
        assert_eq!(mode(&[("AWS_ACCOUNT_ID_ENDPOINT_MODE", "always")]), AccountIdEndpointMode::Preferred);
        let none = Env::from_vars(&[("HOME", "/nonexistent")]);
        let default = Config::from(&sdk_config_from_env(&none).build());
        assert_eq!(default.account_id_endpoint_mode(), AccountIdEndpointMode::Preferred);
        let in_code = SdkConfig::builder().account_id_endpoint_mode(AccountIdEndpointMode::Required).build();
        assert_eq!(Config::from(&in_code).account_id_endpoint_mode(), AccountIdEndpointMode::Required);
    }

    #[test]
    fn an_endpoint_configured_for_the_service_wins_over_the_global_one() {
        let dir = crate::rt::profile::TempDir::new("service-endpoints");
        let file = dir.write(
            "config",
            "[default]\nservices = local\n[services local]\npartnercentral_selling =\n  endpoint_url = http://127.0.0.1:2\n",
        );
        let file = file.to_str().expect("UTF-8 path");
        let shared = |vars: &[(&str, &str)]| {
            let mut all = vec![("AWS_CONFIG_FILE", file), ("HOME", "/nonexistent")];
            all.extend_from_slice(vars);
            sdk_config_from_env(&Env::from_vars(&all)).build()
        };
        let endpoint =
            |shared: &SdkConfig, sdk_id: &str| Config::from_shared(shared, sdk_id).endpoint_url().map(str::to_owned);
        let global = shared(&[("AWS_ENDPOINT_URL", "http://127.0.0.1:1")]);
        assert_eq!(endpoint(&global, "Partnercentral Selling").as_deref(), Some("http://127.0.0.1:2"));
        assert_eq!(endpoint(&global, "Lambda").as_deref(), Some("http://127.0.0.1:1"));
        let specific = shared(&[
            ("AWS_ENDPOINT_URL", "http://127.0.0.1:1"),
            ("AWS_ENDPOINT_URL_PARTNERCENTRAL_SELLING", "http://127.0.0.1:3"),
        ]);
        assert_eq!(endpoint(&specific, "Partnercentral Selling").as_deref(), Some("http://127.0.0.1:3"));
        let ignored = shared(&[
            ("AWS_ENDPOINT_URL_LAMBDA", "http://127.0.0.1:3"),
            ("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true"),
        ]);
        assert_eq!(endpoint(&ignored, "Lambda"), None);
        let in_code = specific.to_builder().endpoint_url("http://127.0.0.1:4").build();
        assert_eq!(endpoint(&in_code, "Partnercentral Selling").as_deref(), Some("http://127.0.0.1:4"));
    }

    #[test]
    fn from_env_falls_back_to_the_default_region_variable() {
        let env = Env::from_vars(&[("AWS_DEFAULT_REGION", "ap-south-1"), ("HOME", "/nonexistent")]);
        let config = Config::from(&sdk_config_from_env(&env).build());
        assert_eq!(config.region().map(Region::as_str), Some("ap-south-1"));
        assert_eq!(config.endpoint_url(), None);
        assert_eq!(config.retry_config(), &RetryConfig::standard());
    }

    #[test]
    fn a_region_from_the_environment_that_is_not_a_host_label_is_ignored() {
        for region in ["x@127.0.0.1:18443?", "us-east-1.evil.example", "us-east-1\n", "-x"] {
            for variable in ["AWS_REGION", "AWS_DEFAULT_REGION"] {
                let env = Env::from_vars(&[(variable, region), ("HOME", "/nonexistent")]);
                let config = Config::from(&sdk_config_from_env(&env).build());
                assert_eq!(config.region(), None, "{variable}={region:?}");
            }
        }
        let dir = crate::rt::profile::TempDir::new("invalid-region");
        let region_from_profile = |region: &str| {
            // One file per value, so that no cache of the files can mix them up.
            let file = dir.write(&format!("config-{}", region.len()), format!("[default]\nregion = {region}\n"));
            let env = Env::from_vars(&[("AWS_CONFIG_FILE", file.to_str().expect("UTF-8 path")), ("HOME", "/x")]);
            Config::from(&sdk_config_from_env(&env).build()).region().cloned()
        };
        assert_eq!(region_from_profile("us-west-2"), Some(Region::new("us-west-2")));
        assert_eq!(region_from_profile("x@127.0.0.1:18443?"), None);
    }

    #[test]
    fn the_response_body_limit_defaults_to_64_mib_and_is_passed_on() {
        assert_eq!(Config::builder().build().max_response_body_size(), 64 * 1024 * 1024);
        assert_eq!(Config::from(&SdkConfig::builder().build()).max_response_body_size(), 64 * 1024 * 1024);
        let shared = SdkConfig::builder().max_response_body_size(1000).http_client(NoHttp).build();
        assert_eq!(shared.max_response_body_size(), Some(1000));
        let config = Config::from(&shared);
        assert_eq!(config.max_response_body_size(), 1000);
        assert_eq!(config.to_builder().build().max_response_body_size(), 1000);
        let raised = config.to_builder().max_response_body_size(u64::MAX).build();
        assert_eq!(raised.max_response_body_size(), u64::MAX);
        let cleared = raised.to_builder().set_max_response_body_size(None).build();
        assert_eq!(cleared.max_response_body_size(), crate::http::DEFAULT_MAX_RESPONSE_BODY_SIZE);
    }

    #[test]
    fn app_names_are_checked() {
        assert_eq!(AppName::new("my-app_1.0").map(|a| a.to_string()), Ok("my-app_1.0".to_owned()));
        assert!(AppName::new("").is_err());
        assert!(AppName::new("has space").is_err());
        assert!(AppName::new("a\r\nx-injected: 1").is_err());
        assert!(AppName::new("x".repeat(51)).is_err());
    }

    #[derive(Debug, Clone)]
    struct NoHttp;
    impl crate::http::HttpClient for NoHttp {
        fn call(&self, _request: crate::http::HttpRequest) -> crate::http::HttpFuture<'_> {
            Box::pin(async { Err(crate::http::ConnectorError::other("no network in this test")) })
        }
    }
}
