//! The demo data: customers that exercise every screen of the portal, their contracts,
//! services, open and paid invoices with valid boletos and PIX codes, notas fiscais,
//! quitação declarations, and the catalogues. The same seed and day give the same data.

use brazil::{Centavos, Cobranca, Date, StaticBrCode};
use rusqlite::Connection;
use serde_json::{Value, json};
use time::{Duration, Month};

use crate::store::{self, Body};

mod customers;

pub use customers::{CUSTOMERS, CustomerSeed, by_document, customer_id, documents_are_valid};
use customers::{EMPRESA, FIBRA_1G, FIBRA_300, FIBRA_500, Standing};

/// The PIX key, payee and city printed on every demo invoice.
pub const PIX_KEY: &str = "financeiro@provedordemo.com.br";
pub const PAYEE: &str = "PROVEDOR DEMO";
pub const PAYEE_CITY: &str = "RECIFE";
/// The bank of the demo boletos (Banco do Brasil).
pub const BANK: &str = "001";
/// The customer whose late invoices carry a PIX code with the amount before interest.
pub const STALE_PIX_DOCUMENT: &str = "39053344705";
/// Days a provisional unlock lasts.
pub const UNLOCK_DAYS: i64 = 3;

fn iso(d: Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

fn money(c: i64) -> Value {
    Value::String(Centavos(c).to_decimal_string())
}

fn body(value: Value) -> Body {
    match value {
        Value::Object(map) => map,
        _ => Body::new(),
    }
}

/// Day 10 of the month `offset` months from `today`'s month.
fn due_day(today: Date, offset: i32) -> Date {
    let months = today.year() * 12 + i32::from(u8::from(today.month())) - 1 + offset;
    let month = Month::try_from((months.rem_euclid(12) + 1) as u8).unwrap_or(Month::January);
    Date::from_calendar_date(months.div_euclid(12), month, 10).unwrap_or(today)
}

/// Fills a fresh database. `seed` moves every generated number, so two demo ERPs with
/// different seeds do not share invoice ids.
///
/// # Errors
/// SQLite errors.
pub fn seed(conn: &mut Connection, seed: u64, today: Date) -> rusqlite::Result<()> {
    let tx = conn.transaction()?;
    catalogues(&tx)?;
    let mut invoice_seq = 50_000 + seed % 10_000 * 100;
    for (index, c) in CUSTOMERS.iter().enumerate() {
        let id = customer_id(index);
        customer(&tx, c, &id)?;
        for (k, (plan, price)) in c.contracts.iter().enumerate() {
            let contract_id = format!("{id}{}", k + 1);
            let address = format!("{}, {} — {}, {}", c.street, c.number, c.district, c.city);
            let label = ["Casa", "Casa de praia", "Loja"][k.min(2)];
            let status = match c.standing {
                Standing::Active if c.active => "Ativo",
                Standing::Active => "Cancelado",
                Standing::Suspended(_) => "Suspenso",
            };
            store::put(
                &tx,
                "contract",
                &contract_id,
                &id,
                &body(json!({
                    "remote_id": contract_id,
                    "contract_name": format!("{label}: {address}"),
                    "situacao": status,
                    "plano": plan,
                    "valor": money(*price),
                    "endereco": address,
                })),
            )?;
            let (eligible, reason) = match c.standing {
                Standing::Suspended(true) => (true, String::new()),
                Standing::Suspended(false) => (false, "Habilitação provisória já utilizada neste mês; nova solicitação a partir do dia 1º.".to_string()),
                Standing::Active => (false, "O serviço não está suspenso.".to_string()),
            };
            store::put(
                &tx,
                "service",
                &format!("S{contract_id}"),
                &id,
                &body(json!({
                    "id_servico": format!("S{contract_id}"),
                    "nome": plan,
                    "situacao": status,
                    "obs": "",
                    "valor": money(*price),
                    "numero_plano": (k + 1).to_string(),
                    "endereco": address,
                    "id_contrato": contract_id,
                    "pode_habilitar": if eligible { "S" } else { "N" },
                    "dias_habilitacao": UNLOCK_DAYS.to_string(),
                    "motivo": reason,
                })),
            )?;
            // Three years of paid months before the open ones.
            let open = c.overdue + c.upcoming;
            let first_open = if today.day() > 10 { 1 } else { 0 } - c.overdue as i32;
            for offset in (first_open - 36)..first_open {
                invoice_seq += 1;
                paid_month(
                    &tx,
                    c,
                    &id,
                    &contract_id,
                    *price,
                    due_day(today, offset),
                    invoice_seq,
                )?;
            }
            for n in 0..open {
                invoice_seq += 1;
                let due = due_day(today, first_open + n as i32);
                open_invoice(&tx, c, &id, &contract_id, *price, due, today, invoice_seq)?;
            }
        }
        // One declaration per full year already paid.
        for year in (today.year() - 3)..today.year() {
            let quit_id = format!("Q{id}{year}");
            let total: i64 = c.contracts.iter().map(|(_, p)| p * 12).sum();
            store::put(
                &tx,
                "quitacao",
                &quit_id,
                &id,
                &body(json!({
                    "id_quitacao": quit_id,
                    "ano": year.to_string(),
                    "valor": money(total),
                    "url_arquivo": format!("/documentos/quitacoes/{quit_id}.pdf"),
                })),
            )?;
        }
    }
    store::mark_seeded(&tx)?;
    tx.commit()
}

fn customer(conn: &Connection, c: &CustomerSeed, id: &str) -> rusqlite::Result<()> {
    let person = if c.birth.is_some() {
        "Física"
    } else {
        "Jurídica"
    };
    let registered = "2019-05-20";
    let active = if c.active { "S" } else { "N" };
    let value = if c.old_vocabulary {
        json!({
            "id_cliente": id, "nome": c.name, "tipo_pessoa": person, "cnpj_cpf": c.document,
            "data_nascimento": c.birth.unwrap_or(""), "data_cadastro": registered, "ativo": active,
            "endereco": c.street, "numero": c.number, "cep": c.cep, "cidade": c.city,
            "complemento": "", "bairro": c.district, "uf": "PE",
            "email": c.email, "telefone_celular": c.mobile, "whatsapp": c.mobile, "fone": "",
        })
    } else {
        json!({
            "nome_completo": c.name, "aniversario": c.birth.unwrap_or(""), "data_registro": registered,
            "ativo": active, "id_remoto": id, "id_contrato": format!("{id}1"),
            "rua_endereco": c.street, "numero_endereco": c.number, "cep_endereco": c.cep,
            "cidade_endereco": c.city, "complemento_endereco": "", "bairro_endereco": c.district,
            "estado_endereco": "PE", "email": c.email, "telefone_celular": c.mobile, "whatsapp": c.mobile,
        })
    };
    store::put(conn, "customer", id, c.document, &body(value))
}

fn boleto(invoice: u64, due: Date, amount: i64) -> String {
    let free_field = format!("{:011}{:014}", 4_812_345, invoice);
    Cobranca::build(BANK, Some(due), Centavos(amount), &free_field)
        .map(|c| c.linha())
        .unwrap_or_default()
}

fn pix(invoice: u64, amount: i64) -> String {
    StaticBrCode {
        key: PIX_KEY.into(),
        info: Some(format!("Fatura {invoice}")),
        amount: Some(Centavos(amount)),
        merchant_name: PAYEE.into(),
        merchant_city: PAYEE_CITY.into(),
        txid: Some(format!("FAT{invoice}")),
    }
    .to_payload()
    .unwrap_or_default()
}

#[allow(clippy::too_many_arguments)]
fn open_invoice(
    conn: &Connection,
    c: &CustomerSeed,
    id: &str,
    contract: &str,
    price: i64,
    due: Date,
    today: Date,
    n: u64,
) -> rusqlite::Result<()> {
    let late_days = (today - due).whole_days().max(0);
    let (interest, fine, discount) = if late_days > 0 {
        // 1 % a month pro rata, 2 % fine, and a R$ 5,00 negotiated discount.
        (price * late_days / 3000, price * 2 / 100, 500)
    } else {
        (0, 0, 0)
    };
    let current = price + interest + fine - discount;
    let invoice_id = n.to_string();
    store::put(
        conn,
        "invoice",
        &invoice_id,
        id,
        &body(json!({
            "id_fatura": invoice_id,
            "code_fatura": format!("{invoice_id}-{}", c.document),
            "nome_cliente": c.name,
            "document_number": c.document,
            "remote_id": id,
            "valor_inicial": money(price),
            "valor_atual": money(current),
            "juros": money(interest),
            "multa": money(fine),
            "desconto": money(discount),
            "data_emissao": iso(due - Duration::days(20)),
            "data_vencimento": iso(due),
            "historico": format!("Mensalidade {} — {:02}/{}", c.contracts.first().map_or("", |p| p.0), u8::from(due.month()), due.year()),
            "bank_code": BANK,
            "linha_digitavel": boleto(n, due, price),
            "integration_id": "1",
            "identifier": "carteira-17",
            // Roberto's ERP forgets to update the PIX amount of late invoices: the portal must
        // show the difference rather than hide it.
        "pix_code": pix(n, if c.document == STALE_PIX_DOCUMENT { price } else { current }),
            "contract_id": contract,
            "bill_receipt": "",
            "bill_pix_receipt": "",
            "url_boleto": format!("/documentos/boletos/{invoice_id}.pdf"),
        })),
    )
}

fn paid_month(
    conn: &Connection,
    c: &CustomerSeed,
    id: &str,
    contract: &str,
    price: i64,
    due: Date,
    n: u64,
) -> rusqlite::Result<()> {
    let invoice_id = n.to_string();
    let paid_on = due - Duration::days(2);
    store::put(
        conn,
        "statement",
        &invoice_id,
        id,
        &body(json!({
            "id_nota": invoice_id,
            "data_lancamento": iso(due - Duration::days(20)),
            "data_vencimento": iso(due),
            "data_baixa": iso(paid_on),
            "historico": format!("Mensalidade {:02}/{} — contrato {contract}", u8::from(due.month()), due.year()),
            "valor": money(price),
            "saldo": money(price),
            "cobranca": "Boleto bancário",
        })),
    )?;
    let nota_id = format!("N{invoice_id}");
    store::put(
        conn,
        "nota",
        &nota_id,
        id,
        &body(json!({
            "id_nota": nota_id,
            "id_tipo_nota": "21",
            "numero_nota": (100_000 + n).to_string(),
            "valor": money(price),
            "protocolo": format!("3526{:010}", n),
            "data_lancamento": iso(paid_on),
            "identificacao": format!("NFCom {:02}/{} — {}", u8::from(due.month()), due.year(), c.name),
            "url_nota_fiscal": format!("/documentos/notas/{nota_id}.pdf"),
        })),
    )
}

fn catalogues(conn: &Connection) -> rusqlite::Result<()> {
    let lists: [(&str, &str, Value); 9] = [
        (
            "product",
            "id_servico",
            json!([
                {"id_servico": "P1", "nome": FIBRA_300.0, "descricao": "Internet fibra 300 Mbps, Wi-Fi 5 incluso", "valor": money(FIBRA_300.1), "obs": ""},
                {"id_servico": "P2", "nome": FIBRA_500.0, "descricao": "Internet fibra 500 Mbps, Wi-Fi 6 incluso", "valor": money(FIBRA_500.1), "obs": "Mais vendido"},
                {"id_servico": "P3", "nome": FIBRA_1G.0, "descricao": "Internet fibra 1 Gbps, Wi-Fi 6 mesh", "valor": money(FIBRA_1G.1), "obs": ""},
                {"id_servico": "P4", "nome": EMPRESA.0, "descricao": "Fibra 600 Mbps com IP fixo e suporte prioritário", "valor": money(EMPRESA.1), "obs": "Somente CNPJ"},
            ]),
        ),
        (
            "reseller",
            "id_revendedor",
            json!([
                {"id_revendedor": "R1", "nome": "Loja Centro Conecta", "documento": "11444777000161", "email": "centro@revenda.example.com", "obs": ""},
                {"id_revendedor": "R2", "nome": "Parceiro Praia Net", "documento": "52998224725", "email": "praia@revenda.example.com", "obs": ""},
            ]),
        ),
        (
            "employee",
            "id_funcionario",
            json!([
                {"id_funcionario": "F1", "nome": "Lúcia Atendimento", "obs": ""},
                {"id_funcionario": "F2", "nome": "Marcos Técnico", "obs": ""},
                {"id_funcionario": "F3", "nome": "Beatriz Financeiro", "obs": ""},
            ]),
        ),
        (
            "department",
            "id_departamento",
            json!([
                {"id_departamento": "D1", "nome": "Suporte técnico", "obs": ""},
                {"id_departamento": "D2", "nome": "Financeiro", "obs": ""},
                {"id_departamento": "D3", "nome": "Comercial", "obs": ""},
            ]),
        ),
        (
            "due_day",
            "id_vencimento",
            json!([
                {"id_vencimento": "V5", "data": "dia 5", "obs": ""},
                {"id_vencimento": "V10", "data": "dia 10", "obs": ""},
                {"id_vencimento": "V15", "data": "dia 15", "obs": ""},
                {"id_vencimento": "V20", "data": "dia 20", "obs": ""},
            ]),
        ),
        (
            "origin",
            "id_origem",
            json!([
                {"id_origem": "O1", "nome": "Google"},
                {"id_origem": "O2", "nome": "Indicação de amigo"},
                {"id_origem": "O3", "nome": "Instagram"},
                {"id_origem": "O4", "nome": "Panfleto"},
            ]),
        ),
        (
            "city",
            "id_cidade",
            json!([
                {"id_cidade": "2611606", "nome": "Recife", "latitude": "-8.0476", "longitude": "-34.8770", "obs": "", "uf": "PE"},
                {"id_cidade": "2609600", "nome": "Olinda", "latitude": "-8.0089", "longitude": "-34.8553", "obs": "", "uf": "PE"},
                {"id_cidade": "2607901", "nome": "Jaboatão dos Guararapes", "latitude": "-8.1130", "longitude": "-35.0150", "obs": "", "uf": "PE"},
                {"id_cidade": "2610707", "nome": "Paulista", "latitude": "-7.9408", "longitude": "-34.8728", "obs": "", "uf": "PE"},
                {"id_cidade": "2604106", "nome": "Caruaru", "latitude": "-8.2760", "longitude": "-35.9819", "obs": "", "uf": "PE"},
            ]),
        ),
        (
            "ticket_type",
            "id_tipo_de_atendimento",
            json!([
                {"id_tipo_de_atendimento": "T1", "nome": "Sem conexão", "obs": ""},
                {"id_tipo_de_atendimento": "T2", "nome": "Internet lenta", "obs": ""},
                {"id_tipo_de_atendimento": "T3", "nome": "Dúvida sobre fatura", "obs": ""},
                {"id_tipo_de_atendimento": "T4", "nome": "Mudança de endereço", "obs": ""},
                {"id_tipo_de_atendimento": "T5", "nome": "Outros assuntos", "obs": ""},
            ]),
        ),
        (
            "prospect_status",
            "status_prospeccao",
            json!([
                {"status_prospeccao": "1", "nome": "Inicial", "obs": ""},
                {"status_prospeccao": "2", "nome": "Em análise", "obs": ""},
                {"status_prospeccao": "3", "nome": "Reprovado", "obs": ""},
                {"status_prospeccao": "4", "nome": "Suspenso", "obs": ""},
                {"status_prospeccao": "5", "nome": "Aprovado", "obs": ""},
                {"status_prospeccao": "6", "nome": "Cancelado", "obs": ""},
            ]),
        ),
    ];
    for (kind, key, items) in lists {
        for item in items.as_array().into_iter().flatten() {
            let id = item
                .get(key)
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string();
            store::put(conn, kind, &id, "", &body(item.clone()))?;
        }
    }
    Ok(())
}
