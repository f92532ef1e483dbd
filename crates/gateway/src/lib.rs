//! The gateway's HTTP surface: the built SPA from its dist folder, health, and the `/api/v1`
//! namespace (unknown API paths answer a JSON 404, never the SPA's HTML).

use std::path::{Path, PathBuf};

use api::{ErrorBody, Health};
use axum::{
    Json, Router,
    extract::Request,
    http::{HeaderValue, StatusCode, header},
    middleware::{self, Next},
    response::{IntoResponse, Response},
    routing::{any, get},
};
use tower_http::services::{ServeDir, ServeFile};

/// Hashed build outputs never change under the same name, so browsers may keep them a year.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// Everything else is revalidated so a deploy is seen on the next load.
const REVALIDATE: &str = "no-cache";

/// The gateway's router, serving the SPA found in `dist`.
pub fn router(dist: &Path) -> Router {
    let index = dist.join("index.html");
    let spa = ServeDir::new(dist)
        .precompressed_br()
        .precompressed_gzip()
        .fallback(
            ServeFile::new(&index)
                .precompressed_br()
                .precompressed_gzip(),
        );
    Router::new()
        .route("/healthz", get(healthz))
        .route("/api", any(api_not_found))
        .route("/api/{*rest}", any(api_not_found))
        .fallback_service(spa)
        .layer(middleware::from_fn(cache_control))
}

async fn healthz() -> Json<Health> {
    Json(Health {
        status: "ok".into(),
        version: env!("CARGO_PKG_VERSION").into(),
    })
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

/// Start-up settings, read from the command line and the environment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    pub listen: String,
    pub dist: PathBuf,
}

impl Settings {
    /// `--listen ADDR` and `--dist DIR`, falling back to `CENTRAL_LISTEN`, `CENTRAL_DIST`,
    /// then `127.0.0.1:8080` and `dist`.
    ///
    /// # Errors
    /// An unknown flag or a flag without its value, named in the message.
    pub fn from_args(
        args: impl IntoIterator<Item = String>,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<Self, String> {
        let mut settings = Self {
            listen: env("CENTRAL_LISTEN").unwrap_or_else(|| "127.0.0.1:8080".into()),
            dist: env("CENTRAL_DIST").map_or_else(|| PathBuf::from("dist"), PathBuf::from),
        };
        let mut args = args.into_iter();
        while let Some(flag) = args.next() {
            let mut value = || args.next().ok_or(format!("{flag} precisa de um valor"));
            match flag.as_str() {
                "--listen" => settings.listen = value()?,
                "--dist" => settings.dist = PathBuf::from(value()?),
                other => {
                    return Err(format!(
                        "opção desconhecida: {other} (use --listen, --dist)"
                    ));
                }
            }
        }
        Ok(settings)
    }
}
