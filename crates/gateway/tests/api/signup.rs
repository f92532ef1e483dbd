//! Sign-up: prospects with documents, idempotency, the write limit and coverage.

use axum::http::{Method, StatusCode};
use erp::{ErpClient, ErpConfig};
use gateway::{AppState, Config, router};
use serde_json::json;

use crate::support::*;

#[tokio::test]
async fn sign_up_creates_a_prospect_with_its_documents_and_a_tracking_token() {
    let w = world().await;
    let plans = get(&w.app, "/api/v1/cadastro/planos", None).await.json();
    assert_eq!(plans.as_array().unwrap().len(), 4);
    assert_eq!(plans[1]["price_cents"], 12_990);
    for path in ["cidades", "vencimentos", "origens", "revendedores"] {
        let r = get(&w.app, &format!("/api/v1/cadastro/{path}"), None).await;
        assert_eq!(r.status, StatusCode::OK, "{path}");
        assert!(!r.json().as_array().unwrap().is_empty());
    }
    let r = send(
        &w.app,
        Method::POST,
        "/api/v1/cadastro/prospectos",
        None,
        &[],
        Some(prospect(
            "868.263.820-75",
            json!([
                {"name": "rg.jpg", "content_base64": b64(&JPG)},
                {"name": "comprovante.pdf", "content_base64": b64(&PDF)}
            ]),
        )),
    )
    .await;
    r.assert_ok();
    let created = r.json();
    let id = created["id"].as_str().unwrap();
    let files = w.erp.files("prospect", id).unwrap();
    assert_eq!(
        files.len(),
        4,
        "sent with the prospect and through envio de arquivos"
    );
    let tracking = created["tracking"].as_str().unwrap();
    let status = get(
        &w.app,
        &format!("/api/v1/cadastro/acompanhamento/{tracking}"),
        None,
    )
    .await
    .json();
    assert_eq!(status["status"], "Inicial");
    // A guessed or altered token shows nothing.
    assert_eq!(
        get(
            &w.app,
            &format!("/api/v1/cadastro/acompanhamento/{id}"),
            None
        )
        .await
        .status,
        StatusCode::NOT_FOUND
    );
    // Bad data is refused with a reason.
    let bad = send(
        &w.app,
        Method::POST,
        "/api/v1/cadastro/prospectos",
        None,
        &[],
        Some(prospect("123", json!([]))),
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let lead = send(&w.app, Method::POST, "/api/v1/cadastro/leads", None, &[], Some(json!({
        "name": "Vizinho", "document": null, "email": "vizinho@example.com", "phone": null,
        "address": {"cep": "55290000", "street": "Rua A", "number": "1", "district": "Centro", "city": "Garanhuns", "state": "PE"},
        "reseller_id": null
    }))).await;
    assert_eq!(lead.status, StatusCode::OK);
    assert!(!lead.json()["id"].as_str().unwrap().is_empty());
}

#[tokio::test]
async fn the_same_form_sent_twice_at_once_creates_one_prospect() {
    let w = world().await;
    let mut form = prospect("868.263.820-75", json!([]));
    form["idempotency_key"] = json!("formulario-123");
    let (a, b) = tokio::join!(
        send(
            &w.app,
            Method::POST,
            "/api/v1/cadastro/prospectos",
            None,
            &[],
            Some(form.clone())
        ),
        send(
            &w.app,
            Method::POST,
            "/api/v1/cadastro/prospectos",
            None,
            &[],
            Some(form.clone())
        ),
    );
    assert_eq!((a.status, b.status), (StatusCode::OK, StatusCode::OK));
    assert_eq!(a.json()["id"], b.json()["id"]);
    let again = send(
        &w.app,
        Method::POST,
        "/api/v1/cadastro/prospectos",
        None,
        &[],
        Some(form),
    )
    .await;
    assert_eq!(again.json()["id"], a.json()["id"]);
    let erp = ErpClient::new(ErpConfig::new(&w.erp_base, ERP_TOKEN)).unwrap();
    let next = erp
        .prospect_status(
            &(a.json()["id"].as_str().unwrap().parse::<u64>().unwrap() + 1).to_string(),
        )
        .await
        .unwrap();
    assert_eq!(next, None, "no second prospect was created");
}

#[tokio::test]
async fn a_replayed_key_with_another_form_never_returns_the_first_applicants_link() {
    let w = world().await;
    let post = |form: serde_json::Value| {
        send(
            &w.app,
            Method::POST,
            "/api/v1/cadastro/prospectos",
            None,
            &[],
            Some(form),
        )
    };
    let mut first = prospect("868.263.820-75", json!([]));
    first["idempotency_key"] = json!("chave-conhecida");
    let a = post(first).await.json();
    let mut other = prospect("529.982.247-25", json!([]));
    other["idempotency_key"] = json!("chave-conhecida");
    let b = post(other).await.json();
    assert_ne!(b["id"], a["id"]);
    assert_ne!(b["tracking"], a["tracking"]);
}

#[tokio::test]
async fn sign_up_writes_are_rate_limited_per_address() {
    let w = world_with("").await;
    let mut last = StatusCode::OK;
    for _ in 0..11 {
        last = send(
            &w.app,
            Method::POST,
            "/api/v1/cadastro/prospectos",
            None,
            &[],
            Some(prospect("868.263.820-75", json!([]))),
        )
        .await
        .status;
    }
    assert_eq!(last, StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn a_configured_coverage_list_refuses_prospects_elsewhere() {
    let w = world().await;
    let dist = w._dir.path().join("dist");
    let text = format!(
        "{}\n[signup]\nserved_cities = [\"Recife\"]\nchoose_origin = true\n",
        config_text(&w.erp_base, &dist, "")
    );
    let app = router(
        AppState::new(
            Config::parse(&text, |_| None).unwrap(),
            crate::common::memory_store().await,
        )
        .unwrap(),
    );
    let config = get(&app, "/api/v1/config", None).await.json();
    assert_eq!(config["signup"]["served_cities"], json!(["Recife"]));
    assert_eq!(config["signup"]["choose_origin"], true);
    let r = send(
        &app,
        Method::POST,
        "/api/v1/cadastro/prospectos",
        None,
        &[],
        Some(prospect("868.263.820-75", json!([]))),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.json()["message"].as_str().unwrap().contains("Olinda"));
    let mut recife = prospect("868.263.820-75", json!([]));
    recife["installation"]["city"] = json!("RECIFE");
    assert_eq!(
        send(
            &app,
            Method::POST,
            "/api/v1/cadastro/prospectos",
            None,
            &[],
            Some(recife)
        )
        .await
        .status,
        StatusCode::OK
    );
}
