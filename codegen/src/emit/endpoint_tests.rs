//! The model's `smithy.rules#endpointTests` as Rust unit tests of the
//! endpoint module: each case resolves its `params` directly, and each of
//! its `operationInputs` builds the operation's input, binds the parameters
//! the way a request does (the configuration's built-ins, `@contextParam`,
//! `@staticContextParams`, `operationContextParams`) and must resolve the
//! same outcome.
//!
//! An operation input that cannot be written (its operation is not
//! generated, a member value the input cannot hold, a value of the wrong
//! type) becomes an ignored test whose reason names why, so that the test
//! run counts it as skipped and running it with `--ignored` fails with that
//! reason.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde_json::Value as Json;

use super::endpoint::{param_field, param_is_plain, with_default};
use super::protocol_tests::structure_literal;
use super::{Ctx, GenerateError};
use crate::names::OperationNames;
use crate::smithy::ShapeKind;
use crate::smithy::rules::{
    EndpointExpectation, EndpointRuleSet, EndpointTests, OperationInput, Parameter, ParameterType,
};

/// The `tests` module of `src/config/endpoint.rs`.
pub fn emit_endpoint_tests(
    ctx: &Ctx<'_>,
    rules: &EndpointRuleSet,
    tests: &EndpointTests,
) -> Result<TokenStream, GenerateError> {
    let shape = ctx.service.id.to_string();
    let mut cases = Vec::new();
    for (i, case) in tests.cases.iter().enumerate() {
        let number = i + 1;
        let name = format_ident!("endpoint_test_{}", number);
        let doc = case.documentation.clone().unwrap_or_else(|| format!("Endpoint test case {number}"));
        let mut fields = Vec::new();
        for p in &rules.parameters {
            let field = param_field(p);
            let value = match case.params.get(&p.name) {
                None => with_default(p, None),
                Some(given) => param_value(p, given).ok_or_else(|| GenerateError::Unsupported {
                    shape: shape.clone(),
                    problem: format!("endpoint test {number}: parameter `{}` has the wrong type: {given}", p.name),
                })?,
            };
            fields.push(quote!(#field: #value,));
        }
        let check = expectation(&case.expect);
        cases.push(quote! {
            #[doc = #doc]
            #[test]
            fn #name() {
                let params = Params { #(#fields)* };
                #check
            }
        });
        for (j, input) in case.operation_inputs.iter().enumerate() {
            let name = format_ident!("endpoint_test_{}_input_{}", number, j + 1);
            let doc = format!("{doc} (through `{}`)", input.operation_name);
            cases.push(match operation_input_test(ctx, rules, number, input) {
                Ok(body) => quote! {
                    #[doc = #doc]
                    #[test]
                    fn #name() {
                        #body
                        #check
                    }
                },
                Err(reason) => {
                    let reason = format!("skipped: {reason}");
                    quote! {
                        #[doc = #doc]
                        #[test]
                        #[ignore = #reason]
                        fn #name() {
                            ::std::panic!(#reason);
                        }
                    }
                }
            });
        }
    }
    Ok(quote! {
        /// The model's endpoint test cases.
        #[cfg(test)]
        mod tests {
            use super::*;
            #(#cases)*
        }
    })
}

/// The value of parameter `p` (wrapped in `Some` unless the field is plain)
/// for the JSON value `given`; `None` when the types differ.
fn param_value(p: &Parameter, given: &Json) -> Option<TokenStream> {
    let value = match (given, p.kind) {
        (Json::Bool(b), ParameterType::Boolean) => quote!(#b),
        (Json::String(s), ParameterType::String) => quote!(::std::string::String::from(#s)),
        (Json::Array(items), ParameterType::StringArray) => {
            let items = items.iter().map(Json::as_str).collect::<Option<Vec<&str>>>()?;
            quote!(::std::vec![#(::std::string::String::from(#items)),*])
        }
        _ => return None,
    };
    Some(if param_is_plain(p) { value } else { quote!(::std::option::Option::Some(#value)) })
}

/// What resolving `params` must give.
fn expectation(expect: &EndpointExpectation) -> TokenStream {
    match expect {
        EndpointExpectation::Endpoint { url, headers, .. } => {
            let header_checks = headers.iter().map(|(k, v)| {
                let values: Vec<&str> =
                    v.as_array().map(|a| a.iter().filter_map(Json::as_str).collect()).unwrap_or_default();
                quote! {
                    let found = endpoint.headers.iter().find(|(name, _)| name == #k).map(|(_, v)| v.clone()).unwrap_or_default();
                    assert_eq!(found, [#(#values),*], "header {}", #k);
                }
            });
            quote! {
                let endpoint = resolve_endpoint(&params).expect("the rules resolve an endpoint");
                assert_eq!(endpoint.url, #url);
                #(#header_checks)*
            }
        }
        EndpointExpectation::Error(message) => quote! {
            let error = resolve_endpoint(&params).expect_err("the rules give an error");
            assert_eq!(error.to_string(), #message);
        },
    }
}

/// Statements leaving in `params` what a call with `input` binds: the
/// configuration made from the built-ins the client configuration carries
/// (region, FIPS, dual-stack, endpoint URL), the parameters the operation
/// binds from the input, then the other built-ins and the client parameters
/// set directly, as the configuration has no setting for them. `Err` says
/// why the input cannot be written.
fn operation_input_test(
    ctx: &Ctx<'_>,
    rules: &EndpointRuleSet,
    number: usize,
    input: &OperationInput,
) -> Result<TokenStream, String> {
    let op_name = &input.operation_name;
    let op = ctx
        .operations()
        .into_iter()
        .find(|op| op.id.name() == op_name)
        .ok_or_else(|| format!("the operation `{op_name}` is not generated"))?;
    let ShapeKind::Operation(operation) = &op.kind else { return Err(format!("`{op_name}` is not an operation")) };
    let id = format!("endpoint test {number} ({op_name})");
    let literal = structure_literal(ctx, &id, &Json::Object(input.operation_params.clone()), &operation.input)
        .map_err(|e| match e {
            GenerateError::Unsupported { problem, .. } => format!("the input cannot be written: {problem}"),
            other => format!("the input cannot be written: {other}"),
        })?;

    let mut config = Vec::new();
    let mut direct = Vec::new();
    for (built_in, value) in &input.built_in_params {
        let wrong = || format!("the built-in `{built_in}` has the wrong type: {value}");
        match (built_in.as_str(), value) {
            ("AWS::Region", Json::String(s)) => config.push(quote!(.region(#s))),
            ("AWS::UseFIPS", Json::Bool(b)) => config.push(quote!(.use_fips(#b))),
            ("AWS::UseDualStack", Json::Bool(b)) => config.push(quote!(.use_dual_stack(#b))),
            ("SDK::Endpoint", Json::String(s)) => config.push(quote!(.endpoint_url(#s))),
            ("AWS::Region" | "AWS::UseFIPS" | "AWS::UseDualStack" | "SDK::Endpoint", _) => return Err(wrong()),
            _ => {
                // A built-in no parameter declares has no bearing on the endpoint.
                let Some(p) = rules.parameters.iter().find(|p| p.built_in.as_deref() == Some(built_in)) else {
                    continue;
                };
                let (field, value) = (param_field(p), param_value(p, value).ok_or_else(wrong)?);
                direct.push(quote!(params.#field = #value;));
            }
        }
    }
    for (name, value) in &input.client_params {
        let Some(p) = rules.parameters.iter().find(|p| &p.name == name) else { continue };
        let value = param_value(p, value)
            .ok_or_else(|| format!("the client parameter `{name}` has the wrong type: {value}"))?;
        let field = param_field(p);
        direct.push(quote!(params.#field = #value;));
    }
    let spec = super::tokens::path(&OperationNames::of(&op.id).spec_path());
    let mut_params = if direct.is_empty() { quote!(params) } else { quote!(mut params) };
    Ok(quote! {
        let config = crate::config::Config::builder() #(#config)* .build();
        let input = #literal;
        let #mut_params = #spec::endpoint_params(&input, &config);
        #(#direct)*
    })
}
