//! Sliding-window counters of failed sign-ins per document and per client address. They
//! live in the gateway's memory: behind a balancer each gateway counts its own share.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Failures per key within a window.
pub struct Limiter {
    max: u32,
    window: Duration,
    failures: Mutex<HashMap<String, VecDeque<Instant>>>,
}

impl Limiter {
    /// At most `max` failures per key in any `window`.
    pub fn new(max: u32, window: Duration) -> Self {
        Self {
            max,
            window,
            failures: Mutex::new(HashMap::new()),
        }
    }

    /// `Err(seconds to wait)` when `key` has used up its failures at `now`.
    pub fn check(&self, key: &str, now: Instant) -> Result<(), u64> {
        let mut map = self
            .failures
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let Some(times) = map.get_mut(key) else {
            return Ok(());
        };
        while times
            .front()
            .is_some_and(|t| now.duration_since(*t) >= self.window)
        {
            times.pop_front();
        }
        if times.len() < self.max as usize {
            return Ok(());
        }
        let oldest = times.front().copied().unwrap_or(now);
        let wait = self.window.saturating_sub(now.duration_since(oldest));
        Err(wait.as_secs().max(1))
    }

    /// Counts a failure of `key` at `now`.
    pub fn fail(&self, key: &str, now: Instant) {
        let mut map = self
            .failures
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        // Bound memory under a flood of distinct keys: forget keys whose failures are old.
        if map.len() > 100_000 {
            map.retain(|_, t| {
                t.back()
                    .is_some_and(|last| now.duration_since(*last) < self.window)
            });
        }
        map.entry(key.to_string()).or_default().push_back(now);
    }

    /// Forgets `key`'s failures (after a successful sign-in).
    pub fn clear(&self, key: &str) {
        let mut map = self
            .failures
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        map.remove(key);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locks_after_max_failures_and_tells_how_long() {
        let limiter = Limiter::new(3, Duration::from_secs(60));
        let t0 = Instant::now();
        for i in 0..3 {
            assert!(limiter.check("a", t0 + Duration::from_secs(i)).is_ok());
            limiter.fail("a", t0 + Duration::from_secs(i));
        }
        assert_eq!(limiter.check("a", t0 + Duration::from_secs(10)), Err(50));
        assert!(
            limiter.check("b", t0).is_ok(),
            "other keys are not affected"
        );
        assert!(
            limiter.check("a", t0 + Duration::from_secs(61)).is_ok(),
            "the window slides"
        );
        limiter.clear("a");
        assert!(limiter.check("a", t0 + Duration::from_secs(10)).is_ok());
    }
}
