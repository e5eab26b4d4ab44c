//! AWS credentials: the keys that sign every request, and the providers that
//! find them.
//!
//! [`Credentials`] can be given to the config directly. Otherwise a provider
//! is asked for them when they are needed: [`DefaultCredentialsChain`] tries
//! the environment variables, then the shared config and credentials files;
//! anything else (single sign-on, instance metadata, assumed roles, a vault)
//! plugs in through [`ProvideCredentials`].

use std::error::Error as StdError;
use std::fmt;
use std::sync::{Arc, OnceLock};
use std::time::SystemTime;

use zeroize::Zeroize;

use crate::rt::profile::{self, Env, Profile};

const ACCESS_KEY_ID_VAR: &str = "AWS_ACCESS_KEY_ID";
const SECRET_ACCESS_KEY_VAR: &str = "AWS_SECRET_ACCESS_KEY";
const SESSION_TOKEN_VAR: &str = "AWS_SESSION_TOKEN";
const ACCESS_KEY_ID_KEY: &str = "aws_access_key_id";
const SECRET_ACCESS_KEY_KEY: &str = "aws_secret_access_key";
const SESSION_TOKEN_KEY: &str = "aws_session_token";
const REDACTED: &str = "*** Sensitive Data Redacted ***";
const PLUG_IN_HINT: &str = "or give the config your own `ProvideCredentials` implementation";

/// An AWS access key pair, with the session token and expiry of temporary
/// credentials.
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
        }
    }

    /// The same credentials, marked as no longer valid from `expiry` on, so
    /// that whoever caches them knows when to ask again.
    #[must_use]
    pub fn with_expiry(mut self, expiry: SystemTime) -> Self {
        self.expiry = Some(expiry);
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
            .finish()
    }
}

/// Credentials could not be provided.
///
/// The message says what is missing or wrong and where it was looked for; it
/// never contains a secret.
#[derive(Debug)]
pub struct CredentialsError {
    message: String,
    /// Whether the source simply has no credentials, so that a chain may try
    /// the next one; a source that is configured but wrong stops the chain,
    /// since falling through would quietly use another identity.
    not_configured: bool,
    source: Option<Box<dyn StdError + Send + Sync + 'static>>,
}

impl CredentialsError {
    /// An error with this message, for providers of your own: say what failed
    /// and where, but never include a secret.
    pub fn new(message: impl Into<String>) -> Self {
        CredentialsError { message: message.into(), not_configured: false, source: None }
    }

    /// The same error, caused by `source`.
    #[must_use]
    pub fn with_source(mut self, source: impl Into<Box<dyn StdError + Send + Sync + 'static>>) -> Self {
        self.source = Some(source.into());
        self
    }

    fn not_configured(message: impl Into<String>) -> Self {
        CredentialsError { not_configured: true, ..CredentialsError::new(message) }
    }
}

impl fmt::Display for CredentialsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
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
/// The providers in this module cover static keys, the environment and the
/// shared files. Anything else plugs in by implementing this trait and giving
/// the value to the config's `credentials_provider`: single sign-on (IAM
/// Identity Center), instance or container metadata, assuming a role, a
/// `credential_process` command, a secrets vault, or a wrapper that caches
/// another provider.
///
/// The client may ask again for every request it signs, so a provider that
/// does real work (a network call, a child process) should cache what it got
/// until shortly before [`Credentials::expiry`]. Errors should say what
/// failed and where, and never include a secret.
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

fn ready<'a>(result: Result<Credentials, CredentialsError>) -> ProvideCredentialsFuture<'a> {
    Box::pin(std::future::ready(result))
}

/// Credentials from the `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and
/// (optional) `AWS_SESSION_TOKEN` environment variables.
///
/// The variables are read each time credentials are asked for, so changes
/// are seen. An empty variable counts as unset.
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

    fn credentials(&self) -> Result<Credentials, CredentialsError> {
        let (id_var, secret_var) = (ACCESS_KEY_ID_VAR, SECRET_ACCESS_KEY_VAR);
        match (self.env.get(id_var), self.env.get(secret_var)) {
            (Some(id), Some(secret)) => Ok(Credentials::new(id, secret, self.env.get(SESSION_TOKEN_VAR))),
            (None, None) => Err(CredentialsError::not_configured(format!("neither {id_var} nor {secret_var} is set"))),
            (Some(_), None) => Err(CredentialsError::new(format!(
                "{id_var} is set but {secret_var} is not (an empty value counts as unset)"
            ))),
            (None, Some(_)) => Err(CredentialsError::new(format!(
                "{secret_var} is set but {id_var} is not (an empty value counts as unset)"
            ))),
        }
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

/// Credentials from the static keys (`aws_access_key_id`,
/// `aws_secret_access_key`, optional `aws_session_token`) of the selected
/// profile in the shared config and credentials files.
///
/// The profile is `AWS_PROFILE`, else `default`; the files are
/// `AWS_CONFIG_FILE` and `AWS_SHARED_CREDENTIALS_FILE`, else `~/.aws/config`
/// and `~/.aws/credentials`. Profiles that get credentials some other way
/// (`role_arn`, `sso_*`, `credential_process`, ...) are reported as
/// unsupported: plug in a [`ProvideCredentials`] that handles them.
///
/// The files are read once, the first time credentials are asked for, and
/// what they gave (the keys, or the error) is the answer from then on, for
/// this provider and its clones: static keys never expire, and reading files
/// for every request would cost each call a few system calls. A new provider
/// (and so a new client configuration) sees later edits. Only regular files
/// of at most 1 MiB are read; anything else is an error naming the file.
/// With the `default-https-client` feature and inside a Tokio runtime, that
/// first read runs on Tokio's blocking-task pool, not on the caller's task.
#[derive(Debug, Clone)]
pub struct ProfileFileCredentialsProvider {
    env: Env,
    /// The outcome of the one read of the files, shared by clones.
    loaded: Arc<OnceLock<Result<Credentials, LoadFailure>>>,
}

/// A failed profile lookup, kept to be reported again.
#[derive(Debug, Clone)]
struct LoadFailure {
    message: String,
    not_configured: bool,
}

impl LoadFailure {
    fn to_error(&self) -> CredentialsError {
        CredentialsError { not_configured: self.not_configured, ..CredentialsError::new(self.message.clone()) }
    }
}

/// Profile keys that mean "credentials come from elsewhere", with what that
/// is. They are checked before the static keys: such a key says which
/// identity the user means, and any static keys beside it may belong to
/// someone else.
const INDIRECT_CREDENTIAL_KEYS: &[(&str, &str)] = &[
    ("role_arn", "assuming a role"),
    ("web_identity_token_file", "a web identity token"),
    ("sso_session", "IAM Identity Center (SSO)"),
    ("sso_start_url", "IAM Identity Center (SSO)"),
    ("sso_account_id", "IAM Identity Center (SSO)"),
    ("sso_role_name", "IAM Identity Center (SSO)"),
    ("credential_process", "an external credential process"),
];

impl ProfileFileCredentialsProvider {
    /// A provider reading the files named by the process environment.
    pub fn new() -> Self {
        Self::with_env(Env::real())
    }

    /// A provider locating the files and the profile through `env`.
    pub(crate) fn with_env(env: Env) -> Self {
        ProfileFileCredentialsProvider { env, loaded: Arc::default() }
    }

    /// Whether the files have been read already, so that asking again
    /// does no I/O.
    fn is_loaded(&self) -> bool {
        self.loaded.get().is_some()
    }

    /// What the files held when first asked; they are read only then.
    fn credentials(&self) -> Result<Credentials, CredentialsError> {
        let loaded = self.loaded.get_or_init(|| {
            load_profile_credentials(&self.env)
                .map_err(|error| LoadFailure { message: error.message.clone(), not_configured: error.not_configured })
        });
        match loaded {
            Ok(credentials) => Ok(credentials.clone()),
            Err(failure) => Err(failure.to_error()),
        }
    }
}

fn load_profile_credentials(env: &Env) -> Result<Credentials, CredentialsError> {
    match profile::load_profile(env) {
        Ok(Some(profile)) => credentials_from_profile(&profile, env),
        Ok(None) => Err(CredentialsError::not_configured(format!(
            "no profile `{}` in {}",
            profile::selected_profile_name(env),
            profile::describe_sources(env)
        ))),
        Err(error) => Err(CredentialsError::new(error.to_string())),
    }
}

fn credentials_from_profile(profile: &Profile, env: &Env) -> Result<Credentials, CredentialsError> {
    let name = profile.name();
    if let Some((key, what)) = INDIRECT_CREDENTIAL_KEYS.iter().find(|(key, _)| profile.get(key).is_some()) {
        return Err(CredentialsError::new(format!(
            "profile `{name}` gets its credentials through {what} (`{key}`), which this client does not support; \
             use a profile with `{ACCESS_KEY_ID_KEY}` and `{SECRET_ACCESS_KEY_KEY}`, set {ACCESS_KEY_ID_VAR} and \
             {SECRET_ACCESS_KEY_VAR}, {PLUG_IN_HINT}"
        )));
    }
    let value = |key: &str| profile.get(key).filter(|value| !value.is_empty());
    let (id_key, secret_key) = (ACCESS_KEY_ID_KEY, SECRET_ACCESS_KEY_KEY);
    match (value(id_key), value(secret_key)) {
        (Some(id), Some(secret)) => Ok(Credentials::new(id, secret, value(SESSION_TOKEN_KEY).map(str::to_owned))),
        (None, None) => Err(CredentialsError::not_configured(format!(
            "profile `{name}` has neither `{id_key}` nor `{secret_key}` (looked in {})",
            profile::describe_sources(env)
        ))),
        (Some(_), None) => Err(CredentialsError::new(format!(
            "profile `{name}` has `{id_key}` but no `{secret_key}` (looked in {})",
            profile::describe_sources(env)
        ))),
        (None, Some(_)) => Err(CredentialsError::new(format!(
            "profile `{name}` has `{secret_key}` but no `{id_key}` (looked in {})",
            profile::describe_sources(env)
        ))),
    }
}

impl Default for ProfileFileCredentialsProvider {
    fn default() -> Self {
        Self::new()
    }
}

impl ProvideCredentials for ProfileFileCredentialsProvider {
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
        provide_reading_files(self, !self.is_loaded(), Self::credentials)
    }

    fn provider_name(&self) -> &'static str {
        "profile"
    }
}

/// Answers with `load(provider)`. When that has files to read (`reads_files`)
/// and a Tokio runtime with a blocking pool is at hand, the reading happens
/// there, so that a slow disk or network home folder stalls no other task;
/// otherwise it happens here, once per provider.
fn provide_reading_files<P: Clone + Send + 'static>(
    provider: &P,
    reads_files: bool,
    load: fn(&P) -> Result<Credentials, CredentialsError>,
) -> ProvideCredentialsFuture<'static> {
    #[cfg(feature = "default-https-client")]
    if reads_files && tokio::runtime::Handle::try_current().is_ok() {
        let provider = provider.clone();
        return Box::pin(async move {
            tokio::task::spawn_blocking(move || load(&provider)).await.unwrap_or_else(|e| {
                Err(CredentialsError::new("reading the shared config and credentials files did not finish")
                    .with_source(e))
            })
        });
    }
    let _ = reads_files;
    ready(load(provider))
}

/// One source of a chain, loading synchronously.
type LoadNow<'a> = dyn Fn() -> Result<Credentials, CredentialsError> + 'a;

/// The environment variables, then the selected profile of the shared files
/// (see [`EnvironmentVariableCredentialsProvider`] and
/// [`ProfileFileCredentialsProvider`]).
///
/// A source with nothing configured passes to the next; one that is
/// configured but broken (say, `AWS_ACCESS_KEY_ID` without
/// `AWS_SECRET_ACCESS_KEY`) stops the chain, rather than quietly acting as
/// whoever the next source names. The error lists what each source said.
#[derive(Debug, Clone)]
pub struct DefaultCredentialsChain {
    environment: EnvironmentVariableCredentialsProvider,
    profile: ProfileFileCredentialsProvider,
}

impl DefaultCredentialsChain {
    /// The chain over the process environment and the user's files.
    pub fn new() -> Self {
        Self::with_env(Env::real())
    }

    /// The chain with both sources reading `env`.
    pub(crate) fn with_env(env: Env) -> Self {
        DefaultCredentialsChain {
            environment: EnvironmentVariableCredentialsProvider::with_env(env.clone()),
            profile: ProfileFileCredentialsProvider::with_env(env),
        }
    }

    fn credentials(&self) -> Result<Credentials, CredentialsError> {
        // Each source is only consulted when those before it have nothing.
        let sources: [(&str, &LoadNow<'_>); 2] = [
            ("environment variables", &|| self.environment.credentials()),
            ("shared config and credentials files", &|| self.profile.credentials()),
        ];
        let mut reports = Vec::new();
        for (label, source) in sources {
            match source() {
                Ok(credentials) => {
                    crate::rt::trace::credentials_resolved(label);
                    return Ok(credentials);
                }
                Err(error) => {
                    reports.push(format!("{label}: {error}"));
                    if !error.not_configured {
                        return Err(CredentialsError::new(format!(
                            "no usable AWS credentials ({})",
                            reports.join("; ")
                        )));
                    }
                }
            }
        }
        Err(CredentialsError::not_configured(format!(
            "no AWS credentials found ({}); set them in one of these places, {PLUG_IN_HINT}",
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
        // The files are only read when the environment has nothing.
        let reads_files =
            !self.profile.is_loaded() && self.environment.credentials().is_err_and(|error| error.not_configured);
        provide_reading_files(self, reads_files, Self::credentials)
    }

    fn provider_name(&self) -> &'static str {
        "default chain"
    }
}

/// The region from `AWS_REGION`, else `AWS_DEFAULT_REGION`, else the `region`
/// of the selected profile; empty values count as unset.
///
/// Unreadable files or a missing named profile just mean no region from the
/// files: the caller reports the missing region, and the credentials lookup
/// reports the file problem in full.
pub(crate) fn region_from_env(env: &Env) -> Option<String> {
    env.get("AWS_REGION").or_else(|| env.get("AWS_DEFAULT_REGION")).or_else(|| {
        let profile = profile::load_profile(env).ok()??;
        profile.get("region").filter(|region| !region.is_empty()).map(str::to_owned)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rt::profile::TempDir;
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

    /// A temporary folder with the two files, and the variables pointing at them.
    struct Files {
        dir: TempDir,
    }

    impl Files {
        fn new(label: &str, config: &str, credentials: &str) -> Files {
            let dir = TempDir::new(label);
            dir.write("config", config);
            dir.write("credentials", credentials);
            Files { dir }
        }

        fn env(&self, extra: &[(&str, &str)]) -> Env {
            let (config, credentials) = (self.dir.var("config"), self.dir.var("credentials"));
            let mut vars =
                vec![("AWS_CONFIG_FILE", config.as_str()), ("AWS_SHARED_CREDENTIALS_FILE", credentials.as_str())];
            vars.extend_from_slice(extra);
            Env::from_vars(&vars)
        }
    }

    fn keys(credentials: &Credentials) -> (&str, &str, Option<&str>) {
        (credentials.access_key_id(), credentials.secret_access_key(), credentials.session_token())
    }

    #[test]
    fn credentials_keep_what_they_were_given() {
        let expiry = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let credentials = Credentials::new("AKID", SECRET, Some(TOKEN.to_owned())).with_expiry(expiry);
        assert_eq!(keys(&credentials), ("AKID", SECRET, Some(TOKEN)));
        assert_eq!(credentials.expiry(), Some(expiry));
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
        let shown = format!("{:?}", DefaultCredentialsChain::with_env(env));
        assert!(!shown.contains(SECRET), "{shown}");
    }

    #[test]
    fn environment_variables_give_keys_and_session_token() {
        let env =
            Env::from_vars(&[(ACCESS_KEY_ID_VAR, "AKID"), (SECRET_ACCESS_KEY_VAR, SECRET), (SESSION_TOKEN_VAR, TOKEN)]);
        let credentials = resolve(&EnvironmentVariableCredentialsProvider::with_env(env)).unwrap();
        assert_eq!(keys(&credentials), ("AKID", SECRET, Some(TOKEN)));
        let env =
            Env::from_vars(&[(ACCESS_KEY_ID_VAR, "AKID"), (SECRET_ACCESS_KEY_VAR, SECRET), (SESSION_TOKEN_VAR, "")]);
        let credentials = resolve(&EnvironmentVariableCredentialsProvider::with_env(env)).unwrap();
        assert_eq!(credentials.session_token(), None);
    }

    #[test]
    fn empty_or_partial_environment_variables_are_reported_without_secrets() {
        let cases: [(&[(&str, &str)], &str); 4] = [
            (&[], "neither AWS_ACCESS_KEY_ID nor AWS_SECRET_ACCESS_KEY is set"),
            (&[(ACCESS_KEY_ID_VAR, ""), (SECRET_ACCESS_KEY_VAR, "")], "neither"),
            (&[(ACCESS_KEY_ID_VAR, "AKID")], "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not"),
            (&[(SECRET_ACCESS_KEY_VAR, SECRET), (SESSION_TOKEN_VAR, TOKEN)], "AWS_SECRET_ACCESS_KEY is set but"),
        ];
        for (vars, expected) in cases {
            let error = resolve(&EnvironmentVariableCredentialsProvider::with_env(Env::from_vars(vars))).unwrap_err();
            let message = error.to_string();
            assert!(message.contains(expected), "{message}");
            assert!(!message.contains(SECRET) && !message.contains(TOKEN), "{message}");
        }
    }

    #[test]
    fn profile_keys_and_session_token_are_read() {
        let files = Files::new(
            "profile-keys",
            "",
            &format!(
                "[default]\naws_access_key_id = AKID\naws_secret_access_key = {SECRET}\naws_session_token = {TOKEN}\n"
            ),
        );
        let credentials = resolve(&ProfileFileCredentialsProvider::with_env(files.env(&[]))).unwrap();
        assert_eq!(keys(&credentials), ("AKID", SECRET, Some(TOKEN)));
    }

    #[test]
    fn credentials_file_wins_over_config_file() {
        let config = "[default]\naws_access_key_id = FROM_CONFIG\naws_secret_access_key = config-secret\nregion = r";
        let files = Files::new("precedence", config, "[default]\naws_access_key_id = FROM_CREDENTIALS\n");
        let credentials = resolve(&ProfileFileCredentialsProvider::with_env(files.env(&[]))).unwrap();
        assert_eq!(keys(&credentials), ("FROM_CREDENTIALS", "config-secret", None));
    }

    #[test]
    fn aws_profile_selects_the_profile() {
        let config = "[profile work]\naws_access_key_id = WORK\naws_secret_access_key = work-secret\n";
        let credentials = "[default]\naws_access_key_id = DEFAULT\naws_secret_access_key = default-secret\n";
        let files = Files::new("named", config, credentials);
        let work = resolve(&ProfileFileCredentialsProvider::with_env(files.env(&[("AWS_PROFILE", "work")]))).unwrap();
        assert_eq!(work.access_key_id(), "WORK");
        let default = resolve(&ProfileFileCredentialsProvider::with_env(files.env(&[]))).unwrap();
        assert_eq!(default.access_key_id(), "DEFAULT");
    }

    #[test]
    fn a_missing_profile_is_named_in_the_error() {
        let files = Files::new("missing-profile", "[profile other]\nregion = x", "");
        let error =
            resolve(&ProfileFileCredentialsProvider::with_env(files.env(&[("AWS_PROFILE", "prod")]))).unwrap_err();
        let message = error.to_string();
        assert!(message.contains("`prod`") && message.contains(&files.dir.var("config")), "{message}");
        let error = resolve(&ProfileFileCredentialsProvider::with_env(files.env(&[]))).unwrap_err();
        assert!(error.to_string().contains("no profile `default`"), "{error}");
    }

    #[test]
    fn profiles_needing_other_providers_are_explained() {
        let cases = [
            ("role_arn = arn:aws:iam::123456789012:role/x\nsource_profile = base", "role_arn"),
            ("sso_session = corp\nsso_account_id = 1", "sso_session"),
            ("sso_start_url = https://x.awsapps.com/start", "sso_start_url"),
            ("credential_process = /bin/creds", "credential_process"),
        ];
        for (settings, key) in cases {
            let config = format!("[default]\naws_access_key_id = AKID\naws_secret_access_key = {SECRET}\n{settings}");
            let files = Files::new("indirect", &config, "");
            let error = resolve(&ProfileFileCredentialsProvider::with_env(files.env(&[]))).unwrap_err();
            let message = error.to_string();
            assert!(message.contains(&format!("`{key}`")) && message.contains("not support"), "{message}");
            assert!(message.contains("ProvideCredentials") && !message.contains(SECRET), "{message}");
        }
    }

    #[test]
    fn a_profile_with_half_the_keys_is_reported() {
        let files = Files::new("half", "[default]\naws_access_key_id = AKID\naws_secret_access_key =\n", "");
        let error = resolve(&ProfileFileCredentialsProvider::with_env(files.env(&[]))).unwrap_err();
        assert!(error.to_string().contains("has `aws_access_key_id` but no `aws_secret_access_key`"), "{error}");
        let files = Files::new("none", "[default]\nregion = us-east-1\n", "");
        let error = resolve(&ProfileFileCredentialsProvider::with_env(files.env(&[]))).unwrap_err();
        assert!(error.to_string().contains("has neither"), "{error}");
    }

    #[test]
    fn the_chain_prefers_the_environment_to_the_profile() {
        let files = Files::new("chain", "", "[default]\naws_access_key_id = PROFILE\naws_secret_access_key = p\n");
        let env = files.env(&[(ACCESS_KEY_ID_VAR, "ENV"), (SECRET_ACCESS_KEY_VAR, "e")]);
        assert_eq!(resolve(&DefaultCredentialsChain::with_env(env)).unwrap().access_key_id(), "ENV");
        let env = files.env(&[(ACCESS_KEY_ID_VAR, ""), (SECRET_ACCESS_KEY_VAR, "")]);
        assert_eq!(resolve(&DefaultCredentialsChain::with_env(env)).unwrap().access_key_id(), "PROFILE");
    }

    #[test]
    fn the_chain_error_lists_every_source() {
        let dir = TempDir::new("chain-empty");
        let home = dir.path().to_str().unwrap();
        let error =
            resolve(&DefaultCredentialsChain::with_env(Env::from_vars(&[("HOME", home), ("USERPROFILE", home)])));
        let message = error.unwrap_err().to_string();
        assert!(message.contains("environment variables: neither AWS_ACCESS_KEY_ID"), "{message}");
        assert!(message.contains("shared config and credentials files: no profile `default`"), "{message}");
        assert!(message.contains("(which does not exist)") && message.contains("ProvideCredentials"), "{message}");
    }

    #[test]
    fn a_half_configured_environment_stops_the_chain() {
        let files = Files::new("chain-stop", "", "[default]\naws_access_key_id = PROFILE\naws_secret_access_key = p\n");
        let error = resolve(&DefaultCredentialsChain::with_env(files.env(&[(ACCESS_KEY_ID_VAR, "ENV")]))).unwrap_err();
        assert!(error.to_string().contains("AWS_SECRET_ACCESS_KEY is not"), "{error}");
    }

    #[test]
    fn region_comes_from_the_environment_then_the_profile() {
        let files = Files::new("region", "[default]\nregion = from-default\n[profile work]\nregion = from-work\n", "");
        assert_eq!(region_from_env(&files.env(&[])).as_deref(), Some("from-default"));
        assert_eq!(region_from_env(&files.env(&[("AWS_PROFILE", "work")])).as_deref(), Some("from-work"));
        let env = files.env(&[("AWS_DEFAULT_REGION", "default-var"), ("AWS_REGION", "")]);
        assert_eq!(region_from_env(&env).as_deref(), Some("default-var"));
        let env = files.env(&[("AWS_DEFAULT_REGION", "default-var"), ("AWS_REGION", "region-var")]);
        assert_eq!(region_from_env(&env).as_deref(), Some("region-var"));
        assert_eq!(region_from_env(&files.env(&[("AWS_PROFILE", "absent")])), None);
        let files = Files::new("region-empty", "[default]\nregion =\n", "");
        assert_eq!(region_from_env(&files.env(&[])), None);
        assert_eq!(region_from_env(&Env::from_vars(&[])), None);
    }

    #[test]
    fn profile_files_are_read_once_per_provider() {
        let key = |id: &str| format!("[default]\naws_access_key_id = {id}\naws_secret_access_key = s\n");
        let files = Files::new("once", "", &key("FIRST"));
        let provider = ProfileFileCredentialsProvider::with_env(files.env(&[]));
        let chain = DefaultCredentialsChain::with_env(files.env(&[]));
        assert_eq!(resolve(&provider).unwrap().access_key_id(), "FIRST");
        assert_eq!(resolve(&chain).unwrap().access_key_id(), "FIRST");

        files.dir.write("credentials", key("SECOND"));
        assert_eq!(resolve(&provider).unwrap().access_key_id(), "FIRST", "not read again");
        assert_eq!(resolve(&provider.clone()).unwrap().access_key_id(), "FIRST", "clones share the cache");
        assert_eq!(resolve(&chain).unwrap().access_key_id(), "FIRST", "not read again");
        let fresh = ProfileFileCredentialsProvider::with_env(files.env(&[]));
        assert_eq!(resolve(&fresh).unwrap().access_key_id(), "SECOND");

        // A failed lookup is not repeated either.
        let empty = Files::new("once-empty", "", "");
        let provider = ProfileFileCredentialsProvider::with_env(empty.env(&[]));
        let first = resolve(&provider).unwrap_err().to_string();
        empty.dir.write("credentials", key("LATE"));
        assert_eq!(resolve(&provider).unwrap_err().to_string(), first);
    }

    #[tokio::test]
    async fn inside_a_tokio_runtime_the_files_are_read_and_kept() {
        let files = Files::new("async", "", "[default]\naws_access_key_id = AKID\naws_secret_access_key = s\n");
        let provider = ProfileFileCredentialsProvider::with_env(files.env(&[]));
        assert_eq!(provider.provide_credentials().await.unwrap().access_key_id(), "AKID");
        assert!(provider.is_loaded());
        let chain = DefaultCredentialsChain::with_env(files.env(&[]));
        assert_eq!(chain.provide_credentials().await.unwrap().access_key_id(), "AKID");
        assert!(chain.profile.is_loaded());
    }

    #[test]
    fn errors_carry_their_source() {
        let io = std::io::Error::other("vault sealed");
        let error = CredentialsError::new("vault lease `deploy` failed").with_source(io);
        assert_eq!(error.to_string(), "vault lease `deploy` failed");
        assert_eq!(error.source().map(ToString::to_string).as_deref(), Some("vault sealed"));
        assert!(CredentialsError::new("x").source().is_none());
    }
}
