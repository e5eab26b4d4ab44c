//! A short, deterministic run of every fuzz target on stable Rust, for CI:
//! each target's function (shared with the `cargo fuzz` crate in `fuzz/`)
//! runs on its seeds and on pseudo-random mutations of them. The real fuzzing
//! is `scripts/fuzz.sh` (nightly and cargo-fuzz); this only keeps the targets
//! compiling and catches regressions on inputs near the seeds.
//!
//! Seeds: `fuzz/seeds/<target>/` (in the repository), plus, when the shared
//! reference folder is present, the same kinds of inputs `fuzz/seed.sh` takes
//! from it. Mutations insert the entries of the target's libFuzzer dictionary
//! (`fuzz/dicts/<target>.dict`) among others. `FUZZ_SMOKE_ITERATIONS=<n>`
//! runs every target `n` times instead of its usual count. A failing input is
//! written to `target/fuzz-smoke/<target>.crash`, to replay with
//! `cargo +nightly fuzz run <target> <file>` in `fuzz/`.

#[path = "../../fuzz/src/targets.rs"]
mod targets;

use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
use std::path::{Path, PathBuf};

/// Bytes the mutator inserts besides the target's dictionary.
#[rustfmt::skip]
const TOKENS: &[&[u8]] = &[
    b"\"", b"{", b"}", b"[", b"]", b",", b":", b"\n", b"\r\n", b"\0", b" ", b"\t", b"=", b"#", b";", b"%", b"@", b"?",
    b"/", b"-1", b"0", b"65536", b"\xc3\xa9", b"\xf0\x9f\x98\x80", b"\xff",
];

/// xorshift64*: small, fast and the same on every platform.
struct Rng(u64);

impl Rng {
    fn for_target(name: &str) -> Rng {
        // FNV-1a of the name, so each target gets its own fixed sequence.
        let seed =
            name.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3));
        Rng(seed | 1)
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// A number below `n` (which must not be 0).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// One to four edits of `seed`: byte flips and overwrites, inserted tokens,
/// deleted or duplicated runs, a splice from `other`, truncation.
fn mutate(rng: &mut Rng, tokens: &[Vec<u8>], seed: &[u8], other: &[u8]) -> Vec<u8> {
    let mut data = seed.to_vec();
    for _ in 0..=rng.below(4) {
        let at = rng.below(data.len() + 1);
        match rng.below(7) {
            0 if at < data.len() => data[at] ^= 1 << rng.below(8),
            1 if at < data.len() => data[at] = rng.next() as u8,
            2 => {
                let token = &tokens[rng.below(tokens.len())];
                data.splice(at..at, token.iter().copied());
            }
            3 => {
                let end = (at + 1 + rng.below(16)).min(data.len());
                data.drain(at.min(end)..end);
            }
            4 => {
                let end = (at + 1 + rng.below(32)).min(data.len());
                let run = data[at.min(end)..end].to_vec();
                data.splice(at..at, run);
            }
            5 if !other.is_empty() => {
                let from = rng.below(other.len());
                let end = (from + 1 + rng.below(64)).min(other.len());
                data.splice(at..at, other[from..end].iter().copied());
            }
            _ => data.truncate(at),
        }
    }
    data
}

/// Runs `target` on every seed, then `iterations` times on mutations.
fn smoke(name: &str, iterations: usize) {
    let target = targets::TARGETS.iter().find(|(n, _)| *n == name).expect("a known target").1;
    let seeds = seeds(name);
    assert!(!seeds.is_empty(), "no seeds for {name}");
    let iterations = std::env::var("FUZZ_SMOKE_ITERATIONS").ok().and_then(|n| n.parse().ok()).unwrap_or(iterations);
    let mut tokens = dictionary(name);
    tokens.extend(TOKENS.iter().map(|token| token.to_vec()));
    let mut rng = Rng::for_target(name);
    let started = std::time::Instant::now();
    for seed in &seeds {
        run_one(name, target, seed);
    }
    for _ in 0..iterations {
        let seed = &seeds[rng.below(seeds.len())];
        let other = &seeds[rng.below(seeds.len())];
        run_one(name, target, &mutate(&mut rng, &tokens, seed, other));
    }
    println!("{name}: {} seeds, {iterations} mutations in {:.1?}", seeds.len(), started.elapsed());
}

/// The entries of `fuzz/dicts/<target>.dict`, libFuzzer's format: one
/// quoted string a line, with `\\`, `\"` and `\xNN` escapes; `#` starts a
/// comment line.
fn dictionary(name: &str) -> Vec<Vec<u8>> {
    let file = tests::workspace_root().join("fuzz").join("dicts").join(format!("{name}.dict"));
    let text = String::from_utf8(read(&file)).expect("a dictionary is UTF-8");
    let entries = text.lines().map(str::trim).filter(|line| !line.is_empty() && !line.starts_with('#'));
    entries
        .map(|line| unescape(line.strip_prefix('"').and_then(|l| l.strip_suffix('"')).expect("a quoted entry")))
        .collect()
}

fn unescape(quoted: &str) -> Vec<u8> {
    let mut out = Vec::new();
    let mut bytes = quoted.bytes();
    while let Some(b) = bytes.next() {
        if b != b'\\' {
            out.push(b);
            continue;
        }
        match bytes.next() {
            Some(b'x') => {
                let hex = [bytes.next().unwrap_or(b'0'), bytes.next().unwrap_or(b'0')];
                let hex = std::str::from_utf8(&hex).expect("ASCII hex digits");
                out.push(u8::from_str_radix(hex, 16).expect("two hex digits after \\x"));
            }
            Some(escaped) => out.push(escaped),
            None => out.push(b'\\'),
        }
    }
    out
}

/// Calls the target, saving the input before passing a panic on.
fn run_one(name: &str, target: targets::Target, input: &[u8]) {
    if let Err(panic) = catch_unwind(AssertUnwindSafe(|| target(input))) {
        let dir = tests::workspace_root().join("target").join("fuzz-smoke");
        let file = dir.join(format!("{name}.crash"));
        let saved = std::fs::create_dir_all(&dir).and_then(|()| std::fs::write(&file, input));
        let shown = String::from_utf8_lossy(&input[..input.len().min(2000)]).into_owned();
        match saved {
            Ok(()) => eprintln!("{name} panicked on {shown:?}; the input is in {}", file.display()),
            Err(e) => eprintln!("{name} panicked on {shown:?} (not saved: {e})"),
        }
        resume_unwind(panic);
    }
}

fn seeds(name: &str) -> Vec<Vec<u8>> {
    let root = tests::workspace_root();
    let mut seeds = files_in(&root.join("fuzz").join("seeds").join(name));
    let model = root.join("model").join("partnercentral-selling.json");
    match name {
        "model_loader" => seeds.push(read(&model)),
        "endpoint_url" => seeds.extend(endpoint_test_seeds(&json(&model))),
        _ => {}
    }
    if let Some(shared) = shared_dir() {
        seeds.extend(shared_seeds(name, &shared));
    }
    seeds
}

/// The shared reference folder, without the message `tests::shared_dir`
/// prints: these seeds are optional.
fn shared_dir() -> Option<PathBuf> {
    Some(tests::workspace_root().join("..").join("shared")).filter(|dir| dir.is_dir())
}

/// Seeds from the shared reference data, as `fuzz/seed.sh` takes them.
fn shared_seeds(name: &str, shared: &Path) -> Vec<Vec<u8>> {
    match name {
        "model_loader" => {
            let by_size = |dir: &str| {
                let mut models = tests::json_files(&shared.join(dir));
                models.sort_by_key(|model| std::fs::metadata(model).map(|m| m.len()).unwrap_or(u64::MAX));
                models
            };
            let models = by_size("models/aws").into_iter().take(2);
            // The smallest protocol test model, for the smithy.test traits.
            models.chain(by_size("protocol-tests").into_iter().take(1)).map(|model| read(&model)).collect()
        }
        "pcs_responses" => {
            let tests = json(&shared.join("protocol-tests/awsJson1_0.json"));
            let shapes = tests["shapes"].as_object().into_iter().flat_map(|shapes| shapes.values());
            let cases =
                shapes.filter_map(|shape| shape["traits"]["smithy.test#httpResponseTests"].as_array()).flatten();
            cases
                .map(|case| {
                    let mut seed = format!("{}\n", case["code"]);
                    for (name, value) in case["headers"].as_object().into_iter().flatten() {
                        seed.push_str(&format!("{name}: {}\n", value.as_str().unwrap_or_default()));
                    }
                    seed.push('\n');
                    seed.push_str(case["body"].as_str().unwrap_or_default());
                    seed.into_bytes()
                })
                .collect()
        }
        "profile_parser" => {
            let tests = json(&shared.join("aws-config-tests/profile-parser-tests.json"));
            let cases = tests["tests"].as_array().into_iter().flatten();
            cases
                .map(|case| {
                    let input = &case["input"];
                    let mut seed = format!("\n{}", input["configFile"].as_str().unwrap_or_default());
                    if let Some(credentials) = input["credentialsFile"].as_str() {
                        seed.push('\0');
                        seed.push_str(credentials);
                    }
                    seed.into_bytes()
                })
                .collect()
        }
        "sigv4_canonical" => {
            let suite = shared.join("sigv4-test-suite/v4");
            let mut cases: Vec<PathBuf> = std::fs::read_dir(&suite)
                .map(|dir| dir.filter_map(|entry| Some(entry.ok()?.path().join("request.txt"))).collect())
                .unwrap_or_default();
            cases.retain(|request| request.is_file());
            cases.sort();
            let requests = cases.iter().map(|request| read(request));
            requests.flat_map(|request| [0x03, 0x13].map(|flags| [&[flags][..], &request].concat())).collect()
        }
        _ => Vec::new(),
    }
}

/// `<url>\n<region>\n<options>` from the model's endpoint test cases: the
/// `Endpoint` parameter and the expected URL.
fn endpoint_test_seeds(model: &serde_json::Value) -> Vec<Vec<u8>> {
    let shapes = model["shapes"].as_object().into_iter().flat_map(|shapes| shapes.values());
    let cases = shapes.filter_map(|shape| shape["traits"]["smithy.rules#endpointTests"]["testCases"].as_array());
    let mut seeds = Vec::new();
    for case in cases.flatten() {
        let params = &case["params"];
        let region = params["Region"].as_str().unwrap_or("us-east-1");
        let mut options = String::new();
        for (param, option) in [("UseFIPS", "fips "), ("UseDualStack", "dualstack")] {
            if params[param].as_bool() == Some(true) {
                options.push_str(option);
            }
        }
        for url in [&params["Endpoint"], &case["expect"]["endpoint"]["url"]].into_iter().filter_map(|u| u.as_str()) {
            seeds.push(format!("{url}\n{region}\n{options}").into_bytes());
        }
    }
    seeds
}

fn files_in(dir: &Path) -> Vec<Vec<u8>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("read {}: {e}", dir.display()))
        .map(|entry| entry.expect("a folder entry").path())
        .collect();
    files.sort();
    files.iter().map(|file| read(file)).collect()
}

fn read(file: &Path) -> Vec<u8> {
    std::fs::read(file).unwrap_or_else(|e| panic!("read {}: {e}", file.display()))
}

fn json(file: &Path) -> serde_json::Value {
    serde_json::from_slice(&read(file)).unwrap_or_else(|e| panic!("parse {}: {e}", file.display()))
}

#[test]
fn model_loader_survives_mutated_models() {
    smoke("model_loader", 3_000);
}

#[test]
fn pcs_client_survives_mutated_responses() {
    smoke("pcs_responses", 10_000);
}

#[test]
fn profile_parser_survives_mutated_files() {
    smoke("profile_parser", 10_000);
    let _ = std::fs::remove_dir_all(targets::profile_sandbox_dir());
}

#[test]
fn endpoint_url_checks_survive_mutated_urls() {
    smoke("endpoint_url", 20_000);
}

#[test]
fn sigv4_signer_survives_mutated_requests() {
    smoke("sigv4_canonical", 20_000);
}

#[test]
fn xml_reader_survives_mutated_documents() {
    smoke("xml_reader", 20_000);
}

#[test]
fn dictionary_entries_are_unescaped() {
    assert_eq!(unescape(r#"\"smithy\""#), b"\"smithy\"");
    assert_eq!(unescape(r"\xEF\xBB\xBF\\"), b"\xef\xbb\xbf\\");
    for name in targets::TARGETS.iter().map(|(name, _)| name) {
        assert!(!dictionary(name).is_empty(), "{name}.dict is empty");
    }
}
