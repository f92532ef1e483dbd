//! The gateway's state and its `/api/v1` routes: sign-in, the signed-in customer's data
//! (every id from the browser checked against the customer's own lists), and documents.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use api::{Factor, PublicConfig};
use axum::{
    Json, Router,
    extract::{ConnectInfo, FromRequestParts, Path, Query, State},
    http::{HeaderMap, HeaderValue, header, request::Parts},
    response::{IntoResponse, Response},
    routing::get,
};
use brazil::{CpfOuCnpj, Date, PersonKind};
use erp::{ErpClient, Parsed};
use serde::Deserialize;

use crate::config::Config;
use crate::error::ApiError;
use crate::limits::Limiter;
use crate::session::{self, COOKIE, Session, Sessions};

/// Everything a request handler needs.
pub struct AppState {
    pub config: Config,
    pub erp: ErpClient,
    pub sessions: Sessions,
    pub by_document: Limiter,
    pub by_address: Limiter,
    /// Sign-up writes per client address.
    pub signup_writes: Limiter,
    /// Sign-in codes sent per document.
    pub code_sends: Limiter,
    pub codes: crate::codes::Codes,
    pub delivery: crate::code_sign_in::Delivery,
    /// Prospects created per idempotency key (this gateway's memory).
    pub prospects_by_key: std::sync::Mutex<
        std::collections::HashMap<String, Arc<tokio::sync::OnceCell<api::ProspectCreated>>>,
    >,
}

pub type Shared = Arc<AppState>;

impl AppState {
    /// Builds the state from a checked configuration.
    ///
    /// # Errors
    /// A message for the operator when the ERP client or sessions cannot be set up.
    pub fn new(config: Config) -> Result<Shared, String> {
        let erp = ErpClient::new(config.erp_config()).map_err(|e| e.to_string())?;
        let sessions = Sessions::new(
            &config.session.secret,
            config.session.idle_minutes * 60,
            config.session.absolute_hours * 3600,
        )
        .map_err(|e| format!("session.secret: {e}"))?;
        let window = Duration::from_secs(config.login.window_s);
        let codes = crate::codes::Codes::new(
            &config.session.secret,
            Duration::from_secs(config.code.expires_s),
            config.code.max_tries,
            Duration::from_secs(config.code.resend_after_s),
        )
        .map_err(|e| format!("session.secret: {e}"))?;
        let delivery = crate::code_sign_in::Delivery::new(&config.code)?;
        Ok(Arc::new(Self {
            code_sends: Limiter::new(config.code.sends_per_hour, Duration::from_secs(3600)),
            codes,
            delivery,
            by_document: Limiter::new(config.login.max_failures_per_document, window),
            by_address: Limiter::new(config.login.max_failures_per_ip, window),
            signup_writes: Limiter::new(config.limits.signups_per_hour, Duration::from_secs(3600)),
            prospects_by_key: std::sync::Mutex::new(std::collections::HashMap::new()),
            config,
            erp,
            sessions,
        }))
    }

    fn cookie(&self, value: &str, max_age: u64) -> HeaderValue {
        let same_site = if self.config.session.same_site == "none-partitioned" {
            "SameSite=None; Secure; Partitioned"
        } else if self.config.behind_tls || !self.listens_on_loopback() {
            "SameSite=Lax; Secure"
        } else {
            "SameSite=Lax"
        };
        let text = format!("{COOKIE}={value}; Path=/; HttpOnly; {same_site}; Max-Age={max_age}");
        HeaderValue::from_str(&text)
            .unwrap_or_else(|_| HeaderValue::from_static("central_sessao=; Max-Age=0"))
    }

    /// Plain HTTP is only for a gateway on this machine (the demo, tests); anywhere else the
    /// cookie is `Secure`.
    fn listens_on_loopback(&self) -> bool {
        let listen = self.config.listen.as_str();
        listen
            .parse::<SocketAddr>()
            .map(|a| a.ip().is_loopback())
            .unwrap_or_else(|_| listen.starts_with("localhost:"))
    }

    fn session_cookie(&self, session: &Session) -> HeaderValue {
        self.cookie(
            &self.sessions.seal(session),
            self.config.session.absolute_hours * 3600,
        )
    }
}

/// The `/api/v1` routes.
pub fn api_routes() -> Router<Shared> {
    Router::new()
        .route("/config", get(public_config))
        .route(
            "/openapi.json",
            get(|| async { Json(crate::openapi::document()) }),
        )
        .route(
            "/sessao",
            get(current_session).post(sign_in).delete(sign_out),
        )
        .route(
            "/sessao/codigo/destinos",
            axum::routing::post(crate::code_sign_in::start),
        )
        .route(
            "/sessao/codigo/envio",
            axum::routing::post(crate::code_sign_in::send),
        )
        .route(
            "/sessao/codigo",
            axum::routing::post(crate::code_sign_in::sign_in),
        )
        .route("/contratos", get(contracts))
        .route("/faturas", get(invoices))
        .route("/faturas/{id}", get(invoice))
        .route("/faturas/{id}/boleto.pdf", get(invoice_pdf))
        .route("/extrato", get(statement))
        .route("/notas-fiscais", get(notas))
        .route("/notas-fiscais/{id}/nota.pdf", get(nota_pdf))
        .route("/quitacoes", get(quitacoes))
        .route("/quitacoes/{id}/declaracao.pdf", get(quitacao_pdf))
        .route("/servicos", get(services))
        .route(
            "/servicos/{id}/habilitacao",
            get(crate::account::unlock_info).post(crate::account::unlock),
        )
        .route("/chamados/opcoes", get(crate::account::ticket_options))
        .route(
            "/chamados",
            axum::routing::post(crate::account::create_ticket),
        )
        .route("/cadastro/planos", get(crate::signup::plans))
        .route("/cadastro/cidades", get(crate::signup::cities))
        .route("/cadastro/vencimentos", get(crate::signup::due_days))
        .route("/cadastro/origens", get(crate::signup::origins))
        .route("/cadastro/revendedores", get(crate::signup::resellers))
        .route(
            "/cadastro/prospectos",
            axum::routing::post(crate::signup::create_prospect),
        )
        .route(
            "/cadastro/leads",
            axum::routing::post(crate::signup::create_lead),
        )
        .route(
            "/cadastro/acompanhamento/{token}",
            get(crate::signup::prospect_status),
        )
        .route(
            "/perfil",
            get(crate::account::profile).put(crate::account::update_profile),
        )
}

/// The signed-in customer, taken from the session cookie (and refreshed on the way out).
pub struct SignedIn {
    pub session: Session,
    pub document: CpfOuCnpj,
}

fn cookie_value<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|pair| pair.trim().strip_prefix(name)?.strip_prefix('='))
}

/// The session in the request's cookie, if genuine and current.
pub fn session_from_headers(state: &AppState, headers: &HeaderMap) -> Option<Session> {
    let value = cookie_value(headers, COOKIE)?;
    state.sessions.open(value, session::now()).ok()
}

impl FromRequestParts<Shared> for SignedIn {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &Shared) -> Result<Self, ApiError> {
        let value = cookie_value(&parts.headers, COOKIE).ok_or(ApiError::SignedOut)?;
        let session = state
            .sessions
            .open(value, session::now())
            .map_err(|_| ApiError::SignedOut)?;
        let document = CpfOuCnpj::parse(&session.document).map_err(|_| ApiError::SignedOut)?;
        Ok(Self { session, document })
    }
}

/// Adds the refreshed session cookie, so idle expiry counts from this request.
///
/// A cookie younger than [`REFRESH_AFTER_S`] is left as it is: re-signing it on every call
/// would cost each request an HMAC and a `Set-Cookie` for a minute's worth of idle time.
pub(crate) fn with_refresh(
    state: &AppState,
    who: &SignedIn,
    response: impl IntoResponse,
) -> Response {
    let now = session::now();
    let cookie = (now.saturating_sub(who.session.seen_at) >= REFRESH_AFTER_S).then(|| {
        let mut session = who.session.clone();
        session.seen_at = now;
        state.session_cookie(&session)
    });
    private(response, cookie)
}

/// A signed-in customer's answer: never stored by caches, with `cookie` set when given.
fn private(response: impl IntoResponse, cookie: Option<HeaderValue>) -> Response {
    let mut response = response.into_response();
    let headers = response.headers_mut();
    if let Some(cookie) = cookie {
        headers.append(header::SET_COOKIE, cookie);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// How old a session cookie's last-seen time may be before a response renews it.
pub const REFRESH_AFTER_S: u64 = 60;

/// The connection's remote address, when the server recorded it.
pub struct Peer(pub Option<SocketAddr>);

impl<S: Send + Sync> FromRequestParts<S> for Peer {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Self(
            parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map(|c| c.0),
        ))
    }
}

/// The client's address: the connection's, or the first `X-Forwarded-For` hop when the
/// configuration trusts the proxy.
pub(crate) fn client_address(
    state: &AppState,
    headers: &HeaderMap,
    peer: Option<SocketAddr>,
) -> String {
    if state.config.trust_forwarded_for
        && let Some(first) = headers
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(',').next())
    {
        return first.trim().to_string();
    }
    peer.map_or_else(|| "desconhecido".into(), |p| p.ip().to_string())
}

async fn public_config(State(state): State<Shared>) -> Json<PublicConfig> {
    let c = &state.config;
    Json(PublicConfig {
        isp_name: c.isp.name.clone(),
        logo_url: c.isp.logo_url.clone(),
        primary_color: c.isp.primary_color.clone(),
        support_phone: c.isp.support_phone.clone(),
        support_whatsapp: c.isp.support_whatsapp.clone(),
        support_email: c.isp.support_email.clone(),
        login_cpf: c.login.cpf.0.clone(),
        login_cnpj: c.login.cnpj.0.clone(),
        features: api::Features {
            unlock: c.features.unlock,
            tickets: c.features.tickets,
            quitacao: c.features.quitacao,
            signup: c.features.signup,
        },
        max_attachment_bytes: c.limits.attachment_bytes,
        max_attachments: c.limits.attachments,
        signup: c.signup_options(),
    })
}

/// Reads a birth date typed as `DD/MM/AAAA`, `DDMMAAAA` or `AAAA-MM-DD`.
fn typed_date(text: &str) -> Option<Date> {
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    if digits.len() == 8 && !text.contains('-') {
        return erp::lenient::parse_date(&format!(
            "{}/{}/{}",
            &digits[0..2],
            &digits[2..4],
            &digits[4..8]
        ));
    }
    erp::lenient::parse_date(text.trim())
}

fn digits(text: &str) -> String {
    text.chars().filter(char::is_ascii_digit).collect()
}

/// Compares without stopping at the first difference, so timing tells nothing.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

fn factor_matches(factor: Factor, customer: &erp::types::Customer, typed: &str) -> bool {
    match factor {
        Factor::BirthDate => match (typed_date(typed), customer.birth_date.ok()) {
            (Some(t), Some(known)) => same(&t.to_string(), &known.to_string()),
            _ => false,
        },
        Factor::Cep => {
            let known = digits(customer.cep.text());
            known.len() == 8 && same(&digits(typed), &known)
        }
        // A code is checked against the codes sent, never against the ERP record.
        Factor::Code => false,
    }
}

/// A document typed in a form, or the message that says what is wrong with it.
pub(crate) fn parse_document(text: &str) -> Result<CpfOuCnpj, ApiError> {
    CpfOuCnpj::parse(text).map_err(|e| ApiError::Invalid(format!("CPF ou CNPJ inválido: {e}.")))
}

/// The sign-in policy for the document's person type.
pub(crate) fn policy_for<'a>(
    state: &'a AppState,
    document: &CpfOuCnpj,
) -> &'a crate::config::Policy {
    match document.kind() {
        PersonKind::Individual => &state.config.login.cpf,
        PersonKind::Company => &state.config.login.cnpj,
    }
}

/// Refuses a sign-in attempt while the document or the client address is locked out by
/// earlier failures.
pub(crate) fn admit(
    state: &AppState,
    document: &CpfOuCnpj,
    address: &str,
    now: Instant,
) -> Result<(), ApiError> {
    state
        .by_address
        .check(address, now)
        .and(state.by_document.check(document.as_str(), now))
        .map_err(|wait| {
            tracing::warn!(document = %document.masked(), %address, "sign-in locked out");
            ApiError::TooManyAttempts(wait)
        })
}

/// Counts a failed sign-in and answers no sooner than the floor, so that an unknown
/// document and a wrong factor or code look alike.
pub(crate) async fn refuse_slowly(
    state: &AppState,
    document: &CpfOuCnpj,
    address: &str,
    started: Instant,
    error: ApiError,
) -> ApiError {
    state.by_address.fail(address, started);
    state.by_document.fail(document.as_str(), started);
    tracing::info!(document = %document.masked(), %address, "sign-in refused");
    let floor = Duration::from_millis(state.config.login.failure_floor_ms);
    tokio::time::sleep(floor.saturating_sub(started.elapsed())).await;
    error
}

/// Opens a session for a customer who proved who they are.
///
/// `parts` are the contracts and invoices when they were fetched alongside the customer.
pub(crate) async fn start_session(
    state: &AppState,
    customer: erp::types::Customer,
    document: CpfOuCnpj,
    parts: Option<SessionParts>,
) -> Result<Response, ApiError> {
    let doc_key = document.as_str().to_string();
    state.by_document.clear(&doc_key);
    let now = session::now();
    let session = Session {
        customer_id: customer.id.text().to_string(),
        document: doc_key,
        issued_at: now,
        seen_at: now,
        csrf: session::random_token().map_err(|e| ApiError::Internal(e.to_string()))?,
        name: customer.name.text().to_string(),
    };
    let who = SignedIn { session, document };
    tracing::info!(document = %who.document.masked(), "signed in");
    let parts = match parts {
        Some(p) => p,
        None => session_parts(state, &who.document).await,
    };
    let body = session_body(&who, customer.name.text().to_string(), parts)?;
    Ok(private(
        Json(body),
        Some(state.session_cookie(&who.session)),
    ))
}

async fn sign_in(
    State(state): State<Shared>,
    headers: HeaderMap,
    Peer(peer): Peer,
    Json(body): Json<api::SignIn>,
) -> Result<Response, ApiError> {
    let started = Instant::now();
    let address = client_address(&state, &headers, peer);
    let document = parse_document(&body.document)?;
    admit(&state, &document, &address, started)?;
    let policy = policy_for(&state, &document);
    // The account's lists are fetched while the customer is checked, so a sign-in costs one
    // ERP round trip; on a refusal they are dropped unread.
    let (customer, parts) = tokio::join!(
        state.erp.customer(&document),
        session_parts(&state, &document)
    );
    let customer = customer?;
    // Where a code comes first, the fallback factor is only for customers a code cannot
    // reach; anyone else typing a birth date or CEP is refused like a wrong one.
    let factor = |c: &erp::types::Customer| {
        if policy.starts_with_code() && crate::code_sign_in::reachable(&state.delivery, c) {
            None
        } else {
            policy.fallback()
        }
    };
    let accepted =
        customer.filter(|c| factor(c).is_some_and(|f| factor_matches(f, c, &body.factor)));
    let Some(customer) = accepted else {
        return Err(
            refuse_slowly(&state, &document, &address, started, ApiError::SignInFailed).await,
        );
    };
    start_session(&state, customer, document, Some(parts)).await
}

/// What the session body needs from the ERP besides the customer record.
pub(crate) struct SessionParts {
    contracts: Result<Vec<erp::types::Contract>, erp::ErpError>,
    invoices: Result<Vec<erp::types::Invoice>, erp::ErpError>,
}

/// Fetches the contracts and open invoices of `document` at once.
pub(crate) async fn session_parts(state: &AppState, document: &CpfOuCnpj) -> SessionParts {
    let (contracts, invoices) = tokio::join!(
        state.erp.contracts(document),
        state.erp.open_invoices(document, None)
    );
    SessionParts {
        contracts,
        invoices,
    }
}

fn session_body(
    who: &SignedIn,
    name: String,
    parts: SessionParts,
) -> Result<api::Session, ApiError> {
    let contracts = parts.contracts?;
    let today = today();
    let invoices = parts
        .invoices
        .map_err(|e| tracing::warn!(error = %e, "invoices left out of the session"))
        .ok()
        .map(|list| list.iter().map(|i| invoice_dto(i, today)).collect());
    Ok(api::Session {
        customer: api::CustomerSummary {
            name,
            document_masked: who.document.masked(),
            company: who.document.kind() == PersonKind::Company,
            contracts: contracts.iter().map(contract).collect(),
        },
        csrf_token: who.session.csrf.clone(),
        invoices,
    })
}

/// The signed cookie is proof enough of the session: when the ERP is unreachable the
/// portal still opens (with the name from the cookie and no contracts) so that drafts and
/// the pages that can work keep working.
async fn current_session(State(state): State<Shared>, who: SignedIn) -> Result<Response, ApiError> {
    let parts = session_parts(&state, &who.document).await;
    let body = match session_body(&who, who.session.name.clone(), parts) {
        Ok(body) => body,
        Err(ApiError::Erp(e)) => {
            tracing::warn!(error = %e, "session restored without the ERP");
            api::Session {
                customer: api::CustomerSummary {
                    name: who.session.name.clone(),
                    document_masked: who.document.masked(),
                    company: who.document.kind() == PersonKind::Company,
                    contracts: Vec::new(),
                },
                csrf_token: who.session.csrf.clone(),
                invoices: None,
            }
        }
        Err(e) => return Err(e),
    };
    Ok(with_refresh(&state, &who, Json(body)))
}

async fn sign_out(State(state): State<Shared>) -> Response {
    let mut response = axum::http::StatusCode::NO_CONTENT.into_response();
    response
        .headers_mut()
        .insert(header::SET_COOKIE, state.cookie("", 0));
    response
}

fn iso(d: &Parsed<Date>) -> Option<String> {
    d.ok().map(ToString::to_string)
}

fn cents(c: &Parsed<brazil::Centavos>) -> Option<i64> {
    c.ok().map(|c| c.get())
}

pub(crate) fn opt(s: &Parsed<String>) -> Option<String> {
    s.ok().cloned()
}

fn contract(c: &erp::types::Contract) -> api::Contract {
    api::Contract {
        id: c.id.text().to_string(),
        name: c.name.text().to_string(),
        status: opt(&c.status),
        plan: opt(&c.plan),
        amount_cents: cents(&c.amount),
        address: opt(&c.address),
    }
}

async fn contracts(State(state): State<Shared>, who: SignedIn) -> Result<Response, ApiError> {
    let list: Vec<api::Contract> = state
        .erp
        .contracts(&who.document)
        .await?
        .iter()
        .map(contract)
        .collect();
    Ok(with_refresh(&state, &who, Json(list)))
}

fn invoice_dto(i: &erp::types::Invoice, today: Date) -> api::Invoice {
    let unreadable = [
        (
            "valor original",
            matches!(i.original_amount, Parsed::Invalid { .. }),
        ),
        (
            "valor atualizado",
            matches!(i.current_amount, Parsed::Invalid { .. }),
        ),
        ("vencimento", matches!(i.due_on, Parsed::Invalid { .. })),
    ]
    .iter()
    .filter(|(_, bad)| *bad)
    .map(|(name, _)| (*name).to_string())
    .collect();
    api::Invoice {
        id: i.id.text().to_string(),
        contract_ids: i.contract_ids.ok().map(|l| l.0.clone()).unwrap_or_default(),
        description: opt(&i.description),
        due_on: iso(&i.due_on),
        overdue: i.due_on.ok().is_some_and(|d| *d < today),
        original_cents: cents(&i.original_amount),
        current_cents: cents(&i.current_amount),
        interest_cents: cents(&i.interest),
        fine_cents: cents(&i.fine),
        discount_cents: cents(&i.discount),
        linha_digitavel: opt(&i.linha_digitavel),
        pix_code: opt(&i.pix_code),
        has_pdf: i.boleto_url.ok().is_some(),
        unreadable,
    }
}

fn today() -> Date {
    time::OffsetDateTime::now_utc()
        .to_offset(time::UtcOffset::from_hms(-3, 0, 0).unwrap_or(time::UtcOffset::UTC))
        .date()
}

#[derive(Deserialize)]
struct InvoiceFilter {
    contrato: Option<String>,
}

async fn invoices(
    State(state): State<Shared>,
    who: SignedIn,
    Query(filter): Query<InvoiceFilter>,
) -> Result<Response, ApiError> {
    let contract = filter.contrato.filter(|c| !c.is_empty());
    if let Some(id) = &contract {
        // A contract id from the browser must be one of the customer's own.
        let own = state.erp.contracts(&who.document).await?;
        if !own.iter().any(|c| c.id.text() == id) {
            return Err(ApiError::NotFound);
        }
    }
    let list = state
        .erp
        .open_invoices(&who.document, contract.as_deref())
        .await?;
    let today = today();
    let dtos: Vec<api::Invoice> = list.iter().map(|i| invoice_dto(i, today)).collect();
    Ok(with_refresh(&state, &who, Json(dtos)))
}

async fn own_invoice(
    state: &AppState,
    who: &SignedIn,
    id: &str,
) -> Result<erp::types::Invoice, ApiError> {
    state
        .erp
        .open_invoices(&who.document, None)
        .await?
        .into_iter()
        .find(|i| i.id.text() == id)
        .ok_or(ApiError::NotFound)
}

async fn invoice(
    State(state): State<Shared>,
    who: SignedIn,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let found = own_invoice(&state, &who, &id).await?;
    Ok(with_refresh(
        &state,
        &who,
        Json(invoice_detail(&found, today())),
    ))
}

/// The invoice with its codes decoded and checked (the rule lives in `api`, shared with
/// the SPA).
pub fn invoice_detail(i: &erp::types::Invoice, today: Date) -> api::InvoiceDetail {
    api::InvoiceDetail::from_invoice(invoice_dto(i, today), today)
}

/// Streams a PDF the ERP links to, after checking it is one and within the size cap.
async fn pdf(
    state: &AppState,
    who: &SignedIn,
    url: &Parsed<String>,
    name: &str,
) -> Result<Response, ApiError> {
    let url = url.ok().ok_or(ApiError::NotFound)?;
    let max = usize::try_from(state.config.limits.pdf_bytes).unwrap_or(usize::MAX);
    let (content_type, bytes) = state.erp.fetch_file(url, max).await?;
    let declared_ok = content_type.as_deref().is_none_or(|t| {
        t.contains("pdf") || t.starts_with("application/octet-stream") || t.starts_with("binary/")
    });
    if !declared_ok || !bytes.starts_with(b"%PDF-") {
        return Err(ApiError::Erp(erp::ErpError::Malformed {
            reason: "o arquivo não é um PDF".into(),
            excerpt: String::new(),
        }));
    }
    let response = (
        [
            (header::CONTENT_TYPE, "application/pdf".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        bytes,
    );
    Ok(with_refresh(state, who, response))
}

async fn invoice_pdf(
    State(state): State<Shared>,
    who: SignedIn,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let found = own_invoice(&state, &who, &id).await?;
    pdf(
        &state,
        &who,
        &found.boleto_url,
        &format!("boleto-{}.pdf", safe_name(&id)),
    )
    .await
}

fn safe_name(id: &str) -> String {
    id.chars()
        .filter(char::is_ascii_alphanumeric)
        .take(40)
        .collect()
}

async fn statement(State(state): State<Shared>, who: SignedIn) -> Result<Response, ApiError> {
    let list = state
        .erp
        .statement(&who.document, &who.session.customer_id)
        .await?;
    let dtos: Vec<api::StatementEntry> = list
        .iter()
        .map(|e| api::StatementEntry {
            invoice_id: opt(&e.invoice_id),
            description: opt(&e.description),
            posted_on: iso(&e.posted_on),
            due_on: iso(&e.due_on),
            settled_on: iso(&e.settled_on),
            amount_cents: cents(&e.amount),
            balance_cents: cents(&e.balance),
            charge: opt(&e.charge),
        })
        .collect();
    Ok(with_refresh(&state, &who, Json(dtos)))
}

async fn notas(State(state): State<Shared>, who: SignedIn) -> Result<Response, ApiError> {
    let list = state
        .erp
        .notas_fiscais(&who.document, &who.session.customer_id)
        .await?;
    let dtos: Vec<api::NotaFiscal> = list
        .iter()
        .map(|n| api::NotaFiscal {
            id: n.id.text().to_string(),
            number: opt(&n.number),
            kind: opt(&n.type_id),
            posted_on: iso(&n.posted_on),
            amount_cents: cents(&n.amount),
            has_pdf: n.pdf_url.ok().is_some(),
        })
        .collect();
    Ok(with_refresh(&state, &who, Json(dtos)))
}

async fn nota_pdf(
    State(state): State<Shared>,
    who: SignedIn,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let list = state
        .erp
        .notas_fiscais(&who.document, &who.session.customer_id)
        .await?;
    let nota = list
        .into_iter()
        .find(|n| n.id.text() == id)
        .ok_or(ApiError::NotFound)?;
    pdf(
        &state,
        &who,
        &nota.pdf_url,
        &format!("nota-fiscal-{}.pdf", safe_name(nota.number.text())),
    )
    .await
}

async fn quitacoes(State(state): State<Shared>, who: SignedIn) -> Result<Response, ApiError> {
    if !state.config.features.quitacao {
        return Err(ApiError::NotFound);
    }
    let list = state
        .erp
        .quitacoes(&who.document, &who.session.customer_id)
        .await?;
    let dtos: Vec<api::Quitacao> = list
        .iter()
        .map(|q| api::Quitacao {
            id: q.id.text().to_string(),
            year: q.year.ok().copied(),
            amount_cents: cents(&q.amount),
            has_pdf: q.pdf_url.ok().is_some(),
        })
        .collect();
    Ok(with_refresh(&state, &who, Json(dtos)))
}

async fn quitacao_pdf(
    State(state): State<Shared>,
    who: SignedIn,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    if !state.config.features.quitacao {
        return Err(ApiError::NotFound);
    }
    let list = state
        .erp
        .quitacoes(&who.document, &who.session.customer_id)
        .await?;
    let q = list
        .into_iter()
        .find(|q| q.id.text() == id)
        .ok_or(ApiError::NotFound)?;
    let year = q.year.ok().map(ToString::to_string).unwrap_or_default();
    pdf(&state, &who, &q.pdf_url, &format!("quitacao-{year}.pdf")).await
}

async fn services(State(state): State<Shared>, who: SignedIn) -> Result<Response, ApiError> {
    let list = state
        .erp
        .services(&who.document, &who.session.customer_id)
        .await?;
    let dtos: Vec<api::Service> = list
        .iter()
        .map(|s| api::Service {
            id: s.id.text().to_string(),
            name: opt(&s.name),
            status: opt(&s.status),
            suspended: state.config.is_suspended(s.status.text()),
            amount_cents: cents(&s.amount),
            address: opt(&s.address),
            contract_id: opt(&s.contract_id),
        })
        .collect();
    Ok(with_refresh(&state, &who, Json(dtos)))
}
