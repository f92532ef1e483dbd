//! Every key the portal keeps on the device, in one place, and JSON in and out of local
//! storage. An ended session erases everything there under [`PREFIX`]; drafts live in
//! IndexedDB (`drafts`) and only an explicit sign-out or a send erases them.

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::browser;

/// Every key the portal writes starts with this.
pub const PREFIX: &str = "central.";
/// The last state seen online (session summary and invoices). `index.html` reads it too:
/// a device that keeps one opens on the placeholder, not on its sign-in field.
pub const SNAPSHOT: &str = "central.offline";
/// The public configuration, for the name and colours offline.
pub const CONFIG: &str = "central.config";
/// The embedding host and theme, in the tab's session storage.
pub const EMBED: &str = "central.embutido";
/// The sign-up form while it is filled in (a draft in IndexedDB, see `drafts`).
pub const SIGNUP_DRAFT: &str = "central.cadastro";
/// The ERP's lists a ticket is opened with.
pub const TICKET_OPTIONS: &str = "central.opcoes.chamado";

/// The ticket draft of one customer (by masked document; a draft in IndexedDB).
pub fn ticket_draft(customer: &str) -> String {
    format!("central.rascunho.chamado.{customer}")
}

/// A value kept as JSON, if present and readable.
pub fn load<T: DeserializeOwned>(key: &str) -> Option<T> {
    crate::json::decode(&browser::load(key)?)
}

/// Keeps a value as JSON.
///
/// # Errors
/// When storage is unavailable or full.
pub fn store<T: Serialize>(key: &str, value: &T) -> Result<(), ()> {
    let text = encode(value).ok_or(())?;
    browser::store(key, &text)
}

/// A value as the JSON [`store`] keeps. Never inlined, so that writing a type here once
/// compiles the very code that later keeps it.
#[inline(never)]
pub fn encode<T: Serialize>(value: &T) -> Option<String> {
    crate::json::encode(value)
}

/// Erases everything the portal kept on this device.
pub fn forget_all() {
    browser::forget_prefixed(PREFIX);
}
