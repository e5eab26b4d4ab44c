//! Credentials kept until shortly before they expire, refreshed by one
//! caller at a time.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use super::{Credentials, CredentialsError, ProvideCredentials, ProvideCredentialsFuture};
use crate::rt::profile::Env;

/// How long before their expiry credentials are refreshed.
pub const DEFAULT_REFRESH_BUFFER: Duration = Duration::from_secs(5 * 60);

/// Wraps a provider that does real work (a network call, a command) so that
/// it is asked only when the credentials it gave last are within the
/// refresh buffer (five minutes by default) of their expiry; credentials
/// without an expiry are kept for good.
///
/// Under concurrency one caller refreshes while the others wait for its
/// result (no burst of identical calls when credentials expire under load).
/// When a refresh fails but the credentials held are still valid, they are
/// used and the next call tries again; otherwise the provider's error is
/// returned. Clones share the cache.
#[derive(Clone)]
pub struct CredentialsCache {
    inner: Arc<Inner>,
}

struct Inner {
    provider: Arc<dyn ProvideCredentials>,
    buffer: Duration,
    clock: Env,
    cached: Mutex<Option<Credentials>>,
    refreshing: tokio::sync::Mutex<()>,
}

impl std::fmt::Debug for CredentialsCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CredentialsCache")
            .field("provider", &self.inner.provider)
            .field("buffer", &self.inner.buffer)
            .finish_non_exhaustive()
    }
}

impl CredentialsCache {
    /// Caches what `provider` gives, with the default refresh buffer.
    pub fn new(provider: impl ProvideCredentials) -> Self {
        Self::with_clock(Arc::new(provider), DEFAULT_REFRESH_BUFFER, Env::real())
    }

    /// The same cache refreshing `buffer` before expiry.
    #[must_use]
    pub fn refresh_buffer(self, buffer: Duration) -> Self {
        let inner = Arc::try_unwrap(self.inner).unwrap_or_else(|shared| Inner {
            provider: shared.provider.clone(),
            buffer: shared.buffer,
            clock: shared.clock.clone(),
            cached: Mutex::new(None),
            refreshing: tokio::sync::Mutex::new(()),
        });
        CredentialsCache { inner: Arc::new(Inner { buffer, ..inner }) }
    }

    pub(crate) fn with_clock(provider: Arc<dyn ProvideCredentials>, buffer: Duration, clock: Env) -> Self {
        CredentialsCache {
            inner: Arc::new(Inner {
                provider,
                buffer,
                clock,
                cached: Mutex::new(None),
                refreshing: tokio::sync::Mutex::new(()),
            }),
        }
    }

    /// The cached credentials, if they are not due for a refresh.
    fn fresh(&self) -> Option<Credentials> {
        let cached = self.inner.cached.lock().unwrap_or_else(PoisonError::into_inner);
        let credentials = cached.as_ref()?;
        match credentials.expiry() {
            None => Some(credentials.clone()),
            Some(expiry) if self.inner.clock.now() + self.inner.buffer < expiry => Some(credentials.clone()),
            Some(_) => None,
        }
    }

    async fn credentials(&self) -> Result<Credentials, CredentialsError> {
        if let Some(credentials) = self.fresh() {
            return Ok(credentials);
        }
        let _refreshing = self.inner.refreshing.lock().await;
        // Whoever held the lock before may have refreshed already.
        if let Some(credentials) = self.fresh() {
            return Ok(credentials);
        }
        match self.inner.provider.provide_credentials().await {
            Ok(credentials) => {
                *self.inner.cached.lock().unwrap_or_else(PoisonError::into_inner) = Some(credentials.clone());
                Ok(credentials)
            }
            Err(error) => {
                let cached = self.inner.cached.lock().unwrap_or_else(PoisonError::into_inner);
                match cached.as_ref() {
                    Some(held) if held.expiry().is_some_and(|expiry| self.inner.clock.now() < expiry) => {
                        Ok(held.clone())
                    }
                    _ => Err(error),
                }
            }
        }
    }
}

impl ProvideCredentials for CredentialsCache {
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
        Box::pin(self.credentials())
    }

    fn provider_name(&self) -> &'static str {
        self.inner.provider.provider_name()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::SystemTime;

    /// Counts its calls; answers with credentials expiring `lifetime` after
    /// the clock, after a short wait, or with an error once `fail` is set.
    #[derive(Debug, Default)]
    struct Counting {
        calls: AtomicUsize,
        fail: std::sync::atomic::AtomicBool,
    }

    const NOW: u64 = 1_700_000_000;

    fn at(secs: u64) -> SystemTime {
        SystemTime::UNIX_EPOCH + Duration::from_secs(secs)
    }

    impl ProvideCredentials for Counting {
        fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
            Box::pin(async move {
                let call = self.calls.fetch_add(1, Ordering::SeqCst) + 1;
                tokio::time::sleep(Duration::from_millis(20)).await;
                if self.fail.load(Ordering::SeqCst) {
                    return Err(CredentialsError::new("source down"));
                }
                Ok(Credentials::new(format!("AKID{call}"), "secret", None).with_expiry(at(NOW + 3600)))
            })
        }
    }

    fn cache(provider: &Arc<Counting>, now: u64) -> CredentialsCache {
        CredentialsCache::with_clock(provider.clone(), DEFAULT_REFRESH_BUFFER, Env::real().with_time(at(now)))
    }

    #[tokio::test]
    async fn concurrent_callers_share_one_refresh() {
        let provider = Arc::new(Counting::default());
        let cache = cache(&provider, NOW);
        let calls: Vec<_> = (0..32)
            .map(|_| {
                let cache = cache.clone();
                tokio::spawn(async move { cache.provide_credentials().await.map(|c| c.access_key_id().to_owned()) })
            })
            .collect();
        for call in calls {
            assert_eq!(call.await.unwrap().unwrap(), "AKID1");
        }
        assert_eq!(provider.calls.load(Ordering::SeqCst), 1);
    }

    #[tokio::test]
    async fn credentials_are_refreshed_within_the_buffer_and_kept_when_a_refresh_fails() {
        let provider = Arc::new(Counting::default());
        let early = cache(&provider, NOW);
        assert_eq!(early.provide_credentials().await.unwrap().access_key_id(), "AKID1");
        // The same cache, later: 4 minutes before expiry is within the buffer.
        let held = early.inner.cached.lock().unwrap().clone();
        let late = cache(&provider, NOW + 3600 - 240);
        *late.inner.cached.lock().unwrap() = held.clone();
        assert_eq!(late.provide_credentials().await.unwrap().access_key_id(), "AKID2");
        // A failed refresh of still-valid credentials keeps them.
        provider.fail.store(true, Ordering::SeqCst);
        let failing = cache(&provider, NOW + 3600 - 240);
        *failing.inner.cached.lock().unwrap() = held.clone();
        assert_eq!(failing.provide_credentials().await.unwrap().access_key_id(), "AKID1");
        // Expired credentials are not used.
        let expired = cache(&provider, NOW + 3601);
        *expired.inner.cached.lock().unwrap() = held;
        let error = expired.provide_credentials().await.unwrap_err();
        assert!(error.to_string().contains("source down"), "{error}");
    }

    #[tokio::test]
    async fn credentials_without_expiry_are_kept() {
        #[derive(Debug, Default)]
        struct Static(AtomicUsize);
        impl ProvideCredentials for Static {
            fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
                self.0.fetch_add(1, Ordering::SeqCst);
                super::super::ready(Ok(Credentials::new("AKID", "secret", None)))
            }
        }
        let provider = Arc::new(Static::default());
        let cache = CredentialsCache::with_clock(provider.clone(), DEFAULT_REFRESH_BUFFER, Env::real());
        for _ in 0..3 {
            cache.provide_credentials().await.unwrap();
        }
        assert_eq!(provider.0.load(Ordering::SeqCst), 1);
    }
}
