//! Tickets with attachments, and every upload rule.

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};

use crate::support::*;

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
            {"name": "C:\\fotos\\roteador.png", "content_base64": b64(&PNG)},
            {"name": "../../conta.pdf", "content_base64": format!("data:application/pdf;base64,{}", b64(&PDF))}
        ]
    })).await;
    r.assert_ok();
    let protocol = r.json()["protocol"].as_str().unwrap().to_string();
    let stored = w.erp.files("ticket", &protocol).unwrap();
    assert_eq!(stored.len(), 2);
    assert_eq!(
        (&stored[0].1, &stored[1].1),
        (&*PNG, &*PDF),
        "byte for byte"
    );
    // Forwarded under random names with the detected extension, not the client's.
    assert!(stored[0].0.ends_with(".png") && !stored[0].0.contains("roteador"));
    assert!(stored[1].0.ends_with(".pdf") && !stored[1].0.contains("conta"));

    // "Meus chamados" keeps it: protocol, subject, type and service by name, the files by
    // the names the subscriber knows them by, with their sizes; no status until the ERP has one.
    let mine = get(&w.app, "/api/v1/chamados/meus", Some(&maria.0)).await;
    mine.assert_ok();
    let mine = mine.json();
    assert_eq!(mine.as_array().unwrap().len(), 1);
    let t = &mine[0];
    assert_eq!(t["protocol"], protocol.as_str());
    assert_eq!(t["subject"], "Internet lenta");
    let type_name = options["types"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "T2")
        .unwrap()["name"]
        .clone();
    assert_eq!(t["kind"], type_name);
    assert_eq!(t["service"], options["services"][0]["name"]);
    assert_eq!(
        t["attachments"],
        json!([
            {"name": "roteador.png", "bytes": PNG.len()},
            {"name": "conta.pdf", "bytes": PDF.len()},
        ])
    );
    assert_eq!(t["status"], Value::Null);
    assert!(t["opened_at"].as_u64().unwrap() > 1_700_000_000);
    // Another customer sees none of it, and without a session there is nothing.
    let joao = sign_in(&w.app, "111.444.777-35", "02/11/1978").await;
    let theirs = get(&w.app, "/api/v1/chamados/meus", Some(&joao.0))
        .await
        .json();
    assert_eq!(theirs, json!([]));
    assert_eq!(
        get(&w.app, "/api/v1/chamados/meus", None).await.status,
        StatusCode::UNAUTHORIZED
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
            json!([{"name": "imensa.png", "content_base64": b64(&[&PNG[..], &vec![0u8; 5 * 1024 * 1024]].concat())}]),
            StatusCode::PAYLOAD_TOO_LARGE,
            "imensa.png",
        ),
        (
            json!(
                (0..6)
                    .map(|i| json!({"name": format!("f{i}.png"), "content_base64": b64(&PNG)}))
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
            json!([{"name": "../", "content_base64": b64(&PNG)}]),
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
    let big = b64(&png_of(4 * 1024 * 1024));
    let four = (0..4)
        .map(|i| json!({"name": format!("parte{i}.png"), "content_base64": big}))
        .collect::<Vec<_>>();
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
    let flood = (0..5).map(|i| json!({"name": format!("p{i}.png"), "content_base64": b64(&[&PNG[..], &vec![0u8; 5_000_000]].concat())})).collect::<Vec<_>>();
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
async fn a_type_the_isp_routes_takes_its_department_whatever_the_browser_sends() {
    let w = world_from(
        "",
        "",
        "[tickets]\ndepartment_by_type = { T2 = \"D1\", T3 = \"D9\" }",
    )
    .await;
    let maria = sign_in(&w.app, "529.982.247-25", "14/03/1985").await;
    let options = get(&w.app, "/api/v1/chamados/opcoes", Some(&maria.0))
        .await
        .json();
    assert_eq!(
        options["department_by_type"],
        json!({"T2": "D1"}),
        "a department the ERP does not list is not routed to"
    );
    for sent in ["", "D3"] {
        let r = write(
            &w.app,
            Method::POST,
            "/api/v1/chamados",
            &maria,
            json!({
                "type_id": "T2", "department_id": sent, "subject": "Internet lenta",
                "message": "À noite cai.", "attachments": []
            }),
        )
        .await;
        r.assert_ok();
        let protocol = r.json()["protocol"].as_str().unwrap().to_string();
        let record =
            serde_json::to_value(w.erp.record("ticket", &protocol).unwrap().unwrap()).unwrap();
        let text = record.to_string();
        assert!(
            text.contains("\"D1\"") && !text.contains("\"D3\""),
            "{text}"
        );
    }
    let unrouted = write(&w.app, Method::POST, "/api/v1/chamados", &maria, json!({
        "type_id": "T3", "department_id": "", "subject": "Fatura", "message": "Dúvida.", "attachments": []
    }))
    .await;
    assert_eq!(unrouted.status, StatusCode::UNPROCESSABLE_ENTITY);
}
