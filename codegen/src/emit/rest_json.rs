//! The restJson1 protocol: the HTTP bindings (`http_binding`) with JSON
//! bodies. Body members are JSON objects keyed by `@jsonName`; payload
//! members are the whole body.

use proc_macro2::TokenStream;
use quote::quote;

use super::aws_json::{JsonNames, emit_shape_serde};
use super::http_binding::{
    Binding, Direction, Location, PathPart, PayloadKind, RequestBindings, Scalar, bindings, element_scalar, from_text,
    has_event_stream, is_bound, payload_kind, to_text,
};
use super::plan::OperationPlan;
use super::protocol::{Protocol, SerdeNeeds};
use super::tokens::{ident, path, rust_type};
use super::{Ctx, GenerateError};
use crate::names::{RustType, TypeSymbol};
use crate::smithy::traits::TimestampFormat;
use crate::smithy::{Shape, ShapeKind};

/// `aws.protocols#restJson1`.
#[derive(Debug, Clone, Copy)]
pub struct RestJson;

/// The document format of a REST protocol's bodies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum BodyFormat {
    /// restJson1.
    Json,
    /// restXml.
    Xml,
}

/// Service customisations the official SDKs apply on top of the protocol.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Customization {
    None,
    /// Amazon API Gateway: `Accept: application/json` on every request.
    ApiGateway,
    /// Amazon Glacier: the API version header, `-` for an unset account id,
    /// and the tree-hash checksums of uploads.
    Glacier,
    /// Amazon S3: the bucket goes where the endpoint rules put it (host or
    /// path), not in the operation's path; every request says its payload's
    /// hash in `x-amz-content-sha256`.
    S3,
}

fn customization(ctx: &Ctx<'_>) -> Customization {
    match ctx.service.traits.aws_service.as_ref().map(|s| s.sdk_id.as_str()) {
        Some("API Gateway") => Customization::ApiGateway,
        Some("Glacier") => Customization::Glacier,
        Some("S3") => Customization::S3,
        _ => Customization::None,
    }
}

impl Protocol for RestJson {
    fn name(&self) -> &'static str {
        "restJson1"
    }

    fn shape_serde(
        &self,
        ctx: &Ctx<'_>,
        shape: &Shape,
        symbol: &TypeSymbol,
        needs: SerdeNeeds,
    ) -> Result<TokenStream, GenerateError> {
        let (input, output) = top_level(ctx, shape);
        let mut out = emit_shape_serde(
            ctx,
            shape,
            symbol,
            needs,
            JsonNames::JsonName,
            |m| input && is_bound(m, Direction::Request),
            |m| output && is_bound(m, Direction::Response),
        )?;
        if shape.traits.is_error() && needs.deserialize {
            out.extend(error_bindings(ctx, shape, symbol)?);
        }
        Ok(out)
    }

    fn operation_items(&self, ctx: &Ctx<'_>, plan: &OperationPlan<'_>) -> Result<TokenStream, GenerateError> {
        rest_operation_items(ctx, plan, BodyFormat::Json)
    }
}

/// The operation items of a REST protocol with bodies in `format`.
pub(super) fn rest_operation_items(
    ctx: &Ctx<'_>,
    plan: &OperationPlan<'_>,
    format: BodyFormat,
) -> Result<TokenStream, GenerateError> {
    {
        let ShapeKind::Operation(operation) = &plan.shape.kind else {
            return Err(GenerateError::Unsupported {
                shape: plan.shape.id.to_string(),
                problem: "not an operation".into(),
            });
        };
        let input = ctx.shape(&operation.input).ok_or_else(|| missing(plan, "input"))?;
        let output = ctx.shape(&operation.output).ok_or_else(|| missing(plan, "output"))?;
        let request = request_fn(ctx, plan, input, format)?;
        let (parse_output, streaming) = parse_output_fn(ctx, plan, output, format)?;
        let parse_error = parse_error_fn(ctx, plan, format)?;
        let streaming = if streaming {
            quote!(
                const STREAMING_OUTPUT: bool = true;
            )
        } else {
            quote!()
        };
        // S3 documents these as answering 200 with an error document.
        let s3_error_in_200 = customization(ctx) == Customization::S3
            && matches!(plan.shape.id.name(), "CopyObject" | "UploadPartCopy" | "CompleteMultipartUpload");
        let error_in_200 = if s3_error_in_200 {
            quote! {
                fn is_error_response(response: &crate::http::HttpResponse) -> bool {
                    crate::rt::xml_error::is_error_document(response.body())
                }
            }
        } else {
            quote!()
        };
        Ok(quote! {
            #streaming
            #error_in_200
            #request
            #parse_output
            #parse_error
        })
    }
}

fn missing(plan: &OperationPlan<'_>, what: &str) -> GenerateError {
    GenerateError::Unsupported {
        shape: plan.shape.id.to_string(),
        problem: format!("the operation's {what} is missing"),
    }
}

/// Whether `shape` is an operation input, and whether it is an output or an
/// error: only there do HTTP bindings apply.
pub(super) fn top_level(ctx: &Ctx<'_>, shape: &Shape) -> (bool, bool) {
    let (mut input, mut output) = (false, shape.traits.is_error());
    for op in ctx.operations() {
        if let ShapeKind::Operation(o) = &op.kind {
            input |= o.input == shape.id;
            output |= o.output == shape.id;
        }
    }
    (input, output)
}

/// A field's value as `v` (a reference to the value type) in `body`, skipped
/// when an optional field is unset.
fn with_value(object: &TokenStream, b: &Binding<'_>, body: TokenStream) -> TokenStream {
    let name = ident(&b.field.name);
    if b.field.optional {
        quote!(if let ::std::option::Option::Some(v) = &#object.#name { #body })
    } else {
        quote!({ let v = &#object.#name; #body })
    }
}

/// The element type of a list type (sparse lists' `Option` kept).
fn element_type(ty: &RustType) -> &RustType {
    match ty {
        RustType::Vec(inner) => inner,
        other => other,
    }
}

fn request_fn(
    ctx: &Ctx<'_>,
    plan: &OperationPlan<'_>,
    input: &Shape,
    format: BodyFormat,
) -> Result<TokenStream, GenerateError> {
    let op_name = plan.shape.id.name();
    let object = quote!(input);
    if has_event_stream(ctx, input) || output_has_event_stream(ctx, plan) {
        let message = format!(
            "{op_name} sends or receives an event stream, which this client does not support yet; no request was sent"
        );
        return Ok(quote! {
            fn request(_input: &mut Self::Input) -> ::std::result::Result<crate::rt::orchestrator::RequestParts, crate::rt::json::SerializeError> {
                ::std::result::Result::Err(crate::rt::json::SerializeError(::std::string::String::from(#message)))
            }
        });
    }
    let custom = customization(ctx);
    let bindings = RequestBindings::of(ctx, plan.shape, input, custom == Customization::S3)?;
    let method = &bindings.method;

    // The path.
    let mut path_stmts = Vec::new();
    for part in &bindings.path {
        match part {
            PathPart::Literal(text) => path_stmts.push(match text.chars().collect::<Vec<_>>().as_slice() {
                [c] => quote!(uri.push(#c);),
                _ => quote!(uri.push_str(#text);),
            }),
            PathPart::Label { name, greedy } => {
                let b = bindings.members.iter().find(|b| b.member_name() == name).ok_or_else(|| missing(plan, name))?;
                let Some(kind) = super::http_binding::scalar(ctx, b.field.member, b.target, TimestampFormat::DateTime)
                else {
                    return Err(missing(plan, name));
                };
                let text = str_arg(kind, to_text(kind, quote!(v), false));
                let field = ident(&b.field.name);
                let unset = format!("the HTTP label `{name}` of {op_name} must be set");
                let push = if *greedy && custom == Customization::S3 {
                    quote!(crate::rt::rest::push_key_label(&mut uri, #name, #text)?;)
                } else {
                    quote!(crate::rt::rest::push_label(&mut uri, #name, #text, #greedy)?;)
                };
                let glacier_account = custom == Customization::Glacier && name == "accountId";
                path_stmts.push(match (b.field.optional, glacier_account) {
                    // Glacier takes `-` for the caller's own account.
                    (true, true) => quote! {
                        match input.#field.as_ref().filter(|v| !v.is_empty()) {
                            ::std::option::Option::Some(v) => { #push }
                            ::std::option::Option::None => uri.push('-'),
                        }
                    },
                    (true, false) => quote! {
                        let v = input.#field.as_ref().ok_or_else(|| crate::rt::json::SerializeError(::std::string::String::from(#unset)))?;
                        #push
                    },
                    (false, _) => quote! {
                        let v = &input.#field;
                        #push
                    },
                });
            }
        }
    }

    // The query: literal text, then members, then the map (explicit parameters win).
    let mut query_stmts: Vec<TokenStream> =
        bindings.literal_query.iter().map(|q| quote!(query.push_raw(#q);)).collect();
    for b in &bindings.members {
        if let Location::Query(name) = &b.location {
            let Some((kind, list)) = element_scalar(ctx, b.field.member, b.target, TimestampFormat::DateTime) else {
                continue;
            };
            let text = str_arg(kind, to_text(kind, quote!(v), false));
            let body = if list {
                let iter = if matches!(element_type(&b.field.ty), RustType::Option(_)) {
                    quote!(v.iter().flatten())
                } else {
                    quote!(v.iter())
                };
                quote!(for v in #iter { query.push(#name, #text); })
            } else {
                quote!(query.push(#name, #text);)
            };
            query_stmts.push(with_value(&object, b, body));
        }
    }
    for b in bindings.members.iter().filter(|b| b.location == Location::QueryParams) {
        let key = map_key(&b.field.ty);
        let value_is_list = matches!(&b.field.ty, RustType::Map(_, v) if matches!(**v, RustType::Vec(_)));
        let push = if value_is_list {
            quote!(for item in values { query.push(#key, item.as_str()); })
        } else {
            quote!(query.push(#key, values.as_str());)
        };
        query_stmts.push(with_value(
            &object,
            b,
            quote! {
                let mut entries: ::std::vec::Vec<_> = v.iter().collect();
                entries.sort_by(|a, b| a.0.cmp(b.0));
                for (k, values) in entries {
                    if !query.contains(#key) {
                        #push
                    }
                }
            },
        ));
    }

    // Headers.
    let mut header_stmts = Vec::new();
    // Headers bound one by one go first: they win over a prefix map's entries.
    let mut ordered: Vec<&Binding<'_>> =
        bindings.members.iter().filter(|b| matches!(b.location, Location::Header(_))).collect();
    ordered.extend(bindings.members.iter().filter(|b| matches!(b.location, Location::PrefixHeaders(_))));
    for b in ordered {
        match &b.location {
            Location::Header(name) => {
                let Some((kind, list)) = element_scalar(ctx, b.field.member, b.target, TimestampFormat::HttpDate)
                else {
                    continue;
                };
                let text = to_text(kind, quote!(v), true);
                let body = if list {
                    let iter = if matches!(element_type(&b.field.ty), RustType::Option(_)) {
                        quote!(v.iter().flatten())
                    } else {
                        quote!(v.iter())
                    };
                    let item = if matches!(kind, Scalar::String { .. } | Scalar::Enum) {
                        quote!(crate::rt::rest::header_list_item(&text).into_owned())
                    } else {
                        quote!(text)
                    };
                    quote! {
                        let mut items = ::std::vec::Vec::new();
                        for v in #iter {
                            let text = #text;
                            items.push(#item);
                        }
                        headers.push((::std::borrow::Cow::Borrowed(#name), crate::rt::rest::join_header_list(items)));
                    }
                } else {
                    quote!(headers.push((::std::borrow::Cow::Borrowed(#name), #text));)
                };
                header_stmts.push(with_value(&object, b, body));
            }
            Location::PrefixHeaders(prefix) => {
                let key = map_key(&b.field.ty);
                header_stmts.push(with_value(
                    &object,
                    b,
                    quote! {
                        let mut entries: ::std::vec::Vec<_> = v.iter().collect();
                        entries.sort_by(|a, b| a.0.cmp(b.0));
                        for (k, value) in entries {
                            crate::rt::rest::check_header_name(#key)?;
                            let name = ::std::format!("{}{}", #prefix, #key);
                            if !headers.iter().any(|(n, _)| n.eq_ignore_ascii_case(&name)) {
                                headers.push((::std::borrow::Cow::Owned(name), ::std::string::String::from(value.as_str())));
                            }
                        }
                    },
                ));
            }
            _ => {}
        }
    }
    match custom {
        Customization::ApiGateway => {
            header_stmts.push(quote!(headers.push((::std::borrow::Cow::Borrowed("accept"), ::std::string::String::from("application/json")));))
        }
        Customization::Glacier => {
            let version = match &ctx.service.kind {
                ShapeKind::Service(s) => s.version.clone(),
                _ => String::new(),
            };
            header_stmts.push(quote!(headers.push((::std::borrow::Cow::Borrowed("x-amz-glacier-version"), ::std::string::String::from(#version)));))
        }
        Customization::None | Customization::S3 => {}
    }

    // The body.
    let body = match bindings.payload() {
        Some(b) => payload_body(ctx, b, plan, format)?,
        None if bindings.body().next().is_some() && format == BodyFormat::Json => quote! {
            let parts = crate::rt::orchestrator::RequestParts::new(#method, uri, crate::rt::json::to_body(&*input)?)
                .header("content-type", "application/json");
        },
        None if bindings.body().next().is_some() => {
            let root = super::rest_xml::root_element(ctx, input);
            let ns =
                super::xml::ns_arg(input.traits.xml_namespace.as_ref().or(ctx.service.traits.xml_namespace.as_ref()));
            quote! {
                let mut w = crate::rt::xml::XmlWriter::new();
                input.write_xml(&mut w, #root, #ns)?;
                let parts = crate::rt::orchestrator::RequestParts::new(#method, uri, w.finish())
                    .header("content-type", "application/xml");
            }
        }
        None => quote! {
            let parts = crate::rt::orchestrator::RequestParts::new(#method, uri, ::std::vec::Vec::new());
        },
    };
    let checksums = checksum_stmts(ctx, plan, input, custom)?;
    Ok(quote! {
        #[allow(unused_mut, unused_variables, clippy::useless_conversion, clippy::vec_init_then_push)]
        fn request(input: &mut Self::Input) -> ::std::result::Result<crate::rt::orchestrator::RequestParts, crate::rt::json::SerializeError> {
            let mut uri = ::std::string::String::new();
            #(#path_stmts)*
            let mut query = crate::rt::rest::Query::new();
            #(#query_stmts)*
            query.finish(&mut uri);
            let mut headers: ::std::vec::Vec<(::std::borrow::Cow<'static, str>, ::std::string::String)> = ::std::vec::Vec::new();
            #(#header_stmts)*
            #body
            let mut parts = crate::rt::rest::with_headers(parts, headers)?;
            #checksums
            ::std::result::Result::Ok(parts)
        }
    })
}

/// `text` (from `to_text`, not for headers) as a `&str` argument.
fn str_arg(kind: Scalar, text: TokenStream) -> TokenStream {
    match kind {
        Scalar::String { .. } | Scalar::Enum => text,
        _ => quote!(&#text),
    }
}

/// The key of a map as `&str`, for `k` (a reference to the key type).
fn map_key(ty: &RustType) -> TokenStream {
    match ty {
        RustType::Map(key, _) if matches!(**key, RustType::Named(_)) => quote!(k.as_str()),
        _ => quote!(k.as_str()),
    }
}

fn output_has_event_stream(ctx: &Ctx<'_>, plan: &OperationPlan<'_>) -> bool {
    let ShapeKind::Operation(o) = &plan.shape.kind else { return false };
    ctx.shape(&o.output).is_some_and(|s| has_event_stream(ctx, s))
}

/// The statements that make `parts` from the payload member.
fn payload_body(
    ctx: &Ctx<'_>,
    b: &Binding<'_>,
    plan: &OperationPlan<'_>,
    format: BodyFormat,
) -> Result<TokenStream, GenerateError> {
    let method = plan_method(plan);
    let field = ident(&b.field.name);
    let media = b.target.traits.media_type.clone();
    let kind = payload_kind(b.target).ok_or_else(|| missing(plan, "payload"))?;
    let value = if b.field.optional {
        quote!(input.#field.as_ref())
    } else {
        quote!(::std::option::Option::Some(&input.#field))
    };
    Ok(match kind {
        PayloadKind::Stream { requires_length } => {
            let content_type = media.unwrap_or_else(|| "application/octet-stream".into());
            let length_check = if requires_length {
                let message = format!(
                    "{} needs a body of known length: make the `{}` stream from bytes, a file, or a reader with its length",
                    plan.shape.id.name(),
                    b.field.member.name
                );
                quote! {
                    if stream.content_length().is_none() {
                        return ::std::result::Result::Err(crate::rt::json::SerializeError(::std::string::String::from(#message)));
                    }
                }
            } else {
                quote!()
            };
            let take = if b.field.optional {
                quote!(input.#field.take().unwrap_or_default())
            } else {
                quote!(::std::mem::take(&mut input.#field))
            };
            quote! {
                let stream = #take;
                #length_check
                let parts = crate::rt::orchestrator::RequestParts::streaming(#method, uri, stream)
                    .header("content-type", #content_type);
            }
        }
        PayloadKind::Blob => {
            let content_type = media.unwrap_or_else(|| "application/octet-stream".into());
            quote! {
                let parts = match #value {
                    ::std::option::Option::Some(v) => crate::rt::orchestrator::RequestParts::new(#method, uri, ::std::convert::AsRef::<[u8]>::as_ref(v).to_vec())
                        .header("content-type", #content_type),
                    ::std::option::Option::None => crate::rt::orchestrator::RequestParts::new(#method, uri, ::std::vec::Vec::new()),
                };
            }
        }
        PayloadKind::String | PayloadKind::Enum => {
            let content_type = media.unwrap_or_else(|| "text/plain".into());
            quote! {
                let parts = match #value {
                    ::std::option::Option::Some(v) => crate::rt::orchestrator::RequestParts::new(#method, uri, v.as_str().as_bytes().to_vec())
                        .header("content-type", #content_type),
                    ::std::option::Option::None => crate::rt::orchestrator::RequestParts::new(#method, uri, ::std::vec::Vec::new()),
                };
            }
        }
        PayloadKind::Structure | PayloadKind::Union if format == BodyFormat::Xml => {
            let root = super::rest_xml::payload_element(ctx, b.field.member);
            let ns = super::xml::ns_arg(
                b.field.member.traits.xml_namespace.as_ref().or(b.target.traits.xml_namespace.as_ref()).or(ctx
                    .service
                    .traits
                    .xml_namespace
                    .as_ref()),
            );
            quote! {
                let parts = match #value {
                    ::std::option::Option::Some(v) => {
                        let mut w = crate::rt::xml::XmlWriter::new();
                        v.write_xml(&mut w, #root, #ns)?;
                        crate::rt::orchestrator::RequestParts::new(#method, uri, w.finish()).header("content-type", "application/xml")
                    }
                    ::std::option::Option::None => crate::rt::orchestrator::RequestParts::new(#method, uri, ::std::vec::Vec::new()),
                };
            }
        }
        PayloadKind::Document if format == BodyFormat::Xml => {
            return Err(GenerateError::Unsupported {
                shape: b.field.member.id.to_string(),
                problem: "`smithy.api#httpPayload`: restXml cannot carry a document".into(),
            });
        }
        PayloadKind::Structure | PayloadKind::Document => quote! {
            let body = match #value {
                ::std::option::Option::Some(v) => crate::rt::json::to_body(v)?,
                ::std::option::Option::None => ::std::vec::Vec::from(&b"{}"[..]),
            };
            let parts = crate::rt::orchestrator::RequestParts::new(#method, uri, body).header("content-type", "application/json");
        },
        PayloadKind::Union => quote! {
            let parts = match #value {
                ::std::option::Option::Some(v) => crate::rt::orchestrator::RequestParts::new(#method, uri, crate::rt::json::to_body(v)?)
                    .header("content-type", "application/json"),
                ::std::option::Option::None => crate::rt::orchestrator::RequestParts::new(#method, uri, ::std::vec::Vec::new()),
            };
        },
        PayloadKind::EventStream => return Err(missing(plan, "event stream")),
    })
}

fn plan_method(plan: &OperationPlan<'_>) -> String {
    plan.shape.traits.http.as_ref().map(|h| h.method.clone()).unwrap_or_else(|| "POST".into())
}

/// Request checksums: `@httpChecksumRequired` (`Content-MD5`),
/// `aws.protocols#httpChecksum` (the chosen algorithm's header), and
/// Glacier's tree hashes.
fn checksum_stmts(
    ctx: &Ctx<'_>,
    plan: &OperationPlan<'_>,
    input: &Shape,
    custom: Customization,
) -> Result<TokenStream, GenerateError> {
    let mut out = TokenStream::new();
    let flexible = plan.shape.traits.http_checksum.as_ref();
    if let Some(checksum) = flexible {
        let algorithm = match &checksum.request_algorithm_member {
            Some(member) => {
                let field = plan.input_fields.iter().find(|f| &f.member.name == member).ok_or_else(|| {
                    GenerateError::Unsupported {
                        shape: plan.shape.id.to_string(),
                        problem: format!(
                            "`aws.protocols#httpChecksum` names the request algorithm member `{member}`, which the input does not have"
                        ),
                    }
                })?;
                let name = ident(&field.name);
                let text = match ctx.shape(&field.member.target).map(|s| &s.kind) {
                    Some(ShapeKind::Enum(_)) => quote!(input.#name.as_ref().map(|a| a.as_str())),
                    _ => quote!(input.#name.as_deref()),
                };
                quote!(#text)
            }
            None => quote!(::std::option::Option::<&str>::None),
        };
        out.extend(quote! {
            // A checksum the caller computed is sent as given.
            let given = parts.headers.iter().any(|(name, _)| name.to_ascii_lowercase().starts_with("x-amz-checksum-"));
            if let (false, ::std::option::Option::Some(body)) = (given, parts.body_bytes()) {
                let algorithm = match #algorithm {
                    ::std::option::Option::Some(name) => crate::rt::checksum::ChecksumAlgorithm::from_name(name).ok_or_else(|| {
                        crate::rt::json::SerializeError(::std::format!("`{name}` is not a checksum algorithm this client can compute"))
                    })?,
                    ::std::option::Option::None => crate::rt::checksum::ChecksumAlgorithm::Crc32,
                };
                let value = algorithm.compute(body);
                parts = parts.header(algorithm.header_name(), value);
            }
        });
    } else if plan.shape.traits.http_checksum_required {
        out.extend(quote! {
            if let ::std::option::Option::Some(body) = parts.body_bytes() {
                let md5 = crate::rt::checksum::content_md5(body);
                parts = parts.header("content-md5", md5);
            }
        });
    }
    if custom == Customization::S3 {
        out.extend(quote! {
            if !parts.has_header("x-amz-content-sha256") {
                let hash = match parts.body_bytes() {
                    ::std::option::Option::Some(body) => crate::rt::sha256::hex(&crate::rt::sha256::sha256(body)),
                    ::std::option::Option::None => ::std::string::String::from("UNSIGNED-PAYLOAD"),
                };
                parts = parts.header("x-amz-content-sha256", hash);
            }
        });
    }
    if custom == Customization::Glacier && has_streaming_payload(ctx, input) {
        let message = format!(
            "{} needs the SHA-256 tree hash of the archive, which this client computes from bytes in memory: \
             make the body with `ByteStream::from(Vec<u8>)`",
            plan.shape.id.name()
        );
        out.extend(quote! {
            match parts.body_bytes() {
                ::std::option::Option::Some(body) => {
                    let (linear, tree) = crate::rt::glacier::tree_hash(body);
                    if !parts.has_header("x-amz-content-sha256") {
                        parts = parts.header("x-amz-content-sha256", linear);
                    }
                    if !parts.has_header("x-amz-sha256-tree-hash") {
                        parts = parts.header("x-amz-sha256-tree-hash", tree);
                    }
                }
                // Glacier refuses an upload without its checksums.
                ::std::option::Option::None => {
                    return ::std::result::Result::Err(crate::rt::json::SerializeError(::std::string::String::from(#message)));
                }
            }
        });
    }
    Ok(out)
}

fn has_streaming_payload(ctx: &Ctx<'_>, input: &Shape) -> bool {
    input
        .kind
        .members()
        .iter()
        .any(|m| m.traits.http_payload && ctx.shape(&m.target).is_some_and(|t| t.traits.streaming))
}

/// Statements that set the response-bound members of `object` (an output
/// or error value) from `response`.
fn response_bindings(
    ctx: &Ctx<'_>,
    bindings: &[Binding<'_>],
    object: &TokenStream,
    format: BodyFormat,
) -> Result<Vec<TokenStream>, GenerateError> {
    let mut stmts = Vec::new();
    for b in bindings {
        let field = ident(&b.field.name);
        let assign = |value: TokenStream| {
            if b.field.optional {
                quote!(#object.#field = ::std::option::Option::Some(#value);)
            } else {
                quote!(#object.#field = #value;)
            }
        };
        match &b.location {
            Location::Header(name) => {
                let Some((kind, list)) = element_scalar(ctx, b.field.member, b.target, TimestampFormat::HttpDate)
                else {
                    continue;
                };
                let value = if list {
                    let elem_ty = element_type(&b.field.ty);
                    let (inner_ty, sparse) = match elem_ty {
                        RustType::Option(inner) => (&**inner, true),
                        other => (other, false),
                    };
                    let read = from_text(kind, inner_ty, quote!(item.as_str()), name);
                    let wrap = if sparse { quote!(::std::option::Option::Some(#read)) } else { read };
                    if matches!(kind, Scalar::Timestamp(TimestampFormat::HttpDate)) {
                        if sparse {
                            quote!(
                                crate::rt::rest::split_http_date_list(&text)?
                                    .into_iter()
                                    .map(::std::option::Option::Some)
                                    .collect()
                            )
                        } else {
                            quote!(crate::rt::rest::split_http_date_list(&text)?)
                        }
                    } else {
                        quote! {
                            {
                                let mut items = ::std::vec::Vec::new();
                                for item in crate::rt::rest::split_header_list(&text)? {
                                    items.push(#wrap);
                                }
                                items
                            }
                        }
                    }
                } else {
                    from_text(kind, &b.field.ty, quote!(text.trim()), name)
                };
                let set = assign(value);
                stmts.push(quote! {
                    if let ::std::option::Option::Some(text) = crate::rt::rest::header_value(response, #name) {
                        #set
                    }
                });
            }
            Location::PrefixHeaders(prefix) => {
                // Present even when empty, as the official crates have it.
                let set = assign(quote!(crate::rt::rest::prefix_headers(response, #prefix)));
                stmts.push(set);
            }
            Location::ResponseCode => {
                stmts.push(assign(quote!(i32::from(response.status()))));
            }
            Location::Payload => {
                let kind = payload_kind(b.target).ok_or_else(|| GenerateError::Unsupported {
                    shape: b.field.member.target.to_string(),
                    problem: "cannot be a payload".into(),
                })?;
                let ty = rust_type(&b.field.ty);
                let (value, guard) = match kind {
                    PayloadKind::Stream { .. } => (quote!(response.take_body_stream()), false),
                    PayloadKind::Blob => (quote!(crate::primitives::Blob::new(response.body().to_vec())), true),
                    PayloadKind::String => (
                        quote!(
                            ::std::string::String::from_utf8(response.body().to_vec())
                                .map_err(|_| crate::rt::json::DeserializeError::new("the payload is not UTF-8 text"))?
                        ),
                        true,
                    ),
                    PayloadKind::Enum => (
                        quote!(<#ty>::from(::std::str::from_utf8(response.body()).map_err(|_| crate::rt::json::DeserializeError::new("the payload is not UTF-8 text"))?)),
                        true,
                    ),
                    PayloadKind::Structure | PayloadKind::Union if format == BodyFormat::Xml => {
                        (quote!(<#ty>::read_xml(crate::rt::xml::XmlDocument::parse(response.body())?.root()?)?), true)
                    }
                    PayloadKind::Structure | PayloadKind::Union | PayloadKind::Document => (
                        quote!(<#ty as crate::rt::json::DeserializeJson>::read_json(&crate::rt::json::parse_any_body(response.body())?)?),
                        true,
                    ),
                    PayloadKind::EventStream => (
                        quote!(
                            return ::std::result::Result::Err(crate::rt::json::DeserializeError::new(
                                "event streams are not supported yet"
                            ))
                        ),
                        false,
                    ),
                };
                let set = assign(value);
                stmts.push(if guard { quote!(if !response.body().is_empty() { #set }) } else { set });
            }
            _ => {}
        }
    }
    Ok(stmts)
}

fn parse_output_fn(
    ctx: &Ctx<'_>,
    plan: &OperationPlan<'_>,
    output: &Shape,
    format: BodyFormat,
) -> Result<(TokenStream, bool), GenerateError> {
    let output_ty = path(&plan.output.path());
    if has_event_stream(ctx, output) {
        let message =
            format!("{} receives an event stream, which this client does not support yet", plan.shape.id.name());
        return Ok((
            quote! {
                fn parse_output(_response: &mut crate::http::HttpResponse) -> ::std::result::Result<Self::Output, crate::rt::json::DeserializeError> {
                    ::std::result::Result::Err(crate::rt::json::DeserializeError::new(#message))
                }
            },
            false,
        ));
    }
    let bindings = bindings(ctx, output, Direction::Response)?;
    let streaming = bindings
        .iter()
        .any(|b| b.location == Location::Payload && matches!(payload_kind(b.target), Some(PayloadKind::Stream { .. })));
    let has_body = bindings.iter().any(|b| b.location == Location::Body);
    let has_payload = bindings.iter().any(|b| b.location == Location::Payload);
    let read = match format {
        BodyFormat::Json if has_body && !has_payload => {
            quote!(crate::rt::aws_json::read_output::<#output_ty>(response)?)
        }
        BodyFormat::Json => {
            quote!(<#output_ty as crate::rt::json::DeserializeJson>::read_json(&::serde_json::Value::Object(::serde_json::Map::new()))?)
        }
        BodyFormat::Xml if has_body && !has_payload && plan.shape.traits.s3_unwrapped_xml_output => {
            super::rest_xml::unwrapped_output(ctx, plan, &bindings)?
        }
        BodyFormat::Xml if has_body && !has_payload => quote! {
            match crate::rt::xml::XmlDocument::parse_optional(response.body())? {
                ::std::option::Option::Some(doc) => <#output_ty>::read_xml(doc.root()?)?,
                ::std::option::Option::None => <#output_ty>::read_xml(crate::rt::xml::XmlDocument::parse(b"<e/>")?.root()?)?,
            }
        },
        BodyFormat::Xml => quote!(<#output_ty>::read_xml(crate::rt::xml::XmlDocument::parse(b"<e/>")?.root()?)?),
    };
    let object = quote!(output);
    let stmts = response_bindings(ctx, &bindings, &object, format)?;
    Ok((
        quote! {
            #[allow(unused_mut, unused_variables)]
            fn parse_output(response: &mut crate::http::HttpResponse) -> ::std::result::Result<Self::Output, crate::rt::json::DeserializeError> {
                let mut output = #read;
                #(#stmts)*
                ::std::result::Result::Ok(output)
            }
        },
        streaming,
    ))
}

/// How an error structure's members bound to headers or the status code
/// are filled.
pub(super) fn error_bindings(ctx: &Ctx<'_>, shape: &Shape, symbol: &TypeSymbol) -> Result<TokenStream, GenerateError> {
    let bindings = bindings(ctx, shape, Direction::Response)?;
    let object = quote!(self);
    let stmts = response_bindings(ctx, &bindings, &object, BodyFormat::Json)?;
    let ty = path(&symbol.path());
    if stmts.is_empty() {
        return Ok(quote!(impl crate::rt::json::BindHttp for #ty {}));
    }
    Ok(quote! {
        impl crate::rt::json::BindHttp for #ty {
            fn bind_http(mut self, response: &crate::http::HttpResponse) -> ::std::result::Result<Self, crate::rt::json::DeserializeError> {
                #(#stmts)*
                ::std::result::Result::Ok(self)
            }
        }
    })
}

fn parse_error_fn(ctx: &Ctx<'_>, plan: &OperationPlan<'_>, format: BodyFormat) -> Result<TokenStream, GenerateError> {
    let error_ty = path(&plan.names.error_path());
    let arms: Vec<TokenStream> = plan
        .errors
        .iter()
        .map(|e| {
            let (code, variant, ty) = (&e.code, ident(&e.variant), path(&e.ty));
            match format {
                BodyFormat::Json => quote! {
                    #code => ::std::option::Option::Some(crate::rt::json::read_bound_error(body, meta, response, E::#variant)),
                },
                BodyFormat::Xml => quote! {
                    #code => ::std::option::Option::Some(
                        <#ty>::read_xml(node)
                            .and_then(|e| crate::rt::json::BindHttp::bind_http(e, response))
                            .map(|mut e| {
                                e.meta = meta;
                                E::#variant(e)
                            }),
                    ),
                },
            }
        })
        .collect();
    let modeled = if arms.is_empty() {
        quote!(|_, _, _| ::std::option::Option::None)
    } else {
        let args = match format {
            BodyFormat::Json => quote!(|code, body, meta|),
            BodyFormat::Xml => quote!(|code, node, meta|),
        };
        quote! {
            #args {
                use #error_ty as E;
                match code {
                    #(#arms)*
                    _ => ::std::option::Option::None,
                }
            }
        }
    };
    let read = match format {
        BodyFormat::Json => quote!(crate::rt::aws_json::read_error(response, false, #modeled)),
        BodyFormat::Xml if ctx.service.traits.no_error_wrapping => {
            quote!(crate::rt::xml_error::read_error(response, crate::rt::xml_error::XmlErrorShape::RestXmlUnwrapped, #modeled))
        }
        BodyFormat::Xml => {
            quote!(crate::rt::xml_error::read_error(response, crate::rt::xml_error::XmlErrorShape::RestXml, #modeled))
        }
    };
    Ok(quote! {
        #[allow(unused_variables)]
        fn parse_error(response: &crate::http::HttpResponse) -> Self::Error {
            #read
        }
    })
}
