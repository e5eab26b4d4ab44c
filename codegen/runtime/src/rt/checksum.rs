//! Request body checksums: `Content-MD5` for operations with
//! `@httpChecksumRequired`, and the `x-amz-checksum-*` headers of operations
//! with `@httpChecksum` (flexible checksums).
//!
//! Every checksum travels as base64 of its digest, a CRC as its big-endian
//! bytes. SHA-256 is the one SigV4 uses ([`super::sha256`]); the others come
//! from small pure-Rust crates.

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use crc::{CRC_32_ISCSI, CRC_64_NVME, Crc, Table};
use md5::{Digest as _, Md5};
use sha1::Sha1;

use super::sha256;

/// CRC-32C (Castagnoli), which the CRC catalogue calls CRC-32/ISCSI.
static CRC32C: Crc<u32, Table<16>> = Crc::<u32, Table<16>>::new(&CRC_32_ISCSI);
static CRC64_NVME: Crc<u64, Table<16>> = Crc::<u64, Table<16>>::new(&CRC_64_NVME);

/// The `Content-MD5` header's value for `body`: base64 of its MD5 digest.
///
/// ```
/// use smithy_client_runtime::rt::checksum::content_md5;
///
/// assert_eq!(content_md5(b"Hello world"), "PiWWCnnbxptnTNTsZ6csYg==");
/// ```
pub fn content_md5(body: &[u8]) -> String {
    STANDARD.encode(Md5::digest(body))
}

/// A checksum algorithm of the `@httpChecksum` trait.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ChecksumAlgorithm {
    /// CRC-32 (ISO HDLC, as zlib computes it).
    Crc32,
    /// CRC-32C (Castagnoli).
    Crc32c,
    /// CRC-64/NVME.
    Crc64Nvme,
    /// SHA-1.
    Sha1,
    /// SHA-256.
    Sha256,
}

impl ChecksumAlgorithm {
    /// Every algorithm, the CRCs (the cheapest to compute) first.
    pub const ALL: [ChecksumAlgorithm; 5] = [
        ChecksumAlgorithm::Crc64Nvme,
        ChecksumAlgorithm::Crc32c,
        ChecksumAlgorithm::Crc32,
        ChecksumAlgorithm::Sha1,
        ChecksumAlgorithm::Sha256,
    ];

    /// The algorithm a request's algorithm member names (`CRC32`, `CRC32C`,
    /// `CRC64NVME`, `SHA1`, `SHA256`, in any case), or `None` for a name this
    /// runtime does not know.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|algorithm| algorithm.name().eq_ignore_ascii_case(name))
    }

    /// The algorithm's name as the model's enums spell it: `CRC32`, `CRC32C`,
    /// `CRC64NVME`, `SHA1` or `SHA256`.
    pub fn name(&self) -> &'static str {
        match self {
            ChecksumAlgorithm::Crc32 => "CRC32",
            ChecksumAlgorithm::Crc32c => "CRC32C",
            ChecksumAlgorithm::Crc64Nvme => "CRC64NVME",
            ChecksumAlgorithm::Sha1 => "SHA1",
            ChecksumAlgorithm::Sha256 => "SHA256",
        }
    }

    /// The header that carries the checksum, such as `x-amz-checksum-crc32`.
    pub fn header_name(&self) -> &'static str {
        match self {
            ChecksumAlgorithm::Crc32 => "x-amz-checksum-crc32",
            ChecksumAlgorithm::Crc32c => "x-amz-checksum-crc32c",
            ChecksumAlgorithm::Crc64Nvme => "x-amz-checksum-crc64nvme",
            ChecksumAlgorithm::Sha1 => "x-amz-checksum-sha1",
            ChecksumAlgorithm::Sha256 => "x-amz-checksum-sha256",
        }
    }

    /// The checksum of `body` as its header carries it: base64 of the digest.
    ///
    /// ```
    /// use smithy_client_runtime::rt::checksum::ChecksumAlgorithm;
    ///
    /// assert_eq!(ChecksumAlgorithm::Crc32.compute(b"Hello world"), "i9aeUg==");
    /// ```
    pub fn compute(&self, body: &[u8]) -> String {
        match self {
            // The one-shot function may use the faster vetted implementation.
            ChecksumAlgorithm::Sha256 => STANDARD.encode(sha256::sha256(body)),
            _ => {
                let mut checksum = self.hasher();
                checksum.update(body);
                checksum.finish()
            }
        }
    }

    /// An incremental checksum, for a body that arrives in pieces.
    pub fn hasher(&self) -> Checksum {
        let state = match self {
            ChecksumAlgorithm::Crc32 => State::Crc32(crc32fast::Hasher::new()),
            ChecksumAlgorithm::Crc32c => State::Crc32c(CRC32C.digest()),
            ChecksumAlgorithm::Crc64Nvme => State::Crc64Nvme(CRC64_NVME.digest()),
            ChecksumAlgorithm::Sha1 => State::Sha1(Sha1::new()),
            ChecksumAlgorithm::Sha256 => State::Sha256(sha256::Sha256::new()),
        };
        Checksum { algorithm: *self, state }
    }
}

/// A checksum being computed over a body fed in pieces of any size; see
/// [`ChecksumAlgorithm::hasher`].
#[derive(Clone)]
pub struct Checksum {
    algorithm: ChecksumAlgorithm,
    state: State,
}

#[derive(Clone)]
enum State {
    Crc32(crc32fast::Hasher),
    Crc32c(crc::Digest<'static, u32, Table<16>>),
    Crc64Nvme(crc::Digest<'static, u64, Table<16>>),
    Sha1(Sha1),
    Sha256(sha256::Sha256),
}

impl Checksum {
    /// The algorithm being computed.
    pub fn algorithm(&self) -> ChecksumAlgorithm {
        self.algorithm
    }

    /// Feeds the next piece of the body.
    pub fn update(&mut self, data: &[u8]) {
        match &mut self.state {
            State::Crc32(hasher) => hasher.update(data),
            State::Crc32c(digest) => digest.update(data),
            State::Crc64Nvme(digest) => digest.update(data),
            State::Sha1(hasher) => hasher.update(data),
            State::Sha256(hasher) => hasher.update(data),
        }
    }

    /// The checksum of everything fed, base64-encoded as its header carries it.
    pub fn finish(self) -> String {
        match self.state {
            State::Crc32(hasher) => STANDARD.encode(hasher.finalize().to_be_bytes()),
            State::Crc32c(digest) => STANDARD.encode(digest.finalize().to_be_bytes()),
            State::Crc64Nvme(digest) => STANDARD.encode(digest.finalize().to_be_bytes()),
            State::Sha1(hasher) => STANDARD.encode(hasher.finalize()),
            State::Sha256(hasher) => STANDARD.encode(hasher.finish()),
        }
    }
}

impl fmt::Debug for Checksum {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Checksum").field("algorithm", &self.algorithm).finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Digests from Python's `zlib` and `hashlib`, and for CRC-32C and
    /// CRC-64/NVME from bitwise implementations checked against the CRC
    /// catalogue's check values.
    const HELLO_WORLD: [(ChecksumAlgorithm, &str); 5] = [
        (ChecksumAlgorithm::Crc32, "i9aeUg=="),
        (ChecksumAlgorithm::Crc32c, "crUfeA=="),
        (ChecksumAlgorithm::Crc64Nvme, "OOJZ0D8xKts="),
        (ChecksumAlgorithm::Sha1, "e1AsOh9IyGCa4hLN+2Od7jlnP14="),
        (ChecksumAlgorithm::Sha256, "ZOyIygCyaOW6GjVnihtTFtIS9PNmskdyMlNKiuyjfzw="),
    ];

    const EMPTY: [(ChecksumAlgorithm, &str); 5] = [
        (ChecksumAlgorithm::Crc32, "AAAAAA=="),
        (ChecksumAlgorithm::Crc32c, "AAAAAA=="),
        (ChecksumAlgorithm::Crc64Nvme, "AAAAAAAAAAA="),
        (ChecksumAlgorithm::Sha1, "2jmj7l5rSw0yVb/vlWAYkK/YBwk="),
        (ChecksumAlgorithm::Sha256, "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="),
    ];

    #[test]
    fn checksums_match_reference_digests() {
        for (algorithm, expected) in HELLO_WORLD {
            assert_eq!(algorithm.compute(b"Hello world"), expected, "{algorithm:?}");
        }
        for (algorithm, expected) in EMPTY {
            assert_eq!(algorithm.compute(b""), expected, "{algorithm:?}");
        }
    }

    #[test]
    fn crcs_match_the_catalogue_check_values() {
        let check = |algorithm: ChecksumAlgorithm| STANDARD.decode(algorithm.compute(b"123456789")).unwrap();
        assert_eq!(check(ChecksumAlgorithm::Crc32), 0xcbf4_3926_u32.to_be_bytes());
        assert_eq!(check(ChecksumAlgorithm::Crc32c), 0xe306_9283_u32.to_be_bytes());
        assert_eq!(check(ChecksumAlgorithm::Crc64Nvme), 0xae8b_1486_0a79_9888_u64.to_be_bytes());
    }

    #[test]
    fn content_md5_is_base64_of_the_md5_digest() {
        assert_eq!(content_md5(b"Hello world"), "PiWWCnnbxptnTNTsZ6csYg==");
        assert_eq!(content_md5(b""), "1B2M2Y8AsgTpgAmY7PhCfg==");
    }

    #[test]
    fn a_body_fed_in_pieces_has_the_checksum_of_the_whole() {
        let body: Vec<u8> = (0..10_000u32).map(|i| (i * 7 % 256) as u8).collect();
        for algorithm in ChecksumAlgorithm::ALL {
            let mut checksum = algorithm.hasher();
            for piece in body.chunks(333) {
                checksum.update(piece);
            }
            checksum.update(&[]);
            assert_eq!(checksum.algorithm(), algorithm);
            assert_eq!(checksum.finish(), algorithm.compute(&body), "{algorithm:?}");
        }
    }

    #[test]
    fn names_and_headers_round_trip() {
        for algorithm in ChecksumAlgorithm::ALL {
            assert_eq!(ChecksumAlgorithm::from_name(algorithm.name()), Some(algorithm));
            assert_eq!(ChecksumAlgorithm::from_name(&algorithm.name().to_ascii_lowercase()), Some(algorithm));
            assert_eq!(algorithm.header_name(), format!("x-amz-checksum-{}", algorithm.name().to_ascii_lowercase()));
        }
        for unknown in ["", "MD5", "CRC", "SHA-256", "crc32 ", "SHA256\0", "\u{421}RC32"] {
            assert_eq!(ChecksumAlgorithm::from_name(unknown), None, "{unknown:?}");
        }
    }

    #[test]
    fn debug_shows_only_the_algorithm() {
        let checksum = ChecksumAlgorithm::Crc32c.hasher();
        assert_eq!(format!("{checksum:?}"), "Checksum { algorithm: Crc32c, .. }");
    }
}
