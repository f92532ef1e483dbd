//! Central do assinante, the subscriber portal rendered in the browser.

mod app;
mod components;

pub use app::App;
