//! Each operation's wiring into the runtime orchestrator
//! (`src/protocol_serde/op_<op>.rs`): idempotency tokens, endpoint
//! parameters, host prefix, retry classification and compression, shared by
//! every protocol; request and response handling from the [`Protocol`].

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::jmespath::Analysis;
use super::plan::{AuthPlan, OperationPlan, ParamSource, RetryKind};
use super::protocol::Protocol;
use super::tokens::{ident, path};
use super::{Ctx, GenerateError};
use crate::smithy::ShapeKind;
use crate::smithy::rules::ParameterType;
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
    let context_params = context_params(ctx, plan)?;
    let endpoint_params = if context_params.is_empty() {
        quote!(crate::config::endpoint::Params::from_config(config))
    } else {
        quote! {
            let mut params = crate::config::endpoint::Params::from_config(config);
            #context_params
            params
        }
    };
    let account_id = account_id_endpoint(ctx);
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

        impl Spec {
            /// The endpoint parameters of a call with `input`: the
            /// configuration's, then those the operation binds.
            #[allow(unused_variables)]
            pub(crate) fn endpoint_params(
                input: &#input_ty,
                config: &crate::config::Config,
            ) -> crate::config::endpoint::Params {
                #endpoint_params
            }
        }

        impl crate::rt::orchestrator::OperationSpec for Spec {
            type Input = #input_ty;
            type Output = #output_ty;
            type Error = #error_ty;

            const NAME: &'static str = #name;

            #auth

            #fill_tokens

            fn resolve_endpoint(
                input: &Self::Input,
                config: &crate::config::Config,
            ) -> ::std::result::Result<::std::string::String, crate::error::BoxError> {
                crate::config::endpoint::resolve_endpoint(&Spec::endpoint_params(input, config))
                    .map(|e| e.url)
                    .map_err(::std::convert::Into::into)
            }

            #account_id

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

/// Statements setting the endpoint parameters the operation binds.
fn context_params(ctx: &Ctx<'_>, plan: &OperationPlan<'_>) -> Result<TokenStream, GenerateError> {
    let mut stmts = TokenStream::new();
    let mut expressions = Vec::new();
    for p in &plan.context_params {
        let field = ident(&p.param_field);
        let set = |value: TokenStream| {
            if p.plain {
                quote!(params.#field = #value;)
            } else {
                quote!(params.#field = ::std::option::Option::Some(#value);)
            }
        };
        stmts.extend(match &p.source {
            ParamSource::StringMember(m) => {
                let (m, set) = (ident(m), set(quote!(v)));
                quote!(if let ::std::option::Option::Some(v) = input.#m.clone() { #set })
            }
            ParamSource::BoolMember(m) => {
                let (m, set) = (ident(m), set(quote!(v)));
                quote!(if let ::std::option::Option::Some(v) = input.#m { #set })
            }
            ParamSource::Static(StaticParam::Bool(b)) => set(quote!(#b)),
            ParamSource::Static(StaticParam::String(s)) => set(quote!(::std::string::String::from(#s))),
            ParamSource::Static(StaticParam::StringArray(items)) => {
                set(quote!(::std::vec![#(::std::string::String::from(#items)),*]))
            }
            ParamSource::Expression(text) => {
                let take = match p.kind {
                    ParameterType::String => quote!(into_string()),
                    ParameterType::Boolean => quote!(as_bool()),
                    ParameterType::StringArray => quote!(into_string_array()),
                };
                let set = set(quote!(v));
                expressions.push((text, quote! {
                    if let ::std::option::Option::Some(v) = crate::rt::jmespath::search_text(#text, &view).#take { #set }
                }));
                TokenStream::new()
            }
        });
    }
    if !expressions.is_empty() {
        stmts.extend(operation_context_params(ctx, plan, &expressions)?);
    }
    Ok(stmts)
}

/// For services whose endpoint rules take the caller's account id (the
/// `AWS::Auth::AccountId` built-in, DynamoDB's account-based endpoints):
/// the resolution that binds it from the call's credentials.
fn account_id_endpoint(ctx: &Ctx<'_>) -> TokenStream {
    let Some(rules) = &ctx.service.traits.endpoint_rule_set else { return quote!() };
    let Some(param) = rules.parameters.iter().find(|p| p.built_in.as_deref() == Some("AWS::Auth::AccountId")) else {
        return quote!();
    };
    // Its type is checked with every built-in's, where `Params` is emitted.
    bind_account_id(param)
}

/// The resolution with `param` (the `AWS::Auth::AccountId` built-in) set
/// from the credentials' account id, its default applied when they have
/// none: a plain field when the parameter is required with a default, else
/// an `Option`, as `Params` declares it.
fn bind_account_id(param: &crate::smithy::rules::Parameter) -> TokenStream {
    let field = super::endpoint::param_field(param);
    let value = super::endpoint::with_default(param, Some(quote!(account_id.map(::std::borrow::ToOwned::to_owned))));
    quote! {
        fn resolve_endpoint_with_account_id(
            input: &Self::Input,
            config: &crate::config::Config,
            account_id: ::std::option::Option<&str>,
        ) -> ::std::result::Result<::std::string::String, crate::error::BoxError> {
            let mut params = Spec::endpoint_params(input, config);
            params.#field = #value;
            crate::config::endpoint::resolve_endpoint(&params)
                .map(|e| e.url)
                .map_err(::std::convert::Into::into)
        }
    }
}

/// `smithy.rules#operationContextParams`: each expression checked against
/// the input's shapes, and evaluated at run time over one view of the
/// members they read.
fn operation_context_params(
    ctx: &Ctx<'_>,
    plan: &OperationPlan<'_>,
    expressions: &[(&String, TokenStream)],
) -> Result<TokenStream, GenerateError> {
    let op = plan.shape;
    let unsupported = |problem: String| GenerateError::Unsupported { shape: op.id.to_string(), problem };
    let ShapeKind::Operation(operation) = &op.kind else { return Err(unsupported("not an operation".into())) };
    let mut analysis = Analysis::new(ctx, vec![operation.input.clone()]);
    for (text, _) in expressions {
        analysis.check(text, Some(0)).map_err(|e| {
            unsupported(format!("operationContextParams: the expression `{text}` cannot be evaluated: {e}"))
        })?;
    }
    let view = analysis
        .view(0, quote!(input))
        .map_err(|e| unsupported(format!("operationContextParams: the view of the input: {e}")))?;
    let sets = expressions.iter().map(|(_, set)| set);
    Ok(quote! {
        {
            use crate::rt::jmespath::Value;
            let view: Value = #view;
            #(#sets)*
        }
    })
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::smithy::rules::Parameter;

    fn account_id_param(required: bool, default: Option<&str>) -> Parameter {
        Parameter {
            name: "AccountId".to_owned(),
            kind: ParameterType::String,
            built_in: Some("AWS::Auth::AccountId".to_owned()),
            required,
            default: default.map(|d| serde_json::Value::String(d.to_owned())),
            documentation: None,
        }
    }

    /// The assignment to the `Params` field, as text.
    fn assignment(param: &Parameter) -> String {
        let text = bind_account_id(param).to_string();
        let start = text.find("params . account_id =").expect("the field is assigned");
        let end = start + text[start..].find(';').expect("a statement");
        text[start..end].trim_end().to_owned()
    }

    #[test]
    fn the_account_id_is_bound_as_the_params_field_is_declared() {
        // Optional (DynamoDB's): the field is an `Option`.
        let optional = account_id_param(false, None);
        assert!(!super::super::endpoint::param_is_plain(&optional));
        assert_eq!(
            assignment(&optional),
            "params . account_id = account_id . map (:: std :: borrow :: ToOwned :: to_owned)"
        );
        // Required with a default: a plain `String`, the default when the
        // credentials carry no account id.
        let plain = account_id_param(true, Some("none"));
        assert!(super::super::endpoint::param_is_plain(&plain));
        assert_eq!(
            assignment(&plain),
            "params . account_id = account_id . map (:: std :: borrow :: ToOwned :: to_owned) \
             . unwrap_or_else (|| :: std :: string :: String :: from (\"none\"))"
        );
        // Optional with a default: still an `Option`, the default filled in.
        let defaulted = account_id_param(false, Some("none"));
        assert!(assignment(&defaulted).ends_with(
            ". or_else (|| :: std :: option :: Option :: Some (:: std :: string :: String :: from (\"none\")))"
        ));
    }
}
