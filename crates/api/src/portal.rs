//! What the portal tells anyone before sign-in: the ISP's branding, the login policy, the
//! switched-on features and the attachment limits.

use brazil::PersonKind;
use serde::{Deserialize, Serialize};

use crate::attachment::AttachmentLimits;
use crate::sign_in::Policy;
use crate::signup::SignupOptions;

/// What the SPA needs to know before anyone signs in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PublicConfig {
    pub isp_name: String,
    pub logo_url: Option<String>,
    pub primary_color: String,
    pub support_phone: Option<String>,
    pub support_whatsapp: Option<String>,
    pub support_email: Option<String>,
    /// Sign-in factors for people, in order of preference: a code is asked when the
    /// customer has a contact to receive it, otherwise the next factor.
    pub login_cpf: Policy,
    /// The same for companies.
    pub login_cnpj: Policy,
    pub features: Features,
    pub attachments: AttachmentLimits,
    pub signup: SignupOptions,
}

impl PublicConfig {
    /// The sign-in policy for a person type.
    pub fn policy(&self, kind: PersonKind) -> &Policy {
        match kind {
            PersonKind::Individual => &self.login_cpf,
            PersonKind::Company => &self.login_cnpj,
        }
    }

    /// The first support contact the ISP gives (phone, WhatsApp, e-mail).
    pub fn support_contact(&self) -> Option<&str> {
        self.support_phone
            .as_deref()
            .or(self.support_whatsapp.as_deref())
            .or(self.support_email.as_deref())
    }
}

/// Parts of the portal an ISP may switch off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default, deny_unknown_fields)]
pub struct Features {
    pub unlock: bool,
    pub tickets: bool,
    pub quitacao: bool,
    pub signup: bool,
}

impl Default for Features {
    fn default() -> Self {
        Self {
            unlock: true,
            tickets: true,
            quitacao: true,
            signup: true,
        }
    }
}

/// An id and a name from one of the ERP's lists (ticket types, departments, cities…).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Choice {
    pub id: String,
    pub name: String,
}
