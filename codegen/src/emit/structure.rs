//! Structures (plain types, errors, operation inputs and outputs): the struct
//! with borrowed-view getters, its `Debug` (redacting `@sensitive` members)
//! and its builder.

pub(crate) mod redaction;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use self::redaction::{MetaDebug, debug_impl, is_error_message_sensitive, is_member_sensitive};
use super::tokens::{default_value, deprecated, doc_lines, doc_markdown, docs, ident, path, rust_type, type_text};
use super::verbatim::{self, Doc, ImplItems, Lines, MethodSpec, TypeText};
use super::{Ctx, GenerateError};
use crate::names::{Placement, RustType, TypeSymbol, is_optional, member_name};
use crate::smithy::{Member, Shape};

/// How one member becomes a field.
pub(crate) struct Field<'a> {
    /// The model member.
    pub member: &'a Member,
    /// The field name (maybe `r#…`).
    pub name: String,
    /// The value type (boxed when recursive).
    pub ty: RustType,
    /// Whether the field is `Option<ty>`.
    pub optional: bool,
    /// Whether `Debug` hides the value (see [`redaction`]).
    pub sensitive: bool,
    /// For non-optional fields with `@default`: how the default is written.
    pub default: Option<FieldDefault>,
    /// Whether `build()` fails when the value is missing.
    pub required: bool,
    /// The member's documentation as Markdown, converted once.
    pub doc_markdown: String,
    /// The member's doc attributes.
    pub doc: TokenStream,
}

/// A member's `@default`, planned from the model's value.
pub(crate) struct FieldDefault {
    /// The default as an expression of the field's type.
    pub value: TokenStream,
    /// How `build()` best fills it in.
    kind: DefaultKind,
}

impl Field<'_> {
    /// The field's declared type: `ty` or `Option<ty>`.
    pub fn declared_type(&self) -> TokenStream {
        let ty = rust_type(&self.ty);
        if self.optional { quote!(::std::option::Option<#ty>) } else { ty }
    }
}

/// Plans the fields of a structure (or union variants) in model order.
pub(crate) fn fields<'a>(ctx: &Ctx<'_>, shape: &'a Shape) -> Result<Vec<Field<'a>>, GenerateError> {
    shape
        .kind
        .members()
        .into_iter()
        .map(|member| {
            let ty = ctx.symbols.member_type(ctx.model, member);
            let doc_markdown = doc_markdown(&member.traits, &format!("The `{}` member.", member.name));
            // A stream is never absent: unset, it is empty (as in the official crates).
            if ty == RustType::ByteStream {
                return Ok(Field {
                    member,
                    name: member_name(member),
                    ty,
                    optional: false,
                    sensitive: shape.traits.sensitive || is_member_sensitive(ctx.model, member),
                    default: Some(FieldDefault {
                        value: quote!(::std::default::Default::default()),
                        kind: DefaultKind::Empty,
                    }),
                    required: false,
                    doc: doc_lines(&doc_markdown),
                    doc_markdown,
                });
            }
            let optional = is_optional(shape, member);
            let default = match (&member.traits.default, optional) {
                (Some(v), false) if !v.is_null() => {
                    Some(FieldDefault { value: default_value(member, &ty, v)?, kind: default_kind(&ty, v) })
                }
                _ => None,
            };
            let required = member.traits.required && default.is_none() && !member.traits.idempotency_token;
            Ok(Field {
                member,
                name: member_name(member),
                ty,
                optional,
                sensitive: shape.traits.sensitive || is_member_sensitive(ctx.model, member),
                default,
                required,
                doc: doc_lines(&doc_markdown),
                doc_markdown,
            })
        })
        .collect()
}

/// The struct, its getters, `Debug`, builder and (for errors) error plumbing.
pub fn emit_structure(ctx: &Ctx<'_>, shape: &Shape, symbol: &TypeSymbol) -> Result<TokenStream, GenerateError> {
    let fields = fields(ctx, shape)?;
    let is_error = symbol.placement == Placement::Errors;
    let name = ident(&symbol.name);
    let builder_name = format_ident!("{}Builder", symbol.name);
    let doc = docs(&shape.traits, &default_doc(symbol));
    let dep = deprecated(&shape.traits);

    let field_defs = fields.iter().map(|f| {
        let fname = ident(&f.name);
        let fdoc = &f.doc;
        let fdep = deprecated(&f.member.traits);
        let ty = f.declared_type();
        quote!(#fdoc #fdep pub #fname: #ty,)
    });
    let mut getters = ImplItems::default();
    for f in &fields {
        getter(&mut getters, f)?;
    }
    let getters = getters.into_tokens();
    let meta_field = if is_error { quote!(pub(crate) meta: crate::error::ErrorMetadata,) } else { quote!() };
    let message_sensitive = is_error && is_error_message_sensitive(ctx.model, shape);
    let meta_debug = match (is_error, message_sensitive) {
        (false, _) => MetaDebug::Absent,
        (true, false) => MetaDebug::Plain,
        (true, true) => MetaDebug::MessageRedacted,
    };
    // A stream can be neither cloned nor compared.
    let streams = fields.iter().any(|f| f.ty == RustType::ByteStream);
    let (clone, eq) =
        if streams { (quote!(), quote!()) } else { (quote!(::std::clone::Clone,), quote!(::std::cmp::PartialEq,)) };
    // Debug is derived unless something must be redacted.
    let redacts = message_sensitive || fields.iter().any(|f| f.sensitive);
    let derive_debug = if redacts { quote!() } else { quote!(::std::fmt::Debug,) };
    let debug = if redacts { debug_impl(&name, &fields, meta_debug, false) } else { quote!() };
    let builder_doc = format!(" A builder for [`{}`].", symbol.name);
    let builder_path = path(&symbol.builder_path());

    let builder_fields = fields.iter().map(|f| {
        let fname = ident(&f.name);
        let ty = rust_type(&f.ty);
        quote!(pub(crate) #fname: ::std::option::Option<#ty>,)
    });
    let builder_meta_field =
        if is_error { quote!(meta: ::std::option::Option<crate::error::ErrorMetadata>,) } else { quote!() };
    let mut setter_items = ImplItems::default();
    for f in &fields {
        setters(&mut setter_items, f)?;
    }
    let setters = setter_items.into_tokens();
    let build = build_fn(&name, &symbol.name, &fields, is_error);
    let builder_debug = if redacts { debug_impl(&builder_name, &fields, meta_debug, true) } else { quote!() };
    let meta_setters = if is_error {
        quote! {
            /// Sets the error metadata (code, message, request id) the response carried.
            pub fn meta(mut self, meta: crate::error::ErrorMetadata) -> Self {
                self.meta = ::std::option::Option::Some(meta);
                self
            }
            /// Sets or clears the error metadata.
            pub fn set_meta(mut self, meta: ::std::option::Option<crate::error::ErrorMetadata>) -> Self {
                self.meta = meta;
                self
            }
        }
    } else {
        quote!()
    };
    let error_impls = if is_error { error_impls(&name, &symbol.name, &fields, message_sensitive) } else { quote!() };

    // The two structs and `builder()` as text when they can be.
    let derives: Vec<&str> = [
        (!streams).then_some("::std::clone::Clone"),
        (!redacts).then_some("::std::fmt::Debug"),
        (!streams).then_some("::std::cmp::PartialEq"),
    ]
    .into_iter()
    .flatten()
    .collect();
    let plain = shape.traits.deprecated.is_none() && fields.iter().all(|f| f.member.traits.deprecated.is_none());
    let struct_def = plain
        .then(|| {
            verbatim::items(|lines| {
                let defs: Vec<(String, TypeText)> =
                    fields.iter().map(|f| (format!("pub {}: ", f.name), declared_type_text(f))).collect();
                let meta = is_error.then_some("pub(crate) meta: crate::error::ErrorMetadata,");
                let doc = doc_markdown(&shape.traits, &default_doc(symbol));
                struct_text(lines, &doc, &derives, &symbol.name, Some(&fields), &defs, meta)
            })
        })
        .flatten()
        .unwrap_or_else(|| {
            quote! {
                #doc
                #dep
                #[non_exhaustive]
                #[derive(#clone #derive_debug #eq)]
                pub struct #name {
                    #(#field_defs)*
                    #meta_field
                }
            }
        });
    let builder_fn = verbatim::items(|lines| {
        lines.line(0, &["impl ", &symbol.name, " {"])?;
        lines.line(1, &["/// Creates a builder for this type."])?;
        lines.line(1, &["#[inline]"])?;
        lines.line(1, &["pub fn builder() -> ", &symbol.builder_path(), " {"])?;
        lines.line(2, &["::std::default::Default::default()"])?;
        lines.line(1, &["}"])?;
        lines.line(0, &["}"])
    })
    .unwrap_or_else(|| {
        quote! {
            impl #name {
                /// Creates a builder for this type.
                pub fn builder() -> #builder_path {
                    ::std::default::Default::default()
                }
            }
        }
    });
    let builder_struct = plain
        .then(|| {
            verbatim::items(|lines| {
                let defs: Vec<(String, TypeText)> = fields
                    .iter()
                    .map(|f| {
                        let ty = TypeText::generic("::std::option::Option", vec![type_text(&f.ty)]);
                        (format!("pub(crate) {}: ", f.name), ty)
                    })
                    .collect();
                let meta = is_error.then_some("meta: ::std::option::Option<crate::error::ErrorMetadata>,");
                let doc = format!("A builder for [`{}`].", symbol.name);
                let derives = [&derives[..], &["::std::default::Default"]].concat();
                struct_text(lines, &doc, &derives, &format!("{}Builder", symbol.name), None, &defs, meta)
            })
        })
        .flatten()
        .unwrap_or_else(|| {
            quote! {
                #[doc = #builder_doc]
                #[non_exhaustive]
                #[derive(#clone #derive_debug #eq ::std::default::Default)]
                pub struct #builder_name {
                    #(#builder_fields)*
                    #builder_meta_field
                }
            }
        });

    Ok(quote! {
        #struct_def

        // Member names such as `add` or `next` make getters that look like trait methods.
        #[allow(clippy::should_implement_trait)]
        impl #name {
            #getters
        }

        #builder_fn

        #debug
        #error_impls

        #builder_struct

        #[allow(clippy::should_implement_trait)]
        impl #builder_name {
            #setters
            #meta_setters
            #build
        }

        #builder_debug
    })
}

/// [`Field::declared_type`] as text.
fn declared_type_text(f: &Field<'_>) -> TypeText {
    let ty = type_text(&f.ty);
    if f.optional { TypeText::generic("::std::option::Option", vec![ty]) } else { ty }
}

/// A struct `name` as text: its doc, `#[non_exhaustive]`, `derives`, then
/// each field's definition (`defs`: the text up to the type, and the type),
/// after its doc when `fields` are given, then `last` (a field without docs).
fn struct_text(
    lines: &mut Lines<'_>,
    doc: &str,
    derives: &[&str],
    name: &str,
    fields: Option<&[Field<'_>]>,
    defs: &[(String, TypeText)],
    last: Option<&str>,
) -> Option<()> {
    if defs.is_empty() && last.is_none() {
        return None;
    }
    lines.docs(0, doc);
    lines.line(0, &["#[non_exhaustive]"])?;
    lines.derive(derives)?;
    lines.line(0, &["pub struct ", name, " {"])?;
    for (i, (head, ty)) in defs.iter().enumerate() {
        if let Some(f) = fields.and_then(|fields| fields.get(i)) {
            lines.docs(1, &f.doc_markdown);
        }
        lines.ty(1, head, ty, ",", true)?;
    }
    if let Some(last) = last {
        lines.line(1, &[last])?;
    }
    lines.line(0, &["}"])
}

fn default_doc(symbol: &TypeSymbol) -> String {
    match &symbol.placement {
        Placement::Operation(_) if symbol.name.ends_with("Input") => "The input of the operation.".into(),
        Placement::Operation(_) => "The output of the operation.".into(),
        Placement::Errors => format!("The `{}` error.", symbol.name),
        Placement::Types => format!("The `{}` structure.", symbol.name),
    }
}

/// A getter returning a borrowed view: `Option<&str>`, `&[T]`, `Option<&T>`, or copies.
fn getter(items: &mut ImplItems, f: &Field<'_>) -> Result<(), GenerateError> {
    let name = &f.name;
    let list_note = if matches!(f.ty, RustType::Vec(_)) && f.optional {
        format!(" Empty when no value was set; to tell the two apart, use `.{name}.is_none()`.")
    } else {
        String::new()
    };
    let option = |ty: TypeText| TypeText::generic("::std::option::Option", vec![ty]);
    let slice = |inner: &RustType| TypeText::atom(format!("&[{}]", type_text(inner).flat));
    let (ret, body) = match (&f.ty, f.optional) {
        (RustType::String, true) => (option(TypeText::atom("&str")), format!("self.{name}.as_deref()")),
        (RustType::String, false) => (TypeText::atom("&str"), format!("self.{name}.as_str()")),
        (RustType::Vec(inner), true) => (slice(inner), format!("self.{name}.as_deref().unwrap_or_default()")),
        (RustType::Vec(inner), false) => (slice(inner), format!("self.{name}.as_slice()")),
        (RustType::Box(inner), true) => {
            (option(TypeText::prefixed("&", type_text(inner))), format!("self.{name}.as_deref()"))
        }
        (RustType::Box(inner), false) => (TypeText::prefixed("&", type_text(inner)), format!("&self.{name}")),
        (ty, true) if ty.is_copy() => (option(type_text(ty)), format!("self.{name}")),
        (ty, false) if ty.is_copy() => (type_text(ty), format!("self.{name}")),
        (ty, true) => (option(TypeText::prefixed("&", type_text(ty))), format!("self.{name}.as_ref()")),
        (ty, false) => (TypeText::prefixed("&", type_text(ty)), format!("&self.{name}")),
    };
    let docs = [Doc::Markdown(&f.doc_markdown), Doc::Line(""), Doc::Line(&list_note)];
    let docs = if list_note.is_empty() { &docs[..1] } else { &docs[..] };
    items.method(&MethodSpec {
        docs,
        deprecated: deprecated(&f.member.traits),
        head: &format!("pub fn {name}"),
        params: &[("&self", None)],
        ret: Some(&ret),
        body: &[body],
    })
}

/// `impl ::std::convert::Into<ty>`.
pub(crate) fn impl_into(ty: TypeText) -> TypeText {
    TypeText::prefixed("impl ", TypeText::generic("::std::convert::Into", vec![ty]))
}

/// The parameters `(mut self, params)` of a setter.
pub(crate) fn setter_params<'a>(params: &'a [(&'a str, TypeText)]) -> Vec<(&'a str, Option<&'a TypeText>)> {
    std::iter::once(("mut self", None)).chain(params.iter().map(|(text, ty)| (*text, Some(ty)))).collect()
}

/// `x(v)` (appending for lists, inserting for maps), `set_x(Option)`, `get_x()`.
fn setters(items: &mut ImplItems, f: &Field<'_>) -> Result<(), GenerateError> {
    let name = &f.name;
    let bare = crate::names::bare(name);
    let set = format!("set_{bare}");
    let head = format!("pub fn {name}");
    let main_doc;
    let required: &[Doc<'_>] =
        if f.member.traits.required { &[Doc::Line(""), Doc::Line(" This field is required.")] } else { &[] };
    let (docs, params, mut body) = match &f.ty {
        RustType::Vec(elem) => {
            main_doc = format!(" Appends an item to `{bare}`. To replace the whole list, use [`Self::{set}`].");
            (
                vec![Doc::Line(&main_doc), Doc::Line(""), Doc::Markdown(&f.doc_markdown)],
                vec![("input: ", impl_into(type_text(elem)))],
                vec![
                    format!("let mut v = self.{name}.unwrap_or_default();"),
                    "v.push(input.into());".to_owned(),
                    format!("self.{name} = ::std::option::Option::Some(v);"),
                ],
            )
        }
        RustType::Map(key, value) => {
            main_doc = format!(" Adds a key-value pair to `{bare}`. To replace the whole map, use [`Self::{set}`].");
            (
                vec![Doc::Line(&main_doc), Doc::Line(""), Doc::Markdown(&f.doc_markdown)],
                vec![("k: ", impl_into(type_text(key))), ("v: ", impl_into(type_text(value)))],
                vec![
                    format!("let mut hash_map = self.{name}.unwrap_or_default();"),
                    "hash_map.insert(k.into(), v.into());".to_owned(),
                    format!("self.{name} = ::std::option::Option::Some(hash_map);"),
                ],
            )
        }
        RustType::Box(inner) => (
            [&[Doc::Markdown(&f.doc_markdown)], required].concat(),
            vec![("input: ", type_text(inner))],
            vec![format!("self.{name} = ::std::option::Option::Some(::std::boxed::Box::new(input));")],
        ),
        _ => (
            [&[Doc::Markdown(&f.doc_markdown)], required].concat(),
            vec![("input: ", impl_into(type_text(&f.ty)))],
            vec![format!("self.{name} = ::std::option::Option::Some(input.into());")],
        ),
    };
    body.push("self".to_owned());
    let this = TypeText::atom("Self");
    items.method(&MethodSpec {
        docs: &docs,
        deprecated: deprecated(&f.member.traits),
        head: &head,
        params: &setter_params(&params),
        ret: Some(&this),
        body: &body,
    })?;
    set_and_get(items, f, false)
}

/// A member's `set_x(Option)` and `get_x()`: on the builder, which holds
/// the value, or on a fluent builder (`fluent`), which hands them on to the
/// input builder it holds.
pub(crate) fn set_and_get(items: &mut ImplItems, f: &Field<'_>, fluent: bool) -> Result<(), GenerateError> {
    let name = &f.name;
    let bare = crate::names::bare(name);
    let (set, get) = (format!("set_{bare}"), format!("get_{bare}"));
    let (set_body, get_body) = if fluent {
        (format!("self.inner = self.inner.{set}(input);"), format!("self.inner.{get}()"))
    } else {
        (format!("self.{name} = input;"), format!("&self.{name}"))
    };
    // Intra-doc links cannot name raw identifiers; refer to those in plain text.
    let see = if name.starts_with("r#") { format!("the `{bare}` setter") } else { format!("[`{bare}`](Self::{bare})") };
    let set_doc = format!(" Sets or clears `{bare}`; see {see}.");
    let get_doc = format!(" The value set for `{bare}`, if any; see {see}.");
    let option = TypeText::generic("::std::option::Option", vec![type_text(&f.ty)]);
    items.method(&MethodSpec {
        docs: &[Doc::Line(&set_doc)],
        deprecated: deprecated(&f.member.traits),
        head: &format!("pub fn {set}"),
        params: &[("mut self", None), ("input: ", Some(&option))],
        ret: Some(&TypeText::atom("Self")),
        body: &[set_body, "self".to_owned()],
    })?;
    let option_ref = TypeText::prefixed("&", option);
    items.method(&MethodSpec {
        docs: &[Doc::Line(&get_doc)],
        deprecated: deprecated(&f.member.traits),
        head: &format!("pub fn {get}"),
        params: &[("&self", None)],
        ret: Some(&option_ref),
        body: &[get_body],
    })
}

fn build_fn(name: &proc_macro2::Ident, type_name: &str, fields: &[Field<'_>], is_error: bool) -> TokenStream {
    let fallible = fields.iter().any(|f| f.required);
    let mut checks = Vec::new();
    let inits = fields.iter().map(|f| {
        let fname = ident(&f.name);
        let bare = crate::names::bare(&f.name);
        if f.optional {
            if f.required {
                checks.push(quote!(crate::error::BuildError::check_set(&self.#fname, #bare, #type_name)?;));
            }
            quote!(#fname: self.#fname,)
        } else if let Some(default) = &f.default {
            let value = or_default(quote!(self.#fname), default);
            quote!(#fname: #value,)
        } else {
            quote!(#fname: crate::error::BuildError::require(self.#fname, #bare, #type_name)?,)
        }
    });
    let inits: Vec<TokenStream> = inits.collect();
    let meta = if is_error { quote!(meta: self.meta.unwrap_or_default(),) } else { quote!() };
    let doc = format!(" Builds a [`{type_name}`].");
    if fallible {
        let err_doc = fields
            .iter()
            .filter(|f| f.required)
            .map(|f| format!("`{}`", crate::names::bare(&f.name)))
            .collect::<Vec<_>>()
            .join(", ");
        let err_doc = format!(
            " Fails with a [`BuildError`](crate::error::BuildError) when a required member is missing: {err_doc}."
        );
        quote! {
            #[doc = #doc]
            #[doc = ""]
            #[doc = #err_doc]
            pub fn build(self) -> ::std::result::Result<#name, crate::error::BuildError> {
                #(#checks)*
                ::std::result::Result::Ok(#name { #(#inits)* #meta })
            }
        }
    } else {
        quote! {
            #[doc = #doc]
            pub fn build(self) -> #name {
                #name { #(#inits)* #meta }
            }
        }
    }
}

/// `option` with `default` filled in when it is `None`, written the way
/// clippy likes for the kind of value.
pub(crate) fn or_default(option: TokenStream, default: &FieldDefault) -> TokenStream {
    let value = &default.value;
    match default.kind {
        DefaultKind::Empty => quote!(#option.unwrap_or_default()),
        DefaultKind::Cheap => quote!(#option.unwrap_or(#value)),
        DefaultKind::Computed => quote!(#option.unwrap_or_else(|| #value)),
    }
}

/// How a default value is best written in `build()`.
#[derive(Clone, Copy)]
enum DefaultKind {
    /// The type's `Default` (empty list or map).
    Empty,
    /// A literal or constant constructor: `unwrap_or(value)`.
    Cheap,
    /// Needs work (allocation, parsing): `unwrap_or_else(|| value)`.
    Computed,
}

/// Decided from the type and the model's default value: documents built
/// from a boolean, a number or null allocate nothing; strings, lists and maps do.
fn default_kind(ty: &RustType, default: &serde_json::Value) -> DefaultKind {
    use serde_json::Value;
    match ty {
        RustType::Vec(_) | RustType::Map(..) => DefaultKind::Empty,
        t if t.is_copy() => DefaultKind::Cheap,
        RustType::Document if matches!(default, Value::Bool(_) | Value::Number(_) | Value::Null) => DefaultKind::Cheap,
        _ => DefaultKind::Computed,
    }
}

/// `Display`, `Error` and `ProvideErrorMetadata` for an error structure.
/// `Display` prints the error's name and its message, or only the name when
/// the message is sensitive.
fn error_impls(
    name: &proc_macro2::Ident,
    type_name: &str,
    fields: &[Field<'_>],
    message_sensitive: bool,
) -> TokenStream {
    let display_body = if message_sensitive {
        quote!(f.write_str(#type_name))
    } else {
        let message = error_message(fields);
        quote! {
            ::std::write!(f, #type_name)?;
            if let ::std::option::Option::Some(message) = #message {
                let message = crate::error::display_escaped(message);
                ::std::write!(f, ": {}", message)?;
            }
            ::std::result::Result::Ok(())
        }
    };
    quote! {
        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                #display_body
            }
        }

        impl ::std::error::Error for #name {}

        impl crate::error::ProvideErrorMetadata for #name {
            fn meta(&self) -> &crate::error::ErrorMetadata {
                &self.meta
            }
        }
    }
}

/// An `Option<&str>` expression for an error's message: its `message` member,
/// else the message in its metadata.
fn error_message(fields: &[Field<'_>]) -> TokenStream {
    let message_field =
        fields.iter().find(|f| f.member.name.eq_ignore_ascii_case("message") && f.ty == RustType::String);
    match message_field {
        Some(f) => {
            let fname = ident(&f.name);
            if f.optional {
                quote!(self.#fname.as_deref().or(self.meta.message()))
            } else {
                quote!(::std::option::Option::Some(self.#fname.as_str()))
            }
        }
        None => quote!(self.meta.message()),
    }
}
