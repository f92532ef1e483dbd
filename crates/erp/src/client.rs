//! The HTTP client of the contract: routes from configuration, the token header, GET fields
//! as query parameters, timeouts, retries for reads only, and typed errors.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::{Duration, Instant};

use brazil::CpfOuCnpj;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::endpoint::{Endpoint, Method, Route};
use crate::lenient::{ShapeError, read_list, read_object};
use crate::link::{BreakerConfig, Link, Observer, Outcome};
use crate::transport::{AGENT, Call, MAX_REDIRECTS, Transport, proxied};
use crate::types::*;
use hyper_util::client::proxy::matcher::Matcher;

/// The longest wait between two attempts, however many retries are configured.
const MAX_BACKOFF: Duration = Duration::from_secs(2);

/// How to reach one ISP's ERP.
#[derive(Debug, Clone)]
pub struct ErpConfig {
    /// e.g. `https://erp.provedor.com.br/api/central`
    pub base_url: String,
    /// The server-to-server secret; never logged.
    pub token: String,
    /// Header that carries the token (default `Authorization`).
    pub token_header: String,
    /// Scheme written before the token (default `Bearer`); empty for the bare token.
    pub token_scheme: String,
    /// Routes that differ from [`Endpoint::default_route`].
    pub routes: HashMap<Endpoint, Route>,
    /// GET endpoints whose fields go in a JSON body instead of the query string.
    pub get_json_body: HashSet<Endpoint>,
    pub connect_timeout: Duration,
    /// Time for the whole answer once connected.
    pub read_timeout: Duration,
    /// Extra attempts for reads that failed to connect, timed out or got a 5xx.
    pub retries: u32,
    /// Wait before the first retry; doubled for each next one.
    pub backoff: Duration,
    /// Hosts besides the ERP's own that the files it links to may come from (a storage
    /// service); anything else is refused, so an ERP's answer cannot point the gateway into
    /// the ISP's network.
    pub file_hosts: Vec<String>,
    /// When an endpoint's breaker opens, and for how long.
    pub breaker: BreakerConfig,
}

impl ErpConfig {
    /// A configuration with the documented defaults.
    pub fn new(base_url: impl Into<String>, token: impl Into<String>) -> Self {
        Self {
            base_url: base_url.into(),
            token: token.into(),
            token_header: "Authorization".into(),
            token_scheme: "Bearer".into(),
            routes: HashMap::new(),
            get_json_body: HashSet::new(),
            connect_timeout: Duration::from_secs(3),
            read_timeout: Duration::from_secs(10),
            retries: 2,
            backoff: Duration::from_millis(200),
            file_hosts: Vec::new(),
            breaker: BreakerConfig::default(),
        }
    }

    /// The route in force for `endpoint`.
    pub fn route(&self, endpoint: Endpoint) -> Route {
        self.routes
            .get(&endpoint)
            .cloned()
            .unwrap_or_else(|| endpoint.default_route())
    }
}

/// Why a call to the ERP did not give a usable answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErpError {
    /// The configuration cannot work (bad URL or header).
    Config(String),
    /// No connection could be made.
    Unreachable(String),
    /// No answer within the configured time.
    Timeout,
    /// The ERP refused the token (401 or 403).
    TokenRejected(u16),
    /// The ERP answered with an error status; `reason` is its own explanation (`obs`),
    /// cleaned for a person to read.
    Status {
        status: u16,
        /// The body's size: its content may name the customer, so it is not kept.
        bytes: usize,
        reason: Option<String>,
    },
    /// The answer is not JSON of the expected shape; `reason` names what, not the values.
    Malformed { reason: String, bytes: usize },
    /// Not tried: the endpoint failed too often just now (see [`crate::link`]).
    Unavailable,
}

impl core::fmt::Display for ErpError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Self::Config(m) => write!(f, "configuração do ERP inválida: {m}"),
            Self::Unreachable(m) => write!(f, "ERP inacessível: {m}"),
            Self::Timeout => f.write_str("o ERP não respondeu a tempo"),
            Self::TokenRejected(s) => write!(f, "o ERP recusou o token (HTTP {s})"),
            // The ERP's body and its `obs` can hold a CPF or a birth date: logs get the
            // status and the size only.
            Self::Status { status, bytes, .. } => {
                write!(f, "o ERP respondeu HTTP {status} ({bytes} bytes)")
            }
            Self::Malformed { reason, bytes } => {
                write!(f, "resposta do ERP malformada ({reason}; {bytes} bytes)")
            }
            Self::Unavailable => f.write_str("o ERP falhou seguidamente; chamada não tentada"),
        }
    }
}

impl std::error::Error for ErpError {}

impl ErpError {
    /// Whether a read may be tried again.
    fn is_transient(&self) -> bool {
        match self {
            Self::Unreachable(_) | Self::Timeout => true,
            Self::Status { status, .. } => *status >= 500,
            _ => false,
        }
    }
}

/// Longest ERP explanation shown to a customer, in characters.
pub const MAX_REASON: usize = 200;

/// The ERP's own explanation in an answer (`obs`, `motivo`, `mensagem`), as plain text: tags
/// and control characters dropped, blanks folded, at most [`MAX_REASON`] characters.
pub fn reason(body: &[u8]) -> Option<String> {
    let value: serde_json::Value = serde_json::from_slice(body).ok()?;
    let raw = ["obs", "motivo", "mensagem", "message", "erro"]
        .iter()
        .find_map(|k| value.get(*k)?.as_str().filter(|t| !t.trim().is_empty()))?;
    let mut plain = String::new();
    let mut in_tag = false;
    for c in raw.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if in_tag => {}
            c if c.is_control() || c.is_whitespace() => {
                if !plain.ends_with(' ') {
                    plain.push(' ');
                }
            }
            c => plain.push(c),
        }
    }
    let plain = plain.trim();
    if plain.is_empty() {
        return None;
    }
    let mut out: String = plain.chars().take(MAX_REASON).collect();
    if plain.chars().count() > MAX_REASON {
        out.push('…');
    }
    Some(out)
}

fn status_error(status: u16, body: &[u8]) -> ErpError {
    ErpError::Status {
        status,
        bytes: body.len(),
        reason: reason(body),
    }
}

fn malformed(body: &[u8]) -> impl FnOnce(ShapeError) -> ErpError + '_ {
    move |e| ErpError::Malformed {
        reason: e.0,
        bytes: body.len(),
    }
}

/// An answer's raw status and body.
#[derive(Debug, Clone)]
pub struct RawAnswer {
    pub status: u16,
    pub body: Vec<u8>,
}

/// A client for one ERP.
#[derive(Debug, Clone)]
pub struct ErpClient {
    http: reqwest::Client,
    /// The JSON calls' own path on hyper; `None` when the environment sends the ERP's
    /// traffic through a proxy, which only reqwest speaks to.
    direct: Option<Arc<Transport>>,
    config: ErpConfig,
    /// Each endpoint's method and full address, parsed once: a call only clones them.
    targets: Arc<HashMap<Endpoint, (reqwest::Method, reqwest::Url)>>,
    /// The token header, built once and marked sensitive (never printed by `Debug`).
    token: (reqwest::header::HeaderName, reqwest::header::HeaderValue),
    link: Arc<Link>,
    observer: Option<Arc<dyn Observer>>,
}

impl ErpClient {
    /// Builds the client.
    ///
    /// # Errors
    /// [`ErpError::Config`] when the base URL or token header cannot be used.
    pub fn new(config: ErpConfig) -> Result<Self, ErpError> {
        reqwest::Url::parse(&config.base_url)
            .map_err(|e| ErpError::Config(format!("base_url {:?}: {e}", config.base_url)))?;
        let header = reqwest::header::HeaderName::from_bytes(config.token_header.as_bytes())
            .map_err(|_| ErpError::Config(format!("token_header {:?}", config.token_header)))?;
        let token = if config.token_scheme.is_empty() {
            config.token.clone()
        } else {
            format!("{} {}", config.token_scheme, config.token)
        };
        let mut token = reqwest::header::HeaderValue::from_str(&token)
            .map_err(|_| ErpError::Config("token: caracteres que um cabeçalho não leva".into()))?;
        token.set_sensitive(true);
        let mut targets = HashMap::new();
        for endpoint in Endpoint::ALL {
            let route = config.route(endpoint);
            let address = format!("{}{}", config.base_url.trim_end_matches('/'), route.path);
            let url = reqwest::Url::parse(&address)
                .map_err(|e| ErpError::Config(format!("rota {}: {e}", endpoint.key())))?;
            let method = match route.method {
                Method::Get => reqwest::Method::GET,
                Method::Post => reqwest::Method::POST,
                Method::Put => reqwest::Method::PUT,
            };
            targets.insert(endpoint, (method, url));
        }
        let base =
            reqwest::Url::parse(&config.base_url).map_err(|e| ErpError::Config(e.to_string()))?;
        let origin = base.origin();
        // Redirects are followed only within the ERP's own origin: a custom token header
        // would otherwise travel to wherever a redirect points.
        let redirects = reqwest::redirect::Policy::custom(move |attempt| {
            if attempt.previous().len() <= MAX_REDIRECTS && attempt.url().origin() == origin {
                attempt.follow()
            } else {
                attempt.stop()
            }
        });
        let http = reqwest::Client::builder()
            .redirect(redirects)
            .connect_timeout(config.connect_timeout)
            .timeout(config.read_timeout)
            .user_agent(AGENT)
            .build()
            .map_err(|e| ErpError::Config(e.to_string()))?;
        let direct = if proxied(&Matcher::from_env(), &config.base_url) {
            tracing::info!("ERP calls go through the proxy named in the environment");
            None
        } else {
            Some(Arc::new(Transport::new(
                &base,
                (header.clone(), token.clone()),
                config.connect_timeout,
                config.read_timeout,
            )?))
        };
        Ok(Self {
            http,
            direct,
            targets: Arc::new(targets),
            token: (header, token),
            link: Arc::new(Link::new(config.breaker)),
            config,
            observer: None,
        })
    }

    /// The same client on reqwest's path, the one taken behind a proxy.
    #[cfg(test)]
    pub(crate) fn through_reqwest(mut self) -> Self {
        self.direct = None;
        self
    }

    /// The same client, telling `observer` of every call.
    pub fn with_observer(mut self, observer: Arc<dyn Observer>) -> Self {
        self.observer = Some(observer);
        self
    }

    /// The link's health, per endpoint.
    pub fn link(&self) -> &Link {
        &self.link
    }

    fn observe(&self, endpoint: Endpoint, outcome: Outcome, took: Duration) {
        if let Some(o) = &self.observer {
            o.erp_call(endpoint, outcome, took);
        }
    }

    /// Asks the ERP for its product list past the breakers: when it answers, every open
    /// breaker lets its next call through. Returns whether it answered.
    pub async fn probe(&self) -> bool {
        let up = self
            .call_once(Endpoint::Products, &Empty {})
            .await
            .is_ok_and(|a| a.status < 500);
        if up {
            self.link.probe_succeeded(Instant::now());
        }
        up
    }

    /// A reader's error for `endpoint` that cannot be read, counted as malformed.
    fn unreadable<'a>(
        &'a self,
        endpoint: Endpoint,
        body: &'a [u8],
    ) -> impl FnOnce(ShapeError) -> ErpError + 'a {
        move |e| {
            self.observe(endpoint, Outcome::Malformed, Duration::ZERO);
            malformed(body)(e)
        }
    }

    /// The configuration in force.
    pub fn config(&self) -> &ErpConfig {
        &self.config
    }

    /// Calls `endpoint` with `fields` and returns the raw answer, retrying reads on
    /// transient failures. Token rejection is an error; other statuses are returned.
    ///
    /// # Errors
    /// Transport failures, timeouts and token rejection.
    pub async fn call<T: Serialize>(
        &self,
        endpoint: Endpoint,
        fields: &T,
    ) -> Result<RawAnswer, ErpError> {
        let started = Instant::now();
        if !self.link.admit(endpoint, started) {
            self.observe(endpoint, Outcome::BreakerOpen, Duration::ZERO);
            return Err(ErpError::Unavailable);
        }
        let result = self.call_with_retries(endpoint, fields).await;
        let outcome = match &result {
            Ok(a) if a.status >= 500 => Outcome::HttpError,
            Ok(_) => Outcome::Ok,
            Err(ErpError::Timeout) => Outcome::Timeout,
            Err(ErpError::Unreachable(_)) => Outcome::Unreachable,
            Err(ErpError::TokenRejected(_)) => Outcome::TokenRejected,
            Err(_) => Outcome::HttpError,
        };
        match (&result, outcome) {
            (_, Outcome::Ok | Outcome::TokenRejected) => self.link.succeeded(endpoint),
            (Ok(a), _) => self
                .link
                .failed(endpoint, &format!("HTTP {}", a.status), started),
            (Err(e), _) => self.link.failed(endpoint, &e.to_string(), started),
        }
        self.observe(endpoint, outcome, started.elapsed());
        result
    }

    async fn call_with_retries<T: Serialize>(
        &self,
        endpoint: Endpoint,
        fields: &T,
    ) -> Result<RawAnswer, ErpError> {
        let attempts = if endpoint.is_read() {
            1 + self.config.retries
        } else {
            1
        };
        let mut wait = self.config.backoff;
        let mut last = ErpError::Timeout;
        for attempt in 0..attempts {
            if attempt > 0 {
                tokio::time::sleep(wait).await;
                wait = (wait * 2).min(MAX_BACKOFF);
            }
            match self.call_once(endpoint, fields).await {
                Ok(answer) if answer.status >= 500 && attempt + 1 < attempts => {
                    last = status_error(answer.status, &answer.body);
                }
                Ok(answer) => return Ok(answer),
                Err(e) if e.is_transient() => last = e,
                Err(e) => return Err(e),
            }
            tracing::warn!(endpoint = endpoint.key(), attempt, error = %last, "ERP call failed, retrying");
        }
        Err(last)
    }

    async fn call_once<T: Serialize>(
        &self,
        endpoint: Endpoint,
        fields: &T,
    ) -> Result<RawAnswer, ErpError> {
        let Some((method, url)) = self.targets.get(&endpoint) else {
            return Err(ErpError::Config(format!("rota {}", endpoint.key())));
        };
        let in_query =
            *method == reqwest::Method::GET && !self.config.get_json_body.contains(&endpoint);
        if let Some(direct) = &self.direct {
            let mut uri = url.as_str().to_owned();
            let json = if in_query {
                let pairs = query_pairs(fields);
                if !pairs.is_empty() {
                    uri.push(if url.query().is_some() { '&' } else { '?' });
                    uri.push_str(
                        &form_urlencoded::Serializer::new(String::new())
                            .extend_pairs(pairs)
                            .finish(),
                    );
                }
                None
            } else {
                let body = serde_json::to_vec(fields)
                    .map_err(|e| ErpError::Config(format!("corpo de {}: {e}", endpoint.key())))?;
                Some(bytes::Bytes::from(body))
            };
            let answer = direct
                .send(Call {
                    method: method.clone(),
                    uri,
                    json,
                })
                .await?;
            if answer.status == 401 || answer.status == 403 {
                return Err(ErpError::TokenRejected(answer.status));
            }
            return Ok(answer);
        }
        let mut request = self
            .http
            .request(method.clone(), url.clone())
            .header(self.token.0.clone(), self.token.1.clone());
        request = if in_query {
            request.query(&query_pairs(fields))
        } else {
            request.json(fields)
        };
        let response = request.send().await.map_err(transport)?;
        let status = response.status().as_u16();
        if status == 401 || status == 403 {
            return Err(ErpError::TokenRejected(status));
        }
        let body = response.bytes().await.map_err(transport)?.to_vec();
        Ok(RawAnswer { status, body })
    }

    async fn list<T: DeserializeOwned, Q: Serialize>(
        &self,
        endpoint: Endpoint,
        query: &Q,
    ) -> Result<Vec<T>, ErpError> {
        let answer = self.ok(endpoint, query).await?;
        let (items, skipped) =
            read_list(&answer.body).map_err(self.unreadable(endpoint, &answer.body))?;
        if skipped > 0 {
            tracing::warn!(
                endpoint = endpoint.key(),
                skipped,
                "ERP list had items that are not records"
            );
        }
        Ok(items)
    }

    async fn object<T: DeserializeOwned + Default, Q: Serialize>(
        &self,
        endpoint: Endpoint,
        body: &Q,
    ) -> Result<T, ErpError> {
        let answer = self.ok(endpoint, body).await?;
        Ok(read_object(&answer.body)
            .map_err(self.unreadable(endpoint, &answer.body))?
            .unwrap_or_default())
    }

    async fn ok<Q: Serialize>(&self, endpoint: Endpoint, query: &Q) -> Result<RawAnswer, ErpError> {
        let answer = self.call(endpoint, query).await?;
        if !(200..300).contains(&answer.status) {
            return Err(status_error(answer.status, &answer.body));
        }
        Ok(answer)
    }

    /// Endpoint 1: The customer with this document, or `None` (404, empty body, `{}`, no id).
    ///
    /// # Errors
    /// As [`ErpClient::call`], other error statuses, and a body that is not an object.
    pub async fn customer(&self, document: &CpfOuCnpj) -> Result<Option<Customer>, ErpError> {
        let query = CustomerQuery {
            document: document.as_str().to_string().into_some(),
        };
        let answer = self.call(Endpoint::Customer, &query).await?;
        if answer.status == 404 {
            return Ok(None);
        }
        if !(200..300).contains(&answer.status) {
            return Err(status_error(answer.status, &answer.body));
        }
        let customer: Option<Customer> =
            read_object(&answer.body).map_err(self.unreadable(Endpoint::Customer, &answer.body))?;
        Ok(customer.filter(|c| c.id.ok().is_some()))
    }

    /// Endpoint 2: Open invoices, optionally of one contract.
    ///
    /// # Errors
    /// As [`ErpClient::call`], error statuses, and a body that is not a list.
    pub async fn open_invoices(
        &self,
        document: &CpfOuCnpj,
        contract_id: Option<&str>,
    ) -> Result<Vec<Invoice>, ErpError> {
        let query = InvoiceQuery {
            document: document.as_str().to_string().into_some(),
            contract_id: contract_id.map(str::to_string).into(),
        };
        self.list(Endpoint::OpenInvoices, &query).await
    }

    /// Endpoint 3: Contracts.
    ///
    /// # Errors
    /// As [`ErpClient::open_invoices`].
    pub async fn contracts(&self, document: &CpfOuCnpj) -> Result<Vec<Contract>, ErpError> {
        let query = ContractQuery {
            document: document.as_str().to_string().into_some(),
        };
        self.list(Endpoint::Contracts, &query).await
    }

    fn customer_query(document: &CpfOuCnpj, customer_id: &str) -> CustomerListQuery {
        CustomerListQuery {
            document: document.as_str().to_string().into_some(),
            customer_id: customer_id.to_string().into_some(),
        }
    }

    /// Endpoint 4: Notas fiscais.
    ///
    /// # Errors
    /// As [`ErpClient::open_invoices`].
    pub async fn notas_fiscais(
        &self,
        document: &CpfOuCnpj,
        customer_id: &str,
    ) -> Result<Vec<NotaFiscal>, ErpError> {
        self.list(
            Endpoint::NotasFiscais,
            &Self::customer_query(document, customer_id),
        )
        .await
    }

    /// Endpoint 5: Financial statement.
    ///
    /// # Errors
    /// As [`ErpClient::open_invoices`].
    pub async fn statement(
        &self,
        document: &CpfOuCnpj,
        customer_id: &str,
    ) -> Result<Vec<StatementEntry>, ErpError> {
        self.list(
            Endpoint::Statement,
            &Self::customer_query(document, customer_id),
        )
        .await
    }

    /// Endpoint 6: Declarações de quitação.
    ///
    /// # Errors
    /// As [`ErpClient::open_invoices`].
    pub async fn quitacoes(
        &self,
        document: &CpfOuCnpj,
        customer_id: &str,
    ) -> Result<Vec<Quitacao>, ErpError> {
        self.list(
            Endpoint::Quitacao,
            &Self::customer_query(document, customer_id),
        )
        .await
    }

    /// Endpoint 7: Services, from the current flat list or the older installations with nested
    /// services (each then carries its installation's address).
    ///
    /// # Errors
    /// As [`ErpClient::open_invoices`].
    pub async fn services(
        &self,
        document: &CpfOuCnpj,
        customer_id: &str,
    ) -> Result<Vec<Service>, ErpError> {
        let items: Vec<Value> = self
            .list(
                Endpoint::Services,
                &Self::customer_query(document, customer_id),
            )
            .await?;
        Ok(flatten_services(items))
    }

    /// Endpoint 8: Products.
    ///
    /// # Errors
    /// As [`ErpClient::open_invoices`].
    pub async fn products(&self) -> Result<Vec<Product>, ErpError> {
        self.list(Endpoint::Products, &Empty {}).await
    }

    /// Endpoint 9: Resellers.
    ///
    /// # Errors
    /// As [`ErpClient::open_invoices`].
    pub async fn resellers(&self) -> Result<Vec<Reseller>, ErpError> {
        self.list(Endpoint::Resellers, &Empty {}).await
    }

    /// Endpoint 10: Employees.
    ///
    /// # Errors
    /// As [`ErpClient::open_invoices`].
    pub async fn employees(&self) -> Result<Vec<Employee>, ErpError> {
        self.list(Endpoint::Employees, &Empty {}).await
    }

    /// Endpoint 11: Departments.
    ///
    /// # Errors
    /// As [`ErpClient::open_invoices`].
    pub async fn departments(&self) -> Result<Vec<Department>, ErpError> {
        self.list(Endpoint::Departments, &Empty {}).await
    }

    /// Endpoint 12: Due days.
    ///
    /// # Errors
    /// As [`ErpClient::open_invoices`].
    pub async fn due_days(&self) -> Result<Vec<DueDay>, ErpError> {
        self.list(Endpoint::DueDays, &Empty {}).await
    }

    /// Endpoint 13: Commercial origins.
    ///
    /// # Errors
    /// As [`ErpClient::open_invoices`].
    pub async fn origins(&self) -> Result<Vec<Origin>, ErpError> {
        self.list(Endpoint::Origins, &Empty {}).await
    }

    /// Endpoint 14: Cities.
    ///
    /// # Errors
    /// As [`ErpClient::open_invoices`].
    pub async fn cities(&self) -> Result<Vec<City>, ErpError> {
        self.list(Endpoint::Cities, &Empty {}).await
    }

    /// Endpoint 15: Ticket types.
    ///
    /// # Errors
    /// As [`ErpClient::open_invoices`].
    pub async fn ticket_types(&self) -> Result<Vec<TicketType>, ErpError> {
        self.list(Endpoint::TicketTypes, &Empty {}).await
    }

    /// Endpoint 16: Prospect statuses.
    ///
    /// # Errors
    /// As [`ErpClient::open_invoices`].
    pub async fn prospect_statuses(&self) -> Result<Vec<ProspectStatusKind>, ErpError> {
        self.list(Endpoint::ProspectStatuses, &Empty {}).await
    }

    /// Endpoint 17: Creates a prospect.
    ///
    /// # Errors
    /// As [`ErpClient::call`], error statuses, and a body that is not an object.
    pub async fn create_prospect(
        &self,
        prospect: &NewProspect,
    ) -> Result<ProspectCreated, ErpError> {
        self.object(Endpoint::CreateProspect, prospect).await
    }

    /// Endpoint 18: Creates a lead.
    ///
    /// # Errors
    /// As [`ErpClient::create_prospect`].
    pub async fn create_lead(&self, lead: &NewLead) -> Result<LeadCreated, ErpError> {
        self.object(Endpoint::CreateLead, lead).await
    }

    /// Endpoint 19: Opens a ticket.
    ///
    /// # Errors
    /// As [`ErpClient::create_prospect`].
    pub async fn create_ticket(&self, ticket: &NewTicket) -> Result<TicketCreated, ErpError> {
        self.object(Endpoint::CreateTicket, ticket).await
    }

    /// Endpoint 20: Asks for a provisional unlock of a service.
    ///
    /// # Errors
    /// As [`ErpClient::create_prospect`].
    pub async fn provisional_unlock(
        &self,
        request: &UnlockRequest,
    ) -> Result<UnlockReply, ErpError> {
        self.object(Endpoint::ProvisionalUnlock, request).await
    }

    /// Endpoint 21: Changes a prospect.
    ///
    /// # Errors
    /// As [`ErpClient::create_prospect`].
    pub async fn update_prospect(&self, update: &ProspectUpdate) -> Result<StatusReply, ErpError> {
        self.object(Endpoint::UpdateProspect, update).await
    }

    /// Endpoint 22: Changes a customer's data (send only what changes).
    ///
    /// # Errors
    /// As [`ErpClient::create_prospect`].
    pub async fn update_customer(&self, update: &CustomerUpdate) -> Result<StatusReply, ErpError> {
        self.object(Endpoint::UpdateCustomer, update).await
    }

    /// Endpoint 23: Sends a file for a prospect.
    ///
    /// # Errors
    /// As [`ErpClient::create_prospect`].
    pub async fn upload_file(&self, file: &FileUpload) -> Result<StatusReply, ErpError> {
        self.object(Endpoint::UploadFile, file).await
    }

    /// Endpoint 24: Signals that an invoice was paid.
    ///
    /// # Errors
    /// As [`ErpClient::create_prospect`].
    pub async fn payment_notice(&self, notice: &PaymentNotice) -> Result<StatusReply, ErpError> {
        self.object(Endpoint::PaymentNotice, notice).await
    }

    /// Endpoint 25: A prospect's status, or `None` when the ERP does not know it (404).
    ///
    /// # Errors
    /// As [`ErpClient::create_prospect`].
    pub async fn prospect_status(
        &self,
        prospect_id: &str,
    ) -> Result<Option<ProspectState>, ErpError> {
        let query = ProspectQuery {
            id: prospect_id.to_string().into_some(),
        };
        let answer = self.call(Endpoint::ProspectStatus, &query).await?;
        match answer.status {
            404 => Ok(None),
            200..=299 => read_object(&answer.body)
                .map_err(self.unreadable(Endpoint::ProspectStatus, &answer.body)),
            status => Err(status_error(status, &answer.body)),
        }
    }

    /// Fetches a file the ERP links to (boleto, nota fiscal, quitação), up to `max_bytes`.
    /// Relative URLs are read against the base URL; the token goes only to the ERP's host.
    ///
    /// # Errors
    /// As [`ErpClient::call`], error statuses, and [`ErpError::Malformed`] past `max_bytes`.
    pub async fn fetch_file(
        &self,
        url: &str,
        max_bytes: usize,
    ) -> Result<(Option<String>, Vec<u8>), ErpError> {
        let base = reqwest::Url::parse(&self.config.base_url)
            .map_err(|e| ErpError::Config(e.to_string()))?;
        let target = base.join(url).map_err(|e| ErpError::Malformed {
            reason: format!("URL de arquivo inválida: {e}"),
            bytes: url.len(),
        })?;
        let own = target.origin() == base.origin();
        let allowed = matches!(target.scheme(), "http" | "https")
            && target.host_str().is_some_and(|h| {
                self.config
                    .file_hosts
                    .iter()
                    .any(|a| a.eq_ignore_ascii_case(h))
            });
        if !own && !allowed {
            return Err(ErpError::Malformed {
                reason: "arquivo fora do ERP e dos endereços permitidos (erp.file_hosts)".into(),
                bytes: 0,
            });
        }
        let mut request = self.http.get(target.clone());
        if own {
            let token = format!("{} {}", self.config.token_scheme, self.config.token);
            request = request.header(self.config.token_header.as_str(), token.trim_start());
        }
        let mut response = request.send().await.map_err(transport)?;
        let status = response.status().as_u16();
        if !(200..300).contains(&status) {
            return Err(ErpError::Status {
                status,
                bytes: 0,
                reason: None,
            });
        }
        let content_type = response
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(transport)? {
            if body.len() + chunk.len() > max_bytes {
                return Err(ErpError::Malformed {
                    reason: format!("arquivo maior que {max_bytes} bytes"),
                    bytes: 0,
                });
            }
            body.extend_from_slice(&chunk);
        }
        Ok((content_type, body))
    }
}

#[derive(Serialize)]
struct Empty {}

/// Services from a list answer: items of the current flat list as they are, and the
/// services nested in older installations, each given its installation's address.
pub fn flatten_services(items: Vec<Value>) -> Vec<Service> {
    let mut out = Vec::new();
    for item in items {
        if item.get("servicos").is_some() {
            let installation: Installation = serde_json::from_value(item).unwrap_or_default();
            let address = installation.address_line();
            for mut service in installation.services.into_ok().unwrap_or_default() {
                if service.address.ok().is_none() && !address.is_empty() {
                    service.address = address.clone().into_some();
                }
                out.push(service);
            }
        } else if let Ok(service) = serde_json::from_value(item) {
            out.push(service);
        }
    }
    out
}

fn transport(e: reqwest::Error) -> ErpError {
    // The URL carries the customer's document in its query: it never goes into an error.
    let e = e.without_url();
    if e.is_timeout() {
        ErpError::Timeout
    } else {
        ErpError::Unreachable(e.to_string())
    }
}

/// Scalar fields as query pairs; empty ones are left out.
fn query_pairs<T: Serialize>(fields: &T) -> Vec<(String, String)> {
    match serde_json::to_value(fields) {
        Ok(Value::Object(map)) => map
            .into_iter()
            .filter_map(|(k, v)| match v {
                Value::String(s) if !s.is_empty() => Some((k, s)),
                Value::Number(n) => Some((k, n.to_string())),
                Value::Bool(b) => Some((k, b.to_string())),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// Shorthand for a present request field.
trait IntoSome: Sized {
    fn into_some(self) -> crate::lenient::Parsed<Self>;
}

impl<T> IntoSome for T {
    fn into_some(self) -> crate::lenient::Parsed<Self> {
        crate::lenient::Parsed::Ok(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_a_header_cannot_carry_is_refused_at_start_and_a_good_one_is_never_shown() {
        let bad = ErpClient::new(ErpConfig::new("http://127.0.0.1:9", "abc\r\nX-Injetado: 1"));
        assert!(
            matches!(bad, Err(ErpError::Config(ref m)) if !m.contains("abc")),
            "{bad:?}"
        );
        let route = ErpConfig {
            routes: HashMap::from([(
                Endpoint::OpenInvoices,
                Route {
                    method: Method::Get,
                    path: "/faturas abertas".into(),
                },
            )]),
            ..ErpConfig::new("http://127.0.0.1:9", "segredo-do-erp")
        };
        let client = ErpClient::new(route).expect("spaces in a path are escaped, not refused");
        let (_, url) = &client.targets[&Endpoint::OpenInvoices];
        assert_eq!(url.as_str(), "http://127.0.0.1:9/faturas%20abertas");
        assert!(!format!("{:?}", client.token).contains("segredo-do-erp"));
    }

    #[test]
    fn the_erps_reason_is_read_as_plain_capped_text() {
        assert_eq!(
            reason(br#"{"status": "erro", "obs": "Servi\u00e7o <b>j\u00e1</b> habilitado\neste m\u00eas"}"#).as_deref(),
            Some("Serviço já habilitado este mês")
        );
        assert_eq!(reason(br#"{"motivo": "  "}"#), None);
        assert_eq!(reason(b"<html>erro</html>"), None);
        let long = format!(r#"{{"obs": "{}"}}"#, "a".repeat(500));
        let capped = reason(long.as_bytes()).unwrap();
        assert_eq!(capped.chars().count(), MAX_REASON + 1);
        assert!(capped.ends_with('…'));
    }
}
