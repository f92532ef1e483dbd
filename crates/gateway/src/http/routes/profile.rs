//! The customer's contact data: read from the ERP, checked with the rule the browser
//! applies (`api::Contacts`), written back through the ERP.

use api::{Contacts, Profile};
use axum::{Json, extract::State, response::Response};
use erp::Parsed;
use erp::types::CustomerUpdate;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::error::ApiError;
use crate::http::dto;
use crate::http::extract::SignedIn;
use crate::http::respond::private;
use crate::state::Shared;

/// A signed-in customer's profile routes.
pub fn router() -> OpenApiRouter<Shared> {
    OpenApiRouter::new().routes(routes!(read, update))
}

#[utoipa::path(get, path = "/perfil", tag = "conta", responses((status = 200, body = Profile)))]
async fn read(State(state): State<Shared>, who: SignedIn) -> Result<Response, ApiError> {
    let c = state
        .erp
        .customer(&who.document)
        .await?
        .ok_or(ApiError::SignedOut)?;
    let digits = |p: &Parsed<String>| {
        p.ok()
            .map(|v| v.chars().filter(char::is_ascii_digit).collect::<String>())
            .filter(|v| !v.is_empty())
    };
    let profile = Profile {
        email: dto::opt(&c.email),
        phone: digits(&c.phone),
        mobile: digits(&c.mobile),
        whatsapp: digits(&c.whatsapp),
    };
    Ok(private(Json(profile), None))
}

#[utoipa::path(put, path = "/perfil", tag = "conta", request_body = Profile, params(("X-CSRF-Token" = String, Header)),
    responses((status = 200, body = Profile), (status = 422, body = api::ErrorBody)))]
async fn update(
    State(state): State<Shared>,
    who: SignedIn,
    Json(p): Json<Profile>,
) -> Result<Response, ApiError> {
    let contacts = Contacts::try_from(&p).map_err(ApiError::Invalid)?;
    let checked = contacts.profile().clone();
    state
        .erp
        .update_customer(&CustomerUpdate {
            customer_id: Parsed::Ok(who.session.customer_id.clone()),
            email: checked.email.clone().into(),
            phone: checked.phone.clone().into(),
            mobile: checked.mobile.clone().into(),
            whatsapp: checked.whatsapp.clone().into(),
            ..CustomerUpdate::default()
        })
        .await?;
    // Whoever changes the contacts the codes go to may not be the owner: every other
    // session ends, so an owner signed in elsewhere is asked to sign in again and notices.
    let ended = state
        .sessions
        .end_others(who.document.as_str(), &who.key)
        .await?;
    tracing::info!(document = %who.document.for_log(), other_sessions_ended = ended, "contact data updated");
    Ok(private(Json(checked), None))
}
