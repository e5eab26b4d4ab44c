//! The per-operation error enum: one variant per modelled error plus
//! `Unhandled`, with `is_*()`, `code()`, `message()`, `meta()`.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::Ctx;
use super::tokens::{docs, ident, path};
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
    let doc = format!(" Errors `{op_name}` can return.");
    quote! {
        #[doc = #doc]
        #[doc = ""]
        #[doc = " More errors may be added as the service evolves: match with a wildcard arm, and use"]
        #[doc = " [`code()`](Self::code) for errors this version of the crate does not model."]
        #[non_exhaustive]
        #[derive(::std::fmt::Debug)]
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

            /// The error's metadata: code, message and request id as the service sent them.
            pub fn meta(&self) -> &crate::error::ErrorMetadata {
                match self {
                    #(Self::#vs(e) => crate::error::ProvideErrorMetadata::meta(e),)*
                    Self::Unhandled(e) => e.meta(),
                }
            }

            /// The error code, e.g. `ValidationException`.
            pub fn code(&self) -> ::std::option::Option<&str> {
                self.meta().code()
            }

            /// The error message, if the service sent one.
            pub fn message(&self) -> ::std::option::Option<&str> {
                match self {
                    #(Self::#vs(e) => crate::error::ProvideErrorMetadata::message(e),)*
                    Self::Unhandled(e) => e.meta().message(),
                }
            }

            #(#is_fns)*
        }

        #[allow(deprecated)]
        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match self {
                    #(Self::#vs(e) => ::std::fmt::Display::fmt(e, f)?,)*
                    Self::Unhandled(e) => ::std::fmt::Display::fmt(e, f)?,
                }
                if let ::std::option::Option::Some(id) = self.meta().request_id() {
                    ::std::write!(f, " (request id: {})", id)?;
                }
                ::std::result::Result::Ok(())
            }
        }

        #[allow(deprecated)]
        impl ::std::error::Error for #name {
            fn source(&self) -> ::std::option::Option<&(dyn ::std::error::Error + 'static)> {
                match self {
                    #(Self::#vs(e) => ::std::option::Option::Some(e),)*
                    Self::Unhandled(e) => ::std::error::Error::source(e),
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
