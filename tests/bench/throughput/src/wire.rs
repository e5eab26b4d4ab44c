//! The few pieces of HTTP/1.1 framing that the canned server and the raw
//! client loop need: finding the end of a head and reading its length.

use tokio::io::AsyncReadExt;
use tokio::net::TcpStream;

/// Where the head (request or status line plus headers) ends, counting the
/// blank line; `None` while it is incomplete.
pub fn head_end(buf: &[u8]) -> Option<usize> {
    buf.windows(4).position(|w| w == b"\r\n\r\n").map(|i| i + 4)
}

/// The value of header `name` (case-insensitive) in a complete head.
pub fn header<'a>(head: &'a [u8], name: &str) -> Option<&'a str> {
    let head = std::str::from_utf8(head).ok()?;
    head.split("\r\n").skip(1).find_map(|line| {
        let (n, v) = line.split_once(':')?;
        n.trim().eq_ignore_ascii_case(name).then(|| v.trim())
    })
}

/// The body length a head announces; heads without `Content-Length` have none.
pub fn content_length(head: &[u8]) -> Result<usize, String> {
    if header(head, "transfer-encoding").is_some() {
        return Err("chunked messages are not supported by this benchmark".to_owned());
    }
    match header(head, "content-length") {
        None => Ok(0),
        Some(v) => v.parse().map_err(|_| format!("bad Content-Length {v:?}")),
    }
}

/// Reads more bytes into `buf`; `Ok(false)` when the peer closed the connection.
pub async fn fill(stream: &mut TcpStream, buf: &mut Vec<u8>) -> std::io::Result<bool> {
    if buf.capacity() - buf.len() < 4096 {
        buf.reserve(8192);
    }
    Ok(stream.read_buf(buf).await? > 0)
}

/// Reads one whole message (head and body) from `stream`, leaving any bytes
/// of the next one in `buf`. Returns the head's length and the body's, or
/// `None` if the peer closed the connection cleanly between messages.
pub async fn read_message(stream: &mut TcpStream, buf: &mut Vec<u8>) -> Result<Option<(usize, usize)>, String> {
    let head_len = loop {
        if let Some(end) = head_end(buf) {
            break end;
        }
        if !fill(stream, buf).await.map_err(|e| e.to_string())? {
            return if buf.is_empty() { Ok(None) } else { Err("connection closed mid-message".to_owned()) };
        }
    };
    let body_len = content_length(&buf[..head_len])?;
    while buf.len() < head_len + body_len {
        if !fill(stream, buf).await.map_err(|e| e.to_string())? {
            return Err("connection closed mid-body".to_owned());
        }
    }
    Ok(Some((head_len, body_len)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heads_are_framed_and_read_case_insensitively() {
        let msg = b"POST / HTTP/1.1\r\nHost: x\r\ncontent-LENGTH: 12\r\n\r\n{\"a\":\"body\"}";
        let end = head_end(msg).unwrap();
        assert_eq!(&msg[end..], b"{\"a\":\"body\"}");
        assert_eq!(content_length(&msg[..end]), Ok(12));
        assert_eq!(header(&msg[..end], "host"), Some("x"));
        assert_eq!(head_end(b"POST / HTTP/1.1\r\nHost: x\r\n"), None);
    }

    #[test]
    fn chunked_bodies_are_refused() {
        let head = b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n";
        assert!(content_length(head).is_err());
    }
}
