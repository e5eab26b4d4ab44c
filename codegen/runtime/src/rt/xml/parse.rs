//! Parsing: the tokenizer's events turned into the tables of an
//! [`XmlDocument`](super::XmlDocument), with the checks that keep a hostile
//! body cheap (no DTD, no unknown entity, bounded depth, no quadratic step).

use quick_xml::errors::{Error as TokenError, IllFormedError};
use quick_xml::events::{BytesStart, Event};
use quick_xml::reader::Reader;

use super::reader::{Attr, Chunk, Element, MAX_DEPTH, NONE, Piece, Span, decode_reference, is_xml_whitespace};
use crate::error::display_escaped;
use crate::rt::json::DeserializeError;

/// Parses `source` into tables; on failure, what is wrong and the byte it is at.
pub(super) fn tables(source: &str) -> Result<Tables, (Fault, u64)> {
    Builder::new(source).run()
}

/// The tables a parse fills.
pub(super) struct Tables {
    pub(super) elements: Vec<Element>,
    pub(super) attrs: Vec<Attr>,
    pub(super) chunks: Vec<Chunk>,
}

/// An element not closed yet.
struct Open {
    element: u32,
    last_chunk: u32,
}

/// Why a body was not read.
pub(super) enum Fault {
    /// It is not well-formed XML.
    Malformed(String),
    /// It is XML, but of a kind refused to keep reading cheap and safe.
    Refused(String),
}

impl Fault {
    pub(super) fn into_error(self, at: u64) -> DeserializeError {
        DeserializeError::new(match self {
            Fault::Malformed(what) => format!("the body is not well-formed XML: {what} (at byte {at})"),
            Fault::Refused(what) => format!("the XML body is refused: {what} (at byte {at})"),
        })
    }
}

fn malformed(what: impl Into<String>) -> Fault {
    Fault::Malformed(what.into())
}

/// A name from the body for a message: escaped, and cut short if long.
fn quote(name: &str) -> String {
    const SHOWN: usize = 40;
    match name.char_indices().nth(SHOWN) {
        Some((cut, _)) => format!("`{}…`", display_escaped(&name[..cut])),
        None => format!("`{}`", display_escaped(name)),
    }
}

fn unknown_reference(name: &str) -> Fault {
    malformed(format!(
        "the reference {} is neither an entity XML predefines (`lt`, `gt`, `amp`, `quot`, `apos`) \
         nor a character reference; other entities are never expanded",
        quote(&format!("&{name};"))
    ))
}

/// What the tokenizer found wrong, in words that quote nothing long.
fn describe(error: &TokenError) -> String {
    match error {
        TokenError::Syntax(e) => e.to_string(),
        TokenError::IllFormed(IllFormedError::MismatchedEndTag { expected, .. }) => {
            format!("an end tag does not match its start tag {}", quote(expected))
        }
        TokenError::IllFormed(IllFormedError::UnmatchedEndTag(_)) => "an end tag closes no element".to_owned(),
        TokenError::IllFormed(IllFormedError::UnclosedReference) => {
            "an `&` starts no reference (`&amp;` is the escape for `&`)".to_owned()
        }
        TokenError::IllFormed(IllFormedError::MissingDoctypeName) => {
            "a document type declaration without a name".to_owned()
        }
        TokenError::IllFormed(_) => "a malformed XML declaration".to_owned(),
        TokenError::InvalidAttr(e) => format!("a malformed attribute: {e}"),
        _ => "malformed markup".to_owned(),
    }
}

/// Checks an element or attribute name: an XML name, with at most one colon
/// between a non-empty prefix and local name. Returns the prefix's length.
/// Characters outside ASCII are all accepted: only the tokenizer's idea of
/// where a name ends matters for safety, and AWS names are ASCII.
fn check_name(name: &str) -> Result<u32, &'static str> {
    fn is_name_start(c: char) -> bool {
        c.is_ascii_alphabetic() || c == '_' || !c.is_ascii()
    }
    let mut chars = name.chars();
    match chars.next() {
        None => return Err("is empty"),
        Some(c) if is_name_start(c) => {}
        Some(_) => return Err("does not start with a letter or `_`"),
    }
    if !chars.all(|c| is_name_start(c) || c.is_ascii_digit() || matches!(c, '-' | '.' | ':')) {
        return Err("has a character names may not have");
    }
    match name.split_once(':') {
        None => Ok(0),
        Some((prefix, local)) if local.starts_with(is_name_start) && !local.contains(':') => Ok(prefix.len() as u32),
        Some(_) => Err("is not a valid prefixed name (`prefix:local`)"),
    }
}

/// Checks an attribute value as written: no `<`, and every `&` starts a
/// reference [`decode_reference`] knows. Returns whether the value needs no
/// decoding. Linear: each search for `;` starts after the previous one.
fn check_attr_value(value: &str) -> Result<bool, Fault> {
    if value.contains('<') {
        return Err(malformed("an attribute value has a `<`, which XML requires escaped"));
    }
    let mut rest = value;
    while let Some(at) = rest.find('&') {
        let after = &rest[at + 1..];
        let Some((name, tail)) = after.split_once(';') else {
            return Err(malformed("an `&` in an attribute value starts no reference (`&amp;` is the escape for `&`)"));
        };
        if decode_reference(name).is_none() {
            return Err(unknown_reference(name));
        }
        rest = tail;
    }
    Ok(!value.contains(['&', '\t', '\n', '\r']))
}

/// Builds the tables from the tokenizer's events, keeping the stack of open
/// elements on the heap.
struct Builder<'s> {
    source: &'s str,
    tables: Tables,
    open: Vec<Open>,
    seen_root: bool,
    /// Scratch space for the duplicate-attribute check.
    names: Vec<&'s str>,
}

impl<'s> Builder<'s> {
    fn new(source: &'s str) -> Self {
        // A guess that saves most regrowth without reserving much for a body
        // that is mostly one long text: AWS bodies have an element, and a
        // piece of text, per 20 to 40 bytes.
        let elements = source.len() / 64;
        Builder {
            source,
            tables: Tables {
                elements: Vec::with_capacity(elements),
                attrs: Vec::new(),
                chunks: Vec::with_capacity(elements),
            },
            open: Vec::new(),
            seen_root: false,
            names: Vec::new(),
        }
    }

    /// Reads every event; on failure, what is wrong and the byte it is at.
    fn run(mut self) -> Result<Tables, (Fault, u64)> {
        let mut reader = Reader::from_str(self.source);
        let config = reader.config_mut();
        config.check_end_names = true;
        config.allow_unmatched_ends = false;
        config.allow_dangling_amp = false;
        config.expand_empty_elements = false;
        config.trim_text(false);
        loop {
            let at = reader.buffer_position();
            let event = reader.read_event().map_err(|e| (malformed(describe(&e)), reader.error_position()))?;
            let step = match event {
                Event::Start(tag) => self.start(&tag, false),
                Event::Empty(tag) => self.start(&tag, true),
                Event::End(_) => self.end(),
                Event::Text(text) => self.text(&text),
                Event::CData(text) => self.cdata(&text),
                Event::GeneralRef(name) => self.reference(&name),
                Event::Decl(_) if self.seen_root => Err(malformed("an XML declaration after the root element")),
                Event::DocType(_) => Err(Fault::Refused(
                    "it has a document type declaration (`<!DOCTYPE`), which could define entities; \
                     AWS responses never have one"
                        .to_owned(),
                )),
                Event::Decl(_) | Event::Comment(_) | Event::PI(_) => Ok(()),
                Event::Eof => return self.finish().map_err(|fault| (fault, at)),
            };
            step.map_err(|fault| (fault, at))?;
        }
    }

    fn start(&mut self, tag: &BytesStart<'_>, empty: bool) -> Result<(), Fault> {
        if self.open.is_empty() && self.seen_root {
            return Err(malformed("a second root element (a document has one)"));
        }
        if self.open.len() >= MAX_DEPTH {
            return Err(Fault::Refused(format!("elements nest more than {MAX_DEPTH} levels deep")));
        }
        let qname = tag.name().0;
        let prefix_len =
            check_name(qname).map_err(|why| malformed(format!("the element name {} {why}", quote(qname))))?;
        let name = self.span_of(qname)?;
        let first_attr = self.tables.attrs.len();
        for attr in tag.attributes().with_checks(false) {
            let attr = attr.map_err(|e| malformed(format!("a malformed attribute: {e}")))?;
            self.push_attr(attr.key.0, &attr.value)?;
        }
        self.check_unique_attrs(first_attr)?;
        let index = self.tables.elements.len() as u32;
        let attrs = Span { start: first_attr as u32, end: self.tables.attrs.len() as u32 };
        self.tables.elements.push(Element { name, prefix_len, attrs, end: index + 1, first_chunk: NONE });
        self.seen_root = true;
        if !empty {
            self.open.push(Open { element: index, last_chunk: NONE });
        }
        Ok(())
    }

    fn push_attr(&mut self, key: &str, value: &str) -> Result<(), Fault> {
        let prefix_len =
            check_name(key).map_err(|why| malformed(format!("the attribute name {} {why}", quote(key))))?;
        let plain = check_attr_value(value)?;
        let attr = Attr { name: self.span_of(key)?, prefix_len, value: self.span_of(value)?, plain };
        self.tables.attrs.push(attr);
        Ok(())
    }

    /// Refuses an element with two attributes of the same name; sorting keeps
    /// this `n log n` for an element with very many.
    fn check_unique_attrs(&mut self, first: usize) -> Result<(), Fault> {
        let attrs = self.tables.attrs.get(first..).unwrap_or_default();
        if attrs.len() < 2 {
            return Ok(());
        }
        let source = self.source;
        self.names.clear();
        self.names.extend(attrs.iter().map(|a| source.get(a.name.range()).unwrap_or_default()));
        self.names.sort_unstable();
        match self.names.windows(2).find(|pair| pair[0] == pair[1]) {
            Some(pair) => Err(malformed(format!("the attribute {} appears twice in one element", quote(pair[0])))),
            None => Ok(()),
        }
    }

    fn end(&mut self) -> Result<(), Fault> {
        // The tokenizer has checked that the end tag matches the open element.
        let open = self.open.pop().ok_or_else(|| malformed("an end tag closes no element"))?;
        let end = self.tables.elements.len() as u32;
        if let Some(element) = self.tables.elements.get_mut(open.element as usize) {
            element.end = end;
        }
        Ok(())
    }

    fn text(&mut self, text: &str) -> Result<(), Fault> {
        if text.is_empty() {
            return Ok(());
        }
        if self.open.is_empty() {
            return if is_xml_whitespace(text.as_bytes()) {
                Ok(())
            } else {
                Err(malformed("text outside the root element"))
            };
        }
        let span = self.span_of(text)?;
        self.push_piece(Piece::Text(span));
        Ok(())
    }

    fn cdata(&mut self, text: &str) -> Result<(), Fault> {
        if self.open.is_empty() {
            return Err(malformed("a CDATA section outside the root element"));
        }
        let span = self.span_of(text)?;
        self.push_piece(Piece::CData(span));
        Ok(())
    }

    fn reference(&mut self, name: &str) -> Result<(), Fault> {
        if self.open.is_empty() {
            return Err(malformed("a reference outside the root element"));
        }
        let c = decode_reference(name).ok_or_else(|| unknown_reference(name))?;
        self.push_piece(Piece::Char(c));
        Ok(())
    }

    /// Appends a piece to the innermost open element's chain.
    fn push_piece(&mut self, piece: Piece) {
        let Some(open) = self.open.last_mut() else { return };
        let index = self.tables.chunks.len() as u32;
        self.tables.chunks.push(Chunk { piece, next: NONE });
        let link = if open.last_chunk == NONE {
            self.tables.elements.get_mut(open.element as usize).map(|e| &mut e.first_chunk)
        } else {
            self.tables.chunks.get_mut(open.last_chunk as usize).map(|c| &mut c.next)
        };
        if let Some(link) = link {
            *link = index;
        }
        open.last_chunk = index;
    }

    fn finish(self) -> Result<Tables, Fault> {
        if let Some(open) = self.open.last() {
            let name = self.tables.elements.get(open.element as usize).map(|e| e.name.range()).unwrap_or_default();
            let name = self.source.get(name).unwrap_or_default();
            return Err(malformed(format!("the body ends before the element {} is closed", quote(name))));
        }
        Ok(self.tables)
    }

    /// Where `part`, a slice the tokenizer borrowed from the body, lies in it.
    fn span_of(&self, part: &str) -> Result<Span, Fault> {
        let start = part.as_ptr().addr().wrapping_sub(self.source.as_ptr().addr());
        match start.checked_add(part.len()) {
            Some(end) if end <= self.source.len() => Ok(Span { start: start as u32, end: end as u32 }),
            _ => Err(malformed("the tokenizer returned text that is not part of the body")),
        }
    }
}
