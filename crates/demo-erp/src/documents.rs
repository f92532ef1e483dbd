//! The PDFs the ERP links to: boletos, notas fiscais and quitação declarations, rendered
//! from their records.

use axum::{
    extract::{Path, State},
    http::{StatusCode, header},
    response::{IntoResponse, Response},
};
use brazil::{Boleto, Centavos, CpfOuCnpj};

use crate::wire::{internal, text};
use crate::{Shared, pdf, store};

/// Renders the PDF of a boleto, nota fiscal or quitação from its record.
pub(crate) async fn document_pdf(
    State(erp): State<Shared>,
    Path((kind, file)): Path<(String, String)>,
) -> Response {
    let Some(id) = file.strip_suffix(".pdf") else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let record_kind = match kind.as_str() {
        "boletos" => "invoice",
        "notas" => "nota",
        "quitacoes" => "quitacao",
        _ => return StatusCode::NOT_FOUND.into_response(),
    };
    let found = erp.with_db(|db| {
        let Some((owner, body)) = store::get(db, record_kind, id)? else {
            return Ok(None);
        };
        let customer = store::get(db, "customer", &owner)?.unwrap_or_default();
        Ok(Some((body, customer)))
    });
    let (body, (doc, customer)) = match found {
        Ok(Some(v)) => v,
        Ok(None) => return StatusCode::NOT_FOUND.into_response(),
        Err(e) => return internal(e).into_response(),
    };
    let name = text(&customer, &["nome_completo", "nome"]).to_string();
    let document = CpfOuCnpj::parse(&doc).map(|d| d.formatted()).unwrap_or(doc);
    let amount = |key: &str| {
        Centavos::parse(text(&body, &[key]))
            .map(|c| c.to_brl())
            .unwrap_or_default()
    };
    let doc = match record_kind {
        "invoice" => {
            let linha = text(&body, &["linha_digitavel"]);
            let boleto = Boleto::parse(linha).ok();
            pdf::Document {
                title: "Boleto bancário — Provedor Demo",
                lines: vec![
                    format!("Pagador: {name}"),
                    format!("CPF/CNPJ: {document}"),
                    format!("Fatura: {id} — {}", text(&body, &["historico"])),
                    format!("Vencimento: {}", text(&body, &["data_vencimento"])),
                    format!("Valor do documento: {}", amount("valor_inicial")),
                    "Linha digitável:".to_string(),
                    boleto
                        .as_ref()
                        .map(Boleto::linha_formatted)
                        .unwrap_or_default(),
                ],
                barcode: boleto.and_then(|b| brazil::itf::modules(b.barcode()).ok()),
            }
        }
        "nota" => pdf::Document {
            title: "Nota Fiscal Fatura de Serviço de Comunicação (NFCom)",
            lines: vec![
                format!("Destinatário: {name}"),
                format!("CPF/CNPJ: {document}"),
                format!("Número: {}", text(&body, &["numero_nota"])),
                format!("Emissão: {}", text(&body, &["data_lancamento"])),
                format!("Protocolo: {}", text(&body, &["protocolo"])),
                format!("Valor total: {}", amount("valor")),
            ],
            barcode: None,
        },
        _ => pdf::Document {
            title: "Declaração anual de quitação de débitos",
            lines: vec![
                format!("Cliente: {name}"),
                format!("CPF/CNPJ: {document}"),
                format!("Ano de referência: {}", text(&body, &["ano"])),
                format!("Valor total pago no ano: {}", amount("valor")),
                "Declaramos, nos termos da Lei 12.007/2009, a quitação dos débitos".to_string(),
                "vencidos no ano de referência acima.".to_string(),
            ],
            barcode: None,
        },
    };
    (
        [(header::CONTENT_TYPE, "application/pdf")],
        pdf::render(&doc),
    )
        .into_response()
}
