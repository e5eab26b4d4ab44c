//! Random version-4 UUIDs (RFC 9562) for idempotency tokens and invocation ids.

/// Fills `buf` with random bytes from the operating system.
pub fn random_bytes(buf: &mut [u8]) -> Result<(), String> {
    getrandom::fill(buf).map_err(|e| format!("the operating system's random source failed: {e}"))
}

/// A random number in `[0, 1)`, for backoff jitter.
pub fn random_unit() -> f64 {
    let mut bytes = [0u8; 8];
    if random_bytes(&mut bytes).is_err() {
        // Without randomness, wait the full backoff: never retry sooner than planned.
        return 1.0 - f64::EPSILON;
    }
    (u64::from_le_bytes(bytes) >> 11) as f64 / (1u64 << 53) as f64
}

/// A random UUID, version 4, variant 10 (RFC 9562), in lower-case hex.
pub fn v4() -> Result<String, String> {
    let mut b = [0u8; 16];
    random_bytes(&mut b)?;
    Ok(format_v4(b))
}

fn format_v4(mut b: [u8; 16]) -> String {
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex = super::sha256::hex(&b);
    format!("{}-{}-{}-{}-{}", &hex[0..8], &hex[8..12], &hex[12..16], &hex[16..20], &hex[20..32])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuids_are_version_4_variant_10_and_distinct() {
        let a = v4().unwrap();
        let b = v4().unwrap();
        assert_ne!(a, b);
        for id in [&a, &b] {
            assert_eq!(id.len(), 36);
            let parts: Vec<&str> = id.split('-').collect();
            assert_eq!(parts.iter().map(|p| p.len()).collect::<Vec<_>>(), [8, 4, 4, 4, 12]);
            assert!(parts[2].starts_with('4'), "{id}");
            assert!(matches!(&parts[3][..1], "8" | "9" | "a" | "b"), "{id}");
            assert!(id.chars().all(|c| c == '-' || c.is_ascii_hexdigit() && !c.is_ascii_uppercase()));
        }
        assert_eq!(format_v4([0xff; 16]), "ffffffff-ffff-4fff-bfff-ffffffffffff");
        assert_eq!(format_v4([0; 16]), "00000000-0000-4000-8000-000000000000");
    }

    #[test]
    fn jitter_is_in_the_unit_interval() {
        for _ in 0..1000 {
            let r = random_unit();
            assert!((0.0..1.0).contains(&r));
        }
    }
}
