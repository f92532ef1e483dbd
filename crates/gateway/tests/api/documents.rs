//! Notas fiscais, quitações and boletos streamed as PDFs.

use axum::http::{StatusCode, header};

use crate::support::*;

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
