//! The per-operation error enum: one variant per modelled error plus
//! `Unhandled`, with `is_*()`, `code()`, `message()`, `meta()`.
//!
//! A modelled error whose body cannot be read arrives as `Unhandled` with the
//! response's metadata, message included; when that error's message is
//! `@sensitive`, `Display` and `Debug` leave the message out.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::Ctx;
use super::structure::redaction::{REDACTED, is_error_message_sensitive};
use super::tokens::{doc_markdown, docs, ident, path};
use super::verbatim::{self, Lines};
use crate::names::snake;
use crate::smithy::{Shape, ShapeKind};

/// The error enum of `op`, named `<Op>Error`.
pub fn emit_operation_error(ctx: &Ctx<'_>, op: &Shape) -> TokenStream {
    let ShapeKind::Operation(operation) = &op.kind else { return TokenStream::new() };
    let op_name = op.id.name();
    let name = format_ident!("{}Error", crate::names::type_name(op_name));
    let errors: Vec<(&Shape, String, String)> = operation
        .errors
        .iter()
        .filter_map(|id| {
            let shape = ctx.shape(id)?;
            let symbol = ctx.symbols.type_symbol(id)?;
            Some((shape, crate::names::variant_name(&symbol.name), symbol.path()))
        })
        .collect();
    if is_error_message_sensitive_any(ctx, &errors) {
        // Redaction adds items of its own; those stay tokens.
    } else {
        let variants: Vec<ErrorVariant<'_>> = errors
            .iter()
            .map(|(shape, variant, p)| ErrorVariant {
                doc: doc_markdown(&shape.traits, &format!("The `{variant}` error.")),
                name: variant,
                path: p,
            })
            .collect();
        if let Some(text) = verbatim::items(|lines| error_text(lines, &name.to_string(), op_name, &variants)) {
            return text;
        }
    }
    let variants = errors.iter().map(|(shape, variant, p)| {
        let v = ident(variant);
        let p = path(p);
        let doc = docs(&shape.traits, &format!("The `{variant}` error."));
        quote!(#doc #v(#p),)
    });
    let is_fns = errors.iter().map(|(_, variant, _)| {
        let v = ident(variant);
        let f = format_ident!("is_{}", snake(variant));
        let doc = format!(" Whether this is a `{variant}`.");
        quote! {
            #[doc = #doc]
            pub fn #f(&self) -> bool {
                ::std::matches!(self, Self::#v(_))
            }
        }
    });
    let vs: Vec<_> = errors.iter().map(|(_, v, _)| ident(v)).collect();
    let sensitive_codes: Vec<&str> = errors
        .iter()
        .filter(|(shape, _, _)| is_error_message_sensitive(ctx.model, shape))
        .map(|(shape, _, _)| shape.id.name())
        .collect();
    let labels: Vec<&str> = errors.iter().map(|(_, v, _)| v.as_str()).collect();
    let UnhandledRedaction { derive_debug, hides_message, debug_impl, display_arm } =
        unhandled_redaction(&name, &vs, &labels, &sensitive_codes);
    let display = if display_arm.is_empty() {
        quote!(::std::fmt::Display::fmt(self.variant(), f)?;)
    } else {
        quote! {
            match self {
                #display_arm
                _ => ::std::fmt::Display::fmt(self.variant(), f)?,
            }
        }
    };
    let doc = format!(" Errors `{op_name}` can return.");
    quote! {
        #[doc = #doc]
        #[doc = ""]
        #[doc = " More errors may be added as the service evolves: match with a wildcard arm, and use"]
        #[doc = " [`code()`](Self::code) for errors this version of the crate does not model."]
        #[non_exhaustive]
        #derive_debug
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #(#variants)*
            /// An error the model does not describe, or a response that could not be read as one.
            #[deprecated(note = "Matching `Unhandled` directly is not forwards compatible: the error may become a modelled variant. Use a wildcard arm and `code()`, `message()` or `meta()`.")]
            Unhandled(crate::error::Unhandled),
        }

        #[allow(deprecated)]
        impl #name {
            /// An unmodelled error caused by `source`, with the metadata the response carried.
            pub fn unhandled(
                source: impl ::std::convert::Into<::std::boxed::Box<dyn ::std::error::Error + ::std::marker::Send + ::std::marker::Sync + 'static>>,
                meta: crate::error::ErrorMetadata,
            ) -> Self {
                Self::Unhandled(crate::error::Unhandled::new(source.into(), meta))
            }

            /// The error the variant holds.
            fn variant(&self) -> &dyn crate::error::OperationErrorVariant {
                match self {
                    #(Self::#vs(e) => e,)*
                    Self::Unhandled(e) => e,
                }
            }

            /// The error's metadata: code, message and request id as the service sent them.
            pub fn meta(&self) -> &crate::error::ErrorMetadata {
                self.variant().meta()
            }

            /// The error code, e.g. `ValidationException`.
            pub fn code(&self) -> ::std::option::Option<&str> {
                self.meta().code()
            }

            /// The error message, if the service sent one.
            pub fn message(&self) -> ::std::option::Option<&str> {
                self.variant().message()
            }

            #(#is_fns)*
            #hides_message
        }

        #debug_impl

        #[allow(deprecated)]
        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                #display
                if let ::std::option::Option::Some(id) = self.meta().request_id() {
                    let id = crate::error::display_escaped(id);
                    ::std::write!(f, " (request id: {})", id)?;
                }
                ::std::result::Result::Ok(())
            }
        }

        #[allow(deprecated)]
        impl ::std::error::Error for #name {
            fn source(&self) -> ::std::option::Option<&(dyn ::std::error::Error + 'static)> {
                // With no modelled errors, `Unhandled` is the only variant.
                #[allow(unreachable_patterns)]
                match self {
                    Self::Unhandled(e) => ::std::error::Error::source(e),
                    _ => ::std::option::Option::Some(self.variant()),
                }
            }
        }

        impl crate::error::CreateUnhandledError for #name {
            fn create_unhandled_error(
                source: crate::error::BoxError,
                meta: ::std::option::Option<crate::error::ErrorMetadata>,
            ) -> Self {
                Self::unhandled(source, meta.unwrap_or_default())
            }
        }

        impl crate::error::ProvideErrorMetadata for #name {
            fn meta(&self) -> &crate::error::ErrorMetadata {
                #name::meta(self)
            }
            fn message(&self) -> ::std::option::Option<&str> {
                #name::message(self)
            }
        }
    }
}

/// Whether any of `errors` has a sensitive message.
fn is_error_message_sensitive_any(ctx: &Ctx<'_>, errors: &[(&Shape, String, String)]) -> bool {
    errors.iter().any(|(shape, _, _)| is_error_message_sensitive(ctx.model, shape))
}

/// A modelled error of an operation's error enum.
struct ErrorVariant<'a> {
    /// Its documentation, as Markdown.
    doc: String,
    /// The variant's name.
    name: &'a str,
    /// The path of the error structure it holds.
    path: &'a str,
}

/// The error enum `name` of operation `op_name` and its impls, as text,
/// when none of its errors has a sensitive message: what the tokens of
/// [`emit_operation_error`] print as.
fn error_text(lines: &mut Lines<'_>, name: &str, op_name: &str, variants: &[ErrorVariant<'_>]) -> Option<()> {
    let fixed = |lines: &mut Lines<'_>, text: &str| {
        for line in text.lines() {
            lines.unbreakable(0, &[line]);
        }
    };
    lines.line(0, &["/// Errors `", op_name, "` can return."])?;
    fixed(lines, ENUM_INTRO);
    lines.line(0, &["pub enum ", name, " {"])?;
    for v in variants {
        lines.docs(1, &v.doc);
        lines.call(1, v.name, &[v.path], ",")?;
    }
    fixed(lines, UNHANDLED_VARIANT);
    lines.line(0, &["impl ", name, " {"])?;
    fixed(lines, UNHANDLED_FN);
    for v in variants {
        lines.line(3, &["Self::", v.name, "(e) => e,"])?;
    }
    fixed(lines, ACCESSORS);
    for v in variants {
        lines.line(1, &["/// Whether this is a `", v.name, "`."])?;
        lines.line(1, &["#[inline]"])?;
        lines.line(1, &["pub fn is_", &snake(v.name), "(&self) -> bool {"])?;
        lines.line(2, &["::std::matches!(self, Self::", v.name, "(_))"])?;
        lines.line(1, &["}"])?;
    }
    lines.line(0, &["}"])?;
    lines.line(0, &["#[allow(deprecated)]"])?;
    lines.line(0, &["impl ::std::fmt::Display for ", name, " {"])?;
    fixed(lines, DISPLAY_AND_ERROR);
    lines.line(0, &["impl ::std::error::Error for ", name, " {"])?;
    fixed(lines, ERROR_SOURCE);
    lines.line(0, &["impl crate::error::CreateUnhandledError for ", name, " {"])?;
    fixed(lines, CREATE_UNHANDLED);
    lines.line(0, &["impl crate::error::ProvideErrorMetadata for ", name, " {"])?;
    lines.line(1, &["#[inline]"])?;
    lines.line(1, &["fn meta(&self) -> &crate::error::ErrorMetadata {"])?;
    lines.line(2, &[name, "::meta(self)"])?;
    lines.line(1, &["}"])?;
    lines.line(1, &["#[inline]"])?;
    lines.line(1, &["fn message(&self) -> ::std::option::Option<&str> {"])?;
    lines.line(2, &[name, "::message(self)"])?;
    lines.line(1, &["}"])?;
    lines.line(0, &["}"])
}

/// The fixed parts of [`error_text`], as prettyplease prints them.
const ENUM_INTRO: &str = "\
///
/// More errors may be added as the service evolves: match with a wildcard arm, and use
/// [`code()`](Self::code) for errors this version of the crate does not model.
#[non_exhaustive]
#[derive(::std::fmt::Debug)]
#[allow(clippy::large_enum_variant)]
";
const UNHANDLED_VARIANT: &str = "    \
    /// An error the model does not describe, or a response that could not be read as one.
    #[deprecated(
        note = \"Matching `Unhandled` directly is not forwards compatible: the error may become a modelled variant. Use a wildcard arm and `code()`, `message()` or `meta()`.\"
    )]
    Unhandled(crate::error::Unhandled),
}
#[allow(deprecated)]
";
const UNHANDLED_FN: &str = "    \
    /// An unmodelled error caused by `source`, with the metadata the response carried.
    pub fn unhandled(
        source: impl ::std::convert::Into<
            ::std::boxed::Box<
                dyn ::std::error::Error + ::std::marker::Send + ::std::marker::Sync + 'static,
            >,
        >,
        meta: crate::error::ErrorMetadata,
    ) -> Self {
        Self::Unhandled(crate::error::Unhandled::new(source.into(), meta))
    }
    /// The error the variant holds.
    #[inline]
    fn variant(&self) -> &dyn crate::error::OperationErrorVariant {
        match self {
";
const ACCESSORS: &str = "            \
            Self::Unhandled(e) => e,
        }
    }
    /// The error's metadata: code, message and request id as the service sent them.
    #[inline]
    pub fn meta(&self) -> &crate::error::ErrorMetadata {
        self.variant().meta()
    }
    /// The error code, e.g. `ValidationException`.
    #[inline]
    pub fn code(&self) -> ::std::option::Option<&str> {
        self.meta().code()
    }
    /// The error message, if the service sent one.
    #[inline]
    pub fn message(&self) -> ::std::option::Option<&str> {
        self.variant().message()
    }
";
const DISPLAY_AND_ERROR: &str = "    \
    #[inline]
    fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
        ::std::fmt::Display::fmt(self.variant(), f)?;
        if let ::std::option::Option::Some(id) = self.meta().request_id() {
            let id = crate::error::display_escaped(id);
            ::std::write!(f, \" (request id: {})\", id)?;
        }
        ::std::result::Result::Ok(())
    }
}
#[allow(deprecated)]
";
const ERROR_SOURCE: &str = "    \
    #[inline]
    fn source(&self) -> ::std::option::Option<&(dyn ::std::error::Error + 'static)> {
        #[allow(unreachable_patterns)]
        match self {
            Self::Unhandled(e) => ::std::error::Error::source(e),
            _ => ::std::option::Option::Some(self.variant()),
        }
    }
}
";
const CREATE_UNHANDLED: &str = "    \
    #[inline]
    fn create_unhandled_error(
        source: crate::error::BoxError,
        meta: ::std::option::Option<crate::error::ErrorMetadata>,
    ) -> Self {
        Self::unhandled(source, meta.unwrap_or_default())
    }
}
";

/// What the error enum needs so that an `Unhandled` error carrying the code of
/// an error with a sensitive message never prints that message.
struct UnhandledRedaction {
    /// `#[derive(Debug)]`, or nothing when `debug_impl` is written out.
    derive_debug: TokenStream,
    /// The private `hides_message()` check.
    hides_message: TokenStream,
    /// A `Debug` impl that redacts such an `Unhandled`'s message.
    debug_impl: TokenStream,
    /// A `Display` arm that prints such an `Unhandled` without its message.
    display_arm: TokenStream,
}

/// The redaction pieces for an error enum whose errors with sensitive
/// messages have `sensitive_codes`; all empty (and `Debug` derived) when none do.
fn unhandled_redaction(
    name: &Ident,
    variants: &[Ident],
    labels: &[&str],
    sensitive_codes: &[&str],
) -> UnhandledRedaction {
    if sensitive_codes.is_empty() {
        return UnhandledRedaction {
            derive_debug: quote!(#[derive(::std::fmt::Debug)]),
            hides_message: TokenStream::new(),
            debug_impl: TokenStream::new(),
            display_arm: TokenStream::new(),
        };
    }
    let hides_message = quote! {
        // An error whose body could not be read arrives unhandled, with the
        // body's message in its metadata; for these codes that message is sensitive.
        fn hides_message(&self) -> bool {
            match self {
                Self::Unhandled(e) => e.meta().code().is_some_and(|code| [#(#sensitive_codes),*].contains(&code)),
                _ => false,
            }
        }
    };
    let debug_impl = quote! {
        #[allow(deprecated)]
        impl ::std::fmt::Debug for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match self {
                    #(Self::#variants(e) => f.debug_tuple(#labels).field(e).finish(),)*
                    Self::Unhandled(e) if self.hides_message() => f
                        .debug_struct("Unhandled")
                        .field("source", &::std::error::Error::source(e))
                        .field("code", &e.meta().code())
                        .field("message", &e.meta().message().map(|_| #REDACTED))
                        .field("request_id", &e.meta().request_id())
                        .finish(),
                    Self::Unhandled(e) => f.debug_tuple("Unhandled").field(e).finish(),
                }
            }
        }
    };
    let display_arm = quote! {
        Self::Unhandled(e) if self.hides_message() => {
            ::std::write!(f, "unhandled error {}", e.meta().code().unwrap_or_default())?
        }
    };
    UnhandledRedaction { derive_debug: TokenStream::new(), hides_message, debug_impl, display_arm }
}
