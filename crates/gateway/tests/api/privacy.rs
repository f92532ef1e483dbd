//! "Meus dados no portal": what the portal holds of a customer, and erasing it.

use axum::http::{Method, StatusCode, header};
use serde_json::json;

use crate::support::*;

async fn open_ticket(w: &World, who: &(String, String), subject: &str) -> String {
    let r = write(
        &w.app,
        Method::POST,
        "/api/v1/chamados",
        who,
        json!({
            "service_id": null, "type_id": "T2", "department_id": "D1",
            "subject": subject, "message": "Sem sinal desde ontem.", "attachments": []
        }),
    )
    .await;
    r.assert_ok();
    r.json()["protocol"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn a_customer_sees_and_erases_what_the_portal_holds_and_nothing_of_anyone_else() {
    let w = world().await;
    let maria = sign_in(&w.app, "529.982.247-25", "14/03/1985").await;
    let maria_phone = sign_in(&w.app, "529.982.247-25", "14/03/1985").await;
    let joao = sign_in(&w.app, "111.444.777-35", "02/11/1978").await;
    let protocol = open_ticket(&w, &maria, "Sem internet").await;
    let joao_protocol = open_ticket(&w, &joao, "Lentidão").await;
    // A contact she verified and a passkey she registered (kept as the store keeps them).
    let store = &w.state.store;
    store
        .put_contact(
            "52998224725",
            &store::ContactRow {
                channel: "email".into(),
                address: "maria.silva@example.com".into(),
                verified_at: 1_700_000_000,
            },
        )
        .await
        .unwrap();
    store
        .add_passkey(&store::PasskeyRow {
            credential_id: "Y3JlZA".into(),
            customer: "52998224725".into(),
            name: "Celular da Maria".into(),
            passkey: "{}".into(),
            created_at: 1_700_000_000,
            used_at: 1_700_000_000,
        })
        .await
        .unwrap();

    let data = get(&w.app, "/api/v1/privacidade", Some(&maria.0)).await;
    data.assert_ok();
    let data = data.json();
    assert_eq!(
        data["contacts"],
        json!([{"channel": "email", "masked": "m***@e***", "verified_at": 1_700_000_000}]),
        "masked, so a borrowed session cannot read it"
    );
    assert_eq!(data["passkeys"][0]["name"], "Celular da Maria");
    assert_eq!(data["accesses"].as_array().unwrap().len(), 2);
    assert_eq!(data["tickets"].as_array().unwrap().len(), 1);
    assert_eq!(data["tickets"][0]["protocol"], protocol.as_str());

    // Erasing needs the session's CSRF token, like every write.
    let r = send(
        &w.app,
        Method::DELETE,
        "/api/v1/privacidade",
        Some(&maria.0),
        &[],
        None,
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(
        get(&w.app, "/api/v1/privacidade", Some(&maria.0))
            .await
            .status,
        StatusCode::OK
    );

    let r = send(
        &w.app,
        Method::DELETE,
        "/api/v1/privacidade",
        Some(&maria.0),
        &[("x-csrf-token", &maria.1)],
        None,
    )
    .await;
    r.assert_ok();
    assert_eq!(
        r.json(),
        json!({"sessions": 2, "tickets": 1, "contacts": 1, "passkeys": 1})
    );
    assert!(store.contacts_of("52998224725").await.unwrap().is_empty());
    assert!(store.passkeys_of("52998224725").await.unwrap().is_empty());
    assert!(r.header(header::SET_COOKIE).unwrap().contains("Max-Age=0"));
    // Every device of hers is signed out; nothing of hers is left.
    for cookie in [&maria.0, &maria_phone.0] {
        assert_eq!(
            get(&w.app, "/api/v1/faturas", Some(cookie)).await.status,
            StatusCode::UNAUTHORIZED
        );
    }
    let again = sign_in(&w.app, "529.982.247-25", "14/03/1985").await;
    let data = get(&w.app, "/api/v1/privacidade", Some(&again.0))
        .await
        .json();
    assert_eq!(data["tickets"], json!([]));
    assert_eq!(
        data["accesses"].as_array().unwrap().len(),
        1,
        "only the new sign-in"
    );

    // João's data and session are untouched.
    let his = get(&w.app, "/api/v1/privacidade", Some(&joao.0)).await;
    his.assert_ok();
    let his = his.json();
    assert_eq!(his["tickets"].as_array().unwrap().len(), 1);
    assert_eq!(his["tickets"][0]["protocol"], joao_protocol.as_str());
    assert_eq!(
        get(&w.app, "/api/v1/privacidade", None).await.status,
        StatusCode::UNAUTHORIZED
    );
}
