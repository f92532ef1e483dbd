//! A signed-in customer's passkeys: registering one ("Entrar com a digital ou o rosto do
//! celular"), listing them by name, removing one. A new passkey ends every other session
//! and is told to every verified contact; once the customer has a verified contact or a
//! passkey, changes need a proof first.

use api::{PasskeyAnswer, PasskeyChallenge, PasskeySummary};
use axum::{
    Json,
    extract::{Path, State},
    http::StatusCode,
    response::Response,
};
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::error::ApiError;
use crate::http::dto;
use crate::http::extract::SignedIn;
use crate::http::proof::{may_change, notify, passkey_owner};
use crate::http::respond::private;
use crate::passkeys::{Passkeys, Purpose, keep, take};
use crate::session;
use crate::state::{AppState, Shared};

/// A signed-in customer's passkey routes.
pub fn router() -> OpenApiRouter<Shared> {
    OpenApiRouter::new()
        .routes(routes!(list, register))
        .routes(routes!(start))
        .routes(routes!(prove))
        .routes(routes!(remove))
}

fn relying_party(state: &AppState) -> Result<&Passkeys, ApiError> {
    state.passkeys.as_ref().ok_or_else(|| {
        ApiError::Invalid("Este provedor ainda não ativou o acesso com chave de acesso.".into())
    })
}

async fn listed(state: &AppState, who: &SignedIn) -> Result<Vec<PasskeySummary>, ApiError> {
    Ok(state
        .store
        .passkeys_of(who.document.as_str())
        .await?
        .into_iter()
        .map(dto::passkey)
        .collect())
}

#[utoipa::path(get, path = "/chaves", tag = "conta", responses((status = 200, body = Vec<PasskeySummary>)))]
async fn list(State(state): State<Shared>, who: SignedIn) -> Result<Response, ApiError> {
    Ok(private(Json(listed(&state, &who).await?), None))
}

/// Begins registering a passkey on this device.
#[utoipa::path(post, path = "/chaves/inicio", tag = "conta", params(("X-CSRF-Token" = String, Header)),
    responses((status = 200, body = PasskeyChallenge, description = "Options for navigator.credentials.create"),
        (status = 403, body = api::ErrorBody, description = "A proof is needed first"), (status = 422, body = api::ErrorBody)))]
async fn start(State(state): State<Shared>, who: SignedIn) -> Result<Response, ApiError> {
    let rp = relying_party(&state)?;
    may_change(&state, &who).await?;
    let document = who.document.as_str();
    let existing: Vec<String> = state
        .store
        .passkeys_of(document)
        .await?
        .into_iter()
        .map(|p| p.passkey)
        .collect();
    if i64::try_from(existing.len()).unwrap_or(i64::MAX) >= store::PASSKEYS_PER_CUSTOMER {
        return Err(ApiError::Invalid(format!(
            "Você já tem {} chaves de acesso. Remova uma que não usa mais para cadastrar outra.",
            store::PASSKEYS_PER_CUSTOMER
        )));
    }
    // The authenticator shows these in its account list: the ISP and the masked document,
    // never the full one.
    let label = format!("{} ({})", state.config.isp.name, who.document.masked());
    let (options, ceremony_state) = rp
        .start_registration(document, &label, &who.session.name, &existing)
        .map_err(|e| ApiError::Internal(format!("passkey options: {}", e.0)))?;
    let ceremony = keep(&state.store, Purpose::Register, document, ceremony_state).await?;
    Ok(private(Json(PasskeyChallenge { ceremony, options }), None))
}

/// Finishes registering a passkey with the authenticator's answer.
#[utoipa::path(post, path = "/chaves", tag = "conta", request_body = PasskeyAnswer, params(("X-CSRF-Token" = String, Header)),
    responses((status = 200, body = Vec<PasskeySummary>, description = "Registered; every other session ended"),
        (status = 401, body = api::ErrorBody, description = "The answer does not match the challenge")))]
async fn register(
    State(state): State<Shared>,
    who: SignedIn,
    Json(body): Json<PasskeyAnswer>,
) -> Result<Response, ApiError> {
    let rp = relying_party(&state)?;
    may_change(&state, &who).await?;
    let document = who.document.as_str();
    let Some((customer, ceremony_state)) =
        take(&state.store, &body.ceremony, Purpose::Register).await?
    else {
        return Err(ApiError::PasskeyRefused);
    };
    // A ceremony begun by another customer's session is not this one's to finish.
    if customer != document {
        tracing::warn!(document = %who.document.for_log(), "passkey ceremony of another customer");
        return Err(ApiError::PasskeyRefused);
    }
    let registered = rp
        .finish_registration(&body.credential, &ceremony_state)
        .map_err(|e| {
            tracing::info!(document = %who.document.for_log(), why = %e.0, "passkey registration refused");
            ApiError::PasskeyRefused
        })?;
    let name = api::passkey_name(&body.name);
    let now = session::store_time(session::now());
    let added = state
        .store
        .add_passkey(&store::PasskeyRow {
            credential_id: registered.credential_id,
            customer: document.to_string(),
            name: name.clone(),
            passkey: registered.passkey,
            created_at: now,
            used_at: now,
        })
        .await?;
    if !added {
        return Err(ApiError::Invalid(
            "Esta chave de acesso já está cadastrada, ou você chegou ao limite de chaves.".into(),
        ));
    }
    let ended = state.sessions.end_others(document, &who.key).await?;
    let verified = state.store.contacts_of(document).await?;
    notify(
        &state,
        &who,
        &verified,
        &format!("a chave de acesso \"{name}\" foi cadastrada na sua conta"),
    )
    .await;
    tracing::info!(document = %who.document.for_log(), other_sessions_ended = ended, "passkey registered");
    Ok(private(Json(listed(&state, &who).await?), None))
}

/// Proves the session with one of the customer's passkeys, answering a ceremony begun at
/// `/sessao/chave/inicio`: contacts and passkeys may then change for a while.
#[utoipa::path(post, path = "/chaves/confirmacao", tag = "conta", request_body = PasskeyAnswer, params(("X-CSRF-Token" = String, Header)),
    responses((status = 204, description = "The session may make changes for the next minutes"),
        (status = 401, body = api::ErrorBody, description = "Not one of this customer's passkeys")))]
async fn prove(
    State(state): State<Shared>,
    who: SignedIn,
    Json(body): Json<PasskeyAnswer>,
) -> Result<StatusCode, ApiError> {
    let owner = passkey_owner(&state, &body.ceremony, &body.credential).await?;
    if owner.as_ref() != Some(&who.document) {
        return Err(ApiError::PasskeyRefused);
    }
    state
        .sessions
        .prove(&who.key, &who.session, session::now())
        .await?;
    tracing::info!(document = %who.document.for_log(), "session proved by a passkey");
    Ok(StatusCode::NO_CONTENT)
}

/// Removes one of the customer's passkeys.
#[utoipa::path(delete, path = "/chaves/{id}", tag = "conta", params(("id" = String, Path), ("X-CSRF-Token" = String, Header)),
    responses((status = 204), (status = 403, body = api::ErrorBody), (status = 404, body = api::ErrorBody)))]
async fn remove(
    State(state): State<Shared>,
    who: SignedIn,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    may_change(&state, &who).await?;
    let document = who.document.as_str();
    let name = state
        .store
        .passkeys_of(document)
        .await?
        .into_iter()
        .find(|p| p.credential_id == id)
        .map(|p| p.name)
        .ok_or(ApiError::NotFound)?;
    if !state.store.remove_passkey(document, &id).await? {
        return Err(ApiError::NotFound);
    }
    let verified = state.store.contacts_of(document).await?;
    notify(
        &state,
        &who,
        &verified,
        &format!("a chave de acesso \"{name}\" foi removida da sua conta"),
    )
    .await;
    tracing::info!(document = %who.document.for_log(), "passkey removed");
    Ok(StatusCode::NO_CONTENT)
}
