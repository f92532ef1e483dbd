//! What an operator watches, in the Prometheus text format: requests by route template and
//! status with their latency, ERP calls by endpoint and outcome, sign-ins by factor and
//! outcome, codes by channel and delivery, refused uploads by reason, and which ERP
//! endpoints are failing. Labels are fixed vocabularies and route templates only: never a
//! document, id, name or address. Each gateway has its own registry, so nothing is global.

use std::time::Duration;

use api::attachment::AttachmentError;
use erp::Endpoint;
use erp::link::{Observer, Outcome};
use prometheus::{
    Encoder, HistogramOpts, HistogramVec, IntCounter, IntCounterVec, IntGaugeVec, Opts, Registry,
    TextEncoder,
};

/// How a sign-in ended.
#[derive(Debug, Clone, Copy)]
pub enum SignInOutcome {
    Ok,
    Refused,
    Locked,
    Inactive,
}

/// What became of a code.
#[derive(Debug, Clone, Copy)]
pub enum CodeOutcome {
    Sent,
    Failed,
    /// A made-up destination: nothing sent, on purpose.
    MadeUp,
}

/// The gateway's metrics.
#[derive(Debug)]
pub struct Metrics {
    registry: Registry,
    requests: IntCounterVec,
    latency: HistogramVec,
    erp_calls: IntCounterVec,
    erp_latency: HistogramVec,
    sign_ins: IntCounterVec,
    codes: IntCounterVec,
    uploads_refused: IntCounterVec,
    sessions_started: IntCounter,
    erp_failing: IntGaugeVec,
}

/// Seconds buckets from 5 ms to 30 s.
const BUCKETS: &[f64] = &[
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0,
];

impl Metrics {
    /// A registry with every metric at zero.
    ///
    /// # Errors
    /// Only if two metrics were given one name, which the tests rule out.
    pub fn new() -> Result<Self, prometheus::Error> {
        let registry = Registry::new();
        let counter =
            |name: &str, help: &str, labels: &[&str]| -> Result<IntCounterVec, prometheus::Error> {
                let c = IntCounterVec::new(Opts::new(name, help), labels)?;
                registry.register(Box::new(c.clone()))?;
                Ok(c)
            };
        let histogram =
            |name: &str, help: &str, labels: &[&str]| -> Result<HistogramVec, prometheus::Error> {
                let h = HistogramVec::new(
                    HistogramOpts::new(name, help).buckets(BUCKETS.to_vec()),
                    labels,
                )?;
                registry.register(Box::new(h.clone()))?;
                Ok(h)
            };
        let requests = counter(
            "central_http_requests_total",
            "Requests answered, by route template, method and status.",
            &["route", "method", "status"],
        )?;
        let latency = histogram(
            "central_http_request_duration_seconds",
            "Time to answer, by route template and method.",
            &["route", "method"],
        )?;
        let erp_calls = counter(
            "central_erp_calls_total",
            "ERP calls by endpoint (contract number and key) and outcome; malformed answers are counted besides their ok.",
            &["endpoint", "name", "outcome"],
        )?;
        let erp_latency = histogram(
            "central_erp_call_duration_seconds",
            "ERP call time, retries included, by endpoint.",
            &["endpoint", "name"],
        )?;
        let sign_ins = counter(
            "central_sign_ins_total",
            "Sign-ins by factor and outcome.",
            &["factor", "outcome"],
        )?;
        let codes = counter(
            "central_codes_total",
            "Sign-in codes by channel and what became of them.",
            &["channel", "outcome"],
        )?;
        let uploads_refused = counter(
            "central_uploads_refused_total",
            "Attachments refused, by reason.",
            &["reason"],
        )?;
        let sessions_started = IntCounter::new(
            "central_sessions_started_total",
            "Sessions opened by a sign-in.",
        )?;
        registry.register(Box::new(sessions_started.clone()))?;
        let erp_failing = IntGaugeVec::new(
            Opts::new(
                "central_erp_endpoint_failing",
                "1 while an ERP endpoint fails, 2 while its breaker answers without calling.",
            ),
            &["endpoint", "name"],
        )?;
        registry.register(Box::new(erp_failing.clone()))?;
        Ok(Self {
            registry,
            requests,
            latency,
            erp_calls,
            erp_latency,
            sign_ins,
            codes,
            uploads_refused,
            sessions_started,
            erp_failing,
        })
    }

    /// One answered request; `route` is the matched template, never the concrete path.
    pub fn request(&self, route: &str, method: &str, status: u16, took: Duration) {
        self.requests
            .with_label_values(&[route, method, &status.to_string()])
            .inc();
        self.latency
            .with_label_values(&[route, method])
            .observe(took.as_secs_f64());
    }

    pub fn sign_in(&self, factor: api::Factor, outcome: SignInOutcome) {
        if matches!(outcome, SignInOutcome::Ok) {
            self.sessions_started.inc();
        }
        let outcome = match outcome {
            SignInOutcome::Ok => "ok",
            SignInOutcome::Refused => "refused",
            SignInOutcome::Locked => "locked",
            SignInOutcome::Inactive => "inactive",
        };
        self.sign_ins
            .with_label_values(&[factor.key(), outcome])
            .inc();
    }

    pub fn code(&self, channel: api::Channel, outcome: CodeOutcome) {
        let outcome = match outcome {
            CodeOutcome::Sent => "sent",
            CodeOutcome::Failed => "failed",
            CodeOutcome::MadeUp => "made_up",
        };
        self.codes
            .with_label_values(&[channel.key(), outcome])
            .inc();
    }

    pub fn upload_refused(&self, error: &AttachmentError) {
        let reason = match error {
            AttachmentError::TooMany { .. } => "too_many",
            AttachmentError::TooLarge { .. } => "too_large",
            AttachmentError::TotalTooLarge { .. } => "total_too_large",
            AttachmentError::WrongType { .. } => "wrong_type",
            AttachmentError::Corrupt { .. } => "corrupt",
            AttachmentError::BadName { .. } => "bad_name",
            AttachmentError::Unsafe { .. } => "unsafe",
        };
        self.uploads_refused.with_label_values(&[reason]).inc();
    }

    /// The text Prometheus reads, with the ERP endpoints failing as `link` sees them now.
    /// The names of every metric family, whether it has samples yet or not.
    pub fn names(&self) -> Vec<String> {
        let mut names = Vec::new();
        for c in [
            &self.requests as &dyn prometheus::core::Collector,
            &self.latency,
            &self.erp_calls,
            &self.erp_latency,
            &self.sign_ins,
            &self.codes,
            &self.uploads_refused,
            &self.sessions_started,
            &self.erp_failing,
        ] {
            names.extend(c.desc().iter().map(|d| d.fq_name.clone()));
        }
        names
    }

    pub fn render(&self, link: &erp::link::Link) -> String {
        self.erp_failing.reset();
        for f in link.failing(std::time::Instant::now()) {
            self.erp_failing
                .with_label_values(&[&f.endpoint.number().to_string(), f.endpoint.key()])
                .set(if f.open { 2 } else { 1 });
        }
        let mut out = Vec::new();
        if let Err(e) = TextEncoder::new().encode(&self.registry.gather(), &mut out) {
            tracing::warn!(error = %e, "metrics not encoded");
        }
        String::from_utf8(out).unwrap_or_default()
    }
}

impl Observer for Metrics {
    fn erp_call(&self, endpoint: Endpoint, outcome: Outcome, took: Duration) {
        let number = endpoint.number().to_string();
        self.erp_calls
            .with_label_values(&[&number, endpoint.key(), outcome.label()])
            .inc();
        if !matches!(outcome, Outcome::Malformed | Outcome::BreakerOpen) {
            self.erp_latency
                .with_label_values(&[&number, endpoint.key()])
                .observe(took.as_secs_f64());
        }
    }
}
