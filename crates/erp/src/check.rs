//! `erp-check`: calls an ERP's read endpoints for one customer and reports, endpoint by
//! endpoint, whether it answered and which fields parsed, were missing or malformed.

use std::fmt::Write as _;

use brazil::CpfOuCnpj;

use crate::client::{ErpClient, ErpError};
use crate::endpoint::Endpoint;
use crate::lenient::{FieldState, Fields};

/// What one endpoint did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EndpointReport {
    pub endpoint: Endpoint,
    /// The portal works without it (contracts, prospect status): a failure is reported,
    /// not counted against the ERP.
    pub optional: bool,
    /// `Err` when the call failed; otherwise the number of records.
    pub outcome: Result<usize, String>,
    /// Field name, how many records had it parsed, how many lacked it, and the first
    /// malformed value with its reason.
    pub fields: Vec<FieldTally>,
}

/// How one field fared across the records of an answer.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FieldTally {
    pub name: &'static str,
    pub ok: usize,
    pub absent: usize,
    pub invalid: usize,
    pub example: Option<String>,
}

/// The whole run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub endpoints: Vec<EndpointReport>,
}

impl Report {
    /// 0 when every required endpoint answered and no field was malformed; 1 otherwise.
    pub fn exit_code(&self) -> i32 {
        let failed = self
            .endpoints
            .iter()
            .any(|e| (e.outcome.is_err() && !e.optional) || e.fields.iter().any(|f| f.invalid > 0));
        i32::from(failed)
    }

    fn fields_of(&self, endpoint: Endpoint) -> impl Iterator<Item = &FieldTally> {
        self.endpoints
            .iter()
            .filter(move |e| e.endpoint == endpoint)
            .flat_map(|e| &e.fields)
    }

    fn answered(&self, endpoint: Endpoint) -> bool {
        self.endpoints
            .iter()
            .any(|e| e.endpoint == endpoint && e.outcome.is_ok())
    }

    fn sends(&self, endpoint: Endpoint, names: &[&str]) -> bool {
        self.fields_of(endpoint)
            .any(|f| names.contains(&f.name) && f.ok > 0)
    }

    /// The optional capabilities the ERP showed, each with the portal feature it enables:
    /// `(capability, offered, what the portal does)`.
    pub fn extensions(&self) -> Vec<(&'static str, bool, &'static str)> {
        vec![
            (
                "e-mail ou celular no cadastro (1)",
                self.sends(
                    Endpoint::Customer,
                    &["email", "telefone_celular", "whatsapp"],
                ),
                "entrar por código enviado ao cliente; sem eles, só a data de nascimento ou o CEP",
            ),
            (
                "url_boleto nas faturas (2)",
                self.sends(Endpoint::OpenInvoices, &["url_boleto"]),
                "o PDF do boleto do próprio ERP; sem ele, o portal desenha o boleto",
            ),
            (
                "pix_code nas faturas (2)",
                self.sends(Endpoint::OpenInvoices, &["pix_code"]),
                "Pix copia e cola e QR na fatura e no boleto",
            ),
            (
                "contratos do cliente (3)",
                self.answered(Endpoint::Contracts),
                "troca de contrato e faturas por contrato; sem ele, o contrato do cadastro",
            ),
            (
                "id_contrato nos serviços (7)",
                self.sends(Endpoint::Services, &["id_contrato"]),
                "serviços sob o seu contrato quando o cliente tem vários",
            ),
            (
                "condições do desbloqueio nos serviços (7)",
                self.sends(
                    Endpoint::Services,
                    &["pode_habilitar", "dias_habilitacao", "motivo"],
                ),
                "diz antes de pedir se e por quantos dias o desbloqueio é possível",
            ),
            (
                "status do prospecto (25)",
                self.answered(Endpoint::ProspectStatus),
                "a página de acompanhamento do pedido de assinatura",
            ),
        ]
    }

    /// The report as text for a terminal.
    pub fn render(&self) -> String {
        let mut out = String::new();
        for e in &self.endpoints {
            match &e.outcome {
                Ok(n) => {
                    let _ = writeln!(out, "OK    {} — {n} registro(s)", e.endpoint);
                }
                Err(err) if e.optional => {
                    let _ = writeln!(out, "AUSENTE {} (opcional) — {err}", e.endpoint);
                }
                Err(err) => {
                    let _ = writeln!(out, "FALHA {} — {err}", e.endpoint);
                }
            }
            for f in &e.fields {
                let mark = if f.invalid > 0 {
                    "malformado"
                } else if f.ok == 0 {
                    "ausente"
                } else {
                    "ok"
                };
                let _ = write!(
                    out,
                    "        {:<28} {mark:<10} ({} ok, {} ausente(s), {} malformado(s))",
                    f.name, f.ok, f.absent, f.invalid
                );
                if let Some(example) = &f.example {
                    let _ = write!(out, " ex.: {example}");
                }
                out.push('\n');
            }
        }
        let _ = writeln!(out, "\nExtensões opcionais e o que elas mostram no portal:");
        for (what, offered, feature) in self.extensions() {
            let mark = if offered { "sim" } else { "não" };
            let _ = writeln!(out, "  [{mark}] {what:<44} {feature}");
        }
        let failed = self
            .endpoints
            .iter()
            .filter(|e| e.outcome.is_err() && !e.optional)
            .count();
        let malformed: usize = self
            .endpoints
            .iter()
            .flat_map(|e| &e.fields)
            .filter(|f| f.invalid > 0)
            .count();
        let _ = writeln!(
            out,
            "\n{} endpoint(s) consultado(s), {failed} com falha, {malformed} campo(s) malformado(s). Escritas não são testadas.",
            self.endpoints.len()
        );
        out
    }
}

fn tally<T: Fields>(records: &[T]) -> Vec<FieldTally> {
    let mut out: Vec<FieldTally> = Vec::new();
    for record in records {
        for (name, state) in record.fields() {
            let position = out.iter().position(|t| t.name == name);
            let t = match position {
                Some(i) => &mut out[i],
                None => {
                    out.push(FieldTally {
                        name,
                        ..FieldTally::default()
                    });
                    let last = out.len() - 1;
                    &mut out[last]
                }
            };
            match state {
                FieldState::Ok => t.ok += 1,
                FieldState::Absent => t.absent += 1,
                FieldState::Invalid { raw, reason } => {
                    t.invalid += 1;
                    t.example
                        .get_or_insert_with(|| format!("{raw:?}: {reason}"));
                }
            }
        }
    }
    out
}

fn entry<T: Fields>(endpoint: Endpoint, result: Result<Vec<T>, ErpError>) -> EndpointReport {
    let optional = matches!(endpoint, Endpoint::Contracts | Endpoint::ProspectStatus);
    match result {
        Ok(records) => EndpointReport {
            endpoint,
            optional,
            outcome: Ok(records.len()),
            fields: tally(&records),
        },
        Err(e) => EndpointReport {
            endpoint,
            optional,
            outcome: Err(e.to_string()),
            fields: Vec::new(),
        },
    }
}

/// Runs every read endpoint for the customer with `document`, and the prospect status of
/// `prospect` (a made-up id when none is given, which a working endpoint answers as unknown).
pub async fn run(client: &ErpClient, document: &CpfOuCnpj, prospect: Option<&str>) -> Report {
    let mut endpoints = Vec::new();
    let customer = client.customer(document).await;
    let customer_id = match &customer {
        Ok(Some(c)) => c.id.text().to_string(),
        _ => String::new(),
    };
    endpoints.push(match customer {
        Ok(Some(c)) => entry(Endpoint::Customer, Ok(vec![c])),
        Ok(None) => EndpointReport {
            endpoint: Endpoint::Customer,
            optional: false,
            outcome: Err(format!(
                "nenhum cliente com o documento {}",
                document.masked()
            )),
            fields: Vec::new(),
        },
        Err(e) => entry::<crate::types::Customer>(Endpoint::Customer, Err(e)),
    });
    endpoints.push(entry(
        Endpoint::OpenInvoices,
        client.open_invoices(document, None).await,
    ));
    endpoints.push(entry(Endpoint::Contracts, client.contracts(document).await));
    endpoints.push(entry(
        Endpoint::NotasFiscais,
        client.notas_fiscais(document, &customer_id).await,
    ));
    endpoints.push(entry(
        Endpoint::Statement,
        client.statement(document, &customer_id).await,
    ));
    endpoints.push(entry(
        Endpoint::Quitacao,
        client.quitacoes(document, &customer_id).await,
    ));
    endpoints.push(entry(
        Endpoint::Services,
        client.services(document, &customer_id).await,
    ));
    endpoints.push(entry(Endpoint::Products, client.products().await));
    endpoints.push(entry(Endpoint::Resellers, client.resellers().await));
    endpoints.push(entry(Endpoint::Employees, client.employees().await));
    endpoints.push(entry(Endpoint::Departments, client.departments().await));
    endpoints.push(entry(Endpoint::DueDays, client.due_days().await));
    endpoints.push(entry(Endpoint::Origins, client.origins().await));
    endpoints.push(entry(Endpoint::Cities, client.cities().await));
    endpoints.push(entry(Endpoint::TicketTypes, client.ticket_types().await));
    endpoints.push(entry(
        Endpoint::ProspectStatuses,
        client.prospect_statuses().await,
    ));
    let status = client.prospect_status(prospect.unwrap_or("0")).await;
    endpoints.push(entry(
        Endpoint::ProspectStatus,
        status.map(|found| found.into_iter().collect::<Vec<_>>()),
    ));
    Report { endpoints }
}
