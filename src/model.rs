//! The pages' state and rules, apart from their views: pure Rust, tested on the host with
//! plain `cargo test`.

pub mod account;
pub mod login;
pub mod nav;
pub mod order;
pub mod signup;
pub mod statement;
pub mod ticket;
