//! Streaming bodies (`@streaming` blobs): [`ByteStream`], read a chunk at a
//! time so that a request or response body never has to fit in memory.

use std::error::Error as StdError;
use std::fmt;
use std::future::poll_fn;
use std::io;
use std::mem;
use std::path::Path;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll, ready};

use tokio::io::{AsyncBufRead, AsyncRead, ReadBuf};
use tokio::task::JoinError;

/// The most a file or reader body hands on at once: one hop to the blocking
/// pool (for a file) per 64 KiB keeps the overhead small next to the I/O,
/// and a body in flight holds little memory.
const CHUNK_SIZE: usize = 64 * 1024;

/// The most [`ByteStream::collect`] reserves up front from a length it was
/// told: a server's `Content-Length` is not trusted with an allocation.
const MAX_PREALLOCATION: u64 = 8 * 1024 * 1024;

/// Binary data read a chunk at a time: the body of a request or response
/// whose model member is a `@streaming` blob.
///
/// A stream made from bytes, a file ([`from_path`](Self::from_path)) or a
/// reader ([`from_reader`](Self::from_reader)) knows its length, which a
/// request sends as `Content-Length`. An operation that fails with a
/// retryable error sends bytes and files again (a file is opened anew for
/// each attempt); a reader can only be read once, so an attempt that has
/// read from it is never retried.
///
/// A response body arrives as chunks: read them with [`next`](Self::next)
/// or [`try_next`](Self::try_next), all at once with
/// [`collect`](Self::collect), or through [`tokio::io::AsyncRead`] with
/// [`into_async_read`](Self::into_async_read).
///
/// `Debug` shows where the bytes come from and how many are left, never the
/// bytes themselves.
///
/// # Example
///
/// ```no_run
/// # #[cfg(feature = "byte-stream")]
/// # async fn example() -> Result<(), smithy_client_runtime::primitives::ByteStreamError> {
/// use smithy_client_runtime::primitives::ByteStream;
///
/// let upload = ByteStream::from_path("archive.tar").await?;
/// assert!(upload.content_length().is_some());
///
/// let mut download = ByteStream::from(b"some bytes".to_vec());
/// while let Some(chunk) = download.try_next().await? {
///     println!("{} bytes", chunk.len());
/// }
/// # Ok(())
/// # }
/// ```
pub struct ByteStream {
    inner: Inner,
}

enum Inner {
    /// In memory; handed on as one chunk.
    Bytes(Vec<u8>),
    File(FileBody),
    Reader(ReaderBody),
    Shared(SharedBody),
    /// Chunks from elsewhere, e.g. a response body on its connection.
    Source(Box<dyn ChunkSource>),
    /// Read to the end, or failed: there is nothing more to read.
    Done,
}

/// Where the chunks of a stream that is neither bytes, a file nor a reader
/// come from: a response body as an HTTP client receives it.
pub(crate) trait ChunkSource: Send + Sync + 'static {
    /// The next chunk, `None` at the end.
    fn poll_chunk(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<Vec<u8>, ByteStreamError>>>;

    /// The bytes left, when known.
    fn content_length(&self) -> Option<u64>;
}

impl ByteStream {
    /// A stream of `bytes`.
    pub fn new(bytes: Vec<u8>) -> Self {
        ByteStream { inner: Inner::Bytes(bytes) }
    }

    /// A stream of `bytes` (copied).
    pub fn from_static(bytes: &'static [u8]) -> Self {
        Self::new(bytes.to_vec())
    }

    /// A stream of the contents of the file at `path`, whose length is taken
    /// now.
    ///
    /// The file is opened when the stream is first read, and again for each
    /// attempt of a request that is retried. Reading needs a Tokio runtime
    /// (the file is read on its blocking pool). A file whose length is no
    /// longer the one taken here, or that cannot be read, fails the read.
    ///
    /// Fails if `path` is not a regular file or its metadata cannot be read.
    pub async fn from_path(path: impl AsRef<Path>) -> Result<ByteStream, ByteStreamError> {
        let path: Arc<Path> = Arc::from(path.as_ref());
        let length = match tokio::runtime::Handle::try_current() {
            Ok(runtime) => {
                let path = path.clone();
                runtime.spawn_blocking(move || file_length(&path)).await.map_err(cancelled)??
            }
            // Without a runtime there is no blocking pool; asking here is
            // one quick system call.
            Err(_) => file_length(&path)?,
        };
        Ok(ByteStream { inner: Inner::File(FileBody::new(path, length)) })
    }

    /// A stream of the next `length` bytes of `reader`.
    ///
    /// Exactly `length` bytes are read, whatever follows them; a reader that
    /// ends sooner fails the read. A reader can be read only once, so a
    /// request whose attempt has read from it is not retried.
    pub fn from_reader(reader: impl AsyncRead + Send + Sync + Unpin + 'static, length: u64) -> ByteStream {
        ByteStream { inner: Inner::Reader(ReaderBody::new(Box::new(reader), length)) }
    }

    /// A stream whose chunks come from `source`.
    #[cfg_attr(not(feature = "default-https-client"), allow(dead_code))]
    pub(crate) fn from_source(source: impl ChunkSource) -> Self {
        ByteStream { inner: Inner::Source(Box::new(source)) }
    }

    /// The number of bytes left to read, when known: always for bytes,
    /// files and readers; for a response body, its `Content-Length`.
    pub fn content_length(&self) -> Option<u64> {
        match &self.inner {
            Inner::Bytes(bytes) => u64::try_from(bytes.len()).ok(),
            Inner::File(file) => Some(file.remaining),
            Inner::Reader(reader) => Some(reader.remaining),
            Inner::Shared(shared) => shared.content_length(),
            Inner::Source(source) => source.content_length(),
            Inner::Done => Some(0),
        }
    }

    /// The next chunk, or `None` at the end. Chunks are never empty. After
    /// an error the stream ends.
    // The name and shape of the official SDK's method; it is not an iterator.
    #[allow(clippy::should_implement_trait)]
    pub async fn next(&mut self) -> Option<Result<Vec<u8>, ByteStreamError>> {
        poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }

    /// The next chunk, or `Ok(None)` at the end: [`next`](Self::next) in the
    /// form that suits `?`.
    pub async fn try_next(&mut self) -> Result<Option<Vec<u8>>, ByteStreamError> {
        self.next().await.transpose()
    }

    /// Polls for the next chunk, for code that drives the stream by hand
    /// (an [`HttpClient`](crate::http::HttpClient) adapting it to its own
    /// body type).
    pub fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Vec<u8>, ByteStreamError>>> {
        let this = self.get_mut();
        loop {
            let next = match &mut this.inner {
                Inner::Done => return Poll::Ready(None),
                Inner::Bytes(bytes) => {
                    let bytes = mem::take(bytes);
                    this.inner = Inner::Done;
                    return Poll::Ready(if bytes.is_empty() { None } else { Some(Ok(bytes)) });
                }
                Inner::File(file) => ready!(file.poll_chunk(cx)),
                Inner::Reader(reader) => ready!(reader.poll_chunk(cx)),
                Inner::Shared(shared) => ready!(shared.poll_chunk(cx)),
                Inner::Source(source) => ready!(source.poll_chunk(cx)),
            };
            match next {
                Some(Ok(chunk)) if chunk.is_empty() => {}
                Some(Ok(chunk)) => return Poll::Ready(Some(Ok(chunk))),
                // The end, or an error: either way nothing more is read.
                other => {
                    this.inner = Inner::Done;
                    return Poll::Ready(other);
                }
            }
        }
    }

    /// Reads the whole stream into memory.
    pub async fn collect(mut self) -> Result<AggregatedBytes, ByteStreamError> {
        if let Inner::Bytes(bytes) = &mut self.inner {
            return Ok(AggregatedBytes { bytes: mem::take(bytes) });
        }
        let reserve = self.content_length().unwrap_or(0).min(MAX_PREALLOCATION);
        let mut bytes = Vec::with_capacity(usize::try_from(reserve).unwrap_or(0));
        while let Some(chunk) = self.try_next().await? {
            if bytes.is_empty() && chunk.len() >= bytes.capacity() {
                bytes = chunk;
            } else {
                bytes.extend_from_slice(&chunk);
            }
        }
        Ok(AggregatedBytes { bytes })
    }

    /// The stream as a Tokio reader. A failed read comes out as an
    /// [`io::Error`] whose source is the [`ByteStreamError`].
    pub fn into_async_read(self) -> impl AsyncBufRead + Send + Sync + Unpin + 'static {
        StreamReader { stream: self, chunk: Vec::new(), position: 0 }
    }

    /// The bytes, when the stream is bytes in memory not yet read.
    pub(crate) fn in_memory(&self) -> Option<&[u8]> {
        match &self.inner {
            Inner::Bytes(bytes) => Some(bytes),
            _ => None,
        }
    }

    /// The bytes, when the stream is bytes in memory not yet read; else the
    /// stream as it was.
    pub(crate) fn into_in_memory(self) -> Result<Vec<u8>, ByteStream> {
        match self.inner {
            Inner::Bytes(bytes) => Ok(bytes),
            inner => Err(ByteStream { inner }),
        }
    }

    /// A stream of the same bytes from the start that reads nothing through
    /// this one: for bytes in memory (copied) and for files not yet read
    /// from (opened anew); `None` for anything else.
    pub(crate) fn try_clone(&self) -> Option<ByteStream> {
        let inner = match &self.inner {
            Inner::Bytes(bytes) => Inner::Bytes(bytes.clone()),
            Inner::File(file) if file.is_unread() => Inner::File(FileBody::new(file.path.clone(), file.length)),
            _ => return None,
        };
        Some(ByteStream { inner })
    }

    fn source_name(&self) -> &'static str {
        match &self.inner {
            Inner::Bytes(_) => "bytes",
            Inner::File(_) => "file",
            Inner::Reader(_) => "reader",
            Inner::Shared(_) => "shared",
            Inner::Source(_) => "body",
            Inner::Done => "done",
        }
    }
}

impl Default for ByteStream {
    /// An empty stream.
    fn default() -> Self {
        ByteStream::new(Vec::new())
    }
}

impl fmt::Debug for ByteStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ByteStream")
            .field("source", &self.source_name())
            .field("content_length", &self.content_length())
            .finish()
    }
}

impl From<Vec<u8>> for ByteStream {
    fn from(bytes: Vec<u8>) -> Self {
        ByteStream::new(bytes)
    }
}

impl From<&'static [u8]> for ByteStream {
    fn from(bytes: &'static [u8]) -> Self {
        ByteStream::from_static(bytes)
    }
}

impl From<String> for ByteStream {
    fn from(text: String) -> Self {
        ByteStream::new(text.into_bytes())
    }
}

impl From<&'static str> for ByteStream {
    fn from(text: &'static str) -> Self {
        ByteStream::from_static(text.as_bytes())
    }
}

/// A whole stream in memory, from [`ByteStream::collect`].
#[derive(Clone, Default, PartialEq, Eq)]
pub struct AggregatedBytes {
    bytes: Vec<u8>,
}

impl AggregatedBytes {
    /// The bytes.
    pub fn into_bytes(self) -> Vec<u8> {
        self.bytes
    }

    /// The bytes (the same as [`into_bytes`](Self::into_bytes)).
    // The official SDK's name for it; taking `self` saves a copy.
    #[allow(clippy::wrong_self_convention)]
    pub fn to_vec(self) -> Vec<u8> {
        self.bytes
    }

    /// The number of bytes.
    pub fn len(&self) -> usize {
        self.bytes.len()
    }

    /// Whether there are no bytes.
    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }
}

impl AsRef<[u8]> for AggregatedBytes {
    fn as_ref(&self) -> &[u8] {
        &self.bytes
    }
}

impl fmt::Debug for AggregatedBytes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AggregatedBytes").field("len", &self.bytes.len()).finish()
    }
}

/// A [`ByteStream`] could not be read: a file or reader failed or ended
/// early, a file changed length, or a response body broke off.
#[derive(Debug)]
pub struct ByteStreamError {
    message: String,
    source: Option<Box<dyn StdError + Send + Sync + 'static>>,
}

impl ByteStreamError {
    fn new(message: impl Into<String>) -> Self {
        ByteStreamError { message: message.into(), source: None }
    }

    fn with_source(message: impl Into<String>, source: impl Into<Box<dyn StdError + Send + Sync + 'static>>) -> Self {
        ByteStreamError { message: message.into(), source: Some(source.into()) }
    }

    /// A response body could not be received.
    #[cfg_attr(not(feature = "default-https-client"), allow(dead_code))]
    pub(crate) fn transport(source: impl Into<Box<dyn StdError + Send + Sync + 'static>>) -> Self {
        Self::with_source("the body could not be received", source)
    }

    fn file(what: &str, path: &Path, source: io::Error) -> Self {
        Self::with_source(format!("cannot {what} {}", path.display()), source)
    }
}

impl fmt::Display for ByteStreamError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The cause is part of the message: logs often show only the top.
        match &self.source {
            Some(source) => write!(f, "{}: {source}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl StdError for ByteStreamError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.source.as_deref().map(|source| source as &(dyn StdError + 'static))
    }
}

fn cancelled(error: JoinError) -> ByteStreamError {
    ByteStreamError::with_source("reading the file did not finish", error)
}

/// [`ByteStream::into_async_read`]'s reader.
struct StreamReader {
    stream: ByteStream,
    chunk: Vec<u8>,
    position: usize,
}

impl AsyncBufRead for StreamReader {
    fn poll_fill_buf(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<&[u8]>> {
        let this = self.get_mut();
        while this.position >= this.chunk.len() {
            match ready!(Pin::new(&mut this.stream).poll_next(cx)) {
                Some(Ok(chunk)) => {
                    this.chunk = chunk;
                    this.position = 0;
                }
                Some(Err(e)) => return Poll::Ready(Err(io::Error::other(e))),
                None => return Poll::Ready(Ok(&[])),
            }
        }
        Poll::Ready(Ok(&this.chunk[this.position..]))
    }

    fn consume(self: Pin<&mut Self>, amount: usize) {
        let this = self.get_mut();
        this.position = this.position.saturating_add(amount).min(this.chunk.len());
    }
}

impl AsyncRead for StreamReader {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        let available = ready!(self.as_mut().poll_fill_buf(cx))?;
        let n = available.len().min(buf.remaining());
        buf.put_slice(&available[..n]);
        self.consume(n);
        Poll::Ready(Ok(()))
    }
}

mod replay;
mod sources;
#[cfg(test)]
mod tests;

pub(crate) use self::replay::BodyReplay;
use self::replay::SharedBody;
use self::sources::{FileBody, ReaderBody, file_length};
