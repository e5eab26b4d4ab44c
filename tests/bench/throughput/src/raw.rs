//! The floor: a prepared HTTP/1.1 request written to a kept-alive connection
//! and the response read back, with no serialising, signing or parsing.

use std::net::SocketAddr;
use std::sync::Arc;

use tokio::io::AsyncWriteExt;
use tokio::net::TcpStream;

use crate::wire;

/// The bytes of a request like the ones the clients send, prepared once.
pub fn prepared_request(addr: SocketAddr) -> Arc<[u8]> {
    let body = r#"{"Catalog":"AWS","EngagementIdentifier":"eng-0123456789abcd","ResourceType":"Opportunity","ResourceIdentifier":"O1234567","ResourceSnapshotTemplateIdentifier":"OpportunitySummaryView","ClientToken":"3f1c2a4b-5d6e-4f70-8a9b-0c1d2e3f4a5b"}"#;
    format!(
        "POST / HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/x-amz-json-1.0\r\n\
         X-Amz-Target: AWSPartnerCentralSelling.CreateResourceSnapshotJob\r\nX-Amz-Date: 20250101T000000Z\r\n\
         Authorization: AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20250101/us-east-1/partnercentral-selling/aws4_request, \
         SignedHeaders=content-type;host;x-amz-date;x-amz-target, \
         Signature=0000000000000000000000000000000000000000000000000000000000000000\r\n\
         Content-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
    .into()
}

/// One kept-alive connection sending the prepared request.
pub struct RawConnection {
    stream: TcpStream,
    request: Arc<[u8]>,
    buf: Vec<u8>,
}

impl RawConnection {
    /// Connects to the server.
    pub async fn connect(addr: SocketAddr, request: Arc<[u8]>) -> Result<RawConnection, String> {
        let stream = TcpStream::connect(addr).await.map_err(|e| format!("connect: {e}"))?;
        stream.set_nodelay(true).map_err(|e| e.to_string())?;
        Ok(RawConnection { stream, request, buf: Vec::with_capacity(4096) })
    }

    /// Sends the request and reads the whole response, which must be a 200.
    pub async fn call(&mut self) -> Result<(), String> {
        self.stream.write_all(&self.request).await.map_err(|e| format!("write: {e}"))?;
        let (head, body) = wire::read_message(&mut self.stream, &mut self.buf)
            .await?
            .ok_or_else(|| "the server closed the connection".to_owned())?;
        if !self.buf.starts_with(b"HTTP/1.1 200 ") {
            return Err(format!("unexpected response: {}", String::from_utf8_lossy(&self.buf[..head])));
        }
        self.buf.drain(..head + body);
        Ok(())
    }
}
