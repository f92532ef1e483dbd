//! The contract on the wire, as every endpoint reads and answers it: the request's fields
//! (query string and JSON body together), the `{status, obs}` answers, and attachments in
//! base64.

use std::collections::HashMap;

use axum::{Json, http::StatusCode};
use base64::Engine as _;
use brazil::Date;
use serde_json::{Map, Value, json};

use crate::MAX_FILE_BYTES;
use crate::store::Body;

/// An answer of the contract: status and JSON body.
pub(crate) type Answer = (StatusCode, Json<Value>);

pub(crate) fn reply(status: StatusCode, body: Value) -> Answer {
    (status, Json(body))
}

pub(crate) fn bad_request(obs: &str) -> Answer {
    reply(
        StatusCode::UNPROCESSABLE_ENTITY,
        json!({"status": "erro", "obs": obs}),
    )
}

pub(crate) fn not_found(obs: &str) -> Answer {
    reply(StatusCode::NOT_FOUND, json!({"status": "erro", "obs": obs}))
}

pub(crate) fn internal(e: rusqlite::Error) -> Answer {
    tracing::error!(error = %e, "database error");
    reply(
        StatusCode::INTERNAL_SERVER_ERROR,
        json!({"status": "erro", "obs": "erro interno do ERP"}),
    )
}

/// The request fields: the query string, then a JSON object body on top.
pub(crate) fn fields(query: HashMap<String, String>, body: &[u8]) -> Map<String, Value> {
    let mut map: Map<String, Value> = query
        .into_iter()
        .map(|(k, v)| (k, Value::String(v)))
        .collect();
    if let Ok(Value::Object(extra)) = serde_json::from_slice::<Value>(body) {
        map.extend(extra);
    }
    map
}

pub(crate) fn text<'a>(map: &'a Map<String, Value>, keys: &[&str]) -> &'a str {
    keys.iter()
        .find_map(|k| {
            map.get(*k)
                .and_then(Value::as_str)
                .map(str::trim)
                .filter(|s| !s.is_empty())
        })
        .unwrap_or("")
}

pub(crate) fn list_answer(items: Vec<(String, Body)>) -> Answer {
    reply(
        StatusCode::OK,
        Value::Array(items.into_iter().map(|(_, b)| Value::Object(b)).collect()),
    )
}

/// Decodes a base64 attachment, refusing bad encoding and oversize files.
pub(crate) fn decode(content: &str) -> Result<Vec<u8>, String> {
    let content = content.split_once("base64,").map_or(content, |(_, b)| b);
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(content.trim())
        .map_err(|_| "arquivo em base64 inválido".to_string())?;
    if bytes.len() > MAX_FILE_BYTES {
        return Err(format!(
            "arquivo maior que {} MB",
            MAX_FILE_BYTES / 1024 / 1024
        ));
    }
    Ok(bytes)
}

pub(crate) fn objects(f: &Map<String, Value>, key: &str) -> Vec<Map<String, Value>> {
    match f.get(key) {
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(|i| i.as_object().cloned())
            .collect(),
        Some(Value::Object(one)) => vec![one.clone()],
        _ => Vec::new(),
    }
}

pub(crate) fn iso(d: Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}
