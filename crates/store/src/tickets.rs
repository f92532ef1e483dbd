//! Ticket records: what the portal opened for each customer, newest first, with the names
//! and sizes of the files sent (never the files).

use sqlx::Row as _;

use crate::{Store, StoreError};

/// How many tickets are kept per customer; older ones go as new ones are recorded.
pub const TICKETS_PER_CUSTOMER: i64 = 200;

/// One ticket as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TicketRecord {
    /// A random id of the record.
    pub id: String,
    pub customer: String,
    /// The ERP's protocol, to quote on the phone.
    pub protocol: String,
    pub created_at: i64,
    pub subject: String,
    pub kind: String,
    pub service: String,
    /// `(name, bytes)` of each attachment, in the order sent.
    pub attachments: Vec<(String, i64)>,
}

impl Store {
    /// Records a ticket, dropping the customer's oldest beyond [`TICKETS_PER_CUSTOMER`].
    ///
    /// # Errors
    /// [`StoreError::Unavailable`]; nothing is recorded then.
    pub async fn record_ticket(&self, t: &TicketRecord) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "INSERT INTO tickets (id, customer, protocol, created_at, subject, kind, service) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(&t.id)
        .bind(&t.customer)
        .bind(&t.protocol)
        .bind(t.created_at)
        .bind(&t.subject)
        .bind(&t.kind)
        .bind(&t.service)
        .execute(&mut *tx)
        .await?;
        for (position, (name, size)) in (0_i64..).zip(&t.attachments) {
            sqlx::query(
                "INSERT INTO ticket_attachments (ticket_id, position, name, size) VALUES ($1, $2, $3, $4)",
            )
            .bind(&t.id)
            .bind(position)
            .bind(name)
            .bind(*size)
            .execute(&mut *tx)
            .await?;
        }
        sqlx::query(concat!(
            "DELETE FROM ticket_attachments WHERE ticket_id IN (",
            "SELECT id FROM tickets WHERE customer = $1 AND id NOT IN ",
            "(SELECT id FROM tickets WHERE customer = $1 ORDER BY created_at DESC, id DESC LIMIT $2))"
        ))
        .bind(&t.customer)
        .bind(TICKETS_PER_CUSTOMER)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "DELETE FROM tickets WHERE customer = $1 AND id NOT IN \
             (SELECT id FROM tickets WHERE customer = $1 ORDER BY created_at DESC, id DESC LIMIT $2)",
        )
        .bind(&t.customer)
        .bind(TICKETS_PER_CUSTOMER)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The customer's tickets, newest first.
    ///
    /// # Errors
    /// [`StoreError::Unavailable`].
    pub async fn tickets_of(&self, customer: &str) -> Result<Vec<TicketRecord>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, customer, protocol, created_at, subject, kind, service FROM tickets \
             WHERE customer = $1 ORDER BY created_at DESC, id DESC",
        )
        .bind(customer)
        .fetch_all(&self.pool)
        .await?;
        let files = sqlx::query(
            "SELECT a.ticket_id, a.name, a.size FROM ticket_attachments a \
             JOIN tickets t ON t.id = a.ticket_id WHERE t.customer = $1 ORDER BY a.ticket_id, a.position",
        )
        .bind(customer)
        .fetch_all(&self.pool)
        .await?;
        let mut tickets = rows
            .iter()
            .map(|r| {
                Ok(TicketRecord {
                    id: r.try_get("id")?,
                    customer: r.try_get("customer")?,
                    protocol: r.try_get("protocol")?,
                    created_at: r.try_get("created_at")?,
                    subject: r.try_get("subject")?,
                    kind: r.try_get("kind")?,
                    service: r.try_get("service")?,
                    attachments: Vec::new(),
                })
            })
            .collect::<Result<Vec<_>, sqlx::Error>>()?;
        for f in &files {
            let id: String = f.try_get("ticket_id")?;
            if let Some(t) = tickets.iter_mut().find(|t| t.id == id) {
                t.attachments.push((f.try_get("name")?, f.try_get("size")?));
            }
        }
        Ok(tickets)
    }
}
