//! Contracts and services, and the habilitação provisória (unlock on trust) of a suspended
//! service. Every service id from the browser is checked against the customer's own list.

use api::{Contract, Service, UnlockInfo, UnlockResult};
use axum::{
    Json,
    extract::{Path, State},
    response::Response,
};
use erp::Parsed;
use erp::types::UnlockRequest;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::error::ApiError;
use crate::http::extract::SignedIn;
use crate::http::respond::{feature, private};
use crate::http::{dto, lookup};
use crate::state::Shared;

/// A signed-in customer's contract and service routes.
pub fn router() -> OpenApiRouter<Shared> {
    OpenApiRouter::new()
        .routes(routes!(contracts))
        .routes(routes!(services))
        .routes(routes!(unlock_info, unlock))
}

#[utoipa::path(get, path = "/contratos", tag = "conta", responses((status = 200, body = [Contract]), (status = 401, body = api::ErrorBody)))]
async fn contracts(State(state): State<Shared>, who: SignedIn) -> Result<Response, ApiError> {
    let list: Vec<Contract> =
        lookup::contracts(&state, &who.document, &who.session.contract_id).await;
    Ok(private(Json(list), None))
}

#[utoipa::path(get, path = "/servicos", tag = "conta", responses((status = 200, body = [Service])))]
async fn services(State(state): State<Shared>, who: SignedIn) -> Result<Response, ApiError> {
    let (list, contracts) = tokio::join!(
        state.erp.services(&who.document, &who.session.customer_id),
        lookup::contracts(&state, &who.document, &who.session.contract_id)
    );
    let dtos: Vec<Service> = list?
        .iter()
        .map(|s| Service {
            id: s.id.text().to_string(),
            name: dto::opt(&s.name),
            status: dto::opt(&s.status),
            suspended: state.config.is_suspended(s.status.text()),
            amount_cents: dto::cents(&s.amount),
            address: dto::opt(&s.address),
            contract_id: lookup::service_contract(s, &contracts),
        })
        .collect();
    Ok(private(Json(dtos), None))
}

async fn own_service(
    state: &Shared,
    who: &SignedIn,
    id: &str,
) -> Result<erp::types::Service, ApiError> {
    feature(state.config.features.unlock)?;
    state
        .erp
        .services(&who.document, &who.session.customer_id)
        .await?
        .into_iter()
        .find(|s| s.id.text() == id)
        .ok_or(ApiError::NotFound)
}

#[utoipa::path(get, path = "/servicos/{id}/habilitacao", tag = "conta", params(("id" = String, Path)),
    responses((status = 200, body = UnlockInfo), (status = 404, body = api::ErrorBody)))]
async fn unlock_info(
    State(state): State<Shared>,
    who: SignedIn,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let service = own_service(&state, &who, &id).await?;
    let suspended = state.config.is_suspended(service.status.text());
    // ERPs that do not say whether a service is eligible let the customer ask; the ERP's
    // answer then decides.
    let eligible = suspended && service.unlock_eligible.ok().copied().unwrap_or(true);
    let info = UnlockInfo {
        service_id: id,
        status: dto::opt(&service.status),
        suspended,
        eligible,
        days: service.unlock_days.ok().copied(),
        reason: dto::opt(&service.unlock_reason),
    };
    Ok(private(Json(info), None))
}

#[utoipa::path(post, path = "/servicos/{id}/habilitacao", tag = "conta", params(("id" = String, Path), ("X-CSRF-Token" = String, Header)),
    responses((status = 200, body = UnlockResult), (status = 404, body = api::ErrorBody), (status = 422, body = api::ErrorBody)))]
async fn unlock(
    State(state): State<Shared>,
    who: SignedIn,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let service = own_service(&state, &who, &id).await?;
    if !state.config.is_suspended(service.status.text()) {
        return Err(ApiError::Invalid("Este serviço não está suspenso.".into()));
    }
    let reply = state
        .erp
        .provisional_unlock(&UnlockRequest {
            customer_id: Parsed::Ok(who.session.customer_id.clone()),
            service_id: Parsed::Ok(id),
        })
        .await?;
    let unlocked =
        !reply.status.text().is_empty() && !state.config.is_suspended(reply.status.text());
    tracing::info!(document = %who.document.for_log(), unlocked, "provisional unlock asked");
    let result = UnlockResult {
        unlocked,
        status: dto::opt(&reply.status),
        until: dto::date(&reply.until),
        message: dto::opt(&reply.notes),
    };
    Ok(private(Json(result), None))
}
