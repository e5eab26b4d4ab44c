//! Request bodies of the awsQuery and ec2Query protocols:
//! `application/x-www-form-urlencoded` pairs, `Action` and `Version` first.
//!
//! Keys and values are percent-encoded as RFC 3986 has it ([`percent`]):
//! everything but ASCII letters, digits, `-`, `.`, `_` and `~` becomes `%XX`,
//! so a space is `%20` (never `+`), and `+`, `/`, `*`, `=` and `&` are
//! `%2B`, `%2F`, `%2A`, `%3D` and `%26`. Form decoders read `%20` as a space,
//! as AWS does, and the protocol tests expect this form (`%3A` for the colons
//! of a timestamp, `%3D` for base64 padding).

use super::percent;

/// A query request body under construction, in the order pushed.
///
/// ```
/// use smithy_client_runtime::rt::query::QueryWriter;
///
/// let mut query = QueryWriter::new("SendMessage", "2012-11-05");
/// query.push("MessageBody", "a+b c/d~*");
/// query.push("Attribute.1.Name", "");
/// assert_eq!(
///     query.finish(),
///     b"Action=SendMessage&Version=2012-11-05&MessageBody=a%2Bb%20c%2Fd~%2A&Attribute.1.Name="
/// );
/// ```
#[derive(Clone, Debug)]
pub struct QueryWriter {
    out: String,
}

impl QueryWriter {
    /// A body naming the operation (`Action`) and the API version (`Version`).
    pub fn new(action: &str, version: &str) -> Self {
        let mut writer = QueryWriter { out: String::with_capacity(128) };
        writer.out.push_str("Action=");
        writer.out.push_str(&percent::encode(action.as_bytes()));
        writer.push("Version", version);
        writer
    }

    /// Appends `&key=value`, both percent-encoded. An empty value is written
    /// `key=` (an empty list, or an empty string).
    pub fn push(&mut self, key: &str, value: &str) {
        self.out.push('&');
        self.out.push_str(&percent::encode(key.as_bytes()));
        self.out.push('=');
        self.out.push_str(&percent::encode(value.as_bytes()));
    }

    /// The body's bytes.
    pub fn finish(self) -> Vec<u8> {
        self.out.into_bytes()
    }
}

/// The key of a member named `name` under the enclosing key `prefix`
/// (`A.B` under `A`; just `name` at the top level).
pub fn key(prefix: &str, name: &str) -> String {
    if prefix.is_empty() { name.to_owned() } else { format!("{prefix}.{name}") }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(pairs: &[(&str, &str)]) -> String {
        let mut query = QueryWriter::new("QueryLists", "2020-01-08");
        for (key, value) in pairs {
            query.push(key, value);
        }
        String::from_utf8(query.finish()).unwrap()
    }

    #[test]
    fn action_and_version_come_first() {
        assert_eq!(body(&[]), "Action=QueryLists&Version=2020-01-08");
    }

    #[test]
    fn pairs_follow_in_order_with_dotted_keys_kept() {
        assert_eq!(
            body(&[("ListArg.member.1", "foo"), ("ComplexListArg.member.1.hi", "hello"), ("ListArg", "")]),
            "Action=QueryLists&Version=2020-01-08&ListArg.member.1=foo&ComplexListArg.member.1.hi=hello&ListArg="
        );
    }

    #[test]
    fn values_are_encoded_as_the_protocol_tests_expect() {
        // From the awsQuery and ec2Query protocol tests.
        assert_eq!(
            body(&[("normalFormat", "2015-01-25T08:00:00Z")]).rsplit('&').next(),
            Some("normalFormat=2015-01-25T08%3A00%3A00Z")
        );
        assert_eq!(body(&[("Qux", "dmFsdWU=")]).rsplit('&').next(), Some("Qux=dmFsdWU%3D"));
        assert_eq!(body(&[("Boo", "-Infinity")]).rsplit('&').next(), Some("Boo=-Infinity"));
    }

    #[test]
    fn reserved_characters_and_non_ascii_are_percent_encoded() {
        let encoded = body(&[("K", "a b+c/d~e*f&g=h%i\u{e9}\n")]);
        assert_eq!(encoded.rsplit('&').next(), Some("K=a%20b%2Bc%2Fd~e%2Af%26g%3Dh%25i%C3%A9%0A"));
        assert_eq!(body(&[("a b", "v")]).rsplit('&').next(), Some("a%20b=v"));
    }
}
