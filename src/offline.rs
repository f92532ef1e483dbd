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
    /// Milliseconds since the epoch when `invoices` came from the gateway.
    pub saved_at_ms: f64,
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
        (Some(list), _) => (list, js_sys::Date::now()),
        (None, Some(p)) => (p.invoices, p.saved_at_ms),
        (None, None) => (Vec::new(), 0.0),
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
        snapshot.saved_at_ms = js_sys::Date::now();
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
