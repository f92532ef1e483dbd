//! Reading a customer (contract §2.1–2.7): the lookup by document, and the lists that belong
//! to the customer, each only for the document's own customer id.

use axum::http::StatusCode;
use brazil::CpfOuCnpj;
use rusqlite::Connection;
use serde_json::{Map, Value};

use crate::store;
use crate::wire::{Answer, list_answer, not_found, reply, text};

/// The ERP id of the customer with `document` (masked or not).
pub(crate) fn customer_id(db: &Connection, document: &str) -> rusqlite::Result<Option<String>> {
    let Ok(doc) = CpfOuCnpj::parse(document) else {
        return Ok(None);
    };
    let mut stmt = db.prepare("SELECT id FROM records WHERE kind = 'customer' AND owner = ?1")?;
    let mut rows = stmt.query([doc.as_str()])?;
    rows.next()?.map(|r| r.get::<_, String>(0)).transpose()
}

/// The customer named by `id_cliente`, when it is the one with `document`.
fn owned_customer(
    db: &Connection,
    f: &Map<String, Value>,
) -> rusqlite::Result<Result<String, Answer>> {
    let id = text(f, &["id_cliente"]);
    let by_document = customer_id(db, text(f, &["document", "cnpj_cpf"]))?;
    Ok(match by_document {
        Some(found) if found == id => Ok(found),
        _ => Err(not_found("cliente não encontrado para este documento")),
    })
}

fn customer(db: &Connection, document: &str) -> rusqlite::Result<Answer> {
    Ok(match customer_id(db, document)? {
        Some(id) => match store::get(db, "customer", &id)? {
            Some((_, body)) => reply(StatusCode::OK, Value::Object(body)),
            None => not_found("cliente não encontrado"),
        },
        None => not_found("cliente não encontrado"),
    })
}

/// §2.1: the customer with the document given.
pub(crate) fn lookup(db: &Connection, f: &Map<String, Value>) -> rusqlite::Result<Answer> {
    customer(db, text(f, &["cnpj_cpf", "document", "documento"]))
}

/// §2.2: open invoices, of one contract when `id_contrato` is given.
pub(crate) fn open_invoices(db: &Connection, f: &Map<String, Value>) -> rusqlite::Result<Answer> {
    let Some(id) = customer_id(db, text(f, &["document", "cnpj_cpf"]))? else {
        return Ok(list_answer(Vec::new()));
    };
    let contract = text(f, &["id_contrato"]);
    let invoices = store::list(db, "invoice", Some(&id))?
        .into_iter()
        .filter(|(_, b)| {
            contract.is_empty()
                || b.get("contract_id")
                    .and_then(Value::as_str)
                    .is_some_and(|c| c.split(',').any(|x| x == contract))
        })
        .collect();
    Ok(list_answer(invoices))
}

/// §2.3: the customer's contracts.
pub(crate) fn contracts(db: &Connection, f: &Map<String, Value>) -> rusqlite::Result<Answer> {
    Ok(match customer_id(db, text(f, &["document", "cnpj_cpf"]))? {
        Some(id) => list_answer(store::list(db, "contract", Some(&id))?),
        None => list_answer(Vec::new()),
    })
}

/// §2.4–2.7: a list of `kind` records, only when `id_cliente` is the document's customer.
pub(crate) fn owned_list(
    db: &Connection,
    f: &Map<String, Value>,
    kind: &str,
) -> rusqlite::Result<Answer> {
    Ok(match owned_customer(db, f)? {
        Ok(id) => list_answer(store::list(db, kind, Some(&id))?),
        Err(answer) => answer,
    })
}
