//! The gateway's HTTP surface: the built SPA from its dist folder, health and readiness, the
//! `/api/v1` routes, and the security layers around them (headers, CSRF, cache rules).

pub mod account;
pub mod app;
pub mod code_sign_in;
pub mod codes;
pub mod config;
pub mod error;
pub mod limits;
pub mod openapi;
pub mod pwa;
pub mod senders;
pub mod session;
pub mod signup;
pub mod uploads;

use std::path::Path;

use api::{API_PREFIX, ErrorBody, Health};
use axum::http::HeaderName;
use axum::{
    Json, Router,
    extract::{Request, State},
    http::{HeaderValue, Method, StatusCode, header},
    middleware::{self, Next},
    response::{IntoResponse, Response},
    routing::{any, get},
};
use base64::Engine as _;
use sha2::{Digest, Sha256};
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::services::{ServeDir, ServeFile};
use tower_http::trace::TraceLayer;

/// The header that carries each request's id, in the logs and back to the client.
const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

pub use app::{AppState, Shared};
pub use config::Config;

use crate::error::ApiError;

/// Hashed build outputs never change under the same name, so browsers may keep them a year.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// Everything else is revalidated so a deploy is seen on the next load.
const REVALIDATE: &str = "no-cache";

/// The whole gateway: API, health, SPA, and the layers.
pub fn router(state: Shared) -> Router {
    let dist = state.config.dist.clone();
    let csp = content_security_policy(&dist, &state.config.embed.origins);
    let index = dist.join("index.html");
    let spa = ServeDir::new(&dist)
        .precompressed_br()
        .precompressed_gzip()
        .fallback(
            ServeFile::new(&index)
                .precompressed_br()
                .precompressed_gzip(),
        );
    // Room for every attachment in base64 (4/3 of the bytes), one file more so that going
    // over the total gets the message that names the file, plus the form itself.
    let limits = &state.config.limits;
    let body_limit = usize::try_from(
        (limits.attachments_total_bytes + limits.attachment_bytes) / 3 * 4 + 1_048_576,
    )
    .unwrap_or(usize::MAX);
    Router::new()
        .nest(
            API_PREFIX,
            app::api_routes().layer(axum::extract::DefaultBodyLimit::max(body_limit)),
        )
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/manifest.webmanifest", get(pwa::manifest))
        .route("/sw.js", get(pwa::service_worker))
        .route("/api", any(api_not_found))
        .route("/api/{*rest}", any(api_not_found))
        .fallback_service(spa)
        .layer(middleware::from_fn(json_rejections))
        .layer(middleware::from_fn_with_state(state.clone(), csrf))
        .layer(middleware::from_fn(cache_control))
        .layer(middleware::from_fn_with_state(
            (csp, state.config.behind_tls),
            security_headers,
        ))
        .layer(
            TraceLayer::new_for_http().make_span_with(|request: &Request| {
                let id = request.headers().get(REQUEST_ID).and_then(|v| v.to_str().ok()).unwrap_or("");
                // The path only: queries and bodies may hold personal data.
                tracing::info_span!("request", request_id = %id, method = %request.method(), path = %request.uri().path())
            }),
        )
        .layer(PropagateRequestIdLayer::new(REQUEST_ID))
        .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
        .with_state(state)
}

async fn healthz() -> Json<Health> {
    Json(Health {
        status: "ok".into(),
        version: env!("CARGO_PKG_VERSION").into(),
    })
}

/// Ready when the ERP answers a catalogue call.
async fn readyz(State(state): State<Shared>) -> Response {
    match state.erp.due_days().await {
        Ok(_) => Json(Health {
            status: "pronto".into(),
            version: env!("CARGO_PKG_VERSION").into(),
        })
        .into_response(),
        Err(e) => ApiError::Erp(e).into_response(),
    }
}

async fn api_not_found() -> Response {
    (
        StatusCode::NOT_FOUND,
        Json(ErrorBody::new(
            "nao_encontrado",
            "Este endereço da API não existe.",
        )),
    )
        .into_response()
}

/// Requests the API could not even read (body too large, not JSON, missing fields) get the
/// API's JSON error shape instead of axum's plain text.
async fn json_rejections(request: Request, next: Next) -> Response {
    let api = request.uri().path().starts_with(API_PREFIX);
    let response = next.run(request).await;
    let plain = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/plain"));
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

async fn cache_control(request: Request, next: Next) -> Response {
    let hashed = is_hashed(request.uri().path());
    let mut response = next.run(request).await;
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

async fn security_headers(
    State((csp, tls)): State<(String, bool)>,
    request: Request,
    next: Next,
) -> Response {
    let mut response = next.run(request).await;
    let h = response.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&csp) {
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
        HeaderValue::from_static("camera=(self), geolocation=(self), microphone=()"),
    );
    if tls {
        h.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
    response
}

/// Writes to the API need a JSON body, an `Origin` (when the browser sends one) that is ours
/// or an allowed embedding site, and — once signed in — the session's CSRF token in
/// `X-CSRF-Token`. Sign-in is the one write made before there is a token.
async fn csrf(State(state): State<Shared>, request: Request, next: Next) -> Response {
    let method = request.method().clone();
    let path = request.uri().path().to_string();
    let is_write = !matches!(method, Method::GET | Method::HEAD | Method::OPTIONS);
    if !is_write || !path.starts_with(API_PREFIX) {
        return next.run(request).await;
    }
    let headers = request.headers();
    if let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) {
        let host = headers
            .get(header::HOST)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        let ours = origin
            .split_once("://")
            .is_some_and(|(_, rest)| rest == host);
        let allowed = state.config.embed.origins.iter().any(|o| o == origin);
        if !ours && !allowed {
            tracing::warn!(%origin, %path, "write from a foreign origin refused");
            return ApiError::Forbidden.into_response();
        }
    }
    // Sign-in and sign-up are the writes made before there is a session.
    let signing_in = method == Method::POST
        && (path == format!("{API_PREFIX}/sessao")
            || path.starts_with(&format!("{API_PREFIX}/sessao/codigo")));
    let signing_up = path.starts_with(&format!("{API_PREFIX}/cadastro/"));
    if !signing_in && !signing_up {
        let token = headers
            .get("x-csrf-token")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        let session = app::session_from_headers(&state, headers);
        match session {
            Some(s) if !token.is_empty() && s.csrf == token => {}
            Some(_) => return ApiError::Forbidden.into_response(),
            // Signing out without a session changes nothing; anything else needs one.
            None if path == format!("{API_PREFIX}/sessao") => {}
            None => return ApiError::SignedOut.into_response(),
        }
    }
    next.run(request).await
}

/// Start-up settings from the command line: the configuration file and overrides.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Args {
    pub config: std::path::PathBuf,
    pub listen: Option<String>,
    pub dist: Option<std::path::PathBuf>,
}

impl Args {
    /// `--config FILE` (default `CENTRAL_CONFIG` or `central.toml`), `--listen ADDR`, `--dist DIR`.
    ///
    /// # Errors
    /// An unknown flag or a flag without its value, named in the message.
    pub fn parse(
        args: impl IntoIterator<Item = String>,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<Self, String> {
        let mut out = Self {
            config: env("CENTRAL_CONFIG").map_or_else(|| "central.toml".into(), Into::into),
            listen: env("CENTRAL_LISTEN"),
            dist: env("CENTRAL_DIST").map(Into::into),
        };
        let mut args = args.into_iter();
        while let Some(flag) = args.next() {
            let mut value = || args.next().ok_or(format!("{flag} precisa de um valor"));
            match flag.as_str() {
                "--config" => out.config = value()?.into(),
                "--listen" => out.listen = Some(value()?),
                "--dist" => out.dist = Some(value()?.into()),
                other => {
                    return Err(format!(
                        "opção desconhecida: {other} (use --config, --listen, --dist)"
                    ));
                }
            }
        }
        Ok(out)
    }
}
