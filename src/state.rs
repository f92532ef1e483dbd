//! App-wide state, provided once in `App`: the public configuration, the session, and the
//! notice shown on the sign-in page when a session ends; and what the profile's cards share.

use api::{Invoice, PublicConfig, Session};
use leptos::prelude::*;

use crate::client;

/// The signed-in subscriber and the portal's configuration.
#[derive(Clone, Copy)]
pub struct Auth {
    pub config: RwSignal<Option<PublicConfig>>,
    pub session: RwSignal<Option<Session>>,
    /// Whether the cookie was checked at start-up.
    pub restored: RwSignal<bool>,
    pub notice: RwSignal<Option<String>>,
    /// The open invoices that came with the session, used once by the first list shown.
    pub invoices: StoredValue<Option<Vec<Invoice>>>,
    /// The browser reports no connection.
    pub offline: RwSignal<bool>,
    /// When the invoices shown were fetched, while they come from the device's copy.
    pub stale_since: RwSignal<Option<f64>>,
    /// A new version of the portal waits for the subscriber's go-ahead.
    pub update_ready: RwSignal<bool>,
}

impl Auth {
    /// Nobody signed in yet, the cookie not yet checked, with `config` as the portal's
    /// configuration.
    pub fn new(config: RwSignal<Option<PublicConfig>>) -> Self {
        Self {
            config,
            session: RwSignal::new(None),
            restored: RwSignal::new(false),
            notice: RwSignal::new(None),
            invoices: StoredValue::new(None),
            offline: RwSignal::new(false),
            stale_since: RwSignal::new(None),
            update_ready: RwSignal::new(false),
        }
    }

    /// Stores a new session and its CSRF token.
    pub fn signed_in(&self, mut session: Session) {
        client::set_csrf(&session.csrf_token);
        crate::offline::save_session(&session);
        self.stale_since.set(None);
        self.invoices.set_value(session.invoices.take());
        self.notice.set(None);
        self.session.set(Some(session));
    }

    /// The invoices that came with the session, once; later lists are fetched fresh.
    pub fn take_invoices(&self) -> Option<Vec<Invoice>> {
        self.invoices.try_update_value(Option::take).flatten()
    }

    /// The parts of the portal the ISP left on (all of them until the configuration loads).
    pub fn features(&self) -> api::Features {
        self.config
            .with(|c| c.as_ref().map(|c| c.features))
            .unwrap_or_default()
    }

    /// The session ended (it expired, or was ended elsewhere): what the device kept of the
    /// account goes, drafts stay for the next sign-in.
    pub fn signed_out(&self, notice: Option<String>) {
        client::set_csrf("");
        self.invoices.set_value(None);
        self.stale_since.set(None);
        crate::storage::forget_all();
        self.notice.set(notice);
        self.session.set(None);
    }

    /// The subscriber signed out here: drafts go too.
    pub async fn sign_out_here(&self) {
        crate::drafts::forget_all().await;
        self.signed_out(Some("Você saiu da sua conta.".into()));
    }
}

/// The state provided by `App`.
pub fn use_auth() -> Auth {
    expect_context::<Auth>()
}

/// Counts changes to the customer's contacts, passkeys and proofs, provided by the profile
/// page: every card that shows them reads them again when it moves.
#[derive(Clone, Copy)]
pub struct ProofsChanged(pub RwSignal<u32>);

impl ProofsChanged {
    /// The profile page's counter, or a fresh one where none is provided.
    pub fn find() -> Self {
        use_context::<Self>().unwrap_or_else(|| Self(RwSignal::new(0)))
    }

    /// Says something changed.
    pub fn bump(self) {
        self.0.update(|n| *n += 1);
    }
}
