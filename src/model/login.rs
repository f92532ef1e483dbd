//! The sign-in screens as state: which step, what the form holds, what submitting asks of
//! the gateway, and how each answer moves to the next step. Pure, tested on the host.

use api::{
    CODE_DIGITS, Channel, CodeRequest, CodeSent, CodeSignIn, CodeStart, Destination, Factor,
    Policy, SignIn, SignInStep,
};
use brazil::CpfOuCnpj;

/// Which screen of the sign-in the subscriber is on.
#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    /// The document, and the factor when the policy does not start with a code.
    Start,
    /// The factor the gateway asked for (no contact to send a code to).
    Factor(Factor),
    /// Pick where the code goes.
    Choose(Vec<Destination>),
    /// Type the code sent to `masked`.
    Code {
        channel: Channel,
        masked: String,
        resend_at_ms: f64,
    },
    /// No contact and no other factor.
    NoDestination,
}

/// What a submit asks the gateway for.
#[derive(Debug, Clone, PartialEq)]
pub enum Request {
    Start(CodeStart),
    Factor(SignIn),
    Send(CodeRequest),
    Code(CodeSignIn),
}

/// The whole form.
#[derive(Debug, Clone, PartialEq)]
pub struct Login {
    pub step: Step,
    pub document: String,
    pub factor_text: String,
    pub code_text: String,
    pub chosen: Option<Channel>,
}

impl Default for Login {
    fn default() -> Self {
        Self {
            step: Step::Start,
            document: String::new(),
            factor_text: String::new(),
            code_text: String::new(),
            chosen: None,
        }
    }
}

/// Masks a birth date (`DD/MM/AAAA`) or a CEP (`00000-000`) as typed.
pub fn mask_factor(factor: Factor, typed: &str) -> String {
    let digits: String = typed.chars().filter(char::is_ascii_digit).collect();
    match factor {
        Factor::BirthDate => digits
            .chars()
            .take(8)
            .enumerate()
            .flat_map(|(i, c)| (i == 2 || i == 4).then_some('/').into_iter().chain([c]))
            .collect(),
        Factor::Cep => digits
            .chars()
            .take(8)
            .enumerate()
            .flat_map(|(i, c)| (i == 5).then_some('-').into_iter().chain([c]))
            .collect(),
        Factor::Code | Factor::Passkey => digits.chars().take(CODE_DIGITS).collect(),
    }
}

/// Seconds left until `deadline_ms`, rounded up.
pub fn seconds_left(deadline_ms: f64, now_ms: f64) -> u64 {
    ((deadline_ms - now_ms) / 1000.0).ceil().max(0.0) as u64
}

impl Login {
    /// The factor the form asks for on the current step.
    pub fn factor(&self, policy: &Policy) -> Factor {
        match &self.step {
            Step::Factor(f) => *f,
            _ => policy.fallback().unwrap_or(Factor::BirthDate),
        }
    }

    /// Whether the factor field shows.
    pub fn shows_factor(&self, policy: &Policy) -> bool {
        match self.step {
            Step::Factor(_) => true,
            Step::Start => !policy.has_code(),
            _ => false,
        }
    }

    /// What submitting the form asks for, or the sentence that says what is missing.
    ///
    /// # Errors
    /// A pt-BR sentence for the form.
    pub fn submit(&self, policy: &Policy) -> Result<Option<Request>, String> {
        if let Err(e) = CpfOuCnpj::parse(&self.document) {
            return Err(format!("Confira o CPF ou CNPJ: {e}."));
        }
        let document = self.document.clone();
        match &self.step {
            Step::Start if policy.has_code() => Ok(Some(Request::Start(CodeStart { document }))),
            Step::Start | Step::Factor(_) => {
                if self.factor_text.trim().is_empty() {
                    return Err(format!("Informe: {}.", self.factor(policy).label()));
                }
                Ok(Some(Request::Factor(SignIn {
                    document,
                    factor: self.factor_text.clone(),
                })))
            }
            Step::Choose(_) => match self.chosen {
                Some(channel) => Ok(Some(Request::Send(CodeRequest { document, channel }))),
                None => Err("Escolha para onde enviar o código.".into()),
            },
            Step::Code { .. } => self.code_request().map(Some),
            Step::NoDestination => Ok(None),
        }
    }

    /// The code typed, as a request to sign in.
    ///
    /// # Errors
    /// When it is not [`CODE_DIGITS`] digits.
    pub fn code_request(&self) -> Result<Request, String> {
        api::typed_code(&self.code_text)
            .map(|code| {
                Request::Code(CodeSignIn {
                    document: self.document.clone(),
                    code,
                })
            })
            .ok_or_else(|| format!("Digite os {CODE_DIGITS} números do código."))
    }

    /// The gateway said what the second screen asks for.
    pub fn started(&mut self, step: SignInStep) {
        self.step = match step {
            SignInStep::Code { destinations } => {
                self.chosen = destinations.first().map(|d| d.channel);
                Step::Choose(destinations)
            }
            SignInStep::Factor { factor } => Step::Factor(factor),
            SignInStep::NoDestination => Step::NoDestination,
        };
    }

    /// A code went out on `channel` at `now_ms`.
    pub fn sent(&mut self, channel: Channel, sent: CodeSent, now_ms: f64) {
        self.code_text.clear();
        self.step = Step::Code {
            channel,
            masked: sent.masked,
            resend_at_ms: now_ms + sent.resend_in_s as f64 * 1000.0,
        };
    }

    /// On the code screens, the offer for someone who does not recognise the contacts shown
    /// (every document is shown contacts, so that strangers cannot tell customers apart):
    /// the policy's other factor, or the ISP.
    pub fn other_way_label(&self, policy: &Policy) -> Option<&'static str> {
        // Back from the factor (a locked birth date among them) to the code.
        if matches!(self.step, Step::Factor(_)) && policy.has_code() {
            return Some("Receber um código no e-mail ou WhatsApp");
        }
        if !matches!(self.step, Step::Choose(_) | Step::Code { .. }) {
            return None;
        }
        Some(match policy.fallback() {
            Some(Factor::BirthDate) => {
                "Não reconhece estes contatos? Entre com a data de nascimento"
            }
            Some(Factor::Cep) => "Não reconhece estes contatos? Entre com o CEP",
            _ => "Não reconhece estes contatos?",
        })
    }

    /// Leaves the code screens for the policy's other factor, or for the ISP's contact; from
    /// the factor, goes back to the first screen, where the code starts.
    pub fn take_other_way(&mut self, policy: &Policy) {
        if matches!(self.step, Step::Factor(_)) {
            self.restart();
            return;
        }
        self.code_text.clear();
        self.step = match policy.fallback() {
            Some(factor) => Step::Factor(factor),
            None => Step::NoDestination,
        };
    }

    /// A line under the factor, when it is the way in only for some customers.
    pub fn hint(&self, policy: &Policy) -> Option<&'static str> {
        (matches!(self.step, Step::Factor(_)) && policy.has_code())
            .then_some("Este caminho é só para quem ainda não confirmou um e-mail ou WhatsApp na central; quem confirmou entra pelo código.")
    }

    /// Back to the first screen, keeping the document.
    pub fn restart(&mut self) {
        *self = Self {
            document: std::mem::take(&mut self.document),
            ..Self::default()
        };
    }

    /// The sentence above the form.
    pub fn lead(&self) -> String {
        match &self.step {
            Step::Start | Step::Factor(_) => "Informe o CPF ou CNPJ do titular do contrato.".into(),
            Step::Choose(_) => {
                "Para sua segurança, enviamos um código para um contato que você confirmou na central.".into()
            }
            Step::Code { masked, .. } => {
                format!("Enviamos um código de {CODE_DIGITS} números para {masked}.")
            }
            Step::NoDestination => {
                "Não há e-mail nem WhatsApp confirmado na central para receber o código.".into()
            }
        }
    }

    /// The submit button's text.
    pub fn button_label(&self, policy: &Policy, busy: bool) -> &'static str {
        match (&self.step, busy) {
            (_, true) => "Aguarde…",
            (Step::Start, false) if policy.has_code() => "Continuar",
            (Step::Choose(_), false) => "Enviar código",
            _ => "Entrar",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MARIA: &str = "529.982.247-25";

    fn code_first() -> Policy {
        Policy(vec![Factor::Code, Factor::BirthDate])
    }

    #[test]
    fn factors_are_masked_as_typed() {
        assert_eq!(mask_factor(Factor::BirthDate, "14031985"), "14/03/1985");
        assert_eq!(mask_factor(Factor::BirthDate, "140"), "14/0");
        assert_eq!(mask_factor(Factor::Cep, "50050000"), "50050-000");
        assert_eq!(mask_factor(Factor::Cep, "5005a"), "5005");
        assert_eq!(mask_factor(Factor::Code, "123 4567"), "123456");
    }

    #[test]
    fn the_resend_countdown_rounds_up_and_stops_at_zero() {
        assert_eq!(seconds_left(60_000.0, 0.0), 60);
        assert_eq!(seconds_left(60_000.0, 59_500.0), 1);
        assert_eq!(seconds_left(60_000.0, 61_000.0), 0);
    }

    #[test]
    fn a_factor_policy_signs_in_on_the_first_screen() {
        let policy = Policy(vec![Factor::BirthDate]);
        let mut login = Login {
            document: "123".into(),
            ..Login::default()
        };
        assert!(
            login
                .submit(&policy)
                .unwrap_err()
                .starts_with("Confira o CPF")
        );
        login.document = MARIA.into();
        assert_eq!(
            login.submit(&policy).unwrap_err(),
            "Informe: Data de nascimento."
        );
        login.factor_text = "14/03/1985".into();
        assert!(matches!(
            login.submit(&policy),
            Ok(Some(Request::Factor(SignIn { .. })))
        ));
        assert!(login.shows_factor(&policy));
    }

    #[test]
    fn the_code_flow_moves_through_its_screens() {
        let policy = code_first();
        let mut login = Login {
            document: MARIA.into(),
            ..Login::default()
        };
        assert!(!login.shows_factor(&policy));
        assert_eq!(login.button_label(&policy, false), "Continuar");
        assert!(matches!(login.submit(&policy), Ok(Some(Request::Start(_)))));
        login.started(SignInStep::Code {
            destinations: vec![Destination {
                channel: Channel::Whatsapp,
                masked: "(**) *****-**77".into(),
            }],
        });
        assert_eq!(login.chosen, Some(Channel::Whatsapp), "the first is picked");
        assert!(matches!(
            login.submit(&policy),
            Ok(Some(Request::Send(CodeRequest {
                channel: Channel::Whatsapp,
                ..
            })))
        ));
        let sent = CodeSent {
            masked: "(**) *****-**77".into(),
            expires_in_s: 300,
            resend_in_s: 60,
        };
        login.sent(Channel::Whatsapp, sent, 1_000.0);
        assert!(login.lead().contains("(**) *****-**77"));
        assert!(matches!(login.step, Step::Code { resend_at_ms, .. } if resend_at_ms == 61_000.0));
        login.code_text = "12 34".into();
        assert!(login.submit(&policy).unwrap_err().contains("6 números"));
        login.code_text = "123456".into();
        assert!(matches!(login.submit(&policy), Ok(Some(Request::Code(_)))));
        login.restart();
        assert_eq!(login.step, Step::Start);
        assert_eq!(login.document, MARIA, "the document stays");
    }

    #[test]
    fn contacts_not_recognised_lead_to_the_other_factor_or_the_isp() {
        let policy = code_first();
        let mut login = Login {
            document: MARIA.into(),
            ..Login::default()
        };
        assert_eq!(
            login.other_way_label(&policy),
            None,
            "not on the first screen"
        );
        login.started(SignInStep::Code {
            destinations: vec![Destination {
                channel: Channel::Email,
                masked: "m***@g***".into(),
            }],
        });
        assert!(
            login
                .other_way_label(&policy)
                .unwrap()
                .contains("data de nascimento")
        );
        login.take_other_way(&policy);
        assert_eq!(login.step, Step::Factor(Factor::BirthDate));
        assert!(login.hint(&policy).is_some());
        assert!(login.shows_factor(&policy));
        assert!(login.other_way_label(&policy).unwrap().contains("código"));
        let mut back = login.clone();
        back.take_other_way(&policy);
        assert_eq!(
            back.step,
            Step::Start,
            "a locked birth date leads back to the code"
        );

        let code_only = Policy(vec![Factor::Code]);
        login.started(SignInStep::Code {
            destinations: vec![],
        });
        login.take_other_way(&code_only);
        assert_eq!(login.step, Step::NoDestination);
    }

    #[test]
    fn without_a_contact_the_gateway_names_the_factor_or_nothing() {
        let mut login = Login {
            document: MARIA.into(),
            ..Login::default()
        };
        login.started(SignInStep::Factor {
            factor: Factor::Cep,
        });
        assert_eq!(login.factor(&code_first()), Factor::Cep);
        assert!(login.shows_factor(&code_first()));
        login.started(SignInStep::NoDestination);
        assert_eq!(login.submit(&code_first()), Ok(None));
    }
}
