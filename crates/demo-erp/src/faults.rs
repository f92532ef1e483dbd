//! The switches tests flip to see how Central copes with a bad ERP (latency, a share of
//! failures, bodies that are not JSON), and the token check every contract call passes.

use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, Ordering};

use axum::{
    Json,
    extract::{Request, State},
    http::{HeaderMap, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};
use serde::Deserialize;
use serde_json::json;

use crate::Shared;
use crate::profile::{Profile, ProfileSwitch};
use crate::wire::{Answer, reply};

/// Switches that tests flip to see how Central copes with a bad ERP.
#[derive(Debug, Default)]
pub struct Switches {
    /// Milliseconds added before every answer.
    pub latency_ms: AtomicU64,
    /// Percentage (0–100) of contract calls answered with HTTP 500.
    pub failure_percent: AtomicU32,
    /// Answer contract calls with a body that is not JSON.
    pub malformed: AtomicBool,
    /// Which version of the contract the answers speak.
    pub profile: ProfileSwitch,
    counter: AtomicU64,
}

/// What the ERP has been asked, so that tests can tell that a refused request never
/// reached it.
#[derive(Debug, Default)]
pub struct Seen {
    /// Contract calls with a valid token.
    pub calls: AtomicU64,
    /// Of those, writes (any method but GET).
    pub writes: AtomicU64,
}

pub(crate) async fn require_token(
    State(erp): State<Shared>,
    headers: HeaderMap,
    request: Request,
    next: Next,
) -> Response {
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.strip_prefix("Bearer ").unwrap_or(v));
    if given != Some(erp.token.as_str()) {
        return reply(
            StatusCode::UNAUTHORIZED,
            json!({"status": "erro", "obs": "token inválido"}),
        )
        .into_response();
    }
    let latency = erp.switches.latency_ms.load(Ordering::Relaxed);
    if latency > 0 {
        tokio::time::sleep(std::time::Duration::from_millis(latency)).await;
    }
    let path = request.uri().path().to_string();
    if !path.starts_with("/_demo") {
        erp.seen.calls.fetch_add(1, Ordering::Relaxed);
        if request.method() != axum::http::Method::GET {
            erp.seen.writes.fetch_add(1, Ordering::Relaxed);
        }
        let percent = u64::from(
            erp.switches
                .failure_percent
                .load(Ordering::Relaxed)
                .min(100),
        );
        let n = erp.switches.counter.fetch_add(1, Ordering::Relaxed);
        // Deterministic and evenly spread: `percent` of every 100 consecutive calls fail.
        if (n + 1) * percent / 100 != n * percent / 100 {
            return reply(
                StatusCode::INTERNAL_SERVER_ERROR,
                json!({"status": "erro", "obs": "falha simulada"}),
            )
            .into_response();
        }
        if erp.switches.malformed.load(Ordering::Relaxed) && !path.starts_with("/documentos") {
            return (
                StatusCode::OK,
                [(header::CONTENT_TYPE, "application/json")],
                "{\"data\": [ {\"id_fatura\": ",
            )
                .into_response();
        }
    }
    next.run(request).await
}

#[derive(Deserialize)]
pub(crate) struct SwitchesBody {
    latencia_ms: Option<u64>,
    taxa_falha: Option<u32>,
    malformado: Option<bool>,
    perfil: Option<String>,
}

pub(crate) async fn set_switches(
    State(erp): State<Shared>,
    Json(body): Json<SwitchesBody>,
) -> Answer {
    let s = &erp.switches;
    if let Some(v) = body.latencia_ms {
        s.latency_ms.store(v, Ordering::Relaxed);
    }
    if let Some(v) = body.taxa_falha {
        s.failure_percent.store(v.min(100), Ordering::Relaxed);
        s.counter.store(0, Ordering::Relaxed);
    }
    if let Some(v) = body.malformado {
        s.malformed.store(v, Ordering::Relaxed);
    }
    if let Some(name) = body.perfil {
        match Profile::parse(&name) {
            Some(p) => s.profile.set(p),
            None => {
                return reply(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    json!({"status": "erro", "obs": "perfil desconhecido; use v21, v18 ou estendido"}),
                );
            }
        }
    }
    reply(
        StatusCode::OK,
        json!({
            "latencia_ms": s.latency_ms.load(Ordering::Relaxed),
            "taxa_falha": s.failure_percent.load(Ordering::Relaxed),
            "malformado": s.malformed.load(Ordering::Relaxed),
            "perfil": s.profile.get().name(),
        }),
    )
}
