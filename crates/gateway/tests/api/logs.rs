//! The whole log of a full journey — failed and good sign-ins by factor and by code, the
//! account's pages and PDFs, a ticket with a photo, a contact change, a sign-up and its
//! tracking link, an ERP that fails and one that answers garbage — holds none of the
//! documents, factors, codes, tokens or contacts the journey used.

use std::sync::atomic::Ordering;

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

use crate::common::logged;
use crate::support::*;

const MARIA: &str = "529.982.247-25";

#[tokio::test]
async fn a_full_journey_logs_no_document_factor_code_token_or_contact() {
    let sink = capture_logs();
    let (w, _dir, outbox) = outbox_world(&["email"], "").await;
    let post =
        |path: &'static str, body: Value| send(&w.app, Method::POST, path, None, &[], Some(body));

    // Sign-in: a wrong birth date, a wrong code, then a code that works.
    post(
        "/api/v1/sessao",
        json!({"document": MARIA, "factor": "02/02/2002"}),
    )
    .await;
    post("/api/v1/sessao/codigo/destinos", json!({"document": MARIA}))
        .await
        .assert_ok();
    post(
        "/api/v1/sessao/codigo/envio",
        json!({"document": MARIA, "channel": "email"}),
    )
    .await
    .assert_ok();
    let sent = outbox_to(&outbox, "maria.silva@example.com");
    let text = sent[0]["mensagem"].as_str().unwrap();
    let code = code_in(text);
    assert!(text.starts_with(&code), "{text}");
    let wrong = wrong(&code);
    post(
        "/api/v1/sessao/codigo",
        json!({"document": MARIA, "code": wrong}),
    )
    .await;
    let reply = post(
        "/api/v1/sessao/codigo",
        json!({"document": MARIA, "code": code}),
    )
    .await;
    let maria = signed(&reply);
    let (cookie, csrf) = maria.clone();

    // The account.
    let invoices = get(&w.app, "/api/v1/faturas", Some(&cookie)).await.json();
    let id = invoices[0]["id"].as_str().unwrap().to_string();
    get(&w.app, &format!("/api/v1/faturas/{id}"), Some(&cookie))
        .await
        .assert_ok();
    let pdf = get(
        &w.app,
        &format!("/api/v1/faturas/{id}/boleto.pdf"),
        Some(&cookie),
    )
    .await;
    assert_eq!(pdf.status, StatusCode::OK);
    for path in [
        "/api/v1/extrato",
        "/api/v1/contratos",
        "/api/v1/servicos",
        "/api/v1/perfil",
    ] {
        get(&w.app, path, Some(&cookie)).await.assert_ok();
    }
    write(
        &w.app,
        Method::POST,
        "/api/v1/chamados",
        &maria,
        json!({
            "service_id": "S10011", "type_id": "T2", "department_id": "D1",
            "subject": "Internet lenta", "message": "Meu CPF é 529.982.247-25 e cai à noite.",
            "attachments": [{"name": "roteador.png", "content_base64": b64(&PNG)}]
        }),
    )
    .await
    .assert_ok();
    write(
        &w.app,
        Method::PUT,
        "/api/v1/perfil",
        &maria,
        json!({
            "email": "maria.nova@example.com", "mobile": "(81) 91234-5678", "whatsapp": null
        }),
    )
    .await
    .assert_ok();

    // A sign-up and its tracking link.
    let created = post(
        "/api/v1/cadastro/prospectos",
        prospect("868.263.820-75", json!([])),
    )
    .await
    .json();
    let tracking = created["tracking"].as_str().unwrap().to_string();
    get(
        &w.app,
        &format!("/api/v1/cadastro/acompanhamento/{tracking}"),
        None,
    )
    .await
    .assert_ok();

    // An ERP that fails, then one that answers garbage.
    w.erp.switches.failure_percent.store(100, Ordering::Relaxed);
    get(&w.app, "/api/v1/faturas", Some(&cookie)).await;
    post(
        "/api/v1/sessao",
        json!({"document": MARIA, "factor": "14/03/1985"}),
    )
    .await;
    w.erp.switches.failure_percent.store(0, Ordering::Relaxed);
    w.erp.switches.malformed.store(true, Ordering::Relaxed);
    get(&w.app, "/api/v1/faturas", Some(&cookie)).await;
    w.erp.switches.malformed.store(false, Ordering::Relaxed);
    send(
        &w.app,
        Method::DELETE,
        "/api/v1/sessao",
        Some(&cookie),
        &[("x-csrf-token", &csrf)],
        None,
    )
    .await;

    let logs = sink.text();
    assert!(
        logs.contains("***.***.247-**"),
        "documents appear masked:\n{logs}"
    );
    assert!(logs.contains("/acompanhamento/***"), "{logs}");
    let used = [
        "52998224725",
        "529.982.247-25",
        "982.247",
        "86826382075",
        "868.263.820-75",
        "02/02/2002",
        "14/03/1985",
        "1985-03-14",
        "maria.silva@example.com",
        "maria.nova@example.com",
        "81988887777",
        "91234-5678",
        "912345678",
        &code,
        &tracking,
        &cookie,
        &csrf,
        ERP_TOKEN,
        secret(),
    ];
    for value in used {
        assert!(!logged(&logs, value), "{value} is in the log:\n{logs}");
    }
}
