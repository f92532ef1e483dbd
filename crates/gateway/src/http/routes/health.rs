//! Whether the portal is up and ready, what it tells anyone before sign-in (branding,
//! login policy, features, limits), and the API's own description.

use std::sync::Arc;

use api::{Health, PublicConfig};
use axum::{
    Extension, Json, Router, extract::State, response::IntoResponse, response::Response,
    routing::get,
};
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::error::ApiError;
use crate::state::Shared;

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

/// Ready when the ERP answers a catalogue call.
async fn readyz(State(state): State<Shared>) -> Response {
    match state.erp.due_days().await {
        Ok(_) => Json(Health {
            status: "pronto".into(),
            version: env!("CARGO_PKG_VERSION").into(),
        })
        .into_response(),
        Err(e) => ApiError::Erp(e).into_response(),
    }
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
        login_cpf: c.login.cpf.clone(),
        login_cnpj: c.login.cnpj.clone(),
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
