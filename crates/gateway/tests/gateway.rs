//! The gateway in-process against a live demo ERP on a loopback port: serving the SPA,
//! sign-in, lockout, customer scoping, documents, ERP failures, CSRF and session expiry.

use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use axum::{
    Router,
    http::{Method, StatusCode, header},
};
use brazil::{CpfOuCnpj, Date};
use erp::{ErpClient, ErpConfig};
use gateway::session::{Session, Sessions};
use gateway::{AppState, Config, router};
use serde_json::{Value, json};

mod support;
use support::*;

#[tokio::test]
async fn client_routes_get_the_spa_hashed_assets_are_immutable_and_unknown_api_is_json_404() {
    let w = world().await;
    for path in ["/", "/faturas/123", "/entrar"] {
        let r = get(&w.app, path, None).await;
        assert_eq!(r.status, StatusCode::OK, "{path}");
        assert!(String::from_utf8_lossy(&r.body).contains("<title>Central</title>"));
        assert_eq!(r.header(header::CACHE_CONTROL), Some("no-cache"));
    }
    let r = get(&w.app, "/central-0123456789abcdef_bg.wasm", None).await;
    assert_eq!(
        r.header(header::CACHE_CONTROL),
        Some("public, max-age=31536000, immutable")
    );
    for path in ["/api/v1/nada", "/api/v2/faturas", "/api"] {
        let r = get(&w.app, path, None).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(r.json()["code"], "nao_encontrado");
    }
    assert_eq!(get(&w.app, "/healthz", None).await.status, StatusCode::OK);
    assert_eq!(get(&w.app, "/readyz", None).await.status, StatusCode::OK);
}

#[tokio::test]
async fn security_headers_allow_only_self_wasm_and_the_embed_list() {
    let w = world().await;
    let r = get(&w.app, "/", None).await;
    let csp = r.header(header::CONTENT_SECURITY_POLICY).unwrap();
    assert!(csp.contains("default-src 'self'"));
    assert!(csp.contains("'wasm-unsafe-eval'"));
    assert!(
        csp.contains("'sha256-"),
        "the inline loader script is allowed by its hash: {csp}"
    );
    assert!(csp.contains("frame-ancestors 'self' https://www.provedor.example"));
    assert!(!csp.contains("unsafe-inline"));
    assert_eq!(r.header(header::X_CONTENT_TYPE_OPTIONS), Some("nosniff"));
    assert!(r.header(header::REFERRER_POLICY).is_some());
    assert_eq!(
        r.header(header::STRICT_TRANSPORT_SECURITY),
        None,
        "no HSTS without TLS"
    );
    let tls = world_with("behind_tls = true").await;
    assert!(
        get(&tls.app, "/", None)
            .await
            .header(header::STRICT_TRANSPORT_SECURITY)
            .is_some()
    );
}

#[tokio::test]
async fn sign_in_sets_a_safe_cookie_and_shows_the_customer() {
    let w = world().await;
    let r = send(
        &w.app,
        Method::POST,
        "/api/v1/sessao",
        None,
        &[],
        Some(json!({"document": "529.982.247-25", "factor": "14/03/1985"})),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    let cookie = r.header(header::SET_COOKIE).unwrap();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && cookie.contains("Path=/"),
        "{cookie}"
    );
    assert!(!cookie.contains("Secure"), "plain HTTP on loopback");
    let body = r.json();
    assert_eq!(body["customer"]["name"], "Maria Aparecida da Silva");
    assert_eq!(body["customer"]["document_masked"], "***.982.247-**");
    assert_eq!(body["customer"]["contracts"].as_array().unwrap().len(), 1);
    // The open invoices come along, so the first screen needs no second round trip.
    let maria = sign_in(&w.app, "529.982.247-25", "14/03/1985").await;
    let listed = get(&w.app, "/api/v1/faturas", Some(&maria.0)).await.json();
    assert_eq!(body["invoices"], listed);
    assert_eq!(listed.as_array().unwrap().len(), 2);
    // Companies sign in with the CEP, typed with or without the dash.
    let (cookie, _) = sign_in(&w.app, "11.222.333/0001-81", "50010-230").await;
    let me = get(&w.app, "/api/v1/sessao", Some(&cookie)).await;
    assert_eq!(me.json()["customer"]["company"], true);
    // Alphanumeric CNPJ in lower case.
    sign_in(&w.app, "12.abc.345/01de-35", "50030230").await;
    // Birth date typed in other forms.
    sign_in(&w.app, "52998224725", "14031985").await;
    sign_in(&w.app, "529.982.247-25", "1985-03-14").await;
}

#[tokio::test]
async fn embedded_portals_get_a_partitioned_cross_site_cookie() {
    let w = world().await;
    let dist = w._dir.path().join("dist");
    let text = config_text(&w.erp_base, &dist, "").replace(
        "idle_minutes = 30",
        "idle_minutes = 30\nsame_site = \"none-partitioned\"",
    );
    let app = router(AppState::new(Config::parse(&text, |_| None).unwrap()).unwrap());
    let r = send(
        &app,
        Method::POST,
        "/api/v1/sessao",
        None,
        &[],
        Some(json!({"document": "529.982.247-25", "factor": "14/03/1985"})),
    )
    .await;
    let cookie = r.header(header::SET_COOKIE).unwrap();
    assert!(
        cookie.contains("SameSite=None; Secure; Partitioned"),
        "{cookie}"
    );
}

#[tokio::test]
async fn wrong_factor_and_unknown_document_get_the_same_answer_and_timing_class() {
    let w = world().await;
    let attempt = |document: &'static str, factor: &'static str| {
        let app = w.app.clone();
        async move {
            let started = Instant::now();
            let r = send(
                &app,
                Method::POST,
                "/api/v1/sessao",
                None,
                &[],
                Some(json!({"document": document, "factor": factor})),
            )
            .await;
            (r.status, r.body, started.elapsed())
        }
    };
    let (s1, b1, t1) = attempt("529.982.247-25", "01/01/2000").await;
    let (s2, b2, t2) = attempt("868.263.820-75", "01/01/2000").await;
    let (s3, b3, t3) = attempt("11.444.777/0001-61", "00000-000").await;
    assert_eq!(s1, StatusCode::UNAUTHORIZED);
    assert_eq!((s1, &b1), (s2, &b2));
    assert_eq!((s1, &b1), (s3, &b3));
    for t in [t1, t2, t3] {
        assert!(t >= Duration::from_millis(FLOOR_MS), "{t:?}");
        assert!(t < Duration::from_millis(FLOOR_MS + 200), "{t:?}");
    }
    assert!(
        !String::from_utf8_lossy(&b1).contains("529"),
        "the answer does not echo the document"
    );
}

#[tokio::test]
async fn repeated_failures_lock_the_document_with_retry_after() {
    let w = world().await;
    for _ in 0..3 {
        let r = send(
            &w.app,
            Method::POST,
            "/api/v1/sessao",
            None,
            &[],
            Some(json!({"document": "123.456.789-09", "factor": "01/01/1990"})),
        )
        .await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    }
    // Even the right factor is refused until the window passes.
    let r = send(
        &w.app,
        Method::POST,
        "/api/v1/sessao",
        None,
        &[],
        Some(json!({"document": "123.456.789-09", "factor": "25/07/1992"})),
    )
    .await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    let wait: u64 = r.header(header::RETRY_AFTER).unwrap().parse().unwrap();
    assert!(wait > 0 && wait <= 900);
    assert_eq!(r.json()["code"], "muitas_tentativas");
    // Another customer is not affected.
    sign_in(&w.app, "529.982.247-25", "14/03/1985").await;
}

#[tokio::test]
async fn a_customer_never_reaches_another_customers_ids() {
    let w = world().await;
    let (cookie, _) = sign_in(&w.app, "529.982.247-25", "14/03/1985").await;
    // Customer B's ids, read straight from the ERP.
    let erp = ErpClient::new(ErpConfig::new(&w.erp_base, ERP_TOKEN)).unwrap();
    let b = CpfOuCnpj::parse("111.444.777-35").unwrap();
    let invoices = erp.open_invoices(&b, None).await.unwrap();
    let notas = erp.notas_fiscais(&b, "1002").await.unwrap();
    let quitacoes = erp.quitacoes(&b, "1002").await.unwrap();
    let contracts = erp.contracts(&b).await.unwrap();
    assert!(
        !invoices.is_empty() && !notas.is_empty() && !quitacoes.is_empty() && !contracts.is_empty()
    );
    let mut paths = Vec::new();
    for i in &invoices {
        paths.push(format!("/api/v1/faturas/{}", i.id.text()));
        paths.push(format!("/api/v1/faturas/{}/boleto.pdf", i.id.text()));
    }
    for n in notas.iter().take(5) {
        paths.push(format!("/api/v1/notas-fiscais/{}/nota.pdf", n.id.text()));
    }
    for q in &quitacoes {
        paths.push(format!("/api/v1/quitacoes/{}/declaracao.pdf", q.id.text()));
    }
    for c in &contracts {
        paths.push(format!("/api/v1/faturas?contrato={}", c.id.text()));
    }
    for path in &paths {
        let r = get(&w.app, path, Some(&cookie)).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{path}");
    }
    // Her own lists never contain B's ids.
    let mine = get(&w.app, "/api/v1/faturas", Some(&cookie)).await.json();
    for i in mine.as_array().unwrap() {
        assert!(
            invoices
                .iter()
                .all(|b| b.id.text() != i["id"].as_str().unwrap())
        );
    }
}

#[tokio::test]
async fn own_documents_are_streamed_as_pdfs() {
    let w = world().await;
    let (cookie, _) = sign_in(&w.app, "529.982.247-25", "14/03/1985").await;
    let invoices = get(&w.app, "/api/v1/faturas", Some(&cookie)).await.json();
    let first = &invoices[0];
    assert_eq!(first["has_pdf"], true);
    assert!(
        first.get("boleto_url").is_none(),
        "ERP file URLs never leave the gateway"
    );
    let id = first["id"].as_str().unwrap();
    let pdf = get(
        &w.app,
        &format!("/api/v1/faturas/{id}/boleto.pdf"),
        Some(&cookie),
    )
    .await;
    assert_eq!(pdf.status, StatusCode::OK);
    assert_eq!(pdf.header(header::CONTENT_TYPE), Some("application/pdf"));
    assert!(pdf.body.starts_with(b"%PDF-"));
    let notas = get(&w.app, "/api/v1/notas-fiscais", Some(&cookie))
        .await
        .json();
    let nota = notas[0]["id"].as_str().unwrap();
    assert!(
        get(
            &w.app,
            &format!("/api/v1/notas-fiscais/{nota}/nota.pdf"),
            Some(&cookie)
        )
        .await
        .body
        .starts_with(b"%PDF-")
    );
    let quitacoes = get(&w.app, "/api/v1/quitacoes", Some(&cookie)).await.json();
    let q = quitacoes[0]["id"].as_str().unwrap();
    assert!(
        get(
            &w.app,
            &format!("/api/v1/quitacoes/{q}/declaracao.pdf"),
            Some(&cookie)
        )
        .await
        .body
        .starts_with(b"%PDF-")
    );
    let statement = get(&w.app, "/api/v1/extrato", Some(&cookie)).await.json();
    assert!(statement.as_array().unwrap().len() >= 36);
    let services = get(&w.app, "/api/v1/servicos", Some(&cookie)).await.json();
    assert_eq!(services[0]["suspended"], false);
    let (ana, _) = sign_in(&w.app, "123.456.789-09", "25/07/1992").await;
    let services = get(&w.app, "/api/v1/servicos", Some(&ana)).await.json();
    assert_eq!(services[0]["suspended"], true);
    let overdue = get(&w.app, "/api/v1/faturas", Some(&ana)).await.json();
    assert!(
        overdue
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["overdue"] == true)
    );
}

#[tokio::test]
async fn erp_down_slow_or_malformed_is_a_clear_error_never_a_panic() {
    let w = world().await;
    let (cookie, _) = sign_in(&w.app, "529.982.247-25", "14/03/1985").await;

    w.erp.switches.latency_ms.store(1_000, Ordering::Relaxed);
    let slow = get(&w.app, "/api/v1/faturas", Some(&cookie)).await;
    assert_eq!(slow.status, StatusCode::GATEWAY_TIMEOUT);
    assert_eq!(slow.json()["code"], "erp_lento");
    w.erp.switches.latency_ms.store(0, Ordering::Relaxed);

    w.erp.switches.malformed.store(true, Ordering::Relaxed);
    let malformed = get(&w.app, "/api/v1/faturas", Some(&cookie)).await;
    assert_eq!(malformed.status, StatusCode::BAD_GATEWAY);
    assert!(
        malformed.json()["message"]
            .as_str()
            .unwrap()
            .contains("indisponível")
    );
    w.erp.switches.malformed.store(false, Ordering::Relaxed);

    w.erp.switches.failure_percent.store(100, Ordering::Relaxed);
    assert_eq!(
        get(&w.app, "/api/v1/faturas", Some(&cookie)).await.status,
        StatusCode::BAD_GATEWAY
    );
    assert_eq!(
        get(&w.app, "/readyz", None).await.status,
        StatusCode::BAD_GATEWAY
    );
    w.erp.switches.failure_percent.store(0, Ordering::Relaxed);

    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("index.html"), "<title>x</title>").unwrap();
    let config =
        Config::parse(&config_text("http://127.0.0.1:9", dir.path(), ""), |_| None).unwrap();
    let down = router(AppState::new(config).unwrap());
    let r = send(
        &down,
        Method::POST,
        "/api/v1/sessao",
        None,
        &[],
        Some(json!({"document": "529.982.247-25", "factor": "14/03/1985"})),
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_GATEWAY);
    assert_eq!(r.json()["code"], "erp_indisponivel");
}

#[tokio::test]
async fn writes_need_the_csrf_token_and_our_origin() {
    let w = world().await;
    let (cookie, csrf) = sign_in(&w.app, "529.982.247-25", "14/03/1985").await;
    let no_token = send(
        &w.app,
        Method::DELETE,
        "/api/v1/sessao",
        Some(&cookie),
        &[],
        None,
    )
    .await;
    assert_eq!(no_token.status, StatusCode::FORBIDDEN);
    let wrong = send(
        &w.app,
        Method::DELETE,
        "/api/v1/sessao",
        Some(&cookie),
        &[("x-csrf-token", "outro")],
        None,
    )
    .await;
    assert_eq!(wrong.status, StatusCode::FORBIDDEN);
    let ok = send(
        &w.app,
        Method::DELETE,
        "/api/v1/sessao",
        Some(&cookie),
        &[("x-csrf-token", &csrf)],
        None,
    )
    .await;
    assert_eq!(ok.status, StatusCode::NO_CONTENT);
    assert!(ok.header(header::SET_COOKIE).unwrap().contains("Max-Age=0"));

    for (origin, expected) in [
        ("https://evil.example", StatusCode::FORBIDDEN),
        ("http://portal.test", StatusCode::OK),
        ("https://www.provedor.example", StatusCode::OK),
    ] {
        let body = json!({"document": "529.982.247-25", "factor": "14/03/1985"});
        let r = send(
            &w.app,
            Method::POST,
            "/api/v1/sessao",
            None,
            &[("origin", origin)],
            Some(body),
        )
        .await;
        assert_eq!(r.status, expected, "{origin}");
    }
}

#[tokio::test]
async fn expired_forged_or_missing_sessions_get_401() {
    let w = world().await;
    assert_eq!(
        get(&w.app, "/api/v1/faturas", None).await.status,
        StatusCode::UNAUTHORIZED
    );
    let sessions = Sessions::new(SECRET, 30 * 60, 12 * 3600).unwrap();
    let now = gateway::session::now();
    let idle = Session {
        customer_id: "1001".into(),
        document: "52998224725".into(),
        issued_at: now - 3600,
        seen_at: now - 31 * 60,
        csrf: "x".into(),
        name: String::new(),
    };
    let r = get(&w.app, "/api/v1/faturas", Some(&sessions.seal(&idle))).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert_eq!(r.json()["code"], "sessao_expirada");
    let old = Session {
        issued_at: now - 13 * 3600,
        seen_at: now,
        ..idle.clone()
    };
    assert_eq!(
        get(&w.app, "/api/v1/faturas", Some(&sessions.seal(&old)))
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    let fresh = Session {
        issued_at: now,
        seen_at: now,
        ..idle.clone()
    };
    let r = get(&w.app, "/api/v1/faturas", Some(&sessions.seal(&fresh))).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        r.header(header::SET_COOKIE).is_none(),
        "a cookie seen less than a minute ago is not re-signed"
    );
    // A session idle for 20 minutes is renewed by the next call, so idle expiry restarts.
    let resting = Session {
        issued_at: now - 1800,
        seen_at: now - 20 * 60,
        ..idle
    };
    let r = get(&w.app, "/api/v1/faturas", Some(&sessions.seal(&resting))).await;
    let renewed = r.header(header::SET_COOKIE).unwrap();
    let value = renewed
        .split(';')
        .next()
        .unwrap()
        .split_once('=')
        .unwrap()
        .1;
    let session = sessions.open(value, now).unwrap();
    assert!(session.seen_at >= now && session.issued_at == now - 1800);
    let forger = Sessions::new(&"z".repeat(40), 1800, 43200).unwrap();
    assert_eq!(
        get(
            &w.app,
            "/api/v1/faturas",
            Some(&forger.seal(&Session {
                customer_id: "1002".into(),
                document: "11144477735".into(),
                issued_at: now,
                seen_at: now,
                csrf: "x".into(),
                name: String::new(),
            }))
        )
        .await
        .status,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn public_config_names_the_factors_and_limits() {
    let w = world().await;
    let c = get(&w.app, "/api/v1/config", None).await.json();
    assert_eq!(c["login_cpf"], json!(["birth_date"]));
    assert_eq!(c["login_cnpj"], json!(["cep"]));
    assert_eq!(c["max_attachments"], 5);
    assert!(c.get("token").is_none() && !c.to_string().contains(ERP_TOKEN));
}

fn b64(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR-test-image";
const PDF: &[u8] = b"%PDF-1.4\n% test document\n";

async fn write(
    app: &Router,
    method: Method,
    path: &str,
    session: &(String, String),
    body: Value,
) -> Reply {
    send(
        app,
        method,
        path,
        Some(&session.0),
        &[("x-csrf-token", &session.1)],
        Some(body),
    )
    .await
}

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

#[tokio::test]
async fn a_ticket_with_a_png_and_a_pdf_reaches_the_erp_byte_for_byte() {
    let w = world().await;
    let maria = sign_in(&w.app, "529.982.247-25", "14/03/1985").await;
    let options = get(&w.app, "/api/v1/chamados/opcoes", Some(&maria.0))
        .await
        .json();
    assert_eq!(options["services"][0]["id"], "S10011");
    assert!(options["types"].as_array().unwrap().len() >= 5);
    let r = write(&w.app, Method::POST, "/api/v1/chamados", &maria, json!({
        "service_id": "S10011", "type_id": "T2", "department_id": "D1",
        "subject": "Internet lenta", "message": "À noite a velocidade cai pela metade.",
        "attachments": [
            {"name": "C:\\fotos\\roteador.png", "content_base64": b64(PNG)},
            {"name": "../../conta.pdf", "content_base64": format!("data:application/pdf;base64,{}", b64(PDF))}
        ]
    })).await;
    r.assert_ok();
    let protocol = r.json()["protocol"].as_str().unwrap().to_string();
    let stored = w.erp.files("ticket", &protocol).unwrap();
    assert_eq!(
        stored,
        vec![
            ("roteador.png".to_string(), PNG.to_vec()),
            ("conta.pdf".to_string(), PDF.to_vec())
        ]
    );
}

#[tokio::test]
async fn every_upload_rule_is_enforced_with_a_message_naming_the_file() {
    let w = world_with("").await;
    let maria = sign_in(&w.app, "529.982.247-25", "14/03/1985").await;
    let ticket = |attachments: Value| json!({"type_id": "T5", "department_id": "D1", "subject": "Teste", "message": "Anexos", "attachments": attachments});
    let cases = [
        (
            json!([{"name": "script.png", "content_base64": b64(b"MZ\x90\0not an image")}]),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "script.png",
        ),
        (
            json!([{"name": "imensa.png", "content_base64": b64(&[PNG, &vec![0u8; 5 * 1024 * 1024]].concat())}]),
            StatusCode::PAYLOAD_TOO_LARGE,
            "imensa.png",
        ),
        (
            json!(
                (0..6)
                    .map(|i| json!({"name": format!("f{i}.png"), "content_base64": b64(PNG)}))
                    .collect::<Vec<_>>()
            ),
            StatusCode::PAYLOAD_TOO_LARGE,
            "no máximo 5",
        ),
        (
            json!([{"name": "quebrado.pdf", "content_base64": "%%% não é base64"}]),
            StatusCode::UNPROCESSABLE_ENTITY,
            "quebrado.pdf",
        ),
        (
            json!([{"name": "../", "content_base64": b64(PNG)}]),
            StatusCode::UNPROCESSABLE_ENTITY,
            "nome",
        ),
    ];
    for (attachments, status, needle) in cases {
        let r = write(
            &w.app,
            Method::POST,
            "/api/v1/chamados",
            &maria,
            ticket(attachments),
        )
        .await;
        assert_eq!(r.status, status, "{}", String::from_utf8_lossy(&r.body));
        let body = r.json();
        assert_eq!(body["code"], "anexo_recusado");
        assert!(body["message"].as_str().unwrap().contains(needle), "{body}");
    }
    // A path in the name is reduced to the base name (checked in the ticket test above), and
    // a total over the limit is refused too.
    let big = vec![0u8; 4 * 1024 * 1024];
    let four = (0..4).map(|i| json!({"name": format!("parte{i}.png"), "content_base64": b64(&[PNG, &big].concat())})).collect::<Vec<_>>();
    let r = write(
        &w.app,
        Method::POST,
        "/api/v1/chamados",
        &maria,
        ticket(json!(four)),
    )
    .await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(r.json()["message"].as_str().unwrap().contains("parte3.png"));
    // A request far over every limit gets the JSON error shape too.
    let flood = (0..5).map(|i| json!({"name": format!("p{i}.png"), "content_base64": b64(&[PNG, &vec![0u8; 5_000_000]].concat())})).collect::<Vec<_>>();
    let r = write(
        &w.app,
        Method::POST,
        "/api/v1/chamados",
        &maria,
        ticket(json!(flood)),
    )
    .await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(r.json()["code"], "muito_grande");
    let r = send(
        &w.app,
        Method::POST,
        "/api/v1/sessao",
        None,
        &[],
        Some(json!({"documento": "x"})),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.json()["code"], "dados_invalidos");
}

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

fn prospect(document: &str, documents: Value) -> Value {
    json!({
        "plan_id": "P2", "name": "Cliente Novo da Silva", "document": document, "birth_date": "10/10/1990",
        "email": "novo@example.com", "mobile": "(81) 98765-4321", "whatsapp": null,
        "installation": {"cep": "53020-140", "street": "Avenida Olinda", "number": "10", "district": "Varadouro", "city": "Olinda", "state": "PE"},
        "billing": null, "due_day_id": "V10", "origin_id": "O2", "reseller_id": null,
        "documents": documents,
        "idempotency_key": null
    })
}

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
                {"name": "rg.jpg", "content_base64": b64(b"\xFF\xD8\xFF\xE0jpeg")},
                {"name": "comprovante.pdf", "content_base64": b64(PDF)}
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
async fn the_openapi_document_covers_every_route() {
    let w = world().await;
    let doc = get(&w.app, "/api/v1/openapi.json", None).await.json();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3.1"));
    let documented: Vec<(String, String)> = doc["paths"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(path, item)| {
            item.as_object()
                .unwrap()
                .keys()
                .map(move |m| (m.to_uppercase(), path.clone()))
        })
        .collect();
    assert!(
        doc["components"]["schemas"]["Invoice"]["properties"]["linha_digitavel"].is_object(),
        "schemas come from the api types"
    );

    // Every route the router declares is documented (read from the route table's source).
    let source = include_str!("../src/app.rs");
    let table = &source[source.find("pub fn api_routes").unwrap()..];
    let table = &table[..table.find("\n}\n").unwrap()];
    let mut declared = Vec::new();
    for chunk in table.split(".route(").skip(1) {
        let (path, rest) = chunk
            .trim_start()
            .strip_prefix('"')
            .unwrap()
            .split_once('"')
            .unwrap();
        for (needle, method) in [
            ("get(", "GET"),
            ("post(", "POST"),
            ("put(", "PUT"),
            ("delete(", "DELETE"),
        ] {
            if rest.contains(needle) {
                declared.push((method.to_string(), format!("/api/v1{path}")));
            }
        }
    }
    assert!(declared.len() >= 28, "{declared:?}");
    for route in &declared {
        assert!(
            documented.contains(route),
            "{route:?} is served but not in openapi.json"
        );
    }

    // And every documented route is served (not the API's catch-all 404, not 405).
    let session = sign_in(&w.app, "529.982.247-25", "14/03/1985").await;
    for (method, path) in &documented {
        let concrete = path.replace("{id}", "x").replace("{token}", "x");
        let method: Method = method.parse().unwrap();
        let body = (method != Method::GET).then(|| json!({}));
        let r = send(
            &w.app,
            method.clone(),
            &concrete,
            Some(&session.0),
            &[("x-csrf-token", &session.1)],
            body,
        )
        .await;
        assert_ne!(r.status, StatusCode::METHOD_NOT_ALLOWED, "{method} {path}");
        if r.status == StatusCode::NOT_FOUND {
            assert_ne!(
                r.json()["message"],
                "Este endereço da API não existe.",
                "{method} {path} is documented but not served"
            );
        }
    }
}

#[tokio::test]
async fn logs_mask_documents_and_never_carry_factors_or_the_token() {
    let (sink, _guard) = capture_logs();

    let w = world().await;
    send(
        &w.app,
        Method::POST,
        "/api/v1/sessao",
        None,
        &[],
        Some(json!({"document": "529.982.247-25", "factor": "02/02/2002"})),
    )
    .await;
    let maria = sign_in(&w.app, "529.982.247-25", "14/03/1985").await;
    get(&w.app, "/api/v1/faturas", Some(&maria.0)).await;
    w.erp.switches.failure_percent.store(100, Ordering::Relaxed);
    get(&w.app, "/api/v1/faturas", Some(&maria.0)).await;
    let r = get(&w.app, "/api/v1/faturas", Some(&maria.0)).await;
    assert!(
        r.header(header::HeaderName::from_static("x-request-id"))
            .is_some(),
        "every answer carries its request id"
    );

    let logs = sink.text();
    assert!(logs.contains("***.982.247-**"), "{logs}");
    assert!(logs.contains("request_id"), "{logs}");
    for secret in [
        "52998224725",
        "529.982.247-25",
        "02/02/2002",
        "14/03/1985",
        ERP_TOKEN,
        SECRET,
    ] {
        assert!(
            !logs.contains(secret),
            "{secret} leaked into the logs:\n{logs}"
        );
    }
}

#[tokio::test]
async fn one_invoice_comes_with_its_boleto_and_pix_decoded() {
    let w = world().await;
    let maria = sign_in(&w.app, "529.982.247-25", "14/03/1985").await;
    let list = get(&w.app, "/api/v1/faturas", Some(&maria.0)).await.json();
    let id = list[0]["id"].as_str().unwrap();
    let detail = get(&w.app, &format!("/api/v1/faturas/{id}"), Some(&maria.0))
        .await
        .json();
    assert_eq!(
        detail["warnings"],
        json!([]),
        "the demo's codes agree with its invoices"
    );
    assert_eq!(detail["boleto"]["bank"], "001");
    assert_eq!(
        detail["boleto"]["amount_cents"],
        detail["invoice"]["original_cents"]
    );
    assert_eq!(detail["boleto"]["due_on"], detail["invoice"]["due_on"]);
    assert_eq!(detail["boleto"]["barcode"].as_str().unwrap().len(), 44);
    assert_eq!(detail["pix"]["payee"], "PROVEDOR DEMO");
    assert_eq!(
        detail["pix"]["amount_cents"],
        detail["invoice"]["current_cents"]
    );
}

#[test]
fn codes_that_fail_or_disagree_are_warned_about() {
    use brazil::Centavos;
    use erp::Parsed;
    let today = Date::from_calendar_date(2026, time::Month::November, 28).unwrap();
    let invoice = erp::types::Invoice {
        id: Parsed::Ok("1".into()),
        // The vector's linha: R$ 149,90 due 2026-03-10.
        linha_digitavel: Parsed::Ok("00190500954014481606906809350314613810000014990".into()),
        original_amount: Parsed::Ok(Centavos(15_990)),
        current_amount: Parsed::Ok(Centavos(15_990)),
        due_on: Parsed::Ok(Date::from_calendar_date(2026, time::Month::March, 11).unwrap()),
        pix_code: Parsed::Ok("00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3E".into()),
        ..Default::default()
    };
    let detail = gateway::app::invoice_detail(&invoice, today);
    assert_eq!(detail.warnings.len(), 3, "{:?}", detail.warnings);
    assert!(detail.warnings[0].contains("R$ 149,90") && detail.warnings[0].contains("R$ 159,90"));
    assert!(detail.warnings[1].contains("10/03/2026") && detail.warnings[1].contains("11/03/2026"));
    assert!(detail.warnings[2].contains("Pix") && detail.warnings[2].contains("CRC"));
    assert!(detail.boleto.is_some() && detail.pix.is_none());
}

#[tokio::test]
async fn a_configured_coverage_list_refuses_prospects_elsewhere() {
    let w = world().await;
    let dist = w._dir.path().join("dist");
    let text = format!(
        "{}\n[signup]\nserved_cities = [\"Recife\"]\nchoose_origin = true\n",
        config_text(&w.erp_base, &dist, "")
    );
    let app = router(AppState::new(Config::parse(&text, |_| None).unwrap()).unwrap());
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

#[tokio::test]
async fn the_manifest_names_the_isp_and_the_worker_precaches_the_current_build() {
    let w = world_with("").await;
    let m = get(&w.app, "/manifest.webmanifest", None).await;
    assert_eq!(m.status, StatusCode::OK);
    assert_eq!(
        m.header(header::CONTENT_TYPE),
        Some("application/manifest+json")
    );
    let manifest = m.json();
    assert_eq!(manifest["display"], "standalone");
    assert_eq!(manifest["start_url"], "/");
    assert_eq!(manifest["short_name"], "Provedor Demo");
    assert_eq!(manifest["theme_color"], "#0b5fff");
    let sizes: Vec<&str> = manifest["icons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["sizes"].as_str().unwrap())
        .collect();
    assert!(sizes.contains(&"192x192") && sizes.contains(&"512x512"));

    let sw = get(&w.app, "/sw.js", None).await;
    assert_eq!(sw.status, StatusCode::OK);
    assert!(
        sw.header(header::CONTENT_TYPE)
            .unwrap()
            .starts_with("text/javascript")
    );
    assert_eq!(sw.header(header::CACHE_CONTROL), Some("no-cache"));
    let source = String::from_utf8(sw.body.clone()).unwrap();
    assert!(
        source.contains("\"/central-0123456789abcdef_bg.wasm\""),
        "{source}"
    );
    assert!(source.contains("\"/index.html\""));
    assert!(!source.contains("__ARQUIVOS__"));
}
