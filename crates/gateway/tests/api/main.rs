//! The gateway in-process against a live demo ERP on a loopback port, one module per
//! resource, sharing the set-up in `support`.

mod accesses;
mod code_sign_in;
#[path = "../common/mod.rs"]
mod common;
mod contacts;
mod documents;
mod invoices;
mod logs;
mod operations;
mod passkeys;
mod privacy;
mod profile;
mod services;
mod shell;
mod sign_in;
mod signup;
mod strict_erp;
mod support;
mod tickets;
