//! A reference ERP that implements Central's ERP contract over SQLite: the demo behind
//! `make run`, the fixture of every test, and an example for ERP vendors. It answers at the
//! ERP client's default routes and requires the configured token.
//!
//! `router` dispatches each endpoint to its group in `endpoints` (as the contract groups
//! them); `wire` reads requests and writes answers; `faults` and `demo` are the demo's own.

mod demo;
mod documents;
mod endpoints;
mod faults;
pub mod profile;
mod router;
pub mod seed;
pub mod store;
mod wire;

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use brazil::Date;
use rusqlite::Connection;

pub use faults::{Seen, Switches};
pub use router::app;

use crate::store::Body;

/// Largest attachment the demo ERP stores (decoded).
pub const MAX_FILE_BYTES: usize = 10 * 1024 * 1024;

/// How the demo ERP runs.
#[derive(Debug, Clone)]
pub struct Options {
    pub database: PathBuf,
    pub token: String,
    pub seed: u64,
    /// The day the seed is built around (today unless a test fixes it).
    pub today: Date,
}

/// The running demo ERP: its database, token and switches.
pub struct DemoErp {
    db: Mutex<Connection>,
    token: String,
    today: Date,
    pub switches: Switches,
    pub seen: Seen,
}

pub type Shared = Arc<DemoErp>;

impl DemoErp {
    /// Opens the database, seeding it on first start.
    ///
    /// # Errors
    /// SQLite errors.
    pub fn open(options: &Options) -> rusqlite::Result<Shared> {
        let mut conn = store::open(&options.database)?;
        if !store::is_seeded(&conn)? {
            seed::seed(&mut conn, options.seed, options.today)?;
        }
        Ok(Arc::new(Self {
            db: Mutex::new(conn),
            token: options.token.clone(),
            today: options.today,
            switches: Switches::default(),
            seen: Seen::default(),
        }))
    }

    pub(crate) fn with_db<T>(
        &self,
        f: impl FnOnce(&Connection) -> rusqlite::Result<T>,
    ) -> rusqlite::Result<T> {
        let conn = self
            .db
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        f(&conn)
    }

    /// The files stored for a record (ticket, prospect), for tests and operators.
    ///
    /// # Errors
    /// SQLite errors.
    pub fn files(
        &self,
        owner_kind: &str,
        owner_id: &str,
    ) -> rusqlite::Result<Vec<(String, Vec<u8>)>> {
        self.with_db(|c| store::files(c, owner_kind, owner_id))
    }

    /// A stored record in its wire form.
    ///
    /// # Errors
    /// SQLite errors.
    pub fn record(&self, kind: &str, id: &str) -> rusqlite::Result<Option<Body>> {
        self.with_db(|c| store::get(c, kind, id))
            .map(|r| r.map(|(_, b)| b))
    }
}
