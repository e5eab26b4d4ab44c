//! Checks of the settings that end up in a request's URL.
//!
//! The region becomes part of the endpoint's host name and the endpoint
//! override becomes the request target, so a value outside their syntax
//! (`x@127.0.0.1:18443?` as a region, a query after the override's path) could
//! send a signed request to another host or path than the one meant. The
//! orchestrator checks both before resolving an endpoint; the signer checks the
//! region again.

use std::borrow::Cow;
use std::fmt;

use super::Region;
use crate::rt::endpoint_lib::{is_valid_host_label, is_valid_url};

/// Longest part of an invalid region repeated in an error message.
const SHOWN_REGION_CHARS: usize = 64;

impl Region {
    /// Checks that the region can name a region: one DNS label, 1 to 63 ASCII
    /// letters, digits and hyphens, not starting with a hyphen (`us-east-1`).
    ///
    /// [`Region::new`] accepts any text; a client checks its region before
    /// every call and fails with this error rather than building a URL from it.
    ///
    /// ```
    /// use smithy_client_runtime::config::Region;
    ///
    /// assert!(Region::new("eu-west-1").validate().is_ok());
    /// assert!(Region::new("x@127.0.0.1:18443?").validate().is_err());
    /// ```
    pub fn validate(&self) -> Result<(), InvalidRegion> {
        if is_valid_host_label(self.as_str(), false) {
            Ok(())
        } else {
            Err(InvalidRegion { region: self.as_str().chars().take(SHOWN_REGION_CHARS + 1).collect() })
        }
    }
}

/// A region that is not a valid region name (see [`Region::validate`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvalidRegion {
    /// The start of the region: a region is not a secret, but it may be long.
    region: String,
}

impl fmt::Display for InvalidRegion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shown: String = self.region.chars().take(SHOWN_REGION_CHARS).collect();
        let more = if shown.len() < self.region.len() { "…" } else { "" };
        write!(
            f,
            "the region {shown:?}{more} is not a valid region name: \
             use 1 to 63 ASCII letters, digits and hyphens, not starting with a hyphen (e.g. `us-east-1`)"
        )
    }
}

impl std::error::Error for InvalidRegion {}

/// An endpoint URL requests cannot be sent to. The URL is never shown, since
/// its user-info or query may hold credentials.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InvalidEndpointUrl {
    problem: EndpointUrlProblem,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum EndpointUrlProblem {
    UserInfo,
    Query,
    Fragment,
    Malformed,
}

impl fmt::Display for InvalidEndpointUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let why = match self.problem {
            EndpointUrlProblem::UserInfo => {
                "it has user-info (`user:password@` before the host), which is not supported; \
                 requests are authenticated by the credentials provider"
            }
            EndpointUrlProblem::Query => {
                "it has a query (`?…`), which is not supported: the operation's path is appended to the URL"
            }
            EndpointUrlProblem::Fragment => "it has a fragment (`#…`), which is not supported",
            EndpointUrlProblem::Malformed => {
                "expected `http://` or `https://`, a host, an optional port and an optional path, in printable ASCII"
            }
        };
        write!(f, "invalid endpoint URL (not shown, as it may hold credentials): {why}")
    }
}

impl std::error::Error for InvalidEndpointUrl {}

/// Checks an endpoint URL, the override or a resolved one: an absolute
/// `http`/`https` URL with a host, optional port and path, and no user-info,
/// query or fragment.
pub(crate) fn check_endpoint_url(url: &str) -> Result<(), InvalidEndpointUrl> {
    let fail = |problem| Err(InvalidEndpointUrl { problem });
    if url[authority_range(url)].contains('@') {
        return fail(EndpointUrlProblem::UserInfo);
    }
    match (url.find('?'), url.find('#')) {
        (Some(query), fragment) if fragment.is_none_or(|fragment| query < fragment) => {
            return fail(EndpointUrlProblem::Query);
        }
        (_, Some(_)) => return fail(EndpointUrlProblem::Fragment),
        _ => {}
    }
    match is_valid_url(url) {
        true => Ok(()),
        false => fail(EndpointUrlProblem::Malformed),
    }
}

/// Where the authority of `scheme://authority/…` is: up to the first `/`, `?`
/// or `#`. Without `scheme://`, from the start, so that `user:pw@host` counts.
fn authority_range(uri: &str) -> std::ops::Range<usize> {
    let start = uri.find("://").map_or(0, |i| i + 3);
    let end = uri[start..].find(['/', '?', '#']).map_or(uri.len(), |i| start + i);
    start..end
}

/// `uri` with any user-info replaced by `***`, for error messages.
pub(crate) fn redact_user_info(uri: &str) -> Cow<'_, str> {
    let authority = authority_range(uri);
    match uri[authority.clone()].rfind('@') {
        Some(at) => Cow::Owned(format!("{}***{}", &uri[..authority.start], &uri[authority.start + at..])),
        None => Cow::Borrowed(uri),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_must_be_host_labels() {
        for good in ["us-east-1", "eu-west-1", "cn-northwest-1", "aws-global", "a", "local-"] {
            assert_eq!(Region::new(good).validate(), Ok(()), "{good:?}");
        }
        let long = "a".repeat(64);
        for bad in ["x@127.0.0.1:18443?", "", "-east", "us.east.1", "us east", "us-east-1\n", "\u{e9}u", &long] {
            assert!(Region::new(bad).validate().is_err(), "{bad:?}");
        }
    }

    #[test]
    fn an_invalid_region_is_named_escaped_and_shortened() {
        let err = Region::new("x@127.0.0.1:18443?\n\u{1b}[2J").validate().expect_err("invalid");
        let shown = err.to_string();
        assert!(shown.contains(r#""x@127.0.0.1:18443?\n\u{1b}[2J""#), "{shown}");
        assert!(!shown.contains('\u{1b}') && !shown.contains('\n'), "{shown}");
        let err = Region::new("a".repeat(1_000_000)).validate().expect_err("too long");
        assert!(err.to_string().len() < 300, "{err}");
        assert!(err.to_string().contains('…'), "{err}");
    }

    #[test]
    fn endpoint_urls_with_user_info_query_or_fragment_are_refused_without_being_shown() {
        let cases = [
            ("http://user:hunter2@127.0.0.1:18443/", "user-info"),
            ("https://hunter2@example.com", "user-info"),
            ("https://example.com/ok?hunter2=1", "query"),
            ("https://example.com?", "query"),
            ("https://example.com/ok#hunter2", "fragment"),
            ("https://example.com/a#x?hunter2", "fragment"),
            ("ftp://example.com/hunter2", "expected"),
            ("example.com/hunter2", "expected"),
            ("https://exa mple.com/hunter2", "expected"),
            ("https://", "expected"),
            ("", "expected"),
        ];
        for (url, problem) in cases {
            let err = check_endpoint_url(url).expect_err(url).to_string();
            assert!(err.contains(problem), "{url:?}: {err}");
            assert!(!err.contains("hunter2"), "{url:?}: {err}");
        }
        for good in ["http://127.0.0.1:8080", "https://example.com/", "https://example.com/base/path", "http://[::1]:1"]
        {
            assert_eq!(check_endpoint_url(good), Ok(()), "{good:?}");
        }
    }

    #[test]
    fn user_info_is_redacted_from_uris() {
        assert_eq!(redact_user_info("http://user:pw@host:1/a@b?c@d"), "http://***@host:1/a@b?c@d");
        assert_eq!(redact_user_info("https://a@b@host"), "https://***@host");
        assert_eq!(redact_user_info("https://host/a@b"), "https://host/a@b");
        assert_eq!(redact_user_info("user:pw@host/x"), "***@host/x");
        assert_eq!(redact_user_info("/relative@x"), "/relative@x");
    }
}
