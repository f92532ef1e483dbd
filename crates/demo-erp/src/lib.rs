//! A reference ERP that implements Central's ERP contract over SQLite: the demo behind
//! `make run`, the fixture of every test, and an example for ERP vendors. It answers at the
//! ERP client's default routes and requires the configured token.

pub mod pdf;
pub mod seed;
pub mod store;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use axum::{
    Json, Router,
    body::Bytes,
    extract::{Path, Query, Request, State},
    http::{HeaderMap, StatusCode, header},
    middleware::{self, Next},
    response::{IntoResponse, Response},
    routing::{get, post},
};
use base64::Engine as _;
use brazil::{Boleto, Centavos, CpfOuCnpj, Date};
use erp::Endpoint;
use rusqlite::Connection;
use serde::Deserialize;
use serde_json::{Map, Value, json};
use time::Duration;

use crate::store::Body;

/// Largest attachment the demo ERP stores (decoded).
pub const MAX_FILE_BYTES: usize = 10 * 1024 * 1024;

/// How the demo ERP runs.
#[derive(Debug, Clone)]
pub struct Options {
    pub database: PathBuf,
    pub token: String,
    pub seed: u64,
    /// The day the seed is built around (today unless a test fixes it).
    pub today: Date,
}

/// Switches that tests flip to see how Central copes with a bad ERP.
#[derive(Debug, Default)]
pub struct Switches {
    /// Milliseconds added before every answer.
    pub latency_ms: AtomicU64,
    /// Percentage (0–100) of contract calls answered with HTTP 500.
    pub failure_percent: AtomicU32,
    /// Answer contract calls with a body that is not JSON.
    pub malformed: AtomicBool,
    counter: AtomicU64,
}

/// The running demo ERP: its database, token and switches.
pub struct DemoErp {
    db: Mutex<Connection>,
    token: String,
    today: Date,
    pub switches: Switches,
}

type Shared = Arc<DemoErp>;

/// An answer of the contract: status and JSON body.
type Answer = (StatusCode, Json<Value>);

fn reply(status: StatusCode, body: Value) -> Answer {
    (status, Json(body))
}

fn bad_request(obs: &str) -> Answer {
    reply(
        StatusCode::UNPROCESSABLE_ENTITY,
        json!({"status": "erro", "obs": obs}),
    )
}

fn not_found(obs: &str) -> Answer {
    reply(StatusCode::NOT_FOUND, json!({"status": "erro", "obs": obs}))
}

fn internal(e: rusqlite::Error) -> Answer {
    tracing::error!(error = %e, "database error");
    reply(
        StatusCode::INTERNAL_SERVER_ERROR,
        json!({"status": "erro", "obs": "erro interno do ERP"}),
    )
}

impl DemoErp {
    /// Opens the database, seeding it on first start.
    ///
    /// # Errors
    /// SQLite errors.
    pub fn open(options: &Options) -> rusqlite::Result<Shared> {
        let mut conn = store::open(&options.database)?;
        if !store::is_seeded(&conn)? {
            seed::seed(&mut conn, options.seed, options.today)?;
        }
        Ok(Arc::new(Self {
            db: Mutex::new(conn),
            token: options.token.clone(),
            today: options.today,
            switches: Switches::default(),
        }))
    }

    fn with_db<T>(
        &self,
        f: impl FnOnce(&Connection) -> rusqlite::Result<T>,
    ) -> rusqlite::Result<T> {
        let conn = self
            .db
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        f(&conn)
    }

    /// The files stored for a record (ticket, prospect), for tests and operators.
    ///
    /// # Errors
    /// SQLite errors.
    pub fn files(
        &self,
        owner_kind: &str,
        owner_id: &str,
    ) -> rusqlite::Result<Vec<(String, Vec<u8>)>> {
        self.with_db(|c| store::files(c, owner_kind, owner_id))
    }

    /// A stored record in its wire form.
    ///
    /// # Errors
    /// SQLite errors.
    pub fn record(&self, kind: &str, id: &str) -> rusqlite::Result<Option<Body>> {
        self.with_db(|c| store::get(c, kind, id))
            .map(|r| r.map(|(_, b)| b))
    }
}

/// The router: every endpoint at its default route, the documents, and the switches.
pub fn app(erp: Shared) -> Router {
    let mut router = Router::new();
    for endpoint in Endpoint::ALL {
        let route = endpoint.default_route();
        let handler = move |State(erp): State<Shared>,
                            Query(query): Query<HashMap<String, String>>,
                            body: Bytes| async move {
            handle(&erp, endpoint, query, &body).into_response()
        };
        router = match route.method {
            erp::Method::Get => router.route(&route.path, get(handler)),
            erp::Method::Post => router.route(&route.path, post(handler)),
            erp::Method::Put => router.route(&route.path, axum::routing::put(handler)),
        };
    }
    // Two endpoints share a path with different methods: routes above were added one method
    // at a time, and axum merges methods on the same path.
    router
        .route("/documentos/{kind}/{file}", get(document_pdf))
        .route("/_demo/chaves", post(set_switches))
        .route("/_demo/arquivos/{kind}/{id}", get(list_files))
        .route("/_demo/registros/{kind}", get(list_records))
        .route_layer(middleware::from_fn_with_state(erp.clone(), require_token))
        .route("/healthz", get(|| async { "ok" }))
        // A public page, like the ISP's own site: no token.
        .route("/_demo/site", get(host_site))
        .with_state(erp)
}

async fn require_token(
    State(erp): State<Shared>,
    headers: HeaderMap,
    request: Request,
    next: Next,
) -> Response {
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.strip_prefix("Bearer ").unwrap_or(v));
    if given != Some(erp.token.as_str()) {
        return reply(
            StatusCode::UNAUTHORIZED,
            json!({"status": "erro", "obs": "token inválido"}),
        )
        .into_response();
    }
    let latency = erp.switches.latency_ms.load(Ordering::Relaxed);
    if latency > 0 {
        tokio::time::sleep(std::time::Duration::from_millis(latency)).await;
    }
    let path = request.uri().path().to_string();
    if !path.starts_with("/_demo") {
        let percent = u64::from(
            erp.switches
                .failure_percent
                .load(Ordering::Relaxed)
                .min(100),
        );
        let n = erp.switches.counter.fetch_add(1, Ordering::Relaxed);
        // Deterministic and evenly spread: `percent` of every 100 consecutive calls fail.
        if (n + 1) * percent / 100 != n * percent / 100 {
            return reply(
                StatusCode::INTERNAL_SERVER_ERROR,
                json!({"status": "erro", "obs": "falha simulada"}),
            )
            .into_response();
        }
        if erp.switches.malformed.load(Ordering::Relaxed) && !path.starts_with("/documentos") {
            return (
                StatusCode::OK,
                [(header::CONTENT_TYPE, "application/json")],
                "{\"data\": [ {\"id_fatura\": ",
            )
                .into_response();
        }
    }
    next.run(request).await
}

#[derive(Deserialize)]
struct SwitchesBody {
    latencia_ms: Option<u64>,
    taxa_falha: Option<u32>,
    malformado: Option<bool>,
}

async fn set_switches(State(erp): State<Shared>, Json(body): Json<SwitchesBody>) -> Answer {
    let s = &erp.switches;
    if let Some(v) = body.latencia_ms {
        s.latency_ms.store(v, Ordering::Relaxed);
    }
    if let Some(v) = body.taxa_falha {
        s.failure_percent.store(v.min(100), Ordering::Relaxed);
        s.counter.store(0, Ordering::Relaxed);
    }
    if let Some(v) = body.malformado {
        s.malformed.store(v, Ordering::Relaxed);
    }
    reply(
        StatusCode::OK,
        json!({
            "latencia_ms": s.latency_ms.load(Ordering::Relaxed),
            "taxa_falha": s.failure_percent.load(Ordering::Relaxed),
            "malformado": s.malformed.load(Ordering::Relaxed),
        }),
    )
}

#[derive(Deserialize)]
struct SiteQuery {
    portal: Option<String>,
    pagina: Option<String>,
    tema: Option<String>,
}

/// An ISP's own site with the portal embedded by `embed.js`, as an ISP would paste it:
/// `?portal=http://127.0.0.1:8080&pagina=/faturas&tema=escuro`.
async fn host_site(Query(q): Query<SiteQuery>) -> axum::response::Html<String> {
    let safe = |s: &str, extra: &str| {
        s.chars()
            .all(|c| c.is_ascii_alphanumeric() || extra.contains(c))
    };
    let portal = q
        .portal
        .filter(|p| (p.starts_with("http://") || p.starts_with("https://")) && safe(p, ":/.-[]"))
        .unwrap_or_else(|| "http://127.0.0.1:8080".into());
    let page = q
        .pagina
        .filter(|p| p.starts_with('/') && safe(p, "/-"))
        .unwrap_or_else(|| "/".into());
    axum::response::Html(
        include_str!("../../../demo/site-do-provedor.html")
            .replace("__PORTAL__", portal.trim_end_matches('/'))
            .replace("__PAGINA__", &page)
            .replace(
                "__TEMA__",
                q.tema
                    .as_deref()
                    .filter(|t| matches!(*t, "claro" | "escuro"))
                    .unwrap_or(""),
            ),
    )
}

/// Every record of a kind (`prospect`, `lead`, `ticket`…), for tests and operators.
async fn list_records(State(erp): State<Shared>, Path(kind): Path<String>) -> Answer {
    match erp.with_db(|db| store::list(db, &kind, None)) {
        Ok(items) => list_answer(items),
        Err(e) => internal(e),
    }
}

async fn list_files(State(erp): State<Shared>, Path((kind, id)): Path<(String, String)>) -> Answer {
    match erp.files(&kind, &id) {
        Ok(files) => reply(
            StatusCode::OK,
            Value::Array(
                files
                    .into_iter()
                    .map(|(name, bytes)| {
                        json!({
                            "nome": name,
                            "tamanho": bytes.len(),
                            "base64": base64::engine::general_purpose::STANDARD.encode(&bytes),
                        })
                    })
                    .collect(),
            ),
        ),
        Err(e) => internal(e),
    }
}

/// The request fields: the query string, then a JSON object body on top.
fn fields(query: HashMap<String, String>, body: &[u8]) -> Map<String, Value> {
    let mut map: Map<String, Value> = query
        .into_iter()
        .map(|(k, v)| (k, Value::String(v)))
        .collect();
    if let Ok(Value::Object(extra)) = serde_json::from_slice::<Value>(body) {
        map.extend(extra);
    }
    map
}

fn text<'a>(map: &'a Map<String, Value>, keys: &[&str]) -> &'a str {
    keys.iter()
        .find_map(|k| {
            map.get(*k)
                .and_then(Value::as_str)
                .map(str::trim)
                .filter(|s| !s.is_empty())
        })
        .unwrap_or("")
}

fn list_answer(items: Vec<(String, Body)>) -> Answer {
    reply(
        StatusCode::OK,
        Value::Array(items.into_iter().map(|(_, b)| Value::Object(b)).collect()),
    )
}

fn handle(
    erp: &DemoErp,
    endpoint: Endpoint,
    query: HashMap<String, String>,
    body: &[u8],
) -> Answer {
    let f = fields(query, body);
    let result = erp.with_db(|db| {
        Ok(match endpoint {
            Endpoint::Customer => customer(db, text(&f, &["cnpj_cpf", "document", "documento"]))?,
            Endpoint::OpenInvoices => {
                let Some(id) = customer_id(db, text(&f, &["document", "cnpj_cpf"]))? else {
                    return Ok(list_answer(Vec::new()));
                };
                let contract = text(&f, &["id_contrato"]);
                let invoices = store::list(db, "invoice", Some(&id))?
                    .into_iter()
                    .filter(|(_, b)| {
                        contract.is_empty()
                            || b.get("contract_id")
                                .and_then(Value::as_str)
                                .is_some_and(|c| c.split(',').any(|x| x == contract))
                    })
                    .collect();
                list_answer(invoices)
            }
            Endpoint::Contracts => match customer_id(db, text(&f, &["document", "cnpj_cpf"]))? {
                Some(id) => list_answer(store::list(db, "contract", Some(&id))?),
                None => list_answer(Vec::new()),
            },
            Endpoint::NotasFiscais
            | Endpoint::Statement
            | Endpoint::Quitacao
            | Endpoint::Services => {
                let kind = match endpoint {
                    Endpoint::NotasFiscais => "nota",
                    Endpoint::Statement => "statement",
                    Endpoint::Quitacao => "quitacao",
                    _ => "service",
                };
                match owned_customer(db, &f)? {
                    Ok(id) => list_answer(store::list(db, kind, Some(&id))?),
                    Err(answer) => answer,
                }
            }
            Endpoint::Products => list_answer(store::list(db, "product", None)?),
            Endpoint::Resellers => list_answer(store::list(db, "reseller", None)?),
            Endpoint::Employees => list_answer(store::list(db, "employee", None)?),
            Endpoint::Departments => list_answer(store::list(db, "department", None)?),
            Endpoint::DueDays => list_answer(store::list(db, "due_day", None)?),
            Endpoint::Origins => list_answer(store::list(db, "origin", None)?),
            Endpoint::Cities => list_answer(store::list(db, "city", None)?),
            Endpoint::TicketTypes => list_answer(store::list(db, "ticket_type", None)?),
            Endpoint::ProspectStatuses => list_answer(store::list(db, "prospect_status", None)?),
            Endpoint::CreateProspect => create_prospect(db, &f)?,
            Endpoint::CreateLead => create_lead(db, &f)?,
            Endpoint::CreateTicket => create_ticket(db, &f)?,
            Endpoint::ProvisionalUnlock => unlock(db, &f, erp.today)?,
            Endpoint::UpdateProspect => update_prospect(db, &f)?,
            Endpoint::UpdateCustomer => update_customer(db, &f)?,
            Endpoint::UploadFile => upload_file(db, &f)?,
            Endpoint::PaymentNotice => payment_notice(db, &f, erp.today)?,
            Endpoint::ProspectStatus => prospect_status(db, &f)?,
        })
    });
    result.unwrap_or_else(internal)
}

/// The ERP id of the customer with `document` (masked or not).
fn customer_id(db: &Connection, document: &str) -> rusqlite::Result<Option<String>> {
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

/// Decodes a base64 attachment, refusing bad encoding and oversize files.
fn decode(content: &str) -> Result<Vec<u8>, String> {
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

fn objects(f: &Map<String, Value>, key: &str) -> Vec<Map<String, Value>> {
    match f.get(key) {
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(|i| i.as_object().cloned())
            .collect(),
        Some(Value::Object(one)) => vec![one.clone()],
        _ => Vec::new(),
    }
}

fn create_prospect(db: &Connection, f: &Map<String, Value>) -> rusqlite::Result<Answer> {
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

fn create_lead(db: &Connection, f: &Map<String, Value>) -> rusqlite::Result<Answer> {
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

fn create_ticket(db: &Connection, f: &Map<String, Value>) -> rusqlite::Result<Answer> {
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

fn iso(d: Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

fn unlock(db: &Connection, f: &Map<String, Value>, today: Date) -> rusqlite::Result<Answer> {
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

fn update_prospect(db: &Connection, f: &Map<String, Value>) -> rusqlite::Result<Answer> {
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

fn status_name(db: &Connection, code: &str) -> rusqlite::Result<String> {
    Ok(store::get(db, "prospect_status", code)?
        .map(|(_, b)| text(&b, &["nome"]).to_string())
        .unwrap_or_else(|| code.to_string()))
}

/// Contact fields a customer update may change, and where the lookup shows them.
const CONTACT_FIELDS: [&str; 5] = [
    "email",
    "fone",
    "telefone_celular",
    "whatsapp",
    "telefone_comercial",
];

fn update_customer(db: &Connection, f: &Map<String, Value>) -> rusqlite::Result<Answer> {
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

fn upload_file(db: &Connection, f: &Map<String, Value>) -> rusqlite::Result<Answer> {
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

fn payment_notice(
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

fn prospect_status(db: &Connection, f: &Map<String, Value>) -> rusqlite::Result<Answer> {
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

/// Renders the PDF of a boleto, nota fiscal or quitação from its record.
async fn document_pdf(
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
