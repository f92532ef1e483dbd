//! What makes the portal installable: the web app manifest (name and colours from the ISP's
//! configuration) and the service worker, whose precache list and version come from the
//! dist folder as it is now, so that every deploy is a new version.

use std::path::{Path, PathBuf};

use axum::{
    Router,
    extract::State,
    http::{HeaderValue, header},
    response::{IntoResponse, Response},
    routing::get,
};
use serde_json::json;
use sha2::{Digest, Sha256};

use crate::state::Shared;

const WORKER: &str = include_str!("../../sw.js");

/// The icons every build carries (see `public/icones`), as the manifest lists them.
const ICONS: &[(&str, &str, &str)] = &[
    ("/icones/icone-192.png", "192x192", "any"),
    ("/icones/icone-512.png", "512x512", "any"),
    ("/icones/icone-mascaravel-512.png", "512x512", "maskable"),
];

/// The manifest and the worker, at the root where browsers look for them.
pub fn router() -> Router<Shared> {
    Router::new()
        .route("/manifest.webmanifest", get(manifest))
        .route("/sw.js", get(service_worker))
}

/// `GET /manifest.webmanifest`.
async fn manifest(State(state): State<Shared>) -> Response {
    let isp = &state.config.isp;
    let body = json!({
        "name": format!("{} — Central do assinante", isp.name),
        "short_name": isp.name,
        "description": "Faturas, Pix, segunda via, notas fiscais e atendimento.",
        "lang": "pt-BR",
        "dir": "ltr",
        "start_url": "/",
        "scope": "/",
        "id": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": isp.primary_color,
        "icons": ICONS
            .iter()
            .map(|(src, sizes, purpose)| json!({"src": src, "sizes": sizes, "type": "image/png", "purpose": purpose}))
            .collect::<Vec<_>>(),
    });
    let mut response = axum::Json(body).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/manifest+json"),
    );
    response
}

/// The most files a build is walked for; a real one has a few dozen.
const MAX_FILES: usize = 2_000;

/// Every file of the build worth keeping offline, as URL paths, sorted. Symbolic links are
/// skipped, file or folder: they could point out of the build or into a loop.
fn shell_files(dist: &Path) -> Vec<String> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            if out.len() >= MAX_FILES {
                return;
            }
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            let path: PathBuf = entry.path();
            if kind.is_symlink() {
                continue;
            }
            if kind.is_dir() {
                walk(root, &path, out);
                continue;
            }
            let name = path.to_string_lossy();
            // Compressed twins are the same files; the embed script runs on other sites.
            if name.ends_with(".br") || name.ends_with(".gz") || name.ends_with("embed.js") {
                continue;
            }
            if let Ok(relative) = path.strip_prefix(root) {
                out.push(format!(
                    "/{}",
                    relative.to_string_lossy().replace('\\', "/")
                ));
            }
        }
    }
    let mut out = Vec::new();
    walk(dist, dist, &mut out);
    out.sort();
    out
}

/// The build's version: a digest of its file names and its `index.html`, which names the
/// hashed wasm, JavaScript and CSS.
fn version(dist: &Path, files: &[String]) -> String {
    let mut digest = Sha256::new();
    for f in files {
        digest.update(f.as_bytes());
        digest.update(b"\n");
    }
    digest.update(std::fs::read(dist.join("index.html")).unwrap_or_default());
    crate::keys::hex(&digest.finalize()[..8])
}

/// The service worker's source for the build in `dist`.
pub fn worker_source(dist: &Path) -> String {
    let files = shell_files(dist);
    let version = version(dist, &files);
    let list = serde_json::to_string(&files).unwrap_or_else(|_| "[]".into());
    WORKER
        .replace("__VERSAO__", &version)
        .replace("__ARQUIVOS__", &list)
}

/// What identifies a build cheaply: the folder and its `index.html`'s size and time, which
/// every deploy changes (it names the new hashed files).
type BuildStamp = (PathBuf, u64, Option<std::time::SystemTime>);

fn stamp(dist: &Path) -> BuildStamp {
    let meta = std::fs::metadata(dist.join("index.html")).ok();
    (
        dist.to_path_buf(),
        meta.as_ref().map_or(0, std::fs::Metadata::len),
        meta.and_then(|m| m.modified().ok()),
    )
}

/// The worker's source, walked again only when the build changed: browsers ask for it on
/// navigations and when the app checks for updates, and a walk per request would let
/// anyone make the gateway read its folder as fast as they can ask.
fn cached_worker(dist: &Path) -> String {
    static CACHE: std::sync::Mutex<Option<(BuildStamp, String)>> = std::sync::Mutex::new(None);
    let now = stamp(dist);
    let mut cache = CACHE
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    match cache.as_ref() {
        Some((at, source)) if *at == now => source.clone(),
        _ => {
            let source = worker_source(dist);
            *cache = Some((now, source.clone()));
            source
        }
    }
}

/// `GET /sw.js`: a deploy into the same folder is seen at once.
async fn service_worker(State(state): State<Shared>) -> Response {
    let dist = state.config.dist.clone();
    let source = tokio::task::spawn_blocking(move || cached_worker(&dist))
        .await
        .unwrap_or_default();
    let mut response = source.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/javascript; charset=utf-8"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_worker_precaches_this_build_and_changes_with_it() {
        let dir = tempfile::tempdir().unwrap();
        let dist = dir.path();
        std::fs::create_dir_all(dist.join("icones")).unwrap();
        for f in [
            "index.html",
            "central-0123456789abcdef_bg.wasm",
            "central-0123456789abcdef_bg.wasm.br",
            "icones/icone-192.png",
            "embed.js",
        ] {
            std::fs::write(dist.join(f), f).unwrap();
        }
        let source = worker_source(dist);
        assert!(source.contains(
            r#"const SHELL = ["/central-0123456789abcdef_bg.wasm","/icones/icone-192.png","/index.html"];"#
        ), "{source}");
        assert!(!source.contains("__VERSAO__"));
        std::fs::write(dist.join("index.html"), "nova versão").unwrap();
        assert_ne!(worker_source(dist), source, "a deploy is a new worker");
        assert_eq!(cached_worker(dist), worker_source(dist));
    }

    #[cfg(unix)]
    #[test]
    fn links_out_of_the_build_or_into_a_loop_are_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let dist = dir.path();
        std::fs::write(dist.join("index.html"), "x").unwrap();
        std::os::unix::fs::symlink("/etc/passwd", dist.join("senhas")).unwrap();
        std::os::unix::fs::symlink(dist, dist.join("laco")).unwrap();
        assert_eq!(shell_files(dist), vec!["/index.html".to_string()]);
    }
}
