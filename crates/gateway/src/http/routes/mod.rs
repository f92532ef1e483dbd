//! One module per resource; each declares its routes once, with their OpenAPI description.

pub mod accesses;
pub mod contacts;
pub mod documents;
pub mod health;
pub mod invoices;
pub mod passkeys;
pub mod privacy;
pub mod profile;
pub mod pwa;
pub mod services;
pub mod sign_in;
pub mod signup;
pub mod tickets;
