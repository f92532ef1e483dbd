//! The gateway's own JSON API under `/api/v1`: one definition that the SPA and the gateway
//! both compile against, so a field cannot drift between them.

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

/// The attachment types the portal accepts, recognised by their first bytes: `jpg`, `png`,
/// `gif`, `webp` or `pdf`. The browser checks before sending and the gateway again.
pub fn attachment_kind(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("jpg")
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("png")
    } else if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        Some("gif")
    } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some("webp")
    } else if bytes.starts_with(b"%PDF-") {
        Some("pdf")
    } else {
        None
    }
}

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
    /// The field label the sign-in form shows.
    pub fn label(self) -> &'static str {
        match self {
            Self::BirthDate => "Data de nascimento",
            Self::Cep => "CEP do endereço cadastrado",
            Self::Code => "Código recebido",
        }
    }
}

/// Digits in a one-time sign-in code.
pub const CODE_DIGITS: usize = 6;

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
    /// `m***@gmail.com`, `(81) *****-7777`.
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

/// The digits of a typed code (spaces, dashes and pasted text around it dropped), if there
/// are exactly [`CODE_DIGITS`] of them.
pub fn typed_code(text: &str) -> Option<String> {
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    (digits.len() == CODE_DIGITS).then_some(digits)
}

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

/// Name, masked document and contracts of the signed-in subscriber.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CustomerSummary {
    pub name: String,
    pub document_masked: String,
    pub company: bool,
    pub contracts: Vec<Contract>,
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

/// An open invoice in a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Invoice {
    pub id: String,
    pub contract_ids: Vec<String>,
    pub description: Option<String>,
    /// `YYYY-MM-DD`.
    pub due_on: Option<String>,
    pub overdue: bool,
    pub original_cents: Option<i64>,
    pub current_cents: Option<i64>,
    pub interest_cents: Option<i64>,
    pub fine_cents: Option<i64>,
    pub discount_cents: Option<i64>,
    pub linha_digitavel: Option<String>,
    pub pix_code: Option<String>,
    /// Whether `/faturas/{id}/boleto.pdf` has a PDF to give.
    pub has_pdf: bool,
    /// ERP fields that could not be read, named for the subscriber.
    pub unreadable: Vec<String>,
}

/// One invoice with its boleto and PIX code decoded, and any disagreement spelled out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InvoiceDetail {
    pub invoice: Invoice,
    pub boleto: Option<BoletoInfo>,
    pub pix: Option<PixInfo>,
    /// pt-BR sentences: a code that does not validate, or that disagrees with the invoice.
    pub warnings: Vec<String>,
    /// `YYYY-MM-DD`: the day interest, fine and discount were computed for.
    pub computed_on: String,
}

fn brl(cents: i64) -> String {
    brazil::Centavos(cents).to_brl()
}

fn br_date(d: brazil::Date) -> String {
    format!("{:02}/{:02}/{}", d.day(), u8::from(d.month()), d.year())
}

fn iso_date(text: &str) -> Option<brazil::Date> {
    let mut parts = text.splitn(3, '-').map(str::parse::<i32>);
    let (Some(Ok(y)), Some(Ok(m)), Some(Ok(d))) = (parts.next(), parts.next(), parts.next()) else {
        return None;
    };
    let month = u8::try_from(m)
        .ok()
        .and_then(|m| brazil::date::Month::try_from(m).ok())?;
    brazil::Date::from_calendar_date(y, month, u8::try_from(d).ok()?).ok()
}

impl InvoiceDetail {
    /// Decodes the invoice's boleto and PIX code with `brazil` and says, in pt-BR, where a
    /// code fails or disagrees with the amounts and due date the ERP states. The gateway and
    /// the browser run this same rule; `today` reads the boleto's due-date factor.
    pub fn from_invoice(invoice: Invoice, today: brazil::Date) -> Self {
        let mut warnings = Vec::new();
        let boleto = invoice.linha_digitavel.as_deref().and_then(|linha| match brazil::Boleto::parse(linha) {
            Ok(b) => {
                let amount = b.amount().map(brazil::Centavos::get);
                let due = b.due_date(today);
                if let (Some(code), Some(stated)) = (amount, invoice.original_cents)
                    && code != stated
                {
                    warnings.push(format!("O valor no código de barras ({}) difere do valor da fatura ({}).", brl(code), brl(stated)));
                }
                if let (Some(code), Some(stated)) = (due, invoice.due_on.as_deref().and_then(iso_date))
                    && code != stated
                {
                    warnings.push(format!(
                        "O vencimento no código de barras ({}) difere do vencimento da fatura ({}).",
                        br_date(code),
                        br_date(stated)
                    ));
                }
                Some(BoletoInfo {
                    barcode: b.barcode().to_string(),
                    linha_formatted: b.linha_formatted(),
                    bank: match &b {
                        brazil::Boleto::Cobranca(c) => Some(c.bank().to_string()),
                        brazil::Boleto::Arrecadacao(_) => None,
                    },
                    amount_cents: amount,
                    due_on: due.map(|d| d.to_string()),
                })
            }
            Err(e) => {
                warnings.push(format!("A linha digitável desta fatura não é válida ({e}). Não pague por ela; fale com o provedor."));
                None
            }
        });
        let pix = invoice.pix_code.as_deref().and_then(|code| match brazil::BrCode::parse(code) {
            Ok(p) => {
                let amount = p.amount.map(brazil::Centavos::get);
                // A PIX code pays the amount due today: the updated value when the ERP gives one.
                let due_today = invoice.current_cents.or(invoice.original_cents);
                if let (Some(a), Some(stated)) = (amount, due_today)
                    && a != stated
                {
                    warnings.push(format!("O valor no código Pix ({}) difere do valor a pagar da fatura ({}).", brl(a), brl(stated)));
                }
                Some(PixInfo {
                    dynamic: p.kind() == brazil::PixKind::Dynamic,
                    payload: p.payload,
                    payee: p.merchant_name,
                    city: p.merchant_city,
                    amount_cents: amount,
                })
            }
            Err(e) => {
                warnings.push(format!("O código Pix desta fatura não é válido ({e}). Use o boleto ou fale com o provedor."));
                None
            }
        });
        Self {
            invoice,
            boleto,
            pix,
            warnings,
            computed_on: today.to_string(),
        }
    }
}

/// What the boleto's own digits say.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BoletoInfo {
    pub barcode: String,
    pub linha_formatted: String,
    pub bank: Option<String>,
    pub amount_cents: Option<i64>,
    pub due_on: Option<String>,
}

/// What the PIX BR Code says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PixInfo {
    pub payload: String,
    pub dynamic: bool,
    pub payee: String,
    pub city: String,
    pub amount_cents: Option<i64>,
}

/// A nota fiscal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NotaFiscal {
    pub id: String,
    pub number: Option<String>,
    pub kind: Option<String>,
    pub posted_on: Option<String>,
    pub amount_cents: Option<i64>,
    pub has_pdf: bool,
}

/// A declaração anual de quitação de débitos.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Quitacao {
    pub id: String,
    pub year: Option<i64>,
    pub amount_cents: Option<i64>,
    pub has_pdf: bool,
}

/// An entry of the financial statement, amounts as the ERP names them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StatementEntry {
    pub invoice_id: Option<String>,
    pub description: Option<String>,
    pub posted_on: Option<String>,
    pub due_on: Option<String>,
    pub settled_on: Option<String>,
    /// `valor` in the ERP.
    pub amount_cents: Option<i64>,
    /// `saldo` in the ERP.
    pub balance_cents: Option<i64>,
    pub charge: Option<String>,
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
    pub login_cpf: Vec<Factor>,
    /// The same for companies.
    pub login_cnpj: Vec<Factor>,
    pub features: Features,
    pub max_attachment_bytes: u64,
    pub max_attachments: u32,
    pub signup: SignupOptions,
}

/// How the sign-up form behaves for this ISP.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
        let fold = |t: &str| brazil::pix::to_ascii(t.trim()).to_lowercase();
        let wanted = fold(city);
        if self.served_cities.is_empty() {
            erp_cities.iter().any(|c| fold(&c.name) == wanted)
        } else {
            self.served_cities.iter().any(|c| fold(c) == wanted)
        }
    }
}

/// Parts of the portal an ISP may switch off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Features {
    pub unlock: bool,
    pub tickets: bool,
    pub quitacao: bool,
    pub signup: bool,
}

/// An id and a name from one of the ERP's lists (ticket types, departments, cities…).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Choice {
    pub id: String,
    pub name: String,
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
    /// `YYYY-MM-DD`: the day the service is suspended again unless paid.
    pub until: Option<String>,
    pub message: Option<String>,
}

/// A file attached in the browser.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Attachment {
    pub name: String,
    pub content_base64: String,
}

/// The ERP's lists a ticket is opened with, and the customer's services.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TicketOptions {
    pub types: Vec<Choice>,
    pub departments: Vec<Choice>,
    pub services: Vec<Choice>,
}

/// A support ticket to open.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewTicket {
    pub service_id: Option<String>,
    pub type_id: String,
    pub department_id: String,
    pub subject: String,
    pub message: String,
    pub attachments: Vec<Attachment>,
}

/// The ticket the ERP opened: its id is the protocol shown to the subscriber.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TicketCreated {
    pub protocol: String,
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewProspect {
    pub plan_id: String,
    pub name: String,
    pub document: String,
    pub legal_name: Option<String>,
    pub state_registration: Option<String>,
    pub birth_date: Option<String>,
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
                masked: "(81) *****-7777".into(),
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
        assert!(
            !listed.serves("Jaboatão dos Guararapes", &erp),
            "the configured list wins"
        );
    }

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
