//! IAM Identity Center (SSO): role credentials for a profile's account and
//! role, fetched with the access token that `aws sso login` caches in
//! `~/.aws/sso/cache`, refreshed through SSO OIDC when it has expired.

use std::fmt;
use std::path::PathBuf;
use std::time::{Duration, SystemTime};

use zeroize::Zeroizing;

use super::context::parse_rfc3339;
use super::profile_chain::{BaseProvider, SsoSettings, resolve_chain};
use super::{Credentials, CredentialsError, ProviderConfig};
use crate::rt::profile::Env;

/// A token this close to its expiry is refreshed first, when it can be.
const REFRESH_WINDOW: Duration = Duration::from_secs(5 * 60);
const MAX_CACHE_FILE: u64 = 64 * 1024;

/// An SSO bearer token, as `aws sso login` caches it.
///
/// `Debug` never shows the token, which is wiped from memory when dropped.
#[derive(Clone)]
pub struct Token {
    token: Zeroizing<String>,
    expiry: Option<SystemTime>,
}

impl Token {
    /// The token.
    pub fn token(&self) -> &str {
        &self.token
    }

    /// When it stops being valid.
    pub fn expiry(&self) -> Option<SystemTime> {
        self.expiry
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Token").field("token", &"** redacted **").field("expiry", &self.expiry).finish()
    }
}

/// The SSO access token of the selected profile (`sso_session`, or the
/// legacy `sso_start_url` and `sso_region`), read from the cache that
/// `aws sso login` writes and refreshed through SSO OIDC (when the cached
/// entry holds a refresh token) within five minutes of its expiry; a
/// refreshed token is written back to the cache.
#[derive(Debug, Clone)]
pub struct SsoTokenProvider {
    config: ProviderConfig,
}

impl SsoTokenProvider {
    /// The provider for the process environment's selected profile.
    pub fn new() -> Self {
        Self::with_config(ProviderConfig::for_env(Env::real()))
    }

    pub(crate) fn with_config(config: ProviderConfig) -> Self {
        SsoTokenProvider { config }
    }

    /// The token, refreshed if it must be.
    pub async fn token(&self) -> Result<Token, CredentialsError> {
        let set = self.config.profiles()?;
        let chain = resolve_chain(&set, &self.config.profile_name())?;
        match chain.base {
            BaseProvider::Sso(settings) if chain.roles.is_empty() => load_token(&self.config, &settings).await,
            _ => Err(CredentialsError::not_loaded(format!(
                "profile `{}` has no SSO settings (`sso_session`, or `sso_start_url` and `sso_region`)",
                self.config.profile_name()
            ))),
        }
    }
}

impl Default for SsoTokenProvider {
    fn default() -> Self {
        Self::new()
    }
}

/// Role credentials for a profile's SSO settings.
pub(crate) async fn credentials(
    config: &ProviderConfig,
    settings: &SsoSettings,
) -> Result<Credentials, CredentialsError> {
    let (Some(account_id), Some(role_name)) = (&settings.account_id, &settings.role_name) else {
        return Err(CredentialsError::invalid_configuration(
            "selected profile will resolve an access token instead of credentials since required credentials \
             properties are missing: `sso_account_id` and `sso_role_name` (use it where a bearer token is wanted)",
        ));
    };
    let token = load_token(config, settings).await?;
    calls::role_credentials(config, settings, account_id, role_name, &token).await
}

/// Where `aws sso login` caches the token for `settings`.
fn cache_path(env: &Env, settings: &SsoSettings) -> Result<PathBuf, CredentialsError> {
    let key = settings.session_name.as_deref().unwrap_or(&settings.start_url);
    let home = env.home_dir().ok_or_else(|| {
        CredentialsError::invalid_configuration("the SSO token cache cannot be found: the home folder is not set")
    })?;
    Ok(home.join(".aws").join("sso").join("cache").join(format!("{}.json", sha1_hex(key.as_bytes()))))
}

/// The cached token, refreshed if it is (nearly) expired and can be.
async fn load_token(config: &ProviderConfig, settings: &SsoSettings) -> Result<Token, CredentialsError> {
    let path = cache_path(&config.env, settings)?;
    let failed = |error: std::io::Error| {
        CredentialsError::new(format!(
            "failed to read `{}`: {error} (sign in with `aws sso login` to create it)",
            path.display()
        ))
    };
    let bytes = config
        .env
        .read_file(&path, MAX_CACHE_FILE)
        .map_err(failed)?
        .ok_or_else(|| failed(super::container::not_found()))?;
    let mut entry: serde_json::Value = serde_json::from_slice(&bytes)
        .map_err(|_| CredentialsError::new(format!("the SSO token cache `{}` is not valid JSON", path.display())))?;
    let field = |entry: &serde_json::Value, name: &str| {
        entry.get(name).and_then(serde_json::Value::as_str).filter(|v| !v.is_empty()).map(str::to_owned)
    };
    let (Some(access_token), Some(expires_at)) = (field(&entry, "accessToken"), field(&entry, "expiresAt")) else {
        return Err(CredentialsError::new(format!(
            "the SSO token cache `{}` has no accessToken or expiresAt",
            path.display()
        )));
    };
    let expiry = parse_rfc3339(&expires_at).ok_or_else(|| {
        CredentialsError::new(format!("the SSO token cache `{}` has an expiresAt that is not a date", path.display()))
    })?;
    let token = Token { token: Zeroizing::new(access_token), expiry: Some(expiry) };
    let now = config.env.now();
    if now + REFRESH_WINDOW < expiry {
        return Ok(token);
    }
    let refresh = match (field(&entry, "refreshToken"), field(&entry, "clientId"), field(&entry, "clientSecret")) {
        (Some(refresh), Some(id), Some(secret)) if settings.session_name.is_some() => {
            Some((Zeroizing::new(refresh), id, Zeroizing::new(secret)))
        }
        _ => None,
    };
    let refreshed = match refresh {
        Some((refresh, client_id, client_secret)) => {
            calls::refresh_token(config, settings, &client_id, &client_secret, &refresh).await
        }
        None => Err(CredentialsError::new("the cached SSO token has expired and holds nothing to refresh it with")),
    };
    match refreshed {
        Ok((new_token, expires_in, new_refresh)) => {
            let expiry = now + Duration::from_secs(expires_in);
            entry["accessToken"] = serde_json::Value::String(new_token.to_string());
            entry["expiresAt"] = serde_json::Value::String(format_rfc3339(expiry));
            if let Some(new_refresh) = new_refresh {
                entry["refreshToken"] = serde_json::Value::String(new_refresh.to_string());
            }
            // The cache is shared with the AWS CLI; a failed write only
            // means the next process refreshes again.
            if let Ok(text) = serde_json::to_vec_pretty(&entry) {
                let _ = config.env.write_file(&path, &Zeroizing::new(text));
            }
            Ok(Token { token: new_token, expiry: Some(expiry) })
        }
        // Still valid for a while: use it, and try again next time.
        Err(_) if now < expiry => Ok(token),
        Err(error) => Err(CredentialsError::new(format!(
            "the SSO token for `{}` has expired and could not be refreshed ({}); sign in again with `aws sso login`",
            settings.session_name.as_deref().unwrap_or(&settings.start_url),
            error.message()
        ))),
    }
}

/// `2021-09-21T18:30:29Z`.
fn format_rfc3339(time: SystemTime) -> String {
    let secs = time.duration_since(SystemTime::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0);
    let civil = crate::rt::time::civil_from_unix(i64::try_from(secs).unwrap_or(i64::MAX));
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        civil.year, civil.month, civil.day, civil.hour, civil.minute, civil.second
    )
}

#[cfg(feature = "sso")]
mod calls {
    use super::*;
    use crate::clients::{sso, sso_oidc};
    use crate::config::Region;

    pub(super) async fn role_credentials(
        config: &ProviderConfig,
        settings: &SsoSettings,
        account_id: &str,
        role_name: &str,
        token: &Token,
    ) -> Result<Credentials, CredentialsError> {
        let region = Region::new(settings.region.as_str());
        let client = sso::Client::from_conf(config.client_config("SSO", "sso", Some(region))?);
        let output = client
            .get_role_credentials()
            .role_name(role_name)
            .account_id(account_id)
            .access_token(token.token())
            .send()
            .await
            .map_err(|error| {
                CredentialsError::new(format!(
                    "SSO GetRoleCredentials for role `{role_name}` in account {account_id} failed: {}",
                    super::super::call_failure(&error)
                ))
                .with_source(error)
            })?;
        let missing = || CredentialsError::new("SSO GetRoleCredentials answered without credentials");
        let found = output.role_credentials().ok_or_else(missing)?;
        let (Some(id), Some(secret)) = (found.access_key_id(), found.secret_access_key()) else {
            return Err(missing());
        };
        let mut credentials =
            Credentials::new(id, secret, found.session_token().map(str::to_owned)).with_account_id(account_id);
        let millis = u64::try_from(found.expiration()).unwrap_or(0);
        if millis > 0 {
            credentials = credentials.with_expiry(SystemTime::UNIX_EPOCH + Duration::from_millis(millis));
        }
        Ok(credentials)
    }

    pub(super) async fn refresh_token(
        config: &ProviderConfig,
        settings: &SsoSettings,
        client_id: &str,
        client_secret: &str,
        refresh_token: &str,
    ) -> Result<(Zeroizing<String>, u64, Option<Zeroizing<String>>), CredentialsError> {
        let region = Region::new(settings.region.as_str());
        let client = sso_oidc::Client::from_conf(config.client_config("SSO_OIDC", "sso_oidc", Some(region))?);
        let output = client
            .create_token()
            .client_id(client_id)
            .client_secret(client_secret)
            .grant_type("refresh_token")
            .refresh_token(refresh_token)
            .send()
            .await
            .map_err(|error| {
                CredentialsError::new(format!("SSO OIDC CreateToken failed: {}", super::super::call_failure(&error)))
            })?;
        let token = output
            .access_token()
            .filter(|token| !token.is_empty())
            .ok_or_else(|| CredentialsError::new("SSO OIDC CreateToken answered without an access token"))?;
        let expires_in = u64::try_from(output.expires_in()).unwrap_or(0);
        Ok((
            Zeroizing::new(token.to_owned()),
            expires_in,
            output.refresh_token().map(|token| Zeroizing::new(token.to_owned())),
        ))
    }
}

#[cfg(not(feature = "sso"))]
mod calls {
    use super::*;

    fn unavailable() -> CredentialsError {
        CredentialsError::invalid_configuration(
            "the profile uses IAM Identity Center (SSO), which this build leaves out: enable the `sso` feature",
        )
    }

    pub(super) async fn role_credentials(
        _: &ProviderConfig,
        _: &SsoSettings,
        _: &str,
        _: &str,
        _: &Token,
    ) -> Result<Credentials, CredentialsError> {
        Err(unavailable())
    }

    pub(super) async fn refresh_token(
        _: &ProviderConfig,
        _: &SsoSettings,
        _: &str,
        _: &str,
        _: &str,
    ) -> Result<(Zeroizing<String>, u64, Option<Zeroizing<String>>), CredentialsError> {
        Err(unavailable())
    }
}

/// SHA-1 of `data` in lower-case hex: the name the AWS CLI gives a token's
/// cache file. Only a file name is derived from it (no secret and no
/// signature depends on it), which is why this small implementation of
/// FIPS 180-4 serves rather than a crate and its digest stack.
fn sha1_hex(data: &[u8]) -> String {
    let mut state: [u32; 5] = [0x6745_2301, 0xEFCD_AB89, 0x98BA_DCFE, 0x1032_5476, 0xC3D2_E1F0];
    let mut message = data.to_vec();
    let bit_length = (data.len() as u64).wrapping_mul(8);
    message.push(0x80);
    while message.len() % 64 != 56 {
        message.push(0);
    }
    message.extend_from_slice(&bit_length.to_be_bytes());
    for block in message.chunks_exact(64) {
        let mut w = [0u32; 80];
        for (i, word) in block.chunks_exact(4).enumerate() {
            w[i] = u32::from_be_bytes([word[0], word[1], word[2], word[3]]);
        }
        for i in 16..80 {
            w[i] = (w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16]).rotate_left(1);
        }
        let [mut a, mut b, mut c, mut d, mut e] = state;
        for (i, word) in w.iter().enumerate() {
            let (f, k) = match i {
                0..=19 => ((b & c) | (!b & d), 0x5A82_7999),
                20..=39 => (b ^ c ^ d, 0x6ED9_EBA1),
                40..=59 => ((b & c) | (b & d) | (c & d), 0x8F1B_BCDC),
                _ => (b ^ c ^ d, 0xCA62_C1D6),
            };
            let next = a.rotate_left(5).wrapping_add(f).wrapping_add(e).wrapping_add(k).wrapping_add(*word);
            e = d;
            d = c;
            c = b.rotate_left(30);
            b = a;
            a = next;
        }
        for (slot, value) in state.iter_mut().zip([a, b, c, d, e]) {
            *slot = slot.wrapping_add(value);
        }
    }
    state.iter().map(|word| format!("{word:08x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha1_matches_the_standard_vectors_and_the_cli_cache_names() {
        assert_eq!(sha1_hex(b""), "da39a3ee5e6b4b0d3255bfef95601890afd80709");
        assert_eq!(sha1_hex(b"abc"), "a9993e364706816aba3e25717850c26c9cd0d89d");
        let long = b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
        assert_eq!(sha1_hex(long), "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
        assert_eq!(sha1_hex(&vec![b'a'; 1_000_000]), "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
        // The AWS CLI's cache file for a start URL.
        assert_eq!(sha1_hex(b"https://ssotest.awsapps.com/start"), "dace00cba5f8355ec9d274ceb2bcebdfbeed0e12");
    }

    #[test]
    fn times_are_written_as_rfc3339() {
        assert_eq!(format_rfc3339(SystemTime::UNIX_EPOCH + Duration::from_secs(1_234_567_890)), "2009-02-13T23:31:30Z");
    }
}
