//! A ticket being written: the draft kept on the device, and what sending it asks of the
//! gateway once the rules of `api::ticket` pass.

use api::{Attachment, NewTicket, Ticket};
use serde::{Deserialize, Serialize};

/// What is kept on the device while the ticket is not sent.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    pub service_id: String,
    pub type_id: String,
    pub department_id: String,
    pub subject: String,
    pub message: String,
    pub attachments: Vec<Attachment>,
}

impl crate::drafts::Draftable for Draft {
    fn attachments_mut(&mut self) -> &mut Vec<Attachment> {
        &mut self.attachments
    }
}

impl Draft {
    /// The ticket to send, or the sentence that says what is missing.
    ///
    /// # Errors
    /// The rule of `api::ticket` that fails, as its sentence.
    pub fn to_send(&self) -> Result<NewTicket, String> {
        let ticket = NewTicket {
            service_id: Some(self.service_id.clone()).filter(|s| !s.is_empty()),
            type_id: self.type_id.clone(),
            department_id: self.department_id.clone(),
            subject: self.subject.clone(),
            message: self.message.clone(),
            attachments: self.attachments.clone(),
        };
        Ticket::try_from(ticket.clone())
            .map(|_| ticket)
            .map_err(|e| e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_draft_is_sent_only_when_complete() {
        let mut d = Draft {
            subject: "Sem internet".into(),
            ..Draft::default()
        };
        assert!(d.to_send().unwrap_err().contains("Escolha o tipo"));
        d.type_id = "1".into();
        d.department_id = "2".into();
        d.message = "Desde ontem.".into();
        let t = d.to_send().unwrap();
        assert_eq!(t.service_id, None);
        d.subject = "a".repeat(api::ticket::MAX_SUBJECT + 1);
        assert!(d.to_send().unwrap_err().contains("120"));
    }
}
