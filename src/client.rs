//! The only code that knows the gateway's URLs and headers: one typed function per
//! endpoint, JSON in and out of `/api/v1`, the CSRF token on writes, one error type with the
//! message to show, and the one place an ended session is noticed.

use std::cell::{Cell, RefCell};

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

use crate::json::JsJson;

type SignedOutHandler = Box<dyn Fn(String)>;

thread_local! {
    static CSRF: RefCell<String> = const { RefCell::new(String::new()) };
    static OFFSTAGE: Cell<bool> = const { Cell::new(false) };
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

/// Runs `f` with every request it starts refused before it leaves (each ends as
/// [`ClientError::Unreadable`]): for a view rendered off the page, whose calls must neither
/// reach the gateway nor end the session.
pub fn offstage<R>(f: impl FnOnce() -> R) -> R {
    OFFSTAGE.set(true);
    let out = f();
    OFFSTAGE.set(false);
    out
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

type Built = Result<gloo_net::http::Request, gloo_net::Error>;

/// `request`, or its refusal while [`offstage`]: checked as the request is built, since it
/// is sent later, from the future.
fn gate(request: Built) -> Built {
    if OFFSTAGE.get() {
        return Err(gloo_net::Error::GlooError("offstage".into()));
    }
    request
}

fn run<T: DeserializeOwned>(request: Built) -> impl Future<Output = Result<T, ClientError>> {
    let request = gate(request);
    async move {
        let body = exchange(request).await?;
        crate::json::decode(body.as_deref().unwrap_or("null")).ok_or(ClientError::Unreadable)
    }
}

/// Sends `request`: the body of a successful answer (`None` for 204), or its error. Apart
/// from the decoding, so that the bundle holds this once rather than once per answer type.
async fn exchange(request: Built) -> Result<Option<String>, ClientError> {
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
    let error = match body.and_then(|b| crate::json::decode::<ErrorBody>(&b)) {
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

// `get` and `send` build the request at once and hand back `run`'s future, rather than
// wrapping it in one more future per answer type.
fn get<T: DeserializeOwned>(path: &str) -> impl Future<Output = Result<T, ClientError>> + use<T> {
    run(builder(Method::GET, path).build())
}

fn send<B: Serialize, T: DeserializeOwned>(
    method: Method,
    path: &str,
    body: &B,
) -> impl Future<Output = Result<T, ClientError>> + use<B, T> {
    run(match crate::json::encode_js(body) {
        Some(text) => builder(method, path)
            .header("Content-Type", "application/json")
            .body(text),
        None => Err(gloo_net::Error::GlooError("unencodable".into())),
    })
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

/// The body `{}` of a POST that carries nothing.
#[derive(Serialize)]
struct Empty {}

/// `GET /config`.
pub fn config() -> impl Future<Output = Answer<PublicConfig>> + use<> {
    get("/config")
}

/// `GET /sessao`: the session of this browser's cookie, if it has one.
pub fn session() -> impl Future<Output = Answer<Option<Session>>> + use<> {
    get("/sessao")
}

/// `POST /sessao`: sign in with the document and a factor.
pub fn sign_in(body: &SignIn) -> impl Future<Output = Answer<Session>> + use<> {
    send(Method::POST, "/sessao", body)
}

/// `DELETE /sessao`.
pub async fn sign_out() -> Answer<()> {
    delete("/sessao").await
}

/// `GET /chamados/meus`: the tickets the portal opened, newest first.
pub fn my_tickets() -> impl Future<Output = Answer<Vec<TicketSummary>>> + use<> {
    get("/chamados/meus")
}

/// `GET /privacidade`: everything the portal holds of this customer.
pub fn portal_data() -> impl Future<Output = Answer<PortalData>> + use<> {
    get("/privacidade")
}

/// `DELETE /privacidade`: erases it, signing every device out.
pub async fn erase_portal_data() -> Answer<PortalDataErased> {
    run(builder(Method::DELETE, "/privacidade").build()).await
}

/// `GET /acessos`: this customer's open sessions, most recently used first.
pub fn accesses() -> impl Future<Output = Answer<Vec<Access>>> + use<> {
    get("/acessos")
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
pub fn passkey_sign_in_start(
    body: &PasskeyStart,
) -> impl Future<Output = Answer<PasskeyChallenge<JsJson>>> + use<> {
    send(Method::POST, "/sessao/chave/inicio", body)
}

/// `POST /sessao/chave`.
pub fn passkey_sign_in(
    body: &PasskeySignIn<JsJson>,
) -> impl Future<Output = Answer<Session>> + use<> {
    send(Method::POST, "/sessao/chave", body)
}

/// `GET /contatos`.
pub fn contacts() -> impl Future<Output = Answer<ContactsState>> + use<> {
    get("/contatos")
}

/// `POST /contatos/envio`.
pub fn contact_send(body: &NewContact) -> impl Future<Output = Answer<CodeSent>> + use<> {
    send(Method::POST, "/contatos/envio", body)
}

/// `POST /contatos`.
pub fn contact_confirm(body: &ContactCode) -> impl Future<Output = Answer<ContactsState>> + use<> {
    send(Method::POST, "/contatos", body)
}

/// `POST /contatos/confirmacao`.
pub fn proof_send(body: &ProofRequest) -> impl Future<Output = Answer<CodeSent>> + use<> {
    send(Method::POST, "/contatos/confirmacao", body)
}

/// `POST /contatos/confirmacao/codigo`.
pub async fn proof_check(body: &ProofCode) -> Answer<()> {
    send::<_, Option<()>>(Method::POST, "/contatos/confirmacao/codigo", body)
        .await
        .map(|_| ())
}

/// `GET /chaves`.
pub fn passkeys() -> impl Future<Output = Answer<Vec<PasskeySummary>>> + use<> {
    get("/chaves")
}

/// `POST /chaves/inicio`.
pub async fn passkey_start() -> Answer<PasskeyChallenge<JsJson>> {
    send(Method::POST, "/chaves/inicio", &Empty {}).await
}

/// `POST /chaves`.
pub fn passkey_register(
    body: &PasskeyAnswer<JsJson>,
) -> impl Future<Output = Answer<Vec<PasskeySummary>>> + use<> {
    send(Method::POST, "/chaves", body)
}

/// `POST /chaves/confirmacao`.
pub async fn passkey_prove(body: &PasskeyAnswer<JsJson>) -> Answer<()> {
    send::<_, Option<()>>(Method::POST, "/chaves/confirmacao", body)
        .await
        .map(|_| ())
}

/// `DELETE /chaves/{id}`.
pub async fn passkey_remove(id: &str) -> Answer<()> {
    delete(&format!("/chaves/{}", segment(id))).await
}

/// `POST /sessao/codigo/destinos`: what the second sign-in screen asks for.
pub fn code_start(body: &CodeStart) -> impl Future<Output = Answer<SignInStep>> + use<> {
    send(Method::POST, "/sessao/codigo/destinos", body)
}

/// `POST /sessao/codigo/envio`: send a code.
pub fn code_send(body: &CodeRequest) -> impl Future<Output = Answer<CodeSent>> + use<> {
    send(Method::POST, "/sessao/codigo/envio", body)
}

/// `POST /sessao/codigo`: sign in with the code received.
pub fn code_sign_in(body: &CodeSignIn) -> impl Future<Output = Answer<Session>> + use<> {
    send(Method::POST, "/sessao/codigo", body)
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
pub fn statement() -> impl Future<Output = Answer<Vec<StatementEntry>>> + use<> {
    get("/extrato")
}

/// `GET /notas-fiscais`.
pub fn notas() -> impl Future<Output = Answer<Vec<NotaFiscal>>> + use<> {
    get("/notas-fiscais")
}

/// Where a nota fiscal's PDF downloads from.
pub fn nota_pdf_url(id: &str) -> String {
    format!("{API_PREFIX}/notas-fiscais/{}/nota.pdf", segment(id))
}

/// `GET /quitacoes`.
pub fn quitacoes() -> impl Future<Output = Answer<Vec<Quitacao>>> + use<> {
    get("/quitacoes")
}

/// Where a quitação declaration downloads from.
pub fn quitacao_pdf_url(id: &str) -> String {
    format!("{API_PREFIX}/quitacoes/{}/declaracao.pdf", segment(id))
}

/// `GET /servicos`.
pub fn services() -> impl Future<Output = Answer<Vec<Service>>> + use<> {
    get("/servicos")
}

/// `GET /servicos/{id}/habilitacao`.
pub async fn unlock_info(service: &str) -> Answer<UnlockInfo> {
    get(&format!("/servicos/{}/habilitacao", segment(service))).await
}

/// `POST /servicos/{id}/habilitacao`.
pub async fn unlock(service: &str) -> Answer<UnlockResult> {
    let path = format!("/servicos/{}/habilitacao", segment(service));
    send(Method::POST, &path, &Empty {}).await
}

/// `GET /chamados/opcoes`.
pub fn ticket_options() -> impl Future<Output = Answer<TicketOptions>> + use<> {
    get("/chamados/opcoes")
}

/// `POST /chamados`.
pub fn create_ticket(body: &NewTicket) -> impl Future<Output = Answer<TicketCreated>> + use<> {
    send(Method::POST, "/chamados", body)
}

/// `GET /perfil`.
pub fn profile() -> impl Future<Output = Answer<Profile>> + use<> {
    get("/perfil")
}

/// `PUT /perfil`.
pub fn update_profile(body: &Profile) -> impl Future<Output = Answer<Profile>> + use<> {
    send(Method::PUT, "/perfil", body)
}

/// `GET /cadastro/planos`.
pub fn plans() -> impl Future<Output = Answer<Vec<Plan>>> + use<> {
    get("/cadastro/planos")
}

/// `GET /cadastro/cidades`.
pub fn cities() -> impl Future<Output = Answer<Vec<Choice>>> + use<> {
    get("/cadastro/cidades")
}

/// `GET /cadastro/vencimentos`.
pub fn due_days() -> impl Future<Output = Answer<Vec<Choice>>> + use<> {
    get("/cadastro/vencimentos")
}

/// `GET /cadastro/origens`.
pub fn origins() -> impl Future<Output = Answer<Vec<Choice>>> + use<> {
    get("/cadastro/origens")
}

/// `GET /cadastro/revendedores`.
pub fn resellers() -> impl Future<Output = Answer<Vec<Choice>>> + use<> {
    get("/cadastro/revendedores")
}

/// `POST /cadastro/prospectos`.
pub fn create_prospect(
    body: &NewProspect,
) -> impl Future<Output = Answer<ProspectCreated>> + use<> {
    send(Method::POST, "/cadastro/prospectos", body)
}

/// `POST /cadastro/leads`.
pub fn create_lead(body: &NewLead) -> impl Future<Output = Answer<Choice>> + use<> {
    send(Method::POST, "/cadastro/leads", body)
}

/// `GET /cadastro/acompanhamento/{token}`.
pub async fn prospect_status(token: &str) -> Answer<ProspectStatus> {
    get(&format!("/cadastro/acompanhamento/{}", segment(token))).await
}
