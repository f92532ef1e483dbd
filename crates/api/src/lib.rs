//! The gateway's JSON API (`/api/v1`) and the rules that cross the wire: one definition that
//! the SPA and the gateway both compile against, so neither a field nor a check can drift
//! between them.

pub mod account;
pub mod attachment;
pub mod date;
pub mod invoice;
pub mod portal;
pub mod proof;
pub mod sign_in;
pub mod signup;
pub mod ticket;

pub use account::{
    Access, Contacts, Contract, CustomerSummary, PortalData, PortalDataErased, Profile, Service,
    Session, UnlockInfo, UnlockResult,
};
pub use attachment::{Attachment, AttachmentError, AttachmentLimits};
pub use invoice::{
    BoletoInfo, Invoice, InvoiceDetail, NotaFiscal, PixInfo, Quitacao, StatementEntry,
};
pub use portal::{Choice, Features, PublicConfig};
pub use proof::{
    CONTACT_CHANNELS, ContactCode, ContactsState, NewContact, PASSKEY_NAME_MAX, PROOF_MINUTES,
    PasskeyAnswer, PasskeyChallenge, PasskeySignIn, PasskeyStart, PasskeySummary, ProofCode,
    ProofRequest, VerifiedContact, contact_address, masked_contact, passkey_name,
};
pub use sign_in::{
    CODE_DIGITS, Channel, CodeRequest, CodeSent, CodeSignIn, CodeStart, Destination, Factor,
    Policy, SignIn, SignInStep, typed_code,
};
pub use signup::{
    Address, Lead, NewLead, NewProspect, Plan, Prospect, ProspectCreated, ProspectStatus,
    SignupOptions,
};
pub use ticket::{
    FileSummary, NewTicket, Ticket, TicketCreated, TicketError, TicketOptions, TicketSummary,
};

use serde::{Deserialize, Serialize};

/// Where every API route lives; the SPA's client and the gateway's router both use it.
pub const API_PREFIX: &str = "/api/v1";

/// Every error the API answers with: a stable code for programs and a pt-BR sentence that
/// the SPA shows as is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    pub code: String,
    pub message: String,
}

impl ErrorBody {
    /// An error with its code and user-facing message.
    pub fn new(code: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            code: code.into(),
            message: message.into(),
        }
    }
}

/// The answer of `/healthz`: the process is up and serving.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Health {
    pub status: String,
    pub version: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_body_has_the_documented_shape() {
        let body = ErrorBody::new("nao_encontrado", "Página não encontrada.");
        let json = serde_json::to_value(&body).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"code": "nao_encontrado", "message": "Página não encontrada."})
        );
    }
}
