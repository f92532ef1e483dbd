//! "Meus acessos" and sessions held by the store: listing and ending sessions, another
//! customer's session out of reach, and two gateways sharing one PostgreSQL.

use axum::http::{Method, StatusCode};
use gateway::{AppState, Config, router};
use store::testing::ThrowawayPostgres;

use crate::support::*;

const ANDROID: &str = "Mozilla/5.0 (Linux; Android 13; SM-A135M) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36";
const WINDOWS: &str =
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0";

/// Signs Maria in from a device and an address; the cookie and CSRF token.
async fn maria_from(app: &axum::Router, agent: &str, peer: &str) -> (String, String) {
    let reply = send(
        app,
        Method::POST,
        "/api/v1/sessao",
        None,
        &[("user-agent", agent), (PEER, peer)],
        Some(serde_json::json!({"document": "529.982.247-25", "factor": "14/03/1985"})),
    )
    .await;
    signed(&reply)
}

#[tokio::test]
async fn meus_acessos_lists_sessions_and_ends_one_or_all_others() {
    let w = world().await;
    let (phone, phone_csrf) = maria_from(&w.app, ANDROID, "189.6.12.34:5000").await;
    let (desktop, _) = maria_from(&w.app, WINDOWS, "200.150.1.9:6000").await;
    let list = get(&w.app, "/api/v1/acessos", Some(&phone)).await;
    list.assert_ok();
    let list = list.json();
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 2);
    // Both signed in within the same second, so their order is not checked here (the
    // store's own tests check most recently used first).
    let by_device = |d: &str| list.iter().find(|a| a["device"] == d).unwrap().clone();
    let desktop_entry = by_device("Firefox no Windows");
    assert_eq!(desktop_entry["place"], "200.150.1.x");
    assert_eq!(desktop_entry["current"], false);
    let phone_entry = by_device("Chrome no Android");
    assert_eq!(phone_entry["place"], "189.6.12.x");
    assert_eq!(phone_entry["current"], true);
    let desktop_id = desktop_entry["id"].as_str().unwrap().to_string();

    // Without the CSRF token nothing ends.
    let r = send(
        &w.app,
        Method::DELETE,
        &format!("/api/v1/acessos/{desktop_id}"),
        Some(&phone),
        &[],
        None,
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(
        get(&w.app, "/api/v1/faturas", Some(&desktop)).await.status,
        StatusCode::OK
    );

    // Another customer cannot end Maria's session, even knowing its id.
    let (joao, joao_csrf) = sign_in(&w.app, "111.444.777-35", "02/11/1978").await;
    let r = send(
        &w.app,
        Method::DELETE,
        &format!("/api/v1/acessos/{desktop_id}"),
        Some(&joao),
        &[("x-csrf-token", &joao_csrf)],
        None,
    )
    .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(
        get(&w.app, "/api/v1/faturas", Some(&desktop)).await.status,
        StatusCode::OK
    );
    let joao_list = get(&w.app, "/api/v1/acessos", Some(&joao)).await.json();
    assert_eq!(
        joao_list.as_array().unwrap().len(),
        1,
        "João sees only his own"
    );

    // "Sair deste": the phone ends the desktop's session.
    let r = send(
        &w.app,
        Method::DELETE,
        &format!("/api/v1/acessos/{desktop_id}"),
        Some(&phone),
        &[("x-csrf-token", &phone_csrf)],
        None,
    )
    .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    assert_eq!(
        get(&w.app, "/api/v1/faturas", Some(&desktop)).await.status,
        StatusCode::UNAUTHORIZED
    );
    let r = send(
        &w.app,
        Method::DELETE,
        &format!("/api/v1/acessos/{desktop_id}"),
        Some(&phone),
        &[("x-csrf-token", &phone_csrf)],
        None,
    )
    .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "already ended");

    // "Sair de todos": every other session ends, this one stays.
    let (second, _) = maria_from(&w.app, WINDOWS, "200.150.1.9:6001").await;
    let (third, _) = maria_from(&w.app, ANDROID, "189.6.12.35:5001").await;
    let r = send(
        &w.app,
        Method::DELETE,
        "/api/v1/acessos",
        Some(&phone),
        &[("x-csrf-token", &phone_csrf)],
        None,
    )
    .await;
    r.assert_ok();
    assert_eq!(r.json(), 2);
    for other in [&second, &third] {
        assert_eq!(
            get(&w.app, "/api/v1/faturas", Some(other)).await.status,
            StatusCode::UNAUTHORIZED
        );
    }
    assert_eq!(
        get(&w.app, "/api/v1/faturas", Some(&phone)).await.status,
        StatusCode::OK
    );
    assert_eq!(
        get(&w.app, "/api/v1/faturas", Some(&joao)).await.status,
        StatusCode::OK,
        "another customer's session is untouched"
    );
}

#[tokio::test]
async fn two_gateways_on_one_postgres_share_sessions() {
    let server = ThrowawayPostgres::start().unwrap();
    let a = world_on(store::Store::open(&server.url()).await.unwrap()).await;
    let text = config_text(&a.erp_base, &a._dir.path().join("dist"), "");
    let b = router(
        AppState::new(
            Config::parse(&text, |_| None).unwrap(),
            store::Store::open(&server.url()).await.unwrap(),
        )
        .unwrap(),
    );
    // Signed in through one gateway, served by the other.
    let (cookie, csrf) = sign_in(&a.app, "529.982.247-25", "14/03/1985").await;
    assert_eq!(
        get(&b, "/api/v1/faturas", Some(&cookie)).await.status,
        StatusCode::OK
    );
    // The session list is the same from both.
    let (other, _) = sign_in(&b, "529.982.247-25", "14/03/1985").await;
    let from_a = get(&a.app, "/api/v1/acessos", Some(&cookie)).await.json();
    assert_eq!(from_a.as_array().unwrap().len(), 2);
    assert_eq!(
        get(&a.app, "/api/v1/faturas", Some(&other)).await.status,
        StatusCode::OK
    );
    // Signed out on one, the cookie opens nothing on the other.
    let r = send(
        &b,
        Method::DELETE,
        "/api/v1/sessao",
        Some(&cookie),
        &[("x-csrf-token", &csrf)],
        None,
    )
    .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    assert_eq!(
        get(&a.app, "/api/v1/faturas", Some(&cookie)).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        get(&b, "/api/v1/faturas", Some(&cookie)).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        get(&a.app, "/api/v1/faturas", Some(&other)).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn a_store_that_stops_answering_is_an_outage_not_a_sign_out() {
    let server = ThrowawayPostgres::start().unwrap();
    let w = world_on(store::Store::open(&server.url()).await.unwrap()).await;
    let (cookie, _) = sign_in(&w.app, "529.982.247-25", "14/03/1985").await;
    drop(server);
    let r = get(&w.app, "/api/v1/faturas", Some(&cookie)).await;
    assert_eq!(r.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(r.json()["code"], "portal_indisponivel");
    let r = try_sign_in(&w.app, "529.982.247-25", "14/03/1985").await;
    assert_eq!(r.status, StatusCode::SERVICE_UNAVAILABLE);
    // Restoring the session on load says so too, and keeps the cookie.
    let r = get(&w.app, "/api/v1/sessao", Some(&cookie)).await;
    assert_eq!(r.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(r.header(axum::http::header::SET_COOKIE).is_none());
}

/// Two gateways with the same configuration on one throwaway PostgreSQL, sending codes to
/// one outbox: the first with its world, the second as a router.
async fn two_gateways() -> (
    World,
    axum::Router,
    ThrowawayPostgres,
    tempfile::TempDir,
    std::path::PathBuf,
) {
    let server = ThrowawayPostgres::start().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let outbox = dir.path().join("caixa.jsonl");
    let tail = format!(
        "[code]\nmax_tries = 3\n[code.email]\nsender = \"outbox\"\npath = \"{}\"\n",
        outbox.display()
    );
    let login = r#"cpf = ["code", "birth_date"]"#;
    let a = world_in(
        "",
        login,
        &tail,
        store::Store::open(&server.url()).await.unwrap(),
    )
    .await;
    crate::common::verify_seeded_contacts(&a.state.store).await;
    let text = config_with(&a.erp_base, &a._dir.path().join("dist"), "", login, &tail);
    let b = router(
        AppState::new(
            Config::parse(&text, |_| None).unwrap(),
            store::Store::open(&server.url()).await.unwrap(),
        )
        .unwrap(),
    );
    (a, b, server, dir, outbox)
}

#[tokio::test]
async fn a_lockout_is_counted_across_gateways() {
    let (a, b, _server, _dir, _outbox) = two_gateways().await;
    // Three wrong birth dates for Maria, spread over both gateways and three addresses.
    for (app, peer) in [
        (&a.app, "198.51.100.1:1"),
        (&b, "198.51.100.2:1"),
        (&a.app, "198.51.100.3:1"),
    ] {
        let r = send(
            app,
            Method::POST,
            "/api/v1/sessao",
            None,
            &[(PEER, peer)],
            Some(serde_json::json!({"document": "529.982.247-25", "factor": "01/01/1970"})),
        )
        .await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    }
    // The right date is refused on both: the document is locked everywhere.
    for app in [&a.app, &b] {
        let r = send(
            app,
            Method::POST,
            "/api/v1/sessao",
            None,
            &[(PEER, "198.51.100.4:1")],
            Some(serde_json::json!({"document": "529.982.247-25", "factor": "14/03/1985"})),
        )
        .await;
        assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(r.json()["code"], "fator_bloqueado");
    }
}

#[tokio::test]
async fn a_code_sent_through_one_gateway_signs_in_through_the_other_once() {
    let (a, b, _server, _dir, outbox) = two_gateways().await;
    let r = send(
        &a.app,
        Method::POST,
        "/api/v1/sessao/codigo/envio",
        None,
        &[],
        Some(serde_json::json!({"document": "529.982.247-25", "channel": "email"})),
    )
    .await;
    r.assert_ok();
    // The cool-down holds on the other gateway too.
    let again = send(
        &b,
        Method::POST,
        "/api/v1/sessao/codigo/envio",
        None,
        &[],
        Some(serde_json::json!({"document": "529.982.247-25", "channel": "email"})),
    )
    .await;
    assert_eq!(again.status, StatusCode::TOO_MANY_REQUESTS);
    let sent = outbox_to(&outbox, "maria.silva@example.com");
    let text = sent.last().unwrap()["mensagem"].as_str().unwrap();
    let code = code_in(text);
    assert!(text.starts_with(&code), "{text}");
    let first = send(
        &b,
        Method::POST,
        "/api/v1/sessao/codigo",
        None,
        &[],
        Some(serde_json::json!({"document": "529.982.247-25", "code": code})),
    )
    .await;
    first.assert_ok();
    let reused = send(
        &a.app,
        Method::POST,
        "/api/v1/sessao/codigo",
        None,
        &[],
        Some(serde_json::json!({"document": "529.982.247-25", "code": code})),
    )
    .await;
    assert_eq!(
        reused.status,
        StatusCode::UNAUTHORIZED,
        "used up on every gateway"
    );
}

#[tokio::test]
async fn a_contact_change_on_one_gateway_ends_the_sessions_on_the_other() {
    let (a, b, _server, _dir, _outbox) = two_gateways().await;
    let here = sign_in(&a.app, "111.444.777-35", "02/11/1978").await;
    let elsewhere = sign_in(&b, "111.444.777-35", "02/11/1978").await;
    let r = send(&a.app, Method::PUT, "/api/v1/perfil", Some(&here.0), &[("x-csrf-token", &here.1)],
        Some(serde_json::json!({"email": "joao.novo@example.com", "phone": null, "mobile": "(81) 99999-0000", "whatsapp": null}))).await;
    r.assert_ok();
    assert_eq!(
        get(&b, "/api/v1/faturas", Some(&elsewhere.0)).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        get(&a.app, "/api/v1/faturas", Some(&elsewhere.0))
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        get(&b, "/api/v1/faturas", Some(&here.0)).await.status,
        StatusCode::OK,
        "the session that changed them stays"
    );
}

#[tokio::test]
async fn a_sign_up_sent_to_both_gateways_at_once_creates_one_prospect() {
    let (a, b, _server, _dir, _outbox) = two_gateways().await;
    let mut form = prospect("868.263.820-75", serde_json::json!([]));
    form["idempotency_key"] = serde_json::json!("duas-portas");
    let post = |app: axum::Router, form: serde_json::Value| async move {
        send(
            &app,
            Method::POST,
            "/api/v1/cadastro/prospectos",
            None,
            &[],
            Some(form),
        )
        .await
    };
    let (x, y) = tokio::join!(
        post(a.app.clone(), form.clone()),
        post(b.clone(), form.clone())
    );
    assert_eq!((x.status, y.status), (StatusCode::OK, StatusCode::OK));
    assert_eq!(x.json()["id"], y.json()["id"]);
    assert_eq!(x.json()["tracking"], y.json()["tracking"]);
    // A retry later, on either gateway, gets the same answer.
    let again = post(b.clone(), form.clone()).await;
    assert_eq!(again.json()["id"], x.json()["id"]);
    // The same key with another form is another sign-up.
    let mut other = prospect("111.444.777-35", serde_json::json!([]));
    other["idempotency_key"] = serde_json::json!("duas-portas");
    let third = post(a.app.clone(), other).await;
    third.assert_ok();
    assert_ne!(third.json()["id"], x.json()["id"]);
}
