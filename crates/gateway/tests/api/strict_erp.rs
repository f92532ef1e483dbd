//! The gateway against an ERP that sends exactly the contract's current fields (v21), the
//! older vocabulary (v18), or lacks the contracts endpoint: what the portal does where the
//! contract is silent.

use axum::http::{Method, StatusCode};
use demo_erp::profile::Profile;
use serde_json::{Value, json};

use crate::support::*;

const MARIA: (&str, &str) = ("529.982.247-25", "14/03/1985");
const ANA: (&str, &str) = ("123.456.789-09", "25/07/1992");
const OFICINA: (&str, &str) = ("36.002.518/0001-01", "54310-010");

async fn strict(profile: Profile) -> World {
    let w = world().await;
    w.erp.switches.profile.set(profile);
    w
}

#[tokio::test]
async fn every_read_works_against_a_v21_erp_and_services_join_the_only_contract() {
    let w = strict(Profile::V21).await;
    let maria = sign_in(&w.app, MARIA.0, MARIA.1).await;
    let session = get(&w.app, "/api/v1/sessao", Some(&maria.0)).await.json();
    let contracts = session["customer"]["contracts"].as_array().unwrap().clone();
    assert_eq!(contracts.len(), 1, "{session}");
    let contract = contracts[0]["id"].as_str().unwrap().to_string();
    let services = get(&w.app, "/api/v1/servicos", Some(&maria.0)).await.json();
    let services = services.as_array().unwrap();
    assert!(!services.is_empty());
    for s in services {
        assert_eq!(s["contract_id"], json!(contract), "{s}");
    }
    for path in [
        "/api/v1/faturas",
        "/api/v1/extrato",
        "/api/v1/notas-fiscais",
        "/api/v1/quitacoes",
    ] {
        let r = get(&w.app, path, Some(&maria.0)).await;
        r.assert_ok();
        assert!(!r.json().as_array().unwrap().is_empty(), "{path}");
    }
    let filtered = get(
        &w.app,
        &format!("/api/v1/faturas?contrato={contract}"),
        Some(&maria.0),
    )
    .await;
    filtered.assert_ok();
}

#[tokio::test]
async fn sign_in_holds_without_the_contracts_endpoint() {
    // v18 has no endpoint 3 (404) and no `id_contrato` in the lookup.
    let w = strict(Profile::V18).await;
    let maria = sign_in(&w.app, MARIA.0, MARIA.1).await;
    let session = get(&w.app, "/api/v1/sessao", Some(&maria.0)).await.json();
    assert_eq!(session["customer"]["contracts"], json!([]));
    get(&w.app, "/api/v1/faturas", Some(&maria.0))
        .await
        .assert_ok();

    // A v21 ERP whose endpoint 3 is missing: the lookup's contract is the only one.
    let w = world_from("", "", "[erp.routes]\ncontratos = \"GET /nao-existe\"").await;
    w.erp.switches.profile.set(Profile::V21);
    let r = try_sign_in(&w.app, MARIA.0, MARIA.1).await;
    r.assert_ok();
    let contracts = r.json()["customer"]["contracts"].clone();
    assert_eq!(contracts.as_array().unwrap().len(), 1, "{contracts}");
    assert_eq!(contracts[0]["id"], json!("10011"));
}

#[tokio::test]
async fn unlock_is_offered_without_eligibility_data_and_the_erps_reply_decides() {
    let w = strict(Profile::V21).await;
    let ana = sign_in(&w.app, ANA.0, ANA.1).await;
    let services = get(&w.app, "/api/v1/servicos", Some(&ana.0)).await.json();
    let suspended: Vec<&Value> = services
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["suspended"] == json!(true))
        .collect();
    assert!(!suspended.is_empty(), "{services}");
    let id = suspended[0]["id"].as_str().unwrap();
    let info = get(
        &w.app,
        &format!("/api/v1/servicos/{id}/habilitacao"),
        Some(&ana.0),
    )
    .await;
    info.assert_ok();
    assert_eq!(info.json()["eligible"], json!(true));
    assert_eq!(
        info.json()["days"],
        Value::Null,
        "v21 says nothing of the terms"
    );
    let done = write(
        &w.app,
        Method::POST,
        &format!("/api/v1/servicos/{id}/habilitacao"),
        &ana,
        json!({}),
    )
    .await;
    done.assert_ok();
    assert_eq!(done.json()["unlocked"], json!(true), "{}", done.json());
    assert_eq!(done.json()["status"], json!("Habilitado provisoriamente"));
}

#[tokio::test]
async fn an_inactive_customer_is_told_or_refused_as_configured() {
    let w = world().await;
    let r = try_sign_in(&w.app, OFICINA.0, OFICINA.1).await;
    r.assert_ok();
    assert_eq!(r.json()["customer"]["inactive"], json!(true));

    let w = world_from("", "inactive = \"refuse\"", "").await;
    let attempt = |factor: &'static str| try_sign_in(&w.app, OFICINA.0, factor);
    let refused = attempt(OFICINA.1).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert_eq!(refused.json()["code"], "cadastro_inativo");
    // Only the right factor learns that: a wrong one gets the usual answer.
    let wrong = attempt("50000-000").await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert_eq!(wrong.json()["code"], "credenciais_invalidas");
}

#[tokio::test]
async fn without_a_pdf_link_the_portal_draws_the_boleto_with_its_barcode_and_pix() {
    let w = strict(Profile::V21).await;
    let maria = sign_in(&w.app, MARIA.0, MARIA.1).await;
    let list = get(&w.app, "/api/v1/faturas", Some(&maria.0)).await.json();
    let list = list.as_array().unwrap();
    assert!(list.iter().all(|i| i["has_pdf"] == json!(true)), "{list:?}");
    let id = list[0]["id"].as_str().unwrap();
    let detail = get(&w.app, &format!("/api/v1/faturas/{id}"), Some(&maria.0))
        .await
        .json();
    let barcode = detail["boleto"]["barcode"].as_str().unwrap();
    let pix = detail["pix"]["payload"].as_str().unwrap();

    let r = get(
        &w.app,
        &format!("/api/v1/faturas/{id}/boleto.pdf"),
        Some(&maria.0),
    )
    .await;
    r.assert_ok();
    assert_eq!(
        r.header(axum::http::header::CONTENT_TYPE),
        Some("application/pdf")
    );
    assert!(r.body.starts_with(b"%PDF-"));
    assert_eq!(
        pdfdoc::read::barcode_modules(&r.body),
        brazil::itf::modules(barcode).unwrap(),
        "the bars drawn are the invoice's barcode"
    );
    let (side, pixels) = pdfdoc::read::qr_greyscale(&r.body, 4);
    let mut image =
        rqrr::PreparedImage::prepare_from_greyscale(side, side, |x, y| pixels[y * side + x]);
    let grids = image.detect_grids();
    assert_eq!(grids.len(), 1);
    assert_eq!(
        grids[0].decode().unwrap().1,
        pix,
        "the QR is the invoice's BR Code"
    );
    let text = String::from_utf8_lossy(&r.body);
    for words in ["Vencimento", "Local de pagamento", "Provedor Demo"] {
        assert!(text.contains(words), "{words}");
    }

    // Another customer's invoice is not drawn.
    let ana = sign_in(&w.app, ANA.0, ANA.1).await;
    let other = get(
        &w.app,
        &format!("/api/v1/faturas/{id}/boleto.pdf"),
        Some(&ana.0),
    )
    .await;
    assert_eq!(other.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn without_contact_data_made_up_destinations_are_offered_and_the_next_factor_signs_in() {
    let dir = tempfile::tempdir().unwrap();
    let outbox = dir.path().join("caixa.jsonl");
    let tables = format!(
        "[code.email]\nsender = \"outbox\"\npath = \"{0}\"\n[code.whatsapp]\nsender = \"outbox\"\npath = \"{0}\"\n",
        outbox.display()
    );
    let w = world_from("", r#"cpf = ["code", "birth_date"]"#, &tables).await;
    let ask = |document: &'static str| {
        send(
            &w.app,
            Method::POST,
            "/api/v1/sessao/codigo/destinos",
            None,
            &[],
            Some(json!({"document": document})),
        )
    };
    assert_eq!(
        ask(MARIA.0).await.json()["step"],
        "code",
        "the extended ERP has her contacts"
    );
    w.erp.switches.profile.set(Profile::V21);
    let without = ask(MARIA.0).await.json();
    assert_eq!(
        without["step"], "code",
        "every document is offered destinations, whatever the ERP holds"
    );
    assert_eq!(
        without["destinations"].as_array().unwrap().len(),
        2,
        "one per channel with a sender"
    );
    // A v21 lookup has no e-mail or phone, so the next factor opens her account.
    sign_in(&w.app, MARIA.0, MARIA.1).await;
}
