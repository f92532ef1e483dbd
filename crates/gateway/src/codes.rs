//! One-time sign-in codes waiting to be typed: at most one per document, kept in the store
//! only as an HMAC so that neither a database dump nor logs hold a usable code, used once, void after
//! expiry or too many wrong tries, and re-issued only after a cool-down.

use std::time::Duration;

use hmac::{Hmac, Mac};
use sha2::Sha256;
use store::{Store, StoreError, StoredCode};

/// Issues and checks codes; what is pending lives in the store, so a code sent through one
/// gateway signs in through any other.
pub struct Codes {
    key: Hmac<Sha256>,
    lifetime_ms: u64,
    max_tries: u32,
    cool_down_ms: u64,
    store: Store,
}

impl Codes {
    /// Codes valid for `lifetime`, `max_tries` guesses each, re-issued after `cool_down`.
    ///
    /// # Errors
    /// Never in practice: HMAC takes keys of any length.
    pub fn new(
        key: &crate::keys::Key,
        lifetime: Duration,
        max_tries: u32,
        cool_down: Duration,
        store: Store,
    ) -> Result<Self, hmac::digest::InvalidLength> {
        Ok(Self {
            key: <Hmac<Sha256> as Mac>::new_from_slice(key)?,
            lifetime_ms: u64::try_from(lifetime.as_millis()).unwrap_or(u64::MAX),
            max_tries,
            cool_down_ms: u64::try_from(cool_down.as_millis()).unwrap_or(u64::MAX),
            store,
        })
    }

    fn mac(&self, document: &str, code: &str) -> Hmac<Sha256> {
        let mut mac = self.key.clone();
        mac.update(document.as_bytes());
        mac.update(b":");
        mac.update(code.as_bytes());
        mac
    }

    /// What a code is kept as: bound to what it was sent for (a new contact's address), so
    /// it proves nothing about anything else.
    fn tag(&self, document: &str, bound: &str, code: &str) -> String {
        crate::keys::hex(
            &self
                .mac(document, &format!("{bound}\n{code}"))
                .finalize()
                .into_bytes(),
        )
    }

    /// The store's key for a document's code: keyed, so the table names no document.
    fn slot(&self, document: &str) -> String {
        crate::keys::hex(&self.mac(document, "").finalize().into_bytes())
    }

    /// A new code for `document` at `now_ms` (Unix milliseconds), replacing any earlier one.
    ///
    /// # Errors
    /// [`IssueError::TooSoon`] within the cool-down of the last one, with the seconds left.
    pub async fn issue(&self, document: &str, now_ms: u64) -> Result<String, IssueError> {
        self.issue_for(document, "", now_ms).await
    }

    /// As [`Codes::issue`], for a code that proves only `bound` (an address it was sent to).
    ///
    /// # Errors
    /// As [`Codes::issue`].
    pub async fn issue_for(
        &self,
        document: &str,
        bound: &str,
        now_ms: u64,
    ) -> Result<String, IssueError> {
        let slot = self.slot(document);
        if let Some(p) = self.store.code(&slot).await.map_err(IssueError::Store)? {
            let since = now_ms.saturating_sub(u64::try_from(p.issued_at).unwrap_or(0));
            if since < self.cool_down_ms {
                return Err(IssueError::TooSoon(
                    (self.cool_down_ms - since).div_ceil(1000).max(1),
                ));
            }
        }
        let code = random_code().map_err(|_| IssueError::NoRandomness)?;
        let tag = self.tag(document, bound, &code);
        self.store
            .put_code(
                &slot,
                &StoredCode {
                    tag,
                    issued_at: crate::session::store_time(now_ms),
                    tries_left: i64::from(self.max_tries),
                },
            )
            .await
            .map_err(IssueError::Store)?;
        Ok(code)
    }

    /// Forgets `document`'s code (it could not be delivered), lifting the cool-down.
    ///
    /// # Errors
    /// [`StoreError`] when the store does not answer.
    pub async fn revoke(&self, document: &str) -> Result<(), StoreError> {
        self.store.revoke_code(&self.slot(document)).await
    }

    /// Whether `typed` is `document`'s pending code at `now_ms`. Every check spends a try; a
    /// right code is used up, and of two gateways checking it at once only one succeeds.
    ///
    /// # Errors
    /// [`StoreError`] when the store does not answer.
    pub async fn verify(
        &self,
        document: &str,
        typed: &str,
        now_ms: u64,
    ) -> Result<bool, StoreError> {
        self.verify_for(document, "", typed, now_ms).await
    }

    /// As [`Codes::verify`], for a code issued for `bound`.
    ///
    /// # Errors
    /// [`StoreError`] when the store does not answer.
    pub async fn verify_for(
        &self,
        document: &str,
        bound: &str,
        typed: &str,
        now_ms: u64,
    ) -> Result<bool, StoreError> {
        let slot = self.slot(document);
        let Some(pending) = self.store.spend_code_try(&slot).await? else {
            return Ok(false);
        };
        let issued = u64::try_from(pending.issued_at).unwrap_or(0);
        if now_ms.saturating_sub(issued) >= self.lifetime_ms {
            return Ok(false);
        }
        let right = self.tag(document, bound, typed) == pending.tag;
        if right {
            return self.store.void_code(&slot, &pending.tag).await;
        }
        Ok(false)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IssueError {
    /// The last code is too recent; seconds to wait.
    TooSoon(u64),
    /// The operating system gave no randomness.
    NoRandomness,
    /// The store did not answer.
    Store(StoreError),
}

/// Six uniformly drawn digits.
fn random_code() -> Result<String, getrandom::Error> {
    let modulus = 10u32.pow(api::CODE_DIGITS as u32);
    // Values at or above the last whole multiple of the modulus would favour low codes.
    let limit = u32::MAX - u32::MAX % modulus;
    loop {
        let mut bytes = [0u8; 4];
        getrandom::fill(&mut bytes)?;
        let n = u32::from_le_bytes(bytes);
        if n < limit {
            return Ok(format!("{:0width$}", n % modulus, width = api::CODE_DIGITS));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn codes(store: &Store) -> Codes {
        Codes::new(
            &[7; 32],
            Duration::from_secs(300),
            3,
            Duration::from_secs(60),
            store.clone(),
        )
        .unwrap()
    }

    #[tokio::test]
    async fn a_code_has_six_digits_and_works_once() {
        let store = Store::open("sqlite::memory:").await.unwrap();
        let codes = codes(&store).await;
        let t0 = 1_000_000_000;
        let code = codes.issue("52998224725", t0).await.unwrap();
        assert_eq!(code.len(), 6);
        assert!(code.chars().all(|c| c.is_ascii_digit()));
        assert!(
            !codes.verify("11144477735", &code, t0).await.unwrap(),
            "another document"
        );
        assert!(codes.verify("52998224725", &code, t0).await.unwrap());
        assert!(
            !codes.verify("52998224725", &code, t0).await.unwrap(),
            "used up"
        );
    }

    #[tokio::test]
    async fn expiry_tries_and_cool_down() {
        let store = Store::open("sqlite::memory:").await.unwrap();
        let codes = codes(&store).await;
        let t0 = 1_000_000_000;
        let code = codes.issue("d", t0).await.unwrap();
        assert!(!codes.verify("d", &code, t0 + 300_000).await.unwrap());

        let t1 = t0 + 400_000;
        let code = codes.issue("d", t1).await.unwrap();
        let wrong = if code == "000000" { "111111" } else { "000000" };
        assert!(!codes.verify("d", wrong, t1).await.unwrap());
        assert!(!codes.verify("d", wrong, t1).await.unwrap());
        assert!(
            !codes.verify("d", wrong, t1).await.unwrap(),
            "third wrong try voids it"
        );
        assert!(!codes.verify("d", &code, t1).await.unwrap());

        assert_eq!(
            codes.issue("d", t1 + 20_000).await,
            Err(IssueError::TooSoon(40))
        );
        let newer = codes.issue("d", t1 + 60_000).await.unwrap();
        assert!(codes.verify("d", &newer, t1 + 61_000).await.unwrap());
    }

    #[tokio::test]
    async fn a_new_code_replaces_the_old_and_revoking_lifts_the_cool_down() {
        let store = Store::open("sqlite::memory:").await.unwrap();
        let codes = codes(&store).await;
        let t0 = 1_000_000_000;
        let first = codes.issue("d", t0).await.unwrap();
        let second = codes.issue("d", t0 + 61_000).await.unwrap();
        if first != second {
            assert!(!codes.verify("d", &first, t0 + 62_000).await.unwrap());
        }
        codes.revoke("d").await.unwrap();
        assert!(codes.issue("d", t0 + 62_000).await.is_ok());
    }

    #[tokio::test]
    async fn a_code_issued_by_one_gateway_is_checked_by_another_once() {
        let store = Store::open("sqlite::memory:").await.unwrap();
        let (a, b) = (codes(&store).await, codes(&store).await);
        let code = a.issue("d", 1_000).await.unwrap();
        assert!(b.verify("d", &code, 1_001).await.unwrap());
        assert!(
            !a.verify("d", &code, 1_002).await.unwrap(),
            "used up everywhere"
        );
        // The table names no document.
        assert!(store.code("d").await.unwrap().is_none());
    }

    #[tokio::test]
    async fn a_bound_code_proves_only_what_it_was_sent_for() {
        let store = Store::open("sqlite::memory:").await.unwrap();
        let codes = codes(&store).await;
        let code = codes
            .issue_for("d/contato", "email:ana@example.com", 1_000)
            .await
            .unwrap();
        assert!(
            !codes
                .verify_for("d/contato", "email:mallory@example.com", &code, 1_001)
                .await
                .unwrap(),
            "another address"
        );
        assert!(
            !codes.verify("d/contato", &code, 1_002).await.unwrap(),
            "unbound"
        );
        assert!(
            codes
                .verify_for("d/contato", "email:ana@example.com", &code, 1_003)
                .await
                .unwrap()
        );
    }

    #[test]
    fn codes_are_spread_over_all_digits() {
        let mut seen = [0u32; 10];
        for _ in 0..2000 {
            let code = random_code().unwrap();
            for b in code.bytes() {
                seen[usize::from(b - b'0')] += 1;
            }
        }
        // 12,000 digits: each should appear about 1,200 times.
        assert!(seen.iter().all(|n| (900..1500).contains(n)), "{seen:?}");
    }
}
