//! A ticket being written: the draft kept on the device, and what sending it asks of the
//! gateway once the rules of `api::ticket` pass.

use api::{Attachment, NewTicket, Ticket, TicketOptions};
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
    /// The ticket to send, its department taken from its type where `routes` say so, or the
    /// sentence that says what is missing.
    ///
    /// # Errors
    /// The rule of `api::ticket` that fails, as its sentence.
    pub fn to_send(&self, routes: Option<&TicketOptions>) -> Result<NewTicket, String> {
        let ticket = NewTicket {
            service_id: Some(self.service_id.clone()).filter(|s| !s.is_empty()),
            type_id: self.type_id.clone(),
            department_id: self.department_id.clone(),
            subject: self.subject.clone(),
            message: self.message.clone(),
            attachments: self.attachments.clone(),
        };
        let ticket = match routes {
            Some(r) => r.route(ticket),
            None => ticket,
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
    fn a_type_the_isp_routes_needs_no_department_from_the_customer() {
        let routes = TicketOptions {
            types: vec![],
            departments: vec![],
            services: vec![],
            department_by_type: [("T1".to_string(), "D1".to_string())].into(),
        };
        let d = Draft {
            type_id: "T1".into(),
            subject: "Sem internet".into(),
            message: "Desde ontem.".into(),
            ..Draft::default()
        };
        assert!(
            d.to_send(None).is_err(),
            "without the routes a department is missing"
        );
        assert_eq!(d.to_send(Some(&routes)).unwrap().department_id, "D1");
    }

    #[test]
    fn a_draft_is_sent_only_when_complete() {
        let mut d = Draft {
            subject: "Sem internet".into(),
            ..Draft::default()
        };
        assert!(d.to_send(None).unwrap_err().contains("Escolha o tipo"));
        d.type_id = "1".into();
        d.department_id = "2".into();
        d.message = "Desde ontem.".into();
        let t = d.to_send(None).unwrap();
        assert_eq!(t.service_id, None);
        d.subject = "a".repeat(api::ticket::MAX_SUBJECT + 1);
        assert!(d.to_send(None).unwrap_err().contains("120"));
    }
}
