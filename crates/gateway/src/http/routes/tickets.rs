//! Support tickets: the ERP's lists to open one with, opening it with its attachments, and
//! "Meus chamados", the tickets the portal opened (kept in the store). The ticket is checked with the rules the browser applied (`api::ticket`), then its
//! service, type and department against the lists.

use api::{NewTicket, Ticket, TicketCreated, TicketOptions, TicketSummary};
use axum::{Json, extract::State, response::Response};
use erp::Parsed;
use erp::types::TicketAttachment;
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::error::ApiError;
use crate::http::dto;
use crate::http::extract::SignedIn;
use crate::http::respond::{feature, private};
use crate::state::Shared;
use crate::uploads;

/// A signed-in customer's ticket routes, but the one that carries files.
pub fn router() -> OpenApiRouter<Shared> {
    OpenApiRouter::new()
        .routes(routes!(options))
        .routes(routes!(list))
}

/// Opening a ticket, which carries its attachments (the router gives it room for them).
pub fn uploads() -> OpenApiRouter<Shared> {
    OpenApiRouter::new().routes(routes!(create))
}

async fn options_for(state: &Shared, who: &SignedIn) -> Result<TicketOptions, ApiError> {
    let types = state.erp.ticket_types().await?;
    let departments = state.erp.departments().await?;
    let services = state
        .erp
        .services(&who.document, &who.session.customer_id)
        .await?;
    let types = dto::choices(&types, |t| (&t.id, &t.name));
    let departments = dto::choices(&departments, |d| (&d.id, &d.name));
    // Only pairs the ERP's lists still hold: a stale line in the configuration falls back
    // to asking.
    let department_by_type = state
        .config
        .tickets
        .department_by_type
        .iter()
        .filter(|(t, d)| {
            types.iter().any(|c| &c.id == *t) && departments.iter().any(|c| &c.id == *d)
        })
        .map(|(t, d)| (t.clone(), d.clone()))
        .collect();
    Ok(TicketOptions {
        types,
        departments,
        services: dto::choices(&services, |s| (&s.id, &s.name)),
        department_by_type,
    })
}

#[utoipa::path(get, path = "/chamados/opcoes", tag = "chamados", responses((status = 200, body = TicketOptions)))]
async fn options(State(state): State<Shared>, who: SignedIn) -> Result<Response, ApiError> {
    feature(state.config.features.tickets)?;
    let options = options_for(&state, &who).await?;
    Ok(private(Json(options), None))
}

#[utoipa::path(get, path = "/chamados/meus", tag = "chamados",
    responses((status = 200, body = [TicketSummary], description = "The tickets the portal opened, newest first")))]
async fn list(State(state): State<Shared>, who: SignedIn) -> Result<Response, ApiError> {
    feature(state.config.features.tickets)?;
    let records = state.store.tickets_of(who.document.as_str()).await?;
    let tickets: Vec<TicketSummary> = records.into_iter().map(dto::ticket).collect();
    Ok(private(Json(tickets), None))
}

#[utoipa::path(post, path = "/chamados", tag = "chamados", request_body = NewTicket, params(("X-CSRF-Token" = String, Header)),
    responses((status = 200, body = TicketCreated), (status = 413, body = api::ErrorBody), (status = 415, body = api::ErrorBody), (status = 422, body = api::ErrorBody)))]
async fn create(
    State(state): State<Shared>,
    who: SignedIn,
    Json(ticket): Json<NewTicket>,
) -> Result<Response, ApiError> {
    feature(state.config.features.tickets)?;
    let options = options_for(&state, &who).await?;
    let ticket =
        Ticket::try_from(options.route(ticket)).map_err(|e| ApiError::Invalid(e.to_string()))?;
    let checked = uploads::check(&ticket.attachments, &state.config.limits.attachments())
        .inspect_err(|e| state.metrics.upload_refused(e))?;
    if let Some(id) = &ticket.service_id
        && !options.services.iter().any(|s| &s.id == id)
    {
        return Err(ApiError::NotFound);
    }
    let listed = |list: &[api::Choice], id: &str| list.iter().any(|c| c.id == id);
    if !listed(&options.types, &ticket.type_id)
        || !listed(&options.departments, &ticket.department_id)
    {
        return Err(ApiError::Invalid(
            "Escolha o tipo de atendimento e o setor da lista.".into(),
        ));
    }
    let customer = state
        .erp
        .customer(&who.document)
        .await?
        .ok_or(ApiError::SignedOut)?;
    let attachments = checked
        .iter()
        .map(|f| TicketAttachment {
            base64: Parsed::Ok(uploads::base64_of(&f.bytes)),
            notes: Parsed::Absent,
            name: Parsed::Ok(f.stored_name.clone()),
        })
        .collect();
    let (subject, type_id, service_id) = (
        ticket.subject.clone(),
        ticket.type_id.clone(),
        ticket.service_id.clone(),
    );
    let created = state
        .erp
        .create_ticket(&erp::types::NewTicket {
            customer_id: Parsed::Ok(who.session.customer_id.clone()),
            service_id: ticket.service_id.into(),
            type_id: Parsed::Ok(ticket.type_id),
            department_id: Parsed::Ok(ticket.department_id),
            employee_id: Parsed::Absent,
            email: customer.email.clone(),
            phone: if customer.mobile.ok().is_some() {
                customer.mobile.clone()
            } else {
                customer.phone.clone()
            },
            subject: Parsed::Ok(ticket.subject),
            message: Parsed::Ok(ticket.message),
            attachments: Parsed::Ok(attachments),
        })
        .await?;
    let protocol = created.id.text().to_string();
    if protocol.is_empty() {
        return Err(ApiError::Erp(erp::ErpError::Malformed {
            reason: "o ERP não devolveu o número do atendimento".into(),
            bytes: 0,
        }));
    }
    tracing::info!(document = %who.document.for_log(), %protocol, files = checked.len(), "ticket opened");
    // The ERP has the ticket: a store that fails here must not hide its protocol from the
    // subscriber, so the failure is logged and the answer goes out.
    let name = |list: &[api::Choice], id: &str| {
        list.iter()
            .find(|c| c.id == id)
            .map(|c| c.name.clone())
            .unwrap_or_default()
    };
    let record = store::TicketRecord {
        id: crate::session::random_token().unwrap_or_else(|_| protocol.clone()),
        customer: who.document.as_str().to_string(),
        protocol: protocol.clone(),
        created_at: store::now(),
        subject: subject.clone(),
        kind: name(&options.types, &type_id),
        service: service_id
            .as_deref()
            .map(|id| name(&options.services, id))
            .unwrap_or_default(),
        attachments: checked
            .iter()
            .map(|f| {
                (
                    f.name.clone(),
                    i64::try_from(f.bytes.len()).unwrap_or(i64::MAX),
                )
            })
            .collect(),
    };
    if let Err(e) = state.store.record_ticket(&record).await {
        tracing::error!(error = %e, %protocol, "ticket opened but not recorded for Meus chamados");
    }
    let reply = TicketCreated {
        protocol,
        message: dto::opt(&created.notes),
    };
    Ok(private(Json(reply), None))
}
