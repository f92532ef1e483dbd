//! The PDFs the ERP links to: boletos (the ficha de compensação with barcode and PIX QR),
//! notas fiscais and quitação declarations, rendered from their records by `pdfdoc`.

use axum::{
    extract::{Path, State},
    http::{StatusCode, header},
    response::{IntoResponse, Response},
};
use brazil::{Boleto, Centavos, CpfOuCnpj};

use crate::wire::{internal, text};
use crate::{Shared, store};

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
    let pdf = match record_kind {
        "invoice" => {
            let Ok(boleto) = Boleto::parse(text(&body, &["linha_digitavel"])) else {
                return StatusCode::NOT_FOUND.into_response();
            };
            let due = erp::lenient::parse_date(text(&body, &["data_vencimento"]))
                .map(|d| format!("{:02}/{:02}/{}", d.day(), u8::from(d.month()), d.year()))
                .unwrap_or_default();
            let bank = match &boleto {
                Boleto::Cobranca(c) => Some(c.bank().to_string()),
                Boleto::Arrecadacao(_) => None,
            };
            let (initial, current) = (amount("valor_inicial"), amount("valor_atual"));
            let pix = text(&body, &["pix_code"]);
            pdfdoc::BoletoPdf {
                beneficiary: "Provedor Demo",
                beneficiary_document: "",
                payer: &name,
                payer_document: &document,
                due_on: &due,
                amount: &initial,
                amount_due: (current != initial && !current.is_empty()).then_some(current.as_str()),
                description: text(&body, &["historico"]),
                document_number: id,
                bank: bank.as_deref(),
                linha_formatted: &boleto.linha_formatted(),
                barcode: boleto.barcode(),
                pix: (!pix.is_empty()).then_some(pix),
            }
            .render()
        }
        "nota" => Ok(pdfdoc::Document {
            title: "Nota Fiscal Fatura de Serviço de Comunicação (NFCom)",
            lines: vec![
                format!("Destinatário: {name}"),
                format!("CPF/CNPJ: {document}"),
                format!("Número: {}", text(&body, &["numero_nota"])),
                format!("Emissão: {}", text(&body, &["data_lancamento"])),
                format!("Protocolo: {}", text(&body, &["protocolo"])),
                format!("Valor total: {}", amount("valor")),
            ],
        }
        .render()),
        _ => Ok(pdfdoc::Document {
            title: "Declaração anual de quitação de débitos",
            lines: vec![
                format!("Cliente: {name}"),
                format!("CPF/CNPJ: {document}"),
                format!("Ano de referência: {}", text(&body, &["ano"])),
                format!("Valor total pago no ano: {}", amount("valor")),
                "Declaramos, nos termos da Lei 12.007/2009, a quitação dos débitos".to_string(),
                "vencidos no ano de referência acima — sem pendências.".to_string(),
            ],
        }
        .render()),
    };
    match pdf {
        Ok(bytes) => ([(header::CONTENT_TYPE, "application/pdf")], bytes).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "boleto not drawn");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}
