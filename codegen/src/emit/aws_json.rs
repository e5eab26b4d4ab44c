//! The awsJson1_0 / awsJson1_1 protocol: per-shape JSON (de)serialisers and
//! each operation's wiring into the runtime orchestrator.

use proc_macro2::TokenStream;
use quote::quote;

use super::plan::OperationPlan;
use super::protocol::{Protocol, SerdeNeeds};
use super::structure::{Field, fields};
use super::tokens::{ident, path, rust_type, string_literal};
use super::verbatim::{Block, Lines};
use super::{Ctx, GenerateError};
use crate::names::{RustType, TypeSymbol, variant_name};
use crate::smithy::traits::TimestampFormat;
use crate::smithy::{Member, Shape, ShapeKind, SimpleType, UNIT};

/// The awsJson protocols: JSON-RPC over `POST /` with `X-Amz-Target`.
#[derive(Debug, Clone, Copy)]
pub enum AwsJson {
    /// `aws.protocols#awsJson1_0`.
    V1_0,
    /// `aws.protocols#awsJson1_1`.
    V1_1,
}

impl Protocol for AwsJson {
    fn name(&self) -> &'static str {
        match self {
            AwsJson::V1_0 => "awsJson1_0",
            AwsJson::V1_1 => "awsJson1_1",
        }
    }

    fn shape_serde(
        &self,
        ctx: &Ctx<'_>,
        shape: &Shape,
        symbol: &TypeSymbol,
        needs: SerdeNeeds,
    ) -> Result<TokenStream, GenerateError> {
        emit_shape_serde(ctx, shape, symbol, needs, JsonNames::Member, |_| false, |_| false)
    }

    fn operation_items(&self, ctx: &Ctx<'_>, plan: &OperationPlan<'_>) -> Result<TokenStream, GenerateError> {
        let content_type = match self {
            AwsJson::V1_0 => "application/x-amz-json-1.0",
            AwsJson::V1_1 => "application/x-amz-json-1.1",
        };
        let target = format!("{}.{}", ctx.service.id.name(), plan.shape.id.name());
        let query_compatible = ctx.service.traits.aws_query_compatible;
        let query_mode = query_compatible.then(|| quote!(.header("x-amzn-query-mode", "true")));
        let error_ty = path(&plan.names.error_path());
        let arms: Vec<TokenStream> = plan
            .errors
            .iter()
            .map(|e| {
                let (code, variant) = (&e.code, ident(&e.variant));
                quote!(#code => ::std::option::Option::Some(read_error(body, meta, E::#variant)),)
            })
            .collect();
        let modeled = if arms.is_empty() {
            quote!(|_, _, _| ::std::option::Option::None)
        } else {
            quote! {
                |code, body, meta| {
                    use crate::rt::json::read_error;
                    use #error_ty as E;
                    match code {
                        #(#arms)*
                        _ => ::std::option::Option::None,
                    }
                }
            }
        };
        Ok(quote! {
            fn request(input: &mut Self::Input) -> ::std::result::Result<crate::rt::orchestrator::RequestParts, crate::rt::json::SerializeError> {
                let body = crate::rt::json::to_body(input)?;
                ::std::result::Result::Ok(
                    crate::rt::orchestrator::RequestParts::new("POST", "/", body)
                        .header("content-type", #content_type)
                        .header("x-amz-target", #target)
                        #query_mode,
                )
            }

            fn parse_output(response: &mut crate::http::HttpResponse) -> ::std::result::Result<Self::Output, crate::rt::json::DeserializeError> {
                crate::rt::aws_json::read_output(response)
            }

            fn parse_error(response: &crate::http::HttpResponse) -> Self::Error {
                crate::rt::aws_json::read_error(response, #query_compatible, #modeled)
            }
        })
    }
}

/// Which name a member has in a JSON object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum JsonNames {
    /// The member's name (awsJson).
    Member,
    /// `@jsonName` when present, else the member's name (restJson1).
    JsonName,
}

impl JsonNames {
    fn wire(self, member: &Member) -> &str {
        match self {
            JsonNames::JsonName => member.traits.json_name.as_deref().unwrap_or(&member.name),
            JsonNames::Member => &member.name,
        }
    }
}

/// The JSON (de)serialiser file of one shape, if it needs one. Structure
/// members for which `skip_write` (when writing) or `skip_read` (when
/// reading) is true (bound to HTTP headers, say) are left out of the JSON
/// object.
pub(super) fn emit_shape_serde(
    ctx: &Ctx<'_>,
    shape: &Shape,
    symbol: &TypeSymbol,
    needs: SerdeNeeds,
    names: JsonNames,
    skip_write: impl Fn(&Member) -> bool,
    skip_read: impl Fn(&Member) -> bool,
) -> Result<TokenStream, GenerateError> {
    let ty = path(&symbol.path());
    let mut out = TokenStream::new();
    match &shape.kind {
        ShapeKind::Structure(_) => {
            let all = fields(ctx, shape)?;
            if needs.serialize {
                let body: Vec<&Field<'_>> = all.iter().filter(|f| !skip_write(f.member)).collect();
                out.extend(structure_serializer(ctx, &ty, &body, names));
            }
            if needs.deserialize {
                out.extend(structure_deserializer(ctx, &ty, symbol, &all, names, &skip_read));
            }
        }
        ShapeKind::Union(_) => {
            let fields = fields(ctx, shape)?;
            if needs.serialize {
                out.extend(union_serializer(ctx, &ty, &symbol.name, &fields, names));
            }
            if needs.deserialize {
                out.extend(union_deserializer(ctx, &ty, &fields, names));
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
    timestamp_format_path(ctx, member).map(path)
}

/// [`timestamp_format`] as the path's text.
fn timestamp_format_path(ctx: &Ctx<'_>, member: &Member) -> Option<&'static str> {
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
        TimestampFormat::DateTime => "crate::primitives::DateTimeFormat::DateTime",
        TimestampFormat::HttpDate => "crate::primitives::DateTimeFormat::HttpDate",
    })
}

fn structure_serializer(ctx: &Ctx<'_>, ty: &TokenStream, fields: &[&Field<'_>], names: JsonNames) -> TokenStream {
    // `impl` at the top of the file, `fn` in it, statements in that.
    let mut body = Block::new(8);
    body.extend(quote! {
        #[allow(unused_mut)]
        let mut obj = crate::rt::json::ObjectWriter::new(out);
    });
    for f in fields {
        let wire = names.wire(f.member);
        let format = timestamp_format_path(ctx, f.member);
        body.push(
            |lines| {
                let (wire, name) = (string_literal(wire)?, &f.name);
                match (format, f.optional) {
                    (None, true) => lines.call(0, "obj.optional", &[&wire, &format!("&self.{name}")], "?;"),
                    (None, false) => lines.call(0, "obj.member", &[&wire, &format!("&self.{name}")], "?;"),
                    _ => None,
                }
            },
            || {
                let name = ident(&f.name);
                match (format.map(path), f.optional) {
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
            },
        );
    }
    body.extend(quote! {
        obj.finish();
        ::std::result::Result::Ok(())
    });
    let body = body.into_tokens();
    quote! {
        impl crate::rt::json::SerializeJson for #ty {
            fn write_json(&self, out: &mut ::std::string::String) -> ::std::result::Result<(), crate::rt::json::SerializeError> {
                #body
            }
        }
    }
}

/// Reads one member value, honouring a non-default timestamp format.
fn read_member(ctx: &Ctx<'_>, member: &Member, names: JsonNames) -> TokenStream {
    let wire = names.wire(member);
    match read_member_format(ctx, member).map(path) {
        Some(format) => quote!(crate::rt::json_datetime::member_timestamp(value, #wire, #format)?),
        None => quote!(crate::rt::json::member(value, #wire)?),
    }
}

/// The timestamp format [`read_member`] reads a member in, when it is a
/// timestamp in a format that is not the protocol default.
fn read_member_format(ctx: &Ctx<'_>, member: &Member) -> Option<&'static str> {
    let timestamp =
        ctx.shape(&member.target).is_some_and(|s| matches!(s.kind, ShapeKind::Simple(SimpleType::Timestamp)));
    timestamp.then(|| timestamp_format_path(ctx, member)).flatten()
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

fn structure_deserializer(
    ctx: &Ctx<'_>,
    ty: &TokenStream,
    symbol: &TypeSymbol,
    fields: &[Field<'_>],
    names: JsonNames,
    skip: &dyn Fn(&Member) -> bool,
) -> TokenStream {
    let builder = path(&symbol.builder_path());
    let is_error = symbol.placement == crate::names::Placement::Errors;
    // Services spell an error's message member in several ways whatever
    // the model says; accept them all.
    fn keys(member: &Member, names: JsonNames, is_error: bool) -> Vec<&str> {
        let wire = names.wire(member);
        let mut keys = vec![wire];
        if is_error && wire.eq_ignore_ascii_case("message") {
            keys.extend(["message", "Message", "errorMessage"].into_iter().filter(|k| *k != wire));
        }
        keys
    }
    let read = fields.iter().filter(|f| !skip(f.member));
    let arms = read.clone().map(|f| {
        let name = ident(&f.name);
        let read = read_member(ctx, f.member, names);
        let keys = keys(f.member, names, is_error);
        quote!(#(#keys)|* => builder.#name = #read,)
    });
    // The loop as text: `impl` at the top of the file, `fn` in it, the
    // loop in that.
    let loop_text = |lines: &mut Lines<'_>| {
        lines.line(0, &["for (name, value) in crate::rt::json::object(v)? {"])?;
        lines.line(1, &["match name.as_str() {"])?;
        for f in read.clone() {
            let keys = keys(f.member, names, is_error)
                .into_iter()
                .map(string_literal)
                .collect::<Option<Vec<_>>>()?
                .join(" | ");
            let wire = string_literal(names.wire(f.member))?;
            match read_member_format(ctx, f.member) {
                Some(format) => {
                    let head = format!("builder.{} = crate::rt::json_datetime::member_timestamp", f.name);
                    lines.arm(2, &keys, &head, &["value", &wire, format], "?")?;
                }
                None => {
                    let head = format!("builder.{} = crate::rt::json::member", f.name);
                    lines.arm(2, &keys, &head, &["value", &wire], "?")?;
                }
            }
        }
        lines.line(2, &["_ => {}"])?;
        lines.line(1, &["}"])?;
        lines.line(0, &["}"])
    };
    let inits = fields.iter().map(|f| {
        let name = ident(&f.name);
        if f.optional {
            quote!(#name: builder.#name,)
        } else if let Some(default) = &f.default {
            let value = super::structure::or_default(quote!(builder.#name), default);
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
    let inits: Vec<TokenStream> = inits.collect();
    let reads_body = read.clone().next().is_some();
    let body = if !reads_body && inits.is_empty() {
        quote! {
            crate::rt::json::object(v)?;
            ::std::result::Result::Ok(Self { #meta })
        }
    } else if !reads_body {
        // Every member travels outside the body (in headers, say).
        quote! {
            crate::rt::json::object(v)?;
            let builder = <#builder as ::std::default::Default>::default();
            ::std::result::Result::Ok(Self { #(#inits)* #meta })
        }
    } else {
        let mut body = Block::new(8);
        let builder_path = symbol.builder_path();
        body.push(
            |lines| {
                let default = " as ::std::default::Default>::default();";
                lines.unbreakable(0, &["let mut builder = <", &builder_path, default]);
                Some(())
            },
            || quote!(let mut builder = <#builder as ::std::default::Default>::default();),
        );
        body.push(loop_text, || {
            quote! {
                for (name, value) in crate::rt::json::object(v)? {
                    match name.as_str() {
                        #(#arms)*
                        _ => {}
                    }
                }
            }
        });
        body.extend(quote!(::std::result::Result::Ok(Self { #(#inits)* #meta })));
        body.into_tokens()
    };
    let modeled_error = if is_error {
        quote! {
            impl crate::rt::json::ModeledError for #ty {
                fn set_meta(&mut self, meta: crate::error::ErrorMetadata) {
                    self.meta = meta;
                }
            }
        }
    } else {
        quote!()
    };
    quote! {
        impl crate::rt::json::DeserializeJson for #ty {
            #[allow(clippy::single_match)]
            fn read_json(v: &::serde_json::Value) -> ::std::result::Result<Self, crate::rt::json::DeserializeError> {
                #body
            }
        }
        #modeled_error
    }
}

fn union_serializer(
    ctx: &Ctx<'_>,
    ty: &TokenStream,
    type_name: &str,
    fields: &[Field<'_>],
    names: JsonNames,
) -> TokenStream {
    let arms = fields.iter().map(|f| {
        let variant = ident(&variant_name(&f.member.name));
        let wire = names.wire(f.member);
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

fn union_deserializer(ctx: &Ctx<'_>, ty: &TokenStream, fields: &[Field<'_>], names: JsonNames) -> TokenStream {
    let arms = fields.iter().map(|f| {
        let variant = ident(&variant_name(&f.member.name));
        let wire = names.wire(f.member);
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
