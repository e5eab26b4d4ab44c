//! Which EC2 instance metadata service (IMDS) endpoint to call.
//!
//! In order: an endpoint set in code, `AWS_EC2_METADATA_SERVICE_ENDPOINT`,
//! the profile's `ec2_metadata_service_endpoint`; without any of them, the
//! address of the endpoint mode (IPv4 `http://169.254.169.254` or IPv6
//! `http://[fd00:ec2::254]`), where the mode is the one set in code, else
//! `AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE`, else the profile's
//! `ec2_metadata_service_endpoint_mode`, else IPv4.

use std::fmt;
use std::str::FromStr;

use super::http_uri::{UriProblem, parse_http_uri};
use crate::rt::profile::{Env, Profile};

/// The variable that sets the endpoint.
pub const ENDPOINT_VAR: &str = "AWS_EC2_METADATA_SERVICE_ENDPOINT";
/// The variable that sets the endpoint mode (`IPv4` or `IPv6`).
pub const ENDPOINT_MODE_VAR: &str = "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE";
/// The profile key that sets the endpoint.
pub const ENDPOINT_KEY: &str = "ec2_metadata_service_endpoint";
/// The profile key that sets the endpoint mode.
pub const ENDPOINT_MODE_KEY: &str = "ec2_metadata_service_endpoint_mode";

/// Longest part of an invalid mode repeated in an error message.
const SHOWN_MODE_CHARS: usize = 32;

/// Whether the instance metadata service is reached over IPv4 or IPv6.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum EndpointMode {
    /// `http://169.254.169.254` (the default).
    #[default]
    IpV4,
    /// `http://[fd00:ec2::254]`.
    IpV6,
}

impl EndpointMode {
    /// The mode's endpoint.
    pub fn endpoint(self) -> &'static str {
        match self {
            EndpointMode::IpV4 => "http://169.254.169.254",
            EndpointMode::IpV6 => "http://[fd00:ec2::254]",
        }
    }
}

impl FromStr for EndpointMode {
    type Err = InvalidEndpointMode;

    /// `IPv4` or `IPv6`, in any ASCII case.
    fn from_str(mode: &str) -> Result<Self, Self::Err> {
        if mode.eq_ignore_ascii_case("ipv4") {
            Ok(EndpointMode::IpV4)
        } else if mode.eq_ignore_ascii_case("ipv6") {
            Ok(EndpointMode::IpV6)
        } else {
            Err(InvalidEndpointMode { mode: mode.chars().take(SHOWN_MODE_CHARS + 1).collect() })
        }
    }
}

/// A value that is neither `IPv4` nor `IPv6`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvalidEndpointMode {
    /// The start of the value.
    mode: String,
}

impl fmt::Display for InvalidEndpointMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shown: String = self.mode.chars().take(SHOWN_MODE_CHARS).collect();
        let more = if shown.len() < self.mode.len() { "…" } else { "" };
        write!(f, "`{shown}{more}` is not a valid endpoint mode: use IPv4 or IPv6")
    }
}

impl std::error::Error for InvalidEndpointMode {}

/// The instance metadata endpoint: a scheme and host, perhaps a port and a
/// path prefix, without a trailing `/`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImdsEndpoint {
    base: String,
}

impl ImdsEndpoint {
    /// The endpoint, e.g. `http://169.254.169.254`.
    pub fn as_str(&self) -> &str {
        &self.base
    }

    /// The URL of `path` (starting with `/`) at this endpoint.
    ///
    /// ```
    /// use smithy_client_runtime::config::imds::EndpointMode;
    /// use smithy_client_runtime::config::imds::resolve_endpoint;
    /// use smithy_client_runtime::rt::profile::Env;
    ///
    /// let endpoint = resolve_endpoint(&Env::from_vars(&[]), None, None, Some(EndpointMode::IpV6)).unwrap();
    /// assert_eq!(endpoint.url_for("/latest/api/token"), "http://[fd00:ec2::254]/latest/api/token");
    /// ```
    pub fn url_for(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

impl fmt::Display for ImdsEndpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.base)
    }
}

/// Where an invalid setting came from.
#[derive(Clone, Debug, PartialEq, Eq)]
enum SettingSource {
    Code,
    Variable(&'static str),
    Profile { profile: String, key: &'static str },
}

impl fmt::Display for SettingSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SettingSource::Code => f.write_str("the client's configuration"),
            SettingSource::Variable(name) => write!(f, "{name}"),
            SettingSource::Profile { profile, key } => write!(f, "`{key}` in profile `{profile}`"),
        }
    }
}

/// An instance metadata endpoint or endpoint mode that cannot be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImdsConfigError {
    source: SettingSource,
    problem: ImdsConfigProblem,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum ImdsConfigProblem {
    Mode(InvalidEndpointMode),
    Uri(UriProblem),
    Query,
}

impl fmt::Display for ImdsConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The endpoint itself is not repeated: it may carry a token.
        match &self.problem {
            ImdsConfigProblem::Mode(mode) => write!(f, "{mode} (set by {})", self.source),
            ImdsConfigProblem::Uri(problem) => {
                write!(f, "the instance metadata endpoint set by {} is not usable: {problem}", self.source)
            }
            ImdsConfigProblem::Query => {
                write!(f, "the instance metadata endpoint set by {} has a query, which is not allowed", self.source)
            }
        }
    }
}

impl std::error::Error for ImdsConfigError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.problem {
            ImdsConfigProblem::Mode(mode) => Some(mode),
            _ => None,
        }
    }
}

/// The instance metadata endpoint, from the settings made in code
/// (`endpoint_override`, `mode_override`), the environment and the selected
/// profile (see the [module documentation](self) for the order). A mode is
/// read only when no endpoint is set, so an invalid mode next to an endpoint
/// is not an error.
///
/// ```
/// use smithy_client_runtime::config::imds::resolve_endpoint;
/// use smithy_client_runtime::rt::profile::Env;
///
/// let env = Env::from_vars(&[("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "IPv6")]);
/// assert_eq!(resolve_endpoint(&env, None, None, None).unwrap().as_str(), "http://[fd00:ec2::254]");
/// let env = Env::from_vars(&[("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "IPv7")]);
/// assert!(resolve_endpoint(&env, None, None, None).is_err());
/// ```
pub fn resolve_endpoint(
    env: &Env,
    profile: Option<&Profile>,
    endpoint_override: Option<&str>,
    mode_override: Option<EndpointMode>,
) -> Result<ImdsEndpoint, ImdsConfigError> {
    let from_profile = |key: &'static str| {
        let profile = profile?;
        let value = profile.get(key).filter(|value| !value.is_empty())?;
        Some((value.to_owned(), SettingSource::Profile { profile: profile.name().to_owned(), key }))
    };
    let endpoint = endpoint_override
        .map(|endpoint| (endpoint.to_owned(), SettingSource::Code))
        .or_else(|| env.get(ENDPOINT_VAR).map(|endpoint| (endpoint, SettingSource::Variable(ENDPOINT_VAR))))
        .or_else(|| from_profile(ENDPOINT_KEY));
    if let Some((endpoint, source)) = endpoint {
        return checked_endpoint(&endpoint).map_err(|problem| ImdsConfigError { source, problem });
    }
    let mode = match mode_override {
        Some(mode) => mode,
        None => {
            let setting = env
                .get(ENDPOINT_MODE_VAR)
                .map(|mode| (mode, SettingSource::Variable(ENDPOINT_MODE_VAR)))
                .or_else(|| from_profile(ENDPOINT_MODE_KEY));
            match setting {
                Some((mode, source)) => mode
                    .parse()
                    .map_err(|invalid| ImdsConfigError { source, problem: ImdsConfigProblem::Mode(invalid) })?,
                None => EndpointMode::default(),
            }
        }
    };
    Ok(ImdsEndpoint { base: mode.endpoint().to_owned() })
}

fn checked_endpoint(endpoint: &str) -> Result<ImdsEndpoint, ImdsConfigProblem> {
    let uri = parse_http_uri(endpoint).map_err(ImdsConfigProblem::Uri)?;
    if uri.path_and_query.contains('?') {
        return Err(ImdsConfigProblem::Query);
    }
    Ok(ImdsEndpoint { base: endpoint.trim_end_matches('/').to_owned() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_trailing_slash_does_not_double_in_urls() {
        let env = Env::from_vars(&[(ENDPOINT_VAR, "http://host:1/prefix/")]);
        let endpoint = resolve_endpoint(&env, None, None, None).unwrap();
        assert_eq!(endpoint.url_for("/latest/api/token"), "http://host:1/prefix/latest/api/token");
    }

    #[test]
    fn errors_name_the_setting_but_not_the_endpoint() {
        let env = Env::from_vars(&[(ENDPOINT_VAR, "http://host/?token=secret")]);
        let message = resolve_endpoint(&env, None, None, None).unwrap_err().to_string();
        assert!(message.contains(ENDPOINT_VAR) && !message.contains("secret"), "{message}");
        let message = resolve_endpoint(&Env::from_vars(&[]), None, Some("http://a b"), None).unwrap_err().to_string();
        assert!(message.contains("client's configuration") && message.contains("invalid uri character"), "{message}");
    }

    #[test]
    fn long_invalid_modes_are_shortened() {
        let env = Env::from_vars(&[(ENDPOINT_MODE_VAR, &"x".repeat(1000))]);
        let message = resolve_endpoint(&env, None, None, None).unwrap_err().to_string();
        assert!(message.len() < 200 && message.contains("…"), "{message}");
    }
}
