//! What only the demo offers: the ISP's own page with the portal embedded, and the stored
//! records and files, for tests and operators.

use axum::{
    extract::{Path, Query, State},
    http::StatusCode,
};
use base64::Engine as _;
use serde::Deserialize;
use serde_json::{Value, json};

use crate::Shared;
use crate::store;
use crate::wire::{Answer, internal, list_answer, reply};

#[derive(Deserialize)]
pub(crate) struct SiteQuery {
    portal: Option<String>,
    pagina: Option<String>,
    tema: Option<String>,
}

/// An ISP's own site with the portal embedded by `embed.js`, as an ISP would paste it:
/// `?portal=http://127.0.0.1:8080&pagina=/faturas&tema=escuro`.
pub(crate) async fn host_site(Query(q): Query<SiteQuery>) -> axum::response::Html<String> {
    let safe = |s: &str, extra: &str| {
        s.chars()
            .all(|c| c.is_ascii_alphanumeric() || extra.contains(c))
    };
    let portal = q
        .portal
        .filter(|p| (p.starts_with("http://") || p.starts_with("https://")) && safe(p, ":/.-[]"))
        .unwrap_or_else(|| "http://127.0.0.1:8080".into());
    let page = q
        .pagina
        .filter(|p| p.starts_with('/') && safe(p, "/-"))
        .unwrap_or_else(|| "/".into());
    axum::response::Html(
        include_str!("../../../demo/site-do-provedor.html")
            .replace("__PORTAL__", portal.trim_end_matches('/'))
            .replace("__PAGINA__", &page)
            .replace(
                "__TEMA__",
                q.tema
                    .as_deref()
                    .filter(|t| matches!(*t, "claro" | "escuro"))
                    .unwrap_or(""),
            ),
    )
}

/// Every record of a kind (`prospect`, `lead`, `ticket`…), for tests and operators.
pub(crate) async fn list_records(State(erp): State<Shared>, Path(kind): Path<String>) -> Answer {
    match erp.with_db(|db| store::list(db, &kind, None)) {
        Ok(items) => list_answer(items),
        Err(e) => internal(e),
    }
}

pub(crate) async fn list_files(
    State(erp): State<Shared>,
    Path((kind, id)): Path<(String, String)>,
) -> Answer {
    match erp.files(&kind, &id) {
        Ok(files) => reply(
            StatusCode::OK,
            Value::Array(
                files
                    .into_iter()
                    .map(|(name, bytes)| {
                        json!({
                            "nome": name,
                            "tamanho": bytes.len(),
                            "base64": base64::engine::general_purpose::STANDARD.encode(&bytes),
                        })
                    })
                    .collect(),
            ),
        ),
        Err(e) => internal(e),
    }
}
