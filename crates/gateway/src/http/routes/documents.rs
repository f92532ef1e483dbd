//! Notas fiscais and declarações de quitação: the lists, and each PDF streamed from the ERP
//! after checking the id is the customer's own.

use api::{NotaFiscal, Quitacao};
use axum::{
    Json,
    extract::{Path, State},
    response::Response,
};
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::error::ApiError;
use crate::http::dto;
use crate::http::extract::SignedIn;
use crate::http::respond::{feature, pdf, private, safe_name};
use crate::state::Shared;

/// A signed-in customer's document routes.
pub fn router() -> OpenApiRouter<Shared> {
    OpenApiRouter::new()
        .routes(routes!(notas))
        .routes(routes!(nota_pdf))
        .routes(routes!(quitacoes))
        .routes(routes!(quitacao_pdf))
}

#[utoipa::path(get, path = "/notas-fiscais", tag = "documentos", responses((status = 200, body = [NotaFiscal])))]
async fn notas(State(state): State<Shared>, who: SignedIn) -> Result<Response, ApiError> {
    let list = state
        .erp
        .notas_fiscais(&who.document, &who.session.customer_id)
        .await?;
    let dtos: Vec<NotaFiscal> = list
        .iter()
        .map(|n| NotaFiscal {
            id: n.id.text().to_string(),
            number: dto::opt(&n.number),
            kind: dto::opt(&n.type_id),
            posted_on: dto::date(&n.posted_on),
            amount_cents: dto::cents(&n.amount),
            has_pdf: n.pdf_url.ok().is_some(),
        })
        .collect();
    Ok(private(Json(dtos), None))
}

#[utoipa::path(get, path = "/notas-fiscais/{id}/nota.pdf", tag = "documentos", params(("id" = String, Path)),
    responses((status = 200, content_type = "application/pdf", description = "The nota fiscal"), (status = 404, body = api::ErrorBody)))]
async fn nota_pdf(
    State(state): State<Shared>,
    who: SignedIn,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let list = state
        .erp
        .notas_fiscais(&who.document, &who.session.customer_id)
        .await?;
    let nota = list
        .into_iter()
        .find(|n| n.id.text() == id)
        .ok_or(ApiError::NotFound)?;
    let name = format!("nota-fiscal-{}.pdf", safe_name(nota.number.text()));
    pdf(&state, &nota.pdf_url, &name).await
}

#[utoipa::path(get, path = "/quitacoes", tag = "documentos", responses((status = 200, body = [Quitacao])))]
async fn quitacoes(State(state): State<Shared>, who: SignedIn) -> Result<Response, ApiError> {
    feature(state.config.features.quitacao)?;
    let list = state
        .erp
        .quitacoes(&who.document, &who.session.customer_id)
        .await?;
    let dtos: Vec<Quitacao> = list
        .iter()
        .map(|q| Quitacao {
            id: q.id.text().to_string(),
            year: q.year.ok().copied(),
            amount_cents: dto::cents(&q.amount),
            has_pdf: q.pdf_url.ok().is_some(),
        })
        .collect();
    Ok(private(Json(dtos), None))
}

#[utoipa::path(get, path = "/quitacoes/{id}/declaracao.pdf", tag = "documentos", params(("id" = String, Path)),
    responses((status = 200, content_type = "application/pdf", description = "The declaration"), (status = 404, body = api::ErrorBody)))]
async fn quitacao_pdf(
    State(state): State<Shared>,
    who: SignedIn,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    feature(state.config.features.quitacao)?;
    let list = state
        .erp
        .quitacoes(&who.document, &who.session.customer_id)
        .await?;
    let q = list
        .into_iter()
        .find(|q| q.id.text() == id)
        .ok_or(ApiError::NotFound)?;
    let year = q.year.ok().map(ToString::to_string).unwrap_or_default();
    pdf(&state, &q.pdf_url, &format!("quitacao-{year}.pdf")).await
}
