//! The only code that knows the gateway's URLs and headers: JSON in and out of `/api/v1`,
//! the CSRF token on writes, and one error type with the message to show.

use std::cell::RefCell;

use api::{API_PREFIX, ErrorBody};
use gloo_net::http::{Method, RequestBuilder};
use serde::Serialize;
use serde::de::DeserializeOwned;

thread_local! {
    static CSRF: RefCell<String> = const { RefCell::new(String::new()) };
}

/// Remembers the session's CSRF token for the writes that follow.
pub fn set_csrf(token: &str) {
    CSRF.with(|c| *c.borrow_mut() = token.to_string());
}

/// Why a call to the gateway gave nothing usable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClientError {
    /// The gateway answered with an error and its pt-BR message.
    Api { status: u16, body: ErrorBody },
    /// No answer: offline or the gateway is down.
    Network,
    /// An answer we cannot read.
    Unreadable,
}

impl ClientError {
    /// The sentence the subscriber sees.
    pub fn message(&self) -> String {
        match self {
            Self::Api { body, .. } => body.message.clone(),
            Self::Network => {
                "Sem conexão com o portal. Verifique sua internet e tente de novo.".into()
            }
            Self::Unreadable => {
                "O portal respondeu algo inesperado. Tente de novo em instantes.".into()
            }
        }
    }

    /// Whether the session ended (the page should go back to sign-in).
    pub fn is_signed_out(&self) -> bool {
        matches!(self, Self::Api { status: 401, body } if body.code == "sessao_expirada")
    }
}

async fn run<T: DeserializeOwned>(
    request: Result<gloo_net::http::Request, gloo_net::Error>,
) -> Result<T, ClientError> {
    let response = request
        .map_err(|_| ClientError::Unreadable)?
        .send()
        .await
        .map_err(|_| ClientError::Network)?;
    let status = response.status();
    if (200..300).contains(&status) {
        if status == 204 {
            return serde_json::from_str("null").map_err(|_| ClientError::Unreadable);
        }
        return response
            .json::<T>()
            .await
            .map_err(|_| ClientError::Unreadable);
    }
    match response.json::<ErrorBody>().await {
        Ok(body) => Err(ClientError::Api { status, body }),
        Err(_) => Err(ClientError::Unreadable),
    }
}

fn builder(method: Method, path: &str) -> RequestBuilder {
    let url = format!("{API_PREFIX}{path}");
    let builder = RequestBuilder::new(&url).method(method.clone());
    if method == Method::GET {
        builder
    } else {
        CSRF.with(|c| builder.header("X-CSRF-Token", &c.borrow()))
    }
}

/// `GET /api/v1{path}`.
///
/// # Errors
/// [`ClientError`].
pub async fn get<T: DeserializeOwned>(path: &str) -> Result<T, ClientError> {
    run(builder(Method::GET, path).build()).await
}

/// A write with a JSON body.
///
/// # Errors
/// [`ClientError`].
pub async fn send<B: Serialize, T: DeserializeOwned>(
    method: Method,
    path: &str,
    body: &B,
) -> Result<T, ClientError> {
    run(builder(method, path).json(body)).await
}

/// `DELETE /api/v1{path}`.
///
/// # Errors
/// [`ClientError`].
pub async fn delete(path: &str) -> Result<(), ClientError> {
    run::<Option<()>>(builder(Method::DELETE, path).build())
        .await
        .map(|_| ())
}
