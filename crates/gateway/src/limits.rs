//! Sliding-window limits (failed sign-ins, codes sent, lookups, sign-up writes), counted in
//! the store so that every gateway on it sees the same counts: a lockout holds whichever
//! gateway the next attempt reaches. Events are counted in slices of a sixtieth of the
//! window, so a flood adds to a count rather than growing anything, and an event leaves the
//! window within one slice of its exact time. The key counted by is kept as an HMAC.

use std::time::Duration;

use hmac::{Hmac, Mac};
use sha2::Sha256;
use store::{Store, StoreError};

/// At most `max` events per key within `window`.
pub struct Limiter {
    name: &'static str,
    max: u32,
    window_s: u64,
    slice_s: u64,
    key: Hmac<Sha256>,
    store: Store,
}

impl Limiter {
    /// A limit named `name` (unique per gateway: it separates the counts in the store).
    ///
    /// # Errors
    /// Never in practice: HMAC takes keys of any length.
    pub fn new(
        name: &'static str,
        max: u32,
        window: Duration,
        key: &crate::keys::Key,
        store: Store,
    ) -> Result<Self, hmac::digest::InvalidLength> {
        let window_s = window.as_secs().max(1);
        Ok(Self {
            name,
            max,
            window_s,
            slice_s: (window_s / 60).max(1),
            key: <Hmac<Sha256> as Mac>::new_from_slice(key)?,
            store,
        })
    }

    fn hashed(&self, key: &str) -> String {
        let mut mac = self.key.clone();
        mac.update(self.name.as_bytes());
        mac.update(b":");
        mac.update(key.as_bytes());
        crate::keys::hex(&mac.finalize().into_bytes())
    }

    /// `None` while `key` is under the limit at `now` (Unix seconds); otherwise the seconds
    /// until it is again.
    ///
    /// # Errors
    /// [`StoreError`] when the store does not answer.
    pub async fn check(&self, key: &str, now: u64) -> Result<Option<u64>, StoreError> {
        let since = crate::session::store_time(now.saturating_sub(self.window_s));
        let (count, oldest) = self
            .store
            .limit_count(self.name, &self.hashed(key), since)
            .await?;
        if count < i64::from(self.max) {
            return Ok(None);
        }
        let oldest = u64::try_from(oldest.unwrap_or(since)).unwrap_or(0);
        Ok(Some((oldest + self.window_s).saturating_sub(now).max(1)))
    }

    /// Counts one event for `key` at `now`.
    ///
    /// # Errors
    /// [`StoreError`] when the store does not answer.
    pub async fn fail(&self, key: &str, now: u64) -> Result<(), StoreError> {
        let slice = now / self.slice_s * self.slice_s;
        self.store
            .limit_add(
                self.name,
                &self.hashed(key),
                crate::session::store_time(slice),
            )
            .await
    }

    /// Forgets `key`'s events (a customer who signed in).
    ///
    /// # Errors
    /// [`StoreError`] when the store does not answer.
    pub async fn clear(&self, key: &str) -> Result<(), StoreError> {
        self.store.limit_clear(self.name, &self.hashed(key)).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn limiter(name: &'static str, store: &Store) -> Limiter {
        Limiter::new(name, 3, Duration::from_secs(600), &[7; 32], store.clone()).unwrap()
    }

    #[tokio::test]
    async fn locks_after_max_events_and_tells_how_long() {
        let store = Store::open("sqlite::memory:").await.unwrap();
        let limiter = limiter("l", &store).await;
        let t0 = 1_000_000;
        for i in 0..3 {
            assert_eq!(limiter.check("a", t0 + i).await.unwrap(), None);
            limiter.fail("a", t0 + i).await.unwrap();
        }
        // The first event's slice leaves the window 600 s after it began.
        assert_eq!(limiter.check("a", t0 + 10).await.unwrap(), Some(590));
        assert_eq!(
            limiter.check("b", t0).await.unwrap(),
            None,
            "keys are separate"
        );
        assert_eq!(
            limiter.check("a", t0 + 601).await.unwrap(),
            None,
            "the window moved on"
        );
        limiter.clear("a").await.unwrap();
        assert_eq!(limiter.check("a", t0 + 10).await.unwrap(), None);
    }

    #[tokio::test]
    async fn limits_sharing_a_store_count_together_and_names_keep_them_apart() {
        let store = Store::open("sqlite::memory:").await.unwrap();
        // Two gateways' limiters of the same name on one store.
        let (a, b) = (limiter("l", &store).await, limiter("l", &store).await);
        let other = limiter("m", &store).await;
        a.fail("x", 5_000).await.unwrap();
        b.fail("x", 5_001).await.unwrap();
        a.fail("x", 5_002).await.unwrap();
        assert!(b.check("x", 5_003).await.unwrap().is_some());
        assert_eq!(other.check("x", 5_003).await.unwrap(), None);
    }
}
