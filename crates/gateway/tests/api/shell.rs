//! The portal as a whole: the SPA and its cache rules, security headers, the public
//! configuration and API description, the write checks, ERP failures and the logs.

use std::sync::atomic::Ordering;

use axum::http::{Method, StatusCode, header};
use gateway::{AppState, Config, router};
use serde_json::json;

use crate::support::*;

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
async fn erp_down_slow_or_malformed_is_a_clear_error_never_a_panic() {
    let w = world().await;
    let (cookie, _) = sign_in(&w.app, "529.982.247-25", "14/03/1985").await;

    w.erp.switches.latency_ms.store(2_000, Ordering::Relaxed);
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
        StatusCode::SERVICE_UNAVAILABLE
    );
    w.erp.switches.failure_percent.store(0, Ordering::Relaxed);

    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("index.html"), "<title>x</title>").unwrap();
    let config =
        Config::parse(&config_text("http://127.0.0.1:9", dir.path(), ""), |_| None).unwrap();
    let down = router(AppState::new(config, crate::common::memory_store().await).unwrap());
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
        // A development server on this machine, in front of a gateway on loopback.
        ("http://127.0.0.1:8081", StatusCode::OK),
        ("http://127.0.0.1.evil.example:8081", StatusCode::FORBIDDEN),
        // No origin at all: no browser writes like that.
        ("", StatusCode::FORBIDDEN),
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
async fn a_gateway_open_to_the_network_refuses_loopback_origins() {
    let w = world_with("listen = \"0.0.0.0:8080\"").await;
    let r = send(
        &w.app,
        Method::POST,
        "/api/v1/sessao",
        None,
        &[("origin", "http://127.0.0.1:8081")],
        Some(json!({"document": "529.982.247-25", "factor": "14/03/1985"})),
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_request_that_outlives_its_time_gets_a_clear_json_answer() {
    let w = world().await;
    let dist = w._dir.path().join("dist");
    let text = config_text(&w.erp_base, &dist, "")
        .replace("read_timeout_ms = 1500", "read_timeout_ms = 5000")
        + "\n[limits]\nrequest_timeout_s = 1\n";
    let app = router(
        AppState::new(
            Config::parse(&text, |_| None).unwrap(),
            crate::common::memory_store().await,
        )
        .unwrap(),
    );
    w.erp.switches.latency_ms.store(2_500, Ordering::Relaxed);
    let r = get(&app, "/api/v1/cadastro/planos", None).await;
    assert_eq!(r.status, StatusCode::REQUEST_TIMEOUT);
    assert_eq!(r.json()["code"], "tempo_esgotado");
}

#[tokio::test]
async fn only_the_routes_that_carry_files_take_large_bodies() {
    let w = world().await;
    let padding = "x".repeat(20 * 1024);
    let r = send(
        &w.app,
        Method::POST,
        "/api/v1/sessao",
        None,
        &[],
        Some(json!({"document": "529.982.247-25", "factor": "14/03/1985", "pad": padding})),
    )
    .await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(r.json()["code"], "muito_grande");
    // A sign-up with 20 KB of documents is read (and refused for its content, not its size).
    let r = send(
        &w.app,
        Method::POST,
        "/api/v1/cadastro/prospectos",
        None,
        &[],
        Some(json!({"plan_id": "", "documents": [{"name": "a.png", "content_base64": padding}]})),
    )
    .await;
    assert_ne!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
}

#[tokio::test]
async fn public_config_names_the_factors_and_limits() {
    let w = world().await;
    let c = get(&w.app, "/api/v1/config", None).await.json();
    assert_eq!(c["login_cpf"], json!(["birth_date"]));
    assert_eq!(c["login_cnpj"], json!(["cep"]));
    assert_eq!(c["attachments"]["max_count"], 5);
    assert!(c.get("token").is_none() && !c.to_string().contains(ERP_TOKEN));
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
    // The WebAuthn JSON the portal passes through is documented as an object.
    for (schema, field) in [
        ("PasskeyChallenge", "options"),
        ("PasskeyAnswer", "credential"),
        ("PasskeySignIn", "credential"),
    ] {
        assert_eq!(
            doc["components"]["schemas"][schema]["properties"][field]["type"], "object",
            "{schema}.{field}: {}",
            doc["components"]["schemas"][schema]
        );
    }

    // The routes the portal offers are all described (the table and the document come
    // from the same declarations; this pins the list so a route cannot vanish unnoticed).
    for (method, path) in [
        ("GET", "/config"),
        ("GET", "/openapi.json"),
        ("GET", "/sessao"),
        ("POST", "/sessao"),
        ("DELETE", "/sessao"),
        ("POST", "/sessao/codigo/destinos"),
        ("POST", "/sessao/codigo/envio"),
        ("POST", "/sessao/codigo"),
        ("GET", "/acessos"),
        ("DELETE", "/acessos"),
        ("DELETE", "/acessos/{id}"),
        ("GET", "/privacidade"),
        ("DELETE", "/privacidade"),
        ("GET", "/contratos"),
        ("GET", "/faturas"),
        ("GET", "/faturas/{id}"),
        ("GET", "/faturas/{id}/boleto.pdf"),
        ("GET", "/extrato"),
        ("GET", "/notas-fiscais"),
        ("GET", "/notas-fiscais/{id}/nota.pdf"),
        ("GET", "/quitacoes"),
        ("GET", "/quitacoes/{id}/declaracao.pdf"),
        ("GET", "/servicos"),
        ("GET", "/servicos/{id}/habilitacao"),
        ("POST", "/servicos/{id}/habilitacao"),
        ("GET", "/chamados/opcoes"),
        ("POST", "/chamados"),
        ("GET", "/perfil"),
        ("PUT", "/perfil"),
        ("GET", "/cadastro/planos"),
        ("GET", "/cadastro/cidades"),
        ("GET", "/cadastro/vencimentos"),
        ("GET", "/cadastro/origens"),
        ("GET", "/cadastro/revendedores"),
        ("POST", "/cadastro/prospectos"),
        ("POST", "/cadastro/leads"),
        ("GET", "/cadastro/acompanhamento/{token}"),
        ("GET", "/contatos"),
        ("POST", "/contatos"),
        ("POST", "/contatos/envio"),
        ("POST", "/contatos/confirmacao"),
        ("POST", "/contatos/confirmacao/codigo"),
        ("GET", "/chaves"),
        ("POST", "/chaves"),
        ("POST", "/chaves/inicio"),
        ("POST", "/chaves/confirmacao"),
        ("DELETE", "/chaves/{id}"),
        ("POST", "/sessao/chave/inicio"),
        ("POST", "/sessao/chave"),
    ] {
        let route = (method.to_string(), format!("/api/v1{path}"));
        assert!(
            documented.contains(&route),
            "{route:?} is not in openapi.json"
        );
    }
    assert_eq!(documented.len(), 50, "{documented:?}");

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
    let sink = capture_logs();

    let w = world().await;
    try_sign_in(&w.app, "529.982.247-25", "02/02/2002").await;
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
    assert!(logs.contains("***.***.247-**"), "{logs}");
    assert!(logs.contains("request_id"), "{logs}");
    for secret in [
        "52998224725",
        "529.982.247-25",
        "02/02/2002",
        "14/03/1985",
        ERP_TOKEN,
        secret(),
    ] {
        assert!(
            !logs.contains(secret),
            "{secret} leaked into the logs:\n{logs}"
        );
    }
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
