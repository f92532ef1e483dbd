//! The ERP contract (`erp-contract.md`): request and response types for its endpoints, read
//! tolerantly, and the HTTP client that calls them. The types and the client are built on
//! top of this crate's foundation: the route table below.

/// The endpoints of the contract in the order the contract numbers them, with the HTTP
/// method and the default path an ISP's ERP serves them under.
pub const ENDPOINT_COUNT: usize = 25;
