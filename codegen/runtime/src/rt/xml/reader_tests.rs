//! Tests of the XML reader: what it reads, and what it refuses from a hostile
//! or broken server.

use std::borrow::Cow;
use std::time::{Duration, Instant};

use super::{MAX_DEPTH, Node, XmlDocument};

fn parse(body: &str) -> XmlDocument {
    XmlDocument::parse(body.as_bytes()).unwrap_or_else(|e| panic!("{e}: {body}"))
}

fn error(body: impl AsRef<[u8]>) -> String {
    match XmlDocument::parse(body.as_ref()) {
        Ok(doc) => panic!("parsed: {doc:?}"),
        Err(e) => e.to_string(),
    }
}

fn names<'d>(nodes: impl Iterator<Item = Node<'d>>) -> Vec<&'d str> {
    nodes.map(|n| n.name()).collect()
}

#[test]
fn children_come_in_document_order_and_skip_grandchildren() {
    let doc = parse("<a><b><x/><y>t</y></b><c/>text<d><e><f/></e></d></a>");
    let root = doc.root().unwrap();
    assert_eq!(root.name(), "a");
    assert_eq!(names(root.children()), ["b", "c", "d"]);
    assert_eq!(names(root.child("b").unwrap().children()), ["x", "y"]);
    assert_eq!(names(root.child("c").unwrap().children()), Vec::<&str>::new());
    assert_eq!(root.child("d").unwrap().child("e").unwrap().child("f").unwrap().name(), "f");
    assert!(root.child("x").is_none(), "child() looks at children only");
}

#[test]
fn child_finds_the_first_of_repeated_names() {
    let doc = parse("<List><member>1</member><member>2</member><other/></List>");
    let root = doc.root().unwrap();
    assert_eq!(root.child("member").unwrap().text(), "1");
    let members: Vec<_> = root.children().filter(|c| c.name() == "member").map(|c| c.text()).collect();
    assert_eq!(members, ["1", "2"]);
}

#[test]
fn prefixes_are_split_from_local_names() {
    let doc = parse(
        r#"<s3:Result xmlns:s3="urn:s3"><s3:Key>k</s3:Key><Key>plain</Key><x:Key xmlns:x="urn:x">x</x:Key></s3:Result>"#,
    );
    let root = doc.root().unwrap();
    assert_eq!((root.name(), root.prefix(), root.qualified_name()), ("Result", Some("s3"), "s3:Result"));
    let keys: Vec<_> = root.children().map(|c| (c.prefix(), c.name(), c.text())).collect();
    assert_eq!(
        keys,
        [(Some("s3"), "Key", Cow::from("k")), (None, "Key", Cow::from("plain")), (Some("x"), "Key", Cow::from("x"))]
    );
    assert_eq!(root.child("Key").unwrap().text(), "k", "a local name matches any prefix");
    assert_eq!(root.child("x:Key").unwrap().text(), "x", "a qualified name matches exactly");
    assert!(root.child("y:Key").is_none());
}

#[test]
fn attributes_are_found_by_local_or_qualified_name_and_namespaces_are_not_attributes() {
    let doc = parse(
        r#"<Nested xmlns="urn:default" xmlns:xsi="https://example.com" xsi:someName="nestedAttrValue" plain='single'/>"#,
    );
    let root = doc.root().unwrap();
    assert_eq!(root.attr("someName").unwrap(), "nestedAttrValue");
    assert_eq!(root.attr("xsi:someName").unwrap(), "nestedAttrValue");
    assert_eq!(root.attr("plain").unwrap(), "single");
    assert!(root.attr("xmlns").is_none());
    assert!(root.attr("xsi").is_none());
    assert!(root.attr("missing").is_none());
}

#[test]
fn attribute_values_are_unescaped_and_their_whitespace_normalised() {
    let doc = parse("<a test=\"&lt;test&amp;mock&gt;\" q='&quot;&apos;&#65;&#x42;' ws=\"a\tb\r\nc\nd&#xD;&#x9;\"/>");
    let root = doc.root().unwrap();
    assert_eq!(root.attr("test").unwrap(), "<test&mock>");
    assert_eq!(root.attr("q").unwrap(), "\"'AB");
    assert_eq!(root.attr("ws").unwrap(), "a b c d\r\t");
    assert!(matches!(parse("<a v=\"plain\"/>").root().unwrap().attr("v"), Some(Cow::Borrowed("plain"))));
}

#[test]
fn text_decodes_the_predefined_entities_and_character_references() {
    // The restXml protocol test SimpleScalarPropertiesComplexEscapes.
    let doc = parse("<r><s>escaped data: &amp;lt;&#xD;&#10;</s></r>");
    assert_eq!(doc.root().unwrap().child("s").unwrap().text(), "escaped data: &lt;\r\n");
    let doc = parse("<s>&lt;&gt;&amp;&quot;&apos;&#x1F600;&#233;&#x0041;</s>");
    assert_eq!(doc.root().unwrap().text(), "<>&\"'😀éA");
}

#[test]
fn cdata_is_text_taken_literally() {
    let doc = parse("<s>a<![CDATA[<b>&amp;]]]]>c</s>");
    assert_eq!(doc.root().unwrap().text(), "a<b>&amp;]]c");
    let doc = parse("<s><![CDATA[only]]></s>");
    assert!(matches!(doc.root().unwrap().text(), Cow::Borrowed("only")));
}

#[test]
fn text_is_the_elements_own_without_its_childrens_or_comments() {
    let doc = parse("<a>x<b>y</b>z<!-- c -->w<?pi data?>v</a>");
    let root = doc.root().unwrap();
    assert_eq!(root.text(), "xzwv");
    assert_eq!(root.child("b").unwrap().text(), "y");
}

#[test]
fn whitespace_is_kept_exactly_and_only_line_ends_are_normalised() {
    let doc = parse("<r><a>  padded\t</a><b>\n</b><c></c><d/><e>x\r\ny\rz</e><f>&#xD;&#xA;</f></r>");
    let root = doc.root().unwrap();
    let text = |name| root.child(name).unwrap().text().into_owned();
    assert_eq!(text("a"), "  padded\t");
    assert_eq!(text("b"), "\n");
    assert_eq!(text("c"), "");
    assert_eq!(text("d"), "");
    assert_eq!(text("e"), "x\ny\nz");
    assert_eq!(text("f"), "\r\n");
    assert_eq!(root.text(), "", "no whitespace between the children here");
    assert_eq!(parse("<r>\n  <a/>\n</r>").root().unwrap().text(), "\n  \n");
}

#[test]
fn plain_text_is_borrowed_from_the_document() {
    let doc = parse("<a>plain text</a>");
    assert!(matches!(doc.root().unwrap().text(), Cow::Borrowed("plain text")));
    let doc = parse("<a>a &amp; b</a>");
    assert!(matches!(doc.root().unwrap().text(), Cow::Owned(_)));
}

#[test]
fn a_prolog_with_declaration_comments_instructions_and_a_bom_is_skipped() {
    // The restXml protocol test SimpleScalarPropertiesWithXMLPreamble.
    let body = "<?xml version = \"1.0\" encoding = \"UTF-8\"?>\n<SimpleScalarPropertiesResponse>\n    \
                <![CDATA[characters representing CDATA]]>\n    <stringValue>string</stringValue>\n    \
                <!--xml comment-->\n</SimpleScalarPropertiesResponse>\n";
    let doc = parse(body);
    let root = doc.root().unwrap();
    assert_eq!(root.child("stringValue").unwrap().text(), "string");
    let with_bom = [b"\xEF\xBB\xBF".as_slice(), b"<!-- c --><?pi x?>\n<a>1</a>\n<!-- after -->\n"].concat();
    assert_eq!(XmlDocument::parse(&with_bom).unwrap().root().unwrap().text(), "1");
}

#[test]
fn an_empty_body_parses_but_has_no_root() {
    for body in ["", "  \r\n\t"] {
        let doc = parse(body);
        assert_eq!(doc.root().unwrap_err().to_string(), "expected an XML document, found an empty body");
        assert!(XmlDocument::parse_optional(body.as_bytes()).unwrap().is_none());
    }
    let doc = parse("<?xml version=\"1.0\"?><!-- nothing -->");
    assert_eq!(doc.root().unwrap_err().to_string(), "expected an XML document, found no element");
    assert!(XmlDocument::parse_optional(b"<a/>").unwrap().is_some());
    assert!(XmlDocument::parse_optional(b"<a>").is_err());
}

#[test]
fn malformed_bodies_are_errors_that_say_what_and_where() {
    let cases: &[(&str, &str)] = &[
        ("<a>", "the body ends before the element `a` is closed"),
        ("<a><b></a>", "an end tag does not match its start tag `b`"),
        ("<a></b>", "an end tag does not match its start tag `a`"),
        ("</a>", "an end tag closes no element"),
        ("<a/><b/>", "a second root element"),
        ("<a/>text", "text outside the root element"),
        ("text", "text outside the root element"),
        ("{\"json\": true}", "text outside the root element"),
        ("<a/><![CDATA[x]]>", "a CDATA section outside the root element"),
        ("&amp;<a/>", "a reference outside the root element"),
        ("<a/><?xml version=\"1.0\"?>", "an XML declaration after the root element"),
        ("<a", "tag not closed"),
        ("<a b=\"1></a>", "not closed"),
        ("<a><!-- open</a>", "comment not closed"),
        ("<a><![CDATA[open</a>", "CDATA not closed"),
        ("<a>&amp</a>", "an `&` starts no reference"),
        ("<a>AT&T</a>", "an `&` starts no reference"),
        ("<a>&nbsp;</a>", "the reference `&nbsp;` is neither"),
        ("<a>&#0;</a>", "the reference `&#0;` is neither"),
        ("<a>&#xD800;</a>", "the reference `&#xD800;` is neither"),
        ("<a>&#X41;</a>", "the reference `&#X41;` is neither"),
        ("<a>&#+65;</a>", "the reference `&#+65;` is neither"),
        ("<a>&#99999999999;</a>", "the reference `&#99999999999;` is neither"),
        ("<a b='&lol;'/>", "the reference `&lol;` is neither"),
        ("<a b='x & y'/>", "an `&` in an attribute value starts no reference"),
        ("<a b='<'/>", "an attribute value has a `<`"),
        ("<a b/>", "a malformed attribute"),
        ("<a b=c/>", "a malformed attribute"),
        ("<a b='1' b='2'/>", "the attribute `b` appears twice"),
        ("<>", "the element name `` is empty"),
        ("< a/>", "the element name"),
        ("<1a/>", "the element name `1a` does not start with a letter"),
        ("<a:b:c/>", "the element name `a:b:c` is not a valid prefixed name"),
        ("<a:/>", "is not a valid prefixed name"),
        ("<a x:y:z='1'/>", "the attribute name `x:y:z`"),
        ("<a/ >", "the element name"),
    ];
    for (body, expected) in cases {
        let message = error(body);
        assert!(message.contains(expected), "{body:?}: {message}");
        assert!(message.contains("(at byte "), "{body:?}: {message}");
    }
    assert_eq!(
        error("<a>\n  <b></c>\n</a>"),
        "the body is not well-formed XML: an end tag does not match its start tag `b` (at byte 9)"
    );
}

#[test]
fn invalid_utf8_is_an_error_naming_the_byte() {
    assert_eq!(error(b"<a>caf\xE9</a>"), "the XML body is not valid UTF-8 (at byte 6)");
    assert_eq!(error(b"\xEF\xBB\xBF<a>\xFF</a>"), "the XML body is not valid UTF-8 (at byte 6)");
    assert!(error(b"<a>\xC3</a>").contains("UTF-8"));
}

#[test]
fn control_characters_written_literally_are_kept() {
    // XML 1.0 leaves them out, but S3 object keys can hold them.
    let doc = parse("<Key>a\u{1}b\u{1b}c</Key>");
    assert_eq!(doc.root().unwrap().text(), "a\u{1}b\u{1b}c");
    assert_eq!(parse("<Key>&#x1;</Key>").root().unwrap().text(), "\u{1}");
}

#[test]
fn billion_laughs_is_refused_at_the_doctype_without_expanding_anything() {
    let mut body = String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n <!ENTITY lol \"lol\">\n");
    for level in 1..=9 {
        let previous = if level == 1 { "lol".to_owned() } else { format!("lol{}", level - 1) };
        body.push_str(&format!(" <!ENTITY lol{level} \"{}\">\n", format!("&{previous};").repeat(10)));
    }
    body.push_str("]>\n<lolz>&lol9;</lolz>\n");
    let started = Instant::now();
    let message = error(&body);
    assert!(started.elapsed() < Duration::from_secs(1));
    assert!(message.starts_with("the XML body is refused: it has a document type declaration"), "{message}");
    // Without the DTD, the reference is simply unknown.
    assert!(error("<lolz>&lol9;</lolz>").contains("the reference `&lol9;` is neither"));
    // Any DOCTYPE, even one defining nothing, is refused.
    assert!(error("<!DOCTYPE a><a/>").contains("document type declaration"));
    assert!(error("<!DOCTYPE a SYSTEM \"file:///etc/passwd\"><a>&xxe;</a>").contains("document type declaration"));
}

#[test]
fn nesting_is_limited_to_max_depth_and_deeper_bodies_are_refused_without_recursion() {
    let nested = |depth: usize| format!("{}{}", "<a>".repeat(depth), "</a>".repeat(depth));
    let doc = parse(&nested(MAX_DEPTH));
    let mut node = doc.root().unwrap();
    for _ in 1..MAX_DEPTH {
        node = node.child("a").unwrap();
    }
    assert!(node.child("a").is_none());
    assert_eq!(
        error(nested(MAX_DEPTH + 1)),
        format!("the XML body is refused: elements nest more than {MAX_DEPTH} levels deep (at byte {})", 3 * MAX_DEPTH)
    );
    let empty_at_the_bottom = format!("{}<a/>{}", "<a>".repeat(MAX_DEPTH), "</a>".repeat(MAX_DEPTH));
    assert!(error(empty_at_the_bottom).contains("levels deep"));

    let started = Instant::now();
    assert!(error(nested(100_000)).contains("levels deep"));
    assert!(error("<a>".repeat(100_000)).contains("levels deep"));
    assert!(started.elapsed() < Duration::from_secs(2));
}

#[test]
fn a_wide_and_flat_document_is_walked_in_linear_time() {
    let count = 200_000;
    let mut body = String::from("<List>");
    for i in 0..count {
        body.push_str(&format!("<member><Key>k{i}</Key><Size>{i}</Size></member>"));
    }
    body.push_str("</List>");
    let doc = parse(&body);
    let root = doc.root().unwrap();
    let mut total = 0u64;
    for member in root.children() {
        total += super::read_int::<u64>(&member.child("Size").unwrap().text()).unwrap();
    }
    assert_eq!(total, (0..count as u64).sum::<u64>());
    // The last of many siblings is found by skipping subtrees, not scanning them.
    assert_eq!(root.children().last().unwrap().child("Key").unwrap().text(), format!("k{}", count - 1));
}

#[test]
fn one_element_with_very_many_attributes_is_checked_for_duplicates_quickly() {
    let attrs: String = (0..100_000).map(|i| format!(" a{i}=\"{i}\"")).collect();
    let started = Instant::now();
    let doc = parse(&format!("<a{attrs}/>"));
    assert_eq!(doc.root().unwrap().attr("a99999").unwrap(), "99999");
    assert!(error(format!("<a{attrs} a5=\"again\"/>")).contains("the attribute `a5` appears twice"));
    assert!(started.elapsed() < Duration::from_secs(20), "{:?}", started.elapsed());
}

#[test]
fn a_twenty_megabyte_document_parses_in_reasonable_time() {
    let item = "<Item><Name>object-key/with/a/path.txt</Name><Note>a &amp; b &#233;</Note>\
                <Data><![CDATA[<raw>]]></Data><Empty/></Item>\n";
    let mut body = String::with_capacity(21 << 20);
    body.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Items xmlns=\"urn:example\">\n");
    while body.len() < 20 << 20 {
        body.push_str(item);
    }
    body.push_str("</Items>");
    let started = Instant::now();
    let doc = parse(&body);
    let mut notes = 0;
    for item in doc.root().unwrap().children() {
        notes += usize::from(item.child("Note").unwrap().text() == "a & b é");
    }
    let elapsed = started.elapsed();
    assert!(notes > 100_000);
    // About a second unoptimised; anything quadratic would take hours.
    assert!(elapsed < Duration::from_secs(60), "{elapsed:?}");
}

#[test]
fn long_names_from_the_server_are_cut_short_in_messages() {
    let name = "n".repeat(1 << 20);
    let message = error(format!("<{name}>"));
    assert!(message.len() < 200, "{}", message.len());
    let message = error(format!("<a>&{name};</a>"));
    assert!(message.len() < 300, "{}", message.len());
    let message = error("<a>&\u{1b}[2J;</a>");
    assert!(message.contains(r"\u{1b}[2J"), "{message}");
}

#[test]
fn debug_output_does_not_dump_the_body() {
    let doc = parse("<secret>hunter2</secret>");
    assert_eq!(format!("{doc:?}"), "XmlDocument { bytes: 24, elements: 1, .. }");
    assert_eq!(format!("{:?}", doc.root().unwrap()), "Node { name: \"secret\", .. }");
}

/// A deterministic xorshift generator: these tests need variety, not quality.
struct Random(u64);

impl Random {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

/// Walks every node, reading names, attributes and text, as generated code would.
fn walk(doc: &XmlDocument) {
    let Ok(root) = doc.root() else { return };
    let mut stack = vec![root];
    while let Some(node) = stack.pop() {
        let _ = (node.name(), node.prefix(), node.text(), node.attr("a"), node.attr("p:b"), node.child("x"));
        stack.extend(node.children());
    }
}

#[test]
fn mutated_bodies_never_panic() {
    let sample = "<?xml version=\"1.0\"?><r xmlns:p=\"u\" a=\"1 &amp; 2\"><p:x b='&#x41;'>t&lt;<![CDATA[c]]></p:x>\
                  <!-- c --><y/>tail&#10;</r>";
    let pieces: &[&[u8]] =
        &[b"<", b">", b"/", b"&", b";", b"\"", b"'", b"=", b":", b"<!", b"]]>", b"&#", b"\xff", b"\xc3"];
    let mut random = Random(0x9E37_79B9_7F4A_7C15);
    for _ in 0..20_000 {
        let mut body = sample.as_bytes().to_vec();
        for _ in 0..1 + random.below(4) {
            let at = random.below(body.len() + 1);
            match random.below(3) {
                0 => body.insert(at, b"<>&;\"'=/:x"[random.below(10)]),
                1 if at < body.len() => {
                    body.remove(at);
                }
                _ => {
                    let piece = pieces[random.below(pieces.len())];
                    body.splice(at..at, piece.iter().copied());
                }
            }
        }
        if let Ok(doc) = XmlDocument::parse(&body) {
            walk(&doc);
        }
    }
}
