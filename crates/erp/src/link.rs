//! The health of the link to the ERP, per endpoint: a circuit breaker that, after a run of
//! failures (no connection, timeouts, 5xx), answers at once instead of waiting out every
//! timeout while the ERP is down, lets one trial through after a pause, and remembers since
//! when each endpoint fails; and the observer that hears every call, for metrics.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant, SystemTime};

use crate::endpoint::Endpoint;

/// How one call ended, as metrics count it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// An answer below 500 (a 404 or 422 is the ERP working).
    Ok,
    Timeout,
    /// No connection.
    Unreachable,
    /// 5xx.
    HttpError,
    /// The ERP refused the token.
    TokenRejected,
    /// Not tried: the breaker is open.
    BreakerOpen,
    /// An answer that could not be read (counted besides its `Ok`).
    Malformed,
}

impl Outcome {
    /// The label value.
    pub fn label(self) -> &'static str {
        match self {
            Self::Ok => "ok",
            Self::Timeout => "timeout",
            Self::Unreachable => "unreachable",
            Self::HttpError => "http_error",
            Self::TokenRejected => "token_rejected",
            Self::BreakerOpen => "breaker_open",
            Self::Malformed => "malformed",
        }
    }
}

/// Hears every ERP call.
pub trait Observer: Send + Sync + std::fmt::Debug {
    fn erp_call(&self, endpoint: Endpoint, outcome: Outcome, took: Duration);
}

/// When the breaker opens and for how long.
#[derive(Debug, Clone, Copy)]
pub struct BreakerConfig {
    /// Failures in a row that open it.
    pub failures: u32,
    /// How long it stays open before one trial call.
    pub open_for: Duration,
}

impl Default for BreakerConfig {
    fn default() -> Self {
        Self {
            failures: 5,
            open_for: Duration::from_secs(10),
        }
    }
}

#[derive(Debug, Default)]
struct State {
    in_a_row: u32,
    failing_since: Option<SystemTime>,
    open_until: Option<Instant>,
    last_error: String,
}

/// An endpoint that is failing, for `/readyz`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failing {
    pub endpoint: Endpoint,
    pub since: SystemTime,
    /// The breaker answers for it now, without calling.
    pub open: bool,
    pub last_error: String,
}

/// The breakers of every endpoint.
#[derive(Debug)]
pub struct Link {
    config: BreakerConfig,
    states: Mutex<HashMap<Endpoint, State>>,
}

impl Link {
    pub fn new(config: BreakerConfig) -> Self {
        Self {
            config,
            states: Mutex::new(HashMap::new()),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<Endpoint, State>> {
        self.states
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Whether a call to `endpoint` may go out at `now`. Past the pause, one call goes
    /// through as the trial and the breaker stays open for the others until it answers.
    pub fn admit(&self, endpoint: Endpoint, now: Instant) -> bool {
        let mut states = self.lock();
        let Some(state) = states.get_mut(&endpoint) else {
            return true;
        };
        match state.open_until {
            Some(until) if now < until => false,
            Some(_) => {
                state.open_until = Some(now + self.config.open_for);
                true
            }
            None => true,
        }
    }

    /// The ERP answered `endpoint`.
    pub fn succeeded(&self, endpoint: Endpoint) {
        self.lock().remove(&endpoint);
    }

    /// `endpoint` failed in a way that says the ERP is down or broken.
    pub fn failed(&self, endpoint: Endpoint, error: &str, now: Instant) {
        let mut states = self.lock();
        let state = states.entry(endpoint).or_default();
        state.in_a_row += 1;
        state.failing_since.get_or_insert_with(SystemTime::now);
        state.last_error = error.to_string();
        if state.in_a_row >= self.config.failures {
            if state.open_until.is_none() {
                tracing::warn!(
                    endpoint = endpoint.key(),
                    open_s = self.config.open_for.as_secs(),
                    "ERP endpoint failing: answering at once for a while"
                );
            }
            state.open_until = Some(now + self.config.open_for);
        }
    }

    /// Whether any breaker is open.
    pub fn any_open(&self) -> bool {
        self.lock().values().any(|s| s.open_until.is_some())
    }

    /// The ERP answered a probe: every open breaker lets its next call through as a trial.
    pub fn probe_succeeded(&self, now: Instant) {
        for state in self.lock().values_mut() {
            if state.open_until.is_some() {
                state.open_until = Some(now);
            }
        }
    }

    /// The endpoints failing now, the longest first.
    pub fn failing(&self, now: Instant) -> Vec<Failing> {
        let mut out: Vec<Failing> = self
            .lock()
            .iter()
            .filter_map(|(endpoint, s)| {
                Some(Failing {
                    endpoint: *endpoint,
                    since: s.failing_since?,
                    open: s.open_until.is_some_and(|u| now < u),
                    last_error: s.last_error.clone(),
                })
            })
            .collect();
        out.sort_by_key(|f| f.since);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opens_after_a_run_of_failures_then_lets_one_trial_through() {
        let link = Link::new(BreakerConfig {
            failures: 3,
            open_for: Duration::from_secs(10),
        });
        let t0 = Instant::now();
        let e = Endpoint::OpenInvoices;
        for i in 0..3 {
            assert!(link.admit(e, t0));
            link.failed(e, "HTTP 500", t0 + Duration::from_millis(i));
        }
        assert!(!link.admit(e, t0 + Duration::from_secs(1)), "open");
        assert!(
            link.admit(Endpoint::Contracts, t0),
            "other endpoints unaffected"
        );
        assert_eq!(link.failing(t0)[0].endpoint, e);
        assert!(link.failing(t0)[0].open);
        let later = t0 + Duration::from_secs(11);
        assert!(link.admit(e, later), "the trial");
        assert!(!link.admit(e, later), "only one");
        link.succeeded(e);
        assert!(
            link.admit(e, later) && link.failing(later).is_empty(),
            "closed"
        );
    }

    #[test]
    fn a_good_probe_turns_open_breakers_into_trials() {
        let link = Link::new(BreakerConfig {
            failures: 1,
            open_for: Duration::from_secs(60),
        });
        let t0 = Instant::now();
        link.failed(Endpoint::Customer, "timeout", t0);
        assert!(link.any_open() && !link.admit(Endpoint::Customer, t0));
        link.probe_succeeded(t0);
        assert!(link.admit(Endpoint::Customer, t0));
    }
}
