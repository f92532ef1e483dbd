//! The session as the SPA sees it: restored on load, ended on sign-out.

use axum::{
    Json,
    extract::State,
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Response},
};

use super::{session_body, session_parts};
use crate::error::ApiError;
use crate::http::extract::SignedIn;
use crate::http::respond::private;
use crate::state::{AppState, Shared};

/// The session is proof enough: when the ERP is unreachable the portal still opens (with
/// the name and contract kept with the session) so that drafts and the
/// pages that can work keep working. No session is an answer, not an error: every first
/// visit asks, and a 401 there would be an error in every browser's console.
#[utoipa::path(get, path = "/sessao", tag = "sessão",
    responses((status = 200, body = api::Session),
        (status = 204, description = "No session in this browser (a cookie that no longer opens one is cleared)"),
        (status = 503, body = api::ErrorBody, description = "The portal's store did not answer; the cookie is kept")))]
pub(super) async fn current(
    State(state): State<Shared>,
    headers: HeaderMap,
    who: Result<SignedIn, ApiError>,
) -> Result<Response, ApiError> {
    let who = match who {
        Ok(who) => who,
        // An outage is not a sign-out: the cookie is kept and the page told to retry.
        Err(ApiError::SignedOut) => return Ok(no_session(&state, &headers)),
        Err(e) => return Err(e),
    };
    let parts = session_parts(&state, &who.document).await;
    let body = session_body(&who, who.session.name.clone(), parts);
    Ok(private(Json(body), None))
}

/// No session in this browser: `204`, and a cookie that no longer opens one is cleared.
fn no_session(state: &AppState, headers: &HeaderMap) -> Response {
    let mut response = StatusCode::NO_CONTENT.into_response();
    let had_cookie = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|v| v.contains(crate::session::COOKIE));
    if had_cookie {
        response
            .headers_mut()
            .insert(header::SET_COOKIE, state.cookie("", 0));
    }
    response
}

#[utoipa::path(delete, path = "/sessao", tag = "sessão",
    responses((status = 204, description = "Session ended everywhere, cookie cleared"), (status = 403, body = api::ErrorBody)))]
pub(super) async fn sign_out(
    State(state): State<Shared>,
    who: Result<SignedIn, ApiError>,
) -> Result<Response, ApiError> {
    // Ended in the store, so the cookie opens nothing on any gateway, even if copied.
    match who {
        Ok(who) => {
            state.sessions.end(&who.key).await?;
            tracing::info!(document = %who.document.for_log(), "signed out");
        }
        Err(ApiError::SignedOut) => {}
        Err(e) => return Err(e),
    }
    let mut response = StatusCode::NO_CONTENT.into_response();
    response
        .headers_mut()
        .insert(header::SET_COOKIE, state.cookie("", 0));
    Ok(response)
}
