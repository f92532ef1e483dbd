//! Every endpoint of the contract round-tripped through `ErpClient` against a live demo ERP
//! on a loopback port, with real SQLite: reads, writes that persist across a restart, token
//! rejection, timeouts, malformed bodies, and `erp-check`.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::Duration;

use base64::Engine as _;
use brazil::{Boleto, BrCode, Centavos, CpfOuCnpj, Date};
use demo_erp::{DemoErp, Options, app, seed};
use erp::types::*;
use erp::{Endpoint, ErpClient, ErpConfig, ErpError, Parsed, check};

const TOKEN: &str = "segredo-de-teste";

fn today() -> Date {
    Date::from_calendar_date(2026, time::Month::November, 28).unwrap()
}

struct Running {
    erp: Arc<DemoErp>,
    base: String,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Running {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn start(db: &Path) -> Running {
    let erp = DemoErp::open(&Options {
        database: db.to_path_buf(),
        token: TOKEN.into(),
        seed: 1,
        today: today(),
    })
    .unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let router = app(erp.clone());
    let task = tokio::spawn(async move {
        let _ = axum::serve(listener, router).await;
    });
    Running { erp, base, task }
}

fn client(base: &str) -> ErpClient {
    let mut config = ErpConfig::new(base, TOKEN);
    config.retries = 0;
    ErpClient::new(config).unwrap()
}

fn doc(text: &str) -> CpfOuCnpj {
    CpfOuCnpj::parse(text).unwrap()
}

/// The text a PDF shows: its literal `(…)` and hex `<…>` strings, decoded as Latin-1.
fn pdf_text(pdf: &[u8]) -> String {
    let mut out = String::new();
    let mut i = 0;
    while i < pdf.len() {
        match pdf[i] {
            b'(' => {
                let end = pdf[i..]
                    .iter()
                    .position(|b| *b == b')')
                    .map_or(pdf.len(), |p| i + p);
                out.extend(pdf[i + 1..end].iter().map(|b| char::from(*b)));
                out.push('\n');
                i = end;
            }
            b'<' if pdf.get(i + 1).is_some_and(u8::is_ascii_hexdigit) => {
                let end = pdf[i..]
                    .iter()
                    .position(|b| *b == b'>')
                    .map_or(pdf.len(), |p| i + p);
                let hex = &pdf[i + 1..end];
                out.extend(
                    hex.chunks(2)
                        .filter_map(|h| u8::from_str_radix(std::str::from_utf8(h).ok()?, 16).ok())
                        .map(char::from),
                );
                out.push('\n');
                i = end;
            }
            _ => {}
        }
        i += 1;
    }
    out
}

fn some(text: &str) -> Parsed<String> {
    Parsed::Ok(text.to_string())
}

#[tokio::test]
async fn customer_lookup_reads_both_vocabularies() {
    let dir = tempfile::tempdir().unwrap();
    let erp = start(&dir.path().join("erp.sqlite")).await;
    let c = client(&erp.base);

    let maria = c.customer(&doc("529.982.247-25")).await.unwrap().unwrap();
    assert_eq!(maria.name.text(), "Maria Aparecida da Silva");
    assert_eq!(maria.id.text(), "1001");
    assert_eq!(
        maria.birth_date,
        Parsed::Ok(Date::from_calendar_date(1985, time::Month::March, 14).unwrap())
    );
    assert_eq!(maria.active, Parsed::Ok(true));
    assert_eq!(maria.cep.text(), "50050000");

    let pedro = c.customer(&doc("255.248.930-33")).await.unwrap().unwrap();
    assert_eq!(
        pedro.name.text(),
        "Pedro Henrique Alves",
        "old vocabulary `nome`"
    );
    assert_eq!(pedro.id.text(), "1006", "old vocabulary `id_cliente`");
    assert_eq!(pedro.email.text(), "pedro.alves@example.com");
    assert_eq!(pedro.whatsapp.text(), "81955554444");

    let company = c
        .customer(&doc("12.abc.345/01de-35"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(company.name.text(), "Tech Nova Soluções S.A.");
    assert_eq!(
        c.customer(&doc("111.444.777-35"))
            .await
            .unwrap()
            .map(|c| c.id.text().to_string()),
        Some("1002".into())
    );
    assert_eq!(
        c.customer(&doc("868.263.820-75")).await.unwrap(),
        None,
        "unknown document"
    );
}

#[tokio::test]
async fn invoices_carry_valid_codes_that_agree_with_the_amounts() {
    let dir = tempfile::tempdir().unwrap();
    let erp = start(&dir.path().join("erp.sqlite")).await;
    let c = client(&erp.base);
    let mut total = 0;
    for seed in seed::CUSTOMERS {
        let invoices = c.open_invoices(&doc(seed.document), None).await.unwrap();
        for invoice in &invoices {
            total += 1;
            let boleto = Boleto::parse(invoice.linha_digitavel.text()).expect("valid linha");
            assert_eq!(boleto.amount(), invoice.original_amount.ok().copied());
            assert_eq!(boleto.due_date(today()), invoice.due_on.ok().copied());
            let pix = BrCode::parse(invoice.pix_code.text()).expect("valid BR Code");
            if seed.document == seed::STALE_PIX_DOCUMENT
                && invoice.due_on.ok().is_some_and(|d| *d < today())
            {
                assert_eq!(
                    pix.amount,
                    invoice.original_amount.ok().copied(),
                    "the deliberate stale PIX amount"
                );
                assert_ne!(pix.amount, invoice.current_amount.ok().copied());
            } else {
                assert_eq!(pix.amount, invoice.current_amount.ok().copied());
            }
            let current = invoice.original_amount.ok().unwrap().get()
                + invoice.interest.ok().unwrap().get()
                + invoice.fine.ok().unwrap().get()
                - invoice.discount.ok().unwrap().get();
            assert_eq!(invoice.current_amount, Parsed::Ok(Centavos(current)));
            assert!(invoice.boleto_url.ok().is_some());
        }
    }
    assert!(total >= 15, "{total} open invoices seeded");

    // Ana is overdue: juros, multa and desconto are all there.
    let ana = c.open_invoices(&doc("123.456.789-09"), None).await.unwrap();
    let overdue: Vec<_> = ana
        .iter()
        .filter(|i| i.due_on.ok().is_some_and(|d| *d < today()))
        .collect();
    assert_eq!(overdue.len(), 2);
    for i in overdue {
        assert!(
            i.interest.ok().unwrap().get() > 0
                && i.fine.ok().unwrap().get() > 0
                && i.discount.ok().unwrap().get() > 0
        );
    }
    // Carlos has nothing open.
    assert!(
        c.open_invoices(&doc("287.792.958-27"), None)
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn contracts_filter_invoices_and_lists_need_the_right_customer() {
    let dir = tempfile::tempdir().unwrap();
    let erp = start(&dir.path().join("erp.sqlite")).await;
    let c = client(&erp.base);
    let joao = doc("111.444.777-35");
    let contracts = c.contracts(&joao).await.unwrap();
    assert_eq!(contracts.len(), 3);
    let all = c.open_invoices(&joao, None).await.unwrap();
    for contract in &contracts {
        let id = contract.id.text();
        let mine = c.open_invoices(&joao, Some(id)).await.unwrap();
        assert!(!mine.is_empty());
        assert!(
            mine.iter()
                .all(|i| i.contract_ids.ok().unwrap().contains(id))
        );
        assert!(mine.len() < all.len());
    }

    let notas = c.notas_fiscais(&joao, "1002").await.unwrap();
    assert!(
        notas.len() >= 36 * 3,
        "three years of notas for three contracts"
    );
    assert!(
        notas
            .iter()
            .all(|n| n.amount.ok().is_some() && n.posted_on.ok().is_some())
    );
    let statement = c.statement(&joao, "1002").await.unwrap();
    assert_eq!(statement.len(), notas.len());
    let quitacoes = c.quitacoes(&joao, "1002").await.unwrap();
    assert_eq!(
        quitacoes
            .iter()
            .filter_map(|q| q.year.ok().copied())
            .collect::<Vec<_>>(),
        [2023, 2024, 2025]
    );
    let services = c.services(&joao, "1002").await.unwrap();
    assert_eq!(services.len(), 3);

    // Another customer's id with this document: refused.
    assert!(matches!(
        c.notas_fiscais(&joao, "1001").await,
        Err(ErpError::Status { status: 404, .. })
    ));
}

#[tokio::test]
async fn catalogues_answer() {
    let dir = tempfile::tempdir().unwrap();
    let erp = start(&dir.path().join("erp.sqlite")).await;
    let c = client(&erp.base);
    assert_eq!(
        c.products().await.unwrap()[1].price,
        Parsed::Ok(Centavos(12_990))
    );
    assert_eq!(c.resellers().await.unwrap().len(), 2);
    assert_eq!(c.employees().await.unwrap().len(), 3);
    assert_eq!(
        c.departments().await.unwrap()[0].name,
        some("Suporte técnico")
    );
    assert_eq!(c.due_days().await.unwrap()[0].label, some("dia 5"));
    assert_eq!(c.origins().await.unwrap().len(), 4);
    assert_eq!(
        c.cities().await.unwrap()[2].name,
        some("Jaboatão dos Guararapes")
    );
    assert_eq!(c.ticket_types().await.unwrap().len(), 5);
    assert_eq!(
        c.prospect_statuses().await.unwrap()[4].name,
        some("Aprovado")
    );
}

#[tokio::test]
async fn writes_persist_across_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("erp.sqlite");
    let png = b"\x89PNG\r\n\x1a\nfake image bytes".to_vec();
    let b64 = |b: &[u8]| base64::engine::general_purpose::STANDARD.encode(b);
    let (prospect_id, ticket_id, paid_invoice, lead_id);
    {
        let erp = start(&db).await;
        let c = client(&erp.base);
        let ana = doc("123.456.789-09");

        // Ticket with an attachment.
        let ticket = c
            .create_ticket(&NewTicket {
                customer_id: some("1003"),
                service_id: some("S10031"),
                type_id: some("T1"),
                department_id: some("D1"),
                subject: some("Sem conexão"),
                message: some("Luz vermelha no roteador."),
                attachments: Parsed::Ok(vec![TicketAttachment {
                    base64: Parsed::Ok(b64(&png)),
                    name: some("roteador.png"),
                    ..Default::default()
                }]),
                ..Default::default()
            })
            .await
            .unwrap();
        ticket_id = ticket.id.text().to_string();
        assert!(!ticket_id.is_empty(), "id read from the misspelled key");

        // Unlock: eligible service goes through, then is not eligible any more.
        let reply = c
            .provisional_unlock(&UnlockRequest {
                customer_id: some("1003"),
                service_id: some("S10031"),
            })
            .await
            .unwrap();
        assert_eq!(reply.status, some("Habilitado provisoriamente"));
        assert_eq!(
            reply.until.ok().copied(),
            Some(today() + time::Duration::days(seed::UNLOCK_DAYS))
        );
        let again = c
            .provisional_unlock(&UnlockRequest {
                customer_id: some("1003"),
                service_id: some("S10031"),
            })
            .await
            .unwrap();
        assert!(
            again.notes.text().contains("em uso"),
            "a second unlock is refused: {:?}",
            again.notes
        );
        assert_eq!(again.until, Parsed::Absent);
        let refused = c
            .provisional_unlock(&UnlockRequest {
                customer_id: some("1005"),
                service_id: some("S10051"),
            })
            .await
            .unwrap();
        assert_eq!(refused.status, some("Suspenso"));
        assert!(
            refused.notes.text().contains("já utilizada"),
            "{:?}",
            refused.notes
        );

        // Contact data.
        c.update_customer(&CustomerUpdate {
            customer_id: some("1003"),
            email: some("ana.nova@example.com"),
            whatsapp: some("81912345678"),
            ..Default::default()
        })
        .await
        .unwrap();

        // Payment notice takes the invoice off the open list.
        let open = c.open_invoices(&ana, None).await.unwrap();
        paid_invoice = open[0].id.text().to_string();
        c.payment_notice(&PaymentNotice {
            customer_id: some("1003"),
            invoice_id: some(&paid_invoice),
            ..Default::default()
        })
        .await
        .unwrap();

        // Prospect with a document, a file for it, a status change; a lead.
        let created = c
            .create_prospect(&NewProspect {
                name: some("Cliente Novo"),
                document: some("168.995.350-09"),
                person_type: some("Física"),
                install_city: some("Olinda"),
                services: Parsed::Ok(vec![ProspectService { id: some("P2") }]),
                attachments: Parsed::Ok(vec![ProspectAttachment {
                    name: some("rg.png"),
                    format: some("png"),
                    base64: Parsed::Ok(b64(&png)),
                }]),
                ..Default::default()
            })
            .await
            .unwrap();
        prospect_id = created.id.text().to_string();
        c.upload_file(&FileUpload {
            prospect_id: some(&prospect_id),
            file_name: some("comprovante.pdf"),
            base64: Parsed::Ok(b64(b"%PDF-1.4 test")),
            ..Default::default()
        })
        .await
        .unwrap();
        c.update_prospect(&ProspectUpdate {
            id: some(&prospect_id),
            status_id: some("5"),
            ..Default::default()
        })
        .await
        .unwrap();
        let lead = c
            .create_lead(&NewLead {
                name: some("Vizinho Interessado"),
                city: some("Garanhuns"),
                cep: some("55290000"),
                ..Default::default()
            })
            .await
            .unwrap();
        assert!(!lead.id.text().is_empty());
        lead_id = lead.id.text().to_string();
    }
    // Same database, new process state.
    let erp = start(&db).await;
    let c = client(&erp.base);
    let ana = doc("123.456.789-09");
    let customer = c.customer(&ana).await.unwrap().unwrap();
    assert_eq!(customer.email, some("ana.nova@example.com"));
    assert_eq!(customer.whatsapp, some("81912345678"));
    let services = c.services(&ana, "1003").await.unwrap();
    assert_eq!(services[0].status, some("Habilitado provisoriamente"));
    assert!(
        c.open_invoices(&ana, None)
            .await
            .unwrap()
            .iter()
            .all(|i| i.id.text() != paid_invoice)
    );
    assert!(
        c.statement(&ana, "1003")
            .await
            .unwrap()
            .iter()
            .any(|e| e.invoice_id.text() == paid_invoice)
    );
    assert_eq!(
        erp.erp.files("ticket", &ticket_id).unwrap(),
        vec![("roteador.png".to_string(), png.clone())]
    );
    let files = erp.erp.files("prospect", &prospect_id).unwrap();
    assert_eq!(files.len(), 2);
    assert_eq!(files[0].1, png);
    let state = c.prospect_status(&prospect_id).await.unwrap().unwrap();
    assert_eq!(state.status, some("Aprovado"));
    assert_eq!(c.prospect_status("999999").await.unwrap(), None);
    let lead = erp
        .erp
        .record("lead", &lead_id)
        .unwrap()
        .expect("the lead persisted");
    assert_eq!(lead.get("CEP").and_then(|v| v.as_str()), Some("55290000"));
    assert_eq!(
        lead.get("cidade").and_then(|v| v.as_str()),
        Some("Garanhuns")
    );
}

#[tokio::test]
async fn bad_writes_are_refused_with_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let erp = start(&dir.path().join("erp.sqlite")).await;
    let c = client(&erp.base);
    let bad_base64 = c
        .create_ticket(&NewTicket {
            customer_id: some("1001"),
            subject: some("x"),
            message: some("y"),
            attachments: Parsed::Ok(vec![TicketAttachment {
                base64: some("não é base64!"),
                name: some("a.png"),
                ..Default::default()
            }]),
            ..Default::default()
        })
        .await;
    assert!(
        matches!(bad_base64, Err(ErpError::Status { status: 422, ref reason, .. }) if reason.as_deref().is_some_and(|r| r.contains("base64"))),
        "{bad_base64:?}"
    );
    let foreign_service = c
        .create_ticket(&NewTicket {
            customer_id: some("1001"),
            service_id: some("S10031"),
            subject: some("x"),
            message: some("y"),
            ..Default::default()
        })
        .await;
    assert!(matches!(
        foreign_service,
        Err(ErpError::Status { status: 404, .. })
    ));
    let bad_prospect = c
        .create_prospect(&NewProspect {
            name: some("X"),
            document: some("123"),
            ..Default::default()
        })
        .await;
    assert!(matches!(
        bad_prospect,
        Err(ErpError::Status { status: 422, .. })
    ));
}

#[tokio::test]
async fn documents_are_real_pdfs() {
    let dir = tempfile::tempdir().unwrap();
    let erp = start(&dir.path().join("erp.sqlite")).await;
    let c = client(&erp.base);
    let maria = doc("529.982.247-25");
    let invoice = &c.open_invoices(&maria, None).await.unwrap()[0];
    let (kind, pdf) = c
        .fetch_file(invoice.boleto_url.text(), 1 << 20)
        .await
        .unwrap();
    assert_eq!(kind.as_deref(), Some("application/pdf"));
    assert!(pdf.starts_with(b"%PDF-"));
    let text = pdf_text(&pdf);
    assert!(
        text.contains("Maria Aparecida da Silva") && text.contains("529.982.247-25"),
        "{text}"
    );
    assert!(
        text.contains("Provedor Demo \u{97} boleto"),
        "the dash is WinAnsi's em dash, not a question mark: {text}"
    );
    let boleto = Boleto::parse(invoice.linha_digitavel.text()).unwrap();
    assert!(
        text.contains(&boleto.linha_formatted()),
        "the boleto shows its linha digitável"
    );
    assert_eq!(
        pdfdoc::read::barcode_modules(&pdf),
        brazil::itf::modules(boleto.barcode()).unwrap(),
        "the bars drawn are the boleto's barcode"
    );
    let nota = &c.notas_fiscais(&maria, "1001").await.unwrap()[0];
    let (_, pdf) = c.fetch_file(nota.pdf_url.text(), 1 << 20).await.unwrap();
    assert!(pdf_text(&pdf).contains(&format!("Número: {}", nota.number.text())));
    let quitacao = &c.quitacoes(&maria, "1001").await.unwrap()[0];
    let (_, pdf) = c
        .fetch_file(quitacao.pdf_url.text(), 1 << 20)
        .await
        .unwrap();
    let text = pdf_text(&pdf);
    assert!(
        text.contains("Ano de referência: 2023") && text.contains("Lei 12.007/2009"),
        "{text}"
    );
    assert!(
        matches!(
            c.fetch_file(quitacao.pdf_url.text(), 100).await,
            Err(ErpError::Malformed { .. })
        ),
        "size cap"
    );
}

#[tokio::test]
async fn wrong_token_slow_erp_and_malformed_bodies_are_typed_errors() {
    let dir = tempfile::tempdir().unwrap();
    let erp = start(&dir.path().join("erp.sqlite")).await;
    let maria = doc("529.982.247-25");

    let wrong = ErpClient::new(ErpConfig::new(&erp.base, "outro-token")).unwrap();
    assert_eq!(
        wrong.open_invoices(&maria, None).await,
        Err(ErpError::TokenRejected(401))
    );

    let mut config = ErpConfig::new(&erp.base, TOKEN);
    config.read_timeout = Duration::from_millis(200);
    config.retries = 1;
    config.backoff = Duration::from_millis(10);
    let impatient = ErpClient::new(config).unwrap();
    erp.erp.switches.latency_ms.store(600, Ordering::Relaxed);
    assert_eq!(
        impatient.open_invoices(&maria, None).await,
        Err(ErpError::Timeout)
    );
    erp.erp.switches.latency_ms.store(0, Ordering::Relaxed);

    erp.erp.switches.malformed.store(true, Ordering::Relaxed);
    let malformed = client(&erp.base).open_invoices(&maria, None).await;
    assert!(
        matches!(malformed, Err(ErpError::Malformed { bytes, .. }) if bytes > 0),
        "{malformed:?}"
    );
    erp.erp.switches.malformed.store(false, Ordering::Relaxed);

    // Half the calls fail: a read retries through them, a write does not.
    erp.erp
        .switches
        .failure_percent
        .store(50, Ordering::Relaxed);
    let mut config = ErpConfig::new(&erp.base, TOKEN);
    config.backoff = Duration::from_millis(1);
    config.retries = 3;
    let patient = ErpClient::new(config).unwrap();
    assert!(patient.open_invoices(&maria, None).await.is_ok());
    erp.erp
        .switches
        .failure_percent
        .store(100, Ordering::Relaxed);
    let write = patient
        .update_customer(&CustomerUpdate {
            customer_id: some("1001"),
            ..Default::default()
        })
        .await;
    assert!(matches!(write, Err(ErpError::Status { status: 500, .. })));

    let unreachable = ErpClient::new(ErpConfig {
        retries: 0,
        ..ErpConfig::new("http://127.0.0.1:9", TOKEN)
    })
    .unwrap();
    assert!(matches!(
        unreachable.products().await,
        Err(ErpError::Unreachable(_))
    ));
}

#[tokio::test]
async fn erp_check_reports_a_clean_erp_and_a_broken_one() {
    let dir = tempfile::tempdir().unwrap();
    let erp = start(&dir.path().join("erp.sqlite")).await;
    let c = client(&erp.base);
    let report = check::run(&c, &doc("529.982.247-25"), None).await;
    assert_eq!(report.endpoints.len(), 17);
    assert!(
        report.endpoints.iter().all(|e| e.outcome.is_ok()),
        "{}",
        report.render()
    );
    assert_eq!(report.exit_code(), 0);
    assert!(
        report
            .render()
            .contains("OK    2. Pegar boletos abertos/faturas")
    );
    let invoices = report
        .endpoints
        .iter()
        .find(|e| e.endpoint == Endpoint::OpenInvoices)
        .unwrap();
    assert!(
        invoices
            .fields
            .iter()
            .any(|f| f.name == "linha_digitavel" && f.ok == 2)
    );

    let extensions = report.render();
    assert!(
        extensions.contains("[sim] url_boleto nas faturas (2)"),
        "{extensions}"
    );

    // The same ERP speaking exactly version 21: the extensions are gone, nothing fails.
    erp.erp
        .switches
        .profile
        .set(demo_erp::profile::Profile::V21);
    let strict = check::run(&c, &doc("529.982.247-25"), None).await;
    assert_eq!(strict.exit_code(), 0, "{}", strict.render());
    let offered: Vec<(&str, bool)> = strict
        .extensions()
        .into_iter()
        .map(|(w, o, _)| (w, o))
        .collect();
    assert!(
        offered.contains(&("url_boleto nas faturas (2)", false)),
        "{offered:?}"
    );
    assert!(
        offered.contains(&("contratos do cliente (3)", true)),
        "{offered:?}"
    );
    // v18 has no contracts endpoint: reported, optional, not a failure.
    erp.erp
        .switches
        .profile
        .set(demo_erp::profile::Profile::V18);
    let older = check::run(&c, &doc("529.982.247-25"), None).await;
    assert!(older.render().contains("AUSENTE 3."), "{}", older.render());
    assert_eq!(older.exit_code(), 0, "{}", older.render());
    erp.erp
        .switches
        .profile
        .set(demo_erp::profile::Profile::Estendido);

    erp.erp.switches.malformed.store(true, Ordering::Relaxed);
    let broken = check::run(&c, &doc("529.982.247-25"), None).await;
    assert_eq!(broken.exit_code(), 1);
    assert!(broken.render().contains("FALHA"));
}

#[test]
fn seeded_documents_are_valid_and_deterministic() {
    assert!(seed::documents_are_valid());
    assert!(seed::CUSTOMERS.len() >= 12);
    let dir = tempfile::tempdir().unwrap();
    let dump = |name: &str| {
        let erp = DemoErp::open(&Options {
            database: dir.path().join(name),
            token: TOKEN.into(),
            seed: 7,
            today: today(),
        })
        .unwrap();
        (
            erp.record("invoice", "0").ok(),
            erp.record("customer", "1003").unwrap(),
        )
    };
    assert_eq!(dump("a.sqlite"), dump("b.sqlite"));
}

#[test]
fn the_readme_lists_every_demo_customer() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../README.md")).unwrap();
    for c in seed::CUSTOMERS {
        let formatted = CpfOuCnpj::parse(c.document).unwrap().formatted();
        let row = readme
            .lines()
            .find(|l| l.contains(&format!("`{formatted}`")))
            .unwrap_or_else(|| panic!("{formatted} missing from the README"));
        assert!(row.contains(c.name), "{row}");
        let factor = match c.birth {
            Some(b) => format!("{}/{}/{}", &b[8..10], &b[5..7], &b[0..4]),
            None => format!("{}-{}", &c.cep[..5], &c.cep[5..]),
        };
        assert!(
            row.contains(&factor),
            "{row} must give the second factor {factor}"
        );
    }
}

#[tokio::test]
async fn files_come_only_from_the_erp_or_an_allowed_host_and_redirects_stay_home() {
    use std::sync::Arc;
    use std::sync::atomic::AtomicUsize;

    // A host inside the ISP's network that an ERP answer must not reach.
    let reached = Arc::new(AtomicUsize::new(0));
    let counter = reached.clone();
    let inside = axum::Router::new().fallback(move || {
        counter.fetch_add(1, Ordering::SeqCst);
        async { "segredo" }
    });
    let inside_listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let inside_url = format!("http://{}", inside_listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(inside_listener, inside).await });
    // An ERP whose link redirects there.
    let target = format!("{inside_url}/admin");
    let erp = axum::Router::new().route(
        "/salto.pdf",
        axum::routing::get(move || {
            let target = target.clone();
            async move { axum::response::Redirect::temporary(&target) }
        }),
    );
    let erp_listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let erp_url = format!("http://{}", erp_listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(erp_listener, erp).await });

    let c = ErpClient::new(ErpConfig::new(&erp_url, TOKEN)).unwrap();
    let direct = c.fetch_file(&format!("{inside_url}/admin"), 1 << 20).await;
    assert!(
        matches!(direct, Err(ErpError::Malformed { .. })),
        "{direct:?}"
    );
    let redirected = c.fetch_file("/salto.pdf", 1 << 20).await;
    assert!(
        matches!(redirected, Err(ErpError::Status { status: 307, .. })),
        "{redirected:?}"
    );
    assert_eq!(
        reached.load(Ordering::SeqCst),
        0,
        "nothing reached the inside host"
    );

    // A host the ISP allows is fetched, without the token.
    let mut config = ErpConfig::new(&erp_url, TOKEN);
    config.file_hosts = vec!["127.0.0.1".into()];
    let allowed = ErpClient::new(config).unwrap();
    let (_, bytes) = allowed
        .fetch_file(&format!("{inside_url}/arquivo.pdf"), 1 << 20)
        .await
        .unwrap();
    assert_eq!(bytes, b"segredo");
}
