//! The gateway serves the built SPA the way browsers and deploys need it.

use std::fs;

use axum::{
    body::Body,
    http::{Request, StatusCode, header},
};
use gateway::{Settings, router};
use http_body_util::BodyExt;
use tower::ServiceExt;

fn dist() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::write(
        dir.path().join("index.html"),
        "<!doctype html><title>Central</title>",
    )
    .unwrap();
    fs::write(
        dir.path().join("central-0123456789abcdef_bg.wasm"),
        b"\0asm",
    )
    .unwrap();
    fs::write(dir.path().join("favicon.svg"), "<svg/>").unwrap();
    dir
}

async fn get(app: axum::Router, path: &str) -> (StatusCode, Option<String>, String) {
    let response = app
        .oneshot(Request::get(path).body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let cache = response
        .headers()
        .get(header::CACHE_CONTROL)
        .map(|v| v.to_str().unwrap().to_string());
    let body = response.into_body().collect().await.unwrap().to_bytes();
    (status, cache, String::from_utf8_lossy(&body).into_owned())
}

#[tokio::test]
async fn client_routes_get_the_spa_and_are_revalidated() {
    let dir = dist();
    for path in ["/", "/faturas/123", "/entrar"] {
        let (status, cache, body) = get(router(dir.path()), path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert!(body.contains("<title>Central</title>"), "{path}");
        assert_eq!(cache.as_deref(), Some("no-cache"), "{path}");
    }
}

#[tokio::test]
async fn hashed_assets_are_cached_for_a_year_and_others_revalidated() {
    let dir = dist();
    let (status, cache, _) = get(router(dir.path()), "/central-0123456789abcdef_bg.wasm").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        cache.as_deref(),
        Some("public, max-age=31536000, immutable")
    );
    let (_, cache, _) = get(router(dir.path()), "/favicon.svg").await;
    assert_eq!(cache.as_deref(), Some("no-cache"));
}

#[tokio::test]
async fn unknown_api_paths_are_json_404_not_the_spa() {
    let dir = dist();
    for path in ["/api/v1/nada", "/api/v2/faturas", "/api"] {
        let (status, _, body) = get(router(dir.path()), path).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        let error: api::ErrorBody = serde_json_from(&body);
        assert_eq!(error.code, "nao_encontrado");
    }
}

#[tokio::test]
async fn health_answers() {
    let dir = dist();
    let (status, _, body) = get(router(dir.path()), "/healthz").await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains(r#""status":"ok""#));
}

#[test]
fn settings_come_from_flags_then_environment() {
    let env = |k: &str| (k == "CENTRAL_DIST").then(|| "/srv/central".to_string());
    let s =
        Settings::from_args(["--listen".to_string(), "127.0.0.1:9000".to_string()], env).unwrap();
    assert_eq!(s.listen, "127.0.0.1:9000");
    assert_eq!(s.dist, std::path::PathBuf::from("/srv/central"));
    assert!(Settings::from_args(["--porta".to_string()], |_| None).is_err());
    assert!(Settings::from_args(["--dist".to_string()], |_| None).is_err());
}

fn serde_json_from(body: &str) -> api::ErrorBody {
    serde_json::from_str(body).unwrap_or_else(|e| panic!("{body}: {e}"))
}
