//! Invoices: scoping to the customer, one invoice with its codes decoded and checked.

use axum::http::StatusCode;
use brazil::{CpfOuCnpj, Date};
use erp::{ErpClient, ErpConfig};
use serde_json::json;

use crate::support::*;

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
    let detail = gateway::http::dto::invoice_detail(&invoice, today);
    assert_eq!(detail.warnings.len(), 3, "{:?}", detail.warnings);
    assert!(detail.warnings[0].contains("R$ 149,90") && detail.warnings[0].contains("R$ 159,90"));
    assert!(detail.warnings[1].contains("10/03/2026") && detail.warnings[1].contains("11/03/2026"));
    assert!(detail.warnings[2].contains("Pix") && detail.warnings[2].contains("CRC"));
    assert!(detail.boleto.is_some() && detail.pix.is_none());
}
