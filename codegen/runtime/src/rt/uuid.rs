//! Random version-4 UUIDs (RFC 9562) for idempotency tokens and invocation
//! ids, and the jitter of backoffs.
//!
//! None of these is a secret or a key: they must differ between calls and
//! processes, not resist prediction. So the operating system is asked once
//! per thread for a seed, and each value after that comes from wyrand, a
//! 64-bit generator that passes the usual statistical test batteries, instead
//! of a system call per value (two per call before, a measurable share of a
//! call's cost).

use std::cell::Cell;

thread_local! {
    /// This thread's generator state; `None` until first used.
    static STATE: Cell<Option<u64>> = const { Cell::new(None) };
}

/// The next 64 random bits of this thread's generator, seeding it from the
/// operating system on first use.
fn next_u64() -> Result<u64, String> {
    STATE.with(|state| {
        let current = match state.get() {
            Some(current) => current,
            None => {
                let mut seed = [0u8; 8];
                getrandom::fill(&mut seed).map_err(|e| format!("the operating system's random source failed: {e}"))?;
                u64::from_le_bytes(seed)
            }
        };
        let next = current.wrapping_add(0xa076_1d64_78bd_642f);
        state.set(Some(next));
        Ok(wyrand_output(next))
    })
}

/// wyrand's output function for the state `s`.
fn wyrand_output(s: u64) -> u64 {
    let t = u128::from(s) * u128::from(s ^ 0xe703_7ed1_a0b4_28db);
    ((t >> 64) as u64) ^ (t as u64)
}

/// A random number in `[0, 1)`, for backoff jitter.
pub fn random_unit() -> f64 {
    match next_u64() {
        Ok(bits) => (bits >> 11) as f64 / (1u64 << 53) as f64,
        // Without randomness, wait the full backoff: never retry sooner than planned.
        Err(_) => 1.0 - f64::EPSILON,
    }
}

/// A random UUID, version 4, variant 10 (RFC 9562), in lower-case hex.
pub fn v4() -> Result<String, String> {
    let high = next_u64()?;
    let low = next_u64()?;
    let mut b = [0u8; 16];
    b[..8].copy_from_slice(&high.to_le_bytes());
    b[8..].copy_from_slice(&low.to_le_bytes());
    Ok(format_v4(b))
}

fn format_v4(mut b: [u8; 16]) -> String {
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let mut out = String::with_capacity(36);
    // Groups of 4, 2, 2, 2 and 6 bytes.
    for (i, group) in [&b[..4], &b[4..6], &b[6..8], &b[8..10], &b[10..]].into_iter().enumerate() {
        if i > 0 {
            out.push('-');
        }
        super::sha256::push_hex(&mut out, group);
    }
    out
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
    fn uuids_do_not_repeat_within_a_thread_or_across_threads() {
        let mut seen = std::collections::HashSet::new();
        for _ in 0..10_000 {
            assert!(seen.insert(v4().unwrap()));
        }
        let other: Vec<String> = std::thread::spawn(|| (0..10_000).map(|_| v4().unwrap()).collect()).join().unwrap();
        for id in other {
            assert!(seen.insert(id), "a second thread repeated an id of the first");
        }
    }

    #[test]
    fn the_generator_spreads_its_bits() {
        // Each of the 64 output bits is set about half the time: a broken
        // output function (a constant, a counter) fails this.
        let mut ones = [0u32; 64];
        let rounds = 4096;
        for _ in 0..rounds {
            let bits = next_u64().unwrap();
            for (i, count) in ones.iter_mut().enumerate() {
                *count += ((bits >> i) & 1) as u32;
            }
        }
        for (i, count) in ones.iter().enumerate() {
            assert!((1700..2400).contains(count), "bit {i} was set {count} times in {rounds}");
        }
    }

    #[test]
    fn jitter_is_in_the_unit_interval() {
        for _ in 0..1000 {
            let r = random_unit();
            assert!((0.0..1.0).contains(&r));
        }
    }
}
