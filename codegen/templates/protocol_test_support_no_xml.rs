
// Clients of the JSON protocols send no XML bodies.

/// XML bodies compare as text where the client has no XML reader.
fn xml_equal(actual: &[u8], expected: &str) {
    assert_eq!(String::from_utf8_lossy(actual), expected, "body");
}
