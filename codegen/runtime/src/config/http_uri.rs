//! The checks of the `http://` and `https://` URIs that name the instance
//! metadata and container credentials endpoints: values from the environment
//! and the profile, so anything may be in them.

use std::fmt;
use std::net::{Ipv4Addr, Ipv6Addr};

/// An absolute `http` or `https` URI with a host, without user-info or
/// fragment.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct HttpUri {
    pub(crate) is_https: bool,
    pub(crate) host: Host,
    /// The path and query, possibly empty.
    pub(crate) path_and_query: String,
}

/// The host of an [`HttpUri`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Host {
    /// A DNS name, as written.
    Name(String),
    Ipv4(Ipv4Addr),
    Ipv6(Ipv6Addr),
}

impl fmt::Display for Host {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Host::Name(name) => f.write_str(name),
            Host::Ipv4(address) => write!(f, "{address}"),
            Host::Ipv6(address) => write!(f, "[{address}]"),
        }
    }
}

/// Why a value is not an [`HttpUri`]. The messages never repeat the value,
/// whose query may hold a token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum UriProblem {
    InvalidCharacter,
    NoHost,
    NoScheme,
    UnsupportedScheme,
    UserInfo,
    Fragment,
    InvalidHost,
    InvalidPort,
}

impl fmt::Display for UriProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            UriProblem::InvalidCharacter => "invalid uri character (only the URI characters of RFC 3986 may appear)",
            UriProblem::NoHost => "URI did not specify a host",
            UriProblem::NoScheme => "the URI does not start with `http://` or `https://`",
            UriProblem::UnsupportedScheme => "the URI's scheme is neither `http` nor `https`",
            UriProblem::UserInfo => "the URI has user-info (`name@`), which is not allowed",
            UriProblem::Fragment => "the URI has a fragment (`#…`), which is not allowed",
            UriProblem::InvalidHost => "the URI's host is neither a DNS name nor an IP address",
            UriProblem::InvalidPort => "the URI's port is not a number from 1 to 65535",
        })
    }
}

/// Whether `c` may appear in a URI (RFC 3986: unreserved, reserved and `%`).
fn is_uri_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || b"-._~:/?#[]@!$&'()*+,;=%".contains(&c)
}

/// Parses an absolute `http` or `https` URI.
pub(crate) fn parse_http_uri(text: &str) -> Result<HttpUri, UriProblem> {
    if !text.bytes().all(is_uri_char) {
        return Err(UriProblem::InvalidCharacter);
    }
    let Some((scheme, rest)) = text.split_once("://") else {
        return Err(if text.is_empty() || text.starts_with('/') { UriProblem::NoHost } else { UriProblem::NoScheme });
    };
    let is_https = match scheme.to_ascii_lowercase().as_str() {
        "http" => false,
        "https" => true,
        _ => return Err(UriProblem::UnsupportedScheme),
    };
    if rest.contains('#') {
        return Err(UriProblem::Fragment);
    }
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, path_and_query) = rest.split_at(authority_end);
    if authority.contains('@') {
        return Err(UriProblem::UserInfo);
    }
    if authority.is_empty() {
        return Err(UriProblem::NoHost);
    }
    let (host, port) = split_host_and_port(authority)?;
    if let Some(port) = port {
        let valid = !port.is_empty() && port.len() <= 5 && port.bytes().all(|c| c.is_ascii_digit());
        if !valid || port.parse::<u16>().map_or(true, |port| port == 0) {
            return Err(UriProblem::InvalidPort);
        }
    }
    Ok(HttpUri { is_https, host, path_and_query: path_and_query.to_owned() })
}

fn split_host_and_port(authority: &str) -> Result<(Host, Option<&str>), UriProblem> {
    if let Some(bracketed) = authority.strip_prefix('[') {
        let (inner, after) = bracketed.split_once(']').ok_or(UriProblem::InvalidHost)?;
        let address = inner.parse::<Ipv6Addr>().map_err(|_| UriProblem::InvalidHost)?;
        let port = match after {
            "" => None,
            _ => Some(after.strip_prefix(':').ok_or(UriProblem::InvalidHost)?),
        };
        return Ok((Host::Ipv6(address), port));
    }
    let (host, port) = match authority.split_once(':') {
        Some((host, port)) => (host, Some(port)),
        None => (authority, None),
    };
    if let Ok(address) = host.parse::<Ipv4Addr>() {
        return Ok((Host::Ipv4(address), port));
    }
    let is_name = !host.is_empty()
        && host.split('.').enumerate().all(|(index, label)| {
            // One trailing dot (a fully qualified name) leaves an empty last label.
            (label.is_empty() && index > 0 && host.ends_with('.') && host.len() > 1 && !host.ends_with(".."))
                || (!label.is_empty() && label.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_'))
        });
    if !is_name {
        return Err(UriProblem::InvalidHost);
    }
    Ok((Host::Name(host.to_owned()), port))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_ports_and_paths_are_split() {
        let uri = parse_http_uri("https://Example.com:8443/a/b?c=d").unwrap();
        assert!(uri.is_https);
        assert_eq!(uri.host, Host::Name("Example.com".into()));
        assert_eq!(uri.path_and_query, "/a/b?c=d");
        let uri = parse_http_uri("http://[fd00:ec2::23]:80").unwrap();
        assert_eq!(uri.host.to_string(), "[fd00:ec2::23]");
        assert_eq!(uri.path_and_query, "");
        assert_eq!(parse_http_uri("http://127.0.0.1?x").unwrap().host, Host::Ipv4(Ipv4Addr::LOCALHOST));
        assert_eq!(parse_http_uri("http://localhost./x").unwrap().host, Host::Name("localhost.".into()));
    }

    #[test]
    fn malformed_uris_are_refused_with_the_reason() {
        for (text, problem) in [
            ("not a uri", UriProblem::InvalidCharacter),
            ("http://host/\u{e9}", UriProblem::InvalidCharacter),
            ("", UriProblem::NoHost),
            ("/credentials", UriProblem::NoHost),
            ("http:///path", UriProblem::NoHost),
            ("localhost:8080", UriProblem::NoScheme),
            ("ftp://host", UriProblem::UnsupportedScheme),
            ("http://user:pass@host", UriProblem::UserInfo),
            ("http://host/#frag", UriProblem::Fragment),
            ("http://[::1", UriProblem::InvalidHost),
            ("http://[::1]x", UriProblem::InvalidHost),
            ("http://a..b", UriProblem::InvalidHost),
            ("http://.", UriProblem::InvalidHost),
            ("http://host:", UriProblem::InvalidPort),
            ("http://host:0", UriProblem::InvalidPort),
            ("http://host:65536", UriProblem::InvalidPort),
            ("http://host:1:2", UriProblem::InvalidPort),
        ] {
            assert_eq!(parse_http_uri(text), Err(problem), "{text}");
        }
    }

    #[test]
    fn messages_do_not_repeat_the_uri() {
        let problem = parse_http_uri("http://user:secret@host").unwrap_err();
        assert!(!problem.to_string().contains("secret"));
    }
}
