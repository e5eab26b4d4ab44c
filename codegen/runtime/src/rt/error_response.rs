//! What every protocol's error reading shares: a code as callers see it, and
//! what becomes of a response that names no error the operation models.

use std::fmt;

use super::json::DeserializeError;
use crate::error::{CreateUnhandledError, ErrorMetadata, display_escaped};

/// An error response without a recognisable error in it.
#[derive(Debug)]
struct UnrecognizedError {
    status: u16,
    detail: String,
}

impl fmt::Display for UnrecognizedError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The detail quotes the server's error code.
        write!(f, "HTTP {} response {}", self.status, display_escaped(&self.detail))
    }
}

impl std::error::Error for UnrecognizedError {}

/// An error code as callers see it: trimmed, without a namespace (`…#`) or
/// a suffix (`:…`); `None` when nothing is left.
pub fn sanitize_code(raw: &str) -> Option<String> {
    let without_suffix = raw.split(':').next().unwrap_or(raw);
    let code = without_suffix.rsplit('#').next().unwrap_or(without_suffix).trim();
    (!code.is_empty()).then(|| code.to_owned())
}

/// What a protocol read from an error response, before the operation's
/// modelled errors are tried.
///
/// Everything here is independent of the operation, so each protocol's
/// `read_error` does its reading in non-generic code and leaves only the
/// call of the operation's reader and [`finish`] generic: that keeps the
/// code compiled per operation small.
pub(crate) struct ErrorParts {
    /// The response's HTTP status.
    pub(crate) status: u16,
    /// The code the operation's modelled errors are looked up by.
    pub(crate) code: Option<String>,
    /// The metadata every error of this response carries.
    pub(crate) meta: ErrorMetadata,
    /// Without a code: what the response held instead (it follows
    /// `HTTP <status> response`). Empty when there is a code.
    pub(crate) without_code: String,
}

impl ErrorParts {
    /// The unhandled error's source and metadata: `unreadable` is why the
    /// modelled error the code names could not be read, `None` when the
    /// operation does not model the code (or there is none).
    fn into_unhandled(self, unreadable: Option<DeserializeError>) -> (crate::error::BoxError, ErrorMetadata) {
        let detail = match (&self.code, unreadable) {
            (Some(code), Some(e)) => format!("carries the error `{code}` but its body could not be read: {e}"),
            (Some(code), None) => format!("with the error code `{code}`, which this operation does not model"),
            (None, _) => self.without_code,
        };
        (Box::new(UnrecognizedError { status: self.status, detail }), self.meta)
    }
}

/// The operation's error from what its modelled-error reader made of the
/// response: the modelled error; else the unhandled variant, saying whether
/// the modelled error's body could not be read (`Some(Err(_))`) or the
/// operation does not model the response's code (`None`).
pub(crate) fn finish<E: CreateUnhandledError>(read: Option<Result<E, DeserializeError>>, parts: ErrorParts) -> E {
    let unreadable = match read {
        Some(Ok(err)) => return err,
        Some(Err(e)) => Some(e),
        None => None,
    };
    let (source, meta) = parts.into_unhandled(unreadable);
    E::create_unhandled_error(source, Some(meta))
}
