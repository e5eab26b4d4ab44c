//! String enums: one variant per value plus `Unknown`, so values added to the
//! service later still parse and round-trip.

use proc_macro2::TokenStream;
use quote::quote;

use super::tokens::{deprecated, docs, ident};
use crate::names::{TypeSymbol, variant_name};
use crate::smithy::traits::EnumValue;
use crate::smithy::{Shape, ShapeKind};

/// The enum with `as_str`, `values`, `From<&str>`, `FromStr`, `Display`.
pub fn emit_enum(shape: &Shape, symbol: &TypeSymbol) -> TokenStream {
    let ShapeKind::Enum(members) = &shape.kind else { return TokenStream::new() };
    let name = ident(&symbol.name);
    let type_name = &symbol.name;
    let doc = docs(&shape.traits, &format!("The `{type_name}` enum."));
    let dep = deprecated(&shape.traits);
    let values: Vec<String> = members
        .iter()
        .map(|m| match &m.traits.enum_value {
            Some(EnumValue::String(v)) => v.clone(),
            _ => m.name.clone(),
        })
        .collect();
    let variants: Vec<_> = members.iter().map(|m| ident(&variant_name(&m.name))).collect();
    let variant_defs = members.iter().zip(&variants).zip(&values).map(|((m, v), value)| {
        let vdoc = docs(&m.traits, &format!("The value `{value}`."));
        let vdep = deprecated(&m.traits);
        quote!(#vdoc #vdep #v,)
    });
    let example_value = values.first().cloned().unwrap_or_default();
    let usage = format!(
        " Values the service adds later arrive as `{type_name}::Unknown`; match them with a wildcard arm \
         rather than naming `Unknown`, e.g. `{type_name}::from(\"{example_value}\").as_str()` gives back the wire value."
    );
    quote! {
        #doc
        #[doc = ""]
        #[doc = #usage]
        #dep
        #[non_exhaustive]
        #[derive(::std::clone::Clone, ::std::fmt::Debug, ::std::cmp::PartialEq, ::std::cmp::Eq, ::std::hash::Hash)]
        #[allow(deprecated)]
        pub enum #name {
            #(#variant_defs)*
            /// A value this version of the crate does not know.
            #[deprecated(note = "Don't match on `Unknown` directly: new variants may be added for its values. Use a wildcard arm and `as_str()`.")]
            Unknown(crate::primitives::UnknownVariantValue),
        }

        #[allow(deprecated)]
        impl ::std::convert::From<&str> for #name {
            fn from(s: &str) -> Self {
                match s {
                    #(#values => #name::#variants,)*
                    other => #name::Unknown(crate::primitives::UnknownVariantValue(::std::string::String::from(other))),
                }
            }
        }

        impl ::std::str::FromStr for #name {
            type Err = ::std::convert::Infallible;
            fn from_str(s: &str) -> ::std::result::Result<Self, Self::Err> {
                ::std::result::Result::Ok(#name::from(s))
            }
        }

        #[allow(deprecated)]
        impl #name {
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#name::#variants => #values,)*
                    #name::Unknown(value) => value.as_str(),
                }
            }

            /// Every value this version of the crate knows.
            pub const fn values() -> &'static [&'static str] {
                &[#(#values),*]
            }
        }

        // Ordered by wire value, so that adding or reordering values in the
        // model never changes how existing values compare.
        impl ::std::cmp::Ord for #name {
            fn cmp(&self, other: &Self) -> ::std::cmp::Ordering {
                self.as_str().cmp(other.as_str())
            }
        }

        impl ::std::cmp::PartialOrd for #name {
            fn partial_cmp(&self, other: &Self) -> ::std::option::Option<::std::cmp::Ordering> {
                ::std::option::Option::Some(self.cmp(other))
            }
        }

        impl ::std::convert::AsRef<str> for #name {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    }
}
