//! Contact data.

use axum::http::{Method, StatusCode};
use serde_json::json;

use crate::support::*;

#[tokio::test]
async fn contact_data_is_validated_saved_and_read_back() {
    let w = world().await;
    let ana = sign_in(&w.app, "123.456.789-09", "25/07/1992").await;
    let before = get(&w.app, "/api/v1/perfil", Some(&ana.0)).await.json();
    assert_eq!(before["email"], "ana.souza@example.com");
    let bad = write(
        &w.app,
        Method::PUT,
        "/api/v1/perfil",
        &ana,
        json!({"email": "ana@", "mobile": "81988887777"}),
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.json()["message"].as_str().unwrap().contains("e-mail"));
    let bad = write(
        &w.app,
        Method::PUT,
        "/api/v1/perfil",
        &ana,
        json!({"whatsapp": "12345"}),
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let ok = write(&w.app, Method::PUT, "/api/v1/perfil", &ana, json!({"email": "Ana@Novo.COM.br", "mobile": "(81) 91234-5678", "whatsapp": "+55 81 91234-5678"})).await;
    assert_eq!(ok.status, StatusCode::OK);
    let after = get(&w.app, "/api/v1/perfil", Some(&ana.0)).await.json();
    assert_eq!(after["email"], "Ana@novo.com.br");
    assert_eq!(after["mobile"], "81912345678");
    assert_eq!(after["whatsapp"], "81912345678");
    // Without the CSRF token nothing changes.
    let r = send(
        &w.app,
        Method::PUT,
        "/api/v1/perfil",
        Some(&ana.0),
        &[],
        Some(json!({"email": "x@y.com"})),
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}
