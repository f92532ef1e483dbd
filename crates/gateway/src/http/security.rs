//! The layers that guard every answer: security headers and the CSP, cache rules, the JSON
//! shape of unreadable requests, and the checks on writes (our origin, and the session's
//! CSRF token on a customer's routes).

use std::path::Path;

use api::{API_PREFIX, ErrorBody};
use axum::{
    Json,
    extract::{Request, State},
    http::{HeaderValue, Method, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};
use base64::Engine as _;
use sha2::{Digest, Sha256};

use super::extract::session_from_headers;
use crate::error::ApiError;
use crate::state::Shared;

/// Hashed build outputs never change under the same name, so browsers may keep them a year.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// Everything else is revalidated so a deploy is seen on the next load.
const REVALIDATE: &str = "no-cache";

fn is_write(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// Writes to the API need an `Origin` that is ours or an allowed embedding site. Browsers
/// send one with every write, same-origin or not; a write without one does not come from
/// the portal's pages, so it is refused too.
pub async fn same_origin_writes(
    State(state): State<Shared>,
    request: Request,
    next: Next,
) -> Response {
    let headers = request.headers();
    if is_write(request.method()) {
        let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
            tracing::warn!(path = %request.uri().path(), "write without an origin refused");
            return ApiError::Forbidden.into_response();
        };
        let host = headers
            .get(header::HOST)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        // Our own origin, with the scheme the portal is served over.
        let scheme = if state.config.behind_tls {
            "https"
        } else {
            "http"
        };
        let ours = origin
            .split_once("://")
            .is_some_and(|(s, rest)| s == scheme && rest == host);
        let allowed = state.config.embed.origins.iter().any(|o| o == origin);
        // `trunk serve` on another loopback port proxies to a gateway on this machine.
        let dev_server = state.listens_on_loopback() && is_loopback_http(origin);
        if !ours && !allowed && !dev_server {
            tracing::warn!(%origin, path = %request.uri().path(), "write from a foreign origin refused");
            return ApiError::Forbidden.into_response();
        }
    }
    next.run(request).await
}

/// An origin on this machine over plain HTTP, such as a development server.
fn is_loopback_http(origin: &str) -> bool {
    let Some(rest) = origin.strip_prefix("http://") else {
        return false;
    };
    let host = rest.rsplit_once(':').map_or(rest, |(host, port)| {
        if port.bytes().all(|b| b.is_ascii_digit()) {
            host
        } else {
            rest
        }
    });
    matches!(host, "127.0.0.1" | "localhost" | "[::1]")
}

/// Compares without stopping at the first difference, so timing tells nothing of a token
/// or a factor.
pub fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// What a write must carry: `Ok` to go on, or the refusal. The session found is left in the
/// request for the handler, so a write asks the store once.
async fn csrf_check(
    state: &Shared,
    request: &mut Request,
    without_session: Result<(), ApiError>,
) -> Result<(), ApiError> {
    if !is_write(request.method()) {
        return Ok(());
    }
    let headers = request.headers();
    let token = headers
        .get("x-csrf-token")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    match session_from_headers(state, headers).await {
        Ok(s) if !token.is_empty() && same(&s.session.csrf, token) => {
            request.extensions_mut().insert(s);
            Ok(())
        }
        Ok(_) => Err(ApiError::Forbidden),
        Err(ApiError::SignedOut) => without_session,
        Err(e) => Err(e),
    }
}

/// A customer's writes need the session's CSRF token in `X-CSRF-Token`.
pub async fn customer_writes(
    State(state): State<Shared>,
    mut request: Request,
    next: Next,
) -> Response {
    match csrf_check(&state, &mut request, Err(ApiError::SignedOut)).await {
        Ok(()) => next.run(request).await,
        Err(e) => e.into_response(),
    }
}

/// Signing out needs the token too, but without a session there is nothing to end.
pub async fn sign_out_writes(
    State(state): State<Shared>,
    mut request: Request,
    next: Next,
) -> Response {
    match csrf_check(&state, &mut request, Ok(())).await {
        Ok(()) => next.run(request).await,
        Err(e) => e.into_response(),
    }
}

/// Any path under `/api` that no route claims.
pub async fn api_not_found() -> Response {
    (
        StatusCode::NOT_FOUND,
        Json(ErrorBody::new(
            "nao_encontrado",
            "Este endereço da API não existe.",
        )),
    )
        .into_response()
}

/// What an answer needs from its request: whether it is the API's, and whether it names a
/// hashed file.
#[derive(Clone, Copy)]
pub struct Asked {
    api: bool,
    hashed: bool,
}

impl Asked {
    /// Read before the request is handed on, as the answer no longer carries its path.
    pub fn of(request: &Request) -> Self {
        let path = request.uri().path();
        Self {
            api: path.starts_with(API_PREFIX),
            hashed: is_hashed(path),
        }
    }
}

/// What every answer goes through on its way out, innermost first: the JSON shape of
/// unreadable requests, the cache rule, the security headers (`csp` built once).
pub fn finish(asked: Asked, csp: Option<HeaderValue>, tls: bool, response: Response) -> Response {
    let response = json_rejections(asked.api, response);
    let response = cache_control(asked.hashed, response);
    security_headers(csp, tls, response)
}

/// Requests the API could not even read (body too large, not JSON, missing fields) or did
/// not answer in time get the API's JSON error shape instead of plain text or nothing.
fn json_rejections(api: bool, response: Response) -> Response {
    let plain = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_none_or(|v| v.starts_with("text/plain"));
    if !api || !plain || !(response.status().is_client_error()) {
        return response;
    }
    let status = response.status();
    tracing::info!(%status, "unreadable API request");
    let (code, message) = match status {
        StatusCode::PAYLOAD_TOO_LARGE => (
            "muito_grande",
            "O envio passou do tamanho permitido. Envie menos anexos ou arquivos menores.",
        ),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => ("formato_invalido", "Envie os dados em JSON."),
        StatusCode::REQUEST_TIMEOUT => (
            "tempo_esgotado",
            "O portal demorou demais para responder. Tente de novo em instantes.",
        ),
        _ => (
            "dados_invalidos",
            "Não conseguimos ler os dados enviados. Recarregue a página e tente de novo.",
        ),
    };
    (status, Json(ErrorBody::new(code, message))).into_response()
}

/// Whether a file name carries trunk's content hash (`name-0123456789abcdef.ext`).
fn is_hashed(path: &str) -> bool {
    let file = path.rsplit('/').next().unwrap_or(path);
    file.rsplit_once('-').is_some_and(|(_, tail)| {
        let hash = tail.split(['_', '.']).next().unwrap_or(tail);
        hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_hexdigit())
    })
}

/// Hashed files are kept a year; every other success is revalidated.
fn cache_control(hashed: bool, mut response: Response) -> Response {
    if response.status().is_success() && !response.headers().contains_key(header::CACHE_CONTROL) {
        let value = if hashed { IMMUTABLE } else { REVALIDATE };
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    }
    response
}

/// The CSP: only our own origin, wasm compilation, the hashes of the inline scripts trunk
/// writes into `index.html`, and framing by the embed allow-list.
pub fn content_security_policy(dist: &Path, embed_origins: &[String]) -> String {
    let html = std::fs::read_to_string(dist.join("index.html")).unwrap_or_default();
    let mut hashes = String::new();
    let mut rest = html.as_str();
    while let Some(start) = rest.find("<script") {
        let after = &rest[start..];
        let Some(open_end) = after.find('>') else {
            break;
        };
        let Some(close) = after.find("</script>") else {
            break;
        };
        let body = &after[open_end + 1..close];
        if !body.trim().is_empty() {
            let digest = Sha256::digest(body.as_bytes());
            hashes.push_str(&format!(
                " 'sha256-{}'",
                base64::engine::general_purpose::STANDARD.encode(digest)
            ));
        }
        rest = &after[close + 9..];
    }
    let ancestors = std::iter::once("'self'".to_string())
        .chain(embed_origins.iter().cloned())
        .collect::<Vec<_>>()
        .join(" ");
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{hashes}; style-src 'self'; img-src 'self' data: blob:; \
         connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; \
         frame-ancestors {ancestors}; manifest-src 'self'; worker-src 'self'"
    )
}

/// Adds the security headers to every answer. The CSP comes built (`HeaderValue`), so each
/// answer shares it instead of copying and checking the text again.
fn security_headers(csp: Option<HeaderValue>, tls: bool, mut response: Response) -> Response {
    let h = response.headers_mut();
    if let Some(v) = csp {
        h.insert(header::CONTENT_SECURITY_POLICY, v);
    }
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("strict-origin-when-cross-origin"),
    );
    h.insert(
        "permissions-policy",
        HeaderValue::from_static(
            "camera=(self), geolocation=(self), microphone=(), publickey-credentials-get=(self), publickey-credentials-create=(self)",
        ),
    );
    if tls {
        h.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
    response
}
