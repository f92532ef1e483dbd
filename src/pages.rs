//! One routed page per file.

pub mod contracts;
pub mod documents;
pub mod home;
pub mod invoice_detail;
pub mod invoices;
pub mod login;
pub mod not_found;
pub mod profile;
pub mod signup;
pub mod statement;
pub mod ticket;
pub mod unlock;
