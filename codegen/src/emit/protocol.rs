//! The seam between the shape emitters and the wire: one [`Protocol`]
//! implementation per protocol trait. The operation wiring
//! (`operation_spec`) asks the service's protocol for the parts that depend
//! on the wire format; everything else is shared.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use proc_macro2::TokenStream;

use super::aws_json::AwsJson;
use super::aws_query::Query;
use super::plan::OperationPlan;
use super::rest_json::RestJson;
use super::rest_xml::RestXml;
use super::{Ctx, GenerateError};
use crate::names::TypeSymbol;
use crate::smithy::traits::Protocol as ProtocolTrait;
use crate::smithy::{Shape, ShapeId, ShapeKind};

/// Which directions a shape needs: written in requests, read from responses.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SerdeNeeds {
    /// Reachable from an operation input.
    pub serialize: bool,
    /// Reachable from an operation output or error.
    pub deserialize: bool,
}

/// A wire protocol: how inputs become requests and responses become outputs
/// and errors.
pub trait Protocol: Sync {
    /// The protocol trait's name, e.g. `awsJson1_0`.
    fn name(&self) -> &'static str;

    /// The (de)serialiser of one structure, union or enum, for the directions it needs.
    fn shape_serde(
        &self,
        ctx: &Ctx<'_>,
        shape: &Shape,
        symbol: &TypeSymbol,
        needs: SerdeNeeds,
    ) -> Result<TokenStream, GenerateError>;

    /// The operation's request line, protocol headers and body, and its
    /// response and error parsing, as items of its `OperationSpec`
    /// implementation (`request`, `parse_output`, `parse_error`).
    fn operation_items(&self, ctx: &Ctx<'_>, plan: &OperationPlan<'_>) -> Result<TokenStream, GenerateError>;
}

/// The protocol of the service: the first of its protocol traits the
/// generator implements, or an error that names the ones it has.
pub fn protocol_of(ctx: &Ctx<'_>) -> Result<Box<dyn Protocol>, GenerateError> {
    let protocols = &ctx.service.traits.protocols;
    // JSON first where a service declares several (CloudWatch: awsJson1_0 and awsQuery).
    for protocol in protocols {
        match protocol {
            ProtocolTrait::AwsJson1_0 => return Ok(Box::new(AwsJson::V1_0)),
            ProtocolTrait::AwsJson1_1 => return Ok(Box::new(AwsJson::V1_1)),
            ProtocolTrait::RestJson1 => return Ok(Box::new(RestJson)),
            _ => {}
        }
    }
    for protocol in protocols {
        match protocol {
            ProtocolTrait::AwsQuery => return Ok(Box::new(Query::AwsQuery)),
            ProtocolTrait::Ec2Query => return Ok(Box::new(Query::Ec2Query)),
            ProtocolTrait::RestXml => return Ok(Box::new(RestXml)),
            _ => {}
        }
    }
    let found = match protocols.as_slice() {
        [] => "no protocol trait".to_owned(),
        [one] => format!("the {} protocol", one.name()),
        many => format!("the protocols {}", many.iter().map(|p| p.name()).collect::<Vec<_>>().join(", ")),
    };
    Err(GenerateError::Unsupported {
        shape: ctx.service.id.to_string(),
        problem: format!(
            "the service uses {found}; this generator supports awsJson1_0, awsJson1_1, restJson1, awsQuery, ec2Query and restXml"
        ),
    })
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
