//! A 100 MiB S3 object downloaded through the generated client's
//! `GetObject` from a server on 127.0.0.1, read a chunk at a time: every
//! byte arrives, in order, while the process's peak memory grows far less
//! than the object's size.
//!
//! A test binary of its own (`tests/tests/xml_wire.rs` runs it beside
//! `s3.rs`): the peak memory it reads (`VmHWM` in `/proc/self/status`)
//! belongs to the whole process, which other tests would share. The server
//! runs in the same process and generates the body as it sends it, so the
//! figure counts both ends. The figures go to `s3_stream_report.txt` in the
//! test crate's folder for the outer test to print.

use std::time::{Duration, Instant};

use s3::config::Credentials;
use s3::config::retry::RetryConfig;
use s3::{Client, Config};
use smithy_client_runtime::rt::checksum::ChecksumAlgorithm;
use wire_support::server::{Reply, Server, pattern_bytes};

/// The object's size: 100 MiB, over the default 64 MiB limit on bodies
/// read whole, which a streamed output does not have.
const SIZE: u64 = 100 * 1024 * 1024;
/// The most the peak may grow while the object is downloaded.
const MAX_GROWTH_KIB: u64 = 40 * 1024;

/// The process's peak resident set size so far, in KiB.
fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// The CRC32 of the body the server sends, computed a piece at a time: the
/// checksum S3 itself uses, and (unlike SHA-256) fast enough in a debug
/// build not to be what the test measures.
fn expected_crc32() -> String {
    let mut hasher = ChecksumAlgorithm::Crc32.hasher();
    let mut piece = vec![0; 1024 * 1024];
    let mut offset = 0;
    while offset < SIZE {
        let len = piece.len().min(usize::try_from(SIZE - offset).unwrap_or(usize::MAX));
        pattern_bytes(offset, &mut piece[..len]);
        hasher.update(&piece[..len]);
        offset += len as u64;
    }
    hasher.finish()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn get_object_streams_100_mib_in_bounded_memory() {
    let expected = expected_crc32();
    let headers = vec![
        ("Content-Type".to_owned(), "application/octet-stream".to_owned()),
        ("ETag".to_owned(), "\"big\"".to_owned()),
        ("x-amz-request-id".to_owned(), "req-big".to_owned()),
    ];
    let server = Server::start(vec![Reply::Stream { status: 200, headers, length: SIZE, chunked: false }]).await;
    let client = Client::from_conf(
        Config::builder()
            .region("us-west-2")
            .credentials_provider(Credentials::new("AKIDEXAMPLE", "SECRET", None))
            .endpoint_url(&server.url)
            .retry_config(RetryConfig::disabled())
            .build(),
    );

    let before = peak_rss_kib();
    let start = Instant::now();
    let mut out = client.get_object().bucket("demo-bucket").key("big.bin").send().await.expect("the object");
    let first_byte = start.elapsed();
    assert_eq!(out.content_length(), Some(SIZE as i64));
    assert_eq!(out.e_tag(), Some("\"big\""));
    assert_eq!(out.body.content_length(), Some(SIZE), "the stream knows its length before it is read");

    let (mut received, mut chunks, mut largest) = (0u64, 0u64, 0usize);
    let mut hasher = ChecksumAlgorithm::Crc32.hasher();
    while let Some(chunk) = out.body.next().await {
        let chunk = chunk.expect("every chunk arrives");
        received += chunk.len() as u64;
        chunks += 1;
        largest = largest.max(chunk.len());
        hasher.update(&chunk);
    }
    let elapsed = start.elapsed();
    let after = peak_rss_kib();

    assert_eq!(received, SIZE, "every byte arrives");
    assert_eq!(hasher.finish(), expected, "in order, unchanged");
    assert!(chunks > 1, "read a chunk at a time, not in one piece");

    let report = match (before, after) {
        (Some(before), Some(after)) => {
            let growth = after.saturating_sub(before);
            assert!(
                growth < MAX_GROWTH_KIB,
                "the peak grew by {growth} KiB ({before} -> {after}) for a {} MiB object",
                SIZE >> 20
            );
            format!("VmHWM before {before} KiB, after {after} KiB, growth {growth} KiB")
        }
        _ => "VmHWM is not available on this system".to_owned(),
    };
    let report = format!(
        "GetObject of {} MiB: {report}; {chunks} chunks (largest {largest} bytes); first byte after {:?}, \
         whole body in {:?} ({:.0} MiB/s)\n",
        SIZE >> 20,
        first_byte,
        elapsed,
        (SIZE >> 20) as f64 / elapsed.max(Duration::from_millis(1)).as_secs_f64()
    );
    println!("{report}");
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("s3_stream_report.txt");
    std::fs::write(&path, report).expect("write the report");
}
