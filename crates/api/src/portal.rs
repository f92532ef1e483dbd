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

/// The light theme's surface, and the dark theme's (`style/main.css`).
pub const LIGHT_SURFACE: [u8; 3] = [0xff, 0xff, 0xff];
pub const DARK_SURFACE: [u8; 3] = [0x1a, 0x1f, 0x29];
/// How much of the brand colour the dark theme keeps when it lightens it for text
/// (`color-mix(in srgb, var(--brand) 55%, #fff)`).
pub const DARK_TEXT_BRAND_SHARE: f64 = 0.55;
/// WCAG AA for normal text.
pub const AA: f64 = 4.5;

/// `#rrggbb` as its three channels.
pub fn rgb(color: &str) -> Option<[u8; 3]> {
    let hex = color.strip_prefix('#').filter(|h| h.len() == 6)?;
    let channel = |i: usize| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok();
    Some([channel(0)?, channel(2)?, channel(4)?])
}

fn luminance(c: [u8; 3]) -> f64 {
    let lin = |v: u8| {
        let x = f64::from(v) / 255.0;
        if x <= 0.039_28 {
            x / 12.92
        } else {
            ((x + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * lin(c[0]) + 0.7152 * lin(c[1]) + 0.0722 * lin(c[2])
}

/// The WCAG contrast ratio of two colours (1 to 21).
pub fn contrast(a: [u8; 3], b: [u8; 3]) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// What the ISP's colour breaks, one sentence each: as text and buttons on the light theme,
/// and lightened as the dark theme shows it.
pub fn brand_colour_problems(color: &str) -> Vec<String> {
    let Some(brand) = rgb(color) else {
        return vec![format!(
            "{color:?} não é uma cor #rrggbb; o portal usa a cor padrão"
        )];
    };
    let mut out = Vec::new();
    let light = contrast(brand, LIGHT_SURFACE);
    if light < AA {
        out.push(format!(
            "{color} tem contraste {light:.1}:1 sobre branco (o mínimo AA é 4.5:1): textos e botões ficam difíceis de ler"
        ));
    }
    let mix = |c: u8| {
        (f64::from(c) * DARK_TEXT_BRAND_SHARE + 255.0 * (1.0 - DARK_TEXT_BRAND_SHARE)).round() as u8
    };
    let dark_text = [mix(brand[0]), mix(brand[1]), mix(brand[2])];
    let dark = contrast(dark_text, DARK_SURFACE);
    if dark < AA {
        out.push(format!(
            "{color}, clareada no tema escuro, tem contraste {dark:.1}:1 sobre o fundo escuro (o mínimo AA é 4.5:1)"
        ));
    }
    out
}

#[cfg(test)]
mod colour_tests {
    use super::*;

    #[test]
    fn contrast_matches_wcag_and_the_default_colour_passes_both_themes() {
        assert!((contrast([0, 0, 0], [255, 255, 255]) - 21.0).abs() < 1e-9);
        assert!((contrast(rgb("#0b5fff").unwrap(), LIGHT_SURFACE) - 5.13).abs() < 0.01);
        assert_eq!(brand_colour_problems("#0b5fff"), Vec::<String>::new());
    }

    #[test]
    fn a_pale_colour_is_named_for_the_light_theme_and_garbage_is_named_too() {
        let problems = brand_colour_problems("#ffd400");
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].contains("sobre branco"));
        assert!(brand_colour_problems("amarelo")[0].contains("#rrggbb"));
    }
}
