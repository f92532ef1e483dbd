//! What a customer proves to the portal beyond the ERP's data: contacts verified by a code
//! sent to them, and passkeys. The rule for a contact's address is here, applied by the
//! browser as it is typed and by the gateway before a code is sent.

use serde::{Deserialize, Serialize};

use crate::sign_in::{Channel, Destination};

/// The channels a customer can verify a contact on (an SMS goes to the WhatsApp number).
pub const CONTACT_CHANNELS: [Channel; 2] = [Channel::Email, Channel::Whatsapp];

/// Minutes after a proof (a passkey, a code to a verified contact) in which the session may
/// change contacts and passkeys without being asked again.
pub const PROOF_MINUTES: u64 = 10;

/// Characters in a passkey's name.
pub const PASSKEY_NAME_MAX: usize = 40;

/// The address as the code is sent to it: a normalised e-mail, or a mobile's digits with DDD.
///
/// # Errors
/// The sentence to show.
pub fn contact_address(channel: Channel, text: &str) -> Result<String, String> {
    let text = text.trim();
    match channel {
        Channel::Email => brazil::contact::email(text).map_err(|e| format!("E-mail: {e}.")),
        Channel::Whatsapp => brazil::contact::phone(text)
            .map_err(|e| format!("WhatsApp: {e}."))
            .and_then(|d| {
                if brazil::contact::is_mobile(&d) {
                    Ok(d)
                } else {
                    Err("WhatsApp: informe um celular com DDD.".into())
                }
            }),
        Channel::Sms => Err("Escolha e-mail ou WhatsApp.".into()),
    }
}

/// A contact as shown: `m***@g***` for an e-mail, `(**) *****-**77` for a number.
pub fn masked_contact(channel: Channel, address: &str) -> String {
    match channel {
        Channel::Email => brazil::contact::mask_email(address),
        Channel::Whatsapp | Channel::Sms => brazil::contact::mask_phone(address),
    }
}

/// A passkey's name as kept: trimmed, at most [`PASSKEY_NAME_MAX`] characters, never empty.
pub fn passkey_name(text: &str) -> String {
    let name: String = text.trim().chars().take(PASSKEY_NAME_MAX).collect();
    if name.trim().is_empty() {
        "Chave de acesso".into()
    } else {
        name.trim().to_string()
    }
}

/// A contact the customer verified, as the profile shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VerifiedContact {
    pub channel: Channel,
    /// `m***@g***`: the full address is never sent back, so a borrowed session cannot read it.
    pub masked: String,
    /// Unix seconds.
    pub verified_at: u64,
}

/// The customer's contacts in the portal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContactsState {
    pub verified: Vec<VerifiedContact>,
    /// What the ERP holds, on channels with no verified contact: offered to verify, never
    /// used before a code sent to it is typed back.
    pub suggestions: Vec<NewContact>,
    /// Changes need a proof first: a code to one of these (a verified contact).
    pub proof_needed: bool,
    pub proof_to: Vec<Destination>,
    /// The proof can be a passkey of this customer instead.
    pub proof_by_passkey: bool,
    /// Channels a code can be sent on.
    pub channels: Vec<Channel>,
}

/// A contact to verify: a code goes to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewContact {
    pub channel: Channel,
    pub address: String,
}

/// The code a new contact received, typed back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContactCode {
    pub channel: Channel,
    pub address: String,
    pub code: String,
}

/// A proof asked for before a change: a code to the verified contact on `channel`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProofRequest {
    pub channel: Channel,
}

/// The proof's code, typed back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProofCode {
    pub code: String,
}

/// A registered passkey, as the profile lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PasskeySummary {
    /// Names it to remove it.
    pub id: String,
    pub name: String,
    pub created_at: u64,
    pub used_at: u64,
}

/// A WebAuthn ceremony begun: the options for `navigator.credentials`, as JSON with
/// base64url bytes, and the id to answer it with.
///
/// The portal passes the WebAuthn JSON through without reading it, so its type is the
/// reader's: the gateway's `serde_json::Value`, the browser's own JavaScript object.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PasskeyChallenge<Json = serde_json::Value> {
    pub ceremony: String,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub options: Json,
}

/// The authenticator's answer to a ceremony, as JSON with base64url bytes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PasskeyAnswer<Json = serde_json::Value> {
    pub ceremony: String,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub credential: Json,
    /// The name for a new passkey.
    #[serde(default)]
    pub name: String,
}

/// A passkey sign-in's answer, with the document when one was typed (the passkey must then
/// be that customer's).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PasskeySignIn<Json = serde_json::Value> {
    pub ceremony: String,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub credential: Json,
    #[serde(default)]
    pub document: Option<String>,
}

/// Starting a passkey sign-in: with the document typed, or none (the passkey names its owner).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PasskeyStart {
    #[serde(default)]
    pub document: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contact_addresses_are_normalised_or_refused() {
        assert_eq!(
            contact_address(Channel::Email, " ana@example.com "),
            Ok("ana@example.com".into())
        );
        assert_eq!(
            contact_address(Channel::Whatsapp, "(81) 98888-7777"),
            Ok("81988887777".into())
        );
        assert!(
            contact_address(Channel::Whatsapp, "(81) 3333-4444").is_err(),
            "landline"
        );
        assert!(contact_address(Channel::Email, "ana@").is_err());
        assert!(contact_address(Channel::Sms, "81988887777").is_err());
    }

    #[test]
    fn passkey_names_are_bounded_and_never_empty() {
        assert_eq!(passkey_name("  Celular da Ana "), "Celular da Ana");
        assert_eq!(passkey_name("   "), "Chave de acesso");
        assert_eq!(
            passkey_name(&"x".repeat(100)).chars().count(),
            PASSKEY_NAME_MAX
        );
    }
}
