//! Support tickets: the ERP's lists a ticket is opened with, the ticket as sent, the text
//! limits and the check both sides apply before anything reaches the ERP.

use serde::{Deserialize, Serialize};

use crate::attachment::Attachment;
use crate::portal::Choice;

/// Longest subject accepted, in characters.
pub const MAX_SUBJECT: usize = 120;
/// Longest message accepted, in characters.
pub const MAX_MESSAGE: usize = 5_000;

/// The ERP's lists a ticket is opened with, and the customer's services.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TicketOptions {
    pub types: Vec<Choice>,
    pub departments: Vec<Choice>,
    pub services: Vec<Choice>,
    /// The department each ticket type goes to, where the ISP said so (`[tickets]`): the
    /// customer then never picks one, since a department is the ERP's idea, not theirs.
    #[serde(default)]
    pub department_by_type: std::collections::BTreeMap<String, String>,
}

impl TicketOptions {
    /// The department `type_id` goes to, when the ISP decided it.
    pub fn department_for(&self, type_id: &str) -> Option<&str> {
        self.department_by_type.get(type_id).map(String::as_str)
    }

    /// `ticket` with its department taken from its type where the ISP decided it.
    pub fn route(&self, mut ticket: NewTicket) -> NewTicket {
        if let Some(department) = self.department_for(&ticket.type_id) {
            ticket.department_id = department.to_string();
        }
        ticket
    }
}

/// A support ticket to open.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewTicket {
    pub service_id: Option<String>,
    pub type_id: String,
    pub department_id: String,
    pub subject: String,
    pub message: String,
    pub attachments: Vec<Attachment>,
}

/// The ticket the ERP opened: its id is the protocol shown to the subscriber.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TicketCreated {
    pub protocol: String,
    pub message: Option<String>,
}

/// A ticket the portal opened, as "Meus chamados" lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TicketSummary {
    /// The ERP's protocol, to quote on the phone.
    pub protocol: String,
    /// Unix seconds of its opening.
    pub opened_at: u64,
    pub subject: String,
    /// The type of service asked for.
    pub kind: String,
    /// The service it is about, if one was chosen.
    pub service: Option<String>,
    pub attachments: Vec<FileSummary>,
    /// The ERP's word on where it stands, once the contract carries one; until then `None`.
    pub status: Option<String>,
}

/// A file sent with a ticket: its name and size, never its content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FileSummary {
    pub name: String,
    pub bytes: u64,
}

/// A file's size as a subscriber reads it: "900 bytes", "48 KB", "1,2 MB".
pub fn size_label(bytes: u64) -> String {
    const KB: u64 = 1024;
    const MB: u64 = 1024 * 1024;
    if bytes < KB {
        format!("{bytes} bytes")
    } else if bytes < MB {
        format!("{} KB", bytes.div_ceil(KB))
    } else {
        let tenths = (bytes * 10).div_ceil(MB);
        format!("{},{} MB", tenths / 10, tenths % 10)
    }
}

/// A ticket whose fields are all there and within the limits; text trimmed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ticket {
    pub service_id: Option<String>,
    pub type_id: String,
    pub department_id: String,
    pub subject: String,
    pub message: String,
    pub attachments: Vec<Attachment>,
}

/// Why a ticket cannot be sent yet; `Display` is the sentence to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TicketError {
    Missing,
    TooLong,
}

impl core::fmt::Display for TicketError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Self::Missing => {
                f.write_str("Escolha o tipo e o departamento e escreva o assunto e a mensagem.")
            }
            Self::TooLong => write!(
                f,
                "O assunto vai até {MAX_SUBJECT} caracteres e a mensagem até {MAX_MESSAGE}."
            ),
        }
    }
}

impl TryFrom<NewTicket> for Ticket {
    type Error = TicketError;

    fn try_from(t: NewTicket) -> Result<Self, TicketError> {
        let subject = t.subject.trim();
        let message = t.message.trim();
        if subject.is_empty()
            || message.is_empty()
            || t.type_id.is_empty()
            || t.department_id.is_empty()
        {
            return Err(TicketError::Missing);
        }
        if subject.chars().count() > MAX_SUBJECT || message.chars().count() > MAX_MESSAGE {
            return Err(TicketError::TooLong);
        }
        Ok(Self {
            service_id: t.service_id.filter(|s| !s.is_empty()),
            subject: subject.into(),
            message: message.into(),
            type_id: t.type_id,
            department_id: t.department_id,
            attachments: t.attachments,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_a_subscriber_expects() {
        assert_eq!(size_label(900), "900 bytes");
        assert_eq!(size_label(48_000), "47 KB");
        assert_eq!(size_label(1024), "1 KB");
        assert_eq!(size_label(1_258_291), "1,2 MB");
        assert_eq!(size_label(5 * 1024 * 1024), "5,0 MB");
    }

    fn ticket() -> NewTicket {
        NewTicket {
            service_id: Some(String::new()),
            type_id: "1".into(),
            department_id: "2".into(),
            subject: " Sem internet ".into(),
            message: "Desde ontem.".into(),
            attachments: vec![],
        }
    }

    #[test]
    fn a_complete_ticket_is_trimmed_and_each_gap_refused() {
        let t = Ticket::try_from(ticket()).unwrap();
        assert_eq!(t.subject, "Sem internet");
        assert_eq!(t.service_id, None, "an empty service is no service");
        for broken in [
            NewTicket {
                type_id: String::new(),
                ..ticket()
            },
            NewTicket {
                message: "  ".into(),
                ..ticket()
            },
        ] {
            assert_eq!(Ticket::try_from(broken), Err(TicketError::Missing));
        }
        let long = NewTicket {
            subject: "a".repeat(MAX_SUBJECT + 1),
            ..ticket()
        };
        assert_eq!(Ticket::try_from(long), Err(TicketError::TooLong));
        assert!(TicketError::TooLong.to_string().contains("120"));
    }
}
