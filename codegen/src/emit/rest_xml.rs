//! The restXml protocol: the HTTP bindings (`http_binding`) with XML bodies
//! (`xml`), and the customisations Amazon S3's model needs.

use proc_macro2::TokenStream;
use quote::quote;

use super::http_binding::{Binding, Direction, Location, is_bound};
use super::plan::OperationPlan;
use super::protocol::{Protocol, SerdeNeeds};
use super::rest_json::{BodyFormat, error_bindings, rest_operation_items, top_level};
use super::tokens::{ident, path};
use super::xml::{emit_xml_serde, member_element, read_value};
use super::{Ctx, GenerateError};
use crate::names::TypeSymbol;
use crate::passes::original_structure;
use crate::smithy::{Member, Shape};

/// `aws.protocols#restXml`.
#[derive(Debug, Clone, Copy)]
pub struct RestXml;

impl Protocol for RestXml {
    fn name(&self) -> &'static str {
        "restXml"
    }

    fn shape_serde(
        &self,
        ctx: &Ctx<'_>,
        shape: &Shape,
        symbol: &TypeSymbol,
        needs: SerdeNeeds,
    ) -> Result<TokenStream, GenerateError> {
        let (input, output) = top_level(ctx, shape);
        let service_ns = if input { ctx.service.traits.xml_namespace.as_ref() } else { None };
        let mut out = emit_xml_serde(
            ctx,
            shape,
            symbol,
            needs,
            service_ns,
            |m| input && is_bound(m, Direction::Request),
            |m| output && is_bound(m, Direction::Response),
        )?;
        if shape.traits.is_error() && needs.deserialize {
            out.extend(error_bindings(ctx, shape, symbol)?);
        }
        Ok(out)
    }

    fn operation_items(&self, ctx: &Ctx<'_>, plan: &OperationPlan<'_>) -> Result<TokenStream, GenerateError> {
        rest_operation_items(ctx, plan, BodyFormat::Xml)
    }
}

/// The root element of an input's body: the structure's `@xmlName`, else
/// the name of the structure the operation's input copies.
pub fn root_element(ctx: &Ctx<'_>, input: &Shape) -> String {
    let _ = ctx;
    if let Some(name) = &input.traits.xml_name {
        return name.clone();
    }
    original_structure(input).map_or_else(|| input.id.name().to_owned(), |id| id.name().to_owned())
}

/// The root element of a structure or union payload: the member's
/// `@xmlName`, else the target's `@xmlName`, else the target's name.
pub fn payload_element(ctx: &Ctx<'_>, member: &Member) -> String {
    if let Some(name) = &member.traits.xml_name {
        return name.clone();
    }
    match ctx.shape(&member.target) {
        Some(target) => target.traits.xml_name.clone().unwrap_or_else(|| target.id.name().to_owned()),
        None => member.name.clone(),
    }
}

/// `aws.customizations#s3UnwrappedXmlOutput` (S3's `GetBucketLocation`):
/// the document's root element is the output's one body member.
pub fn unwrapped_output(
    ctx: &Ctx<'_>,
    plan: &OperationPlan<'_>,
    bindings: &[Binding<'_>],
) -> Result<TokenStream, GenerateError> {
    let output_ty = path(&plan.output.path());
    let body: Vec<&Binding<'_>> = bindings.iter().filter(|b| b.location == Location::Body).collect();
    let [member] = body.as_slice() else {
        return Err(GenerateError::Unsupported {
            shape: plan.shape.id.to_string(),
            problem: "`aws.customizations#s3UnwrappedXmlOutput` needs an output with exactly one body member".into(),
        });
    };
    let field = ident(&member.field.name);
    let element = member_element(member.field.member);
    let read = read_value(ctx, member.field.member, &member.field.ty, quote!(root))?;
    let set = if member.field.optional {
        quote!(output.#field = ::std::option::Option::Some(#read);)
    } else {
        quote!(output.#field = #read;)
    };
    Ok(quote! {
        {
            let mut output = <#output_ty>::read_xml(crate::rt::xml::XmlDocument::parse(b"<e/>")?.root()?)?;
            if let ::std::option::Option::Some(doc) = crate::rt::xml::XmlDocument::parse_optional(response.body())? {
                let root = doc.root()?;
                if root.name() == #element {
                    #set
                }
            }
            output
        }
    })
}
