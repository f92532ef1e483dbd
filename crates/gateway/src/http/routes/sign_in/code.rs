//! Sign-in by one-time code: the masked destinations, sending a code to the one picked, and
//! signing in with it. Every document — a customer with verified contacts, one without, a
//! stranger — is offered one destination per channel, real where the customer verified a
//! contact in the portal and made up from the document elsewhere; a made-up one takes a send's usual time and delivers
//! nothing. So no answer, status or timing tells whether somebody is a customer.

use std::time::Instant;

use api::{CodeRequest, CodeSent, CodeSignIn, CodeStart, Destination, Factor, SignInStep};
use axum::{Json, extract::State, http::HeaderMap, response::Response};
use brazil::CpfOuCnpj;

use super::{admit_lookup, refuse_slowly, start_session};
use crate::delivery::Target;
use crate::error::ApiError;
use crate::http::extract::{ClientAddress, origin, parse_document};
use crate::metrics::{CodeOutcome, SignInOutcome};
use crate::senders::Outgoing;
use crate::session;
use crate::state::Shared;

/// What the code screen offers for `document`: its verified contacts, never the ERP's.
async fn offer(state: &Shared, document: &CpfOuCnpj) -> Result<Vec<Target>, ApiError> {
    let contacts = state.store.contacts_of(document.as_str()).await?;
    Ok(state.delivery.offer(document.as_str(), &contacts))
}

/// What the second screen asks for.
#[utoipa::path(post, path = "/sessao/codigo/destinos", tag = "sessão", request_body = CodeStart,
    responses((status = 200, body = SignInStep, description = "One masked destination per channel, the same shape for every document, or the factor to ask when the policy does not start with a code"),
        (status = 422, body = api::ErrorBody), (status = 429, body = api::ErrorBody)))]
pub(super) async fn start(
    State(state): State<Shared>,
    ClientAddress(address): ClientAddress,
    Json(body): Json<CodeStart>,
) -> Result<Json<SignInStep>, ApiError> {
    let document = parse_document(&body.document)?;
    admit_lookup(&state, &address).await?;
    let policy = state.config.login.policy(document.kind());
    if !policy.has_code() {
        return Ok(Json(
            policy
                .fallback()
                .map_or(SignInStep::NoDestination, |factor| SignInStep::Factor {
                    factor,
                }),
        ));
    }
    let offered = offer(&state, &document).await?;
    Ok(Json(SignInStep::Code {
        destinations: offered
            .into_iter()
            .map(|(channel, masked, _)| Destination { channel, masked })
            .collect(),
    }))
}

/// Refuses a send past any of its limits: this client's failures, and the codes sent to
/// this document, from this client and in all within the hour.
async fn admit_send(
    state: &Shared,
    document: &str,
    address: &str,
    now: u64,
) -> Result<(), ApiError> {
    let wait = state
        .by_address
        .check(address, now)
        .await?
        .or(state.code_sends.check(document, now).await?)
        .or(state.code_sends_by_address.check(address, now).await?)
        .or(state.code_sends_total.check("*", now).await?);
    wait.map_or(Ok(()), |wait| Err(ApiError::TooManyAttempts(wait)))
}

/// Sends a code to the destination picked.
#[utoipa::path(post, path = "/sessao/codigo/envio", tag = "sessão", request_body = CodeRequest,
    responses((status = 200, body = CodeSent), (status = 422, body = api::ErrorBody),
        (status = 429, body = api::ErrorBody, description = "Cool-down or send limit, with Retry-After"), (status = 502, body = api::ErrorBody, description = "Delivery failed")))]
pub(super) async fn send(
    State(state): State<Shared>,
    ClientAddress(address): ClientAddress,
    Json(body): Json<CodeRequest>,
) -> Result<Json<CodeSent>, ApiError> {
    let started = Instant::now();
    let now = session::now();
    let document = parse_document(&body.document)?;
    let doc_key = document.as_str().to_string();
    admit_send(&state, &doc_key, &address, now).await?;
    if !state.config.login.policy(document.kind()).has_code() {
        return Err(ApiError::Invalid(
            "Este cadastro não entra por código.".into(),
        ));
    }
    let Some((channel, masked, full)) = offer(&state, &document)
        .await?
        .into_iter()
        .find(|(c, ..)| *c == body.channel)
    else {
        return Err(ApiError::Invalid(
            "Escolha um dos meios de envio oferecidos.".into(),
        ));
    };
    let code = state.codes.issue(&doc_key, session::now_ms()).await?;
    state.code_sends.fail(&doc_key, now).await?;
    state.code_sends_by_address.fail(&address, now).await?;
    state.code_sends_total.fail("*", now).await?;
    let expires_in_s = state.config.code.expires_s;
    let sent = CodeSent {
        masked: masked.clone(),
        expires_in_s,
        resend_in_s: state.config.code.resend_after_s,
    };
    if full.is_empty() {
        let typical = state.delivery.typical(channel);
        tokio::time::sleep(typical.saturating_sub(started.elapsed())).await;
        tracing::info!(document = %document.for_log(), ?channel, "sign-in code to a made-up destination not sent");
        state.metrics.code(channel, CodeOutcome::MadeUp);
        return Ok(Json(sent));
    }
    let isp = &state.config.isp.name;
    let minutes = expires_in_s.div_ceil(60);
    let message = Outgoing {
        channel,
        to: &full,
        subject: format!("{isp}: seu código de acesso"),
        text: format!(
            "{code} é o seu código de acesso à central do assinante {isp}. Ele vale por {minutes} minuto(s). Se você não pediu este código, ignore esta mensagem."
        ),
        code: &code,
        expires_in_s,
    };
    match state.delivery.deliver(&message).await {
        Ok(()) => {
            state.metrics.code(channel, CodeOutcome::Sent);
            tracing::info!(document = %document.for_log(), ?channel, destination = %masked, "sign-in code sent");
            Ok(Json(sent))
        }
        Err(detail) => {
            // The cool-down is lifted so another channel can be tried at once.
            if let Err(e) = state.codes.revoke(&doc_key).await {
                tracing::warn!(error = %e, "undelivered code not revoked");
            }
            state.metrics.code(channel, CodeOutcome::Failed);
            tracing::warn!(document = %document.for_log(), ?channel, destination = %masked, error = %detail, "sign-in code not delivered");
            Err(ApiError::DeliveryFailed(channel))
        }
    }
}

/// Signs in with the code received.
#[utoipa::path(post, path = "/sessao/codigo", tag = "sessão", request_body = CodeSignIn,
    responses((status = 200, body = api::Session, description = "Sets the session cookie"),
        (status = 401, body = api::ErrorBody, description = "Wrong, expired or used code: one answer"), (status = 429, body = api::ErrorBody)))]
pub(super) async fn sign_in(
    State(state): State<Shared>,
    ClientAddress(address): ClientAddress,
    headers: HeaderMap,
    Json(body): Json<CodeSignIn>,
) -> Result<Response, ApiError> {
    let started = Instant::now();
    let now = session::now();
    let document = parse_document(&body.document)?;
    let doc_key = document.as_str().to_string();
    // Only this client's failures and the code's own tries limit a code: a document lock
    // here would let a stranger keep the customer out with a few wrong birth dates.
    if let Some(wait) = state.by_address.check(&address, now).await? {
        state.metrics.sign_in(Factor::Code, SignInOutcome::Locked);
        return Err(ApiError::TooManyAttempts(wait));
    }
    let right = match api::typed_code(&body.code) {
        Some(code) => {
            state
                .codes
                .verify(&doc_key, &code, session::now_ms())
                .await?
        }
        None => false,
    };
    let customer = if right {
        state.erp.customer(&document).await?
    } else {
        None
    };
    let Some(customer) = customer else {
        return Err(refuse_slowly(
            &state,
            Factor::Code,
            None,
            &address,
            started,
            ApiError::CodeRefused,
        )
        .await);
    };
    let origin = origin(&headers, &address);
    start_session(&state, Factor::Code, customer, document, None, &origin).await
}
