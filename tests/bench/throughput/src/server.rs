//! A canned HTTP/1.1 server on 127.0.0.1: every request on a keep-alive
//! connection gets the same successful `CreateResourceSnapshotJob` response.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use tokio::io::AsyncWriteExt;
use tokio::net::{TcpListener, TcpStream};

use crate::wire;

/// The job id the canned response carries; callers check they parsed it.
pub const JOB_ID: &str = "job-0123456789abcdef";

/// A running server: its address, and how many connections it has accepted
/// and requests it has answered.
pub struct CannedServer {
    /// Where it listens.
    pub addr: SocketAddr,
    answered: Arc<AtomicU64>,
    accepted: Arc<AtomicU64>,
}

impl CannedServer {
    /// Binds an ephemeral loopback port and serves until the runtime stops.
    pub async fn start() -> std::io::Result<CannedServer> {
        let listener = TcpListener::bind(("127.0.0.1", 0)).await?;
        let addr = listener.local_addr()?;
        let answered = Arc::new(AtomicU64::new(0));
        let accepted = Arc::new(AtomicU64::new(0));
        let response: Arc<[u8]> = canned_response().into();
        let (requests, connections) = (answered.clone(), accepted.clone());
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                connections.fetch_add(1, Ordering::Relaxed);
                let _ = stream.set_nodelay(true);
                tokio::spawn(serve(stream, response.clone(), requests.clone()));
            }
        });
        Ok(CannedServer { addr, answered, accepted })
    }

    /// `http://127.0.0.1:<port>`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Requests answered so far.
    pub fn answered(&self) -> u64 {
        self.answered.load(Ordering::Relaxed)
    }

    /// Connections accepted so far: with keep-alive working, about one per
    /// concurrent task and client.
    pub fn accepted(&self) -> u64 {
        self.accepted.load(Ordering::Relaxed)
    }
}

/// The response as a real service would send it, minus the noise.
fn canned_response() -> Vec<u8> {
    let body = format!(
        r#"{{"Id":"{JOB_ID}","Arn":"arn:aws:partnercentral:us-east-1:123456789012:catalog/AWS/engagement/eng-0123456789abcd/resource-snapshot-job/{JOB_ID}"}}"#
    );
    format!(
        "HTTP/1.1 200 OK\r\nContent-Type: application/x-amz-json-1.0\r\n\
         x-amzn-RequestId: 8f2c9a3e-5b1d-4c7e-9f0a-1b2c3d4e5f60\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

/// Answers every request on one connection until the client closes it.
async fn serve(mut stream: TcpStream, response: Arc<[u8]>, answered: Arc<AtomicU64>) {
    let mut buf = Vec::with_capacity(16 * 1024);
    loop {
        // Clients that wait for `100 Continue` before sending the body get it.
        let head_len = loop {
            if let Some(end) = wire::head_end(&buf) {
                break end;
            }
            match wire::fill(&mut stream, &mut buf).await {
                Ok(true) => {}
                _ => return,
            }
        };
        if wire::header(&buf[..head_len], "expect").is_some_and(|v| v.eq_ignore_ascii_case("100-continue"))
            && stream.write_all(b"HTTP/1.1 100 Continue\r\n\r\n").await.is_err()
        {
            return;
        }
        let message = match wire::read_message(&mut stream, &mut buf).await {
            Ok(Some(lengths)) => lengths,
            Ok(None) => return,
            Err(e) => {
                eprintln!("canned server: {e}");
                let _ = stream
                    .write_all(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                    .await;
                return;
            }
        };
        buf.drain(..message.0 + message.1);
        if stream.write_all(&response).await.is_err() {
            return;
        }
        answered.fetch_add(1, Ordering::Relaxed);
    }
}
