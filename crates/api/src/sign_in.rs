//! Signing in: the factors, the login policy that orders them, and the messages of the
//! code flow. The gateway enforces the policy; the browser reads it to draw the form.

use brazil::PersonKind;
use serde::{Deserialize, Serialize};

/// Sign-in: the document as typed and the second factor the configuration asks for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SignIn {
    pub document: String,
    pub factor: String,
}

/// The second factor asked of a person type at sign-in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Factor {
    /// Date of birth, as the ERP's customer record has it (people).
    BirthDate,
    /// CEP of the registered address (companies, or anyone).
    Cep,
    /// A one-time code sent to a contact the customer verified in the portal.
    Code,
    /// A passkey registered in the portal (WebAuthn).
    Passkey,
}

impl Factor {
    /// The name on the wire and in the configuration (`birth_date`).
    pub fn key(self) -> &'static str {
        match self {
            Self::BirthDate => "birth_date",
            Self::Cep => "cep",
            Self::Code => "code",
            Self::Passkey => "passkey",
        }
    }

    /// The field label the sign-in form shows.
    pub fn label(self) -> &'static str {
        match self {
            Self::BirthDate => "Data de nascimento",
            Self::Cep => "CEP do endereço cadastrado",
            Self::Code => "Código recebido",
            Self::Passkey => "Digital ou rosto do celular",
        }
    }

    /// Whether only the customer can give it (a code to a contact they verified, a
    /// passkey), unlike data the ERP holds, which others may know.
    pub fn is_strong(self) -> bool {
        matches!(self, Self::Code | Self::Passkey)
    }
}

/// A sign-in policy: the strong factors offered (a passkey, a code), then the factor the ERP
/// knows, asked only of customers who have no strong factor yet. Written in the configuration
/// as `"birth_date"` or `["passkey", "code", "birth_date"]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(from = "OneOrMany", into = "Vec<Factor>")]
pub struct Policy(pub Vec<Factor>);

#[derive(Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(Factor),
    Many(Vec<Factor>),
}

impl From<OneOrMany> for Policy {
    fn from(value: OneOrMany) -> Self {
        match value {
            OneOrMany::One(f) => Self(vec![f]),
            OneOrMany::Many(v) => Self(v),
        }
    }
}

impl From<Policy> for Vec<Factor> {
    fn from(p: Policy) -> Self {
        p.0
    }
}

impl Policy {
    /// The default for a person type: a passkey or a code for whoever has set one up, else
    /// the birth date for people and the CEP for companies. Without a way to send codes,
    /// the code is left out.
    pub fn default_for(kind: PersonKind, codes: bool) -> Self {
        let erp = match kind {
            PersonKind::Individual => Factor::BirthDate,
            PersonKind::Company => Factor::Cep,
        };
        let mut factors = vec![Factor::Passkey];
        if codes {
            factors.push(Factor::Code);
        }
        factors.push(erp);
        Self(factors)
    }

    /// Whether codes are offered.
    pub fn has_code(&self) -> bool {
        self.0.contains(&Factor::Code)
    }

    /// Whether passkeys are offered.
    pub fn has_passkey(&self) -> bool {
        self.0.contains(&Factor::Passkey)
    }

    /// The factor the ERP knows, asked of customers with no strong factor.
    pub fn fallback(&self) -> Option<Factor> {
        self.0.iter().copied().find(|f| !f.is_strong())
    }

    /// Strong factors first, each at most once, then at most one factor the ERP knows.
    pub fn is_valid(&self) -> bool {
        let (strong, rest) = self
            .0
            .split_at(self.0.iter().take_while(|f| f.is_strong()).count());
        let repeated = strong
            .iter()
            .enumerate()
            .any(|(i, f)| strong[..i].contains(f));
        !self.0.is_empty() && rest.len() <= 1 && !rest.iter().any(|f| f.is_strong()) && !repeated
    }
}

/// Digits in a one-time sign-in code.
pub const CODE_DIGITS: usize = 6;

/// The digits of a typed code (spaces, dashes and pasted text around it dropped), if there
/// are exactly [`CODE_DIGITS`] of them.
pub fn typed_code(text: &str) -> Option<String> {
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    (digits.len() == CODE_DIGITS).then_some(digits)
}

/// Where a one-time code can be sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Email,
    Whatsapp,
    Sms,
}

impl Channel {
    /// Every channel, in the order the chooser lists them.
    pub const ALL: [Channel; 3] = [Channel::Email, Channel::Whatsapp, Channel::Sms];

    /// The name on the wire and in the configuration (`[code.email]`).
    pub fn key(self) -> &'static str {
        match self {
            Self::Email => "email",
            Self::Whatsapp => "whatsapp",
            Self::Sms => "sms",
        }
    }

    /// How the chooser names the channel.
    pub fn label(self) -> &'static str {
        match self {
            Self::Email => "E-mail",
            Self::Whatsapp => "WhatsApp",
            Self::Sms => "SMS",
        }
    }
}

/// A destination the customer can pick, shown masked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Destination {
    pub channel: Channel,
    /// `m***@g***`, `(**) *****-**77`.
    pub masked: String,
}

/// The document typed on the first sign-in screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CodeStart {
    pub document: String,
}

/// What the second sign-in screen asks for, when the policy starts with a code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum SignInStep {
    /// Pick where the code goes.
    Code { destinations: Vec<Destination> },
    /// No contact to send a code to: the policy's next factor.
    Factor { factor: Factor },
    /// No contact and no other factor: only the ISP can help.
    NoDestination,
}

/// A request to send a code to one of the offered destinations.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CodeRequest {
    pub document: String,
    pub channel: Channel,
}

/// A code is on its way.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CodeSent {
    pub masked: String,
    pub expires_in_s: u64,
    pub resend_in_s: u64,
}

/// The code as typed, to sign in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CodeSignIn {
    pub document: String,
    pub code: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_read_from_pasted_text() {
        assert_eq!(typed_code("123456"), Some("123456".into()));
        assert_eq!(typed_code(" 123 456 "), Some("123456".into()));
        assert_eq!(typed_code("Seu código: 123-456."), Some("123456".into()));
        assert_eq!(typed_code("12345"), None);
        assert_eq!(typed_code("1234567"), None);
    }

    #[test]
    fn sign_in_steps_are_tagged_for_the_browser() {
        let step = SignInStep::Code {
            destinations: vec![Destination {
                channel: Channel::Whatsapp,
                masked: "(**) *****-**77".into(),
            }],
        };
        let json = serde_json::to_value(&step).unwrap();
        assert_eq!(json["step"], "code");
        assert_eq!(json["destinations"][0]["channel"], "whatsapp");
        let back: SignInStep =
            serde_json::from_str(r#"{"step":"factor","factor":"birth_date"}"#).unwrap();
        assert_eq!(
            back,
            SignInStep::Factor {
                factor: Factor::BirthDate
            }
        );
    }

    #[test]
    fn policies_read_one_or_many_and_say_what_comes_next() {
        let one: Policy = serde_json::from_str(r#""cep""#).unwrap();
        assert_eq!(one, Policy(vec![Factor::Cep]));
        assert!(one.is_valid() && !one.has_code() && !one.has_passkey());
        let many: Policy = serde_json::from_str(r#"["passkey","code","birth_date"]"#).unwrap();
        assert!(many.has_code() && many.has_passkey() && many.is_valid());
        assert_eq!(many.fallback(), Some(Factor::BirthDate));
        assert_eq!(
            serde_json::to_string(&many).unwrap(),
            r#"["passkey","code","birth_date"]"#
        );
        use Factor::*;
        for bad in [
            vec![BirthDate, Code],
            vec![],
            vec![Cep, BirthDate],
            vec![Code, Code],
            vec![Passkey, Code, Passkey],
            vec![Code, BirthDate, Passkey],
        ] {
            assert!(!Policy(bad.clone()).is_valid(), "{bad:?}");
        }
        for good in [
            vec![Code],
            vec![Passkey],
            vec![Code, Passkey, Cep],
            vec![Code, Cep],
        ] {
            assert!(Policy(good.clone()).is_valid(), "{good:?}");
        }
        assert_eq!(Policy(vec![Factor::Code]).fallback(), None);
        assert_eq!(
            Policy::default_for(PersonKind::Company, true),
            Policy(vec![Passkey, Code, Cep])
        );
        assert_eq!(
            Policy::default_for(PersonKind::Individual, false),
            Policy(vec![Passkey, BirthDate])
        );
    }

    #[test]
    fn keys_are_the_wire_names() {
        for f in [
            Factor::BirthDate,
            Factor::Cep,
            Factor::Code,
            Factor::Passkey,
        ] {
            assert_eq!(serde_json::to_value(f).unwrap(), f.key());
        }
        for c in Channel::ALL {
            assert_eq!(serde_json::to_value(c).unwrap(), c.key());
        }
    }
}
