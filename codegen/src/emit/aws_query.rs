//! The awsQuery and ec2Query protocols: inputs as form-encoded `POST /`
//! bodies (`Action`, `Version`, then members keyed by their path), outputs
//! and errors as XML documents.

use proc_macro2::TokenStream;
use quote::quote;

use super::plan::OperationPlan;
use super::protocol::{Protocol, SerdeNeeds};
use super::structure::{Field, fields};
use super::tokens::{ident, path};
use super::xml::emit_xml_serde;
use super::{Ctx, GenerateError};
use crate::names::{RustType, TypeSymbol, variant_name};
use crate::smithy::traits::TimestampFormat;
use crate::smithy::{Member, Shape, ShapeKind, SimpleType, UNIT};

/// `aws.protocols#awsQuery` or `aws.protocols#ec2Query`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Query {
    /// awsQuery: `<OpResponse><OpResult>`, errors in `<ErrorResponse>`.
    AwsQuery,
    /// ec2Query: capitalised keys, flattened lists, no result wrapper,
    /// errors in `<Response><Errors>`.
    Ec2Query,
}

impl Protocol for Query {
    fn name(&self) -> &'static str {
        match self {
            Query::AwsQuery => "awsQuery",
            Query::Ec2Query => "ec2Query",
        }
    }

    fn shape_serde(
        &self,
        ctx: &Ctx<'_>,
        shape: &Shape,
        symbol: &TypeSymbol,
        needs: SerdeNeeds,
    ) -> Result<TokenStream, GenerateError> {
        let mut out = TokenStream::new();
        if needs.serialize {
            out.extend(self.query_writer(ctx, shape, symbol)?);
        }
        if needs.deserialize {
            let read_only = SerdeNeeds { serialize: false, deserialize: true };
            out.extend(emit_xml_serde(ctx, shape, symbol, read_only, None, |_| false, |_| false)?);
        }
        Ok(out)
    }

    fn operation_items(&self, ctx: &Ctx<'_>, plan: &OperationPlan<'_>) -> Result<TokenStream, GenerateError> {
        let ShapeKind::Operation(operation) = &plan.shape.kind else {
            return Err(GenerateError::Unsupported {
                shape: plan.shape.id.to_string(),
                problem: "not an operation".into(),
            });
        };
        let action = plan.shape.id.name();
        let version = match &ctx.service.kind {
            ShapeKind::Service(s) => s.version.clone(),
            _ => String::new(),
        };
        let output_ty = path(&plan.output.path());
        let output_has_members = ctx.shape(&operation.output).is_some_and(|s| !s.kind.members().is_empty());
        let read_output = match (self, output_has_members) {
            (_, false) => quote! {
                let _ = response;
                <#output_ty>::read_xml(crate::rt::xml::XmlDocument::parse(b"<e/>")?.root()?)
            },
            (Query::AwsQuery, true) => {
                let (wrapper, result) = (format!("{action}Response"), format!("{action}Result"));
                let missing = format!("the response has no <{result}> in <{wrapper}>");
                quote! {
                    let doc = crate::rt::xml::XmlDocument::parse(response.body())?;
                    let root = crate::rt::xml_error::expect_root(&doc, #wrapper)?;
                    match root.child(#result) {
                        ::std::option::Option::Some(result) => <#output_ty>::read_xml(result),
                        ::std::option::Option::None => ::std::result::Result::Err(crate::rt::json::DeserializeError::new(#missing)),
                    }
                }
            }
            (Query::Ec2Query, true) => {
                let wrapper = format!("{action}Response");
                quote! {
                    let doc = crate::rt::xml::XmlDocument::parse(response.body())?;
                    <#output_ty>::read_xml(crate::rt::xml_error::expect_root(&doc, #wrapper)?)
                }
            }
        };
        let error_ty = path(&plan.names.error_path());
        let arms: Vec<TokenStream> = plan
            .errors
            .iter()
            .map(|e| {
                let code = e.query_code.as_deref().unwrap_or(&e.code);
                let (variant, ty) = (ident(&e.variant), path(&e.ty));
                quote! {
                    #code => ::std::option::Option::Some(<#ty>::read_xml(node).map(|mut e| {
                        e.meta = meta;
                        E::#variant(e)
                    })),
                }
            })
            .collect();
        let modeled = if arms.is_empty() {
            quote!(|_, _, _| ::std::option::Option::None)
        } else {
            quote! {
                |code, node, meta| {
                    use #error_ty as E;
                    match code {
                        #(#arms)*
                        _ => ::std::option::Option::None,
                    }
                }
            }
        };
        let error_shape = match self {
            Query::AwsQuery => quote!(crate::rt::xml_error::XmlErrorShape::AwsQuery),
            Query::Ec2Query => quote!(crate::rt::xml_error::XmlErrorShape::Ec2Query),
        };
        Ok(quote! {
            fn request(input: &mut Self::Input) -> ::std::result::Result<crate::rt::orchestrator::RequestParts, crate::rt::json::SerializeError> {
                let mut w = crate::rt::query::QueryWriter::new(#action, #version);
                input.write_query(&mut w, "")?;
                ::std::result::Result::Ok(
                    crate::rt::orchestrator::RequestParts::new("POST", "/", w.finish())
                        .header("content-type", "application/x-www-form-urlencoded"),
                )
            }

            fn parse_output(response: &mut crate::http::HttpResponse) -> ::std::result::Result<Self::Output, crate::rt::json::DeserializeError> {
                #read_output
            }

            fn parse_error(response: &crate::http::HttpResponse) -> Self::Error {
                crate::rt::xml_error::read_error(response, #error_shape, #modeled)
            }
        })
    }
}

impl Query {
    /// The key of a structure member: ec2Query prefers `@ec2QueryName`, then
    /// a capitalised `@xmlName` or member name; awsQuery `@xmlName`, then the
    /// member name.
    fn key(self, member: &Member) -> String {
        match self {
            Query::AwsQuery => member.traits.xml_name.clone().unwrap_or_else(|| member.name.clone()),
            Query::Ec2Query => member.traits.ec2_query_name.clone().unwrap_or_else(|| {
                let name = member.traits.xml_name.as_deref().unwrap_or(&member.name);
                let mut chars = name.chars();
                chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
            }),
        }
    }

    /// `write_query(&self, w, prefix)` for a structure or union.
    fn query_writer(self, ctx: &Ctx<'_>, shape: &Shape, symbol: &TypeSymbol) -> Result<TokenStream, GenerateError> {
        let ty = path(&symbol.path());
        let body = match &shape.kind {
            ShapeKind::Structure(_) => {
                let writes =
                    fields(ctx, shape)?.iter().map(|f| self.write_field(ctx, f)).collect::<Result<Vec<_>, _>>()?;
                quote!(#(#writes)*)
            }
            ShapeKind::Union(_) => {
                let mut arms = Vec::new();
                for f in fields(ctx, shape)? {
                    let variant = ident(&variant_name(&f.member.name));
                    let key = self.key(f.member);
                    if f.member.target.to_string() == UNIT {
                        arms.push(quote!(Self::#variant => w.push(&crate::rt::query::key(prefix, #key), ""),));
                    } else {
                        let write = self.write_value(
                            ctx,
                            f.member,
                            &f.ty,
                            quote!(v),
                            quote!(&crate::rt::query::key(prefix, #key)),
                        )?;
                        arms.push(quote!(Self::#variant(v) => { #write }));
                    }
                }
                let unknown = format!("cannot send the `Unknown` variant of {}", symbol.name);
                quote! {
                    match self {
                        #(#arms)*
                        Self::Unknown => return ::std::result::Result::Err(crate::rt::json::SerializeError(::std::string::String::from(#unknown))),
                    }
                }
            }
            _ => return Ok(TokenStream::new()),
        };
        Ok(quote! {
            impl #ty {
                #[allow(dead_code, unused_variables, clippy::needless_borrow)]
                pub(crate) fn write_query(&self, w: &mut crate::rt::query::QueryWriter, prefix: &str) -> ::std::result::Result<(), crate::rt::json::SerializeError> {
                    #body
                    ::std::result::Result::Ok(())
                }
            }
        })
    }

    fn write_field(self, ctx: &Ctx<'_>, f: &Field<'_>) -> Result<TokenStream, GenerateError> {
        let name = ident(&f.name);
        let key = self.key(f.member);
        let write = self.write_value(ctx, f.member, &f.ty, quote!(v), quote!(&crate::rt::query::key(prefix, #key)))?;
        Ok(if f.optional {
            quote!(if let ::std::option::Option::Some(v) = &self.#name { #write })
        } else {
            quote!({ let v = &self.#name; #write })
        })
    }

    /// Writes `v` (a reference to `ty`) of `member` under `key` (a `&str`
    /// expression).
    fn write_value(
        self,
        ctx: &Ctx<'_>,
        member: &Member,
        ty: &RustType,
        v: TokenStream,
        key: TokenStream,
    ) -> Result<TokenStream, GenerateError> {
        let target = ctx.shape(&member.target).ok_or_else(|| GenerateError::Unsupported {
            shape: member.id.to_string(),
            problem: format!("unknown target {}", member.target),
        })?;
        if let Some(text) = text(target, member, v.clone()) {
            return Ok(quote!(w.push(#key, &#text);));
        }
        let ty = match ty {
            RustType::Box(inner) => &**inner,
            other => other,
        };
        Ok(match (&target.kind, ty) {
            (ShapeKind::Structure(_) | ShapeKind::Union(_), _) => quote!(#v.write_query(w, #key)?;),
            (ShapeKind::List(item), RustType::Vec(item_ty)) => {
                let (item_ty, sparse) = match &**item_ty {
                    RustType::Option(inner) => (&**inner, true),
                    other => (other, false),
                };
                let flattened = self == Query::Ec2Query || member.traits.xml_flattened;
                let item_key = if flattened {
                    quote!(&::std::format!("{}.{}", list_key, i + 1))
                } else {
                    let member_name = item.traits.xml_name.as_deref().unwrap_or("member");
                    quote!(&::std::format!("{}.{}.{}", list_key, #member_name, i + 1))
                };
                let write_item = self.write_value(ctx, item, item_ty, quote!(item), item_key)?;
                let iter = if sparse { quote!(#v.iter().flatten()) } else { quote!(#v.iter()) };
                // awsQuery sends an empty list as an empty value; ec2Query leaves it out.
                let empty = match self {
                    Query::AwsQuery => quote!(if #v.is_empty() { w.push(list_key, ""); }),
                    Query::Ec2Query => quote!(),
                };
                quote! {
                    let list_key: &str = #key;
                    #empty
                    for (i, item) in #iter.enumerate() {
                        #write_item
                    }
                }
            }
            (ShapeKind::Map { key: map_key, value }, RustType::Map(key_ty, value_ty)) => {
                let key_name = map_key.traits.xml_name.as_deref().unwrap_or("key");
                let value_name = value.traits.xml_name.as_deref().unwrap_or("value");
                let flattened = self == Query::Ec2Query || member.traits.xml_flattened;
                let entry = if flattened {
                    quote!(::std::format!("{}.{}", map_prefix, i + 1))
                } else {
                    quote!(::std::format!("{}.entry.{}", map_prefix, i + 1))
                };
                let write_key = self.write_value(
                    ctx,
                    map_key,
                    key_ty,
                    quote!(k),
                    quote!(&::std::format!("{}.{}", entry, #key_name)),
                )?;
                let (value_ty, sparse) = match &**value_ty {
                    RustType::Option(inner) => (&**inner, true),
                    other => (other, false),
                };
                let write_v = self.write_value(
                    ctx,
                    value,
                    value_ty,
                    quote!(item),
                    quote!(&::std::format!("{}.{}", entry, #value_name)),
                )?;
                let write_v =
                    if sparse { quote!(if let ::std::option::Option::Some(item) = item { #write_v }) } else { write_v };
                quote! {
                    let map_prefix: &str = #key;
                    let mut entries: ::std::vec::Vec<_> = #v.iter().collect();
                    entries.sort_by(|a, b| a.0.as_str().cmp(b.0.as_str()));
                    for (i, (k, item)) in entries.into_iter().enumerate() {
                        let entry = #entry;
                        #write_key
                        #write_v
                    }
                }
            }
            _ => {
                return Err(GenerateError::Unsupported {
                    shape: member.id.to_string(),
                    problem: format!("the query protocols cannot carry {}", member.target),
                });
            }
        })
    }
}

/// The text of a simple value (a reference `v`), or `None` for aggregates.
fn text(target: &Shape, member: &Member, v: TokenStream) -> Option<TokenStream> {
    Some(match &target.kind {
        ShapeKind::Simple(SimpleType::String) | ShapeKind::Enum(_) => quote!(#v.as_str()),
        ShapeKind::Simple(
            SimpleType::Boolean | SimpleType::Byte | SimpleType::Short | SimpleType::Integer | SimpleType::Long,
        )
        | ShapeKind::IntEnum(_) => quote!(::std::string::ToString::to_string(#v)),
        ShapeKind::Simple(SimpleType::Float) => quote!(crate::rt::rest::fmt_f32(*#v)),
        ShapeKind::Simple(SimpleType::Double) => quote!(crate::rt::rest::fmt_f64(*#v)),
        ShapeKind::Simple(SimpleType::BigInteger | SimpleType::BigDecimal) => quote!(#v.as_str()),
        ShapeKind::Simple(SimpleType::Timestamp) => {
            let format = super::http_binding::format_tokens(
                member.traits.timestamp_format.or(target.traits.timestamp_format).unwrap_or(TimestampFormat::DateTime),
            );
            quote!(#v.fmt(#format).map_err(|e| crate::rt::json::SerializeError(::std::string::ToString::to_string(&e)))?)
        }
        ShapeKind::Simple(SimpleType::Blob) => quote!(crate::rt::json_blob::encode(#v.as_ref())),
        _ => return None,
    })
}
