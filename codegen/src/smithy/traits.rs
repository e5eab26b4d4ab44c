//! Traits: the typed ones the generator acts on, and every trait as raw JSON.

use std::collections::BTreeMap;

use serde_json::{Number, Value};

use super::protocol_tests::{HttpRequestTestCase, HttpResponseTestCase, parse_request_tests, parse_response_tests};
use super::rules::{EndpointRuleSet, EndpointTests};

/// Every trait applied to a shape or member.
///
/// The traits the generator acts on are parsed into typed fields when the model
/// is loaded (so malformed values are reported then); all traits, typed or not,
/// stay available as raw JSON through [`Traits::get`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Traits {
    /// Shared between copies: passes copy shapes far more often than they
    /// change a trait.
    raw: std::sync::Arc<BTreeMap<String, Value>>,
    /// `smithy.api#documentation`: CommonMark/HTML documentation.
    pub documentation: Option<String>,
    /// `smithy.api#required`.
    pub required: bool,
    /// `smithy.api#default`; `Some(Value::Null)` is an explicit `@default(null)`.
    pub default: Option<Value>,
    /// `smithy.api#clientOptional`.
    pub client_optional: bool,
    /// `smithy.api#addedDefault`.
    pub added_default: bool,
    /// `smithy.api#enumValue`.
    pub enum_value: Option<EnumValue>,
    /// `smithy.api#enum`: the Smithy 1.0 enum trait on string shapes.
    pub legacy_enum: Option<Vec<LegacyEnumValue>>,
    /// `smithy.api#error`.
    pub error: Option<ErrorFault>,
    /// `smithy.api#httpError`.
    pub http_error: Option<u16>,
    /// `smithy.api#retryable`.
    pub retryable: Option<Retryable>,
    /// `smithy.api#idempotencyToken`.
    pub idempotency_token: bool,
    /// `smithy.api#idempotent`.
    pub idempotent: bool,
    /// `smithy.api#readonly`.
    pub readonly: bool,
    /// `smithy.api#length`.
    pub length: Option<Bounds<u64>>,
    /// `smithy.api#range` (numbers kept exact, as written in the model).
    pub range: Option<Bounds<Number>>,
    /// `smithy.api#pattern`: an ECMA 262 regular expression.
    pub pattern: Option<String>,
    /// `smithy.api#sensitive`.
    pub sensitive: bool,
    /// `smithy.api#timestampFormat`.
    pub timestamp_format: Option<TimestampFormat>,
    /// `smithy.api#jsonName`.
    pub json_name: Option<String>,
    /// `smithy.api#sparse`.
    pub sparse: bool,
    /// `smithy.api#uniqueItems`.
    pub unique_items: bool,
    /// `smithy.api#paginated`.
    pub paginated: Option<Paginated>,
    /// `smithy.api#deprecated`.
    pub deprecated: Option<Deprecated>,
    /// `smithy.api#input`.
    pub input: bool,
    /// `smithy.api#output`.
    pub output: bool,
    /// `smithy.api#unitType`.
    pub unit_type: bool,
    /// `smithy.api#mixin`.
    pub mixin: bool,
    /// `smithy.api#streaming`.
    pub streaming: bool,
    /// `smithy.api#hostLabel`.
    pub host_label: bool,
    /// `smithy.api#endpoint`: the operation's host prefix template.
    pub host_prefix: Option<String>,
    /// The protocol traits present (`aws.protocols#awsJson1_0`, …), in id order.
    pub protocols: Vec<Protocol>,
    /// `aws.api#service`.
    pub aws_service: Option<AwsService>,
    /// `aws.auth#sigv4`: the signing name.
    pub sigv4: Option<String>,
    /// `smithy.rules#endpointRuleSet`.
    pub endpoint_rule_set: Option<EndpointRuleSet>,
    /// `smithy.rules#endpointTests`.
    pub endpoint_tests: Option<EndpointTests>,
    /// `smithy.test#httpRequestTests`.
    pub http_request_tests: Vec<HttpRequestTestCase>,
    /// `smithy.test#httpResponseTests`.
    pub http_response_tests: Vec<HttpResponseTestCase>,
    /// `smithy.api#title`: the service's human-readable name.
    pub title: Option<String>,
    /// `smithy.rules#contextParam`: the endpoint parameter an input member binds.
    pub context_param: Option<String>,
    /// `smithy.rules#staticContextParams`: endpoint parameters an operation fixes.
    pub static_context_params: BTreeMap<String, StaticParam>,
    /// `smithy.api#requestCompression`: the encodings, in preference order.
    pub request_compression: Option<Vec<String>>,
    /// `aws.protocols#awsQueryCompatible`.
    pub aws_query_compatible: bool,
    /// `smithy.api#http`: the operation's method, URI pattern and success code.
    pub http: Option<Http>,
    /// `smithy.api#httpLabel`.
    pub http_label: bool,
    /// `smithy.api#httpQuery`: the query parameter's name.
    pub http_query: Option<String>,
    /// `smithy.api#httpQueryParams`.
    pub http_query_params: bool,
    /// `smithy.api#httpHeader`: the header's name.
    pub http_header: Option<String>,
    /// `smithy.api#httpPrefixHeaders`: the headers' common prefix.
    pub http_prefix_headers: Option<String>,
    /// `smithy.api#httpPayload`.
    pub http_payload: bool,
    /// `smithy.api#httpResponseCode`.
    pub http_response_code: bool,
    /// `smithy.api#mediaType`.
    pub media_type: Option<String>,
    /// `smithy.api#requiresLength`.
    pub requires_length: bool,
    /// `smithy.api#httpChecksumRequired`.
    pub http_checksum_required: bool,
    /// `aws.protocols#httpChecksum`.
    pub http_checksum: Option<HttpChecksum>,
    /// `smithy.api#eventHeader` or `smithy.api#eventPayload` (event stream members).
    pub event_binding: bool,
    /// `smithy.api#xmlName`.
    pub xml_name: Option<String>,
    /// `smithy.api#xmlAttribute`.
    pub xml_attribute: bool,
    /// `smithy.api#xmlFlattened`.
    pub xml_flattened: bool,
    /// `smithy.api#xmlNamespace`.
    pub xml_namespace: Option<XmlNamespace>,
    /// `aws.protocols#ec2QueryName`.
    pub ec2_query_name: Option<String>,
    /// `aws.protocols#awsQueryError`.
    pub aws_query_error: Option<AwsQueryError>,
    /// `aws.customizations#s3UnwrappedXmlOutput`.
    pub s3_unwrapped_xml_output: bool,
    /// `noErrorWrapping` of `aws.protocols#restXml`: errors are bare `<Error>` documents.
    pub no_error_wrapping: bool,
    /// `smithy.api#auth`: the auth schemes, in order of preference (empty: none).
    pub auth: Option<Vec<String>>,
    /// `smithy.api#optionalAuth`.
    pub optional_auth: bool,
    /// `smithy.waiters#waitable`: the operation's waiters, by name.
    pub waitable: Vec<super::waiters::Waiter>,
    /// `smithy.rules#operationContextParams`: endpoint parameters bound by
    /// JMESPath expressions on the input.
    pub operation_context_params: BTreeMap<String, String>,
}

/// `smithy.api#xmlNamespace`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XmlNamespace {
    /// The namespace URI.
    pub uri: String,
    /// The prefix, when the namespace is not the default one.
    pub prefix: Option<String>,
}

/// `aws.protocols#awsQueryError`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AwsQueryError {
    /// The error code on the wire.
    pub code: String,
    /// The HTTP status code.
    pub http_response_code: u16,
}

/// `smithy.api#http`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Http {
    /// The method, e.g. `PUT`.
    pub method: String,
    /// The URI pattern, e.g. `/things/{Name}?x=y`.
    pub uri: String,
    /// The success status code (200 unless given).
    pub code: u16,
}

/// `aws.protocols#httpChecksum`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HttpChecksum {
    /// The input member that names the request checksum algorithm.
    pub request_algorithm_member: Option<String>,
    /// Whether a request checksum is always sent.
    pub request_checksum_required: bool,
}

/// A value of `smithy.rules#staticContextParams`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StaticParam {
    /// A boolean parameter.
    Bool(bool),
    /// A string parameter.
    String(String),
    /// A list of strings (`stringArray` parameters).
    StringArray(Vec<String>),
}

/// The value of `smithy.api#enumValue`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EnumValue {
    /// On `enum` members.
    String(String),
    /// On `intEnum` members.
    Int(i64),
}

/// One entry of the Smithy 1.0 `smithy.api#enum` trait.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LegacyEnumValue {
    /// The wire value.
    pub value: String,
    /// The optional symbolic name.
    pub name: Option<String>,
    /// Documentation of the value.
    pub documentation: Option<String>,
    /// Whether the value is deprecated.
    pub deprecated: bool,
}

/// Who is at fault for an error (`smithy.api#error`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorFault {
    /// The caller sent something wrong.
    Client,
    /// The service failed.
    Server,
}

/// `smithy.api#retryable`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Retryable {
    /// Whether the error means the caller is being throttled.
    pub throttling: bool,
}

/// Inclusive `min`/`max` bounds of `length` and `range`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bounds<T> {
    /// Inclusive lower bound.
    pub min: Option<T>,
    /// Inclusive upper bound.
    pub max: Option<T>,
}

/// `smithy.api#timestampFormat`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimestampFormat {
    /// RFC 3339 `date-time`.
    DateTime,
    /// IMF-fixdate `http-date`.
    HttpDate,
    /// Seconds since the Unix epoch.
    EpochSeconds,
}

impl TimestampFormat {
    /// The name used in the model.
    pub fn as_str(self) -> &'static str {
        match self {
            TimestampFormat::DateTime => "date-time",
            TimestampFormat::HttpDate => "http-date",
            TimestampFormat::EpochSeconds => "epoch-seconds",
        }
    }
}

/// `smithy.api#paginated`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Paginated {
    /// Input member carrying the continuation token.
    pub input_token: Option<String>,
    /// Output member path carrying the next token.
    pub output_token: Option<String>,
    /// Output member path holding the page's items.
    pub items: Option<String>,
    /// Input member limiting the page size.
    pub page_size: Option<String>,
}

/// `smithy.api#deprecated`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Deprecated {
    /// Why, and what to use instead.
    pub message: Option<String>,
    /// Since when.
    pub since: Option<String>,
}

/// A protocol trait on a service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Protocol {
    /// `aws.protocols#awsJson1_0`.
    AwsJson1_0,
    /// `aws.protocols#awsJson1_1`.
    AwsJson1_1,
    /// `aws.protocols#restJson1`.
    RestJson1,
    /// `aws.protocols#awsQuery`.
    AwsQuery,
    /// `aws.protocols#ec2Query`.
    Ec2Query,
    /// `aws.protocols#restXml`.
    RestXml,
    /// Any other protocol trait, by id (e.g. `aws.protocols#restJson1`).
    Other(String),
}

impl Protocol {
    /// The protocol's name as people write it, e.g. `awsJson1_0`, `restJson1`.
    pub fn name(&self) -> &str {
        match self {
            Protocol::AwsJson1_0 => "awsJson1_0",
            Protocol::AwsJson1_1 => "awsJson1_1",
            Protocol::RestJson1 => "restJson1",
            Protocol::AwsQuery => "awsQuery",
            Protocol::Ec2Query => "ec2Query",
            Protocol::RestXml => "restXml",
            Protocol::Other(id) => id.rsplit_once('#').map_or(id.as_str(), |(_, name)| name),
        }
    }
}

/// `aws.api#service`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AwsService {
    /// The SDK id, e.g. `PartnerCentral Selling`.
    pub sdk_id: String,
    /// The endpoint prefix, e.g. `partnercentral-selling`.
    pub endpoint_prefix: Option<String>,
    /// The ARN namespace.
    pub arn_namespace: Option<String>,
}

/// Ids of traits that describe a protocol the generator recognises by id.
const PROTOCOL_TRAITS: &[&str] = &[
    "aws.protocols#awsJson1_0",
    "aws.protocols#awsJson1_1",
    "aws.protocols#restJson1",
    "aws.protocols#restXml",
    "aws.protocols#awsQuery",
    "aws.protocols#ec2Query",
    "smithy.protocols#rpcv2Cbor",
];

impl Traits {
    /// Parses a trait map; returns the problems found in typed trait values.
    pub(crate) fn parse(raw: BTreeMap<String, Value>) -> (Traits, Vec<String>) {
        let mut problems = Vec::new();
        let mut t = Traits::default();
        for (id, value) in &raw {
            if let Err(problem) = t.apply(id, value) {
                problems.push(format!("trait `{id}`: {problem}"));
            }
        }
        t.raw = std::sync::Arc::new(raw);
        (t, problems)
    }

    fn apply(&mut self, id: &str, value: &Value) -> Result<(), String> {
        match id {
            "smithy.api#documentation" => self.documentation = Some(string(value)?),
            "smithy.api#required" => self.required = true,
            "smithy.api#default" => self.default = Some(value.clone()),
            "smithy.api#clientOptional" => self.client_optional = true,
            "smithy.api#addedDefault" => self.added_default = true,
            "smithy.api#enumValue" => {
                self.enum_value = Some(match value {
                    Value::String(s) => EnumValue::String(s.clone()),
                    Value::Number(n) => EnumValue::Int(n.as_i64().ok_or("an intEnum value must be an integer")?),
                    _ => return Err("expected a string or an integer".into()),
                })
            }
            "smithy.api#enum" => self.legacy_enum = Some(legacy_enum(value)?),
            "smithy.api#error" => {
                self.error = Some(match value.as_str() {
                    Some("client") => ErrorFault::Client,
                    Some("server") => ErrorFault::Server,
                    _ => return Err("expected \"client\" or \"server\"".into()),
                })
            }
            "smithy.api#httpError" => {
                let code = value.as_u64().filter(|c| (100..=599).contains(c));
                self.http_error = Some(code.ok_or("expected an HTTP status code (100-599)")? as u16)
            }
            "smithy.api#retryable" => {
                let throttling = match value.get("throttling") {
                    None => false,
                    Some(v) => v.as_bool().ok_or("`throttling` must be a boolean")?,
                };
                self.retryable = Some(Retryable { throttling })
            }
            "smithy.api#idempotencyToken" => self.idempotency_token = true,
            "smithy.api#idempotent" => self.idempotent = true,
            "smithy.api#readonly" => self.readonly = true,
            "smithy.api#length" => {
                let bound = |key| -> Result<Option<u64>, String> {
                    match value.get(key) {
                        None | Some(Value::Null) => Ok(None),
                        Some(v) => v.as_u64().map(Some).ok_or(format!("`{key}` must be a non-negative integer")),
                    }
                };
                self.length = Some(Bounds { min: bound("min")?, max: bound("max")? })
            }
            "smithy.api#range" => {
                let bound = |key| -> Result<Option<Number>, String> {
                    match value.get(key) {
                        None | Some(Value::Null) => Ok(None),
                        Some(Value::Number(n)) => Ok(Some(n.clone())),
                        Some(_) => Err(format!("`{key}` must be a number")),
                    }
                };
                self.range = Some(Bounds { min: bound("min")?, max: bound("max")? })
            }
            "smithy.api#pattern" => self.pattern = Some(string(value)?),
            "smithy.api#sensitive" => self.sensitive = true,
            "smithy.api#timestampFormat" => {
                self.timestamp_format = Some(match value.as_str() {
                    Some("date-time") => TimestampFormat::DateTime,
                    Some("http-date") => TimestampFormat::HttpDate,
                    Some("epoch-seconds") => TimestampFormat::EpochSeconds,
                    _ => return Err("expected \"date-time\", \"http-date\" or \"epoch-seconds\"".into()),
                })
            }
            "smithy.api#jsonName" => self.json_name = Some(string(value)?),
            "smithy.api#sparse" => self.sparse = true,
            "smithy.api#uniqueItems" => self.unique_items = true,
            "smithy.api#paginated" => {
                let field = |key| -> Result<Option<String>, String> {
                    match value.get(key) {
                        None => Ok(None),
                        Some(v) => v.as_str().map(|s| Some(s.to_owned())).ok_or(format!("`{key}` must be a string")),
                    }
                };
                self.paginated = Some(Paginated {
                    input_token: field("inputToken")?,
                    output_token: field("outputToken")?,
                    items: field("items")?,
                    page_size: field("pageSize")?,
                })
            }
            "smithy.api#deprecated" => {
                let field = |key| value.get(key).and_then(Value::as_str).map(str::to_owned);
                self.deprecated = Some(Deprecated { message: field("message"), since: field("since") })
            }
            "smithy.api#input" => self.input = true,
            "smithy.api#output" => self.output = true,
            "smithy.api#unitType" => self.unit_type = true,
            "smithy.api#mixin" => self.mixin = true,
            "smithy.api#streaming" => self.streaming = true,
            "smithy.api#hostLabel" => self.host_label = true,
            "smithy.api#endpoint" => {
                let prefix = value.get("hostPrefix").and_then(Value::as_str);
                self.host_prefix = Some(prefix.ok_or("`hostPrefix` must be a string")?.to_owned())
            }
            "aws.api#service" => {
                let field = |key| value.get(key).and_then(Value::as_str).map(str::to_owned);
                let sdk_id = field("sdkId").ok_or("`sdkId` must be a string")?;
                if sdk_id.trim().is_empty() {
                    return Err("`sdkId` must not be empty".into());
                }
                self.aws_service = Some(AwsService {
                    sdk_id,
                    endpoint_prefix: field("endpointPrefix"),
                    arn_namespace: field("arnNamespace"),
                })
            }
            "aws.auth#sigv4" => {
                let name = value.get("name").and_then(Value::as_str).ok_or("`name` must be a string")?;
                if name.is_empty() {
                    return Err("`name` must not be empty".into());
                }
                self.sigv4 = Some(name.to_owned())
            }
            "smithy.rules#endpointRuleSet" => self.endpoint_rule_set = Some(EndpointRuleSet::from_json(value)?),
            "smithy.rules#endpointTests" => self.endpoint_tests = Some(EndpointTests::from_json(value)?),
            "smithy.test#httpRequestTests" => self.http_request_tests = parse_request_tests(value)?,
            "smithy.test#httpResponseTests" => self.http_response_tests = parse_response_tests(value)?,
            "smithy.api#title" => self.title = Some(string(value)?),
            "smithy.rules#contextParam" => {
                let name = value.get("name").and_then(Value::as_str).ok_or("`name` must be a string")?;
                self.context_param = Some(name.to_owned())
            }
            "smithy.rules#staticContextParams" => self.static_context_params = static_params(value)?,
            "smithy.waiters#waitable" => self.waitable = super::waiters::waiters_from_json(value)?,
            "smithy.rules#operationContextParams" => {
                self.operation_context_params = super::waiters::context_params_from_json(value)?
            }
            "smithy.api#requestCompression" => {
                let encodings = value.get("encodings").and_then(Value::as_array).ok_or("`encodings` must be a list")?;
                let encodings = encodings
                    .iter()
                    .map(|e| e.as_str().map(str::to_owned).ok_or("encodings must be strings"))
                    .collect::<Result<Vec<_>, _>>()?;
                self.request_compression = Some(encodings)
            }
            "aws.protocols#awsQueryCompatible" => self.aws_query_compatible = true,
            "smithy.api#http" => {
                let text = |key| value.get(key).and_then(Value::as_str);
                let method = text("method").filter(|m| !m.is_empty() && m.bytes().all(|b| b.is_ascii_uppercase()));
                let method = method.ok_or("`method` must be an upper-case HTTP method")?;
                let uri = text("uri").filter(|u| u.starts_with('/')).ok_or("`uri` must be a path starting with `/`")?;
                let code = match value.get("code") {
                    None => 200,
                    Some(c) => c
                        .as_u64()
                        .and_then(|c| u16::try_from(c).ok())
                        .filter(|c| (100..600).contains(c))
                        .ok_or("`code` must be an HTTP status code")?,
                };
                self.http = Some(Http { method: method.to_owned(), uri: uri.to_owned(), code })
            }
            "smithy.api#httpLabel" => self.http_label = true,
            "smithy.api#httpQuery" => self.http_query = Some(non_empty(value)?),
            "smithy.api#httpQueryParams" => self.http_query_params = true,
            "smithy.api#httpHeader" => self.http_header = Some(non_empty(value)?),
            "smithy.api#httpPrefixHeaders" => self.http_prefix_headers = Some(string(value)?),
            "smithy.api#httpPayload" => self.http_payload = true,
            "smithy.api#httpResponseCode" => self.http_response_code = true,
            "smithy.api#mediaType" => self.media_type = Some(string(value)?),
            "smithy.api#requiresLength" => self.requires_length = true,
            "smithy.api#httpChecksumRequired" => self.http_checksum_required = true,
            "aws.protocols#httpChecksum" => {
                let member = value.get("requestAlgorithmMember");
                let member = match member {
                    None => None,
                    Some(m) => Some(m.as_str().ok_or("`requestAlgorithmMember` must be a string")?.to_owned()),
                };
                let required = value.get("requestChecksumRequired").and_then(Value::as_bool).unwrap_or(false);
                self.http_checksum =
                    Some(HttpChecksum { request_algorithm_member: member, request_checksum_required: required })
            }
            "smithy.api#eventHeader" | "smithy.api#eventPayload" => self.event_binding = true,
            "smithy.api#xmlName" => self.xml_name = Some(non_empty(value)?),
            "smithy.api#xmlAttribute" => self.xml_attribute = true,
            "smithy.api#xmlFlattened" => self.xml_flattened = true,
            "smithy.api#xmlNamespace" => {
                let uri = value.get("uri").and_then(Value::as_str).ok_or("`uri` must be a string")?;
                let prefix = match value.get("prefix") {
                    None => None,
                    Some(p) => Some(
                        p.as_str().filter(|p| !p.is_empty()).ok_or("`prefix` must be a non-empty string")?.to_owned(),
                    ),
                };
                self.xml_namespace = Some(XmlNamespace { uri: uri.to_owned(), prefix })
            }
            "aws.protocols#ec2QueryName" => self.ec2_query_name = Some(non_empty(value)?),
            "aws.protocols#awsQueryError" => {
                let code = value.get("code").and_then(Value::as_str).filter(|c| !c.is_empty());
                let status = value.get("httpResponseCode").and_then(Value::as_u64).and_then(|c| u16::try_from(c).ok());
                self.aws_query_error = Some(AwsQueryError {
                    code: code.ok_or("`code` must be a non-empty string")?.to_owned(),
                    http_response_code: status.ok_or("`httpResponseCode` must be an HTTP status code")?,
                })
            }
            "aws.customizations#s3UnwrappedXmlOutput" => self.s3_unwrapped_xml_output = true,
            "smithy.api#auth" => {
                let schemes = value.as_array().ok_or("expected a list of auth scheme ids")?;
                self.auth = Some(
                    schemes
                        .iter()
                        .map(|v| v.as_str().map(str::to_owned).ok_or("auth scheme ids are strings"))
                        .collect::<Result<_, _>>()?,
                )
            }
            "smithy.api#optionalAuth" => self.optional_auth = true,
            _ if PROTOCOL_TRAITS.contains(&id) => {
                if id == "aws.protocols#restXml" {
                    self.no_error_wrapping = value.get("noErrorWrapping").and_then(Value::as_bool).unwrap_or(false);
                }
                self.protocols.push(match id {
                    "aws.protocols#awsJson1_0" => Protocol::AwsJson1_0,
                    "aws.protocols#awsJson1_1" => Protocol::AwsJson1_1,
                    "aws.protocols#restJson1" => Protocol::RestJson1,
                    "aws.protocols#awsQuery" => Protocol::AwsQuery,
                    "aws.protocols#ec2Query" => Protocol::Ec2Query,
                    "aws.protocols#restXml" => Protocol::RestXml,
                    other => Protocol::Other(other.to_owned()),
                })
            }
            _ => {}
        }
        Ok(())
    }

    /// Applies (or replaces) the trait `id`; used by passes that normalise the model.
    pub fn set(&mut self, id: &str, value: Value) -> Result<(), String> {
        self.apply(id, &value).map_err(|problem| format!("trait `{id}`: {problem}"))?;
        std::sync::Arc::make_mut(&mut self.raw).insert(id.to_owned(), value);
        Ok(())
    }

    /// The raw JSON value of the trait `id` (absolute, e.g. `smithy.api#tags`).
    pub fn get(&self, id: &str) -> Option<&Value> {
        self.raw.get(id)
    }

    /// Whether the trait `id` is applied.
    pub fn has(&self, id: &str) -> bool {
        self.raw.contains_key(id)
    }

    /// Every applied trait by id, as raw JSON.
    pub fn raw(&self) -> &BTreeMap<String, Value> {
        &self.raw
    }

    /// Whether this is an error structure.
    pub fn is_error(&self) -> bool {
        self.error.is_some()
    }
}

fn static_params(value: &Value) -> Result<BTreeMap<String, StaticParam>, String> {
    let object = value.as_object().ok_or("must be an object of parameters")?;
    let mut params = BTreeMap::new();
    for (name, spec) in object {
        let param = match spec.get("value") {
            Some(Value::Bool(b)) => StaticParam::Bool(*b),
            Some(Value::String(s)) => StaticParam::String(s.clone()),
            Some(Value::Array(items)) => StaticParam::StringArray(
                items
                    .iter()
                    .map(|i| {
                        i.as_str().map(str::to_owned).ok_or_else(|| format!("`{name}`: list values must be strings"))
                    })
                    .collect::<Result<_, _>>()?,
            ),
            _ => return Err(format!("`{name}` needs a boolean, string or string-list `value`")),
        };
        params.insert(name.clone(), param);
    }
    Ok(params)
}

fn non_empty(value: &Value) -> Result<String, String> {
    value.as_str().filter(|s| !s.is_empty()).map(str::to_owned).ok_or_else(|| "expected a non-empty string".to_owned())
}

fn string(value: &Value) -> Result<String, String> {
    value.as_str().map(str::to_owned).ok_or_else(|| "expected a string".to_owned())
}

fn legacy_enum(value: &Value) -> Result<Vec<LegacyEnumValue>, String> {
    let entries = value.as_array().ok_or("expected a list of enum definitions")?;
    if entries.is_empty() {
        return Err("an enum needs at least one value".into());
    }
    entries
        .iter()
        .map(|entry| {
            let text = |key| entry.get(key).and_then(Value::as_str).map(str::to_owned);
            Ok(LegacyEnumValue {
                value: text("value").ok_or("every enum definition needs a string `value`")?,
                name: text("name"),
                documentation: text("documentation"),
                deprecated: entry.get("deprecated").and_then(Value::as_bool).unwrap_or(false),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn parse(pairs: Value) -> (Traits, Vec<String>) {
        let raw = pairs.as_object().unwrap().iter().map(|(k, v)| (k.clone(), v.clone())).collect();
        Traits::parse(raw)
    }

    #[test]
    fn typed_traits_are_parsed_and_raw_kept() {
        let (t, problems) = parse(json!({
            "smithy.api#required": {},
            "smithy.api#length": {"min": 1, "max": 200},
            "smithy.api#httpError": 429,
            "smithy.api#retryable": {"throttling": true},
            "smithy.api#tags": ["x"],
        }));
        assert!(problems.is_empty(), "{problems:?}");
        assert!(t.required);
        assert_eq!(t.length, Some(Bounds { min: Some(1), max: Some(200) }));
        assert_eq!(t.http_error, Some(429));
        assert_eq!(t.retryable, Some(Retryable { throttling: true }));
        assert_eq!(t.get("smithy.api#tags"), Some(&json!(["x"])));
    }

    #[test]
    fn malformed_trait_values_are_reported_by_trait_id() {
        let (_, problems) = parse(json!({
            "smithy.api#httpError": "teapot",
            "smithy.api#length": {"min": -1},
            "smithy.api#timestampFormat": "unix",
            "smithy.api#enum": [],
        }));
        assert_eq!(problems.len(), 4, "{problems:?}");
        assert!(problems.iter().any(|p| p.starts_with("trait `smithy.api#httpError`")));
    }
}
