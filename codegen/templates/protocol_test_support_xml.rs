
// XML bodies, for clients of the XML protocols.

/// Compares two XML documents by structure: names, attributes and children
/// (each in any order, as maps have none), and text (whitespace between elements is
/// layout).
fn xml_equal(actual: &[u8], expected: &str) {
    let sent = crate::rt::xml::XmlDocument::parse(actual)
        .unwrap_or_else(|e| panic!("the body is not XML ({e}): {}", String::from_utf8_lossy(actual)));
    let wanted = crate::rt::xml::XmlDocument::parse(expected.as_bytes()).expect("the expected body is XML");
    let (a, e) = (canonical(sent.root().expect("a root")), canonical(wanted.root().expect("a root")));
    assert_eq!(a, e, "XML body differs:\n  sent     {}\n  expected {expected}", String::from_utf8_lossy(actual));
}

fn canonical(node: crate::rt::xml::Node<'_>) -> String {
    let mut attrs: Vec<(String, String)> =
        node.attributes().map(|(name, value)| (name.to_owned(), value.into_owned())).collect();
    attrs.sort();
    // Siblings in any order: maps come from hash maps.
    let mut children: Vec<String> = node.children().map(canonical).collect();
    children.sort();
    let text = if children.is_empty() { node.text().into_owned() } else { String::new() };
    format!("<{} {attrs:?}>{text}{}</>", node.qualified_name(), children.join(""))
}
