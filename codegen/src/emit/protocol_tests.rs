//! The model's protocol compliance tests (`smithy.test#httpRequestTests`,
//! `smithy.test#httpResponseTests`) as Rust test functions, registered in a
//! `CASES` table that a test harness runs.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};
use serde_json::Value as Json;

use super::structure::fields;
use super::tokens::{document_literal, ident, path};
use super::{Ctx, GenerateError};
use crate::names::{OperationNames, RustType, snake, variant_name};
use crate::smithy::protocol_tests::{AppliesTo, HttpRequestTestCase, HttpResponseTestCase};
use crate::smithy::{Shape, ShapeId, ShapeKind, SimpleType, UNIT};

/// The idempotency token protocol tests expect when the caller gives none.
const TEST_TOKEN: &str = "00000000-0000-4000-8000-000000000000";

/// `src/protocol_tests.rs`.
pub fn emit_protocol_tests(ctx: &Ctx<'_>) -> Result<TokenStream, GenerateError> {
    // The cases of the protocol the client speaks (`protocol_of` chooses it).
    let protocol = match super::protocol::protocol_of(ctx)?.name() {
        "awsJson1_0" => "aws.protocols#awsJson1_0",
        "awsJson1_1" => "aws.protocols#awsJson1_1",
        "restJson1" => "aws.protocols#restJson1",
        "awsQuery" => "aws.protocols#awsQuery",
        "ec2Query" => "aws.protocols#ec2Query",
        _ => "aws.protocols#restXml",
    };
    let applies = |p: &str, to: Option<AppliesTo>| p == protocol && to != Some(AppliesTo::Server);
    let mut functions = Vec::new();
    let mut entries = Vec::new();
    let ops = ctx.operations();
    for op in &ops {
        for case in op.traits.http_request_tests.iter().filter(|c| applies(&c.protocol, c.applies_to)) {
            let name = format_ident!("request_{}", snake(&case.id));
            functions.push(request_test(ctx, op, case, &name)?);
            entries.push((case.id.clone(), "request", name));
        }
        for case in op.traits.http_response_tests.iter().filter(|c| applies(&c.protocol, c.applies_to)) {
            let name = format_ident!("response_{}", snake(&case.id));
            functions.push(response_test(ctx, op, None, case, &name)?);
            entries.push((case.id.clone(), "response", name));
        }
    }
    // Error test cases sit on the error shape: run them through the first
    // operation that can return the error.
    for shape in ctx.model.shapes().filter(|s| s.traits.is_error()) {
        let cases: Vec<&HttpResponseTestCase> =
            shape.traits.http_response_tests.iter().filter(|c| applies(&c.protocol, c.applies_to)).collect();
        if cases.is_empty() {
            continue;
        }
        let Some(op) =
            ops.iter().find(|op| matches!(&op.kind, ShapeKind::Operation(o) if o.errors.contains(&shape.id)))
        else {
            continue;
        };
        for case in cases {
            let name = format_ident!("error_{}", snake(&case.id));
            functions.push(response_test(ctx, op, Some(shape), case, &name)?);
            entries.push((case.id.clone(), "response", name));
        }
    }
    let registry = entries.iter().map(|(id, kind, name)| quote!((#id, #kind, || ::std::boxed::Box::pin(#name())),));
    Ok(quote! {
        //! The model's protocol compliance test cases.
        #![allow(clippy::bool_assert_comparison, clippy::approx_constant, clippy::excessive_precision, unused_mut)]

        /// A test case: its id, `request` or `response`, and its test (which
        /// panics when the case fails). A tuple, so that harnesses can hold
        /// the cases of several generated clients in one list.
        pub type Case = (
            &'static str,
            &'static str,
            fn() -> ::std::pin::Pin<::std::boxed::Box<dyn ::std::future::Future<Output = ()> + ::std::marker::Send>>,
        );

        /// The protocol of the cases.
        pub const PROTOCOL: &str = #protocol;

        /// Every client test case of the model.
        pub const CASES: &[Case] = &[#(#registry)*];

        #(#functions)*
    })
}

fn unsupported(id: &str, problem: String) -> GenerateError {
    GenerateError::Unsupported { shape: format!("protocol test `{id}`"), problem }
}

fn request_test(
    ctx: &Ctx<'_>,
    op: &Shape,
    case: &HttpRequestTestCase,
    name: &proc_macro2::Ident,
) -> Result<TokenStream, GenerateError> {
    let ShapeKind::Operation(operation) = &op.kind else { return Ok(TokenStream::new()) };
    let input = ctx.shape(&operation.input).ok_or_else(|| unsupported(&case.id, "no input".into()))?;
    let input_fields = fields(ctx, input)?;
    let mut setters = Vec::new();
    for (key, value) in &case.params {
        let field = input_fields
            .iter()
            .find(|f| &f.member.name == key)
            .ok_or_else(|| unsupported(&case.id, format!("`{key}` is not an input member")))?;
        let set = format_ident!("set_{}", crate::names::bare(&field.name));
        let v = if value.is_null() {
            quote!(::std::option::Option::None)
        } else {
            let v = member_value(ctx, &case.id, value, &field.member.target, &field.ty)?;
            quote!(::std::option::Option::Some(#v))
        };
        setters.push(quote!(.#set(#v)));
    }
    let method = ident(OperationNames::of(&op.id).client_method.as_str());
    let endpoint = format!("https://{}", case.host.as_deref().unwrap_or("example.com"));
    // A case that names the client's region (S3's) has its endpoint resolved
    // by the rules rather than set.
    let client_config = case.vendor_params.as_ref().and_then(|v| v.pointer("/scopedConfig/client"));
    let client = match client_config.and_then(|c| c.get("region")).and_then(Json::as_str) {
        Some(region) => {
            let dual_stack = client_config
                .and_then(|c| c.pointer("/s3/use_dualstack_endpoint"))
                .and_then(Json::as_bool)
                .unwrap_or(false);
            quote!(crate::protocol_test_support::client_in_region(http, #region, #dual_stack, #TEST_TOKEN))
        }
        None => quote!(crate::protocol_test_support::client(http, #endpoint, #TEST_TOKEN)),
    };
    let expected_method = &case.method;
    let uri = &case.uri;
    let headers = case.headers.iter().map(|(k, v)| quote!((#k, #v)));
    let forbid = &case.forbid_headers;
    let require = &case.require_headers;
    let queries = &case.query_params;
    let forbid_queries = &case.forbid_query_params;
    let require_queries = &case.require_query_params;
    let body = opt_str(case.body.as_deref());
    let media = opt_str(case.body_media_type.as_deref());
    let host = opt_str(case.resolved_host.as_deref());
    let doc = case_doc(&case.id, case.documentation.as_deref());
    Ok(quote! {
        #doc
        async fn #name() {
            let (http, captured) = crate::test_util::capture_request(::std::option::Option::None);
            let client = #client;
            let _ = client.#method() #(#setters)* .send().await;
            let request = captured.expect_request();
            crate::protocol_test_support::check_request(
                &request,
                &crate::protocol_test_support::ExpectedRequest {
                    method: #expected_method,
                    uri: #uri,
                    query_params: &[#(#queries),*],
                    forbid_query_params: &[#(#forbid_queries),*],
                    require_query_params: &[#(#require_queries),*],
                    headers: &[#(#headers),*],
                    forbid_headers: &[#(#forbid),*],
                    require_headers: &[#(#require),*],
                    body: #body,
                    body_media_type: #media,
                    resolved_host: #host,
                },
            );
        }
    })
}

/// The case's documentation as doc lines, headed by its id.
fn case_doc(id: &str, documentation: Option<&str>) -> TokenStream {
    let text = match documentation.map(str::trim).filter(|d| !d.is_empty()) {
        Some(d) => format!("`{id}`: {}", super::html_to_markdown(d)),
        None => format!("`{id}`."),
    };
    super::tokens::doc_lines(&text)
}

fn opt_str(s: Option<&str>) -> TokenStream {
    match s {
        Some(s) => quote!(::std::option::Option::Some(#s)),
        None => quote!(::std::option::Option::None),
    }
}

fn response_test(
    ctx: &Ctx<'_>,
    op: &Shape,
    error: Option<&Shape>,
    case: &HttpResponseTestCase,
    name: &proc_macro2::Ident,
) -> Result<TokenStream, GenerateError> {
    let ShapeKind::Operation(operation) = &op.kind else { return Ok(TokenStream::new()) };
    let names = OperationNames::of(&op.id);
    let spec = path(&names.spec_path());
    let code = case.code;
    let headers =
        case.headers.iter().map(|(k, v)| quote!((::std::string::String::from(#k), ::std::string::String::from(#v))));
    let body = case.body.clone().unwrap_or_default();
    let doc = case_doc(&case.id, case.documentation.as_deref());
    let params = Json::Object(case.params.clone());
    let read = quote! {
        let response = crate::http::HttpResponse::new(#code, ::std::vec![#(#headers),*], #body.as_bytes().to_vec());
        let result = crate::rt::orchestrator::read_response::<#spec>(response);
    };
    let check = match error {
        None => {
            let expected = structure_literal(ctx, &case.id, &params, &operation.output)?;
            let output_shape = ctx.shape(&operation.output).ok_or_else(|| unsupported(&case.id, "no output".into()))?;
            let streams: Vec<proc_macro2::Ident> = fields(ctx, output_shape)?
                .iter()
                .filter(|f| f.ty == RustType::ByteStream)
                .map(|f| ident(&f.name))
                .collect();
            // Streams are compared by their bytes, the rest by value.
            let compare = if streams.is_empty() {
                quote!(crate::protocol_test_support::assert_same(&actual, &expected);)
            } else {
                quote! {
                    #(
                        let sent = ::std::mem::take(&mut actual.#streams).collect().await.expect("the stream is readable").into_bytes();
                        let wanted = ::std::mem::take(&mut expected.#streams).collect().await.expect("the stream is readable").into_bytes();
                        ::std::assert_eq!(::std::string::String::from_utf8_lossy(&sent), ::std::string::String::from_utf8_lossy(&wanted), "streamed payload");
                    )*
                    ::std::assert_eq!(::std::format!("{actual:?}"), ::std::format!("{expected:?}"), "the parsed value differs");
                }
            };
            quote! {
                let mut actual = match result {
                    ::std::result::Result::Ok(output) => output,
                    ::std::result::Result::Err(failed) => ::std::panic!("expected the output, got {:?}", failed.error),
                };
                let mut expected = #expected;
                #compare
            }
        }
        Some(error) => {
            let symbol =
                ctx.symbols.type_symbol(&error.id).ok_or_else(|| unsupported(&case.id, "unnamed error".into()))?;
            let variant = ident(&variant_name(&symbol.name));
            let error_enum = path(&names.error_path());
            let expected = structure_literal(ctx, &case.id, &params, &error.id)?;
            quote! {
                let failed = match result {
                    ::std::result::Result::Ok(_) => ::std::panic!("expected an error, got the output"),
                    ::std::result::Result::Err(failed) => failed,
                };
                let crate::error::SdkError::ServiceError(service_error) = failed.error else {
                    ::std::panic!("expected a service error, got {:?}", failed.error);
                };
                match service_error.into_err() {
                    #error_enum::#variant(actual) => {
                        let mut expected = #expected;
                        expected.meta = ::std::clone::Clone::clone(&actual.meta);
                        crate::protocol_test_support::assert_same(&actual, &expected);
                    }
                    #[allow(unreachable_patterns)]
                    other => ::std::panic!("expected {}, got {:?}", ::std::stringify!(#variant), other),
                }
            }
        }
    };
    Ok(quote! {
        #doc
        async fn #name() {
            #read
            #check
        }
    })
}

/// A struct literal of `shape` with the given members set; the others as a
/// response would leave them (absent, default, or error-corrected zero).
pub(super) fn structure_literal(
    ctx: &Ctx<'_>,
    id: &str,
    value: &Json,
    shape_id: &ShapeId,
) -> Result<TokenStream, GenerateError> {
    let shape = ctx.shape(shape_id).ok_or_else(|| unsupported(id, format!("unknown shape {shape_id}")))?;
    let symbol =
        ctx.symbols.type_symbol(shape_id).ok_or_else(|| unsupported(id, format!("unnamed shape {shape_id}")))?;
    let ty = path(&symbol.path());
    let obj = value.as_object().ok_or_else(|| unsupported(id, format!("{shape_id} needs an object, got {value}")))?;
    for key in obj.keys() {
        if !shape.kind.members().iter().any(|m| &m.name == key) {
            return Err(unsupported(id, format!("`{key}` is not a member of {shape_id}")));
        }
    }
    let mut inits = Vec::new();
    for f in fields(ctx, shape)? {
        let name = ident(&f.name);
        let given = obj.get(&f.member.name).filter(|v| !v.is_null());
        let v = match (given, f.optional) {
            (Some(v), true) => {
                let v = member_value(ctx, id, v, &f.member.target, &f.ty)?;
                quote!(::std::option::Option::Some(#v))
            }
            (Some(v), false) => member_value(ctx, id, v, &f.member.target, &f.ty)?,
            (None, true) => quote!(::std::option::Option::None),
            (None, false) => match &f.default {
                Some(default) => default.value.clone(),
                None => zero(ctx, id, &f.member.target, &f.ty)?,
            },
        };
        inits.push(quote!(#name: #v,));
    }
    if shape.traits.is_error() {
        inits.push(quote!(meta: ::std::default::Default::default(),));
    }
    Ok(quote!(#ty { #(#inits)* }))
}

/// The value a response reader gives a required member that is absent.
fn zero(ctx: &Ctx<'_>, id: &str, target: &ShapeId, ty: &RustType) -> Result<TokenStream, GenerateError> {
    Ok(match ty {
        RustType::Box(inner) => {
            let inner = zero(ctx, id, target, inner)?;
            quote!(::std::boxed::Box::new(#inner))
        }
        RustType::Named(p) => {
            let p = path(p);
            match ctx.shape(target).map(|s| &s.kind) {
                Some(ShapeKind::Enum(_)) => quote!(<#p>::from("")),
                Some(ShapeKind::Union(_)) => quote!(<#p>::Unknown),
                _ => structure_literal(ctx, id, &Json::Object(serde_json::Map::new()), target)?,
            }
        }
        RustType::DateTime => quote!(crate::primitives::DateTime::from_secs(0)),
        RustType::Document => quote!(crate::primitives::Document::Null),
        _ => quote!(::std::default::Default::default()),
    })
}

/// A Rust value of type `ty` (the member's type) for test parameter `v`.
fn member_value(
    ctx: &Ctx<'_>,
    id: &str,
    v: &Json,
    target: &ShapeId,
    ty: &RustType,
) -> Result<TokenStream, GenerateError> {
    if let RustType::Box(inner) = ty {
        let inner = member_value(ctx, id, v, target, inner)?;
        return Ok(quote!(::std::boxed::Box::new(#inner)));
    }
    let shape = ctx.shape(target).ok_or_else(|| unsupported(id, format!("unknown shape {target}")))?;
    let mismatch = || unsupported(id, format!("value {v} does not fit {target}"));
    Ok(match (&shape.kind, v) {
        (ShapeKind::Simple(SimpleType::String), Json::String(s)) => quote!(::std::string::String::from(#s)),
        (ShapeKind::Simple(SimpleType::Boolean), Json::Bool(b)) => quote!(#b),
        (
            ShapeKind::Simple(SimpleType::Byte | SimpleType::Short | SimpleType::Integer | SimpleType::Long),
            Json::Number(n),
        )
        | (ShapeKind::IntEnum(_), Json::Number(n)) => {
            let lit = Literal::i64_unsuffixed(n.as_i64().ok_or_else(mismatch)?);
            quote!(#lit)
        }
        (ShapeKind::Simple(kind @ (SimpleType::Float | SimpleType::Double)), v) => {
            let float = if *kind == SimpleType::Float { quote!(f32) } else { quote!(f64) };
            match v {
                Json::Number(n) => {
                    let lit = Literal::f64_unsuffixed(n.as_f64().ok_or_else(mismatch)?);
                    quote!(#lit)
                }
                Json::String(s) if s == "NaN" => quote!(#float::NAN),
                Json::String(s) if s == "Infinity" => quote!(#float::INFINITY),
                Json::String(s) if s == "-Infinity" => quote!(#float::NEG_INFINITY),
                _ => return Err(mismatch()),
            }
        }
        (
            ShapeKind::Simple(SimpleType::BigInteger | SimpleType::BigDecimal),
            v @ (Json::Number(_) | Json::String(_)),
        ) => {
            let text = match v {
                Json::String(s) => s.clone(),
                other => other.to_string(),
            };
            let t = super::tokens::rust_type(ty);
            quote!(<#t as ::std::str::FromStr>::from_str(#text).expect("a valid number"))
        }
        (ShapeKind::Simple(SimpleType::Timestamp), Json::Number(n)) => {
            // Split the decimal text so the expected value is exact.
            let text = n.to_string();
            let (negative, magnitude) = match text.strip_prefix('-') {
                Some(m) => (true, m),
                None => (false, text.as_str()),
            };
            let (whole, fraction) = magnitude.split_once('.').unwrap_or((magnitude, ""));
            let whole: i64 = whole.parse().map_err(|_| mismatch())?;
            let digits: String = fraction.chars().chain(std::iter::repeat('0')).take(9).collect();
            let nanos: u32 = digits.parse().map_err(|_| mismatch())?;
            let (secs, nanos) = match (negative, nanos) {
                (false, n) => (whole, n),
                (true, 0) => (-whole, 0),
                (true, n) => (-whole - 1, 1_000_000_000 - n),
            };
            quote!(crate::primitives::DateTime::from_secs_and_nanos(#secs, #nanos))
        }
        (ShapeKind::Simple(SimpleType::Blob), Json::String(s)) if *ty == RustType::ByteStream => {
            quote!(crate::primitives::ByteStream::from(#s.as_bytes().to_vec()))
        }
        (ShapeKind::Simple(SimpleType::Blob), Json::String(s)) => {
            quote!(crate::primitives::Blob::new(#s.as_bytes().to_vec()))
        }
        (ShapeKind::Simple(SimpleType::Document), v) => document_literal(v),
        (ShapeKind::Enum(_), Json::String(s)) => {
            let p = named(ty).ok_or_else(mismatch)?;
            quote!(<#p>::from(#s))
        }
        (ShapeKind::List(m), Json::Array(items)) => {
            let RustType::Vec(elem) = ty else { return Err(mismatch()) };
            let items =
                items.iter().map(|item| element(ctx, id, item, &m.target, elem)).collect::<Result<Vec<_>, _>>()?;
            quote!(::std::vec![#(#items),*])
        }
        (ShapeKind::Map { value, .. }, Json::Object(entries)) => {
            let RustType::Map(key, elem) = ty else { return Err(mismatch()) };
            let key = super::tokens::rust_type(key);
            let entries = entries
                .iter()
                .map(|(k, item)| {
                    let v = element(ctx, id, item, &value.target, elem)?;
                    Ok(quote!((<#key as ::std::convert::From<&str>>::from(#k), #v)))
                })
                .collect::<Result<Vec<_>, GenerateError>>()?;
            quote!([#(#entries),*].into_iter().collect::<::std::collections::HashMap<_, _>>())
        }
        (ShapeKind::Structure(_), Json::Object(_)) => structure_literal(ctx, id, v, target)?,
        (ShapeKind::Union(members), Json::Object(entries)) => {
            let (key, value) = entries.iter().find(|(_, v)| !v.is_null()).ok_or_else(mismatch)?;
            let m = members.iter().find(|m| &m.name == key).ok_or_else(mismatch)?;
            let p = named(ty).ok_or_else(mismatch)?;
            let variant = ident(&variant_name(&m.name));
            if m.target.to_string() == UNIT {
                quote!(#p::#variant)
            } else {
                let field_ty = fields(ctx, shape)?
                    .into_iter()
                    .find(|f| f.member.name == m.name)
                    .map(|f| f.ty)
                    .ok_or_else(mismatch)?;
                let inner = member_value(ctx, id, value, &m.target, &field_ty)?;
                quote!(#p::#variant(#inner))
            }
        }
        _ => return Err(mismatch()),
    })
}

/// A list element or map value: sparse collections hold `Option`s.
fn element(ctx: &Ctx<'_>, id: &str, v: &Json, target: &ShapeId, ty: &RustType) -> Result<TokenStream, GenerateError> {
    match ty {
        RustType::Option(inner) if v.is_null() => {
            let _ = inner;
            Ok(quote!(::std::option::Option::None))
        }
        RustType::Option(inner) => {
            let v = member_value(ctx, id, v, target, inner)?;
            Ok(quote!(::std::option::Option::Some(#v)))
        }
        _ => member_value(ctx, id, v, target, ty),
    }
}

fn named(ty: &RustType) -> Option<TokenStream> {
    match ty {
        RustType::Named(p) => Some(path(p)),
        _ => None,
    }
}
