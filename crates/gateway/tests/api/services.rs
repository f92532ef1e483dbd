//! Services and the habilitação provisória.

use axum::http::{Method, StatusCode};
use brazil::CpfOuCnpj;
use erp::{ErpClient, ErpConfig};
use serde_json::json;

use crate::support::*;

#[tokio::test]
async fn services_of_another_customer_cannot_be_unlocked_or_ticketed() {
    let w = world().await;
    let maria = sign_in(&w.app, "529.982.247-25", "14/03/1985").await;
    // Ana's suspended service.
    let r = get(
        &w.app,
        "/api/v1/servicos/S10031/habilitacao",
        Some(&maria.0),
    )
    .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = write(
        &w.app,
        Method::POST,
        "/api/v1/servicos/S10031/habilitacao",
        &maria,
        json!({}),
    )
    .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let ana_service_still_suspended = ErpClient::new(ErpConfig::new(&w.erp_base, ERP_TOKEN))
        .unwrap()
        .services(&CpfOuCnpj::parse("123.456.789-09").unwrap(), "1003")
        .await
        .unwrap();
    assert_eq!(ana_service_still_suspended[0].status.text(), "Suspenso");
    let r = write(&w.app, Method::POST, "/api/v1/chamados", &maria, json!({
        "service_id": "S10031", "type_id": "T1", "department_id": "D1", "subject": "x", "message": "y", "attachments": []
    })).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn an_eligible_service_is_unlocked_and_an_ineligible_one_says_why() {
    let w = world().await;
    let ana = sign_in(&w.app, "123.456.789-09", "25/07/1992").await;
    let info = get(&w.app, "/api/v1/servicos/S10031/habilitacao", Some(&ana.0))
        .await
        .json();
    assert_eq!(info["suspended"], true);
    assert_eq!(info["eligible"], true);
    assert_eq!(info["days"], 3);
    let result = write(
        &w.app,
        Method::POST,
        "/api/v1/servicos/S10031/habilitacao",
        &ana,
        json!({}),
    )
    .await;
    assert_eq!(result.status, StatusCode::OK);
    let result = result.json();
    assert_eq!(result["unlocked"], true);
    assert!(result["until"].as_str().unwrap().len() == 10);
    let services = get(&w.app, "/api/v1/servicos", Some(&ana.0)).await.json();
    assert_eq!(services[0]["status"], "Habilitado provisoriamente");

    let fernanda = sign_in(&w.app, "168.995.350-09", "05/12/2000").await;
    let info = get(
        &w.app,
        "/api/v1/servicos/S10051/habilitacao",
        Some(&fernanda.0),
    )
    .await
    .json();
    assert_eq!(info["eligible"], false);
    assert!(info["reason"].as_str().unwrap().contains("já utilizada"));
    let result = write(
        &w.app,
        Method::POST,
        "/api/v1/servicos/S10051/habilitacao",
        &fernanda,
        json!({}),
    )
    .await
    .json();
    assert_eq!(result["unlocked"], false);
    assert!(result["message"].as_str().unwrap().contains("já utilizada"));
}
