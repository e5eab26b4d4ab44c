//! XML bodies of the XML protocols (restXml bodies and payloads; the
//! responses and errors of awsQuery and ec2Query): per-shape writers
//! (`write_xml`) and readers (`read_xml`) as inherent functions of the
//! generated types, following `@xmlName`, `@xmlAttribute`, `@xmlFlattened`
//! and `@xmlNamespace`.

use proc_macro2::TokenStream;
use quote::quote;

use super::protocol::SerdeNeeds;
use super::structure::{Field, fields, or_default};
use super::tokens::{ident, path, rust_type};
use super::{Ctx, GenerateError};
use crate::names::{RustType, TypeSymbol, variant_name};
use crate::smithy::traits::{TimestampFormat, XmlNamespace};
use crate::smithy::{Member, Shape, ShapeKind, SimpleType, UNIT};

/// The element name of a structure member: `@xmlName`, else the member name.
pub fn member_element(member: &Member) -> &str {
    member.traits.xml_name.as_deref().unwrap_or(&member.name)
}

/// The `xmlns` attribute a namespace trait adds.
pub fn namespace_attr(ns: &XmlNamespace) -> TokenStream {
    let uri = &ns.uri;
    match &ns.prefix {
        Some(prefix) => {
            let name = format!("xmlns:{prefix}");
            quote!(w.attr(#name, #uri);)
        }
        None => quote!(w.attr("xmlns", #uri);),
    }
}

/// A namespace as the `ns` argument of a generated `write_xml`.
pub fn ns_arg(ns: Option<&XmlNamespace>) -> TokenStream {
    match ns {
        Some(ns) => {
            let attr = ns.prefix.as_ref().map_or_else(|| "xmlns".to_owned(), |p| format!("xmlns:{p}"));
            let uri = &ns.uri;
            quote!(::std::option::Option::Some((#attr, #uri)))
        }
        None => quote!(::std::option::Option::None),
    }
}

fn unsupported(shape: &str, problem: impl Into<String>) -> GenerateError {
    GenerateError::Unsupported { shape: shape.to_owned(), problem: problem.into() }
}

/// The XML writer and reader of one structure, union or enum, for the
/// directions it needs; members for which `skip_write`/`skip_read` is true
/// (bound to HTTP elsewhere) are left out. A structure without its own
/// `@xmlNamespace` writes `default_ns` (the service's, for a request body).
pub fn emit_xml_serde(
    ctx: &Ctx<'_>,
    shape: &Shape,
    symbol: &TypeSymbol,
    needs: SerdeNeeds,
    default_ns: Option<&XmlNamespace>,
    skip_write: impl Fn(&Member) -> bool,
    skip_read: impl Fn(&Member) -> bool,
) -> Result<TokenStream, GenerateError> {
    let ty = path(&symbol.path());
    let mut out = TokenStream::new();
    match &shape.kind {
        ShapeKind::Structure(_) => {
            let all = fields(ctx, shape)?;
            if needs.serialize {
                // Attributes belong to the start tag: they go first.
                let mut ordered: Vec<&Field<'_>> = all.iter().filter(|f| !skip_write(f.member)).collect();
                ordered.sort_by_key(|f| !f.member.traits.xml_attribute);
                let writes = ordered.iter().map(|f| write_field(ctx, shape, f)).collect::<Result<Vec<_>, _>>()?;
                let _ = default_ns;
                out.extend(quote! {
                    impl #ty {
                        #[allow(dead_code, unused_variables, clippy::needless_borrow)]
                        pub(crate) fn write_xml(
                            &self,
                            w: &mut crate::rt::xml::XmlWriter,
                            name: &str,
                            member_ns: ::std::option::Option<(&str, &str)>,
                        ) -> ::std::result::Result<(), crate::rt::json::SerializeError> {
                            w.start(name);
                            if let ::std::option::Option::Some((attr, uri)) = member_ns {
                                w.attr(attr, uri);
                            }
                            #(#writes)*
                            w.end(name);
                            ::std::result::Result::Ok(())
                        }
                    }
                });
            }
            if needs.deserialize {
                out.extend(structure_reader(ctx, shape, symbol, &ty, &all, &skip_read)?);
            }
        }
        ShapeKind::Union(_) => {
            let all = fields(ctx, shape)?;
            if needs.serialize {
                out.extend(union_writer(ctx, shape, &symbol.name, &ty, &all)?);
            }
            if needs.deserialize {
                out.extend(union_reader(ctx, shape, &ty, &all)?);
            }
        }
        _ => {}
    }
    Ok(out)
}

/// Writes one field (skipping unset optional ones): attributes were written
/// with the start tag, so only elements here.
fn write_field(ctx: &Ctx<'_>, shape: &Shape, f: &Field<'_>) -> Result<TokenStream, GenerateError> {
    let name = ident(&f.name);
    let element = member_element(f.member);
    let write = if f.member.traits.xml_attribute {
        // Attributes are written right after the start tag.
        let text = scalar_text(ctx, shape, f.member, quote!(v))?;
        quote!(w.attr(#element, &#text);)
    } else {
        write_value(ctx, f.member, &f.ty, quote!(v), quote!(#element))?
    };
    let _ = shape;
    Ok(if f.optional {
        quote!(if let ::std::option::Option::Some(v) = &self.#name { #write })
    } else {
        quote!({ let v = &self.#name; #write })
    })
}

/// The text of a simple value `v` (a reference), as a `String`.
fn scalar_text(ctx: &Ctx<'_>, shape: &Shape, member: &Member, v: TokenStream) -> Result<TokenStream, GenerateError> {
    let target = ctx.shape(&member.target).ok_or_else(|| unsupported(&shape.id.to_string(), "unknown target"))?;
    simple_text(target, member, v).ok_or_else(|| {
        unsupported(&format!("{}${}", shape.id, member.name), "`smithy.api#xmlAttribute` needs a simple type")
    })
}

/// The text of a simple value of shape `target`, or `None` for an aggregate.
fn simple_text(target: &Shape, member: &Member, v: TokenStream) -> Option<TokenStream> {
    Some(match &target.kind {
        ShapeKind::Simple(SimpleType::String) => quote!(::std::string::String::from(#v.as_str())),
        ShapeKind::Enum(_) => quote!(::std::string::String::from(#v.as_str())),
        ShapeKind::Simple(
            SimpleType::Boolean | SimpleType::Byte | SimpleType::Short | SimpleType::Integer | SimpleType::Long,
        )
        | ShapeKind::IntEnum(_) => quote!(::std::string::ToString::to_string(#v)),
        ShapeKind::Simple(SimpleType::Float) => quote!(crate::rt::rest::fmt_f32(*#v)),
        ShapeKind::Simple(SimpleType::Double) => quote!(crate::rt::rest::fmt_f64(*#v)),
        ShapeKind::Simple(SimpleType::BigInteger | SimpleType::BigDecimal) => {
            quote!(::std::string::String::from(#v.as_str()))
        }
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

/// Writes the value `v` (a reference to `ty`) of `member` as the element
/// `name` (an `&str` expression); lists and maps per `@xmlFlattened`.
fn write_value(
    ctx: &Ctx<'_>,
    member: &Member,
    ty: &RustType,
    v: TokenStream,
    name: TokenStream,
) -> Result<TokenStream, GenerateError> {
    let target = ctx
        .shape(&member.target)
        .ok_or_else(|| unsupported(&member.id.to_string(), format!("unknown target {}", member.target)))?;
    let ns = member.traits.xml_namespace.as_ref().map(namespace_attr);
    if let Some(text) = simple_text(target, member, v.clone()) {
        return Ok(quote! {
            w.start(#name);
            #ns
            w.text(&#text);
            w.end(#name);
        });
    }
    let inner_ty = match ty {
        RustType::Box(inner) => inner,
        other => other,
    };
    Ok(match (&target.kind, inner_ty) {
        (ShapeKind::Structure(_) | ShapeKind::Union(_), _) => {
            // Only the member's namespace: a structure's own is for the document's root.
            let member_ns = ns_arg(member.traits.xml_namespace.as_ref());
            quote!(#v.write_xml(w, #name, #member_ns)?;)
        }
        (ShapeKind::List(item), RustType::Vec(item_ty)) => {
            let flattened = member.traits.xml_flattened;
            let item_name = if flattened {
                name.clone()
            } else {
                let n = member_element(item);
                quote!(#n)
            };
            let (item_ty, sparse) = match &**item_ty {
                RustType::Option(inner) => (&**inner, true),
                other => (other, false),
            };
            let write_item = write_value(ctx, item, item_ty, quote!(item), item_name)?;
            let each = if sparse {
                quote!(for item in #v.iter().flatten() { #write_item })
            } else {
                quote!(for item in #v.iter() { #write_item })
            };
            if flattened {
                each
            } else {
                quote! {
                    w.start(#name);
                    #ns
                    #each
                    w.end(#name);
                }
            }
        }
        (ShapeKind::Map { key, value }, RustType::Map(key_ty, value_ty)) => {
            let flattened = member.traits.xml_flattened;
            let key_name = key.traits.xml_name.as_deref().unwrap_or("key");
            let value_name = value.traits.xml_name.as_deref().unwrap_or("value");
            let write_key = write_value(ctx, key, key_ty, quote!(k), quote!(#key_name))?;
            let (value_ty, sparse) = match &**value_ty {
                RustType::Option(inner) => (&**inner, true),
                other => (other, false),
            };
            let write_v = write_value(ctx, value, value_ty, quote!(item), quote!(#value_name))?;
            let write_v =
                if sparse { quote!(if let ::std::option::Option::Some(item) = item { #write_v }) } else { write_v };
            let entry_name = if flattened { name.clone() } else { quote!("entry") };
            let each = quote! {
                let mut entries: ::std::vec::Vec<_> = #v.iter().collect();
                entries.sort_by(|a, b| a.0.as_str().cmp(b.0.as_str()));
                for (k, item) in entries {
                    w.start(#entry_name);
                    #write_key
                    #write_v
                    w.end(#entry_name);
                }
            };
            if flattened {
                each
            } else {
                quote! {
                    w.start(#name);
                    #ns
                    #each
                    w.end(#name);
                }
            }
        }
        _ => {
            return Err(unsupported(
                &member.id.to_string(),
                format!("the XML protocols cannot carry {} (documents have no XML form)", member.target),
            ));
        }
    })
}

/// Reads the element `node` (a `Node`) as the value type `ty` of `member`.
/// For lists and maps `node` is the wrapper element (not flattened).
pub fn read_value(
    ctx: &Ctx<'_>,
    member: &Member,
    ty: &RustType,
    node: TokenStream,
) -> Result<TokenStream, GenerateError> {
    let target = ctx
        .shape(&member.target)
        .ok_or_else(|| unsupported(&member.id.to_string(), format!("unknown target {}", member.target)))?;
    if let RustType::Box(inner) = ty {
        let inner = read_value(ctx, member, inner, node)?;
        return Ok(quote!(::std::boxed::Box::new(#inner)));
    }
    Ok(match &target.kind {
        ShapeKind::List(item) => {
            let RustType::Vec(item_ty) = ty else { return Err(unsupported(&member.id.to_string(), "list type")) };
            let read = read_element(ctx, item, item_ty, quote!(item))?;
            quote! {
                {
                    let mut items = ::std::vec::Vec::new();
                    for item in #node.children() {
                        items.push(#read);
                    }
                    items
                }
            }
        }
        ShapeKind::Map { key, value } => {
            let RustType::Map(key_ty, value_ty) = ty else {
                return Err(unsupported(&member.id.to_string(), "map type"));
            };
            let entry = read_entry(ctx, key, value, key_ty, value_ty)?;
            quote! {
                {
                    let mut map = ::std::collections::HashMap::new();
                    for entry in #node.children() {
                        #entry
                    }
                    map
                }
            }
        }
        _ => read_scalar_or_aggregate(ctx, member, target, ty, node.clone(), quote!(#node.text()))?,
    })
}

/// Reads a list element or map value: sparse collections hold `Option`s.
fn read_element(
    ctx: &Ctx<'_>,
    member: &Member,
    ty: &RustType,
    node: TokenStream,
) -> Result<TokenStream, GenerateError> {
    match ty {
        RustType::Option(inner) => {
            let read = read_value(ctx, member, inner, node)?;
            Ok(quote!(::std::option::Option::Some(#read)))
        }
        _ => read_value(ctx, member, ty, node),
    }
}

/// Statements inserting the map entry `entry` (an element with key and value
/// children) into `map`.
fn read_entry(
    ctx: &Ctx<'_>,
    key: &Member,
    value: &Member,
    key_ty: &RustType,
    value_ty: &RustType,
) -> Result<TokenStream, GenerateError> {
    let key_name = key.traits.xml_name.as_deref().unwrap_or("key");
    let value_name = value.traits.xml_name.as_deref().unwrap_or("value");
    let read_key = read_value(ctx, key, key_ty, quote!(k))?;
    let read_v = read_element(ctx, value, value_ty, quote!(v))?;
    Ok(quote! {
        let mut found_key = ::std::option::Option::None;
        let mut found_value = ::std::option::Option::None;
        for part in entry.children() {
            if part.name() == #key_name {
                let k = part;
                found_key = ::std::option::Option::Some(#read_key);
            } else if part.name() == #value_name {
                let v = part;
                found_value = ::std::option::Option::Some(#read_v);
            }
        }
        if let (::std::option::Option::Some(k), ::std::option::Option::Some(v)) = (found_key, found_value) {
            map.insert(k, v);
        }
    })
}

/// Reads a simple value from `text` (a `Cow<str>` expression), or a
/// structure or union from the element `node`.
fn read_scalar_or_aggregate(
    ctx: &Ctx<'_>,
    member: &Member,
    target: &Shape,
    ty: &RustType,
    node: TokenStream,
    text: TokenStream,
) -> Result<TokenStream, GenerateError> {
    let _ = ctx;
    Ok(match &target.kind {
        ShapeKind::Simple(SimpleType::String) => quote!(#text.into_owned()),
        ShapeKind::Enum(_) => {
            let t = rust_type(ty);
            quote!(<#t>::from(#text.as_ref()))
        }
        ShapeKind::Simple(SimpleType::Boolean) => quote!(crate::rt::xml::read_bool(&#text)?),
        ShapeKind::Simple(SimpleType::Byte | SimpleType::Short | SimpleType::Integer | SimpleType::Long)
        | ShapeKind::IntEnum(_) => quote!(crate::rt::xml::read_int(&#text)?),
        ShapeKind::Simple(SimpleType::Float) => quote!(crate::rt::xml::read_f32(&#text)?),
        ShapeKind::Simple(SimpleType::Double) => quote!(crate::rt::xml::read_f64(&#text)?),
        ShapeKind::Simple(SimpleType::BigInteger | SimpleType::BigDecimal) => {
            let t = rust_type(ty);
            quote!(<#t as ::std::str::FromStr>::from_str(#text.trim()).map_err(|e| crate::rt::json::DeserializeError::new(::std::string::ToString::to_string(&e)))?)
        }
        ShapeKind::Simple(SimpleType::Timestamp) => {
            let format = super::http_binding::format_tokens(
                member.traits.timestamp_format.or(target.traits.timestamp_format).unwrap_or(TimestampFormat::DateTime),
            );
            quote!(crate::rt::xml::read_timestamp(&#text, #format)?)
        }
        ShapeKind::Simple(SimpleType::Blob) => quote!(crate::rt::xml::read_blob(&#text)?),
        ShapeKind::Structure(_) | ShapeKind::Union(_) => {
            let t = rust_type(ty);
            quote!(<#t>::read_xml(#node)?)
        }
        _ => {
            return Err(unsupported(
                &member.id.to_string(),
                format!("the XML protocols cannot carry {} (documents have no XML form)", member.target),
            ));
        }
    })
}

/// A value for a required member the response left out.
fn zero(ctx: &Ctx<'_>, member: &Member, ty: &RustType) -> TokenStream {
    match ty {
        RustType::Box(inner) => {
            let inner = zero(ctx, member, inner);
            quote!(::std::boxed::Box::new(#inner))
        }
        RustType::Named(p) => {
            let p = path(p);
            match ctx.shape(&member.target).map(|s| &s.kind) {
                Some(ShapeKind::Enum(_)) => quote!(<#p>::from("")),
                Some(ShapeKind::Union(_)) => quote!(<#p>::Unknown),
                _ => quote!(<#p>::read_xml(crate::rt::xml::XmlDocument::parse(b"<e/>")?.root()?)?),
            }
        }
        RustType::DateTime => quote!(crate::primitives::DateTime::from_secs(0)),
        _ => quote!(::std::default::Default::default()),
    }
}

fn structure_reader(
    ctx: &Ctx<'_>,
    shape: &Shape,
    symbol: &TypeSymbol,
    ty: &TokenStream,
    fields: &[Field<'_>],
    skip: &dyn Fn(&Member) -> bool,
) -> Result<TokenStream, GenerateError> {
    let builder = path(&symbol.builder_path());
    let is_error = shape.traits.is_error();
    let mut arms = Vec::new();
    let mut attrs = Vec::new();
    for f in fields.iter().filter(|f| !skip(f.member)) {
        let name = ident(&f.name);
        let element = member_element(f.member);
        if f.member.traits.xml_attribute {
            let target = ctx.shape(&f.member.target).ok_or_else(|| unsupported(&shape.id.to_string(), "target"))?;
            // Attribute values go through the same scalar readers.
            let read = read_scalar_or_aggregate(ctx, f.member, target, &f.ty, quote!(node), quote!(value))?;
            attrs.push(quote! {
                if let ::std::option::Option::Some(value) = node.attr(#element) {
                    builder.#name = ::std::option::Option::Some(#read);
                }
            });
            continue;
        }
        let target = ctx.shape(&f.member.target).ok_or_else(|| unsupported(&shape.id.to_string(), "target"))?;
        let flattened_list = f.member.traits.xml_flattened && matches!(target.kind, ShapeKind::List(_));
        let flattened_map = f.member.traits.xml_flattened && matches!(target.kind, ShapeKind::Map { .. });
        let arm = if flattened_list {
            let (ShapeKind::List(item), RustType::Vec(item_ty)) = (&target.kind, &f.ty) else { continue };
            let read = read_element(ctx, item, item_ty, quote!(child))?;
            quote!(#element => builder.#name.get_or_insert_with(::std::vec::Vec::new).push(#read),)
        } else if flattened_map {
            let (ShapeKind::Map { key, value }, RustType::Map(key_ty, value_ty)) = (&target.kind, &f.ty) else {
                continue;
            };
            let entry = read_entry(ctx, key, value, key_ty, value_ty)?;
            quote! {
                #element => {
                    let entry = child;
                    let map = builder.#name.get_or_insert_with(::std::collections::HashMap::new);
                    #entry
                }
            }
        } else {
            let read = read_value(ctx, f.member, &f.ty, quote!(child))?;
            // Services spell an error's message element in several ways.
            let mut names = vec![element];
            if is_error && element.eq_ignore_ascii_case("message") {
                names.extend(["message", "Message"].into_iter().filter(|n| *n != element));
            }
            quote!(#(#names)|* => builder.#name = ::std::option::Option::Some(#read),)
        };
        arms.push(arm);
    }
    let inits = fields.iter().map(|f| {
        let name = ident(&f.name);
        if f.optional {
            quote!(#name: builder.#name,)
        } else if let Some(default) = &f.default {
            let value = or_default(quote!(builder.#name), default);
            quote!(#name: #value,)
        } else {
            match &f.ty {
                RustType::Box(_) | RustType::Named(_) | RustType::DateTime => {
                    let zero = zero(ctx, f.member, &f.ty);
                    quote!(#name: match builder.#name { ::std::option::Option::Some(v) => v, ::std::option::Option::None => #zero },)
                }
                _ => quote!(#name: builder.#name.unwrap_or_default(),),
            }
        }
    });
    let meta = if is_error { quote!(meta: ::std::default::Default::default(),) } else { quote!() };
    let children = if arms.is_empty() {
        quote!()
    } else {
        quote! {
            for child in node.children() {
                match child.name() {
                    #(#arms)*
                    _ => {}
                }
            }
        }
    };
    Ok(quote! {
        impl #ty {
            #[allow(dead_code, unused_mut, unused_variables, clippy::single_match)]
            pub(crate) fn read_xml(node: crate::rt::xml::Node<'_>) -> ::std::result::Result<Self, crate::rt::json::DeserializeError> {
                let mut builder = <#builder as ::std::default::Default>::default();
                #children
                #(#attrs)*
                ::std::result::Result::Ok(Self { #(#inits)* #meta })
            }
        }
    })
}

fn union_writer(
    ctx: &Ctx<'_>,
    shape: &Shape,
    type_name: &str,
    ty: &TokenStream,
    fields: &[Field<'_>],
) -> Result<TokenStream, GenerateError> {
    let mut arms = Vec::new();
    for f in fields {
        let variant = ident(&variant_name(&f.member.name));
        let element = member_element(f.member);
        if f.member.target.to_string() == UNIT {
            arms.push(quote!(Self::#variant => { w.start(#element); w.end(#element); }));
        } else {
            let write = write_value(ctx, f.member, &f.ty, quote!(v), quote!(#element))?;
            arms.push(quote!(Self::#variant(v) => { #write }));
        }
    }
    let unknown =
        format!("cannot send the `Unknown` variant of {type_name}: it stands for a member this crate does not know");
    let _ = shape;
    Ok(quote! {
        impl #ty {
            #[allow(dead_code, clippy::needless_borrow)]
            pub(crate) fn write_xml(
                &self,
                w: &mut crate::rt::xml::XmlWriter,
                name: &str,
                member_ns: ::std::option::Option<(&str, &str)>,
            ) -> ::std::result::Result<(), crate::rt::json::SerializeError> {
                w.start(name);
                if let ::std::option::Option::Some((attr, uri)) = member_ns {
                    w.attr(attr, uri);
                }
                match self {
                    #(#arms)*
                    Self::Unknown => return ::std::result::Result::Err(crate::rt::json::SerializeError(::std::string::String::from(#unknown))),
                }
                w.end(name);
                ::std::result::Result::Ok(())
            }
        }
    })
}

fn union_reader(
    ctx: &Ctx<'_>,
    shape: &Shape,
    ty: &TokenStream,
    fields: &[Field<'_>],
) -> Result<TokenStream, GenerateError> {
    let _ = shape;
    let mut arms = Vec::new();
    for f in fields {
        let variant = ident(&variant_name(&f.member.name));
        let element = member_element(f.member);
        if f.member.target.to_string() == UNIT {
            arms.push(quote!(#element => Self::#variant,));
        } else {
            let target = ctx.shape(&f.member.target);
            let flattened_list =
                f.member.traits.xml_flattened && target.is_some_and(|t| matches!(t.kind, ShapeKind::List(_)));
            let read = if flattened_list {
                // One element per item, directly in the union.
                let (Some(ShapeKind::List(item)), RustType::Vec(item_ty)) = (target.map(|t| &t.kind), &f.ty) else {
                    continue;
                };
                let read = read_element(ctx, item, item_ty, quote!(item))?;
                quote! {
                    {
                        let mut items = ::std::vec::Vec::new();
                        for item in node.children().filter(|c| c.name() == #element) {
                            items.push(#read);
                        }
                        items
                    }
                }
            } else {
                read_value(ctx, f.member, &f.ty, quote!(child))?
            };
            arms.push(quote!(#element => Self::#variant(#read),));
        }
    }
    Ok(quote! {
        impl #ty {
            #[allow(dead_code, unused_variables)]
            pub(crate) fn read_xml(node: crate::rt::xml::Node<'_>) -> ::std::result::Result<Self, crate::rt::json::DeserializeError> {
                let child = node.children().next().ok_or_else(|| crate::rt::json::DeserializeError::new("a union must have exactly one member set, found none"))?;
                ::std::result::Result::Ok(match child.name() {
                    #(#arms)*
                    _ => Self::Unknown,
                })
            }
        }
    })
}
