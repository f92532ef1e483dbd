//! The 25 endpoints, grouped as the contract groups them.

pub(crate) mod account;
pub(crate) mod catalogue;
pub(crate) mod customer;
pub(crate) mod prospects;
