//! Everything the store holds about one customer, erased at their request (LGPD art. 18).

use crate::{Store, StoreError};

/// What an erasure removed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Erased {
    pub sessions: u64,
    pub tickets: u64,
    pub contacts: u64,
    pub passkeys: u64,
}

impl Store {
    /// Deletes every row about `customer`: sessions (so every device is signed out), ticket
    /// records with their files' names, verified contacts and passkeys. One transaction: all or nothing.
    ///
    /// # Errors
    /// [`StoreError::Unavailable`]; nothing is erased then.
    pub async fn forget_customer(&self, customer: &str) -> Result<Erased, StoreError> {
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "DELETE FROM ticket_attachments WHERE ticket_id IN (SELECT id FROM tickets WHERE customer = $1)",
        )
        .bind(customer)
        .execute(&mut *tx)
        .await?;
        let tickets = sqlx::query("DELETE FROM tickets WHERE customer = $1")
            .bind(customer)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        let sessions = sqlx::query("DELETE FROM sessions WHERE customer = $1")
            .bind(customer)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        let contacts = sqlx::query("DELETE FROM contacts WHERE customer = $1")
            .bind(customer)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        let passkeys = sqlx::query("DELETE FROM passkeys WHERE customer = $1")
            .bind(customer)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        tx.commit().await?;
        self.forget_cached_sessions(customer);
        Ok(Erased {
            sessions,
            tickets,
            contacts,
            passkeys,
        })
    }
}
