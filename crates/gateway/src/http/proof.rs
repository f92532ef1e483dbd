//! What changes to a customer's contacts and passkeys share: whether the session may make
//! them now, the notice every verified contact gets afterwards, and whose passkey answered
//! a ceremony (for a sign-in, or a proof within a session).

use api::Channel;
use brazil::CpfOuCnpj;
use serde_json::Value;

use crate::error::ApiError;
use crate::http::dto;
use crate::http::extract::{SignedIn, parse_document};
use crate::passkeys::{Purpose, take};
use crate::senders::Outgoing;
use crate::session;
use crate::state::AppState;

/// Whether the customer set up anything only they can use: a verified contact, a passkey.
///
/// # Errors
/// [`ApiError::Store`].
pub async fn has_proofs(state: &AppState, document: &str) -> Result<bool, ApiError> {
    Ok(!state.store.contacts_of(document).await?.is_empty()
        || !state.store.passkeys_of(document).await?.is_empty())
}

/// Whether a change needs a proof first: the customer has something to protect
/// (`protected`, see [`has_proofs`]) and the session has not proved itself lately. Whoever
/// signed in with a birth date does not get to replace the owner's e-mail or add their own
/// passkey.
pub fn needs_proof(who: &SignedIn, protected: bool) -> bool {
    protected && !who.session.proven(session::now())
}

/// Refuses a change that [`needs_proof`].
///
/// # Errors
/// [`ApiError::ProofNeeded`], or [`ApiError::Store`].
pub async fn may_change(state: &AppState, who: &SignedIn) -> Result<(), ApiError> {
    // A session that proved itself lately asks the store nothing.
    if who.session.proven(session::now()) {
        return Ok(());
    }
    if needs_proof(who, has_proofs(state, who.document.as_str()).await?) {
        Err(ApiError::ProofNeeded)
    } else {
        Ok(())
    }
}

/// Tells every contact in `to` (the verified ones before a change) what changed. A notice
/// that cannot be delivered is logged; the change stands.
pub async fn notify(state: &AppState, who: &SignedIn, to: &[store::ContactRow], what: &str) {
    let isp = &state.config.isp.name;
    let text = format!(
        "Aviso da central do assinante {isp}: {what}. Se não foi você, fale com o provedor agora e confira \"Meus acessos\" na central."
    );
    for contact in to {
        let Some(channel) = dto::channel(&contact.channel) else {
            continue;
        };
        let message = Outgoing {
            channel,
            to: &contact.address,
            subject: format!("{isp}: alteração na sua conta"),
            text: text.clone(),
            code: "",
            expires_in_s: 0,
        };
        match state.delivery.deliver(&message).await {
            Ok(()) => {
                tracing::info!(document = %who.document.for_log(), ?channel, "change notice sent");
            }
            Err(e) => {
                tracing::warn!(document = %who.document.for_log(), ?channel, error = %e, "change notice not delivered");
            }
        }
    }
}

/// How a channel's contact is named in a sentence.
pub fn contact_noun(channel: Channel) -> &'static str {
    match channel {
        Channel::Email => "o e-mail",
        Channel::Whatsapp | Channel::Sms => "o WhatsApp",
    }
}

/// The customer whose registered passkey answered the sign-in ceremony `ceremony`, if the
/// answer holds: a current ceremony (used up here), a registered passkey whose user handle
/// is its owner's, a valid signature. The passkey's counter is moved on.
///
/// # Errors
/// [`ApiError::Store`] or the ERP's; a wrong answer is `Ok(None)`.
pub async fn passkey_owner(
    state: &AppState,
    ceremony: &str,
    credential: &Value,
) -> Result<Option<CpfOuCnpj>, ApiError> {
    let Some(rp) = state.passkeys.as_ref() else {
        return Ok(None);
    };
    let Some((_, ceremony_state)) = take(&state.store, ceremony, Purpose::SignIn).await? else {
        return Ok(None);
    };
    let Ok((credential_id, user)) = rp.identify(credential) else {
        return Ok(None);
    };
    let Some(row) = state.store.passkey(&credential_id).await? else {
        return Ok(None);
    };
    let Ok(document) = parse_document(&row.customer) else {
        return Ok(None);
    };
    if rp.user_id(document.as_str()) != user {
        tracing::warn!(document = %document.for_log(), "passkey answer with another user handle");
        return Ok(None);
    }
    let updated = match rp.finish_sign_in(credential, &ceremony_state, &row.passkey) {
        Ok(updated) => updated,
        Err(e) => {
            tracing::info!(document = %document.for_log(), why = %e.0, "passkey answer refused");
            return Ok(None);
        }
    };
    state
        .store
        .use_passkey(
            &credential_id,
            &updated,
            session::store_time(session::now()),
        )
        .await?;
    Ok(Some(document))
}
