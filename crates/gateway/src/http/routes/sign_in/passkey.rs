//! Signing in with a passkey: with the document typed first, or with the passkey alone
//! (it names its owner). The challenge is the same for everyone, so it tells nobody whether
//! a document has passkeys.

use std::time::Instant;

use api::{Factor, PasskeyChallenge, PasskeySignIn, PasskeyStart};
use axum::{Json, extract::State, http::HeaderMap, response::Response};

use super::{admit_lookup, refuse_slowly, start_session};
use crate::error::ApiError;
use crate::http::extract::{ClientAddress, origin, parse_document};
use crate::http::proof::passkey_owner;
use crate::metrics::SignInOutcome;
use crate::passkeys::{Purpose, keep};
use crate::session;
use crate::state::Shared;

/// Begins a passkey sign-in.
#[utoipa::path(post, path = "/sessao/chave/inicio", tag = "sessão", request_body = PasskeyStart,
    responses((status = 200, body = PasskeyChallenge, description = "Options for navigator.credentials.get"),
        (status = 422, body = api::ErrorBody), (status = 429, body = api::ErrorBody)))]
pub(super) async fn start(
    State(state): State<Shared>,
    ClientAddress(address): ClientAddress,
    Json(body): Json<PasskeyStart>,
) -> Result<Json<PasskeyChallenge>, ApiError> {
    let Some(rp) = state.passkeys.as_ref() else {
        return Err(ApiError::Invalid(
            "Este provedor ainda não ativou o acesso com chave de acesso.".into(),
        ));
    };
    if let Some(text) = &body.document {
        parse_document(text)?;
    }
    admit_lookup(&state, &address).await?;
    let (options, ceremony_state) = rp
        .start_sign_in()
        .map_err(|e| ApiError::Internal(format!("passkey options: {}", e.0)))?;
    let ceremony = keep(&state.store, Purpose::SignIn, "", ceremony_state).await?;
    Ok(Json(PasskeyChallenge { ceremony, options }))
}

/// Signs in with the authenticator's answer.
#[utoipa::path(post, path = "/sessao/chave", tag = "sessão", request_body = PasskeySignIn,
    responses((status = 200, body = api::Session, description = "Sets the session cookie"),
        (status = 401, body = api::ErrorBody, description = "Unknown passkey, another customer's, a wrong signature or an expired challenge: one answer"),
        (status = 429, body = api::ErrorBody)))]
pub(super) async fn sign_in(
    State(state): State<Shared>,
    ClientAddress(address): ClientAddress,
    headers: HeaderMap,
    Json(body): Json<PasskeySignIn>,
) -> Result<Response, ApiError> {
    let started = Instant::now();
    let typed = body.document.as_deref().map(parse_document).transpose()?;
    if let Some(wait) = state.by_address.check(&address, session::now()).await? {
        state
            .metrics
            .sign_in(Factor::Passkey, SignInOutcome::Locked);
        return Err(ApiError::TooManyAttempts(wait));
    }
    let owner = passkey_owner(&state, &body.ceremony, &body.credential).await?;
    // Typed, the document must be the passkey's owner.
    let owner = match owner {
        Some(o) if typed.as_ref().is_some_and(|t| *t != o) => {
            tracing::warn!(document = %o.for_log(), "passkey answer for another customer");
            None
        }
        other => other,
    };
    let customer = match &owner {
        Some(document) => state.erp.customer(document).await?,
        None => None,
    };
    match owner.zip(customer) {
        Some((document, customer)) => {
            let origin = origin(&headers, &address);
            start_session(&state, Factor::Passkey, customer, document, None, &origin).await
        }
        None => Err(refuse_slowly(
            &state,
            Factor::Passkey,
            None,
            &address,
            started,
            ApiError::PasskeyRefused,
        )
        .await),
    }
}
