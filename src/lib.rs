//! Central do assinante, the subscriber portal rendered in the browser.

mod app;
mod browser;
mod client;
mod components;
mod embed;
mod offline;
mod pages;
mod pwa;
mod state;

pub use app::App;
