//! Bodies on hyper's side of the default client: the request body a
//! connection sends, and (feature `byte-stream`) a response body handed on
//! unread.

use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};

use hyper::body::{Body, Bytes, Frame, SizeHint};

use super::BoxError;
use crate::http::HttpRequest;
#[cfg(feature = "byte-stream")]
use crate::primitives::ByteStream;

/// A request body: bytes in memory, or a stream sent as it is read.
pub(super) enum HyperBody {
    /// `None` once sent, or for an empty body.
    Full(Option<Bytes>),
    #[cfg(feature = "byte-stream")]
    Stream(ByteStream),
}

impl HyperBody {
    /// Moves the body out of `request`, without copying it.
    pub(super) fn take_from(request: &mut HttpRequest) -> Self {
        #[cfg(feature = "byte-stream")]
        if request.has_body_stream() {
            return HyperBody::Stream(request.take_body_stream());
        }
        let bytes = std::mem::take(&mut request.body);
        HyperBody::Full(Some(Bytes::from(bytes)).filter(|bytes| !bytes.is_empty()))
    }
}

impl fmt::Debug for HyperBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The length only: a body may hold secrets.
        f.debug_struct("HyperBody").field("size_hint", &self.size_hint().exact()).finish()
    }
}

impl Body for HyperBody {
    type Data = Bytes;
    type Error = BoxError;

    fn poll_frame(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, BoxError>>> {
        match self.get_mut() {
            HyperBody::Full(bytes) => Poll::Ready(bytes.take().map(|bytes| Ok(Frame::data(bytes)))),
            #[cfg(feature = "byte-stream")]
            HyperBody::Stream(stream) => Pin::new(stream).poll_next(_cx).map(|next| {
                next.map(|chunk| chunk.map(|chunk| Frame::data(Bytes::from(chunk))).map_err(BoxError::from))
            }),
        }
    }

    fn is_end_stream(&self) -> bool {
        match self {
            HyperBody::Full(bytes) => bytes.is_none(),
            #[cfg(feature = "byte-stream")]
            HyperBody::Stream(stream) => stream.content_length() == Some(0),
        }
    }

    fn size_hint(&self) -> SizeHint {
        match self {
            HyperBody::Full(bytes) => {
                SizeHint::with_exact(bytes.as_ref().map_or(0, |bytes| u64::try_from(bytes.len()).unwrap_or(u64::MAX)))
            }
            #[cfg(feature = "byte-stream")]
            HyperBody::Stream(stream) => stream.content_length().map_or_else(SizeHint::default, SizeHint::with_exact),
        }
    }
}

#[cfg(feature = "byte-stream")]
pub(super) use self::response::ResponseStream;

#[cfg(feature = "byte-stream")]
mod response {
    use std::pin::Pin;
    use std::sync::Arc;
    use std::task::{Context, Poll, ready};

    use hyper::body::{Body as _, Incoming};

    use super::super::{Pool, RETURN_GRACE, Sender, Target, TransportError, classify};
    use crate::primitives::byte_stream::{ByteStreamError, ChunkSource};

    /// A 2xx response body handed on unread; its connection goes back to the
    /// pool once the body has been read to the end.
    pub(in crate::http::default_client) struct ResponseStream {
        body: Incoming,
        /// Dropped with the body if it is not read to the end, which closes
        /// the connection: its next bytes would be the rest of this body.
        connection: Option<(Arc<Pool>, Target, Sender)>,
    }

    impl ResponseStream {
        pub(in crate::http::default_client) fn new(
            body: Incoming,
            pool: Arc<Pool>,
            target: Target,
            sender: Sender,
        ) -> Self {
            ResponseStream { body, connection: Some((pool, target, sender)) }
        }

        /// Pools the connection once hyper has marked it ready for another
        /// request, as `DefaultHttpClient::return_to_pool` does.
        fn release(&mut self, cx: &mut Context<'_>) {
            let Some((pool, target, mut sender)) = self.connection.take() else { return };
            // Pooling starts a task; without a runtime the connection is closed instead.
            let Ok(runtime) = tokio::runtime::Handle::try_current() else { return };
            match sender.poll_ready(cx) {
                Poll::Ready(Ok(())) => pool.checkin(target, sender),
                Poll::Ready(Err(_)) => {}
                Poll::Pending => {
                    runtime.spawn(async move {
                        if let Ok(Ok(())) = tokio::time::timeout(RETURN_GRACE, sender.ready()).await {
                            pool.checkin(target, sender);
                        }
                    });
                }
            }
        }
    }

    impl ChunkSource for ResponseStream {
        fn poll_chunk(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<Vec<u8>, ByteStreamError>>> {
            loop {
                match ready!(Pin::new(&mut self.body).poll_frame(cx)) {
                    Some(Ok(frame)) => {
                        // Trailers carry nothing an output reads.
                        if let Ok(data) = frame.into_data() {
                            return Poll::Ready(Some(Ok(Vec::from(data))));
                        }
                    }
                    Some(Err(e)) => {
                        self.connection = None;
                        let kind = classify(&e, false);
                        let error = TransportError::new(Box::new(e));
                        return Poll::Ready(Some(Err(ByteStreamError::transport(crate::http::ConnectorError::new(
                            kind, error,
                        )))));
                    }
                    None => {
                        self.release(cx);
                        return Poll::Ready(None);
                    }
                }
            }
        }

        fn content_length(&self) -> Option<u64> {
            // hyper counts down what is left of the `Content-Length`.
            self.body.size_hint().exact()
        }
    }
}
