//! Counts for limits and the codes waiting to be typed, shared by every gateway on the
//! database: a lockout or a code holds whichever gateway the next request reaches.

use sqlx::Row as _;
use sqlx::any::AnyRow;

use crate::{Store, StoreError};

/// How long limit slices and spent codes are kept before the purge takes them: longer than
/// any window a limit counts over.
pub const LIMITS_KEPT_S: i64 = 2 * 24 * 3600;

/// A code as kept: its HMAC (empty once used or void), when it was issued (Unix
/// milliseconds), tries left.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredCode {
    pub tag: String,
    pub issued_at: i64,
    pub tries_left: i64,
}

fn stored_code(r: &AnyRow) -> Result<StoredCode, sqlx::Error> {
    Ok(StoredCode {
        tag: r.try_get("tag")?,
        issued_at: r.try_get("issued_at")?,
        tries_left: r.try_get("tries_left")?,
    })
}

impl Store {
    /// The events of limit `name` for `key` in slices starting after `since`: how many, and
    /// the start of the oldest slice holding any.
    ///
    /// # Errors
    /// [`StoreError::Unavailable`].
    pub async fn limit_count(
        &self,
        name: &str,
        key: &str,
        since: i64,
    ) -> Result<(i64, Option<i64>), StoreError> {
        let row = sqlx::query(
            "SELECT CAST(COALESCE(SUM(count), 0) AS BIGINT) AS n, MIN(bucket) AS oldest FROM limit_counts \
             WHERE name = $1 AND key = $2 AND bucket > $3",
        )
        .bind(name)
        .bind(key)
        .bind(since)
        .fetch_one(&self.pool)
        .await?;
        Ok((row.try_get("n")?, row.try_get("oldest")?))
    }

    /// Counts one event of limit `name` for `key` in the slice starting at `bucket`.
    ///
    /// # Errors
    /// [`StoreError::Unavailable`].
    pub async fn limit_add(&self, name: &str, key: &str, bucket: i64) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO limit_counts (name, key, bucket, count) VALUES ($1, $2, $3, 1) \
             ON CONFLICT (name, key, bucket) DO UPDATE SET count = limit_counts.count + 1",
        )
        .bind(name)
        .bind(key)
        .bind(bucket)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Forgets the events of limit `name` for `key` (a customer who signed in).
    ///
    /// # Errors
    /// [`StoreError::Unavailable`].
    pub async fn limit_clear(&self, name: &str, key: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM limit_counts WHERE name = $1 AND key = $2")
            .bind(name)
            .bind(key)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Keeps a new code for `document`, replacing any earlier one.
    ///
    /// # Errors
    /// [`StoreError::Unavailable`].
    pub async fn put_code(&self, document: &str, code: &StoredCode) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO codes (document, tag, issued_at, tries_left) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (document) DO UPDATE SET tag = $2, issued_at = $3, tries_left = $4",
        )
        .bind(document)
        .bind(&code.tag)
        .bind(code.issued_at)
        .bind(code.tries_left)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The code kept for `document`, as it stands.
    ///
    /// # Errors
    /// [`StoreError::Unavailable`].
    pub async fn code(&self, document: &str) -> Result<Option<StoredCode>, StoreError> {
        let row = sqlx::query("SELECT tag, issued_at, tries_left FROM codes WHERE document = $1")
            .bind(document)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.as_ref().map(stored_code).transpose()?)
    }

    /// Spends one try of `document`'s code and returns it as it was before, if it had a
    /// try left; the try is spent before the caller compares, so concurrent guesses on
    /// several gateways cannot share a try.
    ///
    /// # Errors
    /// [`StoreError::Unavailable`].
    pub async fn spend_code_try(&self, document: &str) -> Result<Option<StoredCode>, StoreError> {
        let row = sqlx::query(
            "UPDATE codes SET tries_left = tries_left - 1 \
             WHERE document = $1 AND tries_left > 0 AND tag <> '' \
             RETURNING tag, issued_at, tries_left + 1 AS tries_left",
        )
        .bind(document)
        .fetch_optional(&self.pool)
        .await?;
        // `tries_left + 1`: the code as it was before this try.
        Ok(row.as_ref().map(stored_code).transpose()?)
    }

    /// Voids `document`'s code if it still is `tag`; whether this call voided it. Used for
    /// a right code, so that of two gateways checking it at once only one signs in.
    ///
    /// # Errors
    /// [`StoreError::Unavailable`].
    pub async fn void_code(&self, document: &str, tag: &str) -> Result<bool, StoreError> {
        let done =
            sqlx::query("UPDATE codes SET tag = '' WHERE document = $1 AND tag = $2 AND tag <> ''")
                .bind(document)
                .bind(tag)
                .execute(&self.pool)
                .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Removes `document`'s code (it could not be delivered).
    ///
    /// # Errors
    /// [`StoreError::Unavailable`].
    pub async fn revoke_code(&self, document: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM codes WHERE document = $1")
            .bind(document)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    pub(crate) async fn purge_limits(&self, now: i64) -> Result<u64, StoreError> {
        let since = now - LIMITS_KEPT_S;
        let slices = sqlx::query("DELETE FROM limit_counts WHERE bucket < $1")
            .bind(since)
            .execute(&self.pool)
            .await?
            .rows_affected();
        let codes = sqlx::query("DELETE FROM codes WHERE issued_at < $1")
            .bind(since.saturating_mul(1000))
            .execute(&self.pool)
            .await?
            .rows_affected();
        Ok(slices + codes)
    }
}
