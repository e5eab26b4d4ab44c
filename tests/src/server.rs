//! A scripted HTTP/1.1 server on 127.0.0.1 for wire tests: it records every
//! request exactly as received and answers from a script.

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

/// A running server: its address and what it has received.
pub struct Server {
    /// `http://127.0.0.1:<port>`.
    pub url: String,
    received: Arc<Mutex<Vec<Received>>>,
    task: tokio::task::JoinHandle<()>,
}

impl Server {
    /// Starts a server answering requests from `script` in order; when the
    /// script runs out it answers 500.
    pub async fn start(script: Vec<Reply>) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind 127.0.0.1");
        let url = format!("http://{}", listener.local_addr().expect("local addr"));
        let received = Arc::new(Mutex::new(Vec::new()));
        let script = Arc::new(Mutex::new(script.into_iter()));
        let log = Arc::clone(&received);
        let task = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let (log, script) = (Arc::clone(&log), Arc::clone(&script));
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
        Server { url, received, task }
    }

    /// Every request received so far.
    pub fn received(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }
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
    let length: usize = headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0; length];
    reader.read_exact(&mut body).await.ok()?;
    Some(Received { method, path, headers, body })
}
