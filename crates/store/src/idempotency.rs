//! Idempotency keys of sign-up submissions, shared by every gateway: one creation per key,
//! its answer kept for retries.

use sqlx::Row as _;

use crate::{Store, StoreError};

/// How long a key and its answer are kept: long enough for a retry after a lost answer on
/// a slow line.
pub const IDEMPOTENCY_KEPT_S: i64 = 24 * 3600;

/// Where a key stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Claim {
    /// Nobody had it: the caller creates, then settles or releases it.
    Won,
    /// Another submission is creating it now.
    Pending,
    /// Done: the answer to give again.
    Settled(String),
}

impl Store {
    /// Claims `key` at `now`, or says who has it.
    ///
    /// # Errors
    /// [`StoreError::Unavailable`].
    pub async fn claim(&self, key: &str, now: i64) -> Result<Claim, StoreError> {
        let won = sqlx::query(
            "INSERT INTO idempotency (key, created_at, answer) VALUES ($1, $2, '') \
             ON CONFLICT (key) DO NOTHING",
        )
        .bind(key)
        .bind(now)
        .execute(&self.pool)
        .await?
        .rows_affected()
            == 1;
        if won {
            return Ok(Claim::Won);
        }
        let row = sqlx::query("SELECT answer FROM idempotency WHERE key = $1")
            .bind(key)
            .fetch_optional(&self.pool)
            .await?;
        Ok(match row {
            // Released between the two statements: the caller claims again.
            None => Claim::Pending,
            Some(r) => {
                let answer: String = r.try_get("answer")?;
                if answer.is_empty() {
                    Claim::Pending
                } else {
                    Claim::Settled(answer)
                }
            }
        })
    }

    /// Keeps the answer of a claimed key.
    ///
    /// # Errors
    /// [`StoreError::Unavailable`].
    pub async fn settle(&self, key: &str, answer: &str) -> Result<(), StoreError> {
        sqlx::query("UPDATE idempotency SET answer = $2 WHERE key = $1")
            .bind(key)
            .bind(answer)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Gives a claimed key up (the creation failed), so a retry can try again.
    ///
    /// # Errors
    /// [`StoreError::Unavailable`].
    pub async fn release(&self, key: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM idempotency WHERE key = $1 AND answer = ''")
            .bind(key)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    pub(crate) async fn purge_idempotency(&self, now: i64) -> Result<u64, StoreError> {
        Ok(sqlx::query("DELETE FROM idempotency WHERE created_at < $1")
            .bind(now - IDEMPOTENCY_KEPT_S)
            .execute(&self.pool)
            .await?
            .rows_affected())
    }
}
