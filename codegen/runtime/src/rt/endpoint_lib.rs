//! Functions of the Smithy rules engine's standard library (`parseURL`,
//! `substring`, `uriEncode`, `isValidHostLabel`) and of its AWS extension
//! (`aws.partition`, `aws.parseArn`, `aws.isVirtualHostableS3Bucket`), plus the
//! values an endpoint rule set produces.
//!
//! The endpoint resolver compiled from a service's `smithy.rules#endpointRuleSet`
//! calls these; the rules' `getAttr` paths become plain field accesses.

// A generated crate calls only the functions its rule set uses, so the rest
// would otherwise warn as unused.
#![allow(dead_code)]

use std::fmt;

/// The parts of an endpoint URL that rules may inspect (`parseURL`'s result).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Url {
    /// `http` or `https`, lower-cased, without `://`.
    pub scheme: String,
    /// Host and port as written (an explicit default port is kept, as the
    /// reference implementation does); never includes userinfo.
    pub authority: String,
    /// The path exactly as written: empty when the URL has none.
    pub path: String,
    /// The path with a `/` at both ends, so rules can append segments to it.
    pub normalized_path: String,
    /// Whether the host is an IPv4 address or a bracketed IPv6 address, where
    /// virtual-host style addressing cannot work.
    pub is_ip: bool,
}

/// `parseURL`: splits an endpoint URL into its parts, or `None` when it is not
/// an absolute `http`/`https` URL or carries a query string.
///
/// Stricter than a general URL parser on purpose, since the result becomes a
/// request target: anything but printable ASCII, userinfo, a `%` in the host and
/// a non-numeric or out-of-range port are rejected. A fragment is dropped, as
/// it never reaches the server.
pub fn parse_url(s: &str) -> Option<Url> {
    let UrlParts { scheme, authority, path, is_ip } = split_url(s)?;
    let mut normalized_path = String::with_capacity(path.len() + 2);
    if !path.starts_with('/') {
        normalized_path.push('/');
    }
    normalized_path.push_str(path);
    if !normalized_path.ends_with('/') {
        normalized_path.push('/');
    }
    Some(Url {
        scheme: scheme.to_ascii_lowercase(),
        authority: authority.to_owned(),
        path: path.to_owned(),
        normalized_path,
        is_ip,
    })
}

/// Whether [`parse_url`] accepts `s`, without building its result.
pub(crate) fn is_valid_url(s: &str) -> bool {
    split_url(s).is_some()
}

/// [`Url`]'s parts, borrowed from the URL.
struct UrlParts<'a> {
    scheme: &'a str,
    authority: &'a str,
    path: &'a str,
    is_ip: bool,
}

/// The checks of [`parse_url`], splitting `s` into its parts.
fn split_url(s: &str) -> Option<UrlParts<'_>> {
    if !s.bytes().all(|b| b.is_ascii_graphic()) {
        return None;
    }
    let (scheme, rest) = s.split_once("://")?;
    if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
        return None;
    }
    // A `?` after `#` belongs to the fragment, so the fragment goes first.
    let rest = rest.split_once('#').map_or(rest, |(before, _)| before);
    if rest.contains('?') {
        return None;
    }
    let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let is_ip = check_authority(authority)?;
    Some(UrlParts { scheme, authority, path, is_ip })
}

/// Validates `host[:port]` and tells whether the host is an IP address.
fn check_authority(authority: &str) -> Option<bool> {
    let (host, port, is_ip) = if let Some(bracketed) = authority.strip_prefix('[') {
        let (inner, after) = bracketed.split_once(']')?;
        let ipv6_chars = |c: char| c.is_ascii_hexdigit() || c == ':' || c == '.';
        if !inner.contains(':') || !inner.chars().all(ipv6_chars) {
            return None;
        }
        let port = match after {
            "" => None,
            _ => Some(after.strip_prefix(':')?),
        };
        (inner, port, true)
    } else {
        let (host, port) = match authority.split_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        };
        // RFC 3986 reg-name characters, minus percent-encoding.
        let reg_name_char = |b: u8| b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=".contains(&b);
        if !host.bytes().all(reg_name_char) {
            return None;
        }
        (host, port, is_ipv4(host))
    };
    if host.is_empty() {
        return None;
    }
    if let Some(port) = port {
        let digits_ok = (1..=5).contains(&port.len()) && port.bytes().all(|b| b.is_ascii_digit());
        if !digits_ok || port.parse::<u32>().ok()? > 65_535 {
            return None;
        }
    }
    Some(is_ip)
}

/// Dotted-quad IPv4 check shared by `parseURL`'s `isIp` and the S3 bucket rule.
fn is_ipv4(host: &str) -> bool {
    let mut parts = 0;
    for part in host.split('.') {
        parts += 1;
        let digits_ok = (1..=3).contains(&part.len()) && part.bytes().all(|b| b.is_ascii_digit());
        if !digits_ok || part.parse::<u16>().unwrap_or(u16::MAX) > 255 {
            return false;
        }
    }
    parts == 4
}

/// `substring`: the characters `start..stop` of `s`, counted from the end when
/// `reverse` is set; `None` when `s` is too short, the range is empty or
/// inverted, or `s` holds any non-ASCII character (so indexes never split one).
pub fn substring(s: &str, start: usize, stop: usize, reverse: bool) -> Option<String> {
    if !s.is_ascii() || start >= stop || stop > s.len() {
        return None;
    }
    let (from, to) = if reverse { (s.len() - stop, s.len() - start) } else { (start, stop) };
    Some(s[from..to].to_owned())
}

/// `uriEncode`: percent-encodes every UTF-8 byte except RFC 3986's unreserved
/// characters, with upper-case hex as the spec demands.
pub fn uri_encode(s: &str) -> String {
    super::percent::encode(s.as_bytes())
}

/// `isValidHostLabel`: whether `s` is one DNS label (1 to 63 ASCII letters,
/// digits and hyphens, not starting with a hyphen), or with `allow_subdomains`
/// several such labels joined by single dots.
///
/// A trailing hyphen is accepted, as in the reference implementation.
pub fn is_valid_host_label(s: &str, allow_subdomains: bool) -> bool {
    if allow_subdomains { s.split('.').all(is_single_host_label) } else { is_single_host_label(s) }
}

fn is_single_host_label(label: &str) -> bool {
    let mut bytes = label.bytes();
    let starts_ok = bytes.next().is_some_and(|b| b.is_ascii_alphanumeric());
    starts_ok && label.len() <= 63 && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

/// What `aws.partition` returns: facts about the partition a region belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Partition {
    /// The partition id (`aws`, `aws-cn`, …); rules read it as `name`.
    pub name: &'static str,
    /// The default DNS suffix (`dnsSuffix`), e.g. `amazonaws.com`.
    pub dns_suffix: &'static str,
    /// The suffix of dual-stack endpoints (`dualStackDnsSuffix`), e.g. `api.aws`.
    pub dual_stack_dns_suffix: &'static str,
    /// Whether FIPS endpoints exist in the partition (`supportsFIPS`).
    pub supports_fips: bool,
    /// Whether dual-stack endpoints exist in the partition (`supportsDualStack`).
    pub supports_dual_stack: bool,
    /// The region that global endpoints sign for (`implicitGlobalRegion`).
    pub implicit_global_region: &'static str,
}

/// `aws.partition`: the partition of `region`.
///
/// Lookup order follows the reference implementation: a region listed by a
/// partition (with that region's overrides applied), else the first partition
/// whose region pattern matches, else `aws`, so an unknown region still
/// resolves. `None` only if the table had no `aws` partition.
pub fn partition(region: &str) -> Option<Partition> {
    let table = super::partitions::PARTITIONS;
    for facts in table {
        if let Some(listed) = facts.regions.iter().find(|r| r.id == region) {
            return Some(listed.overrides.apply(facts.outputs));
        }
    }
    table
        .iter()
        .find(|facts| facts.region_pattern.matches(region))
        .or_else(|| table.iter().find(|facts| facts.id == "aws"))
        .map(|facts| facts.outputs)
}

/// What `aws.parseArn` returns: the fields of an ARN.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Arn {
    /// Never empty.
    pub partition: String,
    /// Never empty.
    pub service: String,
    /// Empty for resources that are not regional.
    pub region: String,
    /// Empty for resources not owned by an account.
    pub account_id: String,
    /// The rest of the ARN split on every `:` and `/`, keeping empty parts so
    /// rules can tell `outpost:` from `outpost`.
    pub resource_id: Vec<String>,
}

/// `aws.parseArn`: parses `arn:partition:service:region:account:resource`, or
/// `None` when a part is missing or the partition, service or resource is empty.
pub fn parse_arn(s: &str) -> Option<Arn> {
    let mut parts = s.splitn(6, ':');
    let mut next = || parts.next();
    let (prefix, partition, service) = (next()?, next()?, next()?);
    let (region, account_id, resource) = (next()?, next()?, next()?);
    if prefix != "arn" || partition.is_empty() || service.is_empty() || resource.is_empty() {
        return None;
    }
    Some(Arn {
        partition: partition.to_owned(),
        service: service.to_owned(),
        region: region.to_owned(),
        account_id: account_id.to_owned(),
        resource_id: resource.split([':', '/']).map(str::to_owned).collect(),
    })
}

/// `aws.isVirtualHostableS3Bucket`: whether a bucket name can be used as a host
/// label (`bucket.s3.amazonaws.com`): 3 to 63 lower-case letters, digits and
/// hyphens, starting and ending with a letter or digit; with `allow_subdomains`
/// dots may separate labels, but a label may not start or end with a hyphen
/// and the whole name may not look like an IPv4 address.
pub fn is_virtual_hostable_s3_bucket(s: &str, allow_subdomains: bool) -> bool {
    let edge_ok = |b: Option<u8>| b.is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
    let bytes = s.as_bytes();
    if !(3..=63).contains(&bytes.len()) || !edge_ok(bytes.first().copied()) || !edge_ok(bytes.last().copied()) {
        return false;
    }
    let plain = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-';
    if !allow_subdomains {
        return bytes.iter().all(|&b| plain(b));
    }
    let labels_ok = bytes.windows(2).all(|pair| match pair {
        [b'.' | b'-', b'.'] | [b'.', b'-'] => false,
        [_, next] => plain(*next) || *next == b'.',
        _ => true,
    });
    labels_ok && !is_ipv4(s)
}

/// A value in an endpoint's `properties` (rule sets put auth schemes there).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// A string, after template expansion.
    String(String),
    /// A boolean.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A list, in rule-set order.
    Array(Vec<Value>),
    /// An object, keys in rule-set order.
    Object(Vec<(String, Value)>),
}

impl Value {
    /// The member `key` of an object; `None` for other values.
    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Object(members) => members.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The text of a string value.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// The value of a boolean.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// The items of an array.
    pub fn as_array(&self) -> Option<&[Value]> {
        match self {
            Value::Array(items) => Some(items),
            _ => None,
        }
    }
}

/// A resolved endpoint: where to send the request and what else the rules said.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    /// The full URL, templates expanded.
    pub url: String,
    /// Headers to add to the request, each with its values in order.
    pub headers: Vec<(String, Vec<String>)>,
    /// Rule-set properties such as `authSchemes`, in rule-set order.
    pub properties: Vec<(String, Value)>,
}

impl Endpoint {
    /// An endpoint with only a URL, the common case.
    pub fn from_url(url: impl Into<String>) -> Self {
        Endpoint { url: url.into(), headers: Vec::new(), properties: Vec::new() }
    }

    /// The property `name`, if the rules set one.
    pub fn property(&self, name: &str) -> Option<&Value> {
        self.properties.iter().find(|(k, _)| k == name).map(|(_, v)| v)
    }
}

/// Endpoint resolution failed: an error rule matched (its message says why,
/// e.g. a FIPS endpoint does not exist in the region), or a required parameter
/// such as the region was not set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolveEndpointError {
    message: String,
}

impl ResolveEndpointError {
    /// An error with the given message (named as in the official SDK, so code
    /// written against it keeps compiling).
    #[must_use]
    pub fn message(message: impl Into<String>) -> Self {
        ResolveEndpointError { message: message.into() }
    }

    /// The message; a method named `message` is taken by the constructor.
    #[must_use]
    pub fn get_message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for ResolveEndpointError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ResolveEndpointError {}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(scheme: &str, authority: &str, path: &str, normalized_path: &str, is_ip: bool) -> Url {
        Url {
            scheme: scheme.into(),
            authority: authority.into(),
            path: path.into(),
            normalized_path: normalized_path.into(),
            is_ip,
        }
    }

    #[test]
    fn parse_url_splits_spec_and_suite_examples() {
        let cases = [
            ("https://example.com", url("https", "example.com", "", "/", false)),
            ("https://authority.com/", url("https", "authority.com", "/", "/", false)),
            ("http://example.com:80/foo/bar", url("http", "example.com:80", "/foo/bar", "/foo/bar/", false)),
            ("https://example.com:8443/foo/bar", url("https", "example.com:8443", "/foo/bar", "/foo/bar/", false)),
            ("https://127.0.0.1", url("https", "127.0.0.1", "", "/", true)),
            ("https://1.2.3.4", url("https", "1.2.3.4", "", "/", true)),
            ("http://192.168.1.1:1234/foo/", url("http", "192.168.1.1:1234", "/foo/", "/foo/", true)),
            ("https://[fe80::1]", url("https", "[fe80::1]", "", "/", true)),
            ("http://[::1]/", url("http", "[::1]", "/", "/", true)),
            ("https://[2001:db8::7348]:443", url("https", "[2001:db8::7348]:443", "", "/", true)),
            ("https://999.999.abc.blah", url("https", "999.999.abc.blah", "", "/", false)),
            ("http://99_ab-.com", url("http", "99_ab-.com", "", "/", false)),
            ("HTTPS://Example.com//a", url("https", "Example.com", "//a", "//a/", false)),
            ("https://example.com/a#x?y", url("https", "example.com", "/a", "/a/", false)),
        ];
        for (input, expected) in cases {
            assert_eq!(parse_url(input), Some(expected), "{input}");
            assert!(is_valid_url(input), "{input}");
        }
    }

    #[test]
    fn parse_url_rejects_queries_other_schemes_and_malformed_authorities() {
        let rejected = [
            "https://example.com:8443?foo=bar&faz=baz",
            "https://example.com/path?query1=foo",
            "https://example.com?",
            "acbd://example.com",
            "ftp://example.com",
            "example.com",
            "https:/example.com",
            "http://abc.com:a/foo",
            "http://abc.com:",
            "http://abc.com:65536",
            "http://abc.com:000001",
            "http://user:secret@example.com",
            "https://",
            "https:///path",
            "http://:80",
            "http://[::1",
            "http://[]/",
            "http://[zz::1]",
            "http://[::1]x",
            "http://[::1]:",
            "https://exa mple.com",
            "https://example.com/\n",
            "https://ex\u{e4}mple.com",
            "https://a%20b.com",
            "",
        ];
        for input in rejected {
            assert_eq!(parse_url(input), None, "{input:?}");
            assert!(!is_valid_url(input), "{input:?}");
        }
    }

    #[test]
    fn parse_url_is_ip_needs_four_octets_up_to_255() {
        for host in ["1.2.3.256", "1.2.3", "1.2.3.4.5", "1.2.3.", "a.b.c.d", "1.2.3.0004"] {
            let parsed = parse_url(&format!("https://{host}")).expect(host);
            assert!(!parsed.is_ip, "{host}");
        }
        assert!(parse_url("https://255.0.0.255:1").is_some_and(|u| u.is_ip));
    }

    #[test]
    fn substring_counts_from_either_end_and_refuses_short_or_non_ascii_input() {
        assert_eq!(substring("abcdefg", 0, 4, false).as_deref(), Some("abcd"));
        assert_eq!(substring("abcd", 0, 4, false).as_deref(), Some("abcd"));
        assert_eq!(substring("abcdefg", 0, 4, true).as_deref(), Some("defg"));
        assert_eq!(substring("defg", 0, 4, true).as_deref(), Some("defg"));
        assert_eq!(substring("defg", 1, 3, false).as_deref(), Some("ef"));
        assert_eq!(substring("abcdef", 1, 3, true).as_deref(), Some("de"));
        assert_eq!(substring("\u{7f}abcdef", 0, 4, false).as_deref(), Some("\u{7f}abc"));
        for (input, start, stop, reverse) in [
            ("abc", 0, 4, false),
            ("", 0, 4, false),
            ("ab", 1, 3, false),
            ("abc", 0, 4, true),
            ("abc", 2, 2, false),
            ("abc", 3, 1, false),
            ("\u{fdfd}", 0, 4, false),
            ("abcdef\u{1f431}", 0, 4, false),
            ("abcdef\u{80}", 0, 4, true),
        ] {
            assert_eq!(substring(input, start, stop, reverse), None, "{input:?} {start} {stop}");
        }
    }

    #[test]
    fn uri_encode_keeps_only_unreserved_characters() {
        assert_eq!(uri_encode("a b/c~d"), "a%20b%2Fc~d");
        assert_eq!(uri_encode(""), "");
        assert_eq!(uri_encode("0123456789.underscore_dash-Tilda~"), "0123456789.underscore_dash-Tilda~");
        assert_eq!(
            uri_encode("/:,?#[]{}|@! $&'()*+;=%<>\"^`\\"),
            "%2F%3A%2C%3F%23%5B%5D%7B%7D%7C%40%21%20%24%26%27%28%29%2A%2B%3B%3D%25%3C%3E%22%5E%60%5C"
        );
        assert_eq!(uri_encode("\u{1f639}"), "%F0%9F%98%B9");
        assert_eq!(uri_encode("\u{0}\u{7f}"), "%00%7F");
    }

    #[test]
    fn host_labels_follow_rfc_1123_with_optional_subdomains() {
        let long = "a".repeat(63);
        let too_long = "a".repeat(64);
        // (input, without subdomains, with subdomains)
        let cases = [
            ("us-east-1", true, true),
            ("3aws4", true, true),
            ("a", true, true),
            ("a-", true, true),
            (long.as_str(), true, true),
            (too_long.as_str(), false, false),
            ("part1.part2", false, true),
            ("part1 part2", false, false),
            ("", false, false),
            ("part1.", false, false),
            (".part1", false, false),
            ("part1..part2", false, false),
            ("part1.-part2", false, false),
            ("-a", false, false),
            ("a_b", false, false),
            ("\u{fc}ber", false, false),
        ];
        for (input, single, dotted) in cases {
            assert_eq!(is_valid_host_label(input, false), single, "{input:?}");
            assert_eq!(is_valid_host_label(input, true), dotted, "{input:?} with subdomains");
        }
    }

    fn arn(partition: &str, service: &str, region: &str, account: &str, resource: &[&str]) -> Arn {
        Arn {
            partition: partition.into(),
            service: service.into(),
            region: region.into(),
            account_id: account.into(),
            resource_id: resource.iter().map(ToString::to_string).collect(),
        }
    }

    #[test]
    fn parse_arn_splits_fields_and_resource_id() {
        let cases = [
            (
                "arn:aws:sns:us-west-2:012345678910:example-sns-topic-name",
                arn("aws", "sns", "us-west-2", "012345678910", &["example-sns-topic-name"]),
            ),
            (
                "arn:aws:ec2:us-east-1:012345678910:vpc/vpc-0e9801d129EXAMPLE",
                arn("aws", "ec2", "us-east-1", "012345678910", &["vpc", "vpc-0e9801d129EXAMPLE"]),
            ),
            ("arn:aws:iam::012345678910:user/johndoe", arn("aws", "iam", "", "012345678910", &["user", "johndoe"])),
            ("arn:aws:s3:::bucket_name", arn("aws", "s3", "", "", &["bucket_name"])),
            (
                "arn:aws:s3:us-east-1:123456789012:resource-id/resource-1:resource-2",
                arn("aws", "s3", "us-east-1", "123456789012", &["resource-id", "resource-1", "resource-2"]),
            ),
            ("arn:aws:s3:us-east-2:012345678:outpost:", arn("aws", "s3", "us-east-2", "012345678", &["outpost", ""])),
            (
                "arn:aws:s3:us-east-2:012345678:outpost::",
                arn("aws", "s3", "us-east-2", "012345678", &["outpost", "", ""]),
            ),
            ("arn:aws:s3:us-east-1:abcd:r", arn("aws", "s3", "us-east-1", "abcd", &["r"])),
        ];
        for (input, expected) in cases {
            assert_eq!(parse_arn(input), Some(expected), "{input}");
        }
        for input in [
            "11111111-2222-3333-4444-555555555555",
            "asdf",
            "arn:aws:s3:us-west-2:123456789012:",
            "arn:aws::us-west-2:123456789012:resource-id",
            "arn::s3:us-west-2:123456789012:resource-id",
            "arn:aws:s3:us-west-2",
            "ARN:aws:s3:::bucket",
            "",
        ] {
            assert_eq!(parse_arn(input), None, "{input:?}");
        }
    }

    #[test]
    fn partition_resolves_listed_then_pattern_then_aws() {
        let aws = partition("us-east-1").expect("aws");
        assert_eq!(
            aws,
            Partition {
                name: "aws",
                dns_suffix: "amazonaws.com",
                dual_stack_dns_suffix: "api.aws",
                supports_fips: true,
                supports_dual_stack: true,
                implicit_global_region: "us-east-1",
            }
        );
        let cn = partition("cn-northwest-1").expect("aws-cn");
        assert_eq!(
            (cn.name, cn.dns_suffix, cn.dual_stack_dns_suffix),
            ("aws-cn", "amazonaws.com.cn", "api.amazonwebservices.com.cn")
        );
        let expectations = [
            ("us-gov-west-1", "aws-us-gov"),
            ("aws-us-gov-global", "aws-us-gov"),
            ("aws-cn-global", "aws-cn"),
            ("cn-north-5", "aws-cn"),
            ("us-east-10", "aws"),
            ("us-iso-west-1", "aws-iso"),
            ("us-isob-east-1", "aws-iso-b"),
            ("eu-isoe-west-9", "aws-iso-e"),
            ("us-isof-north-3", "aws-iso-f"),
            ("eusc-de-east-1", "aws-eusc"),
            ("eusc-fr-east-1", "aws"),
            ("mars-east-1", "aws"),
            ("mars-global", "aws"),
            ("us-east-1a", "aws"),
            ("", "aws"),
        ];
        for (region, name) in expectations {
            assert_eq!(partition(region).map(|p| p.name), Some(name), "{region:?}");
        }
    }

    #[test]
    fn region_overrides_replace_only_what_they_name() {
        let base = partition("us-east-1").expect("aws");
        let overrides = super::super::partitions::Overrides {
            dns_suffix: Some("example.net"),
            supports_fips: Some(false),
            ..super::super::partitions::Overrides::NONE
        };
        let seen = overrides.apply(base);
        assert_eq!((seen.dns_suffix, seen.supports_fips), ("example.net", false));
        assert_eq!(Partition { dns_suffix: base.dns_suffix, supports_fips: true, ..seen }, base);
    }

    #[test]
    fn virtual_hostable_buckets_follow_s3_naming_rules() {
        let too_long = "a".repeat(64);
        // (input, without dots, with dots)
        let cases = [
            ("bucket-name", true, true),
            ("bucket-with-number-1", true, true),
            ("bucket--with-multiple-dash", true, true),
            ("abc", true, true),
            ("BucketName", false, false),
            ("bucket_name", false, false),
            ("bucket.name", false, true),
            ("bucket.name.multiple.dots1", false, true),
            ("-bucket-name", false, false),
            ("bucket-name-", false, false),
            ("aa", false, false),
            (too_long.as_str(), false, false),
            (".bucket-name", false, false),
            ("bucket-name.", false, false),
            ("192.168.5.4", false, false),
            ("192.168.5.256", false, true),
            ("bucket-.name", false, false),
            ("bucket.-name", false, false),
            ("bucket..name", false, false),
            ("b\u{fc}cket", false, false),
        ];
        for (input, plain, dotted) in cases {
            assert_eq!(is_virtual_hostable_s3_bucket(input, false), plain, "{input:?}");
            assert_eq!(is_virtual_hostable_s3_bucket(input, true), dotted, "{input:?} with dots");
        }
    }

    #[test]
    fn endpoint_properties_are_found_by_name_and_path() {
        let scheme = Value::Object(vec![
            ("name".into(), Value::String("sigv4".into())),
            ("disableDoubleEncoding".into(), Value::Bool(true)),
        ]);
        let endpoint = Endpoint {
            properties: vec![("authSchemes".into(), Value::Array(vec![scheme]))],
            ..Endpoint::from_url("https://example.com")
        };
        let first = endpoint.property("authSchemes").and_then(Value::as_array).and_then(<[Value]>::first);
        assert_eq!(first.and_then(|s| s.get("name")).and_then(Value::as_str), Some("sigv4"));
        assert_eq!(first.and_then(|s| s.get("disableDoubleEncoding")).and_then(Value::as_bool), Some(true));
        assert_eq!(endpoint.property("missing"), None);
        assert_eq!(Value::Int(1).get("name"), None);
    }

    #[test]
    fn resolve_endpoint_error_displays_its_message() {
        let err = ResolveEndpointError::message("FIPS is not supported in this partition");
        assert_eq!(err.get_message(), "FIPS is not supported in this partition");
        assert_eq!(err.to_string(), "FIPS is not supported in this partition");
        let boxed: Box<dyn std::error::Error> = Box::new(err);
        assert!(boxed.source().is_none());
    }

    /// Odd inputs (empty, `%`, control and non-ASCII characters, huge strings,
    /// random mixes of URL and ARN syntax) never panic and keep the invariants.
    #[test]
    fn functions_never_panic_on_odd_input() {
        const PIECES: &[&str] = &[
            "a",
            "Z",
            "0",
            "9",
            ".",
            "-",
            "_",
            "~",
            ":",
            "/",
            "?",
            "#",
            "[",
            "]",
            "@",
            "%",
            " ",
            "\u{0}",
            "\u{7f}",
            "\u{e9}",
            "\u{1f639}",
            "http://",
            "https://",
            "arn:",
            "::",
            "255",
            "256",
            ":65535",
            "\n",
        ];
        let mut inputs: Vec<String> =
            ["", "%", "%%", "[", "]", "[]", "://", "arn", "arn:::::", "http://[", "https://["]
                .iter()
                .map(ToString::to_string)
                .collect();
        inputs.push("a".repeat(1 << 20));
        inputs.push(format!("https://{}/{}", "a.".repeat(100_000), "\u{e9}".repeat(1000)));
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        for _ in 0..20_000 {
            let mut s = String::new();
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            for i in 0..(state % 24) {
                let pick = usize::try_from((state >> (i * 2)) % PIECES.len() as u64).unwrap_or_default();
                s.push_str(PIECES[pick]);
            }
            inputs.push(s);
        }
        for s in &inputs {
            if let Some(u) = parse_url(s) {
                assert!(u.normalized_path.starts_with('/') && u.normalized_path.ends_with('/'), "{s:?}");
                assert!(!u.authority.is_empty() && !u.authority.contains('@'), "{s:?}");
            }
            for (start, stop) in [(0, 1), (1, 3), (0, 4), (3, 1), (0, usize::MAX), (usize::MAX - 1, usize::MAX)] {
                for reverse in [false, true] {
                    if let Some(sub) = substring(s, start, stop, reverse) {
                        assert_eq!(sub.len(), stop - start, "{s:?}");
                    }
                }
            }
            let encoded = uri_encode(s);
            assert!(encoded.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.~%".contains(&b)), "{s:?}");
            for allow in [false, true] {
                let label = is_valid_host_label(s, allow);
                if is_virtual_hostable_s3_bucket(s, allow) {
                    assert!(label, "{s:?}");
                }
            }
            if let Some(parsed) = parse_arn(s) {
                assert!(!parsed.resource_id.is_empty(), "{s:?}");
            }
            assert!(partition(s).is_some(), "{s:?}");
        }
    }
}
