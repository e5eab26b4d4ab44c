//! The awsJson1_0 / awsJson1_1 protocol: per-shape JSON (de)serialisers and
//! each operation's wiring into the runtime orchestrator.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::structure::{Field, fields};
use super::tokens::{ident, path, rust_type};
use super::{Ctx, GenerateError};
use crate::names::{RustType, TypeSymbol, operation_module, snake, variant_name};
use crate::smithy::traits::{Protocol, TimestampFormat};
use crate::smithy::{Member, Shape, ShapeId, ShapeKind, SimpleType, UNIT};

/// Which directions a shape needs: written in requests, read from responses.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SerdeNeeds {
    /// Reachable from an operation input.
    pub serialize: bool,
    /// Reachable from an operation output or error.
    pub deserialize: bool,
}

/// The awsJson protocol of a service.
#[derive(Debug, Clone, Copy)]
pub struct AwsJson {
    version: &'static str,
}

impl AwsJson {
    /// The service's awsJson protocol, or an error naming what it uses instead.
    pub fn of(ctx: &Ctx<'_>) -> Result<AwsJson, GenerateError> {
        let protocols = &ctx.service.traits.protocols;
        if protocols.contains(&Protocol::AwsJson1_0) {
            Ok(AwsJson { version: "1.0" })
        } else if protocols.contains(&Protocol::AwsJson1_1) {
            Ok(AwsJson { version: "1.1" })
        } else {
            Err(GenerateError::Unsupported {
                shape: ctx.service.id.to_string(),
                problem: format!(
                    "the service uses {}; only awsJson1_0 and awsJson1_1 are supported",
                    if protocols.is_empty() { "no protocol trait".to_owned() } else { format!("{protocols:?}") }
                ),
            })
        }
    }

    /// `src/protocol_serde.rs`: the service facts and the module index.
    pub fn index(&self, ctx: &Ctx<'_>, package: &str, version: &str, files: &[String]) -> TokenStream {
        let content_type = format!("application/x-amz-json-{}", self.version);
        let target_prefix = ctx.service.id.name();
        let signing_name = ctx
            .service
            .traits
            .sigv4
            .clone()
            .or_else(|| ctx.service.traits.aws_service.as_ref().and_then(|s| s.endpoint_prefix.clone()))
            .unwrap_or_else(|| target_prefix.to_ascii_lowercase());
        let user_agent = format!("{package}/{version} lang/rust");
        let query_compatible = ctx.service.traits.has("aws.protocols#awsQueryCompatible");
        let mods = files.iter().map(|m| ident(m));
        quote! {
            //! The awsJson protocol: request and response bodies, and each operation's wiring.
            #(pub(crate) mod #mods;)*

            /// The service's protocol facts.
            pub(crate) static SERVICE: crate::rt::orchestrator::ServiceInfo = crate::rt::orchestrator::ServiceInfo {
                content_type: #content_type,
                target_prefix: #target_prefix,
                signing_name: #signing_name,
                user_agent: #user_agent,
                query_compatible: #query_compatible,
            };
        }
    }
}

/// Which shapes need a serialiser and which a deserialiser.
pub fn serde_needs(ctx: &Ctx<'_>) -> BTreeMap<ShapeId, SerdeNeeds> {
    let mut needs: BTreeMap<ShapeId, SerdeNeeds> = BTreeMap::new();
    let mut walk = |roots: Vec<ShapeId>, serialize: bool| {
        let mut queue: VecDeque<ShapeId> = roots.into();
        let mut seen = BTreeSet::new();
        while let Some(id) = queue.pop_front() {
            if !seen.insert(id.clone()) {
                continue;
            }
            let Some(shape) = ctx.shape(&id) else { continue };
            let entry = needs.entry(id).or_default();
            if serialize {
                entry.serialize = true
            } else {
                entry.deserialize = true
            }
            queue.extend(shape.kind.members().into_iter().map(|m| m.target.clone()));
        }
    };
    for op in ctx.operations() {
        if let ShapeKind::Operation(o) = &op.kind {
            walk(vec![o.input.clone()], true);
            let mut read = vec![o.output.clone()];
            read.extend(o.errors.iter().cloned());
            walk(read, false);
        }
    }
    needs
}

/// The (de)serialiser file of one shape, if it needs one.
pub fn emit_shape_serde(
    ctx: &Ctx<'_>,
    shape: &Shape,
    symbol: &TypeSymbol,
    needs: SerdeNeeds,
) -> Result<TokenStream, GenerateError> {
    let ty = path(&symbol.path());
    let mut out = TokenStream::new();
    match &shape.kind {
        ShapeKind::Structure(_) => {
            let fields = fields(ctx, shape)?;
            if needs.serialize {
                out.extend(structure_serializer(ctx, &ty, &fields));
            }
            if needs.deserialize {
                out.extend(structure_deserializer(ctx, &ty, symbol, &fields));
            }
        }
        ShapeKind::Union(_) => {
            let fields = fields(ctx, shape)?;
            if needs.serialize {
                out.extend(union_serializer(ctx, &ty, &symbol.name, &fields));
            }
            if needs.deserialize {
                out.extend(union_deserializer(ctx, &ty, &fields));
            }
        }
        ShapeKind::Enum(_) => {
            if needs.serialize {
                out.extend(quote! {
                    impl crate::rt::json::SerializeJson for #ty {
                        fn write_json(&self, out: &mut ::std::string::String) -> ::std::result::Result<(), crate::rt::json::SerializeError> {
                            crate::rt::json::write_string(out, self.as_str());
                            ::std::result::Result::Ok(())
                        }
                    }
                });
            }
            if needs.deserialize {
                out.extend(quote! {
                    impl crate::rt::json::DeserializeJson for #ty {
                        fn read_json(v: &::serde_json::Value) -> ::std::result::Result<Self, crate::rt::json::DeserializeError> {
                            <::std::string::String as crate::rt::json::DeserializeJson>::read_json(v).map(|s| <#ty>::from(s.as_str()))
                        }
                    }
                });
            }
        }
        _ => {}
    }
    Ok(out)
}

/// The timestamp format of a member, when it is not the protocol default.
fn timestamp_format(ctx: &Ctx<'_>, member: &Member) -> Option<TokenStream> {
    let target = ctx.shape(&member.target)?;
    let timestamp_target = |s: &Shape| matches!(s.kind, ShapeKind::Simple(SimpleType::Timestamp));
    let element = match &target.kind {
        ShapeKind::List(m) => ctx.shape(&m.target).filter(|s| timestamp_target(s)).map(|s| (m, s)),
        _ => None,
    };
    let format = if timestamp_target(target) {
        member.traits.timestamp_format.or(target.traits.timestamp_format)
    } else if let Some((m, s)) = element {
        m.traits.timestamp_format.or(s.traits.timestamp_format)
    } else {
        None
    }?;
    Some(match format {
        TimestampFormat::EpochSeconds => return None,
        TimestampFormat::DateTime => quote!(crate::primitives::DateTimeFormat::DateTime),
        TimestampFormat::HttpDate => quote!(crate::primitives::DateTimeFormat::HttpDate),
    })
}

fn structure_serializer(ctx: &Ctx<'_>, ty: &TokenStream, fields: &[Field<'_>]) -> TokenStream {
    let members = fields.iter().map(|f| {
        let name = ident(&f.name);
        let wire = &f.member.name;
        match (timestamp_format(ctx, f.member), f.optional) {
            (None, true) => quote!(obj.optional(#wire, &self.#name)?;),
            (None, false) => quote!(obj.member(#wire, &self.#name)?;),
            (Some(format), true) => quote! {
                if let ::std::option::Option::Some(v) = &self.#name {
                    obj.member(#wire, &crate::rt::json_datetime::Formatted(v, #format))?;
                }
            },
            (Some(format), false) => {
                quote!(obj.member(#wire, &crate::rt::json_datetime::Formatted(&self.#name, #format))?;)
            }
        }
    });
    quote! {
        impl crate::rt::json::SerializeJson for #ty {
            fn write_json(&self, out: &mut ::std::string::String) -> ::std::result::Result<(), crate::rt::json::SerializeError> {
                #[allow(unused_mut)]
                let mut obj = crate::rt::json::ObjectWriter::new(out);
                #(#members)*
                obj.finish();
                ::std::result::Result::Ok(())
            }
        }
    }
}

/// Reads one member value, honouring a non-default timestamp format.
fn read_member(ctx: &Ctx<'_>, member: &Member) -> TokenStream {
    let wire = &member.name;
    match (timestamp_format(ctx, member), ctx.shape(&member.target).map(|s| &s.kind)) {
        (Some(format), Some(ShapeKind::Simple(SimpleType::Timestamp))) => {
            quote!(crate::rt::json_datetime::member_timestamp(value, #wire, #format)?)
        }
        _ => quote!(crate::rt::json::member(value, #wire)?),
    }
}

/// A value for a required member the response left out (client error
/// correction: the zero value of its type), so a lenient service never makes
/// an otherwise good response unreadable.
/// `None` when the type's `Default` is that value.
fn zero_value(ctx: &Ctx<'_>, member: &Member, ty: &RustType) -> Option<TokenStream> {
    Some(match ty {
        RustType::Box(inner) => {
            let inner = zero_value(ctx, member, inner).unwrap_or_else(|| quote!(::std::default::Default::default()));
            quote!(::std::boxed::Box::new(#inner))
        }
        RustType::Named(p) => {
            let p = path(p);
            match ctx.shape(&member.target).map(|s| &s.kind) {
                Some(ShapeKind::Enum(_)) => quote!(<#p>::from("")),
                Some(ShapeKind::Union(_)) => quote!(<#p>::Unknown),
                _ => {
                    quote!(<#p as crate::rt::json::DeserializeJson>::read_json(&::serde_json::Value::Object(::serde_json::Map::new()))?)
                }
            }
        }
        RustType::DateTime => quote!(crate::primitives::DateTime::from_secs(0)),
        RustType::Document => quote!(crate::primitives::Document::Null),
        _ => return None,
    })
}

fn structure_deserializer(ctx: &Ctx<'_>, ty: &TokenStream, symbol: &TypeSymbol, fields: &[Field<'_>]) -> TokenStream {
    let builder = path(&symbol.builder_path());
    let is_error = symbol.placement == crate::names::Placement::Errors;
    let arms = fields.iter().map(|f| {
        let name = ident(&f.name);
        let wire = f.member.name.as_str();
        let read = read_member(ctx, f.member);
        // Services spell an error's message member in several ways whatever
        // the model says; accept them all.
        let mut keys = vec![wire];
        if is_error && wire.eq_ignore_ascii_case("message") {
            keys.extend(["message", "Message", "errorMessage"].into_iter().filter(|k| *k != wire));
        }
        quote!(#(#keys)|* => builder.#name = #read,)
    });
    let inits = fields.iter().map(|f| {
        let name = ident(&f.name);
        if f.optional {
            quote!(#name: builder.#name,)
        } else if let Some(default) = &f.default {
            let value = super::structure::or_default(quote!(builder.#name), &f.ty, default);
            quote!(#name: #value,)
        } else {
            match zero_value(ctx, f.member, &f.ty) {
                None => quote!(#name: builder.#name.unwrap_or_default(),),
                Some(zero) => {
                    quote!(#name: match builder.#name { ::std::option::Option::Some(v) => v, ::std::option::Option::None => #zero },)
                }
            }
        }
    });
    let meta = if is_error { quote!(meta: ::std::default::Default::default(),) } else { quote!() };
    let arms: Vec<TokenStream> = arms.collect();
    let body = if arms.is_empty() {
        quote! {
            crate::rt::json::object(v)?;
            ::std::result::Result::Ok(Self { #(#inits)* #meta })
        }
    } else {
        quote! {
            let mut builder = <#builder as ::std::default::Default>::default();
            for (name, value) in crate::rt::json::object(v)? {
                match name.as_str() {
                    #(#arms)*
                    _ => {}
                }
            }
            ::std::result::Result::Ok(Self { #(#inits)* #meta })
        }
    };
    quote! {
        impl crate::rt::json::DeserializeJson for #ty {
            #[allow(clippy::single_match)]
            fn read_json(v: &::serde_json::Value) -> ::std::result::Result<Self, crate::rt::json::DeserializeError> {
                #body
            }
        }
    }
}

fn union_serializer(ctx: &Ctx<'_>, ty: &TokenStream, type_name: &str, fields: &[Field<'_>]) -> TokenStream {
    let arms = fields.iter().map(|f| {
        let variant = ident(&variant_name(&f.member.name));
        let wire = &f.member.name;
        if f.member.target.to_string() == UNIT {
            quote!(Self::#variant => obj.key(#wire).push_str("{}"),)
        } else {
            let value = match timestamp_format(ctx, f.member) {
                Some(format) => quote!(&crate::rt::json_datetime::Formatted(v, #format)),
                None => quote!(v),
            };
            quote!(Self::#variant(v) => obj.member(#wire, #value)?,)
        }
    });
    let unknown =
        format!("cannot send the `Unknown` variant of {type_name}: it stands for a member this crate does not know");
    quote! {
        impl crate::rt::json::SerializeJson for #ty {
            fn write_json(&self, out: &mut ::std::string::String) -> ::std::result::Result<(), crate::rt::json::SerializeError> {
                let mut obj = crate::rt::json::ObjectWriter::new(out);
                match self {
                    #(#arms)*
                    Self::Unknown => return ::std::result::Result::Err(crate::rt::json::SerializeError(::std::string::String::from(#unknown))),
                }
                obj.finish();
                ::std::result::Result::Ok(())
            }
        }
    }
}

fn union_deserializer(ctx: &Ctx<'_>, ty: &TokenStream, fields: &[Field<'_>]) -> TokenStream {
    let arms = fields.iter().map(|f| {
        let variant = ident(&variant_name(&f.member.name));
        let wire = &f.member.name;
        if f.member.target.to_string() == UNIT {
            quote!(#wire => Self::#variant,)
        } else {
            let read = match (timestamp_format(ctx, f.member), ctx.shape(&f.member.target).map(|s| &s.kind)) {
                (Some(format), Some(ShapeKind::Simple(SimpleType::Timestamp))) => {
                    quote!(crate::rt::json_datetime::read_timestamp(value, #format))
                }
                _ => {
                    let t = rust_type(&f.ty);
                    quote!(<#t as crate::rt::json::DeserializeJson>::read_json(value))
                }
            };
            quote!(#wire => Self::#variant(#read.map_err(|e| e.at(#wire))?),)
        }
    });
    quote! {
        impl crate::rt::json::DeserializeJson for #ty {
            fn read_json(v: &::serde_json::Value) -> ::std::result::Result<Self, crate::rt::json::DeserializeError> {
                let mut found = ::std::option::Option::None;
                for (name, value) in crate::rt::json::object(v)? {
                    // `__type` may accompany a union; null members are unset.
                    if value.is_null() || name == "__type" {
                        continue;
                    }
                    if found.is_some() {
                        return ::std::result::Result::Err(crate::rt::json::DeserializeError::new("a union must have exactly one member set, found several"));
                    }
                    found = ::std::option::Option::Some(match name.as_str() {
                        #(#arms)*
                        _ => Self::Unknown,
                    });
                }
                found.ok_or_else(|| crate::rt::json::DeserializeError::new("a union must have exactly one member set, found none"))
            }
        }
    }
}

/// The operation's `OperationSpec`: body, endpoint, output and error parsing.
pub fn emit_operation_spec(ctx: &Ctx<'_>, op: &Shape) -> Result<TokenStream, GenerateError> {
    let ShapeKind::Operation(operation) = &op.kind else { return Ok(TokenStream::new()) };
    let module = operation_module(&op.id);
    let op_path = path(&format!("crate::operation::{module}"));
    let name = op.id.name();
    let input_sym = ctx.symbols.type_symbol(&operation.input);
    let output_sym = ctx.symbols.type_symbol(&operation.output);
    let (Some(input_sym), Some(output_sym)) = (input_sym, output_sym) else {
        return Err(GenerateError::Unsupported {
            shape: op.id.to_string(),
            problem: "operation without input or output".into(),
        });
    };
    let input_ty = path(&input_sym.path());
    let output_ty = path(&output_sym.path());
    let error_ty = format_ident!("{}Error", crate::names::type_name(name));
    let input_shape = ctx
        .shape(&operation.input)
        .ok_or_else(|| GenerateError::Unsupported { shape: op.id.to_string(), problem: "missing input".into() })?;
    let input_fields = fields(ctx, input_shape)?;

    let tokens: Vec<TokenStream> = input_fields
        .iter()
        .filter(|f| f.member.traits.idempotency_token && f.ty == RustType::String)
        .map(|f| {
            let field = ident(&f.name);
            quote! {
                if input.#field.is_none() {
                    input.#field = ::std::option::Option::Some(provider.make_token()?);
                }
            }
        })
        .collect();
    let fill_tokens = if tokens.is_empty() {
        quote!()
    } else {
        quote! {
            fn fill_idempotency_tokens(
                input: &mut Self::Input,
                provider: &crate::config::IdempotencyTokenProvider,
            ) -> ::std::result::Result<(), crate::error::BoxError> {
                #(#tokens)*
                ::std::result::Result::Ok(())
            }
        }
    };

    let context_params = endpoint_context_params(ctx, op, &input_fields);
    let compress = if op.traits.has("smithy.api#requestCompression") {
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
    let host_prefix = host_prefix(ctx, op, &input_fields)?;

    let errors: Vec<(String, proc_macro2::Ident, TokenStream, Option<TokenStream>)> = operation
        .errors
        .iter()
        .filter_map(|id| {
            let shape = ctx.shape(id)?;
            let symbol = ctx.symbols.type_symbol(id)?;
            let retry = shape.traits.retryable.map(|r| {
                if r.throttling {
                    quote!(crate::rt::retry::ErrorKind::Throttling)
                } else {
                    quote!(crate::rt::retry::ErrorKind::Transient)
                }
            });
            Some((id.name().to_owned(), ident(&variant_name(&symbol.name)), path(&symbol.path()), retry))
        })
        .collect();
    let error_arms = errors.iter().map(|(code, variant, ty, _)| {
        quote! {
            #code => <#ty as crate::rt::json::DeserializeJson>::read_json(body).map(|mut e| {
                e.meta = meta;
                #op_path::#error_ty::#variant(e)
            }),
        }
    });
    let error_arms: Vec<TokenStream> = error_arms.collect();
    let parse_error = if error_arms.is_empty() {
        quote! {
            fn parse_error(
                _code: &str,
                _body: &::serde_json::Value,
                _meta: crate::error::ErrorMetadata,
            ) -> ::std::option::Option<::std::result::Result<Self::Error, crate::rt::json::DeserializeError>> {
                ::std::option::Option::None
            }
        }
    } else {
        quote! {
            fn parse_error(
                code: &str,
                body: &::serde_json::Value,
                meta: crate::error::ErrorMetadata,
            ) -> ::std::option::Option<::std::result::Result<Self::Error, crate::rt::json::DeserializeError>> {
                ::std::option::Option::Some(match code {
                    #(#error_arms)*
                    _ => return ::std::option::Option::None,
                })
            }
        }
    };
    let retry_arms: Vec<TokenStream> = errors
        .iter()
        .filter_map(|(_, variant, _, retry)| {
            retry.as_ref().map(|kind| quote!(#op_path::#error_ty::#variant(_) => ::std::option::Option::Some(#kind),))
        })
        .collect();
    let retry_kind = if retry_arms.is_empty() {
        quote!()
    } else {
        quote! {
            fn retry_kind(error: &Self::Error) -> ::std::option::Option<crate::rt::retry::ErrorKind> {
                #[allow(unreachable_patterns)]
                match error {
                    #(#retry_arms)*
                    _ => ::std::option::Option::None,
                }
            }
        }
    };

    Ok(quote! {
        //! The wiring of one operation into the orchestrator.

        /// The operation, as the orchestrator runs it.
        pub(crate) struct Spec;

        impl crate::rt::orchestrator::OperationSpec for Spec {
            type Input = #input_ty;
            type Output = #output_ty;
            type Error = #op_path::#error_ty;

            const NAME: &'static str = #name;

            #fill_tokens

            fn serialize(input: &Self::Input) -> ::std::result::Result<::std::vec::Vec<u8>, crate::rt::json::SerializeError> {
                crate::rt::json::to_body(input)
            }

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

            fn parse_output(body: &::serde_json::Value) -> ::std::result::Result<Self::Output, crate::rt::json::DeserializeError> {
                <#output_ty as crate::rt::json::DeserializeJson>::read_json(body)
            }

            #parse_error

            #retry_kind

            #compress
        }
    })
}

/// Endpoint parameters bound to input members (`@contextParam`) or fixed by
/// the operation (`@staticContextParams`).
fn endpoint_context_params(ctx: &Ctx<'_>, op: &Shape, input_fields: &[Field<'_>]) -> TokenStream {
    let Some(rules) = &ctx.service.traits.endpoint_rule_set else { return TokenStream::new() };
    let param = |name: &str| rules.parameters.iter().find(|p| p.name == name);
    let mut out = TokenStream::new();
    let field_of = |p: &crate::smithy::rules::Parameter| ident(&crate::names::escape_ident(&snake(&p.name)));
    let plain = |p: &crate::smithy::rules::Parameter| p.required && p.default.is_some();
    for f in input_fields {
        let Some(name) =
            f.member.traits.get("smithy.rules#contextParam").and_then(|v| v.get("name")).and_then(|v| v.as_str())
        else {
            continue;
        };
        let Some(p) = param(name) else { continue };
        let field = field_of(p);
        let member = ident(&f.name);
        let value = match f.ty {
            RustType::String => quote!(input.#member.clone()),
            RustType::Bool => quote!(input.#member),
            _ => continue,
        };
        out.extend(if plain(p) {
            quote!(if let ::std::option::Option::Some(v) = #value { params.#field = v; })
        } else {
            quote!(if let ::std::option::Option::Some(v) = #value { params.#field = ::std::option::Option::Some(v); })
        });
    }
    if let Some(statics) = op.traits.get("smithy.rules#staticContextParams").and_then(|v| v.as_object()) {
        for (name, spec) in statics {
            let Some(p) = param(name) else { continue };
            let field = field_of(p);
            let value = match spec.get("value") {
                Some(serde_json::Value::Bool(b)) => quote!(#b),
                Some(serde_json::Value::String(s)) => quote!(::std::string::String::from(#s)),
                _ => continue,
            };
            out.extend(if plain(p) {
                quote!(params.#field = #value;)
            } else {
                quote!(params.#field = ::std::option::Option::Some(#value);)
            });
        }
    }
    out
}

/// `smithy.api#endpoint`: the host prefix, with `{label}`s filled from
/// `@hostLabel` input members.
fn host_prefix(ctx: &Ctx<'_>, op: &Shape, input_fields: &[Field<'_>]) -> Result<TokenStream, GenerateError> {
    let _ = ctx;
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
        let field = input_fields.iter().find(|f| f.member.name == label).ok_or_else(|| GenerateError::Unsupported {
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
