//! Client configuration: region, credentials, endpoint, retries, timeouts,
//! HTTP client.

pub mod retry;
pub mod timeout;

// Building blocks of the instance metadata and container credentials
// providers, public for the cross-SDK test cases the runtime runs.
#[doc(hidden)]
pub mod container;
#[doc(hidden)]
pub mod imds;

mod account_id_endpoint_mode;
#[cfg(feature = "aws-config")]
mod aws_config_bridge;
mod clock;
mod credentials;
mod http_uri;
mod sdk_config;
pub(crate) mod validation;

use std::fmt;
use std::sync::Arc;

pub use self::account_id_endpoint_mode::{AccountIdEndpointMode, InvalidAccountIdEndpointMode};
#[cfg(feature = "aws-config")]
pub use self::aws_config_bridge::OfficialCredentialsProvider;
pub use self::clock::{
    AsyncSleep, SharedAsyncSleep, SharedTimeSource, Sleep, SystemTimeSource, TimeSource, TokioSleep,
};
/// Which providers a profile's settings resolve to, for the cross-SDK test
/// cases the runtime runs.
#[doc(hidden)]
pub use self::credentials::profile_chain;
pub use self::credentials::{
    AssumeRoleProvider, ContainerCredentialsProvider, CredentialProcessProvider, Credentials, CredentialsCache,
    CredentialsError, CredentialsErrorKind, DefaultCredentialsChain, EnvironmentVariableCredentialsProvider,
    ImdsCredentialsProvider, ProfileFileCredentialsProvider, ProvideCredentials, ProvideCredentialsFuture,
    SsoTokenProvider, Token, WebIdentityTokenCredentialsProvider,
};
use self::retry::RetryConfig;
pub use self::sdk_config::{
    AppName, ConfigLoader, InvalidAppName, SdkConfig, SdkConfigBuilder, from_env, load_from_env,
};
use self::timeout::TimeoutConfig;
pub use self::validation::{InvalidEndpointUrl, InvalidRegion};
use crate::http::HttpClient;

/// An AWS region, e.g. `us-east-1`.
///
/// Any text is accepted here; since the region becomes part of the endpoint's
/// host name, a client refuses to call with one that is not a valid region
/// name ([`Region::validate`]), and configuration read from the environment
/// or a profile ignores such a value.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Region(String);

impl Region {
    /// A region by name.
    pub fn new(region: impl Into<String>) -> Self {
        Region(region.into())
    }

    /// The region's name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl From<&str> for Region {
    fn from(region: &str) -> Self {
        Region(region.to_owned())
    }
}

impl From<String> for Region {
    fn from(region: String) -> Self {
        Region(region)
    }
}

impl fmt::Display for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Where idempotency tokens come from when the caller leaves them unset:
/// random UUIDs (version 4) by default; a fixed value or a function in tests.
#[derive(Clone)]
pub struct IdempotencyTokenProvider {
    source: TokenSource,
}

#[derive(Clone)]
enum TokenSource {
    Random,
    Fixed(String),
    Function(Arc<dyn Fn() -> String + Send + Sync>),
}

impl IdempotencyTokenProvider {
    /// Random version-4 UUIDs (the default).
    pub fn random() -> Self {
        IdempotencyTokenProvider { source: TokenSource::Random }
    }

    /// Always the same token.
    pub fn fixed(token: impl Into<String>) -> Self {
        IdempotencyTokenProvider { source: TokenSource::Fixed(token.into()) }
    }

    /// Tokens from a function.
    pub fn from_fn(f: impl Fn() -> String + Send + Sync + 'static) -> Self {
        IdempotencyTokenProvider { source: TokenSource::Function(Arc::new(f)) }
    }

    /// A new token.
    pub fn make_token(&self) -> Result<String, crate::error::BoxError> {
        match &self.source {
            TokenSource::Random => crate::rt::uuid::v4().map_err(Into::into),
            TokenSource::Fixed(token) => Ok(token.clone()),
            TokenSource::Function(f) => Ok(f()),
        }
    }
}

impl Default for IdempotencyTokenProvider {
    fn default() -> Self {
        IdempotencyTokenProvider::random()
    }
}

impl fmt::Debug for IdempotencyTokenProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.source {
            TokenSource::Random => "random",
            TokenSource::Fixed(_) => "fixed",
            TokenSource::Function(_) => "function",
        };
        f.debug_tuple("IdempotencyTokenProvider").field(&kind).finish()
    }
}

/// Configuration of one service client (`Client::from_conf(config)` in a generated crate).
///
/// ```text
/// let config = Config::builder()
///     .region("us-east-1")
///     .credentials_provider(Credentials::new("AKID", "SECRET", None))
///     .build();
/// ```
///
/// Or from the environment and the shared AWS files, like the AWS CLI:
/// [`Config::from_env`].
#[derive(Clone, Debug)]
pub struct Config {
    region: Option<Region>,
    credentials_provider: Option<Arc<dyn ProvideCredentials>>,
    endpoint_url: Option<String>,
    use_fips: bool,
    use_dual_stack: bool,
    account_id_endpoint_mode: AccountIdEndpointMode,
    retry_config: RetryConfig,
    timeout_config: TimeoutConfig,
    http_client: Option<Arc<dyn HttpClient>>,
    idempotency_token_provider: IdempotencyTokenProvider,
    disable_request_compression: bool,
    request_min_compression_size_bytes: u32,
    app_name: Option<AppName>,
    max_response_body_size: u64,
    sleep_impl: Option<SharedAsyncSleep>,
    time_source: Option<SharedTimeSource>,
}

/// Bodies smaller than this are sent uncompressed (operations with `@requestCompression`).
const DEFAULT_MIN_COMPRESSION_SIZE: u32 = 10240;

impl Config {
    /// A builder with every setting at its default.
    pub fn builder() -> Builder {
        Builder::default()
    }

    /// Configuration from the environment and the shared AWS files, as
    /// [`load_from_env`] reads them, for this client alone. Prefer
    /// `load_from_env().await` and `Client::new(&sdk_config)` when several
    /// clients share one configuration.
    pub fn from_env() -> Config {
        Config::from(&sdk_config::sdk_config_from_env(&crate::rt::profile::Env::real()).build())
    }

    /// A builder holding this configuration, to change some settings.
    pub fn to_builder(&self) -> Builder {
        Builder {
            region: self.region.clone(),
            credentials_provider: self.credentials_provider.clone(),
            endpoint_url: self.endpoint_url.clone(),
            use_fips: Some(self.use_fips),
            use_dual_stack: Some(self.use_dual_stack),
            account_id_endpoint_mode: Some(self.account_id_endpoint_mode),
            retry_config: Some(self.retry_config.clone()),
            timeout_config: Some(self.timeout_config.clone()),
            http_client: self.http_client.clone(),
            idempotency_token_provider: Some(self.idempotency_token_provider.clone()),
            disable_request_compression: Some(self.disable_request_compression),
            request_min_compression_size_bytes: Some(self.request_min_compression_size_bytes),
            app_name: self.app_name.clone(),
            max_response_body_size: Some(self.max_response_body_size),
            sleep_impl: self.sleep_impl.clone(),
            time_source: self.time_source.clone(),
        }
    }

    /// This configuration with the settings `overrides` sets replaced, as a
    /// call's `config_override` asks; what it leaves unset stays as here.
    /// The HTTP client stays this one unless the override sets one.
    pub fn with_override(&self, overrides: Builder) -> Config {
        let base = self.to_builder();
        Builder {
            region: overrides.region.or(base.region),
            credentials_provider: overrides.credentials_provider.or(base.credentials_provider),
            endpoint_url: overrides.endpoint_url.or(base.endpoint_url),
            use_fips: overrides.use_fips.or(base.use_fips),
            use_dual_stack: overrides.use_dual_stack.or(base.use_dual_stack),
            account_id_endpoint_mode: overrides.account_id_endpoint_mode.or(base.account_id_endpoint_mode),
            retry_config: overrides.retry_config.or(base.retry_config),
            timeout_config: overrides.timeout_config.or(base.timeout_config),
            http_client: overrides.http_client.or(base.http_client),
            idempotency_token_provider: overrides.idempotency_token_provider.or(base.idempotency_token_provider),
            disable_request_compression: overrides.disable_request_compression.or(base.disable_request_compression),
            request_min_compression_size_bytes: overrides
                .request_min_compression_size_bytes
                .or(base.request_min_compression_size_bytes),
            app_name: overrides.app_name.or(base.app_name),
            max_response_body_size: overrides.max_response_body_size.or(base.max_response_body_size),
            sleep_impl: overrides.sleep_impl.or(base.sleep_impl),
            time_source: overrides.time_source.or(base.time_source),
        }
        .build()
    }

    /// The region.
    pub fn region(&self) -> Option<&Region> {
        self.region.as_ref()
    }

    /// The credentials provider.
    pub fn credentials_provider(&self) -> Option<&Arc<dyn ProvideCredentials>> {
        self.credentials_provider.as_ref()
    }

    /// The endpoint override.
    pub fn endpoint_url(&self) -> Option<&str> {
        self.endpoint_url.as_deref()
    }

    /// Whether FIPS endpoints are used.
    pub fn use_fips(&self) -> bool {
        self.use_fips
    }

    /// Whether dual-stack (IPv4 and IPv6) endpoints are used.
    pub fn use_dual_stack(&self) -> bool {
        self.use_dual_stack
    }

    /// Whether endpoints take the credentials' account id (see [`AccountIdEndpointMode`]).
    pub fn account_id_endpoint_mode(&self) -> AccountIdEndpointMode {
        self.account_id_endpoint_mode
    }

    /// The retry settings.
    pub fn retry_config(&self) -> &RetryConfig {
        &self.retry_config
    }

    /// The timeout settings.
    pub fn timeout_config(&self) -> &TimeoutConfig {
        &self.timeout_config
    }

    /// The HTTP client, when one is configured or built in.
    pub fn http_client(&self) -> Option<&Arc<dyn HttpClient>> {
        self.http_client.as_ref()
    }

    /// The idempotency token provider.
    pub fn idempotency_token_provider(&self) -> &IdempotencyTokenProvider {
        &self.idempotency_token_provider
    }

    /// Whether request compression is turned off.
    pub fn disable_request_compression(&self) -> bool {
        self.disable_request_compression
    }

    /// The smallest body compressed, in bytes (operations with `@requestCompression`).
    pub fn request_min_compression_size_bytes(&self) -> u32 {
        self.request_min_compression_size_bytes
    }

    /// The application name added to the `User-Agent` header.
    pub fn app_name(&self) -> Option<&AppName> {
        self.app_name.as_ref()
    }

    /// The most bytes of response body a call reads before failing (see
    /// [`Builder::max_response_body_size`]).
    pub fn max_response_body_size(&self) -> u64 {
        self.max_response_body_size
    }

    /// What waiters sleep with between polls (Tokio's timer unless set).
    pub fn sleep_impl(&self) -> SharedAsyncSleep {
        self.sleep_impl.clone().unwrap_or_else(|| SharedAsyncSleep::new(TokioSleep))
    }

    /// The clock waiters measure their maximum wait with (the system's unless set).
    pub fn time_source(&self) -> SharedTimeSource {
        self.time_source.clone().unwrap_or_else(|| SharedTimeSource::new(SystemTimeSource))
    }
}

/// Builds a [`Config`].
#[derive(Clone, Debug, Default)]
pub struct Builder {
    // Settings left unset stay `None`, so that a builder given to a single
    // call's `config_override` changes only what it sets.
    region: Option<Region>,
    credentials_provider: Option<Arc<dyn ProvideCredentials>>,
    endpoint_url: Option<String>,
    use_fips: Option<bool>,
    use_dual_stack: Option<bool>,
    account_id_endpoint_mode: Option<AccountIdEndpointMode>,
    retry_config: Option<RetryConfig>,
    timeout_config: Option<TimeoutConfig>,
    http_client: Option<Arc<dyn HttpClient>>,
    idempotency_token_provider: Option<IdempotencyTokenProvider>,
    disable_request_compression: Option<bool>,
    request_min_compression_size_bytes: Option<u32>,
    app_name: Option<AppName>,
    max_response_body_size: Option<u64>,
    sleep_impl: Option<SharedAsyncSleep>,
    time_source: Option<SharedTimeSource>,
}

impl Builder {
    /// Sets the region, e.g. `"us-east-1"`.
    pub fn region(mut self, region: impl Into<Region>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// Sets or clears the region.
    pub fn set_region(mut self, region: Option<Region>) -> Self {
        self.region = region;
        self
    }

    /// Sets where credentials come from: fixed [`Credentials`], a provider
    /// from this module, or your own [`ProvideCredentials`].
    pub fn credentials_provider(mut self, provider: impl ProvideCredentials) -> Self {
        self.credentials_provider = Some(Arc::new(provider));
        self
    }

    /// Sets or clears the credentials provider.
    pub fn set_credentials_provider(mut self, provider: Option<Arc<dyn ProvideCredentials>>) -> Self {
        self.credentials_provider = provider;
        self
    }

    /// Sends requests to this URL instead of the service's endpoint
    /// (e.g. `http://127.0.0.1:8080`, a proxy or a local emulator).
    pub fn endpoint_url(mut self, url: impl Into<String>) -> Self {
        self.endpoint_url = Some(url.into());
        self
    }

    /// Sets or clears the endpoint override.
    pub fn set_endpoint_url(mut self, url: Option<String>) -> Self {
        self.endpoint_url = url;
        self
    }

    /// Uses FIPS 140 endpoints.
    pub fn use_fips(mut self, use_fips: bool) -> Self {
        self.use_fips = Some(use_fips);
        self
    }

    /// Uses dual-stack (IPv4 and IPv6) endpoints where the service has them.
    pub fn use_dual_stack(mut self, use_dual_stack: bool) -> Self {
        self.use_dual_stack = Some(use_dual_stack);
        self
    }

    /// Whether endpoints take the credentials' account id, for services
    /// whose endpoint rules can (DynamoDB); [`AccountIdEndpointMode::Preferred`]
    /// by default.
    pub fn account_id_endpoint_mode(mut self, mode: AccountIdEndpointMode) -> Self {
        self.account_id_endpoint_mode = Some(mode);
        self
    }

    /// Sets or clears the account id endpoint mode.
    pub fn set_account_id_endpoint_mode(mut self, mode: Option<AccountIdEndpointMode>) -> Self {
        self.account_id_endpoint_mode = mode;
        self
    }

    /// Sets the retry behaviour (standard retries by default).
    pub fn retry_config(mut self, retry_config: RetryConfig) -> Self {
        self.retry_config = Some(retry_config);
        self
    }

    /// Sets the timeouts.
    pub fn timeout_config(mut self, timeout_config: TimeoutConfig) -> Self {
        self.timeout_config = Some(timeout_config);
        self
    }

    /// Sets the HTTP client (by default, the built-in HTTPS client when the
    /// `default-https-client` feature is on).
    pub fn http_client(mut self, http_client: impl HttpClient) -> Self {
        self.http_client = Some(Arc::new(http_client));
        self
    }

    /// Sets or clears the HTTP client.
    pub fn set_http_client(mut self, http_client: Option<Arc<dyn HttpClient>>) -> Self {
        self.http_client = http_client;
        self
    }

    /// Sets where idempotency tokens come from.
    pub fn idempotency_token_provider(mut self, provider: IdempotencyTokenProvider) -> Self {
        self.idempotency_token_provider = Some(provider);
        self
    }

    /// Turns off compression of request bodies (on by default for
    /// operations with `@requestCompression`).
    pub fn disable_request_compression(mut self, disable: bool) -> Self {
        self.disable_request_compression = Some(disable);
        self
    }

    /// Sets the smallest body compressed, in bytes (default 10240; at most 10485760).
    pub fn request_min_compression_size_bytes(mut self, bytes: u32) -> Self {
        self.request_min_compression_size_bytes = Some(bytes.min(10_485_760));
        self
    }

    /// Sets the application name added to the `User-Agent` header.
    pub fn app_name(mut self, app_name: AppName) -> Self {
        self.app_name = Some(app_name);
        self
    }

    /// Sets the most bytes of response body a call reads (default
    /// [`DEFAULT_MAX_RESPONSE_BODY_SIZE`](crate::http::DEFAULT_MAX_RESPONSE_BODY_SIZE),
    /// 64 MiB; `u64::MAX` for no limit). A response announcing a larger body
    /// is refused before its body is read, and one whose body grows past the
    /// limit is cut off; either way the call fails with
    /// `SdkError::ResponseError` and is not retried.
    pub fn max_response_body_size(mut self, bytes: u64) -> Self {
        self.max_response_body_size = Some(bytes);
        self
    }

    /// Sets or clears (back to the default) the response body limit.
    pub fn set_max_response_body_size(mut self, bytes: Option<u64>) -> Self {
        self.max_response_body_size = bytes;
        self
    }

    /// Sets what waiters sleep with between polls; tests replace it with
    /// `test_util::instant_time_and_sleep` to check delays without waiting.
    pub fn sleep_impl(mut self, sleep: impl AsyncSleep) -> Self {
        self.sleep_impl = Some(SharedAsyncSleep::new(sleep));
        self
    }

    /// Sets the clock waiters measure their maximum wait with.
    pub fn time_source(mut self, source: impl TimeSource) -> Self {
        self.time_source = Some(SharedTimeSource::new(source));
        self
    }

    /// Builds the configuration.
    pub fn build(self) -> Config {
        let timeout_config = self.timeout_config.unwrap_or_default();
        #[cfg(feature = "default-https-client")]
        let http_client = self.http_client.or_else(|| Some(default_http_client(&timeout_config)));
        #[cfg(not(feature = "default-https-client"))]
        let http_client = self.http_client;
        Config {
            region: self.region,
            credentials_provider: self.credentials_provider,
            endpoint_url: self.endpoint_url,
            use_fips: self.use_fips.unwrap_or_default(),
            use_dual_stack: self.use_dual_stack.unwrap_or_default(),
            account_id_endpoint_mode: self.account_id_endpoint_mode.unwrap_or_default(),
            retry_config: self.retry_config.unwrap_or_default(),
            timeout_config,
            http_client,
            idempotency_token_provider: self.idempotency_token_provider.unwrap_or_default(),
            disable_request_compression: self.disable_request_compression.unwrap_or_default(),
            request_min_compression_size_bytes: self
                .request_min_compression_size_bytes
                .unwrap_or(DEFAULT_MIN_COMPRESSION_SIZE),
            app_name: self.app_name,
            max_response_body_size: self.max_response_body_size.unwrap_or(crate::http::DEFAULT_MAX_RESPONSE_BODY_SIZE),
            sleep_impl: self.sleep_impl,
            time_source: self.time_source,
        }
    }
}

/// The built-in HTTPS client with these timeouts.
#[cfg(feature = "default-https-client")]
fn default_http_client(timeouts: &TimeoutConfig) -> Arc<dyn HttpClient> {
    // `Duration::MAX` is the client's "no limit", as `TimeoutConfig::disabled` means.
    let connect_timeout = timeouts.connect_timeout().unwrap_or(std::time::Duration::MAX);
    Arc::new(crate::http::DefaultHttpClient::builder().connect_timeout(connect_timeout).build())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn to_builder_keeps_every_setting() {
        let config = Config::builder()
            .region("us-west-2")
            .endpoint_url("http://localhost:1")
            .use_dual_stack(true)
            .retry_config(RetryConfig::disabled())
            .idempotency_token_provider(IdempotencyTokenProvider::fixed("t"))
            .build();
        let again = config.to_builder().build();
        assert_eq!(again.region(), config.region());
        assert_eq!(again.endpoint_url(), config.endpoint_url());
        assert!(again.use_dual_stack());
        assert_eq!(again.retry_config().max_attempts(), 1);
        assert_eq!(again.idempotency_token_provider().make_token().unwrap(), "t");
    }

    #[test]
    fn an_override_changes_only_what_it_sets() {
        let base = Config::builder()
            .region("us-west-2")
            .endpoint_url("http://localhost:1")
            .use_dual_stack(true)
            .idempotency_token_provider(IdempotencyTokenProvider::fixed("t"))
            .build();
        let overridden = base.with_override(
            Config::builder()
                .retry_config(RetryConfig::disabled())
                .timeout_config(TimeoutConfig::disabled())
                .endpoint_url("http://localhost:2"),
        );
        assert_eq!(overridden.retry_config().max_attempts(), 1);
        assert_eq!(overridden.timeout_config().operation_attempt_timeout(), None);
        assert_eq!(overridden.endpoint_url(), Some("http://localhost:2"));
        assert_eq!(overridden.region(), base.region());
        assert!(overridden.use_dual_stack());
        assert_eq!(overridden.idempotency_token_provider().make_token().unwrap(), "t");
        // The base keeps its own settings.
        assert_eq!(base.retry_config().max_attempts(), 3);
        assert_eq!(base.endpoint_url(), Some("http://localhost:1"));
        // An empty override changes nothing.
        let same = base.with_override(Builder::default());
        assert_eq!(same.retry_config(), base.retry_config());
        assert_eq!(same.endpoint_url(), base.endpoint_url());
    }

    #[test]
    fn retries_and_timeouts_are_on_by_default() {
        let config = Config::builder().build();
        assert_eq!(config.retry_config().max_attempts(), 3);
        assert!(config.timeout_config().connect_timeout().is_some());
        assert!(config.timeout_config().operation_attempt_timeout().is_some());
        assert_eq!(config.timeout_config().operation_timeout(), None);
    }

    #[cfg(feature = "default-https-client")]
    #[test]
    fn disabled_timeouts_leave_the_default_client_without_a_connect_timeout() {
        let connect_timeout_of = |timeouts: TimeoutConfig| {
            let config = Config::builder().timeout_config(timeouts).build();
            format!("{:?}", config.http_client().expect("built in"))
        };
        let unlimited = format!("connect_timeout: {:?}", std::time::Duration::MAX);
        assert!(connect_timeout_of(TimeoutConfig::disabled()).contains(&unlimited));
        assert!(!connect_timeout_of(TimeoutConfig::default()).contains(&unlimited));
    }
}
