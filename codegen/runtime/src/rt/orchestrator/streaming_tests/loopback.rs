//! Streaming bodies through the built-in client and a loopback server:
//! uploads from a file and a reader, downloads larger than the response size
//! limit, and which bodies retries send again.

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, mpsc};

use super::*;

/// Bounds every call and every socket wait, so that a hang fails the test.
const LIMIT: Duration = Duration::from_secs(10);

/// A request as the loopback server read it off the wire.
#[derive(Debug)]
struct Received {
    /// Request line and headers, without the blank line.
    head: String,
    body: Vec<u8>,
}

impl Received {
    fn headers(&self) -> Vec<(String, String)> {
        self.head
            .lines()
            .skip(1)
            .filter_map(|line| line.split_once(':'))
            .map(|(n, v)| (n.to_owned(), v.trim().to_owned()))
            .collect()
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.head
            .lines()
            .skip(1)
            .filter_map(|line| line.split_once(':'))
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.trim())
    }

    /// Whether the signature is the one computed over `body` as the payload.
    fn signed_over(&self, body: SignableBody<'_>) -> bool {
        let mut request_line = self.head.lines().next().unwrap_or_default().split(' ');
        let (method, path) = (request_line.next().unwrap_or_default(), request_line.next().unwrap_or_default());
        let uri = format!("http://{}{path}", self.header("host").unwrap_or_default());
        signed_over(method, &uri, &self.headers(), body)
    }
}

/// One answer: the response head, then the body written in `pieces` parts
/// with a pause between them, so that the client receives it piece by piece.
struct Reply {
    head: String,
    body: Vec<u8>,
    pieces: usize,
}

impl Reply {
    fn status(status: &str, body: &[u8]) -> Reply {
        let head = format!("HTTP/1.1 {status}\r\ncontent-length: {}\r\n\r\n", body.len());
        Reply { head, body: body.to_vec(), pieces: 1 }
    }
}

/// A loopback HTTP/1.1 server that answers the requests it receives, on any
/// connection, with `replies` in order, and closes a connection once they
/// run out.
struct Loopback {
    url: String,
    received: mpsc::Receiver<Received>,
    accepted: Arc<AtomicUsize>,
}

impl Loopback {
    fn start(replies: Vec<Reply>) -> Loopback {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let url = format!("http://{}", listener.local_addr().expect("local address"));
        let replies = Arc::new(Mutex::new(VecDeque::from(replies)));
        let accepted = Arc::new(AtomicUsize::new(0));
        let (tx, received) = mpsc::channel();
        let counter = accepted.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { return };
                counter.fetch_add(1, Ordering::SeqCst);
                let (replies, tx) = (replies.clone(), tx.clone());
                std::thread::spawn(move || serve_connection(stream, &replies, &tx));
            }
        });
        Loopback { url, received, accepted }
    }

    /// Every request received so far.
    fn requests(&self) -> Vec<Received> {
        self.received.try_iter().collect()
    }
}

fn serve_connection(stream: std::net::TcpStream, replies: &Mutex<VecDeque<Reply>>, tx: &mpsc::Sender<Received>) {
    let _ = stream.set_read_timeout(Some(LIMIT));
    let _ = stream.set_write_timeout(Some(LIMIT));
    let mut reader = BufReader::new(stream);
    loop {
        let mut head = String::new();
        loop {
            let mut line = String::new();
            match reader.read_line(&mut line) {
                Ok(0) | Err(_) => return,
                Ok(_) if line == "\r\n" => break,
                Ok(_) => head.push_str(&line),
            }
        }
        let received = Received { head, body: Vec::new() };
        let length = received.header("content-length").and_then(|v| v.parse().ok()).unwrap_or(0);
        let mut body = vec![0; length];
        if reader.read_exact(&mut body).is_err() {
            return;
        }
        let _ = tx.send(Received { body, ..received });
        let Some(reply) = replies.lock().unwrap_or_else(|p| p.into_inner()).pop_front() else { return };
        let writer = reader.get_mut();
        if writer.write_all(reply.head.as_bytes()).is_err() {
            return;
        }
        let size = reply.body.len().div_ceil(reply.pieces.max(1)).max(1);
        for piece in reply.body.chunks(size) {
            if writer.write_all(piece).and_then(|()| writer.flush()).is_err() {
                return;
            }
            if reply.pieces > 1 {
                std::thread::sleep(Duration::from_millis(5));
            }
        }
    }
}

async fn upload(config: Config, body: ByteStream) -> Result<ByteStream, SdkError<OpError>> {
    let runtime = Runtime::new(config);
    tokio::time::timeout(LIMIT, invoke::<Upload>(&runtime, &SERVICE, body)).await.expect("the call finishes in time")
}

#[tokio::test]
async fn a_file_upload_is_streamed_with_its_length_and_an_unsigned_payload() {
    let contents = pattern(200_000);
    let file = TempFile::with(&contents);
    let server = Loopback::start(vec![Reply::status("200 OK", b"done")]);
    let body = ByteStream::from_path(&file.0).await.expect("a regular file");
    let output = upload(config(&server.url).build(), body).await.expect("success");
    assert_eq!(output.collect().await.expect("the response body").into_bytes(), b"done");

    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    let request = &requests[0];
    assert!(request.head.starts_with("PUT /archives HTTP/1.1\r\n"), "{}", request.head);
    assert_eq!(request.header("content-length"), Some("200000"));
    assert_eq!(request.header("x-amz-content-sha256"), None);
    assert_eq!(request.body, contents);
    assert!(request.signed_over(SignableBody::Unsigned), "signed over UNSIGNED-PAYLOAD");
    assert!(!request.signed_over(SignableBody::Bytes(&request.body)), "not over the body's hash");
}

#[tokio::test]
async fn a_reader_upload_is_streamed_with_its_length_and_an_unsigned_payload() {
    let contents = pattern(150_000);
    let server = Loopback::start(vec![Reply::status("200 OK", b"")]);
    let body = ByteStream::from_reader(std::io::Cursor::new(contents.clone()), 100_000);
    upload(config(&server.url).build(), body).await.expect("success");

    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].header("content-length"), Some("100000"));
    assert_eq!(requests[0].body, contents[..100_000]);
    assert!(requests[0].signed_over(SignableBody::Unsigned));
}

#[tokio::test]
async fn a_download_over_the_size_limit_arrives_in_chunks_and_frees_its_connection() {
    let contents = pattern(100_000);
    let download = Reply { pieces: 10, ..Reply::status("200 OK", &contents) };
    let server = Loopback::start(vec![download, Reply::status("200 OK", b"again")]);
    let config = config(&server.url).max_response_body_size(10_000).build();
    let runtime = Runtime::new(config);

    let call = invoke::<Upload>(&runtime, &SERVICE, ByteStream::from("x"));
    let mut output = tokio::time::timeout(LIMIT, call).await.expect("in time").expect("success");
    assert_eq!(output.content_length(), Some(100_000));
    let mut chunks = Vec::new();
    while let Some(chunk) = tokio::time::timeout(LIMIT, output.try_next()).await.expect("in time").expect("a chunk") {
        chunks.push(chunk);
    }
    assert!(chunks.len() > 1, "{} chunk(s)", chunks.len());
    assert_eq!(chunks.concat(), contents);

    // Read to the end, the body gave its connection back for the next call.
    let call = invoke::<Upload>(&runtime, &SERVICE, ByteStream::from("y"));
    let output = tokio::time::timeout(LIMIT, call).await.expect("in time").expect("success");
    assert_eq!(output.collect().await.expect("the body").into_bytes(), b"again");
    assert_eq!(server.accepted.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn an_error_response_of_a_streaming_operation_is_read_and_parsed() {
    let error = br#"{"__type":"com.example#NoSuchVault","message":"gone"}"#;
    let server = Loopback::start(vec![Reply::status("404 Not Found", error)]);
    let result = upload(config(&server.url).build(), ByteStream::from("x")).await;
    match result {
        Err(SdkError::ServiceError(e)) => {
            assert_eq!(e.err().code(), Some("NoSuchVault"));
            assert_eq!(e.err().message(), Some("gone"));
        }
        other => panic!("expected a service error, got {other:?}"),
    }
}

#[tokio::test]
async fn a_retry_sends_a_file_body_again() {
    let contents = pattern(70_000);
    let file = TempFile::with(&contents);
    let server = Loopback::start(vec![Reply::status("500 Internal Server Error", b"{}"), Reply::status("200 OK", b"")]);
    let body = ByteStream::from_path(&file.0).await.expect("a regular file");
    upload(config(&server.url).build(), body).await.expect("success on the second attempt");

    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    for request in &requests {
        assert_eq!(request.header("content-length"), Some("70000"));
        assert_eq!(request.body, contents);
    }
    assert_eq!(requests[1].header("amz-sdk-request"), Some("attempt=2; max=3"));
}

#[tokio::test]
async fn a_reader_body_that_was_sent_is_not_retried() {
    let server = Loopback::start(vec![Reply::status("500 Internal Server Error", b"{}"), Reply::status("200 OK", b"")]);
    let body = ByteStream::from_reader(&b"only once"[..], 9);
    match upload(config(&server.url).build(), body).await {
        Err(SdkError::ServiceError(e)) => assert_eq!(e.raw().status(), 500),
        other => panic!("expected the first attempt's error, got {other:?}"),
    }
    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].body, b"only once");
}

#[tokio::test]
async fn a_reader_that_ends_early_fails_the_call_without_a_retry() {
    let server = Loopback::start(vec![Reply::status("200 OK", b"")]);
    let body = ByteStream::from_reader(&b"short"[..], 1000);
    match upload(config(&server.url).build(), body).await {
        Err(err @ SdkError::DispatchFailure(_)) => {
            let mut message = err.to_string();
            let mut source = std::error::Error::source(&err);
            while let Some(e) = source {
                message = format!("{message}: {e}");
                source = e.source();
            }
            assert!(message.contains("the reader ended after 5 of the 1000 bytes"), "{message}");
        }
        other => panic!("expected a dispatch failure, got {other:?}"),
    }
    assert!(server.requests().is_empty(), "the server never saw a whole request");
}
