//! Sign-in by one-time code through the gateway, against the demo ERP: codes delivered to
//! an outbox, a webhook and a real SMTP server on loopback; one use, one answer for every
//! refusal, try limit, cool-down, unknown documents and failing senders.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::http::{Method, StatusCode, header};
use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

use crate::common::logged;
use crate::support::*;

const MARIA: &str = "529.982.247-25";
const JOAO: &str = "111.444.777-35";
const NOBODY: &str = "987.654.321-00";

const CODE_FIRST: &str = r#"cpf = ["code", "birth_date"]"#;

async fn with_outbox(code_extra: &str) -> (World, tempfile::TempDir, PathBuf) {
    outbox_world(
        &["email", "whatsapp"],
        &format!("max_tries = 2\n{code_extra}"),
    )
    .await
}

async fn post(w: &World, path: &str, body: Value) -> Reply {
    send(&w.app, Method::POST, path, None, &[], Some(body)).await
}

async fn destinations(w: &World, document: &str) -> Value {
    let r = post(
        w,
        "/api/v1/sessao/codigo/destinos",
        json!({"document": document}),
    )
    .await;
    r.assert_ok();
    r.json()
}

async fn ask_code(w: &World, document: &str, channel: &str) -> Reply {
    post(
        w,
        "/api/v1/sessao/codigo/envio",
        json!({"document": document, "channel": channel}),
    )
    .await
}

async fn try_code(w: &World, document: &str, code: &str) -> Reply {
    post(
        w,
        "/api/v1/sessao/codigo",
        json!({"document": document, "code": code}),
    )
    .await
}

#[tokio::test]
async fn a_code_signs_in_once_and_only_once_and_is_never_logged() {
    let sink = capture_logs();
    let (w, _dir, outbox) = with_outbox("").await;

    let step = destinations(&w, MARIA).await;
    assert_eq!(
        step,
        json!({"step": "code", "destinations": [
            {"channel": "email", "masked": "m***@e***"},
            {"channel": "whatsapp", "masked": "(**) *****-**77"},
        ]})
    );
    let sent = ask_code(&w, MARIA, "email").await;
    assert_eq!(sent.status, StatusCode::OK);
    assert_eq!(
        sent.json(),
        json!({"masked": "m***@e***", "expires_in_s": 300, "resend_in_s": 60})
    );
    let messages = outbox_to(&outbox, "maria.silva@example.com");
    assert_eq!(messages.len(), 1);
    assert_eq!(messages[0]["canal"], "email");
    let code = code_in(messages[0]["mensagem"].as_str().unwrap());

    let first = try_code(&w, MARIA, &code).await;
    assert_eq!(first.status, StatusCode::OK);
    assert!(
        first
            .header(header::SET_COOKIE)
            .unwrap()
            .contains("HttpOnly")
    );
    assert_eq!(first.json()["customer"]["name"], "Maria Aparecida da Silva");
    let again = try_code(&w, MARIA, &code).await;
    assert_eq!(again.status, StatusCode::UNAUTHORIZED);
    assert_eq!(again.json()["code"], "codigo_invalido");

    // With a code available, the weaker factor no longer opens Maria's account.
    let by_date = post(
        &w,
        "/api/v1/sessao",
        json!({"document": MARIA, "factor": "14/03/1985"}),
    )
    .await;
    assert_eq!(by_date.status, StatusCode::UNAUTHORIZED);

    let logs = sink.text();
    assert!(logs.contains("sign-in code sent"), "{logs}");
    assert!(logs.contains("m***@e***"), "{logs}");
    for secret in [code.as_str(), "maria.silva@example.com", "52998224725"] {
        assert!(
            !logged(&logs, secret),
            "{secret} leaked into the logs:\n{logs}"
        );
    }
}

#[tokio::test]
async fn customers_without_a_contact_see_what_strangers_see_and_sign_in_with_the_next_factor() {
    let (w, _dir, outbox) = with_outbox("").await;
    let joao = destinations(&w, JOAO).await;
    assert_eq!(joao["step"], "code");
    assert_eq!(joao["destinations"].as_array().unwrap().len(), 2);
    let sent = ask_code(&w, JOAO, "email").await;
    assert_eq!(sent.status, StatusCode::OK);
    assert_eq!(
        std::fs::read_to_string(&outbox).unwrap_or_default(),
        "",
        "a made-up destination gets nothing"
    );
    sign_in(&w.app, JOAO, "02/11/1978").await;
}

#[tokio::test]
async fn a_locked_factor_leaves_the_code_open_and_spread_guesses_still_lock_the_factor() {
    let (w, _dir, outbox) = with_outbox("").await;
    // Three wrong birth dates for João, each from another client address.
    for i in 0..3 {
        let r = send(
            &w.app,
            Method::POST,
            "/api/v1/sessao",
            None,
            &[(PEER, &format!("203.0.113.{i}:5000"))],
            Some(json!({"document": JOAO, "factor": "01/01/1970"})),
        )
        .await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    }
    let locked = post(
        &w,
        "/api/v1/sessao",
        json!({"document": JOAO, "factor": "02/11/1978"}),
    )
    .await;
    assert_eq!(
        locked.status,
        StatusCode::TOO_MANY_REQUESTS,
        "even the right date"
    );
    assert_eq!(locked.json()["code"], "fator_bloqueado");
    assert!(
        locked.json()["message"]
            .as_str()
            .unwrap()
            .contains("código")
    );

    // Maria's birth date locked by a stranger does not keep her out: the code still works.
    for _ in 0..3 {
        post(
            &w,
            "/api/v1/sessao",
            json!({"document": MARIA, "factor": "01/01/1970"}),
        )
        .await;
    }
    assert_eq!(ask_code(&w, MARIA, "email").await.status, StatusCode::OK);
    let code = code_in(
        outbox_to(&outbox, "maria.silva@example.com")[0]["mensagem"]
            .as_str()
            .unwrap(),
    );
    assert_eq!(try_code(&w, MARIA, &code).await.status, StatusCode::OK);
}

#[tokio::test]
async fn wrong_expired_and_reused_codes_get_one_answer() {
    let (w, _dir, outbox) = with_outbox("expires_s = 1\nresend_after_s = 0").await;
    assert_eq!(ask_code(&w, MARIA, "whatsapp").await.status, StatusCode::OK);
    let code = code_in(
        outbox_to(&outbox, "81988887777")[0]["mensagem"]
            .as_str()
            .unwrap(),
    );
    let wrong_reply = try_code(&w, MARIA, wrong(&code)).await;
    assert_eq!(try_code(&w, MARIA, &code).await.status, StatusCode::OK);
    let reused = try_code(&w, MARIA, &code).await;

    assert_eq!(ask_code(&w, MARIA, "whatsapp").await.status, StatusCode::OK);
    let code = code_in(
        outbox_to(&outbox, "81988887777")[1]["mensagem"]
            .as_str()
            .unwrap(),
    );
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let expired = try_code(&w, MARIA, &code).await;
    let garbage = try_code(&w, MARIA, "abc").await;

    assert_eq!(wrong_reply.status, StatusCode::UNAUTHORIZED);
    for other in [&reused, &expired, &garbage] {
        assert_eq!(
            (other.status, &other.body),
            (wrong_reply.status, &wrong_reply.body)
        );
    }
    assert_eq!(
        wrong_reply.json()["message"],
        "Código inválido ou expirado. Confira os números ou peça um novo código."
    );
}

#[tokio::test]
async fn the_try_limit_and_the_resend_cool_down_hold() {
    let (w, _dir, outbox) = with_outbox("").await;
    assert_eq!(ask_code(&w, MARIA, "email").await.status, StatusCode::OK);
    let code = code_in(
        outbox_to(&outbox, "maria.silva@example.com")[0]["mensagem"]
            .as_str()
            .unwrap(),
    );
    let resend = ask_code(&w, MARIA, "whatsapp").await;
    assert_eq!(resend.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(resend.json()["code"], "aguarde_reenvio");
    let wait: u64 = resend.header(header::RETRY_AFTER).unwrap().parse().unwrap();
    assert!((55..=60).contains(&wait), "{wait}");
    assert_eq!(
        outbox_to(&outbox, "81988887777").len(),
        0,
        "nothing is sent during the cool-down"
    );
    for _ in 0..2 {
        assert_eq!(
            try_code(&w, MARIA, wrong(&code)).await.status,
            StatusCode::UNAUTHORIZED
        );
    }
    let after_limit = try_code(&w, MARIA, &code).await;
    assert_eq!(
        after_limit.status,
        StatusCode::UNAUTHORIZED,
        "two wrong tries void the code"
    );
}

#[tokio::test]
async fn an_unknown_document_walks_through_identical_steps() {
    let (w, _dir, outbox) = with_outbox("").await;
    let known = destinations(&w, MARIA).await;
    let unknown = destinations(&w, NOBODY).await;
    assert_eq!(
        unknown,
        destinations(&w, NOBODY).await,
        "the same on every visit"
    );
    assert_eq!(unknown["step"], known["step"]);
    let shape = |v: &Value| {
        v["destinations"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| {
                let masked = d["masked"].as_str().unwrap();
                let pattern: String = masked
                    .chars()
                    .map(|c| if c.is_ascii_alphanumeric() { 'x' } else { c })
                    .collect();
                (
                    d["channel"].clone(),
                    masked.contains('@'),
                    pattern.len() > 8,
                )
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(shape(&unknown), shape(&known));
    let phone = unknown["destinations"][1]["masked"].as_str().unwrap();
    assert!(phone.starts_with("(**) *****-**"), "{phone}");

    let before = std::fs::read_to_string(&outbox).unwrap_or_default();
    let sent_known = ask_code(&w, MARIA, "whatsapp").await;
    let sent_unknown = ask_code(&w, NOBODY, "whatsapp").await;
    assert_eq!(sent_unknown.status, sent_known.status);
    assert_eq!(
        sent_unknown.json()["expires_in_s"],
        sent_known.json()["expires_in_s"]
    );
    assert_eq!(
        sent_unknown.json()["masked"],
        unknown["destinations"][1]["masked"]
    );
    let lines = std::fs::read_to_string(&outbox).unwrap().lines().count();
    assert_eq!(
        lines,
        before.lines().count() + 1,
        "only Maria's code went out"
    );

    let guess_known = try_code(&w, MARIA, "000000").await;
    let guess_unknown = try_code(&w, NOBODY, "000000").await;
    assert_eq!(
        (guess_unknown.status, &guess_unknown.body),
        (guess_known.status, &guess_known.body)
    );
    let again = ask_code(&w, NOBODY, "whatsapp").await;
    assert_eq!(
        again.status,
        StatusCode::TOO_MANY_REQUESTS,
        "the same cool-down"
    );
}

/// A WhatsApp provider stand-in: records each request and answers with `status`.
async fn webhook(status: StatusCode) -> (String, Arc<Mutex<Vec<(String, Value)>>>) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    let app = axum::Router::new().route(
        "/enviar",
        axum::routing::post(
            move |headers: axum::http::HeaderMap, axum::Json(body): axum::Json<Value>| {
                let log = log.clone();
                async move {
                    let auth = headers
                        .get(header::AUTHORIZATION)
                        .map(|v| v.to_str().unwrap().to_string())
                        .unwrap_or_default();
                    log.lock().unwrap().push((auth, body));
                    status
                }
            },
        ),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/enviar", listener.local_addr().unwrap());
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    (url, seen)
}

fn webhook_tables(url: &str) -> String {
    format!(
        "[code]\n[code.whatsapp]\nsender = \"webhook\"\nurl = \"{url}\"\ntoken = \"chave-do-provedor\"\ntimeout_ms = 2000\n"
    )
}

#[tokio::test]
async fn a_webhook_delivers_the_code_to_whatsapp() {
    let (url, seen) = webhook(StatusCode::OK).await;
    let w = world_from("", CODE_FIRST, &webhook_tables(&url)).await;
    crate::common::verify_seeded_contacts(&w.state.store).await;
    assert_eq!(
        destinations(&w, MARIA).await["destinations"],
        json!([{"channel": "whatsapp", "masked": "(**) *****-**77"}])
    );
    assert_eq!(ask_code(&w, MARIA, "whatsapp").await.status, StatusCode::OK);
    let (auth, body) = seen.lock().unwrap()[0].clone();
    assert_eq!(auth, "Bearer chave-do-provedor");
    assert_eq!(body["canal"], "whatsapp");
    assert_eq!(body["para"], "5581988887777");
    assert_eq!(body["validade_s"], 300);
    let code = body["codigo"].as_str().unwrap().to_string();
    assert!(body["mensagem"].as_str().unwrap().contains(&code));
    assert_eq!(try_code(&w, MARIA, &code).await.status, StatusCode::OK);
}

#[tokio::test]
async fn a_failing_sender_gives_a_clear_error_and_can_be_retried_at_once() {
    let (url, seen) = webhook(StatusCode::INTERNAL_SERVER_ERROR).await;
    let w = world_from("", CODE_FIRST, &webhook_tables(&url)).await;
    crate::common::verify_seeded_contacts(&w.state.store).await;
    for _ in 0..2 {
        let r = ask_code(&w, MARIA, "whatsapp").await;
        assert_eq!(r.status, StatusCode::BAD_GATEWAY);
        assert_eq!(r.json()["code"], "envio_falhou");
        assert_eq!(
            r.json()["message"],
            "Não conseguimos enviar o código por WhatsApp agora. Tente outro meio ou tente de novo em instantes."
        );
    }
    assert_eq!(
        seen.lock().unwrap().len(),
        2,
        "no cool-down after a failed delivery"
    );

    // Nothing listening at all: the same clear answer.
    let w = world_from("", CODE_FIRST, &webhook_tables("http://127.0.0.1:9/enviar")).await;
    crate::common::verify_seeded_contacts(&w.state.store).await;
    assert_eq!(
        ask_code(&w, MARIA, "whatsapp").await.json()["code"],
        "envio_falhou"
    );
}

/// A minimal SMTP server on loopback that keeps each message's envelope and data.
async fn smtp_server() -> (u16, Arc<Mutex<Vec<String>>>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let mail = Arc::new(Mutex::new(Vec::new()));
    let store = mail.clone();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let store = store.clone();
            tokio::spawn(async move {
                let (read, mut write) = stream.into_split();
                let mut lines = BufReader::new(read).lines();
                write.write_all(b"220 teste.local ESMTP\r\n").await.unwrap();
                let mut transcript = String::new();
                let mut in_data = false;
                while let Ok(Some(line)) = lines.next_line().await {
                    transcript.push_str(&line);
                    transcript.push('\n');
                    if in_data {
                        if line == "." {
                            in_data = false;
                            store.lock().unwrap().push(transcript.clone());
                            write.write_all(b"250 2.0.0 aceita\r\n").await.unwrap();
                        }
                        continue;
                    }
                    let verb = line.split(' ').next().unwrap_or("").to_ascii_uppercase();
                    let reply: &[u8] = match verb.as_str() {
                        "EHLO" | "HELO" => b"250-teste.local\r\n250 8BITMIME\r\n",
                        "DATA" => {
                            in_data = true;
                            b"354 pode enviar\r\n"
                        }
                        "QUIT" => {
                            let _ = write.write_all(b"221 tchau\r\n").await;
                            break;
                        }
                        _ => b"250 2.1.0 ok\r\n",
                    };
                    write.write_all(reply).await.unwrap();
                }
            });
        }
    });
    (port, mail)
}

#[tokio::test]
async fn a_real_smtp_exchange_delivers_the_code() {
    let (port, mail) = smtp_server().await;
    let tables = format!(
        "[code]\n[code.email]\nsender = \"smtp\"\nhost = \"127.0.0.1\"\nport = {port}\ntls = \"none\"\nfrom = \"Provedor Demo <nao-responda@provedor.example>\"\ntimeout_ms = 3000\n"
    );
    let w = world_from("", CODE_FIRST, &tables).await;
    crate::common::verify_seeded_contacts(&w.state.store).await;
    let r = ask_code(&w, MARIA, "email").await;
    r.assert_ok();
    let transcript = mail.lock().unwrap()[0].clone();
    assert!(
        transcript.contains("MAIL FROM:<nao-responda@provedor.example>"),
        "{transcript}"
    );
    assert!(
        transcript.contains("RCPT TO:<maria.silva@example.com>"),
        "{transcript}"
    );
    assert!(transcript.contains("Subject: "), "{transcript}");
    let (head, body) = transcript.split_once("\n\n").unwrap();
    let body = if head.contains("Content-Transfer-Encoding: base64") {
        use base64::Engine as _;
        let joined: String = body.lines().filter(|l| *l != ".").collect();
        String::from_utf8(
            base64::engine::general_purpose::STANDARD
                .decode(joined)
                .unwrap(),
        )
        .unwrap()
    } else {
        body.to_string()
    };
    assert!(body.contains("central do assinante"), "{body}");
    let code = code_in(&body);
    assert_eq!(try_code(&w, MARIA, &code).await.status, StatusCode::OK);
}
