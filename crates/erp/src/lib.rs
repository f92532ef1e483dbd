//! The ERP contract (`erp-contract.md`): request and response types for its 25 endpoints,
//! read tolerantly, the route table, and the HTTP client that calls them.

pub mod check;
pub mod client;
pub mod endpoint;
pub mod lenient;
pub mod link;
mod transport;
pub mod types;

pub use client::{ErpClient, ErpConfig, ErpError};
pub use endpoint::{Endpoint, Method, Route};
pub use lenient::{FieldState, Fields, IdList, Parsed};
