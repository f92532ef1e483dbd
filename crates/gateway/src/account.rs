//! The signed-in customer's actions: habilitação provisória, support tickets with
//! attachments, and contact data. Every id from the browser is checked against the
//! customer's own lists first.

use axum::{
    Json,
    extract::{Path, State},
    response::Response,
};
use erp::Parsed;
use erp::types::{CustomerUpdate, NewTicket, TicketAttachment, UnlockRequest};

use crate::app::{Shared, SignedIn, opt, with_refresh};
use crate::error::ApiError;
use crate::uploads;

async fn own_service(
    state: &Shared,
    who: &SignedIn,
    id: &str,
) -> Result<erp::types::Service, ApiError> {
    state
        .erp
        .services(&who.document, &who.session.customer_id)
        .await?
        .into_iter()
        .find(|s| s.id.text() == id)
        .ok_or(ApiError::NotFound)
}

pub async fn unlock_info(
    State(state): State<Shared>,
    who: SignedIn,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    if !state.config.features.unlock {
        return Err(ApiError::NotFound);
    }
    let service = own_service(&state, &who, &id).await?;
    let suspended = state.config.is_suspended(service.status.text());
    // ERPs that do not say whether a service is eligible let the customer ask; the ERP's
    // answer then decides.
    let eligible = suspended && service.unlock_eligible.ok().copied().unwrap_or(true);
    let info = api::UnlockInfo {
        service_id: id,
        status: opt(&service.status),
        suspended,
        eligible,
        days: service.unlock_days.ok().copied(),
        reason: opt(&service.unlock_reason),
    };
    Ok(with_refresh(&state, &who, Json(info)))
}

pub async fn unlock(
    State(state): State<Shared>,
    who: SignedIn,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    if !state.config.features.unlock {
        return Err(ApiError::NotFound);
    }
    let service = own_service(&state, &who, &id).await?;
    if !state.config.is_suspended(service.status.text()) {
        return Err(ApiError::Invalid("Este serviço não está suspenso.".into()));
    }
    let reply = state
        .erp
        .provisional_unlock(&UnlockRequest {
            customer_id: Parsed::Ok(who.session.customer_id.clone()),
            service_id: Parsed::Ok(id),
        })
        .await?;
    let unlocked =
        !reply.status.text().is_empty() && !state.config.is_suspended(reply.status.text());
    tracing::info!(document = %who.document.masked(), unlocked, "provisional unlock asked");
    let result = api::UnlockResult {
        unlocked,
        status: opt(&reply.status),
        until: reply.until.ok().map(ToString::to_string),
        message: opt(&reply.notes),
    };
    Ok(with_refresh(&state, &who, Json(result)))
}

fn choices<T>(
    items: &[T],
    f: impl Fn(&T) -> (&Parsed<String>, &Parsed<String>),
) -> Vec<api::Choice> {
    items
        .iter()
        .map(|i| {
            let (id, name) = f(i);
            api::Choice {
                id: id.text().to_string(),
                name: name.text().to_string(),
            }
        })
        .filter(|c| !c.id.is_empty())
        .collect()
}

async fn ticket_options_for(
    state: &Shared,
    who: &SignedIn,
) -> Result<api::TicketOptions, ApiError> {
    let types = state.erp.ticket_types().await?;
    let departments = state.erp.departments().await?;
    let services = state
        .erp
        .services(&who.document, &who.session.customer_id)
        .await?;
    Ok(api::TicketOptions {
        types: choices(&types, |t| (&t.id, &t.name)),
        departments: choices(&departments, |d| (&d.id, &d.name)),
        services: choices(&services, |s| (&s.id, &s.name)),
    })
}

pub async fn ticket_options(
    State(state): State<Shared>,
    who: SignedIn,
) -> Result<Response, ApiError> {
    if !state.config.features.tickets {
        return Err(ApiError::NotFound);
    }
    let options = ticket_options_for(&state, &who).await?;
    Ok(with_refresh(&state, &who, Json(options)))
}

/// Longest subject and message accepted.
const MAX_SUBJECT: usize = 120;
const MAX_MESSAGE: usize = 5_000;

pub async fn create_ticket(
    State(state): State<Shared>,
    who: SignedIn,
    Json(ticket): Json<api::NewTicket>,
) -> Result<Response, ApiError> {
    if !state.config.features.tickets {
        return Err(ApiError::NotFound);
    }
    let subject = ticket.subject.trim();
    let message = ticket.message.trim();
    if subject.is_empty() || message.is_empty() {
        return Err(ApiError::Invalid("Informe o assunto e a mensagem.".into()));
    }
    if subject.chars().count() > MAX_SUBJECT || message.chars().count() > MAX_MESSAGE {
        return Err(ApiError::Invalid(format!(
            "O assunto vai até {MAX_SUBJECT} caracteres e a mensagem até {MAX_MESSAGE}."
        )));
    }
    let checked = uploads::check(&ticket.attachments, &state.config.limits)?;
    let options = ticket_options_for(&state, &who).await?;
    let service_id = ticket.service_id.filter(|s| !s.is_empty());
    if let Some(id) = &service_id
        && !options.services.iter().any(|s| &s.id == id)
    {
        return Err(ApiError::NotFound);
    }
    if !options.types.iter().any(|t| t.id == ticket.type_id)
        || !options
            .departments
            .iter()
            .any(|d| d.id == ticket.department_id)
    {
        return Err(ApiError::Invalid(
            "Escolha o tipo e o departamento da lista.".into(),
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
            base64: Parsed::Ok(base64_of(&f.bytes)),
            notes: Parsed::Absent,
            name: Parsed::Ok(f.name.clone()),
        })
        .collect();
    let created = state
        .erp
        .create_ticket(&NewTicket {
            customer_id: Parsed::Ok(who.session.customer_id.clone()),
            service_id: service_id.into(),
            type_id: Parsed::Ok(ticket.type_id),
            department_id: Parsed::Ok(ticket.department_id),
            employee_id: Parsed::Absent,
            email: customer.email.clone(),
            phone: if customer.mobile.ok().is_some() {
                customer.mobile.clone()
            } else {
                customer.phone.clone()
            },
            subject: Parsed::Ok(subject.to_string()),
            message: Parsed::Ok(message.to_string()),
            attachments: Parsed::Ok(attachments),
        })
        .await?;
    let protocol = created.id.text().to_string();
    if protocol.is_empty() {
        return Err(ApiError::Erp(erp::ErpError::Malformed {
            reason: "o ERP não devolveu o número do atendimento".into(),
            excerpt: String::new(),
        }));
    }
    tracing::info!(document = %who.document.masked(), %protocol, files = checked.len(), "ticket opened");
    Ok(with_refresh(
        &state,
        &who,
        Json(api::TicketCreated {
            protocol,
            message: opt(&created.notes),
        }),
    ))
}

pub(crate) fn base64_of(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

pub async fn profile(State(state): State<Shared>, who: SignedIn) -> Result<Response, ApiError> {
    let c = state
        .erp
        .customer(&who.document)
        .await?
        .ok_or(ApiError::SignedOut)?;
    let digits = |p: &Parsed<String>| {
        p.ok()
            .map(|v| v.chars().filter(char::is_ascii_digit).collect::<String>())
            .filter(|v| !v.is_empty())
    };
    let profile = api::Profile {
        email: opt(&c.email),
        phone: digits(&c.phone),
        mobile: digits(&c.mobile),
        whatsapp: digits(&c.whatsapp),
    };
    Ok(with_refresh(&state, &who, Json(profile)))
}

pub async fn update_profile(
    State(state): State<Shared>,
    who: SignedIn,
    Json(p): Json<api::Profile>,
) -> Result<Response, ApiError> {
    let invalid = |e: brazil::ContactError| ApiError::Invalid(format!("Confira os dados: {e}."));
    let clean = |v: &Option<String>| {
        v.as_deref()
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_string)
    };
    let email = clean(&p.email)
        .map(|e| brazil::contact::email(&e))
        .transpose()
        .map_err(invalid)?;
    let phone = clean(&p.phone)
        .map(|v| brazil::contact::phone(&v))
        .transpose()
        .map_err(invalid)?;
    let mobile = clean(&p.mobile)
        .map(|v| brazil::contact::phone(&v))
        .transpose()
        .map_err(invalid)?;
    let whatsapp = clean(&p.whatsapp)
        .map(|v| brazil::contact::phone(&v))
        .transpose()
        .map_err(invalid)?;
    if email.is_none() && mobile.is_none() && whatsapp.is_none() && phone.is_none() {
        return Err(ApiError::Invalid("Informe ao menos um contato.".into()));
    }
    state
        .erp
        .update_customer(&CustomerUpdate {
            customer_id: Parsed::Ok(who.session.customer_id.clone()),
            email: email.clone().into(),
            phone: phone.clone().into(),
            mobile: mobile.clone().into(),
            whatsapp: whatsapp.clone().into(),
            ..CustomerUpdate::default()
        })
        .await?;
    tracing::info!(document = %who.document.masked(), "contact data updated");
    Ok(with_refresh(
        &state,
        &who,
        Json(api::Profile {
            email,
            phone,
            mobile,
            whatsapp,
        }),
    ))
}
