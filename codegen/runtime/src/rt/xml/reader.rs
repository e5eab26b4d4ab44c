//! [`XmlDocument`]: a body parsed once into a flat table of elements that
//! point into one copy of the body, and [`Node`], the view generated code
//! walks.
//!
//! The table holds elements in document order, each knowing where its
//! subtree ends, so children are found by skipping over subtrees: no tree of
//! boxes, no recursion, a few machine words per element. Text is kept as the
//! pieces the body has (text runs, CDATA sections, decoded references) and
//! joined only when asked for, without a copy when an element has one plain
//! piece, as almost every value does.

use std::borrow::Cow;
use std::fmt;
use std::ops::Range;

use super::parse;
use crate::rt::json::DeserializeError;

/// How many levels elements may nest; a deeper body is refused. AWS responses
/// nest a few tens of levels at most, and the limit also bounds the recursion
/// of the generated readers that walk nested structures.
pub const MAX_DEPTH: usize = 128;

/// The end of a chain of text pieces.
pub(super) const NONE: u32 = u32::MAX;

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// A range of the body, or of one of the document's tables.
#[derive(Clone, Copy, Debug)]
pub(super) struct Span {
    pub(super) start: u32,
    pub(super) end: u32,
}

impl Span {
    pub(super) fn range(self) -> Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// One element; the table holds a parent before its descendants.
#[derive(Debug)]
pub(super) struct Element {
    /// The qualified name (`prefix:local` or `local`).
    pub(super) name: Span,
    /// The length of the prefix in `name`; 0 without one.
    pub(super) prefix_len: u32,
    /// A range of `XmlDocument::attrs`.
    pub(super) attrs: Span,
    /// One past its last descendant: its first child, if it has any, is the
    /// next element, and a child's `end` is its next sibling.
    pub(super) end: u32,
    /// The first piece of its own text, or `NONE`.
    pub(super) first_chunk: u32,
}

#[derive(Debug)]
pub(super) struct Attr {
    pub(super) name: Span,
    pub(super) prefix_len: u32,
    /// The value as written between the quotes.
    pub(super) value: Span,
    /// Whether the written value is the value: no reference to decode and no
    /// whitespace to normalise.
    pub(super) plain: bool,
}

/// A piece of an element's own text.
#[derive(Clone, Copy, Debug)]
pub(super) enum Piece {
    /// Text between markup, without references (they are pieces of their own).
    Text(Span),
    /// The content of a CDATA section.
    CData(Span),
    /// A decoded entity or character reference.
    Char(char),
}

#[derive(Debug)]
pub(super) struct Chunk {
    pub(super) piece: Piece,
    /// The element's next piece, or `NONE`.
    pub(super) next: u32,
}

/// A parsed XML body. [`root`](Self::root) is where reading starts.
pub struct XmlDocument {
    source: Box<str>,
    elements: Vec<Element>,
    attrs: Vec<Attr>,
    chunks: Vec<Chunk>,
}

impl XmlDocument {
    /// Parses a whole body. An empty body parses (it has no
    /// [`root`](Self::root)); anything that is not well-formed UTF-8 XML is
    /// an error saying what is wrong and at which byte, as is a document type
    /// declaration, an entity XML does not predefine, or elements nested more
    /// than [`MAX_DEPTH`] deep.
    pub fn parse(body: &[u8]) -> Result<XmlDocument, DeserializeError> {
        let (skipped, body) = match body.strip_prefix(UTF8_BOM) {
            Some(rest) => (UTF8_BOM.len(), rest),
            None => (0, body),
        };
        if body.len() >= NONE as usize {
            return Err(DeserializeError::new("the XML body is too large to read (4 GiB or more)"));
        }
        let source = std::str::from_utf8(body).map_err(|e| {
            DeserializeError::new(format!("the XML body is not valid UTF-8 (at byte {})", e.valid_up_to() + skipped))
        })?;
        let tables = parse::tables(source).map_err(|(fault, at)| fault.into_error(at + skipped as u64))?;
        Ok(XmlDocument { source: source.into(), elements: tables.elements, attrs: tables.attrs, chunks: tables.chunks })
    }

    /// [`parse`](Self::parse), with `None` for a body that is empty or only
    /// whitespace (responses without output members).
    pub fn parse_optional(body: &[u8]) -> Result<Option<XmlDocument>, DeserializeError> {
        if is_xml_whitespace(body) { Ok(None) } else { Self::parse(body).map(Some) }
    }

    /// The document element; an error when the body had none (it was empty,
    /// say).
    pub fn root(&self) -> Result<Node<'_>, DeserializeError> {
        if self.elements.is_empty() {
            let found = if is_xml_whitespace(self.source.as_bytes()) { "an empty body" } else { "no element" };
            return Err(DeserializeError::new(format!("expected an XML document, found {found}")));
        }
        Ok(Node { doc: self, index: 0 })
    }

    fn slice(&self, span: Span) -> &str {
        self.source.get(span.range()).unwrap_or_default()
    }
}

impl fmt::Debug for XmlDocument {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("XmlDocument")
            .field("bytes", &self.source.len())
            .field("elements", &self.elements.len())
            .finish_non_exhaustive()
    }
}

/// An element of an [`XmlDocument`].
///
/// Names given to [`child`](Self::child) and [`attr`](Self::attr) match the
/// local name whatever the prefix (`member` matches `<ns:member>`); a name
/// with a colon (`xsi:type`) must match the qualified name exactly.
/// Namespace declarations (`xmlns`, `xmlns:p`) are not attributes here.
#[derive(Clone, Copy)]
pub struct Node<'d> {
    doc: &'d XmlDocument,
    index: u32,
}

impl<'d> Node<'d> {
    fn element(&self) -> &'d Element {
        &self.doc.elements[self.index as usize]
    }

    /// The local name: `Key` for `<Key>` and for `<s3:Key>`.
    pub fn name(&self) -> &'d str {
        let element = self.element();
        local_part(self.doc.slice(element.name), element.prefix_len)
    }

    /// The prefix: `s3` for `<s3:Key>`, `None` for `<Key>`.
    pub fn prefix(&self) -> Option<&'d str> {
        let element = self.element();
        prefix_part(self.doc.slice(element.name), element.prefix_len)
    }

    /// The name as written: `s3:Key` or `Key`.
    pub fn qualified_name(&self) -> &'d str {
        self.doc.slice(self.element().name)
    }

    /// The value of the attribute `name` (the first one, should prefixes make
    /// several match), with references decoded and whitespace normalised as
    /// XML requires (each literal tab, newline or carriage return is a space).
    pub fn attr(&self, name: &str) -> Option<Cow<'d, str>> {
        let attrs = self.doc.attrs.get(self.element().attrs.range())?;
        let attr = attrs.iter().find(|a| {
            let qualified = self.doc.slice(a.name);
            !is_namespace_declaration(qualified, a.prefix_len) && name_matches(qualified, a.prefix_len, name)
        })?;
        let raw = self.doc.slice(attr.value);
        Some(if attr.plain { Cow::Borrowed(raw) } else { Cow::Owned(decode_attr_value(raw)) })
    }

    /// Every attribute as written (qualified name, decoded value), namespace
    /// declarations included, in document order.
    pub fn attributes(&self) -> impl Iterator<Item = (&'d str, Cow<'d, str>)> + 'd {
        let doc = self.doc;
        let attrs = doc.attrs.get(self.element().attrs.range()).unwrap_or_default();
        attrs.iter().map(move |a| {
            let raw = doc.slice(a.value);
            (doc.slice(a.name), if a.plain { Cow::Borrowed(raw) } else { Cow::Owned(decode_attr_value(raw)) })
        })
    }

    /// The child elements, in document order.
    pub fn children(&self) -> Children<'d> {
        Children { doc: self.doc, next: self.index + 1, end: self.element().end }
    }

    /// The first child element named `name`.
    pub fn child(&self, name: &str) -> Option<Node<'d>> {
        self.children().find(|c| name_matches(c.qualified_name(), c.element().prefix_len, name))
    }

    /// The element's own text: its text and CDATA sections joined, without
    /// its children's, with the five predefined entities and character
    /// references decoded. Whitespace is kept as it is, line ends aside:
    /// XML reads a literal `\r\n` or `\r` as `\n` (a `\r` that matters is sent
    /// as `&#xD;`). Borrowed from the document unless it needed decoding.
    pub fn text(&self) -> Cow<'d, str> {
        let chunks = &self.doc.chunks;
        let Some(first) = chunks.get(self.element().first_chunk as usize) else {
            return Cow::Borrowed("");
        };
        if first.next == NONE {
            if let Piece::Text(span) | Piece::CData(span) = first.piece {
                let text = self.doc.slice(span);
                if !text.contains('\r') {
                    return Cow::Borrowed(text);
                }
            }
        }
        let mut out = String::new();
        let mut next = Some(first);
        while let Some(chunk) = next {
            match chunk.piece {
                Piece::Text(span) | Piece::CData(span) => push_normalizing_line_ends(&mut out, self.doc.slice(span)),
                Piece::Char(c) => out.push(c),
            }
            next = chunks.get(chunk.next as usize);
        }
        Cow::Owned(out)
    }
}

impl fmt::Debug for Node<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Node").field("name", &self.qualified_name()).finish_non_exhaustive()
    }
}

/// The child elements of a [`Node`], from [`Node::children`].
#[derive(Clone, Debug)]
pub struct Children<'d> {
    doc: &'d XmlDocument,
    next: u32,
    end: u32,
}

impl<'d> Iterator for Children<'d> {
    type Item = Node<'d>;

    fn next(&mut self) -> Option<Node<'d>> {
        if self.next >= self.end {
            return None;
        }
        let node = Node { doc: self.doc, index: self.next };
        self.next = node.element().end;
        Some(node)
    }
}

fn local_part(qualified: &str, prefix_len: u32) -> &str {
    if prefix_len == 0 { qualified } else { qualified.get(prefix_len as usize + 1..).unwrap_or_default() }
}

fn prefix_part(qualified: &str, prefix_len: u32) -> Option<&str> {
    if prefix_len == 0 { None } else { qualified.get(..prefix_len as usize) }
}

fn name_matches(qualified: &str, prefix_len: u32, wanted: &str) -> bool {
    if wanted.contains(':') { qualified == wanted } else { local_part(qualified, prefix_len) == wanted }
}

fn is_namespace_declaration(qualified: &str, prefix_len: u32) -> bool {
    qualified == "xmlns" || prefix_part(qualified, prefix_len) == Some("xmlns")
}

pub(super) fn is_xml_whitespace(bytes: &[u8]) -> bool {
    bytes.iter().all(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
}

fn push_normalizing_line_ends(out: &mut String, text: &str) {
    let mut pieces = text.split('\r');
    out.push_str(pieces.next().unwrap_or_default());
    for piece in pieces {
        out.push('\n');
        out.push_str(piece.strip_prefix('\n').unwrap_or(piece));
    }
}

/// An attribute value with its references decoded and its literal
/// whitespace normalised (XML 1.0 §3.3.3). Values were checked while parsing.
fn decode_attr_value(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(at) = rest.find(['&', '\t', '\n', '\r']) {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        if let Some(after) = tail.strip_prefix('&') {
            let Some((name, after)) = after.split_once(';') else {
                out.push_str(tail);
                return out;
            };
            out.extend(decode_reference(name));
            rest = after;
        } else {
            out.push(' ');
            rest = tail.strip_prefix("\r\n").unwrap_or(&tail[1..]);
        }
    }
    out.push_str(rest);
    out
}

/// The character an entity or character reference (`amp`, `#38`, `#x26`)
/// stands for: the five entities XML predefines, and any character but NUL
/// by number (XML 1.1 allows control characters as references, and what XML
/// 1.0 leaves out does no harm in a Rust string).
pub(super) fn decode_reference(name: &str) -> Option<char> {
    match name {
        "lt" => Some('<'),
        "gt" => Some('>'),
        "amp" => Some('&'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        _ => {
            let number = name.strip_prefix('#')?;
            let (digits, radix) = match number.strip_prefix('x') {
                Some(hex) => (hex, 16),
                None => (number, 10),
            };
            // `from_str_radix` would also take a sign.
            if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
                return None;
            }
            let code = u32::from_str_radix(digits, radix).ok()?;
            char::from_u32(code).filter(|&c| c != '\0')
        }
    }
}
