//! Paginators of `@paginated` operations: `operation::<op>::paginator`, with
//! `<Op>Paginator` (pages) and `<Op>PaginatorItems` (the pages' items), both
//! driving the runtime's generic page loop (`rt::paginator`).

use proc_macro2::TokenStream;
use quote::quote;

use super::plan::{ItemsPlan, OperationPlan, PaginationPlan, PathStep};
use super::tokens::{ident, path, rust_type};
use crate::names::RustType;

/// A value along a path: a place of the structure itself, or an `Option` of it.
enum Value {
    Place(TokenStream),
    Optional(TokenStream),
}

/// Borrows along `steps` from `output`, ending in `Option<&str>`.
fn token_expr(steps: &[PathStep]) -> TokenStream {
    let Some((last, init)) = steps.split_last() else { return quote!(::std::option::Option::None) };
    let mut value = Value::Place(quote!(output));
    for step in init {
        let f = ident(&step.field);
        value = match (value, step.optional) {
            (Value::Place(p), true) => Value::Optional(quote!(#p.#f.as_ref())),
            (Value::Place(p), false) => Value::Place(quote!(#p.#f)),
            (Value::Optional(e), true) => Value::Optional(quote!(#e.and_then(|v| v.#f.as_ref()))),
            (Value::Optional(e), false) => Value::Optional(quote!(#e.map(|v| &v.#f))),
        };
    }
    let f = ident(&last.field);
    match (value, last.optional) {
        (Value::Place(p), true) => quote!(#p.#f.as_deref()),
        (Value::Place(p), false) => quote!(::std::option::Option::Some(#p.#f.as_str())),
        (Value::Optional(e), true) => quote!(#e.and_then(|v| v.#f.as_deref())),
        (Value::Optional(e), false) => quote!(#e.map(|v| v.#f.as_str())),
    }
}

/// Moves the items out of `output` along the plan's path, as a `Vec`.
fn items_expr(items: &ItemsPlan) -> TokenStream {
    let mut value = Value::Place(quote!(output));
    for step in &items.path {
        let f = ident(&step.field);
        value = match (value, step.optional) {
            (Value::Place(p), true) => Value::Optional(quote!(#p.#f)),
            (Value::Place(p), false) => Value::Place(quote!(#p.#f)),
            (Value::Optional(e), true) => Value::Optional(quote!(#e.and_then(|v| v.#f))),
            (Value::Optional(e), false) => Value::Optional(quote!(#e.map(|v| v.#f))),
        };
    }
    let collection = match value {
        Value::Place(p) => p,
        Value::Optional(e) => quote!(#e.unwrap_or_default()),
    };
    if items.map { quote!(#collection.into_iter().collect()) } else { collection }
}

/// The type of one item.
fn item_type(items: &ItemsPlan) -> TokenStream {
    match &items.item {
        RustType::Map(key, value) if items.map => {
            let (key, value) = (rust_type(key), rust_type(value));
            quote!((#key, #value))
        }
        other => rust_type(other),
    }
}

/// `src/operation/<op>/paginator.rs`, for an operation with a pagination plan.
pub fn emit_paginator(plan: &OperationPlan<'_>, pagination: &PaginationPlan) -> TokenStream {
    let names = &plan.names;
    let op = plan.shape.id.name();
    let paginator = ident(&names.paginator);
    let items_name = ident(&names.paginator_items);
    let input_ty = path(&plan.input.path());
    let input_builder = path(&plan.input.builder_path());
    let output_ty = path(&plan.output.path());
    let error_ty = path(&names.error_path());
    let spec = path(&names.spec_path());
    let build = if plan.input_fields.iter().any(|f| f.required) {
        quote! {
            match self.inner.build() {
                ::std::result::Result::Ok(input) => input,
                ::std::result::Result::Err(error) => {
                    return crate::rt::paginator::PaginationStream::once(::std::result::Result::Err(
                        crate::error::SdkError::construction_failure(error),
                    ));
                }
            }
        }
    } else {
        quote!(self.inner.build())
    };
    let token_field = ident(&pagination.input_token);
    let set_token =
        if pagination.input_token_optional { quote!(::std::option::Option::Some(token)) } else { quote!(token) };
    let next_token = token_expr(&pagination.output_token);
    let page_size = pagination.page_size.as_ref().map(|(field, ty)| {
        let setter = ident(field);
        let ty = rust_type(ty);
        let member = crate::names::bare(field);
        let doc = format!(" Sets the page size: the most items each page holds (the `{member}` member).");
        quote! {
            #[doc = #doc]
            pub fn page_size(mut self, limit: #ty) -> Self {
                self.inner = self.inner.#setter(limit);
                self
            }
        }
    });
    let items = pagination.items.as_ref().map(|items| {
        let item_ty = item_type(items);
        let take = items_expr(items);
        let items_doc = format!(" Pages through `{op}` item by item: see [`send`](Self::send).");
        quote! {
            /// The page's items, moved out of the output.
            fn page_items(output: #output_ty) -> ::std::vec::Vec<#item_ty> {
                #take
            }

            impl #paginator {
                /// Yields the items of every page instead of the pages.
                pub fn items(self) -> #items_name {
                    #items_name(self)
                }
            }

            #[doc = #items_doc]
            #[derive(::std::clone::Clone, ::std::fmt::Debug)]
            pub struct #items_name(#paginator);

            impl #items_name {
                /// Sends the requests as the stream is read, yielding each item of
                /// each page in order; the stream ends after an error.
                #[allow(clippy::type_complexity)]
                pub fn send(self) -> PaginationStream<::std::result::Result<#item_ty, crate::error::SdkError<#error_ty>>> {
                    crate::rt::paginator::items(self.0.send(), page_items)
                }
            }
        }
    });
    let doc = format!(" Pages through `{op}`: each request carries the continuation token of the previous response.");
    quote! {
        //! The operation's paginators.

        pub use crate::rt::paginator::PaginationStream;

        #[doc = #doc]
        #[derive(::std::clone::Clone, ::std::fmt::Debug)]
        pub struct #paginator {
            runtime: ::std::sync::Arc<crate::rt::orchestrator::Runtime>,
            inner: #input_builder,
        }

        impl #paginator {
            pub(crate) fn new(runtime: ::std::sync::Arc<crate::rt::orchestrator::Runtime>, inner: #input_builder) -> Self {
                #paginator { runtime, inner }
            }

            #page_size

            /// Sends the requests as the stream is read, yielding each page.
            ///
            /// The stream ends after a page without a continuation token, after
            /// an error, or with an error when the service returns the token it
            /// was sent (which would repeat the same page forever).
            #[allow(clippy::type_complexity)]
            pub fn send(self) -> PaginationStream<::std::result::Result<#output_ty, crate::error::SdkError<#error_ty>>> {
                let input = #build;
                let runtime = self.runtime;
                let send = move |input: #input_ty| -> crate::rt::paginator::PageFuture<#output_ty, #error_ty> {
                    let runtime = ::std::sync::Arc::clone(&runtime);
                    ::std::boxed::Box::pin(async move {
                        crate::rt::orchestrator::invoke::<#spec>(&runtime, &crate::protocol_serde::SERVICE, input).await
                    })
                };
                crate::rt::paginator::pages(input, send, next_token, set_token)
            }
        }

        /// The continuation token of a response, if any.
        fn next_token(output: &#output_ty) -> ::std::option::Option<&str> {
            #next_token
        }

        /// Puts the continuation token into the next request.
        fn set_token(input: &mut #input_ty, token: ::std::string::String) {
            input.#token_field = #set_token;
        }

        #items
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn steps(path: &[(&str, bool)]) -> Vec<PathStep> {
        path.iter().map(|(field, optional)| PathStep { field: (*field).into(), optional: *optional }).collect()
    }

    #[test]
    fn token_paths_borrow_through_optional_and_plain_fields() {
        let cases: &[(&[(&str, bool)], &str)] = &[
            (&[("next_token", true)], "output . next_token . as_deref ()"),
            (&[("next_token", false)], ":: std :: option :: Option :: Some (output . next_token . as_str ())"),
            (
                &[("result", true), ("next", true)],
                "output . result . as_ref () . and_then (| v | v . next . as_deref ())",
            ),
            (&[("result", false), ("next", true)], "output . result . next . as_deref ()"),
            (
                &[("a", true), ("b", false), ("next", false)],
                "output . a . as_ref () . map (| v | & v . b) . map (| v | v . next . as_str ())",
            ),
        ];
        for (path, expected) in cases {
            assert_eq!(token_expr(&steps(path)).to_string(), *expected, "{path:?}");
        }
    }

    #[test]
    fn items_paths_move_out_and_default_when_absent() {
        let list = |path: &[(&str, bool)]| ItemsPlan { path: steps(path), item: RustType::String, map: false };
        assert_eq!(items_expr(&list(&[("things", false)])).to_string(), "output . things");
        assert_eq!(items_expr(&list(&[("things", true)])).to_string(), "output . things . unwrap_or_default ()");
        assert_eq!(
            items_expr(&list(&[("result", true), ("things", true)])).to_string(),
            "output . result . and_then (| v | v . things) . unwrap_or_default ()"
        );
        let map = ItemsPlan {
            path: steps(&[("entries", true)]),
            item: RustType::Map(Box::new(RustType::String), Box::new(RustType::I32)),
            map: true,
        };
        assert_eq!(items_expr(&map).to_string(), "output . entries . unwrap_or_default () . into_iter () . collect ()");
    }
}
