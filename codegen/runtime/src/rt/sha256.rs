//! SHA-256 (FIPS 180-4) and HMAC-SHA-256 (RFC 2104).
//!
//! [`sha256`] and [`hmac_sha256`] use graviola, the audited crypto library the
//! default HTTPS client already brings for TLS, when that client is built in
//! and the CPU has what graviola needs. Otherwise (builds without the default
//! client, other architectures, older CPUs) they use the small portable
//! implementation below, which differential tests check against the RustCrypto
//! `sha2` and `hmac` crates.

use zeroize::Zeroize;

/// Round constants: the first 32 bits of the fractional parts of the cube roots
/// of the first 64 primes.
const K: [u32; 64] = [
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98,
    0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
    0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8,
    0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
    0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
    0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
    0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
    0xc67178f2,
];

/// Initial hash value: the first 32 bits of the fractional parts of the square
/// roots of the first 8 primes.
const H0: [u32; 8] = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];

const BLOCK_LEN: usize = 64;

/// An incremental SHA-256 hasher: feed data with [`Sha256::update`] in pieces of
/// any size, then take the digest with [`Sha256::finish`].
#[derive(Clone)]
pub struct Sha256 {
    state: [u32; 8],
    block: [u8; BLOCK_LEN],
    block_len: usize,
    /// Total bytes fed so far; only its value modulo 2^61 matters for the
    /// padding, so wrapping is harmless.
    total_len: u64,
}

impl Default for Sha256 {
    fn default() -> Self {
        Self::new()
    }
}

impl Sha256 {
    /// Starts a new hash of the empty message.
    pub fn new() -> Self {
        Sha256 { state: H0, block: [0; BLOCK_LEN], block_len: 0, total_len: 0 }
    }

    /// Appends `data` to the message being hashed.
    pub fn update(&mut self, mut data: &[u8]) {
        self.total_len = self.total_len.wrapping_add(data.len() as u64);
        if self.block_len > 0 {
            let take = (BLOCK_LEN - self.block_len).min(data.len());
            self.block[self.block_len..self.block_len + take].copy_from_slice(&data[..take]);
            self.block_len += take;
            data = &data[take..];
            if self.block_len < BLOCK_LEN {
                return;
            }
            compress(&mut self.state, &self.block);
            self.block_len = 0;
        }
        let mut blocks = data.chunks_exact(BLOCK_LEN);
        for block in &mut blocks {
            // chunks_exact guarantees the length, so the conversion cannot fail.
            if let Ok(block) = <&[u8; BLOCK_LEN]>::try_from(block) {
                compress(&mut self.state, block);
            }
        }
        let rest = blocks.remainder();
        self.block[..rest.len()].copy_from_slice(rest);
        self.block_len = rest.len();
    }

    /// Pads the message and returns its 32-byte digest.
    pub fn finish(mut self) -> [u8; 32] {
        let bit_len = self.total_len.wrapping_mul(8);
        self.block[self.block_len] = 0x80;
        self.block[self.block_len + 1..].fill(0);
        // The length needs the last 8 bytes of a block; when they are taken,
        // the padding spills into one more block.
        if self.block_len >= BLOCK_LEN - 8 {
            compress(&mut self.state, &self.block);
            self.block = [0; BLOCK_LEN];
        }
        self.block[BLOCK_LEN - 8..].copy_from_slice(&bit_len.to_be_bytes());
        compress(&mut self.state, &self.block);
        let mut out = [0u8; 32];
        for (chunk, word) in out.chunks_exact_mut(4).zip(self.state) {
            chunk.copy_from_slice(&word.to_be_bytes());
        }
        out
    }
}

fn compress(state: &mut [u32; 8], block: &[u8; BLOCK_LEN]) {
    let mut w = [0u32; 64];
    for (word, bytes) in w.iter_mut().zip(block.chunks_exact(4)) {
        *word = u32::from_be_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]);
    }
    for t in 16..64 {
        let s0 = w[t - 15].rotate_right(7) ^ w[t - 15].rotate_right(18) ^ (w[t - 15] >> 3);
        let s1 = w[t - 2].rotate_right(17) ^ w[t - 2].rotate_right(19) ^ (w[t - 2] >> 10);
        w[t] = w[t - 16].wrapping_add(s0).wrapping_add(w[t - 7]).wrapping_add(s1);
    }
    let [mut a, mut b, mut c, mut d, mut e, mut f, mut g, mut h] = *state;
    for t in 0..64 {
        let big_s1 = e.rotate_right(6) ^ e.rotate_right(11) ^ e.rotate_right(25);
        let ch = (e & f) ^ (!e & g);
        let t1 = h.wrapping_add(big_s1).wrapping_add(ch).wrapping_add(K[t]).wrapping_add(w[t]);
        let big_s0 = a.rotate_right(2) ^ a.rotate_right(13) ^ a.rotate_right(22);
        let maj = (a & b) ^ (a & c) ^ (b & c);
        let t2 = big_s0.wrapping_add(maj);
        h = g;
        g = f;
        f = e;
        e = d.wrapping_add(t1);
        d = c;
        c = b;
        b = a;
        a = t1.wrapping_add(t2);
    }
    for (s, v) in state.iter_mut().zip([a, b, c, d, e, f, g, h]) {
        *s = s.wrapping_add(v);
    }
}

/// The SHA-256 digest of `data`.
pub fn sha256(data: &[u8]) -> [u8; 32] {
    vetted::sha256(data).unwrap_or_else(|| portable_sha256(data))
}

/// HMAC-SHA-256 of `data` under `key` (RFC 2104); keys longer than the 64-byte
/// block are hashed first, as the RFC requires.
pub fn hmac_sha256(key: &[u8], data: &[u8]) -> [u8; 32] {
    vetted::hmac_sha256(key, data).unwrap_or_else(|| portable_hmac_sha256(key, data))
}

/// Which implementation [`sha256`] and [`hmac_sha256`] use on this build and CPU.
pub fn implementation() -> &'static str {
    if vetted::available() { "graviola" } else { "portable" }
}

fn portable_sha256(data: &[u8]) -> [u8; 32] {
    let mut hasher = Sha256::new();
    hasher.update(data);
    hasher.finish()
}

fn portable_hmac_sha256(key: &[u8], data: &[u8]) -> [u8; 32] {
    let mut block_key = [0u8; BLOCK_LEN];
    if key.len() > BLOCK_LEN {
        block_key[..32].copy_from_slice(&portable_sha256(key));
    } else {
        block_key[..key.len()].copy_from_slice(key);
    }
    // The padded keys are the secret itself: wiped once absorbed.
    let mut padded = block_key.map(|b| b ^ 0x36);
    let mut inner = Sha256::new();
    inner.update(&padded);
    inner.update(data);
    let inner_digest = inner.finish();
    padded = block_key.map(|b| b ^ 0x5c);
    block_key.zeroize();
    let mut outer = Sha256::new();
    outer.update(&padded);
    padded.zeroize();
    outer.update(&inner_digest);
    outer.finish()
}

/// graviola's SHA-256 and HMAC, when the default HTTPS client brings the
/// crate in. Each function returns `None` when this CPU lacks the features
/// graviola requires (it would stop the process with an illegal instruction
/// or a panic otherwise); the caller then falls back to the portable code.
#[cfg(all(feature = "default-https-client", any(target_arch = "x86_64", target_arch = "aarch64")))]
mod vetted {
    use graviola::hashing::hmac::Hmac;
    use graviola::hashing::sha2::Sha256Context;
    use graviola::hashing::{HashOutput, Sha256};

    /// Whether this CPU has what graviola needs.
    pub(super) fn available() -> bool {
        // std caches the CPU feature probes, so this costs a few loads.
        graviola::util::is_cpu_supported()
    }

    pub(super) fn sha256(data: &[u8]) -> Option<[u8; 32]> {
        if !available() {
            return None;
        }
        let mut context = Sha256Context::new();
        context.update(data);
        Some(context.finish())
    }

    pub(super) fn hmac_sha256(key: &[u8], data: &[u8]) -> Option<[u8; 32]> {
        if !available() {
            return None;
        }
        let mut mac = Hmac::<Sha256>::new(key);
        mac.update(data);
        match mac.finish() {
            HashOutput::Sha256(tag) => Some(tag),
            _ => None,
        }
    }
}

/// Builds without graviola always use the portable implementation.
#[cfg(not(all(feature = "default-https-client", any(target_arch = "x86_64", target_arch = "aarch64"))))]
mod vetted {
    pub(super) fn available() -> bool {
        false
    }

    pub(super) fn sha256(_data: &[u8]) -> Option<[u8; 32]> {
        None
    }

    pub(super) fn hmac_sha256(_key: &[u8], _data: &[u8]) -> Option<[u8; 32]> {
        None
    }
}

/// Lowercase hexadecimal rendering of `bytes`, as SigV4 and checksums expect.
pub fn hex(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 2);
    push_hex(&mut out, bytes);
    out
}

/// Appends the lowercase hexadecimal rendering of `bytes` to `out`.
pub(crate) fn push_hex(out: &mut String, bytes: &[u8]) {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    for &b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 0x0f)]));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sha_hex(data: &[u8]) -> String {
        hex(&sha256(data))
    }

    #[test]
    fn nist_short_messages() {
        assert_eq!(sha_hex(b""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assert_eq!(sha_hex(b"abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    #[test]
    fn nist_multi_block_messages() {
        assert_eq!(
            sha_hex(b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        );
        assert_eq!(
            sha_hex(
                b"abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu"
            ),
            "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"
        );
    }

    #[test]
    fn nist_million_a_fed_in_uneven_pieces() {
        let data = vec![b'a'; 1_000_000];
        let expected = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0";
        assert_eq!(sha_hex(&data), expected);
        let mut hasher = Sha256::new();
        let mut rest = &data[..];
        let mut step = 1;
        while !rest.is_empty() {
            let take = step.min(rest.len());
            hasher.update(&rest[..take]);
            rest = &rest[take..];
            step = step % 97 + 13;
        }
        assert_eq!(hex(&hasher.finish()), expected);
    }

    #[test]
    fn lengths_around_the_padding_boundary() {
        // The padding logic branches at 55/56 bytes and at block multiples.
        let cases = [
            (55, "463eb28e72f82e0a96c0a4cc53690c571281131f672aa229e0d45ae59b598b59"),
            (56, "da2ae4d6b36748f2a318f23e7ab1dfdf45acdc9d049bd80e59de82a60895f562"),
            (63, "29af2686fd53374a36b0846694cc342177e428d1647515f078784d69cdb9e488"),
            (64, "fdeab9acf3710362bd2658cdc9a29e8f9c757fcf9811603a8c447cd1d9151108"),
            (65, "4bfd2c8b6f1eec7a2afeb48b934ee4b2694182027e6d0fc075074f2fabb31781"),
            (119, "da18797ed7c3a777f0847f429724a2d8cd5138e6ed2895c3fa1a6d39d18f7ec6"),
            (120, "f52b23db1fbb6ded89ef42a23ce0c8922c45f25c50b568a93bf1c075420bbb7c"),
        ];
        for (len, expected) in cases {
            let data: Vec<u8> = (0..len).map(|i| (i % 251) as u8).collect();
            assert_eq!(sha_hex(&data), expected, "length {len}");
            let mut hasher = Sha256::default();
            for byte in &data {
                hasher.update(std::slice::from_ref(byte));
            }
            assert_eq!(hex(&hasher.finish()), expected, "length {len}, byte by byte");
        }
    }

    fn hmac_hex(key: &[u8], data: &[u8]) -> String {
        hex(&hmac_sha256(key, data))
    }

    #[test]
    fn rfc4231_vectors() {
        assert_eq!(
            hmac_hex(&[0x0b; 20], b"Hi There"),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"
        );
        assert_eq!(
            hmac_hex(b"Jefe", b"what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        assert_eq!(
            hmac_hex(&[0xaa; 20], &[0xdd; 50]),
            "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"
        );
        let key: Vec<u8> = (1..=25).collect();
        assert_eq!(hmac_hex(&key, &[0xcd; 50]), "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b");
        // Test case 5 only specifies the first 128 bits.
        assert!(hmac_hex(&[0x0c; 20], b"Test With Truncation").starts_with("a3b6167473100ee06e0c796c2955552b"));
    }

    #[test]
    fn rfc4231_keys_longer_than_the_block() {
        assert_eq!(
            hmac_hex(&[0xaa; 131], b"Test Using Larger Than Block-Size Key - Hash Key First"),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
        );
        assert_eq!(
            hmac_hex(
                &[0xaa; 131],
                b"This is a test using a larger than block-size key and a larger than block-size data. \
                  The key needs to be hashed before being used by the HMAC algorithm."
            ),
            "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2"
        );
    }

    #[test]
    fn hmac_with_exactly_block_sized_keys() {
        assert_eq!(hmac_hex(&[0u8; 64], b""), "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad");
        assert_eq!(hmac_hex(&[b'k'; 64], b"x"), "f91c4c403625fb06910ef93999265bbd2d62baeaec6ff36455498cc124fe3e66");
    }

    /// SplitMix64: deterministic, so a failure names inputs that reproduce.
    struct Prng(u64);

    impl Prng {
        fn next(&mut self) -> u64 {
            self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            z ^ (z >> 31)
        }

        fn bytes(&mut self, len: usize) -> Vec<u8> {
            (0..len).map(|_| self.next() as u8).collect()
        }
    }

    fn reference_sha256(data: &[u8]) -> [u8; 32] {
        use sha2::Digest;
        sha2::Sha256::digest(data).into()
    }

    fn reference_hmac(key: &[u8], data: &[u8]) -> [u8; 32] {
        use hmac::Mac;
        let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(key).expect("HMAC takes keys of any length");
        mac.update(data);
        mac.finalize().into_bytes().into()
    }

    type Hash = fn(&[u8]) -> [u8; 32];
    type Mac = fn(&[u8], &[u8]) -> [u8; 32];

    /// Every implementation this module may use, by name.
    fn implementations() -> [(&'static str, Hash, Mac); 2] {
        [("portable", portable_sha256, portable_hmac_sha256), ("selected", sha256, hmac_sha256)]
    }

    #[test]
    fn every_length_up_to_200_matches_the_sha2_crate() {
        let mut rng = Prng(1);
        for len in 0..=200 {
            let data = rng.bytes(len);
            let expected = reference_sha256(&data);
            for (name, hash, _) in implementations() {
                assert_eq!(hash(&data), expected, "{name}, length {len}, data {}", hex(&data));
            }
            // Fed in random pieces, to cross the block buffer at every offset.
            let mut hasher = Sha256::new();
            let mut rest = &data[..];
            while !rest.is_empty() {
                let take = (rng.next() % 70) as usize % (rest.len() + 1);
                hasher.update(&rest[..take]);
                rest = &rest[take..];
            }
            assert_eq!(hasher.finish(), expected, "incremental, length {len}");
        }
    }

    #[test]
    fn hmac_matches_the_hmac_crate_for_every_key_and_data_length_up_to_200() {
        let mut rng = Prng(2);
        for len in 0..=200 {
            // Keys below, at and above the 64-byte block, which is hashed first.
            let key = rng.bytes(len);
            let data = rng.bytes(200 - len);
            let (key_tag, data_tag) = (reference_hmac(&key, &data), reference_hmac(&data, &key));
            for (name, _, hmac) in implementations() {
                assert_eq!(hmac(&key, &data), key_tag, "{name}, key {}, data {}", hex(&key), hex(&data));
                assert_eq!(hmac(&data, &key), data_tag, "{name}, key {}, data {}", hex(&data), hex(&key));
            }
        }
    }

    #[test]
    fn one_mebibyte_inputs_match_the_reference_crates() {
        let mut rng = Prng(3);
        for len in [1 << 20, (1 << 20) + 55] {
            let data = rng.bytes(len);
            let key = rng.bytes(32);
            let (digest, tag) = (reference_sha256(&data), reference_hmac(&key, &data));
            for (name, hash, hmac) in implementations() {
                assert_eq!(hash(&data), digest, "{name}, length {len}");
                assert_eq!(hmac(&key, &data), tag, "{name}, length {len}");
            }
        }
    }

    #[test]
    fn graviola_is_used_where_it_is_built_in_and_supported() {
        let built_in =
            cfg!(all(feature = "default-https-client", any(target_arch = "x86_64", target_arch = "aarch64")));
        #[cfg(all(feature = "default-https-client", any(target_arch = "x86_64", target_arch = "aarch64")))]
        let built_in = built_in && graviola::util::is_cpu_supported();
        assert_eq!(implementation(), if built_in { "graviola" } else { "portable" });
    }

    #[test]
    fn hex_is_lowercase_and_complete() {
        assert_eq!(hex(&[]), "");
        assert_eq!(hex(&[0x00, 0x0f, 0xa5, 0xff]), "000fa5ff");
    }
}
