//! What handlers take from a request: the signed-in customer (from the session cookie), the
//! connection's address, the client address to count limits by, and a typed document.

use std::net::SocketAddr;

use axum::{
    extract::{ConnectInfo, FromRequestParts},
    http::{HeaderMap, header, request::Parts},
};
use brazil::CpfOuCnpj;

use crate::error::ApiError;
use crate::session::{self, Opened, Origin, Session, SessionError};
use crate::state::{AppState, Shared};

/// The signed-in customer, from the session the cookie names.
pub struct SignedIn {
    pub session: Session,
    pub document: CpfOuCnpj,
    /// The store's key for this session.
    pub key: String,
    /// The id "Meus acessos" shows for it.
    pub public_id: String,
}

impl SignedIn {
    /// The customer of a session just opened or found.
    pub fn new(opened: Opened, document: CpfOuCnpj) -> Self {
        Self {
            session: opened.session,
            document,
            key: opened.key,
            public_id: opened.public_id,
        }
    }
}

fn cookie_value<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|pair| pair.trim().strip_prefix(name)?.strip_prefix('='))
}

/// The session the request's cookie names, if there is one and it is current.
///
/// # Errors
/// [`ApiError::SignedOut`] for no current session; [`ApiError::Store`] when the store does
/// not answer (the subscriber is not signed out by an outage).
pub async fn session_from_headers(
    state: &AppState,
    headers: &HeaderMap,
) -> Result<Opened, ApiError> {
    let id = cookie_value(headers, state.cookie_name()).ok_or(ApiError::SignedOut)?;
    match state.sessions.open(id, session::now()).await {
        Ok(opened) => Ok(opened),
        Err(SessionError::Store(e)) => Err(ApiError::Store(e)),
        Err(_) => Err(ApiError::SignedOut),
    }
}

impl FromRequestParts<Shared> for SignedIn {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &Shared) -> Result<Self, ApiError> {
        // A write's session was already found by the CSRF check.
        let opened = match parts.extensions.remove::<Opened>() {
            Some(opened) => opened,
            None => session_from_headers(state, &parts.headers).await?,
        };
        let document =
            CpfOuCnpj::parse(&opened.session.document).map_err(|_| ApiError::SignedOut)?;
        Ok(Self::new(opened, document))
    }
}

/// Where a session is being opened from: the browser and system named from the
/// `User-Agent`, and the client's network by prefix (never the whole address).
pub fn origin(headers: &HeaderMap, address: &str) -> Origin {
    let agent = headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    Origin::new(agent, address)
}

/// The connection's remote address, when the server recorded it.
pub struct Peer(pub Option<SocketAddr>);

impl<S: Send + Sync> FromRequestParts<S> for Peer {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Self(
            parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map(|c| c.0),
        ))
    }
}

/// The client's address, by which limits count (`net`): the connection's, or behind trusted
/// proxies the rightmost `X-Forwarded-For` hop that is not one of them; IPv6 by its /64.
pub struct ClientAddress(pub String);

impl FromRequestParts<Shared> for ClientAddress {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &Shared,
    ) -> Result<Self, Self::Rejection> {
        let Peer(peer) = Peer::from_request_parts(parts, state).await?;
        let Some(peer) = peer else {
            return Ok(Self("desconhecido".into()));
        };
        let ip = if state.config.trust_forwarded_for {
            let forwarded: Vec<&str> = parts
                .headers
                .get_all("x-forwarded-for")
                .iter()
                .filter_map(|v| v.to_str().ok())
                .collect();
            crate::net::client(peer.ip(), &forwarded, &state.trusted_proxies)
        } else {
            peer.ip()
        };
        Ok(Self(crate::net::limit_key(ip)))
    }
}

/// A document typed in a form, or the message that says what is wrong with it.
///
/// # Errors
/// [`ApiError::Invalid`] naming the problem.
pub fn parse_document(text: &str) -> Result<CpfOuCnpj, ApiError> {
    CpfOuCnpj::parse(text).map_err(|e| ApiError::Invalid(format!("CPF ou CNPJ inválido: {e}.")))
}
