//! Request bodies for retries: each attempt gets its own copy of the body
//! where one can be made, else the first attempt to read it takes it.

use std::pin::Pin;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::task::{Context, Poll};

use super::{ByteStream, ByteStreamError, Inner};

/// One body that several request attempts may try to send: the first to
/// read it takes it, the others fail when they read.
pub(super) struct SharedBody {
    slot: Arc<Mutex<Option<ByteStream>>>,
    length: Option<u64>,
    taken: Option<Box<ByteStream>>,
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // Taking the body out is one step; a panic elsewhere cannot leave it half done.
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

impl SharedBody {
    pub(super) fn content_length(&self) -> Option<u64> {
        match &self.taken {
            Some(stream) => stream.content_length(),
            None => self.length,
        }
    }

    pub(super) fn poll_chunk(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<Vec<u8>, ByteStreamError>>> {
        if self.taken.is_none() {
            let Some(stream) = lock(&self.slot).take() else {
                return Poll::Ready(Some(Err(ByteStreamError::new(
                    "the body was read by an earlier attempt and cannot be read again",
                ))));
            };
            self.taken = Some(Box::new(stream));
        }
        match &mut self.taken {
            Some(stream) => Pin::new(stream.as_mut()).poll_next(cx),
            None => Poll::Ready(None),
        }
    }
}

/// Hands each attempt of a request its own copy of the body: bytes and
/// files are read again from the start; any other stream goes to the first
/// attempt that reads it.
pub(crate) struct BodyReplay {
    source: Replay,
}

enum Replay {
    Fresh(ByteStream),
    Once { slot: Arc<Mutex<Option<ByteStream>>>, length: Option<u64> },
}

impl BodyReplay {
    pub(crate) fn new(stream: ByteStream) -> Self {
        let source = match stream.try_clone() {
            Some(_) => Replay::Fresh(stream),
            None => {
                let length = stream.content_length();
                Replay::Once { slot: Arc::new(Mutex::new(Some(stream))), length }
            }
        };
        BodyReplay { source }
    }

    /// The body's length, when known.
    pub(crate) fn content_length(&self) -> Option<u64> {
        match &self.source {
            Replay::Fresh(stream) => stream.content_length(),
            Replay::Once { length, .. } => *length,
        }
    }

    /// Whether another attempt would send the whole body: always for bytes
    /// and files; for a one-time stream, only while no attempt has read it.
    pub(crate) fn can_send_again(&self) -> bool {
        match &self.source {
            Replay::Fresh(_) => true,
            Replay::Once { slot, .. } => lock(slot).is_some(),
        }
    }

    /// The body for the next attempt. A one-time stream that an earlier
    /// attempt has read fails when read.
    pub(crate) fn for_attempt(&self) -> ByteStream {
        match &self.source {
            Replay::Fresh(stream) => stream.try_clone().unwrap_or_default(),
            Replay::Once { slot, length } => {
                ByteStream { inner: Inner::Shared(SharedBody { slot: slot.clone(), length: *length, taken: None }) }
            }
        }
    }
}
