//! Open invoices (all, or one contract's), one invoice with its codes decoded, its boleto
//! PDF, and the payment history. Ids from the browser are checked against the customer's
//! own lists before the ERP is asked for anything else.

use api::{Invoice, InvoiceDetail, StatementEntry};
use axum::{
    Json,
    extract::{Path, Query, State},
    response::Response,
};
use serde::Deserialize;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::error::ApiError;
use crate::http::extract::SignedIn;
use crate::http::respond::{pdf, pdf_download, private, safe_name};
use crate::http::{dto, lookup};
use crate::state::{AppState, Shared};

/// A signed-in customer's invoice routes.
pub fn router() -> OpenApiRouter<Shared> {
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(one))
        .routes(routes!(boleto_pdf))
        .routes(routes!(statement))
}

#[derive(Deserialize, utoipa::IntoParams)]
struct Filter {
    /// One of the customer's contract ids.
    contrato: Option<String>,
}

#[utoipa::path(get, path = "/faturas", tag = "faturas", params(Filter),
    responses((status = 200, body = [Invoice]), (status = 401, body = api::ErrorBody), (status = 404, body = api::ErrorBody)))]
async fn list(
    State(state): State<Shared>,
    who: SignedIn,
    Query(filter): Query<Filter>,
) -> Result<Response, ApiError> {
    let contract = filter.contrato.filter(|c| !c.is_empty());
    if let Some(id) = &contract {
        // A contract id from the browser must be one of the customer's own.
        let own = lookup::contracts(&state, &who.document, &who.session.contract_id).await;
        if !own.iter().any(|c| &c.id == id) {
            return Err(ApiError::NotFound);
        }
    }
    let list = state
        .erp
        .open_invoices(&who.document, contract.as_deref())
        .await?;
    let today = dto::today();
    let dtos: Vec<Invoice> = list.iter().map(|i| dto::invoice(i, today)).collect();
    Ok(private(Json(dtos), None))
}

async fn own_invoice(
    state: &AppState,
    who: &SignedIn,
    id: &str,
) -> Result<erp::types::Invoice, ApiError> {
    state
        .erp
        .open_invoices(&who.document, None)
        .await?
        .into_iter()
        .find(|i| i.id.text() == id)
        .ok_or(ApiError::NotFound)
}

#[utoipa::path(get, path = "/faturas/{id}", tag = "faturas", params(("id" = String, Path)),
    responses((status = 200, body = InvoiceDetail), (status = 404, body = api::ErrorBody)))]
async fn one(
    State(state): State<Shared>,
    who: SignedIn,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let found = own_invoice(&state, &who, &id).await?;
    let detail = dto::invoice_detail(&found, dto::today());
    Ok(private(Json(detail), None))
}

#[utoipa::path(get, path = "/faturas/{id}/boleto.pdf", tag = "faturas", params(("id" = String, Path)),
    responses((status = 200, content_type = "application/pdf", description = "The boleto"), (status = 404, body = api::ErrorBody)))]
async fn boleto_pdf(
    State(state): State<Shared>,
    who: SignedIn,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let found = own_invoice(&state, &who, &id).await?;
    let name = format!("boleto-{}.pdf", safe_name(&id));
    if found.boleto_url.ok().is_some() {
        return pdf(&state, &found.boleto_url, &name).await;
    }
    let bytes = draw_boleto(&state, &who, &found)?;
    Ok(private(pdf_download(bytes, &name), None))
}

/// The boleto drawn by the portal, for ERPs that send no PDF of their own: the invoice's
/// linha digitável, barcode, amounts and PIX code, the ISP as beneficiary.
fn draw_boleto(
    state: &AppState,
    who: &SignedIn,
    invoice: &erp::types::Invoice,
) -> Result<Vec<u8>, ApiError> {
    let detail = dto::invoice_detail(invoice, dto::today());
    let boleto = detail.boleto.as_ref().ok_or(ApiError::NotFound)?;
    let i = &detail.invoice;
    let brl = |cents: Option<i64>| {
        cents
            .map(|c| brazil::Centavos(c).to_brl())
            .unwrap_or_default()
    };
    let amount = brl(i.original_cents.or(boleto.amount_cents));
    let due = brl(i.amount_due_cents());
    let cnpj = state
        .config
        .isp
        .cnpj
        .as_deref()
        .and_then(|c| brazil::Cnpj::parse(c).ok())
        .map(|c| c.formatted())
        .unwrap_or_default();
    let due_on = i
        .due_on
        .or(boleto.due_on)
        .map(api::date::br)
        .unwrap_or_default();
    let description = i
        .description
        .clone()
        .unwrap_or_else(|| format!("Fatura {}", i.id));
    pdfdoc::BoletoPdf {
        beneficiary: &state.config.isp.name,
        beneficiary_document: &cnpj,
        payer: &who.session.name,
        payer_document: &who.document.formatted(),
        due_on: &due_on,
        amount: &amount,
        amount_due: (due != amount).then_some(due.as_str()),
        description: &description,
        document_number: &i.id,
        bank: boleto.bank.as_deref(),
        linha_formatted: &boleto.linha_formatted,
        barcode: &boleto.barcode,
        pix: detail.pix.as_ref().map(|p| p.payload.as_str()),
    }
    .render()
    .map_err(|e| ApiError::Internal(e.to_string()))
}

#[utoipa::path(get, path = "/extrato", tag = "faturas", responses((status = 200, body = [StatementEntry])))]
async fn statement(State(state): State<Shared>, who: SignedIn) -> Result<Response, ApiError> {
    let list = state
        .erp
        .statement(&who.document, &who.session.customer_id)
        .await?;
    let dtos: Vec<StatementEntry> = list
        .iter()
        .map(|e| StatementEntry {
            invoice_id: dto::opt(&e.invoice_id),
            description: dto::opt(&e.description),
            posted_on: dto::date(&e.posted_on),
            due_on: dto::date(&e.due_on),
            settled_on: dto::date(&e.settled_on),
            amount_cents: dto::cents(&e.amount),
            balance_cents: dto::cents(&e.balance),
            charge: dto::opt(&e.charge),
        })
        .collect();
    Ok(private(Json(dtos), None))
}
