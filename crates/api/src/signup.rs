//! Signing up for a plan without an account: the form as sent, the ISP's coverage rule,
//! and the checks (one list of problems, in the order of the form) that the browser shows
//! before sending and the gateway applies again before calling the ERP.

use brazil::{CpfOuCnpj, PersonKind};
use serde::{Deserialize, Serialize};

use crate::attachment::Attachment;
use crate::date::{self, Date};
use crate::portal::Choice;

/// A plan offered at sign-up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Plan {
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    pub price_cents: Option<i64>,
}

/// An address as the sign-up form collects it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Address {
    pub cep: String,
    pub street: String,
    pub number: String,
    pub complement: Option<String>,
    pub reference: Option<String>,
    pub district: String,
    pub city: String,
    pub state: String,
}

/// A sign-up (prospect) as the browser sends it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewProspect {
    pub plan_id: String,
    pub name: String,
    pub document: String,
    pub legal_name: Option<String>,
    pub state_registration: Option<String>,
    #[serde(with = "date::iso_opt", default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub birth_date: Option<Date>,
    pub email: String,
    pub phone: Option<String>,
    pub mobile: String,
    pub whatsapp: Option<String>,
    pub installation: Address,
    pub billing: Option<Address>,
    pub latitude: Option<String>,
    pub longitude: Option<String>,
    pub due_day_id: String,
    pub origin_id: Option<String>,
    pub reseller_id: Option<String>,
    pub documents: Vec<Attachment>,
    /// Made once per form on the device: sending the same form twice creates one prospect.
    #[serde(default)]
    pub idempotency_key: Option<String>,
}

/// The prospect the ERP created, with the token of its tracking page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProspectCreated {
    pub id: String,
    pub tracking: String,
}

/// A lead: someone whose address is not served yet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewLead {
    pub name: String,
    pub document: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub address: Address,
    pub reseller_id: Option<String>,
}

/// A prospect's status as the ERP names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProspectStatus {
    pub id: String,
    pub status: Option<String>,
    pub reason: Option<String>,
}

/// How the sign-up form behaves for this ISP.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default, deny_unknown_fields)]
pub struct SignupOptions {
    /// Cities served; empty means every city of the ERP's list.
    pub served_cities: Vec<String>,
    pub choose_origin: bool,
    pub choose_reseller: bool,
}

impl SignupOptions {
    /// Whether `city` is served: in the configured list when there is one, otherwise in the
    /// ERP's city list. Accents, case and surrounding blanks do not matter.
    pub fn serves(&self, city: &str, erp_cities: &[Choice]) -> bool {
        let fold = |t: &str| brazil::pix::to_ascii(t.trim()).to_ascii_lowercase();
        let wanted = fold(city);
        if self.served_cities.is_empty() {
            erp_cities.iter().any(|c| fold(&c.name) == wanted)
        } else {
            self.served_cities.iter().any(|c| fold(c) == wanted)
        }
    }
}

/// The eight digits of a CEP typed with or without its dash.
pub fn cep_digits(text: &str) -> Option<String> {
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    (digits.len() == 8).then_some(digits)
}

/// A latitude or longitude as the form sends it: six decimals (about 10 cm), written with
/// integers so the browser's bundle carries no float formatting for it.
pub fn coordinate(degrees: f64) -> String {
    let micro = (degrees * 1_000_000.0).round() as i64;
    let sign = if micro < 0 { "-" } else { "" };
    let micro = micro.unsigned_abs();
    format!("{sign}{}.{:06}", micro / 1_000_000, micro % 1_000_000)
}

/// Text that is there once trimmed.
pub fn filled(text: Option<&str>) -> Option<String> {
    text.map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string)
}

impl Address {
    /// The address trimmed, with the CEP as digits, or the sentence that says what is
    /// missing (`label` names which address: "instalação", "cobrança").
    ///
    /// # Errors
    /// The first gap, as a sentence.
    pub fn checked(&self, label: &str) -> Result<Address, String> {
        let cep = cep_digits(&self.cep)
            .ok_or_else(|| format!("Informe o CEP do endereço de {label}."))?;
        let parts = [
            &self.street,
            &self.number,
            &self.district,
            &self.city,
            &self.state,
        ];
        if parts.iter().any(|v| v.trim().is_empty()) {
            return Err(format!("Complete o endereço de {label}."));
        }
        Ok(Address {
            cep,
            street: self.street.trim().into(),
            number: self.number.trim().into(),
            complement: filled(self.complement.as_deref()),
            reference: filled(self.reference.as_deref()),
            district: self.district.trim().into(),
            city: self.city.trim().into(),
            // A UF is two ASCII letters; ASCII casing also keeps Unicode's case tables out of
            // the browser's bundle.
            state: self.state.trim().to_ascii_uppercase(),
        })
    }
}

/// A sign-up whose every field passed: the document parsed, contacts normalised,
/// addresses complete.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prospect {
    pub document: CpfOuCnpj,
    pub name: String,
    pub legal_name: Option<String>,
    pub birth_date: Option<Date>,
    pub email: String,
    pub mobile: String,
    pub whatsapp: Option<String>,
    pub installation: Address,
    pub billing: Address,
    /// The form as sent, for the optional fields passed on as they are.
    pub form: NewProspect,
}

impl Prospect {
    /// Whether the applicant is a company (CNPJ).
    pub fn company(&self) -> bool {
        self.document.kind() == PersonKind::Company
    }
}

impl TryFrom<&NewProspect> for Prospect {
    /// Every problem, in the order of the form, as sentences.
    type Error = Vec<String>;

    fn try_from(f: &NewProspect) -> Result<Self, Vec<String>> {
        let mut problems = Vec::new();
        let mut need = |ok: bool, what: &str| {
            if !ok {
                problems.push(what.to_string());
            }
        };
        need(!f.plan_id.trim().is_empty(), "Escolha um plano.");
        let name = f.name.trim().to_string();
        need(!name.is_empty(), "Informe o nome.");
        let document = CpfOuCnpj::parse(&f.document).ok();
        need(document.is_some(), "Informe um CPF ou CNPJ válido.");
        let company = document
            .as_ref()
            .is_some_and(|d| d.kind() == PersonKind::Company);
        let legal_name = filled(f.legal_name.as_deref());
        if company {
            need(legal_name.is_some(), "Informe a razão social.");
        } else {
            need(
                f.birth_date.is_some(),
                "Informe a data de nascimento (DD/MM/AAAA).",
            );
        }
        let email = brazil::contact::email(&f.email).ok();
        need(email.is_some(), "Informe um e-mail válido.");
        let mobile = brazil::contact::phone(&f.mobile).ok();
        need(mobile.is_some(), "Informe um celular com DDD.");
        let whatsapp = filled(f.whatsapp.as_deref()).map(|w| brazil::contact::phone(&w));
        need(!matches!(whatsapp, Some(Err(_))), "Confira o WhatsApp.");
        let installation = f.installation.checked("instalação");
        let billing = f.billing.as_ref().map(|b| b.checked("cobrança"));
        for gap in [&installation]
            .into_iter()
            .chain(billing.as_ref())
            .filter_map(|a| a.as_ref().err())
        {
            problems.push(gap.clone());
        }
        if f.due_day_id.trim().is_empty() {
            problems.push("Escolha o dia de vencimento.".into());
        }
        match (document, email, mobile, whatsapp.transpose(), installation) {
            (Some(document), Some(email), Some(mobile), Ok(whatsapp), Ok(installation))
                if problems.is_empty() =>
            {
                let billing = match billing {
                    Some(Ok(b)) => b,
                    _ => installation.clone(),
                };
                Ok(Self {
                    document,
                    name,
                    legal_name,
                    birth_date: if company { None } else { f.birth_date },
                    email,
                    mobile,
                    whatsapp,
                    installation,
                    billing,
                    form: f.clone(),
                })
            }
            _ => Err(problems),
        }
    }
}

/// A lead whose fields passed: a name, a way to reach the person, a complete CEP.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lead {
    pub name: String,
    pub document: Option<CpfOuCnpj>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub cep: String,
    pub form: NewLead,
}

impl TryFrom<&NewLead> for Lead {
    /// The first problem, as a sentence.
    type Error = String;

    fn try_from(l: &NewLead) -> Result<Self, String> {
        let name = filled(Some(&l.name)).ok_or("Informe o nome.")?;
        let contact = |r: Result<String, brazil::ContactError>| {
            r.map_err(|e| format!("Confira os dados: {e}."))
        };
        let email = filled(l.email.as_deref())
            .map(|e| contact(brazil::contact::email(&e)))
            .transpose()?;
        let phone = filled(l.phone.as_deref())
            .map(|p| contact(brazil::contact::phone(&p)))
            .transpose()?;
        if email.is_none() && phone.is_none() {
            return Err("Informe um e-mail ou telefone para avisarmos você.".into());
        }
        let document = filled(l.document.as_deref())
            .map(|d| CpfOuCnpj::parse(&d).map_err(|_| "Informe um CPF ou CNPJ válido."))
            .transpose()?;
        let cep = cep_digits(&l.address.cep).ok_or("Informe o CEP do endereço de instalação.")?;
        Ok(Self {
            name,
            document,
            email,
            phone,
            cep,
            form: l.clone(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coordinates_have_six_decimals_and_keep_the_sign_below_one_degree() {
        for (degrees, text) in [
            (-8.047_562_4, "-8.047562"),
            (-34.877_000_5, "-34.877001"),
            (-0.5, "-0.500000"),
            (0.000_000_4, "0.000000"),
            (179.999_999_9, "180.000000"),
            (f64::NAN, "0.000000"),
        ] {
            assert_eq!(coordinate(degrees), text, "{degrees}");
            if degrees.is_finite() {
                let back: f64 = text.parse().expect("a number");
                assert!((back - degrees).abs() <= 0.000_000_5 + f64::EPSILON);
            }
        }
    }

    pub(crate) fn complete() -> NewProspect {
        NewProspect {
            plan_id: "P2".into(),
            name: "Ana".into(),
            document: "529.982.247-25".into(),
            birth_date: date::parse_typed("14/03/1985"),
            email: "ana@example.com".into(),
            mobile: "(81) 98888-7777".into(),
            installation: Address {
                cep: "53020-140".into(),
                street: "Av. Olinda".into(),
                number: "1".into(),
                district: "Varadouro".into(),
                city: "Olinda".into(),
                state: "pe".into(),
                ..Address::default()
            },
            due_day_id: "V10".into(),
            ..NewProspect::default()
        }
    }

    #[test]
    fn a_complete_form_passes_and_each_gap_is_named_in_order() {
        let p = Prospect::try_from(&complete()).unwrap();
        assert_eq!(p.installation.cep, "53020140");
        assert_eq!(p.installation.state, "PE");
        assert_eq!(
            p.billing, p.installation,
            "billing defaults to installation"
        );
        let company = NewProspect {
            document: "11.222.333/0001-81".into(),
            ..complete()
        };
        assert_eq!(
            Prospect::try_from(&company).unwrap_err(),
            ["Informe a razão social."]
        );
        let other_billing = NewProspect {
            billing: Some(Address::default()),
            ..complete()
        };
        assert_eq!(
            Prospect::try_from(&other_billing).unwrap_err(),
            ["Informe o CEP do endereço de cobrança."]
        );
        let bad = NewProspect {
            email: "x".into(),
            mobile: "1".into(),
            plan_id: String::new(),
            whatsapp: Some("12".into()),
            ..complete()
        };
        assert_eq!(
            Prospect::try_from(&bad).unwrap_err(),
            [
                "Escolha um plano.",
                "Informe um e-mail válido.",
                "Informe um celular com DDD.",
                "Confira o WhatsApp."
            ]
        );
    }

    #[test]
    fn leads_need_a_name_a_contact_and_a_cep() {
        let lead = NewLead {
            name: "Ana".into(),
            document: None,
            email: None,
            phone: Some("(81) 98888-7777".into()),
            address: complete().installation,
            reseller_id: None,
        };
        assert_eq!(Lead::try_from(&lead).unwrap().cep, "53020140");
        let silent = NewLead {
            phone: None,
            ..lead.clone()
        };
        assert!(
            Lead::try_from(&silent)
                .unwrap_err()
                .contains("e-mail ou telefone")
        );
        let wrong = NewLead {
            email: Some("x@".into()),
            ..lead
        };
        assert!(
            Lead::try_from(&wrong)
                .unwrap_err()
                .starts_with("Confira os dados")
        );
    }

    #[test]
    fn coverage_comes_from_the_configured_list_or_the_erps() {
        let erp = vec![Choice {
            id: "1".into(),
            name: "Jaboatão dos Guararapes".into(),
        }];
        let open = SignupOptions::default();
        assert!(open.serves(" JABOATAO DOS GUARARAPES ", &erp));
        assert!(!open.serves("Garanhuns", &erp));
        let listed = SignupOptions {
            served_cities: vec!["Garanhuns".into()],
            ..SignupOptions::default()
        };
        assert!(listed.serves("garanhuns", &erp));
        assert!(!listed.serves("Jaboatão dos Guararapes", &erp));
    }
}
