//! What a customer proved to the portal: verified contacts (one per channel) and passkeys,
//! and the passkey ceremonies under way between a challenge and its answer.

use sqlx::Row as _;
use sqlx::any::AnyRow;

use crate::{Store, StoreError};

/// How many passkeys a customer may register; past it, one must be removed first.
pub const PASSKEYS_PER_CUSTOMER: i64 = 10;

/// How long a passkey challenge can be answered.
pub const CEREMONY_KEPT_S: i64 = 300;

/// A contact a code sent to it was typed back from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactRow {
    /// `email` or `whatsapp`.
    pub channel: String,
    pub address: String,
    pub verified_at: i64,
}

/// A registered passkey.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PasskeyRow {
    pub credential_id: String,
    pub customer: String,
    pub name: String,
    /// The gateway's serialised public key and counters, opaque here.
    pub passkey: String,
    pub created_at: i64,
    pub used_at: i64,
}

fn passkey_row(r: &AnyRow) -> Result<PasskeyRow, sqlx::Error> {
    Ok(PasskeyRow {
        credential_id: r.try_get("credential_id")?,
        customer: r.try_get("customer")?,
        name: r.try_get("name")?,
        passkey: r.try_get("passkey")?,
        created_at: r.try_get("created_at")?,
        used_at: r.try_get("used_at")?,
    })
}

impl Store {
    /// The customer's verified contacts, by channel name.
    ///
    /// # Errors
    /// [`StoreError::Unavailable`].
    pub async fn contacts_of(&self, customer: &str) -> Result<Vec<ContactRow>, StoreError> {
        let rows = sqlx::query(
            "SELECT channel, address, verified_at FROM contacts WHERE customer = $1 ORDER BY channel",
        )
        .bind(customer)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(ContactRow {
                    channel: r.try_get("channel")?,
                    address: r.try_get("address")?,
                    verified_at: r.try_get("verified_at")?,
                })
            })
            .collect::<Result<_, sqlx::Error>>()
            .map_err(StoreError::from)
    }

    /// Keeps `contact` as the customer's verified one on its channel, replacing the earlier.
    ///
    /// # Errors
    /// [`StoreError::Unavailable`].
    pub async fn put_contact(
        &self,
        customer: &str,
        contact: &ContactRow,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO contacts (customer, channel, address, verified_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (customer, channel) DO UPDATE SET address = excluded.address, verified_at = excluded.verified_at",
        )
        .bind(customer)
        .bind(&contact.channel)
        .bind(&contact.address)
        .bind(contact.verified_at)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The customer's passkeys, oldest first.
    ///
    /// # Errors
    /// [`StoreError::Unavailable`].
    pub async fn passkeys_of(&self, customer: &str) -> Result<Vec<PasskeyRow>, StoreError> {
        let rows = sqlx::query(
            "SELECT credential_id, customer, name, passkey, created_at, used_at FROM passkeys \
             WHERE customer = $1 ORDER BY created_at, credential_id",
        )
        .bind(customer)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.iter().map(passkey_row).collect::<Result<_, _>>()?)
    }

    /// The passkey an authenticator names, whoever it belongs to.
    ///
    /// # Errors
    /// [`StoreError::Unavailable`].
    pub async fn passkey(&self, credential_id: &str) -> Result<Option<PasskeyRow>, StoreError> {
        let row = sqlx::query(
            "SELECT credential_id, customer, name, passkey, created_at, used_at FROM passkeys \
             WHERE credential_id = $1",
        )
        .bind(credential_id)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.as_ref().map(passkey_row).transpose()?)
    }

    /// Registers a passkey; false when the customer already has [`PASSKEYS_PER_CUSTOMER`]
    /// or the credential is registered already.
    ///
    /// # Errors
    /// [`StoreError::Unavailable`].
    pub async fn add_passkey(&self, p: &PasskeyRow) -> Result<bool, StoreError> {
        let added = sqlx::query(
            "INSERT INTO passkeys (credential_id, customer, name, passkey, created_at, used_at) \
             SELECT $1, $2, $3, $4, $5, $6 \
             WHERE (SELECT COUNT(*) FROM passkeys WHERE customer = $2) < $7 \
             ON CONFLICT (credential_id) DO NOTHING",
        )
        .bind(&p.credential_id)
        .bind(&p.customer)
        .bind(&p.name)
        .bind(&p.passkey)
        .bind(p.created_at)
        .bind(p.used_at)
        .bind(PASSKEYS_PER_CUSTOMER)
        .execute(&self.pool)
        .await?;
        Ok(added.rows_affected() == 1)
    }

    /// Records a sign-in with the passkey and its moved-on counters.
    ///
    /// # Errors
    /// [`StoreError::Unavailable`].
    pub async fn use_passkey(
        &self,
        credential_id: &str,
        passkey: &str,
        at: i64,
    ) -> Result<(), StoreError> {
        sqlx::query("UPDATE passkeys SET passkey = $2, used_at = $3 WHERE credential_id = $1")
            .bind(credential_id)
            .bind(passkey)
            .bind(at)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Removes one of the customer's passkeys; whether there was one.
    ///
    /// # Errors
    /// [`StoreError::Unavailable`].
    pub async fn remove_passkey(
        &self,
        customer: &str,
        credential_id: &str,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query("DELETE FROM passkeys WHERE customer = $1 AND credential_id = $2")
            .bind(customer)
            .bind(credential_id)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() > 0)
    }

    /// Keeps a ceremony's state until `expires_at`.
    ///
    /// # Errors
    /// [`StoreError::Unavailable`].
    pub async fn put_ceremony(
        &self,
        id: &str,
        state: &str,
        expires_at: i64,
    ) -> Result<(), StoreError> {
        sqlx::query("INSERT INTO ceremonies (id, state, expires_at) VALUES ($1, $2, $3)")
            .bind(id)
            .bind(state)
            .bind(expires_at)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Takes a ceremony's state out, once: of two gateways answering it at once, one gets it.
    ///
    /// # Errors
    /// [`StoreError::Unavailable`].
    pub async fn take_ceremony(&self, id: &str, now: i64) -> Result<Option<String>, StoreError> {
        let row = sqlx::query("DELETE FROM ceremonies WHERE id = $1 RETURNING state, expires_at")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        let Some(row) = row else { return Ok(None) };
        let expires_at: i64 = row.try_get("expires_at")?;
        Ok((expires_at > now)
            .then(|| row.try_get("state"))
            .transpose()?)
    }

    pub(crate) async fn purge_ceremonies(&self, now: i64) -> Result<u64, StoreError> {
        let done = sqlx::query("DELETE FROM ceremonies WHERE expires_at <= $1")
            .bind(now)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected())
    }
}
