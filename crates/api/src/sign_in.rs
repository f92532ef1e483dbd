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
    /// A one-time code sent to the e-mail or mobile the ERP holds for the customer.
    Code,
}

impl Factor {
    /// The name on the wire and in the configuration (`birth_date`).
    pub fn key(self) -> &'static str {
        match self {
            Self::BirthDate => "birth_date",
            Self::Cep => "cep",
            Self::Code => "code",
        }
    }

    /// The field label the sign-in form shows.
    pub fn label(self) -> &'static str {
        match self {
            Self::BirthDate => "Data de nascimento",
            Self::Cep => "CEP do endereço cadastrado",
            Self::Code => "Código recebido",
        }
    }
}

/// A sign-in policy: one factor, or a code followed by the factor asked of customers a code
/// cannot reach. Written in the configuration as `"birth_date"` or `["code", "birth_date"]`.
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
    /// The default for a person type: the birth date for people, the CEP for companies.
    pub fn default_for(kind: PersonKind) -> Self {
        match kind {
            PersonKind::Individual => Self(vec![Factor::BirthDate]),
            PersonKind::Company => Self(vec![Factor::Cep]),
        }
    }

    /// Whether a code comes first (the only place it can be).
    pub fn starts_with_code(&self) -> bool {
        self.0.first() == Some(&Factor::Code)
    }

    /// The factor asked when no code can be sent.
    pub fn fallback(&self) -> Option<Factor> {
        self.0.iter().copied().find(|f| *f != Factor::Code)
    }

    /// One factor, or a code followed by at most one other factor.
    pub fn is_valid(&self) -> bool {
        let codes = self.0.iter().filter(|f| **f == Factor::Code).count();
        let others = self.0.len() - codes;
        !self.0.is_empty() && codes <= 1 && others <= 1 && (codes == 0 || self.starts_with_code())
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
        let many: Policy = serde_json::from_str(r#"["code","birth_date"]"#).unwrap();
        assert!(many.starts_with_code() && many.is_valid());
        assert_eq!(many.fallback(), Some(Factor::BirthDate));
        assert_eq!(
            serde_json::to_string(&many).unwrap(),
            r#"["code","birth_date"]"#
        );
        assert!(!Policy(vec![Factor::BirthDate, Factor::Code]).is_valid());
        assert!(!Policy(vec![]).is_valid());
        assert!(!Policy(vec![Factor::Cep, Factor::BirthDate]).is_valid());
        assert!(Policy(vec![Factor::Code]).is_valid());
        assert_eq!(Policy(vec![Factor::Code]).fallback(), None);
        assert_eq!(
            Policy::default_for(PersonKind::Company),
            Policy(vec![Factor::Cep])
        );
    }

    #[test]
    fn keys_are_the_wire_names() {
        for f in [Factor::BirthDate, Factor::Cep, Factor::Code] {
            assert_eq!(serde_json::to_value(f).unwrap(), f.key());
        }
        for c in Channel::ALL {
            assert_eq!(serde_json::to_value(c).unwrap(), c.key());
        }
    }
}
