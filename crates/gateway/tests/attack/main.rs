//! The attack suite: the gateway and the demo ERP on loopback ports, attacked over HTTP the
//! way an attacker starts — forged sessions, telling customers from strangers, locking
//! people out, dodging the limits, other customers' ids, hostile bodies and files, an ERP
//! that lies — each check printing one line, numbered by the hardening finding it covers.
//! It fails on any leak; `make test` runs it with its lines shown.

#[path = "../common/mod.rs"]
mod common;
mod rig;

use std::sync::atomic::Ordering;
use std::time::Duration;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use brazil::CpfOuCnpj;
use erp::{ErpClient, ErpConfig};
use gateway::config::Secret;
use gateway::keys::Keys;
use gateway::session::{Session, Sessions};
use hmac::{Hmac, Mac};
use rig::{Report, Rig, Setup, median, shape};
use serde_json::{Value, json};
use sha2::Sha256;

const MARIA: &str = "529.982.247-25";
const JOAO: &str = "111.444.777-35";
const JOAO_BIRTH: &str = "02/11/1978";
const NOBODY: &str = "987.654.321-00";
const TRIES: usize = 30;

/// Limits high enough that the enumeration and IDOR rounds never hit them; the limits
/// themselves are attacked on gateways of their own.
const ROOMY: Setup = Setup {
    top: "trust_forwarded_for = true\ntrusted_proxies = [\"127.0.0.1\"]",
    login: "max_failures_per_document = 10000\nmax_failures_per_ip = 10000\nmax_lookups_per_ip = 10000",
    code: "resend_after_s = 0\nsends_per_hour = 10000\nsends_per_hour_per_ip = 10000\nsends_per_hour_total = 100000",
    limits: "request_timeout_s = 2",
    erp: None,
};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn attack_suite() {
    let logs = rig::capture_logs();
    let mut report = Report::default();
    let main = Rig::start(&ROOMY).await;

    forged_sessions(&mut report, &main).await;
    enumeration(&mut report, &main).await;
    forwarding(&mut report).await;
    lockout(&mut report).await;
    bodies_and_time(&mut report, &main).await;
    weak_factor(&mut report, &main).await;
    let maria = main.sign_in_by_code(MARIA).await;
    idor(&mut report, &main, &maria).await;
    absurd_ids(&mut report, &main, &maria).await;
    uploads(&mut report, &main, &maria).await;
    rogue_erp(&mut report).await;
    smaller(&mut report, &main, &maria).await;

    let health = main.call("GET", "/healthz", &[], None).await;
    report.check(
        0,
        "/healthz after the attacks",
        health.status == 200,
        health.status,
    );
    let refused_writes = report.refused_writes;
    report.check(
        0,
        "no refused request wrote to the ERP",
        refused_writes == 0,
        format!("{refused_writes} writes"),
    );
    the_log(&mut report, &logs.text(), &main);
    report.finish();
}

/// [1] The birth date of a customer who confirmed a contact, which anyone may know, opens
/// nothing.
async fn weak_factor(report: &mut Report, rig: &Rig) {
    let hit = rig
        .call(
            "POST",
            "/api/v1/sessao",
            &[("x-forwarded-for", "198.51.100.31")],
            Some(json!({"document": MARIA, "factor": "14/03/1985"})),
        )
        .await;
    report.check(
        1,
        "the right birth date of a customer with a confirmed contact is refused",
        hit.status == 401 && !hit.headers.contains_key("set-cookie"),
        hit.status,
    );
}

/// [1] A session from the published example secret, another key, or tampering.
async fn forged_sessions(report: &mut Report, rig: &Rig) {
    let example = include_str!("../../../../central.example.toml");
    let old = "troque-este-segredo-por-32-ou-mais-caracteres";
    let refused = gateway::Config::parse(example, |k| {
        (k == "CENTRAL_SESSION_SECRET").then(|| old.to_string())
    });
    report.check(
        1,
        "start-up with the example's old secret is refused",
        refused
            .as_ref()
            .is_err_and(|e| e.0.contains("session.secret")),
        refused.err().map(|e| e.0).unwrap_or_default(),
    );
    let now = gateway::session::now();
    let session = Session {
        customer_id: "1001".into(),
        document: "52998224725".into(),
        issued_at: now,
        seen_at: now,
        csrf: "x".into(),
        name: "Maria".into(),
        contract_id: String::new(),
        inactive: false,
        proven_at: 0,
    };
    // The cookie of old, signed by the example secret: the session itself in the cookie,
    // HMAC of the payload with the bare secret.
    let payload = URL_SAFE_NO_PAD.encode(serde_json::to_vec(&session).unwrap());
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(old.as_bytes()).unwrap();
    mac.update(payload.as_bytes());
    let old_cookie = format!(
        "{payload}.{}",
        URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
    );
    let origin = gateway::session::Origin::default();
    // A session written to the same store by a gateway with another secret.
    let stranger = Sessions::new(
        &Keys::derive(&Secret::generate().unwrap()),
        1800,
        43200,
        rig.store.clone(),
    )
    .unwrap();
    let (other_key, _) = stranger.start(session.clone(), &origin).await.unwrap();
    let right = Sessions::new(&rig.keys(), 1800, 43200, rig.store.clone()).unwrap();
    let (genuine, _) = right.start(session.clone(), &origin).await.unwrap();
    // The genuine id with one character changed.
    let mut tampered = genuine.clone().into_bytes();
    tampered[0] = if tampered[0] == b'A' { b'B' } else { b'A' };
    let tampered = String::from_utf8(tampered).unwrap();
    let mut stale = session.clone();
    stale.issued_at = now - 13 * 3600;
    stale.seen_at = now - 13 * 3600;
    let (expired, _) = right.start(stale, &origin).await.unwrap();
    let tracking_as_cookie = right.sign("1001", now);
    for (what, cookie) in [
        (
            "of old signed with the example's secret",
            old_cookie.as_str(),
        ),
        ("opened by a gateway with another secret", &other_key),
        ("a genuine id changed by one character", &tampered),
        ("expired", &expired),
        ("a tracking link used as a cookie", &tracking_as_cookie),
        ("garbage", "abc.def"),
    ] {
        let hit = rig.get_as("/api/v1/faturas", cookie).await;
        report.check(1, &format!("cookie {what}"), hit.status == 401, hit.status);
    }
    let hit = rig.get_as("/api/v1/faturas", &genuine).await;
    report.check(
        1,
        "a session the gateway opened itself works (the forgeries above fail for their id alone)",
        hit.status == 200,
        hit.status,
    );
    // The cookie a real sign-in sets says nothing of the customer.
    let joao = rig.sign_in_by_factor(JOAO, JOAO_BIRTH).await;
    let bare: String = JOAO.chars().filter(char::is_ascii_digit).collect();
    let decoded = URL_SAFE_NO_PAD.decode(&joao.cookie).unwrap_or_default();
    let readable = format!("{}{}", joao.cookie, String::from_utf8_lossy(&decoded));
    report.check(
        1,
        "the session cookie is 32 random bytes: no document, name or ERP id",
        !["João", "Joao", &bare].iter().any(|s| readable.contains(s)) && decoded.len() == 32,
        &joao.cookie,
    );
    // Signing out ends the session for a copy of the cookie too.
    let copy = joao.cookie.clone();
    let out = rig
        .write_as(&joao, "DELETE", "/api/v1/sessao", json!({}))
        .await;
    let after = rig.get_as("/api/v1/faturas", &copy).await;
    report.check(
        1,
        "a copied cookie opens nothing after its owner signs out",
        out.status == 204 && after.status == 401,
        format!("{} then {}", out.status, after.status),
    );
}

/// [2] A customer with contacts, one without and a stranger, through every sign-in route.
async fn enumeration(report: &mut Report, rig: &Rig) {
    type Body = fn(&str) -> Value;
    let routes: [(&str, Body); 4] = [
        ("/api/v1/sessao/codigo/destinos", |d| json!({"document": d})),
        (
            "/api/v1/sessao/codigo/envio",
            |d| json!({"document": d, "channel": "email"}),
        ),
        (
            "/api/v1/sessao/codigo",
            |d| json!({"document": d, "code": "000000"}),
        ),
        (
            "/api/v1/sessao",
            |d| json!({"document": d, "factor": "01/01/1970"}),
        ),
    ];
    let people = [
        ("with contacts", MARIA),
        ("without", JOAO),
        ("stranger", NOBODY),
    ];
    for (path, body) in routes {
        let mut answers = Vec::new();
        let mut times = vec![Vec::new(); people.len()];
        for _ in 0..TRIES {
            for (i, (_, document)) in people.iter().enumerate() {
                let hit = rig.call("POST", path, &[], Some(body(document))).await;
                times[i].push(hit.ms);
                answers.push((i, hit.status, shape(&hit.body), hit.header_names()));
            }
        }
        let first = &answers[0];
        let odd = answers
            .iter()
            .find(|a| (a.1, &a.2, &a.3) != (first.1, &first.2, &first.3));
        report.check(
            2,
            &format!("{path}: status, body shape and headers alike ({TRIES} × 3)"),
            odd.is_none(),
            match odd {
                None => format!("{} {}", first.1, String::from_utf8_lossy(&first.2)),
                Some(a) => format!(
                    "{} answered {} {} where {} answered {} {}",
                    people[a.0].0,
                    a.1,
                    String::from_utf8_lossy(&a.2),
                    people[0].0,
                    first.1,
                    String::from_utf8_lossy(&first.2)
                ),
            },
        );
        let medians: Vec<f64> = times.iter().map(|t| median(t)).collect();
        let (low, high) = medians
            .iter()
            .fold((f64::MAX, 0.0f64), |(l, h), m| (l.min(*m), h.max(*m)));
        let tolerance = (high * 0.2).max(20.0);
        report.check(
            2,
            &format!("{path}: timing alike"),
            high - low <= tolerance,
            format!(
                "medians {:.1} / {:.1} / {:.1} ms (spread {:.1} ≤ {tolerance:.1})",
                medians[0],
                medians[1],
                medians[2],
                high - low
            ),
        );
    }
    // A channel without a sender is refused alike for everybody.
    let statuses: Vec<u16> = {
        let mut out = Vec::new();
        for (_, document) in people {
            let hit = rig
                .call(
                    "POST",
                    "/api/v1/sessao/codigo/envio",
                    &[],
                    Some(json!({"document": document, "channel": "sms"})),
                )
                .await;
            out.push(hit.status);
        }
        out
    };
    report.check(
        2,
        "a channel nobody can use is refused alike",
        statuses.iter().all(|s| *s == statuses[0]) && statuses[0] == 422,
        format!("{statuses:?}"),
    );
}

/// [3] A forged first `X-Forwarded-For` hop does not escape the address limit.
async fn forwarding(report: &mut Report) {
    let rig = Rig::start(&Setup {
        login: "max_failures_per_ip = 3\nmax_failures_per_document = 1000",
        ..ROOMY
    })
    .await;
    for i in 0..3 {
        rig.wrong_factor(JOAO, &format!("6.6.6.{i}, 198.51.100.7"))
            .await;
    }
    let hit = rig.wrong_factor(JOAO, "7.7.7.7, 198.51.100.7").await;
    report.check(
        3,
        "rotating the forged first hop still meets the address limit",
        hit.status == 429,
        hit.status,
    );
    let hit = rig.wrong_factor(JOAO, "198.51.100.8").await;
    report.check(
        3,
        "another client behind the same proxy is not locked",
        hit.status == 401,
        hit.status,
    );
}

/// [4] Lockout as a weapon, a botnet spreading guesses, IPv6 and the send limits.
async fn lockout(report: &mut Report) {
    let rig = Rig::start(&Setup {
        login: "max_failures_per_document = 3\nmax_failures_per_ip = 3",
        ..ROOMY
    })
    .await;
    for i in 0..3 {
        rig.wrong_factor(JOAO, &format!("203.0.113.{i}")).await;
    }
    let hit = rig
        .call(
            "POST",
            "/api/v1/sessao",
            &[("x-forwarded-for", "203.0.113.50")],
            Some(json!({"document": JOAO, "factor": JOAO_BIRTH})),
        )
        .await;
    report.check(
        4,
        "guesses spread over three addresses lock the document's birth date",
        hit.status == 429 && hit.json()["code"] == "fator_bloqueado",
        format!("{} {}", hit.status, hit.json()["code"]),
    );
    for i in 0..3 {
        rig.wrong_factor(MARIA, &format!("203.0.113.{}", 100 + i))
            .await;
    }
    let hit = rig.sign_in_by_code_from(MARIA, "198.51.100.20").await;
    report.check(
        4,
        "a stranger who locked Maria's birth date does not keep her out: the code signs her in",
        hit.status == 200,
        hit.status,
    );
    for i in 1..=3 {
        rig.wrong_factor(&rig::cpf(800_000_000 + i), &format!("2001:db8:5:5::{i}"))
            .await;
    }
    let hit = rig.wrong_factor(NOBODY, "2001:db8:5:5::99").await;
    report.check(
        4,
        "new IPv6 addresses in the same /64 meet the address limit",
        hit.status == 429,
        hit.status,
    );
    let hit = rig.wrong_factor(NOBODY, "2001:db8:5:6::1").await;
    report.check(
        4,
        "another /64 is not locked",
        hit.status == 401,
        hit.status,
    );

    let rig = Rig::start(&Setup {
        code: "resend_after_s = 0\nsends_per_hour_per_ip = 2\nsends_per_hour_total = 4",
        ..ROOMY
    })
    .await;
    let strangers: Vec<String> = (0..5).map(|i| rig::cpf(700_100_200 + i)).collect();
    let send = |document: &str, from: &'static str| {
        let body = json!({"document": document, "channel": "email"});
        let rig = &rig;
        async move {
            rig.call(
                "POST",
                "/api/v1/sessao/codigo/envio",
                &[("x-forwarded-for", from)],
                Some(body),
            )
            .await
        }
    };
    let a = [
        send(&strangers[0], "198.51.100.1").await.status,
        send(&strangers[1], "198.51.100.1").await.status,
        send(&strangers[2], "198.51.100.1").await.status,
    ];
    report.check(
        4,
        "codes sent to many documents from one address stop at its limit",
        a == [200, 200, 429],
        format!("{a:?}"),
    );
    let b = [
        send(&strangers[3], "198.51.100.2").await.status,
        send(&strangers[4], "198.51.100.3").await.status,
        send(&strangers[2], "198.51.100.4").await.status,
    ];
    report.check(
        4,
        "a botnet meets the ceiling on codes sent in all",
        b == [200, 200, 429],
        format!("{b:?}"),
    );
}

/// [5] Big, deep and slow: bodies past their room, a nested flood, an ERP that stalls, and
/// the sign-up counter before any ERP call.
async fn bodies_and_time(report: &mut Report, rig: &Rig) {
    let big = format!("{{\"document\": \"{}\"}}", "1".repeat(1024 * 1024));
    let hit = rig.raw("POST", "/api/v1/sessao", big.into_bytes()).await;
    report.check(
        5,
        "1 MB to a sign-in route",
        hit.status == 413 && hit.json()["code"].is_string(),
        hit.status,
    );
    let hit = rig
        .raw("POST", "/api/v1/cadastro/leads", vec![b' '; 20 * 1024])
        .await;
    report.check(
        5,
        "20 KB to an unauthenticated route",
        hit.status == 413,
        hit.status,
    );
    let hit = rig
        .raw("POST", "/api/v1/sessao", b"{\"document\": ".to_vec())
        .await;
    report.check(
        5,
        "a body that is not JSON",
        hit.status == 400 && hit.json()["code"].is_string(),
        hit.status,
    );
    let deep = "[".repeat(15_000);
    let hit = rig.raw("POST", "/api/v1/sessao", deep.into_bytes()).await;
    report.check(
        5,
        "15,000 nested brackets",
        (400..500).contains(&hit.status) && hit.json()["code"].is_string(),
        hit.status,
    );
    rig.erp.switches.latency_ms.store(3_000, Ordering::Relaxed);
    let hit = rig.call("GET", "/api/v1/cadastro/planos", &[], None).await;
    rig.erp.switches.latency_ms.store(0, Ordering::Relaxed);
    report.check(
        5,
        "an ERP that stalls past the request time",
        hit.status == 408 && hit.ms < 2_900.0,
        format!("{} after {:.0} ms", hit.status, hit.ms),
    );

    let limited = Rig::start(&Setup {
        limits: "signups_per_hour = 2",
        ..ROOMY
    })
    .await;
    let mut form = rig::prospect("868.263.820-75");
    form["plan_id"] = json!("nao-existe");
    for _ in 0..2 {
        limited
            .call(
                "POST",
                "/api/v1/cadastro/prospectos",
                &[],
                Some(form.clone()),
            )
            .await;
    }
    let before = limited.erp.seen.calls.load(Ordering::Relaxed);
    let hit = limited
        .call("POST", "/api/v1/cadastro/prospectos", &[], Some(form))
        .await;
    let calls = limited.erp.seen.calls.load(Ordering::Relaxed) - before;
    report.check(
        5,
        "a sign-up past the limit is refused before any ERP call",
        hit.status == 429 && calls == 0,
        format!("{} with {calls} ERP calls", hit.status),
    );
}

/// Another customer's ids on every route that takes one.
async fn idor(report: &mut Report, rig: &Rig, maria: &rig::Signed) {
    let erp = ErpClient::new(ErpConfig::new(&rig.erp_base, rig::ERP_TOKEN)).unwrap();
    let joao = CpfOuCnpj::parse(JOAO).unwrap();
    let mut paths = Vec::new();
    for i in erp.open_invoices(&joao, None).await.unwrap() {
        paths.push(format!("/api/v1/faturas/{}", i.id.text()));
        paths.push(format!("/api/v1/faturas/{}/boleto.pdf", i.id.text()));
    }
    for n in erp
        .notas_fiscais(&joao, "1002")
        .await
        .unwrap()
        .iter()
        .take(3)
    {
        paths.push(format!("/api/v1/notas-fiscais/{}/nota.pdf", n.id.text()));
    }
    for q in erp.quitacoes(&joao, "1002").await.unwrap() {
        paths.push(format!("/api/v1/quitacoes/{}/declaracao.pdf", q.id.text()));
    }
    for c in erp.contracts(&joao).await.unwrap() {
        paths.push(format!("/api/v1/faturas?contrato={}", c.id.text()));
    }
    let services = erp.services(&joao, "1002").await.unwrap();
    for s in &services {
        paths.push(format!("/api/v1/servicos/{}/habilitacao", s.id.text()));
    }
    let mut leaks = Vec::new();
    for path in &paths {
        let hit = rig.get_as(path, &maria.cookie).await;
        if hit.status != 404 {
            leaks.push(format!("{path} {}", hit.status));
        }
    }
    report.check(
        0,
        &format!(
            "IDOR: {} of João's ids read with Maria's session",
            paths.len()
        ),
        leaks.is_empty() && !paths.is_empty(),
        if leaks.is_empty() {
            "all 404".to_string()
        } else {
            leaks.join(", ")
        },
    );
    for s in &services {
        let hit = report
            .refused(rig, || async move {
                let path = format!("/api/v1/servicos/{}/habilitacao", s.id.text());
                rig.write_as(maria, "POST", &path, json!({})).await
            })
            .await;
        report.check(
            0,
            "IDOR: unlock João's service",
            hit.status == 404,
            hit.status,
        );
    }
    if let Some(s) = services.first() {
        let hit = report
            .refused(rig, || {
                rig.write_as(maria, "POST", "/api/v1/chamados", json!({
                    "service_id": s.id.text(), "type_id": "T2", "department_id": "D1",
                    "subject": "Teste", "message": "Chamado no serviço de outra pessoa", "attachments": []
                }))
            })
            .await;
        report.check(
            0,
            "IDOR: a ticket on João's service",
            (400..500).contains(&hit.status),
            hit.status,
        );
    }
}

/// Ids no ERP has: paths out, encoded dots, huge, negative, injected.
async fn absurd_ids(report: &mut Report, rig: &Rig, maria: &rig::Signed) {
    let ids = [
        "..%2F..%2Fclientes".to_string(),
        "%2e%2e".to_string(),
        "..".to_string(),
        "9".repeat(10_000),
        "-1".to_string(),
        "0".to_string(),
        "1%20OR%201%3D1".to_string(),
        "%00".to_string(),
        "%F0%9F%92%A3".to_string(),
    ];
    let templates = [
        "/api/v1/faturas/{}",
        "/api/v1/faturas/{}/boleto.pdf",
        "/api/v1/notas-fiscais/{}/nota.pdf",
        "/api/v1/quitacoes/{}/declaracao.pdf",
        "/api/v1/servicos/{}/habilitacao",
    ];
    let mut odd = Vec::new();
    let mut count = 0;
    for template in templates {
        for id in &ids {
            let path = template.replace("{}", id);
            let hit = rig.get_as(&path, &maria.cookie).await;
            count += 1;
            if !(hit.status == 400 || hit.status == 404 || hit.status == 414 || hit.status == 431) {
                odd.push(format!("{} {}", &path[..path.len().min(60)], hit.status));
            }
        }
    }
    report.check(
        0,
        &format!("absurd ids: {count} requests answered 400/404"),
        odd.is_empty(),
        odd.join(", "),
    );
}

/// [6] Files that lie: polyglots, renamed types, too big, too many, bad base64, bidi names.
async fn uploads(report: &mut Report, rig: &Rig, maria: &rig::Signed) {
    let png = rig::png(64);
    let pdf = pdfdoc::Document {
        title: "Comprovante",
        lines: vec!["Rua das Flores, 10".into()],
    }
    .render();
    let svg_pdf = [
        b"%PDF-1.4\n<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>\n".as_slice(),
        &pdf[9..],
    ]
    .concat();
    let gif_js = b"GIF89a/*\x00\x00\x00\x00\x00*/=1;alert(document.domain);//\x3B".to_vec();
    let b64 = |bytes: &[u8]| base64::engine::general_purpose::STANDARD.encode(bytes);
    let cases: Vec<(&str, Value, u16)> = vec![
        (
            "PNG followed by HTML",
            json!([{"name": "foto.png", "content_base64": b64(&[png.as_slice(), b"<html><script>alert(1)</script>"].concat())}]),
            415,
        ),
        (
            "%PDF- that is an SVG",
            json!([{"name": "conta.pdf", "content_base64": b64(&svg_pdf)}]),
            415,
        ),
        (
            "GIF that is a script",
            json!([{"name": "anima.gif", "content_base64": b64(&gif_js)}]),
            415,
        ),
        (
            "a program renamed .png",
            json!([{"name": "foto.png", "content_base64": b64(b"MZ\x90\x00\x03\x00\x00\x00programa")}]),
            415,
        ),
        (
            "6 MB",
            json!([{"name": "grande.png", "content_base64": b64(&rig::png(1450))}]),
            413,
        ),
        (
            "six files",
            json!(
                (0..6)
                    .map(|i| json!({"name": format!("f{i}.png"), "content_base64": b64(&png)}))
                    .collect::<Vec<_>>()
            ),
            413,
        ),
        (
            "bad base64",
            json!([{"name": "foto.png", "content_base64": "não é base64!"}]),
            422,
        ),
    ];
    for (what, attachments, expected) in cases {
        let hit = report
            .refused(rig, || {
                rig.write_as(maria, "POST", "/api/v1/chamados", rig::ticket(attachments))
            })
            .await;
        report.check(
            6,
            &format!("upload: {what}"),
            hit.status == expected,
            hit.status,
        );
    }
    let hit = report
        .refused(rig, || {
            rig.write_as(maria, "POST", "/api/v1/chamados", rig::ticket(json!([
                {"name": "foto\u{202E}gpj.exe", "content_base64": b64(&[png.as_slice(), b"<script>"].concat())}
            ])))
        })
        .await;
    let message = hit.json()["message"].as_str().unwrap_or("").to_string();
    report.check(
        6,
        "upload: a bidi override in the name is gone from the answer",
        hit.status == 415 && !message.contains('\u{202E}') && message.contains("fotogpj.exe"),
        message,
    );
    let hit = rig
        .write_as(
            maria,
            "POST",
            "/api/v1/chamados",
            rig::ticket(json!([
                {"name": "pagina.html", "content_base64": b64(&png)},
                {"name": "conta.pdf", "content_base64": b64(&pdf)}
            ])),
        )
        .await;
    let protocol = hit.json()["protocol"].as_str().unwrap_or("").to_string();
    let stored = rig.erp.files("ticket", &protocol).unwrap_or_default();
    let names: Vec<&str> = stored.iter().map(|(n, _)| n.as_str()).collect();
    let random = |n: &str, ext: &str| {
        n.len() == 33 + ext.len()
            && n.ends_with(&format!(".{ext}"))
            && n[..32].bytes().all(|b| b.is_ascii_hexdigit())
    };
    report.check(
        6,
        "upload: a real PNG named pagina.html reaches the ERP as <random>.png",
        hit.status == 200 && names.len() == 2 && random(names[0], "png") && random(names[1], "pdf"),
        format!("{} {names:?}", hit.status),
    );
}

/// [7] An ERP that redirects the token elsewhere, or links files on another host.
async fn rogue_erp(report: &mut Report) {
    let trap = rig::Trap::start().await;
    let demo = Rig::start(&ROOMY).await;
    let redirecting =
        rig::Rogue::start(&demo.erp_base, rig::Lie::RedirectTo(trap.base.clone())).await;
    let rig = Rig::start(&Setup {
        erp: Some(redirecting),
        ..ROOMY
    })
    .await;
    let hit = rig.wrong_factor(JOAO, "198.51.100.9").await;
    let seen = trap.seen();
    report.check(
        7,
        "an ERP redirecting to another host gets no request carrying the token",
        seen.with_token == 0 && seen.total == 0,
        format!(
            "sign-in answered {}; the other host saw {} requests",
            hit.status, seen.total
        ),
    );

    let lying = rig::Rogue::start(&demo.erp_base, rig::Lie::FilesAt(trap.base.clone())).await;
    let rig = Rig::start(&Setup {
        erp: Some(lying),
        ..ROOMY
    })
    .await;
    let joao = rig.sign_in_by_factor(JOAO, JOAO_BIRTH).await;
    let invoices = rig.get_as("/api/v1/faturas", &joao.cookie).await.json();
    let id = invoices[0]["id"].as_str().unwrap_or("x").to_string();
    let hit = rig
        .get_as(&format!("/api/v1/faturas/{id}/boleto.pdf"), &joao.cookie)
        .await;
    let seen = trap.seen();
    report.check(
        7,
        "a boleto linked on another host is not fetched (no SSRF)",
        hit.status != 200 && seen.total == 0,
        format!("{}; the other host saw {} requests", hit.status, seen.total),
    );
}

/// [9] The smaller findings.
async fn smaller(report: &mut Report, rig: &Rig, maria: &rig::Signed) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(&rig.outbox)
            .map(|m| m.permissions().mode() & 0o777)
            .unwrap_or(0);
        report.check(
            9,
            "the outbox of codes is readable by the gateway's user only",
            mode == 0o600,
            format!("{mode:o}"),
        );
    }
    let open = rig
        .config_text(&ROOMY)
        .replace("[erp]", "listen = \"0.0.0.0:8080\"\n[erp]");
    let store = crate::common::memory_store().await;
    let refused = gateway::Config::parse(&open, |_| None)
        .map_err(|e| e.0)
        .and_then(|c| gateway::AppState::new(c, store).map(|_| ()));
    report.check(
        9,
        "a gateway open to the network refuses to write codes to an outbox",
        refused.as_ref().is_err_and(|e| e.contains("outbox")),
        refused.err().unwrap_or_default(),
    );
    let write = |origin: &'static str| async move {
        rig.call(
            "POST",
            "/api/v1/sessao",
            &[("origin", origin)],
            Some(json!({"document": JOAO, "factor": "01/01/1970"})),
        )
        .await
    };
    let https_origin = rig.base.replace("http://", "https://");
    let same_host_https = rig
        .call(
            "POST",
            "/api/v1/sessao",
            &[("origin", &https_origin)],
            Some(json!({"document": JOAO, "factor": "01/01/1970"})),
        )
        .await;
    for (what, hit) in [
        ("no Origin", write("").await),
        ("a foreign Origin", write("https://evil.example").await),
        ("our host with another scheme", same_host_https),
    ] {
        report.check(
            9,
            &format!("CSRF: a write with {what}"),
            hit.status == 403,
            hit.status,
        );
    }
    for (what, token) in [("no CSRF token", ""), ("a wrong CSRF token", "outro")] {
        let hit = report
            .refused(rig, || async move {
                let cookie = format!("central_sessao={}", maria.cookie);
                rig.call(
                    "PUT",
                    "/api/v1/perfil",
                    &[("cookie", &cookie), ("x-csrf-token", token)],
                    Some(json!({"email": "atacante@example.com"})),
                )
                .await
            })
            .await;
        report.check(
            9,
            &format!("CSRF: a write with {what}"),
            hit.status == 403,
            hit.status,
        );
    }
    let mut first = rig::prospect("868.263.820-75");
    first["idempotency_key"] = json!("chave-conhecida");
    let mut replay = rig::prospect("529.982.247-25");
    replay["idempotency_key"] = json!("chave-conhecida");
    let a = rig
        .call("POST", "/api/v1/cadastro/prospectos", &[], Some(first))
        .await
        .json();
    let b = rig
        .call("POST", "/api/v1/cadastro/prospectos", &[], Some(replay))
        .await
        .json();
    report.check(
        9,
        "a replayed idempotency key with another form gets its own answer",
        a["tracking"].is_string() && a["tracking"] != b["tracking"],
        format!("{} / {}", a["id"], b["id"]),
    );
    let id = a["id"].as_str().unwrap_or("1");
    let sessions = Sessions::new(&rig.keys(), 1800, 43200, rig.store.clone()).unwrap();
    let old = sessions.sign(
        id,
        gateway::session::now() - gateway::session::TRACKING_S - 60,
    );
    let hit = rig
        .call(
            "GET",
            &format!("/api/v1/cadastro/acompanhamento/{old}"),
            &[],
            None,
        )
        .await;
    report.check(
        9,
        "an expired tracking link shows nothing",
        hit.status == 404,
        hit.status,
    );
    let embed = rig.config_text(&ROOMY).replace(
        "[erp]",
        "[embed]\norigins = [\"http://www.provedor.com.br\"]\n[erp]",
    );
    let refused = gateway::Config::parse(&embed, |_| None);
    report.check(
        9,
        "[embed] refuses http:// for a site on the network",
        refused
            .as_ref()
            .is_err_and(|e| e.0.contains("embed.origins")),
        refused.err().map(|e| e.0).unwrap_or_default(),
    );
    let worker = rig.call("GET", "/sw.js", &[], None).await;
    let text = String::from_utf8_lossy(&worker.body);
    report.check(
        9,
        "/sw.js lists no file reached through a link out of the build",
        worker.status == 200 && text.contains("/index.html") && !text.contains("segredo"),
        worker.status,
    );
    let again = rig.call("GET", "/sw.js", &[], None).await;
    report.check(
        9,
        "/sw.js answers the same build the same way",
        again.body == worker.body,
        again.body.len(),
    );
    tokio::time::sleep(Duration::from_millis(1)).await;
}

/// [8] Nothing the attacks used or obtained is in the log.
fn the_log(report: &mut Report, logs: &str, rig: &Rig) {
    let mut secrets: Vec<String> = vec![
        "52998224725".into(),
        "529.982.247-25".into(),
        "982.247".into(),
        "11144477735".into(),
        "111.444.777-35".into(),
        "444.777".into(),
        "86826382075".into(),
        "14/03/1985".into(),
        JOAO_BIRTH.into(),
        "01/01/1970".into(),
        "maria.silva@example.com".into(),
        "81988887777".into(),
        rig::ERP_TOKEN.into(),
        rig.secret.clone(),
    ];
    secrets.extend(rig::codes_in(&rig.outbox));
    secrets.extend(rig::tokens());
    let found: Vec<&String> = secrets.iter().filter(|s| common::logged(logs, s)).collect();
    report.check(
        8,
        &format!(
            "the log ({} lines) holds none of {} documents, factors, codes, tokens and contacts",
            logs.lines().count(),
            secrets.len()
        ),
        found.is_empty() && logs.contains("***.***.247-**"),
        format!("{found:?}"),
    );
}
