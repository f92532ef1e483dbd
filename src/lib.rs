//! Central do assinante, the subscriber portal rendered in the browser.

mod app;
mod browser;
mod client;
mod components;
mod drafts;
mod embed;
mod erased;
mod format;
mod js_value;
mod json;
mod model;
mod offline;
mod pages;
mod passkey;
mod pwa;
mod router;
mod shell;
mod state;
mod storage;
mod warmup;

pub use app::App;
pub use shell::take_over as take_over_placeholder;
