//! The HTTP bindings of the restJson1 and restXml protocols: members bound to
//! the URI path (`@httpLabel`), the query string (`@httpQuery`,
//! `@httpQueryParams`) and headers (`@httpHeader`, `@httpPrefixHeaders`).
//!
//! Writing percent-encodes labels and query parameters and refuses header text
//! that could split a request. Reading takes header values as the server sent
//! them and reports, by header name, those that do not parse. No error message
//! repeats a value: it may be a secret.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::str::FromStr;

use super::json::{DeserializeError, SerializeError};
use super::orchestrator::RequestParts;
use super::percent;
use crate::error::display_escaped;
use crate::http::HttpResponse;
#[cfg(feature = "datetime")]
use crate::primitives::{DateTime, DateTimeFormat};

/// HTTP's optional whitespace around header values and list items.
const OWS: [char; 2] = [' ', '\t'];

/// Appends the value of the URI label `name` to `uri`, percent-encoded.
///
/// Every byte but RFC 3986's unreserved characters is encoded, so a label
/// stays one path segment (`a/b` is written `a%2Fb`); a greedy label
/// (`{Key+}`) keeps its `/` and may span several segments.
///
/// An empty value is an error: the path would lose a segment and name another
/// resource. So is a value that is, or for a greedy label has a segment that
/// is, `.` or `..`: clients, proxies and servers may resolve those (RFC 3986
/// §5.2.4) and send the request to another resource.
///
/// ```
/// use smithy_client_runtime::rt::rest::push_label;
///
/// let mut uri = String::from("/buckets/");
/// push_label(&mut uri, "Key", "photos/2024 summer.jpg", true).unwrap();
/// assert_eq!(uri, "/buckets/photos/2024%20summer.jpg");
/// ```
pub fn push_label(uri: &mut String, name: &str, value: &str, greedy: bool) -> Result<(), SerializeError> {
    if value.is_empty() {
        return Err(SerializeError(format!("the HTTP label `{name}` must not be empty")));
    }
    let is_dot_segment = |segment: &str| segment == "." || segment == "..";
    if greedy {
        if value.split('/').any(is_dot_segment) {
            return Err(SerializeError(format!(
                "the HTTP label `{name}` must not have a path segment that is `.` or `..`"
            )));
        }
        uri.push_str(&percent::encode_keeping(value.as_bytes(), b"/"));
    } else {
        if is_dot_segment(value) {
            return Err(SerializeError(format!("the HTTP label `{name}` must not be `.` or `..`")));
        }
        uri.push_str(&percent::encode(value.as_bytes()));
    }
    Ok(())
}

/// [`push_label`] for Amazon S3's object keys, which may hold `.` and `..`
/// segments: S3 reads the key as written (its requests are signed without
/// path normalisation), so such keys are sent as they are.
pub fn push_key_label(uri: &mut String, name: &str, value: &str) -> Result<(), SerializeError> {
    if value.is_empty() {
        return Err(SerializeError(format!("the HTTP label `{name}` must not be empty")));
    }
    uri.push_str(&percent::encode_keeping(value.as_bytes(), b"/"));
    Ok(())
}

/// A query string under construction: parameters in the order pushed.
///
/// ```
/// use smithy_client_runtime::rt::rest::Query;
///
/// let mut query = Query::new();
/// query.push_raw("list-type=2");
/// query.push("prefix", "a b&c");
/// let mut uri = String::from("/bucket");
/// query.finish(&mut uri);
/// assert_eq!(uri, "/bucket?list-type=2&prefix=a%20b%26c");
/// ```
#[derive(Clone, Debug, Default)]
pub struct Query {
    text: String,
    /// The keys pushed so far, percent-encoded.
    keys: HashSet<String>,
}

impl Query {
    /// An empty query string.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds `name=value`, both percent-encoded (only unreserved characters
    /// kept). An empty value is written `name=`.
    pub fn push(&mut self, name: &str, value: &str) {
        let name = percent::encode(name.as_bytes());
        self.separate();
        self.text.push_str(&name);
        self.text.push('=');
        self.text.push_str(&percent::encode(value.as_bytes()));
        self.keys.insert(name);
    }

    /// Adds literal query text from the operation's URI pattern, such as
    /// `list-type=2` or `uploads`, which the model already gives encoded.
    /// Empty text adds nothing.
    pub fn push_raw(&mut self, pair: &str) {
        if pair.is_empty() {
            return;
        }
        self.separate();
        self.text.push_str(pair);
        let key = pair.split_once('=').map_or(pair, |(key, _)| key);
        self.keys.insert(key.to_owned());
    }

    /// Whether a parameter named `name` was pushed, so that an `@httpQuery`
    /// member wins over an entry of the same name in an `@httpQueryParams`
    /// map. For a map of lists, ask before pushing the entry's first value.
    pub fn contains(&self, name: &str) -> bool {
        self.keys.contains(&percent::encode(name.as_bytes()))
    }

    /// Appends the query string to `uri`: nothing when no parameter was
    /// pushed, otherwise `?` (or `&` when `uri` already has a query) and the
    /// parameters joined with `&`.
    pub fn finish(self, uri: &mut String) {
        if self.text.is_empty() {
            return;
        }
        uri.push(if uri.contains('?') { '&' } else { '?' });
        uri.push_str(&self.text);
    }

    fn separate(&mut self) {
        if !self.text.is_empty() {
            self.text.push('&');
        }
    }
}

/// A `float` as label, query or header text: `NaN`, `Infinity` and
/// `-Infinity` for the non-finite values, otherwise the shortest
/// text that reads back as the same `f32`, always with a `.` or an exponent:
/// `1.1`, `1.0`, `1e21`, `1e-7` (Rust's `{:?}`). The AWS SDK for Rust writes
/// the same shortest digits, `1.0` rather than `1` included; every float
/// parser reads this form.
pub fn fmt_f32(v: f32) -> String {
    match special_float(f64::from(v)) {
        Some(text) => text.to_owned(),
        None => format!("{v:?}"),
    }
}

/// A `double` as label, query or header text, as [`fmt_f32`] describes:
/// `1.1`, `1.0`, `1e300`, `NaN`, `Infinity`, `-Infinity`.
pub fn fmt_f64(v: f64) -> String {
    match special_float(v) {
        Some(text) => text.to_owned(),
        None => format!("{v:?}"),
    }
}

fn special_float(v: f64) -> Option<&'static str> {
    if v.is_nan() {
        Some("NaN")
    } else if v == f64::INFINITY {
        Some("Infinity")
    } else if v == f64::NEG_INFINITY {
        Some("-Infinity")
    } else {
        None
    }
}

/// A timestamp as label, query or header text in `format`; the error names
/// the member or header `name` (a calendar format needs a year from 0000 to
/// 9999).
#[cfg(feature = "datetime")]
pub fn fmt_timestamp(name: &str, value: &DateTime, format: DateTimeFormat) -> Result<String, SerializeError> {
    value.fmt(format).map_err(|e| SerializeError(format!("`{name}`: {e}")))
}

/// One string of a header list as it must be written: quoted (with `"` and
/// `\` escaped by `\`) when it holds a `,` or `"`, starts or ends with
/// whitespace, or is empty, since a reader would otherwise split, trim or drop
/// it; as it is otherwise.
///
/// ```
/// use smithy_client_runtime::rt::rest::{header_list_item, join_header_list};
///
/// let items = ["a", "b,c", "say \"hi\""];
/// let header = join_header_list(items.iter().map(|s| header_list_item(s)));
/// assert_eq!(header, r#"a, "b,c", "say \"hi\"""#);
/// ```
pub fn header_list_item(value: &str) -> Cow<'_, str> {
    let needs_quotes = value.is_empty() || value.contains([',', '"']) || value.trim_matches(OWS).len() != value.len();
    if !needs_quotes {
        return Cow::Borrowed(value);
    }
    let mut quoted = String::with_capacity(value.len() + 2);
    quoted.push('"');
    for c in value.chars() {
        if matches!(c, '"' | '\\') {
            quoted.push('\\');
        }
        quoted.push(c);
    }
    quoted.push('"');
    Cow::Owned(quoted)
}

/// Joins header list items with `, `. Strings should go through
/// [`header_list_item`] first; numbers, booleans and timestamps need not.
pub fn join_header_list<I: IntoIterator<Item = S>, S: AsRef<str>>(items: I) -> String {
    let mut out = String::new();
    for (i, item) in items.into_iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        out.push_str(item.as_ref());
    }
    out
}

/// The value of the response header `name` (compared case-insensitively), or
/// `None` when there is none. A header sent several times reads as one list,
/// its values joined with `, ` in arrival order (RFC 9110 §5.3).
pub fn header_value<'a>(response: &'a HttpResponse, name: &str) -> Option<Cow<'a, str>> {
    let mut values =
        response.headers().iter().filter(|(header, _)| header.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str());
    let first = values.next()?;
    let Some(second) = values.next() else {
        return Some(Cow::Borrowed(first));
    };
    let mut joined = format!("{first}, {second}");
    for value in values {
        joined.push_str(", ");
        joined.push_str(value);
    }
    Some(Cow::Owned(joined))
}

/// Splits a header list of strings: items are separated by commas and
/// trimmed of spaces and tabs; a quoted item (`"b,c"`) is unquoted, a `\`
/// inside it escaping the next character. Empty unquoted items are skipped,
/// as RFC 9110 §5.6.1 asks (so a blank value is an empty list); `""` is an
/// empty string.
///
/// A quote left open, or text between a closing quote and the next comma, is
/// an error; the caller adds the header's name with [`DeserializeError::at`].
pub fn split_header_list(value: &str) -> Result<Vec<String>, DeserializeError> {
    let mut items = Vec::new();
    let mut rest = value;
    loop {
        rest = rest.trim_start_matches(OWS);
        let after_item = if let Some(quoted) = rest.strip_prefix('"') {
            let (item, after) = read_quoted(quoted)?;
            items.push(item);
            let after = after.trim_start_matches(OWS);
            if !after.is_empty() && !after.starts_with(',') {
                return Err(DeserializeError::new("a quoted item of a header list is followed by more than a comma"));
            }
            after
        } else {
            let end = rest.find(',').unwrap_or(rest.len());
            let (item, after) = rest.split_at(end);
            let item = item.trim_end_matches(OWS);
            if !item.is_empty() {
                items.push(item.to_owned());
            }
            after
        };
        match after_item.strip_prefix(',') {
            Some(next) => rest = next,
            None => return Ok(items),
        }
    }
}

/// Reads a quoted string up to its closing quote (`s` starts just after the
/// opening one) and returns it unescaped with the text after the quote.
fn read_quoted(s: &str) -> Result<(String, &str), DeserializeError> {
    let mut item = String::new();
    let mut chars = s.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return Ok((item, &s[i + c.len_utf8()..])),
            '\\' => match chars.next() {
                Some((_, escaped)) => item.push(escaped),
                None => break,
            },
            c => item.push(c),
        }
    }
    Err(DeserializeError::new("a quoted item of a header list has no closing quote"))
}

/// Splits a header list of http-dates, whose items have a comma of their own
/// (`Mon, 16 Dec 2019 23:48:18 GMT, Tue, 17 Dec 2019 23:48:18 GMT`). A blank
/// value is an empty list; the caller adds the header's name to an error with
/// [`DeserializeError::at`].
#[cfg(feature = "datetime")]
pub fn split_http_date_list(value: &str) -> Result<Vec<DateTime>, DeserializeError> {
    let mut dates = Vec::new();
    let mut rest = value;
    while !rest.trim_matches(OWS).is_empty() {
        let (date, after) = DateTime::read(rest, DateTimeFormat::HttpDate, ',')
            .map_err(|_| DeserializeError::new("an item of a header list is not an http-date (IMF-fixdate)"))?;
        dates.push(date);
        rest = after;
    }
    Ok(dates)
}

/// Reads the header `name`'s value, trimmed of spaces and tabs, with `T`'s
/// `FromStr` (integers, mostly).
pub fn parse_header<T: FromStr>(name: &str, value: &str) -> Result<T, DeserializeError> {
    let type_name = std::any::type_name::<T>();
    let short_name = type_name.rsplit("::").next().unwrap_or(type_name);
    value.trim_matches(OWS).parse().map_err(|_| invalid_header(name, short_name))
}

/// Reads a boolean header: `true` or `false`, trimmed of spaces and tabs.
pub fn parse_bool(name: &str, value: &str) -> Result<bool, DeserializeError> {
    match value.trim_matches(OWS) {
        "true" => Ok(true),
        "false" => Ok(false),
        _ => Err(invalid_header(name, "boolean (`true` or `false`)")),
    }
}

/// Reads a `float` header: a decimal number (correctly rounded to `f32`), or
/// `NaN`, `Infinity` or `-Infinity`. Rust's other spellings (`inf`, `nan`) are
/// accepted too.
pub fn parse_f32(name: &str, value: &str) -> Result<f32, DeserializeError> {
    value.trim_matches(OWS).parse().map_err(|_| invalid_header(name, "float"))
}

/// Reads a `double` header, as [`parse_f32`] does.
pub fn parse_f64(name: &str, value: &str) -> Result<f64, DeserializeError> {
    value.trim_matches(OWS).parse().map_err(|_| invalid_header(name, "double"))
}

/// Reads a timestamp header in `format` (http-date unless the member says
/// otherwise).
#[cfg(feature = "datetime")]
pub fn parse_timestamp(name: &str, value: &str, format: DateTimeFormat) -> Result<DateTime, DeserializeError> {
    let what = match format {
        DateTimeFormat::DateTime => "date-time (RFC 3339) timestamp",
        DateTimeFormat::HttpDate => "http-date (IMF-fixdate) timestamp",
        DateTimeFormat::EpochSeconds => "epoch-seconds timestamp",
    };
    DateTime::from_str(value.trim_matches(OWS), format).map_err(|_| invalid_header(name, what))
}

fn invalid_header(name: &str, what: &str) -> DeserializeError {
    DeserializeError::new(format!("the header `{}` is not a valid {what}", display_escaped(name)))
}

/// The headers an `@httpPrefixHeaders` member binds: every header whose name
/// starts with `prefix` (case-insensitively), keyed by the rest of its name as
/// received. Names differing only in case are one header: the first spelling
/// is the key and the values are joined with `, ` in arrival order. A header
/// named exactly `prefix` has no key and is left out.
pub fn prefix_headers(response: &HttpResponse, prefix: &str) -> HashMap<String, String> {
    let mut headers: HashMap<String, String> = HashMap::new();
    // Lower-cased key to the spelling first received.
    let mut spellings: HashMap<String, String> = HashMap::new();
    for (name, value) in response.headers() {
        let Some(key) = strip_prefix_ignore_ascii_case(name, prefix).filter(|key| !key.is_empty()) else {
            continue;
        };
        let key = spellings.entry(key.to_ascii_lowercase()).or_insert_with(|| key.to_owned());
        match headers.get_mut(key.as_str()) {
            Some(joined) => {
                joined.push_str(", ");
                joined.push_str(value);
            }
            None => {
                headers.insert(key.clone(), value.clone());
            }
        }
    }
    headers
}

fn strip_prefix_ignore_ascii_case<'a>(name: &'a str, prefix: &str) -> Option<&'a str> {
    let head = name.as_bytes().get(..prefix.len())?;
    // `get` also refuses a cut inside a character, which a non-ASCII name
    // could otherwise ask for.
    if head.eq_ignore_ascii_case(prefix.as_bytes()) { name.get(prefix.len()..) } else { None }
}

/// A string header with `@mediaType` as it is sent: base64 (standard
/// alphabet, padded) of its UTF-8 bytes.
#[cfg(feature = "blob")]
pub fn base64_header(value: &str) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(value)
}

/// Reads a string header with `@mediaType`: base64 of UTF-8 text, trimmed of
/// spaces and tabs.
#[cfg(feature = "blob")]
pub fn base64_header_decode(name: &str, value: &str) -> Result<String, DeserializeError> {
    use base64::Engine as _;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(value.trim_matches(OWS))
        .map_err(|_| invalid_header(name, "base64 string"))?;
    String::from_utf8(bytes).map_err(|_| invalid_header(name, "base64 encoding of UTF-8 text"))
}

/// Refuses a header value that holds a control character (tab aside): a CR or
/// LF would end the header and let the rest of the value pose as further
/// headers or a second request, and HTTP allows none of the others.
pub fn check_header_value(name: &str, value: &str) -> Result<(), SerializeError> {
    if value.bytes().any(|b| (b < 0x20 && b != b'\t') || b == 0x7f) {
        return Err(SerializeError(format!(
            "the value of the header `{}` has a control character such as a line break, which HTTP does not allow",
            display_escaped(name)
        )));
    }
    Ok(())
}

/// Refuses a header name that is not an RFC 9110 token (letters, digits and
/// ``!#$%&'*+-.^_`|~``), as a caller-supplied prefix-header key may be.
pub fn check_header_name(name: &str) -> Result<(), SerializeError> {
    let is_token_byte = |b: u8| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b);
    if name.is_empty() || !name.bytes().all(is_token_byte) {
        return Err(SerializeError(format!(
            "`{}` is not a valid HTTP header name: it must be letters, digits and !#$%&'*+-.^_`|~ only",
            display_escaped(name)
        )));
    }
    Ok(())
}

/// Adds the headers bound to input members to `parts`, refusing values that
/// could end the header early; a bound `Content-Type` replaces the one the
/// protocol chose for the body.
pub fn with_headers(
    mut parts: RequestParts,
    headers: Vec<(Cow<'static, str>, String)>,
) -> Result<RequestParts, SerializeError> {
    for (name, value) in headers {
        check_header_value(&name, &value)?;
        if name.eq_ignore_ascii_case("content-type") {
            parts.headers.retain(|(n, _)| !n.eq_ignore_ascii_case("content-type"));
        }
        parts = parts.header(name, value);
    }
    Ok(parts)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn response(headers: &[(&str, &str)]) -> HttpResponse {
        let headers = headers.iter().map(|&(n, v)| (n.to_owned(), v.to_owned())).collect();
        HttpResponse::new(200, headers, Vec::new())
    }

    fn label(value: &str, greedy: bool) -> Result<String, SerializeError> {
        let mut uri = String::from("/p/");
        push_label(&mut uri, "Key", value, greedy).map(|()| uri)
    }

    #[test]
    fn labels_are_percent_encoded_and_only_greedy_ones_keep_slashes() {
        assert_eq!(label("hello/escape", false).unwrap(), "/p/hello%2Fescape");
        assert_eq!(label("there/guy", true).unwrap(), "/p/there/guy");
        assert_eq!(
            label("%:/?#[]@!$&'()*+,;= \u{e9}~", false).unwrap(),
            "/p/%25%3A%2F%3F%23%5B%5D%40%21%24%26%27%28%29%2A%2B%2C%3B%3D%20%C3%A9~"
        );
        assert_eq!(label("/lead//double/", true).unwrap(), "/p//lead//double/");
        assert_eq!(label("a..b/.c/d.", true).unwrap(), "/p/a..b/.c/d.");
        assert_eq!(label("...", false).unwrap(), "/p/...");
    }

    #[test]
    fn empty_labels_are_refused_with_their_name() {
        for greedy in [false, true] {
            let err = label("", greedy).unwrap_err();
            assert_eq!(err.0, "the HTTP label `Key` must not be empty");
        }
    }

    #[test]
    fn dot_segments_are_refused_so_the_path_cannot_climb() {
        for value in [".", ".."] {
            assert!(label(value, false).is_err());
        }
        for value in [".", "..", "../etc/passwd", "a/../../b", "a/.", "a/./b", "/..", "a/../"] {
            let err = label(value, true).unwrap_err();
            assert!(err.0.contains("`Key`"), "{err}");
        }
        // Encoded, they are plain data.
        assert_eq!(label("a/../b", false).unwrap(), "/p/a%2F..%2Fb");
    }

    #[test]
    fn query_parameters_are_encoded_and_joined_in_order() {
        let mut query = Query::new();
        query.push_raw("Hi=Hello%20there");
        query.push_raw("flag");
        query.push("String", "Hello there & ~ / \u{1f600}");
        query.push("Empty", "");
        query.push("a b", "c");
        let mut uri = String::from("/path");
        query.finish(&mut uri);
        assert_eq!(
            uri,
            "/path?Hi=Hello%20there&flag&String=Hello%20there%20%26%20~%20%2F%20%F0%9F%98%80&Empty=&a%20b=c"
        );
    }

    #[test]
    fn an_empty_query_adds_nothing_and_an_existing_one_is_extended() {
        let mut uri = String::from("/path");
        let mut query = Query::default();
        query.push_raw("");
        query.finish(&mut uri);
        assert_eq!(uri, "/path");

        let mut uri = String::from("/path?x-id=GetObject");
        let mut query = Query::new();
        query.push("k", "v");
        query.finish(&mut uri);
        assert_eq!(uri, "/path?x-id=GetObject&k=v");
    }

    #[test]
    fn contains_tells_which_keys_were_pushed_so_explicit_parameters_win() {
        let mut query = Query::new();
        query.push("bar", "named");
        query.push("a b", "1");
        query.push_raw("uploads");
        query.push_raw("list-type=2");
        for (name, expected) in [("bar", true), ("a b", true), ("uploads", true), ("list-type", true), ("qux", false)] {
            assert_eq!(query.contains(name), expected, "{name}");
        }
        assert!(!query.contains("named"));
        assert!(!query.contains("a%20b"));
    }

    #[test]
    fn floats_are_written_in_their_shortest_round_trip_form() {
        assert_eq!(fmt_f32(1.1), "1.1");
        assert_eq!(fmt_f32(0.1), "0.1");
        assert_eq!(fmt_f32(1.0), "1.0");
        assert_eq!(fmt_f32(f32::MAX), "3.4028235e38");
        assert_eq!(fmt_f64(1.1), "1.1");
        assert_eq!(fmt_f64(-2.0), "-2.0");
        assert_eq!(fmt_f64(-0.0), "-0.0");
        assert_eq!(fmt_f64(1e21), "1e21");
        assert_eq!(fmt_f64(1e-7), "1e-7");
        assert_eq!(fmt_f64(5e-324), "5e-324");
        assert_eq!(fmt_f64(f64::MAX), "1.7976931348623157e308");
        for (v, text) in [(f64::NAN, "NaN"), (f64::INFINITY, "Infinity"), (f64::NEG_INFINITY, "-Infinity")] {
            assert_eq!(fmt_f64(v), text);
            assert_eq!(fmt_f32(v as f32), text);
        }
    }

    #[test]
    fn written_floats_read_back_unchanged() {
        // A fixed pseudo-random walk over bit patterns, specials included.
        let mut bits = 0x9e37_79b9_7f4a_7c15_u64;
        for _ in 0..20_000 {
            bits = bits.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
            let double = f64::from_bits(bits);
            let back = parse_f64("X", &fmt_f64(double)).unwrap();
            assert!(back.to_bits() == double.to_bits() || (back.is_nan() && double.is_nan()), "{double:e}");
            let float = f32::from_bits((bits >> 32) as u32);
            let back = parse_f32("X", &fmt_f32(float)).unwrap();
            assert!(back.to_bits() == float.to_bits() || (back.is_nan() && float.is_nan()), "{float:e}");
        }
    }

    #[test]
    fn header_list_items_are_quoted_only_when_a_reader_would_change_them() {
        for plain in ["a", "a b", "back\\slash", "\u{e9}", "(x)"] {
            assert!(matches!(header_list_item(plain), Cow::Borrowed(s) if s == plain));
        }
        assert_eq!(header_list_item("b,c"), "\"b,c\"");
        assert_eq!(header_list_item("\"def\""), r#""\"def\"""#);
        assert_eq!(header_list_item("a\\\""), r#""a\\\"""#);
        assert_eq!(header_list_item(" padded"), "\" padded\"");
        assert_eq!(header_list_item("tab\t"), "\"tab\t\"");
        assert_eq!(header_list_item(""), "\"\"");
        assert_eq!(join_header_list(Vec::<String>::new()), "");
        assert_eq!(join_header_list(["1", "2", "3"]), "1, 2, 3");
    }

    #[test]
    fn written_header_lists_split_back_into_the_same_items() {
        let lists: [&[&str]; 5] = [
            &["b,c", "\"def\"", "a"],
            &["", " ", "\\", "\\\"", "\"\\"],
            &["one"],
            &["x,", ",y", "\u{e9}\u{1f600}", "a\tb"],
            &["trailing\\"],
        ];
        for items in lists {
            let header = join_header_list(items.iter().map(|s| header_list_item(s)));
            assert_eq!(split_header_list(&header).unwrap(), *items, "{header}");
        }
    }

    #[test]
    fn header_lists_are_split_on_commas_and_trimmed() {
        assert_eq!(split_header_list(r#""b,c", "\"def\"", a"#).unwrap(), ["b,c", "\"def\"", "a"]);
        assert_eq!(split_header_list(" a ,\tb\t,c").unwrap(), ["a", "b", "c"]);
        assert_eq!(split_header_list("a,,b, ,").unwrap(), ["a", "b"]);
        assert_eq!(split_header_list(r#""", a"#).unwrap(), ["", "a"]);
        assert_eq!(split_header_list(r#"a"b, c\d"#).unwrap(), ["a\"b", "c\\d"]);
        assert_eq!(split_header_list(r#""\x\\""#).unwrap(), ["x\\"]);
        assert!(split_header_list("").unwrap().is_empty());
        assert!(split_header_list(" \t ,, ").unwrap().is_empty());
    }

    #[test]
    fn malformed_quoting_is_an_error_not_a_guess() {
        for bad in [r#"""#, r#""abc"#, r#""abc\""#, r#"a, "b"#, r#""a" b"#, r#""a""b""#, "\"\\"] {
            assert!(split_header_list(bad).is_err(), "{bad}");
        }
        let err = split_header_list(r#""secret"#).unwrap_err().at("X-List");
        assert!(err.to_string().contains("X-List") && !err.to_string().contains("secret"), "{err}");
    }

    #[test]
    fn header_lists_of_any_size_split_without_recursion() {
        let header = vec!["\"a,b\""; 100_000].join(",");
        assert_eq!(split_header_list(&header).unwrap().len(), 100_000);
        assert_eq!(split_header_list(&",".repeat(100_000)).unwrap().len(), 0);
    }

    #[test]
    fn several_headers_of_one_name_read_as_one_list() {
        let response = response(&[("X-Foo", "a"), ("content-type", "x"), ("x-foo", "b, c"), ("X-FOO", "d")]);
        assert!(matches!(header_value(&response, "Content-Type"), Some(Cow::Borrowed("x"))));
        assert_eq!(header_value(&response, "x-FOO").unwrap(), "a, b, c, d");
        assert_eq!(split_header_list(&header_value(&response, "X-Foo").unwrap()).unwrap(), ["a", "b", "c", "d"]);
        assert_eq!(header_value(&response, "X-Fo"), None);
    }

    #[test]
    fn scalar_headers_parse_trimmed_and_errors_name_the_header() {
        assert_eq!(parse_header::<i32>("X-Integer", " 123\t").unwrap(), 123);
        assert_eq!(parse_header::<i64>("X-Long", "-9223372036854775808").unwrap(), i64::MIN);
        assert_eq!(parse_header::<u8>("X", "+7").unwrap(), 7);
        let err = parse_header::<i8>("X-Byte", "300").unwrap_err();
        assert_eq!(err.to_string(), "the header `X-Byte` is not a valid i8");
        for bad in ["", "1.0", "1 2", "0x10", "\u{661}", "99999999999999999999"] {
            assert!(parse_header::<i64>("X", bad).is_err(), "{bad}");
        }
        assert!(parse_bool("X", " true").unwrap());
        assert!(!parse_bool("X", "false ").unwrap());
        for bad in ["", "True", "1", "yes", "truee"] {
            assert!(parse_bool("X-Boolean", bad).unwrap_err().to_string().contains("`X-Boolean`"));
        }
    }

    #[test]
    fn float_headers_accept_smithy_specials() {
        assert_eq!(parse_f32("X", "1.1").unwrap(), 1.1f32);
        assert_eq!(parse_f64("X", " 1.1 ").unwrap(), 1.1);
        assert_eq!(parse_f64("X", "1e3").unwrap(), 1000.0);
        assert!(parse_f64("X", "NaN").unwrap().is_nan());
        assert!(parse_f32("X", "NaN").unwrap().is_nan());
        assert_eq!(parse_f64("X", "Infinity").unwrap(), f64::INFINITY);
        assert_eq!(parse_f64("X", "-Infinity").unwrap(), f64::NEG_INFINITY);
        assert_eq!(parse_f32("X", "-Infinity").unwrap(), f32::NEG_INFINITY);
        for bad in ["", "1,5", "one", "1.1.1", "--1"] {
            assert!(parse_f64("X-Double", bad).unwrap_err().to_string().contains("`X-Double`"), "{bad}");
            assert!(parse_f32("X-Float", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn prefix_headers_are_keyed_by_the_rest_of_their_name() {
        let response = response(&[
            ("X-Foo-Abc", "1"),
            ("x-foo-abc", "2"),
            ("x-FOO-Def", "3"),
            ("X-Foo-", "no key"),
            ("X-Fo", "too short"),
            ("Content-Type", "x"),
            ("X-Foo-\u{e9}", "4"),
        ]);
        let headers = prefix_headers(&response, "X-Foo-");
        let mut entries: Vec<_> = headers.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        entries.sort();
        assert_eq!(entries, [("Abc", "1, 2"), ("Def", "3"), ("\u{e9}", "4")]);
        assert_eq!(prefix_headers(&response, "").len(), 6);
        assert!(prefix_headers(&response, "Missing-").is_empty());
    }

    #[test]
    fn a_prefix_never_cuts_a_character_in_two() {
        let response = response(&[("\u{e9}t\u{e9}", "v"), ("\u{e9}", "w")]);
        // The first byte of `\u{e9}` is not a character; nothing matches it.
        let prefix = "\u{e8}";
        assert!(prefix_headers(&response, prefix).is_empty());
        assert_eq!(prefix_headers(&response, "\u{e9}").get("t\u{e9}").map(String::as_str), Some("v"));
    }

    #[test]
    fn header_values_with_control_characters_are_refused() {
        assert!(check_header_value("X", "plain value\twith tab, \u{e9}").is_ok());
        assert!(check_header_value("X", "").is_ok());
        for bad in ["a\r\nInjected: 1", "a\n", "a\r", "\0", "\u{1b}[2J", "\u{7f}"] {
            let err = check_header_value("X-Secret", bad).unwrap_err();
            assert!(err.0.contains("`X-Secret`") && !err.0.contains('\n'), "{err}");
        }
    }

    #[test]
    fn header_names_must_be_tokens() {
        for good in ["X-Foo-Abc", "a", "!#$%&'*+-.^_`|~09AZaz"] {
            assert!(check_header_name(good).is_ok(), "{good}");
        }
        for bad in ["", "a b", "a:b", "a\r\nb", "\u{e9}", "(x)", "a,b", "a\"b", "a/b"] {
            let err = check_header_name(bad).unwrap_err();
            assert!(!err.0.contains('\r'), "{err}");
        }
    }

    #[cfg(feature = "datetime")]
    #[test]
    fn http_date_lists_split_on_the_commas_between_dates() {
        let dates = split_http_date_list("Mon, 16 Dec 2019 23:48:18 GMT, Tue, 17 Dec 2019 23:48:18 GMT").unwrap();
        assert_eq!(dates.iter().map(DateTime::secs).collect::<Vec<_>>(), [1576540098, 1576626498]);
        assert_eq!(split_http_date_list(" Mon, 16 Dec 2019 23:48:18 GMT ").unwrap().len(), 1);
        assert!(split_http_date_list("").unwrap().is_empty());
        for bad in ["Mon", "Mon, 16 Dec 2019 23:48:18 GMT; x", "16 Dec 2019, Tue", "Mon, 32 Dec 2019 23:48:18 GMT"] {
            assert!(split_http_date_list(bad).is_err(), "{bad}");
        }
    }

    #[cfg(feature = "datetime")]
    #[test]
    fn timestamps_are_read_and_written_in_the_members_format() {
        let value = parse_timestamp("X-Date", " Mon, 16 Dec 2019 23:48:18 GMT", DateTimeFormat::HttpDate).unwrap();
        assert_eq!(value.secs(), 1576540098);
        let value = parse_timestamp("X-Date", "1576540098.5", DateTimeFormat::EpochSeconds).unwrap();
        assert_eq!(fmt_timestamp("X-Date", &value, DateTimeFormat::DateTime).unwrap(), "2019-12-16T23:48:18.5Z");
        let err = parse_timestamp("X-Date", "2019-12-16", DateTimeFormat::DateTime).unwrap_err();
        assert_eq!(err.to_string(), "the header `X-Date` is not a valid date-time (RFC 3339) timestamp");
        let far = DateTime::from_secs_and_nanos(i64::MAX / 2, 0);
        assert!(fmt_timestamp("X-Date", &far, DateTimeFormat::HttpDate).unwrap_err().0.contains("`X-Date`"));
    }

    #[cfg(feature = "blob")]
    #[test]
    fn media_type_headers_travel_as_base64_of_utf8() {
        assert_eq!(base64_header("true"), "dHJ1ZQ==");
        assert_eq!(base64_header_decode("X-Json", " dHJ1ZQ== ").unwrap(), "true");
        assert_eq!(base64_header_decode("X-Json", "").unwrap(), "");
        let err = base64_header_decode("X-Json", "not base64!").unwrap_err();
        assert_eq!(err.to_string(), "the header `X-Json` is not a valid base64 string");
        // 0xff 0xfe is not UTF-8.
        assert!(base64_header_decode("X-Json", "//4=").unwrap_err().to_string().contains("UTF-8"));
    }
}
