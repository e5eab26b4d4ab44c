//! Small token builders shared by the emitters: identifiers, paths, Rust
//! types, doc attributes, default values.

use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::quote;
use serde_json::Value;

use super::GenerateError;
use super::docs::html_to_markdown;
use super::verbatim::TypeText;
use crate::names::RustType;
use crate::smithy::{Member, Traits};

/// An identifier; `r#name` becomes a raw identifier.
pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// A path such as `crate::types::Tag`.
pub fn path(path: &str) -> TokenStream {
    let segments = path.split("::").map(ident);
    quote!(#(#segments)::*)
}

/// The Rust type, fully qualified so shape names never shadow std types.
pub fn rust_type(ty: &RustType) -> TokenStream {
    match ty {
        RustType::String => quote!(::std::string::String),
        RustType::Bool => quote!(bool),
        RustType::I8 => quote!(i8),
        RustType::I16 => quote!(i16),
        RustType::I32 => quote!(i32),
        RustType::I64 => quote!(i64),
        RustType::F32 => quote!(f32),
        RustType::F64 => quote!(f64),
        RustType::BigInteger => quote!(crate::primitives::BigInteger),
        RustType::BigDecimal => quote!(crate::primitives::BigDecimal),
        RustType::DateTime => quote!(crate::primitives::DateTime),
        RustType::Blob => quote!(crate::primitives::Blob),
        RustType::ByteStream => quote!(crate::primitives::ByteStream),
        RustType::Document => quote!(crate::primitives::Document),
        RustType::Named(p) => path(p),
        RustType::Vec(inner) => {
            let inner = rust_type(inner);
            quote!(::std::vec::Vec<#inner>)
        }
        RustType::Map(key, inner) => {
            let (key, inner) = (rust_type(key), rust_type(inner));
            quote!(::std::collections::HashMap<#key, #inner>)
        }
        RustType::Option(inner) => {
            let inner = rust_type(inner);
            quote!(::std::option::Option<#inner>)
        }
        RustType::Box(inner) => {
            let inner = rust_type(inner);
            quote!(::std::boxed::Box<#inner>)
        }
    }
}

/// A string literal as `quote!` writes and prettyplease prints it, for text
/// made of printable ASCII without quotes or backslashes (model names and
/// wire names); `None` for anything that would need escaping.
pub fn string_literal(text: &str) -> Option<String> {
    let plain = text.bytes().all(|b| (b' '..=b'~').contains(&b) && b != b'"' && b != b'\\');
    plain.then(|| format!("\"{text}\""))
}

/// [`rust_type`] as text, with the generic arguments prettyplease may
/// put one per line.
pub fn type_text(ty: &RustType) -> TypeText {
    let generic = |head: &str, args: &[&RustType]| TypeText::generic(head, args.iter().map(|a| type_text(a)).collect());
    TypeText::atom(match ty {
        RustType::Vec(inner) => return generic("::std::vec::Vec", &[inner]),
        RustType::Map(key, inner) => return generic("::std::collections::HashMap", &[key, inner]),
        RustType::Option(inner) => return generic("::std::option::Option", &[inner]),
        RustType::Box(inner) => return generic("::std::boxed::Box", &[inner]),
        RustType::Named(p) => p.as_str(),
        RustType::String => "::std::string::String",
        RustType::Bool => "bool",
        RustType::I8 => "i8",
        RustType::I16 => "i16",
        RustType::I32 => "i32",
        RustType::I64 => "i64",
        RustType::F32 => "f32",
        RustType::F64 => "f64",
        RustType::BigInteger => "crate::primitives::BigInteger",
        RustType::BigDecimal => "crate::primitives::BigDecimal",
        RustType::DateTime => "crate::primitives::DateTime",
        RustType::Blob => "crate::primitives::Blob",
        RustType::ByteStream => "crate::primitives::ByteStream",
        RustType::Document => "crate::primitives::Document",
    })
}

/// `#[doc = "..."]` lines for model documentation, or for `fallback` when the model has none.
pub fn docs(traits: &Traits, fallback: &str) -> TokenStream {
    doc_lines(&doc_markdown(traits, fallback))
}

/// The Markdown [`docs`] writes: the model's documentation converted, or
/// `fallback` when the model has none.
pub fn doc_markdown(traits: &Traits, fallback: &str) -> String {
    match traits.documentation.as_deref().map(markdown).filter(|d| !d.trim().is_empty()) {
        Some(markdown) => markdown,
        None => fallback.to_owned(),
    }
}

/// `#![doc = "..."]` lines (module documentation) for model documentation, or `fallback`.
pub fn inner_docs(traits: &Traits, fallback: &str) -> TokenStream {
    let markdown = traits.documentation.as_deref().map(markdown).filter(|d| !d.trim().is_empty());
    inner_doc_lines(&markdown.unwrap_or_else(|| fallback.to_owned()))
}

/// `#![doc = "..."]` attributes (module documentation) for Markdown text:
/// one `//!` line per line once formatted.
pub fn inner_doc_lines(markdown: &str) -> TokenStream {
    let lines = doc_literals(markdown);
    quote!(#(#![doc = #lines])*)
}

/// `#[doc = "..."]` attributes for Markdown text: one `///` line per line
/// once formatted.
pub fn doc_lines(markdown: &str) -> TokenStream {
    let lines = doc_literals(markdown);
    quote!(#(#[doc = #lines])*)
}

/// The doc literals for `markdown`: a space before each line's text
/// (`/// text`), nothing for a blank line; deferred as one block when it
/// has several lines or a long one.
fn doc_literals(markdown: &str) -> Vec<String> {
    let mut block = String::with_capacity(markdown.len() + 8);
    let mut lines = 0;
    for line in markdown.lines() {
        if lines > 0 {
            block.push('\n');
        }
        if !line.is_empty() {
            block.push(' ');
            block.push_str(line);
        }
        lines += 1;
    }
    deferred_docs::block(block, lines)
}

/// Forgets what the previous unit of emission work kept on this thread
/// (converted documentation, deferred doc lines). Called before each unit:
/// the model it reads stays alive and unchanged until the unit ends.
pub fn start_unit() {
    deferred_docs::reset();
    MARKDOWN.with(|cache| cache.borrow_mut().clear());
}

thread_local! {
    /// Converted documentation by the address and length of the model's
    /// text: a member's documentation is emitted on the field, its getter
    /// and the builders' setters, and converting it is the costly part.
    static MARKDOWN: std::cell::RefCell<std::collections::HashMap<(usize, usize), String>> =
        std::cell::RefCell::new(std::collections::HashMap::new());
}

/// [`html_to_markdown`] of model text, converted once per unit of work.
fn markdown(doc: &str) -> String {
    let key = (doc.as_ptr() as usize, doc.len());
    MARKDOWN.with(|cache| cache.borrow_mut().entry(key).or_insert_with(|| html_to_markdown(doc)).clone())
}

/// Model documentation is most of the text of a generated file, and
/// carrying it through the token stream costs three copies: escaping it
/// into a literal, syn parsing the literal back, prettyplease printing it.
/// Documentation of several lines, or of one long line, is instead kept
/// aside on the emitting thread, and one short mark (a private-use character
/// and a number) goes through formatting in its place: one attribute instead
/// of one per line. [`restore_into`](deferred_docs::restore_into) puts the
/// lines back into the formatted file exactly as prettyplease prints doc
/// lines (`///` or `//!`, then the text without trailing spaces), at the
/// mark's indentation. Token streams never leave the thread that made them,
/// and a file is formatted on the thread that emitted it, so the marks of
/// one thread's files resolve against that thread's table.
///
/// The same table keeps items already written as formatted text (see
/// [`verbatim`](super::verbatim)): their mark is a doc attribute on an
/// empty macro item, `__verbatim!();`, and both lines give way to the text.
pub(crate) mod deferred_docs {
    use std::cell::RefCell;

    use proc_macro2::TokenStream;
    use quote::quote;

    /// Starts a mark; the number of the kept line follows.
    const MARK: char = '\u{E000}';
    /// Lines shorter than this are cheaper to carry than to look up.
    const KEEP_FROM: usize = 24;
    /// The item a kept text's mark is attached to, as prettyplease prints it.
    const TEXT_ITEM: &str = "__verbatim!();";

    /// What a mark stands for.
    enum Kept {
        /// Doc lines joined by `\n`, each with its leading space.
        Doc(String),
        /// Formatted items, whole lines, laid out for `indent` spaces.
        Text { text: String, indent: usize },
    }

    thread_local! {
        static KEPT: RefCell<Vec<Kept>> = const { RefCell::new(Vec::new()) };
    }

    /// The literals to emit for `lines` doc lines joined by `\n` in
    /// `block`: none for none, a single short line itself, else one mark
    /// for them all.
    pub fn block(block: String, lines: usize) -> Vec<String> {
        // A line that holds the mark character itself is always kept, so
        // that every mark in the output is one of ours.
        if lines == 0 {
            return Vec::new();
        }
        if lines == 1 && block.len() < KEEP_FROM && !block.contains(MARK) {
            return vec![block];
        }
        vec![keep(Kept::Doc(block))]
    }

    /// The mark item standing for `text`: whole formatted lines, each
    /// already indented by `indent` spaces, the indentation the mark gets.
    pub fn text(text: String, indent: usize) -> TokenStream {
        let mark = keep(Kept::Text { text, indent });
        quote!(#[doc = #mark] __verbatim!();)
    }

    fn keep(kept: Kept) -> String {
        KEPT.with(|table| {
            let mut table = table.borrow_mut();
            table.push(kept);
            format!("{MARK}{}", table.len() - 1)
        })
    }

    /// Forgets the kept lines; called before a unit of work, whose files
    /// are all formatted before the next unit starts.
    pub fn reset() {
        KEPT.with(|kept| kept.borrow_mut().clear());
    }

    /// Appends `formatted` to `out` with kept lines put back in place of
    /// their marks.
    pub fn restore_into(out: &mut String, formatted: &str) {
        if !formatted.contains(MARK) {
            out.push_str(formatted);
            return;
        }
        KEPT.with(|kept| {
            let kept = kept.borrow();
            out.reserve(formatted.len() + 64 * kept.len());
            let mut lines = formatted.split_inclusive('\n');
            while let Some(line) = lines.next() {
                match restore_line(out, line, &kept) {
                    Restored::No => out.push_str(line),
                    Restored::Doc => {}
                    Restored::Text => {
                        // The mark's item line gives way to the text too.
                        if let Some(item) = lines.next().filter(|item| item.trim() != TEXT_ITEM) {
                            out.push_str(item);
                        }
                    }
                }
            }
        })
    }

    /// What [`restore_line`] did with a line.
    enum Restored {
        /// Not a mark: nothing written.
        No,
        /// Doc lines written.
        Doc,
        /// Kept text written; the mark's item line follows.
        Text,
    }

    /// Appends `line` to `out` with its mark replaced by what was kept,
    /// when it is a doc comment made of one.
    fn restore_line(out: &mut String, line: &str, kept: &[Kept]) -> Restored {
        let body = line.trim_start_matches(' ');
        let indent = &line[..line.len() - body.len()];
        let Some((comment, rest)) = body.split_at_checked(3) else { return Restored::No };
        if comment != "///" && comment != "//!" {
            return Restored::No;
        }
        let Some(number) = rest.strip_prefix(MARK) else { return Restored::No };
        let (number, newline) = match number.strip_suffix('\n') {
            Some(n) => (n, "\n"),
            None => (number, ""),
        };
        let Some(kept) = number.parse::<usize>().ok().and_then(|n| kept.get(n)) else { return Restored::No };
        match kept {
            Kept::Doc(text) => {
                for (i, part) in text.split('\n').enumerate() {
                    if i > 0 {
                        out.push('\n');
                    }
                    out.push_str(indent);
                    out.push_str(comment);
                    out.push_str(part.trim_end_matches(' '));
                }
                out.push_str(newline);
                Restored::Doc
            }
            Kept::Text { text, indent: laid_out_for } => {
                // Text is laid out for the width left at its indentation; a
                // mark printed elsewhere is an emitter bug.
                debug_assert_eq!(indent.len(), *laid_out_for, "kept text restored at another indentation");
                out.push_str(text);
                Restored::Text
            }
        }
    }
}

/// `#[deprecated]` when the model deprecates the shape or member.
pub fn deprecated(traits: &Traits) -> TokenStream {
    match &traits.deprecated {
        None => TokenStream::new(),
        Some(d) => {
            let note = match (&d.message, &d.since) {
                (Some(m), Some(s)) => format!("{m} (deprecated since {s})"),
                (Some(m), None) => m.clone(),
                (None, Some(s)) => format!("deprecated since {s}"),
                (None, None) => String::new(),
            };
            if note.is_empty() { quote!(#[deprecated]) } else { quote!(#[deprecated(note = #note)]) }
        }
    }
}

/// A Rust expression for a member's `@default` value, of type `ty`.
pub fn default_value(member: &Member, ty: &RustType, value: &Value) -> Result<TokenStream, GenerateError> {
    let unsupported = || GenerateError::Unsupported {
        shape: member.id.to_string(),
        problem: format!("cannot express the default value {value} for a {ty:?} member"),
    };
    Ok(match (ty, value) {
        (RustType::Box(inner), v) => {
            let inner = default_value(member, inner, v)?;
            quote!(::std::boxed::Box::new(#inner))
        }
        (RustType::String, Value::String(s)) => quote!(::std::string::String::from(#s)),
        (RustType::Named(p), Value::String(s)) => {
            let p = path(p);
            quote!(#p::from(#s))
        }
        (RustType::Bool, Value::Bool(b)) => quote!(#b),
        (RustType::I8 | RustType::I16 | RustType::I32 | RustType::I64, Value::Number(n)) => {
            let lit = Literal::i64_unsuffixed(n.as_i64().ok_or_else(unsupported)?);
            quote!(#lit)
        }
        (RustType::F32 | RustType::F64, Value::Number(n)) => {
            let lit = Literal::f64_unsuffixed(n.as_f64().ok_or_else(unsupported)?);
            quote!(#lit)
        }
        (RustType::Vec(_), Value::Array(a)) if a.is_empty() => quote!(::std::vec::Vec::new()),
        (RustType::Map(..), Value::Object(o)) if o.is_empty() => quote!(::std::collections::HashMap::new()),
        (RustType::Blob, Value::String(s)) => {
            let bytes = decode_base64(s).ok_or_else(unsupported)?;
            quote!(crate::primitives::Blob::new(::std::vec![#(#bytes),*]))
        }
        (RustType::DateTime, Value::Number(n)) => {
            let secs = Literal::f64_unsuffixed(n.as_f64().ok_or_else(unsupported)?);
            quote!(crate::primitives::DateTime::from_secs_f64(#secs))
        }
        (RustType::BigInteger, Value::Number(n)) | (RustType::BigDecimal, Value::Number(n)) => {
            let text = n.to_string();
            let p = rust_type(ty);
            quote!(<#p as ::std::str::FromStr>::from_str(#text).unwrap_or_default())
        }
        (RustType::Document, v) => document_literal(v),
        _ => return Err(unsupported()),
    })
}

/// A `Document` expression for a JSON value.
pub fn document_literal(value: &Value) -> TokenStream {
    match value {
        Value::Null => quote!(crate::primitives::Document::Null),
        Value::Bool(b) => quote!(crate::primitives::Document::Bool(#b)),
        Value::Number(n) => {
            if let Some(u) = n.as_u64() {
                quote!(crate::primitives::Document::Number(crate::primitives::Number::PosInt(#u)))
            } else if let Some(i) = n.as_i64() {
                quote!(crate::primitives::Document::Number(crate::primitives::Number::NegInt(#i)))
            } else {
                let f = Literal::f64_unsuffixed(n.as_f64().unwrap_or(0.0));
                quote!(crate::primitives::Document::Number(crate::primitives::Number::Float(#f)))
            }
        }
        Value::String(s) => quote!(crate::primitives::Document::String(::std::string::String::from(#s))),
        Value::Array(items) => {
            let items = items.iter().map(document_literal);
            quote!(crate::primitives::Document::Array(::std::vec![#(#items),*]))
        }
        Value::Object(o) => {
            let (keys, values): (Vec<&String>, Vec<TokenStream>) =
                o.iter().map(|(k, v)| (k, document_literal(v))).unzip();
            quote!(crate::primitives::Document::Object(
                [#((::std::string::String::from(#keys), #values)),*].into_iter().collect()
            ))
        }
    }
}

/// Decodes standard base64 (padding optional); `None` when malformed.
fn decode_base64(text: &str) -> Option<Vec<u8>> {
    let digits: Vec<u8> = text
        .trim_end_matches('=')
        .bytes()
        .map(|c| match c {
            b'A'..=b'Z' => Some(c - b'A'),
            b'a'..=b'z' => Some(c - b'a' + 26),
            b'0'..=b'9' => Some(c - b'0' + 52),
            b'+' => Some(62),
            b'/' => Some(63),
            _ => None,
        })
        .collect::<Option<_>>()?;
    if digits.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(digits.len() * 3 / 4);
    for chunk in digits.chunks(4) {
        let n = chunk.iter().enumerate().fold(0u32, |acc, (i, d)| acc | (u32::from(*d) << (18 - 6 * i)));
        out.extend(n.to_be_bytes()[1..chunk.len()].iter());
    }
    Some(out)
}

#[cfg(test)]
pub(super) mod tests {
    use super::{decode_base64, deferred_docs, doc_lines, inner_doc_lines};
    use quote::quote;

    /// `tokens` formatted by prettyplease, deferred doc marks restored.
    pub(crate) fn formatted(tokens: proc_macro2::TokenStream) -> String {
        let file: syn::File = syn::parse2(tokens).expect("parses");
        let mut out = String::new();
        deferred_docs::restore_into(&mut out, &prettyplease::unparse(&file));
        out
    }

    #[test]
    fn deferred_doc_blocks_print_as_prettyplease_prints_each_line() {
        deferred_docs::reset();
        let docs = [
            "Short.",
            "A first line long enough to be kept aside.\n\nAfter a blank line, with trailing spaces   \n- a list item",
            "One line that is long enough to be deferred on its own.",
        ];
        for doc in docs {
            // Each line as its own attribute, never deferred: the reference.
            let plain: Vec<String> =
                doc.lines().map(|l| if l.is_empty() { String::new() } else { format!(" {l}") }).collect();
            let outer = doc_lines(doc);
            let inner = inner_doc_lines(doc);
            let deferred = formatted(quote! {
                mod m {
                    #inner
                    impl T {
                        #outer
                        fn f() {}
                    }
                }
            });
            let reference = formatted(quote! {
                mod m {
                    #(#![doc = #plain])*
                    impl T {
                        #(#[doc = #plain])*
                        fn f() {}
                    }
                }
            });
            assert_eq!(deferred, reference, "{doc:?}");
            assert!(!deferred.contains('\u{E000}'), "a mark was left in {deferred}");
        }
        deferred_docs::reset();
    }

    #[test]
    fn base64_defaults_decode() {
        assert_eq!(decode_base64("YWJj"), Some(b"abc".to_vec()));
        assert_eq!(decode_base64("YWI="), Some(b"ab".to_vec()));
        assert_eq!(decode_base64("YQ=="), Some(b"a".to_vec()));
        assert_eq!(decode_base64(""), Some(Vec::new()));
        assert_eq!(decode_base64("Y"), None);
        assert_eq!(decode_base64("Y!=="), None);
    }
}
