//! Methods written straight as formatted text.
//!
//! Accessors and setters make up much of a generated crate, and they are a
//! few fixed forms repeated for every member: a builder's three setters, a
//! fluent builder's three, a structure's getter. Building each as tokens,
//! parsing them with syn and printing them with prettyplease was most of
//! the generator's time. Their emitters write them here instead, laid out
//! as prettyplease lays them out, and a run of them goes through formatting
//! as one mark (see [`deferred_docs`]) that is replaced by the text
//! afterwards.
//!
//! The layout rules here cover what these methods need: a signature on one
//! line when it fits prettyplease's width, else one parameter per line; a
//! body of statements that each fit on their line. A method that needs any
//! other layout (a parameter or statement too long for its line, where
//! prettyplease would break inside it) is written as tokens instead, as is
//! everything when text is turned off (clients embedded as modules, whose
//! formatted syntax tree is rewritten).

use std::cell::Cell;

use proc_macro2::TokenStream;
use quote::quote;

use super::GenerateError;
use super::tokens::{deferred_docs, doc_lines};

/// prettyplease's line width: the longest line it keeps unbroken.
const MARGIN: usize = 89;
/// The indentation of an item in an `impl` block at the top of a file.
const ITEM: &str = "    ";
/// The indentation of a statement in such an item's body.
const BODY: &str = "        ";

thread_local! {
    static ENABLED: Cell<bool> = const { Cell::new(false) };
}

/// Turns text emission on or off for the units of work this thread does next.
pub fn enable(on: bool) {
    ENABLED.with(|enabled| enabled.set(on));
}

fn enabled() -> bool {
    ENABLED.with(Cell::get)
}

/// One doc attribute's worth of a method's documentation.
#[derive(Clone, Copy)]
pub(crate) enum Doc<'a> {
    /// Markdown text, one `///` line per line ([`doc_lines`]).
    Markdown(&'a str),
    /// One literal line, as `#[doc = literal]`: empty or starting with a space.
    Line(&'a str),
}

/// A method of one of the fixed forms: its docs, signature and one-line
/// statements, from which either its text or its tokens are made.
pub(crate) struct MethodSpec<'a> {
    /// Doc attributes, in order.
    pub docs: &'a [Doc<'a>],
    /// `#[deprecated]` or nothing; a deprecated method is written as tokens.
    pub deprecated: TokenStream,
    /// `pub fn name`.
    pub head: &'a str,
    /// The parameters, receiver first.
    pub params: &'a [&'a str],
    /// Empty, or ` -> Type`.
    pub ret: &'a str,
    /// The body: statements with their `;`, then maybe a final expression.
    pub body: &'a [String],
}

/// The items of an `impl` block at the top of a file: methods written as
/// text where they can be, the rest as tokens, in order.
#[derive(Default)]
pub(crate) struct ImplItems {
    tokens: TokenStream,
    /// Text of consecutive methods not yet marked.
    run: String,
}

impl ImplItems {
    /// Adds a method: as text when text is on and its layout is one of
    /// these rules', else as tokens.
    pub fn method(&mut self, spec: &MethodSpec<'_>) -> Result<(), GenerateError> {
        if enabled() && spec.deprecated.is_empty() {
            let start = self.run.len();
            if (Method { out: &mut self.run }).write(spec).is_some() {
                return Ok(());
            }
            self.run.truncate(start);
        }
        let tokens = method_tokens(spec)?;
        self.extend(tokens);
        Ok(())
    }

    /// Adds items that are only ever tokens.
    pub fn extend(&mut self, tokens: TokenStream) {
        self.flush();
        self.tokens.extend(tokens);
    }

    fn flush(&mut self) {
        if !self.run.is_empty() {
            let text = std::mem::take(&mut self.run);
            self.tokens.extend(deferred_docs::text(text, ITEM.len()));
        }
    }

    /// The items, text runs as marks.
    pub fn into_tokens(mut self) -> TokenStream {
        self.flush();
        self.tokens
    }
}

/// The method as tokens: its docs as attributes, its code parsed.
fn method_tokens(spec: &MethodSpec<'_>) -> Result<TokenStream, GenerateError> {
    let mut tokens = TokenStream::new();
    for doc in spec.docs {
        match doc {
            Doc::Markdown(markdown) => tokens.extend(doc_lines(markdown)),
            Doc::Line(line) => tokens.extend(quote!(#[doc = #line])),
        }
    }
    tokens.extend(spec.deprecated.clone());
    let code = format!("{}({}){} {{ {} }}", spec.head, spec.params.join(", "), spec.ret, spec.body.join(" "));
    let code: TokenStream = code.parse().map_err(|e: proc_macro2::LexError| GenerateError::InvalidOutput {
        file: format!("the method `{}`", spec.head),
        message: e.to_string(),
    })?;
    tokens.extend(code);
    Ok(tokens)
}

/// One method being written as text; each step that cannot be laid out as
/// prettyplease would returns `None`.
struct Method<'a> {
    out: &'a mut String,
}

impl Method<'_> {
    fn write(&mut self, spec: &MethodSpec<'_>) -> Option<()> {
        for doc in spec.docs {
            match doc {
                Doc::Markdown(markdown) => self.docs(markdown),
                Doc::Line(line) => self.doc(line),
            }
        }
        // The inline pass marks every function that is not generic; these
        // are generic exactly when they take or return `impl Trait`.
        if !spec.params.iter().any(|p| p.contains("impl ")) && !spec.ret.contains("impl ") {
            self.out.push_str(ITEM);
            self.out.push_str("#[inline]\n");
        }
        self.signature(spec.head, spec.params, spec.ret)?;
        for line in spec.body {
            self.line(line)?;
        }
        self.out.push_str(ITEM);
        self.out.push_str("}\n");
        Some(())
    }

    /// Doc comment lines for Markdown text, as [`doc_lines`] attributes print.
    fn docs(&mut self, markdown: &str) {
        for line in markdown.lines() {
            self.out.push_str(ITEM);
            self.out.push_str("///");
            if !line.is_empty() {
                self.out.push(' ');
                self.out.push_str(line);
                let end = self.out.trim_end_matches(' ').len();
                self.out.truncate(end);
            }
            self.out.push('\n');
        }
    }

    /// The doc comment line that `#[doc = literal]` prints as.
    fn doc(&mut self, literal: &str) {
        debug_assert!(!literal.contains('\n') && (literal.is_empty() || literal.starts_with(' ')));
        self.out.push_str(ITEM);
        self.out.push_str("///");
        self.out.push_str(literal.trim_end_matches(' '));
        self.out.push('\n');
    }

    /// `head(params) ret {`: on one line when it fits, else each parameter
    /// on its own line with a trailing comma.
    fn signature(&mut self, head: &str, params: &[&str], ret: &str) -> Option<()> {
        if params.is_empty() {
            return None;
        }
        let params_len = params.iter().map(|p| p.len()).sum::<usize>() + 2 * (params.len() - 1);
        if ITEM.len() + head.len() + 1 + params_len + 1 + ret.len() + 2 <= MARGIN {
            self.out.push_str(ITEM);
            self.out.push_str(head);
            self.out.push('(');
            for (i, param) in params.iter().enumerate() {
                if i > 0 {
                    self.out.push_str(", ");
                }
                self.out.push_str(param);
            }
            self.out.push(')');
            self.out.push_str(ret);
            self.out.push_str(" {\n");
            return Some(());
        }
        if ITEM.len() + head.len() + 1 > MARGIN
            || params.iter().any(|p| BODY.len() + p.len() + 1 > MARGIN)
            || ITEM.len() + 1 + ret.len() + 2 > MARGIN
        {
            return None;
        }
        self.out.push_str(ITEM);
        self.out.push_str(head);
        self.out.push_str("(\n");
        for param in params {
            self.out.push_str(BODY);
            self.out.push_str(param);
            self.out.push_str(",\n");
        }
        self.out.push_str(ITEM);
        self.out.push(')');
        self.out.push_str(ret);
        self.out.push_str(" {\n");
        Some(())
    }

    /// A statement (or the closing expression) of the body, on one line.
    fn line(&mut self, line: &str) -> Option<()> {
        if BODY.len() + line.len() > MARGIN {
            return None;
        }
        self.out.push_str(BODY);
        self.out.push_str(line);
        self.out.push('\n');
        Some(())
    }
}

#[cfg(test)]
mod tests {
    use super::{Doc, ImplItems, MethodSpec, deferred_docs, enable, method_tokens};
    use proc_macro2::TokenStream;
    use quote::quote;

    /// `items` in an `impl` block at the top of a file, formatted as
    /// generated files are.
    fn formatted(items: TokenStream) -> String {
        let mut file: syn::File = syn::parse2(quote!(impl T { #items })).expect("parses");
        super::super::inline::mark(&mut file);
        let mut out = String::new();
        deferred_docs::restore_into(&mut out, &prettyplease::unparse(&file));
        out
    }

    /// The forms the emitters write, for a member `name` of type `ty`.
    fn forms(name: &str, ty: &str) -> Vec<(String, Vec<String>, String, Vec<String>)> {
        let option = format!("::std::option::Option<{ty}>");
        vec![
            (
                format!("pub fn {name}"),
                vec!["mut self".into(), format!("input: impl ::std::convert::Into<{ty}>")],
                " -> Self".into(),
                vec![format!("self.{name} = ::std::option::Option::Some(input.into());"), "self".into()],
            ),
            (
                format!("pub fn set_{name}"),
                vec!["mut self".into(), format!("input: {option}")],
                " -> Self".into(),
                vec![format!("self.{name} = input;"), "self".into()],
            ),
            (
                format!("pub fn get_{name}"),
                vec!["&self".into()],
                format!(" -> &{option}"),
                vec![format!("&self.{name}")],
            ),
            (
                format!("pub fn {name}"),
                vec![
                    "mut self".into(),
                    format!("k: impl ::std::convert::Into<{ty}>"),
                    "v: impl ::std::convert::Into<i32>".into(),
                ],
                " -> Self".into(),
                vec![
                    format!("let mut hash_map = self.{name}.unwrap_or_default();"),
                    "hash_map.insert(k.into(), v.into());".into(),
                    format!("self.{name} = ::std::option::Option::Some(hash_map);"),
                    "self".into(),
                ],
            ),
        ]
    }

    #[test]
    fn text_is_laid_out_as_prettyplease_lays_out_the_tokens() {
        deferred_docs::reset();
        enable(true);
        let docs = [
            Doc::Line(" Appends an item; a line long enough to be kept aside as text."),
            Doc::Line(""),
            Doc::Markdown("Two lines of Markdown,   \n\nwith trailing spaces and a blank line."),
        ];
        let (mut written, mut fell_back) = (0, 0);
        for name_len in (1..64).step_by(3) {
            let name = format!("m{}", "_x".repeat(name_len / 2));
            // Every type length, so each rule's boundary is crossed.
            for ty_len in 0..72 {
                let ty = format!("crate::types::T{}", "y".repeat(ty_len));
                for (head, params, ret, body) in forms(&name, &ty) {
                    let params: Vec<&str> = params.iter().map(String::as_str).collect();
                    let spec = MethodSpec {
                        docs: &docs,
                        deprecated: TokenStream::new(),
                        head: &head,
                        params: &params,
                        ret: &ret,
                        body: &body,
                    };
                    let mut items = ImplItems::default();
                    items.method(&spec).expect("tokens parse");
                    let items = items.into_tokens();
                    if items.to_string().contains("__verbatim") {
                        written += 1;
                    } else {
                        fell_back += 1;
                    }
                    let text = formatted(items);
                    assert_eq!(text, formatted(method_tokens(&spec).expect("tokens parse")), "{head}({params:?})");
                    assert!(!text.contains("__verbatim") && !text.contains('\u{E000}'), "a mark was left in {text}");
                    deferred_docs::reset();
                }
            }
        }
        enable(false);
        // Both paths ran: most forms fit the rules, the longest do not.
        assert!(written > 2000 && fell_back > 1000, "{written} written as text, {fell_back} as tokens");
    }

    #[test]
    fn deprecated_methods_and_text_turned_off_go_through_tokens() {
        deferred_docs::reset();
        let body = ["self.x".to_owned()];
        let spec = |deprecated| MethodSpec {
            docs: &[],
            deprecated,
            head: "pub fn x",
            params: &["&self"],
            ret: " -> i32",
            body: &body,
        };
        for (on, deprecated) in [(false, TokenStream::new()), (true, quote!(#[deprecated]))] {
            enable(on);
            let mut items = ImplItems::default();
            items.method(&spec(deprecated)).expect("tokens parse");
            assert!(!items.into_tokens().to_string().contains("__verbatim"));
        }
        enable(true);
        let mut items = ImplItems::default();
        items.method(&spec(TokenStream::new())).expect("tokens parse");
        let items = items.into_tokens();
        assert!(items.to_string().contains("__verbatim"));
        assert_eq!(
            formatted(items),
            "impl T {\n    #[inline]\n    pub fn x(&self) -> i32 {\n        self.x\n    }\n}\n"
        );
        enable(false);
        deferred_docs::reset();
    }
}
