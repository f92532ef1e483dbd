//! The sign-up form as the prospect fills it in: what is kept on the device, the prospect or
//! lead it becomes, and its problems (the rules of `api::signup`, in the order of the form).

use api::{Address, Attachment, NewLead, NewProspect, Prospect};
use serde::{Deserialize, Serialize};

/// Everything the form holds, kept on the device.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Form {
    pub plan_id: String,
    pub name: String,
    pub document: String,
    pub legal_name: String,
    pub state_registration: String,
    /// As typed: `DD/MM/AAAA`.
    pub birth_date: String,
    pub email: String,
    pub phone: String,
    pub mobile: String,
    pub whatsapp: String,
    pub address: Address,
    pub billing_same: bool,
    pub billing: Address,
    pub latitude: String,
    pub longitude: String,
    pub due_day_id: String,
    pub origin_id: String,
    pub reseller_id: String,
    pub documents: Vec<Attachment>,
    /// Made once per form, so that sending it twice creates one prospect.
    pub key: String,
}

impl Default for Form {
    fn default() -> Self {
        Self {
            plan_id: String::new(),
            name: String::new(),
            document: String::new(),
            legal_name: String::new(),
            state_registration: String::new(),
            birth_date: String::new(),
            email: String::new(),
            phone: String::new(),
            mobile: String::new(),
            whatsapp: String::new(),
            address: Address::default(),
            billing_same: true,
            billing: Address::default(),
            latitude: String::new(),
            longitude: String::new(),
            due_day_id: String::new(),
            origin_id: String::new(),
            reseller_id: String::new(),
            documents: Vec::new(),
            key: String::new(),
        }
    }
}

fn opt(text: &str) -> Option<String> {
    api::signup::filled(Some(text))
}

/// An id from a link (`?plano=P2`): letters, digits and dashes only.
pub fn link_id(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect()
}

impl crate::drafts::Draftable for Form {
    fn attachments_mut(&mut self) -> &mut Vec<Attachment> {
        &mut self.documents
    }
}

impl Form {
    /// The prospect as the API takes it.
    pub fn prospect(&self) -> NewProspect {
        NewProspect {
            plan_id: self.plan_id.clone(),
            name: self.name.trim().into(),
            document: self.document.clone(),
            legal_name: opt(&self.legal_name),
            state_registration: opt(&self.state_registration),
            birth_date: api::date::parse_typed(&self.birth_date),
            email: self.email.trim().into(),
            phone: opt(&self.phone),
            mobile: self.mobile.clone(),
            whatsapp: opt(&self.whatsapp),
            installation: self.address.clone(),
            billing: (!self.billing_same).then(|| self.billing.clone()),
            latitude: opt(&self.latitude),
            longitude: opt(&self.longitude),
            due_day_id: self.due_day_id.clone(),
            origin_id: opt(&self.origin_id),
            reseller_id: opt(&self.reseller_id),
            documents: self.documents.clone(),
            idempotency_key: Some(self.key.clone()),
        }
    }

    /// What is missing or wrong, in the order of the form.
    pub fn problems(&self) -> Vec<String> {
        Prospect::try_from(&self.prospect())
            .err()
            .unwrap_or_default()
    }

    /// A request to be told when the address is served.
    pub fn lead(&self) -> NewLead {
        NewLead {
            name: self.name.trim().into(),
            document: opt(&self.document),
            email: opt(&self.email),
            phone: opt(&self.mobile),
            address: self.address.clone(),
            reseller_id: opt(&self.reseller_id),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn complete() -> Form {
        Form {
            plan_id: "P2".into(),
            name: "Ana".into(),
            document: "529.982.247-25".into(),
            birth_date: "14/03/1985".into(),
            email: "ana@example.com".into(),
            mobile: "(81) 98888-7777".into(),
            address: Address {
                cep: "53020-140".into(),
                street: "Av. Olinda".into(),
                number: "1".into(),
                district: "Varadouro".into(),
                city: "Olinda".into(),
                state: "PE".into(),
                ..Address::default()
            },
            due_day_id: "V10".into(),
            key: "k".into(),
            ..Form::default()
        }
    }

    #[test]
    fn a_complete_form_has_no_problems_and_each_gap_is_named() {
        assert_eq!(complete().problems(), Vec::<String>::new());
        assert_eq!(
            complete().prospect().birth_date,
            api::date::parse_iso("1985-03-14")
        );
        let company = Form {
            document: "11.222.333/0001-81".into(),
            ..complete()
        };
        assert_eq!(company.problems(), ["Informe a razão social."]);
        let other_billing = Form {
            billing_same: false,
            ..complete()
        };
        assert!(
            other_billing
                .problems()
                .iter()
                .any(|p| p.contains("cobrança"))
        );
        let bad = Form {
            email: "x".into(),
            mobile: "1".into(),
            plan_id: String::new(),
            ..complete()
        };
        assert_eq!(bad.problems().len(), 3);
        let no_birth = Form {
            birth_date: "31/02/1985".into(),
            ..complete()
        };
        assert_eq!(
            no_birth.problems(),
            ["Informe a data de nascimento (DD/MM/AAAA)."]
        );
    }

    #[test]
    fn ids_from_links_keep_only_safe_characters() {
        assert_eq!(link_id("P2<script>"), "P2script");
        assert_eq!(link_id("plano-10"), "plano-10");
    }
}
