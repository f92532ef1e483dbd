//! Whether the portal is up and ready, what it tells anyone before sign-in (branding,
//! login policy, features, limits), and the API's own description.

use std::sync::Arc;

use api::{Health, PublicConfig};
use axum::{
    Extension, Json, Router, extract::State, response::IntoResponse, response::Response,
    routing::get,
};
use brazil::PersonKind;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::state::Shared;
use axum::http::StatusCode;

/// `/healthz` and `/readyz`, outside the API.
pub fn router() -> Router<Shared> {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
}

/// The public part of `/api/v1`.
pub fn api() -> OpenApiRouter<Shared> {
    OpenApiRouter::new()
        .routes(routes!(public_config))
        .routes(routes!(openapi_json))
}

async fn healthz() -> Json<Health> {
    Json(Health {
        status: "ok".into(),
        version: env!("CARGO_PKG_VERSION").into(),
    })
}

/// Ready when the ERP answers a catalogue call; either way, which ERP endpoints are failing
/// and since when, for the operator.
async fn readyz(State(state): State<Shared>) -> Response {
    let answered = state.erp.due_days().await;
    let failing: Vec<serde_json::Value> = state
        .erp
        .link()
        .failing(std::time::Instant::now())
        .into_iter()
        .map(|f| {
            let since = f
                .since
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs());
            let for_s = f.since.elapsed().map_or(0, |d| d.as_secs());
            serde_json::json!({
                "endpoint": f.endpoint.number(),
                "nome": f.endpoint.key(),
                "desde_unix": since,
                "ha_segundos": for_s,
                "respondendo_sem_chamar": f.open,
                "erro": f.last_error,
            })
        })
        .collect();
    let (status, word) = match &answered {
        Ok(_) => (StatusCode::OK, "pronto"),
        Err(_) => (StatusCode::SERVICE_UNAVAILABLE, "erp_indisponivel"),
    };
    (
        status,
        Json(serde_json::json!({
            "status": word,
            "version": env!("CARGO_PKG_VERSION"),
            "erp_falhando": failing,
        })),
    )
        .into_response()
}

#[utoipa::path(get, path = "/config", tag = "portal", responses((status = 200, body = PublicConfig)))]
async fn public_config(State(state): State<Shared>) -> Json<PublicConfig> {
    let c = &state.config;
    Json(PublicConfig {
        isp_name: c.isp.name.clone(),
        logo_url: c.isp.logo_url.clone(),
        primary_color: c.isp.primary_color.clone(),
        support_phone: c.isp.support_phone.clone(),
        support_whatsapp: c.isp.support_whatsapp.clone(),
        support_email: c.isp.support_email.clone(),
        login_cpf: c.login.policy(PersonKind::Individual).clone(),
        login_cnpj: c.login.policy(PersonKind::Company).clone(),
        features: c.features,
        attachments: c.limits.attachments(),
        signup: c.signup.clone(),
    })
}

#[utoipa::path(get, path = "/openapi.json", tag = "portal", responses((status = 200, description = "This document")))]
async fn openapi_json(
    Extension(doc): Extension<Arc<utoipa::openapi::OpenApi>>,
) -> Json<utoipa::openapi::OpenApi> {
    Json((*doc).clone())
}
