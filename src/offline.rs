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
    save(&snapshot_of(session, previous));
}

/// What [`save_session`] keeps: the invoices that came with the session, or else the ones
/// kept before for the same customer.
fn snapshot_of(session: &Session, previous: Option<Snapshot>) -> Snapshot {
    let mut kept = session.clone();
    kept.csrf_token.clear();
    let invoices = kept.invoices.take();
    let (invoices, saved_at_ms) = match (invoices, previous) {
        (Some(list), _) => (list, now_ms()),
        (None, Some(p)) => (p.invoices, p.saved_at_ms),
        (None, None) => (Vec::new(), 0),
    };
    Snapshot {
        session: kept,
        invoices,
        saved_at_ms,
    }
}

/// Writes the copy [`save_session`] would keep of `session`, and keeps nothing: the home's
/// rehearsal runs this so that writing the real copy after sign-in finds its code compiled.
pub fn rehearse(session: &Session) -> usize {
    storage::encode(&snapshot_of(session, None)).map_or(0, |text| text.len())
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

    #[test]
    fn a_session_without_invoices_keeps_the_earlier_ones_and_never_its_token() {
        let mut session: Session = serde_json::from_str(SESSION).expect("a session");
        session.csrf_token = "segredo-do-formulario".into();
        let earlier = format!(
            r#"{{"session":{SESSION},"invoices":[{{"id":"7","contract_ids":[],"description":null,"due_on":"2026-12-10","overdue":false,"original_cents":9990,"current_cents":null,"interest_cents":null,"fine_cents":null,"discount_cents":null,"linha_digitavel":null,"pix_code":null,"has_pdf":false,"unreadable":[]}}],"saved_at_ms":5}}"#
        );
        let earlier: Snapshot = serde_json::from_str(&earlier).expect("an earlier copy");
        let kept = snapshot_of(&session, Some(earlier));
        assert_eq!((kept.invoices.len(), kept.saved_at_ms), (1, 5));
        assert!(kept.session.csrf_token.is_empty());
        let fresh = snapshot_of(&session, None);
        assert_eq!((fresh.invoices.len(), fresh.saved_at_ms), (0, 0));
        // What is written is this copy: the browser's side (that the kept text holds no
        // token) is checked by the offline journey in the browser.
        assert!(fresh.session.csrf_token.is_empty());
        assert!(
            !serde_json::to_string(&fresh)
                .expect("encodes")
                .contains("segredo")
        );
    }
}
