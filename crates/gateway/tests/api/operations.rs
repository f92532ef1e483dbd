//! What an operator sees: `/metrics` counting a journey's requests, sign-ins, codes, ERP
//! calls and refused uploads, with no customer in any label; and the ERP breaker answering
//! at once while the ERP is down, then recovering by itself.

use std::sync::atomic::Ordering;
use std::time::Duration;

use axum::http::{Method, StatusCode};
use serde_json::json;

use crate::support::*;

const JOAO: &str = "111.444.777-35";
const MARIA: &str = "529.982.247-25";

/// The value of the sample `name{labels}` (labels in the exposition's order), or 0.
fn sample(text: &str, name_and_labels: &str) -> f64 {
    text.lines()
        .find_map(|l| l.strip_prefix(name_and_labels)?.trim().parse().ok())
        .unwrap_or(0.0)
}

/// The sum of every sample of `name` whose labels contain all of `having`.
fn total(text: &str, name: &str, having: &[&str]) -> f64 {
    text.lines()
        .filter(|l| l.starts_with(&format!("{name}{{")))
        .filter(|l| having.iter().all(|h| l.contains(h)))
        .filter_map(|l| l.rsplit(' ').next()?.parse::<f64>().ok())
        .sum()
}

async fn metrics(w: &World) -> String {
    let app = gateway::http::metrics_router(w.state.clone());
    let r = get(&app, "/metrics", None).await;
    assert_eq!(r.status, StatusCode::OK);
    String::from_utf8(r.body).unwrap()
}

#[tokio::test]
async fn metrics_count_a_journey_and_name_no_customer() {
    let (w, _dir, _) = outbox_world(&["email"], "").await;
    let post = |path: &'static str, body: serde_json::Value| {
        send(&w.app, Method::POST, path, None, &[], Some(body))
    };
    for _ in 0..2 {
        post(
            "/api/v1/sessao",
            json!({"document": JOAO, "factor": "01/01/1970"}),
        )
        .await;
    }
    let joao = sign_in(&w.app, JOAO, "02/11/1978").await;
    post(
        "/api/v1/sessao/codigo/envio",
        json!({"document": MARIA, "channel": "email"}),
    )
    .await
    .assert_ok();
    post(
        "/api/v1/sessao/codigo/envio",
        json!({"document": JOAO, "channel": "email"}),
    )
    .await
    .assert_ok();
    get(&w.app, "/api/v1/faturas", Some(&joao.0))
        .await
        .assert_ok();
    let ticket = |attachments: serde_json::Value| json!({"type_id": "T5", "department_id": "D1", "subject": "Teste", "message": "Anexos", "attachments": attachments});
    let polyglot = b64(&[&PNG[..], b"<script>alert(1)</script>"].concat());
    let refused = write(
        &w.app,
        Method::POST,
        "/api/v1/chamados",
        &joao,
        ticket(json!([{"name": "a.png", "content_base64": polyglot}])),
    )
    .await;
    assert_eq!(refused.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let six = (0..6)
        .map(|i| json!({"name": format!("{i}.png"), "content_base64": b64(&PNG)}))
        .collect::<Vec<_>>();
    let refused = write(
        &w.app,
        Method::POST,
        "/api/v1/chamados",
        &joao,
        ticket(json!(six)),
    )
    .await;
    assert_eq!(refused.status, StatusCode::PAYLOAD_TOO_LARGE);

    let text = metrics(&w).await;
    let sign_ins = |outcome: &str| {
        sample(
            &text,
            &format!("central_sign_ins_total{{factor=\"birth_date\",outcome=\"{outcome}\"}}"),
        )
    };
    assert_eq!((sign_ins("refused"), sign_ins("ok")), (2.0, 1.0), "{text}");
    assert_eq!(sample(&text, "central_sessions_started_total"), 1.0);
    assert_eq!(
        sample(
            &text,
            "central_codes_total{channel=\"email\",outcome=\"sent\"}"
        ),
        1.0
    );
    assert_eq!(
        sample(
            &text,
            "central_codes_total{channel=\"email\",outcome=\"made_up\"}"
        ),
        1.0
    );
    assert_eq!(
        sample(&text, "central_uploads_refused_total{reason=\"unsafe\"}"),
        1.0
    );
    assert_eq!(
        sample(&text, "central_uploads_refused_total{reason=\"too_many\"}"),
        1.0
    );
    assert_eq!(
        total(
            &text,
            "central_http_requests_total",
            &["route=\"/api/v1/sessao\"", "status=\"401\""]
        ),
        2.0
    );
    assert_eq!(
        total(
            &text,
            "central_http_requests_total",
            &["route=\"/api/v1/chamados\""]
        ),
        2.0
    );
    // Every call the demo ERP answered is counted once, by endpoint.
    let erp_seen = w.erp.seen.calls.load(Ordering::Relaxed) as f64;
    let counted = total(&text, "central_erp_calls_total", &[])
        - total(&text, "central_erp_calls_total", &["outcome=\"malformed\""]);
    assert_eq!(counted, erp_seen, "{text}");
    assert!(
        total(
            &text,
            "central_erp_calls_total",
            &["endpoint=\"1\"", "name=\"clientes\"", "outcome=\"ok\""]
        ) >= 3.0
    );
    assert!(text.contains("central_erp_call_duration_seconds_bucket{endpoint=\"2\""));

    // No label names a customer: no document, id, e-mail or number beyond a status code.
    for line in text.lines().filter(|l| !l.starts_with('#')) {
        let labels = line
            .split_once('{')
            .and_then(|(_, rest)| rest.rsplit_once('}'))
            .map_or("", |(l, _)| l);
        let long_number = labels
            .split(|c: char| !c.is_ascii_digit())
            .any(|run| run.len() >= 4);
        assert!(
            !long_number && !labels.contains('@'),
            "a label names something: {line}"
        );
    }
}

/// A gateway over `w`'s demo ERP whose breaker opens after 3 failures for 1 s, with João
/// signed in.
async fn quick_breaker(w: &World) -> (gateway::Shared, axum::Router, (String, String)) {
    let dist = w._dir.path().join("dist");
    let text = config_text(&w.erp_base, &dist, "").replace(
        "retries = 0",
        "retries = 0\nbreaker_failures = 3\nbreaker_open_s = 1",
    );
    let state = gateway::AppState::new(
        gateway::Config::parse(&text, |_| None).unwrap(),
        crate::common::memory_store().await,
    )
    .unwrap();
    let app = gateway::router(state.clone());
    let joao = sign_in(&app, JOAO, "02/11/1978").await;
    (state, app, joao)
}

/// With the background probe running, whether the invoices answer again within 4 s.
async fn recovers(state: &gateway::Shared, app: &axum::Router, cookie: &str) -> bool {
    let probe = tokio::spawn(gateway::probe_erp(state.clone()));
    let mut back = false;
    for _ in 0..40 {
        tokio::time::sleep(Duration::from_millis(100)).await;
        if get(app, "/api/v1/faturas", Some(cookie)).await.status == StatusCode::OK {
            back = true;
            break;
        }
    }
    probe.abort();
    back
}

#[tokio::test]
async fn the_breaker_answers_at_once_while_the_erp_is_down_and_recovers_by_itself() {
    let w = world_from("", "", "").await;
    let (state, app, joao) = quick_breaker(&w).await;

    w.erp.switches.failure_percent.store(100, Ordering::Relaxed);
    for _ in 0..3 {
        let r = get(&app, "/api/v1/faturas", Some(&joao.0)).await;
        assert_eq!(r.status, StatusCode::BAD_GATEWAY);
    }
    let calls = w.erp.seen.calls.load(Ordering::Relaxed);
    for _ in 0..5 {
        let r = get(&app, "/api/v1/faturas", Some(&joao.0)).await;
        assert_eq!(r.status, StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(r.json()["code"], "erp_fora_do_ar");
    }
    assert_eq!(
        w.erp.seen.calls.load(Ordering::Relaxed),
        calls,
        "while open, the ERP is not called at all"
    );
    let ready = get(&app, "/readyz", None).await;
    let failing = ready.json()["erp_falhando"].clone();
    assert!(
        failing
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["nome"] == "faturas" && f["respondendo_sem_chamar"] == true),
        "{failing}"
    );
    let text = gateway::http::metrics_router(state.clone());
    let m = String::from_utf8(get(&text, "/metrics", None).await.body).unwrap();
    assert_eq!(
        total(
            &m,
            "central_erp_calls_total",
            &["name=\"faturas\"", "outcome=\"breaker_open\""]
        ),
        5.0
    );
    assert!(
        m.contains("central_erp_endpoint_failing{endpoint=\"2\",name=\"faturas\"} 2"),
        "{m}"
    );

    // The ERP comes back; the background probe notices, and the next request goes through.
    w.erp.switches.failure_percent.store(0, Ordering::Relaxed);
    assert!(
        recovers(&state, &app, &joao.0).await,
        "the portal recovers by itself"
    );
    let ready = get(&app, "/readyz", None).await;
    assert_eq!(ready.status, StatusCode::OK);
    assert_eq!(ready.json()["erp_falhando"], json!([]));
}

/// The Grafana dashboard in `deploy/` reads only metrics the gateway exports.
#[tokio::test]
async fn the_dashboard_reads_only_metrics_the_gateway_exports() {
    let w = world().await;
    let exported = w.state.metrics.names();
    let dashboard: serde_json::Value =
        serde_json::from_str(include_str!("../../../../deploy/grafana.json")).unwrap();
    let panels = dashboard["panels"].as_array().unwrap();
    assert!(panels.len() >= 8);
    for panel in panels {
        let expr = panel["targets"][0]["expr"].as_str().unwrap();
        let names: Vec<&str> = expr
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .filter(|t| t.starts_with("central_"))
            .collect();
        assert!(!names.is_empty(), "{expr}");
        for name in names {
            let family = name.trim_end_matches("_bucket");
            assert!(
                exported.iter().any(|e| e == family),
                "{} reads {name}, which the gateway does not export",
                panel["title"]
            );
        }
    }
}

/// With the ERP process gone (connections refused), the breaker opens after its failures:
/// from then on no call is even attempted, until the ERP listens again.
#[tokio::test]
async fn a_stopped_erp_is_not_called_while_the_breaker_is_open() {
    let mut w = world_from("", "", "").await;
    let (state, app, joao) = quick_breaker(&w).await;
    let scrape = || state.metrics.render(state.erp.link());
    let outcome = |text: &str, outcome: &str| {
        total(
            text,
            "central_erp_calls_total",
            &["name=\"faturas\"", &format!("outcome=\"{outcome}\"")],
        )
    };

    w._task.abort();
    let _ = (&mut w._task).await;
    for _ in 0..3 {
        let r = get(&app, "/api/v1/faturas", Some(&joao.0)).await;
        assert_eq!(r.status, StatusCode::BAD_GATEWAY);
    }
    assert_eq!(outcome(&scrape(), "unreachable"), 3.0);
    for _ in 0..5 {
        let r = get(&app, "/api/v1/faturas", Some(&joao.0)).await;
        assert_eq!(r.json()["code"], "erp_fora_do_ar");
    }
    let text = scrape();
    assert_eq!(
        outcome(&text, "unreachable"),
        3.0,
        "no call attempted while open"
    );
    assert_eq!(outcome(&text, "breaker_open"), 5.0);

    // The ERP listens again on its address; the portal finds it by itself.
    let address = w.erp_base.trim_start_matches("http://").to_string();
    let listener = tokio::net::TcpListener::bind(&address).await.unwrap();
    let erp_app = demo_erp::app(w.erp.clone());
    let server = tokio::spawn(async move {
        let _ = axum::serve(listener, erp_app).await;
    });
    let back = recovers(&state, &app, &joao.0).await;
    server.abort();
    assert!(back, "the portal recovers when the ERP returns");
}
