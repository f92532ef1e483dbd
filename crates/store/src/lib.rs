//! What the portal itself keeps, behind one interface over SQLite (embedded, the default)
//! and PostgreSQL (shared by several gateways): versioned migrations applied at open, a
//! connection pool, and expired rows purged on a schedule.

mod accounts;
mod idempotency;
mod limits;
mod privacy;
mod sessions;
#[cfg(any(test, feature = "testing"))]
pub mod testing;
#[cfg(test)]
mod tests;
mod tickets;

use std::borrow::Cow;
use std::fmt;
use std::path::Path;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use sqlx::AnyPool;
use sqlx::SqlSafeStr as _;
use sqlx::any::AnyPoolOptions;
use sqlx::migrate::{Migration, MigrationType, Migrator};

pub use accounts::{CEREMONY_KEPT_S, ContactRow, PASSKEYS_PER_CUSTOMER, PasskeyRow};
pub use idempotency::{Claim, IDEMPOTENCY_KEPT_S};
pub use limits::{LIMITS_KEPT_S, StoredCode};
pub use privacy::Erased;
pub use sessions::{SESSIONS_PER_CUSTOMER, SessionRow};
pub use tickets::{TICKETS_PER_CUSTOMER, TicketRecord};

/// The versioned migrations, in order. The same SQL runs on both backends, so it keeps to
/// what both understand (TEXT, BIGINT, plain indexes).
const MIGRATIONS: &[(i64, &str, &str)] = &[
    (
        1,
        "sessions",
        include_str!("../migrations/0001_sessions.sql"),
    ),
    (2, "tickets", include_str!("../migrations/0002_tickets.sql")),
    (
        3,
        "limits and codes",
        include_str!("../migrations/0003_limits_and_codes.sql"),
    ),
    (
        4,
        "idempotency",
        include_str!("../migrations/0004_idempotency.sql"),
    ),
    (
        5,
        "contacts and passkeys",
        include_str!("../migrations/0005_contacts_and_passkeys.sql"),
    ),
];

/// Which database holds the store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Why the store could not do something. The text never holds a URL or a password.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreError {
    /// `[store] url` is not one this store opens.
    Config(String),
    /// The database did not answer or refused the operation.
    Unavailable(String),
    /// The schema could not be brought up to date.
    Migration(String),
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Config(m) => write!(f, "store.url: {m}"),
            Self::Unavailable(m) => write!(f, "banco de dados indisponível: {m}"),
            Self::Migration(m) => write!(f, "migração do banco de dados: {m}"),
        }
    }
}

impl std::error::Error for StoreError {}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        Self::Unavailable(describe(&e))
    }
}

/// A database error by kind: sqlx's own text can quote connection options.
fn describe(e: &sqlx::Error) -> String {
    match e {
        sqlx::Error::Database(db) => {
            format!("{} ({})", db.message(), db.code().unwrap_or_default())
        }
        sqlx::Error::Io(io) => format!("E/S: {}", io.kind()),
        sqlx::Error::PoolTimedOut => "nenhuma conexão livre a tempo".into(),
        sqlx::Error::PoolClosed => "conexões encerradas".into(),
        sqlx::Error::Tls(_) => "TLS recusado".into(),
        sqlx::Error::Configuration(_) => "opções de conexão inválidas".into(),
        sqlx::Error::Protocol(_) => "resposta fora do protocolo".into(),
        sqlx::Error::ColumnDecode { index, .. } => format!("coluna {index} com tipo inesperado"),
        sqlx::Error::ColumnNotFound(name) => format!("coluna {name} ausente"),
        other => format!("{:?}", std::mem::discriminant(other)),
    }
}

/// Seconds since the Unix epoch, the store's clock.
pub fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

/// The portal's own data.
#[derive(Clone)]
pub struct Store {
    pool: AnyPool,
    backend: Backend,
    /// With SQLite this process is the database's only user (the file is opened with an
    /// exclusive lock), so sessions can be answered from memory, written through; with
    /// PostgreSQL other gateways change them, so every lookup asks the database.
    sessions: Option<sessions::Cache>,
}

impl fmt::Debug for Store {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Store")
            .field("backend", &self.backend)
            .finish_non_exhaustive()
    }
}

impl Store {
    /// Opens the database at `url` (`sqlite://PATH`, `sqlite::memory:`, or
    /// `postgres://…`), creating an SQLite file and its folder when missing, and applies the
    /// migrations it has not seen.
    ///
    /// # Errors
    /// [`StoreError`] for an unknown scheme, a database that does not answer, or a failed
    /// migration.
    pub async fn open(url: &str) -> Result<Self, StoreError> {
        sqlx::any::install_default_drivers();
        let backend = if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Backend::Postgres
        } else {
            return Err(StoreError::Config(
                "esperado sqlite://ARQUIVO ou postgres://USUÁRIO@SERVIDOR/BANCO".into(),
            ));
        };
        let memory = backend == Backend::Sqlite && url.contains(":memory:");
        let mut url = url.to_string();
        if backend == Backend::Sqlite && !memory {
            let path = url
                .trim_start_matches("sqlite://")
                .trim_start_matches("sqlite:")
                .split('?')
                .next()
                .unwrap_or_default()
                .to_string();
            if path.is_empty() {
                return Err(StoreError::Config(
                    "falta o caminho do arquivo SQLite".into(),
                ));
            }
            if let Some(dir) = Path::new(&path)
                .parent()
                .filter(|d| !d.as_os_str().is_empty())
            {
                std::fs::create_dir_all(dir).map_err(|e| {
                    StoreError::Config(format!(
                        "não foi possível criar {}: {}",
                        dir.display(),
                        e.kind()
                    ))
                })?;
            }
            if !url.contains("mode=") {
                url.push(if url.contains('?') { '&' } else { '?' });
                url.push_str("mode=rwc");
            }
        }
        let options = AnyPoolOptions::new().acquire_timeout(Duration::from_secs(5));
        let options = match backend {
            // One connection that never closes: an in-memory database lives only as long as
            // its connection, and each connection would have its own.
            Backend::Sqlite if memory => options
                .max_connections(1)
                .min_connections(1)
                .idle_timeout(None)
                .max_lifetime(None),
            // One connection holding the file's lock for as long as the gateway runs: a
            // second gateway on the same file is refused at its start instead of silently
            // missing the first one's sign-outs (several gateways need PostgreSQL). Reads
            // are served from memory, so one connection is enough.
            Backend::Sqlite => options
                .max_connections(1)
                .min_connections(1)
                .idle_timeout(None)
                .max_lifetime(None)
                .after_connect(|conn, _| {
                    Box::pin(async move {
                        sqlx::Executor::execute(&mut *conn, "PRAGMA locking_mode = EXCLUSIVE")
                            .await
                            .map(|_| ())
                    })
                }),
            Backend::Postgres => options.max_connections(10),
        };
        let pool = options.connect(&url).await?;
        let store = Self {
            pool,
            backend,
            sessions: (backend == Backend::Sqlite).then(sessions::Cache::default),
        };
        store.migrate().await.map_err(|e| match e {
            StoreError::Migration(m) if m.contains("locked") => StoreError::Config(
                "o arquivo SQLite já está aberto por outro gateway; vários gateways precisam de PostgreSQL".into(),
            ),
            other => other,
        })?;
        Ok(store)
    }

    /// Closes the connections (and, with SQLite, releases the file).
    pub async fn close(&self) {
        self.pool.close().await;
    }

    /// Which database this is.
    pub fn backend(&self) -> Backend {
        self.backend
    }

    async fn migrate(&self) -> Result<(), StoreError> {
        let migrations = MIGRATIONS
            .iter()
            .map(|(version, name, sql)| {
                Migration::new(
                    *version,
                    Cow::Borrowed(*name),
                    MigrationType::Simple,
                    (*sql).into_sql_str(),
                    false,
                )
            })
            .collect();
        Migrator::with_migrations(migrations)
            .run(&self.pool)
            .await
            .map_err(|e| StoreError::Migration(e.to_string()))
    }

    /// Deletes every row whose time has passed; returns how many.
    ///
    /// # Errors
    /// [`StoreError::Unavailable`].
    pub async fn purge(&self, now: i64) -> Result<u64, StoreError> {
        Ok(self.purge_sessions(now).await?
            + self.purge_limits(now).await?
            + self.purge_idempotency(now).await?
            + self.purge_ceremonies(now).await?)
    }

    /// Purges expired rows every `period` until the process ends. Failures are logged and
    /// retried at the next turn.
    pub fn purge_every(&self, period: Duration) -> tokio::task::JoinHandle<()> {
        let store = self.clone();
        tokio::spawn(async move {
            let mut ticks = tokio::time::interval(period);
            loop {
                ticks.tick().await;
                match store.purge(now()).await {
                    Ok(0) => {}
                    Ok(n) => tracing::debug!(rows = n, "expired rows purged"),
                    Err(e) => tracing::warn!(error = %e, "purge failed"),
                }
            }
        })
    }
}
