//! Request compression (`@requestCompression`): gzip for bodies at least as
//! large as the configured minimum.

use std::io::Write as _;

use crate::config::Config;
use crate::error::BoxError;

/// Gzips `body` unless compression is disabled or the body is small.
pub fn gzip_if_large(body: Vec<u8>, config: &Config) -> Result<(Vec<u8>, Option<&'static str>), BoxError> {
    if config.disable_request_compression() || body.len() < config.request_min_compression_size_bytes() as usize {
        return Ok((body, None));
    }
    let mut encoder = flate2::write::GzEncoder::new(Vec::with_capacity(body.len() / 2), flate2::Compression::default());
    encoder.write_all(&body)?;
    Ok((encoder.finish()?, Some("gzip")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read as _;

    #[test]
    fn large_bodies_are_gzipped_and_small_ones_kept() {
        let config = Config::builder().build();
        let big = vec![b'a'; 20_000];
        let (compressed, encoding) = gzip_if_large(big.clone(), &config).unwrap();
        assert_eq!(encoding, Some("gzip"));
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(compressed.as_slice()).read_to_end(&mut out).unwrap();
        assert_eq!(out, big);
        assert_eq!(gzip_if_large(b"{}".to_vec(), &config).unwrap(), (b"{}".to_vec(), None));
        let off = Config::builder().disable_request_compression(true).build();
        assert_eq!(gzip_if_large(big.clone(), &off).unwrap().1, None);
    }
}
