//! The session as the SPA sees it: restored on load, ended on sign-out.

use axum::{
    Json,
    extract::State,
    http::{StatusCode, header},
    response::{IntoResponse, Response},
};

use super::{session_body, session_parts};
use crate::error::ApiError;
use crate::http::extract::SignedIn;
use crate::http::respond::with_refresh;
use crate::state::Shared;

/// The signed cookie is proof enough of the session: when the ERP is unreachable the
/// portal still opens (with the name and contract from the cookie) so that drafts and the
/// pages that can work keep working.
#[utoipa::path(get, path = "/sessao", tag = "sessão",
    responses((status = 200, body = api::Session), (status = 401, body = api::ErrorBody)))]
pub(super) async fn current(
    State(state): State<Shared>,
    who: SignedIn,
) -> Result<Response, ApiError> {
    let parts = session_parts(&state, &who.document).await;
    let body = session_body(&who, who.session.name.clone(), parts);
    Ok(with_refresh(&state, &who, Json(body)))
}

#[utoipa::path(delete, path = "/sessao", tag = "sessão",
    responses((status = 204, description = "Cookie cleared"), (status = 403, body = api::ErrorBody)))]
pub(super) async fn sign_out(State(state): State<Shared>) -> Response {
    let mut response = StatusCode::NO_CONTENT.into_response();
    response
        .headers_mut()
        .insert(header::SET_COOKIE, state.cookie("", 0));
    response
}
