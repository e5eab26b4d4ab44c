//! [`XmlWriter`]: restXml request bodies, written straight into one buffer.

use std::fmt::Write as _;

/// Writes an XML document: elements, attributes and escaped text.
///
/// Calls must nest as the document does: `start`, then any `attr`s, then
/// text and child elements, then `end` with the same name. Names come from
/// the model and are written as given; text and attribute values are escaped
/// so that a conforming reader gets back exactly the string written. An
/// element with no text and no children is written `<Name/>`: the protocols
/// read it as `<Name></Name>`.
///
/// ```
/// use smithy_client_runtime::rt::xml::XmlWriter;
///
/// let mut xml = XmlWriter::new();
/// xml.start("Tagging");
/// xml.attr("xmlns", "http://s3.amazonaws.com/doc/2006-03-01/");
/// xml.start("TagSet");
/// xml.element("Key", "a<b");
/// xml.start("Empty");
/// xml.end("Empty");
/// xml.end("TagSet");
/// xml.end("Tagging");
/// assert_eq!(
///     String::from_utf8(xml.finish()).unwrap(),
///     r#"<Tagging xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><TagSet><Key>a&lt;b</Key><Empty/></TagSet></Tagging>"#
/// );
/// ```
#[derive(Clone, Debug, Default)]
pub struct XmlWriter {
    out: String,
    /// Whether the last start tag still lacks its `>` (attributes may follow).
    in_start_tag: bool,
}

impl XmlWriter {
    /// An empty document.
    pub fn new() -> Self {
        Self::default()
    }

    /// Opens the element `name`: writes `<name`, leaving room for attributes.
    pub fn start(&mut self, name: &str) {
        self.close_start_tag();
        self.out.push('<');
        self.out.push_str(name);
        self.in_start_tag = true;
    }

    /// Adds the attribute `name="value"` to the element just started, with
    /// `&`, `<`, `>`, `"`, tabs and line ends escaped (a reader would turn a
    /// literal tab or line end into a space). Anywhere else it writes
    /// nothing: the generated code calls it right after `start`.
    pub fn attr(&mut self, name: &str, value: &str) {
        debug_assert!(self.in_start_tag, "attribute `{name}` written outside a start tag");
        if !self.in_start_tag {
            return;
        }
        self.out.push(' ');
        self.out.push_str(name);
        self.out.push_str("=\"");
        push_escaped(&mut self.out, value, true);
        self.out.push('"');
    }

    /// Writes text inside the current element, with `&`, `<`, `>` and `\r`
    /// escaped (a reader would turn a literal `\r` into `\n`).
    pub fn text(&mut self, value: &str) {
        self.close_start_tag();
        push_escaped(&mut self.out, value, false);
    }

    /// Closes the element `name`: `</name>`, or `/>` when it has no content.
    pub fn end(&mut self, name: &str) {
        if self.in_start_tag {
            self.out.push_str("/>");
            self.in_start_tag = false;
        } else {
            self.out.push_str("</");
            self.out.push_str(name);
            self.out.push('>');
        }
    }

    /// Writes a whole element holding only text: `<name>value</name>`, the
    /// form of every scalar member.
    pub fn element(&mut self, name: &str, value: &str) {
        self.start(name);
        self.text(value);
        self.end(name);
    }

    /// The document's bytes.
    pub fn finish(mut self) -> Vec<u8> {
        self.close_start_tag();
        self.out.into_bytes()
    }

    fn close_start_tag(&mut self) {
        if self.in_start_tag {
            self.out.push('>');
            self.in_start_tag = false;
        }
    }
}

/// Appends `value` with what XML would misread escaped. Besides the markup
/// characters, that is `\r` (read as a line end), in attributes also tabs and
/// newlines (read as spaces), and everywhere NEL and LINE SEPARATOR (XML 1.1
/// readers treat them as line ends) and the C0 control characters, which XML
/// 1.0 cannot carry literally. NUL has no form in any XML, not even a
/// reference; it is written as it is, as the reader takes it.
fn push_escaped(out: &mut String, value: &str, in_attr: bool) {
    let needs_escape = |c: char| match c {
        '&' | '<' | '>' | '\r' | '\u{85}' | '\u{2028}' => true,
        '"' | '\t' | '\n' => in_attr,
        '\0' => false,
        c => c < ' ',
    };
    let mut clean_from = 0;
    for (i, c) in value.char_indices().filter(|&(_, c)| needs_escape(c)) {
        out.push_str(&value[clean_from..i]);
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => {
                let _ = write!(out, "&#x{:X};", u32::from(c));
            }
        }
        clean_from = i + c.len_utf8();
    }
    out.push_str(&value[clean_from..]);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rt::xml::XmlDocument;

    fn written(build: impl FnOnce(&mut XmlWriter)) -> String {
        let mut xml = XmlWriter::new();
        build(&mut xml);
        String::from_utf8(xml.finish()).unwrap()
    }

    #[test]
    fn elements_nest_and_empty_ones_self_close() {
        let xml = written(|w| {
            w.start("A");
            w.start("B");
            w.end("B");
            w.element("C", "");
            w.element("D", "x");
            w.end("A");
        });
        assert_eq!(xml, "<A><B/><C></C><D>x</D></A>");
    }

    #[test]
    fn text_escapes_markup_and_carriage_returns() {
        let xml = written(|w| w.element("S", "<a & b> \"q\" 'a'\r\n\ttab"));
        assert_eq!(xml, "<S>&lt;a &amp; b&gt; \"q\" 'a'&#xD;\n\ttab</S>");
    }

    #[test]
    fn attributes_escape_quotes_and_whitespace_a_reader_would_normalise() {
        let xml = written(|w| {
            w.start("X");
            w.attr("test", "<test&mock>");
            w.attr("ws", "a\tb\nc\rd\"e'");
            w.end("X");
        });
        assert_eq!(xml, r#"<X test="&lt;test&amp;mock&gt;" ws="a&#x9;b&#xA;c&#xD;d&quot;e'"/>"#);
    }

    #[test]
    #[cfg_attr(debug_assertions, should_panic(expected = "outside a start tag"))]
    fn an_attribute_after_content_is_a_bug_caught_in_debug_builds_and_skipped_otherwise() {
        let xml = written(|w| {
            w.start("X");
            w.text("t");
            w.attr("late", "v");
            w.end("X");
        });
        assert_eq!(xml, "<X>t</X>");
    }

    #[test]
    fn nul_is_written_as_the_reader_takes_it() {
        let xml = written(|w| w.element("S", "a\0b"));
        assert_eq!(xml, "<S>a\0b</S>");
        let doc = XmlDocument::parse(xml.as_bytes()).expect("parses");
        assert_eq!(doc.root().expect("root").text(), "a\0b");
    }

    #[test]
    fn line_separators_and_control_characters_are_references() {
        let xml = written(|w| w.element("S", "a\u{85}b\u{2028}c\u{1}d\u{7f}"));
        assert_eq!(xml, "<S>a&#x85;b&#x2028;c&#x1;d\u{7f}</S>");
    }

    #[test]
    fn finish_closes_a_dangling_start_tag() {
        let mut xml = XmlWriter::new();
        xml.start("A");
        assert_eq!(xml.finish(), b"<A>");
    }

    #[test]
    fn whatever_is_written_reads_back_exactly() {
        let values = [
            "",
            "plain",
            "  spaces kept  ",
            "<&>\"'",
            "a\r\nb\rc\nd\te",
            "\u{85}\u{2028}\u{1}\u{1f}\u{7f}",
            "]]> and ]]",
            "é 😀 \u{feff}",
            "&amp; already escaped",
        ];
        for value in values {
            let xml = written(|w| {
                w.start("R");
                w.attr("a", value);
                w.attr("p:b", value);
                w.attr("xmlns:p", "urn:p");
                w.element("T", value);
                w.end("R");
            });
            let doc = XmlDocument::parse(xml.as_bytes()).unwrap();
            let root = doc.root().unwrap();
            assert_eq!(root.attr("a").unwrap(), value, "{xml}");
            assert_eq!(root.attr("p:b").unwrap(), value, "{xml}");
            assert_eq!(root.child("T").unwrap().text(), value, "{xml}");
        }
    }
}
