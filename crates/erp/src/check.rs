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
    /// 0 when every endpoint answered and no field was malformed; 1 otherwise.
    pub fn exit_code(&self) -> i32 {
        let failed = self
            .endpoints
            .iter()
            .any(|e| e.outcome.is_err() || e.fields.iter().any(|f| f.invalid > 0));
        i32::from(failed)
    }

    /// The report as text for a terminal.
    pub fn render(&self) -> String {
        let mut out = String::new();
        for e in &self.endpoints {
            match &e.outcome {
                Ok(n) => {
                    let _ = writeln!(out, "OK    {} — {n} registro(s)", e.endpoint);
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
        let failed = self.endpoints.iter().filter(|e| e.outcome.is_err()).count();
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
    match result {
        Ok(records) => EndpointReport {
            endpoint,
            outcome: Ok(records.len()),
            fields: tally(&records),
        },
        Err(e) => EndpointReport {
            endpoint,
            outcome: Err(e.to_string()),
            fields: Vec::new(),
        },
    }
}

/// Runs every read endpoint for the customer with `document`.
pub async fn run(client: &ErpClient, document: &CpfOuCnpj) -> Report {
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
    Report { endpoints }
}
