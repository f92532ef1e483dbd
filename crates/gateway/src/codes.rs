//! One-time sign-in codes waiting to be typed: at most one per document, kept only as an
//! HMAC so that neither memory dumps nor logs hold a usable code, used once, void after
//! expiry or too many wrong tries, and re-issued only after a cool-down.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use hmac::{Hmac, Mac};
use sha2::Sha256;

struct Pending {
    /// `None` once the code is used, expired or out of tries; the entry stays so that the
    /// cool-down still counts from the last send.
    tag: Option<Vec<u8>>,
    issued: Instant,
    tries_left: u32,
}

/// The codes this gateway has sent and not yet seen used.
pub struct Codes {
    key: Hmac<Sha256>,
    lifetime: Duration,
    max_tries: u32,
    cool_down: Duration,
    pending: Mutex<HashMap<String, Pending>>,
}

impl Codes {
    /// Codes kept as HMACs under `key`, valid for `lifetime`, void after `max_tries` wrong tries,
    /// replaceable after `cool_down`.
    ///
    /// # Errors
    /// Only for an empty secret, which configuration checking already refuses.
    pub fn new(
        key: &crate::keys::Key,
        lifetime: Duration,
        max_tries: u32,
        cool_down: Duration,
    ) -> Result<Self, hmac::digest::InvalidLength> {
        Ok(Self {
            key: <Hmac<Sha256> as Mac>::new_from_slice(key)?,
            lifetime,
            max_tries,
            cool_down,
            pending: Mutex::new(HashMap::new()),
        })
    }

    fn mac(&self, document: &str, code: &str) -> Hmac<Sha256> {
        let mut mac = self.key.clone();
        mac.update(document.as_bytes());
        mac.update(b":");
        mac.update(code.as_bytes());
        mac
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Pending>> {
        self.pending
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// A fresh code for `document`, replacing any earlier one.
    ///
    /// # Errors
    /// [`IssueError::TooSoon`] with the seconds left of the cool-down, or
    /// [`IssueError::NoRandomness`].
    pub fn issue(&self, document: &str, now: Instant) -> Result<String, IssueError> {
        let mut pending = self.lock();
        if let Some(p) = pending.get(document) {
            let since = now.saturating_duration_since(p.issued);
            if since < self.cool_down {
                let left = self.cool_down - since;
                return Err(IssueError::TooSoon(left.as_secs().max(1)));
            }
        }
        let code = random_code().map_err(|_| IssueError::NoRandomness)?;
        if pending.len() > 100_000 {
            let lifetime = self.lifetime;
            pending.retain(|_, p| now.saturating_duration_since(p.issued) < lifetime);
        }
        pending.insert(
            document.to_string(),
            Pending {
                tag: Some(self.mac(document, &code).finalize().into_bytes().to_vec()),
                issued: now,
                tries_left: self.max_tries,
            },
        );
        Ok(code)
    }

    /// Forgets `document`'s code, so that a failed delivery can be retried at once.
    pub fn revoke(&self, document: &str) {
        self.lock().remove(document);
    }

    /// Whether `typed` is `document`'s code at `now`. A right code is used up; a wrong one
    /// spends a try, and the last try voids the code.
    pub fn verify(&self, document: &str, typed: &str, now: Instant) -> bool {
        let mut pending = self.lock();
        let Some(p) = pending.get_mut(document) else {
            return false;
        };
        let Some(tag) = &p.tag else {
            return false;
        };
        if now.saturating_duration_since(p.issued) >= self.lifetime {
            p.tag = None;
            return false;
        }
        let right = self.mac(document, typed).verify_slice(tag).is_ok();
        p.tries_left = p.tries_left.saturating_sub(1);
        if right || p.tries_left == 0 {
            p.tag = None;
        }
        right
    }
}

/// Why no code was issued.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IssueError {
    /// The last code is too recent; seconds to wait.
    TooSoon(u64),
    /// The operating system gave no randomness.
    NoRandomness,
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

    fn codes() -> Codes {
        Codes::new(
            &[7; 32],
            Duration::from_secs(300),
            3,
            Duration::from_secs(60),
        )
        .unwrap()
    }

    #[test]
    fn a_code_has_six_digits_and_works_once() {
        let codes = codes();
        let t0 = Instant::now();
        let code = codes.issue("52998224725", t0).unwrap();
        assert_eq!(code.len(), 6);
        assert!(code.chars().all(|c| c.is_ascii_digit()));
        assert!(!codes.verify("11144477735", &code, t0), "another document");
        assert!(codes.verify("52998224725", &code, t0));
        assert!(!codes.verify("52998224725", &code, t0), "used up");
    }

    #[test]
    fn expiry_tries_and_cool_down() {
        let codes = codes();
        let t0 = Instant::now();
        let code = codes.issue("d", t0).unwrap();
        assert!(!codes.verify("d", &code, t0 + Duration::from_secs(300)));

        let t1 = t0 + Duration::from_secs(400);
        let code = codes.issue("d", t1).unwrap();
        let wrong = if code == "000000" { "111111" } else { "000000" };
        assert!(!codes.verify("d", wrong, t1));
        assert!(!codes.verify("d", wrong, t1));
        assert!(!codes.verify("d", wrong, t1), "third wrong try voids it");
        assert!(!codes.verify("d", &code, t1));

        assert_eq!(
            codes.issue("d", t1 + Duration::from_secs(20)),
            Err(IssueError::TooSoon(40))
        );
        let newer = codes.issue("d", t1 + Duration::from_secs(60)).unwrap();
        assert!(codes.verify("d", &newer, t1 + Duration::from_secs(61)));
    }

    #[test]
    fn a_new_code_replaces_the_old_and_revoking_lifts_the_cool_down() {
        let codes = codes();
        let t0 = Instant::now();
        let first = codes.issue("d", t0).unwrap();
        let second = codes.issue("d", t0 + Duration::from_secs(61)).unwrap();
        if first != second {
            assert!(!codes.verify("d", &first, t0 + Duration::from_secs(62)));
        }
        codes.revoke("d");
        assert!(codes.issue("d", t0 + Duration::from_secs(62)).is_ok());
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
