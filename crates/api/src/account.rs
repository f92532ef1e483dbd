//! The signed-in customer: the session body, contracts, services and their unlock, and
//! contact data with the one rule that checks it.

use serde::{Deserialize, Serialize};

use crate::date::{self, Date};
use crate::invoice::Invoice;

/// The signed-in subscriber, as the SPA shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Session {
    pub customer: CustomerSummary,
    /// Sent back in the `X-CSRF-Token` header on every write.
    pub csrf_token: String,
    /// The open invoices of every contract, fetched with the session so the first screen
    /// needs no second round trip; absent when the ERP did not give them in time.
    #[serde(default)]
    pub invoices: Option<Vec<Invoice>>,
}

/// One of the subscriber's open sessions, as "Meus acessos" lists them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Access {
    /// Names the session to end it; not a credential.
    pub id: String,
    /// Browser and system, e.g. "Chrome no Android".
    pub device: String,
    /// The network it came from, by prefix (e.g. "189.6.12.x").
    pub place: String,
    /// Unix seconds of the sign-in.
    pub signed_in_at: u64,
    /// Unix seconds of the last use (recorded to the minute).
    pub last_seen_at: u64,
    /// The session of the device asking.
    pub current: bool,
}

/// Everything the portal itself holds about the subscriber ("Meus dados no portal"). Their
/// record, invoices and contracts are the ISP's, in its ERP, and not part of this.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PortalData {
    pub accesses: Vec<Access>,
    pub tickets: Vec<crate::TicketSummary>,
    pub contacts: Vec<crate::VerifiedContact>,
    pub passkeys: Vec<crate::PasskeySummary>,
}

/// What erasing the portal's data removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PortalDataErased {
    pub sessions: u64,
    pub tickets: u64,
    pub contacts: u64,
    pub passkeys: u64,
}

/// Name, masked document and contracts of the signed-in subscriber.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CustomerSummary {
    pub name: String,
    pub document_masked: String,
    pub company: bool,
    pub contracts: Vec<Contract>,
    /// The ERP marks the customer inactive; the portal says so on sign-in and at home.
    #[serde(default)]
    pub inactive: bool,
}

/// A contract with what the ERP tells of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Contract {
    pub id: String,
    pub name: String,
    pub status: Option<String>,
    pub plan: Option<String>,
    pub amount_cents: Option<i64>,
    pub address: Option<String>,
}

/// A service (installation/product) with its status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Service {
    pub id: String,
    pub name: Option<String>,
    pub status: Option<String>,
    pub suspended: bool,
    pub amount_cents: Option<i64>,
    pub address: Option<String>,
    pub contract_id: Option<String>,
}

/// Whether a service may be unlocked on trust, and on what terms.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnlockInfo {
    pub service_id: String,
    pub status: Option<String>,
    pub suspended: bool,
    pub eligible: bool,
    /// How many days the unlock lasts, when the ERP says.
    pub days: Option<i64>,
    /// Why it is not available, or the terms, as the ERP words them.
    pub reason: Option<String>,
}

/// The outcome of an unlock request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnlockResult {
    pub unlocked: bool,
    pub status: Option<String>,
    /// The day the service is suspended again unless paid.
    #[serde(with = "date::iso_opt", default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub until: Option<Date>,
    pub message: Option<String>,
}

/// Contact data (digits only for phones).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Profile {
    pub email: Option<String>,
    pub phone: Option<String>,
    pub mobile: Option<String>,
    pub whatsapp: Option<String>,
}

/// Contact data that passed every check: a normalised e-mail, phones as digits, at least
/// one of them given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contacts(Profile);

impl Contacts {
    /// The checked data, as the API sends it back.
    pub fn profile(&self) -> &Profile {
        &self.0
    }
}

impl TryFrom<&Profile> for Contacts {
    /// The sentence to show: the field and what is wrong with it.
    type Error = String;

    fn try_from(p: &Profile) -> Result<Self, String> {
        let filled = |v: &Option<String>| {
            v.as_deref()
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(str::to_string)
        };
        let email = filled(&p.email)
            .map(|e| brazil::contact::email(&e).map_err(|e| format!("E-mail: {e}.")))
            .transpose()?;
        let phone = |label: &str, value: &Option<String>| {
            filled(value)
                .map(|v| brazil::contact::phone(&v).map_err(|e| format!("{label}: {e}.")))
                .transpose()
        };
        let checked = Profile {
            email,
            phone: phone("Telefone", &p.phone)?,
            mobile: phone("Celular", &p.mobile)?,
            whatsapp: phone("WhatsApp", &p.whatsapp)?,
        };
        if checked == Profile::default() {
            return Err("Informe ao menos um contato.".into());
        }
        Ok(Self(checked))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contacts_are_checked_and_normalised() {
        let ok = Profile {
            email: Some(" ana@example.com ".into()),
            mobile: Some("(81) 98888-7777".into()),
            ..Profile::default()
        };
        let c = Contacts::try_from(&ok).unwrap();
        assert_eq!(c.profile().mobile.as_deref(), Some("81988887777"));
        assert_eq!(c.profile().email.as_deref(), Some("ana@example.com"));
        let bad = Profile {
            whatsapp: Some("123".into()),
            ..ok.clone()
        };
        assert!(
            Contacts::try_from(&bad)
                .unwrap_err()
                .starts_with("WhatsApp")
        );
        let bad = Profile {
            email: Some("ana@".into()),
            ..ok
        };
        assert!(Contacts::try_from(&bad).unwrap_err().starts_with("E-mail"));
        let empty = Profile {
            phone: Some("  ".into()),
            ..Profile::default()
        };
        assert_eq!(
            Contacts::try_from(&empty).unwrap_err(),
            "Informe ao menos um contato."
        );
    }
}
