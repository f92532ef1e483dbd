//! The OpenAPI 3.1 description of `/api/v1`, built from the `api` crate's types, served at
//! `/api/v1/openapi.json`. Each function below documents one route of `app::api_routes`.
#![allow(dead_code)]

use api::*;
use utoipa::OpenApi;

#[utoipa::path(get, path = "/api/v1/config", tag = "portal", responses((status = 200, body = PublicConfig)))]
fn config() {}

#[utoipa::path(get, path = "/api/v1/sessao", tag = "sessão", responses((status = 200, body = Session), (status = 401, body = ErrorBody)))]
fn session_get() {}

#[utoipa::path(post, path = "/api/v1/sessao", tag = "sessão", request_body = SignIn,
    responses((status = 200, body = Session, description = "Sets the session cookie"), (status = 401, body = ErrorBody), (status = 429, body = ErrorBody, description = "With Retry-After"), (status = 502, body = ErrorBody), (status = 504, body = ErrorBody)))]
fn session_post() {}

#[utoipa::path(post, path = "/api/v1/sessao/codigo/destinos", tag = "sessão", request_body = CodeStart,
    responses((status = 200, body = SignInStep, description = "The masked destinations (the same shape for unknown documents), or the factor to ask instead"), (status = 422, body = ErrorBody), (status = 429, body = ErrorBody)))]
fn code_start() {}

#[utoipa::path(post, path = "/api/v1/sessao/codigo/envio", tag = "sessão", request_body = CodeRequest,
    responses((status = 200, body = CodeSent), (status = 422, body = ErrorBody), (status = 429, body = ErrorBody, description = "Cool-down or send limit, with Retry-After"), (status = 502, body = ErrorBody, description = "Delivery failed")))]
fn code_send() {}

#[utoipa::path(post, path = "/api/v1/sessao/codigo", tag = "sessão", request_body = CodeSignIn,
    responses((status = 200, body = Session, description = "Sets the session cookie"), (status = 401, body = ErrorBody, description = "Wrong, expired or used code: one answer"), (status = 429, body = ErrorBody)))]
fn code_sign_in() {}

#[utoipa::path(delete, path = "/api/v1/sessao", tag = "sessão", responses((status = 204, description = "Cookie cleared"), (status = 403, body = ErrorBody)))]
fn session_delete() {}

#[utoipa::path(get, path = "/api/v1/contratos", tag = "conta", responses((status = 200, body = [Contract]), (status = 401, body = ErrorBody)))]
fn contracts() {}

#[utoipa::path(get, path = "/api/v1/faturas", tag = "faturas", params(("contrato" = Option<String>, Query, description = "One of the customer's contract ids")),
    responses((status = 200, body = [Invoice]), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
fn invoices() {}

#[utoipa::path(get, path = "/api/v1/faturas/{id}", tag = "faturas", params(("id" = String, Path)), responses((status = 200, body = InvoiceDetail), (status = 404, body = ErrorBody)))]
fn invoice() {}

#[utoipa::path(get, path = "/api/v1/faturas/{id}/boleto.pdf", tag = "faturas", params(("id" = String, Path)),
    responses((status = 200, content_type = "application/pdf", description = "The boleto"), (status = 404, body = ErrorBody)))]
fn invoice_pdf() {}

#[utoipa::path(get, path = "/api/v1/extrato", tag = "faturas", responses((status = 200, body = [StatementEntry])))]
fn statement() {}

#[utoipa::path(get, path = "/api/v1/notas-fiscais", tag = "documentos", responses((status = 200, body = [NotaFiscal])))]
fn notas() {}

#[utoipa::path(get, path = "/api/v1/notas-fiscais/{id}/nota.pdf", tag = "documentos", params(("id" = String, Path)),
    responses((status = 200, content_type = "application/pdf", description = "The nota fiscal"), (status = 404, body = ErrorBody)))]
fn nota_pdf() {}

#[utoipa::path(get, path = "/api/v1/quitacoes", tag = "documentos", responses((status = 200, body = [Quitacao])))]
fn quitacoes() {}

#[utoipa::path(get, path = "/api/v1/quitacoes/{id}/declaracao.pdf", tag = "documentos", params(("id" = String, Path)),
    responses((status = 200, content_type = "application/pdf", description = "The declaration"), (status = 404, body = ErrorBody)))]
fn quitacao_pdf() {}

#[utoipa::path(get, path = "/api/v1/servicos", tag = "conta", responses((status = 200, body = [Service])))]
fn services() {}

#[utoipa::path(get, path = "/api/v1/servicos/{id}/habilitacao", tag = "conta", params(("id" = String, Path)), responses((status = 200, body = UnlockInfo), (status = 404, body = ErrorBody)))]
fn unlock_info() {}

#[utoipa::path(post, path = "/api/v1/servicos/{id}/habilitacao", tag = "conta", params(("id" = String, Path), ("X-CSRF-Token" = String, Header)),
    responses((status = 200, body = UnlockResult), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
fn unlock() {}

#[utoipa::path(get, path = "/api/v1/chamados/opcoes", tag = "chamados", responses((status = 200, body = TicketOptions)))]
fn ticket_options() {}

#[utoipa::path(post, path = "/api/v1/chamados", tag = "chamados", request_body = NewTicket, params(("X-CSRF-Token" = String, Header)),
    responses((status = 200, body = TicketCreated), (status = 413, body = ErrorBody), (status = 415, body = ErrorBody), (status = 422, body = ErrorBody)))]
fn create_ticket() {}

#[utoipa::path(get, path = "/api/v1/perfil", tag = "conta", responses((status = 200, body = Profile)))]
fn profile() {}

#[utoipa::path(put, path = "/api/v1/perfil", tag = "conta", request_body = Profile, params(("X-CSRF-Token" = String, Header)),
    responses((status = 200, body = Profile), (status = 422, body = ErrorBody)))]
fn update_profile() {}

#[utoipa::path(get, path = "/api/v1/cadastro/planos", tag = "cadastro", responses((status = 200, body = [Plan])))]
fn plans() {}

#[utoipa::path(get, path = "/api/v1/cadastro/cidades", tag = "cadastro", responses((status = 200, body = [Choice])))]
fn cities() {}

#[utoipa::path(get, path = "/api/v1/cadastro/vencimentos", tag = "cadastro", responses((status = 200, body = [Choice])))]
fn due_days() {}

#[utoipa::path(get, path = "/api/v1/cadastro/origens", tag = "cadastro", responses((status = 200, body = [Choice])))]
fn origins() {}

#[utoipa::path(get, path = "/api/v1/cadastro/revendedores", tag = "cadastro", responses((status = 200, body = [Choice])))]
fn resellers() {}

#[utoipa::path(post, path = "/api/v1/cadastro/prospectos", tag = "cadastro", request_body = NewProspect,
    responses((status = 200, body = ProspectCreated), (status = 413, body = ErrorBody), (status = 415, body = ErrorBody), (status = 422, body = ErrorBody), (status = 429, body = ErrorBody)))]
fn create_prospect() {}

#[utoipa::path(post, path = "/api/v1/cadastro/leads", tag = "cadastro", request_body = NewLead,
    responses((status = 200, body = Choice), (status = 422, body = ErrorBody), (status = 429, body = ErrorBody)))]
fn create_lead() {}

#[utoipa::path(get, path = "/api/v1/cadastro/acompanhamento/{token}", tag = "cadastro", params(("token" = String, Path, description = "The tracking token given at creation")),
    responses((status = 200, body = ProspectStatus), (status = 404, body = ErrorBody)))]
fn prospect_status() {}

#[utoipa::path(get, path = "/api/v1/openapi.json", tag = "portal", responses((status = 200, description = "This document")))]
fn openapi_json() {}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Central — API do portal do assinante",
        description = "The gateway's API for the subscriber portal. Errors are `{code, message}` with a pt-BR message. Writes need the `X-CSRF-Token` header from the session, except sign-in and sign-up."
    ),
    paths(
        config,
        session_get,
        session_post,
        code_start,
        code_send,
        code_sign_in,
        session_delete,
        contracts,
        invoices,
        invoice,
        invoice_pdf,
        statement,
        notas,
        nota_pdf,
        quitacoes,
        quitacao_pdf,
        services,
        unlock_info,
        unlock,
        ticket_options,
        create_ticket,
        profile,
        update_profile,
        plans,
        cities,
        due_days,
        origins,
        resellers,
        create_prospect,
        create_lead,
        prospect_status,
        openapi_json
    )
)]
pub struct ApiDoc;

/// The document as JSON.
pub fn document() -> utoipa::openapi::OpenApi {
    ApiDoc::openapi()
}
