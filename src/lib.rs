//! Central do assinante, the subscriber portal rendered in the browser.

mod app;
mod browser;
mod client;
mod components;
mod pages;
mod state;

pub use app::App;
