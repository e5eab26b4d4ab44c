//! Errors: what building a value, or a call, can fail with.

use std::error::Error as StdError;
use std::fmt;

mod escape;

use self::escape::write_escaped;
pub use self::escape::{DisplayEscaped, display_escaped};

/// A value could not be built: a required member is missing or invalid.
#[derive(Debug)]
pub struct BuildError {
    kind: BuildErrorKind,
}

#[derive(Debug)]
enum BuildErrorKind {
    MissingField { field: &'static str, details: &'static str },
    Required { field: &'static str, type_name: &'static str },
    InvalidField { field: &'static str, details: String },
    Other(Box<dyn StdError + Send + Sync + 'static>),
}

impl BuildError {
    /// A required member was not set.
    pub fn missing_field(field: &'static str, details: &'static str) -> Self {
        BuildError { kind: BuildErrorKind::MissingField { field, details } }
    }

    /// The value of a required member, or the error saying it was not set
    /// (used by generated builders).
    pub fn require<T>(value: Option<T>, field: &'static str, type_name: &'static str) -> Result<T, BuildError> {
        value.ok_or(BuildError { kind: BuildErrorKind::Required { field, type_name } })
    }

    /// Fails when a required member was not set (used by generated builders
    /// whose fields stay optional).
    pub fn check_set<T>(value: &Option<T>, field: &'static str, type_name: &'static str) -> Result<(), BuildError> {
        match value {
            Some(_) => Ok(()),
            None => Err(BuildError { kind: BuildErrorKind::Required { field, type_name } }),
        }
    }

    /// A member's value is not acceptable.
    pub fn invalid_field(field: &'static str, details: impl Into<String>) -> Self {
        BuildError { kind: BuildErrorKind::InvalidField { field, details: details.into() } }
    }

    /// Any other reason.
    pub fn other(source: impl Into<Box<dyn StdError + Send + Sync + 'static>>) -> Self {
        BuildError { kind: BuildErrorKind::Other(source.into()) }
    }

    /// The member at fault, when there is one.
    pub fn field(&self) -> Option<&'static str> {
        match &self.kind {
            BuildErrorKind::MissingField { field, .. }
            | BuildErrorKind::Required { field, .. }
            | BuildErrorKind::InvalidField { field, .. } => Some(field),
            BuildErrorKind::Other(_) => None,
        }
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            BuildErrorKind::MissingField { details, .. } => f.write_str(details),
            BuildErrorKind::Required { field, type_name } => {
                write!(f, "{field} was not specified but it is required when building {type_name}")
            }
            BuildErrorKind::InvalidField { field, details } => write!(f, "invalid value for `{field}`: {details}"),
            BuildErrorKind::Other(source) => write!(f, "{source}"),
        }
    }
}

impl StdError for BuildError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        match &self.kind {
            BuildErrorKind::Other(source) => Some(source.as_ref()),
            _ => None,
        }
    }
}

/// What an error response said about itself: code, message, request id.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ErrorMetadata {
    code: Option<String>,
    message: Option<String>,
    request_id: Option<String>,
}

impl ErrorMetadata {
    /// Creates a builder.
    pub fn builder() -> ErrorMetadataBuilder {
        ErrorMetadataBuilder::default()
    }

    /// The error code, e.g. `ThrottlingException`.
    pub fn code(&self) -> Option<&str> {
        self.code.as_deref()
    }

    /// The error message.
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }

    /// The id the service gave the request (`x-amzn-requestid`), for support cases.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }
}

/// Shows what the server sent with control characters escaped ([`display_escaped`]).
impl fmt::Display for ErrorMetadata {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts = Vec::new();
        if let Some(code) = &self.code {
            parts.push(format!("code: {}", display_escaped(code)));
        }
        if let Some(message) = &self.message {
            parts.push(format!("message: {}", display_escaped(message)));
        }
        if let Some(id) = &self.request_id {
            parts.push(format!("request id: {}", display_escaped(id)));
        }
        if parts.is_empty() { f.write_str("no error metadata") } else { f.write_str(&parts.join(", ")) }
    }
}

/// Builds [`ErrorMetadata`].
#[derive(Clone, Debug, Default)]
pub struct ErrorMetadataBuilder {
    inner: ErrorMetadata,
}

impl ErrorMetadataBuilder {
    /// Sets the error code.
    pub fn code(mut self, code: impl Into<String>) -> Self {
        self.inner.code = Some(code.into());
        self
    }

    /// Sets the message.
    pub fn message(mut self, message: impl Into<String>) -> Self {
        self.inner.message = Some(message.into());
        self
    }

    /// Sets the request id.
    pub fn request_id(mut self, request_id: impl Into<String>) -> Self {
        self.inner.request_id = Some(request_id.into());
        self
    }

    /// Builds the metadata.
    pub fn build(self) -> ErrorMetadata {
        self.inner
    }
}

/// Access to an error's [`ErrorMetadata`]; implemented by every error type.
pub trait ProvideErrorMetadata {
    /// The metadata.
    fn meta(&self) -> &ErrorMetadata;

    /// The error code, e.g. `ValidationException`.
    fn code(&self) -> Option<&str> {
        self.meta().code()
    }

    /// The error message.
    fn message(&self) -> Option<&str> {
        self.meta().message()
    }
}

/// What every variant of an operation error enum holds: a modelled error
/// structure or [`Unhandled`]. The enums dispatch `meta()`, `message()` and
/// `Display` through one match returning this, instead of one match each.
pub trait OperationErrorVariant: ProvideErrorMetadata + StdError + Send + Sync + 'static {}

impl<T: ProvideErrorMetadata + StdError + Send + Sync + 'static> OperationErrorVariant for T {}

/// An error the model does not describe (the service sent an unknown code, or
/// a response that could not be read as an error). Inspect it through
/// [`ProvideErrorMetadata`] and `std::error::Error::source`.
#[derive(Debug)]
pub struct Unhandled {
    source: Box<dyn StdError + Send + Sync + 'static>,
    meta: ErrorMetadata,
}

impl Unhandled {
    /// An unmodelled error caused by `source`, with the response's metadata.
    pub fn new(source: Box<dyn StdError + Send + Sync + 'static>, meta: ErrorMetadata) -> Self {
        Unhandled { source, meta }
    }

    /// The metadata the response carried.
    pub fn meta(&self) -> &ErrorMetadata {
        &self.meta
    }
}

/// Shows what the server sent with control characters escaped ([`display_escaped`]).
impl fmt::Display for Unhandled {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.meta.code(), self.meta.message()) {
            (Some(code), Some(message)) => {
                write!(f, "unhandled error {}: {}", display_escaped(code), display_escaped(message))
            }
            (Some(code), None) => write!(f, "unhandled error {}", display_escaped(code)),
            (None, _) => {
                f.write_str("unhandled error: ")?;
                write_escaped(f, &self.source)
            }
        }
    }
}

impl StdError for Unhandled {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        Some(self.source.as_ref())
    }
}

impl ProvideErrorMetadata for Unhandled {
    fn meta(&self) -> &ErrorMetadata {
        &self.meta
    }
}

/// A boxed error: the source of construction, dispatch and response failures.
pub type BoxError = Box<dyn StdError + Send + Sync + 'static>;

/// Implemented by operation error enums so that any failure can be turned
/// into one (see [`SdkError::into_service_error`]).
pub trait CreateUnhandledError {
    /// An unmodelled error caused by `source`.
    fn create_unhandled_error(source: BoxError, meta: Option<ErrorMetadata>) -> Self;
}

/// What can go wrong when calling an operation.
///
/// `E` is the operation's error enum; `R` the raw response type.
#[non_exhaustive]
#[derive(Debug)]
pub enum SdkError<E, R = crate::http::HttpResponse> {
    /// The request could not be built: invalid input, no credentials or
    /// region, an endpoint that could not be resolved.
    ConstructionFailure(ConstructionFailure),
    /// An attempt or the whole operation took longer than allowed.
    TimeoutError(TimeoutError),
    /// The request could not be sent, or the connection failed before a response.
    DispatchFailure(DispatchFailure),
    /// A response arrived but could not be read as the operation's output or error.
    ResponseError(ResponseError<R>),
    /// The service answered with an error.
    ServiceError(ServiceError<E, R>),
}

/// See [`SdkError::ConstructionFailure`].
#[derive(Debug)]
pub struct ConstructionFailure {
    source: BoxError,
}

#[cfg(feature = "waiters")]
impl ConstructionFailure {
    /// Wraps what made the construction fail (for waiters, which fail the same way).
    pub(crate) fn new(source: impl Into<BoxError>) -> Self {
        ConstructionFailure { source: source.into() }
    }

    /// What made the construction fail.
    pub(crate) fn source(&self) -> &BoxError {
        &self.source
    }
}

/// See [`SdkError::TimeoutError`].
#[derive(Debug)]
pub struct TimeoutError {
    source: BoxError,
}

/// See [`SdkError::DispatchFailure`].
#[derive(Debug)]
pub struct DispatchFailure {
    source: crate::http::ConnectorError,
}

impl DispatchFailure {
    /// The transport's error.
    pub fn as_connector_error(&self) -> &crate::http::ConnectorError {
        &self.source
    }

    /// Whether the connection failed (refused, reset, closed early).
    pub fn is_io(&self) -> bool {
        self.source.is_io()
    }
}

/// See [`SdkError::ResponseError`].
#[derive(Debug)]
pub struct ResponseError<R> {
    source: BoxError,
    raw: R,
}

impl<R> ResponseError<R> {
    /// The response that could not be read.
    pub fn raw(&self) -> &R {
        &self.raw
    }

    /// Takes the response.
    pub fn into_raw(self) -> R {
        self.raw
    }
}

/// See [`SdkError::ServiceError`].
#[derive(Debug)]
pub struct ServiceError<E, R> {
    source: E,
    raw: R,
}

impl<E, R> ServiceError<E, R> {
    /// The operation's error.
    pub fn err(&self) -> &E {
        &self.source
    }

    /// Takes the operation's error.
    pub fn into_err(self) -> E {
        self.source
    }

    /// The raw HTTP response, with its status and headers.
    pub fn raw(&self) -> &R {
        &self.raw
    }
}

impl<E, R> SdkError<E, R> {
    /// A construction failure caused by `source`.
    pub fn construction_failure(source: impl Into<BoxError>) -> Self {
        SdkError::ConstructionFailure(ConstructionFailure { source: source.into() })
    }

    /// A timeout caused by `source`.
    pub fn timeout_error(source: impl Into<BoxError>) -> Self {
        SdkError::TimeoutError(TimeoutError { source: source.into() })
    }

    /// A dispatch failure.
    pub fn dispatch_failure(source: crate::http::ConnectorError) -> Self {
        SdkError::DispatchFailure(DispatchFailure { source })
    }

    /// A response that could not be read.
    pub fn response_error(source: impl Into<BoxError>, raw: R) -> Self {
        SdkError::ResponseError(ResponseError { source: source.into(), raw })
    }

    /// An error returned by the service.
    pub fn service_error(source: E, raw: R) -> Self {
        SdkError::ServiceError(ServiceError { source, raw })
    }

    /// The operation's error, if the service returned one.
    pub fn as_service_error(&self) -> Option<&E> {
        match self {
            SdkError::ServiceError(e) => Some(&e.source),
            _ => None,
        }
    }

    /// The raw response, when one was received.
    pub fn raw_response(&self) -> Option<&R> {
        match self {
            SdkError::ServiceError(e) => Some(&e.raw),
            SdkError::ResponseError(e) => Some(&e.raw),
            _ => None,
        }
    }

    /// The operation's error: the service's, or any other failure wrapped
    /// as its unhandled variant so that one `match` covers everything.
    pub fn into_service_error(self) -> E
    where
        E: CreateUnhandledError + StdError + Send + Sync + 'static,
        R: RawStatus + fmt::Debug + Send + Sync + 'static,
    {
        match self {
            SdkError::ServiceError(e) => e.source,
            other => E::create_unhandled_error(Box::new(other), None),
        }
    }
}

impl<E: ProvideErrorMetadata, R> SdkError<E, R> {
    /// The service's error code, when the service returned an error.
    pub fn code(&self) -> Option<&str> {
        self.as_service_error().and_then(ProvideErrorMetadata::code)
    }

    /// The service's error message, when the service returned an error.
    pub fn message(&self) -> Option<&str> {
        self.as_service_error().and_then(ProvideErrorMetadata::message)
    }
}

/// The cause is shown with control characters escaped ([`display_escaped`]),
/// since it may quote what a server sent.
impl<E: fmt::Display, R: RawStatus> fmt::Display for SdkError<E, R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SdkError::ConstructionFailure(e) => {
                f.write_str("failed to construct the request: ")?;
                write_escaped(f, &e.source)
            }
            SdkError::TimeoutError(e) => {
                f.write_str("the request timed out: ")?;
                write_escaped(f, &e.source)
            }
            SdkError::DispatchFailure(e) => {
                f.write_str("failed to send the request: ")?;
                write_escaped(f, &e.source)
            }
            SdkError::ResponseError(e) => {
                write!(f, "the response (HTTP {}) could not be read: ", e.raw.raw_status())?;
                write_escaped(f, &e.source)
            }
            SdkError::ServiceError(e) => {
                write_escaped(f, &e.source)?;
                write!(f, " (HTTP {})", e.raw.raw_status())
            }
        }
    }
}

impl<E, R> StdError for SdkError<E, R>
where
    E: StdError + 'static,
    R: RawStatus + fmt::Debug,
{
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        match self {
            SdkError::ConstructionFailure(e) => Some(e.source.as_ref()),
            SdkError::TimeoutError(e) => Some(e.source.as_ref()),
            SdkError::DispatchFailure(e) => Some(&e.source),
            SdkError::ResponseError(e) => Some(e.source.as_ref()),
            SdkError::ServiceError(e) => Some(&e.source),
        }
    }
}

/// Raw responses that know their HTTP status (for messages).
pub trait RawStatus {
    /// The HTTP status code.
    fn raw_status(&self) -> u16;
}

impl RawStatus for crate::http::HttpResponse {
    fn raw_status(&self) -> u16 {
        self.status()
    }
}
