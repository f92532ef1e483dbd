//! Signing in with the document and the factor the ERP knows (birth date, CEP).

use std::time::Instant;

use api::Factor;
use axum::{Json, extract::State, http::HeaderMap, response::Response};

use super::{
    admit_factor, factor_asked, has_strong_factor, refuse_slowly, session_parts, start_session,
};
use crate::error::ApiError;
use crate::http::extract::{ClientAddress, origin, parse_document};
use crate::http::security::same;
use crate::state::Shared;

fn digits(text: &str) -> String {
    text.chars().filter(char::is_ascii_digit).collect()
}

fn factor_matches(factor: Factor, customer: &erp::types::Customer, typed: &str) -> bool {
    match factor {
        Factor::BirthDate => match (api::date::parse_typed(typed), customer.birth_date.ok()) {
            (Some(t), Some(known)) => same(&t.to_string(), &known.to_string()),
            _ => false,
        },
        Factor::Cep => {
            let known = digits(customer.cep.text());
            known.len() == 8 && same(&digits(typed), &known)
        }
        // Codes and passkeys are checked against what the portal holds, never the ERP.
        Factor::Code | Factor::Passkey => false,
    }
}

#[utoipa::path(post, path = "/sessao", tag = "sessão", request_body = api::SignIn,
    responses((status = 200, body = api::Session, description = "Sets the session cookie"), (status = 401, body = api::ErrorBody),
        (status = 429, body = api::ErrorBody, description = "With Retry-After"), (status = 502, body = api::ErrorBody), (status = 504, body = api::ErrorBody)))]
pub(super) async fn sign_in(
    State(state): State<Shared>,
    ClientAddress(address): ClientAddress,
    headers: HeaderMap,
    Json(body): Json<api::SignIn>,
) -> Result<Response, ApiError> {
    let started = Instant::now();
    let document = parse_document(&body.document)?;
    admit_factor(&state, &document, &address, crate::session::now()).await?;
    let policy = state.config.login.policy(document.kind());
    // The account's lists are fetched while the customer is checked, so a sign-in costs one
    // ERP round trip; on a refusal they are dropped unread.
    let (customer, parts) = tokio::join!(
        state.erp.customer(&document),
        session_parts(&state, &document)
    );
    let customer = customer?;
    // The ERP's factor is only for customers with no passkey or verified contact; anyone
    // else typing a birth date or CEP is refused like a wrong one, so that whoever knows
    // it cannot get past the customer's own proof.
    let strong = match &customer {
        Some(_) => has_strong_factor(&state, &document).await?,
        None => false,
    };
    let fallback = policy.fallback().filter(|_| !strong);
    let accepted =
        customer.filter(|c| fallback.is_some_and(|f| factor_matches(f, c, &body.factor)));
    let Some(customer) = accepted else {
        return Err(refuse_slowly(
            &state,
            factor_asked(&state, &document),
            Some(&document),
            &address,
            started,
            ApiError::SignInFailed,
        )
        .await);
    };
    let factor = factor_asked(&state, &document);
    let origin = origin(&headers, &address);
    start_session(&state, factor, customer, document, Some(parts), &origin).await
}
