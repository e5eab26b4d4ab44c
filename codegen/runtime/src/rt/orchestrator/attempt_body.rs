//! What each attempt of a call sends as its body.

use super::{CompressBody, RequestBody};
use crate::config::Config;
use crate::error::BoxError;
use crate::http::HttpRequest;
#[cfg(feature = "byte-stream")]
use crate::primitives::byte_stream::BodyReplay;

/// The body each attempt sends.
pub(super) enum AttemptBody {
    Bytes(Vec<u8>),
    #[cfg(feature = "byte-stream")]
    Stream(BodyReplay),
}

impl AttemptBody {
    /// Compresses bytes where the operation asks for it; a stream of bytes in
    /// memory becomes bytes (never compressed), any other stays a stream.
    pub(super) fn prepare(
        body: RequestBody,
        config: &Config,
        compress_body: CompressBody,
    ) -> Result<(Self, Option<&'static str>), BoxError> {
        match body {
            RequestBody::Bytes(bytes) => {
                let (bytes, encoding) = compress_body(bytes, config)?;
                Ok((AttemptBody::Bytes(bytes), encoding))
            }
            #[cfg(feature = "byte-stream")]
            RequestBody::Stream(stream) => match stream.into_in_memory() {
                Ok(bytes) => Ok((AttemptBody::Bytes(bytes), None)),
                Err(stream) => Ok((AttemptBody::Stream(BodyReplay::new(stream)), None)),
            },
        }
    }

    pub(super) fn request(&self, method: &str, url: &str) -> HttpRequest {
        match self {
            AttemptBody::Bytes(bytes) => HttpRequest::new(method, url, bytes.clone()),
            #[cfg(feature = "byte-stream")]
            AttemptBody::Stream(replay) => HttpRequest::streaming(method, url, replay.for_attempt()),
        }
    }

    pub(super) fn content_length(&self) -> Option<u64> {
        match self {
            AttemptBody::Bytes(bytes) => u64::try_from(bytes.len()).ok(),
            #[cfg(feature = "byte-stream")]
            AttemptBody::Stream(replay) => replay.content_length(),
        }
    }

    /// Whether the body is signed by its hash: only bytes in memory are.
    pub(super) fn is_hashed(&self) -> bool {
        matches!(self, AttemptBody::Bytes(_))
    }

    /// Whether another attempt can send the whole body again.
    pub(super) fn can_send_again(&self) -> bool {
        match self {
            AttemptBody::Bytes(_) => true,
            #[cfg(feature = "byte-stream")]
            AttemptBody::Stream(replay) => replay.can_send_again(),
        }
    }
}
