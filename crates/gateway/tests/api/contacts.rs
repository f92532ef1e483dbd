//! Verified contacts: a code sent to the new contact, typed back; proofs before changes; the
//! notice to the old contacts; and the takeover a birth date used to allow.

use std::path::{Path, PathBuf};

use axum::http::{Method, StatusCode};
use serde_json::json;

use crate::support::*;

const ANA: &str = "123.456.789-09";
const ANA_BIRTH: &str = "25/07/1992";

/// A world that sends codes by e-mail and WhatsApp to an outbox, where nobody has verified
/// anything yet; `login` is the CPF policy.
async fn fresh(login: &str) -> (World, tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let outbox = dir.path().join("caixa.jsonl");
    let mut tables = String::from("[code]\nmax_tries = 3\n");
    for channel in ["email", "whatsapp"] {
        tables += &format!(
            "[code.{channel}]\nsender = \"outbox\"\npath = \"{}\"\n",
            outbox.display()
        );
    }
    let w = world_from("", login, &tables).await;
    (w, dir, outbox)
}

/// The texts of the outbox's messages to `address`, oldest first.
fn to(outbox: &Path, address: &str) -> Vec<String> {
    outbox_to(outbox, address)
        .iter()
        .map(|m| m["mensagem"].as_str().unwrap().to_string())
        .collect()
}

/// Verifies `address` on `channel` for the signed-in `who`, reading the code from the outbox.
async fn verify(w: &World, who: &(String, String), outbox: &Path, channel: &str, address: &str) {
    write(
        &w.app,
        Method::POST,
        "/api/v1/contatos/envio",
        who,
        json!({"channel": channel, "address": address}),
    )
    .await
    .assert_ok();
    let code = code_in(to(outbox, address).last().unwrap());
    let r = write(
        &w.app,
        Method::POST,
        "/api/v1/contatos",
        who,
        json!({"channel": channel, "address": address, "code": code}),
    )
    .await;
    r.assert_ok();
}

#[tokio::test]
async fn a_contact_counts_only_once_a_code_sent_to_it_is_typed_back() {
    let (w, _dir, outbox) = fresh(r#"cpf = ["code", "birth_date"]"#).await;
    let ana = sign_in(&w.app, ANA, ANA_BIRTH).await;
    let phone = sign_in(&w.app, ANA, ANA_BIRTH).await;

    // The ERP's e-mail is only a suggestion, and no code goes there yet.
    let state = get(&w.app, "/api/v1/contatos", Some(&ana.0)).await.json();
    assert_eq!(state["verified"], json!([]));
    assert_eq!(state["proof_needed"], false);
    assert!(
        state["suggestions"]
            .as_array()
            .unwrap()
            .contains(&json!({"channel": "email", "address": "ana.souza@example.com"}))
    );
    let offered = send(
        &w.app,
        Method::POST,
        "/api/v1/sessao/codigo/envio",
        None,
        &[],
        Some(json!({"document": ANA, "channel": "email"})),
    )
    .await;
    offered.assert_ok();
    assert!(
        to(&outbox, "ana.souza@example.com").is_empty(),
        "an unverified ERP contact is no destination"
    );

    // A bad address is refused before anything is sent.
    let bad = write(
        &w.app,
        Method::POST,
        "/api/v1/contatos/envio",
        &ana,
        json!({"channel": "whatsapp", "address": "(81) 3333-4444"}),
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);

    write(
        &w.app,
        Method::POST,
        "/api/v1/contatos/envio",
        &ana,
        json!({"channel": "email", "address": "ana.nova@example.com"}),
    )
    .await
    .assert_ok();
    let code = code_in(&to(&outbox, "ana.nova@example.com")[0]);
    // The code proves that address only: typed for another, or wrong, it is refused.
    for (address, typed) in [
        ("mallory@example.com", code.as_str()),
        ("ana.nova@example.com", wrong(&code)),
    ] {
        let r = write(
            &w.app,
            Method::POST,
            "/api/v1/contatos",
            &ana,
            json!({"channel": "email", "address": address, "code": typed}),
        )
        .await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{address}");
        assert_eq!(r.json()["code"], "codigo_invalido");
    }
    let r = write(
        &w.app,
        Method::POST,
        "/api/v1/contatos",
        &ana,
        json!({"channel": "email", "address": "ana.nova@example.com", "code": code}),
    )
    .await;
    r.assert_ok();
    assert_eq!(
        r.json()["verified"],
        json!([{"channel": "email", "masked": "a***@e***", "verified_at": r.json()["verified"][0]["verified_at"]}])
    );
    assert!(
        !r.body.windows(9).any(|w| w == b"ana.nova@"),
        "never sent back whole"
    );
    // The ERP holds it too (endpoint 22), and her other session ended.
    let profile = get(&w.app, "/api/v1/perfil", Some(&ana.0)).await.json();
    assert_eq!(profile["email"], "ana.nova@example.com");
    assert_eq!(
        get(&w.app, "/api/v1/faturas", Some(&phone.0)).await.status,
        StatusCode::UNAUTHORIZED
    );

    // From now on her code goes there, and her birth date alone no longer signs her in.
    let destinations = send(
        &w.app,
        Method::POST,
        "/api/v1/sessao/codigo/destinos",
        None,
        &[],
        Some(json!({"document": ANA})),
    )
    .await
    .json();
    assert!(
        destinations["destinations"]
            .as_array()
            .unwrap()
            .contains(&json!({"channel": "email", "masked": "a***@e***"}))
    );
    let refused = try_sign_in(&w.app, ANA, ANA_BIRTH).await;
    assert_eq!(refused.status, StatusCode::UNAUTHORIZED);
    assert_eq!(refused.json()["code"], "credenciais_invalidas");
}

#[tokio::test]
async fn a_birth_date_cannot_take_over_a_customer_with_a_verified_contact() {
    // A deployment that still signs in by birth date alone.
    let (w, _dir, outbox) = fresh(r#"cpf = "birth_date""#).await;
    let owner = sign_in(&w.app, ANA, ANA_BIRTH).await;
    verify(&w, &owner, &outbox, "email", "ana.souza@example.com").await;
    // The owner's session proved itself with the code; an hour later it would have to again.

    // Someone who knows her birth date signs in ...
    let intruder = sign_in(&w.app, ANA, ANA_BIRTH).await;
    // ... and cannot point her e-mail at themselves, by any route.
    let attempts = [
        (
            Method::PUT,
            "/api/v1/perfil",
            json!({"email": "intruso@example.com", "mobile": "81988887777"}),
        ),
        (
            Method::POST,
            "/api/v1/contatos/envio",
            json!({"channel": "email", "address": "intruso@example.com"}),
        ),
        (
            Method::POST,
            "/api/v1/contatos",
            json!({"channel": "email", "address": "intruso@example.com", "code": "123456"}),
        ),
    ];
    for (method, path, body) in attempts {
        let r = write(&w.app, method, path, &intruder, body).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{path}");
        assert_eq!(r.json()["code"], "confirmacao_necessaria", "{path}");
    }
    assert!(to(&outbox, "intruso@example.com").is_empty());
    let profile = get(&w.app, "/api/v1/perfil", Some(&intruder.0))
        .await
        .json();
    assert_eq!(profile["email"], "ana.souza@example.com");
    let state = get(&w.app, "/api/v1/contatos", Some(&intruder.0))
        .await
        .json();
    assert_eq!(state["proof_needed"], true);
    assert_eq!(
        state["proof_to"],
        json!([{"channel": "email", "masked": "a***@e***"}])
    );

    // The proof goes to the owner's address, which the intruder does not read; guesses fail.
    write(
        &w.app,
        Method::POST,
        "/api/v1/contatos/confirmacao",
        &intruder,
        json!({"channel": "email"}),
    )
    .await
    .assert_ok();
    let proof = code_in(to(&outbox, "ana.souza@example.com").last().unwrap());
    let guess = write(
        &w.app,
        Method::POST,
        "/api/v1/contatos/confirmacao/codigo",
        &intruder,
        json!({"code": wrong(&proof)}),
    )
    .await;
    assert_eq!(guess.status, StatusCode::UNAUTHORIZED);

    // With the code from the old contact the change goes through, and the old contact is told.
    // The intruder's request already sent her a code, so asking again waits out the
    // cool-down; she types the one she has.
    let owner_again = sign_in(&w.app, ANA, ANA_BIRTH).await;
    let again = write(
        &w.app,
        Method::POST,
        "/api/v1/contatos/confirmacao",
        &owner_again,
        json!({"channel": "email"}),
    )
    .await;
    assert_eq!(again.status, StatusCode::TOO_MANY_REQUESTS);
    let sent_before = to(&outbox, "ana.souza@example.com").len();
    let proof = code_in(to(&outbox, "ana.souza@example.com").last().unwrap());
    let r = send(
        &w.app,
        Method::POST,
        "/api/v1/contatos/confirmacao/codigo",
        Some(&owner_again.0),
        &[("x-csrf-token", &owner_again.1)],
        Some(json!({"code": proof})),
    )
    .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    verify(
        &w,
        &owner_again,
        &outbox,
        "email",
        "ana.trabalho@example.com",
    )
    .await;
    let old = to(&outbox, "ana.souza@example.com");
    assert_eq!(old.len(), sent_before + 1);
    let notice = old.last().unwrap();
    assert!(notice.contains("trocado por a***@e***"), "{notice}");
    assert!(!notice.contains("ana.trabalho"), "{notice}");
    // Every other session, the intruder's among them, ended with the change.
    assert_eq!(
        get(&w.app, "/api/v1/faturas", Some(&intruder.0))
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn signing_in_with_the_code_proves_the_session_and_a_stranger_gets_nothing() {
    let (w, _dir, outbox) = fresh(r#"cpf = ["code", "birth_date"]"#).await;
    let first = sign_in(&w.app, ANA, ANA_BIRTH).await;
    verify(&w, &first, &outbox, "whatsapp", "81977776666").await;
    // Signed in with a code to her verified WhatsApp, she may add an e-mail at once.
    let ask = |document: &str| {
        send(
            &w.app,
            Method::POST,
            "/api/v1/sessao/codigo/envio",
            None,
            &[],
            Some(json!({"document": document, "channel": "whatsapp"})),
        )
    };
    ask(ANA).await.assert_ok();
    let code = code_in(to(&outbox, "81977776666").last().unwrap());
    let r = send(
        &w.app,
        Method::POST,
        "/api/v1/sessao/codigo",
        None,
        &[],
        Some(json!({"document": ANA, "code": code})),
    )
    .await;
    r.assert_ok();
    let session = signed(&r);
    verify(&w, &session, &outbox, "email", "ana.souza@example.com").await;
    // Her WhatsApp hears of the new e-mail.
    assert!(
        to(&outbox, "81977776666")
            .last()
            .unwrap()
            .contains("foi confirmado na sua conta")
    );

    // A proof code asked for a channel she has not verified is refused; a signed-out caller
    // reaches none of this.
    let r = write(
        &w.app,
        Method::POST,
        "/api/v1/contatos/confirmacao",
        &session,
        json!({"channel": "sms"}),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    for path in ["/api/v1/contatos", "/api/v1/chaves"] {
        assert_eq!(
            get(&w.app, path, None).await.status,
            StatusCode::UNAUTHORIZED
        );
    }
}
