//! Which container credentials endpoint to call (Amazon ECS tasks, EKS Pod
//! Identity).
//!
//! `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI` is a path on the ECS agent's
//! address, `http://169.254.170.2`; otherwise
//! `AWS_CONTAINER_CREDENTIALS_FULL_URI` is the whole URL. Credentials sent
//! over plain `http` could be read on the way, so a full `http` URL must name
//! a loopback address (`127.0.0.0/8`, `[::1]`, `localhost`) or one of the
//! link-local addresses of the ECS agent (`169.254.170.2`) and EKS Pod
//! Identity (`169.254.170.23`, `[fd00:ec2::23]`); an `https` URL may name any
//! host.

use std::fmt;
use std::net::{Ipv4Addr, Ipv6Addr};

use super::http_uri::{Host, UriProblem, parse_http_uri};
use crate::rt::profile::Env;

/// The variable holding a path on the ECS agent's address.
pub const RELATIVE_URI_VAR: &str = "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI";
/// The variable holding the whole URL.
pub const FULL_URI_VAR: &str = "AWS_CONTAINER_CREDENTIALS_FULL_URI";

/// The ECS agent's address, which relative URIs are paths on.
const ECS_AGENT: &str = "http://169.254.170.2";
const ECS_AGENT_IPV4: Ipv4Addr = Ipv4Addr::new(169, 254, 170, 2);
const EKS_POD_IDENTITY_IPV4: Ipv4Addr = Ipv4Addr::new(169, 254, 170, 23);
const EKS_POD_IDENTITY_IPV6: Ipv6Addr = Ipv6Addr::new(0xfd00, 0xec2, 0, 0, 0, 0, 0, 0x23);

/// The container credentials endpoint: the URL credentials are requested
/// from.
#[derive(Clone, PartialEq, Eq)]
pub struct ContainerEndpoint {
    uri: String,
}

impl ContainerEndpoint {
    /// The URL, e.g. `http://169.254.170.2/v2/credentials/…`.
    pub fn as_str(&self) -> &str {
        &self.uri
    }
}

impl fmt::Debug for ContainerEndpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The path or query may hold a token, so only the start shows.
        let shown = match self.uri.find("://") {
            Some(at) => {
                let after = at + 3;
                let end = self.uri[after..].find(['/', '?']).map_or(self.uri.len(), |end| after + end);
                &self.uri[..end]
            }
            None => "",
        };
        f.debug_tuple("ContainerEndpoint").field(&format_args!("{shown}/…")).finish()
    }
}

/// Why there is no usable container credentials endpoint.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContainerEndpointError {
    problem: ContainerProblem,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum ContainerProblem {
    NotConfigured,
    InvalidUri { variable: &'static str, problem: UriProblem },
    RelativeUriNotAPath,
    HostNotAllowed { host: String, is_name: bool },
}

impl ContainerEndpointError {
    /// Whether neither variable is set: the container provider does not
    /// apply, and a chain moves on to the next.
    pub fn is_not_configured(&self) -> bool {
        self.problem == ContainerProblem::NotConfigured
    }

    /// The host name of a full `http` URL refused because host names other
    /// than `localhost` are not resolved here. A caller that resolves the
    /// name and finds only loopback addresses may use the URL.
    pub fn unresolved_host(&self) -> Option<&str> {
        match &self.problem {
            ContainerProblem::HostNotAllowed { host, is_name: true } => Some(host),
            _ => None,
        }
    }
}

impl fmt::Display for ContainerEndpointError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The URL is not repeated: its path or query may carry a token.
        match &self.problem {
            ContainerProblem::NotConfigured => write!(
                f,
                "No environment variables were set to configure ECS provider: set {RELATIVE_URI_VAR} or {FULL_URI_VAR}"
            ),
            ContainerProblem::InvalidUri { variable, problem } => write!(f, "{variable} is not usable: {problem}"),
            ContainerProblem::RelativeUriNotAPath => {
                write!(f, "{RELATIVE_URI_VAR} is not usable: it must be a path starting with `/`")
            }
            ContainerProblem::HostNotAllowed { host, is_name } => {
                write!(
                    f,
                    "the host `{host}` of {FULL_URI_VAR} is not allowed for plain http: use https, a loopback \
                     address (127.0.0.1, [::1], localhost), or the ECS (169.254.170.2) or EKS Pod Identity \
                     (169.254.170.23, [fd00:ec2::23]) address"
                )?;
                if *is_name {
                    f.write_str("; host names other than localhost are not resolved to check for loopback")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for ContainerEndpointError {}

/// The container credentials endpoint the environment sets.
///
/// ```
/// use smithy_client_runtime::config::container::resolve_endpoint;
/// use smithy_client_runtime::rt::profile::Env;
///
/// let env = Env::from_vars(&[("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/v2/credentials/abc")]);
/// assert_eq!(resolve_endpoint(&env).unwrap().as_str(), "http://169.254.170.2/v2/credentials/abc");
/// let env = Env::from_vars(&[("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://example.com/creds")]);
/// assert!(resolve_endpoint(&env).is_err());
/// ```
pub fn resolve_endpoint(env: &Env) -> Result<ContainerEndpoint, ContainerEndpointError> {
    let fail = |problem| Err(ContainerEndpointError { problem });
    if let Some(relative) = env.get(RELATIVE_URI_VAR) {
        if !relative.starts_with('/') {
            return fail(ContainerProblem::RelativeUriNotAPath);
        }
        let uri = format!("{ECS_AGENT}{relative}");
        return match parse_http_uri(&uri) {
            Ok(_) => Ok(ContainerEndpoint { uri }),
            Err(problem) => fail(ContainerProblem::InvalidUri { variable: RELATIVE_URI_VAR, problem }),
        };
    }
    let Some(full) = env.get(FULL_URI_VAR) else { return fail(ContainerProblem::NotConfigured) };
    let uri = match parse_http_uri(&full) {
        Ok(uri) => uri,
        Err(problem) => return fail(ContainerProblem::InvalidUri { variable: FULL_URI_VAR, problem }),
    };
    if uri.is_https || is_allowed_http_host(&uri.host) {
        return Ok(ContainerEndpoint { uri: full });
    }
    let is_name = matches!(uri.host, Host::Name(_));
    fail(ContainerProblem::HostNotAllowed { host: uri.host.to_string(), is_name })
}

/// Loopback and the ECS and EKS link-local addresses; of names, `localhost`
/// only, since resolving others would need the network.
fn is_allowed_http_host(host: &Host) -> bool {
    match host {
        Host::Ipv4(address) => address.is_loopback() || *address == ECS_AGENT_IPV4 || *address == EKS_POD_IDENTITY_IPV4,
        Host::Ipv6(address) => address.is_loopback() || *address == EKS_POD_IDENTITY_IPV6,
        Host::Name(name) => {
            let name = name.strip_suffix('.').unwrap_or(name);
            name.eq_ignore_ascii_case("localhost")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolve(vars: &[(&str, &str)]) -> Result<ContainerEndpoint, ContainerEndpointError> {
        resolve_endpoint(&Env::from_vars(vars))
    }

    #[test]
    fn plain_http_is_allowed_for_loopback_and_the_agent_addresses_only() {
        for host in ["127.0.0.1", "127.1.2.3", "[::1]", "LocalHost", "localhost.", "169.254.170.23", "[fd00:ec2::23]"] {
            assert!(resolve(&[(FULL_URI_VAR, &format!("http://{host}:80/c"))]).is_ok(), "{host}");
        }
        for host in ["169.254.169.254", "10.0.0.1", "[fd00:ec2::254]", "[::ffff:127.0.0.1]", "127.0.0.1.nip.io"] {
            let error = resolve(&[(FULL_URI_VAR, &format!("http://{host}/c"))]).unwrap_err();
            assert!(error.to_string().contains("not allowed"), "{host}: {error}");
        }
        let error = resolve(&[(FULL_URI_VAR, "http://my-agent/c")]).unwrap_err();
        assert_eq!(error.unresolved_host(), Some("my-agent"));
        assert!(resolve(&[(FULL_URI_VAR, "https://my-agent/c")]).is_ok());
    }

    #[test]
    fn relative_uris_must_be_paths() {
        let error = resolve(&[(RELATIVE_URI_VAR, "@evil.example/x")]).unwrap_err();
        assert!(error.to_string().contains("starting with `/`"), "{error}");
        assert!(resolve(&[(RELATIVE_URI_VAR, "/a b")]).is_err());
        assert!(resolve(&[]).unwrap_err().is_not_configured());
    }

    #[test]
    fn tokens_in_the_uri_do_not_show() {
        let endpoint = resolve(&[(FULL_URI_VAR, "http://localhost:8080/creds?token=secret")]).unwrap();
        let shown = format!("{endpoint:?}");
        assert!(shown.contains("localhost:8080") && !shown.contains("secret"), "{shown}");
        let error = resolve(&[(FULL_URI_VAR, "http://10.0.0.1/creds?token=secret")]).unwrap_err();
        assert!(!error.to_string().contains("secret") && !format!("{error:?}").contains("secret"));
    }
}
