//! A customer's requests (contract §2.19, 2.20, 2.22, 2.24): tickets with attachments, the
//! habilitação provisória, contact data and the payment notice.

use axum::http::StatusCode;
use brazil::Date;
use rusqlite::Connection;
use serde_json::{Map, Value, json};
use time::Duration;

use crate::wire::{Answer, bad_request, decode, iso, not_found, objects, reply, text};
use crate::{seed, store};

pub(crate) fn create_ticket(db: &Connection, f: &Map<String, Value>) -> rusqlite::Result<Answer> {
    let customer = text(f, &["id_cliente"]);
    let service = text(f, &["id_servico"]);
    if store::get(db, "customer", customer)?.is_none() {
        return Ok(not_found("cliente não encontrado"));
    }
    if !service.is_empty()
        && store::get(db, "service", service)?.is_none_or(|(owner, _)| owner != customer)
    {
        return Ok(not_found("serviço não pertence ao cliente"));
    }
    if text(f, &["assunto"]).is_empty() || text(f, &["mensagem"]).is_empty() {
        return Ok(bad_request("assunto e mensagem são obrigatórios"));
    }
    let mut files = Vec::new();
    for attachment in objects(f, "anexo") {
        let name = text(&attachment, &["nome_anexo"]).to_string();
        match decode(text(&attachment, &["anexo"])) {
            Ok(bytes) => files.push((name, bytes)),
            Err(e) => return Ok(bad_request(&format!("{name}: {e}"))),
        }
    }
    let id = store::next_id(db, "ticket", 30_001)?;
    let mut body = f.clone();
    body.remove("anexo");
    body.insert("id_atendimento".into(), json!(id));
    body.insert("anexos".into(), json!(files.len()));
    store::put(db, "ticket", &id, customer, &body)?;
    for (name, bytes) in files {
        store::add_file(db, "ticket", &id, &name, &bytes)?;
    }
    Ok(reply(
        StatusCode::OK,
        json!({"id_atendiemnto": id, "obs": "Atendimento aberto."}),
    ))
}

pub(crate) fn unlock(
    db: &Connection,
    f: &Map<String, Value>,
    today: Date,
) -> rusqlite::Result<Answer> {
    let customer = text(f, &["id_cliente"]);
    let service_id = text(f, &["id_servico"]);
    let Some((owner, mut service)) = store::get(db, "service", service_id)? else {
        return Ok(not_found("serviço não encontrado"));
    };
    if owner != customer {
        return Ok(not_found("serviço não pertence ao cliente"));
    }
    let status = text(&service, &["situacao"]).to_string();
    let eligible = text(&service, &["pode_habilitar"]) == "S";
    if status != "Suspenso" || !eligible {
        let reason = match text(&service, &["motivo"]) {
            "" => "Serviço não elegível para habilitação provisória.".to_string(),
            r => r.to_string(),
        };
        return Ok(reply(
            StatusCode::OK,
            json!({"status": status, "obs": reason}),
        ));
    }
    let days = text(&service, &["dias_habilitacao"])
        .parse()
        .unwrap_or(seed::UNLOCK_DAYS);
    let until = iso(today + Duration::days(days));
    let new_status = "Habilitado provisoriamente";
    service.insert("situacao".into(), json!(new_status));
    service.insert("pode_habilitar".into(), json!("N"));
    service.insert("habilitado_ate".into(), json!(until));
    service.insert(
        "motivo".into(),
        json!(format!(
            "Habilitação provisória em uso até {until}; uma por mês."
        )),
    );
    store::put(db, "service", service_id, &owner, &service)?;
    if let Some(contract) = service
        .get("id_contrato")
        .and_then(Value::as_str)
        .map(str::to_string)
        && let Some((contract_owner, mut body)) = store::get(db, "contract", &contract)?
    {
        body.insert("situacao".into(), json!(new_status));
        store::put(db, "contract", &contract, &contract_owner, &body)?;
    }
    Ok(reply(
        StatusCode::OK,
        json!({
            "status": new_status,
            "obs": format!("Serviço habilitado por {days} dias. Pague a fatura até {until} para evitar nova suspensão."),
            "habilitado_ate": until,
        }),
    ))
}

/// Contact fields a customer update may change, and where the lookup shows them.
const CONTACT_FIELDS: [&str; 5] = [
    "email",
    "fone",
    "telefone_celular",
    "whatsapp",
    "telefone_comercial",
];

pub(crate) fn update_customer(db: &Connection, f: &Map<String, Value>) -> rusqlite::Result<Answer> {
    let id = text(f, &["id_cliente"]);
    let Some((owner, mut customer)) = store::get(db, "customer", id)? else {
        return Ok(not_found("cliente não encontrado"));
    };
    let email = text(f, &["email"]);
    let looks_like_email = email.contains('@') && email.contains('.');
    if !email.is_empty() && !looks_like_email {
        return Ok(bad_request("e-mail inválido"));
    }
    let mut changed = 0;
    for key in CONTACT_FIELDS {
        if let Some(value) = f.get(key).and_then(Value::as_str) {
            customer.insert(key.into(), json!(value.trim()));
            changed += 1;
        }
    }
    store::put(db, "customer", id, &owner, &customer)?;
    Ok(reply(
        StatusCode::OK,
        json!({"status": "ok", "obs": format!("{changed} campo(s) atualizado(s)")}),
    ))
}

pub(crate) fn payment_notice(
    db: &Connection,
    f: &Map<String, Value>,
    today: Date,
) -> rusqlite::Result<Answer> {
    let customer = text(f, &["id_cliente"]);
    let invoice = text(f, &["id_fatura"]);
    let Some((owner, body)) = store::get(db, "invoice", invoice)? else {
        return Ok(not_found("fatura em aberto não encontrada"));
    };
    if owner != customer {
        return Ok(not_found("fatura não pertence ao cliente"));
    }
    store::rekind(db, "invoice", invoice, "invoice_paid")?;
    store::put(
        db,
        "statement",
        invoice,
        &owner,
        &serde_json::Map::from_iter([
            ("id_nota".to_string(), json!(invoice)),
            (
                "data_lancamento".to_string(),
                json!(text(&body, &["data_emissao"])),
            ),
            (
                "data_vencimento".to_string(),
                json!(text(&body, &["data_vencimento"])),
            ),
            ("data_baixa".to_string(), json!(iso(today))),
            ("historico".to_string(), json!(text(&body, &["historico"]))),
            (
                "valor".to_string(),
                body.get("valor_atual").cloned().unwrap_or(Value::Null),
            ),
            (
                "saldo".to_string(),
                body.get("valor_inicial").cloned().unwrap_or(Value::Null),
            ),
            (
                "cobranca".to_string(),
                json!("Baixa sinalizada pelo portal"),
            ),
        ]),
    )?;
    Ok(reply(StatusCode::OK, json!({"status": "baixada"})))
}
