//! Signing in by document and factor: the cookie, one answer for every refusal, lockout,
//! and sessions that expire, are forged or missing.

use std::time::{Duration, Instant};

use axum::http::{Method, StatusCode, header};
use gateway::session::{Origin, Session};
use gateway::{AppState, Config, router};
use serde_json::json;

use crate::support::*;

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
    let app = router(
        AppState::new(
            Config::parse(&text, |_| None).unwrap(),
            crate::common::memory_store().await,
        )
        .unwrap(),
    );
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
async fn no_session_is_an_answer_on_the_session_route_and_a_dead_cookie_is_cleared() {
    let w = world().await;
    let none = get(&w.app, "/api/v1/sessao", None).await;
    assert_eq!(none.status, StatusCode::NO_CONTENT);
    assert!(none.header(header::SET_COOKIE).is_none());
    let forged = get(&w.app, "/api/v1/sessao", Some("lixo.lixo")).await;
    assert_eq!(forged.status, StatusCode::NO_CONTENT);
    assert!(
        forged
            .header(header::SET_COOKIE)
            .unwrap()
            .contains("Max-Age=0")
    );
}

#[tokio::test]
async fn expired_forged_or_missing_sessions_get_401() {
    let w = world().await;
    assert_eq!(
        get(&w.app, "/api/v1/faturas", None).await.status,
        StatusCode::UNAUTHORIZED
    );
    let sessions = &w.state.sessions;
    let origin = Origin::default();
    let now = gateway::session::now();
    let base = Session {
        customer_id: "1001".into(),
        document: "52998224725".into(),
        issued_at: now - 3600,
        seen_at: now - 31 * 60,
        csrf: "x".into(),
        name: String::new(),
        contract_id: String::new(),
        inactive: false,
        proven_at: 0,
    };
    let (idle, _) = sessions.start(base.clone(), &origin).await.unwrap();
    let r = get(&w.app, "/api/v1/faturas", Some(&idle)).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert_eq!(r.json()["code"], "sessao_expirada");
    let (old, _) = sessions
        .start(
            Session {
                issued_at: now - 13 * 3600,
                seen_at: now,
                ..base.clone()
            },
            &origin,
        )
        .await
        .unwrap();
    assert_eq!(
        get(&w.app, "/api/v1/faturas", Some(&old)).await.status,
        StatusCode::UNAUTHORIZED
    );
    let (fresh, opened) = sessions
        .start(
            Session {
                issued_at: now,
                seen_at: now,
                ..base.clone()
            },
            &origin,
        )
        .await
        .unwrap();
    let r = get(&w.app, "/api/v1/faturas", Some(&fresh)).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        r.header(header::SET_COOKIE).is_none(),
        "the cookie never changes: the session's use is kept server-side"
    );
    // A session idle for 20 minutes is moved on by the next call, so idle expiry restarts.
    let (resting, resting_opened) = sessions
        .start(
            Session {
                issued_at: now - 1800,
                seen_at: now - 20 * 60,
                ..base
            },
            &origin,
        )
        .await
        .unwrap();
    assert_eq!(
        get(&w.app, "/api/v1/faturas", Some(&resting)).await.status,
        StatusCode::OK
    );
    let row = w
        .state
        .store
        .session(&resting_opened.key, i64::try_from(now).unwrap())
        .await
        .unwrap()
        .unwrap();
    assert!(
        row.seen_at >= i64::try_from(now).unwrap()
            && row.created_at == i64::try_from(now - 1800).unwrap()
    );
    // Ended in the store, the cookie opens nothing.
    assert!(sessions.end(&opened.key).await.unwrap());
    assert_eq!(
        get(&w.app, "/api/v1/faturas", Some(&fresh)).await.status,
        StatusCode::UNAUTHORIZED
    );
    for forged in [
        "",
        "abc.def",
        &"A".repeat(43),
        &format!("{}.{}", "a".repeat(40), "b".repeat(20)),
    ] {
        assert_eq!(
            get(&w.app, "/api/v1/faturas", Some(forged)).await.status,
            StatusCode::UNAUTHORIZED,
            "{forged}"
        );
    }
}

/// A wrong sign-in for `document`, arriving from `peer` through a proxy that forwards
/// `forwarded`.
async fn wrong_from(w: &World, document: &str, peer: &str, forwarded: &str) -> StatusCode {
    use axum::body::Body;
    use axum::extract::ConnectInfo;
    use tower::ServiceExt;
    let mut request = axum::http::Request::builder()
        .method(Method::POST)
        .uri("/api/v1/sessao")
        .header(header::HOST, "portal.test")
        .header(header::ORIGIN, "http://portal.test")
        .header(header::CONTENT_TYPE, "application/json")
        .header("x-forwarded-for", forwarded)
        .body(Body::from(
            json!({"document": document, "factor": "01/01/1900"}).to_string(),
        ))
        .unwrap();
    let peer: std::net::SocketAddr = peer.parse().unwrap();
    request.extensions_mut().insert(ConnectInfo(peer));
    w.app.clone().oneshot(request).await.unwrap().status()
}

#[tokio::test]
async fn a_spoofed_forwarded_for_does_not_escape_the_address_limit() {
    let w = world_from(
        "trust_forwarded_for = true\ntrusted_proxies = [\"127.0.0.1\"]",
        "max_failures_per_ip = 2",
        "",
    )
    .await;
    let documents = ["529.982.247-25", "111.444.777-35", "123.456.789-09"];
    // The attacker writes a new first hop each time; the proxy appends the real address.
    for (i, document) in documents.iter().take(2).enumerate() {
        let spoof = format!("6.6.6.{i}, 200.1.2.3");
        assert_eq!(
            wrong_from(&w, document, "127.0.0.1:5000", &spoof).await,
            StatusCode::UNAUTHORIZED
        );
    }
    assert_eq!(
        wrong_from(&w, documents[2], "127.0.0.1:5000", "7.7.7.7, 200.1.2.3").await,
        StatusCode::TOO_MANY_REQUESTS,
        "counted by the real address, not the forged hop"
    );
    assert_eq!(
        wrong_from(&w, documents[2], "127.0.0.1:5000", "200.1.2.4").await,
        StatusCode::UNAUTHORIZED,
        "another customer behind the same proxy is not locked out"
    );
    // A peer that is not a trusted proxy is itself the client.
    assert_eq!(
        wrong_from(&w, documents[2], "200.1.2.3:5000", "9.9.9.9").await,
        StatusCode::TOO_MANY_REQUESTS
    );
}

#[tokio::test]
async fn ipv6_addresses_of_one_line_share_the_address_limit() {
    let w = world_from("", "max_failures_per_ip = 2", "").await;
    for (document, peer) in [
        ("529.982.247-25", "[2001:db8:1:2::10]:5000"),
        ("111.444.777-35", "[2001:db8:1:2::11]:5000"),
    ] {
        assert_eq!(
            wrong_from(&w, document, peer, "").await,
            StatusCode::UNAUTHORIZED
        );
    }
    assert_eq!(
        wrong_from(&w, "123.456.789-09", "[2001:db8:1:2:ffff::1]:5000", "").await,
        StatusCode::TOO_MANY_REQUESTS,
        "the same /64"
    );
    assert_eq!(
        wrong_from(&w, "123.456.789-09", "[2001:db8:1:3::1]:5000", "").await,
        StatusCode::UNAUTHORIZED,
        "another /64"
    );
}
