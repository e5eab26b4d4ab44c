//! Each operation's wiring into the runtime orchestrator
//! (`src/protocol_serde/op_<op>.rs`): idempotency tokens, endpoint
//! parameters, host prefix, retry classification and compression, shared by
//! every protocol; request and response handling from the [`Protocol`].

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::plan::{AuthPlan, OperationPlan, ParamSource, RetryKind};
use super::protocol::Protocol;
use super::tokens::{ident, path};
use super::{Ctx, GenerateError};
use crate::smithy::traits::StaticParam;

/// The operation's `OperationSpec` implementation.
pub fn emit_operation_spec(
    ctx: &Ctx<'_>,
    protocol: &dyn Protocol,
    plan: &OperationPlan<'_>,
) -> Result<TokenStream, GenerateError> {
    let input_ty = path(&plan.input.path());
    let output_ty = path(&plan.output.path());
    let error_ty = path(&plan.names.error_path());
    let name = plan.shape.id.name();
    let fill_tokens = idempotency_tokens(plan);
    let context_params = context_params(plan);
    let host_prefix = host_prefix(plan)?;
    let retry_kind = retry_kind(plan);
    let compress = if plan.compression {
        quote! {
            fn compress_body(
                body: ::std::vec::Vec<u8>,
                config: &crate::config::Config,
            ) -> ::std::result::Result<(::std::vec::Vec<u8>, ::std::option::Option<&'static str>), crate::error::BoxError> {
                crate::rt::compression::gzip_if_large(body, config)
            }
        }
    } else {
        quote!()
    };
    let protocol_items = protocol.operation_items(ctx, plan)?;
    let auth = match plan.auth {
        AuthPlan::SigV4 => quote!(),
        AuthPlan::Optional => quote!(
            const AUTH: crate::rt::orchestrator::Auth = crate::rt::orchestrator::Auth::Optional;
        ),
        AuthPlan::None => quote!(
            const AUTH: crate::rt::orchestrator::Auth = crate::rt::orchestrator::Auth::None;
        ),
    };
    Ok(quote! {
        //! The wiring of one operation into the orchestrator.

        /// The operation, as the orchestrator runs it.
        pub(crate) struct Spec;

        impl crate::rt::orchestrator::OperationSpec for Spec {
            type Input = #input_ty;
            type Output = #output_ty;
            type Error = #error_ty;

            const NAME: &'static str = #name;

            #auth

            #fill_tokens

            #[allow(unused_mut, unused_variables)]
            fn resolve_endpoint(
                input: &Self::Input,
                config: &crate::config::Config,
            ) -> ::std::result::Result<::std::string::String, crate::error::BoxError> {
                let mut params = crate::config::endpoint::Params::from_config(config);
                #context_params
                crate::config::endpoint::resolve_endpoint(&params).map(|e| e.url).map_err(::std::convert::Into::into)
            }

            #host_prefix

            #protocol_items

            #retry_kind

            #compress
        }
    })
}

fn idempotency_tokens(plan: &OperationPlan<'_>) -> TokenStream {
    if plan.idempotency_fields.is_empty() {
        return quote!();
    }
    let fills = plan.idempotency_fields.iter().map(|f| {
        let field = ident(f);
        quote! {
            if input.#field.is_none() {
                input.#field = ::std::option::Option::Some(provider.make_token()?);
            }
        }
    });
    quote! {
        fn fill_idempotency_tokens(
            input: &mut Self::Input,
            provider: &crate::config::IdempotencyTokenProvider,
        ) -> ::std::result::Result<(), crate::error::BoxError> {
            #(#fills)*
            ::std::result::Result::Ok(())
        }
    }
}

fn context_params(plan: &OperationPlan<'_>) -> TokenStream {
    plan.context_params
        .iter()
        .map(|p| {
            let field = ident(&p.param_field);
            let value = match &p.source {
                ParamSource::StringMember(m) => {
                    let m = ident(m);
                    quote!(input.#m.clone())
                }
                ParamSource::BoolMember(m) => {
                    let m = ident(m);
                    quote!(input.#m)
                }
                ParamSource::Static(value) => {
                    let value = match value {
                        StaticParam::Bool(b) => quote!(#b),
                        StaticParam::String(s) => quote!(::std::string::String::from(#s)),
                        StaticParam::StringArray(_) => return quote!(),
                    };
                    return if p.plain {
                        quote!(params.#field = #value;)
                    } else {
                        quote!(params.#field = ::std::option::Option::Some(#value);)
                    };
                }
            };
            if p.plain {
                quote!(if let ::std::option::Option::Some(v) = #value { params.#field = v; })
            } else {
                quote!(if let ::std::option::Option::Some(v) = #value { params.#field = ::std::option::Option::Some(v); })
            }
        })
        .collect()
}

fn retry_kind(plan: &OperationPlan<'_>) -> TokenStream {
    let error_ty = path(&plan.names.error_path());
    let arms: Vec<TokenStream> = plan
        .errors
        .iter()
        .filter_map(|e| {
            let variant = ident(&e.variant);
            let kind = match e.retry? {
                RetryKind::Throttling => quote!(crate::rt::retry::ErrorKind::Throttling),
                RetryKind::Transient => quote!(crate::rt::retry::ErrorKind::Transient),
            };
            Some(quote!(#error_ty::#variant(_) => ::std::option::Option::Some(#kind),))
        })
        .collect();
    if arms.is_empty() {
        return quote!();
    }
    quote! {
        fn retry_kind(error: &Self::Error) -> ::std::option::Option<crate::rt::retry::ErrorKind> {
            #[allow(unreachable_patterns)]
            match error {
                #(#arms)*
                _ => ::std::option::Option::None,
            }
        }
    }
}

/// `smithy.api#endpoint`: the host prefix, with `{label}`s filled from
/// `@hostLabel` input members.
fn host_prefix(plan: &OperationPlan<'_>) -> Result<TokenStream, GenerateError> {
    let op = plan.shape;
    let Some(template) = &op.traits.host_prefix else { return Ok(TokenStream::new()) };
    let mut fmt = String::new();
    let mut stmts = Vec::new();
    let mut rest = template.as_str();
    while let Some(start) = rest.find('{') {
        fmt.push_str(&rest[..start].replace('}', "}}"));
        let end = rest[start..].find('}').map(|e| start + e).ok_or_else(|| GenerateError::Unsupported {
            shape: op.id.to_string(),
            problem: format!("unclosed label in host prefix `{template}`"),
        })?;
        let label = &rest[start + 1..end];
        let field =
            plan.input_fields.iter().find(|f| f.member.name == label).ok_or_else(|| GenerateError::Unsupported {
                shape: op.id.to_string(),
                problem: format!("host prefix label `{label}` is not an input member"),
            })?;
        let member = ident(&field.name);
        let var = format_ident!("label_{}", stmts.len());
        let missing = format!("the host label `{label}` must be set to a valid host label (letters, digits, `-`)");
        stmts.push(quote! {
            let #var = input.#member.as_deref().filter(|v| crate::rt::endpoint_lib::is_valid_host_label(v, false)).ok_or(#missing)?;
        });
        fmt.push_str("{}");
        rest = &rest[end + 1..];
    }
    fmt.push_str(&rest.replace('{', "{{").replace('}', "}}"));
    if stmts.is_empty() {
        let prefix = template.as_str();
        return Ok(quote! {
            fn host_prefix(_input: &Self::Input) -> ::std::result::Result<::std::option::Option<::std::string::String>, crate::error::BoxError> {
                ::std::result::Result::Ok(::std::option::Option::Some(::std::string::String::from(#prefix)))
            }
        });
    }
    let vars = (0..stmts.len()).map(|i| format_ident!("label_{}", i));
    Ok(quote! {
        fn host_prefix(input: &Self::Input) -> ::std::result::Result<::std::option::Option<::std::string::String>, crate::error::BoxError> {
            #(#stmts)*
            ::std::result::Result::Ok(::std::option::Option::Some(::std::format!(#fmt, #(#vars),*)))
        }
    })
}
