//! Unions: one variant per member plus a non-exhaustive `Unknown` for members
//! the service adds later.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::structure::fields;
use super::structure::redaction::REDACTED;
use super::tokens::{deprecated, docs, ident, rust_type};
use super::{Ctx, GenerateError};
use crate::names::{RustType, TypeSymbol, snake, variant_name};
use crate::smithy::{Shape, UNIT};

/// The union enum with `as_x()`, `is_x()`, `is_unknown()` and a `Debug` that
/// redacts sensitive variants, or everything when the union is `@sensitive`.
pub fn emit_union(ctx: &Ctx<'_>, shape: &Shape, symbol: &TypeSymbol) -> Result<TokenStream, GenerateError> {
    let fields = fields(ctx, shape)?;
    let name = ident(&symbol.name);
    let type_name = &symbol.name;
    let doc = docs(&shape.traits, &format!("The `{type_name}` union."));
    let dep = deprecated(&shape.traits);
    let mut variants = Vec::new();
    let mut accessors = Vec::new();
    let mut debug_arms = Vec::new();
    for f in &fields {
        let variant = ident(&variant_name(&f.member.name));
        let vdoc = &f.doc;
        let vdep = deprecated(&f.member.traits);
        let label = variant.to_string();
        let is_unit = f.member.target.to_string() == UNIT;
        // Methods follow the variant name, so a member called `Unknown` gets
        // `is_unknown_value`, never clashing with `is_unknown`.
        let method = snake(&variant.to_string());
        let is_fn = format_ident!("is_{}", method);
        let is_doc = format!(" Whether this is the [`{type_name}::{label}`] variant.");
        if is_unit {
            variants.push(quote!(#vdoc #vdep #variant,));
            accessors.push(quote! {
                #[doc = #is_doc]
                pub fn #is_fn(&self) -> bool {
                    ::std::matches!(self, #name::#variant)
                }
            });
            debug_arms.push(quote!(#name::#variant => f.write_str(#label),));
            continue;
        }
        let ty = rust_type(&f.ty);
        let view = match &f.ty {
            RustType::Box(inner) => rust_type(inner),
            _ => ty.clone(),
        };
        let deref = if matches!(f.ty, RustType::Box(_)) { quote!(&**val) } else { quote!(val) };
        let as_fn = format_ident!("as_{}", method);
        let as_doc = format!(" The value when this is the [`{type_name}::{label}`] variant, else `Err(self)`.");
        variants.push(quote!(#vdoc #vdep #variant(#ty),));
        accessors.push(quote! {
            #[doc = #as_doc]
            pub fn #as_fn(&self) -> ::std::result::Result<&#view, &Self> {
                if let #name::#variant(val) = self { ::std::result::Result::Ok(#deref) } else { ::std::result::Result::Err(self) }
            }
            #[doc = #is_doc]
            pub fn #is_fn(&self) -> bool {
                self.#as_fn().is_ok()
            }
        });
        debug_arms.push(if f.sensitive {
            quote!(#name::#variant(_) => f.debug_tuple(#label).field(&#REDACTED).finish(),)
        } else {
            quote!(#name::#variant(val) => f.debug_tuple(#label).field(val).finish(),)
        });
    }
    // A sensitive union hides even which variant it holds.
    let debug_body = if shape.traits.sensitive {
        quote!(f.write_str(#REDACTED))
    } else {
        quote! {
            match self {
                #(#debug_arms)*
                #name::Unknown => f.write_str("Unknown"),
            }
        }
    };
    Ok(quote! {
        #doc
        #dep
        #[non_exhaustive]
        #[derive(::std::clone::Clone, ::std::cmp::PartialEq)]
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #(#variants)*
            /// A member this version of the crate does not know; the service sent something newer.
            #[non_exhaustive]
            Unknown,
        }

        impl #name {
            #(#accessors)*
            /// Whether the service sent a member this version of the crate does not know.
            pub fn is_unknown(&self) -> bool {
                ::std::matches!(self, #name::Unknown)
            }
        }

        impl ::std::fmt::Debug for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                #debug_body
            }
        }
    })
}
