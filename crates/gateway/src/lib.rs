//! Central's gateway: serves the built SPA, holds the ERP token, signs subscribers in and
//! scopes every `/api/v1` call to the signed-in customer.
//!
//! Context modules (`state`, `config`, `cli`, `error`, `session`, `limits`, `net`, `codes`,
//! `delivery`, `senders`, `uploads`) know nothing of routes; `http` holds the router, its layers and
//! one module per resource.

pub mod cli;
pub mod codes;
pub mod config;
pub mod delivery;
pub mod error;
pub mod http;
pub mod keys;
pub mod limits;
pub mod metrics;
pub mod net;
pub mod passkeys;
pub mod senders;
pub mod session;
pub mod state;
pub mod uploads;

pub use cli::Args;
pub use config::Config;
pub use http::router;
pub use state::{AppState, Shared};

/// While an ERP endpoint's breaker is open, asks the ERP every pause whether it is back, so
/// that the portal recovers by itself, and `/readyz` with it, even with nobody using it.
pub async fn probe_erp(state: Shared) {
    let pause = state.erp.config().breaker.open_for;
    loop {
        tokio::time::sleep(pause).await;
        if state.erp.link().any_open() && state.erp.probe().await {
            tracing::info!("the ERP answers again");
        }
    }
}
