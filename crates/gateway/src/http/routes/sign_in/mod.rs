//! Signing in and out: by the factor the ERP knows (`factor`), by one-time code (`code`),
//! by passkey (`passkey`), the session itself (`session`), and what they share here — the lockout, the slow
//! refusal, and opening a session with the first screen's data.

mod code;
mod factor;
mod passkey;
mod session;

use std::time::{Duration, Instant};

use axum::{Json, response::Response};
use brazil::{CpfOuCnpj, PersonKind};
use utoipa_axum::{router::OpenApiRouter, routes};

use api::Factor;

use crate::config::Inactive;
use crate::error::ApiError;
use crate::http::extract::SignedIn;
use crate::http::respond::private;
use crate::http::{dto, lookup};
use crate::metrics::SignInOutcome;
use crate::session::{self as cookie, Origin, Session, SessionError};
use crate::state::{AppState, Shared};

/// The routes anyone may call.
pub fn public() -> OpenApiRouter<Shared> {
    OpenApiRouter::new()
        .routes(routes!(factor::sign_in))
        .routes(routes!(code::start))
        .routes(routes!(code::send))
        .routes(routes!(code::sign_in))
        .routes(routes!(passkey::start))
        .routes(routes!(passkey::sign_in))
}

/// The routes of a signed-in customer.
pub fn customer() -> OpenApiRouter<Shared> {
    OpenApiRouter::new().routes(routes!(session::current))
}

/// Signing out, with or without a session.
pub fn sign_out() -> OpenApiRouter<Shared> {
    OpenApiRouter::new().routes(routes!(session::sign_out))
}

/// The factor the sign-in form asks of `document` besides a code, as metrics name it.
fn factor_asked(state: &AppState, document: &CpfOuCnpj) -> Factor {
    state
        .config
        .login
        .policy(document.kind())
        .fallback()
        .unwrap_or(Factor::BirthDate)
}

/// Refuses a factor sign-in while the client address, or the document, is locked out by
/// earlier failures. The document lock is what stops a botnet spreading guesses of a
/// birth date over many addresses; it covers the guessable factors only, so where the
/// policy has a code the message points there.
async fn admit_factor(
    state: &AppState,
    document: &CpfOuCnpj,
    address: &str,
    now: u64,
) -> Result<(), ApiError> {
    let locked = |error: ApiError| {
        state
            .metrics
            .sign_in(factor_asked(state, document), SignInOutcome::Locked);
        Err(error)
    };
    if let Some(wait) = state.by_address.check(address, now).await? {
        return locked(ApiError::TooManyAttempts(wait));
    }
    if let Some(wait) = state.by_document.check(document.as_str(), now).await? {
        tracing::warn!(document = %document.for_log(), "sign-in by factor locked for the document");
        return if state.config.login.policy(document.kind()).has_code() {
            locked(ApiError::FactorLocked(wait))
        } else {
            locked(ApiError::TooManyAttempts(wait))
        };
    }
    Ok(())
}

/// Refuses a sign-in start past this client's failures or its lookups, and counts this one:
/// each start costs a store or ERP call, or a ceremony row kept until it expires. Counted per
/// client address, not per document, since asking again shows nothing new and refusing would
/// let a stranger keep the customer out.
async fn admit_lookup(state: &AppState, address: &str) -> Result<(), ApiError> {
    let now = cookie::now();
    let wait = state
        .by_address
        .check(address, now)
        .await?
        .or(state.lookups.check(address, now).await?);
    if let Some(wait) = wait {
        return Err(ApiError::TooManyAttempts(wait));
    }
    state.lookups.fail(address, now).await?;
    Ok(())
}

/// Whether `document` set up a strong factor the policy offers (a verified contact a code
/// can reach, a passkey): then the ERP's factor, which others may know, is never accepted.
async fn has_strong_factor(state: &AppState, document: &CpfOuCnpj) -> Result<bool, ApiError> {
    let policy = state.config.login.policy(document.kind());
    if policy.has_code() {
        let contacts = state.store.contacts_of(document.as_str()).await?;
        if !state.delivery.reachable(&contacts).is_empty() {
            return Ok(true);
        }
    }
    if policy.has_passkey() && state.passkeys.is_some() {
        return Ok(!state.store.passkeys_of(document.as_str()).await?.is_empty());
    }
    Ok(false)
}

/// Counts a failed sign-in (against the document too when a guessable factor was tried)
/// and answers no sooner than the floor, so that an unknown document and a wrong factor or
/// code look alike.
async fn refuse_slowly(
    state: &AppState,
    factor: Factor,
    factor_of: Option<&CpfOuCnpj>,
    address: &str,
    started: Instant,
    error: ApiError,
) -> ApiError {
    state.metrics.sign_in(factor, SignInOutcome::Refused);
    let now = cookie::now();
    // A count the store could not keep is logged; the refusal stands either way.
    let counted = |r: Result<(), store::StoreError>| {
        if let Err(e) = r {
            tracing::error!(error = %e, "failed sign-in not counted");
        }
    };
    counted(state.by_address.fail(address, now).await);
    if let Some(document) = factor_of {
        counted(state.by_document.fail(document.as_str(), now).await);
        tracing::info!(document = %document.for_log(), %address, "sign-in refused");
    } else {
        tracing::info!(%address, factor = factor.key(), "sign-in refused");
    }
    let floor = Duration::from_millis(state.config.login.failure_floor_ms);
    tokio::time::sleep(floor.saturating_sub(started.elapsed())).await;
    error
}

/// What the session body needs from the ERP besides the customer record.
struct SessionParts {
    contracts: Result<Vec<erp::types::Contract>, erp::ErpError>,
    invoices: Result<Vec<erp::types::Invoice>, erp::ErpError>,
}

/// Fetches the contracts and open invoices of `document` at once.
async fn session_parts(state: &AppState, document: &CpfOuCnpj) -> SessionParts {
    let (contracts, invoices) = tokio::join!(
        state.erp.contracts(document),
        state.erp.open_invoices(document, None)
    );
    SessionParts {
        contracts,
        invoices,
    }
}

fn session_body(who: &SignedIn, name: String, parts: SessionParts) -> api::Session {
    let contracts = lookup::contracts_or_lookup(parts.contracts, &who.session.contract_id);
    let today = dto::today();
    let invoices = parts
        .invoices
        .map_err(|e| tracing::warn!(error = %e, "invoices left out of the session"))
        .ok()
        .map(|list| list.iter().map(|i| dto::invoice(i, today)).collect());
    api::Session {
        customer: api::CustomerSummary {
            name,
            document_masked: who.document.masked(),
            company: who.document.kind() == PersonKind::Company,
            contracts,
            inactive: who.session.inactive,
        },
        csrf_token: who.session.csrf.clone(),
        invoices,
    }
}

/// Opens a session for a customer who proved who they are.
///
/// `parts` are the contracts and invoices when they were fetched alongside the customer.
async fn start_session(
    state: &AppState,
    factor: Factor,
    customer: erp::types::Customer,
    document: CpfOuCnpj,
    parts: Option<SessionParts>,
    origin: &Origin,
) -> Result<Response, ApiError> {
    let inactive = customer.active.ok() == Some(&false);
    if inactive && state.config.login.inactive == Inactive::Refuse {
        tracing::info!(document = %document.for_log(), "inactive customer refused");
        state.metrics.sign_in(factor, SignInOutcome::Inactive);
        return Err(ApiError::Inactive);
    }
    state.metrics.sign_in(factor, SignInOutcome::Ok);
    let doc_key = document.as_str().to_string();
    state.by_document.clear(&doc_key).await?;
    let now = cookie::now();
    let session = Session {
        customer_id: customer.id.text().to_string(),
        document: doc_key,
        issued_at: now,
        seen_at: now,
        csrf: cookie::random_token().map_err(|e| ApiError::Internal(e.to_string()))?,
        name: customer.name.text().to_string(),
        contract_id: customer.contract_id.text().to_string(),
        inactive,
        // A code to a verified contact or a passkey is a proof only the customer can give.
        proven_at: if factor.is_strong() { now } else { 0 },
    };
    let (id, opened) = state
        .sessions
        .start(session, origin)
        .await
        .map_err(|e| match e {
            SessionError::Store(e) => ApiError::Store(e),
            other => ApiError::Internal(format!("{other:?}")),
        })?;
    let who = SignedIn::new(opened, document);
    tracing::info!(document = %who.document.for_log(), "signed in");
    let parts = match parts {
        Some(p) => p,
        None => session_parts(state, &who.document).await,
    };
    let body = session_body(&who, customer.name.text().to_string(), parts);
    Ok(private(Json(body), Some(state.session_cookie(&id))))
}
