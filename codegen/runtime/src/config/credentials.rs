//! AWS credentials: the keys that sign every request, and the providers that
//! find them.
//!
//! [`Credentials`] can be given to the config directly. Otherwise a provider
//! is asked for them when they are needed: [`DefaultCredentialsChain`] tries
//! the sources the official SDKs try, in their order (environment variables,
//! the shared files' profile with its role chains, single sign-on and
//! `credential_process`, a web identity token, the container endpoint, the
//! instance metadata service), behind a cache that refreshes them before
//! they expire; anything else (a vault, a broker) plugs in through
//! [`ProvideCredentials`].

mod cache;
mod chain;
mod container;
mod context;
mod imds;
mod process;
pub mod profile_chain;
mod profile_provider;
mod sso;
mod sts;

pub use self::cache::CredentialsCache;
pub(crate) use self::cache::DEFAULT_REFRESH_BUFFER;
pub use self::chain::DefaultCredentialsChain;
pub use self::container::ContainerCredentialsProvider;
pub(crate) use self::context::ProviderConfig;
pub use self::imds::ImdsCredentialsProvider;
pub use self::process::CredentialProcessProvider;
pub use self::profile_provider::ProfileFileCredentialsProvider;
pub use self::sso::{SsoTokenProvider, Token};
pub use self::sts::{AssumeRoleProvider, WebIdentityTokenCredentialsProvider};

use std::error::Error as StdError;
use std::fmt;
use std::time::SystemTime;

use zeroize::Zeroize;

use crate::rt::profile::Env;

pub(crate) const ACCESS_KEY_ID_VAR: &str = "AWS_ACCESS_KEY_ID";
pub(crate) const SECRET_ACCESS_KEY_VAR: &str = "AWS_SECRET_ACCESS_KEY";
const SESSION_TOKEN_VAR: &str = "AWS_SESSION_TOKEN";
const ACCOUNT_ID_VAR: &str = "AWS_ACCOUNT_ID";
const REDACTED: &str = "*** Sensitive Data Redacted ***";
pub(crate) const PLUG_IN_HINT: &str = "or give the config your own `ProvideCredentials` implementation";

/// An AWS access key pair, with the session token and expiry of temporary
/// credentials and, where the source says, the account they belong to.
///
/// `Debug` shows the access key id but never the secret key or the token, and
/// both are overwritten with zeros when the value is dropped.
///
/// ```text
/// let credentials = Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG", None);
/// let config = Config::builder().credentials_provider(credentials) /* ... */;
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    access_key_id: String,
    secret_access_key: String,
    session_token: Option<String>,
    expiry: Option<SystemTime>,
    account_id: Option<String>,
}

impl Credentials {
    /// Credentials from an access key id, its secret key and, for temporary
    /// credentials, a session token.
    pub fn new(
        access_key_id: impl Into<String>,
        secret_access_key: impl Into<String>,
        session_token: Option<String>,
    ) -> Self {
        Credentials {
            access_key_id: access_key_id.into(),
            secret_access_key: secret_access_key.into(),
            session_token,
            expiry: None,
            account_id: None,
        }
    }

    /// The same credentials, marked as no longer valid from `expiry` on, so
    /// that whoever caches them knows when to ask again.
    #[must_use]
    pub fn with_expiry(mut self, expiry: SystemTime) -> Self {
        self.expiry = Some(expiry);
        self
    }

    /// The same credentials, noting the AWS account they belong to (used by
    /// services with account-based endpoints).
    #[must_use]
    pub fn with_account_id(mut self, account_id: impl Into<String>) -> Self {
        self.account_id = Some(account_id.into());
        self
    }

    /// The access key id, e.g. `AKIDEXAMPLE`.
    pub fn access_key_id(&self) -> &str {
        &self.access_key_id
    }

    /// The secret access key.
    pub fn secret_access_key(&self) -> &str {
        &self.secret_access_key
    }

    /// The session token of temporary credentials.
    pub fn session_token(&self) -> Option<&str> {
        self.session_token.as_deref()
    }

    /// When the credentials stop being valid, if they ever do.
    pub fn expiry(&self) -> Option<SystemTime> {
        self.expiry
    }

    /// The AWS account the credentials belong to, when their source said.
    pub fn account_id(&self) -> Option<&str> {
        self.account_id.as_deref()
    }
}

impl Drop for Credentials {
    fn drop(&mut self) {
        // Freed memory is reused by anything else the process allocates, and
        // shows up whole in core dumps and swap.
        self.secret_access_key.zeroize();
        self.session_token.zeroize();
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Debug output ends up in logs and panic messages: never the secrets.
        f.debug_struct("Credentials")
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &REDACTED)
            .field("session_token", &self.session_token.as_ref().map(|_| REDACTED))
            .field("expiry", &self.expiry)
            .field("account_id", &self.account_id)
            .finish()
    }
}

/// What kind of failure a [`CredentialsError`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum CredentialsErrorKind {
    /// The source has nothing configured (no variables, no profile, no
    /// role on the instance): a chain goes on to its next source.
    NotLoaded,
    /// The source is configured, but wrongly (a role without a source
    /// profile, half a key pair): a chain stops, rather than quietly acting
    /// as whoever the next source names.
    InvalidConfiguration,
    /// The source is configured but could not deliver: a service error, an
    /// unreadable file, a failing command.
    ProviderError,
    /// The source did not answer in time.
    TimedOut,
}

/// Credentials could not be provided.
///
/// The message says what is missing or wrong and where it was looked for; it
/// never contains a secret.
#[derive(Debug)]
pub struct CredentialsError {
    kind: CredentialsErrorKind,
    message: String,
    source: Option<Box<dyn StdError + Send + Sync + 'static>>,
}

impl CredentialsError {
    /// A [`ProviderError`](CredentialsErrorKind::ProviderError) with this
    /// message, for providers of your own: say what failed and where, but
    /// never include a secret.
    pub fn new(message: impl Into<String>) -> Self {
        CredentialsError::of_kind(CredentialsErrorKind::ProviderError, message)
    }

    /// An error of this kind; use [`CredentialsErrorKind::NotLoaded`] when
    /// your provider has nothing configured, so that a chain moves on.
    pub fn of_kind(kind: CredentialsErrorKind, message: impl Into<String>) -> Self {
        CredentialsError { kind, message: message.into(), source: None }
    }

    /// The same error, caused by `source`.
    #[must_use]
    pub fn with_source(mut self, source: impl Into<Box<dyn StdError + Send + Sync + 'static>>) -> Self {
        self.source = Some(source.into());
        self
    }

    /// What kind of failure this is.
    pub fn kind(&self) -> CredentialsErrorKind {
        self.kind
    }

    /// The message without the kind's preamble.
    pub fn message(&self) -> &str {
        &self.message
    }

    pub(crate) fn not_loaded(message: impl Into<String>) -> Self {
        CredentialsError::of_kind(CredentialsErrorKind::NotLoaded, message)
    }

    pub(crate) fn invalid_configuration(message: impl Into<String>) -> Self {
        CredentialsError::of_kind(CredentialsErrorKind::InvalidConfiguration, message)
    }

    pub(crate) fn is_not_loaded(&self) -> bool {
        self.kind == CredentialsErrorKind::NotLoaded
    }
}

impl fmt::Display for CredentialsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let preamble = match self.kind {
            CredentialsErrorKind::NotLoaded => "the credential provider was not enabled",
            CredentialsErrorKind::InvalidConfiguration => "the credentials provider was not properly configured",
            CredentialsErrorKind::ProviderError => "an error occurred while loading credentials",
            CredentialsErrorKind::TimedOut => "the credentials provider timed out",
        };
        write!(f, "{preamble}: {}", self.message)
    }
}

impl StdError for CredentialsError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.source.as_ref().map(|source| source.as_ref() as &(dyn StdError + 'static))
    }
}

/// What [`ProvideCredentials::provide_credentials`] returns.
pub type ProvideCredentialsFuture<'a> =
    std::pin::Pin<Box<dyn std::future::Future<Output = Result<Credentials, CredentialsError>> + Send + 'a>>;

/// A source of credentials, asked whenever the client needs them.
///
/// The providers in this module cover the official SDKs' sources. Anything
/// else plugs in by implementing this trait and giving the value to the
/// config's `credentials_provider`: a secrets vault, a broker, a wrapper
/// that logs.
///
/// The client may ask again for every request it signs, so a provider that
/// does real work (a network call, a child process) should be wrapped in a
/// [`CredentialsCache`], which asks it again only shortly before
/// [`Credentials::expiry`]. Errors should say what failed and where, and
/// never include a secret.
///
/// ```text
/// #[derive(Debug)]
/// struct FromVault { client: VaultClient }
///
/// impl ProvideCredentials for FromVault {
///     fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
///         Box::pin(async move {
///             let lease = self.client.aws_lease("deploy").await
///                 .map_err(|e| CredentialsError::new("vault lease `deploy` failed").with_source(e))?;
///             Ok(Credentials::new(lease.key_id, lease.secret, Some(lease.token)).with_expiry(lease.expires))
///         })
///     }
/// }
/// ```
pub trait ProvideCredentials: Send + Sync + fmt::Debug + 'static {
    /// Finds (or refreshes) the credentials.
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_>;

    /// What kind of provider this is, e.g. `environment`, for diagnostics
    /// (the `tracing` feature's events). Never a credential.
    fn provider_name(&self) -> &'static str {
        "custom"
    }
}

/// Fixed credentials provide themselves.
impl ProvideCredentials for Credentials {
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
        ready(Ok(self.clone()))
    }

    fn provider_name(&self) -> &'static str {
        "static"
    }
}

impl<P: ProvideCredentials + ?Sized> ProvideCredentials for std::sync::Arc<P> {
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
        (**self).provide_credentials()
    }

    fn provider_name(&self) -> &'static str {
        (**self).provider_name()
    }
}

pub(crate) fn ready<'a>(result: Result<Credentials, CredentialsError>) -> ProvideCredentialsFuture<'a> {
    Box::pin(std::future::ready(result))
}

/// Credentials from the `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and
/// (optional) `AWS_SESSION_TOKEN` environment variables, with the account
/// from `AWS_ACCOUNT_ID`.
///
/// The variables are read each time credentials are asked for, so changes
/// are seen. An empty or blank variable counts as unset.
#[derive(Debug, Clone)]
pub struct EnvironmentVariableCredentialsProvider {
    env: Env,
}

impl EnvironmentVariableCredentialsProvider {
    /// A provider reading the process environment.
    pub fn new() -> Self {
        Self::with_env(Env::real())
    }

    /// A provider reading `env`.
    pub(crate) fn with_env(env: Env) -> Self {
        EnvironmentVariableCredentialsProvider { env }
    }

    pub(crate) fn credentials(&self) -> Result<Credentials, CredentialsError> {
        let get = |name: &str| self.env.get(name).filter(|value| !value.trim().is_empty());
        let (id_var, secret_var) = (ACCESS_KEY_ID_VAR, SECRET_ACCESS_KEY_VAR);
        let credentials = match (get(id_var), get(secret_var)) {
            (Some(id), Some(secret)) => Credentials::new(id, secret, get(SESSION_TOKEN_VAR)),
            (None, None) => {
                return Err(CredentialsError::not_loaded(format!("neither {id_var} nor {secret_var} is set")));
            }
            (Some(_), None) => {
                return Err(CredentialsError::invalid_configuration(format!(
                    "{id_var} is set but {secret_var} is not (an empty value counts as unset)"
                )));
            }
            (None, Some(_)) => {
                return Err(CredentialsError::invalid_configuration(format!(
                    "{secret_var} is set but {id_var} is not (an empty value counts as unset)"
                )));
            }
        };
        Ok(match get(ACCOUNT_ID_VAR) {
            Some(account) => credentials.with_account_id(account),
            None => credentials,
        })
    }
}

impl Default for EnvironmentVariableCredentialsProvider {
    fn default() -> Self {
        Self::new()
    }
}

impl ProvideCredentials for EnvironmentVariableCredentialsProvider {
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
        ready(self.credentials())
    }

    fn provider_name(&self) -> &'static str {
        "environment"
    }
}

/// What a failed STS, SSO or SSO OIDC call says, for the credentials error
/// that reports it: a modelled error as its shape and message
/// (`InvalidIdentityTokenException: …`), as the official SDKs print it, an
/// unhandled one with its code, anything else (timeout, connection) as the
/// call's error. The error types escape what the service sent.
#[cfg(any(feature = "sts", feature = "sso"))]
fn call_failure<E: std::error::Error>(error: &crate::error::SdkError<E>) -> String {
    match error.as_service_error() {
        Some(service) => service.to_string(),
        None => error.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::task::{Context, Poll, Wake, Waker};
    use std::time::Duration;

    const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    const TOKEN: &str = "IQoJb3JpZ2luX2VjEXAMPLETOKEN";

    struct NoWake;

    impl Wake for NoWake {
        fn wake(self: Arc<Self>) {}
    }

    /// The providers here finish on their first poll.
    fn resolve(provider: &dyn ProvideCredentials) -> Result<Credentials, CredentialsError> {
        let waker = Waker::from(Arc::new(NoWake));
        match provider.provide_credentials().as_mut().poll(&mut Context::from_waker(&waker)) {
            Poll::Ready(result) => result,
            Poll::Pending => panic!("the provider did not finish at once"),
        }
    }

    fn keys(credentials: &Credentials) -> (&str, &str, Option<&str>) {
        (credentials.access_key_id(), credentials.secret_access_key(), credentials.session_token())
    }

    #[test]
    fn credentials_keep_what_they_were_given() {
        let expiry = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let credentials =
            Credentials::new("AKID", SECRET, Some(TOKEN.to_owned())).with_expiry(expiry).with_account_id("123");
        assert_eq!(keys(&credentials), ("AKID", SECRET, Some(TOKEN)));
        assert_eq!((credentials.expiry(), credentials.account_id()), (Some(expiry), Some("123")));
        assert_eq!(Credentials::new(String::from("AKID"), SECRET, None).expiry(), None);
        assert_eq!(resolve(&credentials).unwrap(), credentials);
    }

    #[test]
    fn debug_never_shows_the_secret_or_the_token() {
        let credentials = Credentials::new("AKIDEXAMPLE", SECRET, Some(TOKEN.to_owned()));
        for shown in [format!("{credentials:?}"), format!("{credentials:#?}")] {
            assert!(shown.contains("AKIDEXAMPLE") && shown.contains("*** Sensitive Data Redacted ***"), "{shown}");
            assert!(!shown.contains(SECRET) && !shown.contains(TOKEN), "{shown}");
        }
        let env = Env::from_vars(&[(ACCESS_KEY_ID_VAR, "AKID"), (SECRET_ACCESS_KEY_VAR, SECRET)]);
        let shown = format!("{:?}", DefaultCredentialsChain::with_config(ProviderConfig::for_env(env)));
        assert!(!shown.contains(SECRET), "{shown}");
    }

    #[test]
    fn environment_variables_give_keys_session_token_and_account() {
        let env = Env::from_vars(&[
            (ACCESS_KEY_ID_VAR, "AKID"),
            (SECRET_ACCESS_KEY_VAR, SECRET),
            (SESSION_TOKEN_VAR, TOKEN),
            (ACCOUNT_ID_VAR, "123456789012"),
        ]);
        let credentials = resolve(&EnvironmentVariableCredentialsProvider::with_env(env)).unwrap();
        assert_eq!(keys(&credentials), ("AKID", SECRET, Some(TOKEN)));
        assert_eq!(credentials.account_id(), Some("123456789012"));
        let env =
            Env::from_vars(&[(ACCESS_KEY_ID_VAR, "AKID"), (SECRET_ACCESS_KEY_VAR, SECRET), (SESSION_TOKEN_VAR, " ")]);
        let credentials = resolve(&EnvironmentVariableCredentialsProvider::with_env(env)).unwrap();
        assert_eq!(credentials.session_token(), None);
    }

    #[test]
    fn empty_or_partial_environment_variables_are_reported_without_secrets() {
        type Case<'a> = (&'a [(&'a str, &'a str)], &'a str, CredentialsErrorKind);
        let cases: [Case; 4] = [
            (&[], "neither AWS_ACCESS_KEY_ID nor AWS_SECRET_ACCESS_KEY is set", CredentialsErrorKind::NotLoaded),
            (&[(ACCESS_KEY_ID_VAR, " "), (SECRET_ACCESS_KEY_VAR, "")], "neither", CredentialsErrorKind::NotLoaded),
            (
                &[(ACCESS_KEY_ID_VAR, "AKID")],
                "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not",
                CredentialsErrorKind::InvalidConfiguration,
            ),
            (
                &[(SECRET_ACCESS_KEY_VAR, SECRET), (SESSION_TOKEN_VAR, TOKEN)],
                "AWS_SECRET_ACCESS_KEY is set but",
                CredentialsErrorKind::InvalidConfiguration,
            ),
        ];
        for (vars, expected, kind) in cases {
            let error = resolve(&EnvironmentVariableCredentialsProvider::with_env(Env::from_vars(vars))).unwrap_err();
            let message = error.to_string();
            assert!(message.contains(expected), "{message}");
            assert_eq!(error.kind(), kind, "{message}");
            assert!(!message.contains(SECRET) && !message.contains(TOKEN), "{message}");
        }
    }

    #[test]
    fn errors_carry_their_kind_and_source() {
        let io = std::io::Error::other("vault sealed");
        let error = CredentialsError::new("vault lease `deploy` failed").with_source(io);
        assert_eq!(error.to_string(), "an error occurred while loading credentials: vault lease `deploy` failed");
        assert_eq!(error.message(), "vault lease `deploy` failed");
        assert_eq!(error.source().map(ToString::to_string).as_deref(), Some("vault sealed"));
        assert!(CredentialsError::new("x").source().is_none());
        let error = CredentialsError::of_kind(CredentialsErrorKind::NotLoaded, "nothing here");
        assert_eq!(error.to_string(), "the credential provider was not enabled: nothing here");
    }
}
