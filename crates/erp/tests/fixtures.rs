//! Recorded-style ERP payloads in both vocabularies and with the contract's oddities (§1.3 and
//! §1.7 of `erp-contract.md`), each read to the values a subscriber would see.

use brazil::{Centavos, Date};
use erp::client::flatten_services;
use erp::lenient::{read_list, read_object};
use erp::types::*;
use erp::{FieldState, Fields, IdList, Parsed};
use serde_json::Value;

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/tests/fixtures/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

fn day(y: i32, m: u8, d: u8) -> Date {
    Date::from_calendar_date(y, time::Month::try_from(m).unwrap(), d).unwrap()
}

fn text(p: &Parsed<String>) -> &str {
    p.text()
}

#[test]
fn customer_in_the_current_vocabulary() {
    let c: Customer = read_object(&fixture("customer_v21.json")).unwrap().unwrap();
    assert_eq!(text(&c.name), "Maria Aparecida da Silva");
    assert_eq!(text(&c.id), "1001", "a number is read as the id's text");
    assert_eq!(c.birth_date, Parsed::Ok(day(1985, 3, 14)), "DD/MM/YYYY");
    assert_eq!(
        c.registered_on,
        Parsed::Ok(day(2019, 5, 20)),
        "ISO with a time"
    );
    assert_eq!(c.active, Parsed::Ok(true));
    assert_eq!(text(&c.number), "120");
    assert_eq!(text(&c.cep), "50050-000");
    assert_eq!(c.complement, Parsed::Absent, "empty string is absent");
    assert_eq!(c.email, Parsed::Absent, "v21 carries no contacts");
}

#[test]
fn customer_in_the_older_vocabulary_with_contacts() {
    let c: Customer = read_object(&fixture("customer_old.json")).unwrap().unwrap();
    assert_eq!(text(&c.name), "Pedro Henrique Alves");
    assert_eq!(
        text(&c.id),
        "id_cliente",
        "the contract's placeholder value is kept as sent"
    );
    assert_eq!(c.birth_date, Parsed::Ok(day(1988, 9, 17)));
    assert_eq!(c.registered_on, Parsed::Ok(day(2019, 5, 20)));
    assert_eq!(c.active, Parsed::Ok(true), "a JSON boolean");
    assert_eq!(text(&c.street), "Rua Bahia");
    assert_eq!(text(&c.state), "PE");
    assert_eq!(text(&c.email), "pedro.alves@example.com");
    assert_eq!(text(&c.mobile), "(81) 95555-4444");
    assert_eq!(text(&c.whatsapp), "81955554444");
    assert_eq!(c.phone, Parsed::Absent);
}

#[test]
fn both_vocabularies_at_once_prefer_the_current_one() {
    let body =
        br#"{"nome_completo": "Novo", "nome": "Antigo", "id_remoto": "", "id_cliente": "7"}"#;
    let c: Customer = read_object(body).unwrap().unwrap();
    assert_eq!(text(&c.name), "Novo");
    assert_eq!(
        text(&c.id),
        "7",
        "a blank current field falls back to the older one"
    );
}

#[test]
fn invoices_in_a_data_wrapper_with_every_money_and_date_form() {
    let (invoices, skipped) = read_list::<Invoice>(&fixture("invoices_wrapped.json")).unwrap();
    assert_eq!(invoices.len(), 2);
    assert_eq!(skipped, 1, "the string item is dropped and counted");
    let first = &invoices[0];
    assert_eq!(text(&first.id), "50101");
    assert_eq!(
        first.original_amount,
        Parsed::Ok(Centavos(123_456)),
        "1.234,56"
    );
    assert_eq!(
        first.current_amount,
        Parsed::Ok(Centavos(125_090)),
        "JSON number 1250.9"
    );
    assert_eq!(first.interest, Parsed::Ok(Centavos(1_000)));
    assert_eq!(first.fine, Parsed::Ok(Centavos(2_469)), "decimal point");
    assert_eq!(first.discount, Parsed::Ok(Centavos(835)), "with R$");
    assert_eq!(first.issued_on, Parsed::Ok(day(2026, 11, 20)));
    assert_eq!(first.due_on, Parsed::Ok(day(2026, 12, 10)));
    assert_eq!(
        first.contract_ids,
        Parsed::Ok(IdList(vec!["10011".into(), "10012".into()]))
    );
    assert_eq!(first.pix_code, Parsed::Absent);
    assert_eq!(first.bill_receipt, Parsed::Absent, "null");
    assert_eq!(
        text(&first.boleto_url),
        "https://erp.example.com/boletos/50101.pdf"
    );

    // A broken field degrades that field only; the record and its other fields survive.
    let second = &invoices[1];
    assert_eq!(text(&second.id), "50102");
    assert!(matches!(&second.original_amount, Parsed::Invalid { raw, .. } if raw == "abc"));
    assert!(matches!(&second.due_on, Parsed::Invalid { raw, .. } if raw == "31/02/2026"));
    assert_eq!(second.current_amount, Parsed::Ok(Centavos(9_990)));
    assert_eq!(
        second.contract_ids,
        Parsed::Ok(IdList(vec!["10011".into(), "10013".into()]))
    );
    let report = second.fields();
    assert!(report.iter().any(
        |(name, state)| *name == "valor_inicial" && matches!(state, FieldState::Invalid { .. })
    ));
    assert!(
        report
            .iter()
            .any(|(name, state)| *name == "valor_atual" && *state == FieldState::Ok)
    );
}

#[test]
fn older_installations_are_flattened_into_services() {
    let (items, _) = read_list::<Value>(&fixture("services_old_installations.json")).unwrap();
    let services = flatten_services(items);
    assert_eq!(services.len(), 3);
    assert_eq!(
        text(&services[0].status),
        "Ativo",
        "older `status` read as situação"
    );
    assert_eq!(services[1].amount, Parsed::Ok(Centavos(4_990)));
    assert_eq!(
        text(&services[1].address),
        "Avenida Olinda, 455, Varadouro, Olinda, PE"
    );
    assert_eq!(text(&services[2].address), "Rua Bahia, 15");
    assert_eq!(services[2].amount, Parsed::Ok(Centavos(19_990)));
}

#[test]
fn ticket_id_under_the_misspelled_and_the_right_key() {
    let typo: TicketCreated = read_object(&fixture("ticket_created_typo.json"))
        .unwrap()
        .unwrap();
    assert_eq!(text(&typo.id), "30001");
    let fixed: TicketCreated = read_object(&fixture("ticket_created_fixed.json"))
        .unwrap()
        .unwrap();
    assert_eq!(
        text(&fixed.id),
        "30002",
        "first item of an array, number id"
    );
    // Written back, the contract's own spelling is used.
    let json = serde_json::to_value(&typo).unwrap();
    assert!(json.get("id_atendiemnto").is_some());
}

#[test]
fn prospect_keys_are_written_with_accents_and_read_in_ascii_too() {
    let p: NewProspect = read_object(&fixture("prospect_ascii.json"))
        .unwrap()
        .unwrap();
    assert_eq!(text(&p.legal_name), "Fulano Comércio Ltda");
    assert_eq!(text(&p.install_city), "Recife");
    let services = p.services.ok().unwrap();
    assert_eq!(text(&services[0].id), "P2");
    let attachments = p.attachments.ok().unwrap();
    assert_eq!(text(&attachments[0].base64), "JVBERi0=");
    let written = serde_json::to_value(&p).unwrap();
    for key in [
        "razão_social",
        "endereco_instalação",
        "numero_instalação",
        "cidade_instalação",
        "uf_instalação",
    ] {
        assert!(written.get(key).is_some(), "{key} written with its accent");
    }
    assert_eq!(written["anexos"][0]["base_64"], "JVBERi0=");
    assert_eq!(written["servicos"][0]["id_servico"], "P2");
}

#[test]
fn lead_reads_upper_case_cep_and_free_form_coverage() {
    let lead: NewLead = read_object(&fixture("lead_upper_cep.json"))
        .unwrap()
        .unwrap();
    assert_eq!(text(&lead.cep), "55290-000");
    assert_eq!(lead.document, Parsed::Absent);
    assert_eq!(
        lead.coverage,
        Parsed::Ok(Value::String("{\"atende\": false}".into()))
    );
    assert_eq!(
        lead.extra
            .ok()
            .and_then(|v| v.get("origem"))
            .and_then(Value::as_str),
        Some("site")
    );
    let written = serde_json::to_value(&lead).unwrap();
    assert!(written.get("CEP").is_some() && written.get("cep").is_none());
}

#[test]
fn quitacoes_with_numbers_strings_and_a_bad_year() {
    let (q, _) = read_list::<Quitacao>(&fixture("quitacoes_mixed.json")).unwrap();
    assert_eq!(q[0].year, Parsed::Ok(2024));
    assert_eq!(q[0].amount, Parsed::Ok(Centavos(119_880)));
    assert_eq!(q[1].year, Parsed::Ok(2025));
    assert_eq!(q[1].amount, Parsed::Ok(Centavos(119_880)));
    assert_eq!(q[1].pdf_url, Parsed::Absent);
    assert!(matches!(q[2].year, Parsed::Invalid { .. }));
    assert_eq!(text(&q[2].pdf_url), "/q/3.pdf");
}

#[test]
fn statement_in_the_older_vocabulary() {
    let (entries, _) = read_list::<StatementEntry>(&fixture("statement_old.json")).unwrap();
    let e = &entries[0];
    assert_eq!(text(&e.invoice_id), "50001", "id_boleto");
    assert_eq!(text(&e.entry_id), "E1");
    assert_eq!(e.settled_on, Parsed::Ok(day(2026, 10, 8)));
    assert_eq!(e.amount_paid, Parsed::Ok(Centavos(12_990)));
    assert_eq!(text(&e.description), "Mensalidade 10/2026");
}

#[test]
fn a_single_object_where_a_list_is_expected() {
    let (contracts, _) = read_list::<Contract>(&fixture("contracts_single.json")).unwrap();
    assert_eq!(contracts.len(), 1);
    assert_eq!(text(&contracts[0].id), "10011");
}

#[test]
fn booleans_in_every_spelling() {
    for (raw, expected) in [
        ("S", true),
        ("N", false),
        ("sim", true),
        ("1", true),
        ("0", false),
        ("Ativo", true),
        ("Inativo", false),
        ("true", true),
    ] {
        let body = format!(r#"{{"ativo": "{raw}"}}"#);
        let c: Customer = read_object(body.as_bytes()).unwrap().unwrap();
        assert_eq!(c.active, Parsed::Ok(expected), "{raw}");
    }
    let c: Customer = read_object(br#"{"ativo": 1}"#).unwrap().unwrap();
    assert_eq!(c.active, Parsed::Ok(true));
    let c: Customer = read_object(br#"{"ativo": "talvez"}"#).unwrap().unwrap();
    assert!(matches!(c.active, Parsed::Invalid { .. }));
}

#[test]
fn bodies_that_are_not_usable_json_are_errors_not_panics() {
    for body in [
        &b"<html>erro</html>"[..],
        b"{\"data\": [",
        b"42",
        b"\"texto\"",
    ] {
        assert!(
            read_list::<Invoice>(body).is_err(),
            "{}",
            String::from_utf8_lossy(body)
        );
    }
    assert_eq!(read_object::<Customer>(b"").unwrap(), None);
    assert_eq!(read_object::<Customer>(b"[]").unwrap(), None);
    assert_eq!(read_object::<Customer>(b"{}").unwrap(), None);
}
