//! A scripted HTTP/1.1 server on 127.0.0.1 for wire tests: it records every
//! request exactly as received and answers from a script.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

/// A request as the server received it.
#[derive(Debug, Clone)]
pub struct Received {
    /// The method, e.g. `POST`.
    pub method: String,
    /// The request target, e.g. `/`.
    pub path: String,
    /// Headers in arrival order (names as sent).
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

impl Received {
    /// The first value of header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// The body as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).expect("the request body is JSON")
    }
}

/// What the server does with one request.
#[derive(Debug, Clone)]
pub enum Reply {
    /// Answer with this status, headers and body.
    Respond {
        /// HTTP status.
        status: u16,
        /// Extra headers.
        headers: Vec<(String, String)>,
        /// Body.
        body: String,
    },
    /// Read the request and never answer (until the test ends).
    Hang,
    /// Read the request and close the connection without answering.
    Close,
    /// Answer with this status and headers and a body of `length` bytes of
    /// [`pattern_bytes`], generated a piece at a time as the client reads
    /// them, so that a body of gigabytes costs the server no memory. With
    /// `chunked` the body goes in chunked transfer coding, its length
    /// announced nowhere; else a `content-length` header announces it.
    Stream {
        /// HTTP status.
        status: u16,
        /// Extra headers.
        headers: Vec<(String, String)>,
        /// Body length in bytes.
        length: u64,
        /// Chunked transfer coding instead of `content-length`.
        chunked: bool,
    },
    /// Answer with only a head: this status and headers and a
    /// `content-length` of `content_length`, then send nothing more and keep
    /// the connection open (until the test ends). The answer to a `HEAD`, or
    /// a body announced and never sent.
    Head {
        /// HTTP status.
        status: u16,
        /// Extra headers.
        headers: Vec<(String, String)>,
        /// The announced body length.
        content_length: u64,
    },
}

impl Reply {
    /// A JSON response.
    pub fn json(status: u16, body: &str) -> Reply {
        Reply::Respond {
            status,
            headers: vec![("content-type".into(), "application/x-amz-json-1.0".into())],
            body: body.into(),
        }
    }

    /// Adds a header.
    pub fn with_header(mut self, name: &str, value: &str) -> Reply {
        if let Reply::Respond { headers, .. } = &mut self {
            headers.push((name.into(), value.into()));
        }
        self
    }
}

/// Byte `offset` onwards of the deterministic pseudo-random sequence that
/// [`Reply::Stream`] bodies carry, `out.len()` bytes of it: every byte
/// depends on its position, so a lost, repeated or reordered piece changes
/// any checksum of the whole.
pub fn pattern_bytes(offset: u64, out: &mut [u8]) {
    let mut position = offset;
    let mut rest = out;
    while !rest.is_empty() {
        // SplitMix64 of the 8-byte word's index, its bytes little-endian.
        let mut z = (position / 8).wrapping_add(1).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        let word = (z ^ (z >> 31)).to_le_bytes();
        let start = (position % 8) as usize;
        let take = (8 - start).min(rest.len());
        rest[..take].copy_from_slice(&word[start..start + take]);
        rest = &mut rest[take..];
        position += take as u64;
    }
}

/// A running server: its address and what it has received.
pub struct Server {
    /// `http://127.0.0.1:<port>`.
    pub url: String,
    received: Arc<Mutex<Vec<Received>>>,
    body_bytes_sent: Arc<AtomicU64>,
    task: tokio::task::JoinHandle<()>,
}

impl Server {
    /// Starts a server answering requests from `script` in order; when the
    /// script runs out it answers 500.
    pub async fn start(script: Vec<Reply>) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind 127.0.0.1");
        let url = format!("http://{}", listener.local_addr().expect("local addr"));
        let received = Arc::new(Mutex::new(Vec::new()));
        let body_bytes_sent = Arc::new(AtomicU64::new(0));
        let script = Arc::new(Mutex::new(script.into_iter()));
        let log = Arc::clone(&received);
        let sent = Arc::clone(&body_bytes_sent);
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let (log, script, sent) = (Arc::clone(&log), Arc::clone(&script), Arc::clone(&sent));
                tokio::spawn(async move {
                    let (read, mut write) = stream.into_split();
                    let mut reader = BufReader::new(read);
                    while let Some(request) = read_request(&mut reader).await {
                        log.lock().unwrap().push(request);
                        let reply = script.lock().unwrap().next();
                        match reply {
                            Some(Reply::Respond { status, headers, body }) => {
                                let mut head = format!("HTTP/1.1 {status} X\r\ncontent-length: {}\r\n", body.len());
                                for (n, v) in headers {
                                    head.push_str(&format!("{n}: {v}\r\n"));
                                }
                                head.push_str("\r\n");
                                if write.write_all(head.as_bytes()).await.is_err()
                                    || write.write_all(body.as_bytes()).await.is_err()
                                {
                                    return;
                                }
                            }
                            Some(Reply::Hang) => {
                                tokio::time::sleep(Duration::from_secs(3600)).await;
                                return;
                            }
                            Some(Reply::Close) => return,
                            Some(Reply::Stream { status, headers, length, chunked }) => {
                                if write_stream(&mut write, status, &headers, length, chunked, &sent).await.is_err() {
                                    return;
                                }
                            }
                            Some(Reply::Head { status, headers, content_length }) => {
                                let mut head = format!("HTTP/1.1 {status} X\r\ncontent-length: {content_length}\r\n");
                                for (n, v) in headers {
                                    head.push_str(&format!("{n}: {v}\r\n"));
                                }
                                head.push_str("\r\n");
                                let _ = write.write_all(head.as_bytes()).await;
                                tokio::time::sleep(Duration::from_secs(3600)).await;
                                return;
                            }
                            None => {
                                let body = "{\"__type\":\"ScriptExhausted\"}";
                                let head = format!("HTTP/1.1 500 X\r\ncontent-length: {}\r\n\r\n", body.len());
                                let _ = write.write_all(head.as_bytes()).await;
                                let _ = write.write_all(body.as_bytes()).await;
                            }
                        }
                    }
                });
            }
        });
        Server { url, received, body_bytes_sent, task }
    }

    /// Every request received so far.
    pub fn received(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }

    /// How many body bytes of [`Reply::Stream`] answers the server has
    /// handed to the connection so far (the client may not have read them
    /// all: some can sit in socket buffers).
    pub fn body_bytes_sent(&self) -> u64 {
        self.body_bytes_sent.load(Ordering::SeqCst)
    }
}

/// Writes a [`Reply::Stream`] answer, counting the body bytes into `sent`;
/// fails when the client goes away.
async fn write_stream<W: tokio::io::AsyncWrite + Unpin>(
    write: &mut W,
    status: u16,
    headers: &[(String, String)],
    length: u64,
    chunked: bool,
    sent: &AtomicU64,
) -> std::io::Result<()> {
    const PIECE: usize = 64 * 1024;
    let mut head = format!("HTTP/1.1 {status} X\r\n");
    if chunked {
        head.push_str("transfer-encoding: chunked\r\n");
    } else {
        head.push_str(&format!("content-length: {length}\r\n"));
    }
    for (n, v) in headers {
        head.push_str(&format!("{n}: {v}\r\n"));
    }
    head.push_str("\r\n");
    write.write_all(head.as_bytes()).await?;
    let mut piece = vec![0; PIECE];
    let mut offset = 0;
    while offset < length {
        let len = usize::try_from(length - offset).map_or(PIECE, |left| left.min(PIECE));
        pattern_bytes(offset, &mut piece[..len]);
        if chunked {
            write.write_all(format!("{len:x}\r\n").as_bytes()).await?;
        }
        write.write_all(&piece[..len]).await?;
        if chunked {
            write.write_all(b"\r\n").await?;
        }
        offset += len as u64;
        sent.fetch_add(len as u64, Ordering::SeqCst);
    }
    if chunked {
        write.write_all(b"0\r\n\r\n").await?;
    }
    write.flush().await
}

impl Drop for Server {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn read_request<R: tokio::io::AsyncRead + Unpin>(reader: &mut BufReader<R>) -> Option<Received> {
    let mut line = String::new();
    if reader.read_line(&mut line).await.ok()? == 0 {
        return None;
    }
    let mut parts = line.split_whitespace();
    let method = parts.next()?.to_owned();
    let path = parts.next()?.to_owned();
    let mut headers = Vec::new();
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).await.ok()?;
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        let (name, value) = line.split_once(':')?;
        headers.push((name.trim().to_owned(), value.trim().to_owned()));
    }
    let chunked =
        headers.iter().any(|(n, v)| n.eq_ignore_ascii_case("transfer-encoding") && v.eq_ignore_ascii_case("chunked"));
    let body = if chunked {
        read_chunked(reader).await?
    } else {
        let length: usize = headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
            .and_then(|(_, v)| v.parse().ok())
            .unwrap_or(0);
        let mut body = vec![0; length];
        reader.read_exact(&mut body).await.ok()?;
        body
    };
    Some(Received { method, path, headers, body })
}

/// A body in chunked transfer coding, decoded (chunk extensions and
/// trailers are read and dropped).
async fn read_chunked<R: tokio::io::AsyncRead + Unpin>(reader: &mut BufReader<R>) -> Option<Vec<u8>> {
    let mut body = Vec::new();
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).await.ok()?;
        let size = line.trim_end().split(';').next()?;
        let size = usize::from_str_radix(size.trim(), 16).ok()?;
        if size == 0 {
            // Trailers, up to the empty line.
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).await.ok()? == 0 || line.trim_end().is_empty() {
                    return Some(body);
                }
            }
        }
        let start = body.len();
        body.resize(start + size, 0);
        reader.read_exact(&mut body[start..]).await.ok()?;
        let mut crlf = [0; 2];
        reader.read_exact(&mut crlf).await.ok()?;
    }
}

#[cfg(test)]
mod tests {
    use super::pattern_bytes;

    #[test]
    fn pattern_pieces_join_into_the_whole() {
        let mut whole = [0; 40];
        pattern_bytes(5, &mut whole);
        let mut pieces = [0; 40];
        let (a, rest) = pieces.split_at_mut(3);
        let (b, c) = rest.split_at_mut(14);
        pattern_bytes(5, a);
        pattern_bytes(8, b);
        pattern_bytes(22, c);
        assert_eq!(whole, pieces);
        assert_ne!(whole[..8], whole[8..16], "words differ");
    }
}
