//! Sign-up without a session: the ERP's plans and lists, a prospect with its documents, a
//! lead when the address is not served, and the prospect's status behind a signed tracking
//! token. The form is checked with the rules the browser applied (`api::signup`); writes
//! are limited per client address.

use std::time::{Duration, Instant};

use api::{Choice, NewLead, NewProspect, Plan, ProspectCreated, ProspectStatus};
use axum::{
    Json,
    extract::{Path, State},
};
use erp::Parsed;
use erp::types::{FileUpload, ProspectAttachment, ProspectService};
use sha2::{Digest as _, Sha256};
use utoipa_axum::{router::OpenApiRouter, routes};

use crate::error::ApiError;
use crate::http::dto;
use crate::http::extract::ClientAddress;
use crate::http::respond::feature;
use crate::state::Shared;
use crate::uploads;
use store::Claim;

/// Sending a sign-up, which carries its documents (the router gives it room for them).
pub fn uploads() -> OpenApiRouter<Shared> {
    OpenApiRouter::new().routes(routes!(create_prospect))
}

/// The sign-up routes, open to anyone, but the one that carries files.
pub fn router() -> OpenApiRouter<Shared> {
    OpenApiRouter::new()
        .routes(routes!(plans))
        .routes(routes!(cities))
        .routes(routes!(due_days))
        .routes(routes!(origins))
        .routes(routes!(resellers))
        .routes(routes!(create_lead))
        .routes(routes!(prospect_status))
}

fn signup_on(state: &Shared) -> Result<(), ApiError> {
    feature(state.config.features.signup)
}

#[utoipa::path(get, path = "/cadastro/planos", tag = "cadastro", responses((status = 200, body = [Plan])))]
async fn plans(State(state): State<Shared>) -> Result<Json<Vec<Plan>>, ApiError> {
    signup_on(&state)?;
    let products = state.erp.products().await?;
    Ok(Json(
        products
            .iter()
            .filter(|p| !p.id.text().is_empty())
            .map(|p| Plan {
                id: p.id.text().to_string(),
                name: p.name.text().to_string(),
                description: p.description.ok().cloned(),
                price_cents: p.price.ok().map(|c| c.get()),
            })
            .collect(),
    ))
}

#[utoipa::path(get, path = "/cadastro/cidades", tag = "cadastro", responses((status = 200, body = [Choice])))]
async fn cities(State(state): State<Shared>) -> Result<Json<Vec<Choice>>, ApiError> {
    signup_on(&state)?;
    let list = state.erp.cities().await?;
    Ok(Json(dto::choices(&list, |c| (&c.id, &c.name))))
}

#[utoipa::path(get, path = "/cadastro/vencimentos", tag = "cadastro", responses((status = 200, body = [Choice])))]
async fn due_days(State(state): State<Shared>) -> Result<Json<Vec<Choice>>, ApiError> {
    signup_on(&state)?;
    let list = state.erp.due_days().await?;
    Ok(Json(dto::choices(&list, |d| (&d.id, &d.label))))
}

#[utoipa::path(get, path = "/cadastro/origens", tag = "cadastro", responses((status = 200, body = [Choice])))]
async fn origins(State(state): State<Shared>) -> Result<Json<Vec<Choice>>, ApiError> {
    signup_on(&state)?;
    let list = state.erp.origins().await?;
    Ok(Json(dto::choices(&list, |o| (&o.id, &o.name))))
}

#[utoipa::path(get, path = "/cadastro/revendedores", tag = "cadastro", responses((status = 200, body = [Choice])))]
async fn resellers(State(state): State<Shared>) -> Result<Json<Vec<Choice>>, ApiError> {
    signup_on(&state)?;
    let list = state.erp.resellers().await?;
    Ok(Json(dto::choices(&list, |r| (&r.id, &r.name))))
}

/// Counts a sign-up write of this client, refusing past the limit.
async fn count_write(state: &Shared, address: &str) -> Result<(), ApiError> {
    let now = crate::session::now();
    if let Some(wait) = state.signup_writes.check(address, now).await? {
        return Err(ApiError::TooManyAttempts(wait));
    }
    state.signup_writes.fail(address, now).await?;
    Ok(())
}

fn opt(v: &Option<String>) -> Parsed<String> {
    api::signup::filled(v.as_deref()).into()
}

/// Creates the prospect once per idempotency key and form: a second submission of the same
/// form (a double tap, a retry after a lost answer, on this gateway or another) gets the
/// first one's answer. The key is bound to the form's own bytes, so the same key with
/// another form — a replay by someone else — is a new submission and never returns another
/// applicant's tracking link. The store holds the claim and the answer for a day.
#[utoipa::path(post, path = "/cadastro/prospectos", tag = "cadastro", request_body = NewProspect,
    responses((status = 200, body = ProspectCreated), (status = 413, body = api::ErrorBody), (status = 415, body = api::ErrorBody),
        (status = 422, body = api::ErrorBody), (status = 429, body = api::ErrorBody)))]
async fn create_prospect(
    State(state): State<Shared>,
    ClientAddress(address): ClientAddress,
    Json(p): Json<NewProspect>,
) -> Result<Json<ProspectCreated>, ApiError> {
    signup_on(&state)?;
    let Some(key) = p
        .idempotency_key
        .as_deref()
        .filter(|k| !k.is_empty() && k.len() <= 100)
    else {
        return create_prospect_now(&state, &address, p).await.map(Json);
    };
    let mut bound = Sha256::new();
    bound.update(key.as_bytes());
    bound.update(b":");
    bound.update(serde_json::to_vec(&p).unwrap_or_default());
    let bound = crate::keys::hex(&bound.finalize());
    // A submission under way elsewhere is waited for, as long as a request may last.
    let deadline = Instant::now() + Duration::from_secs(state.config.limits.request_timeout_s);
    loop {
        match state.store.claim(&bound, store::now()).await? {
            Claim::Won => break,
            Claim::Settled(answer) => {
                return serde_json::from_str(&answer)
                    .map(Json)
                    .map_err(|e| ApiError::Internal(format!("resposta guardada ilegível: {e}")));
            }
            Claim::Pending if Instant::now() < deadline => {
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            Claim::Pending => {
                return Err(ApiError::Invalid(
                    "Seu cadastro ainda está sendo enviado. Aguarde um instante e tente de novo."
                        .into(),
                ));
            }
        }
    }
    match create_prospect_now(&state, &address, p).await {
        Ok(created) => {
            let answer = serde_json::to_string(&created).unwrap_or_default();
            state.store.settle(&bound, &answer).await?;
            Ok(Json(created))
        }
        Err(e) => {
            // The next retry tries again rather than waiting on a creation that failed.
            if let Err(store_error) = state.store.release(&bound).await {
                tracing::warn!(error = %store_error, "idempotency claim not released");
            }
            Err(e)
        }
    }
}

async fn create_prospect_now(
    state: &Shared,
    address: &str,
    form: NewProspect,
) -> Result<ProspectCreated, ApiError> {
    // Counted before any ERP call or decoding, so a flood costs the ERP nothing.
    count_write(state, address).await?;
    let p =
        api::Prospect::try_from(&form).map_err(|problems| ApiError::Invalid(problems.join(" ")))?;
    let cities = state.erp.cities().await?;
    let city_choices = dto::choices(&cities, |c| (&c.id, &c.name));
    if !state
        .config
        .signup
        .serves(&p.installation.city, &city_choices)
    {
        return Err(ApiError::Invalid(format!(
            "Ainda não atendemos {}. Peça para ser avisado.",
            p.installation.city
        )));
    }
    let plans = state.erp.products().await?;
    if !plans.iter().any(|x| x.id.text() == form.plan_id) {
        return Err(ApiError::Invalid("Escolha um plano da lista.".into()));
    }
    let due_days = state.erp.due_days().await?;
    if !due_days.iter().any(|d| d.id.text() == form.due_day_id) {
        return Err(ApiError::Invalid(
            "Escolha o dia de vencimento da lista.".into(),
        ));
    }
    let checked = uploads::check(&form.documents, &state.config.limits.attachments())
        .inspect_err(|e| state.metrics.upload_refused(e))?;
    let (install, billing) = (&p.installation, &p.billing);
    let prospect = erp::types::NewProspect {
        name: Parsed::Ok(p.name.clone()),
        legal_name: p.legal_name.clone().into(),
        person_type: Parsed::Ok(if p.company() { "Jurídica" } else { "Física" }.into()),
        document: Parsed::Ok(p.document.as_str().to_string()),
        state_registration: opt(&form.state_registration),
        birth_date: p.birth_date.into(),
        reseller_id: opt(&form.reseller_id),
        origin_id: opt(&form.origin_id),
        due_day_id: Parsed::Ok(form.due_day_id.clone()),
        cep: Parsed::Ok(install.cep.clone()),
        install_street: Parsed::Ok(install.street.clone()),
        install_number: Parsed::Ok(install.number.clone()),
        install_district: Parsed::Ok(install.district.clone()),
        install_city: Parsed::Ok(install.city.clone()),
        install_complement: install.complement.clone().into(),
        install_reference: install.reference.clone().into(),
        install_state: Parsed::Ok(install.state.clone()),
        billing_street: Parsed::Ok(billing.street.clone()),
        billing_number: Parsed::Ok(billing.number.clone()),
        billing_district: Parsed::Ok(billing.district.clone()),
        billing_city: Parsed::Ok(billing.city.clone()),
        billing_complement: billing.complement.clone().into(),
        billing_reference: billing.reference.clone().into(),
        billing_state: Parsed::Ok(billing.state.clone()),
        latitude: opt(&form.latitude),
        longitude: opt(&form.longitude),
        phone: opt(&form.phone),
        mobile: Parsed::Ok(p.mobile.clone()),
        mobile_extra: p.whatsapp.clone().into(),
        email: Parsed::Ok(p.email.clone()),
        notes: Parsed::Ok(format!("Pedido pelo portal: plano {}", form.plan_id)),
        services: Parsed::Ok(vec![ProspectService {
            id: Parsed::Ok(form.plan_id.clone()),
        }]),
        attachments: Parsed::Ok(
            checked
                .iter()
                .map(|f| ProspectAttachment {
                    name: Parsed::Ok(f.stored_name.clone()),
                    format: Parsed::Ok(f.kind.extension().into()),
                    base64: Parsed::Ok(uploads::base64_of(&f.bytes)),
                })
                .collect(),
        ),
    };
    let created = state.erp.create_prospect(&prospect).await?;
    let id = created.id.text().to_string();
    if id.is_empty() {
        return Err(ApiError::Erp(erp::ErpError::Malformed {
            reason: "o ERP não devolveu o número do pedido".into(),
            bytes: 0,
        }));
    }
    // The same files also go through "envio de arquivos", for ERPs that ignore `anexos`.
    for f in &checked {
        let upload = FileUpload {
            prospect_id: Parsed::Ok(id.clone()),
            file_name: Parsed::Ok(f.stored_name.clone()),
            base64: Parsed::Ok(uploads::base64_of(&f.bytes)),
            notes: Parsed::Ok("Documento enviado no cadastro pelo portal".into()),
        };
        if let Err(e) = state.erp.upload_file(&upload).await {
            tracing::warn!(prospect = %id, error = %e, "file upload after prospect failed");
        }
    }
    tracing::info!(document = %p.document.for_log(), prospect = %id, files = checked.len(), "prospect created");
    Ok(ProspectCreated {
        tracking: state.sessions.sign(&id, crate::session::now()),
        id,
    })
}

#[utoipa::path(post, path = "/cadastro/leads", tag = "cadastro", request_body = NewLead,
    responses((status = 200, body = Choice), (status = 422, body = api::ErrorBody), (status = 429, body = api::ErrorBody)))]
async fn create_lead(
    State(state): State<Shared>,
    ClientAddress(address): ClientAddress,
    Json(l): Json<NewLead>,
) -> Result<Json<Choice>, ApiError> {
    signup_on(&state)?;
    let lead = api::Lead::try_from(&l).map_err(ApiError::Invalid)?;
    count_write(&state, &address).await?;
    let a = &l.address;
    let created = state
        .erp
        .create_lead(&erp::types::NewLead {
            name: Parsed::Ok(lead.name),
            document: lead.document.map(|d| d.as_str().to_string()).into(),
            email: lead.email.into(),
            phone: lead.phone.into(),
            street: Parsed::Ok(a.street.trim().into()),
            number: Parsed::Ok(a.number.trim().into()),
            district: Parsed::Ok(a.district.trim().into()),
            city: Parsed::Ok(a.city.trim().into()),
            state: Parsed::Ok(a.state.trim().into()),
            cep: Parsed::Ok(lead.cep),
            coverage: Parsed::Ok(serde_json::json!({"atendido": false})),
            reseller_id: opt(&l.reseller_id),
            ..erp::types::NewLead::default()
        })
        .await?;
    Ok(Json(Choice {
        id: created.id.text().to_string(),
        name: created.notes.text().to_string(),
    }))
}

#[utoipa::path(get, path = "/cadastro/acompanhamento/{token}", tag = "cadastro", params(("token" = String, Path, description = "The tracking token given at creation")),
    responses((status = 200, body = ProspectStatus), (status = 404, body = api::ErrorBody)))]
async fn prospect_status(
    State(state): State<Shared>,
    Path(token): Path<String>,
) -> Result<Json<ProspectStatus>, ApiError> {
    signup_on(&state)?;
    let id = state
        .sessions
        .unsign(&token, crate::session::now())
        .ok_or(ApiError::NotFound)?;
    let found = state
        .erp
        .prospect_status(&id)
        .await?
        .ok_or(ApiError::NotFound)?;
    // The status list names the code when the ERP answers with one.
    let statuses = state.erp.prospect_statuses().await.unwrap_or_default();
    let status = found.status.ok().map(|s| {
        statuses
            .iter()
            .find(|k| k.id.text() == s)
            .map_or_else(|| s.clone(), |k| k.name.text().to_string())
    });
    Ok(Json(ProspectStatus {
        id,
        status,
        reason: found.reason.ok().cloned(),
    }))
}
