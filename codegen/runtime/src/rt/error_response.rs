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

/// The operation's error from what its modelled-error reader made of the
/// response naming `code`: the modelled error, the unhandled variant when its
/// body could not be read, or `None` when the operation does not model `code`.
pub fn modeled_or_unreadable<E: CreateUnhandledError>(
    status: u16,
    code: &str,
    meta: &ErrorMetadata,
    modeled: Option<Result<E, DeserializeError>>,
) -> Option<E> {
    match modeled? {
        Ok(err) => Some(err),
        Err(e) => {
            let detail = format!("carries the error `{code}` but its body could not be read: {e}");
            Some(unhandled(status, detail, meta.clone()))
        }
    }
}

/// The unhandled variant for a response of `status` that `detail` describes
/// (it follows `HTTP <status> response`).
pub fn unhandled<E: CreateUnhandledError>(status: u16, detail: String, meta: ErrorMetadata) -> E {
    E::create_unhandled_error(Box::new(UnrecognizedError { status, detail }), Some(meta))
}
