//! "Meus acessos": the subscriber's open sessions, ending one of them, or all but this one.

use api::Access;
use axum::{
    Json,
    extract::{Path, State},
    http::StatusCode,
    response::{IntoResponse, Response},
};
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::error::ApiError;
use crate::http::dto;
use crate::http::extract::SignedIn;
use crate::http::respond::private;
use crate::session;
use crate::state::Shared;

/// A signed-in customer's session routes.
pub fn router() -> OpenApiRouter<Shared> {
    OpenApiRouter::new()
        .routes(routes!(list, end_others))
        .routes(routes!(end_one))
}

#[utoipa::path(get, path = "/acessos", tag = "sessão",
    responses((status = 200, body = [Access], description = "Most recently used first"), (status = 401, body = api::ErrorBody)))]
async fn list(State(state): State<Shared>, who: SignedIn) -> Result<Response, ApiError> {
    let rows = state
        .sessions
        .list(who.document.as_str(), session::now())
        .await?;
    let accesses: Vec<Access> = rows
        .into_iter()
        .map(|r| dto::access(r, &who.public_id))
        .collect();
    Ok(private(Json(accesses), None))
}

#[utoipa::path(delete, path = "/acessos/{id}", tag = "sessão", params(("id" = String, Path)),
    responses((status = 204, description = "That session ended; its cookie opens nothing"),
        (status = 404, body = api::ErrorBody, description = "No such session of this customer")))]
async fn end_one(
    State(state): State<Shared>,
    who: SignedIn,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    if !state.sessions.end_one(who.document.as_str(), &id).await? {
        return Err(ApiError::NotFound);
    }
    tracing::info!(document = %who.document.for_log(), "session ended from another");
    Ok(private(StatusCode::NO_CONTENT.into_response(), None))
}

#[utoipa::path(delete, path = "/acessos", tag = "sessão",
    responses((status = 200, body = u64, description = "How many other sessions ended; this one stays")))]
async fn end_others(State(state): State<Shared>, who: SignedIn) -> Result<Response, ApiError> {
    let ended = state
        .sessions
        .end_others(who.document.as_str(), &who.key)
        .await?;
    tracing::info!(document = %who.document.for_log(), ended, "other sessions ended");
    Ok(private(Json(ended), None))
}
