//! Secret keys, session tokens and signing keys are overwritten before their
//! memory goes back to the allocator.
//!
//! The test binary's allocator looks through every block freed while the
//! check is armed for the secrets in play; a block still holding one means a
//! copy was dropped without being wiped. This is its own test binary because
//! it replaces the global allocator and sets process environment variables.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicBool, AtomicU8, AtomicUsize, Ordering};
use std::task::{Context, Poll, Waker};
use std::time::{Duration, SystemTime};

use smithy_client_runtime::config::{Credentials, ProfileFileCredentialsProvider, ProvideCredentials};
use smithy_client_runtime::rt::sigv4::{
    SignableBody, SignableRequest, SigningKeyCache, SigningParams, SigningSettings, sign_headers, signing_key,
};

/// Part of every secret used here, and of nothing else the test allocates.
const CANARY: &[u8] = b"Qz7-wipe-canary-8Kd";
const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/Qz7-wipe-canary-8Kd/secret";
const TOKEN: &str = "IQoJb3JpZ2luX2VjEXAMPLE-Qz7-wipe-canary-8Kd-token";

static ARMED: AtomicBool = AtomicBool::new(false);
static LEAKS: AtomicUsize = AtomicUsize::new(0);
/// The derived signing key, looked for as well.
static SIGNING_KEY: [AtomicU8; 32] = [const { AtomicU8::new(0) }; 32];

struct Scanning;

fn holds_secret(block: &[u8]) -> bool {
    let key: [u8; 32] = std::array::from_fn(|i| SIGNING_KEY[i].load(Ordering::Relaxed));
    block.windows(CANARY.len()).any(|w| w == CANARY) || block.windows(key.len()).any(|w| w == key)
}

// SAFETY: every call is passed to the system allocator unchanged; `dealloc`
// only reads the block it is given, which stays valid until passed on.
unsafe impl GlobalAlloc for Scanning {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's guarantees for `layout` are passed on.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if ARMED.load(Ordering::Relaxed) {
            // SAFETY: `ptr` points to a live block of `layout.size()` bytes
            // that this allocator handed out and nobody else uses any more.
            let block = unsafe { std::slice::from_raw_parts(ptr, layout.size()) };
            if holds_secret(block) {
                LEAKS.fetch_add(1, Ordering::Relaxed);
            }
        }
        // SAFETY: as above.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Scanning = Scanning;

/// The providers here answer on their first poll outside a Tokio runtime.
fn resolve(provider: &dyn ProvideCredentials) -> Credentials {
    match provider.provide_credentials().as_mut().poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(result) => result.expect("credentials"),
        Poll::Pending => panic!("the provider did not answer at once"),
    }
}

/// Runs `work` with the scan armed; returns how many freed blocks held a secret.
fn leaks_during(work: impl FnOnce()) -> usize {
    LEAKS.store(0, Ordering::SeqCst);
    ARMED.store(true, Ordering::SeqCst);
    work();
    ARMED.store(false, Ordering::SeqCst);
    LEAKS.load(Ordering::SeqCst)
}

fn sign_with(credentials: &Credentials, cache: &SigningKeyCache) {
    let headers = vec![("x-amz-target".to_owned(), "Service.Operation".to_owned())];
    let request = SignableRequest {
        method: "POST",
        uri: "https://example.us-east-1.amazonaws.com/",
        headers: &headers,
        body: SignableBody::Bytes(b"{}"),
    };
    let params = SigningParams {
        access_key_id: credentials.access_key_id(),
        secret_access_key: credentials.secret_access_key(),
        // The token is sent as a header, so the output holds a copy by design.
        session_token: None,
        region: "us-east-1",
        service: "example",
        time: SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000),
        settings: SigningSettings::new(),
        signing_keys: Some(cache),
    };
    sign_headers(&request, &params).expect("signed");
}

#[test]
fn secrets_are_wiped_before_their_memory_is_freed() {
    let key = signing_key(SECRET, "20231114", "us-east-1", "example");
    for (slot, byte) in SIGNING_KEY.iter().zip(key) {
        slot.store(byte, Ordering::Relaxed);
    }

    let leaks = leaks_during(|| {
        let credentials = Credentials::new("AKIDEXAMPLE", SECRET, Some(TOKEN.to_owned()));
        let copy = credentials.clone();
        drop(credentials);
        drop(copy);
    });
    assert_eq!(leaks, 0, "dropped Credentials left the secret key or token in freed memory");

    let leaks = leaks_during(|| {
        let credentials = Credentials::new("AKIDEXAMPLE", SECRET, None);
        // Boxed, so that its memory goes through the allocator too.
        let cache = Box::new(SigningKeyCache::default());
        sign_with(&credentials, &cache);
        sign_with(&credentials, &cache);
        drop(cache);
    });
    assert_eq!(leaks, 0, "the signing-key cache left the secret or the signing key in freed memory");

    let dir = std::env::temp_dir().join(format!("runtime-wipe-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary folder");
    let credentials_file = dir.join("credentials");
    std::fs::write(
        &credentials_file,
        format!("[default]\naws_access_key_id = AKIDEXAMPLE\naws_secret_access_key = {SECRET}\naws_session_token = {TOKEN}\n"),
    )
    .expect("a credentials file");
    // Only this test runs in this binary, so nothing else reads the environment.
    std::env::set_var("AWS_SHARED_CREDENTIALS_FILE", &credentials_file);
    std::env::set_var("AWS_CONFIG_FILE", dir.join("config"));
    std::env::remove_var("AWS_PROFILE");
    let leaks = leaks_during(|| {
        let provider = ProfileFileCredentialsProvider::new();
        let credentials = resolve(&provider);
        assert_eq!((credentials.secret_access_key(), credentials.session_token()), (SECRET, Some(TOKEN)));
        drop(credentials);
        drop(provider);
    });
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(leaks, 0, "reading the credentials file left the secret key or token in freed memory");
}
