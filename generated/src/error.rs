// Runtime support copied by codegen from codegen/runtime/error.rs. Do not edit.
// Regenerate with: cargo run -p codegen

//! Errors: what building a value, or a call, can fail with.

use std::error::Error as StdError;
use std::fmt;

/// A value could not be built: a required member is missing or invalid.
#[derive(Debug)]
pub struct BuildError {
    kind: BuildErrorKind,
}

#[derive(Debug)]
enum BuildErrorKind {
    MissingField { field: &'static str, details: &'static str },
    InvalidField { field: &'static str, details: String },
    Other(Box<dyn StdError + Send + Sync + 'static>),
}

impl BuildError {
    /// A required member was not set.
    pub fn missing_field(field: &'static str, details: &'static str) -> Self {
        BuildError { kind: BuildErrorKind::MissingField { field, details } }
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
            BuildErrorKind::MissingField { field, .. } | BuildErrorKind::InvalidField { field, .. } => Some(field),
            BuildErrorKind::Other(_) => None,
        }
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            BuildErrorKind::MissingField { details, .. } => f.write_str(details),
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

impl fmt::Display for ErrorMetadata {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts = Vec::new();
        if let Some(code) = &self.code {
            parts.push(format!("code: {code}"));
        }
        if let Some(message) = &self.message {
            parts.push(format!("message: {message}"));
        }
        if let Some(id) = &self.request_id {
            parts.push(format!("request id: {id}"));
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

/// An error the model does not describe (the service sent an unknown code, or
/// a response that could not be read as an error). Inspect it through
/// [`ProvideErrorMetadata`] and `std::error::Error::source`.
#[derive(Debug)]
pub struct Unhandled {
    source: Box<dyn StdError + Send + Sync + 'static>,
    meta: ErrorMetadata,
}

impl Unhandled {
    pub(crate) fn new(source: Box<dyn StdError + Send + Sync + 'static>, meta: ErrorMetadata) -> Self {
        Unhandled { source, meta }
    }

    /// The metadata the response carried.
    pub fn meta(&self) -> &ErrorMetadata {
        &self.meta
    }
}

impl fmt::Display for Unhandled {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.meta.code(), self.meta.message()) {
            (Some(code), Some(message)) => write!(f, "unhandled error {code}: {message}"),
            (Some(code), None) => write!(f, "unhandled error {code}"),
            (None, _) => write!(f, "unhandled error: {}", self.source),
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
