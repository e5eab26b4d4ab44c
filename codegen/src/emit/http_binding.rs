//! The HTTP bindings the REST protocols (restJson1, restXml) share: where
//! each member of an operation's input, output or error travels (URI label,
//! query, header, prefix headers, payload, status code or the body), planned
//! and checked once from the typed traits, and the code that moves simple
//! values in and out of URIs and headers.
//!
//! Nothing here knows a body format: the protocols serialise the body
//! members and payloads.

use proc_macro2::TokenStream;
use quote::quote;

use super::structure::{Field, fields};
use super::{Ctx, GenerateError};
use crate::names::RustType;
use crate::passes::SyntheticIo;
use crate::smithy::traits::{Http, TimestampFormat};
use crate::smithy::{Member, Shape, ShapeKind, SimpleType};

/// Where a member travels.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// A `{label}` of the URI pattern (`@httpLabel`); the pattern says
    /// whether it is greedy.
    Label,
    /// A query parameter (`@httpQuery`).
    Query(String),
    /// A map of query parameters (`@httpQueryParams`).
    QueryParams,
    /// A header (`@httpHeader`).
    Header(String),
    /// Headers named by a prefix and the map's keys (`@httpPrefixHeaders`).
    PrefixHeaders(String),
    /// The whole body (`@httpPayload`).
    Payload,
    /// The response's status code (`@httpResponseCode`).
    ResponseCode,
    /// A member of the protocol's body document.
    Body,
}

/// The kind of a simple value bound to a URI, query or header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scalar {
    /// A string; `media_type` when `@mediaType` makes headers carry it in base64.
    String {
        /// Whether the shape has `@mediaType`.
        media_type: bool,
    },
    /// A string enum.
    Enum,
    /// An `intEnum` (an `i32`).
    IntEnum,
    /// A boolean.
    Bool,
    /// An integer type.
    Integer,
    /// `f32`.
    F32,
    /// `f64`.
    F64,
    /// A timestamp in this format.
    Timestamp(TimestampFormat),
    /// A blob, base64 in headers and queries.
    Blob,
}

/// What a payload member (`@httpPayload`) is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PayloadKind {
    /// Raw bytes.
    Blob,
    /// Raw bytes streamed (`@streaming`).
    Stream {
        /// `@requiresLength`.
        requires_length: bool,
    },
    /// UTF-8 text.
    String,
    /// An enum's value as text.
    Enum,
    /// A structure in the protocol's document format.
    Structure,
    /// A union in the protocol's document format.
    Union,
    /// A document.
    Document,
    /// An event stream (`@streaming` union): not supported yet.
    EventStream,
}

/// How one member is bound.
pub struct Binding<'a> {
    /// The member's field.
    pub field: Field<'a>,
    /// Where it travels.
    pub location: Location,
    /// The target shape.
    pub target: &'a Shape,
}

impl Binding<'_> {
    /// The member's name in the model.
    pub fn member_name(&self) -> &str {
        &self.field.member.name
    }
}

/// A piece of the URI pattern's path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathPart {
    /// Literal text (already valid in a URI).
    Literal(String),
    /// A label, by member name.
    Label {
        /// The member name.
        name: String,
        /// `{Name+}`.
        greedy: bool,
    },
}

/// The request side of an operation's `@http` trait.
pub struct RequestBindings<'a> {
    /// The method.
    pub method: String,
    /// The path pattern.
    pub path: Vec<PathPart>,
    /// Literal query text from the pattern, each `k=v` or `k`.
    pub literal_query: Vec<String>,
    /// The input members, each with its location.
    pub members: Vec<Binding<'a>>,
}

impl<'a> RequestBindings<'a> {
    /// The bindings of `op`'s input, checked against its URI pattern. With
    /// `strip_bucket` (Amazon S3), a leading `/{Bucket}` leaves the path: the
    /// endpoint rules put the bucket in the host or the endpoint's path.
    pub fn of(ctx: &Ctx<'a>, op: &'a Shape, input: &'a Shape, strip_bucket: bool) -> Result<Self, GenerateError> {
        let http = op.traits.http.as_ref().ok_or_else(|| GenerateError::Unsupported {
            shape: op.id.to_string(),
            problem: "the operation has no `smithy.api#http` trait, which the service's REST protocol needs".into(),
        })?;
        let (mut path, literal_query) = parse_uri(op, http)?;
        let stripped = strip_bucket
            && matches!(path.as_slice(), [PathPart::Literal(slash), PathPart::Label { name, greedy: false }, ..] if slash == "/" && name == "Bucket");
        if stripped {
            path.remove(1);
            if let [PathPart::Literal(first), PathPart::Literal(second), ..] = path.as_slice() {
                // `/` + `/{Key+}`: one slash.
                if first == "/" && second.starts_with('/') {
                    path.remove(0);
                }
            }
        }
        let members = bindings(ctx, input, Direction::Request)?;
        // Every label of the pattern is a member and the other way round.
        for part in &path {
            if let PathPart::Label { name, .. } = part {
                let bound = members.iter().find(|b| b.member_name() == name);
                match bound.map(|b| &b.location) {
                    Some(Location::Label) => {}
                    _ => {
                        return Err(GenerateError::Unsupported {
                            shape: op.id.to_string(),
                            problem: format!(
                                "the URI pattern `{}` has the label `{name}`, but the input has no `@httpLabel` member of that name",
                                http.uri
                            ),
                        });
                    }
                }
            }
        }
        for b in members.iter().filter(|b| b.location == Location::Label) {
            if stripped && b.member_name() == "Bucket" {
                continue;
            }
            if !path.iter().any(|p| matches!(p, PathPart::Label { name, .. } if name == b.member_name())) {
                return Err(GenerateError::Unsupported {
                    shape: member_label(input, b.member_name()),
                    problem: format!(
                        "the member has `smithy.api#httpLabel` but the URI pattern `{}` has no such label",
                        http.uri
                    ),
                });
            }
        }
        Ok(RequestBindings { method: http.method.clone(), path, literal_query, members })
    }

    /// The payload member, if any.
    pub fn payload(&self) -> Option<&Binding<'a>> {
        self.members.iter().find(|b| b.location == Location::Payload)
    }

    /// The members of the body document.
    pub fn body(&self) -> impl Iterator<Item = &Binding<'a>> {
        self.members.iter().filter(|b| b.location == Location::Body)
    }
}

/// Which message a structure is bound to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// An operation input.
    Request,
    /// An operation output or an error.
    Response,
}

/// Whether a member of a top-level structure travels outside the body
/// document, in the given direction.
pub fn is_bound(member: &Member, direction: Direction) -> bool {
    let t = &member.traits;
    match direction {
        Direction::Request => {
            t.http_label
                || t.http_query.is_some()
                || t.http_query_params
                || t.http_header.is_some()
                || t.http_prefix_headers.is_some()
                || t.http_payload
        }
        Direction::Response => {
            t.http_header.is_some() || t.http_prefix_headers.is_some() || t.http_payload || t.http_response_code
        }
    }
}

/// The location of every member of `shape` (an input, output or error
/// structure), checked: a binding on a type it cannot carry is an error
/// naming the member and the trait.
pub fn bindings<'a>(ctx: &Ctx<'a>, shape: &'a Shape, direction: Direction) -> Result<Vec<Binding<'a>>, GenerateError> {
    let mut out = Vec::new();
    for field in fields(ctx, shape)? {
        let member = field.member;
        let target = ctx.model.shape(&member.target).ok_or_else(|| GenerateError::Unsupported {
            shape: member_label(shape, &member.name),
            problem: format!("targets the unknown shape {}", member.target),
        })?;
        let t = &member.traits;
        let unsupported = |trait_name: &str, problem: String| GenerateError::Unsupported {
            shape: member_label(shape, &member.name),
            problem: format!("`smithy.api#{trait_name}`: {problem}"),
        };
        let location = match direction {
            Direction::Request if t.http_label => {
                scalar(ctx, member, target, TimestampFormat::DateTime)
                    .filter(|s| *s != Scalar::Blob)
                    .ok_or_else(|| unsupported("httpLabel", format!("a label cannot carry {}", describe(target))))?;
                Location::Label
            }
            Direction::Request if t.http_query.is_some() => {
                element_scalar(ctx, member, target, TimestampFormat::DateTime).ok_or_else(|| {
                    unsupported("httpQuery", format!("a query parameter cannot carry {}", describe(target)))
                })?;
                Location::Query(t.http_query.clone().unwrap_or_default())
            }
            Direction::Request if t.http_query_params => {
                if !string_map(ctx, target, true) {
                    return Err(unsupported(
                        "httpQueryParams",
                        format!("needs a map of strings or of string lists, found {}", describe(target)),
                    ));
                }
                Location::QueryParams
            }
            _ if t.http_header.is_some() => {
                element_scalar(ctx, member, target, TimestampFormat::HttpDate)
                    .ok_or_else(|| unsupported("httpHeader", format!("a header cannot carry {}", describe(target))))?;
                Location::Header(t.http_header.clone().unwrap_or_default())
            }
            _ if t.http_prefix_headers.is_some() => {
                if !string_map(ctx, target, false) {
                    return Err(unsupported(
                        "httpPrefixHeaders",
                        format!("needs a map of strings, found {}", describe(target)),
                    ));
                }
                Location::PrefixHeaders(t.http_prefix_headers.clone().unwrap_or_default())
            }
            _ if t.http_payload => {
                payload_kind(target)
                    .ok_or_else(|| unsupported("httpPayload", format!("a payload cannot be {}", describe(target))))?;
                Location::Payload
            }
            Direction::Response if t.http_response_code => {
                if field.ty != RustType::I32 {
                    return Err(unsupported("httpResponseCode", "needs an integer member".into()));
                }
                Location::ResponseCode
            }
            _ => Location::Body,
        };
        out.push(Binding { field, location, target });
    }
    let payloads = out.iter().filter(|b| b.location == Location::Payload).count();
    if payloads > 1 {
        return Err(GenerateError::Unsupported {
            shape: shape.id.to_string(),
            problem: "more than one member has `smithy.api#httpPayload`".into(),
        });
    }
    if payloads == 1 && out.iter().any(|b| b.location == Location::Body) {
        return Err(GenerateError::Unsupported {
            shape: shape.id.to_string(),
            problem: "a member has `smithy.api#httpPayload`, so every other member must be bound to the URI or headers"
                .into(),
        });
    }
    Ok(out)
}

/// A member as people find it in the model: the operation's input or
/// output member for the structures the passes made per operation.
fn member_label(shape: &Shape, member: &str) -> String {
    match SyntheticIo::of(shape) {
        Some(SyntheticIo::Input(op)) => format!("{op} (input member {member})"),
        Some(SyntheticIo::Output(op)) => format!("{op} (output member {member})"),
        None => format!("{}${member}", shape.id),
    }
}

/// What a payload member carries.
pub fn payload_kind(target: &Shape) -> Option<PayloadKind> {
    Some(match &target.kind {
        ShapeKind::Simple(SimpleType::Blob) if target.traits.streaming => {
            PayloadKind::Stream { requires_length: target.traits.requires_length }
        }
        ShapeKind::Simple(SimpleType::Blob) => PayloadKind::Blob,
        ShapeKind::Simple(SimpleType::String) => PayloadKind::String,
        ShapeKind::Simple(SimpleType::Document) => PayloadKind::Document,
        ShapeKind::Enum(_) => PayloadKind::Enum,
        ShapeKind::Structure(_) => PayloadKind::Structure,
        ShapeKind::Union(_) if target.traits.streaming => PayloadKind::EventStream,
        ShapeKind::Union(_) => PayloadKind::Union,
        _ => return None,
    })
}

/// Whether an operation sends or receives an event stream.
pub fn has_event_stream(ctx: &Ctx<'_>, structure: &Shape) -> bool {
    structure
        .kind
        .members()
        .iter()
        .any(|m| ctx.shape(&m.target).is_some_and(|t| matches!(t.kind, ShapeKind::Union(_)) && t.traits.streaming))
}

/// The simple kind of `target` (the member's own target), with the
/// location's default timestamp format.
pub fn scalar(ctx: &Ctx<'_>, member: &Member, target: &Shape, default_format: TimestampFormat) -> Option<Scalar> {
    let _ = ctx;
    scalar_of(target, member.traits.timestamp_format.or(target.traits.timestamp_format).unwrap_or(default_format))
}

fn scalar_of(target: &Shape, timestamp_format: TimestampFormat) -> Option<Scalar> {
    Some(match &target.kind {
        ShapeKind::Simple(SimpleType::String) => Scalar::String { media_type: target.traits.media_type.is_some() },
        ShapeKind::Simple(SimpleType::Boolean) => Scalar::Bool,
        ShapeKind::Simple(SimpleType::Byte | SimpleType::Short | SimpleType::Integer | SimpleType::Long) => {
            Scalar::Integer
        }
        ShapeKind::Simple(SimpleType::Float) => Scalar::F32,
        ShapeKind::Simple(SimpleType::Double) => Scalar::F64,
        ShapeKind::Simple(SimpleType::Timestamp) => Scalar::Timestamp(timestamp_format),
        ShapeKind::Simple(SimpleType::Blob) if !target.traits.streaming => Scalar::Blob,
        ShapeKind::Enum(_) => Scalar::Enum,
        ShapeKind::IntEnum(_) => Scalar::IntEnum,
        _ => return None,
    })
}

/// The simple kind of a member, or of its list's elements (then `true`).
pub fn element_scalar(
    ctx: &Ctx<'_>,
    member: &Member,
    target: &Shape,
    default_format: TimestampFormat,
) -> Option<(Scalar, bool)> {
    match &target.kind {
        ShapeKind::List(element) => {
            let element_shape = ctx.shape(&element.target)?;
            let format = element
                .traits
                .timestamp_format
                .or(element_shape.traits.timestamp_format)
                .or(member.traits.timestamp_format)
                .unwrap_or(default_format);
            scalar_of(element_shape, format).map(|s| (s, true))
        }
        _ => scalar(ctx, member, target, default_format).map(|s| (s, false)),
    }
}

fn string_map(ctx: &Ctx<'_>, target: &Shape, lists_too: bool) -> bool {
    let ShapeKind::Map { value, .. } = &target.kind else { return false };
    let Some(value) = ctx.shape(&value.target) else { return false };
    let is_string = |s: &Shape| matches!(s.kind, ShapeKind::Simple(SimpleType::String) | ShapeKind::Enum(_));
    match &value.kind {
        ShapeKind::List(element) if lists_too => ctx.shape(&element.target).is_some_and(is_string),
        _ => is_string(value),
    }
}

fn describe(shape: &Shape) -> String {
    let kind = match &shape.kind {
        ShapeKind::Simple(s) => format!("{s:?}").to_lowercase(),
        ShapeKind::List(_) => "a list".into(),
        ShapeKind::Map { .. } => "a map".into(),
        ShapeKind::Structure(_) => "a structure".into(),
        ShapeKind::Union(_) => "a union".into(),
        ShapeKind::Enum(_) => "an enum".into(),
        ShapeKind::IntEnum(_) => "an intEnum".into(),
        _ => "this kind of shape".into(),
    };
    format!("{kind} ({})", shape.id)
}

/// Splits `@http`'s URI pattern into path parts and literal query text.
fn parse_uri(op: &Shape, http: &Http) -> Result<(Vec<PathPart>, Vec<String>), GenerateError> {
    let bad = |problem: String| GenerateError::Unsupported {
        shape: op.id.to_string(),
        problem: format!("`smithy.api#http` URI pattern `{}`: {problem}", http.uri),
    };
    let (path, query) = http.uri.split_once('?').unwrap_or((&http.uri, ""));
    let mut parts = Vec::new();
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        if start > 0 {
            parts.push(PathPart::Literal(rest[..start].to_owned()));
        }
        let end = rest[start..].find('}').map(|e| start + e).ok_or_else(|| bad("unclosed label".into()))?;
        let label = &rest[start + 1..end];
        let (name, greedy) = match label.strip_suffix('+') {
            Some(name) => (name, true),
            None => (label, false),
        };
        if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
            return Err(bad(format!("`{{{label}}}` is not a valid label")));
        }
        parts.push(PathPart::Label { name: name.to_owned(), greedy });
        rest = &rest[end + 1..];
    }
    if !rest.is_empty() {
        parts.push(PathPart::Literal(rest.to_owned()));
    }
    for part in &parts {
        if let PathPart::Literal(text) = part {
            if text.contains('}') || !text.bytes().all(|b| b.is_ascii_graphic()) {
                return Err(bad(format!("the literal text `{text}` is not valid in a URI path")));
            }
        }
    }
    let literal_query: Vec<String> = query.split('&').filter(|q| !q.is_empty()).map(str::to_owned).collect();
    if literal_query.iter().any(|q| q.contains(['{', '}', '#']) || !q.bytes().all(|b| b.is_ascii_graphic())) {
        return Err(bad("literal query text must not contain labels".into()));
    }
    Ok((parts, literal_query))
}

/// An expression for the simple value `v` (a reference to the field's value
/// type) as a URI label, query value or header carries it: a `String` for
/// headers, else something `&` makes a `&str` of. Fallible conversions use
/// `?` with a `SerializeError`.
pub fn to_text(kind: Scalar, v: TokenStream, header: bool) -> TokenStream {
    match kind {
        Scalar::String { media_type: true } if header => quote!(crate::rt::rest::base64_header(#v)),
        Scalar::String { .. } if header => quote!(::std::clone::Clone::clone(#v)),
        Scalar::Enum if header => quote!(::std::string::String::from(#v.as_str())),
        Scalar::String { .. } | Scalar::Enum => quote!(#v.as_str()),
        Scalar::Bool | Scalar::Integer | Scalar::IntEnum => quote!(::std::string::ToString::to_string(#v)),
        Scalar::F32 => quote!(crate::rt::rest::fmt_f32(*#v)),
        Scalar::F64 => quote!(crate::rt::rest::fmt_f64(*#v)),
        Scalar::Timestamp(format) => {
            let format = format_tokens(format);
            quote!(#v.fmt(#format).map_err(|e| crate::rt::json::SerializeError(::std::string::ToString::to_string(&e)))?)
        }
        Scalar::Blob => quote!(crate::rt::json_blob::encode(#v.as_ref())),
    }
}

/// An expression reading the header text `s` (a `&str`) as the value type
/// of `kind`, with `?` on a `DeserializeError`; `name` names the header in
/// errors.
pub fn from_text(kind: Scalar, ty: &RustType, s: TokenStream, name: &str) -> TokenStream {
    match kind {
        Scalar::String { media_type: true } => quote!(crate::rt::rest::base64_header_decode(#name, #s)?),
        Scalar::String { .. } => quote!(::std::string::String::from(#s)),
        Scalar::Enum => {
            let t = super::tokens::rust_type(ty);
            quote!(<#t>::from(#s))
        }
        Scalar::Bool => quote!(crate::rt::rest::parse_bool(#name, #s)?),
        Scalar::Integer | Scalar::IntEnum => quote!(crate::rt::rest::parse_header(#name, #s)?),
        Scalar::F32 => quote!(crate::rt::rest::parse_f32(#name, #s)?),
        Scalar::F64 => quote!(crate::rt::rest::parse_f64(#name, #s)?),
        Scalar::Timestamp(format) => {
            let format = format_tokens(format);
            quote!(crate::rt::rest::parse_timestamp(#name, #s, #format)?)
        }
        Scalar::Blob => quote!(crate::rt::json_blob::decode_header(#name, #s)?),
    }
}

/// The runtime's name for a timestamp format.
pub fn format_tokens(format: TimestampFormat) -> TokenStream {
    match format {
        TimestampFormat::EpochSeconds => quote!(crate::primitives::DateTimeFormat::EpochSeconds),
        TimestampFormat::DateTime => quote!(crate::primitives::DateTimeFormat::DateTime),
        TimestampFormat::HttpDate => quote!(crate::primitives::DateTimeFormat::HttpDate),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::smithy::ShapeId;

    fn op(uri: &str) -> (Shape, Http) {
        let http = Http { method: "GET".into(), uri: uri.into(), code: 200 };
        let shape = Shape {
            id: ShapeId::parse("a.b#Op").expect("valid id"),
            kind: ShapeKind::Simple(SimpleType::String),
            traits: Default::default(),
        };
        (shape, http)
    }

    #[test]
    fn uri_patterns_split_into_literals_labels_and_query() {
        let (shape, http) = op("/a/{Bucket}/b/{Key+}?x-id=GetObject&flag");
        let (path, query) = parse_uri(&shape, &http).expect("valid pattern");
        assert_eq!(
            path,
            vec![
                PathPart::Literal("/a/".into()),
                PathPart::Label { name: "Bucket".into(), greedy: false },
                PathPart::Literal("/b/".into()),
                PathPart::Label { name: "Key".into(), greedy: true },
            ]
        );
        assert_eq!(query, vec!["x-id=GetObject".to_owned(), "flag".to_owned()]);
    }

    #[test]
    fn malformed_patterns_are_errors_naming_the_pattern() {
        for uri in ["/a/{Bucket", "/a/{}", "/a/{B c}", "/a b", "/a?x={y}"] {
            let (shape, http) = op(uri);
            let err = parse_uri(&shape, &http).expect_err(uri).to_string();
            assert!(err.contains(uri), "{err}");
        }
    }
}
