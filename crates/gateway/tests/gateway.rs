//! The gateway in-process against a live demo ERP on a loopback port: serving the SPA,
//! sign-in, lockout, customer scoping, documents, ERP failures, CSRF and session expiry.

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use axum::{
    Router,
    body::Body,
    http::{HeaderMap, Method, Request, StatusCode, header},
};
use brazil::CpfOuCnpj;
use demo_erp::{DemoErp, Options};
use erp::{ErpClient, ErpConfig};
use gateway::session::{COOKIE, Session, Sessions};
use gateway::{AppState, Config, router};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use tower::ServiceExt;

const SECRET: &str = "segredo-de-sessao-com-mais-de-32-caracteres";
const ERP_TOKEN: &str = "token-do-erp";
const FLOOR_MS: u64 = 250;

struct World {
    _dir: tempfile::TempDir,
    erp: Arc<DemoErp>,
    erp_base: String,
    app: Router,
    _task: tokio::task::JoinHandle<()>,
}

fn config_text(erp_base: &str, dist: &std::path::Path, extra: &str) -> String {
    format!(
        r#"
        {extra}
        dist = "{}"
        [erp]
        base_url = "{erp_base}"
        token = "{ERP_TOKEN}"
        read_timeout_ms = 400
        retries = 0
        [session]
        secret = "{SECRET}"
        idle_minutes = 30
        [login]
        max_failures_per_document = 3
        failure_floor_ms = {FLOOR_MS}
        [embed]
        origins = ["https://www.provedor.example"]
        "#,
        dist.display()
    )
}

async fn world_with(extra: &str) -> World {
    let dir = tempfile::tempdir().unwrap();
    let dist = dir.path().join("dist");
    std::fs::create_dir_all(&dist).unwrap();
    std::fs::write(
        dist.join("index.html"),
        "<!doctype html><title>Central</title><script type=\"module\">import init from '/central.js';</script>",
    )
    .unwrap();
    std::fs::write(dist.join("central-0123456789abcdef_bg.wasm"), b"\0asm").unwrap();
    std::fs::write(dist.join("favicon.svg"), "<svg/>").unwrap();
    let erp = DemoErp::open(&Options {
        database: dir.path().join("erp.sqlite"),
        token: ERP_TOKEN.into(),
        seed: 1,
        today: time::OffsetDateTime::now_utc().date(),
    })
    .unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let erp_base = format!("http://{}", listener.local_addr().unwrap());
    let erp_app = demo_erp::app(erp.clone());
    let task = tokio::spawn(async move {
        let _ = axum::serve(listener, erp_app).await;
    });
    let config = Config::parse(&config_text(&erp_base, &dist, extra), |_| None).unwrap();
    let app = router(AppState::new(config).unwrap());
    World {
        _dir: dir,
        erp,
        erp_base,
        app,
        _task: task,
    }
}

async fn world() -> World {
    world_with("").await
}

struct Reply {
    status: StatusCode,
    headers: HeaderMap,
    body: Vec<u8>,
}

impl Reply {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|_| panic!("not JSON: {}", String::from_utf8_lossy(&self.body)))
    }
    fn header(&self, name: header::HeaderName) -> Option<&str> {
        self.headers.get(name).map(|v| v.to_str().unwrap())
    }
}

async fn send(
    app: &Router,
    method: Method,
    path: &str,
    cookie: Option<&str>,
    headers: &[(&str, &str)],
    body: Option<Value>,
) -> Reply {
    let mut request = Request::builder()
        .method(method)
        .uri(path)
        .header(header::HOST, "portal.test");
    if let Some(c) = cookie {
        request = request.header(header::COOKIE, format!("{COOKIE}={c}"));
    }
    for (k, v) in headers {
        request = request.header(*k, *v);
    }
    let request = match body {
        Some(b) => request
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(b.to_string())),
        None => request.body(Body::empty()),
    }
    .unwrap();
    let response = app.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let body = response
        .into_body()
        .collect()
        .await
        .unwrap()
        .to_bytes()
        .to_vec();
    Reply {
        status,
        headers,
        body,
    }
}

async fn get(app: &Router, path: &str, cookie: Option<&str>) -> Reply {
    send(app, Method::GET, path, cookie, &[], None).await
}

/// Signs in and returns (cookie value, CSRF token).
async fn sign_in(app: &Router, document: &str, factor: &str) -> (String, String) {
    let reply = send(
        app,
        Method::POST,
        "/api/v1/sessao",
        None,
        &[],
        Some(json!({"document": document, "factor": factor})),
    )
    .await;
    assert_eq!(
        reply.status,
        StatusCode::OK,
        "{}",
        String::from_utf8_lossy(&reply.body)
    );
    let cookie = reply.header(header::SET_COOKIE).unwrap();
    let value = cookie
        .split(';')
        .next()
        .unwrap()
        .strip_prefix(&format!("{COOKIE}="))
        .unwrap()
        .to_string();
    (
        value,
        reply.json()["csrf_token"].as_str().unwrap().to_string(),
    )
}

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

    let foreign = send(
        &w.app,
        Method::POST,
        "/api/v1/sessao",
        None,
        &[("origin", "https://evil.example")],
        Some(json!({"document": "529.982.247-25", "factor": "14/03/1985"})),
    )
    .await;
    assert_eq!(foreign.status, StatusCode::FORBIDDEN);
    let ours = send(
        &w.app,
        Method::POST,
        "/api/v1/sessao",
        None,
        &[("origin", "http://portal.test")],
        Some(json!({"document": "529.982.247-25", "factor": "14/03/1985"})),
    )
    .await;
    assert_eq!(ours.status, StatusCode::OK);
    let embedder = send(
        &w.app,
        Method::POST,
        "/api/v1/sessao",
        None,
        &[("origin", "https://www.provedor.example")],
        Some(json!({"document": "529.982.247-25", "factor": "14/03/1985"})),
    )
    .await;
    assert_eq!(embedder.status, StatusCode::OK);
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
        ..idle
    };
    assert_eq!(
        get(&w.app, "/api/v1/faturas", Some(&sessions.seal(&fresh)))
            .await
            .status,
        StatusCode::OK
    );
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
                csrf: "x".into()
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
    assert_eq!(c["factor_cpf"], "birth_date");
    assert_eq!(c["factor_cnpj"], "cep");
    assert_eq!(c["max_attachments"], 5);
    assert!(c.get("token").is_none() && !c.to_string().contains(ERP_TOKEN));
}
