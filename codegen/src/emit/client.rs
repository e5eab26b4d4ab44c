//! The fluent client: `Client` with one method per operation, each returning
//! a builder with a setter per input member and `send()`.

use proc_macro2::TokenStream;
use quote::quote;

use super::plan::PaginationPlan;
use super::structure::{Field, fields, impl_into, set_and_get, setter_params};
use super::tokens::deferred_docs;
use super::tokens::{deprecated, docs, ident, path, type_text};
use super::verbatim::{self, Doc, ImplItems, MethodSpec, Place, TypeText};
use super::{Ctx, GenerateError};
use crate::names::{OperationNames, RustType};
use crate::smithy::{Shape, ShapeKind};

/// `src/client.rs`.
pub fn emit_client(ctx: &Ctx<'_>) -> TokenStream {
    let title = ctx.service.traits.title.as_deref().unwrap_or(ctx.service.id.name());
    let intro = format!(" A client for {title}.");
    let waiters = super::waiter::emit_waiters_trait(ctx);
    let methods = ctx.operations().into_iter().map(|op| {
        let names = OperationNames::of(&op.id);
        let method = ident(names.client_method.as_str());
        let builder = path(&names.fluent_builder_path());
        let doc = docs(&op.traits, &format!("Calls `{}`.", op.id.name()));
        let dep = deprecated(&op.traits);
        quote! {
            #doc
            #[doc = ""]
            #[doc = " Set the input with the builder's setters, then call `send()`."]
            #dep
            pub fn #method(&self) -> #builder {
                #builder::new(::std::sync::Arc::clone(&self.runtime))
            }
        }
    });
    // The id environment variables and `[services]` sections name the
    // service by (`AWS_ENDPOINT_URL_<ID>`).
    let sdk_id = match &ctx.service.traits.aws_service {
        Some(aws) => aws.sdk_id.clone(),
        None => ctx.service.id.name().to_owned(),
    };
    quote! {
        //! The client.

        #[doc = #intro]
        ///
        /// Cheap to clone: clones share the configuration, the connection pool
        /// and the retry quota. Build one per configuration and reuse it.
        ///
        /// ```text
        /// let config = Config::builder()
        ///     .region("us-east-1")
        ///     .credentials_provider(Credentials::new("AKID", "SECRET", None))
        ///     .build();
        /// let client = Client::from_conf(config);
        /// ```
        #[derive(::std::clone::Clone, ::std::fmt::Debug)]
        pub struct Client {
            runtime: ::std::sync::Arc<crate::rt::orchestrator::Runtime>,
        }

        impl Client {
            /// Creates a client with this configuration.
            pub fn from_conf(conf: crate::Config) -> Self {
                Client { runtime: ::std::sync::Arc::new(crate::rt::orchestrator::Runtime::new(conf)) }
            }

            /// Creates a client from configuration shared with other clients,
            /// such as [`load_from_env`](crate::config::load_from_env) returns:
            /// the clients share its credentials provider and HTTP client. An
            /// endpoint configured for this service alone (`AWS_ENDPOINT_URL_<SERVICE>`
            /// or the profile's `services` section) applies here.
            pub fn new(sdk_config: &crate::config::SdkConfig) -> Self {
                Self::from_conf(crate::Config::from_shared(sdk_config, #sdk_id))
            }

            /// The client's configuration.
            pub fn config(&self) -> &crate::Config {
                self.runtime.config()
            }

            #(#methods)*
        }

        #waiters
    }
}

/// The operation's fluent builder, placed in its `builders` module.
pub fn emit_fluent_builder(
    ctx: &Ctx<'_>,
    op: &Shape,
    pagination: Option<&PaginationPlan>,
) -> Result<TokenStream, GenerateError> {
    let ShapeKind::Operation(operation) = &op.kind else { return Ok(TokenStream::new()) };
    let Some(input_shape) = ctx.shape(&operation.input) else { return Ok(TokenStream::new()) };
    let Some(input_symbol) = ctx.symbols.type_symbol(&operation.input) else { return Ok(TokenStream::new()) };
    let Some(output_symbol) = ctx.symbols.type_symbol(&operation.output) else { return Ok(TokenStream::new()) };
    let input_fields = fields(ctx, input_shape)?;
    let names = OperationNames::of(&op.id);
    let required = input_fields.iter().any(|f| f.required);
    // What the runtime's `send` takes: the builder's result, or the input
    // wrapped in `Ok` when no member is required and building cannot fail.
    let build = || {
        if required { quote!(self.inner.build()) } else { quote!(::std::result::Result::Ok(self.inner.build())) }
    };
    let paginator_path = names.paginator_path();
    let paginator_doc = pagination.map(|pagination| {
        if pagination.items.is_some() {
            " Pages through the results instead of sending one request: call `send()` on the paginator for a stream of pages, or `items().send()` for a stream of their items."
        } else {
            " Pages through the results instead of sending one request: call `send()` on the paginator for a stream of pages."
        }
    });
    // The methods other than the setters, the same for every operation but
    // for its names: formatted once per length of those names.
    let input_builder_path = input_symbol.builder_path();
    let output_path = output_symbol.path();
    let (error_path, spec_path) = (names.error_path(), names.spec_path());
    let mut paths = vec![
        names.fluent_builder.as_str(),
        input_builder_path.as_str(),
        output_path.as_str(),
        error_path.as_str(),
        spec_path.as_str(),
    ];
    if paginator_doc.is_some() {
        paths.push(&paginator_path);
    }
    let methods = |p: &[&str]| {
        let (name, input_builder, output_ty, error_ty, spec) =
            (ident(p[0]), path(p[1]), path(p[2]), path(p[3]), path(p[4]));
        let build = build();
        let into_paginator = paginator_doc.map(|doc| {
            let paginator = path(p[5]);
            quote! {
                #[doc = #doc]
                pub fn into_paginator(self) -> #paginator {
                    #paginator::new(self.runtime, self.inner)
                }
            }
        });
        quote! {
            pub(crate) fn new(runtime: ::std::sync::Arc<crate::rt::orchestrator::Runtime>) -> Self {
                #name { runtime, inner: ::std::default::Default::default() }
            }

            /// The input as set so far.
            pub fn as_input(&self) -> &#input_builder {
                &self.inner
            }

            /// Sends the request: signs it, sends it (retrying what is
            /// retryable), and returns the output or the error. Nothing is
            /// sent until the returned future is awaited.
            pub fn send(
                self,
            ) -> impl ::std::future::Future<Output = ::std::result::Result<#output_ty, crate::error::SdkError<#error_ty>>> {
                crate::rt::orchestrator::send::<#spec>(
                    self.runtime,
                    &crate::protocol_serde::SERVICE,
                    #build,
                    ::std::default::Default::default(),
                )
            }

            /// Changes this call alone before sending it: the outgoing
            /// request (`mutate_request`) or the configuration
            /// (`config_override`); see [`CustomizableOperation`](crate::customize::CustomizableOperation).
            pub fn customize(self) -> crate::customize::CustomizableOperation<Self> {
                crate::customize::CustomizableOperation::new(self)
            }

            #into_paginator
        }
    };
    let customizable = |p: &[&str]| {
        let (name, output_ty, error_ty, spec) = (ident(p[0]), path(p[2]), path(p[3]), path(p[4]));
        let build = build();
        quote! {
            impl crate::customize::CustomizableSend for #name {
                type Output = #output_ty;
                type Error = #error_ty;

                fn send_customized(
                    self,
                    customization: crate::customize::Customization,
                ) -> impl ::std::future::Future<Output = ::std::result::Result<#output_ty, crate::error::SdkError<#error_ty>>>
                       + ::std::marker::Send {
                    crate::rt::orchestrator::send::<#spec>(
                        self.runtime,
                        &crate::protocol_serde::SERVICE,
                        #build,
                        customization,
                    )
                }
            }
        }
    };
    let kind = match (required, paginator_doc.is_some(), pagination.is_some_and(|p| p.items.is_some())) {
        (false, false, _) => "fluent methods",
        (true, false, _) => "fluent methods, input required",
        (false, true, false) => "fluent methods, pages",
        (true, true, false) => "fluent methods, input required, pages",
        (false, true, true) => "fluent methods, pages of items",
        (true, true, true) => "fluent methods, input required, pages of items",
    };
    let mut items = ImplItems::default();
    items.text_or(verbatim::template(kind, Place::ImplItem, &paths, methods), || methods(&paths));
    fluent_setters(&mut items, &input_fields)?;
    let items = items.into_tokens();
    let kind = if required { "customizable send, input required" } else { "customizable send" };
    let customizable = verbatim::template(kind, Place::Top, &paths[..5], customizable)
        .map_or_else(|| customizable(&paths[..5]), |text| deferred_docs::text(text, 0));

    let name = ident(&names.fluent_builder);
    let input_builder = path(&input_builder_path);
    let doc = format!(" Builds and sends a `{}` request: set the input, then call [`send`](Self::send).", op.id.name());
    // An input holding a stream cannot be cloned.
    let clone = if input_fields.iter().any(|f| f.ty == crate::names::RustType::ByteStream) {
        quote!()
    } else {
        quote!(::std::clone::Clone,)
    };
    Ok(quote! {
        #[doc = #doc]
        #[derive(#clone ::std::fmt::Debug)]
        pub struct #name {
            runtime: ::std::sync::Arc<crate::rt::orchestrator::Runtime>,
            inner: #input_builder,
        }

        #[allow(clippy::should_implement_trait)]
        impl #name {
            #items
        }

        #customizable
    })
}

/// The fluent builder's setters for the input's members, added to `items`:
/// each of the input builder's three, delegating to it.
pub(super) fn fluent_setters(items: &mut ImplItems, fields: &[Field<'_>]) -> Result<(), GenerateError> {
    fields.iter().try_for_each(|f| fluent_member_setters(items, f))
}

fn fluent_member_setters(items: &mut ImplItems, f: &Field<'_>) -> Result<(), GenerateError> {
    let name = &f.name;
    let bare = crate::names::bare(name);
    let main_doc;
    let (docs, params, call) = match &f.ty {
        RustType::Vec(elem) => {
            main_doc = format!(" Appends an item to `{bare}`.");
            (
                vec![Doc::Line(&main_doc), Doc::Line(""), Doc::Markdown(&f.doc_markdown)],
                vec![("input: ", impl_into(type_text(elem)))],
                "input",
            )
        }
        RustType::Map(key, value) => {
            main_doc = format!(" Adds a key-value pair to `{bare}`.");
            (
                vec![Doc::Line(&main_doc), Doc::Line(""), Doc::Markdown(&f.doc_markdown)],
                vec![("k: ", impl_into(type_text(key))), ("v: ", impl_into(type_text(value)))],
                "k, v",
            )
        }
        RustType::Box(inner) => (vec![Doc::Markdown(&f.doc_markdown)], vec![("input: ", type_text(inner))], "input"),
        _ => (vec![Doc::Markdown(&f.doc_markdown)], vec![("input: ", impl_into(type_text(&f.ty)))], "input"),
    };
    let this = TypeText::atom("Self");
    items.method(&MethodSpec {
        docs: &docs,
        deprecated: deprecated(&f.member.traits),
        head: &format!("pub fn {name}"),
        params: &setter_params(&params),
        ret: Some(&this),
        body: &[format!("self.inner = self.inner.{name}({call});"), "self".to_owned()],
    })?;
    set_and_get(items, f, true)
}
