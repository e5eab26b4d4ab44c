//! The bodies [`ByteStream`] reads itself: files and readers.

use std::fs::File;
use std::future::Future;
use std::io::{self, Read as _};
use std::mem;
use std::path::Path;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll, ready};

use tokio::io::{AsyncRead, ReadBuf};
use tokio::task::JoinHandle;

use super::{ByteStreamError, CHUNK_SIZE, cancelled};

fn no_runtime() -> ByteStreamError {
    ByteStreamError::new("reading a file needs a Tokio runtime (it is read on the runtime's blocking pool)")
}

/// The length of the regular file at `path`.
pub(super) fn file_length(path: &Path) -> Result<u64, ByteStreamError> {
    let metadata = std::fs::metadata(path).map_err(|e| ByteStreamError::file("read the metadata of", path, e))?;
    if !metadata.is_file() {
        return Err(ByteStreamError::new(format!("{} is not a regular file", path.display())));
    }
    Ok(metadata.len())
}

/// A file read in chunks on the blocking pool, opened on the first read.
pub(super) struct FileBody {
    pub(super) path: Arc<Path>,
    /// The length when the stream was made; the file must still have it.
    pub(super) length: u64,
    pub(super) remaining: u64,
    state: FileState,
}

enum FileState {
    Unopened,
    Opening(JoinHandle<Result<File, ByteStreamError>>),
    Open(File),
    Reading(JoinHandle<(File, io::Result<Vec<u8>>)>),
    Finished,
}

impl FileBody {
    pub(super) fn new(path: Arc<Path>, length: u64) -> Self {
        FileBody { path, length, remaining: length, state: FileState::Unopened }
    }

    pub(super) fn is_unread(&self) -> bool {
        matches!(self.state, FileState::Unopened)
    }

    fn chunk_len(&self) -> usize {
        usize::try_from(self.remaining).unwrap_or(usize::MAX).min(CHUNK_SIZE)
    }

    pub(super) fn poll_chunk(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<Vec<u8>, ByteStreamError>>> {
        loop {
            // Every arm that does not finish puts a state back.
            match mem::replace(&mut self.state, FileState::Finished) {
                FileState::Finished => return Poll::Ready(None),
                FileState::Unopened => {
                    let Ok(runtime) = tokio::runtime::Handle::try_current() else {
                        return Poll::Ready(Some(Err(no_runtime())));
                    };
                    let (path, length) = (self.path.clone(), self.length);
                    self.state = FileState::Opening(runtime.spawn_blocking(move || open_unchanged(&path, length)));
                }
                FileState::Opening(mut task) => match Pin::new(&mut task).poll(cx) {
                    Poll::Pending => {
                        self.state = FileState::Opening(task);
                        return Poll::Pending;
                    }
                    Poll::Ready(opened) => match opened.map_err(cancelled).and_then(|opened| opened) {
                        Ok(file) => self.state = FileState::Open(file),
                        Err(e) => return Poll::Ready(Some(Err(e))),
                    },
                },
                FileState::Open(file) => {
                    if self.remaining == 0 {
                        return Poll::Ready(None);
                    }
                    let Ok(runtime) = tokio::runtime::Handle::try_current() else {
                        return Poll::Ready(Some(Err(no_runtime())));
                    };
                    let want = self.chunk_len();
                    self.state = FileState::Reading(runtime.spawn_blocking(move || read_up_to(file, want)));
                }
                FileState::Reading(mut task) => match Pin::new(&mut task).poll(cx) {
                    Poll::Pending => {
                        self.state = FileState::Reading(task);
                        return Poll::Pending;
                    }
                    Poll::Ready(Err(e)) => return Poll::Ready(Some(Err(cancelled(e)))),
                    Poll::Ready(Ok((_, Err(e)))) => {
                        return Poll::Ready(Some(Err(ByteStreamError::file("read", &self.path, e))));
                    }
                    Poll::Ready(Ok((file, Ok(chunk)))) => {
                        if chunk.len() < self.chunk_len() {
                            let read = self.length - self.remaining + u64::try_from(chunk.len()).unwrap_or(0);
                            return Poll::Ready(Some(Err(ByteStreamError::new(format!(
                                "{} ended after {read} of its {} bytes: it changed while being read",
                                self.path.display(),
                                self.length
                            )))));
                        }
                        self.remaining -= u64::try_from(chunk.len()).unwrap_or(self.remaining);
                        self.state = FileState::Open(file);
                        return Poll::Ready(Some(Ok(chunk)));
                    }
                },
            }
        }
    }
}

/// Opens `path`, failing if its length is no longer `length`.
fn open_unchanged(path: &Path, length: u64) -> Result<File, ByteStreamError> {
    let file = File::open(path).map_err(|e| ByteStreamError::file("open", path, e))?;
    let now = file.metadata().map_err(|e| ByteStreamError::file("read the metadata of", path, e))?.len();
    if now != length {
        return Err(ByteStreamError::new(format!(
            "{} changed length: {length} bytes when the stream was made, {now} bytes now",
            path.display()
        )));
    }
    Ok(file)
}

/// Reads `want` bytes, or fewer only at the end of the file.
fn read_up_to(mut file: File, want: usize) -> (File, io::Result<Vec<u8>>) {
    let mut buffer = vec![0; want];
    let mut filled = 0;
    while filled < want {
        match file.read(&mut buffer[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return (file, Err(e)),
        }
    }
    buffer.truncate(filled);
    (file, Ok(buffer))
}

/// The next `remaining` bytes of a reader.
pub(super) struct ReaderBody {
    reader: Box<dyn AsyncRead + Send + Sync + Unpin>,
    length: u64,
    pub(super) remaining: u64,
    /// Kept across a pending read, so that no bytes are lost.
    buffer: Vec<u8>,
}

impl ReaderBody {
    pub(super) fn new(reader: Box<dyn AsyncRead + Send + Sync + Unpin>, length: u64) -> Self {
        ReaderBody { reader, length, remaining: length, buffer: Vec::new() }
    }

    pub(super) fn poll_chunk(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<Vec<u8>, ByteStreamError>>> {
        if self.remaining == 0 {
            return Poll::Ready(None);
        }
        if self.buffer.is_empty() {
            let want = usize::try_from(self.remaining).unwrap_or(usize::MAX).min(CHUNK_SIZE);
            self.buffer = vec![0; want];
        }
        let mut read = ReadBuf::new(&mut self.buffer);
        if let Err(e) = ready!(Pin::new(&mut self.reader).poll_read(cx, &mut read)) {
            return Poll::Ready(Some(Err(ByteStreamError::with_source("cannot read from the reader", e))));
        }
        let n = read.filled().len();
        if n == 0 {
            return Poll::Ready(Some(Err(ByteStreamError::new(format!(
                "the reader ended after {} of the {} bytes the stream was made with",
                self.length - self.remaining,
                self.length
            )))));
        }
        self.buffer.truncate(n);
        self.remaining -= u64::try_from(n).unwrap_or(self.remaining);
        Poll::Ready(Some(Ok(mem::take(&mut self.buffer))))
    }
}
