//! Sessions: created at sign-in, found by the hash of the cookie's id, moved on when used,
//! listed and ended per customer, and purged once expired.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use sqlx::Row as _;
use sqlx::any::AnyRow;

use crate::{Store, StoreError};

/// How many sessions a customer may hold at once; signing in again beyond this ends the
/// least recently used, so no one can grow the table without bound.
pub const SESSIONS_PER_CUSTOMER: i64 = 20;

/// Sessions by `id_hash`, written through, for a database this process alone uses.
#[derive(Clone, Default)]
pub(crate) struct Cache(Arc<Mutex<HashMap<String, SessionRow>>>);

/// Past this many sessions in memory the cache starts over (rows are read back on use).
const CACHE_MAX: usize = 100_000;

impl Cache {
    fn lock(&self) -> MutexGuard<'_, HashMap<String, SessionRow>> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn put(&self, row: SessionRow) {
        let mut map = self.lock();
        if map.len() >= CACHE_MAX {
            map.clear();
        }
        map.insert(row.id_hash.clone(), row);
    }

    fn retain(&self, keep: impl Fn(&SessionRow) -> bool) {
        self.lock().retain(|_, row| keep(row));
    }
}

/// One session as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRow {
    /// SHA-256 of the cookie's id, in hex.
    pub id_hash: String,
    /// A second random id, for the subscriber to name a session in "Meus acessos".
    pub public_id: String,
    /// The customer's key (the document's digits).
    pub customer: String,
    /// The gateway's own record of the session, opaque here.
    pub data: String,
    /// The browser and system, as the subscriber would name them.
    pub device: String,
    /// The network it came from, by prefix.
    pub place: String,
    pub created_at: i64,
    pub seen_at: i64,
    pub expires_at: i64,
}

macro_rules! columns {
    () => {
        "id_hash, public_id, customer, data, device, place, created_at, seen_at, expires_at"
    };
}

fn row(r: &AnyRow) -> Result<SessionRow, sqlx::Error> {
    Ok(SessionRow {
        id_hash: r.try_get("id_hash")?,
        public_id: r.try_get("public_id")?,
        customer: r.try_get("customer")?,
        data: r.try_get("data")?,
        device: r.try_get("device")?,
        place: r.try_get("place")?,
        created_at: r.try_get("created_at")?,
        seen_at: r.try_get("seen_at")?,
        expires_at: r.try_get("expires_at")?,
    })
}

impl Store {
    /// Forgets the cached sessions of `customer` (after their rows were deleted elsewhere
    /// in this store).
    pub(crate) fn forget_cached_sessions(&self, customer: &str) {
        if let Some(cache) = &self.sessions {
            cache.retain(|row| row.customer != customer);
        }
    }

    /// Keeps a new session, ending the customer's least recently used ones beyond
    /// [`SESSIONS_PER_CUSTOMER`].
    ///
    /// # Errors
    /// [`StoreError::Unavailable`].
    pub async fn insert_session(&self, s: &SessionRow) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO sessions (id_hash, public_id, customer, data, device, place, created_at, seen_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(&s.id_hash)
        .bind(&s.public_id)
        .bind(&s.customer)
        .bind(&s.data)
        .bind(&s.device)
        .bind(&s.place)
        .bind(s.created_at)
        .bind(s.seen_at)
        .bind(s.expires_at)
        .execute(&self.pool)
        .await?;
        sqlx::query(
            "DELETE FROM sessions WHERE customer = $1 AND id_hash NOT IN \
             (SELECT id_hash FROM sessions WHERE customer = $1 ORDER BY seen_at DESC, created_at DESC LIMIT $2)",
        )
        .bind(&s.customer)
        .bind(SESSIONS_PER_CUSTOMER)
        .execute(&self.pool)
        .await?;
        if let Some(cache) = &self.sessions {
            // The trim above may have ended some of the customer's sessions: forget theirs
            // and read them back on use.
            cache.retain(|row| row.customer != s.customer);
            cache.put(s.clone());
        }
        Ok(())
    }

    /// The session whose cookie id hashes to `id_hash`, unless it has expired by `now`.
    ///
    /// # Errors
    /// [`StoreError::Unavailable`].
    pub async fn session(&self, id_hash: &str, now: i64) -> Result<Option<SessionRow>, StoreError> {
        if let Some(cache) = &self.sessions
            && let Some(row) = cache.lock().get(id_hash)
        {
            return Ok((row.expires_at > now).then(|| row.clone()));
        }
        let found = sqlx::query(concat!(
            "SELECT ",
            columns!(),
            " FROM sessions WHERE id_hash = $1 AND expires_at > $2"
        ))
        .bind(id_hash)
        .bind(now)
        .fetch_optional(&self.pool)
        .await?;
        let found = found.as_ref().map(row).transpose()?;
        if let (Some(cache), Some(row)) = (&self.sessions, &found) {
            cache.put(row.clone());
        }
        Ok(found)
    }

    /// Records a use of the session and its new expiry.
    ///
    /// # Errors
    /// [`StoreError::Unavailable`].
    pub async fn touch_session(
        &self,
        id_hash: &str,
        seen_at: i64,
        expires_at: i64,
    ) -> Result<(), StoreError> {
        sqlx::query("UPDATE sessions SET seen_at = $2, expires_at = $3 WHERE id_hash = $1")
            .bind(id_hash)
            .bind(seen_at)
            .bind(expires_at)
            .execute(&self.pool)
            .await?;
        if let Some(cache) = &self.sessions
            && let Some(row) = cache.lock().get_mut(id_hash)
        {
            row.seen_at = seen_at;
            row.expires_at = expires_at;
        }
        Ok(())
    }

    /// Replaces what the gateway keeps of a session (a proof just given, say).
    ///
    /// # Errors
    /// [`StoreError::Unavailable`].
    pub async fn set_session_data(&self, id_hash: &str, data: &str) -> Result<(), StoreError> {
        sqlx::query("UPDATE sessions SET data = $2 WHERE id_hash = $1")
            .bind(id_hash)
            .bind(data)
            .execute(&self.pool)
            .await?;
        if let Some(cache) = &self.sessions
            && let Some(row) = cache.lock().get_mut(id_hash)
        {
            row.data = data.to_string();
        }
        Ok(())
    }

    /// Ends one session; whether there was one.
    ///
    /// # Errors
    /// [`StoreError::Unavailable`].
    pub async fn end_session(&self, id_hash: &str) -> Result<bool, StoreError> {
        let done = sqlx::query("DELETE FROM sessions WHERE id_hash = $1")
            .bind(id_hash)
            .execute(&self.pool)
            .await?;
        if let Some(cache) = &self.sessions {
            cache.lock().remove(id_hash);
        }
        Ok(done.rows_affected() > 0)
    }

    /// Ends the session `public_id` if it is `customer`'s; whether there was one.
    ///
    /// # Errors
    /// [`StoreError::Unavailable`].
    pub async fn end_session_of(
        &self,
        customer: &str,
        public_id: &str,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query("DELETE FROM sessions WHERE customer = $1 AND public_id = $2")
            .bind(customer)
            .bind(public_id)
            .execute(&self.pool)
            .await?;
        if let Some(cache) = &self.sessions {
            cache.retain(|row| !(row.customer == customer && row.public_id == public_id));
        }
        Ok(done.rows_affected() > 0)
    }

    /// Ends every session of `customer` but `keep` (an `id_hash`); how many ended.
    ///
    /// # Errors
    /// [`StoreError::Unavailable`].
    pub async fn end_sessions_of(
        &self,
        customer: &str,
        keep: Option<&str>,
    ) -> Result<u64, StoreError> {
        let done = sqlx::query("DELETE FROM sessions WHERE customer = $1 AND id_hash <> $2")
            .bind(customer)
            .bind(keep.unwrap_or(""))
            .execute(&self.pool)
            .await?;
        if let Some(cache) = &self.sessions {
            cache.retain(|row| row.customer != customer || Some(row.id_hash.as_str()) == keep);
        }
        Ok(done.rows_affected())
    }

    /// The customer's current sessions, most recently used first.
    ///
    /// # Errors
    /// [`StoreError::Unavailable`].
    pub async fn sessions_of(
        &self,
        customer: &str,
        now: i64,
    ) -> Result<Vec<SessionRow>, StoreError> {
        let rows = sqlx::query(concat!(
            "SELECT ",
            columns!(),
            " FROM sessions WHERE customer = $1 AND expires_at > $2 ORDER BY seen_at DESC, created_at DESC"
        ))
        .bind(customer)
        .bind(now)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.iter().map(row).collect::<Result<_, _>>()?)
    }

    pub(crate) async fn purge_sessions(&self, now: i64) -> Result<u64, StoreError> {
        let done = sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
            .bind(now)
            .execute(&self.pool)
            .await?;
        if let Some(cache) = &self.sessions {
            cache.retain(|row| row.expires_at > now);
        }
        Ok(done.rows_affected())
    }
}
