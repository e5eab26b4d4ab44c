use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::task::Waker;

use super::*;

/// A file under the system's temporary folder, removed when dropped.
struct TempFile(PathBuf);

impl TempFile {
    fn with(contents: &[u8]) -> TempFile {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let name = format!("byte-stream-test-{}-{}", std::process::id(), NEXT.fetch_add(1, Ordering::SeqCst));
        let path = std::env::temp_dir().join(name);
        std::fs::write(&path, contents).expect("write a temporary file");
        TempFile(path)
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// Bytes that differ from one position to the next, so that a chunk out of
/// place shows.
fn pattern(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i % 251) as u8).collect()
}

async fn chunks(mut stream: ByteStream) -> Vec<Result<Vec<u8>, String>> {
    let mut out = Vec::new();
    while let Some(next) = stream.next().await {
        out.push(next.map_err(|e| e.to_string()));
    }
    out
}

#[test]
fn streams_are_send_and_sync() {
    fn send_sync<T: Send + Sync + 'static>() {}
    send_sync::<ByteStream>();
    send_sync::<AggregatedBytes>();
    send_sync::<ByteStreamError>();
}

#[tokio::test]
async fn bytes_come_as_one_chunk_and_empty_bytes_as_none() {
    let stream = ByteStream::from("hello");
    assert_eq!(stream.content_length(), Some(5));
    assert_eq!(chunks(stream).await, [Ok(b"hello".to_vec())]);
    assert!(chunks(ByteStream::default()).await.is_empty());
    assert_eq!(ByteStream::default().content_length(), Some(0));

    let mut stream = ByteStream::from(String::from("ab"));
    assert_eq!(stream.try_next().await.expect("bytes"), Some(b"ab".to_vec()));
    assert_eq!(stream.try_next().await.expect("the end"), None);
    assert_eq!(stream.content_length(), Some(0));
}

#[tokio::test]
async fn every_constructor_from_memory_gives_the_same_bytes() {
    for stream in [
        ByteStream::new(b"abc".to_vec()),
        ByteStream::from(b"abc".to_vec()),
        ByteStream::from(&b"abc"[..]),
        ByteStream::from_static(b"abc"),
        ByteStream::from("abc"),
        ByteStream::from(String::from("abc")),
    ] {
        let collected = stream.collect().await.expect("bytes");
        assert_eq!((collected.len(), collected.as_ref()), (3, &b"abc"[..]));
        assert_eq!(collected.to_vec(), b"abc");
    }
}

#[test]
fn debug_shows_the_source_and_length_never_the_bytes() {
    let shown = format!("{:?}", ByteStream::from("hunter2 is the password"));
    assert_eq!(shown, r#"ByteStream { source: "bytes", content_length: Some(23) }"#);
    let reader = ByteStream::from_reader(&b"hunter2"[..], 7);
    assert!(!format!("{reader:?}").contains("hunter2"), "{reader:?}");
    let aggregated = AggregatedBytes { bytes: b"hunter2".to_vec() };
    assert_eq!(format!("{aggregated:?}"), "AggregatedBytes { len: 7 }");
}

#[tokio::test]
async fn a_file_is_read_in_chunks_and_every_copy_opens_it_again() {
    let contents = pattern(3 * CHUNK_SIZE + 10);
    let file = TempFile::with(&contents);
    let stream = ByteStream::from_path(&file.0).await.expect("a regular file");
    assert_eq!(stream.content_length(), Some(contents.len() as u64));
    assert!(format!("{stream:?}").contains("\"file\""));

    let again = stream.try_clone().expect("an unread file can be read again");
    let read = chunks(stream).await;
    let sizes: Vec<usize> = read.iter().map(|chunk| chunk.as_ref().map_or(0, Vec::len)).collect();
    assert_eq!(sizes, [CHUNK_SIZE, CHUNK_SIZE, CHUNK_SIZE, 10]);
    assert_eq!(read.into_iter().map(|chunk| chunk.expect("bytes")).collect::<Vec<_>>().concat(), contents);
    assert_eq!(again.collect().await.expect("the second read").into_bytes(), contents);
}

#[tokio::test]
async fn a_file_read_from_is_not_copied() {
    let file = TempFile::with(&pattern(2 * CHUNK_SIZE));
    let mut stream = ByteStream::from_path(&file.0).await.expect("a regular file");
    stream.next().await.expect("a chunk").expect("bytes");
    assert!(stream.try_clone().is_none());
    assert_eq!(stream.content_length(), Some(CHUNK_SIZE as u64));
}

#[tokio::test]
async fn a_file_that_changed_length_fails_the_read() {
    let file = TempFile::with(b"0123456789");
    let stream = ByteStream::from_path(&file.0).await.expect("a regular file");
    std::fs::write(&file.0, b"01234").expect("shorten the file");
    let read = chunks(stream).await;
    assert_eq!(read.len(), 1, "the error ends the stream: {read:?}");
    let message = read[0].clone().expect_err("the length changed");
    assert!(message.contains("changed length: 10 bytes when the stream was made, 5 bytes now"), "{message}");
}

#[tokio::test]
async fn what_is_not_a_regular_file_is_refused_up_front() {
    let dir = std::env::temp_dir();
    let err = ByteStream::from_path(&dir).await.expect_err("a directory");
    assert!(err.to_string().ends_with("is not a regular file"), "{err}");
    let missing = dir.join(format!("byte-stream-test-missing-{}", std::process::id()));
    let err = ByteStream::from_path(&missing).await.expect_err("no such file");
    assert!(err.to_string().starts_with("cannot read the metadata of"), "{err}");
    assert!(StdError::source(&err).is_some_and(|source| source.is::<io::Error>()));
}

#[test]
fn reading_a_file_outside_a_runtime_is_an_error_not_a_panic() {
    let file = TempFile::with(b"abc");
    let runtime = tokio::runtime::Builder::new_current_thread().build().expect("a runtime");
    let mut stream = runtime.block_on(ByteStream::from_path(&file.0)).expect("a regular file");
    drop(runtime);
    let mut cx = Context::from_waker(Waker::noop());
    match Pin::new(&mut stream).poll_next(&mut cx) {
        Poll::Ready(Some(Err(e))) => assert!(e.to_string().contains("needs a Tokio runtime"), "{e}"),
        other => panic!("expected an error at once, got {other:?}"),
    }
}

#[tokio::test]
async fn a_reader_gives_exactly_its_length() {
    let stream = ByteStream::from_reader(&b"hello world"[..], 5);
    assert_eq!(stream.content_length(), Some(5));
    assert_eq!(stream.collect().await.expect("5 bytes").into_bytes(), b"hello");
    assert!(ByteStream::from_reader(&b""[..], 0).collect().await.expect("nothing").is_empty());

    let contents = pattern(CHUNK_SIZE + 1);
    let read = chunks(ByteStream::from_reader(std::io::Cursor::new(contents.clone()), contents.len() as u64)).await;
    assert_eq!(read.len(), 2);
    assert_eq!(read.into_iter().map(|chunk| chunk.expect("bytes")).collect::<Vec<_>>().concat(), contents);
}

#[tokio::test]
async fn a_reader_that_ends_early_fails_the_read_and_ends_the_stream() {
    let mut stream = ByteStream::from_reader(&b"abc"[..], 5);
    assert_eq!(stream.next().await.expect("a chunk").expect("bytes"), b"abc");
    let err = stream.next().await.expect("an error").expect_err("too short");
    assert_eq!(err.to_string(), "the reader ended after 3 of the 5 bytes the stream was made with");
    assert!(stream.next().await.is_none());
    assert!(ByteStream::from_reader(&b"abc"[..], 5).collect().await.is_err());
}

#[tokio::test]
async fn a_reader_failure_keeps_its_cause() {
    struct Broken;
    impl AsyncRead for Broken {
        fn poll_read(self: Pin<&mut Self>, _: &mut Context<'_>, _: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
            Poll::Ready(Err(io::Error::new(io::ErrorKind::BrokenPipe, "pipe broke")))
        }
    }
    let err = ByteStream::from_reader(Broken, 1).collect().await.expect_err("a broken reader");
    assert_eq!(err.to_string(), "cannot read from the reader: pipe broke");
    assert!(StdError::source(&err).is_some_and(|source| source.is::<io::Error>()));
}

#[tokio::test]
async fn a_replayed_file_is_sent_whole_by_every_attempt() {
    let contents = pattern(CHUNK_SIZE + 5);
    let file = TempFile::with(&contents);
    let replay = BodyReplay::new(ByteStream::from_path(&file.0).await.expect("a regular file"));
    assert_eq!(replay.content_length(), Some(contents.len() as u64));
    for _ in 0..3 {
        assert!(replay.can_send_again());
        assert_eq!(replay.for_attempt().collect().await.expect("the file").into_bytes(), contents);
    }
}

#[tokio::test]
async fn a_replayed_reader_goes_to_the_first_attempt_that_reads_it() {
    let replay = BodyReplay::new(ByteStream::from_reader(&b"once"[..], 4));
    assert_eq!(replay.content_length(), Some(4));
    // An attempt that never read (say, its connection failed) uses nothing up.
    drop(replay.for_attempt());
    assert!(replay.can_send_again());

    let first = replay.for_attempt();
    let second = replay.for_attempt();
    assert_eq!(first.content_length(), Some(4));
    assert_eq!(first.collect().await.expect("the reader").into_bytes(), b"once");
    assert!(!replay.can_send_again());
    let err = second.collect().await.expect_err("read already");
    assert!(err.to_string().contains("read by an earlier attempt"), "{err}");
}

#[tokio::test]
async fn bytes_in_memory_are_handed_over_without_a_copy() {
    let stream = ByteStream::from("abc");
    assert_eq!(stream.in_memory(), Some(&b"abc"[..]));
    assert_eq!(stream.into_in_memory().expect("in memory"), b"abc");
    let reader = ByteStream::from_reader(&b"abc"[..], 3);
    assert_eq!(reader.in_memory(), None);
    assert!(reader.into_in_memory().is_err());
}

#[tokio::test]
async fn the_async_reader_reads_across_chunks_and_reports_errors() {
    let contents = pattern(CHUNK_SIZE + 100);
    let stream = ByteStream::from_reader(std::io::Cursor::new(contents.clone()), contents.len() as u64);
    let mut reader = stream.into_async_read();
    let mut out = Vec::new();
    let mut buf = [0u8; 1000];
    loop {
        let mut read = ReadBuf::new(&mut buf);
        poll_fn(|cx| Pin::new(&mut reader).poll_read(cx, &mut read)).await.expect("bytes");
        if read.filled().is_empty() {
            break;
        }
        out.extend_from_slice(read.filled());
    }
    assert_eq!(out, contents);

    let mut reader = ByteStream::from_reader(&b""[..], 1).into_async_read();
    let mut read = ReadBuf::new(&mut buf);
    let err = poll_fn(|cx| Pin::new(&mut reader).poll_read(cx, &mut read)).await.expect_err("too short");
    assert!(err.get_ref().is_some_and(|inner| inner.is::<ByteStreamError>()), "{err:?}");
}
