//! Invoices and the money documents around them: the list row, the decoded detail with its
//! warnings, the statement, notas fiscais and quitação declarations.

use serde::{Deserialize, Serialize};

use crate::date::{self, Date};

/// An open invoice in a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Invoice {
    pub id: String,
    pub contract_ids: Vec<String>,
    pub description: Option<String>,
    #[serde(with = "date::iso_opt", default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub due_on: Option<Date>,
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

impl Invoice {
    /// What paying today costs: the updated value when the ERP gives one, else the original.
    pub fn amount_due_cents(&self) -> Option<i64> {
        self.current_cents.or(self.original_cents)
    }

    /// Where the invoice stands on `today`: the ERP's overdue flag wins, then the due date.
    pub fn due_status(&self, today: Date) -> DueStatus {
        match self.due_on {
            _ if self.overdue => DueStatus::Overdue,
            Some(due) if due < today => DueStatus::Overdue,
            Some(due) if due == today => DueStatus::DueToday,
            Some(_) => DueStatus::Upcoming,
            None => DueStatus::Undated,
        }
    }
}

/// Where an open invoice stands, shown as a chip with its colour and its words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DueStatus {
    Overdue,
    DueToday,
    Upcoming,
    Undated,
}

impl DueStatus {
    /// The chip's words.
    pub fn label(self) -> &'static str {
        match self {
            Self::Overdue => "Vencida",
            Self::DueToday => "Vence hoje",
            Self::Upcoming => "A vencer",
            Self::Undated => "Sem vencimento",
        }
    }

    /// The chip's style name.
    pub fn class(self) -> &'static str {
        match self {
            Self::Overdue => "overdue",
            Self::DueToday => "today",
            Self::Upcoming => "upcoming",
            Self::Undated => "undated",
        }
    }
}

/// The overdue invoices of `invoices` on `today`: how many, and what they cost today (those
/// without an amount are counted but add nothing).
pub fn overdue_total(invoices: &[Invoice], today: Date) -> (usize, i64) {
    invoices
        .iter()
        .filter(|i| i.due_status(today) == DueStatus::Overdue)
        .fold((0, 0), |(n, sum), i| {
            (n + 1, sum + i.amount_due_cents().unwrap_or(0))
        })
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
    /// The day interest, fine and discount were computed for.
    #[serde(with = "date::iso")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub computed_on: Date,
}

fn brl(cents: i64) -> String {
    brazil::Centavos(cents).to_brl()
}

impl InvoiceDetail {
    /// Decodes the invoice's boleto and PIX code with `brazil` and says, in pt-BR, where a
    /// code fails or disagrees with the amounts and due date the ERP states. The gateway and
    /// the browser run this same rule; `today` reads the boleto's due-date factor.
    pub fn from_invoice(invoice: Invoice, today: Date) -> Self {
        let mut warnings = Vec::new();
        let boleto = invoice
            .linha_digitavel
            .as_deref()
            .and_then(|linha| match brazil::Boleto::parse(linha) {
                Ok(b) => Some(boleto_info(&b, &invoice, today, &mut warnings)),
                Err(e) => {
                    warnings.push(format!("A linha digitável desta fatura não é válida ({e}). Não pague por ela; fale com o provedor."));
                    None
                }
            });
        let pix = invoice
            .pix_code
            .as_deref()
            .and_then(|code| match brazil::BrCode::parse(code) {
                Ok(p) => {
                    let amount = p.amount.map(brazil::Centavos::get);
                    if let (Some(a), Some(stated)) = (amount, invoice.amount_due_cents())
                        && a != stated
                    {
                        warnings.push(format!(
                            "O valor no código Pix ({}) difere do valor a pagar da fatura ({}).",
                            brl(a),
                            brl(stated)
                        ));
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
            computed_on: today,
        }
    }
}

fn boleto_info(
    b: &brazil::Boleto,
    invoice: &Invoice,
    today: Date,
    warnings: &mut Vec<String>,
) -> BoletoInfo {
    let amount = b.amount().map(brazil::Centavos::get);
    let due = b.due_date(today);
    if let (Some(code), Some(stated)) = (amount, invoice.original_cents)
        && code != stated
    {
        warnings.push(format!(
            "O valor no código de barras ({}) difere do valor da fatura ({}).",
            brl(code),
            brl(stated)
        ));
    }
    if let (Some(code), Some(stated)) = (due, invoice.due_on)
        && code != stated
    {
        warnings.push(format!(
            "O vencimento no código de barras ({}) difere do vencimento da fatura ({}).",
            date::br(code),
            date::br(stated)
        ));
    }
    BoletoInfo {
        barcode: b.barcode().to_string(),
        linha_formatted: b.linha_formatted(),
        bank: match b {
            brazil::Boleto::Cobranca(c) => Some(c.bank().to_string()),
            brazil::Boleto::Arrecadacao(_) => None,
        },
        amount_cents: amount,
        due_on: due,
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
    #[serde(with = "date::iso_opt", default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub due_on: Option<Date>,
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
    #[serde(with = "date::iso_opt", default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub posted_on: Option<Date>,
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
    #[serde(with = "date::iso_opt", default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub posted_on: Option<Date>,
    #[serde(with = "date::iso_opt", default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub due_on: Option<Date>,
    #[serde(with = "date::iso_opt", default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub settled_on: Option<Date>,
    /// `valor` in the ERP.
    pub amount_cents: Option<i64>,
    /// `saldo` in the ERP.
    pub balance_cents: Option<i64>,
    pub charge: Option<String>,
}

impl StatementEntry {
    /// The date the statement sorts by: due date, else the posting date.
    pub fn sort_date(&self) -> Option<Date> {
        self.due_on.or(self.posted_on)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn invoice() -> Invoice {
        Invoice {
            id: "1".into(),
            contract_ids: vec![],
            description: None,
            due_on: date::parse_iso("2026-12-10"),
            overdue: false,
            original_cents: Some(9990),
            current_cents: None,
            interest_cents: None,
            fine_cents: None,
            discount_cents: None,
            linha_digitavel: None,
            pix_code: None,
            has_pdf: false,
            unreadable: vec![],
        }
    }

    #[test]
    fn the_status_follows_the_erp_flag_then_the_date() {
        let day = |d: &str| date::parse_iso(d).unwrap();
        let mut i = invoice();
        assert_eq!(i.due_status(day("2026-12-01")), DueStatus::Upcoming);
        assert_eq!(i.due_status(day("2026-12-10")), DueStatus::DueToday);
        assert_eq!(i.due_status(day("2026-12-11")), DueStatus::Overdue);
        i.overdue = true;
        assert_eq!(
            i.due_status(day("2026-12-01")),
            DueStatus::Overdue,
            "the ERP knows best"
        );
        i.due_on = None;
        i.overdue = false;
        assert_eq!(i.due_status(day("2026-12-01")), DueStatus::Undated);
        assert_eq!(DueStatus::DueToday.label(), "Vence hoje");
    }

    #[test]
    fn the_overdue_total_sums_what_each_costs_today() {
        let day = date::parse_iso("2026-12-20").unwrap();
        let mut late = invoice();
        late.current_cents = Some(10_500);
        let mut later = invoice();
        later.due_on = date::parse_iso("2026-12-25");
        let mut no_amount = invoice();
        no_amount.original_cents = None;
        assert_eq!(
            overdue_total(&[late, later, no_amount, invoice()], day),
            (3, 10_500 + 9_990)
        );
    }

    #[test]
    fn the_amount_due_is_the_updated_value_when_there_is_one() {
        let mut i = invoice();
        assert_eq!(i.amount_due_cents(), Some(9990));
        i.current_cents = Some(10_500);
        assert_eq!(i.amount_due_cents(), Some(10_500));
    }

    #[test]
    fn dates_travel_as_iso_text() {
        let json = serde_json::to_value(invoice()).unwrap();
        assert_eq!(json["due_on"], "2026-12-10");
        let back: Invoice = serde_json::from_value(json).unwrap();
        assert_eq!(back, invoice());
    }
}
