//! Plans: what the emitters need to know about an operation, decided once
//! from the model and its typed traits, so that the protocol emitters and the
//! wiring read the same facts.

use super::structure::{Field, fields};
use super::{Ctx, GenerateError};
use crate::names::{OperationNames, RustType, TypeSymbol, escape_ident, snake, variant_name};
use crate::smithy::rules::{Parameter, ParameterType};
use crate::smithy::traits::StaticParam;
use crate::smithy::{Shape, ShapeId, ShapeKind};

/// How the retry policy treats a modelled error (`@retryable`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetryKind {
    /// `@retryable(throttling: true)`.
    Throttling,
    /// `@retryable`.
    Transient,
}

/// One modelled error of an operation.
pub struct ErrorPlan {
    /// The error code on the wire (the shape's name).
    pub code: String,
    /// The variant of the operation's error enum.
    pub variant: String,
    /// The error structure's type path.
    pub ty: String,
    /// The code the query protocols use instead, when `aws.protocols#awsQueryError` names one.
    pub query_code: Option<String>,
    /// Whether and how the error is retried.
    pub retry: Option<RetryKind>,
}

/// An endpoint rule parameter the operation sets.
pub struct ContextParam {
    /// The field of the generated `Params`.
    pub param_field: String,
    /// Whether the parameter is a plain value (required with a default) rather than an `Option`.
    pub plain: bool,
    /// The parameter's type in the rule set.
    pub kind: ParameterType,
    /// Where its value comes from.
    pub source: ParamSource,
}

/// Where an endpoint parameter's value comes from.
pub enum ParamSource {
    /// A `String` input member (`@contextParam`).
    StringMember(String),
    /// A `bool` input member (`@contextParam`).
    BoolMember(String),
    /// A value the operation fixes (`@staticContextParams`), of the parameter's type.
    Static(StaticParam),
    /// A JMESPath expression evaluated against the input
    /// (`smithy.rules#operationContextParams`); a value of another type
    /// than the parameter's sets nothing.
    Expression(String),
}

/// Everything about one operation the emitters need.
pub struct OperationPlan<'a> {
    /// The operation shape.
    pub shape: &'a Shape,
    /// Its Rust names and files.
    pub names: OperationNames,
    /// The input structure's type.
    pub input: &'a TypeSymbol,
    /// The output structure's type.
    pub output: &'a TypeSymbol,
    /// The input structure's fields.
    pub input_fields: Vec<Field<'a>>,
    /// Modelled errors, in the model's order.
    pub errors: Vec<ErrorPlan>,
    /// Input fields filled with a fresh token when unset (`@idempotencyToken`).
    pub idempotency_fields: Vec<String>,
    /// Endpoint parameters bound by the operation.
    pub context_params: Vec<ContextParam>,
    /// Whether the request body may be gzip-compressed (`@requestCompression`).
    pub compression: bool,
    /// How requests are authenticated.
    pub auth: AuthPlan,
    /// How the operation pages (`@paginated` with an input and output token).
    pub pagination: Option<PaginationPlan>,
}

/// How a `@paginated` operation pages, its members resolved to fields.
pub struct PaginationPlan {
    /// The input field carrying the continuation token (a `String`).
    pub input_token: String,
    /// Whether that field is an `Option`.
    pub input_token_optional: bool,
    /// The output fields leading to the next token (a `String`).
    pub output_token: Vec<PathStep>,
    /// The output fields leading to the page's items, and the item type.
    pub items: Option<ItemsPlan>,
    /// The input field limiting the page size, and its type.
    pub page_size: Option<(String, RustType)>,
}

/// One member of a dotted path through output structures.
pub struct PathStep {
    /// The field name.
    pub field: String,
    /// Whether the field is an `Option`.
    pub optional: bool,
}

/// Where a page's items are.
pub struct ItemsPlan {
    /// The output fields leading to the list or map.
    pub path: Vec<PathStep>,
    /// The type of one item (`(key, value)` for a map).
    pub item: RustType,
    /// Whether the items are a map, yielded as pairs.
    pub map: bool,
}

/// How an operation's requests are authenticated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthPlan {
    /// SigV4, credentials required.
    SigV4,
    /// SigV4 when credentials can be had (`@optionalAuth`).
    Optional,
    /// Never signed (`@auth([])`, on the operation or the service).
    None,
}

impl<'a> OperationPlan<'a> {
    /// The plan of `op`.
    pub fn of(ctx: &Ctx<'a>, op: &'a Shape) -> Result<OperationPlan<'a>, GenerateError> {
        let unsupported =
            |problem: &str| GenerateError::Unsupported { shape: op.id.to_string(), problem: problem.into() };
        let ShapeKind::Operation(operation) = &op.kind else { return Err(unsupported("not an operation")) };
        let input = ctx.symbols.type_symbol(&operation.input);
        let output = ctx.symbols.type_symbol(&operation.output);
        let (Some(input), Some(output)) = (input, output) else {
            return Err(unsupported("operation without input or output structure"));
        };
        let input_shape = ctx.model.shape(&operation.input).ok_or_else(|| unsupported("missing input"))?;
        let input_fields = fields(ctx, input_shape)?;
        let errors = operation
            .errors
            .iter()
            .filter_map(|id| {
                let shape = ctx.model.shape(id)?;
                let symbol = ctx.symbols.type_symbol(id)?;
                let retry = shape
                    .traits
                    .retryable
                    .map(|r| if r.throttling { RetryKind::Throttling } else { RetryKind::Transient });
                Some(ErrorPlan {
                    code: id.name().to_owned(),
                    variant: variant_name(&symbol.name),
                    ty: symbol.path(),
                    query_code: shape.traits.aws_query_error.as_ref().map(|q| q.code.clone()),
                    retry,
                })
            })
            .collect();
        let idempotency_fields = input_fields
            .iter()
            .filter(|f| f.member.traits.idempotency_token && f.ty == RustType::String)
            .map(|f| f.name.clone())
            .collect();
        let context_params = context_params(ctx, op, &input_fields);
        let pagination = pagination(ctx, op, &operation.output, &input_fields)?;
        Ok(OperationPlan {
            shape: op,
            names: OperationNames::of(&op.id),
            input,
            output,
            input_fields,
            errors,
            idempotency_fields,
            context_params,
            compression: op.traits.request_compression.is_some(),
            auth: auth_plan(ctx, op),
            pagination,
        })
    }
}

/// The operation's `@auth` (else the service's): an empty list means
/// anonymous; `@optionalAuth` signs when it can.
fn auth_plan(ctx: &Ctx<'_>, op: &Shape) -> AuthPlan {
    let schemes = op.traits.auth.as_ref().or(ctx.service.traits.auth.as_ref());
    if schemes.is_some_and(|s| s.is_empty()) {
        return AuthPlan::None;
    }
    if op.traits.optional_auth { AuthPlan::Optional } else { AuthPlan::SigV4 }
}

/// Endpoint parameters bound to input members (`@contextParam`), fixed by
/// the operation (`@staticContextParams`) or read from the input by an
/// expression (`smithy.rules#operationContextParams`), where the rule set
/// declares them, in that order.
fn context_params(ctx: &Ctx<'_>, op: &Shape, input_fields: &[Field<'_>]) -> Vec<ContextParam> {
    let Some(rules) = &ctx.service.traits.endpoint_rule_set else { return Vec::new() };
    let declared = |name: &str| rules.parameters.iter().find(|p| p.name == name);
    let param = |p: &Parameter, source| ContextParam {
        param_field: escape_ident(&snake(&p.name)),
        plain: p.required && p.default.is_some(),
        kind: p.kind,
        source,
    };
    let mut out = Vec::new();
    for f in input_fields {
        let Some(p) = f.member.traits.context_param.as_deref().and_then(declared) else { continue };
        let source = match f.ty {
            RustType::String => ParamSource::StringMember(f.name.clone()),
            RustType::Bool => ParamSource::BoolMember(f.name.clone()),
            _ => continue,
        };
        out.push(param(p, source));
    }
    for (name, value) in &op.traits.static_context_params {
        let Some(p) = declared(name) else { continue };
        let fits = matches!(
            (value, p.kind),
            (StaticParam::Bool(_), ParameterType::Boolean)
                | (StaticParam::String(_), ParameterType::String)
                | (StaticParam::StringArray(_), ParameterType::StringArray)
        );
        if fits {
            out.push(param(p, ParamSource::Static(value.clone())));
        }
    }
    for (name, expression) in &op.traits.operation_context_params {
        let Some(p) = declared(name) else { continue };
        out.push(param(p, ParamSource::Expression(expression.clone())));
    }
    out
}

/// The operation's `@paginated` merged over the service's, resolved to
/// fields; `None` when the operation does not page by a string token.
pub fn pagination(
    ctx: &Ctx<'_>,
    op: &Shape,
    output: &ShapeId,
    input_fields: &[Field<'_>],
) -> Result<Option<PaginationPlan>, GenerateError> {
    let Some(own) = &op.traits.paginated else { return Ok(None) };
    let service = ctx.service.traits.paginated.clone().unwrap_or_default();
    let merged = |own: &Option<String>, default: Option<String>| own.clone().or(default);
    let (Some(input_token), Some(output_token)) =
        (merged(&own.input_token, service.input_token), merged(&own.output_token, service.output_token))
    else {
        return Ok(None);
    };
    let Some(token_field) = input_fields.iter().find(|f| f.member.name == input_token && f.ty == RustType::String)
    else {
        return Ok(None);
    };
    let Some((output_token, RustType::String)) = resolve_path(ctx, output, &output_token)? else { return Ok(None) };
    let items = match merged(&own.items, service.items) {
        None => None,
        Some(items) => match resolve_path(ctx, output, &items)? {
            Some((path, RustType::Vec(item))) => Some(ItemsPlan { path, item: *item, map: false }),
            Some((path, RustType::Map(key, value))) => {
                Some(ItemsPlan { path, item: RustType::Map(key, value), map: true })
            }
            _ => None,
        },
    };
    let page_size = merged(&own.page_size, service.page_size)
        .and_then(|name| input_fields.iter().find(|f| f.member.name == name))
        .map(|f| (f.name.clone(), f.ty.clone()));
    Ok(Some(PaginationPlan {
        input_token: token_field.name.clone(),
        input_token_optional: token_field.optional,
        output_token,
        items,
        page_size,
    }))
}

/// The fields along a dotted member path (`Result.NextToken`) from the
/// structure `from`, and the type of the last; `None` when a member is missing.
fn resolve_path(ctx: &Ctx<'_>, from: &ShapeId, path: &str) -> Result<Option<(Vec<PathStep>, RustType)>, GenerateError> {
    let mut steps = Vec::new();
    let mut shape_id = from.clone();
    let mut ty = None;
    for name in path.split('.') {
        let Some(shape) = ctx.model.shape(&shape_id) else { return Ok(None) };
        let Some(field) = fields(ctx, shape)?.into_iter().find(|f| f.member.name == name) else { return Ok(None) };
        steps.push(PathStep { field: field.name.clone(), optional: field.optional });
        shape_id = field.member.target.clone();
        ty = Some(field.ty);
    }
    Ok(ty.map(|ty| (steps, ty)))
}
