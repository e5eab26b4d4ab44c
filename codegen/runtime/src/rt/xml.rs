//! XML for the awsQuery, ec2Query and restXml protocols: reading response
//! bodies and writing restXml request bodies, shared by every generated shape.
//!
//! Reading parses a whole body once ([`XmlDocument::parse`]) into a flat table
//! of elements that point into one copy of the body; generated code then walks
//! it through [`Node`]s and turns element text into values with the scalar
//! readers ([`read_bool`], [`read_int`], ...). Writing appends escaped markup
//! to one buffer ([`XmlWriter`]).
//!
//! ```
//! use smithy_client_runtime::rt::xml::{XmlDocument, XmlWriter, read_int};
//!
//! let doc = XmlDocument::parse(b"<Out><Count> 3 </Count><Name>a &amp; b</Name></Out>").unwrap();
//! let root = doc.root().unwrap();
//! assert_eq!(read_int::<i32>(&root.child("Count").unwrap().text()).unwrap(), 3);
//! assert_eq!(root.child("Name").unwrap().text(), "a & b");
//!
//! let mut xml = XmlWriter::new();
//! xml.start("In");
//! xml.element("Name", "a & b");
//! xml.end("In");
//! assert_eq!(xml.finish(), b"<In><Name>a &amp; b</Name></In>");
//! ```
//!
//! # What a body may hold
//!
//! Responses come from a network, so the reader refuses what could make it
//! expensive: a document type declaration (`<!DOCTYPE`) is an error, so no
//! entity is ever defined or expanded ("billion laughs"), and only XML's five
//! predefined entities and character references are decoded; elements may nest
//! at most [`MAX_DEPTH`] levels, which also bounds the recursion of generated
//! readers; nothing in parsing or walking recurses or does more than linear
//! work in the size of the body. Bodies must be UTF-8, as AWS sends them.
//!
//! The tokenizer is the `quick-xml` crate: the fastest of the maintained
//! pure-Rust XML parsers, it adds no crate to the build (its one dependency,
//! `memchr`, is already there for `serde_json`), borrows everything from the
//! input, never recurses, reports a DTD as one opaque event and leaves
//! entity references to the caller, so nothing is expanded behind our back.
//! The others: `roxmltree` (one dependency) builds its own tree borrowing the
//! input, which this owned document would then copy again; `xml-rs` (now
//! `xml`, no dependencies) allocates a `String` per event and is many times
//! slower (quick-xml's published benchmark measured it tens of times slower);
//! `xmlparser` (no dependencies, what the official SDK uses) is archived and
//! no longer released.

mod parse;
mod reader;
mod scalars;
mod writer;

#[cfg(test)]
mod reader_tests;

pub use self::reader::{Children, MAX_DEPTH, Node, XmlDocument};
#[cfg(feature = "blob")]
pub use self::scalars::read_blob;
#[cfg(feature = "datetime")]
pub use self::scalars::read_timestamp;
pub use self::scalars::{read_bool, read_f32, read_f64, read_int};
pub use self::writer::XmlWriter;
/// XML writes floats as the REST bindings do (`1.5`, `1.0`, `NaN`,
/// `Infinity`, `-Infinity`), so the same functions serve both.
pub use super::rest::{fmt_f32, fmt_f64};
