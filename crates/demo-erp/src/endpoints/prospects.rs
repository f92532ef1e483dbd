//! Sign-up (contract §2.17, 2.18, 2.21, 2.23, 2.25): prospects with their files, leads,
//! editing a prospect and its status.

use axum::http::StatusCode;
use brazil::CpfOuCnpj;
use rusqlite::Connection;
use serde_json::{Map, Value, json};

use crate::store;
use crate::wire::{Answer, bad_request, decode, not_found, objects, reply, text};

pub(crate) fn create_prospect(db: &Connection, f: &Map<String, Value>) -> rusqlite::Result<Answer> {
    let name = text(f, &["nome"]);
    if name.is_empty() {
        return Ok(bad_request("nome é obrigatório"));
    }
    if CpfOuCnpj::parse(text(f, &["cnpj_cpf"])).is_err() {
        return Ok(bad_request("CPF/CNPJ inválido"));
    }
    let mut files = Vec::new();
    for attachment in objects(f, "anexos") {
        let file_name = text(&attachment, &["nome_documento"]).to_string();
        match decode(text(&attachment, &["base_64", "base64"])) {
            Ok(bytes) => files.push((file_name, bytes)),
            Err(e) => return Ok(bad_request(&format!("{file_name}: {e}"))),
        }
    }
    let id = store::next_id(db, "prospect", 7001)?;
    let mut body = f.clone();
    body.remove("anexos");
    body.insert("id_prospecto".into(), json!(id));
    body.insert("status_prospeccao".into(), json!("1"));
    store::put(db, "prospect", &id, "", &body)?;
    for (name, bytes) in files {
        store::add_file(db, "prospect", &id, &name, &bytes)?;
    }
    Ok(reply(
        StatusCode::OK,
        json!({"id_prospecto": id, "obs": "Pedido recebido; a equipe comercial entrará em contato."}),
    ))
}

pub(crate) fn create_lead(db: &Connection, f: &Map<String, Value>) -> rusqlite::Result<Answer> {
    if text(f, &["nome"]).is_empty() {
        return Ok(bad_request("nome é obrigatório"));
    }
    let id = store::next_id(db, "lead", 9001)?;
    let mut body = f.clone();
    body.insert("id_lead".into(), json!(id));
    store::put(db, "lead", &id, "", &body)?;
    Ok(reply(
        StatusCode::OK,
        json!({"id_lead": id, "obs": "Avisaremos quando a cobertura chegar ao seu endereço."}),
    ))
}

pub(crate) fn update_prospect(db: &Connection, f: &Map<String, Value>) -> rusqlite::Result<Answer> {
    let id = text(f, &["id_prospecto"]);
    let Some((owner, mut prospect)) = store::get(db, "prospect", id)? else {
        return Ok(not_found("prospecto não encontrado"));
    };
    for key in ["status_prospeccao", "id_revendedor", "obs", "motivo"] {
        let value = text(f, &[key]);
        if !value.is_empty() {
            prospect.insert(key.into(), json!(value));
        }
    }
    store::put(db, "prospect", id, &owner, &prospect)?;
    Ok(reply(
        StatusCode::OK,
        json!({"status": status_name(db, text(&prospect, &["status_prospeccao"]))?}),
    ))
}

pub(crate) fn status_name(db: &Connection, code: &str) -> rusqlite::Result<String> {
    Ok(store::get(db, "prospect_status", code)?
        .map(|(_, b)| text(&b, &["nome"]).to_string())
        .unwrap_or_else(|| code.to_string()))
}

pub(crate) fn upload_file(db: &Connection, f: &Map<String, Value>) -> rusqlite::Result<Answer> {
    let id = text(f, &["id_prospecto"]);
    if store::get(db, "prospect", id)?.is_none() {
        return Ok(not_found("prospecto não encontrado"));
    }
    let name = text(f, &["nome_arquivo"]);
    match decode(text(f, &["arquivo"])) {
        Ok(bytes) => {
            store::add_file(db, "prospect", id, name, &bytes)?;
            Ok(reply(StatusCode::OK, json!({"status": "ok"})))
        }
        Err(e) => Ok(bad_request(&format!("{name}: {e}"))),
    }
}

pub(crate) fn prospect_status(db: &Connection, f: &Map<String, Value>) -> rusqlite::Result<Answer> {
    let id = text(f, &["id_prospecto"]);
    let Some((_, prospect)) = store::get(db, "prospect", id)? else {
        return Ok(not_found("prospecto não encontrado"));
    };
    Ok(reply(
        StatusCode::OK,
        json!({
            "status": status_name(db, text(&prospect, &["status_prospeccao"]))?,
            "motivo": text(&prospect, &["motivo"]),
        }),
    ))
}
