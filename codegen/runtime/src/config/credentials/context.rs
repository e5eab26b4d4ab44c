//! What every credentials provider is configured from: the environment and
//! files ([`Env`]), the shared files' profiles, the HTTP client and the
//! region, FIPS and dual-stack settings of the clients they call.

use std::fmt;
use std::sync::{Arc, OnceLock};
use std::time::{Duration, SystemTime};

use super::CredentialsError;
use crate::config::{Config, Region};
use crate::http::{HttpClient, HttpRequest, HttpResponse};
use crate::rt::profile::{self, Env, FileKind, Platform, Profile, ProfileSet};

const DEFAULT_PROFILE: &str = "default";

/// The shared settings of the providers in one chain.
#[derive(Clone)]
pub(crate) struct ProviderConfig {
    pub(crate) env: Env,
    http: Option<Arc<dyn HttpClient>>,
    region: Option<Region>,
    profile_name: Option<String>,
    /// The files, parsed once per configuration.
    profiles: Arc<OnceLock<Result<LoadedFiles, String>>>,
}

/// The shared files, parsed both ways.
struct LoadedFiles {
    strict: Result<Arc<ProfileSet>, String>,
    lenient: Arc<ProfileSet>,
}

impl fmt::Debug for ProviderConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ProviderConfig")
            .field("env", &self.env)
            .field("region", &self.region)
            .field("profile_name", &self.profile_name)
            .finish_non_exhaustive()
    }
}

impl ProviderConfig {
    /// Everything from `env`, the default HTTP client and no region set in code.
    pub(crate) fn for_env(env: Env) -> ProviderConfig {
        ProviderConfig { env, http: None, region: None, profile_name: None, profiles: Arc::default() }
    }

    /// The same, with this HTTP client for the metadata services, STS and SSO.
    pub(crate) fn with_http_client(mut self, http: Option<Arc<dyn HttpClient>>) -> ProviderConfig {
        self.http = http;
        self
    }

    /// The same, with the region set in code (else from the environment).
    pub(crate) fn with_region(mut self, region: Option<Region>) -> ProviderConfig {
        self.region = region;
        self
    }

    /// The same, with the profile chosen in code (else `AWS_PROFILE`).
    pub(crate) fn with_profile_name(mut self, name: Option<String>) -> ProviderConfig {
        self.profile_name = name;
        self.profiles = Arc::default();
        self
    }

    /// The profile in use: set in code, else `AWS_PROFILE`, else `default`.
    pub(crate) fn profile_name(&self) -> String {
        self.profile_name.clone().unwrap_or_else(|| profile::selected_profile_name(&self.env))
    }

    /// Whether the profile was asked for by name rather than by default.
    pub(crate) fn profile_named(&self) -> bool {
        self.profile_name.is_some() || self.env.get("AWS_PROFILE").is_some()
    }

    /// Both shared files, parsed strictly: a line the format does not allow
    /// is an error here, since credentials must not come from a file that
    /// may not mean what it seems to.
    pub(crate) fn profiles(&self) -> Result<Arc<ProfileSet>, CredentialsError> {
        match self.loaded() {
            Ok(files) => match &files.strict {
                Ok(set) => Ok(set.clone()),
                Err(message) => Err(CredentialsError::invalid_configuration(message.clone())),
            },
            Err(message) => Err(CredentialsError::new(message.clone())),
        }
    }

    fn loaded(&self) -> &Result<LoadedFiles, String> {
        self.profiles.get_or_init(|| {
            let read = |kind: FileKind| profile::read_file(&self.env, kind.location(&self.env, Platform::current()));
            let config = read(FileKind::Config).map_err(|e| e.to_string())?;
            let credentials = read(FileKind::Credentials).map_err(|e| e.to_string())?;
            let (config, credentials) =
                (config.as_deref().map(String::as_str), credentials.as_deref().map(String::as_str));
            Ok(LoadedFiles {
                strict: ProfileSet::parse(config, credentials)
                    .map(Arc::new)
                    .map_err(|e| format!("could not parse profile file: {e}")),
                lenient: Arc::new(profile::parse_lenient(config, credentials)),
            })
        })
    }

    /// The selected profile for settings such as `region`: lines the format
    /// does not allow are skipped here (the files are shared with every
    /// other AWS tool, and one odd line must not lose the region).
    pub(crate) fn selected_profile(&self) -> Option<Profile> {
        self.loaded().as_ref().ok()?.lenient.profile(&self.profile_name()).cloned()
    }

    /// A setting of the selected profile, when set and not blank.
    pub(crate) fn profile_value(&self, key: &str) -> Option<String> {
        let profile = self.selected_profile()?;
        profile.get(key).map(str::trim).filter(|value| !value.is_empty()).map(str::to_owned)
    }

    /// A setting from `variable`, else the profile's `key`.
    pub(crate) fn setting(&self, variable: &str, key: &str) -> Option<String> {
        self.env.get(variable).or_else(|| self.profile_value(key))
    }

    /// A boolean from `variable`, else the profile's `key`.
    pub(crate) fn flag(&self, variable: &str, key: &str) -> Option<bool> {
        let value = self.setting(variable, key)?;
        match value.trim() {
            v if v.eq_ignore_ascii_case("true") => Some(true),
            v if v.eq_ignore_ascii_case("false") => Some(false),
            _ => None,
        }
    }

    /// The region: set in code, else `AWS_REGION`, `AWS_DEFAULT_REGION`, the
    /// profile's `region`.
    pub(crate) fn region(&self) -> Option<Region> {
        self.region.clone().or_else(|| {
            let region = self
                .env
                .get("AWS_REGION")
                .or_else(|| self.env.get("AWS_DEFAULT_REGION"))
                .or_else(|| self.profile_value("region"))?;
            Some(Region::new(region)).filter(|region| region.validate().is_ok())
        })
    }

    /// The HTTP client providers call with: the configured one, else the
    /// default HTTPS client.
    pub(crate) fn http_client(&self) -> Result<Arc<dyn HttpClient>, CredentialsError> {
        if let Some(http) = &self.http {
            return Ok(http.clone());
        }
        #[cfg(feature = "default-https-client")]
        {
            static DEFAULT: OnceLock<Arc<dyn HttpClient>> = OnceLock::new();
            Ok(DEFAULT
                .get_or_init(|| {
                    Arc::new(crate::http::DefaultHttpClient::builder().connect_timeout(Duration::from_secs(3)).build())
                })
                .clone())
        }
        #[cfg(not(feature = "default-https-client"))]
        Err(CredentialsError::invalid_configuration(
            "no HTTP client to fetch credentials with: enable the `default-https-client` feature or give the \
             configuration loader one",
        ))
    }

    /// The endpoint set for the service whose environment-variable suffix
    /// is `env_suffix` (`STS`, `SSO`, `SSO_OIDC`) and whose `[services]` key
    /// is `services_key`: `AWS_ENDPOINT_URL_<SUFFIX>`, the profile's services
    /// section, `AWS_ENDPOINT_URL`, the profile's `endpoint_url`; none when
    /// `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS` (or the profile's
    /// `ignore_configured_endpoint_urls`) is true.
    pub(crate) fn endpoint_url(&self, env_suffix: &str, services_key: &str) -> Option<String> {
        if self.flag("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "ignore_configured_endpoint_urls") == Some(true) {
            return None;
        }
        let blank = |v: &String| v.trim().is_empty();
        if let Some(url) = self.env.get(&format!("AWS_ENDPOINT_URL_{env_suffix}")).filter(|v| !blank(v)) {
            return Some(url);
        }
        let from_services = || {
            let set = self.loaded().as_ref().ok()?.lenient.clone();
            let section = set.services_section(set.profile(&self.profile_name())?.get("services")?)?;
            let nested = section.get(services_key)?;
            nested.lines().find_map(|line| {
                let (key, value) = line.split_once('=')?;
                (key.trim().eq_ignore_ascii_case("endpoint_url") && !value.trim().is_empty())
                    .then(|| value.trim().to_owned())
            })
        };
        from_services()
            .or_else(|| self.env.get("AWS_ENDPOINT_URL").filter(|v| !blank(v)))
            .or_else(|| self.profile_value("endpoint_url"))
    }

    /// The endpoint for every service: `AWS_ENDPOINT_URL`, else the
    /// profile's `endpoint_url`, unless configured endpoints are ignored.
    pub(crate) fn endpoint_url_any(&self) -> Option<String> {
        if self.flag("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "ignore_configured_endpoint_urls") == Some(true) {
            return None;
        }
        self.env.get("AWS_ENDPOINT_URL").filter(|v| !v.trim().is_empty()).or_else(|| self.profile_value("endpoint_url"))
    }

    /// The configuration of a client a provider calls (STS, SSO, SSO OIDC):
    /// this HTTP client, region, endpoint and FIPS/dual-stack settings,
    /// and no credentials of its own.
    #[allow(dead_code)]
    pub(crate) fn client_config(
        &self,
        env_suffix: &str,
        services_key: &str,
        region: Option<Region>,
    ) -> Result<Config, CredentialsError> {
        let mut builder = Config::builder()
            .set_region(region.or_else(|| self.region()))
            .set_http_client(Some(self.http_client()?))
            .set_endpoint_url(self.endpoint_url(env_suffix, services_key))
            .use_fips(self.flag("AWS_USE_FIPS_ENDPOINT", "use_fips_endpoint").unwrap_or(false))
            .use_dual_stack(self.flag("AWS_USE_DUALSTACK_ENDPOINT", "use_dualstack_endpoint").unwrap_or(false));
        if let Some(attempts) = self.max_attempts() {
            builder = builder.retry_config(crate::config::retry::RetryConfig::standard().with_max_attempts(attempts));
        }
        Ok(builder.build())
    }

    /// `AWS_MAX_ATTEMPTS`, else the profile's `max_attempts`.
    pub(crate) fn max_attempts(&self) -> Option<u32> {
        let value = self.setting("AWS_MAX_ATTEMPTS", "max_attempts")?;
        value.trim().parse::<u32>().ok().filter(|attempts| *attempts > 0)
    }

    /// The profile name used when no profile is selected.
    #[allow(dead_code)]
    pub(crate) fn default_profile_name() -> &'static str {
        DEFAULT_PROFILE
    }
}

/// Sends `request`, giving up after `timeout`; the error says what failed
/// (never a header value).
pub(crate) async fn send(
    http: &dyn HttpClient,
    request: HttpRequest,
    timeout: Duration,
) -> Result<HttpResponse, String> {
    match tokio::time::timeout(timeout, http.call(request)).await {
        Ok(Ok(response)) => Ok(response),
        Ok(Err(error)) => Err(format!("the request failed: {error}")),
        Err(_) => Err(format!("no response within {} ms", timeout.as_millis())),
    }
}

/// An RFC 3339 timestamp (`2021-09-21T18:30:29Z`, fractions and `+hh:mm`
/// offsets allowed) as a time.
pub(crate) fn parse_rfc3339(text: &str) -> Option<SystemTime> {
    let text = text.trim();
    let bytes = text.as_bytes();
    if bytes.len() < 20 || bytes[4] != b'-' || bytes[7] != b'-' || !matches!(bytes[10], b'T' | b't' | b' ') {
        return None;
    }
    let number = |range: std::ops::Range<usize>| -> Option<i64> {
        let part = text.get(range)?;
        part.bytes().all(|b| b.is_ascii_digit()).then(|| part.parse().ok())?
    };
    let civil = crate::rt::time::Civil {
        year: number(0..4)?,
        month: u8::try_from(number(5..7)?).ok()?,
        day: u8::try_from(number(8..10)?).ok()?,
        hour: u8::try_from(number(11..13)?).ok()?,
        minute: u8::try_from(number(14..16)?).ok()?,
        second: u8::try_from(number(17..19)?).ok()?,
    };
    if bytes[13] != b':' || bytes[16] != b':' {
        return None;
    }
    let mut rest = &text[19..];
    if let Some(fraction) = rest.strip_prefix('.') {
        let digits = fraction.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return None;
        }
        rest = &fraction[digits..];
    }
    let offset = match rest {
        "Z" | "z" => 0,
        _ => {
            let sign = match rest.as_bytes().first()? {
                b'+' => 1,
                b'-' => -1,
                _ => return None,
            };
            let (hours, minutes) = rest[1..].split_once(':')?;
            if hours.len() != 2 || minutes.len() != 2 {
                return None;
            }
            sign * (hours.parse::<i64>().ok()? * 3600 + minutes.parse::<i64>().ok()? * 60)
        }
    };
    let seconds = crate::rt::time::unix_from_civil(&civil)? - offset;
    let seconds = u64::try_from(seconds).ok()?;
    Some(SystemTime::UNIX_EPOCH + Duration::from_secs(seconds))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_times_parse() {
        let at = |secs: u64| Some(SystemTime::UNIX_EPOCH + Duration::from_secs(secs));
        assert_eq!(parse_rfc3339("2009-02-13T23:31:30Z"), at(1_234_567_890));
        assert_eq!(parse_rfc3339("2009-02-13T23:31:30.123Z"), at(1_234_567_890));
        assert_eq!(parse_rfc3339("2022-05-02T18:36:00+00:00"), at(1_651_516_560));
        assert_eq!(parse_rfc3339("2009-02-14T00:31:30+01:00"), at(1_234_567_890));
        for bad in [
            "",
            "2009-02-13",
            "2009-02-13T23:31:30",
            "2009-02-13T25:31:30Z",
            "2009-02-13T23:31:30.Z",
            "x".repeat(30).as_str(),
        ] {
            assert_eq!(parse_rfc3339(bad), None, "{bad}");
        }
    }
}
