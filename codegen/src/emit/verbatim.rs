//! Generated code written straight as formatted text.
//!
//! Most of a generated crate is a few fixed forms repeated for every member
//! or operation: a builder's three setters, a fluent builder's three, a
//! structure's getter, the structure and builder definitions, the JSON
//! member reads and writes, an operation's error enum. Building each as
//! tokens, parsing them with syn and printing them with prettyplease was
//! most of the generator's time. Their emitters write them here instead,
//! laid out as prettyplease lays them out, and a run of them goes through
//! formatting as one mark (see [`deferred_docs`]) that is replaced by the
//! text afterwards. The output is the same byte for byte; unit tests lay
//! out every form both ways across name and type lengths.
//!
//! The layout rules here cover what these forms need: a signature on one
//! line when it fits prettyplease's width, else one parameter per line; a
//! type split at its generic arguments when it does not fit; calls, match
//! arms and derive lists kept whole or split one element per line. A form
//! that would need any other layout is written as tokens instead, as is
//! everything when text is turned off (clients embedded as modules, whose
//! formatted syntax tree is rewritten).
//!
//! Items that differ between uses only in their names go through
//! [`template`]: formatted once per combination of name lengths, with
//! stand-in names, as prettyplease's layout depends on nothing else.

use std::cell::Cell;

use proc_macro2::TokenStream;
use quote::quote;

use super::GenerateError;
use super::tokens::{deferred_docs, doc_lines};

/// prettyplease's line width: the longest line it keeps unbroken.
const MARGIN: usize = 89;
/// The indentation of an item in an `impl` block at the top of a file.
const ITEM: &str = "    ";

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
    /// The parameters, receiver first: the text before the type (`input: `,
    /// or the whole receiver) and the type.
    pub params: &'a [(&'a str, Option<&'a TypeText>)],
    /// The return type, if any.
    pub ret: Option<&'a TypeText>,
    /// The body: statements with their `;`, then maybe a final expression.
    pub body: &'a [String],
}

/// The items of an `impl` block at the top of a file: methods written as
/// text where they can be, the rest as tokens, in order.
pub(crate) struct ImplItems(Block);

impl Default for ImplItems {
    fn default() -> Self {
        ImplItems(Block::new(ITEM.len()))
    }
}

impl ImplItems {
    /// Adds a method: as text when text is on and its layout is one of
    /// these rules', else as tokens.
    pub fn method(&mut self, spec: &MethodSpec<'_>) -> Result<(), GenerateError> {
        if spec.deprecated.is_empty() && self.0.try_text(|lines| write_method(lines, spec)) {
            return Ok(());
        }
        self.0.extend(method_tokens(spec)?);
        Ok(())
    }

    /// Adds items already formatted at an `impl` block's indentation (a
    /// [`template`]), or `tokens` when there is no text.
    pub fn text_or(&mut self, text: Option<String>, tokens: impl FnOnce() -> TokenStream) {
        match text {
            Some(text) => self.0.run.push_str(&text),
            None => self.0.extend(tokens()),
        }
    }

    /// The items, text runs as marks.
    pub fn into_tokens(self) -> TokenStream {
        self.0.into_tokens()
    }
}

/// Statements of a function body at `indent` spaces: runs of them written
/// as text where they can be, the rest as tokens, in order. The caller
/// knows the indentation: the block's place in the file is fixed by the
/// emitter that writes it.
pub(crate) struct Block {
    indent: usize,
    tokens: TokenStream,
    /// Text of consecutive statements not yet marked.
    run: String,
}

impl Block {
    /// An empty block whose statements print at `indent` spaces.
    pub fn new(indent: usize) -> Self {
        Block { indent, tokens: TokenStream::new(), run: String::new() }
    }

    /// Adds statements: written by `text` when text is on and it succeeds,
    /// else made by `tokens`.
    pub fn push(&mut self, text: impl FnOnce(&mut Lines<'_>) -> Option<()>, tokens: impl FnOnce() -> TokenStream) {
        if !self.try_text(text) {
            self.extend(tokens());
        }
    }

    /// Whether text is on and `text` wrote its lines; nothing is kept
    /// when it gives up.
    fn try_text(&mut self, text: impl FnOnce(&mut Lines<'_>) -> Option<()>) -> bool {
        if !enabled() {
            return false;
        }
        let start = self.run.len();
        let written = text(&mut Lines { out: &mut self.run, indent: self.indent }).is_some();
        if !written {
            self.run.truncate(start);
        }
        written
    }

    /// Adds statements that are only ever tokens.
    pub fn extend(&mut self, tokens: TokenStream) {
        if !self.run.is_empty() {
            let text = std::mem::take(&mut self.run);
            self.tokens.extend(deferred_docs::text(text, self.indent));
        }
        self.tokens.extend(tokens);
    }

    /// The statements, text runs as marks.
    pub fn into_tokens(mut self) -> TokenStream {
        self.extend(TokenStream::new());
        self.tokens
    }
}

/// Lines of text at a block's indentation, or deeper by `depth` levels
/// of four spaces.
pub(crate) struct Lines<'a> {
    out: &'a mut String,
    indent: usize,
}

/// Top-level items written by `text`, as the mark that stands for them;
/// `None` when text is off or `text` cannot lay them out.
pub(crate) fn items(text: impl FnOnce(&mut Lines<'_>) -> Option<()>) -> Option<TokenStream> {
    if !enabled() {
        return None;
    }
    let mut out = String::new();
    text(&mut Lines { out: &mut out, indent: 0 })?;
    Some(deferred_docs::text(out, 0))
}

impl Lines<'_> {
    /// Doc comment lines for Markdown text, as [`doc_lines`] attributes print.
    pub fn docs(&mut self, depth: usize, markdown: &str) {
        for line in markdown.lines() {
            self.start(depth);
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

    /// The doc comment line that `#[doc = literal]` prints as: `literal`
    /// holds no line break and starts with a space, or is empty.
    pub fn doc(&mut self, depth: usize, literal: &str) {
        debug_assert!(!literal.contains('\n') && (literal.is_empty() || literal.starts_with(' ')));
        self.start(depth);
        self.out.push_str("///");
        self.out.push_str(literal.trim_end_matches(' '));
        self.out.push('\n');
    }

    /// `prefix`, the type `ty` and `suffix`: on one line when it fits, else
    /// with `ty`'s generic arguments one per line, each laid out the same
    /// way. `counted` says whether prettyplease counts `suffix` in the line's
    /// width: it leaves out a trailing comma it adds after a last element.
    pub fn ty(&mut self, depth: usize, prefix: &str, ty: &TypeText, suffix: &str, counted: bool) -> Option<()> {
        let indent = self.indent + 4 * depth;
        let suffix_width = if counted { suffix.len() } else { 0 };
        if indent + prefix.len() + ty.flat.len() + suffix_width <= MARGIN {
            self.start(depth);
            self.out.push_str(prefix);
            self.out.push_str(&ty.flat);
            self.out.push_str(suffix);
            self.out.push('\n');
            return Some(());
        }
        if ty.args.is_empty() || indent + prefix.len() + ty.head + 1 > MARGIN {
            return None;
        }
        self.start(depth);
        self.out.push_str(prefix);
        self.out.push_str(&ty.flat[..ty.head]);
        self.out.push_str("<\n");
        for (i, arg) in ty.args.iter().enumerate() {
            self.ty(depth + 1, "", arg, ",", i + 1 < ty.args.len())?;
        }
        self.start(depth);
        self.out.push('>');
        self.out.push_str(suffix);
        self.out.push('\n');
        Some(())
    }

    /// `head(params) -> ret {` on one line when it fits, else each
    /// parameter on its own line with a trailing comma, then `) -> ret {`,
    /// types broken as [`ty`](Self::ty) breaks them.
    fn signature(&mut self, head: &str, params: &[(&str, Option<&TypeText>)], ret: Option<&TypeText>) -> Option<()> {
        if params.is_empty() {
            return None;
        }
        let param_len = |(text, ty): &(&str, Option<&TypeText>)| text.len() + ty.map_or(0, |t| t.flat.len());
        let params_len = params.iter().map(param_len).sum::<usize>() + 2 * (params.len() - 1);
        let ret_len = ret.map_or(0, |t| 4 + t.flat.len());
        if self.indent + head.len() + 1 + params_len + 1 + ret_len + 2 <= MARGIN {
            self.start(0);
            self.out.push_str(head);
            self.out.push('(');
            for (i, (text, ty)) in params.iter().enumerate() {
                if i > 0 {
                    self.out.push_str(", ");
                }
                self.out.push_str(text);
                if let Some(ty) = ty {
                    self.out.push_str(&ty.flat);
                }
            }
            self.out.push(')');
            if let Some(ret) = ret {
                self.out.push_str(" -> ");
                self.out.push_str(&ret.flat);
            }
            self.out.push_str(" {\n");
            return Some(());
        }
        self.line(0, &[head, "("])?;
        for (i, (text, ty)) in params.iter().enumerate() {
            let last = i + 1 == params.len();
            match ty {
                Some(ty) => self.ty(1, text, ty, ",", !last)?,
                None if self.indent + 4 + text.len() + usize::from(!last) <= MARGIN => {
                    self.unbreakable(1, &[text, ","]);
                }
                None => return None,
            }
        }
        match ret {
            Some(ret) => self.ty(0, ") -> ", ret, " {", true),
            None => self.line(0, &[") {"]),
        }
    }

    /// `#[derive(...)]` for a non-empty list without a trailing comma: on
    /// one line when it fits, else one path per line.
    pub fn derive(&mut self, derives: &[&str]) -> Option<()> {
        if derives.is_empty() {
            return None;
        }
        if self.indent + 9 + joined_len(derives) + 2 <= MARGIN {
            self.start(0);
            self.out.push_str("#[derive(");
            self.push_joined(derives);
            self.out.push_str(")]\n");
            return Some(());
        }
        if derives.iter().any(|d| self.indent + 4 + d.len() + 1 > MARGIN) {
            return None;
        }
        self.start(0);
        self.out.push_str("#[derive(\n");
        for (i, derive) in derives.iter().enumerate() {
            self.start(1);
            self.out.push_str(derive);
            self.out.push_str(if i + 1 < derives.len() { ",\n" } else { "\n" });
        }
        self.start(0);
        self.out.push_str(")]\n");
        Some(())
    }

    /// Starts a line `depth` levels in.
    fn start(&mut self, depth: usize) {
        self.out.extend(std::iter::repeat_n(' ', self.indent + 4 * depth));
    }

    /// A line that prettyplease keeps whole only when it fits.
    pub fn line(&mut self, depth: usize, parts: &[&str]) -> Option<()> {
        if self.indent + 4 * depth + parts.iter().map(|p| p.len()).sum::<usize>() > MARGIN {
            return None;
        }
        self.unbreakable(depth, parts);
        Some(())
    }

    /// A line with nowhere prettyplease could break it (paths, `<T as
    /// Trait>::f()` without arguments), whatever its length.
    pub fn unbreakable(&mut self, depth: usize, parts: &[&str]) {
        self.start(depth);
        for part in parts {
            self.out.push_str(part);
        }
        self.out.push('\n');
    }

    /// `head(args)tail`: on one line when it fits, else `head(`, each
    /// argument on its own line with a trailing comma, and `)tail`. `head`
    /// ends in the called path (`x = f`, `obj.method`); the arguments
    /// and `tail` must be ones prettyplease does not break further.
    pub fn call(&mut self, depth: usize, head: &str, args: &[&str], tail: &str) -> Option<()> {
        self.call_then(depth, head, args, tail, "")
    }

    /// [`call`](Self::call) followed by `after`, a character prettyplease
    /// prints at a break but leaves out of its width (the `;` closing a
    /// match arm's block).
    fn call_then(&mut self, depth: usize, head: &str, args: &[&str], tail: &str, after: &str) -> Option<()> {
        let indent = self.indent + 4 * depth;
        if indent + head.len() + 1 + joined_len(args) + 1 + tail.len() <= MARGIN {
            self.start(depth);
            self.out.push_str(head);
            self.out.push('(');
            self.push_joined(args);
            self.out.push(')');
            self.out.push_str(tail);
            self.out.push_str(after);
            self.out.push('\n');
            return Some(());
        }
        if args.is_empty()
            || indent + head.len() + 1 > MARGIN
            || args.iter().any(|a| indent + 4 + a.len() + 1 > MARGIN)
            || indent + 1 + tail.len() > MARGIN
        {
            return None;
        }
        self.start(depth);
        self.out.push_str(head);
        self.out.push_str("(\n");
        for arg in args {
            self.start(depth + 1);
            self.out.push_str(arg);
            self.out.push_str(",\n");
        }
        self.start(depth);
        self.out.push(')');
        self.out.push_str(tail);
        self.out.push_str(after);
        self.out.push('\n');
        Some(())
    }

    /// A match arm whose body is the assignment `head(args)tail`: `pat =>
    /// body,` on one line when it fits, else the body in braces as a
    /// statement, laid out as [`call`](Self::call) lays it out.
    pub fn arm(&mut self, depth: usize, pat: &str, head: &str, args: &[&str], tail: &str) -> Option<()> {
        let indent = self.indent + 4 * depth;
        if indent + pat.len() + 4 + head.len() + 1 + joined_len(args) + 1 + tail.len() <= MARGIN {
            self.start(depth);
            self.out.push_str(pat);
            self.out.push_str(" => ");
            self.out.push_str(head);
            self.out.push('(');
            self.push_joined(args);
            self.out.push(')');
            self.out.push_str(tail);
            self.out.push_str(",\n");
            return Some(());
        }
        if indent + pat.len() + 5 > MARGIN {
            return None;
        }
        self.start(depth);
        self.out.push_str(pat);
        self.out.push_str(" => {\n");
        self.call_then(depth + 1, head, args, tail, ";")?;
        self.start(depth);
        self.out.push_str("}\n");
        Some(())
    }

    fn push_joined(&mut self, parts: &[&str]) {
        for (i, part) in parts.iter().enumerate() {
            if i > 0 {
                self.out.push_str(", ");
            }
            self.out.push_str(part);
        }
    }
}

/// The length of `parts` joined by `, `.
fn joined_len(parts: &[&str]) -> usize {
    parts.iter().map(|p| p.len()).sum::<usize>() + 2 * parts.len().saturating_sub(1)
}

/// Where a [`template`]'s items go, which decides how it is formatted.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Place {
    /// Items at the top of a file.
    Top,
    /// Items of an `impl` block at the top of a file.
    ImplItem,
}

/// A [`template`]'s kind, place and the lengths of its variable segments.
type TemplateKey = (&'static str, Place, Vec<usize>);

/// Formatted templates, with stand-ins, by key: shared by every thread and
/// every crate the process generates, as they depend on nothing else.
static TEMPLATES: std::sync::LazyLock<std::sync::Mutex<std::collections::HashMap<TemplateKey, Option<String>>>> =
    std::sync::LazyLock::new(Default::default);

/// Items that differ between uses only in the identifiers of `paths`
/// (paths such as `crate::operation::x::XOutput`, or single identifiers),
/// as text. prettyplease's layout depends only on the lengths of the words
/// it prints, so the items are made by `make` and formatted once for each
/// combination of `kind` and segment lengths, with stand-in identifiers of
/// the same lengths, which are then replaced by the real ones. `kind` must
/// name everything else `make` depends on. `None` when text is off or a
/// segment is too short to stand in for (or is a raw identifier).
pub(crate) fn template(
    kind: &'static str,
    place: Place,
    paths: &[&str],
    make: impl FnOnce(&[&str]) -> TokenStream,
) -> Option<String> {
    if !enabled() {
        return None;
    }
    let segments: Vec<&str> = paths.iter().flat_map(|p| p.split("::")).collect();
    // A stand-in is `Zq`, its number in letters, then `q`s: at least four
    // characters, and found nowhere else in the formatted text.
    let plain =
        |s: &str| s.len() >= 4 && !s.contains("Zq") && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
    if segments.len() > 26 || !segments.iter().all(|s| plain(s)) {
        return None;
    }
    let stand_ins: Vec<String> = segments
        .iter()
        .enumerate()
        .map(|(i, s)| format!("Zq{}{}", char::from(b'a' + i as u8), "q".repeat(s.len() - 3)))
        .collect();
    let key = (kind, place, segments.iter().map(|s| s.len()).collect::<Vec<_>>());
    // A poisoned lock only means another thread panicked mid-insert of a
    // complete value; the map is still sound.
    let cached = TEMPLATES.lock().unwrap_or_else(std::sync::PoisonError::into_inner).get(&key).cloned();
    let formatted = match cached {
        Some(text) => text,
        None => {
            // Formatted outside the lock; two threads may both format a new
            // key, to the same text.
            let mut next = stand_ins.iter();
            let stand_in_paths: Vec<String> = paths
                .iter()
                .map(|p| p.split("::").map(|_| next.next().map_or("", String::as_str)).collect::<Vec<_>>().join("::"))
                .collect();
            let stand_in_paths: Vec<&str> = stand_in_paths.iter().map(String::as_str).collect();
            let text = format_template(place, make(&stand_in_paths));
            TEMPLATES.lock().unwrap_or_else(std::sync::PoisonError::into_inner).insert(key, text.clone());
            text
        }
    }?;
    let mut text = formatted;
    for (stand_in, segment) in stand_ins.iter().zip(&segments) {
        text = text.replace(stand_in.as_str(), segment);
    }
    Some(text)
}

/// `tokens` formatted as [`format_file`](super::files::format_file) would
/// format them at `place`; `None` if they hold a deferred doc mark (which
/// belongs to one unit of work) or do not parse.
fn format_template(place: Place, tokens: TokenStream) -> Option<String> {
    let tokens = match place {
        Place::Top => tokens,
        Place::ImplItem => quote!(impl Zqtemplate { #tokens }),
    };
    let mut file: syn::File = syn::parse2(tokens).ok()?;
    super::inline::mark(&mut file);
    let text = prettyplease::unparse(&file);
    if text.contains('\u{E000}') {
        return None;
    }
    Some(match place {
        Place::Top => text,
        Place::ImplItem => {
            let body = text.strip_prefix("impl Zqtemplate {\n")?.strip_suffix("}\n")?;
            body.to_owned()
        }
    })
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
    let params: Vec<String> =
        spec.params.iter().map(|(text, ty)| format!("{text}{}", ty.map_or("", |t| t.flat.as_str()))).collect();
    let ret = spec.ret.map_or(String::new(), |t| format!(" -> {}", t.flat));
    let code = format!("{}({}){ret} {{ {} }}", spec.head, params.join(", "), spec.body.join(" "));
    let code: TokenStream = code.parse().map_err(|e: proc_macro2::LexError| GenerateError::InvalidOutput {
        file: format!("the method `{}`", spec.head),
        message: e.to_string(),
    })?;
    tokens.extend(code);
    Ok(tokens)
}

/// A method as text at an `impl` block's indentation; `None` when a step
/// cannot be laid out as prettyplease would.
fn write_method(lines: &mut Lines<'_>, spec: &MethodSpec<'_>) -> Option<()> {
    for doc in spec.docs {
        match doc {
            Doc::Markdown(markdown) => lines.docs(0, markdown),
            Doc::Line(line) => lines.doc(0, line),
        }
    }
    // The inline pass marks every function that is not generic; these
    // are generic exactly when they take or return `impl Trait`.
    let generic =
        spec.params.iter().any(|(_, ty)| ty.is_some_and(TypeText::is_impl)) || spec.ret.is_some_and(TypeText::is_impl);
    if !generic {
        lines.unbreakable(0, &["#[inline]"]);
    }
    lines.signature(spec.head, spec.params, spec.ret)?;
    for line in spec.body {
        lines.line(1, &[line])?;
    }
    lines.unbreakable(0, &["}"]);
    Some(())
}

/// A type as text: its one-line form, and the generic arguments
/// prettyplease puts one per line when it does not fit.
#[derive(Clone)]
pub(crate) struct TypeText {
    /// The type on one line.
    pub flat: String,
    /// How much of `flat` comes before the arguments' `<`.
    head: usize,
    /// The generic arguments (none for a type prettyplease cannot break).
    args: Vec<TypeText>,
}

impl TypeText {
    /// A type without arguments to break at, such as `i32` or `&[T]`.
    pub fn atom(text: impl Into<String>) -> Self {
        let flat = text.into();
        TypeText { head: flat.len(), flat, args: Vec::new() }
    }

    /// `head<args>`.
    pub fn generic(head: &str, args: Vec<TypeText>) -> Self {
        let mut flat = String::with_capacity(head.len() + args.iter().map(|a| a.flat.len() + 2).sum::<usize>());
        flat.push_str(head);
        flat.push('<');
        for (i, arg) in args.iter().enumerate() {
            if i > 0 {
                flat.push_str(", ");
            }
            flat.push_str(&arg.flat);
        }
        flat.push('>');
        TypeText { flat, head: head.len(), args }
    }

    /// The type with `prefix` (`&`, `impl `) written before it.
    pub fn prefixed(prefix: &str, ty: TypeText) -> Self {
        TypeText { flat: format!("{prefix}{}", ty.flat), head: prefix.len() + ty.head, args: ty.args }
    }

    fn is_impl(&self) -> bool {
        self.flat.starts_with("impl ")
    }
}

#[cfg(test)]
mod tests {
    use super::super::tokens::tests::formatted as format_file;
    use super::{Block, Doc, ImplItems, Lines, MethodSpec, TypeText, deferred_docs, enable, method_tokens};
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

    /// The types members take: a named type, and the generic types that
    /// prettyplease may break around it.
    fn types(named: &str) -> Vec<TypeText> {
        let string = || TypeText::atom("::std::string::String");
        vec![
            TypeText::atom(named),
            TypeText::generic("::std::vec::Vec", vec![TypeText::atom(named)]),
            TypeText::generic("::std::collections::HashMap", vec![string(), TypeText::atom(named)]),
            TypeText::generic(
                "::std::vec::Vec",
                vec![TypeText::generic("::std::collections::HashMap", vec![string(), TypeText::atom(named)])],
            ),
        ]
    }

    /// The forms the emitters write, for a member `name` of type `ty`: the
    /// head, the parameters after the receiver, the return type and body.
    #[allow(clippy::type_complexity)]
    fn forms(
        name: &str,
        ty: &TypeText,
    ) -> Vec<(String, &'static str, Vec<(&'static str, TypeText)>, TypeText, Vec<String>)> {
        let option = |ty: TypeText| TypeText::generic("::std::option::Option", vec![ty]);
        let clone = TypeText::clone;
        let into = |ty: TypeText| TypeText::prefixed("impl ", TypeText::generic("::std::convert::Into", vec![ty]));
        vec![
            (
                format!("pub fn {name}"),
                "mut self",
                vec![("input: ", into(clone(ty)))],
                TypeText::atom("Self"),
                vec![format!("self.{name} = ::std::option::Option::Some(input.into());"), "self".into()],
            ),
            (
                format!("pub fn {name}"),
                "mut self",
                vec![("k: ", into(TypeText::atom("::std::string::String"))), ("v: ", into(clone(ty)))],
                TypeText::atom("Self"),
                vec![format!("self.{name} = ::std::option::Option::Some(k.into());"), "self".into()],
            ),
            (
                format!("pub fn set_{name}"),
                "mut self",
                vec![("input: ", option(clone(ty)))],
                TypeText::atom("Self"),
                vec![format!("self.{name} = input;"), "self".into()],
            ),
            (
                format!("pub fn get_{name}"),
                "&self",
                vec![],
                TypeText::prefixed("&", option(clone(ty))),
                vec![format!("&self.{name}")],
            ),
            (
                format!("pub fn {name}"),
                "&self",
                vec![],
                option(TypeText::prefixed("&", clone(ty))),
                vec![format!("self.{name}.as_ref()")],
            ),
            (
                format!("pub fn {name}"),
                "mut self",
                vec![],
                TypeText::atom("Self"),
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
        let (mut written, mut fell_back, mut split) = (0, 0, 0);
        for name_len in (1..64).step_by(3) {
            let name = format!("m{}", "_x".repeat(name_len / 2));
            // Every type length, so each rule's boundary is crossed.
            for ty_len in 0..72 {
                for ty in types(&format!("crate::types::T{}", "y".repeat(ty_len))) {
                    for (head, receiver, params, ret, body) in forms(&name, &ty) {
                        let params: Vec<(&str, Option<&TypeText>)> = std::iter::once((receiver, None))
                            .chain(params.iter().map(|(t, ty)| (*t, Some(ty))))
                            .collect();
                        let spec = MethodSpec {
                            docs: &docs,
                            deprecated: TokenStream::new(),
                            head: &head,
                            params: &params,
                            ret: Some(&ret),
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
                        split += usize::from(text.contains("<\n"));
                        assert_eq!(text, formatted(method_tokens(&spec).expect("tokens parse")), "{head} {ty_len}");
                        assert!(
                            !text.contains("__verbatim") && !text.contains('\u{E000}'),
                            "a mark was left in {text}"
                        );
                        deferred_docs::reset();
                    }
                }
            }
        }
        enable(false);
        // Both paths ran, and types were split across lines.
        assert!(
            written > 20000 && fell_back > 100 && split > 5000,
            "{written} as text, {fell_back} as tokens, {split} split"
        );
    }

    #[test]
    fn fields_are_laid_out_as_prettyplease_lays_out_the_tokens() {
        deferred_docs::reset();
        enable(true);
        let (mut written, mut split) = (0, 0);
        for name_len in 1..48 {
            let name = format!("f{}", "x".repeat(name_len));
            for ty_len in 0..72 {
                for ty in types(&format!("crate::types::T{}", "y".repeat(ty_len))) {
                    let ty = TypeText::generic("::std::option::Option", vec![ty]);
                    let code: TokenStream =
                        format!("pub struct S {{ pub(crate) {name}: {}, }}", ty.flat).parse().expect("parses");
                    let prefix = format!("pub(crate) {name}: ");
                    let Some(text) = super::items(|lines| {
                        lines.line(0, &["pub struct S {"])?;
                        lines.ty(1, &prefix, &ty, ",", true)?;
                        lines.line(0, &["}"])
                    }) else {
                        continue;
                    };
                    written += 1;
                    let text = format_file(text);
                    split += usize::from(text.contains("<\n"));
                    assert_eq!(text, format_file(code), "{prefix}{}", ty.flat);
                    deferred_docs::reset();
                }
            }
        }
        enable(false);
        assert!(written > 10000 && split > 3000, "{written} as text, {split} split");
    }

    /// `stmts` as the body of a method in an `impl` block at the top of a
    /// file, formatted as generated files are.
    fn formatted_body(stmts: TokenStream) -> String {
        formatted(quote!(fn f() { #stmts }))
    }

    /// The statements [`Block`] writes as text, at a function body's
    /// indentation, for a member `name` with wire name `wire`: each as the
    /// text writer gives it and as plain code.
    #[allow(clippy::type_complexity)]
    fn statements(name: &str, wire: &str) -> Vec<(Box<dyn Fn(&mut Lines<'_>) -> Option<()>>, String)> {
        let (name, wire) = (name.to_owned(), format!("\"{wire}\""));
        let pats = [wire.clone(), format!("{wire} | \"message\" | \"errorMessage\"")];
        let mut forms: Vec<(Box<dyn Fn(&mut Lines<'_>) -> Option<()>>, String)> = Vec::new();
        let (n, w) = (name.clone(), wire.clone());
        forms.push((
            Box::new(move |lines| lines.call(0, "obj.optional", &[&w, &format!("&self.{n}")], "?;")),
            format!("obj.optional({wire}, &self.{name})?;"),
        ));
        let ty = format!("crate::types::builders::{}Builder", name.to_uppercase());
        let t = ty.clone();
        forms.push((
            Box::new(move |lines| {
                lines.unbreakable(0, &["let mut builder = <", &t, " as ::std::default::Default>::default();"]);
                Some(())
            }),
            format!("let mut builder = <{ty} as ::std::default::Default>::default();"),
        ));
        for pat in pats {
            for (path, extra) in [
                ("crate::rt::json::member", ""),
                ("crate::rt::json_datetime::member_timestamp", ", crate::primitives::DateTimeFormat::DateTime"),
            ] {
                let (n, w, p) = (name.clone(), wire.clone(), pat.clone());
                forms.push((
                    Box::new(move |lines| {
                        lines.line(0, &["for (name, value) in crate::rt::json::object(v)? {"])?;
                        lines.line(1, &["match name.as_str() {"])?;
                        let head = format!("builder.{n} = {path}");
                        let mut args = vec!["value", w.as_str()];
                        if !extra.is_empty() {
                            args.push("crate::primitives::DateTimeFormat::DateTime");
                        }
                        lines.arm(2, &p, &head, &args, "?")?;
                        lines.line(2, &["_ => {}"])?;
                        lines.line(1, &["}"])?;
                        lines.line(0, &["}"])
                    }),
                    format!(
                        "for (name, value) in crate::rt::json::object(v)? {{ match name.as_str() {{ \
                         {pat} => builder.{name} = {path}(value, {wire}{extra})?, _ => {{}} }} }}"
                    ),
                ));
            }
        }
        forms
    }

    #[test]
    fn statements_are_laid_out_as_prettyplease_lays_out_the_tokens() {
        deferred_docs::reset();
        enable(true);
        let (mut written, mut fell_back) = (0, 0);
        for name_len in 1..64 {
            let name = format!("m{}", "x".repeat(name_len));
            for wire_len in (1..48).step_by(3) {
                let wire = format!("W{}", "w".repeat(wire_len));
                for (text, code) in statements(&name, &wire) {
                    let code: TokenStream = code.parse().expect("parses");
                    let mut block = Block::new(8);
                    block.push(|lines| text(lines), || code.clone());
                    let block = block.into_tokens();
                    if block.to_string().contains("__verbatim") {
                        written += 1;
                    } else {
                        fell_back += 1;
                    }
                    let text = formatted_body(block);
                    assert_eq!(text, formatted_body(code.clone()), "{code}");
                    assert!(!text.contains("__verbatim") && !text.contains('\u{E000}'), "a mark was left in {text}");
                    deferred_docs::reset();
                }
            }
        }
        enable(false);
        assert!(written > 3000 && fell_back > 100, "{written} written as text, {fell_back} as tokens");
    }

    #[test]
    fn tuple_variants_are_laid_out_as_prettyplease_lays_out_the_tokens() {
        deferred_docs::reset();
        enable(true);
        let (mut whole, mut broken) = (0, 0);
        for variant_len in 1..80 {
            let variant = format!("V{}", "v".repeat(variant_len));
            for path_len in 0..40 {
                let path = format!("crate::types::error::P{}", "p".repeat(path_len));
                let code: TokenStream = format!("pub enum E {{ {variant}({path}), }}").parse().expect("parses");
                let text = super::items(|lines| {
                    lines.line(0, &["pub enum E {"])?;
                    lines.call(1, &variant, &[&path], ",")?;
                    lines.line(0, &["}"])
                });
                let reference = format_file(code.clone());
                let text = format_file(text.expect("every such variant fits the rules"));
                assert_eq!(text, reference, "{code}");
                if text.contains("(\n") {
                    broken += 1;
                } else {
                    whole += 1;
                }
                deferred_docs::reset();
            }
        }
        enable(false);
        // Both layouts were compared.
        assert!(whole > 1000 && broken > 1000, "{whole} on one line, {broken} split");
    }

    #[test]
    fn derive_lists_are_laid_out_as_prettyplease_lays_out_the_tokens() {
        deferred_docs::reset();
        enable(true);
        let all = ["::std::clone::Clone", "::std::fmt::Debug", "::std::cmp::PartialEq", "::std::default::Default"];
        let mut split = 0;
        for mask in 1..16u32 {
            let derives: Vec<&str> =
                all.iter().enumerate().filter(|(i, _)| mask & (1 << i) != 0).map(|(_, d)| *d).collect();
            let code: TokenStream =
                format!("#[derive({})] pub struct S {{ a: u8, }}", derives.join(", ")).parse().expect("parses");
            let text = super::items(|lines| {
                lines.derive(&derives)?;
                lines.line(0, &["pub struct S {"])?;
                lines.line(1, &["a: u8,"])?;
                lines.line(0, &["}"])
            })
            .expect("every list fits the rules");
            let text = format_file(text);
            assert_eq!(text, format_file(code), "{derives:?}");
            split += usize::from(text.contains("#[derive(\n"));
        }
        enable(false);
        assert!(split > 0, "no list was split");
    }

    #[test]
    fn templates_give_what_formatting_the_real_names_gives() {
        deferred_docs::reset();
        enable(true);
        let make = |p: &[&str]| {
            let (output, error, spec) =
                (super::super::tokens::path(p[0]), super::super::tokens::path(p[1]), super::super::tokens::path(p[2]));
            quote! {
                /// Sends it.
                pub async fn send(self) -> ::std::result::Result<#output, crate::error::SdkError<#error>> {
                    let input = self.inner.build().map_err(crate::error::SdkError::construction_failure)?;
                    crate::rt::orchestrator::invoke::<#spec>(&self.runtime, &crate::protocol_serde::SERVICE, input).await
                }
            }
        };
        let (mut cached, mut short) = (0, 0);
        for len in 1..60 {
            // Two names of each length, so the second comes from the cache.
            for first in ["a", "b"] {
                let module = format!("{first}{}", "x".repeat(len));
                let ty = format!("{}{}", first.to_uppercase(), "y".repeat(len));
                let paths = [
                    format!("crate::operation::{module}::{ty}Output"),
                    format!("crate::operation::{module}::{ty}Error"),
                    format!("crate::protocol_serde::op_{module}::Spec"),
                ];
                let refs: Vec<&str> = paths.iter().map(String::as_str).collect();
                let reference = formatted(make(&refs));
                match super::template("test send", super::Place::ImplItem, &refs, make) {
                    Some(text) => {
                        cached += 1;
                        assert_eq!(format!("impl T {{\n{text}}}\n"), reference, "{module}");
                    }
                    None => short += 1,
                }
            }
        }
        enable(false);
        // Names under four characters have no stand-in.
        assert!(cached > 100 && short > 0, "{cached} from templates, {short} too short");
    }

    #[test]
    fn deprecated_methods_and_text_turned_off_go_through_tokens() {
        deferred_docs::reset();
        let body = ["self.x".to_owned()];
        let int = TypeText::atom("i32");
        let spec = |deprecated| MethodSpec {
            docs: &[],
            deprecated,
            head: "pub fn x",
            params: &[("&self", None)],
            ret: Some(&int),
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
