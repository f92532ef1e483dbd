//! Passkeys through the API: what a browser is asked, and every answer that is not a
//! registered passkey's refused alike. The whole ceremony with an authenticator runs in
//! Chromium (tests/e2e/passkeys.test.mjs).

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

use crate::support::*;

const MARIA: &str = "529.982.247-25";
const JOAO: &str = "111.444.777-35";
const PASSKEYS: &str = "[passkey]\norigin = \"http://localhost:8080\"\n";

async fn post(w: &World, path: &str, body: Value) -> Reply {
    send(&w.app, Method::POST, path, None, &[], Some(body)).await
}

fn passkey_row(id: &str, customer: &str) -> store::PasskeyRow {
    store::PasskeyRow {
        credential_id: id.into(),
        customer: customer.into(),
        name: format!("Chave {id}"),
        passkey: "{}".into(),
        created_at: 1_700_000_000,
        used_at: 1_700_000_000,
    }
}

/// An assertion naming Maria's passkey, with no authenticator behind it.
fn forged_assertion() -> Value {
    json!({"id": "bWFyaWE", "rawId": "bWFyaWE", "type": "public-key", "extensions": {},
        "response": {"authenticatorData": "AAAA", "clientDataJSON": "e30",
            "signature": "AAAA", "userHandle": "AAAAAAAAAAAAAAAAAAAAAA"}})
}

#[tokio::test]
async fn off_until_configured() {
    let w = world().await;
    let r = post(&w, "/api/v1/sessao/chave/inicio", json!({})).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let maria = sign_in(&w.app, MARIA, "14/03/1985").await;
    let r = write(
        &w.app,
        Method::POST,
        "/api/v1/chaves/inicio",
        &maria,
        json!({}),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let config = get(&w.app, "/api/v1/config", None).await.json();
    assert_eq!(config["login_cpf"], json!(["birth_date"]));
}

#[tokio::test]
async fn a_sign_in_challenge_names_nobody_and_forged_answers_are_refused_alike() {
    let w = world_from("", "", PASSKEYS).await;
    let config = get(&w.app, "/api/v1/config", None).await.json();
    assert_eq!(config["login_cpf"], json!(["passkey", "birth_date"]));

    // The same options whoever asks: no credential list that would tell who has a passkey.
    let start = |document: Option<&str>| {
        post(
            &w,
            "/api/v1/sessao/chave/inicio",
            json!({"document": document}),
        )
    };
    let for_maria = start(Some(MARIA)).await.json();
    let for_nobody = start(Some("987.654.321-00")).await.json();
    for body in [&for_maria, &for_nobody] {
        assert_eq!(body["options"]["rpId"], "localhost");
        assert_eq!(body["options"]["userVerification"], "required");
        assert!(
            body["options"]
                .get("allowCredentials")
                .is_none_or(|a| a == &json!([]))
        );
    }
    assert_ne!(for_maria["ceremony"], for_nobody["ceremony"]);
    let bad = start(Some("123")).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);

    // Maria has a passkey on record; answers that are not her authenticator's all fail.
    w.state
        .store
        .add_passkey(&passkey_row("bWFyaWE", "52998224725"))
        .await
        .unwrap();
    let forged = |ceremony: &Value| json!({"ceremony": ceremony, "document": MARIA, "credential": forged_assertion()});
    let cases = [
        forged(&for_maria["ceremony"]),
        // The same ceremony again: used up by the first answer.
        forged(&for_maria["ceremony"]),
        forged(&json!("nao-existe")),
        json!({"ceremony": for_nobody["ceremony"], "credential": "lixo"}),
    ];
    for body in cases {
        let r = post(&w, "/api/v1/sessao/chave", body).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
        assert_eq!(r.json()["code"], "chave_recusada");
        assert!(r.header(axum::http::header::SET_COOKIE).is_none());
    }
}

#[tokio::test]
async fn registering_and_removing_are_the_customers_own_and_need_a_proof_once_there_is_one() {
    let w = world_from("", "", PASSKEYS).await;
    let maria = sign_in(&w.app, MARIA, "14/03/1985").await;
    let joao = sign_in(&w.app, JOAO, "02/11/1978").await;

    // Nothing to protect yet: she may begin a registration; the options never hold her CPF.
    let r = write(
        &w.app,
        Method::POST,
        "/api/v1/chaves/inicio",
        &maria,
        json!({}),
    )
    .await;
    r.assert_ok();
    let begun = r.json();
    assert_eq!(begun["options"]["rp"]["id"], "localhost");
    assert_eq!(
        begun["options"]["authenticatorSelection"]["residentKey"],
        "preferred"
    );
    assert!(!begun.to_string().contains("52998224725"));
    assert!(!begun.to_string().contains("529.982.247-25"));

    // João cannot finish Maria's ceremony, and a forged answer to her own is refused.
    let answer = json!({"ceremony": begun["ceremony"], "name": "Meu", "credential": {
        "id": "eA", "rawId": "eA", "type": "public-key", "extensions": {},
        "response": {"attestationObject": "AAAA", "clientDataJSON": "e30"}}});
    let r = write(
        &w.app,
        Method::POST,
        "/api/v1/chaves",
        &joao,
        answer.clone(),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let r = write(&w.app, Method::POST, "/api/v1/chaves", &maria, answer).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED, "used up by João's try");

    // Once she has a passkey, a session opened by birth date changes nothing.
    let store = &w.state.store;
    store
        .add_passkey(&passkey_row("bWFyaWE", "52998224725"))
        .await
        .unwrap();
    store
        .add_passkey(&passkey_row("am9hbw", "11144477735"))
        .await
        .unwrap();
    let r = write(
        &w.app,
        Method::POST,
        "/api/v1/chaves/inicio",
        &maria,
        json!({}),
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(r.json()["code"], "confirmacao_necessaria");
    let r = write(
        &w.app,
        Method::DELETE,
        "/api/v1/chaves/bWFyaWE",
        &maria,
        json!({}),
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    // Each sees only their own; another's id is not found.
    let listed = get(&w.app, "/api/v1/chaves", Some(&joao.0)).await.json();
    assert_eq!(listed.as_array().unwrap().len(), 1);
    assert_eq!(listed[0]["id"], "am9hbw");
    store.remove_passkey("11144477735", "am9hbw").await.unwrap();
    let r = write(
        &w.app,
        Method::DELETE,
        "/api/v1/chaves/bWFyaWE",
        &joao,
        json!({}),
    )
    .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(store.passkey("bWFyaWE").await.unwrap().is_some());

    // A forged answer proves nothing, and a sign-in ceremony is needed for it.
    let begun = post(&w, "/api/v1/sessao/chave/inicio", json!({}))
        .await
        .json();
    let forged = json!({"ceremony": begun["ceremony"], "credential": forged_assertion()});
    let r = write(
        &w.app,
        Method::POST,
        "/api/v1/chaves/confirmacao",
        &maria,
        forged,
    )
    .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let r = write(
        &w.app,
        Method::POST,
        "/api/v1/chaves/inicio",
        &maria,
        json!({}),
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN, "still unproved");
    let contacts = get(&w.app, "/api/v1/contatos", Some(&maria.0)).await.json();
    assert_eq!(
        (
            contacts["proof_needed"].clone(),
            contacts["proof_by_passkey"].clone()
        ),
        (json!(true), json!(true))
    );

    // And her birth date no longer signs her in: the passkey is what she uses now.
    let r = try_sign_in(&w.app, MARIA, "14/03/1985").await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
}
