//! "Meus dados no portal" (LGPD): everything the portal itself holds about the subscriber,
//! and its erasure on request, which also signs every device out.

use api::{PortalData, PortalDataErased};
use axum::{
    Json,
    extract::State,
    http::header,
    response::{IntoResponse, Response},
};
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::error::ApiError;
use crate::http::dto;
use crate::http::extract::SignedIn;
use crate::http::respond::private;
use crate::session;
use crate::state::Shared;

/// A signed-in customer's privacy routes.
pub fn router() -> OpenApiRouter<Shared> {
    OpenApiRouter::new().routes(routes!(show, erase))
}

#[utoipa::path(get, path = "/privacidade", tag = "privacidade",
    responses((status = 200, body = PortalData, description = "All the portal keeps of this customer")))]
async fn show(State(state): State<Shared>, who: SignedIn) -> Result<Response, ApiError> {
    let customer = who.document.as_str();
    let accesses = state.sessions.list(customer, session::now()).await?;
    let tickets = state.store.tickets_of(customer).await?;
    let contacts = state.store.contacts_of(customer).await?;
    let passkeys = state.store.passkeys_of(customer).await?;
    let data = PortalData {
        accesses: accesses
            .into_iter()
            .map(|r| dto::access(r, &who.public_id))
            .collect(),
        tickets: tickets.into_iter().map(dto::ticket).collect(),
        contacts: contacts.iter().filter_map(dto::contact).collect(),
        passkeys: passkeys.into_iter().map(dto::passkey).collect(),
    };
    Ok(private(Json(data), None))
}

#[utoipa::path(delete, path = "/privacidade", tag = "privacidade",
    responses((status = 200, body = PortalDataErased, description = "Erased; every session ended, this cookie cleared")))]
async fn erase(State(state): State<Shared>, who: SignedIn) -> Result<Response, ApiError> {
    let erased = state.store.forget_customer(who.document.as_str()).await?;
    tracing::info!(document = %who.document.for_log(), sessions = erased.sessions, tickets = erased.tickets, contacts = erased.contacts, passkeys = erased.passkeys, "portal data erased at the customer's request");
    let body = PortalDataErased {
        sessions: erased.sessions,
        tickets: erased.tickets,
        contacts: erased.contacts,
        passkeys: erased.passkeys,
    };
    let mut response = private(Json(body), None);
    response
        .headers_mut()
        .insert(header::SET_COOKIE, state.cookie("", 0));
    Ok(response.into_response())
}
