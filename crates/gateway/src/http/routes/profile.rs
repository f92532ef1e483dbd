//! The customer's contact data: read from the ERP, checked with the rule the browser
//! applies (`api::Contacts`), written back through the ERP. Changing the e-mail or WhatsApp
//! of a customer with a verified contact or passkey needs a proof first.

use api::{Channel, Contacts, Profile};
use axum::{Json, extract::State, response::Response};
use erp::Parsed;
use erp::types::CustomerUpdate;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::error::ApiError;
use crate::http::dto;
use crate::http::extract::SignedIn;
use crate::http::proof::{may_change, notify};
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
    let current = state
        .erp
        .customer(&who.document)
        .await?
        .ok_or(ApiError::SignedOut)?;
    // The e-mail and WhatsApp are where the owner is reached: once the customer verified a
    // contact or registered a passkey, whoever changes them must prove it first.
    let normal = |channel, text: &str| api::contact_address(channel, text).ok();
    let reach_changed = checked
        .email
        .as_deref()
        .and_then(|e| normal(Channel::Email, e))
        != normal(Channel::Email, current.email.text())
        || checked
            .whatsapp
            .as_deref()
            .and_then(|w| normal(Channel::Whatsapp, w))
            != normal(Channel::Whatsapp, current.whatsapp.text());
    if reach_changed {
        may_change(&state, &who).await?;
    }
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
    // Whoever changes the contacts may not be the owner: every other session ends, so an
    // owner signed in elsewhere is asked to sign in again and notices, and every verified
    // contact is told.
    let ended = state
        .sessions
        .end_others(who.document.as_str(), &who.key)
        .await?;
    if reach_changed {
        let verified = state.store.contacts_of(who.document.as_str()).await?;
        notify(
            &state,
            &who,
            &verified,
            "o e-mail ou o WhatsApp do seu cadastro no provedor foi alterado",
        )
        .await;
    }
    tracing::info!(document = %who.document.for_log(), other_sessions_ended = ended, "contact data updated");
    Ok(private(Json(checked), None))
}
