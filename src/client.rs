//! The only code that knows the gateway's URLs and headers: one typed function per
//! endpoint, JSON in and out of `/api/v1`, the CSRF token on writes, one error type with the
//! message to show, and the one place an ended session is noticed.

use std::cell::RefCell;

use api::{
    API_PREFIX, Access, Choice, CodeRequest, CodeSent, CodeSignIn, CodeStart, ContactCode,
    ContactsState, ErrorBody, Invoice, InvoiceDetail, NewContact, NewLead, NewProspect, NewTicket,
    NotaFiscal, PasskeyAnswer, PasskeyChallenge, PasskeySignIn, PasskeyStart, PasskeySummary, Plan,
    PortalData, PortalDataErased, Profile, ProofCode, ProofRequest, ProspectCreated,
    ProspectStatus, PublicConfig, Quitacao, Service, Session, SignIn, SignInStep, StatementEntry,
    TicketCreated, TicketOptions, TicketSummary, UnlockInfo, UnlockResult,
};
use gloo_net::http::{Method, RequestBuilder};
use serde::Serialize;
use serde::de::DeserializeOwned;

type SignedOutHandler = Box<dyn Fn(String)>;

thread_local! {
    static CSRF: RefCell<String> = const { RefCell::new(String::new()) };
    static ON_SIGNED_OUT: RefCell<Option<SignedOutHandler>> = const { RefCell::new(None) };
}

/// What to do when the gateway says the session ended (set once by the app): every call
/// reports it here, so no page has to.
pub fn on_signed_out(handler: impl Fn(String) + 'static) {
    ON_SIGNED_OUT.with(|h| *h.borrow_mut() = Some(Box::new(handler)));
}

/// Remembers the session's CSRF token for the writes that follow.
pub fn set_csrf(token: &str) {
    CSRF.with(|c| *c.borrow_mut() = token.to_string());
}

/// Why a call to the gateway gave nothing usable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClientError {
    /// The gateway answered with an error and its pt-BR message.
    Api { status: u16, body: ErrorBody },
    /// No answer: offline or the gateway is down.
    Network,
    /// An answer we cannot read.
    Unreadable,
}

impl ClientError {
    /// The sentence the subscriber sees.
    pub fn message(&self) -> String {
        match self {
            Self::Api { body, .. } => body.message.clone(),
            Self::Network => {
                "Sem conexão com o portal. Verifique sua internet e tente de novo.".into()
            }
            Self::Unreadable => {
                "O portal respondeu algo inesperado. Tente de novo em instantes.".into()
            }
        }
    }

    /// Whether the session ended (the page should go back to sign-in).
    pub fn is_signed_out(&self) -> bool {
        matches!(self, Self::Api { status: 401, body } if body.code == "sessao_expirada")
    }
}

async fn run<T: DeserializeOwned>(
    request: Result<gloo_net::http::Request, gloo_net::Error>,
) -> Result<T, ClientError> {
    let body = exchange(request).await?;
    serde_json::from_str(body.as_deref().unwrap_or("null")).map_err(|_| ClientError::Unreadable)
}

/// Sends `request`: the body of a successful answer (`None` for 204), or its error. Apart
/// from the decoding, so that the bundle holds this once rather than once per answer type.
async fn exchange(
    request: Result<gloo_net::http::Request, gloo_net::Error>,
) -> Result<Option<String>, ClientError> {
    let response = request
        .map_err(|_| ClientError::Unreadable)?
        .send()
        .await
        .map_err(|_| ClientError::Network)?;
    let status = response.status();
    if (200..300).contains(&status) {
        if status == 204 {
            return Ok(None);
        }
        return response
            .text()
            .await
            .map(Some)
            .map_err(|_| ClientError::Unreadable);
    }
    let body = response.text().await.ok();
    let error = match body.and_then(|b| serde_json::from_str::<ErrorBody>(&b).ok()) {
        Some(body) => ClientError::Api { status, body },
        None => ClientError::Unreadable,
    };
    if error.is_signed_out() {
        let message = error.message();
        ON_SIGNED_OUT.with(|h| {
            if let Some(handler) = h.borrow().as_ref() {
                handler(message);
            }
        });
    }
    Err(error)
}

fn builder(method: Method, path: &str) -> RequestBuilder {
    let url = format!("{API_PREFIX}{path}");
    let builder = RequestBuilder::new(&url).method(method.clone());
    if method == Method::GET {
        builder
    } else {
        CSRF.with(|c| builder.header("X-CSRF-Token", &c.borrow()))
    }
}

async fn get<T: DeserializeOwned>(path: &str) -> Result<T, ClientError> {
    run(builder(Method::GET, path).build()).await
}

async fn send<B: Serialize, T: DeserializeOwned>(
    method: Method,
    path: &str,
    body: &B,
) -> Result<T, ClientError> {
    run(builder(method, path).json(body)).await
}

async fn delete(path: &str) -> Result<(), ClientError> {
    run::<Option<()>>(builder(Method::DELETE, path).build())
        .await
        .map(|_| ())
}

/// Only letters, digits and `-_.` of an id from a URL or the ERP, so it stays one path
/// segment.
fn segment(id: &str) -> String {
    id.chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        .collect()
}

type Answer<T> = Result<T, ClientError>;

/// `GET /config`.
pub async fn config() -> Answer<PublicConfig> {
    get("/config").await
}

/// `GET /sessao`: the session of this browser's cookie, if it has one.
pub async fn session() -> Answer<Option<Session>> {
    get("/sessao").await
}

/// `POST /sessao`: sign in with the document and a factor.
pub async fn sign_in(body: &SignIn) -> Answer<Session> {
    send(Method::POST, "/sessao", body).await
}

/// `DELETE /sessao`.
pub async fn sign_out() -> Answer<()> {
    delete("/sessao").await
}

/// `GET /chamados/meus`: the tickets the portal opened, newest first.
pub async fn my_tickets() -> Answer<Vec<TicketSummary>> {
    get("/chamados/meus").await
}

/// `GET /privacidade`: everything the portal holds of this customer.
pub async fn portal_data() -> Answer<PortalData> {
    get("/privacidade").await
}

/// `DELETE /privacidade`: erases it, signing every device out.
pub async fn erase_portal_data() -> Answer<PortalDataErased> {
    run(builder(Method::DELETE, "/privacidade").build()).await
}

/// `GET /acessos`: this customer's open sessions, most recently used first.
pub async fn accesses() -> Answer<Vec<Access>> {
    get("/acessos").await
}

/// `DELETE /acessos/{id}`: ends one of the customer's other sessions.
pub async fn end_access(id: &str) -> Answer<()> {
    delete(&format!("/acessos/{}", segment(id))).await
}

/// `DELETE /acessos`: ends every session but this one; how many ended.
pub async fn end_other_accesses() -> Answer<u64> {
    run(builder(Method::DELETE, "/acessos").build()).await
}

/// `POST /sessao/chave/inicio`.
pub async fn passkey_sign_in_start(body: &PasskeyStart) -> Answer<PasskeyChallenge> {
    send(Method::POST, "/sessao/chave/inicio", body).await
}

/// `POST /sessao/chave`.
pub async fn passkey_sign_in(body: &PasskeySignIn) -> Answer<Session> {
    send(Method::POST, "/sessao/chave", body).await
}

/// `GET /contatos`.
pub async fn contacts() -> Answer<ContactsState> {
    get("/contatos").await
}

/// `POST /contatos/envio`.
pub async fn contact_send(body: &NewContact) -> Answer<CodeSent> {
    send(Method::POST, "/contatos/envio", body).await
}

/// `POST /contatos`.
pub async fn contact_confirm(body: &ContactCode) -> Answer<ContactsState> {
    send(Method::POST, "/contatos", body).await
}

/// `POST /contatos/confirmacao`.
pub async fn proof_send(body: &ProofRequest) -> Answer<CodeSent> {
    send(Method::POST, "/contatos/confirmacao", body).await
}

/// `POST /contatos/confirmacao/codigo`.
pub async fn proof_check(body: &ProofCode) -> Answer<()> {
    send::<_, Option<()>>(Method::POST, "/contatos/confirmacao/codigo", body)
        .await
        .map(|_| ())
}

/// `GET /chaves`.
pub async fn passkeys() -> Answer<Vec<PasskeySummary>> {
    get("/chaves").await
}

/// `POST /chaves/inicio`.
pub async fn passkey_start() -> Answer<PasskeyChallenge> {
    send(Method::POST, "/chaves/inicio", &serde_json::json!({})).await
}

/// `POST /chaves`.
pub async fn passkey_register(body: &PasskeyAnswer) -> Answer<Vec<PasskeySummary>> {
    send(Method::POST, "/chaves", body).await
}

/// `POST /chaves/confirmacao`.
pub async fn passkey_prove(body: &PasskeyAnswer) -> Answer<()> {
    send::<_, Option<()>>(Method::POST, "/chaves/confirmacao", body)
        .await
        .map(|_| ())
}

/// `DELETE /chaves/{id}`.
pub async fn passkey_remove(id: &str) -> Answer<()> {
    delete(&format!("/chaves/{}", segment(id))).await
}

/// `POST /sessao/codigo/destinos`: what the second sign-in screen asks for.
pub async fn code_start(body: &CodeStart) -> Answer<SignInStep> {
    send(Method::POST, "/sessao/codigo/destinos", body).await
}

/// `POST /sessao/codigo/envio`: send a code.
pub async fn code_send(body: &CodeRequest) -> Answer<CodeSent> {
    send(Method::POST, "/sessao/codigo/envio", body).await
}

/// `POST /sessao/codigo`: sign in with the code received.
pub async fn code_sign_in(body: &CodeSignIn) -> Answer<Session> {
    send(Method::POST, "/sessao/codigo", body).await
}

/// `GET /faturas[?contrato=…]`.
pub async fn invoices(contract: Option<&str>) -> Answer<Vec<Invoice>> {
    match contract {
        Some(c) => get(&format!("/faturas?contrato={}", segment(c))).await,
        None => get("/faturas").await,
    }
}

/// `GET /faturas/{id}`.
pub async fn invoice(id: &str) -> Answer<InvoiceDetail> {
    get(&format!("/faturas/{}", segment(id))).await
}

/// Where the boleto PDF of an invoice downloads from.
pub fn boleto_pdf_url(id: &str) -> String {
    format!("{API_PREFIX}/faturas/{}/boleto.pdf", segment(id))
}

/// `GET /extrato`.
pub async fn statement() -> Answer<Vec<StatementEntry>> {
    get("/extrato").await
}

/// `GET /notas-fiscais`.
pub async fn notas() -> Answer<Vec<NotaFiscal>> {
    get("/notas-fiscais").await
}

/// Where a nota fiscal's PDF downloads from.
pub fn nota_pdf_url(id: &str) -> String {
    format!("{API_PREFIX}/notas-fiscais/{}/nota.pdf", segment(id))
}

/// `GET /quitacoes`.
pub async fn quitacoes() -> Answer<Vec<Quitacao>> {
    get("/quitacoes").await
}

/// Where a quitação declaration downloads from.
pub fn quitacao_pdf_url(id: &str) -> String {
    format!("{API_PREFIX}/quitacoes/{}/declaracao.pdf", segment(id))
}

/// `GET /servicos`.
pub async fn services() -> Answer<Vec<Service>> {
    get("/servicos").await
}

/// `GET /servicos/{id}/habilitacao`.
pub async fn unlock_info(service: &str) -> Answer<UnlockInfo> {
    get(&format!("/servicos/{}/habilitacao", segment(service))).await
}

/// `POST /servicos/{id}/habilitacao`.
pub async fn unlock(service: &str) -> Answer<UnlockResult> {
    let path = format!("/servicos/{}/habilitacao", segment(service));
    send(Method::POST, &path, &serde_json::json!({})).await
}

/// `GET /chamados/opcoes`.
pub async fn ticket_options() -> Answer<TicketOptions> {
    get("/chamados/opcoes").await
}

/// `POST /chamados`.
pub async fn create_ticket(body: &NewTicket) -> Answer<TicketCreated> {
    send(Method::POST, "/chamados", body).await
}

/// `GET /perfil`.
pub async fn profile() -> Answer<Profile> {
    get("/perfil").await
}

/// `PUT /perfil`.
pub async fn update_profile(body: &Profile) -> Answer<Profile> {
    send(Method::PUT, "/perfil", body).await
}

/// `GET /cadastro/planos`.
pub async fn plans() -> Answer<Vec<Plan>> {
    get("/cadastro/planos").await
}

/// `GET /cadastro/cidades`.
pub async fn cities() -> Answer<Vec<Choice>> {
    get("/cadastro/cidades").await
}

/// `GET /cadastro/vencimentos`.
pub async fn due_days() -> Answer<Vec<Choice>> {
    get("/cadastro/vencimentos").await
}

/// `GET /cadastro/origens`.
pub async fn origins() -> Answer<Vec<Choice>> {
    get("/cadastro/origens").await
}

/// `GET /cadastro/revendedores`.
pub async fn resellers() -> Answer<Vec<Choice>> {
    get("/cadastro/revendedores").await
}

/// `POST /cadastro/prospectos`.
pub async fn create_prospect(body: &NewProspect) -> Answer<ProspectCreated> {
    send(Method::POST, "/cadastro/prospectos", body).await
}

/// `POST /cadastro/leads`.
pub async fn create_lead(body: &NewLead) -> Answer<Choice> {
    send(Method::POST, "/cadastro/leads", body).await
}

/// `GET /cadastro/acompanhamento/{token}`.
pub async fn prospect_status(token: &str) -> Answer<ProspectStatus> {
    get(&format!("/cadastro/acompanhamento/{}", segment(token))).await
}
