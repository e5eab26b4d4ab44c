//! Percent-encoding as RFC 3986 defines it: every byte but the unreserved
//! characters becomes `%XX` with upper-case hex. SigV4's canonical request and
//! the endpoint rules' `uriEncode` both need exactly this.

/// Whether `b` is one of RFC 3986's unreserved characters, which are never
/// encoded: ASCII letters and digits, `-`, `.`, `_` and `~`.
pub fn is_unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~')
}

/// Encodes every byte of `bytes` except the unreserved characters.
pub fn encode(bytes: &[u8]) -> String {
    encode_keeping(bytes, b"")
}

/// Encodes every byte of `bytes` except the unreserved characters and those
/// in `keep` (a path keeps its `/`, say).
pub fn encode_keeping(bytes: &[u8], keep: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(bytes.len());
    for &b in bytes {
        if is_unreserved(b) || keep.contains(&b) {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(DIGITS[usize::from(b >> 4)]));
            out.push(char::from(DIGITS[usize::from(b & 0x0f)]));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_unreserved_characters_and_kept_bytes_stay() {
        assert_eq!(encode(b"a b/c~d-_.Z9"), "a%20b%2Fc~d-_.Z9");
        assert_eq!(encode("\u{e9}".as_bytes()), "%C3%A9");
        assert_eq!(encode_keeping(b"/a b/%41", b"/"), "/a%20b/%2541");
        assert!((0..=255u8).filter(|&b| is_unreserved(b)).count() == 66);
    }
}
