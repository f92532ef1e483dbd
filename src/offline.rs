//! What the portal keeps on the device for a signed-in subscriber with no connection: the
//! customer summary, the public configuration and the last open invoices, with when they
//! were fetched.

use api::{Invoice, PublicConfig, Session};
use serde::{Deserialize, Serialize};

use crate::storage::{self, CONFIG, SNAPSHOT};

/// The last state seen online.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    pub session: Session,
    pub invoices: Vec<Invoice>,
    /// Milliseconds since the epoch when `invoices` came from the gateway. Whole, so the
    /// bundle writes it without float formatting; read from a float too, as copies kept by
    /// earlier versions hold one.
    #[serde(deserialize_with = "whole_ms")]
    pub saved_at_ms: u64,
}

fn whole_ms<'de, D: serde::Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
    f64::deserialize(d).map(|ms| ms.max(0.0) as u64)
}

fn now_ms() -> u64 {
    js_sys::Date::now() as u64
}

/// The stored snapshot, if any.
pub fn load() -> Option<Snapshot> {
    storage::load(SNAPSHOT)
}

fn save(snapshot: &Snapshot) {
    // A full storage only costs the offline copy; the portal keeps working online.
    let _ = storage::store(SNAPSHOT, snapshot);
}

/// Keeps the session (never its CSRF token) and, when it came with them, the invoices.
pub fn save_session(session: &Session) {
    let previous =
        load().filter(|s| s.session.customer.document_masked == session.customer.document_masked);
    let mut kept = session.clone();
    kept.csrf_token.clear();
    let invoices = kept.invoices.take();
    let (invoices, saved_at_ms) = match (invoices, previous) {
        (Some(list), _) => (list, now_ms()),
        (None, Some(p)) => (p.invoices, p.saved_at_ms),
        (None, None) => (Vec::new(), 0),
    };
    save(&Snapshot {
        session: kept,
        invoices,
        saved_at_ms,
    });
}

/// Keeps the full list of open invoices just fetched.
pub fn save_invoices(list: &[Invoice]) {
    if let Some(mut snapshot) = load() {
        snapshot.invoices = list.to_vec();
        snapshot.saved_at_ms = now_ms();
        save(&snapshot);
    }
}

/// Keeps the public configuration, so the portal has its name and colours offline.
pub fn save_config(config: &PublicConfig) {
    let _ = storage::store(CONFIG, config);
}

/// The configuration kept by [`save_config`].
pub fn load_config() -> Option<PublicConfig> {
    storage::load(CONFIG)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SESSION: &str = r#"{"customer":{"name":"Maria","document_masked":"***.982.247-**","company":false,"contracts":[]},"csrf_token":""}"#;

    #[test]
    fn the_time_kept_is_whole_and_a_copy_from_an_earlier_version_still_reads() {
        let earlier =
            format!(r#"{{"session":{SESSION},"invoices":[],"saved_at_ms":1764650000123.0}}"#);
        let snapshot: Snapshot = serde_json::from_str(&earlier).expect("an earlier copy");
        assert_eq!(snapshot.saved_at_ms, 1_764_650_000_123);
        let written = serde_json::to_string(&snapshot).expect("written");
        assert!(
            written.ends_with(r#""saved_at_ms":1764650000123}"#),
            "{written}"
        );
        let again: Snapshot = serde_json::from_str(&written).expect("read back");
        assert_eq!(again, snapshot);
    }
}
