//! The HTTP surface: the `/api/v1` routes gathered from their modules (each declared once,
//! feeding the route table, the OpenAPI document and the write checks), the built SPA, and
//! the layers around them.
//!
//! Route modules import only the shared modules here (`extract`, `respond`, `dto`, `lookup`,
//! `proof`) and the crate's context (state, errors, config); only this module imports route
//! modules.

pub mod dto;
pub mod extract;
pub mod lookup;
pub mod proof;
pub mod respond;
pub mod routes;
pub mod security;

use std::sync::Arc;
use std::time::Duration;

use api::API_PREFIX;
use axum::http::{HeaderName, StatusCode};
use axum::{
    Extension, Router,
    extract::{DefaultBodyLimit, Request},
    middleware::from_fn_with_state,
    routing::any,
};
use tower::ServiceBuilder;
use tower::limit::GlobalConcurrencyLimitLayer;
use tower_http::request_id::{
    MakeRequestId, PropagateRequestIdLayer, RequestId, SetRequestIdLayer,
};
use tower_http::services::{ServeDir, ServeFile};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;

use crate::state::Shared;

/// The header that carries each request's id, in the logs and back to the client.
const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

#[derive(OpenApi)]
#[openapi(info(
    title = "Central — API do portal do assinante",
    description = "The gateway's API for the subscriber portal. Errors are `{code, message}` with a pt-BR message. Writes need the `X-CSRF-Token` header from the session, except sign-in and sign-up."
))]
struct ApiDoc;

/// Bodies of every route but the two that carry files: a sign-in, a lead, contact data.
const SMALL_BODY: usize = 16 * 1024;

/// `/api/v1`, by who may call each route: anyone (sign-in, sign-up, the portal's
/// configuration), a signed-in customer (writes need the CSRF token), and sign-out. Only
/// the routes that carry files take large bodies.
fn api(state: &Shared, upload_body: usize) -> OpenApiRouter<Shared> {
    let uploads = |router: OpenApiRouter<Shared>| router.layer(DefaultBodyLimit::max(upload_body));
    let public = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .merge(routes::health::api())
        .merge(routes::sign_in::public())
        .merge(routes::signup::router())
        .merge(uploads(routes::signup::uploads()));
    let customer = OpenApiRouter::new()
        .merge(routes::sign_in::customer())
        .merge(routes::invoices::router())
        .merge(routes::documents::router())
        .merge(routes::services::router())
        .merge(routes::tickets::router())
        .merge(uploads(routes::tickets::uploads()))
        .merge(routes::profile::router())
        .merge(routes::accesses::router())
        .merge(routes::contacts::router())
        .merge(routes::passkeys::router())
        .merge(routes::privacy::router())
        .route_layer(from_fn_with_state(state.clone(), security::customer_writes));
    let sign_out = routes::sign_in::sign_out()
        .route_layer(from_fn_with_state(state.clone(), security::sign_out_writes));
    public.merge(customer).merge(sign_out)
}

/// The whole gateway: API, health, SPA, and the layers.
pub fn router(state: Shared) -> Router {
    let dist = state.config.dist.clone();
    let csp = security::content_security_policy(&dist, &state.config.embed.origins);
    let csp_header = axum::http::HeaderValue::from_str(&csp).ok();
    if csp_header.is_none() {
        tracing::warn!("the Content-Security-Policy is not a valid header: check [embed] origins");
    }
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
    let (api, doc) = OpenApiRouter::new()
        .nest(
            API_PREFIX,
            // One stack (outermost first), so that a request clones one boxed service for
            // all of it rather than one per layer.
            api(&state, body_limit).layer(
                ServiceBuilder::new()
                    .layer(from_fn_with_state(
                        state.clone(),
                        security::same_origin_writes,
                    ))
                    .layer(GlobalConcurrencyLimitLayer::new(limits.concurrent_requests))
                    .layer(TimeoutLayer::with_status_code(
                        StatusCode::REQUEST_TIMEOUT,
                        Duration::from_secs(limits.request_timeout_s),
                    ))
                    .layer(DefaultBodyLimit::max(SMALL_BODY)),
            ),
        )
        .split_for_parts();
    Router::new()
        .merge(api)
        .merge(routes::health::router())
        .merge(routes::pwa::router())
        .route("/api", any(security::api_not_found))
        .route("/api/{*rest}", any(security::api_not_found))
        .fallback_service(spa)
        // Outermost first, as one stack: see the API's.
        .layer(
            ServiceBuilder::new()
                .layer(SetRequestIdLayer::new(REQUEST_ID, SequentialIds::new()))
                .layer(PropagateRequestIdLayer::new(REQUEST_ID))
                .layer(
                    TraceLayer::new_for_http().make_span_with(|request: &Request| {
                        let id = request.headers().get(REQUEST_ID).and_then(|v| v.to_str().ok()).unwrap_or("");
                        // The path only (queries and bodies may hold personal data), without tokens.
                        tracing::info_span!("request", request_id = %id, method = %request.method(), path = %loggable_path(request.uri().path()))
                    }),
                )
                .layer(from_fn_with_state(
                    Answers {
                        state: state.clone(),
                        csp: csp_header,
                    },
                    answer,
                ))
                // The OpenAPI document, for its route.
                .layer(Extension(Arc::new(doc))),
        )
        .with_state(state)
}

/// Request ids: a random prefix drawn once per process, so two gateways behind a balancer
/// never hand out the same id, and a counter. A random UUID per request would cost a
/// system call on every request for no better correlation in the logs.
#[derive(Clone)]
struct SequentialIds {
    prefix: Arc<str>,
    next: Arc<std::sync::atomic::AtomicU64>,
}

impl SequentialIds {
    fn new() -> Self {
        let mut seed = [0u8; 6];
        // Without randomness the process still numbers its requests; only the prefix is lost.
        let _ = getrandom::fill(&mut seed);
        let prefix: String = seed.iter().map(|b| format!("{b:02x}")).collect();
        Self {
            prefix: prefix.into(),
            next: Arc::default(),
        }
    }
}

impl MakeRequestId for SequentialIds {
    fn make_request_id<B>(&mut self, _: &axum::http::Request<B>) -> Option<RequestId> {
        let n = self.next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        axum::http::HeaderValue::from_str(&sequential_id(&self.prefix, n))
            .ok()
            .map(RequestId::new)
    }
}

/// `prefix-n`, n in lowercase hex, written without the formatting machinery: every
/// request gets one.
fn sequential_id(prefix: &str, n: u64) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let width = (64 - n.leading_zeros() as usize).div_ceil(4).max(1);
    let mut id = String::with_capacity(prefix.len() + 1 + width);
    id.push_str(prefix);
    id.push('-');
    for shift in (0..width).rev() {
        id.push(char::from(DIGITS[((n >> (shift * 4)) & 0xf) as usize]));
    }
    id
}

/// What [`answer`] needs: the state (metrics, whether behind TLS) and the built CSP.
#[derive(Clone)]
struct Answers {
    state: Shared,
    csp: Option<axum::http::HeaderValue>,
}

/// Every answer, on its way out: finished by the security rules (`security::finish`) and
/// counted by its route template (never the concrete path, which may hold an id) and
/// method, so the metrics' labels stay few and say nothing of a customer. One layer for
/// both, so a request pays for one.
async fn answer(
    axum::extract::State(Answers { state, csp }): axum::extract::State<Answers>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let asked = security::Asked::of(&request);
    // A matched path shares its text; nothing is copied per request.
    let route = request
        .extensions()
        .get::<axum::extract::MatchedPath>()
        .cloned();
    let method: &'static str = match *request.method() {
        axum::http::Method::GET => "GET",
        axum::http::Method::HEAD => "HEAD",
        axum::http::Method::POST => "POST",
        axum::http::Method::PUT => "PUT",
        axum::http::Method::DELETE => "DELETE",
        axum::http::Method::OPTIONS => "OPTIONS",
        _ => "other",
    };
    let started = std::time::Instant::now();
    let response = next.run(request).await;
    let response = security::finish(asked, csp, state.config.behind_tls, response);
    state.metrics.request(
        route.as_ref().map_or("other", |p| p.as_str()),
        method,
        response.status().as_u16(),
        started.elapsed(),
    );
    response
}

/// What Prometheus reads, served on `[metrics] listen`, apart from the portal.
pub fn metrics_router(state: Shared) -> Router {
    Router::new()
        .route(
            "/metrics",
            axum::routing::get(
                |axum::extract::State(state): axum::extract::State<Shared>| async move {
                    (
                        [(
                            axum::http::header::CONTENT_TYPE,
                            "text/plain; version=0.0.4; charset=utf-8",
                        )],
                        state.metrics.render(state.erp.link()),
                    )
                },
            ),
        )
        .with_state(state)
}

/// A request path as the log shows it: a prospect's tracking token, and any segment long
/// enough to be a token, become `***`, since whoever reads the log could follow the link.
fn loggable_path(path: &str) -> String {
    let mut after_tracking = false;
    path.split('/')
        .map(|segment| {
            let hide = after_tracking || segment.len() > 32;
            after_tracking = segment == "acompanhamento";
            if hide { "***" } else { segment }
        })
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    #[test]
    fn tokens_never_reach_the_log_path() {
        assert_eq!(
            super::loggable_path("/api/v1/cadastro/acompanhamento/NzAwMQ.abc"),
            "/api/v1/cadastro/acompanhamento/***"
        );
        assert_eq!(
            super::loggable_path("/api/v1/faturas/5001"),
            "/api/v1/faturas/5001"
        );
        assert_eq!(
            super::loggable_path(&format!("/x/{}", "a".repeat(40))),
            "/x/***"
        );
    }

    #[test]
    fn request_ids_differ_within_a_process_and_between_processes() {
        use tower_http::request_id::MakeRequestId;
        let request = axum::http::Request::new(());
        let mut one = super::SequentialIds::new();
        let mut copy = one.clone();
        let mut other = super::SequentialIds::new();
        let id = |m: &mut super::SequentialIds| {
            let id = m.make_request_id(&request).expect("an id");
            id.header_value().to_str().expect("text").to_string()
        };
        let ids = [id(&mut one), id(&mut copy), id(&mut one), id(&mut other)];
        let unique: std::collections::HashSet<&String> = ids.iter().collect();
        assert_eq!(unique.len(), ids.len(), "{ids:?}");
        // Clones share the counter (a layer is cloned per connection), processes do not
        // share the prefix.
        assert_ne!(ids[0].split('-').next(), ids[3].split('-').next());
        // The count is written in hex after the prefix.
        for n in [0, 1, 15, 16, 255, 4096, 0xdead_beef, u64::MAX] {
            assert_eq!(super::sequential_id("ab12", n), format!("ab12-{n:x}"));
        }
    }
}
