//! What handlers take from a request: the signed-in customer (from the session cookie), the
//! connection's address, the client address to count limits by, and a typed document.

use std::net::SocketAddr;

use axum::{
    extract::{ConnectInfo, FromRequestParts},
    http::{HeaderMap, header, request::Parts},
};
use brazil::CpfOuCnpj;

use crate::error::ApiError;
use crate::session::{self, COOKIE, Session};
use crate::state::{AppState, Shared};

/// The signed-in customer, taken from the session cookie (and refreshed on the way out).
pub struct SignedIn {
    pub session: Session,
    pub document: CpfOuCnpj,
}

fn cookie_value<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|pair| pair.trim().strip_prefix(name)?.strip_prefix('='))
}

/// The session in the request's cookie, if genuine and current.
pub fn session_from_headers(state: &AppState, headers: &HeaderMap) -> Option<Session> {
    let value = cookie_value(headers, COOKIE)?;
    state.sessions.open(value, session::now()).ok()
}

impl FromRequestParts<Shared> for SignedIn {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &Shared) -> Result<Self, ApiError> {
        let session = session_from_headers(state, &parts.headers).ok_or(ApiError::SignedOut)?;
        let document = CpfOuCnpj::parse(&session.document).map_err(|_| ApiError::SignedOut)?;
        Ok(Self { session, document })
    }
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
