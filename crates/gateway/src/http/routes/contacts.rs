//! Contacts the customer verified in the portal: an e-mail or WhatsApp becomes a code
//! destination only once a code sent to it is typed back; changing one, once any exists,
//! first needs a proof (a code to a verified contact, or a passkey sign-in), and the old
//! contacts are told. The verified contact is also written to the ERP (endpoint 22).

use api::{
    Channel, CodeSent, ContactCode, ContactsState, Destination, NewContact, ProofCode, ProofRequest,
};
use axum::{Json, extract::State, http::StatusCode, response::Response};
use erp::Parsed;
use erp::types::CustomerUpdate;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::error::ApiError;
use crate::http::dto;
use crate::http::extract::{ClientAddress, SignedIn};
use crate::http::proof::{contact_noun, may_change, needs_proof, notify};
use crate::http::respond::private;
use crate::senders::Outgoing;
use crate::session;
use crate::state::{AppState, Shared};

/// A signed-in customer's contact routes.
pub fn router() -> OpenApiRouter<Shared> {
    OpenApiRouter::new()
        .routes(routes!(read, confirm))
        .routes(routes!(send_proof))
        .routes(routes!(prove))
        .routes(routes!(send_code))
}

/// The code slot of a proof, apart from sign-in codes.
fn proof_slot(document: &str) -> String {
    format!("{document}/prova")
}

/// The code slot of a new contact; the code is bound to its address.
fn contact_slot(document: &str) -> String {
    format!("{document}/contato")
}

fn bound(channel: Channel, address: &str) -> String {
    format!("{}:{address}", channel.key())
}

async fn state_of(state: &AppState, who: &SignedIn) -> Result<ContactsState, ApiError> {
    let document = who.document.as_str();
    let contacts = state.store.contacts_of(document).await?;
    let verified: Vec<_> = contacts.iter().filter_map(dto::contact).collect();
    let channels: Vec<Channel> = api::CONTACT_CHANNELS
        .into_iter()
        .filter(|c| state.delivery.sender(*c).is_some())
        .collect();
    // The ERP's data only suggests what to verify, on channels with nothing verified; it
    // may be stale, or typed by someone else, so it is never a destination by itself.
    let suggestions = match state.erp.customer(&who.document).await {
        Ok(Some(c)) => channels
            .iter()
            .filter(|ch| !verified.iter().any(|v| v.channel == **ch))
            .filter_map(|ch| {
                let text = match ch {
                    Channel::Email => c.email.text(),
                    _ => c.whatsapp.ok().map_or(c.mobile.text(), |w| w.as_str()),
                };
                api::contact_address(*ch, text)
                    .ok()
                    .map(|address| NewContact {
                        channel: *ch,
                        address,
                    })
            })
            .collect(),
        Ok(None) => Vec::new(),
        Err(e) => {
            tracing::warn!(error = %e, "contact suggestions left out");
            Vec::new()
        }
    };
    let passkeys = state.store.passkeys_of(document).await?;
    let proof_needed = needs_proof(who, !contacts.is_empty() || !passkeys.is_empty());
    let proof_to = state
        .delivery
        .reachable(&contacts)
        .into_iter()
        .filter(|(c, ..)| *c != Channel::Sms)
        .map(|(channel, masked, _)| Destination { channel, masked })
        .collect();
    let proof_by_passkey = state.passkeys.is_some() && !passkeys.is_empty();
    Ok(ContactsState {
        verified,
        suggestions,
        proof_needed,
        proof_to,
        proof_by_passkey,
        channels,
    })
}

#[utoipa::path(get, path = "/contatos", tag = "conta", responses((status = 200, body = ContactsState)))]
async fn read(State(state): State<Shared>, who: SignedIn) -> Result<Response, ApiError> {
    Ok(private(Json(state_of(&state, &who).await?), None))
}

/// Refuses a send past this customer's confirmation-code limit, the total, or this client's
/// failures.
async fn admit_send(state: &AppState, who: &SignedIn, address: &str) -> Result<(), ApiError> {
    let now = session::now();
    let document = who.document.as_str();
    let wait = state
        .by_address
        .check(address, now)
        .await?
        .or(state.contact_sends.check(document, now).await?)
        .or(state.code_sends_total.check("*", now).await?);
    if let Some(wait) = wait {
        return Err(ApiError::TooManyAttempts(wait));
    }
    state.contact_sends.fail(document, now).await?;
    state.code_sends_total.fail("*", now).await?;
    Ok(())
}

/// Issues a code in `slot` bound to `bound` and sends it to `to` with `text` around it.
async fn send(
    state: &AppState,
    who: &SignedIn,
    (slot, bound): (&str, &str),
    (channel, to): (Channel, &str),
    text: impl Fn(&str, u64) -> String,
) -> Result<CodeSent, ApiError> {
    let code = state
        .codes
        .issue_for(slot, bound, session::now_ms())
        .await?;
    let expires_in_s = state.config.code.expires_s;
    let isp = &state.config.isp.name;
    let message = Outgoing {
        channel,
        to,
        subject: format!("{isp}: seu código de confirmação"),
        text: text(&code, expires_in_s.div_ceil(60)),
        code: &code,
        expires_in_s,
    };
    let masked = api::masked_contact(channel, to);
    if let Err(detail) = state.delivery.deliver(&message).await {
        if let Err(e) = state.codes.revoke(slot).await {
            tracing::warn!(error = %e, "undelivered code not revoked");
        }
        tracing::warn!(document = %who.document.for_log(), ?channel, destination = %masked, error = %detail, "confirmation code not delivered");
        return Err(ApiError::DeliveryFailed(channel));
    }
    tracing::info!(document = %who.document.for_log(), ?channel, destination = %masked, "confirmation code sent");
    Ok(CodeSent {
        masked,
        expires_in_s,
        resend_in_s: state.config.code.resend_after_s,
    })
}

/// Sends a proof code to one of the customer's verified contacts.
#[utoipa::path(post, path = "/contatos/confirmacao", tag = "conta", request_body = ProofRequest, params(("X-CSRF-Token" = String, Header)),
    responses((status = 200, body = CodeSent), (status = 422, body = api::ErrorBody), (status = 429, body = api::ErrorBody)))]
async fn send_proof(
    State(state): State<Shared>,
    who: SignedIn,
    ClientAddress(address): ClientAddress,
    Json(body): Json<ProofRequest>,
) -> Result<Response, ApiError> {
    let contacts = state.store.contacts_of(who.document.as_str()).await?;
    let Some(contact) = contacts.iter().find(|c| c.channel == body.channel.key()) else {
        return Err(ApiError::Invalid(
            "Escolha um dos seus contatos confirmados.".into(),
        ));
    };
    admit_send(&state, &who, &address).await?;
    let isp = state.config.isp.name.clone();
    let sent = send(
        &state,
        &who,
        (&proof_slot(who.document.as_str()), ""),
        (body.channel, &contact.address),
        |code, minutes| {
            format!(
                "{code} é o código para confirmar uma alteração na sua conta da central do assinante {isp}. Ele vale por {minutes} minuto(s). Se não foi você quem pediu, não repasse este código a ninguém e fale com o provedor."
            )
        },
    )
    .await?;
    Ok(private(Json(sent), None))
}

/// Checks a proof code; the session may then change contacts and passkeys for a while.
#[utoipa::path(post, path = "/contatos/confirmacao/codigo", tag = "conta", request_body = ProofCode, params(("X-CSRF-Token" = String, Header)),
    responses((status = 204, description = "The session may make changes for the next minutes"), (status = 401, body = api::ErrorBody)))]
async fn prove(
    State(state): State<Shared>,
    who: SignedIn,
    ClientAddress(address): ClientAddress,
    Json(body): Json<ProofCode>,
) -> Result<StatusCode, ApiError> {
    if let Some(wait) = state.by_address.check(&address, session::now()).await? {
        return Err(ApiError::TooManyAttempts(wait));
    }
    let right = match api::typed_code(&body.code) {
        Some(code) => {
            state
                .codes
                .verify_for(
                    &proof_slot(who.document.as_str()),
                    "",
                    &code,
                    session::now_ms(),
                )
                .await?
        }
        None => false,
    };
    if !right {
        state.by_address.fail(&address, session::now()).await?;
        return Err(ApiError::CodeRefused);
    }
    state
        .sessions
        .prove(&who.key, &who.session, session::now())
        .await?;
    tracing::info!(document = %who.document.for_log(), "session proved by a code to a verified contact");
    Ok(StatusCode::NO_CONTENT)
}

/// Sends a code to a contact the customer wants to verify.
#[utoipa::path(post, path = "/contatos/envio", tag = "conta", request_body = NewContact, params(("X-CSRF-Token" = String, Header)),
    responses((status = 200, body = CodeSent), (status = 403, body = api::ErrorBody, description = "A proof is needed first"),
        (status = 422, body = api::ErrorBody), (status = 429, body = api::ErrorBody)))]
async fn send_code(
    State(state): State<Shared>,
    who: SignedIn,
    ClientAddress(address): ClientAddress,
    Json(body): Json<NewContact>,
) -> Result<Response, ApiError> {
    let to = api::contact_address(body.channel, &body.address).map_err(ApiError::Invalid)?;
    if state.delivery.sender(body.channel).is_none() {
        return Err(ApiError::Invalid(format!(
            "O provedor não envia códigos por {}.",
            body.channel.label()
        )));
    }
    may_change(&state, &who).await?;
    admit_send(&state, &who, &address).await?;
    let isp = state.config.isp.name.clone();
    let noun = contact_noun(body.channel);
    let sent = send(
        &state,
        &who,
        (&contact_slot(who.document.as_str()), &bound(body.channel, &to)),
        (body.channel, &to),
        |code, minutes| {
            format!(
                "{code} é o código para confirmar {noun} na central do assinante {isp}. Ele vale por {minutes} minuto(s). Se você não pediu, ignore esta mensagem."
            )
        },
    )
    .await?;
    Ok(private(Json(sent), None))
}

/// Verifies a contact with the code sent to it: from now on codes may go there.
#[utoipa::path(post, path = "/contatos", tag = "conta", request_body = ContactCode, params(("X-CSRF-Token" = String, Header)),
    responses((status = 200, body = ContactsState), (status = 401, body = api::ErrorBody), (status = 403, body = api::ErrorBody)))]
async fn confirm(
    State(state): State<Shared>,
    who: SignedIn,
    ClientAddress(address): ClientAddress,
    Json(body): Json<ContactCode>,
) -> Result<Response, ApiError> {
    let to = api::contact_address(body.channel, &body.address).map_err(ApiError::Invalid)?;
    may_change(&state, &who).await?;
    if let Some(wait) = state.by_address.check(&address, session::now()).await? {
        return Err(ApiError::TooManyAttempts(wait));
    }
    let document = who.document.as_str();
    let right = match api::typed_code(&body.code) {
        Some(code) => {
            state
                .codes
                .verify_for(
                    &contact_slot(document),
                    &bound(body.channel, &to),
                    &code,
                    session::now_ms(),
                )
                .await?
        }
        None => false,
    };
    if !right {
        state.by_address.fail(&address, session::now()).await?;
        return Err(ApiError::CodeRefused);
    }
    // Used up: the cool-down is lifted so the other channel can be verified at once.
    state.codes.revoke(&contact_slot(document)).await?;
    let before = state.store.contacts_of(document).await?;
    let now = session::store_time(session::now());
    state
        .store
        .put_contact(
            document,
            &store::ContactRow {
                channel: body.channel.key().into(),
                address: to.clone(),
                verified_at: now,
            },
        )
        .await?;
    // The ERP keeps the contact the customer proved; a refusal there leaves the portal's
    // verified contact in place and is logged for the ISP.
    let (email, whatsapp) = match body.channel {
        Channel::Email => (Parsed::Ok(to.clone()), Parsed::Absent),
        _ => (Parsed::Absent, Parsed::Ok(to.clone())),
    };
    let update = CustomerUpdate {
        customer_id: Parsed::Ok(who.session.customer_id.clone()),
        email,
        whatsapp,
        ..CustomerUpdate::default()
    };
    if let Err(e) = state.erp.update_customer(&update).await {
        tracing::warn!(document = %who.document.for_log(), error = %e, "verified contact not written to the ERP");
    }
    // Whoever changed it may not be the owner: every other session ends, and every contact
    // verified before hears of it.
    let ended = state.sessions.end_others(document, &who.key).await?;
    let masked = api::masked_contact(body.channel, &to);
    let noun = contact_noun(body.channel);
    let replaced = before.iter().any(|c| c.channel == body.channel.key());
    let what = if replaced {
        format!("{noun} confirmado da sua conta foi trocado por {masked}")
    } else {
        format!("{noun} {masked} foi confirmado na sua conta")
    };
    notify(&state, &who, &before, &what).await;
    tracing::info!(document = %who.document.for_log(), channel = ?body.channel, other_sessions_ended = ended, "contact verified");
    Ok(private(Json(state_of(&state, &who).await?), None))
}
